"""How much faster two processes are than one on this machine, with nothing shared between them.

    python benchmarks/pair_ceiling.py [--n 50] [--repeat 3] [--pdf FILES …] [--json out.json]

``speed.py --scaling`` measures the process pool: two workers against one.  This measures the
ceiling any pool can reach here: the same in-process conversion (``convert_to_dir`` with
``workers=0``, per-text caches emptied before each document as ``profile_docx.py --cold``) run by
one process alone, then by two independent processes at once — no pool, no queue, no shared
output, each with its own files' copy of the work.  Each process loads its models and converts
five files first, then waits; both are released together and time only the conversion.
The ratio is the documents/s of the pair (the sum of both) over the one process's.  A plain
Python loop (no pipeline, no memory to speak of) is measured the same way beside it: it shows
what the machine gives to code that needs nothing but a core.

Sets run ``--repeat`` times with the order alternating (solo first, then pair first), because
this machine's own speed drifts by ±15 % from run to run; the median ratio is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _plain_loop() -> int:
    """Interpreter-bound work with a tiny working set."""
    total = 0
    for i in range(6_000_000):
        total = (total + i * i) % 1_000_003
    return total


def _child(kind: str, files: list[str], go: str) -> None:
    """Load, warm up, wait for the go file, then time the work; print one JSON line."""
    if kind != "loop":
        from normalize.nlp import warm_up
        from profile_docx import _convert, cold_caches

        warm_up()
        cold_caches()
        paths = [Path(f) for f in files]
        _convert(paths[:5])
        work = lambda: _convert(paths[5:])  # noqa: E731
        count = len(paths) - 5
    else:
        work, count = _plain_loop, 1
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.002)
    start, start_cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "count": count}), flush=True)


def _run(kind: str, files: list[str], copies: int) -> list[dict[str, float]]:
    """``copies`` processes doing the same work, released together."""
    with tempfile.TemporaryDirectory(prefix="pair_ceiling_") as tmp:
        go = os.path.join(tmp, "go")
        lists = os.path.join(tmp, "files.json")
        Path(lists).write_text(json.dumps(files))
        procs = [subprocess.Popen([sys.executable, __file__, "--_child", kind, "--_files", lists, "--_go", go],
                                  stdout=subprocess.PIPE, text=True) for _ in range(copies)]
        for proc in procs:
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise SystemExit(f"a {kind} process did not start")
        Path(go).touch()
        results = []
        for proc in procs:
            assert proc.stdout is not None
            results.append(json.loads(proc.stdout.readline()))
            proc.wait()
        return results


def _rate(results: list[dict[str, float]]) -> float:
    return sum(r["count"] / r["wall"] for r in results)


def ceiling(kind: str, files: list[str], repeat: int) -> dict[str, object]:
    sets = []
    for index in range(repeat):
        order = (1, 2) if index % 2 == 0 else (2, 1)
        runs = {copies: _run(kind, files, copies) for copies in order}
        solo, pair = _rate(runs[1]), _rate(runs[2])
        sets.append({"solo_per_s": solo, "pair_per_s": pair, "ratio": pair / solo,
                     "solo_cpu": runs[1][0]["cpu"], "pair_cpu": [r["cpu"] for r in runs[2]],
                     "load": os.getloadavg()[0]})
        print(f"{kind:5s} set {index + 1}: one process {solo:8.2f}/s, two at once {pair:8.2f}/s → "
              f"{pair / solo:.2f}×  (CPU s of the work: one {runs[1][0]['cpu']:.2f}; two "
              f"{' + '.join(format(r['cpu'], '.2f') for r in runs[2])}; load {os.getloadavg()[0]:.2f})", flush=True)
    ratios = [s["ratio"] for s in sets]
    print(f"{kind:5s} median ratio {statistics.median(ratios):.2f}× over {len(ratios)} sets "
          f"({', '.join(f'{r:.2f}' for r in ratios)})", flush=True)
    return {"sets": sets, "median_ratio": statistics.median(ratios)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="synthetic DOCX timed per process")
    parser.add_argument("--pdf", nargs="*", default=None, help="PDF files to time as well (the first five warm up)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--_child", help=argparse.SUPPRESS)
    parser.add_argument("--_files", help=argparse.SUPPRESS)
    parser.add_argument("--_go", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        _child(args._child, json.loads(Path(args._files).read_text()), args._go)
        return
    from synthetic_corpus import build_corpus

    docx, _ = build_corpus(2 * args.n + 5, args.corpus / f"docx{2 * args.n + 5}-s0", pdf=False)
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}", flush=True)
    figures = {"loop": ceiling("loop", [], args.repeat),
               "docx": ceiling("docx", [str(p) for p in docx[:5 + args.n]], args.repeat)}
    if args.pdf:
        figures["pdf"] = ceiling("pdf", args.pdf, args.repeat)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
