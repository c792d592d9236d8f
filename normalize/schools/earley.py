"""The triggered Earley parser (yargy's, starting only at chosen tokens); morphology and the
tokenizer are in ``tokens.py``."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable

from yargy import Parser
from yargy.parser import Chart, Column, Match, prepare_match, prepare_trees
from yargy.rule.bnf import BNFRule
from yargy.span import resolve_spans
from yargy.tagger import PassTagger
from yargy.token import get_tokens_span
from yargy.interpretation.interpretator import InterpretatorInput
from yargy.pipelines import PipelineProduction
from yargy.tokenizer import MorphTokenizer
from yargy.tree.constructors import Leaf, Node, Tree

from normalize.schools import facts, fastchart
from normalize.schools.tokens import (  # noqa: F401  (_tokenizer: imported from here too)
    _SharedMorph,
    _morph_token_stream,
    _morph_tokens,
    _tokenizer,
)


def _reachable_rules(root: Any) -> list[BNFRule]:
    """Every BNF rule the grammar ``root`` reaches."""
    seen: dict[int, BNFRule] = {}
    todo = [root]
    while todo:
        rule = todo.pop()
        if isinstance(rule, BNFRule) and id(rule) not in seen:
            seen[id(rule)] = rule
            todo.extend(t for p in rule.productions for t in p.terms)
    return list(seen.values())


# What a production is, looked up once: its (rule id, production id) and, for each dot
# position, the term after the dot and that term's rule id (None past the end or for a
# token predicate).
_Steps = tuple[tuple[int, int], tuple[tuple[Any, int | None], ...]]


# What predicting a rule adds before a token: (rank, production, steps, key in a column,
# whether the production is empty) for each production the token can start.
_Startable = tuple[tuple[int, Any, _Steps, tuple[int, int, int], bool], ...]


def _steps(rule: Any, production: Any) -> _Steps:
    """The lookup-ready form of ``production`` of ``rule``."""
    after = tuple((t, id(t) if isinstance(t, BNFRule) else None) for t in production.terms)
    return (id(rule), id(production)), (*after, (None, None))


def _without_empty(node: Any) -> Any:
    """yargy's ``Tree.normalized`` (PropogateEmptyTransformator) as one plain recursion:
    nodes that matched no token dropped."""
    if isinstance(node, Leaf):
        return node
    children = list(filter(None, [_without_empty(child) for child in node.children]))
    return Node(node.rule, node.production, node.rank, children) if children else None


def _pruned(state: _State) -> Any:
    """``_without_empty(state.node)`` built straight from the states: the tree of ``state``
    with the nodes that matched no token dropped (None if it matched none)."""
    children, first = [], state
    while first.previous is not None:
        child = first.child
        if isinstance(child, _State):
            child = _pruned(child)
            if child is not None:
                children.append(child)
        else:
            children.append(child)
        first = first.previous
    if not children:
        return None
    children.reverse()
    return Node(state.rule, state.production, first.rank, children)


def _kept_values(node: Any, out: list[Any]) -> list[Any]:
    """``out`` with what interpretation sees of ``node``'s children added in order: a leaf's
    token, an interpreted node's value, looking through the rules that have no interpretation."""
    for child in node.children:
        if isinstance(child, Leaf):
            out.append(child.token)
        elif child.interpretator:
            out.append(_interpreted(child))
        else:
            _kept_values(child, out)
    return out


def _interpreted(node: Any) -> Any:
    """yargy's ``Tree.interpret`` (keep the interpreted nodes, then interpret them bottom-up)
    as one plain recursion."""
    values = InterpretatorInput(_kept_values(node, []))
    if isinstance(node.production, PipelineProduction):
        values.key = node.production.value
    return node.interpretator(values)


def _leaf_tokens(node: Any, out: list[Any]) -> list[Any]:
    """``out`` with the tokens of ``node``'s leaves added left to right (the order of
    ``Tree.walk(types=Leaf)``)."""
    for child in node.children:
        if isinstance(child, Leaf):
            out.append(child.token)
        else:
            _leaf_tokens(child, out)
    return out


class _Match(Match):
    """yargy's match, its tokens gathered and its fact interpreted by plain recursions."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.tokens = _leaf_tokens(tree.root, [])
        self.span = get_tokens_span(self.tokens)

    @property
    def fact(self) -> Any:
        """The match's fact, normalized (as ``Match.fact``)."""
        if not self.tree.root.interpretator:
            raise ValueError("no .interpretation(...) for root rule")
        return _interpreted(self.tree.root).normalized


