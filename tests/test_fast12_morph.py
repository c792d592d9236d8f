"""One pymorphy2 parse per word spelling: the analyzer's cache is shared by every reader.

``normalize.nlp.morph_vocab()`` is natasha's ``MorphVocab``, whose ``parse`` is pymorphy2's
``MorphAnalyzer.parse`` behind a process-wide ``lru_cache`` keyed on the exact string passed.
Every reader that parses a word (lemmas, agreement forms, the school grammar's tokens,
indicator units, metadata captions, line-break joining, school names inflected) reaches
pymorphy2 through it, so a spelling is parsed once per process whichever readers ask for it.
These tests pin that: the cache gives what an uncached parse of the same string gives (case
and "ё" matter: "И" has initials' readings "и" has not), each reader's answer is the one its
code computes from an uncached parse of exactly the string it passes, and a whole conversion
parses no spelling twice.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pymorphy2.analyzer import MorphAnalyzer as _PymorphyAnalyzer

from extract import read_document
from normalize import indicators, metadata_text, morphology, nlp, wordbreak
from normalize.schools import canonical, tokens

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@pytest.fixture(scope="module")
def synthetic_docx(tmp_path_factory) -> list[Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus, _ = build_corpus(12, tmp_path_factory.mktemp("corpus"), seed=7, pdf=False)
    corpus = [path for path in corpus if path.exists()]
    assert len(corpus) >= 8
    return corpus


@pytest.fixture(scope="module")
def words(synthetic_docx) -> list[str]:
    """Every word of the synthetic orders and of the DOCX samples, each also lower-cased,
    capitalised, upper-cased and "ё"-folded (the spellings the readers pass)."""
    found: set[str] = set()
    for path in synthetic_docx + sorted((ROOT / "samples").glob("*.docx")):
        doc = read_document(path)
        texts = [b.text for b in doc.blocks] + [c.text for t in doc.tables for c in t.cells]
        found.update(_WORD.findall(" ".join(texts)))
    variants = {v for w in found
                for v in (w, w.lower(), w.capitalize(), w.upper(), w.replace("ё", "е").replace("Ё", "Е"))}
    assert len(found) > 1000
    assert {"И", "А", "С"} <= variants  # initials: their readings differ from "и", "а", "с"
    return sorted(variants)


def _uncached(word: str) -> list:
    """pymorphy2's parse of exactly ``word``, past every cache (the same analyzer object)."""
    return _PymorphyAnalyzer.parse(nlp.morph_vocab(), word)


def _key(parses) -> list[tuple]:
    """A parse list comparable across analyzer objects (units named, not compared by identity)."""
    return [(p.word, str(p.tag), p.normal_form, p.score,
             tuple((type(step[0]).__name__, *(x for x in step[1:] if isinstance(x, (str, int))))
                   for step in p.methods_stack))
            for p in parses]


def test_the_shared_cache_gives_a_fresh_analyzers_parses(words):
    fresh = _PymorphyAnalyzer()
    vocab = nlp.morph_vocab()
    # lower case first: a cache keyed on the lower-cased word would then hand "И" the
    # readings of "и" (no initials), and "Отчёт" those of "отчет"
    for word in sorted(words, key=lambda w: (w.lower(), w != w.lower())):
        assert _key(vocab.parse(word)) == _key(fresh.parse(word)), word
        assert vocab.parse(word) == _uncached(word), word


def test_a_case_sensitive_word_really_reads_differently():
    """The premise of keying on the exact string: some spellings differ by case alone."""
    assert _key(_uncached("И")) != _key(_uncached("и"))
    assert _key(_uncached("Отчёт")) != _key(_uncached("отчет"))


# ----------------------------------------------------------------- each reader, as its code reads


def _ref_lemma_of_lower(word: str) -> str:
    parses = _uncached(word)
    return parses[0].normal_form if parses else word


def _ref_morphology_parses(word: str) -> tuple:
    return tuple(_uncached(word.lower()))


def _ref_tokens_forms(word: str) -> list[tuple]:
    return [(tokens._yo(p.normal_form), frozenset(p.tag.grammemes), p) for p in _uncached(word)]


def _ref_indicators_morph(word: str) -> tuple[str, str]:
    parses = _uncached(word)
    if not parses:
        return "", word
    return str(parses[0].tag.POS or ""), parses[0].normal_form.replace("ё", "е")


