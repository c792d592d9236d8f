"""The round-9 fast paths of the row parsers give what the code they bypass gives.

* ``periods.word_cell`` reads "до DD.MM.YYYY", "с DD.MM.YYYY", "Апрель 2022" and
  "Февраль-декабрь 2023" with one regex and a table of lone words: where it answers, the
  grammar's scan (``periods.grammar_scan``) holds its one expression and nothing else, and
  ``parse_period`` gives the same Period without it; checked on the gold, synthetic and
  made-up cells of ``tests.test_fast7_periods`` and on every word of every period lexicon
  put in each of its shapes; ``periods._inner`` hands back an expression it leaves as it
  was, and ``periods._out_of_year`` reads the window of a year once (``_window``): both equal
  the code they replaced (kept here) on every expression and span of those cells;
* ``grammar.tokenize`` reads findall's groups (whitespace before each token) instead of match
  objects: its tokens equal ``grammar.reference_tokenize``'s on every text above and on random
  strings of awkward characters (other whitespace, letters whose lower case is longer, other
  digits, mixed scripts);
* ``period_grammar.number_may_open`` (indicators' pass 1 tries the date grammar at a short
  number only when a token some rule continues with follows): wherever it says no, the date
  grammar finds nothing there, and ``indicators.covered`` is the same without it;
* ``risk_vocabulary._tokens`` reads findall's groups the same way, and ``risks._phrase_spans`` starts a
  span only at a token standing for one of the phrase's lemmas (``_key_positions``): both
  equal the code they replaced (kept here) on every text above and the risk corpus.
"""
from __future__ import annotations

import random
from datetime import date

from normalize import indicators, period_grammar, periods, risk_vocabulary, risks
from normalize.grammar import reference_tokenize, tokenize
from normalize.memo import clear_text_caches
from normalize.period_vocabulary import vocabulary
from tests.test_fast6_risks import CORPUS as RISK_CORPUS
from tests.test_fast7_periods import ROWS, SYNTHETIC, TEXTS

# --------------------------------------------------------------------------- periods


def replace(atom, **changes):
    """``dataclasses.replace`` of the references below: Atom is a named tuple since round 11."""
    return atom._replace(**changes)


def _lexicon_words() -> list[str]:
    """Every first word of every phrase of the period vocabulary (stems as printed), plus
    words no lexicon holds."""
    voc = vocabulary()
    words = {phrase[0] for name in voc.__slots__ if hasattr(getattr(voc, name), "keys")
             and callable(getattr(getattr(voc, name), "keys")) and not isinstance(getattr(voc, name), dict)
             for phrase in getattr(voc, name).keys()}
    return sorted(words | {"школа", "мая", "МАРТ", "Ёлка", "март-", "x", "апрелЬ", "ii", "iv"})


def _word_shapes() -> list[str]:
    """Each word in each shape word_cell reads, and near misses around them."""
    rng = random.Random(9)
    words = _lexicon_words()
    dates = ["15.03.2021", "1.1.2022", "31.12.2100", "32.01.2021", "15.13.2021", "15.03.1899", "0.03.2021",
             "15.03.21", "15.03.2021 г."]
    years = ["2022", "1900", "2100", "1899", "2101", "22", "2022 г.", "2022 года"]
    dashes = ["-", "–", " – ", "- ", " -", "—", "\u2212", "/", ""]
    out = []
    for w in words:
        for form in (w, w.capitalize(), w.upper(), w.replace("е", "ё")):
            out += [f"{form} {d}" for d in dates] + [f"{form} {y}" for y in years]
            out += [f"{form}{rng.choice(dashes)}{rng.choice(words)} {rng.choice(years)}" for _ in range(3)]
            out += [f"{rng.choice(words)}{rng.choice(dashes)}{form} {rng.choice(years)}"]
        out += [f"{w}  {dates[0]}", f"{w}\u00a0{years[0]}", f"{w}{dates[0]}", f" {w} {years[0]}", f"{w} {years[0]} "]
    return out


WORD_SHAPES = _word_shapes()


def test_word_cell_scans_as_the_grammar_does():
    """Where word_cell answers, the grammar's scan holds its one expression and nothing else;
    the cached scan equals the grammar's for every cell."""
    fast = set()
    for cell in dict.fromkeys(TEXTS + WORD_SHAPES):
        expr = periods.word_cell(cell)
        if expr is not None:
            fast.add(expr.kind + ("2" if expr.first != expr.last else ""))
            assert periods.grammar_scan(cell) == periods.Scan([expr], None, False, []), cell
        assert periods._scan.__wrapped__(cell) == periods.grammar_scan(cell), cell
    assert fast == {"deadline", "open", "span", "span2"}  # every shape is read fast somewhere


