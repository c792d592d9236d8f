"""Rebuild the five seed orders as sample DOCX and PDF files.

Each seed ``samples/source/seeds/NNN_<hash>.txt`` gives the order's own text (the
preamble: header, title, body, signature, appendix header, caption); the gold
``samples/source/gold/NNN_<hash>.jsonl`` gives the roadmap table row by row.  The layout of
every sample (page orientation, header rows, numbering, borders, cuts …) is configured in
``samples/layouts.toml``.  Output: ``samples/NNN_<hash>.docx`` (python-docx) and
``samples/NNN_<hash>.pdf`` (LibreOffice headless, from the same DOCX or from the variant
given by the seed's ``pdf`` table).

Usage::

    python samples/build_samples.py            # everything
    python samples/build_samples.py --only 003 # one seed
    python samples/build_samples.py --no-pdf   # DOCX only (no LibreOffice needed)

The output is deterministic: fixed core properties and zip timestamps in the DOCX, fixed
dates and IDs in the PDF.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_PARAGRAPH_ALIGNMENT, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "source" / "seeds"
GOLD = HERE / "source" / "gold"
LAYOUTS = HERE / "layouts.toml"

A4 = (Cm(21.0), Cm(29.7))
MARGINS = {  # top, right, bottom, left in cm (ГОСТ Р 7.0.97: left 3, right 1.5, top/bottom 2)
    "portrait": (2.0, 1.5, 2.0, 3.0),
    "landscape": (2.0, 1.5, 1.5, 2.0),
}
ALIGN = {
    "left": WD_PARAGRAPH_ALIGNMENT.LEFT,
    "center": WD_PARAGRAPH_ALIGNMENT.CENTER,
    "right": WD_PARAGRAPH_ALIGNMENT.RIGHT,
    "justify": WD_PARAGRAPH_ALIGNMENT.JUSTIFY,
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
ITEM_START = re.compile(r"^\d+(\.\d+)*[.)]?\s")


class BuildError(RuntimeError):
    """The samples cannot be built (missing tool, inconsistent config or data)."""


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Seed:
    """One seed order: its files and gold data."""

    key: str
    stem: str
    text: str
    doc: dict[str, Any]
    rows: list[dict[str, Any]]


def load_layouts(path: Path = LAYOUTS) -> dict[str, dict[str, Any]]:
    """The per-seed layout tables of layouts.toml, keyed by seed number."""
    with path.open("rb") as fh:
        return tomllib.load(fh)["seed"]


def load_seed(key: str) -> Seed:
    """Seed text and gold data for seed number ``key`` ("000")."""
    matches = sorted(GOLD.glob(f"{key}_*.jsonl"))
    if len(matches) != 1:
        raise BuildError(f"expected one gold file for seed {key}, found {len(matches)}")
    stem = matches[0].name.removesuffix(".jsonl")
    rows = [json.loads(line) for line in matches[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    doc = json.loads((GOLD / f"{stem}.doc.json").read_text(encoding="utf-8"))
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    if doc["n_activities"] != len(rows):
        raise BuildError(f"{stem}: n_activities {doc['n_activities']} != {len(rows)} rows")
    return Seed(key, stem, text, doc, rows)


def fold(text: str) -> str:
    """Whitespace runs folded to one space, ends stripped."""
    return " ".join(text.split())


# ----------------------------------------------------------------------------- preamble


@dataclass
class Para:
    """A preamble paragraph (``rows`` set when it becomes a small table)."""

    text: str
    raw: str = ""
    rows: list[list[str]] = field(default_factory=list)
    block: dict[str, Any] | None = None


def clean_line(line: str) -> str:
    """A seed line without conversion debris (markdown, HTML, tabs); inner runs of spaces kept."""
    s = re.sub(r"<[^>]+>", " ", line)
    s = s.replace("**", "")
    s = re.sub(r"^\s*#{1,6}\s+", "", s)
    s = re.sub(r"^\s*\*(?!\*)(.+?)\*\s*$", r"\1", s)
    s = re.sub(r"^\s*[-*]\s+(?=\d+\))", "", s)
    s = s.replace("\t", "    ").replace("\xa0", " ")
    return s.strip()


def preamble_lines(text: str, end: str) -> list[str]:
    """Cleaned non-empty seed lines before the first line matching ``end``."""
    out: list[str] = []
    pattern = re.compile(end)
    for line in text.splitlines():
        cleaned = clean_line(line)
        if pattern.search(cleaned):
            return out
        if cleaned:
            out.append(cleaned)
    raise BuildError(f"preamble end {end!r} not found in seed")


def group_paragraphs(lines: list[str], cfg: dict[str, Any]) -> list[str]:
    """Lines grouped into paragraphs per the seed's preamble mode."""
    starts = [re.compile(p) for p in cfg.get("starts", [])]
    continues = [re.compile(p) for p in cfg.get("continues", [])]
    wrapped = cfg.get("mode", "lines") == "wrapped"
    paras: list[str] = []
    for line in lines:
        is_start = ITEM_START.match(line) or any(p.search(line) for p in starts)
        joins = any(p.search(line) for p in continues) or (wrapped and not is_start)
        if paras and joins:
            paras[-1] = paras[-1] + " " + line
        else:
            paras.append(line)
    return paras


