"""Time in a roadmap row: a small grammar from a date cell to (start, end, recurrence).

The grammar is built from composable pieces, natasha/yargy style but hand-written (the
tokenizer, lexicon and ordered-choice combinators of ``normalize.grammar``, which keep a
cell under 0.1 ms):

1. tokenizer — numbers, words (lower case, "ё" → "е"), dashes, dots, other punctuation;
2. atoms — one calendar unit each: a date (``15.02.2021``, ``«15» февраля 2021 г.``),
   a month (``Март 2022``, ``в марте``, ``03.2022``), a quarter (``I квартал``,
   ``2 кв.``), a half-year (``II полугодие 2021 года``), a year (``2023 год``, a bare
   ``года`` = the roadmap's year), a school year (``2021/2022 учебного года``);
3. expressions — a range (any dash, ``с … по …``; the year and month of a bare start come
   from its end, and a start after its end is moved a year back), a deadline (``до``,
   ``не позднее``, ``в срок до``: start unknown), an open start (``с``, ``начиная с``:
   end unknown), or a single term;
4. the cell — a list of expressions among fillers (``в течение``, ``(выполнено)``) whose
   span is taken (min start .. max end; unknown when any part's is unknown), plus
   recurrence wording and not-dated phrases (``по графику ФИОКО``).

A missing year comes from the nearest expression with a year (the next one first, as
Russian puts the year last: ``Май, декабрь 2022``), else from the roadmap's ``year``.  A
range with no year at all whose end month precedes its start (``декабрь – январь``) ends
in the following year.  Recurrence is read from the date cell, else from the activity
text.  All vocabulary lives in ``data/periods.toml``.

Modules: ``period_vocabulary`` (data/periods.toml as lexicons), ``period_grammar`` (atoms,
expressions, and ``numeric_cell``: the commonest cells, "31.12.2021" and a range of two such
dates, read by one regex instead of the tokenizer and combinators), ``period_recurrence``
(recurrence wording); this module walks a cell and turns what it found into a Period.

Choices: a deadline on a coarse unit ends with that unit (``до марта`` → 31 March, the
same as ``до конца марта``), but ``до начала марта`` / ``к началу учебного года`` end on
its first day; ``после X`` opens at X; a bare ``учебный год`` in a roadmap for
year Y is the school year ending in Y (``(Y-1)-09-01 .. Y-06-30``, bounds in the data file);
"начало/середина/конец марта" is the whole month.

Issue codes (nothing is fixed, values stay as printed):

- ``period_unparsed`` (warning): no date, recurrence or known wording found, or a date
  that does not exist (``31.02.2021``); values are null.
- ``period_unparsed`` also for a template date: a placeholder for a value (``25 августа
  X - 1 года``, ``в течение X года``) or a blank left unfilled (``до «__» ____ 2021 г.``);
  the document's year is never put in its place.
- ``period_year_from_roadmap`` (info): a day, month, quarter or half-year without a year
  in the cell took the roadmap's ``year`` (a bare ``года`` / ``учебный год`` means the
  roadmap's year and is not flagged).
- ``period_footnote`` (info): footnote marks (``*``, ``¹``, ``<*>``) were taken out of
  the cell before it was read (``10 ноября 2020* года``); they are named in the message.
  A blank form filled in by hand (``от « 10»______01____2022 г.``) is read as its date.
- ``period_not_dated`` (info): a wording that says when without dates (``по мере
  необходимости``), or a frequency no recurrence value fits (``2 раза в месяц``); values
  are null.
- ``period_year_missing`` (warning): a date without a year, and no year in the cell or
  given by the caller; that part is left out (null).
- ``period_out_of_year`` (warning): a date outside the roadmap's window, from the start of
  the school year ending in ``year`` (1 September of year-1) to 31 December of ``year``.
  A multi-year span (``2022-2023`` in a 2022 roadmap) warns too: its end lies outside.
- ``period_end_before_start`` (warning): an end earlier than its start.
- ``period_text_ignored`` (info): dates or a recurrence were found, but some words of the
  cell were not understood (they are named in the message).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from normalize.grammar import Token, _lower, may_match_test, requirement, tokenize  # noqa: F401 (Token: for the callers' annotations)
from normalize.memo import text_cache
from normalize.period_grammar import (  # noqa: F401 (the grammar's rules, for the tests and indicators)
    _ANY_EXPRESSION,
    _DAYS,
    _OPENING_LEXICONS,
    _ORDINALS,
    _QUOTES,
    _TERMS,
    ACADEMIC,
    ATOM,
    BARE_DAY,
    BARE_YEAR,
    COMMA,
    DASH,
    DAY,
    DEADLINE,
    DOT,
    EXPRESSION,
    HALF,
    MONTH,
    MONTH_NAME,
    MONTH_NUM,
    MONTH_NUMERIC,
    NUMERIC_DATE,
    OPEN_START,
    ORDINAL,
    ORDINALS,
    QUARTER,
    QUOTE,
    RANGE,
    SEP,
    TERM,
    TEXT_DATE,
    YEAR,
    YEAR4,
    YEAR_ATOM,
    YEAR_WORD,
    Atom,
    Expr,
    _YEARS,
    _day_atom,
    _opens_expression,
    _opens_with_number,
    numeric_cell,
    opens_expression,
)
from normalize.period_recurrence import (  # noqa: F401
    _COUNT,
    _IN,
    _UNITS,
    COUNTED,
    _any_recurrence_at,
    _count,
    _opens_recurrence,
    _recurrence_at,
    find_recurrence,
    times_follow,
)
from normalize.period_vocabulary import Vocabulary, lex, vocabulary  # noqa: F401
from normalize.records import Issue, Period


# ---------------------------------------------------------------------------- the cell


@dataclass(slots=True)
class Scan:
    """What the grammar found in a date cell."""

    exprs: list[Expr]
    recurrence: str | None
    not_dated: bool
    ignored: list[str]
    placeholders: list[str] = field(default_factory=list)


def scan(text: str) -> Scan:
    """Walk the cell: expressions, recurrence, not-dated wording, fillers, the rest.

    Cached per text (the year vote of ``normalize.metadata_year`` and ``parse_period`` scan
    the same date cells, and a date cell recurs down a table): the Scan is shared, read it
    only."""
    return _scan(text)


@lru_cache(maxsize=65536)  # of one token
def _openers(kind: str, text: str) -> tuple[bool, bool, bool, bool]:
    """Which readers of a date cell can match at a token of this kind and text: not-dated
    wording, recurrence (a number: only when a ``times`` word follows, see ``times_follow``),
    a date expression, a filler (the guards of each, at once)."""
    voc = vocabulary()
    word = kind == "word"
    return (word and voc.not_dated.starts(text),
            kind != "num" and _opens_recurrence(text, word, True),
            opens_expression(kind, text),
            word and voc.fillers.starts(text))


@text_cache(maxsize=4096)
def _scan(text: str) -> Scan:
    """scan, uncached (a numeric date or a range of two read by ``numeric_cell``, a lone
    word with a date or a year by ``word_cell``)."""
    if (expr := numeric_cell(text)) is not None or (expr := word_cell(text)) is not None:
        return Scan([expr], None, False, [])
    if (exprs := piece_cell(text)) is not None:
        return Scan(exprs, None, False, [])
    if (core := without_filler_note(text)) is not None:
        if (expr := numeric_cell(core)) is not None or (expr := word_cell(core)) is not None:
            return Scan([expr], None, False, [])
        if (exprs := piece_cell(core)) is not None:
            return Scan(exprs, None, False, [])
    return grammar_scan(text)


# A date and a note in parentheses of filler words alone ("Январь 2022 (выполнено)",
# "31.12.2021 (исполнено в срок)"): the grammar reads the date as it reads it alone (no rule
# takes a "(" token, so the expression ends before it) and skips "(", each filler and ")"
# without a trace; so the cell scans as its date does.  tests/test_fast11_rows.py checks it
# against the grammar's scan.
_NOTE = re.compile(r"(.*?\S)\s*\(\s*([^\W\d_]+(?:\s+[^\W\d_]+)*)\s*\)")


def without_filler_note(text: str) -> str | None:
    """The text before a closing note in parentheses whose every word is a filler only (no
    not-dated, recurrence or date wording opens with it), else None."""
    if not text.endswith(")"):
        return None
    m = _NOTE.fullmatch(text)
    if m is None:
        return None
    for word in _lower(m[2]).split():
        if _openers("word", word) != (False, False, False, True) or not _lone_filler(word):
            return None
    return m[1]


@lru_cache(maxsize=4096)  # of one word
def _lone_filler(word: str) -> bool:
    """Is the word a filler phrase on its own (a word token with this text is skipped)?"""
    hit = vocabulary().fillers.match([Token("word", word, False, 0, len(word))], 0)
    return hit is not None and hit[1] == 1


# ---------------------------------------------------------------------------- a word and a date
#
# The next commonest cells: "До 11.02.2022", "с 15.03.2021" (a deadline or an open start and
# a numeric date), "Апрель 2022", "Февраль-декабрь 2023" (a month or two and a year).
# word_cell reads them with one regex and a table of the words that only one rule can read
# (``_lone_word``, from the lexicons); anything else goes to the grammar.
# tests/test_fast9_rows.py checks it against the grammar's scan.

_WORD = r"([^\W\d_a-z]+)"  # the tokenizer's non-Latin word, on lower-cased text
_WORD_CELL = re.compile(
    _WORD + r"\s+([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})"
    r"|" + _WORD + r"(?:\s*[-\u2010-\u2015\u2212]\s*" + _WORD + r")?\s+([0-9]{4})")


@lru_cache(maxsize=65536)  # of one word
def _lone_word(word: str) -> tuple[str, int] | None:
    """("deadline" | "open_start" | "months", the lexicon's value) for a word (lower case,
    "ё" folded) that opens a phrase of exactly one of the opening lexicons, as a whole word,
    and no not-dated, recurrence or filler wording; None for any other word."""
    voc = vocabulary()
    not_dated, recurs, dated, filler = _openers("word", word)
    if not_dated or recurs or filler or not dated:
        return None
    names = [name for name in _OPENING_LEXICONS if getattr(voc, name).starts(word)]
    if names not in (["deadline"], ["open_start"], ["months"]):
        return None
    hit = getattr(voc, names[0]).match([Token("word", word, False, 0, len(word))], 0)
    return None if hit is None else (names[0], hit[0])


def word_cell(text: str) -> Expr | None:
    """The expression of a cell that is only a deadline or open-start word and "DD.MM.YYYY",
    or a month (or a dashed pair of months) and a year (as EXPRESSION reads it: DEADLINE,
    OPEN_START, or a MONTH term or RANGE); None for any other text, which the grammar reads."""
    low = text.lower()
    if len(low) != len(text):
        return None
    m = _WORD_CELL.fullmatch(low.replace("ё", "е"))
    if m is None:
        return None
    if m[1] is not None:  # a word and a date
        read = _lone_word(m[1])
        if read is None or read[0] == "months" or (atom := _day_atom(m[2], m[3], m[4])) is None:
            return None
        return Expr("deadline" if read[0] == "deadline" else "open", atom, atom)
    first, year = _lone_word(m[5]), int(m[7])
    if first is None or first[0] != "months" or not _YEARS[0] <= year <= _YEARS[1]:
        return None
    if m[6] is None:
        atom = Atom("month", year, first[1])
        return Expr("span", atom, atom)
    last = _lone_word(m[6])
    if last is None or last[0] != "months":
        return None
    return Expr("span", Atom("month", None, first[1]), Atom("month", year, last[1]))


# ---------------------------------------------------------------------------- a few pieces
#
# The shapes next in line: "2021-2022" (two years), "Июнь 2022 г." (a month and a year with
# its year word), "Апрель 2022 - декабрь2022" (a range of two such), "Май 2022 г., Декабрь
# 2022" (a list of two), "21 марта 2024" (a day, a month word and a year), "до 22.01.2021 до
# 08.02.2021" (deadlines in a row).  piece_cell reads them with one regex per shape and the
# tables of lone words; anything else goes to the grammar.  tests/test_fast12_grammar.py
# checks it against the grammar's scan.

_DASH = r"\s*[-\u2010-\u2015\u2212]\s*"
_YEAR_PIECE = r"([0-9]{4})(?:\s*([^\W\d_a-z]+)\.?)?"  # YEAR: a year and a year word ("г.")
_MONTH_PIECE = _WORD + r"\s*" + _YEAR_PIECE  # MONTH with its YEAR
_PIECE_SHAPES = (
    ("years", re.compile(_YEAR_PIECE + _DASH + _YEAR_PIECE)),
    ("month", re.compile(_MONTH_PIECE)),
    ("month_range", re.compile(_MONTH_PIECE + _DASH + _MONTH_PIECE)),
    ("month_list", re.compile(_MONTH_PIECE + r"\s*,\s*" + _MONTH_PIECE)),
    ("text_date", re.compile(r"([0-9]{1,2})\s*" + _MONTH_PIECE)),
    ("deadlines", re.compile(r"(?:[^\W\d_a-z]+\s+[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}\s+)+"
                             r"[^\W\d_a-z]+\s+[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}")),
)
_DEADLINE_PIECE = re.compile(_WORD + r"\s+([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


@lru_cache(maxsize=4096)  # of one word
def _year_word(word: str) -> bool:
    """Is the word a whole phrase of the year-word lexicon ("г", "года": YEAR_WORD)?"""
    hit = vocabulary().year_word.match([Token("word", word, False, 0, len(word))], 0)
    return hit is not None and hit[1] == 1


@lru_cache(maxsize=65536)  # of one word
def _piece_word(word: str, wanted: str) -> int | None:
    """The lexicon's value of a lone word of ``wanted`` ("months" or "deadline", see
    ``_lone_word``) that neither ends a year (a year word), nor goes on after a number (a
    times, quarter or half-year word), else None."""
    read = _lone_word(word)
    if read is None or read[0] != wanted:
        return None
    voc = vocabulary()
    if any(x.starts(word) for x in (voc.year_word, voc.times, voc.quarter, voc.half)):
        return None
    return read[1]


def _year(digits: str, word: str | None) -> int | None:
    """YEAR's value: a year in range, its word (if any) a year word; else None."""
    y = int(digits)
    if not _YEARS[0] <= y <= _YEARS[1] or (word is not None and not _year_word(word)):
        return None
    return y


