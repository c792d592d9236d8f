"""One document from the neutral model to typed records: table assembly, then every field.

The order of work: assemble the activity table (``tables``), read the order's own header
(``metadata``), collect the order's «(далее – X)» definitions (``definitions``), then per
row: period, completion, executors, indicator targets, risk directions and topics, schools.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import Document
from normalize import completion, definitions, executors, indicators, metadata, periods
from normalize.records import (
    ActivityRecord,
    DocumentMeta,
    Executor,
    Issue,
    RawRow,
    School,
)
from normalize.tables import assemble
from normalize.table_view import TableView
from normalize.text import CleanTexts, clean_text, clean_texts


@dataclass(slots=True)
class NormalizedDocument:
    """Everything the pipeline knows about one order."""

    meta: DocumentMeta
    records: list[ActivityRecord]
    columns: list[tuple[str, str]]
    schools: list[School] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def row_issues(self) -> list[Issue]:
        return [i for r in self.records for i in [*r.row.issues, *r.issues]]


def _row_cells(row: RawRow) -> tuple[str, ...]:
    """Every text cell of a row, in column order."""
    return tuple(filter(None, (row.item_no, row.activity, row.period_raw, row.executors_raw,
                               row.indicator, *row.extra.values())))  # the non-empty ones


def _cell_texts(doc: Document, views: list[TableView]) -> CleanTexts:
    """Every table's non-empty cleaned cell texts, tables in document order, cells in the
    table's order.  A table the assembly viewed whole (not split) gives the text its view
    cleaned for a cell anchored there with no ``full_lines`` (``view.texts`` is
    ``clean_text(cell.text, cell.full_lines)`` of the cell at that grid position); any
    other cell is cleaned here."""
    whole = {id(v.table): v for v in views}
    out: list[str] = []
    for t in sorted(doc.tables, key=lambda t: t.order):
        view = whole.get(id(t))
        if view is None:
            out += filter(None, map(clean_text, (c.text for c in t.cells)))
            continue
        grid, texts = view.grid, view.texts
        for c in t.cells:
            r, k = c.row, c.col
            text = (texts[r][k] if grid[r][k] is c and c.full_lines is None
                    else clean_text(c.text))
            if text:
                out.append(text)
    return CleanTexts(out)  # each a clean_text result


def normalize_document(doc: Document, *, nlp: bool = True) -> NormalizedDocument:
    """Assemble ``doc``'s activity table and parse every field; ``nlp=False`` skips
    risk directions and schools (the natasha step)."""
    table = assemble(doc)
    # typed as cleaned: metadata then cleans again only what cleaning can still change
    lines = clean_texts(b.text for b in doc.blocks if b.text.strip())
    # Every table's cells in document order (a letterhead laid out as a table, a list of
    # participant schools in a second appendix), not just the roadmap's.
    table_texts = _cell_texts(doc, table.views)
    meta = metadata.extract_metadata(lines, table_texts=table_texts,
                                     date_cells=[row.period_raw for row in table.rows])
    full_text = "\n".join([*lines, *table_texts])
    defined = definitions.find_definitions(full_text)
    issues = [*(Issue("extract_warning", w) for w in doc.warnings), *table.issues, *meta.issues]
    if not table.rows and not any(i.code == "roadmap_cells_empty" for i in table.issues):
        issues.append(Issue("no_activity_table", "no table with a roadmap header was found"))

    # an executors cell recurs down the table: split each distinct one once (Executor is frozen)
    split: dict[str | None, list[Executor]] = {}
    cells = [_row_cells(row) for row in table.rows]  # each row's cells, gathered once
    records = [_normalize_row(row, row_cells, meta, defined, split)
               for row, row_cells in zip(table.rows, cells)]
    schools: list[School] = []
    if nlp:
        from normalize import risk_topics, risks, schools as school_finder

        # the order's schools first: a row's mention then takes the form the order resolved
        # it to (a full name and its «(далее – …)» short form are one school)
        schools, resolved = school_finder.resolve_mentions(school_finder.find_mentions(full_text))
        for rec, row_cells in zip(records, cells):
            row = rec.row
            codes, hits = risks.find_risk_directions(row_cells, section=row.section, shared=row.activity)
            rec.risk_directions, rec.risk_evidence = codes, hits
            rec.risk_topics, rec.risk_topic_evidence = risk_topics.infer_risk_topics(
                row.activity, indicator=row.indicator, explicit=codes)
            rec.schools = school_finder.resolve_schools(
                school_finder.find_schools(" \n ".join(row_cells)), resolved)
        _align_milestones(records)
    return NormalizedDocument(meta=meta, records=records, columns=table.columns,
                              schools=schools, issues=issues)


def _align_milestones(records: list[ActivityRecord]) -> None:
    """Federal milestone, activity kind and evidence of each row (normalize.milestones)."""
    from normalize.milestones import align_activity

    for rec in records:
        aligned = align_activity(rec.row.activity)
        rec.milestone, rec.activity_kind = aligned.milestone, aligned.kind
        rec.milestone_evidence = [*aligned.evidence]  # milestones.Evidence is MilestoneHit


def _normalize_row(row: RawRow, cells: tuple[str, ...], meta: DocumentMeta,
                   defined: dict[str, str], split: dict[str | None, list[Executor]]) -> ActivityRecord:
    """The per-row fields that need no NLP models: period, completion, executors, targets
    (``cells``: the row's :func:`_row_cells`; ``split``: the document's executors cells
    already split)."""
    period = periods.parse_period(row.period_raw, year=meta.year, activity=row.activity)
    if row.executors_raw not in split:
        split[row.executors_raw] = executors.split_executors(row.executors_raw, definitions=defined)
    return ActivityRecord(
        row=row,
        period=period,
        done=completion.is_done(*cells),
        executors=list(split[row.executors_raw]),
        indicator_targets=indicators.parse_targets(row.indicator),
        issues=list(period.issues),
    )
