"""Risk directions of the «500+» project: those a row names, and those it plainly works on.

``find_risk_directions`` reads what a row says explicitly: a direction's number in a risk
context ("рисковых направлений 2, 5", "– 9 «Пониженный уровень …»") or its wording in any
case and word order (lemmas via ``normalize.nlp.lemma``; one-letter typos tolerated on
long words), plus a section heading that names one.  ``infer_risk_topics`` applies the
lexicon rules of ``normalize/data/risk_topics.toml`` to an activity (parents' meetings →
10, assessing teachers' subject competence → 3 …).  The taxonomy itself (official
wordings, key phrases, variants) is ``schemas/risk_directions.toml``.
"""
from __future__ import annotations

from normalize.memo import text_cache

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from normalize import nlp
from normalize.records import RiskHit

__all__ = [
    "RiskDirection",
    "TopicRule",
    "load_risk_taxonomy",
    "load_topic_rules",
    "taxonomy_version",
    "find_risk_directions",
    "infer_risk_topics",
]

_TOKEN = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*|\d+|[^\sА-Яа-яЁёA-Za-z\d]")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class RiskDirection:
    """One risk direction: code, official wording, and the lemma phrases that name it."""

    code: int
    wording: str
    key_phrases: tuple[str, ...]
    variants: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]  # lemmatized, function words dropped, longest first


@dataclass(frozen=True, slots=True)
class TopicRule:
    """A lexicon rule: stems that, found together, show the activity works on ``code``."""

    code: int
    all: tuple[tuple[str, ...], ...]
    window: int
    none_near: tuple[str, ...] = ()
    near: int = 0
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class _Lexicon:
    context_stems: tuple[str, ...]
    context_nouns: frozenset[str]
    separators: frozenset[str]
    signs: frozenset[str]
    not_after: frozenset[str]
    date_separators: frozenset[str]
    dashes: frozenset[str]
    quotes: frozenset[str]
    slack: int
    fuzzy_min_length: int
    barriers: frozenset[str]
    stopwords: frozenset[str]


