"""Grammar matches → School records: windows around triggers, enumerations, one line at a time."""
from __future__ import annotations

from normalize.memo import text_cache

import re
from dataclasses import dataclass
from typing import Any, Callable

from normalize.records import School, slot_init
from normalize.schools.canonical import (
    _adjective,
    _canonical,
    _fold,
    _kind,
    _kind_in_name,
    _legal,
    _locality,
    _name,
    _number,
)
from normalize.schools.grammar import _Grammar, _grammar
from normalize.schools.prefilter import seen_candidate_lines
from normalize.schools.vocabulary import (
    _REACH_AHEAD,
    _REACH_BACK,
    KindSpec,
    _yo,
    cyrillize,
    load_school_vocabulary,
    unglue,
)


# --------------------------------------------------------------------------- matches → schools


@slot_init
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


_AT_START = frozenset({0})


@text_cache(maxsize=4096)
def _whole_name_items(name: str) -> tuple[Any, ...]:
    """The grammar's single school items that span the whole of ``name``, no legal form
    (cached: a name recurs in an order; the items are only read)."""
    parser = _grammar().parser
    out = []
    for start, stop, group in parser.findall_facts_at(name, _AT_START):
        if start == 0 and stop >= len(name) and not group.legal \
                and len(group.items) == 1:
            out.append(group.items[0])
    return tuple(out)


def _unquoted(name: str) -> tuple[_Parts, str | None] | None:
    """A quoted full name that is just kind + number or locality ("Гимназия № 5",
    "Средняя общеобразовательная школа № 5 «Радуга»", "Начальная общеобразовательная
    школа с. Ямск"): its pieces and locality, for the canonical form."""
    for item in _whole_name_items(name):
        kind = _kind(item.kind)
        # «Речная СОШ № 2»: a name before the kind is the school's own short name, kept
        # in quotes as printed; only a quoted kind + number («СОШ № 1») loses them
        if kind is not None and kind.unquote and (item.number or item.locality) \
                and not (item.inner or item).adjective:
            return _parts(item), item.locality
    return None


def _short_name(name: str) -> str | None:
    """A quoted name that spells its kind in full after the school's own name
    ("Алейниковская основная общеобразовательная школа") in its short form
    ("Алейниковская ООШ"), as orders abbreviate it; None for any other name."""
    for item in _whole_name_items(name):
        source = item.inner or item
        kind = _kind(source.kind)
        if (kind is None or not kind.abbreviations or not source.adjective or source.name
                or item.locality or source.honorific or " " not in (_fold(source.kind) or "")):
            continue
        number = _number(source.number)
        return " ".join([_fold(source.adjective) or "", kind.abbreviations[0],
                         *([f"№ {number}"] if number else [])])
    return None


def _school(fact_item: Any, legal: str | None, carried: KindSpec | None,
            group_locality: str | None = None) -> tuple[School | None, KindSpec | None]:
    """One grammar item as a School (None if it is not a specific school), and the kind it carries."""
    parts = _parts(fact_item)
    name = _name(parts.name)
    own_locality = fact_item.locality
    if name and parts.kind is None:
        inside = _unquoted(name)
        if inside is not None:
            parts, own_locality = inside[0], inside[1] or own_locality
            name = _name(parts.name)
        else:
            name = _short_name(name) or name
    kind = _kind(parts.kind)
    number = _number(parts.number)
    honorific = _fold(parts.honorific)
    if kind is None and not name and number:  # "…, 19" in an enumeration
        kind = carried
    if kind is None and not name:
        return None, carried
    locality_raw = own_locality or group_locality
    if not (number or name or parts.adjective or own_locality):  # "МАОУ СОШ" alone
        return None, carried
    if legal is None and not (kind is not None and kind.standalone and number):
        return None, carried
    adjective = _adjective(parts.adjective, kind)
    locality = _locality(locality_raw)
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
    found = [(m.lastgroup, m.start(), m.end()) for m in grammar.trigger.finditer(_yo(text))]
    starts = _start_offsets(text, found)  # "ё" → "е" keeps every offset
    return lambda token: token.span.start in starts


def _start_offsets(text: str, found: list[tuple[str | None, int, int]]) -> set[int]:
    """The offsets of ``text`` a mention may open at (see ``_start_filter``), from its
    trigger matches as (group, start, end)."""
    starts: set[int] = set()
    legal = load_school_vocabulary().legal_abbreviations
    for group, start, end in found:
        if group == "legal":
            starts.add(start)
            continue
        if group == "core":  # the match starts at one of its qualifiers
            starts.update(w.start() for w in _PREVIOUS_WORDS.finditer(text, start, end))
            continue
        # the words just before a kind (read only for a kind: most matches are legal forms)
        before = list(_PREVIOUS_WORDS.finditer(text, max(0, start - _REACH_BACK), start))
        if not any(w.group(0).upper() in legal for w in before[-2:]):
            starts.add(start)
            if before and before[-1].group(0)[:1].isupper():
                starts.add(before[-1].start())
    return starts


@slot_init
@dataclass(frozen=True, slots=True)
class Mention:
    """One school as a window names it: the school, the words printed, and whether it is
    the short form (in parentheses, «(далее – …)») of the mention just before it."""

    school: School
    printed: str
    spelled_out: bool  # the legal form or the kind written in words
    defines_previous: bool = False


def _spelled(text: str | None) -> bool:
    return bool(text) and " " in _fold(text)  # type: ignore[operator]


