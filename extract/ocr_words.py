"""Clean-up rules for the words Tesseract reads on a scanned page.

Each rule is a pure function from words to words.  A rule that changes what a word says
(not only its typography) leaves a note on it: ``code: message``; the note reaches the
cell (``Cell.ocr_notes``) and becomes a row warning, and the word keeps its confidence.
"""
from __future__ import annotations

import re
import statistics
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

CONFUSABLES = Path(__file__).with_name("ocr_confusables.toml")
SPECK_CONFIDENCE = 60.0  # a word of punctuation only read less surely than this is a speck
CAPITALS_NOTE = "ocr_capitals"
LETTERS_NOTE = "ocr_digits_as_letters"
DOUBLED_NOTE = "ocr_doubled_letter"


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A recognised word, in pixels of the levelled image, with its line's vertical extent."""

    text: str
    x0: int
    x1: int
    top: int
    bottom: int
    line_top: int
    line_bottom: int
    conf: float
    line: int  # running number of its text line
    baseline: int | None = None  # y of the baseline under the word
    tail_top: int | None = None  # y of the highest ink of its last letter (short words only)
    note: str = ""  # ``code: message`` when a rule changed what the word says

    @property
    def rise(self) -> int | None:
        """Height of the word above its baseline (x-height or cap height)."""
        return None if self.baseline is None else self.baseline - self.top

    @property
    def tail_rise(self) -> int | None:
        """Height of its last letter above the baseline, when measured."""
        return None if self.baseline is None or self.tail_top is None else self.baseline - self.tail_top


def noted(word: OcrWord, text: str, code: str) -> OcrWord:
    """``word`` saying ``text``, with a note of what it said before."""
    if text == word.text:
        return word
    note = f"{code}: OCR read «{word.text}», taken as «{text}»"
    return replace(word, text=text, note=f"{word.note}; {note}" if word.note else note)


def drop_specks(words: list[OcrWord]) -> list[OcrWord]:
    """Words with neither a letter nor a digit read with a low confidence: specks, not text."""
    return [w for w in words if w.conf >= SPECK_CONFIDENCE or any(ch.isalnum() for ch in w.text)]


_NUMBER_MISREAD = re.compile(r"(\d{1,3}(?:\.\d{1,3})*)[:;,]")


def number_dots(words: list[OcrWord]) -> list[OcrWord]:
    """A row number opening its line read with a colon, semicolon or comma for its dot
    («9:» for «9.»: a speck over the dot) gets its dot back; the table finder numbers rows
    by such words."""
    first: dict[int, OcrWord] = {}
    for w in words:
        if w.line not in first or w.x0 < first[w.line].x0:
            first[w.line] = w
    opening = {id(w) for w in first.values()}
    return [replace(w, text=_NUMBER_MISREAD.fullmatch(w.text).group(1) + ".")
            if id(w) in opening and _NUMBER_MISREAD.fullmatch(w.text) else w for w in words]


_FLAT_LOWER = set("авгдежзиклмнопстхчшыьэюя")  # no ascender: the same shape as the capital, smaller
_FLAT_UPPER = set("АВГЕЖЗИКЛМНОПРСТУХЧШЫЬЭЮЯ")  # capitals with no descender
_NO_ASCENDER = _FLAT_LOWER | set("руцщъ")  # lower-case letters that stand x-height high
TAIL_LETTERS = (2, 4)  # letters in an abbreviation that may be read in lower or title case


def tail_candidate(text: str) -> bool:
    """A short title-case word of letters that look the same in capitals («До», «Оо»)."""
    return (TAIL_LETTERS[0] <= len(text) <= TAIL_LETTERS[1] and "А" <= text[0] <= "Я"
            and set(text[1:]) <= _FLAT_LOWER)


def measure_tails(words: list[OcrWord], mask: np.ndarray) -> list[OcrWord]:
    """Short title-case words with the top of their last letter's ink (``mask``: ink 255)."""
    out = []
    for w in words:
        if w.baseline is not None and tail_candidate(w.text):
            left = w.x1 - max(1, round((w.x1 - w.x0) / len(w.text) * 0.8))
            rows = np.nonzero(mask[w.line_top:w.baseline, left:w.x1].any(axis=1))[0]
            if len(rows):
                w = replace(w, tail_top=w.line_top + int(rows[0]))
        out.append(w)
    return out


def _heights(words: list[OcrWord]) -> tuple[float, float] | None:
    """Median cap height and x-height above the baseline on the page, when enough words tell."""
    caps = [w.rise for w in words if w.rise and len(w.text) >= 2 and w.text[0] in _FLAT_UPPER
            and set(w.text[1:]) <= _NO_ASCENDER | _FLAT_UPPER]
    small = [w.rise for w in words if w.rise and len(w.text) >= 3 and set(w.text) <= _NO_ASCENDER - {"д"}]
    if len(caps) < 3 or len(small) < 3:
        return None
    cap, x_height = statistics.median(caps), statistics.median(small)
    return (cap, x_height) if cap - x_height >= 2 else None


