"""The EIGHTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the
contents of the v3-v7 sets, before the scrubber changes of that day; it is run once after
them. Any change to the scrubber made after reading this set's errors makes its figures
development figures, and must be said so.

Everything here is invented: seeded random fills of note templates written for this set (911
and dispatch transcripts, chaplaincy, dietitian, sleep-lab, allergy, fertility, bariatric,
sports and travel medicine, MAT clinic, NICU, cardiac rehab, billing disputes, release forms,
complaint letters, admission forms, discharge instructions, direct messages, group chats and
the everyday note types). No first name or surname is shared with tests/phi_eval_set.py,
tests/phi_eval_set_v2.py ... tests/phi_eval_set_v7.py or tests/phi_corpus.py. Each note
records ``phi`` and ``keep`` spans as (kind, start, end) like tests/phi_eval_set.py does.

Template slots are ``{kind}``, ``{kind@n}`` (the n-th person of the note, so that a full name
and a later first name or surname belong to the same person) and ``{kind:form}`` with the forms
``upper``, ``lower``, ``rev`` (surname, first name), ``revupper``, ``lastupper`` (SURNAME,
first name), ``dicom`` (SURNAME^FIRST) and ``user`` (a login made of the name); a slot
written with a capital letter capitalises the value's first letter. ``{KIND=text}`` writes a
fixed clinical term and records it as a keep span of that kind.
"""

from __future__ import annotations

import random
import re
import string
import unicodedata
from collections.abc import Callable

from phi_eval_set import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, Note

__all__ = ["IDENTIFIER_KINDS", "KEEP_KINDS", "NAME_KINDS", "Note", "generate"]

FROZEN_ON = "2026-12-02"

# fmt: off
FIRST = [
    # West African
    "Uchechi", "Tunde", "Ebunoluwa", "Oreoluwa", "Ifeanyichukwu", "Chinwendu", "Osaretin",
    "Eghosa", "Nosakhare", "Kobina", "Esi", "Kossi", "Boubacar", "Lansana", "Fodé", "Sidiki",
    "Abla",
    # East Asian
    "Ji-ho", "Aiko", "Chae-won", "Kenta", "Da-eun", "Yeon-woo", "Tae-yang", "Haneul", "Ziyi",
    "Ruolan", "Kaiyu", "Shoko", "Naoki", "Chihiro", "Mai",
    # South Asian
    "Anil", "Diya", "Anvi", "Harsimran", "Sushila", "Omkar", "Rukhsana", "Shabnam", "Chandrika",
    "Prasanna", "Thilini",
    # Slavic and Central European
    "Zuzana", "Jelena", "Stanislav", "Bronisław", "Svyatoslav", "Vlastimil", "Radmila",
    "Milorad", "Božidar", "Zlata", "Ksenia", "Levente", "Zsófia",
    # Arabic
    "Salma", "Youssef", "Munir", "Iyad", "Raed", "Manal", "Shadi",
    # Latin American
    "Eustaquio", "Marisela", "Genoveva", "Casimiro", "Florencio", "Eréndira", "Tonatiuh",
    "Citlali", "Lisandro", "Nicanor", "Lourdes",
    # Nordic
    "Sølvi", "Linnea", "Torsten", "Katrine", "Stian", "Sigurd", "Arnfinn", "Aslaug", "Kaisa",
    "Ilmari", "Sirkka", "Hrafn",
    # Pacific
    "Losana", "Pita", "Moana", "Tama", "Hinewai", "Vaea", "Nalani", "Iolana", "Lagi",
    # Irish
    "Dermot", "Sadhbh", "Damhnait", "Odhrán", "Bríd", "Peadar", "Úna",
    # Greek, German, Hebrew, Caucasus, Central Asian
    "Anneliese", "Matthias", "Giorgos", "Eleni", "Vasiliki", "Tamar", "Yitzhak", "Dorotea",
    "Anastasios", "Ottilie", "Wolfram", "Zurab", "Tamta", "Anahit", "Vardan", "Levan",
    "Nodira", "Bakhyt", "Aizhan",
    # also English words or places
    "Heather", "Mercy", "Grant", "Star", "Candy", "Cherry", "Goldie", "Justice", "Melody",
    "Shadow", "Blaze", "Savannah", "Brooklyn", "Israel", "Eden", "Kenya", "Tulsa", "Red",
    "Junior", "Peaches",
    # nicknames
    "Tish", "Deb", "Sully", "Bo", "Dot", "Trudy", "Pip", "Lulu", "Mimi", "Skip", "Bucky",
    "Smitty", "Nell", "Fitz", "Dee-Dee", "Bibi",
    # older and newer US names
    "Doreen", "Gerald", "Phyllis", "Clifford", "Ronald", "Brandon", "Kayla", "Tristan",
    "Bethany", "Lyle", "Ethel", "Mabel", "Wilma", "Gertrude", "Floyd", "Lowell", "Ida-Mae",
    "Jaxon", "Kinsley", "Paisley", "Brantley", "Rylee", "Jace",
]
LAST = [
    # West African
    "Keïta", "Darko", "Okeke-Nwosu", "Oyinlola", "Adewale", "Ekwueme", "Okorafor", "Onwuachi",
    "Egwu", "Ampofo", "Kyei", "Appiah-Kubi", "Sawadogo", "Kaboré", "Tchombe", "Nkemelu",
    "Ezeugo",
    # East Asian
    "Cheng", "Ueda", "Oyama", "Sakamoto", "Tsuchiya", "Nagai", "Moon", "Song", "Han", "Kwak",
    "Tang", "Peng", "Ye", "Ho",
    # South Asian
    "Chaudhary", "Gopalakrishnan", "Karthikeyan", "Thakkar", "Parikh", "Naidu", "Hegde",
    "Shetty", "Majumder", "Sengupta", "Jayawardena",
    # Slavic and Central European
    "Zawadzka", "Orlova", "Szabó", "Wróblewski", "Zieliński", "Sokołowska", "Hrabovsky",
    "Savchenko", "Veselý", "Jovanovska", "Ilić", "Kuznetsov", "Sorokina",
    # Arabic
    "Al-Amin", "Tawfik", "Al-Rashidi", "Shalabi", "Awad", "Zayed", "Karam", "Al-Otaibi",
    "Bou Saab", "Sleiman", "Abdel-Malek", "Abu-Hamdan", "bin Yusof",
    # Latin American and Iberian
    "Tapia", "Carrillo", "Barraza", "Galindo", "Mejía", "Saucedo", "Pulido", "Bermúdez",
    "Rodríguez-Ochoa", "dos Santos", "Dos Reis", "de Oliveira-Lima",
    # Nordic
    "Sundberg", "Magnússon", "Sæther", "Bjørnstad", "Engebretsen", "Holmgren", "Wikström",
    "Lindholm", "Laaksonen", "Vestergaard",
    # Pacific
    "Vaifale", "Kupu", "Moengangongo", "Latu", "Pouono", "Seiuli", "Amituanai", "Kamakana",
    "Te Rangi", "Tawhiri",
    # Irish
    "Ó Conaill", "Ó Murchú", "Kavanagh", "Dunphy", "Fogarty", "Lenihan", "Costigan",
    "Rafferty", "Mac Lochlainn",
    # particles and hyphens
    "De Vries", "Van Zandt", "van der Merwe", "de Groot", "Vander Ploeg", "la Fontaine",
    "zur Linden", "Della Rovere", "Lo Bianco", "Okafor-Hill",
    # also English words or places
    "Rice", "Hall", "Fields", "Orange", "Butcher", "Slaughter", "Painter", "Potter", "Hedges",
    "Crow", "Trout", "Stork", "Bone", "Hand", "Thorn", "Coffee", "Hammer", "Steel", "Silver",
    "Judge", "Proud", "Oxford", "Preston", "Dublin", "Glasgow", "York", "Sheffield",
    "Brighton", "Tanner",
    # English and Scots
    "Chamberlain", "Blackwell", "Hargrove", "Dempsey", "Ramsey", "Kettering", "Oakes",
    "Pickett", "Bradshaw", "Cotterill", "Dinsmore", "Fairbanks", "Gilchrist", "Hathaway",
    "Lockhart", "Nettleton", "Ormsby", "Prescott", "Rutherford", "Underwood", "Vickers",
    "Wetherby", "Yardley",
]
MIDDLE = list("ABCDEFGHJKLMNOPRSTVW")

