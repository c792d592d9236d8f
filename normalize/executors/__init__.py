"""The executors cell split into parties: bodies, roles, people, schools and groups, each
with its full name, category and, where printed, person, position and organisation.

    split_executors("ДО МАУ ИМЦ муниципальный координатор", definitions={...})
    → [Executor("ДО", …), Executor("МАУ ИМЦ", …), Executor("муниципальный координатор", …)]
    split_executors("Смирнова Е.В., методист МКУ «ИМЦ»")
    → [Executor("Смирнова Е.В., методист МКУ «ИМЦ»", kind="person", person="Смирнова Е.В.",
                position="методист", organisation="МКУ «ИМЦ»", …)]

Three steps, each its own module: ``units`` (tokens → words, abbreviations, definitions,
quoted names, people), ``segments`` (the grammar that cuts units into executors), and
``parties`` (kind and parts of each).  The category and full name come from
``categories``; all knowledge is in ``data/executors.toml`` and ``data/parties.toml``.
The case analysis is pymorphy2's (``normalize.definitions.word_forms``, cached per word).

A cell's text recurs down a table and across orders: its preparation and its cut into
executors are remembered per distinct text (bounded caches), and only the naming, which
reads the order's definitions, runs on every call.
"""
from __future__ import annotations

from normalize.memo import text_cache

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from normalize.definitions import Token, is_abbreviation, tokenize
from normalize.executors.categories import _worded, categories, category_of, defined_name
from normalize.executors.parties import parts, printed
from normalize.executors.segments import Item, segments
from normalize.executors.units import Unit, cell_units, prepare, substitute
from normalize.executors.vocab import glossary_entry, glossary_tables, parties
from normalize.records import Executor, slot_init

_NO_DEFINITIONS: Mapping[str, str] = MappingProxyType({})  # parts() reads them only for an organisation

__all__ = ["categories", "category_of", "glossary_entry", "kinds", "split_executors"]


@lru_cache(maxsize=1)
def kinds() -> tuple[str, ...]:
    """The documented set of executor kinds (body, role, person, school, group)."""
    return tuple(parties()["kinds"])


@slot_init  # built once per distinct cell of every document: the cheaper __init__
@dataclass(frozen=True, slots=True)
class _Cell:
    """A cell made ready once per distinct text (shared: read it only)."""

    text: str  # cleaned, inline definitions replaced by their short names
    def_ranges: tuple[tuple[int, int], ...]  # the short names' spans in text
    local: Mapping[str, str]  # the inline definitions
    words: frozenset[str]  # every word of text in capitals
    tokens: tuple[Token, ...]  # text tokenized, once for the words and the units


@text_cache(maxsize=8192)
def _cell(raw: str) -> _Cell:
    """The cell cleaned, its inline definitions substituted, its words in capitals."""
    text, def_ranges, local = substitute(prepare(raw))
    tokens = tuple(tokenize(text))
    words = frozenset([t.text.upper() for t in tokens if t.kind == "word"])
    return _Cell(text, tuple(def_ranges), MappingProxyType(local), words, tokens)


@lru_cache(maxsize=1024)
def _abbreviation_keys(keys: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The keys that are abbreviations: (those of one part, the others with their parts)."""
    found = [(k, tuple(k.split())) for k in keys if is_abbreviation(k)]
    return (frozenset(k for k, parts in found if parts == (k,)),
            tuple((k, parts) for k, parts in found if parts != (k,)))


def _present(keys: tuple[str, ...], words: frozenset[str]) -> frozenset[str]:
    """The keys that are abbreviations with every part a word of the cell: the only known
    abbreviations ``cell_units`` can use (a lower-case typo of one, or a multi-word one
    matched whole)."""
    return _matching(*_abbreviation_keys(keys), words) if keys else frozenset()


def _matching(plain: frozenset[str], spaced: tuple[tuple[str, tuple[str, ...]], ...],
              words: frozenset[str]) -> frozenset[str]:
    """The abbreviations (one part; several, with their parts) that are words of the cell."""
    found = plain & words
    if spaced:  # a list, not a generator into a frozenset: most cells hold none of them
        whole = [k for k, parts in spaced if words.issuperset(parts)]
        if whole:
            found = found.union(whole)
    return found


@lru_cache(maxsize=1)
def _glossary_keys() -> tuple[str, ...]:
    """The glossary's names as printed."""
    return tuple(glossary_tables()[0])


@lru_cache(maxsize=1)
def _glossary_abbreviations() -> tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """``_abbreviation_keys`` of the glossary, once (not its keys hashed on every cell)."""
    return _abbreviation_keys(_glossary_keys())


@text_cache(maxsize=8192)
def _segmented(raw: str, known: frozenset[str]) -> tuple[list[Unit], list[Item]]:
    """The cell's units and executor spans, once per text and known abbreviations present
    (shared: read them only)."""
    cell = _cell(raw)
    units = cell_units(cell.text, list(cell.def_ranges), known, tokens=cell.tokens)
    return units, segments(cell.text, units)


def _defined(name: str, given: Mapping[str, str], local: Mapping[str, str],
             given_worded: tuple[str, ...] | None = None) -> str | None:
    """The full name the order's definitions give, else the cell's inline ones
    (``given_worded``: ``_worded`` of the given keys, when the caller has it)."""
    return (defined_name(name, given, worded=given_worded) if given else None) \
        or (defined_name(name, local) if local else None)


def split_executors(raw: str | None, *,
                    definitions: Mapping[str, str] | None = None) -> list[Executor]:
    """The executors cell as separate parties (see the module docstring)."""
    if raw is None or not raw.strip():
        return []
    cell = _cell(raw)
    text, local = cell.text, cell.local
    given: Mapping[str, str] = definitions or {}  # read only: no copy per cell
    given_keys = tuple(given)
    given_worded = _worded(given_keys) if given_keys else ()
    known = _present(tuple(local), cell.words) | _present(given_keys, cell.words) \
        | _matching(*_glossary_abbreviations(), cell.words)
    units, items = _segmented(raw, known)
    everything: Mapping[str, str] | None = None  # merged only when an organisation needs it
    out: list[Executor] = []
    for item in items:
        name = printed(text, item.end, item.start)
        if not name:
            continue
        # the name proper: "ДО" of "ДО, по согласованию"
        core = name if item.kind == "phrase" or item.core_end == item.end \
            else printed(text, item.core_end, item.start)
        full = (defined_name(name, given, worded=given_worded) if given else None) \
            or (defined_name(name, local) if local else None)  # _defined, inline
        if full is None and core != name:
            full = _defined(core, given, local, given_worded)
        defined = full is not None
        if full is None:
            entry = glossary_entry(name) or (glossary_entry(core) if core != name else None)
            full = entry.get("full_name") if entry else None
        category = category_of(name, full, defined=defined)
        if category == "other" and core != name:
            category = category_of(core, full, defined=defined)
        if everything is None and item.org_at is not None:
            everything = {**local, **given}
        part = parts(item, units, text, category, everything or _NO_DEFINITIONS)
        if part.kind == "person" and part.organisation and category == "other":
            category = category_of(part.organisation, part.organisation_full_name)
        # positional (a call by keywords costs more): Parts' fields after kind are
        # Executor's after category, in the same order
        out.append(Executor(name, full, part.kind, category, *part[1:]))
    return out
