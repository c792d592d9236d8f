"""The round-12 fast paths of the date grammar give what the grammar gives.

* ``periods.piece_cell`` reads "2021-2022", "Июнь 2022 г.", "Апрель 2022 - декабрь2022",
  "Май 2022 г., Декабрь 2022", "21 марта 2024" and "до 22.01.2021 до 08.02.2021" with one regex
  per shape: where it answers, the grammar's scan holds exactly its expressions and nothing
  else, on every date cell of the synthetic corpus, gold, samples, made-up cells and a
  generated set of the shapes with every lexicon word, year, year word, dash and near misses;
  every cell scans (``periods._scan``) and parses (``parse_period``) as without it.
"""
from __future__ import annotations

import random

from normalize import periods
from normalize.memo import clear_text_caches
from normalize.period_vocabulary import vocabulary
from tests.test_fast7_periods import ROWS, TEXTS
from tests.test_fast9_rows import _lexicon_words
from tests.test_fast10_rows import synthetic_rows  # noqa: F401 (a fixture)

_YEARS = ["2022", "1900", "2100", "1899", "2101", "22", "0202"]
_YEAR_WORDS = ["", " г.", " г", "г.", " года", " год", " гг.", " гг", "  г .", " года.", " учебного года",
               " х", " до", " раз", ".", " г.."]
_DASHES = ["-", "–", " – ", "- ", " -", "—", "\u2212", "/", "", " "]


def _piece_shapes(n: int = 12000) -> list[str]:
    """Each shape piece_cell reads, made of every lexicon word, year, year word and dash, and
    near misses around them."""
    rng = random.Random(12)
    words = _lexicon_words() + ["июнь", "Апрель", "декабрь", "май", "марта", "мая", "до", "До", "с", "по", "к"]
    months = [w for w in words if periods._lone_word(w.lower().replace("ё", "е")) is not None] + ["июнь", "май"]

    def year() -> str:
        return rng.choice(_YEARS[:3] * 4 + _YEARS) + rng.choice(_YEAR_WORDS[:5] * 3 + _YEAR_WORDS)

    def month() -> str:
        return rng.choice(months * 3 + words) + rng.choice(["", " ", "  ", "\u00a0"]) + year()

    def date() -> str:
        return (f"{rng.choice(['1', '01', '9', '22', '31'] * 3 + ['32', '0'])}.{rng.choice(['1', '02', '12'] * 3 + ['13'])}."
                f"{rng.choice(['2021'] * 12 + ['1899', '21', '2021 г.', '2021.'])}")

    out = []
    for _ in range(n):
        shape = rng.randrange(6)
        if shape == 0:
            out.append(year() + rng.choice(_DASHES) + year())
        elif shape == 1:
            out.append(month())
        elif shape == 2:
            out.append(month() + rng.choice(_DASHES) + month())
        elif shape == 3:
            out.append(month() + rng.choice([",", ", ", " ,", ";", " "]) + month())
        elif shape == 4:
            out.append(rng.choice(["1", "01", "21", "31", "32", "0", "4", "«21»", "2"]) + rng.choice([" ", "", "  "])
                       + month() + rng.choice(["", "", " (выполнено)", " (по графику)"]))
        else:
            out.append(" ".join(f"{rng.choice(['до'] * 12 + ['До', 'с', 'по', 'к', 'не позднее', 'в', 'май'])} {date()}"
                                for _ in range(rng.randrange(1, 5))))
    return out + ["2021-2022", "Июнь 2022 г.", "Апрель 2022 - декабрь2022", "Май 2022 г., Декабрь 2022",
                  "21 марта 2024", "21 марта 2024 (выполнено)", "до 22.01.2021 до 08.02.2021 до 22.03.2021",
                  "с 01.02.2021 до 03.03.2021", "2021-2022 учебного года", "I квартал 2022 г."]


PIECES = _piece_shapes()


def _shape(exprs: list[periods.Expr]) -> str:
    """Which shape piece_cell read (for the coverage check)."""
    if exprs[0].kind == "deadline":
        return "deadlines"
    if len(exprs) == 2:
        return "month_list"
    e = exprs[0]
    return e.first.unit + ("_range" if e.first.unit == "year" or e.first != e.last else "")


def test_piece_cell_scans_as_the_grammar_does(synthetic_rows):  # noqa: F811 (the fixture)
    """Where piece_cell answers (the cell itself or before a note of fillers), the grammar's
    scan holds its expressions and nothing else; every cell scans as the grammar scans it."""
    dated = [periods.prepare(row[2]).text for doc in synthetic_rows for row in doc["rows"] if row[2]]
    cells = dict.fromkeys(dated + TEXTS + PIECES)
    fast: dict[str, int] = {}
    for cell in cells:
        want = periods.grammar_scan(cell)
        assert periods._scan.__wrapped__(cell) == want, cell
        for text in (cell, periods.without_filler_note(cell)):
            exprs = periods.piece_cell(text) if text is not None else None
            if exprs is not None:
                assert want == periods.Scan(exprs, None, False, []), cell
                fast[_shape(exprs)] = fast.get(_shape(exprs), 0) + 1
    assert set(fast) == {"year_range", "month", "month_range", "month_list", "day", "deadlines"}, fast
    assert min(fast.values()) > 100, fast
    assert sum(periods.piece_cell(t) is not None for t in dict.fromkeys(dated)) >= 10


