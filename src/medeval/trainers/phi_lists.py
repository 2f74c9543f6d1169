"""The word lists behind medeval's bare-name rules, read offline from installed packages.

* Philter's first names, surnames and safe words (English and medical vocabulary), from the
  ``philter-lite`` package (BSD);
* drug names, generic and brand, single words only (about 30,000, "Trulicity", "Eylea"), from
  the ``drug-named-entity-recognition`` package (MIT; its dictionary, built from MeSH,
  MedlinePlus, Wikipedia and DrugBank synonyms, is read from the package's data file without
  importing the package, which would also read a cache file from the home folder). They join
  the safe words: a drug is a name only in a name's context, and only if it is a name too;
* two lists mined by medeval (``phi_eponyms.txt``, ``phi_common_words.txt``, see
  ``scripts/phi_eponyms.py``).
"""

from __future__ import annotations

import bz2
import importlib.util
import pickle
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

DRUG_PACKAGE = "drug_named_entity_recognition"
#: Bare eponyms the issue names that the mined list lacks (a clinical score written alone).
NAMED_EPONYMS = frozenset({"apgar"})


@dataclass(frozen=True)
class NameLists:
    """First names, surnames, safe words and bare eponyms, all lower-cased."""

    first: frozenset[str]
    last: frozenset[str]
    safe: frozenset[str]
    eponyms: frozenset[str]
    drugs: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def philter_lists() -> NameLists:
    """Philter's word sets from the installed philter-lite package, plus medeval's eponyms."""
    import tomllib

    import philter_lite

    sets = tomllib.loads(
        (resources.files(philter_lite) / "filters" / "set.toml").read_text(encoding="utf-8")
    )
    return NameLists(
        first=frozenset(sets["firstnames"]),
        last=frozenset(sets["lastnames"]),
        safe=frozenset(sets["nonames"]) | _word_list("phi_common_words.txt") | drug_names(),
        eponyms=bare_eponyms(),
        drugs=drug_names(),
    )


@lru_cache(maxsize=1)
def bare_eponyms() -> frozenset[str]:
    """The mined eponyms that stand alone as clinical terms ("Crohn's", "Hodgkin")."""
    return _word_list("phi_eponyms.txt") | NAMED_EPONYMS


def _word_list(name: str) -> frozenset[str]:
    text = (resources.files("medeval.trainers") / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@lru_cache(maxsize=1)
def drug_names() -> frozenset[str]:
    """Single-word drug names, lower case, from drug-named-entity-recognition's dictionary."""
    spec = importlib.util.find_spec(DRUG_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            f"{DRUG_PACKAGE} is not installed: pip install 'medeval[train]' (PHI scrubbing)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(path, "rb") as handle:  # the installed package's own data file
        dictionary = pickle.load(handle)  # noqa: S301
    return frozenset(
        word
        for word in dictionary["drug_variant_to_canonical"]
        if len(word) >= 3 and word.replace("-", "").isalpha()
    )