def _month(word: str, digits: str, year_word: str | None) -> Atom | None:
    """MONTH's atom of a lone month word and its YEAR, else None."""
    month, year = _piece_word(word, "months"), _year(digits, year_word)
    return None if month is None or year is None else Atom("month", year, month)


def piece_cell(text: str) -> list[Expr] | None:
    """The expressions of a cell of one of the shapes above (as the grammar's scan finds
    them), or None for any other text, which the grammar reads."""
    low = text.lower()
    if len(low) != len(text):
        return None
    low = low.replace("ё", "е")
    for shape, pattern in _PIECE_SHAPES:
        m = pattern.fullmatch(low)
        if m is not None:
            break
    else:
        return None
    if shape == "years":
        first, last = _year(m[1], m[2]), _year(m[3], m[4])
        if first is None or last is None:
            return None
        return [Expr("span", Atom("year", first), Atom("year", last))]
    if shape == "month":
        atom = _month(m[1], m[2], m[3])
        return None if atom is None else [Expr("span", atom, atom)]
    if shape in ("month_range", "month_list"):
        a, b = _month(m[1], m[2], m[3]), _month(m[4], m[5], m[6])
        if a is None or b is None:
            return None
        return [Expr("span", a, b)] if shape == "month_range" else [Expr("span", a, a), Expr("span", b, b)]
    if shape == "text_date":
        day, month, year = int(m[1]), _piece_word(m[2], "months"), _year(m[3], m[4])
        if not _DAYS[0] <= day <= _DAYS[1] or month is None or year is None:
            return None
        atom = Atom("day", year, month, day)
        return [Expr("span", atom, atom)]
    exprs = []
    for word, day, month, year in _DEADLINE_PIECE.findall(low):
        if _piece_word(word, "deadline") is None or (atom := _day_atom(day, month, year)) is None:
            return None
        exprs.append(Expr("deadline", atom, atom))
    return exprs


