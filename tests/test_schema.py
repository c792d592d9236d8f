"""The Arrow schema: every field described, version stored, README dictionary in step."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa

from normalize.records import (
    ActivityRecord, DocumentMeta, Executor, IndicatorTarget, Issue, Period, RawRow, RiskHit, School,
)
from schemas.arrow import ACTIVITIES, DOCUMENTS, SCHEMA_VERSION
from schemas.dictionary import README, embed
from schemas.writer import activities_table, activity_rows, document_row, documents_table


def test_every_field_has_a_description():
    for schema in (ACTIVITIES, DOCUMENTS):
        for f in schema:
            assert (f.metadata or {}).get(b"description"), f.name
        assert schema.metadata[b"roadmap500.schema_version"] == SCHEMA_VERSION.encode()


def test_readme_data_dictionary_is_current():
    readme = README.read_text(encoding="utf-8")
    assert embed(readme) == readme, "run: python -m schemas.dictionary --write"


def test_records_round_trip_through_arrow_with_real_types():
    row = RawRow(section="Раздел", item_no="1", activity="Дело", period_raw="Март 2022",
                 executors_raw="ДО", indicator="не менее 90 %", extra={"Примечание": None},
                 page=2, issues=[Issue("x", "y")])
    rec = ActivityRecord(
        row=row, period=Period(dt.date(2022, 3, 1), dt.date(2022, 3, 31), None), done=True,
        executors=[Executor("Иванова И.И., методист ИМЦ", kind="person", category="methodical_centre",
                            person="Иванова И.И.", position="методист", organisation="ИМЦ",
                            organisation_full_name="информационно-методический центр")],
        indicator_targets=[IndicatorTarget(90, "percent", ">=", "не менее 90 %")],
        risk_directions=[3], risk_evidence=[RiskHit(3, "риск 3", "number")],
        schools=[School("МАОУ СОШ № 14", "МАОУ", "СОШ", "14")])
    meta = DocumentMeta(region="Томская область", region_code="RU-TOM", level="regional", year=2022)
    table = activities_table(activity_rows([rec], doc_id="d", source_file="f.docx", meta=meta))
    assert table.schema.equals(ACTIVITIES)
    got = table.to_pylist()[0]
    assert got["period_start"] == dt.date(2022, 3, 1) and got["done"] is True
    assert got["extra"] == [("Примечание", None)]
    assert got["executors"][0]["kind"] == "person"
    assert got["executors"][0]["category"] == "methodical_centre"
    assert got["executors"][0]["person"] == "Иванова И.И."
    assert got["executors"][0]["organisation_full_name"] == "информационно-методический центр"
    assert got["school_entities"][0]["number"] == "14"
    assert got["warnings"] == [{"code": "x", "message": "y"}]
    assert pa.types.is_dictionary(table.schema.field("region").type)

    docs = documents_table([document_row(doc_id="d", source_file="f.docx", format="docx", pages=3,
                                         status="ok", error=None, meta=meta, n_activities=1,
                                         issues=[Issue("a", "b")], row_issues=[Issue("a", "c")])])
    doc = docs.to_pylist()[0]
    assert doc["n_warnings"] == 2 and doc["warning_counts"] == [("a", 2)]
