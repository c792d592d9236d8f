"""The DOCX backend: spans, Word numbering, cut tables, text boxes, nested tables, errors."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from extract.docx import read_docx
from extract.errors import CorruptFileError, EmptyFileError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _add_decimal_list(document, lvl_text: str = "%1.", start: int = 1) -> str:
    """Add a decimal list definition to the document's numbering part; return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = str(900 + len(numbering.findall(qn("w:abstractNum"))))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{lvl_text}"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="%1.%2."/></w:lvl></w:abstractNum>'))
    num_id = str(800 + len(numbering.findall(qn("w:num"))))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


def _number_paragraph(paragraph, num_id: str, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                         f'<w:numId w:val="{num_id}"/></w:numPr>'))


def test_merged_cells_are_spans_not_copies(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "№", "Мероприятие", "Сроки"
    t.cell(1, 0).merge(t.cell(1, 2)).text = "I. Раздел"
    t.cell(2, 0).text, t.cell(2, 1).text = "1", "Первое"
    t.cell(2, 2).merge(t.cell(3, 2)).text = "Март 2021"
    t.cell(3, 0).text, t.cell(3, 1).text = "2", "Второе"
    d.save(tmp_path / "m.docx")

    table = read_docx(tmp_path / "m.docx").tables[0]
    by_pos = {(c.row, c.col): c for c in table.cells}
    assert (table.n_rows, table.n_cols) == (4, 3)
    assert by_pos[(1, 0)].col_span == 3 and (1, 1) not in by_pos
    assert by_pos[(2, 2)].row_span == 2 and (3, 2) not in by_pos
    assert [c.text for c in table.cells].count("Март 2021") == 1
    assert table.text_grid()[3] == ["2", "Второе", ""]


def test_a_tab_stop_definition_is_no_tab_character(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    for cell, text in zip(t.rows[0].cells, ("Мероприятие", "Сроки")):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(2))  # w:pPr/w:tabs/w:tab
        paragraph.add_run(text)
    t.rows[0].cells[1].paragraphs[0].runs[0].add_tab()  # a real tab in a run: w:r/w:tab
    d.save(tmp_path / "tabs.docx")

    table = read_docx(tmp_path / "tabs.docx").tables[0]
    assert [c.text for c in table.cells] == ["Мероприятие", "Сроки\t"]


def test_word_auto_numbering_is_rendered_in_cells_and_continues_across_tables(tmp_path):
    d = docx.Document()
    num_id = _add_decimal_list(d, "%1.")
    for _ in range(2):  # two tables: Word keeps counting the same list
        t = d.add_table(rows=2, cols=2)
        for r in range(2):
            _number_paragraph(t.cell(r, 0).paragraphs[0], num_id)
            t.cell(r, 1).text = "дело"
        d.add_paragraph("")
    d.save(tmp_path / "n.docx")

    tables = read_docx(tmp_path / "n.docx").tables
    numbers = [row[0].strip() for t in tables for row in t.text_grid()]
    assert numbers == ["1.", "2.", "3.", "4."]


def test_numbering_levels_and_start_value(tmp_path):
    d = docx.Document()
    num_id = _add_decimal_list(d, "%1)", start=5)
    for ilvl in (0, 1, 1, 0):
        p = d.add_paragraph("пункт")
        _number_paragraph(p, num_id, ilvl)
    d.save(tmp_path / "l.docx")

    blocks = [b.text for b in read_docx(tmp_path / "l.docx").blocks]
    assert blocks == ["5) пункт", "5.1. пункт", "5.2. пункт", "6) пункт"]


def test_consecutive_tables_are_reported_as_they_are(tmp_path):
    d = docx.Document()
    for n in range(3):
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = str(n + 1), f"часть {n + 1}"
        d.add_paragraph("")
    d.save(tmp_path / "c.docx")

    doc = read_docx(tmp_path / "c.docx")
    assert len(doc.tables) == 3
    assert [t.order for t in doc.tables] == sorted(t.order for t in doc.tables)


def test_nested_table_text_is_folded_into_its_cell(tmp_path):
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "1"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "внутри", "таблицы"
    d.save(tmp_path / "nested.docx")

    table = read_docx(tmp_path / "nested.docx").tables[0]
    assert table.n_cols == 2
    assert "внутри таблицы" in table.text_grid()[0][1]


def test_text_box_becomes_a_text_block(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("До рамки")
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><w:pict><w:txbxContent><w:p><w:r><w:t>Текст в рамке</w:t></w:r>'
        f'</w:p></w:txbxContent></w:pict></w:r>'))
    d.save(tmp_path / "box.docx")

    texts = [b.text for b in read_docx(tmp_path / "box.docx").blocks]
    assert texts == ["До рамки", "Текст в рамке"]


def test_broken_zip_is_a_corrupt_file(tmp_path):
    good = tmp_path / "good.docx"
    d = docx.Document()
    d.add_paragraph("текст")
    d.save(good)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(good.read_bytes()[:200])
    with pytest.raises(CorruptFileError) as err:
        read_docx(broken)
    assert "broken.docx" in str(err.value)


def test_docx_without_document_part_is_corrupt(tmp_path):
    path = tmp_path / "nobody.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(CorruptFileError):
        read_docx(path)


def test_empty_docx_is_reported_empty(tmp_path):
    docx.Document().save(tmp_path / "empty.docx")
    with pytest.raises(EmptyFileError):
        read_docx(tmp_path / "empty.docx")


@pytest.mark.skipif(not list(SAMPLES.glob("*.docx")), reason="samples not built")
def test_auto_numbered_sample_yields_item_numbers():
    """At least one committed sample numbers its rows only through w:numPr."""
    found = False
    for path in sorted(SAMPLES.glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        if "<w:tbl>" not in xml or "w:numPr" not in xml.split("<w:tbl>", 1)[1]:
            continue
        found = True
        doc = read_docx(path)
        firsts = [row[0] for t in doc.tables for row in t.text_grid() if row and row[0][:1].isdigit()]
        assert firsts[:3] == ["1.", "2.", "3."] or firsts[:3] == ["1", "2", "3"]
    assert found


def test_page_count_comes_from_the_stored_app_properties(tmp_path):
    d = docx.Document()
    d.add_paragraph("текст")
    d.save(tmp_path / "p.docx")
    out = tmp_path / "pages.docx"
    with zipfile.ZipFile(tmp_path / "p.docx") as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/app.xml":
                data = re.sub(rb"<Pages>\d*</Pages>", b"", data)
                data = data.replace(b"</Properties>", b"<Pages>7</Pages></Properties>")
            dst.writestr(item, data)
    assert read_docx(out).pages == 7


def test_a_page_count_int_refuses_is_no_page_count(tmp_path):
    """docProps/app.xml's <Pages> holding a digit ``int`` refuses («²», a superscript two: a
    digit to ``str.isdigit``) is no page count, not a ValueError out of the reader; the
    document reads as without it."""
    import zipfile
    from pathlib import Path

    from extract.docx import read_docx

    sample = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.docx"))[0]
    odd = tmp_path / "odd_pages.docx"
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/app.xml":
                assert b"<Pages>1</Pages>" in data
                data = data.replace(b"<Pages>1</Pages>", "<Pages>²</Pages>".encode())
            out.writestr(info.filename, data)
    plain, doc = read_docx(sample), read_docx(odd)  # the page count then comes from the breaks
    assert plain.pages == 1 and doc.pages == 1
    assert [c.text for t in doc.tables for c in t.cells] == [c.text for t in plain.tables for c in t.cells]
