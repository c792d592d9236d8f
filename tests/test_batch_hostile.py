"""The hostile corpus (tests/hostile/make_corpus.py) plus two samples in one run, 2 workers:
every input exactly one documents row with its own status and message, samples equal gold."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from roadmap500.cli import main
from tests.gold_compare import GOLD, compare_dir
from tests.hostile.make_corpus import EXPECTED, HIDDEN, make_corpus

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "002_8a09684000d27ae3.docx", ROOT / "samples" / "003_96c74c96be8d8184.pdf"]
LIMITS = ["--max-seconds", "40", "--max-memory", "800"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "in"
    corpus = make_corpus(folder)
    out = tmp_path_factory.mktemp("hostile_out") / "out"
    old_umask = os.umask(0o022)
    try:
        code = main(["convert", str(folder), *map(str, SAMPLES), "-o", str(out), "-w", "2", "-q",
                     *LIMITS])
    finally:
        os.umask(old_umask)
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    acts = pq.read_table(out / "activities.parquet").to_pylist()
    return folder, out, code, docs, acts, corpus


def _name(folder: Path, source: str) -> str:
    prefix = str(folder) + os.sep
    return source[len(prefix):] if source.startswith(prefix) else source


def test_exit_code_says_some_files_failed(run):
    assert run[2] == 1


def test_every_input_exactly_one_row_with_its_status_and_message(run):
    folder, _, _, docs, _, expected = run
    rows = {}
    for d in docs:
        if d["source_file"].startswith(str(folder)):
            name = Path(_name(folder, d["source_file"])).name
            assert name not in rows, f"two rows for {name}"
            rows[name] = d
    assert sorted(rows) == sorted(expected)
    for name, (status, text) in expected.items():
        d = rows[name]
        if status == "limit":
            assert d["status"] in ("too_large", "timeout"), (name, d["status"], d["error"])
        elif status == "limit_or_read":
            assert (d["status"] == "no_table"
                    or d["status"] in ("too_large", "timeout") and "limit" in d["error"]), \
                (name, d["status"], d["error"])
        else:
            assert d["status"] == status, (name, d["status"], d["error"])
        assert text in (d["error"] or ""), (name, d["error"])
        if d["status"] != "ok":
            assert d["error"], name


def test_doc_id_is_a_key_and_duplicates_point_to_the_first(run):
    folder, _, _, docs, acts, _ = run
    ids = [d["doc_id"] for d in docs]
    assert len(ids) == len(set(ids))
    by_name = {Path(d["source_file"]).name: d for d in docs}
    dup, first = by_name["zz_copy_of_spaces.docx"], by_name["with spaces.docx"]
    assert dup["duplicate_of"] == first["source_file"]
    assert dup["doc_id"] == first["doc_id"] + "~2"
    assert not any(a["doc_id"] == dup["doc_id"] for a in acts)
    assert first["n_activities"] == 3


def test_known_formats_are_named_for_failed_files(run):
    docs = {Path(d["source_file"]).name: d for d in run[3]}
    assert docs["page.doc"]["format"] == "html"
    assert docs["image.pdf"]["format"] == "png"
    assert docs["encrypted_password.pdf"]["format"] == "pdf"
    assert docs["zip_bomb.docx"]["format"] == "docx"
    assert docs["pages_3001.pdf"]["pages"] == 3001


def test_non_utf8_name_kept_escaped_and_flagged(run):
    docs = [d for d in run[3] if "\\x" in d["source_file"]]
    assert len(docs) == 1
    assert docs[0]["status"] == "ok" and docs[0]["source_file"].endswith(
        "\\xcf\\xf0\\xe8\\xea\\xe0\\xe7 \\xe4\\xee\\xf0\\xee\\xe6\\xed\\xe0\\xff \\xea\\xe0\\xf0\\xf2\\xe0.docx")
    assert "non_utf8_name" in [w["code"] for w in docs[0]["warnings"]]


def test_hidden_skipped_and_xxe_not_resolved(run):
    folder, out, _, docs, acts, _ = run
    assert not any("hidden" in d["source_file"] or "dotfile" in d["source_file"] for d in docs)
    assert HIDDEN == 2
    text = " ".join(str(v) for row in [*docs, *acts] for v in row.values())
    assert "root:x:0" not in text


def test_samples_in_the_same_run_equal_gold(run):
    reports = compare_dir(run[1], GOLD)
    assert sorted(Path(r.source).name for r in reports) == sorted(p.name for p in SAMPLES)
    for r in reports:
        assert r.n_rows == r.n_gold
        for name in ("section", "item_no", "activity", "period_raw", "executors_raw", "indicator"):
            assert r.fields[name].equal == r.fields[name].total, (r.source, name)
        assert {k: v for k, v in r.doc_misses.items() if k != "schools"} == {}


def test_output_files_follow_the_umask_and_no_temp_files_are_left(run):
    out = run[1]
    for name in ("activities.parquet", "documents.parquet"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp") or "staging" in p.parts]
    assert leftovers == []
    assert len(list((out / ".roadmap500").glob("gen-*"))) == 1
