"""A learned second opinion on bare names: logistic regression over each word's features.

medeval's name rules (medeval.trainers.phi_names) decide each word by hand-written contexts,
and every new author's text brings contexts they were not written from. This model looks at the
same words independently of the rules' decisions and marks, in addition, any word whose
probability of being part of a personal name reaches the shipped threshold. It never removes a
name the rules found.

Features of a word (``features``), none of them the rules' decision:

* its list kind (Philter name only, name and common word, bare eponym, common word, in no list,
  lower case), capitalisation, possessive, hyphen, accents, length;
* ``spell``: how much its letters look like a name's, a character-trigram log-odds between
  Philter's name lists and its safe words (``SpellingModel``; fitted on those lists only);
* where it stands: sentence or line start, the punctuation on either side;
* its neighbours: the two words on each side (lower case), their capitalisation and list kind,
  whether the next is a clinical head noun, whether the one before is a relation, role or
  verb of speaking (medeval.trainers.phi_words).

The coefficients, the threshold and the trigram table ship as plain data
(``phi_name_model.json``). ``scripts/fit_phi_names.py`` refits them from the development sets
and documents the protocol; the README gives the figures and what each was fitted on.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from medeval.trainers.phi_lists import NameLists
from medeval.trainers.phi_places import regions
from medeval.trainers.phi_tokens import Token, fold, head_noun, sentence_start
from medeval.trainers.phi_words import LEFT_CUES, RELATIONS, RIGHT_CUES

MODEL_FILE = "phi_name_model.json"
MODEL_VERSION = 1
_EDGE = "^"
_PUNCT = re.compile(r"[^\w\s]")


def trigrams(word: str) -> list[str]:
    """Character trigrams of a folded word with boundary marks ("^^k", "^kl", ... "ne^")."""
    padded = f"{_EDGE}{_EDGE}{word}{_EDGE}"
    return [padded[k : k + 3] for k in range(len(padded) - 2)]


@dataclass(frozen=True)
class SpellingModel:
    """Mean trigram log-odds (name vs common word); unknown trigrams count 0."""

    table: dict[str, float]

    def score(self, word: str) -> float:
        grams = trigrams(fold(word))
        if not grams:
            return 0.0
        return sum(self.table.get(g, 0.0) for g in grams) / len(grams)


def _punct(gap: str) -> str:
    marks = "".join(_PUNCT.findall(gap))
    return marks[:2] if marks else ("nl" if "\n" in gap else "sp" if gap else "none")


def features(
    text: str, tokens: list[Token], i: int, spelling: SpellingModel, lists: NameLists
) -> dict[str, float]:
    """The word tokens[i]'s features (see the module docstring)."""
    tok = tokens[i]
    word = tok.text
    stem = word[:-2] if tok.possessive and word.endswith(("'s", "’s")) else word
    spell = max(-3.0, min(3.0, spelling.score(tok.base)))
    feats: dict[str, float] = {
        "bias": 1.0,
        f"kind={tok.kind}": 1.0,
        "cap": float(tok.capital),
        "allcaps": float(len(stem) > 1 and stem.isupper()),
        "possessive": float(tok.possessive),
        "hyphen": float("-" in stem),
        "accent": float(fold(stem) != stem.lower()),
        "short": float(len(tok.base) <= 3),
        "first": float(fold(tok.base) in lists.first),
        "last": float(fold(tok.base) in lists.last),
        "safe": float(fold(tok.base) in lists.safe),
        "spell": spell,
        "spell*cap": spell * float(tok.capital or stem.isupper()),
        "sent_start": float(sentence_start(text, tok)),
        "line_start": float(not text[: tok.start].strip() or text[: tok.start].endswith("\n")),
    }
    before = text[tokens[i - 1].end : tok.start] if i else text[: tok.start]
    after = text[tok.end : tokens[i + 1].start] if i + 1 < len(tokens) else text[tok.end :]
    feats[f"p<={_punct(before)}"] = 1.0
    feats[f"p>={_punct(after)}"] = 1.0
    for offset in (-2, -1, 1, 2):
        k = i + offset
        if 0 <= k < len(tokens):
            other = tokens[k]
            feats[f"w{offset:+d}={other.base}"] = 1.0
            feats[f"cap{offset:+d}"] = float(other.capital)
            feats[f"kind{offset:+d}={other.kind}"] = 1.0
        else:
            feats[f"w{offset:+d}=<edge>"] = 1.0
    if i + 1 < len(tokens):
        nxt = tokens[i + 1].base
        feats["next_head"] = float(head_noun(nxt))
        feats["next_right_cue"] = float(nxt in RIGHT_CUES)
    if i:
        prev = tokens[i - 1].base
        feats["prev_left_cue"] = float(prev in LEFT_CUES)
        feats["prev_relation"] = float(prev in RELATIONS)
    return feats


def decides(text: str, tok: Token, lists: NameLists) -> bool:
    """A word the model may mark: capitalised, two letters or more, no name yet. What the rules
    know to keep it never overrules: eponyms (known bare ones and words before a clinical head
    noun), common words only (Philter's safe words, drug names), countries and US states. Words
    in capitals, acronyms that are no listed name ("HMOs", "MitoTracker") and a name-word
    opening a sentence ("An", "Step", "Will") are left to the rules."""
    base = fold(tok.base)
    if (
        tok.name
        or len(tok.base) < 2
        or not tok.text[:1].isupper()
        or tok.upper
        or tok.kind in ("eponym", "eponym-phrase", "safe")
        or base in lists.eponyms
        or base in regions()
    ):
        return False
    listed = base in lists.first or base in lists.last
    if sum(c.isupper() for c in tok.text) >= 2 and not listed:
        return False
    return not (tok.kind == "weak" and sentence_start(text, tok))


@dataclass(frozen=True)
class NameModel:
    """Logistic regression over ``features``; marks a word a name when p >= threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    spelling: SpellingModel
    fitted_on: str = ""

    def probability(self, text: str, tokens: list[Token], i: int, lists: NameLists) -> float:
        feats = features(text, tokens, i, self.spelling, lists)
        z = self.bias + sum(v * self.weights.get(k, 0.0) for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def mark(self, text: str, tokens: list[Token], lists: NameLists) -> bool:
        """Mark the capitalised words the rules left that the model calls names; True if any."""
        marked = False
        for i, tok in enumerate(tokens):
            if decides(text, tok, lists) and self.probability(text, tokens, i, lists) >= (
                self.threshold
            ):
                tok.name = marked = True
        return marked

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "fitted_on": self.fitted_on,
            "threshold": self.threshold,
            "bias": self.bias,
            "weights": dict(sorted(self.weights.items())),
            "trigrams": dict(sorted(self.spelling.table.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NameModel:
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"{MODEL_FILE}: version {data.get('version')!r}, not {MODEL_VERSION}")
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            spelling=SpellingModel({str(k): float(v) for k, v in data["trigrams"].items()}),
            fitted_on=str(data.get("fitted_on", "")),
        )


@lru_cache(maxsize=1)
def shipped_model() -> NameModel:
    """The model that ships with medeval (``phi_name_model.json``)."""
    text = resources.files("medeval.trainers").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return NameModel.from_json(json.loads(text))