EPONYMS = [
    "Parkinson's disease", "Parkinson disease", "Crohn's", "Crohn disease", "Cushing's",
    "Cushing syndrome", "Hodgkin", "Hodgkin's lymphoma", "Alzheimer's", "Alzheimer dementia",
    "Graves' disease", "Graves disease", "Bell's palsy", "Down syndrome", "Apgar",
    "Glasgow coma scale", "Hashimoto's", "Sjogren's", "Kallmann syndrome", "Asherman syndrome",
    "Kleine-Levin syndrome", "Willis-Ekbom disease", "Pickwickian syndrome",
    "Cheyne-Stokes breathing", "Samter's triad", "Ehlers-Danlos syndrome",
    "Lennox-Gastaut syndrome", "Dravet syndrome", "Wernicke-Korsakoff syndrome",
    "Osgood-Schlatter", "Sever's disease", "Jones fracture", "Lisfranc injury",
    "Maisonneuve fracture", "Hill-Sachs lesion", "Bankart lesion", "Baker's cyst",
    "Morton's neuroma", "de Quervain tenosynovitis", "Kienböck disease",
    "Legg-Calvé-Perthes disease", "Scheuermann kyphosis", "Chagas disease", "Whipple's disease",
    "Hirschsprung's", "Zenker's diverticulum", "Schatzki ring", "Dieulafoy lesion",
    "Ogilvie syndrome", "Takotsubo cardiomyopathy", "Dressler syndrome", "Mobitz II block",
    "Wenckebach", "Stokes-Adams attacks", "Brugada pattern", "Wolff-Parkinson-White",
    "Lambert-Eaton syndrome", "Tietze syndrome", "Roux-en-Y gastric bypass",
    "Nissen wrap", "Heimlich maneuver", "Valsalva", "Kegel exercises", "Tanner stage",
    "Ballard score", "Dubowitz exam", "Romberg sign", "Trendelenburg gait",
    "Korsakoff psychosis", "Addison's", "Huntington's chorea", "Guillain-Barre",
    "Raynaud's", "Lyme disease", "Kawasaki disease", "Marfan habitus", "Barrett's",
]
DRUGS = [
    "metformin", "warfarin", "semaglutide", "tirzepatide", "liraglutide", "phentermine",
    "topiramate", "naltrexone", "buprenorphine-naloxone", "methadone", "disulfiram",
    "acamprosate", "varenicline", "clomiphene", "letrozole", "leuprolide", "follitropin alfa",
    "melatonin", "modafinil", "armodafinil", "sodium oxybate", "zolpidem", "trazodone",
    "epinephrine", "cetirizine", "fexofenadine", "montelukast", "fluticasone", "omalizumab",
    "dupilumab", "caffeine citrate", "ampicillin", "gentamicin", "ferrous sulfate",
    "cholecalciferol", "thiamine", "ticagrelor", "rosuvastatin", "sacubitril-valsartan",
    "ivabradine", "atovaquone-proguanil", "acetazolamide", "naproxen", "meloxicam",
    "cyclobenzaprine", "clonidine", "lofexidine", "empagliflozin", "dapagliflozin",
    "torsemide", "bisoprolol", "apixaban", "hydroxychloroquine", "mesalamine",
    "ursodiol", "budesonide", "mirtazapine", "haloperidol", "risperidone", "lithium",
]
BRANDS = [
    "Ozempic", "Wegovy", "Mounjaro", "Zepbound", "Saxenda", "Qsymia", "Contrave", "Suboxone",
    "Sublocade", "Vivitrol", "Narcan", "Antabuse", "Chantix", "Clomid", "Femara", "Lupron",
    "Gonal-f", "Menopur", "Ovidrel", "Provigil", "Nuvigil", "Xyrem", "Ambien", "EpiPen",
    "Auvi-Q", "Zyrtec", "Allegra", "Singulair", "Flonase", "Xolair", "Dupixent", "Entresto",
    "Brilinta", "Crestor", "Eliquis", "Xarelto", "Coumadin", "Glucophage", "Jardiance",
    "Farxiga", "Lasix", "Synthroid", "Tylenol", "Advil", "Aleve", "Flexeril", "Malarone",
    "Diamox", "Lantus", "Trulicity", "Plavix", "Zoloft", "Lexapro", "Wellbutrin", "Seroquel",
    "Keppra", "Lyrica", "Prilosec", "Humira", "Remeron",
]
DISEASES = [
    "obstructive sleep apnea", "narcolepsy type 1", "restless legs syndrome",
    "chronic insomnia", "peanut allergy", "anaphylaxis", "allergic rhinitis",
    "moderate persistent asthma", "eosinophilic esophagitis", "atopic dermatitis",
    "polycystic ovary syndrome", "endometriosis", "diminished ovarian reserve",
    "class III obesity", "type 2 diabetes", "nonalcoholic steatohepatitis",
    "gastroesophageal reflux disease", "opioid use disorder", "alcohol use disorder",
    "hepatitis C", "bronchopulmonary dysplasia", "neonatal jaundice",
    "necrotizing enterocolitis", "respiratory distress syndrome",
    "heart failure with reduced ejection fraction", "atrial fibrillation",
    "coronary artery disease", "NSTEMI", "falciparum malaria", "travelers' diarrhea",
    "dengue fever", "acute mountain sickness", "concussion", "tibial stress fracture",
    "hypertension", "chronic kidney disease stage 3b", "COPD", "community-acquired pneumonia",
    "urosepsis", "celiac disease", "iron deficiency anemia", "osteoporosis",
    "major depressive disorder", "generalized anxiety disorder", "vascular dementia",
    "delirium", "cellulitis", "stage 2 pressure injury", "hypothyroidism", "gout",
    "migraine without aura", "ulcerative colitis", "pulmonary embolism", "sickle cell disease",
]
SIGNS = [
    "wheezing", "stridor", "urticaria", "angioedema", "loud snoring", "witnessed apneas",
    "excessive daytime sleepiness", "cataplexy", "hypnagogic hallucinations", "bradycardia",
    "tachycardia", "oxygen desaturation", "scleral icterus", "pallor", "cyanosis",
    "pitting edema", "diaphoresis", "chest tightness", "dyspnea on exertion", "orthopnea",
    "nausea", "bilious emesis", "loose stools", "low-grade fever", "rigors", "hematuria",
    "melena", "hematemesis", "syncope", "lightheadedness", "resting tremor", "confusion",
    "lethargy", "poor feeding", "subcostal retractions", "nasal flaring", "grunting",
    "maculopapular rash", "pruritus", "piloerection", "yawning", "rhinorrhea", "lacrimation",
    "mydriasis", "abdominal distension", "unintentional weight loss", "dysphagia",
    "early satiety", "palpitations", "night sweats", "hoarseness", "joint effusion",
]
SCALES = [
    "STOP-BANG", "Epworth Sleepiness Scale", "apnea-hypopnea index",
    "Clinical Opiate Withdrawal Scale", "COWS", "CIWA-Ar", "AUDIT-C", "PHQ-9", "GAD-7",
    "Montreal Cognitive Assessment", "Mini-Mental State Examination", "Morse Fall Scale",
    "numeric pain rating scale", "FLACC scale", "Neonatal Infant Pain Scale",
    "rating of perceived exertion", "six-minute walk test", "body mass index", "NYHA class",
    "Edmonton Obesity Staging System", "ECOG performance status", "Lawton IADL scale",
    "Timed Up and Go", "Malnutrition Universal Screening Tool", "SCORAD",
    "Asthma Control Test", "SNOT-22", "visual analog scale", "Clinical Frailty Scale",
    "CHA2DS2-VASc score", "HAS-BLED score", "MELD score", "Functional Movement Screen",
    "SCAT5 symptom score", "Fagerstrom test",
]
ANATOMY = [
    "left atrium", "right ventricle", "aortic valve", "mitral valve", "inferior vena cava",
    "uvula", "soft palate", "palatine tonsils", "nasal septum", "inferior turbinates",
    "oropharynx", "epiglottis", "trachea", "left lower lobe", "pleura", "diaphragm",
    "esophagus", "gastroesophageal junction", "gastric fundus", "pylorus", "duodenum",
    "jejunum", "terminal ileum", "cecum", "sigmoid colon", "rectum", "liver", "gallbladder",
    "pancreas", "spleen", "left kidney", "bladder", "uterus", "endometrium", "right ovary",
    "fallopian tubes", "cervix", "prostate", "femur", "tibia", "fibula", "fifth metatarsal",
    "medial meniscus", "anterior cruciate ligament", "rotator cuff", "glenoid labrum",
    "lumbar spine", "sacrum", "scalp", "anterior fontanelle", "umbilical stump",
    "antecubital fossa", "radial artery", "femoral vein", "carotid artery",
    "external jugular vein", "frontal lobe", "hippocampus", "brainstem", "cerebellum",
    "sclera", "conjunctiva", "tympanic membrane", "sacral skin", "heel",
]