def test_piece_cell_answers_for_the_common_cells_and_turns_away_the_rest():
    for text in ["2021-2022", "2021 г. – 2022 г.", "Июнь 2022 г.", "Декабрь2021 года", "Апрель 2022 - декабрь2022",
                 "Май 2022 г., Декабрь 2022", "21 марта 2024", "до 22.01.2021 до 08.02.2021"]:
        assert periods.piece_cell(text) is not None, text
    for text in ["2021/2022", "1899-2022", "2021-2022 учебного года", "Июнь 2022 х", "Июнь 2101 г.",
                 "с 01.02.2021 до 03.03.2021", "до 22.01.2021 с 08.02.2021", "32 марта 2024", "I квартал 2022 г.",
                 "Апрель 2022 - декабрь", "до 22.01.2021 до 32.02.2021"]:
        assert periods.piece_cell(text) is None, text


def test_parse_period_is_the_same_without_the_piece_fast_path(monkeypatch, synthetic_rows):  # noqa: F811
    """Every cell (each year, with its activity) parses to the same Period either way."""
    cases = [(row.get("period_raw"), year, row.get("activity")) for row in ROWS for year in (None, 2021, 2022)]
    cases += [(row[2], 2022, row[1]) for doc in synthetic_rows for row in doc["rows"]]
    cases += [(text, year, None) for text in PIECES for year in (None, 2022)]
    clear_text_caches()
    fast = [periods.parse_period(raw, year=year, activity=act) for raw, year, act in cases]
    clear_text_caches()
    monkeypatch.setattr(periods, "piece_cell", lambda text: None)
    plain = [periods.parse_period(raw, year=year, activity=act) for raw, year, act in cases]
    clear_text_caches()
    for case, a, b in zip(cases, fast, plain):
        assert a == b, case
    assert sum(p.start is not None or p.end is not None for p in fast) > 3000


def test_piece_words_are_lone_words_that_nothing_else_continues():
    voc = vocabulary()
    assert periods._piece_word("июнь", "months") == 6 and periods._piece_word("до", "deadline") is not None
    assert periods._piece_word("июнь", "deadline") is None and periods._piece_word("с", "deadline") is None
    assert periods._year_word("г") and periods._year_word("года") and not periods._year_word("до")
    for word in _lexicon_words():
        w = word.lower().replace("ё", "е")
        for wanted in ("months", "deadline"):
            if periods._piece_word(w, wanted) is not None:
                assert not any(x.starts(w) for x in (voc.year_word, voc.times, voc.quarter, voc.half)), w


def _clear_word_caches() -> None:
    for fn in (periods._piece_word, periods._year_word, periods._lone_word, periods._openers):
        fn.cache_clear()
    clear_text_caches()


def test_piece_cell_declines_when_the_data_lets_another_rule_continue():
    """The lone-word guards hold for data where a deadline word is also a year word ("до"
    after a date would end its year) or a month word a quarter's ("2 марта 2024" a quarter):
    piece_cell then leaves the cell to the grammar, which reads it otherwise."""
    voc = vocabulary()
    cells = ["до 22.01.2021 до 08.02.2021", "2 марта 2024", "Июнь 2022 г. - июль 2022", "21 марта 2024"]
    before = {cell: periods.grammar_scan(cell) for cell in cells}
    added = [(voc.year_word, "до"), (voc.quarter, "марта")]
    try:
        for lexicon, word in added:
            lexicon._exact.setdefault(word, []).append(((word,), True))
        _clear_word_caches()
        changed = 0
        for cell in cells:
            want = periods.grammar_scan(cell)
            changed += want != before[cell]
            exprs = periods.piece_cell(cell)
            assert exprs is None or want == periods.Scan(exprs, None, False, []), cell
            assert periods._scan.__wrapped__(cell) == want, cell
        assert changed >= 2
    finally:
        for lexicon, word in added:
            lexicon._exact[word].pop()
            if not lexicon._exact[word]:
                del lexicon._exact[word]
        _clear_word_caches()
    assert periods.piece_cell("2 марта 2024") is not None and periods.piece_cell(cells[0]) is not None


# --------------------------------------------------------------------------- executors._Cell


