"""What the risk rules read: the taxonomy, the topic rules, the lexicon, and tokens.

The ten directions (``schemas/risk_directions.toml``: official wordings, key phrases,
variants, lemmatized), the topic rules and number/wording lexicon of
``normalize/data/risk_topics.toml``, and a text read as tokens that carry, once per
spelling, everything the rules ask of a word: its lemma, whether it opens a risk context,
the key-phrase lemmas it stands for (one-letter typos tolerated on long words) and the
topic-rule stems it starts with.  ``normalize.risks`` finds the directions a row names;
``normalize.risk_topics`` the ones it works on.  Both first ask a cell's words what they
can say (``_signals``: read once per cell for both, most cells saying nothing).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from collections.abc import Sequence
from typing import Any, NamedTuple

from normalize import nlp
from normalize.memo import text_cache

_TOKEN = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*|\d+|[^\sА-Яа-яЁёA-Za-z\d]")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class RiskDirection:
    """One risk direction: code, official wording, and the lemma phrases that name it."""

    code: int
    wording: str
    key_phrases: tuple[str, ...]
    variants: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]  # lemmatized, function words dropped, longest first


@dataclass(frozen=True, slots=True)
class TopicRule:
    """A lexicon rule: stems that, found together, show the activity works on ``code``."""

    code: int
    all: tuple[tuple[str, ...], ...]
    window: int
    none_near: tuple[str, ...] = ()
    near: int = 0
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class _Lexicon:
    context_stems: tuple[str, ...]
    context_nouns: frozenset[str]
    separators: frozenset[str]
    signs: frozenset[str]
    not_after: frozenset[str]
    date_separators: frozenset[str]
    dashes: frozenset[str]
    quotes: frozenset[str]
    slack: int
    fuzzy_min_length: int
    barriers: frozenset[str]
    stopwords: frozenset[str]


def _yo(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=1)
def _topics_toml() -> dict[str, Any]:
    text = resources.files("normalize.data").joinpath("risk_topics.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = _topics_toml()
    numbers, wording = raw["numbers"], raw["wording"]
    return _Lexicon(
        context_stems=tuple(numbers["context_stems"]),
        context_nouns=frozenset(_yo(w) for w in numbers["context_nouns"]),
        separators=frozenset(numbers["separators"]),
        signs=frozenset(numbers["signs"]),
        not_after=frozenset(_yo(w) for w in numbers["not_after"]),
        date_separators=frozenset(numbers["date_separators"]),
        dashes=frozenset(numbers["dashes"]),
        quotes=frozenset(numbers["quotes"]),
        slack=int(wording["slack"]),
        fuzzy_min_length=int(wording["fuzzy_min_length"]),
        barriers=frozenset(wording["barriers"]),
        stopwords=frozenset(wording["stopwords"]),
    )


def _lemma(word: str) -> str:
    return _yo(nlp.lemma(word)) if word[:1].isalpha() else word.lower()


def _phrase_lemmas(phrase: str, stopwords: frozenset[str]) -> tuple[str, ...]:
    """A phrase as the lemmas that must occur (function words dropped)."""
    words = [w for w in _TOKEN.findall(phrase) if w[:1].isalpha()]
    return tuple(_lemma(w) for w in words if w.lower() not in stopwords)


def load_risk_taxonomy() -> list[RiskDirection]:
    """The ten risk directions of ``schemas/risk_directions.toml`` (phrases lemmatized)."""
    return list(_taxonomy())


def taxonomy_version() -> str:
    """The ``version`` the taxonomy file declares."""
    return str(_taxonomy_toml()["version"])


@lru_cache(maxsize=1)
def _taxonomy_toml() -> dict[str, Any]:
    text = resources.files("schemas").joinpath("risk_directions.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _taxonomy() -> tuple[RiskDirection, ...]:
    stop = _lexicon().stopwords
    out = []
    for d in _taxonomy_toml()["direction"]:
        texts = [d["wording"], *d.get("key_phrases", ()), *d.get("variants", ())]
        phrases = {_phrase_lemmas(t, stop) for t in texts}
        out.append(
            RiskDirection(
                code=int(d["code"]),
                wording=d["wording"],
                key_phrases=tuple(d.get("key_phrases", ())),
                variants=tuple(d.get("variants", ())),
                phrases=tuple(sorted((p for p in phrases if p), key=len, reverse=True)),
            )
        )
    return tuple(out)


def load_topic_rules() -> list[TopicRule]:
    """The inferred-topic rules of ``normalize/data/risk_topics.toml``."""
    return list(_topic_rules())


@lru_cache(maxsize=1)
def _topic_rules() -> tuple[TopicRule, ...]:
    return tuple(
        TopicRule(
            code=int(r["code"]),
            all=tuple(tuple(_yo(s) for s in group) for group in r["all"]),
            window=int(r.get("window", 1)),
            none_near=tuple(_yo(s) for s in r.get("none_near", ())),
            near=int(r.get("near", 0)),
            fallback=bool(r.get("fallback", False)),
        )
        for r in _topics_toml()["topic"]
    )


# --------------------------------------------------------------------------- tokens


class _Token(NamedTuple):
    text: str
    lower: str
    lemma: str
    start: int
    end: int
    context: bool  # a risk context word ("рисковое", "риски")
    keys: frozenset[str]  # the key-phrase lemmas it stands for (``_matches``)
    stems: frozenset[str]  # the topic-rule stems it starts with (``_stems_of``)


class _Word(NamedTuple):
    """What a spelling is for every rule here, derived once per spelling."""

    lower: str
    lemma: str
    context: bool
    keys: frozenset[str]
    stems: frozenset[str]


@lru_cache(maxsize=65536)
def _word(word: str) -> _Word:
    """A word's lower-case form and lemma ("е" for "ё"), whether it opens a risk context,
    and the phrase lemmas and rule stems it stands for."""
    lower = _yo(word.lower())
    lemma = _lemma(word)
    return _Word(lower, lemma, any(lower.startswith(s) for s in _lexicon().context_stems),
                 _matches(lemma, lower), _stems_of(lemma, lower))


# _TOKEN's tokens with the whitespace before each (all it skips): offsets from the lengths.
_SPACED_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")


@text_cache(maxsize=4096)
def _tokens(text: str) -> tuple[_Token, ...]:
    """Words, numbers and punctuation of ``text`` with lemmas and character offsets (cached:
    the activity is read for directions and for topics)."""
    new = tuple.__new__  # the NamedTuple without its Python-level __new__ (a hot loop)
    out: list[_Token] = []
    append = out.append
    word_of = _word
    end = 0
    for space, word in _SPACED_TOKEN.findall(text):
        start = end + len(space)
        end = start + len(word)
        lower, lemma, context, keys, stems = word_of(word)  # unpacked: no property lookups
        append(new(_Token, (word, lower, lemma, start, end, context, keys, stems)))
    return tuple(out)


def _close(a: str, b: str) -> bool:
    """At most one letter added, dropped or changed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@lru_cache(maxsize=1)
