"""The round-12 speed-ups of frozen records and of the risk readers' word pre-check give what
the code they replace gave.

* ``records.slot_init`` on the records still built often per document (school mentions'
  ``_Parts`` and ``Mention``, ``definitions.Definition``): the same as the ``__init__``
  ``dataclass`` writes (``tests/test_fast11_doc.py``'s check, on these classes);
* risks and topics: a cell whose words no other reader needs (every cell but the activity,
  and the section heading) is read from its whitespace chunks
  (``risk_vocabulary._cell_signals``, each chunk's signals cached, chunks known to say
  nothing in one set) instead of ``nlp.words``' regex over the whole text.  Compared with
  ``_signals`` (the code it replaces for those cells) on the round-10/11 corpora, texts with
  every kind of whitespace and hyphens at chunk edges, and the cells of synthetic orders;
  cold (no chunk known) and warm (the chunks learnt), and through the readers (a cell of
  known-quiet chunks other than the shared one skipped by ``find_risk_directions`` at once).
"""
from __future__ import annotations

import random
import sys

import pytest

from normalize import nlp, risk_topics, risk_vocabulary, risks
from tests.test_fast10_risks import _plain_topic_spans
from tests.test_fast11_doc import test_slot_init_is_the_dataclass_init as _same_as_dataclass_init
from tests.test_fast11_risks import CORPUS as ROUND11_CORPUS
from tests.test_fast11_risks import _reference_find, _reference_infer, synthetic_orders  # noqa: F401

# --------------------------------------------------------------------------- records


def _classes() -> list[type]:
    from normalize import definitions
    from normalize.schools import mentions

    return [mentions._Parts, mentions.Mention, definitions.Definition]


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: c.__name__)
def test_slot_init_records_are_built_as_dataclass_would(cls):
    _same_as_dataclass_init(cls)


# --------------------------------------------------------------------------- chunks

# Whitespace of every kind (str.split's), hyphens and marks at chunk edges, odd letters.
_EDGES = ["", " ", "\n", "риск", " риски 5 ", "риски\t5", "риски\xa05", "риски\u20095", "риски\u30005",
          "риски\x1c5", "риски\x855", "риски\u20285", "риск-\nнаправления 2", "социально-\nэкономическ",
          "-риски -5-", "«риски» (5)", "риски,5", "риск.5", "родительское\u00a0собрание",
          "родительск-\u2028ое собрание", "café риски 5", "риски ² ³", "ﬁ\tнансовая грамотность",
          "рисковые направления ① и ②", "– 9 «Пониженный уровень»", "–\t9\n«Пониженный уровень»",
          "Низкий\u2003уровень\u2003вовлеченности\u2003родителей", "i̇ 7", "ǅ\x0brisk 3"]


def _texts() -> list[str]:
    rng = random.Random(12)
    out = [*_EDGES, *ROUND11_CORPUS]
    for _ in range(400):  # a text's spaces turned into other whitespace, or words glued
        text = rng.choice(ROUND11_CORPUS)
        out.append(text.replace(" ", rng.choice(["\t", "\xa0", "\u2009", "\n", "\u3000", "\x1c", "", " - "])))
    return list(dict.fromkeys(out))


CORPUS = _texts()


def _tuple(signals):
    return signals if signals is None else tuple(signals)


def test_a_split_separator_is_in_no_word_and_no_odd_letter():
    """What ``_cell_signals`` rests on: ``str.split`` splits at ``str.isspace`` characters, which
    ``nlp.WORD`` never matches and ``_ODD_LETTER`` does not take."""
    spaces = 0
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isspace():
            spaces += 1
            assert len(f"a{char}b".split()) == 2, hex(code)
            assert nlp.WORD.search(char) is None and risk_vocabulary._ODD_LETTER.search(char) is None, hex(code)
        else:
            assert len(f"a{char}b".split()) == 1, hex(code)
    assert spaces > 20


