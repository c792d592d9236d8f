"""The DOCX parts the reader needs, read with zipfile and lxml (no python-docx object layer).

python-docx opens a package by loading every part and parsing each XML part into its own
element classes; the reader uses five things of it: the body, numbering.xml, the styles
that carry numbering, docProps/app.xml's page count, and the stories beside the body
(headers, footers, footnotes, endnotes, comments: :class:`Aside`).  :func:`open_parts` reads just
those from a package of the ordinary shape (main part of the Word document content type,
one styles and at most one numbering relationship, app.xml named by the package's
relationships, every part the relationships reach present).  For anything else it returns None and ``extract.docx`` lets python-docx
open the package, so unusual and broken packages get python-docx's reading and errors.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

# python-docx's parser settings (docx.oxml.parser), without its element classes
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"


# the relationships of the main part whose targets hold text beside the body, by kind
ASIDE_KINDS = {RT.HEADER: "header", RT.FOOTER: "footer", RT.FOOTNOTES: "footnotes",
               RT.ENDNOTES: "endnotes", RT.COMMENTS: "comments"}


@dataclass(frozen=True, slots=True)
class Aside:
    """A part related to the main part that holds text outside the body (ASIDE_KINDS)."""

    kind: str  # header, footer, footnotes, endnotes, comments
    rel_id: str  # the relationship id the body's section properties refer to
    name: str  # the part name ("/word/header1.xml")
    root: etree._Element | None  # None: the part is not well-formed XML


@dataclass(slots=True)
class DocxParts:
    """The parsed parts ``extract.docx`` reads (None: the package has no such part)."""

    body: etree._Element
    numbering: etree._Element | None
    styles: etree._Element | None  # None also when no style carries numbering
    app_xml: bytes | None
    asides: list[Aside] = field(default_factory=list)


def parse_aside(kind: str, rel_id: str, name: str, xml: bytes) -> Aside:
    """An aside part parsed (its root None when the XML is broken: the reader warns)."""
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        root = None
    return Aside(kind, rel_id, name, root)


class ByBytes:
    """A function of a part's bytes remembered for the last few distinct parts it was given.

    The documents of a batch made from one template carry byte-identical styles, numbering,
    content types and relationships: their parse is done once and a later part equal to a
    remembered one (same length, then a memcmp; often the very object ``zip_members``
    remembered) gets the same result object.  The results are only read, never changed."""

    largest = 4 << 20  # bytes of a part remembered, at most (bounds the memory kept)
    per_length = 2  # parts of one length remembered (a template's variants)

    def __init__(self, function: Callable[..., object], entries: int = 8):
        self.function = function
        self.entries = entries  # lengths remembered
        # by (length, context): the parts seen of that length, the latest last
        self.before: dict[tuple, list[tuple[bytes, object]]] = {}

    def __call__(self, xml: bytes, *context: str) -> object:
        key = (len(xml), *context)
        seen = self.before.pop(key, [])
        self.before[key] = seen  # the latest used goes last, the least recently used first
        for part, result in seen:
            if part == xml:
                return result
        result = self.function(xml, *context)  # what raises is not remembered
        if len(xml) <= self.largest:
            seen.append((xml, result))
            if len(seen) > self.per_length:
                del seen[0]
        if len(self.before) > self.entries:
            self.before.pop(next(iter(self.before)), None)
        return result


def _content_types(xml: bytes) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The Override (by lower-case part name) and Default (by lower-case extension) content
    types of ``[Content_Types].xml``: the first entry of a name counts."""
    types = etree.fromstring(xml, _PARSER)
    overrides: dict[str, str | None] = {}
    defaults: dict[str, str | None] = {}
    for el in types.iterchildren(f"{_CT_NS}Override"):
        overrides.setdefault((el.get("PartName") or "").lower(), el.get("ContentType"))
    for el in types.iterchildren(f"{_CT_NS}Default"):
        defaults.setdefault((el.get("Extension") or "").lower(), el.get("ContentType"))
    return overrides, defaults


