"""Schools: canonical forms against the gold rows and documents, plus forms no seed has."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize.schools import cyrillize, find_schools, load_school_vocabulary
from normalize.text import clean_text
from tests.gold_compare import gold_rows, row_cells

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "samples" / "source" / "gold"
SEEDS = ROOT / "samples" / "source" / "seeds"


_cells = row_cells
_gold_rows = gold_rows


def _canon(text: str) -> list[str]:
    return [s.canonical for s in find_schools(text)]


# --------------------------------------------------------------------------- gold


def test_gold_row_schools_precision_and_recall():
    tp = fp = fn = 0
    wrong = []
    for row in _gold_rows():
        got = set(_canon(" \n ".join(_cells(row))))
        gold = set(row["schools"])
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
        if got != gold:
            wrong.append((row["item_no"], sorted(gold), sorted(got)))
    assert tp > 30, "the gold names schools in several rows"
    assert tp / (tp + fp) >= 0.97, wrong
    assert tp / (tp + fn) >= 0.97, wrong


def test_gold_row_schools_keep_the_order_of_mention():
    for row in _gold_rows():
        if row["schools"]:
            assert _canon(" \n ".join(_cells(row))) == row["schools"]


@pytest.mark.parametrize("doc_path", sorted(GOLD.glob("*.doc.json")), ids=lambda p: p.name[:3])
def test_document_schools_equal_gold(doc_path: Path):
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    seed = (SEEDS / doc["seed"]).read_text(encoding="utf-8")
    rows = [json.loads(x) for x in doc_path.with_name(doc_path.name.replace(".doc.json", ".jsonl"))
            .read_text(encoding="utf-8").splitlines() if x.strip()]
    text = "\n".join([*(clean_text(line) for line in seed.splitlines()),
                      *(c for row in rows for c in _cells(row))])
    got = _canon(text)
    assert set(got) == set(doc["schools"])
    assert got == doc["schools"]  # first mention order


# --------------------------------------------------------------------------- forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cases of the kind word, adjective names agreeing with the kind
        ("совместно с МАОУ гимназией № 55", ["МАОУ гимназия № 55"]),
        ("кураторами МАОУ лицеем № 1", ["МАОУ лицей № 1"]),
        ("в МБОУ лицее №3", ["МБОУ лицей № 3"]),
        ("для МКОУ Ивановской ООШ № 2", ["МКОУ Ивановская ООШ № 2"]),
        ("МБОУ Кузедеевская СОШ", ["МБОУ Кузедеевская СОШ"]),
        # numbers with and without the sign
        ("МБОУ СОШ 23 (директор)", ["МБОУ СОШ № 23"]),
        ("МАОУ СОШ №8", ["МАОУ СОШ № 8"]),
        # Latin look-alikes and transliterations
        ("MAOU СОШ № 14, 23, 42", ["МАОУ СОШ № 14", "МАОУ СОШ № 23", "МАОУ СОШ № 42"]),
        ("MBOU SOSH № 7", ["МБОУ СОШ № 7"]),
        ("МАОУ CОШ № 8", ["МАОУ СОШ № 8"]),
        # enumerations: legal form and kind carried over
        ("МАОУ СОШ № 4, 19, 65, лицей № 7, «Эврика-развитие»",
         ["МАОУ СОШ № 4", "МАОУ СОШ № 19", "МАОУ СОШ № 65", "МАОУ лицей № 7", "МАОУ «Эврика-развитие»"]),
        ("в МБОУ СОШ №3 и №5", ["МБОУ СОШ № 3", "МБОУ СОШ № 5"]),
        ("лицей № 7 и гимназия № 55", ["лицей № 7", "гимназия № 55"]),
        # full spellings of the legal form and of the kind
        ("Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа № 2»",
         ["МКОУ ООШ № 2"]),
        ("муниципальным автономным общеобразовательным учреждением гимназией № 6 г. Томска",
         ["МАОУ гимназия № 6, г. Томск"]),
        ("МБОУ «Гимназия № 5»", ["МБОУ гимназия № 5"]),
        ("МБОУ «Средняя общеобразовательная школа № 17 «Юнармеец»» г. Мичуринска",
         ["МБОУ СОШ № 17 «Юнармеец», г. Мичуринск"]),
        ("областного государственного бюджетного общеобразовательного учреждения "
         "«Кадетская школа-интернат «Северский кадетский корпус»»",
         ["ОГБОУ «Кадетская школа-интернат «Северский кадетский корпус»»"]),
        ("МБОУ школа-интернат № 3", ["МБОУ школа-интернат № 3"]),
        ("МБОУ «СОШ № 1»", ["МБОУ СОШ № 1"]),
        ('МБОУ "Новоивановская СОШ"', ["МБОУ «Новоивановская СОШ»"]),  # straight quotes
        ("МБОУ “Лицей № 4”", ["МБОУ лицей № 4"]),
        ("МАОУ СОШ №№ 4, 5", ["МАОУ СОШ № 4", "МАОУ СОШ № 5"]),
        ("МБОУ «СОШ № 2» Чебулинского муниципального округа",
         ["МБОУ СОШ № 2, Чебулинский муниципальный округ"]),
        ("казённого общеобразовательного учреждения «Гимназия № 3»", ["КОУ гимназия № 3"]),
        # a spelled-out kind that may stand without a legal form
        ("в средней общеобразовательной школе № 5", ["СОШ № 5"]),
        ("Ивановской средней общеобразовательной школы № 2", ["Ивановская СОШ № 2"]),
        # honorific names and localities
        ("МБОУ СОШ № 12 им. Героя Советского Союза И.В. Панфилова",
         ["МБОУ СОШ № 12 им. Героя Советского Союза И.В. Панфилова"]),
        ("МАОУ СОШ № 5 имени А.С. Пушкина и МАОУ лицей № 2",
         ["МАОУ СОШ № 5 имени А.С. Пушкина", "МАОУ лицей № 2"]),
        ("ГБОУ Школа № 1535 г. Москвы", ["ГБОУ школа № 1535, г. Москва"]),
        ("гимназии № 2 г. Кирсанова", ["гимназия № 2, г. Кирсанов"]),
        ("МКОУ ООШ № 2 с. Ивановка", ["МКОУ ООШ № 2, с. Ивановка"]),
        ("МБОУ СОШ № 2 Чебулинского района", ["МБОУ СОШ № 2, Чебулинский район"]),
        # a year or a range after the number is not another school
        ("МАОУ СОШ № 40 на 2021-2024 гг.", ["МАОУ СОШ № 40"]),
        # deduplicated, first mention first
        ("МАОУ СОШ № 14 (Иванов И.И.), МАОУ гимназия № 55, МАОУ СОШ №14",
         ["МАОУ СОШ № 14", "МАОУ гимназия № 55"]),
    ],
)
def test_school_forms(text: str, expected: list[str]):
    assert _canon(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "каб. № 14",
        "распоряжение № 315-р, приказ № 76-о, письмо № 02-21/683",
        "школа-участник проекта, ОО, школа-500+, школы куратора",
        "5 ОО получили письмо; (2 ОО)",
        "ВПР 4 (5) и 5 (6) классов",
        "ДО МАУ ИМЦ",
        "муниципального бюджетного учреждения «Учебно-методический и информационный центр» г. Мичуринска",
        "ГАОУ ДПО «Институт развития образования»",
        "в общеобразовательных организациях Томской области",
        "МАОУ СОШ",  # a legal form and a kind but no number or name
        "школа № 5",  # a plain "школа" needs a legal form
        "средних общеобразовательных школ",
        "Школа Кураторов 500+ «ИнструментариУМ»",
    ],
)
def test_not_schools(text: str):
    assert find_schools(text) == []


def test_school_fields():
    (school,) = find_schools(
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа №17 «Юнармеец» г. Мичуринска (далее - школа-участник)"
    )
    assert school.canonical == "МБОУ СОШ № 17 «Юнармеец», г. Мичуринск"
    assert (school.legal_form, school.kind, school.number) == ("МБОУ", "СОШ", "17")
    assert (school.name, school.locality) == ("Юнармеец", "г. Мичуринск")
    # a quoted name alone, with no legal form before it, is not taken for a school
    assert find_schools("учреждения «Центр образования №13 имени Героя Советского Союза "
                        "Н.А. Кузнецова» г. Тамбова") == []
    (centre,) = find_schools("муниципального автономного общеобразовательного учреждения «Центр "
                             "образования №13 имени Героя Советского Союза Н.А. Кузнецова» г. Тамбова")
    assert centre.canonical == ("МАОУ «Центр образования № 13 имени Героя Советского Союза "
                                "Н.А. Кузнецова», г. Тамбов")
    assert (centre.kind, centre.number) == ("центр образования", "13")
    assert centre.honorific == "имени Героя Советского Союза Н.А. Кузнецова"


def test_cyrillize_only_touches_lookalike_abbreviations_and_mixed_words():
    assert cyrillize("MAOU СОШ") == "МАОУ СОШ"
    assert cyrillize("CОШ") == "СОШ"  # Latin C inside a Cyrillic word
    assert cyrillize("https://imc.tomsk.ru ВКС") == "https://imc.tomsk.ru ВКС"
    assert cyrillize("IT-куб") == "IT-куб"


def test_vocabulary_is_data():
    vocab = load_school_vocabulary()
    assert {"МАОУ", "МБОУ", "МКОУ", "ГБОУ"} <= vocab.legal_abbreviations
    assert {k.canonical for k in vocab.kinds} >= {"СОШ", "гимназия", "лицей", "центр образования"}
    assert vocab.qualifiers["бюджетный"] == "Б"


# --------------------------------------------------------------------------- within the order


@pytest.mark.parametrize(
    ("text", "canonical", "full_name"),
    [
        # «(далее – …)»: the defined short form is the school's name
        ("муниципальное казенное общеобразовательное учреждение «Лесная средняя "
         "общеобразовательная школа» (далее – МКОУ «Лесная СОШ»)",
         "МКОУ «Лесная СОШ»",
         "муниципальное казенное общеобразовательное учреждение «Лесная средняя "
         "общеобразовательная школа»"),
        # bare parentheses
        ("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
         "школа № 5» (МБОУ СОШ № 5)", "МБОУ СОШ № 5",
         "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
         "школа № 5»"),
        # two places, matched by kind and name
        ("муниципальное казенное общеобразовательное учреждение «Лесная средняя "
         "общеобразовательная школа»\nНа базе МКОУ «Лесная СОШ» провести семинар",
         "МКОУ «Лесная СОШ»",
         "муниципальное казенное общеобразовательное учреждение «Лесная средняя "
         "общеобразовательная школа»"),
    ],
)
def test_full_name_and_short_form_are_one_school(text: str, canonical: str, full_name: str) -> None:
    (school,) = find_schools(text)
    assert school.canonical == canonical
    assert school.full_name == full_name


def test_schools_that_differ_stay_apart() -> None:
    text = ("МБОУ «Лесная СОШ», МБОУ «Речная СОШ»; МБОУ СОШ № 5 и МАОУ СОШ № 5; "
            "МБОУ СОШ № 7 им. А.С. Пушкина, МБОУ СОШ № 7 им. М.Ю. Лермонтова")
    assert [s.canonical for s in find_schools(text)] == [
        "МБОУ «Лесная СОШ»", "МБОУ «Речная СОШ»", "МБОУ СОШ № 5", "МАОУ СОШ № 5",
        "МБОУ СОШ № 7 им. А.С. Пушкина", "МБОУ СОШ № 7 им. М.Ю. Лермонтова"]


def test_a_generic_short_form_is_not_a_school() -> None:
    (school,) = find_schools("Муниципальное бюджетное общеобразовательное учреждение «Средняя "
                             "общеобразовательная школа № 3» (далее – школа)")
    assert school.canonical == "МБОУ СОШ № 3"


def test_quoted_short_name_after_legal_form_keeps_its_quotes() -> None:
    (school,) = find_schools("МБОУ «Речная СОШ № 2»")
    assert (school.canonical, school.kind, school.number) == ("МБОУ «Речная СОШ № 2»", "СОШ", "2")
    assert [s.canonical for s in find_schools("МБОУ «СОШ № 2»")] == ["МБОУ СОШ № 2"]


def test_rows_take_the_form_the_order_resolved() -> None:
    from normalize.schools import find_mentions, resolve_mentions, resolve_schools

    order = ("муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
             "школа № 4 «Радуга»» (далее – МБОУ «СОШ № 4»)")
    _, resolved = resolve_mentions(find_mentions(order))
    row = find_schools("Семинар в муниципальном бюджетном общеобразовательном учреждении "
                       "«Средняя общеобразовательная школа № 4 «Радуга»»")
    assert [s.canonical for s in resolve_schools(row, resolved)] == ["МБОУ СОШ № 4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a legal form written together with the kind
        ("Директор МБОУСОШ №7", ["МБОУ СОШ № 7"]),
        # a locality between the legal form and the school
        ("муниципального бюджетного общеобразовательного учреждения города Томска «Средняя "
         "общеобразовательная школа № 9»", ["МБОУ СОШ № 9, г. Томск"]),
        ("казенного общеобразовательного учреждения Омской области «Тарская школа-интернат»",
         ["КОУ «Тарская школа-интернат», Омская область"]),
        # a village no dictionary knows stays as printed; abbreviations with inner dots
        ("МКОУ ООШ № 3 с. Верхнеключевка", ["МКОУ ООШ № 3, с. Верхнеключевка"]),
        ("МОУ «СОШ № 1 р.п. Екатериновка»", ["МОУ СОШ № 1, р.п. Екатериновка"]),
        # a quoted kind + locality loses its quotes like kind + number
        ("МКОУ «Основная общеобразовательная школа с. Покровка»", ["МКОУ ООШ, с. Покровка"]),
        # a name before the spelled-out kind: the kind abbreviated, the name kept
        ('МБОУ "Ивановская средняя общеобразовательная школа"', ["МБОУ «Ивановская СОШ»"]),
        # a spelled legal form after another institution's words still starts a school
        ("Наименование учреждения Муниципальное автономное общеобразовательное учреждение "
         "средняя общеобразовательная школа № 12", ["МАОУ СОШ № 12"]),
    ],
)
def test_more_ways_orders_write_a_school(text: str, expected: list[str]) -> None:
    assert [s.canonical for s in find_schools(text)] == expected


@pytest.mark.parametrize(
    ("printed", "nominative"),
    [
        ("муниципальном бюджетном общеобразовательном учреждении «Лесная средняя "
         "общеобразовательная школа»",
         "муниципальное бюджетное общеобразовательное учреждение «Лесная средняя "
         "общеобразовательная школа»"),
        ("муниципальной бюджетной общеобразовательной организации основной общеобразовательной "
         "школы № 4", "муниципальная бюджетная общеобразовательная организация основная "
                     "общеобразовательная школа № 4"),
        # a locality and the quoted name stay as printed
        ("муниципального бюджетного общеобразовательного учреждения города Мурманска «Средней "
         "школы»", "муниципальное бюджетное общеобразовательное учреждение города Мурманска "
                   "«Средней школы»"),
    ],
)
def test_full_name_is_kept_in_the_nominative(printed: str, nominative: str) -> None:
    from normalize.schools.canonical import nominative_full_name

    assert nominative_full_name(printed) == nominative
