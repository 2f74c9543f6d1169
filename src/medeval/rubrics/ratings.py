"""Reading raters' CSV files back: validation with file, line and field, and what is missing.

A ratings file is what a packet's "Export ratings" button writes: a header (``panel, rater,
item``, one column per criterion, ``helpful``, ``comment``) and one row per item. Every problem in
every file is collected and reported together (file, line, field), so a coordinator fixes a batch
of files in one pass; nothing is imported while any problem remains. Blank cells are not
problems: a partly filled file imports what it holds, and what is missing is reported.

Parsing is strict, so no row is lost silently: csv's strict mode (a quote never closed, or text
after a closing quote, is an error at the row where it starts), a line break only inside a
comment, and no comment holding a line that looks like one of the file's rows (what an
unbalanced quote does: it swallows the rows after it). Scores are finite whole numbers on the
rubric's scale. A cell the packet wrote with a leading ``'`` to keep a spreadsheet from reading
it as a formula (``=``, ``+``, ``-``, ``@``; see ``packet.js``) is read back without it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from medeval.errors import DataError, MedevalError
from medeval.files import restore_cell
from medeval.rubrics.packet import Panel

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
#: Columns whose cells may hold line breaks (free text); every other cell is one line.
MULTILINE_COLUMNS = ("comment",)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class RatingsError(MedevalError):
    """One or more ratings files are invalid; each problem names file, line and field."""

    def __init__(self, problems: Sequence[DataError]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  {problem}" for problem in self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(
            f"{len(self.problems)} problem(s) in the ratings; nothing was imported:\n{shown}{tail}"
        )


@dataclass(frozen=True)
class Rating:
    """One rater's ratings of one item (None where left blank)."""

    rater: str
    item: str
    scores: dict[str, int | None]
    helpful: bool | None
    comment: str
    source: str


@dataclass
class ImportedRatings:
    """Every valid rating, and per rater what was left blank or never returned."""

    ratings: list[Rating] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    """rater -> ``item: criterion, ...`` descriptions of blank or absent ratings."""
    files: list[str] = field(default_factory=list)

    def by_rater_item(self) -> dict[tuple[str, str], Rating]:
        return {(r.rater, r.item): r for r in self.ratings}

    @property
    def missing_count(self) -> int:
        return sum(len(v) for v in self.missing.values())


def read_ratings(panel: Panel, paths: Sequence[Path]) -> ImportedRatings:
    """Validate and read ratings files against a panel; raise RatingsError listing all problems."""
    if not paths:
        raise DataError(panel.path, "no ratings files were given")
    rubric = panel.rubric
    columns = rubric.csv_columns()
    problems: list[DataError] = []
    seen: dict[tuple[str, str], str] = {}
    imported = ImportedRatings(files=[str(p) for p in paths])
    for path in paths:
        problems.extend(_read_file(panel, path, columns, seen, imported))
    if problems:
        raise RatingsError(problems)
    _missing(panel, imported)
    return imported


def packet_csv_rows(
    path: Path, columns: Sequence[str], problems: list[DataError]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, column -> stripped cell) for each non-blank row of a packet's exported CSV.

    The header must hold exactly `columns` (in any order). Problems with the file itself, its
    header or a row's shape are appended to `problems` (file, line, field) as they are met, so a
    caller adding its own per-row problems keeps them in file order; after a header problem no
    row is yielded. Shared by `panel import` and `medeval redteam review import`.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.append(DataError(path, "no such file"))
        return
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(DataError(path, f"cannot be read ({exc})"))
        return
    # Lines end at \n, \r or \r\n only, as csv expects (str.splitlines also splits at U+2028
    # and friends, which may stand in a comment).
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(DataError(path, f"malformed CSV ({exc})", line=1))
        return
    if header is None:
        problems.append(DataError(path, "empty file: expected a header row", line=1))
        return
    header = [restore_cell(name).strip() for name in header]
    absent = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    found: list[DataError] = []
    if absent:
        found.append(DataError(path, "missing column", line=1, field=absent[0]))
    for name in extra:
        found.append(
            DataError(path, f"unknown column (expected: {', '.join(columns)})", line=1, field=name)
        )
    if len(set(header)) != len(header):
        found.append(DataError(path, "a column appears twice in the header", line=1))
    if found:
        problems.extend(found)
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                DataError(
                    path,
                    f'malformed CSV ({exc}): a quote (") in the row starting here is not closed, '
                    "or is followed by text; no row after it was read",
                    line=start,
                )
            )
            break
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                DataError(path, f"{len(row)} cells, the header has {len(header)}", line=line)
            )
            continue
        swallowed = _swallowed_rows(header, row, line)
        if swallowed is not None:
            problems.append(swallowed.with_path(path))
            continue
        yield (
            line,
            {name: restore_cell(value).strip() for name, value in zip(header, row, strict=True)},
        )


@dataclass(frozen=True)
class _Swallowed:
    """A row whose cells span lines where they may not: an unbalanced quote at work."""

    line: int
    field: str
    message: str

    def with_path(self, path: Path) -> DataError:
        return DataError(path, self.message, line=self.line, field=self.field)


