"""The lines of a text that may hold a school mention, found with a few plain substring searches.

``find_mentions`` used to read every line (look-alike letters, glued abbreviations, then the
trigger regex, whose leading look-behind makes the regex engine try every position): most of
an order's lines name no school.  Every trigger match holds one of a few anchors
(``grammar.trigger_anchors``: a legal-form abbreviation, a kind abbreviation ending a word,
the longest stem of a spelled-out kind, "общеобразовательн"), and a line ``cyrillize`` may
change holds a Latin letter; ``str.find`` runs over the case-folded text once per anchor.
Case folding keeps every letter the trigger's IGNORECASE matching equates (checked over all
of Unicode in tests/test_fast6_schools.py), so a line no anchor hits has no trigger after
``cyrillize``/``unglue`` either: the lines passed over are the ones the full pass found nothing in.
"""
from __future__ import annotations

import re
from functools import lru_cache

from normalize.memo import text_cache
from normalize.schools.grammar import trigger_anchors
from normalize.schools.vocabulary import load_school_vocabulary

_LATIN_FOLDED = re.compile(r"[a-z]")
_ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"  # what _LATIN_FOLDED matches
_LETTERS = frozenset("абвгдежзийклмнопрстуфхцчшщъыьэюя")


@lru_cache(maxsize=1)
def _anchors() -> tuple[tuple[str, ...], tuple[str, ...]]:
    anywhere, word_ends = trigger_anchors(load_school_vocabulary())
    return tuple(sorted(anywhere)), tuple(sorted(word_ends))


