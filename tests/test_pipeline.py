"""The whole path on bad input: every file gets its own status and error, the batch goes on."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pandas as pd
import pyarrow.parquet as pq
import pytest

from roadmap500.cli import main
from roadmap500.pipeline import convert, convert_file, convert_to_dir, discover
from schemas.arrow import ACTIVITIES, DOCUMENTS, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
GOOD_DOCX = sorted(SAMPLES.glob("*.docx"))[0]
GOOD_PDF = sorted(SAMPLES.glob("*.pdf"))[0]


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    shutil.copy(GOOD_DOCX, folder / "good.docx")
    (folder / "zero.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(GOOD_PDF.read_bytes()[:1500])
    (folder / "text.pdf").write_text("Это обычный текст, а не PDF.\n", encoding="utf-8")
    (folder / "broken.docx").write_bytes(GOOD_DOCX.read_bytes()[:300])
    shutil.copy(FIXTURES / "encrypted.pdf", folder / "encrypted.pdf")
    shutil.copy(FIXTURES / "image_only.pdf", folder / "scan.pdf")
    shutil.copy(FIXTURES / "legacy.doc", folder / "legacy.doc")
    d = docx.Document()
    d.add_paragraph("ПРИКАЗ")
    d.add_paragraph("О назначении ответственных. Дорожная карта будет утверждена позднее.")
    d.save(folder / "no_table.docx")
    return folder


@pytest.fixture(scope="module")
def batch(bad_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    activities, documents = convert_to_dir([bad_folder], out, workers=2)
    return out, activities.to_pylist(), {Path(r["source_file"]).name: r for r in documents.to_pylist()}


def test_each_bad_file_gets_its_own_status_and_a_readable_error(batch, bad_folder):
    _, _, docs = batch
    expected = {"good.docx": "ok", "zero.pdf": "failed", "truncated.pdf": "failed",
                "text.pdf": "failed", "broken.docx": "failed", "encrypted.pdf": "failed",
                "no_table.docx": "no_table", "scan.pdf": "no_table", "legacy.doc": "no_table"}
    assert {name: d["status"] for name, d in docs.items()} == expected
    assert "zero-byte" in docs["zero.pdf"]["error"] or "empty" in docs["zero.pdf"]["error"].lower()
    assert "encrypt" in docs["encrypted.pdf"]["error"].lower() or "password" in docs["encrypted.pdf"]["error"].lower()
    assert "text" in docs["text.pdf"]["error"].lower()
    assert "zip" in docs["broken.docx"]["error"].lower() or "docx" in docs["broken.docx"]["error"].lower()
    assert docs["no_table.docx"]["n_activities"] == 0
    assert docs["scan.pdf"]["ocr_pages"] == 1  # the scan is OCR'd (a 60 dpi picture of no roadmap)
    assert docs["legacy.doc"]["format"] == "doc"  # converted by LibreOffice: one paragraph, no table
    assert convert_file(bad_folder / "scan.pdf", nlp=False, ocr=False).status == "needs_ocr"
    assert all(d["error"] is None for n, d in docs.items() if d["status"] == "ok")


def test_the_rest_of_the_batch_converts(batch):
    _, activities, docs = batch
    assert docs["good.docx"]["n_activities"] > 0
    assert {r["source_file"] for r in activities} == {docs["good.docx"]["source_file"]}
    assert len(activities) == docs["good.docx"]["n_activities"]


def test_output_files_carry_the_schema_and_its_version(batch):
    out, _, _ = batch
    act = pq.read_table(out / "activities.parquet")
    doc = pq.read_table(out / "documents.parquet")
    assert act.schema.equals(ACTIVITIES, check_metadata=False)
    assert doc.schema.equals(DOCUMENTS, check_metadata=False)
    assert act.schema.metadata[b"roadmap500.schema_version"] == SCHEMA_VERSION.encode()
    assert not list(out.glob(".*.tmp"))  # atomic write leaves no temp file


def test_cli_exit_code_says_something_failed(bad_folder, tmp_path, capsys):
    code = main(["convert", str(bad_folder), "-o", str(tmp_path), "-q", "-w", "1"])
    printed = capsys.readouterr().out
    assert code == 1
    assert "encrypted.pdf" in printed and "failed" in printed and "no_table" in printed


def test_cli_exit_code_zero_when_all_convert(tmp_path, capsys):
    assert main(["convert", str(GOOD_DOCX), "-o", str(tmp_path), "-q", "--no-nlp"]) == 0
    assert (tmp_path / "activities.parquet").exists()


def test_missing_input_is_reported(tmp_path, capsys):
    assert main(["convert", str(tmp_path / "nope"), "-o", str(tmp_path / "o"), "-q"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_python_api_returns_typed_dataframes():
    activities, documents = convert([GOOD_DOCX], nlp=False)
    assert isinstance(activities, pd.DataFrame) and len(documents) == 1
    assert isinstance(activities["region"].dtype, pd.CategoricalDtype)
    assert str(activities["done"].dtype) == "bool[pyarrow]"  # Arrow-backed (issue 12)
    assert documents.loc[0, "status"] == "ok"


def test_convert_file_never_raises_on_a_folder(tmp_path):
    result = convert_file(tmp_path)
    assert result.status == "failed" and str(tmp_path) in result.document["source_file"]


def test_discover_recurses_and_skips_other_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "order.PDF").write_bytes(b"%PDF")
    (tmp_path / "a" / "notes.txt").write_text("x")
    (tmp_path / "a" / "order.docx").write_bytes(b"PK")
    assert sorted(p.name for p in discover([tmp_path])) == ["order.PDF", "order.docx"]
