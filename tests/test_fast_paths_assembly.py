"""The speed-ups of table assembly, metadata and the writer give what the plain code gives.

Each fast path is compared with the slow reference it replaced, on the sample orders' tables
and text and on the real-cells fixture: per-piece views (covering rows, spanning rows), the
repeated-header test, word keys cut from a lower-cased text, the letter count of
``_mostly_upper``, the case vocabulary's occurrence search, and the writer's record dicts.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import asdict
from pathlib import Path

import pytest

from extract.docx import read_docx
from normalize import regions
from normalize.metadata_case import CaseVocab, _case_class
from normalize.metadata_text import _BREAK_MARKS, _mostly_upper
from normalize.stitching import split_foreign_tail
from normalize.table_view import view_of
from normalize.tables import _repeats_header
from normalize.text import clean_text, fold
from schemas.writer import record_dict

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.docx"))
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")


@pytest.fixture(scope="module")
def docs():
    return [read_docx(path) for path in SAMPLES]


@pytest.fixture(scope="module")
def texts(docs) -> list[str]:
    """Every text line and cell of the samples, every text of the real-cells fixture, and
    words whose lower case moves characters (İ, the Kelvin sign)."""
    out = [clean_text(b.text) for d in docs for b in d.blocks if b.text.strip()]
    out += [clean_text(c.text) for d in docs for t in d.tables for c in t.cells if c.text.strip()]
    with (ROOT / "tests" / "fixtures" / "real_cells.toml").open("rb") as fh:
        out += [case["text"] for cases in tomllib.load(fh).values() for case in cases]
    out += ["İSTANBUL ОМСКОЙ ОБЛАСТИ", "5\u212a ТОМСКОЙ области", "Ёлкинский район ОРЛОВСКОЙ",
            "ΣΟΦΙΑ Калужская Σ область", "г. Омска и ОМСКОЙ ОБЛАСТИ"]
    return out


def _pieces(docs):
    return [piece for d in docs for t in d.tables for piece in split_foreign_tail(t)]


def test_the_samples_are_there(docs, texts):
    assert len(docs) == 5 and len(_pieces(docs)) >= 5 and len(texts) > 1000


def test_view_matches_the_table(docs):
    """Each covering row and the rows spanning the width, as ``Table`` and the old scan give."""
    spanning = 0
    for table in _pieces(docs):
        view = view_of(table)
        covering = table.covering()
        for r in range(table.n_rows):
            assert view.covering(r) == covering[r]
            spans = any(c.row == r and c.col_span >= max(2, table.n_cols - 1) for c in table.cells)
            assert (r in view.spanning_rows) == spans
            spanning += spans
        assert view.has_ocr == any(c.ocr_confidence is not None for c in table.cells)
    assert spanning > 0


def _reference_repeats_header(texts: list[str], header_labels: tuple[str, ...]) -> bool:
    values = [t for t in texts if t]
    return [fold(t) for t in texts] == [fold(h) for h in header_labels] or (
        len(values) >= 2 and all(fold(t) in {fold(h) for h in header_labels} for t in values))


def test_repeated_header_test_matches(docs):
    """Every row of every piece against the labels of every piece's first rows."""
    label_sets, rows = [], []
    for table in _pieces(docs):
        texts = view_of(table).texts
        rows += texts
        label_sets += [tuple(row) for row in texts[:4]]
    label_sets += [("№", "№", " Мероприятие "), ("", "")]
    rows += [["№", "", "Мероприятие"], [" № ", "№"], ["", ""]]
    repeated = 0
    for labels in label_sets:
        for row in rows:
            expected = _reference_repeats_header(row, labels)
            if any(row):  # classify_row asks only of rows with text
                assert _repeats_header(row, labels) == expected, (row, labels)
            repeated += expected
    assert repeated > len(label_sets)  # each header row repeats itself at least


def test_word_keys_match_word_by_word(texts):
    moved = 0
    for text in texts:
        expected = [w.lower().replace("ё", "е") for w in _WORD.findall(text)]
        assert regions.word_keys(text) == expected, text
        moved += len(text.lower()) != len(text) or "\u212a" in text
    assert moved >= 2


def test_found_regions_are_copies():
    first = regions.find_regions("Администрация Омской области")
    first.clear()
    assert [m.region for m in regions.find_regions("Администрация Омской области")] == ["Омская область"]


def _reference_mostly_upper(text: str) -> bool:
    letters = len(re.findall(r"[A-Za-zА-Яа-яЁё]", text))
    return letters >= 3 and len(re.findall(r"[A-ZА-ЯЁ]", text)) / letters >= 0.8


def test_mostly_upper_matches(texts):
    assert sum(_mostly_upper(t) for t in texts) > 10
    for text in texts + ["", "АБ", "АБв", "ABCd", "Ёж ЁЖ"]:
        assert _mostly_upper(text) == _reference_mostly_upper(text), text


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")


def _reference_index(text: str) -> dict[str, list[tuple[str, str | None, str]]]:
    toks = list(_WORD.finditer(text))
    folded = [_fold(m.group()) for m in toks]
    index: dict[str, list] = {}
    for j in range(1, len(toks)):
        mark = text[toks[j - 1].end():toks[j].start()].rstrip()[-1:]
        if mark and mark in _BREAK_MARKS:
            continue
        index.setdefault(folded[j], []).append(
            (folded[j - 1], folded[j + 1] if j < len(toks) - 1 else None, _case_class(toks[j].group())))
    return index


