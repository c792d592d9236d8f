"""Legacy formats (.doc, .rtf, .odt) through LibreOffice: same rows as the DOCX, clean failures."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from extract import read_document
from extract.errors import CorruptFileError, UnsupportedFormatError
from extract.legacy import legacy_kind, read_legacy
from roadmap500.pipeline import convert_file, convert_to_dir
from samples.make_twins import legacy_twins, sample_stems

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROW_KEYS = ("section", "item_no", "activity", "period_raw", "executors_raw", "indicator", "extra", "page")

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


@pytest.fixture(scope="module")
def twins(tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("legacy")
    for stem in sample_stems():
        legacy_twins(SAMPLES / f"{stem}.docx", folder)
    return folder


def _rows(path: Path) -> tuple[list[tuple], dict]:
    result = convert_file(path, nlp=False)
    rows = sorted(result.activities, key=lambda r: r["row_index"])
    return [tuple(str(r[k]) for k in ROW_KEYS) for r in rows], result.document


def test_legacy_kind_by_content():
    assert legacy_kind((FIXTURES / "legacy.doc").read_bytes()) == "doc"
    assert legacy_kind(b"{\\rtf1\\ansi \\'cf\\'f0\\'e8\\'ea\\'e0\\'e7}") == "rtf"
    assert legacy_kind(b"%PDF-1.7 ...") is None
    assert legacy_kind((SAMPLES / f"{sample_stems()[0]}.docx").read_bytes()) is None  # a DOCX is no legacy file


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
@pytest.mark.parametrize("stem", sample_stems(), ids=lambda s: s[:3])
def test_each_twin_gives_exactly_its_docx_rows(twins, stem, fmt):
    expected, _ = _rows(SAMPLES / f"{stem}.docx")
    got, document = _rows(twins / f"{stem}.{fmt}")
    assert document["status"] == "ok" and document["format"] == fmt
    assert got == expected


@needs_soffice
@pytest.mark.parametrize("stem", sample_stems(), ids=lambda s: s[:3])
def test_each_rtf_twin_through_libreoffice_gives_its_docx_rows(twins, stem, monkeypatch):
    """The fallback path (the native reader refusing the file) still gives the DOCX rows."""
    from extract.rtf_tokens import RtfError

    def refuse(data, source):
        raise RtfError("refused for the test")

    monkeypatch.setattr("extract.rtf.read_rtf", refuse)
    expected, _ = _rows(SAMPLES / f"{stem}.docx")
    got, document = _rows(twins / f"{stem}.rtf")
    assert document["status"] == "ok" and document["format"] == "rtf"
    assert got == expected
    said = [w["message"] for w in document["warnings"] if w["code"] == "extract_warning"]
    assert said == ["the native RTF reader cannot follow this file (refused for the test): "
                    "read after LibreOffice converted it"]


@needs_soffice
def test_one_listener_per_worker_serves_every_file(twins):
    from extract import legacy

    if not legacy.listener_available():
        pytest.skip("no python3-uno: one soffice per file")
    read_document(twins / f"{sample_stems()[0]}.odt")
    office = legacy._LISTENER.office.pid
    read_document(twins / f"{sample_stems()[0]}.doc")
    assert legacy._LISTENER.office.pid == office and legacy._LISTENER.alive()


@needs_soffice
def test_a_one_paragraph_doc_is_read():
    doc = read_document(FIXTURES / "legacy.doc")
    assert doc.format == "doc"
    assert "Приказ об утверждении дорожной карты" in doc.text()


@needs_soffice
def test_corrupt_doc_fails_cleanly(tmp_path):
    data = bytearray((FIXTURES / "legacy.doc").read_bytes())
    name = "WordDocument".encode("utf-16-le")
    directory = data.index(name)
    data[512:directory - 512] = b"\xff" * (directory - 1024)  # the streams wrecked, the directory kept
    broken = tmp_path / "broken.doc"
    broken.write_bytes(bytes(data))
    assert legacy_kind(bytes(data)) == "doc"
    result = convert_file(broken, nlp=False)
    assert result.status == "failed"
    assert result.document["error"].startswith("a legacy .doc (OLE) file")
    assert "LibreOffice" in result.document["error"]


FAKE_SOFFICE = """#!/bin/sh
# stands in for a LibreOffice that hangs on a file: it starts a child and both sleep
sleep 300 &
echo $! > "{pidfile}"
sleep 300
"""


@pytest.fixture()
def hanging_soffice(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pidfile = tmp_path / "child.pid"
    fake = bin_dir / "soffice"
    fake.write_text(FAKE_SOFFICE.format(pidfile=pidfile))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("extract.legacy.TIMEOUT", 2.0)
    return pidfile


def test_a_hanging_converter_is_killed_and_the_file_fails(hanging_soffice, tmp_path):
    started = time.perf_counter()
    with pytest.raises(CorruptFileError, match=r"did not finish converting within 2 s"):
        read_legacy(FIXTURES / "legacy.doc", "doc")
    assert time.perf_counter() - started < 30
    child = int(hanging_soffice.read_text())
    time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]


def test_the_batch_goes_on_past_a_hanging_and_a_corrupt_doc(hanging_soffice, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "legacy.doc", folder / "hangs.doc")
    (folder / "corrupt.doc").write_bytes((FIXTURES / "legacy.doc").read_bytes()[:600])
    shutil.copy(SAMPLES / f"{sample_stems()[0]}.docx", folder / "good.docx")
    _, documents = convert_to_dir([folder], tmp_path / "out", workers=1, nlp=False)
    docs = {Path(r["source_file"]).name: r for r in documents.to_pylist()}
    assert docs["good.docx"]["status"] == "ok"
    assert docs["hangs.doc"]["status"] == "failed"
    assert "LibreOffice did not finish" in docs["hangs.doc"]["error"]
    assert docs["corrupt.doc"]["status"] == "failed" and docs["corrupt.doc"]["error"]


def test_missing_libreoffice_names_the_package(monkeypatch):
    monkeypatch.setattr("extract.legacy.shutil.which", lambda name: None)
    with pytest.raises(UnsupportedFormatError, match="apt-get install libreoffice-writer-nogui"):
        read_document(FIXTURES / "legacy.doc")


def _docx_with(tmp_path: Path, name: str, edit) -> Path:
    """The first sample DOCX with its package members passed through ``edit(name, bytes)``
    (None drops a member)."""
    import zipfile

    out = tmp_path / name
    with zipfile.ZipFile(SAMPLES / f"{sample_stems()[0]}.docx") as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = edit(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)
    return out


def _broken_relationship(member: str, data: bytes) -> bytes:
    """The document's relationship to its settings part pointed at a part that is not there."""
    if member == "word/_rels/document.xml.rels":
        assert b'Target="settings.xml"' in data
        return data.replace(b'Target="settings.xml"', b'Target="gone_settings.xml"')
    return data


