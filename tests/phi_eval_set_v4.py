"""The FOURTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the v3
set's contents, before the scrubber changes of that day; run once after them. Any change made to
the scrubber after reading this set's errors makes its figures development figures, and must be
said so.

Everything here is invented: seeded random fills of sentence templates written for this set
(discharge summaries, nursing notes, referral letters, telephone encounters, portal messages,
social and family history, consult notes, medication reconciliation, radiology and lab headers,
case-report prose). No name is shared with tests/phi_eval_set.py, tests/phi_eval_set_v2.py,
tests/phi_eval_set_v3.py or tests/phi_corpus.py. Notes are built like the first set's (see
there for what ``phi`` and ``keep`` hold): each span covers exactly the value, never its label.
A first initial with a surname ("J. Surname") counts as ``NAME_FULL``.
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
    "Ebuka", "Temitope", "Adwoa", "Kwaku", "Efosa", "Osagie", "Nkiruka", "Somadina", "Ayodele",
    "Kelechi", "Binta", "Oumou", "Lamine", "Yacouba", "Dzifa", "Selasi", "Korkor", "Nana-Ama",
    # East and South-East Asian
    "Xiaoming", "Daisuke", "Haruka", "Ji-hoon", "Min-seo", "Hyun-woo", "Zhenyu", "Tomoko", "Ryota",
    "Quang", "Meiling", "Shunsuke", "Chiharu", "Kazuki", "Misaki", "Jiayi", "Zihan", "Yuxuan",
    "Do-hyun", "Thuy", "Khanh", "Phuong", "Sokha", "Dara", "Anong", "Somchai",
    # South Asian
    "Sunil", "Kavitha", "Manpreet", "Ishaan", "Venkatesh", "Tanvi", "Rohan", "Sneha", "Gurleen",
    "Jaswinder", "Devika", "Anirudh", "Shruti", "Nandini", "Pranav", "Tahmina", "Rizwan",
    "Ayesha-Bibi", "Dilnoza", "Kiran", "Yamini",
    # Slavic
    "Katarzyna", "Radoslav", "Dragan", "Wojciech", "Bożena", "Przemysław", "Stanisław", "Grzegorz",
    "Jadwiga", "Miloš", "Zdeněk", "Bohdana", "Yevhen", "Oleksandra", "Taras", "Ljubica", "Branko",
    "Snežana", "Mirko",
    # Arabic and Persian
    "Bilal", "Amira", "Dariush", "Ghassan", "Nadia-Lyn", "Rashida", "Tamer", "Wafa", "Yousef",
    "Marwa", "Hamza", "Suha", "Faisal", "Dalia", "Kamal", "Nour-Eldin", "Abdelrahman", "Hiba",
    "Ziad", "Lubna",
    # Latin American
    "Rocío", "Eduardo", "Guillermo", "Lupita", "Héctor", "Anahí", "Itzel", "Yadira", "Rigoberto",
    "Leticia", "Baltazar", "Osvaldo", "Nayeli", "Maribel", "Wilfredo", "Efraín", "Anselmo",
    # Nordic
    "Gunnar", "Eero", "Aino", "Thorvald", "Ragnhild", "Sindre", "Liv", "Pekka", "Tuula", "Halvard",
    "Kjersti", "Torbjørn", "Signe",
    # Pacific
    "Keala", "Sefo", "Tavita", "Moana-Rose", "Ikaika", "Noelani", "Siaosi", "Ana-Lisi", "Kainoa",
    "Mahina",
    # Irish
    "Pádraig", "Orla", "Clodagh", "Donnacha", "Tadhg", "Gráinne", "Cathal", "Ailbhe",
    # North American and other
    "Darnell", "Kyle", "Shelby", "Marlene", "Curtis", "Trina", "Dwayne", "Connie", "Ezekiel",
    "Mirela", "Delphine", "Rhonda", "Lamar", "Jerome", "Tonya", "Kendra", "Wilbur", "Opal",
    "Vernon", "Lonnie", "Bobbie", "Alvin", "Roscoe",
    # also ordinary English words
    "Sky", "Storm", "Clay", "Wren", "Violet", "River", "Honor", "Lark", "Meadow", "Cricket",
    "Marigold", "Stormy", "Birch", "Rowan", "Aspen", "Ember", "Robin", "Fern", "Bay", "Scout",
    "Lyric",
    "Blossom", "Destiny", "Liberty", "Dusty", "Rusty", "Chance", "Sparrow", "Journey", "Haven",
    "Tempest",
]
LAST = [
    # West African
    "Ogunbiyi", "Oyelaran", "Agyeman", "Adjei", "Amoako", "Nkansah", "Okeke", "Obi-Eze", "Ezeani",
    "Anyanwu", "Sissoko", "Fofana", "Ouedraogo", "Danso", "Gyamfi", "Oduya", "Akande",
    # East and South-East Asian
    "Fujiwara", "Ogawa", "Shin", "Huynh", "Kurosawa", "Nishimura", "Matsuda", "Higashi", "Yeo",
    "Baek", "Seong", "Hwang", "Zhao", "Deng", "Xie", "Cao", "Truong", "Quach", "Phan",
    "Sirisombat", "Chanthavong",
    # South Asian
    "Chaudhry", "Malhotra", "Rao", "Raghunathan", "Kulkarni", "Deshpande", "Ranganathan",
    "Bhatnagar", "Gill", "Dhillon", "Menon", "Iqbal", "Hossain", "Rahman-Ali", "Wickramasinghe",
    "Perera",
    # Slavic
    "Wiśniewski", "Zielińska", "Horák", "Volkova", "Shevchenko", "Kozlov", "Grabowski", "Wójcik",
    "Kamińska", "Mazur", "Popović", "Stojanović", "Kovalenko", "Melnyk", "Tkachenko", "Svoboda",
    "Dvořáková", "Babić", "Nikolić",
    # Arabic and Persian
    "El-Amin", "Al-Rashid", "Abu-Ghazaleh", "Darwish", "Hijazi", "Barakat", "Shaheen", "Tawfiq",
    "Al-Qahtani", "Zahran", "Bishara", "Nassar", "Odeh", "Ghanem",
    # Latin American
    "Beltrán", "Ochoa", "Arellano", "Cisneros", "Maldonado", "Villalobos", "Barrientos",
    "Echeverría", "Sepúlveda", "Bustamante", "Zepeda", "Guerrero-Paz", "Arriaga", "Lozano",
    # Nordic
    "Nyberg", "Solberg", "Lundgren", "Sandvik", "Haugen", "Mäkinen", "Lehtonen", "Kristiansen",
    "Holmqvist", "Øverland", "Sigurðsson", "Engström",
    # Pacific
    "Kahale", "Faleolo", "Mahoe", "Taufa", "Kaʻupu", "Sapolu", "Mataele", "Leota", "Akana",
    "Tafuna",
    # Irish
    "McGuinness", "Doherty", "O'Donnell", "MacNamara", "O'Rourke", "Cullinane", "Twomey",
    "Breathnach", "Keohane",
    # particles
    "Ben-David", "Kaplan-Reyes", "Lowe-Mbatha", "de León", "Mac Giolla", "Ní Fhaoláin",
    "van Houten", "von Ahlen", "Le Roux", "di Stefano", "dos Anjos", "van der Linde",
    "de Vries-Ochoa", "da Silveira",
    # also ordinary English words
    "Crane", "Swift", "Moody", "Sparks", "Lake", "Ford", "Hardy", "Noble", "Strong", "Cash",
    "Meadows", "Gamble", "Lovejoy", "Pond", "Rainwater", "Birdsong", "Merryweather", "Goodnight",
    "Orchard", "Plum",
    "Walls", "Bridges", "Winters", "Guest", "Gentle", "Sweet", "Bloom", "Budd", "Honey", "Salmon",
    "Partridge", "Barnhouse",
]
INITIALS = [f"{c}." for c in "ACDEFHIKMNOPRTVYZ"]

EPONYMS = [
    "Parkinson's disease", "Parkinson disease", "Crohn's disease", "Crohn's", "Cushing's syndrome",
    "Cushing's", "Hodgkin lymphoma", "Hodgkin's", "Alzheimer's disease", "Alzheimer's",
    "Graves' disease", "Bell's palsy", "Down syndrome", "Apgar score", "Apgar",
    "Glasgow coma scale", "GCS", "Tinel's sign", "Phalen's test", "Lachman test",
    "McMurray test", "Kernig's sign", "Brudzinski sign", "Romberg test", "Dupuytren's contracture",
    "Paget's disease", "Ménière's disease", "Peyronie's disease", "Osgood-Schlatter disease",
    "Wernicke encephalopathy", "Takayasu arteritis", "Behçet's disease", "Hirschsprung disease",
    "tetralogy of Fallot", "Wolff-Parkinson-White syndrome", "Brugada syndrome",
    "Stevens-Johnson syndrome", "Ehlers-Danlos syndrome", "Klinefelter syndrome",
    "Turner syndrome", "Lyme disease", "Baker's cyst", "Colles fracture", "Hill-Sachs lesion",
    "Lisfranc injury", "Achilles tendon", "Heimlich maneuver", "Mallory-Weiss tear",
    "Zenker's diverticulum", "Virchow's node", "Cheyne-Stokes respiration", "Kussmaul breathing",
    "Janeway lesions", "Osler nodes", "Chvostek's sign", "Trousseau's sign", "Hoffmann's sign",
    "Gowers' sign", "Allen test", "Sjogren syndrome", "Addison disease", "Hashimoto's",
    "Bartholin cyst", "Charcot foot", "Horner syndrome", "Lewy body dementia", "Barlow maneuver",
]
DRUGS = [
    "metformin", "warfarin", "apixaban", "rivaroxaban", "levetiracetam", "gabapentin",
    "sertraline", "escitalopram", "atorvastatin", "rosuvastatin", "lisinopril", "losartan",
    "amlodipine", "metoprolol succinate", "carvedilol", "furosemide", "spironolactone",
    "hydrochlorothiazide", "insulin glargine", "empagliflozin", "semaglutide", "levothyroxine",
    "prednisone", "methotrexate", "hydroxychloroquine", "adalimumab", "infliximab", "ondansetron",
    "pantoprazole", "omeprazole", "tamsulosin", "donepezil", "memantine", "carbidopa-levodopa",
    "quetiapine", "lorazepam", "buprenorphine", "naloxone", "ceftriaxone", "vancomycin",
    "piperacillin-tazobactam", "azithromycin", "amoxicillin-clavulanate", "nitrofurantoin",
    "clopidogrel", "aspirin", "acetaminophen", "ibuprofen", "oxycodone", "tramadol", "albuterol",
    "tiotropium", "montelukast", "allopurinol", "colchicine", "sumatriptan", "propranolol",
    "methimazole", "enoxaparin", "heparin", "doxycycline", "cephalexin", "bupropion",
]
BRANDS = [
    "Eliquis", "Xarelto", "Keppra", "Lasix", "Synthroid", "Ozempic", "Jardiance", "Lantus",
    "Humira", "Remicade", "Zofran", "Protonix", "Flomax", "Aricept", "Sinemet", "Seroquel",
    "Ativan", "Suboxone", "Narcan", "Plavix", "Tylenol", "Advil", "Coumadin", "Glucophage",
    "Entresto", "Trulicity", "Januvia", "Lipitor", "Crestor", "Norvasc", "Zoloft", "Lexapro",
    "Wellbutrin", "Ventolin", "Spiriva", "Singulair", "Imitrex", "Tamiflu", "Paxlovid",
    "Mounjaro", "Dupixent", "Keytruda", "Farxiga", "Xanax", "Neurontin",
]
DISEASES = [
    "type 2 diabetes mellitus", "congestive heart failure", "atrial fibrillation",
    "chronic kidney disease", "COPD", "community-acquired pneumonia", "cellulitis",
    "urinary tract infection", "hypothyroidism", "rheumatoid arthritis",
    "systemic lupus erythematosus", "major depressive disorder", "generalized anxiety disorder",
    "osteoporosis", "gout", "migraine", "epilepsy", "sepsis", "pulmonary embolism",
    "deep vein thrombosis", "diverticulitis", "cholecystitis", "pancreatitis", "appendicitis",
    "cirrhosis", "hepatitis C", "HIV", "asthma", "obstructive sleep apnea", "hypertension",
    "hyperlipidemia", "iron deficiency anemia", "psoriasis", "multiple sclerosis",
    "ulcerative colitis", "endometriosis", "preeclampsia", "gestational diabetes",
    "bronchiolitis", "otitis media", "schizophrenia", "bipolar disorder", "vascular dementia",
    "ischemic stroke", "breast cancer", "prostate cancer", "sickle cell disease",
]
SIGNS = [
    "jaundice", "pitting edema", "bibasilar crackles", "expiratory wheezing", "tachycardia",
    "bradycardia", "hypotension", "fever", "diaphoresis", "cyanosis", "digital clubbing",
    "rebound tenderness", "guarding", "asterixis", "nystagmus", "ptosis",
    "jugular venous distension", "hepatomegaly", "splenomegaly", "petechiae", "stridor",
    "resting tremor", "cogwheel rigidity", "bradykinesia", "truncal ataxia", "hyperreflexia",
    "ankle clonus", "systolic murmur", "pallor", "orthopnea", "tachypnea", "scleral icterus",
]
SCALES = [
    "NIH Stroke Scale", "NIHSS", "PHQ-9", "GAD-7", "MoCA", "Mini-Mental State Examination",
    "Braden scale", "Morse Fall Scale", "CHA2DS2-VASc", "HAS-BLED", "CURB-65", "APACHE II",
    "SOFA score", "qSOFA", "Karnofsky performance status", "ECOG performance status",
    "Epworth Sleepiness Scale", "AUDIT-C", "CIWA-Ar", "COWS score",
    "Richmond Agitation-Sedation Scale", "RASS", "FLACC scale", "Barthel index",
    "modified Rankin Scale", "Edinburgh Postnatal Depression Scale", "Ballard score",
    "Timed Up and Go",
]
ANATOMY = [
    "left anterior descending artery", "right lower quadrant", "medial meniscus",
    "anterior cruciate ligament", "rotator cuff", "sacrum", "thyroid gland",
    "left internal carotid artery", "femoral neck", "L4-L5 disc", "tibial plateau", "cecum",
    "sigmoid colon", "gallbladder", "pancreatic head", "left ventricle", "mitral valve",
    "aortic arch", "hippocampus", "basal ganglia", "cerebellum", "optic disc",
    "tympanic membrane", "cervix", "prostate", "distal radius", "scaphoid", "fifth metatarsal",
    "supraspinatus tendon", "patella", "renal pelvis", "spleen", "right main bronchus",
    "pylorus", "left upper lobe", "common bile duct",
]

STREETS = [
    "Juniper Hollow", "Quarry Ridge", "Tamarack", "Old Mill", "Pelican Bay", "Sandhill Crane",
    "Wexford", "Copperfield", "Los Alamitos", "Shady Grove", "Harbor View", "Bluebonnet",
    "Kettle Creek", "Magnolia Bend", "Ridgecrest", "Bramblewood", "Cottonwood", "Mariposa",
]
STREET_TYPES = ["Rd", "Road", "St.", "Ave", "Trl", "Ter.", "Cir", "Hwy", "Pl.", "Lane", "Pike",
                "Crossing", "Loop", "Dr."]
DIRECTIONS = ["N", "S", "E", "W", "NE", "SW", "North", "West"]
CITIES = [
    ("Tuscaloosa", "AL"), ("Flagstaff", "AZ"), ("Bakersfield", "CA"), ("Pueblo", "CO"),
    ("Gainesville", "FL"), ("Macon", "GA"), ("Hilo", "HI"), ("Pocatello", "ID"),
    ("Peoria", "IL"), ("Muncie", "IN"), ("Dubuque", "IA"), ("Wichita", "KS"),
    ("Bowling Green", "KY"), ("Lafayette", "LA"), ("Bangor", "ME"), ("Worcester", "MA"),
    ("Kalamazoo", "MI"), ("Duluth", "MN"), ("Hattiesburg", "MS"), ("Joplin", "MO"),
    ("Billings", "MT"), ("Las Cruces", "NM"), ("Poughkeepsie", "NY"), ("Asheville", "NC"),
    ("Fargo", "ND"), ("Toledo", "OH"), ("Tulsa", "OK"), ("Eugene", "OR"), ("Scranton", "PA"),
    ("Spartanburg", "SC"), ("Chattanooga", "TN"), ("Lubbock", "TX"), ("Provo", "UT"),
    ("Roanoke", "VA"), ("Yakima", "WA"), ("Morgantown", "WV"), ("Eau Claire", "WI"),
    ("Casper", "WY"), ("Mobile", "AL"), ("Florence", "SC"), ("Independence", "MO"),
    ("Paradise", "NV"), ("Normal", "IL"), ("Marion", "OH"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON3 = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
HANDLES = ["gardenlady", "bigtruck", "knitwit", "mamabear", "runner", "fishingpapa", "nurse.k",
           "sunflower", "tigerfan", "coffee4ever", "bluejay", "grandpa.j", "dancemom", "zen"]
DOMAINS = ["aol.com", "comcast.net", "outlook.com", "sbcglobal.net", "live.ca", "me.com",
           "stmarys-health.org", "ymail.com", "verizon.net", "att.net", "proton.me"]
HOSTS = ["valleyhealth", "stcloudmed", "mercyregional", "lakeshorehs", "northpointe",
         "riversidecare", "bayoumed"]
# fmt: on


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _a(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(n))


def _u(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.random()
    if form < 0.12:
        return f"{first} {rng.choice(INITIALS)} {last}"
    if form < 0.18:
        return f"{first} {rng.choice(FIRST)} {last}"
    if form < 0.24:
        return f"{last}, {first}"
    return f"{first} {last}"


def _init(rng: random.Random) -> str:
    last = rng.choice(LAST)
    if rng.random() < 0.2:
        return f"{rng.choice(INITIALS)}{rng.choice(INITIALS)} {last}"
    return f"{rng.choice(INITIALS)} {last}"


def _date(rng: random.Random) -> str:
    m, d, y = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1931, 2026)
    return rng.choice(
        [
            f"{m:02d}/{d:02d}/{y}",
            f"{m}/{d}/{y % 100:02d}",
            f"{y}-{m:02d}-{d:02d}",
            f"{d} {MON3[m - 1]} {y}",
            f"{MONTHS[m - 1]} {d}, {y}",
            f"{MON3[m - 1]}-{d:02d}-{y}",
            f"{d:02d}{MON3[m - 1].upper()}{y}",
            f"{MONTHS[m - 1]} {_ordinal(d)}",
            f"{m}.{d}.{y}",
            f"{MON3[m - 1]}. {d}",
            f"{m}/{d}",
        ]
    )


def _phone(rng: random.Random) -> str:
    a, b, c = f"{rng.randint(205, 989)}", f"{rng.randint(210, 989)}", _d(rng, 4)
    return rng.choice(
        [
            f"{a}.{b}.{c}",
            f"+1 {a} {b} {c}",
            f"1-{a}-{b}-{c}",
            f"({a}){b}-{c}",
            f"{a}-{b}-{c} x{_d(rng, 3)}",
            f"{a} {b}-{c}",
            f"{a}/{b}-{c}",
            f"{a}{b}{c}",
        ]
    )


def _email(rng: random.Random) -> str:
    first = rng.choice(FIRST).lower()
    first = "".join(ch for ch in first if ch in string.ascii_lowercase)
    local = rng.choice(
        [
            f"{rng.choice(HANDLES)}{_d(rng, 2)}",
            f"{first}.{rng.choice(string.ascii_lowercase)}{_d(rng, 3)}",
            f"{first}_{rng.choice(HANDLES)}",
            f"{rng.choice(string.ascii_lowercase)}{first}{_d(rng, 4)}",
        ]
    )
    return f"{local}@{rng.choice(DOMAINS)}"


def _address(rng: random.Random) -> str:
    n = rng.randint(3, 29999)
    street = f"{rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
    return rng.choice(
        [
            f"{n} {rng.choice(DIRECTIONS)} {street}",
            f"{n} {street}, Apt {rng.randint(1, 40)}{rng.choice('ABCDEF')}",
            f"PO Box {rng.randint(10, 9999)}",
            f"{n} {street} #{rng.randint(100, 999)}",
            f"RR {rng.randint(1, 9)} Box {rng.randint(10, 400)}",
            f"{n} {street}, Unit {rng.randint(2, 120)}",
            f"{n} {street}",
        ]
    )


def _zip(rng: random.Random) -> str:
    z = f"{rng.randint(1001, 99950):05d}"
    return z if rng.random() < 0.7 else f"{z}-{_d(rng, 4)}"


def _ssn(rng: random.Random) -> str:
    a, b, c = f"{rng.randint(101, 665)}", f"{rng.randint(10, 99)}", _d(rng, 4)
    return rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}", f"{a}.{b}.{c}"])


def _mrn(rng: random.Random) -> str:
    return rng.choice(
        [
            f"E{_d(rng, 7)}",
            f"00{_d(rng, 6)}",
            f"MR{_d(rng, 6)}",
            f"{_d(rng, 2)}-{_d(rng, 6)}",
            _d(rng, 8),
            f"K{_d(rng, 2)}-{_d(rng, 5)}",
            f"{_d(rng, 3)} {_d(rng, 3)} {_d(rng, 3)}",
        ]
    )


def _plan(rng: random.Random) -> str:
    mbi = (
        f"{rng.randint(1, 9)}{_u(rng, 1)}{_a(rng, 1)}{_d(rng, 1)}-{_u(rng, 1)}{_a(rng, 1)}"
        f"{_d(rng, 1)}-{_u(rng, 2)}{_d(rng, 2)}"
    )
    return rng.choice(
        [
            f"{_u(rng, 3)}{_d(rng, 9)}",
            f"W{_d(rng, 9)}",
            mbi,
            f"{_u(rng, 3)} {_d(rng, 4)} {_d(rng, 2)}",
            f"MCD-{_d(rng, 10)}",
            f"{_d(rng, 9)}{_u(rng, 1)}",
            f"{_u(rng, 2)}{_d(rng, 7)}-0{rng.randint(1, 4)}",
        ]
    )


def _acct(rng: random.Random) -> str:
    return rng.choice(
        [
            _d(rng, 10),
            f"{_d(rng, 4)}-{_d(rng, 6)}",
            f"A{_d(rng, 8)}",
            f"{_d(rng, 9)}-01",
            f"0000{_d(rng, 7)}",
            f"HB{_d(rng, 7)}",
        ]
    )


def _lic(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_u(rng, 1)}{_d(rng, 3)}-{_d(rng, 4)}-{_d(rng, 4)}",
            f"{_u(rng, 1)}{_d(rng, 8)}",
            f"{_u(rng, 2)}{_d(rng, 7)}",
            f"RN{_d(rng, 6)}",
            f"{_d(rng, 3)} {_d(rng, 3)} {_d(rng, 3)}",
            f"WDL{_a(rng, 6)}",
            f"{_d(rng, 2)}-{_d(rng, 5)}",
        ]
    )


def _dev(rng: random.Random) -> str:
    return rng.choice(
        [
            f"PJN{_d(rng, 6)}S",
            f"{_d(rng, 2)}-{_d(rng, 4)}-{_d(rng, 4)}",
            f"(01){_d(rng, 14)}(21){_a(rng, 8)}",
            f"8G{_a(rng, 4)}",
            f"RNB{_d(rng, 6)}H",
            f"{_a(rng, 4)}-{_a(rng, 4)}-{_a(rng, 4)}",
            f"SN{_d(rng, 9)}",
        ]
    )


def _url(rng: random.Random) -> str:
    host, handle = rng.choice(HOSTS), rng.choice(HANDLES).replace(".", "")
    return rng.choice(
        [
            f"https://www.caringbridge.org/site/{handle}{_d(rng, 2)}",
            f"http://portal.{host}.org/visit?id={_d(rng, 7)}",
            f"www.gofundme.com/f/{handle}-recovery-fund",
            f"mychart.{host}.org/MyChart/{_a(rng, 10)}",
            f"https://share.{host}.org/img/{_a(rng, 12).lower()}",
            f"https://facebook.com/{handle}.{_d(rng, 4)}",
        ]
    )


def _ip(rng: random.Random) -> str:
    def o() -> int:
        return rng.randint(1, 254)

    return rng.choice(
        [
            f"10.{o()}.{o()}.{o()}",
            f"192.168.{o()}.{o()}",
            f"172.{rng.randint(16, 31)}.{o()}.{o()}",
            f"{rng.randint(23, 223)}.{o()}.{o()}.{o()}",
            f"2001:db8:{rng.randint(0, 65535):x}:{rng.randint(0, 65535):x}"
            f"::{rng.randint(1, 4095):x}",
        ]
    )


def _other_id(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_u(rng, 2)}{_d(rng, 7)}",
            _d(rng, 6),
            f"C-{_d(rng, 5)}-{_d(rng, 2)}",
            f"EMP{_d(rng, 5)}",
            f"{_d(rng, 3)}-{_a(rng, 4)}",
            f"V{_d(rng, 8)}",
        ]
    )


SLOTS: dict[str, tuple[str, str, Callable[[random.Random], str]]] = {
    "first": ("NAME_FIRST", "phi", lambda r: r.choice(FIRST)),
    "last": ("NAME_LAST", "phi", lambda r: r.choice(LAST)),
    "full": ("NAME_FULL", "phi", _full),
    "init": ("NAME_FULL", "phi", _init),
    "date": ("DATE", "phi", _date),
    "phone": ("PHONE", "phi", _phone),
    "fax": ("FAX", "phi", _phone),
    "email": ("EMAIL", "phi", _email),
    "addr": ("ADDRESS", "phi", _address),
    "city": ("CITY", "phi", lambda r: r.choice(CITIES)[0]),
    "zip": ("ZIP", "phi", _zip),
    "age": ("AGE", "phi", lambda r: str(r.randint(90, 106))),
    "ssn": ("SSN", "phi", _ssn),
    "mrn": ("MRN", "phi", _mrn),
    "plan": ("HEALTH_PLAN", "phi", _plan),
    "acct": ("ACCOUNT", "phi", _acct),
    "lic": ("LICENSE", "phi", _lic),
    "dev": ("DEVICE", "phi", _dev),
    "url": ("URL", "phi", _url),
    "ip": ("IP", "phi", _ip),
    "id": ("ID", "phi", _other_id),
    "epo": ("EPONYM", "keep", lambda r: r.choice(EPONYMS)),
    "drug": ("DRUG", "keep", lambda r: r.choice(DRUGS)),
    "brand": ("BRAND", "keep", lambda r: r.choice(BRANDS)),
    "dis": ("DISEASE", "keep", lambda r: r.choice(DISEASES)),
    "sign": ("SIGN", "keep", lambda r: r.choice(SIGNS)),
    "scale": ("SCALE", "keep", lambda r: r.choice(SCALES)),
    "anat": ("ANATOMY", "keep", lambda r: r.choice(ANATOMY)),
}
STATES = dict(CITIES)

# Slots: {slot} as generated, {Slot} with its first letter capitalised, {slot_lc} lower-cased.
# {st} is the state of the most recent {city} (not an identifier).
TEMPLATES = [
    # discharge summaries
    "DISCHARGE SUMMARY\nPatient: {full}   DOB: {date}   MRN: {mrn}\nAdmitted {date}; "
    "discharged {date}.\nPrincipal diagnosis: {dis}. {Epo} noted on history. Discharged home "
    "with {last}'s daughter {first} on {drug} and {brand}.",
    "Hospital course: {first} was admitted for {dis} complicated by {sign}. {Drug} was started "
    "and {Scale} improved. Follow-up with {init} (cardiology) on {date}; call {phone} with "
    "questions. Home address on file: {addr}, {city}, {st} {zip}.",
    "Discharge instructions reviewed with patient and wife {first}. {Brand} resumed. Avoid "
    "lifting for 2 weeks. {Sign} should be reported. PCP {full} will see him {date}. "
    "Acct {acct}.",
    # nursing notes
    "0730 Received pt in bed, alert. {Scale} 18. {Sign} at {anat}. {last} at bedside, asked "
    "about {brand}. Paged {last} re: {drug} dose, awaiting callback. Per {first}, husband "
    "{first} will bring home CPAP (serial {dev}).",
    "Nursing: {Anat} dressing changed. {first} ambulated with walker, tolerated well. "
    "{Epo} precautions continued. Bed alarm on. Family ({first}, son) updated by phone at "
    "{phone}.",
    "Shift note {date} - patient pleasant, {age} y/o, hx {dis}. {Drug} given at 2100. "
    "Roommate {first} complained of noise. Per Nurse {last}, charge RN {init} notified.",
    # referral letters
    "Dear {last},\n\nThank you for seeing {full}, a {age}-year-old with {epo} and {dis}. "
    "{Sign} has worsened since {date}. Current medications include {drug} and {brand}. "
    "Please fax your reply to {fax}.\n\nKind regards,\n{full}",
    "RE: {full} (DOB {date}; MRN {mrn})\nI am referring this patient to your clinic for "
    "evaluation of {epo}. {Scale} was 22. Her health plan (member no. {plan}) requires prior "
    "authorization. Contact her caregiver {first} {last} at {email}.",
    "Referral: {Dis}. Pt {last}, {first} - {Epo} suspected; exam showed {sign} of the "
    "{anat}. Insurance ID {plan}. Referring clinician {init}, tel {phone} / fax {fax}.",
    # telephone encounters
    "Telephone encounter {date}: Spoke with {first} (daughter-in-law) at {phone}. Patient "
    "ran out of {brand}; refill sent for {drug}. {Sign} resolved. Callback number verified. "
    "{last} to follow up.",
    "TC from neighbour {full} stating pt fell at home ({addr}). {Epo} known. Advised ED. "
    "EMS called. Spoke to son {first} afterwards; he can be reached on {phone}.",
    "Phone call: pharmacist {first} at Walgreens ({phone}) asked whether {drug} can be "
    "given with {brand}. {Dis} on problem list. Told to hold for {sign}. Rx # {id}.",
    # portal messages
    "hi its {first_lc} again, my husband {first_lc} is still having {sign} since he started "
    "the {drug}. we tried calling {phone} but no answer. can dr {last_lc} call us? thx",
    "Portal message from {full} ({email}): \"{Brand} is too expensive, my plan {plan} won't "
    'cover it. Can I switch to {drug}? Also my {anat} still hurts."',
    "Good morning. This is {first}, {last}'s wife. His {dis} is flaring and the {brand} "
    "isn't helping. Our new address is {addr}, {city} {st} {zip}. Please update.",
    "Message: I uploaded the photos of my rash here {url}. Coach {last} says I can't play "
    "until cleared. {Sign}? {Epo}? Thanks, {first}",
    # social history
    "SOCIAL HISTORY: Lives with partner {first} in {city}, {st}. Retired from the post office. "
    "Pastor {last} visits weekly. Former smoker. {Scale} 3. {Dis} limits walking.",
    "Social: Widowed. {age} yo, lives alone at {addr}. Caregiver {full} comes daily. "
    "Drives with license {lic}. {Drug} managed by niece {first}.",
    "Social hx: works as a trucker (CDL {lic}). Girlfriend {first}. {Dis} diagnosed 2019. "
    "{Brand} daily. Emergency contact: {full}, {phone}.",
    # family history
    "FAMILY HISTORY: Mother ({first}) had {epo}. Father {full} died of {dis} at 71. "
    "Brother {first} with {epo}. Maternal aunt {last} on {drug}.",
    "FHx: {Epo} in paternal grandmother; sister {first} diagnosed with {dis}. Cousin "
    "{first} {last} carries the familial variant. {Scale} deferred.",
    # consult notes
    "NEUROLOGY CONSULT\nRequested by: {init}\nReason: {epo}\n{Sign} on exam, {sign}, "
    "{Epo} positive. {Scale} 4. Recommend {drug}; discussed with {first} and with "
    "{last} (hospitalist).",
    "ID consult: {Dis}. Blood cultures {date}. Started {drug} and {drug}. PICC placed, "
    "catheter lot {dev}. Seen with fellow {last}. {Anat} imaging pending.",
    "Cardiology: {Epo} on ECG. {Scale} 3. Holding {brand}. ICD interrogated (serial {dev}). "
    "Discussed with patient's husband, {full}, and daughter {first}.",
    # medication reconciliation
    "MEDICATION RECONCILIATION {date}\n{Drug} 20 mg daily\n{Brand} as directed\n{Drug} "
    "500 mg BID\nReviewed with {full} and pharmacy (account {acct}). {Dis} noted.",
    "Med rec: pt brought bottles. {Brand} from Dr {last}'s office, {drug} prescribed by "
    "{init}. Not taking {drug} due to {sign}. Pharmacy fax {fax}.",
    # radiology and lab headers
    "RADIOLOGY REPORT\nName: {full}\nMRN {mrn} | Acc# {acct}\nExam date: {date}\nOrdering: "
    "{init}\nFINDINGS: {Anat} unremarkable. {Sign}. Impression: {dis}.",
    "CT HEAD W/O CONTRAST ({date})\nPatient {last}, {first}; MR# {mrn}\n{Anat} normal. No "
    "acute bleed. {Epo} cannot be excluded. Read by {full}. Images: {url}",
    "LAB REPORT Specimen {id} collected {date}\nPt: {full}  SSN {ssn}\nTSH low, consistent "
    "with {epo}. {Drug} level therapeutic. Result sent to {email}.",
    "Pathology: {Anat} biopsy from {full}, accession {id}. {Dis} confirmed. Signed out by "
    "{last}. Device used: {dev}.",
    # case-report prose
    "A {age}-year-old retired teacher presented with {sign} and {sign}. {Epo} was diagnosed. "
    "She was treated with {drug}. Her daughter {first} noticed improvement by {date}.",
    "Case: {first}, aged {age}, from {city}, {st}, had {dis}. {Brand} failed. {Epo} was "
    "considered. Imaging of the {anat} was obtained.",
    # administrative / insurance / forms
    "INSURANCE VERIFICATION\nSubscriber: {full}\nSSN: {ssn}\nMember ID: {plan}\nGuarantor "
    "acct: {acct}\n{Dis} coded as primary.",
    "Registration: {full}, {addr}, {city}, {st} {zip}. Home {phone}. Email {email}. "
    "Employer ID {id}. {Epo} flag on chart.",
    "FMLA form for {full}: diagnosis {dis}; {Brand} started {date}. Employee no. {id}. "
    "Return fax {fax}. Licensed provider NPI/license {lic}.",
    # IT / telehealth / device logs
    "Telehealth visit {date}. Patient connected from IP {ip}; video dropped twice. {Scale} "
    "administered verbally. {Drug} continued. Granddaughter {first} helped with the tablet.",
    "Audit log: record of {full} (MRN {mrn}) viewed from {ip} by user {last}. Note "
    "concerns {epo} and {drug}.",
    "Remote monitoring: CGM transmitter {dev} uploaded from {ip}. {Brand} dose adjusted. "
    "{Sign} overnight. Mom ({first}) notified via {email}.",
    # ED / triage
    "ED triage {date}: {age}F BIBA from {addr}. {Sign}, {sign}. GCS 14. Hx {epo}, {dis}. "
    "Neighbor {first} found her. Ins {plan}.",
    "Triage: {Sign} x 3 days. Took {brand} and {drug}. Brought by roommate {first} "
    "{last}. Coach {full} also present. {Anat} tender.",
    # OB / peds
    "L&D note: Apgars 8/9. Mother {full}, G2P2; {epo} in her family. "
    "{Dis} during pregnancy, on {drug}. "
    "Father {first} at bedside. Newborn MRN {mrn}.",
    "Well-child visit: {first} brought by grandmother {first} {last}. {Scale} normal. "
    "{Dis} resolved. Vaccines given. School ID {id}.",
    # psych / SUD
    "Behavioral health: {Scale} 19. {Dis}. On {brand}. Sponsor {first} (phone {phone}). "
    "Sister {last} worried. {Drug} taper discussed.",
    "OTP intake: dispensing {brand}. State PMP checked. DL {lic} verified. Counselor {init}. "
    "{Epo} history. {Sign} on exam. SSN on file {ssn}.",
    # home health / hospice
    "Hospice visit at {addr}. {Epo}, end stage. {Sign}. Comfort meds: {drug}. {first} "
    "(wife) and {first} (son) present. Chaplain {last} to visit {date}.",
    "Home health: Oxygen concentrator SN {dev}. {Sign} stable. {Brand} in pillbox. "
    "Aide {full} reports patient ({age} yrs) eating well.",
    # short free text
    "{Epo}. {Drug}. F/u {full} {date}. Call {phone}.",
    "{last} says the {brand} helps. {Sign} better. Next INR {date}. Daughter {first} will drive.",
    "Case discussed with {last} and {last}. {Dis} with {sign}; {Epo} unlikely. "
    "Website {url} given for support group.",
]


_SLOT = re.compile(r"(\{[A-Za-z]+(?:_lc)?\})")


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    city = ""
    for piece in _SLOT.split(template):
        if not (piece.startswith("{") and piece.endswith("}")):
            note.text += piece
            continue
        slot = piece[1:-1]
        if slot == "st":
            note.text += STATES[city]
            continue
        lower = slot.endswith("_lc")
        name = slot[:-3] if lower else slot
        kind, where, make = SLOTS[name.lower()]
        value = make(rng)
        if lower:
            value = value.lower()
        elif name[0].isupper():
            value = value[0].upper() + value[1:]
        if kind == "CITY":
            city = value
        start = len(note.text)
        note.text += value
        if note.text[start:] != value or not value.strip():
            raise AssertionError((template, value))
        (note.phi if where == "phi" else note.keep).append((kind, start, len(note.text)))
    return note


def generate(per_template: int = 10, seed: int = 4417029) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