def anchor_groups(anchors: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``anchors`` in groups that share a piece (the two letters most of the anchors left
    hold, greedily; a lone anchor is its own piece), in the anchors' order within a group:
    a text without the piece holds none of its group's anchors, one search tells."""
    left, groups = list(anchors), []
    while left:
        counts: dict[str, int] = {}
        for anchor in left:
            for piece in {anchor[i:i + 2] for i in range(len(anchor) - 1)}:
                counts[piece] = counts.get(piece, 0) + 1
        piece = min(counts, key=lambda p: (-counts[p], p)) if counts else ""
        members = [a for a in left if piece and piece in a]
        if len(members) < 2:
            groups.extend((anchor, (anchor,)) for anchor in left)
            break
        groups.append((piece, tuple(members)))
        left = [a for a in left if a not in members]
    return tuple(groups)


@lru_cache(maxsize=1)
def _anchor_groups() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    anywhere, word_ends = _anchors()
    return anchor_groups(anywhere), word_ends


# A group of at least this many anchors is searched by its piece's occurrences, each tried
# against the anchors (one search of the text, not one an anchor: a search of an order's
# text costs ~13 us whatever the needle); a smaller group's piece may be common ("аз" of
# "образование") and its anchors are searched one by one.
_SCAN_GROUP = 4


@lru_cache(maxsize=1)
def _placed_groups() -> tuple[tuple[str, tuple[tuple[str, int], ...] | None, tuple[str, ...]], ...]:
    """``_anchor_groups``' groups as (piece, placed, anchors): for a group of ``_SCAN_GROUP``
    or more, each anchor with every offset the piece is at inside it (an occurrence of the
    piece at ``pos`` is one of the anchor at ``pos - offset`` if the text reads the anchor
    there), else None."""
    return tuple((piece, tuple((anchor, at) for anchor in anchors
                               for at in range(len(anchor) - len(piece) + 1)
                               if anchor.startswith(piece, at))
                  if len(anchors) >= _SCAN_GROUP else None, anchors)
                 for piece, anchors in _anchor_groups()[0])


def _mark_line(folded: str, pos: int, starts: set[int]) -> int:
    """Put the start of the line holding ``pos`` into ``starts``; where the next line starts
    (-1: there is none), for the search to go on from there."""
    starts.add(folded.rfind("\n", 0, pos) + 1)
    end = folded.find("\n", pos)
    return end + 1 if end >= 0 else -1


# After this many lines with a Latin letter, the rest of a text is searched with the regex
# (one search per line), not letter by letter (a search per letter and line).
_LATIN_LINES_BY_LETTER = 8


def _mark_latin_lines(folded: str, starts: set[int]) -> None:
    """Put the start of each line of ``folded`` holding a letter a-z into ``starts``: the
    next line with one is where the nearest of the 26 letters' next occurrences is (a
    ``str.find`` per letter scans a Cyrillic text ~10x faster than ``_LATIN_FOLDED``'s
    search); a text with many such lines is searched on with the regex."""
    find = folded.find
    pending = [(pos, letter) for letter in _ASCII_LOWER if (pos := find(letter)) >= 0]
    marked = 0
    while pending:
        after = _mark_line(folded, min(pending)[0], starts)
        if after < 0:
            return
        marked += 1
        if marked >= _LATIN_LINES_BY_LETTER:
            latin = _LATIN_FOLDED.search(folded, after)
            while latin is not None:
                after = _mark_line(folded, latin.start(), starts)
                latin = _LATIN_FOLDED.search(folded, after) if after > 0 else None
            return
        pending = [(pos, letter) if pos >= after else (find(letter, after), letter)
                   for pos, letter in pending]
        pending = [entry for entry in pending if entry[0] >= 0]


def candidate_lines(text: str) -> list[str]:
    """The lines of ``text`` (split at "\\n", as printed) that may hold a school mention, in order."""
    folded = text.casefold().replace("ё", "е")
    if len(folded) != len(text):  # a letter folded to two ("ß" → "ss"): offsets differ
        return text.split("\n")
    starts: set[int] = set()  # the offsets the lines with a hit start at
    groups, word_ends = _placed_groups(), _anchor_groups()[1]
    find, size = folded.find, len(folded)
    for piece, placed, anchors in groups:
        pos = find(piece)
        if pos < 0:  # no anchor of the group either
            continue
        if placed is not None:
            while pos >= 0:
                for anchor, at in placed:
                    # pos - at < 0 (read from the end) leaves fewer than ``at`` letters,
                    # too few for the anchor: no test needed
                    if folded.startswith(anchor, pos - at):
                        after = _mark_line(folded, pos, starts)
                        pos = find(piece, after) if after > 0 else -1
                        break
                else:
                    pos = find(piece, pos + 1)
            continue
        for anchor in anchors:
            pos = find(anchor)
            while pos >= 0:
                after = _mark_line(folded, pos, starts)
                pos = find(anchor, after) if after > 0 else -1
    for anchor in word_ends:
        pos = find(anchor)
        while pos >= 0:
            end = pos + len(anchor)
            if end < size and folded[end] in _LETTERS:  # inside a word: look further on
                pos = find(anchor, pos + 1)
                continue
            after = _mark_line(folded, pos, starts)
            pos = find(anchor, after) if after > 0 else -1
    _mark_latin_lines(folded, starts)
    if not starts:  # most texts: no line to split out
        return []
    out, find_in_text = [], text.find
    for start in sorted(starts):  # each line that starts there, as text.split("\n") gives it
        end = find_in_text("\n", start)
        out.append(text[start:end] if end >= 0 else text[start:])
    return out


@lru_cache(maxsize=1)
def _line_search() -> re.Pattern[str]:
    """One search that finds in a case-folded line (its "ё" read as "е") what
    ``candidate_lines`` looks for: an anchor anywhere, an anchor ending a word (no letter of
    ``_LETTERS`` after it; а-я is exactly those 32), a letter a-z."""
    anywhere, word_ends = _anchors()
    return re.compile("|".join([*map(re.escape, anywhere),
                                *(re.escape(a) + "(?![а-я])" for a in word_ends), "[a-z]"]))


def line_is_candidate(line: str) -> bool:
    """``bool(candidate_lines(line))`` for a line without "\\n", in one regex search: a new
    line of a table row (most often a row number) costs ~1 us, not the ~20 us of
    ``candidate_lines``' per-anchor and per-letter searches, built for long texts."""
    folded = line.casefold()
    if len(folded) != len(line):  # candidate_lines gives every line then
        return True
    return _line_search().search(folded.replace("ё", "е")) is not None


# A text of at most this many lines is read line by line (``seen_candidate_lines``).
_SHORT_TEXT_LINES = 12
# How many line verdicts a document may remember before they are forgotten (a bound for a
# process whose per-text caches are never emptied).
_MAX_VERDICTS = 50_000


@text_cache(maxsize=1)
def _verdicts() -> dict[str, bool]:
    """Whether each line seen (stripped) is a candidate line: one dict, emptied with the
    per-text caches (so per document in a ``--cold`` or ``document`` run)."""
    return {}


def seen_candidate_lines(text: str) -> list[str]:
    """The lines of ``text`` that may hold a school mention, at least those ``candidate_lines``
    gives, in order.  Each line's verdict is remembered: a short text (a table row, whose
    lines the document's text had) costs a look-up per line seen before and a search of
    each line not; a long one is searched whole, its lines' verdicts noted.

    A line's verdict is the same in every text it is in (no anchor reaches across a line
    break or into the whitespace ``strip`` drops); where ``candidate_lines`` gives every
    line of a text (a letter that case-folds to two), they are all noted as candidates,
    which passes on lines that hold no mention, never loses one."""
    verdicts = _verdicts()
    if len(verdicts) > _MAX_VERDICTS:
        verdicts.clear()
    lines = text.split("\n")
    if len(lines) <= _SHORT_TEXT_LINES:
        out = []
        for line in lines:
            key = line.strip()
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = line_is_candidate(line)
            if verdict:
                out.append(line)
        return out
    found = candidate_lines(text)
    # every line's verdict (a line's is the same wherever it is), without a loop in Python
    verdicts.update(dict.fromkeys(map(str.strip, lines), False))
    verdicts.update(dict.fromkeys(map(str.strip, found), True))
    return found