class _State:
    """A parser state (duck-typed as yargy's ``State``, slotted) with what yargy's properties
    recompute at every look set once: whether it is complete, the term after its dot and that
    term's rule id.  A state keeps the state it advanced from and the child it advanced over
    (a leaf or the completed state itself), where yargy copied the children list at every
    step; its tree node is built only when asked for (the chosen matches'), so rejected
    parses build no tree.  Its identity within its column (yargy hashed the ids of all its
    children each time) is the pair (state advanced from, child): a column holds one state
    per key, so the state advanced from stands for the production, dot, start and every
    child before the last; a predicted state's is (rule id, production id, 0)."""

    __slots__ = ("rule", "production", "steps", "dot_index", "start_column", "stop_column",
                 "previous", "child", "rank", "_node", "next_term", "next_rule_id", "completed")

    def __init__(self, rule: Any, production: Any, steps: _Steps, dot_index: int,
                 start_column: Any, stop_column: Any, previous: _State | None, child: Any,
                 rank: int = 0) -> None:
        self.rule, self.production, self.steps, self.dot_index = rule, production, steps, dot_index
        self.start_column, self.stop_column = start_column, stop_column
        self.previous, self.child, self.rank, self._node = previous, child, rank, None
        self.next_term, self.next_rule_id = steps[1][dot_index]
        self.completed = self.next_term is None

    @property
    def range(self) -> tuple[int, int]:
        """The token columns the state spans (as yargy's)."""
        return self.start_column.index, self.stop_column.index

    @property
    def node(self) -> Node:
        """The tree of this state: its rule over the children its dot has passed (built once)."""
        if self._node is None:
            children, state = [], self
            while state.previous is not None:
                child = state.child
                children.append(child.node if isinstance(child, _State) else child)
                state = state.previous
            children.reverse()
            self._node = Node(self.rule, self.production, state.rank, children)
        return self._node

    def advanced(self, column: Any, child: Any) -> _State:
        """This state with its dot moved over ``child`` (a leaf or a completed state)."""
        return _State(self.rule, self.production, self.steps, self.dot_index + 1,
                      self.start_column, column, self, child)


def _advance(column: _Column, state: _State, child: Any) -> None:
    """Add ``state`` with its dot moved over ``child`` to ``column`` unless an equal state
    is there (``_Column.append(state.advanced(...))``, the state built only if new)."""
    key = (id(state), id(child))  # _key_of(new), the state built only if new
    keys = column.keys
    if key in keys:
        return
    new = _State(state.rule, state.production, state.steps, state.dot_index + 1,
                 state.start_column, column, state, child)
    keys.add(key)
    column.states.append(new)
    if new.next_rule_id is not None:
        column.states_index[new.next_rule_id].append(new)


def _key_of(state: _State) -> tuple[int, ...]:
    """The identity of ``state`` within its column (see ``_State``): a predicted state's
    is three long, an advanced state's two, so the two kinds never meet."""
    if state.previous is None:
        return state.steps[0][0], state.steps[0][1], 0
    return id(state.previous), id(state.child)


class _Column(Column):
    """yargy's chart column with its bookkeeping inlined (the same states, in the same order)."""

    def __init__(self, index: int, token: Any) -> None:
        self.index, self.token = index, token
        self.states: list[_State] = []
        self.keys: set[Any] = set()
        self.states_index: defaultdict[int, list[_State]] = defaultdict(list)

    def append(self, state: _State) -> None:
        """Add ``state`` unless an equal one is here; index it by the rule it waits for."""
        key = _key_of(state)
        if key not in self.keys:
            self.keys.add(key)
            self.states.append(state)
            if state.next_rule_id is not None:
                self.states_index[state.next_rule_id].append(state)


class _Chart(Chart):
    """yargy's chart over ``_Column``s."""

    def release(self) -> None:
        """Empty the columns once the matches are built: a column holds its states and each
        state its columns, a cycle only the garbage collector would free (its full passes
        over the process's heap cost more than the parse); the trees keep no state."""
        for column in self.columns:  # the chart is not read again: no call per column
            column.states = column.keys = column.states_index = None  # type: ignore[assignment]

    def __init__(self, tokens: Any) -> None:
        self.tokens = tokens if isinstance(tokens, list) else list(tokens)
        self.columns = [_Column(0, None)]
        self.columns.extend(_Column(index, token) for index, token in enumerate(self.tokens, 1))