def grammar_scan(text: str) -> Scan:
    """scan by the grammar alone: every token read in turn."""
    voc = vocabulary()
    toks = tokenize(text)
    out = Scan([], None, False, [])
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        not_dated, recurs, dated, filler = _openers(t.kind, t.text)  # who may match here
        if not_dated and (hit := voc.not_dated.match(toks, i)) is not None:
            out.not_dated = True
        elif (recurs or t.kind == "num" and times_follow(toks, i)) \
                and (hit := _any_recurrence_at(toks, i, date_cell=True)) is not None:
            out.recurrence = out.recurrence or hit[0] or None
            out.not_dated = out.not_dated or not hit[0]  # "2 раза в месяц": no value fits
        elif dated and (hit := _ANY_EXPRESSION(toks, i)) is not None:
            out.exprs.append(hit[0])
        elif filler and (hit := voc.fillers.match(toks, i)) is not None:
            pass
        else:
            if toks[i].kind == "word" and toks[i].text in voc.placeholders:
                out.placeholders.append(toks[i].text)
            elif toks[i].kind in ("word", "num"):
                out.ignored.append(toks[i].text)
            i += 1
            continue
        i = hit[1]
    return out


def _bounds(atom: Atom) -> tuple[date, date]:
    """First and last day of a unit whose year is known (ValueError for no such date)."""
    y = atom.year
    assert y is not None
    if atom.unit == "day":
        d = date(y, atom.month, atom.day)  # type: ignore[arg-type]
        return d, d
    if atom.unit == "month":
        return date(y, atom.month, 1), date(y, atom.month, _last_day(y, atom.month))  # type: ignore[arg-type]
    if atom.unit in ("quarter", "half"):
        size = 3 if atom.unit == "quarter" else 6
        first, last = size * (atom.index - 1) + 1, size * atom.index  # type: ignore[operator]
        return date(y, first, 1), date(y, last, _last_day(y, last))
    if atom.unit == "academic":
        voc = vocabulary()
        return date(y - 1, *voc.academic_start), date(y, *voc.academic_end)
    return date(y, 1, 1), date(y, 12, 31)


