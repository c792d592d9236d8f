"""Federal milestones of the «500+» calendar and kinds of regional initiatives, per activity.

``align_activity`` reads the activity cell only and returns the milestone code (or None),
the activity kind and the evidence.  Lemma rules (pymorphy2 via ``normalize.nlp.lemma``):
a key phrase of ``schemas/milestones.toml`` matches when its words occur in order with few
words between.  Precision over recall: an activity opened by a regional-initiative head
(«Круглый стол …», «Совещание …», «Конкурс …») or carrying a milestone's exclude phrase
gets no milestone, whatever else it mentions.  ``window_deviation`` compares a planned
period with the milestone's federal window of that year.
"""
from __future__ import annotations

from normalize.memo import text_cache

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from normalize import nlp
from normalize.records import MilestoneHit, slot_init

__all__ = [
    "Milestone",
    "ActivityKind",
    "Evidence",
    "Alignment",
    "load_milestones",
    "load_kinds",
    "taxonomy_version",
    "align_activity",
    "window_deviation",
]

FEDERAL_KIND = "federal_milestone"
OTHER_KIND = "other"
_TOKEN = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")
_FUNCTION_WORDS = frozenset(
    "и в во с со по на для о об от к ко из за у а при до под над же ли или".split())


@dataclass(frozen=True, slots=True)
class Window:
    """The federal date window of one round of a milestone in one year."""

    year: int
    round: int
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Milestone:
    """One milestone of the federal calendar."""

    code: str
    name: str
    phrases: tuple[tuple[str, ...], ...]  # lemmatized, function words dropped
    exclude: tuple[tuple[str, ...], ...]
    windows: tuple[Window, ...]


@dataclass(frozen=True, slots=True)
class ActivityKind:
    """A kind of regional initiative."""

    code: str
    name: str
    phrases: tuple[tuple[str, ...], ...]
    heads: tuple[tuple[str, ...], ...]


# A phrase that matched, the words it matched, and its role in the decision (milestone |
# exclude:<code> | head:<kind> | kind): the record's own MilestoneHit, so a row takes an
# alignment's evidence as it is, with no copy of each into another class of the same fields.
Evidence = MilestoneHit


@slot_init
@dataclass(frozen=True, slots=True)
class Alignment:
    """What an activity is: a federal milestone (or not), its kind, and why."""

    milestone: str | None
    kind: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    key: str  # lemma, lower case, ё → е


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """Lemma of a word (each part of a hyphenated word), lower case, «ё» as «е»."""
    parts = word.lower().replace("ё", "е").split("-")
    return "-".join(nlp.lemma(p).replace("ё", "е") for p in parts if p)


@lru_cache(maxsize=65536)
def _word_token(word: str) -> _Token | None:
    """The token of one word, or None for a function word (cached: tokens are immutable)."""
    return None if word.lower() in _FUNCTION_WORDS else _Token(word, _key(word))


@lru_cache(maxsize=65536)
def _word_patterns(word: str) -> tuple[str, ...] | None:
    """The phrase words one word is ``_same`` as, or None for a function word."""
    return None if word.lower() in _FUNCTION_WORDS else _key_patterns(_key(word))


# word → its _word_patterns, for _Index.of_text's loop over every word of an activity (as the
# lru_cache, bounded: emptied when full)
_PATTERNS_OF_WORD: dict[str, tuple[str, ...] | None] = {}


def _tokens(text: str) -> list[_Token]:
    """Content words of ``text`` with their lemma keys (function words dropped); the words
    are the cell's ``nlp.words`` (the same pattern as ``_TOKEN``), read once per cell."""
    tokens = map(_word_token, nlp.words(text) if text else ())
    return [t for t in tokens if t is not None]


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(t.key for t in _tokens(text))


