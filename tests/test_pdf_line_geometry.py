"""Line geometry the PDF backend hands to assembly: per cell line, does it reach the cell's
right text edge (``Cell.full_lines``), and the table's column boundaries (``Table.col_lines``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.pdf import read_pdf
from extract.pdf_ruling import GridCell, mark_full_lines
from extract.pdf_settings import PdfSettings
from extract.pdf_tables import Line, Word, classify, reaching_edge, stream_table

MATRIX = Path(__file__).resolve().parent.parent / "samples" / "matrix"


def line(text: str, x0: float, top: float = 100.0, char: float = 5.0) -> Line:
    """One made-up line of words set ``char`` points a character, one space apart."""
    words, x = [], x0
    for w in text.split():
        words.append(Word(w, x, top, x + char * len(w), top + 10, 10.0))
        x += char * (len(w) + 1)
    return Line(tuple(words))


def test_a_line_reaches_the_edge_within_one_average_character():
    lines = [line("экспертна", 0), line("я группа", 0, 112)]  # 45 and 40 points wide
    assert reaching_edge(lines, 49.0) == (True, False)
    assert reaching_edge(lines, 51.0) == (False, False)  # 6 points short: more than a character
    assert reaching_edge(lines, 44.0) == (True, True)  # past the edge counts too
    assert reaching_edge([], 10.0) == ()


def test_ruled_cells_measure_against_the_side_less_the_columns_padding():
    narrow = GridCell(0, 1, 1, 1, (100.0, 0.0, 160.0, 50.0))  # text from 105: padding 5
    centred = GridCell(1, 1, 1, 1, (100.0, 50.0, 160.0, 80.0))
    filled = [(narrow, [line("министерств", 105, 10), line("о работе", 105, 22)]),  # ends 160, 145
              (centred, [line("МАУ", 115, 60)])]
    mark_full_lines(filled, 1.0)
    assert narrow.full_lines == (True, False)  # the text edge is at 155
    assert centred.full_lines == (False,)  # 130 against the column's edge at 155


def test_borderless_cells_measure_against_their_columns_widest_line():
    settings = PdfSettings()
    spec = [[("1.", 0), ("длинная строка", 40), ("Март", 200)],
            [("2.", 0), ("коротко", 40), ("Май", 200)],
            [("3.", 0), ("ещё строка", 40), ("Июнь", 200)]]
    lines = [Line(tuple(w for text, x in row for w in line(text, x, 12.0 * k).words)) for k, row in enumerate(spec)]
    table = stream_table([[t] for t in classify(lines, [39.0, 199.0], settings)], [39.0, 199.0], 3.0)
    middle = {c.row: c.full_lines for c in table.cells if c.col == 1}
    assert middle == {0: (True,), 1: (False,), 2: (False,)}  # 110, 75 and 90 against 110
    assert table.col_lines[0] == 0.0 and len(table.col_lines) == table.n_cols + 1


@pytest.mark.skipif(not (MATRIX / "narrow").exists(), reason="layout matrix not built")
def test_narrow_column_pdf_carries_line_geometry_and_column_lines():
    doc = read_pdf(MATRIX / "narrow" / "001_4d03b332e4c33257.pdf")
    assert doc.tables
    for table in doc.tables:
        assert table.col_lines is not None and len(table.col_lines) == table.n_cols + 1
        assert list(table.col_lines) == sorted(table.col_lines)
        for cell in table.cells:
            if cell.text:
                assert cell.full_lines is not None and len(cell.full_lines) == len(cell.text.split("\n"))
    broken = [c for t in doc.tables for c in t.cells if "экспертна\nя группа" in c.text]
    assert broken
    for cell in broken:
        lines = cell.text.split("\n")
        k = lines.index("экспертна")
        assert cell.full_lines[k] and not cell.full_lines[k + 1]  # the word broke for want of room
        assert lines[0].startswith("ДО") and not cell.full_lines[0]  # a line ended on purpose