def _swallowed_rows(header: Sequence[str], row: Sequence[str], line: int) -> _Swallowed | None:
    """A line break outside a free-text column, or a free-text cell holding a line that parses
    as a row of this file (same first cell, as many cells as the header): the rows after an
    unbalanced quote, read as one cell, would otherwise be lost without a word."""
    for name, value in zip(header, row, strict=True):
        inner = _LINE_BREAK.split(value)
        if len(inner) < 2:
            continue
        if name not in MULTILINE_COLUMNS:
            return _Swallowed(
                line,
                name,
                f"a line break inside this cell (lines {line}-{line + len(inner) - 1}): an "
                'unbalanced quote (") swallowed the rows after it',
            )
        for offset, text in enumerate(inner[1:], start=1):
            cells = next(csv.reader([text]), [])
            if len(cells) == len(header) and cells[0].strip() == row[0].strip():
                return _Swallowed(
                    line,
                    name,
                    f"line {line + offset} inside this cell reads as a row of its own: an "
                    'unbalanced quote (") swallowed the rows after it',
                )
    return None


def row_identity_problems(
    path: Path,
    line: int,
    cells: Mapping[str, str],
    panel_id: str,
    raters: Collection[str],
    items: Collection[str],
    seen: Mapping[tuple[str, str], str],
) -> list[DataError]:
    """What is wrong with a packet CSV row's ``panel``, ``rater`` and ``item`` cells.

    The row must come from this panel's packet (`panel_id`), name one of its `raters` and `items`,
    and not rate an item that rater already rated (`seen` maps (rater, item) to where it was
    first read). Shared by the single-answer panel's reader and the pairwise one
    (:func:`medeval.rubrics.pairwise.read_preferences`).
    """
    found: list[DataError] = []
    if cells["panel"] != panel_id:
        found.append(
            DataError(
                path,
                f"panel {cells['panel']!r} is not this panel ({panel_id}): the file "
                "comes from another panel's packet",
                line=line,
                field="panel",
            )
        )
    rater, item = cells["rater"], cells["item"]
    if rater not in raters:
        found.append(
            DataError(
                path,
                f"unknown rater {rater!r} (this panel's raters: {', '.join(raters)})",
                line=line,
                field="rater",
            )
        )
    if item not in items:
        found.append(
            DataError(path, f"unknown item {item!r} for this panel", line=line, field="item")
        )
    if (rater, item) in seen:
        found.append(
            DataError(
                path,
                f"rater {rater!r} rated item {item!r} twice (first at {seen[(rater, item)]})",
                line=line,
                field="item",
            )
        )
    return found


def _read_file(
    panel: Panel,
    path: Path,
    columns: list[str],
    seen: dict[tuple[str, str], str],
    imported: ImportedRatings,
) -> list[DataError]:
    rubric = panel.rubric
    problems: list[DataError] = []
    low, high = rubric.scale.min, rubric.scale.max
    for line, cells in packet_csv_rows(path, columns, problems):
        row_problems = row_identity_problems(
            path, line, cells, panel.panel_id, panel.raters, panel.items, seen
        )
        rater, item = cells["rater"], cells["item"]
        where = f"{path}, line {line}"
        scores: dict[str, int | None] = {}
        for criterion in rubric.criterion_ids:
            value = cells[criterion]
            if not value:
                scores[criterion] = None
                continue
            try:
                number = float(value)
            except ValueError:
                number = float("nan")
            if not math.isfinite(number) or number != int(number) or not low <= number <= high:
                row_problems.append(
                    DataError(
                        path,
                        f"score {value!r} is not a whole number from {low} to {high}",
                        line=line,
                        field=criterion,
                    )
                )
                continue
            scores[criterion] = int(number)
        helpful: bool | None = None
        if rubric.helpful is not None and cells["helpful"]:
            answer = cells["helpful"].lower()
            if answer in YES:
                helpful = True
            elif answer in NO:
                helpful = False
            else:
                row_problems.append(
                    DataError(
                        path,
                        f"{cells['helpful']!r} is not yes or no",
                        line=line,
                        field="helpful",
                    )
                )
        if row_problems:
            problems.extend(row_problems)
            continue
        seen[(rater, item)] = where
        imported.ratings.append(
            Rating(
                rater=rater,
                item=item,
                scores=scores,
                helpful=helpful,
                comment=cells.get("comment", ""),
                source=where,
            )
        )
    return problems


def _missing(panel: Panel, imported: ImportedRatings) -> None:
    """Per rater: items never returned and blank criteria of returned ones."""
    rubric = panel.rubric
    got = imported.by_rater_item()
    returned = {r.rater for r in imported.ratings}
    for rater in panel.raters:
        gaps: list[str] = []
        if rater not in returned:
            imported.missing[rater] = [f"no ratings file ({len(panel.items)} items)"]
            continue
        for item in panel.items:
            rating = got.get((rater, item))
            if rating is None:
                gaps.append(f"{item}: not in the file")
                continue
            blank = [c for c, v in rating.scores.items() if v is None]
            if rubric.helpful is not None and rating.helpful is None:
                blank.append("helpful")
            if blank:
                gaps.append(f"{item}: {', '.join(blank)}")
        if gaps:
            imported.missing[rater] = gaps
