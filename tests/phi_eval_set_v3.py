"""The THIRD held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code or its errors, before
the scrubber changes of that day; it is run once, after them. Any change to the scrubber made
after reading this set's errors makes its figures development figures, and must be said so.

Everything here is invented: seeded random fills of note templates written for this set (its
names, sentences and identifier formats are its own; no name is shared with the name lists of
tests/phi_eval_set.py, tests/phi_eval_set_v2.py or tests/phi_corpus.py). Notes are built like
those of the first set (see tests/phi_eval_set.py for what ``phi`` and ``keep`` hold): each
``phi`` span covers exactly one identifier value (never its label word) and each ``keep`` span
exactly one clinical term that must survive untouched.

Template slots: ``{kind}`` inserts a value as generated, ``{Kind}`` capitalises its first
letter (sentence start), ``{KIND}`` writes it in capitals (headers) and ``{~kind}`` in lower
case (as patients type in portal messages). ``{rel}`` (a relation word) and ``{state}`` (the
state of the last city) are plain filler and are not recorded.
"""

from __future__ import annotations

import datetime
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
    "Adaeze", "Chukwuemeka", "Folasade", "Yetunde", "Babajide", "Nnamdi", "Abena", "Kojo",
    "Adjoa", "Funmilayo", "Ousmane", "Aminata", "Fatoumata", "Mamadou", "Ekow", "Akosua",
    "Olamide",
    # East / Southeast Asian
    "Jian", "Xiuying", "Haoran", "Takeshi", "Ayumi", "Min-seok", "Seo-yeon", "Dae-sung",
    "Daichi", "Yuna", "Quynh", "Tuan", "Huong", "Bao",
    # South Asian
    "Priyanka", "Arjun", "Deepika", "Sanjay", "Meenakshi", "Harpreet", "Gurpreet", "Aarav",
    "Kavya", "Nikhil", "Sunita", "Farzana", "Anjali",
    # Slavic
    "Bogdan", "Miroslav", "Zofia", "Jarosław", "Ludmila", "Radek", "Milena", "Yaroslav",
    "Anastasiya", "Vesna", "Goran", "Dragana", "Małgorzata", "Jiří", "Łukasz",
    # Arabic / Persian / Turkish
    "Khalid", "Rania", "Samir", "Layla", "Huda", "Karim", "Mustafa", "Amal", "Jamila", "Tarek",
    "Çağla", "Shirin",
    # Latin American / Iberian
    "Maricela", "Rodrigo", "Yesenia", "Joaquín", "Marisol", "Ignacio", "Luz", "Catalina",
    "Araceli", "Fabián", "Dulce", "Ramón", "Andrés",
    # Nordic
    "Sven", "Gunnhild", "Solveig", "Henrik", "Annika", "Magnus", "Eirik", "Sigrun", "Leif",
    "Søren", "Åsa",
    # Pacific
    "Sione", "Mele", "Tevita", "Leilani", "Keoni", "Malia", "Aroha", "Losaline",
    # Irish
    "Aoife", "Ciarán", "Oisín", "Róisín", "Padraig", "Caoimhe", "Eoin", "Fionnuala",
    # French
    "Noémie", "Thérèse", "Jean-Luc", "Marie-Claire",
    # Anglo / American
    "Darlene", "Marvin", "Tammy", "Lorraine", "Wendell", "Shirley", "Jolene", "Duane",
    "Bernice", "Kenneth",
    # also ordinary English words or places
    "Autumn", "Ivy", "Hazel", "Olive", "Penny", "Sunny", "Cliff", "Heath", "Drew", "Chase",
    "Wade", "Reed", "Florence", "Austin", "Georgia", "Brandy", "Crystal", "Miles", "Ginger",
]
LAST = [
    # West African
    "Adebayo", "Nwachukwu", "Okwuosa", "Asante", "Acheampong", "Boateng", "Owusu", "Ogunleye",
    "Chukwu",
    "Abubakar", "Sow", "Keita", "Coulibaly", "Ndiaye", "Obi", "Asante-Boateng",
    # East / Southeast Asian
    "Huang", "Guo", "Matsumoto", "Inoue", "Fujita", "Hayashi", "Jeong", "Kang", "Yoon", "Luong",
    "Dang", "Bui", "Trinh",
    # South Asian
    "Venkataraman", "Subramanian", "Mehta", "Desai", "Joshi", "Banerjee", "Sandhu", "Siddiqui",
    "Chowdhury", "Pillai", "Nair", "Ahluwalia",
    # Slavic
    "Wiśniewska", "Kaczmarek", "Lewandowski", "Procházka", "Horvat", "Petrović", "Marković",
    "Kravchenko", "Bondarenko", "Volkov", "Zelenko",
    # Arabic
    "Al-Masri", "Tannous", "Nasser", "El-Sayed", "Khoury", "Mansour", "Qureshi", "Saleh", "Aziz",
    "bin Rashid",
    # Latin American
    "Gutiérrez", "Villanueva", "Espinoza", "Rojas", "Aguilar", "Cárdenas", "Salazar", "Zúñiga",
    "de la Fuente", "Montoya", "Figueroa", "Vargas-Ortiz",
    # Nordic / Finnish
    "Lindqvist", "Halvorsen", "Bergström", "Nygaard", "Sørensen", "Dahl", "Virtanen",
    "Korhonen", "Magnusson",
    # Pacific
    "Tupou", "Fifita", "Kahananui", "Mahe", "Aumua", "Fonoti", "Ngata", "Tuilagi",
    # Irish
    "Ó Briain", "Ní Cheallaigh", "Dunleavy", "Brennan", "Mulcahy", "Moynihan", "Flaherty",
    # particles
    "van Dijk", "ter Horst", "de Souza", "da Costa", "von Hagen", "Des Rosiers",
    "Janse van Rensburg",
    # Anglo / American
    "Whitaker", "Pruitt", "Hendricks", "Calloway", "Dobbins", "Thornton", "Garrison",
    "Mayfield",
    # also ordinary English words or places
    "Baker", "Mason", "Marsh", "Moss", "Frost", "Lamb", "Nash", "Church", "Ward", "Sharp",
    "Little", "Savage", "Parish", "Field", "Fisher", "Lincoln", "Chester", "Kent", "Chapel",
]
INITIALS = [f"{c}." for c in "ABCDEFGHIJKLMNOPRSTVWY"]