def build_preamble(seed: Seed, layout: dict[str, Any]) -> list[Para]:
    """The seed's preamble as paragraphs, blocks (signature/approval) resolved into rows."""
    pcfg = layout["preamble"]
    raws = group_paragraphs(preamble_lines(seed.text, pcfg["end"]), pcfg)
    out: list[Para] = []
    i = 0
    blocks = layout.get("blocks", [])
    while i < len(raws):
        raw = raws[i]
        block = next((b for b in blocks if re.search(b["match"], raw)), None)
        if block is None:
            out.append(Para(fold(raw), raw))
            i += 1
        elif block["kind"] == "split":
            parts = [fold(p) for p in re.split(r"\s{2,}", raw) if p.strip()]
            if len(parts) != 2:
                raise BuildError(f"{seed.stem}: cannot split signature line {raw!r}")
            out.append(Para(" ".join(parts), raw, [parts], block))
            i += 1
        elif block["kind"] == "tab":
            parts = [fold(p) for p in re.split(r"\s{2,}", raw) if p.strip()]
            out.append(Para("\t".join(parts), raw, [], block))
            i += 1
        elif block["kind"] == "pairs":
            n = int(block["lines"])
            chunk = [fold(r) for r in raws[i:i + n]]
            rows = [chunk[j:j + 2] for j in range(0, n, 2)]
            out.append(Para(" ".join(chunk), raw, rows, block))
            i += n
        else:
            raise BuildError(f"unknown block kind {block['kind']!r}")
    return out


# ----------------------------------------------------------------------------- document setup


def set_run_fonts(rpr: Any, font: str) -> None:
    """Explicit fonts for every script on an rPr element (theme fonts removed)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), font)


def setup_document(layout: dict[str, Any], seed: Seed) -> docx.document.Document:
    """A new document with the seed's font, sizes, first section and fixed properties."""
    document = docx.Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(layout.get("size", 12))
    set_run_fonts(normal.element.get_or_add_rPr(), layout["font"])
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            set_run_fonts(rpr, layout["font"])
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    table_style = styles.add_style("Roadmap Cell", WD_STYLE_TYPE.PARAGRAPH)
    table_style.base_style = normal
    table_style.font.size = Pt(layout["table"].get("font_size", 10))
    table_style.paragraph_format.space_before = Pt(0)
    table_style.paragraph_format.space_after = Pt(0)
    table_style.paragraph_format.first_line_indent = Cm(0)

    if layout.get("hyphenation"):
        enable_hyphenation(document, layout.get("language", "ru-RU"))
        table_style.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.JUSTIFY

    section = document.sections[0]
    set_orientation(section, layout.get("orientation", "portrait"))
    if layout.get("page_numbers"):
        add_page_number(section)

    props = document.core_properties
    order_date = seed.doc.get("order_date") or "2021-01-01"
    stamp = dt.datetime.fromisoformat(order_date + "T09:00:00")
    props.author = ""
    props.last_modified_by = ""
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.title = ""
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    return document