@lru_cache(maxsize=65536)
def _same(word: str, pattern: str) -> bool:
    """Lemma keys agree, allowing pymorphy2's ending choices («рисковой»/«рисковый»); a
    hyphenated compound agrees with each of its parts («школа-участник» with «школа»)."""
    if word == pattern:
        return True
    if "-" in word and "-" not in pattern:
        return any(_same(part, pattern) for part in word.split("-") if part)
    shortest = min(len(word), len(pattern))
    need = max(5, shortest - 2)
    return shortest >= 6 and word[:need] == pattern[:need]


class _Index:
    """Where each phrase word occurs in one activity's tokens.

    Each token's key is matched (``_same``) against the taxonomy's phrase words once per
    spelling (``_key_patterns``), so an activity is read in one pass that files each token
    under the phrase words it is; most words are none, and a phrase is looked up, not
    searched for.  Another pattern is found by trying every token."""

    def __init__(self, tokens: list[_Token]) -> None:
        where: dict[str, list[int]] = {}
        for i, token in enumerate(tokens):
            for pattern in _key_patterns(token.key):
                if pattern in where:
                    where[pattern].append(i)
                else:
                    where[pattern] = [i]
        self._keep([t.text for t in tokens], where)
        self._tokens: list[_Token] | None = tokens

    @classmethod
    def of_text(cls, text: str) -> "_Index":
        """``_Index(_tokens(text))`` in one pass over the words, each word's phrase words
        looked up once per spelling (its token is made only when asked for)."""
        texts: list[str] = []
        where: dict[str, list[int]] = {}
        known = _PATTERNS_OF_WORD
        for word in nlp.words(text) if text else ():
            try:  # a subscript, not a call into the lru_cache (which packs its argument)
                patterns = known[word]
            except KeyError:
                if len(known) >= 65536:
                    known.clear()
                patterns = known[word] = _word_patterns(word)
            if patterns is None:
                continue
            if patterns:
                i = len(texts)
                for pattern in patterns:
                    if pattern in where:
                        where[pattern].append(i)
                    else:
                        where[pattern] = [i]
            texts.append(word)
        index = cls.__new__(cls)
        index._keep(texts, where)
        index._tokens = None
        return index

    def _keep(self, texts: list[str], where: dict[str, list[int]]) -> None:
        self.texts = texts  # the content words, which the evidence quotes
        self.where = where
        self.words = frozenset(where)  # the phrase words some token is
        self._others: dict[str, list[int]] = {}

    @property
    def tokens(self) -> list[_Token]:
        """The content words' tokens."""
        if self._tokens is None:
            self._tokens = [_word_token(w) for w in self.texts]  # no function word among them
        return self._tokens

    @property
    def heads(self) -> frozenset[str]:
        """The first five letters of every token's key and of its hyphenated parts."""
        return frozenset(self._by_prefix)

    @property
    def _by_prefix(self) -> dict[str, list[int]]:
        """Each head → the indices (ascending) of the tokens it opens."""
        by_prefix: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            for head in _key_heads(token.key):
                by_prefix.setdefault(head, []).append(i)
        return by_prefix

    def positions(self, pattern: str) -> list[int]:
        """Indices (ascending) of the tokens whose key is ``_same`` as ``pattern``."""
        if pattern in _vocabulary()[1]:
            return self.where.get(pattern, [])
        found = self._others.get(pattern)
        if found is None:
            found = [i for i, t in enumerate(self.tokens) if _same(t.key, pattern)]
            self._others[pattern] = found
        return found


@lru_cache(maxsize=65536)
def _key_heads(key: str) -> tuple[str, ...]:
    """The first five letters of a key and of each of its hyphenated parts, each once."""
    return tuple({key[:5], *(part[:5] for part in key.split("-") if part)})


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Every word of every milestone, exclusion, kind and head phrase, filed under its
    first five letters; and all of them."""
    words = {w for index in _indexes() for _, phrase, _ in index.entries for w in phrase}
    by_head: dict[str, list[str]] = {}
    for word in sorted(words):
        by_head.setdefault(word[:5], []).append(word)
    return {h: tuple(ws) for h, ws in by_head.items()}, frozenset(words)


@lru_cache(maxsize=65536)
def _key_patterns(key: str) -> tuple[str, ...]:
    """The phrase words a key is ``_same`` as.  ``_same`` needs equal words or a shared
    prefix of at least five letters (of the key or of one of its hyphenated parts), so only
    the words filed under the key's heads are tried."""
    by_head = _vocabulary()[0]
    return tuple(p for head in _key_heads(key) for p in by_head.get(head, ()) if _same(key, p))


