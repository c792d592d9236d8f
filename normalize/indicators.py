"""Numeric targets an indicator cell states: ``parse_targets(text) -> list[IndicatorTarget]``.

Two passes over the tokens of ``normalize.grammar.tokenize``:

1. cover the numbers that are not targets: dates, years and school years (the period
   grammar of ``normalize.periods``), labels ("№ 65", "№ 4, 19, 65", "п. 3"), grades
   ("4 (5) классов"), project names ("500+"), ordinals ("2-й"), item numbers ("1."),
   times ("10:00"); links, e-mail and phone numbers are blanked before tokenizing;
2. read targets: ``[comparator] number [%] [comparator after] [unit noun]`` —
   "не менее 90 %" → (90, percent, >=), "42 школы" → (42, school, =), "до 30%" →
   (30, percent, <=), "5 и более школ" → (5, school, >=).

The unit of a count is the first noun after the number (adjectives and participles
skipped), normalized through ``data/indicators.toml``; a noun in no list keeps its
pymorphy2 lemma; no noun gives "".  A bare number that only leads to the next target
("от 3 до 5 школ") takes that target's unit.  A four-digit number 1900–2100 reads as a
year (documented limit: "2000 участников" is not a target).
"""
from __future__ import annotations

from normalize.memo import text_cache

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from normalize import nlp
from normalize.grammar import Lexicon, Requirement, Token, may_match, requirement, tokenize
from normalize.period_grammar import _ANY_EXPRESSION, number_may_open
from normalize.periods import opens_expression
from normalize.records import IndicatorTarget

_DATA = Path(__file__).parent / "data" / "indicators.toml"
_UNIT_LOOKAHEAD = 4  # words after a number searched for its noun
_SKIP_POS = {"ADJF", "PRTF", "ADJS", "PRTS", "NUMR"}  # words between a number and its noun


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything data/indicators.toml says."""

    unit_words: dict[str, str]  # raw word or lemma → unit
    unit_phrases: dict[tuple[str, ...], str]  # lemma phrase → unit
    unit_phrase_index: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # unit_phrases by first lemma, in order
    percent_signs: frozenset[str]
    percent_words: Lexicon
    before: Lexicon
    after: Lexicon
    signs: dict[str, str]
    labels: Lexicon
    grades: Lexicon
    ordinal_suffixes: frozenset[str]
    cardinal_suffixes: frozenset[str]
    masks: tuple[re.Pattern[str], ...]
    mask_needs: tuple[str, ...]  # characters every match of each mask contains
    mask_requirements: tuple[Requirement, ...]  # grammar.requirement of each mask (finer)


def _needs(pattern: re.Pattern[str]) -> str:
    """Characters every match of pattern contains (its literals outside any group, repeat
    or alternative; none when it ignores case): a text without one is not searched."""
    if pattern.flags & re.IGNORECASE:
        return ""
    try:
        from re import _parser  # the parser re compiles with (Python 3.11+)
        return "".join(chr(arg) for op, arg in _parser.parse(pattern.pattern, pattern.flags)
                       if op == _parser.LITERAL)
    except Exception:  # noqa: BLE001 (no parser: search every text)
        return ""


def _by_first(phrases: dict[tuple[str, ...], str]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """The phrases grouped by their first lemma, each group in the phrases' order (the
    phrases ``_unit`` may find at a word: those starting with its lemma, the first wins)."""
    groups: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, unit in phrases.items():
        groups.setdefault(phrase[0], []).append((phrase, unit))
    return {first: tuple(group) for first, group in groups.items()}


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load data/indicators.toml once."""
    with _DATA.open("rb") as f:
        d = tomllib.load(f)
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for unit, entries in d["units"].items():
        for entry in entries:
            parts = tuple(entry.lower().replace("ё", "е").split())
            if len(parts) == 1:
                words[parts[0]] = unit
            else:
                phrases[parts] = unit
    comp, nt = d["comparators"], d["not_targets"]
    return Vocabulary(
        unit_words=words,
        unit_phrases=phrases,
        unit_phrase_index=_by_first(phrases),
        percent_signs=frozenset(d["percent"]["signs"]),
        percent_words=Lexicon(dict.fromkeys(d["percent"]["words"], True)),
        before=Lexicon({w: op for op, ws in comp["before"].items() for w in ws}),
        after=Lexicon({w: op for op, ws in comp["after"].items() for w in ws}),
        signs={s: op for op, ss in comp["signs"].items() for s in ss},
        labels=Lexicon(dict.fromkeys(nt["labels"], True)),
        grades=Lexicon(dict.fromkeys(nt["grades"], True)),
        ordinal_suffixes=frozenset(nt["ordinal_suffixes"]),
        cardinal_suffixes=frozenset(nt["cardinal_suffixes"]),
        masks=tuple(re.compile(p) for p in nt["masks"]),
        mask_needs=tuple(_needs(re.compile(p)) for p in nt["masks"]),
        mask_requirements=tuple(requirement(re.compile(p)) for p in nt["masks"]),
    )


