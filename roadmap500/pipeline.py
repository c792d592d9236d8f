"""Orchestration: files in, one row per document and one per activity out.

``convert_file`` never raises: whatever goes wrong with one file becomes that file's
``status`` and ``error``, so a batch always finishes.  ``roadmap500.batch.run_batch`` runs
many files in worker processes under per-file limits and writes the dataset;
``convert`` / ``convert_tables`` / ``convert_to_dir`` are the Python API over it.
"""
from __future__ import annotations

import hashlib
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract import CorruptFileError, EmptyFileError, ExtractError, UnsupportedFormatError
from normalize.records import Issue
from roadmap500.discover import INPUT_SUFFIXES, discover_inputs, display_path
from roadmap500.limits import (
    Limits,
    LimitExceeded,
    check_decompressed,
    check_pages,
    memory_message,
    open_pdfium_document,
    zip_kind_and_size,
)
from schemas.writer import activity_rows, document_row

__all__ = ["INPUT_SUFFIXES", "FileResult", "convert", "convert_file", "convert_tables",
           "convert_to_dir", "discover", "file_id"]

_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(slots=True)
class FileResult:
    """What became of one input file."""

    document: dict[str, Any]
    activities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.document["status"]


def file_id(path: Path) -> str:
    """Content hash of a file: the first 16 hex digits of its sha256."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def content_id(data: bytes) -> str:
    """:func:`file_id` of bytes already read."""
    return hashlib.sha256(data).hexdigest()[:16]


def path_id(source: str) -> str:
    """The ``doc_id`` of a path whose content cannot be read: ``path-`` and a hash of the path."""
    return "path-" + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The readable input files: files as given, folders searched recursively for orders."""
    return [f.path for f in discover_inputs(paths).files if f.problem is None]


def name_issues(non_utf8_name: bool) -> list[Issue]:
    """The document warning of a file whose name is not valid UTF-8."""
    if not non_utf8_name:
        return []
    return [Issue("non_utf8_name", "the file name is not valid UTF-8; source_file shows its "
                                   "bytes escaped as \\xNN")]


def failed_result(source: str, doc_id: str, status: str, error: str, *, fmt: str | None = None,
                  pages: int | None = None, non_utf8_name: bool = False,
                  duplicate_of: str | None = None, seconds: float | None = None) -> FileResult:
    """The row of a file that produced no activities."""
    return FileResult(document_row(
        doc_id=doc_id, source_file=source, format=fmt, pages=pages, status=status, error=error,
        meta=None, issues=name_issues(non_utf8_name), duplicate_of=duplicate_of, seconds=seconds))


def _read(path: Path, data: bytes, limits: Limits, on_format: Callable[[str | None, int | None], None], *,
          ocr: bool = True):
    """Sniff, check the limits that can be checked up front, read with the right backend
    (:func:`extract.read_document`: DOCX, PDF with OCR of scanned pages, legacy formats).
    ``data`` is the file's bytes, read once and passed on; a PDF is opened by PDFium once."""
    from extract import read_document
    from extract.sniff import sniff_format
    from extract.zip_members import forget_zip

    if data[:4] == _ZIP_MAGIC:
        kind, inflated = zip_kind_and_size(data)  # the zip it opens is kept for sniff_format
        on_format(kind, None)
        try:
            check_decompressed(inflated, limits)
        except LimitExceeded:
            forget_zip()  # a zip not to be opened again: let its bytes go
            raise
    try:
        fmt = sniff_format(path, data)
    except UnsupportedFormatError as exc:
        from extract.legacy import legacy_kind

        fmt = legacy_kind(data)
        if fmt is None:  # not a legacy office file either
            raise
        exc.format = fmt
    if fmt != "pdf":
        on_format(fmt, None)
        doc = read_document(path, ocr=ocr, data=data, sniffed=fmt)
        check_pages(doc.pages, limits)
        return doc
    pdf, pdfium_error = open_pdfium_document(data)
    try:
        on_format(fmt, len(pdf) if pdf is not None else None)
        check_pages(len(pdf) if pdf is not None else None, limits)
        doc = read_document(path, ocr=ocr, data=data, pdf_document=pdf, sniffed=fmt)
    except (EmptyFileError, CorruptFileError) as exc:
        if pdfium_error and not exc.reason.startswith("a truncated"):  # PDFium's verdict
            exc.reason += (f"; PDFium cannot open it either ({pdfium_error}): a broken "
                           "cross-reference table or trailer?")
        raise
    finally:
        if pdf is not None:
            pdf.close()
    check_pages(doc.pages, limits)
    return doc


