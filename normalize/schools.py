"""Specific schools an order names, in the gold README's canonical form.

A yargy grammar assembled from small named pieces (legal form, kind, number, «name»,
honorific, locality; vocabulary in ``normalize/data/schools.toml``) finds school mentions
and enumerations ("МБОУ СОШ № 3, 8, лицей № 2, «Радуга»" → four schools sharing
the legal form).  Each match is then put in canonical form: the kind in the nominative
("гимназией" → "гимназия"), an adjective name agreeing with the kind ("Заозерной СОШ" →
"Заозерная СОШ"), the legal form's full spelling abbreviated ("Муниципальное бюджетное
общеобразовательное учреждение" → "МБОУ"), a locality in the nominative ("г. Липецка"
→ "г. Липецк", confirmed by pymorphy2's Geox tag or natasha's NER).  Latin look-alike
letters are read as Cyrillic first ("MAOU" → "МАОУ").

The grammar and tokenizer are built once per process on first use (not thread-safe: one
parser per process).  Speed: the parser runs only on stretches of a line around a trigger
(a legal form or kind abbreviation, a kind word, "муниципальное … общеобразовательное"),
so most table cells cost one regex search; it starts matches only at those triggers, its
prediction looks one token ahead (FIRST sets), and a window's result is cached, so the
document pass over cells already read for their rows costs nothing more.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from pymorphy2.analyzer import Parse as _PymorphyParse
from yargy import Parser, and_, not_, or_, rule
from yargy.parser import Chart, State, prepare_match, prepare_trees
from yargy.tree.constructors import Leaf, Node
from yargy.span import resolve_spans
from yargy.rule.bnf import BNFRule
from yargy.interpretation import attribute, fact
from yargy.morph import Form, Grams, MorphAnalyzer
from yargy.predicates import (
    caseless,
    dictionary,
    eq,
    gram,
    in_,
    in_caseless,
    is_capitalized,
    is_upper,
    length_eq,
    type as token_type,
)
from yargy.tokenizer import RULES, MorphTokenizer, TokenRule

from normalize import nlp
from normalize.records import School

__all__ = ["SchoolVocabulary", "KindSpec", "load_school_vocabulary", "cyrillize", "find_schools"]

_DATA = "schools.toml"
_LEFT_QUOTES = ("«", "„", '"', "“")
_RIGHT_QUOTES = ("»", '"', "”", "“")
_WS = re.compile(r"\s+")
_NUMBER_SIGN = re.compile(r"№\s*(?=\d)")
_LATIN = re.compile(r"[A-Za-z]")
_LATIN_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]*[A-Za-z][A-Za-zА-Яа-яЁё]*")
_RU_PIECE = re.compile(r"[А-Яа-яЁё]+|[-()]")
_MAX_NUMBER_DIGITS = 4
# How far before a trigger a mention may start: an adjective name before "СОШ", the
# qualifiers before "общеобразовательное учреждение" (in characters).
_REACH_BACK = 60
# How far after a trigger a mention may still go on (an enumeration, a long «name»).
_REACH_AHEAD = 300


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of school: canonical spelling, abbreviations, lemma phrases, agreement."""

    canonical: str
    abbreviations: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    gender: str
    standalone: bool
    unquote: bool


@dataclass(frozen=True, slots=True)
class SchoolVocabulary:
    """Everything ``schools.toml`` says, in lookup-ready form."""

    legal_abbreviations: frozenset[str]
    qualifiers: dict[str, str]
    core: dict[str, str]
    nouns: dict[str, str]
    kinds: tuple[KindSpec, ...]
    honorific_openers: tuple[str, ...]
    max_title_words: int
    settlements: dict[str, str]
    districts: dict[str, str]
    district_middles: frozenset[str]
    lookalike: dict[str, str]
    transliteration: dict[str, str]

    @property
    def known_abbreviations(self) -> frozenset[str]:
        """Legal-form and kind abbreviations, upper case."""
        kinds = {a.upper() for k in self.kinds for a in k.abbreviations}
        return self.legal_abbreviations | kinds


