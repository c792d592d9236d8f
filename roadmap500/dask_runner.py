"""The same per-file conversion on a Dask cluster, and the dataset partitioned by year and region.

``roadmap500 convert … --scheduler tcp://HOST:8786`` sends one task per file to the cluster
(the workers must see the input paths, e.g. a shared folder); ``--dask`` starts a
``LocalCluster`` of ``--workers`` processes instead.  Results come back to this process as
they finish and go through the same staging and publishing as a local run, so the two
Parquet files are identical to the local run's.  Limits on the cluster: pages,
decompressed size and failed allocations as in a local worker; a Dask worker that dies
costs its file (after Dask's own retries); wall time and resident memory are the cluster's
to police (``distributed.worker.memory.terminate``).

``write_partitioned`` writes ``dataset/activities`` and ``dataset/documents`` as Hive-style
folders ``year=…/region=…/part-0.parquet``, read as one table by pandas
(``pd.read_parquet("out/dataset/activities")``), polars
(``pl.read_parquet("out/dataset/activities/**/*.parquet", hive_partitioning=True)``) and
duckdb (``read_parquet('out/dataset/activities/**/*.parquet', hive_partitioning=true)``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from roadmap500.limits import Limits
from roadmap500.workers import Job, Outcome

PARTITION_KEYS = ("year", "region")


def convert_task(job: Job, nlp: bool, limits: Limits, timings: bool, ocr: bool = True):
    """One file, on a Dask worker (models load once per worker process and stay cached)."""
    from roadmap500.pipeline import convert_file, warm_up

    warm_up(nlp)
    return convert_file(job.path, nlp=nlp, ocr=ocr, limits=limits, source=job.source, doc_id=job.doc_id,
                        timings=timings, non_utf8_name=job.non_utf8_name)


def _client(scheduler: str | None, workers: int):
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def run_on_dask(jobs: list[Job], *, nlp: bool, limits: Limits, ocr: bool = True, timings: bool,
                scheduler: str | None, workers: int, stage: Callable[[Job, Any], None],
                on_outcome: Callable[[Outcome], None]) -> None:
    """Convert ``jobs`` on the cluster; each result is staged as it arrives."""
    from distributed import as_completed

    from roadmap500.pipeline import failed_result

    client, cluster = _client(scheduler, workers)
    try:
        futures = {client.submit(convert_task, job, nlp, limits, timings, ocr, key=f"roadmap500-{job.key}",
                                 pure=False): job for job in jobs}
        for future in as_completed(list(futures)):
            job = futures.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # KilledWorker after Dask's retries, or a lost connection
                result = failed_result(job.source, job.doc_id, "failed",
                                       f"the Dask worker converting this file failed "
                                       f"({type(exc).__name__}: {exc})",
                                       non_utf8_name=job.non_utf8_name)
            future.release()
            stage(job, result)
            on_outcome(Outcome(job, result.status))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _batches(path: Path) -> Iterator[Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=8192):
        columns = [batch.column(i).cast(pa.string()) if batch.schema.field(i).name == "region"
                   else batch.column(i) for i in range(batch.num_columns)]
        yield pa.RecordBatch.from_arrays(columns, schema=_partition_schema(batch.schema))


def _partition_schema(schema: Any) -> Any:
    import pyarrow as pa

    index = schema.get_field_index("region")
    return schema.set(index, schema.field(index).with_type(pa.string()))


def write_partitioned(gen: Path) -> Path:
    """``gen/dataset/{activities,documents}`` partitioned by year and region (streamed)."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    root = gen / "dataset"
    for name in ("activities", "documents"):
        source = gen / f"{name}.parquet"
        schema = _partition_schema(pq.read_schema(source))
        partitioning = ds.HivePartitioning(pa.schema([schema.field(k) for k in PARTITION_KEYS]),
                                           segment_encoding="none")
        reader = pa.RecordBatchReader.from_batches(schema, _batches(source))
        ds.write_dataset(reader, root / name, format="parquet", partitioning=partitioning,
                         basename_template="part-{i}.parquet", use_threads=False,
                         existing_data_behavior="overwrite_or_ignore",
                         file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"))
    return root
