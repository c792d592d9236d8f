"""Scanned and legacy twins of the samples: accuracy against the gold and cost.

    python benchmarks/ocr_bench.py [--twins DIR] [--only 004] [--no-scans] [--no-legacy]

Builds the twins with ``samples/make_twins.py`` (unless DIR already holds them), then

* per scanned twin: row recall, ``item_no`` exact, character similarity (difflib ratio
  after whitespace folding) of activity, executors and indicator, ``period_raw`` exact,
  and seconds per page of the PDF backend (OCR included);
* per legacy twin: whether its rows equal its DOCX's rows, and the seconds of conversion
  on top of reading the DOCX.

Prints the machine and load average with the figures.  Rows are paired in order: each gold
row takes the first unpaired output row (within a few rows ahead) whose activity is ≥ 0.8
similar (the first one ≥ 0.9 when there is one), so a row lost or split counts against
recall and not against every later row.
"""
from __future__ import annotations

import argparse
import difflib
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))  # proc_cpu, when a test imports this as benchmarks.ocr_bench

from samples.make_twins import legacy_twins, sample_stems, scanned_twin  # noqa: E402
from tests.gold_compare import GOLD, fold, load_gold  # noqa: E402
from proc_cpu import group_cpu  # noqa: E402

TEXT = {"activity": "activity", "executors": "executors_raw", "indicator": "indicator"}
LOOKAHEAD = 4
PAIR_MIN = 0.8
PAIR_SURE = 0.9
REPEAT = 3  # legacy timings: median of this many runs (the very first starts the listener)


def ratio(a: str | None, b: str | None) -> float:
    """difflib similarity after whitespace folding."""
    return difflib.SequenceMatcher(None, fold(a or ""), fold(b or ""), autojunk=False).ratio()


