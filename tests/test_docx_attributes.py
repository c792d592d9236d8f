"""Whole-number attributes of a DOCX that are not whole numbers do not lose the file.

``int()`` on ``w:gridSpan``, ``w:gridBefore``, ``w:ilvl``, ``w:start``, ``w:startOverride`` raised
a ValueError out of the reader ("failed: internal error (ValueError)", the whole file lost).
``docx_attributes.int_attribute`` reads such a value as the attribute's default (a value
too large as the largest allowed) and the document says so in a warning.  Every place the
reader reads a number is tried here, with each kind of bad value, through the pipeline.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from extract import read_document
from extract.docx import forget_templates
from extract.docx_attributes import MOST_COLUMNS, MOST_LEVEL, MOST_START, int_attribute

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = f'xmlns:w="{W}"'

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.numbering+xml"/>'
    '</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/></Relationships>')

# The numbers a part holds, by place; each test makes one of them bad.
GOOD = {"gridSpan": "3", "oddGridSpan": "1", "gridBefore": "1", "pIlvl": "0", "lvlIlvl": "0",
        "start": "1", "overrideIlvl": "0", "startOverride": "3", "styleIlvl": "0"}
# what the warning names for each place
NAMED = {"gridSpan": "w:gridSpan w:val", "oddGridSpan": "w:gridSpan w:val",
         "gridBefore": "w:gridBefore w:val", "pIlvl": "w:ilvl w:val", "lvlIlvl": "w:lvl w:ilvl",
         "start": "w:start w:val", "overrideIlvl": "w:lvlOverride w:ilvl",
         "startOverride": "w:startOverride w:val", "styleIlvl": "w:ilvl w:val"}
BAD = ["x6", "", "²", "1.5", "-3", "99999999", "9" * 5000]


def _cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _row(*texts: str) -> str:
    return "<w:tr>" + "".join(_cell(t) for t in texts) + "</w:tr>"


def _parts(v: dict[str, str]) -> dict[str, str]:
    """A small order: a numbered paragraph, a paragraph of a numbered style, and a table with
    a spanned cell, a cell holding a nested table and a spanned mark, and a row that skips a
    grid column."""
    document = (
        f'<w:document {_NS}><w:body>'
        '<w:p><w:r><w:t>ПРИКАЗ о плане мероприятий</w:t></w:r></w:p>'
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{v["pIlvl"]}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        '<w:r><w:t>Утвердить план</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Numbered"/></w:pPr><w:r><w:t>Контроль оставляю</w:t></w:r></w:p>'
        '<w:tbl><w:tblGrid><w:gridCol w:w="800"/><w:gridCol w:w="4000"/><w:gridCol w:w="2000"/>'
        '<w:gridCol w:w="3000"/></w:tblGrid>'
        + _row("№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный исполнитель")
        + '<w:tr>' + _cell("1")
        + f'<w:tc><w:tcPr><w:gridSpan w:val="{v["gridSpan"]}"/></w:tcPr>'
        '<w:p><w:r><w:t>Организационные мероприятия</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr>' + _cell("1.1")
        + f'<w:tc><w:tcPr><w:gridSpan w:val="{v["oddGridSpan"]}"/></w:tcPr>'
        '<w:p><w:r><w:t>Семинар директоров школ</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>вложено</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '</w:tc>' + _cell("март 2025 года") + _cell("Управление образования") + '</w:tr>'
        f'<w:tr><w:trPr><w:gridBefore w:val="{v["gridBefore"]}"/></w:trPr>'
        + _cell("Отчёт в министерство") + _cell("декабрь 2025 года") + _cell("Отдел общего образования")
        + '</w:tr>'
        '</w:tbl><w:sectPr/></w:body></w:document>')
    numbering = (
        f'<w:numbering {_NS}><w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="{v["lvlIlvl"]}"><w:start w:val="{v["start"]}"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
        f'<w:lvlOverride w:ilvl="{v["overrideIlvl"]}">'
        f'<w:startOverride w:val="{v["startOverride"]}"/></w:lvlOverride></w:num>'
        '</w:numbering>')
    styles = (
        f'<w:styles {_NS}><w:style w:type="paragraph" w:styleId="Numbered"><w:pPr><w:numPr>'
        f'<w:ilvl w:val="{v["styleIlvl"]}"/><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
        '</w:styles>')
    return {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS,
            "word/_rels/document.xml.rels": _DOCUMENT_RELS, "word/document.xml": document,
            "word/numbering.xml": numbering, "word/styles.xml": styles}


def _docx(values: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in _parts(values).items():
            z.writestr(name, xml.encode())
    return out.getvalue()


def _with(place: str, value: str) -> bytes:
    return _docx({**GOOD, place: value})


def _texts(doc) -> list[str]:
    return [c.text for t in doc.tables for c in t.cells]


def test_the_good_package_reads_without_warnings(tmp_path):
    path = tmp_path / "good.docx"
    path.write_bytes(_docx(GOOD))
    doc = read_document(path)
    assert doc.warnings == []
    assert "Семинар директоров школ\nвложено" in _texts(doc)
    assert [b.text for b in doc.blocks][1:3] == ["1. Утвердить план", "3. Контроль оставляю"]


@pytest.mark.parametrize("value", BAD, ids=lambda v: repr(v[:12]))
@pytest.mark.parametrize("place", sorted(GOOD))
def test_a_bad_number_is_read_with_a_warning(tmp_path, place, value):
    forget_templates()  # the numbering and styles read afresh: their warnings too
    path = tmp_path / f"{place}.docx"
    path.write_bytes(_with(place, value))
    doc = read_document(path)  # old code: ValueError (and "" for a span: no warning)
    texts = _texts(doc)
    for text in ("Организационные мероприятия", "Семинар директоров школ\nвложено",
                 "Отчёт в министерство", "Отдел общего образования"):
        assert text in texts
    named = [w for w in doc.warnings if w.startswith(NAMED[place])]
    assert len(named) == 1, doc.warnings
    assert repr(value[:24])[1:-1] in named[0]
    assert "read as" in named[0]


@pytest.mark.parametrize("place", sorted(GOOD))
def test_the_pipeline_keeps_the_file_and_reports_the_warning(tmp_path, place):
    from roadmap500.pipeline import convert_file

    good = tmp_path / "good.docx"
    good.write_bytes(_docx(GOOD))
    path = tmp_path / f"{place}.docx"
    path.write_bytes(_with(place, "x6"))
    result = convert_file(path, nlp=False)
    # the good file's status and rows (old code: "failed", internal error (ValueError))
    assert result.status == convert_file(good, nlp=False).status == "ok", \
        result.document["error"]
    assert len(result.activities) == 3
    messages = [w["message"] for w in result.document["warnings"] if w["code"] == "extract_warning"]
    assert any(m.startswith(NAMED[place]) and "'x6'" in m for m in messages), messages


@pytest.mark.parametrize("place", ["lvlIlvl", "start", "startOverride", "styleIlvl"])
def test_warnings_of_remembered_parts_reach_every_document(tmp_path, place):
    """numbering.xml and styles.xml are parsed and read once per template: the second
    document made from it must carry their warnings too."""
    forget_templates()
    for k in range(2):
        path = tmp_path / f"{k}.docx"
        path.write_bytes(_with(place, "x6"))
        doc = read_document(path)
        assert [w for w in doc.warnings if w.startswith(NAMED[place])], (k, doc.warnings)


def test_a_huge_span_is_clamped_not_allocated(tmp_path):
    path = tmp_path / "wide.docx"
    path.write_bytes(_with("gridSpan", "99999999"))
    doc = read_document(path)
    assert max(t.n_cols for t in doc.tables) == 1 + MOST_COLUMNS  # "1" and the wide cell
    assert any(f"read as {MOST_COLUMNS}" in w for w in doc.warnings)


def test_a_bad_ilvl_reads_the_default_level(tmp_path):
    path = tmp_path / "ilvl.docx"
    path.write_bytes(_with("pIlvl", "1.5"))
    assert read_document(path).blocks[1].text == "1. Утвердить план"


def test_a_sample_with_a_bad_span_converts(tmp_path):
    """The report's case: a real order whose first gridSpan reads "x6"."""
    sample = Path(__file__).resolve().parent.parent / "samples" / "001_4d03b332e4c33257.docx"
    source = zipfile.ZipFile(sample)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                assert b'<w:gridSpan w:val="' in data
                data = data.replace(b'<w:gridSpan w:val="', b'<w:gridSpan w:val="x', 1)
            z.writestr(info, data)
    path = tmp_path / "bad_span.docx"
    path.write_bytes(out.getvalue())
    doc = read_document(path)
    good = read_document(sample)
    assert len(doc.tables) == len(good.tables)
    assert sum(len(c.text) for t in doc.tables for c in t.cells) == \
        sum(len(c.text) for t in good.tables for c in t.cells)
    assert [w for w in doc.warnings if w.startswith("w:gridSpan w:val='x")]