EPONYMS = [
    # named in the issue
    "Parkinson's disease", "Parkinson disease", "Crohn's", "Crohn's disease", "Cushing's",
    "Cushing syndrome", "Hodgkin", "Hodgkin's lymphoma", "Alzheimer's", "Alzheimer's dementia",
    "Graves' disease", "Bell's palsy", "Down syndrome", "Apgar", "Glasgow coma scale",
    # others
    "Addison disease", "Hashimoto thyroiditis", "Guillain-Barré", "Raynaud's", "Sjögren syndrome",
    "Ménière's", "Barrett esophagus", "Dupuytren's", "Bence Jones protein",
    "Takotsubo cardiomyopathy",
    "Lewy body dementia", "Horner syndrome", "Brown-Séquard syndrome", "Todd's paralysis",
    "Wernicke's aphasia", "Broca's aphasia", "Homans' sign", "Murphy sign", "Rovsing's sign",
    "Kehr's sign", "Courvoisier's sign", "Grey Turner's sign", "Trousseau's sign", "Battle's sign",
    "Hoffmann's sign", "Babinski", "Romberg's sign", "Spurling's test", "Finkelstein's test",
    "Thompson test", "Ortolani maneuver", "Barlow maneuver", "Heimlich maneuver",
    "Seldinger technique", "Roux-en-Y gastric bypass", "Hartmann's procedure", "Billroth II",
    "Bankart lesion", "Hill-Sachs lesion", "Baker's cyst", "Morton's neuroma", "Monteggia fracture",
    "Jones fracture", "Pott's fracture", "Wenckebach", "Mobitz type II block", "Kerley B lines",
    "Virchow's triad", "Beck's triad", "Cushing's triad", "Charcot's triad", "Whipple's triad",
    "Koplik spots", "Argyll Robertson pupil", "Marcus Gunn pupil", "Adie's pupil",
    "Kayser-Fleischer rings", "Lewy bodies", "Pick's disease", "Creutzfeldt-Jakob disease",
    "Friedreich's ataxia", "Duchenne muscular dystrophy", "Becker muscular dystrophy",
    "Legg-Calvé-Perthes disease", "Scheuermann's disease", "Sever's disease", "Kienböck's disease",
    "de Quervain's tenosynovitis", "Osgood-Schlatter", "Waldenström macroglobulinemia",
    "Hürthle cell carcinoma", "Merkel cell carcinoma", "Kaposi's sarcoma", "Burkitt's lymphoma",
    "Berger's disease", "Alport syndrome", "Fanconi anemia", "Henoch-Schönlein purpura",
    "Churg-Strauss syndrome", "Goodpasture syndrome", "Dressler syndrome", "Eisenmenger syndrome",
    "Prader-Willi syndrome", "Angelman syndrome", "Edwards syndrome", "Noonan syndrome",
    "Rett syndrome", "DiGeorge syndrome", "Munchausen syndrome", "Tietze syndrome",
    "Chagas disease", "Hansen's disease", "Whipple's disease", "Ehlers-Danlos syndrome",
    "Stokes-Adams attack", "Sturge-Weber syndrome", "von Hippel-Lindau disease",
    "Zenker's diverticulum",
    "Schatzki ring", "Plummer-Vinson syndrome", "Ogilvie syndrome", "Hirschsprung's",
    "Arnold-Chiari malformation", "Lhermitte's sign", "Uhthoff's phenomenon", "Gowers' sign",
    "Trendelenburg gait", "Levine sign", "Cheyne-Stokes breathing", "Kussmaul respirations",
    "Quincke's pulse", "Corrigan pulse",
]
DRUGS = [
    "metformin", "warfarin", "empagliflozin", "dapagliflozin", "semaglutide", "sitagliptin",
    "glipizide", "losartan", "valsartan", "ramipril", "chlorthalidone", "nifedipine",
    "rosuvastatin", "pravastatin", "ezetimibe", "ticagrelor", "dabigatran", "edoxaban",
    "bisoprolol", "propranolol", "labetalol", "hydralazine", "torsemide", "bumetanide",
    "eplerenone", "sacubitril-valsartan", "mirtazapine", "venlafaxine", "duloxetine", "trazodone",
    "aripiprazole", "risperidone", "lithium", "clonazepam", "zolpidem", "topiramate",
    "oxcarbazepine", "phenytoin", "rizatriptan", "baclofen", "cyclobenzaprine", "tizanidine",
    "hydromorphone", "methadone", "naltrexone", "cephalexin", "clindamycin",
    "trimethoprim-sulfamethoxazole", "levofloxacin", "metronidazole", "fluconazole",
    "valacyclovir", "hydroxychloroquine", "sulfasalazine", "mesalamine", "budesonide",
    "azathioprine", "tacrolimus", "mycophenolate", "dexamethasone", "hydrocortisone",
    "fludrocortisone", "methimazole", "alendronate", "denosumab", "ferrous sulfate",
    "cyanocobalamin", "famotidine", "sucralfate", "loperamide", "senna", "montelukast",
    "albuterol", "tiotropium", "fluticasone", "cetirizine", "diphenhydramine", "oxybutynin",
    "mirabegron", "rivastigmine", "ropinirole", "amantadine", "entacapone", "rituximab",
    "pembrolizumab", "tamoxifen", "letrozole", "imatinib", "acetaminophen", "ibuprofen",
]
BRANDS = [
    "Eliquis", "Xarelto", "Coumadin", "Jardiance", "Farxiga", "Ozempic", "Trulicity", "Januvia",
    "Lantus", "Humalog", "Synthroid", "Lipitor", "Crestor", "Zetia", "Plavix", "Brilinta",
    "Entresto", "Lasix", "Zoloft", "Lexapro", "Wellbutrin", "Cymbalta", "Seroquel", "Abilify",
    "Ambien", "Xanax", "Klonopin", "Keppra", "Lamictal", "Neurontin", "Lyrica", "Sinemet",
    "Aricept", "Namenda", "Humira", "Stelara", "Dupixent", "Keytruda", "Prolia", "Fosamax",
    "Flomax", "Nexium", "Protonix", "Zofran", "Ventolin", "Spiriva", "Symbicort", "Singulair",
    "Zyrtec", "Benadryl", "Tylenol", "Advil", "Aleve", "Narcan", "Suboxone", "Augmentin",
    "Keflex", "Bactrim", "Valtrex", "Tamiflu", "Paxlovid", "Biktarvy", "Mounjaro", "Wegovy",
    "Glucophage", "Norvasc", "Toprol XL", "Coreg", "Aldactone", "Imdur",
]
DISEASES = [
    "type 2 diabetes mellitus", "hypertension", "atrial fibrillation",
    "heart failure with reduced ejection fraction", "chronic kidney disease stage 3b", "COPD",
    "asthma", "community-acquired pneumonia", "cellulitis", "urinary tract infection",
    "pyelonephritis", "sepsis", "deep vein thrombosis", "pulmonary embolism", "ischemic stroke",
    "transient ischemic attack", "migraine", "epilepsy", "multiple sclerosis",
    "myasthenia gravis", "rheumatoid arthritis", "systemic lupus erythematosus", "gout",
    "osteoarthritis", "osteoporosis", "hypothyroidism", "hyperthyroidism",
    "iron deficiency anemia", "sickle cell disease", "cirrhosis", "hepatitis C",
    "ulcerative colitis", "diverticulitis", "pancreatitis", "cholecystitis", "appendicitis",
    "GERD", "peptic ulcer disease", "major depressive disorder", "generalized anxiety disorder",
    "bipolar disorder", "schizophrenia", "PTSD", "alcohol use disorder", "opioid use disorder",
    "HIV", "tuberculosis", "psoriasis", "eczema", "melanoma", "breast cancer", "prostate cancer",
    "colorectal cancer", "small cell lung cancer", "multiple myeloma", "acute myeloid leukemia",
    "obstructive sleep apnea", "benign prostatic hyperplasia", "endometriosis", "preeclampsia",
    "gestational diabetes", "bronchiolitis", "otitis media", "dementia", "delirium", "shingles",
]
SIGNS = [
    "shortness of breath", "dyspnea on exertion", "orthopnea", "chest tightness",
    "palpitations", "syncope", "presyncope", "diaphoresis", "fever", "rigors", "night sweats",
    "weight loss", "fatigue", "nausea", "vomiting", "hematemesis", "melena", "hematochezia",
    "dysphagia", "abdominal pain", "jaundice", "pruritus", "ascites", "pedal edema", "cough",
    "hemoptysis", "wheezing", "stridor", "headache", "photophobia", "neck stiffness", "vertigo",
    "tinnitus", "diplopia", "slurred speech", "facial droop", "resting tremor", "bradykinesia",
    "cogwheel rigidity", "ataxia", "confusion", "dysuria", "hematuria", "urinary retention",
    "rash", "petechiae", "tachycardia", "bradycardia", "hypotension", "hypoxia", "clubbing",
    "lymphadenopathy", "splenomegaly", "hepatomegaly", "crackles", "rebound tenderness",
    "guarding", "joint swelling", "morning stiffness", "numbness", "tingling", "weakness",
]
SCALES = [
    "PHQ-9", "GAD-7", "MoCA", "Mini-Mental State Examination", "NIH Stroke Scale",
    "CHA2DS2-VASc", "HAS-BLED", "Morse Fall Scale", "Wong-Baker FACES scale",
    "numeric pain rating scale", "CURB-65", "qSOFA", "APACHE II", "MELD score", "Norton scale",
    "Barthel index", "Katz ADL index", "AUDIT-C", "CIWA-Ar", "COWS",
    "Edinburgh Postnatal Depression Scale", "modified Rankin Scale", "ECOG performance status",
    "FLACC scale", "Borg scale", "Berg Balance Scale", "Timed Up and Go test",
    "Columbia Suicide Severity Rating Scale", "Aldrete score", "Tanner stage", "NYHA class",
    "Killip class", "TIMI score", "HEART score", "Centor score", "Alvarado score",
    "Beighton score", "Ottawa knee rule", "Canadian C-spine rule",
]
ANATOMY = [
    "left anterior descending artery", "right lower lobe", "tibial plateau", "medial meniscus",
    "rotator cuff", "sigmoid colon", "common bile duct", "pancreatic head", "thyroid isthmus",
    "L4-L5 disc", "carotid bifurcation", "mitral valve", "aortic arch", "renal pelvis",
    "left adnexa", "cervical spine", "femoral neck", "scaphoid", "tympanic membrane",
    "optic disc", "pituitary fossa", "hepatic flexure", "gastric antrum", "sacroiliac joint",
    "brachial plexus", "popliteal fossa", "distal radius", "calcaneus", "right atrium",
    "ascending aorta", "corpus callosum", "basal ganglia", "cerebellum", "temporal lobe",
    "vocal cords", "parotid gland", "urinary bladder", "prostate", "left ovary", "spleen",
]

