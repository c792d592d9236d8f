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

from normalize.memo import text_cache

import calendar
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from normalize.grammar import (
    Lexicon,
    Parser,
    Result,
    Token,
    alt,
    apply,
    kind,
    many,
    memo,
    number,
    opt,
    seq,
    tokenize,
)
from normalize.records import Issue, Period

_DATA = Path(__file__).parent / "data" / "periods.toml"

@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything data/periods.toml says, as lexicons."""

    months: Lexicon
    quarter: Lexicon
    half: Lexicon
    year_word: Lexicon
    bare_year: Lexicon
    academic: Lexicon
    roman: Lexicon
    ordinal_words: Lexicon
    ordinal_suffix: Lexicon
    deadline: Lexicon
    open_start: Lexicon
    range_to: Lexicon
    fillers: Lexicon
    not_dated: Lexicon
    recurrence_any: Lexicon
    recurrence_period: Lexicon
    times: Lexicon
    count_words: Lexicon
    count_adverbs: Lexicon
    count_units: Lexicon
    count_starters: tuple[Lexicon, ...]
    recurrence_hint: re.Pattern[str]
    intervals: dict[str, float]
    tolerance: float
    academic_start: tuple[int, int]
    academic_end: tuple[int, int]
    footnote: re.Pattern[str]
    blank_form: re.Pattern[str]
    blank: re.Pattern[str]
    placeholders: frozenset[str]


def _flip(groups: dict[str, list[str]], cast: Callable[[str], Any] = str) -> dict[str, Any]:
    """{value: [words]} → {word: value}."""
    return {word: cast(key) for key, words in groups.items() for word in words}


def _hint(lexicons: Sequence[Lexicon], whole_words: Sequence[Lexicon]) -> re.Pattern[str]:
    """A quick necessary test for recurrence wording: a head of each phrase's longest word."""
    heads = {max(words, key=len).rstrip("*")[:4] for lx in lexicons for words in lx.keys()}
    whole = {words[0] for lx in whole_words for words in lx.keys()}
    return re.compile("|".join(map(re.escape, sorted(heads))) + r"|\b(?:" + "|".join(map(re.escape, sorted(whole))) + r")\b")


