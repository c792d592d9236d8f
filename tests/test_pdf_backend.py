"""The PDF backend on real PDFs (LibreOffice renders in tests/fixtures, the sample orders)
and its pure steps on made-up geometry.

Fixtures are rebuilt by ``tests/fixtures/make_fixtures.py``; their table text comes from the
gold rows, so recovering the gold row by row is the acceptance check.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from extract.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    NeedsOCRError,
    UnsupportedFormatError,
)
from extract.pdf import read_pdf
from extract.pdf_settings import PdfSettings
from extract.pdf_tables import (
    CROSS,
    FIT,
    SINGLE,
    Line,
    Word,
    append_heading_row,
    boxes_to_grid,
    classify,
    column_rivers,
    furniture_lines,
    line_segments,
    river_boundaries,
    split_rows,
    stream_table,
    to_display,
    to_reading,
    trailing_heading,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD = ROOT / "samples" / "source" / "gold"
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))
TEXT_FIELDS = ("item_no", "activity", "period_raw", "executors_raw", "indicator")


# --------------------------------------------------------------------------- gold helpers

def gold(stem: str, count: int | None = None) -> list[dict]:
    """Gold rows of a seed (the first ``count``)."""
    rows = [json.loads(line) for line in (GOLD / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()]
    return rows[:count] if count else rows


def fold(text: str | None) -> str:
    """Whitespace folded."""
    return re.sub(r"\s+", " ", text or "").strip()


def cell_readings(text: str) -> set[str]:
    """A cell folded, and folded with line breaks after "-" or "/" read as no space; "1." as "1"."""
    keys = {fold(text), fold(re.sub(r"(?<=[-/])[ \t]*\n\s*", "", text))}
    return keys | {k.rstrip(".") for k in keys}


def table_rows(doc) -> list[set[str]]:
    """Each table row as its cells' readings, plus each piece's last row joined with one of
    the next piece's first three rows (a row broken across a page end, past a repeated header)."""
    grids = [t.text_grid() for t in doc.tables]
    rows = [set().union(*map(cell_readings, row)) for grid in grids for row in grid]
    for a, b in zip(grids, grids[1:]):
        for first in b[:3]:
            joined = [f"{x}\n{y}".strip() for x, y in zip(a[-1], first)]
            rows.append(set().union(*map(cell_readings, joined)))
    return rows


def missed_gold_rows(doc, rows: list[dict]) -> list[str]:
    """Item numbers of gold rows no table row holds entirely (non-null text fields, folded)."""
    candidates = table_rows(doc)
    missed = []
    for row in rows:
        need = {fold(row[k]) for k in TEXT_FIELDS if row.get(k)} | {fold(v) for v in row["extra"].values() if v}
        if not any(need <= c for c in candidates):
            missed.append(row["item_no"])
    return missed


@pytest.fixture(scope="module")
def ruled():
    return read_pdf(FIXTURES / "ruled.pdf")


@pytest.fixture(scope="module")
def borderless():
    return read_pdf(FIXTURES / "borderless.pdf")


# --------------------------------------------------------------------------- ruled tables

def test_ruled_fixture_recovers_every_gold_row(ruled):
    assert missed_gold_rows(ruled, gold("001_4d03b332e4c33257", 14)) == []
    assert {t.method for t in ruled.tables} == {"ruled"}
    assert all(t.n_cols == 6 for t in ruled.tables)


def test_ruled_table_is_one_piece_per_page(ruled):
    assert ruled.pages == 3
    assert [t.page for t in ruled.tables] == [1, 2, 3]


def test_section_heading_row_is_one_spanning_cell(ruled):
    headings = [c for t in ruled.tables for c in t.cells if c.col_span > 1]
    sections = list(dict.fromkeys(r["section"] for r in gold("001_4d03b332e4c33257", 14)))
    assert [fold(c.text) for c in headings] == [f"{n}. {s}" for n, s in zip(["I", "II", "III"], sections)]
    assert all(c.col == 0 and c.col_span == 6 for c in headings)
    table = next(t for t in ruled.tables if any(c.col_span > 1 for c in t.cells))
    row = next(c.row for c in table.cells if c.col_span > 1)
    assert [c for c in table.cells if c.row == row] == [next(c for c in table.cells if c.col_span > 1)]


