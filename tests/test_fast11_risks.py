"""The round-11 cold-path speed-ups of risks, topics and definitions give what the code they
replace gave.

Each fast path is compared with the code it replaced (kept here as a reference) on the
round-10 corpus (``tests.test_fast10_risks.CORPUS``: gold cells, real cells, made-up texts
near each shortcut's edge), texts holding letters outside the word pattern, and the rows and
full texts of synthetic orders:

* risks and topics: a text is searched for an odd letter only when it holds a character
  outside ASCII, the Russian alphabet and the usual marks (``risk_vocabulary._UNUSUAL``);
* risks and topics: a text's words read once for both prefilters (``risk_vocabulary._signals``:
  any risk context word, the phrase lemmas, the topic bits; words known to say nothing to
  either in one set, ``_SILENT``), the topic reader's call on the activity and the indicator
  answered from the risk reader's;
* risks: a wording phrase is matched token by token only from a start whose window holds a
  token for each of its lemmas (``_phrase_spans``); a row with no hit is answered at once;
* topics: a row with no rule met is answered at once;
* definitions: the body heads read once (``_body_heads``), not rebuilt from the vocabulary
  at every call; a full name's
  leading words scanned up to its first other token (``_leading_words``), not tokenized whole;
  the unit pass asks ``is_abbreviation`` only of words ``str.isupper`` lets through.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from normalize import definitions, nlp, risk_topics, risk_vocabulary, risks
from normalize.records import RiskHit
from tests.test_fast10_risks import CORPUS as RISK_CORPUS
from tests.test_fast10_risks import _plain_topic_spans
from tests.test_fast_paths import TEXTS
from tests.test_fast7_fields import _phrases_by_lemma

ROOT = Path(__file__).resolve().parents[1]

# Letters outside the word pattern, marks inside and outside _UNUSUAL's table, in words and alone.
ODD = ["café 5 ß риск", "углублѐнным изучением рисков 3", "рискé 2", "риск ² и ³", "Ελλάδα риски 4",
       "ﬁнансовая грамотность", "рисковые направления ① и ②", "i̇ 7 «Пониженный уровень»",
       "риски\u00a05 «Низкий уровень оснащения школы»", "риск\u20137", "риски №\u20092",
       "Низкий уровень вовлеченности родителей\u2026 ½", "ǅ risk 3", "Ⅻ риск 2", "ª º",
       "Высокая доля обучающихся с рисками учебной неуспешности ٣"]


def _texts() -> list[str]:
    rng = random.Random(11)
    out = [*RISK_CORPUS, *ODD]
    for _ in range(400):  # an odd character dropped into a corpus text
        text = rng.choice(RISK_CORPUS)
        k = rng.randint(0, len(text))
        out.append(text[:k] + rng.choice("éѐß²①ΩĳǅⅫ\u00a0\u2009\u2013«") + text[k:])
    return list(dict.fromkeys(out))


CORPUS = _texts()


@pytest.fixture(scope="module")
def synthetic_orders(tmp_path_factory) -> list[dict]:
    """Rows and full texts of synthetic orders (every layout, varied content), built here."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from extract import read_document
    from normalize import tables
    from normalize.text import clean_text

    corpus, _ = build_corpus(16, tmp_path_factory.mktemp("corpus"), seed=11, pdf=False)
    out = []
    for path in corpus:
        if not path.exists():
            continue
        doc = read_document(path)
        table = tables.assemble(doc)
        lines = [clean_text(b.text) for b in doc.blocks if b.text.strip()]
        cells = [clean_text(c.text) for t in sorted(doc.tables, key=lambda t: t.order) for c in t.cells]
        out.append({"full_text": "\n".join([*lines, *(c for c in cells if c)]),
                    "rows": [(tuple(c for c in (r.item_no, r.activity, r.period_raw, r.executors_raw,
                                                 r.indicator, *r.extra.values()) if c),
                              r.section, r.activity, r.indicator) for r in table.rows]})
    assert len(out) >= 12 and sum(len(d["rows"]) for d in out) > 200
    return out


# --------------------------------------------------------------------------- odd letters


