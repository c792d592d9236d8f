"""An order's own abbreviations: every «(далее – X)» and the full name X stands for.

``find_definitions(text)`` maps each short name to its full name.  The full name's extent
is recovered backwards from the parenthesis as a chain of noun groups: a quoted name,
the legal form or head noun before it, genitive dependents ("учреждению дополнительного
профессионального образования «…»"), apposition of body nouns ("учреждению
информационно-методическому центру г.Омска").  When the chain holds a body noun
(``body_heads`` in ``data/executors.toml``) the name starts at the leftmost one
("распоряжения Департамента общего образования …" → "Департамент …"); a worded short name
("План-график") starts where the sentence names it.  The leading noun group is put in the
nominative with pymorphy2; everything after it stays as printed.

The tokenizer (``normalize.definition_tokens``) and the per-word morphology
(``normalize.morphology``), both re-exported here, are shared with ``normalize.executors``.
"""
from __future__ import annotations

from normalize.memo import text_cache

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from pymorphy2.analyzer import Parse

# the word-level morphology, re-exported: normalize.executors imports it from here
from normalize.morphology import (  # noqa: F401
    Form,
    Group,
    _agree,
    _ends_group,
    _parses,
    adjective_forms,
    grammemes,
    is_abbreviation,
    is_conjunction,
    is_preposition,
    is_proper,
    lemmas,
    main_pos,
    noun_forms,
    noun_group,
    word_forms,
)
from normalize.records import slot_init

# the tokenizer, re-exported: normalize.executors and the tests import it from here
from normalize.definition_tokens import (  # noqa: F401
    _CACHED_LENGTH,
    _SINGLE,
    _SPACED_TOKEN,
    _TOKEN,
    Token,
    _cell_tokens,
    _new_tuple,
    _scan,
    tokenize,
)

