"""Format backends: each turns one file into the neutral :class:`~extract.model.Document`.

Nothing downstream of this package knows which format a table came from.
"""
from pathlib import Path

from extract.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    ExtractError,
    NeedsOCRError,
    UnsupportedFormatError,
)
from extract.model import Cell, Document, Table, TextBlock

__all__ = [
    "Cell",
    "CorruptFileError",
    "Document",
    "EmptyFileError",
    "EncryptedFileError",
    "ExtractError",
    "NeedsOCRError",
    "Table",
    "TextBlock",
    "UnsupportedFormatError",
]


def read_document(path, *, ocr: bool = True, data: bytes | None = None, pdf_document=None,
                  sniffed: str | None = None) -> Document:
    """Sniff ``path``'s format by content and read it with that format's backend.

    A .doc/.rtf/.odt file, and a DOCX python-docx cannot open, is converted to DOCX by
    LibreOffice (``extract.legacy``); a PDF page without a usable text layer is OCR'd unless
    ``ocr`` is False.  ``data`` (the file's bytes) and ``pdf_document`` (a PDF's bytes already
    open in PDFium, left open) spare reading and parsing the file again; ``sniffed`` (the
    format a caller's own ``sniff_format`` just returned, "docx" or "pdf") spares unzipping
    and checking it a second time.
    Raises an :class:`ExtractError` subclass naming the file and the reason.
    """
    from extract.sniff import sniff_format

    try:
        fmt = sniffed if sniffed in ("docx", "pdf") else sniff_format(path, data)
    except UnsupportedFormatError:
        from extract.legacy import legacy_kind, read_legacy

        data = Path(path).read_bytes() if data is None else data
        kind = legacy_kind(data)
        if kind is None:
            raise
        return read_legacy(path, kind, data=data)
    if fmt == "docx":
        from extract.docx import read_docx

        try:
            return read_docx(path, data)
        except CorruptFileError as exc:  # python-docx refuses it: LibreOffice may still open it
            from extract.legacy import retry_docx

            return retry_docx(path, exc, data=data)
    if fmt == "pdf":
        from extract.camelot_tables import read_pdf_camelot, table_engine
        from extract.pdf import read_pdf

        if table_engine() == "camelot":
            return read_pdf_camelot(path)
        return read_pdf(path, ocr=ocr, data=data, document=pdf_document)
    raise UnsupportedFormatError(str(path), f"no backend for format {fmt!r}")


__all__.append("read_document")
