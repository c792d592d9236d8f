"""The camelot table engine (the ``[camelot]`` extra): same document model, same gold rows."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from extract import read_document
from extract.camelot_tables import TABLE_ENGINE_ENV, _spans, read_pdf_camelot, table_engine
from roadmap500 import cli
from tests.test_pdf_backend import gold, missed_gold_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _cell(left=True, right=True, top=True, bottom=True):
    return SimpleNamespace(left=left, right=right, top=top, bottom=bottom)


def test_spans_follow_the_missing_lines():
    open_right, open_left = _cell(right=False), _cell(left=False)
    open_bottom, open_top = _cell(bottom=False), _cell(top=False)
    grid = [[open_right, open_left, open_bottom], [_cell(), _cell(), open_top]]
    assert _spans(grid) == [(0, 0, 1, 2), (0, 2, 2, 1), (1, 0, 1, 1), (1, 1, 1, 1)]


def test_camelot_engine_recovers_the_ruled_gold_rows():
    pytest.importorskip("camelot")
    doc = read_pdf_camelot(FIXTURES / "ruled.pdf")
    assert doc.tables and all(t.method == "camelot-lattice" for t in doc.tables)
    assert missed_gold_rows(doc, gold("001_4d03b332e4c33257", 14)) == []
    heading = [c for t in doc.tables for c in t.cells if c.col_span == 6]
    assert heading and heading[0].text.startswith("I.")
    orders = sorted([b.order for b in doc.blocks] + [t.order for t in doc.tables])
    assert orders == list(range(len(orders)))


def test_borderless_tables_stay_the_backends_own():
    pytest.importorskip("camelot")
    doc = read_pdf_camelot(FIXTURES / "borderless.pdf")
    assert doc.tables and all(t.method == "stream" for t in doc.tables)


def test_engine_is_chosen_by_the_environment(monkeypatch):
    pytest.importorskip("camelot")
    monkeypatch.setenv(TABLE_ENGINE_ENV, "camelot")
    assert {t.method for t in read_document(FIXTURES / "ruled.pdf").tables} == {"camelot-lattice"}
    monkeypatch.setenv(TABLE_ENGINE_ENV, "tabula")
    with pytest.raises(ValueError, match="table engine"):
        table_engine()


def test_cli_says_how_to_install_camelot(monkeypatch, tmp_path, capsys):
    def missing():
        raise ImportError("camelot is not installed: pip install 'roadmap500[camelot]'")

    monkeypatch.setattr("extract.camelot_tables.require_camelot", missing)
    code = cli.main(["convert", str(FIXTURES / "ruled.pdf"), "-o", str(tmp_path), "--tables", "camelot", "-q"])
    assert code == 2
    assert "roadmap500[camelot]" in capsys.readouterr().err
