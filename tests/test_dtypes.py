"""The output read with typed dtypes: roadmap500.convert(), pandas with the pyarrow
backend, polars and duckdb — dates are dates, nullable integers stay integers, lists and
structs keep their shape."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import roadmap500

SAMPLE_DOCX = Path(__file__).resolve().parent.parent / "samples" / "000_24337ae1fe6dfe42.docx"


@pytest.fixture(scope="module")
def converted():
    return roadmap500.convert([SAMPLE_DOCX])


def test_convert_returns_arrow_backed_dtypes(converted):
    acts, docs = converted
    assert str(acts["period_start"].dtype) == "date32[day][pyarrow]"
    assert acts["period_start"].dt.month.dropna().between(1, 12).all()  # .dt works
    assert acts["period_start"].dt.year.dropna().isin([2020, 2021]).all()
    for column, dtype in [("row_index", "int32[pyarrow]"), ("page", "int32[pyarrow]"),
                          ("year", "int16[pyarrow]"), ("done", "bool[pyarrow]")]:
        assert str(acts[column].dtype) == dtype, column
    # a nullable integer with nulls stays an integer (documents.pages of a failed file)
    assert str(docs["pages"].dtype) == "int32[pyarrow]"
    assert str(docs["order_date"].dtype) == "date32[day][pyarrow]"
    assert isinstance(acts["region"].dtype, pd.CategoricalDtype)
    assert acts.sort_values("region")["region"].iloc[0] == "Томская область"  # sortable
    assert isinstance(acts["risk_directions"].dtype, pd.ArrowDtype)
    assert acts["milestone"].notna().sum() > 10


def test_pandas_pyarrow_backend(sample_output):
    acts = pd.read_parquet(sample_output / "activities.parquet", dtype_backend="pyarrow")
    docs = pd.read_parquet(sample_output / "documents.parquet", dtype_backend="pyarrow")
    assert str(acts["period_end"].dtype) == "date32[day][pyarrow]"
    assert acts["period_end"].dt.month.max() == 12
    assert str(acts["year"].dtype) == "int16[pyarrow]"
    # the two broken files: null pages, the column stays int32
    assert docs["pages"].isna().sum() >= 1 and str(docs["pages"].dtype) == "int32[pyarrow]"
    assert pa_list(acts["schools"].dtype)


def pa_list(dtype) -> bool:
    import pyarrow as pa

    return isinstance(dtype, pd.ArrowDtype) and pa.types.is_list(dtype.pyarrow_dtype)


def test_polars(sample_output):
    import polars as pl

    acts = pl.read_parquet(sample_output / "activities.parquet")
    docs = pl.read_parquet(sample_output / "documents.parquet")
    assert acts.schema["period_start"] == pl.Date
    assert acts.schema["year"] == pl.Int16 and acts.schema["row_index"] == pl.Int32
    assert acts.schema["risk_directions"] == pl.List(pl.Int8)
    assert isinstance(acts.schema["executors"], pl.List)
    assert docs.schema["pages"] == pl.Int32 and docs["pages"].null_count() >= 1
    per_month = (acts.filter(pl.col("period_start").is_not_null())
                 .group_by(pl.col("period_start").dt.month()).len())
    assert per_month.height >= 6
    exploded = acts.select("doc_id", "executors").explode("executors").unnest("executors")
    assert {"name", "full_name", "kind"} <= set(exploded.columns)


def test_duckdb(sample_output):
    import duckdb

    con = duckdb.connect()
    path = str(sample_output / "activities.parquet")
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["period_start"] == "DATE"
    assert types["year"] == "SMALLINT" and types["row_index"] == "INTEGER"
    assert types["risk_directions"] == "TINYINT[]"
    assert types["done"] == "BOOLEAN"
    first = con.execute(f"SELECT min(period_start) FROM read_parquet('{path}') "
                        "WHERE year = 2021").fetchone()[0]
    assert isinstance(first, dt.date)
    n_milestones = con.execute(f"SELECT count(*) FROM read_parquet('{path}') "
                               "WHERE milestone IS NOT NULL").fetchone()[0]
    assert n_milestones > 50
