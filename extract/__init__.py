"""Format backends: each turns one file into the neutral :class:`~extract.model.Document`.

Nothing downstream of this package knows which format a table came from.
"""
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


def read_document(path) -> Document:
    """Sniff ``path``'s format by content and read it with that format's backend.

    Raises an :class:`ExtractError` subclass naming the file and the reason.
    """
    from extract.sniff import sniff_format

    fmt = sniff_format(path)
    if fmt == "docx":
        from extract.docx import read_docx

        return read_docx(path)
    if fmt == "pdf":
        from extract.camelot_tables import read_pdf_camelot, table_engine
        from extract.pdf import read_pdf

        if table_engine() == "camelot":
            return read_pdf_camelot(path)

        return read_pdf(path)
    raise UnsupportedFormatError(str(path), f"no backend for format {fmt!r}")


__all__.append("read_document")
