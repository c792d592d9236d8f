"""Warnings for table cells read by OCR with a low confidence or changed by an OCR clean-up rule."""
from __future__ import annotations

from extract.model import Table
from normalize.records import Issue

LOW_CONFIDENCE = 60.0  # a cell whose mean OCR word confidence (0–100) is below this is flagged
_SHOWN = 60  # characters of the cell quoted in the warning


def low_confidence_issues(table: Table, row: int) -> list[Issue]:
    """Per cell of ``row``: an ``ocr_low_confidence`` warning when OCR read it unsurely, and one
    warning per clean-up rule that changed its words (the rule's ``ocr_…`` code)."""
    issues = []
    for cell in table.cells:
        if cell.row != row or cell.ocr_confidence is None:
            continue
        text = " ".join(cell.text.split())
        shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
        if cell.ocr_confidence < LOW_CONFIDENCE:
            issues.append(Issue("ocr_low_confidence", f"OCR read this cell with a mean word confidence "
                                                      f"of {cell.ocr_confidence:.0f}/100 (page {cell.page}): «{shown}»"))
        for note in cell.ocr_notes:
            code, _, message = note.partition(": ")
            issues.append(Issue(code, f"{message} (page {cell.page}, confidence {cell.ocr_confidence:.0f}/100): «{shown}»"))
    return issues
