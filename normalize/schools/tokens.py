"""Morphology and the tokenizer of the school grammar (a window's tokens read in one loop)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from pymorphy2.analyzer import Parse as _PymorphyParse
from yargy.morph import Form, Grams, MorphAnalyzer
from yargy.span import Span
from yargy.token import MorphToken, Token
from yargy.tokenizer import RULES, MorphTokenizer, TokenRule

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


def _morph_tokens(tokenizer: MorphTokenizer, text: str) -> list[Any]:
    """``list(tokenizer(text))`` for a tokenizer over ``_SharedMorph`` in one loop: the same
    tokens (a Russian word's forms from ``_forms``), without yargy's three nested generators
    and the plain token each Russian word was built as before its morphed copy."""
    regexp, mapping, tokens = tokenizer.regexp, tokenizer.mapping, []
    for match in regexp.finditer(text):
        kind = mapping[match.lastgroup]
        start, stop = match.span()
        if kind == "RU":
            value = match.group(0)
            tokens.append(MorphToken(value, Span(start, stop), kind, _forms(value)))
        else:
            tokens.append(Token(match.group(0), Span(start, stop), kind))
    return tokens


def _morph_token_stream(tokenizer: MorphTokenizer, text: str, first: int) -> Iterator[Any]:
    """``_morph_tokens(tokenizer, text)`` from the first token starting at ``first`` or
    later, one at a time: the text is still tokenized from its start (a token may span
    ``first``), but the tokens before are not built and those after the reader stops are
    not read (``fastchart.chart``'s ``last``)."""
    regexp, mapping = tokenizer.regexp, tokenizer.mapping
    for match in regexp.finditer(text):
        start, stop = match.span()
        if start < first:
            continue
        kind = mapping[match.lastgroup]
        if kind == "RU":
            value = match.group(0)
            yield MorphToken(value, Span(start, stop), kind, _forms(value))
        else:
            yield Token(match.group(0), Span(start, stop), kind)