def _ref_metadata_parses(word: str) -> list:
    return _uncached(metadata_text._fold(word))


def _ref_is_word(word: str) -> bool:
    word = word.lower()
    if not wordbreak._CYRILLIC.match(word):
        return False
    if nlp.morph_vocab().word_is_known(word):
        return True
    parses = _uncached(word)
    return bool(parses) and all(type(m[0]).__name__ in wordbreak._CONFIDENT_METHODS
                                for m in parses[0].methods_stack)


def _ref_is_common_word(word: str) -> bool:
    word = word.lower()
    if not wordbreak._CYRILLIC.match(word) or not nlp.morph_vocab().word_is_known(word):
        return False
    return any(p.is_known and not (wordbreak._NAME_TAGS & set(p.tag.grammemes)) for p in _uncached(word))


def _ref_is_function_word(word: str) -> bool:
    parses = _uncached(word.lower())
    return bool(parses) and parses[0].tag.POS in wordbreak._FUNCTION_POS


def _ref_inflected(word: str, grams: frozenset[str]) -> str:
    for parse in _uncached(word):
        form = canonical._PymorphyParse.inflect(parse, set(grams))
        if form is not None:
            out = form.word
            if "ё" not in word.lower():
                out = canonical._yo(out)
            return canonical._match_case(out, word)
    return word


def test_each_reader_answers_from_a_parse_of_exactly_what_it_passes(words):
    for word in words:
        assert nlp._lemma_of_lower(word) == _ref_lemma_of_lower(word), word
        assert nlp.lemma(word) == _ref_lemma_of_lower(word.lower()), word
        assert morphology._parses(word) == _ref_morphology_parses(word), word
        forms = [(f.normalized, frozenset(f.grams.values), f.raw) for f in tokens._forms(word)]
        assert forms == _ref_tokens_forms(word), word
        assert indicators._morph(word) == _ref_indicators_morph(word), word
        assert metadata_text._parses(word) == _ref_metadata_parses(word), word
        assert wordbreak.is_word(word) == _ref_is_word(word), word
        assert wordbreak.is_common_word(word) == _ref_is_common_word(word), word
        assert wordbreak.is_function_word(word) == _ref_is_function_word(word), word


def test_school_names_inflect_from_a_parse_of_the_printed_word(words):
    # pymorphy2's inflection is slow: every 7th spelling, in the grammemes canonical.py asks
    for word in words[::7]:
        for grams in (frozenset({"nomn", "sing", "femn"}), frozenset({"nomn", "sing", "masc"})):
            assert canonical._inflected(word, grams) == _ref_inflected(word, grams), word


# ----------------------------------------------------------------- one parse per spelling

_COUNT_PARSES = textwrap.dedent("""
    import collections, json, os, sys
    from pathlib import Path
    # counted below the cache: natasha's MorphVocab wraps pymorphy2's parse as it is when
    # natasha is imported, and a reader calling pymorphy2 past the cache is counted too
    import pymorphy2.analyzer as analyzer
    counts = collections.Counter()
    plain = analyzer.MorphAnalyzer.parse
    def counting(self, word):
        counts[word] += 1
        return plain(self, word)
    analyzer.MorphAnalyzer.parse = counting
    os.environ["ROADMAP500_TEXT_CACHE"] = "document"
    from extract import read_document
    from normalize.document import normalize_document
    from normalize.memo import document_started
    from schemas.writer import activity_rows
    for path in sys.argv[1:]:
        document_started()
        result = normalize_document(read_document(Path(path)))
        activity_rows(result.records, doc_id="d", source_file="f", meta=result.meta)
    print(json.dumps(counts))
""")


def test_a_conversion_parses_each_spelling_once(synthetic_docx):
    files = [str(p) for p in synthetic_docx] + [str(p) for p in sorted((ROOT / "samples").glob("*.docx"))[:12]]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", _COUNT_PARSES, *files], capture_output=True,
                         text=True, env=env, cwd=ROOT, check=True)
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(counts) > 300  # the readers did parse (a hook that saw nothing proves nothing)
    twice = {word: n for word, n in counts.items() if n > 1}
    assert not twice, f"parsed more than once: {sorted(twice.items())[:20]}"
