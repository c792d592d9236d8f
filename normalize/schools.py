"""Specific schools an order names, in the gold README's canonical form.

A yargy grammar assembled from small named pieces (legal form, kind, number, «name»,
honorific, locality; vocabulary in ``normalize/data/schools.toml``) finds school mentions
and enumerations ("МАОУ СОШ № 4, 19, лицей № 7, «Эврика-развитие»" → four schools sharing
the legal form).  Each match is then put in canonical form: the kind in the nominative
("гимназией" → "гимназия"), an adjective name agreeing with the kind ("Заозерной СОШ" →
"Заозерная СОШ"), the legal form's full spelling abbreviated ("Муниципальное бюджетное
общеобразовательное учреждение" → "МБОУ"), a locality in the nominative ("г. Мичуринска"
→ "г. Мичуринск", confirmed by pymorphy2's Geox tag or natasha's NER).  Latin look-alike
letters are read as Cyrillic first ("MAOU" → "МАОУ").

The grammar and tokenizer are built once per process on first use; the parser runs only
on text that contains a trigger (a legal-form or kind abbreviation, a kind word,
"общеобразовательн…"), so most table cells cost one regex search.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pymorphy2.analyzer import Parse as _PymorphyParse
from yargy import Parser, and_, not_, or_, rule
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
_ALL_QUOTES = tuple(sorted(set(_LEFT_QUOTES + _RIGHT_QUOTES)))
_WS = re.compile(r"\s+")
_NUMBER_SIGN = re.compile(r"№\s*(?=\d)")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_RU_PIECE = re.compile(r"[А-Яа-яЁё]+|[-()]")
_MAX_NUMBER_DIGITS = 4


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
    if not any(_is_latin(c) for c in text):
        return text
    vocab = load_school_vocabulary()
    known = vocab.known_abbreviations

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if not any(_is_latin(c) for c in word):
            return word
        looks = "".join(vocab.lookalike.get(c, c) for c in word)
        if not all(_is_latin(c) for c in word):  # mixed scripts: a typing slip
            return looks
        if looks.upper() in known and not any(_is_latin(c) for c in looks):
            return looks.upper()
        spelled = _transliterate(word, vocab.transliteration)
        return spelled if spelled in known else word

    return _WORD.sub(fix, text)


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


@lru_cache(maxsize=1)
def _tokenizer() -> MorphTokenizer:
    return MorphTokenizer(rules=[_CODE_RULE, *RULES], morph=_SharedMorph())


# --------------------------------------------------------------------------- grammar

Item = fact("Item", ["adjective", "kind", "number", "name", "inner", "honorific", "locality"])
Inner = fact("Inner", ["adjective", "kind", "number", "name", "honorific"])
Group = fact("Group", ["legal", attribute("items").repeatable()])


def _phrase_rule(lemmas: tuple[str, ...]) -> Any:
    """A kind phrase as a rule: each lemma by its normal form, punctuation literally."""
    parts = [eq(p) if not p.isalpha() else dictionary({p}) for p in lemmas]
    return rule(*parts)


@dataclass(frozen=True, slots=True)
class _Grammar:
    parser: Parser
    trigger: re.Pattern[str]


def _build_grammar(v: SchoolVocabulary) -> _Grammar:
    """The yargy grammar of school mentions, from the vocabulary's pieces."""
    lq, rq = in_(set(_LEFT_QUOTES)), in_(set(_RIGHT_QUOTES))
    not_quote = not_(in_(set(_ALL_QUOTES)))
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
    number = rule(eq("№").optional(), token_type("INT"))

    # «name», possibly with one nested «…» inside
    plain_name = rule(lq, not_quote.repeatable(max=20), rq)
    nested_name = rule(
        lq,
        not_quote.repeatable(max=20),
        lq,
        not_quote.repeatable(max=10),
        rq,
        not_quote.repeatable(max=10).optional(),
        rq,
    )
    name = or_(plain_name, nested_name)

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

    # locality: "г. Мичуринска", "с. Новоивановка", "Чебулинского района"
    dotted = {s for s in v.settlements if len(s) <= 3}
    spelled = {s for s in v.settlements if len(s) > 3}
    place = rule(cap_word, rule(eq("-"), word_ru).repeatable(max=3).optional())
    locality = or_(
        rule(in_caseless(dotted), eq("."), place),
        rule(in_caseless(spelled), place),
        rule(and_(gram("ADJF"), is_capitalized()), dictionary(set(v.districts))),
    )

    def item(*parts: Any) -> Any:
        return rule(*parts, locality.interpretation(Item.locality).optional()).interpretation(Item)

    any_kind = kind_rule(list(v.kinds))
    unquote_kind = kind_rule([k for k in v.kinds if k.unquote])

    # «Средняя общеобразовательная школа №17 «Юнармеец»» → СОШ № 17 «Юнармеец»
    inner = rule(
        adjective.interpretation(Inner.adjective).optional(),
        unquote_kind.interpretation(Inner.kind),
        number.interpretation(Inner.number),
        name.interpretation(Inner.name).optional(),
        honorific.interpretation(Inner.honorific).optional(),
    ).interpretation(Inner)

    numbered = item(
        adjective.interpretation(Item.adjective).optional(),
        any_kind.interpretation(Item.kind),
        number.interpretation(Item.number),
        name.interpretation(Item.name).optional(),
        honorific.interpretation(Item.honorific).optional(),
    )
    kind_named = item(
        adjective.interpretation(Item.adjective).optional(),
        any_kind.interpretation(Item.kind),
        name.interpretation(Item.name),
        honorific.interpretation(Item.honorific).optional(),
    )
    adjective_kind = item(
        adjective.interpretation(Item.adjective),
        any_kind.interpretation(Item.kind),
    )
    quoted_kind = item(lq, inner.interpretation(Item.inner), rule(rq).optional())
    named = item(
        name.interpretation(Item.name),
        honorific.interpretation(Item.honorific).optional(),
    )
    bare_number = item(
        number.interpretation(Item.number),
        honorific.interpretation(Item.honorific).optional(),
    )

    separator = or_(rule(eq(",")), rule(eq(";")), rule(caseless("и")), rule(eq(","), caseless("и")))
    continuation = or_(numbered, quoted_kind, named, bare_number).interpretation(Group.items)
    more = rule(separator, continuation).repeatable(max=40).optional()
    with_legal = rule(
        legal,
        or_(numbered, kind_named, adjective_kind, quoted_kind, named).interpretation(Group.items),
        more,
    )
    without_legal = rule(numbered.interpretation(Group.items), more)
    root = or_(with_legal, without_legal).interpretation(Group)

    stems = {a.lower() for a in v.known_abbreviations}
    words = {p[0] for k in v.kinds if k.standalone for p in k.phrases if len(p) == 1} | set(v.core)
    trigger = re.compile(
        r"(?<![А-Яа-яЁё])(?:"
        + "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
        + r")(?![А-Яа-яЁё])|"
        + "|".join(sorted({re.escape(_stem(w)) for w in words}, key=len, reverse=True)),
        re.IGNORECASE,
    )
    return _Grammar(Parser(root, tokenizer=_tokenizer()), trigger)


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