RELATIONS = [
    "husband", "wife", "daughter", "son", "neighbour", "neighbor", "caregiver", "roommate",
    "coach", "pastor", "niece", "nephew", "partner", "sister-in-law", "godmother", "landlord",
    "granddaughter", "grandson", "stepfather", "boyfriend", "girlfriend", "friend", "mother",
    "father", "brother", "sister", "aunt", "uncle", "foster mother", "home aide",
]
STREETS = [
    "Alder Crest", "Quarry Hill", "Tamarack", "Old Mill", "Wren Hollow", "Saguaro", "Pinecone",
    "Harbor View", "Cottonwood", "Juniper Ridge", "Lantern", "Bluebonnet", "Magnolia Bend",
    "Kestrel", "Ironwood", "Stillwater", "Cedar Knoll", "Fox Run", "Mesa Verde", "Orchard",
    "Martin Luther King Jr", "Cesar Chavez", "Seventh", "42nd", "Beacon",
]
STREET_KINDS = [
    "Rd", "Road", "St.", "Street", "Ave", "Avenue", "Ln", "Lane", "Dr.", "Drive", "Ct", "Way",
    "Pl.", "Terr.", "Loop", "Trail", "Hwy", "Pike", "Row",
]
CITIES = [
    ("Duluth", "MN"), ("Bend", "OR"), ("Spokane", "WA"), ("Macon", "GA"), ("Yakima", "WA"),
    ("Biloxi", "MS"), ("Eau Claire", "WI"), ("Las Cruces", "NM"), ("Hilo", "HI"),
    ("Fairbanks", "AK"), ("Bozeman", "MT"), ("Lubbock", "TX"), ("Provo", "UT"), ("Wichita", "KS"),
    ("Akron", "OH"), ("Scranton", "PA"), ("Burlington", "VT"), ("Asheville", "NC"),
    ("Pueblo", "CO"), ("Flagstaff", "AZ"), ("Dubuque", "IA"), ("Kalamazoo", "MI"),
    ("Muncie", "IN"), ("Lafayette", "LA"), ("Bangor", "ME"), ("Sioux Falls", "SD"),
    ("Rapid City", "SD"), ("Paducah", "KY"), ("Chattanooga", "TN"), ("Cedar Rapids", "IA"),
    ("San Bernardino", "CA"), ("Fort Wayne", "IN"), ("Grand Forks", "ND"), ("Twin Falls", "ID"),
    ("Elko", "NV"), ("Enid", "OK"), ("Joplin", "MO"), ("Tupelo", "MS"), ("Florence", "SC"),
    ("Independence", "MO"), ("Liberty", "MO"), ("Paris", "TX"), ("Athens", "GA"),
    ("St. Cloud", "MN"), ("Coeur d'Alene", "ID"), ("Española", "NM"),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
DOMAINS = [
    "riverbendhealth.org", "gmx.net", "comcast.net", "northshore-clinic.example", "ymail.com",
    "live.ca", "btinternet.com", "pm.me", "earthlink.net", "sbcglobal.net", "web.de",
    "stlukes-mercy.example",
]
PORTAL_HOSTS = [
    "portal.riverbendhealth.org", "mychart.stlukes-mercy.example",
    "connect.northshore-clinic.example",
    "patients.valleyhealth.example", "telehealth.desertcare.example",
    "myrecords.kestrelmed.example",
]
ONES = [
    "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
]
# fmt: on


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRTUVWXY") for _ in range(n))


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRTUVWXY0123456789") for _ in range(n))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.random()
    if form < 0.12:
        return f"{first} {rng.choice(INITIALS)} {last}"
    if form < 0.22:
        return f"{first[0]}. {last}"
    if form < 0.28:
        return f"{first} {rng.choice(FIRST)} {last}"
    return f"{first} {last}"


def _reversed_full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    last = last[0].upper() + last[1:]
    form = rng.random()
    if form < 0.25:
        return f"{last}, {first} {rng.choice(INITIALS)}"
    if form < 0.35:
        return f"{last.upper()}, {first.upper()}"
    return f"{last}, {first}"


def _date(rng: random.Random) -> str:
    day = datetime.date(1931, 1, 1) + datetime.timedelta(days=rng.randint(0, 34000))
    y, m, d = day.year, day.month, day.day
    month = MONTHS[m - 1]
    return rng.choice(
        [
            f"{d} {month[:3]} {y}",
            f"{d:02d}-{month[:3].upper()}-{y}",
            f"{y}/{m:02d}/{d:02d}",
            f"{m:02d}/{d:02d}/{y % 100:02d}",
            f"{m}.{d}.{y}",
            f"{month} {_ordinal(d)}",
            f"{_ordinal(d)} of {month} {y}",
            f"{day:%A}, {month} {d}, {y}",
            f"{d}.{m:02d}.{y}",
            f"{month[:3]} {d} '{y % 100:02d}",
            f"{month} {d} {y}",
        ]
    )


def _phone_like(rng: random.Random, fax: bool) -> str:
    a, b, c = rng.randint(205, 979), rng.randint(201, 989), _digits(rng, 4)
    forms = [
        f"({a}) {b}-{c} ext. {rng.randint(2, 4999)}",
        f"+1 {a} {b} {c}",
        f"{a} {b} {c}",
        f"+1-{a}-{b}-{c}",
        f"{a}.{b}.{c} x{rng.randint(10, 899)}",
        f"({a}){b}-{c}",
        f"+44 20 {_digits(rng, 4)} {_digits(rng, 4)}",
        f"+234 80{rng.randint(2, 9)} {_digits(rng, 3)} {_digits(rng, 4)}",
        f"+61 4{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}",
    ]
    if fax:
        forms += [f"{a}-{b}-{c}", f"1 ({a}) {b}-{c}"]
    else:
        forms += [f"{a}/{b}-{c}", f"{a}{b}{c}"]
    return rng.choice(forms)


def _email(rng: random.Random) -> str:
    first = _ascii(rng.choice(FIRST)).lower().replace("-", "")
    last = _ascii(rng.choice(LAST)).lower().replace(" ", "").replace("-", "").replace("'", "")
    local = rng.choice(
        [
            f"{first}_{last}",
            f"{last}.{first[0]}{rng.randint(1, 9)}",
            f"{first}{rng.randint(1950, 2009)}",
            f"{first[0]}{last}",
            f"{first}.{last}+portal",
            f"{last}{_digits(rng, 3)}",
        ]
    )
    return f"{local}@{rng.choice(DOMAINS)}"


def _address(rng: random.Random) -> str:
    number = rng.randint(3, 48000)
    street = f"{rng.choice(['', '', '', 'N ', 'SW ', 'East ', 'NE '])}{rng.choice(STREETS)}"
    base = f"{number} {street} {rng.choice(STREET_KINDS)}"
    form = rng.random()
    if form < 0.12:
        return f"PO Box {rng.randint(10, 9899)}"
    if form < 0.2:
        return f"Rural Route {rng.randint(1, 9)}, Box {rng.randint(10, 299)}"
    unit = rng.choice(
        [
            "",
            "",
            f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}",
            f" #{rng.randint(100, 999)}",
            f", Suite {rng.randint(100, 450)}",
            f", Unit {rng.choice('ABCDEFG')}-{rng.randint(1, 30)}",
            f", Lot {rng.randint(1, 90)}",
        ]
    )
    return base + unit


