"""The vocabulary of the date grammar: data/periods.toml read once into lexicons."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from normalize.grammar import Lexicon, Parser

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
    recurrence_hint: Hint
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


@dataclass(frozen=True, slots=True)
class Hint:
    """A quick necessary test for recurrence wording: a head of some phrase's longest word,
    or a whole count word ("раз", "дважды").  ``search`` = ``regex.search`` as a truth value
    (the regex is the reference), by substring tests first: a regex alternation of many
    literals costs more than one ``in`` per head over an activity's text."""

    heads: tuple[str, ...]
    whole: tuple[str, ...]
    regex: re.Pattern[str]
    whole_regex: re.Pattern[str]
    # the heads by a prefix they share ("еже" of "ежег", "ежем", …): one test turns the group away
    head_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    whole_words_only: bool = False  # every whole word is made of word characters (see search)

    def search(self, low: str) -> bool:
        """Does the lower-cased text ("ё" folded) hold a head or a whole count word?"""
        contains = low.__contains__
        for prefix, heads in self.head_groups or ((h, (h,)) for h in self.heads):
            if contains(prefix) and any(map(contains, heads)):
                return True
        present = [word for word in self.whole if word in low]
        if not present:
            return False
        if not self.whole_words_only:
            return self.whole_regex.search(low) is not None
        # "раз" is inside "образования", and \b…\b costs a regex scan: each occurrence's
        # neighbours tested instead (a word of word characters is \b-delimited when the
        # characters either side of it are no word characters), of the words present only
        return any(_delimited(low, word) for word in present)


def _is_word_char(ch: str) -> bool:
    """``\\w`` of a str pattern: a letter, digit or numeric character, or "_"."""
    return ch.isalnum() or ch == "_"


def _delimited(low: str, word: str) -> bool:
    """Does ``word`` (of word characters) stand in ``low`` as a whole word, as ``\\bword\\b``?"""
    i, n, size = low.find(word), len(low), len(word)
    while i >= 0:
        j = i + size
        if (i == 0 or not _is_word_char(low[i - 1])) and (j == n or not _is_word_char(low[j])):
            return True
        i = low.find(word, i + 1)
    return False


def _head_groups(heads: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The heads grouped by their first three letters (a group of one keeps its head)."""
    groups: dict[str, list[str]] = {}
    for head in heads:
        groups.setdefault(head[:3], []).append(head)
    return tuple((prefix if len(members) > 1 else members[0], tuple(members))
                 for prefix, members in groups.items())


def _hint(lexicons: Sequence[Lexicon], whole_words: Sequence[Lexicon]) -> Hint:
    """The :class:`Hint` of the recurrence lexicons and the whole words."""
    heads = sorted({max(words, key=len).rstrip("*")[:4] for lx in lexicons for words in lx.keys()})
    whole = sorted({words[0] for lx in whole_words for words in lx.keys()})
    whole_regex = r"\b(?:" + "|".join(map(re.escape, whole)) + r")\b"
    return Hint(tuple(heads), tuple(whole), re.compile("|".join(map(re.escape, heads)) + "|" + whole_regex),
                re.compile(whole_regex), _head_groups(heads),
                all(w and all(map(_is_word_char, w)) for w in whole))


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