DATA = Path(__file__).resolve().parent / "data" / "executors.toml"


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The executors / definitions vocabulary (``data/executors.toml``)."""
    with DATA.open("rb") as fh:
        return tomllib.load(fh)


# ----------------------------------------------------------------------------- nominative


def _inflect(word: str, form: Form, target: set[str]) -> str | None:
    """``word`` in the reading ``form``, inflected to ``target``; case kept as printed."""
    return _inflected(word, form, frozenset(target))


@lru_cache(maxsize=65536)
def _inflected(word: str, form: Form, target: frozenset[str]) -> str | None:
    """_inflect, cached per word, reading and target (pymorphy2's inflection is slow)."""
    for parse in _parses(word):
        tag = parse.tag
        if tuple(str(x) if x else None for x in (tag.POS, tag.case, tag.number, tag.gender)) \
                == tuple(form[:4]):
            new = Parse.inflect(parse, set(target))
            if new is None:
                return None
            out = new.word
            if word.isupper():
                return out.upper()
            if word[:1].isupper():
                return out[:1].upper() + out[1:]
            return out
    return None


def nominative(words: list[str]) -> list[str] | None:
    """The noun group ``words`` in the nominative (number kept), or None when unsure."""
    group = noun_group(words)
    if group is None or group.end != len(words):
        return None
    if "nomn" in group.cases:
        return list(words)
    head = group.heads[0]
    if not group.has_noun:
        return None
    out = []
    for word, forms in zip(words[:-1], group.forms):
        adj = next((a for a in forms if _agree(a, head)), None)
        new = _inflect(word, adj, {"nomn"}) if adj else None
        if new is None:
            return None
        out.append(new)
    new = _inflect(words[-1], head, {"nomn"})
    if new is None:
        return None
    return [*out, new]


# ----------------------------------------------------------------------------- definitions


@slot_init
@dataclass(frozen=True, slots=True)
class Definition:
    """One «(далее – X)»: the short name, the full name (nominative) and where it stands."""

    short: str
    full: str  # nominative where the grammar is sure, else as printed
    printed: str  # the full name as printed
    start: int  # offset of the full name in the text
    end: int  # offset just past the closing parenthesis
    is_body: bool


@lru_cache(maxsize=1)
def _definition_pattern() -> re.Pattern[str]:
    fillers = "|".join(re.escape(f).replace(r"\ ", r"\s+")
                       for f in vocabulary()["definitions"]["fillers"])
    return re.compile(
        rf"\(\s*далее\s*(?:(?:{fillers})\s*)?(?:[-–—−‑]\s*|\s)\s*(?P<short>[^()]+?)\s*\)",
        re.IGNORECASE)


_QUOTES = "«»„“”\""


def _clean_short(short: str) -> str:
    """The short name without its wrapping quotes ("«Министерство»" → "Министерство")."""
    short = " ".join(short.split()).strip(" .,;:")
    while len(short) > 1 and short[0] in _QUOTES and short[-1] in _QUOTES:
        short = short[1:-1].strip()
    if short[:1] in _QUOTES and not any(q in short[1:] for q in _QUOTES):
        short = short[1:]
    if short[-1:] in _QUOTES and not any(q in short[:-1] for q in _QUOTES):
        short = short[:-1]
    return short


class _Unit(NamedTuple):
    kind: str  # word, abbr, quote, paren, num, no, dot, stop
    start: int  # token index
    end: int  # token index past


def _units(tokens: list[Token]) -> list[_Unit]:
    """Tokens grouped: a quoted name and a parenthesis are one unit each (forward pass)."""
    units: list[_Unit] = []
    add = units.append
    n, i = len(tokens), 0
    while i < n:
        kind, text, _, _ = tokens[i]
        if kind == "word":  # the common case first; an abbreviation's letters are all capitals
            add(_new_tuple(_Unit, ("abbr" if text.isupper() and is_abbreviation(text) else "word", i, i + 1)))
            i += 1
        elif kind in ("oq", "dq"):
            depth, j = 1, i + 1
            while j < n and depth:
                k = tokens[j].kind
                if k == "oq":
                    depth += 1
                elif k in ("cq", "dq"):
                    depth -= 1
                j += 1
            add(_Unit("quote", i, j))  # an open quote runs to the end
            i = j
        elif kind == "op":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"op": 1, "cp": -1}.get(tokens[j].kind, 0)
                j += 1
            if depth:  # unclosed: whatever precedes it is another phrase
                add(_Unit("stop", i, i + 1))
                i += 1
                continue
            add(_Unit("paren", i, j))
            i = j
        elif kind == "nl":
            i += 1
        else:
            single = kind if kind in ("num", "no") else "dot" if kind == "punct" and text == "." \
                else "stop"
            add(_new_tuple(_Unit, (single, i, i + 1)))
            i += 1
    return units


@lru_cache(maxsize=1)
def _body_heads() -> frozenset[str]:
    return frozenset(vocabulary()["definitions"]["body_heads"])


def _locality() -> frozenset[str]:  # read once per window
    return frozenset(vocabulary()["definitions"]["locality"])


def _group_back(units: list[_Unit], tokens: list[Token], end: int) -> tuple[int, Group] | None:
    """The noun group that ends at unit ``end`` (exclusive), read backwards."""
    start = end
    while start > 0 and units[start - 1].kind == "word" and end - start < 8:
        start -= 1
    words_units = units[start:end]
    for s in range(len(words_units)):
        words = [tokens[u.start].text for u in words_units[s:]]
        group = noun_group(words)
        if group is not None and group.end == len(words) and group.has_noun:
            return start + s, group
    return None


