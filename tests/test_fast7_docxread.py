"""The DOCX reader's fast paths of round 7 give what the plain code gives.

* ``docx_index.marked_paragraphs`` + ``scan_body`` (one pass: paragraph texts, nested
  paragraphs, table index) vs the code before (a pass per question, below), on hand-made
  bodies with nested paragraphs, text boxes, content controls, odd cells, and on every DOCX of
  the repository and the synthetic corpus;
* tables read from the index vs cell by cell through the walker (``_reference_table``), on
  bodies with gridBefore, spans and merges in odd cells, tracked tcPr changes, nested tables;
* ``_last_style_start`` vs the regex it replaces; ``_declares_dtd`` vs ``marker in head``;
* ``new_text_block`` vs the ``TextBlock`` constructor.
"""
from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest
from lxml import etree

from extract import docx as docx_backend
from extract import docx_index, docx_package, zip_members
from extract.docx_numbering import style_numbering
from extract.docx_package import open_parts
from extract.model import TextBlock, new_text_block
from tests.test_docx_fast_paths import _EDGE_BODIES, _all_slow, _docx_files, _read, _with_body
from tests.test_fast6_docxread import _MERGE_BODIES, _reference_table, _through_controls

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_q = f"{{{W}}}".__add__
_RUN_MARKS = tuple(_q(n) for n in ("tab", "br", "cr", "lastRenderedPageBreak", "noBreakHyphen",
                                   "txbxContent"))
_INNER = etree.XPath(".//w:p//w:p", namespaces={"w": W})


def _reference_marked(body, styled):
    """marked_paragraphs before this round: one tag pass, ancestors by iterancestors."""
    marked = set()
    for el in body.iter(*_RUN_MARKS, _q("numPr"), _q("pStyle")):
        if el.tag in (_q("numPr"), _q("pStyle")):
            if el.tag == _q("pStyle") and el.get(_q("val")) not in styled:
                continue
            ppr = el.getparent()
            p = ppr.getparent() if ppr.tag == _q("pPr") else None
            if p is not None and p.tag == _q("p"):
                marked.add(p)
        else:
            marked.update(el.iterancestors(_q("p")))
    for inner in _INNER(body):
        marked.update(inner.iterancestors(_q("p")))
    return marked


def _reference_texts(body, marked):
    """plain_texts before this round: each w:t's nearest paragraph found by tag."""
    texts = {}
    for t in body.iter(_q("t")):
        p = t.getparent()
        while p is not None and p.tag != _q("p"):
            p = p.getparent()
        if p is not None and p not in marked and t.text:
            texts[p] = texts.get(p, "") + t.text
    return texts


_MORE_BODIES = [
    # a paragraph directly in a paragraph, one in a content control in a paragraph, a
    # paragraph in a run-level control, text in a hyperlink and in an inserted run
    '<w:p><w:r><w:t>o1</w:t></w:r><w:p><w:r><w:t>i1</w:t></w:r></w:p><w:r><w:t>o2</w:t></w:r></w:p>'
    '<w:p><w:sdt><w:sdtContent><w:p><w:r><w:t>deep</w:t></w:r></w:p></w:sdtContent></w:sdt></w:p>'
    '<w:p><w:hyperlink><w:r><w:t>h</w:t></w:r></w:hyperlink><w:ins><w:r><w:t>i</w:t></w:r></w:ins></w:p>',
    # a table inside a paragraph (no text box), a table in a text box, a body-level control
    # holding a table
    '<w:p><w:r><w:t>host</w:t></w:r><w:tbl><w:tr><w:tc><w:p><w:r><w:t>in cell</w:t></w:r></w:p>'
    '</w:tc></w:tr></w:tbl></w:p>'
    '<w:p><w:r><w:pict><w:txbxContent><w:tbl><w:tr><w:tc><w:p><w:r><w:t>boxed cell</w:t></w:r>'
    '</w:p></w:tc></w:tr></w:tbl></w:txbxContent></w:pict></w:r></w:p>'
    '<w:sdt><w:sdtContent><w:tbl><w:tr><w:tc><w:p><w:r><w:t>ctl cell</w:t></w:r></w:p></w:tc>'
    '</w:tr></w:tbl></w:sdtContent></w:sdt>',
    # gridBefore (first trPr counts), spans in a cell with a nested table, a tracked tcPr
    # change holding marks of its own, cells in a row-level control, multi-paragraph cells
    # with a page break and a list, an empty row, text with newlines
    '<w:tbl><w:tr><w:trPr><w:cantSplit/></w:trPr><w:trPr><w:gridBefore w:val="2"/></w:trPr>'
    '<w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridBefore w:val="3"/></w:trPr><w:tc><w:tcPr>'
    '<w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>b</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p>'
    '<w:r><w:t>n</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr>'
    '<w:tr><w:tc><w:tcPr><w:tcPrChange><w:tcPr><w:gridSpan w:val="3"/><w:vMerge w:val="restart"/>'
    '</w:tcPr></w:tcPrChange></w:tcPr><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc>'
    '<w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>in row control</w:t></w:r></w:p></w:tc>'
    '</w:sdtContent></w:sdt></w:tr><w:tr/>'
    '<w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/><w:t>y</w:t>'
    '</w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    '<w:r><w:t>z</w:t></w:r></w:p><w:p/></w:tc><w:tc><w:p><w:r><w:t>\nnl\n</w:t></w:r></w:p>'
    '</w:tc></w:tr></w:tbl>'
    '<w:p><w:r><w:t>after</w:t></w:r></w:p>',
]


