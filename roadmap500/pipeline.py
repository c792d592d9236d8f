"""Orchestration: files in, one row per document and one per activity out.

``convert_file`` never raises: whatever goes wrong with one file becomes that file's
``status`` and ``error``, so a batch always finishes.  ``convert`` runs many files, in
worker processes when asked (each worker loads the NLP models once), and returns pandas
DataFrames; ``convert_to_dir`` writes them as Parquet, atomically.
"""
from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract import ExtractError, read_document
from schemas.writer import (
    activities_table,
    activity_rows,
    document_row,
    documents_table,
    write_parquet,
)

INPUT_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf")


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


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The input files: files as given, folders searched recursively for orders."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*")
                                if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES
                                and not any(part.startswith(".") for part in f.parts)))
        else:
            found.append(p)
    seen: set[Path] = set()
    return [f for f in found if not (f.resolve() in seen or seen.add(f.resolve()))]


def convert_file(path: str | Path, *, nlp: bool = True, ocr: bool = True) -> FileResult:
    """Convert one file; never raises (``ocr=False``: a scan stays ``needs_ocr``)."""
    from normalize.document import normalize_document

    path = Path(path)
    started = time.perf_counter()
    source = str(path)
    try:
        doc_id = file_id(path)
    except OSError as exc:
        return FileResult(document_row(doc_id="", source_file=source, format=None, pages=None,
                                       status="failed", error=f"cannot read the file: {exc}",
                                       meta=None))
    fmt = pages = None
    try:
        doc = read_document(path, ocr=ocr)
        fmt, pages = doc.format, doc.pages
        result = normalize_document(doc, nlp=nlp)
    except ExtractError as exc:
        return FileResult(document_row(doc_id=doc_id, source_file=source, format=fmt, pages=pages,
                                       status=exc.status, error=exc.reason, meta=None,
                                       seconds=time.perf_counter() - started))
    except Exception as exc:  # a bug must not take the batch down; keep the trace
        trace = traceback.format_exc(limit=3).strip().splitlines()[-1]
        return FileResult(document_row(
            doc_id=doc_id, source_file=source, format=fmt, pages=pages, status="failed",
            error=f"internal error ({type(exc).__name__}): {exc} [{trace}]", meta=None,
            seconds=time.perf_counter() - started))
    rows = activity_rows(result.records, doc_id=doc_id, source_file=source, meta=result.meta)
    status = "ok" if rows else "no_table"
    document = document_row(
        doc_id=doc_id, source_file=source, format=fmt, pages=pages, status=status,
        error=None if rows else "no roadmap (activity) table found in the document",
        meta=result.meta, schools=result.schools, n_activities=len(rows),
        columns=result.columns, issues=result.issues, row_issues=result.row_issues,
        seconds=time.perf_counter() - started, ocr_pages=len(doc.ocr_pages),
        ocr_confidence=doc.ocr_confidence)
    return FileResult(document, rows)


def _warm_up(nlp: bool) -> None:
    if nlp:
        from normalize.nlp import warm_up

        warm_up()


def _convert_one(args: tuple[str, bool, bool]) -> FileResult:
    return convert_file(args[0], nlp=args[1], ocr=args[2])


def iter_convert(files: list[Path], *, workers: int = 1, nlp: bool = True,
                 ocr: bool = True) -> Iterator[FileResult]:
    """Convert ``files``, yielding results as they finish (in input order)."""
    jobs = [(str(f), nlp, ocr) for f in files]
    if workers <= 1 or len(files) <= 1:
        _warm_up(nlp)
        yield from map(_convert_one, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up, initargs=(nlp,)) as pool:
        yield from pool.map(_convert_one, jobs, chunksize=1)


def convert(paths: Iterable[str | Path], *, workers: int = 1, nlp: bool = True, ocr: bool = True,
            progress: Callable[[Iterable[FileResult], int], Iterable[FileResult]] | None = None):
    """Convert files and folders; returns ``(activities_df, documents_df)`` (pandas).

    >>> activities, documents = convert(["samples/"])  # doctest: +SKIP
    """
    activities, documents = convert_tables(paths, workers=workers, nlp=nlp, ocr=ocr, progress=progress)
    return activities.to_pandas(), documents.to_pandas()


def convert_tables(paths: Iterable[str | Path], *, workers: int = 1, nlp: bool = True,
                   ocr: bool = True, progress=None):
    """Like :func:`convert`, as Arrow tables of the published schema."""
    files = discover(paths)
    results: Iterable[FileResult] = iter_convert(files, workers=workers, nlp=nlp, ocr=ocr)
    if progress is not None:
        results = progress(results, len(files))
    activity_dicts: list[dict[str, Any]] = []
    document_dicts: list[dict[str, Any]] = []
    for result in results:
        document_dicts.append(result.document)
        activity_dicts.extend(result.activities)
    return activities_table(activity_dicts), documents_table(document_dicts)


def convert_to_dir(paths: Iterable[str | Path], outdir: str | Path, *, workers: int = 1,
                   nlp: bool = True, ocr: bool = True, progress=None):
    """Convert and write ``OUTDIR/activities.parquet`` and ``OUTDIR/documents.parquet``."""
    activities, documents = convert_tables(paths, workers=workers, nlp=nlp, ocr=ocr, progress=progress)
    outdir = Path(outdir)
    write_parquet(activities, outdir / "activities.parquet")
    write_parquet(documents, outdir / "documents.parquet")
    return activities, documents
