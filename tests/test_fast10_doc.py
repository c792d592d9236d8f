"""The round-10 fast paths of document metadata and table assembly give what the plain code gives.

* ``CaseVocab.case_of`` finds a word's neighbours in the joined folded texts (``_pairs``)
  instead of splitting every text that holds the word; the reference is
  ``CaseVocab.case_of_by_texts`` (the code before, kept for texts whose folding moves words);
* ``_inflect_phrase`` reads each word's inflection from a word cache (``_inflected``); the
  reference is the code before, below.

Inputs: the lines and cells of every sample DOCX and of a synthetic corpus, every word asked
with its real neighbours, with one of them only, and with words from elsewhere in the order.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from pymorphy2.analyzer import Parse

from extract.docx import read_docx
from normalize import metadata_case as mc
from normalize import metadata_text as mt
from normalize import metadata_order as mt_order
from normalize.metadata_order import split_header
from normalize.text import clean_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[tuple[list[str], list[str]]]:
    """(lines, cells) of each sample DOCX and of a small synthetic corpus, cleaned as
    ``normalize.document`` cleans them."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus, _ = build_corpus(12, tmp_path_factory.mktemp("corpus"), seed=10, pdf=False)
    out = []
    for path in [*sorted((ROOT / "samples").glob("*.docx")), *corpus]:
        doc = read_docx(path)
        lines = [clean_text(b.text) for b in doc.blocks if b.text.strip()]
        cells = [text for t in sorted(doc.tables, key=lambda t: t.order)
                 for text in (clean_text(c.text) for c in t.cells) if text]
        out.append((lines, cells))
    return out


# --------------------------------------------------------------------------- case vocabulary


def _questions(texts: list[str], rng: random.Random) -> list[tuple[str | None, str, str | None]]:
    """(prev, word, next) for every word of the texts' first 60 words, with both neighbours,
    one, none, and a word from elsewhere in the order; printed as is, in capitals, lowered."""
    words = [w for text in texts for w in mt._WORD.findall(text)]
    out = []
    for text in texts:
        toks = mt._WORD.findall(text)[:60]
        for k, word in enumerate(toks):
            prev = toks[k - 1] if k else None
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            out += [(prev, word, nxt), (prev, word, None), (None, word, nxt), (None, word, None),
                    (rng.choice(words), word, rng.choice(words))]
            if rng.random() < 0.2:
                out.append((prev and prev.upper(), word.upper(), nxt and nxt.lower()))
    return out


def test_case_of_matches_the_per_text_reading(documents):
    rng = random.Random(10)
    asked = voted = 0
    for lines, cells in documents:
        texts = [*split_header(mt._prepare(lines)), *mt.clean_all(cells)]  # as extract_metadata's
        fast, slow = mc.CaseVocab(texts), mc.CaseVocab(texts)
        questions = _questions(texts, rng)
        for prev, word, nxt in questions:
            got = fast.case_of(prev, word, nxt)
            assert got == slow.case_of_by_texts(prev, word, nxt), (prev, word, nxt)
            voted += got is not None
        asked += len(questions)
    assert asked > 20000 and voted > 5000


_EDGE_TEXTS = [
    "ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ТОМСКОЙ ОБЛАСТИ",  # mostly upper: never votes
    "Департамент образования Томской области",
    "департамент образования. Образования нет",  # a sentence end before the word
    "«Образования» и (Образования) и образования",  # quotes and brackets before it
    "и и и И и",  # the word is its own neighbour
    "образования",  # alone: no word before it
    "Образования департамент",  # the text's first word
    "образованиям департамента образования-департамент",  # longer words, a hyphen
    "Объём работ и объем работ, ОБЪЁМ Работ",  # ё folded
    "1 и 2 и 3",  # digits are words
    "",
    "\u212aельвин и Kельвин",  # a Kelvin sign folds into a word character: the reference reads it
]