def _first_tree(states: list[Any]) -> Tree:
    """The tree yargy's sort puts first among the candidates of one range."""
    if len(states) == 1:
        return Tree(states[0].node, states[0].range)
    return sorted(prepare_trees(states))[0]


class _TriggeredParser(Parser):
    """yargy's Earley parser, starting matches only at chosen tokens.

    ``Parser.findall`` starts a match at every token, which costs a few hundred
    microseconds per token with this grammar; a school mention always starts near a
    trigger (legal form, kind, "общеобразовательн…"), so only tokens there start one.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._first: dict[int, tuple[Any, ...] | None] = {}
        # the rules predicted in the column being read, and the empty state of each rule
        # that matches nothing there (by rule id; emptied at each column)
        self._predicted: set[int] = set()
        self._empty: dict[int, Any] = {}
        self._startable_cache: dict[tuple[Any, Any], dict[int, _Startable]] = {}
        self._root_id = id(self.rule)
        self._has_relations = any(r.relation for r in _reachable_rules(self.rule))
        self._items = fastchart.compile_items(_reachable_rules(self.rule))
        self._items_cache: dict[tuple[Any, Any], dict[int, tuple[Any, ...]]] = {}
        self._plain_facts = facts.interpretable(_reachable_rules(self.rule))
        # yargy's tokenizer and tagger are read in one loop when they are this module's
        self._plain_tokens = (isinstance(self.tagger, PassTagger)
                              and type(self.tokenizer) is MorphTokenizer
                              and type(self.tokenizer.morph) is _SharedMorph)

    def fact_of(self, match: Any) -> Any:
        """``match.fact``, read straight off the tree when the grammar allows (``facts``)."""
        if self._plain_facts and type(match) is _Match:
            return facts.plain_fact(match.tree.root)
        return match.fact

    def tokens(self, text: str) -> list[Any]:
        """``list(self.tagger(self.tokenizer(text)))``, in one loop when that is the same."""
        if self._plain_tokens:
            return _morph_tokens(self.tokenizer, text)
        return list(self.tagger(self.tokenizer(text)))

    def _prepare(self, tree: Any) -> Any:
        """yargy's ``prepare_match``; with no agreement relation in the grammar its checks
        pass and its constraint changes no token, so the match is built straight away."""
        if self._has_relations:
            return prepare_match(tree)
        root = _without_empty(tree.root)
        return _Match(Tree(root, tree.range)) if root is not None else None

    def _nullable(self, rule: Any, seen: frozenset[int] = frozenset()) -> bool:
        """The rule can match no token at all (yargy's BNF keeps some empty productions)."""
        if id(rule) in seen:
            return False
        inner = seen | {id(rule)}
        return any(
            all(isinstance(t, BNFRule) and self._nullable(t, inner) for t in p.terms)
            for p in rule.productions
        )

    def _first_of(self, terms: Any, seen: frozenset[int]) -> tuple[Any, ...] | None:
        """Predicates the first token of ``terms`` must satisfy; None if ``terms`` may be empty."""
        out: list[Any] = []
        for term in terms:
            if not isinstance(term, BNFRule):
                out.append(term)
                return tuple(out)
            if id(term) not in seen:
                for production in term.productions:
                    first = self._first_of(production.terms, seen | {id(term)})
                    if first is None:
                        continue
                    out.extend(first)
            if not self._nullable(term):
                return tuple(out)
        return None

    def _can_start(self, production: Any, token: Any) -> bool:
        """The production may begin with ``token`` (FIRST-set lookahead); at the end of
        the text (``token`` None) only a production that can match nothing may."""
        key = id(production)
        if key not in self._first:
            self._first[key] = self._first_of(production.terms, frozenset())
        first = self._first[key]
        if first is None:
            return True
        if token is None:
            return False
        return any(predicate(token) for predicate in first)

    def _by_token(self, token: Any) -> dict[int, _Startable]:
        """The startable productions found so far for ``token``, by rule id; a token's
        verdicts depend only on its type and text, so they are kept across calls."""
        key = (token.type, token.value) if token is not None else (None, None)
        by_rule = self._startable_cache.get(key)
        if by_rule is None:
            if len(self._startable_cache) > 50_000:
                self._startable_cache.clear()
            by_rule = self._startable_cache[key] = {}
        return by_rule

    def _startable(self, rule: Any, token: Any) -> _Startable:
        """What predicting ``rule`` before ``token`` adds: for each production ``token`` can
        start, its (rank, production, steps, key in a column, whether it is empty)."""
        by_rule = self._by_token(token)
        found = by_rule.get(id(rule))
        if found is None:
            found = by_rule[id(rule)] = tuple(
                (index, production, steps, (*steps[0], 0), steps[1][0][0] is None)
                for index, production in enumerate(rule.productions)
                if self._can_start(production, token)
                for steps in (_steps(rule, production),)
            )
        return found

    def predict(self, column: Any, next_column: Any, rule: Any, rule_id: int,
                by_rule: dict[int, _Startable] | None = None) -> None:
        """Earley prediction, once per rule and column, of the productions the next token
        can start (``by_rule``: ``_by_token`` of the next token, when known); ``column`` is
        the one being read (``chart_from`` empties ``_predicted`` at each column)."""
        key = rule_id
        if key in self._predicted:
            return
        self._predicted.add(key)
        found = by_rule.get(rule_id) if by_rule is not None else None
        if found is None:
            found = self._startable(rule, next_column.token if next_column is not None else None)
        keys = column.keys
        for index, production, steps, state_key, empty in found:
            if state_key in keys:  # column.append, inlined: built only if new
                if empty:
                    self._empty[key] = _State(rule, production, steps, 0, column, column,
                                              None, None, index)
                continue
            state = _State(rule, production, steps, 0, column, column, None, None, index)
            if empty:  # an empty production
                self._empty[key] = state
            keys.add(state_key)
            column.states.append(state)
            if state.next_rule_id is not None:
                column.states_index[state.next_rule_id].append(state)

    def scan(self, column: Any, predicate: Any, state: Any) -> None:
        """Earley scan (as yargy's)."""
        token = column.token
        if predicate(token):
            _advance(column, state, Leaf(predicate, predicate.constrain(token)))

    def complete(self, column: Any, completed: Any) -> None:
        """Earley completion (as yargy's)."""
        waiting = completed.start_column.states_index.get(completed.steps[0][0])
        if waiting:
            for state in waiting:
                _advance(column, state, completed)

    def findall_from(self, text: str, starts: Callable[[Any], bool]) -> list[Any]:
        """Non-overlapping matches that start at a token for which ``starts`` is true."""
        if not self._has_relations:
            return self._findall_items(text, starts)
        return self.findall_from_chart(text, starts)

    def _item_startable(self, token: Any) -> dict[int, tuple[Any, ...]]:
        """``_by_token`` for ``fastchart``: the items each rule's prediction adds before
        ``token``, by rule id, kept across calls (a token's verdicts depend only on its type
        and text)."""
        key = (token.type, token.value) if token is not None else (None, None)
        by_rule = self._items_cache.get(key)
        if by_rule is None:
            if len(self._items_cache) > 50_000:
                self._items_cache.clear()
            by_rule = self._items_cache[key] = {}
        return by_rule

    def _first_items(self, rule_id: int, token: Any) -> tuple[Any, ...]:
        """The dot-0 items of the productions of rule ``rule_id`` that ``token`` can start."""
        return tuple(item for item in self._items[rule_id]
                     if self._can_start(item.production, token))

    def _findall_items(self, text: str, starts: Callable[[Any], bool]) -> list[Any]:
        """``findall_from_chart`` over ``fastchart``'s tuple states: the same candidates in
        the same order, the same choice, the same matches."""
        columns = fastchart.chart(self.tokens(text), starts, self._root_id,
                                  self._item_startable, self._first_items)
        found, built = [], {}
        for span, states in fastchart.chosen(columns, self.rule):
            if len(states) == 1:
                tree = fastchart.pruned(states[0])
                match = _Match(Tree(tree, span)) if tree is not None else None
            else:
                match = self._prepare(fastchart.first_tree(states, span[1], built))
            if match is not None:
                found.append(match)
        return found

    def findall_facts(self, text: str, starts: Callable[[Any], bool]) -> list[tuple[int, int, Any]]:
        """(start offset, stop offset, ``fact_of``) of each match of ``findall_from``, read
        straight off the chart's states: rival candidates ordered by their states as yargy
        orders their trees, the chosen one's fact interpreted from its states (no tree, no
        match)."""
        if self._has_relations or not self._plain_facts:
            return [(m.span.start, m.span.stop, self.fact_of(m)) for m in self.findall_from(text, starts)]
        roots: list[tuple[Any, int]] = []
        fastchart.chart(self.tokens(text), starts, self._root_id, self._item_startable,
                        self._first_items, roots)
        found = []
        for states in fastchart.chosen_roots(roots):
            fact = fastchart.state_fact(fastchart.first_state(states))
            if fact is not None:
                found.append(fact)
        return found

    def findall_facts_at(self, text: str, offsets: set[int] | frozenset[int]) -> list[tuple[int, int, Any]]:
        """``findall_facts`` of the matches that start at a token starting at one of
        ``offsets``: the chart reads only the tokens from the first offset to where its
        states run out past the last (``_morph_token_stream``, ``fastchart.chart``'s ``last``)."""
        def starts(token: Any) -> bool:
            return token.span.start in offsets
        if not offsets or self._has_relations or not self._plain_facts or not self._plain_tokens:
            return self.findall_facts(text, starts) if offsets else []
        roots: list[tuple[Any, int]] = []
        fastchart.chart(_morph_token_stream(self.tokenizer, text, min(offsets)), starts,
                        self._root_id, self._item_startable, self._first_items, roots,
                        max(offsets))
        return [fact for states in fastchart.chosen_roots(roots)
                if (fact := fastchart.state_fact(fastchart.first_state(states))) is not None]

    def findall_from_chart(self, text: str, starts: Callable[[Any], bool]) -> list[Any]:
        """``findall_from`` over ``chart_from``'s chart (the reference for ``fastchart``;
        yargy's own checks when the grammar has relations)."""
        chart = self.chart_from(text, starts)
        # yargy's prepare_resolved_matches interprets every candidate before choosing the
        # widest non-overlapping ones; this grammar has no relations to validate, so choose
        # first and interpret only the chosen (an enumeration has a candidate per prefix).
        # yargy sorts every candidate's tree (by range: start, then the longest; then by
        # tree) and keeps the first of each range: only a range with rival candidates
        # needs their trees
        by_range: dict[tuple[int, int], list[Any]] = {}
        root = self.rule
        for column in chart.columns:  # chart.matches(self.rule), without its generators
            for state in column.states:
                if state.completed and state.rule is root:
                    span = state.start_column.index, state.stop_column.index  # state.range
                    if span in by_range:
                        by_range[span].append(state)
                    else:
                        by_range[span] = [state]
        spans = sorted(by_range, key=lambda span: (span[0], -span[1]))
        found = []
        for span in resolve_spans(spans):
            states = by_range[span]
            if len(states) == 1 and not self._has_relations:  # _prepare(_first_tree(states))
                root = _pruned(states[0])
                match = _Match(Tree(root, span)) if root is not None else None
            else:
                match = self._prepare(_first_tree(states))
            if match is not None:
                found.append(match)
        chart.release()
        self._empty.clear()
        return found

    def chart_from(self, text: str, starts: Callable[[Any], bool]) -> _Chart:
        """The Earley chart of ``text``, matches started only at tokens ``starts`` accepts."""
        self._predicted.clear()
        self._empty.clear()
        chart = _Chart(self.tokens(text))
        # predict, complete and scan of the methods above, inlined (the same steps in the
        # same order: a call each cost as much as the work)
        predict, predicted, empty_at, advance = self.predict, self._predicted, self._empty.get, _advance
        by_token = self._by_token
        for column, next_column in chart:
            predicted.clear()
            self._empty.clear()
            token = next_column.token if next_column is not None else None
            by_rule = by_token(token)
            if next_column is not None and starts(token):
                predict(column, next_column, self.rule, self._root_id, by_rule)
            for state in column.states:
                if state.completed:
                    waiting = state.start_column.states_index.get(state.steps[0][0])
                    if waiting:  # _advance(column, parent, state) for each, inlined
                        keys, states, index = column.keys, column.states, column.states_index
                        for parent in waiting:
                            key = (id(parent), id(state))
                            if key in keys:
                                continue
                            new = _State(parent.rule, parent.production, parent.steps,
                                         parent.dot_index + 1, parent.start_column, column,
                                         parent, state)
                            keys.add(key)
                            states.append(new)
                            if new.next_rule_id is not None:
                                index[new.next_rule_id].append(new)
                    continue
                rule_id = state.next_rule_id
                if rule_id is not None:
                    if rule_id not in predicted:
                        predict(column, next_column, state.next_term, rule_id, by_rule)
                    # a rule that matches nothing here: step over it now, whatever the
                    # order its empty completion was met in (Aycock & Horspool)
                    empty = empty_at(rule_id)
                    if empty is not None:
                        advance(column, state, empty)
                elif next_column is not None:
                    predicate = state.next_term
                    if predicate(token):
                        advance(next_column, state, Leaf(predicate, predicate.constrain(token)))
        return chart