def enable_hyphenation(document: Any, language: str) -> None:
    """Automatic hyphenation on, and the text's language set so it can hyphenate."""
    document.settings.element.append(OxmlElement("w:autoHyphenation"))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def set_orientation(section: Any, orientation: str) -> None:
    """Page size, orientation and margins of a section."""
    width, height = A4
    if orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
    top, right, bottom, left = MARGINS[orientation]
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def text_width(section: Any) -> int:
    """Usable text width of a section in EMU."""
    return section.page_width - section.left_margin - section.right_margin


def add_page_number(section: Any) -> None:
    """A centred PAGE field in the section's header."""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    fld = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="20"/></w:rPr>'
        "<w:t>1</w:t></w:r></w:fldSimple>"
    )
    paragraph._p.append(fld)


def style_paragraph(paragraph: Any, rule: dict[str, Any] | None) -> None:
    """Alignment, indents, spacing and run format of a preamble paragraph."""
    rule = rule or {}
    fmt = paragraph.paragraph_format
    paragraph.alignment = ALIGN[rule.get("align", "justify")]
    if "align" not in rule:
        fmt.first_line_indent = Cm(1.25)
    if "indent_left" in rule:
        fmt.left_indent = Cm(rule["indent_left"])
    if "indent_right" in rule:
        fmt.right_indent = Cm(rule["indent_right"])
    fmt.space_before = Pt(rule.get("space_before", 0))
    fmt.space_after = Pt(rule.get("space_after", 0))
    for run in paragraph.runs:
        run.bold = rule.get("bold") or None
        run.italic = rule.get("italic") or None
        if "size" in rule:
            run.font.size = Pt(rule["size"])


def rule_for(text: str, layout: dict[str, Any]) -> dict[str, Any] | None:
    """The first style rule matching a paragraph's text."""
    return next((r for r in layout.get("style", []) if re.search(r["match"], text)), None)


