"""The fake-bold de-duplication keys characters by ``round(…, 1)`` without calling it per character."""
from __future__ import annotations

import math
import random

from extract.pdf import _dedupe, _tenths


def _values():
    """Random points, halves of tenths (the ties) and their neighbours, and non-finite values."""
    rnd = random.Random(5)
    values = [rnd.uniform(-50, 900) for _ in range(20000)]
    for k in range(-300, 9000):
        tie = k / 10 + 0.05
        values += [tie, math.nextafter(tie, math.inf), math.nextafter(tie, -math.inf), k / 10]
    return values


def test_tenths_tell_apart_exactly_what_round_does():
    for x in _values():
        assert _tenths(x) == round(round(x, 1) * 10), x


def test_dedupe_keeps_the_first_of_characters_at_one_spot():
    def char(text, x0, top):
        return {"text": text, "x0": x0, "top": top}

    chars = [char("a", 10.04, 5.0), char("a", 10.0, 5.02), char("a", 10.06, 5.0), char("b", 10.0, 5.0),
             char("a", 0.25, 7.0), char("a", 0.2, 7.0), char("a", 0.35, 7.0), char("a", 0.4, 7.0)]
    kept = _dedupe(chars)
    assert kept == [c for i, c in enumerate(chars) if i not in (1, 5)]  # 0.35 rounds to 0.3: not 0.4
    assert all(any((c["text"], round(c["x0"], 1), round(c["top"], 1)) == (k["text"], round(k["x0"], 1), round(k["top"], 1))
                   for k in kept) for c in chars)
    assert _tenths(float("nan")) != _tenths(float("nan"))