def test_header_and_column_number_rows_on_first_page(ruled):
    grid = ruled.tables[0].text_grid()
    columns = json.loads((GOLD / "001_4d03b332e4c33257.doc.json").read_text(encoding="utf-8"))["columns"]
    assert [fold(c) for c in grid[0]] == [h for h, _ in columns]
    assert grid[1] == ["1", "2", "3", "4", "5", "6"]


def test_multi_line_cell_keeps_its_lines(ruled):
    grid = ruled.tables[0].text_grid()
    first_activity = grid[3][1]
    assert first_activity.count("\n") >= 2  # wrapped in a narrow column: lines joined with "\n"
    assert gold("001_4d03b332e4c33257", 1)[0]["activity"] in cell_readings(first_activity)


def test_cell_bboxes_lie_inside_the_table(ruled):
    for table in ruled.tables:
        x0, top, x1, bottom = table.bbox
        for cell in table.cells:
            cx0, ctop, cx1, cbottom = cell.bbox
            assert x0 - 1 <= cx0 < cx1 <= x1 + 1 and top - 1 <= ctop < cbottom <= bottom + 1
            assert cell.page == table.page


def test_merged_cells_are_reported_as_spans():
    table = read_pdf(FIXTURES / "spans.pdf").tables[0]
    spans = {(c.row, c.col): (c.row_span, c.col_span, fold(c.text)) for c in table.cells}
    assert (table.n_rows, table.n_cols) == (6, 5)
    assert spans[(0, 0)] == (2, 1, "№ п/п")
    assert spans[(0, 2)] == (1, 2, "Сроки")
    assert spans[(1, 2)] == (1, 1, "начало") and spans[(1, 3)] == (1, 1, "окончание")
    assert spans[(2, 0)] == (1, 5, "Подготовительный этап")
    assert spans[(3, 4)] == (2, 1, "Методический отдел")
    assert (4, 4) not in spans  # covered by the executor above, not a copy of it
    assert table.covering()[4][4] is table.covering()[3][4]
    assert sum(1 for c in table.cells if "Методический отдел" in c.text) == 1


# --------------------------------------------------------------------------- borderless tables

def test_borderless_fixture_recovers_every_gold_row(borderless):
    assert missed_gold_rows(borderless, gold("003_96c74c96be8d8184", 14)) == []
    assert {t.method for t in borderless.tables} == {"stream"}


def test_borderless_columns_are_the_printed_columns(borderless):
    columns = json.loads((GOLD / "003_96c74c96be8d8184.doc.json").read_text(encoding="utf-8"))["columns"]
    for table in borderless.tables:
        assert table.n_cols == len(columns)
        assert [fold(c) for c in table.text_grid()[0]] == [h for h, _ in columns]  # header, repeated
    numbers = [r[0] for t in borderless.tables for r in t.text_grid() if r[0][:1].isdigit()]
    assert numbers == [f"{r['item_no']}." for r in gold("003_96c74c96be8d8184", 14)]


def test_borderless_row_broken_across_the_page_end_is_its_own_row(borderless):
    second = borderless.tables[1].text_grid()
    assert second[1][0] == ""  # the tail of row 9, after the repeated header
    assert fold(borderless.tables[0].text_grid()[-1][1] + " " + second[1][1]) == \
        gold("003_96c74c96be8d8184", 9)[8]["activity"]


def test_borderless_sections_are_spanning_rows_and_rows_recovered():
    doc = read_pdf(FIXTURES / "borderless_sections.pdf")
    rows = gold("001_4d03b332e4c33257", 24)
    assert missed_gold_rows(doc, rows) == []
    assert {t.method for t in doc.tables} == {"stream"} and {t.n_cols for t in doc.tables} == {6}
    headings = [fold(c.text) for t in doc.tables for c in t.cells if c.col_span == t.n_cols]
    sections = list(dict.fromkeys(r["section"] for r in rows))
    assert headings == [f"{n}. {s}" for n, s in zip(["I", "II"], sections)]
    assert not any(b.text.startswith(("I.", "II.")) for b in doc.blocks)