def restore_capitals(words: list[OcrWord]) -> list[OcrWord]:
    """Words read in lower or title case whose letters stand as tall as the page's capitals,
    set in capitals.

    Tesseract's Russian model reads short capitalised abbreviations (``TAIL_LETTERS``
    letters) as the common word of the same letters («ДО» as «до» or «До», «ОО» as «оо»);
    the height above the baseline tells: of the whole word when it is in lower case, of its
    last letter in title case.
    """
    heights = _heights(words)
    if heights is None:
        return words
    middle = sum(heights) / 2

    def tall(w: OcrWord) -> bool:
        if TAIL_LETTERS[0] <= len(w.text) <= TAIL_LETTERS[1] and set(w.text) <= _FLAT_LOWER:
            return bool(w.rise) and w.rise > middle
        return tail_candidate(w.text) and w.tail_rise is not None and w.tail_rise > middle

    return [noted(w, w.text.upper(), CAPITALS_NOTE) if tall(w) else w for w in words]


@cache
def _confusables() -> tuple[dict[str, str], str, int]:
    """Digit → capital pairs, lone-word digits and their least length (``ocr_confusables.toml``)."""
    with CONFUSABLES.open("rb") as f:
        data = tomllib.load(f)
    return dict(data["digit_letters"]), data["lone_words"]["digits"], int(data["lone_words"]["min_length"])


_CYRILLIC_UPPER = re.compile(r"[А-ЯЁ]")
_EDGE_PUNCT = "«»\"'(),.;:!?"


def _letters_word(core: str, pairs: dict[str, str]) -> bool:
    """Cyrillic capitals and confusable digits, a capital first and no other character."""
    return (bool(core) and _CYRILLIC_UPPER.match(core) is not None
            and any(ch in pairs for ch in core)
            and all(ch in pairs or _CYRILLIC_UPPER.match(ch) for ch in core))


def _lone_letters(core: str, left: OcrWord | None, right: OcrWord | None, digits: str, least: int) -> bool:
    """Only lone-word digits, with no number next to it on its line (``left``, ``right``:
    the words beside it in its column, if any)."""
    if len(core) < least or set(core) - set(digits):
        return False
    return not ((left is not None and left.text.rstrip(_EDGE_PUNCT)[-1:].isdigit())
                or (right is not None and right.text.lstrip(_EDGE_PUNCT)[:1].isdigit()))


def _beside(words: list[OcrWord]) -> dict[int, tuple[OcrWord | None, OcrWord | None]]:
    """Per word (by index): the words just left and right of it on its line, nearer than two
    line heights (farther is another column)."""
    lines: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    out: dict[int, tuple[OcrWord | None, OcrWord | None]] = {}
    for members in lines.values():
        members.sort(key=lambda i: words[i].x0)
        for n, i in enumerate(members):
            w, gap = words[i], 2 * (words[i].line_bottom - words[i].line_top)
            left = words[members[n - 1]] if n and w.x0 - words[members[n - 1]].x1 <= gap else None
            right = (words[members[n + 1]] if n + 1 < len(members) and words[members[n + 1]].x0 - w.x1 <= gap
                     else None)
            out[i] = (left, right)
    return out


def digits_as_letters(words: list[OcrWord]) -> list[OcrWord]:
    """Digits read for the Cyrillic capitals of the same shape, given back as letters: inside a
    word of capitals («МА0У»), and a lone «00» or «000» with no number beside it («МОУО 00»)."""
    pairs, digits, least = _confusables()
    beside = _beside(words)
    out = list(words)
    for i, w in enumerate(words):
        core = w.text.strip(_EDGE_PUNCT)
        if core and (_letters_word(core, pairs) or _lone_letters(core, *beside[i], digits, least)):
            letters = "".join(pairs.get(ch, ch) for ch in core)
            out[i] = noted(w, w.text.replace(core, letters, 1), LETTERS_NOTE)
    return out


@cache
def _doubled_letters() -> str:
    """One-letter words the model reads twice (``ocr_confusables.toml``)."""
    with CONFUSABLES.open("rb") as f:
        return str(tomllib.load(f)["doubled"]["letters"])


def undouble(words: list[OcrWord]) -> list[OcrWord]:
    """A one-letter word read twice («ии», «вВ») as the letter once."""
    letters = _doubled_letters()
    return [noted(w, w.text[0], DOUBLED_NOTE)
            if len(w.text) == 2 and w.text[0] in letters and w.text[1].lower() == w.text[0] else w
            for w in words]


_DASHES = re.compile(r"[-‐‑‒–—―]+")


def range_dashes(words: list[OcrWord]) -> list[OcrWord]:
    """A lone dash word between two numbers made an en dash (Russian typography sets ranges
    so; Tesseract's Russian model reads the en dash as an em dash or as "-—").

    The number after it is the next word on its line, or — when the range breaks after the
    dash — the first word of the next line in the same column."""
    out = list(words)
    for i in range(1, len(out)):
        before, word = out[i - 1], out[i]
        if not (_DASHES.fullmatch(word.text) and word.text != "-" and before.line == word.line
                and before.text[-1:].isdigit()):
            continue
        after = out[i + 1] if i + 1 < len(out) and out[i + 1].line == word.line else None
        if after is None or after.x0 - word.x1 > word.line_bottom - word.line_top:  # a column away
            below = [w for w in out if w.line == word.line + 1 and w.x0 < word.x1 and w.x1 > before.x0]
            after = min(below, key=lambda w: w.x0, default=None)
        if after is not None and after.text[:1].isdigit():
            out[i] = replace(word, text="–")
    return out
