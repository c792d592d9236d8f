"""One entry per school in an order: a full official name and its short form merged.

An order often names a school twice: the full official name, then the short form it
defines («… «Лесная средняя общеобразовательная школа» (далее – МКОУ «Лесная СОШ»)»),
or the two forms in different places.  Mentions are one school when the short form is
given in parentheses right after the full name, or when they agree on kind, number and
name (the name's words without kind words: "Лесная средняя общеобразовательная школа" and
"Лесная СОШ" are both "лесной") and do not disagree on legal form, locality or honorific.
The school keeps its short canonical form (the defined one, else the shortest with a legal
form); the longest spelled-out mention is kept as ``full_name``, its legal-form and kind
words in the nominative.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from normalize.records import School
from normalize.schools.canonical import _words, nominative_full_name
from normalize.schools.tokens import _lemma
from normalize.schools.mentions import Mention, find_mentions
from normalize.schools.vocabulary import load_school_vocabulary


def _name_core(school: School) -> tuple[str, ...]:
    """The lemmas of the words that say which school it is (kind words, numbers left out)."""
    stop = load_school_vocabulary().name_stopwords
    text = school.name or ""
    if school.honorific and school.honorific in text:
        text = text.replace(school.honorific, " ")
    return tuple(lem for w in _words(text) if w.isalpha() and (lem := _lemma(w)) not in stop)


def _key(school: School) -> tuple[str | None, str | None, tuple[str, ...]] | None:
    """What identifies a school across its spellings; None when too little is known."""
    core = _name_core(school)
    if not (school.number or core):
        return None
    return school.kind, school.number, core


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _compatible(a: School, b: School) -> bool:
    return (_agree(a.legal_form, b.legal_form) and _agree(a.locality, b.locality)
            and _agree(a.honorific, b.honorific))


class _Groups:
    """Union-find over canonical forms."""

    def __init__(self, names: Sequence[str]) -> None:
        self.parent = {n: n for n in names}

    def find(self, name: str) -> str:
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def resolve_mentions(mentions: Sequence[Mention]) -> tuple[list[School], dict[str, School]]:
    """The order's schools (in order of first mention) and, for every canonical form a
    mention had, the school it resolved to."""
    if not mentions:  # most texts (a row's cells) name no school
        return [], {}
    first: dict[str, School] = {}
    for m in mentions:
        first.setdefault(m.school.canonical, m.school)
    names = list(first)
    groups = _Groups(names)
    defined: set[str] = set()
    for prev, m in zip(mentions, mentions[1:]):
        if m.defines_previous and prev.school.canonical != m.school.canonical:
            groups.union(prev.school.canonical, m.school.canonical)
            defined.add(m.school.canonical)
    keyed: dict[tuple, list[str]] = {}
    for name in names:
        key = _key(first[name])
        if key is not None:
            keyed.setdefault(key, []).append(name)
    for same in keyed.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if _compatible(first[a], first[b]):
                    groups.union(a, b)

    members: dict[str, list[str]] = {}
    for name in names:
        members.setdefault(groups.find(name), []).append(name)
    resolved: dict[str, School] = {}
    schools: list[School] = []
    for group in members.values():
        rep = min(group, key=lambda n: (n not in defined, first[n].legal_form is None, len(n),
                                        names.index(n)))
        spelled = [m.printed for m in mentions
                   if m.spelled_out and m.school.canonical in group and m.printed != rep]
        full = nominative_full_name(max(spelled, key=len)) if spelled else None
        # a school is frozen: one that already reads so is kept (replace() is slow)
        school = first[rep] if first[rep].full_name == full else replace(first[rep], full_name=full)
        schools.append(school)
        for name in group:
            resolved[name] = school
    return schools, resolved


def find_schools(text: str) -> list[School]:
    """Every specific school ``text`` names, resolved within the text, in order of first mention."""
    return resolve_mentions(find_mentions(text))[0]


def resolve_schools(found: Sequence[School], resolved: dict[str, School]) -> list[School]:
    """``found`` (a row's schools) in the order's resolved forms, deduplicated."""
    out: dict[str, School] = {}
    for school in found:
        school = resolved.get(school.canonical, school)
        out.setdefault(school.canonical, school)
    return list(out.values())