def _check_every_text(texts: list[str]) -> tuple[int, int, int]:
    quiet = odd = said = 0
    for text in texts:
        expected = _tuple(risk_vocabulary._signals.__wrapped__(text))
        got = _tuple(risk_vocabulary._cell_signals(text))
        assert got == expected, text
        quiet += expected == (False, 0, 0)
        odd += expected is None
        said += expected is not None and expected != (False, 0, 0)
    return quiet, odd, said


def test_cell_signals_are_the_signals_of_the_words_cold_and_warm(synthetic_orders):  # noqa: F811
    cells = list(dict.fromkeys(c for order in synthetic_orders for row in order["rows"] for c in row[0]))
    texts = [*CORPUS, *cells]
    risk_vocabulary._QUIET_CHUNKS.clear()
    risk_vocabulary._chunk_signals.cache_clear()
    first = _check_every_text(texts)  # chunks met for the first time
    assert len(risk_vocabulary._QUIET_CHUNKS) > 1000
    second = _check_every_text(texts)  # every chunk known: the one-set answer where it can
    assert first == second
    quiet, odd, said = first
    assert quiet > 1000 and odd > 300 and said > 1000, first
    assert all(risk_vocabulary._chunk_signals(c) == (False, 0, 0) for c in risk_vocabulary._QUIET_CHUNKS)


def test_readers_of_unshared_cells_answer_as_the_scan():
    hits = found = 0
    for text in CORPUS:
        for method in (None, "section"):
            expected = risks._scan_explicit(text, method)
            assert risks._explicit.__wrapped__(text, method, False) == expected, (text, method)
            hits += bool(expected)
        spans = _plain_topic_spans(text)
        assert risk_topics._topic_spans.__wrapped__(text, False) == spans, text
        found += bool(spans)
    assert hits > 800 and found > 500


def test_rows_answer_as_before_with_the_activity_shared(synthetic_orders):  # noqa: F811
    rng = random.Random(13)
    rows = [row for order in synthetic_orders for row in order["rows"]]
    rows += [((a, b), rng.choice([None, "", c]), a, b) for a, b, c in zip(CORPUS, CORPUS[7:], CORPUS[13:])]
    named = 0
    risk_vocabulary._QUIET_CHUNKS.clear()
    risk_vocabulary._chunk_signals.cache_clear()
    for _ in range(2):  # cold, then with every chunk known (find_risk_directions' one-set skip)
        for cells, section, activity, indicator in rows:
            expected = _reference_find(cells, section=section)
            for shared in (activity, None, cells[0] if cells else None):
                assert risks.find_risk_directions(cells, section=section, shared=shared) == expected, cells
            named += bool(expected[0])
            topics = _reference_infer(activity, indicator=indicator, explicit=expected[0])
            assert risk_topics.infer_risk_topics(activity, indicator=indicator, explicit=expected[0]) == topics
    assert len(risk_vocabulary._QUIET_CHUNKS) > 1000
    assert named > 600 and named < 2 * len(rows) - 600, (named, len(rows))


def test_the_pipeline_shares_the_activity_only(monkeypatch):
    """normalize_document asks the risk reader with the row's activity as the shared cell,
    and ``nlp.words`` is read of no other cell by the risk and topic readers."""
    from pathlib import Path

    from extract import read_document
    from normalize.document import normalize_document
    from normalize.memo import clear_text_caches

    asked: list[tuple] = []
    find = risks.find_risk_directions

    def finding(texts, *, section=None, shared=None):
        asked.append((tuple(texts), shared))
        return find(texts, section=section, shared=shared)

    read: list[str] = []
    signals = risk_vocabulary._signals

    def reading(text):
        read.append(text)
        return signals(text)

    monkeypatch.setattr(risks, "find_risk_directions", finding)
    monkeypatch.setattr(risks, "_signals", reading)
    monkeypatch.setattr(risk_topics, "_signals", reading)
    sample = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.docx"))[0]
    clear_text_caches()
    result = normalize_document(read_document(sample))
    assert len(asked) == len(result.records) > 5
    activities = {rec.row.activity for rec in result.records}
    assert all(shared == rec.row.activity for (_, shared), rec in zip(asked, result.records))
    assert read and set(read) <= activities