def _zip(rng: random.Random) -> str:
    code = f"{rng.randint(1, 99):02d}{_digits(rng, 3)}"
    return code if rng.random() < 0.6 else f"{code}-{_digits(rng, 4)}"


def _age_words(rng: random.Random) -> str:
    n = rng.randint(90, 99)
    return "ninety" + (f"-{ONES[n - 90]}" if n > 90 else "")


def _ssn(rng: random.Random) -> str:
    area, group, serial = rng.randint(101, 665), rng.randint(11, 98), rng.randint(1001, 9998)
    return rng.choice(
        [f"{area}-{group}-{serial}", f"{area} {group} {serial}", f"{area}{group}{serial}"]
    )


def _mrn(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_digits(rng, 2)}-{_digits(rng, 3)}-{_digits(rng, 2)}",
            f"E{_digits(rng, 7)}",
            _digits(rng, 9),
            f"MR{_digits(rng, 6)}",
            f"{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 1)}",
            f"0{_digits(rng, 6)}",
        ]
    )


def _plan(rng: random.Random) -> str:
    mbi = (
        f"{rng.randint(1, 9)}{_letters(rng, 1)}{_alnum(rng, 1)}{rng.randint(0, 9)}-"
        f"{_letters(rng, 1)}{_alnum(rng, 1)}{rng.randint(0, 9)}-{_letters(rng, 2)}{_digits(rng, 2)}"
    )
    return rng.choice(
        [
            mbi,
            f"{_letters(rng, 3)}{_digits(rng, 9)}",
            f"{_letters(rng, 3)}{_digits(rng, 8)}-0{rng.randint(1, 4)}",
            f"W{_digits(rng, 9)}",
            f"{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 4)}-A",
            f"MCD{_digits(rng, 8)}",
        ]
    )


