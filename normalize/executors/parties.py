"""An executor as a party: its kind (body, role, person, school, group) and, where the cell
gives them, the person, the position and the organisation with its full name."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from normalize.executors.categories import defined_name, quoted
from normalize.executors.segments import Item
from normalize.executors.units import Unit
from normalize.executors.vocab import collective_nouns, glossary_entry, role_nouns

_TRAILING = " ,;:-–—"
_ABBREVIATED_END = re.compile(r"(?:^|[\s.])[А-Яа-яЁёA-Za-z]{1,3}\.$")  # "И.И.", "им.", "г."
# Categories whose members are roles of people rather than bodies.
_ROLE_CATEGORIES = frozenset({"curator", "coordinator", "expert_group"})


class Parts(NamedTuple):
    """The structured parts of one executor (a NamedTuple: one is made per executor, and a
    frozen dataclass costs several times as much to build)."""

    kind: str
    person: str | None = None
    position: str | None = None
    organisation: str | None = None
    organisation_full_name: str | None = None


def printed(text: str, end: int, start: int) -> str:
    """The span's text as printed, trailing punctuation dropped (not an initial's dot)."""
    name = " ".join(text[start:end].split()).strip(_TRAILING)
    while name.endswith(".") and not _ABBREVIATED_END.search(name):
        name = name[:-1].rstrip(_TRAILING)
    return name


def _full_name(name: str, definitions: Mapping[str, str]) -> str | None:
    """The organisation's full name: the order's definition, else the glossary (also of
    the name in quotes: «МКУ «ИМЦ»» → «ИМЦ»)."""
    for candidate in (name, quoted(name)):
        if not candidate:
            continue
        full = defined_name(candidate, definitions)
        if full:
            return full
        entry = glossary_entry(candidate)
        if entry and entry.get("full_name"):
            return entry["full_name"]
    return None


def _first_after(units: list[Unit], item: Item, begin: int) -> int:
    """Character offset where the next structured part after unit ``begin`` starts."""
    stops = [units[k].start for k in (item.org_at, item.person_at)
             if k is not None and k > begin]
    return min(stops, default=item.end)


def parts(item: Item, units: list[Unit], text: str, category: str,
          definitions: Mapping[str, str]) -> Parts:
    """The kind and the parts of one executor span."""
    person = units[item.person_at].person if item.person_at is not None else None
    position = organisation = organisation_full = None
    begin = item.position_at
    if begin is None and item.kind == "phrase" and item.head_lemmas & role_nouns():
        begin = item.first  # a role: «региональный координатор»
    if begin is not None:
        position = printed(text, _first_after(units, item, begin), units[begin].start) or None
    if item.org_at is not None:
        org_end = _first_after(units, item, item.org_at)
        organisation = printed(text, org_end, units[item.org_at].start) or None
        if organisation:
            organisation_full = _full_name(organisation, definitions)
    return Parts(_kind(item, category, person), person, position, organisation,
                 organisation_full)


def _kind(item: Item, category: str, person: str | None) -> str:
    """person, school, group (a plural worded head), role or body."""
    if person:
        return "person"
    if item.kind == "school":
        return "school"
    if item.kind == "phrase":
        if item.head_lemmas and (item.head_plural or item.head_lemmas & collective_nouns()):
            return "group"
        if item.head_lemmas & role_nouns() or category in _ROLE_CATEGORIES:
            return "role"
        return "school" if category == "school" else "body"
    if category == "school":
        return "school"
    return "role" if category in _ROLE_CATEGORIES else "body"

