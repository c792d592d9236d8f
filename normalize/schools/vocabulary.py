"""The school vocabulary of ``normalize/data/schools.toml`` and Latin look-alike letters read as Cyrillic."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable


_DATA = "schools.toml"
_LEFT_QUOTES = ("«", "„", '"', "“")
_RIGHT_QUOTES = ("»", '"', "”", "“")
_WS = re.compile(r"\s+")
_NUMBER_SIGN = re.compile(r"№\s*(?=\d)")
_LATIN = re.compile(r"[A-Za-z]")
_LATIN_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]*[A-Za-z][A-Za-zА-Яа-яЁё]*")
# A word with a Latin letter from its first Latin letter on (a pattern opening with a
# character set is scanned for fast; the word's Cyrillic start is then found by hand).
_LATIN_TAIL = re.compile(r"[A-Za-z][A-Za-zА-Яа-яЁё]*")
_CYRILLIC_LETTERS = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_RU_PIECE = re.compile(r"[А-Яа-яЁё]+|[-()]")
_MAX_NUMBER_DIGITS = 4
# How far before a trigger a mention may start: an adjective name before "СОШ", the
# qualifiers before "общеобразовательное учреждение" (in characters).
_REACH_BACK = 60
# How far after a trigger a mention may still go on (an enumeration, a long «name»).
_REACH_AHEAD = 300


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of school: canonical spelling, abbreviations, lemma phrases, agreement."""

    canonical: str
    abbreviations: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    gender: str
    standalone: bool
    unquote: bool


@dataclass(frozen=True, slots=True)
class SchoolVocabulary:
    """Everything ``schools.toml`` says, in lookup-ready form."""

    legal_abbreviations: frozenset[str]
    qualifiers: dict[str, str]
    core: dict[str, str]
    nouns: dict[str, str]
    kinds: tuple[KindSpec, ...]
    honorific_openers: tuple[str, ...]
    max_title_words: int
    settlements: dict[str, str]
    districts: dict[str, str]
    district_middles: frozenset[str]
    lookalike: dict[str, str]
    transliteration: dict[str, str]
    definition_open: re.Pattern[str]
    definition_close: re.Pattern[str]
    name_stopwords: frozenset[str]

    @property
    def known_abbreviations(self) -> frozenset[str]:
        """Legal-form and kind abbreviations, upper case."""
        kinds = {a.upper() for k in self.kinds for a in k.abbreviations}
        return self.legal_abbreviations | kinds


def _yo(text: str) -> str:
    """"ё" read as "е" (lemmas and vocabulary are compared without it)."""
    return text.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=1)
def load_school_vocabulary() -> SchoolVocabulary:
    """Read ``normalize/data/schools.toml`` once."""
    raw: dict[str, Any] = tomllib.loads(
        resources.files("normalize.data").joinpath(_DATA).read_text(encoding="utf-8")
    )
    legal = raw["legal_forms"]
    kinds = tuple(
        KindSpec(
            canonical=k["canonical"],
            abbreviations=tuple(k.get("abbreviations", ())),
            phrases=tuple(tuple(_yo(p).split()) for p in k.get("phrases", ())),
            gender=k.get("gender", "femn"),
            standalone=bool(k.get("standalone", False)),
            unquote=bool(k.get("unquote", True)),
        )
        for k in raw["kind"]
    )
    return SchoolVocabulary(
        legal_abbreviations=frozenset(a.upper() for a in legal["abbreviations"]),
        qualifiers={_yo(k): v for k, v in legal["qualifiers"].items()},
        core={_yo(k): v for k, v in legal["core"].items()},
        nouns={_yo(k): v for k, v in legal["nouns"].items()},
        kinds=kinds,
        honorific_openers=tuple(raw["honorific"]["openers"]),
        max_title_words=int(raw["honorific"]["max_title_words"]),
        settlements=dict(raw["locality"]["settlements"]),
        districts={_yo(k): v for k, v in raw["locality"]["districts"].items()},
        district_middles=frozenset(_yo(w) for w in raw["locality"]["district_middles"]),
        lookalike=dict(raw["lookalike"]),
        transliteration=dict(raw["transliteration"]),
        definition_open=re.compile(raw["resolution"]["definition_open"], re.IGNORECASE),
        definition_close=re.compile(raw["resolution"]["definition_close"]),
        name_stopwords=frozenset(_yo(w) for w in raw["resolution"]["name_stopwords"]),
    )


# --------------------------------------------------------------------------- look-alikes