@lru_cache(maxsize=4096)  # of a month
def _last_day(year: int, month: int) -> int:
    """The month's last day (``calendar.monthrange``, which also works out a weekday; a bad
    month raises its ValueError, which is not cached)."""
    return calendar.monthrange(year, month)[1]


def _with_year(atom: Atom, year: int) -> Atom:
    """The atom with year filled in if it had none."""
    return atom if atom.year is not None else atom._replace(year=year)


def _inner(e: Expr) -> Expr:
    """Inside a range, a bare start takes month and year from its end and vice versa."""
    first, last = e.first, e.last
    if first.unit == "day" and first.month is None:
        first = first._replace(month=last.month if last.unit == "day" else None, year=last.year)
        if first.month is None:
            return e
    if first.year is None and last.year is not None:
        first = first._replace(year=last.year)
        try:
            if _bounds(first)[0] > _bounds(last)[0]:
                first = first._replace(year=last.year - 1)
        except ValueError:
            pass
    elif last.year is None and first.year is not None:
        last = last._replace(year=first.year)
        try:
            if _bounds(first)[0] > _bounds(last)[0]:
                last = last._replace(year=first.year + 1)
        except ValueError:
            pass
    return e if first is e.first and last is e.last else Expr(e.kind, first, last)


def _year_of(e: Expr, *, prefer_last: bool) -> int | None:
    """The year an expression states, from its end first when prefer_last."""
    atoms = (e.last, e.first) if prefer_last else (e.first, e.last)
    return next((a.year for a in atoms if a.year is not None), None)