@text_cache(maxsize=4096)
def _mentions_in(text: str) -> tuple[Mention, ...]:
    """The school mentions of one window, in order (cached: cells recur in the document pass)."""
    grammar = _grammar()
    found = [(m.lastgroup, m.start(), m.end()) for m in grammar.trigger.finditer(_yo(text))]
    return _mentions_at(text, _start_offsets(text, found))  # _start_filter's starts


def _mentions_from(text: str, starts: Callable[[Any], bool]) -> tuple[Mention, ...]:
    """The school mentions of ``text`` whose match starts at a token ``starts`` accepts."""
    return _mentions_of(text, _grammar().parser.findall_facts(text, starts))


def _mentions_at(text: str, offsets: set[int]) -> tuple[Mention, ...]:
    """``_mentions_from`` for the tokens starting at ``offsets`` (the chart reads only the
    tokens it needs: ``findall_facts_at``)."""
    return _mentions_of(text, _grammar().parser.findall_facts_at(text, offsets))


def _mentions_of(text: str, matches: list[tuple[int, int, Any]]) -> tuple[Mention, ...]:
    """The school mentions the grammar's ``matches`` of ``text`` name, in order."""
    found: list[Mention] = []
    rules = load_school_vocabulary()
    previous_stop: int | None = None
    for start, stop, group in sorted(matches, key=lambda m: m[0]):
        legal = _legal(group.legal)
        carried: KindSpec | None = None
        defines = (
            previous_stop is not None and found and len(group.items) == 1
            and rules.definition_open.search(text[previous_stop:start]) is not None
            and rules.definition_close.match(text[stop:]) is not None
        )
        made = 0
        for fact_item in group.items:
            school, carried = _school(fact_item, legal, carried, group.locality)
            if school is not None:
                source = fact_item.inner or fact_item
                spelled = (_spelled(group.legal) or _spelled(source.kind)
                           or (bool(school.name) and bool(source.name)
                               and _name(source.name) != school.name))
                printed = _fold(text[start:stop]) if len(group.items) == 1 else school.canonical
                found.append(Mention(school, printed or school.canonical, spelled, bool(defines)))
                made += 1
        previous_stop = stop if made else None
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


def find_mentions(text: str) -> list[Mention]:
    """Every school mention of ``text`` in order, one line at a time (a mention never spans
    a line break) and only around triggers."""
    if not text:
        return []
    out: list[Mention] = []
    for raw in seen_candidate_lines(text):  # the lines no trigger anchor is in hold no mention
        # stripped first: a row's cells are the text's lines with spaces around, and
        # neither cyrillize nor unglue reads whitespace at a line's ends
        found = _raw_line_mentions(raw.strip())
        if found:
            out.extend(found)
    return out


@text_cache(maxsize=16384)
def _raw_line_mentions(raw: str) -> tuple[Mention, ...]:
    """The school mentions of one line as printed (cached: a row's cells are lines of the
    document's text already).  Look-alike letters and glued abbreviations are read one
    line at a time: neither rule ever looks across a line break."""
    line = unglue(cyrillize(raw)).strip()
    return _line_mentions(line) if line else ()


@text_cache(maxsize=8192)
def _line_mentions(line: str) -> tuple[Mention, ...]:
    """The school mentions of one stripped line (cached: a row's cells were lines of the
    document's text already; a per-text cache, so ``--cold`` empties it).  The trigger runs
    once over the line: its matches give the windows and each window's starts."""
    grammar = _grammar()
    found = [(m.lastgroup, m.start(), m.end()) for m in grammar.trigger.finditer(_yo(line))]
    if not found:
        return ()
    out: list[Mention] = []
    for window, inside in _line_windows(line, found):
        out.extend(_mentions_in(window) if inside is None else _window_mentions(window, inside))
    return tuple(out)


@text_cache(maxsize=4096)
def _window_mentions(window: str, found: tuple[tuple[str | None, int, int], ...]) -> tuple[Mention, ...]:
    """``_mentions_in(window)``, its trigger matches (window offsets) given (cached as it is:
    the matches are the window's own)."""
    return _mentions_at(window, _start_offsets(window, list(found)))


def _line_windows(line: str, found: list[tuple[str | None, int, int]]
                  ) -> list[tuple[str, tuple[tuple[str | None, int, int], ...] | None]]:
    """``_windows(line)`` from the line's trigger matches ``found``, each window with the
    matches inside it in its own offsets: those the trigger finds in the window itself
    (it starts after a space or at the line's start, and ends at the line's end or after
    "." / ";" that no trigger match spans).  None where a match straddles the window's
    edge: the window's own search decides there."""
    spans: list[list[int]] = []
    for _, first, last in found:
        start, end = max(0, first - _REACH_BACK), last + _REACH_AHEAD
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    out: list[tuple[str, tuple[tuple[str | None, int, int], ...] | None]] = []
    for start, end in spans:
        cut = line.rfind(" ", 0, start) + 1 if start > 0 else 0
        safe = _SAFE_END.search(line, min(end, len(line)))
        stop = safe.end() if safe else len(line)
        inside: tuple[tuple[str | None, int, int], ...] | None = tuple(
            (group, first - cut, last - cut) for group, first, last in found if cut <= first < stop)
        if any(first < cut < last or first < stop < last for _, first, last in found):
            inside = None
        out.append((line[cut:stop], inside))
    return out
