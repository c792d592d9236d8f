"""The time grammar: every gold row, each supported spelling, issues, and round-trip properties."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.grammar import tokenize
from normalize.periods import find_recurrence, parse_period, vocabulary

GOLD = Path(__file__).resolve().parent.parent / "samples" / "source" / "gold"


def _gold_rows() -> list[tuple[str, int, dict]]:
    rows = []
    for path in sorted(GOLD.glob("*.jsonl")):
        year = json.loads(path.with_suffix("").with_suffix(".doc.json").read_text("utf-8"))["year"]
        for n, line in enumerate(path.read_text("utf-8").splitlines()):
            rows.append((f"{path.stem[:3]}:{n}", year, json.loads(line)))
    return rows


GOLD_ROWS = _gold_rows()


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _codes(p) -> list[str]:
    return [i.code for i in p.issues]


def test_gold_has_all_rows():
    assert len(GOLD_ROWS) == 178


@pytest.mark.parametrize("row_id,year,row", GOLD_ROWS, ids=[r[0] for r in GOLD_ROWS])
def test_gold_row(row_id, year, row):
    p = parse_period(row["period_raw"], year=year, activity=row["activity"])
    assert (_iso(p.start), _iso(p.end), p.recurrence) == (row["period_start"], row["period_end"], row["recurrence"])
    assert "period_unparsed" not in _codes(p)


def test_gold_out_of_year_flags_exactly_the_typos_and_the_multi_year_span():
    flagged = {
        (year, row["period_raw"])
        for _, year, row in GOLD_ROWS
        if "period_out_of_year" in _codes(parse_period(row["period_raw"], year=year, activity=row["activity"]))
    }
    assert flagged == {(2021, "16.02.2020"), (2021, "10.03.2020"), (2021, "12.03.2020"), (2022, "2022-2023")}


D = date


@pytest.mark.parametrize(
    "raw,start,end",
    [
        # single dates
        ("15.02.2021", D(2021, 2, 15), D(2021, 2, 15)),
        ("15.02.21", D(2021, 2, 15), D(2021, 2, 15)),
        ("15 февраля 2021 г.", D(2021, 2, 15), D(2021, 2, 15)),
        ("«15» февраля 2021 года", D(2021, 2, 15), D(2021, 2, 15)),
        ("15.02.2021г.", D(2021, 2, 15), D(2021, 2, 15)),
        ("1 сентября", D(2021, 9, 1), D(2021, 9, 1)),
        ("05/10/2021", D(2021, 10, 5), D(2021, 10, 5)),
        # ranges, any dash, year from the end
        ("29.01- 15.02.2021", D(2021, 1, 29), D(2021, 2, 15)),
        ("29.01.- 15.02.2021", D(2021, 1, 29), D(2021, 2, 15)),
        ("10.03.- 02.04.2021", D(2021, 3, 10), D(2021, 4, 2)),
        ("11.02.2022–14.02.2022", D(2022, 2, 11), D(2022, 2, 14)),
        ("11.02.2022 —\n14.02.2022", D(2022, 2, 11), D(2022, 2, 14)),
        ("11.02.2022‑14.02.2022", D(2022, 2, 11), D(2022, 2, 14)),
        ("с 01.03 по 15.03.2021", D(2021, 3, 1), D(2021, 3, 15)),
        ("с 01.03.2021 до 15.03.2021", D(2021, 3, 1), D(2021, 3, 15)),
        ("15–20 марта 2021", D(2021, 3, 15), D(2021, 3, 20)),
        ("с 15 по 20 марта", D(2021, 3, 15), D(2021, 3, 20)),
        ("28.12 - 15.01.2021", D(2020, 12, 28), D(2021, 1, 15)),
        # months and month ranges
        ("Март 2022", D(2022, 3, 1), D(2022, 3, 31)),
        ("в марте", D(2021, 3, 1), D(2021, 3, 31)),
        ("МАРТ", D(2021, 3, 1), D(2021, 3, 31)),
        ("март – апрель", D(2021, 3, 1), D(2021, 4, 30)),
        ("Сентябрь –ноябрь 2021", D(2021, 9, 1), D(2021, 11, 30)),
        ("Апрель 2021 - декабрь2021", D(2021, 4, 1), D(2021, 12, 31)),
        ("Январь- февраль 2021", D(2021, 1, 1), D(2021, 2, 28)),
        ("Февраль 2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("Июнь 2022 г.", D(2022, 6, 1), D(2022, 6, 30)),
        ("в течение мая", D(2021, 5, 1), D(2021, 5, 31)),
        ("окт. 2021", D(2021, 10, 1), D(2021, 10, 31)),
        ("03.2022", D(2022, 3, 1), D(2022, 3, 31)),
        ("ноябрь 2022 – январь 2023", D(2022, 11, 1), D(2023, 1, 31)),
        ("декабрь – январь", D(2021, 12, 1), D(2022, 1, 31)),
        ("декабрь – январь 2022", D(2021, 12, 1), D(2022, 1, 31)),
        ("с марта по май", D(2021, 3, 1), D(2021, 5, 31)),
        # deadlines and open starts
        ("до 01.04.2021", None, D(2021, 4, 1)),
        ("До 11.02.2022", None, D(2022, 2, 11)),
        ("не позднее 01.04.2021", None, D(2021, 4, 1)),
        ("в срок до 01.04.2021", None, D(2021, 4, 1)),
        ("в срок не позднее 5 апреля 2021 года", None, D(2021, 4, 5)),
        ("по 30.06.2021", None, D(2021, 6, 30)),
        ("до конца марта", None, D(2021, 3, 31)),
        ("до конца года", None, D(2021, 12, 31)),
        ("к концу года", None, D(2021, 12, 31)),
        ("до начала марта", None, D(2021, 3, 1)),
        ("в начале марта", D(2021, 3, 1), D(2021, 3, 31)),
        ("к 1 сентября", None, D(2021, 9, 1)),
        ("с 15.03.2021", D(2021, 3, 15), None),
        ("начиная с сентября 2021 г.", D(2021, 9, 1), None),
        # quarters and half-years
        ("I квартал 2022 г.", D(2022, 1, 1), D(2022, 3, 31)),
        ("2 кв.", D(2021, 4, 1), D(2021, 6, 30)),
        ("IV квартал", D(2021, 10, 1), D(2021, 12, 31)),
        ("3-й квартал 2021", D(2021, 7, 1), D(2021, 9, 30)),
        ("III-IV кварталы 2021 года", D(2021, 7, 1), D(2021, 12, 31)),
        ("1 полугодие", D(2021, 1, 1), D(2021, 6, 30)),
        ("II полугодие 2021 года", D(2021, 7, 1), D(2021, 12, 31)),
        ("во втором полугодии", D(2021, 7, 1), D(2021, 12, 31)),
        ("до конца I полугодия", None, D(2021, 6, 30)),
        # years, school years
        ("2022-2023", D(2022, 1, 1), D(2023, 12, 31)),
        ("2021–2024 гг.", D(2021, 1, 1), D(2024, 12, 31)),
        ("2023 год", D(2023, 1, 1), D(2023, 12, 31)),
        ("в течение года", D(2021, 1, 1), D(2021, 12, 31)),
        ("в течение 2022 года", D(2022, 1, 1), D(2022, 12, 31)),
        ("в течение учебного года", D(2020, 9, 1), D(2021, 6, 30)),
        ("2021/2022 учебный год", D(2021, 9, 1), D(2022, 6, 30)),
        ("в течение 2021-2022 уч. года", D(2021, 9, 1), D(2022, 6, 30)),
        # several periods in one cell
        ("Май 2022 г., Декабрь 2022", D(2022, 5, 1), D(2022, 12, 31)),
        ("май, декабрь 2022", D(2022, 5, 1), D(2022, 12, 31)),
        ("до 22.01.2021 до 08.02.2021 до 22.03.2021", None, D(2021, 3, 22)),
        ("15.03.2021; 20.04.2021", D(2021, 3, 15), D(2021, 4, 20)),
        # noise
        ("Март 2022 (выполнено)", D(2022, 3, 1), D(2022, 3, 31)),
        ("21 марта 2022 (выполнено)", D(2022, 3, 21), D(2022, 3, 21)),
    ],
)
def test_spelling(raw, start, end):
    p = parse_period(raw, year=2021)
    assert (p.start, p.end) == (start, end)
    assert not {"period_unparsed", "period_text_ignored", "period_year_missing"} & set(_codes(p))


@pytest.mark.parametrize(
    "raw,activity,expected",
    [
        ("еженедельно", None, "weekly"),
        ("Ежемесячно", None, "monthly"),
        ("1 раз в месяц", None, "monthly"),
        ("ежеквартально", None, "quarterly"),
        ("(ежеквартально)", None, "quarterly"),
        ("1 раз в полугодие", None, "semiannual"),
        ("2 раза в год", None, "semiannual"),
        ("дважды в год", None, "semiannual"),
        ("4 раза в год", None, "quarterly"),
        ("раз в неделю", None, "weekly"),
        ("1 раз в 3 месяца", None, "quarterly"),
        ("раз в шесть месяцев", None, "semiannual"),
        ("ежегодно", None, "annual"),
        ("Постоянно", None, "continuous"),
        ("на постоянной основе", None, "continuous"),
        ("Март 2021", "Участие в еженедельных вебинарах", "weekly"),
        ("Март 2021", "Участие в еженедель ных вебинарах", "weekly"),
        ("Март 2021", "Консультации (1 раз в полугодие)", "semiannual"),
        ("Март 2021", "Семинары по запросам школ (ежеквартально)", "quarterly"),
        ("Март 2021", "Единый методический день (один раз в месяц)", "monthly"),
        ("ежемесячно", "Участие в еженедельных вебинарах", "monthly"),  # the date cell wins
        ("в течение года", None, None),  # a span, not a recurrence
        ("Март 2021", "Ежедневное размещение информации", None),  # daily is not in the value set
        ("Март 2021", "Постоянно действующий семинар", None),  # "постоянно" counts only in the date cell
        ("Март 2021", "Разработка программы, 3 раза в год", None),  # 4 months: no value fits
        ("Март 2021", "Разработка раздела сайта", None),
    ],
)
def test_recurrence(raw, activity, expected):
    assert parse_period(raw, year=2021, activity=activity).recurrence == expected


def test_recurrence_only_cell_has_no_dates_and_no_issue():
    p = parse_period("Еженедельно", year=2022)
    assert (p.start, p.end, p.recurrence, p.issues) == (None, None, "weekly", ())


def test_recurrence_with_span():
    p = parse_period("ежеквартально в течение 2022 года", year=2022)
    assert (p.start, p.end, p.recurrence) == (D(2022, 1, 1), D(2022, 12, 31), "quarterly")


@pytest.mark.parametrize("raw", ["по графику ФИОКО", "по мере необходимости", "по отдельному плану",
                                 "В соответствии с графиком", "по согласованию"])
def test_not_dated(raw):
    p = parse_period(raw, year=2021)
    assert (p.start, p.end, p.recurrence) == (None, None, None)
    assert _codes(p) == ["period_not_dated"]


@pytest.mark.parametrize("raw", ["1 раз в две недели", "2 раза в месяц"])
def test_frequency_with_no_value_is_not_dated(raw):
    p = parse_period(raw, year=2021)
    assert (p.start, p.end, p.recurrence) == (None, None, None)
    assert _codes(p) == ["period_not_dated"]


def test_recurrence_with_leftover_words_is_flagged():
    p = parse_period("до 1 числа каждого месяца", year=2021)
    assert p.recurrence == "monthly"
    assert _codes(p) == ["period_text_ignored"]


def test_roman_numeral_glued_to_the_word():
    p = parse_period("IIквартал", year=2021)
    assert (p.start, p.end) == (D(2021, 4, 1), D(2021, 6, 30))


@pytest.mark.parametrize("raw", ["абракадабра", "в течение", "31.02.2021", "5"])
def test_unparsed(raw):
    p = parse_period(raw, year=2021)
    assert (p.start, p.end) == (None, None)
    assert "period_unparsed" in _codes(p)


def test_empty_cell_is_empty_period():
    assert parse_period(None, year=2021) == parse_period("  ", year=2021)
    assert parse_period(None, year=2021).issues == ()


def test_year_missing():
    p = parse_period("март – апрель")
    assert (p.start, p.end) == (None, None)
    assert _codes(p) == ["period_year_missing"]
    assert parse_period("15.02.2021").start == D(2021, 2, 15)  # a year in the cell needs none given


def test_year_of_the_cell_beats_the_roadmap_year():
    assert parse_period("май, декабрь 2022", year=2021).start == D(2022, 5, 1)


@pytest.mark.parametrize(
    "raw,year,warns",
    [
        ("16.02.2020", 2021, True),
        ("10.03.2020", 2021, True),
        ("Октябрь 2021", 2022, False),
        ("01.09.2021", 2022, False),
        ("31.08.2021", 2022, True),
        ("31.12.2022", 2022, False),
        ("15.01.2023", 2022, True),
        ("2022-2023", 2022, True),
        ("до 16.02.2020", 2021, True),
        ("Март 2022", None, False),
    ],
)
def test_out_of_year(raw, year, warns):
    p = parse_period(raw, year=year)
    assert ("period_out_of_year" in _codes(p)) is warns
    assert p.start is not None or p.end is not None  # the value is kept, never fixed


def test_out_of_year_keeps_the_printed_value():
    p = parse_period("16.02.2020", year=2021)
    assert p.start == p.end == D(2020, 2, 16)


def test_end_before_start_is_flagged_not_fixed():
    p = parse_period("15.03.2021 - 01.03.2021", year=2021)
    assert (p.start, p.end) == (D(2021, 3, 15), D(2021, 3, 1))
    assert "period_end_before_start" in _codes(p)


def test_text_ignored_next_to_a_date():
    p = parse_period("Март 2022, ответственный Иванов", year=2022)
    assert (p.start, p.end) == (D(2022, 3, 1), D(2022, 3, 31))
    assert _codes(p) == ["period_text_ignored"]
    assert "иванов" in p.issues[0].message


def test_tokenizer_splits_glued_year_and_dashes():
    assert [t.kind for t in tokenize("декабрь2021–январь")] == ["word", "num", "dash", "word"]


def test_find_recurrence_ignores_date_cell_only_words_in_activity():
    assert find_recurrence("Постоянно") is None
    assert find_recurrence("Постоянно", date_cell=True) == "continuous"


# ---------------------------------------------------------------------------- properties

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 6, 30))  # 2-digit years read as 20yy


def _genitive(month: int) -> str:
    return vocabulary_months()[month][1]


def vocabulary_months() -> dict[int, list[str]]:
    import tomllib

    with (Path(__file__).resolve().parent.parent / "normalize" / "data" / "periods.toml").open("rb") as f:
        return {int(k): v for k, v in tomllib.load(f)["months"].items()}


def _render(d: date, style: int, quote: bool, suffix: str) -> str:
    if style == 0:
        return f"{d.day:02d}.{d.month:02d}.{d.year}{suffix}"
    if style == 1:
        return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"
    if style == 2:
        return f"{d.day}.{d.month}.{d.year}"
    day = f"«{d.day}»" if quote else str(d.day)
    return f"{day} {_genitive(d.month)} {d.year}{suffix}"


SUFFIXES = st.sampled_from(["", " г.", " года", "г.", " г"])
DASHES = st.sampled_from(["-", "–", "—", " - ", " – ", "- ", " –", "‑", " —\n"])


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(0, 3), st.booleans(), SUFFIXES)
def test_any_date_spelling_round_trips(d, style, quote, suffix):
    p = parse_period(_render(d, style, quote, suffix))
    assert (p.start, p.end, p.issues) == (d, d, ())


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(0, 400), st.integers(0, 3), DASHES)
def test_any_date_range_round_trips(d, days, style, dash):
    end = d + timedelta(days=days)
    p = parse_period(_render(d, style, False, "") + dash + _render(end, style, False, ""))
    assert (p.start, p.end, p.issues) == (d, end, ())


@settings(max_examples=300, deadline=None)
@given(st.integers(2000, 2098), st.integers(1, 12), st.integers(1, 12), DASHES,
       st.integers(0, 4), st.booleans(), st.booleans())
def test_any_month_range_round_trips(year, m1, m2, dash, case, capital, both_years):
    forms = vocabulary_months()
    end_year = year if m2 >= m1 else year + 1
    a, b = forms[m1][case], forms[m2][case]
    if capital:
        a = a.capitalize()
    text = f"{a} {year}{dash}{b} {end_year}" if both_years else f"{a}{dash}{b} {end_year}"
    p = parse_period(text)
    assert p.start == date(year, m1, 1)
    assert p.end == (date(end_year, m2 + 1, 1) - timedelta(days=1) if m2 < 12 else date(end_year, 12, 31))
    assert p.issues == ()


@settings(max_examples=200, deadline=None)
@given(DATES, st.sampled_from(["до", "До", "не позднее", "в срок до", "по", "в срок не позднее"]),
       st.integers(0, 3), SUFFIXES)
def test_any_deadline_round_trips(d, marker, style, suffix):
    p = parse_period(f"{marker} {_render(d, style, False, suffix if style in (0, 3) else '')}")
    assert (p.start, p.end, p.issues) == (None, d, ())


def test_vocabulary_months_have_every_case():
    forms = vocabulary_months()
    assert all(len(forms[m]) >= 5 for m in range(1, 13))  # accusative = nominative
    assert vocabulary().months.match(tokenize("сентябре"), 0) == (9, 1)


if __name__ == "__main__":  # micro-benchmark, not a test: python tests/test_periods.py
    import time

    cells = [(row["period_raw"], year, row["activity"]) for _, year, row in GOLD_ROWS]
    for raw, year, activity in cells:
        parse_period(raw, year=year, activity=activity)
    for label, with_activity in (("date cell", False), ("date cell + activity", True)):
        t = time.perf_counter()
        for _ in range(50):
            for raw, year, activity in cells:
                parse_period(raw, year=year, activity=activity if with_activity else None)
        print(f"{label}: {(time.perf_counter() - t) / 50 / len(cells) * 1e3:.3f} ms per row")


# ---------------------------------------------------------------------------- marks, templates, blank forms


@pytest.mark.parametrize(
    ("raw", "start", "end", "mark"),
    [
        ("10 ноября 2020* года", date(2020, 11, 10), date(2020, 11, 10), "*"),
        ("до 1 сентября 2021 г.¹", None, date(2021, 9, 1), "¹"),
        ("декабрь 2021 г.**", date(2021, 12, 1), date(2021, 12, 31), "**"),
        ("март 2021 года <*>", date(2021, 3, 1), date(2021, 3, 31), "<*>"),
    ],
)
def test_footnote_marks_are_taken_out_and_recorded(raw, start, end, mark) -> None:
    p = parse_period(raw, year=2021)
    assert (p.start, p.end) == (start, end)
    notes = [i.message for i in p.issues if i.code == "period_footnote"]
    assert len(notes) == 1 and repr(mark) in notes[0]
    assert "period_text_ignored" not in _codes(p)


@pytest.mark.parametrize(
    "raw",
    ["25 августа X - 1 года", "в течение X года", "до 1 сентября Х года", "до «__» ______ 2021 г.",
     "__.__.2021", "01.09.20__"],
)
def test_template_dates_stay_empty_and_are_flagged(raw) -> None:
    p = parse_period(raw, year=2021)
    assert (p.start, p.end) == (None, None)
    assert "period_unparsed" in _codes(p)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("от « 10»______01____2022 г.", date(2022, 1, 10)),
        ("«15» ____мая_____ 2021 г.", date(2021, 5, 15)),
        ("«3»___12___2021", date(2021, 12, 3)),
    ],
)
def test_blank_form_dates_are_read(raw, day) -> None:
    p = parse_period(raw, year=2022)
    assert (p.start, p.end) == (day, day)
    assert "period_unparsed" not in _codes(p)


def test_a_date_without_its_year_says_it_took_the_roadmaps() -> None:
    p = parse_period("до 1 октября", year=2021)
    assert p.end == date(2021, 10, 1)
    assert "period_year_from_roadmap" in _codes(p)
    assert "period_year_from_roadmap" not in _codes(parse_period("в течение года", year=2021))
    assert "period_year_from_roadmap" not in _codes(parse_period("до 1 октября 2021 г.", year=2021))