@lru_cache(maxsize=65536)
def _morph(word: str) -> tuple[str, str]:
    """(part of speech, lemma) of one word by pymorphy2's most likely parse."""
    parses = nlp.morph_vocab().parse(word)
    if not parses:
        return "", word
    return str(parses[0].tag.POS or ""), parses[0].normal_form.replace("ё", "е")


def _mask(text: str) -> str:
    """Blank links, e-mail and phone numbers (same length, so offsets hold)."""
    voc = vocabulary()
    for pattern, required in zip(voc.masks, voc.mask_requirements):
        if may_match(required, text):  # a link needs "://" or "www.", a phone two dashes
            text = pattern.sub(_blank, text)
    return text


def _blank(m: re.Match[str]) -> str:
    """Spaces as long as the match."""
    return " " * (m.end() - m.start())


# ---------------------------------------------------------------------------- pass 1


def _is(toks: Sequence[Token], i: int, kind: str, texts: str | None = None) -> bool:
    """Is token i of this kind (and one of these texts)?"""
    try:
        t = toks[i]
    except IndexError:
        return False
    return t.kind == kind and (texts is None or t.text in texts)


def _percent_at(toks: Sequence[Token], i: int) -> int | None:
    """Index after a percent sign or word at i, else None."""
    voc = vocabulary()
    if i < len(toks) and toks[i].kind == "punct" and toks[i].text in voc.percent_signs:
        return i + 1
    hit = voc.percent_words.match(toks, i)
    if hit is not None:
        return hit[1] + (1 if _is(toks, hit[1], "dot") else 0)
    return None


def covered(toks: Sequence[Token], bits: list[int] | None = None) -> set[int]:
    """Indices of number tokens that are not targets (see the module docstring); ``bits``:
    the tokens' :func:`_token_bits`, when the caller has them."""
    voc = vocabulary()
    out: set[int] = set()
    i = 0
    if bits is None:
        bits = _token_bits(toks)
    # only the tokens a rule below starts at (most are words no rule starts at), in order;
    # one a rule has read past is stepped over
    for start in [k for k, b in enumerate(bits) if b & _COVER_BITS]:
        if start < i:
            continue
        i = start
        t = toks[i]
        role = bits[i]  # _cover_role's bits (and _OPENS_TARGET, which no test below reads)
        # dates, years, school years, quarters: the period grammar (not "2.5 %"); EXPRESSION
        # without its guard, which role holds
        hit = _ANY_EXPRESSION(toks, i) if role & _OPENS_EXPRESSION \
            and (t.kind != "num" or number_may_open(toks, i)) else None
        if hit is not None and _percent_at(toks, hit[1]) is None and any(
            toks[k].kind == "num" for k in range(i, hit[1])
        ):
            out.update(range(i, hit[1]))
            i = hit[1]
            continue
        # labels: "№ 65", "№ 4, 19, 65", "п. 3"
        label = voc.labels.match(toks, i) if role & _OPENS_LABEL else None
        if label is None and t.kind == "punct" and t.text == "№":
            label = (True, i + 1)
        if label is not None:
            j = label[1] + (1 if _is(toks, label[1], "dot") else 0)
            j += 1 if _is(toks, j, "punct", "№") else 0
            while _is(toks, j, "num"):
                out.add(j)
                j += 1
                if _is(toks, j, "dot") and _is(toks, j + 1, "num") and not toks[j + 1].spaced:
                    j += 1  # "п. 2.3"
                    continue
                nxt = j + 1 if _is(toks, j, "punct", ",") or _is(toks, j, "word", ("и",)) else None
                if nxt is None or not _is(toks, nxt, "num") or _unit_starts(toks, nxt + 1):
                    break
                j = nxt
            i = max(j, i + 1)
            continue
        if t.kind == "num":
            j = i + 1
            # "500+": a number glued to a plus names something
            if _is(toks, j, "punct", "+"):
                out.add(i)
            # "2-й", "9-х": an ordinal
            elif _is(toks, j, "dash") and _is(toks, j + 1, "word") and toks[j + 1].text in voc.ordinal_suffixes \
                    and not toks[j + 1].spaced:
                out.add(i)
            # "10:00": a time
            elif _is(toks, j, "punct", ":") and _is(toks, j + 1, "num") and not toks[j + 1].spaced:
                out.update((i, j + 1))
            # "1." / "1)" / "1.2." opening the cell or a segment: an item number
            elif (i == 0 or _is(toks, i - 1, "punct", ";")) and (item_end := _item_number(toks, i)) is not None:
                out.update(k for k in range(i, item_end) if toks[k].kind == "num")
                i = item_end
                continue
            else:
                grade_end = _grade(toks, i)
                if grade_end is not None:
                    out.update(k for k in range(i, grade_end) if toks[k].kind == "num")
                    i = grade_end
                    continue
        i += 1
    return out


