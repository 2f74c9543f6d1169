"""The NINTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the
contents of the v3-v8 sets, before the scrubber changes of that day; it is run once after
them. Any change to the scrubber made after reading this set's errors makes its figures
development figures, and must be said so.

Everything here is invented: seeded random fills of multi-line templates written for this set
(fracture-clinic and device-clinic notes, tumour-board minutes, emergency holds, child-protection
referrals, bereavement calls, home-birth records, migrant-health intake, team physicals,
utilisation reviews, prior-authorisation faxes, incident logs, triage scripts, diaries,
health-fair logs, family trees, text threads, dictation, and the everyday kinds of note). No name
is shared with tests/phi_eval_set.py, its v2-v8 successors or tests/phi_corpus.py. Each note
records, like the first set, ``phi`` (kind, start, end) spans for identifiers (names split into
``NAME_FIRST``, ``NAME_LAST`` and ``NAME_FULL``) and ``keep`` spans for clinical terms that must
survive untouched. A span covers exactly the value, never its label.
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
    "Oluwafemi", "Ayodeji", "Olanrewaju", "Morenike", "Titilayo", "Adesuwa", "Ehimare",
    "Chibuzo", "Ifunanya", "Onyinyechi", "Kwadwo", "Akua", "Fiifi", "Elikem", "Delali",
    "Souleymane", "Cheikh", "Khady", "Aliou", "Zuwaira", "Bilkisu", "Nyokabi", "Kiprono",
    "Achieng", "Nakato", "Tsegaye", "Mekdes", "Tigist",
    # East and South Asian
    "Shuang", "Xinyi", "Yichen", "Boyang", "Weijie", "Shiori", "Itsuki", "Mitsuko", "Kazuhiro",
    "Jae-hyuk", "Sang-hoon", "Bo-ra", "Tuyet", "Arunee", "Chanthou", "Raghav", "Tejaswini",
    "Gayatri", "Rukmini", "Shantanu", "Zubin", "Sarbjit", "Kulwant", "Mahbub", "Shahana",
    "Uzma", "Kashif", "Chaminda", "Tharindu", "Pemba", "Lhamo",
    # Slavic, Arabic, Persian, Turkish
    "Radomir", "Slobodan", "Nevena", "Teodora", "Lyudmyla", "Oleksiy", "Anatoliy", "Yevgenia",
    "Kseniya", "Ryszard", "Nizar", "Bassam", "Nawal", "Maysa", "Jumana", "Qusai", "Moataz",
    "Bahram", "Mehrdad", "Ladan", "Gökhan", "Hülya", "Nurcan",
    # Latin American
    "Dagoberto", "Eufemia", "Gumersindo", "Herminia", "Isidro", "Obdulia", "Yulissa", "Deysi",
    "Hortensia", "Macario", "Nohemí",
    # Nordic, Pacific, Irish, Welsh, Scottish
    "Ingeborg", "Sverre", "Torbjörn", "Agneta", "Sigríður", "Þórunn", "Tiril", "Tanielu",
    "Faamanu", "Apakuki", "Kekoa", "Anahera", "Kahurangi", "Eoghan", "Donncha", "Dymphna",
    "Bláithín", "Diarmuid", "Seosamh", "Ailsa", "Rhodri", "Angharad", "Iolo",
    # American, including nicknames
    "Dewey", "Lavern", "Rosalie", "Ursula", "Velma", "Zelda", "Arlene", "Doyle", "Luella",
    "Sybil", "LaDonna", "Shaniqua", "DaQuan", "Tavon", "Keyshawn", "Bea", "Gus", "Hank",
    "Bertie", "Mags", "Tootie", "Paco", "Memo", "Toño", "Kiko", "Kolya", "Gosia", "Bongi",
    # also ordinary words or places
    "Miracle", "Essence", "Temperance", "Lavender", "Rosemary", "Prince", "Marshal", "Rio",
    "Harley", "Jewel", "Blanche", "Sherman", "Winona", "Percy", "Claude", "Grover", "Rune",
]
LAST = [
    # West and East African
    "Akinwande", "Ajayi-Obe", "Akintola", "Oyeyemi", "Ibekwe", "Okpara", "Onuoha", "Effiong",
    "Inyang", "Ofori-Atta", "Kuffour", "Tetteh", "Lamptey", "Quarshie", "Dzidzienyo",
    "Dembélé", "Ouédraogo", "Thiam", "Kargbo", "Chepkoech", "Kiprotich", "Ssemakula",
    "Byaruhanga", "Gebremedhin", "Asfaw", "Teklemariam",
    # East and South Asian
    "Tsang", "Szeto", "Au-Yeung", "Chiu", "Quek", "Phua", "Tjahjono", "Kurniawan",
    "Ishibashi", "Hoshino", "Kinoshita", "Noguchi", "Sugiyama", "Dinh", "Thach", "Kieu",
    "Chidambaram", "Thirunavukkarasu", "Annamalai", "Vaidyanathan", "Kamath", "Shenoy",
    "Joglekar", "Paranjape", "Chokshi", "Daruwala", "Ghuman", "Mukhopadhyay", "Majumdar",
    "Naqvi", "Gunawardena", "Tamang", "Adhikari",
    # Slavic, Baltic, Hungarian, Romanian
    "Zawadzki", "Szewczyk", "Chmielewski", "Leśniak", "Kozłowska", "Hryhorenko", "Zhuravel",
    "Ponomarenko", "Hnatiuk", "Todorov", "Radovanović", "Krajnc", "Růžička", "Sedláček",
    "Juhász", "Mészáros", "Dumitrescu", "Munteanu", "Petrauskas", "Bērziņš", "Mägi",
    # Arabic, Persian, Turkish, Kurdish
    "Al-Ghamdi", "Al-Dosari", "Zoghbi", "Chamoun", "Nakhleh", "Sfeir", "Tohme", "Esfahani",
    "Farahani", "Yazdani", "Bagheri", "Özdemir", "Aktaş", "Talabani",
    # Latin American and Basque
    "Altamirano", "Guajardo", "Hinojosa", "Jaramillo", "Mireles", "Montemayor", "Samaniego",
    "Verduzco", "Villarreal", "Cantú", "Godínez", "Mondragón", "Treviño", "Goicoechea",
    "Etxeberria", "Larrañaga",
    # Nordic, Pacific, Irish, Scottish, Welsh
    "Kvalheim", "Ulvestad", "Ødegaard", "Bergqvist", "Törnqvist", "Ågren", "Guðmundsson",
    "Stefánsdóttir", "Tauiliili", "Tuimavave", "Ioane", "Kekumu", "Kauhane", "Rangihuna",
    "Whaanga", "Waititi", "Cunnane", "Durcan", "Gilhooly", "Quinlan", "Sheehy", "MacKinnon",
    "Farquharson", "Ogilvie", "Prosser", "Pugh",
    # particles, hyphens, Cajun and Québécois
    "van der Meulen", "van den Bosch", "den Hartog", "de Klerk", "Labuschagne",
    "Dos Santos-Lima", "Abreu-Pinto", "Ribeiro-Sá", "Nkosi-Dube", "Gyasi-Agyei", "Al-Hashimi",
    "Saint-Pierre", "Lévesque", "Côté", "Thibodeaux", "Arceneaux", "Fontenot",
    # also ordinary words or places
    "Honeycutt", "Buckle", "Oakley", "Hazelwood", "Bramble", "Gates", "Shore", "Valley",
    "Castle", "Friar", "Parson", "Sexton", "Steward", "Herring", "Falcon", "Gosling", "Money",
    "Golden", "Short", "Broad", "Kindred", "Goodman", "Lancaster", "Windsor",
]
MIDDLE = [f"{c}." for c in "ABCDEFGHJKLMNOPRSTVWZ"]

EPONYMS = [
    # named in the issue
    "Parkinson's disease", "Crohn's disease", "Crohn's", "Cushing's syndrome", "Cushing's",
    "Hodgkin lymphoma", "Hodgkin", "Alzheimer's disease", "Alzheimer's", "Graves' disease",
    "Bell's palsy", "Down syndrome", "Apgar score", "Apgar", "Glasgow coma scale",
    "Glasgow Coma Scale",
    # fracture clinic and orthopaedics
    "Colles' fracture", "Colles fracture", "Monteggia fracture", "Galeazzi fracture",
    "Jones fracture", "Maisonneuve fracture", "Lisfranc injury", "Segond fracture",
    "Hill-Sachs lesion", "Bankart lesion", "Baker's cyst", "Perthes disease",
    "Scheuermann's kyphosis", "Kienböck's disease", "de Quervain's tenosynovitis",
    "Finkelstein test", "Thompson test", "Volkmann's contracture", "Trendelenburg gait",
    # cardiology
    "Mobitz type II block", "Wenckebach", "Takotsubo cardiomyopathy", "Dressler syndrome",
    "Kussmaul's sign", "Fontan circulation", "Eisenmenger syndrome", "Brugada pattern",
    # oncology
    "Burkitt lymphoma", "Waldenström macroglobulinemia", "Merkel cell carcinoma",
    "Lynch syndrome", "Li-Fraumeni syndrome", "Krukenberg tumour", "Pancoast tumour",
    "Sister Mary Joseph nodule", "Virchow's node",
    # psychiatry, paediatrics, obstetrics, infectious disease, neurology
    "Korsakoff syndrome", "Capgras delusion", "Tourette's", "Rett syndrome",
    "Kawasaki disease", "Henoch-Schönlein purpura", "Hirschsprung's disease",
    "Naegele's rule", "Braxton Hicks contractions", "McRoberts maneuver", "Leopold maneuvers",
    "Wharton's jelly", "Sheehan's syndrome", "Cheyne-Stokes breathing", "Lewy body dementia",
    "Creutzfeldt-Jakob disease", "Addison's disease", "Hashimoto's", "Sjögren's",
    "Raynaud's", "Kaposi's sarcoma", "Chagas disease", "Hansen's disease",
    "Wernicke's encephalopathy", "Ménière's disease", "Ramsay Hunt syndrome", "Tinel's sign",
    "Homans' sign", "Babinski reflex", "Heimlich maneuver", "Foley catheter", "Hickman line",
    "Mantoux test", "Coombs test", "Gram stain",
]
DRUGS = [
    "metformin", "warfarin", "edoxaban", "dabigatran", "sotalol", "dofetilide", "flecainide",
    "ivabradine", "sacubitril-valsartan", "eplerenone", "bisoprolol", "ticagrelor",
    "cefazolin", "clindamycin", "cephalexin", "tranexamic acid", "zoledronic acid",
    "denosumab", "teriparatide", "pembrolizumab", "nivolumab", "carboplatin", "paclitaxel",
    "capecitabine", "oxaliplatin", "rituximab", "ibrutinib", "anastrozole", "tamoxifen",
    "droperidol", "chlorpromazine", "benztropine", "lithium carbonate", "clonazepam",
    "trazodone", "mirtazapine", "hydroxyzine", "hydromorphone", "fentanyl", "midazolam",
    "glycopyrrolate", "scopolamine", "oxytocin", "misoprostol", "methylergonovine",
    "phytonadione", "ferrous sulfate", "folic acid", "ivermectin", "albendazole",
    "praziquantel", "isoniazid", "rifampin", "primaquine", "naproxen", "ketorolac",
    "methocarbamol", "acetaminophen", "dexamethasone", "insulin degludec", "dulaglutide",
    "naltrexone", "varenicline",
]
BRANDS = [
    "Pradaxa", "Multaq", "Tikosyn", "Brilinta", "Entresto", "Corlanor", "Prolia", "Forteo",
    "Reclast", "Opdivo", "Herceptin", "Xeloda", "Arimidex", "Imbruvica", "Ativan", "Haldol",
    "Zyprexa", "Klonopin", "Remeron", "Dilaudid", "Duragesic", "Pitocin", "Cytotec",
    "Methergine", "Toradol", "Robaxin", "Norco", "Percocet", "Decadron", "Trulicity", "Tresiba",
    "Mounjaro", "Glucophage", "Jantoven", "Bactrim", "Keflex", "Augmentin", "Valtrex",
    "Paxlovid", "EpiPen", "Cogentin", "Abilify", "Invega Sustenna", "Vivitrol", "Sublocade",
    "Chantix",
]
DISEASES = [
    "distal radius fracture", "scaphoid fracture", "hip fracture", "osteomyelitis",
    "septic arthritis", "complete heart block", "sick sinus syndrome",
    "ventricular tachycardia", "hypertrophic cardiomyopathy", "dilated cardiomyopathy",
    "non-small cell lung cancer", "metastatic colorectal cancer", "pancreatic adenocarcinoma",
    "diffuse large B-cell lymphoma", "glioblastoma", "acute psychosis",
    "schizoaffective disorder", "bipolar I disorder", "alcohol use disorder",
    "opioid use disorder", "post-traumatic stress disorder", "failure to thrive",
    "postpartum hemorrhage", "shoulder dystocia", "neonatal jaundice", "latent tuberculosis",
    "malaria", "schistosomiasis", "hepatitis B", "scabies", "iron deficiency anemia",
    "concussion", "exercise-induced asthma", "type 1 diabetes", "type 2 diabetes",
    "chronic kidney disease stage 3", "aspiration pneumonia", "delirium", "vascular dementia",
    "end-stage heart failure", "influenza", "COVID-19", "otitis media", "bronchiolitis",
    "croup", "mastitis", "atrial flutter", "sickle cell trait",
]
SIGNS = [
    "point tenderness", "snuffbox tenderness", "crepitus", "ecchymosis", "a joint effusion",
    "pallor", "diaphoresis", "syncope", "palpitations", "presyncope", "dyspnea on exertion",
    "pedal edema", "orthostatic hypotension", "auditory hallucinations", "paranoid ideation",
    "pressured speech", "flight of ideas", "psychomotor agitation", "suicidal ideation",
    "patterned bruising", "retinal hemorrhages", "cachexia", "mottling", "terminal secretions",
    "agonal breathing", "meconium staining", "a nuchal cord", "lymphadenopathy",
    "hepatosplenomegaly", "pruritus", "a productive cough", "stridor", "tachycardia",
    "bradycardia", "fever", "confusion", "a skin tear", "a scalp hematoma", "guarding",
    "tenting skin",
]
SCALES = [
    "Columbia Suicide Severity Rating Scale", "C-SSRS", "Brøset Violence Checklist",
    "CIWA-Ar", "COWS", "AIMS", "PHQ-2", "Edinburgh Postnatal Depression Scale",
    "Karnofsky score", "ECOG 2", "Palliative Performance Scale", "FAST stage 7",
    "Oswestry Disability Index", "QuickDASH", "Harris hip score", "Beighton score",
    "Tanner stage 3", "Ages and Stages Questionnaire", "MUST score", "Waterlow score",
    "Norton scale", "Clinical Frailty Scale", "Timed Up and Go", "4AT", "CAM-ICU", "RASS",
    "FLACC", "Wong-Baker FACES scale", "ACE score", "SCOFF questionnaire", "CRB-65",
    "TIMI score", "HEART score", "EuroSCORE II", "Killip class II", "NYHA class II",
]
ANATOMY = [
    "distal radius", "scaphoid", "anatomical snuffbox", "fifth metatarsal",
    "lateral malleolus", "femoral neck", "tibial plateau", "glenohumeral joint",
    "acromioclavicular joint", "ulnar nerve", "median nerve", "left subclavian vein",
    "right ventricle", "coronary sinus", "left atrial appendage", "sinoatrial node",
    "mediastinum", "hilar lymph nodes", "pancreatic head", "sigmoid colon", "cervix",
    "perineum", "placenta", "umbilical cord", "anterior fontanelle", "occiput",
    "posterior ribs", "clavicle", "sacrum", "greater trochanter", "frontal lobe",
    "prefrontal cortex", "nasopharynx", "tympanic membrane", "conjunctiva", "sternum",
    "lumbar spine", "liver",
]
CITIES = [
    ("Kalispell", "MT"), ("Yakima", "WA"), ("Rapid City", "SD"), ("Dubuque", "IA"),
    ("Hattiesburg", "MS"), ("Muncie", "IN"), ("Bend", "OR"), ("Flagstaff", "AZ"),
    ("Laredo", "TX"), ("Paducah", "KY"), ("Utica", "NY"), ("Scranton", "PA"),
    ("Lafayette", "LA"), ("Wausau", "WI"), ("Bemidji", "MN"), ("Hilo", "HI"),
    ("Casper", "WY"), ("Pocatello", "ID"), ("Texarkana", "AR"), ("Dothan", "AL"),
    ("Valdosta", "GA"), ("Rutland", "VT"), ("Lewiston", "ME"), ("Grand Junction", "CO"),
    ("Las Cruces", "NM"), ("Elko", "NV"), ("Joplin", "MO"), ("Salina", "KS"),
]
STREETS = [
    "Quarry Hill", "Larchmont", "Tamarack", "Sycamore Bend", "Old Mill", "Pinecrest",
    "Haverford", "Sandpiper", "Red Fox", "Coulter", "Kestrel", "Blue Heron", "Osage",
    "Wetherby", "Copperleaf",
]
STREET_KINDS = [
    "Rd", "Road", "St.", "Street", "Ave", "Avenue", "Blvd", "Ln", "Lane", "Dr.", "Trail",
    "Pike", "Ct", "Loop", "Hwy",
]
MAIL_HOSTS = [
    "sunmail.example", "riverbendhealth.org", "kwfamily.net", "post.example.com",
    "fastmail.fm", "aol.com", "live.com", "msn.com", "parish-office.org",
]
WEB_HOSTS = [
    "portal.riverbendhealth.org", "mychart.lakesidemed.example", "pacs.northvalley.example",
    "www.caringbridge.org", "share.tumourboard.example", "fax.rxbridge.example",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
AGE_WORDS = [
    "ninety", "ninety-one", "ninety-two", "ninety-three", "ninety-four", "ninety-five",
    "ninety-six", "ninety-seven", "ninety-eight", "ninety-nine", "one hundred",
]
# fmt: on

Gen = Callable[[random.Random], str]


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _u(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))


def _ua(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ACDEFGHJKMNPQRTUVWXY3456789") for _ in range(n))


def _full(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    roll = rng.random()
    if roll < 0.16:
        return f"{first} {rng.choice(MIDDLE)} {last}"
    if roll < 0.26:
        return f"{first[0]}. {last}"
    if roll < 0.31:
        return f"{first} {rng.choice(LAST)}-{last}"
    return f"{first} {last}"


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(1931, 2026), rng.randint(1, 12), rng.randint(1, 28)
    mon = MONTHS[m - 1]
    th = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    return rng.choice(
        [
            f"{m:02d}/{d:02d}/{y}",
            f"{m}/{d}/{str(y)[2:]}",
            f"{d:02d}-{mon[:3]}-{y}",
            f"{d}{mon[:3].upper()}{y}",
            f"{y}.{m:02d}.{d:02d}",
            f"{y}{m:02d}{d:02d}",
            f"{mon} {d}{th}",
            f"the {d}{th} of {mon}",
            f"{mon[:3]} {d} {y}",
            f"{mon[:3].lower()} {d}",
            f"{d} {mon} {y}",
            f"{m}-{d}-{y}",
        ]
    )


def _phone(rng: random.Random) -> str:
    a, b, c = str(rng.randint(201, 979)), str(rng.randint(210, 989)), _d(rng, 4)
    return rng.choice(
        [
            f"{a}/{b}-{c}",
            f"+1 ({a}) {b} {c}",
            f"{a} {b} {c}",
            f"{a}{b}{c}",
            f"({a}){b}-{c}",
            f"{a}-{b}-{c} ext. {rng.randint(100, 4999)}",
            f"+1.{a}.{b}.{c}",
            f"{a}.{b}.{c}",
        ]
    )


def _email(rng: random.Random) -> str:
    first = rng.choice(FIRST).lower()
    last = rng.choice(LAST).lower()
    first = first.encode("ascii", "ignore").decode().replace("-", "")
    last = last.encode("ascii", "ignore").decode().replace(" ", "").replace("-", "")
    local = rng.choice(
        [
            f"{first}_{last}",
            f"{first[0]}{last}{rng.randint(1950, 2011)}",
            f"{last}.{first[0]}",
            f"{first}+clinic",
            f"{first}{last[:3]}{rng.randint(1, 99)}",
            f"{last.upper()}.{first.upper()}",
        ]
    )
    return f"{local}@{rng.choice(MAIL_HOSTS)}"


def _address(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.12:
        return f"PO Box {rng.randint(11, 9899)}"
    if kind < 0.2:
        return f"Rural Route {rng.randint(1, 9)}, Box {rng.randint(2, 240)}"
    if kind < 0.28:
        return f"{rng.randint(100, 29999)} County Road {rng.randint(2, 480)}"
    pre = rng.choice(["", "", "", "N. ", "SW ", "East ", "W "])
    street = f"{rng.randint(3, 18999)} {pre}{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
    return street + rng.choice(
        ["", "", f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}", f" #{rng.randint(2, 420)}"]
    )


def _zip(rng: random.Random) -> str:
    z = f"{rng.randint(1, 99):02d}{_d(rng, 3)}"
    return z if rng.random() < 0.7 else f"{z}-{_d(rng, 4)}"


def _age(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(AGE_WORDS)
    return str(rng.randint(90, 108))


def _ssn(rng: random.Random) -> str:
    a, b, c = rng.randint(101, 665), rng.randint(10, 99), _d(rng, 4)
    return rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}", f"{a}.{b}.{c}"])


def _mrn(rng: random.Random) -> str:
    return rng.choice(
        [
            f"E{_d(rng, 7)}",
            f"MR-{_d(rng, 3)}-{_d(rng, 2)}-{_d(rng, 3)}",
            f"{_d(rng, 4)}-{_d(rng, 4)}-{_d(rng, 1)}",
            f"H{_d(rng, 8)}",
            f"{_d(rng, 9)}",
            f"RB{_d(rng, 6)}",
        ]
    )


def _plan(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_d(rng, 1)}{_u(rng, 2)}{_d(rng, 1)}-{_ua(rng, 3)}-{_ua(rng, 4)}",
            f"{_u(rng, 3)}{_d(rng, 9)}",
            f"MEM-{_d(rng, 2)}-{_d(rng, 3)}-{_d(rng, 4)}-{_d(rng, 2)}",
            f"{_d(rng, 8)}{_u(rng, 1)}",
            f"W{_d(rng, 8)}-{_d(rng, 2)}",
        ]
    )


def _account(rng: random.Random) -> str:
    return rng.choice(
        [
            f"ACC-{rng.randint(2019, 2026)}-{_d(rng, 7)}",
            f"{_d(rng, 10)}",
            f"HAR{_d(rng, 9)}",
            f"{_d(rng, 4)} {_d(rng, 4)} {_d(rng, 3)}",
            f"G{_d(rng, 5)}-{_d(rng, 3)}",
        ]
    )


def _licence(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.choice('ABFGM')}{_u(rng, 1)}{_d(rng, 7)}",
            f"MD.{_d(rng, 6)}",
            f"RN{_d(rng, 7)}",
            f"{_u(rng, 1)}{_d(rng, 3)}-{_d(rng, 4)}-{_d(rng, 4)}",
            f"LPC-{_d(rng, 5)}",
            f"{_d(rng, 2)}-{_d(rng, 6)}",
        ]
    )


def _device(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{_u(rng, 3)}{_d(rng, 6)}{_u(rng, 1)}",
            f"RXK-{_d(rng, 3)}-{_d(rng, 4)}",
            f"NG{_d(rng, 7)}H",
            f"(01){_d(rng, 14)}(21){_ua(rng, 8)}",
            f"SN{_d(rng, 10)}",
            f"{_ua(rng, 4)}-{_ua(rng, 4)}-{_ua(rng, 4)}",
        ]
    )


def _url(rng: random.Random) -> str:
    host = rng.choice(WEB_HOSTS)
    return rng.choice(
        [
            f"https://{host}/visit/{_d(rng, 7)}",
            f"https://{host}/s/{_ua(rng, 10)}?ref=sms",
            f"http://{host}/study/{_d(rng, 4)}.{_d(rng, 5)}",
            f"{host}/{rng.choice(LAST).lower().replace(' ', '')}{_d(rng, 3)}",
            f"https://{host}/a/{_d(rng, 5)}/report.pdf",
        ]
    )


def _ip(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        parts = [f"{rng.randint(1, 0xFFFF):x}" for _ in range(4)]
        return f"2001:db8:{parts[0]}:{parts[1]}::{parts[2]}"
    head = rng.choice(["10", "172", "192", str(rng.randint(23, 223))])
    return ".".join([head] + [str(rng.randint(0, 254)) for _ in range(3)])


def _other_id(rng: random.Random) -> str:
    return rng.choice(
        [
            f"TB-{_d(rng, 4)}-{_d(rng, 2)}",
            f"A{_d(rng, 3)}-{_d(rng, 3)}-{_d(rng, 3)}",
            f"{rng.randint(2019, 2026)}-{_d(rng, 6)}",
            f"PA{_d(rng, 8)}",
            f"CLM {_d(rng, 4)} {_d(rng, 4)}",
            f"UR-{_u(rng, 2)}{_d(rng, 5)}",
            f"#{_d(rng, 6)}",
            f"NPI {_d(rng, 10)}",
        ]
    )


#: slot -> (kind recorded, "phi" or "keep", generator)
SLOTS: dict[str, tuple[str, str, Gen]] = {
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
    "licence": ("LICENSE", "phi", _licence),
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
STATES = dict(CITIES)

# {slot} as generated, {Slot} with its first letter capitalised, {slot:lo} all lower case (text
# messages); {state} follows the last {city}. Each template holds at least one clinical term.
TEMPLATES = [
    # fracture clinic and orthopaedics
    "FRACTURE CLINIC - {last}, {first}\nSeen {date} for {disease} with {sign} over the "
    "{anatomy}. {Eponym} excluded on the lateral film. Cast by {first}; review with {full}.",
    "Ortho follow-up. {first} fell off a trampoline at her cousin {first}'s party. {Sign} at "
    "the {anatomy}; {Eponym} suspected. Mum {full} asked for {brand}. Ph {phone}.",
    "{Anatomy} X-ray, requested by {full} (GMC-style reg {licence}).\nPatient MRN {mrn}, "
    "DOB {date}. Impression: {eponym}. Plan: {drug} and {scale} at 6 weeks.",
    # cardiology device clinic
    "DEVICE CLINIC CHECK {date}\nPt: {full}   Hosp# {mrn}\nGenerator S/N {device}; RV lead "
    "S/N {device}. Underlying {disease}, {eponym}. Remote monitor last seen at IP {ip}.",
    "{Brand} restarted after interrogation. {last} reports {sign} when mowing. Pacer "
    "model serial {device}, implanted by {full} at {city}, {state}.",
    "Remote transmission from home hub (serial {device}, IP {ip}) on {date}. "
    "{Disease} burden 4%. Called {first} at {phone}; {drug} continued.",
    # oncology tumour board
    "TUMOUR BOARD MINUTES {date}\nCase {id}: {full}, {disease}, {eponym}.\nPresent: "
    "{full}, {last}, {last} (radiology), {first} from pathology.\nRec: {drug} + {drug}; "
    "{scale}.",
    "Tumour board: {last} presented imaging of the {anatomy}. {Eponym} favoured. "
    "Slides at {url}. Trial screening no. {id}.",
    # psychiatric emergency hold
    "72-HOUR HOLD - {full}, MRN {mrn}\nBrought by police after {sign} and {sign}. "
    "{Scale} high risk. Given {drug} 5 mg IM. Brother {first} ({phone}) notified.",
    'Psych ED: pt states "{first} is in the walls". {Sign}. {Brand} offered, declined. '
    "Hold signed by {last}, licence {licence}, at {date}.",
    # child-protection referral
    "CHILD PROTECTION REFERRAL\nChild: {full}  DOB: {date}  NHS/MRN: {mrn}\nConcern: "
    "{sign} on the {anatomy}; {eponym} considered. Mother {first}, partner {full}.\n"
    "Home: {address}, {city}, {state} {zip}. Intake ref {id}.",
    "Safeguarding call with {last} from CPS on {date} re {first}: {sign} and {disease}. "
    "Social worker email {email}.",
    # hospice bereavement call
    "Bereavement call to {first}, widow of {full}, who died {date} of {disease}. "
    "{Sign} in his last hours; {drug} given. She is sleeping with {brand}.",
    "Hospice note: {full}, aged {age}, {scale}. {Sign} managed with {drug}. Daughter "
    "{first} and son-in-law {last} present. Chaplain {first} visited.",
    # home-birth record
    "HOME BIRTH RECORD\nMother {full}, G2P1, at {address}, {city} {zip}.\nMidwife {full}, "
    "licence {licence}. Baby born {date}, {eponym} 8 and 9. {Sign} noted. {Drug} IM given.",
    "Second midwife {first} arrived at 0410. {Eponym} used for {disease}. Cord "
    "blood to lab, acct {account}. Father {first} cut the {anatomy}.",
    # refugee and migrant health intake
    "REFUGEE HEALTH INTAKE\n{Last}, {first}, arrived {date} from a camp via {city}. A-number "
    "{id}. Screened for {disease} and {disease}; {drug} started. Interpreter {full}.",
    "Migrant clinic: {first} and cousin {first} {last} (SSN {ssn} pending). {Sign}; "
    "{drug} for {disease}. Case worker phone {phone}.",
    # military and sports physicals
    "PRE-SEASON PHYSICAL\nAthlete: {full}  DOB {date}  Jersey 22\nCoach {last}; "
    "trainer {first}. {Eponym} history. {Scale} done. Cleared pending {disease} review.",
    "Military sick call: SPC {last} with {sign} after a ruck march; {disease}. "
    "DoD ID {id}. {Brand} 1 tab TID. Sergeant {full} escorted.",
    # insurance utilisation review
    "UTILIZATION REVIEW\nMember: {full}  Member ID: {plan}  SSN {ssn}  Claim {id}\nDx "
    "{disease}; "
    "{eponym}. Requested {brand}. Reviewer {full}, NPI-type licence {licence}.",
    "UR nurse {first} spoke with {last} at the plan ({phone}). {Drug} approved, policy "
    "{plan}, billing acct {account}.",
    # pharmacy prior-authorisation fax
    "PRIOR AUTH FAX\nTo: {full}  Fax: {fax}  From pharmacy fax {fax}\nPatient: {full} / "
    "DOB {date} / Ins {plan}\nDrug: {brand} ({drug}) for {disease}. Ref {id}.",
    "Faxed PA for {drug} to {fax} on {date}; {last} at the pharmacy will call {first} "
    "if {eponym} is not covered.",
    # nursing-home incident log
    "INCIDENT LOG - Rm 14B - {full}, age {age}\n{Date} 0320: found on floor by aide "
    "{first}. {Sign} on the {anatomy}. {Scale} 18. Nurse {last} notified family.",
    "{Scale} reassessed after the fall. {last} has {eponym}; held {brand}. Incident "
    "no. {id}. Son {full} called at {phone}.",
    # telephone triage script
    "TRIAGE LINE\nCaller: {first} (mother)  Callback: {phone}\nChild {first}, {sign} and "
    "{sign}; {scale} 6. Advised {drug}. Disposition: ED if {disease} suspected.",
    "Phone: {full} calls about {brand}; {sign} since {date}. Per protocol, nurse {last} "
    "advised urgent care in {city}.",
    # patient diary
    "my diary - {date}. {Drug} made me dizzy again. {first} drove me to the lab. {Sign} "
    "at night. must ask {last} about {eponym}.",
    # church and community health fair
    "HEALTH FAIR LOG - St. Brigid's hall - {date}\n1. {full}, BP 168/94, {disease}; "
    "phone {phone}\n2. {full}, {age} years, on {brand}\n3. {first} {last}, {scale} done.",
    "Pastor {last} asked us to check on {first}, who has {eponym}. Volunteer {full} "
    "took readings; sugar 212 on {drug}.",
    # genealogy-style family tree
    "Family tree (per daughter {first}):\n- {full} (b. {date}, {city}) - {eponym}\n"
    "  m. {full} - {disease}\n  - {first} - {disease}\n  - {first} - healthy",
    "{Eponym} runs in the {last} family: grandmother {full} died at {age}; "
    "her sister {first} had {disease}.",
    # text-message threads
    "txt thread:\n{first:lo}: hi its me, mum took her {drug:lo} twice by accident\n"
    "clinic: thx, any {sign}?\n{first:lo}: no but {last:lo} says call {phone}",
    "sms from {first:lo}: ran out of {brand:lo}, can u send to {email}? {disease} flaring. "
    "dob {date}",
    # transcribed dictation
    "Dictation begins. Patient {full} comma {age} year old comma seen for {disease} "
    "period. New paragraph. {Eponym} on exam period. Continue {drug} period. cc {last}.",
    "This is {full} dictating on {last} comma {first} period. MRN {mrn} period. "
    "{Sign} over the {anatomy} period. End of dictation.",
    # discharge summary
    "DISCHARGE SUMMARY\nName: {last}, {first}  MRN: {mrn}  Acct: {account}\nAdmitted "
    "{date}, discharged {date}. Dx: {disease}, {eponym}. Home on {drug} and {brand}.",
    "{Disease} resolved. Discharged to {address}, {city}, {state} {zip} with wife {first}. "
    "Follow up with {full}.",
    # nursing note
    "Nursing 1900-0700: {first} restless, {sign}. {Brand} given. Husband {first} stayed. "
    "{Scale} 3. Handover to {last}.",
    "{Drug} held for {sign}. Paged {last} twice; covering {full} aware. "
    "{Anatomy} dressing changed.",
    # referral letter
    "Dear {full},\nThank you for seeing {full} (DOB {date}), who has {disease} and "
    "{eponym}. Email {email} or fax {fax}.\nKind regards,\n{first}",
    # telephone encounter
    "TEL ENC {date}: returned call from {first} about her father {last}'s {drug}. "
    "{Sign} improved. Number on file {phone}.",
    # patient portal message
    'Portal msg from {full}: "Hi, {first} here again. The {brand} is helping but the '
    '{sign} is back. My new email is {email}." Link: {url}',
    "Portal login from IP {ip} on {date}; {first} viewed the {anatomy} MRI result "
    "({eponym}) at {url}.",
    # social and family history
    "SOCIAL HX: lives with roommate {first} at {address}. Works for {last} Roofing. "
    "{Disease} in remission. Caregiver {full}, neighbour {first}.",
    "FAMILY HX: father {first} - {eponym} at 60; mother {full} - {disease}; "
    "uncle {last} - {disease}.",
    # consult note
    "{Eponym} consult requested by {last}. {full} is a {age}-year-old with {sign} and "
    "{disease}. Rec {drug}; will discuss with {first}.",
    # medication reconciliation
    "MED REC with {first} (granddaughter):\n- {drug} 10 mg\n- {brand}\n- {drug} PRN\n"
    "Pharmacy: {last} Drugs, ph {phone}, fax {fax}.",
    # radiology and lab headers
    "RADIOLOGY | {last}, {first} | MRN {mrn} | DOB {date} | Ref: {full}\nCT of the "
    "{anatomy}: {eponym} pattern. PACS {url} (host {ip}).",
    "LAB REQ  Pt {full}  SSN {ssn}  Ins# {plan}  Acct# {account}\n{Disease} panel; "
    "{drug} level. Collected {date} by {first}.",
    # case report prose
    "A {age}-year-old woman ({full}) from {city} presented with {sign}. {Eponym} was "
    "diagnosed; she improved on {drug}. We thank {first} {last} for the images.",
    # driving licence and ids at registration
    "Registration: {full}, driver's licence {licence}, SSN {ssn}, zip {zip}. "
    "{Disease} noted; {brand} on list.",
    "{Brand} copay card {account} linked to {email}; {first} at {zip} confirmed. {Scale} due.",
]


def _fill(template: str, rng: random.Random) -> Note:
    note = Note(template=template)
    city = ""
    for piece in re.split(r"(\{[A-Za-z]+(?::lo)?\})", template):
        if not (piece.startswith("{") and piece.endswith("}")):
            note.text += piece
            continue
        slot, _, mode = piece[1:-1].partition(":")
        if slot == "state":
            note.text += STATES[city]
            continue
        kind, where, make = SLOTS[slot.lower()]
        value = make(rng)
        if mode == "lo":
            value = value.lower()
        elif slot[0].isupper():
            value = value[0].upper() + value[1:]
        if kind == "CITY":
            city = value
        span = (kind, len(note.text), len(note.text) + len(value))
        (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    return note


def generate(per_template: int = 10, seed: int = 90291202) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [_fill(template, rng) for template in TEMPLATES for _ in range(per_template)]
