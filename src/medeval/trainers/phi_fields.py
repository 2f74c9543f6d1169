"""Names in a note's fields and signatures: header fields, initials, sign-offs.

Notes put names where no verb or relation points at them: a header's field ("KODJO BHATT  DOB
...", "| Nagai, Svyatoslav O. |", "Resident: DAMHNAIT AL-RASHIDI  Age: 94"), after initials
("SW A. Early", "Ordering provider: M. Öztürk"), after a closing ("Yours sincerely,\nNgaio
Wolde", "... unchanged. -Sugar"). These rules of :class:`medeval.trainers.phi_names.NameFinder`
mark such words; they read the tokens and word lists the finder made.
"""

from __future__ import annotations

import re

from medeval.trainers.phi_lists import NameLists
from medeval.trainers.phi_tokens import Token, fold
from medeval.trainers.phi_words import PARTICLES, RELATIONS, VERB_CUES

#: One or two initials, perhaps a lower-case particle, right before a word.
_INITIALS_THEN = re.compile(
    r"(?<![\w.])(?:[A-Z]\.[ \t]?){1,2}[ \t]*"
    r"(?:(?:de|dal|ten|van|von|le|la|du|da|di|dos|das|zur|zum|bin|della)[ \t]+(?:der[ \t]+)?)?$"
)
#: Words after which an initial and a common word are a name ("by E. Early", "per S. Friend").
_INITIAL_CUES = RELATIONS | VERB_CUES | frozenset("by with to from for per pt patient".split())
#: What opens a header's field: a line start, a label's colon, two spaces or a dash.
FIELD_OPEN = re.compile(r"(?:\n|:|\||[ \t]{2}|\s[-–]\s)[ \t]*$")
#: A parenthesis or a quote right before a "Surname, First" field ("(Hare, Janis)") ...
OPENS_FIELD = re.compile(r"[(\"“][ \t]*$")
#: What ends a "Surname, First" field whatever opened it, perhaps after a middle initial: a
#: line's end, two spaces, a dash or a pipe between fields.
ENDS_FIELD = re.compile(r"(?:[ \t]+[A-Z]\.?)?(?:[ \t]*(?:\n|$|\|)|[ \t]{2}|[ \t]+[-–][ \t])")
#: An initial that ends a name's field, left out of the words ("Ripley, Bjørn B.   Room").
TRAILING_INITIAL = re.compile(r"([ \t][A-Z]\.?)(?=[ \t]{2}|[ \t]*(?:\n|$))")
#: ... and what closes it, perhaps after a middle initial.
CLOSES_FIELD = re.compile(r"(?:[ \t]+[A-Z]\.?)?[ \t]*[)\"”]")
#: What closes a header's field after a name.
_FIELD_CLOSE = re.compile(
    r"(?:[ \t]+[A-Z])?"  # a middle initial
    r"\.?(?:[ \t]{2}|[ \t]*(?:\n|$|\||<|\()|,[ \t]*(?:DOB|MRN|SSN|acct|Acct)\b|[ \t]+[-–][ \t])"
)
#: A person's label before a header's field ("Resident:", "Member:", "Name as on passport:").
_PERSON_LABEL = re.compile(
    r"\b(?:name(?:\s+as\s+on\s+\w+)?|patient|pt|resident|member|client|decedent|insured|"
    r"subscriber|guarantor|re|guardian|caller|user|from|to|attn|employee|student|inmate|"
    r"crew|contact)\s*:[ \t]*$",
    re.IGNORECASE,
)
#: "Al-Ghamdi, Yevgenia", "Nagai, Svyatoslav O": a surname, a comma and a given name.
_SURNAME_FIRST = re.compile(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)?, [^\W\d_][\w'’-]*(?: [A-Z])?")
#: Titles and labels that open a name's field but are no part of the name.
_TITLES = frozenset("pt patient mr mrs ms mx dr prof rev miss nurse name re attn".split())
#: A message's closing right before a name ("Yours sincerely,\nNgaio Wolde", "Thanks, Hope").
_SIGN_OFF = re.compile(
    r"\b(?:sincerely|regards|thanks|thank\s+you|cheers|best|respectfully|warmly|truly|thx|ty)"
    r"(?:[ \t]+(?:so|very)[ \t]+much|[ \t]+again|[ \t]+all)?[,!.]?[ \t]*\n?[ \t]*$",
    re.IGNORECASE,
)
#: Words a capital letter completes as a clinical term ("hepatitis C", "vitamin D", "type B").
LETTER_TERM = re.compile(
    r"\b(?:hepatitis|vitamin|type|group|class|grade|stage|factor|protein|phase|zone|lead|"
    r"influenza|strep|cluster|antigen|complex)[ \t]+$",
    re.IGNORECASE,
)


def header_names(text: str, tokens: list[Token], lists: NameLists) -> None:
    """Two to four name words alone in a header's field, between a line start, a label's
    colon, a pipe, a dash or two spaces and a line end, a pipe, two spaces or ", DOB"
    ("KODJO BHATT  DOB", "Pt: KA'AHANUI, AYŞE   MRN", "| Nagai, Svyatoslav O. |"): one
    of them a listed name that is no common word, or any words after a person's label
    ("Resident: DAMHNAIT AL-RASHIDI  Age")."""
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and (
            _word(tokens[j]) or (tokens[j].base in PARTICLES and not tokens[j].capital)
        ):
            gap = text[tokens[j - 1].end : tokens[j].start] if j > i else " "
            if not re.fullmatch(r",? |\. ", gap):
                break
            j += 1
        run = tokens[i:j]
        while run and run[0].base in _TITLES:  # "Pt Kline, DOB ...": the title stays
            run = run[1:]
        before = text[max(0, run[0].start - 40) : run[0].start] if run else ""
        label = _PERSON_LABEL.search(before)
        if (
            2 <= sum(_word(t) for t in run) <= 4
            and _word(run[0]) | (run[0].base in PARTICLES)
            and (not text[: run[0].start].strip() or FIELD_OPEN.search(before) or label)
            and _FIELD_CLOSE.match(text, run[-1].end)
            and (
                (
                    (label or _SURNAME_FIRST.fullmatch(text, run[0].start, run[-1].end))
                    and any(t.kind not in ("safe", "lower") for t in run if _word(t))
                )
                or any(
                    (fold(t.base) in lists.first or fold(t.base) in lists.last)
                    and fold(t.base) not in lists.safe
                    for t in run
                )
            )
        ):
            for t in run:
                t.name = True
        i = max(j, i + 1)


#: A list line that opens with a bed or room number: "12A ", "Bed 7 - ", "Rm 304: ".
_BED = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:bed|rm|room|bay|cubicle)[ \t]*)?\d{1,4}[A-Z]?[ \t]*[-–:]?[ \t]*$", re.I
)
#: What follows a patient's name in such a line: " - diagnosis", ": ", " (".
_BED_AFTER = re.compile(r"[ \t]+[-–:(][ \t]|:[ \t]")