def test_word_cell_answers_for_the_common_cells_and_turns_away_the_rest():
    read = [t for t in WORD_SHAPES if periods.word_cell(t) is not None]
    assert len(read) > 300
    for text in ["До 11.02.2022", "с 15.03.2021", "Апрель 2022", "Февраль-декабрь 2023", "май – июнь 2021"]:
        assert periods.word_cell(text) is not None, text
    for text in ["до 2022", "май 1899", "Постоянно", "до 32.01.2021", "апрель 2022 г.", "I квартал 2022",
                 "в течение 2022", " Апрель 2022", "Апрель\u00a0 2022x"]:
        assert periods.word_cell(text) is None, text


def test_parse_period_is_the_same_without_the_word_fast_path(monkeypatch):
    """Every cell (each year, with its activity) parses to the same Period either way."""
    cases = [(row.get("period_raw"), year, row.get("activity")) for row in ROWS for year in (None, 2021, 2022)]
    cases += [(text, 2022, None) for text in SYNTHETIC[::3] + WORD_SHAPES]
    clear_text_caches()
    fast = [periods.parse_period(raw, year=year, activity=act) for raw, year, act in cases]
    clear_text_caches()
    monkeypatch.setattr(periods, "word_cell", lambda text: None)
    plain = [periods.parse_period(raw, year=year, activity=act) for raw, year, act in cases]
    clear_text_caches()
    for case, a, b in zip(cases, fast, plain):
        assert a == b, case
    assert sum(p.start is not None or p.end is not None for p in fast) > 1000


def _reference_inner(e: periods.Expr) -> periods.Expr:
    """periods._inner before round 9: a new Expr every time."""
    first, last = e.first, e.last
    if first.unit == "day" and first.month is None:
        first = replace(first, month=last.month if last.unit == "day" else None, year=last.year)
        if first.month is None:
            return e
    if first.year is None and last.year is not None:
        first = replace(first, year=last.year)
        try:
            if periods._bounds(first)[0] > periods._bounds(last)[0]:
                first = replace(first, year=last.year - 1)
        except ValueError:
            pass
    elif last.year is None and first.year is not None:
        last = replace(last, year=first.year)
        try:
            if periods._bounds(first)[0] > periods._bounds(last)[0]:
                last = replace(last, year=first.year + 1)
        except ValueError:
            pass
    return periods.Expr(e.kind, first, last)


def _reference_out_of_year(spans, year, text):
    """periods._out_of_year before round 9: the window built on every call."""
    voc = vocabulary()
    lo, hi = date(year - 1, *voc.academic_start), date(year, 12, 31)
    outside = sorted({d for pair in spans for d in pair if d is not None and not lo <= d <= hi})
    if not outside:
        return []
    listed = ", ".join(d.isoformat() for d in outside)
    return [periods.Issue("period_out_of_year",
                          f"{listed} outside the {year} roadmap ({lo.isoformat()}..{hi.isoformat()}) in {text!r}")]


def test_inner_and_out_of_year_equal_the_reference():
    exprs = [e for text in dict.fromkeys(TEXTS + WORD_SHAPES[::3]) for e in periods._scan.__wrapped__(text).exprs]
    exprs += [periods.Expr(e.kind, e.first._replace(year=y), e.last) for e in exprs[::7] for y in (None, 2021)]
    kept = 0
    for e in exprs:
        got = periods._inner(e)
        assert got == _reference_inner(e), e
        kept += got is e
    assert 1000 < kept < len(exprs) - 100  # both ways are common
    rng = random.Random(5)
    days = [date(2019, 12, 31), date(2020, 9, 1), date(2020, 8, 31), date(2021, 1, 1), date(2021, 12, 31),
            date(2022, 1, 1), date(2022, 12, 31), date(2023, 9, 1), None]
    outside = 0
    for _ in range(3000):
        spans = [(rng.choice(days), rng.choice(days)) for _ in range(rng.randint(1, 3))]
        year = rng.choice([2020, 2021, 2022, 2023])
        got = periods._out_of_year(spans, year, "cell")
        assert got == _reference_out_of_year(spans, year, "cell"), (spans, year)
        outside += bool(got)
    assert 100 < outside < 2950  # both answers are common


# --------------------------------------------------------------------------- tokenizer

_AWKWARD = ["а", "Б", "ё", "Ё", "z", "Q", "İ", "ß", "ﬁ", "1", "٣", "１", "²", "_", " ", "  ", "\u00a0", "\u2003",
            "\t", "\n", "\r\n", ".", ",", "-", "–", "—", "\u2212", "«", "»", "%", "№", "*", "/", "(", ")",
            "\u0301", "é", "+", ":"]


def _random_strings(n: int = 3000) -> list[str]:
    rng = random.Random(19)
    return ["".join(rng.choice(_AWKWARD) for _ in range(rng.randint(0, 24))) for _ in range(n)]


def test_tokenize_equals_the_reference_on_every_text():
    texts = list(dict.fromkeys(TEXTS + WORD_SHAPES[::5] + _random_strings()))
    spaced = 0
    for text in texts:
        got = tokenize(text)
        assert got == reference_tokenize(text), text
        spaced += sum(t.spaced for t in got)
    assert len(texts) > 10000 and spaced > 10000


