"""Morphology, tokenizer and the triggered Earley parser (yargy's, starting only at chosen tokens)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from pymorphy2.analyzer import Parse as _PymorphyParse
from yargy import Parser
from yargy.morph import Form, Grams, MorphAnalyzer
from yargy.parser import Chart, State, prepare_match, prepare_trees
from yargy.rule.bnf import BNFRule
from yargy.span import resolve_spans
from yargy.tokenizer import RULES, MorphTokenizer, TokenRule
from yargy.tree.constructors import Leaf, Node

from normalize import nlp
from normalize.schools.vocabulary import _yo


# --------------------------------------------------------------------------- morphology


def _prepare_form(raw: _PymorphyParse) -> Form:
    return Form(_yo(raw.normal_form), Grams(raw.tag.grammemes), raw=raw)


class _SharedMorph(MorphAnalyzer):
    """yargy's morph interface over the process-wide pymorphy2 analyser of ``normalize.nlp``."""

    def __init__(self) -> None:
        super().__init__(raw=nlp.morph_vocab())

    def __call__(self, word: str) -> list[Form]:
        return _forms(word)


@lru_cache(maxsize=65536)
def _forms(word: str) -> list[Form]:
    return [_prepare_form(p) for p in nlp.morph_vocab().parse(word)]


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    return _yo(nlp.lemma(word))


# Numbers glued to a suffix or another number ("315-р", "02-21/683", "17.08.2021",
# "2021-2024") are document numbers or dates, never a school number: one CODE token.
_CODE_RULE = TokenRule("CODE", r"\d+(?:[-/.][\dA-Za-zА-Яа-яЁё]+)+")


# A quoted name, one level of nesting allowed ("«Центр образования «Перспектива»»"), is one
# QUOTED token: the grammar then treats a name as a single piece.
_QUOTED_RULE = TokenRule(
    "QUOTED",
    r"«[^«»\n]{1,150}?(?:«[^«»\n]{1,100}»[^«»\n]{0,100}?)?»"
    r"|\"[^\"\n]{1,150}\"|“[^“”\n]{1,150}”|„[^„“\n]{1,150}“",
)


@lru_cache(maxsize=1)
def _tokenizer() -> MorphTokenizer:
    return MorphTokenizer(rules=[_CODE_RULE, _QUOTED_RULE, *RULES], morph=_SharedMorph())


class _State(State):
    """A parser state whose hash is computed once, from its parent's, not from all children."""

    def __init__(self, rule: Any, production: Any, dot_index: int, start_column: Any,
                 stop_column: Any, node: Any, children_key: int) -> None:
        # State.__init__'s assignments, inlined: states are the parser's inner loop
        self.rule, self.production, self.dot_index = rule, production, dot_index
        self.start_column, self.stop_column, self.node = start_column, stop_column, node
        self.children_key = children_key
        self._hash = hash((id(rule), id(production), dot_index, start_column.index,
                           stop_column.index, children_key))

    def __hash__(self) -> int:
        return self._hash

    def advanced(self, column: Any, child: Any) -> _State:
        """This state with its dot moved over ``child`` (a leaf or a completed node)."""
        return _State(self.rule, self.production, self.dot_index + 1, self.start_column, column,
                      self.node.attached(child), hash((self.children_key, id(child))))


class _TriggeredParser(Parser):
    """yargy's Earley parser, starting matches only at chosen tokens.

    ``Parser.findall`` starts a match at every token, which costs a few hundred
    microseconds per token with this grammar; a school mention always starts near a
    trigger (legal form, kind, "общеобразовательн…"), so only tokens there start one.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._first: dict[int, tuple[Any, ...] | None] = {}
        self._predicted: set[tuple[int, int]] = set()
        self._empty: dict[tuple[int, int], Any] = {}
        self._startable_cache: dict[tuple[int, Any, Any], tuple[tuple[int, Any], ...]] = {}

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

    def _startable(self, rule: Any, token: Any) -> tuple[tuple[int, Any], ...]:
        """The (rank, production) pairs of ``rule`` that ``token`` can start; a token's
        verdicts depend only on its type and text, so they are kept across calls."""
        key = (id(rule), token.type, token.value) if token is not None else (id(rule), None, None)
        found = self._startable_cache.get(key)
        if found is None:
            if len(self._startable_cache) > 200_000:
                self._startable_cache.clear()
            found = tuple(
                (index, production)
                for index, production in enumerate(rule.productions)
                if self._can_start(production, token)
            )
            self._startable_cache[key] = found
        return found

    def predict(self, column: Any, next_column: Any, rule: Any) -> None:
        """Earley prediction, once per rule and column, of the productions the next token can start."""
        key = (column.index, id(rule))
        if key in self._predicted:
            return
        self._predicted.add(key)
        token = next_column.token if next_column is not None else None
        for index, production in self._startable(rule, token):
            node = Node(rule, production, rank=index, children=[])
            if not production.terms:
                self._empty[key] = node
            column.append(_State(rule, production, 0, column, column, node, 0))

    def scan(self, column: Any, predicate: Any, state: Any) -> None:
        """Earley scan (as yargy's, with incremental state hashes)."""
        token = column.token
        if predicate(token):
            column.append(state.advanced(column, Leaf(predicate, predicate.constrain(token))))

    def complete(self, column: Any, completed: Any) -> None:
        """Earley completion (as yargy's, with incremental state hashes)."""
        for state in completed.parents:
            column.append(state.advanced(column, completed.node))

    def findall_from(self, text: str, starts: Callable[[Any], bool]) -> list[Any]:
        """Non-overlapping matches that start at a token for which ``starts`` is true."""
        self._predicted.clear()
        self._empty.clear()
        chart = Chart(self.tagger(self.tokenizer(text)))
        for column, next_column in chart:
            if next_column is not None and starts(next_column.token):
                self.predict(column, next_column, self.rule)
            for state in column:
                if state.completed:
                    self.complete(column, state)
                else:
                    next_term = state.next_term
                    if isinstance(next_term, BNFRule):
                        self.predict(column, next_column, next_term)
                        # a rule that matches nothing here: step over it now, whatever the
                        # order its empty completion was met in (Aycock & Horspool)
                        empty = self._empty.get((column.index, id(next_term)))
                        if empty is not None:
                            column.append(state.advanced(column, empty))
                    elif next_column:
                        self.scan(next_column, next_term, state)
        # yargy's prepare_resolved_matches interprets every candidate before choosing the
        # widest non-overlapping ones; this grammar has no relations to validate, so choose
        # first and interpret only the chosen (an enumeration has a candidate per prefix).
        spans, first = [], {}
        for tree in sorted(prepare_trees(chart.matches(self.rule))):
            if tree.range not in first:
                first[tree.range] = tree
                spans.append(tree.range)
        chosen = (prepare_match(first[span]) for span in resolve_spans(spans))
        return [match for match in chosen if match is not None]
