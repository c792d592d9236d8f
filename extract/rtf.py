"""Native RTF backend: the token events of :mod:`extract.rtf_tokens` laid out as the neutral
document model, the way the DOCX backend lays out WordprocessingML.

* Paragraphs outside tables become text blocks (empty ones dropped, as in DOCX); a rendered
  list label (``\\listtext``) leads its paragraph, separated by a space.
* Table rows (``\\trowd … \\cellxN … \\cell … \\row``) that follow one another form one
  table; the columns are the union of every row's cell boundaries, so a cell whose left and
  right boundaries skip a boundary of another row spans those columns (``gridSpan``);
  ``\\clmgf``/``\\clmrg`` merge horizontally, ``\\clvmgf``/``\\clvmrg`` vertically.
* A nested table (``\\nestcell``, ``\\nestrow``) is folded into its outer cell one row a line,
  as the DOCX backend does.
* ``\\page`` and ``\\pagebb`` count pages.
* Headers and footers are the document's page furniture (``Document.furniture``, one block a
  paragraph); footnotes are text blocks after the body, in file order.

Whatever the reader cannot follow raises :class:`~extract.rtf_tokens.RtfError`; the caller
(``extract.legacy``) then converts the file through LibreOffice and says why in a warning.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Cell, Document, Table, TextBlock
from extract.rtf_tokens import RtfError, Tokens

TWIPS_PER_POINT = 20
SNAP = 10  # twips: cell boundaries of different rows this close are one column line


@dataclass(slots=True)
class _CellDef:
    right: int  # twips
    merges: frozenset[str]


@dataclass(slots=True)
class _Row:
    cells: list[str]  # text of each \cell, in order
    defs: list[_CellDef]
    left: int
    page: int


@dataclass(slots=True)
class _Layout:
    """Builds blocks and tables from the event stream."""

    page: int = 1
    order: int = 0
    blocks: list[TextBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    para: list[str] = field(default_factory=list)  # text of the paragraph being read
    label: list[str] = field(default_factory=list)  # its rendered list label
    cell: list[str] = field(default_factory=list)  # paragraphs of the cell being read
    row_cells: list[str] = field(default_factory=list)
    row_page: int | None = None
    defs: list[_CellDef] = field(default_factory=list)
    pending_merges: set[str] = field(default_factory=set)
    left: int = 0
    rows: list[_Row] = field(default_factory=list)  # rows of the table being read
    nested_cell: list[str] = field(default_factory=list)
    nested_row: list[str] = field(default_factory=list)
    asides: list[tuple[str, str]] = field(default_factory=list)  # (kind, paragraph) of headers, footers, footnotes
    aside_text: list[str] = field(default_factory=list)  # the aside paragraph being read

    def paragraph(self) -> str:
        """The paragraph read so far, with its label, and start a new one."""
        text, label = "".join(self.para), "".join(self.label).strip()
        self.para, self.label = [], []
        if label:
            return f"{label} {text}" if text.strip() else label
        return text

    def end_paragraph(self, depth: int) -> None:
        """``\\par``: the paragraph goes to a body block, a cell, or a nested cell."""
        if depth >= 2:
            self.nested_cell.append(self.paragraph())
        elif depth == 1:
            self.open_row()
            self.cell.append(self.paragraph())
        else:
            text = self.paragraph()
            self.close_table()
            if text.strip():
                self.blocks.append(TextBlock(text=text, page=self.page, order=self.order))
                self.order += 1

    def open_row(self) -> None:
        """Note the page a row starts on, at its first content."""
        if self.row_page is None:
            self.row_page = self.page

    def end_cell(self) -> None:
        self.open_row()
        self.cell.append(self.paragraph())
        self.row_cells.append("\n".join(self.cell).strip("\n"))
        self.cell = []

    def end_row(self) -> None:
        if "".join(self.para).strip():
            raise RtfError("text between a row's last cell and its end")
        self.para, self.label = [], []
        if len(self.row_cells) > len(self.defs):
            raise RtfError(f"a table row with {len(self.row_cells)} cells but {len(self.defs)} cell boundaries")
        self.open_row()
        self.rows.append(_Row(self.row_cells, list(self.defs), self.left, self.row_page))
        self.row_cells, self.row_page = [], None

    def end_nested_cell(self) -> None:
        self.nested_cell.append(self.paragraph())
        self.nested_row.append("\n".join(self.nested_cell).strip("\n"))
        self.nested_cell = []

    def end_nested_row(self) -> None:
        self.cell.append(" ".join(c for c in self.nested_row if c.strip()))
        self.nested_row = []

    def close_table(self) -> None:
        """The rows read so far become one table."""
        if self.row_cells or self.cell:
            raise RtfError("a table row without its \\row")
        if self.rows:
            self.tables.append(_table(self.rows, self.order))
            self.order += 1
            self.rows = []


def _column_lines(rows: list[_Row]) -> list[int]:
    """Every row's cell boundaries, close ones snapped together, sorted."""
    lines: list[int] = []
    for row in rows:
        for x in [row.left] + [d.right for d in row.defs]:
            if not any(abs(x - seen) <= SNAP for seen in lines):
                lines.append(x)
    return sorted(lines)


