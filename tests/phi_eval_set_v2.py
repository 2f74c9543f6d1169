"""The SECOND held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 after the first held-out set (tests/phi_eval_set.py) had been run once and
its errors read, and before the changes that reading led to were made. Those changes make the
first set's later figures development figures; this set, written before them and run once
after them, gives the held-out figure for the scrubber as shipped. Its names, sentences and
identifier formats are its own (no name is shared with tests/phi_eval_set.py or
tests/phi_corpus.py); it is built like the first set (see there for what ``phi`` and ``keep``
hold).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable

from phi_eval_set import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, Note

__all__ = ["IDENTIFIER_KINDS", "KEEP_KINDS", "NAME_KINDS", "Note", "generate"]

FROZEN_ON = "2026-12-02"

# fmt: off
FIRST = [
    "Anthony", "Brenda", "Chiamaka", "Dariusz", "Elif", "Fernando", "Gwen", "Hoang", "Ifeoma",
    "Jamal", "Kateryna", "Lorenzo", "Marguerite", "Nadia", "Obinna", "Pooja", "Quentin",
    "Rasmus", "Saoirse", "Tomasz", "Ulrike", "Vikram", "Winifred", "Ximena", "Yaw", "Zeynep",
    "Abebe", "Bashir", "Consuelo", "Dong-hyun", "Eamon", "Florin", "Gulnara", "Hemi", "Ilse",
    "Jurgen", "Kalani", "Lwazi", "Mariam", "Nkechi", "Otto", "Parisa", "Raúl", "Sigrid",
    "Tanvir", "Uma", "Viktor", "Wilhelmina", "Yosef", "Zanele", "Brooke", "Sterling", "Misty",
    "Daisy", "Holly", "April", "Sage", "Rocky", "Buddy", "Earl", "Sonny", "Amber", "Harmony",
    "Patience", "Precious", "Constance", "Victor", "Dean", "Gay", "Lily",
]
LAST = [
    "Abernethy", "Balogun", "Cervantes", "Dlamini", "Eze", "Fairweather", "Gallagher",
    "Hakimi", "Ibarra", "Jablonski", "Kamau", "Lindgren", "Mbeki", "Nakashima", "Oyelowo",
    "Pacheco", "Quintero", "Rautio", "Sokolov", "Thorsen", "Uchenna", "Valdivia", "Wojcik",
    "Yeung", "Zielinski", "Achterberg", "Barzani", "Cunningham", "Dimitrov", "Eldridge",
    "Fonseca", "Grünberg", "Halloran", "Ishikawa", "Jovanović", "Kealoha", "Lachance",
    "Mukherjee", "Nwosu", "Ortega", "Pereira-Santos", "Quigley", "Rahimi", "Sandoval",
    "Tiwari", "Urquhart", "Vo", "Woo", "Yi", "Zhou", "Mac an tSaoi", "du Plessis", "von Braun",
    "O'Donoghue", "McGillicuddy", "Fairchild", "Bird", "Bush", "Cross", "Dove", "Gold", "Good",
    "Lane", "Law", "Mann", "Hart", "Heart", "Salt", "Snow", "Spring", "Street", "Waters",
    "Wood", "Coward", "Paris", "London", "Holland", "English", "French",
]
INITIALS = [f"{c}." for c in "ABDEGHJKLMNRSTVW"]

EPONYMS = [
    "Parkinson's disease", "Crohn's", "Cushing's", "Hodgkin", "Alzheimer's", "Graves' disease",
    "Bell's palsy", "Down syndrome", "Apgar", "Glasgow coma scale", "Addison disease",
    "Hashimoto thyroiditis", "Horner syndrome", "Noonan syndrome", "Angelman syndrome",
    "Prader-Willi syndrome", "Duchenne muscular dystrophy", "Becker muscular dystrophy",
    "Friedreich ataxia", "Huntington disease", "Creutzfeldt-Jakob disease", "Lewy body dementia",
    "Pick disease", "Wernicke's aphasia", "Broca's aphasia", "Brown-Séquard syndrome",
    "Horner's syndrome", "Adie pupil", "Argyll Robertson pupil", "Marcus Gunn pupil",
    "Kayser-Fleischer rings", "Battle's sign", "raccoon eyes", "Beck's triad", "Cushing's triad",
    "Charcot's triad", "Reynolds' pentad", "Virchow's triad", "Courvoisier's sign",
    "Rovsing's sign", "Psoas sign", "Grey Turner's sign", "Murphy sign", "Homans sign",
    "Lhermitte's sign", "Hoffmann sign", "Gower's sign", "Tanner stage", "Ranson's criteria",
    "Light's criteria", "Centor criteria", "Wells criteria", "Geneva score", "Caprini score",
    "Framingham risk score", "Killip class", "TIMI score", "GRACE score", "Forrest classification",
    "Los Angeles classification", "Bethesda system", "Breslow depth", "Clark level",
    "Gleason grade", "Ann Arbor staging", "Dukes staging", "Mallampati class",
    "Cormack-Lehane grade", "Parkland formula", "Cockcroft-Gault equation", "Friedewald formula",
    "Henderson-Hasselbalch equation", "Starling forces", "Frank-Starling mechanism",
    "Bainbridge reflex", "Cushing reflex", "Moro reflex", "Babinski reflex", "Hering-Breuer reflex",
    "Heimlich maneuver", "Sellick maneuver", "Dix-Hallpike test", "Finkelstein test",
    "Thompson test", "Tinel sign", "Spurling test", "Patrick test", "Ortolani maneuver",
    "Barlow maneuver", "Pavlik harness", "Thomas splint", "Jackson-Pratt drain",
    "Penrose drain", "Hickman line", "Quinton catheter", "Tenckhoff catheter", "Ommaya reservoir",
    "Kirschner wire", "Steinmann pin", "Bovie", "Yankauer suction", "Macintosh blade",
    "Miller blade", "Roux-en-Y gastric bypass", "Billroth II", "Hartmann's procedure",
    "Kasai procedure", "Ross procedure", "Fontan circulation", "Blalock-Taussig shunt",
    "Glenn shunt", "Mohs surgery", "Lichtenstein repair", "Shouldice repair",
    "Ivor Lewis esophagectomy",
    "Pfannenstiel incision", "Kocher incision", "Langer lines", "Scarpa fascia", "Calot's triangle",
    "Hesselbach's triangle", "sphincter of Oddi", "ampulla of Vater", "Treitz ligament",
    "Morison's pouch", "pouch of Douglas", "Wharton's jelly", "Bartholin gland", "Skene glands",
    "Cowper glands", "Brunner glands", "Paneth cells", "Merkel cells", "Langerhans cells",
    "Schwann cells", "Sertoli cells", "Leydig cells", "Hassall corpuscles", "Meissner corpuscles",
    "Pacinian corpuscles", "Nissl bodies", "Mallory bodies", "Councilman bodies", "Lewy bodies",
    "Negri bodies", "Charcot-Leyden crystals", "Curschmann spirals", "Aschoff bodies",
]
DRUGS = [
    "valsartan", "losartan", "ramipril", "bisoprolol", "nebivolol", "chlorthalidone",
    "torsemide", "eplerenone", "sacubitril-valsartan", "ticagrelor", "prasugrel", "dabigatran",
    "edoxaban", "fondaparinux", "alteplase", "tranexamic acid", "rosuvastatin", "ezetimibe",
    "evolocumab", "liraglutide", "tirzepatide", "pioglitazone", "glimepiride", "insulin detemir",
    "insulin aspart", "canagliflozin", "linagliptin", "levothyroxine sodium", "methimazole",
    "propylthiouracil", "hydrocortisone", "dexamethasone", "budesonide", "mesalamine",
    "azathioprine", "ustekinumab", "vedolizumab", "etanercept", "tofacitinib", "rituximab",
    "pembrolizumab", "nivolumab", "trastuzumab", "tamoxifen", "letrozole", "anastrozole",
    "cisplatin", "carboplatin", "paclitaxel", "doxorubicin", "cyclophosphamide", "imatinib",
    "venlafaxine", "duloxetine", "mirtazapine", "trazodone", "aripiprazole", "risperidone",
    "lurasidone", "clonazepam", "diazepam", "zolpidem", "melatonin", "methylphenidate",
    "atomoxetine", "topiramate", "oxcarbazepine", "phenytoin", "lacosamide", "rasagiline",
    "ropinirole", "rivastigmine", "baclofen", "tizanidine", "cyclobenzaprine", "celecoxib",
    "naproxen", "ibuprofen", "acetaminophen", "ketorolac", "hydromorphone", "fentanyl",
    "methadone", "cefazolin", "cephalexin", "meropenem", "linezolid", "daptomycin",
    "clindamycin", "metronidazole", "trimethoprim-sulfamethoxazole", "levofloxacin",
    "fluconazole", "voriconazole", "valacyclovir", "remdesivir", "ivermectin",
]
BRANDS = [
    "Crestor", "Zetia", "Brilinta", "Pradaxa", "Trulicity", "Mounjaro", "Victoza", "Invokana",
    "Tradjenta", "Levemir", "NovoLog", "Tresiba", "Entyvio", "Stelara", "Remicade", "Enbrel",
    "Xeljanz", "Rituxan", "Opdivo", "Herceptin", "Arimidex", "Effexor", "Cymbalta", "Remeron",
    "Abilify", "Risperdal", "Latuda", "Klonopin", "Valium", "Ambien", "Ritalin", "Strattera",
    "Topamax", "Trileptal", "Dilantin", "Vimpat", "Azilect", "Requip", "Exelon", "Lioresal",
    "Flexeril", "Celebrex", "Aleve", "Advil", "Toradol", "Dilaudid", "Duragesic", "Keflex",
    "Merrem", "Zyvox", "Cleocin", "Flagyl", "Bactrim", "Levaquin", "Diflucan", "Valtrex",
]
DISEASES = [
    "hyperlipidemia", "coronary artery disease", "peripheral arterial disease",
    "aortic stenosis", "mitral regurgitation", "cardiac tamponade", "pericarditis",
    "endocarditis", "bronchiectasis", "pulmonary fibrosis", "sarcoidosis", "pleural effusion",
    "pneumothorax", "nephrolithiasis", "pyelonephritis", "glomerulonephritis",
    "nephrotic syndrome", "polycystic kidney disease", "hepatic encephalopathy",
    "esophageal varices", "peptic ulcer disease", "celiac disease", "irritable bowel syndrome",
    "small bowel obstruction", "hyperthyroidism", "adrenal insufficiency", "diabetic ketoacidosis",
    "hyperosmolar hyperglycemic state", "hyponatremia", "hyperkalemia", "iron deficiency anemia",
    "thrombocytopenia", "neutropenic fever", "multiple myeloma", "acute myeloid leukemia",
    "colorectal cancer", "pancreatic adenocarcinoma", "glioblastoma", "spinal stenosis",
    "carpal tunnel syndrome", "plantar fasciitis", "septic arthritis", "osteomyelitis",
    "herpes zoster", "Lyme carditis", "post-traumatic stress disorder", "anorexia nervosa",
    "alcohol use disorder", "opioid use disorder", "delirium", "narcolepsy", "restless legs",
    "trigeminal neuralgia", "myasthenia gravis", "amyotrophic lateral sclerosis", "glaucoma",
    "macular degeneration", "otitis media", "pharyngitis", "sinusitis", "ARDS", "DKA", "AKI",
]
SIGNS = [
    "diaphoresis", "pallor", "mottling", "petechiae", "purpura", "ecchymosis", "urticaria",
    "angioedema", "stridor", "rhonchi", "egophony", "dullness to percussion", "friction rub",
    "pulsus paradoxus", "an irregularly irregular rhythm", "a bruit", "asterixis", "ascites",
    "caput medusae", "spider angiomata", "palmar erythema", "costovertebral angle tenderness",
    "suprapubic tenderness", "a positive straight leg raise", "fasciculations", "spasticity",
    "dysmetria", "intention tremor", "a wide-based gait", "papilledema", "anisocoria",
    "proptosis", "lid lag", "goiter", "lymphadenopathy", "hepatosplenomegaly", "anasarca",
    "oliguria", "polyuria", "polydipsia",
]
SCALES = [
    "PHQ-2", "Columbia Suicide Severity Rating Scale", "CIWA-Ar", "COWS", "RASS", "CAM-ICU",
    "FOUR score", "mRS", "Berg balance scale", "Timed Up and Go", "FRAX", "Wexner score",
    "IPSS", "Oswestry Disability Index", "DAS28", "SLEDAI", "PASI", "SCORAD", "Bishop score",
    "STOP-BANG", "Wells score", "PERC rule", "HEART score", "Alvarado score",
]
ANATOMY = [
    "circumflex artery", "tricuspid valve", "interventricular septum", "inferior vena cava",
    "superior mesenteric artery", "portal vein", "hepatic flexure", "cecum", "appendix",
    "esophagogastric junction", "pylorus", "jejunum", "caudate nucleus", "thalamus",
    "internal capsule", "pons", "medulla", "frontal lobe", "occipital lobe", "corpus callosum",
    "brachial plexus", "median nerve", "ulnar nerve", "sciatic nerve", "patellar tendon",
    "glenoid labrum", "acetabulum", "scaphoid", "calcaneus", "talus", "left lower lobe",
    "lingula", "trachea", "carina", "epiglottis", "vocal cords", "parotid gland",
    "submandibular gland",
    "ureter", "urethra", "epididymis", "cervix", "endometrium", "right adnexa",
]
STREET_NAMES = [
    "Sycamore", "Hawthorne", "Bluebonnet", "Quail Run", "Foxglove", "Old Mill", "Lakeshore",
    "Timberline", "Prairie Rose", "Cobblestone",
]
STREET_TYPES = ["St", "Ave.", "Rd.", "Dr", "Ln", "Ct.", "Boulevard", "Terrace", "Circle", "Pkwy"]
CITIES = [
    ("Tulsa", "OK"), ("Reno", "NV"), ("Ann Arbor", "MI"), ("Macon", "GA"), ("Provo", "UT"),
    ("Billings", "MT"), ("Erie", "PA"), ("Fargo", "ND"), ("Tacoma", "WA"), ("Chattanooga", "TN"),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
DOMAINS = ["gmail.com", "yahoo.com", "hotmail.co.uk", "icloud.com", "protonmail.ch", "va.gov"]
# fmt: on


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.random()
    if form < 0.15:
        return f"{first} {rng.choice(INITIALS)} {last}"
    if form < 0.2:
        return f"{first} {rng.choice(LAST)}-{last}"
    return f"{first} {last}"


def _date(rng: random.Random) -> str:
    m, d, y = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1935, 2026)
    month = MONTHS[m - 1]
    return rng.choice(
        [
            f"{m}/{d}/{y % 100:02d}",
            f"{m:02d}/{d:02d}/{y}",
            f"{y}/{m:02d}/{d:02d}",
            f"{month} {d}th, {y}",
            f"{month[:3]} {d} {y}",
            f"the {d}th of {month}",
            f"{month} {d}",
            f"{d}-{month[:3]}-{y}",
        ]
    )


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randint(201, 989), rng.randint(200, 999), _digits(rng, 4)
    return rng.choice([f"({a}){b}-{c}", f"{a} {b} {c}", f"{a}/{b}-{c}", f"+1 ({a}) {b}-{c}"])


def _email(rng: random.Random) -> str:
    first = rng.choice(FIRST).lower().encode("ascii", "ignore").decode()
    last = rng.choice(LAST).lower().replace(" ", "").replace("'", "")
    last = last.encode("ascii", "ignore").decode()
    local = rng.choice([f"{first}{last}", f"{first}_{rng.randint(10, 99)}", f"{last}.{first[0]}"])
    return f"{local}@{rng.choice(DOMAINS)}"


def _address(rng: random.Random) -> str:
    number = rng.randint(3, 24000)
    return f"{number} {rng.choice(STREET_NAMES)} {rng.choice(STREET_TYPES)}"


SLOTS: dict[str, tuple[str, str, Callable[[random.Random], str]]] = {
    "first": ("NAME_FIRST", "phi", lambda r: r.choice(FIRST)),
    "last": ("NAME_LAST", "phi", lambda r: r.choice(LAST)),
    "full": ("NAME_FULL", "phi", _full),
    "date": ("DATE", "phi", _date),
    "phone": ("PHONE", "phi", _phone),
    "fax": ("FAX", "phi", _phone),
    "email": ("EMAIL", "phi", _email),
    "address": ("ADDRESS", "phi", _address),
    "city": ("CITY", "phi", lambda r: r.choice(CITIES)[0]),
    "zip": ("ZIP", "phi", lambda r: _digits(r, 5)),
    "age": ("AGE", "phi", lambda r: str(r.randint(90, 104))),
    "ssn": (
        "SSN",
        "phi",
        lambda r: f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
    ),
    "mrn": ("MRN", "phi", lambda r: r.choice([_digits(r, 7), f"E{_digits(r, 8)}"])),
    "plan": ("HEALTH_PLAN", "phi", lambda r: f"{_alnum(r, 2)}{_digits(r, 8)}"),
    "account": ("ACCOUNT", "phi", lambda r: f"{_digits(r, 3)}-{_digits(r, 7)}"),
    "license": ("LICENSE", "phi", lambda r: f"{_alnum(r, 2)}{_digits(r, 6)}"),
    "device": ("DEVICE", "phi", lambda r: f"SN{_digits(r, 9)}"),
    "url": ("URL", "phi", lambda r: f"http://www.{r.choice(DOMAINS)}/chart?id={_digits(r, 5)}"),
    "ip": ("IP", "phi", lambda r: ".".join(str(r.randint(11, 223)) for _ in range(4))),
    "id": ("ID", "phi", lambda r: f"{_digits(r, 4)}-{_alnum(r, 4)}"),
    "eponym": ("EPONYM", "keep", lambda r: r.choice(EPONYMS)),
    "drug": ("DRUG", "keep", lambda r: r.choice(DRUGS)),
    "brand": ("BRAND", "keep", lambda r: r.choice(BRANDS)),
    "disease": ("DISEASE", "keep", lambda r: r.choice(DISEASES)),
    "sign": ("SIGN", "keep", lambda r: r.choice(SIGNS)),
    "scale": ("SCALE", "keep", lambda r: r.choice(SCALES)),
    "anatomy": ("ANATOMY", "keep", lambda r: r.choice(ANATOMY)),
}

TEMPLATES = [
    "{first} came in with her neighbour after a fall at home.",
    "{full} was admitted overnight for {disease}.",
    "{last} is a 67-year-old on {drug} for {disease}.",
    "We met with {full} and {first} to discuss {eponym}.",
    "{first} and I reviewed the {scale} together.",
    "{first} would like to try {brand} again.",
    "Dr. {last} asked {first} to keep a symptom diary.",
    "Reassured {first}; {sign} is expected after {drug}.",
    "{full} (son) is the emergency contact.",
    "Note dictated for {last}, seen with {eponym}.",
    "Sister-in-law {first} {last} brought the medication list.",
    "{full} phoned to say the {brand} made her dizzy.",
    "Nurse {first} noted {sign} at 0200.",
    "{last} underwent repair of the {anatomy} last year.",
    "Collateral from {first}: he has been drinking again.",
    "Explained {eponym} to {first} {last} in plain language.",
    "{first} {last}, a 45-year-old teacher, reports {sign}.",
    "{last}'s daughter will collect the {drug} prescription.",
    "Her partner, {full}, is supportive.",
    "{first} prefers to be called by her middle name.",
    "Seen jointly with {full}, physiotherapist.",
    "Emailed {first} the {eponym} leaflet.",
    "Thanked {first} and {last} for coming in.",
    "{last} agrees with the plan to stop {brand}.",
    "Chaplain {full} visited the family.",
    "Spoke with {first}'s teacher about {disease}.",
    "{first} remains on {drug}; {eponym} stable.",
    "Family meeting: {full}, {full} and the team.",
    "{first} is worried about {eponym} because her father had it.",
    "Referral letter addressed to {full}, neurology.",
    # other identifiers
    "Date of birth {date}.",
    "Follow-up booked for {date} at 9 am.",
    "Symptoms began on {date} after {drug} was started.",
    "Home phone {phone}, mobile {phone}.",
    "Please call {phone} with results.",
    "Fax to {fax} attn: records.",
    "Patient email: {email}.",
    "Write to {email} for copies.",
    "Home address {address}, {city}, {state} {zip}.",
    "She lives at {address} with her sister.",
    "Originally from {city}, {state}.",
    "Patient is a {age} yo female with {disease}.",
    "{age} years of age, independent with ADLs.",
    "SSN {ssn}.",
    "MRN: {mrn}.",
    "Medical record # {mrn} on the wristband.",
    "Medicare ID {plan}.",
    "Account #{account} has a balance.",
    "State license {license} for the prescriber.",
    "Pacemaker model serial {device} checked.",
    "Results posted at {url}.",
    "Accessed from {ip} at 03:14.",
    "Trial participant ID {id}.",
    # clinical terms only
    "{Eponym} suspected; start {drug}.",
    "{Brand} restarted at the previous dose.",
    "{Disease} with {sign} and {sign}.",
    "CT of the {anatomy} without contrast.",
    "{Scale} repeated in one week.",
    "Known {eponym}; {brand} was switched to {drug}.",
    "{Anatomy} tender to palpation; {eponym} considered.",
    "{Drug} was increased; {sign} improved.",
    "Positive {eponym} on exam.",
]
STATES = {city: state for city, state in CITIES}


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    city = ""
    for piece in re.split(r"(\{[A-Za-z]+\})", template):
        if not (piece.startswith("{") and piece.endswith("}")):
            note.text += piece
            continue
        slot = piece[1:-1]
        if slot == "state":
            note.text += STATES[city]
            continue
        kind, where, make = SLOTS[slot.lower()]
        value = make(rng)
        if slot[0].isupper():
            value = value[0].upper() + value[1:]
        if kind == "CITY":
            city = value
        span = (kind, len(note.text), len(note.text) + len(value))
        (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    return note


def generate(per_template: int = 10, seed: int = 20261203) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
