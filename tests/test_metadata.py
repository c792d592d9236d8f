"""Document metadata: the five seeds against gold, and each rule on variants in no seed."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from normalize.metadata import (
    classify_level,
    extract_metadata,
    find_dates,
    find_municipality,
    find_numbers,
    find_year,
    restore_case,
)

GOLD = Path(__file__).resolve().parents[1] / "samples" / "source" / "gold"
SEEDS = GOLD.parent / "seeds"
SEED_IDS = sorted(p.name.removesuffix(".doc.json") for p in GOLD.glob("*.doc.json"))
FIELDS = ("issuer", "region", "region_code", "level", "municipality", "order_type",
          "order_number", "order_date", "year")

_MD = re.compile(r"^\s*#+\s*|\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_HTML = re.compile(r"</?[a-zA-Z][^<>]*>")


def seed_lines(seed_id: str) -> list[str]:
    """The seed's running text as the pipeline would give it: debris removed, tables cut off.

    The seed is a text conversion that still holds the table; the table starts at the
    line that opens with the first gold column header (followed by the second one on the
    same or the next line).  Everything from there on is table, not running text.
    """
    doc = json.loads((GOLD / f"{seed_id}.doc.json").read_text(encoding="utf-8"))
    h0, h1 = (re.sub(r"\s+", "", h) for h, _ in doc["columns"][:2])
    raw = (SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")
    lines = []
    for line in raw.splitlines():
        line = _HTML.sub(" ", line)
        line = _MD.sub("", line).strip()
        line = re.sub(r"^-\s+(?=\d\))", "", line)  # markdown list bullets
        if line:
            lines.append(line)
    for i, line in enumerate(lines):
        flat = re.sub(r"\s+", "", line)
        nxt = re.sub(r"\s+", "", lines[i + 1]) if i + 1 < len(lines) else ""
        if flat.startswith(h0) and (flat[len(h0):].startswith(h1) or nxt.startswith(h1)):
            return lines[:i]
    raise AssertionError(f"{seed_id}: table header not found")


def seed_table_texts(seed_id: str) -> list[str]:
    """Every gold cell text of the seed's activity rows."""
    out = []
    for line in (GOLD / f"{seed_id}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for key in ("section", "activity", "period_raw", "executors_raw", "indicator"):
            if row.get(key):
                out.append(row[key])
        out.extend(v for v in row.get("extra", {}).values() if v)
    return out


def _as_gold(meta) -> dict:
    d = {f: getattr(meta, f) for f in FIELDS}
    d["order_date"] = d["order_date"].isoformat() if d["order_date"] else None
    return d


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_metadata_equals_gold(seed_id: str) -> None:
    gold = json.loads((GOLD / f"{seed_id}.doc.json").read_text(encoding="utf-8"))
    meta = extract_metadata(seed_lines(seed_id), table_texts=seed_table_texts(seed_id))
    assert _as_gold(meta) == {f: gold[f] for f in FIELDS}


def test_seed_with_paragraph_blocks_gives_the_same_metadata() -> None:
    """The pipeline may hand over a stamp or a letterhead as one paragraph: same result."""
    lines = seed_lines(SEED_IDS[1])
    joined = []
    for line in lines:
        # glue every short line onto the one before it unless that one ended a sentence
        if joined and len(line) < 40 and not joined[-1].endswith((".", ":", ";")) and not line[:1].isdigit():
            joined[-1] += " " + line
        else:
            joined.append(line)
    assert len(joined) < len(lines)
    a = extract_metadata(lines, table_texts=seed_table_texts(SEED_IDS[1]))
    b = extract_metadata(joined, table_texts=seed_table_texts(SEED_IDS[1]))
    assert _as_gold(a) == _as_gold(b)


# --------------------------------------------------------------------------- whole orders in no seed


def _meta(lines: list[str], tables: list[str] = ()) -> dict:
    meta = extract_metadata(lines, table_texts=tables)
    d = _as_gold(meta)
    d["issues"] = sorted(i.code for i in meta.issues)
    return d


def test_republic_ministry_with_worded_date_and_slash_number() -> None:
    lines = [
        "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ ТАТАРСТАН", "ПРИКАЗ", "12 января 2023 г. № 45/од", "г. Казань",
        "Об утверждении дорожной карты проекта «500+» на 2023 год",
        "В соответствии с приказом Министерства образования и науки Республики Татарстан от 10.01.2023 № 12/од",
        "ПРИКАЗЫВАЮ:", "1. Утвердить прилагаемую дорожную карту.",
    ]
    assert _meta(lines) == {
        "issuer": "Министерство образования и науки Республики Татарстан", "region": "Республика Татарстан",
        "region_code": "RU-TA", "level": "regional", "municipality": None, "order_type": "приказ",
        "order_number": "45/од", "order_date": "2023-01-12", "year": 2023, "issues": []}


def test_city_committee() -> None:
    lines = ["КОМИТЕТ ПО ОБРАЗОВАНИЮ АДМИНИСТРАЦИИ ГОРОДА МУРМАНСКА", "П Р И К А З", "от 01.02.2022 № 210",
             "О реализации проекта «500+» в 2022 году", "В целях реализации проекта ПРИКАЗЫВАЮ:"]
    assert _meta(lines) == {
        "issuer": "Комитет по образованию администрации города Мурманска", "region": "Мурманская область",
        "region_code": "RU-MUR", "level": "municipal", "municipality": "Город Мурманск", "order_type": "приказ",
        "order_number": "210", "order_date": "2022-02-01", "year": 2022, "issues": []}


def test_district_body_under_its_administration_and_a_referenced_order() -> None:
    lines = ["АДМИНИСТРАЦИЯ АСИНОВСКОГО РАЙОНА", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "Р А С П О Р Я Ж Е Н И Е",
             "15.03.2021 № 120-р", "Об утверждении муниципальной дорожной карты",
             "В соответствии с распоряжением Департамента общего образования Томской области от 15.02.2021 № 214-р",
             "1. Утвердить дорожную карту согласно приложению к настоящему приказу."]
    meta = _meta(lines)
    assert meta["issuer"] == "Управление образования администрации Асиновского района"
    assert (meta["order_type"], meta["order_number"], meta["order_date"]) == ("распоряжение", "120-р", "2021-03-15")
    assert (meta["level"], meta["municipality"]) == ("municipal", "Асиновский район")
    assert (meta["region"], meta["region_code"]) == ("Томская область", "RU-TOM")  # from the preamble
    assert meta["year"] == 2021 and meta["issues"] == ["year_from_order_date"]


def test_school_order() -> None:
    lines = ["МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ",
             "«СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА № 5» г. ПЕНЗЫ", "ПРИКАЗ", "01.09.2021 № 301-од",
             "Об утверждении школьной дорожной карты на 2021/2022 учебный год", "В соответствии с приказом"]
    meta = _meta(lines)
    assert meta["issuer"] == ("Муниципальное бюджетное общеобразовательное учреждение "
                              "«Средняя общеобразовательная школа № 5» г. Пензы")
    assert (meta["level"], meta["municipality"]) == ("school", None)
    assert meta["order_number"] == "301-од"  # not the "№ 5" of the school's name
    assert (meta["region_code"], meta["year"]) == ("RU-PNZ", 2021)


def test_school_by_legal_form_abbreviation() -> None:
    assert classify_level("МБОУ «Лицей № 2» г. Томска") == "school"


def test_no_region_named_anywhere_gives_null_and_an_issue() -> None:
    lines = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ПРИКАЗ", "от 10.02.2022 № 15",
             "Об утверждении дорожной карты проекта «500+»", "В целях повышения качества образования"]
    meta = _meta(lines, ["Мониторинг", "МАОУ СОШ № 4"])
    assert (meta["region"], meta["region_code"]) == (None, None)
    assert "region_not_found" in meta["issues"]
    assert meta["level"] is None and "level_unknown" in meta["issues"]


