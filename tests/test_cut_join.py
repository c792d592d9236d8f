"""A cell's text continued across a page or table cut: the cut reads as a line break, and a
space printed before it (kept by the PDF reader as a trailing space) as a space."""
from pathlib import Path

import pytest

from extract.model import Cell, Table
from extract.pdf import read_pdf
from extract.pdf_settings import PdfSettings
from extract.pdf_text import Word, Line, cell_text, chars_to_words
from normalize.records import RawRow
from normalize.stitching import cell_tails, continue_row, join_across_cut

MATRIX = Path(__file__).resolve().parent.parent / "samples" / "matrix"


@pytest.mark.parametrize("before, after, tail, joined", [
    ("на зубрянке-", "квакаре.", "на зубрянке-", "на зубрянке-квакаре."),  # a compound cut at its hyphen
    ("Брюмень-", "квакарь 2030", "Брюмень- ", "Брюмень- квакарь 2030"),  # the source had "- "
    ("образова-", "ния школ", "образова-", "образования школ"),  # a word hyphenated at the cut
    ("образова-", "ния школ", "образова- ", "образова- ния школ"),
    ("Ответственн", "ые лица", "", "Ответственные лица"),
    ("первая строка", "вторая", "строка", "первая строка вторая"),
    (None, "вторая", "x ", "вторая"),
    # the last line before the cut, alone: a remainder of one or two letters with no word
    # after it ends the word ("(выполнен|о)"); folded into a longer line it could be a word
    ("ДО МАУ (выполнен", "о)", "(выполнен", "ДО МАУ (выполнено)"),
    ("ДО МАУ (выполнен", "о)", "", "ДО МАУ (выполнен о)"),
    ("ДО МАУ (выполнен", "о)", "МАУ (выполнен", "ДО МАУ (выполнен о)"),
])
def test_join_across_cut(before, after, tail, joined):
    assert join_across_cut(before, after, tail) == joined


def test_continue_row_uses_each_fields_own_last_line():
    row = RawRow(section=None, item_no="3", activity="на зубрянке-", period_raw="Брюмень-",
                 executors_raw=None, indicator=None, extra={"Примечание": "кряк-"}, page=1)
    continue_row(row, ["", "квакаре", "квакарь 2030", "бряк"],
                 ["item_no", "activity", "period_raw", "extra:Примечание"],
                 {"activity": "на зубрянке-", "period_raw": "Брюмень- ",
                  "extra:Примечание": "кряк- "})
    assert (row.activity, row.period_raw, row.extra["Примечание"]) == (
        "на зубрянке-квакаре", "Брюмень- квакарь 2030", "кряк- бряк")


def test_cell_tails_are_the_last_lines_as_read():
    table = Table(cells=[Cell("Брюмень- ", 0, 0), Cell("зубрянке-", 0, 1), Cell("", 1, 0),
                         Cell("квакарь \nбряк ", 1, 1)], n_rows=2, n_cols=2, order=0)
    assert cell_tails(table) == [["Брюмень- ", "зубрянке-"], ["", "бряк "]]


def _char(text: str, x0: float, top: float = 0.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5.0, "top": top, "bottom": top + 10.0,
            "doctop": top, "upright": True, "size": 10.0, "width": 5.0, "height": 10.0}


def test_a_space_glyph_after_a_lines_last_word_is_kept_on_the_cell_line():
    chars = ([_char(t, 5.0 * i) for i, t in enumerate("ab- ")] + [_char("c", 0.0, 12.0)]
             + [_char(t, 5.0 * i, 24.0) for i, t in enumerate("de-")] + [_char("f", 0.0, 36.0)])
    words = chars_to_words(chars, PdfSettings())
    assert [(w.text, w.spaced) for w in words] == [("ab-", True), ("c", False), ("de-", False),
                                                  ("f", False)]
    lines = [Line((w,)) for w in words]
    assert cell_text(lines) == "ab- \nc\nde-\nf"


def test_a_space_far_from_the_word_or_on_another_line_does_not_count():
    far = [_char("a", 0.0), _char(" ", 30.0), _char("b", 0.0, 12.0)]
    below = [_char("a", 0.0), _char(" ", 5.0, 12.0)]
    wide = [_char("a", 0.0), {**_char(" ", 5.0), "x1": 25.0}, _char("b", 0.0, 12.0)]
    ocr_blank = [_char("a", 0.0), {**_char(" ", 5.0), "ocr_conf": None}, _char("b", 0.0, 12.0)]
    for chars in (far, below, wide, ocr_blank):
        assert not any(w.spaced for w in chars_to_words(chars, PdfSettings()))
    assert cell_text([Line((Word("x", 0, 0, 5, 10, 10.0),))]) == "x"


@pytest.mark.parametrize("geometry", ["pdfium", "pdfplumber"])
def test_both_readers_keep_the_space_printed_after_a_line_end_hyphen(geometry):
    """LibreOffice printed "Брюмень- " + "квакарь" (a source space) in one row and
    "Брюмень-квакарь" broken at its hyphen in another (here with the sample order's months):
    PDFium's text page drops a space after a line-end hyphen, the reader restores it."""
    path = MATRIX / "header_repeated_rows_broken" / "001_4d03b332e4c33257.pdf"
    doc = read_pdf(path, PdfSettings(geometry=geometry), ocr=False)
    ends = sorted(c.text.split("\n")[0] for t in doc.tables for c in t.cells
                  if c.text.startswith("Сентябрь-\n") or c.text.startswith("Сентябрь- \n"))
    assert ends == ["Сентябрь-", "Сентябрь- "]
