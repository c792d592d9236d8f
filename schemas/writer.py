"""Records → Arrow tables → Parquet files.

``activity_rows`` / ``document_row`` turn normalize's typed records into plain dicts shaped
like the schema; ``to_table`` builds the Arrow table; ``DatasetWriter`` streams documents
and their rows into the two files of a fresh folder, a fixed number of files per row group
(so the same input gives the same bytes); a file's activities may come as row dicts or as
the plain Arrow table a worker built (``plain_table``: dictionary columns left as values,
encoded over the whole row group by ``join_pieces``, so both give the same bytes);
``write_parquet`` writes one table atomically.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import fields
from functools import lru_cache
from operator import itemgetter
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


def _dict_maker(cls: type) -> Callable[[Any], dict[str, Any]]:
    """A function building a record class's dict in one display (made once per class from
    its field names, which are identifiers)."""
    maker = _MAKERS.get(cls)
    if maker is None:
        body = ", ".join(f"{name!r}: r.{name}" for name in _field_names(cls))
        maker = _MAKERS[cls] = eval(f"lambda r: {{{body}}}")  # noqa: S307 - names from fields()
    return maker


_MAKERS: dict[type, Callable[[Any], dict[str, Any]]] = {}


def record_dict(record: Any) -> dict[str, Any]:
    """A flat record (a frozen dataclass of plain values: str, number, date, None) as a dict:
    what ``dataclasses.asdict`` gives it, without its recursive copy."""
    return _dict_maker(type(record))(record)


def _dicts(records: Iterable[Any]) -> list[dict[str, Any]]:
    if not records:
        return []
    makers = _MAKERS
    return [(makers.get(type(r)) or _dict_maker(type(r)))(r) for r in records]


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
    # an empty list of records is common (no targets, no evidence, no school): its [] made
    # here, without a call to _dicts
    for index, rec in enumerate(records):
        raw = rec.row
        schools, warnings = rec.schools, [*raw.issues, *rec.issues]
        rows.append({
            "doc_id": doc_id, "source_file": source_file, "row_index": index, "page": raw.page,
            **shared,
            "section": raw.section, "item_no": raw.item_no, "activity": raw.activity,
            "period_raw": raw.period_raw, "executors_raw": raw.executors_raw,
            "indicator": raw.indicator, "extra": list(raw.extra.items()),
            "period_start": rec.period.start, "period_end": rec.period.end,
            "recurrence": rec.period.recurrence, "done": rec.done,
            "executors": _dicts(rec.executors) if rec.executors else [],
            "indicator_targets": _dicts(rec.indicator_targets) if rec.indicator_targets else [],
            "risk_directions": rec.risk_directions,
            "risk_evidence": _dicts(rec.risk_evidence) if rec.risk_evidence else [],
            "risk_topics": rec.risk_topics,
            "risk_topic_evidence": _dicts(rec.risk_topic_evidence) if rec.risk_topic_evidence else [],
            "schools": [s.canonical for s in schools] if schools else [],
            "school_entities": _dicts(schools) if schools else [],
            "warnings": _issues(warnings) if warnings else [],
            "task": raw.task, "merged_from": list(raw.merged_from),
            "milestone": rec.milestone, "activity_kind": rec.activity_kind,
            "milestone_evidence": _dicts(rec.milestone_evidence) if rec.milestone_evidence else [],
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


def plain_schema(schema: pa.Schema) -> pa.Schema:
    """``schema`` with each dictionary column as its value type (field metadata kept)."""
    return pa.schema([f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f
                      for f in schema], metadata=schema.metadata)


def plain_table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows as an Arrow table of :func:`plain_schema` (``schema`` before dictionary encoding):
    the per-file piece a worker builds; :func:`encode_dictionaries` finishes the pieces joined."""
    plain = plain_schema(schema)
    columns = _columns(rows, [f.name for f in plain])
    arrays = [pa.array(column, type=f.type) for column, f in zip(columns, plain)]
    return pa.Table.from_arrays(arrays, schema=plain)


def _columns(rows: Sequence[dict[str, Any]], names: list[str]) -> list[list[Any]]:
    """Each named column of ``rows`` (a missing key gives None): one ``itemgetter`` per row
    and a transpose, where every row has every name; else key by key."""
    if not rows or not names:
        return [[] for _ in names]
    get = itemgetter(*names)
    try:
        values = [get(row) for row in rows]
    except KeyError:
        return [[row.get(n) for row in rows] for n in names]
    if len(names) == 1:
        return [values]
    return [list(column) for column in zip(*values)]


def table_bytes(table: pa.Table) -> bytes:
    """A table as an Arrow IPC stream (what a worker stages: read back without conversion)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as stream:
        stream.write_table(table)
    return sink.getvalue().to_pybytes()


def table_from_bytes(data: bytes) -> pa.Table:
    """The table :func:`table_bytes` wrote."""
    return pa.ipc.open_stream(data).read_all()


def encode_dictionaries(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """A :func:`plain_table` (or several concatenated) as one chunk of exactly ``schema``:
    dictionary columns encoded over the whole table, in order of first appearance."""
    arrays = []
    for f, column in zip(schema, table.columns):
        column = column.combine_chunks()
        arrays.append(column.dictionary_encode() if pa.types.is_dictionary(f.type) else column)
    return pa.Table.from_arrays(arrays, schema=schema)


def to_table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows (dicts shaped like ``schema``) as an Arrow table of exactly that schema."""
    return encode_dictionaries(plain_table(rows, schema), schema)


def join_pieces(pieces: Sequence[pa.Table | Sequence[dict[str, Any]]], schema: pa.Schema) -> pa.Table:
    """Per-file pieces in order (plain tables made by workers, or lists of row dicts) as one
    table of ``schema``: the same table :func:`to_table` makes of all their rows at once."""
    plain = plain_schema(schema)
    tables: list[pa.Table] = []
    rows: list[dict[str, Any]] = []
    for piece in pieces:
        if isinstance(piece, pa.Table):
            if rows:
                tables.append(plain_table(rows, schema))
                rows = []
            if not piece.schema.equals(plain, check_metadata=False):
                raise ValueError("a staged piece does not have the schema's plain form")
            tables.append(piece)
        else:
            rows.extend(piece)
    if rows or not tables:
        tables.append(plain_table(rows, schema))
    return encode_dictionaries(pa.concat_tables(tables) if len(tables) > 1 else tables[0], schema)


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
        self._pieces: list[pa.Table | Sequence[dict[str, Any]]] = []

    def add(self, document: dict[str, Any], activities: pa.Table | Sequence[dict[str, Any]]) -> None:
        """One file's row and its activities (in output order): row dicts, or the
        :func:`plain_table` a worker made of them (the main process then converts nothing)."""
        self._docs.append(document)
        self._pieces.append(activities)
        if len(self._docs) >= self.FILES_PER_ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        """Write the files added since the last flush as one row group of each file."""
        if self._docs:
            self._documents.write_table(documents_table(self._docs))
            activities = join_pieces(self._pieces, ACTIVITIES)
            if activities.num_rows:
                self._activities.write_table(activities)
        self._docs, self._pieces = [], []

    def close(self) -> None:
        self.flush()
        self._activities.close()
        self._documents.close()

    def __enter__(self) -> "DatasetWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
