"""The committed sample orders (samples/*.docx, *.pdf) exist, are valid, carry the gold table,
and really show the layout variations samples/README.md claims for them."""
from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD = SAMPLES / "source" / "gold"
STEMS = sorted(p.name.removesuffix(".jsonl") for p in GOLD.glob("*.jsonl"))
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Which sample shows which variation (mirrors the table in samples/README.md).
SPLIT_ROW_PDF = "000"        # a body row broken across a page end, header repeated on top
COLUMN_NUMBERS = "000"       # "1 | 2 | 3 | 4" row under the header
SIGNATURE_TABLE = "000"      # 2-column borderless signature table
TWO_ROW_HEADER = "001"       # header words split over two rows, short headers vMerged
SECTIONS = "001"             # roman-numbered section rows spanning the table (gridSpan)
NO_REPEAT = "001"            # header not repeated on continuation pages
AUTO_NUMBERED = "002"        # № cells are Word numbering only
CANT_SPLIT = "002"           # rows may not break across pages
ALL_LANDSCAPE = "002"
CUT_DOCX = "003"             # table cut into 3 w:tbl, a row broken between two of them
APPROVAL_TABLE = "003"
BORDERLESS = "004"           # no ruling lines at all


def stem(key: str) -> str:
    """The sample stem for a seed number."""
    return next(s for s in STEMS if s.startswith(key + "_"))


def fold(text: str) -> str:
    """Whitespace runs folded to one space."""
    return " ".join(text.split())


