"""Recurrence wording ("ежемесячно", "2 раза в год") in a date cell or an activity's text."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from normalize.grammar import Result, Token, alt, apply, number, opt, seq, tokenize
from normalize.period_vocabulary import lex, vocabulary



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


def times_follow(toks: Sequence[Token], i: int) -> bool:
    """Could recurrence wording start at the number token i?  Only COUNTED's "N раз(а) …"
    can (a lexicon phrase starts with a word, COUNTED's second branch with an adverb), so a
    word of the ``times`` lexicon must come next."""
    try:
        t = toks[i + 1]
    except IndexError:
        return False
    return t.kind == "word" and vocabulary().times.starts(t.text)


def _recurrence_at(toks: Sequence[Token], i: int, *, date_cell: bool) -> Result:
    """A recurrence wording starting at token i, if any; tokens that cannot open one are
    turned away before the lexicons and COUNTED run."""
    t = toks[i]
    if not (times_follow(toks, i) if t.kind == "num" else _opens_recurrence(t.text, t.kind == "word", date_cell)):
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
            if (times_follow(toks, i) if t.kind == "num" else _opens_recurrence(t.text, t.kind == "word", date_cell)) \
            else None
        if hit is None:
            i += 1
        elif hit[0]:
            return hit[0]
        else:  # a frequency that fits no value ("3 раза в год"): skip it whole
            i = hit[1]
    return None
