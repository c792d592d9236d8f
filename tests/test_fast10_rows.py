"""The round-10 fast paths of the row parsers give what the code they bypass gives.

* ``completion.is_done`` tests the row's joined text for a mark word first, and ``has_mark``
  each cell (``completion.mark_words``: the marks' first words, less those holding another):
  both equal ``reference_is_done`` / ``reference_has_mark`` (the regex alone) on the gold,
  synthetic and made-up cells and on every mark and qualifier in every context;
* ``definitions._scan`` reads findall's groups (whitespace before each token) instead of
  match objects: its tokens equal those of ``_TOKEN``'s match objects on every text and slice;
* ``periods.prepare`` is cached and skips the blank-form and blank regexes for a cell without
  two "_" (``grammar.requirement`` / ``may_match``: what every match of a regex holds, from
  its literals), and ``indicators._mask`` skips a mask the same way (a link needs "://" or
  "www.", a phone two dashes): prepare equals the uncached code it replaced (kept here), the
  requirement never turns away a text a pattern matches in (``_mask`` against its reference:
  tests/test_fast6_rows.py);
* ``grammar.tokenize`` tries a run of Cyrillic letters before the word class: its tokens
  equal ``grammar.reference_tokenize``'s on every text and on Cyrillic glued to each other
  kind of character;
* executors read a word's shape (``units._word_shape``) and legal form (``vocab.is_legal_form``)
  once per word and the multi-word abbreviations once per set (``units._multi_word``): each
  equals the per-token test it replaced on every word of the executors cells;
* ``Hint.search`` tests grouped heads and the whole count words' neighbours instead of a
  ``\\b…\\b`` regex: it answers what the hint regex answers on words in every context.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from normalize import completion, definitions, periods
from normalize.grammar import may_match, requirement
from normalize.memo import clear_text_caches
from normalize.period_vocabulary import vocabulary as period_vocabulary
from normalize.records import Period
from tests.test_fast7_periods import ROWS, TEXTS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synthetic_rows(tmp_path_factory) -> list[dict]:
    """Rows and full texts of synthetic orders (every layout, varied content), built here."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from extract import read_document
    from normalize import tables
    from normalize.text import clean_text

    corpus, _ = build_corpus(16, tmp_path_factory.mktemp("corpus"), seed=10, pdf=False)
    out = []
    for path in corpus:
        if not path.exists():
            continue
        doc = read_document(path)
        table = tables.assemble(doc)
        lines = [clean_text(b.text) for b in doc.blocks if b.text.strip()]
        cells = [clean_text(c.text) for t in sorted(doc.tables, key=lambda t: t.order) for c in t.cells]
        out.append({"full_text": "\n".join([*lines, *(c for c in cells if c)]),
                    "rows": [(r.item_no, r.activity, r.period_raw, r.executors_raw, r.indicator,
                              *r.extra.values()) for r in table.rows]})
    assert len(out) >= 12 and sum(len(d["rows"]) for d in out) > 200
    return out


# --------------------------------------------------------------------------- completion


def _mark_cells() -> list[str]:
    """Every mark and qualifier in the contexts the regex tells apart, in every case."""
    import tomllib

    with (ROOT / "normalize" / "data" / "completion.toml").open("rb") as f:
        data = tomllib.load(f)
    rng = random.Random(10)
    words = data["marks"] + [f"{m} {q}" for m in data["marks"] for q in data["qualifiers"]]
    befores = ["", "(", "( ", ". ", "Протокол — ", "не ", "100% мероприятий ", "x-", "\n- ", "Октябрь 2021 ("]
    afters = ["", ")", ".", " частично", " (протокол № 5)", ": протокол", "ы", " ", ";"]
    out = []
    for w in words:
        for form in (w, w.upper(), w.capitalize(), w.replace("е", "ё"), w.replace(" ", "\n"), w[:-1], w[1:]):
            out += [f"{b}{form}{a}" for b in befores for a in afters if rng.random() < 0.4]
    return out


def test_mark_words_are_the_shortest_first_words():
    words = completion.mark_words()
    assert words and "выполнен" in words and "выполнено" not in words
    assert not any(a != b and a in b for a in words for b in words)


def test_has_mark_equals_the_regex_alone():
    cells = [*TEXTS, *_mark_cells()]
    marked = 0
    for cell in cells:
        want = completion.reference_has_mark(cell)
        assert completion.has_mark(cell) == want, cell
        marked += want
    assert marked > 200
    assert completion.has_mark(None) is completion.has_mark("") is False


def test_is_done_equals_the_regex_alone(synthetic_rows):
    mark_cells = _mark_cells()
    rng = random.Random(3)
    rows = [tuple(row) for d in synthetic_rows for row in d["rows"]]
    rows += [(r["activity"], r["period_raw"], r["executors_raw"], r["indicator"], *r["extra"].values())
             for r in ROWS]
    # a mark word in one cell of a row whose other cells hold none, and cut across two cells
    rows += [(rng.choice(TEXTS), None, cell, "") for cell in mark_cells]
    rows += [("выполн", "ено"), ("исполнен", None), (None, None), ()]
    done = 0
    for row in rows:
        want = completion.reference_is_done(*row)
        assert completion.is_done(*row) == want, row
        done += want
    assert done > 200 and done < len(rows) - 200


