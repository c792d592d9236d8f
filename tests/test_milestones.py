"""Federal milestones and activity kinds (normalize.milestones) against a hand-checked list.

``tests/data/milestones_handchecked.tsv`` gives, for every activity row of the five seed
orders' gold, the milestone a reader assigns (or «-» for a regional initiative) and why.
The taxonomy was built from these orders, so the figures here are development figures;
the unseen phrasings below check that the rules are not tied to the seeds' wording.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from normalize.milestones import (
    FEDERAL_KIND,
    align_activity,
    load_kinds,
    load_milestones,
    taxonomy_version,
    window_deviation,
)

GOLD = Path(__file__).resolve().parents[1] / "samples" / "source" / "gold"
HANDCHECKED = Path(__file__).with_name("data") / "milestones_handchecked.tsv"


def _handchecked() -> list[tuple[str, int, str | None, str, str]]:
    rows = []
    for line in HANDCHECKED.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        seed, row, expected, start, reason = line.split("\t")
        rows.append((seed, int(row), None if expected == "-" else expected, start, reason))
    return rows


def _gold_activity(seed: str, row: int) -> str:
    lines = (GOLD / f"{seed}.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[row])["activity"]


HANDCHECKED_ROWS = _handchecked()


def test_handchecked_list_covers_every_gold_row_with_a_reason():
    per_seed = {}
    for seed, row, _, start, reason in HANDCHECKED_ROWS:
        per_seed.setdefault(seed, []).append(row)
        assert _gold_activity(seed, row).startswith(start.strip()[:40]), (seed, row)
        assert len(reason) > 15
    for path in GOLD.glob("*.jsonl"):
        n = len(path.read_text(encoding="utf-8").splitlines())
        assert per_seed[path.stem] == list(range(n)), path.stem
    codes = {m.code for m in load_milestones()}
    assert {r[2] for r in HANDCHECKED_ROWS if r[2]} <= codes


def test_federal_milestones_right_and_no_regional_initiative_labelled():
    federal = [r for r in HANDCHECKED_ROWS if r[2]]
    regional = [r for r in HANDCHECKED_ROWS if not r[2]]
    right = [r for r in federal if align_activity(_gold_activity(r[0], r[1])).milestone == r[2]]
    labelled = [(r[0], r[1], align_activity(_gold_activity(r[0], r[1])).milestone)
                for r in regional if align_activity(_gold_activity(r[0], r[1])).milestone]
    share = len(right) / len(federal)
    print(f"federal milestone rows right: {len(right)}/{len(federal)} = {share:.3f}; "
          f"regional initiatives labelled: {len(labelled)}/{len(regional)}")
    assert len(federal) >= 100 and len(regional) >= 50
    assert share >= 0.9
    assert labelled == []


def test_federal_rows_have_federal_kind_and_evidence():
    for seed, row, expected, _, _ in HANDCHECKED_ROWS[:60]:
        aligned = align_activity(_gold_activity(seed, row))
        if aligned.milestone:
            assert aligned.kind == FEDERAL_KIND
            assert any(e.role == "milestone" for e in aligned.evidence)
        else:
            assert aligned.kind != FEDERAL_KIND


@pytest.mark.parametrize("activity, milestone", [
    # unseen phrasings of federal milestones (made up, not in the seeds)
    ("Проведение установочного вебинара для директоров школ проекта", "kickoff_seminar"),
    ("Организация первичного посещения школ-участниц кураторами", "first_visit"),
    ("Загрузка концептуальных документов школ в информационную систему МЭДК", "concept_documents"),
    ("Второй этап мониторинга наступления позитивных изменений в школах", "positive_change_monitoring"),
    ("Назначение региональных координаторов проекта 500+ в области", "coordinators"),
    ("Анкетирование участников образовательных отношений школ района", "school_questionnaire"),
    ("Подведение итогов проекта 500+ за 2023 год", "final_review"),
    ("Еженедельные вебинары ФИОКО для кураторов", "federal_webinars"),
    # a hyphenated compound matches by its parts («школ-участников» is «школ»)
    ("Проведение анкетирования школ-участников проекта на платформе ФИС ОКО", "school_questionnaire"),
    ("Первичный визит куратора в школу", "first_visit"),
    ("Проведение мониторинга позитивных изменений в школах – участниках проекта",
     "positive_change_monitoring"),
])
def test_unseen_federal_phrasings(activity, milestone):
    assert align_activity(activity).milestone == milestone


@pytest.mark.parametrize("activity, kind", [
    # regional initiatives that only mention a milestone's topic: never a milestone
    ("Круглый стол «Итоги проекта 500+ в районе»", "seminars"),
    ("Конкурс антирисковых программ школ-участников проекта", "contests"),
    ("Совещание с кураторами по итогам первичного посещения школ", "seminars"),
    ("Вебинар для педагогов по разработке концептуальных документов", "seminars"),
    ("Родительское собрание «Как помочь ребёнку учиться»", "parents"),
    ("Курсы повышения квалификации учителей математики", "courses"),
    ("Информационное сопровождение установочного семинара на сайте", "information"),
    ("Методическое сопровождение школ по разработке концепции развития", "methodical_support"),
    ("Консультирование кураторов по заполнению антирисковых программ", "methodical_support"),
    ("Стажировка директоров школ по разработке среднесрочной программы", "courses"),
    ("Заседание рабочей группы по итогам мониторинга позитивных изменений", "seminars"),
    ("Экспертиза антирисковых программ муниципальной экспертной группой", "monitoring"),
])
def test_regional_initiatives_get_a_kind_and_no_milestone(activity, kind):
    aligned = align_activity(activity)
    assert aligned.milestone is None
    assert aligned.kind == kind


def test_taxonomy_is_versioned_and_every_milestone_has_phrases_and_windows():
    assert taxonomy_version()
    for ms in load_milestones():
        assert ms.phrases and ms.windows, ms.code
        assert all(w.start <= w.end for w in ms.windows)
    assert {k.code for k in load_kinds()} >= {"courses", "seminars", "methodical_support",
                                               "contests", "parents", "monitoring",
                                               "normative_acts"}


def test_window_deviation():
    # kick-off 2021 window: 10–26 Feb 2021
    assert window_deviation("kickoff_seminar", date(2021, 2, 15), date(2021, 2, 15)) == 0
    assert window_deviation("kickoff_seminar", date(2021, 3, 3), date(2021, 3, 3)) == 5
    assert window_deviation("kickoff_seminar", date(2021, 2, 1), date(2021, 2, 5)) == -5
    # a bare deadline counts from its end
    assert window_deviation("kickoff_seminar", None, date(2021, 2, 20)) == 0
    # the nearest of two rounds: positive change round 2 of 2021 is 1 Oct – 15 Nov
    assert window_deviation("positive_change_monitoring", date(2021, 11, 1), None) == 0
    assert window_deviation("kickoff_seminar", None, None) is None
    # a typo'd year against the roadmap's year: 16.02.2020 in a 2021 roadmap
    assert window_deviation("kickoff_seminar", date(2020, 2, 16), None) is None
    assert window_deviation("kickoff_seminar", date(2020, 2, 16), None, year=2021) == -360
    assert window_deviation("kickoff_seminar", date(2030, 2, 1), date(2030, 2, 1)) is None


def test_pipeline_output_carries_the_handchecked_milestones(sample_output):
    """End to end: the converted sample DOCX orders have the hand-checked milestones."""
    import pyarrow.parquet as pq

    expected = {(seed, row): m for seed, row, m, _, _ in HANDCHECKED_ROWS}
    rows = pq.read_table(sample_output / "activities.parquet").to_pylist()
    checked = 0
    for r in rows:
        key = (Path(r["source_file"]).stem, r["row_index"])
        assert r["milestone"] == expected[key], (key, r["activity"][:60])
        assert (r["activity_kind"] == FEDERAL_KIND) == (r["milestone"] is not None)
        assert bool(r["milestone_evidence"]) or r["activity_kind"] == "other", key
        checked += 1
    assert checked == len(HANDCHECKED_ROWS)
