"""normalize.executors as parties: real cells nobody on the project wrote, and one made-up
case per rule (people, positions, abbreviations, groups, kinds)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from normalize.executors import kinds, split_executors

REAL = Path(__file__).resolve().parent / "data" / "real_executors.toml"


def _real_cells() -> list[dict]:
    return tomllib.loads(REAL.read_text(encoding="utf-8"))["cell"]


def _agrees(cell: dict) -> bool:
    """Names, and where the cell gives them persons, kinds and full names, as expected."""
    got = split_executors(cell["raw"])
    if [e.name for e in got] != cell["executors"]:
        return False
    if "persons" in cell and [e.person or "" for e in got] != cell["persons"]:
        return False
    if "kinds" in cell and [e.kind for e in got] != cell["kinds"]:
        return False
    full = {e.name: e.full_name for e in got}
    return all(full.get(k) == v for k, v in cell.get("full_names", {}).items())


def test_real_cells_split_as_expected():
    cells = _real_cells()
    assert len(cells) >= 30
    assert all(c["source"] and c["document"] for c in cells)
    misses = [c["raw"] for c in cells if not _agrees(c)]
    share = 1 - len(misses) / len(cells)
    assert share >= 0.95, f"{share:.3f} of {len(cells)} real cells; misses: {misses}"
    assert misses == [], misses  # every real cell agrees today: keep it so


# ----------------------------------------------------------------------------- people


@pytest.mark.parametrize("raw, names, persons", [
    # initials first, no separators: one person per initials + surname
    ("Н.Е. Иванов К.А. Петрова Т.Ю. Сидорова", ["Н.Е. Иванов", "К.А. Петрова", "Т.Ю. Сидорова"],
     ["Иванов Н.Е.", "Петрова К.А.", "Сидорова Т.Ю."]),
    # surname first
    ("Петров В.И. Сидорова Т.К.", ["Петров В.И.", "Сидорова Т.К."], ["Петров В.И.", "Сидорова Т.К."]),
    ("Петров В.И., Сидорова Т.К.", ["Петров В.И.", "Сидорова Т.К."], ["Петров В.И.", "Сидорова Т.К."]),
    ("Н.Е.Иванов", ["Н.Е.Иванов"], ["Иванов Н.Е."]),
])
def test_people_are_delimited_by_initials(raw, names, persons):
    got = split_executors(raw)
    assert [e.name for e in got] == names
    assert [e.person for e in got] == persons
    assert {e.kind for e in got} == {"person"}


def test_person_with_position_and_organisation_is_one_executor():
    (ex,) = split_executors("Смирнова Е.В., методист МКУ «ИМЦ»")
    assert (ex.name, ex.kind, ex.person, ex.position, ex.organisation) == (
        "Смирнова Е.В., методист МКУ «ИМЦ»", "person", "Смирнова Е.В.", "методист", "МКУ «ИМЦ»")
    assert ex.organisation_full_name == "информационно-методический центр"  # glossary «ИМЦ»


@pytest.mark.parametrize("raw, position, organisation", [
    # an abbreviation after a preposition («по УВР») belongs to the position; the
    # organisation after it is still the person's
    ("Соколова Т.В. - заместитель директора по УВР МБОУ «СОШ № 5»",
     "заместитель директора по УВР", "МБОУ «СОШ № 5»"),
    ("методист по ИКТ ИМЦ Гусев П.Р.", "методист по ИКТ", "ИМЦ"),
])
def test_position_with_a_prepositional_abbreviation_keeps_its_organisation(raw, position, organisation):
    (ex,) = split_executors(raw)
    assert (ex.kind, ex.position, ex.organisation) == ("person", position, organisation)


@pytest.mark.parametrize("raw, position", [
    ("Заведующий РМК Орлова Н.В.", "Заведующий"),
    ("Орлова Н.В., заведующая РМК", "заведующая"),
])
def test_a_participle_title_is_a_position(raw, position):
    # «заведующий» normalises to the verb «заведовать»: the title list still matches it
    (ex,) = split_executors(raw)
    assert (ex.kind, ex.person, ex.position, ex.organisation) == ("person", "Орлова Н.В.", position, "РМК")


def test_position_before_the_person_is_one_executor():
    (ex,) = split_executors("директор МБОУ СОШ № 3 Иванов И.И.")
    assert (ex.person, ex.position, ex.organisation) == ("Иванов И.И.", "директор", "МБОУ СОШ № 3")


def test_position_after_a_dash_is_the_persons():
    (ex,) = split_executors("Иванов И.И. – заместитель директора")
    assert (ex.person, ex.position) == ("Иванов И.И.", "заместитель директора")


def test_organisation_takes_its_full_name_from_the_orders_definitions():
    (ex,) = split_executors("Смирнова Е.В., методист ЦНМО",
                           definitions={"ЦНМО": "Центр научно-методического обеспечения"})
    assert ex.organisation == "ЦНМО"
    assert ex.organisation_full_name == "Центр научно-методического обеспечения"


def test_two_people_with_positions():
    got = split_executors("Смирнова Е.В., методист ИМЦ; Петров П.П., директор")
    assert [(e.person, e.position, e.organisation) for e in got] == [
        ("Смирнова Е.В.", "методист", "ИМЦ"), ("Петров П.П.", "директор", None)]


# ----------------------------------------------------------------------------- bodies


@pytest.mark.parametrize("raw, names", [
    # a comma before a participle and its object does not split
    ("Органы исполнительной власти субъектов Российской Федерации, осуществляющие "
     "государственное управление в сфере образования",
     ["Органы исполнительной власти субъектов Российской Федерации, осуществляющие "
      "государственное управление в сфере образования"]),
    # a comma between coordinated genitives does not split; a new body after it does
    ("Министерство образования, науки и молодежной политики Краснодарского края",
     ["Министерство образования, науки и молодежной политики Краснодарского края"]),
    ("Управление образования, школы-участники", ["Управление образования", "школы-участники"]),
    # a line broken before a genitive continues the name
    ("Департамент\nобразования и науки области", ["Департамент образования и науки области"]),
    # multi-word abbreviations with a territory stay whole
    ("МО НСО", ["МО НСО"]),
    ("УО АМО, ОО", ["УО АМО", "ОО"]),
    ("ДО ТО ИМЦ", ["ДО ТО", "ИМЦ"]),
    # a legal form with its qualifiers and name
    ("ГАУ ДПО ИРО, МОУО", ["ГАУ ДПО ИРО", "МОУО"]),
    # a mixed-case abbreviation after a comma is split off
    ("ГАУ ДПО ИРО, ЦОПМКиМКО", ["ГАУ ДПО ИРО", "ЦОПМКиМКО"]),
    ("МОНиМП НО, ОО", ["МОНиМП НО", "ОО"]),
    # a dash between plural nouns is one group
    ("школы – участники проекта", ["школы – участники проекта"]),
    ("школы - участники проекта, муниципальные координаторы",
     ["школы - участники проекта", "муниципальные координаторы"]),
    # so is an abbreviation with a plural apposition after a dash; a singular or another
    # abbreviation after the dash is a new executor
    ("МОУО, ОО – участники проекта «500+»", ["МОУО", "ОО – участники проекта «500+»"]),
    ("ШНОР - участники проекта, кураторы", ["ШНОР - участники проекта", "кураторы"]),
    ("ИРО – организатор", ["ИРО", "организатор"]),
    ("УО – ОО", ["УО", "ОО"]),
])
def test_bodies_and_groups(raw, names):
    assert [e.name for e in split_executors(raw)] == names


def test_abbreviation_with_a_plural_apposition_is_a_group():
    (party,) = split_executors("ОО – участники проекта")
    assert (party.kind, party.category) == ("group", "school")


def test_inline_definition_with_commas_in_the_full_name():
    (ex,) = split_executors("Министерство образования, науки и молодежной политики "
                            "Краснодарского края (далее – МОНиМП КК)")
    assert (ex.name, ex.full_name) == (
        "МОНиМП КК", "Министерство образования, науки и молодежной политики Краснодарского края")


# ----------------------------------------------------------------------------- kinds


@pytest.mark.parametrize("raw, kind", [
    ("Департамент образования Владимирской области", "body"),
    ("МАУ ИМЦ", "body"),
    ("региональный координатор", "role"),
    ("методист ИМЦ", "role"),
    ("кураторы ОО", "group"),
    ("школы – участники проекта", "group"),
    ("региональная экспертная группа", "group"),
    ("МАОУ СОШ № 4", "school"),
    ("ОО", "school"),
    ("Иванов И.И.", "person"),
])
def test_kinds(raw, kind):
    assert kind in kinds()
    (ex,) = split_executors(raw)
    assert ex.kind == kind


def test_every_documented_kind_is_reachable():
    seen = {e.kind for raw in ("ДО", "региональный координатор", "Иванов И.И.", "МАОУ СОШ № 4",
                               "кураторы ОО") for e in split_executors(raw)}
    assert seen == set(kinds())


def test_role_parts():
    (ex,) = split_executors("методист ИМЦ")
    assert (ex.position, ex.organisation, ex.person) == ("методист", "ИМЦ", None)


@pytest.mark.parametrize("raw, person", [
    ("Иванова Ирина Петровна", "Иванова И.П."),  # surname, name, patronymic
    ("Ирина Петровна Иванова", "Иванова И.П."),  # name, patronymic, surname
])
def test_full_names_are_people(raw, person):
    (ex,) = split_executors(raw)
    assert (ex.kind, ex.person) == ("person", person)


def test_full_name_with_position():
    (ex,) = split_executors("Иванова Ирина Петровна, заместитель директора по УВР")
    assert (ex.person, ex.position) == ("Иванова И.П.", "заместитель директора по УВР")


def test_role_takes_the_person_named_after_it():
    (ex,) = split_executors("муниципальный координатор Сидорова А.А.")
    assert (ex.kind, ex.person, ex.position) == ("person", "Сидорова А.А.", "муниципальный координатор")


def test_role_alone_is_its_own_position():
    (ex,) = split_executors("Региональный координатор")
    assert (ex.kind, ex.position, ex.person) == ("role", "Региональный координатор", None)


def test_capitalised_words_without_a_patronymic_are_no_person():
    (ex,) = split_executors("Управление образования Курской области")
    assert (ex.kind, ex.person) == ("body", None)


@pytest.mark.parametrize("raw, names", [
    # a name after «им.» / «имени» is part of the institution's name, not a person
    ("МАОУ СОШ № 5 им. А.К. Ерохина", ["МАОУ СОШ № 5 им. А.К. Ерохина"]),
    ("МБОУ СОШ № 2 им. Ерохина А.К., ОО", ["МБОУ СОШ № 2 им. Ерохина А.К.", "ОО"]),
    ("школа имени А.С. Пушкина", ["школа имени А.С. Пушкина"]),
])
def test_honorific_names_stay_in_the_institution(raw, names):
    got = split_executors(raw)
    assert [e.name for e in got] == names
    assert all(e.person is None for e in got)


def test_person_after_an_honorific_school_name():
    (ex,) = split_executors("директор МБОУ СОШ № 5 им. А.К. Ерохина Петров П.П.")
    assert (ex.person, ex.position, ex.organisation) == (
        "Петров П.П.", "директор", "МБОУ СОШ № 5 им. А.К. Ерохина")


def test_both_orders_in_one_cell_when_unambiguous():
    got = split_executors("Иванов И.И., Н.Е. Петрова")
    assert [e.person for e in got] == ["Иванов И.И.", "Петрова Н.Е."]


def test_multi_word_abbreviation_known_from_the_definitions_stays_whole():
    defined = {"РЦ ОКО": "региональный центр оценки качества образования"}
    got = split_executors("РЦ ОКО, ИРО", definitions=defined)
    assert [(e.name, e.full_name) for e in got][0] == ("РЦ ОКО", defined["РЦ ОКО"])
    assert [e.name for e in got] == ["РЦ ОКО", "ИРО"]
    # unknown, the same capitals are separate executors
    assert [e.name for e in split_executors("РЦ ОКО, ИРО")] == ["РЦ", "ОКО", "ИРО"]


def test_a_common_noun_before_initials_is_not_a_surname():
    (ex,) = split_executors("Начальник Департамента И.Б. Грабцевич")
    assert (ex.person, ex.position) == ("Грабцевич И.Б.", "Начальник Департамента")
    # after initials the same kind of word is a surname («А.Б. Машуков»)
    assert split_executors("А.Б. Машуков")[0].person == "Машуков А.Б."


@pytest.mark.parametrize("raw, persons", [
    # a surname the dictionary also knows as a common noun («лапина»), where the initials
    # have no other surname to take: the word before them is the surname
    ("Лапина О.Е.", ["Лапина О.Е."]),
    ("Лапина О.Е., Гусев П.Р.", ["Лапина О.Е.", "Гусев П.Р."]),
    ("Лапина О.Е. Гусев П.Р.", ["Лапина О.Е.", "Гусев П.Р."]),
    ("директор МКУ «Центр образования» Лапина О.Е.", ["Лапина О.Е."]),
])
def test_a_common_noun_is_a_surname_when_the_initials_take_no_other(raw, persons):
    assert [e.person for e in split_executors(raw)] == persons


def test_a_roman_numeral_is_not_an_initial():
    assert all(e.person is None for e in split_executors("I. Организационно-управленческая деятельность"))


def test_position_with_an_adjective_after_a_person():
    (ex,) = split_executors("Смирнова Е.В., старший методист МКУ «ИМЦ»")
    assert (ex.person, ex.position, ex.organisation) == ("Смирнова Е.В.", "старший методист", "МКУ «ИМЦ»")