@pytest.mark.parametrize("drop", range(len(_EDGE_TEXTS)))
def test_case_of_edge_texts(drop):
    texts = _EDGE_TEXTS[:drop] + _EDGE_TEXTS[drop + 1:]
    words = {w for t in _EDGE_TEXTS for w in mt._WORD.findall(t)} | {"образования", "ОБЪЕМ"}
    fast = mc.CaseVocab(texts)
    slow = mc.CaseVocab(texts)
    for word in sorted(words):
        for prev in [None, *sorted(words)[:12], "департамент", "и"]:
            for nxt in (None, "работ", "и", "департамента", "нет"):
                assert fast.case_of(prev, word, nxt) == slow.case_of_by_texts(prev, word, nxt), (prev, word, nxt)


def test_case_of_votes_as_before_on_known_cases():
    vocab = mc.CaseVocab(["Управление образования Администрации Томского района",
                          "приказ управления образования администрации района",
                          "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ",
                          "в Администрации. Администрации района"])
    assert vocab.case_of("образования", "администрации", None) == "title"  # first voted wins the tie
    assert vocab.case_of("приказ", "управления", "образования") == "lower"
    assert vocab.case_of(None, "района", None) is None
    assert vocab.case_of("в", "администрации", None) == "title"


def test_kelvin_sign_takes_the_reference_way():
    vocab = mc.CaseVocab(["\u212a и Омск", "к и омск"])
    assert vocab.case_of("и", "омск", None) == vocab.case_of_by_texts("и", "омск", None) == "title"
    assert not vocab._aligned


# --------------------------------------------------------------------------- inflection


def _reference_inflect_phrase(words: list[str], case: str, *, from_case: str | None = None) -> list[str]:
    """``_inflect_phrase`` before the word cache."""
    def pick(word: str, adj: bool) -> Parse | None:
        parses = mt._parses(word)

        def score(p: Parse) -> tuple[bool, bool, float]:
            return (("ADJF" in p.tag or "PRTF" in p.tag) == adj,
                    from_case is None or from_case in p.tag, p.score)

        return max(parses, key=score) if parses else None

    noun = pick(words[-1], False)
    number = noun.tag.number if noun is not None else None
    gender = noun.tag.gender if noun is not None else None
    out = []
    for i, w in enumerate(words):
        p = noun if i == len(words) - 1 else pick(w, True)
        if p is None:
            out.append(w)
            continue
        grams = {case} | ({number} if number else set())
        if i < len(words) - 1:
            if gender and number != "plur":
                grams.add(gender)
            if case == "accs":
                grams.add("inan")
        res = Parse.inflect(p, grams) or Parse.inflect(p, {case})
        out.append(mt._cap_like(res.word, w) if res else w)
    return out


def test_inflect_phrase_matches_the_uncached_code(documents):
    rng = random.Random(11)
    phrases = [["Департамент"], ["управления", "образования"], ["Ижморского", "муниципального", "округа"],
               ["ОБЛАСТНОЕ", "ГОСУДАРСТВЕННОЕ", "УЧРЕЖДЕНИЕ"], ["Города", "Томска"], ["qwerty"], ["123", "школы"],
               ["комитета", "по", "образованию"], ["Администрации", "Томского", "района"]]
    for lines, _ in documents:
        for line in lines[:10]:
            words = mt._WORD.findall(line)
            for _ in range(2):
                if words:
                    start = rng.randrange(len(words))
                    phrases.append(words[start:start + rng.randint(1, 4)])
    checked = 0
    for words in phrases:
        for case in ("nomn", "gent", "accs", "ablt"):
            for from_case in (None, "gent"):
                # twice: the second answer comes from the cache
                for _ in range(2):
                    assert mt._inflect_phrase(words, case, from_case=from_case) == \
                        _reference_inflect_phrase(words, case, from_case=from_case), (words, case, from_case)
                checked += 1
    assert checked > 500