def _chain_start(units: list[_Unit], tokens: list[Token]) -> tuple[int, list[tuple[int, Group | None]]]:
    """Walk back over noun groups, quotes and legal forms; the first unit of the chain and
    the groups met (unit index, group or None for a quote / abbreviation).

    A noun group joins the chain when the group after it can be its dependent: genitive
    ("учреждению … образования"), instrumental ("органами управления образованием"), a
    quoted name or a locality; or when both are body nouns in the same case (apposition)."""
    i = len(units)
    groups: list[tuple[int, Group | None]] = []
    left: str | None = None  # what the chain's leftmost piece is: quote, abbr, num, np, loc
    left_cases: frozenset[str] = frozenset()
    locality = _locality()
    while i > 0:
        u = units[i - 1]
        if u.kind == "quote" and left in (None, "loc"):
            i -= 1
            groups.append((i, None))
            left, left_cases = "quote", frozenset()
            continue
        if u.kind == "abbr" and left in (None, "quote", "abbr", "num", "no"):
            i -= 1
            groups.append((i, None))
            left = "abbr"
            continue
        if u.kind == "num" and left is None:
            i -= 1
            left = "num"
            continue
        if u.kind == "no" and left == "num":
            i -= 1
            left = "no"
            continue
        if u.kind == "dot" and i >= 2 and units[i - 2].kind == "word" \
                and lemmas(tokens[units[i - 2].start].text) & locality and left == "np":
            i -= 2  # "г." before a place name
            left, left_cases = "loc", frozenset()
            continue
        if _coordinated_genitive(units, tokens, i, left, left_cases):
            i -= 1  # "образования, науки и молодежной политики": genitives in a row
            continue
        if u.kind == "word":
            word = tokens[u.start].text
            if lemmas(word) & locality and left == "np" and not is_preposition(word) \
                    and tokens[units[i].start].text[:1].isupper():
                i -= 1
                left = "loc"
                continue
            found = _group_back(units, tokens, i)
            if found is None:
                break
            gstart, group = found
            head_lemmas = {f.lemma for f in group.heads}
            if left is None or left in ("quote", "loc") \
                    or (left == "np" and left_cases & {"gent", "ablt"}) \
                    or (left == "np" and group.cases & left_cases and head_lemmas & _body_heads()):
                i = gstart
                groups.append((gstart, group))
                left, left_cases = "np", group.cases
                continue
            # the group may only partly belong: its trailing words as a dependent
            break
        break
    return i, groups[::-1]


def _coordinated_genitive(units: list[_Unit], tokens: list[Token], i: int, left: str | None,
                          left_cases: frozenset[str]) -> bool:
    """Unit ``i - 1`` is a comma or «и» between two genitives that are not bodies
    («Министерство образования, науки и молодежной политики …»)."""
    u = units[i - 1]
    tok = tokens[u.start]
    if left != "np" or "gent" not in left_cases or i < 2 or units[i - 2].kind != "word":
        return False
    if not (tok.kind == "comma" or (u.kind == "word" and tok.text.lower() == "и")):
        return False
    found = _group_back(units, tokens, i - 1)
    return found is not None and "gent" in found[1].cases \
        and not {f.lemma for f in found[1].heads} & _body_heads()


def _sentence_start(units: list[_Unit], tokens: list[Token]) -> int:
    """First unit of the sentence that ends the window."""
    i = len(units)
    while i > 0:
        u = units[i - 1]
        if u.kind == "stop" and tokens[u.start].kind in ("semi", "tab", "cp") \
                or (u.kind == "stop" and tokens[u.start].text in ":!?"):
            break
        if u.kind == "dot" and not (i >= 2 and units[i - 2].kind in ("word", "abbr")
                                    and len(tokens[units[i - 2].start].text) <= 2):
            break
        i -= 1
    return i


def _named_start(units: list[_Unit], tokens: list[Token], short: str) -> int | None:
    """Where a worded short name ("План-график") is first named in the sentence."""
    first = tokenize(short)
    if not first or first[0].kind != "word":
        return None
    wanted = lemmas(first[0].text)
    begin = _sentence_start(units, tokens)
    for i in range(len(units) - 1, begin - 1, -1):
        u = units[i]
        if u.kind == "word" and lemmas(tokens[u.start].text) & wanted:
            found = _group_back(units, tokens, i + 1)
            return found[0] if found else i
        if u.kind == "paren" and any(t.kind == "word" and lemmas(t.text) & wanted
                                     for t in tokens[u.start:u.end]):
            found = _group_back(units, tokens, i)
            return found[0] if found else None
    return None


