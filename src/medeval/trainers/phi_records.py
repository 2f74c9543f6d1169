"""Names in records and names that are common words.

Exports and logs put a name where only its key says what it is: a JSON field (``"author":
"Hnatyuk"``), a ``key=value`` pair of an access log (``user=igwe``) or a CSV column
(``patient_name`` / ``client``). Notes also name people with words that are common words too
("Memory", "Sunday", "Comfort"); only the words around them say that they are a person's: an age
in parentheses ("Memory (16) came alone"), a relation in parentheses ("Zion (neighbour)"), a
nickname ("prefers to be called "India"", "goes by Echo") or a self-introduction ("Hi, it's
India."). These rules of :class:`medeval.trainers.phi_names.NameFinder` mark such words; they
read the tokens and word lists the finder made.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from medeval.trainers.phi_lists import NameLists
from medeval.trainers.phi_tokens import Token, fold, head_noun
from medeval.trainers.phi_words import PARTICLES, RELATIONS, RIGHT_CUES

#: A key that names a person: "patient_name", "last_name", "author", "user", "signed_by",
#: "client" (and, in XML only, <family> and <given>, which in a table could be drugs "given").
PERSON_KEY = re.compile(
    r"(?:^|[_ .-])(?:(?:patient|pt|client|member|resident|last|first|given|family|full|"
    r"middle|maiden|nick|preferred|user|contact|guarantor|caller|provider|person)[_ .-]?name|"
    r"fullname|surname|patient|pt|client|author|user|username|userid|uid|login|"
    r"nurse|provider|physician|doctor|clinician|caller|guarantor|subscriber|member|resident|"
    r"signer|by|rn|md|np|attending|contact|owner|witness|caregiver|guardian|staff|operator|"
    r"reviewer|editor|sender|recipient|from|to)$",
    re.IGNORECASE,
)
#: A key that may name a person or a thing ("name": a patient's or a drug's).
_GENERIC_KEY = re.compile(r"(?:^|[_ .-])name$", re.IGNORECASE)
#: ``"key": "value"`` (JSON) or ``key=value`` / ``key="value"`` (logs, query strings).
_KEYED = re.compile(
    r"""(?:"(?P<jkey>[A-Za-z][\w .-]{0,30})"[ \t]*:[ \t]*"(?P<jvalue>[^"\n]{1,60})")"""
    r"""|(?:(?<![\w.-])(?P<key>[A-Za-z][\w.-]{0,30})=(?P<q>["']?)(?P<value>"""
    # several words only up to the next key ("user=le grange src_ip=..."), else one word
    r"""[^\W\d_][^\s"'=,;&<>{}\[\]]*(?:[ \t]+[^\W\d_][^\s"'=,;&<>{}\[\]]*){1,3}"""
    r"""(?=(?P=q)[ \t]+[\w.-]+=)|[^\W\d_][^\s"'=,;&<>{}\[\]]*)(?P=q)(?=[\s,;&}\]]|$))"""
    # XML: <family>Smart</family>
    r"""|<(?P<xkey>[A-Za-z][\w.-]{0,30})>(?P<xvalue>[^<>\n]{1,60})</(?P=xkey)>"""
)
#: An age in parentheses right after a word: "(16)", "(9 yrs)", "(92F)", "(4 mo)".
_AGE_ASIDE = re.compile(
    r"[ \t]*\([ \t]*\d{1,3}[ \t]*(?P<unit>y|yo|y/o|yr|yrs|years?|mo|mos|months?|[FM])?[ \t]*\)"
)
#: A relation or a nickname in parentheses: "(neighbour)", "(my son)", "(goes by "Harbor")".
_ASIDE_WORDS = re.compile(r"[ \t]*\((?:my|his|her|the|pt'?s|patient'?s)?[ \t]*([a-z-]+)")
#: What introduces a nickname: "prefers to be called", "goes by", "known as", "aka".
_NICKNAME = re.compile(
    r"(?:\bcalled|\bgoes[ \t]+by|\bknown[ \t]+as|\baka|\ba\.k\.a\.|\bnicknamed)[ \t]*[\"“'‘]?$",
    re.IGNORECASE,
)
#: A self-introduction before a name that ends the clause: "it's India.", "this is Memory,".
_INTRODUCED = re.compile(
    r"(?:\bit['’]?s|\bthis[ \t]+is|\bi['’]?m|\bi[ \t]+am|\bmy[ \t]+name[ \t]+is)[ \t]+$",
    re.IGNORECASE,
)
_VERBS_AFTER_AGE = RIGHT_CUES | frozenset("came comes attended arrived presents presented".split())


def keyed_names(text: str, tokens: list[Token], lists: NameLists) -> None:
    """Words of a value whose key names a person, in JSON, ``key=value`` pairs and CSV
    columns: one to four words, at least one of them no common word (so that a drug under
    "name" stays)."""
    for start, end, generic in _person_values(text):
        inside = [t for t in tokens if start <= t.start and t.end <= end]
        words = re.findall(r"[^\W_]+", text[start:end])
        if not inside or len(words) > 5 or any(w.isdigit() for w in words):
            continue
        if not generic or any(fold(t.base) not in lists.safe for t in inside if len(t.base) > 1):
            for t in inside:
                t.name = True


