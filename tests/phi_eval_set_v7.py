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
capitalised; ``{drug.renal}`` draws a ``DRUG`` from the themed pool ``THEMES["drug.renal"]``.
``{ifull}`` is an initial and a surname ("A. Surname"), recorded as ``NAME_FULL``; a bare
``{first}`` or ``{last}`` is one span even where another follows it.
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
    "Adetokunbo", "Oluwatoyin", "Tolulope", "Taiwo", "Bamidele", "Omolara", "Chinwe",
    "Obiageli", "Adanna", "Ijeoma", "Afua", "Selorm", "Kodjo", "Ndeye", "Moustapha", "Hadiza",
    "Bukola", "Yewande", "Wambui", "Akinyi", "Atieno", "Mesfin", "Tsion", "Hiwot", "Dawit",
    "Semhar", "Hodan", "Abdirahman",
    # East and South-East Asian
    "Qiong", "Wenjie", "Shufen", "Guoqiang", "Yerin", "Naoko", "Kazuo", "Fumiko", "Hoa", "Vinh",
    "Nhung", "Ngọc", "Bopha", "Narong", "Malee", "Do-yun", "Mi-rae", "Hye-rin", "Sun-hee",
    # South Asian
    "Bhavana", "Chaitanya", "Dhruv", "Hemant", "Jyoti", "Navneet", "Rajinder", "Sukhwinder",
    "Vasudha", "Aparna", "Nilufar", "Chathura", "Sanduni",
    # Slavic and Central European
    "Borys", "Zbigniew", "Grażyna", "Krzysztof", "Wiesław", "Dorota", "Zoran", "Ljiljana",
    "Vlasta", "Mykola", "Olena", "Zinaida", "Vsevolod",
    # Arabic, Persian and Turkish
    "Abdelaziz", "Bushra", "Ibtisam", "Majid", "Suhail", "Yousra", "Houda", "Mehdi", "Shahrzad",
    "Golnaz", "Behrouz", "Ayşe", "Emre", "Gülşen", "Oğuz",
    # Latin American
    "Anacleto", "Belén", "Crisanto", "Epifanio", "Iliana", "Jacinto", "Maximino", "Octavio",
    "Perla", "Reynaldo", "Zenaida", "Evelia", "Nacho", "Lalo", "Paquita",
    # Nordic and Finnish
    "Halldór", "Thora", "Ilkka", "Tuulikki", "Gudrun", "Ylva", "Ebbe", "Ulf",
    # Pacific
    "Pualani", "Kealii", "Mereana", "Rawiri", "Ngaio", "Mosese", "Litia", "Iosefa", "Epeli",
    "Akanesi",
    # Irish, Scottish and Welsh
    "Eithne", "Niall", "Bronagh", "Darragh", "Lorcan", "Eilidh", "Morag", "Catriona", "Gethin",
    "Dafydd", "Sioned",
    # French and hyphenated English
    "Thibault", "Ghislaine", "Gaëlle", "Aurélien", "Anne-Laure", "Mary-Kate", "Billie-Jo",
    "Lou-Ann",
    # American: nicknames, old-fashioned and new names, names that are words or places
    "Happy", "Sugar", "Deacon", "Ransom", "Bear", "Tex", "Dutch", "Sissy", "Peanut", "Scooter",
    "Chip", "Bud", "Skeeter", "Pepper", "Dixie", "Reba", "Wynona", "Earlene", "Beulah", "Myrtle",
    "Homer", "Rufus", "Dustin", "Brayden", "Kayleigh", "Nevaeh", "Maverick", "Trinity",
    "Genesis", "Shiloh", "Cheyenne", "Raleigh", "Carolina", "Virginia", "Sydney",
]
LAST = [
    # West and East African
    "Adeleke", "Olatunji", "Fashola", "Ogundipe", "Adesanya", "Iwuchukwu", "Ugwu", "Anozie",
    "Obiora", "Opoku", "Diop", "Sarr", "Gueye", "Mbaye", "Sangaré", "Jalloh", "Kamara", "Sesay",
    "Conteh", "Bangura", "Danjuma", "Yakubu", "Kiplagat", "Rotich", "Cheruiyot", "Ochieng",
    "Omondi", "Tadesse", "Wolde", "Girma", "Assefa", "Kahsay", "Warsame", "Hirsi",
    # East and South-East Asian
    "Tsai", "Shen", "Kong", "Yin", "Gong", "Hou", "Jiang", "Ouyang", "Kimura", "Morita", "Kondo",
    "Ishii", "Maeda", "Fukuda", "Nam", "Ryu", "Vuong", "Chau", "Sok", "Phommavong", "Srisai",
    # South Asian
    "Nambiar", "Bhatt", "Chopra", "Bains", "Randhawa", "Bhatti", "Mirza", "Sarkar", "Bose",
    "Ghosh", "Dutta", "Wijesinghe", "Jayasuriya", "Thapa", "Gurung", "Shrestha",
    # Slavic and Central European
    "Jankowska", "Szymańska", "Wróbel", "Sikora", "Nowicki", "Stępień", "Kovač", "Knežević",
    "Černý", "Moroz", "Sidorov", "Zaitsev", "Kuzmina",
    # Arabic, Persian and Turkish
    "Assaf", "Chahine", "Daher", "Fakhoury", "Kassab", "Maalouf", "Obeid", "Qasem", "Rizk",
    "Zaher", "Al-Mutairi", "Al-Shammari", "Tehrani", "Moradi", "Jafari", "Ghorbani", "Öztürk",
    "Çelik", "Şahin", "Aydın", "Kılıç",
    # Latin American
    "Quiñones", "Fajardo", "Grijalva", "Huerta", "Ledesma", "Palomino", "Quezada", "Robledo",
    "Tovar", "Zavala", "Benavides", "Carranza", "Landeros", "Olvera", "Paredes", "Villaseñor",
    # Nordic and Finnish
    "Sjöberg", "Ekdahl", "Wallin", "Åkesson", "Fredriksen", "Bakken", "Strand", "Björklund",
    "Nieminen", "Hämäläinen", "Heikkinen", "Jónsdóttir",
    # Pacific
    "Kaleikini", "Mataafa", "Vainikolo", "Tipene", "Horomona", "Salave'a", "Ta'ufo'ou",
    "Fa'asavalu", "Tu'ipulotu", "Ka'ahanui",
    # Irish, Scottish and Welsh
    "MacRae", "McCrindle", "Cairncross", "Drummond", "Gillespie", "Lennox", "Munro", "Guthrie",
    "Llewellyn", "Gruffydd", "Prothero", "Cadwallader", "Ó Ceallaigh", "Ní Dhomhnaill",
    "Ní Chonaill", "Ní Mhurchú", "Ó Dochartaigh", "d'Arcy",
    # particles and hyphens
    "de Wit", "de Bruijn", "dal Molin", "du Toit", "ten Brink", "de Smedt", "Ruiz-Tagle",
    "Schultz-Moreno", "San Martín",
    # English surnames, many also ordinary words or places
    "Fletcher", "Sawyer", "Fiddler", "Mercer", "Wheeler", "Bowman", "Falconer", "Peacock",
    "Heron", "Badger", "Merry", "Bright", "Goodbody", "Friend", "Wise", "Early", "Worthy",
    "Dover", "Bristol", "Kendal", "Derby", "Bedford", "Boston", "Cleveland", "Montgomery",
    "Camden", "Warwick", "Durham", "Kingston",
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
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


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
            f"{month} '{y % 100:02d}",
            f"the {_ordinal(d)} of {month}",
            f"{m}/{d}",
        ]
    )


