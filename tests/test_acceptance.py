"""Acceptance: every sample file, converted in one batch, against ../shared/gold (copied to
samples/source/gold).  Figures per file: ``python -m tests.gold_compare OUTDIR --misses``."""
from __future__ import annotations

from pathlib import Path

import pytest

from roadmap500.pipeline import convert_to_dir
from tests.gold_compare import GOLD, Report, compare_dir

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_FILES = sorted([*SAMPLES.glob("*.docx"), *SAMPLES.glob("*.pdf")])


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Report]:
    out = tmp_path_factory.mktemp("samples_out")
    convert_to_dir(SAMPLE_FILES, out, workers=2)
    return {Path(r.source).name: r for r in compare_dir(out, GOLD)}


def test_every_sample_has_gold_and_was_compared(reports):
    assert len(SAMPLE_FILES) == 10
    assert sorted(reports) == sorted(p.name for p in SAMPLE_FILES)


@pytest.mark.parametrize("name", [p.name for p in SAMPLE_FILES])
def test_rows_and_cells_equal_gold(reports, name):
    r = reports[name]
    assert r.n_rows == r.n_gold
    for field in ("section", "item_no", "activity", "period_raw", "executors_raw", "indicator",
                  "extra"):
        score = r.fields[field]
        assert score.equal == score.total, f"{field}: {score.misses[:3]}"


@pytest.mark.parametrize("name", [p.name for p in SAMPLE_FILES])
def test_document_metadata_equal_gold(reports, name):
    misses = {k: v for k, v in reports[name].doc_misses.items() if k != "schools"}
    assert misses == {}


@pytest.mark.parametrize("name", [p.name for p in SAMPLE_FILES])
def test_periods_and_completion_exact(reports, name):
    r = reports[name]
    for field in ("period_start", "period_end", "recurrence", "done"):
        assert r.fields[field].equal == r.fields[field].total, r.fields[field].misses[:3]


def test_executor_names_on_at_least_97_percent_of_rows(reports):
    equal = sum(r.fields["executors"].equal for r in reports.values())
    total = sum(r.fields["executors"].total for r in reports.values())
    assert equal / total >= 0.97


def _pr(reports, name):
    tp = sum(r.set_scores[name][0] for r in reports.values())
    fp = sum(r.set_scores[name][1] for r in reports.values())
    fn = sum(r.set_scores[name][2] for r in reports.values())
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


def test_risk_directions_exact(reports):
    assert _pr(reports, "risk_directions") == (1.0, 1.0)


def test_risk_topics_precision(reports):
    precision, _ = _pr(reports, "risk_topics")
    assert precision >= 0.8


def test_row_schools_precision_and_recall(reports):
    precision, recall = _pr(reports, "schools")
    assert precision >= 0.97 and recall >= 0.97


@pytest.mark.parametrize("name", [p.name for p in SAMPLE_FILES])
def test_document_schools_equal_gold(reports, name):
    got, gold = reports[name].doc["schools"]
    assert got == gold
