"""Shared pieces of the metadata readers: the vocabulary of ``data/metadata.toml``,
morphology of body names, line helpers and the restoration of all-caps names to print case."""
from __future__ import annotations

from normalize.memo import text_cache

import re
import tomllib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from pymorphy2.analyzer import Parse as _Parse

from normalize.nlp import lemma, morph_vocab
from normalize.regions import _INTO_WORD, TextWords, find_regions, word_keys
from normalize.text import clean_again, is_clean

DATA = Path(__file__).parent / "data"

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")
_NOT_LETTER = re.compile(r"[^A-Za-zА-Яа-яЁё]+")  # all but the letters
_NOT_UPPER = re.compile(r"[^A-ZА-ЯЁ]+")  # all but the capitals among them
_SPACED = re.compile(r"(?:[А-ЯЁA-Z]\s+){2,}[А-ЯЁA-Z]")  # "П Р И К А З"
_OPEN_QUOTE = re.compile(r"[«\"„“(]\s*$")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_BREAK_MARKS = ".!?«\"„“("  # the characters _SENTENCE_END and _OPEN_QUOTE end on
_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "абвгдежзийклмнопрстуфхцчшщъыьэюяёАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁ")  # _WORD's


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class _Vocab:
    """metadata.toml compiled once."""

    type_words: dict[str, str]
    imperatives: dict[str, str]
    self_reference: re.Pattern[str]
    title: re.Pattern[str]
    body: tuple[str, ...]
    numbered: re.Pattern[str]
    appendix: re.Pattern[str]
    approval: re.Pattern[str]
    stamp_start: re.Pattern[str]
    stamp_max_lines: int
    header_max_lines: int
    caption: tuple[re.Pattern[str], ...]
    caption_window: int
    caption_max_lines: int
    number: re.Pattern[str]
    numeric_date: re.Pattern[str]
    worded_date: re.Pattern[str]
    months: dict[str, int]
    heads: frozenset[str]
    skip_lines: frozenset[str]
    stop: re.Pattern[str]
    legal_forms: frozenset[str]
    school_heads: frozenset[str]
    school_words: frozenset[str]
    municipal: frozenset[str]
    regional_heads: frozenset[str]
    regional_units: frozenset[str]
    regional_phrases: tuple[tuple[str, ...], ...]
    title_municipal: frozenset[str]
    title_regional: frozenset[str]
    city_words: frozenset[str]
    city_format: str
    unit_nouns: frozenset[str]
    type_adjectives: frozenset[str]
    quoted_after: frozenset[str]
    table_header_cells: int
    bare_date: re.Pattern[str]
    bare_number: re.Pattern[str]
    year_patterns: tuple[re.Pattern[str], ...]
    year_min: int
    year_ignore: tuple[re.Pattern[str], ...]
    rows_min_share: float
    year_max: int


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    with (DATA / "metadata.toml").open("rb") as fh:
        d = tomllib.load(fh)
    with (DATA / "periods.toml").open("rb") as fh:
        months = tomllib.load(fh)["months"]
    ci = re.IGNORECASE
    ot, st, nu, iss, lv, mu, yr = (d[k] for k in ("order_type", "structure", "numbers", "issuer",
                                                    "level", "municipality", "year"))
    return _Vocab(
        type_words=dict(ot["words"]),
        imperatives=dict(ot["imperatives"]),
        self_reference=re.compile(ot["self_reference"], ci),
        title=re.compile(st["title"], ci),
        body=tuple(_fold(b) for b in st["body"]),
        numbered=re.compile(st["numbered"]),
        appendix=re.compile(st["appendix"], ci),
        approval=re.compile(st["approval"], ci),
        stamp_start=re.compile(st["stamp_start"], ci),
        stamp_max_lines=int(st["stamp_max_lines"]),
        header_max_lines=int(st["header_max_lines"]),
        caption=tuple(re.compile(p, ci) for p in st["caption"]),
        caption_window=int(st["caption_window"]),
        caption_max_lines=int(st["caption_max_lines"]),
        number=re.compile(nu["sign"] + "(" + nu["number"] + ")"),
        numeric_date=re.compile(nu["numeric_date"]),
        worded_date=re.compile(nu["worded_date"], ci),
        months={_fold(w): int(m) for m, words in months.items() for w in words},
        heads=frozenset(iss["heads"]),
        skip_lines=frozenset(_fold(s) for s in iss["skip_lines"]),
        stop=re.compile(iss["stop"], ci),
        legal_forms=frozenset(iss["legal_forms"]),
        school_heads=frozenset(lv["school_heads"]),
        school_words=frozenset(lv["school_words"]),
        municipal=frozenset(lv["municipal"]),
        regional_heads=frozenset(lv["regional_heads"]),
        regional_units=frozenset(lv["regional_units"]),
        regional_phrases=tuple(tuple(p.split()) for p in lv["regional_phrases"]),
        title_municipal=frozenset(lv["title_municipal"]),
        title_regional=frozenset(lv["title_regional"]),
        city_words=frozenset(mu["city_words"]),
        city_format=mu["city_format"],
        unit_nouns=frozenset(mu["unit_nouns"]),
        type_adjectives=frozenset(mu["type_adjectives"]),
        quoted_after=frozenset(mu["quoted_after"]),
        table_header_cells=int(st["table_header_cells"]),
        bare_date=re.compile(nu["bare_date"], ci),
        bare_number=re.compile(nu["sign"] + nu["number"] + r"\s*", ci),
        year_patterns=tuple(re.compile(p, ci) for p in yr["patterns"]),
        year_min=int(yr["min"]),
        year_ignore=tuple(re.compile(p, ci) for p in yr["ignore"]),
        rows_min_share=float(yr["rows_min_share"]),
        year_max=int(yr["max"]),
    )