def test_every_odd_letter_is_unusual():
    """_UNUSUAL's table holds no odd letter: a text it finds nothing in has none."""
    plain = 0
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if risk_vocabulary._UNUSUAL.match(char) is None:
            plain += 1
            assert risk_vocabulary._ODD_LETTER.match(char) is None, hex(code)
    assert plain > 200  # ASCII, the Russian alphabet, the usual marks


def test_unusual_turns_most_texts_away():
    plain = sum(risk_vocabulary._UNUSUAL.search(text) is None for text in CORPUS)
    assert plain > len(CORPUS) // 2


def test_explicit_equals_the_scan_of_every_text():
    hits = odd = 0
    for text in CORPUS:
        for method in (None, "section"):
            expected = risks._scan_explicit(text, method)
            assert risks._explicit.__wrapped__(text, method) == expected, (text, method)
            hits += bool(expected)
        odd += risk_vocabulary._ODD_LETTER.search(text) is not None
    assert hits > 800 and odd > 300


def test_topic_spans_equal_every_rule_on_every_text():
    found = 0
    for text in CORPUS:
        expected = _plain_topic_spans(text)
        assert risk_topics._topic_spans.__wrapped__(text) == expected, text
        found += bool(expected)
    assert found > 500


def _reference_signals(text: str):
    """What ``_signals`` says, from every word of the text (None with an odd letter)."""
    if risk_vocabulary._ODD_LETTER.search(text):
        return None
    words = [risk_vocabulary._word(w) for w in nlp.words(text)]
    bits = 0
    for w in nlp.words(text):
        bits |= risk_topics._word_bits(w)
    keys = frozenset().union(*(w.keys for w in words))
    lemma_bits = risk_vocabulary._lemma_bits()
    return (any(w.context for w in words), sum(lemma_bits[k] for k in keys), bits)


def test_signals_are_those_of_every_word():
    said = [0, 0, 0]
    for text in CORPUS:
        expected = _reference_signals(text)
        got = risk_vocabulary._signals.__wrapped__(text)
        assert (got if got is None else tuple(got)) == expected, text
        if expected:
            said = [n + bool(x) for n, x in zip(said, expected)]
    assert min(said) > 300, said
    silent = risk_vocabulary._SILENT
    assert len(silent) > 1000 and risks._QUIET is silent and risk_topics._IDLE is silent
    assert all(risk_vocabulary._word_signals(w) == (False, 0, 0) for w in silent)


def test_lemma_bits_are_one_bit_each():
    bits = risk_vocabulary._lemma_bits()
    assert set(bits) == risk_vocabulary._phrase_vocabulary()
    assert sorted(bits.values()) == [1 << i for i in range(len(bits))]


def _reference_some_phrase(present: frozenset[str]) -> bool:
    """risks._may_name's phrase test before round 11 (lemma sets)."""
    by_lemma = _phrases_by_lemma()
    return any(p <= present for lem in present for p in by_lemma.get(lem, ()))


def test_some_phrase_within_equals_the_lemma_set_test():
    rng = random.Random(13)
    vocabulary = sorted(risk_vocabulary._phrase_vocabulary())
    phrases = [p for d in risk_vocabulary._taxonomy() for p in d.phrases]
    bits = risk_vocabulary._lemma_bits()
    sets = [frozenset(rng.sample(vocabulary, rng.randint(0, 8))) for _ in range(3000)]
    sets += [frozenset(p) for p in phrases] + [frozenset(p[1:]) for p in phrases]
    sets += [frozenset(rng.choice(phrases)) | frozenset(rng.sample(vocabulary, 3)) for _ in range(500)]
    within = 0
    for present in sets:
        expected = _reference_some_phrase(present)
        assert risks._some_phrase_within.__wrapped__(sum(bits[k] for k in present)) == expected, present
        within += expected
    assert 500 < within < len(sets) - 500, within


# --------------------------------------------------------------------------- wording


def _reference_phrase_spans(tokens, keys, phrase, lex, where) -> list[tuple[int, int]]:
    """risks._phrase_spans before round 11: every start matched token by token."""
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


