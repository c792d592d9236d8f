"""An executor's category (federal operator, regional authority, institute, school, …) and
its full name from the order's definitions or the glossary.

The category is read from the order's definition by the lemma rules, else the glossary,
else the abbreviation patterns, else the lemma rules over the name (``kind_rule``,
``abbreviation_kind`` and ``authority`` in ``data/executors.toml``).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from normalize.definitions import is_abbreviation, lemmas, noun_group, tokenize, vocabulary
from normalize.executors.vocab import glossary_entry, typo_abbreviation


@lru_cache(maxsize=1)
def categories() -> tuple[str, ...]:
    """The documented set of executor categories."""
    return tuple(vocabulary()["categories"])


def defined_name(name: str, definitions: Mapping[str, str], *,
                 worded: tuple[str, ...] | None = None) -> str | None:
    """The order's full name for ``name``: as printed, its capitals, or by lemmas
    (``worded``: ``_worded`` of the definitions' keys, when the caller has it)."""
    if name in definitions:
        return definitions[name]
    if typo_abbreviation(name) and name.upper() in definitions:
        return definitions[name.upper()]
    if worded is None:
        worded = _worded(tuple(definitions))
    if worded and not is_abbreviation(name):
        mine = _lemma_sets(name)
        for key in _worded_by_size(worded).get(len(mine), ()):  # only as many tokens can match
            if all(a & b for a, b in zip(mine, _lemma_sets(key))):
                return definitions[key]
    return None


@lru_cache(maxsize=1024)
def _worded_by_size(worded: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    """The worded keys by their number of tokens (``_lemma_sets``), each list in order: a
    name is compared only with the keys of its own size (shared: read it only)."""
    sizes: dict[int, list[str]] = {}
    for key in worded:
        sizes.setdefault(len(_lemma_sets(key)), []).append(key)
    return {size: tuple(keys) for size, keys in sizes.items()}


@lru_cache(maxsize=1024)
def _worded(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys with a small letter (a worded name, compared by lemmas), in order."""
    return tuple(k for k in keys if any(c.islower() for c in k))


@lru_cache(maxsize=16384)
def _lemma_sets(phrase: str) -> tuple[frozenset[str], ...]:
    """Each token's lemmas (a non-word: itself), cached: every definition key is compared
    with every executor name of the order."""
    return tuple(lemmas(t.text) if t.kind == "word" else frozenset({t.text})
                 for t in tokenize(phrase))


def _head_lemmas(text: str | None) -> set[str]:
    """Lemmas of the head noun group of ``text`` (empty when it starts otherwise)."""
    if not text:
        return set()
    words = []
    for tok in tokenize(text):
        if tok.kind != "word" or is_abbreviation(tok.text):
            break
        words.append(tok.text)
    group = noun_group(words) if words else None
    if group is None:
        return set()
    return {lem for w in words[:group.end] for lem in lemmas(w)}


def quoted(text: str | None) -> str | None:
    m = re.search(r"[«\"“„]([^«»\"“”„]+)", text or "")
    return m.group(1) if m else None


def _all_lemmas(*texts: str | None) -> set[str]:
    out: set[str] = set()
    for text in texts:
        for tok in tokenize(text or ""):
            if tok.kind == "word":
                out |= lemmas(tok.text) | {tok.text.lower()}
    return out


def _match(rule: Mapping[str, Any], found: set[str]) -> bool:
    return bool(found & set(rule["any"])) and set(rule.get("all", ())) <= found


def _authority(found: set[str], territory: set[str]) -> str | None:
    auth = vocabulary()["authority"]
    if not found & set(auth["heads"]):
        return None
    if territory & set(auth["federal"]):
        return auth["federal_kind"]
    if territory & set(auth["municipal"]):
        return "municipal_authority"
    if territory & set(auth["regional"]):
        return "regional_authority"
    return auth["default"]


def category_by_rules(name: str, full_name: str | None = None) -> str:
    """The kind from lemma rules: the name's head group, a quoted name's head group, the
    full name's head group, then every lemma of both (``kind_rule`` in the data file)."""
    rules = vocabulary()["kind_rule"]
    everything = _all_lemmas(name, full_name)
    scopes = [(_head_lemmas(name), True), (_head_lemmas(quoted(name) or quoted(full_name)), True),
              (_head_lemmas(full_name), True), (everything, False)]
    for found, head in scopes:
        if not found:
            continue
        for rule in rules:
            if (head or rule.get("scope") != "head") and _match(rule, found):
                return rule["kind"]
        auth = _authority(found, everything)
        if auth:
            return auth
    return "other"


@lru_cache(maxsize=65536)  # a pure function of the data files; an order names its bodies again and again
def category_of(name: str, full_name: str | None = None, *, defined: bool = False) -> str:
    """An executor's category: the order's definition read by the rules, else the glossary,
    else the abbreviation patterns, else the lemma rules."""
    if defined:
        by_rules = category_by_rules(name, full_name)
        if by_rules != "other":
            return by_rules
    entry = glossary_entry(name)
    if entry is not None and entry.get("kind"):
        return entry["kind"]
    if full_name is None and entry is not None:
        full_name = entry.get("full_name")
    if all(is_abbreviation(t.text) for t in tokenize(name) if t.kind == "word"):
        for pat in vocabulary()["abbreviation_kind"]:
            if re.search(pat["pattern"], name):
                return pat["kind"]
    return category_by_rules(name, full_name)


