"""Restoring all-caps names to print case: how the document itself spells each word in its
mixed-case text (:class:`CaseVocab`, by neighbouring word), and :func:`restore_case`."""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate

from normalize.metadata_text import (
    _BREAK_MARKS,
    _OPEN_QUOTE,
    _WORD,
    _WORD_CHARS,
    _fold,
    _lemma,
    _mostly_upper,
    _parses,
    _vocab,
)
from normalize.regions import _INTO_WORD, TextWords, find_regions, word_keys


class CaseVocab:
    """How the document itself spells words in mixed-case text, by neighbouring word."""

    def __init__(self, texts: Sequence[str]):
        self._texts = texts
        self._folded = False  # ``_joined`` and ``_starts`` made
        self._joined = ""  # the folded texts joined by NUL: one search finds a word's texts
        self._start_list: list[int] | None = None  # where each folded text starts in ``_joined``
        self._aligned = False  # ``_joined`` holds each text folded at its own offsets, words intact
        self._raw = ""  # the texts joined by NUL, unfolded (when aligned)
        self._upper: dict[int, bool] = {}  # text k is mostly upper case (skipped), when tested
        self._upper_at: dict[int, bool] = {}  # the same by where the text starts in ``_joined``
        self._words: dict[int, tuple[TextWords, list[str]]] = {}
        self._seen: dict[tuple[str | None, ...], list[tuple[str, str | None, str]]] = {}

    def _text_words(self, k: int) -> tuple[TextWords, list[str]]:
        """Text k's words and each folded (made once per text)."""
        words = self._words.get(k)
        if words is None:
            text = self._texts[k]
            words = self._words[k] = (TextWords(text), word_keys(text, self._joined[self._starts[k]:self._end(k)]))
        return words

    def _text_occurrences(self, k: int, word: str) -> list[tuple[str, str | None, str]]:
        """(word before, word after, case class) of each occurrence of the folded ``word`` in
        text k after a neighbour, in text order."""
        toks, folded = self._text_words(k)
        last = len(toks) - 1
        out = []
        j = 0
        while True:
            try:
                j = folded.index(word, j + 1)
            except ValueError:
                return out
            # the text between the two words ends a sentence or opens a quote
            # (_SENTENCE_END / _OPEN_QUOTE, without a regex per word)
            mark = toks.gap(j).rstrip()[-1:]
            if mark and mark in _BREAK_MARKS:
                continue
            out.append((folded[j - 1], folded[j + 1] if j < last else None,
                        _case_class(toks.word(j))))

    def _occurrences(self, word: str, *neighbours: str | None) -> list[tuple[str, str | None, str]]:
        """(word before, word after, case class) of every occurrence of the folded ``word``
        after a neighbour in mixed-case text, in text order; only from the texts that contain
        it, and, when ``neighbours`` are given, one of them (the others cannot vote)."""
        key = (word, *neighbours)
        found = self._seen.get(key)
        if found is not None:
            return found
        near = [n for n in neighbours if n is not None]
        found = self._seen[key] = []
        texts = self._texts_with(word)  # folds the texts on the first call
        joined = self._joined
        for k in texts:
            start, end = self._starts[k], self._end(k)
            if neighbours and not any(joined.find(n, start, end) != -1 for n in near):
                continue  # (= ``n in`` the folded text k, without cutting it out)
            upper = self._upper.get(k)
            if upper is None:
                upper = self._upper[k] = _mostly_upper(self._texts[k])
            if not upper:
                found.extend(self._text_occurrences(k, word))
        return found

    def _texts_with(self, word: str) -> list[int]:
        """The texts whose folded form contains ``word``, in order."""
        if not self._folded:
            self._fold_texts()
        if not word or "\0" in word:
            return [k for k in range(len(self._texts)) if word in self._joined[self._starts[k]:self._end(k)]]
        found: list[int] = []
        at = self._joined.find(word)
        while at != -1:
            k = bisect_right(self._starts, at) - 1
            found.append(k)
            if k + 1 == len(self._starts):
                break
            at = self._joined.find(word, self._starts[k + 1])
        return found

    @property
    def _lowered(self) -> list[str]:
        """Each text folded, cut from ``_joined`` (for tests: the readers cut only what they read)."""
        return [self._joined[start:self._end(k)] for k, start in enumerate(self._starts)]

    @property
    def _starts(self) -> list[int]:
        """Where each folded text starts in ``_joined`` (after ``_fold_texts``)."""
        if self._start_list is None:
            self._start_list = [0, *accumulate(len(text) + 1 for text in self._texts)][:-1]
        return self._start_list

    def _end(self, k: int) -> int:
        """Where the folded text k ends in ``_joined``."""
        return self._starts[k + 1] - 1 if k + 1 < len(self._starts) else len(self._joined)

    def _fold_texts(self) -> None:
        """``_joined`` and ``_starts``: the texts joined by NUL and folded in one call where
        lower-casing maps character to character (the same length, and no Σ, whose lower case
        depends on the letters after it), else each text folded and then joined."""
        self._folded = True
        joined = "\0".join(self._texts)
        low = _fold(joined)
        if len(low) == len(joined) and "\u03a3" not in joined:
            self._joined = low  # (``_starts`` made when the reference reading needs them)
            # the words of ``low`` are the folded words of the texts, at the same offsets,
            # unless a Kelvin sign (not a word character) folded into "k" (one is); NUL
            # marks only where a text ends unless a text holds one
            self._raw = joined
            self._aligned = _INTO_WORD not in joined and joined.count("\0") == len(self._texts) - 1
            return
        lowered = [_fold(text) for text in self._texts]
        self._joined = "\0".join(lowered)
        self._start_list = [0, *accumulate(len(low) + 1 for low in lowered)][:-1]

    def case_of(self, prev: str | None, word: str, nxt: str | None) -> str | None:
        """ "upper" | "title" | "lower" as the document writes ``word`` next to these words:
        each occurrence of the folded ``word`` in mixed-case text after a neighbour (one
        ``find`` over the joined folded texts, its neighbours read around it) votes its print
        case when the word before is ``prev`` and again when the word after is ``nxt``.
        Where folding moves words (``_fold_texts``), :meth:`case_of_by_texts`."""
        if not self._folded:
            self._fold_texts()
        if not self._aligned:
            return self.case_of_by_texts(prev, word, nxt)
        before = _fold(prev) if prev is not None else None
        after = _fold(nxt) if nxt is not None else None
        return _vote(*self._neighbour_votes(_fold(word), before, after))

    def _neighbour_votes(self, word: str, before: str | None, after: str | None
                         ) -> tuple[list[str], list[str]]:
        """The case classes of the occurrences of ``word`` after ``before`` and of those
        before ``after``, in text order (only when ``_joined`` folds each text in place)."""
        by_before: list[str] = []
        by_after: list[str] = []
        if before is not None:
            for _, at, gap in self._pairs(before, word):
                cls = self._printed_class(at, len(word), gap)
                if cls is not None:
                    by_before.append(cls)
        if after is not None:
            for at, _, _ in self._pairs(word, after):
                gap = self._gap_before(at)
                cls = self._printed_class(at, len(word), gap) if gap is not None else None
                if cls is not None:
                    by_after.append(cls)
        return by_before, by_after

    def _pairs(self, left: str, right: str) -> Iterator[tuple[int, int, int]]:
        """(where ``left`` starts, where ``right`` starts, where the gap between them starts)
        for each two words of one text that are ``left`` then ``right``, in text order: the
        longer of the two is looked for (fewer places where it is part of another word) and
        the other read beside it."""
        if not left or not right:
            return  # a word is never empty
        joined = self._joined
        size = len(joined)
        needle = left if len(left) >= len(right) else right
        at = joined.find(needle)
        while at != -1:
            end = at + len(needle)
            if (at and joined[at - 1] in _WORD_CHARS) or (end < size and joined[end] in _WORD_CHARS):
                at = joined.find(needle, at + 1)
                continue  # part of a longer word
            if needle is left:
                gap, nxt = end, end
                while nxt < size and joined[nxt] not in _WORD_CHARS and joined[nxt] != "\0":
                    nxt += 1
                r_end = nxt + len(right)
                if (joined.startswith(right, nxt) and (r_end == size or joined[r_end] not in _WORD_CHARS)
                        and nxt > gap):
                    yield at, nxt, gap
            else:
                gap = at
                while gap and joined[gap - 1] not in _WORD_CHARS and joined[gap - 1] != "\0":
                    gap -= 1
                l_start = gap - len(left)
                if (gap < at and l_start >= 0 and joined.startswith(left, l_start)
                        and (l_start == 0 or joined[l_start - 1] not in _WORD_CHARS)):
                    yield l_start, at, gap
            at = joined.find(needle, end)

    def _gap_before(self, at: int) -> int | None:
        """Where the gap before the word at ``at`` starts, None if it is its text's first word."""
        joined = self._joined
        gap = at
        while gap and joined[gap - 1] not in _WORD_CHARS and joined[gap - 1] != "\0":
            gap -= 1
        return gap if gap and joined[gap - 1] in _WORD_CHARS else None

    def _printed_class(self, at: int, width: int, gap: int) -> str | None:
        """The case class of the word printed at ``at`` (``width`` long, the gap before it
        from ``gap``), None where it cannot vote: the gap ends a sentence or opens a quote, or
        its text is mostly upper case."""
        mark = self._raw[gap:at].rstrip()[-1:]
        if mark and mark in _BREAK_MARKS:
            return None
        start = self._joined.rfind("\0", 0, at) + 1  # the text's bounds: NUL marks them here
        upper = self._upper_at.get(start)
        if upper is None:
            end = self._joined.find("\0", at)
            upper = self._upper_at[start] = _mostly_upper(self._raw[start:end if end != -1 else None])
        return None if upper else _case_class(self._raw[at:at + width])

    def case_of_by_texts(self, prev: str | None, word: str, nxt: str | None) -> str | None:
        """:meth:`case_of` from each text's words (:meth:`_occurrences`): the reference, and
        the way where folding a text changes its words' bounds."""
        before = _fold(prev) if prev is not None else None
        after = _fold(nxt) if nxt is not None else None
        occurrences = self._occurrences(_fold(word), before, after)
        votes: Counter[str] = Counter()
        if before is not None:
            for other, _, cls in occurrences:
                if other == before:
                    votes[cls] += 1
        if after is not None:
            for _, other, cls in occurrences:
                if other == after:
                    votes[cls] += 1
        return votes.most_common(1)[0][0] if votes else None