def _kind(raw: str | None) -> KindSpec | None:
    """The kind a printed kind phrase names ("средней общеобразовательной школы" → СОШ)."""
    if not raw:
        return None
    pieces = [p for p in _words(raw) if p not in "()"]
    index = _kind_index()
    if len(pieces) == 1 and (pieces[0].upper(),) in index:
        return index[(pieces[0].upper(),)]
    lemmas = tuple("-" if p == "-" else _lemma(p) for p in pieces)
    return index.get(lemmas)


def _kind_in_name(name: str) -> KindSpec | None:
    """The kind a quoted name contains ("Новоивановская СОШ" → СОШ), if any."""
    pieces = [p for p in _words(name) if p not in "()"]
    index = _kind_index()
    for size in (4, 3, 2, 1):
        for i in range(len(pieces) - size + 1):
            chunk = pieces[i : i + size]
            if size == 1 and chunk[0].isupper() and (chunk[0],) in index:
                return index[(chunk[0].upper(),)]
            lemmas = tuple("-" if p == "-" else _lemma(p) for p in chunk)
            if lemmas in index and (size > 1 or index[lemmas].standalone):
                return index[lemmas]
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
    if text and text[-1] in _RIGHT_QUOTES and _balance(text) < 0:
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
    """A locality in canonical form ("г. Мичуринска" → "г. Мичуринск"), or None if unconfirmed."""
    text = _fold(raw)
    if not text:
        return None
    v = load_school_vocabulary()
    head = re.match(r"([А-Яа-яЁё]+)\s*\.?\s*(.+)", text)
    if head and head.group(1).lower() in v.settlements:
        place = _place_nominative(head.group(2))
        return f"{v.settlements[head.group(1).lower()]} {place}" if place else None
    parts = text.split()
    if len(parts) == 2 and _lemma(parts[1]) in v.districts:
        district = v.districts[_lemma(parts[1])]
        doc = nlp.analyse(text, ner=True)
        if any(s.type == "LOC" for s in doc.spans):
            adjective = _inflect(parts[0], {"nomn", "sing", "masc"})
            return f"{adjective} {district}"
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


def _school(fact_item: Any, legal: str | None, carried: KindSpec | None) -> tuple[School | None, KindSpec | None]:
    """One grammar item as a School (None if it is not a specific school), and the kind it carries."""
    inner = fact_item.inner
    kind_raw = inner.kind if inner else fact_item.kind
    kind = _kind(kind_raw)
    adjective_raw = inner.adjective if inner else fact_item.adjective
    number = _number(inner.number if inner else fact_item.number)
    name = _name(inner.name if inner else fact_item.name)
    honorific = _fold(inner.honorific if inner else fact_item.honorific)
    if kind is None and not name and number:  # "…, 19" in an enumeration
        kind = carried
    if kind is None and not name:
        return None, carried
    if legal is None and not (kind is not None and kind.standalone and number):
        return None, carried
    adjective = _adjective(adjective_raw, kind)
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


def _schools_in(text: str) -> list[School]:
    found: list[School] = []
    for match in _grammar().parser.findall(text):
        group = match.fact
        legal = _legal(group.legal)
        carried: KindSpec | None = None
        for fact_item in group.items:
            school, carried = _school(fact_item, legal, carried)
            if school is not None:
                found.append(school)
    return found


def find_schools(text: str) -> list[School]:
    """Every specific school ``text`` names, canonical, deduplicated, in order of first mention."""
    if not text:
        return []
    text = cyrillize(text)
    if not _grammar().trigger.search(text):
        return []
    seen: dict[str, School] = {}
    for school in _schools_in(text):
        seen.setdefault(school.canonical, school)
    return list(seen.values())
