"""The Arrow schema of the two output tables, built once, every field described.

``activities``: one row per activity of every converted order.
``documents``:  one row per input file, whatever became of it.

The schema version is stored in each schema's metadata (``roadmap500.schema_version``) and
in the Parquet files the writer produces; bump it when a field changes meaning or type.
Dates are ``date32``, lists ``list_``, structured values ``struct``, repeated short strings
dictionary-encoded, so ``pandas.read_parquet`` gives real dtypes with no post-processing.
"""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "2.0.0"

_DICT = pa.dictionary(pa.int32(), pa.string())


def _f(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


ISSUE = pa.struct([
    _f("code", pa.string(), "stable snake_case code of the warning", False),
    _f("message", pa.string(), "readable explanation"),
])
EXECUTOR = pa.struct([
    _f("name", pa.string(), "the party as printed (short name where the order defines one)", False),
    _f("full_name", pa.string(), "full name from the order's «(далее – X)» or the shared glossary"),
    _f("kind", pa.string(), "what the party is: body, role, person, school, group"),
    _f("category", pa.string(), "federal_operator, regional_authority, municipal_authority, "
                                "institute, methodical_centre, school, curator, coordinator, "
                                "expert_group, other"),
    _f("person", pa.string(), "a named person: surname then initials («Иванов Н.Е.»)"),
    _f("position", pa.string(), "the position as printed («методист», «директор»)"),
    _f("organisation", pa.string(), "the position's organisation as printed («МКУ «ИМЦ»»)"),
    _f("organisation_full_name", pa.string(),
       "the organisation's full name from the order's definitions or the glossary"),
])
TARGET = pa.struct([
    _f("value", pa.float64(), "the number stated", False),
    _f("unit", pa.string(), "what is counted: percent, school, curator, … ('' if unstated)"),
    _f("comparison", pa.string(), "one of >=, <=, =, >, <"),
    _f("text", pa.string(), "the matched text"),
])
RISK_HIT = pa.struct([
    _f("code", pa.int8(), "risk direction 1–10", False),
    _f("text", pa.string(), "the text that matched"),
    _f("method", pa.string(), "how it matched: number, wording, section, lexicon"),
])
SCHOOL = pa.struct([
    _f("canonical", pa.string(), "canonical form, e.g. «МАОУ СОШ № 14»", False),
    _f("legal_form", pa.string(), "МАОУ, МБОУ, …"),
    _f("kind", pa.string(), "СОШ, гимназия, лицей, …"),
    _f("number", pa.string(), "the school's number"),
    _f("name", pa.string(), "its name in «» without quotes"),
    _f("honorific", pa.string(), "«им. …» / «имени …»"),
    _f("locality", pa.string(), "«г. Липецк» where the order gives one"),
    _f("full_name", pa.string(), "the full official name where the order spells one out, its legal-form "
                                 "and kind words in the nominative («муниципальное бюджетное "
                                 "общеобразовательное учреждение …»)"),
])
MILESTONE_HIT = pa.struct([
    _f("phrase", pa.string(), "the key phrase of schemas/milestones.toml (lemmas)", False),
    _f("text", pa.string(), "the words of the activity it matched"),
    _f("role", pa.string(), "milestone, exclude:<code> (vetoed), head:<kind> (regional head), kind"),
])
COLUMN = pa.struct([
    _f("header", pa.string(), "the column header as printed", False),
    _f("field", pa.string(), "the row field it fills, or extra:<header>", False),
])

_DOC_FIELDS = [
    _f("region", _DICT, "subject of the Russian Federation, official short name"),
    _f("region_code", _DICT, "ISO 3166-2 code of the region (RU-TOM …), null where ISO has none"),
    _f("level", _DICT, "regional, municipal or school roadmap"),
    _f("municipality", pa.string(), "for municipal roadmaps: «Город Омск», «… муниципальный округ»"),
    _f("year", pa.int16(), "the year the roadmap covers"),
]

ACTIVITIES = pa.schema(
    [
        _f("doc_id", pa.string(), "content hash of the source file (documents.doc_id)", False),
        _f("source_file", pa.string(), "path of the source file as given", False),
        _f("row_index", pa.int32(), "position of the row in its document, from 0", False),
        _f("page", pa.int32(), "page the row starts on (1-based; DOCX without pages: 1)"),
        *_DOC_FIELDS,
        _f("section", pa.string(), "section heading the row sits under, without its numeral"),
        _f("item_no", pa.string(), "the row's number as printed, without the trailing dot"),
        _f("activity", pa.string(), "the activity / task cell"),
        _f("period_raw", pa.string(), "the date / deadline cell as printed"),
        _f("executors_raw", pa.string(), "the executors / responsible cell as printed"),
        _f("indicator", pa.string(), "the indicator / result cell as printed"),
        _f("extra", pa.map_(pa.string(), pa.string()), "any other column: printed header → text"),
        _f("period_start", pa.date32(), "first day the period covers; null for a bare deadline"),
        _f("period_end", pa.date32(), "last day the period covers"),
        _f("recurrence", _DICT, "weekly, monthly, quarterly, semiannual, annual, continuous"),
        _f("done", pa.bool_(), "the row is marked completed («выполнено») in some cell"),
        _f("executors", pa.list_(EXECUTOR), "the executors cell split into parties: bodies, roles, people, schools, groups"),
        _f("indicator_targets", pa.list_(TARGET), "numeric targets the indicator states"),
        _f("risk_directions", pa.list_(pa.int8()), "risk directions (1–10) the row names explicitly"),
        _f("risk_evidence", pa.list_(RISK_HIT), "what named each risk direction, and how"),
        _f("risk_topics", pa.list_(pa.int8()), "risk directions the activity plainly works on"),
        _f("risk_topic_evidence", pa.list_(RISK_HIT), "what suggested each risk topic"),
        _f("schools", pa.list_(pa.string()), "specific schools named in the row, canonical form"),
        _f("school_entities", pa.list_(SCHOOL), "the same schools as structured fields"),
        _f("warnings", pa.list_(ISSUE), "text kept raw but unplaced, suspicious values, …"),
        _f("task", pa.string(), "the task / goal cell (Задача, Цель) the activity serves, where the "
                                "table has both a task and an activity column; null otherwise"),
        _f("merged_from", pa.list_(pa.string()),
           "fields whose text this row inherits from a cell merged over several rows "
           "(period_raw, executors_raw, task, extra:<header> …); empty where none"),
        _f("milestone", _DICT, "federal «500+» calendar milestone the activity is (schemas/milestones.toml), "
                               "null for a regional initiative"),
        _f("activity_kind", _DICT, "federal_milestone, or the kind of regional initiative: seminars, courses, "
                                   "methodical_support, contests, parents, monitoring, normative_acts, "
                                   "information, other"),
        _f("milestone_evidence", pa.list_(MILESTONE_HIT), "the phrases that set milestone and activity_kind"),
    ],
    metadata={"roadmap500.schema_version": SCHEMA_VERSION, "roadmap500.table": "activities"},
)

DOCUMENTS = pa.schema(
    [
        _f("doc_id", pa.string(), "content hash of the file (sha256, first 16 hex digits), a key: "
                                  "the n-th copy of one content gets '~n', a path that cannot be "
                                  "read 'path-' and a hash of the path", False),
        _f("source_file", pa.string(), "path of the file as given", False),
        _f("format", _DICT, "docx, pdf, or what the file turned out to be"),
        _f("pages", pa.int32(), "page count"),
        _f("status", _DICT, "ok, no_table, needs_ocr, failed, too_large, timeout, duplicate", False),
        _f("error", pa.string(), "why the file failed, readable"),
        _f("issuer", pa.string(), "issuing body, nominative"),
        _f("order_type", _DICT, "приказ or распоряжение"),
        _f("order_number", pa.string(), "as printed, without «№»"),
        _f("order_date", pa.date32(), "date of the order"),
        *_DOC_FIELDS,
        _f("schools", pa.list_(pa.string()), "every specific school the order names, canonical form"),
        _f("school_entities", pa.list_(SCHOOL), "the same schools as structured fields"),
        _f("n_activities", pa.int32(), "rows in activities.parquet for this file", False),
        _f("columns", pa.list_(COLUMN), "the activity table's columns and the fields they fill"),
        _f("n_warnings", pa.int32(), "warnings on the document and its rows", False),
        _f("warning_counts", pa.map_(pa.string(), pa.int32()), "warnings by code, rows included"),
        _f("warnings", pa.list_(ISSUE), "warnings on the document itself"),
        _f("seconds", pa.float32(), "time spent converting the file"),
        _f("duplicate_of", pa.string(), "status duplicate: source_file of the first file with "
                                        "the same content (doc_id)"),
        _f("ocr_pages", pa.int32(), "pages read by OCR (no usable text layer)"),
        _f("ocr_confidence", pa.float32(), "mean OCR word confidence over those pages, 0–100; null without OCR"),
    ],
    metadata={"roadmap500.schema_version": SCHEMA_VERSION, "roadmap500.table": "documents"},
)


def describe(schema: pa.Schema) -> list[tuple[str, str, str]]:
    """(name, type, description) for each field: the data dictionary."""
    return [(f.name, str(f.type), (f.metadata or {}).get(b"description", b"").decode())
            for f in schema]
