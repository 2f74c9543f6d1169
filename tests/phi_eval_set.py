"""The HELD-OUT evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02, before any name recognizer was tuned and before any scrubber's output on
it was looked at. Tuning uses the development corpora only (tests/phi_corpus.py, its
``heldout=True`` phrasings, which were also tuned on, and the development sentences in
tests/unit/test_phi.py). This set is run once, at the end, by ``benchmarks/phi_scrub.py``;
the figures it gives are the held-out figures. Any change to the scrubber made after reading
this set's errors turns them into development figures, and must be said so.

Everything here is invented: seeded random fills of sentence templates. The name lists share
no name with tests/phi_corpus.py and vary in origin and form (hyphenated, particles, apostrophes,
accents, one-syllable East Asian surnames, first names that are also English words such as
Hope, Will, Rose or June, surnames such as Young, King, Bishop or Bell). Names are always
written capitalised. Each note records

* ``phi``: (kind, start, end) for each identifier. Names are split into ``NAME_FIRST`` (a bare
  first name), ``NAME_LAST`` (a bare surname) and ``NAME_FULL`` (first and last name, perhaps
  with a middle initial); the other kinds are those of tests/phi_corpus.py;
* ``keep``: (kind, start, end) for each clinical term that must survive untouched: eponymous
  diseases, signs, scores and procedures (Parkinson's disease, Bell's palsy, Apgar score,
  Glasgow coma scale), drugs by generic and brand name, diseases, signs, scales and anatomy,
  often at the start of a sentence where they are capitalised.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

FROZEN_ON = "2026-12-02"

# fmt: off
FIRST = [
    "Robert", "Aaliyah", "Dmitri", "Siobhan", "Tariq", "Mei", "Oluwaseun", "Chidi", "Ananya",
    "Rajesh", "Svetlana", "Bjorn", "Guadalupe", "Xochitl", "Thanh", "Minh", "Hiroshi", "Keiko",
    "Jae-won", "Soo-jin", "Kofi", "Amara", "Esperanza", "Alejandro", "Beatriz", "Yusuf", "Leila",
    "Noor", "Shira", "Avraham", "Malik", "Deshawn", "Tyrone", "Latoya", "Keisha", "Bridget",
    "Seamus", "Niamh", "Lars", "Astrid", "Giuseppe", "Francesca", "Pierre", "Amelie", "Ravi",
    "Lakshmi", "Imani", "Dakota", "Wanda", "Harold", "Dorothy", "Eugene", "Mildred", "Frank",
    "Charity", "Hope", "Faith", "Rose", "June", "Will", "Mark", "Bill", "Summer", "Dawn", "Joy",
    "Ruby", "Jade", "Pearl", "Iris", "Hunter", "Chloe", "Zainab", "Andrzej", "Agnieszka",
    "Nikolai", "Tatiana", "Kwabena", "Efua", "Nasrin", "Farhad", "Jesús", "José", "Renée",
    "Zoë", "Björn", "Paulo", "Thiago", "Camila", "Valentina", "Ines", "Hamid", "Yasmin",
    "Bongani", "Thandiwe", "Ngozi", "Emeka", "Haruto", "Sakura", "Wei-Ling", "Jun", "Ming",
    "Sergei", "Oksana", "Ahmad", "Fatemeh", "Declan", "Maeve", "Ethan", "Madison", "Brittany",
    "Cody", "Travis", "Gloria", "Herbert", "Bernadette", "Cornelius",
]
LAST = [
    "Kline", "Nakamura", "Okonkwo", "Adeyemi", "Kowalski", "Nowak", "Schmidt", "Müller",
    "Fitzgerald", "McAllister", "O'Sullivan", "MacLeod", "van der Berg", "De la Cruz", "Al-Harbi",
    "Abdullah", "Hussein", "Bhattacharya", "Patel", "Iyer", "Reddy", "Nguyen", "Tran", "Pham",
    "Le", "Kim", "Park", "Lee", "Choi", "Wong", "Zhang", "Liu", "Xu", "Yamamoto", "Suzuki",
    "Ivanov", "Popescu", "Horvath", "Papadopoulos", "Yilmaz", "Cohen", "Goldberg", "Levi",
    "Dubois", "Lefebvre", "Moreau", "Bianchi", "Esposito", "Silva", "Santos", "Oliveira",
    "Ferreira", "Andersson", "Johansson", "Eriksson", "Hansen", "Jensen", "Kelly", "Murphy",
    "Walsh", "Washington", "Jefferson", "Jackson", "Robinson", "Freeman", "Banks", "Young",
    "King", "Bishop", "Hunter", "Rich", "Sterling", "Fox", "Wolf", "Stone", "Hill", "Rivers",
    "Brooks", "Glass", "Price", "Bell", "Graves", "Núñez", "Peña", "Gómez", "Castillo",
    "Mendoza", "Ramírez", "Morales", "Delgado", "Chavez", "Okoro", "Mwangi", "Otieno", "Banda",
    "Diallo", "Traoré", "Haile", "Tesfaye", "Mahmoud", "Farouk", "Karimi", "Hosseini",
    "Rosenberg", "Schwartz", "Weiss", "Kaur", "Singh", "Gupta", "Chatterjee", "Krishnan",
    "Ng", "Lim", "Tan", "Ong", "Takahashi", "Watanabe", "Sato", "Kobayashi", "Kuznetsova",
    "Smirnov", "Petrenko", "Kovacs", "Novotny", "Dvorak", "Larkin", "Whitfield", "Ashworth",
    "St. John", "D'Angelo", "Dell'Acqua", "Hernández-López", "Smith-Jones",
]
INITIALS = [f"{c}." for c in "ABCDEFGHJKLMNPRSTW"]

EPONYMS = [
    "Parkinson's disease", "Crohn's disease", "Crohn's", "Cushing's syndrome", "Cushing's",
    "Hodgkin lymphoma", "Hodgkin", "non-Hodgkin lymphoma", "Alzheimer's disease", "Alzheimer's",
    "Graves' disease", "Bell's palsy", "Down syndrome", "Apgar score", "Apgar",
    "Glasgow coma scale", "Glasgow Coma Scale", "Addison's disease", "Hashimoto's thyroiditis",
    "Guillain-Barré syndrome", "Kawasaki disease", "Marfan syndrome", "Raynaud's phenomenon",
    "Sjögren's syndrome", "Tourette syndrome", "Wilson's disease", "Huntington's disease",
    "Barrett's esophagus", "Kaposi sarcoma", "Babinski sign", "Murphy's sign",
    "McBurney's point", "Trendelenburg position", "Valsalva maneuver", "Epley maneuver",
    "Whipple procedure", "Nissen fundoplication", "Foley catheter", "Swan-Ganz catheter",
    "Holter monitor", "Wells score", "Ranson criteria", "Duke criteria", "Child-Pugh score",
    "Gleason score", "Breslow thickness", "Bishop score", "Mallampati score", "Romberg test",
    "Phalen's test", "Tinel's sign", "Lachman test", "McMurray test", "Allen test",
    "Kernig's sign", "Brudzinski sign", "Chvostek sign", "Trousseau sign", "Cullen's sign",
    "Virchow's node", "Meckel's diverticulum", "Hirschsprung disease",
    "Wernicke encephalopathy", "Korsakoff syndrome", "Ménière's disease", "Paget's disease",
    "Peyronie's disease", "Dupuytren's contracture", "Osgood-Schlatter disease", "Ewing sarcoma",
    "Wilms tumor", "Burkitt lymphoma", "Zollinger-Ellison syndrome", "Stevens-Johnson syndrome",
    "Reye syndrome", "Tay-Sachs disease", "Gaucher disease", "Fabry disease", "Turner syndrome",
    "Klinefelter syndrome", "Asperger syndrome", "Lyme disease", "Ebstein anomaly",
    "tetralogy of Fallot", "Cheyne-Stokes respiration", "Kussmaul breathing",
    "Korotkoff sounds", "Austin Flint murmur", "Roth spots", "Janeway lesions", "Osler nodes",
    "Heberden's nodes", "Bouchard's nodes", "Colles fracture", "Smith fracture",
    "Bennett fracture", "Salter-Harris fracture", "Glasgow-Blatchford score", "Rockall score",
    "Bristol stool chart", "Ottawa ankle rules", "Braden scale", "Beck Depression Inventory",
    "Hamilton Depression Rating Scale", "Ramsay sedation scale",
    "Richmond Agitation-Sedation Scale", "Karnofsky performance status", "Snellen chart",
    "Weber test", "Rinne test", "Epworth sleepiness scale", "Fitzpatrick skin type",
    "Charcot foot", "Charcot-Marie-Tooth disease", "Still's disease", "Behçet's disease",
    "Takayasu arteritis", "Pott's disease", "Wolff-Parkinson-White syndrome",
    "Brugada syndrome", "Prinzmetal angina", "Ludwig's angina", "Fournier's gangrene",
    "Mallory-Weiss tear", "Boerhaave syndrome", "Budd-Chiari syndrome", "Gilbert syndrome",
    "von Willebrand disease", "Conn syndrome", "Sheehan syndrome", "Reed-Sternberg cells",
    "Auer rods", "Howell-Jolly bodies", "Heinz bodies", "Achilles tendon", "Eustachian tube",
    "Broca's area", "circle of Willis", "loop of Henle", "Peyer's patches", "Kupffer cells",
    "Purkinje fibers", "Lou Gehrig's disease", "Bell's palsy", "Parkinson's", "Graves' disease",
]
DRUGS = [
    "metformin", "warfarin", "lisinopril", "atorvastatin", "amlodipine", "levothyroxine",
    "omeprazole", "apixaban", "rivaroxaban", "heparin", "enoxaparin", "insulin glargine",
    "furosemide", "hydrochlorothiazide", "spironolactone", "carvedilol", "metoprolol",
    "prednisone", "methotrexate", "adalimumab", "infliximab", "sertraline", "fluoxetine",
    "escitalopram", "bupropion", "quetiapine", "olanzapine", "haloperidol", "lorazepam",
    "gabapentin", "pregabalin", "tramadol", "oxycodone", "morphine", "naloxone",
    "buprenorphine", "amoxicillin", "ceftriaxone", "vancomycin", "piperacillin-tazobactam",
    "azithromycin", "doxycycline", "ciprofloxacin", "nitrofurantoin", "acyclovir",
    "oseltamivir", "tenofovir", "dolutegravir", "levetiracetam", "lamotrigine", "valproate",
    "carbamazepine", "donepezil", "memantine", "carbidopa-levodopa", "pramipexole",
    "sumatriptan", "ondansetron", "metoclopramide", "pantoprazole", "lactulose", "rifaximin",
    "allopurinol", "colchicine", "tamsulosin", "finasteride", "sildenafil", "estradiol",
    "clopidogrel", "aspirin", "digoxin", "amiodarone", "diltiazem", "nitroglycerin",
    "albuterol", "tiotropium", "fluticasone", "montelukast", "semaglutide", "empagliflozin",
    "dapagliflozin", "sitagliptin", "glipizide", "insulin lispro", "tacrolimus",
    "mycophenolate", "hydroxychloroquine", "lithium", "clozapine", "ketamine", "propofol",
]
BRANDS = [
    "Lipitor", "Xarelto", "Eliquis", "Ozempic", "Humira", "Keytruda", "Coumadin", "Lasix",
    "Synthroid", "Zoloft", "Prozac", "Seroquel", "Lyrica", "Neurontin", "Plavix", "Januvia",
    "Jardiance", "Farxiga", "Lantus", "Humalog", "Ventolin", "Spiriva", "Advair", "Flomax",
    "Tylenol", "Motrin", "Narcan", "Suboxone", "Keppra", "Lamictal", "Depakote", "Aricept",
    "Namenda", "Sinemet", "Zofran", "Protonix", "Xifaxan", "Zyloprim", "Viagra", "Entresto",
]
DISEASES = [
    "type 2 diabetes mellitus", "hypertension", "atrial fibrillation", "heart failure",
    "chronic obstructive pulmonary disease", "asthma", "pneumonia", "sepsis",
    "urinary tract infection", "cellulitis", "deep vein thrombosis", "pulmonary embolism",
    "myocardial infarction", "stroke", "transient ischemic attack", "chronic kidney disease",
    "acute kidney injury", "cirrhosis", "hepatitis C", "pancreatitis", "cholecystitis",
    "appendicitis", "diverticulitis", "ulcerative colitis", "rheumatoid arthritis",
    "osteoarthritis", "gout", "osteoporosis", "hypothyroidism", "major depressive disorder",
    "generalized anxiety disorder", "bipolar disorder", "schizophrenia", "dementia",
    "multiple sclerosis", "epilepsy", "migraine", "breast cancer", "prostate cancer",
    "lung adenocarcinoma", "melanoma", "anemia", "sickle cell disease", "HIV infection",
    "tuberculosis", "obstructive sleep apnea", "psoriasis", "eczema", "lupus", "preeclampsia",
    "gestational diabetes", "COPD", "CHF", "GERD",
]
SIGNS = [
    "jugular venous distension", "pitting edema", "crackles", "wheezing", "rebound tenderness",
    "guarding", "hepatomegaly", "splenomegaly", "jaundice", "cyanosis", "clubbing",
    "a systolic murmur", "an S3 gallop", "nuchal rigidity", "photophobia", "ataxia",
    "a resting tremor", "cogwheel rigidity", "bradykinesia", "hyperreflexia", "clonus",
    "dysarthria", "aphasia", "ptosis", "nystagmus", "tachycardia", "bradycardia", "hypotension",
    "tachypnea", "fever", "rigors", "night sweats", "weight loss", "hemoptysis", "hematuria",
    "melena", "hematochezia", "dysphagia", "orthopnea",
]
SCALES = [
    "PHQ-9", "GAD-7", "MMSE", "MoCA", "NIHSS", "CURB-65", "CHA2DS2-VASc", "HAS-BLED",
    "APACHE II", "SOFA score", "qSOFA", "MELD score", "NYHA class III", "ASA class II",
    "ECOG performance status 1", "visual analogue scale", "numeric pain rating scale",
    "Morse fall scale", "Barthel index", "AUDIT-C", "CAGE questionnaire", "EPDS",
]
ANATOMY = [
    "left anterior descending artery", "right coronary artery", "mitral valve", "aortic valve",
    "left ventricle", "right atrium", "pulmonary artery", "carotid artery", "femoral artery",
    "popliteal fossa", "rotator cuff", "anterior cruciate ligament", "medial meniscus",
    "lumbar spine", "cervical spine", "sacroiliac joint", "gallbladder", "common bile duct",
    "pancreas", "spleen", "sigmoid colon", "terminal ileum", "duodenum", "thyroid gland",
    "adrenal gland", "pituitary gland", "hippocampus", "basal ganglia", "cerebellum",
    "temporal lobe", "optic nerve", "retina", "tympanic membrane", "bladder", "prostate",
    "uterus", "ovary", "left kidney", "right upper lobe", "pleura",
]
STREET_NAMES = [
    "Birchwood", "Magnolia", "Riverside", "Chestnut", "Willow Creek", "Juniper", "Harbor View",
    "Meadowlark", "Cypress", "Aspen",
]
STREET_TYPES = ["Street", "Avenue", "Road", "Drive", "Lane", "Court", "Blvd", "Way", "Place"]
CITIES = [
    ("Fresno", "CA"), ("Boise", "ID"), ("Savannah", "GA"), ("Dayton", "OH"), ("Omaha", "NE"),
    ("Bangor", "ME"), ("Spokane", "WA"), ("Lubbock", "TX"), ("Duluth", "MN"), ("Mobile", "AL"),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
DOMAINS = ["outlook.example", "mailbox.org", "familyclinic.net", "uhs.edu", "carrier.com"]
# fmt: on


@dataclass
class Note:
    text: str = ""
    phi: list[tuple[str, int, int]] = field(default_factory=list)
    keep: list[tuple[str, int, int]] = field(default_factory=list)
    template: str = ""


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.random()
    if form < 0.15:
        return f"{first} {rng.choice(INITIALS)} {last}"
    if form < 0.22:
        return f"{first} {rng.choice(FIRST)} {last}"
    return f"{first} {last}"


def _date(rng: random.Random) -> str:
    m, d, y = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1940, 2025)
    month = MONTHS[m - 1]
    return rng.choice(
        [
            f"{m}/{d}/{y}",
            f"{m:02d}-{d:02d}-{y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{month} {d}, {y}",
            f"{month[:3]}. {d}, {y}",
            f"{d} {month}",
            f"{month} {d}",
            f"{month} of {y}",
            f"{d}/{m}/{y}",
        ]
    )


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randint(201, 989), rng.randint(200, 999), _digits(rng, 4)
    return rng.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"1-{a}-{b}-{c}"])


def _email(rng: random.Random) -> str:
    first = rng.choice(FIRST).lower().replace("-", "")
    last = rng.choice(LAST).lower().replace(" ", "").replace("'", "")
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}{rng.randint(1, 99)}", first])
    local = local.encode("ascii", "ignore").decode()
    return f"{local}@{rng.choice(DOMAINS)}"


def _address(rng: random.Random) -> str:
    street = f"{rng.randint(2, 9800)} {rng.choice(STREET_NAMES)} {rng.choice(STREET_TYPES)}"
    return street + rng.choice(["", f", Unit {rng.randint(1, 30)}", f" Apt {rng.randint(1, 9)}B"])


#: slot -> (kind recorded, list kind: "phi" or "keep", generator)
SLOTS = {
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
    "age": ("AGE", "phi", lambda r: str(r.randint(90, 106))),
    "ssn": (
        "SSN",
        "phi",
        lambda r: f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
    ),
    "mrn": ("MRN", "phi", lambda r: r.choice([_digits(r, 8), f"{_digits(r, 2)}-{_digits(r, 6)}"])),
    "plan": ("HEALTH_PLAN", "phi", lambda r: f"{_alnum(r, 3)}{_digits(r, 9)}"),
    "account": ("ACCOUNT", "phi", lambda r: _digits(r, 11)),
    "license": ("LICENSE", "phi", lambda r: f"{r.choice('ABFM')}{_alnum(r, 1)}{_digits(r, 7)}"),
    "device": ("DEVICE", "phi", lambda r: f"{_alnum(r, 3)}{_digits(r, 7)}"),
    "url": (
        "URL",
        "phi",
        lambda r: f"https://myhealth.{r.choice(DOMAINS)}/records/{_digits(r, 6)}",
    ),
    "ip": ("IP", "phi", lambda r: ".".join(str(r.randint(2, 250)) for _ in range(4))),
    "id": ("ID", "phi", lambda r: f"{_alnum(r, 2)}{_digits(r, 6)}"),
    "eponym": ("EPONYM", "keep", lambda r: r.choice(EPONYMS)),
    "drug": ("DRUG", "keep", lambda r: r.choice(DRUGS)),
    "brand": ("BRAND", "keep", lambda r: r.choice(BRANDS)),
    "disease": ("DISEASE", "keep", lambda r: r.choice(DISEASES)),
    "sign": ("SIGN", "keep", lambda r: r.choice(SIGNS)),
    "scale": ("SCALE", "keep", lambda r: r.choice(SCALES)),
    "anatomy": ("ANATOMY", "keep", lambda r: r.choice(ANATOMY)),
}

# A slot written {Slot} is capitalised (its first letter), as at the start of a sentence.
TEMPLATES = [
    # bare names in running text
    "Seen with her husband {full}, who helps with her {drug}.",
    "{last} reports less pain since {drug} was started.",
    "{first} reports that the {sign} began two days ago.",
    "Discussed the plan with {full} at the bedside.",
    "{full} is a pleasant woman with {disease} and {eponym}.",
    "Per {last}, the {sign} is worse at night.",
    "Called {first} to confirm the {brand} dose.",
    "{first}'s mother called about the {disease}.",
    "Spoke to {first} and her brother {first} about {eponym}.",
    "{last} tolerated the procedure well; {drug} resumed.",
    "Mother ({full}) declined the {drug} for the infant.",
    "According to {full}, he stopped {brand} last week.",
    "History obtained from {first}, the patient's partner.",
    "{last} has a history of {eponym} and {disease}.",
    "Goals of care reviewed with {first} {last} and family.",
    "{full}, 54, presents with {sign} and {sign}.",
    "Lives with {first}, her granddaughter, who manages the {drug}.",
    "{first} was tearful; discussed {eponym} and prognosis.",
    "Neighbor {full} found him on the floor.",
    "Handed over to {full} for the night shift.",
    "Daughter {first} asks whether {brand} causes {sign}.",
    "{last} denies {sign}; {scale} unchanged.",
    "Consent signed by {full} (health care proxy).",
    "Message left for {last} regarding the {anatomy} scan.",
    "Case discussed with {full} from cardiology about the {anatomy}.",
    "{first} {last} missed two doses of {drug}.",
    "Mrs. {last}'s son {first} will drive her home.",
    "Brought in by her son, {first}, after a fall.",
    "{first} and {first} visited this afternoon.",
    "Wife {first} reports he snores; suspect {disease}.",
    "{last}, {first} - follow-up for {eponym}.",
    "Will discuss {eponym} results with {first} tomorrow.",
    "Grandson {full} translates for the family.",
    "Pharmacist {last} suggested switching to {drug}.",
    "{first} understands the risks of {drug} and agrees.",
    "Patient's sister {first} {last} has {eponym}.",
    "Hope to see {first} back in clinic after the {scale}.",
    "{full} attended with her daughter.",
    "Thanks to {first} for the referral regarding {disease}.",
    "Per {first}, {last} has been confused since Sunday.",
    # other identifiers
    "Born {date}; {eponym} diagnosed as a child.",
    "Seen in clinic on {date} for {disease}.",
    "Next appointment {date} to recheck the {anatomy}.",
    "Best contact number {phone}; {drug} refill requested.",
    "Daughter can be reached on {phone} after work.",
    "Records faxed to {fax} on request.",
    "Portal messages to {email} about {disease}.",
    "She emailed from {email} asking about {brand}.",
    "Address on file: {address}, {city}, {state} {zip}.",
    "Moved to {address} near her daughter.",
    "Lives in {city}, {state} {zip} with her husband.",
    "A {age}-year-old man with {eponym} and {sign}.",
    "Centenarian, age {age}, on {drug} for {disease}.",
    "Social Security No. {ssn} confirmed at registration.",
    "Hospital number {mrn}; {disease} on the problem list.",
    "MR# {mrn} merged with the old chart.",
    "Insurance member ID {plan}, group 4471.",
    "Billing acct {account} closed after payment.",
    "Prescriber DEA {license} on the {brand} script.",
    "ICD serial no. {device} interrogated; {scale} stable.",
    "Images uploaded to {url} for review.",
    "Telehealth visit from IP {ip} disconnected.",
    "Research subject ID {id}, {eponym} cohort.",
    # clinical terms only
    "{Eponym} was confirmed on biopsy; started {drug}.",
    "{Drug} 10 mg daily; continue {drug}.",
    "{Brand} was held before surgery because of {sign}.",
    "Exam notable for {sign} over the {anatomy}.",
    "{Scale} score improved after {drug}.",
    "No evidence of {eponym} or {disease}.",
    "{Disease} controlled on {drug} and {brand}.",
    "Ultrasound of the {anatomy} showed {sign}.",
    "Differential includes {eponym}, {eponym} and {disease}.",
    "{Anatomy} appears normal; {eponym} less likely.",
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
    if "{city}" in template and "{state}" in template and not city:
        raise AssertionError(template)
    return note


def generate(per_template: int = 10, seed: int = 20261202) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]


NAME_KINDS = ["NAME_FIRST", "NAME_LAST", "NAME_FULL"]
IDENTIFIER_KINDS = [
    "DATE",
    "PHONE",
    "FAX",
    "EMAIL",
    "ADDRESS",
    "CITY",
    "ZIP",
    "AGE",
    "SSN",
    "MRN",
    "HEALTH_PLAN",
    "ACCOUNT",
    "LICENSE",
    "DEVICE",
    "URL",
    "IP",
    "ID",
]
KEEP_KINDS = ["EPONYM", "DRUG", "BRAND", "DISEASE", "SIGN", "SCALE", "ANATOMY"]