def _phrase_texts() -> list[str]:
    """Phrases' words shuffled, spread, repeated and cut by barriers."""
    rng = random.Random(111)
    phrases = [p for d in risks.load_risk_taxonomy() for p in (d.wording, *d.key_phrases, *d.variants)]
    fillers = ["и", "в", "школ", "работа", ",", "(", "—", "по", "уровня", "2", "обучающихся"]
    out = []
    for _ in range(1500):
        words = rng.choice(phrases).split() + rng.choice(phrases).split()[: rng.randint(0, 3)]
        rng.shuffle(words) if rng.random() < 0.5 else None
        for _ in range(rng.randint(0, 4)):
            words.insert(rng.randint(0, len(words)), rng.choice(fillers))
        out.append(" ".join(words))
    return out


def test_phrase_spans_equal_the_token_by_token_match():
    """Every phrase on every text's tokens (present or not): the same spans."""
    lex = risk_vocabulary._lexicon()
    phrases = [p for d in risk_vocabulary._taxonomy() for p in d.phrases]
    spans = passed_over = 0
    for text in [*CORPUS, *_phrase_texts()]:
        tokens = risk_vocabulary._tokens.__wrapped__(text)
        keys = [t.keys for t in tokens]
        where = risks._key_positions(keys)
        present = frozenset(where)
        for phrase in phrases:
            if not set(phrase) & present:
                continue
            expected = _reference_phrase_spans(tokens, keys, phrase, lex, where)
            assert risks._phrase_spans(tokens, keys, phrase, lex, where) == expected, (text, phrase)
            spans += len(expected)
            passed_over += not expected
    assert spans > 2000 and passed_over > 2000, (spans, passed_over)


# --------------------------------------------------------------------------- rows


def _reference_find(texts, *, section=None):
    hits: list[RiskHit] = []
    for text in texts:
        if text and (found := risks._explicit(text, None)):
            hits.extend(h for _, _, h in found)
    if section and (found := risks._explicit(section, "section")):
        hits.extend(h for _, _, h in found)
    return sorted({h.code for h in hits}), hits


def _reference_infer(activity, *, indicator=None, explicit=()):
    named = set(explicit)
    specific: list[RiskHit] = []
    generic: list[RiskHit] = []
    for text in (activity, indicator):
        if not text:
            continue
        for code, fallback, start, end in risk_topics._topic_spans(text):
            (generic if fallback else specific).append(RiskHit(code, text[start:end], "lexicon"))
    hits = specific if specific else generic
    hits = [h for h in hits if h.code not in named]
    return sorted({h.code for h in hits}), hits


def test_rows_answer_as_before(synthetic_orders):
    rng = random.Random(12)
    rows = [row for order in synthetic_orders for row in order["rows"]]
    rows += [((a, b), rng.choice([None, "", c]), a, b)
             for a, b, c in zip(CORPUS, CORPUS[7:], CORPUS[13:])]
    named = found = 0
    for cells, section, activity, indicator in rows:
        expected = _reference_find(cells, section=section)
        assert risks.find_risk_directions(cells, section=section) == expected, cells
        named += bool(expected[0])
        for explicit in ((), expected[0], [3, 10]):
            topics = _reference_infer(activity, indicator=indicator, explicit=explicit)
            assert risk_topics.infer_risk_topics(activity, indicator=indicator, explicit=explicit) == topics
            found += bool(topics[0])
    assert named > 300 and found > 300 and named < len(rows) - 300, (named, found, len(rows))


# --------------------------------------------------------------------------- definitions


def _reference_is_body_definition(short: str, full: str) -> bool:
    """definitions.is_body_definition before round 11 (the heads rebuilt at every call)."""
    voc = definitions.vocabulary()["definitions"]
    tokens = definitions.tokenize(full)
    words = []
    for tok in tokens:
        if tok.kind != "word":
            break
        words.append(tok.text)
    if tokens and tokens[0].kind == "word" and definitions.is_abbreviation(tokens[0].text) \
            and len(tokens) > 1 and tokens[1].kind in ("oq", "dq"):
        return True
    group = definitions.noun_group(words) if words and not definitions.is_abbreviation(words[0]) else None
    if group is None or not group.has_noun:
        return False
    heads = {f.lemma for f in group.heads}
    return bool(heads & (frozenset(voc["body_heads"]) | set(voc.get("role_heads", []))))


def test_heads_are_the_vocabulary_lists():
    voc = definitions.vocabulary()["definitions"]
    assert definitions._body_heads() == frozenset(voc["body_heads"])
    assert definitions._locality() == frozenset(voc["locality"])


