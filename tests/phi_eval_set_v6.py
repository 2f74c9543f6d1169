"""The SIXTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the
contents of the v3, v4 and v5 sets, before the scrubber changes of that day; it is run once
after them. Any change made to the scrubber after reading this set's errors makes its figures
development figures, and must be said so.

Everything here is invented: seeded random fills of note templates in many styles (psychiatry
and therapy notes, rehab notes, genetic counselling, transplant coordination, care-home
handovers, ambulance run sheets, school-nurse and occupational-health notes, telehealth chats,
insurance appeals, records requests, research consent logs, SMS reminders, discharge summaries,
referral letters and more). No name is shared with the FIRST/LAST lists of the earlier sets or
of tests/phi_corpus.py. It is built like the first set (see tests/phi_eval_set.py for what
``phi`` and ``keep`` hold); each identifier span covers the value only, never its label.
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
    "Awa", "Chinedu", "Chukwudi", "Olumide", "Ikenna", "Oluchi", "Tobenna", "Kayode", "Modupe",
    "Oyinkansola", "Mawuli", "Eyram",
    # East and South-East Asian
    "Ji-yeon", "Ren", "Xiaoling", "Anh-Thu", "Seung-hoon", "Dae-jung", "Kaito", "Riku", "Hinata",
    "Sota", "Mio", "Tsubasa", "Yuzuki", "Jiahui", "Ruoxi", "Haoyu", "Linh", "Dung", "Thao",
    # South Asian
    "Siddharth", "Naveen", "Gurdeep", "Vaishnavi", "Shreya", "Aditi", "Prakash", "Balwinder",
    "Lalitha", "Mohan", "Chitra", "Gopal", "Rubina", "Shakil",
    # Slavic
    "Radoslaw", "Zdenek", "Aleksy", "Marzena", "Irina", "Pavel", "Bozena", "Stanislaw", "Bohdan",
    "Zoryana", "Vasyl", "Nadezhda", "Ratko", "Snezana", "Branka", "Kazimierz",
    # Arabic
    "Samira", "Omar", "Hussam", "Basma", "Ismail", "Rasha", "Marwan", "Hisham", "Mounir",
    "Nadine", "Anwar", "Latifa",
    # Latin American
    "Joaquin", "Lucía", "Reyna", "Yolanda", "Rosalba", "Ulises", "Evaristo", "Ezequiel",
    "Obdulio", "Socorro",
    # Nordic
    "Torstein", "Maja", "Siv", "Vidar", "Jorunn", "Oddvar", "Brynjar", "Tuva", "Eskil",
    "Pernille", "Asbjørn",
    # Pacific
    "Wiremu", "Malakai", "Ana-Lisa", "Semisi", "Lupe", "Manaia", "Fetu", "Kawika", "Pua",
    "Rangi", "Tamati", "Kalolaine",
    # Irish
    "Ciaran", "Grainne", "Ruairi", "Oisin", "Donal", "Eimear", "Sinead", "Colm", "Muireann",
    "Enda", "Brid",
    # US everyday
    "Tameka", "Reggie", "Shonda", "Bertha", "Clyde", "Verna", "Luther", "Agnes", "Shaquille",
    "Earline", "Virgil", "Merle", "Elmer", "Hattie", "Maxine", "Cletus", "Jolynn", "Dante",
    # also ordinary words or places
    "Forrest", "Skye", "Hollis", "Juniper", "Ocean", "Phoenix", "Cairo", "Memphis", "Bliss",
    "Story", "Merit", "Rebel", "Clover", "Birdie", "Briar",
    # nicknames
    "Bunny", "Tito", "Chuy", "Babs", "Kiki", "Deke", "Bubba", "Pookie", "Boo", "Jojo", "Gigi",
    "Cookie", "Doc", "Butch", "Tink", "Moe", "Bitsy", "Lolo",
    # accented
    "Anaïs", "Jérôme", "Benoît", "Zoltán", "Ágnes", "Gaël", "Héloïse", "Clémence", "Loïc",
    "Maëlle", "Raphaël", "Kálmán", "Dóra", "Jürgen", "Björk", "Zoé",
]
LAST = [
    # African
    "Oyekunle", "Ikechukwu", "Wanjiru", "Mutua", "Tshabalala", "Ndlovu", "Adegoke", "Akinola",
    "Olawale", "Ezenwa", "Onyekachi", "Ofori", "Owusu-Ansah", "Quaye", "Sarpong", "Camara",
    "Bamba", "Olaniyan", "Adewumi", "Egbuna",
    # East and South-East Asian
    "Seo", "Jeon", "Fujimoto", "Mori", "Feng", "Gwak", "Hong", "Kuroda", "Qian", "Xiong", "Lu",
    "Ly", "Doan", "Ngo",
    # South Asian
    "Natarajan", "Venkatesan", "Raghavan", "Srinivasan", "Ramaswamy", "Bhatia", "Sidhu",
    "Kurian",
    # Slavic
    "Kowalczyk", "Zielonka", "Dąbrowski", "Sorokin", "Morozova", "Jankowski", "Krawczyk",
    "Pawlak", "Michalski", "Kravchuk", "Lysenko", "Kuzmin", "Orlov", "Fedorov",
    # Arabic
    "Bakr", "Abboud", "Farah", "Haidar", "Issa", "Jaber", "Qasim", "Sabbagh", "Shalhoub",
    "Yaghi", "Zidan", "Bitar", "Hamdan", "Ayoub",
    # Latin American
    "Quispe", "Mamani", "Huamán", "Saavedra", "Alvarado", "Benítez", "Carrasco", "Escobar",
    "Fuentes", "Jiménez", "Orozco", "Palacios", "Quintanilla", "Rosales", "Trujillo", "Urbina",
    "Valenzuela", "Yáñez", "Zamora", "Choque", "Condori", "Ticona", "Ibáñez",
    # Nordic
    "Løvås", "Bjerke", "Dahlberg", "Ekström", "Gulbrandsen", "Isaksen", "Kvist", "Mathiesen",
    "Nordby", "Østergaard", "Rasmussen", "Tangen", "Vestby", "Aune",
    # Pacific
    "Mahelona", "Kaʻahanui", "Vaipulu", "Lolohea", "Afamasaga", "Mata'afa", "Nakoa", "Kamakau",
    "Tamihana", "Parata", "Waaka", "Hohaia",
    # Irish
    "Ó Dálaigh", "Ó Ceallacháin", "Ní Mhaoláin", "Mac Giolla Bhríde", "Keogh", "Hegarty", "Cassidy",
    "Kinsella", "McNamara", "Scanlon", "Tierney", "Devaney",
    # English and US
    "Pettigrew", "Holloway", "Thistlewood", "Marchbanks", "Underhill", "Brönnimann",
    "Applewhite", "Beauchamp", "Crenshaw", "Dunaway", "Ellsworth", "Greenlee", "Ingram",
    "Jernigan", "Kittredge", "Loveless", "Norwood", "Pennington", "Rutledge", "Satterfield",
    "Tolliver", "Whitacre", "Yarborough",
    # also ordinary words or places
    "Cook", "Carpenter", "Gentry", "Temple", "Chambers", "Payne", "Winter", "Small", "Gardner",
    "Porter", "Glover", "Thatcher", "Fowler", "Best", "Goodwin", "Love", "Strange", "Woods",
    "Swan", "Finch", "Nightingale", "Jordan", "England", "Ireland", "Wales",
    # particles and hyphens
    "van Rensburg", "de Lacy", "Ben-Haim", "al-Khatib", "Saint-Onge", "Ferreira-Lobo",
    "Mbatha-Jones", "Chen-Ramos", "Ajayi-Brown", "Wójcik-Lis", "Ibarra-Soto", "Gallagher-Roe",
    "Lynch-Ahern", "Rivers-Hale", "Reed-Ellis", "Austin-Cole", "van den Heuvel",
    "dos Santos-Pinto", "del Valle", "von Arnim", "Mac an tSaoir", "bin Hamdan", "abu Zeid",
    "Al-Saadi", "Abu-Lughod",
]
MIDDLE_INITIALS = [f"{c}." for c in "ABCDEFGHKLMNOPRSTVWY"]
TITLES = [
    "Coach", "Pastor", "Officer", "Deputy", "Rev.", "Prof.", "Sgt.", "Sister", "Father",
    "Rabbi", "Imam", "Det.", "Nurse", "Capt.", "Principal",
]

EPONYMS = [
    "Parkinson's disease", "Parkinson's", "Crohn's", "Crohn's disease", "Cushing's",
    "Cushing's syndrome", "Hodgkin", "Hodgkin lymphoma", "Alzheimer's", "Alzheimer's dementia",
    "Graves' disease", "Bell's palsy", "Down syndrome", "Apgar", "Apgar scores",
    "Glasgow coma scale", "Glasgow Coma Scale", "Huntington's disease", "Lynch syndrome",
    "Li-Fraumeni syndrome", "Ehlers-Danlos syndrome", "Marfan syndrome", "Prader-Willi syndrome",
    "Angelman syndrome", "Noonan syndrome", "Duchenne muscular dystrophy",
    "Becker muscular dystrophy", "Lennox-Gastaut syndrome", "Dravet syndrome",
    "von Hippel-Lindau disease", "Fanconi anemia", "Wernicke's aphasia", "Broca's aphasia",
    "Korsakoff's", "Capgras delusion", "Tourette's", "Asperger's", "Hashimoto's",
    "Addison's disease", "Addisonian crisis", "Berg Balance Scale", "Fugl-Meyer assessment",
    "Tinetti gait assessment", "Modified Ashworth Scale", "Rankin score", "Trendelenburg gait",
    "Gowers' sign", "Spurling test", "Finkelstein test", "Thompson test", "Homans' sign",
    "Rovsing's sign", "Kehr's sign", "Grey Turner's sign", "Kayser-Fleischer rings",
    "Lhermitte's sign", "Hoffmann's sign", "Babinski", "Romberg", "Jackson-Pratt drain",
    "Hickman line", "Foley", "Roux-en-Y gastric bypass", "Hartmann's procedure",
    "Whipple", "Kasai procedure", "Baker's cyst", "Morton's neuroma",
    "de Quervain's tenosynovitis", "Jones fracture", "Hill-Sachs lesion", "Bankart lesion",
    "Legg-Calvé-Perthes disease", "Schatzki ring", "Zenker's diverticulum",
    "Henoch-Schönlein purpura", "Sydenham chorea", "Goodpasture syndrome", "Alport syndrome",
    "Stevens-Johnson syndrome", "Nikolsky sign", "Koebner phenomenon", "Wood's lamp",
    "Pap smear", "Gram stain", "Gleason 3+4", "Ann Arbor stage II", "Breslow depth",
    "Bosniak IIF", "Fleischner criteria", "Centor criteria", "Wells criteria",
    "Ottawa knee rule", "Kaplan-Meier curve", "Cheyne-Stokes breathing", "Kussmaul respirations",
    "Wong-Baker FACES scale", "Epworth score", "Tanner stage 3", "Wilson's disease",
    "Sjögren's", "Raynaud's", "Guillain-Barré", "Kawasaki disease", "Turner syndrome",
    "Klinefelter syndrome", "Gaucher disease", "Tay-Sachs", "Fabry disease",
]
DRUGS = [
    "metformin", "warfarin", "losartan", "rosuvastatin", "sertraline", "venlafaxine",
    "duloxetine", "mirtazapine", "trazodone", "aripiprazole", "risperidone", "lurasidone",
    "lithium carbonate", "clonazepam", "hydroxyzine", "prazosin", "naltrexone", "acamprosate",
    "disulfiram", "methadone", "buprenorphine-naloxone", "nicotine patch", "varenicline",
    "baclofen", "tizanidine", "cyclobenzaprine", "meloxicam", "celecoxib", "naproxen",
    "ibuprofen", "acetaminophen", "hydromorphone", "fentanyl", "ketorolac", "dexamethasone",
    "methylprednisolone", "hydrocortisone", "fludrocortisone", "levothyroxine", "methimazole",
    "propylthiouracil", "insulin detemir", "insulin aspart", "glimepiride", "pioglitazone",
    "tirzepatide", "dulaglutide", "liraglutide", "dabigatran", "edoxaban", "ticagrelor",
    "prasugrel", "bisoprolol", "nebivolol", "valsartan", "sacubitril-valsartan", "torsemide",
    "bumetanide", "eplerenone", "chlorthalidone", "nifedipine", "hydralazine", "isosorbide",
    "ranolazine", "ezetimibe", "cefazolin", "cephalexin", "clindamycin", "linezolid",
    "meropenem", "cefepime", "trimethoprim-sulfamethoxazole", "metronidazole", "fluconazole",
    "valganciclovir", "nirmatrelvir", "emtricitabine", "bictegravir", "tacrolimus",
    "sirolimus", "everolimus", "azathioprine", "belatacept", "basiliximab", "rituximab",
    "tocilizumab", "etanercept", "ustekinumab", "vedolizumab", "mesalamine", "budesonide",
    "ursodiol", "cholestyramine", "levodopa", "rasagiline", "ropinirole", "amantadine",
    "rivastigmine", "galantamine", "topiramate", "zonisamide", "lacosamide", "oxcarbazepine",
    "phenytoin", "methylphenidate", "atomoxetine", "guanfacine", "melatonin", "epinephrine",
    "glucagon", "alendronate", "denosumab", "calcitriol", "ferrous sulfate", "folic acid",
    "cyanocobalamin", "thiamine",
]
BRANDS = [
    "Ozempic", "Wegovy", "Mounjaro", "Trulicity", "Dupixent", "Stelara", "Skyrizi", "Rinvoq",
    "Abilify", "Latuda", "Vyvanse", "Adderall", "Concerta", "Wellbutrin", "Lexapro", "Klonopin",
    "Xanax", "Ativan", "Ambien", "Trintellix", "Rexulti", "Austedo", "Ingrezza", "Nurtec",
    "Emgality", "Prolia", "Fosamax", "Toujeo", "Tresiba", "Brilinta", "Pradaxa", "Repatha",
    "Zetia", "Crestor", "Norvasc", "Toprol XL", "Coreg", "Bumex", "Prograf", "CellCept",
    "Valcyte", "Bactrim", "Augmentin", "Keflex", "Cipro", "Diflucan", "Paxlovid", "Biktarvy",
    "Truvada", "Sublocade", "Vivitrol", "Chantix", "Advil", "Aleve", "Benadryl", "Zyrtec",
    "Flonase", "Symbicort", "Trelegy", "Singulair", "EpiPen", "Rytary", "Eliquis", "Xarelto",
    "Jardiance", "Entresto", "Coumadin", "Glucophage",
]
DISEASES = [
    "post-traumatic stress disorder", "obsessive-compulsive disorder", "panic disorder",
    "alcohol use disorder", "opioid use disorder", "anorexia nervosa", "ADHD",
    "autism spectrum disorder", "persistent depressive disorder", "borderline personality disorder",
    "schizoaffective disorder", "delirium", "vascular dementia", "ischemic stroke",
    "subarachnoid hemorrhage", "spinal cord injury", "cerebral palsy", "spina bifida",
    "cystic fibrosis", "hemophilia A", "hereditary hemochromatosis",
    "BRCA2-associated breast cancer",
    "colorectal cancer", "pancreatic adenocarcinoma", "ovarian cancer", "end-stage renal disease",
    "polycystic kidney disease", "focal segmental glomerulosclerosis", "IgA nephropathy",
    "primary biliary cholangitis", "alcoholic hepatitis", "nonalcoholic steatohepatitis",
    "idiopathic pulmonary fibrosis", "sarcoidosis", "bronchiectasis",
    "community-acquired pneumonia",
    "COVID-19", "influenza A", "RSV bronchiolitis", "otitis media", "strep pharyngitis",
    "type 1 diabetes", "diabetic ketoacidosis", "hypoglycemia", "hyperkalemia", "hyponatremia",
    "hypertensive urgency", "dilated cardiomyopathy", "aortic stenosis", "heart block",
    "peripheral arterial disease", "venous leg ulcer", "pressure injury", "osteomyelitis",
    "septic arthritis", "plantar fasciitis", "lateral epicondylitis", "carpal tunnel syndrome",
    "frozen shoulder", "lumbar radiculopathy", "fibromyalgia", "ankylosing spondylitis",
    "asthma", "chronic migraine", "concussion", "scabies", "head lice", "celiac disease",
    "irritable bowel syndrome", "occupational asthma", "noise-induced hearing loss",
    "contact dermatitis", "latex allergy", "needlestick exposure", "heat exhaustion",
]
SIGNS = [
    "psychomotor retardation", "pressured speech", "flight of ideas", "flat affect",
    "auditory hallucinations", "passive suicidal ideation", "anhedonia", "insomnia",
    "early satiety", "dyspnea on exertion", "paroxysmal nocturnal dyspnea", "chest tightness",
    "palpitations", "syncope", "presyncope", "vertigo", "tinnitus", "diplopia",
    "blurred vision", "facial droop", "slurred speech", "foot drop", "spasticity",
    "shuffling gait", "freezing of gait", "intention tremor", "muscle fasciculations",
    "proximal weakness", "joint effusion", "crepitus", "morning stiffness", "erythema",
    "purulent drainage", "a stage 2 pressure area", "periorbital edema", "ascites", "asterixis",
    "spider angiomata", "scleral icterus", "stridor", "nasal flaring", "intercostal retractions",
    "diminished breath sounds", "a pericardial rub", "bounding pulses",
    "capillary refill under 2 s",
    "mottled skin", "diaphoresis", "hypoxia", "tachycardia", "vomiting", "diarrhea",
    "constipation", "urinary retention", "incontinence", "nocturia", "polyuria", "polydipsia",
    "a petechial rash", "pallor", "lymphadenopathy", "fatigue", "headache", "neck pain",
    "low back pain", "wheeze",
]
SCALES = [
    "PHQ-9", "GAD-7", "PCL-5", "Y-BOCS", "C-SSRS", "AUDIT", "DAST-10", "COWS", "CIWA-Ar",
    "MoCA", "SLUMS", "Mini-Cog", "FIM score", "Timed Up and Go", "6-minute walk test",
    "Oswestry Disability Index", "QuickDASH", "Borg scale", "FLACC", "NEWS2", "PEWS",
    "Braden score", "Norton scale", "Waterlow score", "ECOG 2", "Karnofsky 60",
    "NYHA class II", "CHA2DS2-VASc score", "HAS-BLED score", "MELD-Na", "Child-Pugh class B",
    "KDIGO stage 2", "eGFR", "HbA1c", "ASQ-3", "M-CHAT", "Vanderbilt scale", "EPDS",
    "Katz ADL index", "Lawton IADL scale", "RASS", "CAM-ICU", "NRS pain score",
]
ANATOMY = [
    "left hemidiaphragm", "right middle lobe", "lingula", "pericardium", "aortic arch",
    "ascending aorta", "inferior vena cava", "portal vein", "hepatic flexure", "cecum",
    "appendix", "rectum", "esophagus", "gastric fundus", "pylorus", "jejunum", "renal pelvis",
    "ureter", "urethra", "cervix", "endometrium", "fallopian tube", "testis", "epididymis",
    "thyroid isthmus", "parotid gland", "mandible", "maxillary sinus", "frontal lobe",
    "occipital lobe", "corpus callosum", "thalamus", "brainstem", "spinal cord", "L4-L5 disc",
    "C5-C6 level", "sacrum", "coccyx", "iliac crest", "greater trochanter", "femoral neck",
    "patella", "tibial plateau", "lateral malleolus", "calcaneus", "plantar fascia",
    "deltoid", "supraspinatus tendon", "biceps tendon", "ulnar nerve", "median nerve",
    "radial head", "scaphoid", "metacarpophalangeal joint", "left atrial appendage",
    "tricuspid valve", "right ventricle", "transplanted kidney", "allograft",
]
STREETS = [
    "Sycamore Hollow", "Quarry", "Old Mill", "Tamarack", "Bluebonnet", "Fieldstone",
    "Kestrel Ridge", "Lantern", "Pawnee", "Windmill", "Cobblestone", "Heron Bay", "Sassafras",
    "Prairie Rose", "Bramble",
]
STREET_KINDS = [
    "Rd", "Road", "St.", "Street", "Ave", "Avenue", "Ln", "Lane", "Dr.", "Drive", "Ct",
    "Terrace", "Trail", "Pike", "Loop", "Hwy", "Way",
]
CITIES = [
    ("Tulsa", "OK"), ("Flagstaff", "AZ"), ("Macon", "GA"), ("Billings", "MT"),
    ("Eau Claire", "WI"), ("Kalamazoo", "MI"), ("Chattanooga", "TN"), ("Pueblo", "CO"),
    ("Yakima", "WA"), ("Bismarck", "ND"), ("Scranton", "PA"), ("Asheville", "NC"),
    ("Mankato", "MN"), ("Hilo", "HI"), ("Las Cruces", "NM"), ("Sioux Falls", "SD"),
    ("Marion", "IN"), ("Florence", "SC"), ("Normal", "IL"), ("Independence", "MO"),
    ("St. Cloud", "MN"), ("Coeur d'Alene", "ID"), ("Winston-Salem", "NC"), ("Cheyenne", "WY"),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
ABBREVIATIONS = {"May": "May", "June": "June", "July": "July", "September": "Sept."}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MAIL_DOMAINS = [
    "aol.example", "prairienet.example", "comcast.example", "riverbend-health.example",
    "students.kcc.example", "ymail.example", "fastmail.example",
]
WEB_HOSTS = [
    "mychart.lakeshorehealth.example", "portal.stlukes-ne.example", "telehealth.carebridge.example",
    "records.valleymed.example", "share.imagingcenter.example", "biobank.midstate-uni.example",
]
NUMBER_WORDS = {
    90: "ninety", 91: "ninety-one", 92: "ninety-two", 93: "ninety-three", 94: "ninety-four",
    95: "ninety-five", 96: "ninety-six", 97: "ninety-seven", 98: "ninety-eight",
    99: "ninety-nine",
}
# fmt: on


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _up(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _mix(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKMNPQRTUVWXY0123456789") for _ in range(n))


def _first(rng: random.Random) -> str:
    return rng.choice(FIRST)


def _last(rng: random.Random) -> str:
    return rng.choice(LAST)


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.random()
    if form < 0.12:
        return f"{first} {rng.choice(MIDDLE_INITIALS)} {last}"
    if form < 0.24:
        return f"{first[0]}. {last}"
    if form < 0.30:
        return f"{first} {rng.choice(FIRST)} {last}"
    return f"{first} {last}"


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(1931, 2026), rng.randint(1, 12), rng.randint(1, 28)
    mon = MONTHS[m - 1]
    return rng.choice(
        [
            f"{m:02d}/{d:02d}/{y}",
            f"{m}/{d}/{y % 100:02d}",
            f"{d:02d}-{mon[:3].upper()}-{y}",
            f"{d}{mon[:3].upper()}{y}",
            f"{y}/{m:02d}/{d:02d}",
            f"{m}-{d}-{y}",
            f"{m:02d}.{d:02d}.{y}",
            f"{mon[:3]} {d} {y}",
            f"{rng.choice(WEEKDAYS)}, {mon} {d}",
            f"the {d}{'th' if d in (11, 12, 13) else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"
            f" of {mon}",
            f"{ABBREVIATIONS.get(mon, mon[:3] + '.')} {d}",
            f"{m:02d}/{y}",
            f"{y}{m:02d}{d:02d}",
        ]
    )


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randint(210, 989), rng.randint(210, 989), _d(rng, 4)
    return rng.choice(
        [
            f"+1 {a} {b} {c}",
            f"{a}/{b}-{c}",
            f"({a}){b}-{c}",
            f"{a} {b} {c}",
            f"{a}{b}{c}",
            f"+1-{a}-{b}-{c}",
            f"{a}-{b}-{c}",
            f"{b}-{c}",
        ]
    )


def _fax(rng: random.Random) -> str:
    a, b, c = rng.randint(210, 989), rng.randint(210, 989), _d(rng, 4)
    return rng.choice(
        [f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"1 ({a}) {b}-{c}", f"{a}-{b}-{c}", f"+1.{a}.{b}.{c}"]
    )


def _ascii(text: str) -> str:
    plain = text.replace("ø", "o").replace("å", "a").replace("Å", "A")
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z]", "", plain).lower()


def _email(rng: random.Random) -> str:
    first, last = _ascii(rng.choice(FIRST)), _ascii(rng.choice(LAST))
    local = rng.choice(
        [
            f"{first}_{last}{rng.randint(60, 99)}",
            f"{first[0]}.{last}",
            f"{last}.{first}",
            f"{first}{last[0]}{rng.randint(1, 2024)}",
            f"{first.upper()}.{last.upper()}",
            f"{first}-{last}",
        ]
    )
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def _address(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.12:
        return f"PO Box {rng.randint(12, 9940)}"
    if kind < 0.27:
        n = rng.randint(2, 99)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th") if n not in (11, 12, 13) else "th"
        side = rng.choice(["N.", "S.", "East", "West", "NW"])
        return f"{rng.randint(100, 8999)} {side} {n}{suffix} St"
    street = f"{rng.randint(3, 24999)} {rng.choice(['', '', 'N ', 'S. ', 'Old '])}"
    street += f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
    return street + rng.choice(
        [
            "",
            "",
            f" #{rng.randint(1, 40)}",
            f", Apt {rng.choice('ABCDE')}{rng.randint(1, 9)}",
            f" Lot {rng.randint(1, 88)}",
        ]
    )


def _city(rng: random.Random) -> str:
    return rng.choice(CITIES)[0]


def _zip(rng: random.Random) -> str:
    z = f"{rng.randint(1, 99):02d}{_d(rng, 3)}"
    return z if rng.random() < 0.7 else f"{z}-{_d(rng, 4)}"


def _age(rng: random.Random) -> str:
    n = rng.randint(90, 108)
    if n < 100 and rng.random() < 0.25:
        return NUMBER_WORDS[n]
    return str(n)


def _ssn(rng: random.Random) -> str:
    a, b, c = rng.randint(101, 772), _d(rng, 2), _d(rng, 4)
    return rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}", f"{a}.{b}.{c}"])


def _mrn(rng: random.Random) -> str:
    return rng.choice(
        [
            f"E{_d(rng, 7)}",
            f"00{_d(rng, 7)}",
            f"{_d(rng, 4)}-{_d(rng, 4)}",
            f"{_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)}",
            f"HN{_d(rng, 6)}",
            f"{_d(rng, 3)}.{_d(rng, 3)}.{_d(rng, 3)}",
        ]
    )


def _plan(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(1, 9)}{_up(rng, 2)}{rng.randint(1, 9)}-{_mix(rng, 3)}-{_mix(rng, 4)}",
            f"W{_d(rng, 4)} {_d(rng, 5)}",
            f"{_up(rng, 3)}{_d(rng, 10)}",
            f"YH{_d(rng, 8)}",
            f"{_d(rng, 9)}-0{rng.randint(1, 4)}",
            f"MCD{_d(rng, 8)}{_up(rng, 1)}",
        ]
    )


def _account(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_d(rng, 4)}-{_d(rng, 4)}-{_d(rng, 3)}",
            f"{_d(rng, 12)}",
            f"{_d(rng, 2)}-{_d(rng, 7)}",
            f"G{_d(rng, 9)}",
            f"V{_d(rng, 10)}",
        ]
    )


def _license(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_up(rng, 2)}{_d(rng, 7)}",
            f"{_up(rng, 1)}{_d(rng, 3)}-{_d(rng, 4)}-{_d(rng, 4)}",
            f"RN{_d(rng, 6)}",
            f"{_d(rng, 6)}",
            f"MD.{_d(rng, 5)}",
            f"{_up(rng, 1)}{_d(rng, 8)}",
        ]
    )


def _device(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_up(rng, 3)} {_d(rng, 6)} {_up(rng, 1)}",
            f"{_d(rng, 2)}{_up(rng, 1)}-{_d(rng, 3)}-{_d(rng, 4)}",
            f"{_d(rng, 11)}",
            f"(01){_d(rng, 14)}(21){_mix(rng, 6)}",
            f"SN{_mix(rng, 9)}",
            f"{_up(rng, 2)}{_d(rng, 2)}-{_mix(rng, 5)}",
        ]
    )


def _url(rng: random.Random) -> str:
    host = rng.choice(WEB_HOSTS)
    return rng.choice(
        [
            f"https://{host}/visit/{_mix(rng, 8).lower()}",
            f"{host}/r/{_mix(rng, 6)}",
            f"http://{host}/patient?id={_d(rng, 7)}",
            f"www.{host.split('.', 1)[1]}/share/{_d(rng, 5)}-{_mix(rng, 4).lower()}",
            f"https://{host}/s/{_mix(rng, 10)}",
        ]
    )


def _ip(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return f"2600:{rng.randint(1, 9999):x}:{rng.randint(1, 65000):x}::{rng.randint(1, 999):x}"
    return ".".join(str(rng.randint(1, 254)) for _ in range(4))


def _other_id(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_up(rng, 3)}-{rng.randint(2018, 2026)}-{_d(rng, 4)}",
            f"{_d(rng, 2)}-{_d(rng, 4)}",
            f"CR{_d(rng, 2)}-{_d(rng, 5)}",
            f"S{_d(rng, 3)}-{_up(rng, 2)}",
            f"{_d(rng, 4)}{_up(rng, 2)}{_d(rng, 2)}",
            f"#{_d(rng, 6)}",
        ]
    )


Maker = Callable[[random.Random], str]

#: slot -> (kind recorded, "phi" or "keep", generator)
SLOTS: dict[str, tuple[str, str, Maker]] = {
    "first": ("NAME_FIRST", "phi", _first),
    "last": ("NAME_LAST", "phi", _last),
    "full": ("NAME_FULL", "phi", _full),
    "date": ("DATE", "phi", _date),
    "phone": ("PHONE", "phi", _phone),
    "fax": ("FAX", "phi", _fax),
    "email": ("EMAIL", "phi", _email),
    "address": ("ADDRESS", "phi", _address),
    "city": ("CITY", "phi", _city),
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
    "id": ("ID", "phi", _other_id),
    "eponym": ("EPONYM", "keep", lambda r: r.choice(EPONYMS)),
    "drug": ("DRUG", "keep", lambda r: r.choice(DRUGS)),
    "brand": ("BRAND", "keep", lambda r: r.choice(BRANDS)),
    "disease": ("DISEASE", "keep", lambda r: r.choice(DISEASES)),
    "sign": ("SIGN", "keep", lambda r: r.choice(SIGNS)),
    "scale": ("SCALE", "keep", lambda r: r.choice(SCALES)),
    "anatomy": ("ANATOMY", "keep", lambda r: r.choice(ANATOMY)),
}

# {slot} as generated; {Slot} with its first letter capitalised; {slot:upper} / {slot:lower}
# wholly upper or lower case (headers written in capitals, names typed in lower case);
# {title} is a non-Dr title that is not recorded; {state} follows the last {city}.
TEMPLATES = [
    # psychiatry and therapy
    "PSYCHIATRY PROGRESS NOTE\nPt: {last:upper}, {first}   MRN {mrn}\n"
    "Seen for {disease}. {Sign} improved; {scale} down from 17 to 9. Continue {drug} 20 mg. "
    "Sister {first} joined by phone.",
    'Therapy session #6. Client talked about her ex, "{first}", and the anniversary of the '
    "assault. {Scale} 41 today. Practised grounding; {brand} per {last} (psychiatrist).",
    "{First} says {first} is the only friend who knows about the {disease}. {Scale} negative "
    "for intent; safety plan updated. Crisis line given.",
    "Collateral from roommate {full} ({phone}): patient stopped {drug} two weeks ago, "
    "{sign} since then. {Eponym} ruled out last year.",
    # rehab / PT / OT
    "PT daily note - {date}\nTUG 14.2 s; {scale} also done. {Eponym} noted on the left. "
    "Gait training with rolling walker; {sign} persists. Pt's coach {last} "
    "wants a return-to-play letter.",
    "OT: {First} manages upper-body dressing; {sign} over the {anatomy}. Husband {first} "
    "installing grab bars at {address}.",
    "{Scale} repeated today. {Full} (PT) recommends home exercise and a {eponym} review. "
    "{Drug} timed 45 min before sessions.",
    # genetic counselling
    "GENETIC COUNSELLING\nProband: {full}, DOB {date}\n{Eponym} in the paternal line; "
    "maternal aunt {first} had {disease} at 41. Sample ID {id} sent; results to "
    "{email}.",
    "Pedigree reviewed with {first} and her partner {full}. {Eponym} variant segregates "
    "with {disease}. Cousin {last} declined testing.",
    # transplant coordination
    "Transplant coordinator note: {full} listed {date}. Tacrolimus trough 7.1 on {drug} "
    "and {brand}. {Anatomy} biopsy: no rejection. Donor ID {id}; call {phone}.",
    "{Last} asked whether the {anatomy} will be affected by {disease}. Explained {eponym}. "
    "Insurance ID {plan} verified by {first} in finance.",
    # care-home handovers
    "Handover, Rosewood wing: room 12 - {first} {last}, {age}, {disease}; {sign} overnight, "
    "{brand} held. Daughter {first} visiting at 2.",
    "Care home: {Last} refused {drug} again. Keyworker {first} notes {sign}. "
    "{Scale} repeated - high risk. GP fax {fax}.",
    "Resident {full} (aged {age}) had a fall at 0300; {Eponym} checked, {anatomy} tender. "
    "Son {first} informed on {phone}.",
    # ambulance run sheets
    "EMS RUN SHEET Incident {id}\nPt {last:upper}, {first:upper}  DOB {date}\nAddress: "
    "{address}, {city}, {state} {zip}\nGCS 14, {sign}, {eponym} history. Aspirin 324 mg and "
    "{drug} given en route.",
    "Medic 7 called by neighbour {first} at {address}. {Sign}, GCS 9; {eponym} on med list. "
    "Unit ECG serial {device}. Transported to St. Jude with partner {full}.",
    # school nurse
    "School nurse: {first} (gr 4) came in with {sign}. Known {disease}; {brand} in office. "
    "Mom {full} picked up at 11:20, cell {phone}.",
    "{First} {last} - {disease} care plan updated {date}. Teacher {last} trained on "
    "{brand}. {Scale} screening passed.",
    # occupational health
    "Occupational health: {full}, badge {id}, seen after {disease}. {Anatomy} exam normal. "
    "Fit for duty; forklift licence {license} noted. Supervisor {last} informed.",
    "OH clearance for {last}: {Scale} baseline, {sign} denied. {Drug} allowed on shift. "
    "Email results to {email}.",
    # telehealth chats
    "[10:02] {first:lower}: hi is {first} there? my {anatomy} is really swollen again\n"
    "[10:03] RN {last}: Is there {sign}? Are you still taking {brand}?\n"
    "[10:05] {first:lower}: yes. joining from {ip}",
    "Telehealth log: session {id} from IP {ip} dropped twice. {Full} completed {scale}; "
    "{Eponym} symptoms stable. Link resent: {url}",
    "Video visit with {First}. {Sign} since {date}; {drug} ok. Wife {first} on camera. "
    "Follow-up via {url}.",
    # insurance appeals
    "RE: Appeal of denial for {brand}\nMember: {full}   Member ID: {plan}\nClaim #{account}"
    "\nThe patient has {eponym} with {sign} despite {drug}. Please fax decision to {fax}.",
    "Letter of medical necessity for {last}, {first} (policy {plan}). {Disease} refractory "
    "to {drug}; {scale} documented. Prescriber licence {license}.",
    "Peer-to-peer with {title} {last} of the plan: {Eponym} meets criteria. Ref {id}, "
    "acct {account}.",
    # court / police-requested records
    "RECORDS RELEASE - subpoena {id}\nSubject: {full}; SSN {ssn}; DOB {date}\n"
    "Det. {last} requested {disease} records. Sent to {fax}, attn {first}.",
    "Officer {last} present during exam of {full}. {Sign} over the {anatomy}; "
    "{Eponym} not tested. Case {id}.",
    # research consent logs
    "CONSENT LOG: participant {id}, {full}, consented {date} for the {eponym} registry. "
    "{Drug} arm. Witness: {first} {last}.",
    "Study visit 3: {First} reports {sign} on {brand}. Biobank tube {device}. Portal: {url}",
    # obituary-style family history
    "Family history: father {full} died at {age} of {eponym}; mother {first}, a nurse in "
    "{city}, had {disease}. Brother {first} well.",
    "Paternal grandmother {full} (d. {date}) had {eponym}. Uncle {last} - {disease}. "
    "No {sign} reported in siblings.",
    # SMS reminders
    "SMS to {phone}: hi {first}, reminder: {anatomy} ultrasound {date} 9:15. Hold "
    "{drug} morning of. Reply STOP to opt out.",
    "Text from {first:lower} {last:lower}: ran out of {brand}, can u call me at {phone}",
    # discharge summaries
    "DISCHARGE SUMMARY\nPatient: {last}, {first}\nAdmit: {date}  Discharge: {date}\n"
    "Dx: {disease}, {eponym}. Discharged on {drug} and {brand}. PCP {full}, fax {fax}.",
    "{Eponym} complicated by {sign}. {Full} to arrange {anatomy} MRI. Home to {city}, "
    "{state} {zip} with wife {first}.",
    # nursing notes
    "Nursing 0700: {First} slept poorly, {sign}. {Drug} given PRN. Per Nurse {last}, "
    "{scale} 2. Call bell in reach.",
    "{Last}'s dressing to the {anatomy} changed; {sign}. Wound vac serial {device}.",
    # referral letters
    "Dear {full},\nThank you for seeing {first}, {age}, with {eponym} and {sign}. "
    "{Drug} was stopped. Our fax is {fax}.\nKind regards, {first}",
    "Referral: {Disease}? {Anatomy} lesion. To {title} {last}, {address}, {city}, "
    "{state} {zip}. NPI on file; licence {license}.",
    # telephone encounters
    "Phone call {date}: {full} reports {sign} after starting {brand}. Advised hold dose. "
    "Callback {phone}. Spoke with {first}.",
    "Tel enc: pharmacy ({last}) re {drug} interaction with {brand}. MRN {mrn}.",
    # patient portal
    "Portal msg from {email}: \"Hi, it's {first}. My {eponym} is acting up and the "
    '{drug} makes me dizzy." Reply sent by {full}.',
    "MyChart message: {Sign} better. Can {first} pick up the {brand}? Acct {account}.",
    # social history
    "Social hx: lives at {address} with partner {first}; works for {last} Roofing. "
    "{Disease} - sober since {date}. Pastor {last} visits.",
    "SH: widowed, {age}. Caregiver {full}. Former smoker; {disease}. {Scale} 4.",
    # consult notes
    "Neurology consult for {eponym}. {Sign}, {sign}. Discussed with {last} and {first}. "
    "Start {drug}; {scale} in 3 months.",
    "ID consult: {disease}, on {drug}. PICC in {anatomy}; device {device}. Case reviewed by "
    "{full}, pager {phone}.",
    # medication reconciliation
    "MED REC ({date}): {drug} 50 mg, {brand} 10 mg, {drug} PRN. {Eponym} - on {drug}. "
    "Verified with daughter {first} and pharmacy ({phone}).",
    "{Brand} discontinued by {full}. {Drug} started. Insurance {plan}.",
    # radiology / lab headers
    "RADIOLOGY REPORT\nName: {last:upper}, {first:upper}   MRN: {mrn}   Acc: {account}\n"
    "Ordering: {full}\n{Anatomy}: no acute findings. {Eponym} not excluded.",
    "LAB: Specimen {id} | Pt {full} | DOB {date} | MRN {mrn}\n{Scale} 8.9%; {disease} "
    "suspected. Images: {url}",
    # case-report prose
    "A {age}-year-old woman with {eponym} presented with {sign}. {Drug} was started. "
    "(Thanks to {full} and {first} for the images.)",
    "Case: {Disease} in a man on {brand}. {Eponym} was excluded by {anatomy} biopsy. "
    "Contact: {email}.",
    # identifiers in prose, at line starts, in parentheses and after slashes
    "Registration: {full} / SSN {ssn} / plan {plan} / home {phone}\n{Disease} noted; "
    "{drug} list reviewed.",
    "{ssn} confirmed by {first} at the front desk; {eponym} follow-up.",
    "Pharmacy: prescriber licence {license} / NPI pending. {Brand} x30 for {last}.",
    "Pacemaker check: device {device}. {Sign} denied. {Eponym} - see {url}. Account "
    "({account}) updated.",
    "Wi-Fi login for the caregiver ({full}) from {ip}; {scale} uploaded. {Disease} plan reviewed.",
    "Chart merge: old MRN {mrn} into new record for {full}, born {date}. {Drug} allergy "
    "carried over.",
    "Emergency contact: {first} ({phone}), {email}. {Eponym} card in wallet.",
    "Billing note: patient {last} disputes charge on {account}; {disease} visit. "
    "Health plan {plan}.",
    "Remote monitoring: {ip} -> {url}; glucose sensor {device} reporting. {Brand} "
    "adjusted for {disease}.",
    "Zip {zip} returned mail for {first} {last}; new address {address}. {Eponym} letter resent.",
    "Interpreter log: {first} interpreted for {full}, age {age}. {Sign} explained; "
    "{drug} teaching done. SSN on file {ssn}.",
    "Subscriber ID {plan} belongs to husband {full}. {Scale} not covered. Call {phone}.",
    "{Eponym} clinic roster: {full}, {full}, {first} {last}. {Drug} titration.",
    "Coach {last} called: athlete {first} had {sign} at practice. {Eponym} "
    "suspected; {anatomy} X-ray ordered.",
]


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    state = ""
    for piece in re.split(r"(\{[A-Za-z]+(?::(?:upper|lower))?\})", template):
        if not (piece.startswith("{") and piece.endswith("}")):
            note.text += piece
            continue
        slot, _, case = piece[1:-1].partition(":")
        if slot == "state":
            note.text += state
            continue
        if slot == "title":
            note.text += rng.choice(TITLES)
            continue
        kind, where, make = SLOTS[slot.lower()]
        if kind == "CITY":
            city, state = rng.choice(CITIES)
            value = city
        else:
            value = make(rng)
        if slot[0].isupper():
            value = value[0].upper() + value[1:]
        if case == "upper":
            value = value.upper()
        elif case == "lower":
            value = value.lower()
        span = (kind, len(note.text), len(note.text) + len(value))
        (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    if "{state}" in template and not state:
        raise AssertionError(template)
    return note


def generate(per_template: int = 10, seed: int = 61202) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
