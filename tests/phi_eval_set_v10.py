"""The TENTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the
contents of the v3-v9 sets, before the scrubber changes of that day; it is run once, after
them. Any change to the scrubber made after reading this set's errors makes its figures
development figures, and must be said so.

Everything here is invented: seeded random fills of note templates written for this set (clinic
letters, handovers, logs, CSV and JSON-like exports, portal messages, forms). Its names,
templates and identifier formats are its own; no name is shared with the FIRST/LAST lists of
tests/phi_eval_set.py, tests/phi_eval_set_v2.py ... tests/phi_eval_set_v9.py or
tests/phi_corpus.py. It is built like the first set (see there for what ``phi`` and ``keep``
hold): each span covers exactly one value, never its label word. A slot may carry a modifier,
``{last|up}`` (upper case) or ``{first|low}`` (lower case), and a tag, ``{first@a}``, which
repeats the value first drawn for that tag within the same note.
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
    # West African
    "Somtochukwu", "Onyinye", "Chidinma", "Amaka", "Oluwadamilare", "Omotola", "Aissatou",
    "Moussa", "Idrissa", "Ato",
    # East and South-East Asian
    "Yuto", "Noriko", "Tetsuya", "Shohei", "Ayaka", "Masato", "Chiyo", "Guiying", "Shu-fen",
    "Lanfang", "Dewi", "Wayan", "Bayani", "Marivic",
    # South Asian
    "Bhavna", "Kamaljeet", "Navdeep", "Rupinder", "Tejas", "Sarojini", "Murugan", "Shafiqul",
    "Bishnu", "Chamari",
    # Slavic, Baltic, Romanian
    "Stanisława", "Bohumil", "Nebojša", "Gennady", "Desislava", "Todor", "Radka", "Ionuț",
    "Ramunė", "Jānis", "Tõnu",
    # Arabic, Persian, Turkish
    "Abdelkader", "Zakaria", "Suad", "Hadeel", "Mahmood", "Mahnaz", "Golnar", "Emine", "Kerem",
    "Nilüfer",
    # Latin American
    "Filiberto", "Hortencia", "Eusebio", "Griselda", "Yolotzin", "Edgardo", "Rufino",
    "Evangelina", "Belkis", "Yaritza",
    # Nordic
    "Torvald", "Øystein", "Åse", "Bodil", "Vigdis", "Kjell", "Maj-Britt", "Guðrún",
    # Pacific
    "Ofa", "Sela", "Ngaire", "Kanoa", "Asenaca", "Vailea", "Sitani", "Haunani", "Anaru",
    # Irish, Scottish, Welsh
    "Feidhlim", "Síle", "Ffion", "Ruaridh", "Brídín", "Sorcha", "Cillian", "Bláthnaid",
    # French, Dutch, German, Italian, Congolese
    "Gaëtan", "Solène", "Dieudonné", "Wouter", "Femke", "Sjoerd", "Hannelore", "Gottfried",
    "Ornella", "Settimio",
    # Anglo-American, older and younger
    "LaVerne", "Glenda", "Imogene", "Leland", "Bertram", "Kenzie", "Ryker", "Oaklynn",
    "Braxton", "Tremaine", "LaShonda", "Jamarcus",
    # also ordinary words or places
    "Ridge", "Canyon", "Sherry", "India", "Helena", "Montana", "Zion", "Harbor", "Echo",
    "Bonnie", "Comfort", "Blessing", "Memory", "Aurora", "Sedona", "Sunday", "Goodluck",
    "Innocent", "Divine", "Lisbon", "Albany", "Jersey", "Vienna",
    # nicknames
    "Mack", "Trixie", "Coco", "Boomer", "Tiny", "Buster", "Dolly",
]
LAST = [
    # West African
    "Chukwuma", "Igwe", "Adesina", "Bamgbose", "Okonjo", "Amponsah", "Sankara", "Zongo",
    "Tarawally", "Koroma",
    # East and South-East Asian
    "Morimoto", "Nishida", "Kaneshiro", "Higa", "Shimabukuro", "Tokunaga", "Bae", "Qiu", "Shao",
    "Yip", "Kwok", "Tse", "Srisuk", "Bautista", "Pangilinan", "Agbayani", "Nugroho", "Hartono",
    # South Asian
    "Kurup", "Gowda", "Bhosale", "Jadhav", "Mahajan", "Dwivedi", "Akhtar", "Sherpa",
    # Slavic, Baltic, Romanian
    "Mazurek", "Kołodziej", "Dąbrowska", "Urbaniak", "Němec", "Hájek", "Jelínek", "Kolář",
    "Hnatyuk", "Kovačević", "Georgescu", "Kazlauskas", "Kalniņš", "Tamm",
    # Arabic, Persian, Turkish
    "El-Hashemi", "Bouzid", "Benali", "Mezouar", "Bahrami", "Kazemi", "Yıldız", "Doğan", "Koç",
    # Latin American
    "Rendón", "Solís", "Tamayo", "Urrutia", "Ocampo", "Velázquez", "Arredondo", "Dueñas",
    "Ordóñez", "Ulloa",
    # Nordic
    "Aasen", "Bakke", "Eide", "Blomqvist", "Hedlund", "Koskinen", "Järvinen", "Þórsdóttir",
    "Gunnarsson",
    # Pacific
    "Faleafa", "Fuimaono", "Mauga", "Kanahele", "Keawe", "Tipoki", "Vakacegu", "Naivalu",
    # Irish, Scottish, Welsh
    "McGonigle", "Hennessy", "Prendergast", "Coughlan", "MacPhail", "Menzies", "Vaughan-Thomas",
    # particles and apostrophes
    "le Grange", "de Villiers", "di Maggio", "D'Ambrosio", "van Leeuwen", "de Graaf",
    "ter Steege", "op de Beeck", "Ó Cuinn", "Mac Domhnaill", "de la Torre", "D'Souza",
    "O'Keeffe", "bin Rahim", "von Lützow",
    # hyphenated
    "Tamayo-Kalama", "Igwe-Blankenship", "Bamgbose-Hatfield", "Pavlović-Eide",
    # Anglo-American
    "Cottrell", "Eubanks", "Kimbrough", "McCorkle", "Puckett", "Quarles", "Rountree",
    "Upchurch", "Yarbrough", "Boudreaux", "LeBlanc",
    # also ordinary words or places
    "Piper", "Barber", "Singer", "Cooper", "Palmer", "Turner", "Foster", "Meek", "Rush", "Bond",
    "Hawk", "Lyon", "Rock", "Forest", "Hastings", "Wells", "Dyer", "Waller", "Rook", "Moor",
    "Hare",
]
#: the eponyms and drugs named in the issue, drawn by their own slots so each appears often
CORE_EPONYMS = [
    "Parkinson's disease", "Crohn's", "Cushing's", "Hodgkin", "Alzheimer's", "Graves' disease",
    "Bell's palsy", "Down syndrome", "Apgar", "Glasgow coma scale",
]
CORE_DRUGS = ["metformin", "warfarin"]
MIDDLE_INITIALS = list("ABCDEFGHJKLMNOPRSTVW")

EPONYMS = [
    "Parkinson's disease", "Crohn's", "Crohn's disease", "Cushing's", "Cushing's syndrome",
    "Hodgkin", "Hodgkin lymphoma", "Alzheimer's", "Alzheimer's disease", "Graves' disease",
    "Bell's palsy", "Down syndrome", "Apgar", "Apgar score", "Glasgow coma scale",
    "Dravet syndrome", "Lennox-Gastaut syndrome", "West syndrome", "Rasmussen encephalitis",
    "Todd's paresis", "Jacksonian march", "Lambert-Eaton syndrome", "Moyamoya disease",
    "Horner's syndrome", "Wallenberg syndrome", "Brown-Séquard syndrome", "Lund and Browder chart",
    "Parkland formula", "Curling's ulcer", "Marjolin's ulcer", "Z-plasty", "Still's disease",
    "Sjögren's", "Raynaud's", "Behçet's disease", "Wegener's granulomatosis",
    "Schober's test", "Gottron's papules", "Heberden's nodes", "Hashimoto's thyroiditis",
    "Addison's disease", "Conn's syndrome", "Kallmann syndrome", "Turner syndrome",
    "Klinefelter syndrome", "Prader-Willi syndrome", "Tanner stage", "Kaposi's sarcoma",
    "Pneumocystis pneumonia", "Alport syndrome", "Berger's disease", "Fanconi syndrome",
    "Osgood-Schlatter disease", "Legg-Calvé-Perthes disease", "Colles' fracture",
    "Tinel's sign", "Phalen's test", "Finkelstein's test", "de Quervain's tenosynovitis",
    "Dupuytren's contracture", "Charcot foot", "Somogyi effect", "Kussmaul respirations",
    "Korsakoff's syndrome", "Wernicke's encephalopathy", "Lewy body dementia",
    "Romberg's sign", "Babinski's sign", "Hoffmann's sign", "Guillain-Barré syndrome",
    "Ménière's disease", "Epley manoeuvre", "Cheyne-Stokes breathing", "Swan-Ganz catheter",
    "Foley catheter", "Hickman line", "Mallampati class", "Trendelenburg gait",
    "Huntington's chorea", "Tourette's", "Asperger's", "Reiter's syndrome", "Paget's disease",
    "Buerger's disease", "Osler's nodes", "Whipple's disease", "Barrett's oesophagus",
]
DRUGS = [
    "metformin", "warfarin", "levetiracetam", "lacosamide", "brivaracetam", "clobazam",
    "cenobamate", "zonisamide", "topiramate", "oxcarbazepine", "alteplase", "tenecteplase",
    "ticagrelor", "clopidogrel", "atorvastatin", "rosuvastatin", "silver sulfadiazine",
    "ketamine", "fentanyl", "hydromorphone", "methotrexate", "tocilizumab", "rituximab",
    "abatacept", "infliximab", "sulfasalazine", "leflunomide", "insulin degludec",
    "insulin aspart", "liraglutide", "tirzepatide", "glimepiride", "pioglitazone",
    "bictegravir", "emtricitabine", "tenofovir alafenamide", "cabotegravir", "doxycycline",
    "ceftriaxone", "benzathine penicillin", "tacrolimus", "mycophenolate mofetil",
    "prednisolone", "valganciclovir", "co-trimoxazole", "somatropin", "leuprolide",
    "ethinyl estradiol", "etonogestrel", "norethindrone", "naproxen", "ibuprofen",
    "cyclobenzaprine", "acetaminophen", "paracetamol", "ondansetron", "norepinephrine",
    "vasopressin", "propofol", "dexmedetomidine", "midazolam", "piperacillin-tazobactam",
    "meropenem", "enoxaparin", "apixaban", "dabigatran", "amlodipine", "losartan",
    "sertraline", "mirtazapine", "trazodone", "buprenorphine-naloxone", "naloxone",
    "nicotine patch", "thiamine", "levothyroxine", "hydrocortisone", "fludrocortisone",
    "carbimazole", "propylthiouracil", "pramipexole", "ropinirole", "rasagiline",
]
BRANDS = [
    "Keppra", "Vimpat", "Briviact", "Onfi", "Xcopri", "Topamax", "Trileptal", "Activase",
    "TNKase", "Brilinta", "Plavix", "Crestor", "Silvadene", "Actemra", "Rituxan", "Orencia",
    "Remicade", "Arava", "Tresiba", "NovoLog", "Victoza", "Mounjaro", "Trulicity", "Amaryl",
    "Biktarvy", "Descovy", "Truvada", "Apretude", "Prograf", "Envarsus", "CellCept",
    "Valcyte", "Bactrim", "Genotropin", "Norditropin", "Lupron Depot", "Nexplanon",
    "Aleve", "Advil", "Flexeril", "Tylenol", "Levophed", "Precedex", "Zosyn", "Lovenox",
    "Eliquis", "Pradaxa", "Norvasc", "Cozaar", "Zoloft", "Remeron", "Suboxone", "Narcan",
    "Nicoderm", "Synthroid", "Solu-Cortef", "Florinef", "Mirapex", "Requip", "Azilect",
    "Sinemet", "Dexcom", "Omnipod", "Glucagon Emergency Kit", "Otezla", "Cosentyx",
]
DISEASES = [
    "focal epilepsy", "juvenile myoclonic epilepsy", "status epilepticus",
    "ischaemic stroke", "intracerebral haemorrhage", "subarachnoid haemorrhage",
    "transient ischaemic attack", "partial-thickness burn", "full-thickness burn",
    "inhalation injury", "rheumatoid arthritis", "psoriatic arthritis",
    "ankylosing spondylitis", "systemic lupus erythematosus", "giant cell arteritis",
    "polymyalgia rheumatica", "type 1 diabetes", "type 2 diabetes", "diabetic ketoacidosis",
    "hypoglycaemia", "hyperthyroidism", "adrenal insufficiency", "growth hormone deficiency",
    "precocious puberty", "HIV-1 infection", "syphilis", "gonorrhoea", "chlamydia",
    "genital herpes", "hepatitis B", "end-stage renal disease", "acute rejection",
    "BK viraemia", "CMV viraemia", "failure to thrive", "iron-deficiency anaemia",
    "major depression", "alcohol use disorder", "opioid use disorder", "frostbite",
    "trench foot", "scabies", "septic shock", "ARDS", "delirium", "atrial flutter",
    "heart failure with reduced ejection fraction", "COPD exacerbation",
    "community-acquired pneumonia",
    "osteomyelitis", "carpal tunnel syndrome", "lumbar radiculopathy", "hypertension",
    "chronic kidney disease stage 4", "obesity", "asthma", "anorexia nervosa", "PTSD",
]
SIGNS = [
    "aura", "postictal confusion", "tongue biting", "left hemiparesis", "right facial droop",
    "expressive aphasia", "neglect", "dysarthria", "eschar", "blistering", "singed nasal hair",
    "hoarse voice", "graft loss", "synovitis", "morning stiffness", "joint swelling",
    "malar rash", "polyuria", "polydipsia", "Kussmaul-type breathing", "tremor",
    "lymphadenopathy", "oral thrush", "dysuria", "urethral discharge", "genital ulcer",
    "graft tenderness", "reduced urine output", "oedema", "short stature", "delayed bone age",
    "weight loss", "hypotension", "tachycardia", "desaturation", "agitation",
    "productive cough", "fever", "rigors", "pallor", "numbness", "paraesthesia",
    "swelling", "bruising", "crepitus", "tenderness", "limp", "chest pain", "palpitations",
    "shortness of breath", "confusion", "headache", "vomiting", "jaundice",
]
SCALES = [
    "NIHSS", "modified Rankin Scale", "ABCD2 score", "GCS", "RASS", "CAM-ICU", "SOFA",
    "DAS28", "CDAI", "HAQ-DI", "BASDAI", "HbA1c", "PHQ-9", "GAD-7", "AUDIT", "CIWA-Ar",
    "COWS", "Braden score", "Morse Fall Scale", "FLACC", "Wong-Baker FACES scale",
    "Edmonton Symptom Assessment System", "Clinical Frailty Scale", "4AT", "MUST score",
    "NEWS2", "PEWS", "Oswestry Disability Index", "Beighton score", "TBSA estimate",
]
ANATOMY = [
    "left temporal lobe", "right frontal lobe", "hippocampus", "middle cerebral artery",
    "internal capsule", "basilar artery", "dorsum of the hand", "volar forearm",
    "anterior chest wall", "perineum", "eyelid", "metacarpophalangeal joints",
    "proximal interphalangeal joints", "sacroiliac joints", "wrist", "knee", "abdominal wall",
    "thigh", "deltoid", "iliac fossa", "transplant kidney", "ureter", "bladder", "femur",
    "growth plate", "pituitary", "thyroid", "cervix", "inguinal nodes", "oropharynx",
    "lumbar spine", "L4-L5 disc", "median nerve", "rotator cuff", "scaphoid", "heel",
    "great toe", "forefoot", "ankle", "radial artery", "internal jugular vein", "trachea",
]
STREETS = [
    "Quarry Hill", "Tannery", "Old Mill", "Sandpiper", "Larkspur", "Foxglove", "Bramble",
    "Copperhead", "Millrace", "Pinecrest", "Orchard Bend", "Kettle Pond", "Ironwood",
    "Saddleback", "Heron Ridge", "Cottonwood", "Bluebonnet", "Fairgrounds", "Depot",
    "Schoolhouse", "Red Oak", "Mulberry", "Turnpike", "Lighthouse",
]
STREET_KINDS = [
    "Rd", "Road", "Trail", "Row", "Pike", "Hwy", "Loop", "Crossing", "Ter.", "St.", "Avenue",
    "Cir", "Ct", "Blvd.", "Pl", "Run",
]
DIRECTIONS = ["N", "S.", "E", "W.", "NE", "SW", "North", "East"]
CITIES = [
    ("Kalamazoo", "MI"), ("Tallahassee", "FL"), ("Flagstaff", "AZ"), ("Chattanooga", "TN"),
    ("Wichita", "KS"), ("Missoula", "MT"), ("Bakersfield", "CA"), ("Allentown", "PA"),
    ("Pueblo", "CO"), ("Yakima", "WA"), ("Macon", "GA"), ("Eau Claire", "WI"),
    ("Las Cruces", "NM"), ("Bozeman", "MT"), ("Hilo", "HI"), ("Sioux Falls", "SD"),
    ("Cedar Rapids", "IA"), ("St. Cloud", "MN"), ("Ithaca", "NY"), ("Roanoke", "VA"),
    ("Texarkana", "AR"), ("Muncie", "IN"), ("Shreveport", "LA"), ("Lowell", "MA"),
    ("Winston-Salem", "NC"), ("Fargo", "ND"), ("Klamath Falls", "OR"), ("Anchorage", "AK"),
]
MAIL_HOSTS = [
    "fastmail.example", "riverbendhealth.org", "kmail.net", "aol.com", "students.nmsu.example",
    "county.gov.example", "proton.example", "tribalhealth.example.org", "me.example",
    "comcast.example.net",
]
WEB_HOSTS = [
    "portal.riverbendhealth.org", "sharemyscan.example", "lakeshore-med.net",
    "carepoint.example.com", "photos.burnscentre.example", "telehealth.ozarkcare.example",
    "mychart.northwoods.example", "pacs.cedarvalley.example",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
# fmt: on


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _upper(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))


def _mixed(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRTUVWXY0123456789") for _ in range(n))


def _ascii(text: str) -> str:
    table = str.maketrans(
        "áàäâãåçéèëêíìïîñóòöôõøúùüûýłśąężźćńðþ", "aaaaaaceeeeiiiinoooooouuuuylsaezzcndt"
    )
    folded = text.lower().translate(table)
    return "".join(c for c in folded if c.isalnum())


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.random()
    if form < 0.18:
        return f"{first} {rng.choice(MIDDLE_INITIALS)}. {last}"
    if form < 0.26:
        return f"{first} {rng.choice(FIRST)} {last}"
    return f"{first} {last}"


def _initial_full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    if rng.random() < 0.25:
        return f"{first[0]}.{rng.choice(MIDDLE_INITIALS)}. {last}"
    return f"{first[0]}. {last}"


def _last_first(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    if rng.random() < 0.3:
        return f"{last}, {first} {rng.choice(MIDDLE_INITIALS)}"
    return f"{last}, {first}"


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(1931, 2026), rng.randint(1, 12), rng.randint(1, 28)
    month = MONTHS[m - 1]
    suffix = "th" if d in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = [
        f"{d:02d}-{month[:3]}-{y}",
        f"{d} {month[:3]} {y % 100:02d}",
        f"{m:02d}/{d:02d}/{y % 100:02d}",
        f"{month[:3]} {d}{suffix}, {y}",
        f"{d}{suffix} of {month} {y}",
        f"{y}{m:02d}{d:02d}",
        f"{m}.{d}.{y}",
        f"{y}/{m:02d}/{d:02d}",
        f"{d:02d}{month[:3].upper()}{y}",
        f"{month} {d}{suffix}",
        f"{m}/{d}",
        f"{month[:3]}-{y % 100:02d}",
    ]
    return rng.choice(forms)


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randint(205, 979), rng.randint(210, 989), _digits(rng, 4)
    forms = [
        f"+1 {a} {b} {c}",
        f"({a}){b}-{c}",
        f"{a}/{b}-{c}",
        f"{a} {b}-{c}",
        f"{a}{b}{c}",
        f"+1.{a}.{b}.{c}",
        f"1 ({a}) {b} {c}",
        f"{a}-{b}-{c} x{rng.randint(10, 4999)}",
    ]
    return rng.choice(forms)


def _email(rng: random.Random) -> str:
    first, last = _ascii(rng.choice(FIRST)), _ascii(rng.choice(LAST))
    forms = [
        f"{first}_{last}",
        f"{first}{last[0]}",
        f"{first[0]}.{last}{rng.randint(1, 99)}",
        f"{last}.{first}",
        f"{first}+portal",
        f"{first}{last}{rng.randint(1960, 2011)}",
    ]
    local = rng.choice(forms)
    if rng.random() < 0.12:
        local = local.upper()
    return f"{local}@{rng.choice(MAIL_HOSTS)}"


def _address(rng: random.Random) -> str:
    form = rng.random()
    if form < 0.1:
        return f"PO Box {rng.randint(12, 9980)}"
    if form < 0.17:
        return f"Rural Route {rng.randint(1, 9)}, Box {rng.randint(10, 499)}"
    number = str(rng.randint(3, 24999))
    if rng.random() < 0.1:
        number += rng.choice("ABC")
    street = f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
    if rng.random() < 0.3:
        street = f"{rng.choice(DIRECTIONS)} {street}"
    unit = rng.choice(
        [
            "",
            "",
            "",
            f" #{rng.randint(1, 40)}",
            f", Ste {rng.randint(100, 420)}",
            f" Lot {rng.randint(1, 90)}",
            f", Apt. {rng.randint(1, 12)}{rng.choice('ABCD')}",
        ]
    )
    return f"{number} {street}{unit}"


def _zip(rng: random.Random) -> str:
    base = f"{rng.randint(1, 99):02d}{_digits(rng, 3)}"
    return base if rng.random() < 0.7 else f"{base}-{_digits(rng, 4)}"


def _ssn(rng: random.Random) -> str:
    a, b, c = rng.randint(101, 665), rng.randint(11, 98), rng.randint(1001, 9998)
    return rng.choice([f"{a}-{b:02d}-{c}", f"{a} {b:02d} {c}", f"{a}{b:02d}{c}"])


def _mrn(rng: random.Random) -> str:
    forms = [
        f"E{_digits(rng, 7)}",
        f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}",
        f"M-{_digits(rng, 7)}",
        f"{rng.randint(2009, 2026)}-{_digits(rng, 6)}",
        _digits(rng, 9),
        f"K{_digits(rng, 2)}{_upper(rng, 1)}{_digits(rng, 5)}",
    ]
    return rng.choice(forms)


def _plan(rng: random.Random) -> str:
    head = f"{rng.randint(1, 9)}{_upper(rng, 2)}{rng.randint(0, 9)}"
    mbi = f"{head}-{_upper(rng, 1)}{_mixed(rng, 2)}-{_upper(rng, 2)}{_digits(rng, 2)}"
    forms = [
        f"{_upper(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}",
        mbi,
        f"W{_digits(rng, 9)}-0{rng.randint(1, 4)}",
        f"{_upper(rng, 2)}{_digits(rng, 8)}{_upper(rng, 1)}",
        f"{_upper(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 5)}",
    ]
    return rng.choice(forms)


def _account(rng: random.Random) -> str:
    forms = [
        f"{_digits(rng, 4)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
        _digits(rng, 12),
        f"{_digits(rng, 9)}-0{rng.randint(1, 9)}",
        f"A{_digits(rng, 10)}",
        f"{_digits(rng, 3)}.{_digits(rng, 6)}",
    ]
    return rng.choice(forms)


def _license(rng: random.Random) -> str:
    forms = [
        f"{rng.choice('ABFGM')}{_upper(rng, 1)}{_digits(rng, 7)}",
        f"{_upper(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
        f"RN{_digits(rng, 6)}",
        f"MD.{_digits(rng, 7)}",
        f"{_upper(rng, 1)}{_digits(rng, 3)} {_digits(rng, 4)} {_digits(rng, 4)}",
        f"{_digits(rng, 2)}-{_digits(rng, 6)}",
    ]
    return rng.choice(forms)


def _device(rng: random.Random) -> str:
    forms = [
        f"{_upper(rng, 3)}{_digits(rng, 6)}{_upper(rng, 1)}",
        f"{_mixed(rng, 3)}-{_digits(rng, 5)}-{_upper(rng, 1)}",
        f"{_upper(rng, 2)}{_digits(rng, 8)}",
        f"{_mixed(rng, 6)}",
        f"{_digits(rng, 4)}-{_upper(rng, 4)}-{_digits(rng, 4)}",
    ]
    return rng.choice(forms)


def _url(rng: random.Random) -> str:
    host = rng.choice(WEB_HOSTS)
    forms = [
        f"https://{host}/msg/{_digits(rng, 6)}",
        f"www.{host}/share/{_mixed(rng, 8).lower()}",
        f"http://{host}:8443/viewer?study={_digits(rng, 9)}",
        f"{host}/u/{_mixed(rng, 6)}",
        f"https://{host}/p/{_digits(rng, 4)}-{_mixed(rng, 4).lower()}#consent",
    ]
    return rng.choice(forms)


def _ip(rng: random.Random) -> str:
    form = rng.random()
    if form < 0.3:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if form < 0.45:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if form < 0.55:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if form < 0.65:
        groups = ":".join(f"{rng.randint(0, 65535):x}" for _ in range(4))
        return f"2001:db8:{groups}::{rng.randint(1, 255):x}"
    return ".".join(str(rng.randint(11, 223)) for _ in range(4))


def _other_id(rng: random.Random) -> str:
    forms = [
        f"{_upper(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 3)}",
        f"S{rng.randint(19, 26)}-{_digits(rng, 5)}",
        f"WC-{rng.randint(2015, 2026)}-{_digits(rng, 6)}",
        _digits(rng, 5),
        f"{_upper(rng, 2)}{_digits(rng, 7)}",
        f"{_digits(rng, 2)}{_upper(rng, 1)}{_digits(rng, 4)}",
    ]
    return rng.choice(forms)


Maker = Callable[[random.Random], str]

#: slot -> (kind recorded, "phi" or "keep", generator)
SLOTS: dict[str, tuple[str, str, Maker]] = {
    "first": ("NAME_FIRST", "phi", lambda r: r.choice(FIRST)),
    "last": ("NAME_LAST", "phi", lambda r: r.choice(LAST)),
    "full": ("NAME_FULL", "phi", _full),
    "ifull": ("NAME_FULL", "phi", _initial_full),
    "lfull": ("NAME_FULL", "phi", _last_first),
    "date": ("DATE", "phi", _date),
    "phone": ("PHONE", "phi", _phone),
    "fax": ("FAX", "phi", _phone),
    "email": ("EMAIL", "phi", _email),
    "address": ("ADDRESS", "phi", _address),
    "city": ("CITY", "phi", lambda r: r.choice(CITIES)[0]),
    "zip": ("ZIP", "phi", _zip),
    "age": ("AGE", "phi", lambda r: str(r.randint(90, 108))),
    "ssn": ("SSN", "phi", _ssn),
    "mrn": ("MRN", "phi", _mrn),
    "plan": ("HEALTH_PLAN", "phi", _plan),
    "account": ("ACCOUNT", "phi", _account),
    "license": ("LICENSE", "phi", _license),
    "device": ("DEVICE", "phi", _device),
    "url": ("URL", "phi", _url),
    "ip": ("IP", "phi", _ip),
    "id": ("ID", "phi", _other_id),
    "eponym": ("EPONYM", "keep", lambda r: r.choice(EPONYMS)),
    "coreeponym": ("EPONYM", "keep", lambda r: r.choice(CORE_EPONYMS)),
    "coredrug": ("DRUG", "keep", lambda r: r.choice(CORE_DRUGS)),
    "drug": ("DRUG", "keep", lambda r: r.choice(DRUGS)),
    "brand": ("BRAND", "keep", lambda r: r.choice(BRANDS)),
    "disease": ("DISEASE", "keep", lambda r: r.choice(DISEASES)),
    "sign": ("SIGN", "keep", lambda r: r.choice(SIGNS)),
    "scale": ("SCALE", "keep", lambda r: r.choice(SCALES)),
    "anatomy": ("ANATOMY", "keep", lambda r: r.choice(ANATOMY)),
}
STATES = {city.casefold(): state for city, state in CITIES}

TEMPLATES = [
    # neurology and epilepsy clinic letters
    "Re: {full}   DOB {date}   Hosp no. {mrn}\n\nDear Dr {last},\nThank you for"
    " referring {first@a}, who has {disease}. {first@a} reports two seizures with {sign}"
    " since {date}; we increased the {drug}. Video EEG suggested onset in the {anatomy}."
    "\n\nKind regards,\n{full}\nEpilepsy Nurse Specialist",
    "{Brand} was well tolerated. {last@a}'s seizure diary (kept by her mother {first}) shows"
    " clusters around menses; {eponym} was discussed but is unlikely. {last@a} may not drive until"
    " six months seizure-free.",
    "Neurology clinic letter cc: GP, patient.\n{Eponym} - reviewed with {full} and his daughter"
    " {first}. Tremor score unchanged; {drug} increased. Next review {date} (Tel. {phone}).",
    # stroke-unit handover
    "STROKE UNIT HANDOVER 19:00\nBed 7 - {last|up}, {first|up} ({age} yrs)\nS: {Disease},"
    " thrombolysed with {drug}. {Scale} 14 -> 9.\nB: on {brand} at home.\nA: {Sign} persists."
    " Daughter {first} updated on {phone}.\nR: repeat CT if worse; paged {last} (reg) at 21:40.",
    "Handover from {first} (day RN): {Sign} improving, {scale} 3, swallow screen passed."
    " Son-in-law {full} asks about {eponym}. Please call {first} back after 8.",
    # burn unit and plastic surgery
    "Burns unit, day 4. {full} - partial-thickness burn to the {anatomy}; history of {eponym}."
    " Dressings changed under {drug}. {Sign} at graft edges, swab sent (lab no. {id})."
    " Wife {first} at bedside.",
    "Plastics clinic: graft to the {anatomy} healing well; {eponym} noted."
    ' {first} (goes by "{first}") keen to return to work at the foundry.'
    " Continue {brand}. Photos at {url}.",
    "CLINICAL PHOTOGRAPHY CONSENT\nPatient: {lfull}   MRN {mrn}\nSite: {anatomy}"
    " (post-burn {sign})\nUse: record only [x]  teaching [ ]  publication [ ]\nSigned"
    " {date} by the patient; witnessed by {ifull}, medical photographer.\nUpload link: {url}",
    # rheumatology infusion log (CSV export)
    'infusion_date,patient_name,mrn,agent,premed,comment\n{date},"{lfull}",{mrn},{drug},'
    '{brand},"{Sign} settled; {disease} stable, {scale} 3.1"',
    "Infusion suite log - chair 4\n{full} ({mrn}) - {brand} cycle 3. BP 118/74. {Sign} during"
    " the first 30 min, slowed rate. Discussed {eponym} with nurse {last}.",
    # endocrine and diabetes education
    "Diabetes education session: {first} attended with roommate {first}. Reviewed {drug}"
    " injection into the {anatomy} and sick-day rules for {disease}. Pump serial {device}"
    " checked; CGM uploads to {url}.",
    "Endocrine letter\nDear {first},\nYour latest {scale} ({date}) was higher than hoped."
    " We think this is {eponym}, so we will start {drug}. Please book bloods;"
    " questions to {email}.\n{full}, CDCES",
    "{Eponym} suspected in {full} ({age} y) given {sign}. Synacthen booked. Hold {brand};"
    " emergency card issued. Pharmacist {last} counselled on {drug} sick-day doubling.",
    # HIV and sexual-health clinic
    "Sexual health clinic. Clinic no. {id}. Attends for three-monthly review of {disease};"
    " adherent to {brand}. No {sign}. Partner {first} informed by patient, agrees to contact on"
    " {phone}. Next bloods {date}.",
    "PrEP follow-up for {first} - {drug} continued, kidney function fine. Screened for"
    " {disease}; {sign} absent on exam of the {anatomy}. Prefers texts to {phone} only.",
    # renal transplant follow-up
    "Renal transplant clinic - {full} (graft {date}). {Drug} trough 6.1. {Sign} over the"
    " {anatomy}; {eponym} unlikely. Coordinator {last} to book labs. Transplant registry"
    " no. {id}.",
    "Transplant telephone check: {last} reports {sign}; creatinine up. Advised to attend. On"
    " {brand} and {drug}. Wife {first} will drive from {city}.",
    # paediatric growth clinic
    "Growth clinic: {first} (9 yrs), brought by dad {full}. Height on 2nd centile; {sign}."
    " {Eponym} screen negative. Started {brand}. Next visit {date}; parent email {email}.",
    "Paediatric endocrine: {full}, {eponym} assessed; {disease} considered. Mum {first} gives"
    " {drug} nightly. Growth chart uploaded to {url}.",
    # adolescent confidential visit
    "CONFIDENTIAL ADOLESCENT VISIT - do not release to parent portal. {first} (16) came alone;"
    " friend {first} waited outside. Discussed {disease} and started {brand}. Prefers contact"
    " via {email} or cell {phone}, not the home line.",
    # occupational-injury claims
    "WORKERS' COMPENSATION FIRST REPORT\nClaimant: {lfull|up}   SSN: {ssn}\nEmployer: Ridgeline"
    " Poultry, {city}, {state}\nClaim no.: {id}\nInjury: crush injury to the {anatomy} on"
    " {date}; {sign} on exam.\nSupervisor {full} witnessed.",
    "Occ health review: {full}, forklift operator, {sign} after lifting; {eponym} negative."
    " {Disease} suspected; {drug} and light duties. Employer HR contact {full} ({phone}).",
    # interpreter-mediated consultation
    "Consultation via Tigrinya telephone interpreter (interpreter ID {id}). {full} reports"
    " {sign} since {date}. Explained {disease}; plan to start {drug}. Teach-back done with"
    " interpreter {first}.",
    "Interpreter present (Dari, in person: {full}). Patient's husband {first} also answered"
    " some questions. {Eponym} explained; {brand} dose written on card.",
    # street medicine and mobile clinic
    'Street med outreach, {city} river camp. Saw "{first}" again - {sign} of both feet,'
    " likely {disease}. Gave {brand} and socks. No fixed address; mail c/o {address}."
    " Caseworker {last} notified.",
    "stop,time,client,dob,complaint,given\nLibrary lot,10:40,{full},{date},{sign},{brand}\n"
    'Food bank,11:55,"{lfull}",{date},{disease},{drug}',
    "MOBILE CLINIC LOG - van 2 - {date}\n{last} (known to team) back for wound care of the"
    " {anatomy}; {sign}. {Drug} restarted. Outreach worker {first} to follow up at the shelter.",
    # chaplain rounds
    "Chaplain rounds: visited {full} on 5 West. Facing a new diagnosis of {disease}; asked that"
    " her pastor, {full}, visit Sunday. Son {first} present. Fears {eponym} like her mother.",
    "Spiritual care note - {first} asked for a blessing before surgery on the {anatomy}. Rev."
    " {last} contacted. Patient calm; {sign} noted by nursing.",
    # pharmacy counselling log
    "Pharmacy counselling - Rx {id}\nCounselled {full} on {drug} with {brand}: interaction risk,"
    " watch for {sign}. Caregiver {first} fills the pill box. Prescriber DEA {license}. Call"
    " back on {phone}.",
    "Med rec (source: patient + fill history; {full}, PharmD)\n1. {drug} 500 mg BID - taking\n"
    "2. {brand} - stopped by {last} on {date}\n3. {drug} - not taking",
    # tele-ICU
    "eICU video round 02:15. Bedside RN {first} reports {sign}; MAP 58. Started {drug}. {Scale}"
    " -2. Session from {ip} logged; intensivist {full} on camera.",
    "Tele-ICU note: camera into bed 12 ({lfull}). {Disease}; on {brand}. Family contact:"
    " brother {first}, {phone}. Link dropped from {ip} at 03:10, reconnected.",
    # semi-structured JSON-ish EHR snippets
    '{"patient": {"name": "{full}", "dob": "{date}", "mrn": "{mrn}", "zip": "{zip}"},'
    ' "problems": ["{disease}", "{eponym}"], "meds": ["{drug}", "{brand}"]}',
    '{"encounter": "{id}", "device_sn": "{device}", "client_ip": "{ip}", "author": "{last}",'
    ' "assessment": "{Disease}; {sign}"}',
    # discharge summaries
    "DISCHARGE SUMMARY\nName: {full}   Age: {age}   Admitted: {date}\nDx: {disease} with"
    " {sign}.\nCourse: {Eponym} excluded. Discharged on {drug} and {brand}.\nFollow-up with"
    " {ifull} in 2 weeks. Home: {address}, {city}, {state} {zip}.",
    "Discharge to daughter {first}'s home at {address}, {city} {zip}. {Brand} stopped; {drug}"
    " started for {disease}.",
    # nursing notes
    "0300 pt restless, pulling at {anatomy} line. {last} (charge RN) aware. {Sign} noted; gave"
    " {drug} PRN per order. Husband {first} phoned 0430 - updated.",
    "Nursing: {Scale} 17, high risk. Mobilised with {first} from physio. Per Nurse {last}, the"
    " {sign} is worse at night. {Brand} given at 22:00.",
    # referral letters and faxes
    "FAX  To: Neurology intake  Fax: {fax}\nFrom: Lakeview Family Practice  Tel {phone}  Fx"
    " {fax}\nRe: {full} / DOB {date}\nReason: ?{eponym}, new {sign}. Already on {drug}.",
    "Referral: {full}, {age}, for {disease}. {Sign} and {sign}. Please fax reply to {fax}."
    " Referring clinician {ifull} (lic. {license}).",
    # telephone encounters
    "TE {date}: son {full} called from {phone} - mum more confused, {sign}. Advised ED if"
    " worse. Routed to {last}. {Brand} refill approved.",
    "Phone call with {first} (neighbour) re {last}: found on floor, {sign}. {Eponym} vs"
    " {disease}. Ambulance called.",
    # patient portal messages
    "hi this is {first|low} (pt is my dad {full}). his {sign} is back and the {brand} isnt"
    " helping. can someone call me at {phone}? thx",
    "Portal msg from {email}: \"Hi, it's {first}. My {sign} is better on {drug} but I ran out"
    ' of {brand}. - {first}"',
    # social and family history
    "SOCIAL HX: lives with partner {first} in {city}. Line cook. Quit tobacco 2019. His boxing"
    " coach, {last}, drives him to appointments. Screened for {disease}: negative {scale}.",
    "FHx: Mother - {eponym}, died aged {age}. Father ({full}) - {disease}. Maternal aunt {first}"
    " - {eponym}. Sister {first} well.",
    # consults
    "Rheumatology consult requested by {last} for ?{disease}. {Sign} of the {anatomy}"
    " bilaterally. {Eponym} unlikely. Rec: start {drug}, repeat {scale}.\n- {full}, fellow",
    "{last}, {first}: seen in ED. {Eponym} ruled out; {sign} of the {anatomy}. {Drug} given."
    " Discussed with {last} (ortho reg).",
    # radiology and lab headers
    "EXAM: MRI brain w/wo   ACC: {id}\nPATIENT: {lfull|up}   MRN: {mrn}   DOB: {date}\n"
    "REFERRER: {ifull}\nHISTORY: {Eponym}; {sign}.\nFINDINGS: {Anatomy} normal.",
    "Specimen collected {date} 07:12\nPt: {lfull}  Sex F  Age {age}\nOrdering: {full}  Acct"
    " {account}\nGlucose 14.2 (H); {scale} to follow. Known {disease}; on {brand}.",
    # case-report prose
    "A {age}-year-old woman from {city} presented with {sign} and {sign}. She had {disease}"
    " treated with {drug}. {Eponym} was diagnosed after biopsy of the {anatomy}. (Case"
    " contributed by {full}; {email}.)",
    # insurance and billing
    "PRIOR AUTHORIZATION REQUEST\nMember: {full}\nMember ID: {plan}\nSubscriber SSN: {ssn}\n"
    "Drug: {brand} ({drug}) for {disease}\nPrescriber: {full}, DEA {license}\nOffice {phone}"
    "  fax {fax}",
    "Statement {date}. Guarantor {full}, acct no. {account}. Balance $214.50 for {anatomy}"
    " ultrasound. Pay at {url} or mail to {address}, {city}, {state} {zip}.",
    "Eligibility check: policy {plan} active; secondary Medicaid {plan}. Patient {last} owes"
    " copay for {brand}. Accounts {account} and {account} merged by {first} in registration.",
    # devices and audit logs
    "Device clinic: dual-chamber pacemaker SN {device} interrogated for {full}. {Disease}"
    " burden 4%; continue {brand}. Remote monitor {device} re-paired.",
    'AUDIT user={last|low} src_ip={ip} patient_mrn={mrn} action=VIEW note="{Disease} follow-up"',
    # registration and identity
    "Registration: ID verified with driver licence {license}; Medicaid card {plan}. {full}"
    ' prefers to be called "{first}". SSN on file {ssn}. Chief complaint {sign}.',
    "Demographics updated: {address}, {city}, {state} {zip}; mobile {phone}; SSN {ssn};"
    " emergency contact {full} (roommate). Allergy: {drug}.",
    # names at sentence start, possessives, lists
    "{full} was found by neighbour {full} on the kitchen floor; last seen well {date}. {Sign}"
    " and facial droop - {eponym} vs {disease}.",
    "{last}'s {sign} has improved on {drug}; {first} is keen to reduce the {brand}.",
    "Present at family meeting: {full}, {first} (daughter), {first} (son-in-law), {last} (SW)"
    " and chaplain {last}. Discussed {eponym} prognosis; {scale} reviewed.",
    "Thanks so much!\n{first}\n--\n{full} | Care Coordinator\nT {phone} | F {fax}\n{email}\n"
    "{Disease} Program, {address}, {city}",
    "{first}, {first} and {first} (triplets) seen for {disease}; all on {drug}. Mum {full}"
    " worried about {sign}.",
    "Discussed with {last} (consultant) and {last} (pharmacy). Plan: stop {drug}, start"
    " {brand} for {disease}.\n- {ifull}, FY2",
    # the issue's own terms
    "{Coreeponym} and {disease} on the problem list; {Coredrug} continued. Seen with her"
    " caregiver {first}, who asks whether {coreeponym} runs in families.",
    "Birth record: baby girl {last}, born {date} to {full}. {Coreeponym} noted by midwife"
    " {first}; mother on {coredrug} in pregnancy. {Sign} on day 2.",
    "{Coredrug} held for the {anatomy} biopsy. {last} (neighbour) has the spare key; {first}"
    " manages her {coreeponym} meds and {brand}.",
    # ages over 89
    "{age}F, nursing-home resident, {sign} x2 days. Hx {eponym}, {disease}. On {brand}."
    " Granddaughter {first} is HCP.",
    "Nonagenarian (aged {age}) with {disease}; lives alone on {address}. Caregiver {full}"
    " visits daily. {Scale} 6/10.",
]

_SLOT = re.compile(r"(\{[A-Za-z]+(?:\|(?:up|low))?(?:@[a-z])?\})")


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    city = ""
    tagged: dict[str, str] = {}
    for piece in _SLOT.split(template):
        if not _SLOT.fullmatch(piece):
            note.text += piece
            continue
        body = piece[1:-1]
        body, _, tag = body.partition("@")
        slot, _, modifier = body.partition("|")
        if slot == "state":
            note.text += STATES[city.casefold()]
            continue
        kind, where, make = SLOTS[slot.lower()]
        key = f"{slot.lower()}@{tag}"
        if tag and key in tagged:
            value = tagged[key]
        else:
            value = make(rng)
            if tag:
                tagged[key] = value
        if slot[0].isupper():
            value = value[0].upper() + value[1:]
        if modifier == "up":
            value = value.upper()
        elif modifier == "low":
            value = value.lower()
        if kind == "CITY":
            city = value
        span = (kind, len(note.text), len(note.text) + len(value))
        (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    return note


def generate(per_template: int = 10, seed: int = 20261210) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
