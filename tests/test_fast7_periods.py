"""The date cell's fast paths give what the grammar gives, on gold, synthetic and made-up cells.

* ``period_grammar.numeric_cell`` reads "DD.MM.YYYY" and "DD.MM.YYYY – DD.MM.YYYY" with one
  regex: the scan it gives equals the grammar's (``periods.grammar_scan``), and so does
  ``parse_period`` with and without it;
* ``period_recurrence.times_follow``: a number token opens recurrence wording only when a
  ``times`` word follows (every number token of every text checked with the unguarded reader);
* ``Hint.search`` (substring tests) answers what the hint regex answers.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import pytest

from normalize import period_grammar, periods
from normalize.grammar import tokenize
from normalize.memo import clear_text_caches
from tests.test_fast6_rows import CORPUS

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIRS = (ROOT / "samples" / "source" / "gold", Path("/work/shared/gold"))
FIELDS = ("period_raw", "activity", "indicator")


def _gold_rows() -> list[dict]:
    """Every gold row (the repository's sample gold; the shared copy too when present)."""
    rows, seen = [], set()
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
            if path.name in seen:
                continue
            seen.add(path.name)
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def _synthetic(rows: list[dict], copies: int = 6) -> list[str]:
    """The gold cells with their numbers changed as the synthetic corpus changes them."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import _vary_numbers
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    rng = random.Random(7)
    return [_vary_numbers(row[f], rng) for _ in range(copies) for row in rows for f in FIELDS if row.get(f)]


def _made_up(n: int = 3000) -> list[str]:
    """Numeric dates and ranges of every kind near the fast path's edge: numbers out of
    range, zeros, other digits, spaces, dashes, trailing marks, words around."""
    rng = random.Random(11)
    numbers = ["0", "00", "1", "01", "4", "9", "12", "13", "28", "29", "30", "31", "32", "99", "1899", "1900",
               "2021", "2100", "2101", "21", "٣", "１２", "123"]
    dashes = ["-", "–", "—", "\u2212", "\u2010", "/", ".", " ", "--", " - ", "– ", " –", "\t-\n"]
    tails = ["", ".", " г.", " года", "*", " (выполнено)", " ", "\u00a0"]
    heads = ["", " ", "до ", "с ", "01.", "№ ", "«"]

    def date() -> str:
        day, month, year = (rng.choice(numbers) for _ in range(3))
        sep = rng.choice([".", ".", ".", "/", ","])
        return f"{day}{sep}{month}{rng.choice(['.', '.', '/'])}{year}"

    out = []
    for _ in range(n):
        text = date()
        if rng.random() < 0.5:
            text += rng.choice(dashes) + date()
        out.append(rng.choice(heads) + text + rng.choice(tails))
    for day in range(0, 33):  # every day and month once, valid years
        for month in (0, 1, 2, 9, 12, 13):
            out += [f"{day:02d}.{month:02d}.2021", f"{day}.{month}.2022 – 31.12.2022", f"01.09.2021-{day}.{month}.2100"]
    return out


ROWS = _gold_rows()
GOLD = [row[f] for row in ROWS for f in FIELDS if row.get(f)]
SYNTHETIC = _synthetic(ROWS)
MADE_UP = _made_up()
TEXTS = list(dict.fromkeys(GOLD + SYNTHETIC + CORPUS + MADE_UP))


def test_the_inputs_are_many():
    assert len(ROWS) > 100 and len(GOLD) > 300 and len(SYNTHETIC) > 1000 and len(MADE_UP) > 3000


def test_numeric_cell_scans_as_the_grammar_does():
    """Where numeric_cell answers, the grammar's scan holds its one expression and nothing else."""
    fast = 0
    for text in TEXTS:
        for cell in {text, periods.prepare(text.strip()).text}:
            expr = period_grammar.numeric_cell(cell)
            if expr is not None:
                fast += 1
                assert periods.grammar_scan(cell) == periods.Scan([expr], None, False, []), cell
            assert periods._scan.__wrapped__(cell) == periods.grammar_scan(cell), cell
    assert fast > 300  # gold and made-up dates do take the fast path


def test_numeric_cell_turns_away_what_it_cannot_read():
    """Out-of-range numbers, other digits and anything around the date go to the grammar."""
    for text in ["32.01.2021", "00.01.2021", "01.13.2021", "01.00.2021", "01.01.1899", "01.01.2101",
                 "01.01.21", "١.01.2021", "01.01.2021 г.", " 01.01.2021", "01.01.2021 – 32.12.2021",
                 "до 01.01.2021", "01.01.2021, 01.02.2021", "01/01/2021", "01.01.2021 - 01.02"]:
        assert period_grammar.numeric_cell(text) is None, text
    assert period_grammar.numeric_cell("1.9.2021 \u2212 31.05.2022") == periods.Expr(
        "span", periods.Atom("day", 2021, 9, 1), periods.Atom("day", 2022, 5, 31))


def test_parse_period_is_the_same_without_the_numeric_fast_path(monkeypatch):
    """Every cell (each year, with its activity) parses to the same Period either way."""
    cases = [(row.get("period_raw"), year, row.get("activity")) for row in ROWS for year in (None, 2021, 2022)]
    cases += [(text, 2021, None) for text in SYNTHETIC[::3] + MADE_UP]
    clear_text_caches()
    fast = [periods.parse_period(raw, year=year, activity=act) for raw, year, act in cases]
    clear_text_caches()
    monkeypatch.setattr(periods, "numeric_cell", lambda text: None)
    plain = [periods.parse_period(raw, year=year, activity=act) for raw, year, act in cases]
    clear_text_caches()
    for case, a, b in zip(cases, fast, plain):
        assert a == b, case
    assert sum(p.start is not None for p in fast) > 1000


@pytest.mark.parametrize("date_cell", [False, True])
def test_a_number_opens_recurrence_only_before_a_times_word(date_cell):
    """At every number token of every text the unguarded reader finds nothing where
    times_follow says no; and the guard lets the counted forms through."""
    let_through = 0
    for text in TEXTS + ["2 раза в год", "3 раза в месяц", "12 раз в год", "1 раз в 2 недели", "400 раз в год"]:
        toks = tokenize(text)
        for i, t in enumerate(toks):
            if t.kind != "num":
                continue
            if periods.times_follow(toks, i):
                let_through += periods._any_recurrence_at(toks, i, date_cell=date_cell) is not None
            else:
                assert periods._any_recurrence_at(toks, i, date_cell=date_cell) is None, (text, i)
    assert let_through >= 4


def _reference_recurrence(text: str | None, date_cell: bool) -> str | None:
    """find_recurrence as a plain walk: the hint regex, then every reader at every token."""
    voc = periods.vocabulary()
    if not text or not voc.recurrence_hint.regex.search(text.lower().replace("ё", "е")):
        return None
    toks = tokenize(text)
    i = 0
    while i < len(toks):
        hit = periods._any_recurrence_at(toks, i, date_cell=date_cell)
        if hit is None:
            i += 1
        elif hit[0]:
            return hit[0]
        else:
            i = hit[1]
    return None


def test_find_recurrence_equals_the_plain_walk():
    found = 0
    for text in TEXTS:
        for date_cell in (False, True):
            want = _reference_recurrence(text, date_cell)
            assert periods.find_recurrence(text, date_cell=date_cell) == want, text
            found += want is not None
    assert found > 20


def test_hint_substrings_answer_as_the_regex():
    """Hint.search = the regex's search, on every text and on words cut and glued around
    the heads and whole words (word boundaries matter only for the whole words)."""
    hint = periods.vocabulary().recurrence_hint
    pieces = list(hint.heads) + list(hint.whole)
    made = [f"{a}{p}{b}" for p in pieces for a in ("", " ", "x", "1", "-") for b in ("", " ", "ы", "2", ".")]
    made += [p[:-1] for p in pieces] + [p[1:] for p in pieces]
    hits = 0
    for text in TEXTS + made:
        low = text.lower().replace("ё", "е")
        want = hint.regex.search(low) is not None
        assert hint.search(low) == want, text
        hits += want
    assert hits > 100 and re.search(hint.regex, "ежемесячно")
