"""The Dask path on Dask's test cluster (``distributed.utils_test.cluster``): the samples convert
with output identical to the local run, and the dataset partitioned by year and region reads as
one table in pandas, polars, duckdb."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

distributed = pytest.importorskip("distributed")

from distributed.utils_test import cluster  # noqa: E402

from roadmap500.cli import main  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FILES = [str(p) for p in sorted([*SAMPLES.glob("*.docx"), *SAMPLES.glob("*.pdf")])]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    local, on_dask = tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("dask")
    assert main(["convert", *FILES, "-o", str(local), "-w", "2", "--no-timings", "-q"]) == 0
    # Dask's own test cluster: a scheduler and two single-threaded workers in their own
    # processes; on leaving it checks that no process and no client/worker/scheduler leaked.
    with cluster(nworkers=2) as (scheduler, workers):
        assert len(workers) == 2
        code = main(["convert", *FILES, "-o", str(on_dask), "--scheduler", scheduler["address"],
                     "--no-timings", "-q"])
    assert code == 0
    return local, on_dask


def test_dask_output_identical_to_the_local_run(runs):
    local, on_dask = runs
    for name in ("activities.parquet", "documents.parquet"):
        assert (on_dask / name).read_bytes() == (local / name).read_bytes()


def test_partitioned_dataset_reads_as_one_table_everywhere(runs):
    import duckdb
    import pandas as pd
    import polars as pl

    _, out = runs
    flat = pq.read_table(out / "activities.parquet")
    root = out / "dataset" / "activities"
    assert sorted(p.name.split("=")[0] for p in root.iterdir()) == ["year"] * len(list(root.iterdir()))
    by_pandas = pd.read_parquet(root)
    by_polars = pl.read_parquet(f"{root}/**/*.parquet", hive_partitioning=True)
    by_duckdb = duckdb.sql(f"SELECT doc_id, row_index, region, year FROM "
                           f"read_parquet('{root}/**/*.parquet', hive_partitioning=true)").fetchall()
    keys = sorted(zip(flat.column("doc_id").to_pylist(), flat.column("row_index").to_pylist()))
    assert sorted(zip(by_pandas["doc_id"], by_pandas["row_index"])) == keys
    assert sorted(zip(by_polars["doc_id"].to_list(), by_polars["row_index"].to_list())) == keys
    assert sorted((d, r) for d, r, _, _ in by_duckdb) == keys
    regions = {(d, r): (reg, y) for d, r, reg, y in by_duckdb}
    for d, r, reg, y in zip(flat.column("doc_id").to_pylist(), flat.column("row_index").to_pylist(),
                            flat.column("region").to_pylist(), flat.column("year").to_pylist()):
        assert regions[(d, r)] == (reg, y)
    docs = pd.read_parquet(out / "dataset" / "documents")
    assert len(docs) == len(FILES)
