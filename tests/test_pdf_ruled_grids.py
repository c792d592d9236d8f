"""Ruled tables drawn by others: grids open at the sides, bodies ruled only around their rows,
and rules drawn around a borderless table (a grid that misses the columns of its text)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from extract.pdf import PageLayout, _page_pass
from extract.pdf_ruling import open_side_edges
from extract.pdf_settings import PdfSettings
from tests.test_pdf_robust import FakePage, h, v, word_chars


def page(edges: list[dict[str, Any]], *words: tuple[str, float, float]) -> FakePage:
    """A page of ``edges`` and words given as (text, x0, top), 10 pt type."""
    chars = [c for text, x0, top in words for c in word_chars(text, x0, top)]
    return FakePage(chars, edges)


def grids(layout: PageLayout) -> list[list[list[str]]]:
    """Each table of a page as rows of cell texts (a spanned cell at its anchor)."""
    out = []
    for table in layout.tables:
        rows = [[""] * table.n_cols for _ in range(table.n_rows)]
        for cell in table.cells:
            rows[cell.row][cell.col] = cell.text
        out.append(rows)
    return out


# --------------------------------------------------------------------------- open sides

def test_grid_open_at_both_sides_keeps_its_outer_columns():
    edges = [h(100, 500, y) for y in (100, 130, 160, 190)] + [v(x, 100, 190) for x in (300, 400)]
    words = [("Region", 110, 110), ("2019", 310, 110), ("2020", 410, 110),
             ("North", 110, 140), ("12", 310, 140), ("13", 410, 140),
             ("South", 110, 170), ("14", 310, 170), ("15", 410, 170)]
    layout = _page_pass(page(edges, *words), PdfSettings())
    assert grids(layout) == [[["Region", "2019", "2020"], ["North", "12", "13"], ["South", "14", "15"]]]


def test_rules_without_any_vertical_are_not_closed_into_a_grid():
    edges = [h(100, 500, y) for y in (100, 130, 190)]
    assert open_side_edges(edges, 3.0) == []


def test_a_rule_running_on_past_the_end_keeps_that_side_unclosed():
    # the rules at 130 and 160 start further left: the band 100–190 at x = 200 is no open side
    edges = [h(200, 500, 100), h(100, 500, 130), h(100, 500, 160), h(200, 500, 190), v(400, 100, 190), v(500, 100, 190)]
    closing = open_side_edges(edges, 3.0)
    assert all(not (e["x0"] == 200 and e["top"] == 100 and e["bottom"] == 190) for e in closing)
    assert {(e["x0"], e["top"], e["bottom"]) for e in closing} == {(100, 130, 160)}


# --------------------------------------------------------------------------- rows ruled only around

FRAME = [h(100, 500, y) for y in (100, 130, 230)] + [v(x, 100, 230) for x in (100, 300, 500)]


def test_blank_gaps_across_a_ruled_row_part_its_rows():
    words = [("Source", 110, 110), ("Definition", 310, 110),
             ("Major", 110, 135), ("Emissions", 310, 135), ("Large", 310, 147),
             ("Area", 110, 180), ("Smaller", 310, 180)]
    layout = _page_pass(page(FRAME, *words), PdfSettings())
    assert grids(layout) == [[["Source", "Definition"], ["Major", "Emissions\nLarge"], ["Area", "Smaller"]]]


def test_a_paragraph_gap_in_one_cell_does_not_part_the_row():
    words = [("Activity", 110, 110), ("Office", 310, 110),
             ("First", 110, 135), ("Ministry", 310, 135),
             ("Second", 110, 180)]  # a second paragraph of the activity, nothing beside it
    layout = _page_pass(page(FRAME, *words), PdfSettings())
    assert grids(layout) == [[["Activity", "Office"], ["First\nSecond", "Ministry"]]]


def test_lines_set_as_records_in_a_row_ruled_around_are_rows():
    words = [("Cohort", 110, 110), ("Total", 310, 110),
             ("North", 110, 135), ("12", 310, 135),
             ("South", 110, 147), ("14", 310, 147),
             ("Total", 110, 159), ("26", 310, 159)]
    layout = _page_pass(page(FRAME, *words), PdfSettings())
    assert grids(layout) == [[["Cohort", "Total"], ["North", "12"], ["South", "14"], ["Total", "26"]]]


def test_a_wrapped_cell_beside_other_lines_stays_one_row():
    words = [("Item", 110, 110), ("Description", 310, 110),
             ("Travel", 110, 135), ("and", 152, 135), ("miscellaneous", 110, 147),
             ("Breaks.", 310, 135), ("Other", 310, 147)]
    layout = _page_pass(page(FRAME, *words), PdfSettings())
    assert grids(layout) == [[["Item", "Description"], ["Travel and\nmiscellaneous", "Breaks.\nOther"]]]


# --------------------------------------------------------------------------- grids that are no tables

def test_rules_around_a_borderless_table_make_no_ruled_table():
    # two drawn columns, but the right one holds three columns of figures
    edges = [h(100, 500, y) for y in (100, 130, 200)] + [v(x, 100, 200) for x in (100, 250, 500)]
    words = [("Offense", 110, 110), ("Total", 260, 110)]
    for i, name in enumerate(("Robbery", "Arson", "Fraud", "Vandalism")):
        top = 135 + 12 * i
        words += [(name, 110, top), (f"{i}1,000", 260, top), (f"{i}2,000", 340, top), (f"{i}3,000", 420, top)]
    layout = _page_pass(page(edges, *words), PdfSettings())
    assert layout.tables == []
    assert [line.text for line in layout.lines][1] == "Robbery 01,000 02,000 03,000"
    assert sum(len(line.words) for line in layout.lines) == len(words)


# --------------------------------------------------------------------------- a table inside a cell

def test_table_drawn_inside_a_cell_is_a_table_of_its_own():
    outer = [h(100, 500, y) for y in (100, 200, 320)] + [v(x, 100, 320) for x in (100, 250, 500)]
    inner = [h(270, 480, y) for y in (240, 270, 300)] + [v(x, 240, 300) for x in (270, 380, 480)]
    words = [("Term", 110, 110), ("Whole", 260, 110), ("Death", 110, 210), ("Paid", 260, 210),
             ("Age", 280, 250), ("Rate", 390, 250), ("18-75", 280, 280), ("1,00%", 390, 280)]
    layout = _page_pass(page(outer + inner, *words), PdfSettings())
    assert sorted(grids(layout)) == [[["Age", "Rate"], ["18-75", "1,00%"]],
                                     [["Term", "Whole"], ["Death", "Paid"]]]


# --------------------------------------------------------------------------- floors on the public tables

@pytest.mark.parametrize("group, cases, found, shape, exact, lenient", [
    ("ICDAR ruled (grid)", 42, 40, 39, 0.90, 0.93),  # measured 40, 39, 90.6 %, 93.7 %; the issue asks shape ≥ 36, ≥ 85 %
    ("camelot ruled fixtures", 11, 11, 11, 0.95, 0.99),  # measured 11, 11, 97 %, 100 %
    ("ICDAR h-rules or none", 35, 35, 21, 0.68, 0.94),  # measured 35, 21, 68.2 %, 94.7 %; asked ≥ 30, ≥ 60 %, ≥ 85 %
    ("camelot borderless fixtures", 14, 11, 2, 0.27, 0.70),  # measured 11, 2, 27.4 %, 70.1 %; asked found ≥ 11
])
def test_tables_of_the_public_set_hold_their_figures(group, cases, found, shape, exact, lenient):
    """Each group of ../shared/tables-bench keeps at least the figures this finder reached."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    from tables_bench import BENCH, group_of, ours, run_engine

    if not (BENCH / "cases.json").exists():
        pytest.skip("no tables-bench here")
    members = [c for c in json.loads((BENCH / "cases.json").read_text(encoding="utf-8")) if group_of(c) == group]
    scores = list(run_engine(ours, members, BENCH).scores.values())
    assert len(scores) == cases
    assert sum(s.found for s in scores) >= found
    assert sum(s.shape for s in scores) >= shape
    assert sum(s.exact for s in scores) / len(scores) >= exact
    assert sum(s.lenient for s in scores) / len(scores) >= lenient
