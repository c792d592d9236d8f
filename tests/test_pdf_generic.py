"""Borderless tables laid out by others: figures wider than their column, columns set closer
than a segment gap, single-line rows without row numbers."""
from __future__ import annotations

from extract.pdf_settings import PdfSettings
from extract.pdf_stream import CROSS, FIT, classify, segment_columns, split_rows
from extract.pdf_text import Line, Segment, Word, line_segments

BOUNDS = [60.0, 120.0, 180.0]


def words(*spec: tuple[str, float, float], top: float = 100.0, size: float = 9.0) -> Line:
    """A line of words given as (text, x0, x1)."""
    return Line(tuple(Word(t, x0, top, x1, top + size, size) for t, x0, x1 in spec))


def test_wide_figure_overhanging_its_column_stays_in_it():
    figure = Segment(words(("2,753,438", 115, 155)).words)
    assert segment_columns(figure, BOUNDS, 0.25) == (2, 2)
    assert segment_columns(figure, BOUNDS) == (1, 2)


def test_words_overhanging_a_boundary_still_cross_it():
    title = Segment(words(("на", 110, 122), ("2021", 125, 150), ("год", 153, 170)).words)
    assert segment_columns(title, BOUNDS, 0.25) == (1, 2)


def test_columns_set_closer_than_a_segment_gap_are_cut_on_the_boundaries():
    # 4 pt between the figures: no segment gap (0.6 × 9 pt), but each gap holds a boundary
    line = words(("Total", 0, 50), ("12,345", 54, 116), ("23,456", 120, 176), ("34,567", 180, 230))
    [classed] = classify([line], BOUNDS, PdfSettings())
    assert classed.kind == FIT
    assert [(s.text, segment_columns(s, BOUNDS, 0.25)) for s in classed.segments] == [
        ("Total", (0, 0)), ("12,345", (1, 1)), ("23,456", (2, 2)), ("34,567", (3, 3))]


def test_running_text_across_columns_is_not_cut():
    line = words(("The", 0, 20), ("committee", 23, 70), ("agreed", 73, 110), ("that", 113, 130), ("all", 133, 150),
                 ("members", 153, 200))
    assert classify([line], BOUNDS, PdfSettings())[0].kind == CROSS


