"""The stop-11 fast paths of the per-document work give what the plain code gives.

``text.clean_text`` returns a text :func:`text.is_clean` proves clean as it is, without the
cache: checked against the full cleaning (``_clean_text`` uncached) on the samples' and the
synthetic corpus' lines and cells, every gold cell, odd cases and random strings over the
characters the cleaning acts on; and the fact the shortcut rests on (``str.split`` splits
only at the ASCII space and at characters ``str.isprintable`` refuses) on every code point.
``records.slot_init`` (frozen records built through their slot descriptors) against the
``__init__`` ``dataclass`` writes for the same fields; ``document._row_cells`` against the
generator it replaced; ``writer.activity_rows`` against the function as it was.
"""
from __future__ import annotations

import json
import pickle
import random
import sys
from pathlib import Path

import pytest

from extract.docx import read_docx
from normalize import text as text_module
from normalize.text import clean_text, is_clean

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.docx"))
GOLD = Path("/work/shared/gold")

_ODD = ["", " ", "  ", "а", " а", "а ", "а  б", "а\tб", "а\xa0б", "а\u2028б", "а\u3000б",
        "а\x1cб", "а\x85б", "а\u1680б", "а\u202fб", "при-\nказ", "при\u00adказ", "при\u00ad\nказ",
        "<b>жирный</b>", "a < b", "&amp;lt;", "&nbsp;x", "&", "а | б", "|", "а|б", "а |",
        "https://x.ru/a/\nb", "школы-\n500+", "2021-\n2022", "1.", "1.\n2", " 2.3. ", "1\xa02",
        "١٢", "²", "1,2", "1-2", "I.", "\n", "\r\n", "1.\u00ad", "12\u200b", "ё Ё", "№ 5",
        "\ufeffтекст", "тек\u200bст", "a\u0301", "😀 x", "а\u2029б", "а\x0bб", "а\x0cб", "а\rб"]


@pytest.fixture(scope="module")
def corpus_docs(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic_corpus import build_corpus

    files, _ = build_corpus(12, tmp_path_factory.mktemp("corpus"), pdf=False)
    return [read_docx(path) for path in files]


@pytest.fixture(scope="module")
def texts(corpus_docs) -> list[str]:
    docs = [read_docx(path) for path in SAMPLES] + corpus_docs
    raw = [b.text for d in docs for b in d.blocks] + [c.text for d in docs for t in d.tables
                                                       for c in t.cells]
    out = raw + [full_clean(t, None) for t in raw if t]
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out += [v for v in (row["item_no"], row["activity"], row["period_raw"],
                                row["executors_raw"], row["indicator"], row["section"]) if v]
    out += _ODD
    rng = random.Random(11)
    alphabet = "аб1.2 \n\t\xa0\u00ad<>&|-/:;x\u2028\u3000\x85"
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(5000)]
    return out


def full_clean(text: str, full_lines: tuple[bool, ...] | None) -> str:
    """The cleaning without any shortcut or cache: what ``clean_text`` gave before."""
    return text_module._clean_text.__wrapped__(text, full_lines) if text else ""


def test_clean_text_is_the_full_cleaning(texts):
    """Every text cleans as the full cleaning cleans it, the shortcut taken or not."""
    shortcut = 0
    for text in texts:
        assert clean_text(text) == full_clean(text, None), repr(text)
        shortcut += bool(text) and is_clean(text)
    assert shortcut > len(texts) // 4  # the shortcut is taken, not only the fallback


def test_clean_text_with_line_flags(texts):
    """A text shown clean has no line break: its flags change nothing, as in the full cleaning."""
    rng = random.Random(3)
    for text in texts[:20000]:
        if not text:
            continue
        flags = tuple(rng.random() < 0.5 for _ in range(text.count("\n") + 1))
        assert clean_text(text, flags) == full_clean(text, flags), (text, flags)
        wrong = flags + (True,)  # a count that does not describe the lines is dropped
        assert clean_text(text, wrong) == full_clean(text, wrong), (text, wrong)


def test_clean_texts_are_not_cached(texts):
    """The shortcut leaves the cache alone: a clean text adds no entry to empty later."""
    text_module._clean_text.cache_clear()
    clean = [t for t in texts if t and is_clean(t)]
    for t in clean:
        clean_text(t)
    assert text_module._clean_text.cache_info().currsize == 0