def _yo(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=1)
def _topics_toml() -> dict[str, Any]:
    text = resources.files("normalize.data").joinpath("risk_topics.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = _topics_toml()
    numbers, wording = raw["numbers"], raw["wording"]
    return _Lexicon(
        context_stems=tuple(numbers["context_stems"]),
        context_nouns=frozenset(_yo(w) for w in numbers["context_nouns"]),
        separators=frozenset(numbers["separators"]),
        signs=frozenset(numbers["signs"]),
        not_after=frozenset(_yo(w) for w in numbers["not_after"]),
        date_separators=frozenset(numbers["date_separators"]),
        dashes=frozenset(numbers["dashes"]),
        quotes=frozenset(numbers["quotes"]),
        slack=int(wording["slack"]),
        fuzzy_min_length=int(wording["fuzzy_min_length"]),
        barriers=frozenset(wording["barriers"]),
        stopwords=frozenset(wording["stopwords"]),
    )


def _lemma(word: str) -> str:
    return _yo(nlp.lemma(word)) if word[:1].isalpha() else word.lower()


def _phrase_lemmas(phrase: str, stopwords: frozenset[str]) -> tuple[str, ...]:
    """A phrase as the lemmas that must occur (function words dropped)."""
    words = [w for w in _TOKEN.findall(phrase) if w[:1].isalpha()]
    return tuple(_lemma(w) for w in words if w.lower() not in stopwords)


def load_risk_taxonomy() -> list[RiskDirection]:
    """The ten risk directions of ``schemas/risk_directions.toml`` (phrases lemmatized)."""
    return list(_taxonomy())


def taxonomy_version() -> str:
    """The ``version`` the taxonomy file declares."""
    return str(_taxonomy_toml()["version"])


@lru_cache(maxsize=1)
def _taxonomy_toml() -> dict[str, Any]:
    text = resources.files("schemas").joinpath("risk_directions.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _taxonomy() -> tuple[RiskDirection, ...]:
    stop = _lexicon().stopwords
    out = []
    for d in _taxonomy_toml()["direction"]:
        texts = [d["wording"], *d.get("key_phrases", ()), *d.get("variants", ())]
        phrases = {_phrase_lemmas(t, stop) for t in texts}
        out.append(
            RiskDirection(
                code=int(d["code"]),
                wording=d["wording"],
                key_phrases=tuple(d.get("key_phrases", ())),
                variants=tuple(d.get("variants", ())),
                phrases=tuple(sorted((p for p in phrases if p), key=len, reverse=True)),
            )
        )
    return tuple(out)


def load_topic_rules() -> list[TopicRule]:
    """The inferred-topic rules of ``normalize/data/risk_topics.toml``."""
    return list(_topic_rules())


@lru_cache(maxsize=1)
def _topic_rules() -> tuple[TopicRule, ...]:
    return tuple(
        TopicRule(
            code=int(r["code"]),
            all=tuple(tuple(_yo(s) for s in group) for group in r["all"]),
            window=int(r.get("window", 1)),
            none_near=tuple(_yo(s) for s in r.get("none_near", ())),
            near=int(r.get("near", 0)),
            fallback=bool(r.get("fallback", False)),
        )
        for r in _topics_toml()["topic"]
    )


# --------------------------------------------------------------------------- tokens


class _Token(NamedTuple):
    text: str
    lower: str
    lemma: str
    start: int
    end: int
    context: bool  # a risk context word ("рисковое", "риски")
    keys: frozenset[str]  # the key-phrase lemmas it stands for (``_matches``)
    stems: frozenset[str]  # the topic-rule stems it starts with (``_stems_of``)


class _Word(NamedTuple):
    """What a spelling is for every rule here, derived once per spelling."""

    lower: str
    lemma: str
    context: bool
    keys: frozenset[str]
    stems: frozenset[str]


@lru_cache(maxsize=65536)
def _word(word: str) -> _Word:
    """A word's lower-case form and lemma ("е" for "ё"), whether it opens a risk context,
    and the phrase lemmas and rule stems it stands for."""
    lower = _yo(word.lower())
    lemma = _lemma(word)
    return _Word(lower, lemma, any(lower.startswith(s) for s in _lexicon().context_stems),
                 _matches(lemma, lower), _stems_of(lemma, lower))


# _TOKEN's tokens with the whitespace before each (all it skips): offsets from the lengths.
_SPACED_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")


@text_cache(maxsize=4096)
def _tokens(text: str) -> tuple[_Token, ...]:
    """Words, numbers and punctuation of ``text`` with lemmas and character offsets (cached:
    the activity is read for directions and for topics)."""
    new = tuple.__new__  # the NamedTuple without its Python-level __new__ (a hot loop)
    out: list[_Token] = []
    append = out.append
    end = 0
    for space, word in _SPACED_TOKEN.findall(text):
        start = end + len(space)
        end = start + len(word)
        w = _word(word)
        append(new(_Token, (word, w.lower, w.lemma, start, end, w.context, w.keys, w.stems)))
    return tuple(out)


@lru_cache(maxsize=65536)
def _close(a: str, b: str) -> bool:
    """At most one letter added, dropped or changed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@lru_cache(maxsize=1)
def _phrase_vocabulary() -> frozenset[str]:
    """Every lemma some key phrase needs."""
    return frozenset(lem for d in _taxonomy() for p in d.phrases for lem in p)


@lru_cache(maxsize=65536)
def _matches(lemma: str, lower: str) -> frozenset[str]:
    """The phrase lemmas a word stands for: itself, or one letter off on a long word."""
    fuzzy_min = _lexicon().fuzzy_min_length
    out = set()
    for key in _phrase_vocabulary():
        if key == lemma or key == lower:
            out.add(key)
        elif (
            len(key) >= fuzzy_min
            and len(lemma) >= fuzzy_min
            and lemma[:1] == key[:1]
            and _close(lemma, key)
        ):
            out.add(key)
    return frozenset(out)


# --------------------------------------------------------------------------- wording


def _phrase_spans(
    tokens: Sequence[_Token], keys: list[frozenset[str]], phrase: tuple[str, ...], lex: _Lexicon,
    where: dict[str, list[int]],
) -> list[tuple[int, int]]:
    """Token spans [i, j] where every lemma of ``phrase`` occurs, compactly, in any order;
    a span starts at a token standing for one of them (``where``: ``_key_positions``)."""
    limit = len(phrase) + lex.slack
    spans = []
    starts = sorted({i for lem in set(phrase) for i in where.get(lem, ())})
    for i in starts:
        need = list(phrase)
        for j in range(i, min(len(tokens), i + limit)):
            if tokens[j].text in lex.barriers:
                break
            for k, lem in enumerate(need):
                if lem in keys[j]:
                    del need[k]
                    break
            if not need:
                spans.append((i, j))
                break
    return spans


def _key_positions(keys: list[frozenset[str]]) -> dict[str, list[int]]:
    """Each phrase lemma → the indices (ascending) of the tokens standing for it."""
    where: dict[str, list[int]] = {}
    for i, lemmas in enumerate(keys):
        for lem in lemmas:
            where.setdefault(lem, []).append(i)
    return where


def _wording_hits(text: str, tokens: Sequence[_Token], method: str) -> list[tuple[int, int, RiskHit]]:
    """(start, end, hit) for every direction whose wording the text contains."""
    lex = _lexicon()
    keys = [t.keys for t in tokens]
    present = frozenset().union(*keys) if keys else frozenset()
    found: list[tuple[int, int, RiskHit]] = []
    taken: list[tuple[int, int, int]] = []  # (code, first token, last token)
    where = _key_positions(keys)
    for direction in _taxonomy():
        for phrase in direction.phrases:
            if not present.issuperset(phrase):
                continue
            for i, j in _phrase_spans(tokens, keys, phrase, lex, where):
                if any(c == direction.code and a <= j and i <= b for c, a, b in taken):
                    continue
                taken.append((direction.code, i, j))
                start, end = tokens[i].start, tokens[j].end
                found.append((start, end, RiskHit(direction.code, text[start:end], method)))
    return found


# --------------------------------------------------------------------------- numbers


def _number_list(tokens: Sequence[_Token], i: int, lex: _Lexicon) -> tuple[list[int], int]:
    """Direction numbers listed from token ``i`` on ("2, 5", "6 и 8") and the index of the
    last one; ([], i) when the first number is a count, a date or out of range."""
    codes, last = [], i
    while i < len(tokens) and tokens[i].text.isdigit():
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        if not 1 <= int(tokens[i].text) <= 10 or len(tokens[i].text) > 2:
            break
        if nxt is not None and (nxt.lower in lex.not_after or nxt.lemma in lex.not_after):
            break  # "(2 ОО)", "3 школы", "10 %"
        if (nxt is not None and after is not None and nxt.text in lex.date_separators
                and after.text.isdigit() and tokens[i].end == nxt.start and nxt.end == after.start):
            break  # "3.03", "1/2", "1,5": glued, a date or a fraction
        codes.append(int(tokens[i].text))
        last = i
        if nxt is not None and nxt.lower in lex.separators and after is not None and after.text.isdigit():
            i += 2
            continue
        break
    return codes, last


def _number_hits(text: str, tokens: Sequence[_Token]) -> list[tuple[int, int, RiskHit]]:
    """Directions named by number right after a risk context word."""
    lex = _lexicon()
    found = []
    for i, tok in enumerate(tokens):
        if not tok.context:
            continue
        j = i + 1
        nouns = 0
        while j < len(tokens) and nouns < 2 and tokens[j].lemma in lex.context_nouns:
            j += 1
            nouns += 1
        while j < len(tokens) and tokens[j].text in lex.signs:
            j += 1
        codes, last = _number_list(tokens, j, lex)
        if not codes:
            continue
        start, end = tok.start, tokens[last].end
        for code in codes:
            found.append((start, end, RiskHit(code, text[start:end], "number")))
    return found


def _dash_hits(
    text: str, tokens: Sequence[_Token], wording: list[tuple[int, int, RiskHit]]
) -> list[tuple[int, int, RiskHit]]:
    """"– 9 «Пониженный уровень …»": a dashed number before a quoted wording."""
    lex = _lexicon()
    has_context = [False] * (len(tokens) + 1)
    for i, tok in enumerate(tokens):
        has_context[i + 1] = has_context[i] or tok.context
    found = []
    for i in range(len(tokens) - 2):
        dash, num, quote = tokens[i], tokens[i + 1], tokens[i + 2]
        if dash.text not in lex.dashes or quote.text not in lex.quotes or not num.text.isdigit():
            continue
        code = int(num.text)
        if not 1 <= code <= 10:
            continue
        named = {h.code for s, _, h in wording if quote.start <= s <= quote.end + 2}
        if code in named or (not named and has_context[i]):
            end = max((e for s, e, h in wording if h.code == code and s >= quote.start), default=num.end)
            found.append((dash.start, end, RiskHit(code, text[dash.start : end].strip(), "number")))
    return found


# --------------------------------------------------------------------------- public


@text_cache(maxsize=4096)
def _explicit(text: str, method: str | None) -> tuple[tuple[int, int, RiskHit], ...]:
    """Every explicit hit in one text, in text order (cached: section headings and short
    cells such as executors repeat from row to row).  Most cells name no direction: a hit
    needs a risk context word (numbers) or every lemma of some phrase (wording), which the
    text's words tell without tokenizing and scanning it (``_may_name``)."""
    if _ODD_LETTER.search(text) is None and not _may_name(nlp.words(text)):
        return ()
    return _scan_explicit(text, method)


# A letter outside the word pattern ("ѐ", "é"): the tokenizer reads it as a one-character
# token that is not among nlp.words, so a text holding one is read the long way.
_ODD_LETTER = re.compile(r"[^\W\dА-Яа-яЁёA-Za-z_]")


def _may_name(words: Sequence[str]) -> bool:
    """Whether a text of these words can hold an explicit hit: a risk context word (a
    number hit and a dash hit without a wording need one) or some phrase's every lemma
    (a wording hit).  Only letter words carry either (numbers and punctuation never)."""
    present: set[str] = set()
    for signal in map(_word_signal, set(words)):
        if signal is None:
            return True
        if signal:
            present |= signal
    if not present:
        return False
    by_lemma = _phrases_by_lemma()
    return any(p <= present for lem in present for p in by_lemma.get(lem, ()))


@lru_cache(maxsize=65536)
def _word_signal(word: str) -> frozenset[str] | None:
    """None for a risk context word, else the phrase lemmas the word stands for."""
    w = _word(word)
    return None if w.context else w.keys


@lru_cache(maxsize=65536)
def _word_stems(word: str) -> frozenset[str]:
    """The topic-rule stems a word starts with."""
    return _word(word).stems


@lru_cache(maxsize=1)
def _phrases_by_lemma() -> dict[str, tuple[frozenset[str], ...]]:
    """Each phrase's lemma set, filed under its first lemma."""
    out: dict[str, list[frozenset[str]]] = {}
    for direction in _taxonomy():
        for phrase in direction.phrases:
            out.setdefault(phrase[0], []).append(frozenset(phrase))
    return {lem: tuple(sets) for lem, sets in out.items()}


def _scan_explicit(text: str, method: str | None) -> tuple[tuple[int, int, RiskHit], ...]:
    """:func:`_explicit` read token by token (every text that passes ``_may_name``)."""
    tokens = _tokens(text)
    wording = _wording_hits(text, tokens, method or "wording")
    numbers = _number_hits(text, tokens) + _dash_hits(text, tokens, wording)
    if method:
        numbers = [(s, e, RiskHit(h.code, h.text, method)) for s, e, h in numbers]
    return tuple(sorted(numbers + wording, key=lambda x: (x[0], x[1])))


def find_risk_directions(
    texts: Sequence[str | None], *, section: str | None = None
) -> tuple[list[int], list[RiskHit]]:
    """Risk directions a row names explicitly (by number or wording), with evidence.

    ``texts`` are the row's cells; ``section`` its section heading, whose directions the
    row inherits (evidence method "section").
    """
    hits: list[RiskHit] = []
    for text in texts:
        if text and (found := _explicit(text, None)):
            hits.extend(h for _, _, h in found)
    if section and (found := _explicit(section, "section")):
        hits.extend(h for _, _, h in found)
    return sorted({h.code for h in hits}), hits


@lru_cache(maxsize=1)
def _all_stems() -> tuple[str, ...]:
    """Every stem some topic rule uses."""
    stems = {st for r in _topic_rules() for g in r.all for st in g}
    stems |= {st for r in _topic_rules() for st in r.none_near}
    return tuple(sorted(stems))


@lru_cache(maxsize=1)
def _stem_set() -> tuple[frozenset[str], int, int]:
    """Every rule stem, and the shortest and longest stem's length."""
    stems = _all_stems()
    return frozenset(stems), min(map(len, stems), default=0), max(map(len, stems), default=0)


@lru_cache(maxsize=65536)
def _stems_of(lemma: str, lower: str) -> frozenset[str]:
    """The rule stems a word starts with (by its lemma, as printed, or a hyphenated part):
    each prefix of each form looked up in the stem set."""
    stems, shortest, longest = _stem_set()
    forms = {lemma, lower, *lower.split("-")}
    return frozenset(f[:n] for f in forms for n in range(shortest, min(len(f), longest) + 1)
                     if f[:n] in stems)


@lru_cache(maxsize=1)
def _rule_index() -> tuple[dict[str, tuple[tuple[int, int], ...]], tuple[int, ...]]:
    """stem → the (rule, group) pairs it satisfies; and each rule's number of groups."""
    index: dict[str, set[tuple[int, int]]] = {}
    for r, rule in enumerate(_topic_rules()):
        for g, group in enumerate(rule.all):
            for stem in group:
                index.setdefault(stem, set()).add((r, g))
    sizes = tuple(len(rule.all) for rule in _topic_rules())
    return {stem: tuple(sorted(pairs)) for stem, pairs in index.items()}, sizes


def _candidate_rules(present: frozenset[str]) -> list[int]:
    """Indices (in file order) of the rules each of whose stem groups meets ``present``."""
    if not present:
        return []
    index, sizes = _rule_index()
    met: set[tuple[int, int]] = set()
    for stem in present:
        met.update(index.get(stem, ()))
    counts: dict[int, int] = {}  # only the rules met at all (most are not)
    for r, _ in met:
        counts[r] = counts.get(r, 0) + 1
    return sorted(r for r, n in counts.items() if n == sizes[r])


@text_cache(maxsize=4096)
def _topic_spans(text: str) -> tuple[tuple[int, bool, int, int], ...]:
    """(code, fallback, start, end) of every lexicon-rule match in ``text``, in rule order
    (cached: activities and indicators recur from row to row and order to order).  A rule
    needs a stem in each of its groups: a text whose words meet no rule's every group is
    not tokenized (punctuation and numbers carry no stem)."""
    if _ODD_LETTER.search(text) is None and not _candidate_rules(
            frozenset().union(*map(_word_stems, set(nlp.words(text))))):
        return ()
    tokens = _tokens(text)
    stems = [t.stems for t in tokens]
    words = [t.text[:1].isalpha() for t in tokens]
    rules = _topic_rules()
    out = []
    for r in _candidate_rules(frozenset().union(*stems)):
        rule = rules[r]
        for a, b in _rule_hits(stems, words, rule):
            out.append((rule.code, rule.fallback, tokens[a].start, tokens[b].end))
    return tuple(out)


def _rule_hits(stems: list[frozenset[str]], words: list[bool], rule: TopicRule) -> list[tuple[int, int]]:
    """Token spans where every stem group of ``rule`` occurs within its window."""
    spans = []
    first = set(rule.all[0])
    for i, here in enumerate(stems):
        if not here & first:
            continue
        lo, hi = max(0, i - rule.window + 1), min(len(stems), i + rule.window)
        positions = [i]
        for group in rule.all[1:]:
            where = [k for k in range(lo, hi) if k != i and stems[k].intersection(group)]
            if not where:
                break
            positions.append(min(where, key=lambda k: abs(k - i)))
        else:
            a, b = min(positions), max(positions)
            if b - a + 1 <= rule.window and not _cancelled(stems, words, a, b, rule):
                spans.append((a, b))
    return spans


def _cancelled(stems: list[frozenset[str]], words: list[bool], a: int, b: int, rule: TopicRule) -> bool:
    """A ``none_near`` stem stands within ``near`` words of the match, in the same phrase
    (punctuation ends the search: "педагогов «Формирование мотивирующей …»" is not
    teachers' motivation)."""
    if not rule.none_near:
        return False
    for step, start in ((-1, a - 1), (1, b + 1)):
        k, seen = start, 0
        while 0 <= k < len(stems) and words[k] and seen < rule.near:
            if stems[k].intersection(rule.none_near):
                return True
            k, seen = k + step, seen + 1
    return False


def infer_risk_topics(
    activity: str, *, indicator: str | None = None, explicit: Iterable[int] = ()
) -> tuple[list[int], list[RiskHit]]:
    """Risk directions the activity plainly works on without naming them, with evidence.

    Lexicon rules of ``risk_topics.toml`` over the activity and the indicator; a
    direction the row already names (``explicit``) is not repeated as a topic.
    """
    named = set(explicit)
    specific: list[RiskHit] = []
    generic: list[RiskHit] = []
    for text in (activity, indicator):
        if not text:
            continue
        for code, fallback, start, end in _topic_spans(text):
            (generic if fallback else specific).append(RiskHit(code, text[start:end], "lexicon"))
    hits = specific if specific else generic
    hits = [h for h in hits if h.code not in named]
    return sorted({h.code for h in hits}), hits
