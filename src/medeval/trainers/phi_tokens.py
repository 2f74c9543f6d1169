"""The words of a text as the bare-name rules see them (:mod:`medeval.trainers.phi_names`).

A word is a run of letters with inner apostrophes and hyphens ("O'Brien", "Min-jun",
"d'Arcy"), possessive or not; a capital letter and a full stop before another name word is an
initial and joins the name instead of standing as a word. Each `Token` keeps its text, its lower
case base (no possessive, no apostrophes), whether it is capitalised or written in capitals, and
what the rules decide of it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from medeval.trainers.phi_words import CLINICAL_SUFFIXES, HEAD_NOUNS

_WORD = re.compile(
    r"(?:[A-Z]['’])?[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*(?:['’]s\b|(?<=s)['’](?!\w))?"
)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
#: An initial: a capital and a full stop before a name word, perhaps after a particle.
_INITIAL = re.compile(
    r"[A-Z]\.(?=[ \t]*(?:(?:de|dal|ten|van|von|le|la|du|da|di|dos|das|zur|zum|bin|della)[ \t]+)?"
    r"(?:[dl]['’])?"
    r"(?![a-zß-ÿ])[^\W\d_])"
)
#: A name written with an elided particle: "d'Arcy", "l'Heureux".
_ELIDED = re.compile(r"[dl]['’][A-Z]")
_NOT_HEADS = frozenset("diagnosis prognosis emphasis hypothesis synthesis".split())


@dataclass
class Token:
    start: int
    end: int
    text: str
    base: str  # lower-cased, possessive and apostrophes removed
    possessive: bool
    capital: bool
    kind: str = "other"  # strong | weak | eponym | safe | other
    name: bool = False
    upper: bool = False  # written in capitals ("KLINE", "PATIENT")


def tokenize(text: str) -> list[Token]:
    """The text's words, initials left out (they join the name after them)."""
    return [_token(m) for m in _WORD.finditer(text) if not _INITIAL.match(text, m.start())]


def _token(match: re.Match[str]) -> Token:
    word = match.group()
    possessive = bool(_POSSESSIVE.search(word)) and len(word) > 2
    stem = _POSSESSIVE.sub("", word) if possessive else word
    base = stem.lower().replace("'", "").replace("’", "")
    upper = len(stem) > 1 and stem.isupper()
    capital = (word[0].isupper() or bool(_ELIDED.match(word))) and not upper
    return Token(match.start(), match.end(), word, base, possessive, capital, upper=upper)


def fold(word: str) -> str:
    """Lower case without accents ("núñez" -> "nunez"), as Philter's lists are written."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def adjacent(text: str, a: Token, b: Token) -> bool:
    """One space (perhaps an initial) between two words; two spaces part a header's fields."""
    return bool(re.fullmatch(r"[ \t](?:[A-Z]\.[ \t]+)?", text[a.end : b.start]))


def joined(text: str, last: Token, tokens: list[Token], k: int) -> bool:
    gap = text[last.end : tokens[k].start] if k < len(tokens) else ""
    return bool(re.fullmatch(r"['’]?[ \t]+", gap))


def head_noun(base: str) -> bool:
    """A clinical noun that makes the capitalised word before it an eponym."""
    if base in HEAD_NOUNS or (base.endswith("s") and base[:-1] in HEAD_NOUNS):
        return True
    return len(base) > 6 and base.endswith(CLINICAL_SUFFIXES) and base not in _NOT_HEADS


def sentence_start(text: str, tok: Token) -> bool:
    return not text[: tok.start].strip() or bool(re.search(r"[.!?:;\n]\s*$", text[: tok.start]))
