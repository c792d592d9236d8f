"""`roadmap500 inspect`: what the pipeline saw, in words and (for a PDF) in pictures."""
from __future__ import annotations

import io
from pathlib import Path

from roadmap500.cli import main
from roadmap500.inspect import inspect_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_inspect_shows_pieces_mapping_and_rows():
    out = io.StringIO()
    path = next(p for p in sorted(SAMPLES.glob("*.docx")) if len(__import__("docx").Document(p).tables) >= 4)
    assert inspect_file(path, out=out) == 0
    text = out.getvalue()
    assert "roadmap header" in text and "continues the table above" in text
    assert "not a roadmap table (ignored)" in text
    assert "→ activity" in text and "→ period_raw" in text
    assert "assembled:" in text and "row_continued" in text


def test_inspect_png_draws_each_pdf_page(tmp_path, capsys):
    pdf = sorted(SAMPLES.glob("*.pdf"))[0]
    assert main(["inspect", str(pdf), "--png", str(tmp_path), "--rows", "2"]) == 0
    pngs = sorted(tmp_path.glob("*.png"))
    assert pngs and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert f"wrote {len(pngs)} page image(s)" in capsys.readouterr().out


def test_inspect_reports_an_unreadable_file(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    out = io.StringIO()
    assert inspect_file(bad, out=out) == 1 and "failed" in out.getvalue()
