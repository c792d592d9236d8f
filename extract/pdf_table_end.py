"""Where a borderless (or rules-only) table of a PDF page ends: at a line that opens another table.

An approval sheet (лист согласования: Должность | ФИО | Подпись | Дата), a signature block
or a distribution list set right under the roadmap, often with the very same column widths,
lines up with the roadmap's columns, so word positions alone read it as more lines of the
roadmap's last row.  Its header line gives it away: two or more of its segments read as
such a table's header cells, or the line alone is such a table's title.  The page's lines
are cut before each such line and every part goes through the borderless finder on its own,
so the sheet becomes a table (or text) of its own — never lost, never roadmap rows.

The wording is the one normalize uses to keep such tables out of the roadmap
(``normalize/data/stitching.toml``, ``[non_roadmap]``); it is read as data here, so the
extract layer does not import normalize.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .pdf_ruling import FoundTable
from .pdf_settings import PdfSettings
from .pdf_text import Line, line_segments

STITCHING = Path(__file__).resolve().parent.parent / "normalize" / "data" / "stitching.toml"
_PUNCT = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class ForeignTableWording:
    """Header cells and titles of tables that are never roadmap rows."""

    header_cells: tuple[re.Pattern[str], ...]
    titles: tuple[re.Pattern[str], ...]
    min_cells: int


@lru_cache(maxsize=4)
def foreign_wording(path: Path = STITCHING) -> ForeignTableWording:
    """The ``[non_roadmap]`` wording of the stitching data file, compiled once."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))["non_roadmap"]
    return ForeignTableWording(tuple(re.compile(p) for p in data["header_cells"]),
                               tuple(re.compile(p) for p in data["titles"]), int(data["min_cells"]))


def wording_key(text: str) -> str:
    """Lower case, «ё» as «е», punctuation as spaces, whitespace folded (as normalize keys it)."""
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return " ".join(_PUNCT.sub(" ", text).split())


def opens_foreign_table(line: Line, settings: PdfSettings, wording: ForeignTableWording | None = None) -> bool:
    """The line is the header or the title of an approval sheet, signature block or list:
    at least ``min_cells`` of its segments read as such a table's header cells, or it is
    one segment reading as such a table's title; a line opened by a row number is a row."""
    wording = wording or foreign_wording()
    segments = line_segments(line, settings.segment_gap_ratio)
    if segments and re.fullmatch(settings.row_number_pattern, segments[0].text.strip()):
        return False
    keys = [k for k in (wording_key(s.text) for s in segments) if k]
    if len(keys) == 1 and any(p.search(keys[0]) for p in wording.titles):
        return True
    hits = sum(1 for k in keys if any(p.search(k) for p in wording.header_cells))
    return hits >= wording.min_cells


def cut_before_foreign(lines: Sequence[Line], settings: PdfSettings,
                       wording: ForeignTableWording | None = None) -> list[int]:
    """Start indices of the parts of a page's lines: 0, then every line opening another table."""
    wording = wording or foreign_wording()
    return [0] + [i for i in range(1, len(lines)) if opens_foreign_table(lines[i], settings, wording)]


Finder = Callable[[Sequence[Line], PdfSettings, object], tuple[list[FoundTable], list[list[int]], object]]


def find_in_parts(lines: Sequence[Line], settings: PdfSettings, prior: object, finder: Finder
                  ) -> tuple[list[FoundTable], list[list[int]], object]:
    """``finder`` (the borderless finder) run on each part of the lines cut before every
    line opening another table; the tables in order, the line indices each took (into
    ``lines``), and the context the last part hands on."""
    starts = cut_before_foreign(lines, settings)
    if len(starts) == 1:
        return finder(lines, settings, prior)
    tables: list[FoundTable] = []
    taken: list[list[int]] = []
    context = prior
    for start, end in zip(starts, [*starts[1:], len(lines)]):
        part_tables, part_taken, part_context = finder(lines[start:end], settings, context)
        tables.extend(part_tables)
        taken.extend([start + k for k in ks] for ks in part_taken)
        if part_tables:
            context = part_context
    return tables, taken, context