def _account(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_digits(rng, 4)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            f"HAR{_digits(rng, 8)}",
            _digits(rng, 12),
            f"ACCT-{_digits(rng, 7)}",
            f"{_digits(rng, 6)}/{_digits(rng, 2)}",
        ]
    )


def _license(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_letters(rng, 2)}{_digits(rng, 7)}",
            f"1{_digits(rng, 9)}",
            f"MD{_digits(rng, 6)}",
            f"RN-{_digits(rng, 6)}",
            f"{_letters(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            f"PA{_digits(rng, 5)}",
        ]
    )


def _device(rng: random.Random) -> str:
    expiry = f"{rng.randint(26, 31)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return rng.choice(
        [
            f"(01)00{_digits(rng, 12)}(17){expiry}(21){_alnum(rng, 8)}",
            f"{_letters(rng, 3)}-{_digits(rng, 5)}-{_letters(rng, 2)}",
            f"{_alnum(rng, 10)}",
            f"SN{_digits(rng, 8)}",
            f"{_letters(rng, 2)}{_digits(rng, 6)}{_letters(rng, 1)}",
        ]
    )


def _url(rng: random.Random) -> str:
    host = rng.choice(PORTAL_HOSTS)
    return rng.choice(
        [
            f"https://{host}/patient/{_digits(rng, 6)}",
            f"{host}/myhealth?id={_alnum(rng, 8)}",
            f"https://{host}/join/{_alnum(rng, 4).lower()}-{_alnum(rng, 4).lower()}",
            f"http://{host}/results/{_digits(rng, 7)}.pdf",
            f"www.{host.split('.', 1)[1]}/pay/{_digits(rng, 9)}",
        ]
    )


def _ip(rng: random.Random) -> str:
    return rng.choice(
        [
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            ".".join(str(rng.randint(11, 223)) for _ in range(4)),
        ]
    )


def _other_id(rng: random.Random) -> str:
    return rng.choice(
        [
            f"CR-{rng.randint(2019, 2026)}-{_digits(rng, 5)}",
            f"IR{_digits(rng, 6)}",
            f"S{rng.randint(19, 26)}-{_digits(rng, 5)}",
            f"CLM{_digits(rng, 9)}",
            f"{_letters(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}",
            f"{_digits(rng, 2)}{_letters(rng, 2)}{_digits(rng, 5)}",
        ]
    )


def _pick(items: list[str]) -> Callable[[random.Random], str]:
    return lambda rng: rng.choice(items)


