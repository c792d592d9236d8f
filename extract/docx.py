"""DOCX backend: the package read with lxml (python-docx for unusual ones), the body walked as XML.

* Paragraphs outside tables become :class:`TextBlock` s, tables become :class:`Table` s, in
  body order (``order``).
* Merged cells are kept as spans: ``w:gridSpan`` widens a cell, ``w:vMerge`` continuation
  cells extend the cell above instead of repeating its text.
* Word automatic numbering (``w:numPr``, directly or through the paragraph style) is
  rendered into the text the way Word shows it ("1.", "2.", "1.1."), with counters kept per
  list across the whole document, so an auto-numbered № column still yields its numbers.
* Consecutive tables are reported as they are (stitching is ``normalize``'s job).
* Text boxes become text blocks; a nested table's text is folded into its outer cell.
* Headers and footers (and comments) are page furniture, footnotes and endnotes text blocks
  after the body (``extract.docx_asides``).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from extract.docx_asides import AsideText, read_asides
from extract.docx_attributes import MOST_COLUMNS, MOST_LEVEL, int_attribute
from extract.docx_index import TableIndex, marked_paragraphs, scan_body, wrapped_children
from extract.docx_package import ASIDE_KINDS, ByBytes, DocxParts, open_parts, parse_aside, parts_of
from extract.docx_numbering import _Level  # noqa: F401 - re-exported for the tests
from extract.docx_numbering import (NumberingState, attr, first_child, first_of, numbering_of,
                                    read_numbering, style_numbering, style_numbering_of)
from extract.errors import CorruptFileError, EmptyFileError
from extract.model import Document, Table, TextBlock, new_cell, new_text_block
from extract.sniff import take_verified

_W_P = qn("w:p")
_W_TBL = qn("w:tbl")
_W_TR = qn("w:tr")
_W_TC = qn("w:tc")
_W_SDT = qn("w:sdt")
_W_VAL = qn("w:val")
_W_T = qn("w:t")
_W_TAB = qn("w:tab")
_W_TABS = qn("w:tabs")
_W_BR = qn("w:br")
_W_CR = qn("w:cr")
_W_TYPE = qn("w:type")
_W_PAGE_BREAK = qn("w:lastRenderedPageBreak")
_W_NB_HYPHEN = qn("w:noBreakHyphen")
_W_TEXT_BOX = qn("w:txbxContent")
_W_PPR = qn("w:pPr")
_W_NUMPR = qn("w:numPr")
_W_NUMID = qn("w:numId")
_W_ILVL = qn("w:ilvl")
_W_PSTYLE = qn("w:pStyle")
_W_TRPR = qn("w:trPr")
_W_TCPR = qn("w:tcPr")
_W_GRID_BEFORE = qn("w:gridBefore")
_W_GRID_SPAN = qn("w:gridSpan")
_W_VMERGE = qn("w:vMerge")
_W_SDT_CONTENT = qn("w:sdtContent")
_W_TBL_GRID = qn("w:tblGrid")
_W_GRID_COL = qn("w:gridCol")
_W_W = qn("w:w")
_NUMBERING_PROPERTIES = (_W_NUMPR, _W_PSTYLE)  # what a paragraph's w:pPr says of its list
_NUMBERING_REFERENCE = (_W_NUMID, _W_ILVL)
# the elements of a paragraph that give its text or count its pages, in document order
_RUN_TAGS = (_W_T, _W_TAB, _W_BR, _W_CR, _W_PAGE_BREAK, _W_NB_HYPHEN, _W_TEXT_BOX)


_read_numbering, _style_numbering = read_numbering, style_numbering  # the names tests use

# --- numbering (python-docx's parts) ---------------------------------------------


def _numbering_element(document: docx.document.Document) -> etree._Element | None:
    """numbering.xml of a package python-docx opened, if any."""
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _styles_element(document: docx.document.Document) -> etree._Element | None:
    """styles.xml of a package python-docx opened, if it can give one."""
    try:
        return document.styles.element
    except (KeyError, AttributeError):
        return None


# --- text ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Walker:
    """Walks the body once, rendering paragraphs with their list labels and page counts."""

    numbering: NumberingState
    style_numbering: dict[str, tuple[str, int]]
    marked: set  # marked_paragraphs: read element by element
    texts: dict  # scan_body: the text of every other paragraph that has some
    page: int = 1
    breaks_seen: int = 0
    tables: TableIndex | None = None  # the body's tables indexed (None: walk each element)
    # what was wrong in the numbers read on the walk (docx_attributes.int_attribute)
    warnings: list[str] = field(default_factory=list)

    def paragraph_text(self, p: etree._Element) -> str:
        """A paragraph as Word shows it: list label, then runs (tabs, breaks as spaces/\\n)."""
        if p in self.texts:
            return self.texts[p]
        return self.marked_paragraph_text(p) if p in self.marked else ""

    def marked_paragraph_text(self, p: etree._Element) -> str:
        """:meth:`paragraph_text` of any paragraph, element by element."""
        parts: list[str] = []
        label = self._list_label(p)
        in_boxes: set = set()  # what text boxes hold: read separately, as blocks of their own
        for el in p.iter(*_RUN_TAGS):
            if in_boxes and el in in_boxes:
                continue
            tag = el.tag
            if tag == _W_T:
                parts.append(el.text or "")
            elif tag == _W_TAB:
                if el.getparent().tag != _W_TABS:  # w:pPr/w:tabs/w:tab defines a tab stop, prints nothing
                    parts.append("\t")
            elif tag == _W_BR or tag == _W_CR:
                if el.get(_W_TYPE) == "page":
                    self.page += 1
                else:
                    parts.append("\n")
            elif tag == _W_PAGE_BREAK:
                self.page += 1
            elif tag == _W_NB_HYPHEN:
                parts.append("-")
            elif tag == _W_TEXT_BOX:  # skip the box, read on after it
                in_boxes.update(el.iter(*_RUN_TAGS))
        text = "".join(parts)
        if label:  # Word separates the label from the text by a tab; a space reads the same
            return f"{label} {text}" if text.strip() else label
        return text

    def _list_label(self, p: etree._Element) -> str:
        # first_child / first_of instead of find: ElementPath's set-up costs more than the
        # few children a paragraph's properties have
        ppr = first_child(p, _W_PPR)
        if ppr is None:
            return ""
        num_pr, style = first_of(ppr, _NUMBERING_PROPERTIES)
        style_id = None if style is None else style.get(_W_VAL)
        style_num = self.style_numbering.get(style_id) if style_id else None
        if num_pr is not None:
            num_id_el, ilvl_el = first_of(num_pr, _NUMBERING_REFERENCE)
            num_id = attr(num_id_el)
            ilvl = int_attribute(ilvl_el, _W_VAL, 0, 0, MOST_LEVEL, self.warnings)
            if num_id is None:  # level only: the style gives the list
                num_id = style_num[0] if style_num else None
            if num_id and num_id != "0":
                return self.numbering.render(num_id, ilvl)
            return ""
        if style_num:
            return self.numbering.render(*style_num)
        return ""

    def _style_num(self, ppr: etree._Element) -> tuple[str, int] | None:
        style_id = attr(ppr.find(_W_PSTYLE))
        return self.style_numbering.get(style_id) if style_id else None

    def cell_text(self, tc: etree._Element) -> str:
        """All paragraphs of a cell, one per line; a nested table's rows folded in."""
        return self.cell(tc)[0]

    def cell(self, tc: etree._Element) -> tuple[str, etree._Element | None]:
        """:meth:`cell_text` and the cell's first ``w:tcPr``, from one pass over its children."""
        texts, marked = self.texts, self.marked
        text = tcpr = None
        for child in tc:
            tag = child.tag
            if tag == _W_P:  # paragraph_text, inlined: a table has hundreds of them
                if child in texts:
                    line = texts[child]
                else:
                    line = self.marked_paragraph_text(child) if child in marked else ""
            elif tag == _W_TCPR:
                if tcpr is None:
                    tcpr = child
                continue
            elif tag == _W_TBL or tag == _W_SDT:
                lines: list[str] = []
                self._add_lines(child, lines)
                if not lines:
                    continue
                line = "\n".join(lines)
            else:
                continue
            text = line if text is None else f"{text}\n{line}"
        return ("" if text is None else text.strip("\n")), tcpr

    def paragraphs_text(self, paragraphs: list) -> str:
        """:meth:`cell_text` of a cell whose children that give text are these paragraphs."""
        texts, marked = self.texts, self.marked
        if len(paragraphs) == 1:  # most cells
            p = paragraphs[0]
            if p in texts:
                return texts[p].strip("\n")
            return self.marked_paragraph_text(p).strip("\n") if p in marked else ""
        lines = [texts[p] if p in texts else self.marked_paragraph_text(p) if p in marked else ""
                 for p in paragraphs]
        return "\n".join(lines).strip("\n")

    def _add_lines(self, block: etree._Element, lines: list[str]) -> None:
        """The lines a nested table (one a row) or a content control gives a cell."""
        if block.tag == _W_TBL:
            for tr in wrapped_children(block, _W_TR):
                cells = [self.cell_text(c) for c in wrapped_children(tr, _W_TC)]
                lines.append(" ".join(c for c in cells if c.strip()))
            return
        content = first_child(block, _W_SDT_CONTENT)
        for child in () if content is None else content:
            tag = child.tag
            if tag == _W_P:
                lines.append(self.paragraph_text(child))
            elif tag == _W_TBL or tag == _W_SDT:
                self._add_lines(child, lines)