CITIES = [
    ("Lubbock", "TX"), ("Hattiesburg", "MS"), ("Muncie", "IN"), ("Bozeman", "MT"),
    ("Kalamazoo", "MI"), ("Yakima", "WA"), ("Dothan", "AL"), ("Bemidji", "MN"),
    ("Paducah", "KY"), ("Chillicothe", "OH"), ("Opelousas", "LA"), ("Walla Walla", "WA"),
    ("Eau Claire", "WI"), ("Las Cruces", "NM"), ("St. Cloud", "MN"), ("Coeur d'Alene", "ID"),
    ("Hilo", "HI"), ("Kearney", "NE"), ("Flagstaff", "AZ"), ("Ithaca", "NY"),
    ("Valdosta", "GA"), ("Joplin", "MO"), ("Bangor", "ME"), ("Burlington", "VT"),
    ("Liberty", "MO"), ("Independence", "KS"), ("Paradise", "CA"), ("Carmel", "IN"),
    ("Beaumont", "TX"), ("Truth or Consequences", "NM"), ("Sandusky", "OH"),
    ("Pine Bluff", "AR"), ("Rapid City", "SD"), ("Winslow", "AZ"), ("Elko", "NV"),
    ("Nacogdoches", "TX"), ("Keene", "NH"), ("Watertown", "NY"), ("Laredo", "TX"),
    ("Pocatello", "ID"),
]
STATES = dict(CITIES)
STREETS = [
    "Old Mill", "Quarry Ridge", "Tamarack", "Sycamore Bend", "Pecan Grove",
    "Martin Luther King Jr.", "Wabash", "Calle del Sol", "Kamehameha", "Bluebonnet",
    "Magnolia Bluff", "Prospect", "Cottonwood", "Juniper Hollow", "Frontage", "Saw Grass",
    "Buckeye", "Deer Run", "Lakeshore", "Church", "Mill Pond", "Redbud", "Iron Horse",
]
STREET_KINDS = [
    "Rd", "Road", "St.", "Street", "Ave", "Avenue", "Ln", "Lane", "Dr.", "Drive", "Blvd",
    "Way", "Trail", "Pike", "Hwy", "Loop", "Cir.",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
MAIL_HOSTS = [
    "outlook.com", "aol.com", "comcast.net", "att.net", "ymail.com", "live.com", "me.com",
    "bellsouth.net", "gmx.com", "pm.me", "sbcglobal.net", "fastmail.com",
]
WEB_HOSTS = [
    "portal.riverbendhealth.org", "mychart.stvincent-ks.org", "records.lakesregional.net",
    "my.prairiecardiology.com", "telehealth.pinecrestclinic.org",
    "share.sleepcenter-southwest.com",
]
NUMBER_WORDS = {
    90: "ninety", 91: "ninety-one", 92: "ninety-two", 93: "ninety-three", 94: "ninety-four",
    95: "ninety-five", 96: "ninety-six", 97: "ninety-seven", 98: "ninety-eight",
    99: "ninety-nine",
}
# fmt: on


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _u(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def _ud(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(n))


def _date(rng: random.Random) -> str:
    year = rng.choice([2019, 2021, 2022, 2023, 2024, 2025, 2026, 1938, 1951, 1967, 1984, 2003])
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    name = MONTHS[month - 1]
    forms = [
        f"{month}/{day}/{year}",
        f"{month:02d}/{day:02d}/{year % 100:02d}",
        f"{month}-{day}-{year}",
        f"{year}-{month:02d}-{day:02d}",
        f"{day} {name[:3]} {year}",
        f"{name} {day}, {year}",
        f"{name[:3]}. {day}",
        f"{name} {day}th" if day in (4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14) else f"{name} {day}",
        f"{day:02d}-{name[:3].upper()}-{year}",
        f"{month}/{day}",
        f"{year}{month:02d}{day:02d}",
        f"{name[:3]} {day} {year}",
    ]
    return rng.choice(forms)


def _phone_digits(rng: random.Random) -> tuple[str, str, str]:
    return str(rng.randint(205, 989)), str(rng.randint(201, 989)), _d(rng, 4)


def _phone(rng: random.Random) -> str:
    a, b, c = _phone_digits(rng)
    return rng.choice(
        [
            f"{a}.{b}.{c}",
            f"1-{a}-{b}-{c}",
            f"+1 {a} {b} {c}",
            f"{a}{b}{c}",
            f"{a} {b}-{c}",
            f"({a}) {b} {c}",
            f"{a}-{b}-{c} x{rng.randint(10, 4999)}",
            f"{b}-{c}",
        ]
    )


def _fax(rng: random.Random) -> str:
    a, b, c = _phone_digits(rng)
    return rng.choice([f"({a}){b}.{c}", f"{a}/{b}/{c}", f"1 {a} {b}-{c}", f"{a}-{b}-{c}"])


def _ascii(name: str) -> str:
    name = name.lower().replace("ø", "o").replace("ł", "l").replace("æ", "ae")
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z-]", "", plain)


def _email(rng: random.Random) -> str:
    first = _ascii(rng.choice(FIRST))
    last = _ascii(rng.choice(LAST))
    local = rng.choice(
        [
            f"{first}.{last}",
            f"{first[0]}{last}{rng.randint(1, 99)}",
            f"{first}_{rng.randint(1950, 2010)}",
            f"{last}.family",
            f"{first}{last[:3]}{_d(rng, 3)}",
            f"mama.{first}",
        ]
    )
    return f"{local}@{rng.choice(MAIL_HOSTS)}"


def _address(rng: random.Random) -> str:
    number = str(rng.randint(3, 29999))
    street = f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
    return rng.choice(
        [
            f"{number} {street}",
            f"{number} {rng.choice('NSEW')}. {street}",
            f"{number} {street}, Apt {rng.randint(1, 40)}{rng.choice('ABCD')}",
            f"{number} {street} Unit {rng.randint(100, 999)}",
            f"P.O. Box {rng.randint(100, 9999)}",
            f"RR {rng.randint(1, 9)} Box {rng.randint(10, 300)}",
            f"County Road {rng.randint(2, 900)}",
            f"{number}-{rng.choice('ABC')} {street}",
        ]
    )


def _zip(rng: random.Random) -> str:
    five = f"{rng.randint(1001, 99950):05d}"
    return rng.choice([five, five, f"{five}-{_d(rng, 4)}"])


def _age(rng: random.Random) -> str:
    age = rng.randint(90, 106)
    if age in NUMBER_WORDS and rng.random() < 0.2:
        return NUMBER_WORDS[age]
    return str(age)


def _ssn(rng: random.Random) -> str:
    a, b, c = f"{rng.randint(1, 899):03d}", f"{rng.randint(1, 99):02d}", _d(rng, 4)
    return rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}", f"{a}.{b}.{c}"])