class Prepared(NamedTuple):
    """A date cell made ready for the grammar: footnote marks out, a filled-in blank form read
    (a named tuple: immutable, as the cache shares it, and cheaper to build than a frozen
    dataclass)."""

    text: str
    footnotes: tuple[str, ...]
    blank: bool  # a blank left unfilled


@text_cache(maxsize=8192)  # the year vote (normalize.metadata_year) and _cell_period prepare the same cells
def prepare(raw: str) -> Prepared:
    """Take footnote marks out ("2020*" → "2020"), read a filled-in blank form
    ("« 10»______01____2022" → "10.01.2022") and note a blank left unfilled (shared: a
    Prepared is frozen)."""
    voc = vocabulary()
    marks = tuple(voc.footnote.findall(raw))
    text = voc.footnote.sub(" ", raw) if marks else raw
    form_may, blank_may = _needs()
    if form_may(text):  # most cells hold no "_": neither regex could match
        text = voc.blank_form.sub(
            lambda m: f"{m[1]}.{m[2]}.{m[3]}" if m[2].isdigit() else f"{m[1]} {m[2]} {m[3]}", text)
    blank = blank_may(text) and voc.blank.search(text) is not None
    return Prepared(text.strip(), marks, blank)


@lru_cache(maxsize=1)
def _needs() -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """Could the blank-form and the blank regex match in a text (grammar.may_match_test of
    what every match of each holds, grammar.requirement)?"""
    voc = vocabulary()
    return may_match_test(requirement(voc.blank_form)), may_match_test(requirement(voc.blank))


def parse_period(raw: str | None, *, year: int | None = None, activity: str | None = None) -> Period:
    """Parse a date cell (and frequency wording in the activity) into a :class:`Period`."""
    period = _cell_period(raw or "", year)
    if period.recurrence is None and activity:  # the cell says none: the activity may
        recurrence = find_recurrence(activity)
        if recurrence is not None:  # else the cell's Period, as it is (frozen, shared)
            return Period(period.start, period.end, recurrence, period.issues)
    return period