@pytest.fixture(scope="module")
def synthetic_docx(tmp_path_factory) -> list[Path]:
    """Synthetic orders (every layout of the matrix, varied content) built here, so the tests
    that read them run on a fresh machine too (they used to read a corpus a benchmark had left
    in /tmp, and were skipped or shrank without it)."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(root / "benchmarks"))
    corpus, _ = build_corpus(20, tmp_path_factory.mktemp("corpus"), seed=7, pdf=False)
    corpus = [path for path in corpus if path.exists()]
    assert len(corpus) >= 16
    return corpus


def _bodies(corpus: list[Path]):
    """Bodies of the hand-made packages, the repository's DOCX and some synthetic ones."""
    out = []
    for xml in [*_EDGE_BODIES, *_MERGE_BODIES, *_MORE_BODIES]:
        parts = open_parts(io.BytesIO(_with_body(xml)))
        out.append((parts.body, style_numbering(parts.styles)))
    for path in [*_docx_files(), *corpus]:
        parts = open_parts(str(path))
        if parts is not None:
            out.append((parts.body, style_numbering(parts.styles)))
    return out


def test_one_pass_marks_and_texts_what_a_pass_per_question_does(synthetic_docx):
    bodies = _bodies(synthetic_docx)
    assert len(bodies) > 30
    nested_seen = 0
    for body, styled in bodies:
        marked = docx_index.marked_paragraphs(body, styled)
        scan = docx_index.scan_body(body, marked)
        reference = _reference_marked(body, styled)
        assert marked == reference
        assert scan.texts == _reference_texts(body, reference)
        nested_seen += bool(_INNER(body))
    assert nested_seen >= 2


def test_the_index_lists_each_tables_rows_cells_and_paragraphs_in_order(synthetic_docx):
    for body, styled in _bodies(synthetic_docx):
        index = docx_index.scan_body(body, docx_index.marked_paragraphs(body, styled)).tables
        assert set(index.rows) == set(body.iter(_q("tbl")))
        for tbl, rows in index.rows.items():
            assert rows == _through_controls(tbl, "tr")
            for tr in rows:
                assert index.cells[tr] == _through_controls(tr, "tc")
        for tc, paragraphs in index.paragraphs.items():
            assert paragraphs == [c for c in tc if c.tag == _q("p")]
            odd = any(c.tag in (_q("tbl"), _q("sdt")) for c in tc)
            assert (tc in index.odd_cells) == odd
            tcpr = next((c for c in tc if c.tag == _q("tcPr")), None)
            if tcpr is not None and any(m.tag in (_q("gridSpan"), _q("vMerge")) for m in tcpr):
                assert tc in index.marked_cells  # a cell with marks is never read as plain
        for tr in index.cells:
            if docx_backend._grid_before(tr):
                assert tr in index.offset_rows


@pytest.mark.parametrize("body", _MORE_BODIES)
def test_new_bodies_read_the_same_every_paragraph_slowly_and_table_by_walker(monkeypatch, body):
    data = _with_body(body)
    fast = _read(data)
    with monkeypatch.context() as m:
        _all_slow(m)
        m.setattr(docx_backend, "_read_table", _reference_table)
        slow = _read(data)
    assert fast == slow
    assert not isinstance(fast, type)


def test_new_bodies_read_as_intended():
    """The reference is not just equal to itself: nested paragraphs and odd cells read whole."""
    doc = _read(_with_body(_MORE_BODIES[0]))
    assert [b.text for b in doc.blocks] == ["o1i1o2", "deep", "hi"]
    doc = _read(_with_body(_MORE_BODIES[2]))
    table = doc.tables[0]
    got = [(c.text, c.row, c.col, c.col_span, c.page) for c in table.cells]
    # the first trPr counts (no gridBefore in row 0), the first gridBefore of a trPr counts, a
    # tracked tcPr change's marks are not the cell's, a cell in a row-level control is the
    # row's next cell, a list label and a line break inside a cell
    assert got == [("a", 0, 0, 1, 1), ("b\nn", 1, 1, 2, 1), ("c", 2, 0, 1, 1),
                   ("in row control", 2, 1, 1, 1), ("x\ny\n• z", 4, 0, 1, 1), ("nl", 4, 1, 1, 1)]
    assert (table.n_rows, table.n_cols) == (5, 3)
    doc = _read(_with_body(_MORE_BODIES[1]))
    assert [b.text for b in doc.blocks] == ["hostin cell", "boxed cell"]
    assert [c.text for c in doc.tables[0].cells] == ["ctl cell"]


