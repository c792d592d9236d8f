"""Which table pieces continue the roadmap: column geometry, continuation markers, and the
tables that are never roadmap rows (approval sheets, signature blocks, distribution lists).

Knowledge lives in ``data/stitching.toml``; nothing here knows which format a table came
from (DOCX states its grid widths in ``Table.col_lines``, a PDF piece has cell boxes).
"""
from __future__ import annotations

from normalize.memo import text_cache

import re
import statistics
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from extract.model import Table
from normalize.records import RawRow
from normalize.text import clean_text, fold

_DATA = Path(__file__).parent / "data" / "stitching.toml"
_PUNCT = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class StitchRules:
    """Continuation markers, geometry tolerance, and non-roadmap header wording."""

    markers: tuple[re.Pattern, ...]
    points: float
    fraction: float
    text_edge_methods: frozenset[str]
    header_cells: tuple[re.Pattern, ...]
    titles: tuple[re.Pattern, ...]
    min_cells: int


@lru_cache(maxsize=1)
def stitch_rules(path: Path = _DATA) -> StitchRules:
    """Load ``data/stitching.toml`` once."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))

    def compiled(patterns: list[str]) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p) for p in patterns)

    nr = data["non_roadmap"]
    return StitchRules(compiled(data["continuation"]["markers"]), data["geometry"]["points"],
                       data["geometry"]["fraction"],
                       frozenset(data["geometry"]["text_edge_methods"]), compiled(nr["header_cells"]),
                       compiled(nr["titles"]), nr["min_cells"])


@text_cache(maxsize=8192)
def _key(text: str) -> str:
    """Lower case, ё→е, punctuation as spaces, whitespace folded (cached: the same cells are
    keyed when a table is split, selected and its rows classified)."""
    return fold(_PUNCT.sub(" ", clean_text(text).lower().replace("ё", "е")))


def is_continuation_marker(text: str, rules: StitchRules | None = None) -> bool:
    """«Продолжение таблицы», «Окончание таблицы 1» …"""
    rules = rules or stitch_rules()
    key = _key(text)
    return bool(key) and any(p.search(key) for p in rules.markers)


def column_lines(table: Table) -> tuple[float, ...] | None:
    """The x of each column boundary (n_cols + 1 values): stated by the format, else the
    median edge of the cells' boxes that start or end there; None where unknown."""
    if table.col_lines and len(table.col_lines) == table.n_cols + 1:
        return tuple(table.col_lines)
    edges: list[list[float]] = [[] for _ in range(table.n_cols + 1)]
    for cell in table.cells:
        if cell.bbox is None:
            continue
        edges[cell.col].append(cell.bbox[0])
        edges[min(cell.col + cell.col_span, table.n_cols)].append(cell.bbox[2])
    if not all(edges):
        return None
    return tuple(statistics.median(e) for e in edges)


def columns_align(a: Table, b: Table, rules: StitchRules | None = None) -> bool | None:
    """Whether two pieces' columns line up (None when either has no geometry).

    Inner boundaries must agree within the tolerance.  An outer edge of a piece found from
    its text alone (``text_edge_methods``) is where that piece's text ends, a bound on the
    table's edge rather than the edge: its text must not cross the other piece's edge, but
    a piece whose outer column holds shorter lines may stop short of it."""
    rules = rules or stitch_rules()
    if a.n_cols != b.n_cols:
        return False
    la, lb = column_lines(a), column_lines(b)
    if la is None or lb is None:
        return None
    tol = max(rules.points, rules.fraction * (la[-1] - la[0]))
    if any(abs(x - y) > tol for x, y in zip(la[1:-1], lb[1:-1])):
        return False
    return (_outer_edges_agree((la[0], la[-1]), a.method in rules.text_edge_methods,
                               (lb[0], lb[-1]), b.method in rules.text_edge_methods, 2 * tol))


def _outer_edges_agree(a: tuple[float, float], a_text: bool, b: tuple[float, float],
                       b_text: bool, tol: float) -> bool:
    """Whether two pieces' (left, right) edges agree; a text edge only bounds the edge."""
    if a_text and b_text:
        return True  # two text extents: both lie inside the same unknown edges
    if a_text or b_text:
        text, stated = (a, b) if a_text else (b, a)
        return text[0] >= stated[0] - tol and text[1] <= stated[1] + tol
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def non_roadmap_reason(table: Table, title: str = "",
                       rules: StitchRules | None = None) -> str | None:
    """Why a table is an approval sheet / signature block / distribution list, or None.

    ``title``: the text just above the table (its caption, if any)."""
    rules = rules or stitch_rules()
    if title and any(p.search(_key(title)) for p in rules.titles):
        return f"titled «{clean_text(title)}»"
    grid = table.text_grid()
    for row in grid[:3]:
        keys = [_key(t) for t in row if t.strip()]
        if len(keys) == 1 and any(p.search(keys[0]) for p in rules.titles):
            return f"titled «{clean_text(row[0] or keys[0])}»"
        hits = [k for k in keys if any(p.search(k) for p in rules.header_cells)]
        if len(hits) >= rules.min_cells:
            return "header «" + " | ".join(clean_text(t) for t in row if t.strip()) + "»"
    return None