def test_borderless_tables_can_be_switched_off():
    doc = read_pdf(FIXTURES / "borderless.pdf", PdfSettings(find_borderless=False))
    assert doc.tables == []
    assert "Участие в еженедельных вебинарах" in doc.text()  # the text is still there, as blocks


# --------------------------------------------------------------------------- pages

def test_rotated_pages_read_like_the_unrotated_file():
    plain, turned = read_pdf(FIXTURES / "landscape.pdf"), read_pdf(FIXTURES / "rotated.pdf")
    with pdfplumber.open(FIXTURES / "rotated.pdf") as pdf:
        assert {p.rotation for p in pdf.pages} == {90}
    assert [t.text_grid() for t in turned.tables] == [t.text_grid() for t in plain.tables]
    assert [b.text for b in turned.blocks] == [b.text for b in plain.blocks]
    for a, b in zip(turned.tables, plain.tables):
        assert a.bbox == pytest.approx(b.bbox, abs=0.5)
    assert any("90°" in w for w in turned.warnings) and not plain.warnings
    assert missed_gold_rows(turned, gold("002_8a09684000d27ae3", 8)) == []


def test_landscape_table_is_wider_than_a_portrait_page():
    doc = read_pdf(FIXTURES / "landscape.pdf")
    assert doc.tables[0].bbox[2] > 612
    assert missed_gold_rows(doc, gold("002_8a09684000d27ae3", 8)) == []


def test_page_numbers_and_repeated_footer_are_left_out(ruled):
    with pdfplumber.open(FIXTURES / "ruled.pdf") as pdf:
        raw = [p.extract_text().splitlines() for p in pdf.pages]
    assert [lines[0] for lines in raw] == ["1", "2", "3"]  # they are printed …
    assert all(any(line.startswith("Исп.: Иванова") for line in lines) for lines in raw)
    texts = [b.text for b in ruled.blocks] + [c.text for t in ruled.tables for c in t.cells]
    assert not any(re.fullmatch(r"\d+", t.strip()) for t in [b.text for b in ruled.blocks])  # … not read
    assert not any("Иванова" in t for t in texts)
    assert ruled.blocks[0].text == "ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ"


def test_reading_order_interleaves_blocks_and_tables(ruled):
    items = sorted([(b.order, "block", b.page, b.text) for b in ruled.blocks]
                   + [(t.order, "table", t.page, "") for t in ruled.tables])
    assert [o for o, *_ in items] == list(range(len(items)))
    kinds = [k for _, k, _, _ in items]
    assert kinds[:3] == ["block"] * 3 and kinds[-1] == "block"
    assert items[-1][3].startswith("Начальник департамента")
    assert items[kinds.index("table") - 1][3].startswith("В целях реализации проекта")
    assert [p for _, _, p, _ in items] == sorted(p for _, _, p, _ in items)


@pytest.mark.skipif(not SAMPLES, reason="no sample PDFs")
@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem[:3])
def test_sample_pdf_recovers_every_gold_row(pdf):
    doc = read_pdf(pdf)
    assert missed_gold_rows(doc, gold(pdf.stem)) == []
    assert not any(re.fullmatch(r"\d+", b.text.strip()) for b in doc.blocks)


# --------------------------------------------------------------------------- errors

def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="zero-byte"):
        read_pdf(path)


