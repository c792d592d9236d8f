"""The row-number column of a ruled table on a scanned page, read again where it breaks the
numbering.

Tesseract's page reading garbles short row numbers («11» as «и», «3.» as «В.», «23» as
«28»).  A ruled table whose first column mostly holds numbers is a numbering column; a cell
whose reading is no number fitting its neighbours is cut out and read again as one line of
digits, in a few ways.  The first new reading that fits the sequence wins; otherwise the raw reading
stays and, when it is no fitting number, carries an unsure note.
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import replace

from extract.ocr_words import OcrWord

NUMBER = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)\.?")
NUMBER_SHARE = 0.5  # share of the first column's non-empty cells that must be numbers
MIN_NUMBERS = 3  # … and at least this many
MISREAD_CHARS = 3  # a cell of more characters that are no number is not a misread row number
HEADING_MARK = "№"  # the number sign heads a numbering column
FIXED_NOTE = "ocr_item_no_reread"
UNSURE_NOTE = "ocr_item_no_unsure"

Box = tuple[int, int, int, int]  # pixels: x0, top, x1, bottom
Reader = Callable[[list[Box]], list[list[tuple[str, float]]]]  # boxes → readings (text, confidence) each


def parse(text: str) -> tuple[int, ...] | None:
    """``"12"``, ``"12."`` or ``"2.3."`` as its parts; None for anything else."""
    m = NUMBER.fullmatch(text.strip())
    return tuple(int(p) for p in m.group(1).split(".")) if m else None


def follows(before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    """``after`` is a number that may come next after ``before`` («3» → «4», «3» → «3.1»,
    «3.2» → «3.3» or «4»)."""
    if after == before + (1,):
        return True
    return any(after == before[:k] + (before[k] + 1,) for k in range(len(before)))


def fits(number: tuple[int, ...] | None, before: tuple[int, ...] | None, after: tuple[int, ...] | None) -> bool:
    """A number that follows the number above it or leads to the one below it."""
    if number is None:
        return False
    return (before is not None and follows(before, number)) or (after is not None and follows(number, after))


def numbering_cells(texts: Sequence[str]) -> bool:
    """The first column's cell texts (top to bottom) are a numbering column."""
    filled = [t for t in texts if t.strip()]
    numbers = sum(parse(t) is not None for t in filled)
    return numbers >= MIN_NUMBERS and numbers >= NUMBER_SHARE * len(filled)


def _misread_number(text: str) -> bool:
    """Short enough to be a row number read wrongly («и», «В.»), and no heading («№»)."""
    core = "".join(text.split())
    return 0 < len(core) <= MISREAD_CHARS and HEADING_MARK not in core


def _text(words: list[OcrWord]) -> str:
    """The words of a cell in reading order, joined."""
    return " ".join(w.text for w in sorted(words, key=lambda w: (w.line, w.x0)))


def renumber(words: list[OcrWord], columns: list[list[tuple[Box, list[int]]]], read: Reader) -> list[OcrWord]:
    """``words`` with the numbering columns' misread cells read again.

    ``columns``: per ruled table, its first column's cells top to bottom, each as its ink box
    and the indices of the words in it; ``read`` reads boxes as digit lines, a few readings each.
    """
    replaced: dict[int, OcrWord | None] = {}
    added: list[OcrWord] = []
    for column in columns:
        texts = [_text([words[i] for i in inside]) for _, inside in column]
        if not numbering_cells(texts):
            continue
        numbers = [parse(t) for t in texts]
        for k, (box, inside) in enumerate(column):  # top down: a cell put right helps the next
            before, after = _near(numbers, k, -1), _near(numbers, k, 1)
            if fits(numbers[k], before, after) or (numbers[k] is None and not _misread_number(texts[k])):
                continue
            [readings] = read([box])
            text, conf = next((r for r in readings if fits(parse(r[0]), before, after)), readings[0])
            cell_words = [words[i] for i in inside]
            if fits(parse(text), before, after):
                numbers[k] = parse(text)
                first = min(cell_words, key=lambda w: (w.line, w.x0))
                note = (f"{FIXED_NOTE}: OCR read «{texts[k]}», read again as «{text}» ({conf:.0f}/100), "
                        f"which fits the numbering")
                added.append(replace(first, text=text, x0=box[0], x1=box[2], top=box[1], bottom=box[3],
                                     conf=statistics.fmean(w.conf for w in cell_words), note=note))
                replaced.update({i: None for i in inside})
            elif numbers[k] is None:
                note = (f"{UNSURE_NOTE}: OCR read «{texts[k]}» where a row number stands"
                        f"{f', read again as «{text}»' if text else ''}; neither fits the numbering")
                i = min(inside, key=lambda i: (words[i].line, words[i].x0))
                replaced[i] = replace(words[i], note=f"{words[i].note}; {note}" if words[i].note else note)
    out = [replaced.get(i, w) for i, w in enumerate(words)]
    return [w for w in out if w is not None] + added


def _near(numbers: list[tuple[int, ...] | None], k: int, step: int) -> tuple[int, ...] | None:
    """The nearest number above (``step`` −1) or below (+1) cell ``k``."""
    k += step
    while 0 <= k < len(numbers):
        if numbers[k] is not None:
            return numbers[k]
        k += step
    return None