def _yo(text: str) -> str:
    """"ё" read as "е" (lemmas and vocabulary are compared without it)."""
    return text.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=1)
def load_school_vocabulary() -> SchoolVocabulary:
    """Read ``normalize/data/schools.toml`` once."""
    raw: dict[str, Any] = tomllib.loads(
        resources.files("normalize.data").joinpath(_DATA).read_text(encoding="utf-8")
    )
    legal = raw["legal_forms"]
    kinds = tuple(
        KindSpec(
            canonical=k["canonical"],
            abbreviations=tuple(k.get("abbreviations", ())),
            phrases=tuple(tuple(_yo(p).split()) for p in k.get("phrases", ())),
            gender=k.get("gender", "femn"),
            standalone=bool(k.get("standalone", False)),
            unquote=bool(k.get("unquote", True)),
        )
        for k in raw["kind"]
    )
    return SchoolVocabulary(
        legal_abbreviations=frozenset(a.upper() for a in legal["abbreviations"]),
        qualifiers={_yo(k): v for k, v in legal["qualifiers"].items()},
        core={_yo(k): v for k, v in legal["core"].items()},
        nouns={_yo(k): v for k, v in legal["nouns"].items()},
        kinds=kinds,
        honorific_openers=tuple(raw["honorific"]["openers"]),
        max_title_words=int(raw["honorific"]["max_title_words"]),
        settlements=dict(raw["locality"]["settlements"]),
        districts={_yo(k): v for k, v in raw["locality"]["districts"].items()},
        district_middles=frozenset(_yo(w) for w in raw["locality"]["district_middles"]),
        lookalike=dict(raw["lookalike"]),
        transliteration=dict(raw["transliteration"]),
    )


# --------------------------------------------------------------------------- look-alikes


def _is_latin(char: str) -> bool:
    return "a" <= char.lower() <= "z"


def _transliterate(word: str, table: dict[str, str]) -> str:
    """Latin → Cyrillic by the longest table key at each position."""
    out, i, upper = [], 0, word.upper()
    longest = max(len(k) for k in table)
    while i < len(upper):
        for size in range(longest, 0, -1):
            piece = upper[i : i + size]
            if piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            out.append(upper[i])
            i += 1
    return "".join(out)


def cyrillize(text: str) -> str:
    """Latin look-alike letters read as Cyrillic ("MAOU СОШ" → "МАОУ СОШ", "CОШ" → "СОШ")."""
    if not _LATIN.search(text):
        return text
    vocab = load_school_vocabulary()
    known = vocab.known_abbreviations

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        looks = "".join(vocab.lookalike.get(c, c) for c in word)
        if not all(_is_latin(c) for c in word):  # mixed scripts: a typing slip
            return looks
        if looks.upper() in known and not any(_is_latin(c) for c in looks):
            return looks.upper()
        spelled = _transliterate(word, vocab.transliteration)
        return spelled if spelled in known else word

    return _LATIN_WORD.sub(fix, text)


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


# --------------------------------------------------------------------------- grammar

Item = fact("Item", ["adjective", "kind", "number", "name", "inner", "honorific", "locality"])
Inner = fact("Inner", ["adjective", "kind", "number", "name", "honorific"])
Group = fact("Group", ["legal", attribute("items").repeatable()])


def _phrase_rule(lemmas: tuple[str, ...]) -> Any:
    """A kind phrase as a rule: each lemma by its normal form, punctuation literally."""
    parts = [eq(p) if not p.isalpha() else dictionary({p}) for p in lemmas]
    return rule(*parts)


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


@dataclass(frozen=True, slots=True)
class _Grammar:
    parser: _TriggeredParser
    trigger: re.Pattern[str]


