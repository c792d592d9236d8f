"""``roadmap500 inspect``: what the pipeline saw in one file, step by step."""
from __future__ import annotations

import sys
from pathlib import Path

from extract import ExtractError, read_document
from normalize.tables import assemble, map_columns, select_tables
from normalize.text import clean_text


def _short(text: str | None, width: int = 60) -> str:
    text = clean_text(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def inspect_file(path: Path, *, png_dir: Path | None = None, max_rows: int = 0, out=None) -> int:
    """Print the tables found, the header mapping and the assembled rows of ``path``."""
    out = out or sys.stdout
    try:
        doc = read_document(path)
    except ExtractError as exc:
        print(f"{path}: {exc.status}: {exc.reason}", file=out)
        return 1
    print(f"{path}: {doc.format}, {doc.pages} page(s), {len(doc.blocks)} text blocks, "
          f"{len(doc.tables)} table piece(s)", file=out)
    for w in doc.warnings:
        print(f"  ! {w}", file=out)

    if doc.furniture:
        print(f"\n== page furniture left out ({len(doc.furniture)} line(s))", file=out)
        for block in doc.furniture:
            print(f"  p{block.page} {_short(block.text, 70)!r}", file=out)

    print("\n== tables found", file=out)
    pieces, _ = select_tables(doc)
    role = {id(p.table): p for p in pieces}
    for i, table in enumerate(doc.tables):
        piece = role.get(id(table))
        header = piece.header if piece else None
        what = ("roadmap header" if header else "continues the table above" if piece
                else "not a roadmap table (ignored)")
        print(f"[{i}] page {table.page}, {table.n_rows}×{table.n_cols}, {table.method or '-'}: "
              f"{what}", file=out)
        if header:
            fields, _ = map_columns(header.labels)
            for label, f in zip(header.labels, fields):
                print(f"      {_short(label, 40)!r:44} → {f}", file=out)
        for row in table.text_grid()[:3]:
            print("      | " + " | ".join(_short(c, 18) for c in row), file=out)

    assembled = assemble(doc)
    print(f"\n== assembled: {len(assembled.rows)} rows from {assembled.pieces} piece(s)", file=out)
    for issue in assembled.issues:
        print(f"  ! {issue.code}: {issue.message}", file=out)
    rows = assembled.rows if max_rows <= 0 else assembled.rows[:max_rows]
    section = object()
    for row in rows:
        if row.section != section:
            section = row.section
            print(f"  § {row.section or '(no section)'}", file=out)
        print(f"  {row.item_no:>5} p{row.page} {_short(row.activity, 50):50} | "
              f"{_short(row.period_raw, 22):22} | {_short(row.executors_raw, 20):20} | "
              f"{_short(row.indicator, 30)}", file=out)
        for issue in row.issues:
            print(f"        ! {issue.code}: {issue.message}", file=out)

    if png_dir is not None:
        if doc.format != "pdf":
            print(f"\n--png draws PDF pages; {path.name} is {doc.format}", file=out)
        else:
            from extract.debug_png import draw_pdf_tables

            pngs = draw_pdf_tables(path, png_dir)
            print(f"\nwrote {len(pngs)} page image(s) to {png_dir}", file=out)
    return 0
