"""Round 14: a text is cleaned once where cleaning it again provably changes nothing.

``normalize_document`` hands metadata its lines and cells as :class:`normalize.text.CleanTexts`
(what ``clean_text`` returned); metadata's ``_prepare`` / ``clean_all`` then clean again only
the texts holding "<" or "&" (``CleanTexts.again``) instead of testing every text with
``is_clean`` (``isprintable`` and five searches over the whole document).  That rests on one
lemma: a text ``clean_text`` returned, without those two characters, is its own cleaning
(its stray pipes are gone already).
Checked here on every line and cell of the synthetic corpus and the samples (DOCX and PDF,
the PDF's ``full_lines`` too) and on made-up texts of odd whitespace, soft hyphens, control,
format and combining characters.  ``clean_text`` is NOT idempotent in general (an HTML entity
that decodes into a tag or another entity): pinned below as a finding, and the reason
``again`` cleans those texts again rather than trusting them.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from normalize import document, metadata
from normalize.metadata_text import _prepare, clean_all
from normalize.text import CleanTexts, clean_again, clean_text, clean_texts

ROOT = Path(__file__).resolve().parents[1]
_MARKS = ("<", "&")


@pytest.fixture(scope="module")
def corpus_docs(tmp_path_factory) -> list:
    """16 synthetic DOCX and every sample DOCX and PDF, read."""
    from extract import read_document

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus, _ = build_corpus(16, tmp_path_factory.mktemp("corpus"), seed=14, pdf=False)
    paths = ([p for p in corpus if p.exists()] + sorted((ROOT / "samples").glob("*.docx"))
             + sorted((ROOT / "samples").glob("*.pdf")))
    docs = [read_document(p) for p in paths]
    assert len(docs) >= 26
    return docs


def _raw_texts(docs) -> list[tuple[str, tuple[bool, ...] | None]]:
    """Every block's and cell's text as read (with a cell's ``full_lines``)."""
    out: list[tuple[str, tuple[bool, ...] | None]] = []
    for doc in docs:
        out += [(b.text, None) for b in doc.blocks]
        for table in doc.tables:
            for cell in table.cells:
                out.append((cell.text, None))
                if cell.full_lines is not None:
                    out.append((cell.text, tuple(cell.full_lines)))
    return out


_PIECES = ["слово", "Приказ", "школа-\n500+", "2021-\n2022", "обра-\nзования", "об\u00adра\u00ad\nзо",
           "https://x.ru/a/\nb", "a", "N", "№ 5", "«Х»", "(далее –", "|", " | ", "||", "<b>", "</p>",
           "<a<b>>", "&amp;", "&lt;", "&gt;", "&nbsp;", "&quot;", "&amp;nbsp;", "&lt;i&gt;", "&",
           "x&y", "<", ">", "a < b", "\u00ad", "\u0301", "е\u0308", "\u200b", "\u200e", "\x00",
           "\x07", "\x1c", "\x1f", "\x85", "\u2028", "\u2029", "\u00a0", "\u2009", "\u3000",
           "\t", "\n", "\r\n", "\v", "\f", " ", "  ", "\n\n", "-", "—", "¤", "\ufeff", "𝔄"]


def _made_up(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12))) for _ in range(n)]


def test_clean_text_is_its_own_cleaning_without_the_marks(corpus_docs):
    """The lemma ``CleanTexts.again`` rests on, for both ways cleaning is called."""
    texts = _raw_texts(corpus_docs) + [(t, None) for t in _made_up(20000, 14)]
    texts += [(t, tuple(i % 2 == 0 for i in range(t.count("\n") + 1))) for t in _made_up(3000, 15)]
    checked = 0
    for text, full_lines in texts:
        once = clean_text(text, full_lines)
        if not any(m in once for m in _MARKS):
            assert clean_text(once) == once, (text, full_lines)
            assert clean_again(once) == once
            checked += 1
    assert checked > 10000


def test_clean_text_idempotent_on_the_corpus(corpus_docs):
    """Every text of the corpus is its own cleaning once cleaned (the finding below is about
    made-up HTML debris, not anything an order in the corpus prints)."""
    for text, full_lines in _raw_texts(corpus_docs):
        once = clean_text(text, full_lines)
        assert clean_text(once) == once, (text, full_lines)


@pytest.mark.parametrize(("raw", "once", "twice"), [
    ("&lt;b&gt;x", "<b>x", "x"),            # an entity decodes into a tag
    ("a &amp;nbsp;b", "a &nbsp;b", "a b"),  # "&amp;" decodes into another entity
    ("a &amp;amp; b", "a &amp; b", "a & b"),
    ("x <a<b>> y", "x <a > y", "x y"),      # removing an inner tag makes an outer one
    ("a<b>| | c", "a c", "a c"),            # (pipes: idempotent, tags go first)
])
def test_clean_text_is_not_idempotent_on_html_debris(raw, once, twice):
    """Finding: cleaning twice differs from cleaning once here, so the second cleaning the
    metadata readers have always done is kept for texts holding "<" or "&"."""
    assert clean_text(raw) == once
    assert clean_text(once) == twice
    assert CleanTexts.again(clean_texts([raw])) == [twice]


def _reference_again(texts) -> list[str]:
    return [clean_again(t) for t in texts if t and t.strip()]


