"""A synthetic corpus of N orders: the five sample layouts with varied content.

    python benchmarks/synthetic_corpus.py N [--out DIR] [--seed S] [--no-pdf]

Order ``i`` takes sample layout ``i mod 5`` (``samples/layouts.toml``: borders, orientation,
header rows, numbering, cuts) and its seed's row structure (sections, item numbers), and
fills the cells with text drawn from every seed's gold rows: activities, periods, executors
and indicators are shuffled across rows and orders, years and numbers are changed, the
order's own dates and numbers too.  So no two orders share their text (per-text caches do
not flatter a benchmark), while the layouts stay the ones the pipeline is tested on.

Writes ``DIR/docx/NNNNN_<layout>.docx`` and, with LibreOffice (``soffice``) installed,
``DIR/pdf/NNNNN_<layout>.pdf`` (one soffice call for all).  Deterministic for a given N and
seed; an existing complete corpus is reused.
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

import build_samples as samples  # noqa: E402

TEXT_FIELDS = ("activity", "period_raw", "executors_raw", "indicator")


def _vary_numbers(text: str, rng: random.Random) -> str:
    """Years moved to 2020–2026, other numbers of 3–4 digits changed (same length); days,
    months, percentages and the project's «500+» kept, so dates stay valid."""
    def number(m: re.Match[str]) -> str:
        digits = m.group(0)
        if re.fullmatch(r"20[12]\d", digits):
            return str(rng.randint(2020, 2026))
        if digits == "500":
            return digits
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))
    return re.sub(r"(?<![\w/.])\d{3,4}(?![\w/])", number, text)


def _vary_preamble(text: str, rng: random.Random) -> str:
    """The order's dates (dd.mm.yyyy) and numbers changed."""
    def date(m: re.Match[str]) -> str:
        return f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2020, 2026)}"
    text = re.sub(r"\b\d{2}\.\d{2}\.\d{4}\b", date, text)
    return re.sub(r"(№\s*)(\d+)(?!\+)", lambda m: f"{m.group(1)}{rng.randint(1, 999)}", text)


def varied_seed(seed: samples.Seed, pool: list[dict], rng: random.Random) -> samples.Seed:
    """The seed with the same rows and sections, each cell's text taken from the pool, numbers changed."""
    rows = []
    for row in seed.rows:
        new = dict(row)
        for fld in TEXT_FIELDS:
            if row.get(fld):
                donor = rng.choice(pool)
                new[fld] = _vary_numbers(donor.get(fld) or row[fld], rng)
        rows.append(new)
    rng.shuffle(rows)
    for new, old in zip(rows, seed.rows):  # positions keep their section and number
        new["section"], new["item_no"], new["extra"] = old["section"], old["item_no"], old["extra"]
    return replace(seed, text=_vary_preamble(seed.text, rng), rows=rows)


def build_corpus(n: int, out: Path, seed: int = 0, pdf: bool = True) -> tuple[list[Path], list[Path]]:
    """``n`` DOCX orders (and their PDFs when ``pdf``); returns (docx paths, pdf paths)."""
    layouts = samples.load_layouts()
    keys = sorted(layouts)
    seeds = {k: samples.load_seed(k) for k in keys}
    pool = [row for s in seeds.values() for row in s.rows]
    (out / "docx").mkdir(parents=True, exist_ok=True)
    pdf_sources = out / "pdf_source"
    pdf_sources.mkdir(exist_ok=True)
    docx_paths, pdf_todo = [], []
    for i in range(n):
        key = keys[i % len(keys)]
        name = f"{i:05d}_{key}"
        path = out / "docx" / f"{name}.docx"
        docx_paths.append(path)
        pdf_path = out / "pdf" / f"{name}.pdf"
        if path.exists() and (not pdf or pdf_path.exists()):
            continue
        rng = random.Random(f"{seed}:{i}")
        variant = varied_seed(seeds[key], pool, rng)
        layout = layouts[key]
        try:
            path.write_bytes(samples.build_docx(variant, layout))
            if pdf:
                source = pdf_sources / f"{name}.docx"
                source.write_bytes(samples.build_docx(variant, layout, layout.get("pdf")))
                pdf_todo.append(source)
        except samples.BuildError as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
    if pdf and pdf_todo:
        _to_pdf(pdf_todo, out / "pdf")
    pdfs = sorted((out / "pdf").glob("*.pdf")) if pdf else []
    return docx_paths, pdfs


def _to_pdf(sources: list[Path], outdir: Path) -> None:
    """DOCX files to PDF with one LibreOffice run per 50 files (private profile)."""
    soffice = samples.find_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="corpus_pdf_") as tmp:
        for start in range(0, len(sources), 50):
            batch = [str(p) for p in sources[start:start + 50]]
            cmd = [soffice, f"-env:UserInstallation=file://{Path(tmp) / 'profile'}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *batch]
            subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)


def main() -> None:
    """Build the corpus and print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "roadmap500-corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    out = args.out / f"n{args.n}-s{args.seed}"
    docx_paths, pdfs = build_corpus(args.n, out, args.seed, pdf=not args.no_pdf)
    print(f"{out}: {len(docx_paths)} DOCX, {len(pdfs)} PDF")


if __name__ == "__main__":
    main()
