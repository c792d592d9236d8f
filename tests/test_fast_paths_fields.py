"""The speed-ups of risks, milestones and definitions give what the plain code gives.

Each fast path is compared with the plain code it replaced, on every cell of the sample gold,
the real-cells fixture and the full text of the sample orders: rule stems found by prefix
lookup instead of a scan of every stem, topic rules chosen through a stem index instead of
testing every rule, the tokenizer skipping whitespace instead of matching and dropping it,
the unit pass, and the per-text caches (equal to computing afresh).
"""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from normalize import definitions, milestones, risk_topics, risk_vocabulary, risks
from normalize.records import RiskHit
from tests.test_fast_paths import TEXTS

# whitespace the tokenizers must skip or keep exactly as before
ODD = ["a\u00a0b\u2003«c»\r\nd\x0b(e)\x1cf\u2028g\u3000h\tи\n\n(далее\u00a0– ИРО)",
       " \t\n ", "\u00a0(\u00a0далее\u2009—\u2009«Министерство»\u00a0)", ""]


@lru_cache(maxsize=1)
def _document_texts() -> tuple[str, ...]:
    """The sample orders' text as find_definitions reads it (blocks, then table cells)."""
    from pathlib import Path

    from extract import read_document
    from normalize.text import clean_text

    root = Path(__file__).resolve().parents[1]
    out = []
    for path in sorted((root / "samples").glob("*.docx")):
        doc = read_document(path)
        lines = [clean_text(b.text) for b in doc.blocks if b.text.strip()]
        cells = [clean_text(c.text) for t in doc.tables for c in t.cells if c.text]
        out.append("\n".join([*lines, *(c for c in cells if c)]))
    return tuple(out)


# --------------------------------------------------------------------------- risks


def _slow_stems_of(lemma: str, lower: str) -> frozenset[str]:
    """The scan the stem-set lookup replaced: every rule stem against every form."""
    forms = {lemma, lower, *lower.split("-")}
    return frozenset(st for st in risk_vocabulary._all_stems() if any(f.startswith(st) for f in forms))


def test_stem_lookup_equals_the_scan_of_every_stem():
    found = 0
    for text in TEXTS:
        for tok in risk_vocabulary._tokens(text):
            expected = _slow_stems_of(tok.lemma, tok.lower)
            assert risk_vocabulary._stems_of.__wrapped__(tok.lemma, tok.lower) == expected, tok
            assert tok.stems == expected, tok
            found += bool(expected)
    assert found > 500


def _slow_topics(activity: str | None, indicator: str | None) -> tuple[list[int], list[RiskHit]]:
    """infer_risk_topics as it was: every rule's stem groups tested on every text."""
    specific: list[RiskHit] = []
    generic: list[RiskHit] = []
    for text in (activity, indicator):
        if not text:
            continue
        tokens = risk_vocabulary._tokens(text)
        stems = [_slow_stems_of(t.lemma, t.lower) for t in tokens]
        words = [t.text[:1].isalpha() for t in tokens]
        present = frozenset().union(*stems) if stems else frozenset()
        for rule in risk_vocabulary._topic_rules():
            if not all(present.intersection(group) for group in rule.all):
                continue
            for a, b in risk_topics._rule_hits(stems, words, rule):
                hit = RiskHit(rule.code, text[tokens[a].start : tokens[b].end], "lexicon")
                (generic if rule.fallback else specific).append(hit)
    hits = specific if specific else generic
    return sorted({h.code for h in hits}), hits


def _rule_texts() -> list[str]:
    """Texts made of the rules' own stems: each rule's groups in order and reversed, with a
    cancelling word after them, and next to the following rule's words."""
    rules = risk_vocabulary._topic_rules()
    out = []
    for n, rule in enumerate(rules):
        for k in range(max(len(g) for g in rule.all)):
            words = [g[k % len(g)] for g in rule.all]
            out.append(" ".join(words))
            out.append(" ".join(reversed(words)) + " " + " ".join(rule.none_near[:1]))
            out.append(" ".join(words) + ", " + " ".join(rules[n - 1].all[0][:1]))
    return out


