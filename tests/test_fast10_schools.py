"""Round 10 of the school finder's speed-ups give what the code they replaced gives.

``fastchart.chart`` (tuple states over precompiled items) must hold, column by column, the
states ``earley._TriggeredParser.chart_from`` holds, in the same order (yargy's sort of
rival trees keeps the first of equals, so the order decides); ``findall_from`` over it must
return the matches ``findall_from_chart`` returns; ``facts.plain_fact`` must equal yargy's
``Match.fact``; and ``find_mentions`` with every round-10 path must equal it with the
replaced ones, on the sample texts, the shared gold, made-up lines and the texts the pipeline
gives the finder for a synthetic DOCX corpus.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from normalize.schools import facts, fastchart
from normalize.schools import mentions as sm
from normalize.schools import vocabulary as sv
from normalize.schools.prefilter import candidate_lines
from tests.test_fast6_schools import LINES, MADE_UP, TEXTS, _processed
from tests.test_fast7_schools import MORE, _gold_lines, _shape

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synthetic_texts(tmp_path_factory) -> list[str]:
    """The texts the pipeline gives ``find_mentions`` while it converts a synthetic corpus
    (built here, every layout of the matrix)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    import normalize.schools as schools
    import normalize.schools.resolve as resolve
    from roadmap500.pipeline import convert_to_dir

    corpus, _ = build_corpus(12, tmp_path_factory.mktemp("corpus"), seed=10, pdf=False)
    texts: list[str] = []
    plain = schools.find_mentions

    def recording(text: str) -> list[Any]:
        texts.append(text)
        return plain(text)

    mp = pytest.MonkeyPatch()
    mp.setattr(schools, "find_mentions", recording)
    mp.setattr(resolve, "find_mentions", recording)
    try:
        convert_to_dir([p for p in corpus if p.exists()], tmp_path_factory.mktemp("out"),
                       workers=0, timings=False)
    finally:
        mp.undo()
    assert len(texts) > 100
    return texts


def _windows(raws: list[str]) -> list[str]:
    """Every distinct window ``find_mentions`` parses for ``raws`` (lines or whole texts)."""
    grammar = sm._grammar()
    lines = [line for raw in raws for cand in candidate_lines(raw) for line in [_processed(cand)]]
    return list(dict.fromkeys(
        w for line in lines if line and grammar.trigger.search(sv._yo(line))
        for w in sm._windows(line, grammar)))


def _test_windows(synthetic_texts: list[str]) -> list[str]:
    raws = [*LINES, *MADE_UP, *MORE, *_gold_lines()]
    return _windows(raws) + _windows(synthetic_texts)


def test_item_chart_holds_chart_from_states_in_order(synthetic_texts):
    """Column by column, the tuple chart's states = ``chart_from``'s: the same production,
    dot and start, in the same order, advanced from the same state over the same child."""
    parser = sm._grammar().parser
    windows = _test_windows(synthetic_texts)
    compared = 0
    for window in windows:
        starts = sm._start_filter(window, sm._grammar())
        reference = parser.chart_from(window, starts)
        columns = fastchart.chart(parser.tokens(window), starts, parser._root_id,
                                  parser._item_startable, parser._first_items)
        assert len(columns) == len(reference.columns), window
        where: dict[int, tuple[int, int]] = {}  # id of a tuple state -> (column, position)
        for index, (states, column) in enumerate(zip(columns, reference.columns)):
            for position, state in enumerate(states):
                where[id(state)] = index, position
            fast = [(id(s[0].rule), id(s[0].production), s[0].dot, s[0].rank * (s[2] is None),
                     s[1]) for s in states]
            slow = [(id(s.rule), id(s.production), s.dot_index, s.rank, s.start_column.index)
                    for s in column.states]
            assert fast == slow, (window, index)
            for s, r in zip(states, column.states):  # the same links, by position
                if r.previous is not None:
                    assert where[id(s[2])] == _position(reference, r.previous), window
                    if len(s[3]) == 2:  # a scanned token
                        assert s[3][1] is r.child.token or r.child.token.value == s[3][1].value
                    else:
                        assert where[id(s[3])] == _position(reference, r.child), window
            compared += len(states)
        reference.release()
    assert compared > 10_000


def _position(chart: Any, state: Any) -> tuple[int, int]:
    column = chart.columns[state.stop_column.index]
    return state.stop_column.index, next(i for i, s in enumerate(column.states) if s is state)


