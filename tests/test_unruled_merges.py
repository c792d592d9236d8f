"""Blank cells of a table that cannot show its merges (PDF without rules between rows):
a shared field left blank under a filled one reads as one merged cell, flagged."""
from __future__ import annotations

from extract.model import Cell, Document, Table
from normalize.records import RawRow
from normalize.tables import assemble
from normalize.unruled_merges import UnruledMerges, carry_into_blank_cells, unruled_merges


def row(item: str, period: str | None, executors: str | None = "Отдел", section: str | None = "I") -> RawRow:
    return RawRow(section, item, f"Мероприятие {item}", period, executors, None, {}, 1)


def test_data_file_names_the_shared_fields():
    rules = unruled_merges()
    assert set(rules.fields) == {"period_raw", "executors_raw"} and 0 < rules.min_filled_share <= 1


def test_a_blank_under_a_filled_cell_takes_its_text_and_says_so():
    rows = [row("1", "март 2021"), row("2", ""), row("3", None), row("4", "май 2021"), row("5", "июнь")]
    carry_into_blank_cells(rows)
    assert [r.period_raw for r in rows] == ["март 2021", "март 2021", "март 2021", "май 2021", "июнь"]
    assert [r.merged_from for r in rows] == [[], ["period_raw"], ["period_raw"], [], []]
    assert [i.code for i in rows[2].issues] == ["merge_inferred"] and "row 1" in rows[2].issues[0].message
    assert all(not r.issues for r in (rows[0], rows[3], rows[4]))


def test_nothing_crosses_a_section_and_a_leading_blank_stays_blank():
    rows = [row("1", "март"), row("2", "апрель"), row("3", "", section="II"), row("4", "май", section="II")]
    carry_into_blank_cells(rows)
    assert rows[2].period_raw == "" and not rows[2].merged_from


def test_a_column_mostly_blank_is_not_a_column_of_merges():
    rows = [row("1", "март"), row("2", ""), row("3", ""), row("4", "")]
    carry_into_blank_cells(rows, UnruledMerges(("period_raw",), 0.5))
    assert [r.period_raw for r in rows] == ["март", "", "", ""]
    absent = [row(str(i), "март", executors=None) for i in range(4)]  # no executor column at all
    carry_into_blank_cells(absent)
    assert all(r.executors_raw is None and not r.merged_from for r in absent)


def test_only_the_listed_fields_are_carried():
    rows = [row("1", "март"), row("2", "апрель")]
    rows[1].activity = ""
    carry_into_blank_cells(rows)
    assert rows[1].activity == "" and not rows[1].merged_from


def _table(texts: list[list[str]], merges_visible: bool) -> Table:
    cells = [Cell(t, r, c) for r, line in enumerate(texts) for c, t in enumerate(line)]
    return Table(cells, len(texts), 4, 0, method="stream", merges_visible=merges_visible)


ROWS = [["№", "Мероприятие", "Срок", "Ответственные"],
        ["1.", "Семинар для директоров", "Март 2021", "Отдел образования"],
        ["2.", "Совещание с кураторами", "", "Отдел образования"],
        ["3.", "Мониторинг результатов", "Май 2021", "Центр оценки качества"]]


def test_assembly_carries_only_in_tables_that_hide_their_merges():
    hidden = assemble(Document("x.pdf", "pdf", 1, tables=[_table(ROWS, False)]))
    shown = assemble(Document("x.pdf", "pdf", 1, tables=[_table(ROWS, True)]))
    assert [r.period_raw for r in hidden.rows] == ["Март 2021", "Март 2021", "Май 2021"]
    assert hidden.rows[1].merged_from == ["period_raw"]
    assert [r.period_raw for r in shown.rows] == ["Март 2021", None, "Май 2021"]
    assert not shown.rows[1].merged_from
