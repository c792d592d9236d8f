"""The round-13 speed-up of the definitions tokenizer gives what the code it replaced gave.

``definition_tokens._scan`` (the tokens of a window of a document's text, of an executors cell,
of a name) splits the text at whitespace and takes each chunk's tokens from a table kept per
chunk, the offsets counted from the chunks' lengths; ``_scan_regex``, the regex scan it
replaced, stays as the reference and as the way for a text with a tab or a gap wider than one
character.  Compared on the synthetic corpus's and the samples' texts as ``normalize_document``
builds them (every line, every cell, the whole text, every window the definitions reader reads,
slices at arbitrary offsets) and on made-up texts of odd whitespace and characters, with the
chunk tables empty and filled.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from normalize import definition_tokens, definitions
from normalize.definition_tokens import _scan, _scan_regex

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def document_texts(tmp_path_factory) -> list[str]:
    """Each synthetic and sample DOCX's text as ``normalize_document`` hands it to
    ``find_definitions`` (lines, then every table's cells, cleaned, joined by line breaks)."""
    from extract import read_document
    from normalize.text import clean_text

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus, _ = build_corpus(16, tmp_path_factory.mktemp("corpus"), seed=13, pdf=False)
    paths = [p for p in corpus if p.exists()] + sorted((ROOT / "samples").glob("*.docx"))
    out = []
    for path in paths:
        doc = read_document(path)
        lines = [clean_text(b.text) for b in doc.blocks if b.text.strip()]
        cells = [text for t in sorted(doc.tables, key=lambda t: t.order)
                 for text in (clean_text(c.text) for c in t.cells) if text]
        out.append("\n".join([*lines, *cells]))
    assert len(out) >= 20
    return out


def _windows(texts: list[str]) -> list[tuple[str, int, int]]:
    """Every window the definitions reader tokenizes in ``texts``."""
    seen: list[tuple[str, int, int]] = []
    real = definitions._read_window

    def record(text, start, end, short, *, margin=0):
        seen.append((text, start, end))
        return real(text, start, end, short, margin=margin)

    definitions._read_window = record
    try:
        for text in texts:
            definitions._definition_spans.__wrapped__(text)
    finally:
        definitions._read_window = real
    return seen


_PALETTE = ["школа", "Омской", "ГБУ", "ДО", "план-график", "по‑русски", "2024", "3.03.2024", "1,5",
            "10+", "№", "«", "»", "„", "“", "”", '"', "(", ")", ",", ";", ".", ":", "–", "-", "—",
            "é", "ї", "²", "٣", "ß", "x", "Ёлка", "a-b", "5-b", "-", "‑"]
_GAPS = [" ", " ", " ", "", "", "\n", "\n\n", "  ", "\t", "\xa0", "\u2009", "\r", " \n ", "\x1c", "\u3000"]


def _made_up(count: int, seed: int) -> list[str]:
    """Words, numbers and marks run together or apart by every kind of whitespace."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 14)):
            parts.append(rng.choice(_GAPS) if rng.random() < 0.45 else rng.choice(_PALETTE))
        out.append("".join(parts))
    return out


def _cases(texts: list[str]) -> list[tuple[str, int, int]]:
    """(text, start, end): whole texts, their lines and cells, the reader's windows, slices."""
    rng = random.Random(13)
    cases = [(t, 0, len(t)) for t in texts]
    cases += [(line, 0, len(line)) for t in texts for line in t.split("\n")]
    cases += _windows(texts)
    for t in texts:
        for _ in range(40):
            a = rng.randrange(len(t) + 1)
            cases.append((t, a, min(len(t), a + rng.choice([1, 5, 30, 200, 400, 1500]))))
    made_up = _made_up(4000, 13)
    cases += [(t, 0, len(t)) for t in made_up]
    cases += [(t, a, b) for t in made_up[:1000] for a, b in [sorted((rng.randrange(len(t) + 1),
                                                                     rng.randrange(len(t) + 1)))]]
    return cases


def _forget_chunks() -> None:
    definition_tokens._WHOLE_CHUNKS.clear()
    definition_tokens._CHUNK_PARTS.clear()


def test_scan_equals_the_regex_scan(document_texts):
    """Same tokens, kinds and offsets, with the chunk tables empty and then filled."""
    cases = _cases(document_texts)
    assert sum(len(_scan_regex(*c)) for c in cases) > 100_000
    for _ in range(2):  # first with empty chunk tables, then with them filled
        _forget_chunks()
        for text, start, end in cases:
            assert _scan(text, start, end) == _scan_regex(text, start, end), (text[start:end][:120], start)
        for text, start, end in cases:
            got = _scan(text, start, end)
            assert got == _scan_regex(text, start, end), (text[start:end][:120], start)
            assert all(type(token) is definitions.Token for token in got)


def test_cleaned_texts_take_the_chunk_way(document_texts):
    """The document's windows, lines and cells (single spaces, no tab) are read chunk by
    chunk, not by the fallback; a tab or a wider gap is read by the regex scan."""
    calls = []
    real = definition_tokens._scan_regex

    def counted(text, start, end):
        calls.append(text[start:end])
        return real(text, start, end)

    windows = _windows(document_texts)
    assert len(windows) > 40
    definition_tokens._scan_regex = counted
    try:
        _forget_chunks()
        for text, start, end in windows:
            _scan(text, start, end)
        chunk_calls = len(calls)
        assert all(" " not in c.strip() for c in calls)  # only new chunks were scanned
        for text, start, end in windows:
            _scan(text, start, end)
        assert len(calls) == chunk_calls  # every chunk known now
        for odd in ("a\tb", "a  b", "a \xa0b"):
            _scan(odd, 0, len(odd))
            assert calls[-1] == odd
    finally:
        definition_tokens._scan_regex = real


def test_chunk_tables_hold_the_regex_tokens():
    _forget_chunks()
    texts = _made_up(2000, 7)
    for text in texts:
        _scan(text, 0, len(text))
    whole, parts = definition_tokens._WHOLE_CHUNKS, definition_tokens._CHUNK_PARTS
    assert len(whole) > 20 and len(parts) > 20
    for chunk, kind in whole.items():
        assert [tuple(t) for t in _scan_regex(chunk, 0, len(chunk))] == [(kind, chunk, 0, len(chunk))]
    for chunk, found in parts.items():
        assert [tuple(t) for t in _scan_regex(chunk, 0, len(chunk))] == list(found)


def test_definitions_and_tokenize_answer_as_before(document_texts, monkeypatch):
    """find_definition_spans and tokenize over the regex scan give what they give now."""
    texts = [*document_texts, *_made_up(300, 3)]
    cells = sorted({line for t in document_texts for line in t.split("\n")})
    fast = [definitions._definition_spans.__wrapped__(t) for t in texts]
    fast_cells = [definitions.tokenize(c) for c in cells]
    assert sum(map(len, fast)) > 30
    monkeypatch.setattr(definition_tokens, "_scan", _scan_regex)
    definition_tokens._cell_tokens.cache_clear()
    assert [definitions._definition_spans.__wrapped__(t) for t in texts] == fast
    assert [definitions.tokenize(c) for c in cells] == fast_cells
    definition_tokens._cell_tokens.cache_clear()


def test_the_chunk_shortcuts_read_the_regex_classes():
    """A chunk of ``_WORD_LETTERS`` only is one word, of ``str.isdecimal`` digits only one
    number: the letters are exactly the word class, the decimal digits exactly ``\\d``."""
    import re

    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    letter = re.compile("[A-Za-zА-Яа-яЁё]")
    digit = re.compile(r"\d")
    assert set(definition_tokens._WORD_LETTERS) == {c for c in chars if letter.fullmatch(c)}
    assert [c for c in chars if c.isdecimal()] == [c for c in chars if digit.fullmatch(c)]
    _forget_chunks()
    for chunk in ["образования", "ЁЛКА", "Word", "2024", "٣٣", "x²", "план-график", "a1", "é", "²", "①", "١٢"]:
        assert [tuple(t) for t in _scan_regex(chunk, 0, len(chunk))] == list(definition_tokens._chunk_tokens(chunk))