@needs_soffice
def test_a_docx_python_docx_refuses_is_read_through_libreoffice(tmp_path):
    from extract.docx import read_docx

    broken = _docx_with(tmp_path, "broken_relationship.docx", _broken_relationship)
    with pytest.raises(CorruptFileError, match="gone_settings.xml"):
        read_docx(broken)
    expected, _ = _rows(SAMPLES / f"{sample_stems()[0]}.docx")
    got, document = _rows(broken)
    assert document["status"] == "ok" and document["format"] == "docx"
    assert got == expected
    said = [w["message"] for w in document["warnings"] if w["code"] == "extract_warning"]
    assert len(said) == 1 and "python-docx cannot open this DOCX" in said[0]
    assert "gone_settings.xml" in said[0] and "LibreOffice" in said[0]


@needs_soffice
def test_a_docx_neither_can_open_fails_with_both_reasons(tmp_path):
    broken = _docx_with(tmp_path, "no_content_types.docx",
                        lambda member, data: None if member == "[Content_Types].xml" else data)
    result = convert_file(broken, nlp=False)
    assert result.status == "failed" and result.document["format"] == "docx"
    assert result.document["error"].startswith("not a readable DOCX package")
    assert "retried through LibreOffice: LibreOffice could not convert it" in result.document["error"]


def test_a_refused_docx_without_libreoffice_keeps_python_docx_reason(tmp_path, monkeypatch):
    monkeypatch.setattr("extract.legacy.shutil.which", lambda name: None)
    broken = _docx_with(tmp_path, "broken_relationship.docx", _broken_relationship)
    result = convert_file(broken, nlp=False)
    assert result.status == "failed"
    assert result.document["error"].startswith("not a readable DOCX package")
    assert "gone_settings.xml" in result.document["error"] and "LibreOffice" not in result.document["error"]


def test_a_docx_with_broken_xml_is_not_retried(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("LibreOffice must not be asked to half-read broken XML")

    monkeypatch.setattr("extract.legacy.read_legacy", refuse)
    broken = _docx_with(tmp_path, "broken_xml.docx", lambda member, data: data[: len(data) // 2]
                        if member == "word/document.xml" else data)
    result = convert_file(broken, nlp=False)
    assert result.status == "failed" and "broken XML" in result.document["error"]


@needs_soffice
def test_an_rtf_named_docx_is_read_with_a_warning(twins, tmp_path):
    renamed = tmp_path / "renamed.docx"
    shutil.copy(twins / f"{sample_stems()[0]}.rtf", renamed)
    expected, _ = _rows(SAMPLES / f"{sample_stems()[0]}.docx")
    got, document = _rows(renamed)
    assert document["status"] == "ok" and document["format"] == "rtf"
    assert got == expected
    assert any(w["message"] == "an RTF document named .docx: read as RTF" for w in document["warnings"])