class _EveryParagraph:
    """A ``marked`` set holding every paragraph: each is read element by element."""

    def __contains__(self, p: object) -> bool:
        return True


def _block_children(parent: etree._Element):
    """Paragraphs and tables of a body or cell, looking through content controls."""
    for child in parent:
        tag = child.tag
        if tag == _W_SDT:
            content = first_child(child, _W_SDT_CONTENT)
            if content is not None:
                yield from _block_children(content)
        elif tag == _W_P or tag == _W_TBL:
            yield child


# --- tables ----------------------------------------------------------------------------


def _grid_before(tr: etree._Element, warnings: list[str] | None = None) -> int:
    """The grid columns a row skips before its first cell (``w:trPr/w:gridBefore``); what is
    wrong in the number is added to ``warnings``."""
    trpr = first_child(tr, _W_TRPR)
    if trpr is None:
        return 0
    return int_attribute(first_child(trpr, _W_GRID_BEFORE), _W_VAL, 0, 0, MOST_COLUMNS, warnings)


def _merge_marks(tcpr: etree._Element | None,
                 warnings: list[str] | None = None) -> tuple[int, str | None]:
    """A cell's ``w:gridSpan`` (1 without) and ``w:vMerge`` (None without) from its first
    ``w:tcPr``: the first mark of each kind counts; what is wrong in the span's number is
    added to ``warnings``."""
    span, vmerge = 1, None
    if tcpr is not None:
        span_el = vmerge_el = None
        for mark in tcpr:
            tag = mark.tag
            if tag == _W_GRID_SPAN:
                if span_el is None:
                    span_el = mark
            elif tag == _W_VMERGE:
                if vmerge_el is None:
                    vmerge_el = mark
        if span_el is not None:
            span = int_attribute(span_el, _W_VAL, 1, 1, MOST_COLUMNS, warnings)
        if vmerge_el is not None:
            vmerge = vmerge_el.get(_W_VAL) or "continue"
    return span, vmerge


