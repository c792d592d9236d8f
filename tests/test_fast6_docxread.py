"""The DOCX reader's fast paths of this round give what the plain code gives.

* ``model.new_cell`` vs the ``Cell`` constructor (every field, equality and hash);
* numbering.xml read child by child (``_first_of``) vs ``find`` per level (the reference
  below), on the samples' and hand-made numbering parts, odd ones included;
* tables read with the cell and merge marks inlined vs the walker's ``cell`` and a
  reference ``merge_marks``, on hand-made bodies and every DOCX of the repository;
* members inflated directly by zlib-ng vs by the standard zlib vs by zipfile alone, on
  whole and damaged packages.
"""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from extract import docx as docx_backend
from extract.docx import NumberingState, _Level, _read_numbering, _Walker
from extract import zip_members
from extract.docx_package import open_parts
from extract.model import Cell, Table, new_cell
from tests.test_docx_fast_paths import (_EDGE_BODIES, _damaged, _docx_bytes, _docx_files, _outcome,
                                        _with_body)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_q = f"{{{W}}}".__add__


def test_new_cell_is_the_constructors_cell():
    rng = random.Random(6)
    for _ in range(500):
        args = ("".join(rng.choice("аб \n1") for _ in range(rng.randrange(6))), rng.randrange(50),
                rng.randrange(9), rng.randrange(1, 4), rng.randrange(1, 4), rng.randrange(1, 9))
        fast, plain = new_cell(*args), Cell(*args)
        assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
        assert type(fast) is Cell
    with pytest.raises(AttributeError):  # still frozen
        new_cell("a", 0, 0, 1, 1, 1).text = "b"


def _reference_numbering(root):
    """numbering.xml read with ``find`` per level: the code before this round."""
    def attr(el):
        return None if el is None else el.get(_q("val"))

    state = NumberingState()
    if root is None:
        return state
    abstract = {}
    for an in root.iterchildren(_q("abstractNum")):
        levels = {}
        for lvl in an.iterchildren(_q("lvl")):
            ilvl = int(lvl.get(_q("ilvl"), "0"))
            levels[ilvl] = _Level(fmt=attr(lvl.find(_q("numFmt"))) or "decimal",
                                  text=attr(lvl.find(_q("lvlText"))) or "",
                                  start=int(attr(lvl.find(_q("start"))) or 1))
        abstract[an.get(_q("abstractNumId"))] = levels
    for num in root.iterchildren(_q("num")):
        num_id = num.get(_q("numId"))
        state.levels[num_id] = abstract.get(attr(num.find(_q("abstractNumId"))) or "", {})
        for override in num.iterchildren(_q("lvlOverride")):
            start = attr(override.find(_q("startOverride")))
            if start is not None:
                state.starts.setdefault(num_id, {})[int(override.get(_q("ilvl"), "0"))] = int(start)
    return state


_ODD_NUMBERING = [
    # duplicate children (the first counts), a comment, missing values, a later duplicate num
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
    '<!-- c --><w:numFmt w:val="upperRoman"/><w:numFmt w:val="decimal"/><w:lvlText/>'
    '<w:start w:val="3"/><w:start w:val="9"/></w:lvl><w:lvl w:ilvl="1"/><w:lvl>'
    '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1">'
    '<w:startOverride w:val="4"/></w:lvlOverride><w:lvlOverride/></w:num>'
    '<w:num w:numId="1"><w:abstractNumId w:val="7"/><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"/></w:numbering>',
    f'<w:numbering xmlns:w="{W}"/>',
]


def _numbering_roots():
    roots = [etree.fromstring(xml) for xml in _ODD_NUMBERING]
    for path in _docx_files():
        parts = open_parts(str(path))
        if parts is not None and parts.numbering is not None:
            roots.append(parts.numbering)
    return roots


def test_numbering_read_in_one_pass_per_level_equals_find():
    roots = _numbering_roots()
    assert len(roots) > 5
    for root in roots:
        fast, plain = _read_numbering(root), _reference_numbering(root)
        assert (fast.levels, fast.starts) == (plain.levels, plain.starts)
    assert _read_numbering(None).levels == {}