# --------------------------------------------------------------------------- header lines


def _reference_is_region_nominative(line: str) -> bool:
    """``_is_region_nominative`` before the word prefilter."""
    from normalize.regions import find_regions, load_regions

    ms = find_regions(line)
    if len(ms) != 1 or ms[0].strength != "name":
        return False
    region = next(r for r in load_regions() if r.name == ms[0].region)
    covered = line[: ms[0].start] + line[ms[0].end:]
    return not mt._WORD.search(covered) and mt._fold(ms[0].form.split(" — ")[0]) == mt._fold(region.forms[0])


def _region_lines() -> list[str]:
    """Every subject's names alone and framed, in every print case, with city prefixes."""
    from normalize.regions import load_regions
    from tests.test_fast8_metadata import _made_up

    out = _made_up()
    for r in load_regions():
        names = [*r.forms[:3], *r.aliases, *r.adjectives[:1], *r.centre_forms[:2]]
        names += [f"{r.forms[0]} — {t}" for t in r.tail_forms[:2]] + [f"{r.forms[0]} ({t})" for t in r.tail_forms[:1]]
        for name in names:
            out += [name, name.upper(), f"г. {name}", f"город {name}", f"{name}.", f"{name} и", f"МИНИСТЕРСТВО {name}"]
    return out


def test_region_nominative_prefilter(documents):
    lines = _region_lines() + [line for doc_lines, _ in documents for line in doc_lines[:25]]
    found = 0
    for line in lines:
        expected = _reference_is_region_nominative(line)
        assert mt_order._is_region_nominative(line) == expected, line
        found += expected
    assert found > 100


def _reference_starts_body(line: str) -> bool:
    v = mt._vocab()
    return mt._fold(line).startswith(v.body) or bool(v.numbered.match(line))


def _reference_is_caption(line: str) -> bool:
    v = mt._vocab()
    if not line[:1].isupper() and line[:1] not in "«\"":
        return False
    if v.title.match(line) or _reference_starts_body(line) or mt._is_stamp_start(line):
        return False
    if not mt._caption_any().search(line[: v.caption_window]):
        return False
    first = mt._WORD.search(line)
    if first is None:
        return False
    best = max(mt._parses(first.group()), key=lambda p: p.score, default=None)
    return best is None or not ({"INFN", "VERB", "GRND", "PRTS"} & set(best.tag.grammemes))


def test_body_and_caption_tests_match(documents):
    lines = [line for doc_lines, cells in documents for line in [*doc_lines, *cells[:30]]]
    body = list(mt._vocab().body)
    lines += [b.upper() for b in body] + [b.capitalize() + " с законом" for b in body] + [b[:-1] for b in body]
    lines += ["ВΣ соответствии", "İ в соответствии", "В соответствииΣ", "1. Утвердить", "Дорожная карта",
              "План мероприятий («дорожная карта»)", "Утвердить план-график", "«Дорожная карта» развития", ""]
    starts = captions = 0
    for line in lines:
        assert mt._starts_body(line) == _reference_starts_body(line), line
        assert mt._is_caption(line) == _reference_is_caption(line), line
        starts += _reference_starts_body(line)
        captions += _reference_is_caption(line)
    assert starts > 20 and captions > 20


# --------------------------------------------------------------------------- assembly


def _reference_foreign_header_row(table) -> int | None:
    """``stitching.foreign_header_row`` before round 10: every row's texts keyed and counted."""
    from normalize.stitching import _is_row_number, _key, stitch_rules

    rules = stitch_rules()
    for r, row in enumerate(table.text_grid()[1:], start=1):
        texts = [t for t in row if t.strip()]
        if not texts or _is_row_number(texts[0]):
            continue
        keys = [_key(t) for t in texts]
        if sum(1 for k in keys if any(p.search(k) for p in rules.header_cells)) >= rules.min_cells:
            return r
    return None