def _table(rows: list[_Row], order: int) -> Table:
    """Rows with their cell definitions as a grid of cells with spans."""
    lines = _column_lines(rows)

    def column(x: int) -> int:
        return min(range(len(lines)), key=lambda i: abs(lines[i] - x))

    anchors: list[dict] = []
    open_by_col: dict[int, dict] = {}  # grid column → the vertically merged cell still open
    for r, row in enumerate(rows):
        left = row.left
        previous: dict | None = None
        for text, d in zip(row.cells, row.defs):
            col, right = column(left), column(d.right)
            left = d.right
            span = max(right - col, 1)
            if "clmrg" in d.merges and previous is not None:  # joins the cell on its left
                previous["col_span"] = right - previous["col"]
                if text.strip():
                    previous["text"] = f"{previous['text']}\n{text}".strip("\n")
                continue
            if "clvmrg" in d.merges and col in open_by_col:
                above = open_by_col[col]
                above["row_span"] = r - above["row"] + 1
                if text.strip():  # a continuation should be empty; keep what it has
                    above["text"] = f"{above['text']}\n{text}".strip("\n")
                previous = None
                continue
            cell = {"text": text, "row": r, "col": col, "row_span": 1, "col_span": span, "page": row.page}
            anchors.append(cell)
            for c in range(col, col + span):
                open_by_col.pop(c, None)
            if "clvmgf" in d.merges:
                open_by_col[col] = cell
            previous = cell
    cells = [Cell(**a) for a in anchors]
    first = lines[0] if lines else 0
    return Table(cells=cells, n_rows=len(rows), n_cols=max(len(lines) - 1, 0), order=order,
                 page=cells[0].page if cells else rows[0].page, method="rtf",
                 col_lines=tuple((x - first) / TWIPS_PER_POINT for x in lines))


def _aside(layout: _Layout, kind: str, event: tuple) -> None:
    """An event inside a header, footer or footnote: text gathers, any break ends a paragraph."""
    if event[0] in ("text", "label"):
        layout.aside_text.append(event[1])
    elif event[0] in ("par", "sect", "cell", "row", "nestcell", "nestrow", "page"):
        end_aside(layout, kind)


def end_aside(layout: _Layout, kind: str) -> None:
    """The aside paragraph read so far, if it has text, and start a new one."""
    text, layout.aside_text = "".join(layout.aside_text), []
    if text.strip():
        layout.asides.append((kind, text))


def _place_asides(layout: _Layout) -> list[TextBlock]:
    """Footnotes become blocks after the body; headers and footers are returned as furniture."""
    furniture = []
    for kind, text in layout.asides:
        if kind == "footnote":
            layout.blocks.append(TextBlock(text=text, page=layout.page, order=layout.order))
            layout.order += 1
        else:
            furniture.append(TextBlock(text=text, page=1, order=len(furniture)))
    return furniture


def read_rtf(data: bytes, source: str) -> Document:
    """An RTF file's bytes as a :class:`Document`; raises :class:`RtfError` on what it cannot follow."""
    tokens = Tokens(data)
    layout = _Layout()
    aside = ""
    for event in tokens.events():
        kind = event[0]
        if kind == "aside" or aside:  # leaving an aside ends its paragraph
            if aside and (kind != "aside" or event[1] != aside):
                end_aside(layout, aside)
            aside = event[1] if kind == "aside" else ""
            if aside:
                _aside(layout, aside, event[2])
                continue
        if kind == "text":
            layout.para.append(event[1])
        elif kind == "label":
            layout.label.append(event[1])
        elif kind == "par" or kind == "sect":
            if kind == "par" or "".join(layout.para).strip():
                layout.end_paragraph(tokens.depth)
        elif kind == "cell":
            if tokens.depth >= 2:
                raise RtfError("\\cell inside a nested table")
            layout.end_cell()
        elif kind == "row":
            layout.end_row()
        elif kind == "nestcell":
            layout.end_nested_cell()
        elif kind == "nestrow":
            layout.end_nested_row()
        elif kind == "trowd":  # Word repeats the definition before \\row: the last one holds
            layout.defs, layout.left, layout.pending_merges = [], 0, set()
            if not layout.row_cells and not layout.cell:
                layout.open_row()
        elif kind == "trleft":
            layout.left = event[1]
        elif kind == "merge":
            layout.pending_merges.add(event[1])
        elif kind == "cellx":
            layout.defs.append(_CellDef(event[1], frozenset(layout.pending_merges)))
            layout.pending_merges = set()
        elif kind == "page":
            layout.page += 1
            if not layout.row_cells and not layout.cell and not "".join(layout.para).strip():
                layout.row_page = None if layout.row_page is None else layout.page  # the row starts there
    if "".join(layout.para).strip() or layout.label:
        layout.end_paragraph(tokens.depth)
    if aside:
        end_aside(layout, aside)
    layout.close_table()
    furniture = _place_asides(layout)
    if layout.nested_cell or layout.nested_row:
        raise RtfError("a nested table without its \\nestrow")
    if not any(b.text.strip() for b in layout.blocks) and not any(
            c.text.strip() for t in layout.tables for c in t.cells):
        raise RtfError("no text found")
    warnings = [f"the RTF ends inside {tokens.open_groups} open group(s): the file may be cut short"
                ] if tokens.open_groups > 0 else []
    return Document(source=source, format="rtf", pages=max(tokens.pages, layout.page),
                    blocks=layout.blocks, tables=layout.tables, warnings=warnings, furniture=furniture)
