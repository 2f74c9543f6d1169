"""The SEVENTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the
contents of the v3-v6 sets, before the scrubber changes of that day; it is run once after them.
Any change to the scrubber made after reading this set's errors makes its figures development
figures, and must be said so.

Everything here is invented: seeded random fills of multi-line note templates written in the
styles real notes and messages come in (dialysis and infusion flowsheets, wound-care,
dermatology, ophthalmology and audiology notes, dental recall letters, correctional and
veterans' records, urgent-care notes, lactation and midwifery notes, speech therapy, palliative
family meetings, DME vendor calls, lab requisitions and specimen labels, death certificates,
autopsy headers, immunisation records, interpreter logs, forwarded e-mails, voicemail
transcripts, trial screening logs and the everyday kinds). No name is shared with the FIRST/LAST
lists of tests/phi_eval_set.py, the v2-v6 sets or tests/phi_corpus.py. The notes are built like
the first set's (see tests/phi_eval_set.py for what ``phi`` and ``keep`` hold): a slot written
``{last:up}`` is upper-cased, ``{first:low}`` lower-cased, and ``{Drug}`` has its first letter
capitalised. ``{ifull}`` is an initial and a surname ("A. Surname"), recorded as ``NAME_FULL``.
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
    # West and East African
    "Adaeze", "Chukwuemeka", "Folasade", "Yetunde", "Akosua", "Abena", "Mamadou", "Fatoumata",
    "Ousmane", "Aissatou", "Babajide", "Temitope", "Nnamdi", "Olufemi", "Wanjiru", "Achieng",
    "Tekle", "Selam", "Desta",
    # East and South-East Asian
    "Xiaoling", "Jiahui", "Haoran", "Daisuke", "Aiko", "Kenji", "Ji-hoon", "Min-seo", "Seo-yeon",
    "Thuy", "Quang", "Linh",
    # South Asian
    "Priyanka", "Arjun", "Deepika", "Sanjay", "Kavitha", "Harpreet", "Gurpreet", "Rohit",
    "Meenakshi", "Farzana", "Shreya", "Anil",
    # Slavic and Central European
    "Bogdan", "Milena", "Radek", "Zdenka", "Yaroslav", "Ludmila", "Wojciech", "Dragana",
    "Miroslav", "Katarzyna", "Łukasz", "Małgorzata",
    # Arabic and Persian
    "Khalid", "Rania", "Samir", "Huda", "Layla", "Tamer", "Dalia", "Mustafa", "Nour", "Shirin",
    # Latin American and Iberian
    "Maricela", "Rodrigo", "Yesenia", "Eduardo", "Paloma", "Joaquín", "Marisol", "Itzel", "Ramón",
    "Guillermo", "Araceli", "Mónica", "Héctor",
    # Nordic
    "Sven", "Ingrid", "Eira", "Torsten", "Solveig", "Henrik", "Liv", "Magnus", "Signe", "Søren",
    # Pacific
    "Keoni", "Leilani", "Sione", "Mele", "Tevita", "Losaline", "Aroha", "Wiremu",
    # Irish
    "Aoife", "Cian", "Padraig", "Orla", "Ciarán", "Gráinne", "Fionnuala",
    # French and hyphenated
    "Jean-Luc", "Marie-Claire", "Anne-Sophie", "Anaïs",
    # English and American, nicknames and names that are also words or places
    "Autumn", "Clay", "Forrest", "Sunny", "Rusty", "Dusty", "Bliss", "Destiny", "Blessing",
    "Storm", "Ginger", "Rowan", "Wren", "Lark", "Mercy", "Bubba", "Tootie", "Butch", "Gigi",
    "Bitsy", "Brooklyn", "Dallas", "Sierra", "Kenya", "Marlene", "Loretta", "Delbert", "Vernon",
]
LAST = [
    # West and East African
    "Adebayo", "Okafor", "Nwachukwu", "Oladipo", "Asante", "Boateng", "Owusu", "Sow", "Keita",
    "Coulibaly", "Ogunleye", "Akinola", "Ezeani", "Kiprop", "Odhiambo", "Gebremedhin", "Alemu",
    "Bekele",
    # East and South-East Asian
    "Huang", "Guo", "Xiong", "Fujimoto", "Matsuda", "Hayashi", "Shin", "Jang", "Hwang", "Trinh",
    "Dang", "Bui", "Huynh",
    # South Asian
    "Ramaswamy", "Venkatesan", "Deshpande", "Choudhury", "Malhotra", "Sandhu", "Grewal",
    "Qureshi", "Siddiqui", "Banerjee", "Menon",
    # Slavic and Central European
    "Wiśniewski", "Kamińska", "Lewandowski", "Petrović", "Horák", "Babić", "Shevchenko",
    "Bondarenko", "Vasilyeva", "Zając", "Kozlov",
    # Arabic
    "Haddad", "Khoury", "Nasser", "Saleh", "Al-Amin", "El-Sayed", "Darwish", "Mansour",
    # Latin American
    "Villanueva", "Arellano", "Cárdenas", "Zamora", "Figueroa", "Alvarado", "Rosales", "Galván",
    "Espinoza", "Saldaña", "Montes de Oca",
    # Nordic
    "Lindqvist", "Bergström", "Halvorsen", "Nyberg", "Sandvik", "Haugen", "Mikkelsen",
    "Søndergaard", "Holmberg",
    # Pacific
    "Fifita", "Tupou", "Kahananui", "Aumua", "Faleolo", "Ngata", "Tuilagi",
    # Irish
    "Ní Bhriain", "Ó Briain", "McGonagle", "Donnelly", "Keane", "Brennan", "Moriarty",
    "Cassidy", "Dunne",
    # particles and hyphens
    "de Souza", "dos Reis", "van Dijk", "ter Horst", "da Costa", "Le Roux", "di Stefano",
    "ben-David", "Ramos-Ortiz", "Kaur-Dhillon", "Lindqvist-Haddad",
    # English surnames, several also ordinary words or places
    "Marsh", "Frost", "Lamb", "Sharp", "Swift", "Moody", "Noble", "Love", "Rice", "Fields",
    "Story", "Lovejoy", "Carpenter", "Hale", "Cotton", "Chambers", "Holiday", "Summers",
    "Kent", "York", "Sutton", "Lincoln", "Preston", "Chester", "Pruitt", "Blevins",
]
INITIALS = list("ABCDEFGHJKLMNPRSTVWY")
RELATIONS = [
    "husband", "wife", "daughter", "son", "neighbour", "neighbor", "caregiver", "roommate",
    "coach", "pastor", "granddaughter", "stepson", "sister", "brother-in-law", "girlfriend",
    "partner", "aunt", "foster mother", "cellmate", "home aide",
]

EPONYMS = [
    "Parkinson's disease", "Parkinson disease", "Crohn's disease", "Crohn's",
    "Cushing's disease", "Cushing syndrome", "Hodgkin lymphoma", "Hodgkin's disease",
    "Alzheimer's disease", "Alzheimer dementia", "Graves' disease", "Graves' ophthalmopathy",
    "Bell's palsy", "Down syndrome", "Apgar score", "Glasgow coma scale",
    "Glasgow Coma Scale", "Fuchs dystrophy", "Stargardt disease", "Schirmer test",
    "Amsler grid", "Ishihara plates", "Eustachian tube dysfunction", "Ménière disease",
    "Rinne test", "Dix-Hallpike maneuver", "Kaposi's sarcoma", "Nikolsky sign", "Auspitz sign",
    "Koebner phenomenon", "Mohs micrographic surgery", "Wood's lamp", "Hutchinson's sign",
    "Beau's lines", "Marjolin's ulcer", "Braden Scale", "Unna boot", "Brescia-Cimino fistula",
    "Bishop score", "Leopold maneuvers", "Naegele's rule", "Braxton Hicks contractions",
    "Chadwick's sign", "Ballard score", "Moro reflex", "Broca's aphasia", "Wernicke aphasia",
    "Wenckebach block", "Mobitz type II block", "Dressler syndrome", "Lyme disease",
    "Addison's disease", "Hashimoto's", "Sjögren syndrome", "Guillain-Barré syndrome",
    "Raynaud phenomenon", "Kawasaki disease", "Legg-Calvé-Perthes disease", "Baker's cyst",
    "De Quervain's tenosynovitis", "Dupuytren contracture", "Morton's neuroma",
    "Charcot arthropathy", "Buerger's disease", "Zenker's diverticulum", "Schatzki ring",
    "Barrett esophagus", "Wilms' tumor", "Ewing's sarcoma", "Pancoast tumor",
    "Horner's syndrome", "Bell palsy", "Tourette's", "Lewy body disease",
    "Creutzfeldt-Jakob disease", "Huntington's chorea", "Cheyne-Stokes breathing",
    "Trendelenburg gait", "Romberg sign", "Babinski's sign", "Hoffmann's sign", "Kernig sign",
    "Murphy's sign", "McBurney point", "Lachman's test", "Phalen maneuver", "Tinel's test",
    "Finkelstein's test", "Allen's test", "Epley maneuver", "Foley catheter", "Hickman catheter",
    "Whipple's disease", "Stevens-Johnson syndrome", "Sturge-Weber syndrome",
]
DRUGS = [
    "metformin", "warfarin", "epoetin alfa", "darbepoetin", "sevelamer", "calcitriol",
    "cinacalcet", "iron sucrose", "ferric carboxymaltose", "alteplase", "cefazolin",
    "ocrelizumab", "natalizumab", "rituximab", "zoledronic acid", "denosumab",
    "immune globulin", "latanoprost", "timolol", "brimonidine", "dorzolamide",
    "prednisolone acetate", "ranibizumab", "aflibercept", "bevacizumab", "tretinoin",
    "clobetasol", "triamcinolone", "mupirocin", "silver sulfadiazine", "isotretinoin",
    "dupilumab", "lidocaine", "chlorhexidine", "fluoride varnish", "amoxicillin-clavulanate",
    "oxytocin", "misoprostol", "magnesium sulfate", "nicotine patch", "hydromorphone",
    "glycopyrrolate", "midazolam", "scopolamine", "methadone", "naltrexone", "insulin detemir",
    "insulin aspart", "tirzepatide", "losartan", "chlorthalidone", "bumetanide", "torsemide",
    "cephalexin", "valacyclovir", "nirmatrelvir", "bictegravir", "risperidone", "clonazepam",
    "zolpidem", "duloxetine", "venlafaxine", "topiramate", "phenytoin", "etanercept",
    "ustekinumab", "apremilast", "tofacitinib", "budesonide", "mesalamine", "ursodiol",
    "benztropine", "rasagiline", "pyridostigmine", "baclofen", "tizanidine", "ipratropium",
    "cetirizine", "ferrous sulfate", "folic acid", "vitamin K", "hepatitis B vaccine",
    "Tdap vaccine", "MMR vaccine", "influenza vaccine", "pneumococcal vaccine",
]
BRANDS = [
    "Epogen", "Aranesp", "Renvela", "Sensipar", "Venofer", "Injectafer", "Remicade", "Ocrevus",
    "Tysabri", "Rituxan", "Reclast", "Prolia", "Xalatan", "Lumigan", "Alphagan", "Cosopt",
    "Lucentis", "Eylea", "Avastin", "Retin-A", "Dupixent", "Accutane", "Bactroban", "Silvadene",
    "Pitocin", "Cytotec", "RhoGAM", "Dilaudid", "Haldol", "Robinul", "Versed", "Sublocade",
    "Vivitrol", "Mounjaro", "Trulicity", "Levemir", "NovoLog", "Tresiba", "Glucophage",
    "Cozaar", "Bumex", "Demadex", "Flonase", "Symbicort", "Trelegy", "Nicoderm", "Chantix",
    "Augmentin", "Keflex", "Bactrim", "Valtrex", "Paxlovid", "Biktarvy", "Truvada", "Zyprexa",
    "Risperdal", "Ativan", "Klonopin", "Ambien", "Wellbutrin", "Lexapro", "Cymbalta", "Effexor",
    "Tegretol", "Dilantin", "Topamax", "Nurtec", "Aimovig", "Botox", "Enbrel", "Stelara",
    "Skyrizi", "Otezla", "Xeljanz", "Entocort", "Lialda", "Azilect", "Mestinon", "Atrovent",
    "Zyrtec", "Boostrix", "Gardasil", "Prevnar 20", "Shingrix",
]
DISEASES = [
    "end-stage renal disease", "diabetic nephropathy", "secondary hyperparathyroidism",
    "fluid overload", "hyperkalemia", "venous stasis ulcer", "pressure injury",
    "diabetic foot ulcer", "hidradenitis suppurativa", "atopic dermatitis",
    "basal cell carcinoma", "squamous cell carcinoma", "actinic keratosis", "rosacea",
    "vitiligo", "open-angle glaucoma", "macular degeneration", "diabetic retinopathy",
    "cataract", "sensorineural hearing loss", "otitis media", "tinnitus", "periodontitis",
    "dental caries", "gingivitis", "mastitis", "postpartum hemorrhage",
    "gestational hypertension", "neonatal jaundice", "oropharyngeal dysphagia", "hepatitis B",
    "latent tuberculosis", "opioid use disorder", "alcohol use disorder", "PTSD",
    "traumatic brain injury", "COVID-19", "influenza", "pertussis",
    "metastatic pancreatic cancer", "ALS", "heart failure with reduced ejection fraction",
    "obstructive sleep apnea", "COPD exacerbation", "strep pharyngitis", "acute sinusitis",
    "ankle sprain", "urinary retention", "relapsing-remitting multiple sclerosis",
    "iron deficiency anemia", "type 1 diabetes", "hypertensive urgency", "atrial flutter",
    "complete heart block", "bronchiolitis", "scabies", "herpes zoster",
]
SIGNS = [
    "periwound erythema", "serous drainage", "slough", "granulation tissue", "tunneling",
    "undermining", "induration", "pruritus", "scaling", "papules", "vesicles", "floaters",
    "photopsia", "conjunctival injection", "vertigo", "aural fullness", "otorrhea",
    "bleeding gums", "engorgement", "nipple fissuring", "lochia", "dysphonia", "drooling",
    "hoarseness", "dyspnea", "terminal secretions", "mottling", "agitation", "desaturation",
    "hypoxemia", "a palpable thrill", "a bruit", "muscle cramps", "intradialytic hypotension",
    "pedal edema", "stridor", "point tenderness", "cervical lymphadenopathy", "a wet cough",
    "pocketing of food", "nasal regurgitation", "a halo around lights", "itching",
]
SCALES = [
    "Kt/V", "URR", "PHQ-2", "PHQ-9", "GAD-7", "Palliative Performance Scale", "ESAS-r",
    "PAINAD", "FLACC", "CPOT", "RASS", "LATCH score", "Edinburgh Postnatal Depression Scale",
    "Functional Oral Intake Scale", "PUSH tool", "DLQI", "PASI", "SCORAD", "EASI",
    "ETDRS chart", "Timed Up and Go", "Berg Balance Scale", "Mini-Cog", "SLUMS", "DAST-10",
    "C-SSRS", "CIWA-Ar", "COWS", "Penetration-Aspiration Scale", "STOP-BANG",
    "Epworth Sleepiness Scale", "Hearing Handicap Inventory", "Tinnitus Handicap Inventory",
]
ANATOMY = [
    "arteriovenous fistula", "left forearm", "right upper arm", "sacrum", "coccyx",
    "left heel", "lateral malleolus", "plantar surface", "nail bed", "scalp",
    "nasolabial fold", "anterior chamber", "optic disc", "macula", "cornea", "cochlea",
    "external auditory canal", "lower incisors", "mandibular molar", "gingiva", "areola",
    "perineum", "cervix", "uterine fundus", "vocal folds", "epiglottis", "larynx",
    "tongue base", "internal jugular vein", "subclavian vein", "brachial plexus",
    "carotid bifurcation", "pericardium", "right hepatic lobe", "bladder neck",
    "left tympanic membrane", "right ischial tuberosity", "dorsal foot", "glabella",
]
CITIES = [
    ("Bakersfield", "CA"), ("Tallahassee", "FL"), ("Kalamazoo", "MI"), ("Sioux Falls", "SD"),
    ("Chattanooga", "TN"), ("Billings", "MT"), ("Scranton", "PA"), ("Flagstaff", "AZ"),
    ("Pueblo", "CO"), ("Waco", "TX"), ("Eau Claire", "WI"), ("Muncie", "IN"),
    ("Lafayette", "LA"), ("Hilo", "HI"), ("Fairbanks", "AK"), ("Yakima", "WA"),
    ("Topeka", "KS"), ("Roanoke", "VA"), ("Independence", "MO"), ("Normal", "IL"),
    ("Liberty", "MO"), ("Paradise", "NV"), ("Enid", "OK"), ("Bangor", "ME"),
    ("Las Cruces", "NM"), ("St. Cloud", "MN"), ("Coeur d'Alene", "ID"), ("Ogden", "UT"),
]
STREETS = [
    "Tamarack", "Kestrel Hollow", "Old Mill", "Sweetgum", "Quarry Ridge", "Buckeye",
    "Lone Pine", "Sandhill Crane", "Foxglove", "Prairie Wind", "Mesquite", "Cobblestone",
    "Heron Bay", "Stagecoach", "Bluebonnet", "Larkspur",
]
STREET_KINDS = ["St", "Ave.", "Rd", "Dr.", "Ln", "Ct", "Terrace", "Pkwy", "Circle", "Trail"]
MAIL_HOSTS = [
    "riverbendmail.com", "qmail.example", "sunvalleyhealth.org", "coxnet.example",
    "student.nwtc.edu", "prairie.net", "fastmail.example", "kaimana.org", "telus.example",
]
WEB_HOSTS = [
    "mychart.stlukes-example.org", "portal.mesaview.health", "share.imagelink.example",
    "records.tricountyclinic.net", "trials.cancerresearch.example", "dme.airflowhome.com",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
NUMBER_WORDS = {
    90: "ninety", 91: "ninety-one", 92: "ninety-two", 93: "ninety-three", 94: "ninety-four",
    95: "ninety-five", 96: "ninety-six", 97: "ninety-seven", 98: "ninety-eight",
    99: "ninety-nine", 100: "one hundred", 101: "one hundred and one",
}
# fmt: on


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKMNPRSTUVWXY") for _ in range(n))


def _mixed(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(n))


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.random()
    if form < 0.12:
        return f"{first} {rng.choice(INITIALS)}. {last}"
    if form < 0.18:
        return f"{first} {rng.choice(FIRST)} {last}"
    return f"{first} {last}"


def _ifull(rng: random.Random) -> str:
    last = rng.choice(LAST)
    if rng.random() < 0.25:
        return f"{rng.choice(INITIALS)}.{rng.choice(INITIALS)}. {last}"
    return f"{rng.choice(INITIALS)}. {last}"


def _some_date(rng: random.Random, low: int, high: int) -> str:
    m, d, y = rng.randint(1, 12), rng.randint(1, 28), rng.randint(low, high)
    month = MONTHS[m - 1]
    return rng.choice(
        [
            f"{m:02d}/{d:02d}/{y}",
            f"{m}/{d}/{y % 100:02d}",
            f"{d:02d}-{month[:3]}-{y}",
            f"{d:02d}{month[:3].upper()}{y}",
            f"{y}/{m:02d}/{d:02d}",
            f"{month} {_ordinal(d)}",
            f"{month[:3]} {d} {y}",
            f"{d} {month} {y}",
            f"{m}.{d}.{y}",
            f"{month[:4].rstrip('.') if m == 9 else month[:3]}. {y}",
            f"the {_ordinal(d)} of {month}",
            f"{m}/{d}",
        ]
    )


def _date(rng: random.Random) -> str:
    return _some_date(rng, 2014, 2026)


def _dob(rng: random.Random) -> str:
    return _some_date(rng, 1924, 2012)


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randint(205, 985), rng.randint(210, 989), _digits(rng, 4)
    return rng.choice(
        [
            f"{a} {b} {c}",
            f"+1 {a}-{b}-{c}",
            f"{a}/{b}-{c}",
            f"{a}{b}{c}",
            f"({a}){b}-{c}",
            f"+1 ({a}) {b} {c}",
            f"{a}.{b}{c}",
            f"1 ({a}) {b}.{c}",
        ]
    )


def _email(rng: random.Random) -> str:
    first = rng.choice(FIRST).lower()
    last = rng.choice(LAST).lower()
    first = "".join(c for c in first if c.isascii() and c.isalpha())
    last = "".join(c for c in last if c.isascii() and c.isalpha())
    local = rng.choice(
        [
            f"{first}_{last}{rng.randint(60, 99)}",
            f"{first[0]}{last}",
            f"{last}.{first[0]}{rng.randint(1, 9)}",
            f"{first}{last[:3]}",
            f"{first}.loves.{rng.choice(['dogs', 'jesus', 'fishing', 'quilts'])}",
            f"{last}fam{rng.randint(1990, 2020)}",
        ]
    )
    return f"{local}@{rng.choice(MAIL_HOSTS)}"


def _address(rng: random.Random) -> str:
    number = rng.randint(3, 24990)
    street = f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
    return rng.choice(
        [
            f"{number} {rng.choice(['N', 'SE', 'W', 'NE'])} {street}",
            f"PO Box {rng.randint(10, 9999)}",
            f"{number} County Rd {rng.randint(2, 480)}",
            f"RR {rng.randint(1, 9)} Box {rng.randint(10, 400)}",
            f"{number} {street}, Apt {rng.randint(1, 40)}{rng.choice('ABCD')}",
            f"{number} {street} #{rng.randint(100, 420)}",
            f"{number} {street}",
            f"Lot {rng.randint(1, 90)}, {rng.randint(100, 999)} {street}",
        ]
    )


def _zip(rng: random.Random) -> str:
    five = f"{rng.randint(1, 99950):05d}"
    return five if rng.random() < 0.7 else f"{five}-{_digits(rng, 4)}"


def _age(rng: random.Random) -> str:
    age = rng.randint(90, 107)
    if age in NUMBER_WORDS and rng.random() < 0.25:
        return NUMBER_WORDS[age]
    return str(age)


def _ssn(rng: random.Random) -> str:
    a, b, c = rng.randint(101, 665), rng.randint(10, 99), rng.randint(1000, 9999)
    return rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}"])


def _mrn(rng: random.Random) -> str:
    return rng.choice(
        [
            _digits(rng, 7),
            f"E{_digits(rng, 8)}",
            f"{_digits(rng, 2)}-{_digits(rng, 2)}-{_digits(rng, 4)}",
            f"MR{_digits(rng, 6)}",
            f"000{_digits(rng, 6)}",
            f"{_letters(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}",
        ]
    )


def _plan(rng: random.Random) -> str:
    mbi = (
        f"{rng.randint(1, 9)}{_letters(rng, 1)}{_mixed(rng, 1)}{rng.randint(0, 9)}-"
        f"{_letters(rng, 1)}{_mixed(rng, 1)}{rng.randint(0, 9)}-{_letters(rng, 2)}{_digits(rng, 2)}"
    )
    return rng.choice(
        [
            mbi,
            f"{_digits(rng, 8)}{_letters(rng, 1)}",
            f"{_letters(rng, 3)} {_digits(rng, 9)}",
            f"W{_digits(rng, 9)}",
            f"{_letters(rng, 2)}{_digits(rng, 7)}-{_digits(rng, 2)}",
            f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}-{_letters(rng, 1)}",
        ]
    )


def _account(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_digits(rng, 4)}-{_digits(rng, 4)}-{_digits(rng, 2)}",
            f"A{_digits(rng, 9)}",
            _digits(rng, 10),
            f"{_digits(rng, 6)}/{_digits(rng, 3)}",
            f"V{_digits(rng, 4)} {_digits(rng, 5)}",
        ]
    )


def _license(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.choice('BMF')}{_letters(rng, 1)}{_digits(rng, 7)}",
            f"RN{_digits(rng, 6)}",
            f"MD.0{_digits(rng, 5)}",
            f"{_letters(rng, 2)}-{_digits(rng, 6)}",
            f"{_letters(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}",
        ]
    )


def _device(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_letters(rng, 3)}{_digits(rng, 6)}{_letters(rng, 1)}",
            f"NG{_digits(rng, 7)}H",
            _digits(rng, 11),
            f"HA-{_digits(rng, 4)}-{_mixed(rng, 4)}",
            f"(01){_digits(rng, 14)}(21){_mixed(rng, 6)}",
            f"{_digits(rng, 2)}{_letters(rng, 2)}{_digits(rng, 5)}",
        ]
    )


def _url(rng: random.Random) -> str:
    host = rng.choice(WEB_HOSTS)
    return rng.choice(
        [
            f"https://{host}/visit/{_digits(rng, 7)}",
            f"www.{host}/p/{_mixed(rng, 8).lower()}",
            f"http://{host}/share?doc={_digits(rng, 6)}",
            f"{host}/u/{rng.choice(FIRST).lower()[:4]}{_digits(rng, 3)}",
        ]
    )


def _ip(rng: random.Random) -> str:
    if rng.random() < 0.15:
        parts = [f"{rng.randint(0x1000, 0xFFFF):x}" for _ in range(3)]
        return f"2600:{parts[0]}:{parts[1]}::{parts[2]}"
    first = rng.choice([10, 24, 67, 73, 98, 108, 172, 192, 206])
    return ".".join([str(first)] + [str(rng.randint(0, 254)) for _ in range(3)])


def _id(rng: random.Random) -> str:
    return rng.choice(
        [
            f"SCR-{_digits(rng, 3)}-{_digits(rng, 3)}",
            f"S{rng.randint(19, 26)}-{_digits(rng, 5)}",
            _digits(rng, 7),
            f"INT{_digits(rng, 4)}",
            f"RQ{_digits(rng, 6)}",
            f"{_letters(rng, 2)}{_digits(rng, 2)}-{_mixed(rng, 4)}",
            f"#{_digits(rng, 6)}",
        ]
    )


def _pick(items: list[str]) -> Callable[[random.Random], str]:
    return lambda rng: rng.choice(items)


#: slot -> (kind recorded, "phi" or "keep", generator)
SLOTS: dict[str, tuple[str, str, Callable[[random.Random], str]]] = {
    "first": ("NAME_FIRST", "phi", _pick(FIRST)),
    "last": ("NAME_LAST", "phi", _pick(LAST)),
    "full": ("NAME_FULL", "phi", _full),
    "ifull": ("NAME_FULL", "phi", _ifull),
    "date": ("DATE", "phi", _date),
    "dob": ("DATE", "phi", _dob),
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
    "eponym": ("EPONYM", "keep", _pick(EPONYMS)),
    "drug": ("DRUG", "keep", _pick(DRUGS)),
    "brand": ("BRAND", "keep", _pick(BRANDS)),
    "disease": ("DISEASE", "keep", _pick(DISEASES)),
    "sign": ("SIGN", "keep", _pick(SIGNS)),
    "scale": ("SCALE", "keep", _pick(SCALES)),
    "anatomy": ("ANATOMY", "keep", _pick(ANATOMY)),
    "gcs": ("EPONYM", "keep", _pick(["Glasgow coma scale", "Glasgow Coma Scale", "Glasgow score"])),
    "apgar": ("EPONYM", "keep", _pick(["Apgar", "Apgar score", "Apgars", "Apgar scores"])),
    "naegele": ("EPONYM", "keep", _pick(["Naegele's rule", "Naegele rule"])),
    "bishop": ("EPONYM", "keep", _pick(["Bishop score", "Bishop's score"])),
    "fistula": ("EPONYM", "keep", _pick(["Brescia-Cimino fistula", "Cimino fistula"])),
    "braden": ("EPONYM", "keep", _pick(["Braden Scale", "Braden score", "Braden"])),
}
STATES = dict(CITIES)

TEMPLATES = [
    # dialysis flowsheet
    "HEMODIALYSIS RUN SHEET  chair 7\n"
    "Pt: {last:up}, {first:up}   MRN {mrn}   tx date {date}\n"
    "Access: {fistula}, {anatomy}; {sign} present, {sign} heard.\n"
    "{Drug} 4000 units IV given per protocol; {brand} held (Hgb 11.9).\n"
    "Intradialytic BP dipped, {first} asked for a blanket. {Scale} last month 1.3.\n"
    "Cannulated by {first} (PCT); RN {ifull} co-signed.",
    # infusion unit
    "Infusion Center - Chair 12 - {date}\n"
    "{Full} arrived with her {relation} {first} for cycle 4 of {drug}.\n"
    "Premeds given. {Brand} infusion rate titrated; no {sign}.\n"
    "Pump serial {device} swapped after occlusion alarm.\n"
    "Next infusion booked {date}; questions to the nurse line {phone}.\n"
    "Acct {account}.",
    # wound care
    "WOUND CARE NOTE\n"
    "Stage 3 {disease} to the {anatomy}, measured with {scale}: 4.1 x 2.0 x 0.6 cm.\n"
    "{Sign} at 2 o'clock, moderate {sign}; {braden} risk assessed, score 13.\n"
    "Cleansed, {drug} applied, foam dressing. {Last}'s {relation}, {first}, was taught the change.\n"
    "Seen with wound nurse {full}.",
    # dermatology
    "Dermatology f/u. {First} is a {age}-year-old retired rancher with {disease} on the\n"
    "{anatomy}. {Eponym} negative. {Sign} and {sign} improved on {drug}; {scale} now 6.\n"
    "Discussed {brand} cost with his son {full}. Photos uploaded to {url}.\n"
    "RTC 3 mo. - {ifull}, PA-C",
    # ophthalmology
    "OPHTHALMOLOGY CLINIC  {date}\n"
    "{full:up}  DOB {dob}  Acct #{account}\n"
    "CC: {sign} OD x 2 wks. Hx {disease}, {eponym}.\n"
    "IOP 24/19. {Anatomy} shows cupping 0.7. Start {drug} qhs OU; {brand} if not tolerated.\n"
    "{Scale} read by tech {first}.",
    # audiology
    "Audiology report for {full}, referred by {ifull}.\n"
    "Otoscopy: {anatomy} intact. {Eponym} and Weber lateralize left.\n"
    "Impression: {disease} with {sign}; {scale} score 48.\n"
    "Hearing aids fitted, serial numbers {device} (L) / {device} (R).\n"
    "{First} says her grandson {first} will help with the charger.",
    # dental recall letter
    "{address}\n{city}, {state} {zip}\n\n"
    "Dear {first},\n"
    "Our records show it has been 14 months since your last cleaning with {full}, RDH.\n"
    "At that visit we noted early {disease} near the {anatomy} and applied {drug}.\n"
    "Call {phone} to schedule, or book online at {url}.\n"
    "Warm regards, the front desk team (for {ifull}, DDS)",
    # correctional health
    "DETENTION CENTER HEALTH SERVICES - sick call\n"
    "Inmate: {last:up}, {first}   Booking # {id}   DOB {dob}\n"
    "C/o {sign} and {sign} since transfer. History of {disease}, on {drug} (KOP).\n"
    "Escorted by Officer {last}. Cellmate {first} reportedly gave him {brand}.\n"
    "Seen by {full}, NP.",
    # veterans
    "VA PRIMARY CARE (PACT) - {date}\n"
    "Veteran {full}, SC 70%, last four and full SSN {ssn} verified.\n"
    "Deployed twice; screens positive on {scale}. {Disease} followed by MH.\n"
    "Wife {first} and his old squad leader {last} attend the group at the Vet Center.\n"
    "{Drug} refilled via CMOP to {address}, {city} {zip}.",
    # urgent care
    "URGENT CARE  walk-in  {date}\n"
    "{First}, 34, twisted her ankle at softball. {Eponym} negative, {sign} over the\n"
    "{anatomy}. Dx: {disease}. Ibuprofen, {brand} not needed.\n"
    "Work note to her supervisor {full}; fax {fax}.",
    # walk-in clinic
    "Walk-in clinic\n"
    "pt {full} here with daughter ({first}) for {sign} x3d. Rapid strep +, {disease}.\n"
    "Rx {drug} 500 mg BID x10d (allergy list reviewed - {brand} = rash).\n"
    "{Scale} not indicated. Insurance: member id {plan}.",
    # lactation
    "Lactation consult\n"
    "Mother {full} (G2P2) and baby boy born {date}, {apgar} 8 and 9.\n"
    "{Sign} and {sign} bilaterally; {scale} 7. Latch improved with football hold.\n"
    "{First}'s doula, {first}, will visit at home. Lanolin and {drug} reviewed.\n"
    "IBCLC: {ifull}",
    # midwifery
    "Midwifery note - birth center\n"
    "{First} is a 29 y/o G3P2 at 39+2 by {naegele}; {bishop} 8.\n"
    "Partner {first} and sister {full} present. {Sign} noted after delivery; {drug} 10 units IM.\n"
    "History: {disease} in prior pregnancy. Medicaid # {plan}.\n"
    "Midwife: {first} {last:up}, CNM",
    # speech therapy
    "SPEECH-LANGUAGE PATHOLOGY - bedside swallow\n"
    "Pt known to SLP from {date}. Dx {disease}, {eponym}.\n"
    "Trials: thin liquids via cup - {sign}, {sign}; {scale} level 4.\n"
    "Recommend purees, meds crushed in applesauce except {drug}.\n"
    "{Last} (SLP) discussed with {first}, the patient's daughter, and paged {last} re: FEES.",
    # palliative family meeting
    "Palliative care family meeting minutes - {date}\n"
    "Present: {full} (wife), {full} (son), {first} (granddaughter, on speaker from {city}),\n"
    "Chaplain {last}, SW {ifull}.\n"
    "{First} is {age} with {disease}; {scale} 30%, {sign} and {sign} this week.\n"
    "Family agree to stop {brand} and start {drug} PRN. Next meeting Friday.",
    # home oxygen / DME vendor call
    "Phone call from DME vendor (AirFlow Home) re: {full}, DOB {dob}.\n"
    "Concentrator serial {device} reported fault; replaced same day.\n"
    "Vendor rep {first} needs a new CMN signed for {disease}; fax it to {fax}.\n"
    "Pt on {drug} and {brand}; {sign} on exertion. Delivery address {address}.",
    # lab requisition
    "LAB REQUISITION\n"
    "Patient: {full}   Sex: F   DOB: {dob}\n"
    "Ordering provider: {ifull}  NPI/DEA: {license}\n"
    "Req # {id}   Bill to: {plan}\n"
    "Tests: CMP, CBC, TSH (on {drug}); dx {disease}, {eponym}.",
    # specimen label
    "SPECIMEN  {last:up}, {first:up}  {mrn}\n"
    "Accession {id}  collected {date} 06:40 by {first}\n"
    "Source: {anatomy} biopsy; clinical: r/o {disease} vs {eponym}.",
    # death certificate
    "CERTIFICATE OF DEATH (worksheet)\n"
    "Decedent: {full:up}   Age: {age}   SSN: {ssn}\n"
    "Residence: {address}, {city}, {state}\n"
    "Immediate cause: {disease}; due to {eponym}. Other: {disease}.\n"
    "Informant: {full} ({relation}). Certifier: {ifull}, MD, lic. {license}",
    # autopsy header
    "AUTOPSY REPORT   Case {id}\n"
    "Name: {last}, {first}    Date of death {date}    MRN {mrn}\n"
    "Prosector: {full}.  Clinical hx: {disease}, {eponym}, on {drug}.\n"
    "Gross: {anatomy} unremarkable; {anatomy} with organizing thrombus.",
    # immunisation record
    "IMMUNIZATION RECORD - {first} {last:up}\n"
    "DOB {dob}   State registry ID {id}\n"
    "{Drug} lot K8812 given {date} by {first} (MA), left deltoid.\n"
    "{Brand} #2 due {date}. Mother reports {sign} after last dose; no {eponym}.",
    # interpreter log
    "Interpreter log\n"
    "Interpreter ID {id} ({first}, Tigrinya) joined by video at 14:05 for {full}.\n"
    "Topics: {disease}, how to use {brand}, {eponym} result.\n"
    "Patient's cousin {first} offered to interpret; declined per policy.",
    # forwarded e-mail thread
    "---------- Forwarded message ---------\n"
    "From: {full} <{email}>\n"
    "Date: {date}\n"
    "To: clinic inbox\n\n"
    "Hi, forwarding what {first} sent me about my dad. His {disease} is worse and the\n"
    "{brand} makes him {sign}. Can {ifull} call me? My cell is {phone}.\n"
    "Thanks, {first}\n\n"
    "> On Tuesday {first:low} wrote: dad's {drug} ran out",
    # voicemail transcript
    "Voicemail transcript (auto) received {date}:\n"
    '"hi this is {first:low} {last:low} calling for my mom {full}, she\'s the one with the\n'
    "{disease}... her {drug} prescription needs a refill, the pharmacy is the one on\n"
    '{address}, call me back at {phone}, thanks bye"\n'
    "Returned call - LM. {Eponym} f/u unchanged. -{first}",
    # trial screening log
    "SCREENING LOG - protocol for {disease}\n"
    "Subject {id} ({ifull}) / screening date {date}\n"
    "Excl: history of {eponym}; current {drug}. {Scale} at baseline 22.\n"
    "Consent by {full} (CRC). Data entered at {url} from {ip}.",
    # discharge summary
    "DISCHARGE SUMMARY\n"
    "Patient: {full}   MRN: {mrn}   Admit {date}  Discharge {date}\n"
    "Principal dx: {disease}. Secondary: {eponym}.\n"
    "{Brand} stopped, {drug} started. {Sign} resolved.\n"
    "Follow-up with {ifull} in 2 weeks; PCP {full} copied (fax {fax}).",
    # nursing note
    "0300 - {Last} awake, pulling at lines; {scale} +2. {Sign} noted.\n"
    "0315 - Called {first} (night hospitalist), {drug} given.\n"
    "0400 - Resting. {First} (son) phoned, updated. {Eponym} precautions maintained.\n"
    "Per Nurse {last}, {brand} held for {sign}.",
    # referral letter
    "Dear {ifull},\n"
    "Thank you for seeing {full}, a {age}-year-old woman with {disease} and {eponym}.\n"
    "She has tried {drug} and {brand} without benefit. Her {relation}, {full}, accompanies her.\n"
    "Yours sincerely,\n{full}\nTel {phone} / Fax {fax}",
    # telephone encounter
    "TELEPHONE ENCOUNTER\n"
    "Caller: {first} ({relation}) re: {full}\n"
    "Reason: {sign} since starting {drug}. Hx {disease}.\n"
    "Advised to hold {brand}, ED if {sign}. Callback # {phone}. - {first}, RN",
    # patient portal message
    "Portal message from {full} ({email}):\n"
    '"Hi {first}, it\'s me again. The {drug} is helping but I still get {sign} at night.\n'
    "My {relation} {first} thinks it's the {brand}. Also my address changed to {address},\n"
    '{city} {zip}. -{first}"',
    # social history
    "SOCIAL HISTORY: Lives with roommate {first} in a trailer outside {city}.\n"
    "Works for {full}'s landscaping company. Smokes 1 ppd; {scale} positive.\n"
    "Pastor {first} from church checks on him. {Disease} limits driving.\n"
    "Sober since rehab; on {drug}.",
    # family history
    "FAMILY HISTORY\n"
    "Mother ({first}) - {eponym}, died at {age}.\n"
    "Father - {disease}. Brother {first} - {eponym}.\n"
    "Maternal aunt {full} - {disease}. No {sign} in others.",
    # consult note
    "Cardiology consult requested by {ifull} for {disease}.\n"
    "{First} is a {age} y.o. with {eponym}, on {drug} and {brand}.\n"
    "Exam: {sign}, {sign}. {Anatomy} calcified on echo.\n"
    "Pacemaker interrogation: device serial {device}, battery 8 yrs.\n"
    "Thank you, {full}",
    # medication reconciliation
    "MEDICATION RECONCILIATION ({date})\n"
    "Source: pharmacy fill history and {first} ({relation}).\n"
    "1. {drug} - continue\n2. {brand} - STOP ({sign})\n3. {drug} - new\n"
    "{Eponym}: no changes. Reconciled by {full}, PharmD.",
    # radiology header
    "RADIOLOGY  CT HEAD W/O CONTRAST\n"
    "{last:up}, {first:up}   Acc: {id}   MRN {mrn}\n"
    "Ordered by: {ifull}  Read: {date}\n"
    "Hx: fall, on {drug}; {eponym}. {Scale} 14.\n"
    "Findings: {anatomy} and {anatomy} without hemorrhage.",
    # lab header
    "REFERENCE LAB RESULT\n"
    "Pt: {full}  DOB {dob}  Acct {account}\n"
    "Client: Sunrise Family Medicine  Ph {phone}\n"
    "HbA1c 8.9% on {drug}; {disease}. Comment: consider {brand}.",
    # case report prose
    "Case report. A {age}-year-old man was brought from {city} by his grandson {first} after\n"
    "two weeks of {sign}. He had {disease} and {eponym}, treated with {drug}. {Eponym} was\n"
    "suspected by the resident, {full}, and confirmed on biopsy of the {anatomy}.",
    # pharmacy / prior authorization
    "PRIOR AUTHORIZATION - {brand}\n"
    "Member: {full}   ID {plan}\n"
    "Prescriber: {ifull}  DEA {license}\n"
    "Dx: {disease}; failed {drug}. {Scale} attached.",
    # physical therapy
    "PT daily note. {First} ambulated 150 ft with rollator; {scale} 18 s.\n"
    "{Sign} after stairs. {Eponym} noted on gait exam.\n"
    "Her coach from the senior center, {first}, will walk with her. Next PT {date}.",
    # school nurse
    "School nurse log - {date}\n"
    '{First} ("{first}") sent from gym with {sign}; uses {brand} inhaler for {disease}.\n'
    "Mom {full} called at {phone}. Returned to class. Hx {eponym}.",
    # chaplain
    "Spiritual care note: visited {full}, who has {disease}. Prayed with wife {first}.\n"
    "Their pastor, {full}, called from {city}. Patient anxious about {eponym}; {drug} helps.",
    # ED triage
    "ED TRIAGE {date}  arrival by EMS\n"
    "{Full}, {age} yo, from nursing home. {Gcs} 13 (E3V4M6). {Sign}, {sign}.\n"
    "Home meds: {brand}, {drug}. Facility contact {first} {phone}.\n"
    "Medic {last} handed over; run number {id}.",
    # home health
    "Home health visit {date}: {address}, {city}. Pt {first} {last:up} alone; caregiver\n"
    "{full} on errand. {Sign} to shins, weight up 2 kg; {disease}. {Drug} taken,\n"
    "{brand} pill box empty. Gate code given by neighbour {first}.",
    # insurance / billing
    "BILLING INQUIRY\n"
    "Guarantor: {full}   SSN {ssn}   Acct {account}\n"
    "Policy holder: {full}, plan ID {plan}\n"
    "Claim for {disease} visit denied; {brand} needs PA. Mail to {address}, {city}, {state}"
    " {zip}.",
    # telehealth log
    "Telehealth session log\n"
    "Participant {full} joined from {ip}; second device {ip}.\n"
    "Session link {url}. Topic: {disease}, {drug} side effects, {sign}.\n"
    "{First}'s audio dropped twice.",
    # ambulance handoff
    "EMS handoff: {first} {last:up}, approx {age}, found by neighbour {full} at {address}.\n"
    "{Sign}, {gcs} 9. Given {drug} en route. Meds at home: {brand}.",
    # psychiatric intake
    "BEHAVIORAL HEALTH INTAKE\n"
    "{Full} presents with {disease}. {Scale} 19, {scale} 14.\n"
    "Supports: girlfriend {first}, sponsor {first}. Outpatient therapist {ifull}.\n"
    "Prior trials: {brand}, {drug}. License suspended (DL {license}) after DUI.",
    # sleep study / CPAP download
    "CPAP compliance download - device SN {device}\n"
    "{Full}, {disease}; {scale} 15 at baseline, now 6.\n"
    "Used 6.4 h/night. Mask leak high; {first} at the DME office will refit.\n"
    "Portal {url}. {Eponym} not suspected.",
    # pacemaker interrogation
    "Remote device check for {ifull}: generator {device}, lead {device}.\n"
    "Rhythm: {eponym} episodes, AF burden 2%. {Drug} continued; {brand} unchanged.\n"
    "Data from {ip}. Called patient's wife {first}.",
    # newborn record
    "NEWBORN RECORD  Baby girl {last}   born {date} 03:12\n"
    "{Apgar} 7/9. Mother {full}, {disease}. {Drug} and erythromycin given.\n"
    "Pediatrician {ifull}. Father {first} at bedside; {sign} at 36 h.",
    # clinic text from coach
    "Message taken: {full}, head coach at the high school, says {first} collapsed at\n"
    "practice with {sign}. Mom {first} on the way. Hx {disease}; carries {brand}.\n"
    "Coach's number {phone}. Advised ED; {eponym} to be ruled out.",
    # research / registry email
    "Registry update for {full} (study {id}): {disease}, {eponym}. Contact e-mail {email};\n"
    "alt contact daughter {first}. {Drug} dose unchanged. Login from {ip}.",
]


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    city = ""
    for piece in re.split(r"(\{[A-Za-z]+(?::[a-z]+)?\})", template):
        if not (piece.startswith("{") and piece.endswith("}")):
            note.text += piece
            continue
        slot, _, mode = piece[1:-1].partition(":")
        if slot == "state":
            note.text += STATES[city]
            continue
        if slot == "relation":
            note.text += rng.choice(RELATIONS)
            continue
        kind, where, make = SLOTS[slot.lower()]
        value = make(rng)
        if slot[0].isupper():
            value = value[0].upper() + value[1:]
        if mode == "up":
            value = value.upper()
        elif mode == "low":
            value = value.lower()
        if kind == "CITY":
            city = value
        span = (kind, len(note.text), len(note.text) + len(value))
        (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    return note


def generate(per_template: int = 10, seed: int = 71202) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
