"""What the DOCX reader looks up in a body, found by a few whole-body searches run in C.

Visiting an element from Python costs far more than lxml's own walk over it (each
element needs a proxy object, each ``.tag`` builds a string, each tag-filtered search sets up a
matcher), so the reader does not walk the body element by element where it can help it:

* :func:`marked_paragraphs`: the paragraphs whose text is more than their ``w:t`` texts
  joined (one XPath);
* :func:`plain_texts`: the text of every other paragraph (one pass over the ``w:t``);
* :class:`TableIndex`: each table's rows, each row's cells, each cell's paragraphs, and
  which cells and rows hold anything beyond paragraphs (a nested table, a content control,
  a span or merge mark, a ``gridBefore``): those are read element by element, the way
  ``extract.docx`` reads any cell.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_W_NS}}}"
_W_P, _W_T, _W_TBL, _W_TR, _W_TC = f"{_W}p", f"{_W}t", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_W_SDT, _W_PSTYLE, _W_VAL = f"{_W}sdt", f"{_W}pStyle", f"{_W}val"
_W_GRID_SPAN, _W_VMERGE, _W_GRID_BEFORE = f"{_W}gridSpan", f"{_W}vMerge", f"{_W}gridBefore"

# A paragraph holding a tab, a break, a page mark, a non-breaking hyphen, a text box or
# another paragraph, or whose properties give a list directly (w:numPr).
_MARKED = etree.XPath(
    ".//w:p[.//w:tab or .//w:br or .//w:cr or .//w:lastRenderedPageBreak or .//w:noBreakHyphen"
    " or .//w:txbxContent or .//w:p or w:pPr/w:numPr]", namespaces={"w": _W_NS})
_STYLE_IDS = etree.XPath(".//w:pStyle/@w:val", namespaces={"w": _W_NS}, smart_strings=False)


def marked_paragraphs(body: etree._Element, style_numbering: dict[str, tuple[str, int]]) -> set:
    """The paragraphs whose text is more than their ``w:t`` texts joined: those holding a tab,
    a break, a page mark, a non-breaking hyphen, a text box or another paragraph, and those
    whose properties give a list (``w:numPr``, or a style with numbering).  Every other
    paragraph has no list label and reads as its ``w:t`` texts."""
    marked = set(_MARKED(body))
    if style_numbering and (None in style_numbering  # a numbered style without an id
                            or not style_numbering.keys().isdisjoint(_STYLE_IDS(body))):
        for el in body.iter(_W_PSTYLE):
            if el.get(_W_VAL) not in style_numbering:
                continue
            ppr = el.getparent()
            p = ppr.getparent() if ppr.tag == f"{_W}pPr" else None
            if p is not None and p.tag == _W_P:
                marked.add(p)
    return marked


def plain_texts(body: etree._Element, marked: set, paragraphs: set) -> dict:
    """The text of every paragraph not ``marked``, from one pass over the body's ``w:t``:
    such a paragraph holds no other paragraph, so its texts are those whose nearest
    paragraph it is (a paragraph with no text is left out).  ``paragraphs``: every ``w:p``
    of the body (their proxies kept alive, so an ancestor is found by identity)."""
    texts: dict[etree._Element, str] = {}
    for t in body.iter(_W_T):
        p = t.getparent()
        while p is not None and p not in paragraphs:
            p = p.getparent()
        if p is not None and p not in marked:
            text = t.text
            if text:
                if p in texts:
                    texts[p] += text
                else:
                    texts[p] = text
    return texts


@dataclass(slots=True)
class TableIndex:
    """The body's tables, rows, cells and cell paragraphs, as the reader walks them."""

    rows: dict  # w:tbl → its w:tr children, in order
    cells: dict  # w:tr → its w:tc children, in order
    paragraphs: dict  # w:tc → its w:p children, in order
    odd_cells: set  # w:tc with a w:tbl or w:sdt child: read element by element
    marked_cells: set  # w:tc that may carry gridSpan/vMerge: their tcPr read element by element
    offset_rows: set  # w:tr that may carry gridBefore


def _grandparents(body: etree._Element, tag: str) -> set:
    out = set()
    for el in body.iter(tag):
        parent = el.getparent()
        if parent is not None:
            out.add(parent.getparent())
    return out


def index_tables(body: etree._Element, every_paragraph: list) -> TableIndex:
    """The :class:`TableIndex` of ``body`` (``every_paragraph``: its ``w:p`` in order)."""
    rows = {tbl: [] for tbl in body.iter(_W_TBL)}
    if not rows:
        return TableIndex({}, {}, {}, set(), set(), set())
    cells: dict = {}
    for tr in body.iter(_W_TR):
        owner = rows.get(tr.getparent())
        if owner is not None:
            owner.append(tr)
            cells[tr] = []
    paragraphs: dict = {}
    for tc in body.iter(_W_TC):
        owner = cells.get(tc.getparent())
        if owner is not None:
            owner.append(tc)
        paragraphs[tc] = []
    for p in every_paragraph:
        owner = paragraphs.get(p.getparent())
        if owner is not None:
            owner.append(p)
    odd_cells = set()
    for el in body.iter(_W_TBL, _W_SDT):
        parent = el.getparent()
        if parent in paragraphs:
            odd_cells.add(parent)
    marked_cells = _grandparents(body, _W_GRID_SPAN) | _grandparents(body, _W_VMERGE)
    return TableIndex(rows, cells, paragraphs, odd_cells, marked_cells,
                      _grandparents(body, _W_GRID_BEFORE))