def _full_name(text: str, tokens: list[Token], units: list[_Unit], start: int) -> tuple[str, str]:
    """(nominative, printed) of units[start:] over ``text``."""
    printed = " ".join(text[tokens[units[start].start].start:tokens[-1].end].split())
    words: list[str] = []
    for u in units[start:]:
        if u.kind != "word":
            break
        words.append(tokens[u.start].text)
    group = noun_group(words) if words else None
    if group is None or not group.has_noun:
        return printed, printed
    # the head group, and body nouns in apposition right after it ("учреждению … центру")
    segments = [words[:group.end]]
    pos = group.end
    while pos < len(words):
        nxt = noun_group(words[pos:])
        if nxt is None or not nxt.has_noun or not nxt.cases & group.cases \
                or not {f.lemma for f in nxt.heads} & _body_heads() \
                or ("gent" in nxt.cases and "gent" not in group.cases):
            break
        segments.append(words[pos:pos + nxt.end])
        pos += nxt.end
    new_words: list[str] = []
    for seg in segments:
        nom = nominative(seg)
        if nom is None:
            return printed, printed
        new_words.extend(nom)
    last = tokens[units[start + pos - 1].start]
    full = " ".join((" ".join(new_words) + text[last.end:tokens[-1].end]).split())
    return full, printed


def _leading_words(text: str) -> tuple[list[str], str | None]:
    """The word tokens ``text`` opens with and the next token's kind (None at the end): the
    scan stops there (a full name is judged by its first words; the rest need not be read)."""
    words: list[str] = []
    for m in _SPACED_TOKEN.finditer(text):
        _, word, num, other = m.groups()
        if word:
            words.append(word)
        else:
            return words, "num" if num else _SINGLE.get(other, "punct")
    return words, None


def is_body_definition(short: str, full: str) -> bool:
    """Whether a definition names a body or a role (not a plan, a project, a system): its
    full name is headed by a body or role noun, or is a legal form before a quoted name."""
    words, after = _leading_words(full)
    if len(words) == 1 and is_abbreviation(words[0]) and after in ("oq", "dq"):
        return True  # a legal form before a quoted name: "ФГБУ «…»"
    group = noun_group(words) if words and not is_abbreviation(words[0]) else None
    if group is None or not group.has_noun:
        return False
    heads = {f.lemma for f in group.heads}
    return bool(heads & _body_heads()) or not heads.isdisjoint(vocabulary()["definitions"].get("role_heads", []))


def find_definition_spans(text: str) -> list[Definition]:
    """Every «(далее – X)» in ``text`` with its full name's extent, in text order."""
    if len(text) <= _CACHED_LENGTH:  # cells recur; a whole document is not kept
        return list(_definition_spans(text))
    return list(_definition_spans.__wrapped__(text))


_TAIL = 400  # characters of a window read first (a full name is rarely longer)
_SAFE_MARGIN = 12  # units: the backward walks read at most 10 units before where they stop
_NOTHING = ((), [], 0)  # the window yields no definition
_STRUCTURE = re.compile(r"[«„“»”\"()]")  # the oq, cq, dq, op, cp tokens of the unit pass


