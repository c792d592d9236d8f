"""The year a roadmap covers: its caption or title, else the most common year of its rows' dates.

Amendment and edition notes ("(с изменениями на 15 апреля 2021 года)") and the dates of
documents referred to ("приказом … от 15.04.2021 № 123") name years the roadmap does not
cover; they are taken out before the caption and title are read (``[year] ignore``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from normalize.metadata_text import _vocab
from normalize.periods import prepare, scan


def without_references(text: str) -> str:
    """``text`` with amendment notes and referred documents' dates blanked out."""
    for pattern in _vocab().year_ignore:
        text = pattern.sub(" ", text)
    return text


def find_year(text: str) -> int | None:
    """The first year a caption or title says the roadmap covers ("в 2021 году", "(2021 г.)")."""
    v = _vocab()
    text = without_references(text)
    hits = []
    for p in v.year_patterns:
        for m in p.finditer(text):
            y = int(m.group(1))
            if v.year_min <= y <= v.year_max:
                hits.append((m.start(), y))
    return min(hits)[1] if hits else None


def dominant_row_year(cells: Iterable[str | None]) -> tuple[int | None, int, int]:
    """The year most date cells name, how many name it and how many name any year.

    A cell votes once for each year it states; a template or unreadable cell votes for
    none.  The year is None unless it is named by at least ``rows_min_share`` of the dated
    cells and by more cells than any other year.
    """
    v = _vocab()
    votes: Counter[int] = Counter()
    dated = 0
    for cell in cells:
        if not cell or not cell.strip():
            continue
        prepared = prepare(cell)
        found = scan(prepared.text)
        if found.placeholders or prepared.blank:
            continue
        years = {a.year for e in found.exprs for a in (e.first, e.last)
                 if a.year is not None and v.year_min <= a.year <= v.year_max}
        if years:
            dated += 1
            votes.update(years)
    if not votes:
        return None, 0, dated
    ranked = votes.most_common(2)
    year, count = ranked[0]
    if (len(ranked) > 1 and ranked[1][1] == count) or count < v.rows_min_share * dated:
        return None, count, dated
    return year, count, dated
