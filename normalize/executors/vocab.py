"""The knowledge the executors parser reads: ``data/executors.toml`` (kinds, glossary, legal
forms, kind rules) and ``data/parties.toml`` (positions, territory abbreviations, legal-form
qualifiers), each loaded once."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from normalize.definitions import is_abbreviation, lemmas, tokenize, vocabulary
from normalize.nlp import lemma

PARTIES = Path(__file__).resolve().parent.parent / "data" / "parties.toml"


@lru_cache(maxsize=1)
def parties() -> dict[str, Any]:
    """Positions, territory abbreviations and legal-form qualifiers (``data/parties.toml``)."""
    with PARTIES.open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def positions() -> frozenset[str]:
    """Lemmas of job titles that make a phrase a position («директор», «методист»); each
    title as listed and as the morphology normalises it («заведующий» → «заведовать»)."""
    return _as_lemmas(parties()["positions"]["titles"])


def _as_lemmas(words: list[str]) -> frozenset[str]:
    """The words of a data list with their normal forms, so either spelling matches."""
    return frozenset(w for word in words for w in ({word} | lemmas(word)))


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[str]:
    """Lemmas heading a role or a position (titles plus project roles: «координатор»)."""
    return positions() | _as_lemmas(parties()["positions"]["roles"])


@lru_cache(maxsize=1)
def collective_nouns() -> frozenset[str]:
    """Lemmas of collective heads: the phrase is a group («экспертная группа»)."""
    return frozenset(parties()["positions"]["collective"])


@lru_cache(maxsize=1)
def honorific_markers() -> frozenset[str]:
    """Words after which a person's name belongs to an institution's name («им.»)."""
    return frozenset(parties()["honorifics"]["markers"])


@lru_cache(maxsize=1)
def territories() -> frozenset[str]:
    """Territory abbreviations that complete the abbreviation before them («НСО», «АМО»)."""
    return frozenset(parties()["abbreviations"]["territories"])


@lru_cache(maxsize=1)
def qualifiers() -> frozenset[str]:
    """Abbreviations that qualify a legal form before the institution's name («ДПО»)."""
    return frozenset(parties()["abbreviations"]["legal_form_qualifiers"])


@lru_cache(maxsize=1)
def body_heads() -> frozenset[str]:
    """Head nouns of bodies and roles: a new noun group with one of them is a new executor."""
    d = vocabulary()["definitions"]
    return frozenset(d["body_heads"]) | frozenset(d["role_heads"]) | role_nouns()


@lru_cache(maxsize=65536)  # of one word
def is_mixed_abbreviation(word: str) -> bool:
    """A capitalised abbreviation with a lower-case conjunction or part («ЦОПМКиМКО»,
    «МОНиМП», «СПб»): two capitals or more, more capitals than small letters."""
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return word[:1].isupper() and upper >= 2 and upper > len(letters) - upper \
        and not is_abbreviation(word)


# ----------------------------------------------------------------------------- vocabulary


@lru_cache(maxsize=1)
def legal_form() -> re.Pattern[str]:
    return re.compile(vocabulary()["abbreviations"]["legal_form_pattern"])


@lru_cache(maxsize=65536)  # of one word
def is_legal_form(word: str) -> bool:
    """``legal_form()`` matches the word («МАОУ», «ГБУ»)."""
    return legal_form().match(word) is not None


@lru_cache(maxsize=1)
def school_kinds() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations as printed, lemmas) of school kinds."""
    items = vocabulary()["abbreviations"]["school_kinds"]
    return (frozenset(k for k in items if is_abbreviation(k)),
            frozenset(k for k in items if not is_abbreviation(k)))


@lru_cache(maxsize=1)
def drop_notes() -> tuple[str, ...]:
    return tuple(vocabulary()["cleaning"]["drop_notes"])


@lru_cache(maxsize=1)
def _conjunctions() -> tuple[tuple[str, ...], ...]:
    """Conjunctions as word sequences, longest first ("совместно с", "а также", "и")."""
    return tuple(sorted((tuple(c.split()) for c in vocabulary()["cleaning"]["conjunctions"]),
                        key=len, reverse=True))


@lru_cache(maxsize=1)
def _conjunctions_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The conjunctions by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for conj in _conjunctions():
        out.setdefault(conj[0], []).append(conj)
    return {first: tuple(conjs) for first, conjs in out.items()}


def conjunction_at(units: list[Any], i: int) -> int:
    """How many word units from ``i`` form a conjunction joining executors (0: none)."""
    if i >= len(units) or units[i].kind != "word":
        return 0
    for conj in _conjunctions_by_first().get(units[i].text.lower(), ()):
        part = units[i:i + len(conj)]
        if len(part) == len(conj) and all(p.kind == "word" and p.text.lower() == w
                                          for p, w in zip(part, conj)):
            return len(conj)
    return 0


@lru_cache(maxsize=1)
def locality() -> frozenset[str]:
    return frozenset(vocabulary()["definitions"]["locality"])


@lru_cache(maxsize=16384)
def _lemma_key(name: str) -> str:
    """A phrase as its words' most likely lemmas ("Муниципальные координаторы" →
    "муниципальный координатор")."""
    return " ".join(lemma(t.text).replace("ё", "е") if t.kind == "word" else t.text
                    for t in tokenize(name))


@lru_cache(maxsize=1)
def glossary_tables() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """(entries keyed as printed, entries keyed by lemma phrase)."""
    entries = vocabulary()["glossary"]
    return entries, {_lemma_key(k): v for k, v in entries.items() if not is_abbreviation(k)}


def glossary_entry(name: str) -> dict[str, Any] | None:
    """The glossary's entry for a name: as printed, its capitals ("До" → "ДО"), or its lemmas."""
    printed, by_lemma = glossary_tables()
    if name in printed:
        return printed[name]
    if typo_abbreviation(name) and name.upper() in printed:
        return printed[name.upper()]
    return by_lemma.get(_lemma_key(name))


@lru_cache(maxsize=65536)  # of one word
def typo_abbreviation(word: str) -> bool:
    """A short title-case word that may be an abbreviation typed in lower case ("До")."""
    return 2 <= len(word) <= 6 and word[:1].isupper() and word[1:].islower() and word.isalpha()