def _phrase_vocabulary() -> frozenset[str]:
    """Every lemma some key phrase needs."""
    return frozenset(lem for d in _taxonomy() for p in d.phrases for lem in p)


@lru_cache(maxsize=1)
def _fuzzy_keys() -> dict[str, tuple[str, ...]]:
    """The phrase lemmas long enough for a one-letter slip, by their first letter."""
    fuzzy_min = _lexicon().fuzzy_min_length
    by_first: dict[str, list[str]] = {}
    for key in sorted(_phrase_vocabulary()):
        if len(key) >= fuzzy_min:
            by_first.setdefault(key[:1], []).append(key)
    return {first: tuple(keys) for first, keys in by_first.items()}


@lru_cache(maxsize=65536)
def _matches(lemma: str, lower: str) -> frozenset[str]:
    """The phrase lemmas a word stands for: itself, or one letter off on a long word.

    Run once per new word (``_word``'s miss), and a cold document brings a few: the phrase
    lemmas it could be one letter off from are only those of its first letter
    (``_fuzzy_keys``), not the whole vocabulary, each through ``_close`` uncached — the scan
    of every lemma with a cached ``_close`` (two-argument key) cost ~80k instructions a word
    (tests/test_fast14_caches.py keeps it as the reference)."""
    vocabulary = _phrase_vocabulary()
    out = {form for form in (lemma, lower) if form in vocabulary}
    if len(lemma) >= _lexicon().fuzzy_min_length:
        out.update(key for key in _fuzzy_keys().get(lemma[:1], ()) if _close(lemma, key))
    return frozenset(out)


# --------------------------------------------------------------------------- stems