def test_rule_index_infers_what_testing_every_rule_infers():
    texts = [*TEXTS, *(line for doc in _document_texts() for line in doc.split("\n")),
             *_rule_texts()]
    found, codes = 0, set()
    for k, text in enumerate(texts):
        indicator = texts[k - 1]
        expected = _slow_topics(text, indicator)
        assert risks.infer_risk_topics(text, indicator=indicator) == expected, text
        assert risk_topics._topic_spans(text) == risk_topics._topic_spans.__wrapped__(text), text
        found += bool(expected[0])
        codes.update(expected[0])
    assert found > 100 and len(codes) == len({r.code for r in risk_vocabulary._topic_rules()})


# --------------------------------------------------------------------------- milestones


def test_cached_word_tokens_equal_fresh_tokens():
    for text in [*TEXTS, *ODD]:
        fresh = [milestones._Token(w, milestones._key(w)) for w in milestones._TOKEN.findall(text)
                 if w.lower() not in milestones._FUNCTION_WORDS]
        assert milestones._tokens(text) == fresh, text


def test_cached_alignment_equals_a_fresh_one():
    fast = [milestones.align_activity(text) for text in TEXTS]
    assert fast == [milestones._align.__wrapped__(text) for text in TEXTS]
    assert sum(a.milestone is not None for a in fast) > 20


# --------------------------------------------------------------------------- definitions

_OLD_TOKEN = re.compile(definitions._TOKEN.pattern.replace(
    r"(?P<nl>\n)|(?P<tab>\t)", r"(?P<nl>\n)|(?P<tab>\t)|(?P<ws>[^\S\n\t]+)"))


def _old_tokenize(text: str, start: int = 0, end: int | None = None) -> list[definitions.Token]:
    """The tokenizer as it was: whitespace matched, then dropped."""
    return [definitions.Token(m.lastgroup, m.group(), m.start(), m.end())
            for m in _OLD_TOKEN.finditer(text, start, len(text) if end is None else end)
            if m.lastgroup != "ws"]


def test_tokenizer_skipping_whitespace_equals_matching_and_dropping_it():
    assert "(?P<ws>" in _OLD_TOKEN.pattern
    texts = [*TEXTS, *ODD, *_document_texts()]
    for text in texts:
        assert definitions.tokenize(text) == _old_tokenize(text), text[:80]
        assert definitions.tokenize(text) == definitions.tokenize(text)  # the cache's copy
    whole = "\n".join(texts)
    for a in range(0, len(whole), 1499):
        b = min(len(whole), a + 1500)
        assert definitions.tokenize(whole, a, b) == _old_tokenize(whole, a, b), a


def _old_units(tokens):
    """The unit pass as it was."""
    units = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind in ("oq", "dq"):
            depth, j = 1, i + 1
            while j < len(tokens) and depth:
                k = tokens[j].kind
                if k == "oq":
                    depth += 1
                elif k in ("cq", "dq"):
                    depth -= 1
                j += 1
            units.append(definitions._Unit("quote", i, j))
            i = j
            continue
        if tok.kind == "op":
            depth, j = 1, i + 1
            while j < len(tokens) and depth:
                depth += {"op": 1, "cp": -1}.get(tokens[j].kind, 0)
                j += 1
            if depth:
                units.append(definitions._Unit("stop", i, i + 1))
                i += 1
                continue
            units.append(definitions._Unit("paren", i, j))
            i = j
            continue
        if tok.kind == "word":
            kind = "abbr" if definitions.is_abbreviation(tok.text) else "word"
        elif tok.kind in ("num", "no"):
            kind = tok.kind
        elif tok.kind == "punct" and tok.text == ".":
            kind = "dot"
        elif tok.kind == "nl":
            i += 1
            continue
        else:
            kind = "stop"
        units.append(definitions._Unit(kind, i, i + 1))
        i += 1
    return units