def _read_table(tbl: etree._Element, walker: _Walker, order: int) -> Table:
    """One ``w:tbl`` as a grid of cells with spans (vMerge continuations extend the cell above).

    With the walker's :class:`TableIndex`, rows, cells and their paragraphs come from it and
    only the cells and rows it flags are read element by element."""
    index, texts, warnings = walker.tables, walker.texts, walker.warnings
    rows = None if index is None else index.rows.get(tbl)
    if rows is None:
        index, rows = None, wrapped_children(tbl, _W_TR)
    # each cell as [text, row, col, row_span, col_span, page], Cell's field order
    anchors: list[list] = []
    open_by_col: dict[int, list] = {}  # grid column → the vertically merged cell still open
    n_cols = 0
    row_idx = -1
    for tr in rows:
        row_idx += 1
        if index is None:
            col = _grid_before(tr, warnings)
            tcs = wrapped_children(tr, _W_TC)
        else:
            col = _grid_before(tr, warnings) if tr in index.offset_rows else 0
            tcs = index.cells[tr]
        page = walker.page
        for tc in tcs:
            if index is None or tc in index.odd_cells:
                text, tcpr = walker.cell(tc)
                span, vmerge = _merge_marks(tcpr, warnings)
            else:
                paragraphs = index.paragraphs[tc]
                if len(paragraphs) == 1 and paragraphs[0] in texts:  # most cells
                    text = texts[paragraphs[0]].strip("\n")
                else:
                    text = walker.paragraphs_text(paragraphs)
                span, vmerge = (_merge_marks(first_child(tc, _W_TCPR), warnings)
                                if tc in index.marked_cells else (1, None))
            if vmerge == "continue" and col in open_by_col:
                above = open_by_col[col]
                above[3] = row_idx - above[1] + 1
                if text.strip():  # a continuation should be empty; keep what it has
                    above[0] = f"{above[0]}\n{text}".strip("\n")
            else:
                cell = [text, row_idx, col, 1, span, page]
                anchors.append(cell)
                if open_by_col:
                    for c in range(col, col + span):
                        open_by_col.pop(c, None)
                if vmerge == "restart":
                    open_by_col[col] = cell
            if vmerge is None and open_by_col:
                for c in range(col, col + span):
                    open_by_col.pop(c, None)
            col += span
        if col > n_cols:
            n_cols = col
    cells = [new_cell(*a) for a in anchors]
    first_page = cells[0].page if cells else walker.page
    return Table(cells=cells, n_rows=row_idx + 1, n_cols=n_cols, order=order, page=first_page,
                 method="docx", col_lines=_grid_lines(tbl, n_cols, warnings))


