"""The sample output shared by the report, dtype and notebook tests: the five sample DOCX
orders (both years of one region included) plus two files that cannot be converted, run
through the pipeline once per test session."""
from __future__ import annotations

import shutil
from pathlib import Path

from roadmap500.pipeline import convert_to_dir

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BROKEN = {"broken_scan.pdf": b"%PDF-1.4\n% truncated, no objects\n", "empty_order.docx": b""}


def build_sample_output(base: Path) -> Path:
    """Copy the inputs under ``base/in`` and convert them into ``base/out``; returns out."""
    inputs, out = base / "in", base / "out"
    inputs.mkdir(parents=True, exist_ok=True)
    for docx in sorted(SAMPLES.glob("*.docx")):
        shutil.copy(docx, inputs / docx.name)
    for name, content in BROKEN.items():
        (inputs / name).write_bytes(content)
    convert_to_dir([inputs], out, workers=1)
    return out
