"""Round 11 of the school finder's speed-ups give what the code they replaced gives.

``findall_facts_at`` (the chart reads the tokens one at a time from the first start offset
and stops once its states run out past the last) must give ``findall_facts`` with the same
starts over every token; its tokens (``_morph_token_stream``) must be ``_morph_tokens``'
from that offset on; ``fastchart._kept`` (empty productions passed over, an item's
interpretation read off the item) must give the facts the round-10 walk gave;
``fastchart.chart`` (a completion over a state that is no empty production advances its
parents without a key; a predicted item scans its token without calling its predicate) must
hold ``chart_from``'s states in order, for the finder's starts and for a start at every token;
``_kind_in_name`` (each word's forms once, phrases by length) must name the kind the
chunk-by-chunk search named; ``seen_candidate_lines`` must note the verdicts the per-line
loop noted.  On the sample texts, the shared gold, made-up lines and the texts the pipeline
gives the finder for a synthetic DOCX corpus.
"""
from __future__ import annotations

import random
from typing import Any

from normalize.memo import clear_text_caches
from normalize.schools import canonical, fastchart, facts, prefilter
from normalize.schools import mentions as sm
from normalize.schools import vocabulary as sv
from normalize.schools.tokens import _morph_token_stream, _morph_tokens
from tests.test_fast6_schools import MADE_UP, TEXTS
from tests.test_fast10_schools import _position, _test_windows, synthetic_texts  # noqa: F401


