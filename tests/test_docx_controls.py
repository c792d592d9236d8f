"""Rows and cells a content control (``w:sdt``) or custom XML (``w:customXml``) wraps are the
table's rows and the row's cells: their text is read like any other, never dropped."""
from __future__ import annotations

from tests.test_docx_fast_paths import _all_slow, _read, _with_body


def _cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _control(inner: str) -> str:
    return f"<w:sdt><w:sdtPr/><w:sdtContent>{inner}</w:sdtContent></w:sdt>"


_BODY = (
    "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    f"<w:tr>{_cell('№')}{_cell('Мероприятие')}{_cell('Срок')}</w:tr>"
    # a whole row in a row-level control
    + _control(f"<w:tr>{_cell('1')}{_cell('Семинар')}{_cell('Март')}</w:tr>")
    # cells in a cell-level control and in custom XML
    + f"<w:tr>{_cell('2')}" + _control(_cell("Совещание")) + "<w:customXml>" + _cell("Апрель")
    + "</w:customXml></w:tr>"
    # a control holding two rows, one of them with its cells in a control again
    + _control(f"<w:tr>{_cell('3')}{_cell('Вебинар')}{_cell('Май')}</w:tr>"
               f"<w:tr>{_cell('4')}" + _control(_cell("Аудит") + _cell("Июнь")) + "</w:tr>")
    + "</w:tbl><w:p><w:r><w:t>после</w:t></w:r></w:p>"
)
_EXPECTED = [["№", "Мероприятие", "Срок"], ["1", "Семинар", "Март"], ["2", "Совещание", "Апрель"],
             ["3", "Вебинар", "Май"], ["4", "Аудит", "Июнь"]]


def _grid(doc) -> list[list[str]]:
    table = doc.tables[0]
    grid = [[""] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        grid[cell.row][cell.col] = cell.text
    return grid


def test_rows_and_cells_inside_controls_are_read_in_place():
    doc = _read(_with_body(_BODY))
    assert len(doc.tables) == 1
    assert _grid(doc) == _EXPECTED
    assert [b.text for b in doc.blocks] == ["после"]


def test_the_element_by_element_reader_reads_them_alike(monkeypatch):
    _all_slow(monkeypatch)
    assert _grid(_read(_with_body(_BODY))) == _EXPECTED


def test_a_nested_table_in_a_control_row_folds_into_its_cell():
    nested = "<w:tbl>" + _control(f"<w:tr>{_cell('а')}{_cell('б')}</w:tr>") + "</w:tbl>"
    body = (f"<w:tbl><w:tr>{_cell('x')}<w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p>{nested}"
            "<w:p/></w:tc></w:tr></w:tbl>")
    doc = _read(_with_body(body))
    assert [c.text for c in doc.tables[0].cells] == ["x", "y\nа б"]
