"""The stop-7 fast paths of assembly, metadata and staging give what the plain code gives.

``text.clean_again`` (skips cleaning a text :func:`is_clean` proves clean) against
``clean_text``; ``stitching._is_row_number`` (a regex for plain row numbers) against keying
the text; ``table_placement.placed_row`` (field columns worked out once per piece) against the
dict the rows were placed from before; ``TableView``'s grid, spanning rows and ``row_tails``
against ``Table.grid``, ``spans_width`` and ``cell_tails``; ``Staging`` handing back a result
from memory against reading its file.
"""
from __future__ import annotations

import json
import pickle
import random
import tomllib
from pathlib import Path

import pytest

from extract.docx import read_docx
from normalize.records import Issue, RawRow
from normalize.stitching import _is_row_number, _key, cell_tails
from normalize.table_placement import _cells_by_field, item_number, placed_row, placement
from normalize.table_view import row_tails, spans_width, view_of
from normalize.text import clean_again, clean_text, is_clean
from roadmap500.staging import Staging

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.docx"))
GOLD = Path("/work/shared/gold")

_ODD = ["", " ", "  ", "а", " а", "а ", "а  б", "а\tб", "а\xa0б", "а\u2028б", "а\u3000б",
        "а\x1cб", "а\x85б", "а\u1680б", "а\u202fб", "при-\nказ", "при\u00adказ", "при\u00ad\nказ",
        "<b>жирный</b>", "a < b", "&amp;lt;", "&nbsp;x", "&", "а | б", "|", "а|б",
        "https://x.ru/a/\nb", "школы-\n500+", "2021-\n2022", "1.", "1.\n2", " 2.3. ", "1\xa02",
        "١٢", "²", "1,2", "1-2", "I.", "\n", "\r\n", "1.\u00ad", "12\u200b", "ё Ё", "№ 5",
        "\ufeffтекст", "тек\u200bст", "a\u0301", "😀 x"]


@pytest.fixture(scope="module")
def docs():
    return [read_docx(path) for path in SAMPLES]


@pytest.fixture(scope="module")
def texts(docs) -> list[str]:
    """Raw and cleaned lines and cells of the samples, every gold cell, the real-cells
    fixture, odd cases and random strings over the characters the cleaning acts on."""
    raw = [b.text for d in docs for b in d.blocks] + [c.text for d in docs for t in d.tables
                                                       for c in t.cells]
    out = raw + [clean_text(t) for t in raw]
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out += [v for v in (row["item_no"], row["activity"], row["period_raw"],
                                row["executors_raw"], row["indicator"], row["section"]) if v]
            out += [v for v in row["extra"].values() if v]
    with (ROOT / "tests" / "fixtures" / "real_cells.toml").open("rb") as fh:
        out += [case["text"] for cases in tomllib.load(fh).values() for case in cases]
    out += _ODD
    rng = random.Random(7)
    alphabet = "аб1.2 \n\t\xa0\u00ad<>&|-/:;x\u2028"
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(3000)]
    return out


def test_clean_again_is_clean_text(texts):
    """A text shown clean is its own cleaning; every text cleans the same either way."""
    shown = 0
    for text in texts:
        if is_clean(text):
            shown += 1
            assert clean_text(text) == text, repr(text)
        assert clean_again(text) == clean_text(text), repr(text)
    assert shown > len(texts) // 4  # the fast path is taken, not only the fallback


def test_cleaned_texts_are_shown_clean(docs):
    """What normalize_document hands metadata (cleaned lines and cells) mostly skips cleaning."""
    cleaned = [clean_text(c.text) for d in docs for t in d.tables for c in t.cells]
    cleaned = [t for t in cleaned if t]
    assert sum(map(is_clean, cleaned)) >= 0.9 * len(cleaned)


def test_row_number_test_matches_keying(texts):
    """The regex answers as ``_key(text)`` without spaces being all digits would."""
    numbers = ["1", "1.", "12.3.", " 4 ", "1.\n2.", "1 . 2", "0", "999.999.", "1\xa0", "\t7\t"]
    for text in [*texts, *numbers]:
        assert _is_row_number(text) == _key(text).replace(" ", "").isdigit(), repr(text)


def _reference_raw_row(texts, fields, section, page) -> RawRow:
    """The row placement before stop 7: through a dict of the row's cells by field."""
    cells = _cells_by_field(texts, fields)
    item_text = cells.get("item_no", "")
    item = item_number(item_text)
    issues = []
    if item is None:
        item = item_text
        issues.append(Issue("item_no_unusual",
                            f"row number cell «{item_text}» is not a plain number" if item_text
                            else "row has no number"))
    return RawRow(section=section, item_no=item, activity=cells.get("activity", ""),
                  period_raw=cells.get("period_raw") or None,
                  executors_raw=cells.get("executors_raw") or None,
                  indicator=cells.get("indicator") or None, task=cells.get("task") or None,
                  extra={f[len("extra:"):]: (t or None) for f, t in cells.items()
                         if f.startswith("extra:")},
                  page=page, issues=issues)