_MOST_POINTS = 1e6  # a grid column wider than this (≈ 350 m) is no width Word wrote


def _grid_lines(tbl: etree._Element, n_cols: int,
                warnings: list[str] | None = None) -> tuple[float, ...] | None:
    """Column boundaries in points from ``w:tblGrid`` (twentieths of a point), None if the
    grid is missing or does not match the rows.  A width that is no length (not a number,
    NaN, infinite, negative, beyond any page) makes the grid ignored too, and is added to
    ``warnings`` (once per distinct message): the text is all kept, only the geometry that
    joins a table continued on the next page is lost."""
    grid = tbl.find(_W_TBL_GRID)
    if grid is None:
        return None
    widths = []
    for col in grid.iterchildren(_W_GRID_COL):
        value = col.get(_W_W)
        try:
            width = float(value) / 20 if value else 0.0
        except ValueError:
            width = None
        if width is None or not 0.0 <= width < _MOST_POINTS:  # float() reads 'nan', 'inf', '1e400', '-5'
            if warnings is not None:
                shown = value if len(value) <= 24 else f"{value[:24]}…"
                message = (f"w:gridCol w:w={shown!r} is no column width: the table's column "
                           "positions are not known (its text is kept)")
                if message not in warnings:
                    warnings.append(message)
            return None
        widths.append(width)
    if len(widths) != n_cols or not any(widths):
        return None
    lines = [0.0]
    for w in widths:
        lines.append(lines[-1] + w)
    return tuple(lines)


# --- document --------------------------------------------------------------------------


def _app_xml(document: docx.document.Document) -> bytes | None:
    """docProps/app.xml of a package python-docx opened, if any."""
    part = next((p for p in document.part.package.iter_parts()
                 if p.partname == "/docProps/app.xml"), None)
    return None if part is None else part.blob


def _app_pages(app_xml: bytes | None) -> int | None:
    """The page count Word/LibreOffice stored in docProps/app.xml, if any."""
    if app_xml is None:
        return None
    try:
        root = etree.fromstring(app_xml)
    except etree.XMLSyntaxError:
        return None
    for el in root.iter("{*}Pages"):  # any namespace or none; a tag ending "}Pages" has one
        # isdecimal, not isdigit: "²" is a digit int() refuses (a ValueError out of the reader)
        if el.tag[0] == "{" and (el.text or "").isdecimal():
            return int(el.text)
    return None


_remembered_pages = ByBytes(_app_pages, entries=4)  # app.xml repeats across a template's copies