def _build_grammar(v: SchoolVocabulary) -> _Grammar:
    """The yargy grammar of school mentions, from the vocabulary's pieces."""
    lq, rq = in_(set(_LEFT_QUOTES)), in_(set(_RIGHT_QUOTES))
    word_ru = token_type("RU")
    cap_word = and_(word_ru, is_capitalized())

    # legal form: abbreviation, or qualifiers + "общеобразовательное" + "учреждение"
    legal_abbr = in_caseless({a.lower() for a in v.legal_abbreviations})
    legal_full = rule(
        dictionary(set(v.qualifiers)).repeatable(max=4),
        dictionary(set(v.core)),
        dictionary(set(v.nouns)),
    )
    legal = or_(rule(legal_abbr), legal_full).interpretation(Group.legal)

    # kind of school
    def kind_rule(kinds: list[KindSpec]) -> Any:
        alts = [_phrase_rule(p) for k in kinds for p in k.phrases]
        abbrs = {a.lower() for k in kinds for a in k.abbreviations}
        if abbrs:
            alts.append(rule(in_caseless(abbrs)))
        return or_(*alts)

    first_words = {p[0] for k in v.kinds for p in k.phrases if len(p) > 1}
    adjective = rule(and_(gram("ADJF"), is_capitalized(), not_(dictionary(first_words))))
    number = rule(rule(eq("№"), eq("№").optional()).optional(), token_type("INT"))  # "№№ 4, 5"

    # «name»: one QUOTED token (see _QUOTED_RULE), so names cost the parser nothing
    name = rule(token_type("QUOTED"))

    # honorific: "им. А.К. Ерохина", "имени Героя Советского Союза Н.А. Кузнецова"
    opener = or_(*[rule(caseless(o), eq(".").optional()) for o in v.honorific_openers])
    initial = rule(and_(word_ru, length_eq(1), is_upper()), eq("."))
    initials = rule(initial, initial.optional())
    surname = rule(cap_word, rule(eq("-"), cap_word).optional())
    title = and_(word_ru, not_(length_eq(1)))
    honorific = or_(
        rule(opener, title.repeatable(max=v.max_title_words).optional(), initials, surname),
        rule(opener, surname, initials.optional()),
    )

    # locality: "г. Липецка", "с. Покровка", "Ижморского района"
    dotted = {s for s in v.settlements if len(s) <= 3}
    spelled = {s for s in v.settlements if len(s) > 3}
    place = rule(cap_word, rule(eq("-"), word_ru).repeatable().optional())
    locality = or_(
        rule(in_caseless(dotted), eq("."), place),
        rule(in_caseless(spelled), place),
        rule(
            and_(gram("ADJF"), is_capitalized()),
            dictionary(set(v.district_middles)).optional(),
            dictionary(set(v.districts)),
        ),
    )

    any_kind = kind_rule(list(v.kinds))
    unquote_kind = kind_rule([k for k in v.kinds if k.unquote])

    adj_i = adjective.interpretation(Item.adjective)
    kind_i = any_kind.interpretation(Item.kind)
    num_i = number.interpretation(Item.number)
    name_i = name.interpretation(Item.name)
    hon_i = honorific.interpretation(Item.honorific)
    loc_i = locality.interpretation(Item.locality)

    # [Заречной] СОШ [№ 16] [«Радуга»] [им. …] [г. …]  (a bare kind is dropped later)
    kind_item = rule(
        adj_i.optional(), kind_i, num_i.optional(), name_i.optional(), hon_i.optional(),
        loc_i.optional(),
    ).interpretation(Item)

    # «Средняя общеобразовательная школа №5 «Радуга»» → СОШ № 5 «Радуга»
    inner = rule(
        adjective.interpretation(Inner.adjective).optional(),
        unquote_kind.interpretation(Inner.kind),
        number.interpretation(Inner.number),
        name.interpretation(Inner.name).optional(),
        honorific.interpretation(Inner.honorific).optional(),
    ).interpretation(Inner)
    # the closing quote is often missing: «Средняя … школа №5 «Радуга» г. Липецка
    quoted_kind = rule(
        lq, inner.interpretation(Item.inner), rule(rq).optional(), loc_i.optional()
    ).interpretation(Item)
    named = rule(name_i, hon_i.optional(), loc_i.optional()).interpretation(Item)
    bare_number = rule(num_i, hon_i.optional()).interpretation(Item)

    separator = or_(rule(eq(",")), rule(eq(";")), rule(caseless("и")), rule(eq(","), caseless("и")))
    continuation = or_(kind_item, quoted_kind, named, bare_number)
    more = rule(separator, continuation.interpretation(Group.items)).repeatable().optional()
    first = or_(kind_item, quoted_kind, named).interpretation(Group.items)
    with_legal = rule(legal, first, more)
    without_legal = rule(kind_item.interpretation(Group.items), more)
    root = or_(with_legal, without_legal).interpretation(Group)

    def alternation(items: set[str]) -> str:
        return "|".join(sorted(map(re.escape, items), key=len, reverse=True))

    # a kind that may stand without a legal form, spelled out: "гимнази…", "лице…",
    # "средн… общеобразовательн… школ…"
    kind_words = {
        r"[а-яё]*\s+".join(re.escape(_stem(w)) for w in p if w.isalpha())
        for k in v.kinds if k.standalone for p in k.phrases
    }
    trigger = re.compile(
        rf"(?<![А-Яа-яЁё])(?:(?P<legal>{alternation({a.lower() for a in v.legal_abbreviations})})"
        rf"|(?P<kind>{alternation({a.lower() for k in v.kinds for a in k.abbreviations})})"
        rf")(?![А-Яа-яЁё])"
        rf"|(?<![А-Яа-яЁё])(?:(?P<word>{'|'.join(sorted(kind_words, key=len, reverse=True))})"
        rf"|(?P<core>(?:{alternation({_stem(w) for w in v.qualifiers})})[а-яё]*\s+"
        rf"(?:[а-яё]+\s+){{0,3}}(?:{alternation({_stem(w) for w in v.core})})))",
        re.IGNORECASE,
    )
    return _Grammar(_TriggeredParser(root, tokenizer=_tokenizer()), trigger)


