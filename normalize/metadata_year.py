"""The year a roadmap covers: its caption or title, else the rows' dates."""
from __future__ import annotations


from normalize.metadata_text import (
    _vocab,
)


# --------------------------------------------------------------------------- year, type


def find_year(text: str) -> int | None:
    """The first year a caption or title says the roadmap covers ("в 2021 году", "(2021 г.)")."""
    v = _vocab()
    hits = []
    for p in v.year_patterns:
        for m in p.finditer(text):
            y = int(m.group(1))
            if v.year_min <= y <= v.year_max:
                hits.append((m.start(), y))
    return min(hits)[1] if hits else None
