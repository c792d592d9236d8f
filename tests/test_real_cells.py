"""Schools and dates on real text nobody on the project wrote (tests/fixtures/real_cells.toml)."""
from __future__ import annotations

from tests.real_cells import load, measure


def test_enough_real_cells_were_collected_and_each_cites_its_source() -> None:
    data = load()
    mentions = sum(len(c["expected"]) for c in data["school"])
    assert mentions >= 20 and len(data["date"]) >= 20
    assert all(c["source"].startswith("http") for c in [*data["school"], *data["date"]])


def test_schools_precision_and_recall_and_dates_exact_without_silent_guesses() -> None:
    figures = measure()
    assert figures.precision >= 0.95, figures.misses
    assert figures.recall >= 0.95, figures.misses
    assert figures.exact_share >= 0.95, figures.misses
    assert figures.silent == 0, figures.misses