# --------------------------------------------------------------------------- risks


def _reference_risk_tokens(text: str) -> tuple:
    """risk_vocabulary._tokens before round 9: a match object per token."""
    out = []
    for m in risk_vocabulary._TOKEN.finditer(text):
        w = risk_vocabulary._word(m.group(0))
        out.append(risk_vocabulary._Token(m.group(0), w.lower, w.lemma, m.start(), m.end(), w.context, w.keys, w.stems))
    return tuple(out)


def _reference_phrase_spans(tokens, keys, phrase, lex) -> list[tuple[int, int]]:
    """risks._phrase_spans before round 9: every token tried as a start."""
    limit = len(phrase) + lex.slack
    wanted = set(phrase)
    spans = []
    for i, _ in enumerate(tokens):
        if not keys[i] & wanted:
            continue
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


def _shuffled_wordings() -> list[str]:
    """Each wording, key phrase and variant of the taxonomy with its words reversed and
    shuffled, some with a barrier or filler words inside (spans then start at any lemma)."""
    rng = random.Random(23)
    out = []
    for d in risks.load_risk_taxonomy():
        for text in (d.wording, *d.key_phrases, *d.variants):
            words = text.split()
            out.append(" ".join(reversed(words)))
            for _ in range(3):
                rng.shuffle(words)
                out.append(" ".join(words))
                out.append("Работа по " + " ".join(words[:2] + [rng.choice([";", "и", "для школ"])] + words[2:]))
    return out


RISK_TEXTS = list(dict.fromkeys(RISK_CORPUS + _shuffled_wordings() + TEXTS[::4] + _random_strings(500)))


def test_risk_tokens_equal_the_reference_on_every_text():
    for text in RISK_TEXTS:
        assert risk_vocabulary._tokens.__wrapped__(text) == _reference_risk_tokens(text), text
    assert sum(len(_reference_risk_tokens(t)) for t in RISK_TEXTS) > 20000


def test_phrase_spans_equal_the_reference_on_every_text_and_phrase():
    lex = risk_vocabulary._lexicon()
    phrases = [p for d in risks.load_risk_taxonomy() for p in d.phrases]
    found = 0
    for text in RISK_TEXTS:
        tokens = risk_vocabulary._tokens.__wrapped__(text)
        keys = [t.keys for t in tokens]
        present = frozenset().union(*keys)
        where = risks._key_positions(keys)
        for phrase in phrases:
            if present & set(phrase):  # the others start nowhere either way
                got = risks._phrase_spans(tokens, keys, phrase, lex, where)
                assert got == _reference_phrase_spans(tokens, keys, phrase, lex), (text, phrase)
                found += bool(got)
    assert found > 100


# --------------------------------------------------------------------------- indicators


def _number_texts() -> list[str]:
    """Numbers before every first word of the period lexicons, after every mark (a rule added to
    the grammar that continues a short number with a word of another lexicon fails the test
    of ``number_may_open``), and random cells of the same pieces."""
    rng = random.Random(31)
    words = _lexicon_words() + ["мероприятий", "школ", "%", "процентов", "человек", "ОО"]
    marks = ["", " ", "-", "–", ".", "/", ",", ";", "«", "»", "(", ")", "%", "+", ":", "№"]
    out = [f"{n}{m}{w}" for n in ("1", "4", "5", "12", "31", "32", "2021") for m in marks for w in words]
    # a word between two ordinals of a unit ("1 и 2 квартал"): ORDINALS' continuation
    out += [f"{n} {w} 2 {unit}" for n in ("1", "3") for w in words for unit in ("квартал", "полугодие")]
    out += [f"не менее {rng.randint(1, 40)}{rng.choice(marks)} {rng.choice(words)} {rng.choice(marks)}{rng.randint(1, 12)}"
            for _ in range(2000)]
    return out


def test_number_may_open_is_necessary_for_a_date_expression():
    texts = list(dict.fromkeys(TEXTS + _number_texts()))
    refused = 0
    for text in texts:
        toks = tokenize(indicators._mask(text))
        for i, t in enumerate(toks):
            if t.kind == "num" and periods.opens_expression(t.kind, t.text) \
                    and not period_grammar.number_may_open(toks, i):
                refused += 1
                assert periods.EXPRESSION(toks, i) is None, (text, i)
    assert refused > 2000


def test_covered_is_the_same_without_number_may_open(monkeypatch):
    texts = list(dict.fromkeys(TEXTS[::2] + _number_texts()))
    fast = [indicators.covered(tokenize(indicators._mask(t))) for t in texts]
    monkeypatch.setattr(indicators, "number_may_open", lambda toks, i: True)
    plain = [indicators.covered(tokenize(indicators._mask(t))) for t in texts]
    assert fast == plain
    assert sum(map(len, fast)) > 5000