def _stem(lemma: str) -> str:
    """A lemma without its ending, for the cheap trigger search ("общеобразовательный" → "общеобразовательн")."""
    return lemma[: max(4, len(lemma) - 2)]


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _build_grammar(load_school_vocabulary())


# --------------------------------------------------------------------------- canonical form


def _fold(text: str | None) -> str | None:
    return _WS.sub(" ", text).strip() if text else None


def _words(text: str) -> list[str]:
    return _RU_PIECE.findall(_yo(text))


@lru_cache(maxsize=1)
def _kind_index() -> dict[tuple[str, ...], KindSpec]:
    index: dict[tuple[str, ...], KindSpec] = {}
    for k in load_school_vocabulary().kinds:
        for phrase in k.phrases:
            index[tuple(p for p in phrase if p not in "()")] = k
        for abbr in k.abbreviations:
            index[(abbr.upper(),)] = k
    return index


def _normal_forms(word: str) -> frozenset[str]:
    """Every normal form pymorphy2 offers for ``word`` ("Основная" → основный, основной)."""
    if word == "-":
        return frozenset({"-"})
    return frozenset(f.normalized for f in _forms(word)) | {_yo(word.lower())}


def _phrase_kind(pieces: list[str]) -> KindSpec | None:
    """The kind whose lemma phrase these words spell, in any case."""
    forms = [_normal_forms(p) for p in pieces]
    for phrase, kind in _kind_index().items():
        if len(phrase) == len(pieces) and all(lem in f for lem, f in zip(phrase, forms)):
            return kind
    return None


def _kind(raw: str | None) -> KindSpec | None:
    """The kind a printed kind phrase names ("средней общеобразовательной школы" → СОШ)."""
    if not raw:
        return None
    pieces = [p for p in _words(raw) if p not in "()"]
    index = _kind_index()
    if len(pieces) == 1 and (pieces[0].upper(),) in index:
        return index[(pieces[0].upper(),)]
    return _phrase_kind(pieces)


