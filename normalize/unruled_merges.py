"""Cells merged over rows where the table cannot show it: blank cells read as the one above.

A PDF table drawn without rules between its rows gives a cell merged over several rows no
visible extent: its text prints at the top of the first row and the rows below look blank
(the PDF is the same as one made with those cells really blank).  A roadmap fills its
deadline and executor columns in every row as a rule, and an order that sets one deadline
or one executor for a block of activities does so by merging the cell — so in such a table
a blank cell of those fields under a filled one, within one section, takes that text.
Each row that does lists the field in ``merged_from`` and carries a ``merge_inferred``
warning, so the reading can be told from a cell the file states.  Tables that show their
merges (DOCX, RTF, ruled PDF) never pass through here.  Which fields, and how full a column
must be: ``data/merges.toml``.
"""
from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from normalize.records import Issue, RawRow

_DATA = Path(__file__).parent / "data" / "merges.toml"


@dataclass(frozen=True, slots=True)
class UnruledMerges:
    """What ``data/merges.toml`` says about tables without row rules."""

    fields: tuple[str, ...]
    min_filled_share: float


@lru_cache(maxsize=1)
def unruled_merges(path: Path = _DATA) -> UnruledMerges:
    """Load ``data/merges.toml`` once."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))["unruled"]
    return UnruledMerges(tuple(data["fields"]), float(data["min_filled_share"]))


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def carry_into_blank_cells(rows: Sequence[RawRow], rules: UnruledMerges | None = None) -> None:
    """In rows read from a table that hides its merges (consecutive, one table), each shared
    field left blank under a filled one of the same section takes that text, flagged."""
    rules = rules or unruled_merges()
    for name in rules.fields:
        filled = sum(not _blank(getattr(r, name)) for r in rows)
        if not rows or filled == len(rows) or filled < rules.min_filled_share * len(rows):
            continue
        above: RawRow | None = None
        for row in rows:
            if above is not None and row.section != above.section:
                above = None
            if not _blank(getattr(row, name)):
                above = row
                continue
            if above is None:
                continue
            setattr(row, name, getattr(above, name))
            if name not in row.merged_from:
                row.merged_from.append(name)
            row.issues.append(Issue(
                "merge_inferred",
                f"{name} blank in a table without rules between its rows: read as one cell "
                f"merged with row {above.item_no or '(unnumbered)'} above"))