# --------------------------------------------------------------------------- definitions


def _reference_scan(text: str, start: int, end: int) -> list[definitions.Token]:
    """definitions._scan as it was: _TOKEN's match objects."""
    return [definitions.Token(m.lastgroup, m.group(), m.start(), m.end())
            for m in definitions._TOKEN.finditer(text, start, end)]


def test_definition_tokens_equal_the_match_objects(synthetic_rows):
    odd = ["a\u00a0b\u2003«c»\r\nd\x0b(e)\x1cf\u2028g\u3000h\tи\n\n(далее\u00a0– ИРО)", " \t\n ", "",
           "МБОУ-СОШ № 5, 12,5/3+ (далее — «Школа»)\t„x“ \"y\" №№ ;;", "٣٤ ١٢.5 ½ x²"]
    texts = [d["full_text"] for d in synthetic_rows] + odd + TEXTS[:3000]
    for text in texts:
        assert definitions._scan(text, 0, len(text)) == _reference_scan(text, 0, len(text)), text[:80]
    whole = "\n".join(texts)
    for a in range(0, len(whole), 997):
        b = min(len(whole), a + 1500)
        assert definitions._scan(whole, a, b) == _reference_scan(whole, a, b), a


# --------------------------------------------------------------------------- periods


def _reference_prepare(raw: str) -> periods.Prepared:
    """periods.prepare as it was: every regex on every cell, uncached."""
    voc = period_vocabulary()
    marks = tuple(voc.footnote.findall(raw))
    text = voc.footnote.sub(" ", raw) if marks else raw
    text = voc.blank_form.sub(
        lambda m: f"{m[1]}.{m[2]}.{m[3]}" if m[2].isdigit() else f"{m[1]} {m[2]} {m[3]}", text)
    return periods.Prepared(text.strip(), marks, voc.blank.search(text) is not None)


def _blank_cells() -> list[str]:
    rng = random.Random(5)
    pieces = ["от « 10»______01____2022 г.", "до «__» ______ 2021 г.", "_", "__", "10_01_2022", "«15»_мая_2021",
              "2020*", "<*>", "¹", "1 сентября²", "_ _", "a__b", "10 __ 01 __ 22", "31.12.2021"]
    return [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))) for _ in range(400)] + pieces


def test_prepare_equals_the_uncached_regexes():
    clear_text_caches()
    cells = [*TEXTS, *_blank_cells()]
    blanks = forms = 0
    for cell in cells:
        for raw in (cell, cell.strip()):
            want = _reference_prepare(raw)
            assert periods.prepare(raw) == want, raw
            assert periods.prepare(raw) == want, raw  # the cache's copy
            blanks += want.blank
            forms += want.text != raw.strip() and not want.footnotes
    assert blanks > 50 and forms > 20


_PATTERNS = [r"a+b?c{2,}(d)", r"\d\s*_+\s*\d", r"x\.y*z", r"(?:https?://|www\.)\S+", r"(a|bc)+d{2}",
             r"(?:a|)b", r"x(?i:y)z", r"(?<=q)r", r"(?=s)st", r"[ab]c|d-e-f", r"(g|h)(i|j)(k|l)(m|n)(o|p)",
             r"((a|b)(c|d)){2}", r"a*?-?-", r"(?:-\d){2,3}"]


def _random_texts(n: int = 3000) -> list[str]:
    rng = random.Random(12)
    alphabet = "abcdefghijklmnopqrstuvwxyz_-./:@ 0123456789ABXYZ"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(n)]


def test_requirement_is_a_necessary_test():
    """A text the requirement turns away holds no match, for every pattern of the data files
    and made-up ones with branches, groups, repeats, lookarounds and local flags."""
    from normalize.indicators import vocabulary as indicator_vocabulary

    voc = period_vocabulary()
    patterns = [re.compile(p) for p in _PATTERNS] + list(indicator_vocabulary().masks) \
        + [voc.blank_form, voc.blank, voc.footnote]
    texts = [*_random_texts(), *TEXTS[:2000], *_blank_cells(), "http://x.ru", "www.x", "8 (812) 123-45-67",
             "ivanov@mail.ru", "a-b-c", "XY", "xYz"]
    turned_away = 0
    for pattern in patterns:
        required = requirement(pattern)
        for text in texts:
            if not may_match(required, text):
                turned_away += 1
                assert pattern.search(text) is None, (pattern.pattern, text)
    assert turned_away > 20000