@lru_cache(maxsize=None)
def gold(key: str) -> tuple[dict, list[dict]]:
    """The gold document object and rows of a seed."""
    s = stem(key)
    doc = json.loads((GOLD / f"{s}.doc.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in (GOLD / f"{s}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return doc, rows


@lru_cache(maxsize=None)
def document(key: str) -> docx.document.Document:
    """The committed sample DOCX of a seed."""
    return docx.Document(str(SAMPLES / f"{stem(key)}.docx"))


@lru_cache(maxsize=None)
def pdf_pages(key: str) -> list[dict]:
    """Per page of the committed PDF: size, ruling lines, text and tables."""
    out = []
    with pdfplumber.open(SAMPLES / f"{stem(key)}.pdf") as pdf:
        for page in pdf.pages:
            out.append({
                "width": page.width,
                "height": page.height,
                "lines": len(page.lines) + len(page.rects),
                "text": page.extract_text() or "",
                "tables": [t.extract() for t in page.find_tables()],
            })
    return out


def roadmap_tables(key: str) -> list:
    """The DOCX tables with as many columns as the gold table."""
    n = len(gold(key)[0]["columns"])
    return [t for t in document(key).tables if len(t.columns) == n]


def has_num_pr(cell) -> bool:
    """The cell's paragraphs carry Word automatic numbering."""
    return cell._tc.find(f".//{W_NS}numPr") is not None


def unique_cells(row) -> list:
    """A row's cells with horizontally merged (gridSpan) cells listed once."""
    out, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def read_roadmap(key: str) -> tuple[list[list[str]], list[str], list[list[str]]]:
    """Header texts per column, section headings, and item rows (№ text + cells), pieces joined."""
    n = len(gold(key)[0]["columns"])
    headers: list[list[str]] = [[] for _ in range(n)]
    sections: list[str] = []
    items: list[list[str]] = []
    in_body = False
    for table in roadmap_tables(key):
        previous_tcs: list = [None] * n
        for row in table.rows:
            cells = row.cells
            texts = [c.text for c in cells]
            uniq = unique_cells(row)
            if len(uniq) == 1 and n > 1:
                in_body = True
                sections.append(fold(uniq[0].text))
                continue
            number = texts[0].strip()
            is_item = has_num_pr(cells[0]) or bool(re.fullmatch(r"\d+\.?", number))
            if [t.strip() for t in texts] == [str(i + 1) for i in range(n)]:
                is_item = False  # the column-number row
            elif not is_item and not in_body:
                for c, cell in enumerate(cells):
                    if cell._tc is not previous_tcs[c]:
                        headers[c].append(fold(cell.text))
                previous_tcs = [c._tc for c in cells]
                continue
            if is_item:
                in_body = True
                items.append([number] + [t for t in texts[1:]])
            elif number == "" and items and any(t.strip() for t in texts[1:]):
                items[-1] = [items[-1][0]] + [
                    " ".join(x for x in (a, b) if x.strip()) for a, b in zip(items[-1][1:], texts[1:])
                ]
    return headers, sections, items


# ----------------------------------------------------------------------------- existence, validity


@pytest.mark.parametrize("name", STEMS)
def test_docx_and_pdf_exist_for_every_gold_file(name):
    assert (SAMPLES / f"{name}.docx").is_file()
    assert (SAMPLES / f"{name}.pdf").is_file()


def test_exactly_the_gold_samples_are_committed():
    built = sorted(p.stem for p in [*SAMPLES.glob("*.docx"), *SAMPLES.glob("*.pdf")])
    assert built == sorted(STEMS * 2)


@pytest.mark.parametrize("key", [s[:3] for s in STEMS])
def test_docx_opens_and_has_a_table(key):
    assert len(document(key).tables) >= 1
    assert roadmap_tables(key), "no table with the gold column count"


@pytest.mark.parametrize("key", [s[:3] for s in STEMS])
def test_pdf_is_a_pdf_with_text(key):
    assert (SAMPLES / f"{stem(key)}.pdf").read_bytes()[:5] == b"%PDF-"
    pages = pdf_pages(key)
    assert len(pages) >= 2
    assert len(pages[0]["text"]) > 200
    assert all(p["text"].strip() for p in pages)


# ----------------------------------------------------------------------------- content = gold


@pytest.mark.parametrize("key", [s[:3] for s in STEMS])
def test_docx_table_cells_equal_gold_after_folding(key):
    doc, rows = gold(key)
    headers, sections, items = read_roadmap(key)
    assert [" ".join(h) for h in headers] == [h for h, _ in doc["columns"]]
    assert len(items) == len(rows)
    for printed, row in zip(items, rows):
        for (header, fld), text in zip(doc["columns"][1:], printed[1:]):
            expected = row["extra"].get(fld.removeprefix("extra:")) if fld.startswith("extra:") else row[fld]
            assert fold(text) == fold(expected or ""), (row["item_no"], header)
    expected_sections = []
    for row in rows:
        if row["section"] and (not expected_sections or expected_sections[-1] != row["section"]):
            expected_sections.append(row["section"])
    assert [re.sub(r"^[IVX]+\.\s*", "", s) for s in sections] == expected_sections


@pytest.mark.parametrize("key", [s[:3] for s in STEMS if s[:3] != AUTO_NUMBERED])
def test_docx_item_numbers_are_printed_as_gold(key):
    _, rows = gold(key)
    _, _, items = read_roadmap(key)
    assert [p[0].rstrip(".") for p in items] == [r["item_no"] for r in rows]


@pytest.mark.parametrize("key", [s[:3] for s in STEMS])
def test_every_gold_word_is_in_the_pdf(key):
    _, rows = gold(key)
    pdf_words = set(re.findall(r"\w+", " ".join(p["text"] for p in pdf_pages(key))))
    missing = set()
    for row in rows:
        for value in [row["activity"], row["period_raw"], row["executors_raw"], row["indicator"], *row["extra"].values()]:
            missing |= set(re.findall(r"\w+", value or "")) - pdf_words
    assert not missing


def test_preamble_keeps_the_appendix_misprint_and_order_header():
    text = "\n".join(p.text for p in document("001").paragraphs)
    assert "от 04.04.2022 № 3152" in text
    assert "№ 315-р" in text
    assert "**" not in text and "<" not in text


def test_preamble_is_clean_and_in_seed_order():
    for key in [s[:3] for s in STEMS]:
        paragraphs = [p.text for p in document(key).paragraphs if p.text.strip()]
        joined = "\n".join(paragraphs)
        assert not re.search(r"\*\*|^#|<[a-z/]", joined, re.M), key
    first = [p.text for p in document("000").paragraphs if p.text.strip()][:3]
    assert first == ["ДЕПАРТАМЕНТ ОБЩЕГО ОБРАЗОВАНИЯ", "ТОМСКОЙ ОБЛАСТИ", "Распоряжение"]
    chebulinsky = [p.text for p in document("004").paragraphs if p.text.strip()]
    assert chebulinsky[0] == "Утверждена приказом управления"
    assert "от 25.03.2021 г. № 76-о" in chebulinsky


# ----------------------------------------------------------------------------- variations


def test_auto_numbered_docx_has_numbering_and_no_digit_text():
    _, rows = gold(AUTO_NUMBERED)
    number_cells = [t.rows[i].cells[0] for t in roadmap_tables(AUTO_NUMBERED) for i in range(len(t.rows))]
    numbered = [c for c in number_cells if has_num_pr(c)]
    assert len(numbered) == len(rows)
    assert all(not re.search(r"\d", c.text) for c in numbered)
    numbering = document(AUTO_NUMBERED).part.numbering_part.element
    levels = numbering.findall(f".//{W_NS}lvl")
    assert any(
        lvl.find(f"{W_NS}numFmt").get(qn("w:val")) == "decimal"
        and lvl.find(f"{W_NS}lvlText").get(qn("w:val")) in ("%1.", "%1")
        for lvl in levels
        if lvl.find(f"{W_NS}numFmt") is not None and lvl.find(f"{W_NS}lvlText") is not None
    )


def test_other_docx_have_no_numbering_in_tables():
    for key in [s[:3] for s in STEMS if s[:3] != AUTO_NUMBERED]:
        assert all(t._tbl.find(f".//{W_NS}numPr") is None for t in document(key).tables), key


def test_cut_docx_has_three_pieces_header_only_first_and_a_broken_row():
    tables = roadmap_tables(CUT_DOCX)
    assert len(tables) >= 3
    header = [h for h, _ in gold(CUT_DOCX)[0]["columns"]]
    assert [fold(c.text) for c in tables[0].rows[0].cells] == header
    assert all([fold(c.text) for c in t.rows[0].cells] != header for t in tables[1:])
    widths = [[c.width for c in t.columns] for t in tables]
    assert all(w == widths[0] for w in widths)
    continuation = [t for t in tables[1:] if t.rows[0].cells[0].text.strip() == ""]
    assert continuation, "no piece starts with a row continuing the previous piece"
    body = tables[0]._tbl.getparent()
    between = tables[0]._tbl.getnext()
    assert between.tag == f"{W_NS}p" and between.getnext() is tables[1]._tbl and body is not None


def test_uncut_docx_have_one_roadmap_table():
    for key in [s[:3] for s in STEMS if s[:3] != CUT_DOCX]:
        assert len(roadmap_tables(key)) == 1, key


def test_signature_and_approval_tables_are_small_and_borderless():
    for key, words in ((SIGNATURE_TABLE, ["Начальник Департамента", "И.Б. Грабцевич"]),
                       (APPROVAL_TABLE, ["Ректор ТОИПКРО", "Т.В. Мирзаева"])):
        small = [t for t in document(key).tables if len(t.columns) == 2]
        assert small, key
        text = " ".join(c.text for t in small for row in t.rows for c in row.cells)
        assert all(w in text for w in words)
        borders = small[0]._tbl.tblPr.find(qn("w:tblBorders"))
        assert all(e.get(qn("w:val")) in ("nil", "none") for e in borders)


def test_header_repetition_and_cant_split_where_claimed():
    def count(key, tag):
        return sum(len(t._tbl.findall(f".//{W_NS}{tag}")) for t in roadmap_tables(key))
    assert count(SPLIT_ROW_PDF, "tblHeader") >= 2   # header row and column-number row
    assert count(AUTO_NUMBERED, "tblHeader") == 1
    assert count(NO_REPEAT, "tblHeader") == 0
    _, rows = gold(CANT_SPLIT)
    assert count(CANT_SPLIT, "cantSplit") >= len(rows)
    body_rows = roadmap_tables(SPLIT_ROW_PDF)[0].rows[2:]
    assert all(r._tr.find(f".//{W_NS}cantSplit") is None for r in body_rows)


def test_column_number_row_under_the_header():
    table = roadmap_tables(COLUMN_NUMBERS)[0]
    n = len(table.columns)
    assert [c.text for c in table.rows[1].cells] == [str(i + 1) for i in range(n)]


def test_two_row_header_and_merged_section_rows():
    table = roadmap_tables(TWO_ROW_HEADER)[0]
    first, second = table.rows[0], table.rows[1]
    assert first._tr.find(f".//{W_NS}vMerge") is not None
    split = [c for c, (a, b) in enumerate(zip(first.cells, second.cells)) if a._tc is not b._tc]
    assert len(split) >= 2
    spans = table._tbl.findall(f".//{W_NS}gridSpan")
    assert spans and all(int(s.get(qn("w:val"))) == len(table.columns) for s in spans)
    _, sections, _ = read_roadmap(SECTIONS)
    assert [s.split(".")[0] for s in sections] == ["I", "II", "III"]


def test_borderless_pdf_has_no_lines_while_ruled_ones_have_many():
    assert sum(p["lines"] for p in pdf_pages(BORDERLESS)) == 0
    assert all(p["tables"] == [] for p in pdf_pages(BORDERLESS))
    ruled = pdf_pages(SPLIT_ROW_PDF)
    assert sum(p["lines"] for p in ruled) >= 40
    assert document(BORDERLESS).tables[0]._tbl.tblPr.find(qn("w:tblBorders")) is not None


def test_landscape_pages():
    assert all(p["width"] > p["height"] for p in pdf_pages(ALL_LANDSCAPE))
    mixed = pdf_pages(TWO_ROW_HEADER)
    assert mixed[0]["width"] < mixed[0]["height"] and mixed[-1]["width"] > mixed[-1]["height"]
    assert all(p["width"] < p["height"] for p in pdf_pages(BORDERLESS))


def test_pdf_has_a_row_split_across_a_page_end_under_a_repeated_header():
    header = gold(SPLIT_ROW_PDF)[0]["columns"][0][0]
    continued = 0
    for page in pdf_pages(SPLIT_ROW_PDF)[2:]:
        table = page["tables"][0]
        assert fold(table[0][0] or "") == header  # header repeated
        body = [r for r in table[1:] if [fold(c or "") for c in r] != [str(i + 1) for i in range(len(r))]]
        if body and not (body[0][0] or "").strip() and any((c or "").strip() for c in body[0][1:]):
            continued += 1
    assert continued >= 1


def test_pdf_without_repeated_header_continues_rows_at_page_tops():
    header = gold(NO_REPEAT)[0]["columns"][1][0]
    pages = [p for p in pdf_pages(NO_REPEAT) if p["tables"]]
    assert header in (pages[0]["tables"][0][0] or [])
    assert all(header not in [fold(c or "") for c in p["tables"][0][0]] for p in pages[1:])


# ----------------------------------------------------------------------------- reproducibility


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_samples", SAMPLES / "build_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_samples", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("key", [s[:3] for s in STEMS])
def test_committed_docx_is_what_the_script_builds(key):
    builder = _load_builder()
    seed = builder.load_seed(key)
    built = zipfile.ZipFile(io.BytesIO(builder.build_docx(seed, builder.load_layouts()[key])))
    committed = zipfile.ZipFile(SAMPLES / f"{stem(key)}.docx")
    assert built.namelist() == committed.namelist()
    for name in built.namelist():
        assert built.read(name) == committed.read(name), name


def test_soffice_missing_is_a_clear_error(monkeypatch):
    builder = _load_builder()
    monkeypatch.setattr(builder.shutil, "which", lambda name: None)
    with pytest.raises(builder.BuildError, match="LibreOffice"):
        builder.find_soffice()
    assert builder.main(["--only", "004"]) == 1


def test_preamble_cleaning_removes_debris_only():
    builder = _load_builder()
    assert builder.clean_line("**АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА") == "АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА"
    assert builder.clean_line("## ДЕПАРТАМЕНТ") == "ДЕПАРТАМЕНТ"
    assert builder.clean_line("*Об утверждении плана*") == "Об утверждении плана"
    assert builder.clean_line("- 1) организовать работу") == "1) организовать работу"
    assert builder.clean_line("\t<p>Текст</p> с «кавычками» – и № 5") == "Текст  с «кавычками» – и № 5"
    assert builder.clean_line("- распоряжение Департамента") == "- распоряжение Департамента"
