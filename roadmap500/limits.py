"""Per-file limits a worker enforces: wall time, memory, pages, decompressed size.

A file over a limit gets status ``too_large`` (memory, pages, decompressed size) or
``timeout`` (wall time), and the message names the limit and how to raise it.
"""
from __future__ import annotations

import resource
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from extract.zip_members import open_zip

MIB = 1 << 20
# Address space a warmed worker reserves beyond what it touches (libraries, thread stacks).
_ADDRESS_SPACE_SLACK_MB = 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What one file may cost; 0 switches a limit off."""

    seconds: float = 300.0  # wall time per file
    memory_mb: int = 2048  # resident memory of the worker holding the file
    pages: int = 1000  # pages of a PDF / DOCX
    decompressed_mb: int = 512  # a DOCX package's members, inflated
    recycle_after: int = 500  # files a worker converts before it is replaced
    recycle_rss_mb: int = 1024  # a worker above this after a file is replaced

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


class LimitExceeded(Exception):
    """A file over a per-file limit; ``status`` is ``too_large`` or ``timeout``."""

    def __init__(self, status: str, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


def memory_message(limits: Limits) -> str:
    """The error of a file that took more memory than allowed."""
    return (f"over the memory limit of {limits.memory_mb} MB per file "
            f"(--max-memory MB to raise it)")


def timeout_message(limits: Limits) -> str:
    """The error of a file that took longer than allowed."""
    return (f"over the time limit of {limits.seconds:g} s per file "
            f"(--max-seconds S to raise it)")


def cap_address_space(limits: Limits) -> None:
    """Cap this process's address space a little above the memory limit (a backstop to the
    resident-memory watch of the main process): an allocation beyond it raises MemoryError."""
    if not limits.memory_mb:
        return
    cap = (limits.memory_mb + _ADDRESS_SPACE_SLACK_MB) * MIB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * resource.getpagesize() / MIB
    except (OSError, IndexError, ValueError):
        return 0.0


def zip_kind_and_size(source: Path | bytes) -> tuple[str, int]:
    """``docx`` or ``zip``, and the bytes the members inflate to (as the package declares),
    of a zip file or its bytes.  Bytes: the zip opened is kept for the sniffer of that very
    object (``extract.zip_members.open_zip``), so its central directory is parsed once."""
    try:
        if isinstance(source, bytes):
            infos = open_zip(source, keep=True).infolist()
        else:
            with zipfile.ZipFile(source) as zf:
                infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip", 0  # the backend words the broken package
    kind = "docx" if any(i.filename == "word/document.xml" for i in infos) else "zip"
    return kind, sum(info.file_size for info in infos)


def check_decompressed(total: int, limits: Limits) -> None:
    """Refuse a package whose members inflate beyond the decompressed-size limit."""
    if limits.decompressed_mb and total > limits.decompressed_mb * MIB:
        raise LimitExceeded("too_large", (
            f"decompresses to {total / MIB:,.0f} MB, over the decompressed-size limit of "
            f"{limits.decompressed_mb} MB (a zip bomb? --max-decompressed MB to raise it)"))


def open_pdfium_document(data: bytes):
    """The PDF's bytes open in PDFium (the caller closes it; its page count is cheap), or
    None and why PDFium cannot open it."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data), None
    except Exception as exc:  # the backend words a PDF PDFium cannot open
        return None, str(exc)


def check_pages(pages: int | None, limits: Limits) -> None:
    """Refuse a file beyond the page limit."""
    if limits.pages and pages and pages > limits.pages:
        raise LimitExceeded("too_large", (
            f"{pages} pages, over the page limit of {limits.pages} "
            f"(--max-pages N to raise it)"))
