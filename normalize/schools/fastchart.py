"""The triggered Earley chart over precompiled items and plain tuples (``findall_from``'s parse).

``earley._TriggeredParser.chart_from`` builds a ``_State`` object (thirteen slots, one
``__init__`` call) per Earley item and a ``Leaf`` per scanned token; on a school window that
was most of the parse.  Everything a state's slots held but its start column, the state it
advanced from and its child depends only on the production and the dot: it is compiled once
per grammar into an ``_Item`` (rule, production, rank, the term after the dot and that term's
rule id, the item one step on).  A state is then a tuple ``(item, start column index,
previous state, child)``, a scanned child a tuple ``(predicate, token)`` (its ``Leaf`` is made,
with the predicate's ``constrain``, only for the chosen matches' trees).  States refer to
earlier states and to column indexes, never to columns: a chart holds no reference cycle and
is freed by reference counting alone.

The loop is ``chart_from``'s step for step: the same states are added to the same columns in
the same order, deduplicated by the same keys (a predicted state's is its item; an advanced
state's is (id of the state advanced from, id of the child)), so the candidates of each range
come in the same order and yargy's sort picks the same tree (tests/test_fast10_schools.py
holds the two to each other).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from yargy.rule.bnf import BNFRule
from yargy.span import resolve_spans
from yargy.tree.constructors import Leaf, Node, Tree

from normalize.schools import facts


class _Item:
    """A production with a dot: what every state at that dot shares (compiled once)."""

    __slots__ = ("rule", "production", "rank", "dot", "rule_id", "next_term", "next_rule_id",
                 "completed", "after", "interpretator")

    def __init__(self, rule: Any, production: Any, rank: int, dot: int) -> None:
        self.rule, self.production, self.rank, self.rule_id = rule, production, rank, id(rule)
        self.dot = dot
        terms = production.terms
        self.next_term = terms[dot] if dot < len(terms) else None
        self.next_rule_id = id(self.next_term) if isinstance(self.next_term, BNFRule) else None
        self.completed = dot >= len(terms)
        self.interpretator = rule.interpretator
        self.after: _Item | None = None


def compile_items(rules: list[Any]) -> dict[int, tuple[_Item, ...]]:
    """For each rule (by id), the dot-0 item of each of its productions, in order; each item
    links to the item one step on."""
    out: dict[int, tuple[_Item, ...]] = {}
    for rule in rules:
        firsts = []
        for rank, production in enumerate(rule.productions):
            items = [_Item(rule, production, rank, dot) for dot in range(len(production.terms) + 1)]
            for item, after in zip(items, items[1:]):
                item.after = after
            firsts.append(items[0])
        out[id(rule)] = tuple(firsts)
    return out


# State = (item, start column index, previous state | None, child | None); child is a
# completed state or a scanned (predicate, token) pair.
_State = tuple


def chart(tokens: Iterable[Any], starts: Callable[[Any], bool], root_id: int,
          startable: Callable[[Any], dict[int, tuple[_Item, ...]]],
          first_items: Callable[[int, Any], tuple[_Item, ...]],
          roots: list[tuple[_State, int]] | None = None,
          last: int | None = None) -> list[list[_State]]:
    """The states of each column of the Earley chart of ``tokens`` (column ``i`` read
    before token ``i``), the root predicted before each token ``starts`` accepts.

    ``startable(token)``: the per-token cache of the items each rule's prediction adds
    before ``token`` (filled by ``first_items(rule id, token)``); ``roots``, if given,
    receives each completed root state and its column, in chart order (``chosen_roots``).
    ``last``, if given: no token starting after that offset is a start, so the chart stops
    at the first empty column past it (every later column would be empty too: a column
    gets states only from the one before it or from a start) and ``tokens`` (read one at
    a time) is not read further; the columns not reached are not in the list."""
    record = roots.append if roots is not None else None
    following = iter(tokens)
    token = next(following, None)
    columns: list[list[_State]] = [[]]
    indexes: list[dict[int, list[_State]]] = [{}]
    i = -1
    while True:
        if i >= 0:  # on to the next column (the first loop reads column 0)
            if token is None:
                break
            token = next(following, None)
        i += 1
        states, index = columns[i], indexes[i]
        if token is not None:  # the column the scans of this one go to
            columns.append([])
            indexes.append({})
        start = token is not None and starts(token)
        if not states and not start:  # most columns of a window: nothing to read
            if last is not None and token is not None and token.span.start > last:
                break
            continue
        keys: set[Any] = set()
        predicted: set[int] = set()
        empty: dict[int, _State] = {}
        by_rule = startable(token)
        # chart_from's predict (the productions the next token can start, once per rule and
        # column), inlined here and below: a call cost as much as the work.  A predicted
        # state is new to its column (its rule is predicted once there), so it needs no
        # key: no other key can equal it.
        if start:
            predicted.add(root_id)
            found = by_rule.get(root_id)
            if found is None:
                found = by_rule[root_id] = first_items(root_id, token)
            for item in found:
                new = (item, i, None, None)
                if item.completed:
                    empty[root_id] = new
                states.append(new)
                if item.next_rule_id is not None:
                    waiting = index.get(item.next_rule_id)
                    if waiting is None:
                        index[item.next_rule_id] = [new]
                    else:
                        waiting.append(new)
        for state in states:  # grows while read
            item = state[0]
            if item.completed:
                if item.rule_id == root_id and record is not None:
                    record((state, i))
                waiting = indexes[state[1]].get(item.rule_id)
                if not waiting:
                    continue
                if state[2] is not None:
                    # a state that is no empty production is read once and is nobody's
                    # ``nothing``: each parent is advanced over it once, no key to check
                    for parent in waiting:
                        after = parent[0].after
                        new = (after, parent[1], parent, state)
                        states.append(new)
                        if after.next_rule_id is not None:
                            others = index.get(after.next_rule_id)
                            if others is None:
                                index[after.next_rule_id] = [new]
                            else:
                                others.append(new)
                    continue
                for parent in waiting:  # the step over ``nothing`` may have been taken
                    key = (id(parent), id(state))
                    if key in keys:
                        continue
                    keys.add(key)
                    after = parent[0].after
                    new = (after, parent[1], parent, state)
                    states.append(new)
                    if after.next_rule_id is not None:
                        others = index.get(after.next_rule_id)
                        if others is None:
                            index[after.next_rule_id] = [new]
                        else:
                            others.append(new)
                continue
            rule_id = item.next_rule_id
            if rule_id is not None:
                if rule_id not in predicted:
                    predicted.add(rule_id)
                    found = by_rule.get(rule_id)
                    if found is None:
                        found = by_rule[rule_id] = first_items(rule_id, token)
                    for first in found:
                        new = (first, i, None, None)
                        if first.completed:
                            empty[rule_id] = new
                        states.append(new)
                        if first.next_rule_id is not None:
                            others = index.get(first.next_rule_id)
                            if others is None:
                                index[first.next_rule_id] = [new]
                            else:
                                others.append(new)
                # a rule that matches nothing here: step over it now (Aycock & Horspool)
                nothing = empty.get(rule_id)
                if nothing is not None:
                    key = (id(state), id(nothing))
                    if key not in keys:
                        keys.add(key)
                        after = item.after
                        new = (after, state[1], state, nothing)
                        states.append(new)
                        if after.next_rule_id is not None:
                            others = index.get(after.next_rule_id)
                            if others is None:
                                index[after.next_rule_id] = [new]
                            else:
                                others.append(new)
            elif token is not None:
                predicate = item.next_term
                # a predicted item is one ``token`` can start (``first_items``: its first
                # term is this predicate, and the token satisfies it), no call needed
                if state[2] is None or predicate(token):
                    # a fresh child: its key is new to the next column, no check needed
                    after = item.after
                    new = (after, state[1], state, (predicate, token))
                    columns[i + 1].append(new)
                    if after.next_rule_id is not None:
                        others = indexes[i + 1].get(after.next_rule_id)
                        if others is None:
                            indexes[i + 1][after.next_rule_id] = [new]
                        else:
                            others.append(new)
    return columns


def _leaf(child: tuple[Any, Any]) -> Leaf:
    predicate, token = child
    return Leaf(predicate, predicate.constrain(token))


def pruned(state: _State) -> Any:
    """``earley._pruned`` of a tuple state: its tree with the nodes that matched no token
    dropped (None if it matched none)."""
    children, first = [], state
    while first[2] is not None:
        child = first[3]
        if len(child) == 2:
            children.append(_leaf(child))
        else:
            child = pruned(child)
            if child is not None:
                children.append(child)
        first = first[2]
    if not children:
        return None
    children.reverse()
    item = first[0]
    return Node(item.rule, item.production, item.rank, children)


def node(state: _State, built: dict[int, Node]) -> Node:
    """``_State.node`` of a tuple state: its rule over the children its dot has passed;
    ``built`` keeps each state's node (by id), so rival trees share their subtrees as
    yargy's do (its tree order skips children that are the same object)."""
    found = built.get(id(state))
    if found is not None:
        return found
    children, first = [], state
    while first[2] is not None:
        child = first[3]
        children.append(_leaf(child) if len(child) == 2 else node(child, built))
        first = first[2]
    children.reverse()
    item = first[0]
    out = built[id(state)] = Node(item.rule, item.production, item.rank, children)
    return out


