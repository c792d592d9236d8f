"""Risk directions an activity plainly works on without naming them.

The lexicon rules of ``normalize/data/risk_topics.toml`` (parents' meetings → 10, assessing
teachers' subject competence → 3 …): a rule needs a stem of each of its groups within its
window of words, and none of its ``none_near`` stems close by in the same phrase.  The
rules and the tokens' stems come from ``normalize.risk_vocabulary``.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from normalize import nlp
from normalize.memo import text_cache
from normalize.records import RiskHit
from normalize.risk_vocabulary import _ODD_LETTER, _UNUSUAL, TopicRule, _tokens, _topic_rules, _word_stems

__all__ = ["infer_risk_topics"]


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


@lru_cache(maxsize=1)
def _group_bits() -> tuple[dict[str, int], tuple[int, ...]]:
    """stem → the bit of each (rule, group) pair it satisfies (bits numbered rule by rule,
    in file order); and each rule's bits, all of which a text must set to meet it."""
    index, sizes = _rule_index()
    offsets = [sum(sizes[:r]) for r in range(len(sizes))]
    bits = {stem: sum(1 << (offsets[r] + g) for r, g in pairs) for stem, pairs in index.items()}
    return bits, tuple(((1 << n) - 1) << offsets[r] for r, n in enumerate(sizes))


@lru_cache(maxsize=65536)
def _word_bits(word: str) -> int:
    """The (rule, group) pairs the word's stems satisfy, as bits (``_group_bits``)."""
    bits = _group_bits()[0]
    out = 0
    for stem in _word_stems(word):
        out |= bits.get(stem, 0)
    return out


@lru_cache(maxsize=65536)
def _rules_met(met: int) -> tuple[int, ...]:
    """Indices (in file order) of the rules all of whose (rule, group) bits ``met`` sets:
    :func:`_candidate_rules` of the stems that set them (a rule of no group is never met)."""
    return tuple(r for r, need in enumerate(_group_bits()[1]) if need and met & need == need)


# Words known to satisfy no rule's group (most words): a text of such words only is turned
# away by one set test.  Filled as words are met (what a word satisfies never changes), up
# to a bound.
_IDLE: set[str] = set()
_IDLE_LIMIT = 1 << 17


def _may_meet(words: tuple[str, ...]) -> bool:
    """Whether some rule has a stem in each of its groups among these words."""
    if _IDLE.issuperset(words):
        return False
    met = 0
    for word in set(words).difference(_IDLE):
        bits = _word_bits(word)
        if bits:
            met |= bits
        elif len(_IDLE) < _IDLE_LIMIT:
            _IDLE.add(word)
    return bool(met) and bool(_rules_met(met))


@text_cache(maxsize=4096)
def _topic_spans(text: str) -> tuple[tuple[int, bool, int, int], ...]:
    """(code, fallback, start, end) of every lexicon-rule match in ``text``, in rule order
    (cached: activities and indicators recur from row to row and order to order).  A rule
    needs a stem in each of its groups: a text whose words meet no rule's every group is
    not tokenized (punctuation and numbers carry no stem)."""
    if (_UNUSUAL.search(text) is None or _ODD_LETTER.search(text) is None) \
            and not _may_meet(nlp.words(text)):
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
    specific: list[RiskHit] = []
    generic: list[RiskHit] = []
    for text in (activity, indicator):
        if not text:
            continue
        for code, fallback, start, end in _topic_spans(text):
            (generic if fallback else specific).append(RiskHit(code, text[start:end], "lexicon"))
    hits = specific if specific else generic
    if not hits:  # most rows
        return [], hits
    named = set(explicit)
    hits = [h for h in hits if h.code not in named]
    return sorted({h.code for h in hits}), hits
