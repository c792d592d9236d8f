"""The small parsing toolkit shared by the date and indicator grammars.

A tokenizer (numbers, words lower case with "ё" folded, dashes, dots, other punctuation),
a phrase lexicon (longest phrase wins, "*" marks a stem) and a few ordered-choice
combinators over the token list (``seq``, ``alt``, ``opt``, ``many``, ``apply``, ``kind``,
``number``, ``memo``): natasha/yargy style, hand-written, so a cell costs well under a millisecond.
``normalize.periods`` and ``normalize.indicators`` build their grammars from these.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

# ---------------------------------------------------------------------------- tokens


class Token(NamedTuple):
    """One token: kind is num, word, dash, dot or punct; text is lower case, ё folded.

    A word is a run of Latin or of other letters, so "IIквартал" is two words.
    """

    kind: str
    text: str
    spaced: bool  # whitespace precedes it
    start: int = 0  # offsets in the text given to tokenize
    end: int = 0


_TOKEN_RE = re.compile(
    r"(?P<num>\d+)|(?P<word>[a-z]+|[^\W\d_a-z]+)|(?P<dash>[-\u2010-\u2015\u2212])|(?P<dot>\.)|(?P<punct>\S)"
)
# The same tokens, each with the whitespace before it, as findall's groups (no match objects:
# the cheaper loop ``tokenize`` runs; ``reference_tokenize`` reads _TOKEN_RE).
# A word is tried as a run of Cyrillic letters first, taken when no other letter of the word
# class follows (the commonest word, matched by a plain range instead of the class's Unicode
# category tests); otherwise the class's own run.
_SPACED_TOKEN_RE = re.compile(
    r"(\s*)(?:(\d+)|([a-z]+|[а-яё]+(?![^\W\d_a-z])|[^\W\d_a-z]+)|([-\u2010-\u2015\u2212])|(\.)|(\S))"
)


def _lower(text: str) -> str:
    """Lower case with "ё" folded, as long as text (offsets stay valid)."""
    low = text.lower()
    if len(low) != len(text):  # keep offsets valid for the rare letters whose lower case is longer
        low = "".join(ch.lower()[0] for ch in text)
    return low.replace("ё", "е")


def tokenize(text: str) -> list[Token]:
    """Split text into tokens (see :class:`Token`)."""
    new = tuple.__new__  # Token(...) without the Python-level __new__ of a NamedTuple
    tokens: list[Token] = []
    append = tokens.append
    end = 0
    for space, num, word, dash, dot, punct in _SPACED_TOKEN_RE.findall(_lower(text)):
        start = end + len(space)
        if num:
            kind, tok = "num", num
        elif word:
            kind, tok = "word", word
        elif dash:
            kind, tok = "dash", dash
        elif dot:
            kind, tok = "dot", dot
        else:
            kind, tok = "punct", punct
        end = start + len(tok)
        append(new(Token, (kind, tok, space != "", start, end)))
    return tokens


def reference_tokenize(text: str) -> list[Token]:
    """tokenize by _TOKEN_RE's match objects (the reference the tests compare it with)."""
    low = _lower(text)
    tokens: list[Token] = []
    end = 0
    for m in _TOKEN_RE.finditer(low):
        start, stop = m.span()
        tokens.append(Token(m.lastgroup or "", low[start:stop], start > end, start, stop))
        end = stop
    return tokens


Requirement = tuple[tuple[tuple[str, int], ...], ...]  # alternatives of (character, count) lists


