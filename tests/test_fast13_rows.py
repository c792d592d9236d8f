"""The round-13 fast paths of the row readers give what the code they replaced gives.

* ``indicators._token_bits`` reads what may start at each token (``_cover_role``'s bits and
  ``_opens_target``) by one lookup of the token's text, and ``covered`` / ``_targets`` visit
  only the tokens those bits let through (a list of them, each stepped over once a rule has
  read past it) instead of testing every token in a ``while`` loop: equal to the loops they
  replaced (kept here) on every gold, synthetic and made-up indicator-like text;
* ``milestones._Index.of_text`` reads each word's phrase words from a dict (``_PATTERNS_OF_WORD``,
  a subscript instead of a call into ``_word_patterns``' lru_cache), bounded as the cache is;
* ``milestones.Evidence`` is ``records.MilestoneHit``: ``document._align_milestones`` takes an
  alignment's evidence as it is instead of copying each into a MilestoneHit; every record still
  gets a list of its own.
"""
from __future__ import annotations

from collections.abc import Sequence

from normalize import indicators, milestones
from normalize.grammar import Token, tokenize
from normalize.records import ActivityRecord, IndicatorTarget, MilestoneHit, RawRow
from tests.test_fast7_periods import TEXTS
from tests.test_fast10_risks import CORPUS as MILESTONE_TEXTS
from tests.test_fast11_rows import _indicator_texts, _reference_covered

# --------------------------------------------------------------------------- indicators


def _texts() -> list[str]:
    """Indicator cells (gold, made up) and every corpus text holding a digit."""
    return list(dict.fromkeys([*_indicator_texts(), *(t for t in TEXTS if indicators._DIGIT.search(t))]))


INDICATOR_TEXTS = _texts()


def _reference_targets(text: str) -> tuple[IndicatorTarget, ...]:
    """indicators._targets before round 13: a while loop testing every token's guard."""
    if indicators._DIGIT.search(text) is None:
        return ()
    masked = indicators._mask(text)
    if indicators._DIGIT.search(masked) is None:
        return ()
    toks = tokenize(masked)
    cover = _reference_covered(toks)
    found: list[tuple[float, str, str, int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        hit = indicators._any_target_at(toks, i, cover) if indicators._opens_target(t.kind, t.text) else None
        if hit is None:
            i += 1
            continue
        value, unit, op, end, _ = hit
        found.append((value, unit, op, i, end))
        i = end
    for k in range(len(found) - 1, 0, -1):
        value, unit, op, a, b = found[k - 1]
        if not unit and found[k][3] - b <= 1 and all(toks[x].kind in ("dash", "punct") or toks[x].text == "и"
                                                     for x in range(b, found[k][3])):
            found[k - 1] = (value, found[k][1], op, a, b)
    return tuple(IndicatorTarget(value, unit, op, text[toks[a].start:toks[b - 1].end])
                 for value, unit, op, a, b in found)


def _reference_bits(toks: Sequence[Token]) -> list[int]:
    return [indicators._cover_role(t.kind, t.text)
            | (indicators._OPENS_TARGET if indicators._opens_target(t.kind, t.text) else 0) for t in toks]


def test_the_inputs_are_many():
    assert len(INDICATOR_TEXTS) > 1000
    assert sum(bool(_reference_targets(t)) for t in INDICATOR_TEXTS) > 300


def test_a_tokens_kind_follows_from_its_text():
    """What lets _token_bits look a token up by its text alone."""
    kinds: dict[str, str] = {}
    for text in [*INDICATOR_TEXTS, *TEXTS]:
        for t in tokenize(indicators._mask(text)):
            assert kinds.setdefault(t.text, t.kind) == t.kind, (text, t)


def test_token_bits_are_the_guards():
    indicators._BITS_OF_TEXT.clear()
    for text in INDICATOR_TEXTS:
        toks = tokenize(indicators._mask(text))
        assert indicators._token_bits(toks) == _reference_bits(toks), text
        assert indicators._token_bits(toks) == _reference_bits(toks), text  # from the dict


def test_covered_equals_the_loop_it_replaced():
    hits = 0
    for text in INDICATOR_TEXTS:
        toks = tokenize(indicators._mask(text))
        want = _reference_covered(toks)
        assert indicators.covered(toks) == want, text
        assert indicators.covered(toks, indicators._token_bits(toks)) == want, text
        hits += len(want)
    assert hits > 500


def test_targets_equal_the_loop_they_replaced():
    for text in INDICATOR_TEXTS:
        assert indicators._targets.__wrapped__(text) == _reference_targets(text), text


def test_targets_of_made_up_sequences():
    """Targets back to back, overlapping guards, a target read past the next opening token."""
    pieces = ["не менее", "до", "5", "%", "школ", "и", "более", "№", "3", ",", "2022", "года", "≥", ">=",
              "10:00", "500+", "9-х", "п.", "1.", "от", "—", ";", "(", ")", "человек"]
    texts = [" ".join(pieces[(k * 7 + j * 3) % len(pieces)] for j in range(2 + k % 9)) for k in range(3000)]
    for text in dict.fromkeys(texts):
        toks = tokenize(indicators._mask(text))
        assert indicators.covered(toks) == _reference_covered(toks), text
        assert indicators._targets.__wrapped__(text) == _reference_targets(text), text


# --------------------------------------------------------------------------- milestones


def test_evidence_is_the_records_milestone_hit():
    assert milestones.Evidence is MilestoneHit
    found = 0
    for text in MILESTONE_TEXTS:
        aligned = milestones._align.__wrapped__(text)
        for e in aligned.evidence:
            assert type(e) is MilestoneHit and e == MilestoneHit(e.phrase, e.text, e.role)
            found += 1
    assert found > 100


def test_each_record_gets_its_own_evidence_list():
    from normalize.document import _align_milestones

    text = next(t for t in MILESTONE_TEXTS if milestones.align_activity(t).evidence)
    row = RawRow(None, "1", text, None, None, None, {}, 1)
    records = [ActivityRecord(row=row) for _ in range(3)]
    _align_milestones(records)
    want = [MilestoneHit(e.phrase, e.text, e.role) for e in milestones.align_activity(text).evidence]
    assert all(r.milestone_evidence == want for r in records)
    records[0].milestone_evidence.append(MilestoneHit("x", "y", "kind"))
    assert records[1].milestone_evidence == want and records[2].milestone_evidence == want


def _reference_index(text: str) -> tuple[list[str], dict[str, list[int]]]:
    """_Index(_tokens(text)): every content word's token, filed under each phrase word it is."""
    index = milestones._Index(milestones._tokens(text))
    return index.texts, index.where


def test_index_of_text_reads_each_word_from_the_dict_as_from_the_cache():
    milestones._PATTERNS_OF_WORD.clear()
    for _ in range(2):  # filling the dict, then read from it
        for text in MILESTONE_TEXTS:
            index = milestones._Index.of_text(text)
            assert (index.texts, index.where) == _reference_index(text), text
            assert index.words == frozenset(index.where)
    assert milestones._PATTERNS_OF_WORD
    assert all(milestones._PATTERNS_OF_WORD[w] == milestones._word_patterns(w) for w in milestones._PATTERNS_OF_WORD)


def test_index_of_text_dict_stays_bounded():
    known = milestones._PATTERNS_OF_WORD
    text = next(t for t in MILESTONE_TEXTS if milestones._Index.of_text(t).where)
    known.clear()
    known.update((f"слово{k}", ()) for k in range(65536))
    index = milestones._Index.of_text(text)
    assert len(known) < 100 and (index.texts, index.where) == _reference_index(text)
    known.clear()
