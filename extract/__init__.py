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