@lru_cache(maxsize=4096)
def _heads(phrase: tuple[str, ...]) -> frozenset[str]:
    """The first five letters of each word of a phrase (every one must open some token)."""
    return frozenset(word[:5] for word in phrase)


def _find(tokens: list[_Token] | _Index, phrase: tuple[str, ...], gap: int,
          *, within: int | None = None) -> str | None:
    """The words where ``phrase`` occurs in order (≤ ``gap`` words between), or None."""
    if not phrase:
        return None
    index = tokens if isinstance(tokens, _Index) else _Index(tokens)
    places = [index.positions(word) for word in phrase]
    if not all(places):
        return None
    return _walk(index.texts, places, gap, within)


def _walk(texts: list[str], places: list[list[int]], gap: int, within: int | None) -> str | None:
    """:func:`_find` given the tokens' words and where each word of the phrase occurs (no
    empty list)."""
    limit = len(texts) if within is None else min(within, len(texts))
    rest = places[1:]
    for i in places[0]:
        if i >= limit:
            break
        pos = i
        for where in rest:
            k = bisect_right(where, pos)  # the nearest later occurrence, within the gap
            if k == len(where) or where[k] > pos + gap + 1:
                break
            pos = where[k]
        else:
            return " ".join(texts[i : pos + 1])
    return None


@lru_cache(maxsize=1)
def _taxonomy() -> dict:
    with resources.files("schemas").joinpath("milestones.toml").open("rb") as fh:
        return tomllib.load(fh)


def taxonomy_version() -> str:
    return _taxonomy()["version"]


@lru_cache(maxsize=1)
def load_milestones() -> tuple[Milestone, ...]:
    """The federal milestones, phrases lemmatized."""
    return tuple(
        Milestone(code=m["code"], name=m["name"],
                  phrases=tuple(_phrase(p) for p in m["phrases"]),
                  exclude=tuple(_phrase(p) for p in m.get("exclude", [])),
                  windows=tuple(Window(**w) for w in m.get("window", [])))
        for m in _taxonomy()["milestone"])


@lru_cache(maxsize=1)
def load_kinds() -> tuple[ActivityKind, ...]:
    """The kinds of regional initiatives, in the order they are tried."""
    return tuple(
        ActivityKind(code=k["code"], name=k["name"],
                     phrases=tuple(_phrase(p) for p in k["phrases"]),
                     heads=tuple(_phrase(p) for p in k.get("heads", [])))
        for k in _taxonomy()["kind"])


_Phrases = tuple[tuple[tuple[str, ...], frozenset[str]], ...]  # each phrase with its _heads


