"""normalize.executors: the executors cell split into bodies and roles, full names, kinds."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from normalize.definitions import find_definitions
from normalize.executors import categories, category_of, kinds, split_executors

SOURCE = Path(__file__).resolve().parent.parent / "samples" / "source"


@lru_cache(maxsize=None)
def _gold() -> list[tuple[str, dict, dict[str, str]]]:
    """(seed stem, gold row, the definitions the pipeline would pass) for every gold row."""
    out = []
    for path in sorted((SOURCE / "gold").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
        seed = (SOURCE / "seeds" / f"{path.stem}.txt").read_text(encoding="utf-8")
        cells = [c for r in rows for c in (r["activity"], r["period_raw"], r["executors_raw"],
                                           r["indicator"], *r["extra"].values()) if c]
        defined = {**find_definitions(seed), **find_definitions("\n".join(cells))}
        out.extend((path.stem, row, defined) for row in rows)
    return out


def _names(raw, **kw):
    return [e.name for e in split_executors(raw, **kw)]


# ----------------------------------------------------------------------------- gold


def test_every_gold_row_splits_as_gold():
    rows = _gold()
    assert len(rows) == 178
    misses = []
    for stem, row, defined in rows:
        got = _names(row["executors_raw"], definitions=defined)
        if got != row["executors"]:
            misses.append(f"{stem} {row['item_no']}: {got} != {row['executors']}")
    assert len(misses) <= 0.03 * len(rows), "\n".join(misses)
    assert misses == [], "\n".join(misses)  # all 178 agree today: keep it so


# ----------------------------------------------------------------------------- splitting


@pytest.mark.parametrize("raw, names", [
    # abbreviations side by side; multi-word ones known from the definitions stay together
    ("ДО МАУ ИМЦ ОО", ["ДО", "МАУ ИМЦ", "ОО"]),
    ("РИАЦОКО ВИРО МОУО ОО", ["РИАЦОКО", "ВИРО", "МОУО", "ОО"]),
    ("ДО КОО МАУ ИМЦ", ["ДО", "КОО", "МАУ ИМЦ"]),
    ("ФИС ОКО ФИОКО", ["ФИС ОКО", "ФИОКО"]),
    # a role phrase after abbreviations
    ("ДО МАУ ИМЦ муниципальный координатор", ["ДО", "МАУ ИМЦ", "муниципальный координатор"]),
    # "и": a new nominative phrase vs a genitive inside a name
    ("муниципальные координаторы и кураторы ОО", ["муниципальные координаторы", "кураторы ОО"]),
    ("Управление образования и науки", ["Управление образования и науки"]),
    ("Департамент образования и молодежной политики",
     ["Департамент образования и молодежной политики"]),
    ("директора школ-участников Проекта 500+ и кураторы ОО",
     ["директора школ-участников Проекта 500+", "кураторы ОО"]),
    ("региональный и муниципальные координаторы", ["региональный и муниципальные координаторы"]),
    # a comma before an adjective in another case does not split
    ("МАУ ИМЦ, эксперты в областях, актуальных для рискованных профилей школ муниципалитета",
     ["МАУ ИМЦ", "эксперты в областях, актуальных для рискованных профилей школ муниципалитета"]),
    ("эксперты, привлеченные ФИОКО", ["эксперты, привлеченные ФИОКО"]),
    ("Руководители ОО, ответственные за реализацию проекта",
     ["Руководители ОО, ответственные за реализацию проекта"]),
    # school enumerations; a parenthesised note stays with its phrase
    ("ДО МАУ ИМЦ МАОУ СОШ №4, 19, 65, лицей № 7, «Эврика-развитие» муниципальная экспертная "
     "группа по оценке качества школьных программ (кураторы муниципальных ШНОР)",
     ["ДО", "МАУ ИМЦ", "МАОУ СОШ №4, 19, 65, лицей № 7, «Эврика-развитие»",
      "муниципальная экспертная группа по оценке качества школьных программ "
      "(кураторы муниципальных ШНОР)"]),
    ("МАОУ СОШ № 4, МАОУ СОШ № 19", ["МАОУ СОШ № 4", "МАОУ СОШ № 19"]),
    ("МБОУ «Новоивановская СОШ», МБОУ СОШ № 3", ["МБОУ «Новоивановская СОШ»", "МБОУ СОШ № 3"]),
    # inline definitions, completion notes, trailing punctuation, the lower-case typo
    ("Департамент образования Владимирской области (далее-ДО)", ["ДО"]),
    ("РИАЦОКО ВИРО МОУО Образовательные организации (далее – ОО)",
     ["РИАЦОКО", "ВИРО", "МОУО", "ОО"]),
    ("ДО МАУ ИМЦ (выполнено)", ["ДО", "МАУ ИМЦ"]),
    ("Региональный координатор, школы-участники Проекта 500+, муниципальные кураторы, кураторы ОО,",
     ["Региональный координатор", "школы-участники Проекта 500+", "муниципальные кураторы",
      "кураторы ОО"]),
    ("До ВРО", ["До", "ВРО"]),
])
def test_splits(raw, names):
    assert _names(raw, definitions={"МАУ ИМЦ": "муниципальное автономное учреждение"}) == names


@pytest.mark.parametrize("raw, names", [
    ("Министерство образования и науки Республики Бурятия, ГАУ ДПО РБ «БРИОП»",
     ["Министерство образования и науки Республики Бурятия", "ГАУ ДПО РБ «БРИОП»"]),
    ("Руководители ОО; заместители директоров по УВР",
     ["Руководители ОО", "заместители директоров по УВР"]),
    ("ИРО\nМОУО\nОО", ["ИРО", "МОУО", "ОО"]),
    ("Региональный\nкоординатор", ["Региональный координатор"]),
    ("Государственное бюджетное учреждение дополнительного\nпрофессионального образования",
     ["Государственное бюджетное учреждение дополнительного профессионального образования"]),
    ("1. ДО\n2. МОУО\n3. ОО", ["ДО", "МОУО", "ОО"]),
    ("ДО совместно с МОУО", ["ДО", "МОУО"]),
    ("ИРО, а также кураторы ОО", ["ИРО", "кураторы ОО"]),
    ("Региональный координатор муниципальные координаторы",
     ["Региональный координатор", "муниципальные координаторы"]),
    ("Иванова И.И., методист ИМЦ", ["Иванова И.И., методист ИМЦ"]),
    ("Управление образования администрации города Мичуринска",
     ["Управление образования администрации города Мичуринска"]),
    ("Кураторы школ и муниципальные координаторы", ["Кураторы школ", "муниципальные координаторы"]),
    ("ОО.", ["ОО"]),
    ("Центр экспертизы; ТОИПКРО", ["Центр экспертизы", "ТОИПКРО"]),
])
def test_splits_of_forms_in_no_seed(raw, names):
    assert _names(raw) == names


def test_empty_cells():
    assert split_executors(None) == []
    assert split_executors("  \n ") == []
    assert split_executors("(выполнено)") == []


# ----------------------------------------------------------------------------- full names


def test_full_name_from_the_order_before_the_glossary():
    ex = split_executors("ДО ОО", definitions={"ДО": "Департамент образования Владимирской области"})
    assert ex[0].full_name == "Департамент образования Владимирской области"
    assert ex[0].category == "regional_authority"
    assert ex[1].full_name == "общеобразовательная организация"  # glossary
    assert ex[1].category == "school"


def test_inline_definition_gives_the_full_name():
    (ex,) = split_executors("Департамент образования Владимирской области (далее-ДО)")
    assert (ex.name, ex.full_name, ex.category) == (
        "ДО", "Департамент образования Владимирской области", "regional_authority")


def test_typo_and_worded_definitions_are_found():
    defined = {"ДО": "Департамент образования Владимирской области",
               "школа-участник Проекта 500+": "МБОУ СОШ № 17"}
    ex = split_executors("До, школы-участники Проекта 500+", definitions=defined)
    assert [e.full_name for e in ex] == ["Департамент образования Владимирской области",
                                         "МБОУ СОШ № 17"]


def test_unknown_abbreviation_has_no_full_name():
    (ex,) = split_executors("КОО")
    assert (ex.full_name, ex.category, ex.kind) == (None, "other", "body")


# ----------------------------------------------------------------------------- categories


@pytest.mark.parametrize("name, full, category", [
    ("ФИОКО", None, "federal_operator"),
    ("ФИС ОКО", None, "federal_operator"),
    ("Министерство просвещения РФ", None, "federal_operator"),
    ("ДО", "Департамент образования Владимирской области", "regional_authority"),
    ("Министерство образования Оренбургской области", None, "regional_authority"),
    ("Управление образования и науки", None, "regional_authority"),
    ("МОУО", None, "municipal_authority"),
    ("Управление образования администрации города Мичуринска", None, "municipal_authority"),
    ("ВИРО", "Государственное автономное образовательное учреждение дополнительного "
             "профессионального образования «Владимирский институт развития образования",
     "institute"),
    ("КОИРО", None, "institute"),
    ("МАУ ИМЦ", "муниципальное автономное учреждение информационно-методический центр",
     "methodical_centre"),
    ("ЦНППМ", None, "methodical_centre"),
    ("ОО", None, "school"),
    ("школы-участники Проекта 500+", None, "school"),
    ("МАОУ СОШ №4, 19, 65, лицей № 7", None, "school"),
    ("директора школ-участников Проекта 500+", None, "school"),
    ("кураторы ОО", None, "curator"),
    ("муниципальные кураторы", None, "curator"),
    ("Региональный координатор", None, "coordinator"),
    ("муниципальная экспертная группа по оценке качества школьных программ "
     "(кураторы муниципальных ШНОР)", None, "expert_group"),
    ("эксперты в областях, актуальных для рискованных профилей школ", None, "expert_group"),
    ("Центр экспертизы", "Тамбовское областное государственное казённое учреждение «Центр "
                         "экспертизы образовательной деятельности»", "other"),
    ("РИАЦОКО", None, "other"),
])
def test_categories(name, full, category):
    assert category in categories()
    assert category_of(name, full, defined=full is not None) == category


def test_every_documented_category_is_reachable():
    seen = {category_of(n, f) for n, f in [
        ("ФИОКО", None), ("ДО", None), ("МОУО", None), ("ИРО", None), ("ИМЦ", None),
        ("ОО", None), ("кураторы", None), ("координатор", None), ("эксперты", None),
        ("КОО", None)]}
    assert seen == set(categories())
