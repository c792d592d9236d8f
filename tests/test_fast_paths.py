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


# --------------------------------------------------------------------------- packrat memo


def test_memoized_rules_parse_what_the_plain_rules_parse():
    """TERM and ORDINALS remember their result per token of the token list they last saw:
    asked at every token, in an order that revisits lists and tokens, they equal the plain
    rules (a fresh token list, equal or not, never gets another list's results)."""
    from normalize import periods

    pairs = [(periods.TERM, periods._TERMS), (periods.ORDINALS, periods._ORDINALS)]
    found = 0
    token_lists = [tokenize(text) for text in TEXTS]
    for k, toks in enumerate(token_lists):
        again = tokenize(TEXTS[k])  # an equal list, another object
        for i in [*range(len(toks) + 1), *reversed(range(len(toks) + 1))]:
            for memoized, plain in pairs:
                expected = plain(toks, i)
                assert memoized(toks, i) == expected, (TEXTS[k], i)
                assert memoized(again, i) == expected, (TEXTS[k], i)
                other = token_lists[k - 1]
                if i <= len(other):
                    assert memoized(other, i) == plain(other, i)
                found += expected is not None
    assert found > 1000


# --------------------------------------------------------------------------- case vocabulary


def _slow_occurrences(texts, word):
    """The scan the per-text index replaced: every mixed-case text containing ``word``,
    every token of it."""
    from normalize import metadata_case as mc
    from normalize import metadata_text as mt

    found = []
    for text in texts:
        if mt._mostly_upper(text) or word not in mt._fold(text):
            continue
        toks = list(mt._WORD.finditer(text))
        folded = [mt._fold(m.group()) for m in toks]
        for j in range(1, len(toks)):
            if folded[j] != word:
                continue
            mark = text[toks[j - 1].end():toks[j].start()].rstrip()[-1:]
            if mark and mark in mt._BREAK_MARKS:
                continue
            found.append((folded[j - 1], folded[j + 1] if j < len(toks) - 1 else None,
                          mc._case_class(toks[j].group())))
    return found


def _sample_documents():
    from extract import read_document

    return [read_document(path) for path in sorted((ROOT / "samples").glob("*.docx"))]


def test_case_vocabulary_index_finds_what_the_scan_finds():
    """Every word of each sample order's lines and cells: the same occurrences, in order."""
    from normalize import metadata_case as mc
    from normalize import metadata_text as mt
    from normalize.text import clean_text

    checked = voted = 0
    for doc in _sample_documents():
        texts = [clean_text(b.text) for b in doc.blocks if b.text.strip()]
        texts += [clean_text(c.text) for t in doc.tables for c in t.cells if c.text.strip()]
        vocab = mc.CaseVocab(texts)
        words = {mt._fold(w) for text in texts for w in mt._WORD.findall(text)}
        slow = {}
        for word in sorted(words):
            expected = slow[word] = _slow_occurrences(texts, word)
            assert vocab._occurrences(word) == expected, word
            checked += bool(expected)
        # case_of reads only the texts holding a neighbour too: the same votes as all of them
        for text in texts:
            toks = mt._WORD.findall(text)
            for k in range(1, len(toks)):
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                assert vocab.case_of(toks[k - 1], toks[k], nxt) == _slow_case_of(
                    slow, toks[k - 1], toks[k], nxt), (toks[k - 1], toks[k], nxt)
                voted += 1
    assert checked > 1000 and voted > 1000


def _slow_case_of(slow, prev, word, nxt):
    """CaseVocab.case_of over every occurrence of the word (``slow``: the occurrences by word),
    the code the neighbour filter replaced."""
    from collections import Counter

    from normalize import metadata_text as mt

    occurrences, votes = slow[mt._fold(word)], Counter()
    if prev is not None:
        votes.update(cls for other, _, cls in occurrences if other == mt._fold(prev))
    if nxt is not None:
        votes.update(cls for _, other, cls in occurrences if other == mt._fold(nxt))
    return votes.most_common(1)[0][0] if votes else None


# --------------------------------------------------------------------------- DOCX package


def _docx_files() -> list[Path]:
    return sorted([*(ROOT / "samples").glob("*.docx"), *(ROOT / "samples" / "matrix").rglob("*.docx"),
                   *(ROOT / "tests").rglob("*.docx")])


def test_docx_parts_read_directly_give_python_docx_s_document(monkeypatch):
    """read_docx through the lxml parts equals read_docx through python-docx's package."""
    from extract import docx as docx_backend
    from extract.errors import ExtractError

    files, direct = _docx_files(), 0
    assert len(files) >= 5
    for path in files:
        try:
            fast = docx_backend.read_docx(path)
        except ExtractError as exc:
            fast = type(exc)
        direct += docx_backend.open_parts(str(path)) is not None
        with monkeypatch.context() as m:
            m.setattr(docx_backend, "open_parts", lambda source: None)
            try:
                slow = docx_backend.read_docx(path)
            except ExtractError as exc:
                slow = type(exc)
        assert fast == slow, path
    assert direct >= 5