def first_tree(states: list[_State], stop: int, built: dict[int, Node]) -> Tree:
    """The tree yargy's sort puts first among the candidates of one range ending at ``stop``."""
    trees = [Tree(node(state, built), (state[1], stop)) for state in states]
    return trees[0] if len(trees) == 1 else sorted(trees)[0]


def chosen(columns: list[list[_State]], root: Any) -> list[tuple[tuple[int, int], list[_State]]]:
    """The ranges yargy keeps (the widest non-overlapping ones), each with its completed
    root states in chart order (``findall_from_chart``'s choice)."""
    by_range: dict[tuple[int, int], list[_State]] = {}
    for stop, states in enumerate(columns):
        for state in states:
            item = state[0]
            if item.completed and item.rule is root:
                span = state[1], stop
                if span in by_range:
                    by_range[span].append(state)
                else:
                    by_range[span] = [state]
    spans = sorted(by_range, key=lambda span: (span[0], -span[1]))
    return [(span, by_range[span]) for span in resolve_spans(spans)]


def _kept(state: _State, out: list[Any], tokens: list[Any]) -> None:
    """``facts._kept`` of ``pruned(state)`` straight from the states: a scanned token, or
    the result of an interpreted child that matched a token, or what a plain child keeps;
    every token is also added to ``tokens``."""
    children = []  # the children the dot has passed, last first
    while state[2] is not None:
        children.append(state[3])
        state = state[2]
    for child in reversed(children):
        if len(child) == 2:
            out.append(child[1])
            tokens.append(child[1])
            continue
        if child[2] is None:  # an empty production (completed at its first dot): no token
            continue
        interpretator = child[0].interpretator
        if interpretator is None:
            _kept(child, out, tokens)
            continue
        before = len(tokens)
        kept: list[Any] = []
        _kept(child, kept, tokens)
        if len(tokens) > before:  # a child that matched no token is pruned
            out.append(facts.interpret(interpretator, kept))