def _reference_classify_row(texts, spans_all, header_labels, item_col, heading_cols=frozenset({0, 1})) -> str:
    """``table_rows.classify_row`` before round 10 (no number test before the column-number row's)."""
    from normalize.stitching import is_continuation_marker
    from normalize.table_rows import _repeats_header, is_column_number_row, item_number

    values = [t for t in texts if t]
    if not values:
        return "empty"
    if is_column_number_row(texts):
        return "column_numbers"
    if len(set(values)) == 1 and is_continuation_marker(values[0]):
        return "marker"
    if header_labels and _repeats_header(texts, header_labels):
        return "header"
    distinct = set(values)
    lone_in_heading_col = len(values) == 1 and any(texts[c] for c in heading_cols if c < len(texts))
    if len(distinct) == 1 and (spans_all or lone_in_heading_col):
        numbered_item = item_col is not None and item_number(texts[item_col] or "") is not None
        if not numbered_item and len(values[0]) > 3:
            return "section"
    return "data"


def _sheet_tables(documents_tables):
    """The documents' tables, and each with an approval sheet's header row put in its rows."""
    from dataclasses import replace

    from extract.model import Cell

    heads = [("Должность", "ФИО", "Подпись"), ("1.", "ФИО", "Подпись"), ("Должность", "", ""),
             ("Кому", "Адресат", "Дата"), ("Замечания", "Дата подписи", "Виза")]
    out = []
    for t in documents_tables:
        out.append(t)
        for k, head in enumerate(heads):
            at = 1 + k % max(1, t.n_rows - 1)
            cells = [replace(c, row=c.row + 1) if c.row >= at else c for c in t.cells]
            cells += [Cell(row=at, col=c, text=head[c % len(head)]) for c in range(min(t.n_cols, 3))]
            out.append(replace(t, cells=cells, n_rows=t.n_rows + 1))
    return out


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> list:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus, _ = build_corpus(8, tmp_path_factory.mktemp("tables"), seed=11, pdf=False)
    found = [t for path in [*sorted((ROOT / "samples").glob("*.docx")), *corpus] for t in read_docx(path).tables]
    return _sheet_tables(found)


def test_foreign_header_row_matches(tables):
    from normalize.stitching import foreign_header_row

    found = 0
    for t in tables:
        expected = _reference_foreign_header_row(t)
        assert foreign_header_row(t) == expected
        found += expected is not None
    assert found > 30


def test_classify_row_matches(tables):
    from normalize.table_rows import classify_row
    from normalize.table_view import view_of

    kinds: set[str] = set()
    rows = [["1", "2", "3", "4"], ["1.", "2.", "3"], ["0", "1", "2"], ["2", "3"], ["1", ""], ["", "1", "2"],
            ["1", "2", "x"], ["1", "3"], ["Продолжение таблицы", ""], ["", ""], ["I. Раздел", ""]]
    for t in tables:
        rows += view_of(t).texts
    labels = ("№", "Мероприятие", "Срок")
    for texts in rows:
        for spans_all in (False, True):
            for item_col in (None, 0):
                expected = _reference_classify_row(texts, spans_all, labels, item_col)
                assert classify_row(texts, spans_all, labels, item_col) == expected, texts
                kinds.add(expected)
    assert {"empty", "column_numbers", "data", "section", "marker"} <= kinds


# --------------------------------------------------------------------------- regions