def test_requirement_values():
    voc = period_vocabulary()
    assert requirement(voc.blank_form) == requirement(voc.blank) == ((("_", 2),),)
    assert requirement(voc.footnote) == ()
    assert requirement(re.compile(r"a+b?c{2,}(d)")) == ((("a", 1), ("c", 2), ("d", 1)),)
    assert requirement(re.compile(r"(?:https?://|www\.)\S+")) == (
        (("/", 2), (":", 1), ("h", 1), ("p", 1), ("t", 2)), ((".", 1), ("w", 3)))
    assert requirement(re.compile(r"x_", re.IGNORECASE)) == () and may_match((), "")
    assert requirement(re.compile(r"x(?i:y)z")) == ((("x", 1), ("z", 1)),)


def test_parse_period_unchanged_by_the_prepare_cache():
    """The Periods of every cell, cached prepare or not (cache emptied, then warm)."""
    cells = [*TEXTS[:4000], *_blank_cells()]
    clear_text_caches()
    cold = [periods._cell_period.__wrapped__(c, 2021) for c in cells]
    warm = [periods._cell_period.__wrapped__(c, 2021) for c in cells]
    assert cold == warm and all(isinstance(p, Period) for p in cold)


def test_hint_search_answers_as_the_regex():
    hint = period_vocabulary().recurrence_hint
    assert hint.whole_words_only and len(hint.head_groups) < len(hint.heads)
    rng = random.Random(8)
    pieces = list(hint.heads) + list(hint.whole) + ["образования", "разработка", "раз-", "_раз", "раз_"]
    around = ["", " ", "x", "1", "-", "_", "٣", "²", "ы", ".", "\n", "\u00a0", "é", "ǅ"]
    made = [f"{a}{p}{b}" for p in pieces for a in around for b in around]
    made += [f"{rng.choice(TEXTS)} {rng.choice(made)} {rng.choice(TEXTS)}" for _ in range(2000)]
    hits = 0
    for text in [*TEXTS, *made]:
        low = text.lower().replace("ё", "е")
        want = hint.regex.search(low) is not None
        assert hint.search(low) == want, text
        hits += want
    assert hits > 1000



def test_grammar_tokens_with_the_cyrillic_run_first():
    """grammar.tokenize (a Cyrillic run tried before the word class) = reference_tokenize, on
    every text and on Cyrillic runs glued to each other kind of character."""
    from normalize.grammar import reference_tokenize, tokenize

    rng = random.Random(14)
    glue = ["é", "²", "½", "ǅ", "ß", "x", "1", "٣", "_", "-", ".", " ", "\u00a0", "ё", "Ё", "İ", "ᲀ", "ꙁ", "Ω"]
    made = [f"{a}кв{b}ар{c}тал{d}" for a in glue for b in glue[:6] for c in glue[6:12] for d in glue]
    made += ["".join(rng.choice(glue + ["ая", "Я", "яz"]) for _ in range(12)) for _ in range(3000)]
    for text in [*TEXTS, *made]:
        assert tokenize(text) == reference_tokenize(text), text


# --------------------------------------------------------------------------- executors


def test_executors_per_word_readings_equal_the_tests_they_replaced(synthetic_rows):
    """``units._word_shape``, ``vocab.is_legal_form`` and ``units._multi_word`` answer what the
    per-token tests they replaced answer, on every word of the executors cells (gold and
    synthetic) and its other cases; split_executors is unchanged by them (cached or not)."""
    import importlib

    from normalize.definitions import is_abbreviation, tokenize
    from normalize.executors import split_executors
    from normalize.executors.vocab import is_legal_form, is_mixed_abbreviation, legal_form, typo_abbreviation

    units = importlib.import_module("normalize.executors.units")
    cells = [row[3] for d in synthetic_rows for row in d["rows"] if row[3]]
    cells += [r["executors_raw"] for r in ROWS if r.get("executors_raw")]
    words = {t.text for c in cells for t in tokenize(c) if t.kind == "word"}
    words |= {w.upper() for w in words} | {w.capitalize() for w in words} | {"И", "Ё", "I", "МОНиМП", "До", "ГБУ", "МАОУ", "МБОУ",
                                                                                 "ФГБУ", "ГАУ", "МКУ", "МАУ", "ЧОУ"}
    shapes = set()
    for w in words:
        if is_abbreviation(w) or is_mixed_abbreviation(w):
            want = units._ABBREVIATION
        elif typo_abbreviation(w):
            want = units._TYPO
        elif units._CYRILLIC_CAPITAL.fullmatch(w):
            want = units._CAPITAL
        else:
            want = 0
        assert units._word_shape(w) == want, w
        assert is_legal_form(w) == bool(legal_form().match(w)), w
        shapes.add(want)
    assert shapes == {0, 1, 2, 3} and sum(map(is_legal_form, words)) >= 7
    for known in (frozenset(), frozenset({"ФИС ОКО", "ДО", "ИС МЭДК", "МО НСО", "a b"}), frozenset({"МАУ ИМЦ"})):
        want = sorted((tuple(k.split()) for k in known if " " in k and all(
            is_abbreviation(p) for p in k.split())), key=len, reverse=True)
        assert list(units._multi_word(known)) == want
    clear_text_caches()
    first = [split_executors(c) for c in cells]
    assert first == [split_executors(c) for c in cells] and sum(map(len, first)) > 300
