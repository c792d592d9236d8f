"""The round-11 fast paths of the row parsers give what the code they replaced gives.

* ``period_grammar.Atom`` / ``Expr`` and ``periods.Prepared`` are named tuples instead of
  frozen dataclasses: still immutable, equal and hashable by their fields;
* ``grammar.may_match_test`` answers as ``may_match`` for every requirement (``periods.prepare``
  tests its blank regexes with it);
* ``periods.parse_period`` hands back the cell's Period when the activity gives no recurrence:
  equal to the Period the code it replaced built (kept here) on every gold, synthetic and
  made-up cell with every activity;
* ``indicators._unit`` tries only the unit phrases opening with a word's lemma
  (``Vocabulary.unit_phrase_index``) and ``indicators.covered`` reads what may start at a
  token in one lookup (``_cover_role``), steps over a token nothing starts at and runs the
  grammar without EXPRESSION's guard: both equal the code they replaced (kept here) at every
  token of every indicator-like text;
* ``executors._matching`` builds a list, not a generator into a frozenset: equal to the code
  it replaced on every executors cell;
* ``period_grammar.numeric_cell`` also reads "DD.MM[.] – DD.MM.YYYY", and ``periods._scan``
  reads a date with a closing note of lone fillers ("Январь 2022 (выполнено)") as the date:
  both scan as the grammar scans on made-up ranges and noted gold / synthetic cells;
* ``Hint.search`` tests the neighbours of the whole count words present only: it answers as
  the hint regex.
"""
from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from normalize import grammar, indicators, periods
from normalize.grammar import Token, may_match, may_match_test, requirement, tokenize
from normalize.period_grammar import EXPRESSION, Atom, Expr, number_may_open
from normalize.records import Period
from tests.test_fast7_periods import ROWS, TEXTS
from tests.test_fast10_rows import _PATTERNS, _blank_cells, _random_texts

# --------------------------------------------------------------------------- records


def test_atoms_and_expressions_are_immutable_values():
    a, b = Atom("day", 2021, 9, 1), Atom("day", 2021, 9, 1)
    e = Expr("span", a, Atom("month", 2022, 5))
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != Atom("day", 2021, 9, 2) and a != a._replace(year=None)
    assert a._replace(year=2022) == Atom("day", 2022, 9, 1) and a.index is None
    assert Expr("span", b, Atom("month", 2022, 5)) == e and len({e, Expr(e.kind, a, e.last)}) == 1
    for obj, field in ((a, "year"), (e, "first"), (periods.prepare("31.12.2021"), "text")):
        with pytest.raises(AttributeError):
            setattr(obj, field, None)


def test_prepared_is_the_cells_text_and_marks():
    p = periods.prepare(" 10 ноября 2020* года ")
    assert p == periods.Prepared("10 ноября 2020  года", ("*",), False)
    assert (p.text, p.footnotes, p.blank) == ("10 ноября 2020  года", ("*",), False)


# --------------------------------------------------------------------------- may_match_test


def test_may_match_test_answers_as_may_match():
    import re

    voc = periods.vocabulary()
    patterns = [re.compile(p) for p in _PATTERNS] + list(indicators.vocabulary().masks) \
        + [voc.blank_form, voc.blank, voc.footnote, re.compile("x"), re.compile("_{3}"), re.compile("a_b")]
    requirements = {requirement(p) for p in patterns} | {((("_", 1),),), ((("_", 3),),), ()}
    texts = [*_random_texts(), *TEXTS[:2000], *_blank_cells(), "", "_", "__", "___", "x", "a_b"]
    differ = 0
    for required in requirements:
        test = may_match_test(required)
        answers = [may_match(required, t) for t in texts]
        assert [test(t) for t in texts] == answers, required
        differ += len(set(answers)) > 1
    assert differ >= 5


# --------------------------------------------------------------------------- parse_period


def _reference_parse_period(raw: str | None, *, year: int | None = None, activity: str | None = None) -> Period:
    """parse_period before round 11: a new Period whenever the activity was read."""
    period = periods._cell_period(raw or "", year)
    if period.recurrence is None and activity:
        return Period(period.start, period.end, periods.find_recurrence(activity), period.issues)
    return period