def _mrn(rng: random.Random) -> str:
    return rng.choice(
        [
            _d(rng, 8),
            f"00{_d(rng, 6)}",
            f"H-{_d(rng, 6)}",
            f"{_d(rng, 3)}-{_d(rng, 3)}-{_d(rng, 1)}",
            f"RB{_d(rng, 7)}",
            f"{_d(rng, 2)}.{_d(rng, 5)}",
            f"M{_d(rng, 9)}",
        ]
    )


def _plan(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_u(rng, 3)}{_d(rng, 9)}",
            "-".join(
                [f"{_d(rng, 1)}{_u(rng, 2)}{_d(rng, 1)}", f"{_u(rng, 2)}{_d(rng, 1)}", _ud(rng, 4)]
            ),
            f"{_d(rng, 9)}-0{rng.randint(1, 4)}",
            f"{_d(rng, 8)}{_u(rng, 1)}",
            f"W{_d(rng, 10)}",
            f"{_u(rng, 2)} {_d(rng, 4)} {_d(rng, 4)}",
        ]
    )


def _acct(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_d(rng, 4)}-{_d(rng, 5)}",
            f"000{_d(rng, 7)}",
            f"HAR{_d(rng, 9)}",
            f"{rng.randint(2019, 2026)}-{_d(rng, 6)}",
            f"G{_d(rng, 7)}",
            f"{_d(rng, 10)}",
        ]
    )