def _date(rng: random.Random) -> str:
    return _some_date(rng, 2014, 2026)


def _dob(rng: random.Random) -> str:
    m, d, y = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1924, 2012)
    month = MONTHS[m - 1]
    return rng.choice(
        [
            f"{m:02d}/{d:02d}/{y}",
            f"{m}/{d}/{y % 100:02d}",
            f"{d:02d}-{month[:3]}-{y}",
            f"{d:02d}{month[:3].upper()}{y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{month[:3]} {d}, {y}",
            f"{m}.{d}.{y}",
        ]
    )


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
    """A state professional licence number."""
    return rng.choice(
        [
            f"RN{_digits(rng, 6)}",
            f"MD.0{_digits(rng, 5)}",
            f"{_letters(rng, 2)}-{_digits(rng, 6)}",
            f"{_digits(rng, 2)}-{_digits(rng, 5)}",
            f"G{_digits(rng, 5)}",
        ]
    )


def _dea(rng: random.Random) -> str:
    return f"{rng.choice('ABFGM')}{_letters(rng, 1)}{_digits(rng, 7)}"


def _driving(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_letters(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}",
            f"{_letters(rng, 1)}{_digits(rng, 7)}",
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
    "dea": ("LICENSE", "phi", _dea),
    "dl": ("LICENSE", "phi", _driving),
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

#: themed pools: "{drug.renal}" draws a DRUG from THEMES["drug.renal"]
THEMES: dict[str, list[str]] = {
    "eponym.dx": [
        "Parkinson's disease",
        "Parkinson disease",
        "Crohn's disease",
        "Crohn's",
        "Cushing's disease",
        "Cushing's",
        "Hodgkin",
        "Alzheimer's",
        "Cushing syndrome",
        "Hodgkin lymphoma",
        "Hodgkin's disease",
        "Alzheimer's disease",
        "Alzheimer dementia",
        "Graves' disease",
        "Bell's palsy",
        "Down syndrome",
        "Lyme disease",
        "Addison's disease",
        "Hashimoto's",
        "Sjögren syndrome",
        "Guillain-Barré syndrome",
        "Raynaud phenomenon",
        "Kawasaki disease",
        "Baker's cyst",
        "De Quervain's tenosynovitis",
        "Dupuytren contracture",
        "Morton's neuroma",
        "Buerger's disease",
        "Zenker's diverticulum",
        "Barrett esophagus",
        "Wilms' tumor",
        "Ewing's sarcoma",
        "Pancoast tumor",
        "Horner's syndrome",
        "Bell palsy",
        "Tourette's",
        "Lewy body disease",
        "Creutzfeldt-Jakob disease",
        "Huntington's chorea",
        "Whipple's disease",
        "Stevens-Johnson syndrome",
        "Ménière disease",
        "Kaposi's sarcoma",
        "Fuchs dystrophy",
        "Dressler syndrome",
        "Charcot arthropathy",
    ],
    "eponym.exam": [
        "Romberg sign",
        "Babinski's sign",
        "Hoffmann's sign",
        "Kernig sign",
        "Murphy's sign",
        "Lachman's test",
        "Phalen maneuver",
        "Tinel's test",
        "Finkelstein's test",
        "Allen's test",
        "Dix-Hallpike maneuver",
        "Nikolsky sign",
        "Trendelenburg gait",
        "McBurney point",
    ],
    "eponym.eye": [
        "Fuchs dystrophy",
        "Stargardt disease",
        "Graves' ophthalmopathy",
        "Horner's syndrome",
    ],
    "eponym.ear": [
        "Rinne test",
        "Ménière disease",
        "Eustachian tube dysfunction",
        "Dix-Hallpike maneuver",
    ],
    "eponym.skin": [
        "Nikolsky sign",
        "Auspitz sign",
        "Koebner phenomenon",
        "Wood's lamp",
        "Hutchinson's sign",
        "Beau's lines",
        "Kaposi's sarcoma",
    ],
    "eponym.slp": [
        "Broca's aphasia",
        "Wernicke aphasia",
        "Parkinson's disease",
        "Bell's palsy",
        "ALS",
    ],
    "eponym.heart": [
        "Wenckebach block",
        "Mobitz type II block",
        "Dressler syndrome",
        "Kawasaki disease",
    ],
    "drug.common": ["metformin", "warfarin", "metformin ER", "warfarin sodium"],
    "drug.renal": ["epoetin alfa", "darbepoetin", "iron sucrose", "calcitriol", "heparin"],
    "brand.renal": ["Epogen", "Aranesp", "Venofer", "Sensipar", "Renvela"],
    "anatomy.access": ["left forearm", "right upper arm", "left upper arm", "right forearm"],
    "sign.access": ["a palpable thrill", "a bruit", "a strong thrill"],
    "scale.renal": ["Kt/V", "URR", "spKt/V"],
    "drug.eye": ["latanoprost", "timolol", "brimonidine", "dorzolamide", "prednisolone acetate"],
    "brand.eye": ["Xalatan", "Lumigan", "Alphagan", "Cosopt"],
    "disease.eye": [
        "open-angle glaucoma",
        "macular degeneration",
        "diabetic retinopathy",
        "cataract",
    ],
    "sign.eye": [
        "floaters",
        "photopsia",
        "conjunctival injection",
        "a halo around lights",
        "blurred vision",
    ],
    "anatomy.eye": ["optic disc", "macula", "cornea", "anterior chamber"],
    "scale.eye": ["ETDRS chart", "near vision card", "tonometry"],
    "disease.ear": ["sensorineural hearing loss", "tinnitus", "otitis media", "presbycusis"],
    "sign.ear": ["aural fullness", "otorrhea", "vertigo", "ringing"],
    "anatomy.ear": ["external auditory canal", "left tympanic membrane", "right tympanic membrane"],
    "scale.ear": ["Hearing Handicap Inventory", "Tinnitus Handicap Inventory"],
    "disease.skin": [
        "hidradenitis suppurativa",
        "atopic dermatitis",
        "basal cell carcinoma",
        "squamous cell carcinoma",
        "actinic keratosis",
        "rosacea",
        "vitiligo",
        "psoriasis",
    ],
    "drug.skin": [
        "tretinoin",
        "clobetasol",
        "triamcinolone",
        "isotretinoin",
        "dupilumab",
        "apremilast",
    ],
    "brand.skin": ["Retin-A", "Dupixent", "Accutane", "Otezla", "Skyrizi", "Stelara"],
    "sign.skin": ["pruritus", "scaling", "papules", "vesicles", "itching", "plaques"],
    "anatomy.skin": [
        "scalp",
        "nasolabial fold",
        "glabella",
        "dorsal foot",
        "nail bed",
        "left forearm",
    ],
    "scale.skin": ["PASI", "DLQI", "SCORAD", "EASI"],
    "disease.wound": ["pressure injury", "venous stasis ulcer", "diabetic foot ulcer"],
    "anatomy.wound": [
        "sacrum",
        "coccyx",
        "left heel",
        "lateral malleolus",
        "right ischial tuberosity",
        "plantar surface",
    ],
    "sign.wound": [
        "periwound erythema",
        "serous drainage",
        "slough",
        "granulation tissue",
        "tunneling",
        "undermining",
        "induration",
    ],
    "drug.wound": ["silver sulfadiazine", "mupirocin", "chlorhexidine", "collagenase"],
    "scale.wound": ["PUSH tool", "Bates-Jensen tool"],
    "sign.ob": ["engorgement", "nipple fissuring", "heavy lochia", "nipple pain"],
    "drug.ob": ["oxytocin", "misoprostol", "magnesium sulfate", "lanolin", "ibuprofen"],
    "brand.ob": ["Pitocin", "Cytotec", "RhoGAM"],
    "disease.ob": [
        "mastitis",
        "postpartum hemorrhage",
        "gestational hypertension",
        "gestational diabetes",
    ],
    "scale.ob": ["LATCH score", "Edinburgh Postnatal Depression Scale", "EPDS"],
    "anatomy.ob": ["areola", "perineum", "cervix", "uterine fundus"],
    "disease.slp": [
        "oropharyngeal dysphagia",
        "ALS",
        "traumatic brain injury",
        "aspiration pneumonia",
    ],
    "sign.slp": [
        "a wet cough",
        "pocketing of food",
        "nasal regurgitation",
        "drooling",
        "a wet voice",
    ],
    "scale.slp": ["Functional Oral Intake Scale", "Penetration-Aspiration Scale"],
    "scale.pall": ["Palliative Performance Scale", "PAINAD", "ESAS-r"],
    "sign.pall": ["terminal secretions", "mottling", "agitation", "dyspnea"],
    "drug.pall": ["hydromorphone", "glycopyrrolate", "midazolam", "scopolamine", "morphine"],
    "brand.pall": ["Dilaudid", "Robinul", "Haldol", "Versed"],
    "disease.lung": ["COPD exacerbation", "obstructive sleep apnea", "pulmonary fibrosis", "COPD"],
    "sign.lung": ["desaturation", "hypoxemia", "dyspnea", "wheezing"],
    "drug.lung": ["ipratropium", "budesonide", "tiotropium"],
    "brand.lung": ["Symbicort", "Trelegy", "Atrovent", "Spiriva"],
    "drug.vax": [
        "hepatitis B vaccine",
        "Tdap vaccine",
        "MMR vaccine",
        "influenza vaccine",
        "pneumococcal vaccine",
    ],
    "brand.vax": ["Boostrix", "Gardasil", "Prevnar 20", "Shingrix"],
    "disease.dent": ["periodontitis", "dental caries", "gingivitis"],
    "anatomy.dent": ["lower incisors", "mandibular molar", "gingiva"],
    "drug.dent": ["fluoride varnish", "chlorhexidine", "silver diamine fluoride"],
    "scale.psych": ["PHQ-9", "GAD-7", "C-SSRS", "DAST-10", "PHQ-2", "AUDIT-C"],
    "disease.psych": ["PTSD", "opioid use disorder", "alcohol use disorder", "major depression"],
    "brand.psych": ["Lexapro", "Wellbutrin", "Zyprexa", "Risperdal", "Sublocade", "Vivitrol"],
    "drug.psych": ["naltrexone", "methadone", "risperidone", "duloxetine", "venlafaxine"],
    "scale.pt": ["Timed Up and Go", "Berg Balance Scale", "Five Times Sit to Stand"],
    "scale.sleep": ["Epworth Sleepiness Scale", "STOP-BANG"],
    "scale.icu": ["RASS", "CPOT", "CIWA-Ar", "COWS"],
    "scale.mind": ["Mini-Cog", "SLUMS", "MoCA"],
}

TEMPLATES = [
    # dialysis flowsheet
    "HEMODIALYSIS RUN SHEET  chair 7\n"
    "Pt: {last:up}, {first:up}   MRN {mrn}   tx date {date}\n"
    "Access: {fistula}, {anatomy.access}; {sign.access} on palpation, no {sign.wound}.\n"
    "{Drug.renal} given per protocol; {brand.renal} held (Hgb 11.9). Hx {disease}.\n"
    "Intradialytic BP dipped, {first} asked for a blanket. {Scale.renal} last month 1.3.\n"
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
    "Stage 3 {disease.wound} to the {anatomy.wound}, {scale.wound} 11: 4.1 x 2.0 x 0.6 cm.\n"
    "{Sign.wound} at 2 o'clock, moderate {sign.wound}; {braden} 13 (moderate risk).\n"
    "Cleansed, {drug.wound} applied, foam dressing. {Last}'s {relation}, {first}, was taught"
    " the change.\n"
    "Seen with wound nurse {full}.",
    # dermatology
    "Dermatology f/u. {First} is a {age}-year-old retired rancher with {disease.skin} on the\n"
    "{anatomy.skin}. {Eponym.skin} negative. {Sign.skin} and {sign.skin} improved on"
    " {drug.skin}; {scale.skin} now 6.\n"
    "Discussed {brand.skin} cost with his son {full}. Photos uploaded to {url}.\n"
    "RTC 3 mo. - {ifull}, PA-C",
    # ophthalmology
    "OPHTHALMOLOGY CLINIC  {date}\n"
    "{full:up}  DOB {dob}  Acct #{account}\n"
    "CC: {sign.eye} OD x 2 wks. Hx {disease.eye}, {eponym.eye}.\n"
    "IOP 24/19. {Anatomy.eye} shows cupping. Start {drug.eye} qhs OU; {brand.eye} if not"
    " tolerated.\n"
    "{Scale.eye} read by tech {first}.",
    # audiology
    "Audiology report for {full}, referred by {ifull}.\n"
    "Otoscopy: {anatomy.ear} intact. {Eponym.ear} done; Weber lateralizes left.\n"
    "Impression: {disease.ear} with {sign.ear}; {scale.ear} score 48.\n"
    "Hearing aids fitted, serial numbers {device} (L) / {device} (R).\n"
    "{First} says her grandson {first} will help with the charger.",
    # dental recall letter
    "{address}\n{city}, {state} {zip}\n\n"
    "Dear {first},\n"
    "Our records show it has been 14 months since your last cleaning with {full}, RDH.\n"
    "At that visit we noted early {disease.dent} near the {anatomy.dent} and applied"
    " {drug.dent}.\n"
    "Call {phone} to schedule, or book online at {url}.\n"
    "Warm regards, the front desk team (for {ifull}, DDS)",
    # correctional health
    "DETENTION CENTER HEALTH SERVICES - sick call\n"
    "Inmate: {last:up}, {first}   Booking # {id}   DOB {dob}\n"
    "C/o {sign} and {sign} since transfer. History of {disease}, on {drug} (KOP).\n"
    "Escorted by Officer {last}. Cellmate {first} reportedly gave him {brand.psych}.\n"
    "Seen by {full}, NP.",
    # veterans
    "VA PRIMARY CARE (PACT) - {date}\n"
    "Veteran {full}, SC 70%, SSN {ssn} verified.\n"
    "Deployed twice; screens positive on {scale.psych}. {Disease.psych} followed by MH.\n"
    "Wife {first} and his old squad leader {last} attend the group at the Vet Center.\n"
    "{Drug} refilled via CMOP to {address}, {city} {zip}.",
    # urgent care
    "URGENT CARE  walk-in  {date}\n"
    "{First}, 34, twisted her ankle at softball. {Eponym.exam} negative, {sign} over the\n"
    "{anatomy}. Dx: {disease}. Ibuprofen; {brand} not needed.\n"
    "Work note to her supervisor {full}; fax {fax}.",
    # walk-in clinic
    "Walk-in clinic\n"
    "pt {full} here with daughter ({first}) for {sign} x3d. Rapid strep +, {disease}.\n"
    "Rx {drug} 500 mg BID x10d (allergy list reviewed - {brand} = rash).\n"
    "{Scale} not indicated. Insurance: member id {plan}.",
    # lactation
    "Lactation consult\n"
    "Mother {full} (G2P2) and baby boy born {date}, {apgar} 8 and 9.\n"
    "{Sign.ob} and {sign.ob} bilaterally; {scale.ob} 7. Latch improved with football hold.\n"
    "{First}'s doula, {first}, will visit at home. {Drug.ob} reviewed; watch for"
    " {disease.ob}.\n"
    "IBCLC: {ifull}",
    # midwifery
    "Midwifery note - birth center\n"
    "{First} is a 29 y/o G3P2 at 39+2 by {naegele}; {bishop} 8.\n"
    "Partner {first} and sister {full} present. {Sign.ob} after delivery; {drug.ob} given.\n"
    "History: {disease.ob} in prior pregnancy. Medicaid ID {plan}.\n"
    "Midwife: {first} {last:up}, CNM",
    # speech therapy
    "SPEECH-LANGUAGE PATHOLOGY - bedside swallow\n"
    "Pt known to SLP from {date}. Dx {disease.slp}, {eponym.slp}.\n"
    "Trials: thin liquids via cup - {sign.slp}, {sign.slp}; {scale.slp} level 4.\n"
    "Recommend purees, meds crushed in applesauce except {drug}.\n"
    "{Last} (SLP) discussed with {first}, the patient's daughter, and paged {last} re: FEES.",
    # palliative family meeting
    "Palliative care family meeting minutes - {date}\n"
    "Present: {full} (wife), {full} (son), {first} (granddaughter, on speaker from {city}),\n"
    "Chaplain {last}, SW {ifull}.\n"
    "{First} is {age} with {disease}; {scale.pall} 30%, {sign.pall} and {sign.pall} this week.\n"
    "Family agree to stop {brand} and start {drug.pall} PRN. Next meeting Friday.",
    # home oxygen / DME vendor call
    "Phone call from DME vendor (AirFlow Home) re: {full}, DOB {dob}.\n"
    "Concentrator serial {device} reported fault; replaced same day.\n"
    "Vendor rep {first} needs a new CMN signed for {disease.lung}; fax it to {fax}.\n"
    "Pt on {drug.lung} and {brand.lung}; {sign.lung} on exertion. Delivery address {address}.",
    # lab requisition
    "LAB REQUISITION\n"
    "Patient: {full}   Sex: F   DOB: {dob}\n"
    "Ordering provider: {ifull}  DEA: {dea}\n"
    "Req: {id}   Bill to: {plan}\n"
    "Tests: CMP, CBC, TSH (on {drug}); dx {disease}, {eponym.dx}.",
    # specimen label
    "SPECIMEN  {last:up}, {first:up}  {mrn}\n"
    "Accession {id}  collected {date} 06:40 by {first}\n"
    "Source: {anatomy} biopsy; clinical: r/o {disease} vs {eponym.dx}.",
    # death certificate
    "CERTIFICATE OF DEATH (worksheet)\n"
    "Decedent: {full:up}   Age: {age}   SSN: {ssn}\n"
    "Residence: {address}, {city}, {state}\n"
    "Immediate cause: {disease}; due to {eponym.dx}. Other: {disease}.\n"
    "Informant: {full} ({relation}). Certifier: {ifull}, MD, lic. {license}",
    # autopsy header
    "AUTOPSY REPORT   Case {id}\n"
    "Name: {last}, {first}    Date of death {date}    MRN {mrn}\n"
    "Prosector: {full}.  Clinical hx: {disease}, {eponym.dx}, on {drug}.\n"
    "Gross: {anatomy} unremarkable; {anatomy} with organizing thrombus.",
    # immunisation record
    "IMMUNIZATION RECORD - {first} {last:up}\n"
    "DOB {dob}   State registry ID {id}\n"
    "{Drug.vax} lot K8812 given {date} by {first} (MA), left deltoid.\n"
    "{Brand.vax} #2 due {date}. Mother reports {sign} after last dose; no {eponym.dx}.",
    # interpreter log
    "Interpreter log\n"
    "Interpreter ID {id} ({first}, Tigrinya) joined by video at 14:05 for {full}.\n"
    "Topics: {disease}, how to use {brand}, {eponym.dx} result.\n"
    "Patient's cousin {first} offered to interpret; declined per policy.",
    # forwarded e-mail thread
    "---------- Forwarded message ---------\n"
    "From: {full} <{email}>\n"
    "Date: {date}\n"
    "To: clinic inbox\n\n"
    "Hi, forwarding what {first} sent me about my dad. His {disease} is worse and the\n"
    "{brand} gives him {sign}. Can {ifull} call me? My cell is {phone}.\n"
    "Thanks, {first}\n\n"
    "> On Tuesday {first:low} wrote: dad's {drug} ran out",
    # voicemail transcript
    "Voicemail transcript (auto) received {date}:\n"
    "\"hi this is {first:low} {last:low} calling for my mom {full}, she's the one with the\n"
    "{disease}... her {drug} prescription needs a refill, the pharmacy is the one on\n"
    '{address}, call me back at {phone}, thanks bye"\n'
    "Returned call - LM. {Eponym.dx} f/u unchanged. -{first}",
    # trial screening log
    "SCREENING LOG - protocol for {disease}\n"
    "Subject {id} ({ifull}) / screening date {date}\n"
    "Excl: history of {eponym.dx}; current {drug}. {Scale} at baseline 22.\n"
    "Consent by {full} (CRC). Data entered at {url} from {ip}.",
    # discharge summary
    "DISCHARGE SUMMARY\n"
    "Patient: {full}   MRN: {mrn}   Admit {date}  Discharge {date}\n"
    "Principal dx: {disease}. Secondary: {eponym.dx}.\n"
    "{Brand} stopped, {drug} started. {Sign} resolved.\n"
    "Follow-up with {ifull} in 2 weeks; PCP {full} copied (fax {fax}).",
    # nursing note
    "0300 - {Last} awake, pulling at lines; {scale.icu} +2. {Sign} noted.\n"
    "0315 - Called {first} (night hospitalist), {drug} given.\n"
    "0400 - Resting. {First} (son) phoned, updated. {Eponym.dx} precautions maintained.\n"
    "Per Nurse {last}, {brand} held for {sign}.",
    # referral letter
    "Dear {ifull},\n"
    "Thank you for seeing {full}, a {age}-year-old woman with {disease} and {eponym.dx}.\n"
    "She has tried {drug} and {brand} without benefit. Her {relation}, {full}, accompanies"
    " her.\n"
    "Yours sincerely,\n{full}\nTel {phone} / Fax {fax}",
    # telephone encounter
    "TELEPHONE ENCOUNTER\n"
    "Caller: {first} ({relation}) re: {full}\n"
    "Reason: {sign} since starting {drug}. Hx {disease}.\n"
    "Advised to hold {brand}, ED if {sign}. Callback # {phone}. - {first}, RN",
    # patient portal message
    "Portal message from {full} ({email}):\n"
    "\"Hi {first}, it's me again. The {drug} is helping but I still get {sign} at night.\n"
    "My {relation} {first} thinks it's the {brand}. Also my address changed to {address},\n"
    '{city} {zip}. -{first}"',
    # social history
    "SOCIAL HISTORY: Lives with roommate {first} in a trailer outside {city}.\n"
    "Works for {full}'s landscaping company. Smokes 1 ppd; {scale.psych} positive.\n"
    "Pastor {first} from church checks on him. {Disease} limits driving.\n"
    "Sober since rehab; on {drug.psych}.",
    # family history
    "FAMILY HISTORY\n"
    "Mother ({first}) - {eponym.dx}, died at {age}.\n"
    "Father - {disease}. Brother {first} - {eponym.dx}.\n"
    "Maternal aunt {full} - {disease}. No {sign} in others.",
    # consult note
    "Cardiology consult requested by {ifull} for {eponym.heart}.\n"
    "{First} is a {age} y.o. with {disease}, on {drug} and {brand}.\n"
    "Exam: {sign}, {sign}. {Anatomy} calcified on echo.\n"
    "Pacemaker interrogation: device serial {device}, battery 8 yrs.\n"
    "Thank you, {full}",
    # medication reconciliation
    "MEDICATION RECONCILIATION ({date})\n"
    "Source: pharmacy fill history and {first} ({relation}).\n"
    "1. {drug} - continue\n2. {brand} - STOP ({sign})\n3. {drug} - new\n"
    "{Eponym.dx}: no changes. Reconciled by {full}, PharmD.",
    # radiology header
    "RADIOLOGY  CT HEAD W/O CONTRAST\n"
    "{last:up}, {first:up}   Acc: {id}   MRN {mrn}\n"
    "Ordered by: {ifull}  Read: {date}\n"
    "Hx: fall, on {drug}; {eponym.dx}. {Gcs} 14.\n"
    "Findings: {anatomy} and {anatomy} without hemorrhage.",
    # lab header
    "REFERENCE LAB RESULT\n"
    "Pt: {full}  DOB {dob}  Acct {account}\n"
    "Client: Sunrise Family Medicine  Ph {phone}\n"
    "HbA1c 8.9% on {drug}; {disease}. Comment: consider {brand}.",
    # case report prose
    "Case report. A {age}-year-old man was brought from {city} by his grandson {first} after\n"
    "two weeks of {sign}. He had {disease} treated with {drug}. {Eponym.dx} was\n"
    "suspected by the resident, {full}, and confirmed on biopsy of the {anatomy}.",
    # pharmacy / prior authorization
    "PRIOR AUTHORIZATION - {brand}\n"
    "Member: {full}   ID {plan}\n"
    "Prescriber: {ifull}  DEA {dea}  State lic. {license}\n"
    "Dx: {disease}; failed {drug}. {Scale} attached.",
    # physical therapy
    "PT daily note. {First} ambulated 150 ft with rollator; {scale.pt} 18 s.\n"
    "{Sign} after stairs. {Eponym.exam} noted on exam.\n"
    "Her coach from the senior center, {first}, will walk with her. Next PT {date}.",
    # school nurse
    "School nurse log - {date}\n"
    '{First} ("{first}") sent from gym with {sign.lung}; uses {brand.lung} for'
    " {disease}.\n"
    "Mom {full} called at {phone}. Returned to class. Hx {eponym.dx}.",
    # chaplain
    "Spiritual care note: visited {full}, who has {disease}. Prayed with wife {first}.\n"
    "Their pastor, {full}, called from {city}. Patient anxious about {eponym.dx}; {drug}"
    " helps.",
    # ED triage
    "ED TRIAGE {date}  arrival by EMS\n"
    "{Full}, {age} yo, from nursing home. {Gcs} 13 (E3V4M6). {Sign}, {sign}.\n"
    "Home meds: {brand}, {drug}. Facility contact {first} {phone}.\n"
    "Medic {last} handed over; run number {id}.",
    # home health
    "Home health visit {date}: {address}, {city}. Pt {first} {last:up} alone; caregiver\n"
    "{full} on errand. {Sign}, weight up 2 kg; {disease}. {Drug} taken,\n"
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
    "{Full} presents with {disease.psych}. {Scale.psych} 19, {scale.psych} 14.\n"
    "Supports: girlfriend {first}, sponsor {first}. Outpatient therapist {ifull}.\n"
    "Prior trials: {brand.psych}, {drug.psych}. Driver's license {dl} suspended after DUI.",
    # sleep study / CPAP download
    "CPAP compliance download - device SN {device}\n"
    "{Full}, {disease.lung}; {scale.sleep} 15 at baseline, now 6.\n"
    "Used 6.4 h/night. Mask leak high; {first} at the DME office will refit.\n"
    "Portal {url}. {Eponym.dx} not suspected.",
    # pacemaker interrogation
    "Remote device check for {ifull}: generator {device}, lead {device}.\n"
    "Rhythm: {eponym.heart}, AF burden 2%. {Drug} continued; {brand} unchanged.\n"
    "Data from {ip}. Called patient's wife {first}.",
    # newborn record
    "NEWBORN RECORD  Baby girl {last}   born {date} 03:12\n"
    "{Apgar} 7/9. Mother {full}, {disease.ob}. {Drug.vax} and erythromycin given.\n"
    "Pediatrician {ifull}. Father {first} at bedside; {sign} at 36 h.",
    # message from a coach
    "Message taken: {full}, head coach at the high school, says {first} collapsed at\n"
    "practice with {sign}. Mom {first} on the way. Hx {disease}; carries {brand}.\n"
    "Coach's number {phone}. Advised ED; {eponym.dx} to be ruled out.",
    # registry update
    "Registry update for {full} (study {id}): {disease}, {eponym.dx}. Contact e-mail"
    " {email};\n"
    "alt contact daughter {first}. {Drug} dose unchanged. Login from {ip}.",
    # release of information
    "AUTHORIZATION TO RELEASE HEALTH INFORMATION\n"
    "Patient name: {full}   SS# {ssn}   DOB {dob}\n"
    "Release to: {full}, attorney, e-mail {email}, fax {fax}\n"
    "Records: notes re {disease} and {eponym.dx}; {brand} prescribing history.\n"
    "Signed {date} by patient; witness {ifull}.",
    # employee health
    "Employee health: {Last} (housekeeping, badge {id}) had a needlestick from a {drug}\n"
    "syringe. Source patient {last} tested for {disease}. SSN on file {ssn}.\n"
    "Results will be sent to {email}. {Last} received {drug.vax}; {sign} absent.",
    # resident sign-out list
    "NIGHT SIGN-OUT  4 West\n"
    "412 {last:up} - {disease}, on {drug} gtt; watch for {sign}\n"
    "415 {Last} - {eponym.dx}, DNR; wife {first} staying overnight\n"
    "418 {last}, {first} - {brand} held, recheck K at 0400\n"
    "421 {Last} - {disease}; call {last} (renal fellow) if {sign}",
    # clinic schedule
    "Tuesday clinic - Dr. {last}'s schedule\n"
    "08:00  {last}, {first}   new pt   {disease}\n"
    "08:30  {Last}, {first}   f/u      {eponym.dx}\n"
    "09:15  {full}   telehealth   {brand} refill\n"
    "Overbook ok per {first} at the front desk.",
    # outside records problem list
    "OUTSIDE RECORDS - problem list for {full} (rec'd {date})\n"
    "1. {Eponym}\n2. {Disease}\n3. {Eponym} - on {drug.common}\n"
    "{Drug.common} dose set by {ifull}; {Brand} stopped by {first} at the nursing home.",
    # memory clinic
    "Memory clinic: {First} scored 2/5 on the {scale.mind}; {eponym.dx} vs vascular disease.\n"
    "Husband {first} manages the {brand}. Daughter {full} lives in {city} and calls weekly.\n"
    "Started {drug}.",
]


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    city = ""
    for piece in re.split(r"(\{[A-Za-z]+(?:\.[a-z]+)?(?::[a-z]+)?\})", template):
        if not (piece.startswith("{") and piece.endswith("}")):
            note.text += piece
            continue
        slot, _, mode = piece[1:-1].partition(":")
        slot, _, theme = slot.partition(".")
        if slot == "state":
            note.text += STATES[city]
            continue
        if slot == "relation":
            note.text += rng.choice(RELATIONS)
            continue
        kind, where, make = SLOTS[slot.lower()]
        value = rng.choice(THEMES[f"{slot.lower()}.{theme}"]) if theme else make(rng)
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
