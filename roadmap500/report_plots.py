"""The report's plots as PNG images (matplotlib, Agg backend), returned as data: URIs.

PNG images embedded in the HTML need no script and no font or library from a server,
look the same in every browser and in print, and stay small (a heatmap and one timeline
per roadmap are ~20–60 kB each); an inlined plotly or vega bundle would add megabytes of
JavaScript to every report.
"""
from __future__ import annotations

import base64
import io
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from normalize.milestones import load_milestones  # noqa: E402

__all__ = ["heatmap_png", "timeline_png", "png_data_uri"]

DPI = 80


def png_data_uri(fig) -> str:
    """The figure as a ``data:image/png;base64,…`` URI; the figure is closed."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def heatmap_png(table: pd.DataFrame, labels: list[str]) -> str:
    """Roadmaps × milestones, colour = deviation from the federal window in days (grey: not
    planned; white: inside the window)."""
    codes = [m.code for m in load_milestones()]
    grid = np.full((len(labels), len(codes)), np.nan)
    planned = np.zeros_like(grid, dtype=bool)
    for r in table.itertuples(index=False):
        if r.roadmap in labels and r.milestone in codes:
            i, j = labels.index(r.roadmap), codes.index(r.milestone)
            planned[i, j] = True
            grid[i, j] = np.nan if pd.isna(r.deviation_days) else float(r.deviation_days)
    fig, ax = plt.subplots(figsize=(1.0 + 0.45 * len(codes), 1.2 + 0.38 * max(1, len(labels))))
    ax.imshow(np.where(planned, 0.0, 1.0), cmap="Greys", vmin=0, vmax=4, aspect="auto")
    limit = 60.0  # colour saturates at two months; the cell text gives the exact days
    image = ax.imshow(np.clip(grid, -limit, limit), cmap="RdBu_r", vmin=-limit, vmax=limit,
                      aspect="auto")
    for i in range(len(labels)):
        for j in range(len(codes)):
            if planned[i, j]:
                text = "?" if np.isnan(grid[i, j]) else f"{grid[i, j]:+.0f}" if grid[i, j] else "✓"
                ax.text(j, i, text, ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(codes)), codes, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    fig.colorbar(image, ax=ax, label="days from the federal window", shrink=0.8)
    ax.set_title("Federal milestones: planned date vs federal window (✓ inside)", fontsize=9)
    return png_data_uri(fig)


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else value


def timeline_png(activities: pd.DataFrame, label: str, year: int | None) -> str:
    """One roadmap's dated activities as bars over the year: federal milestones in blue
    with their federal windows of the year shaded on the same line, regional initiatives
    in orange."""
    rows = []
    for r in activities.itertuples(index=False):
        start, end = _day(r.period_start), _day(r.period_end)
        if start is None and end is None:
            continue
        start, end = start or end, end or start
        rows.append((start, end, r.milestone if pd.notna(r.milestone) else None, r.item_no))
    rows.sort(key=lambda t: (t[0], t[1]))
    windows = {ms.code: [w for w in ms.windows if w.year == year] for ms in load_milestones()}
    fig, ax = plt.subplots(figsize=(7.0, 0.7 + 0.11 * max(3, len(rows))))
    for i, (start, end, milestone, _) in enumerate(rows):
        for w in windows.get(milestone, []) if milestone else []:
            ax.barh(i, (w.end - w.start).days + 1, left=w.start, height=1.0, color="#cfdcf0",
                    zorder=1)
        colour = "#2b6cb0" if milestone else "#dd8a2b"
        ax.barh(i, (end - start).days + 1, left=start, height=0.7, color=colour, zorder=2)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m.%y"))
    ax.tick_params(axis="x", labelsize=7)
    if year is not None:
        ax.set_xlim(date(year, 1, 1), date(year, 12, 31))
    ax.set_title(f"{label}: {len(rows)} dated activities\n(blue: federal milestone, pale: its "
                 "federal window; orange: regional initiative)", fontsize=8)
    return png_data_uri(fig)
