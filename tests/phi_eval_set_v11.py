"""The ELEVENTH held-out evaluation set for PHI scrubbing: never tune a recognizer on it.

Written on 2026-12-02 by an author who had not seen the scrubber's code, its errors or the
contents of the v2-v10 sets (only the data structure of tests/phi_eval_set.py was read).
Everything here is invented: seeded random fills of templates written for this set, in note
styles such as dental notes, home-health logs, prior-authorisation letters, radiology reports,
court-ordered evaluations, research screening logs, telehealth transcripts, SMS threads,
e-mail chains, incident reports, wound flowsheets, tumour-board minutes, pedigrees, refill
queues, fax covers, HL7/CSV/JSON/XML exports, billing lines, voicemails, interpreter,
sports-medicine, correctional, VA and occupational-injury notes.

Each note records ``phi`` (kind, start, end) for each identifier and ``keep`` (kind, start,
end) for each clinical term that must survive. A span covers exactly one value, never its
label word, and never a title (Dr, Mrs, RN ...) in front of a name. Names are ``NAME_FIRST``
(a first name alone), ``NAME_LAST`` (a surname alone) or ``NAME_FULL`` (first and last name,
perhaps with a middle initial, or "Last, First"); most are bare, some are lower-case (texts)
or upper-case (headers, exports). ``Note.template`` is the template id.
"""

from __future__ import annotations

import datetime
import random
import re
import unicodedata
from collections.abc import Callable

from phi_eval_set import IDENTIFIER_KINDS, KEEP_KINDS, NAME_KINDS, Note

__all__ = ["IDENTIFIER_KINDS", "KEEP_KINDS", "NAME_KINDS", "Note", "generate"]

FROZEN_ON = "2026-12-02"