def _month_day(text: str) -> tuple[int, int]:
    """"09-01" → (9, 1)."""
    month, day = text.split("-")
    return int(month), int(day)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load data/periods.toml once."""
    with _DATA.open("rb") as f:
        d = tomllib.load(f)
    units, markers, rec, count = d["units"], d["markers"], d["recurrence"], d["recurrence"]["count"]
    return Vocabulary(
        months=Lexicon(_flip(d["months"], int)),
        quarter=Lexicon(dict.fromkeys(units["quarter"], True)),
        half=Lexicon(dict.fromkeys(units["half"], True)),
        year_word=Lexicon(dict.fromkeys(units["year"], True)),
        bare_year=Lexicon(dict.fromkeys(units["bare_year"], True)),
        academic=Lexicon(dict.fromkeys(units["academic"], True)),
        roman=Lexicon(d["ordinals"]["roman"]),
        ordinal_words=Lexicon(d["ordinals"]["words"]),
        ordinal_suffix=Lexicon(dict.fromkeys(d["ordinals"]["suffixes"], True)),
        deadline=Lexicon(dict.fromkeys(markers["deadline"], True)),
        open_start=Lexicon(dict.fromkeys(markers["open_start"], True)),
        range_to=Lexicon(dict.fromkeys(markers["range_to"], True)),
        fillers=Lexicon(dict.fromkeys(d["fillers"]["words"], "") | dict.fromkeys(d["fillers"]["start"], "start")),
        not_dated=Lexicon(dict.fromkeys(d["not_dated"]["phrases"], True)),
        recurrence_any=Lexicon(_flip(rec["any"])),
        recurrence_period=Lexicon(_flip(rec["period_only"])),
        times=Lexicon(dict.fromkeys(count["times"], True)),
        count_words=Lexicon(count["count_words"]),
        count_adverbs=Lexicon(count["count_adverbs"]),
        count_units=Lexicon(count["units"]),
        count_starters=(Lexicon(count["count_words"]), Lexicon(dict.fromkeys(count["times"], True)),
                        Lexicon(count["count_adverbs"])),
        recurrence_hint=_hint(
            (Lexicon(_flip(rec["any"])), Lexicon(_flip(rec["period_only"]))),
            (Lexicon(dict.fromkeys(count["times"], True)), Lexicon(count["count_adverbs"])),
        ),
        intervals=dict(count["intervals"]),
        tolerance=float(count["tolerance"]),
        academic_start=_month_day(d["academic_year"]["start"]),
        academic_end=_month_day(d["academic_year"]["end"]),
        footnote=re.compile(d["marks"]["footnote"]),
        blank_form=re.compile(d["marks"]["blank_form"]),
        blank=re.compile(d["marks"]["blank"]),
        placeholders=frozenset(d["marks"]["placeholders"]),
    )


# ---------------------------------------------------------------------------- lexicon parser


def lex(lexicon_name: str) -> Parser:
    """A phrase of the named lexicon of :func:`vocabulary`; the value is its value (the
    data file is read when the grammar is built, at import)."""
    return getattr(vocabulary(), lexicon_name)


# ---------------------------------------------------------------------------- atoms


@dataclass(frozen=True, slots=True)
class Atom:
    """One calendar unit: day, month, quarter, half, year or academic (year = its end year)."""

    unit: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    index: int | None = None  # the quarter's or half-year's number


@dataclass(frozen=True, slots=True)
class Expr:
    """A span (first .. last), a deadline (.. last) or an open start (first ..)."""

    kind: str  # span | deadline | deadline_start ("до начала марта") | open
    first: Atom
    last: Atom


def _year2(v: int) -> int:
    """A two-digit year is read as 20yy."""
    return 2000 + v


DOT = kind("dot")
DASH = kind("dash")
SEP = alt(DOT, kind("punct", "/"))
QUOTE = kind("punct", "«»\"'“”„")
COMMA = kind("punct", ",;")
YEAR_WORD = seq(lex("year_word"), opt(DOT))
YEAR4 = number(1900, 2100, (4,))
YEAR = apply(seq(YEAR4, opt(YEAR_WORD)), lambda v: v[0])
DAY = number(1, 31, (1, 2))
MONTH_NUM = number(1, 12, (1, 2))
MONTH_NAME = apply(seq(lex("months"), opt(DOT)), lambda v: v[0])

NUMERIC_DATE = apply(
    seq(DAY, SEP, MONTH_NUM, opt(seq(SEP, alt(YEAR4, apply(number(0, 99, (2,), tight=True), _year2)))),
        opt(DOT), opt(YEAR_WORD)),
    lambda v: Atom("day", v[3][1] if v[3] else None, v[2], v[0]),
)
TEXT_DATE = apply(
    seq(opt(QUOTE), DAY, opt(QUOTE), MONTH_NAME, opt(YEAR)),
    lambda v: Atom("day", v[4], v[3], v[1]),
)
MONTH_NUMERIC = apply(seq(MONTH_NUM, SEP, YEAR4, opt(YEAR_WORD)), lambda v: Atom("month", v[2], v[0]))
MONTH = apply(seq(MONTH_NAME, opt(YEAR)), lambda v: Atom("month", v[1], v[0]))
ORDINAL = alt(
    apply(seq(number(1, 4, (1,)), opt(seq(DASH, lex("ordinal_suffix")))), lambda v: v[0]),
    lex("roman"),
    lex("ordinal_words"),
)
_ORDINALS = seq(ORDINAL, opt(apply(seq(alt(DASH, COMMA, lex("fillers")), ORDINAL), lambda v: v[1])))
ORDINALS = memo(_ORDINALS)  # QUARTER and HALF both start with it


def _indexed(unit: str, unit_lexicon: str, limit: int) -> Parser:
    """"I–II квартал 2022 г.", "2 кв.", "1-е полугодие": a span of quarters or halves."""

    def build(v: tuple) -> Expr | None:
        (a, b), _, _, year = v
        b = b if b is not None else a
        if not (1 <= a <= limit and 1 <= b <= limit):
            return None
        return Expr("span", Atom(unit, year, index=a), Atom(unit, year, index=b))

    return apply(seq(ORDINALS, lex(unit_lexicon), opt(DOT), opt(YEAR)), build)


QUARTER = _indexed("quarter", "quarter", 4)
HALF = _indexed("half", "half", 2)


def _academic(v: tuple) -> Expr:
    """"2021/2022 учебный год" → a span of school years, each named by its end year."""
    years = v[0]
    if years is None:
        return Expr("span", Atom("academic"), Atom("academic"))
    first, _, second = years
    return Expr("span", Atom("academic", first + 1), Atom("academic", max(second, first + 1)))


ACADEMIC = apply(
    seq(opt(seq(YEAR4, alt(DASH, SEP), alt(YEAR4, apply(number(0, 99, (2,)), _year2)))),
        lex("academic"), opt(DOT), YEAR_WORD),
    _academic,
)
BARE_YEAR = apply(lex("bare_year"), lambda _: Atom("year"))
YEAR_ATOM = apply(YEAR, lambda y: Atom("year", y))
ATOM = alt(TEXT_DATE, NUMERIC_DATE, MONTH_NUMERIC, MONTH, YEAR_ATOM, BARE_YEAR)
BARE_DAY = apply(DAY, lambda d: Atom("day", day=d))  # only as the start of a range: "15–20 марта"


def _single(p: Parser) -> Parser:
    """An atom parser as a one-atom span."""
    return apply(p, lambda a: Expr("span", a, a))


_TERMS = alt(ACADEMIC, QUARTER, HALF, _single(ATOM))
TERM = memo(_TERMS)  # RANGE and the lone TERM both try it at the same token
RANGE = apply(
    seq(opt(lex("open_start")), alt(TERM, _single(BARE_DAY)), alt(DASH, lex("range_to")), TERM),
    lambda v: Expr("span", v[1].first, v[3].last),
)
DEADLINE = apply(
    seq(lex("deadline"), many(lex("fillers")), TERM),
    lambda v: Expr("deadline_start" if "start" in v[1] else "deadline", v[2].last, v[2].last),
)
OPEN_START = apply(seq(lex("open_start"), TERM), lambda v: Expr("open", v[1].first, v[1].first))
_ANY_EXPRESSION = alt(RANGE, DEADLINE, OPEN_START, TERM)
_QUOTES = "«»\"'“”„"  # QUOTE's characters
# The lexicons a word opening an expression can come from (its first tokens: a number, a
# quote of TEXT_DATE, or a word of one of these): keep in step with the grammar above.
_OPENING_LEXICONS = ("open_start", "deadline", "academic", "roman", "ordinal_words", "months", "bare_year")


@lru_cache(maxsize=65536)
def _opens_expression(word: str) -> bool:
    """Could an expression start with this word (a phrase of an opening lexicon does)?"""
    voc = vocabulary()
    return any(getattr(voc, name).starts(word) for name in _OPENING_LEXICONS)


def _opens_with_number(digits: str) -> bool:
    """Could an expression start with this number: a day, month or ordinal (1–31, one or
    two digits) or a year (1900–2100, four digits)?  (DAY, MONTH_NUM, ORDINAL, YEAR4.)"""
    size = len(digits)
    return (size <= 2 and 1 <= int(digits) <= 31) or (size == 4 and 1900 <= int(digits) <= 2100)


@lru_cache(maxsize=65536)
def opens_expression(kind: str, text: str) -> bool:
    """Could an expression start at a token of this kind and text (a number, a quote of
    TEXT_DATE, or a word of an opening lexicon)?"""
    return (kind == "num" and _opens_with_number(text)) or (kind == "punct" and text in _QUOTES) \
        or (kind == "word" and _opens_expression(text))


def EXPRESSION(toks: Sequence[Token], i: int) -> Result:  # noqa: N802 (a grammar rule)
    """A date expression at token i: a range, a deadline, an open start or a term.

    Tokens that cannot open one are turned away before the combinators run."""
    if i >= len(toks):
        return None
    t = toks[i]
    return _ANY_EXPRESSION(toks, i) if opens_expression(t.kind, t.text) else None


# ---------------------------------------------------------------------------- recurrence


def _count(v: tuple) -> str:
    """"2 раза в год" → the value whose interval is nearest to a year / 2; "" when none fits."""
    voc = vocabulary()
    n, unit_days = v
    interval = unit_days / (n or 1)
    best = min(voc.intervals, key=lambda k: abs(voc.intervals[k] - interval))
    return best if abs(voc.intervals[best] - interval) <= voc.tolerance * voc.intervals[best] else ""


_IN = lex("fillers")  # "в"
_COUNT = alt(number(1, 366, (1, 2, 3)), lex("count_words"))
_UNITS = apply(seq(opt(_COUNT), lex("count_units")), lambda v: (v[0] or 1) * v[1])  # "две недели"
COUNTED = alt(
    apply(seq(opt(_COUNT), lex("times"), opt(_IN), _UNITS), lambda v: _count((v[0], v[3]))),
    apply(seq(lex("count_adverbs"), opt(_IN), _UNITS), lambda v: _count((v[0], v[2]))),
)


@lru_cache(maxsize=65536)
def _opens_recurrence(text: str, word: bool, date_cell: bool) -> bool:
    """Could recurrence wording start at a token with this text (word: a word token)?"""
    voc = vocabulary()
    if any(x.starts(text) for x in voc.count_starters):
        return True
    return word and (voc.recurrence_any.may_start(text, join_split=True)
                     or (date_cell and voc.recurrence_period.may_start(text, join_split=True)))


def _recurrence_at(toks: Sequence[Token], i: int, *, date_cell: bool) -> Result:
    """A recurrence wording starting at token i, if any; tokens that cannot open one are
    turned away before the lexicons and COUNTED run."""
    t = toks[i]
    if t.kind != "num" and not _opens_recurrence(t.text, t.kind == "word", date_cell):
        return None
    return _any_recurrence_at(toks, i, date_cell=date_cell)


def _any_recurrence_at(toks: Sequence[Token], i: int, *, date_cell: bool) -> Result:
    """_recurrence_at without the guard (the reference the tests compare it with)."""
    voc = vocabulary()
    hit = voc.recurrence_any.match(toks, i, join_split=True)
    if hit is None and date_cell:
        hit = voc.recurrence_period.match(toks, i, join_split=True)
    if hit is None and (toks[i].kind == "num" or any(x.starts(toks[i].text) for x in voc.count_starters)):
        hit = COUNTED(toks, i)
    return hit


def find_recurrence(text: str | None, *, date_cell: bool = False) -> str | None:
    """The first recurrence wording in text (date-cell-only words when date_cell)."""
    if not text or not vocabulary().recurrence_hint.search(text.lower().replace("ё", "е")):
        return None
    toks = tokenize(text)
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]  # _recurrence_at, its guard inline
        hit = _any_recurrence_at(toks, i, date_cell=date_cell) \
            if t.kind == "num" or _opens_recurrence(t.text, t.kind == "word", date_cell) else None
        if hit is None:
            i += 1
        elif hit[0]:
            return hit[0]
        else:  # a frequency that fits no value ("3 раза в год"): skip it whole
            i = hit[1]
    return None


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
    wording, recurrence, a date expression, a filler (the guards of each, at once)."""
    voc = vocabulary()
    word = kind == "word"
    return (word and voc.not_dated.starts(text),
            kind == "num" or _opens_recurrence(text, word, True),
            opens_expression(kind, text),
            word and voc.fillers.starts(text))