@text_cache(maxsize=8192)  # a date cell recurs down a table and across orders
def _cell_period(raw: str, year: int | None) -> Period:
    """The Period a date cell alone gives (its recurrence only from the cell)."""
    cell = prepare(raw.strip())
    text = cell.text
    issues: list[Issue] = []
    if cell.footnotes:
        issues.append(Issue("period_footnote",
                            f"footnote mark {' '.join(cell.footnotes)!r} taken out of {raw.strip()!r}"))
    found = scan(text) if text else Scan([], None, False, [])
    recurrence = found.recurrence
    if found.placeholders or cell.blank:
        # a template: its dates have no calendar value; nothing is guessed
        what = f"placeholder {' '.join(found.placeholders)!r}" if found.placeholders else "a blank"
        issues.append(Issue("period_unparsed", f"template date ({what}) in {text!r}"))
        return Period(None, None, recurrence, tuple(issues))

    exprs = [_inner(e) for e in found.exprs]
    borrowed = False
    spans: list[tuple[date | None, date | None]] = []
    for k, e in enumerate(exprs):
        if e.first.month is None and e.first.unit == "day":  # a bare day with no month to lean on
            issues.append(Issue("period_unparsed", f"a day without a month in {text!r}"))
            continue
        if e.first.year is None or e.last.year is None:
            y = next((_year_of(x, prefer_last=False) for x in exprs[k + 1:] if _year_of(x, prefer_last=False)), None)
            y = y or next((_year_of(x, prefer_last=True) for x in reversed(exprs[:k]) if _year_of(x, prefer_last=True)), None)
            if y is None and year is not None and not borrowed and {e.first.unit, e.last.unit} - {"year", "academic"}:
                # "до 1 октября" in a roadmap for 2021: the roadmap's year, said so
                borrowed = True
                issues.append(Issue("period_year_from_roadmap", f"no year in {text!r}: the roadmap's {year}"))
            y = y or year
            if y is None:
                issues.append(Issue("period_year_missing", f"no year in {text!r} and none given"))
                continue
            e = _inner(Expr(e.kind, _with_year(e.first, y), e.last))
            e = Expr(e.kind, e.first, _with_year(e.last, y))
        try:
            start, end = _bounds(e.first)[0], _bounds(e.last)[1]
        except ValueError:
            issues.append(Issue("period_unparsed", f"no such date in {text!r}"))
            continue
        if e.kind == "span" and end < start:
            issues.append(Issue("period_end_before_start", f"{end.isoformat()} is before {start.isoformat()} in {text!r}"))
        if e.kind == "deadline_start":
            start, end = None, _bounds(e.last)[0]
        spans.append((None if e.kind == "deadline" else start, None if e.kind == "open" else end))

    start = end = None
    if spans:
        starts, ends = [s for s, _ in spans], [e for _, e in spans]
        start = None if None in starts else min(starts)  # type: ignore[type-var]
        end = None if None in ends else max(ends)  # type: ignore[type-var]
        if year is not None:
            issues.extend(_out_of_year(spans, year, text))
    elif text and not found.exprs:
        if found.not_dated:
            issues.append(Issue("period_not_dated", f"no dates, by wording: {text!r}"))
        elif found.recurrence is None:
            issues.append(Issue("period_unparsed", f"no date found in {text!r}"))
    if found.ignored and (spans or found.recurrence):
        issues.append(Issue("period_text_ignored", f"not understood: {' '.join(found.ignored)!r} in {text!r}"))
    return Period(start, end, recurrence, tuple(issues))


def _out_of_year(spans: list[tuple[date | None, date | None]], year: int, text: str) -> list[Issue]:
    """period_out_of_year for dates outside [school-year start of year-1, 31 Dec of year]."""
    lo, hi = _window(year)
    outside = [d for pair in spans for d in pair if d is not None and not lo <= d <= hi]
    if not outside:
        return []
    listed = ", ".join(map(date.isoformat, sorted(set(outside))))
    return [Issue("period_out_of_year", f"{listed} outside {_window_text(year)} in {text!r}")]


@lru_cache(maxsize=256)
def _window_text(year: int) -> str:
    """"the Y roadmap (start..end)": how period_out_of_year names the window of ``year``."""
    lo, hi = _window(year)
    return f"the {year} roadmap ({lo.isoformat()}..{hi.isoformat()})"


@lru_cache(maxsize=256)
def _window(year: int) -> tuple[date, date]:
    """The roadmap window of ``year``: the start of the school year ending in it .. 31 December."""
    return date(year - 1, *vocabulary().academic_start), date(year, 12, 31)