def foreign_header_row(table: Table, rules: StitchRules | None = None) -> int | None:
    """The first row below the first that reads as an approval sheet's, signature block's or
    list's header (``min_cells`` of its cells match, it opens with no row number): where
    such a table was appended to the roadmap's own grid; None when there is none."""
    rules = rules or stitch_rules()
    wanted = rules.min_cells
    grid = table.grid()
    for r in range(1, table.n_rows):
        row = grid[r]
        first = next((c.text for c in row if c is not None and c.text.strip()), None)
        if first is None or _is_row_number(first):
            continue  # an empty or numbered row (data): its other cells need no reading
        texts = [c.text for c in row if c is not None and c.text.strip()]
        if len(texts) < wanted:
            continue  # too few cells to match
        hits = 0
        if hits >= wanted:
            return r
        for text in texts:
            key = _key(text)
            if any(p.search(key) for p in rules.header_cells):
                hits += 1
                if hits >= wanted:
                    return r
    return None


_ROW_NUMBER = re.compile(r"[0-9.\s]*[0-9][0-9.\s]*")  # "1.", "2.3.", "1.\n2": keyed to digits


def _is_row_number(text: str) -> bool:
    """``_key(text)`` without its spaces is all digits: a row number.  Checked without keying
    when the text is ASCII digits, dots and whitespace only (its key is then its digits)."""
    return _ROW_NUMBER.fullmatch(text) is not None or _key(text).replace(" ", "").isdigit()


def split_at_row(table: Table, at: int) -> tuple[Table, Table]:
    """The rows above ``at`` and the rows from ``at`` on as two tables (a cell spanning the
    cut keeps its rows above it)."""
    above = [replace(c, row_span=min(c.row_span, at - c.row)) for c in table.cells if c.row < at]
    below = [replace(c, row=c.row - at) for c in table.cells if c.row >= at]
    page = min((c.page for c in below), default=table.page)
    return (replace(table, cells=above, n_rows=at),
            replace(table, cells=below, n_rows=table.n_rows - at, page=page, bbox=None))


def split_foreign_tail(table: Table, rules: StitchRules | None = None) -> list[Table]:
    """A table with an approval sheet / signature block / list appended to its grid, as the
    table and that sheet; any other table as it is."""
    at = foreign_header_row(table, rules)
    return [table] if at is None else list(split_at_row(table, at))


def cell_tails(table: Table) -> list[list[str]]:
    """Rows × cols: each cell's last line as read, with the trailing space a PDF reader keeps
    when a space was printed there ("" for covered positions)."""
    return [[c.text.rsplit("\n", 1)[-1] if c and c.text else "" for c in row] for row in table.grid()]


def continue_row(row: RawRow, texts: Sequence[str], fields: Sequence[str],
                 tails: dict[str, str]) -> None:
    """Append the cells of a continuation row to the row it continues; ``tails[field]`` is
    the last line (as read) of the row's text so far, before the cut."""
    for f, t in zip(fields, texts):
        if not t or f in ("skip", "item_no"):
            continue
        if f.startswith("extra:"):
            key = f[len("extra:"):]
            row.extra[key] = join_across_cut(row.extra.get(key), t, tails.get(f, ""))
        else:
            setattr(row, f, join_across_cut(getattr(row, f), t, tails.get(f, "")))


def join_across_cut(before: str | None, after: str, tail: str = "") -> str:
    """A cell's text continued after a cut: read as a line break, so a word broken there
    rejoins and a compound broken at its hyphen keeps it («семинаре-|тренинге»), unless a
    space was printed before the cut: then the source had a space («Сентябрь- октябрь»).
    ``tail``, the last line before the cut as read, lets the join see that line alone."""
    if not before:
        return after
    if tail[-1:].isspace():
        return clean_text(f"{before} {after}")
    last = clean_text(tail)
    head = before[:-len(last)] if last and before.endswith(last) else None
    if head is not None and (not head or head.endswith(" ")):
        return head + clean_text(f"{last}\n{after}")
    return clean_text(f"{before}\n{after}")