def _lic(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_u(rng, 1)}{_d(rng, 3)}-{_d(rng, 4)}-{_d(rng, 4)}",
            f"{_d(rng, 8)}",
            f"{_u(rng, 2)}{_d(rng, 7)}",
            f"MD-{_d(rng, 5)}",
            f"RN{_d(rng, 6)}",
            f"{_u(rng, 1)}{_d(rng, 7)}",
            f"{_d(rng, 3)} {_d(rng, 3)} {_d(rng, 3)}",
        ]
    )


def _device(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_u(rng, 3)}{_d(rng, 6)}{_u(rng, 1)}",
            f"{_d(rng, 5)}{_u(rng, 1)}{_d(rng, 5)}",
            f"NG{_d(rng, 7)}{_u(rng, 1)}",
            f"{_ud(rng, 4)}-{_ud(rng, 4)}-{_ud(rng, 4)}",
            f"(01){_d(rng, 14)}(21){_ud(rng, 6)}",
            f"SN:{_d(rng, 10)}",
            f"{_ud(rng, 10)}",
        ]
    )


def _url(rng: random.Random) -> str:
    host = rng.choice(WEB_HOSTS)
    return rng.choice(
        [
            f"https://{host}/visit/{_d(rng, 6)}",
            f"{host}/p/{_ud(rng, 8).lower()}",
            f"http://{host}/results?mrn={_d(rng, 7)}",
            f"https://www.facebook.com/{rng.choice(FIRST).lower()}.{_d(rng, 4)}",
            f"https://bit.ly/{_ud(rng, 7)}",
            f"https://www.gofundme.com/f/help-{rng.choice(LAST).lower().replace(' ', '-')}",
            f"https://{host}/share/{_ud(rng, 5)}-{_d(rng, 4)}",
        ]
    )


def _ip(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return f"2600:{rng.randint(1000, 9999)}:{_d(rng, 3)}a:{rng.randint(10, 99)}::{_d(rng, 2)}"
    first = rng.choice([10, 172, 192, 24, 68, 73, 98, 107, 174, 208])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _other_id(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(2022, 2026)}-{_d(rng, 6)}",
            f"CLM{_d(rng, 9)}",
            f"SLP-{rng.randint(22, 26)}-{_d(rng, 4)}",
            f"{_u(rng, 1)}{rng.randint(22, 26)}-{_d(rng, 5)}",
            f"{_d(rng, 9)}",
            f"RX{_d(rng, 7)}",
            f"{_u(rng, 2)}{_d(rng, 5)}{_u(rng, 1)}",
            f"ME-{_d(rng, 2)}-{_d(rng, 4)}",
        ]
    )


IDENTIFIER_SLOTS: dict[str, tuple[str, Callable[[random.Random], str]]] = {
    "date": ("DATE", _date),
    "phone": ("PHONE", _phone),
    "fax": ("FAX", _fax),
    "email": ("EMAIL", _email),
    "address": ("ADDRESS", _address),
    "city": ("CITY", lambda r: r.choice(CITIES)[0]),
    "zip": ("ZIP", _zip),
    "age": ("AGE", _age),
    "ssn": ("SSN", _ssn),
    "mrn": ("MRN", _mrn),
    "plan": ("HEALTH_PLAN", _plan),
    "acct": ("ACCOUNT", _acct),
    "lic": ("LICENSE", _lic),
    "dev": ("DEVICE", _device),
    "url": ("URL", _url),
    "ip": ("IP", _ip),
    "oid": ("ID", _other_id),
}
KEEP_SLOTS: dict[str, tuple[str, list[str]]] = {
    "eponym": ("EPONYM", EPONYMS),
    "drug": ("DRUG", DRUGS),
    "brand": ("BRAND", BRANDS),
    "disease": ("DISEASE", DISEASES),
    "sign": ("SIGN", SIGNS),
    "scale": ("SCALE", SCALES),
    "anat": ("ANATOMY", ANATOMY),
}
NAME_SLOTS = {"first": "NAME_FIRST", "last": "NAME_LAST", "full": "NAME_FULL", "init": "NAME_FULL"}

