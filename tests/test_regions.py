"""The regions gazetteer and its matcher."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import pytest

from normalize.regions import DATA, find_regions, load_regions, region_by_name

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "samples" / "source" / "gold"


def _one(text: str):
    ms = find_regions(text)
    assert len(ms) == 1, ms
    return ms[0]


# --------------------------------------------------------------------------- the data


def test_all_89_subjects_with_iso_codes_where_iso_defines_one() -> None:
    regions = load_regions()
    assert len(regions) == 89
    assert len({r.name for r in regions}) == 89
    coded = [r.code for r in regions if r.code]
    assert len(coded) == 83 == len(set(coded))
    assert all(re.fullmatch(r"RU-[A-Z]{2,3}", c) for c in coded)
    uncoded = {r.name for r in regions if not r.code}
    assert uncoded == {"Республика Крым", "Севастополь", "Донецкая Народная Республика",
                       "Луганская Народная Республика", "Запорожская область", "Херсонская область"}
    kinds = {k: sum(r.kind == k for r in regions) for k in {r.kind for r in regions}}
    assert kinds == {"republic": 24, "krai": 9, "oblast": 48, "federal_city": 3,
                     "autonomous_oblast": 1, "autonomous_okrug": 4}


@pytest.mark.parametrize("doc", sorted(GOLD.glob("*.doc.json")), ids=lambda p: p.name[:3])
def test_gold_regions_are_gazetteer_names_with_their_codes(doc: Path) -> None:
    gold = json.loads(doc.read_text(encoding="utf-8"))
    region = region_by_name(gold["region"])
    assert region is not None and region.name == gold["region"]
    assert region.code == gold["region_code"]


def test_generated_case_forms_sample() -> None:
    by = {r.name: r for r in load_regions()}
    tomsk = by["Томская область"]
    assert set(tomsk.forms) == {"Томская область", "Томской области", "Томскую область", "Томской областью"}
    assert "томский" in tomsk.adjectives and "томского" in tomsk.adjectives
    assert tomsk.centre == "Томск" and {"Томск", "Томска", "Томске"} <= set(tomsk.centre_forms)
    kem = by["Кемеровская область — Кузбасс"]
    assert "Кемеровской области" in kem.forms
    assert {"Кузбасс", "Кузбасса", "Кузбассе"} <= set(kem.tail_forms)
    assert "кузбасский" in kem.adjectives
    assert "Алтайский край" in by["Алтайский край"].forms  # accusative of an inanimate masculine
    assert "Донецкую Народную Республику" in by["Донецкая Народная Республика"].forms
    assert "Республики Татарстан" in by["Республика Татарстан"].forms  # the name after "Республика" stays
    assert "Ханты-Мансийского автономного округа" in by["Ханты-Мансийский автономный округ — Югра"].forms
    assert by["Владимирская область"].centre_needs_prefix  # "Владимир" is a first name too
    assert "владимирский" in by["Владимирская область"].adjectives


def test_committed_gazetteer_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_regions", ROOT / "tools" / "make_regions.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    records = mod.build()
    assert mod.check_collisions(records) == []
    assert mod.render(records) == DATA.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the matcher


def test_every_form_finds_its_own_region() -> None:
    for r in load_regions():
        for form in r.forms + r.aliases:
            m = _one(form)
            assert (m.region, m.strength, m.text) == (r.name, "name", form)
        for form in r.adjectives:
            m = _one(form)
            assert (m.region, m.strength) == (r.name, "adjective")
        for form in r.centre_forms:
            m = _one(f"г. {form}")
            assert (m.region, m.strength, m.text) == (r.name, "centre", f"г. {form}")


@pytest.mark.parametrize("text", [
    "Кемеровской области-Кузбассе",
    "Кемеровской области – Кузбасса",
    "Кемеровской области — Кузбасс",
    "КЕМЕРОВСКОЙ ОБЛАСТИ - КУЗБАССА",
    "Кемеровской  области\n— Кузбасса",
])
def test_dash_and_space_variants_of_a_double_name(text: str) -> None:
    m = _one(f"Министерством образования {text}, ГУ «ОЦМКО»")
    assert (m.region, m.code, m.strength, m.text) == ("Кемеровская область — Кузбасс", "RU-KEM", "name", text)


def test_name_split_over_lines_and_in_capitals() -> None:
    text = "ДЕПАРТАМЕНТ ОБЩЕГО ОБРАЗОВАНИЯ\nТОМСКОЙ ОБЛАСТИ"
    m = _one(text)
    assert (m.code, m.strength, m.form) == ("RU-TOM", "name", "Томской области")
    assert text[m.start:m.end] == m.text == "ТОМСКОЙ ОБЛАСТИ"


def test_strengths_name_adjective_centre() -> None:
    ms = find_regions("Томский областной институт; администрации Города Томска; Томской области; г.Томска")
    assert [(m.strength, m.text) for m in ms] == [
        ("adjective", "Томский"), ("centre", "Города Томска"), ("name", "Томской области"), ("centre", "г.Томска")]
    assert {m.code for m in ms} == {"RU-TOM"}


def test_ambiguous_centres_need_a_city_prefix() -> None:
    assert find_regions("Владимира Ильича Иванова, ул. Кирова, грозный вид") == []
    assert [m.code for m in find_regions("г. Владимира, города Кирова, г. Грозный")] == ["RU-VLA", "RU-KIR", "RU-CE"]


def test_centres_must_be_capitalised_and_abbreviations_in_capitals() -> None:
    assert find_regions("томск, хмао") == []
    assert [m.code for m in find_regions("Томск, ХМАО")] == ["RU-TOM", "RU-KHM"]


def test_longest_match_and_brackets() -> None:
    assert _one("Ямало-Ненецкого автономного округа").code == "RU-YAN"
    m = _one("в Республике Саха (Якутия) и")
    assert (m.code, m.text, m.form) == ("RU-SA", "Республике Саха (Якутия)", "Республике Саха (Якутия)")
    assert _one("Республики Северная Осетия-Алания").code == "RU-SE"
    assert _one("Московской области").code == "RU-MOS"


def test_federal_city_takes_its_city_prefix() -> None:
    m = _one("Департамент образования и науки города Москвы")
    assert (m.region, m.code, m.strength, m.text) == ("Москва", "RU-MOW", "name", "города Москвы")


def test_punctuation_other_than_dashes_breaks_a_name() -> None:
    ms = find_regions("Томской, области")
    assert [(m.strength, m.text) for m in ms] == [("adjective", "Томской")]


def test_new_subjects_have_no_code() -> None:
    assert [(m.region, m.code) for m in find_regions("Донецкой Народной Республики и Херсонской области")] == [
        ("Донецкая Народная Республика", None), ("Херсонская область", None)]


def test_fast_on_a_long_text() -> None:
    text = (ROOT / "samples" / "source" / "seeds" / "000_24337ae1fe6dfe42.txt").read_text(encoding="utf-8") * 5
    find_regions("прогрев")
    t0 = time.perf_counter()
    ms = find_regions(text)
    assert time.perf_counter() - t0 < 1.0
    assert len(ms) > 50 and {m.code for m in ms if m.strength == "name"} == {"RU-TOM"}
