"""The round-7 cold-path speed-ups of risks and milestones give what the code they replace gave.

Each fast path is compared with the reference it replaced (kept here verbatim) on every cell
of the sample gold and the real-cells fixture, on made-up texts that do and do not name
directions, milestones and kinds (``tests.test_fast6_risks.CORPUS``), and on made-up word
and stem sets: risks' word prefilter (``_may_name``) and candidate rules, milestones' index
built in one pass (``_Index.of_text``), the phrase index's early answer and the milestone
chosen by trying its longest phrases first.
"""
from __future__ import annotations

import random

from functools import lru_cache

from normalize import milestones, nlp, risk_topics, risk_vocabulary, risks
from tests.test_fast6_risks import CORPUS, _may_name

# --------------------------------------------------------------------------- risks


@lru_cache(maxsize=65536)
def _word_signal(word: str) -> frozenset[str] | None:
    """None for a risk context word, else the phrase lemmas the word stands for (the
    readers use ``risk_vocabulary._word_signals``; this was ``risks._word_signal``, kept
    in the module for the references of the tests alone until round 13)."""
    w = risk_vocabulary._word(word)
    return None if w.context else w.keys


@lru_cache(maxsize=1)
def _phrases_by_lemma() -> dict[str, tuple[frozenset[str], ...]]:
    """Each phrase's lemma set, filed under its first lemma (was ``risks._phrases_by_lemma``)."""
    out: dict[str, list[frozenset[str]]] = {}
    for direction in risk_vocabulary._taxonomy():
        for phrase in direction.phrases:
            out.setdefault(phrase[0], []).append(frozenset(phrase))
    return {lem: tuple(sets) for lem, sets in out.items()}


def _reference_may_name(words) -> bool:
    """risks._may_name before round 7: every word's signal gathered, then unioned."""
    signals = set(map(_word_signal, set(words)))
    if None in signals:
        return True
    present = frozenset().union(*signals)
    if not present:
        return False
    by_lemma = _phrases_by_lemma()
    return any(p <= present for lem in present for p in by_lemma.get(lem, ()))


def _made_up_word_lists() -> list[list[str]]:
    """Word lists mixing phrase words, context words and plain words, in random order."""
    rng = random.Random(7)
    phrase_words = [w for d in risks.load_risk_taxonomy()
                    for p in (d.wording, *d.key_phrases, *d.variants) for w in nlp.words(p)]
    plain = ["школа", "проведение", "семинар", "Иванов", "ДО", "2024", "учителей", "и"]
    context = ["риск", "рисковые", "РИСКОВОГО", "направление"]
    out = []
    for _ in range(400):
        pool = phrase_words + plain + (context if rng.random() < 0.2 else [])
        out.append(rng.sample(pool, rng.randint(0, 9)))
    return out


def test_may_name_equals_the_reference_on_every_cell_and_made_up_words():
    cases = [list(nlp.words(t)) for t in CORPUS] + _made_up_word_lists()
    got = [_may_name(words) for words in cases]
    assert got == [_reference_may_name(words) for words in cases]
    assert 100 < sum(got) < len(got) - 100  # both answers are common


def _reference_candidate_rules(present: frozenset[str]) -> list[int]:
    """risk_topics._candidate_rules before round 7: a count for every rule."""
    if not present:
        return []
    index, sizes = risk_topics._rule_index()
    met: set[tuple[int, int]] = set()
    for stem in present:
        met.update(index.get(stem, ()))
    counts = [0] * len(sizes)
    for r, _ in met:
        counts[r] += 1
    return [r for r, n in enumerate(counts) if n == sizes[r]]


def test_candidate_rules_equal_the_reference_on_every_cell_and_random_stems():
    stem_sets = [frozenset().union(*(t.stems for t in risk_vocabulary._tokens(text))) for text in CORPUS]
    stems = sorted(risk_vocabulary._stem_set()[0])
    rng = random.Random(11)
    stem_sets += [frozenset(rng.sample(stems, rng.randint(0, min(12, len(stems)))))
                  for _ in range(500)]
    stem_sets.append(frozenset(stems))  # every rule met
    got = [risk_topics._candidate_rules(s) for s in stem_sets]
    assert got == [_reference_candidate_rules(s) for s in stem_sets]
    assert sum(bool(g) for g in got) > 300 and len(got[-1]) == len(risk_vocabulary._topic_rules())


# --------------------------------------------------------------------------- milestones


def _index_state(index: milestones._Index) -> tuple:
    return index.tokens, index._by_prefix, index.heads


def test_index_of_text_equals_the_index_of_the_tokens():
    for text in [*CORPUS, None, "", "и в на", "школа-участник «Точка роста» и ЦОС"]:
        fast = milestones._Index.of_text(text or "")
        slow = milestones._Index(milestones._tokens(text or ""))
        assert _index_state(fast) == _index_state(slow), text


def _reference_present(index: milestones._PhraseIndex, have: frozenset[str]) -> dict:
    """_PhraseIndex.present without the early answer: every entry tested."""
    out: dict[int, list[tuple[str, ...]]] = {}
    for owner, phrase, needs in index.entries:
        if needs <= have:
            out.setdefault(owner, []).append(phrase)
    return out


def test_phrase_indexes_offer_what_testing_every_entry_offers():
    offered = 0
    for text in CORPUS:
        have = milestones._Index.of_text(text).heads
        for index in milestones._indexes():
            got = index.present(have)
            assert list(got) == sorted(got), text
            assert got == _reference_present(index, have), text
            offered += bool(got)
    assert offered > 200


def _reference_best_milestone(tokens: milestones._Index):
    """_best_milestone before round 7: every phrase of a milestone tried, the longest hit
    kept (the first of equal length)."""
    gap = milestones._taxonomy()["gap"]
    Evidence = milestones.Evidence
    best, vetoes = None, []
    for ms in milestones.load_milestones():
        hits = [(len(p), Evidence(milestones._show(p), t, "milestone"))
                for p in ms.phrases if (t := milestones._find(tokens, p, gap))]
        if not hits:
            continue
        veto = next((Evidence(milestones._show(p), t, f"exclude:{ms.code}")
                     for p in ms.exclude if (t := milestones._find(tokens, p, gap))), None)
        if veto:
            vetoes.append(veto)
            continue
        length, evidence = max(hits, key=lambda h: h[0])
        if best is None or length > best[0]:
            best = (length, ms, evidence)
    return (None, vetoes) if best is None else (best[1], [best[2]])


def _milestone_texts() -> list[str]:
    """Every milestone's phrases and exclusions as printed, alone, in pairs and in a sentence."""
    out = []
    raw = milestones._taxonomy()["milestone"]
    for m in raw:
        phrases = [*m["phrases"], *m.get("exclude", [])]
        out += phrases
        out += [f"Организация работы: {a}; {b}" for a, b in zip(phrases, reversed(phrases))]
    for a, b in zip(raw, raw[1:]):
        out.append(f"{a['phrases'][0]} и {b['phrases'][-1]}")
    return out


def test_best_milestone_equals_trying_every_phrase():
    found = 0
    for text in [*CORPUS, *_milestone_texts()]:
        tokens = milestones._Index.of_text(text)
        got = milestones._best_milestone(tokens)
        assert got == _reference_best_milestone(tokens), text
        found += got[0] is not None
    assert found > 100