def _relationship_list(xml: bytes, folder: str) -> list[tuple[str, str, str]] | None:
    """(type, partname, id) of each internal relationship in a relationships part of a part
    in ``folder``; None when one lacks its target or type."""
    root = etree.fromstring(xml, _PARSER)
    out = []
    for rel in root.iterchildren(f"{_REL_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target")
        if target is None or rel.get("Type") is None:
            return None
        out.append((rel.get("Type"), posixpath.normpath(posixpath.join(folder or "/", target)),
                    rel.get("Id") or ""))
    return out


def _parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, _PARSER)


_remembered_content_types = ByBytes(_content_types)
_remembered_relationships = ByBytes(_relationship_list, entries=16)
_remembered_numbering = ByBytes(_parse)


class _Package:
    """A zip's part names and bytes, each relationships part parsed once, the content types
    looked up in dicts."""

    def __init__(self, names: Collection[str], read: Callable[[str], bytes]):
        self.names = names
        self.read = read
        self._rels: dict[str, list[tuple[str, str, str]] | None] = {}
        self._overrides, self._defaults = _remembered_content_types(read("[Content_Types].xml"))

    def relationships(self, source: str) -> list[tuple[str, str, str]] | None:
        """(type, partname, id) of each internal relationship of part ``source`` ("/" the
        package); None when the relationships part is broken."""
        if source not in self._rels:
            self._rels[source] = _relationships(self.names, self.read, source)
        return self._rels[source]

    def content_type(self, partname: str) -> str | None:
        """The content type ``[Content_Types].xml`` gives a part."""
        lower = partname.lower()
        if lower in self._overrides:
            return self._overrides[lower]
        return self._defaults.get(posixpath.splitext(partname)[1].lstrip(".").lower())


def _relationships(names: Collection[str], read: Callable[[str], bytes],
                   source: str) -> list[tuple[str, str, str]] | None:
    """(type, partname, id) of each internal relationship of part ``source`` ("/" the
    package); None when the relationships part is broken."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels").lstrip("/")
    if rels_name not in names:
        return []
    return _remembered_relationships(read(rels_name), folder)


_STYLE_START = re.compile(rb"<w:style[\s>]")
_STYLE_END = b"</w:style>"
_ROOT_START = re.compile(rb"<w:styles[\s>][^>]*>")


_STYLE_OPEN = b"<w:style"
_STYLE_OPEN_ENDS = frozenset(b" \t\n\r\f\v>")  # what _STYLE_START allows after the name


def _last_style_start(xml: bytes, pos: int, end: int) -> int:
    """Where the last match of :data:`_STYLE_START` lying in ``xml[pos:end]`` starts (-1: none),
    found by ``rfind`` from the end instead of the regex running over the whole stretch."""
    while (start := xml.rfind(_STYLE_OPEN, pos, end)) >= 0:
        after = start + len(_STYLE_OPEN)
        if after < end and xml[after] in _STYLE_OPEN_ENDS:
            return start
        end = start  # "<w:style" cannot overlap itself: an earlier one ends by here
    return -1


def _numbered_fragments(xml: bytes) -> list[bytes] | None:
    """Each ``w:style`` element of styles.xml whose text holds "numPr", as bytes; None when
    the part is not written the ordinary way (prefix ``w``, no ``w:style`` inside another)."""
    out: list[bytes] = []
    pos = 0
    while (hit := xml.find(b"numPr", pos)) >= 0:
        start = _last_style_start(xml, pos, hit)
        if start < 0 or xml.rfind(_STYLE_END, pos, hit) > start:  # outside any style: w:docDefaults
            pos = hit + 5
            continue
        end = xml.find(_STYLE_END, hit)
        if end < 0:
            return None
        end += len(_STYLE_END)
        fragment = xml[start:end]
        if len(_STYLE_START.findall(fragment)) != 1:
            return None
        out.append(fragment)
        pos = end
    return out


def numbered_styles(xml: bytes) -> etree._Element | None:
    """styles.xml holding only its styles that carry numbering (None: none does), cut out of
    the bytes before parsing: style sheets run to hundreds of kilobytes and the reader needs
    only these.  A part not written the ordinary way is parsed whole."""
    if b"numPr" not in xml:
        return None
    root = _ROOT_START.search(xml)
    fragments = _numbered_fragments(xml) if root is not None else None
    if fragments is None:
        return etree.fromstring(xml, _PARSER)
    try:
        return etree.fromstring(root.group() + b"".join(fragments) + b"</w:styles>", _PARSER)
    except etree.XMLSyntaxError:
        return etree.fromstring(xml, _PARSER)


_remembered_styles = ByBytes(numbered_styles)
REMEMBERED = (_remembered_content_types, _remembered_relationships, _remembered_numbering,
              _remembered_styles)


def _every_part_there(package: _Package) -> bool:
    """Every part the relationships reach, from the package down, is in the zip and has a
    content type: python-docx loads them all and refuses the package otherwise."""
    seen, todo = set(), ["/"]
    while todo:
        rels = package.relationships(todo.pop())
        if rels is None:
            return False
        for _, name, _ in rels:
            if name in seen:
                continue
            if name.lstrip("/") not in package.names or package.content_type(name) is None:
                return False
            seen.add(name)
            todo.append(name)
    return True


def _only(rels: list[tuple[str, str, str]], rel_type: str) -> list[str]:
    return [name for t, name, _ in rels if t == rel_type]


def open_parts(source: str | Path | IO[bytes]) -> DocxParts | None:
    """The reader's parts of a DOCX of the ordinary shape, or None (see the module docstring)."""
    try:
        with zipfile.ZipFile(source) as z:
            return parts_of(set(z.namelist()), z.read)
    except Exception:  # noqa: BLE001 - any oddity: python-docx opens it and says what is wrong
        return None