def test_approval_stamp_only_gives_issuer_type_number_and_region_by_adjective() -> None:
    lines = ["УТВЕРЖДЕН", "распоряжением администрации", "Томского района", "от 01.03.2021 № 55-р",
             "ДОРОЖНАЯ КАРТА", "реализации проекта адресной методической помощи", "на 2021 год"]
    assert _meta(lines) == {
        "issuer": "Администрация Томского района", "region": "Томская область", "region_code": "RU-TOM",
        "level": "municipal", "municipality": "Томский район", "order_type": "распоряжение",
        "order_number": "55-р", "order_date": "2021-03-01", "year": 2021, "issues": []}


def test_federal_city_body_is_regional() -> None:
    meta = _meta(["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ И НАУКИ ГОРОДА МОСКВЫ", "ПРИКАЗ", "15.01.2021 № 7", "Об утверждении плана"])
    assert (meta["issuer"], meta["region_code"], meta["level"], meta["municipality"]) == (
        "Департамент образования и науки города Москвы", "RU-MOW", "regional", None)


def test_issuer_in_the_genitive_after_the_type_word() -> None:
    meta = _meta(["ПРИКАЗ", "МИНИСТЕРСТВА ПРОСВЕЩЕНИЯ И ВОСПИТАНИЯ УЛЬЯНОВСКОЙ ОБЛАСТИ", "от 20.01.2022 № 33",
                  "Об утверждении дорожной карты на 2022 год"])
    assert meta["issuer"] == "Министерство просвещения и воспитания Ульяновской области"
    assert (meta["region_code"], meta["level"], meta["order_number"]) == ("RU-ULY", "regional", "33")