def test_bad_numbers_in_numbering_are_read_as_the_default_with_a_warning():
    """The reference raised a ValueError (and lost the file); the reader now reads the value
    as the default and says so (docx_attributes.int_attribute, tests/test_docx_attributes.py)."""
    root = etree.fromstring(f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
                            '<w:lvl w:ilvl="0"><w:start w:val="x"/></w:lvl></w:abstractNum></w:numbering>')
    with pytest.raises(ValueError):
        _reference_numbering(root)
    state = _read_numbering(root)
    assert state.levels == {} and state.warnings == ("w:start w:val='x' is not a whole number "
                                                     "from 0 to 32767: read as 1",)


def _reference_merge_marks(tcpr):
    if tcpr is None:
        return 1, None
    span, vmerge = tcpr.find(_q("gridSpan")), tcpr.find(_q("vMerge"))
    return (1 if span is None else int(span.get(_q("val")) or 1),
            None if vmerge is None else (vmerge.get(_q("val")) or "continue"))


def _through_controls(parent, name):
    """``parent``'s descendants named ``name`` with nothing but content controls and custom XML
    between: a table's rows, a row's cells (written apart from the reader's own walk)."""
    wrappers = {_q("sdt"), _q("sdtContent"), _q("customXml")}
    found = []
    for el in parent.iter(_q(name)):
        up = el.getparent()
        while up is not parent and up.tag in wrappers:
            up = up.getparent()
        if up is parent:
            found.append(el)
    return found


def _reference_table(tbl, walker, order):
    """A table read cell by cell through the walker's ``cell`` (the code before this round)."""
    anchors, open_by_col, n_cols, row_idx = [], {}, 0, -1
    for tr in _through_controls(tbl, "tr"):
        row_idx += 1
        col = docx_backend._grid_before(tr)
        page = walker.page
        for tc in _through_controls(tr, "tc"):
            text, tcpr = walker.cell(tc)
            span, vmerge = _reference_merge_marks(tcpr)
            if vmerge == "continue" and col in open_by_col:
                above = open_by_col[col]
                above[3] = row_idx - above[1] + 1
                if text.strip():
                    above[0] = f"{above[0]}\n{text}".strip("\n")
            else:
                cell = [text, row_idx, col, 1, span, page]
                anchors.append(cell)
                for c in range(col, col + span):
                    open_by_col.pop(c, None)
                if vmerge == "restart":
                    open_by_col[col] = cell
            if vmerge is None:
                for c in range(col, col + span):
                    open_by_col.pop(c, None)
            col += span
        n_cols = max(n_cols, col)
    cells = [Cell(*a) for a in anchors]
    return Table(cells=cells, n_rows=row_idx + 1, n_cols=n_cols, order=order,
                 page=cells[0].page if cells else walker.page, method="docx",
                 col_lines=docx_backend._grid_lines(tbl, n_cols))


_MERGE_BODIES = [
    # spans and merges in every combination, a tcPr with duplicate marks, a second tcPr,
    # an empty gridSpan, a continuation with text, a continuation with nothing open above
    '<w:tbl><w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="200"/><w:gridCol w:w="300"/></w:tblGrid>'
    '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/><w:gridSpan w:val="2"/></w:tcPr>'
    '<w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan/><w:gridSpan w:val="3"/>'
    '</w:tcPr><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:tc><w:tcPr><w:vMerge/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>c</w:t></w:r>'
    '</w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc>'
    '<w:tc><w:tcPr/><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>'
    '<w:tc><w:p><w:r><w:t>e</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:tc><w:p><w:r><w:t>after the page</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
]


def _tables_both_ways(data: bytes, monkeypatch) -> tuple:
    path = Path("x.docx")
    fast = docx_backend.read_docx(path, data)
    with monkeypatch.context() as m:
        m.setattr(docx_backend, "_read_table", _reference_table)
        plain = docx_backend.read_docx(path, data)
    return fast, plain


