"""Document metadata: what the order says about itself.

Input is the document's running text in reading order (everything outside tables) and,
as fallback evidence, the table cells' texts.  The order is read in parts:

* the **header** — the lines before the title ("Об утверждении …") or the preamble
  ("В соответствии …"): the issuing body's name, the type word ("ПРИКАЗ",
  "Р А С П О Р Я Ж Е Н И Е"), the order's own date and "№" (``metadata_order``);
* the **stamps** — "Приложение к распоряжению <body> от <date> № <n>" and
  "Утверждена приказом <body> от <date> № <n>": fallback type, issuer, date and number;
* the **title** and the roadmap's **caption** — the year the roadmap covers; failing
  them, the most common year of the rows' dates (``date_cells``), then the order's date.

Region, level and municipality follow from the issuer first, then from the text.  Every
value that cannot be found is None plus an :class:`~normalize.records.Issue`.  The
vocabulary is in ``normalize/data/metadata.toml``; regions come from the gazetteer.
The readers live in ``metadata_order`` (header, stamps, issuer, number, date),
``metadata_level`` (level, municipality, region), ``metadata_year`` and ``metadata_text``
(shared vocabulary, morphology, case restoration); this module puts them together.
"""
from __future__ import annotations

from collections.abc import Sequence

from normalize.metadata_level import (
    choose_region,
    classify_level,
    find_municipality,
)
from normalize.metadata_order import (
    analyse_layout,
    find_issuer,
    find_dates,
    find_number_and_date,
    find_numbers,
    split_header,
    _type_from_body,
)
from normalize.metadata_case import CaseVocab, restore_case
from normalize.metadata_text import (
    _prepare,
    clean_all,
)
from normalize.metadata_year import (
    dominant_row_year,
    find_year,
)
from normalize.records import DocumentMeta, Issue
from normalize.text import CleanTexts

__all__ = ["extract_metadata", "classify_level", "find_municipality", "choose_region", "find_year",
           "find_dates", "find_numbers", "restore_case", "CaseVocab"]


# --------------------------------------------------------------------------- main


def extract_metadata(lines: Sequence[str] | CleanTexts, *,
                     table_texts: Sequence[str] | CleanTexts = (),
                     date_cells: Sequence[str | None] = ()) -> DocumentMeta:
    """What the order says about itself (see the module docstring).  The readers clean
    ``lines`` and ``table_texts``; texts typed :class:`~normalize.text.CleanTexts` are
    known to be cleaned already and cost less."""
    text_lines = split_header(_prepare(lines))
    tables = clean_all(table_texts)
    layout = analyse_layout(text_lines)
    meta = DocumentMeta()
    issues = meta.issues
    vocab = CaseVocab(text_lines + tables)

    # -- issuer and type word from the header
    issuer, header_type = find_issuer(text_lines, layout, tables, vocab)
    if issuer is None:
        issues.append(Issue("issuer_not_found", "no issuing body in the header, the stamps or a letterhead table"))
    meta.issuer = issuer

    # -- order type
    stamp_type = next((s.order_type for s in layout.stamps if s.order_type), None)
    meta.order_type = header_type or stamp_type or _type_from_body(text_lines)
    if meta.order_type is None:
        issues.append(Issue("order_type_not_found", "no type word (приказ, распоряжение) found"))

    # -- number and date: the header's, stamps as fallback and cross-check
    meta.order_number, meta.order_date, nd_issues = find_number_and_date(text_lines, layout, tables)
    issues.extend(nd_issues)

    # -- region
    region, r_issues = choose_region(issuer, "\n".join(text_lines), "\n".join(tables))
    issues.extend(r_issues)
    if region is not None:
        meta.region, meta.region_code = region.region, region.code

    # -- level and municipality
    title_text = " ".join(text_lines[k] for k in (layout.title or ()))
    caption_text = " ".join(text_lines[k] for k in (layout.caption or ()))
    meta.level = classify_level(issuer, f"{title_text} {caption_text}")
    if meta.level is None:
        issues.append(Issue("level_unknown", "neither the issuer nor the title tells the level"))
    if meta.level == "municipal":
        meta.municipality = find_municipality(issuer) if issuer else None
        if meta.municipality is None:
            issues.append(Issue("municipality_not_found", "municipal order, but no municipality named"))

    # -- year the roadmap covers
    meta.year = find_year(caption_text) or find_year(title_text)
    if meta.year is None:
        meta.year, count, dated = dominant_row_year(date_cells)
        if meta.year is not None:
            issues.append(Issue("year_from_rows", f"no year in the caption or title: {meta.year}, "
                                f"named by {count} of the {dated} dated rows"))
    if meta.year is None and meta.order_date is not None:
        meta.year = meta.order_date.year
        issues.append(Issue("year_from_order_date", "no year in the caption or title: the order date's year"))
    if meta.year is None:
        issues.append(Issue("year_not_found", "no year in the caption, the title or the order date"))
    return meta