def pair_rows(rows: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """Gold rows paired in order with output rows (see the module docstring)."""
    pairs, start = [], 0
    for g in gold:
        best, best_i = PAIR_MIN, None
        for i in range(start, min(len(rows), start + LOOKAHEAD + 1)):
            r = ratio(rows[i]["activity"], g["activity"])
            if r >= PAIR_SURE:  # the first close row: a later, similar activity is not this one
                best, best_i = r, i
                break
            if r > best:
                best, best_i = r, i
        if best_i is not None:
            pairs.append((rows[best_i], g))
            start = best_i + 1
    return pairs


@dataclass(slots=True)
class ScanScore:
    """One scanned twin against its gold."""

    name: str
    n_rows: int
    n_gold: int
    pages: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    recall: float = 0.0
    item_no: float = 0.0
    period_raw: float = 0.0
    text: dict[str, float] = field(default_factory=dict)  # field → mean ratio over gold rows
    confidence: float | None = None

    def passes(self) -> bool:
        """The issue's thresholds."""
        return (self.recall >= 0.97 and self.item_no >= 0.97 and self.period_raw >= 0.90
                and all(v >= 0.97 for v in self.text.values()))


def score_scan(path: Path, rows: list[dict], document: dict) -> ScanScore:
    """Figures for one scanned twin (rows: its activities in order)."""
    _, gold = load_gold(GOLD, path.stem)
    pairs = pair_rows(rows, gold)
    n = len(gold)
    score = ScanScore(path.name, len(rows), n, pages=document.get("pages") or 0,
                      confidence=document.get("ocr_confidence"))
    score.recall = len(pairs) / n
    score.item_no = sum(fold(r["item_no"]) == fold(g["item_no"]) for r, g in pairs) / n
    score.period_raw = sum(fold(r["period_raw"]) == fold(g["period_raw"]) for r, g in pairs) / n
    for name, key in TEXT.items():  # an unpaired gold row scores 0
        score.text[name] = sum(ratio(r[key], g[key]) for r, g in pairs) / n
    return score


def convert_one(path: Path) -> tuple[list[dict], dict, float, float]:
    """Rows, document row, wall seconds and CPU seconds (this process and its finished
    children, e.g. LibreOffice) of one file through the pipeline (no NLP)."""
    from roadmap500.pipeline import convert_file

    started, cpu = time.perf_counter(), _cpu()
    result = convert_file(path, nlp=False)
    seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    rows = sorted(result.activities, key=lambda r: r["row_index"])
    return rows, result.document, seconds, cpu_seconds


def _cpu() -> float:
    """CPU seconds used so far by this process and its waited-for children.

    On a loaded machine the wall clock counts other jobs' time; the CPU time is what one
    core spends on the file."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system + _listener_cpu()


def _listener_cpu() -> float:
    """CPU seconds of the running LibreOffice listener and its UNO client (their process
    groups: ``soffice`` runs ``soffice.bin`` as a child), which are never waited for."""
    from extract import legacy

    listener = legacy._LISTENER
    if listener is None:
        return 0.0
    return group_cpu(listener.office.pid, listener.client.pid)


def scanned(twins: Path, stems: list[str], misses: bool) -> list[ScanScore]:
    """Score every scanned twin."""
    scores = []
    for stem in stems:
        path = twins / "scanned" / f"{stem}.pdf"
        rows, document, seconds, cpu = convert_one(path)
        score = score_scan(path, rows, document)
        score.seconds, score.cpu_seconds = seconds, cpu
        scores.append(score)
        texts = " ".join(f"{k} {v:.3f}" for k, v in score.text.items())
        per_page = cpu / score.pages if score.pages else float("nan")
        print(f"{path.name}: rows {score.n_rows}/{score.n_gold} recall {score.recall:.3f} "
              f"item_no {score.item_no:.3f} {texts} period_raw {score.period_raw:.3f} "
              f"conf {score.confidence} | {score.pages} pages, wall {seconds:.1f} s, CPU {cpu:.1f} s = {per_page:.2f} CPU s/page "
              f"{'PASS' if score.passes() else 'FAIL'} [{document['status']}]", flush=True)
        if misses:
            _, gold = load_gold(GOLD, stem)
            for r, g in pair_rows(rows, gold):
                for key in ("item_no", "period_raw", "activity", "executors_raw", "indicator"):
                    if fold(r[key]) != fold(g[key]):
                        print(f"    {key}: got {fold(r[key])!r}\n    {' ' * len(key)}  gold {fold(g[key])!r}")
    return scores


def legacy(twins: Path, stems: list[str]) -> list[tuple[str, bool, float]]:
    """For every legacy twin: same rows as its DOCX?, conversion seconds on top of the DOCX."""
    out = []
    keys = ("section", "item_no", "activity", "period_raw", "executors_raw", "indicator", "extra")
    convert_one(ROOT / "samples" / f"{stems[0]}.docx")  # imports and caches warm before timing
    for stem in stems:
        docx_runs = [convert_one(ROOT / "samples" / f"{stem}.docx") for _ in range(REPEAT)]
        docx_rows, docx_seconds = docx_runs[0][0], statistics.median(r[3] for r in docx_runs)
        for fmt in ("doc", "rtf", "odt"):
            path = twins / "legacy" / f"{stem}.{fmt}"
            runs = [convert_one(path) for _ in range(REPEAT)]
            rows, document, seconds = runs[0][0], runs[0][1], statistics.median(r[3] for r in runs)
            same = [[r[k] for k in keys] for r in rows] == [[r[k] for k in keys] for r in docx_rows]
            out.append((path.name, same, seconds - docx_seconds))
            print(f"{path.name}: {len(rows)} rows vs DOCX {len(docx_rows)} {'same' if same else 'DIFFERENT'}; "
                  f"CPU {seconds:.2f} s vs DOCX {docx_seconds:.2f} s (medians of {REPEAT}): conversion +{seconds - docx_seconds:.2f} s "
                  f"[{document['status']}{': ' + document['error'] if document['error'] else ''}]", flush=True)
    return out


def engines(twins: Path, stem: str, repeat: int = 3) -> None:
    """CPU seconds to recognise one levelled page: tesserocr in-process vs the ``tesseract``
    command (what pytesseract runs: a process per call, the model loaded each time)."""
    import subprocess

    import cv2
    import pypdfium2 as pdfium

    from extract import ocr

    pdf = pdfium.PdfDocument(str(twins / "scanned" / f"{stem}.pdf"))
    gray = ocr.render_gray(pdf, 0, ocr.DPI)
    ocr.recognise(gray, ocr.DPI)  # models loaded outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "page.png"
        cv2.imwrite(str(image), gray)
        for name, run in (("tesserocr", lambda: ocr.recognise(gray, ocr.DPI)),
                          ("tesseract CLI", lambda: subprocess.run(
                              ["tesseract", str(image), "-", "-l", "rus", "--psm", "6", "--dpi", str(ocr.DPI),
                               "-c", "tessedit_do_invert=0", "tsv"], capture_output=True, check=True,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1", "TESSDATA_PREFIX": ocr.tessdata_dir()}))):
            times = []
            for _ in range(repeat):
                cpu = _cpu()
                run()
                times.append(_cpu() - cpu)
            print(f"engine {name}: page 1 of {stem}, CPU s per page: min {min(times):.2f}, "
                  f"median {statistics.median(times):.2f} ({repeat} runs)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--twins", type=Path, help="folder of twins (built here when missing)")
    parser.add_argument("--only", help="only samples whose name starts with this")
    parser.add_argument("--no-scans", action="store_true")
    parser.add_argument("--no-legacy", action="store_true")
    parser.add_argument("--misses", action="store_true", help="print every differing field")
    parser.add_argument("--engines", action="store_true", help="only compare tesserocr with the tesseract CLI")
    args = parser.parse_args(argv)
    stems = sample_stems(args.only)
    twins = args.twins or Path(tempfile.mkdtemp(prefix="twins_"))
    for stem in stems:
        if not args.no_scans and not (twins / "scanned" / f"{stem}.pdf").exists():
            scanned_twin(ROOT / "samples" / f"{stem}.pdf", twins / "scanned" / f"{stem}.pdf")
        if not args.no_legacy and not (twins / "legacy" / f"{stem}.odt").exists():
            legacy_twins(ROOT / "samples" / f"{stem}.docx", twins / "legacy")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}, Python {platform.python_version()}, "
          f"OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT', 'unset')}")
    if args.engines:
        engines(twins, stems[0])
        return 0
    ok = True
    if not args.no_scans:
        scores = scanned(twins, stems, args.misses)
        pages = sum(s.pages for s in scores)
        seconds = sum(s.seconds for s in scores)
        cpu = sum(s.cpu_seconds for s in scores)
        print(f"scanned: {sum(s.passes() for s in scores)}/{len(scores)} pass; {pages} pages: wall "
              f"{seconds:.1f} s, CPU {cpu:.1f} s = {cpu / max(pages, 1):.2f} CPU s/page (whole pipeline, no NLP)")
        ok &= all(s.passes() for s in scores)
    if not args.no_legacy:
        results = legacy(twins, stems)
        extra = [s for _, _, s in results]
        print(f"legacy: {sum(same for _, same, _ in results)}/{len(results)} same rows as their DOCX; "
              f"conversion on top of the DOCX (CPU, LibreOffice included): median {statistics.median(extra):.2f} s, "
              f"max {max(extra):.2f} s")
        ok &= all(same for _, same, _ in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