_OPENS_EXPRESSION, _OPENS_LABEL, _OTHER = 1, 2, 4  # _cover_role's bits
_COVER_BITS = _OPENS_EXPRESSION | _OPENS_LABEL | _OTHER
_OPENS_TARGET = 8  # _token_bits' bit for _opens_target

# token text → its _token_bits: a token's kind follows from its text (tokenize tells a
# number, a word, a dash, a dot and other punctuation apart by the first character), so one
# lookup of the text stands for the two caches on (kind, text); emptied when it grows large
_BITS_OF_TEXT: dict[str, int] = {}


def _token_bits(toks: Sequence[Token]) -> list[int]:
    """Each token's ``_cover_role`` with ``_OPENS_TARGET`` when ``_opens_target``."""
    known = _BITS_OF_TEXT
    try:
        return [known[t[1]] for t in toks]
    except KeyError:
        if len(known) > 65536:
            known.clear()
        for kind, text, *_ in toks:
            if text not in known:
                known[text] = _cover_role(kind, text) | (_OPENS_TARGET if _opens_target(kind, text) else 0)
        return [known[t[1]] for t in toks]


@lru_cache(maxsize=65536)  # of one token's kind and text
def _cover_role(kind: str, text: str) -> int:
    """What pass 1 may read at a token of this kind and text, in one lookup: a date
    expression (``opens_expression``), a label (a word ``_opens_label`` accepts), the other
    rules (a number; "№"); 0: none of them starts here."""
    return (_OPENS_EXPRESSION if opens_expression(kind, text) else 0) \
        | (_OPENS_LABEL if kind == "word" and _opens_label(text) else 0) \
        | (_OTHER if kind == "num" or (kind == "punct" and text == "№") else 0)


@lru_cache(maxsize=65536)  # of one word
def _opens_label(word: str) -> bool:
    """Could a label ("№", "п.") start with this word?"""
    return vocabulary().labels.starts(word)


def _item_number(toks: Sequence[Token], i: int) -> int | None:
    """"1. ", "1) ", "1.2. ": the index after an item number, which a space must follow."""
    j = i + 1
    while _is(toks, j, "dot") and _is(toks, j + 1, "num") and not toks[j + 1].spaced:
        j += 2
    if (_is(toks, j, "dot") or _is(toks, j, "punct", ")")) and (j + 1 >= len(toks) or toks[j + 1].spaced):
        return j + 1
    return None


def _grade(toks: Sequence[Token], i: int) -> int | None:
    """"4 (5) классов", "5–9 классов", "9-х классов": the index after the grade noun."""
    j = i + 1
    if _is(toks, j, "dash") and _is(toks, j + 1, "num"):
        j += 2
    if _is(toks, j, "punct", "(") and _is(toks, j + 1, "num") and _is(toks, j + 2, "punct", ")"):
        j += 3
    voc = vocabulary()
    if _is(toks, j, "dash") and _is(toks, j + 1, "word") \
            and toks[j + 1].text in voc.ordinal_suffixes | voc.cardinal_suffixes:
        j += 2
    hit = voc.grades.match(toks, j)
    return hit[1] if hit is not None else None


# ---------------------------------------------------------------------------- pass 2


def _unit_starts(toks: Sequence[Token], i: int) -> bool:
    """Does a counted noun begin at i (for "№ 5, 10 кураторов": 10 is a count)?"""
    return _unit(toks, i)[0] != ""


def _unit(toks: Sequence[Token], i: int) -> tuple[str, int]:
    """The unit of a count whose number ends before i, and the index after its noun."""
    voc = vocabulary()
    words: list[tuple[str, str, str, int]] = []  # (word, pos, lemma, index)
    j = i
    while j < len(toks) and len(words) < _UNIT_LOOKAHEAD:
        t = toks[j]
        if t.kind != "word":  # the noun phrase ends at a number or punctuation ("школ-участниц")
            break
        words.append((t.text, *_morph(t.text), j))
        j += 1
    lemmas = tuple(w[2] for w in words)
    index = voc.unit_phrase_index
    for k, (word, pos, lemma, idx) in enumerate(words):
        for phrase, unit in index.get(lemma, ()):  # only a phrase opening with this lemma can match here
            if lemmas[k:k + len(phrase)] == phrase:
                return unit, words[k + len(phrase) - 1][3] + 1
        if word in voc.unit_words:
            return voc.unit_words[word], idx + 1
        if pos == "NOUN":
            return voc.unit_words.get(lemma, lemma), idx + 1
        if pos not in _SKIP_POS:
            break
    return "", i


