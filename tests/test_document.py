"""One document through every field module: evidence comes from the whole order."""
from __future__ import annotations

from extract.model import Document, TextBlock
from normalize.document import normalize_document
from tests.test_tables import HEADER, table


def _order(*tables) -> Document:
    blocks = [TextBlock("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ОМСКОЙ ОБЛАСТИ", 1, 0),
              TextBlock("РАСПОРЯЖЕНИЕ", 1, 1), TextBlock("12.01.2023 № 45-р", 1, 2)]
    return Document(source="x.docx", format="docx", pages=1, blocks=blocks, tables=list(tables))


def test_a_school_listed_only_in_a_separate_table_is_a_school_of_the_document():
    roadmap = table([HEADER, ["1.", "Установочный семинар", "Март 2023", "ДО", "Проведён"]],
                    order=3)
    participants = table([["№", "Участник проекта"], ["1", "МБОУ СОШ № 3"]], order=4)
    result = normalize_document(_order(roadmap, participants))
    assert [s.canonical for s in result.schools] == ["МБОУ СОШ № 3"]
    assert result.records[0].schools == []


def test_a_topic_the_row_names_explicitly_is_not_repeated_as_inferred():
    roadmap = table([HEADER, ["1.", "Родительские собрания по рисковому направлению «Низкий "
                                    "уровень вовлеченности родителей»", "Май 2023", "ОО", "Протокол"]],
                    order=3)
    rec = normalize_document(_order(roadmap)).records[0]
    assert rec.risk_directions == [10]
    assert 10 not in rec.risk_topics and all(h.code != 10 for h in rec.risk_topic_evidence)
