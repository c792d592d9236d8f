"""One self-contained HTML report (Jinja2 template, plots as embedded PNG) from an output folder.

Nothing in the page refers to a server: styles are inline, images are ``data:`` URIs, and
the only links are ``file:`` links back to the source files (opened only when clicked).
"""
from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from normalize.milestones import load_milestones, taxonomy_version
from roadmap500 import report, report_plots
from schemas.arrow import SCHEMA_VERSION

__all__ = ["render_report", "write_report"]


def _cell(value) -> str:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    return str(value)


def _table(df: pd.DataFrame, *, index: bool = True, table_id: str = "",
           link_column: str | None = None) -> str:
    """A DataFrame as an HTML table (escaped); ``link_column`` cells become file: links."""
    columns = list(df.columns)
    head = ([html.escape(_cell(df.index.name) or "")] if index else []) + \
        [html.escape(str(c)) for c in columns if c != link_column]
    out = [f'<table id="{table_id}">' if table_id else "<table>", "<thead><tr>",
           *(f"<th>{h}</th>" for h in head), "</tr></thead><tbody>"]
    for idx, row in df.iterrows():
        cells = [f"<th>{html.escape(_cell(idx))}</th>"] if index else []
        for c in columns:
            if c == link_column:
                continue
            text = html.escape(_cell(row[c]))
            if link_column and c == "source_file" and _cell(row[link_column]):
                text = f'<a href="{html.escape(row[link_column])}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_report(activities: pd.DataFrame, documents: pd.DataFrame, *,
                  title: str = "roadmap500 report") -> str:
    """The report's HTML for typed activities and documents DataFrames."""
    maps = report.roadmaps(activities)
    labels = maps["label"].tolist()
    table = report.milestone_table(activities)
    chosen = activities.merge(maps[["doc_id", "label", "year"]].rename(columns={"year": "y"}),
                              on="doc_id")
    timelines = [
        {"label": m.label,
         "png": report_plots.timeline_png(chosen[chosen["label"] == m.label], m.label,
                                          None if pd.isna(m.year) else int(m.year))}
        for m in maps.itertuples(index=False)]
    coverage = report.risk_coverage(activities)
    coverage_wide = (coverage.assign(cell=coverage["explicit"].astype(str) + " / "
                                     + coverage["inferred"].astype(str))
                     .pivot(index="roadmap", columns="direction", values="cell"))
    files = report.file_status(documents)
    failed = files[files["status"] != "ok"]
    review = report.review_rows(activities, documents)
    env = Environment(loader=PackageLoader("roadmap500", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("report.html.j2").render(
        title=title,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        schema_version=SCHEMA_VERSION, taxonomy_version=taxonomy_version(),
        n_files=len(documents), n_failed=len(failed), n_roadmaps=len(maps),
        n_activities=len(activities),
        milestones=[(m.code, m.name) for m in load_milestones()],
        matrix=_table(report.milestone_matrix(activities).fillna(""), table_id="matrix"),
        heatmap=report_plots.heatmap_png(table, labels) if labels else None,
        timelines=timelines,
        coverage=_table(coverage_wide, table_id="risk-coverage") if len(coverage_wide) else "",
        executors=_table(report.executor_kinds(activities), table_id="executor-kinds"),
        kinds=_table(report.activity_kinds(activities), table_id="activity-kinds"),
        yoy=_table(report.year_over_year(activities), index=False, table_id="year-over-year"),
        failed=_table(failed[["source_file", "status", "error", "format"]], index=False,
                      table_id="failed-files"),
        files=_table(files, index=False, table_id="file-status"),
        review=_table(review, index=False, table_id="review-rows", link_column="link"),
        n_review=len(review),
    )


def write_report(outdir: str | Path, output: str | Path) -> Path:
    """Render the report of a ``roadmap500 convert`` output folder into ``output``."""
    activities, documents = report.load(outdir)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_report(activities, documents), encoding="utf-8")
    return output