# --------------------------------------------------------------------------- morphology


def _parses(word: str) -> list[_Parse]:
    return morph_vocab().parse(_fold(word))


def _lemma(word: str) -> str:
    return _fold(lemma(word))


def _cap_like(form: str, model: str) -> str:
    """``form`` with the capitalisation of ``model`` (all caps, Capitalised or lower)."""
    if len(model) > 1 and model.isupper():
        return form.upper()
    parts, mparts = form.split("-"), model.split("-")
    return "-".join(
        p[:1].upper() + p[1:] if mparts[min(i, len(mparts) - 1)][:1].isupper() else p
        for i, p in enumerate(parts)
    )


@lru_cache(maxsize=4096)
def _pick(word: str, *, adj: bool, from_case: str | None) -> _Parse | None:
    """The parse of ``word`` to inflect from: the wanted part of speech and case first
    (cached: a single word's reading, like its lemma)."""
    parses = _parses(word)

    def score(p: _Parse) -> tuple[bool, bool, float]:
        return (("ADJF" in p.tag or "PRTF" in p.tag) == adj,
                from_case is None or from_case in p.tag, p.score)

    return max(parses, key=score) if parses else None


@lru_cache(maxsize=4096)
def _inflected(word: str, adj: bool, from_case: str | None, grams: frozenset[str], case: str) -> str | None:
    """The form of ``word`` (read as :func:`_pick` reads it) with ``grams``, else just in
    ``case``; None if pymorphy2 has neither (cached: pymorphy2 builds the word's whole
    paradigm for each inflection, and an issuer's words recur from order to order)."""
    p = _pick(word, adj=adj, from_case=from_case)
    if p is None:
        return None
    res = _Parse.inflect(p, grams) or _Parse.inflect(p, {case})
    return res.word if res else None


def _inflect_phrase(words: list[str], case: str, *, from_case: str | None = None) -> list[str]:
    """Adjectives + head noun (the last word) put in ``case``, agreeing with the noun; caps kept."""
    noun = _pick(words[-1], adj=False, from_case=from_case)
    number = noun.tag.number if noun is not None else None
    gender = noun.tag.gender if noun is not None else None
    out = []
    for i, w in enumerate(words):
        grams = {case} | ({number} if number else set())
        if i < len(words) - 1:
            if gender and number != "plur":
                grams.add(gender)
            if case == "accs":
                grams.add("inan")
        form = _inflected(w, i < len(words) - 1, from_case, frozenset(grams), case)
        out.append(_cap_like(form, w) if form else w)
    return out


def _is_adjective(word: str, case: str | None = None) -> bool:
    return any(("ADJF" in p.tag or "PRTF" in p.tag) and (case is None or case in p.tag) for p in _parses(word))


