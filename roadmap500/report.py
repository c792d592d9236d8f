"""The operator's comparison and the analyst's review, as pandas DataFrames.

Every function takes the typed DataFrames of ``roadmap500.convert()`` (or :func:`load` of
an output folder) and returns a DataFrame; ``roadmap500.report_html`` renders them into one
self-contained HTML file.  A roadmap is one order's table: region, level, municipality and
year; when the same order was converted from two files (DOCX and PDF), the first file with
the most rows stands for it.

>>> acts, docs = load("out/")                       # doctest: +SKIP
>>> milestone_matrix(acts).head()                   # doctest: +SKIP
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from normalize.milestones import load_milestones, window_deviation

__all__ = [
    "load",
    "roadmaps",
    "milestone_matrix",
    "milestone_table",
    "risk_coverage",
    "executor_kinds",
    "activity_kinds",
    "year_over_year",
    "file_status",
    "review_rows",
]

ROADMAP_KEYS = ["region", "level", "municipality", "year"]


def load(outdir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(activities, documents)`` of a ``roadmap500 convert`` output folder, typed."""
    import pyarrow.parquet as pq

    from roadmap500.pipeline import to_pandas

    outdir = Path(outdir)
    return (to_pandas(pq.read_table(outdir / "activities.parquet")),
            to_pandas(pq.read_table(outdir / "documents.parquet")))


def _text(value) -> str:
    """A cell as text, '' for null (NA, None, NaN)."""
    return "" if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)) \
        else str(value)


def _label(row) -> str:
    parts = [_text(row["region"]) or "регион не определён"]
    if _text(row["municipality"]):
        parts.append(_text(row["municipality"]))
    parts.append(str(row["year"]) if pd.notna(row["year"]) else "год?")
    return " · ".join(parts)


def roadmaps(activities: pd.DataFrame) -> pd.DataFrame:
    """One row per roadmap: its keys, ``label``, the ``doc_id`` that stands for it, rows."""
    if activities.empty:
        return pd.DataFrame(columns=[*ROADMAP_KEYS, "label", "doc_id", "source_file", "n_rows"])
    per_doc = (activities.astype({"region": "object", "level": "object"})
               .groupby("doc_id", sort=False)
               .agg(region=("region", "first"), level=("level", "first"),
                    municipality=("municipality", "first"), year=("year", "first"),
                    source_file=("source_file", "first"), n_rows=("row_index", "size"))
               .reset_index())
    per_doc["label"] = per_doc.apply(_label, axis=1)
    best = (per_doc.sort_values(["label", "n_rows"], ascending=[True, False], kind="stable")
            .drop_duplicates("label"))
    return best[[*ROADMAP_KEYS, "label", "doc_id", "source_file", "n_rows"]].reset_index(drop=True)


def _chosen(activities: pd.DataFrame) -> pd.DataFrame:
    """The activities of the roadmaps' standing documents, with the roadmap label."""
    maps = roadmaps(activities)
    return activities.merge(maps[["doc_id", "label"]], on="doc_id", how="inner")


def milestone_table(activities: pd.DataFrame) -> pd.DataFrame:
    """Long form: roadmap × milestone with the planned period and deviation from the window.

    ``deviation_days``: 0 inside the federal window, negative before it, positive after
    (the row nearest the window counts when a milestone is planned several times)."""
    acts = _chosen(activities)
    acts = acts[acts["milestone"].notna()]
    rows = []
    for (label, code), group in acts.groupby(["label", acts["milestone"].astype(str)], sort=True):
        best = None
        for _, r in group.iterrows():
            start = r["period_start"] if pd.notna(r["period_start"]) else None
            end = r["period_end"] if pd.notna(r["period_end"]) else None
            year = int(r["year"]) if pd.notna(r["year"]) else None
            dev = window_deviation(code, start, end, year=year)
            key = (dev is None, abs(dev) if dev is not None else 0)
            if best is None or key < best[0]:
                best = (key, r, dev)
        _, r, dev = best
        rows.append({"roadmap": label, "milestone": code, "n_rows": len(group),
                     "period_raw": r["period_raw"],
                     "planned_start": r["period_start"], "planned_end": r["period_end"],
                     "deviation_days": dev})
    table = pd.DataFrame(rows, columns=["roadmap", "milestone", "n_rows", "period_raw",
                                        "planned_start", "planned_end", "deviation_days"])
    return table.astype({"n_rows": "Int64", "deviation_days": "Int64"})


