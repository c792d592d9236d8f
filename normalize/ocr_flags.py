"""Warnings for table cells read by OCR with a low confidence."""
from __future__ import annotations

from extract.model import Table
from normalize.records import Issue

LOW_CONFIDENCE = 60.0  # a cell whose mean OCR word confidence (0–100) is below this is flagged
_SHOWN = 60  # characters of the cell quoted in the warning


def low_confidence_issues(table: Table, row: int) -> list[Issue]:
    """One ``ocr_low_confidence`` warning per cell of ``row`` that OCR read unsurely."""
    issues = []
    for cell in table.cells:
        if cell.row == row and cell.ocr_confidence is not None and cell.ocr_confidence < LOW_CONFIDENCE:
            text = " ".join(cell.text.split())
            shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
            issues.append(Issue("ocr_low_confidence", f"OCR read this cell with a mean word confidence "
                                                      f"of {cell.ocr_confidence:.0f}/100 (page {cell.page}): «{shown}»"))
    return issues