def _number(toks: Sequence[Token], i: int, cover: set[int]) -> tuple[float, int] | None:
    """A number not covered by pass 1, with a decimal part glued by "," or "."."""
    if not _is(toks, i, "num") or i in cover:
        return None
    text = toks[i].text
    j = i + 1
    if (_is(toks, j, "punct", ",") or _is(toks, j, "dot")) and not toks[j].spaced \
            and _is(toks, j + 1, "num") and not toks[j + 1].spaced and j + 1 not in cover:
        text, j = f"{text}.{toks[j + 1].text}", j + 2
    voc = vocabulary()
    if _is(toks, j, "dash") and _is(toks, j + 1, "word") and not toks[j + 1].spaced \
            and toks[j + 1].text in voc.cardinal_suffixes:
        j += 2  # "3-х"
    return float(text), j


def _comparator(toks: Sequence[Token], i: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """A comparator phrase or sign at i."""
    hit = lexicon.match(toks, i)
    if hit is not None:
        return hit
    voc = vocabulary()
    if _is(toks, i, "punct"):
        two = toks[i].text + toks[i + 1].text if i + 1 < len(toks) and not toks[i + 1].spaced else ""
        if two in voc.signs:
            return voc.signs[two], i + 2
        if toks[i].text in voc.signs:
            return voc.signs[toks[i].text], i + 1
    return None


@lru_cache(maxsize=65536)
def _opens_target(kind: str, text: str) -> bool:
    """Could a target start at a token of this kind and text: a number, a word opening a
    comparator phrase ("не менее"), or the first sign of a comparator ("≥", ">=")?"""
    voc = vocabulary()
    if kind == "num":
        return True
    if kind == "word":
        return voc.before.starts(text)
    return kind == "punct" and any(sign.startswith(text) for sign in voc.signs)


def _target_at(toks: Sequence[Token], i: int, cover: set[int]) -> tuple[float, str, str, int, bool] | None:
    """(value, unit, comparison, end index, percent?) of a target starting at i; tokens that
    cannot open one are turned away first."""
    t = toks[i]
    if not _opens_target(t.kind, t.text):
        return None
    return _any_target_at(toks, i, cover)


def _any_target_at(toks: Sequence[Token], i: int, cover: set[int]) -> tuple[float, str, str, int, bool] | None:
    """_target_at without the guard (the reference the tests compare it with)."""
    voc = vocabulary()
    op, j = "=", i
    comp = _comparator(toks, i, voc.before)
    if comp is not None:
        op, j = comp
    num = _number(toks, j, cover)
    if num is None:
        return None
    value, j = num
    pct = _percent_at(toks, j)
    if pct is not None:
        j = pct
    after = _comparator(toks, j, voc.after)
    if after is not None:
        op, j = after
    if pct is not None:
        return value, "percent", op, j, True
    unit, end = _unit(toks, j)
    return value, unit, op, (end if unit else j), False


_DIGIT = re.compile(r"\d")


def parse_targets(text: str | None) -> list[IndicatorTarget]:
    """The numeric targets an indicator cell states, in order."""
    return list(_targets(text)) if text else []


@text_cache(maxsize=8192)  # an indicator cell recurs down a table and across orders
def _targets(text: str) -> tuple[IndicatorTarget, ...]:
    """parse_targets of one cell text, remembered."""
    if _DIGIT.search(text) is None:  # a target is a number (a "num" token: a digit run);
        return ()  # masking only blanks
    masked = _mask(text)
    if _DIGIT.search(masked) is None:
        return ()
    toks = tokenize(masked)
    bits = _token_bits(toks)
    cover = covered(toks, bits)
    found: list[tuple[float, str, str, int, int]] = []  # value, unit, op, first token, end token
    i = 0
    # _target_at at each token that may open a target (its guard read from the bits), past
    # the end of the last one found
    for start in [k for k, b in enumerate(bits) if b & _OPENS_TARGET]:
        if start < i:
            continue
        hit = _any_target_at(toks, start, cover)
        if hit is None:
            i = start + 1
            continue
        value, unit, op, end, _ = hit
        found.append((value, unit, op, start, end))
        i = end
    # "от 3 до 5 школ": a bare number leading straight to the next target takes its unit
    for k in range(len(found) - 1, 0, -1):
        value, unit, op, a, b = found[k - 1]
        if not unit and found[k][3] - b <= 1 and all(toks[x].kind in ("dash", "punct") or toks[x].text == "и"
                                                     for x in range(b, found[k][3])):
            found[k - 1] = (value, found[k][1], op, a, b)
    return tuple(
        IndicatorTarget(value, unit, op, text[toks[a].start:toks[b - 1].end])
        for value, unit, op, a, b in found
    )