TEMPLATES = [
    # 911 call transcript
    "INCIDENT {oid} | 911 AUDIO TRANSCRIPT | {date} 02:14\n"
    "CALLTAKER: 911, what is the address of your emergency?\n"
    "CALLER: {address}, in {city}, the blue trailer. it's my grandpa, he's {age}\n"
    "CALLTAKER: Tell me exactly what happened.\n"
    "CALLER: he's got {sign} and he takes {drug} for his {disease}. his name is {full}. "
    "I'm {first}, his grandkid.\n"
    "CALLTAKER: What number are you calling from?\n"
    "CALLER: {phone}",
    # EMS dispatch / run sheet
    "MEDIC 7 RUN SHEET. Dispatched 23:40 to {address} for {sign}. Pt {full:revupper}, "
    "DOB {date}. Per wife {first}, hx {eponym} and {disease}; takes {brand}. "
    "{Scale} on arrival 13. Transported to {city} General. Crew: {last}, {last}.",
    # chaplaincy note
    "SPIRITUAL CARE NOTE {date}\nVisited at bedside with daughter {first@2} and "
    "{first@2}'s husband. {First@1} asked me to call Pastor {last} at {phone}. "
    '"{Eponym} has taken my hands from me," he said. Prayed together; family requests '
    "anointing before the {ANATOMY=carotid artery} procedure.\n-- {full}, Chaplain Resident",
    # dietitian consult
    "NUTRITION CONSULT\nPatient: {full@1}    MRN {mrn}    Age: {age}\n"
    "Referred by {last} for {disease} with {sign}. {First@1} reports poor appetite since "
    "starting {drug}. {Scale} score 3 (high risk). Weight 48.2 kg. Plan: oral supplement TID, "
    "recheck weight {date}. -- {init}, RD, LDN",
    # sleep lab report
    "SLEEP DISORDERS CENTER - POLYSOMNOGRAPHY REPORT\n"
    "Name: {full:rev} | DOB: {date} | Acct: {acct}\nReferring provider: {full}, NP\n"
    "{SCALE=Apnea-hypopnea index} 31.4/h. Study consistent with {disease}. {Sign} and {sign} "
    "noted by tech {first}. PAP titrated to 11 cm H2O; machine S/N {dev} issued. "
    "Avoid {brand} and other sedatives.",
    # allergy clinic
    'Allergy/Immunology, {date}. {Full@1} (goes by "{first}") seen after {sign} and '
    "{sign} within minutes of eating cashews at a wedding in {city}, {state}. "
    "{Brand} x2 prescribed; school nurse {last} to keep one. {Scale} today 18. "
    "Mom {first} asks about {drug}.",
    # fertility clinic
    "REI follow-up. {Full@1} and partner {full@2} reviewed day-3 labs. Working dx "
    "{disease}. Plan {drug} days 3-7, trigger with {brand}. {Last@2}'s semen analysis is "
    "booked for {date}; {last@1} prefers portal messages at {email}.",
    # bariatric clinic
    "Bariatric pre-op visit: {first@1} is a 41 y/o with {disease}, {SCALE=BMI} 46. "
    "{EPONYM=Roux-en-Y gastric bypass} planned with {last}. Psych clearance by {full}. "
    "Hold {brand} 7 days before surgery. Insurer ID {plan}; approval dated {date}. "
    "{First@1}'s sister {first} will drive.",
    # sports medicine
    "SPORTS MED - {full@1}, 19, midfielder, on Coach {last}'s squad. Twisting injury to the "
    "{anat}; {eponym} considered. {Sign} and swelling. {Scale} 6/10. Athletic trainer "
    "{first} can be reached at {phone}. {Last@1} may return per protocol.",
    # travel medicine
    "Travel clinic: {First@1} leaves {date} for eight weeks in Togo and Benin with roommate "
    "{first}. Vaccine card #{oid}. Malaria prophylaxis with {brand} daily; counselled on "
    "{disease} and {disease}. Name as on passport: {full@1:upper}.",
    # MAT clinic
    "MAT CLINIC {date}\n{full:lastupper} - induction day 2. {SCALE=COWS} 12 this AM with "
    "{sign}, {sign}. Increase {brand} to 16 mg. Urine tox accession {oid}. PDMP reviewed; "
    "prescriber {full}, DEA {lic}. Counsellor {first} to see her Thursday.",
    # NICU
    "NICU DAY 6 - Baby Girl {last@1} (twin B), born {date} at 31+2 wks, {EPONYM=Apgar} 4 and "
    "7. Problems: {disease}, {sign}. On {drug}. Mom {first} and dad {first@2} at bedside; "
    "{first@2}'s cell {phone}. Isolette serial {dev}. {Anat} soft.",
    # cardiac rehab
    "CARDIAC REHAB session 14/36 - {full}\nDx: {disease} s/p PCI to the "
    "{ANATOMY=left anterior descending artery}. {Scale} 13. No {sign}. On {brand} and "
    "{drug}. Wife {first} asks whether he may drive to {city} on {date}.",
    # billing dispute
    "Re: account {acct}, statement of {date}\nTo the billing office: I write for my mother, "
    "{full}, about her {disease} admission. The bill lists {brand} four times though she "
    "received it once. Her Medicare number is {plan}. Please call me ({first}) at {phone} or "
    "fax {fax}.",
    # records release
    "AUTHORIZATION TO RELEASE HEALTH INFORMATION\nPatient: {full:rev}   DOB: {date}   "
    "SSN: {ssn}\nAddress: {address}, {city}, {state} {zip}\nRelease to: {full}, Esq., fax "
    "{fax}\nRecords: {disease} care, {scale} results, imaging of the {anat}\n"
    "Witness: {init}",
    # complaint letter
    "Dear Patient Relations,\n{Last}, the night nurse on 4 West, ignored my father's call "
    "light for an hour while he had {sign}. When I asked, {first} said \"that's normal with "
    '{disease}." He got {drug} with nobody checking his {anat}. His MRN is {mrn}.\n'
    "Sincerely,\n{full}\n{email}",
    # nursing home admission
    "MAPLE HOLLOW CARE CENTER - RESIDENT ADMISSION\nResident: {full:upper}  Age: {age}\n"
    "SS#: {ssn}   Medicaid #: {plan}\nResponsible party: {full} (niece) {phone}\n"
    "Attending: {last}\nDiagnoses: {eponym}; {disease}\nAllergies: {brand}\n"
    "{Scale}: 14\nHearing aid serial: {dev}",
    # plain-language discharge instructions
    "Going-home instructions for {first}\nYou were in the hospital for {disease}. Take "
    "{drug} every morning. Call {phone} if you have {sign} or {sign}. Your follow-up "
    "visit is with {full} on {date}. Videos about your {anat}: {url}",
    # social-media direct message
    "[DM] hey its {first:lower} from the {disease} group!! did u ever try {brand}? my endo "
    "{last} said it helped w the {sign}. text me {phone} or my page {url}",
    # caregiver group chat
    "[Family chat - Mom's care]\n{first}: pharmacy says her {brand} is ready, who's picking "
    "up?\n{first}: I can after work. did {last} call back about the {eponym}?\n{first}: yes "
    "appt {date} 10:40. her portal login is {email}\n{first}: ok. she had {sign} again "
    "last night",
    # discharge summary
    "DISCHARGE SUMMARY\nPatient: {full@1}   MRN: {mrn}   Admitted: {date}   Discharged: "
    "{date}\nAttending: {full}\nPrincipal diagnosis: {disease}\nCourse: {Last@1} presented "
    "with {sign}. {Eponym} was considered and excluded. Treated with {drug}, then {brand}. "
    "Follow-up in {last} clinic, {phone}.",
    # nursing note
    "1900 RN NOTE: Resting. {Sign} improved after {drug} at 1745. Son {first} visited, "
    "left number {phone}. Paged {last} re {sign}; no new orders. Skin over the {anat} intact. "
    "Repositioned q2h per {scale}.",
    # referral letter
    "{city}, {date}\n\nDear {last},\nThank you for seeing {full@1}, a {age}-year-old retired "
    "schoolteacher with {eponym}. She lives at {address} with her caregiver {first}. "
    "{Brand} and {drug} are her current medicines.\nKind regards,\n{init}\n"
    "Family Physician, lic. {lic}",
    # telephone encounter
    "TELEPHONE ENCOUNTER {date} 14:22\nCaller: {first} (spouse) re {full}. States {sign} "
    "since yesterday, worse after {brand}. Advised ED for {sign}. Callback {phone}. Routed to "
    "{last}. --{first}, LPN",
    # patient portal message
    "From: {full} <{email}>\nSubject: my {drug}\nHi {first}, the pharmacy won't fill the "
    "{brand} without a prior auth. My plan ID is {plan}. Also the rash near my {anat} is back. "
    "Thanks!",
    # social history
    "SOCIAL HISTORY: Lives in {city}, {state} {zip} with roommate {first}. Works nights at a "
    "warehouse. Quit smoking with {brand}. {Scale} 5. Drives; DL {lic}. Emergency contact: "
    "aunt {full}, {phone}.",
    # family history
    "FAMILY HISTORY\nMother ({first}, died at {age}): {eponym}, {disease}.\nFather {last}: "
    "{disease}.\nBrother {first}: {eponym}.\nMaternal grandmother {full}: lived to {age}; "
    "{disease}.",
    # consult note
    "NEUROLOGY CONSULT requested by {last} for {sign}. {Full@1} is seen with her neighbour "
    "{first}. {Eponym} versus {disease}. Exam: {sign}; {EPONYM=Glasgow coma scale} 14. MRI "
    "of the {anat} ordered. Recommend {drug}. Discussed with {first@1} and {last}.",
    # medication reconciliation
    "MED REC {date} (sources: fill history from pharmacy {phone}; daughter {first})\n"
    "- {drug} 500 mg BID: taking\n- {brand}: stopped by {last}\n- {drug}: not taking (cost)\n"
    "Pharmacy acct {acct}. Reconciled by {full}, PharmD.",
    # radiology header
    "ACC {oid}   MRN {mrn}   {full:dicom}   DOB {date}\nEXAM: MRI {anat} "
    "without contrast\nHISTORY: {sign}; r/o {eponym}\nIMPRESSION: Findings of {disease}.\n"
    "Read by {init}. Viewer link {url} (workstation {ip})",
    # lab header
    "LAB REPORT | {full:rev} | Hosp# {mrn} | Collected {date} | Ordering: {last}\n"
    "HbA1c 8.9%, in keeping with {disease} on {drug}. Specimen {oid}. "
    "Analyzer {dev}. {Brand} noted on med list.",
    # case report prose
    "A {age}-year-old woman from {city} presented with {sign} and {sign}. She had a history "
    "of {eponym} treated with {drug}. Examination of the {anat} was unremarkable. We thank "
    "{full} and {first} for their help with this case.",
    # addiction intake with sponsor
    "{First} was brought in by her sponsor {first} after a relapse. {Disease}. {Scale} 22 "
    "with {sign} and {sign}. {Brand} given in clinic. Sponsor's phone {phone}. Probation "
    "officer {last} requests records; release signed {date}.",
    # sleep patient message
    "hi {last}, my cpap (serial {dev}) keeps beeping and my {SCALE=Epworth} is still 15. my "
    "husband {first} says the {sign} is gone tho. can u send the new mask order to {fax}? "
    "thx, {first}",
    # result letter
    "{date}\n{full@1}\n{address}\n{city}, {state} {zip}\n\nDear {first@1},\nYour blood test "
    "for {disease} was positive. Please carry {brand} at all times and avoid {drug}. "
    "{Eponym} was not found.",
    # sports clearance form
    "PRE-PARTICIPATION CLEARANCE - athlete {full@1}, DOB {date}. Coach {last} notified. "
    "History of {eponym}; cleared with {brand} inhaler on the bench. Guardian: {full}, "
    "{email}. Signed {init}, license {lic}.",
    # access audit log
    "ACCESS AUDIT: user {full:user} opened chart {mrn} from {ip} on {date} "
    "03:12, reason 'care team'. Note viewed: {disease} follow-up. Flagged: patient {full} is "
    "an employee. {Drug} on active list.",
    # prior authorization
    "PRIOR AUTHORIZATION REQUEST\nMember: {full:rev}   Member ID {plan}   DOB {date}\n"
    "Prescriber: {full}   Fax {fax}\nRequested: {brand} ({drug})\nDiagnosis: {disease}\n"
    "Previously failed: {drug}",
    # device clinic
    "DEVICE CLINIC remote check {date}: dual-chamber pacemaker (serial {dev}) for {full}. "
    "Battery 8.1 yrs. Underlying {eponym} and {disease}. {Sign} x2. Transmission from home "
    "IP {ip}; report posted at {url}.",
    # home health
    "Home visit at {address}. {Last} answered the door with her grandson {first}. {Sign} "
    "worse; {anat} with 2+ edema. Pill organizer holds {brand} and {drug}. Agency acct "
    "{acct}. Next visit {date}.",
    # geriatrics
    "{First} is a {age} yo widower with {eponym} who lives alone in {city}. "
    "{SCALE=MoCA} 19/30. Daughter {first} drives up from {city} to fill his {brand} box.",
    # ED triage with nickname
    'ED TRIAGE: {age}-year-old male, known here as "{first}", BIBA from {address} after a '
    "fall. {Scale} 14. {Sign}. Takes {drug}. Wristband {mrn}. Guardian {full} reached at "
    "{phone}.",
    # fax cover
    "FAX COVER - To: {full}, {city} Orthopaedics   Fax: {fax}   Tel: {phone}\nFrom: {first} "
    "in Health Information\nRe: {full:rev}, DOB {date}, acct {acct}\nPages: 6 (op note for "
    "{eponym}, imaging of the {anat})",
    # research study visit
    "STUDY VISIT 3 - subject {oid}, consented {date}. {Full} reports {sign} since dose "
    "escalation of {drug}. {Scale} unchanged. Wearable serial {dev} synced; data at {url}. "
    "Coordinator: {first}.",
    # oversharing email
    "From: {email}\nhi this is {full}, my social is {ssn} and drivers license {lic} for the "
    "new patient forms. I have {eponym} and take {brand}. my new address is {address}, "
    "{city} {zip}.",
    # pharmacy callback
    "PHARMACY CALLBACK: {first} at the outpatient pharmacy says Rx {oid} for {brand} rejected; "
    "plan {plan} requires a trial of {drug} first. Acct {acct}. Told {last} (on call). "
    "{Disease} stable.",
    # pronouncement
    "PRONOUNCEMENT: Pronounced at 04:12 on {date}. {Full}, {age}, with {disease} and "
    "{eponym}. Family ({first}, {first} and {first}) at bedside. Chaplain {last} present. "
    "ME case {oid}.",
    # telehealth
    "TELEHEALTH VIDEO VISIT {date}. Connected from {ip}; {full@1} located in {city}, {state}. "
    "{First@1} reports {sign}. {Scale} 10. Continue {brand}. Sister {first} joined by phone "
    "{phone}.",
    # speech-recognition dictation
    "dictated not read. this is {last:lower} dictating on {full:lower}, date of "
    "service {date}. {disease} follow up, {drug} continued, {sign} resolved, see in 3 months.",
    # ward handoff list
    "HANDOFF 4N\n12A {last} - {disease}, on {drug}, watch {sign}\n12B {last} - {eponym}, NPO\n"
    "14 {full} - {disease}; family ({first}) wants update\n15 {last:upper} - {scale} 9, sitter",
    # hospice IDT
    "HOSPICE IDT: {first@1}'s wife {first} reports he takes only ice chips. {Disease} "
    "progressing; {sign}. {Brand} for comfort. Bereavement contact for son {full}: {email}. "
    "{Last@1} prefers no visitors after 8.",
    # dental/oral surgery referral with license and DOB
    "Oral surgery referral. {Full} ({date}) for extraction; on {drug} for {eponym}, INR 2.6. "
    "{Anat} examined. Referring dentist {init}, license {lic}, fax {fax}.",
    # school nurse note
    "School nurse log {date}: {first} (gr 4) came in with {sign}. Used {brand}. Called mom "
    "{full} at {phone}; she'll pick up. {Disease} action plan on file; teacher {last} aware.",
    # insurance EOB query
    "Member services note: caller {full} (SSN verified, {ssn}) asked about claim {oid} for the "
    "{eponym} procedure. Subscriber ID {plan}, group billing acct {acct}. Mailing address "
    "{address}, {city} {zip}. Advised {disease} coverage applies.",
]


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def _name(slot: str, form: str, person: tuple[str, str], rng: random.Random) -> str:
    first, last = person
    if slot == "first":
        value = first
    elif slot == "last":
        value = last
    elif slot == "init":
        value = rng.choice([f"{first[0]}. {last}", f"{first[0]}.{rng.choice(MIDDLE)}. {last}"])
    elif form in ("rev", "revupper"):
        value = rng.choice([f"{last}, {first}", f"{last}, {first} {rng.choice(MIDDLE)}."])
    elif form == "lastupper":
        value = f"{last.upper()}, {first}"
    elif form == "dicom":
        value = rng.choice([f"{last}^{first}", f"{last}^{first}^{rng.choice(MIDDLE)}"]).upper()
    elif form == "user":
        value = rng.choice([f"{_ascii(first)}.{_ascii(last)}", f"{_ascii(first)[0]}{_ascii(last)}"])
    else:
        value = rng.choice(
            [f"{first} {last}", f"{first} {last}", f"{first} {rng.choice(MIDDLE)}. {last}"]
        )
    if form in ("upper", "revupper"):
        value = value.upper()
    elif form == "lower":
        value = value.lower()
    return value