@text_cache(maxsize=4096)
def _scan(text: str) -> Scan:
    """scan, uncached."""
    voc = vocabulary()
    toks = tokenize(text)
    out = Scan([], None, False, [])
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        not_dated, recurs, dated, filler = _openers(t.kind, t.text)  # who may match here
        if not_dated and (hit := voc.not_dated.match(toks, i)) is not None:
            out.not_dated = True
        elif recurs and (hit := _any_recurrence_at(toks, i, date_cell=True)) is not None:
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
        return date(y, atom.month, 1), date(y, atom.month, calendar.monthrange(y, atom.month)[1])  # type: ignore[arg-type]
    if atom.unit in ("quarter", "half"):
        size = 3 if atom.unit == "quarter" else 6
        first, last = size * (atom.index - 1) + 1, size * atom.index  # type: ignore[operator]
        return date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1])
    if atom.unit == "academic":
        voc = vocabulary()
        return date(y - 1, *voc.academic_start), date(y, *voc.academic_end)
    return date(y, 1, 1), date(y, 12, 31)


def _with_year(atom: Atom, year: int) -> Atom:
    """The atom with year filled in if it had none."""
    return atom if atom.year is not None else replace(atom, year=year)


def _inner(e: Expr) -> Expr:
    """Inside a range, a bare start takes month and year from its end and vice versa."""
    first, last = e.first, e.last
    if first.unit == "day" and first.month is None:
        first = replace(first, month=last.month if last.unit == "day" else None, year=last.year)
        if first.month is None:
            return e
    if first.year is None and last.year is not None:
        first = replace(first, year=last.year)
        try:
            if _bounds(first)[0] > _bounds(last)[0]:
                first = replace(first, year=last.year - 1)
        except ValueError:
            pass
    elif last.year is None and first.year is not None:
        last = replace(last, year=first.year)
        try:
            if _bounds(first)[0] > _bounds(last)[0]:
                last = replace(last, year=first.year + 1)
        except ValueError:
            pass
    return Expr(e.kind, first, last)