def test_unit_pass_equals_the_plain_one():
    kinds = set()
    for text in [*TEXTS, *ODD, *_document_texts()]:
        tokens = definitions.tokenize(text)
        units = definitions._units(tokens)
        assert units == _old_units(tokens), text[:80]
        kinds |= {u.kind for u in units}
    assert kinds == {"word", "abbr", "quote", "paren", "num", "no", "dot", "stop"}


def _whole_window_spans(monkeypatch, texts: list[str]) -> list[list[definitions.Definition]]:
    """The definitions as the plain code finds them: uncached, the old tokenizer and unit
    pass, every window read whole."""
    with monkeypatch.context() as patch:
        patch.setattr(definitions, "tokenize", _old_tokenize)
        patch.setattr(definitions, "_units", _old_units)
        patch.setattr(definitions, "_window_cut", lambda text, start, end: start)
        return [list(definitions._definition_spans.__wrapped__(text)) for text in texts]


def test_definitions_found_as_the_plain_code_finds_them(monkeypatch):
    """find_definition_spans (cached, '(' prefilter, new tokenizer and unit pass, a window's
    tail read first) = the plain code, on the sample orders and cells."""
    texts = [*_document_texts(), *TEXTS, *ODD]
    fast = [definitions.find_definition_spans(text) for text in texts]
    assert fast == _whole_window_spans(monkeypatch, texts)
    assert sum(len(s) for s in fast) > 20


def _bracket_texts() -> list[str]:
    """Definitions after unbalanced and nested quotes and parentheses, at every distance."""
    name = "Министерство образования и науки Омской области"
    pieces = ["«", "»", "(", ")", '"', "“", "”", "„", "(см. «ниже»)", "«Школа (№ 5)»", ") «"]
    out = []
    for k, piece in enumerate(pieces):
        for words in (0, 3, 20, 60):
            filler = " ".join(["учреждения дополнительного образования"] * words)
            out.append(f"приказ {piece} {filler} {name} (далее – Министерство), и "
                       f"{pieces[k - 1]} {filler} план-график мероприятий (далее – план-график)")
    return out


@pytest.mark.parametrize("tail", [30, 120, 400])
def test_a_window_s_tail_reads_what_the_whole_window_reads(monkeypatch, tail):
    """With the tail cut short, the walk back still ends where the whole window's does (or
    the window is read whole): the margin holds."""
    texts = [*_document_texts(), *_bracket_texts(), *TEXTS]
    cuts = []
    real_cut = definitions._window_cut

    def counted(text, start, end):
        cut = real_cut(text, start, end)
        cuts.append(cut > start)
        return cut

    monkeypatch.setattr(definitions, "_TAIL", tail)
    monkeypatch.setattr(definitions, "_window_cut", counted)
    fast = [list(definitions._definition_spans.__wrapped__(text)) for text in texts]
    monkeypatch.undo()
    assert fast == _whole_window_spans(monkeypatch, texts)
    assert sum(cuts) > 10


@pytest.mark.parametrize("word", ["органами", "в", "и", "ИРО", "Министерство", "по"])
def test_group_ending_test_cached_per_word(word):
    expected = (definitions.is_preposition(word) or definitions.is_conjunction(word)
                or definitions.is_abbreviation(word))
    assert definitions._ends_group(word) == expected


def test_cached_noun_groups_equal_fresh_ones():
    """morphology.noun_group, cached per run of words, = reading the words afresh."""
    from normalize import morphology

    plain, found = morphology._noun_group.__wrapped__, 0
    for text in TEXTS[:800]:
        words = [t.text for t in definitions.tokenize(text) if t.kind == "word"]
        for k in range(len(words)):
            expected = plain(tuple(words[k:k + 6]))
            assert definitions.noun_group(words[k:k + 6]) == expected, words[k:k + 6]
            found += expected is not None
    assert found > 1000