def parts_of(names: Collection[str], read: Callable[[str], bytes]) -> DocxParts | None:
    """:func:`open_parts` of a package given by its member names and a reader of a member's
    bytes (e.g. the parts the sniffer already inflated)."""
    try:
        if "[Content_Types].xml" not in names:
            return None
        package = _Package(names, read)
        root_rels = package.relationships("/")
        if root_rels is None:
            return None
        main = _only(root_rels, RT.OFFICE_DOCUMENT)
        if len(main) != 1 or main[0].lstrip("/") not in names \
                or package.content_type(main[0]) != CT.WML_DOCUMENT_MAIN:
            return None
        rels = package.relationships(main[0])
        if rels is None or not _every_part_there(package):
            return None
        styles, numbering = _only(rels, RT.STYLES), _only(rels, RT.NUMBERING)
        app = [n for n in _only(root_rels, RT.EXTENDED_PROPERTIES) if n == "/docProps/app.xml"]
        if len(styles) != 1 or len(numbering) > 1 or len(app) > 1 \
                or any(n.lstrip("/") not in names for n in (*styles, *numbering, *app)) \
                or ("docProps/app.xml" in names and not app) \
                or package.content_type(styles[0]) != CT.WML_STYLES \
                or any(package.content_type(n) != CT.WML_NUMBERING for n in numbering):
            return None
        body = etree.fromstring(read(main[0].lstrip("/")), _PARSER).find(_BODY)
        if body is None:
            return None
        return DocxParts(
            body=body,
            numbering=_remembered_numbering(read(numbering[0].lstrip("/"))) if numbering else None,
            styles=_remembered_styles(read(styles[0].lstrip("/"))),
            app_xml=read("docProps/app.xml") if app else None,
            asides=[parse_aside(ASIDE_KINDS[t], rel_id, name, read(name.lstrip("/")))
                    for t, name, rel_id in rels if t in ASIDE_KINDS],
        )
    except Exception:  # noqa: BLE001 - any oddity: python-docx opens it and says what is wrong
        return None