def _is_head(word: str, *, nominative: bool) -> bool:
    """``word`` is an issuing body's head noun (in the nominative singular when asked)."""
    v = _vocab()
    for p in _parses(word):
        if p.normal_form.replace("ё", "е") in v.heads and "NOUN" in p.tag:
            if not nominative or ({"nomn", "sing"} <= set(p.tag.grammemes)):
                return True
    return False


def _head_index(words: list[str], *, nominative: bool) -> int | None:
    """Index of the head noun after leading adjectives ("Областное государственное учреждение")."""
    for i, w in enumerate(words):
        if _is_head(w, nominative=nominative):
            return i
        if not _is_adjective(w, "nomn" if nominative else None):
            return None
    return None


def _reinflect_head(text: str, case: str) -> str:
    """Put the leading adjectives and head noun of a body's name in ``case``; the rest as is."""
    words = list(_WORD.finditer(text))
    head = _head_index([m.group() for m in words], nominative=False)
    if head is None:
        return text
    forms = _inflect_phrase([m.group() for m in words[: head + 1]], case)
    out, pos = [], 0
    for m, form in zip(words[: head + 1], forms):
        out.append(text[pos:m.start()])
        out.append(form)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _nominative_phrase(words: list[str]) -> list[str]:
    """A genitive adjective+noun phrase ("Ижморского муниципального округа") in the nominative."""
    return _inflect_phrase(words, "nomn", from_case="gent")


# --------------------------------------------------------------------------- line helpers


def _despace(line: str) -> str:
    """ "П Р И К А З" → "ПРИКАЗ"; any other line unchanged."""
    return re.sub(r"\s+", "", line) if _SPACED.fullmatch(line) else line


_SEP = "\u00a4"  # "¤": printable, so joining by it keeps every test of is_clean (rare, too)


def clean_all(texts: Sequence[str]) -> list[str]:
    """``[clean_again(t) for t in texts if t and t.strip()]``, tested in one go: the texts
    joined by a printable mark are clean with no space next to a mark only when each is."""
    kept = [t for t in texts if t]
    joined = _SEP.join(kept)
    if is_clean(joined) and f"{_SEP} " not in joined and f" {_SEP}" not in joined:
        return kept
    return [clean_again(t) for t in kept if t.strip()]


def _prepare(lines: Sequence[str]) -> list[str]:
    out = []
    for line in lines:
        text = _despace(clean_again(line))
        if text:
            out.append(text)
    return out


@text_cache(maxsize=4096)
def _mostly_upper(text: str) -> bool:
    """At least three letters, four in five of them capitals (cached: header lines and cells
    are tested by several readers)."""
    letters = _NOT_LETTER.sub("", text)  # counted without a list of them
    return len(letters) >= 3 and len(_NOT_UPPER.sub("", letters)) / len(letters) >= 0.8


def _starts_body(line: str) -> bool:
    v = _vocab()
    # only the line's first characters can start with an opening: folded alone, they are
    # the folded line's first characters (lower-casing maps each character by itself but a
    # final sigma, which is no letter of an opening either way)
    low = _fold(line[:_body_width()])
    return low.startswith(v.body) or bool(v.numbered.match(line))  # any of the openings


@lru_cache(maxsize=1)
def _body_width() -> int:
    """How many characters of a line :func:`_starts_body` folds: the longest opening's."""
    return max(map(len, _vocab().body), default=0)


def _is_stamp_start(line: str) -> bool:
    """The line opens an appendix or approval stamp (its full form is checked on the joined lines)."""
    v = _vocab()
    return bool(v.stamp_start.match(line))


@lru_cache(maxsize=1)
def _caption_any() -> re.Pattern:
    """The caption patterns as one alternation: a search finds a match where any of them would."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in _vocab().caption), re.IGNORECASE)


def _is_caption(line: str) -> bool:
    """A roadmap caption: a capitalised noun phrase naming the plan near its start."""
    v = _vocab()
    if not line[:1].isupper() and line[:1] not in "«\"":
        return False
    # the caption word first: few lines have one (every test here must pass)
    if not _caption_any().search(line, 0, v.caption_window):
        return False
    if v.title.match(line) or _starts_body(line) or _is_stamp_start(line):
        return False
    first = _WORD.search(line)
    if first is None:
        return False
    best = max(_parses(first.group()), key=lambda p: p.score, default=None)
    return best is None or not ({"INFN", "VERB", "GRND", "PRTS"} & set(best.tag.grammemes))


# --------------------------------------------------------------------------- case restoration


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