@pytest.mark.parametrize("body", [b for b in _EDGE_BODIES if "<w:tbl>" in b] + _MERGE_BODIES)
def test_tables_read_inline_equal_cell_by_cell(monkeypatch, body):
    fast, plain = _tables_both_ways(_with_body(body), monkeypatch)
    assert fast == plain
    assert fast.tables


def test_every_docx_reads_the_same_tables_inline(monkeypatch):
    files = _docx_files()
    assert len(files) >= 10
    for path in files:
        fast, plain = _tables_both_ways(path.read_bytes(), monkeypatch)
        assert fast == plain, path


def test_the_merge_body_reads_as_spans():
    """The hand-made merges read as intended (the reference is not just equal to itself)."""
    doc = docx_backend.read_docx(Path("x.docx"), _with_body(_MERGE_BODIES[0]))
    table = doc.tables[0]
    got = [(c.text, c.row, c.col, c.row_span, c.col_span, c.page) for c in table.cells]
    assert got == [("a\nc", 0, 0, 2, 2, 1),  # the first vMerge of a tcPr counts: c continues a
                   ("b", 0, 2, 1, 1, 1),  # the first gridSpan (no value) counts: 1
                   ("", 1, 1, 1, 1, 1),  # a continuation with nothing open above is a cell
                   ("d", 1, 2, 1, 1, 1),  # the first tcPr counts
                   ("", 2, 1, 1, 1, 1), ("e", 2, 2, 1, 1, 1),
                   ("after the page", 3, 0, 1, 1, 2)]
    assert table.col_lines == (0.0, 5.0, 15.0, 30.0)


def test_a_zip_round_trip_keeps_the_reading():
    """The same package rewritten by zipfile (other offsets, same parts) reads the same."""
    data = _with_body(_MERGE_BODIES[0])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    assert docx_backend.read_docx(Path("x.docx"), out.getvalue()) == docx_backend.read_docx(Path("x.docx"), data)


def test_walker_is_still_what_cell_text_uses():
    """``cell_text`` (nested tables, asides) keeps the walker's reading."""
    walker = _Walker(NumberingState(), {}, docx_backend._EveryParagraph(), {})
    tc = etree.fromstring(f'<w:tc xmlns:w="{W}"><w:tcPr/><w:p><w:r><w:t>x</w:t><w:tab/><w:t>y</w:t>'
                          '</w:r></w:p><w:p/><w:p><w:r><w:t>z</w:t></w:r></w:p></w:tc>')
    assert walker.cell_text(tc) == "x\ty\n\nz"


def test_members_inflated_by_zlib_ng_show_what_zlib_and_zipfile_show(monkeypatch):
    """Bad member, DTD part and kept bytes: the same with zlib-ng, the standard zlib and
    zipfile alone, on whole packages and 240 damaged copies (other seeds than
    test_docx_fast_paths)."""
    import zlib

    from extract.docx import forget_templates

    pytest.importorskip("zlib_ng")
    assert zip_members._fast_zlib is not zlib
    packages = [path.read_bytes() for path in _docx_files()[:4]]
    packages.append(_docx_bytes(lambda d: d.add_paragraph("ж" * 20000)))
    cases = packages + [bad for i, data in enumerate(packages[:4]) for bad in _damaged(data, 60, 100 + i)]

    def inflated(data: bytes) -> tuple:
        # members the reader remembers from an earlier package would not be inflated at all
        forget_templates()
        return _outcome(data)

    for data in cases:
        fast = inflated(data)
        with monkeypatch.context() as m:
            m.setattr(zip_members, "_fast_zlib", zlib)
            standard = inflated(data)
            m.setattr(zip_members, "_inflate_direct", lambda d, info: None)
            by_zipfile = inflated(data)
        assert fast == standard == by_zipfile
    assert sum(1 for data in cases if _outcome(data)[0] not in (None, "raised")) > 50
