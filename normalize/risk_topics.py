"""Risk directions an activity plainly works on without naming them.

The lexicon rules of ``normalize/data/risk_topics.toml`` (parents' meetings → 10, assessing
teachers' subject competence → 3 …): a rule needs a stem of each of its groups within its
window of words, and none of its ``none_near`` stems close by in the same phrase.  The
rules and the tokens' stems come from ``normalize.risk_vocabulary``.
"""
from __future__ import annotations

from collections.abc import Iterable

from normalize.memo import text_cache
from normalize.records import RiskHit
from normalize.risk_vocabulary import (  # noqa: F401  (_group_bits, _word_bits: the tests')
    _SILENT,
    TopicRule,
    _cell_signals,
    _group_bits,
    _rule_index,
    _rules_met,
    _signals,
    _tokens,
    _topic_rules,
    _word_bits,
)

__all__ = ["infer_risk_topics"]


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


# Words known to satisfy no rule's group are ``risk_vocabulary._SILENT`` (shared with the
# risk reader: a word in it says nothing to either).
_IDLE = _SILENT


@text_cache(maxsize=4096)
def _topic_spans(text: str, shared: bool = True) -> tuple[tuple[int, bool, int, int], ...]:
    """(code, fallback, start, end) of every lexicon-rule match in ``text``, in rule order
    (cached: activities and indicators recur from row to row and order to order).  A rule
    needs a stem in each of its groups: a text whose words meet no rule's every group is
    not tokenized (punctuation and numbers carry no stem).  ``shared`` False: the words
    read from whitespace chunks (``_cell_signals``), ``nlp.words`` being read for no other."""
    # the activity's signals read by the risk reader already
    signals = _signals(text) if shared else _cell_signals(text)
    if signals is not None and not (signals.bits and _rules_met(signals.bits)):
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
    for text, shared in ((activity, True), (indicator, False)):  # milestones read the activity's words
        if not text:
            continue
        for code, fallback, start, end in _topic_spans(text, shared):
            (generic if fallback else specific).append(RiskHit(code, text[start:end], "lexicon"))
    hits = specific if specific else generic
    if not hits:  # most rows
        return [], hits
    named = set(explicit)
    hits = [h for h in hits if h.code not in named]
    return sorted({h.code for h in hits}), hits
