"""Bare personal names: Philter's name and safe-word lists, read offline from philter-lite.

philter-lite ships Philter's word sets: about 97,000 first names, 161,000 surnames and 195,000
"safe" words (English, medical and drug vocabulary, brand names included). medeval reads those
sets from the installed package (no download) and decides each capitalised word with rules of
its own, because philter-lite's pipeline needs NLTK's part-of-speech tagger, whose data is not
on PyPI:

* a word followed by a clinical head noun, possessive or not ("Parkinson's disease", "Hodgkin
  lymphoma", "Glasgow coma scale", "Smith fracture"), and the capitalised words before it, is an
  eponym and is kept; so is "of" + eponym after an anatomical noun ("circle of Willis");
* a word that is a first name or surname, not a safe word and not a known bare eponym is a
  name wherever it stands;
* a word that is both a name and a safe word ("Hope", "Will", "Young", "Brown", "Apgar"), a
  known bare eponym ("Crohn's", "Cushing's") or a word in no list ("Oluwaseun", a brand
  missing from the safe words) is a name only in a name's context: after a relation or a
  verb of speaking ("husband", "spoke to", "per"), before a verb of a person ("reports",
  "denies") or a relation ("Kline's mother"), next to another name ("Will Kline"), or as a
  first-name-surname pair ("Hope Price").

Two word lists were mined once from medical text (MedQuAD's NIH pages and PubMedQA's
abstracts) by ``scripts/phi_eponyms.py`` and ship with medeval: ``phi_eponyms.txt``, the bare
eponyms (capitalised words seen before a clinical head noun, possessive or frequent, that are not
common as both first name and surname), and ``phi_common_words.txt``, words of Philter's name
lists that medical text writes in lower case ("gene", "natal", "milia"), added to the safe words.
A word run into a digit or after a slash ("SpO2", "Ca/Bis") is a code, never a name.
"""

from __future__ import annotations

import re
from typing import Any

from medeval.trainers.phi_fields import (
    CLOSES_FIELD,
    ENDS_FIELD,
    FIELD_OPEN,
    LETTER_TERM,
    OPENS_FIELD,
    TRAILING_INITIAL,
    bed_names,
    header_names,
    initials,
    line_start,
    signed,
)
from medeval.trainers.phi_lists import NameLists, philter_lists
from medeval.trainers.phi_places import placed_region
from medeval.trainers.phi_records import (
    common_word_name,
    keyed_names,
    lower_case_names,
    repeat_names,
)
from medeval.trainers.phi_tokens import (
    Token,
    adjacent,
    fold,
    head_noun,
    joined,
    sentence_start,
    tokenize,
)
from medeval.trainers.phi_words import (
    AGENT_PARTICIPLES,
    AMBIGUOUS_WORDS,
    GREETINGS,
    LEFT_CUES,
    LEFT_PAIRS,
    MODALS,
    OF_NOUNS,
    PARTICLES,
    PERSON_AFTER,
    POSSESSED,
    RELATIONS,
    REQUESTS,
    RIGHT_CUES,
)

#: Words before a capitalised word that make it a place, a people or a thing, not a person.
_PLACE_WORDS = frozenset("the a an in across throughout from".split())
_DETERMINERS = frozenset("a an the this these those some any every each my your our their".split())
#: Words between a capitalised word and a head noun that keep them apart ("Bukola for cycle 4").
_NOT_BEFORE_HEAD = frozenset(
    "and or with was is has had the for of in at to on from by after before since via per".split()
)
#: What a person does to the writer ("asked me", "told us").
_ASKED = re.compile(
    r"[ \t]+(?:asked|told|called|texted|emailed|phoned|wants|wanted)[ \t]+(?:me|us)\b"
)
#: A chat line's speaker: a name, a colon, then what was said in lower case.
_SPEAKER = re.compile(r":[ \t]+[a-z]")
#: A header's field label after a word: "DEA: ...", "DOB 1/2/1950", "MRN 123".
_FIELD_AFTER = re.compile(r"[ \t]*[:#]|[ \t]+\d|[ \t]{2}")
#: Spoken punctuation in dictation.
_SPOKEN = frozenset("period comma colon".split())
#: Group nouns after "the <surname>" ("the Lancaster family").
_KIN = frozenset("family familys household twins brothers sisters clan".split())
#: Words that close a "verb" cue only when the name is not also possessive-eponym shaped.
_WEAK_RIGHT = frozenset("will would was is has had".split())