def test_findall_equals_the_chart_from_reference(synthetic_texts):
    """``findall_from`` (tuple chart) = ``findall_from_chart``: spans, tokens, trees, facts."""
    parser = sm._grammar().parser
    total = 0
    for window in _test_windows(synthetic_texts):
        starts = sm._start_filter(window, sm._grammar())
        fast = parser.findall_from(window, starts)
        slow = parser.findall_from_chart(window, starts)
        assert [m.span for m in fast] == [m.span for m in slow], window
        assert [[(t.value, t.span) for t in m.tokens] for m in fast] \
            == [[(t.value, t.span) for t in m.tokens] for m in slow], window
        assert [_shape(m.tree.root) for m in fast] == [_shape(m.tree.root) for m in slow], window
        assert [m.fact.as_json for m in fast] == [m.fact.as_json for m in slow], window
        total += len(fast)
    assert total > 200


def test_plain_facts_equal_yargys(synthetic_texts):
    """``fact_of`` (read straight off the tree) = yargy's ``Match.fact``, nested facts and
    repeated attributes included, and ``interpretable`` holds for the school grammar only
    while its interpretations are facts and plain attributes."""
    parser = sm._grammar().parser
    assert parser._plain_facts
    compared = nested = several = 0
    for window in _test_windows(synthetic_texts):
        for match in parser.findall_from(window, sm._start_filter(window, sm._grammar())):
            fast, slow = parser.fact_of(match), match.fact
            assert fast == slow and repr(fast) == repr(slow), window
            assert [type(i) for i in fast.items] == [type(i) for i in slow.items]
            compared += 1
            nested += any(i.inner is not None for i in fast.items)
            several += len(fast.items) > 1
    assert compared > 200 and nested > 0 and several > 20
    from yargy import rule as make_rule
    from yargy.interpretation import fact
    from yargy.predicates import eq

    from normalize.schools.earley import _TriggeredParser, _tokenizer

    thing = fact("Thing", ["value"])
    with_normalizer = make_rule(eq("a")).interpretation(thing.value.normalized())
    assert not _TriggeredParser(with_normalizer.interpretation(thing), tokenizer=_tokenizer())._plain_facts
    assert _TriggeredParser(make_rule(eq("a")).interpretation(thing.value).interpretation(thing),
                            tokenizer=_tokenizer())._plain_facts


def test_find_mentions_equals_the_replaced_paths(synthetic_texts, monkeypatch):
    """``find_mentions`` of every text = the same with the chart_from parse and yargy's facts."""
    from normalize.memo import clear_text_caches

    texts = [*TEXTS, *MADE_UP, *synthetic_texts]
    parser = sm._grammar().parser

    def run() -> list[Any]:
        clear_text_caches()
        return [sm.find_mentions(text) for text in texts]

    fast = run()
    monkeypatch.setattr(parser, "findall_from", parser.findall_from_chart)
    monkeypatch.setattr(parser, "_plain_facts", False)
    slow = run()
    clear_text_caches()
    assert fast == slow
    assert sum(map(len, fast)) > 300


def test_line_windows_carry_each_windows_own_trigger_matches(synthetic_texts):
    """``_line_windows`` (one trigger pass per line) = ``_windows`` with, for each window,
    the matches the trigger finds in the window itself; and ``_start_offsets`` of those
    gives ``_start_filter``'s starts."""
    grammar = sm._grammar()
    raws = [*LINES, *MADE_UP, *MORE, *_gold_lines(), *synthetic_texts,
            "МАОУ СОШ № 5. " + "х" * 400 + " МБОУ СОШ № 7", "СОШ № 1;" + "ы" * 350 + "лицей № 2",
            "МАОУ " + "д" * 70 + "СОШ № 3", "средней общеобразовательной. школы № 4 и МБОУ ООШ № 9",
            # a window cut inside a match (no plain space for 300 characters): its own search
            "x средней общеобразовательной\u00a0школы" + "\u00a0ы" * 200 + "\u00a0СОШ\u00a0№\u00a07"]
    lines = list(dict.fromkeys(
        line for raw in raws for cand in raw.split("\n") for line in [_processed(cand)] if line))
    windows = checked = 0
    for line in lines:
        found = [(m.lastgroup, m.start(), m.end()) for m in grammar.trigger.finditer(sv._yo(line))]
        pairs = sm._line_windows(line, found) if found else []
        assert [w for w, _ in pairs] == (sm._windows(line, grammar) if found else []), line
        for window, inside in pairs:
            own = tuple((m.lastgroup, m.start(), m.end())
                        for m in grammar.trigger.finditer(sv._yo(window)))
            if inside is not None:
                assert inside == own, (line, window)
                checked += 1
            starts = sm._start_offsets(window, list(own))
            tokens = sm._grammar().parser.tokens(window)
            reference = sm._start_filter(window, grammar)
            assert {t.span.start for t in tokens if t.span.start in starts} \
                == {t.span.start for t in tokens if reference(t)}
            windows += 1
    assert windows > 100 and windows - 3 < checked < windows


