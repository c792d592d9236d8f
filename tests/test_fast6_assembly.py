"""The stop-6 speed-ups of assembly, metadata and the writer give what the plain code gives.

``regions.TextWords`` (a text's words and bounds from one split) against the match objects of
``finditer`` it replaced, in the region search and the case vocabulary; the writer's record
dicts (one ``attrgetter`` per class) against ``dataclasses.asdict`` on every record the
samples produce.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import asdict
from pathlib import Path

import pytest

from extract.docx import read_docx
from normalize.document import normalize_document
from normalize.regions import TextWords, find_regions
from normalize.text import clean_text
from schemas.writer import _dicts, record_dict

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.docx"))
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")


@pytest.fixture(scope="module")
def docs():
    return [read_docx(path) for path in SAMPLES]


@pytest.fixture(scope="module")
def texts(docs) -> list[str]:
    """Every raw and cleaned line and cell of the samples, their joined texts, the real-cells
    fixture and edge cases (empty, no word, words at both ends, lone letters, Latin, ё)."""
    raw = [b.text for d in docs for b in d.blocks] + [c.text for d in docs for t in d.tables for c in t.cells]
    out = raw + [clean_text(t) for t in raw]
    out += ["\n".join(b.text for b in d.blocks) for d in docs]
    with (ROOT / "tests" / "fixtures" / "real_cells.toml").open("rb") as fh:
        out += [case["text"] for cases in tomllib.load(fh).values() for case in cases]
    out += ["", " ", "—", "«»", "а", "а б", " а ", "ОМСК", "г.Омск,", "Ёлкино-Омск (Якутия)",
            "İSTANBUL 5\u212a", "1.2.3", "Республики Саха (Якутия)", "\n\nслово\n\n"]
    return out


def test_text_words_match_finditer(texts):
    """Each word, its start and end, and the gap before it, as the match objects give them."""
    words = 0
    for text in texts:
        toks = TextWords(text)
        found = list(_WORD.finditer(text))
        assert len(toks) == len(found), text
        for i, m in enumerate(found):
            assert toks.word(i) == m.group()
            assert (toks.start(i), toks.end(i)) == m.span()
            before = found[i - 1].end() if i else 0
            assert toks.gap(i) == text[before:m.start()]
        after = found[-1].end() if found else 0
        assert toks.gap(len(toks)) == text[after:]  # the text after the last word
        words += len(found)
    assert len(texts) > 1000 and words > 10000


def test_region_mentions_are_where_they_are_printed(texts):
    """A mention's bounds cut its printed text out of the searched text (both ways: every
    mention found is at its place, and the sample texts do name regions)."""
    found = 0
    for text in texts:
        for m in find_regions(text):
            assert text[m.start:m.end] == m.text
            found += 1
    assert found > 50


def test_record_dicts_of_the_samples_match_asdict(docs):
    """Every executor, target, evidence, school and milestone record of the samples' rows."""
    seen: set[type] = set()
    n = 0
    for d in docs:
        normalized = normalize_document(d)
        for rec in normalized.records:
            groups = [rec.executors, rec.indicator_targets, rec.risk_evidence,
                      rec.risk_topic_evidence, rec.schools, rec.milestone_evidence]
            for group in groups:
                assert _dicts(group) == [asdict(r) for r in group]
                for r in group:
                    assert list(record_dict(r)) == list(asdict(r))  # same key order
                    seen.add(type(r))
                    n += 1
    assert n > 500 and len(seen) >= 5


def _reference_fold_texts(texts: list[str]) -> tuple[list[str], str, list[int]]:
    """Each text folded on its own, joined by NUL, and where each starts (the plain way)."""
    lowered = [t.lower().replace("ё", "е") for t in texts]
    starts, pos = [], 0
    for low in lowered:
        starts.append(pos)
        pos += len(low) + 1
    return lowered, "\0".join(lowered), starts


@pytest.mark.parametrize("extra", [[], ["ΟΔΟΣ", "ΣΟΦΙΑ Σ"], ["İSTANBUL", "ёЁ"], ["\0", "а\0Б", ""],
                                   ["5\u212a ТОМСКОЙ"]])
def test_case_vocabulary_folds_like_each_text_alone(docs, extra):
    """The texts folded in one call and cut apart give each text's own fold, with the joined
    text and starts, for each sample's texts with lower-casings that change length or depend
    on context (İ, Σ), NUL and empty texts mixed in (and a vocabulary of those alone)."""
    from normalize.metadata_case import CaseVocab

    groups = [[clean_text(b.text) for b in d.blocks if b.text.strip()]
              + [clean_text(c.text) for t in d.tables for c in t.cells if c.text.strip()] for d in docs]
    for texts in [*(g[:40] + extra + g[40:] for g in groups), extra]:
        vocab = CaseVocab(texts)
        vocab._texts_with("области")
        assert (vocab._lowered, vocab._joined, vocab._starts) == _reference_fold_texts(texts)