def test_truncated_pdf(tmp_path):
    data = (FIXTURES / "ruled.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError, match="truncated"):
        read_pdf(path)
    path.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")  # cut, with an end marker glued on
    with pytest.raises(CorruptFileError, match="broken PDF"):
        read_pdf(path)


def test_encrypted_pdf():
    with pytest.raises(EncryptedFileError) as err:
        read_pdf(FIXTURES / "encrypted.pdf")
    assert err.value.status == "failed" and err.value.kind == "encrypted"


def test_text_renamed_pdf(tmp_path):
    path = tmp_path / "order.pdf"
    path.write_text("Распоряжение № 1 от 01.02.2022\nДорожная карта\n", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="plain-text file renamed .pdf"):
        read_pdf(path)


def test_docx_renamed_pdf_is_not_read_as_pdf(tmp_path):
    path = tmp_path / "order.pdf"
    document = docx.Document()
    document.add_paragraph("Дорожная карта")
    document.save(path)
    with pytest.raises(UnsupportedFormatError, match="zip"):
        read_pdf(path)


def test_image_only_pdf_needs_ocr():
    with pytest.raises(NeedsOCRError) as err:
        read_pdf(FIXTURES / "image_only.pdf", ocr=False)
    assert err.value.status == "needs_ocr"


# --------------------------------------------------------------------------- settings

def test_unknown_setting_is_refused():
    with pytest.raises(ValueError, match="snap_tolerence"):
        PdfSettings.from_dict({"snap_tolerence": 5})
    assert PdfSettings.from_dict({"snap_tolerance": 5}).snap_tolerance == 5
    with pytest.raises(TypeError):
        PdfSettings(snap_tolerence=5)  # type: ignore[call-arg]


# --------------------------------------------------------------------------- debug images

def test_debug_png_draws_the_detected_cells(tmp_path):
    from extract.debug_png import draw_pdf_tables

    paths = draw_pdf_tables(FIXTURES / "spans.pdf", tmp_path, PdfSettings(resolution=50))
    assert [p.name for p in paths] == ["spans-p001.png"]
    image = Image.open(paths[0]).convert("RGB")
    assert image.size == (round(612 * 50 / 72), round(792 * 50 / 72))
    table = read_pdf(FIXTURES / "spans.pdf").tables[0]
    x0, top, _, _ = table.bbox
    pixel = image.getpixel((round(x0 * 50 / 72), round((top + 20) * 50 / 72)))
    assert pixel[0] > 150 and pixel[1] < 120  # the red outline of the table's left edge


# --------------------------------------------------------------------------- pure steps

def words(*spec: tuple[str, float, float], top: float = 100.0, size: float = 10.0) -> Line:
    """A line of words given as (text, x0, x1)."""
    return Line(tuple(Word(t, x0, top, x1, top + size, size) for t, x0, x1 in spec))


@given(st.integers(0, 3), st.floats(0, 500), st.floats(0, 700), st.floats(1, 90), st.floats(1, 90))
def test_reading_frame_round_trip(quarter, x, y, w, h):
    width, height = 612.0, 792.0
    box = (x, y, min(x + w, width), min(y + h, height))
    there = to_reading(box, quarter, width, height)
    assert to_display(there, quarter, width, height) == pytest.approx(box)
    assert there[0] <= there[2] and there[1] <= there[3]


def test_boxes_to_grid_turns_a_wide_box_into_a_span():
    boxes = [(0, 0, 50, 20), (50, 0, 100, 20), (0, 20, 100, 40), (0, 40, 50, 80), (50, 40, 100, 60), (50, 60, 100, 80)]
    grid = boxes_to_grid(boxes, tolerance=2)
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in grid.cells}
    assert (grid.n_rows, grid.n_cols) == (4, 2)
    assert spans == {(0, 0): (1, 1), (0, 1): (1, 1), (1, 0): (1, 2), (2, 0): (2, 1), (2, 1): (1, 1), (3, 1): (1, 1)}


def test_justified_line_is_not_split_but_a_column_gap_is():
    justified = words(("государственного", 0, 90), ("образовательного", 98, 190), ("учреждения", 198, 260))
    assert len(line_segments(justified, 0.6)) == 1  # every space stretched alike
    numbers = words(("1", 0, 5), ("2", 60, 65), ("3", 120, 125))
    assert len(line_segments(numbers, 0.6)) == 3  # equal gaps, but far wider than a stretched space
    row = words(("1.", 0, 10), ("Назначение", 40, 100), ("координатора", 103, 170), ("Март", 200, 230))
    assert [s.text for s in line_segments(row, 0.6)] == ["1.", "Назначение координатора", "Март"]


