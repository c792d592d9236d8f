"""Document metadata: the five seeds against gold, and each rule on variants in no seed."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from normalize.metadata import (
    classify_level,
    extract_metadata,
    find_dates,
    find_municipality,
    find_numbers,
    find_year,
    restore_case,
)

GOLD = Path(__file__).resolve().parents[1] / "samples" / "source" / "gold"
SEEDS = GOLD.parent / "seeds"
SEED_IDS = sorted(p.name.removesuffix(".doc.json") for p in GOLD.glob("*.doc.json"))
FIELDS = ("issuer", "region", "region_code", "level", "municipality", "order_type",
          "order_number", "order_date", "year")

_MD = re.compile(r"^\s*#+\s*|\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_HTML = re.compile(r"</?[a-zA-Z][^<>]*>")


def seed_lines(seed_id: str) -> list[str]:
    """The seed's running text as the pipeline would give it: debris removed, tables cut off.

    The seed is a text conversion that still holds the table; the table starts at the
    line that opens with the first gold column header (followed by the second one on the
    same or the next line).  Everything from there on is table, not running text.
    """
    doc = json.loads((GOLD / f"{seed_id}.doc.json").read_text(encoding="utf-8"))
    h0, h1 = (re.sub(r"\s+", "", h) for h, _ in doc["columns"][:2])
    raw = (SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")
    lines = []
    for line in raw.splitlines():
        line = _HTML.sub(" ", line)
        line = _MD.sub("", line).strip()
        line = re.sub(r"^-\s+(?=\d\))", "", line)  # markdown list bullets
        if line:
            lines.append(line)
    for i, line in enumerate(lines):
        flat = re.sub(r"\s+", "", line)
        nxt = re.sub(r"\s+", "", lines[i + 1]) if i + 1 < len(lines) else ""
        if flat.startswith(h0) and (flat[len(h0):].startswith(h1) or nxt.startswith(h1)):
            return lines[:i]
    raise AssertionError(f"{seed_id}: table header not found")


def seed_table_texts(seed_id: str) -> list[str]:
    """Every gold cell text of the seed's activity rows."""
    out = []
    for line in (GOLD / f"{seed_id}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for key in ("section", "activity", "period_raw", "executors_raw", "indicator"):
            if row.get(key):
                out.append(row[key])
        out.extend(v for v in row.get("extra", {}).values() if v)
    return out


def _as_gold(meta) -> dict:
    d = {f: getattr(meta, f) for f in FIELDS}
    d["order_date"] = d["order_date"].isoformat() if d["order_date"] else None
    return d


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_metadata_equals_gold(seed_id: str) -> None:
    gold = json.loads((GOLD / f"{seed_id}.doc.json").read_text(encoding="utf-8"))
    meta = extract_metadata(seed_lines(seed_id), table_texts=seed_table_texts(seed_id))
    assert _as_gold(meta) == {f: gold[f] for f in FIELDS}
