"""Compare a converted output folder with a gold folder, field by field.

    python -m tests.gold_compare OUTDIR [--gold samples/source/gold] [--misses]

An output file ``…/NNN_<hash>.docx`` is compared with ``GOLD/NNN_<hash>.jsonl`` and
``.doc.json`` (matched by file stem).  Rows are paired by position after checking the
counts; every field has its own comparison (text cells after whitespace folding, dates as
ISO strings, lists as lists or sets).  The result is a :class:`Report` per file, usable from
tests and printable as a table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pyarrow.parquet as pq

GOLD = Path(__file__).resolve().parent.parent / "samples" / "source" / "gold"

TEXT_FIELDS = ("activity", "period_raw", "executors_raw", "indicator")
EXACT_FIELDS = ("section", "item_no")
PERIOD_FIELDS = ("period_start", "period_end", "recurrence", "done")
DOC_FIELDS = ("issuer", "region", "region_code", "level", "municipality", "order_type",
              "order_number", "order_date", "year")


def fold(value: Any) -> Any:
    """Whitespace folded (strings), ISO (dates), otherwise as is."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


@dataclass(slots=True)
class FieldScore:
    """Rows where a field equals gold, and the misses."""

    equal: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, note: str) -> None:
        self.total += 1
        self.equal += ok
        if not ok:
            self.misses.append(note)

    @property
    def ratio(self) -> float:
        return self.equal / self.total if self.total else 1.0


@dataclass(slots=True)
class Report:
    """One output file against its gold."""

    source: str
    gold: str
    n_rows: int
    n_gold: int
    fields: dict[str, FieldScore] = field(default_factory=dict)
    doc: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field → (got, gold)
    set_scores: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # tp, fp, fn

    def score(self, name: str) -> FieldScore:
        return self.fields.setdefault(name, FieldScore())

    @property
    def doc_misses(self) -> dict[str, tuple[Any, Any]]:
        return {k: v for k, v in self.doc.items() if v[0] != v[1]}


def _executor_names(value: Any) -> list[str]:
    return [e["name"] if isinstance(e, dict) else e for e in (value or [])]


ROW_COMPARISONS: dict[str, Callable[[dict, dict], tuple[Any, Any]]] = {
    **{f: (lambda f: lambda got, gold: (fold(got.get(f)), fold(gold.get(f))))(f)
       for f in (*EXACT_FIELDS, *TEXT_FIELDS, *PERIOD_FIELDS)},
    "extra": lambda got, gold: ({k: fold(v) for k, v in (got.get("extra") or [])},
                                {k: fold(v) for k, v in gold["extra"].items()}),
    "executors": lambda got, gold: (_executor_names(got.get("executors")), gold["executors"]),
    "risk_directions": lambda got, gold: (sorted(got.get("risk_directions") or []),
                                          sorted(gold["risk_directions"])),
    "risk_topics": lambda got, gold: (sorted(got.get("risk_topics") or []),
                                      sorted(gold["risk_topics"])),
    "schools": lambda got, gold: (sorted(got.get("schools") or []), sorted(gold["schools"])),
}
SET_FIELDS = ("risk_directions", "risk_topics", "schools")