def test_parse_period_equals_the_copy_it_replaced():
    rng = random.Random(11)
    activities = [r["activity"] for r in ROWS] + ["Ежемесячно", "2 раза в год", "постоянно", "", None]
    shared = recurred = 0
    for raw in [*TEXTS[:6000], *(r["period_raw"] for r in ROWS), None, ""]:
        for activity in (rng.choice(activities), rng.choice(activities[-5:]), None):
            for year in (2021, None):
                want = _reference_parse_period(raw, year=year, activity=activity)
                got = periods.parse_period(raw, year=year, activity=activity)
                assert got == want and type(got) is Period, (raw, activity, year)
                shared += got is periods._cell_period(raw or "", year)
                recurred += want.recurrence is not None
    assert shared > 10000 and recurred > 500


# --------------------------------------------------------------------------- indicators


def _reference_unit(toks: Sequence[Token], i: int) -> tuple[str, int]:
    """indicators._unit before round 11: every unit phrase tried at every word."""
    voc = indicators.vocabulary()
    words = []
    j = i
    while j < len(toks) and len(words) < indicators._UNIT_LOOKAHEAD:
        t = toks[j]
        if t.kind != "word":
            break
        words.append((t.text, *indicators._morph(t.text), j))
        j += 1
    lemmas = tuple(w[2] for w in words)
    for k, (word, pos, lemma, idx) in enumerate(words):
        for phrase, unit in voc.unit_phrases.items():
            if lemmas[k:k + len(phrase)] == phrase:
                return unit, words[k + len(phrase) - 1][3] + 1
        if word in voc.unit_words:
            return voc.unit_words[word], idx + 1
        if pos == "NOUN":
            return voc.unit_words.get(lemma, lemma), idx + 1
        if pos not in indicators._SKIP_POS:
            break
    return "", i


def _reference_covered(toks: Sequence[Token]) -> set[int]:
    """indicators.covered before round 11 (EXPRESSION with its guard, the label opener read
    apart); the rest of the walk as it is."""
    voc = indicators.vocabulary()
    is_ = indicators._is
    out: set[int] = set()
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        hit = EXPRESSION(toks, i) if periods.opens_expression(t.kind, t.text) \
            and (t.kind != "num" or number_may_open(toks, i)) else None
        if hit is not None and indicators._percent_at(toks, hit[1]) is None and any(
            toks[k].kind == "num" for k in range(i, hit[1])
        ):
            out.update(range(i, hit[1]))
            i = hit[1]
            continue
        label = voc.labels.match(toks, i) if t.kind == "word" and indicators._opens_label(t.text) else None
        if label is None and t.kind == "punct" and t.text == "№":
            label = (True, i + 1)
        if label is not None:
            j = label[1] + (1 if is_(toks, label[1], "dot") else 0)
            j += 1 if is_(toks, j, "punct", "№") else 0
            while is_(toks, j, "num"):
                out.add(j)
                j += 1
                if is_(toks, j, "dot") and is_(toks, j + 1, "num") and not toks[j + 1].spaced:
                    j += 1
                    continue
                nxt = j + 1 if is_(toks, j, "punct", ",") or is_(toks, j, "word", ("и",)) else None
                if nxt is None or not is_(toks, nxt, "num") or indicators._unit_starts(toks, nxt + 1):
                    break
                j = nxt
            i = max(j, i + 1)
            continue
        if t.kind == "num":
            j = i + 1
            if is_(toks, j, "punct", "+"):
                out.add(i)
            elif is_(toks, j, "dash") and is_(toks, j + 1, "word") and toks[j + 1].text in voc.ordinal_suffixes \
                    and not toks[j + 1].spaced:
                out.add(i)
            elif is_(toks, j, "punct", ":") and is_(toks, j + 1, "num") and not toks[j + 1].spaced:
                out.update((i, j + 1))
            elif (i == 0 or is_(toks, i - 1, "punct", ";")) and (item_end := indicators._item_number(toks, i)) is not None:
                out.update(k for k in range(i, item_end) if toks[k].kind == "num")
                i = item_end
                continue
            else:
                grade_end = indicators._grade(toks, i)
                if grade_end is not None:
                    out.update(k for k in range(i, grade_end) if toks[k].kind == "num")
                    i = grade_end
                    continue
        i += 1
    return out