#: slot -> (kind recorded or None for filler, "phi" or "keep", generator)
SLOTS: dict[str, tuple[str | None, str, Callable[[random.Random], str]]] = {
    "first": ("NAME_FIRST", "phi", _pick(FIRST)),
    "last": ("NAME_LAST", "phi", _pick(LAST)),
    "full": ("NAME_FULL", "phi", _full),
    "rfull": ("NAME_FULL", "phi", _reversed_full),
    "date": ("DATE", "phi", _date),
    "phone": ("PHONE", "phi", lambda r: _phone_like(r, fax=False)),
    "fax": ("FAX", "phi", lambda r: _phone_like(r, fax=True)),
    "email": ("EMAIL", "phi", _email),
    "address": ("ADDRESS", "phi", _address),
    "city": ("CITY", "phi", lambda r: r.choice(CITIES)[0]),
    "zip": ("ZIP", "phi", _zip),
    "age": ("AGE", "phi", lambda r: str(r.randint(90, 108))),
    "agew": ("AGE", "phi", _age_words),
    "ssn": ("SSN", "phi", _ssn),
    "mrn": ("MRN", "phi", _mrn),
    "plan": ("HEALTH_PLAN", "phi", _plan),
    "account": ("ACCOUNT", "phi", _account),
    "license": ("LICENSE", "phi", _license),
    "npi": ("LICENSE", "phi", lambda r: f"{r.choice('12')}{_digits(r, 9)}"),
    "dea": ("LICENSE", "phi", lambda r: f"{r.choice('ABFGM')}{_letters(r, 1)}{_digits(r, 7)}"),
    "device": ("DEVICE", "phi", _device),
    "url": ("URL", "phi", _url),
    "ip": ("IP", "phi", _ip),
    "id": ("ID", "phi", _other_id),
    "eponym": ("EPONYM", "keep", _pick(EPONYMS)),
    "apgar": ("EPONYM", "keep", _pick(["Apgar", "Apgar scores", "APGAR", "Apgars"])),
    "gcs": ("EPONYM", "keep", _pick(["Glasgow coma scale", "Glasgow Coma Scale", "Glasgow"])),
    "drug": ("DRUG", "keep", _pick(DRUGS)),
    "brand": ("BRAND", "keep", _pick(BRANDS)),
    "disease": ("DISEASE", "keep", _pick(DISEASES)),
    "sign": ("SIGN", "keep", _pick(SIGNS)),
    "scale": ("SCALE", "keep", _pick(SCALES)),
    "anatomy": ("ANATOMY", "keep", _pick(ANATOMY)),
    "rel": (None, "", _pick(RELATIONS)),
}
STATES = dict(CITIES)

