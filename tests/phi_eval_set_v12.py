"""The TWELFTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the
contents of the v2-v11 sets. Everything here is invented: seeded random fills of templates
written for this set (ambulance run sheets, poison-centre calls, IVF lab logs, dialysis run
sheets, coroner referrals, chat logs, spreadsheet exports, upper-case forms and more). Each
note records

* ``phi``: (kind, start, end) for each identifier. Names are ``NAME_FIRST`` (a first name
  alone), ``NAME_LAST`` (a surname alone) or ``NAME_FULL`` (first and last name, perhaps with a
  middle initial, or "Last, First"). Titles (Dr, Mrs, Pt, Nurse ...) stay outside the span; a
  possessive's "'s" too. Names are mostly bare, and also appear lower-case (chat, SMS) and
  upper-case (headers, exports);
* ``keep``: (kind, start, end) for each clinical term that must survive untouched: eponyms,
  drugs by generic and brand name, diseases, signs, scales and anatomy.

Spans cover exactly one value, never its label word ("MRN", "DOB", "Tel" stay outside).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

from phi_eval_set import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, Note

__all__ = ["IDENTIFIER_KINDS", "KEEP_KINDS", "NAME_KINDS", "Note", "generate"]

FROZEN_ON = "2026-12-02"

# fmt: off
FIRST = [
    # English-language (American, British, Irish, Scottish, Welsh)
    "Gail", "Tabitha", "Rodney", "Mavis", "Enid", "Gwendolyn", "Hilary", "Marjorie", "Pauline",
    "Leanne", "Darren", "Bethan", "Kerry", "Norma", "Wallace", "Kurt", "Terrence", "Vivian",
    "Leroy", "Ruthie", "Boyd", "Candace", "Otis", "Kenny", "Becky", "Carlene", "Dexter", "Ebony",
    "Edwina", "Elton", "Ernestine", "Eustace", "Ferris", "Genevieve", "Gilbert", "Godfrey",
    "Horace", "Hubert", "Ida", "Irvin", "Ivor", "Jeanette", "Josephine", "Lavinia", "Lemuel",
    "Leopold", "Lester", "Lottie", "Mervyn", "Milton", "Minnie", "Murray", "Nellie", "Norbert",
    "Octavia", "Ophelia", "Oswald", "Raymond", "Seymour", "Sidney", "Thaddeus", "Willard",
    "Winston", "Woodrow", "Alfie", "Finlay", "Harvey", "Nathaniel", "Ieuan", "Carys", "Roisin",
    "Lachlan", "Isla", "Fraser", "Mhairi", "Shauna", "Chantelle", "Darius", "Marquis", "Terrell",
    "Jermaine", "Bryce", "Kaylee", "Hailey", "Tucker", "Colton", "Wyatt", "Skyler",
    # first names that are also ordinary words
    "Rex", "Coral", "Starr", "Glory", "Promise", "Sable", "Valor", "Willow", "Amity", "Clementine",
    "Ivory", "Primrose", "Tulip", "Velvet", "Unity", "Jazz",
    # Africa
    "Rudo", "Thandeka", "Baraka", "Zawadi", "Berhane", "Bolanle", "Damilola", "Tokunbo", "Chidera",
    "Amarachi", "Aliyu", "Modou", "Astou", "Chipo", "Nyasha", "Tafadzwa", "Siyabonga", "Xolani",
    "Jabari", "Neema", "Alemayehu", "Senait", "Guled", "Sahra", "Fanja",
    # Middle East, Turkey, Iran, Afghanistan, Central Asia, Caucasus, Mongolia
    "Yusra", "Khadija", "Ilham", "Waleed", "Yara", "Farzaneh", "Kaveh", "Cem", "Özlem", "Tolga",
    "Rojda", "Berivan", "Zarghona", "Mirwais", "Rustam", "Aigerim", "Nurlan", "Yerlan",
    "Bakhtiyor", "Bolormaa", "Ganbaatar", "Altantsetseg", "Lasha", "Hovhannes", "Siranush",
    # Europe
    "Zdeňka", "Katarína", "Erzsébet", "Ioana", "Mihai", "Milica", "Arben", "Blerta", "Stavros",
    "Panagiota", "Loredana", "Ginevra", "Iñaki", "Ainhoa", "Montserrat", "Jordi", "Maëlys",
    "Griet", "Dieter", "Annegret", "Jarkko", "Guðmundur", "Aivars", "Ilze", "Rūta", "Mindaugas",
    "Lyudmila", "Yevgeny", "Tadeusz", "Libuše", "Ľubomír", "Gyöngyi", "Tibor", "Lăcrămioara",
    "Viorica", "Rumyana", "Tsvetan", "Amra", "Edin", "Dritan", "Valbona", "Chrysoula",
    "Annunziata", "Gennaro", "Begoña", "Uxue", "Xosé", "Conceição", "Joaquim", "Bérénice", "Anouk",
    "Geert", "Marieke", "Ekkehard", "Irmgard", "Magnhild", "Ragnar", "Pirkko", "Tiiu", "Ülle",
    "Vytautas", "Hallgrímur",
    # Americas, Caribbean, Israel
    "Luana", "Marilene", "Itzayana", "Briseida", "Ramiro", "Wislande", "Kenrick", "Delroy",
    "Réjean", "Ginette", "Menachem", "Batya", "Shlomo", "Rivka",
    # South Asia
    "Rakesh", "Senthil", "Murali", "Swathi", "Mousumi", "Nimal", "Shazia", "Neelam", "Arulmozhi",
    "Thenmozhi", "Aswathy", "Arnab", "Rituparna", "Ruwan", "Dipendra",
    # South-East and East Asia
    "Kanya", "Vannak", "Bounmy", "Thida", "Dindo", "Putu", "Azlan", "Jianguo", "Jiyeon", "Chaiwat",
    "Wanida", "Sreymom", "Khamla", "Kyaw", "Ligaya", "Rommel", "Bambang", "Nurul", "Huiling",
    "Weiming", "Mi-sook", "Young-ho", "Kazuko", "Masaru",
]
LAST = [
    # English-language; many are also ordinary words or places
    "Bullock", "Draper", "Ashford", "Bradford", "Pearce", "Dawson", "Horton", "Booth", "Holt",
    "Lang", "Mills", "Rowe", "Sykes", "Tate", "Webb", "Barlow", "Crowley", "Dunn", "Flynn",
    "Hurst", "Jarvis", "Kemp", "Lyons", "Mosley", "Quinn", "Sherwood", "Vance", "Chapman", "Dodd",
    "Haskins", "Beasley", "Hutchins", "Bunch", "Root", "Sellers", "Starling", "O'Dowd", "McGinty",
    "Fitzpatrick", "Callaghan", "Attwood", "Bagshaw", "Burrows", "Catchpole", "Clayton", "Coates",
    "Dockery", "Duckworth", "Earnshaw", "Farrow", "Fenwick", "Goodall", "Grimshaw", "Hargreaves",
    "Higginbotham", "Hitchcock", "Kirkwood", "Ledbetter", "Lockwood", "Maddox", "Mayhew",
    "Mortimer", "Nettles", "Oldfield", "Plumb", "Poindexter", "Ramsbottom", "Rawlings", "Redfern",
    "Ricketts", "Shackleton", "Spooner", "Stubbs", "Treadwell", "Truelove", "Upton", "Wadsworth",
    "Winterbottom", "Woolley", "Coffin", "Dollar", "Fudge", "Hazard", "Lemon", "Pickle", "Candle",
    "Battle", "Beard", "Buckley", "Cannon", "Christmas", "Crisp", "Dance", "Darling", "Drinkwater",
    "Eagle", "Easter", "Farmer", "Feather", "Flood", "Goodenough", "Hedge", "Holiday", "Horn",
    "Hunt", "Paradise", "Peach", "Pine", "Plant", "Post", "Wall", "Ware", "Wild", "Worth",
    "Carlisle", "Hereford", "Ely", "Norwich", "Salisbury", "Stafford", "Cornwall", "Dorset",
    "Essex", "Rutland", "Stirling", "Perth", "Hampshire", "Cheshire", "Wiltshire", "McCracken",
    "Mackintosh", "Bevan", "Griffiths",
    # Africa
    "Moyo", "Chikwanha", "Adebisi", "Babalola", "Onyeka", "Uzor", "Yeboah", "Agbeko", "Sylla",
    "Chiweshe", "Nyathi", "Mahlangu", "Wanyama", "Ssempala", "Kimaro", "Demissie", "Woldemariam",
    "Abdullahi",
    # Middle East, Turkey, Iran, Central Asia, Caucasus, Mongolia
    "Chaouch", "Khouri", "Kanaan", "Hashemi", "Zand", "Aksoy", "Korkmaz", "Karimov", "Tursunov",
    "Abdullaev", "Saidova", "Zhunusov", "Bayarsaikhan", "Ganbold", "Abashidze", "Avetisyan",
    "Mkrtchyan", "Mammadova",
    # Europe
    "Sokolova", "Shevchuk", "Belyaev", "Novotná", "Čermák", "Grabowska", "Baláž", "Lakatos",
    "Németh", "Ionescu", "Constantinescu", "Vasilescu", "Dimitrova", "Stoyanova", "Mehmedović",
    "Krasniqi", "Hoxha", "Alexiou", "Kyriakou", "Ferraro", "Santoro", "Camilleri", "Farrugia",
    "Zammit", "Puig", "Castañeda", "Aguirre", "Nogueira", "Fontaine", "Beaulieu", "Janssens",
    "Van den Broeck", "Kuipers", "Verhoeven", "Schneider", "Krüger", "Pfeiffer", "Zimmermann",
    "Holm", "Vik", "Saarinen", "Ozols", "Kalniņa", "Vasiliauskas",
    # Americas, Oceania, Israel
    "Gallegos", "Valdez", "Pelletier", "Tremblay", "Aperahama", "Herewini", "Tapsell",
    "Abramovitz", "Gottlieb", "Azoulay",
    # South, South-East and East Asia
    "Agarwal", "Rai", "Boonsong", "Kaewkla", "Chea", "Vongsa", "Sokhom", "Phommachanh", "Htun",
    "Maung", "Tolentino", "Siregar", "Nasution", "Yusof", "Sasaki", "Yamaguchi",
]
# fmt: on

# fmt: off
# eponymous conditions: the values of a plain {eponym} slot
EPONYM_CONDITIONS = [
    "Parkinson's disease", "Parkinson disease", "Parkinson's", "Crohn's disease", "Crohn's",
    "Crohn disease", "Cushing's syndrome", "Cushing syndrome", "Cushing's", "Hodgkin lymphoma",
    "Hodgkin's lymphoma", "non-Hodgkin lymphoma", "Hodgkin", "Alzheimer's disease",
    "Alzheimer's", "Alzheimer disease", "Graves' disease", "Graves disease", "Bell's palsy",
    "Down syndrome", "Hashimoto's thyroiditis", "Addison's disease", "Guillain-Barré syndrome",
    "Raynaud's phenomenon", "Ménière's disease", "Sjögren's syndrome", "Tourette syndrome",
    "Huntington's disease", "Wilson's disease", "Kawasaki disease", "Marfan syndrome",
    "Turner syndrome", "Barrett's oesophagus", "Paget's disease", "Dupuytren's contracture",
    "Lyme disease", "Epstein-Barr virus", "Tay-Sachs disease", "Wernicke's encephalopathy",
    "Korsakoff syndrome", "Kaposi sarcoma", "Burkitt lymphoma", "Ewing sarcoma", "Wilms tumour",
    "Mallory-Weiss tear", "Stevens-Johnson syndrome", "Creutzfeldt-Jakob disease",
    "Lynch syndrome", "Brugada syndrome", "Wolff-Parkinson-White syndrome",
]
# eponymous signs, tests, scores, devices and procedures: named in templates with {eponym=...}
EPONYM_TOOLS = [
    "Apgar score", "Apgar", "Glasgow coma scale", "Babinski sign", "Murphy's sign",
    "Romberg test", "Tinel's sign", "Foley catheter", "Hickman line", "Whipple procedure",
    "Karnofsky performance status", "Barthel index", "Wells score", "modified Rankin scale",
    "Borg scale",
]
EPONYMS = EPONYM_CONDITIONS + EPONYM_TOOLS

DRUGS = [
    "metformin", "warfarin", "apixaban", "lisinopril", "atorvastatin", "sertraline",
    "levothyroxine", "furosemide", "ondansetron", "buprenorphine", "naloxone", "methadone",
    "gabapentin", "amoxicillin", "doxycycline", "prednisolone", "insulin glargine",
    "salbutamol", "tiotropium", "ceftriaxone", "vancomycin", "enoxaparin", "heparin",
    "mefloquine", "atovaquone-proguanil", "epoetin alfa", "sevelamer", "cinacalcet",
    "levodopa", "carbidopa", "donepezil", "memantine", "clopidogrel", "oxycodone",
    "morphine sulfate", "haloperidol", "midazolam", "glycopyrronium", "folic acid",
    "progesterone", "letrozole", "clomiphene", "ganirelix", "paracetamol", "acetaminophen",
    "ibuprofen", "tranexamic acid", "dexamethasone", "lactulose", "aciclovir", "scopolamine",
    "naltrexone", "acamprosate", "thiamine", "nicotine patch", "hydroxyurea", "tamoxifen",
]

BRANDS = [
    "Eliquis", "Xarelto", "Ozempic", "Jardiance", "Lantus", "Humalog", "Suboxone", "Narcan",
    "Ventolin", "Symbicort", "Tylenol", "Advil", "Zoloft", "Lipitor", "Synthroid", "Lasix",
    "Keppra", "Sinemet", "Aricept", "Coumadin", "Glucophage", "Gonal-f", "Menopur", "Ovidrel",
    "Epogen", "Renvela", "Sensipar", "Malarone", "Dramamine", "Zofran", "Benadryl", "EpiPen",
    "Plavix", "Entresto", "Trulicity", "Mounjaro", "Vivitrol", "Chantix", "Seroquel",
]

DISEASES = [
    "type 2 diabetes", "hypertension", "chronic kidney disease", "COPD", "asthma",
    "atrial fibrillation", "heart failure", "pneumonia", "sepsis", "urinary tract infection",
    "cellulitis", "end-stage renal disease", "hepatitis C", "HIV", "tuberculosis", "malaria",
    "dengue", "norovirus", "measles", "pertussis", "MRSA", "C. difficile infection",
    "opioid use disorder", "alcohol use disorder", "major depressive disorder",
    "generalized anxiety disorder", "schizophrenia", "vascular dementia", "ischaemic stroke",
    "myocardial infarction", "pulmonary embolism", "deep vein thrombosis", "anaphylaxis",
    "epilepsy", "cystic fibrosis", "sickle cell disease", "polycystic ovary syndrome",
    "endometriosis", "preeclampsia", "influenza", "COVID-19", "scabies", "osteoporosis",
    "motor neurone disease", "hereditary haemochromatosis", "anorexia nervosa",
]

SIGNS = [
    "chest pain", "shortness of breath", "dyspnoea", "dysphagia", "syncope", "tachycardia",
    "bradycardia", "hypotension", "hypoxia", "fever", "rigors", "vomiting", "diarrhoea",
    "confusion", "agitation", "tremor", "jaundice", "pallor", "cyanosis", "wheeze", "stridor",
    "pitting oedema", "haematuria", "melaena", "productive cough", "seizure", "urticaria",
    "pruritus", "dizziness", "headache", "nausea", "fatigue", "weight loss", "dysarthria",
    "drooling", "facial droop", "coughing on thin fluids", "wet voice", "night sweats",
]

SCALES = [
    "PHQ-9", "GAD-7", "NIHSS", "MoCA", "MMSE", "Braden scale", "Waterlow score",
    "Morse Fall Scale", "Clinical Frailty Scale", "CURB-65", "qSOFA", "NEWS2", "AUDIT-C",
    "CIWA-Ar", "COWS", "MUST score", "ECOG performance status", "CHA2DS2-VASc", "HAS-BLED",
    "FLACC", "Edinburgh Postnatal Depression Scale", "RASS", "Bristol Stool Chart", "IDDSI",
    "Abbey pain scale", "PAINAD", "Kt/V",
]

ANATOMY = [
    "left ventricle", "right atrium", "femur", "tibia", "radial artery", "carotid artery",
    "brachial plexus", "lumbar spine", "cervical spine", "sacrum", "pancreas", "liver",
    "spleen", "gallbladder", "kidney", "bladder", "prostate", "uterus", "ovary",
    "fallopian tube", "cornea", "retina", "tympanic membrane", "larynx", "trachea",
    "oesophagus", "duodenum", "sigmoid colon", "rectum", "frontal lobe", "temporal lobe",
    "cerebellum", "hippocampus", "subclavian vein", "internal jugular vein", "femoral vein",
    "thyroid gland", "adrenal gland", "pleura", "diaphragm", "mitral valve", "aortic valve",
    "sternum", "left forearm", "epiglottis", "soft palate", "vocal folds",
]
# fmt: on

# fmt: off
CITIES = [
    ("Tulsa", "OK"), ("Bakersfield", "CA"), ("Chattanooga", "TN"), ("Spokane", "WA"),
    ("Duluth", "MN"), ("Pueblo", "CO"), ("Macon", "GA"), ("Lafayette", "LA"),
    ("Erie", "PA"), ("Fargo", "ND"), ("Bangor", "ME"), ("Laredo", "TX"), ("Flagstaff", "AZ"),
    ("Dubuque", "IA"), ("Wichita Falls", "TX"), ("Billings", "MT"), ("Roanoke", "VA"),
    ("Kalamazoo", "MI"), ("Asheville", "NC"), ("Yakima", "WA"), ("Provo", "UT"),
    ("Savannah", "GA"), ("Pensacola", "FL"), ("Lowell", "MA"), ("Scranton", "PA"),
    ("Sioux Falls", "SD"), ("Muncie", "IN"), ("Terre Haute", "IN"), ("Medford", "OR"),
    ("Cheyenne", "WY"), ("Hilo", "HI"), ("Juneau", "AK"), ("Burlington", "VT"),
    ("Las Cruces", "NM"), ("Toledo", "OH"), ("Green Bay", "WI"), ("Biloxi", "MS"),
    ("Joplin", "MO"), ("Paducah", "KY"), ("Lewiston", "ID"),
]

STREETS = [
    "Quarry Ridge", "Larchmont", "Old Mill", "Sycamore", "Tamarack", "Cold Spring", "Kestrel",
    "Willowbend", "Pinecrest", "Harbor View", "Orchard Hill", "Cottonwood", "Foxglove",
    "Juniper", "Red Oak", "Magnolia", "Stonegate", "Prairie Wind", "Lakeshore", "Bramble",
]
STREET_TYPES = [
    "Road", "Rd", "Street", "St", "Avenue", "Ave", "Drive", "Dr", "Lane", "Ln", "Court", "Ct",
    "Boulevard", "Blvd", "Way", "Terrace", "Circle", "Trail", "Pike",
]
DOMAINS = [
    "kestrelmail.com", "pinecrest.net", "northfieldhospice.org", "brightwater-health.org",
    "lakesidemail.net", "valleycare.example", "sunmail.com", "tristatefamily.org",
]
URL_HOSTS = [
    "mychart.brightwater-health.org", "portal.valleycare.example", "www.caringpages.example",
    "tele.northfieldhospice.org", "www.fundmycare.example", "share.lakesidemail.net",
    "records.tristatefamily.org",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
# fmt: on


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _letters(rng: random.Random, n: int, alphabet: str = "ABCDEFGHJKLMNPRSTUVWXYZ") -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _date(rng: random.Random) -> str:
    year = rng.randint(1928, 2026)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    name = MONTHS[month - 1]
    style = rng.randrange(12)
    if style == 0:
        return f"{month:02d}/{day:02d}/{year}"
    if style == 1:
        return f"{month}/{day}/{year % 100:02d}"
    if style == 2:
        return f"{year}-{month:02d}-{day:02d}"
    if style == 3:
        return f"{day:02d} {name[:3]} {year}"
    if style == 4:
        return f"{name} {day}, {year}"
    if style == 5:
        return f"{day:02d}-{name[:3].upper()}-{year}"
    if style == 6:
        return f"{day:02d}.{month:02d}.{year}"
    if style == 7:
        return f"{day} {name}"
    if style == 8:
        return f"{name[:3]} {day}"
    if style == 9:
        return f"{day:02d}{name[:3].upper()}{year % 100:02d}"
    if style == 10:
        return f"{name} {year}"
    return f"{day} {name} {year}"


def _phone(rng: random.Random) -> str:
    area = f"{rng.randint(2, 9)}{_digits(rng, 2)}"
    exchange = f"{rng.randint(2, 9)}{_digits(rng, 2)}"
    line = _digits(rng, 4)
    style = rng.randrange(5)
    if style == 0:
        return f"({area}) {exchange}-{line}"
    if style == 1:
        return f"{area}-{exchange}-{line}"
    if style == 2:
        return f"{area}.{exchange}.{line}"
    if style == 3:
        return f"+1 {area} {exchange} {line}"
    return f"1-{area}-{exchange}-{line}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _email(rng: random.Random, person: tuple[str, str, str] | None = None) -> str:
    first, _, last = person if person else (rng.choice(FIRST), "", rng.choice(LAST))
    style = rng.randrange(4)
    if style == 0:
        local = f"{_ascii(first)}.{_ascii(last)}"
    elif style == 1:
        local = f"{_ascii(first)[0]}{_ascii(last)}{_digits(rng, 2)}"
    elif style == 2:
        local = f"{_ascii(last)}_{_ascii(first)}"
    else:
        local = f"{_ascii(first)}{rng.randint(1940, 2009)}"
    return f"{local}@{rng.choice(DOMAINS)}"


def _address(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return f"PO Box {rng.randint(10, 9999)}"
    street = f"{rng.randint(1, 19999)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
    extra = rng.randrange(5)
    if extra == 0:
        return f"{street}, Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
    if extra == 1:
        return f"{street}, Unit {rng.randint(1, 300)}"
    if extra == 2:
        return f"{street} #{rng.randint(2, 99)}"
    return street


def _zip(rng: random.Random) -> str:
    base = f"{rng.randint(1, 99):02d}{_digits(rng, 3)}"
    return f"{base}-{_digits(rng, 4)}" if rng.random() < 0.35 else base


def _age(rng: random.Random) -> str:
    return str(rng.choice([90, 90, 91, 91, 92, 93, 93, 94, 95, 96, 97, 98, 99, 101, 102, 104]))


def _ssn(rng: random.Random) -> str:
    area = rng.randint(1, 899)
    while area == 666:
        area = rng.randint(1, 899)
    group, serial = rng.randint(1, 99), rng.randint(1, 9999)
    sep = "-" if rng.random() < 0.8 else " "
    return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"


def _mrn(rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return _digits(rng, 8)
    if style == 1:
        return f"{_letters(rng, 1)}{_digits(rng, 7)}"
    if style == 2:
        return f"{_letters(rng, 2)}-{_digits(rng, 6)}"
    return f"00{rng.randint(1000000, 9999999)}"


def _plan(rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:  # Medicare Beneficiary Identifier shape
        a = f"{rng.randint(1, 9)}{_letters(rng, 1, MBI_LETTERS)}"
        b = f"{rng.choice([_letters(rng, 1, MBI_LETTERS), _digits(rng, 1)])}{_digits(rng, 1)}"
        c = f"{_letters(rng, 1, MBI_LETTERS)}{rng.choice([_letters(rng, 1, MBI_LETTERS), '7'])}"
        d = f"{_digits(rng, 1)}{_letters(rng, 2, MBI_LETTERS)}{_digits(rng, 2)}"
        return f"{a}{b}-{c}{d[0]}-{d[1:]}"
    if style == 1:
        return f"{_letters(rng, 3)}{_digits(rng, 9)}"
    return f"{_letters(rng, 1)}{_digits(rng, 8)}-{_digits(rng, 2)}"


def _account(rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return _digits(rng, rng.randint(9, 12))
    if style == 1:
        return f"AC{_digits(rng, 8)}"
    return f"{_digits(rng, 4)}-{_digits(rng, 3)}-{_digits(rng, 4)}"


def _license(rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{_letters(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}"
    if style == 1:
        return f"{_letters(rng, 1)}{_digits(rng, 7)}"
    if style == 2:
        return f"{_letters(rng, 2)}{_digits(rng, 7)}"
    return f"RN{_digits(rng, 6)}"


def _device(rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{_letters(rng, 3)}{_digits(rng, 6)}{_letters(rng, 1)}"
    if style == 1:
        alnum = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        return f"SN-{_letters(rng, 4, alnum)}-{_letters(rng, 5, alnum)}"
    return f"{_digits(rng, 2)}{_letters(rng, 1)}{_digits(rng, 7)}"


def _url(rng: random.Random) -> str:
    host = rng.choice(URL_HOSTS)
    path = rng.choice(["p", "visit", "site", "msg", "doc"])
    tail = f"{_letters(rng, 2).lower()}{_digits(rng, 6)}"
    if host.startswith("www.") and rng.random() < 0.5:
        return f"{host}/{path}/{tail}"
    return f"https://{host}/{path}/{tail}"


def _ip(rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if style == 1:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if style == 2:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return (
        f"{rng.randint(23, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    )


def _id(rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{_letters(rng, 2)}-{rng.randint(2019, 2026)}-{_digits(rng, 5)}"
    if style == 1:
        return f"{_letters(rng, 1)}{_digits(rng, 2)}-{_digits(rng, 6)}"
    if style == 2:
        return f"{_letters(rng, 4)}{_digits(rng, 3)}"
    return f"{_letters(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 4)}"


IDENTIFIER_SLOTS: dict[str, tuple[str, Callable[[random.Random], str]]] = {
    "date": ("DATE", _date),
    "phone": ("PHONE", _phone),
    "fax": ("FAX", _phone),
    "email": ("EMAIL", _email),
    "address": ("ADDRESS", _address),
    "zip": ("ZIP", _zip),
    "age": ("AGE", _age),
    "ssn": ("SSN", _ssn),
    "mrn": ("MRN", _mrn),
    "plan": ("HEALTH_PLAN", _plan),
    "account": ("ACCOUNT", _account),
    "license": ("LICENSE", _license),
    "device": ("DEVICE", _device),
    "url": ("URL", _url),
    "ip": ("IP", _ip),
    "id": ("ID", _id),
}
KEEP_SLOTS: dict[str, tuple[str, list[str]]] = {
    "eponym": ("EPONYM", EPONYM_CONDITIONS),
    "drug": ("DRUG", DRUGS),
    "brand": ("BRAND", BRANDS),
    "disease": ("DISEASE", DISEASES),
    "sign": ("SIGN", SIGNS),
    "scale": ("SCALE", SCALES),
    "anatomy": ("ANATOMY", ANATOMY),
}
NAME_SLOTS = {
    "first": "NAME_FIRST",
    "last": "NAME_LAST",
    "full": "NAME_FULL",
    "fullm": "NAME_FULL",
    "rev": "NAME_FULL",
}
SLOT = re.compile(r"\{([A-Za-z]+)(?:#(\d))?(?:=([^}|]+))?(?:\|(upper|lower|cap))?\}")

# Slots: names {first} {last} {full} {fullm} (middle initial) {rev} ("Last, First"); "#n" names a
# person of the note, reused by later slots with the same n; "|upper", "|lower", "|cap" change
# case. Identifiers: {date} {phone} {fax} {email} {address} {city} {zip} {age} {ssn} {mrn}
# {plan} {account} {license} {device} {url} {ip} {id}; {state} is the state of the last {city}
# and is not PHI. Keep terms: {eponym} {drug} {brand} {disease} {sign} {scale} {anatomy}.
TEMPLATES: list[tuple[str, str]] = [
    (
        "ambulance_run_sheet",
        "RUN SHEET {id} | {date} | MEDIC 7\n"
        "PT: {rev#1|upper}   AGE {age}   DOB {date}\n"
        "Pickup: {address}, {city}, {state} {zip}\n"
        "Caller was granddaughter {first#2} ({phone}); neighbour {full#3} had found the patient "
        "on the kitchen floor. Hx {disease|cap}, {eponym}; takes {drug} and {brand}. Complains of "
        "{sign}. {eponym=Glasgow coma scale} 14, {scale} done en route. Handover to {fullm#4}, "
        "triage RN. Crew: {last#5} / {last#6}.",
    ),
    (
        "poison_centre_call",
        "Poison centre case {id}, opened {date}. Caller {full#1} (grandmother) from {city}, "
        "{state}, call-back {phone}. Toddler {first#2} was found with {last#1}'s weekly pill "
        "organiser open; possible ingestion of {drug} and {brand}. Onset of {sign} about twenty "
        "minutes later. Advised ED attendance; spoke to charge nurse {first#3} at the receiving "
        "unit, who confirmed arrival. Follow-up call {date}: {first#2} discharged, no {sign}. "
        "Leaflet link texted: {url}",
    ),
    (
        "genetic_counselling_letter",
        "{date}\n"
        "\n"
        "Dear {first#1},\n"
        "\n"
        "Thank you for coming to see us with your sister {full#2}. As discussed, your mother "
        "{fullm#3} was diagnosed with {eponym} and your maternal uncle had {disease}. Testing of "
        "a sample from {first#2} found a pathogenic variant; we have offered the same test to you "
        "(lab ref {id}). If you would like to talk to us before the result, ring {phone} or write "
        "to {email#1}.\n"
        "\n"
        "Yours sincerely,\n"
        "{full#4}\n"
        "Genetic Counsellor\n"
        "cc: Dr {last#5}, {address}, {city}, {state} {zip}",
    ),
    (
        "ivf_lab_log",
        "EMBRYOLOGY LOG {date}\n"
        "Partner A: {rev#1|upper}  MRN {mrn}\n"
        "Partner B: {rev#2|upper}  MRN {mrn}\n"
        "Stimulation: {brand} + {drug}, trigger {brand}. Witness check of dish labels by "
        "{first#3} and {first#4}. {Last#1|cap} partner's sample produced at home and delivered by "
        "{first#2}. Incubator {device}. Transfer booked {date}; {drug} support to continue. Query "
        "{disease} on history - {last#5} to review.",
    ),
    (
        "blood_bank_crossmatch",
        "BLOOD BANK - CROSSMATCH REQUEST\n"
        "Recipient: {rev#1|upper}   MRN {mrn}   DOB {date}\n"
        "Requesting: Dr {last#2} for {sign} and low Hb after {eponym}. On {drug}.\n"
        "Sample taken by {full#3} at 06:40, second sample by {first#4}. Antibody screen neg.\n"
        "Units issued to porter {full#5}; unit {id} spiked 08:15. Phoned result to {first#6} on "
        "ward ext, callback {phone}.",
    ),
    (
        "dialysis_run_sheet",
        "Dialysis unit run sheet {date} chair 4\n"
        "{full#1}  ({age} y)  MRN {mrn}\n"
        "Access: AV fistula {anatomy}, thrill present; old {eponym=Hickman line} removed. Machine "
        "{device}.\n"
        "Pre-weight 71.4 kg. {Sign|cap} in first hour, UF reduced. {Drug|cap} given, {drug} held. "
        "{Scale=Kt/V} last month 1.3.\n"
        "{First#1} says daughter {first#2} now drives on Tuesdays; transport number {phone}. "
        "Nephrologist {last#3} reviewed: {disease} stable. Nurse: {first#4} {last#4}.",
    ),
    (
        "hospice_volunteer_note",
        "Volunteer visit, {date}. Sat with {first#1} for two hours while wife {full#2} went to "
        "the shops. {First#1} talked about the farm outside {city} and his brother {first#3}, who "
        "died of {eponym}. Some {sign} and {sign} today; told nurse {first#4}. He is on {drug} "
        "via syringe driver. {Last#2|cap} asked whether the chaplain could come on Thursday. Next "
        "visit {date}. - {full#5}, volunteer",
    ),
    (
        "school_nurse_log",
        "School nurse log {date}\n"
        "10:05 {full#1} (Grade 4) sent from PE with {sign}; known {disease}, used own {brand} x2 "
        "puffs, settled. Mum {first#2} informed on {phone}.\n"
        "11:20 {first#3} {last#3} - nosebleed, resolved.\n"
        "13:40 {fullm#4} - {eponym} care plan reviewed with teacher {last#5}; glucose 5.8.\n"
        "14:15 {first#1} back again; collected by dad {full#6}.",
    ),
    (
        "camp_nurse_log",
        "CAMP WILLOWBEND - HEALTH HUT\n"
        "{date} cabin 9: {first#1} {last#1}, age 11, bee sting left hand, mild {sign}; {brand} 25 "
        "mg given, counselor {first#2} informed.\n"
        "{date}: {first#3} ({last#3}) homesick, {sign}; called mom at {phone}.\n"
        "Meds locker: {first#4}'s {drug}, {last#5}'s {brand} autoinjector.\n"
        "Camp doctor: {full#6}, licence {license}.",
    ),
    (
        "cruise_infirmary_note",
        "MV Azure Tern - medical centre. Passenger {fullm#1}, cabin 8142, folio {account}, "
        "embarked {date}. Travelling with partner {full#2}. Presented with {sign} and {sign}; PMH "
        "{eponym}, {disease}. Treated with {drug}; {brand} supplied. Guest services told; "
        "{last#1} to disembark at next port if worse. Shore contact: son {first#3}, {phone}, "
        "{email#3}. Ship's doctor {last#4}.",
    ),
    (
        "travel_clinic_record",
        "Travel clinic {date}\n"
        "Traveller: {full#1}  DOB {date}  Passport held, not copied.\n"
        "Trip: Ghana and Togo with colleague {full#2} from {date}.\n"
        "Hx {eponym}; takes {drug}. Prescribed {brand} for {disease} prophylaxis and {drug}. "
        "Yellow fever certificate {id}. Receipt sent to {email#1}.\n"
        "Nurse {first#3}. Follow-up with {last#1}'s GP, Dr {last#4}, fax {fax}.",
    ),
    (
        "addiction_group_note",
        "Group session, {date}, IOP track B. Present: {first#1}, {first#2}, {first#3} {last#3}, "
        "{first#4}. Topic: triggers around holidays. {First#1} 41 days without use, on {brand}. "
        "{First#2} spoke about brother {full#5} and his {disease}. {Last#3|cap} left early for "
        "{drug} dosing. {Scale} scores filed. Facilitator: {full#6}, licence {license}.",
    ),
    (
        "peer_support_chat",
        "[{date} 21:14] {first#1|lower}: anyone else on {drug} getting {sign}?\n"
        "[21:16] {first#2|lower}: yes!! my gp dr {last#3|lower} switched me to {brand}\n"
        "[21:17] {first#1|lower}: @{first#2|lower} did it help the {sign}\n"
        "[21:19] {first#4|lower}: {first#1|lower} pm me, my husband {first#5|lower} had the same "
        "with his {eponym}\n"
        "[21:25] moderator {first#6|lower}: reminder, no phone numbers in the open chat please\n"
        "[21:31] {first#2|lower}: sharing the fundraiser for my op in case anyone can help {url}",
    ),
    (
        "trial_adverse_event",
        "SERIOUS ADVERSE EVENT NARRATIVE. Study site 014, participant {id} ({full#1}; name "
        "withheld from sponsor copy). The {age}-year-old participant with {eponym} and {disease} "
        "({eponym=Karnofsky performance status} 70) was randomised on {date} and received study "
        "drug plus {drug}. On {date} she developed {sign} and {sign}. Investigator {full#2} "
        "judged it possibly related. Reported by research nurse {full#3} ({email#3}, {phone}).",
    ),
    (
        "mm_summary",
        "M&M summary, case 3. Patient {fullm#1}, {age}, admitted {date} with {sign}, "
        "{eponym=Murphy's sign} positive. Background {eponym}, {disease}; on {brand}. Night "
        "registrar {full#2} prescribed {drug}; interaction not flagged. {Last#1|cap} deteriorated "
        "({scale=NEWS2} 7) and was reviewed by {first#3} from outreach. Learning points presented "
        "by {full#4}; thanks to {last#5} and {last#6}.",
    ),
    (
        "coroner_referral",
        "Referral to the coroner, {date}. Deceased: {full#1}, born {date}, of {address}, {city}, "
        "{state}. MRN {mrn}, SSN {ssn}. Found by partner {full#2} at home. Known {eponym} and "
        "{disease}; prescribed {drug} and {brand}. Last seen by GP Dr {last#3} on {date}. Next of "
        "kin {first#2} can be reached on {phone}. Referring doctor {fullm#4}, licence {license}. "
        "Coroner's case {id}.",
    ),
    (
        "organ_donation_note",
        "Organ donation coordinator note {date}. Potential donor {full#1}, {age}, MRN {mrn}, "
        "donor ID {id}. Family meeting with wife {first#2}, son {full#3} and {last#1}'s "
        "brother-in-law {full#4}. Consent given for kidneys and {anatomy}; declined {anatomy}. "
        "Previous {eponym=Whipple procedure}. History {disease}, {eponym}. {Drug|cap} infusion. "
        "Coordinator {first#5}, pager {phone}.",
    ),
    (
        "contact_tracing",
        "Infection control - contact tracing, {disease}. Index case {rev#1}, ward 6B, bed 12, MRN "
        "{mrn}, positive {date}. Contacts: {full#2} (bed 11), {full#3} (bed 14), visitor "
        "{first#4} {last#4} ({phone}), student nurse {first#5}. {Last#2|cap} has {eponym} and is "
        "on {drug}; screen day 3 and 7. Outbreak number {id}.",
    ),
    (
        "nurse_triage_phone",
        "TRIAGE CALL {date} 02:13. Caller: {first#1}, calling about her father {full#2}, {age}, "
        "at {address}, {city}. Call-back {phone}. Symptoms: {sign}, {sign}. Hx {eponym}, "
        "{disease}. Meds per caller: {brand}, {drug}. Disposition: ambulance. {First#1} to unlock "
        "the door; neighbour {full#3} waiting outside. Nurse {last#4}.",
    ),
    (
        "interpreter_log",
        "Interpreter log {date}. Booking {id}. Language: Tigrinya. Clinician: Dr {full#1}. "
        "Patient: {full#2}, MRN {mrn}, accompanied by cousin {first#3}. Discussed {eponym} and "
        "starting {drug}; {first#2} asked whether {brand} is the same medicine. Family asked that "
        "{last#3} not interpret. Interpreter {first#4} {last#4}, badge {id}.",
    ),
    (
        "oxygen_delivery_ticket",
        "HOME OXYGEN DELIVERY TICKET\n"
        "Ticket {account}   Date {date}\n"
        "Deliver to: {rev#1|upper}, {address}, {city}, {state} {zip}\n"
        "Contact: {full#2} (son) {phone}\n"
        "Concentrator serial {device}, cylinder backup serial {device}.\n"
        "Dx: {disease|upper}. Prescriber {fullm#3}, NPI on file.\n"
        "No smoking sign fitted. Driver: {first#4}.",
    ),
    (
        "dme_order",
        "DME ORDER {date}\n"
        "Patient: {full#1}   DOB {date}   Plan ID {plan}   Acct {account}\n"
        "Item: hospital bed with pressure mattress; {scale=Braden scale} 11, {eponym=modified "
        "Rankin scale} 4.\n"
        "Dx {eponym}, {disease}.\n"
        "Ordering provider: {fullm#2}, fax {fax}, phone {phone}.\n"
        "Deliver after 2 pm; caregiver {first#3} {last#3} home then. Notes: {last#1} also uses "
        "{brand}.",
    ),
    (
        "patient_complaint",
        "Subject: formal complaint - ward 9\n"
        "\n"
        "I am writing about the care of my mother, {full#1}, admitted on {date} with {sign}. She "
        "has {eponym} and needs her {drug} on time, but it was given four hours late on two "
        "nights. When I raised this with the nurse, {first#2}, I was told to speak to {last#3}. "
        "My brother {full#4} was there. Her hospital number is {mrn}. Please reply to {email#5} "
        "or ring {phone}.\n"
        "\n"
        "{full#5}",
    ),
    (
        "patient_letter",
        "{address}\n"
        "{city}, {state} {zip}\n"
        "{date}\n"
        "\n"
        "Dear Dr {last#1},\n"
        "\n"
        "I wanted to thank you and {first#2} on reception. Since you changed me from {drug} to "
        "{brand} my {sign} has gone. My husband {first#3} says I am like my old self. My "
        "neighbour {full#4}, who also has {eponym}, asked if she could see you.\n"
        "\n"
        "With best wishes,\n"
        "{fullm#5}",
    ),
    (
        "care_home_handover",
        "Handover, Larkfield Care Home, {date}, night to day.\n"
        "Room 3 {first#1} {last#1}: {scale=Waterlow score} 14, turned 2-hourly, {sign} overnight. "
        "On {drug}.\n"
        "Room 5 {full#2}: {eponym}, ate well; daughter {first#3} visiting 10 am.\n"
        "Room 8 {rev#4}: {age} today, {eponym=Barthel index} 40 - cake ordered. {Brand} at "
        "08:00.\n"
        "Signed {first#5} (carer), {last#6} (RN).",
    ),
    (
        "slt_note",
        "Speech and language therapy, {date}. {full#1}, MRN {mrn}. Referred by {first#2} (ward "
        "nurse) for {sign} after {eponym}. Bedside assessment: {sign}, reduced {anatomy} closure. "
        "Recommend {scale=IDDSI} level 5 diet, supervised meals. Discussed with wife {first#3}. "
        "{Last#1|cap} keen to return to singing. SLT: {full#4}.",
    ),
    (
        "dietetics_note",
        "Dietetics review {date}. {fullm#1}, {age}, {city}. {Scale=MUST score} 3 (high risk). Wt "
        "loss 6 kg since {date}. Background {disease}, {eponym}; taking {drug}. Partner {first#2} "
        "does the cooking. Plan: fortified diet, supplements; review by {last#3}. Contact "
        "{email#1}. Dietitian {first#4} {last#4}.",
    ),
    (
        "chaplaincy_note",
        "Chaplaincy visit {date}, ward 4. Called by nurse {first#1} to see {full#2}, who was "
        "frightened after being told of {disease}. Prayed with {first#2} and her sister {full#3}. "
        "{Last#2|cap} asked for her parish priest, Fr {last#4}, parish office {phone}. {Sign|cap} "
        "noted, nurse informed. Chaplain {full#5}.",
    ),
    (
        "social_work_assessment",
        "Social work assessment {date}\n"
        "Client: {full#1}   DOB {date}   SSN {ssn}\n"
        "Address: {address}, {city}, {state} {zip}\n"
        "Lives alone since husband {first#2} died of {eponym}. Son {full#3} lives out of state "
        "({phone}). Medicaid ID {plan}. Struggles to collect {drug} and {brand}. Neighbour "
        "{first#4} shops weekly. Referred to Meals on Wheels. SW {last#5}.",
    ),
    (
        "spreadsheet_export",
        "mrn,surname,forename,dob,zip,dx,drug,ward_nurse\n"
        "{mrn},{last#1|upper},{first#1|upper},{date},{zip},{eponym},{drug},{first#2}\n"
        "{mrn},{last#3|upper},{first#3|upper},{date},{zip},{disease},{brand},{first#4}\n"
        "{mrn},{last#5|upper},{first#5|upper},{date},{zip},{disease},{drug},{first#6}",
    ),
    (
        "email_signature",
        "Hi {first#1},\n"
        "\n"
        "Could you check whether {full#2} (MRN {mrn}) had her {drug} level done before the "
        "{eponym} clinic on {date}? {Last#3|cap} thinks it was missed.\n"
        "\n"
        "Thanks,\n"
        "{first#4}\n"
        "\n"
        "--\n"
        "{fullm#4}\n"
        "Clinical Nurse Specialist\n"
        "T: {phone}  F: {fax}\n"
        "{email#4}\n"
        "{url}",
    ),
    (
        "sms_thread",
        "SMS thread, ward mobile, {date}\n"
        "> hi its {first#1|lower}, wife of {first#2|lower}. is he ok? he missed his {drug}\n"
        "< Hi, this is {first#3} on ward 7. He is comfortable, had his {brand} at 8\n"
        "> ok thx. tell him {first#4|lower} and the kids say hi. my number is {phone}\n"
        "< Will do. Dr {last#5} will ring you about the {disease} results",
    ),
    (
        "registration_form",
        "PATIENT REGISTRATION\n"
        "NAME: {rev#1|upper}\n"
        'PREFERRED NAME: "{first#2}"\n'
        "DATE OF BIRTH: {date}   SSN: {ssn}\n"
        "ADDRESS: {address}\n"
        "CITY: {city|upper}  STATE: {state}  ZIP: {zip}\n"
        "PHONE: {phone}\n"
        "EMERGENCY CONTACT: {full#3|upper} ({phone})\n"
        "INSURANCE MEMBER ID: {plan}\n"
        "ALLERGIES: {drug|upper}\n"
        "CONDITIONS: {eponym}, {disease}",
    ),
    (
        "prior_auth_fax",
        "FAX COVER - PRIOR AUTHORIZATION\n"
        "To: utilization review  Fax: {fax}\n"
        "From: {full#1}, office of Dr {last#2}  Phone: {phone}\n"
        "Date: {date}\n"
        "Re: {rev#3}, member {plan}, DOB {date}\n"
        "Request: {brand} for {disease}; failed {drug}. {Scale} attached. Pages: 4",
    ),
    (
        "lab_critical_callback",
        "Critical result log {date}\n"
        "07:52 Potassium 6.9 on {full#1} (MRN {mrn}), read back by {first#2} on 5N. On {drug} + "
        "{brand}.\n"
        "08:30 INR 7.2 on {rev#3}, {drug=warfarin} clinic patient; Dr {last#4} informed via "
        "{phone}.\n"
        "09:10 Blood culture positive, {fullm#5}; {disease} suspected. Called by {last#6}.",
    ),
    (
        "ehr_access_audit",
        "EHR ACCESS AUDIT {date}\n"
        "user {first#1|lower}.{last#1|lower} opened chart of {rev#2|upper} (MRN {mrn}) from {ip} "
        "at 23:41\n"
        "user {first#3|lower}.{last#3|lower} viewed note 'Known {eponym}' from {ip}\n"
        "Flag: {last#1} not on care team; referred to privacy officer {full#4}, {email#4}. "
        "Incident {id}.",
    ),
    (
        "telehealth_log",
        "Telehealth session {date}, link {url}\n"
        "Patient {full#1} joined from {ip}; daughter {first#2} also on the call. Discussed "
        "{eponym} and {sign} ({eponym=Borg scale} 5 on stairs); {drug} dose reduced. {First#1} "
        "asked about {brand}. Connection dropped twice. Clinician {fullm#3}; next session {date}.",
    ),
    (
        "pacemaker_remote",
        "Remote device check {date}. {rev#1}, DOB {date}. Device serial {device}, lead serial "
        "{device}. Transmission from home monitor at {ip}. Battery 7.1 years. AF burden 12% - "
        "{disease}; on {brand}. History {eponym}. Wife {first#2} rang {phone} about a buzzing "
        "alert. Reviewed by {full#3}, physiologist {first#4}.",
    ),
    (
        "wound_photo_consent",
        "Consent for clinical photography, {date}. I, {full#1}, agree to photographs of my "
        "{anatomy} wound being stored in record {mrn}. Signed on behalf by daughter {full#2} as "
        "{first#1} has {eponym}. Witness: {first#3} {last#3}, tissue viability. Camera {device}. "
        "Dx {disease}, on {drug}; {eponym=Foley catheter} in situ.",
    ),
    (
        "home_health_visit",
        "Home health visit {date}, {address}, {city}. {First#1} {last#1} seen with husband "
        "{full#2}. BP low, {sign}. Bottles of {drug} and {brand} in the kitchen; {last#2} fills "
        "the dosette. Dog named {first#3} loose - warn next visitor. {Eponym|cap} tremor worse. "
        "Next: {date}. Nurse {full#4}, agency licence {license}.",
    ),
    (
        "transport_booking",
        "Patient transport booking {id}\n"
        "Name: {full#1}   DOB {date}\n"
        "From: ward 12 to {address}, {city}, {state} {zip}\n"
        "Mobility: stretcher, {sign}, {eponym}\n"
        "Escort: {first#2} {last#2} (niece), {phone}\n"
        "Oxygen 2 L; {drug} given before travel. Booked by {first#3}.",
    ),
    (
        "records_request",
        "Request for release of records, {date}. Requester: {full#1}, attorney, {address}, "
        "{city}, {state} {zip}, tel {phone}, fax {fax}. Client: {fullm#2}, SSN {ssn}, account "
        "{account}. Records sought: admission of {date} ({sign}, {disease}). Authorisation signed "
        "by {first#2}; checked by {last#3}, HIM.",
    ),
    (
        "polst_witness",
        "POLST / advance directive, {date}. {full#1}, {age}, with {eponym} and {disease}, chose "
        "comfort-focused treatment. Health care agent: son {full#2}, {phone}; alternate {first#3} "
        "{last#3}. Witnesses: {full#4} and {full#5}. Copy to {email#2}. Physician {last#6}, "
        "licence {license}.",
    ),
    (
        "occ_health_clearance",
        "Occupational health clearance {date}. Employee {full#1}, staff ID {id}, DOB {date}. "
        "Role: porter, {city} site. Declared {disease}; on {drug}. {eponym=Tinel's sign} positive "
        "at the wrist. Fit with adjustments; manager {full#2} informed (no diagnosis given). Next "
        "review with {last#3}. OH nurse {first#4}, licence {license}.",
    ),
    (
        "custody_nurse_note",
        "Custody healthcare {date}. Detainee {rev#1|upper}, custody ref {id}. Reports {disease} "
        "and {eponym}; usual meds {drug} and {brand}, collected from his partner {first#2} at the "
        "front desk. {Sign|cap} noted; {eponym=Romberg test} negative; {scale=COWS} 12. Fit for "
        "interview; solicitor {full#3} told. Nurse {full#4}.",
    ),
    (
        "sleep_study_log",
        "Sleep lab tech log {date}. Study {id}. {full#1}, MRN {mrn}, BMI 38, hx {disease}, "
        "{eponym}. Wife {first#2} reports loud snoring and {sign}. Took {drug} at 21:00. Oximeter "
        "serial {device}. 02:30 {first#1} disconnected leads. Scored by {last#3}.",
    ),
    (
        "insurance_appeal",
        "{date}\n"
        "\n"
        "Re: appeal of denied claim {account}\n"
        "Member: {full#1}, ID {plan}, SSN {ssn}\n"
        "\n"
        "To whom it may concern,\n"
        "\n"
        "I am appealing on behalf of my wife. {First#1} was admitted with {eponym} complicated by "
        "{disease} and needed {brand}, which you refused. Dr {full#2} has written in support. "
        "Contact me at {phone} or {email#3}.\n"
        "\n"
        "{full#3}",
    ),
    (
        "midwife_home_birth",
        "Home birth summary {date}. Mother {full#1}, {address}, {city}. Baby girl born 04:12, "
        "named {first#2}. {eponym=Apgar score} 8 at 1 min, 9 at 5 min. Father {first#3} cut the "
        "cord. {Drug|cap} given for third stage. Second midwife {full#4}. GP {last#5} notified; "
        "baby's NHS number pending, hospital number {mrn}.",
    ),
    (
        "bereavement_call",
        "Bereavement follow-up call {date}. Spoke with {first#1}, widow of {full#2}, who died on "
        "{date} of {eponym} and {disease}. She is sleeping poorly, {sign}. Her daughter {first#3} "
        "{last#3} is staying. Offered group at {address}. Call back on {phone}. Counsellor "
        "{last#4}.",
    ),
    (
        "voicemail_transcript",
        "Voicemail, {date}, 17:46, from {phone}: \"Hi, it's {full#1}, {first#2}'s mum. "
        "{First#2}'s run out of her {brand} and the pharmacy on Main says the script for {drug} "
        "needs Dr {last#3} to sign it. She's got {disease} and the {eponym} flares when she "
        'stops. Please call me back. Bye." Actioned by {first#4}.',
    ),
    (
        "referral_fax",
        "Referral, {date}. To: Neurology, fax {fax}. From: Dr {full#1}, {city} family practice, "
        "tel {phone}.\n"
        "Re: {fullm#2}, DOB {date}, MRN {mrn}\n"
        "Query {eponym}. {Sign|cap}, {sign} for 6 months; {eponym=Babinski sign} equivocal. "
        "Mother had {disease}. Current meds: {drug}, {brand}. Please see soon - {last#2} drives a "
        "school bus.",
    ),
    (
        "huddle_whiteboard",
        "Safety huddle whiteboard, {date}\n"
        "- Bed 2 {last#1|upper}: falls risk, {scale=Morse Fall Scale} 65\n"
        "- Bed 5 {last#2|upper} ({first#2}): {eponym}, {sign}, {eponym=Wells score} 4\n"
        "- Bed 9 {full#3|upper}: {drug} due 14:00, sister {first#4} at 13:00\n"
        "- Staffing: {first#5}, {first#6}, agency nurse {last#7}",
    ),
    (
        "pharmacy_interventions",
        "Pharmacy intervention log {date}\n"
        "{rev#1}, MRN {mrn}: {drug} and {brand} duplicate, stopped after discussion with "
        "{first#2}.\n"
        "{rev#3}, {age}: renal dosing of {drug} for {disease}, Dr {last#4} agreed.\n"
        "{rev#5}: {eponym}, {drug=levodopa} times fixed. Pharmacist {full#6}, licence {license}.",
    ),
    (
        "research_consent_log",
        "Biobank consent log {date}. Participant {full#1}, study ID {id}, sample {id}. Consent "
        "taken by {full#2}; witnessed by {first#3}. {Disease|cap}, {eponym}. Participant portal "
        "{url}; login e-mail {email#1}; e-consent signed from {ip}. Withdrawal requests to "
        "{last#4}.",
    ),
]


def _person(rng: random.Random) -> tuple[str, str, str]:
    return rng.choice(FIRST), rng.choice("ABCDEFGHJKLMNPRSTW"), rng.choice(LAST)


def _name(slot: str, person: tuple[str, str, str]) -> str:
    first, initial, last = person
    if slot == "first":
        return first
    if slot == "last":
        return last
    if slot == "full":
        return f"{first} {last}"
    if slot == "fullm":
        return f"{first} {initial}. {last}"
    return f"{last}, {first}"


def _case(value: str, mod: str | None) -> str:
    if mod == "upper":
        return value.upper()
    if mod == "lower":
        return value.lower()
    if mod == "cap":
        return value[0].upper() + value[1:]
    return value


def _fill(template_id: str, template: str, rng: random.Random) -> Note:
    note = Note(template=template_id)
    people: dict[str, tuple[str, str, str]] = {}
    state = ""
    done = 0
    for match in SLOT.finditer(template):
        note.text += template[done : match.start()]
        done = match.end()
        raw, ref, fixed, mod = match.groups()
        slot = raw.lower()
        if raw[0].isupper():
            mod = mod or "cap"
        if slot == "state":
            note.text += state
            continue
        target = note.phi
        if slot in NAME_SLOTS:
            person = people.get(ref) if ref else None
            if person is None:
                person = _person(rng)
                if ref:
                    people[ref] = person
            kind, value = NAME_SLOTS[slot], _name(slot, person)
        elif slot == "email":
            kind, value = "EMAIL", _email(rng, people.get(ref) if ref else None)
        elif slot == "city":
            city, state = rng.choice(CITIES)
            kind, value = "CITY", city
        elif slot in IDENTIFIER_SLOTS:
            kind, make = IDENTIFIER_SLOTS[slot]
            value = make(rng)
        else:
            kind, terms = KEEP_SLOTS[slot]
            if fixed and fixed not in (EPONYMS if kind == "EPONYM" else terms):
                raise AssertionError(fixed)
            value = fixed or rng.choice(terms)
            target = note.keep
        value = _case(value, mod)
        target.append((kind, len(note.text), len(note.text) + len(value)))
        note.text += value
    note.text += template[done:]
    if "{" in note.text or "}" in note.text:
        raise AssertionError(template_id)
    return note


def generate(seed: int = 12, per_template: int = 10) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [
        _fill(template_id, template, rng)
        for template_id, template in TEMPLATES
        for _ in range(per_template)
    ]