def requirement(pattern: re.Pattern[str]) -> Requirement:
    """What every match of pattern holds, as alternatives (a match meets one of them): each
    a list of characters with how often they occur at least, from the pattern's literals
    outside classes and optional parts ("\\d{2}-\\d{2}-\\d{2}": "-" twice; "(?:https?://|www\\.)":
    h, t, t, p, :, /, / or w, w, w, .).  Empty when nothing is certain (an alternative with
    no literal, or a pattern that ignores case): :func:`may_match` then says yes."""
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        from re import _parser  # the parser re compiles with (Python 3.11+)

        alternatives = _required(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 (no parser: every text may match)
        return ()
    if any(not alt for alt in alternatives):
        return ()
    return tuple(dict.fromkeys(tuple(sorted(alt.items())) for alt in alternatives))


def _required(items: Any) -> list[dict[str, int]]:
    """The alternatives of character counts a sequence of parsed regex items requires."""
    from re import _constants as sre

    alternatives: list[dict[str, int]] = [{}]
    for op, arg in items:
        if op is sre.LITERAL:
            parts = [{chr(arg): 1}]
        elif op is sre.BRANCH:
            parts = [alt for branch in arg[1] for alt in _required(branch)]
        elif op is sre.SUBPATTERN and not arg[1] & re.IGNORECASE:
            parts = _required(arg[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            parts = [{c: n * arg[0] for c, n in alt.items()} for alt in _required(arg[2])]
        else:  # a class, a category, an assertion, an optional part: nothing certain
            continue
        alternatives = list({tuple(sorted(alt.items())): alt
                             for alt in (_add(a, b) for a in alternatives for b in parts)}.values())
        if len(alternatives) > 16:  # what they all share, still a necessary test
            alternatives = [_common(alternatives)]
    return alternatives


def _add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for c, n in b.items():
        out[c] = out.get(c, 0) + n
    return out


def _common(alternatives: list[dict[str, int]]) -> dict[str, int]:
    first, *rest = alternatives
    return {c: min(n, *(alt.get(c, 0) for alt in rest)) for c, n in first.items()
            if all(alt.get(c, 0) for alt in rest)}


def may_match(required: Requirement, text: str) -> bool:
    """Could a pattern with this :func:`requirement` match in text (False: it cannot)?"""
    if not required:
        return True
    for alternative in required:
        for c, n in alternative:
            if (c not in text) if n == 1 else text.count(c) < n:
                break
        else:
            return True
    return False


def may_match_test(required: Requirement) -> Callable[[str], bool]:
    """:func:`may_match` with this requirement as a one-argument test, cheaper per call for
    the commonest requirement: one character, at least n times ("_" twice, for the blank
    forms of a date cell)."""
    if len(required) == 1 and len(required[0]) == 1:
        (c, n), = required[0]
        if n == 1:
            return lambda text: c in text
        return lambda text: c in text and text.count(c) >= n
    return lambda text: may_match(required, text)


# ---------------------------------------------------------------------------- lexicon


class Lexicon:
    """Phrases (word sequences, a trailing "*" marks a stem) mapped to values; longest wins."""

    def __init__(self, entries: dict[str, Any]) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._stems: list[tuple[str, tuple[str, ...], Any]] = []
        for phrase, value in entries.items():
            words = tuple(phrase.lower().replace("ё", "е").split())
            if words[0].endswith("*"):
                self._stems.append((words[0][:-1], words, value))
            else:
                self._exact.setdefault(words[0], []).append((words, value))
        self._prefixes = tuple(stem for stem, _, _ in self._stems)
        # Proper beginnings of first words: a token among these may be half of a split word.
        firsts = list(self._exact) + list(self._prefixes)
        self._heads = frozenset(w[:k] for w in firsts for k in range(3, len(w)))

    @staticmethod
    def _fits(pattern: str, word: str) -> bool:
        """Does word match one pattern word (a stem when it ends in "*")?"""
        return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern

    def _candidates(self, word: str) -> list[tuple[tuple[str, ...], Any]]:
        """Phrases whose first word fits word."""
        found = self._exact.get(word, [])
        if self._prefixes and word.startswith(self._prefixes):
            found = found + [(words, value) for stem, words, value in self._stems if word.startswith(stem)]
        return found

    def match(self, toks: Sequence[Token], i: int, *, join_split: bool = False) -> tuple[Any, int] | None:
        """The value of the longest phrase starting at token i, and the index after it."""
        try:
            t = toks[i]
        except IndexError:
            return None
        if t.kind != "word":
            return None
        first = t.text
        if first not in self._exact and not (self._prefixes and first.startswith(self._prefixes)) \
                and not (join_split and first in self._heads):
            return None  # no phrase starts here (what the rest would find, sooner)
        best: tuple[Any, int] | None = None
        for words, value in self._candidates(first):
            j = self._match_rest(toks, i + 1, words[1:]) if len(words) > 1 else i + 1
            if j is not None and (best is None or j > best[1]):
                best = (value, j)
        if best is None and join_split and first in self._heads and i + 1 < len(toks) and toks[i + 1].kind == "word":
            # A word broken by a space in conversion: "еженедель ных".
            single = [(words, value) for words, value in self._candidates(first + toks[i + 1].text) if len(words) == 1]
            if single:
                best = (single[0][1], i + 2)
        return best

    def _match_rest(self, toks: Sequence[Token], i: int, rest: tuple[str, ...]) -> int | None:
        """The index after the rest of a phrase matched from token i, else None."""
        for pattern in rest:
            if i >= len(toks) or toks[i].kind != "word" or not self._fits(pattern, toks[i].text):
                return None
            i += 1
        return i

    __call__ = match  # a lexicon is a parser of its phrases (see the combinators below)
    nullable = False

    def opens(self, tok: Token) -> bool:
        """Could a phrase start at this token (as a parser: see ``alt``)?"""
        return tok.kind == "word" and self.starts(tok.text)

    def keys(self) -> list[tuple[str, ...]]:
        """Every phrase as its words (stems without the "*")."""
        return [w for lst in self._exact.values() for w, _ in lst] + [w for _, w, _ in self._stems]

    def starts(self, word: str) -> bool:
        """Could a phrase start with this word?"""
        return word in self._exact or bool(self._prefixes and word.startswith(self._prefixes))

    def may_start(self, word: str, *, join_split: bool = False) -> bool:
        """Could :meth:`match` succeed at a word token with this text (join_split: also as
        the first half of a word broken by a space)?"""
        return self.starts(word) or (join_split and word in self._heads)


# ---------------------------------------------------------------------------- combinators
#
# A parser may say which tokens it can start at: ``opens`` (a test of one token, a necessary
# condition for a match there) and ``nullable`` (it may match nothing).  ``alt`` reads them
# to try only the alternatives that can open at the token in hand (a table per token text,
# built on first sight); a parser without ``opens`` may start anywhere.

Result = tuple[Any, int] | None
Parser = Callable[[Sequence[Token], int], Result]
Opens = Callable[[Token], bool]

_DISPATCH = [True]  # False: every alternative tried in order (the reference the tests compare with)


def dispatching(on: bool) -> None:
    """Switch ``alt``'s first-token tables on or off (for the tests' reference runs)."""
    _DISPATCH[0] = on


def opening(p: Parser, opens: Opens | None, *, nullable: bool = False) -> Parser:
    """p marked with the tokens it can start at (None: any) and whether it can match nothing."""
    p.opens = opens  # type: ignore[attr-defined]
    p.nullable = nullable  # type: ignore[attr-defined]
    return p


def _opens(p: Parser) -> Opens | None:
    return getattr(p, "opens", None)


def _nullable(p: Parser) -> bool:
    return getattr(p, "nullable", False) or _opens(p) is None


def _any_of(tests: list[Opens | None]) -> Opens | None:
    """A token test passed when one of tests passes (None when one of them is None)."""
    if any(t is None for t in tests):
        return None
    if len(tests) == 1:
        return tests[0]
    return lambda tok: any(t(tok) for t in tests)  # type: ignore[misc]


def seq(*parsers: Parser) -> Parser:
    """All parsers in order; the value is the tuple of their values."""
    return _sequence(parsers, None)


def _sequence(parsers: Sequence[Parser], fn: Callable[[Any], Any] | None) -> Parser:
    """``seq`` of parsers, its value mapped by fn when given (``apply`` over a ``seq``, in one
    step); an ``opt`` member runs its parser directly, None when it does not match."""
    steps = tuple((getattr(p, "optional_of", p), hasattr(p, "optional_of")) for p in parsers)

    def parse(toks: Sequence[Token], i: int) -> Result:
        values: list[Any] = []
        for p, optional in steps:
            r = p(toks, i)
            if r is None:
                if not optional:
                    return None
                values += (None,)
                continue
            values += (r[0],)
            i = r[1]
        if fn is None:
            return tuple(values), i
        value = fn(tuple(values))
        return None if value is None else (value, i)

    parse.parts, parse.fn = parsers, fn  # type: ignore[attr-defined]
    lead: list[Opens | None] = []
    for p in parsers:  # the leading parsers up to the first that must consume a token
        lead.append(_opens(p))
        if not _nullable(p):
            return opening(parse, _any_of(lead))
    return opening(parse, _any_of(lead), nullable=True)


def alt(*parsers: Parser) -> Parser:
    """The first parser that matches (ordered choice); only those that can open at the
    token are tried."""
    table: dict[tuple[Any, ...], tuple[Parser, ...]] = {}

    def candidates(tok: Token) -> tuple[Parser, ...]:
        """The alternatives that can open at tok (remembered by kind, text and spacing)."""
        if len(table) > 65536:
            table.clear()
        found = table[tok[:3]] = tuple(p for p in parsers if _nullable(p) or p.opens(tok))  # type: ignore[attr-defined]
        return found

    def parse(toks: Sequence[Token], i: int) -> Result:
        try:
            tok = toks[i]
            tried = table[tok[:3]] if _DISPATCH[0] else parsers
        except IndexError:  # past the end: only a parser that can match nothing would
            tried = parsers
        except KeyError:  # a token text not seen before
            tried = candidates(tok)
        for p in tried:
            r = p(toks, i)
            if r is not None:
                return r
        return None

    return opening(parse, _any_of([_opens(p) for p in parsers]),
                   nullable=any(getattr(p, "nullable", False) for p in parsers))


def opt(p: Parser) -> Parser:
    """p, or nothing (value None)."""

    def parse(toks: Sequence[Token], i: int) -> Result:
        return p(toks, i) or (None, i)

    parse.optional_of = p  # type: ignore[attr-defined]
    return opening(parse, _opens(p), nullable=True)


def many(p: Parser) -> Parser:
    """p zero or more times; the value is the list of values."""

    def parse(toks: Sequence[Token], i: int) -> Result:
        values = []
        while (r := p(toks, i)) is not None and r[1] > i:
            values.append(r[0])
            i = r[1]
        return values, i

    return opening(parse, _opens(p), nullable=True)


def apply(p: Parser, fn: Callable[[Any], Any]) -> Parser:
    """p with its value mapped by fn; fn returning None rejects the match."""
    if getattr(p, "parts", None) is not None and getattr(p, "fn", None) is None:
        return _sequence(p.parts, fn)  # type: ignore[attr-defined]

    def parse(toks: Sequence[Token], i: int) -> Result:
        r = p(toks, i)
        if r is None:
            return None
        value = fn(r[0])
        return None if value is None else (value, r[1])

    return opening(parse, _opens(p), nullable=getattr(p, "nullable", False))


def kind(k: str, text: str | None = None) -> Parser:
    """One token of kind k (and exact text, if given)."""

    def parse(toks: Sequence[Token], i: int) -> Result:
        try:
            t = toks[i]
        except IndexError:
            return None
        if t.kind == k and (text is None or t.text in text):
            return t, i + 1
        return None

    return opening(parse, lambda tok: tok.kind == k and (text is None or tok.text in text))


def memo(p: Parser) -> Parser:
    """p remembering its result at each index of the token list it last saw (packrat style):
    a rule tried again at the same token by another alternative is not parsed twice.

    Token lists are never changed after ``tokenize``; the last one is held, so its identity
    cannot be reused by a new list while its results are kept."""
    last: list[Any] = [None, {}]

    def parse(toks: Sequence[Token], i: int) -> Result:
        if last[0] is not toks:
            last[0], last[1] = toks, {}
        results = last[1]
        if i in results:
            return results[i]
        r = results[i] = p(toks, i)
        return r

    return opening(parse, _opens(p), nullable=getattr(p, "nullable", False))


def number(lo: int, hi: int, lengths: tuple[int, ...], *, tight: bool = False) -> Parser:
    """A number of one of the given digit counts within [lo, hi]; tight = no space before."""

    def fits(t: Token) -> bool:
        return t.kind == "num" and len(t.text) in lengths and lo <= int(t.text) <= hi \
            and not (tight and t.spaced)

    def parse(toks: Sequence[Token], i: int) -> Result:
        try:
            t = toks[i]
        except IndexError:
            return None
        if t.kind == "num" and len(t.text) in lengths and lo <= int(t.text) <= hi \
                and not (tight and t.spaced):
            return int(t.text), i + 1
        return None

    return opening(parse, fits)
