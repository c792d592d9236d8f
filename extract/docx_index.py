"""What the DOCX reader looks up in a body, found by a few whole-body searches run in C.

Visiting an element from Python costs far more than lxml's own walk over it (each
element needs a proxy object, each ``.tag`` builds a string, each tag-filtered search sets up a
matcher), so the reader does not walk the body element by element where it can help it:

* :func:`marked_paragraphs`: the paragraphs whose text is more than their ``w:t`` texts
  joined (one tag pass);
* :func:`scan_body`: one more pass, giving the text of every other paragraph, the
  paragraphs that hold another one, and the :class:`TableIndex`: each table's rows, each
  row's cells, each cell's paragraphs, and which cells and rows hold anything beyond
  paragraphs (a nested table, a content control, a span or merge mark, a ``gridBefore``):
  those are read element by element, the way ``extract.docx`` reads any cell.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_W_NS}}}"
_W_P, _W_T, _W_TBL, _W_TR, _W_TC = f"{_W}p", f"{_W}t", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_W_SDT, _W_PSTYLE, _W_VAL = f"{_W}sdt", f"{_W}pStyle", f"{_W}val"
_W_GRID_SPAN, _W_VMERGE, _W_GRID_BEFORE = f"{_W}gridSpan", f"{_W}vMerge", f"{_W}gridBefore"
_W_SDT_CONTENT, _W_CUSTOM_XML = f"{_W}sdtContent", f"{_W}customXml"
# what may wrap a table's rows or a row's cells (a content control, custom XML) and still
# leave them the table's rows and the row's cells
_WRAPPERS = frozenset((_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML))

# What makes a paragraph more than its w:t texts joined: run content other than text.
_RUN_MARKS = tuple(f"{_W}{name}" for name in
                   ("tab", "br", "cr", "lastRenderedPageBreak", "noBreakHyphen", "txbxContent"))
_W_NUMPR, _W_PPR = f"{_W}numPr", f"{_W}pPr"


def wrapped_children(parent: etree._Element, tag: str) -> list:
    """The children of ``parent`` with ``tag``, those a content control (``w:sdt``) or custom
    XML (``w:customXml``) wraps included, in document order: a row-level control holds rows
    of its table, a cell-level one cells of its row."""
    found = []
    for child in parent:
        child_tag = child.tag
        if child_tag == tag:
            found.append(child)
        elif child_tag in _WRAPPERS:
            found.extend(wrapped_children(child, tag))
    return found


def _owner(el: etree._Element, owners: dict) -> list | None:
    """The list of the nearest row (or table) ``el`` belongs to, through wrappers."""
    parent = el.getparent()
    owner = owners.get(parent)
    while owner is None and parent is not None and parent.tag in _WRAPPERS:
        parent = parent.getparent()
        owner = owners.get(parent)
    return owner


def _add_paragraph_ancestors(el: etree._Element, marked: set) -> None:
    """Add every paragraph ``el`` lies in to ``marked``."""
    el = el.getparent()
    while el is not None:
        if el.tag == _W_P:
            marked.add(el)
        el = el.getparent()


def marked_paragraphs(body: etree._Element, style_numbering: dict[str, tuple[str, int]]) -> set:
    """The paragraphs whose text is more than their ``w:t`` texts joined because of what they
    hold or say: a tab, a break, a page mark, a non-breaking hyphen or a text box, or
    properties that give a list (``w:numPr``, or a style with numbering).  A paragraph
    holding another paragraph is one too: :func:`scan_body` adds those, on its pass."""
    marked: set = set()
    for el in body.iter(*_RUN_MARKS, _W_NUMPR):
        if el.tag == _W_NUMPR:
            _mark_by_properties(el, marked)
        else:
            _add_paragraph_ancestors(el, marked)
    if style_numbering:  # a pass of its own: most paragraphs name a style, few a numbered one
        for el in body.iter(_W_PSTYLE):
            if el.get(_W_VAL) in style_numbering:
                _mark_by_properties(el, marked)
    return marked


def _mark_by_properties(el: etree._Element, marked: set) -> None:
    """Add the paragraph whose own properties (``w:p/w:pPr``) hold ``el`` to ``marked``."""
    ppr = el.getparent()
    p = ppr.getparent() if ppr.tag == _W_PPR else None
    if p is not None and p.tag == _W_P:
        marked.add(p)


@dataclass(slots=True)
class TableIndex:
    """The body's tables, rows, cells and cell paragraphs, as the reader walks them."""

    rows: dict  # w:tbl → its w:tr children (through wrappers: :func:`wrapped_children`), in order
    cells: dict  # w:tr → its w:tc children (through wrappers), in order
    paragraphs: dict  # w:tc → its w:p children, in order
    odd_cells: set  # w:tc with a w:tbl or w:sdt child: read element by element
    marked_cells: set  # w:tc that may carry gridSpan/vMerge: their tcPr read element by element
    offset_rows: set  # w:tr that may carry gridBefore