def _vote(by_before: list[str], by_after: list[str]) -> str | None:
    """The most common class, the one voted first on a tie (as ``Counter.most_common(1)``:
    ``max`` keeps the first of equal counts, in the order the classes were first voted)."""
    counts: dict[str, int] = {}
    for cls in by_before:
        counts[cls] = counts.get(cls, 0) + 1
    for cls in by_after:
        counts[cls] = counts.get(cls, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _case_class(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return "upper"
    return "title" if word[:1].isupper() else "lower"


def _apply_class(word: str, cls: str) -> str:
    if cls == "upper":
        return word.upper()
    low = word.lower()
    return low[:1].upper() + low[1:] if cls == "title" else low


def _names_city(words: list[str], k: int) -> bool:
    """``words[k]``, right after a city word, is the city's name: a noun («ОРЛА»), or an
    adjective not followed by a common noun it would qualify («ЗАРЕЧНОГО», but not
    «ОБЛАСТНОГО ЗНАЧЕНИЯ»)."""
    parses = _parses(words[k])
    if not parses or not {"NOUN", "ADJF"} & set(parses[0].tag.grammemes) \
            or _lemma(words[k]) in _vocab().type_adjectives:
        return False
    if "NOUN" in parses[0].tag or k + 1 >= len(words):
        return True
    after = _parses(words[k + 1])
    return not (after and "NOUN" in after[0].tag
                and not {"Geox", "Name", "Surn"} & set(after[0].tag.grammemes))


def _looks_proper(words: list[str], k: int) -> bool:
    """Morphology says ``words[k]`` is a proper name: a place noun ("МИЧУРИНСКА"), or the
    adjective that names a municipality ("АСИНОВСКОГО [МУНИЦИПАЛЬНОГО] РАЙОНА"), or the word
    after a city word, which names the city whatever its morphology ("ГОРОДА ЗАРЕЧНОГО")."""
    v = _vocab()
    if k and _lemma(words[k - 1]) in v.city_words and _names_city(words, k):
        return True
    parses = _parses(words[k])
    if not parses:
        return False
    if {"Geox", "Name", "Surn"} & set(parses[0].tag.grammemes) and "NOUN" in parses[0].tag:
        return True
    if "ADJF" not in parses[0].tag or _lemma(words[k]) in v.type_adjectives:
        return False
    j = k + 1
    while j < len(words) and _lemma(words[j]) in v.type_adjectives:
        j += 1
    return j < len(words) and _lemma(words[j]) in v.unit_nouns


@lru_cache(maxsize=1)
def _legal_words() -> frozenset[str]:
    """Every folded word of the legal forms ("МБОУ", "ГБУ"): printed in capitals."""
    return frozenset(_fold(x) for f in _vocab().legal_forms for x in f.split())


def restore_case(text: str, vocab: CaseVocab | None = None) -> str:
    """An all-caps name in print case: sentence case, region names and document usage respected."""
    if not _mostly_upper(text):
        return text[:1].upper() + text[1:]
    toks = list(_WORD.finditer(text))
    cased: dict[int, str] = {}
    for m in find_regions(text):
        form_toks = _WORD.findall(m.form)
        inside = [k for k, t in enumerate(toks) if t.start() >= m.start and t.end() <= m.end]
        for k, ftok in zip(reversed(inside), reversed(form_toks)):
            # a place adjective in a body's name belongs to a proper name: "Омского района"
            cased[k] = "title" if m.strength == "adjective" else _case_class(ftok)
    legal = _legal_words()
    out, pos = [], 0
    for k, m in enumerate(toks):
        word = m.group()
        before = text[toks[k - 1].end() if k else 0:m.start()]
        if k == 0 or _OPEN_QUOTE.search(before):
            cls = "title"
        elif k in cased:
            cls = cased[k]
        elif _fold(word) in legal:
            cls = "upper"
        else:
            prev = toks[k - 1].group()
            nxt = toks[k + 1].group() if k + 1 < len(toks) else None
            cls = (vocab.case_of(prev, word, nxt) if vocab else None) or (
                "title" if _looks_proper([t.group() for t in toks], k) else "lower")
        out.append(text[pos:m.start()])
        out.append(_apply_class(word, cls))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)