def test_placed_rows_match_the_dict_placement():
    """Random field lists (repeated roles and extras, skips) and cells (blank, numbered)."""
    rng = random.Random(11)
    kinds = ["item_no", "activity", "period_raw", "executors_raw", "indicator", "task", "skip",
             "extra:Примечание", "extra:Ответственный", "extra:"]
    cells = ["", "1.", "2.1", "a", "Организация работы", "2024", "x y", "1.2.3.4."]
    for _ in range(4000):
        n = rng.randint(0, 8)
        fields = [rng.choice(kinds) for _ in range(n)]
        texts = [rng.choice(cells) for _ in range(n)]
        plan = placement(fields)
        got = placed_row(texts, plan, "Раздел", 3)
        assert got == _reference_raw_row(texts, fields, "Раздел", 3), (fields, texts)
        assert list(got.extra) == list(_reference_raw_row(texts, fields, "", 1).extra)


def test_table_view_grids_match_the_table(docs):
    """The view's grid, spanning rows and row tails are the table's own."""
    tables = [t for d in docs for t in d.tables]
    assert tables
    for table in tables:
        view = view_of(table)
        assert view.grid == table.grid()
        assert view.spanning_rows == frozenset(c.row for c in table.cells
                                               if spans_width(table, c))
        assert [row_tails(row) for row in view.grid] == cell_tails(table)


def test_staging_hands_back_what_its_file_holds(tmp_path):
    """From memory or from the file, the same result; a new Staging (a resumed run) reads the
    file; beyond ``RECENT`` results the oldest come from their files."""
    results = [{"document": {"doc_id": str(i)}, "rows": [{"a": i, "b": [1, 2]}]} for i in range(40)]
    staging = Staging(tmp_path, {"v": 1})
    for i, result in enumerate(results):
        staging.put(str(i), result)
        assert staging.path(str(i)).exists()  # written at once: a killed run keeps it
    assert len(staging._recent) == Staging.RECENT
    resumed = Staging(tmp_path, {"v": 1})
    for i, result in enumerate(results):
        from_file = resumed.get(str(i))
        assert from_file == result
        assert staging.get(str(i)) == from_file
        with open(staging.path(str(i)), "rb") as fh:
            assert pickle.load(fh) == result
    assert not staging._recent  # taken results are not kept
    staging.put("x", results[0])
    staging.remove()
    assert not staging._recent and not staging.dir.exists()


def test_writer_columns_match_key_by_key(docs):
    """``_columns`` (itemgetter and transpose) gives each column as ``row.get`` key by key,
    for the samples' activity and document rows and for rows missing keys."""
    from normalize.document import normalize_document
    from schemas.arrow import ACTIVITIES, DOCUMENTS
    from schemas.writer import _columns, activity_rows, document_row

    rows, documents = [], []
    for i, doc in enumerate(docs):
        result = normalize_document(doc)
        rows += activity_rows(result.records, doc_id=str(i), source_file="f", meta=result.meta)
        documents.append(document_row(doc_id=str(i), source_file="f", format="docx", pages=1,
                                      status="ok", error=None, meta=result.meta))
    assert rows
    partial = [{"doc_id": "a"}, {"row_index": 1, "doc_id": "b"}, {}]
    for table_rows, schema in ((rows, ACTIVITIES), (documents, DOCUMENTS),
                               (partial, ACTIVITIES), (rows + partial, ACTIVITIES), ([], ACTIVITIES)):
        for names in ([f.name for f in schema], [schema[0].name], []):
            assert _columns(table_rows, names) == [[row.get(n) for row in table_rows]
                                                   for n in names]


def test_caption_alternation_matches_each_pattern(texts):
    """One search of the joined caption patterns finds a match exactly where one of the
    patterns does (every sample and gold text, and captions made up from the vocabulary)."""
    from normalize.metadata_text import _caption_any, _vocab

    made_up = ["Дорожная карта по реализации", "ПЛАН-ГРАФИК мероприятий", "план – график",
               "Комплекс мер по", "Планом мероприятий", "дорожнаякарта", "план  мероприятий",
               "ДОРОЖНОЙ\nКАРТЫ", "комплексные меры", "карта дорожная"]
    hits = 0
    for text in [*texts, *made_up]:
        expected = any(p.search(text) for p in _vocab().caption)
        assert (_caption_any().search(text) is not None) == expected, repr(text)
        hits += expected
    assert hits >= len(made_up) // 2