def test_region_mentions_read_in_place_match_the_word_walk(documents):
    """``regions._mention_from`` (the words read where they stand in the text) against
    ``_find_by_words`` (every word walked through ``_mention_at``)."""
    from normalize import regions
    from tests.test_fast8_metadata import _made_up

    texts = _made_up() + ["\n".join(lines) for lines, _ in documents] + ["\n".join(cells) for _, cells in documents]
    texts += ["Кемеровской области - Кузбасса", "Кемеровской области (Кузбасса)", "Саха (Якутия)", "г.Москвы", "гор. Москва",
              "Кемеровская область —", "Республики Саха (Якутия", "Томской\nобласти", "ТОМСКОЙ  ОБЛАСТИ",
              # gaps a name's words may not span, a second name after a plain space or a comma
              "Томской, области", "Томской. Области", "Кемеровской области Кузбасса", "Кемеровской области, Кузбасса",
              "Ханты-Мансийского, автономного округа - Югры", "Кемеровской области - , Кузбасса"]
    found = 0
    for text in texts:
        fast = regions._find_cached.__wrapped__(text)
        assert fast == regions._find_by_words(text), text
        found += len(fast)
    assert found > 3000


def test_first_word_starts_match_the_lookbehind_search(documents):
    from normalize import regions
    from tests.test_fast8_metadata import _made_up

    texts = _made_up() + ["\n".join(lines) for lines, _ in documents] + ["омск", "омск омск", " омск", "омскомск омск,омск"]
    hits = 0
    for text in texts:
        low = text.lower().replace("ё", "е")
        expected = [m.start() for m in regions._first_words().finditer(low)]
        assert regions._first_word_starts(low) == expected, text
        hits += len(expected)
    assert hits > 3000


def test_vote_keeps_the_counter_order():
    from collections import Counter
    from itertools import product

    classes = ("upper", "title", "lower")
    for n, m in ((0, 0), (1, 0), (0, 2), (2, 2), (3, 1), (1, 3)):
        for before in product(classes, repeat=n):
            for after in product(classes, repeat=m):
                votes = Counter(before)
                votes.update(after)
                expected = votes.most_common(1)[0][0] if votes else None
                assert mc._vote(list(before), list(after)) == expected, (before, after)


def _reference_split_letterhead(line: str) -> list[str]:
    """``_split_letterhead`` before round 10 (the line blanked of «…» names for every word)."""
    import re

    def unquoted(text: str) -> str:
        return re.sub(r"«[^«»]*[A-Za-zА-Яа-яЁё][^«»]*»", lambda m: " " * len(m.group()), text)

    if not mt._mostly_upper(line):
        return [line]
    v = mt._vocab()
    toks = list(mt._WORD.finditer(line))
    words = [t.group() for t in toks]
    cuts = []
    for k in range(1, len(toks)):
        if unquoted(line)[toks[k].start()] == " ":
            continue
        prev_adj = mt._is_adjective(words[k - 1], "nomn")
        if (mt._lemma(words[k]) in v.type_words and words[k].isupper()) or (
                not prev_adj and mt._fold(words[k - 1]) not in ("и", "по")
                and mt._head_index(words[k:], nominative=True) is not None):
            cuts.append(toks[k].start())
    parts, pos = [], 0
    for c in cuts:
        parts.append(line[pos:c].strip())
        pos = c
    parts.append(line[pos:].strip())
    return [p for p in parts if p]


def test_split_letterhead_matches(documents):
    import re

    lines = [line for doc_lines, _ in documents for line in doc_lines[:20]]
    lines += ["АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ РАСПОРЯЖЕНИЕ",
              "МБОУ «СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 5» УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ПРИКАЗ",
              "КОМИТЕТ «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ» МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "«22» МАРТА 2021 ПРИКАЗ",
              "ДЕПАРТАМЕНТ «ОБРАЗОВАНИЯ «ГОРОДА» ОМСКА» ПРИКАЗ", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ «» ПРИКАЗ",
              "«ШКОЛА № 5» УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"]
    split = 0
    for line in lines:
        expected = _reference_split_letterhead(line)
        assert mt_order._split_letterhead(line) == expected, line
        assert mt_order._unquoted(line) == re.sub(r"«[^«»]*[A-Za-zА-Яа-яЁё][^«»]*»",
                                                 lambda m: " " * len(m.group()), line), line
        split += len(expected) > 1
    assert split >= 4
