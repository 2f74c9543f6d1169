"""Mine medeval's two word lists for bare names from medical text: eponyms and common words.

``phi_eponyms.txt``:
A capitalised word (or each part of a hyphenated one) written before a clinical head noun in
MedQuAD's NIH pages or PubMedQA's abstracts ("Crohn's disease", "Hodgkin lymphoma") is an
eponym candidate. It goes to the list when it is a name in Philter's lists or in no list (a
safe word is never scrubbed bare anyway), was seen possessive ("Crohn's disease") or at least
MIN_COUNT times, and is not common as both a first name and a surname (Philter's lists have
"john", "miller" and "wilson" in both: those stay names when they stand alone).

``phi_common_words.txt``: words of Philter's name lists that are not among its safe words yet
are written in lower case at least MIN_LOWER times in the same text ("gene", "natal",
"sandal", "milia"): ordinary or clinical words that are names only in a name's context.

    MEDEVAL_DATA_DIR=../shared/data .venv/bin/python scripts/phi_eponyms.py
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from medeval.trainers.phi_lists import philter_lists
from medeval.trainers.phi_words import HEAD_NOUNS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "medeval" / "trainers" / "phi_eponyms.txt"
COMMON_OUT = OUT.with_name("phi_common_words.txt")
MIN_COUNT = 3
MIN_LOWER = 3
_LOWER = re.compile(r"(?<![\w&])([a-z][a-z'-]*[a-z])\b")
_HEAD = "|".join(
    sorted(
        HEAD_NOUNS
        - {
            "hospital",
            "university",
            "clinic",
            "institute",
            "center",
            "centre",
            "foundation",
            "association",
            "society",
            "college",
            "school",
            "trial",
            "study",
            "model",
            "analysis",
            "system",
        }
    )
)
_EPONYM = re.compile(
    r"\b([A-Z][^\W\d_]+(?:[-–][A-Z][^\W\d_]+)*)(['’]s|s?['’])?\s+(?:[a-z]+\s+)?(?:" + _HEAD + r")\b"
)


def _texts(data_dir: Path) -> list[str]:
    texts = [
        p.read_text(encoding="utf-8", errors="ignore")
        for p in sorted((data_dir / "medquad").glob("*/*.xml"))
    ]
    pqal = json.loads((data_dir / "pubmedqa" / "ori_pqal.json").read_text(encoding="utf-8"))
    texts += [" ".join(r["CONTEXTS"]) + " " + r["LONG_ANSWER"] for r in pqal.values()]
    return texts


def _fold(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )


def main() -> None:
    data_dir = Path(os.environ.get("MEDEVAL_DATA_DIR", ROOT.parent / "shared" / "data"))
    lists = philter_lists()
    seen: Counter[str] = Counter()
    possessive: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in _texts(data_dir):
        lower.update(_LOWER.findall(text))
        for match in _EPONYM.finditer(text):
            for part in re.split("[-–]", match.group(1)):
                word = _fold(part)
                seen[word] += 1
                possessive[word] += bool(match.group(2))
    keep = sorted(
        word
        for word, n in seen.items()
        if (possessive[word] or n >= MIN_COUNT)
        and len(word) > 2
        and (word not in lists.safe or word in lists.first or word in lists.last)
        and not (word in lists.first and word in lists.last)
        and not word.endswith("ic")  # adjectives of Title Case disease names ("Hemolytic")
    )
    OUT.write_text(
        "# Bare eponyms, mined by scripts/phi_eponyms.py from MedQuAD and PubMedQA (do not edit)\n"
        + "\n".join(keep)
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(keep)} eponyms -> {OUT}", file=sys.stderr)
    common = sorted(
        word
        for word, n in lower.items()
        if n >= MIN_LOWER and word not in lists.safe and (word in lists.first or word in lists.last)
    )
    COMMON_OUT.write_text(
        "# Lower-case words of medical text that Philter lists as names, mined by "
        "scripts/phi_eponyms.py (do not edit)\n" + "\n".join(common) + "\n",
        encoding="utf-8",
    )
    print(f"{len(common)} common words -> {COMMON_OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
