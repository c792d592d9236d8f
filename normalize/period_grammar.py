"""The date grammar of ``normalize.periods``: atoms (a date, a month, a quarter, a half-year,
a year, a school year) and expressions (a range, a deadline, an open start, a term), built
from the combinators of ``normalize.grammar`` over the vocabulary of data/periods.toml."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from normalize.grammar import Parser, Result, Token, alt, apply, kind, many, memo, number, opt, seq
from normalize.period_vocabulary import lex, vocabulary

# ---------------------------------------------------------------------------- atoms


# Atom and Expr are named tuples, not frozen dataclasses: as immutable (a cached Scan shares
# them), equal and hashable by their fields, but built ≈ 3x cheaper (a frozen dataclass's
# __init__ sets each field through object.__setattr__), and a date cell builds several.
# A changed copy is ``atom._replace(year=…)``.


class Atom(NamedTuple):
    """One calendar unit: day, month, quarter, half, year or academic (year = its end year)."""

    unit: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    index: int | None = None  # the quarter's or half-year's number


class Expr(NamedTuple):
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
_YEARS, _DAYS, _MONTHS = (1900, 2100), (1, 31), (1, 12)  # of YEAR4, DAY, MONTH_NUM (and numeric_cell)
YEAR4 = number(*_YEARS, (4,))
YEAR = apply(seq(YEAR4, opt(YEAR_WORD)), lambda v: v[0])
DAY = number(*_DAYS, (1, 2))
MONTH_NUM = number(*_MONTHS, (1, 2))
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


# The lexicons a word right after a one- or two-digit number can come from when an expression
# starts at the number (TEXT_DATE's month, QUARTER's and HALF's unit, ORDINALS' filler, RANGE's
# "по"): keep in step with the grammar above.
_AFTER_SHORT_NUMBER = ("months", "quarter", "half", "fillers", "range_to")


@lru_cache(maxsize=65536)
def _continues_short_number(word: str) -> bool:
    """Could an expression opened by a short number go on with this word?"""
    voc = vocabulary()
    return any(getattr(voc, name).starts(word) for name in _AFTER_SHORT_NUMBER)


def number_may_open(toks: Sequence[Token], i: int) -> bool:
    """A necessary condition for EXPRESSION at the number token i: a four-digit number can
    be a year on its own; a shorter one (a day, a month, an ordinal) is never an expression
    alone, so a dash, a dot, a mark (SEP "/", COMMA, QUOTE) or a word of
    ``_AFTER_SHORT_NUMBER`` must follow it."""
    if len(toks[i].text) == 4:
        return True
    try:
        t = toks[i + 1]
    except IndexError:
        return False
    kind = t.kind
    return kind != "num" and (kind != "word" or _continues_short_number(t.text))


# ---------------------------------------------------------------------------- the commonest cells
#
# Most date cells are one numeric date ("31.12.2021") or a range of two ("01.09.2021 –
# 31.12.2021").  numeric_cell reads them with one regex instead of the tokenizer and the
# combinators; anything else (a number out of range, other words or marks) is left to them.
# tests/test_fast7_periods.py checks it against the grammar's scan.

_NUMERIC_CELL = re.compile(
    r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?:\s*[-\u2010-\u2015\u2212]\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}))?"
    # a range whose start has no year ("01.09.- 31.12.2021", "01.09 - 31.12.2021"): NUMERIC_DATE
    # reads "DD.MM" and the dot after it, RANGE takes the year from the end (periods._inner)
    r"|([0-9]{1,2})\.([0-9]{1,2})\.?\s*[-\u2010-\u2015\u2212]\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


def _day_atom(day: str, month: str, year: str) -> Atom | None:
    """NUMERIC_DATE's atom of a date whose day, month and year are in range, else None."""
    d, m, y = int(day), int(month), int(year)
    if _DAYS[0] <= d <= _DAYS[1] and _MONTHS[0] <= m <= _MONTHS[1] and _YEARS[0] <= y <= _YEARS[1]:
        return Atom("day", y, m, d)
    return None


def numeric_cell(text: str) -> Expr | None:
    """The expression of a cell that is only "DD.MM.YYYY", "DD.MM.YYYY – DD.MM.YYYY" or
    "DD.MM[.] – DD.MM.YYYY" (as EXPRESSION reads it: a one-day span, or a RANGE of two
    NUMERIC_DATEs); None for any other text, which the grammar reads."""
    m = _NUMERIC_CELL.fullmatch(text)
    if m is None:
        return None
    if m[1] is None:  # the start without a year
        d, mo = int(m[7]), int(m[8])
        if not (_DAYS[0] <= d <= _DAYS[1] and _MONTHS[0] <= mo <= _MONTHS[1]) \
                or (last := _day_atom(m[9], m[10], m[11])) is None:
            return None
        return Expr("span", Atom("day", None, mo, d), last)
    if (first := _day_atom(m[1], m[2], m[3])) is None:
        return None
    if m[4] is None:
        return Expr("span", first, first)
    last = _day_atom(m[4], m[5], m[6])
    return None if last is None else Expr("span", first, last)
