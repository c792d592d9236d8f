"""The yargy grammar of school mentions, built from the vocabulary's pieces."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from yargy import and_, not_, or_, rule
from yargy.interpretation import attribute, fact
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

from normalize.schools.earley import _TriggeredParser
from normalize.schools.tokens import _tokenizer
from normalize.schools.vocabulary import (
    _LEFT_QUOTES,
    _RIGHT_QUOTES,
    KindSpec,
    SchoolVocabulary,
    load_school_vocabulary,
)


# --------------------------------------------------------------------------- grammar

Item = fact("Item", ["adjective", "kind", "number", "name", "inner", "honorific", "locality"])
Inner = fact("Inner", ["adjective", "kind", "number", "name", "honorific"])
Group = fact("Group", ["legal", "locality", attribute("items").repeatable()])


def _phrase_rule(lemmas: tuple[str, ...]) -> Any:
    """A kind phrase as a rule: each lemma by its normal form, punctuation literally."""
    parts = [eq(p) if not p.isalpha() else dictionary({p}) for p in lemmas]
    return rule(*parts)


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
    dotted = {s for s in v.settlements if len(s) <= 3 and "." not in s}
    spelled = {s for s in v.settlements if len(s) > 3 and "." not in s}
    place = rule(cap_word, rule(eq("-"), word_ru).repeatable().optional())
    # "р.п. Дергачи": an abbreviation with inner dots, letter by letter
    inner_dots = [rule(*[p for letter in s.split(".") for p in (caseless(letter), eq("."))], place)
                  for s in v.settlements if "." in s]
    locality = or_(
        *inner_dots,
        rule(in_caseless(dotted), eq("."), place),
        rule(or_(in_caseless(spelled), dictionary(spelled)), place),  # "города Липецка"
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
    # "муниципального бюджетного … учреждения города Мурманска «Средняя … школа № 36»",
    # "ГКОУ Пензенской области «Поимская школа-интернат …»": a locality between the legal
    # form and the school belongs to every school of the group
    with_legal = rule(legal, locality.interpretation(Group.locality).optional(), first, more)
    without_legal = rule(kind_item.interpretation(Group.items), more)
    root = or_(with_legal, without_legal).interpretation(Group)

    trigger = re.compile(_letters_first(v) + "(?:" + trigger_pattern(v) + ")", re.IGNORECASE)
    return _Grammar(_TriggeredParser(root, tokenizer=_tokenizer()), trigger)


def _alternation(items: set[str]) -> str:
    return "|".join(sorted(map(re.escape, items), key=len, reverse=True))


def _trigger_alternatives(v: SchoolVocabulary) -> dict[str, set[str]]:
    """The pieces of the trigger, by its group: legal-form and kind abbreviations (lower
    case), spelled-out kinds (regex: "средн[а-яё]*\\s+общеобразовательн[а-яё]*\\s+школ")
    and the qualifier stems a "муниципальное … общеобразовательное" trigger opens with."""
    return {
        "legal": {a.lower() for a in v.legal_abbreviations},
        "kind": {a.lower() for k in v.kinds for a in k.abbreviations},
        # a kind that may stand without a legal form, spelled out: "гимнази…", "лице…",
        # "средн… общеобразовательн… школ…"
        "word": {r"[а-яё]*\s+".join(map(re.escape, stems)) for stems in _kind_stems(v)},
        "core": {_stem(w) for w in v.qualifiers},
    }


def trigger_pattern(v: SchoolVocabulary) -> str:
    """The trigger regex (used with re.IGNORECASE): a legal form or kind abbreviation as a
    whole word, a spelled-out kind, or qualifiers before a core word."""
    pieces = _trigger_alternatives(v)
    return (
        rf"(?<![А-Яа-яЁё])(?:(?P<legal>{_alternation(pieces['legal'])})"
        rf"|(?P<kind>{_alternation(pieces['kind'])})"
        rf")(?![А-Яа-яЁё])"
        rf"|(?<![А-Яа-яЁё])(?:(?P<word>{'|'.join(sorted(pieces['word'], key=len, reverse=True))})"
        rf"|(?P<core>(?:{_alternation(pieces['core'])})[а-яё]*\s+"
        rf"(?:[а-яё]+\s+){{0,3}}(?:{_alternation({_stem(w) for w in v.core})})))"
    )


def _letters_first(v: SchoolVocabulary) -> str:
    """A look-ahead for the letters a trigger match can start with ("" if some piece of the
    trigger does not open with a plain letter): the regex engine then turns most positions
    away with one test, where it tried the look-behind and every piece (2-3x faster)."""
    openers = [p for group in _trigger_alternatives(v).values() for p in group]
    if not all(p[:1].isalpha() and p[1:2] not in ("?", "*", "{") for p in openers):
        return ""
    return "(?=[" + "".join(sorted({p[0] for p in openers})) + "])"


def _kind_stems(v: SchoolVocabulary) -> set[tuple[str, ...]]:
    """The stems of each spelled-out kind that may stand without a legal form."""
    return {tuple(_stem(w) for w in p if w.isalpha()) for k in v.kinds if k.standalone for p in k.phrases}


def trigger_anchors(v: SchoolVocabulary) -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case pieces every trigger match holds, for a cheap search before the trigger:
    anchors found anywhere (a legal form, which may be glued to the kind; the longest stem
    of a spelled-out kind; a core stem, which every qualifier trigger ends in) and anchors
    that must end a word (a kind abbreviation).  An anchor holding another is left out."""
    anywhere = {a.lower() for a in v.legal_abbreviations} | {_stem(w) for w in v.core}
    anywhere |= {max(stems, key=len) for stems in _kind_stems(v) if stems}
    word_ends = {a.lower() for k in v.kinds for a in k.abbreviations}
    return (frozenset(a for a in anywhere if not any(b != a and b in a for b in anywhere)),
            frozenset(a for a in word_ends if not any(b != a and a.endswith(b) for b in word_ends)))


def _stem(lemma: str) -> str:
    """A lemma without its ending, for the cheap trigger search ("общеобразовательный" → "общеобразовательн")."""
    return lemma[: max(4, len(lemma) - 2)]


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _build_grammar(load_school_vocabulary())