def _kind_in_name(name: str) -> KindSpec | None:
    """The kind a quoted name contains ("Покровская СОШ" → СОШ), if any."""
    pieces = [p for p in _words(name) if p not in "()"]
    index = _kind_index()
    for size in (4, 3, 2, 1):
        for i in range(len(pieces) - size + 1):
            chunk = pieces[i : i + size]
            if size == 1 and chunk[0].isupper() and (chunk[0],) in index:
                return index[(chunk[0],)]
            kind = _phrase_kind(chunk)
            if kind is not None and (size > 1 or kind.standalone):
                return kind
    return None


def _legal(raw: str | None) -> str | None:
    """A legal form's abbreviation ("муниципального бюджетного … учреждения" → "МБОУ")."""
    if not raw:
        return None
    raw = _fold(raw) or ""
    if " " not in raw:
        return raw.upper()
    v = load_school_vocabulary()
    letters = []
    for word in _words(raw):
        lemma = _lemma(word)
        letters.append(v.qualifiers.get(lemma) or v.core.get(lemma) or v.nouns.get(lemma) or "")
    return "".join(letters)


def _inflect(word: str, grams: set[str]) -> str:
    """``word`` put in the given grammemes, case pattern and "е"-for-"ё" kept as printed."""
    parses = nlp.morph_vocab().parse(word)
    for parse in parses:
        form = _PymorphyParse.inflect(parse, grams)
        if form is not None:
            out = form.word
            if "ё" not in word.lower():
                out = _yo(out)
            return _match_case(out, word)
    return word


def _match_case(word: str, model: str) -> str:
    """Give ``word`` the capitalisation of ``model`` (per hyphen-separated part)."""
    parts, models = word.split("-"), model.split("-")
    out = []
    for i, part in enumerate(parts):
        m = models[i] if i < len(models) else models[-1]
        if m.isupper() and len(m) > 1:
            out.append(part.upper())
        elif m[:1].isupper():
            out.append(part[:1].upper() + part[1:])
        else:
            out.append(part)
    return "-".join(out)


def _adjective(raw: str | None, kind: KindSpec | None) -> str | None:
    """An adjective name in the nominative, agreeing with the kind ("Заозерной" → "Заозерная")."""
    if not raw:
        return None
    gender = kind.gender if kind else "femn"
    return _inflect(raw.strip(), {"nomn", "sing", gender})


def _number(raw: str | None) -> str | None:
    if not raw:
        return None
    digits = re.sub(r"\D", "", raw)
    return digits if 0 < len(digits) <= _MAX_NUMBER_DIGITS else None


def _name(raw: str | None) -> str | None:
    """A quoted name without its outer quotes, "№13" spaced as "№ 13"."""
    text = _fold(raw)
    if not text:
        return None
    if text[0] in _LEFT_QUOTES:
        text = text[1:]
        # a closing guillemet may belong to a nested name; any other closing quote is ours
        if text and (text[-1] == "»" and _balance(text) < 0 or text[-1] in _RIGHT_QUOTES[1:]):
            text = text[:-1]
    text = _NUMBER_SIGN.sub("№ ", text).strip()
    return text or None


def _balance(text: str) -> int:
    """Opening minus closing guillemets."""
    return text.count("«") - text.count("»")


def _quoted(name: str) -> str:
    """A name in «», closing any guillemet the order left open."""
    closing = "»" * max(_balance(name), 0)
    return f"«{name}{closing}»"


@lru_cache(maxsize=4096)
def _place_nominative(words: str) -> str | None:
    """A settlement name in the nominative if pymorphy2 (Geox) or natasha's NER knows it as a place."""
    parses = nlp.morph_vocab().parse(words)
    for parse in parses:
        if "Geox" in parse.tag.grammemes:
            form = _PymorphyParse.inflect(parse, {"nomn"})
            if form is not None:
                out = form.word if "ё" in words.lower() else _yo(form.word)
                return _match_case(out, words)
    doc = nlp.analyse(words, ner=True)
    for span in doc.spans:
        if span.type == "LOC":
            span.normalize(nlp.morph_vocab())
            return span.normal
    return None