_MADE_UP_INDICATORS = [
    "не менее 90 % образовательных организаций", "42 общеобразовательных организации",
    "5 заместителей директоров школ", "не менее 3 общеобразовательных учреждений и 2 образовательных учреждения",
    "№ 4, 19, 65 и 7 кураторов", "п. 2.3 и 10 школ", "до 1 сентября 2022 года 30 %", "I квартал 2022 г. — 12 школ",
    "с 01.09.2021 по 31.12.2021: 100 % школ", "в срок до 25 мая 2022 года 15 педагогов", "№ 5, 10 кураторов",
    "4 (5) классов", "9-х классов 3 учителя", "10:00 — 2 вебинара", "500+ школ", "1. 20 школ; 2. 3 семинара",
]


def _indicator_texts() -> list[str]:
    cells = [r.get("indicator") or "" for r in ROWS] + [c for c in TEXTS if indicators._DIGIT.search(c)]
    return [c for c in dict.fromkeys([*cells, *_MADE_UP_INDICATORS]) if c]


def test_unit_and_covered_equal_the_code_they_replaced():
    units = phrases = covered = 0
    for text in _indicator_texts():
        toks = tokenize(indicators._mask(text))
        want = _reference_covered(toks)
        assert indicators.covered(toks) == want, text
        covered += len(want)
        for i in range(len(toks) + 1):
            got = indicators._unit(toks, i)
            assert got == _reference_unit(toks, i), (text, i)
            units += got[0] != ""
            phrases += got[1] > i + 1
    assert units > 2000 and phrases > 20 and covered > 1000


def test_unit_phrase_index_holds_every_phrase_in_order():
    voc = indicators.vocabulary()
    flat = [item for group in voc.unit_phrase_index.values() for item in group]
    assert sorted(flat) == sorted(voc.unit_phrases.items())
    for first, group in voc.unit_phrase_index.items():
        assert all(phrase[0] == first for phrase, _ in group)
        assert list(group) == [(p, u) for p, u in voc.unit_phrases.items() if p[0] == first]


def test_parse_targets_unchanged_on_made_up_cells():
    got = {text: indicators._targets.__wrapped__(text) for text in _MADE_UP_INDICATORS}
    assert [(t.value, t.unit, t.comparison) for t in got["5 заместителей директоров школ"]] == [(5.0, "director", "=")]
    assert [t.unit for t in got["не менее 3 общеобразовательных учреждений и 2 образовательных учреждения"]] \
        == ["school", "school"]
    assert grammar.tokenize("№ 5, 10 кураторов")[-1].text == "кураторов"


# --------------------------------------------------------------------------- executors


def _reference_matching(plain: frozenset[str], spaced: tuple[tuple[str, tuple[str, ...]], ...],
                        words: frozenset[str]) -> frozenset[str]:
    """executors._matching before round 11 (a generator into a frozenset)."""
    found = plain & words
    if spaced:
        found |= frozenset(k for k, parts in spaced if words.issuperset(parts))
    return found


def test_matching_equals_the_code_it_replaced():
    from normalize import executors
    from normalize.executors import _abbreviation_keys, _cell, _glossary_abbreviations, _matching

    keys = ("ФИС ОКО", "ИС МЭДК", "ДО", "МОУО", "МО НСО", "ИРО", "Департамент образования", "ГАУ ДПО ИРО")
    tables = [_glossary_abbreviations(), _abbreviation_keys(keys), (frozenset(), ()), (frozenset({"ДО"}), ())]
    cells = [r.get("executors_raw") or "" for r in ROWS] + ["ФИС ОКО, ИС МЭДК; ДО", "МО НСО и ИРО", "ГАУ ДПО ИРО, ОКО"]
    hits = 0
    for cell in dict.fromkeys(cells):
        if not cell.strip():
            continue
        words = _cell(cell).words
        for plain, spaced in tables:
            want = _reference_matching(plain, spaced, words)
            got = _matching(plain, spaced, words)
            assert got == want and type(got) is frozenset, (cell, spaced)
            hits += bool(want - plain)
    assert hits >= 3
    assert executors.split_executors("ФИС ОКО, ИС МЭДК")[0].name == "ФИС ОКО"


# --------------------------------------------------------------------------- date cells