def _year_of(e: Expr, *, prefer_last: bool) -> int | None:
    """The year an expression states, from its end first when prefer_last."""
    atoms = (e.last, e.first) if prefer_last else (e.first, e.last)
    return next((a.year for a in atoms if a.year is not None), None)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A date cell made ready for the grammar: footnote marks out, a filled-in blank form read."""

    text: str
    footnotes: tuple[str, ...]
    blank: bool  # a blank left unfilled


def prepare(raw: str) -> Prepared:
    """Take footnote marks out ("2020*" → "2020"), read a filled-in blank form
    ("« 10»______01____2022" → "10.01.2022") and note a blank left unfilled."""
    voc = vocabulary()
    marks = tuple(voc.footnote.findall(raw))
    text = voc.footnote.sub(" ", raw) if marks else raw
    text = voc.blank_form.sub(
        lambda m: f"{m[1]}.{m[2]}.{m[3]}" if m[2].isdigit() else f"{m[1]} {m[2]} {m[3]}", text)
    return Prepared(text.strip(), marks, voc.blank.search(text) is not None)


def parse_period(raw: str | None, *, year: int | None = None, activity: str | None = None) -> Period:
    """Parse a date cell (and frequency wording in the activity) into a :class:`Period`."""
    period = _cell_period(raw or "", year)
    if period.recurrence is None and activity:  # the cell says none: the activity may
        return Period(period.start, period.end, find_recurrence(activity), period.issues)
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
    voc = vocabulary()
    lo, hi = date(year - 1, *voc.academic_start), date(year, 12, 31)
    outside = sorted({d for pair in spans for d in pair if d is not None and not lo <= d <= hi})
    if not outside:
        return []
    listed = ", ".join(d.isoformat() for d in outside)
    return [Issue("period_out_of_year", f"{listed} outside the {year} roadmap ({lo.isoformat()}..{hi.isoformat()}) in {text!r}")]