# A letter outside the word pattern ("ѐ", "é"): the tokenizer reads it as a one-character
# token that is not among nlp.words, so a text holding one is read the long way.
_ODD_LETTER = re.compile(r"[^\W\dА-Яа-яЁёA-Za-z_]")
# A character outside ASCII, the Russian alphabet and the usual typographic marks (no odd
# letter among them): a text without one holds no odd letter either.  Ranges only, so the
# regex engine tests each character against a table instead of Unicode categories, which
# makes this test about 1.5 times cheaper than ``_ODD_LETTER`` on the usual cell; only a
# text it finds something in is searched with ``_ODD_LETTER``.
_UNUSUAL = re.compile(r"[^\x00-\x7f\xa0\xab\xbb\xb0\xa7\xb7А-яЁё\u2010-\u2015\u2018-\u201e\u2026\u2022\u2116]")


@lru_cache(maxsize=65536)
def _word_stems(word: str) -> frozenset[str]:
    """The topic-rule stems a word starts with."""
    return _word(word).stems


@lru_cache(maxsize=1)
def _all_stems() -> tuple[str, ...]:
    """Every stem some topic rule uses."""
    stems = {st for r in _topic_rules() for g in r.all for st in g}
    stems |= {st for r in _topic_rules() for st in r.none_near}
    return tuple(sorted(stems))


@lru_cache(maxsize=1)
def _stem_set() -> tuple[frozenset[str], int, int]:
    """Every rule stem, and the shortest and longest stem's length."""
    stems = _all_stems()
    return frozenset(stems), min(map(len, stems), default=0), max(map(len, stems), default=0)


@lru_cache(maxsize=1)
def _stems_by_head() -> tuple[dict[str, tuple[str, ...]], int]:
    """Every rule stem under its first ``shortest`` letters (the shortest stem's length)."""
    stems, shortest, _ = _stem_set()
    heads: dict[str, list[str]] = {}
    for stem in sorted(stems):
        heads.setdefault(stem[:shortest], []).append(stem)
    return {head: tuple(group) for head, group in heads.items()}, shortest


@lru_cache(maxsize=65536)
def _stems_of(lemma: str, lower: str) -> frozenset[str]:
    """The rule stems a word starts with (by its lemma, as printed, or a hyphenated part):
    only the stems that share a form's first letters (``_stems_by_head``) are tried, where
    every prefix of every form was looked up in the stem set (~23k instructions a new word)."""
    heads, shortest = _stems_by_head()
    forms = {lemma, lower, *lower.split("-")}
    return frozenset(stem for form in forms for stem in heads.get(form[:shortest], ())
                     if form.startswith(stem))


# --------------------------------------------------------------------------- signals


@lru_cache(maxsize=1)
def _rule_index() -> tuple[dict[str, tuple[tuple[int, int], ...]], tuple[int, ...]]:
    """stem → the (rule, group) pairs it satisfies; and each rule's number of groups."""
    index: dict[str, set[tuple[int, int]]] = {}
    for r, rule in enumerate(_topic_rules()):
        for g, group in enumerate(rule.all):
            for stem in group:
                index.setdefault(stem, set()).add((r, g))
    sizes = tuple(len(rule.all) for rule in _topic_rules())
    return {stem: tuple(sorted(pairs)) for stem, pairs in index.items()}, sizes


@lru_cache(maxsize=1)
def _group_bits() -> tuple[dict[str, int], tuple[int, ...]]:
    """stem → the bit of each (rule, group) pair it satisfies (bits numbered rule by rule,
    in file order); and each rule's bits, all of which a text must set to meet it."""
    index, sizes = _rule_index()
    offsets = [sum(sizes[:r]) for r in range(len(sizes))]
    bits = {stem: sum(1 << (offsets[r] + g) for r, g in pairs) for stem, pairs in index.items()}
    return bits, tuple(((1 << n) - 1) << offsets[r] for r, n in enumerate(sizes))


@lru_cache(maxsize=65536)
def _word_bits(word: str) -> int:
    """The (rule, group) pairs the word's stems satisfy, as bits (``_group_bits``)."""
    bits = _group_bits()[0]
    out = 0
    for stem in _word_stems(word):
        out |= bits.get(stem, 0)
    return out


@lru_cache(maxsize=65536)
def _rules_met(met: int) -> tuple[int, ...]:
    """Indices (in file order) of the rules all of whose (rule, group) bits ``met`` sets:
    ``risk_topics._candidate_rules`` of the stems that set them (a rule of no group is never met)."""
    return tuple(r for r, need in enumerate(_group_bits()[1]) if need and met & need == need)