def test_letterhead_contact_lines_are_not_part_of_the_name() -> None:
    meta = _meta(["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ И МОЛОДЕЖНОЙ ПОЛИТИКИ", "ХАНТЫ-МАНСИЙСКОГО АВТОНОМНОГО ОКРУГА – ЮГРЫ",
                  "ул. Чехова, д. 12, г. Ханты-Мансийск, 628011", "тел. (3467) 36-01-01", "ПРИКАЗ",
                  "от 5 марта 2021 г. № 10-П-300", "Об утверждении плана"])
    assert meta["issuer"] == "Департамент образования и молодежной политики Ханты-Мансийского автономного округа – Югры"
    assert (meta["region"], meta["order_number"], meta["order_date"]) == (
        "Ханты-Мансийский автономный округ — Югра", "10-П-300", "2021-03-05")


# --------------------------------------------------------------------------- number, date, type


_HEADER = ["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ТОМСКОЙ ОБЛАСТИ", "РАСПОРЯЖЕНИЕ", "04.04.2022", "№ 315-р",
           "Об утверждении дорожной карты в 2022 году", "В соответствии с письмом от 22.11.2021 № 02-21/683"]


def test_misprinted_appendix_number_does_not_win_over_the_header() -> None:
    meta = _meta(_HEADER + ["Приложение", "к распоряжению ДО", "от 04.04.2022 № 3152", "Дорожная карта"])
    assert meta["order_number"] == "315-р" and meta["issues"] == ["order_number_mismatch"]


def test_appendix_stamp_is_the_fallback_for_number_and_date() -> None:
    lines = ["Приложение к распоряжению Департамента образования Томской области от 04.04.2022 № 315-р",
             "Дорожная карта проекта (2022 г.)"]
    meta = _meta(lines)
    assert (meta["order_type"], meta["order_number"], meta["order_date"], meta["year"]) == (
        "распоряжение", "315-р", "2022-04-04", 2022)
    assert meta["issuer"] == "Департамент образования Томской области"


def test_blank_appendix_gives_nothing() -> None:
    lines = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ПРИКАЗ", "Об утверждении плана", "В целях",
             "Приложение", "к приказу управления", "от ______№ _______", "План мероприятий"]
    meta = _meta(lines)
    assert (meta["order_number"], meta["order_date"]) == (None, None)
    assert {"order_number_not_found", "order_date_not_found"} <= set(meta["issues"])


def test_impossible_header_date_is_reported_with_its_text() -> None:
    meta = extract_metadata(["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ", "ПРИКАЗ", "31.02.2022 № 5", "Об утверждении плана"])
    assert meta.order_date is None and meta.order_number == "5"
    assert [i.message for i in meta.issues if i.code == "order_date_not_found"] == ["impossible date '31.02.2022'"]


def test_body_references_are_not_the_orders_own() -> None:
    lines = ["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ", "РАСПОРЯЖЕНИЕ", "Об утверждении плана",
             "В соответствии с распоряжением Департамента от 15.02.2021 № 214-р"]
    meta = _meta(lines)
    assert (meta["order_number"], meta["order_date"]) == (None, None)


def test_header_type_word_beats_the_orders_self_reference() -> None:
    assert _meta(_HEADER + ["5. Контроль за исполнением настоящего приказа оставляю за собой."])["order_type"] == \
        "распоряжение"


def test_type_from_the_imperative_and_from_self_reference() -> None:
    base = ["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ", "от 01.02.2022 № 5", "Об утверждении плана", "В целях"]
    assert _meta(base + ["ПРИКАЗЫВАЮ:", "1. Утвердить"])["order_type"] == "приказ"
    assert _meta(base + ["1. Утвердить согласно приложению к настоящему распоряжению."])["order_type"] == \
        "распоряжение"
    assert "order_type_not_found" in _meta(base)["issues"]


