"""Make the twins of the sample orders: scanned PDFs and legacy-format documents.

* A **scanned twin** of every sample PDF: each page rendered at 200 dpi in grey, turned by a
  small random angle (±1.5°), sprinkled with speckle noise, JPEG-compressed and wrapped back
  into an image-only PDF (no text layer).  The angle and noise come from a generator seeded
  by the file name, so a rebuild gives the same images.
* A ``.doc``, ``.rtf`` and ``.odt`` twin of every sample DOCX, converted by LibreOffice.

Each twin keeps the sample's file stem, so ``tests/gold_compare.py`` pairs it with its gold::

    python samples/make_twins.py OUTDIR               # OUTDIR/scanned/*.pdf, OUTDIR/legacy/*.{doc,rtf,odt}
    python samples/make_twins.py OUTDIR --only 003 --no-legacy
"""
from __future__ import annotations

import argparse
import hashlib
import io
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

DPI = 200
MAX_ANGLE = 1.5  # degrees either way
SPECKLE_SHARE = 0.0015  # share of pixels turned into dark or light specks
JPEG_QUALITY = 60
LEGACY_FORMATS = ("doc", "rtf", "odt")


def _rng(name: str) -> random.Random:
    """A generator seeded by a name, the same on every machine."""
    return random.Random(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big"))


def scan_page(image: Image.Image, rng: random.Random) -> tuple[Image.Image, float]:
    """One rendered page made to look scanned: turned, speckled, grey; returns the angle too."""
    angle = rng.uniform(-MAX_ANGLE, MAX_ANGLE)
    turned = image.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.int16).copy()
    noise = np.random.default_rng(rng.getrandbits(32))
    pixels += noise.normal(0, 6, pixels.shape).astype(np.int16)  # paper grain
    specks = noise.random(pixels.shape)
    pixels[specks < SPECKLE_SHARE / 2] = 40
    pixels[specks > 1 - SPECKLE_SHARE / 2] = 255
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L"), angle


def scanned_twin(pdf_path: Path, out_path: Path, dpi: int = DPI) -> list[float]:
    """Write the image-only twin of ``pdf_path``; returns each page's turn in degrees."""
    import pypdfium2 as pdfium

    rng = _rng(pdf_path.stem)
    pages, angles = [], []
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        for page in doc:
            rendered = page.render(scale=dpi / 72, grayscale=True).to_pil()
            scanned, angle = scan_page(rendered, rng)
            pages.append(scanned)
            angles.append(angle)
    finally:
        doc.close()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:],
                  quality=JPEG_QUALITY, producer="make_twins", creationDate=None, modDate=None)
    out_path.write_bytes(buffer.getvalue())
    return angles


def legacy_twins(docx_path: Path, out_dir: Path, formats: tuple[str, ...] = LEGACY_FORMATS) -> list[Path]:
    """Write ``.doc``/``.rtf``/``.odt`` twins of a DOCX with LibreOffice; returns their paths."""
    from extract.legacy import convert_with_soffice

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    odt = convert_with_soffice(docx_path.read_bytes(), "docx", "odt")
    for fmt in formats:
        target = out_dir / f"{docx_path.stem}.{fmt}"
        # LibreOffice's direct DOCX → DOC export of some python-docx tables writes a table its
        # own DOC import reads as loose paragraphs (antiword still sees it); from the ODT it
        # writes a standard one, as Word does.
        target.write_bytes(odt if fmt == "odt" else
                           convert_with_soffice(odt, "odt", fmt) if fmt == "doc" else
                           convert_with_soffice(docx_path.read_bytes(), "docx", fmt))
        written.append(target)
    return written


def sample_stems(only: str | None = None) -> list[str]:
    """Stems of the sample orders (``NNN_<hash>``), optionally only those starting with ``only``."""
    stems = sorted(p.stem for p in HERE.glob("[0-9][0-9][0-9]_*.docx"))
    return [s for s in stems if only is None or s.startswith(only)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--only", help="only the samples whose name starts with this")
    parser.add_argument("--no-scans", action="store_true")
    parser.add_argument("--no-legacy", action="store_true")
    args = parser.parse_args(argv)
    for stem in sample_stems(args.only):
        if not args.no_scans:
            out = args.outdir / "scanned" / f"{stem}.pdf"
            angles = scanned_twin(HERE / f"{stem}.pdf", out)
            print(f"{out}: {len(angles)} pages, {out.stat().st_size // 1024} KiB, turned "
                  + " ".join(f"{a:+.2f}°" for a in angles))
        if not args.no_legacy:
            for path in legacy_twins(HERE / f"{stem}.docx", args.outdir / "legacy"):
                print(f"{path}: {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
