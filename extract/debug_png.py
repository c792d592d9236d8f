"""What the PDF table finder saw, drawn over the page (as pdfplumber's ``debug_tablefinder``).

One PNG per page: ruled-table cells outlined in red, borderless-table cells in blue,
running headers / footers / page numbers that were left out boxed in grey.  Used by
``roadmap500 inspect --png DIR``.
"""
from __future__ import annotations

import io
from pathlib import Path

import pdfplumber

from extract.pdf import layout_pages, pdf_bytes
from extract.pdf_settings import PdfSettings

_COLORS = {"ruled": (220, 30, 30), "stream": (30, 90, 220)}
_FURNITURE = (150, 150, 150)


def draw_pdf_tables(path: str | Path, out_dir: str | Path, settings: PdfSettings | None = None) -> list[Path]:
    """Write ``<stem>-p<N>.png`` per page with the detected cells drawn; return the paths."""
    path, out_dir = Path(path), Path(out_dir)
    settings = settings or PdfSettings()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with pdfplumber.open(io.BytesIO(pdf_bytes(path))) as pdf:
        layouts = layout_pages(pdf, settings)
        for page, layout in zip(pdf.pages, layouts):
            image = page.to_image(resolution=settings.resolution)
            for table in layout.tables:
                color = _COLORS.get(table.method, (0, 160, 0))
                image.draw_rects([layout.display_bbox(c.bbox) for c in table.cells],
                                 stroke=color + (255,), fill=color + (28,), stroke_width=1)
            furniture = [layout.display_bbox(layout.lines[i].bbox) for i in sorted(layout.furniture)]
            if furniture:
                image.draw_rects(furniture, stroke=_FURNITURE + (255,), fill=_FURNITURE + (60,), stroke_width=1)
            target = out_dir / f"{path.stem}-p{layout.number:03d}.png"
            image.save(target, format="PNG")
            written.append(target)
    return written
