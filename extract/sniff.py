"""Format detection by content: magic bytes and, for zips, the package's part names.

The file name's extension is only used to word the reason ("a plain-text file renamed
.pdf"); it never decides the format.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from extract.errors import CorruptFileError, EmptyFileError, EncryptedFileError, UnsupportedFormatError
from extract.zip_members import inflate_members, open_zip

_HEAD = 4096
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"BM": "a BMP image",
}
# OLE streams that tell legacy Office files apart (names are stored in UTF-16).
_OLE_STREAMS = {
    "EncryptedPackage": None,  # a password-protected OOXML file (DOCX, XLSX, …)
    "WordDocument": "a legacy .doc (OLE) file: convert it to DOCX",
    "Workbook": "a legacy .xls (OLE) workbook, not an order",
    "PowerPoint Document": "a legacy .ppt (OLE) presentation, not an order",
}
# Package parts that tell OOXML / ODF zips apart.
_ZIP_KINDS = (
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "an XLSX workbook, not an order"),
    ("ppt/presentation.xml", "a PPTX presentation, not an order"),
)
_ODF = {
    b"application/vnd.oasis.opendocument.text": "an ODT document: convert it to DOCX",
    b"application/vnd.oasis.opendocument.spreadsheet": "an ODS spreadsheet, not an order",
}


# Short names of what a file turned out to be (documents.format), by the description's start.
_KINDS = (("a legacy .doc", "doc"), ("a legacy .xls", "xls"), ("a legacy .ppt", "ppt"),
          ("a password-protected Office", "docx"), ("an OLE", "ole"), ("a zip", "zip"),
          ("a PNG", "png"), ("a JPEG", "jpeg"), ("a TIFF", "tiff"), ("a GIF", "gif"),
          ("a BMP", "bmp"), ("an RTF", "rtf"), ("an HTML", "html"), ("an XML", "xml"),
          ("a plain-text", "text"), ("an XLSX", "xlsx"), ("a PPTX", "pptx"), ("an ODT", "odt"),
          ("an ODS", "ods"))


def format_kind(description: str) -> str:
    """The short format name of a description from :func:`describe_bytes` (``unknown``)."""
    return next((kind for start, kind in _KINDS if description.startswith(start)), "unknown")


def _renamed(what: str, suffix: str, real: str) -> str:
    """``what`` plus " renamed .pdf" when the name claims another format."""
    suffix = suffix.lower()
    return f"{what} renamed {suffix}" if suffix and suffix != real else what


def _looks_like_text(head: bytes) -> bool:
    """Bytes that decode as text with hardly any control characters."""
    for encoding in ("utf-8", "utf-16", "cp1251"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        return controls <= len(text) * 0.01
    return False


def _describe_ole(data: bytes, suffix: str) -> str:
    """What an OLE compound file holds, by its stream names."""
    for name, what in _OLE_STREAMS.items():
        if name.encode("utf-16-le") in data:
            return what or "a password-protected Office file (encrypted DOCX)"
    return _renamed("an OLE compound file (legacy Office format)", suffix, ".doc")


def describe_bytes(data: bytes, suffix: str = "") -> str:
    """A short human description of what a non-PDF, non-DOCX file is."""
    head = data[:_HEAD]
    lower = head.lstrip().lower()
    if head.startswith(_OLE):
        return _describe_ole(data, suffix)
    if head.startswith(_ZIP):
        return _renamed("a zip archive", suffix, ".zip")
    for magic, what in _IMAGES.items():
        if head.startswith(magic):
            return _renamed(f"{what} (a scan? needs OCR)", suffix, "")
    if lower.startswith(b"{\\rtf"):
        return _renamed("an RTF document: convert it to DOCX", suffix, ".rtf")
    if lower.startswith((b"<!doctype html", b"<html")) or b"<html" in lower[:512]:
        return _renamed("an HTML page", suffix, ".html")
    if lower.startswith(b"<?xml"):
        return _renamed("an XML file", suffix, ".xml")
    if _looks_like_text(head):
        return _renamed("a plain-text file", suffix, ".txt")
    return _renamed("a binary file of unknown format", suffix, "")


@dataclass(frozen=True, slots=True)
class VerifiedPackage:
    """A zip the sniffer read whole: its member names and the inflated, CRC-checked bytes
    of its XML parts (``.xml``, ``.rels``; up to ``zip_members.KEEP_BYTES`` in all)."""

    names: frozenset[str]
    parts: dict[str, bytes]


# The package sniff_format last verified as a DOCX, with the bytes object it was given:
# handed once to the reader of those very bytes (take_verified), so no member is inflated twice.
_last_verified: tuple[bytes, VerifiedPackage] | None = None


def take_verified(data: bytes | None) -> VerifiedPackage | None:
    """The package :func:`sniff_format` verified from this very ``data`` object (its last
    DOCX, handed over once), else None."""
    global _last_verified
    if data is None or _last_verified is None or _last_verified[0] is not data:
        return None
    package = _last_verified[1]
    _last_verified = None
    return package


def _sniff_zip(path: Path, data: bytes) -> str:
    """``docx`` for a Word package, else the error naming what the zip is."""
    global _last_verified
    looks_docx = b"word/" in data
    try:
        with open_zip(data) as zf:  # the one the size check opened, if it did
            names = frozenset(zf.namelist())
            inflated = inflate_members(zf, data)
            bad, dtd = inflated.bad, inflated.dtd
            mimetype = zf.read("mimetype") if "mimetype" in names and bad != "mimetype" else b""
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        what = "a DOCX that is a broken zip" if looks_docx else "a broken zip archive"
        raise CorruptFileError(str(path), f"{what} ({exc})", "docx" if looks_docx else "zip") from exc
    is_docx = "word/document.xml" in names
    if bad is not None:
        what = "a DOCX" if is_docx else "a zip archive"
        raise CorruptFileError(str(path), f"{what} with a corrupt member {bad!r}",
                               "docx" if is_docx else "zip")
    if dtd is not None:
        raise CorruptFileError(str(path), f"a DOCX whose part {dtd!r} declares a DTD or XML "
                                          "entities, which Word never writes: refused (an XXE or "
                                          "entity-expansion attack?)", "docx" if is_docx else "zip")
    for part, kind in _ZIP_KINDS:
        if part in names:
            if kind == "docx":
                _last_verified = (data, VerifiedPackage(names, inflated.kept))
                return "docx"
            raise UnsupportedFormatError(str(path), _renamed(kind, path.suffix, ""), format_kind(kind))
    for mime, what in _ODF.items():
        if mimetype.startswith(mime):
            raise UnsupportedFormatError(str(path), what, format_kind(what))
    if "[Content_Types].xml" in names and looks_docx:
        raise CorruptFileError(str(path), "a DOCX package with no word/document.xml", "docx")
    raise UnsupportedFormatError(str(path), _renamed("a zip archive, not a DOCX", path.suffix, ".zip"),
                                 "zip")


def sniff_format(path: str | Path, data: bytes | None = None) -> str:
    """``"pdf"`` or ``"docx"``, judged by content (``data``, the file's bytes when the caller
    has read them already); otherwise a typed error with the reason."""
    path = Path(path)
    if data is None:
        try:
            with open(path, "rb") as fh:
                head = fh.read(_HEAD)
                if b"%PDF-" in head[:1024]:
                    return "pdf"
                data = head + fh.read()
        except OSError as exc:
            raise UnsupportedFormatError(str(path), f"cannot read the file: {exc}") from exc
    elif b"%PDF-" in data[:1024]:
        return "pdf"
    if not data:
        raise EmptyFileError(str(path), "a zero-byte file")
    if not data.strip():
        raise EmptyFileError(str(path), "a file holding only whitespace")
    if data.startswith(_ZIP):
        return _sniff_zip(path, data)
    if data.startswith(_OLE) and "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedFileError(str(path), "a password-protected Office file (encrypted DOCX)",
                                 "docx")
    what = describe_bytes(data, path.suffix)
    raise UnsupportedFormatError(str(path), what, format_kind(what))