def test_is_body_definition_as_before(synthetic_orders):
    pairs = [(d.short, d.full) for order in synthetic_orders
             for d in definitions.find_definition_spans(order["full_text"])]
    pairs += [(d.short, d.printed) for order in synthetic_orders
              for d in definitions.find_definition_spans(order["full_text"])]
    pairs += [("X", text) for text in TEXTS[:3000]]
    bodies = 0
    for short, full in pairs:
        expected = _reference_is_body_definition(short, full)
        assert definitions.is_body_definition(short, full) == expected, full
        bodies += expected
    assert bodies > 100 and len(pairs) - bodies > 100, (bodies, len(pairs))


def _reference_leading_words(text: str) -> tuple[list[str], str | None]:
    """The leading word tokens of ``tokenize(text)`` and the next token's kind."""
    words = []
    for tok in definitions.tokenize(text):
        if tok.kind != "word":
            return words, tok.kind
        words.append(tok.text)
    return words, None


def test_leading_words_are_the_first_tokens(synthetic_orders):
    texts = [d.full for order in synthetic_orders for d in definitions.find_definition_spans(order["full_text"])]
    texts += [*TEXTS[:3000], *CORPUS[:3000], "", " ", "ФГБУ «Центр»", "ФГБУ \"Центр\"", "МБОУ 5", "ИРО (Омск)",
              "Школа-интернат № 3", "a\u00a0b\nc", "Центр\tоценки", "ПДС‑2 x", "Отдел ¹", "Центр; а", "Центр, а"]
    kinds = set()
    for text in texts:
        expected = _reference_leading_words(text)
        assert definitions._leading_words(text) == expected, text
        kinds.add(expected[1])
    assert {None, "num", "oq", "dq", "op", "comma", "semi", "nl", "tab", "punct", "no"} <= kinds, kinds


def _reference_reads_well(full: str) -> bool:
    words = _reference_leading_words(full)[0]
    if not words:
        return False
    if definitions.is_abbreviation(words[0]):
        return True
    group = definitions.noun_group(words)
    return group is not None and group.has_noun


def test_reads_well_as_before():
    texts = [*TEXTS[:2000], "ФГБУ «Центр»", "«Центр»", "Центр оценки качества"]
    assert sum(definitions._reads_well(t) for t in texts) > 100
    for text in texts:
        assert definitions._reads_well(text) == _reference_reads_well(text), text


def _reference_units(tokens):
    """definitions._units before round 11 (``is_abbreviation`` asked of every word)."""
    units = []
    n, i = len(tokens), 0
    while i < n:
        kind, text = tokens[i].kind, tokens[i].text
        if kind == "word":
            units.append(definitions._Unit("abbr" if definitions.is_abbreviation(text) else "word", i, i + 1))
            i += 1
        elif kind in ("oq", "dq"):
            depth, j = 1, i + 1
            while j < n and depth:
                k = tokens[j].kind
                if k == "oq":
                    depth += 1
                elif k in ("cq", "dq"):
                    depth -= 1
                j += 1
            units.append(definitions._Unit("quote", i, j))
            i = j
        elif kind == "op":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"op": 1, "cp": -1}.get(tokens[j].kind, 0)
                j += 1
            if depth:
                units.append(definitions._Unit("stop", i, i + 1))
                i += 1
                continue
            units.append(definitions._Unit("paren", i, j))
            i = j
        elif kind == "nl":
            i += 1
        else:
            single = kind if kind in ("num", "no") else "dot" if kind == "punct" and text == "." else "stop"
            units.append(definitions._Unit(single, i, i + 1))
            i += 1
    return units


def test_units_as_before(synthetic_orders):
    rng = random.Random(14)
    texts = [order["full_text"] for order in synthetic_orders] + TEXTS[:3000]
    letters = "abzABZабяАБЯЁё-‑09"
    texts += [" ".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 5))) for _ in range(8))
              for _ in range(2000)]
    abbreviations = 0
    for text in texts:
        tokens = definitions.tokenize(text)
        expected = _reference_units(tokens)
        assert definitions._units(tokens) == expected, text[:80]
        abbreviations += sum(u.kind == "abbr" for u in expected)
    assert abbreviations > 1000, abbreviations
