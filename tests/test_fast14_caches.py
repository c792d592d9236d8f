"""Round 14's fast paths of the per-word caches give what the code they replaced gives.

A new word (a miss of ``risk_vocabulary._word``, a few in every cold document) used to scan
the whole phrase vocabulary for lemmas one letter off (``_close`` cached on a two-string key)
and to look every prefix of every form up in the stem set.  ``_matches`` now tries only the
phrase lemmas of the word's first letter (``_fuzzy_keys``) and ``_stems_of`` only the stems
sharing a form's first letters (``_stems_by_head``).  Both are compared here with the code
they replaced on every word of 16 synthetic DOCX, the sample orders and made-up words one
letter off every phrase lemma and rule stem.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extract import read_document
from normalize import nlp, risk_vocabulary
from tests.test_fast_paths import TEXTS


def _slow_matches(lemma: str, lower: str) -> frozenset[str]:
    """``_matches`` as it was: every phrase lemma tried, exact or one letter off."""
    fuzzy_min = risk_vocabulary._lexicon().fuzzy_min_length
    out = set()
    for key in risk_vocabulary._phrase_vocabulary():
        if key == lemma or key == lower:
            out.add(key)
        elif (len(key) >= fuzzy_min and len(lemma) >= fuzzy_min and lemma[:1] == key[:1]
              and risk_vocabulary._close(lemma, key)):
            out.add(key)
    return frozenset(out)


def _slow_stems_of(lemma: str, lower: str) -> frozenset[str]:
    """``_stems_of`` as it was: every prefix of every form looked up in the stem set."""
    stems, shortest, longest = risk_vocabulary._stem_set()
    forms = {lemma, lower, *lower.split("-")}
    return frozenset(f[:n] for f in forms for n in range(shortest, min(len(f), longest) + 1)
                     if f[:n] in stems)


def _edits(word: str) -> set[str]:
    """``word`` with one letter dropped, doubled, changed or added, and with endings."""
    letters = "аеиоуыяюьнтсвк"
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {word[:i] + c + word[i + 1:] for i in range(len(word)) for c in letters[:4]}
    out |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters[4:7]}
    out |= {word + tail for tail in ("а", "ов", "ами", "ость", "-участник", "ый")}
    out |= {word[:1].upper() + word[1:], word.upper(), "пред-" + word}
    return out


@pytest.fixture(scope="module")
def corpus_words(tmp_path_factory) -> list[str]:
    """Every letter word of 16 synthetic DOCX (the corpus the benchmarks convert), of the
    sample orders' text and gold cells, in order of first sight."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(root / "benchmarks"))
    files, _ = build_corpus(20, tmp_path_factory.mktemp("corpus"), seed=14, pdf=False)
    files = [path for path in files if path.exists()]
    assert len(files) >= 16
    texts = list(TEXTS)
    for path in files:
        doc = read_document(path)
        texts += [b.text for b in doc.blocks] + [c.text for t in doc.tables for c in t.cells]
    words = dict.fromkeys(w for text in texts for w in nlp.words(text))
    assert len(words) > 1200
    return list(words)


def _made_up_words() -> list[str]:
    """Every phrase lemma and rule stem, and each one letter off, plus odd corners."""
    keys = sorted(risk_vocabulary._phrase_vocabulary()) + list(risk_vocabulary._all_stems())
    out = dict.fromkeys(["", "а", "Я", "-", "а-б", "ё", "ёлка", "x" * 30])
    for key in keys:
        out.update(dict.fromkeys(sorted(_edits(key))))
    return list(out)


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    """(lemma, lower) as ``_word`` passes them, and each form as the other's partner too."""
    out = []
    for word in words:
        lower = risk_vocabulary._yo(word.lower())
        lemma = risk_vocabulary._lemma(word) if word else ""
        out += [(lemma, lower), (lower, lemma), (lower, lower)]
    return out


def test_matches_equal_the_scan_of_every_phrase_lemma(corpus_words):
    found = fuzzy = 0
    for lemma, lower in _pairs(corpus_words + _made_up_words()):
        expected = _slow_matches(lemma, lower)
        assert risk_vocabulary._matches.__wrapped__(lemma, lower) == expected, (lemma, lower)
        found += bool(expected)
        fuzzy += bool(expected - {lemma, lower})
    assert found > 5000 and fuzzy > 4000  # exact and one-letter-off matches both tested


def test_stems_equal_the_prefix_lookup(corpus_words):
    found = 0
    for lemma, lower in _pairs(corpus_words + _made_up_words()):
        expected = _slow_stems_of(lemma, lower)
        assert risk_vocabulary._stems_of.__wrapped__(lemma, lower) == expected, (lemma, lower)
        found += bool(expected)
    assert found > 4000


def test_words_of_the_corpus_read_as_before(corpus_words):
    """Through ``_word`` (emptied first), every corpus word's keys and stems as before."""
    risk_vocabulary._word.cache_clear()
    risk_vocabulary._matches.cache_clear()
    risk_vocabulary._stems_of.cache_clear()
    for word in corpus_words:
        w = risk_vocabulary._word(word)
        assert w.keys == _slow_matches(w.lemma, w.lower), word
        assert w.stems == _slow_stems_of(w.lemma, w.lower), word


def test_indexes_hold_each_key_once_and_the_caches_stay_bounded():
    fuzzy_min = risk_vocabulary._lexicon().fuzzy_min_length
    indexed = [k for keys in risk_vocabulary._fuzzy_keys().values() for k in keys]
    assert sorted(indexed) == sorted(k for k in risk_vocabulary._phrase_vocabulary() if len(k) >= fuzzy_min)
    heads, shortest = risk_vocabulary._stems_by_head()
    stems = [s for group in heads.values() for s in group]
    assert sorted(stems) == sorted(risk_vocabulary._stem_set()[0])
    assert all(s[:shortest] == head for head, group in heads.items() for s in group)
    for cached in (risk_vocabulary._word, risk_vocabulary._matches, risk_vocabulary._stems_of):
        assert cached.cache_info().maxsize == 65536