SLOT = re.compile(r"\{([A-Za-z]+)(?:@(\d))?(?::([a-z]+))?(?:=([^}]+))?\}")


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    people: dict[str, tuple[str, str]] = {}
    city = ""
    position = 0
    for match in SLOT.finditer(template):
        note.text += template[position : match.start()]
        position = match.end()
        word, who, form, fixed = match.groups()
        slot = word.lower()
        if fixed is not None:
            kind, where, value = word, "keep", fixed
        elif slot == "state":
            note.text += STATES[city]
            continue
        elif slot in NAME_SLOTS:
            if who is None:
                person = _person(rng)
            else:
                person = people.setdefault(who, _person(rng))
            kind, where, value = NAME_SLOTS[slot], "phi", _name(slot, form or "", person, rng)
        elif slot in IDENTIFIER_SLOTS:
            kind, make = IDENTIFIER_SLOTS[slot]
            where, value = "phi", make(rng)
            if kind == "CITY":
                city = value
        else:
            kind, terms = KEEP_SLOTS[slot]
            where, value = "keep", rng.choice(terms)
        if fixed is None and word[0].isupper() and value[0].islower():
            value = value[0].upper() + value[1:]
        span = (kind, len(note.text), len(note.text) + len(value))
        (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    note.text += template[position:]
    return note


def generate(per_template: int = 10, seed: int = 80212026) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