@dataclass(slots=True)
class BodyScan:
    """What one pass over the body finds (:func:`scan_body`)."""

    texts: dict  # paragraph → its w:t texts joined, for every paragraph not marked that has some
    tables: TableIndex


def _is_nested(p: etree._Element, paragraphs: set, free: set) -> bool:
    """Does paragraph ``p`` lie in another paragraph?  ``free``: elements known to lie in
    none (grown here, so each container is climbed once); ``paragraphs``: those seen so far,
    which in document order include every ancestor of ``p``."""
    chain = []
    el = p.getparent()
    while el is not None and el not in free:
        if el in paragraphs:
            return True
        chain.append(el)
        el = el.getparent()
    free.update(chain)
    return False


def scan_body(body: etree._Element, marked: set) -> BodyScan:
    """A few passes over the body's paragraphs, texts and table elements, a tag each.

    Completes ``marked`` (:func:`marked_paragraphs`) with every paragraph that holds another
    one, and gives the text of each other paragraph: such a paragraph holds no other
    paragraph, so its texts are the ``w:t`` whose nearest paragraph it is.

    A pass per tag rather than one over all of them: an element's ``.tag`` builds a new
    string each time (``{namespace}name``), which costs more than lxml walking the whole
    body again in C.  The passes go in an order that has each element's containers seen
    before it, as the document order of a single pass does: tables, content controls,
    rows, cells (a row's cells, a cell's paragraphs), then paragraphs, then texts."""
    paragraphs: set = set()
    free = {body}
    texts: dict[etree._Element, str] = {}
    rows: dict = {}
    cells: dict = {}
    cell_paragraphs: dict = {}
    odd_cells: set = set()
    marked_cells: set = set()
    offset_rows: set = set()
    tables = list(body.iter(_W_TBL))
    controls = list(body.iter(_W_SDT))
    for el in tables:
        rows[el] = []
    # elements known to lie in no paragraph: only a shortcut for _is_nested's climb (an
    # element left out is climbed through), so a table's own control may come after it
    for el in (*tables, *controls):
        if el.getparent() in free:
            free.add(el)
    for tag, owners, own in ((_W_TR, rows, cells), (_W_TC, cells, cell_paragraphs)):
        for el in body.iter(tag):  # listed in its table (row); its own list opened
            parent = el.getparent()
            owner = owners.get(parent)  # _owner's first step, inlined: most parents are it
            if owner is None and parent is not None and parent.tag in _WRAPPERS:
                owner = _owner(parent, owners)
            if owner is not None:
                owner.append(el)
            own[el] = []
            if parent in free:  # so the paragraphs in it need no climb in _is_nested
                free.add(el)
    for el in (*tables, *controls):
        parent = el.getparent()
        if parent in cell_paragraphs:
            odd_cells.add(parent)
    for el in body.iter(_W_P):
        parent = el.getparent()
        if parent not in free and _is_nested(el, paragraphs, free):
            _add_paragraph_ancestors(el, marked)
        paragraphs.add(el)
        owner = cell_paragraphs.get(parent)
        if owner is not None:
            owner.append(el)
    for el in body.iter(_W_T):
        text = el.text
        if text:
            p = el.getparent()
            while p is not None and p not in paragraphs:
                p = p.getparent()
            if p is not None:
                if p in texts:
                    texts[p] += text
                else:
                    texts[p] = text
    for el in body.iter(_W_GRID_SPAN, _W_VMERGE):  # in a w:tcPr
        parent = el.getparent()
        if parent is not None:
            marked_cells.add(parent.getparent())
    for el in body.iter(_W_GRID_BEFORE):  # in a w:trPr
        parent = el.getparent()
        if parent is not None:
            offset_rows.add(parent.getparent())
    for p in marked:
        texts.pop(p, None)
    return BodyScan(texts, TableIndex(rows, cells, cell_paragraphs, odd_cells, marked_cells,
                                      offset_rows))