@dataclass(frozen=True, slots=True)
class _PhraseIndex:
    """Phrases of several owners (milestones, kinds), each filed under its first word: a
    phrase can only be found when each of its words is some token's (``_Index.words``), so
    the phrases worth trying are looked up from the activity's phrase words, in the order
    they are tried (:meth:`found`).  :meth:`present` offers them by the words' first five
    letters instead (``_Index.heads``): the looser offer ``found`` was checked against."""

    entries: tuple[tuple[int, tuple[str, ...], frozenset[str]], ...]  # (owner, phrase, heads)
    by_head: dict[str, tuple[int, ...]]  # head → entry indices
    heads: frozenset[str]  # by_head's keys
    # the phrases again, in the order they are tried (owners in file order; an owner's
    # phrases in file order, or longest first), each with its set of words, filed by rank
    # under its first word
    ranked: tuple[tuple[int, tuple[str, ...], frozenset[str]], ...]
    by_first: dict[str, tuple[int, ...]]
    firsts: frozenset[str]  # by_first's keys

    def present(self, have: frozenset[str]) -> dict[int, list[tuple[str, ...]]]:
        """Owner → its phrases (in file order) whose every head is in ``have``, owners
        in file order."""
        by_head = self.by_head
        found: list[int] = []
        for head in self.heads.intersection(have):
            found.extend(by_head[head])
        if not found:
            return {}
        found.sort()
        out: dict[int, list[tuple[str, ...]]] = {}
        for e in found:
            owner, phrase, needs = self.entries[e]
            if needs <= have:
                out.setdefault(owner, []).append(phrase)
        return out

    def found(self, words: frozenset[str]) -> list[tuple[int, tuple[str, ...], frozenset[str]]]:
        """(owner, phrase, its words) of the phrases all of whose words are in ``words``
        (``_Index.where``'s keys), in the order they are tried: :meth:`present` without the
        phrases ``_find`` cannot find."""
        firsts = self.firsts.intersection(words)
        if not firsts:
            return []
        by_first = self.by_first
        ranks = [r for word in firsts for r in by_first[word]]
        ranks.sort()
        ranked = self.ranked
        return [ranked[r] for r in ranks if ranked[r][2] <= words]


def _phrase_index(owners: list[_Phrases], *, longest_first: bool = False) -> _PhraseIndex:
    entries = tuple((owner, p, needs) for owner, phrases in enumerate(owners)
                    for p, needs in phrases if p)
    by_head: dict[str, list[int]] = {}
    for e, (_, p, _) in enumerate(entries):
        by_head.setdefault(p[0][:5], []).append(e)
    # sorted() is stable: phrases of equal length stay in file order
    order = sorted(range(len(entries)),
                   key=lambda e: (entries[e][0], -len(entries[e][1]) if longest_first else 0))
    ranked = tuple((entries[e][0], entries[e][1], frozenset(entries[e][1])) for e in order)
    by_first: dict[str, list[int]] = {}
    for r, (_, p, _) in enumerate(ranked):
        by_first.setdefault(p[0], []).append(r)
    return _PhraseIndex(entries, {h: tuple(es) for h, es in by_head.items()}, frozenset(by_head),
                        ranked, {w: tuple(rs) for w, rs in by_first.items()}, frozenset(by_first))


@lru_cache(maxsize=1)
def _indexes() -> tuple[_PhraseIndex, _PhraseIndex, _PhraseIndex, _PhraseIndex]:
    """Milestone phrases, milestone exclusions, kind phrases and kind heads, indexed."""
    ms, kinds = _milestone_phrases(), _kind_phrases()
    return (_phrase_index([p for _, p, _ in ms], longest_first=True), _phrase_index([x for _, _, x in ms]),
            _phrase_index([p for _, p, _ in kinds]), _phrase_index([h for _, _, h in kinds]))


def _with_heads(phrases: tuple[tuple[str, ...], ...]) -> _Phrases:
    return tuple((p, _heads(p)) for p in phrases)


@lru_cache(maxsize=1)
def _milestone_phrases() -> tuple[tuple[Milestone, _Phrases, _Phrases], ...]:
    """Each milestone with its phrases and exclusions, each with its heads."""
    return tuple((ms, _with_heads(ms.phrases), _with_heads(ms.exclude)) for ms in load_milestones())


@lru_cache(maxsize=1)
def _kind_phrases() -> tuple[tuple[ActivityKind, _Phrases, _Phrases], ...]:
    """Each kind with its phrases and heads, each with its (five-letter) heads."""
    return tuple((k, _with_heads(k.phrases), _with_heads(k.heads)) for k in load_kinds())


def _show(phrase: tuple[str, ...]) -> str:
    return " ".join(phrase)


