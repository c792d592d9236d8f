"""Completion marks: every gold row, plus marks and near-misses that appear in no seed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize.completion import has_mark, is_done

GOLD = Path(__file__).resolve().parent.parent / "samples" / "source" / "gold"
ROWS = [json.loads(line) for p in sorted(GOLD.glob("*.jsonl")) for line in p.read_text("utf-8").splitlines()]


def _cells(row: dict) -> list[str | None]:
    return [row["activity"], row["period_raw"], row["executors_raw"], row["indicator"], *row["extra"].values()]


def test_gold_rows_all_agree():
    wrong = [(r["item_no"], r["done"]) for r in ROWS if is_done(*_cells(r)) != r["done"]]
    assert len(ROWS) == 178
    assert wrong == []


def test_gold_has_both_outcomes():
    assert 0 < sum(r["done"] for r in ROWS) < len(ROWS)


def test_gold_predicate_inside_a_sentence_is_not_a_mark():
    texts = [r["indicator"] for r in ROWS if r["indicator"] and "исполнено (на дату" in r["indicator"]]
    assert texts and not any(has_mark(t) for t in texts)


@pytest.mark.parametrize(
    "cell",
    [
        "(выполнено)",
        "Выполнено.",
        "ВЫПОЛНЕНО",
        "Октябрь 2021 (выполнено)",
        "ДО МАУ ИМЦ (выполнено)",
        "- (выполнено)",
        "Утвержден состав. (выполнено)",
        "Приказ издан. Исполнено",
        "Протокол — выполнено",
        "(Исполнено).",
        "Выполнено: протокол № 3",
        "Выполнено (протокол № 5)",
        "Выполнено в полном объёме",
        "( выполнено )",
        "(реализовано)",
    ],
)
def test_marks(cell):
    assert is_done(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "100% мероприятий муниципальной дорожной карты исполнено (на дату мониторинга 21.06.2021)",
        "не выполнено",
        "(не выполнено)",
        "выполнено частично",
        "Выполнение показателей «дорожной карты» программы",
        "Доля исполненных мероприятий региональной дорожной карты",
        "Подготовка подтверждающих документов исполненных программ",
        "План мероприятий выполнен не полностью",
        "",
        None,
    ],
)
def test_not_marks(cell):
    assert not is_done(cell)


def test_any_cell_counts():
    assert is_done("Совещание", "Март 2022", None, "Протокол (выполнено)")
    assert not is_done("Совещание", "Март 2022", None, "Протокол")
    assert not is_done()
