"""Borderless tables whose leading column holds names with a stray number in it, headings
centred over flush-left columns, and a header whose leading-column heading sits on its
bottom line (made-up pages)."""
from __future__ import annotations

from extract.pdf_settings import PdfSettings
from extract.pdf_stream import FIT, StreamContext, classify, find_stream_tables, is_numbered, split_rows
from extract.pdf_stream_columns import header_boundaries, known_boundaries, settle_boundaries
from extract.pdf_text import Line, Segment, Word

BOUNDS = [60.0, 120.0, 180.0]


def words(*spec: tuple[str, float, float], top: float = 100.0, size: float = 9.0) -> Line:
    """A line of words given as (text, x0, x1)."""
    return Line(tuple(Word(t, x0, top, x1, top + size, size) for t, x0, x1 in spec))


def seg(text: str, x0: float, x1: float) -> Segment:
    """One segment of one word."""
    return Segment(words((text, x0, x1)).words)


def test_a_stray_number_in_a_column_of_names_does_not_make_the_rows_numbered():
    # a line of column numbers ("1 | 2= | 3 | 4") over rows of names; a page number below
    settings = PdfSettings()
    spec = [[("1", 0, 6), ("2=", 80, 90), ("3", 140, 146), ("4", 200, 206)]]
    spec += [[(name, 0, 40), ("1.5", 95, 110), ("2.5", 155, 170), ("3.5", 215, 230)]
             for name in ("North", "South", "East", "West")]
    spec += [[("2", 0, 6)]]
    lines = [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    classed = classify(lines, BOUNDS, settings)
    assert not is_numbered(classed, BOUNDS, settings)
    rows = split_rows(classed, BOUNDS, settings)
    assert [row[0].index for row in rows] == [0, 1, 2, 3, 4]  # each name line opens a row


def test_numbered_rows_with_wrapped_cells_stay_numbered():
    settings = PdfSettings()
    spec = [[("1.", 0, 10), ("Hold a meeting", 62, 110), ("May", 125, 140), ("Office", 185, 210)],
            [("of the board", 62, 100)],
            [("2.", 0, 10), ("Send the report", 62, 112), ("June", 125, 142), ("Office", 185, 210)],
            [("to the ministry", 62, 108)]]
    lines = [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    classed = classify(lines, BOUNDS, settings)
    assert is_numbered(classed, BOUNDS, settings)
    assert [[t.index for t in row] for row in split_rows(classed, BOUNDS, settings)] == [[0, 1], [2, 3]]


def test_numbered_rows_stay_numbered_when_the_leading_column_also_holds_words():
    # the leading column holds the row numbers and the wrapped lines of a task written
    # beside them (more word lines than numbers on this page): the numbers still open rows
    settings = PdfSettings()
    spec = [[("1.", 0, 8), ("Task", 30, 50), ("Hold a meeting", 62, 110), ("May", 125, 140), ("Office", 185, 210)],
            [("one of", 30, 55), ("of the board", 62, 100)],
            [("the plan", 30, 56), ("members", 62, 100)],
            [("in full", 30, 52), ("and more", 62, 100)],
            [("2.", 0, 10), ("Send the report", 62, 112), ("June", 125, 142), ("Office", 185, 210)],
            [("to the ministry", 62, 108)]]
    lines = [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    classed = classify(lines, BOUNDS, settings)
    assert is_numbered(classed, BOUNDS, settings)
    assert [[t.index for t in row] for row in split_rows(classed, BOUNDS, settings)] == [[0, 1, 2, 3], [4, 5]]


def test_a_boundary_moves_left_in_its_gap_so_a_centred_heading_fits():
    # data: "C1" ends at 267, "D1" starts at 327 (boundary just left of it, 326);
    # the heading over D starts at 317, inside the gap
    heading = [seg("Long 1", 242, 277), seg("Long 2", 317, 352)]
    data = [[seg("C%d" % i, 252, 267), seg("D%d" % i, 327, 342)] for i in range(1, 4)]
    assert settle_boundaries([heading, *data], data, [326.0]) == [316.5]


def test_a_boundary_stays_when_the_gap_holds_no_heading_start_or_only_a_title():
    data = [[seg("C%d" % i, 252, 267), seg("D%d" % i, 327, 342)] for i in range(1, 4)]
    title = [seg("Plan of activities for the year", 200, 400)]
    assert settle_boundaries([title, *data], data, [326.0]) == [326.0]
    # a boundary mid-gap (a flush-right column: no text starts at it) is not moved
    heading = [seg("Long 1", 242, 277), seg("Long 2", 317, 352)]
    assert settle_boundaries([heading, *data], data, [300.0]) == [300.0]


def test_a_page_table_takes_in_a_heading_line_centred_over_flush_left_columns():
    settings = PdfSettings()
    spec = [[("Name", 20, 50), ("Long 1", 242, 277), ("Long 2", 317, 352)]]
    spec += [[("Row%d" % i, 20, 50), ("C%d" % i, 252, 267), ("D%d" % i, 327, 342)] for i in range(1, 5)]
    lines = [words(*s, top=100 + 14 * i) for i, s in enumerate(spec)]
    [table], _taken, _context = find_stream_tables(lines, settings)
    first_row = sorted((c.col, c.text) for c in table.cells if c.row == 0)
    assert first_row == [(0, "Name"), (1, "Long 1"), (2, "Long 2")]


def test_a_header_of_several_lines_ends_on_the_line_with_the_leading_heading():
    settings = PdfSettings()
    spec = [[("Schools", 62, 100), ("Pupils", 125, 160), ("Staff", 185, 210)],
            [("in the", 62, 100), ("in the", 125, 160), ("in the", 185, 210)],
            [("Region", 0, 40), ("sample", 62, 100), ("sample", 125, 160), ("sample", 185, 210)]]
    spec += [[(name, 0, 40), ("12", 90, 100), ("345", 145, 160), ("6", 205, 210)] for name in ("North", "South", "East")]
    lines = [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    classed = classify(lines, BOUNDS, settings)
    assert all(t.kind == FIT for t in classed)
    rows = split_rows(classed, BOUNDS, settings)
    assert [[t.index for t in row] for row in rows] == [[0, 1, 2], [3], [4], [5]]


def _task_page(task_rows: int) -> list[Line]:
    """A numbered borderless table: № | Task | Activity | Date | Who, the task column
    printed in the first ``task_rows`` rows only (a task cell spanning many rows)."""
    spec = [[("No", 2, 14), ("Who", 262, 280)],
            [("Task", 44, 62), ("Activity", 120, 150), ("Date", 205, 222)],
            [("n/n", 1, 15), ("does", 262, 281)]]
    for n in range(1, 9):
        task = n <= task_rows
        spec.append([(f"{n}.", 2, 10), *([("Task of the", 30, 78)] if task else []),
                     ("Hold a meeting", 100, 160), ("May", 200, 215), ("Office", 260, 290)])
        spec.append([*([("first block", 30, 74)] if task else []), ("of the board", 100, 150)])
    return [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]


def test_a_column_printed_in_few_rows_stays_a_column_when_the_header_shows_it():
    # the task text fills 2 of 19 lines: the gaps alone read it as part of the gap after
    # "No"; the header's «Task», apart from «No», keeps the column
    tables, _, context = find_stream_tables(_task_page(1), PdfSettings())
    (table,) = tables
    assert table.n_cols == 5
    text = {(c.row, c.col): c.text for c in table.cells}
    assert text[(1, 0)] == "1."
    assert text[(1, 1)] == "Task of the\nfirst block"
    assert text[(0, 1)] == "Task"
    assert len(context.boundaries) == 4  # the next page inherits the task column


def test_a_header_heading_apart_in_a_column_with_no_text_under_it_adds_no_column():
    header = [seg("No", 2, 14), seg("Task", 44, 62)]
    body = [seg(f"{n}.", 2, 10) for n in range(1, 5)]
    assert header_boundaries(header, body, [90.0], 4.5) == []
    # text starting under the second heading and a segment printed across its start
    body_across = [*body, seg("Task of the", 30, 78), seg("wide line", 5, 40)]
    assert header_boundaries(header, body_across, [90.0], 4.5) == []
    assert header_boundaries(header, [*body, seg("Task of the", 30, 78)], [90.0], 4.5) == [29.0]


def test_a_continuation_without_header_keeps_the_task_column_of_the_page_before():
    settings = PdfSettings()
    _, _, context = find_stream_tables(_task_page(1), settings)
    tables, _, _ = find_stream_tables(_task_page(1)[3:], settings, context)  # no header repeated
    text = {(c.row, c.col): c.text for c in tables[0].cells}
    assert (text[(0, 0)], text[(0, 1)]) == ("1.", "Task of the\nfirst block")


def test_a_continuation_measuring_its_own_columns_keeps_a_known_column_its_gaps_missed():
    # this page shows a column of its own («(online)») so its own columns are taken; its
    # task text fills 2 of 16 lines and its gaps read it as part of the gap after the number
    settings = PdfSettings()
    known = StreamContext((29.0, 99.0, 199.0, 259.0), frozenset(), True)
    spec = []
    for n in range(9, 17):
        task = [("Task of the", 30, 78)] if n == 9 else []
        spec.append([(f"{n}.", 2, 12), *task, ("Hold a", 100, 130), ("(online)", 160, 190),
                     ("May", 200, 215), ("Office", 260, 290)])
        spec.append([*([("first block", 30, 74)] if task else []), ("of the board", 100, 150)])
    lines = [words(*s, top=100 + 11 * i) for i, s in enumerate(spec)]
    tables, _, context = find_stream_tables(lines, settings, known)
    text = {(c.row, c.col): c.text for c in tables[0].cells}
    assert (text[(0, 0)], text[(0, 1)], text[(0, 3)]) == ("9.", "Task of the\nfirst block", "(online)")
    assert 29.0 in context.boundaries


def test_a_known_boundary_is_not_kept_where_text_prints_across_it_or_one_side_is_empty():
    numbers = [seg(f"{n}.", 2, 10) for n in range(1, 5)]
    task = [seg("Task of the", 30, 78)]
    assert known_boundaries([29.0], [*numbers, *task], [99.0], 2.0) == [29.0]
    assert known_boundaries([29.0], [*numbers, *task, seg("wide line", 5, 40)], [99.0], 2.0) == []
    assert known_boundaries([29.0], numbers, [99.0], 2.0) == []  # nothing right of it
    assert known_boundaries([29.0], [*numbers, *task], [28.0, 99.0], 2.0) == []  # already there
