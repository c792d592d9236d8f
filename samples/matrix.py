"""Render every seed order across a matrix of layouts (the layout matrix of issue 7).

Each variant in ``layouts.toml`` ``[matrix.variant.*]`` changes one factor of the seed's own
layout (ruling, orientation, /Rotate, header repetition, rows broken across pages, narrow
columns, hyphenation, merged cells, split tables, an approval sheet, a task column, the
font) or a few at once.  Output: ``samples/matrix/<variant>/NNN_<hash>.pdf`` (and ``.docx``
where the DOCX itself differs), byte-stable like the samples.  The text always comes from
the gold, so every file must convert back to its gold exactly.

    python samples/matrix.py                 # everything (needs soffice)
    python samples/matrix.py --only narrow   # one variant (repeatable)
"""
from __future__ import annotations

import argparse
import copy
import io
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_samples as bs  # noqa: E402

OUT = bs.HERE / "matrix"
TEXT_WIDTH_CM = {"portrait": 21.0 - 3.0 - 1.5, "landscape": 29.7 - 2.0 - 1.5}


def load_matrix(path: Path = bs.LAYOUTS) -> dict[str, Any]:
    """The ``[matrix]`` table of layouts.toml."""
    with path.open("rb") as fh:
        return tomllib.load(fh)["matrix"]


def with_task_column(seed: bs.Seed, layout: dict[str, Any], header: str, group: int) -> bs.Seed:
    """The seed with a made-up task column before the activity column: one task per
    ``group`` items of a section (the cells repeat, so ``merge_fields`` can merge them)."""
    columns = [list(c) for c in seed.doc["columns"]]
    at = next(i for i, (_h, f) in enumerate(columns) if f == "activity")
    columns.insert(at, [header, "task"])
    rows, section, k, count = [], None, 0, 0
    for row in seed.rows:
        if row["section"] != section or count == group:
            section, count, k = row["section"], 0, k + 1
        count += 1
        rows.append({**row, "task": f"Задача {k}. Обеспечить результаты блока мероприятий {k}"})
    widths = list(layout["table"]["widths"])
    widths[at:at + 1] = [widths[at] * 0.4, widths[at] * 0.6]
    layout["table"]["widths"] = widths
    return replace(seed, doc={**seed.doc, "columns": columns}, rows=rows)


def narrowed(widths: list[float], columns: list[list[str]], narrow_cm: dict[str, float],
             orientation: str) -> list[float]:
    """Relative widths with the named fields' columns fixed to ``narrow_cm`` centimetres."""
    total = TEXT_WIDTH_CM[orientation]
    fixed = {i: narrow_cm[f] for i, (_h, f) in enumerate(columns) if f in narrow_cm}
    rest = sum(w for i, w in enumerate(widths) if i not in fixed)
    free = total - sum(fixed.values())
    return [fixed[i] if i in fixed else w / rest * free for i, w in enumerate(widths)]


def variant_inputs(seed: bs.Seed, layout: dict[str, Any], variant: dict[str, Any],
                   group: int) -> tuple[bs.Seed, dict[str, Any]]:
    """The seed and layout a variant renders (the seed's PDF overrides applied first)."""
    layout = copy.deepcopy(layout)
    layout["table"].update(layout.get("pdf") or {})
    layout["table"].update(variant.get("table") or {})
    for key in ("font", "hyphenation"):
        if key in variant:
            layout[key] = variant[key]
    if variant.get("task_column"):
        seed = with_task_column(seed, layout, variant["task_column"], group)
    if variant.get("narrow_cm"):
        orientation = layout["table"].get("orientation", layout.get("orientation", "portrait"))
        layout["table"]["widths"] = narrowed(layout["table"]["widths"], seed.doc["columns"],
                                             variant["narrow_cm"], orientation)
    if variant.get("split_every"):
        n, every = len(seed.rows), int(variant["split_every"])
        cuts = list(range(every, n, every))
        layout["table"]["cut_after"] = cuts
        layout["table"]["broken_row"] = cuts[0] if cuts else 0
    return seed, layout


def rotated(pdf: bytes, degrees: int) -> bytes:
    """The PDF with ``/Rotate`` set on every page."""
    document = pypdfium2.PdfDocument(pdf)
    for i in range(len(document)):
        document[i].set_rotation(degrees)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return bs.normalize_pdf(buffer.getvalue())


def convert_all(docx_files: list[Path], soffice: str, outdir: Path) -> None:
    """One LibreOffice run converting every DOCX to PDF into ``outdir``."""
    with tempfile.TemporaryDirectory(prefix="matrix_pdf_") as tmp:
        cmd = [soffice, f"-env:UserInstallation=file://{Path(tmp) / 'profile'}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(outdir),
               *map(str, docx_files)]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        if result.returncode != 0:
            raise bs.BuildError(f"soffice failed: {result.stdout} {result.stderr}")


def build_variant(name: str, variant: dict[str, Any], group: int, soffice: str) -> list[Path]:
    """Every seed in one variant; returns the written paths."""
    layouts = bs.load_layouts()
    target = OUT / name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="matrix_docx_") as tmp:
        sources = []
        for key in sorted(layouts):
            seed, layout = variant_inputs(bs.load_seed(key), layouts[key], variant, group)
            data = bs.build_docx(seed, layout)
            source = Path(tmp) / f"{seed.stem}.docx"
            source.write_bytes(data)
            sources.append(source)
            if variant.get("docx"):
                (target / source.name).write_bytes(data)
                written.append(target / source.name)
        convert_all(sources, soffice, Path(tmp))
        for source in sources:
            pdf = bs.normalize_pdf(source.with_suffix(".pdf").read_bytes())
            if variant.get("rotate"):
                pdf = rotated(pdf, int(variant["rotate"]))
            (target / f"{source.stem}.pdf").write_bytes(pdf)
            written.append(target / f"{source.stem}.pdf")
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="VARIANT")
    args = parser.parse_args(argv)
    matrix = load_matrix()
    variants = matrix["variant"]
    names = [n for n in variants if not args.only or n in args.only]
    try:
        soffice = bs.find_soffice()
        for name in names:
            for path in build_variant(name, variants[name], int(matrix["task_group"]), soffice):
                print(f"wrote {path.relative_to(bs.HERE.parent)}")
    except bs.BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