def _person_values(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, generic key) of each value under a person's key."""
    for match in _KEYED.finditer(text):
        kind = next(k for k in ("j", "x", "") if match.group(f"{k}key"))
        key = match.group(f"{kind}key")
        if PERSON_KEY.search(key) or (kind == "x" and key.lower() in ("family", "given")):
            group = f"{kind}value"
            yield match.start(group), match.end(group), bool(_GENERIC_KEY.fullmatch(key))
    for start, end, column in _csv_person_cells(text):
        yield start, end, bool(_GENERIC_KEY.fullmatch(column))


def _csv_person_cells(text: str) -> Iterator[tuple[int, int, str]]:
    """Cells under a person's column of a comma-separated table whose first line is a header
    of plain column names."""
    header: list[str] | None = None
    offset = 0
    for line in text.split("\n"):
        cells = list(_cells(line, offset))
        names = [line[a - offset : b - offset].strip() for a, b in cells]
        if len(cells) >= 3 and all(re.fullmatch(r"[A-Za-z][\w ./-]{0,30}", n) for n in names):
            header = names
        elif header is not None and len(cells) == len(header):
            for (a, b), column in zip(cells, header, strict=True):
                if PERSON_KEY.search(column):
                    yield a, b, column
        else:
            header = None
        offset += len(line) + 1


def _cells(line: str, offset: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each cell's value in a CSV line, quotes left outside."""
    i = 0
    while i <= len(line):
        if line[i : i + 1] == '"':
            close = line.find('"', i + 1)
            while close != -1 and line[close + 1 : close + 2] == '"':
                close = line.find('"', close + 2)
            if close == -1:
                return
            yield offset + i + 1, offset + close
            i = close + 1
            if i < len(line) and line[i] != ",":
                return
            i += 1
        else:
            comma = line.find(",", i)
            stop = len(line) if comma == -1 else comma
            yield offset + i, offset + stop
            i = stop + 1


def common_word_name(text: str, tokens: list[Token], i: int) -> bool:
    """A capitalised word that is also a common word is a given name by what stands around it:
    an age or a relation in parentheses after it, a nickname's cue or a self-introduction
    before it."""
    tok = tokens[i]
    after = text[tok.end : tok.end + 40]
    age = _AGE_ASIDE.match(after)
    if age:
        nxt = re.match(r"[ \t,]*([a-z]+)", after[age.end() :])
        if age.group("unit") or (nxt is not None and nxt.group(1) in _VERBS_AFTER_AGE):
            return True  # "Tiny (9 yrs), brought by", "Memory (16) came alone"
    aside = _ASIDE_WORDS.match(after)
    if aside and (aside.group(1) in RELATIONS or aside.group(1) in ("goes", "aka", "prefers")):
        return True  # "Zion (neighbour)", "Zion (goes by "Harbor")"
    before = text[max(0, tok.start - 30) : tok.start]
    if _NICKNAME.search(before):
        return True  # prefers to be called "India", goes by Echo
    return bool(_INTRODUCED.search(before) and re.match(r"[ \t]*(?:[.,!?;:]|$)", after))


def repeat_names(tokens: list[Token], lists: NameLists) -> bool:
    """A word found as a name anywhere in the text is a name wherever else it stands
    ("Tunde Underwood ... Underwood's semen analysis"), unless it is a known eponym, stands
    right before a head noun or is a common word written in lower case."""
    seen = {
        fold(t.base)
        for t in tokens
        if t.name and len(t.base) >= 3 and t.base not in PARTICLES and t.kind != "lower"
    }
    lowered = {fold(t.base) for t in tokens if t.name and not t.capital and not t.upper}
    seen |= lowered
    changed = False
    for i, tok in enumerate(tokens):
        base = fold(tok.base)
        if tok.name or base not in seen or base in lists.eponyms:
            continue
        if not (tok.capital or tok.upper) and (base in lists.safe or base not in lowered):
            continue  # "Will Kline ... will call", "Font ... font size": the word stays
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and head_noun(nxt.base):
            continue  # "Dr Parkinson ... Parkinson disease"
        tok.name = changed = True
    return changed


def lower_case_names(text: str, tokens: list[Token], lists: NameLists) -> None:
    """In a line whose sentences all open in lower case, as patients text ("a bit. archie will
    drive me in"), a word that is a listed first name or surname and no common word or eponym
    is a name."""
    for tok in tokens:
        if tok.name or tok.capital or tok.upper or len(tok.base) < 3:
            continue
        base = fold(tok.base)
        if base in lists.safe or base in lists.eponyms:
            continue
        if base not in lists.first and base not in lists.last:
            continue
        line_start = text.rfind("\n", 0, tok.start) + 1
        line_end = text.find("\n", tok.end)
        line = text[line_start : len(text) if line_end == -1 else line_end]
        if all(first.islower() for first in _sentence_openings(line)):
            tok.name = True


def _sentence_openings(line: str) -> list[str]:
    """The first letter of each sentence of a line."""
    return [m.group(1) for m in re.finditer(r"(?:^|[.!?][ \t]+)[^A-Za-z]*?([^\W\d_])", line)]