# fmt: off
FIRST = [
    # ordinary English-language first names (American, British, Welsh, Scottish)
    "Dwight", "Gordon", "Roxanne", "Trevor", "Nigel", "Clive", "Gemma", "Kirsty", "Callum",
    "Courtney", "Chad", "Tanya", "Garrett", "Maureen", "Sheila", "Lionel", "Cyril", "Reginald",
    "Dennis", "Stuart", "Malcolm", "Duncan", "Fiona", "Muriel", "Edna", "Lloyd", "Howard",
    "Russell", "Roger", "Wayne", "Glenn", "Keith", "Craig", "Brent", "Todd", "Paige", "Whitney",
    "Lindsay", "Kelsey", "Alison", "Megan", "Natalie", "Vanessa", "Wendy", "Debbie", "Peggy",
    "Judy", "Nancy", "Betty", "Dolores", "Gladys", "Irene", "Janet", "Karen", "Sharon", "Donna",
    "Cheryl", "Gary", "Larry", "Jerry", "Randy", "Bobby", "Tommy", "Danny", "Derek", "Jared",
    "Colin", "Graham", "Alistair", "Fergus", "Ewan", "Gareth", "Owain", "Bronwen", "Harriet",
    "Freddie", "Archie", "Stanley", "Rupert", "Giles", "Marcus", "Rosalind", "Beatrice",
    "Ambrose", "Ezra", "Silas", "Della", "Etta", "Sadie", "Yvonne", "Lynette", "Noreen",
    "Geraldine", "Desmond", "Hugh", "Ralph", "Wesley", "Troy", "Brett", "Garth",
    # many other origins
    "Themba", "Sipho", "Meseret", "Arash", "Burak", "Selin", "Deepa", "Anand", "Selvi", "Rumana",
    "Yuxin", "Minjun", "Seoyeon", "Hyejin", "Hiroko", "Putri", "Maricel", "Rowena", "Gergely",
    "Ilona", "Juhani", "Eeva", "Dimitris", "Spyros", "João", "Mariana", "Inês", "Xóchitl",
    "Giorgio", "Benedetta", "Salvatore", "Concetta", "Maartje", "Bram", "Gevorg", "Nino", "Yael",
    "Noam", "Mere", "Sefa", "Bisola", "Lindiwe", "Sibusiso", "Kipchoge", "Muthoni", "Selam",
    "Bereket", "Yonas", "Fadumo", "Rami", "Basel", "Mazen", "Reem", "Kian", "Navid", "Roya",
    "Babak", "Ebru", "Kaan", "Serkan", "Meera", "Suresh", "Revathi", "Harish", "Sourav", "Mitali",
    "Amrit", "Baljit", "Imran", "Saima", "Usman", "Lihua", "Yifan", "Dohyun", "Eunji", "Taehyun",
    "Akira", "Emiko", "Chieko", "Trang", "Niran", "Kannika", "Arthit", "Agus", "Wulan", "Rodel",
    "Lorna", "Bartosz", "Vojtěch", "Réka", "László", "Riikka", "Jarmo", "Despina", "Thanasis",
    "Gonçalo", "Leonor", "Tiago", "Íñigo", "Nerea", "Gianluca", "Vittoria", "Raffaele", "Cerys",
    "Eluned", "Joost", "Bjørn", "Håkon", "Yekaterina", "Vadim", "Galina", "Armen", "Lusine",
    "Tigran", "Giorgi", "Irakli", "Eitan", "Avital", "Kahiau", "Dezba", "Ahiga",
]
LAST = [
    # ordinary English-language surnames, many of them also words or places
    "Holmes", "Wolfe", "Bean", "Day", "Abbott", "Parsons", "Chaplin", "Butler", "Squire", "Lord",
    "Wainwright", "Pope", "Devon", "White", "Black", "Hale", "Cole", "West", "North", "Long",
    "Newman", "Chandler", "Collier", "Coleman", "Slater", "Hooper", "Spencer", "Howe", "Pratt",
    "Yates", "Pryor", "Hobbs", "Dobbs", "Platt", "Bingham", "Blackwood", "Redmond", "Galloway",
    "Ridley", "Radcliffe", "Sutcliffe", "Ogden", "Haworth", "Kershaw", "Greenhalgh", "Entwistle",
    "Pickering", "Rowntree", "Appleby", "Dewhurst", "Braithwaite", "Kimball", "Bledsoe",
    "Buchanan", "Ferguson", "Sinclair", "Carmichael", "Kilpatrick", "Nolan", "Kearney", "Boyle",
    "Pritchard", "Vaughan", "Rudd", "Kirk", "Branch", "Flowers", "Crabtree", "Applegate",
    "Goodfellow", "Armstrong", "Thorne", "Lowe", "Ames", "Stroud", "Crowther", "Ackroyd",
    "Pilkington", "Tattersall", "Bottomley", "Holroyd", "Sugden", "Illingworth", "Haigh",
    "Crossley", "Broadbent", "Fairbairn", "Hesketh", "Starkey", "Woodcock", "Pickles", "Kettle",
    "Barrow", "Plowman", "Cooke", "Salter", "Brewer", "Chalk", "Slate", "Stanton", "Ashby",
    "Selby", "Whitby", "Tuttle", "Biddle", "Yoder", "Stoltzfus", "Hostetler", "Kuykendall",
    "Stuckey", "Hensley", "Hatfield", "McCoy", "Cantrell", "Blevins", "Caudill", "Combs",
    "Sizemore", "Mullins", "Tackett", "Ratliff", "Napier", "Stamper", "Cornett", "Eastwood",
    "Westbrook", "Northcott", "Buxton", "Ludlow", "Ripley", "Cotton", "Bacon", "Mustard",
    "Almond", "Oates", "Barley", "Wheat", "Straw", "Hay", "Barnes", "Blythe", "Jolly", "Smart",
    "Keen", "Hardcastle", "Proudfoot", "Lightfoot", "Golightly", "Armitage", "Marlow", "Spicer",
    # many other origins
    "Odhiambo", "Kaya", "Demir", "Subramaniam", "Hussain", "Lin", "Liang", "Goh", "Jung",
    "Santoso", "Wijaya", "Reyes", "Novák", "Dvořák", "Horváth", "Nagy", "Georgiou", "Carvalho",
    "Gonçalves", "Herrera", "Navarro", "Vargas", "Ricci", "Colombo", "Jansen", "Petrov",
    "Hakobyan", "Petrosyan", "Beridze", "Kapanadze", "Mizrahi", "Dela Cruz", "Te Whare", "Uzoma",
    "Ezeilo", "Amoah", "Kusi", "Mthembu", "Zungu", "Ngcobo", "Shabalala", "Chege", "Kiprop",
    "Bekele", "Alemu", "Desta", "Jama", "Abdi", "Duale", "Shalaby", "Zoubi", "Mohammadi",
    "Ebrahimi", "Shirazi", "Navabi", "Arslan", "Erdem", "Güneş", "Padmanabhan", "Narayanan",
    "Dasgupta", "Ghoshal", "Rizvi", "Jafri", "Talukdar", "Cai", "Yuan", "Fang", "Meng", "Oh",
    "Murakami", "Endo", "Fujii", "Takeuchi", "Chaiyasit", "Boonmee", "Suwannarat", "Gunawan",
    "Hidayat", "Setiawan", "Macaraeg", "Soriano", "Aquino", "Jabłoński", "Pokorný", "Kovács",
    "Tóth", "Varga", "Molnár", "Farkas", "Balogh", "Laine", "Salminen", "Antoniou", "Nikolaidis",
    "Karagiannis", "Vlachos", "Christodoulou", "Almeida", "Sousa", "Ribeiro", "Teixeira",
    "Moreira", "Cardoso", "Medina", "Guerrero", "Serrano", "Greco", "Gallo", "Conti", "Mancini",
    "Giordano", "Rinaldi", "Lombardi", "Moretti", "Barbieri", "Fontana", "Caruso", "Devlin",
    "Sheehan", "Bakker", "Visser", "Meijer", "Mulder", "Dekker", "Brouwer", "Hendriks",
    "Holmberg", "Sandberg", "Eriksen", "Morozov", "Novikov", "Oliynyk", "Sargsyan", "Grigoryan",
    "Vardanyan", "Gelashvili", "Lomidze", "Tsiklauri", "Peretz", "Biton", "Friedman", "Shapiro",
    "Kapule", "Yazzie", "Begay", "Tsosie", "Benally", "Harjo", "de Boer",
]
INITIALS = list("ABCDEFGHJKLMNPRSTVW")
EPONYMS = [
    "Parkinson's disease", "Parkinson disease", "Crohn's disease", "Crohn's", "Crohn disease",
    "Cushing's syndrome", "Cushing syndrome", "Cushing's", "Hodgkin lymphoma",
    "Hodgkin's lymphoma", "non-Hodgkin lymphoma", "Alzheimer's disease", "Alzheimer's",
    "Alzheimer dementia", "Graves' disease", "Graves disease", "Bell's palsy", "Bell palsy",
    "Down syndrome", "Apgar score", "Apgar", "Glasgow coma scale", "Hashimoto's thyroiditis",
    "Huntington's disease", "Tourette syndrome", "Raynaud's phenomenon",
    "Guillain-Barré syndrome", "Sjögren's syndrome", "Ménière's disease", "Kawasaki disease",
    "Addison's disease", "Wilson's disease", "Barrett's esophagus", "Paget's disease",
    "Dupuytren's contracture", "Osgood-Schlatter disease", "Marfan syndrome", "Kaposi sarcoma",
    "Tanner stage", "Wells score", "Babinski sign", "Murphy's sign", "McBurney's point",
    "Romberg test", "Epley maneuver", "Tinel's sign", "Phalen's test", "Lachman test",
    "McMurray test", "Colles fracture", "Heberden's nodes", "Whipple procedure",
    "Nissen fundoplication", "Foley catheter", "Holter monitor", "Valsalva maneuver",
    "Trendelenburg position", "Pap smear", "Gram stain", "Baker's cyst",
]
DRUGS = [
    "metformin", "warfarin", "lisinopril", "atorvastatin", "amlodipine", "levothyroxine",
    "apixaban", "furosemide", "gabapentin", "sertraline", "omeprazole", "prednisone",
    "insulin glargine", "albuterol", "amoxicillin", "cephalexin", "doxycycline", "tramadol",
    "oxycodone", "ondansetron", "carbidopa-levodopa", "donepezil", "memantine", "methimazole",
    "hydrocortisone", "mesalamine", "infliximab", "adalimumab", "clopidogrel", "enoxaparin",
    "vancomycin", "ceftriaxone", "lidocaine", "chlorhexidine", "ibuprofen", "acetaminophen",
    "naloxone", "buprenorphine", "sumatriptan", "valacyclovir", "tamsulosin", "spironolactone",
    "empagliflozin", "semaglutide",
]
BRANDS = [
    "Glucophage", "Coumadin", "Eliquis", "Xarelto", "Lipitor", "Synthroid", "Lasix", "Zoloft",
    "Prilosec", "Humira", "Remicade", "Lantus", "Ozempic", "Jardiance", "Plavix", "Lovenox",
    "Narcan", "Suboxone", "Tylenol", "Advil", "Sinemet", "Aricept", "Namenda", "Keppra",
    "Flomax", "Augmentin", "Keflex", "Zofran", "Imitrex", "Valtrex", "Ventolin", "Januvia",
    "Entresto", "Trulicity",
]
DISEASES = [
    "type 2 diabetes mellitus", "hypertension", "atrial fibrillation", "COPD", "asthma",
    "chronic kidney disease", "heart failure", "hypothyroidism", "osteoarthritis",
    "rheumatoid arthritis", "major depressive disorder", "generalized anxiety disorder", "gout",
    "cellulitis", "pneumonia", "urinary tract infection", "osteoporosis", "migraine", "epilepsy",
    "multiple sclerosis", "ulcerative colitis", "venous stasis ulcer", "diabetic foot ulcer",
    "periodontitis", "dental caries", "gingivitis", "sepsis", "deep vein thrombosis",
    "pulmonary embolism", "hyperlipidemia", "obstructive sleep apnea", "concussion",
    "rotator cuff tear", "plantar fasciitis", "melanoma", "non-small cell lung cancer",
    "breast cancer", "colorectal cancer", "prostate cancer", "latent tuberculosis",
    "hepatitis C", "HIV", "post-traumatic stress disorder",
]
SIGNS = [
    "dyspnea", "orthopnea", "tachycardia", "bradycardia", "pitting edema", "edema", "jaundice",
    "cyanosis", "pallor", "diaphoresis", "fever", "syncope", "vertigo", "tremor", "rigidity",
    "bradykinesia", "ataxia", "dysarthria", "aphasia", "hematuria", "hemoptysis", "melena",
    "pruritus", "erythema", "crepitus", "effusion", "tenderness", "wheezing", "rales", "stridor",
    "clubbing", "ptosis", "nystagmus", "confusion", "lethargy", "malaise", "nausea", "vomiting",
    "bleeding gums", "halitosis", "trismus",
]
SCALES = [
    "Braden scale", "Morse Fall Scale", "Beck Depression Inventory", "PHQ-9", "GAD-7", "MMSE",
    "MoCA", "NIHSS", "Karnofsky performance status", "ECOG performance status",
    "visual analogue scale", "Epworth Sleepiness Scale", "Mallampati class", "CHA2DS2-VASc",
    "Child-Pugh score", "Norton scale", "PEG scale", "Oswestry Disability Index", "AUDIT-C",
    "CIWA-Ar", "Numeric Rating Scale", "PCL-5",
]
ANATOMY = [
    "left ventricle", "right lower lobe", "carotid artery", "femur", "tibia", "fibula",
    "patella", "anterior cruciate ligament", "rotator cuff", "lumbar spine", "cervical spine",
    "sacrum", "coccyx", "lateral malleolus", "medial malleolus", "plantar fascia", "mandible",
    "maxilla", "lower left first molar", "upper right premolar", "gingiva", "tongue",
    "thyroid gland", "liver", "gallbladder", "pancreas", "spleen", "left kidney", "bladder",
    "prostate", "uterus", "sigmoid colon", "duodenum", "esophagus", "trachea", "larynx",
    "cornea", "retina", "tympanic membrane", "scapula", "clavicle", "humerus", "ulna",
    "scaphoid", "fifth metacarpal", "Achilles tendon",
]
# fmt: on
# fmt: off
CITIES = [
    ("Tacoma", "WA"), ("Duluth", "MN"), ("Macon", "GA"), ("Provo", "UT"), ("Lubbock", "TX"),
    ("Billings", "MT"), ("Fresno", "CA"), ("Scranton", "PA"), ("Akron", "OH"), ("Boise", "ID"),
    ("Spokane", "WA"), ("Topeka", "KS"), ("Flagstaff", "AZ"), ("Bangor", "ME"),
    ("Burlington", "VT"), ("Pueblo", "CO"), ("Lafayette", "LA"), ("Gainesville", "FL"),
    ("Kalamazoo", "MI"), ("Peoria", "IL"), ("Wichita", "KS"), ("Chattanooga", "TN"),
    ("Roanoke", "VA"), ("Fargo", "ND"), ("Sioux Falls", "SD"), ("Cedar Rapids", "IA"),
    ("Missoula", "MT"), ("Yakima", "WA"), ("Ithaca", "NY"), ("Muncie", "IN"),
    ("Bismarck", "ND"), ("Asheville", "NC"), ("Waco", "TX"), ("Santa Fe", "NM"),
]
STREETS = [
    "Larkspur", "Quarry", "Millbrook", "Tamarack", "Sycamore", "Juniper", "Ridgeview",
    "Old Mill", "Cottonwood", "Harbor View", "Wren", "Lantern", "Foxglove", "Saddle Creek",
    "Pinecrest", "Bluebonnet", "Kestrel", "Heron Pond", "Cider Press", "Beacon Hill",
    "Willow Bend", "Granite", "Prairie Wind", "Copper Kettle",
]
STREET_TYPES = [
    "St", "Street", "Ave", "Avenue", "Rd", "Road", "Dr", "Drive", "Ln", "Lane", "Ct",
    "Blvd", "Way", "Pl", "Terrace", "Circle", "Pike", "Trail",
]
UNITS = ["Apt", "Unit", "#", "Suite", "Lot"]
DOMAINS = [
    "hearthmail.com", "northlink.net", "quillpost.org", "riverbend.example", "ymail.example",
    "prairienet.us", "lanternbox.com",
]
WEB_HOSTS = [
    "portal.cedarvalleyhealth.org", "mychart.example-hospital.org", "records.tristate-ortho.com",
    "share.clinicfiles.net", "telehealth.sunhaven.care", "app.dentalbridge.io",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
# fmt: on
DATE_FORMATS = [
    "{m:02d}/{d:02d}/{y}",
    "{m}/{d}/{y}",
    "{m:02d}/{d:02d}/{yy:02d}",
    "{y}-{m:02d}-{d:02d}",
    "{d} {mon} {y}",
    "{month} {d}, {y}",
    "{mon} {d}, {y}",
    "{d:02d}-{MON}-{y}",
    "{d:02d}.{m:02d}.{y}",
    "{d} {month} {y}",
    "{weekday}, {month} {d}, {y}",
]
# fmt: off
TEMPLATES: list[tuple[str, str]] = [
    ("dental_recall",
     "DENTAL RECALL - {date}\nPatient: {rev@a}    Chart no. {mrn}\n"
     "{first@a} came in for the six-month recall. Generalized {disease} around the {anatomy}; "
     "{sign} on probing. Hygienist {full} completed scaling. Medications reviewed: {drug}, "
     "{brand}. Callback number {phone}. {first@a}'s next visit: {date}."),
    ("dental_extraction",
     "Oral surgery consult for {full@a}, {age} years old, sent over by Dr {last}. Extraction "
     "planned at the {anatomy}. {eponym|cap} in the history; takes {brand}, so the bleeding "
     "plan was agreed with {last@a}'s son {first}. Insurance {plan}. Seen {date}."),
    ("owner_contact",
     "Contact sheet (service-animal handler): guide dog cared for by {full@a} at {addr}, "
     "{city}, {state} {zip} while the patient is admitted. {first@a} can be reached on {phone}. "
     "Patient has {eponym} and {sign}; keep the dog away from the {drug} tray. "
     "Backup: neighbour {full}."),
    ("homehealth_log",
     "HOME HEALTH VISIT {date}\nVisit by RN {full}; aide {first} present. Client {full@a} "
     "(DOB {dob}) at {addr}, {city}. {last@a} reports {sign} since the last visit. "
     "{scale} done. Daughter {first@b} manages the {brand} pillbox; her number {phone}."),
    ("homehealth_wound",
     "Home visit, {date}: {last@a} was sitting up. Dressing to the {disease} changed; "
     "{sign} at the edge. {first@a} says {first} from church helps with shopping. Supplies "
     "ordered under account {acct}. {scale} repeated. Next RN: {full}."),
    ("prior_auth_letter",
     "{city}, {date}\n\nRe: prior authorisation for {brand}\nMember: {full@a}  Member ID {plan}"
     "\n\nDear reviewer,\nI am writing for my patient {last@a}, who has {disease} and "
     "{eponym}. {drug|cap} failed after twelve weeks. Please call {phone} or fax {fax}.\n"
     "Sincerely,\n{fullm}, MD  (licence {lic})"),
    ("prior_auth_appeal",
     "APPEAL - CLAIM {acct}\nPatient {rev@a}, plan {plan}. The denial dated {date} says {brand} "
     "is not indicated for {disease}. {first@a} has documented {sign} and a {scale} result "
     "that supports it. Prescriber: {full}. Reply to {email}."),
    ("lab_requisition",
     "LAB REQUISITION\nName: {rev|up}\nDOB: {dob}   MRN: {mrn}\nOrdering: {full}\n"
     "Dx: {disease}; {eponym}\nCurrent meds: {drug}, {drug}\nCollect: {date}\n"
     "Results to fax {fax}"),
    ("radiology_knee",
     "MRI RIGHT KNEE  Accession {id}  Exam date {date}\nPatient: {full@a}   MRN {mrn}\n"
     "Indication: {sign} after a fall at home; rule out {eponym}.\nFindings: The {anatomy} is "
     "intact. Small {sign}. \nImpression: no tear. Discussed with {last@a}'s physician, "
     "Dr {full}, at {phone}."),
    ("radiology_chest",
     "CT CHEST WITH CONTRAST - {date}\nHistory: {age}-year-old with {disease} and {sign}.\n"
     "Findings: Nodule in the {anatomy}. The {anatomy} is unremarkable.\nDictated by {full}; "
     "results phoned to {full} on the ward. Images: {url}"),
    ("court_eval",
     "COURT-ORDERED EVALUATION  Case {id}\nExaminee: {full@a}   DOB {dob}\nReferred by Judge "
     "{last}. {last@a} was interviewed on {date} at the {city} county jail. Reports {disease}; "
     "{scale} and {scale} administered. Attorney {full} attended. SSN on file {ssn}."),
    ("consent_screening",
     "SCREENING LOG  Study {id}\n{date} | {full} | eligible | {eponym} | consent by {first}\n"
     "{date} | {full} | excluded ({disease}) | on {brand}\n{date} | {full} | pending | "
     "coordinator {last} to call {phone}"),
    ("consent_note",
     "Research consent: {full@a} read the form with a witness, {full}. "
     "Questions about {drug} and {eponym} were answered. {first@a} asked that results go to "
     "{email}. Participant number {id}; signed {date}."),
    ("telehealth_transcript",
     "[Video visit {date}, link {url}]\nDR {last@d|up}: Hi {first@a}, can you hear me?\n"
     "{first@a|up}: Yes. My wife {first} is here too.\nDR {last@d|up}: How is the {sign}?\n"
     "{first@a|up}: Worse since the {brand} was stopped. And the {eponym} is the same.\n"
     "[Connection from {ip}]"),
    ("telehealth_psych",
     "Telepsychiatry follow-up with {full@a}, joined from {city}, {state}. {scale} today; "
     "{disease} stable on {drug}. Partner {full} joined late. {last@a} agreed to a "
     "call back on {phone} on {date}."),
    ("sms_thread",
     "SMS log\n[{date} 08:14] {first@a|lo}: hi its {first@a|lo}, the {brand} made me dizzy\n"
     "[08:20] clinic: thanks {first@a|lo}, any {sign}?\n"
     "[08:31] {first@a|lo}: a bit. {first|lo} will drive me in. call {phone}"),
    ("sms_family",
     "texts from patient's son saved to chart:\n\"mom ({full@a|lo}) fell again, "
     "her {anatomy} hurts. {first|lo} from next door found her\"\n\"shes on {drug} for the "
     "{disease}\"\nreply sent to {phone} on {date}"),
    ("sms_reminder",
     "Outbound text to {phone}: Hi {first|lo}! Reminder: {eponym} clinic with Dr {last} on "
     "{date}. Bring your {brand}. Reply STOP to opt out. - {city} Family Medicine"),
    ("email_chain",
     "From: {email@a}\nTo: care-team@clinic.example\nSubject: Re: my mother\n\n"
     "Thanks {first@b}. Mum's {sign} is better.\n{first@a}\n\n> On {date}, {full@b} wrote:\n"
     "> Please keep giving the {drug} and watch for {sign}.\n> {last@a}, call {phone}."),
    ("email_referral",
     "Subject: referral {full@a} (MRN {mrn})\n\nHi {first},\nCould you see {last@a} for "
     "{eponym}? Started {brand} on {date}. {scale} attached.\nThanks, {full}\n"
     "---- forwarded by {email} ----"),
    ("discharge_instr",
     "DISCHARGE INSTRUCTIONS for {full@a}\nYou were treated for {disease}. Take {drug} "
     "twice a day and stop {brand}. Watch for {sign} or {sign}. Follow up with Dr {last} on "
     "{date}. Questions: {phone}. Your caregiver {first} has a copy."),
    ("discharge_peds",
     "Newborn discharge: baby {last@a}, {apgar} 8 and 9. Mother {full@a} and father "
     "{first} given teaching. Pediatrician {full}, clinic {phone}. Home address {addr}, "
     "{city} {zip}."),
    ("incident_report",
     "NURSING FACILITY INCIDENT REPORT\nResident: {rev@a}   Room 214   Age {age}\n"
     "Date/time: {date} 02:40\nResident found on floor by CNA {full}. {first@a} said she "
     "slipped. {sign|cap} noted over the {anatomy}. {scale} rechecked. {eponym} on problem "
     "list. Son {first} notified at {phone}."),
    ("incident_med",
     "Medication event: {last@a} received {brand} meant for another resident, {full}. "
     "Administered by {first} at 21:00 on {date}. No {sign}. Physician {last} informed; "
     "family ({full}) informed by phone {phone}."),
    ("wound_flowsheet",
     "WOUND FLOWSHEET  {rev@a|up}  MRN {mrn}\n{date} | sacral | 3.1 x 2.0 cm | {sign} | "
     "{drug} | RN {last}\n{date} | heel | 1.2 x 1.1 cm | {sign} | {brand} | RN {last}\n"
     "{scale}: 14"),
    ("tumour_board",
     "TUMOUR BOARD MINUTES {date}\nCase 3: {full@a}, {age}, {disease}. Presented by "
     "{full}. Pathology ({last}): {eponym}. Lesion in the {anatomy}. Plan: {drug}; "
     "{scale} 1. {last@a}'s daughter asked to be called on {phone}."),
    ("tumour_board_2",
     "Board discussion: {last} and {last} favour surgery for {full@a}; "
     "{last} prefers {drug}. {scale|cap} 2. Imaging at {url}. Referring surgeon {full}."),
    ("obituary_history",
     "Family history (from the patient's own notes): Father {full} died at {age} of "
     "{eponym}; mother {full} lived in {city} and had {disease}. Brother "
     "{first} has {eponym}. Grandmother {full} had {disease}."),
    ("obituary_clipping",
     "Scanned clipping in chart: \"{full@a}, of {city}, died {date}. {first@a} is survived "
     "by {first}, {first} and {first}. In lieu of flowers, gifts to the {eponym} "
     "foundation.\" Patient (the grandson) worried about {sign}."),
    ("pedigree",
     "Pedigree: proband {full@a} (II-3) has {eponym}. Sister {first} (II-2) unaffected. "
     "Father {full} (I-1) had {disease}; paternal aunt {full} had {eponym}. "
     "{last@a} family seen by genetic counsellor {full} on {date}."),
    ("refill_queue",
     "REFILL QUEUE {date}\n1. {rev} - {drug} 500 mg - pharmacy {phone} - approved\n"
     "2. {rev} - {brand} - needs INR - called {phone}\n3. {rev} - {drug} - "
     "DEA {dea} - pending\nProcessed by {first}."),
    ("refill_note",
     "Pharmacist note: {full@a} asked for an early refill of {brand} for "
     "{disease}. Rx {id}. Spoke with prescriber {full}. {last@a}'s plan {plan} covers 30 days."),
    ("fax_cover",
     "FAX COVER SHEET\nTo: {full}    Fax: {fax}\nFrom: {full}    Phone: {phone}\n"
     "Date: {date}   Pages: 4\nRe: {rev@a}, DOB {dob} - records for {eponym} follow-up.\n"
     "CONFIDENTIAL"),
    ("fax_cover_2",
     "Fax to {city} Orthopedics ({fax}) from {first} at the front desk. Attached: {anatomy} "
     "films for {full@a}, account {acct}. {first@a} has {disease}."),
    ("hl7_export",
     "MSH|^~\\&|EHR|{city|up}|||{hl7date}||ADT^A04|{id}\n"
     "PID|1||{mrn}^^^MRN||{last@a|up}^{first@a|up}^^||{hl7date}|F|||{addr}^^"
     "{city}^{state}^{zip}||{phone}\nDG1|1||{disease}\nNK1|1|{last|up}^{first|up}|SPOUSE"),
    ("csv_export",
     "patient_id,last_name,first_name,dob,zip,ssn,dx\n{mrn},{last|up},{first|up},{isodate},"
     "{zip},{ssn},{disease}\n{mrn},{last|up},{first|up},{isodate},{zip},{ssn},{eponym}"),
    ("json_export",
     "{{\"patient\": {{\"name\": \"{full}\", \"dob\": \"{isodate}\", \"email\": \"{email}\", "
     "\"ip\": \"{ip}\"}}, \"problems\": [\"{disease}\", \"{eponym}\"], \"meds\": "
     "[\"{drug}\"], \"device\": \"{dev}\"}}"),
    ("xml_export",
     "<record><mrn>{mrn}</mrn><name><family>{last@a}</family><given>{first@a}</given></name>"
     "<contact>{full}</contact><phone>{phone}</phone><problem>{eponym}</problem>"
     "<med>{brand}</med><implant serial=\"{dev}\"/></record>"),
    ("billing_lines",
     "BILLING  acct {acct}  guarantor {rev}\n{date}  99214  office visit ({disease})  "
     "$182.00\n{date}  J1745  infusion ({brand})  $1,240.00\nPatient {full@a}  plan {plan}"),
    ("billing_dispute",
     "Billing office note: {full@a} called from {phone} about account {acct}. "
     "Charge for the {eponym} work-up was billed twice. {last@a} was told {full} would "
     "review by {date}."),
    ("voicemail",
     "Voicemail transcription ({date}, 4:52 PM, from {phone}): \"Hi, this is {full@a}, "
     "calling about my dad, {full}. His {sign} is back and the {drug} ran out. "
     "You can call me back or email {email@a}. Thanks.\""),
    ("voicemail_2",
     "VM received: \"yeah it's {first} again, {last} spelled like it sounds, about the "
     "{eponym} appointment, my number is {phone}, I'm at {addr} now.\" Routed to {full}."),
    ("interpreter_note",
     "Interpreter note: session in Amharic with {full@a} and her husband {first}; "
     "interpreter {full} (badge {id}). {last@a} understood the risks of {drug} and the "
     "{sign}. Teach-back completed. {date}."),
    ("sports_med",
     "SPORTS MEDICINE  {date}\n{full@a}, {age}, former marathoner, has {sign} of the "
     "{anatomy}. {epsign|cap} positive. Coach {last} asked for a return-to-run plan; "
     "{first@a} wants {brand}. Athletic trainer {full}."),
    ("sports_concussion",
     "Sideline note: {full} (#23) took a hit; {sign} and {sign}. {scale} and "
     "{gcs} done. Parent {full} called {phone}. Cleared by {full} on {date}."),
    ("correctional",
     "CORRECTIONAL HEALTH  Inmate {rev@a}  Booking {id}\nSeen at sick call {date} for "
     "{sign}. {disease|cap} and {eponym} on list. Officer {last} escorted. {last@a} asked "
     "that his sister {first} be told; number {phone}."),
    ("correctional_2",
     "Intake screen: {full@a}, {age}, from the {city} facility. Takes {drug} and {brand}. "
     "{scale} positive. ID {id}; SSN {ssn}. {first@a} named {full} as emergency contact."),
    ("va_note",
     "VA PRIMARY CARE  {date}\nVeteran {rev@a}  SSN {ssn}  Claim {id}\n{first@a} served "
     "with {full} in the same unit. {disease|cap} and {disease}; {scale} today. "
     "Continue {drug}. Spouse {first} at {phone}."),
    ("va_device",
     "Veteran {full@a}, {age}, has a pacemaker, serial {dev}, checked {date}. {sign|cap} "
     "denied. {eponym} stable on {brand}. Portal message sent from {ip}; {last@a} uses "
     "{email}."),
    ("occ_injury",
     "OCCUPATIONAL INJURY REPORT\nEmployee: {full@a}  Employee no. {id}\nEmployer contact: "
     "{full}, {phone}\nInjury date {date}: crushed the {anatomy} at the loading dock. "
     "{sign|cap}; {eponym} noted. {last@a} given {drug}. Workers comp claim {acct}."),
    ("occ_injury_2",
     "Return-to-work note: {full@a} may lift 10 lb. {disease|cap} from the "
     "fall is healing; {sign} resolved. Supervisor {full} notified on {date}. "
     "Driver licence {lic} checked for forklift work."),
    ("address_change",
     "Demographics update {date}: {full@a} moved to {addr}, {city}, {state} {zip}. New "
     "email {email}. Emergency contact {full}, {phone}. Problems: {disease}, {eponym}. "
     "Portal invite sent to {url}."),
    ("portal_audit",
     "Portal audit: login for {last@a|up}, {first@a|up} from {ip} on {date}; viewed "
     "{anatomy} imaging and {scale} results. Proxy {full} logged in from {ip}. Account "
     "{acct} locked after three tries."),
    ("licence_check",
     "Credentialing: Dr {full} (state licence {lic}) and NP {full} (licence {lic}) cover "
     "the {eponym} clinic. Patient {full@a} asked for {first}. Device rep called about "
     "pump {dev}."),
]
# fmt: on

STATES = dict(CITIES)
EPONYM_TESTS = [
    term
    for term in EPONYMS
    if any(
        w in term
        for w in ("score", "stage", "sign", "point", "test", "maneuver", "procedure", "nodes")
    )
    or term in ("Apgar", "Glasgow coma scale", "Nissen fundoplication", "Foley catheter")
    or term in ("Holter monitor", "Trendelenburg position", "Pap smear", "Gram stain")
]
EPONYM_DISEASES = [term for term in EPONYMS if term not in EPONYM_TESTS]

Person = tuple[str, str, str]  # first, last, middle initial
Rng = random.Random

_SLOT = re.compile(r"\{([a-z0-9]+)(?:@([a-z]))?(?:\|([a-z]+))?\}")


def _digits(rng: Rng, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _letters(rng: Rng, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _alnum(rng: Rng, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(n))


def _day(rng: Rng, first_year: int, last_year: int) -> datetime.date:
    return datetime.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def _format_date(rng: Rng, day: datetime.date) -> str:
    month = MONTHS[day.month - 1]
    return rng.choice(DATE_FORMATS).format(
        d=day.day,
        m=day.month,
        y=day.year,
        yy=day.year % 100,
        month=month,
        mon=month[:3],
        MON=month[:3].upper(),
        weekday=day.strftime("%A"),
    )


def _date(rng: Rng) -> str:
    return _format_date(rng, _day(rng, 2019, 2026))


def _dob(rng: Rng) -> str:
    return _format_date(rng, _day(rng, 1921, 2010))


def _isodate(rng: Rng) -> str:
    return _day(rng, 1921, 2026).isoformat()


def _hl7date(rng: Rng) -> str:
    return _day(rng, 1921, 2026).strftime("%Y%m%d")


def _phone(rng: Rng) -> str:
    area, mid, end = str(rng.randint(201, 989)), str(rng.randint(200, 989)), _digits(rng, 4)
    return rng.choice(
        [
            f"({area}) {mid}-{end}",
            f"{area}-{mid}-{end}",
            f"{area}.{mid}.{end}",
            f"+1 {area} {mid} {end}",
            f"1-{area}-{mid}-{end}",
        ]
    )


def _ascii(text: str) -> str:
    text = text.replace("ø", "o").replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and c.isalnum()).lower()


def _email_for(rng: Rng, person: Person) -> str:
    first, last, _ = (_ascii(part) for part in person)
    local = rng.choice(
        [
            f"{first}.{last}",
            f"{first[0]}{last}{_digits(rng, 2)}",
            f"{last}.{first[0]}",
            f"{first}{rng.randint(1950, 2009)}",
            f"{first}_{last}",
        ]
    )
    return f"{local}@{rng.choice(DOMAINS)}"


def _address(rng: Rng) -> str:
    street = f"{rng.randint(2, 9899)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
    if rng.random() < 0.3:
        unit = rng.choice(UNITS)
        number = f"{rng.randint(1, 40)}{rng.choice(['', '', 'A', 'B'])}"
        street += f" #{number}" if unit == "#" else f" {unit} {number}"
    return street


def _zip(rng: Rng) -> str:
    code = str(rng.randint(10001, 99950))
    return code + (f"-{_digits(rng, 4)}" if rng.random() < 0.35 else "")


def _ssn(rng: Rng) -> str:
    return f"{rng.randint(101, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"


def _mrn(rng: Rng) -> str:
    return rng.choice(
        [_digits(rng, 8), "E" + _digits(rng, 7), f"{rng.randint(10, 99)}-{_digits(rng, 6)}"]
    )


def _plan(rng: Rng) -> str:
    mbi = (
        f"{rng.randint(1, 9)}{_letters(rng, 1)}{_alnum(rng, 1)}{rng.randint(0, 9)}-"
        f"{_letters(rng, 1)}{_alnum(rng, 1)}{rng.randint(0, 9)}-{_letters(rng, 2)}{_digits(rng, 2)}"
    )
    return rng.choice([_letters(rng, 3) + _digits(rng, 9), _digits(rng, 9) + _letters(rng, 1), mbi])


def _account(rng: Rng) -> str:
    return rng.choice(
        [
            _digits(rng, 10),
            "AC-" + _digits(rng, 7),
            f"{_digits(rng, 4)}-{_digits(rng, 4)}-{_digits(rng, 2)}",
        ]
    )


def _licence(rng: Rng) -> str:
    return rng.choice(
        [
            _letters(rng, 1) + _digits(rng, 5),
            f"{_letters(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            f"{rng.randint(10, 99)}.{_digits(rng, 6)}",
        ]
    )


def _dea(rng: Rng) -> str:
    return _letters(rng, 2) + _digits(rng, 7)


def _device(rng: Rng) -> str:
    return rng.choice(
        [
            _letters(rng, 3) + _digits(rng, 6) + _letters(rng, 1),
            f"{rng.randint(10, 99)}-{_alnum(rng, 4)}-{_alnum(rng, 4)}",
            f"(01){_digits(rng, 14)}(21){_alnum(rng, 6)}",
        ]
    )


def _url(rng: Rng) -> str:
    host = rng.choice(WEB_HOSTS)
    path = rng.choice(
        [f"v/{_alnum(rng, 8).lower()}", f"p/{_digits(rng, 6)}", f"img?id={_digits(rng, 7)}"]
    )
    return (
        f"https://{host}/{path}" if rng.random() < 0.75 else f"www.{host.split('.', 1)[1]}/{path}"
    )


def _ip(rng: Rng) -> str:
    return rng.choice(
        [
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            ".".join(str(rng.randint(a, b)) for a, b in ((23, 223), (0, 255), (0, 255), (1, 254))),
        ]
    )


def _other_id(rng: Rng) -> str:
    return rng.choice(
        [
            f"{_letters(rng, rng.randint(2, 4))}-{_digits(rng, rng.randint(4, 7))}",
            f"{_digits(rng, 5)}-{_digits(rng, 3)}",
            f"{rng.randint(10, 99)}-{_letters(rng, 1)}{_digits(rng, 5)}",
        ]
    )


def _age(rng: Rng) -> str:
    return str(rng.randint(90, 104))


def _pick(values: list[str]) -> Callable[[Rng], str]:
    return lambda rng: rng.choice(values)


# slot -> (kind, where, maker); names are handled apart
SLOTS: dict[str, tuple[str, str, Callable[[Rng], str]]] = {
    "date": ("DATE", "phi", _date),
    "dob": ("DATE", "phi", _dob),
    "isodate": ("DATE", "phi", _isodate),
    "hl7date": ("DATE", "phi", _hl7date),
    "phone": ("PHONE", "phi", _phone),
    "fax": ("FAX", "phi", _phone),
    "addr": ("ADDRESS", "phi", _address),
    "city": ("CITY", "phi", lambda rng: rng.choice(CITIES)[0]),
    "zip": ("ZIP", "phi", _zip),
    "age": ("AGE", "phi", _age),
    "ssn": ("SSN", "phi", _ssn),
    "mrn": ("MRN", "phi", _mrn),
    "plan": ("HEALTH_PLAN", "phi", _plan),
    "acct": ("ACCOUNT", "phi", _account),
    "lic": ("LICENSE", "phi", _licence),
    "dea": ("LICENSE", "phi", _dea),
    "dev": ("DEVICE", "phi", _device),
    "url": ("URL", "phi", _url),
    "ip": ("IP", "phi", _ip),
    "id": ("ID", "phi", _other_id),
    "eponym": ("EPONYM", "keep", _pick(EPONYM_DISEASES)),
    "epsign": ("EPONYM", "keep", _pick(EPONYM_TESTS)),
    "apgar": ("EPONYM", "keep", _pick(["Apgar score", "Apgar"])),
    "gcs": ("EPONYM", "keep", _pick(["Glasgow coma scale"])),
    "drug": ("DRUG", "keep", _pick(DRUGS)),
    "brand": ("BRAND", "keep", _pick(BRANDS)),
    "disease": ("DISEASE", "keep", _pick(DISEASES)),
    "sign": ("SIGN", "keep", _pick(SIGNS)),
    "scale": ("SCALE", "keep", _pick(SCALES)),
    "anatomy": ("ANATOMY", "keep", _pick(ANATOMY)),
}
NAME_SLOTS = {
    "first": "NAME_FIRST",
    "last": "NAME_LAST",
    "full": "NAME_FULL",
    "fullm": "NAME_FULL",
    "rev": "NAME_FULL",
}


def _new_person(rng: Rng, taken: set[str]) -> Person:
    while True:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if first not in taken and last not in taken:
            taken.update((first, last))
            return first, last, rng.choice(INITIALS)


def _name(slot: str, person: Person, rng: Rng) -> str:
    first, last, initial = person
    if slot == "first":
        return first
    if slot == "last":
        return last
    if slot == "fullm" or (slot == "full" and rng.random() < 0.3):
        return f"{first} {initial}. {last}"
    if slot == "full":
        return f"{first} {last}"
    return f"{last}, {first}" + (f" {initial}." if rng.random() < 0.25 else "")


def _fill(template_id: str, template: str, rng: Rng) -> Note:
    note = Note(template=template_id)
    people: dict[str, Person] = {}
    taken: set[str] = set()
    city = ""
    pos = 0
    for match in _SLOT.finditer(template):
        note.text += template[pos : match.start()].replace("{{", "{").replace("}}", "}")
        pos = match.end()
        slot, ref, mod = match.group(1), match.group(2), match.group(3)
        if slot == "state":
            note.text += STATES[city]
            continue
        person = None
        if ref is not None:
            if ref not in people:
                people[ref] = _new_person(rng, taken)
            person = people[ref]
        if slot in NAME_SLOTS:
            kind, where = NAME_SLOTS[slot], "phi"
            value = _name(slot, person or _new_person(rng, taken), rng)
        elif slot == "email":
            kind, where = "EMAIL", "phi"
            value = _email_for(rng, person or _new_person(rng, taken))
        else:
            kind, where, make = SLOTS[slot]
            value = make(rng)
        if kind == "CITY":
            city = value
        if mod == "lo":
            value = value.lower()
        elif mod == "up":
            value = value.upper()
        elif mod == "cap":
            value = value[0].upper() + value[1:]
        span = (kind, len(note.text), len(note.text) + len(value))
        (note.phi if where == "phi" else note.keep).append(span)
        note.text += value
    note.text += template[pos:].replace("{{", "{").replace("}}", "}")
    return note


def generate(seed: int = 11, per_template: int = 10) -> list[Note]:
    """`per_template` notes for each template, filled with seeded random values."""
    rng = random.Random(seed)
    return [
        _fill(template_id, template, rng)
        for template_id, template in TEMPLATES
        for _ in range(per_template)
    ]
