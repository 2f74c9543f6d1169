"""The FIFTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the
contents of the v3 and v4 sets, before the scrubber changes of that day. It is run once, after
those changes. Any change to the scrubber made after reading this set's errors makes its figures
development figures, and must be said so.

Everything here is invented: seeded random fills of sentence templates written in the styles of
dictated notes, ED and triage notes, OB, pediatric, pathology, operative, home-health, hospice,
dental, pharmacy, consent, incident, social-work notes, letters and patient forum posts. The
name lists share no name with tests/phi_corpus.py or the earlier evaluation sets. Each note
records ``phi`` and ``keep`` as (kind, start, end) like tests/phi_eval_set.py; an identifier
span covers the value only, never its label word.
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
    # West, East and Southern African
    "Babatunde", "Ebere", "Folake", "Yaa", "Wanjiku", "Tendai", "Adaobi", "Chibuzor", "Ifeanyi",
    "Nnenna", "Kehinde", "Afia", "Kwesi", "Sekou", "Mariama", "Ibrahima", "Kadiatou", "Njeri",
    "Chebet", "Farai", "Thabo", "Naledi",
    # East and Southeast Asian
    "Haruki", "Yui", "Min-jun", "Ji-woo", "Yuting", "Zhiwei", "Duc", "Mai-Anh", "Rizal", "Takumi",
    "Asuka", "Eun-ji", "Do-yoon", "Guoliang", "Hieu", "Siriporn", "Nattapong", "Marites",
    # South Asian
    "Deepak", "Nirmala", "Vihaan", "Saanvi", "Gaurav", "Lavanya", "Karthik", "Jaspreet",
    "Parminder", "Farhana", "Nusrat",
    # Slavic
    "Jaroslava", "Yelena", "Jiřina", "Ondřej", "Zdenka", "Dušan", "Mirjana", "Vasily", "Halyna",
    "Oleksandr",
    # Arabic and Persian
    "Walid", "Souad", "Fadi", "Ghada", "Nabil", "Widad", "Hanan", "Shireen", "Kourosh", "Azadeh",
    # Latin American
    "Esteban", "Pilar", "Xiomara", "Graciela", "Abelardo", "Milagros", "Teodoro", "Heriberto",
    "Agustín",
    # Nordic
    "Tove", "Hjördis", "Ásgeir", "Hallvard", "Birgitta", "Steinar", "Eyvind",
    # Pacific
    "Losa", "Tane", "Kalea", "Makana", "Kaimana", "Viliami", "Salote", "Mikaere", "Hinemoa",
    # Irish
    "Cormac", "Éabha", "Dervla", "Ruairí", "Fiachra", "Mairéad", "Finbarr",
    # Anglo and African American
    "Gregory", "Tamika", "Beverly", "Kendrick", "Shanice", "Lucille", "Delbert", "Loretta",
    "Thelma", "Tyrell", "Latrice", "Orville", "Imogen", "Hamish",
    # also ordinary English words
    "Major", "Basil", "Royal", "Rain", "Glen", "Dale", "Ash", "Laurel", "Poppy", "Saffron",
    "Jasper", "Flint", "Brook", "Fortune", "Prudence", "Verity", "Lucky", "Sandy", "Kit",
]
LAST = [
    # West, East and Southern African
    "Afolabi", "Onyango", "Kariuki", "Osei-Bonsu", "Nwankwo", "Okoye", "Ajayi", "Oyebanji",
    "Frimpong", "Appiah", "Touré", "Cissé", "Konaté", "Njoroge", "Wafula", "Ncube", "Khumalo",
    "Mokoena",
    # East and Southeast Asian
    "Lam", "Vu", "Okada", "Shimizu", "Aoki", "Hasegawa", "Miyazaki", "Kwon", "Ahn", "Luo",
    "Zeng", "Nguyen-Tran", "Duong", "Wongsakul", "Magbanua", "Dimaculangan", "Manalo",
    # South Asian
    "Krishnamurthy", "Iyengar", "Trivedi", "Saxena", "Kapoor", "Bajwa", "Grewal",
    # Slavic
    "Lewandowska", "Popova", "Zając", "Szymański", "Woźniak", "Kučera", "Đorđević", "Lebedev",
    "Hrytsenko",
    # Arabic and Persian
    "Abu-Zahra", "Al-Sayed", "Haddadin", "Khalil", "Othman", "Tamimi", "El-Khatib", "Rostami",
    "Sadeghi",
    # Latin American
    "Restrepo", "Zapata", "Guzmán", "Saldaña", "Cabrera", "Santiago-Reyes", "Escobedo",
    "Navarrete", "Quiroga", "Velásquez", "de la Garza", "del Toro",
    # Nordic
    "Nyström", "Sigurdsson", "Thorvaldsen", "Åberg", "Lindahl", "Fjeld", "Gunnarsdóttir",
    "Vesterinen",
    # Pacific
    "Kealamakia", "Palakiko", "Tuiasosopo", "Leiataua", "Havili", "Te Whaiti",
    # Irish and particles
    "Moriarty", "Donnelly", "Flanagan", "Costello", "Ní Bhriain", "Mac Giolla Phádraig",
    "Ó Súilleabháin", "Mac Cárthaigh", "Hanrahan", "Geraghty", "van Rijn", "St. Clair",
    "De Luca",
    # Anglo
    "Pemberton", "Whitlock", "Ainsworth", "Haverford", "Tillman", "Gaskins", "Abercrombie",
    "Cartwright", "Merriweather", "Thackeray",
    # also ordinary English words or places
    "Shepherd", "Berry", "Pike", "Houston", "Dallas", "Sutton", "Steele", "Weaver", "Archer",
    "Drake", "Raven", "Summers", "Knight", "Page", "Green", "Gray", "Orlando", "Denver",
]
INITIALS = [f"{c}." for c in "BCDFGHKLMNOPRSTVY"]

EPONYMS = [
    "Parkinson's disease", "Parkinson disease", "Crohn's", "Crohn's disease", "Cushing's",
    "Cushing's syndrome", "Hodgkin lymphoma", "Hodgkin", "Alzheimer's", "Alzheimer's dementia",
    "Graves' disease", "Bell's palsy", "Down syndrome", "Apgar", "Apgar score",
    "Glasgow coma scale", "Glasgow Coma Scale", "Addison's", "Hashimoto's", "Kawasaki disease",
    "Guillain-Barré", "Meniere's disease", "Sjogren syndrome", "Raynaud's", "Tourette's",
    "Barrett's esophagus", "Legg-Calvé-Perthes disease", "Osgood-Schlatter", "Sever's disease",
    "Bishop score", "Leopold maneuvers", "Braxton Hicks contractions", "Nägele's rule",
    "McRoberts maneuver", "Hegar dilator", "Foley bulb", "Pap smear", "Papanicolaou test",
    "Chadwick's sign", "Naegele's rule", "Ballard score", "Denver developmental screen",
    "Moro reflex", "Ortolani test", "Wilms tumor", "Hirschsprung's", "Kernig sign",
    "Brudzinski's sign", "Murphy's sign", "McBurney point", "Rovsing sign", "Trendelenburg",
    "reverse Trendelenburg", "Foley", "Jackson-Pratt drain", "Bovie", "Gelpi retractor",
    "Mayo scissors", "Metzenbaum scissors", "Kocher clamp", "Allis clamp", "Hartmann pouch",
    "Nissen", "Whipple", "Roux-en-Y", "Pfannenstiel incision", "Gleason score",
    "Gleason pattern 4", "Breslow depth", "Clark level IV", "Nottingham grade", "Bloom-Richardson",
    "Reed-Sternberg cells", "Auer rods", "Mallory bodies", "Lewy bodies", "Call-Exner bodies",
    "Schiller-Duval bodies", "Psammoma bodies", "Hürthle cells", "Langerhans cell histiocytosis",
    "Merkel cell carcinoma", "Kaposi's sarcoma", "Ewing's sarcoma", "Burkitt's", "Paget disease",
    "Ludwig's angina", "Vincent's angina", "Stensen's duct", "Wharton's duct", "Frankfort plane",
    "Class II Angle malocclusion", "Black's classification", "Hutchinson teeth",
    "Koplik spots", "Fordyce spots", "Epstein pearls", "Bohn nodules", "Heberden nodes",
    "Bouchard nodes", "Dupuytren's", "Tinel's", "Phalen test", "Finkelstein's test",
    "Lachman", "Homan's sign", "Wells criteria", "Ranson's criteria", "Child-Pugh class B",
    "Braden score", "Morse Fall Scale", "Karnofsky score", "Palliative Performance Scale",
    "Cheyne-Stokes breathing", "Kussmaul respirations", "Korsakoff's", "Wernicke's",
    "Creutzfeldt-Jakob", "Huntington's chorea", "Lou Gehrig's disease", "Tay-Sachs",
    "Stevens-Johnson syndrome", "Lyme", "Epley maneuver", "Heimlich maneuver", "Valsalva",
    "Holter", "Swan-Ganz", "Hickman catheter", "Port-a-Cath", "Broselow tape",
]
DRUGS = [
    "metformin", "warfarin", "oxytocin", "magnesium sulfate", "terbutaline", "misoprostol",
    "dinoprostone", "betamethasone", "Rho(D) immune globulin", "prenatal vitamins",
    "ferrous sulfate", "docusate", "cefazolin", "clindamycin", "cephalexin", "amoxicillin",
    "amoxicillin-clavulanate", "azithromycin", "ibuprofen", "acetaminophen", "ketorolac",
    "hydromorphone", "fentanyl", "morphine sulfate", "methadone", "naltrexone", "haloperidol",
    "glycopyrrolate", "scopolamine", "midazolam", "dexmedetomidine", "lidocaine",
    "bupivacaine", "articaine", "chlorhexidine", "sodium fluoride", "penicillin VK",
    "dexamethasone", "prednisolone", "budesonide", "albuterol", "ipratropium", "cetirizine",
    "diphenhydramine", "famotidine", "sucralfate", "loperamide", "senna", "polyethylene glycol",
    "bisacodyl", "lisinopril", "losartan", "nifedipine", "labetalol", "hydralazine",
    "metoprolol succinate", "atenolol", "rosuvastatin", "simvastatin", "ezetimibe",
    "dabigatran", "edoxaban", "ticagrelor", "alteplase", "tranexamic acid", "insulin aspart",
    "insulin detemir", "liraglutide", "tirzepatide", "pioglitazone", "glimepiride",
    "levothyroxine", "methimazole", "propylthiouracil", "hydrocortisone", "fludrocortisone",
    "venlafaxine", "duloxetine", "mirtazapine", "trazodone", "aripiprazole", "risperidone",
    "lithium carbonate", "clonazepam", "alprazolam", "zolpidem", "melatonin", "topiramate",
    "phenytoin", "oxcarbazepine", "rasagiline", "ropinirole", "rivastigmine", "baclofen",
    "cyclobenzaprine", "mesalamine", "azathioprine", "ustekinumab", "vedolizumab",
    "rituximab", "pembrolizumab", "tamoxifen", "letrozole", "doxorubicin", "cisplatin",
    "filgrastim", "epoetin alfa", "vitamin K", "protamine", "sugammadex", "neostigmine",
]
BRANDS = [
    "Pitocin", "Cytotec", "Cervidil", "RhoGAM", "Tylenol", "Advil", "Motrin", "Toradol",
    "Dilaudid", "Norco", "Percocet", "Vicodin", "Narcan", "Suboxone", "Vivitrol", "Ativan",
    "Xanax", "Klonopin", "Ambien", "Benadryl", "Zyrtec", "Claritin", "Pepcid", "Prilosec",
    "Nexium", "Miralax", "Colace", "Dulcolax", "Imodium", "Keflex", "Augmentin", "Zithromax",
    "Bactrim", "Cipro", "Flagyl", "Diflucan", "Valtrex", "Tamiflu", "Paxlovid", "Eliquis",
    "Xarelto", "Pradaxa", "Brilinta", "Plavix", "Coumadin", "Lovenox", "Lipitor", "Crestor",
    "Zetia", "Norvasc", "Toprol XL", "Cozaar", "Entresto", "Lasix", "Aldactone", "Jardiance",
    "Farxiga", "Trulicity", "Mounjaro", "Ozempic", "Wegovy", "Victoza", "Januvia", "Glucophage",
    "Lantus", "Levemir", "Novolog", "Humalog", "Tresiba", "Synthroid", "Tapazole", "Medrol",
    "Solu-Medrol", "Decadron", "Flovent", "Symbicort", "Breo", "Singulair", "ProAir", "Lexapro",
    "Effexor", "Cymbalta", "Wellbutrin", "Abilify", "Risperdal", "Zyprexa", "Haldol", "Depakote",
    "Keppra", "Topamax", "Dilantin", "Sinemet", "Requip", "Exelon", "Aricept", "Namenda",
    "Flexeril", "Lioresal", "Humira", "Remicade", "Stelara", "Entyvio", "Rituxan", "Keytruda",
    "Herceptin", "Neulasta", "Procrit", "Peridex", "PreviDent", "Orajel", "EpiPen", "Sudafed",
]
DISEASES = [
    "preeclampsia", "gestational hypertension", "gestational diabetes", "placenta previa",
    "placental abruption", "postpartum hemorrhage", "chorioamnionitis", "hyperemesis gravidarum",
    "preterm labor", "HELLP syndrome", "neonatal jaundice", "bronchiolitis", "croup",
    "otitis media", "strep pharyngitis", "hand, foot and mouth disease", "failure to thrive",
    "febrile seizure", "intussusception", "pyloric stenosis", "RSV", "ADHD",
    "autism spectrum disorder", "dental caries", "periodontitis", "gingivitis",
    "pericoronitis", "dental abscess", "alveolar osteitis", "adenocarcinoma",
    "squamous cell carcinoma", "ductal carcinoma in situ", "invasive lobular carcinoma",
    "tubular adenoma", "basal cell carcinoma", "follicular lymphoma", "end-stage renal disease",
    "metastatic pancreatic cancer", "end-stage COPD", "congestive heart failure",
    "hypertension", "hyperlipidemia", "type 1 diabetes", "type 2 diabetes", "diabetic ketoacidosis",
    "atrial flutter", "NSTEMI", "STEMI", "aortic stenosis", "pneumonia", "COVID-19",
    "influenza A", "pyelonephritis", "C. diff colitis", "MRSA bacteremia", "osteomyelitis",
    "cellulitis", "small bowel obstruction", "acute cholecystitis", "perforated appendicitis",
    "alcohol use disorder", "opioid use disorder", "PTSD", "major depression", "anorexia nervosa",
    "delirium", "vascular dementia", "hypothyroidism", "hyperthyroidism", "iron deficiency anemia",
    "thrombocytopenia", "hypokalemia", "hyponatremia", "rhabdomyolysis", "concussion",
    "subdural hematoma", "hip fracture", "pressure injury", "venous stasis ulcer",
]
SIGNS = [
    "tachycardia", "bradycardia", "hypotension", "hypoxia", "tachypnea", "fever",
    "diaphoresis", "pallor", "mottling", "cyanosis", "nasal flaring", "grunting", "retractions",
    "stridor", "wheezing", "rhonchi", "rales", "diminished breath sounds", "a pericardial rub",
    "a holosystolic murmur", "JVD", "bilateral pedal edema", "anasarca", "ascites", "jaundice",
    "scleral icterus", "asterixis", "petechiae", "purpura", "urticaria", "erythema",
    "fluctuance", "induration", "crepitus", "trismus", "halitosis", "gingival bleeding",
    "tooth mobility", "vaginal bleeding", "uterine tenderness", "fundal tenderness",
    "late decelerations", "decreased fetal movement", "lochia", "meconium", "hypotonia",
    "poor feeding", "lethargy", "irritability", "a bulging fontanelle", "vomiting", "diarrhea",
    "constipation", "abdominal distension", "guarding", "rebound", "hematemesis", "melena",
    "hemoptysis", "dysuria", "urinary retention", "confusion", "agitation", "terminal secretions",
    "apnea", "syncope", "vertigo", "a facial droop", "slurred speech", "left-sided weakness",
    "a positive Romberg", "an antalgic gait", "point tenderness", "a deformity",
    "shortness of breath",
]
SCALES = [
    "PHQ-9", "PHQ-2", "GAD-7", "EPDS", "Edinburgh Postnatal Depression Scale", "MoCA", "SLUMS",
    "Mini-Cog", "CAM-ICU", "RASS", "NIH Stroke Scale", "FLACC", "Wong-Baker FACES",
    "numeric pain score", "PEWS", "CIWA-Ar", "COWS", "AUDIT", "DAST-10", "C-SSRS", "ESI level 2",
    "ESI 3", "triage acuity 2", "ASA III", "ASA physical status II", "Mallampati II",
    "ECOG 2", "PPS 30%", "FAST stage 7", "Katz ADL index", "Lawton IADL scale", "Tinetti",
    "Timed Up and Go", "Norton scale", "Waterlow score", "Plaque Index", "Gingival Index",
    "Vanderbilt rating scale", "M-CHAT", "Ages and Stages Questionnaire", "HEART score",
    "PERC rule", "PECARN rule", "Canadian C-spine rule", "CURB-65", "MEWS", "NEWS2",
]
ANATOMY = [
    "cervix", "fundus", "placenta", "umbilical cord", "amniotic sac", "perineum",
    "lower uterine segment", "fallopian tube", "endometrium", "anterior fontanelle",
    "tympanic membranes", "tonsils", "epiglottis", "pylorus", "mandible", "maxilla",
    "tooth #19", "tooth #30", "lower left third molar", "inferior alveolar nerve",
    "buccal mucosa", "hard palate", "temporomandibular joint", "sublingual space",
    "axillary lymph nodes", "sentinel lymph node", "surgical margin", "muscularis propria",
    "lamina propria", "serosa", "ascending colon", "cecum", "appendix", "gallbladder fossa",
    "cystic duct", "common hepatic duct", "liver", "left lobe of the liver", "spleen",
    "peritoneum", "fascia", "rectus sheath", "inguinal canal", "sacrum", "coccyx",
    "greater trochanter", "femoral neck", "distal radius", "scaphoid", "ulnar nerve",
    "median nerve", "brachial plexus", "C5-C6", "L4-L5 disc", "spinal cord", "frontal lobe",
    "occipital lobe", "brainstem", "thalamus", "internal capsule", "middle cerebral artery",
    "aortic arch", "superior vena cava", "tricuspid valve", "right ventricle", "left atrium",
    "right lower lobe", "left lingula", "trachea", "carina", "esophagus", "gastric antrum",
    "heel", "sacral skin", "coccygeal area", "great toe", "left calf",
]
CITIES = [
    ("Tulsa", "OK"), ("Wichita", "KS"), ("Flagstaff", "AZ"), ("Paducah", "KY"), ("Yakima", "WA"),
    ("Pueblo", "CO"), ("Missoula", "MT"), ("Shreveport", "LA"), ("Macon", "GA"),
    ("Eau Claire", "WI"), ("Bozeman", "MT"), ("Asheville", "NC"), ("Florence", "SC"),
    ("Marion", "IN"), ("Independence", "MO"), ("Grand Forks", "ND"), ("Hilo", "HI"),
    ("Las Cruces", "NM"), ("Burlington", "VT"), ("Kalamazoo", "MI"), ("Joplin", "MO"),
    ("Hattiesburg", "MS"), ("Bend", "OR"), ("Laredo", "TX"), ("Scranton", "PA"),
]
STREETS = [
    "Sycamore Hollow", "Old Mill", "Quail Run", "Tamarack", "Prairie Wind", "Lakeshore",
    "Cottonwood", "Hickory Ridge", "Bluebonnet", "Sandpiper", "Orchard Grove", "Foxglove",
    "Martin Luther King Jr.", "County Road 14", "Kamehameha", "Calle del Sol",
]
STREET_TYPES = [
    "Rd", "Road", "St.", "Street", "Ave", "Avenue", "Dr.", "Drive", "Ln.", "Trail", "Loop",
    "Pike", "Hwy", "Cir", "Pl.", "Terr.",
]
DIRECTIONS = ["N", "S", "E", "W", "NE", "NW", "SE", "SW", "North", "West"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
DOMAINS = [
    "aol.com", "att.net", "proton.me", "comcast.net", "msn.com", "stlukes-health.org",
    "mercyregional.org", "isd412.k12.mn.us", "ymail.com", "live.com",
]
WEB = [
    "caringbridge.org/visit", "gofundme.com/f", "mychart.valleymed.org/MyChart/Messages",
    "portal.northshorepeds.com/forms", "drive.google.com/file/d", "tinyurl.com",
    "patientfiles.lakesidehospice.org/share", "facebook.com/groups",
]
NUMBER_WORDS = {
    90: "ninety", 91: "ninety-one", 92: "ninety-two", 93: "ninety-three", 94: "ninety-four",
    95: "ninety-five", 96: "ninety-six", 97: "ninety-seven", 98: "ninety-eight",
    99: "ninety-nine", 100: "one hundred", 101: "one hundred and one",
}
# fmt: on


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _upper(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ACDEFGHJKLMNPRTUVWXY") for _ in range(n))


def _mixed(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ACDEFGHJKMNPQRTUVWXY0123456789") for _ in range(n))


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.random()
    if form < 0.12:
        return f"{first} {rng.choice(INITIALS)} {last}"
    if form < 0.2:
        return f"{first[0]}. {last}"
    if form < 0.26:
        return f"{first} {rng.choice(FIRST)} {last}"
    if form < 0.34:
        return f"{last}, {first}"
    return f"{first} {last}"


def _date(rng: random.Random) -> str:
    m, d, y = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1931, 2026)
    month = MONTHS[m - 1]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    return rng.choice(
        [
            f"{m}/{d}/{y % 100:02d}",
            f"{m:02d}/{d:02d}/{y}",
            f"{d:02d}-{month[:3]}-{y}",
            f"{d}{month[:3].upper()}{y}",
            f"{y}/{m:02d}/{d:02d}",
            f"{month[:3]} {d} {y}",
            f"{month} {d}{suffix}",
            f"the {d}{suffix} of {month}",
            f"{m}-{d}-{y % 100:02d}",
            f"{month}, {y}",
            f"{m}/{d}",
            f"{month.upper()} {d}, {y}",
        ]
    )


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randint(205, 985), rng.randint(210, 989), _digits(rng, 4)
    return rng.choice(
        [
            f"+1 {a} {b} {c}",
            f"({a}){b}-{c}",
            f"{a}/{b}-{c}",
            f"{a} {b} {c}",
            f"+1-{a}-{b}-{c}",
            f"{a}{b}{c}",
            f"({a}) {b}-{c} ext. {rng.randint(10, 9999)}",
            f"{b}-{c}",
        ]
    )


def _email(rng: random.Random) -> str:
    first = rng.choice(FIRST).lower()
    last = rng.choice(LAST).lower()
    clean = str.maketrans("", "", " '.-")
    first, last = first.translate(clean), last.translate(clean)
    local = rng.choice(
        [
            f"{first}_{last}",
            f"{last}.{first[0]}{rng.randint(1950, 2012)}",
            f"{first}{rng.randint(1, 999)}",
            f"{first[0]}{first[-1]}{last}",
            f"{last}fam",
            f"nana.{first}",
        ]
    )
    local = local.encode("ascii", "ignore").decode() or "mail"
    return f"{local}@{rng.choice(DOMAINS)}"


def _address(rng: random.Random) -> str:
    number = rng.randint(3, 48999)
    street = f"{rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
    form = rng.random()
    if form < 0.15:
        return f"PO Box {rng.randint(10, 9999)}"
    if form < 0.25:
        return f"Rural Route {rng.randint(1, 9)}, Box {rng.randint(1, 300)}"
    if form < 0.45:
        return f"{number} {rng.choice(DIRECTIONS)} {street}"
    if form < 0.6:
        return f"{number} {street} #{rng.randint(1, 40)}{rng.choice('ABCD')}"
    if form < 0.7:
        return f"{number} {street}, Lot {rng.randint(1, 120)}"
    return f"{number} {street}"


def _zip(rng: random.Random) -> str:
    z = f"{rng.randint(1, 99):02d}{_digits(rng, 3)}"
    return z if rng.random() < 0.7 else f"{z}-{_digits(rng, 4)}"


def _age(rng: random.Random) -> str:
    n = rng.randint(90, 108)
    if n in NUMBER_WORDS and rng.random() < 0.3:
        return NUMBER_WORDS[n]
    return str(n)


def _ssn(rng: random.Random) -> str:
    a, b, c = rng.randint(101, 772), rng.randint(11, 98), rng.randint(1001, 9998)
    return rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}"])


def _mrn(rng: random.Random) -> str:
    return rng.choice(
        [
            f"E{_digits(rng, 7)}",
            f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}",
            f"00{_digits(rng, 7)}",
            f"M{_digits(rng, 2)}-{_digits(rng, 5)}",
            f"{_digits(rng, 1)}-{_digits(rng, 4)}-{_digits(rng, 2)}",
            _digits(rng, 7),
        ]
    )


def _plan(rng: random.Random) -> str:
    mbi = f"{rng.randint(1, 9)}{_upper(rng, 1)}{_mixed(rng, 1)}{_digits(rng, 1)}"
    mbi += f"-{_upper(rng, 1)}{_mixed(rng, 1)}{_digits(rng, 1)}-{_upper(rng, 2)}{_digits(rng, 2)}"
    return rng.choice(
        [
            mbi,
            f"{_upper(rng, 3)}{_digits(rng, 8)}01",
            f"W{_digits(rng, 9)}",
            f"{_upper(rng, 2)}-{_digits(rng, 4)}-{_digits(rng, 5)}",
            f"MCD{_digits(rng, 10)}",
            f"{_digits(rng, 9)}-{_upper(rng, 1)}",
        ]
    )


def _account(rng: random.Random) -> str:
    return rng.choice(
        [
            _digits(rng, 10),
            f"{_digits(rng, 4)}-{_digits(rng, 6)}",
            f"V{_digits(rng, 9)}",
            f"HB{_digits(rng, 8)}",
            f"{_digits(rng, 3)} {_digits(rng, 4)} {_digits(rng, 3)}",
        ]
    )


def _license(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_upper(rng, 2)}{_digits(rng, 7)}",
            f"MD{_digits(rng, 6)}",
            f"RN{_digits(rng, 7)}",
            f"{_upper(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}",
            f"DDS-{_digits(rng, 5)}",
            f"RPh {_digits(rng, 6)}",
        ]
    )


def _device(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_upper(rng, 3)}{_digits(rng, 6)}{_upper(rng, 1)}",
            f"SN{_digits(rng, 8)}",
            f"(01){_digits(rng, 14)}(21){_mixed(rng, 8)}",
            f"{_upper(rng, 2)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            f"{_mixed(rng, 12)}",
            f"{_digits(rng, 4)}{_upper(rng, 2)}{_digits(rng, 5)}",
        ]
    )


def _url(rng: random.Random) -> str:
    site = rng.choice(WEB)
    tail = rng.choice(
        [
            f"{rng.choice(FIRST).lower()}{rng.choice(LAST).lower()}",
            _mixed(rng, 7),
            _digits(rng, 8),
        ]
    )
    tail = tail.encode("ascii", "ignore").decode().replace(" ", "").replace("'", "") or "x1"
    scheme = rng.choice(["https://", "http://", "https://www.", "www.", ""])
    if site.startswith(("mychart", "portal", "patientfiles", "drive")):
        scheme = rng.choice(["https://", "http://"])
    return f"{scheme}{site}/{tail}"


def _ip(rng: random.Random) -> str:
    return rng.choice(
        [
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            ".".join(str(rng.randint(11, 223)) for _ in range(4)),
            f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        ]
    )


def _id(rng: random.Random) -> str:
    return rng.choice(
        [
            f"S{rng.randint(20, 26)}-{rng.randint(100, 39999)}",
            f"EMP{_digits(rng, 6)}",
            f"{_upper(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 4)}",
            f"CL{_digits(rng, 9)}",
            f"{_digits(rng, 2)}{_upper(rng, 1)}{_digits(rng, 5)}",
            f"IR-{rng.randint(2019, 2026)}-{_digits(rng, 5)}",
        ]
    )


#: slot -> (kind recorded, list kind, generator)
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
    "zip": ("ZIP", "phi", _zip),
    "age": ("AGE", "phi", _age),
    "ssn": ("SSN", "phi", _ssn),
    "mrn": ("MRN", "phi", _mrn),
    "plan": ("HEALTH_PLAN", "phi", _plan),
    "account": ("ACCOUNT", "phi", _account),
    "license": ("LICENSE", "phi", _license),
    "device": ("DEVICE", "phi", _device),
    "url": ("URL", "phi", _url),
    "ip": ("IP", "phi", _ip),
    "id": ("ID", "phi", _id),
    "eponym": ("EPONYM", "keep", lambda r: r.choice(EPONYMS)),
    "drug": ("DRUG", "keep", lambda r: r.choice(DRUGS)),
    "brand": ("BRAND", "keep", lambda r: r.choice(BRANDS)),
    "disease": ("DISEASE", "keep", lambda r: r.choice(DISEASES)),
    "sign": ("SIGN", "keep", lambda r: r.choice(SIGNS)),
    "scale": ("SCALE", "keep", lambda r: r.choice(SCALES)),
    "anatomy": ("ANATOMY", "keep", lambda r: r.choice(ANATOMY)),
}

# {slot}: as generated; {Slot}: first letter capitalised; {slot:u}: upper case; {slot:l}: lower
# case (as typed in a hurried forum post). {state} follows the last {city}.
TEMPLATES = [
    # dictated / transcribed
    "this is a dictation for {full} date of service {date} she is a {age} year old lady seen "
    "for {disease} and {eponym} uh daughter {first} was present and says the {sign} got worse "
    "after they stopped the {drug} period new paragraph",
    "Dictated but not read. {Eponym} follow-up. {first} is doing okay, says the {brand} makes "
    "her sleepy, husband {first} thinks so too, plan to taper, recheck {scale} in 4 weeks, "
    "copy to {full} at the clinic.",
    "patient {last} comma {first} MRN {mrn} comma seen today for {disease} comma {sign} noted "
    "over the {anatomy} period",
    # ED and triage
    "TRIAGE: {Sign} x2 days, {scale}. Arrived by EMS w/ roommate {first}. Hx {disease}, takes "
    "{brand}. PCP {last}.",
    "ED course: {Drug} given for {sign}. Paged {last} (ortho) re: {anatomy}. {full} (RN) "
    "witnessed fall in waiting room.",
    "Chief complaint: {sign}. Brought by coach {full} from practice; {Scale} negative; "
    "{eponym} considered. Callback {phone}.",
    "GCS 14 on arrival, {sign}, ? {eponym}. Girlfriend {first} found him; {last} from neurosurgery "
    "aware. Pt DOB {date}.",
    # OB
    "G2P1 at 38w, {Eponym} 9. Partner {first} at bedside. {Drug} started per {last}. "
    "{Sign} noted; {anatomy} 4 cm.",
    "L&D NOTE {date}: {first} {last} admitted with {disease}; {brand} 2 mg. Doula {first} "
    "requests birth plan be honoured. Insurance {plan}.",
    "Postpartum day 2. {Scale} 11. {first}'s mother {full} will stay through Sunday. "
    "{Brand} for pain; watching for {sign}.",
    # pediatric
    "Well-child 18 mo. {Eponym} at birth was 8/9. Mom {first} worried about {sign}. "
    "{Scale} passed. Daycare: Little Sprouts, director {last}.",
    "{first} (age 7) with {disease}; {drug} 5 mL BID. Grandma {full} has custody, "
    "cell {phone}. {Anatomy} clear.",
    "To the school nurse at {city}: {full} may carry {brand} for {disease}. Questions to "
    "{email}. {Sign} should prompt a call home.",
    # pathology
    "SURGICAL PATHOLOGY  Accession {id}  Patient: {last:u}, {first:u}  MRN {mrn}  "
    "Collected {date}  Final dx: {Disease}, {eponym}; {anatomy} negative.",
    "Gross: received fresh labeled with the name {full} and {anatomy}. Microscopic: "
    "{Eponym} identified. Pathologist {last}.",
    # operative
    "OPERATIVE REPORT. Surgeon: {full}. Assistant: {last}. Pre-op dx: {disease}. "
    "Procedure: {eponym}. {Anatomy} identified and preserved. Implant lot/serial {device}.",
    "Patient placed in {eponym} position. {Drug} infiltrated. {last} held retraction while "
    "{first} ran the camera. EBL 50 mL. Count correct x2 per {full}.",
    # home health / hospice
    "Home visit at {address}, {city} {state} {zip}. {Sign} improving. Caregiver {first} "
    "manages {brand}. {Scale} reviewed.",
    "Hospice RN note: {Eponym}, {sign} at rest. Pastor {full} visited; son {first} flying in "
    "from {city}. {Drug} 0.5 mg SL q2h prn.",
    "{Sign} and {sign} this shift. Family ({first}, {first}, {last}) at bedside. Oxygen "
    "concentrator serial {device} swapped. {Scale} charted.",
    # dental
    "Dental: {Anatomy} extracted under {drug}. {full} DDS, lic {license}. Pt reports "
    "{sign}. Rx {brand}. Recall {date}.",
    "{Disease} of {anatomy}. Hygienist {first} noted {sign}. Ins. subscriber {full}, "
    "member # {plan}.",
    # pharmacy call log
    "PHARMACY CALL LOG {date} - {first} at Walgreens (fax {fax}) asking re: {brand} vs "
    "{drug}; prescriber NPI/lic {license}. {Eponym} noted on profile.",
    "Rx clarification: {Drug} interacts with {brand}. Called {last} at {phone}; left msg "
    "with spouse {first}.",
    # consent
    "CONSENT FOR {Eponym:u}. I, {full}, SSN {ssn}, understand the risks including {sign} "
    "and {disease}. Witness: {first} {last}. Date {date}.",
    "{Drug} consent reviewed with guardian {full} (relationship: aunt). Interpreter ID "
    "{id}. {Anatomy} marked.",
    # incident report
    "INCIDENT REPORT #{id}. Pt {full}, rm 412, found on floor by {first} (CNA). {Scale} "
    "prior was high risk. Skin tear to {anatomy}; {sign}. Charge RN {last} notified.",
    "Event: {brand} given twice. Discovered by pharmacist {last}. Workstation IP {ip} "
    "logged both scans. {Disease} unaffected.",
    # social work
    "SW note: {first} lives with girlfriend {full} at {address}. Reports {disease}; "
    "{Scale} 17. Referred to food bank. Case # {id}.",
    "Met with {last} and daughter {first} re: {eponym}. SSN card replaced ({ssn}). "
    "Medicaid ID {plan}. {Drug} copay assistance applied.",
    # letters
    "To whom it may concern: {full} was seen on {date} for {disease} and may return to work "
    "at {city} Tire & Lube on Monday. {Brand} may cause drowsiness. Fax {fax}.",
    "Dear {first}, thank you for referring {full}, a {age}-year-old with {eponym}. {Sign} "
    "was absent. Our direct fax is {fax}.",
    # forum-style messages
    "my mom ({age}) just got dx with {eponym} and the neuro {last} put her on {brand} "
    "anyone else?? shes in {city} if anyone knows a good place. - {first:l}",
    "Update for everyone following {first}'s journey: {Disease} is stable, {drug} working. "
    "Link: {url}",
    "hi its {first} again lol. {Brand} gave me {sign}. my doc {last} said try {drug}. "
    "email me {email}",
    # discharge / nursing / referral / phone / portal
    "DISCHARGE SUMMARY. Admit {date}, discharge {date}. {Eponym} with {disease}. "
    "Follow up with {full}. Home {drug}. Acct {account}.",
    "Nursing: {Sign} at 0300, {last} notified. {Scale} 2. Telemetry box {device}. "
    "Sister {full} updated by phone.",
    "Referral to {last} for {eponym}. Pt phone {phone}, fax results to {fax}. Member ID {plan}.",
    "Tel enc: {first} called from {phone} re {brand}; {sign} resolved. Spoke with "
    "neighbour {full}.",
    'Portal msg from {email}: "Is {drug} safe with my {disease}? - {first}". Replied via {url}.',
    # social / family history
    "Social hx: lives in {city}, {state} with wife {first}. Ex-Navy. {Disease} in father "
    "({last} side). {Drug} for sleep.",
    "FHx: mother {first} had {eponym}; maternal uncle {full} had {disease}. {Anatomy} "
    "imaging of siblings normal.",
    # med rec
    "Med rec with {first}: {brand} 40 mg, {drug} 25 mg, {brand} prn. Pharmacy {full}, ph "
    "{phone}. Acct # {account}.",
    # radiology / lab headers
    "RADIOLOGY | {last:u}, {first:u} | DOB {date} | MRN {mrn} | Acc {account} | "
    "Study: CT {anatomy} | Hx: {eponym} | Reading: {full}",
    "LAB  {full}  {mrn}/{account}  drawn {date}  Ordering: {last}  Comment: {disease}, on {drug}.",
    # case report
    "A {age}-year-old woman from {city} presented with {sign} and {eponym}. {Drug} was "
    "begun; the {anatomy} was spared.",
    "We thank {full} and {first} {last} for their help with {disease} care. Correspondence: "
    "{email}, {address}, {city}, {state} {zip}.",
    # identifiers in prose and odd positions
    "{Disease}; driver lic {license} copied for ID. {Anatomy} ok. Pt's IP {ip} on video "
    "visit froze twice.",
    "Pump (SN {device}) alarmed; {Brand} given. Remote monitor at {ip} (uploads: {url}). "
    "{Sign} absent.",
    "{Scale} documented. Hearing aid serial {device} lost at {address}; ZIP {zip}. "
    "Pt {age} y/o, {sign}.",
    "{zip} / {ssn} / {mrn} - registration verified by {first}. {Eponym} hx.",
    "Claim {id} denied for {brand}; guarantor acct {account}; SSN {ssn}. {Disease}.",
    "Nurse {last} lic. {license} co-signed; {drug} wasted. {Anatomy} dressing changed on {date}.",
    "IT ticket: {full} could not open {url} from {ip}; {Brand} refill page timed out. "
    "{Disease} education video also failed.",
    # clinical terms only
    "{Eponym} and {eponym} both ruled out. {Drug} continued; {brand} stopped.",
    "{Anatomy} unremarkable. {Sign} resolved with {drug}. {Scale} normal.",
    "{Disease} exacerbation; {Brand} increased. {Eponym} noted incidentally.",
]


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    state = ""
    for piece in re.split(r"(\{[A-Za-z]+(?::[ul])?\})", template):
        if not (piece.startswith("{") and piece.endswith("}")):
            note.text += piece
            continue
        slot, _, case = piece[1:-1].partition(":")
        if slot == "state":
            if not state:
                raise AssertionError(template)
            note.text += state
            continue
        kind, where, make = SLOTS[slot.lower()]
        value = make(rng)
        if kind == "CITY":
            state = dict(CITIES)[value]
        if slot[0].isupper():
            value = value[0].upper() + value[1:]
        if case == "u":
            value = value.upper()
        elif case == "l":
            value = value.lower()
        span = (kind, len(note.text), len(note.text) + len(value))
        (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    return note


def generate(per_template: int = 10, seed: int = 51202) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
