"""The school parser's inlined Earley chart completes what a plain Earley chart completes.

``earley._TriggeredParser.chart_from`` keys a state within its column by (state advanced
from, child) and inlines predict/complete/scan; the reference below is the textbook loop over
yargy's own ``State``/``Column`` (a state deduplicated by the hash of its children's ids, every
production predicted, no lookahead), with the same start tokens and the same step over rules
that match nothing.  Both must complete the same root states, tree for tree, on every window
of the sample texts, the shared gold and made-up lines.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from yargy.parser import Chart, State
from yargy.rule.bnf import BNFRule
from yargy.tree.constructors import Leaf, Node

from normalize.schools import mentions as sm
from normalize.schools import vocabulary as sv
from tests.test_fast6_schools import LINES, MADE_UP, _processed

SHARED_GOLD = Path("/work/shared/gold")
# enumerations, nested quotes, short forms, localities: windows with many rival parses
MORE = [
    "МАОУ СОШ № 5, 7 и 9 г. Томска", "МБОУ «СОШ № 1», «СОШ № 2», «ООШ № 3»",
    "МБОУ «Гимназия № 1 имени А. С. Пушкина» (далее – Гимназия № 1)",
    "Муниципальное бюджетное общеобразовательное учреждение «Центр образования «Перспектива»»",
    "МКОУ ООШ с. Ямск, МКОУ НОШ д. Покровка, МКОУ СОШ п. Заречный",
    "руководителям МОУ СОШ № 12, 14, 15, 17 и лицея № 3 обеспечить",
    "Алейниковская основная общеобразовательная школа (далее – Алейниковская ООШ)",
    "средних общеобразовательных школ № 2 и № 4, гимназии № 6, лицея-интерната № 8",
]


def _gold_lines() -> list[str]:
    """Every line of every text field of the shared gold, when it is on this machine."""
    out: list[str] = []
    for path in sorted(SHARED_GOLD.glob("**/*.jsonl")) if SHARED_GOLD.is_dir() else []:
        for row in path.read_text(encoding="utf-8").splitlines():
            values = json.loads(row).values() if row.strip() else ()
            out += [line for v in values if isinstance(v, str) for line in v.split("\n")]
    return out


def _reference_chart(parser: Any, text: str, starts: Callable[[Any], bool]) -> Chart:
    """A plain Earley chart over yargy's ``State``/``Column``, roots predicted at ``starts``."""
    chart = Chart(parser.tagger(parser.tokenizer(text)))
    predicted: set[tuple[int, int]] = set()
    empty: dict[tuple[int, int], State] = {}

    def predict(column: Any, rule: Any) -> None:
        if (column.index, id(rule)) in predicted:
            return
        predicted.add((column.index, id(rule)))
        for rank, production in enumerate(rule.productions):
            state = State(rule, production, 0, column, column, Node(rule, production, rank, []))
            if state.completed:
                empty[(column.index, id(rule))] = state
            column.append(state)

    def advance(column: Any, state: Any, child: Any) -> None:
        node = Node(state.rule, state.production, state.node.rank, [*state.node.children, child])
        column.append(State(state.rule, state.production, state.dot_index + 1,
                            state.start_column, column, node))

    for column, next_column in chart:
        if next_column is not None and starts(next_column.token):
            predict(column, parser.rule)
        for state in column.states:
            if state.completed:
                for parent in list(state.start_column.states_index[id(state.rule)]):
                    advance(column, parent, state.node)
            elif isinstance(state.next_term, BNFRule):
                predict(column, state.next_term)
                if (column.index, id(state.next_term)) in empty:
                    advance(column, state, empty[(column.index, id(state.next_term))].node)
            elif next_column is not None and state.next_term(next_column.token):
                predicate = state.next_term
                advance(next_column, state, Leaf(predicate, predicate.constrain(next_column.token)))
    return chart


def _shape(node: Any) -> Any:
    """A tree as plain values: rules, productions and ranks by identity, leaves by token."""
    if isinstance(node, Leaf):
        return "leaf", node.token.value, tuple(node.token.span)
    return id(node.rule), id(node.production), node.rank, tuple(_shape(c) for c in node.children)


def _completed(chart: Any, rule: Any) -> Counter:
    return Counter((state.range, _shape(state.node)) for state in chart.matches(rule))


def test_inlined_chart_completes_what_the_plain_chart_completes():
    """Root matches of ``chart_from`` = the plain chart's, as a multiset of (range, tree)."""
    grammar = sm._grammar()
    parser = grammar.parser
    raws = list(dict.fromkeys([*LINES, *MADE_UP, *MORE, *_gold_lines()]))
    windows = list(dict.fromkeys(
        w for raw in raws for line in [_processed(raw)]
        if line and grammar.trigger.search(sv._yo(line)) for w in sm._windows(line, grammar)))
    compared = matched = 0
    for window in windows:
        starts = sm._start_filter(window, grammar)
        fast = _completed(parser.chart_from(window, starts), parser.rule)
        slow = _completed(_reference_chart(parser, window, starts), parser.rule)
        assert fast == slow, window
        compared += 1
        matched += sum(fast.values())
    assert compared > 90
    assert matched > compared  # enumerations and nested names give several parses a window


def test_chart_keys_are_unique_per_column():
    """No column holds two states with the same identity, and every state's key is its own."""
    grammar = sm._grammar()
    parser = grammar.parser
    from normalize.schools.earley import _key_of

    window = "МАОУ СОШ № 5, 7 и 9, МБОУ «Гимназия № 1 имени А. С. Пушкина» (далее – Гимназия)"
    chart = parser.chart_from(window, sm._start_filter(window, grammar))
    total = 0
    for column in chart.columns:
        keys = [_key_of(state) for state in column.states]
        assert len(keys) == len(set(keys)) and set(keys) <= column.keys
        total += len(keys)
    assert total > 50


def test_findall_leaves_no_cyclic_garbage():
    """``findall_from`` empties its chart: nothing of a parse waits for the garbage collector
    (a column and its states referred to each other; full collections cost more than the parse)."""
    import gc

    grammar = sm._grammar()
    parser = grammar.parser
    windows = ["МАОУ СОШ № 5, 7 и 9, МБОУ «Гимназия № 1 имени А. С. Пушкина» (далее – Гимназия)",
               *MORE]
    enabled = gc.isenabled()
    gc.disable()
    try:
        parser.findall_from(windows[0], sm._start_filter(windows[0], grammar))
        gc.collect()
        found = 0
        for window in windows:
            found += len(parser.findall_from(window, sm._start_filter(window, grammar)))
            assert gc.collect() == 0, window
        assert found >= len(windows)
        # the check can fail: a chart kept whole leaves its cycles behind
        parser.chart_from(windows[0], sm._start_filter(windows[0], grammar))
        parser.findall_from(windows[0], sm._start_filter(windows[0], grammar))
        assert gc.collect() > 0
    finally:
        if enabled:
            gc.enable()