def _offset_sets(window: str, tokens: list[Any]) -> list[set[int]]:
    """Start offsets to try on ``window``: the trigger's (as the finder gives them), every
    token's, a few tokens' at random, and offsets inside tokens or past the text."""
    grammar = sm._grammar()
    found = [(m.lastgroup, m.start(), m.end()) for m in grammar.trigger.finditer(sv._yo(window))]
    starts = [t.span.start for t in tokens]
    pick = random.Random(len(window))
    out = [sm._start_offsets(window, found), set(starts), {0}, {len(window) + 5}]
    if starts:
        out.append(set(pick.sample(starts, min(3, len(starts)))))
        out.append({starts[-1]})
        out.append({t.span.start + 1 for t in tokens if t.span.stop - t.span.start > 1}
                   | {starts[len(starts) // 2]})
    return [s for s in out if s]


def test_findall_facts_at_equals_findall_facts(synthetic_texts):  # noqa: F811
    """The lazily read, early stopped chart gives the facts of the full chart, for the
    finder's starts and for arbitrary ones (a start inside a token starts nothing)."""
    parser = sm._grammar().parser
    total = stopped = 0
    for window in _test_windows(synthetic_texts):
        tokens = parser.tokens(window)
        for offsets in _offset_sets(window, tokens):
            fast = parser.findall_facts_at(window, offsets)
            slow = parser.findall_facts(window, lambda token: token.span.start in offsets)
            assert fast == slow and repr(fast) == repr(slow), (window, sorted(offsets))
            total += len(fast)
            columns = fastchart.chart(
                _morph_token_stream(parser.tokenizer, window, min(offsets)),
                lambda token: token.span.start in offsets, parser._root_id,
                parser._item_startable, parser._first_items, None, max(offsets))
            first = sum(t.span.start < min(offsets) for t in tokens)
            stopped += len(columns) < len(tokens) - first + 1
    assert total > 400 and stopped > 100
    assert parser.findall_facts_at("МАОУ СОШ № 5", set()) == []


def test_early_stopped_chart_holds_the_full_charts_states(synthetic_texts):  # noqa: F811
    """Column by column, the chart read lazily from the first start holds the states of
    the full chart from that token on, and every column it did not reach is empty there."""
    parser = sm._grammar().parser
    compared = 0
    for window in _test_windows(synthetic_texts):
        tokens = parser.tokens(window)
        for offsets in _offset_sets(window, tokens)[:2]:
            def starts(token: Any, offsets: set[int] = offsets) -> bool:
                return token.span.start in offsets
            full = fastchart.chart(tokens, starts, parser._root_id, parser._item_startable,
                                   parser._first_items)
            lazy = fastchart.chart(_morph_token_stream(parser.tokenizer, window, min(offsets)),
                                   starts, parser._root_id, parser._item_startable,
                                   parser._first_items, None, max(offsets))
            skipped = sum(t.span.start < min(offsets) for t in tokens)
            assert not any(full[:skipped]), window
            for index, states in enumerate(full[skipped:]):
                mine = lazy[index] if index < len(lazy) else []
                assert [(s[0], s[1] - skipped) for s in states] == [(s[0], s[1]) for s in mine], \
                    (window, index)
                compared += len(states)
    assert compared > 10_000


def test_token_stream_is_the_tokens_from_the_first_offset(synthetic_texts):  # noqa: F811
    """``_morph_token_stream`` = ``_morph_tokens`` without the tokens starting before ``first``
    (the whole text still tokenized: a token spanning ``first`` is not cut)."""
    parser = sm._grammar().parser
    checked = 0
    for window in [*_test_windows(synthetic_texts), "«Средняя общеобразовательная школа № 5» СОШ"]:
        tokens = _morph_tokens(parser.tokenizer, window)
        for first in {0, 1, 3, len(window) // 2, len(window)}:
            fast = list(_morph_token_stream(parser.tokenizer, window, first))
            slow = [t for t in tokens if t.span.start >= first]
            assert [(type(t), t.value, t.span, t.type, getattr(t, "forms", None)) for t in fast] \
                == [(type(t), t.value, t.span, t.type, getattr(t, "forms", None)) for t in slow]
            checked += len(fast)
    assert checked > 10_000


def _kept_round10(state: Any, out: list[Any], tokens: list[Any]) -> None:
    """``fastchart._kept`` as it was in round 10 (every child walked)."""
    children = []
    while state[2] is not None:
        children.append(state[3])
        state = state[2]
    for child in reversed(children):
        if len(child) == 2:
            out.append(child[1])
            tokens.append(child[1])
            continue
        interpretator = child[0].rule.interpretator
        if interpretator is None:
            _kept_round10(child, out, tokens)
            continue
        before = len(tokens)
        kept: list[Any] = []
        _kept_round10(child, kept, tokens)
        if len(tokens) > before:
            out.append(facts.interpret(interpretator, kept))


def _state_fact_round10(state: Any) -> tuple[int, int, Any] | None:
    kept: list[Any] = []
    tokens: list[Any] = []
    _kept_round10(state, kept, tokens)
    if not tokens:
        return None
    return tokens[0].span.start, tokens[-1].span.stop, facts.normalized(
        facts.interpret(state[0].rule.interpretator, kept))


def test_state_fact_equals_the_round10_walk(synthetic_texts):  # noqa: F811
    """``state_fact`` of every completed root state (chosen or not) = the round-10 walk's."""
    parser = sm._grammar().parser
    compared = 0
    for window in _test_windows(synthetic_texts):
        roots: list[Any] = []
        for starts in (sm._start_filter(window, sm._grammar()), lambda token: True):
            fastchart.chart(parser.tokens(window), starts, parser._root_id,
                            parser._item_startable, parser._first_items, roots)
        for state, _ in roots:
            fast, slow = fastchart.state_fact(state), _state_fact_round10(state)
            assert fast == slow and repr(fast) == repr(slow), window
            compared += 1
    assert compared > 1000
    for item in parser._items.values():
        assert all(i.interpretator is i.rule.interpretator for i in item)


def _phrase_kind_round10(pieces: list[str]) -> Any:
    forms = [canonical._normal_forms(p) for p in pieces]
    for phrase, kind in canonical._kind_index().items():
        if len(phrase) == len(pieces) and all(lem in f for lem, f in zip(phrase, forms)):
            return kind
    return None


def _kind_in_name_round10(name: str) -> Any:
    """``_kind_in_name`` as it was in round 10 (each chunk's words' forms looked up again)."""
    pieces = [p for p in canonical._words(name) if p not in "()"]
    index = canonical._kind_index()
    for size in (4, 3, 2, 1):
        for i in range(len(pieces) - size + 1):
            chunk = pieces[i: i + size]
            if size == 1 and chunk[0].isupper() and (chunk[0],) in index:
                return index[(chunk[0],)]
            kind = _phrase_kind_round10(chunk)
            if kind is not None and (size > 1 or kind.standalone):
                return kind
    return None


def test_kind_in_name_equals_the_chunk_by_chunk_search(synthetic_texts):  # noqa: F811
    """``_kind_in_name`` and ``_phrase_kind`` = round 10's over every stretch of up to eight
    words of the windows (names, kind phrases in every case, anything else)."""
    names: set[str] = set()
    for window in [*_test_windows(synthetic_texts), *MADE_UP]:
        words = window.replace("«", " ").replace("»", " ").split()
        for size in range(1, 9):
            names.update(" ".join(words[i:i + size]) for i in range(0, len(words), 3))
    named = 0
    for name in sorted(names):
        assert canonical._kind_in_name(name) == _kind_in_name_round10(name), name
        pieces = [p for p in canonical._words(name) if p not in "()"]
        assert canonical._phrase_kind(pieces) == _phrase_kind_round10(pieces), name
        named += canonical._kind_in_name(name) is not None
    assert len(names) > 3000 and named > 1000


def test_seen_candidate_lines_note_the_per_line_verdicts(synthetic_texts):  # noqa: F811
    """After a long text, the remembered verdicts = what the per-line loop noted (each line
    stripped: whether it is one ``candidate_lines`` gives), also where a letter folds to two."""
    texts = [t for t in [*TEXTS, *synthetic_texts] if t.count("\n") >= prefilter._SHORT_TEXT_LINES]
    texts.append("\n".join(["  МАОУ СОШ № 1 ", "ничего", "ß straße", "x"] * 5))
    texts.append("\n".join(["  МАОУ СОШ № 1 ", "ничего", " ничего ", "МАОУ СОШ № 1"] * 5))
    for text in texts:
        clear_text_caches()
        found = prefilter.seen_candidate_lines(text)
        hits = set(prefilter.candidate_lines(text))
        expected: dict[str, bool] = {}
        for line in text.split("\n"):
            expected[line.strip()] = line in hits
        assert found == prefilter.candidate_lines(text)
        assert prefilter._verdicts() == expected
    clear_text_caches()


def test_chart_without_keys_holds_chart_from_states_in_order(synthetic_texts):  # noqa: F811
    """Column by column, ``fastchart.chart`` = ``chart_from``: the same production, dot and
    start, in the same order, advanced from the same state over the same child (no state
    twice: the keys it no longer makes were never met again), with a match started at the
    finder's tokens and at every token."""
    parser = sm._grammar().parser
    compared = 0
    for window in _test_windows(synthetic_texts)[::2]:
        for starts in (sm._start_filter(window, sm._grammar()), lambda token: True):
            reference = parser.chart_from(window, starts)
            columns = fastchart.chart(parser.tokens(window), starts, parser._root_id,
                                      parser._item_startable, parser._first_items)
            assert len(columns) == len(reference.columns), window
            where: dict[int, tuple[int, int]] = {}
            for index, (states, column) in enumerate(zip(columns, reference.columns)):
                for position, state in enumerate(states):
                    where[id(state)] = index, position
                assert [(s[0].rule, s[0].production, s[0].dot, s[1]) for s in states] \
                    == [(s.rule, s.production, s.dot_index, s.start_column.index)
                        for s in column.states], (window, index)
                for s, r in zip(states, column.states):
                    if r.previous is not None:
                        assert where[id(s[2])] == _position(reference, r.previous), window
                        if len(s[3]) != 2:
                            assert where[id(s[3])] == _position(reference, r.child), window
                compared += len(states)
            reference.release()
    assert compared > 15_000


def _latin_lines_round10(folded: str) -> set[int]:
    """The Latin-letter part of ``candidate_lines`` as it was in round 10 (the regex)."""
    starts: set[int] = set()
    latin = prefilter._LATIN_FOLDED.search(folded)
    while latin is not None:
        after = prefilter._mark_line(folded, latin.start(), starts)
        latin = prefilter._LATIN_FOLDED.search(folded, after) if after > 0 else None
    return starts


def test_latin_lines_letter_by_letter_equal_the_regex(synthetic_texts):  # noqa: F811
    """``_mark_latin_lines`` marks the lines the regex marked: Russian texts with a few Latin
    words, English ones (past the switch to the regex), a letter on the last line, none."""
    pick = random.Random(11)
    english = "\n".join(f"line {i} of an English text, with zebra quartz {i}" for i in range(40))
    mixed = ["МАОУ СОШ", "MAOU COSH", "x", "", "ы" * 50, "\n", "a\n\nb", "\nz"]
    texts = [*TEXTS, *synthetic_texts, english, english.upper(),
             "\n".join(pick.choice(mixed) for _ in range(300))]
    texts += ["\n".join(pick.choice(mixed) for _ in range(pick.randint(1, 30))) for _ in range(300)]
    marked = 0
    for text in texts:
        folded = text.casefold()
        fast: set[int] = set()
        prefilter._mark_latin_lines(folded, fast)
        assert fast == _latin_lines_round10(folded), text[:200]
        marked += len(fast)
    assert marked > 2000


def test_resolve_without_mentions_gives_fresh_empty_results():
    """``resolve_mentions`` of no mention returns at once what the full pass gave: an empty
    list and dict, new ones each call (a caller may fill them)."""
    from normalize.schools.resolve import resolve_mentions

    first, second = resolve_mentions([]), resolve_mentions(())
    assert first == ([], {}) == second
    assert first[0] is not second[0] and first[1] is not second[1]
    assert resolve_mentions(sm.find_mentions("МАОУ СОШ № 5"))[0]


def _start_offsets_round10(text: str, found: list[tuple[str | None, int, int]]) -> set[int]:
    """``_start_offsets`` as it was in round 10 (the words before read for every match)."""
    starts: set[int] = set()
    legal = sv.load_school_vocabulary().legal_abbreviations
    for group, start, end in found:
        before = list(sm._PREVIOUS_WORDS.finditer(text, max(0, start - sv._REACH_BACK), start))
        if group == "legal":
            starts.add(start)
        elif group == "core":
            starts.update(w.start() for w in sm._PREVIOUS_WORDS.finditer(text, start, end))
        elif not any(w.group(0).upper() in legal for w in before[-2:]):
            starts.add(start)
            if before and before[-1].group(0)[:1].isupper():
                starts.add(before[-1].start())
    return starts


def test_start_offsets_equal_round10s(synthetic_texts):  # noqa: F811
    """``_start_offsets`` (the words before a match read only for a kind) = round 10's."""
    grammar = sm._grammar()
    kinds = 0
    for window in [*_test_windows(synthetic_texts), *MADE_UP, "Заозерной СОШ № 16 и МАОУ СОШ № 3"]:
        found = [(m.lastgroup, m.start(), m.end()) for m in grammar.trigger.finditer(sv._yo(window))]
        assert sm._start_offsets(window, found) == _start_offsets_round10(window, found), window
        kinds += sum(group == "kind" for group, _, _ in found)
    assert kinds > 100
