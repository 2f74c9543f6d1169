"""A synthetic clinical-note corpus covering the 18 HIPAA Safe Harbor identifier kinds, with traps.

Every identifier is invented here (seeded random values in varied written forms), so the corpus
holds no real person's data. Each note records where its identifiers are (kind, start, end; an
identifier is the identifying part: the name after a title, the number of an age, the value
after a label) and where its traps are: text a scrubber must leave alone (blood pressure 120/80,
lab values and doses, eponymous diseases, a year alone, ages under 90). Used by
tests/unit/test_phi.py and benchmarks/phi_scrub.py.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

FIRST = [
    "John",
    "Maria",
    "Wei",
    "Aisha",
    "Carlos",
    "Emily",
    "Olga",
    "Tomas",
    "Priya",
    "Kwame",
    "Hannah",
    "Luis",
    "Fatima",
    "George",
    "Ingrid",
    "Mohammed",
    "Sofia",
    "Daniel",
    "Yuki",
    "Grace",
]
LAST = [
    "Smith",
    "Garcia",
    "Chen",
    "Okafor",
    "Rodriguez",
    "Johnson",
    "Petrova",
    "Novak",
    "Sharma",
    "Mensah",
    "Miller",
    "Hernandez",
    "Haddad",
    "Brown",
    "Larsen",
    "Rahman",
    "Rossi",
    "O'Brien",
    "Tanaka",
    "Wilson",
]
STREETS = [
    "Maple",
    "Oak",
    "Washington",
    "Lake",
    "Hillcrest",
    "Cedar",
    "Pine",
    "Elm",
    "Sunset",
    "Park",
]
SUFFIXES = ["Street", "St.", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Lane", "Drive", "Court"]
CITIES = [
    ("Springfield", "IL"),
    ("Austin", "TX"),
    ("Portland", "OR"),
    ("Columbus", "OH"),
    ("Madison", "WI"),
    ("Burlington", "VT"),
    ("Tucson", "AZ"),
    ("Raleigh", "NC"),
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DOMAINS = ["example.com", "mail.org", "clinic.net", "health.io", "uni.edu"]
TITLES = ["Mr.", "Mrs.", "Ms.", "Dr.", "Pt", "Mr", "Dr"]

TRAPS = [
    "BP 120/80",
    "blood pressure 135/85 mmHg",
    "HbA1c 7.2%",
    "potassium 4.1 mmol/L",
    "glucose 126 mg/dL",
    "heart rate 88 bpm",
    "Parkinson's disease",
    "Alzheimer's disease",
    "Crohn's disease",
    "Hodgkin lymphoma",
    "Down syndrome",
    "in 2019",
    "since 2008",
    "a 45-year-old",
    "aged 72",
    "age 67",
    "metformin 500 mg twice daily",
    "1/2 tablet",
    "creatinine 1.3 mg/dL",
    "Apgar 9/10",
    "temperature 38.5 C",
    "LDL 160 mg/dL",
    "platelets 250 x10^9/L",
    "INR 2.5",
    "Cushing's syndrome",
    "Graves' disease",
    "Type 2 diabetes",
    "10 mg/kg",
    "stage 3 chronic kidney disease",
    "GCS 15",
    "SpO2 94%",
]


@dataclass
class Note:
    text: str = ""
    phi: list[tuple[str, int, int]] = field(default_factory=list)
    traps: list[tuple[int, int]] = field(default_factory=list)

    def add(self, piece: str) -> None:
        self.text += piece

    def add_phi(self, kind: str, value: str) -> None:
        self.phi.append((kind, len(self.text), len(self.text) + len(value)))
        self.text += value

    def add_trap(self, value: str) -> None:
        self.traps.append((len(self.text), len(self.text) + len(value)))
        self.text += value


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def _phone(rng: random.Random) -> str:
    a, b, c = f"{rng.randint(201, 989)}", f"{rng.randint(200, 999)}", _digits(rng, 4)
    return rng.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}"])


def _date(rng: random.Random) -> str:
    m, d, y = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1950, 2024)
    month = MONTHS[m - 1]
    return rng.choice(
        [
            f"{m:02d}/{d:02d}/{y}",
            f"{m}/{d}/{y % 100:02d}",
            f"{y}-{m:02d}-{d:02d}",
            f"{month} {d}, {y}",
            f"{d} {month} {y}",
            f"{month[:3]} {d}",
            f"{d}th of {month}",
            f"{month} {y}",
            f"{d}-{month[:3].upper()}-{y}",
        ]
    )


def _street(rng: random.Random) -> str:
    return f"{rng.randint(10, 999)} {rng.choice(STREETS)} {rng.choice(SUFFIXES)}"


def _handle(rng: random.Random) -> str:
    return f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower().replace(chr(39), '')}"


def _vin(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    head = "".join(rng.choice(letters + string.digits) for _ in range(8))
    tail = "".join(rng.choice(letters + string.digits) for _ in range(7))
    return head + rng.choice(string.digits) + tail + rng.choice(letters)  # 9th: check digit


# kind -> list of (prefix, value generator, suffix)
def _templates() -> dict[str, list[tuple[str, object, str]]]:
    return {
        "NAME": [
            (
                "Seen today: ",
                lambda r: (f"{r.choice(TITLES)} ", r.choice(LAST)),
                " reports better sleep.",
            ),
            ("Patient: ", lambda r: f"{r.choice(FIRST)} {r.choice(LAST)}", ", follow-up visit."),
            ("Referred by Dr. ", lambda r: f"{r.choice(FIRST)} {r.choice(LAST)}", " for review."),
            ("Name: ", lambda r: f"{r.choice(LAST)}, {r.choice(FIRST)}", "."),
            ("Her daughter ", lambda r: f"{r.choice(FIRST)} {r.choice(LAST)}", " was present."),
        ],
        "ADDRESS": [
            (
                "Lives at ",
                lambda r: f"{r.randint(1, 9999)} {r.choice(STREETS)} {r.choice(SUFFIXES)}",
                ".",
            ),
            (
                "Home: ",
                lambda r: f"{_street(r)}, Apt {r.randint(1, 40)}",
                ".",
            ),
            ("Mail to P.O. Box ", lambda r: str(r.randint(10, 9999)), " only."),
        ],
        "CITY": [
            ("Address: 12 Oak Street, ", lambda r: r.choice(CITIES)[0], ", IL."),
        ],
        "ZIP": [
            ("Moved to Austin, TX ", lambda r: _digits(r, 5), " last month."),
            ("ZIP code: ", lambda r: _digits(r, 5), "."),
            ("Zip ", lambda r: f"{_digits(r, 5)}-{_digits(r, 4)}", " on file."),
        ],
        "DATE": [
            ("Admitted on ", _date, " with chest pain."),
            ("DOB: ", _date, "."),
            ("Discharged ", _date, " in stable condition."),
        ],
        "AGE": [
            ("A ", lambda r: str(r.randint(90, 104)), "-year-old woman presented with falls."),
            ("Patient is ", lambda r: str(r.randint(90, 109)), " years old."),
            ("Resident, aged ", lambda r: str(r.randint(90, 101)), ", lives alone."),
            ("Now ", lambda r: str(r.randint(90, 99)), " yo male with dyspnea."),
        ],
        "PHONE": [
            ("Call back at ", _phone, " after 5 pm."),
            ("Phone: ", _phone, "."),
            ("Cell ", _phone, " (preferred)."),
        ],
        "FAX": [
            ("Fax: ", _phone, "."),
            ("Please fax results to ", _phone, " today."),
        ],
        "EMAIL": [
            (
                "Email ",
                lambda r: f"{_handle(r)}{r.randint(1, 99)}@{r.choice(DOMAINS)}",
                " for portal access.",
            ),
            (
                "Contact: ",
                lambda r: f"{r.choice(FIRST).lower()}_{r.randint(100, 999)}@{r.choice(DOMAINS)}",
                ".",
            ),
        ],
        "SSN": [
            (
                "SSN: ",
                lambda r: f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
                ".",
            ),
            (
                "Social security number ",
                lambda r: f"{r.randint(100, 665)}{r.randint(10, 99)}{r.randint(1000, 9999)}",
                " verified.",
            ),
        ],
        "MRN": [
            ("MRN: ", lambda r: _digits(r, r.randint(6, 9)), "."),
            ("Medical record number ", lambda r: f"MR-{_digits(r, 7)}", " updated."),
            ("Chart #", lambda r: _digits(r, 8), " reviewed."),
        ],
        "HEALTH_PLAN": [
            ("Medicaid ID ", lambda r: _alnum(r, 9) + _digits(r, 1), " active."),
            ("Health plan member number: ", lambda r: f"{_alnum(r, 3)}{_digits(r, 8)}", "."),
            ("Insurance policy # ", lambda r: f"PL-{_digits(r, 9)}", " on file."),
        ],
        "ACCOUNT": [
            ("Account number ", lambda r: _digits(r, 10), " billed."),
            ("Acct # ", lambda r: f"{_digits(r, 4)}-{_digits(r, 6)}", "."),
            ("Paid with card ", lambda r: "4111 1111 1111 1111", "."),
        ],
        "LICENSE": [
            ("Driver's license ", lambda r: f"D{_digits(r, 7)}", " copied."),
            ("DEA number ", lambda r: f"A{r.choice('BFM')}{_digits(r, 7)}", " on script."),
            ("Nursing license #", lambda r: f"RN{_digits(r, 6)}", " verified."),
        ],
        "VEHICLE": [
            ("Car VIN ", _vin, " recorded after the crash."),
            ("License plate ", lambda r: f"{_alnum(r, 3)}-{_digits(r, 4)}", " seen at the scene."),
        ],
        "DEVICE": [
            ("Pacemaker serial number ", lambda r: f"PM{_digits(r, 8)}", " interrogated."),
            ("Device ID: ", lambda r: f"{_alnum(r, 4)}-{_digits(r, 6)}", "."),
            ("Insulin pump SN ", lambda r: _alnum(r, 10).replace("O", "0") + "7", " replaced."),
        ],
        "URL": [
            (
                "See ",
                lambda r: f"https://www.{r.choice(DOMAINS)}/patients/{_digits(r, 5)}",
                " for images.",
            ),
            (
                "Portal: ",
                lambda r: f"http://portal.{r.choice(DOMAINS)}/u/{r.choice(LAST).lower()}",
                ".",
            ),
        ],
        "IP": [
            (
                "Login from ",
                lambda r: ".".join(str(r.randint(1, 254)) for _ in range(4)),
                " flagged.",
            ),
            ("IPv6 ", lambda r: ":".join(f"{r.randint(0, 65535):x}" for _ in range(8)), " logged."),
        ],
        "BIOMETRIC": [
            ("Fingerprint template ", lambda r: f"FP-{_alnum(r, 8)}1", " stored."),
            ("Voiceprint ID ", lambda r: f"VP{_digits(r, 7)}", " enrolled."),
            ("Retina scan ", lambda r: f"RS-{_digits(r, 6)}", " matched."),
        ],
        "PHOTO": [
            ("Face photo ", lambda r: f"IMG_{_digits(r, 4)}.jpg", " attached."),
            (
                "Wound photo saved as ",
                lambda r: f"{r.choice(LAST).lower()}_face_{_digits(r, 3)}.png",
                ".",
            ),
        ],
        "ID": [
            ("Study ID: ", lambda r: f"S{_digits(r, 5)}", "."),
            ("Patient ID ", lambda r: _alnum(r, 7) + "4", " linked."),
            ("Employee number ", lambda r: _digits(r, 6), " on badge."),
        ],
    }


def _heldout_templates() -> dict[str, list[tuple[str, object, str]]]:
    """Phrasings written after the recognizers were tuned on `_templates`, run once unchanged
    (their first result is quoted in benchmarks/phi_scrub.py)."""
    return {
        "NAME": [
            ("Spoke with Mrs ", lambda r: r.choice(LAST), " on the phone."),
            ("Accompanied by husband, ", lambda r: f"{r.choice(FIRST)} {r.choice(LAST)}", "."),
            ("Attending: Dr ", lambda r: r.choice(LAST), ", cardiology."),
        ],
        "ADDRESS": [
            (
                "Resides at ",
                lambda r: f"{r.randint(1, 999)} N {r.choice(STREETS)} {r.choice(SUFFIXES)}",
                " with family.",
            ),
            ("Found at ", lambda r: f"{r.randint(100, 9999)} {r.choice(STREETS)} Hill Rd", "."),
        ],
        "ZIP": [
            ("Mailing address: 40 Pine Ave, Madison, WI ", lambda r: _digits(r, 5), "."),
            ("Postal code ", lambda r: _digits(r, 5), " on the form."),
        ],
        "DATE": [
            (
                "Surgery was performed on ",
                lambda r: f"{MONTHS[r.randint(0, 11)]} {r.randint(1, 28)}",
                ".",
            ),
            (
                "Last seen ",
                lambda r: f"{r.randint(1, 12)}/{r.randint(1, 28)}/{r.randint(2000, 2024)}",
                " in clinic.",
            ),
            (
                "Date of death: ",
                lambda r: (
                    f"{r.randint(1, 28)} {MONTHS[r.randint(0, 11)][:3]} {r.randint(1990, 2024)}"
                ),
                ".",
            ),
        ],
        "AGE": [
            ("The patient, age ", lambda r: str(r.randint(90, 105)), ", was alert."),
            ("She is a ", lambda r: str(r.randint(90, 99)), " y/o retired teacher."),
        ],
        "PHONE": [
            (
                "Reach her at ",
                lambda r: f"{r.randint(201, 989)} {r.randint(200, 999)} {_digits(r, 4)}",
                " any time.",
            ),
            ("Tel: ", _phone, "."),
        ],
        "FAX": [("Fax number ", _phone, " for records."), ("Send by fax at ", _phone, ".")],
        "EMAIL": [
            (
                "Wrote from ",
                lambda r: f"{r.choice(LAST).lower().replace(chr(39), '')}@{r.choice(DOMAINS)}",
                " asking for results.",
            )
        ],
        "SSN": [
            (
                "SS# ",
                lambda r: f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
                " on the consent form.",
            )
        ],
        "MRN": [
            ("Record no. ", lambda r: _digits(r, 7), " merged."),
            ("MRN ", lambda r: f"{_digits(r, 3)}-{_digits(r, 4)}", "."),
        ],
        "HEALTH_PLAN": [
            (
                "Medicare number ",
                lambda r: f"{_digits(r, 1)}{_alnum(r, 3)}-{_alnum(r, 3)}-{_alnum(r, 4)}",
                " verified.",
            ),
            ("Beneficiary ID: ", lambda r: _alnum(r, 9) + "2", "."),
        ],
        "ACCOUNT": [
            ("Billing account: ", lambda r: _digits(r, 9), "."),
            ("Bank account ", lambda r: _digits(r, 12), " for refunds."),
        ],
        "LICENSE": [
            ("Medical license number ", lambda r: f"MD{_digits(r, 6)}", " confirmed."),
            ("NPI ", lambda r: _digits(r, 10), " listed."),
        ],
        "VEHICLE": [
            (
                "Vehicle plate number ",
                lambda r: f"{_digits(r, 1)}{_alnum(r, 3)}{_digits(r, 3)}",
                " (ambulance report).",
            )
        ],
        "DEVICE": [
            ("Defibrillator serial ", lambda r: f"DF{_digits(r, 7)}", " checked."),
            ("UDI ", lambda r: f"(01){_digits(r, 14)}", " logged."),
        ],
        "URL": [("Uploaded to ", lambda r: f"www.{r.choice(DOMAINS)}/scan{_digits(r, 4)}", ".")],
        "IP": [
            (
                "Device IP address ",
                lambda r: ".".join(str(r.randint(1, 254)) for _ in range(4)),
                " registered.",
            )
        ],
        "BIOMETRIC": [("Iris scan ID ", lambda r: f"IR{_digits(r, 6)}", " on file.")],
        "PHOTO": [("Photo: ", lambda r: f"patient_{_digits(r, 4)}.jpeg", " (face).")],
        "ID": [("Encounter number ", lambda r: _digits(r, 9), " closed.")],
    }


#: Safe Harbor identifier kind -> corpus kinds (the 18 kinds, as the HIPAA rule lists them)
SAFE_HARBOR = {
    "1 names": ["NAME"],
    "2 geographic subdivisions": ["ADDRESS", "CITY", "ZIP"],
    "3 dates and ages over 89": ["DATE", "AGE"],
    "4 telephone numbers": ["PHONE"],
    "5 fax numbers": ["FAX"],
    "6 e-mail addresses": ["EMAIL"],
    "7 social security numbers": ["SSN"],
    "8 medical record numbers": ["MRN"],
    "9 health plan numbers": ["HEALTH_PLAN"],
    "10 account numbers": ["ACCOUNT"],
    "11 certificate/licence numbers": ["LICENSE"],
    "12 vehicle identifiers": ["VEHICLE"],
    "13 device identifiers": ["DEVICE"],
    "14 URLs": ["URL"],
    "15 IP addresses": ["IP"],
    "16 biometric identifiers": ["BIOMETRIC"],
    "17 full-face photographs": ["PHOTO"],
    "18 other unique identifiers": ["ID"],
}
#: kinds whose recall must reach 95% (the structured ones); names and addresses: best effort
STRUCTURED = [
    "PHONE",
    "FAX",
    "EMAIL",
    "SSN",
    "MRN",
    "HEALTH_PLAN",
    "ACCOUNT",
    "LICENSE",
    "VEHICLE",
    "DEVICE",
    "URL",
    "IP",
    "DATE",
    "ZIP",
    "AGE",
]


def generate(per_template: int = 10, seed: int = 7, *, heldout: bool = False) -> list[Note]:
    """Notes of 1 identifier between 2 traps: `per_template` notes per template (the held-out
    phrasings with `heldout`)."""
    rng = random.Random(seed)
    notes = []
    for kind, templates in (_heldout_templates() if heldout else _templates()).items():
        for prefix, make, suffix in templates:
            for _ in range(per_template):
                note = Note()
                note.add_trap(rng.choice(TRAPS))
                note.add(". ")
                note.add(prefix)
                value = make(rng)  # type: ignore[operator]
                if isinstance(value, tuple):  # (text before the identifier, identifier)
                    note.add(value[0])
                    value = value[1]
                note.add_phi(kind, value)
                note.add(suffix + " Noted ")
                note.add_trap(rng.choice(TRAPS))
                note.add(".")
                notes.append(note)
    return notes


# Development sentences for bare names (no title, no label) and clinical terms that must stay;
# names and phrasings of their own, written to tune the name rules. Not the held-out set
# (tests/phi_eval_set.py), which is never tuned on.
DEV_FIRST = [
    "Margaret", "Tobias", "Anjali", "Kenji", "Chinonso", "Ewa", "Mateo", "Layla", "Dwayne",
    "Colleen", "Rhys", "Ayesha", "Bao", "Ibrahim", "Lucia", "Pavel", "Nomvula", "Sione", "Freya",
    "Amir", "Destiny", "Brandon", "Heather", "Lance", "Penny", "Sunny", "Crystal", "Hazel", "Ivy",
    "Norman", "Clifford", "Marisol", "Oyelaran", "Hyun-woo", "Ali",
]  # fmt: skip
DEV_LAST = [
    "Whitaker", "Obi", "Kaminski", "Morrison", "Vasquez", "Yoshida", "Chowdhury", "Lindqvist",
    "O'Connell", "McNamara", "Abernathy", "Tshabalala", "Fernandes", "Duarte", "Baptiste",
    "Hoang", "Cho", "Wu", "Das", "Ali", "Khan", "Pereira", "Russo", "Fischer", "Becker", "Wagner",
    "Carter", "Porter", "Hall", "Ward", "Cook", "Baker", "Marsh", "Frost", "Moon", "Lamb",
    "Church", "Ford", "Winter", "de Souza", "Van Dyke", "Ben-David",
]  # fmt: skip
DEV_KEEP = [
    "Parkinson's disease", "Crohn's", "Cushing's", "Hodgkin", "Alzheimer's", "Graves' disease",
    "Bell's palsy", "Down syndrome", "Apgar", "Glasgow coma scale", "metformin", "warfarin",
    "Noonan syndrome", "Horner syndrome", "Duchenne muscular dystrophy", "Tanner stage 3",
    "Lewy body dementia", "Kaplan-Meier curves", "Fisher's exact test", "Cox regression",
    "Epstein-Barr virus", "Meniere's disease", "Hashimoto's", "Wernicke's aphasia",
    "Tdap vaccine", "Pap smear", "Gram stain", "Doppler ultrasound", "Heimlich maneuver",
    "Mantoux test", "Bence Jones protein", "Lisfranc injury", "Baker's cyst", "Morton's neuroma",
    "Jakob-Creutzfeldt disease", "Hashimoto disease", "Addison disease", "Alzheimer dementia",
    "Xanax", "Tylenol", "Lipitor", "Coumadin", "Zithromax", "insulin", "apixaban", "Eliquis",
    "Wilson disease", "Turner syndrome", "Parkinson's", "Crohn disease",
]  # fmt: skip
DEV_TEMPLATES = [
    "Seen with her husband {full} today.",
    "{last} reports the {keep} is better.",
    "{first} says she stopped the {keep}.",
    "Spoke with {first} about {keep}.",
    "Son {first} {last} drove her in.",
    "{full} was counselled on {keep}.",
    "Per {first} she has fallen twice.",
    "Plan discussed with {last} and his wife {first}.",
    "{first}'s daughter asked about {keep}.",
    "Left a voicemail for {first}.",
    "{full}, 71, with {keep}, presents with dyspnea.",
    "{keep} diagnosed in 2015; {first} denies new symptoms.",
    "{Keep} is well controlled.",
    "Started {keep} after discussion with {full}.",
    "History of {keep}; {last} declined further tests.",
]


def bare_name_notes(per_template: int = 8, seed: int = 3) -> list[Note]:
    """Development notes: bare names as NAME identifiers and clinical terms as traps."""
    rng = random.Random(seed)
    notes = []
    for template in DEV_TEMPLATES:
        for _ in range(per_template):
            note = Note()
            for piece in re.split(r"(\{\w+\})", template):
                slot = piece[1:-1] if piece.startswith("{") else ""
                if slot in ("first", "last"):
                    note.add_phi("NAME", rng.choice(DEV_FIRST if slot == "first" else DEV_LAST))
                elif slot == "full":
                    note.add_phi("NAME", f"{rng.choice(DEV_FIRST)} {rng.choice(DEV_LAST)}")
                elif slot in ("keep", "Keep"):
                    term = rng.choice(DEV_KEEP)
                    note.add_trap(term[0].upper() + term[1:] if slot == "Keep" else term)
                else:
                    note.add(piece)
            notes.append(note)
    return notes