_GRID_SPAN = f"{{{W}}}gridSpan"
_VAL = f"{{{W}}}val"


@pytest.mark.parametrize(("value", "read", "warned"), [
    ("6", 6, False), (" 4 ", 4, False), ("+2", 2, False), ("1000", 1000, False),
    ("x6", 1, True), ("", 1, True), ("²", 1, True), ("٣", 1, True), ("1.5", 1, True),
    ("-3", 1, True), ("0", 1, True), ("1001", 1000, True), ("99999999", 1000, True),
    ("9" * 5000, 1000, True), ("-" + "9" * 5000, 1, True), ("1_0", 1, True),
])
def test_int_attribute(value, read, warned):
    el = etree.fromstring(f'<w:gridSpan {_NS} w:val="{value}"/>')
    warnings: list[str] = []
    assert int_attribute(el, _VAL, 1, 1, MOST_COLUMNS, warnings) == read
    assert bool(warnings) == warned
    assert int_attribute(el, _VAL, 1, 1, MOST_COLUMNS, warnings) == read
    assert len(warnings) == warned  # one warning per distinct value
    assert int_attribute(el, _VAL, 1, 1, MOST_COLUMNS, None) == read
    assert all(len(w) < 120 for w in warnings)


def test_int_attribute_without_element_or_attribute_is_the_default_silently():
    warnings: list[str] = []
    assert int_attribute(None, _VAL, 7, 0, 9, warnings) == 7
    assert int_attribute(etree.fromstring(f'<w:gridSpan {_NS}/>'), _VAL, 7, 0, 9, warnings) == 7
    assert warnings == []
    assert (MOST_LEVEL, MOST_START) == (8, 32767)


