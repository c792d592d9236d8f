"""The per-row speed-ups give what the plain code gives (fast path vs reference, many inputs).

* ``split_executors`` cuts a cell with only the known abbreviations whose every part is a
  word of the cell, and remembers the cut per text: the same units as with every known
  abbreviation, and the same executors as a cold call, whatever definitions come with it.
* ``parse_targets`` and ``parse_period`` remember a cell's result: a warm call equals a cold
  one, and the activity's recurrence is still read on every call.
"""
from __future__ import annotations

import pytest

from normalize import executors, indicators, periods
from normalize.definitions import is_abbreviation
from normalize.executors import _cell, _glossary_keys, _present, _segmented, split_executors
from normalize.executors.units import cell_units
from tests.test_executors import _gold
from tests.test_fast_paths import TEXTS


def _definitions() -> list[dict[str, str]]:
    """The definitions of each sample order, and all of them together plus every
    abbreviation pair and lower-case typo the texts hold (so multi-word and typo keys occur)."""
    by_order = {stem: defined for stem, _, defined in _gold()}
    merged: dict[str, str] = {}
    for defined in by_order.values():
        merged.update(defined)
    for text in TEXTS:
        words = [w.strip(",.;:()«»\"") for w in text.split()]
        for a, b in zip(words, words[1:]):
            if len(a) > 1 and len(b) > 1 and a.isupper() and b.isupper() and a.isalpha() and b.isalpha():
                merged.setdefault(f"{a} {b}", f"полное имя {a} {b}")
                merged.setdefault(a, f"полное имя {a}")
    return [*by_order.values(), merged]


DEFINITIONS = _definitions()
CELLS = sorted({row["executors_raw"] for _, row, _ in _gold() if row["executors_raw"]} | set(TEXTS))


def _known(definitions) -> frozenset[str]:
    """The reference: every key and glossary name that is an abbreviation."""
    return frozenset(k for k in [*definitions, *_glossary_keys()] if is_abbreviation(k))


def test_only_present_abbreviations_matter_to_the_units():
    """cell_units with the abbreviations present equals cell_units with all known ones; the
    filter drops keys, and keeps multi-word ones some cells use."""
    dropped = kept_multi = 0
    for defined in DEFINITIONS:
        for raw in CELLS:
            if not raw.strip():
                continue
            cell = _cell(raw)
            known = _known({**cell.local, **defined})
            present = _present(tuple(known), cell.words)
            assert present == frozenset(k for k in known if all(p in cell.words for p in k.split()))
            full = cell_units(cell.text, list(cell.def_ranges), known)
            assert cell_units(cell.text, list(cell.def_ranges), present) == full, raw
            dropped += len(known) - len(present)
            kept_multi += sum(" " in k for k in present)
    assert dropped > 10000
    assert kept_multi > 0


def _cold(fn, clear, *args, **kwargs):
    """fn with its caches emptied first."""
    for cache in clear:
        cache.cache_clear()
    return fn(*args, **kwargs)


def test_remembered_executors_equal_a_cold_call():
    """Each cell under every set of definitions, warm (the cut shared) and cold, agree."""
    differs = 0
    for raw in CELLS[:400]:
        first = None
        for defined in DEFINITIONS:
            warm = split_executors(raw, definitions=defined)
            cold = _cold(split_executors, (_cell, _segmented), raw, definitions=defined)
            assert warm == cold, (raw, defined)
            first = warm if first is None else first
            differs += warm != first
    assert differs > 0  # the definitions do change some names: the naming runs every call


@pytest.mark.parametrize("activity", [None, "Проведение мониторинга ежеквартально", "Семинар"])
def test_remembered_periods_equal_a_cold_call(activity):
    """A date cell read again (another activity, another year) equals a cold read."""
    for raw in TEXTS:
        for year in (None, 2021):
            warm = periods.parse_period(raw, year=year, activity=activity)
            cold = _cold(periods.parse_period, (periods._cell_period,), raw, year=year, activity=activity)
            assert warm == cold, (raw, year, activity)
    assert periods.parse_period("2021 год", year=2021, activity="ежеквартально").recurrence == "quarterly"
    assert periods.parse_period("2021 год", year=2021, activity="Семинар").recurrence is None


def test_remembered_targets_equal_a_cold_call():
    """An indicator cell read again equals a cold read, and the list returned is the caller's."""
    for raw in TEXTS:
        warm = indicators.parse_targets(raw)
        assert warm == _cold(indicators.parse_targets, (indicators._targets,), raw), raw
    mine = indicators.parse_targets("не менее 90 %")
    mine.clear()
    assert len(indicators.parse_targets("не менее 90 %")) == 1


def test_a_caller_cannot_spoil_the_remembered_executors():
    """The list split_executors returns is new on every call."""
    mine = split_executors("ДО, МОУО")
    mine.clear()
    assert [e.name for e in executors.split_executors("ДО, МОУО")] == ["ДО", "МОУО"]


def test_recurrence_guard_changes_no_parse():
    """At every token of every text (date cell or activity), the guarded recurrence reader
    equals the full one, and the guard does turn tokens away."""
    from normalize.grammar import tokenize

    turned_away = 0
    for text in TEXTS + ["раз в две недели", "еженедель ных", "2 раза в год", "дважды в месяц"]:
        toks = tokenize(text)
        for i in range(len(toks)):
            for date_cell in (False, True):
                full = periods._any_recurrence_at(toks, i, date_cell=date_cell)
                assert periods._recurrence_at(toks, i, date_cell=date_cell) == full, (text, i)
                turned_away += full is None and not periods._opens_recurrence(
                    toks[i].text, toks[i].kind == "word", date_cell) and toks[i].kind != "num"
    assert turned_away > 1000


def test_number_guard_turns_numbers_away():
    """The date grammar is not tried at numbers no expression opens with ("90 %", "42
    школы"), and still at days, months and years (the full check is test_fast_paths')."""
    assert [periods._opens_with_number(n) for n in ("90", "42", "0", "500", "05", "31", "2021", "1899")] \
        == [False, False, False, False, True, True, True, False]


def test_target_guard_changes_no_target():
    """At every token of every text, the guarded target reader equals the full one, and the
    guard does turn tokens away."""
    from normalize.grammar import tokenize

    turned_away = found = 0
    for text in TEXTS + ["не менее 90 %", "≥ 5 школ", ">=30%", "от 3 до 5 школ", "5 и более школ"]:
        toks = tokenize(indicators._mask(text))
        cover = indicators.covered(toks)
        for i in range(len(toks)):
            full = indicators._any_target_at(toks, i, cover)
            assert indicators._target_at(toks, i, cover) == full, (text, i)
            found += full is not None
            turned_away += not indicators._opens_target(toks[i].kind, toks[i].text)
    assert turned_away > 1000 and found > 100
