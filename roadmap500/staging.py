"""The output folder: checks before any work, per-file staging, and the one-rename swap.

Layout of ``OUTDIR``::

    activities.parquet -> .roadmap500/current/activities.parquet   (symbolic links, fixed)
    documents.parquet  -> .roadmap500/current/documents.parquet
    .roadmap500/current -> gen-000007                               (the generation marker)
    .roadmap500/gen-000007/{activities,documents}.parquet
    dataset -> .roadmap500/current/dataset      (--partitioned / Dask: year=…/region=…/)
    .roadmap500/staging/<key>.pkl                                   (while a run is going)

A new dataset is written into a fresh ``gen-N`` folder; ``current`` is then replaced by one
rename, so a reader following the links sees the old pair or the new pair, never a mix.
Each finished file's result is staged as it comes, so a killed run resumes where it was.
Leftovers of a killed run (temp files, unreferenced generations) are removed by the next.
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STATE = ".roadmap500"
TABLES = ("activities.parquet", "documents.parquet")
DATASET = "dataset"  # partitioned by year and region, when asked for


class OutputError(Exception):
    """The output folder cannot take the dataset (said before any work is done)."""


def _first_existing(path: Path) -> Path:
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def check_output(outdir: Path) -> None:
    """Raise :class:`OutputError` unless ``outdir`` is (or can be made) a writable folder."""
    if os.path.lexists(outdir) and not outdir.is_dir():
        raise OutputError(f"{outdir}: exists and is not a folder")
    if outdir.is_dir():
        for name in TABLES:
            target = outdir / name
            if target.is_dir() and not target.is_symlink():
                raise OutputError(f"{target}: exists and is a folder, not a Parquet file")
        if not os.access(outdir, os.W_OK | os.X_OK):
            raise OutputError(f"{outdir}: the folder is not writable")
        return
    parent = _first_existing(outdir.absolute())
    if not parent.is_dir():
        raise OutputError(f"{outdir}: cannot be created, {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{outdir}: cannot be created, {parent} is not writable")


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


class Staging:
    """Per-file results of the run in progress, kept as they finish.

    Every result is written to disk (a killed run resumes from it); the last few put are also
    kept in memory, so the writer, which usually takes a result right after it is staged,
    gets it without reading the file back."""

    RECENT = 32  # results kept in memory until taken (the oldest is dropped beyond this)

    def __init__(self, outdir: Path, fingerprint: dict[str, Any]):
        self._recent: dict[str, Any] = {}
        self.dir = outdir / STATE / "staging"
        self.dir.mkdir(parents=True, exist_ok=True)
        for tmp in self.dir.glob("*.tmp"):
            tmp.unlink(missing_ok=True)
        marker = self.dir / "config.json"
        wanted = json.dumps(fingerprint, sort_keys=True)
        if not marker.exists() or marker.read_text() != wanted:
            shutil.rmtree(self.dir)
            self.dir.mkdir(parents=True)
            _write_atomic(marker, wanted.encode())

    def path(self, key: str) -> Path:
        return self.dir / f"{key}.pkl"

    def has(self, key: str) -> bool:
        return self.path(key).exists()

    def put(self, key: str, result: Any) -> None:
        _write_atomic(self.path(key), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        self._recent.pop(key, None)
        self._recent[key] = result
        if len(self._recent) > self.RECENT:
            del self._recent[next(iter(self._recent))]

    def get(self, key: str) -> Any:
        """A staged result (taken from memory when it is still there, else read from its
        file); activities a worker staged as Arrow IPC bytes come back as the table."""
        result = self._recent.pop(key, None)
        if result is None:
            with open(self.path(key), "rb") as fh:
                result = pickle.load(fh)
        if isinstance(getattr(result, "activities", None), bytes):
            from schemas.writer import table_from_bytes

            result.activities = table_from_bytes(result.activities)
        return result

    def remove(self) -> None:
        self._recent.clear()
        shutil.rmtree(self.dir, ignore_errors=True)


def _generations(state: Path) -> Iterator[Path]:
    return (p for p in state.glob("gen-*") if p.is_dir() and not p.is_symlink())


def current_generation(outdir: Path) -> Path | None:
    """The folder the published dataset lives in, if there is one."""
    link = outdir / STATE / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def new_generation(outdir: Path) -> Path:
    """A fresh, empty folder for the next dataset (leftovers of killed runs removed)."""
    state = outdir / STATE
    state.mkdir(parents=True, exist_ok=True)
    live = current_generation(outdir)
    numbers = [0]
    for gen in _generations(state):
        if live is None or gen.resolve() != live:
            shutil.rmtree(gen, ignore_errors=True)
        numbers.append(int(gen.name.split("-")[1]) if gen.name.split("-")[1].isdecimal() else 0)
    for tmp in state.glob("*.tmp"):
        tmp.unlink(missing_ok=True)
    gen = state / f"gen-{max(numbers) + 1:06d}"
    gen.mkdir()
    return gen


def _symlink_atomic(target: str, link: Path) -> None:
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def publish(outdir: Path, gen: Path) -> None:
    """Make ``gen`` the current dataset in one rename, then drop the old generation."""
    old = current_generation(outdir)
    for name in TABLES:
        with open(gen / name, "rb") as fh:
            os.fsync(fh.fileno())
    _symlink_atomic(gen.name, outdir / STATE / "current")
    for name in (*TABLES, DATASET):
        link = outdir / name
        wanted = f"{STATE}/current/{name}"
        if name == DATASET and not (gen / name).is_dir():
            if link.is_symlink():
                link.unlink()
            continue
        if not (link.is_symlink() and os.readlink(link) == wanted):
            _symlink_atomic(wanted, link)
    if old is not None and old != gen.resolve():
        shutil.rmtree(old, ignore_errors=True)
