"""Typed errors a backend raises for a file it cannot read.

Each carries the file and a human reason, and the ``status`` the file gets in
``documents.parquet``: ``needs_ocr`` for a PDF with no text layer, ``failed`` for the rest.
"""
from __future__ import annotations


class ExtractError(Exception):
    """A file that cannot be turned into a Document."""

    status = "failed"
    kind = "unreadable"

    def __init__(self, path: str, reason: str, format: str | None = None):
        self.path = str(path)
        self.reason = reason
        self.format = format  # what the file turned out to be, when known (docx, pdf, html, …)
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormatError(ExtractError):
    """Neither DOCX nor PDF (judged by content, not by the file name)."""

    kind = "unsupported_format"


class EmptyFileError(ExtractError):
    """A zero-byte file, or one with no pages / no body."""

    kind = "empty"


class CorruptFileError(ExtractError):
    """A truncated or broken file of a known format."""

    kind = "corrupt"


class EncryptedFileError(ExtractError):
    """A password-protected file."""

    kind = "encrypted"


class NeedsOCRError(ExtractError):
    """A PDF whose pages carry no text layer (a scan)."""

    status = "needs_ocr"
    kind = "needs_ocr"