def test_stamp_with_the_number_before_the_date() -> None:
    meta = _meta(["Приложение № 2 к приказу № 17-од от 03.02.2022", "План-график (дорожная карта) на 2022 год"])
    assert (meta["order_type"], meta["order_number"], meta["order_date"], meta["year"]) == (
        "приказ", "17-од", "2022-02-03", 2022)


def test_letterhead_laid_out_as_a_table() -> None:
    lines = ["Об утверждении дорожной карты на 2022 год", "В соответствии с письмом от 22.11.2021 № 02-21/683"]
    tables = ["КОМИТЕТ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ТАМБОВА", "ПРИКАЗ", "10.02.2022", "г. Тамбов", "№ 76",
              "№ п/п", "Мероприятие", "1.", "Семинар", "15.03.2022"]
    meta = _meta(lines, tables)
    assert (meta["issuer"], meta["order_number"], meta["order_date"]) == (
        "Комитет образования администрации города Тамбова", "76", "2022-02-10")
    assert (meta["level"], meta["municipality"], meta["region_code"]) == ("municipal", "Город Тамбов", "RU-TAM")


def test_find_dates_and_numbers() -> None:
    assert [d for _, d, _ in find_dates("«22» марта 2021 г.; 19.03.21; 12 января 2023 г.")] == [
        date(2021, 3, 22), date(2021, 3, 19), date(2023, 1, 12)]
    assert [d for _, d, _ in find_dates("31.02.2021")] == [None]
    assert [n for _, n in find_numbers("№ 461-р, №76-о, № 45/од., № ____, № п/п")] == ["461-р", "76-о", "45/од"]


# --------------------------------------------------------------------------- year


@pytest.mark.parametrize("text, year", [
    ("Дорожная карта проекта в Томской области (2021 г.)", 2021),
    ("реализации проекта адресной методической помощи (500+) на 2021 год", 2021),
    ("О реализации проекта в 2022 году", 2022),
    ("на 2022-2023 гг.", 2022),
    ("на 2021/2022 учебный год", 2021),
    ("проекта «500+»", None),
])
def test_find_year(text: str, year: int | None) -> None:
    assert find_year(text) == year


def test_caption_year_beats_title_year_and_body_years_are_ignored() -> None:
    lines = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ТАМБОВСКОЙ ОБЛАСТИ", "ПРИКАЗ", "10.12.2021 № 9",
             "Об утверждении дорожной карты в 2021 году", "1. Утвердить план на 2023 год.",
             "Приложение к приказу от 10.12.2021 № 9", "План мероприятий («Дорожная карта»)", "на 2022 год"]
    assert _meta(lines)["year"] == 2022
    no_year = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ТАМБОВСКОЙ ОБЛАСТИ", "ПРИКАЗ", "10.12.2021 № 9",
               "Об утверждении дорожной карты", "1. Утвердить план на 2023 год."]
    meta = _meta(no_year)
    assert meta["year"] == 2021 and "year_from_order_date" in meta["issues"]


# --------------------------------------------------------------------------- region, level, municipality


def test_region_from_table_texts_when_the_text_names_none() -> None:
    lines = ["Утверждена приказом управления образования Чулымского муниципального округа от 01.02.2021 № 7",
             "ДОРОЖНАЯ КАРТА на 2021 год"]
    meta = _meta(lines, ["Семинар, организованный Министерством образования Новосибирской области"])
    assert (meta["region"], meta["region_code"]) == ("Новосибирская область", "RU-NVS")
    assert meta["municipality"] == "Чулымский муниципальный округ"


def test_issuer_region_beats_more_frequent_text_mentions() -> None:
    lines = ["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ВЛАДИМИРСКОЙ ОБЛАСТИ", "РАСПОРЯЖЕНИЕ", "01.02.2021 № 1", "Об утверждении плана",
             "В соответствии с опытом Ярославской области, Ярославской области и Ярославской области"]
    meta = _meta(lines)
    assert meta["region_code"] == "RU-VLA"


def test_equally_named_regions_are_flagged() -> None:
    lines = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ПРИКАЗ", "01.02.2021 № 1", "Об утверждении плана",
             "В соответствии с письмами Тверской области и Курской области"]
    meta = _meta(lines)
    assert meta["region_code"] == "RU-TVE" and "region_ambiguous" in meta["issues"]


@pytest.mark.parametrize("issuer, level", [
    ("Департамент общего образования Томской области", "regional"),
    ("Министерство образования", "regional"),
    ("Департамент образования администрации Города Томска", "municipal"),
    ("Управление образования Чебулинского муниципального округа", "municipal"),
    ("Отдел образования администрации Первомайского района", "municipal"),
    ("Департамент образования и науки города Москвы", "regional"),
    ("Муниципальное автономное общеобразовательное учреждение гимназия № 6", "school"),
    ("Управление образования", None),
])
def test_classify_level(issuer: str, level: str | None) -> None:
    assert classify_level(issuer) == level