def milestone_matrix(activities: pd.DataFrame) -> pd.DataFrame:
    """Regions (roadmaps) × milestones: the planned period as printed with the deviation in
    days from the federal window («Март 2021 (+5 д.)»); empty where not planned."""
    table = milestone_table(activities)
    codes = [m.code for m in load_milestones()]
    labels = roadmaps(activities)["label"].tolist()
    if table.empty:
        return pd.DataFrame(index=pd.Index(labels, name="roadmap"), columns=codes, dtype=object)

    def cell(r) -> str:
        text = _text(r["period_raw"]) or "без даты"
        if pd.isna(r["deviation_days"]):
            return text
        dev = int(r["deviation_days"])
        return f"{text} ({dev:+d} д.)" if dev else f"{text} (в окне)"

    table = table.assign(cell=table.apply(cell, axis=1))
    wide = table.pivot(index="roadmap", columns="milestone", values="cell")
    return wide.reindex(index=labels, columns=codes)


def risk_coverage(activities: pd.DataFrame) -> pd.DataFrame:
    """Per roadmap and risk direction 1–10: rows naming it explicitly, rows inferred."""
    acts = _chosen(activities)
    records = []
    for label, group in acts.groupby("label", sort=True):
        for code in range(1, 11):
            explicit = sum(code in (v or []) for v in group["risk_directions"])
            inferred = sum(code in (v or []) for v in group["risk_topics"])
            records.append({"roadmap": label, "direction": code,
                            "explicit": explicit, "inferred": inferred})
    return pd.DataFrame(records, columns=["roadmap", "direction", "explicit", "inferred"])


def executor_kinds(activities: pd.DataFrame) -> pd.DataFrame:
    """Per roadmap: how many executor mentions of each category (regional authority,
    institute, school, …; wide, categories as columns)."""
    acts = _chosen(activities)
    records = [{"roadmap": label, "kind": (e or {}).get("category") or (e or {}).get("kind") or "other"}
               for label, executors in zip(acts["label"], acts["executors"])
               for e in (executors or [])]
    if not records:
        return pd.DataFrame(index=pd.Index([], name="roadmap"))
    return (pd.DataFrame(records).groupby(["roadmap", "kind"]).size()
            .unstack(fill_value=0).sort_index())


def activity_kinds(activities: pd.DataFrame) -> pd.DataFrame:
    """Per roadmap: activities of each kind (federal_milestone or a regional kind)."""
    acts = _chosen(activities)
    kinds = acts["activity_kind"].astype(object).fillna("—")
    table = acts.assign(kind=kinds).groupby(["label", "kind"]).size().unstack(fill_value=0)
    return table.rename_axis(index="roadmap", columns="kind")