def test_numbered_styles_cut_out_give_the_same_style_numbering():
    """The styles carrying numbering cut out of the bytes = found in the whole parsed part."""
    import zipfile

    from lxml import etree

    from extract.docx import _style_numbering
    from extract.docx_package import _PARSER, numbered_styles

    numbered = 0
    for path in _docx_files():
        with zipfile.ZipFile(path) as z:
            if "word/styles.xml" not in z.namelist():
                continue
            xml = z.read("word/styles.xml")
        whole = _style_numbering(etree.fromstring(xml, _PARSER))
        assert _style_numbering(numbered_styles(xml)) == whole, path
        numbered += bool(whole)
    assert numbered >= 1


# --------------------------------------------------------------------------- executors per cell


def test_executors_split_once_per_cell_equal_each_row_split(monkeypatch):
    """normalize_document splits each distinct executors cell once: every row still gets
    exactly what splitting its own cell gives, and repeated cells were not split again."""
    from normalize import document, executors

    split, repeated = executors.split_executors, 0
    for doc in _sample_documents():
        calls, given = [], []

        def counting(raw, *, definitions=None):
            calls.append(raw)
            given.append(definitions)
            return split(raw, definitions=definitions)

        with monkeypatch.context() as m:
            m.setattr(document.executors, "split_executors", counting)
            result = document.normalize_document(doc, nlp=False)
        assert len(calls) == len(set(calls))
        for rec in result.records:
            assert rec.executors == split(rec.row.executors_raw, definitions=given[0])
        repeated += len(result.records) - len(calls)
    assert repeated > 0


# --------------------------------------------------------------------------- schools per line


def test_school_mentions_per_line_equal_the_plain_loop():
    """find_mentions with its per-line cache = the loop over lines and windows it replaced."""
    from normalize.schools import mentions as sm

    def plain(text):
        grammar, out = sm._grammar(), []
        for line in sm.unglue(sm.cyrillize(text)).split("\n"):
            line = line.strip()
            if not line or not grammar.trigger.search(sm._yo(line)):
                continue
            for window in sm._windows(line, grammar):
                out.extend(sm._mentions_in(window))
        return out

    found = 0
    for text in [*TEXTS, "\n".join(TEXTS[:200])]:
        expected = plain(text)
        assert sm.find_mentions(text) == expected, text
        found += len(expected)
    assert found > 20


def test_indicator_digit_check_is_the_number_token_check():
    """parse_targets turns a cell away on a regex for a digit instead of tokenizing it: the
    same cells as "no number token" (including cells with digits of other scripts)."""
    from normalize import indicators

    turned_away = 0
    for text in [*TEXTS, "٣ школы", "²", "без чисел"]:
        masked = indicators._mask(text)
        no_number = not any(t.kind == "num" for t in tokenize(masked))
        assert (indicators._DIGIT.search(masked) is None) == no_number, text
        turned_away += no_number
    assert turned_away > 100


def test_cached_inflection_equals_pymorphy_s(monkeypatch):
    """definitions._inflect, cached per word and reading, = the uncached inflection, on
    every word of the sample texts in each of its readings."""
    from normalize import definitions as d

    words = sorted({tok.text for text in TEXTS[:400] for tok in d.tokenize(text) if tok.kind == "word"})
    targets, inflected = ({"nomn"}, {"gent", "plur"}), 0
    cached = {(w, f, frozenset(t)): d._inflect(w, f, t) for w in words for f in d.word_forms(w)
              for t in targets}
    plain = d._inflected.__wrapped__
    monkeypatch.setattr(d, "_inflected", plain)
    for (word, form, target), value in cached.items():
        assert d._inflect(word, form, set(target)) == value, (word, form, target)
        inflected += value is not None
    assert inflected > 100


def test_cached_lemma_sets_equal_the_plain_ones():
    """executors.categories._lemma_sets, cached per phrase, = computing it afresh."""
    import importlib

    categories = importlib.import_module("normalize.executors.categories")  # the module, not the function
    plain = categories._lemma_sets.__wrapped__
    for text in TEXTS[:500]:
        assert categories._lemma_sets(text) == plain(text) == plain(text), text


def test_tokenizing_a_span_equals_tokenizing_the_slice():
    """definitions.tokenize(text, a, b) = the slice's tokens with offsets shifted by a (the
    definition windows are tokenized in place)."""
    from normalize import definitions as d

    text = "\n".join(TEXTS[:300])
    spans = [(a, min(len(text), a + w)) for a in range(0, len(text), 997) for w in (1, 40, 1500)]
    for a, b in spans:
        shifted = [d.Token(t.kind, t.text, t.start + a, t.end + a) for t in d.tokenize(text[a:b])]
        assert d.tokenize(text, a, b) == shifted, (a, b)
    assert d.tokenize(text) == d.tokenize(text, 0, len(text))


def test_cached_date_scan_equals_a_fresh_scan():
    """periods.scan, cached per text, = scanning afresh; and no caller changed a shared Scan
    (the cached results still equal fresh ones after the whole suite of texts is parsed)."""
    from normalize import periods

    plain = periods._scan.__wrapped__
    for text in TEXTS:
        periods.parse_period(text, year=2022)
    for text in TEXTS:
        assert periods.scan(text) == plain(text), text
