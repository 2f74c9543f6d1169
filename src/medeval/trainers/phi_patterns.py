"""medeval's PHI patterns: the regexes presidio-analyzer runs for the Safe Harbor identifiers
that its stock recognizers miss (medeval.trainers.phi builds the recognizers from them).

Each kind maps to (pattern name, regex, score); regexes run with IGNORECASE unless ``(?-i:)``,
through the ``regex`` module that presidio uses (look-behinds may vary in width). A labelled
value (``_labelled``) matches the value only, never its label word.
"""

from __future__ import annotations

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
#: Between a label and its value: "MRN: ", "MRN is " and JSON's "zip": ".
_SEPARATOR = r"""["']?\s*(?:is|was)?\s*[:#]?\s*["']?\s*"""
# An identifier value: letters, digits and dashes with at least one digit.
_ID = r"(?=[A-Z0-9/.-]*\d)[A-Z0-9](?:[A-Z0-9/.-]*[A-Z0-9])?"
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
    r"(?:(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s./-]?\d{3}[\s./-]\d{4}"
    r"|(?<![\d.])\d{3}\.\d{7}(?!\d|\.\d)"
    # international: a country code, then groups of digits ("+44 20 1117 3358")
    r"|\+(?!1\b)(?=(?:[ ()-]*\d){8})\d{1,3}(?:[ -]\(?\d{1,4}\)?){2,5}(?![.,]?\d)"
    r")" + _EXTENSION
)


#: A labelled value written in spaced groups ("955 784 366", "MZC 1286 91").
_SPACED_ID = (
    r"(?:(?:[A-Z]{1,4}[ ]?)?\d{2,}(?:[ ]\d{2,}){1,3}|[A-Z][A-Za-z]{1,3}[ ]\d{4,})(?![ ]?\d)"
)


def _labelled(labels: str, value: str = f"(?:{_SPACED_ID}|{_ID})", *, weak: str = "") -> str:
    """A value right after a label ("MRN: 00123"); only the value is matched. A `weak` label
    ("patient", "plan") counts only with a number word after it ("patient ID", "plan no.")."""
    strong = rf"\b(?:{labels})\b\.?(?:{_NUMBER_WORD})?"
    label = f"(?:{strong}|\\b(?:{weak})\\b{_NUMBER_WORD})" if weak else strong
    return rf"(?<={label}{_SEPARATOR})#?" + value + r"\b"  # "Accession #930152": with its #