def test_executor_cell_holds_its_fields_in_order_and_is_frozen(synthetic_rows):  # noqa: F811
    """``executors._Cell`` takes ``records.slot_init``'s __init__: every field holds what the
    preparation gives, by position and by name, and the record stays frozen and comparable."""
    import dataclasses

    import pytest

    from normalize import executors
    from normalize.definitions import tokenize
    from normalize.executors.units import prepare, substitute

    raws = [row[3] for doc in synthetic_rows for row in doc["rows"] if row[3] and row[3].strip()]
    raws += [row.get("executors_raw") for row in ROWS if row.get("executors_raw")]
    raws += ["Министерство образования (далее – МО), МОУО", "ДО МАУ ИМЦ\nмуниципальный координатор"]
    assert len(set(raws)) > 50
    for raw in dict.fromkeys(raws):
        clear_text_caches()
        cell = executors._cell(raw)
        text, ranges, local = substitute(prepare(raw))
        tokens = tuple(tokenize(text))
        want = (text, tuple(ranges), local, frozenset(t.text.upper() for t in tokens if t.kind == "word"), tokens)
        assert (cell.text, cell.def_ranges, dict(cell.local), cell.words, cell.tokens) == want, raw
        assert cell == executors._Cell(*want[:2], cell.local, *want[3:]) and hash(cell.text) == hash(want[0])
        with pytest.raises(dataclasses.FrozenInstanceError):
            cell.text = ""  # type: ignore[misc]
    clear_text_caches()


# --------------------------------------------------------------------------- executors naming


def _reference_defined_name(name, definitions, *, worded=None):
    """categories.defined_name before round 12: every worded key compared in turn."""
    from normalize.definitions import is_abbreviation
    from normalize.executors.categories import _lemma_sets, _worded
    from normalize.executors.vocab import typo_abbreviation

    if name in definitions:
        return definitions[name]
    if typo_abbreviation(name) and name.upper() in definitions:
        return definitions[name.upper()]
    if worded is None:
        worded = _worded(tuple(definitions))
    if worded and not is_abbreviation(name):
        mine = _lemma_sets(name)
        for key in worded:
            theirs = _lemma_sets(key)
            if len(theirs) == len(mine) and all(a & b for a, b in zip(mine, theirs)):
                return definitions[key]
    return None


def test_defined_name_equals_the_code_it_replaced(synthetic_rows):  # noqa: F811
    """``defined_name`` compares a name only with the worded keys of its size: the same full
    name as comparing with every key, for every executor name and phrase of every synthetic
    and gold cell against each order's definitions (and made-up ones sharing lemmas)."""
    from normalize.definitions import find_definitions
    from normalize.executors import split_executors
    from normalize.executors.categories import defined_name

    made_up = {"муниципальные органы управления образованием": "МОУО (1)", "органы управления": "ОУ (2)",
               "муниципальный орган управления образованием": "МОУО (3)", "Образовательные организации": "ОО",
               "региональный координатор": "РК", "координаторы": "К", "ДО": "департамент"}
    orders = [find_definitions(doc["full_text"]) for doc in synthetic_rows] + [made_up, {}]
    names = {made_up_key.capitalize() for made_up_key in made_up} | {
        "Муниципальных органов управления образованием", "органами управления", "координатор",
        "Региональные координаторы", "образовательная организация", "муниципальные органы управления"}
    for doc, defs in zip(synthetic_rows, orders):
        for row in doc["rows"]:
            for e in split_executors(row[3], definitions=defs):
                names.update(x for x in (e.name, e.position, e.organisation) if x)
            names.update(row[3].split(",") if row[3] else ())
    for row in ROWS:
        raw = row.get("executors_raw")
        if raw:
            names.update(e.name for e in split_executors(raw))
            names.update(part for piece in raw.split(",") for part in piece.split(" и "))
    names = {n.strip() for n in names if n.strip()}
    found = 0
    for defs in orders:
        merged = {**defs, **made_up}
        for name in names:
            assert defined_name(name, merged) == _reference_defined_name(name, merged), name
            found += defined_name(name, merged) is not None
    assert found > 100 and len(names) > 70


def test_executor_fields_in_parts_order():
    """split_executors passes a Parts' fields after its kind positionally as the Executor's
    after its category: the two records keep them in the same order."""
    import dataclasses

    from normalize.executors import split_executors
    from normalize.executors.parties import Parts
    from normalize.records import Executor

    assert Parts._fields[1:] == tuple(f.name for f in dataclasses.fields(Executor))[4:]
    full = "Муниципальное казённое учреждение «Информационно-методический центр»"
    got = split_executors("Смирнова Е.В., методист МКУ «ИМЦ»", definitions={"МКУ «ИМЦ»": full})
    assert got == [Executor("Смирнова Е.В., методист МКУ «ИМЦ»", None, kind="person", category="methodical_centre",
                            person="Смирнова Е.В.", position="методист", organisation="МКУ «ИМЦ»",
                            organisation_full_name=full)]


def test_item_fields_in_the_order_segments_passes_them():
    """segments.start builds an Item positionally: start, end, kind, first, core_end."""
    import dataclasses

    from normalize.executors.segments import Item, segments
    from normalize.executors.units import cell_units

    assert tuple(f.name for f in dataclasses.fields(Item))[:5] == ("start", "end", "kind", "first", "core_end")
    text = "ДО, по согласованию; муниципальный координатор"
    items = segments(text, cell_units(text, [], frozenset()))
    assert [(i.start, i.end, i.kind, i.first, i.core_end) for i in items] == [(0, 19, "name", 0, 2), (21, 46, "phrase", 5, 34)]
