"""The text of a DOCX beside its body: headers, footers, footnotes, endnotes and comments.

* Headers and footers are page furniture (``Document.furniture``), one block a line (a
  paragraph, a text box's paragraph, a table row), each distinct line once: a section's
  first-page, even-page and default headers, and the sections' headers, often repeat.  They
  come in the order the sections refer to them (``w:headerReference`` /
  ``w:footerReference``), then any the sections do not name.
* Reviewers' comments are furniture too, after the headers and footers: text that is not
  part of the order.
* Footnotes and endnotes are text blocks after the body, one a paragraph, in their parts'
  order; the separator notes (``w:type`` separator, continuationSeparator,
  continuationNotice) hold no text of the author and are left out.  The reference mark in
  the body stays as it is.
* A part that is not well-formed XML is named in a warning instead.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from lxml import etree

from extract.docx_index import wrapped_children
from extract.docx_package import Aside

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_W_P, _W_TBL, _W_TR, _W_TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_W_SDT, _W_SDT_CONTENT = f"{_W}sdt", f"{_W}sdtContent"
_W_TEXT_BOX = f"{_W}txbxContent"
_W_SECT_PR = f"{_W}sectPr"
_REFERENCES = (f"{_W}headerReference", f"{_W}footerReference")
_W_TYPE = f"{_W}type"
_NOTES = {"footnotes": f"{_W}footnote", "endnotes": f"{_W}endnote", "comments": f"{_W}comment"}
_SEPARATORS = frozenset(("separator", "continuationSeparator", "continuationNotice"))
_WHAT = {"header": "a header", "footer": "a footer", "footnotes": "the footnotes",
         "endnotes": "the endnotes", "comments": "the comments"}


class StoryReader(Protocol):
    """What reads a paragraph and a table cell (``extract.docx``'s walker)."""

    def marked_paragraph_text(self, p: etree._Element) -> str: ...

    def cell_text(self, tc: etree._Element) -> str: ...


@dataclass(slots=True)
class AsideText:
    """What the parts beside the body give the document."""

    furniture: list[str] = field(default_factory=list)  # header, footer, comment lines
    notes: list[str] = field(default_factory=list)  # footnote and endnote paragraphs
    warnings: list[str] = field(default_factory=list)


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a story, looking through content controls."""
    for child in parent:
        tag = child.tag
        if tag == _W_SDT:
            for content in child.iterchildren(_W_SDT_CONTENT):
                yield from _blocks(content)
        elif tag == _W_P or tag == _W_TBL:
            yield child


def story_lines(story: etree._Element, reader: StoryReader) -> list[str]:
    """The lines of a header, footer or note: paragraphs, their text boxes' paragraphs, and
    table rows (cells joined by a space); lines without text left out."""
    lines: list[str] = []
    for block in _blocks(story):
        if block.tag == _W_P:
            lines.append(reader.marked_paragraph_text(block))
            for box in block.iter(_W_TEXT_BOX):
                lines.extend(reader.marked_paragraph_text(p) for p in box.iter(_W_P))
        else:
            for tr in wrapped_children(block, _W_TR):  # nested tables' rows are folded into cells
                cells = [reader.cell_text(tc) for tc in wrapped_children(tr, _W_TC)]
                lines.append(" ".join(c for c in cells if c.strip()))
    return [line for line in lines if line.strip()]


def _referenced_order(body: etree._Element, asides: list[Aside]) -> list[Aside]:
    """Headers and footers in the order the sections name them, then the unnamed ones."""
    by_id = {a.rel_id: a for a in asides if a.kind in ("header", "footer")}
    if len({a.name for a in by_id.values()}) <= 1:  # one part: no order to find in the body
        return list(by_id.values())[:1]
    ordered: dict[str, Aside] = {}
    for sect in body.iter(_W_SECT_PR):
        for ref in sect:
            if ref.tag in _REFERENCES and ref.get(_R_ID) in by_id:
                aside = by_id[ref.get(_R_ID)]
                ordered.setdefault(aside.name, aside)
    for aside in by_id.values():
        ordered.setdefault(aside.name, aside)
    return list(ordered.values())


def _notes(root: etree._Element, kind: str) -> Iterator[etree._Element]:
    """The notes (or comments) of a notes part, separators left out."""
    for note in root.iterchildren(_NOTES[kind]):
        if note.get(_W_TYPE) not in _SEPARATORS:
            yield note


def read_asides(body: etree._Element, asides: list[Aside], reader: StoryReader) -> AsideText:
    """Furniture lines, note paragraphs and warnings of the parts beside ``body``."""
    out = AsideText()
    seen_parts: set[str] = set()
    for aside in asides:
        if aside.root is None and aside.name not in seen_parts:
            seen_parts.add(aside.name)
            out.warnings.append(f"{_WHAT[aside.kind]} part {aside.name} is not well-formed XML: "
                                "its text is left out")
    readable = [a for a in asides if a.root is not None]
    furniture: dict[str, None] = {}
    for aside in _referenced_order(body, readable):
        furniture.update(dict.fromkeys(story_lines(aside.root, reader)))
    done: set[str] = set()
    for kind in ("footnotes", "endnotes", "comments"):
        for aside in readable:
            if aside.kind != kind or aside.name in done:
                continue
            done.add(aside.name)
            for note in _notes(aside.root, kind):
                lines = story_lines(note, reader)
                if kind == "comments":
                    furniture.update(dict.fromkeys(lines))
                else:
                    out.notes.extend(lines)
    out.furniture = list(furniture)
    return out