def test_single_line_rows_without_numbers_are_rows_of_their_own():
    settings = PdfSettings()
    spec = [[("Region", 0, 40), ("2019", 70, 90), ("2020", 130, 150), ("2021", 190, 210)]]
    spec += [[(name, 0, 40), ("1,234", 95, 118), ("2,345", 155, 178), ("3,456", 215, 238)] for name in ("North", "South", "East")]
    lines = [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    rows = split_rows(classify(lines, BOUNDS, settings), BOUNDS, settings)
    assert [[t.index for t in row] for row in rows] == [[0], [1], [2], [3]]


def test_a_wrapped_cell_stays_in_its_row():
    settings = PdfSettings()
    lines = [
        words(("Region", 0, 40), ("Activity", 70, 110), ("May", 130, 150), ("Office", 190, 220), top=100),
        words(("one", 70, 90), ("of", 190, 200), top=111),
        words(("North", 0, 40), ("Other", 70, 110), ("June", 130, 150), ("School", 190, 220), top=122),
    ]
    classed = classify(lines, BOUNDS, settings)
    assert [t.kind for t in classed] == [FIT, FIT, FIT]
    rows = split_rows(classed, BOUNDS, settings)
    assert [[t.index for t in row] for row in rows] == [[0, 1], [2]]


def test_row_ruled_only_across_is_split_into_the_columns_ruled_above():
    from extract.pdf_ruling import FoundTable, GridCell, split_unruled_span

    table = FoundTable([], 2, 3, (0, 0, 300, 40), "ruled", [0, 100, 200, 300], [0, 20, 40])
    wide = GridCell(1, 0, 1, 3, (0, 20, 300, 40))
    figures = words(("Austria", 5, 40), ("92.9", 150, 170), ("5,821", 260, 290), top=25).words
    parts = split_unruled_span(table, wide, figures)
    assert [(c.col, c.col_span, [w.text for w in ws]) for c, ws in parts] == [
        (0, 1, ["Austria"]), (1, 1, ["92.9"]), (2, 1, ["5,821"])]
    heading = words(("Section", 60, 98), ("two", 103, 125), top=25).words  # ordinary word space at x = 100
    assert split_unruled_span(table, wide, heading) == [(wide, list(heading))]


def test_two_column_table_needs_its_second_column_set_flush_over_three_lines():
    from extract.pdf_stream import aligned_columns

    settings = PdfSettings()
    bounds = [150.0]
    figures = [words((label, 0, 100), (fig, 290 - 6 * len(fig), 290), top=100 + 11 * i)
               for i, (label, fig) in enumerate([("Net value", "5,111,372"), ("Units", "49,136"), ("Per unit", "104.03")])]
    assert aligned_columns(classify(figures, bounds, settings), bounds, 3)
    assert not aligned_columns(classify(figures[:2], bounds, settings), bounds, 3)
    ragged = [words(("Signed", 0, 40), (name, x, x + 50), top=100 + 11 * i) for i, (name, x) in enumerate(
        [("Ivanov", 160), ("Petrov", 200), ("Sidorov", 240)])]
    assert not aligned_columns(classify(ragged, bounds, settings), bounds, 3)


def test_a_line_starting_left_of_its_rows_leading_cell_opens_a_row():
    # rows of single lines at one pitch; a wrapped name hangs indented, a group label is set further left
    settings = PdfSettings()
    spec = [
        [("Male", 6, 30), ("61", 95, 118), ("28", 155, 178), ("4.7", 215, 238)],
        [("Female", 6, 40), ("49", 95, 118), ("29", 155, 178), ("5.9", 215, 238)],
        [("Race", 0, 40)],
        [("Indian/", 6, 40), ("70", 95, 118), ("51", 155, 178), ("7.2", 215, 238)],
        [("Native", 8, 40)],
        [("Asian", 6, 40), ("40", 95, 118), ("17", 155, 178), ("4.3", 215, 238)],
    ]
    lines = [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    rows = split_rows(classify(lines, BOUNDS, settings), BOUNDS, settings)
    assert [[t.index for t in row] for row in rows] == [[0], [1], [2], [3, 4], [5]]


def test_header_lines_over_column_groups_are_taken_in_as_rows_of_their_own():
    from extract.pdf_stream import header_start, table_regions

    settings = PdfSettings()
    spec = [
        [("Table", 0, 30), ("7.", 33, 45)],  # a caption in the leading column stays out
        [("Projected", 130, 235)],  # one heading over the last columns
        [("Current", 70, 170), ("Constant", 185, 235)],  # headings over groups of columns
        [("Year", 0, 30), ("Total", 70, 110), ("Per", 130, 150), ("Total", 190, 210)],
    ]
    spec += [[(name, 0, 40), ("1,234", 95, 118), ("2,345", 155, 178), ("3,456", 215, 238)] for name in ("1997", "1998", "1999")]
    lines = [words(*s, top=100 + 14 * i) for i, s in enumerate(spec)]  # 5 pt between lines: no line touches the next
    classed = classify(lines, BOUNDS, settings)
    assert [t.kind for t in classed][1:3] == [CROSS, CROSS]
    assert header_start(classed, 3, 0, settings) == 1
    assert table_regions(classed, settings) == [(1, 7)]
    rows = split_rows(classed[1:], BOUNDS, settings)
    assert [[t.index for t in row] for row in rows] == [[1], [2], [3], [4], [5], [6]]


def test_a_header_line_touching_the_one_above_stays_in_its_row():
    settings = PdfSettings()
    spec = [
        [("ADA", 70, 110), ("Total", 190, 210)],
        [("Year", 0, 30), ("(in thousands)", 70, 170), ("Total", 190, 210)],  # touches the line above
    ]
    spec += [[(name, 0, 40), ("1,234", 95, 118), ("2,345", 155, 178), ("3,456", 215, 238)] for name in ("1997", "1998", "1999")]
    tops = [100, 110, 125, 139, 153]
    lines = [words(*s, top=t) for s, t in zip(spec, tops)]
    rows = split_rows(classify(lines, BOUNDS, settings), BOUNDS, settings)
    assert [[t.index for t in row] for row in rows] == [[0, 1], [2], [3], [4]]



def test_a_single_heading_right_above_numbered_rows_is_their_section_not_a_header():
    from extract.pdf_stream import header_start

    settings = PdfSettings()
    spec = [
        [("№", 0, 10), ("Activity", 70, 110), ("Due", 130, 150), ("Who", 190, 210)],  # the header…
        [("of work", 70, 100), ("date", 130, 150)],  # …its second line
        [("I. Organisation", 90, 170)],  # a section heading centred over two columns, touching it
    ]
    spec += [[(f"{n}.", 0, 10), ("Plan", 70, 100), ("May", 130, 150), ("Office", 190, 230)] for n in (1, 2, 3)]
    tops = [100, 110, 119.5, 135, 149, 163]
    lines = [words(*s, top=t) for s, t in zip(spec, tops)]
    classed = classify(lines, BOUNDS, settings)
    assert classed[2].kind == CROSS
    assert header_start(classed, 3, 0, settings) == 3  # the heading is not lifted into the header
    rows = split_rows(classed, BOUNDS, settings)
    assert [[t.index for t in row] for row in rows] == [[0, 1], [2], [3], [4], [5]]
