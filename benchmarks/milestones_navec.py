"""Does navec (natasha's word embeddings) help the milestone alignment? Measured, not assumed.

Compares on the hand-checked list of the five seed orders (tests/data/milestones_handchecked.tsv)
and on the unseen phrasings of tests/test_milestones.py:
  rules          — normalize.milestones.align_activity (lemma rules, the shipped method);
  navec          — nearest milestone by cosine of mean word vectors (activity vs milestone
                   name + key phrases), assigned above a threshold;
  rules+navec    — the rules, and navec only where the rules found nothing and no regional
                   head vetoed.
Prints, per threshold: federal rows right / federal rows, regional rows labelled.

    python -m benchmarks.milestones_navec
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normalize import milestones as ms  # noqa: E402
from normalize.nlp import embedding  # noqa: E402
from tests.test_milestones import HANDCHECKED_ROWS, _gold_activity  # noqa: E402

_WORD = re.compile(r"[а-яё]+")
UNSEEN_FEDERAL = [
    ("Проведение установочного вебинара для директоров школ проекта", "kickoff_seminar"),
    ("Организация первичного посещения школ-участниц кураторами", "first_visit"),
    ("Загрузка концептуальных документов школ в информационную систему МЭДК", "concept_documents"),
    ("Второй этап мониторинга наступления позитивных изменений в школах",
     "positive_change_monitoring"),
    ("Назначение региональных координаторов проекта 500+ в области", "coordinators"),
    ("Анкетирование участников образовательных отношений школ района", "school_questionnaire"),
    ("Подведение итогов проекта 500+ за 2023 год", "final_review"),
    ("Еженедельные вебинары ФИОКО для кураторов", "federal_webinars"),
]
UNSEEN_REGIONAL = [
    "Круглый стол «Итоги проекта 500+ в районе»",
    "Конкурс антирисковых программ школ-участников проекта",
    "Совещание с кураторами по итогам первичного посещения школ",
    "Вебинар для педагогов по разработке концептуальных документов",
    "Родительское собрание «Как помочь ребёнку учиться»",
    "Курсы повышения квалификации учителей математики",
    "Информационное сопровождение установочного семинара на сайте",
]


def text_vector(text: str) -> np.ndarray | None:
    """Mean navec vector of the known words of ``text`` (None when none is known)."""
    emb = embedding()
    vectors = [emb[w] for w in _WORD.findall(text.lower().replace("ё", "е")) if w in emb]
    if not vectors:
        return None
    v = np.mean(vectors, axis=0)
    return v / (np.linalg.norm(v) or 1.0)


def prototypes() -> dict[str, np.ndarray]:
    import tomllib

    data = tomllib.loads((ROOT / "schemas" / "milestones.toml").read_text(encoding="utf-8"))
    return {m["code"]: text_vector(" ".join([m["name"], *m["phrases"]])) for m in data["milestone"]}


def navec_label(text: str, protos: dict[str, np.ndarray], threshold: float) -> str | None:
    v = text_vector(text)
    if v is None:
        return None
    code, score = max(((c, float(v @ p)) for c, p in protos.items()), key=lambda t: t[1])
    return code if score >= threshold else None


def combined(text: str, protos, threshold: float) -> str | None:
    aligned = ms.align_activity(text)
    if aligned.milestone or any(e.role.startswith("head:") for e in aligned.evidence):
        return aligned.milestone
    return navec_label(text, protos, threshold)


def score(label, federal, regional) -> str:
    right = sum(label(t) == m for t, m in federal)
    wrong = sum(label(t) is not None for t in regional)
    return f"{right}/{len(federal)} right, {wrong}/{len(regional)} regional labelled"


def main() -> None:
    federal = [(_gold_activity(s, r), m) for s, r, m, _, _ in HANDCHECKED_ROWS if m]
    regional = [_gold_activity(s, r) for s, r, m, _, _ in HANDCHECKED_ROWS if not m]
    protos = prototypes()
    print("seed orders (hand-checked list) | unseen phrasings")
    rules = lambda t: ms.align_activity(t).milestone  # noqa: E731
    print(f"rules:               {score(rules, federal, regional)} | "
          f"{score(rules, UNSEEN_FEDERAL, UNSEEN_REGIONAL)}")
    for threshold in (0.6, 0.7, 0.8, 0.85, 0.9):
        nav = lambda t: navec_label(t, protos, threshold)  # noqa: E731
        both = lambda t: combined(t, protos, threshold)  # noqa: E731
        print(f"navec >= {threshold:.2f}:       {score(nav, federal, regional)} | "
              f"{score(nav, UNSEEN_FEDERAL, UNSEEN_REGIONAL)}")
        print(f"rules+navec >= {threshold:.2f}: {score(both, federal, regional)} | "
              f"{score(both, UNSEEN_FEDERAL, UNSEEN_REGIONAL)}")


if __name__ == "__main__":
    main()
