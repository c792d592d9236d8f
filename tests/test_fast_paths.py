"""The speed-ups of the normalize step give what the plain code gives, on real and sample text.

Each fast path is compared with the slow reference it replaced: the date grammar turned away
at tokens that cannot open an expression, and milestone phrases found through a per-activity
prefix index instead of a scan of every token.
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from normalize import milestones
from normalize.grammar import tokenize
from normalize.periods import _ANY_EXPRESSION, EXPRESSION

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    """Every cell text of the sample gold and every text of the real-cells fixture."""
    texts: list[str] = []
    for path in sorted((ROOT / "samples" / "source" / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts += [v for v in json.loads(line).values() if isinstance(v, str) and v.strip()]
    with (ROOT / "tests" / "fixtures" / "real_cells.toml").open("rb") as fh:
        texts += [case["text"] for cases in tomllib.load(fh).values() for case in cases]
    return texts


TEXTS = _texts()


def test_the_corpus_is_real():
    assert len(TEXTS) > 500


def test_expression_guard_changes_no_parse():
    """At every token of every text, the guarded grammar equals the full one, and the guard
    does turn tokens away (it is not a no-op)."""
    turned_away = 0
    for text in TEXTS:
        toks = tokenize(text)
        for i in range(len(toks) + 1):
            full = _ANY_EXPRESSION(toks, i)
            assert EXPRESSION(toks, i) == full, (text, i)
            if i < len(toks) and full is None and toks[i].kind == "word":
                turned_away += 1
    assert turned_away > 1000


def _slow_find(tokens, phrase, gap, *, within=None):
    """The scan the index replaced: every start token, then the nearest next word in the gap."""
    if not phrase:
        return None
    for i in range(len(tokens) if within is None else min(within, len(tokens))):
        if not milestones._same(tokens[i].key, phrase[0]):
            continue
        found, pos = [i], i
        for word in phrase[1:]:
            nxt = next((j for j in range(pos + 1, min(len(tokens), pos + gap + 2))
                        if milestones._same(tokens[j].key, word)), None)
            if nxt is None:
                break
            found.append(nxt)
            pos = nxt
        else:
            return " ".join(tokens[j].text for j in range(found[0], found[-1] + 1))
    return None


@pytest.mark.parametrize("within", [None, 3])
def test_milestone_index_finds_what_the_scan_finds(within):
    phrases = [p for ms in milestones.load_milestones() for p in (*ms.phrases, *ms.exclude)]
    phrases += [p for kind in milestones.load_kinds() for p in (*kind.phrases, *kind.heads)]
    gap, hits = 2, 0
    for text in TEXTS:
        tokens = milestones._tokens(text)
        index = milestones._Index(tokens)
        for phrase in phrases:
            expected = _slow_find(tokens, phrase, gap, within=within)
            assert milestones._find(index, phrase, gap, within=within) == expected, (text, phrase)
            hits += expected is not None
    assert hits > 50