def _out_of_memory(exc: BaseException) -> bool:
    """Whether a MemoryError is behind ``exc`` (backends wrap it in their own errors)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, MemoryError) or any(isinstance(a, MemoryError) for a in exc.args):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def convert_file(path: str | Path, *, nlp: bool = True, ocr: bool = True, limits: Limits | None = None,
                 source: str | None = None, doc_id: str | None = None, timings: bool = True,
                 non_utf8_name: bool | None = None,
                 on_format: Callable[[str | None, int | None], None] | None = None) -> FileResult:
    """Convert one file; never raises.  Limits checked here: pages, decompressed size, and
    memory as far as an allocation fails (wall time is the pool's)."""
    from normalize.document import normalize_document
    from normalize.memo import document_started

    if document_started():  # the ``document`` cache scope: nothing remembered from other files
        from extract.docx import forget_templates

        forget_templates()
    path = Path(path)
    limits = limits or Limits(seconds=0, memory_mb=0)
    started = time.perf_counter()
    if source is None or non_utf8_name is None:
        source, non_utf8_name = display_path(path)
    try:
        data = path.read_bytes()  # once: hashed, sniffed and parsed from these bytes
    except OSError as exc:
        return failed_result(source, doc_id or path_id(source), "failed",
                             f"cannot read the file: {exc.strerror or exc}", non_utf8_name=non_utf8_name,
                             seconds=time.perf_counter() - started if timings else None)
    if doc_id is None:
        doc_id = content_id(data)
    fmt = pages = None

    def failed(status: str, error: str) -> FileResult:
        return failed_result(source, doc_id, status, error, fmt=fmt, pages=pages,
                             non_utf8_name=non_utf8_name,
                             seconds=time.perf_counter() - started if timings else None)

    def noted(f: str | None, p: int | None) -> None:
        nonlocal fmt, pages
        fmt, pages = f, p if p is not None else pages
        if on_format:
            on_format(f, p)

    try:
        doc = _read(path, data, limits, noted, ocr=ocr)
        del data
        fmt, pages = doc.format, doc.pages
        result = normalize_document(doc, nlp=nlp)
    except LimitExceeded as exc:
        return failed(exc.status, exc.message)
    except MemoryError:
        return failed("too_large", memory_message(limits))
    except ExtractError as exc:
        if _out_of_memory(exc):
            return failed("too_large", memory_message(limits))
        fmt = fmt or exc.format
        return failed(exc.status, exc.reason)
    except RecursionError:
        return failed("too_large", "nested too deeply to read (a table or list nested "
                                   "hundreds of levels deep)")
    except Exception as exc:  # a bug must not take the batch down; keep the trace
        trace = traceback.format_exc(limit=3).strip().splitlines()[-1]
        return failed("failed", f"internal error ({type(exc).__name__}): {exc} [{trace}]")
    rows = activity_rows(result.records, doc_id=doc_id, source_file=source, meta=result.meta)
    status = "ok" if rows else "no_table"
    document = document_row(
        doc_id=doc_id, source_file=source, format=fmt, pages=pages, status=status,
        error=None if rows else "no roadmap (activity) table found in the document",
        meta=result.meta, schools=result.schools, n_activities=len(rows),
        columns=result.columns, issues=[*name_issues(non_utf8_name), *result.issues],
        row_issues=result.row_issues,
        seconds=time.perf_counter() - started if timings else None,
        ocr_pages=len(doc.ocr_pages), ocr_confidence=doc.ocr_confidence)
    return FileResult(document, rows)


def warm_up(nlp: bool) -> None:
    """Load the NLP models once per worker process."""
    if nlp:
        from normalize.nlp import warm_up as load

        load()


def convert(paths: Iterable[str | Path], *, workers: int = 1, nlp: bool = True, ocr: bool = True,
            progress: Callable[..., Any] | None = None, limits: Limits | None = None):
    """Convert files and folders; returns ``(activities_df, documents_df)`` (pandas, typed:
    see :func:`to_pandas`).

    >>> activities, documents = convert(["samples/"])  # doctest: +SKIP
    """
    activities, documents = convert_tables(paths, workers=workers, nlp=nlp, ocr=ocr,
                                           progress=progress, limits=limits)
    return to_pandas(activities), to_pandas(documents)


def to_pandas(table):
    """An Arrow table as a typed DataFrame: Arrow-backed dtypes (``date32`` usable with
    ``.dt``, nullable integers stay integers, lists and structs as Arrow), dictionary
    columns as pandas categoricals (they sort and group like strings)."""
    import pandas as pd
    import pyarrow as pa

    def dtype(arrow_type):
        return None if pa.types.is_dictionary(arrow_type) else pd.ArrowDtype(arrow_type)

    return table.to_pandas(types_mapper=dtype)


def convert_tables(paths: Iterable[str | Path], *, workers: int = 1, nlp: bool = True, ocr: bool = True,
                   progress: Callable[..., Any] | None = None, limits: Limits | None = None):
    """Like :func:`convert`, as Arrow tables of the published schema.

    With ``workers`` ≤ 1 the files are converted in this process (no time or memory limit),
    ``progress(results, total)`` may wrap the iterator of results; with more, they go
    through the batch (worker pool, limits, staging) into a temporary folder.
    """
    if workers > 1:
        with tempfile.TemporaryDirectory(prefix="roadmap500-") as tmp:
            return convert_to_dir(paths, tmp, workers=workers, nlp=nlp, ocr=ocr, limits=limits)
    from schemas.writer import activities_table, documents_table

    from roadmap500.batch import in_process_results

    results = in_process_results(discover_inputs(paths), nlp=nlp, ocr=ocr, limits=limits or Limits())
    if progress is not None:
        results = progress(results, len(discover_inputs(paths).files))
    documents: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    for result in results:
        documents.append(result.document)
        activities.extend(result.activities)
    return activities_table(activities), documents_table(documents)


def convert_to_dir(paths: Iterable[str | Path], outdir: str | Path, *, workers: int = 1,
                   nlp: bool = True, ocr: bool = True, progress: Callable[..., Any] | None = None,
                   limits: Limits | None = None, incremental: bool = False, timings: bool = True):
    """Convert and write ``OUTDIR/activities.parquet`` and ``OUTDIR/documents.parquet``;
    returns both as Arrow tables (read back from the files)."""
    import pyarrow.parquet as pq

    from roadmap500.batch import BatchOptions, run_batch

    options = BatchOptions(workers=workers, nlp=nlp, ocr=ocr, limits=limits or Limits(),
                           incremental=incremental, timings=timings)
    report = run_batch(list(paths), Path(outdir), options, progress=progress)
    return (pq.read_table(report.outdir / "activities.parquet"),
            pq.read_table(report.outdir / "documents.parquet"))