def test_level_from_the_title_when_the_issuer_says_nothing() -> None:
    assert classify_level(None, "Об утверждении муниципального плана мероприятий") == "municipal"
    assert classify_level("Управление образования", "Региональная дорожная карта") == "regional"


@pytest.mark.parametrize("issuer, municipality", [
    ("Департамент образования администрации Города Томска", "Город Томск"),
    ("Комитет образования администрации г. Тамбова", "Город Тамбов"),
    ("Управление образования Чебулинского муниципального округа", "Чебулинский муниципальный округ"),
    ("Отдел образования администрации Кожевниковского района", "Кожевниковский район"),
    ("Администрация муниципального образования «Город Томск»", "Город Томск"),
    ("Управление образования Асиновского городского поселения", "Асиновское городское поселение"),
    ("Департамент образования мэрии городского округа Тольятти", "Городской округ Тольятти"),
    ("Управление образования администрации г. Ростова-на-Дону", "Город Ростов-на-Дону"),
    ("Департамент общего образования Томской области", None),
    # a city of several words, up to the region's name; an adjective or a noun in the nominative
    ("Отдел образования администрации г. Нижнего Тагила", "Город Нижний Тагил"),
    ("Управление образования администрации г. Новый Уренгой", "Город Новый Уренгой"),
    ("Управление образования администрации города Великие Луки", "Город Великие Луки"),
    ("Администрация города Заречного Пензенской области", "Город Заречный"),
])
def test_find_municipality(issuer: str, municipality: str | None) -> None:
    assert find_municipality(issuer) == municipality


# --------------------------------------------------------------------------- case restoration


def test_restore_case_sentence_case_and_region_names() -> None:
    assert restore_case("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ И НАУКИ ТАМБОВСКОЙ ОБЛАСТИ") == \
        "Управление образования и науки Тамбовской области"
    assert restore_case("МИНИСТЕРСТВО ОБРАЗОВАНИЯ КЕМЕРОВСКОЙ ОБЛАСТИ - КУЗБАССА") == \
        "Министерство образования Кемеровской области - Кузбасса"


@pytest.mark.parametrize("upper, cased", [
    # the word after a city word names the city, whatever the dictionary makes of it
    ("АДМИНИСТРАЦИЯ ГОРОДА ЗАРЕЧНОГО ПЕНЗЕНСКОЙ ОБЛАСТИ", "Администрация города Заречного Пензенской области"),
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ОРЛА", "Управление образования администрации города Орла"),
    # not a qualifier of the city word, nor a conjunction
    ("АДМИНИСТРАЦИЯ ГОРОДА ОБЛАСТНОГО ЗНАЧЕНИЯ", "Администрация города областного значения"),
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ГОРОДА И РАЙОНА", "Управление образования города и района"),
])
def test_restore_case_capitalises_the_city_after_a_city_word(upper: str, cased: str) -> None:
    assert restore_case(upper) == cased


def test_letterhead_with_country_and_region_lines_above_the_body() -> None:
    meta = _meta(["РОССИЙСКАЯ ФЕДЕРАЦИЯ", "ТОМСКАЯ ОБЛАСТЬ", "АДМИНИСТРАЦИЯ ТОМСКОГО РАЙОНА", "ПОСТАНОВЛЕНИЕ",
                  "01.02.2021 № 12", "с. Тимирязевское", "ОБ УТВЕРЖДЕНИИ ДОРОЖНОЙ КАРТЫ НА 2021 ГОД"])
    assert (meta["issuer"], meta["order_type"], meta["level"], meta["municipality"], meta["region_code"]) == (
        "Администрация Томского района", "постановление", "municipal", "Томский район", "RU-TOM")


def test_restore_case_follows_the_documents_own_spelling() -> None:
    from normalize.metadata import CaseVocab
    upper = "ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ТОМСКА"
    assert restore_case(upper) == "Департамент образования администрации города Томска"
    vocab = CaseVocab(["Распоряжение департамента образования администрации Города Томска №735-р"])
    assert restore_case(upper, vocab) == "Департамент образования администрации Города Томска"


def test_mixed_case_issuer_is_kept_as_printed() -> None:
    assert restore_case("управление образования МО «Город Томск»") == "Управление образования МО «Город Томск»"