def set_table_borders(table: Any, kind: str) -> None:
    """All borders single lines ("grid"), horizontal rules only ("hrules") or none ("none")."""
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    ruled = {"grid": {"top", "left", "bottom", "right", "insideH", "insideV"},
             "hrules": {"top", "bottom", "insideH"}}.get(kind, set())
    edges = "".join(
        f'<w:{edge} w:val="{"single" if edge in ruled else "nil"}" '
        f'w:sz="{4 if edge in ruled else 0}" w:space="0" w:color="000000"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    borders = parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>")
    # schema order: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize,
    # tblStyleColBandSize, tblW, jc, tblCellSpacing, tblInd, tblBorders, ...
    anchor = None
    for tag in ("w:tblInd", "w:tblCellSpacing", "w:jc", "w:tblW"):
        anchor = tbl_pr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addnext(borders)
    else:
        tbl_pr.insert(0, borders)


def set_fixed_widths(table: Any, widths: list[int]) -> None:
    """Fixed layout with the given column widths (EMU) on the grid and every cell."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    for col, width in zip(table.columns, widths):
        col.width = width
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(sum(widths) // 635))  # EMU -> twentieths of a point
    for row in table.rows:
        for tc, width in zip(row._tr.tc_lst, widths):
            tc.get_or_add_tcPr()
            tc.width = width


def add_small_table(document: Any, rows: list[list[str]], widths_rel: list[float], section: Any) -> Any:
    """A borderless table for signatures / approvals (not a roadmap table)."""
    n_cols = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=n_cols)
    set_table_borders(table, "none")
    total = text_width(section)
    widths = [int(total * w / sum(widths_rel)) for w in widths_rel]
    set_fixed_widths(table, widths)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
            if c == n_cols - 1:
                cell.paragraphs[0].alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
            cell.paragraphs[0].paragraph_format.space_before = Pt(12)
    return table


def add_preamble(document: Any, paras: list[Para], layout: dict[str, Any]) -> bool:
    """Write the preamble; True once the appendix section has been opened."""
    appendix = layout["preamble"].get("appendix") or ""
    opened = False
    for para in paras:
        if appendix and not opened and re.search(appendix, para.text):
            open_table_section(document, layout)
            opened = True
        block = para.block or {}
        if block.get("page_break_before"):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if para.rows:
            add_small_table(document, para.rows, block.get("widths", [1, 1]), document.sections[-1])
            continue
        if block.get("kind") == "tab":
            paragraph = document.add_paragraph(para.text)
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                text_width(document.sections[-1]), WD_TAB_ALIGNMENT.RIGHT
            )
            style_paragraph(paragraph, {"align": "left", "space_before": block.get("space_before", 0)})
            continue
        paragraph = document.add_paragraph(para.text)
        style_paragraph(paragraph, rule_for(para.text, layout))
    return opened


def open_table_section(document: Any, layout: dict[str, Any]) -> None:
    """A new section (new page) in the table's orientation."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    set_orientation(section, layout["table"].get("orientation", layout.get("orientation", "portrait")))


# ----------------------------------------------------------------------------- roadmap table


def column_values(row: dict[str, Any], columns: list[list[str]]) -> list[str | None]:
    """A gold row's cell texts in column order (item_no excluded: None in its place)."""
    out: list[str | None] = []
    for _header, fld in columns:
        if fld == "item_no":
            out.append(None)
        elif fld.startswith("extra:"):
            out.append(row["extra"].get(fld.removeprefix("extra:")))
        else:
            out.append(row[fld])
    return out


def break_points(text: str, fld: str, row: dict[str, Any], tcfg: dict[str, Any]) -> list[str]:
    """The cell text cut into printed lines (only at spaces; characters unchanged)."""
    cuts: set[int] = set()
    for pattern in tcfg.get("break_before", []):
        for m in re.finditer(pattern, text):
            if text[m.start()] == " ":
                cuts.add(m.start())
    if fld == "executors_raw" and tcfg.get("executor_breaks"):
        pos = 0
        for name in row.get("executors", []):
            at = text.find(name, pos)
            if at < 0:
                break
            if at > 0 and text[at - 1] == " " and text[pos:at].strip() == "":
                cuts.add(at - 1)
            pos = at + len(name)
    lines, start = [], 0
    for cut in sorted(cuts):
        if cut > start:
            lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return [ln for ln in lines if ln]


def write_cell(cell: Any, lines: list[str], tcfg: dict[str, Any], bold: bool = False,
               align: WD_PARAGRAPH_ALIGNMENT | None = None) -> None:
    """Cell text as runs with line breaks, or as one paragraph per line."""
    paragraph = cell.paragraphs[0]
    paragraph.style = "Roadmap Cell"
    if align is not None:
        paragraph.alignment = align
    if not lines:
        return
    if tcfg.get("line_break", "br") == "paragraph":
        for i, line in enumerate(lines):
            if i:
                paragraph = cell.add_paragraph(style="Roadmap Cell")
                if align is not None:
                    paragraph.alignment = align
            run = paragraph.add_run(line)
            run.bold = bold or None
        return
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold or None
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def add_numbering(document: Any, lvl_text: str) -> int:
    """A one-level decimal numbering definition; returns its numId."""
    numbering = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:suff w:val="nothing"/><w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return numbering.add_num(abstract_id).numId


def set_num(paragraph: Any, num_id: int) -> None:
    """Word automatic numbering on a paragraph (no text)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def mark_row(row: Any, header: bool = False, cant_split: bool = False) -> None:
    """Row properties: repeat as header row, forbid breaking across pages."""
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def header_rows(columns: list[list[str]], tcfg: dict[str, Any]) -> list[list[str | None]]:
    """One or two header rows; in a two-row header None marks a vertically merged cell."""
    split = tcfg.get("header_split") or {}
    if not split:
        return [[h for h, _ in columns]]
    top: list[str | None] = []
    bottom: list[str | None] = []
    for header, _ in columns:
        if header in split:
            first, second = split[header]
            if f"{first} {second}" != header:
                raise BuildError(f"header split {split[header]} does not rebuild {header!r}")
            top.append(first)
            bottom.append(second)
        else:
            top.append(header)
            bottom.append(None)
    return [top, bottom]


def halves(lines: list[str]) -> tuple[list[str], list[str]]:
    """A cell's text split near its middle at a space (first piece keeps short cells whole)."""
    text = " ".join(lines)
    if " " not in text or len(text) < 25:
        return [text] if text else [], []
    mid = len(text) // 2
    cut = text.rfind(" ", 0, mid + 1)
    if cut <= 0:
        cut = text.find(" ", mid)
    return [text[:cut]], [text[cut + 1:]]


@dataclass
class BodyRow:
    """A printed body row: a section heading, an item, or a piece of a broken item."""

    kind: str  # "section" | "item"
    number: str | None = None
    cells: list[list[str]] = field(default_factory=list)
    text: str = ""


def body_rows(seed: Seed, tcfg: dict[str, Any]) -> list[BodyRow]:
    """Section headings and item rows in print order."""
    columns = seed.doc["columns"]
    out: list[BodyRow] = []
    section, n_section = None, 0
    fmt = tcfg.get("number_format", "{n}.")
    for row in seed.rows:
        if row["section"] and row["section"] != section:
            section = row["section"]
            out.append(BodyRow("section", text=f"{ROMAN[n_section]}. {section}"))
            n_section += 1
        cells: list[list[str]] = []
        for (_header, fld), value in zip(columns, column_values(row, columns)):
            if fld == "item_no":
                cells.append([fmt.format(n=row["item_no"])])
            elif value is None:
                cells.append([])
            else:
                cells.append(break_points(value, fld, row, tcfg))
        out.append(BodyRow("item", number=row["item_no"], cells=cells))
    return out


def check_rows(seed: Seed, rows: list[BodyRow]) -> None:
    """Every printed cell folds to the gold text (guards the line-breaking code)."""
    items = [r for r in rows if r.kind == "item"]
    for printed, gold in zip(items, seed.rows, strict=True):
        for (_h, fld), lines, value in zip(seed.doc["columns"], printed.cells,
                                           column_values(gold, seed.doc["columns"])):
            if fld == "item_no":
                continue
            if fold(" ".join(lines)) != fold(value or ""):
                raise BuildError(f"{seed.stem} row {gold['item_no']} {fld}: printed text differs from gold")


def new_roadmap_table(document: Any, n_cols: int, widths: list[int], tcfg: dict[str, Any]) -> Any:
    """An empty roadmap table piece with the configured borders and widths."""
    table = document.add_table(rows=0, cols=n_cols)
    set_table_borders(table, tcfg.get("borders", "grid"))
    set_fixed_widths(table, widths)
    table._widths = widths  # remembered for the rows added later
    return table


def add_row(table: Any) -> Any:
    """A new row with the table's fixed cell widths."""
    row = table.add_row()
    for tc, width in zip(row._tr.tc_lst, table._widths):
        tc.get_or_add_tcPr()
        tc.width = width
    return row


def write_header(table: Any, seed: Seed, tcfg: dict[str, Any]) -> None:
    """Header row(s) and the optional column-number row."""
    repeat = bool(tcfg.get("repeat_header"))
    rows = header_rows(seed.doc["columns"], tcfg)
    printed = [add_row(table) for _ in rows]
    for row in printed:
        mark_row(row, header=repeat, cant_split=True)
    center = WD_PARAGRAPH_ALIGNMENT.CENTER
    for c in range(len(seed.doc["columns"])):
        if len(rows) == 2 and rows[1][c] is None:
            merged = printed[0].cells[c].merge(printed[1].cells[c])
            write_cell(merged, [rows[0][c]], tcfg, bold=True, align=center)
            merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            continue
        for r, values in enumerate(rows):
            cell = printed[r].cells[c]
            write_cell(cell, [values[c]], tcfg, bold=True, align=center)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if tcfg.get("shade_header"):
        for row in printed:
            for tc in row._tr.tc_lst:
                tc.get_or_add_tcPr().append(parse_xml(
                    f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{tcfg["shade_header"]}"/>'))
    if tcfg.get("column_numbers"):
        row = add_row(table)
        mark_row(row, header=repeat, cant_split=True)
        for c in range(len(seed.doc["columns"])):
            write_cell(row.cells[c], [str(c + 1)], tcfg, align=center)


def write_body_row(table: Any, body: BodyRow, tcfg: dict[str, Any], num_id: int | None,
                   merge_up: frozenset[int] = frozenset()) -> Any:
    """One body row: a merged section heading or an item's cells (``merge_up``: columns
    whose cell is merged with the cell above instead of printing its text again)."""
    row = add_row(table)
    mark_row(row, cant_split=bool(tcfg.get("cant_split")))
    if body.kind == "section":
        merged = row.cells[0].merge(row.cells[-1])
        write_cell(merged, [body.text], tcfg, bold=True, align=WD_PARAGRAPH_ALIGNMENT.CENTER)
        return row
    above = table.rows[len(table.rows) - 2] if merge_up else None
    for c, lines in enumerate(body.cells):
        cell = row.cells[c]
        if c in merge_up:
            write_cell(cell, [], tcfg)
            above.cells[c].merge(cell)
            continue
        if c == 0 and num_id is not None and lines:
            write_cell(cell, [], tcfg)
            set_num(cell.paragraphs[0], num_id)
            continue
        write_cell(cell, lines, tcfg, align=WD_PARAGRAPH_ALIGNMENT.CENTER if c == 0 else None)
    return row


def merge_columns(previous: BodyRow | None, body: BodyRow, columns: list[list[str]],
                  fields: list[str]) -> frozenset[int]:
    """Columns of ``fields`` whose text repeats the item row just above (merged vertically)."""
    if previous is None or previous.kind != "item" or body.kind != "item":
        return frozenset()
    return frozenset(c for c, (_h, fld) in enumerate(columns)
                     if fld in fields and body.cells[c] and body.cells[c] == previous.cells[c])


def split_row(body: BodyRow) -> tuple[BodyRow, BodyRow]:
    """A row broken in two as at a page end: number and first halves, then the rest."""
    first, second = [body.cells[0]], [[]]
    for lines in body.cells[1:]:
        a, b = halves(lines)
        first.append(a)
        second.append(b)
    return BodyRow("item", body.number, first), BodyRow("item", None, second)


def add_roadmap(document: Any, seed: Seed, tcfg: dict[str, Any]) -> None:
    """The roadmap table, possibly cut into several consecutive tables."""
    columns = seed.doc["columns"]
    section = document.sections[-1]
    total = text_width(section)
    rel = tcfg["widths"]
    if len(rel) != len(columns):
        raise BuildError(f"{seed.stem}: {len(rel)} widths for {len(columns)} columns")
    widths = [int(total * w / sum(rel)) for w in rel]
    rows = body_rows(seed, tcfg)
    check_rows(seed, rows)

    num_id = None
    if tcfg.get("auto_numbering"):
        numbers = [r.number for r in rows if r.kind == "item"]
        if numbers != [str(i) for i in range(1, len(numbers) + 1)] or any(r.kind == "section" for r in rows):
            raise BuildError(f"{seed.stem}: automatic numbering needs items numbered 1..n without sections")
        num_id = add_numbering(document, tcfg["auto_numbering"])

    cut_after = set(tcfg.get("cut_after") or [])
    broken = int(tcfg.get("broken_row") or 0)
    if broken and broken not in cut_after:
        raise BuildError(f"{seed.stem}: broken_row {broken} must be one of cut_after")
    table = new_roadmap_table(document, len(columns), widths, tcfg)
    write_header(table, seed, tcfg)
    item_index = 0
    merge_fields = list(tcfg.get("merge_fields") or [])
    previous: BodyRow | None = None  # the row above in the same piece (for merged cells)
    for body in rows:
        if body.kind == "item":
            item_index += 1
        if body.kind == "item" and item_index == broken:
            head, tail = split_row(body)
            write_body_row(table, head, tcfg, num_id)
            document.add_paragraph()
            table = new_roadmap_table(document, len(columns), widths, tcfg)
            write_body_row(table, tail, tcfg, num_id)
            previous = None
            continue
        write_body_row(table, body, tcfg, num_id,
                       merge_columns(previous, body, columns, merge_fields))
        previous = body
        if body.kind == "item" and item_index in cut_after and item_index != len(seed.rows):
            document.add_paragraph()
            table = new_roadmap_table(document, len(columns), widths, tcfg)
            previous = None
    if tcfg.get("approval_sheet"):
        add_approval_sheet(document, len(columns), widths, tcfg)


APPROVAL_HEADER = ["Должность", "ФИО", "Подпись", "Дата", "Замечания", "Примечание", "Виза"]


def add_approval_sheet(document: Any, n_cols: int, widths: list[int], tcfg: dict[str, Any]) -> None:
    """An approval sheet right after the roadmap, same columns and borders: not a roadmap."""
    document.add_paragraph()
    table = new_roadmap_table(document, n_cols, widths, tcfg)
    people = [["Заместитель начальника", "А.А. Петрова"], ["Начальник отдела", "Б.Б. Сидоров"]]
    for values in [APPROVAL_HEADER[:n_cols], *people]:
        row = add_row(table)
        for c in range(n_cols):
            write_cell(row.cells[c], [values[c]] if c < len(values) else [], tcfg)


# ----------------------------------------------------------------------------- output


def build_docx(seed: Seed, layout: dict[str, Any], table_overrides: dict[str, Any] | None = None) -> bytes:
    """The sample DOCX for a seed as deterministic bytes."""
    layout = copy.deepcopy(layout)
    layout["table"].update(table_overrides or {})
    document = setup_document(layout, seed)
    paras = build_preamble(seed, layout)
    opened = add_preamble(document, paras, layout)
    if not opened and paras and layout["preamble"].get("appendix"):
        raise BuildError(f"{seed.stem}: appendix pattern matched no preamble paragraph")
    add_roadmap(document, seed, layout["table"])
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so rebuilding is byte-stable."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, payload)
    return out.getvalue()


def find_soffice() -> str:
    """Path of LibreOffice's soffice, or a clear error."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise BuildError(
        "LibreOffice (soffice) is not installed: it is needed to make the PDFs "
        "(apt-get install libreoffice-writer), or run with --no-pdf to build the DOCX only"
    )


def docx_to_pdf(data: bytes, name: str, soffice: str) -> bytes:
    """Convert DOCX bytes to PDF bytes with LibreOffice headless (private profile)."""
    with tempfile.TemporaryDirectory(prefix="samples_pdf_") as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / f"{name}.docx"
        src.write_bytes(data)
        cmd = [
            soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        pdf = tmp_path / f"{name}.pdf"
        if result.returncode != 0 or not pdf.exists():
            raise BuildError(f"soffice failed for {name}: {result.stdout} {result.stderr}")
        return normalize_pdf(pdf.read_bytes())


def normalize_pdf(data: bytes) -> bytes:
    """Fixed creation dates, document ID and checksum (same lengths, so the xref stays valid)."""
    data = re.sub(rb"D:\d{14}", b"D:20240101000000", data)
    data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", b"2024-01-01T00:00:00", data)  # XMP dates
    data = re.sub(rb"/DocChecksum /[0-9A-Fa-f]+", lambda m: m.group(0)[:14] + b"0" * (len(m.group(0)) - 14), data)
    return re.sub(
        rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\]",
        lambda m: re.sub(rb"<[0-9A-Fa-f]+>", lambda h: b"<" + b"0" * (len(h.group(0)) - 2) + b">", m.group(0)),
        data,
    )


def build(key: str, layouts: dict[str, dict[str, Any]], make_pdf: bool, soffice: str | None) -> list[Path]:
    """Build one seed's DOCX (and PDF); returns the written paths."""
    seed = load_seed(key)
    layout = layouts[key]
    written = []
    docx_bytes = build_docx(seed, layout)
    docx_path = HERE / f"{seed.stem}.docx"
    docx_path.write_bytes(docx_bytes)
    written.append(docx_path)
    if make_pdf:
        assert soffice is not None
        pdf_source = build_docx(seed, layout, layout.get("pdf")) if layout.get("pdf") else docx_bytes
        pdf_path = HERE / f"{seed.stem}.pdf"
        pdf_path.write_bytes(docx_to_pdf(pdf_source, seed.stem, soffice))
        written.append(pdf_path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NNN", help="build only this seed (repeatable)")
    parser.add_argument("--no-pdf", action="store_true", help="build the DOCX files only")
    args = parser.parse_args(argv)
    layouts = load_layouts()
    keys = sorted(layouts)
    if args.only:
        unknown = [k for k in args.only if k not in layouts]
        if unknown:
            parser.error(f"unknown seed(s) {unknown}; known: {keys}")
        keys = [k for k in keys if k in args.only]
    try:
        soffice = None if args.no_pdf else find_soffice()
        for key in keys:
            for path in build(key, layouts, not args.no_pdf, soffice):
                print(f"wrote {path.relative_to(HERE.parent)}")
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