def test_findall_facts_equal_the_matches_facts(synthetic_texts, monkeypatch):
    """``findall_facts`` (single candidates' facts read off the states) = each match of
    ``findall_from``: its span and its fact (yargy's ``Match.fact``); and the same through
    yargy's own way when the grammar is not plain."""
    parser = sm._grammar().parser
    windows = _test_windows(synthetic_texts)
    total = rivals = 0
    for window in windows:
        starts = sm._start_filter(window, sm._grammar())
        fast = parser.findall_facts(window, starts)
        slow = [(m.span.start, m.span.stop, m.fact) for m in parser.findall_from(window, starts)]
        assert fast == slow and repr(fast) == repr(slow), window
        total += len(fast)
        roots: list[Any] = []
        columns = fastchart.chart(parser.tokens(window), starts, parser._root_id,
                                  parser._item_startable, parser._first_items, roots)
        reference = fastchart.chosen(columns, parser.rule)
        assert fastchart.chosen_roots(roots) == [states for _, states in reference], window
        rivals += sum(len(states) > 1 for _, states in reference)
    assert total > 200 and rivals > 20
    monkeypatch.setattr(parser, "_plain_facts", False)
    window = windows[0]
    starts = sm._start_filter(window, sm._grammar())
    assert parser.findall_facts(window, starts) == [(m.span.start, m.span.stop, m.fact)
                                                    for m in parser.findall_from(window, starts)]


def test_seen_candidate_lines_equal_candidate_lines(synthetic_texts):
    """``seen_candidate_lines`` (line verdicts remembered across the texts of a document)
    = ``candidate_lines`` text by text, in the order the pipeline gives them; a text whose
    lines are all remembered is answered from the verdicts; a letter that case-folds to two
    only adds lines."""
    from normalize.memo import clear_text_caches
    from normalize.schools import prefilter

    clear_text_caches()
    compared = kept = 0
    for text in [*synthetic_texts, *TEXTS, *MADE_UP, "МАОУ СОШ № 1\nхорошо\nСОШ-2\n  МБОУ лицей \n"]:
        found = prefilter.seen_candidate_lines(text)
        assert found == prefilter.candidate_lines(text), text
        compared += 1
        kept += len(found)
    assert compared > 500 and kept > 300
    clear_text_caches()
    prefilter.seen_candidate_lines("Straße\n" + "\n".join(f"строка {i}" for i in range(20)))
    assert prefilter.seen_candidate_lines("  строка 3 \nМБОУ СОШ") == ["  строка 3 ", "МБОУ СОШ"]
    assert prefilter.seen_candidate_lines("строка 3\nшкола") == ["строка 3"]
    clear_text_caches()


def _reference_inflect(word: str, grams: set[str]) -> str:
    """``canonical._inflect`` as it was before round 10 (no cache)."""
    from pymorphy2.analyzer import Parse

    from normalize import nlp
    from normalize.schools.canonical import _match_case

    for parse in nlp.morph_vocab().parse(word):
        form = Parse.inflect(parse, grams)
        if form is not None:
            out = form.word if "ё" in word.lower() else sv._yo(form.word)
            return _match_case(out, word)
    return word


def test_cached_inflection_equals_pymorphy2s():
    """``_inflect`` (cached per word and grammemes) = the uncached inflection, for the words
    of the test lines in the forms the finder asks for, asked twice in varying order."""
    from normalize.schools import canonical

    words = list(dict.fromkeys(w for line in [*LINES[:400], *MADE_UP, *MORE]
                               for w in canonical._words(line) if len(w) > 2))[:600]
    asks = [{"nomn", "sing"}, {"nomn", "sing", "femn"}, {"nomn", "sing", "masc"},
            {"nomn", "sing", "neut"}, {"nomn"}]
    checked = changed = 0
    for grams in [*asks, *reversed(asks)]:
        for word in words:
            expected = _reference_inflect(word, grams)
            assert canonical._inflect(word, grams) == expected, (word, grams)
            checked += 1
            changed += expected != word
    assert checked > 2_000 and changed > 500


def test_stripping_before_reading_look_alikes_changes_nothing(synthetic_texts):
    """``unglue(cyrillize(raw)).strip()`` = the same of ``raw.strip()``, so a row's padded
    line shares the cache entry of the document's line (look-alikes, glued abbreviations,
    Latin-only words and odd whitespace at the ends included)."""
    raws = [line for text in [*TEXTS, *synthetic_texts] for line in text.split("\n")]
    raws += [f"{pad}{line}{end}" for line in [*MADE_UP, "MAOU CОШ № 5", "МБОУСОШ №1", "COШ"]
             for pad in ("", " ", "\t", "\u00a0", " \u2003") for end in ("", " ", "\r", "\u00a0")]
    for raw in raws:
        assert sv.unglue(sv.cyrillize(raw)).strip() == sv.unglue(sv.cyrillize(raw.strip())).strip(), raw
    assert len(raws) > 5_000