def _parts_by_python_docx(path: Path, data: bytes | None) -> DocxParts:
    """The reader's parts of a package only python-docx opens (or the reason it cannot)."""
    try:
        document = docx.Document(io.BytesIO(data) if data is not None else str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise CorruptFileError(str(path), f"not a readable DOCX package ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(str(path), f"DOCX with broken XML ({exc})") from exc
    except Exception as exc:  # python-docx fails in many ways on a malformed package
        raise CorruptFileError(str(path), f"malformed DOCX package ({type(exc).__name__}: "
                                          f"{exc})") from exc
    asides = [parse_aside(ASIDE_KINDS[rel.reltype], rel_id, str(rel.target_part.partname),
                          rel.target_part.blob)
              for rel_id, rel in document.part.rels.items()
              if not rel.is_external and rel.reltype in ASIDE_KINDS]
    return DocxParts(body=document.element.body, numbering=_numbering_element(document),
                     styles=_styles_element(document), app_xml=_app_xml(document), asides=asides)


def _package_parts(path: Path, data: bytes | None) -> DocxParts | None:
    """The reader's parts from the members the sniffer inflated and checked for these very
    bytes, else read from the zip (None: a package of unusual shape, see docx_package)."""
    verified = take_verified(data)
    if verified is None:
        return open_parts(io.BytesIO(data) if data is not None else str(path))
    archive: list[zipfile.ZipFile] = []

    def read(name: str) -> bytes:
        if name in verified.parts:
            return verified.parts[name]
        if not archive:  # a part the sniffer did not keep (past its size bound)
            archive.append(zipfile.ZipFile(io.BytesIO(data)))
        return archive[0].read(name)

    return parts_of(verified.names, read)


def forget_templates() -> None:
    """Drop what the reader remembers of the packages it has seen (members inflated, parts
    parsed, lists read): the next document is read as the first one is."""
    from extract import docx_numbering, docx_package, zip_members

    zip_members._inflated_before.clear()
    for memo in (*docx_package.REMEMBERED, _remembered_pages):
        memo.before.clear()
    docx_numbering._numbering_before.clear()
    docx_numbering._styles_before.clear()


def read_docx(path: str | Path, data: bytes | None = None) -> Document:
    """Read a DOCX file (from ``data``, its bytes, when given) into the neutral document model:
    the parts read directly (``extract.docx_package``), python-docx opening the unusual ones."""
    path = Path(path)
    parts = _package_parts(path, data)
    if parts is None:
        parts = _parts_by_python_docx(path, data)
    read_warnings: list[str] = []  # numbers the parts hold that make no sense (int_attribute)
    styled = style_numbering_of(parts.styles, read_warnings)
    body = parts.body
    marked = marked_paragraphs(body, styled)
    numbering = numbering_of(parts.numbering)
    scan = scan_body(body, marked)
    read_warnings.extend(numbering.warnings)
    walker = _Walker(numbering, styled, marked, scan.texts, tables=scan.tables,
                     warnings=read_warnings)
    blocks: list[TextBlock] = []
    tables: list[Table] = []
    order = 0
    for child in _block_children(body):
        if child.tag == _W_P:
            text = walker.paragraph_text(child)
            if text.strip():
                blocks.append(new_text_block(text, walker.page, order))
                order += 1
            if child not in marked:  # a paragraph with a text box is marked
                continue
            for box in child.iter(_W_TEXT_BOX):
                box_text = "\n".join(walker.paragraph_text(p) for p in box.iter(_W_P)).strip()
                if box_text:
                    blocks.append(TextBlock(text=box_text, page=walker.page, order=order))
                    order += 1
        else:
            tables.append(_read_table(child, walker, order))
            order += 1
    if not blocks and not any(c.text.strip() for t in tables for c in t.cells):
        raise EmptyFileError(str(path), "the DOCX has no text and no table content")
    # the stories beside the body keep lists of their own (counters start afresh)
    aside_walker = _Walker(NumberingState(numbering.levels, numbering.starts), styled,
                           _EveryParagraph(), {}, warnings=read_warnings)
    asides = read_asides(body, parts.asides, aside_walker) if parts.asides else AsideText()
    for text in asides.notes:
        blocks.append(new_text_block(text, walker.page, order))
        order += 1
    stored = None if parts.app_xml is None else _remembered_pages(parts.app_xml)
    pages = max(stored or 0, walker.page)
    return Document(source=str(path), format="docx", pages=pages, blocks=blocks, tables=tables,
                    warnings=[*asides.warnings, *dict.fromkeys(read_warnings)],
                    furniture=[TextBlock(text=t, page=1, order=i) for i, t in enumerate(asides.furniture)])