def _yearless_ranges() -> list[str]:
    """"DD.MM[.] – DD.MM.YYYY" with every kind of day, month, dot, space and dash, and
    near misses the grammar must read instead."""
    out = []
    for d in ("0", "1", "01", "9", "10", "29", "31", "32", "99"):
        for m in ("0", "1", "09", "12", "13"):
            for dot in ("", ".", ". ", " ."):
                for dash in ("-", " - ", "\u2013 ", "\u2212", " ", "/"):
                    for end in ("31.12.2021", "1.1.2022", "31.13.2021", "01.01.1899", "31.12.21", "31.12"):
                        out.append(f"{d}.{m}{dot}{dash}{end}")
    return out + ["01.09.2021.- 31.12.2021", "01.09.21- 31.12.2021", "12.2021 - 31.12.2021", "1-31.12.2021"]


_NOTES = ["(выполнено)", "( выполнено )", "(Выполнено)", "(ВЫПОЛНЕНО)", "(исполнено)", "(выполнено в срок)",
          "(исполнено в срок)", "(в течение)", "(по графику)", "(ежемесячно)", "(постоянно)", "(1 раз)",
          "(выполненоabc)", "(x)", "(выполнено, в срок)", "((выполнено))", "(выполнено", "выполнено)",
          "(до)", "(года)", "(конец)", "(начало)", "(течение года)", "(срок)", "(март)", "(выполнен)"]


def test_numeric_and_noted_cells_scan_as_the_grammar_does():
    """numeric_cell's yearless start, and a cell with a closing note of fillers: where the fast
    path answers, the grammar's scan holds the same one expression and nothing else; every
    cell scans as the grammar scans it."""
    rng = random.Random(111)
    dated = [t for t in TEXTS if periods.numeric_cell(t) or periods.word_cell(t)]
    cells = _yearless_ranges() + [f"{t}{rng.choice(['', ' ', '  '])}{note}"
                                  for t in [*rng.sample(dated, 400), *_yearless_ranges()[::7], "x", ""]
                                  for note in rng.sample(_NOTES, 6)]
    cells += [f"{t} {note}" for t in rng.sample(TEXTS, 500) for note in rng.sample(_NOTES, 3)]
    yearless = noted = 0
    for cell in dict.fromkeys(cells):
        want = periods.grammar_scan(cell)
        assert periods._scan.__wrapped__(cell) == want, cell
        expr = periods.numeric_cell(cell)
        if expr is not None:
            assert want == periods.Scan([expr], None, False, []), cell
            yearless += expr.first.year is None
        core = periods.without_filler_note(cell)
        if core is not None and (periods.numeric_cell(core) or periods.word_cell(core)):
            assert want.exprs and not want.ignored and want.recurrence is None, cell
            noted += 1
    assert yearless > 300 and noted > 1000


def test_without_filler_note_turns_away_other_notes():
    assert periods.without_filler_note("Январь 2023 (выполнено)") == "Январь 2023"
    assert periods.without_filler_note("01.09.- 31.12.2021  ( Выполнено )") == "01.09.- 31.12.2021"
    for text in ["Январь 2023 (по графику)", "Январь 2023 (ежемесячно)", "Январь 2023 (в срок)",
                 "Январь 2023 (выполнено", "Январь 2023 (1 раз)", "(выполнено)", "Январь 2023 (март)",
                 "Январь 2023 (выполнено) ", "Январь 2023 (года)"]:
        assert periods.without_filler_note(text) is None, text


def test_hint_search_tests_only_the_whole_words_present():
    """Hint.search (the neighbours of the whole count words the text holds) answers as its
    reference regex, on activities and on every whole word in every context."""
    hint = periods.vocabulary().recurrence_hint
    texts = [(r.get("activity") or "").lower().replace("ё", "е") for r in ROWS] + [t.lower() for t in TEXTS[:3000]]
    for word in hint.whole:
        for a, b in ((" ", " "), ("об", "ования"), ("(", ")"), ("2", " в год"), ("", ""), ("x", ""), ("", "а")):
            texts += [f"{a}{word}{b}", f"образования {a}{word}{b} раз", f"{a}{word}{b} однажды"]
    found = 0
    for low in texts:
        want = hint.regex.search(low) is not None
        assert hint.search(low) == want, low
        found += want
    assert found > 50