def chosen_roots(roots: list[tuple[_State, int]]) -> list[list[_State]]:
    """``chosen`` from the completed root states ``chart`` recorded: the candidates of each
    range yargy keeps, without a pass over every state of the chart."""
    by_range: dict[tuple[int, int], list[_State]] = {}
    for state, stop in roots:
        span = state[1], stop
        if span in by_range:
            by_range[span].append(state)
        else:
            by_range[span] = [state]
    spans = sorted(by_range, key=lambda span: (span[0], -span[1]))
    return [by_range[span] for span in resolve_spans(spans)]


def _children(state: _State) -> list[Any]:
    """The children ``state``'s dot has passed, in order."""
    children = []
    while state[2] is not None:
        children.append(state[3])
        state = state[2]
    children.reverse()
    return children


def _less(a: _State, b: _State) -> bool:
    """yargy's ``Node.__lt__`` on the nodes of two states of one rule (``node``): the
    lower rank first; on equal ranks the first child node (leaves and shared children
    skipped) whose ranks differ decides, or the comparison of the first pair of equal rank."""
    if a is b:
        return False
    if a[0].rank != b[0].rank:
        return a[0].rank < b[0].rank
    for x, y in zip(_children(a), _children(b)):
        if len(x) == 2 or x is y:
            continue
        if x[0].rank != y[0].rank:
            return x[0].rank < y[0].rank
        return _less(x, y)
    return False


class _Rival:
    """A candidate state ordered as yargy orders its tree (all of one range)."""

    __slots__ = ("state",)

    def __init__(self, state: _State) -> None:
        self.state = state

    def __lt__(self, other: _Rival) -> bool:
        return _less(self.state, other.state)


def first_state(states: list[_State]) -> _State:
    """The candidate whose tree ``first_tree`` gives: yargy's sort (the same comparisons,
    made by the same sort) over the states instead of their trees."""
    return states[0] if len(states) == 1 else sorted(map(_Rival, states))[0].state


def state_fact(state: _State) -> tuple[int, int, Any] | None:
    """The start and stop offsets and the fact of the match ``state`` completes (as
    ``_Match(Tree(pruned(state), ...))``'s span and ``fact_of``), None if it matched no
    token.  A fact reads only its tokens' values and spans, which a predicate's
    ``constrain`` keeps: the tokens are used as scanned."""
    interpretator = state[0].rule.interpretator
    if interpretator is None:
        raise ValueError("no .interpretation(...) for root rule")
    kept: list[Any] = []
    tokens: list[Any] = []
    _kept(state, kept, tokens)
    if not tokens:
        return None
    fact = facts.normalized(facts.interpret(interpretator, kept))
    return tokens[0].span.start, tokens[-1].span.stop, fact
