"""Word-level morphology for the definitions and executors readers: pymorphy2's readings of
a word, reduced to what agreement needs, and the noun group (adjectives + head noun) a run of
words opens.  Every per-word answer is cached (cells and names recur from row to row).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from pymorphy2.analyzer import Parse

from normalize.nlp import morph_vocab


@lru_cache(maxsize=65536)
def is_abbreviation(word: str) -> bool:
    """An all-capitals word of two letters or more ("ДО", "ИРО", "ФИС")."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class Form(NamedTuple):
    """One pymorphy2 reading of a word, reduced to what agreement needs."""

    pos: str | None
    case: str | None
    number: str | None
    gender: str | None
    lemma: str


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[Parse, ...]:
    return tuple(morph_vocab().parse(word.lower()))


@lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[Form, ...]:
    """Every reading of ``word`` (pos, case, number, gender, lemma), cached."""
    def plain(value: Any) -> str | None:
        return str(value) if value else None

    return tuple(Form(plain(p.tag.POS), plain(p.tag.case), plain(p.tag.number),
                      plain(p.tag.gender), p.normal_form.replace("ё", "е"))
                 for p in _parses(word))


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Every normal form of ``word``, plus each part of a hyphenated one."""
    out = {f.lemma for f in word_forms(word)} or {word.lower()}
    for lem in list(out):
        if "-" in lem:
            out.update(part for part in lem.split("-") if part)
    return frozenset(out)


_PROPER = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn"})


@lru_cache(maxsize=65536)
def grammemes(word: str) -> frozenset[str]:
    """Every grammeme of every reading of ``word`` ("Name", "Patr", "Surn", "nomn", …)."""
    return frozenset(g for p in _parses(word) for g in p.tag.grammemes)


def is_proper(word: str) -> bool:
    """A capitalised word read as a place, a person's or an organisation's name."""
    return word[:1].isupper() and any(_PROPER & p.tag.grammemes for p in _parses(word))


def main_pos(word: str) -> str | None:
    """The most likely part of speech."""
    forms = word_forms(word)
    return forms[0].pos if forms else None


def is_preposition(word: str) -> bool:
    return main_pos(word) == "PREP"


def is_conjunction(word: str) -> bool:
    return main_pos(word) == "CONJ"


@lru_cache(maxsize=65536)
def noun_forms(word: str) -> tuple[Form, ...]:
    return tuple(f for f in word_forms(word) if f.pos == "NOUN")


@lru_cache(maxsize=65536)
def adjective_forms(word: str) -> tuple[Form, ...]:
    return tuple(f for f in word_forms(word) if f.pos in ("ADJF", "PRTF"))


@lru_cache(maxsize=65536)
def _ends_group(word: str) -> bool:
    """A preposition, a conjunction or an abbreviation: no noun group goes on past it."""
    return is_preposition(word) or is_conjunction(word) or is_abbreviation(word)


def _agree(adj: Form, noun: Form) -> bool:
    if adj.case != noun.case or adj.number != noun.number:
        return False
    return noun.number == "plur" or adj.gender is None or noun.gender in (None, adj.gender)


class Group(NamedTuple):
    """A noun group: adjectives + head noun (or adjectives alone), and its readings."""

    start: int  # offset of the group in the words read (0: groups are read from the start)
    end: int  # offset past the group's last word
    forms: tuple[tuple[Form, ...], ...]  # the readings of each adjective before the head
    heads: tuple[Form, ...]  # the head noun's readings that every adjective agrees with
    has_noun: bool

    @property
    def cases(self) -> frozenset[str]:
        return frozenset(f.case for f in self.heads if f.case)


def noun_group(words: list[str]) -> Group | None:
    """Read ``words`` (from its start) as adjectives + a noun; the longest agreeing prefix."""
    return _noun_group(tuple(words))


@lru_cache(maxsize=16384)
def _noun_group(words: tuple[str, ...]) -> Group | None:
    """:func:`noun_group` (cached: the same names are read again and again; a Group is a
    tuple of tuples)."""
    adjs: list[tuple[Form, ...]] = []
    for i, word in enumerate(words):
        if _ends_group(word):
            break
        nouns = noun_forms(word)
        if nouns:
            heads = tuple(n for n in nouns if all(any(_agree(a, n) for a in forms)
                                                  for forms in adjs))
            if heads and (not adjective_forms(word) or not _has_agreeing_noun(words[i + 1:], word)):
                return Group(0, i + 1, tuple(adjs), heads, True)
        forms = adjective_forms(word)
        if not forms:
            break
        adjs.append(forms)
    if not adjs:
        return None
    # adjectives with no noun after them: their own readings stand for the group
    heads = tuple(f for f in adjs[0] if all(any(_agree(a, f) or (a.case, a.number) == (f.case, f.number)
                                                for a in forms) for forms in adjs[1:]))
    return Group(0, len(adjs), tuple(adjs[1:]), heads or adjs[0], False)


def _has_agreeing_noun(rest: tuple[str, ...], word: str) -> bool:
    """Whether ``word`` read as an adjective finds a noun right after it."""
    if not rest:
        return False
    return any(_agree(a, n) for a in adjective_forms(word) for n in noun_forms(rest[0]))
