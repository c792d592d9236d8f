"""The school and date parsers on real text nobody on the project wrote
(``tests/fixtures/real_cells.toml``): schools precision and recall, dates exact, silent guesses.

    python -m tests.real_cells            # figures
    python -m tests.real_cells --misses   # and every miss

Each text goes through ``clean_text`` first, as the pipeline does with every cell and
paragraph.  A date cell counts as exact when ``period_start``/``period_end`` (and the
recurrence, where given) equal the expected values; a cell marked ``flag`` must also carry
a warning.  A silent guess is a cell whose values differ from the expected ones and that
carries no warning.
"""
from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DATA = Path(__file__).parent / "fixtures" / "real_cells.toml"
# warnings that say a cell was not read exactly as printed
FLAGS = {"period_unparsed", "period_not_dated", "period_year_missing", "period_year_from_roadmap",
         "period_text_ignored", "period_out_of_year", "period_end_before_start"}


def load() -> dict:
    with DATA.open("rb") as fh:
        return tomllib.load(fh)


@dataclass
class Figures:
    """What the measurement found."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    dates: int = 0
    exact: int = 0
    silent: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.dates if self.dates else 1.0


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def measure(*, heldout: bool | None = None) -> Figures:
    """Run both parsers over the collected cells (only the held-out ones, or only the
    others, when ``heldout`` is given)."""
    from normalize.periods import parse_period
    from normalize.schools import find_schools
    from normalize.text import clean_text

    data, out = load(), Figures()
    def chosen(case: dict) -> bool:
        return heldout is None or case.get("heldout", False) == heldout

    for case in filter(chosen, data["school"]):
        found = [s.canonical for s in find_schools(clean_text(case["text"]))]
        expected = case["expected"]
        out.tp += len([s for s in found if s in expected])
        out.fp += len([s for s in found if s not in expected])
        out.fn += len([s for s in expected if s not in found])
        if sorted(found) != sorted(expected):
            out.misses.append(f"school {case['text'][:70]!r}: got {found}, expected {expected}")
    for case in filter(chosen, data["date"]):
        p = parse_period(clean_text(case["text"]), year=case["year"])
        codes = {i.code for i in p.issues}
        values_ok = ((p.start, p.end) == (_day(case["start"]), _day(case["end"]))
                     and p.recurrence == case.get("recurrence", p.recurrence))
        flagged = bool(codes & FLAGS)
        ok = values_ok and (flagged or not case.get("flag", False))
        out.dates += 1
        out.exact += ok
        if not values_ok and not flagged:
            out.silent += 1
        if not ok:
            out.misses.append(f"date {case['text']!r}: got {p.start}..{p.end} {p.recurrence} "
                              f"{sorted(codes)}, expected {case['start'] or None}..{case['end'] or None}")
    return out


def main(argv: list[str]) -> int:
    for title, heldout in (("all", None), ("first set", False), ("held out", True)):
        f = measure(heldout=heldout)
        print(f"{title}: schools precision {f.precision:.3f} ({f.tp}/{f.tp + f.fp}), "
              f"recall {f.recall:.3f} ({f.tp}/{f.tp + f.fn}); dates exact {f.exact_share:.3f} "
              f"({f.exact}/{f.dates}), silent guesses {f.silent}")
        if "--misses" in argv and heldout is None:
            print("\n".join(f.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