def _groups_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Character spans [from, to) of the quotes and parentheses the unit pass groups in
    ``text[start:end]``: the pass of :func:`_units` run on its bracket tokens alone."""
    marks = [(m.start(), m.group()) for m in _STRUCTURE.finditer(text, start, end)]
    spans, i = [], 0
    while i < len(marks):
        pos, ch = marks[i]
        if ch in "«„“\"":
            depth, j = 1, i + 1
            while j < len(marks) and depth:
                c = marks[j][1]
                depth += 1 if c in "«„“" else -1 if c in "»”\"" else 0
                j += 1
            spans.append((pos, marks[j - 1][0] + 1 if not depth else end))
            i = j
        elif ch == "(":
            depth, j = 1, i + 1
            while j < len(marks) and depth:
                depth += {"(": 1, ")": -1}.get(marks[j][1], 0)
                j += 1
            if not depth:
                spans.append((pos, marks[j - 1][0] + 1))
                i = j
            else:  # unclosed: a unit of its own, the pass goes on after it
                i += 1
        else:
            i += 1
    return spans


def _window_cut(text: str, start: int, end: int) -> int:
    """A whitespace offset about ``_TAIL`` characters before ``end`` that no quote or
    parenthesis group spans (so the tokens and units from there on are the window's), or
    ``start`` when there is none."""
    target = end - _TAIL
    if target <= start:
        return start
    groups = _groups_of(text, start, end)
    while target > start:
        if not text[target].isspace():
            target -= 1
            continue
        inside = next((a for a, b in groups if a <= target < b), None)
        if inside is None:
            return target
        target = inside - 1  # before the group
    return start


def _read_window(text: str, start: int, end: int, short: str, *, margin: int = 0
                 ) -> tuple[list[Token], list[_Unit], int] | tuple | None:
    """Tokens, units and the full name's first unit of the window ``text[start:end]``;
    ``_NOTHING`` when it names nothing; None when the walk back came within ``margin``
    units of the window's start (it might have read on before it)."""
    tokens = tokenize(text, start, end)  # the window's, offsets in text
    if not tokens:
        return None if margin else _NOTHING
    units = _units(tokens)
    first, groups = _chain_start(units, tokens)
    if first < margin:
        return None
    body_starts = [g for g in groups if g[1] is not None and g[1].has_noun
                   and {f.lemma for f in g[1].heads} & _body_heads()]
    if body_starts:
        first = body_starts[0][0]
    elif any(c.islower() for c in short):
        if margin and _sentence_start(units, tokens) < margin:
            return None
        named = _named_start(units, tokens, short)
        if named is not None and named <= first:
            first = named
    if first >= len(units):
        return _NOTHING
    return tokens, units, first


@text_cache(maxsize=4096)
def _definition_spans(text: str) -> tuple[Definition, ...]:
    """:func:`find_definition_spans` (cached for short texts: executors cells recur; a
    Definition is frozen)."""
    if "(" not in text:
        return ()
    out: list[Definition] = []
    skip = vocabulary()["definitions"]["skip_if"]
    prev_end = 0
    for m in _definition_pattern().finditer(text):
        short = _clean_short(m.group("short"))
        window_start = max(prev_end, m.start() - 1500)
        prev_end = m.end()
        if not short or any(s in m.group(0).lower() for s in skip):
            continue
        tab = text.rfind("\t", window_start, m.start())  # the window starts after a tab
        if tab >= 0:
            window_start = tab + 1
        read = None
        cut = _window_cut(text, window_start, m.start())
        if cut > window_start:  # the window's tail first; the whole window when it reads further
            read = _read_window(text, cut, m.start(), short, margin=_SAFE_MARGIN)
        if read is None:
            read = _read_window(text, window_start, m.start(), short)
        if read is _NOTHING:
            continue
        tokens, units, start = read
        full, printed = _full_name(text, tokens, units, start)
        out.append(Definition(short=short, full=full, printed=printed,
                              start=tokens[units[start].start].start, end=m.end(),
                              is_body=is_body_definition(short, full)))
    return tuple(out)


def find_definitions(text: str) -> dict[str, str]:
    """Short name → full name (nominative where sure) for every «(далее – X)» in ``text``.

    A short name defined twice keeps the first full name that reads as a noun phrase."""
    out: dict[str, str] = {}
    for d in find_definition_spans(text):
        if d.short not in out or (not _reads_well(out[d.short]) and _reads_well(d.full)):
            out[d.short] = d.full
    return out


def _reads_well(full: str) -> bool:
    """A full name that starts with a noun group or a legal form and does not start mid-quote."""
    words, _ = _leading_words(full)
    if not words:
        return False
    if is_abbreviation(words[0]):
        return True
    group = noun_group(words)
    return group is not None and group.has_noun
