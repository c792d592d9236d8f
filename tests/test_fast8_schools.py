"""The school parser's cheaper steps give what yargy's own steps give.

``earley._pruned`` builds a chosen match's tree with the empty nodes dropped straight from the
chart's states, where ``findall_from`` built the whole tree (``_State.node``) and then dropped
them (yargy's ``Tree.normalized``); ``_TriggeredParser._startable`` keeps, per token and rule,
the ready-made entries ``predict`` adds (state key and emptiness computed once);
``prefilter.candidate_lines`` looks for an anchor only when a piece its group shares is in the
text.  Compared here with the reference on every window of the sample texts, the shared gold
and made-up lines (and, for the line filter, whole texts).
"""
from __future__ import annotations

from typing import Any

from yargy.parser import prepare_match, prepare_trees
from yargy.span import resolve_spans
from yargy.tree.constructors import Tree

import re

from normalize.schools import earley, prefilter
from normalize.schools import mentions as sm
from normalize.schools import vocabulary as sv
from tests.test_fast6_schools import LINES, MADE_UP, TEXTS, _processed
from tests.test_fast7_schools import MORE, _gold_lines, _shape


def _windows() -> list[str]:
    """Every distinct window ``find_mentions`` parses for the test lines."""
    grammar = sm._grammar()
    raws = list(dict.fromkeys([*LINES, *MADE_UP, *MORE, *_gold_lines()]))
    return list(dict.fromkeys(
        w for raw in raws for line in [_processed(raw)]
        if line and grammar.trigger.search(sv._yo(line)) for w in sm._windows(line, grammar)))


def _shape_or_none(node: Any) -> Any:
    return None if node is None else _shape(node)


def test_pruned_tree_is_yargys_normalized_tree():
    """For every state of every chart: ``_pruned(state)`` = yargy's ``Tree.normalized`` of its tree."""
    grammar = sm._grammar()
    parser = grammar.parser
    compared = dropped = 0
    for window in _windows():
        chart = parser.chart_from(window, sm._start_filter(window, grammar))
        for column in chart.columns:
            for state in column.states:
                reference = Tree(state.node, state.range).normalized
                fast = earley._pruned(state)
                assert _shape_or_none(fast) == _shape_or_none(reference.root), window
                assert _shape_or_none(fast) == _shape_or_none(earley._without_empty(state.node))
                compared += 1
                dropped += fast is None or fast.children != state.node.children
    assert compared > 5_000
    assert dropped > 1_000  # empty nodes are there to drop


def test_findall_from_chooses_and_builds_what_yargy_does():
    """``findall_from`` = yargy's choice over the same chart: the widest non-overlapping
    ranges, the first tree of each by yargy's sort, ``prepare_match``, the same facts."""
    grammar = sm._grammar()
    parser = grammar.parser
    windows = _windows()
    total = 0
    for window in windows:
        starts = sm._start_filter(window, grammar)
        fast = parser.findall_from(window, starts)
        chart = parser.chart_from(window, starts)
        by_range: dict[tuple[int, int], list[Any]] = {}
        for state in chart.matches(parser.rule):
            by_range.setdefault(state.range, []).append(state)
        spans = sorted(by_range, key=lambda span: (span[0], -span[1]))
        slow = [prepare_match(sorted(prepare_trees(by_range[span]))[0])
                for span in resolve_spans(spans)]
        slow = [match for match in slow if match is not None]
        assert [m.span for m in fast] == [m.span for m in slow], window
        assert [[(t.value, t.span) for t in m.tokens] for m in fast] \
            == [[(t.value, t.span) for t in m.tokens] for m in slow], window
        assert [_shape(m.tree.root) for m in fast] == [_shape(m.tree.root) for m in slow], window
        assert [m.fact.as_json for m in fast] == [m.fact.as_json for m in slow], window
        total += len(fast)
    assert total > len(windows)


def test_startable_entries_are_the_productions_the_token_can_start():
    """``_startable`` of each rule before each token of the windows = its productions that
    pass the FIRST-set lookahead, in order, each with its column key and emptiness."""
    grammar = sm._grammar()
    parser = grammar.parser
    rules = earley._reachable_rules(parser.rule)
    tokens = [None, *(t for w in _windows()[:40] for t in parser.tagger(parser.tokenizer(w)))]
    checked = empty = 0
    for token in tokens:
        for rule in rules:
            entries = parser._startable(rule, token)
            expected = [(index, production) for index, production in enumerate(rule.productions)
                        if parser._can_start(production, token)]
            assert [(e[0], e[1]) for e in entries] == expected
            for index, production, steps, key, is_empty in entries:
                assert steps == earley._steps(rule, production)
                assert key == (id(rule), id(production), 0)
                assert is_empty == (not production.terms)
                checked += 1
                empty += is_empty
    assert checked > 1_000 and empty > 0


def _plain_candidate_lines(text: str) -> list[str]:
    """Every line whose case-folded text holds an anchor anywhere, a word-end anchor not
    followed by a letter, or a Latin letter (no groups, no offsets: line by line)."""
    anywhere, word_ends = prefilter._anchors()
    lines = text.split("\n")
    if len(text.casefold()) != len(text):
        return lines
    ends = re.compile("(?:" + "|".join(map(re.escape, word_ends)) + ")(?![а-я])")
    out = []
    for line in lines:
        folded = line.casefold().replace("ё", "е")
        if any(a in folded for a in anywhere) or ends.search(folded) \
                or re.search("[a-z]", folded):
            out.append(line)
    return out


def test_anchor_groups_cover_every_anchor_once():
    """Each anchor is in exactly one group and holds the group's piece; pieces are shared."""
    anywhere, _ = prefilter._anchors()
    groups = prefilter.anchor_groups(anywhere)
    members = [a for _, group in groups for a in group]
    assert sorted(members) == sorted(anywhere)
    assert all(piece in a for piece, group in groups for a in group)
    assert any(len(group) >= 3 for _, group in groups)  # the legal forms share "оу"
    assert prefilter.anchor_groups(("abc", "xbcy", "q")) == (("bc", ("abc", "xbcy")), ("q", ("q",)))


def test_candidate_lines_equal_the_plain_line_by_line_filter():
    """Over whole texts, single lines and made-up ones: the same lines, in order."""
    texts = [*TEXTS, "\n".join(MADE_UP), "\n".join(LINES), *LINES, *MADE_UP,
             "МАОУ СОШ\nничего\nМаоу\nсредняя", "роща\nцоколь\nГОУ ЦО", "ß МБОУ", ""]
    kept = 0
    for text in texts:
        found = prefilter.candidate_lines(text)
        assert found == _plain_candidate_lines(text), text[:200]
        kept += len(found)
    assert kept > 300