def _found(tokens: _Index, phrase: tuple[str, ...], gap: int, within: int | None = None) -> str | None:
    """:func:`_find` of a phrase each of whose words some token is (``_PhraseIndex.found``)."""
    where = tokens.where
    return _walk(tokens.texts, [where[word] for word in phrase], gap, within)


def _head_veto(tokens: _Index) -> Evidence | None:
    """A regional-initiative head opening the activity, if any."""
    within, gap = _taxonomy()["head_words"], _taxonomy()["gap"]
    for k, head, _ in _indexes()[3].found(tokens.words):
        if text := _found(tokens, head, gap, within):
            return Evidence(_show(head), text, f"head:{_kind_phrases()[k][0].code}")
    return None


def _best_milestone(tokens: _Index) -> tuple[Milestone | None, list[Evidence]]:
    """The milestone with the longest matching phrase (file order breaks ties)."""
    gap = _taxonomy()["gap"]
    best: tuple[int, Milestone, tuple[str, ...], str] | None = None
    vetoes: list[Evidence] = []
    table = _milestone_phrases()
    phrase_index, exclude_index, _, _ = _indexes()
    excludes: list[tuple[int, tuple[str, ...], frozenset[str]]] | None = None
    done = -1  # the last milestone decided: its first phrase found is its longest
    for m, phrase, _ in phrase_index.found(tokens.words):
        if m == done or not (text := _found(tokens, phrase, gap)):
            continue
        done = m
        ms = table[m][0]
        if excludes is None:
            excludes = exclude_index.found(tokens.words)
        veto = next((Evidence(_show(p), t, f"exclude:{ms.code}")
                     for x, p, _ in excludes if x == m and (t := _found(tokens, p, gap))), None)
        if veto:
            vetoes.append(veto)
        elif best is None or len(phrase) > best[0]:
            best = (len(phrase), ms, phrase, text)
    if best is None:
        return None, vetoes
    return best[1], [Evidence(_show(best[2]), best[3], "milestone")]


def _kind(tokens: _Index) -> tuple[str, Evidence | None]:
    gap = _taxonomy()["gap"]
    for k, phrase, _ in _indexes()[2].found(tokens.words):
        if text := _found(tokens, phrase, gap):
            return _kind_phrases()[k][0].code, Evidence(_show(phrase), text, "kind")
    return OTHER_KIND, None


def align_activity(activity: str | None) -> Alignment:
    """The federal milestone (or None), the activity kind and the evidence for one activity."""
    return _align(activity or "")


@text_cache(maxsize=4096)
def _align(activity: str) -> Alignment:
    """:func:`align_activity` of a text (cached: an Alignment is immutable, and activities
    recur from order to order)."""
    tokens = _Index.of_text(activity)
    veto = _head_veto(tokens)
    if veto is None:
        milestone, evidence = _best_milestone(tokens)
        if milestone is not None:
            return Alignment(milestone.code, FEDERAL_KIND, tuple(evidence))
    else:
        evidence = [veto]
    kind, hit = _kind(tokens)
    return Alignment(None, kind, tuple([*evidence, *([hit] if hit else [])]))


def window_deviation(code: str, start: date | None, end: date | None,
                     year: int | None = None) -> int | None:
    """Days between the planned period and the nearest federal window of that year.

    0 when they overlap; negative when planned before the window, positive after; None
    when the period has no date or the taxonomy has no window for that year.  ``year``
    (the roadmap's) picks the windows; by default the period's own years do."""
    first, last = start or end, end or start
    if first is None or last is None:
        return None
    years = (year,) if year is not None else (first.year, last.year)
    windows = [w for ms in load_milestones() if ms.code == code for w in ms.windows
               if w.year in years]
    if not windows:
        return None
    deviations = []
    for w in windows:
        if last < w.start:
            deviations.append((last - w.start).days)
        elif first > w.end:
            deviations.append((first - w.end).days)
        else:
            deviations.append(0)
    return min(deviations, key=abs)