def test_again_equals_cleaning_again(corpus_docs):
    """``CleanTexts.again`` = ``clean_all``'s old reading, per document and on made-up lists
    (one text with a mark among clean ones, all clean, empty)."""
    groups = []
    for doc in corpus_docs:
        groups.append([b.text for b in doc.blocks if b.text.strip()])
        groups.append([c.text for t in doc.tables for c in t.cells])
    rng = random.Random(16)
    made = _made_up(6000, 16)
    groups += [made[k:k + rng.randint(0, 40)] for k in range(0, len(made), 40)]
    groups += [[], [""], ["", "a"], ["a |"], ["a", "b&amp;nbsp;c"]]
    for raw in groups:
        for drop in (False, True):
            cleaned = clean_texts(raw, drop_empty=drop)
            assert type(cleaned) is CleanTexts
            assert list(cleaned) == [c for c in map(clean_text, raw) if c or not drop]
            plain = list(cleaned)
            assert cleaned.again() == _reference_again(plain), raw
            assert clean_all(cleaned) == clean_all(plain) == _reference_again(plain)
            assert _prepare(cleaned) == _prepare(plain), raw


def test_metadata_same_from_typed_texts(corpus_docs):
    """``extract_metadata`` of the lines and cells typed as cleaned = of the same lists."""
    from normalize.tables import assemble

    for doc in corpus_docs:
        lines = clean_texts(b.text for b in doc.blocks if b.text.strip())
        cells = clean_texts((c.text for t in sorted(doc.tables, key=lambda t: t.order)
                             for c in t.cells), drop_empty=True)
        dates = [row.period_raw for row in assemble(doc).rows]
        typed = metadata.extract_metadata(lines, table_texts=cells, date_cells=dates)
        plain = metadata.extract_metadata(list(lines), table_texts=list(cells), date_cells=dates)
        assert typed == plain


def test_document_hands_metadata_typed_texts(corpus_docs, monkeypatch):
    """``normalize_document`` passes its lines and cells as ``CleanTexts``, the same texts
    as before (non-blank blocks cleaned, "" kept; every table's non-empty cleaned cells)."""
    seen = []
    real = metadata.extract_metadata

    def spy(lines, *, table_texts=(), date_cells=()):
        seen.append((lines, table_texts))
        return real(lines, table_texts=table_texts, date_cells=date_cells)

    monkeypatch.setattr(metadata, "extract_metadata", spy)
    for doc in corpus_docs[:4] + corpus_docs[-2:]:
        seen.clear()
        document.normalize_document(doc, nlp=False)
        (lines, cells), = seen
        assert type(lines) is CleanTexts and type(cells) is CleanTexts
        assert list(lines) == [clean_text(b.text) for b in doc.blocks if b.text.strip()]
        assert list(cells) == [text for t in sorted(doc.tables, key=lambda t: t.order)
                               for text in (clean_text(c.text) for c in t.cells) if text]


def _reference_cells(doc) -> list[str]:
    """``normalize_document``'s cell texts as the code before round 14 made them."""
    return [text for t in sorted(doc.tables, key=lambda t: t.order)
            for text in (clean_text(c.text) for c in t.cells) if text]


def _odd_variants(doc):
    """``doc`` with its tables made hard for ``_cell_texts``: a cell given ``full_lines`` that
    change its cleaning (no line reaches the edge: "качест|ва" stays two words), a
    cell anchored where another already is (the grid keeps the later one), cells in reverse
    order, and messy texts."""
    from dataclasses import replace

    rng = random.Random(len(doc.tables))
    made = _made_up(400, 17)
    tables = []
    for t in doc.tables:
        cells = list(t.cells)
        for k, c in enumerate(cells):
            roll = rng.random()
            if roll < 0.15:
                text = "обра-\nзования по-\nвышение\nкачест\nва " + c.text
                cells[k] = replace(c, text=text, full_lines=(False,) * (text.count("\n") + 1))
            elif roll < 0.25:
                cells[k] = replace(c, text=rng.choice(made))
        if cells:
            cells.append(replace(cells[0], text=cells[0].text + " второй"))  # same anchor
        if rng.random() < 0.3:
            cells.reverse()
        tables.append(replace(t, cells=cells))
    return replace(doc, tables=tables)


def test_cell_texts_equal_cleaning_each_cell(corpus_docs):
    """``document._cell_texts`` (the views' texts where they are the cell's cleaning) = every
    cell cleaned afresh, on every corpus document (PDF pieces split off a table, cells with
    ``full_lines``) and on odd variants of them."""
    from normalize.tables import assemble

    hit = 0
    for doc in corpus_docs + [_odd_variants(d) for d in corpus_docs]:
        table = assemble(doc)
        got = document._cell_texts(doc, table.views)
        assert type(got) is CleanTexts
        assert list(got) == _reference_cells(doc), doc.source
        hit += sum(1 for v in table.views for row in v.grid for c in row if c is not None)
    assert hit > 3000


def test_document_hands_metadata_every_cell(corpus_docs, monkeypatch):
    """``normalize_document``'s ``table_texts`` are the cells cleaned afresh."""
    seen = []
    real = metadata.extract_metadata

    def spy(lines, *, table_texts=(), date_cells=()):
        seen.append(table_texts)
        return real(lines, table_texts=table_texts, date_cells=date_cells)

    monkeypatch.setattr(metadata, "extract_metadata", spy)
    for doc in corpus_docs:
        seen.clear()
        document.normalize_document(doc, nlp=False)
        assert list(seen[0]) == _reference_cells(doc)