def year_over_year(activities: pd.DataFrame) -> pd.DataFrame:
    """Each roadmap against the same region's roadmap of the previous year: milestones kept,
    dropped and added, and the number of regional initiatives then and now."""
    maps = roadmaps(activities)
    acts = _chosen(activities)
    milestones = {label: set(g["milestone"].dropna().astype(str))
                  for label, g in acts.groupby("label")}
    regional = {label: int(g["milestone"].isna().sum()) for label, g in acts.groupby("label")}
    rows = []
    for _, cur in maps.iterrows():
        if pd.isna(cur["year"]):
            continue
        prev = maps[(maps["region"] == cur["region"]) & (maps["year"] == cur["year"] - 1)]
        if prev.empty:
            continue
        # the same level and municipality when there is one, else any roadmap of the region
        same = prev[(prev["level"] == cur["level"])
                    & (prev["municipality"].map(_text) == _text(cur["municipality"]))]
        p = (same if not same.empty else prev).iloc[0]
        now, before = milestones.get(cur["label"], set()), milestones.get(p["label"], set())
        rows.append({"roadmap": cur["label"], "previous": p["label"],
                     "milestones_kept": ", ".join(sorted(now & before)),
                     "milestones_dropped": ", ".join(sorted(before - now)),
                     "milestones_added": ", ".join(sorted(now - before)),
                     "regional_initiatives_previous": regional.get(p["label"], 0),
                     "regional_initiatives": regional.get(cur["label"], 0)})
    return pd.DataFrame(rows, columns=["roadmap", "previous", "milestones_kept",
                                       "milestones_dropped", "milestones_added",
                                       "regional_initiatives_previous", "regional_initiatives"])


def file_status(documents: pd.DataFrame) -> pd.DataFrame:
    """Every input file: status, error, rows, warnings by code; failures first."""
    docs = documents.copy()
    docs["status"] = docs["status"].astype(str)
    docs["warnings_by_code"] = docs["warning_counts"].map(
        lambda pairs: ", ".join(f"{k}: {v}" for k, v in (pairs or [])))
    docs["failed"] = docs["status"] != "ok"
    docs = docs.sort_values(["failed", "source_file"], ascending=[False, True], kind="stable")
    return docs[["source_file", "status", "error", "format", "pages", "region", "year",
                 "n_activities", "n_warnings", "warnings_by_code"]].reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class ReviewCategory:
    """A reason to check a row by hand, and the warning codes that raise it."""

    code: str
    name: str
    prefixes: tuple[str, ...]
    row_fields: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def review_categories() -> tuple[ReviewCategory, ...]:
    """The review categories of ``roadmap500/report_review.toml``."""
    with resources.files("roadmap500").joinpath("report_review.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return tuple(ReviewCategory(c["code"], c["name"], tuple(c["warning_prefixes"]),
                                tuple(c.get("row_fields", ())))
                 for c in data["category"])


def _category(code: str) -> ReviewCategory | None:
    return next((c for c in review_categories() if code.startswith(c.prefixes)), None)


def _source_link(source_file: str, page) -> str:
    """A file: link to the source, at its page for a PDF."""
    uri = Path(source_file).resolve().as_uri()
    if source_file.lower().endswith(".pdf") and pd.notna(page):
        uri += f"#page={int(page)}"
    return uri


def _is_filled(value) -> bool:
    """A list-like value with at least one item."""
    return value is not None and not isinstance(value, (str, float)) and len(value) > 0


def review_rows(activities: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Rows (and documents) to check by hand: unparsed periods, unmapped columns, low OCR
    confidence, merged-cell inheritance … with a link to the source file and page."""
    records = []
    field_categories = [(f, c) for c in review_categories() for f in c.row_fields
                        if f in activities.columns]
    for r in activities.to_dict("records"):
        found = [(w["code"], w["message"], _category(w["code"])) for w in r["warnings"] or []]
        found += [(f, f"{f}: {', '.join(map(str, r[f]))}", c) for f, c in field_categories
                  if _is_filled(r[f])]
        for code, message, cat in found:
            if cat:
                records.append({"category": cat.name, "code": code,
                                "source_file": r["source_file"], "page": r["page"],
                                "item_no": r["item_no"], "activity": r["activity"],
                                "message": message,
                                "link": _source_link(r["source_file"], r["page"])})
    for d in documents.itertuples(index=False):
        for w in d.warnings or []:
            cat = _category(w["code"])
            if cat:
                records.append({"category": cat.name, "code": w["code"],
                                "source_file": d.source_file, "page": 1, "item_no": None,
                                "activity": None, "message": w["message"],
                                "link": _source_link(d.source_file, 1)})
    columns = ["category", "code", "source_file", "page", "item_no", "activity", "message", "link"]
    return pd.DataFrame(records, columns=columns).astype({"page": "Int64"})
