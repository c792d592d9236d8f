"""Metadata and schools of every order, roadmap or not: level by the issuer's kind, the
year from the rows when the caption is silent, amendment notes ignored, and a
non-roadmap order (an appointment order listing the participant schools) still read.

The orders below are made up; each follows a rule of issue 10, item 3 or 5.
"""
from __future__ import annotations

from datetime import date

import docx
import pytest

from normalize.metadata import classify_level, extract_metadata, find_year
from roadmap500.pipeline import convert_file


@pytest.mark.parametrize(
    ("issuer", "level"),
    [
        ("Администрация области", "regional"),
        ("Администрация края", "regional"),
        ("Администрация Алтайского края", "regional"),
        ("Администрация автономного округа", "regional"),
        ("Правительство области", "regional"),
        ("Правительство Ульяновской области", "regional"),
        ("Губернатор Томской области", "regional"),
        ("Администрация города Томска", "municipal"),
        ("Администрация Асиновского района", "municipal"),
        ("Администрация округа", "municipal"),
        ("Администрация Томского района Томской области", "municipal"),
        ("МБОУ «Речная СОШ № 2»", "school"),
        ("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
         "школа № 5»", "school"),
    ],
)
def test_the_issuers_kind_decides_the_level(issuer: str, level: str) -> None:
    assert classify_level(issuer) == level


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("Об утверждении дорожной карты (с изменениями на 15 апреля 2021 года)", None),
        ("Об утверждении дорожной карты (в редакции приказа от 10.02.2022 № 5)", None),
        ("О реализации проекта в соответствии с приказом от 15 апреля 2021 года № 12 "
         "в 2022 году", 2022),
        ("Об утверждении плана-графика на 2023 год (с изменениями на 1 марта 2024 года)", 2023),
    ],
)
def test_amendment_and_reference_dates_are_not_the_roadmaps_year(title: str, year: int | None) -> None:
    assert find_year(title) == year


HEADER = ["АДМИНИСТРАЦИЯ ОБЛАСТИ", "ПОСТАНОВЛЕНИЕ", "от 12.01.2022 № 15",
          "Об утверждении дорожной карты проекта «500+»",
          "(с изменениями на 15 апреля 2023 года)",
          "В целях повышения качества образования постановляю:"]


def test_year_falls_back_to_the_rows_dates_with_a_warning() -> None:
    cells = ["до 1 марта 2022 г.", "апрель 2022 г.", "в течение года", "25 августа X года",
             "декабрь 2021 г. - май 2022 г."]
    meta = extract_metadata(HEADER, date_cells=cells)
    assert meta.level == "regional"
    assert meta.year == 2022
    (note,) = [i for i in meta.issues if i.code == "year_from_rows"]
    assert "3 of the 3 dated rows" in note.message


def test_rows_split_between_years_give_no_year_from_rows() -> None:
    meta = extract_metadata(HEADER, date_cells=["март 2022", "март 2023"])
    assert all(i.code != "year_from_rows" for i in meta.issues)
    assert meta.year == 2022  # the order's date, said so
    assert any(i.code == "year_from_order_date" for i in meta.issues)


def test_a_non_roadmap_order_still_gets_its_metadata_and_schools(tmp_path) -> None:
    d = docx.Document()
    for line in [
        "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ АСИНОВСКОГО РАЙОНА",
        "ПРИКАЗ",
        "от 10.02.2022 № 45",
        "О назначении ответственных за реализацию проекта «500+» в 2022 году",
        "В соответствии с приказом Департамента общего образования Томской области ПРИКАЗЫВАЮ:",
        "1. Назначить ответственными за реализацию проекта в муниципальном бюджетном "
        "общеобразовательном учреждении «Лесная средняя общеобразовательная школа» "
        "(далее – МБОУ «Лесная СОШ») и МБОУ СОШ № 2 г. Асино их директоров.",
        "2. Директору МБОУ «Лесная СОШ» представить план до 1 марта 2022 года.",
    ]:
        d.add_paragraph(line)
    path = tmp_path / "appointment.docx"
    d.save(path)
    row = convert_file(path, nlp=True).document
    assert row["status"] == "no_table"
    assert row["issuer"] == "Управление образования администрации Асиновского района"
    assert (row["order_type"], row["order_number"], row["order_date"]) == ("приказ", "45", date(2022, 2, 10))
    assert (row["region"], row["level"], row["year"]) == ("Томская область", "municipal", 2022)
    assert row["schools"] == ["МБОУ «Лесная СОШ»", "МБОУ СОШ № 2, г. Асино"]
    assert row["school_entities"][0]["full_name"] == (
        "муниципальное бюджетное общеобразовательное учреждение «Лесная средняя "
        "общеобразовательная школа»")
