"""Words broken across line ends, joined again by geometry and morphology, not by lists.

Word and LibreOffice break a word that does not fit a narrow cell anywhere, without a
hyphen ("Ответственн|ые", "министерств|о"); automatic hyphenation breaks it at a syllable
with a hyphen ("разви-|тия", "му-|ниципаль-|ный").  A true compound broken at its own
hyphen ("школ-|участниц", "естественно-|научный") keeps the hyphen.

A line end is a *candidate* break when the line ends in a letter (or a letter and ``-``)
and the next line starts with a lower-case letter.  pymorphy2 decides:

* with a hyphen: a compound the dictionary has as such keeps it ("естественно-научный");
  else a dictionary word joined drops it ("кура-|торов", "на-|правление"); else the joined
  word must be known or *confidently predicted* (a known prefix before a dictionary word:
  "анти" + "рисковых") and some fragment not a *common word* (one the dictionary has as
  something other than a name: "анти" is only a first name); two common words stay a
  compound ("школ-|участниц").  A lower-case fragment before the hyphen that is no word
  at all is a syllable ("веби-|нар"), capitalised too ("Инструмен-|тарий"); a piece that
  joined is the combining form of a word goes on as one ("психо-|лого-педагогической":
  "психолог" + "о"); two capitalised abbreviation pieces are one abbreviation ("ФИ-|ОКО").
* without a hyphen, only a word wider than its column is broken, so it stands alone on its
  line; a line the geometry shows short of the cell's right edge (``full`` False) is never
  a break.  The joined word must be known and some fragment not a common word
  ("Ответственн|ые"); two common words ("министерств|о") join only when the line reaches
  the edge (``full`` True) or, geometry unknown, when the remainder is one or two letters
  with no word after it ("(выполнен|о)": a preposition is always followed by a word).

In a chain over several lines ("му-|ниципаль-|ный", "информа-|ционно-|аналитиче-|ский")
each break is decided on its own, from the last back.  A line opening with a closing mark
(")", "»", ",", …) was pushed over by a long word: it follows without a space.  A line that ends in a printed space
(kept as a trailing space by the PDF reader) is never a break: the source had a space there.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_WORD_END = re.compile(r"(?<!\w)(?<!\d-)([^\W\d_]+)(-?)$")  # not "735-р"
_WORD_START = re.compile(r"^([а-яёa-z][^\W\d_]*)(-?)(?!\w)")
_COMPOUND_TAIL = re.compile(r"^(?:-[^\W\d_]+)+")
_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ"}
_NAME_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Init"}
_CONFIDENT_METHODS = {"DictionaryAnalyzer", "KnownPrefixAnalyzer"}
_CYRILLIC = re.compile(r"^[а-яё]+$")
_CAPS = re.compile(r"^[А-ЯЁ]{2,}$")
_COMBINING = re.compile(r"^[а-яё]{3,}[ое]$")  # "психолого-", "медико-": half a compound
_HYPHEN_BEFORE_CAPITAL = re.compile(r"[^\W\d_]-$")
_CAPS_START = re.compile(r"^([А-ЯЁ]{2,})()(?![^\W\d_])")
_CLOSING = re.compile(r"^[)\]»,.;:!?]")  # a line opening with these was pushed over by a long word
_INNER_PIECE = re.compile(r"^[а-яё]{2,}[А-ЯЁ]")  # "риУМ": the inside of a mixed-case name
_SHORT_REMAINDER = 2  # letters after a mid-word break with no geometry and known fragments


def _morph():
    from normalize.nlp import morph_vocab

    return morph_vocab()


@lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    """Known to the dictionary, or predicted from a known prefix + a dictionary word."""
    word = word.lower()
    if not _CYRILLIC.match(word):
        return False
    morph = _morph()
    if morph.word_is_known(word):
        return True
    parses = morph.parse(word)
    return bool(parses) and all(type(m[0]).__name__ in _CONFIDENT_METHODS
                                for m in parses[0].methods_stack)


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """The dictionary has ``word`` as something other than a proper name or abbreviation."""
    word = word.lower()
    morph = _morph()
    if not _CYRILLIC.match(word) or not morph.word_is_known(word):
        return False
    return any(p.is_known and not (_NAME_TAGS & set(p.tag.grammemes)) for p in morph.parse(word))


@lru_cache(maxsize=65536)
def is_function_word(word: str) -> bool:
    """A preposition, conjunction, particle or interjection (never half of a compound)."""
    parses = _morph().parse(word.lower())
    return bool(parses) and parses[0].tag.POS in _FUNCTION_POS


def decide_join(fragments: Sequence[str], hyphens: Sequence[bool], *, alone: bool,
                full: bool | None, tail: str = "", last_word: bool = False) -> bool:
    """Whether a chain of fragments broken at line ends is one word written solid.

    ``hyphens[i]``: the break after ``fragments[i]`` printed a hyphen; ``alone``: the first
    fragment is the only word of its line; ``full``: that line reaches the cell's right edge
    (None when the geometry is unknown); ``tail``: the rest of a hyphenated compound after
    the last fragment ("-педагогической"); ``last_word``: no word follows the last fragment
    on its line (punctuation or the line's end does)."""
    if full is False and not any(hyphens):
        return False  # a line short of the edge ended there on purpose
    joined = "".join(fragments)
    if any(hyphens) and all(_CAPS.match(f) for f in fragments):
        return True  # an abbreviation hyphenated like a word: "ФИ-|ОКО"
    if any(hyphens):
        if _known("-".join(fragments) + tail):
            return False  # a compound the dictionary has as such: "естественно-научный"
        if _known(joined + tail) if tail else _known(joined):
            return True  # "кура-|торов", "на-|правление", "психо-|лого-педагогической"
        if any(h and _is_syllable(f) for f, h in zip(fragments, hyphens)):
            return True  # no word before the hyphen: a syllable, "веби-|нар", "Инструмен-|тарий"
        if any(h and _is_inner_piece(f) for f, h in zip(fragments[1:], hyphens)):
            return True  # no word after the hyphen, lower then upper case: "Инструмента-|риУМ"
        if tail and _COMBINING.search(joined) and is_word(joined[:-1]):
            return True  # joined, a combining form of a word: "психо-|лого-педагогической"
    if not any(hyphens) and not alone:
        return False  # only a word wider than its column breaks without a hyphen
    if not is_word(joined):
        return False
    if not all(is_common_word(f) for f in fragments):
        return True
    if any(hyphens):  # every fragment a word: a compound, unless a function word is hyphenated
        return any(is_function_word(f) for f, h in zip(fragments, hyphens) if h)
    # Only a word wider than its column is broken without a hyphen: it stands alone.  A
    # remainder that reads as a preposition or conjunction but has no word after it
    # ("(выполнен|о)") is no preposition.
    return full is True or (last_word and len(fragments[-1]) <= _SHORT_REMAINDER)


def decide_breaks(fragments: Sequence[str], hyphens: Sequence[bool], *, alone: bool,
                  full: bool | None, tail: str = "", last_word: bool = False) -> list[bool]:
    """Whether each break of a chain is inside a word, decided one break at a time.

    A chain mixes syllable breaks and compound hyphens ("информа-|ционно-|аналитиче-|ский"),
    so each break is read from the fragment before it and what follows it, from the last
    break back: the right side is then whole (the fragments already joined up to the next
    kept hyphen, and the compound's rest after it as ``tail``).  The arguments are those
    of :func:`decide_join`; ``alone`` and ``full`` describe the first break's line."""
    joins = [False] * (len(fragments) - 1)
    right, rest = fragments[-1], tail
    for k in range(len(fragments) - 2, -1, -1):
        first, last = k == 0, k == len(fragments) - 2
        joins[k] = decide_join([fragments[k], right], [hyphens[k]], alone=alone or not first,
                               full=full if first else None, tail=rest,
                               last_word=last_word and last)
        if joins[k]:
            right = fragments[k] + right
        else:
            right, rest = fragments[k], "-" + right + rest
    return joins


def _is_syllable(fragment: str) -> bool:
    """A fragment before a hyphen that is no word and no combining form, in lower case or
    capitalised (the first syllable of a sentence's first word)."""
    lower = fragment.lower()
    return (bool(_CYRILLIC.match(lower)) and fragment[1:] == lower[1:] and not is_word(lower)
            and not _COMBINING.search(lower))


def _is_inner_piece(fragment: str) -> bool:
    """A fragment after a hyphen that is no word and opens in lower case with capitals after
    it ("риУМ"): the second half of a compound is a word written as words are (lower case,
    capitalised or all capitals), so this is the middle of one mixed-case name."""
    return bool(_INNER_PIECE.match(fragment)) and not is_word(fragment) and not _known(fragment)


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    """The dictionary has ``word`` itself (hyphenated forms included)."""
    return bool(word) and _morph().word_is_known(word.lower())


def sub_lines(pattern: re.Pattern, repl: str, text: str, full: Sequence[bool] | None
              ) -> tuple[str, tuple[bool, ...] | None]:
    """``pattern.sub(repl, text)`` with ``full`` (one flag per line of ``text``) kept
    describing the lines: a line break the substitution removes joins two lines, and the
    joined line ends where the second did, so it keeps the second's flag."""
    if full is None or len(full) != text.count("\n") + 1:
        return pattern.sub(repl, text), None
    removed: set[int] = set()
    breaks = 0
    pos = 0
    for m in pattern.finditer(text):
        breaks += text.count("\n", pos, m.start())
        inside = m.group(0).count("\n")
        if inside and not m.expand(repl).count("\n"):
            removed.update(range(breaks, breaks + inside))
        breaks += inside
        pos = m.end()
    return pattern.sub(repl, text), tuple(f for k, f in enumerate(full) if k not in removed)


def join_lines(lines: Sequence[str], full: Sequence[bool] | None = None) -> str:
    """Join a cell's lines with spaces, words broken at a line end joined without one.

    ``full[i]`` says whether line ``i`` reaches its cell's right edge (from the PDF
    geometry); None when unknown (DOCX, running text).  A line that keeps a trailing space
    (the PDF printed a space glyph at its end) ended where the source had a space: the next
    line follows after a space, whatever the words look like ("Сентябрь- |октябрь")."""
    spaced = [line != line.rstrip() for line in lines]
    lines = [line.strip() for line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        current = lines[i]
        while i + 1 < len(lines) and not spaced[i]:
            if _CLOSING.match(lines[i + 1]) and current:
                current = current + lines[i + 1]  # "(до 1 мая|)": closing marks never open a line
                i += 1
                lines[i] = current
                continue
            chain = _chain(lines, i)
            if chain is None and _HYPHEN_BEFORE_CAPITAL.search(current) \
                    and lines[i + 1][:1].isupper():
                current = current + lines[i + 1]  # "(далее-|ДО)", "края-|Юга"
                i += 1
                lines[i] = current
                continue
            if chain is None:
                break
            fragments, hyphens, used = chain
            line_full = None if full is None or i >= len(full) else bool(full[i])
            alone = " " not in current.strip()
            rest = lines[i + used][len(fragments[-1]):]
            tail = _COMPOUND_TAIL.match(rest)
            following = lines[i + used + 1] if i + used + 1 < len(lines) else ""
            last_word = not re.match(r"^-?\s*[^\W\d_]", rest) and not (
                not rest.strip() and following[:1].isalpha())
            joins = decide_breaks(fragments, hyphens, alone=alone, full=line_full,
                                  tail=tail.group(0) if tail else "", last_word=last_word)
            if all(joins) or len(joins) > 1:
                current = _splice(current, lines[i + 1:i + used + 1], joins)
                lines[i + used] = current  # the last line consumed carries the result
                i += used
                current = lines[i]
                continue
            if hyphens[0]:  # a printed hyphen stays, the next line follows without a space
                current = current + lines[i + 1]
                i += 1
                lines[i] = current
                continue
            break
        out.append(current)
        i += 1
    return " ".join(part for part in out if part)


def _chain(lines: Sequence[str], i: int) -> tuple[list[str], list[bool], int] | None:
    """The fragments of a word broken after line ``i`` (and maybe the lines after it)."""
    end = _WORD_END.search(lines[i])
    if end is None:
        return None
    fragments, hyphens = [end.group(1)], [bool(end.group(2))]
    used = 0
    j = i + 1
    while j < len(lines):
        start = _WORD_START.match(lines[j])
        if start is None and hyphens[-1] and _CAPS.match(fragments[-1]):
            start = _CAPS_START.match(lines[j])
        if start is None:
            return None if used == 0 else (fragments, hyphens[:-1], used)
        fragments.append(start.group(1))
        used += 1
        rest_is_word = lines[j].strip() == start.group(0)
        if rest_is_word and start.group(2) and hyphens[0] and j + 1 < len(lines):
            hyphens.append(True)  # "ниципаль-" alone on its line: the word goes on
            j += 1
            continue
        break
    return fragments, hyphens, used


def _splice(current: str, following: Sequence[str], joins: Sequence[bool]) -> str:
    """Glue ``following`` lines onto ``current`` without spaces, dropping the hyphen of each
    break that ``joins`` says is inside a word and keeping the others."""
    text = current
    for join, line in zip(joins, following):
        if join and text.endswith("-"):
            text = text[:-1]
        text += line
    return text
