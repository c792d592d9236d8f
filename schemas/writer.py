"""Records → Arrow tables → Parquet files.

``activity_rows`` / ``document_row`` turn normalize's typed records into plain dicts shaped
like the schema; ``to_table`` builds the Arrow table; ``DatasetWriter`` streams documents
and their rows into the two files of a fresh folder, a fixed number of files per row group
(so the same input gives the same bytes); ``write_parquet`` writes one table atomically.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from normalize.records import ActivityRecord, DocumentMeta, Issue, School
from schemas.arrow import ACTIVITIES, DOCUMENTS


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    """A record class's field names, in order (read once per class)."""
    return tuple(f.name for f in fields(cls))


def _values_getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A record class's field values, in order, in one call (made once per class)."""
    getter = _GETTERS.get(cls)
    if getter is None:
        names = _field_names(cls)
        get = attrgetter(*names)
        getter = _GETTERS[cls] = get if len(names) > 1 else (lambda record: (get(record),))
    return getter


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def record_dict(record: Any) -> dict[str, Any]:
    """A flat record (a frozen dataclass of plain values: str, number, date, None) as a dict:
    what ``dataclasses.asdict`` gives it, without its recursive copy."""
    cls = type(record)
    return dict(zip(_field_names(cls), _values_getter(cls)(record)))


def _dicts(records: Iterable[Any]) -> list[dict[str, Any]]:
    return [record_dict(r) for r in records] if records else []


def _issues(issues: Iterable[Issue]) -> list[dict[str, str]]:
    return [{"code": i.code, "message": i.message} for i in issues]


def _schools(schools: Sequence[School]) -> tuple[list[str], list[dict[str, Any]]]:
    return [s.canonical for s in schools], _dicts(schools)


def doc_fields(meta: DocumentMeta) -> dict[str, Any]:
    """The document fields repeated on each activity row."""
    return {"region": meta.region, "region_code": meta.region_code, "level": meta.level,
            "municipality": meta.municipality, "year": meta.year}


def activity_rows(records: Sequence[ActivityRecord], *, doc_id: str, source_file: str,
                  meta: DocumentMeta) -> list[dict[str, Any]]:
    """One schema-shaped dict per activity record."""
    shared = doc_fields(meta)
    rows = []
    for index, rec in enumerate(records):
        raw = rec.row
        names, entities = _schools(rec.schools)
        rows.append({
            "doc_id": doc_id, "source_file": source_file, "row_index": index, "page": raw.page,
            **shared,
            "section": raw.section, "item_no": raw.item_no, "activity": raw.activity,
            "period_raw": raw.period_raw, "executors_raw": raw.executors_raw,
            "indicator": raw.indicator, "extra": list(raw.extra.items()),
            "period_start": rec.period.start, "period_end": rec.period.end,
            "recurrence": rec.period.recurrence, "done": rec.done,
            "executors": _dicts(rec.executors),
            "indicator_targets": _dicts(rec.indicator_targets),
            "risk_directions": rec.risk_directions,
            "risk_evidence": _dicts(rec.risk_evidence),
            "risk_topics": rec.risk_topics,
            "risk_topic_evidence": _dicts(rec.risk_topic_evidence),
            "schools": names, "school_entities": entities,
            "warnings": _issues([*raw.issues, *rec.issues]),
            "task": raw.task, "merged_from": list(raw.merged_from),
            "milestone": rec.milestone, "activity_kind": rec.activity_kind,
            "milestone_evidence": _dicts(rec.milestone_evidence),
        })
    return rows


def document_row(*, doc_id: str, source_file: str, format: str | None, pages: int | None,
                 status: str, error: str | None, meta: DocumentMeta | None,
                 schools: Sequence[School] = (), n_activities: int = 0,
                 columns: Sequence[tuple[str, str]] = (), issues: Sequence[Issue] = (),
                 row_issues: Sequence[Issue] = (), seconds: float | None = None,
                 duplicate_of: str | None = None,
                 ocr_pages: int = 0, ocr_confidence: float | None = None) -> dict[str, Any]:
    """The documents.parquet row of one input file."""
    meta = meta or DocumentMeta()
    counts: dict[str, int] = {}
    for issue in [*issues, *row_issues]:
        counts[issue.code] = counts.get(issue.code, 0) + 1
    names, entities = _schools(schools)
    return {
        "doc_id": doc_id, "source_file": source_file, "format": format, "pages": pages,
        "status": status, "error": error,
        "issuer": meta.issuer, "order_type": meta.order_type, "order_number": meta.order_number,
        "order_date": meta.order_date, **doc_fields(meta),
        "schools": names, "school_entities": entities, "n_activities": n_activities,
        "columns": [{"header": h, "field": f} for h, f in columns],
        "n_warnings": sum(counts.values()), "warning_counts": sorted(counts.items()),
        "warnings": _issues(issues), "seconds": seconds, "duplicate_of": duplicate_of,
        "ocr_pages": ocr_pages, "ocr_confidence": ocr_confidence,
    }


def to_table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows (dicts shaped like ``schema``) as an Arrow table of exactly that schema."""
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    arrays = []
    for f in schema:
        if pa.types.is_dictionary(f.type):
            arrays.append(pa.array(columns[f.name], type=f.type.value_type).dictionary_encode())
        else:
            arrays.append(pa.array(columns[f.name], type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def activities_table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    return to_table(rows, ACTIVITIES)


def documents_table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    return to_table(rows, DOCUMENTS)


def write_parquet(table: pa.Table, path: str | Path) -> Path:
    """Write ``table`` to ``path`` atomically (temp file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class DatasetWriter:
    """``activities.parquet`` and ``documents.parquet`` in ``folder``, written as results come."""

    FILES_PER_ROW_GROUP = 256

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._activities = pq.ParquetWriter(self.folder / "activities.parquet", ACTIVITIES,
                                            compression="zstd")
        self._documents = pq.ParquetWriter(self.folder / "documents.parquet", DOCUMENTS,
                                           compression="zstd")
        self._docs: list[dict[str, Any]] = []
        self._rows: list[dict[str, Any]] = []

    def add(self, document: dict[str, Any], activities: Sequence[dict[str, Any]]) -> None:
        """One file's row and its activities (in output order)."""
        self._docs.append(document)
        self._rows.extend(activities)
        if len(self._docs) >= self.FILES_PER_ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if self._docs:
            self._documents.write_table(documents_table(self._docs))
        if self._rows:
            self._activities.write_table(activities_table(self._rows))
        self._docs, self._rows = [], []

    def close(self) -> None:
        self.flush()
        self._activities.close()
        self._documents.close()

    def __enter__(self) -> "DatasetWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