def test_only_unprintable_characters_split():
    """``str.split()`` splits at whitespace; every whitespace character but the space is
    one ``str.isprintable`` refuses, so a printable text without two spaces in a row or a
    space at either end is its own ``" ".join(text.split())``."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isspace() and char != " ":
            assert not char.isprintable(), hex(code)


# --- records built through their slots (records.slot_init) ----------------------------

def _slot_init_classes() -> list[type]:
    from normalize import milestones, records, regions

    return [records.Issue, records.Period, records.Executor, records.IndicatorTarget,
            records.School, records.RiskHit, records.MilestoneHit, milestones.Evidence,
            milestones.Alignment, regions.RegionMention]


def _reference(cls: type) -> type:
    """The same fields as a plain frozen slots dataclass: its ``__init__`` is the generated one."""
    import dataclasses

    spec = [(f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(f"Ref{cls.__name__}", spec, frozen=True, slots=True)


@pytest.mark.parametrize("cls", _slot_init_classes(), ids=lambda c: c.__name__)
def test_slot_init_is_the_dataclass_init(cls):
    """Same parameters and defaults; every argument pattern stores the same fields and
    fails the same way; the record stays frozen, equal and hashed by its fields."""
    import dataclasses
    import inspect

    assert cls.__init__ is object.__init__ and cls.__new__.__code__.co_filename == "<string>"
    ref = _reference(cls)
    params = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.default, p.kind) for p in params] == [
        (p.name, p.default, p.kind) for p in inspect.signature(ref).parameters.values()]
    names = [p.name for p in params]
    rng = random.Random(5)
    for _ in range(300):
        values = [rng.choice([None, 0, 1.5, "x", "", (), ("a",), f"v{rng.randint(0, 9)}"]) for _ in names]
        n = rng.randint(0, len(names))
        keywords = dict(zip(names[n:], values[n:])) if rng.random() < 0.5 else {}
        args = values[:n]
        try:
            expected = dataclasses.astuple(ref(*args, **keywords))
        except TypeError:
            with pytest.raises(TypeError):
                cls(*args, **keywords)
            continue
        record = cls(*args, **keywords)
        assert tuple(getattr(record, name) for name in names) == expected
        assert record == cls(*args, **keywords) and hash(record) == hash(cls(*args, **keywords))
        assert pickle.loads(pickle.dumps(record)) == record  # as a worker sends it back
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, names[0], "changed")
    with pytest.raises(TypeError):
        cls(*range(len(names) + 1))  # one argument too many


def test_slot_init_refuses_what_it_cannot_build():
    """A class slot_init would build wrongly is refused, not silently mis-built."""
    import dataclasses

    from normalize.records import slot_init

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        items: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(slots=True)
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Post:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (Factory, Mutable, NoSlots, Post):
        with pytest.raises(TypeError):
            slot_init(cls)


# --- a row's cells (document._row_cells) ------------------------------------------------

def test_row_cells_are_the_non_empty_cells(corpus_docs):
    """``filter(None, …)`` keeps what the generator kept: every non-empty cell, in order."""
    from normalize.document import _row_cells
    from normalize.records import RawRow
    from normalize.tables import assemble

    rows = [row for doc in corpus_docs for row in assemble(doc).rows]
    rows += [RawRow(section=None, item_no="", activity="а", period_raw=None, executors_raw=" ",
                    indicator="", extra={"x": "", "y": "б", "z": None}, page=1)]
    assert len(rows) > 100
    for row in rows:
        cells = (row.item_no, row.activity, row.period_raw, row.executors_raw, row.indicator,
                 *row.extra.values())
        assert _row_cells(row) == tuple(c for c in cells if c)


# --- the writer's rows (writer.activity_rows) --------------------------------------------

def activity_rows_reference(records, *, doc_id, source_file, meta):
    """``activity_rows`` as it was: every list through ``_dicts`` / ``_schools`` / ``_issues``."""
    from schemas.writer import _dicts, _issues, _schools, doc_fields

    shared = doc_fields(meta)
    rows = []
    for index, rec in enumerate(records):
        raw = rec.row
        names, entities = _schools(rec.schools)
        rows.append({
            "doc_id": doc_id, "source_file": source_file, "row_index": index, "page": raw.page,
            **shared,
            "section": raw.section, "item_no": raw.item_no, "activity": raw.activity,
            "period_raw": raw.period_raw, "executors_raw": raw.executors_raw,
            "indicator": raw.indicator, "extra": list(raw.extra.items()),
            "period_start": rec.period.start, "period_end": rec.period.end,
            "recurrence": rec.period.recurrence, "done": rec.done,
            "executors": _dicts(rec.executors),
            "indicator_targets": _dicts(rec.indicator_targets),
            "risk_directions": rec.risk_directions,
            "risk_evidence": _dicts(rec.risk_evidence),
            "risk_topics": rec.risk_topics,
            "risk_topic_evidence": _dicts(rec.risk_topic_evidence),
            "schools": names, "school_entities": entities,
            "warnings": _issues([*raw.issues, *rec.issues]),
            "task": raw.task, "merged_from": list(raw.merged_from),
            "milestone": rec.milestone, "activity_kind": rec.activity_kind,
            "milestone_evidence": _dicts(rec.milestone_evidence),
        })
    return rows


@pytest.fixture(scope="module")
def normalized(corpus_docs):
    from normalize.document import normalize_document

    return [normalize_document(doc) for doc in corpus_docs + [read_docx(p) for p in SAMPLES]]


def test_activity_rows_are_the_reference(normalized):
    """Same dicts, same key order, and every list a fresh one (a caller may extend it)."""
    from schemas.writer import activity_rows

    n_rows = n_empty = 0
    for result in normalized:
        got = activity_rows(result.records, doc_id="d", source_file="f.docx", meta=result.meta)
        want = activity_rows_reference(result.records, doc_id="d", source_file="f.docx", meta=result.meta)
        assert [list(row.items()) for row in got] == [list(row.items()) for row in want]
        for row in got:
            lists = [v for v in row.values() if isinstance(v, list)]
            assert len({id(v) for v in lists}) == len(lists)
            n_empty += sum(not v for v in lists)
        n_rows += len(got)
    assert n_rows > 200 and n_empty > n_rows  # the empty-list shortcut is taken