def test_column_rivers_need_lines_on_both_sides_and_few_crossings():
    settings = PdfSettings()
    lines = [words(("1.", 0, 10), ("Текст", 40, 120), ("Март", 200, 230), top=t) for t in (0, 12, 24)]
    segs = [line_segments(line, 0.6) for line in lines]
    assert river_boundaries(column_rivers(segs, [10] * 3, settings)) == [39.0, 199.0]
    crossing = line_segments(words(("Раздел", 0, 60), ("первый", 63, 150), ("x", 200, 205), top=36), 0.6)
    rivers = column_rivers(segs + [crossing] * 3, [10] * 6, settings)
    assert river_boundaries(rivers) == [199.0]  # the gap at 10–40 is printed over three times


def test_split_rows_follows_the_numbered_first_column():
    settings = PdfSettings()
    spec = [
        [("№", 0, 10), ("Мероприятие", 40, 120), ("Срок", 200, 230)],
        [("1.", 0, 10), ("Первое", 40, 120), ("Март", 200, 230)],
        [("дело", 40, 70)],
        [("Раздел", 0, 60), ("второй", 63, 150)],
        [("2.", 0, 10), ("Второе", 40, 120), ("Май", 200, 230)],
        [("продолжение", 40, 110), ("2022", 200, 230)],
    ]
    lines = [words(*s, top=12 * i) for i, s in enumerate(spec)]
    classed = classify(lines, [39.0, 199.0], settings)
    assert [t.kind for t in classed] == [FIT, FIT, SINGLE, CROSS, FIT, FIT]
    rows = split_rows(classed, [39.0, 199.0], settings)
    assert [[t.index for t in row] for row in rows] == [[0], [1, 2], [3], [4, 5]]


def test_split_rows_without_numbers_uses_the_gaps_between_rows():
    settings = PdfSettings()
    tops = [0, 12, 24, 48, 60, 84]  # rows start where the gap is wider than between a cell's lines
    spec = [
        [("Школа", 0, 30), ("Мероприятие", 40, 120), ("Срок", 200, 230)],
        [("Первая", 40, 90)],
        [("часть", 40, 70), ("2022", 200, 230)],
        [("Вторая", 0, 30), ("Другое", 40, 120), ("Май", 200, 230)],
        [("дело", 40, 70)],
        [("Третья", 0, 30), ("Ещё", 40, 120), ("Июнь", 200, 230)],
    ]
    lines = [words(*s, top=t) for s, t in zip(spec, tops)]
    classed = classify(lines, [39.0, 199.0], settings)
    rows = split_rows(classed, [39.0, 199.0], settings)
    assert [[t.index for t in row] for row in rows] == [[0, 1, 2], [3, 4], [5]]


def test_heading_left_at_the_page_foot_becomes_the_last_row():
    settings = PdfSettings()
    lines = [words(("1.", 0, 10), ("Текст", 40, 120), ("Март", 200, 230), top=12 * i) for i in range(3)]
    table = stream_table([[t] for t in classify(lines, [39.0, 199.0], settings)], [39.0, 199.0], 3.0)
    heading = words(("II.", 0, 12), ("Работа", 15, 60), ("с", 63, 66), ("кураторами", 69, 240), top=40)
    assert trailing_heading([heading], lines[-1], [39.0, 199.0], settings)
    append_heading_row(table, [heading])
    last = table.cells[-1]
    assert (table.n_rows, last.row, last.col, last.col_span, last.text) == (4, 3, 0, 3, "II. Работа с кураторами")
    far = words(("Подпись", 0, 60), ("руководителя", 63, 240), top=200)
    assert not trailing_heading([far], lines[-1], [39.0, 199.0], settings)  # too far below the table


def test_furniture_needs_a_margin_and_repetition_or_a_lone_number():
    settings = PdfSettings()
    height = 800.0
    def page(n: int) -> list[Line]:
        return [words((str(n), 300, 306), top=20), words(("Текст", 50, 500), top=100),
                words(("Исп.", 50, 80), ("Иванова", 83, 140), top=770)]
    marks = furniture_lines([(page(1), height), (page(2), height)], settings)
    assert marks == [{0, 2}, {0, 2}]
    single = furniture_lines([(page(1), height)], settings)
    assert single == [{0}]  # a footer on one page only is not known to repeat
    body_number = [words(("Текст", 50, 500), top=100), words(("7", 300, 306), top=400)]
    assert furniture_lines([(body_number, height)], settings) == [set()]