#: A parenthesised list of people after a group word: "Family (Vasily, Kaimana, Ó Súilleabháin)".
_PEOPLE_LIST = re.compile(
    r"\b(?:family|relatives|visitors|children|kids|siblings|parents|carers|caregivers)\s*"
    r"\((?:[^()\n]{0,80}?,\s*)?$",
    re.IGNORECASE,
)
#: One or two initials right before a word ("A. Dobbins", "T.P. Ezeani"), after a space or
#: punctuation; searched in a short window before the word.
_INITIAL_BEFORE = re.compile(r"(?<![^\s(,:;])[A-Z]\.(?:[ \t]?[A-Z]\.)?[ \t]+$")


class NameFinder:
    """Finds bare personal names with `lists` (Philter's by default)."""

    def __init__(self, lists: NameLists | None = None, model: Any = None) -> None:
        self.lists = lists or philter_lists()
        #: a learned second opinion (medeval.trainers.phi_name_model.NameModel) or None
        self.model = model

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each name, adjacent name words joined into one span."""
        tokens = self.analyse(text)
        marked = self.model is not None and self.model.mark(text, tokens, self.lists)
        if repeat_names(tokens, self.lists) or marked:
            self._spread(text, tokens)
            self._particles(text, tokens)
        for i, tok in enumerate(tokens):  # "in China, Mexico and Russia": places, not people
            if tok.name and placed_region(text, tokens, i):
                tok.name = False
        return self._spans(text, tokens)

    def analyse(self, text: str) -> list[Token]:
        """The text's words, each with its kind and the rules' decision (``name``)."""
        tokens = tokenize(text)  # a middle initial joins the name, never stands
        for tok in tokens:
            # a word run into a number or a path ("SpO2", "PaO2", "Ca/Bis") is a code, not a name
            glued = text[tok.end : tok.end + 1].isdigit() or (
                tok.start > 0 and text[tok.start - 1] in "/_@"
            )
            tok.kind = self._kind(tok) if tok.capital and not glued else "lower"
            if tok.upper and not glued:  # "KLINE, ROBERT": a name word by its context only,
                kind = self._kind(tok)  # never alone ("CURB-65", "APACHE II", "CT HEAD")
                if kind in ("strong", "weak") or (kind == "other" and len(tok.base) >= 4):
                    tok.kind, tok.capital = ("weak" if kind == "strong" else kind), True
        self._mark_eponym_phrases(text, tokens)
        for i, tok in enumerate(tokens):
            if tok.kind == "strong" and i and tokens[i - 1].base in _PLACE_WORDS:
                tok.kind = "weak"  # "the Sami", "in Norway": a people or a place
            if tok.kind == "strong" and _imperative(text, tokens, i):
                tok.kind = "weak"  # "Draft an announcement", "Forge a prescription"
            if tok.kind in ("strong", "weak", "other") and self._drug(text, tokens, i):
                tok.kind = "safe"  # "Lupron Depot", "Glucagon Emergency Kit": a brand's word
            if tok.kind == "strong":
                tok.name = True
            elif tok.kind in ("weak", "other") and self._context(text, tokens, i):
                tok.name = True
            elif tok.kind == "safe" and tok.capital and _after_relation(text, tokens, i):
                tok.name = True  # "mum Åsa": a common word as a name, right after a relation
            elif tok.kind == "weak" and _SPEAKER.match(text, tok.end) and line_start(text, tok):
                tok.name = True  # "Shadow: ok, she had wheezing": a chat's speaker
            elif tok.kind == "safe" and tok.capital and _ASKED.match(text, tok.end):
                tok.name = True  # "Skip asked me to call": a common word as a name
            elif tok.capital and tok.kind in ("safe", "weak", "other") and signed(text, tokens, i):
                tok.name = True  # "Yours sincerely,\nHope", "... unchanged. -Sugar"
            elif tok.capital and tok.kind in ("safe", "weak", "other"):
                tok.name = common_word_name(text, tokens, i)  # "Memory (16) came alone"
        initials(text, tokens)
        header_names(text, tokens, self.lists)
        bed_names(text, tokens)  # "12B Lindholm - NPO"
        keyed_names(text, tokens, self.lists)  # "author": "Hnatyuk", user=igwe, CSV columns
        for k in range(len(tokens) - 2):  # dictated "Buckle comma Prince period"
            one, comma, two = tokens[k : k + 3]
            after = tokens[k + 3].base if k + 3 < len(tokens) else ""
            if comma.base == "comma" and one.capital and two.capital and after in _SPOKEN:
                one.name = two.name = one.kind != "eponym-phrase"
        self._lowercase(text, tokens)
        lower_case_names(text, tokens, self.lists)  # "a bit. archie will drive me in"
        self._pairs(text, tokens)
        self._spread(text, tokens)
        self._surname_first(text, tokens)
        self._particles(text, tokens)
        return tokens

    # -- words ---------------------------------------------------------------------------------

    def _kind(self, tok: Token) -> str:
        """strong: a name only; weak: a name and a safe word or bare eponym; eponym: a bare
        eponym only; safe: safe words only; other: in no list."""
        lists = self.lists
        parts = [p for p in fold(tok.base).split("-") if p]
        if not parts or len(tok.base) < 2:
            return "other" if tok.base and tok.base != "i" else "safe"
        is_name = any(p in lists.first or p in lists.last for p in parts)
        if any(p in lists.eponyms for p in parts):
            return "weak" if is_name else "eponym"
        if is_name:
            ambiguous = any(p in lists.safe or p in AMBIGUOUS_WORDS for p in parts)
            return "weak" if ambiguous else "strong"
        return "safe" if all(p in lists.safe for p in parts) else "other"

    # -- eponyms -------------------------------------------------------------------------------

    def _mark_eponym_phrases(self, text: str, tokens: list[Token]) -> None:
        """A capitalised run before a head noun (or ending in one: "Rankin Scale", "Johns
        Hopkins Hospital"), or after "<noun> of", is an eponym phrase."""
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if not tok.capital:
                i += 1
                continue
            j = i + 1
            while (
                j < len(tokens)
                and tokens[j].capital
                and adjacent(text, tokens[j - 1], tokens[j])
                and not tokens[j - 1].possessive
            ):
                j += 1
            # tokens[i:j] is the capitalised run starting at i
            heads = [
                k
                for k in range(i + 1, j)
                if head_noun(tokens[k].base) and tokens[k - 1].base not in LEFT_CUES
            ]
            scored = re.match(r"[ \t]*[:=]?[ \t]*\d", text[tokens[j - 1].end :])
            if j - i == 2 and heads and self._first_surname(tokens[i], tokens[i + 1]):
                heads = heads if scored else []  # "Holly Law", but "Braden Scale 13"
            stop = heads[-1] if heads else j
            if heads or (joined(text, tokens[j - 1], tokens, j) and self._head(tokens, j)):
                # the run up to its head noun, and a capitalised head itself ("NIH Stroke
                # Scale noted by ...": "Scale" is no surname there)
                for t in tokens[i : stop + 1 if heads else stop]:
                    if t.kind != "safe":
                        t.kind = "eponym-phrase"
            if (
                i >= 2
                and tokens[i - 1].base == "of"
                and tokens[i - 2].base in OF_NOUNS
                and adjacent(text, tokens[i - 1], tok)
            ):
                tok.kind = "eponym-phrase"
            i = j

    def _drug(self, text: str, tokens: list[Token], i: int) -> bool:
        """A capitalised drug name before the word, perhaps with capitalised words of the brand
        between ("Lupron Depot", "Glucagon Emergency Kit")."""
        k = i - 1
        while k >= 0 and tokens[k].capital and adjacent(text, tokens[k], tokens[k + 1]):
            if fold(tokens[k].base) in self.lists.drugs:
                return True
            k -= 1
        return False

    def _first_surname(self, first: Token, last: Token) -> bool:
        lists = self.lists
        return (
            not first.possessive
            and fold(first.base) in lists.first
            and fold(last.base) in lists.last
            and fold(first.base) not in lists.eponyms
        )

    def _head(self, tokens: list[Token], k: int) -> bool:
        """A head noun at tokens[k] (or at k + 1 after one lower-case word)."""
        if k < len(tokens) and head_noun(tokens[k].base):
            return True
        return (
            k + 1 < len(tokens)
            and not tokens[k].capital
            and tokens[k].base not in _NOT_BEFORE_HEAD
            and tokens[k].base not in RIGHT_CUES
            and head_noun(tokens[k + 1].base)
        )

    # -- context -------------------------------------------------------------------------------

    def _context(self, text: str, tokens: list[Token], i: int) -> bool:
        tok = tokens[i]
        p = i - 1  # the word before, past particles ("with de Souza", "paged van den Bosch")
        while p >= i - 2 and p >= 0 and tokens[p].base in PARTICLES and not tokens[p].capital:
            p -= 1
        prev = tokens[p] if p >= 0 else None
        gap = text[prev.end : tokens[p + 1].start] if prev is not None else ""
        if prev is not None and re.fullmatch(r"\s*[,:(]?\s*(?:[A-Z]\.[ \t]?){0,2}\s*", gap):
            if prev.base in LEFT_CUES or prev.text.lower() in LEFT_CUES:
                return True
            if p >= 1 and f"{tokens[p - 1].base}_{prev.base}" in LEFT_PAIRS:
                return True
            if prev.base in ("and", "or") and p >= 1 and tokens[p - 1].name:
                return True
            if prev.base == "by" and p >= 1 and _agent(tokens, p - 1):
                return True
            nxt_word = tokens[i + 1].base if i + 1 < len(tokens) else ""
            if prev.base in MODALS and nxt_word in REQUESTS and sentence_start(text, prev):
                return True  # "Can Miles call me back?"
        if _PEOPLE_LIST.search(text, max(0, tok.start - 100), tok.start):
            return True
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        after = text[tok.end : tok.end + 12]
        if tok.possessive:
            return nxt is not None and nxt.base in POSSESSED and adjacent(text, tok, nxt)
        if prev is not None and prev.base == "the" and nxt is not None and nxt.base in _KIN:
            return True  # "runs in the Lancaster family"
        if re.match(r",\s*\d{1,3}\s*[,(]", after):
            return True  # "Kline, 54, presents"
        if PERSON_AFTER.match(text, tok.end):
            return True  # "Kline and I", "Kline is a 67-year-old", "Kline, a 45-year-old"
        aside = re.match(r"\s*\(([A-Za-z ,-]{2,40})\)", text[tok.end : tok.end + 44])
        words = re.split(r"[ ,]+", aside.group(1).lower()) if aside else []
        if any(w in POSSESSED or w in LEFT_CUES for w in words):
            return True  # "Kline (daughter)", "Kline (health care proxy)"
        if nxt is not None and adjacent(text, tok, nxt) and not nxt.capital:
            if nxt.base not in RIGHT_CUES:
                return False
            if fold(tok.base) in self.lists.eponyms:
                return False  # "Apgar noted by the midwife": a verb alone makes no eponym a name
            if nxt.base in _WEAK_RIGHT:  # "Will was", "Little is": only a name mid-sentence
                return tok.kind == "weak" and not sentence_start(text, tok)
            return sentence_start(text, tok) or _not_after_article(tokens, i)
        return False

    def _lowercase(self, text: str, tokens: list[Token]) -> None:
        """Names written in lower case, as in patients' messages: after a relation ("my wife
        bogdan"), "this is" or "it's" ("hi its akosua"), a word that is a name and no common
        word, or a word in no list, is a name; a second such word, or a possessive before a
        relation ("ayumi sharp's wife"), joins it."""
        for i, tok in enumerate(tokens):
            if tok.capital or tok.name:
                continue
            speaker = re.match(r":[ \t]", text[tok.end :]) and (  # a chat's "daquan: hi"
                line_start(text, tok) or (i > 0 and tokens[i - 1].base == "from")
            )
            gap = text[tokens[i - 1].end : tok.start] if i else ""
            if not speaker and (i == 0 or not re.fullmatch(r"[ \t]\(?", gap)):
                continue  # "my wife bogdan", "mom (etta aquino)"
            prev = tokens[i - 1] if i else tok
            nxt_base = tokens[i + 1].base if i + 1 < len(tokens) else ""
            cue = (
                speaker
                or prev.base in RELATIONS
                or (prev.base in GREETINGS and gap == " ")  # "hi gevorg!", "thanks rumana"
                or nxt_base in ("wrote", "writes", "says", "said")  # "rawiri wrote:"
                or (
                    prev.base in ("its", "is", "im")
                    and (prev.base != "is" or (i >= 2 and tokens[i - 2].base == "this"))
                )
            )
            if not cue or not self._lower_name(tok):
                continue
            if speaker and not self._speaker_name(tok):
                continue  # "hpi: ...", "ros: ...": a section's abbreviation
            tok.name = True
            if i + 1 < len(tokens) and adjacent(text, tok, tokens[i + 1]):
                nxt = tokens[i + 1]
                after = tokens[i + 2] if i + 2 < len(tokens) else None
                owner = nxt.possessive and after is not None and after.base in POSSESSED
                if not nxt.capital and (owner or self._lower_name(nxt)):
                    nxt.name = True

    def _speaker_name(self, tok: Token) -> bool:
        """A chat speaker's lower-case word: a listed name, or four letters or more with a
        vowel (no section abbreviation such as "hpi" or "pmh")."""
        base = fold(tok.base)
        listed = base in self.lists.first or base in self.lists.last
        return listed or (len(base) >= 4 and any(c in "aeiouy" for c in base))

    def _lower_name(self, tok: Token) -> bool:
        """A lower-case word that is no common word or eponym: a name, or a word in no list."""
        base = fold(tok.base)
        lists = self.lists
        return len(base) >= 3 and base not in lists.safe and base not in lists.eponyms

    def _pairs(self, text: str, tokens: list[Token]) -> None:
        """A first name then a surname or a word in no list (an initial between) is a full
        name when either word is a name only, or either is already a name by its context."""
        lists = self.lists
        for i, tok in enumerate(tokens[:-1]):
            nxt = tokens[i + 1]
            if (
                tok.kind not in ("strong", "weak")
                or tok.possessive
                or fold(tok.base) not in lists.first
                or nxt.kind not in ("strong", "weak", "other")
                or not nxt.capital
                or not adjacent(text, tok, nxt)
            ):
                continue
            if nxt.kind == "other" and len(nxt.base) < 3:
                continue
            if "strong" in (tok.kind, nxt.kind) or tok.name or nxt.name or nxt.kind == "other":
                tok.name = nxt.name = True

    def _spread(self, text: str, tokens: list[Token]) -> None:
        """Capitalised words and particles joined to a name are part of it."""
        changed = True
        while changed:
            changed = False
            for i, tok in enumerate(tokens):
                if tok.name:
                    continue
                joinable = (
                    tok.kind in ("weak", "other", "strong")
                    or (not tok.capital and tok.base in PARTICLES)
                    or self._surname_word(text, tokens, i)
                )
                if not joinable or (tok.upper and _FIELD_AFTER.match(text, tok.end)):
                    continue  # "Öztürk  DEA: MC50...": a header's field label
                left = i > 0 and tokens[i - 1].name and adjacent(text, tokens[i - 1], tok)
                if left and tok.upper and text[tokens[i - 1].end : tok.start] != " ":
                    left = False
                right = (
                    i + 1 < len(tokens)
                    and tokens[i + 1].name
                    and adjacent(text, tok, tokens[i + 1])
                    and not tok.possessive
                )
                if tok.base in PARTICLES and not tok.capital:
                    nxt_name = (
                        i + 1 < len(tokens)
                        and tokens[i + 1].capital
                        and tokens[i + 1].kind != "eponym-phrase"
                        and adjacent(text, tok, tokens[i + 1])
                    )
                    if left and nxt_name:
                        tok.name = tokens[i + 1].name = changed = True
                    continue
                if (left and not tokens[i - 1].possessive) or right or self._conjunct(tokens, i):
                    tok.name = changed = True

    def _surname_word(self, text: str, tokens: list[Token], i: int) -> bool:
        """A capitalised common word right after a named first name, mid-sentence and not before
        a head noun, is a surname ("Hoang French", "Anthony Street")."""
        tok = tokens[i]
        if tok.kind != "safe" or not tok.capital or i == 0 or sentence_start(text, tok):
            return False
        prev = tokens[i - 1]
        return (
            prev.name
            and not prev.possessive
            and fold(prev.base) in self.lists.first
            and adjacent(text, prev, tok)
            and tok.base not in AMBIGUOUS_WORDS
            and not head_noun(tok.base)
            and not self._head(tokens, i + 1)
        )

    @staticmethod
    def _conjunct(tokens: list[Token], i: int) -> bool:
        """ "Bao and Hyun-woo": a word in no list, or a name that is also a word, joined by
        "and" to a name is one too."""
        tok = tokens[i]
        return (
            tok.kind in ("weak", "other")
            and not tok.possessive
            and i + 2 < len(tokens)
            and tokens[i + 1].base in ("and", "or")
            and tokens[i + 2].name
            and tokens[i + 2].start - tok.end < 8
        )

    @staticmethod
    def _particles(text: str, tokens: list[Token]) -> None:
        """Particles right before a name belong to it ("de Souza", "van der Berg", "De la
        Cruz", "St. John"), and a name, particles and a capitalised word are one ("Moataz van
        der Meulen")."""
        for i, tok in enumerate(tokens):
            k = i + 1
            while k < len(tokens) and tokens[k].base in PARTICLES and not tokens[k].capital:
                k += 1
            if (
                tok.name
                and k > i + 1
                and k < len(tokens)
                and tokens[k].capital
                and all(
                    adjacent(text, a, b)
                    for a, b in zip(tokens[i:k], tokens[i + 1 : k + 1], strict=True)
                )
            ):
                for t in tokens[i + 1 : k + 1]:
                    t.name = True
        for i in range(len(tokens) - 1, 0, -1):
            tok, prev = tokens[i], tokens[i - 1]
            gap = text[prev.end : tok.start]
            if (
                tok.name
                and not prev.name
                and prev.base in PARTICLES
                and (re.fullmatch(r"[ \t]+", gap) or (prev.base == "st" and gap.startswith(".")))
            ):
                prev.name = True

    def _surname_first(self, text: str, tokens: list[Token]) -> None:
        """ "Kline, Robert - follow-up": a surname, a comma and a first name opening a line or
        sentence are one name when either word is a name already."""
        for i, tok in enumerate(tokens[:-1]):
            nxt = tokens[i + 1]
            if not (tok.capital and nxt.capital) or text[tok.end : nxt.start] != ", ":
                continue
            lists = self.lists
            listed = fold(tok.base) in lists.last and fold(nxt.base) in lists.first
            placed = sentence_start(text, tok) or listed or tok.name
            either = fold(tok.base) in lists.last or fold(nxt.base) in lists.first
            if either and tok.upper and nxt.upper and "safe" not in (tok.kind, nxt.kind):
                tok.name = nxt.name = True  # "login for BEGAY, EDNA from ..."
            if not placed or not (tok.name or nxt.name):
                continue
            if tok.kind in ("strong", "weak", "other") and nxt.kind in ("strong", "weak", "other"):
                if fold(nxt.base) in self.lists.first or nxt.kind == "other":
                    tok.name = nxt.name = True

    @staticmethod
    def _spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for tok in tokens:
            if not tok.name:
                continue
            end = tok.end - (2 if tok.text.endswith(("'s", "’s")) else 0)
            end -= 1 if tok.possessive and tok.text.endswith(("'", "’")) else 0
            if len(tok.text) == 1 and text[end : end + 1] == ".":
                end += 1  # a trailing initial: "Nagai, Svyatoslav O."
            trailing = TRAILING_INITIAL.match(text, end)
            end = trailing.end(1) if trailing else end  # "Ripley, Bjørn B.   Room 214"
            initial = _INITIAL_BEFORE.search(text, max(0, tok.start - 16), tok.start)
            if initial and LETTER_TERM.search(text, max(0, initial.start() - 20), initial.start()):
                initial = None  # "hepatitis C. Neighbor ...": a term's letter, not an initial
            if initial and (not spans or spans[-1][1] <= initial.start()):
                start = initial.start()  # "A. Dobbins", "T. Calloway"
            else:
                start = tok.start
            if spans and tok.start < spans[-1][1]:  # inside a trailing initial already taken
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
                continue
            gap = text[spans[-1][1] : tok.start] if spans else ""
            if (
                spans
                and (
                    re.fullmatch(r"\.?[ \t\n]?[ \t]?(?:[A-Z]\.\s+)?", gap)
                    or (  # "| Nagai, Svyatoslav O. |", "(Hare, Janis)": one name in a field
                        re.fullmatch(r",[ \t]", gap)
                        and (
                            FIELD_OPEN.search(text[max(0, spans[-1][0] - 20) : spans[-1][0]])
                            or (
                                OPENS_FIELD.search(text, max(0, spans[-1][0] - 3), spans[-1][0])
                                and CLOSES_FIELD.match(text, end)
                            )
                            or ENDS_FIELD.match(text, end)  # "1. Gunawan, Bereket - Keppra"
                            or (text[spans[-1][0] : end].isupper())  # "BEGAY, EDNA"
                        )
                    )
                )
                and (gap[:1] != "." or text[spans[-1][1] - 2 : spans[-1][1]].lower() == "st")
            ):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans


def _agent(tokens: list[Token], k: int) -> bool:
    """tokens[k] (before "by") is a participle whose agent is a person, perhaps with a particle
    between ("signed out by")."""
    if tokens[k].base in ("out", "off", "up", "over", "in") and k >= 1:
        k -= 1
    return tokens[k].base in AGENT_PARTICIPLES


def _after_relation(text: str, tokens: list[Token], i: int) -> bool:
    """Right after a relation noun ("mum Åsa", "Sister Åsa,"), not before a head noun."""
    gap = text[tokens[i - 1].end : tokens[i].start] if i else ""
    if i == 0 or not (adjacent(text, tokens[i - 1], tokens[i]) or re.fullmatch(r" ?\(", gap)):
        return False  # "mum Åsa", "Mother (Sugar)"
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return tokens[i - 1].base in RELATIONS and not (nxt is not None and head_noun(nxt.base))


def _imperative(text: str, tokens: list[Token], i: int) -> bool:
    """A sentence's first word followed by an article is a verb, not a name."""
    return (
        i + 1 < len(tokens)
        and tokens[i + 1].base in _DETERMINERS
        and adjacent(text, tokens[i], tokens[i + 1])
        and sentence_start(text, tokens[i])
    )


def _not_after_article(tokens: list[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].base not in ("the", "a", "an", "this", "that", "of", "with")