def _locality(raw: str | None) -> str | None:
    """A locality in canonical form ("г. Липецка" → "г. Липецк"), or None if unconfirmed."""
    text = _fold(raw)
    if not text:
        return None
    v = load_school_vocabulary()
    head = re.match(r"([А-Яа-яЁё]+)\s*\.?\s*(.+)", text)
    if head and head.group(1).lower() in v.settlements:
        place = _place_nominative(head.group(2))
        return f"{v.settlements[head.group(1).lower()]} {place}" if place else None
    parts = text.split()
    if 2 <= len(parts) <= 3 and _lemma(parts[-1]) in v.districts:
        # "Ижморского муниципального округа" → "Ижморский муниципальный округ", if
        # natasha's NER takes it for a place
        doc = nlp.analyse(text, ner=True)
        if any(s.type == "LOC" for s in doc.spans):
            words = [_inflect(w, {"nomn", "sing", "masc"}) for w in parts[:-1]]
            return " ".join([*words, v.districts[_lemma(parts[-1])]])
    return None


def _canonical(
    legal: str | None,
    kind: KindSpec | None,
    adjective: str | None,
    number: str | None,
    name: str | None,
    honorific: str | None,
    locality: str | None,
) -> str:
    parts: list[str] = [legal] if legal else []
    if kind is not None and (number or adjective or not name):
        if adjective:
            parts.append(adjective)
        parts.append(kind.canonical)
        if number:
            parts.append(f"№ {number}")
        if name:
            parts.append(_quoted(name))
    elif name:
        parts.append(_quoted(name))
    if honorific:
        parts.append(honorific)
    text = " ".join(parts)
    return f"{text}, {locality}" if locality else text


# --------------------------------------------------------------------------- matches → schools


@dataclass(frozen=True, slots=True)
class _Parts:
    """The printed pieces of one school mention, before normalisation."""

    adjective: str | None
    kind: str | None
    number: str | None
    name: str | None
    honorific: str | None


def _parts(fact_item: Any) -> _Parts:
    source = fact_item.inner or fact_item
    return _Parts(source.adjective, source.kind, source.number, source.name, source.honorific)


def _unquoted(name: str) -> _Parts | None:
    """A quoted full name that is just kind + number ("Гимназия № 5", "Средняя
    общеобразовательная школа № 5 «Радуга»"): its pieces, for the canonical form."""
    parser = _grammar().parser
    for match in parser.findall_from(name, lambda token: token.span.start == 0):
        group = match.fact
        if match.span.start != 0 or match.span.stop < len(name) or group.legal or len(group.items) != 1:
            continue
        item = group.items[0]
        kind = _kind(item.kind)
        if kind is not None and kind.unquote and item.number and not item.locality:
            return _parts(item)
    return None


def _school(fact_item: Any, legal: str | None, carried: KindSpec | None) -> tuple[School | None, KindSpec | None]:
    """One grammar item as a School (None if it is not a specific school), and the kind it carries."""
    parts = _parts(fact_item)
    name = _name(parts.name)
    if name and parts.kind is None:
        parts = _unquoted(name) or parts
        name = _name(parts.name)
    kind = _kind(parts.kind)
    number = _number(parts.number)
    honorific = _fold(parts.honorific)
    if kind is None and not name and number:  # "…, 19" in an enumeration
        kind = carried
    if kind is None and not name:
        return None, carried
    if not (number or name or parts.adjective or fact_item.locality):  # "МАОУ СОШ" alone
        return None, carried
    if legal is None and not (kind is not None and kind.standalone and number):
        return None, carried
    adjective = _adjective(parts.adjective, kind)
    locality = _locality(fact_item.locality)
    canonical = _canonical(legal, kind, adjective, number, name, honorific, locality)
    field_kind, field_number, field_honorific = kind, number, honorific
    if kind is None and name:  # «Центр образования № 13 имени …»: parts from inside the name
        field_kind = _kind_in_name(name)
        inside = re.search(r"№\s*(\d{1,4})", name)
        field_number = inside.group(1) if inside else None
        hon = re.search(r"\b(?:им\.|имени)\s.+$", name)
        field_honorific = hon.group(0) if hon else None
    school = School(
        canonical=canonical,
        legal_form=legal,
        kind=field_kind.canonical if field_kind else None,
        number=field_number,
        name=name or adjective,
        honorific=field_honorific,
        locality=locality,
    )
    return school, kind if number else carried