def bed_names(text: str, tokens: list[Token]) -> None:
    """One to three name words after a bed or room number at a line's start and before a dash
    ("12B Lindholm - NPO", "15 RAFFERTY - sitter"), one of them no common word."""
    for i, tok in enumerate(tokens):
        if not _word(tok) or not _BED.search(text, max(0, tok.start - 24), tok.start):
            continue
        run = [tok]
        while len(run) < 3 and i + len(run) < len(tokens):
            nxt = tokens[i + len(run)]
            if not _word(nxt) or text[run[-1].end : nxt.start] not in (" ", "-"):
                break
            run.append(nxt)
        if _BED_AFTER.match(text, run[-1].end) and any(
            t.kind in ("strong", "weak", "other") for t in run
        ):
            for t in run:
                t.name = True


def _word(tok: Token) -> bool:
    """A capitalised word of any list, or a word in capitals ("OKONJO, SUNDAY": a common word
    in capitals keeps the kind "lower" and counts as a safe word)."""
    if tok.capital:
        return tok.kind in ("strong", "weak", "other", "safe")
    return tok.upper and len(tok.base) >= 2


def initials(text: str, tokens: list[Token]) -> None:
    """A name word after one or two initials in the middle of a line ("SW A. Early",
    "Ordering provider: M. Öztürk", "P. dal Molin"), not after a term's letter
    ("hepatitis C. Early") and not a list item's letter at a line start ("A. Early")."""
    for tok in tokens:
        if tok.name or not tok.capital or tok.kind not in ("strong", "weak", "other", "safe"):
            continue
        before = text[max(0, tok.start - 60) : tok.start]
        initial = _INITIALS_THEN.search(before)
        line = before[: initial.start()].rsplit("\n", 1)[-1] if initial else ""
        if initial is None or not line.strip() or line.rstrip()[-1:].isdigit():
            continue  # a list item's letter, or a unit ("38.5 C. Kline")
        cue = re.search(r"(\w+)\W*$", line)
        if tok.kind == "safe" and not (  # "requested by E. Early", "SW A. Early"
            line.rstrip().endswith(":")
            or (cue and cue.group(1).lower() in _INITIAL_CUES)
            or _named_before(text, tokens, tok.start - len(before) + initial.start())
        ):
            continue
        if not LETTER_TERM.search(before[: initial.start()]):
            tok.name = True


def _named_before(text: str, tokens: list[Token], at: int) -> bool:
    """A first name found already right before the initial at `at` ("Russell F. Black")."""
    return any(t.name and t.capital and re.fullmatch(r"[ \t]+", text[t.end : at]) for t in tokens)


def signed(text: str, tokens: list[Token], i: int) -> bool:
    """Right after a closing ("Yours sincerely,\nNgaio"), or a dash ending a message ("-Sugar")."""
    tok = tokens[i]
    if _SIGN_OFF.search(text, max(0, tok.start - 30), tok.start):
        return True
    if line_start(text, tok) and re.match(r"[ \t]*\n[ \t]*(?:--|—)", text[tok.end :]):
        return True  # a name alone on its line above a signature's "--"
    dash = re.search(r"(?:^|\s)[-–—~][ \t]?$", text[max(0, tok.start - 3) : tok.start])
    end = re.match(r"""[ \t]*["'”’)]?[ \t]*$""", text[tok.end :])  # a message's last word
    return bool(dash and end)


def line_start(text: str, tok: Token) -> bool:
    return not text[: tok.start].strip(" \t") or text[: tok.start].rstrip(" \t").endswith("\n")
