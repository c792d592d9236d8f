"""The tables-bench scoring follows the set's README definitions."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from tables_bench import Score, clean, group_of, score_case, score_table  # noqa: E402

EXPECTED = [["", "to air", "to water"], ["CO2", "100 million", "-"], ["CH4", "100 000", "-"]]


def test_clean_folds_text_and_drops_empty_rows_and_columns():
    assert clean([["", " a\n b ", ""], ["", "", None], ["", "ﬁ", ""]]) == [["a b"], ["fi"]]


def test_identical_grid_is_exact_and_same_shape():
    s = score_table(clean(EXPECTED), clean(EXPECTED))
    assert (s.exact, s.shifted, s.lenient, s.shape, s.found) == (1.0, 1.0, 1.0, True, True)


def test_extra_leading_column_counts_only_at_a_shift():
    got = clean([["x", *row] for row in EXPECTED])
    s = score_table(clean(EXPECTED), got)
    assert s.shifted == 1.0 and s.exact < 0.5 and s.lenient == 1.0 and not s.shape


def test_lenient_counts_expected_cells_found_anywhere():
    got = [["CO2 100 million", "-"], ["CH4", "100 000"]]
    s = score_table(clean(EXPECTED), clean(got))
    assert s.lenient == 4 / 8 and s.found  # "-" twice, CH4, 100 000 of eight


def test_best_table_of_the_page_is_kept_and_no_table_scores_zero():
    assert score_case(clean(EXPECTED), []) == Score()
    best = score_case(clean(EXPECTED), [[["nothing"]], EXPECTED])
    assert best.exact == 1.0


def test_groups_are_the_readme_groups():
    assert group_of({"source": "icdar2013", "ruling": "grid"}) == "ICDAR ruled (grid)"
    assert group_of({"source": "icdar2013", "ruling": "none"}) == "ICDAR h-rules or none"
    assert group_of({"source": "camelot", "fixture_kind": "borderless"}) == "camelot borderless fixtures"
