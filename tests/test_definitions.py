"""normalize.definitions: an order's «(далее – X)» abbreviations and their full names."""
from __future__ import annotations

from pathlib import Path

import pytest

from normalize.definitions import (
    find_definition_spans,
    find_definitions,
    is_body_definition,
    nominative,
)

SEEDS = Path(__file__).resolve().parent.parent / "samples" / "source" / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- seeds


def test_regional_order_institute_in_the_nominative_back_to_the_head_noun():
    defs = find_definitions(_seed("000"))
    assert defs["ТОИПКРО"] == (
        "Областное государственное бюджетное учреждение дополнительного профессионального "
        "образования «Томский областной институт повышения квалификации и переподготовки "
        "работников образования»")
    # the chain of genitives starts at the body noun, not at "распоряжения"
    assert defs["ДОО ТО"] == "Департамент общего образования Томской области"
    assert defs["ФИОКО"] == "ФГБУ «Федеральный институт оценки качества образования»"


def test_plan_definition_is_found_and_is_not_a_body():
    spans = {d.short: d for d in find_definition_spans(_seed("000"))}
    plan = spans["План-график"]
    assert plan.full.startswith("план-график («дорожную карту») проекта Адресной")
    assert plan.full.endswith("в 2021 году")
    assert not plan.is_body
    assert spans["ТОИПКРО"].is_body


def test_apposition_of_body_nouns_and_locality():
    defs = find_definitions(_seed("001"))
    assert defs == {"МАУ ИМЦ": "муниципальное автономное учреждение "
                                "информационно-методический центр г.Томска"}


def test_definitions_inside_table_cells():
    defs = find_definitions(_seed("002"))
    assert defs["ДО"] == "Департамент образования Владимирской области"
    assert defs["ОО"] == "Образовательные организации"  # МОУО before it is not part of it
    assert defs["ВИРО"].startswith("Государственное автономное образовательное учреждение")
    assert defs["ИС МЭДК"] == "Информационная система Мониторинга электронных дорожных карт"
    assert defs["дорожная карта"].startswith("план-график (дорожную карту) региональных")


def test_cell_with_two_definitions_side_by_side():
    cell = ("Государственное бюджетное учреждение Владимирской области «Региональный "
            "информационно-аналитический центр оценки качества образования» (далее-ГБУ ВО "
            "РИАЦОКО) Государственное автономное образовательное учреждение дополнительного "
            "профессионального образования Владимирской области «Владимирский институт "
            "развития образования имени Л.И. Новиковой (далее-ВИРО)")
    spans = find_definition_spans(cell)
    assert [d.short for d in spans] == ["ГБУ ВО РИАЦОКО", "ВИРО"]
    assert spans[0].start == 0
    assert cell[spans[1].start:].startswith("Государственное автономное")
    assert spans[0].full.endswith("центр оценки качества образования»")


def test_dative_names_after_a_verb_are_put_in_the_nominative():
    defs = find_definitions(_seed("003"))
    assert defs["Центр экспертизы"] == ("Тамбовское областное государственное казённое "
                                        "учреждение «Центр экспертизы образовательной "
                                        "деятельности»")
    assert defs["ТОИПКРО"].startswith("Тамбовское областное государственное образовательное "
                                      "автономное учреждение")
    assert defs["Проект 500+"].startswith("проект адресной методической поддержки")
    assert defs["школа-участник Проекта 500+"].startswith(
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя")


def test_order_without_definitions():
    assert find_definitions(_seed("004")) == {}


# ----------------------------------------------------------------------------- wordings


@pytest.mark.parametrize("text, short, full", [
    ("Министерству образования Оренбургской области (далее также — «Министерство»)",
     "Министерство", "Министерство образования Оренбургской области"),
    ("совместно с муниципальными органами управления образованием (далее – МОУО) обеспечить",
     "МОУО", "муниципальные органы управления образованием"),
    ("автономной некоммерческой организации «Центр» (далее-АНО «Центр»)",
     "АНО «Центр»", "автономная некоммерческая организация «Центр»"),
    ("утвердить Положение о региональной экспертной группе (далее – Положение).",
     "Положение", "Положение о региональной экспертной группе"),
    ("Направить в Институт развития образования (далее по тексту – ИРО) списки",
     "ИРО", "Институт развития образования"),
    ("Министерству образования\nКрасноярского края (далее –\nМинистерство)",
     "Министерство", "Министерство образования Красноярского края"),
])
def test_wordings_no_seed_uses(text, short, full):
    assert find_definitions(text) == {short: full}


def test_several_names_at_once_are_skipped():
    text = "приказ и положение (далее соответственно – Приказ, Положение)"
    assert find_definitions(text) == {}


def test_body_classification():
    assert is_body_definition("ДО", "Департамент образования Владимирской области")
    assert is_body_definition("ФИОКО", "ФГБУ «Федеральный институт оценки качества образования»")
    assert is_body_definition("кураторы", "кураторы школ")
    assert not is_body_definition("Проект 500+", "проект адресной методической поддержки")
    assert not is_body_definition("План-график", "план-график («дорожную карту») проекта")


def test_nominative_keeps_number_and_capitals():
    assert nominative(["Областному", "государственному", "учреждению"]) == [
        "Областное", "государственное", "учреждение"]
    assert nominative(["муниципальными", "органами"]) == ["муниципальные", "органы"]
    assert nominative(["Департамент", "образования"]) is None  # not one noun group
