"""Risk directions (explicit) and topics (inferred) against the gold, plus unseen phrasings."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalize.risks import (
    find_risk_directions,
    infer_risk_topics,
    load_risk_taxonomy,
    load_topic_rules,
    taxonomy_version,
)
from tests.gold_compare import gold_rows, row_cells

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "samples" / "source" / "gold"


_cells = row_cells
_gold_rows = gold_rows


# --------------------------------------------------------------------------- taxonomy


def test_taxonomy_wordings_are_the_readme_list():
    readme = (GOLD / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Risk directions", 1)[1]
    listed = dict(re.findall(r"^(\d+)\. (.+)$", section, flags=re.M))
    taxonomy = load_risk_taxonomy()
    assert [d.code for d in taxonomy] == list(range(1, 11))
    assert {str(d.code): d.wording for d in taxonomy} == listed
    assert taxonomy_version()
    assert all(d.phrases and d.key_phrases for d in taxonomy)


def test_topic_rules_load():
    rules = load_topic_rules()
    assert {r.code for r in rules} == set(range(1, 11))
    assert any(r.fallback for r in rules)


# --------------------------------------------------------------------------- gold


def test_gold_risk_directions_exact():
    tp = fp = fn = 0
    for row in _gold_rows():
        codes, hits = find_risk_directions(_cells(row), section=row["section"])
        gold = set(row["risk_directions"])
        tp, fp, fn = tp + len(gold & set(codes)), fp + len(set(codes) - gold), fn + len(gold - set(codes))
        assert {h.code for h in hits} == set(codes)
    assert tp >= 9
    assert fp == 0 and fn == 0


def test_gold_multi_direction_cells_keep_evidence():
    rows = [r for r in _gold_rows() if len(r["risk_directions"]) >= 4]
    assert len(rows) == 2
    for row in rows:
        codes, hits = find_risk_directions(_cells(row), section=row["section"])
        assert codes == sorted(row["risk_directions"])
        text = " ".join(_cells(row))
        assert all(h.text in text for h in hits)
        assert {h.method for h in hits} <= {"number", "wording"}


def test_gold_topics_precision_and_recall():
    tp = fp = fn = 0
    for row in _gold_rows():
        codes, _ = find_risk_directions(_cells(row), section=row["section"])
        topics, hits = infer_risk_topics(row["activity"], indicator=row["indicator"], explicit=codes)
        assert not set(topics) & set(codes)
        assert {h.code for h in hits} == set(topics)
        gold = set(row["risk_topics"])
        tp, fp, fn = tp + len(gold & set(topics)), fp + len(set(topics) - gold), fn + len(gold - set(topics))
    assert tp / (tp + fp) >= 0.8
    assert tp / (tp + fn) >= 0.7


# --------------------------------------------------------------------------- explicit


@pytest.mark.parametrize(
    ("text", "codes", "method"),
    [
        ("Работа по рисковому направлению 3", [3], "number"),
        ("Антирисковые программы рисковых направлений 2, 5", [2, 5], "number"),
        ("риск № 6 и 8", [6, 8], "number"),
        ("по рисковым направлениям: 1, 4 и 7", [1, 4, 7], "number"),
        ("Работа по рисковому направлению 3.", [3], "number"),  # sentence end, not a date
        ("рисковые направления: 4 и 6; 10", [4, 6, 10], "number"),
        ("– 9 «Пониженный уровень качества школьной образовательной и воспитательной среды»", [9], "number"),
        ("Семинар «Недостаточная предметная и методическая компетенность педагогических работников»",
         [3], "wording"),  # a letter missing
        ("низкой вовлечённости родителей", [10], "wording"),
        ("вовлечённость родителей в образовательный процесс", [10], "wording"),
        ("Мотивация обучающихся низкая", [8], "wording"),  # word order
        ("преодоление низкой учебной мотивации", [8], "wording"),
        ("дефицита педагогических кадров", [2], "wording"),
        ("риски низкой адаптивности учебного процесса", [4], "wording"),
        ("несформированности внутришкольной системы повышения квалификации", [5], "wording"),
        ("барьеров языковых и культурных", [7], "wording"),
        ("оснащения школы низкий уровень", [1], "wording"),
    ],
)
def test_explicit_directions(text: str, codes: list[int], method: str):
    found, hits = find_risk_directions([text])
    assert found == codes
    assert method in {h.method for h in hits}
    assert all(h.text and h.text in text for h in hits)


@pytest.mark.parametrize(
    "text",
    [
        "доля ОО, активировавших рисковые направления – 100%",
        "в разрезе актуального рискового профиля (ежеквартально)",
        "работа с обучающимися с рисками учебной неуспешности",
        "по рисковому направлению (2 ОО)",
        "рисковые направления 2021 года",
        "рисков 3 школы",
        "рискового профиля 12.03.2021",
        "рискового профиля 3.03.2021",
        "рисковое направление 1,5 %",
        "риск № 14",
        "МАОУ СОШ № 14 по рисковому направлению",
        "Мониторинг вовлеченности регионов в проект",
        "Повышение учебной мотивации обучающихся",  # works on it, does not name the direction
        "Оценка предметных компетенций педагогических работников",
        "– 3 «Организационное совещание»",  # a dashed number, no risk context, no wording
    ],
)
def test_not_explicit_directions(text: str):
    assert find_risk_directions([text]) == ([], [])


def test_section_heading_gives_its_direction():
    codes, hits = find_risk_directions(["Родительское собрание"], section="Низкий уровень вовлеченности родителей")
    assert codes == [10]
    assert [h.method for h in hits] == ["section"]
    assert find_risk_directions(["Родительское собрание"], section="Организационно-управленческая деятельность") == ([], [])


def test_cells_are_read_separately():
    # the end of one cell and the start of the next do not make a direction's wording
    codes, _ = find_risk_directions(["Низкий уровень", "вовлеченности регионов"])
    assert codes == []


# --------------------------------------------------------------------------- topics


@pytest.mark.parametrize(
    ("activity", "codes"),
    [
        ("Серия родительских собраний «Включение родителей в образовательный процесс»", [10]),
        ("Родительский всеобуч «Успешный ребенок»", [10]),
        ("Оценка предметных компетенций педагогических работников", [3]),
        ("Диагностика профессиональных дефицитов педагогов", [3]),
        ("Курсы повышения квалификации учителей математики", [3]),
        ("Вебинар «Педагогические инструменты для работы с отстающими и немотивированными учащимися»", [6, 8]),
        ("Создание центров «Точка роста» на базе школы", [1]),
        ("Модернизация школьных систем образования", [1]),
        ("Формирование индивидуальных образовательных маршрутов", [4]),
        ("Обучение детей-инофонов русскому языку как неродному", [7]),
        ("Организация внутришкольного повышения квалификации", [5]),
        ("Профилактика буллинга", [9]),
        ("Привлечение молодых специалистов в школу", [2]),
        # a specific theme wins over the generic "teacher training"
        ("Курсы повышения квалификации педагогов «Формирование мотивирующей образовательной среды»", [8, 9]),
    ],
)
def test_inferred_topics(activity: str, codes: list[int]):
    found, hits = infer_risk_topics(activity)
    assert found == codes
    assert all(h.method == "lexicon" and h.text in activity for h in hits)


@pytest.mark.parametrize(
    "activity",
    [
        "Мониторинг реализации дорожной карты",
        "Анкетирование участников образовательных отношений",
        "Внедрение цифровой образовательной среды",
        "Повышение профессиональной мотивации педагогов",
        "Организация участия в еженедельных методических вебинарах",
    ],
)
def test_no_topic(activity: str):
    assert infer_risk_topics(activity) == ([], [])


def test_explicit_direction_is_not_repeated_as_topic():
    activity = "Родительские собрания: низкий уровень вовлеченности родителей"
    assert infer_risk_topics(activity)[0] == [10]
    assert infer_risk_topics(activity, explicit=[10]) == ([], [])


def test_indicator_counts_for_topics():
    codes, _ = infer_risk_topics("Информирование участников", indicator="Проведена модернизация школьных систем")
    assert codes == [1]