class _Signals(NamedTuple):
    """What words say to the risk and topic prefilters (``risks._explicit``,
    ``risk_topics._topic_spans``)."""

    context: bool  # some word opens a risk context
    keys: int  # the key-phrase lemmas they stand for, as bits (``_lemma_bits``)
    bits: int  # the topic (rule, group) pairs their stems satisfy (``_group_bits``)


_NO_SIGNAL = _Signals(False, 0, 0)


@lru_cache(maxsize=1)
def _lemma_bits() -> dict[str, int]:
    """Each key-phrase lemma's bit (lemmas in sorted order)."""
    return {lem: 1 << i for i, lem in enumerate(sorted(_phrase_vocabulary()))}


@lru_cache(maxsize=65536)
def _word_signals(word: str) -> _Signals:
    """One word's signals (``_NO_SIGNAL`` itself for a word that says nothing to either)."""
    w = _word(word)
    lemma_bits = _lemma_bits()
    keys = sum(lemma_bits[key] for key in w.keys)  # a word's keys are phrase lemmas (_matches)
    bits = _word_bits(word)
    return _Signals(w.context, keys, bits) if w.context or keys or bits else _NO_SIGNAL


# Words known to say nothing to either prefilter (most words of most cells): a text of such
# words only is answered by one set test.  Filled as words are met (what a word says never
# changes), up to a bound.
_SILENT: set[str] = set()
_SILENT_LIMIT = 1 << 17


def _word_set_signals(words: Sequence[str]) -> _Signals:
    """The signals of these words together: any context, every key, every bit."""
    if _SILENT.issuperset(words):
        return _NO_SIGNAL
    context, keys, bits = False, 0, 0
    for word in set(words).difference(_SILENT):
        signals = _word_signals(word)
        if signals is _NO_SIGNAL:
            if len(_SILENT) < _SILENT_LIMIT:
                _SILENT.add(word)
            continue
        word_context, word_keys, word_bits = signals  # unpacked: no property lookups
        context = context or word_context
        keys |= word_keys
        bits |= word_bits
    return _Signals(context, keys, bits)


@text_cache(maxsize=8192)
def _signals(text: str) -> _Signals | None:
    """The signals of a text's words (``nlp.words``), or None when it holds an odd letter
    (it is then read the long way).  Cached per text: the risk reader reads every cell of a
    row, the topic reader its activity and indicator right after."""
    if _UNUSUAL.search(text) is not None and _ODD_LETTER.search(text) is not None:
        return None
    return _word_set_signals(nlp.words(text))


# Whitespace chunks known to say nothing to either prefilter (no odd letter, every word
# silent): most chunks of most cells.  Filled as chunks are met, up to a bound, as _SILENT.
_QUIET_CHUNKS: set[str] = set()


@lru_cache(maxsize=65536)
def _chunk_signals(chunk: str) -> _Signals | None:
    """:func:`_signals` of one whitespace-free chunk (a word with its punctuation, a number);
    a chunk found to say nothing joins ``_QUIET_CHUNKS``."""
    if _UNUSUAL.search(chunk) is not None and _ODD_LETTER.search(chunk) is not None:
        return None
    signals = _word_set_signals(nlp.WORD.findall(chunk))
    if not (signals.context or signals.keys or signals.bits) and len(_QUIET_CHUNKS) < _SILENT_LIMIT:
        _QUIET_CHUNKS.add(chunk)
    return signals


def _cell_signals(text: str) -> _Signals | None:
    """:func:`_signals` of a cell whose words no other reader needs, read from its
    whitespace chunks (``str.split``, each chunk's signals cached) instead of ``nlp.words``'
    regex over the whole text: a word never spans whitespace and an odd letter is no
    whitespace, so the chunks' words are the text's, and their signals together its signals.
    Most cells are only known-quiet chunks: one set test.  The activity keeps
    :func:`_signals`: the milestone reader reads its ``nlp.words`` anyway."""
    chunks = text.split()
    if _QUIET_CHUNKS.issuperset(chunks):
        return _NO_SIGNAL
    context, keys, bits = False, 0, 0
    for chunk in set(chunks).difference(_QUIET_CHUNKS):
        signals = _chunk_signals(chunk)
        if signals is None:
            return None
        chunk_context, chunk_keys, chunk_bits = signals
        context = context or chunk_context
        keys |= chunk_keys
        bits |= chunk_bits
    return _Signals(context, keys, bits)