def test_the_synthetic_corpus_reads_the_same_through_the_walker(monkeypatch, synthetic_docx):
    for path in synthetic_docx:
        fast = _read(path)
        with monkeypatch.context() as m:
            _all_slow(m)
            m.setattr(docx_backend, "_read_table", _reference_table)
            slow = _read(path)
        assert fast.tables and fast == slow, path


def test_last_style_start_is_the_regexs_last_match():
    rng = random.Random(7)
    pieces = [b"<w:style", b"<w:styles", b"<w:style ", b"<w:style>", b"<w:style\t", b"<w:styleX",
              b"numPr", b"</w:style>", b"x", b" ", b">"]
    for _ in range(3000):
        xml = b"".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        pos = rng.randrange(len(xml) + 1)
        end = rng.randrange(pos, len(xml) + 1)
        starts = [m.start() for m in docx_package._STYLE_START.finditer(xml, pos, end)]
        assert docx_package._last_style_start(xml, pos, end) == (starts[-1] if starts else -1)


def test_declares_dtd_is_a_marker_in_the_head():
    rng = random.Random(70)
    head = zip_members._HEAD_XML
    for _ in range(400):
        filler = b"<!-- c -->" if rng.random() < 0.5 else b"<a/>"
        marker = rng.choice([*zip_members._DTD_MARKERS, b"<!x", b"<!DOCTYP"])
        at = rng.choice([0, 5, head - len(marker), head - len(marker) + 1, head - 3, head + 10])
        xml = (filler * (head // len(filler) + 10))[:at] + marker + b"<b/>" * 10
        expected = any(m in xml[:head] for m in zip_members._DTD_MARKERS)
        assert zip_members._declares_dtd(xml) == expected
    assert not zip_members._declares_dtd(b"")


def test_new_text_block_is_the_constructors_block():
    rng = random.Random(71)
    for _ in range(200):
        args = ("".join(rng.choice("аб \n1") for _ in range(rng.randrange(6))), rng.randrange(9),
                rng.randrange(99))
        fast, plain = new_text_block(*args), TextBlock(*args)
        assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
        assert type(fast) is TextBlock
    with pytest.raises(AttributeError):
        new_text_block("a", 1, 0).text = "b"




def _reference_style_numbering(styles):
    """style_numbering before this round: ElementPath ``find``."""
    out = {}
    for style in styles.iterchildren(_q("style")):
        num_pr = style.find(f"{_q('pPr')}/{_q('numPr')}")
        num_id = None if num_pr is None or num_pr.find(_q("numId")) is None \
            else num_pr.find(_q("numId")).get(_q("val"))
        if num_id:
            ilvl_el = num_pr.find(_q("ilvl"))
            out[style.get(_q("styleId"))] = (num_id, int((None if ilvl_el is None
                                                          else ilvl_el.get(_q("val"))) or 0))
    return out


_ODD_STYLES = (
    f'<w:styles xmlns:w="{W}"><!-- c --><w:style w:styleId="a"><w:pPr/><w:pPr><w:numPr>'
    '<w:numId w:val="3"/><w:ilvl w:val="2"/><w:numId w:val="9"/></w:numPr></w:pPr></w:style>'
    '<w:style w:styleId="b"><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:numPr><w:numId '
    'w:val="4"/></w:numPr></w:pPr></w:style><w:style><w:pPr><w:numPr><w:numId w:val="5"/>'
    '</w:numPr></w:pPr></w:style><w:style w:styleId="c"><w:rPr><w:numPr><w:numId w:val="6"/>'
    '</w:numPr></w:rPr></w:style><w:style w:styleId="d"><w:pPr><w:numPr><w:numId w:val=""/>'
    '</w:numPr></w:pPr></w:style><w:docDefaults/></w:styles>')


def test_style_numbering_child_by_child_equals_find():
    roots = [etree.fromstring(_ODD_STYLES)]
    for path in _docx_files():
        parts = open_parts(str(path))
        if parts is not None and parts.styles is not None:
            roots.append(parts.styles)
    assert len(roots) > 3
    for root in roots:
        assert style_numbering(root) == _reference_style_numbering(root)
    assert style_numbering(roots[0]) == {"a": ("3", 2), None: ("5", 0)}