def _reference_occurrences(texts, word, *neighbours):
    near = [n for n in neighbours if n is not None]
    found = []
    for text in texts:
        low = _fold(text)
        if word not in low or (neighbours and not any(n in low for n in near)):
            continue
        if not _reference_mostly_upper(text):
            found.extend(_reference_index(text).get(word, ()))
    return found


def test_case_vocabulary_occurrences_match(docs, texts):
    """Each sample's vocabulary, asked for every word of its all-caps lines with the words
    around it, and with no neighbour and unknown ones."""
    asked = hits = 0
    for d in docs:
        doc_texts = [clean_text(b.text) for b in d.blocks if b.text.strip()]
        doc_texts += [clean_text(c.text) for t in d.tables for c in t.cells if c.text.strip()]
        vocab = CaseVocab(doc_texts)
        for text in doc_texts[:80]:
            words = [_fold(w) for w in _WORD.findall(text)]
            for k, word in enumerate(words[:40]):
                before = words[k - 1] if k else None
                after = words[k + 1] if k + 1 < len(words) else None
                for args in ((word, before, after), (word,), (word, None, "несуществующее")):
                    got = vocab._occurrences(*args)
                    assert got == _reference_occurrences(doc_texts, *args), args
                    asked += 1
                    hits += bool(got)
    assert asked > 1000 and hits > 100


def test_record_dicts_match_asdict():
    """Every flat record class the writer turns into structs."""
    from normalize.records import Executor, IndicatorTarget, MilestoneHit, RiskHit, School

    records = [Executor("Минобрнауки", full_name="Министерство", kind="body", category="other",
                        person=None, position="методист"),
               IndicatorTarget(90.0, "percent", ">=", "не менее 90 %"),
               MilestoneHit("phrase", "text", "milestone"), RiskHit(3, "текст", "wording"),
               School("МАОУ СОШ № 1", legal_form="МАОУ", kind="СОШ", number="1")]
    for record in records:
        assert record_dict(record) == asdict(record)
        assert list(record_dict(record)) == list(asdict(record))  # same key order


def _match_walk(trie: dict, text: str, toks: list, keys: list[str], i: int):
    """The trie walk over match objects (regions._walk before its token split)."""
    node, best, j = trie, None, i
    while j < len(toks):
        if j > i and not regions._JOINER.fullmatch(text, toks[j - 1].end(), toks[j].start()):
            break
        node = node.get(keys[j])
        if node is None:
            break
        j += 1
        if None in node:
            best = (j, node[None])
    return best


def _reference_find_regions(text: str) -> list[regions.RegionMention]:
    """The walk the candidate list replaced: a trie walk from every word."""
    idx = regions._index()
    toks = list(regions._WORD.finditer(text))
    keys = [regions._key(t.group()) for t in toks]
    out, i = [], 0
    while i < len(toks):
        hit = _match_walk(idx.trie, text, toks, keys, i)
        if hit is None:
            i += 1
            continue
        j, entries = hit
        printed = [t.group() for t in toks[i:j]]
        start = toks[i].start()
        prefix = regions._CITY_PREFIX.search(text, max(0, start - 12), start)
        ok = [e for e in entries if regions._acceptable(e, printed, prefix is not None and e.city)]
        entry = next((e for e in ok if e.city and prefix is not None), ok[0] if ok else None)
        if entry is None:
            i += 1
            continue
        if not entry.city:
            prefix = None
        form = entry.form
        if entry.takes_tail and j < len(toks):
            sep = text[toks[j - 1].end():toks[j].start()]
            if regions._JOINER.fullmatch(sep) and (regions._DASH.search(sep) or "(" in sep):
                tail = _match_walk(idx.tails[entry.region], text, toks, keys, j)
                if tail is not None:
                    j, tail_entries = tail
                    dash = regions._DASH.search(sep)
                    form = f"{form} — {tail_entries[0].form}" if dash else f"{form} ({tail_entries[0].form})"
        end = toks[j - 1].end()
        if end < len(text) and text[end] == ")" and "(" in text[start:end]:
            end += 1
        if prefix is not None:
            start = prefix.start()
        region = idx.regions[entry.region]
        out.append(regions.RegionMention(region.name, region.code, text[start:end], start, end,
                                         entry.strength, form))
        i = j
    return out


def test_region_search_matches_the_full_walk(docs, texts):
    """Every text, each sample's running text and tables joined, and names written with
    tails, brackets, city prefixes and abbreviations."""
    extra = ["Кемеровской области-Кузбассе и Кемеровской области – Кузбасса", "Республики Саха (Якутия)",
             "г. Омском и Омском районе", "ХМАО - Югры и хмао", "города Москвы, г.Севастополь"]
    joined = ["\n".join(b.text for b in d.blocks) for d in docs]
    joined += [" ".join(c.text for t in d.tables for c in t.cells) for d in docs]
    found = 0
    for text in texts + extra + joined:
        expected = _reference_find_regions(text)
        assert regions.find_regions(text) == expected, text
        found += len(expected)
    assert found > 50