def gold_rows(gold_dir: Path = GOLD) -> list[dict]:
    """Every gold activity row of every seed, in file and document order."""
    return [json.loads(line) for path in sorted(gold_dir.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def row_cells(row: dict) -> list[str]:
    """A gold row's non-empty text cells (activity, period, executors, indicator, extra)."""
    cells = [row["activity"], row["period_raw"], row["executors_raw"], row["indicator"],
             *row["extra"].values()]
    return [c for c in cells if c]


def load_gold(gold_dir: Path, stem: str) -> tuple[dict, list[dict]]:
    doc = json.loads((gold_dir / f"{stem}.doc.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in
            (gold_dir / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return doc, rows


def compare_file(source: str, rows: list[dict], document: dict, gold_dir: Path = GOLD) -> Report:
    """Compare one file's output rows and document row with its gold."""
    stem = Path(source).stem
    gold_doc, gold_rows = load_gold(gold_dir, stem)
    report = Report(source=source, gold=stem, n_rows=len(rows), n_gold=len(gold_rows))
    for i, gold in enumerate(gold_rows):
        got = rows[i] if i < len(rows) else {}
        where = f"row {i} ({gold['section'] or '-'} / {gold['item_no']})"
        for name, compare in ROW_COMPARISONS.items():
            value, expected = compare(got, gold)
            report.score(name).add(value == expected, f"{where}: got {value!r}, gold {expected!r}")
        for name in SET_FIELDS:
            got_set = set(ROW_COMPARISONS[name](got, gold)[0])
            gold_set = set(gold[name])
            tp, fp, fn = report.set_scores.get(name, (0, 0, 0))
            report.set_scores[name] = (tp + len(got_set & gold_set), fp + len(got_set - gold_set),
                                       fn + len(gold_set - got_set))
    for name in DOC_FIELDS:
        report.doc[name] = (fold(document.get(name)), gold_doc[name])
    report.doc["schools"] = (sorted(document.get("schools") or []), sorted(gold_doc["schools"]))
    report.doc["n_activities"] = (document.get("n_activities"), gold_doc["n_activities"])
    report.doc["columns"] = ([[c["header"], c["field"]] for c in document.get("columns") or []],
                             gold_doc["columns"])
    return report


def compare_dir(outdir: Path, gold_dir: Path = GOLD) -> list[Report]:
    """Compare every file in ``OUTDIR/*.parquet`` that has a gold file.  A file recorded as a
    duplicate (same content as an earlier input) is compared through that earlier file's rows."""
    activities = pq.read_table(outdir / "activities.parquet").to_pylist()
    documents = pq.read_table(outdir / "documents.parquet").to_pylist()
    rows_of: dict[str, list[dict[str, Any]]] = {}
    for row in activities:
        rows_of.setdefault(row["source_file"], []).append(row)
    by_source = {d["source_file"]: d for d in documents}
    reports = []
    for document in documents:
        stem = Path(document["source_file"]).stem
        if not (gold_dir / f"{stem}.jsonl").exists():
            continue
        origin = document
        if document.get("status") == "duplicate" and document.get("duplicate_of") in by_source:
            origin = by_source[document["duplicate_of"]]
        rows = sorted(rows_of.get(origin["source_file"], []), key=lambda r: r["row_index"])
        reports.append(compare_file(document["source_file"], rows, origin, gold_dir))
    return reports


def print_reports(reports: list[Report], *, misses: bool = False, out=sys.stdout) -> None:
    names = list(ROW_COMPARISONS)
    print("file".ljust(34) + "rows    " + " ".join(n[:9].rjust(9) for n in names) + "  doc",
          file=out)
    for r in reports:
        cells = " ".join(f"{r.fields[n].equal:>4}/{r.fields[n].total:<4}" for n in names)
        doc_ok = f"{len(r.doc) - len(r.doc_misses)}/{len(r.doc)}"
        print(f"{Path(r.source).name:34}{r.n_rows:>3}/{r.n_gold:<3} {cells}  {doc_ok}", file=out)
        if misses:
            for name, (got, gold) in r.doc_misses.items():
                print(f"    doc {name}: got {got!r}, gold {gold!r}", file=out)
            for name in names:
                for note in r.fields[name].misses:
                    print(f"    {name}: {note}", file=out)
    for name in SET_FIELDS:
        tp = sum(r.set_scores.get(name, (0, 0, 0))[0] for r in reports)
        fp = sum(r.set_scores.get(name, (0, 0, 0))[1] for r in reports)
        fn = sum(r.set_scores.get(name, (0, 0, 0))[2] for r in reports)
        p = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        print(f"{name}: precision {p:.3f} recall {rec:.3f} (tp {tp}, fp {fp}, fn {fn})", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    print_reports(compare_dir(args.outdir, args.gold), misses=args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