_PREVIOUS_WORDS = re.compile(r"[А-Яа-яЁёA-Za-z]+")


def _start_filter(text: str, grammar: _Grammar) -> Callable[[Any], bool]:
    """True for tokens that may open a mention.

    A legal form opens one; so do the qualifiers before "общеобразовательное
    учреждение"; a kind opens one unless a legal form stands just before it (that
    mention starts there), and so does a capitalised word before a kind (an adjective
    name, "Заозерной СОШ").
    """
    starts: set[int] = set()
    legal = load_school_vocabulary().legal_abbreviations
    for m in grammar.trigger.finditer(_yo(text)):  # "ё" → "е" keeps every offset
        before = list(_PREVIOUS_WORDS.finditer(text, max(0, m.start() - _REACH_BACK), m.start()))
        if m.lastgroup == "legal":
            starts.add(m.start())
        elif m.lastgroup == "core":  # the match starts at the first qualifier
            starts.add(m.start())
        elif not any(w.group(0).upper() in legal for w in before[-2:]):
            starts.add(m.start())
            if before and before[-1].group(0)[:1].isupper():
                starts.add(before[-1].start())
    return lambda token: token.span.start in starts


@lru_cache(maxsize=4096)
def _schools_in(text: str) -> tuple[School, ...]:
    """The schools one window of text names, in order (cached: cells recur in the document pass)."""
    found: list[School] = []
    grammar = _grammar()
    matches = grammar.parser.findall_from(text, _start_filter(text, grammar))
    for match in sorted(matches, key=lambda m: m.span.start):
        group = match.fact
        legal = _legal(group.legal)
        carried: KindSpec | None = None
        for fact_item in group.items:
            school, carried = _school(fact_item, legal, carried)
            if school is not None:
                found.append(school)
    return tuple(found)


# A window may end at the end of a sentence: a lower-case word, then "." or ";" and a space
# ("им.", "г." and initials are not lower-case words of three letters or more).
_SAFE_END = re.compile(r"(?<=[а-яё]{4})[.;](?=\s)")


def _windows(line: str, grammar: _Grammar) -> list[str]:
    """The stretches of one line that may hold a mention: around each trigger, merged."""
    spans: list[list[int]] = []
    for m in grammar.trigger.finditer(_yo(line)):
        start, end = max(0, m.start() - _REACH_BACK), m.end() + _REACH_AHEAD
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    out = []
    for start, end in spans:
        cut = line.rfind(" ", 0, start) + 1 if start > 0 else 0
        safe = _SAFE_END.search(line, min(end, len(line)))
        stop = safe.end() if safe else len(line)
        out.append(line[cut:stop])
    return out


def find_schools(text: str) -> list[School]:
    """Every specific school ``text`` names, canonical, deduplicated, in order of first mention.

    A mention never spans a line break, so ``text`` is read line by line (a cell, a
    paragraph), and only around triggers.
    """
    if not text:
        return []
    grammar = _grammar()
    seen: dict[str, School] = {}
    for line in cyrillize(text).split("\n"):
        line = line.strip()
        if not line or not grammar.trigger.search(_yo(line)):
            continue
        for window in _windows(line, grammar):
            for school in _schools_in(window):
                seen.setdefault(school.canonical, school)
    return list(seen.values())