def _is_latin(char: str) -> bool:
    return "a" <= char.lower() <= "z"


def _transliterate(word: str, table: dict[str, str], longest: int | None = None) -> str:
    """Latin → Cyrillic by the longest table key at each position (``longest``: the
    length of the longest key, when known)."""
    out, i, upper = [], 0, word.upper()
    if longest is None:
        longest = max(len(k) for k in table)
    while i < len(upper):
        for size in range(longest, 0, -1):
            piece = upper[i : i + size]
            if piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            out.append(upper[i])
            i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _LookalikeTables:
    """What ``cyrillize`` reads from the vocabulary, worked out once."""

    lookalike: dict[str, str]
    known: frozenset[str]  # SchoolVocabulary.known_abbreviations
    transliteration: dict[str, str]
    longest_key: int  # the longest transliteration key
    # no word longer than this transliterates to a known abbreviation: each step reads at
    # most ``longest_key`` letters and writes at least one (None: a value is empty)
    longest_word: int | None


@lru_cache(maxsize=1)
def _lookalike_tables() -> _LookalikeTables:
    vocab = load_school_vocabulary()
    table = vocab.transliteration
    known = vocab.known_abbreviations
    longest_key = max(len(k) for k in table)
    writes_a_letter = all(table.values())
    return _LookalikeTables(vocab.lookalike, known, table, longest_key,
                            longest_key * max(map(len, known)) if writes_a_letter else None)


@lru_cache(maxsize=1)
def _glued() -> re.Pattern[str]:
    vocab = load_school_vocabulary()
    kinds = {a.upper() for k in vocab.kinds for a in k.abbreviations}

    def alternation(items: set[str]) -> str:
        return "|".join(sorted(map(re.escape, items), key=len, reverse=True))

    return re.compile(rf"(?<![А-Яа-яЁё])({alternation(set(vocab.legal_abbreviations))})"
                      rf"({alternation(kinds)})(?![А-Яа-яЁё])")


@lru_cache(maxsize=1)
def _kind_abbreviation() -> re.Pattern[str]:
    """Any kind abbreviation: every glued legal form + kind holds one (a cheap test first)."""
    kinds = {a.upper() for k in load_school_vocabulary().kinds for a in k.abbreviations}
    return re.compile("|".join(sorted(map(re.escape, kinds), key=len, reverse=True)))


def unglue(text: str) -> str:
    """A legal form written together with the kind read apart ("МБОУСОШ №10" → "МБОУ СОШ №10")."""
    if not _kind_abbreviation().search(text):
        return text
    return _glued().sub(r"\1 \2", text)


def cyrillize(text: str) -> str:
    """Latin look-alike letters read as Cyrillic ("MAOU СОШ" → "МАОУ СОШ", "CОШ" → "СОШ")."""
    if not _LATIN.search(text):
        return text
    return _sub_latin_words(text, _cyrillized_word)


@lru_cache(maxsize=65536)
def _cyrillized_word(word: str) -> str:
    """One word holding a Latin letter as ``cyrillize`` reads it (cached, as the words'
    lemmas and forms are: a word's reading is the same in every document, and the Latin
    words of orders recur — "ru", "http", a region's site)."""
    tables = _lookalike_tables()
    lookalike, known, longest_word = tables.lookalike, tables.known, tables.longest_word
    looks = "".join(lookalike.get(c, c) for c in word)
    if not all(_is_latin(c) for c in word):  # mixed scripts: a typing slip
        return looks
    if looks.upper() in known and not any(_is_latin(c) for c in looks):
        return looks.upper()
    if longest_word is not None and len(word) > longest_word:  # cannot spell one
        return word
    spelled = _transliterate(word, tables.transliteration, tables.longest_key)
    return spelled if spelled in known else word


def _latin_words(text: str) -> list[tuple[int, int]]:
    """The spans of the words (letter runs) holding a Latin letter: ``_LATIN_WORD``'s
    matches, found in linear time (its leading ``[…]*`` retries every Cyrillic letter)."""
    spans: list[tuple[int, int]] = []
    for m in _LATIN_TAIL.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1] in _CYRILLIC_LETTERS:
            start -= 1
        spans.append((start, m.end()))
    return spans


def _sub_latin_words(text: str, fix: Callable[[str], str]) -> str:
    """``_LATIN_WORD.sub`` with ``fix`` applied to each word's text."""
    out, done = [], 0
    for start, end in _latin_words(text):
        out += [text[done:start], fix(text[start:end])]
        done = end
    out.append(text[done:])
    return "".join(out)