#: placeholder -> [(pattern name, regex, score)]; regexes run with IGNORECASE unless (?-i:).
MEDEVAL_PATTERNS: dict[str, list[tuple[str, str, float]]] = {
    "MRN": [
        (
            "labelled MRN",
            _labelled(
                r"MRN|medical record|med(?:ical)? rec|hosp\s*#|wristband|armband",
                weak=r"record|chart|hospital|unit|MR",
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
                r"analy[sz]er|S/N|"
                r"lot(?=\s*[:#]?\s*[A-Z0-9-]{4})|catalog|"
                r"(?-i:SN)",
                weak=r"implant|pacemaker|model|catheter|pump|defibrillator|ICD|stent",
            ),
            0.9,
        ),
        ("GS1 UDI", r"\(01\)\d{14}(?:\(\d{2}\)[A-Z0-9-]+){0,4}\b", 0.85),
        (
            # "serial SN:4193451613", "S/N URWN8DZLWH": a serial's prefix, or capitals alone
            "serial number",
            r"(?<=\b(?:serial|S/N|SN)(?:\s*(?:no\.?|number|#))?[:#]?\s*)(?-i:(?:SN|S/N)[:#]?\s*)?"
            r"(?-i:[A-Z0-9]{6,}(?:-[A-Z0-9]{2,})*)\b"
            r"|(?-i:\bSN:\s?[A-Z0-9-]{6,}\b)",
            0.8,
        ),
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
            r"|(?:[A-Z]{2,4}[ ])?\d{7,}|[A-Z]{2,4}[ ]\d{4}[ ]\d{4,}"
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
        (
            # a code-shaped value after such a label without a number word ("badge INT3441",
            # "study KA75-KETN", "Subject 014-0077", "case #814291")
            "code after an identifier word",
            _labelled(
                r"patient|case|study|subject|badge|employee|staff|student|visit|encounter|"
                r"participant|member|booking|inmate|registry|record|file|ticket|order",
                r"(?-i:(?![A-Z]+-\d{1,2}\b)(?=(?:[A-Z-]*\d){2})(?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]{5})"
                r"[A-Z0-9]+(?:-[A-Z0-9]+)*"
                r"|\d{3,}-\d{3,}|\d{5,})",
            ),
            0.6,
        ),
        (
            # any word + "#", "no." or "number" + a code with four digits or more, or five
            # capitals and digits ("Ticket #441122", "Report number 44-1182", "Ref no. KX7Y2Q")
            "numbered code",
            r"(?<=\b[A-Za-z]{2,}\.?\s*(?:#|no\.|number|num\.)\s*[:#]?\s*)#?(?-i:"
            r"(?=(?:[A-Z/-]*\d){4})[A-Z0-9](?:[A-Z0-9/-]*[A-Z0-9])?"
            r"|(?=[A-Z0-9]{5,}\b)(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]+"
            r"|(?=[A-Z0-9-]{6,})(?=(?:[A-Z-]*\d){2})(?=(?:[\d-]*[A-Z]){2})[A-Z0-9]+(?:-[A-Z0-9]+)+"
            r")(?![\w-])",
            0.5,
        ),
        (
            # a code with capitals and four digits or more after any label and a colon
            # ("Req: INT6377", "Bill to: JXG 838392740")
            "code after a colon",
            r"(?<=\b[A-Za-z]{2,}\.?:[ \t]*)(?-i:(?=[A-Z0-9 -]*[A-Z])(?=(?:[A-Z -]*\d){4})"
            r"[A-Z0-9]+(?:(?:-|[ ](?=\d{3}))[A-Z0-9]+)*)(?![\w-])"
            r"|(?<=\b[A-Za-z]{2,}\.?:[ \t]*)#\d{4,}\b",
            0.5,
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
            r"number|no\.|#|at|callback|pharmacy|contact|reach|line|\))\s*[:#]?\s*)"
            + _LOCAL_PHONE
            + r"(?![\w/-])",
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
        (
            "ISO",  # 2019-03-14, 2019.03.14, 2019/03/14
            r"\b(?:19|20)\d{2}(?P<isep>[-./])(?:0[1-9]|1[0-2])(?P=isep)(?:0[1-9]|[12]\d|3[01])\b",
            0.9,
        ),
        ("month 'yy", rf"\b{_NOT_A_VERB}{_MONTH}\.?\s+['’]\d{{2}}\b", 0.8),
        (
            "the ordinal day",  # "on the 14th", "by the 3rd," (not "the 3rd day")
            r"(?<=\b(?:on|by|since|until|before|after)\s+the\s)(?:[12]?\d|3[01])(?:st|nd|rd|th)\b"
            r"(?!\s*(?:-|[a-z]))",
            0.7,
        ),
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
        ("ddMONyyyy", rf"(?-i:\b\d{{1,2}}(?i:{_MONTH})(?:19|20)?\d{{2}}\b)", 0.85),
        (
            # month/day without a year, only after a word that dates something ("discharged
            # 8/20", "collected 12/19"): alone it could be a fraction
            "m/d after a dating word",
            r"(?<=\b(?:on|admitted|discharged|collected|since|until|dated|seen|started|stopped|"
            r"due|born|DOB|date|triage|note|visit|received|drawn|f/u|log|appt|appointment|"
            r"admit|given|death|birth|surgery|onset|injury|vaccinated|administered|placed|from|"
            r"rec['’]d|recd|rcvd|review|reviewed|signed|statement|bloods|labs|graft|next|"
            r"(?-i:TE)|scan|booked|scheduled|faxed|sent|filled|refilled|delivered|"
            rf"through|thru|expires|exp|{_WEEKDAY})[:]?\s)"
            r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/]|\.\d)",
            0.7,
        ),
        (
            # month/day before a time ("1/23 14:22"), or after a plan's verb ("recheck weight
            # 9/14", "leaves 4/24")
            "m/d with a time or a plan",
            r"(?<![\d/.])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?=[ \t]+\d{1,2}:\d{2}\b)"
            r"|(?<=\b(?:recheck|repeat|leaves|leaving|returns?|back|revisit|follow-up|followup)"
            r"(?:[ \t]+[a-z]+)?[ \t]+)(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/%]|\.\d)",
            0.7,
        ),
        (
            # month/day in a header: after " - " or two spaces, or ending a line
            "m/d in a header",
            r"(?:(?<=\s-\s|\S[ \t]{2})(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/%]|\.\d)"
            r"|(?<![^\s,])(?<!\b(?:apgars?|score|scale|grade|ratio|power|strength|test)\s)"
            r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?=[ \t]*(?:\n|$)))",
            0.7,
        ),
    ],
    "AGE": [
        (
            "age over 89",
            r"(?<![\d.]|\d\s*(?:-|–|to)\s*)(?:9\d|1[0-2]\d)"
            r"(?=\s*-?\s*(?:(?:years?|yrs?|y/?o|yo)\b|(?:y\.\s?o\.?|y-o|y)(?![A-Za-z])))"
            r"|(?<=\b(?:aged?|age:)\s*)(?:9\d|1[0-2]\d)\b(?!\.\d)"
            r"|(?<=\bat\s)(?:9\d|1[0-2]\d)(?=,\s)"
            r"|(?-i:\b(?:9\d|1[0-2]\d)(?=\s?(?:[FM]|yo[FM]?|y/o[FM]?)\b))"
            r"|(?<=\()(?:9\d|1[0-2]\d)(?=\))"
            # "Age at death: 97", "turned 100", "her 101st birthday", "F/92", "92/M", "a woman
            # of 98", "The patient, 91, was"
            r"|(?<=\bage\b[^:\n\d]{0,25}:\s*)(?:9\d|1[0-2]\d)\b"
            r"|(?<=\bturned\s)(?:9\d|1[0-2]\d)\b|(?:9\d|1[0-2]\d)(?=(?:st|nd|rd|th)\s+birthday)"
            r"|(?-i:(?<=\b[FM]\s?/\s?)(?:9\d|1[0-2]\d)\b|\b(?:9\d|1[0-2]\d)(?=\s?/\s?[FM]\b))"
            r"|(?<=\b(?:woman|man|lady|gentleman|female|male|patient|widow|widower|veteran)\s+of\s)"
            r"(?:9\d|1[0-2]\d)\b(?!\s*(?:%|[a-z]))"
            r"|(?<=[A-Za-z],\s)(?:9\d|1[0-2]\d)(?=,\s+[a-z])"
            # "died at 102", "Kline, approx 103, found"
            r"|(?<=\b(?:died\s+(?:at|aged)|lived\s+to|(?:he|she)['’]s|(?:he|she)\s+is)\s)"
            r"(?:9\d|1[0-2]\d)\b(?!\.\d|\s*(?:%|lbs?|kg|pounds|kilos|percent|minutes|hours|days))"
            r"|(?<=,\s+(?:approx\.?|approximately|about|around)\s)(?:9\d|1[0-2]\d)(?=,)",
            0.9,
        ),
        (
            "age over 89 in words",
            r"\b(?:ninety|one\s+hundred(?:\s+and)?)(?:[- ](?:one|two|three|four|five|six|seven|"
            r"eight|nine|ten|eleven|twelve))?(?=[- ]years?[- ]old\b|\s+years\s+of\s+age\b"
            r"|[- ]?(?:y/o|yo|y\.o\.|yrs?)(?!\w))"
            r"|(?<=\b(?:aged?|age:|died\s+at|lived\s+to|(?:he|she)['’]s|approx\.?|approximately)\s*"
            r"|\()(?:ninety|one\s+hundred)"
            r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\b"
            # "Mehdi is ninety-seven with ..."
            r"|(?<=\bis\s)(?:ninety|one\s+hundred)(?:[- ](?:one|two|three|four|five|six|seven|"
            r"eight|nine))?(?=\s+with\b)"
            r"|(?<=\b(?:aged|age:|died\s+at|approx\.?|approximately)\s*|\()(?:ninety|one\s+hundred)"
            r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\b",
            0.85,
        ),
    ],
    "ZIP": [
        ("ZIP after state", rf"(?<=(?-i:\b(?:{_STATES}))\.?,?\s+)\d{{5}}(?:-\d{{4}})?\b", 0.9),
        ("labelled ZIP", _labelled(r"zip|zip code|postal code|zipcode", r"\d{5}(?:-\d{4})?"), 0.95),
        ("ZIP+4", r"\b\d{5}-\d{4}\b", 0.6),
        # an HL7 address's ZIP after its state: "^^Akron^OH^22737"
        ("HL7 ZIP", r"(?<=\^(?-i:[A-Z]{2})\^)\d{5}(?:-\d{4})?\b", 0.9),
    ],
    "ADDRESS": [
        (
            "street address",
            r"(?-i:(?:\bLot\s+\d+,\s+)?\b\d{1,6}(?:-?[A-Z])?\s+"
            r"(?:(?:[NS][EW]?|[EW]|North|South|East|West)\.?\s+)?"
            r"(?:[A-Z][a-z]+\.?\s+|\d+(?:st|nd|rd|th)?\s+|(?:de|del|la|los|las)\s+){1,4}"
            + _STREET
            + r"\b\.?(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Lot|Bldg|Building|Room|Rm|Fl|Floor|"
            r"Space|Trlr|#)\.?\s*#?[\w-]+)?)",
            0.85,
        ),
        ("PO box", r"\bP\.?\s?O\.?\s+Box\s+\d+\b", 0.85),
        (
            "county road",  # "13516 County Rd 406", "County Road 12", "State Route 9"
            r"(?-i:(?:\b\d{1,6}\s+)?\b(?:County|State|Farm\s+to\s+Market|Township)\s+"
            r"(?:Rd|Road|Route|Rte|Hwy|Highway|Line)\.?\s+\d{1,4}[A-Z]?\b)",
            0.85,
        ),
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
            # a nickname: 'goes by "Deb"', "known as Red", "aka Skip"
            "nickname",
            r"(?-i:(?<=\b(?i:goes\s+by|known\s+as|nicknamed|aka|a\.k\.a\.)[ \t]+[\"“'‘]?)"
            r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+)",
            0.8,
        ),
        (
            # an account name in an access log ("user ikyei opened chart", "user smitty.potter
            # logged in"), and DICOM/HL7 names ("DEMPSEY^TUNDE", "THORN^HARSIMRAN^R")
            "user name or caret name",
            r"(?<=\buser(?:name)?[:\s]\s*)[a-z][a-z0-9._-]{2,}(?=\s+(?:opened|accessed|viewed|"
            r"logged|printed|exported|modified|edited|signed|downloaded|searched)\b)"
            r"|(?-i:\b[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?:\^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*){1,3}\b)",
            0.8,
        ),
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