def _grid(*widths: str) -> etree._Element:
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return etree.fromstring(f"<w:tbl {_NS}><w:tblGrid>{cols}</w:tblGrid></w:tbl>")


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "1e400", "-100", "abc"])
def test_a_grid_width_that_is_no_length_gives_no_column_lines(bad):
    """``float()`` reads 'nan', 'inf' and '1e400' without an error: such a width (or a negative
    one) made NaN or infinite column positions, which every comparison of column lines (the
    continuation of a table on the next page) then got wrong; the grid is now ignored as a
    grid that does not match."""
    from extract.docx import _grid_lines

    warnings: list[str] = []
    assert _grid_lines(_grid("100", "200"), 2, warnings) == (0.0, 5.0, 15.0)
    assert warnings == []
    assert _grid_lines(_grid("100", bad), 2, warnings) is None
    assert _grid_lines(_grid(bad, "100"), 2, warnings) is None
    assert len(warnings) == 1 and f"w:gridCol w:w={bad!r} is no column width" in warnings[0]


@pytest.mark.parametrize("bad", ["nan", "1e400", "-100", "abc"])
def test_a_bad_grid_width_is_a_warning_and_every_word_is_kept(tmp_path, bad):
    """The grid is ignored (its column positions only join a table continued on the next
    page), the document says so, and the table's text and rows are the good file's."""
    from roadmap500.pipeline import convert_file

    good = tmp_path / "good.docx"
    good.write_bytes(_docx(GOOD))
    path = tmp_path / "grid.docx"
    parts = _parts(GOOD)
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        '<w:gridCol w:w="4000"/>', f'<w:gridCol w:w="{bad}"/>', 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml.encode())
    path.write_bytes(out.getvalue())
    doc = read_document(path)
    assert _texts(doc) == _texts(read_document(good))
    assert doc.tables[0].col_lines is None and read_document(good).tables[0].col_lines
    result = convert_file(path, nlp=False)
    assert result.status == "ok" and len(result.activities) == 3
    messages = [w["message"] for w in result.document["warnings"] if w["code"] == "extract_warning"]
    assert any(m.startswith(f"w:gridCol w:w={bad!r}") for m in messages), messages
