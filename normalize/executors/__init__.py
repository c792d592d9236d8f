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
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from normalize.definitions import is_abbreviation
from normalize.executors.categories import categories, category_of, defined_name
from normalize.executors.parties import parts, printed
from normalize.executors.segments import segments
from normalize.executors.units import cell_units, prepare, substitute
from normalize.executors.vocab import glossary_entry, glossary_tables, parties
from normalize.records import Executor

__all__ = ["categories", "category_of", "glossary_entry", "kinds", "split_executors"]


@lru_cache(maxsize=1)
def kinds() -> tuple[str, ...]:
    """The documented set of executor kinds (body, role, person, school, group)."""
    return tuple(parties()["kinds"])


def _known(definitions: Mapping[str, str]) -> frozenset[str]:
    printed_keys, _ = glossary_tables()
    return frozenset(k for k in [*definitions, *printed_keys] if is_abbreviation(k))


def split_executors(raw: str | None, *,
                    definitions: Mapping[str, str] | None = None) -> list[Executor]:
    """The executors cell as separate parties (see the module docstring)."""
    if raw is None or not raw.strip():
        return []
    text = prepare(raw)
    text, def_ranges, local = substitute(text)
    given = dict(definitions or {})
    known = _known({**local, **given})
    units = cell_units(text, def_ranges, known)
    everything = {**local, **given}
    out: list[Executor] = []
    for item in segments(text, units):
        name = printed(text, item.end, item.start)
        if not name:
            continue
        # the name proper: "ДО" of "ДО, по согласованию"
        core = printed(text, item.core_end, item.start) if item.kind != "phrase" else name
        full = defined_name(name, given) or defined_name(name, local)
        if full is None and core != name:
            full = defined_name(core, given) or defined_name(core, local)
        defined = full is not None
        if full is None:
            entry = glossary_entry(name) or (glossary_entry(core) if core != name else None)
            full = entry.get("full_name") if entry else None
        category = category_of(name, full, defined=defined)
        if category == "other" and core != name:
            category = category_of(core, full, defined=defined)
        part = parts(item, units, text, category, everything)
        if part.kind == "person" and part.organisation and category == "other":
            category = category_of(part.organisation, part.organisation_full_name)
        out.append(Executor(name=name, full_name=full, kind=part.kind, category=category,
                            person=part.person, position=part.position,
                            organisation=part.organisation,
                            organisation_full_name=part.organisation_full_name))
    return out