# fmt: off
TEMPLATES = [
    # discharge summaries
    (
        "DISCHARGE SUMMARY\nPatient: {rfull}    MRN: {mrn}    DOB: {date}\n"
        "Admitted {date}, discharged {date}.\n{Eponym} was the principal diagnosis. "
        "{Drug} was held on admission and restarted on the day of discharge. "
        "Follow-up with {last} in two weeks; her {rel} {first} will drive her home."
    ),
    (
        "Hospital course: {Disease} complicated by {sign}. {Brand} was switched to {drug} on "
        "hospital day 3. {First} tolerated a regular diet. Discussed with {full} ({rel}) who "
        "agrees with the plan. Discharged to {address}, {city}, {state} {zip}."
    ),
    # nursing notes
    (
        "0300 RN note: {Sign} overnight, no {sign}. Pt's {rel} {full} stayed at the bedside "
        "until 2200. Paged {last} re: {brand} dose; order received. {Scale} reassessed at 0400."
    ),
    (
        "Nursing: {First} ambulated 40 ft with walker. {Scale} 45. {Anatomy} dressing changed, "
        "no {sign}. Per Nurse {last}, {rel} {first} is bringing her {brand} from home."
    ),
    # referral letters
    (
        "Dear {full},\n\nThank you for seeing {first}, a {age}-year-old gentleman with {disease} "
        "and longstanding {eponym}. {Drug} and {brand} have been tried without benefit. Please "
        "contact my office at {phone} or fax records to {fax}.\n\nKind regards,\n{full}"
    ),
    (
        "Re: {rfull}, DOB {date}\n{Eponym} suspected on the basis of {sign} and {sign}. I would "
        "be grateful if {last} could assess the {anatomy}. Her daughter {first} can be reached "
        "on {phone}."
    ),
    # telephone encounters
    (
        "Telephone encounter {date}: {first} called from {phone} asking whether to continue "
        "{drug} before the {anatomy} biopsy. Advised to hold for 48 hours. {Last} aware."
    ),
    (
        "Phone call returned to {full}'s {rel}, {first}, at {phone}. {Sign} unchanged since "
        "Monday. {Brand} refill sent. Will message {last} about the {disease}."
    ),
    # patient portal messages
    (
        "hi its {~first}, my {rel} {~first} says the {drug} makes her dizzy?? also our new "
        "address is {address}, {city} {state} {zip}. thank you"
    ),
    (
        "Hello, this is {~full}'s wife. {Sign} started again last night and the {brand} is not "
        "helping. Can {first} call me back at {phone}? I could not log in to {url}."
    ),
    (
        "Message from {first} ({email}): Is my {brand} refill ready? {Rel} {first} also wants to "
        "know if {disease} runs in families. I tried {url} but it timed out."
    ),
    # social history
    (
        "SOCIAL HISTORY: Lives alone in {city} since {date}. Her {rel}, {full}, checks on her "
        "daily. Former smoker. {Disease} diagnosed in her sixties. Neighbour {first} picks up "
        "the {brand}."
    ),
    (
        "Social: Works as a bus driver. Shares an apartment with roommate {first}. Attends church; "
        "pastor {full} visited. Drinks rarely; {scale} 2. {Eponym} in remission."
    ),
    # family history
    (
        "FAMILY HISTORY: Mother ({first}) had {eponym}; father died of {disease}. Maternal aunt "
        "{full} with {eponym}. Sister {first}, {disease}. No {disease} in the family."
    ),
    (
        "Pedigree reviewed: proband {first}; maternal grandfather {full} ({eponym}); cousin "
        "{last} with {disease}. {Eponym} not reported. Genetic counselor {first} will follow."
    ),
    # consult notes
    (
        "Consult requested by {last} for {sign} and possible {eponym}. {Full} is a {age}-year-old "
        "seen with {rel} {first}. {Anatomy} exam unremarkable. Recommend {drug}."
    ),
    (
        "Neurology consult: {Sign} on the left with {sign}. {Eponym} versus {disease}. {Gcs} 15. "
        "{First} lives with {rel} {full}. Start {drug}; {last} to review the MRI."
    ),
    # medication reconciliation
    (
        "MEDICATION RECONCILIATION {date}\n- {drug} 500 mg twice daily\n- {brand} 20 mg daily\n"
        "- {drug} as needed\nReviewed with {first} and pharmacist {last}. Pharmacy fax {fax}."
    ),
    (
        "Med rec: {Brand} stopped by {last} after {sign}. {Drug} continued. {First} brought the "
        "bottles; her {rel} {first} fills the pill box. {Disease} stable."
    ),
    # radiology and lab headers
    (
        "EXAM: CT {ANATOMY} without contrast\nPATIENT: {RFULL}   MRN {mrn}   ACC {account}\n"
        "ORDERING: {full}, NPI {npi}\nDATE: {date}\nIMPRESSION: Findings compatible with "
        "{disease}; no evidence of {eponym}."
    ),
    (
        "SPECIMEN {id} collected {date} from {full} (DOB {date}). Ordering provider {last}. "
        "{Drug} trough subtherapeutic. {Disease} panel pending."
    ),
    (
        "US {anatomy}: {Anatomy} normal in size. Comparison {date}. Patient {rfull}, acct "
        "{account}. Read by {full}. Correlate for {eponym}."
    ),
    # case-report prose
    (
        "A {agew}-year-old woman from {city} presented with {sign} and {sign}. {Eponym} was "
        "suspected. She had taken {drug} for {disease} for a decade. Her {rel}, {first}, noticed "
        "the change."
    ),
    (
        "We describe a man aged {age} with {eponym} and {disease}. "
        "{Drug} was begun. {Last} and colleagues reported a similar course."
    ),
    # billing and insurance
    (
        "Insurance verified: member ID {plan}, subscriber {full}. Account {account}. {Brand} "
        "prior authorization faxed to {fax} on {date}. {Disease} listed as primary."
    ),
    (
        "Coverage note: {Last}'s plan ({plan}) denied {brand}. Appeal filed as claim {id}. "
        "{Disease} documented; {drug} tried first. Call {first} at {phone}."
    ),
    # devices and remote monitoring
    (
        "Device check: pacemaker serial {device} interrogated remotely from {ip}. {Sign} denied. "
        "{First} uploads readings nightly. {Eponym} in history; continue {drug}."
    ),
    (
        "Insulin pump {device} replaced. {Brand} via pump. {Full} trained by educator {first}. "
        "{Disease} with {sign}. UDI logged by {last} on {date}."
    ),
    # telehealth and IT
    (
        "Video visit via {url} (connected from {ip}). {First} at home in {city}. {Sign} better "
        "on {drug}. {Rel} {full} present for the visit."
    ),
    (
        "Access audit: user {email} opened chart {mrn} from {ip} on {date}. Chart contains "
        "{eponym} diagnosis. Reviewed by privacy officer {last}."
    ),
    # ED triage and transfers
    (
        "ED TRIAGE {date}: {Sign}. Brought in by {rel} {full} ({phone}). History of {disease} "
        "and {eponym}. Meds: {drug}, {brand}. {Gcs} 14."
    ),
    (
        "{Last} accepting at {city} Regional for {eponym} workup. {Scale} recorded at 6. "
        "Report given to {first}. {Drug} infusing. Family ({rel} {first}) en route."
    ),
    # obstetrics and paediatrics
    (
        "Baby girl {last}, born {date} at 39 weeks to {first} ({age}-year-old grandmother "
        "present). {Apgar} 8 and 9. Father {full}. {Anatomy} normal."
    ),
    (
        "Well child visit: {First} (age 4) with mum {first} and her partner {first}. {Eponym} "
        "ruled out. {Sign} mild. {Brand} dose by weight. Daycare teacher {last} noted the rash."
    ),
    # geriatrics and ages over 89
    (
        "Geriatrics: {full}, aged {age}, with {disease} and {eponym}. {Scale} 18/30. "
        "Daughter-in-law {first} is health care proxy. {Drug} deprescribed."
    ),
    (
        "At {age}, {first} still gardens daily. {Eponym} slowly progressive. {Brand} continued. "
        "Granddaughter {full} drives her from {city}."
    ),
    (
        "{age} y/o F, {disease}, {sign}. {Eponym}. Lives at {address}. Home aide {first} "
        "visits twice daily. {Drug} per {last}."
    ),
    # identity and security
    (
        "Identity verified with SSN {ssn} and DOB {date}. Driver's licence {license}. {Drug} "
        "dispensed to {full}. {Disease} on problem list."
    ),
    (
        "Registration: {rfull}; SSN {ssn}; {address}, {city}, {state} {zip}. Emergency contact "
        "{full} ({rel}). {Eponym} noted at intake."
    ),
    (
        "Duplicate chart merged: MRN {mrn} into MRN {mrn}. SSN on file {ssn}. {Sign} and "
        "{disease} carried over. Merged by {first} in HIM."
    ),
    (
        "Eligibility check: {full}, Medicare MBI {plan}, secondary member ID {plan}. {Brand} "
        "is tier 3 for {disease}. Verified by {first} from workstation {ip}."
    ),
    (
        "Workers' comp claim {id}: {Full} injured the {anatomy} at work on {date}. SSN {ssn}; "
        "group plan {plan}. {Drug} for pain; {scale} 6 today."
    ),
    (
        "Failed portal logins for {email} from {ip} and {ip}. {First} reset her password by "
        "phone. {Disease} results released. Seen for {sign} by {last}."
    ),
    # research
    (
        "Study subject {id} ({full}) enrolled {date}. {Eponym} confirmed; randomised to {drug} "
        "or placebo. Coordinator {first} ({email})."
    ),
    # email threads
    (
        "From: {email}\nTo: {email}\nSubject: {last} - {disease} follow up\n\n{First}, the "
        "{brand} samples are at the front desk. {Sign} is better. - {first}"
    ),
    # pharmacy
    (
        "Pharmacy: {Drug} called in by {full} (DEA {dea}). Callback {phone}. {Drug} interacts "
        "with {brand}; {last} counselled at pickup."
    ),
    (
        "Prescriber {full}, licence {license}, NPI {npi}. {Brand} 90-day supply for "
        "{disease}. Patient {first} prefers the {city} pharmacy."
    ),
    # care team lists and handoffs
    (
        "Care team: {full}, RN; {full}, PharmD; {last} (social work); {first} from hospice. "
        "{Eponym} and {disease} discussed at huddle."
    ),
    (
        "SBAR. S: {Last}, bed 12, {disease}. B: {eponym}. A: {Sign}, {scale} 3. R: page "
        "{last} at {phone} if worse."
    ),
    # procedures
    (
        "Operative note {date}. Surgeon: {full}. Assistant: {last}. Procedure: {eponym}. "
        "{Anatomy} identified and preserved. Scope serial {device}. {Brand} held."
    ),
    (
        "Endoscopy: {Eponym} seen in the {anatomy}. Biopsies taken. Endoscopist {full}; "
        "nurse {first}. {Drug} resumed {date}. Scope {device}."
    ),
    # scheduling and discharge instructions
    (
        "Appointment moved to {date} at the {city} clinic. Reminder texted to {phone}. {First} "
        "asked about the {brand} copay; account {account}. {Disease} follow-up."
    ),
    (
        "Call {phone} if you have {sign}. Your nurse today was {first}. Next {brand} dose "
        "{date}. {Eponym} education given to {first} and {rel} {first}."
    ),
    # interpreter, chaplain, incident
    (
        "Interpreter {first} (badge {id}) used for the visit. {Eponym} explained to {full} and "
        "her husband {first}. {Drug} teaching completed."
    ),
    (
        "Chaplain visit: sat with {first} and their pastor, {full}. {Disease} prognosis "
        "discussed. {Last}'s {rel} asked about {brand}."
    ),
    (
        "Incident report {id}: {Last} found on floor by roommate {first}. {Anatomy} tender. "
        "{Scale} high risk. {Drug} reviewed by {full}."
    ),
    # relocation and records
    (
        "Patient relocating to {address}, {city}, {state} {zip} on {date}. Records release "
        "signed; send to fax {fax}. {Disease} and {eponym} on problem list. Contact {email}."
    ),
    (
        "Records request from {full}, {city} Family Medicine, fax {fax}, for {rfull}. "
        "{Eponym} workup and {drug} history included. Portal {url}."
    ),
    # sports, school, work
    (
        "Sports physical: {full}, cleared by coach {last}. {Eponym} screen negative. "
        "{Anatomy} stable. {Scale} 4. {Brand} before practice."
    ),
    (
        "Work note for {first} {date}: off duty for {disease}. Supervisor {full} may call "
        "{phone}. {Sign} resolving on {drug}."
    ),
    # possessives, initials and lower-risk forms
    (
        "{Last}'s {sign} resolved after {drug}. {Eponym} stays on the differential. "
        "Seen with {full} and {first}'s {rel}."
    ),
    (
        "{Eponym}: {first}'s {rel} reports {sign}. {Brand} started by {last}. "
        "{Full} asked for copies to {email}."
    ),
    # psychiatry and substance use
    (
        "Psych intake: {First} states her ex-partner {full} has not been in contact. "
        "{Scale} 18. {Drug} started; {brand} stopped. {Disease} in remission."
    ),
    (
        "{Disease}: {First} attends group with sponsor {first}. {Drug} maintenance via {last}. "
        "{Sign} on {date}. Counsellor {full}."
    ),
    # wound and home care
    (
        "Home visit at {address}, {city}. Caregiver {first} reports {sign}. {Anatomy} wound "
        "{scale} 14. {Brand} pill organizer checked. Seen with {full}."
    ),
    # hepatology / eponym-dense
    (
        "{Eponym} and {eponym} both considered. {Brand} held. {Full}, {age}, husband of "
        "{first}. {Scale} noted by {last}. Plan: {drug}."
    ),
    # dentistry / ENT / eye
    (
        "ENT: {Anatomy} erythematous. {Eponym} unlikely. {Last} referred {first} here. "
        "Mother {full} at {phone}. {Drug} for 7 days."
    ),
]
# fmt: on


_SLOT = re.compile(r"\{(~?[A-Za-z]+)\}")


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    state = ""
    position = 0
    for match in _SLOT.finditer(template):
        note.text += template[position : match.start()]
        position = match.end()
        slot = match.group(1)
        lower = slot.startswith("~")
        slot = slot.lstrip("~")
        if slot.lower() == "state":
            if not state:
                raise AssertionError(f"{{state}} before any {{city}} in {template!r}")
            value = state
            kind: str | None = None
            where = ""
        else:
            kind, where, make = SLOTS[slot.lower()]
            value = make(rng)
            if kind == "CITY":
                state = STATES[value]
        if lower:
            value = value.lower()
        elif len(slot) > 1 and slot.isupper():
            value = value.upper()
        elif slot[0].isupper():
            value = value[0].upper() + value[1:]
        if kind is not None:
            span = (kind, len(note.text), len(note.text) + len(value))
            (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    note.text += template[position:]
    return note


def generate(per_template: int = 10, seed: int = 48213907) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
