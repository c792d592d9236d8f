"""The DOCX reading fast paths of round 13 give what the plain code gives.

* One central-directory parse per zip file: the size check (``limits.zip_kind_and_size``)
  keeps the ``ZipFile`` it opened for the sniffer of that very bytes object
  (``zip_members.open_zip``); the sniffer's verdict (its value or its error, word for word) is
  the one it gives on a zip it opens itself, on every DOCX of the repository and the synthetic
  corpus and on broken, truncated, damaged and other zips made from them;
* ``docx_index.scan_body`` in a pass per tag vs the one pass over all tags it replaced
  (kept here), on every body of test_fast7_docxread (hand-made edge cases, the repository's
  DOCX, the synthetic corpus): texts, marks, the table index, dict orders included;
* ``model.new_cell`` / ``new_text_block`` (plain stores into a twin of the class's slots, then
  the class changed) vs the dataclass constructors.
"""
from __future__ import annotations

import dataclasses
import io
import pickle
import random
import sys
import zipfile
from pathlib import Path

import pytest

from extract import docx_index as di
from extract import zip_members
from extract.docx import forget_templates, read_docx
from extract.errors import ExtractError
from extract.model import Cell, TextBlock, new_cell, new_text_block
from extract.sniff import sniff_format, take_verified
from roadmap500 import pipeline
from roadmap500.limits import LimitExceeded, Limits, zip_kind_and_size
from tests.test_docx_fast_paths import _docx_files
from tests.test_fast7_docxread import _bodies


@pytest.fixture(scope="module")
def synthetic_docx(tmp_path_factory) -> list[Path]:
    """Synthetic orders built here (as in test_fast7_docxread)."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(root / "benchmarks"))
    files, _ = build_corpus(12, tmp_path_factory.mktemp("fast13"), pdf=False)
    return files


@pytest.fixture(autouse=True)
def _forget():
    forget_templates()
    zip_members.forget_zip()
    yield
    forget_templates()
    zip_members.forget_zip()


def _variants(data: bytes, rng: random.Random) -> list[bytes]:
    """A zip and what goes wrong with zips: cut short, bytes flipped, a member renamed, an
    unrelated zip, members past the first dropped."""
    out = [data, data[: len(data) // 2], data[: len(data) - 30], data[:200]]
    for _ in range(3):
        damaged = bytearray(data)
        at = rng.randrange(30, len(data))
        damaged[at] ^= 0xFF
        out.append(bytes(damaged))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(info.filename, zf.read(info)) for info in zf.infolist()]
    for rename in ({"word/document.xml": "word/other.xml"}, {}):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, blob in members[: None if not rename else len(members)]:
                zf.writestr(rename.get(name, name), blob)
        out.append(buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(*members[0])
    out.append(buffer.getvalue())
    return out


def _verdict(path: Path, data: bytes) -> tuple:
    """What the sniffer says of ``data``: its value, or its error's type, reason and format;
    and the package it hands the reader (names, parts)."""
    try:
        value = sniff_format(path, data)
    except ExtractError as exc:
        return type(exc).__name__, exc.reason, exc.format
    verified = take_verified(data)
    return value, None if verified is None else (verified.names, verified.parts)


def _inputs(synthetic_docx) -> list[tuple[Path, bytes]]:
    rng = random.Random(13)
    out = []
    for path in [*synthetic_docx, *_docx_files()]:
        out.extend((path, variant) for variant in _variants(path.read_bytes(), rng))
    return out


def test_sniffer_on_the_kept_zip_says_what_it_says_on_its_own(synthetic_docx):
    for path, data in _inputs(synthetic_docx):
        zip_members.forget_zip()
        alone = _verdict(path, data)
        expected_size = zip_kind_and_size(Path(path)) if data == path.read_bytes() else None
        size = zip_kind_and_size(data)  # keeps its zip for the sniffer
        if expected_size is not None:
            assert size == expected_size
        assert zip_members._kept is None or zip_members._kept[0] is data
        copy = bytes(bytearray(data))  # equal bytes, another object: not handed the kept zip
        assert _verdict(path, copy) == alone
        assert _verdict(path, data) == alone, path
        assert zip_members._kept is None  # handed over once (or never kept)


def test_a_kept_zip_goes_only_to_its_own_bytes(synthetic_docx):
    first, second = (p.read_bytes() for p in synthetic_docx[:2])
    zip_kind_and_size(first)
    assert zip_members._kept[0] is first
    with zip_members.open_zip(second) as zf:
        assert zf.fp.getvalue() is second
    assert zip_members._kept is None  # another file was opened: the kept one is dropped
    zip_kind_and_size(first)
    with zip_members.open_zip(first) as zf:
        assert zf.fp.getvalue() is first
    with zip_members.open_zip(first) as again:
        assert again is not zf


def test_the_pipeline_parses_a_zip_directory_once(synthetic_docx, monkeypatch):
    parsed = []
    real = zipfile.ZipFile._RealGetContents

    def counting(self):
        parsed.append(self)
        return real(self)

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", counting)
    for path in synthetic_docx[:4]:
        parsed.clear()
        doc = pipeline._read(path, path.read_bytes(), Limits(), lambda *_: None)
        assert doc.tables and len(parsed) == 1
        assert zip_members._kept is None


def test_a_refused_zip_is_not_kept(synthetic_docx):
    path = synthetic_docx[0]
    with pytest.raises(LimitExceeded) as refused:
        pipeline._read(path, path.read_bytes(), Limits(decompressed_mb=0.001), lambda *_: None)
    assert refused.value.status == "too_large"
    assert zip_members._kept is None


# --- the model's cells and blocks built by plain stores ---------------------------------

def _fields(obj) -> tuple:
    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))


def test_new_cell_and_block_are_the_constructors(synthetic_docx):
    """Every field (the defaults too), equality, hash, repr, pickling and frozenness, on random
    arguments and on every cell and block the reader makes of the synthetic corpus."""
    rng = random.Random(13)
    cells = [("".join(rng.choice("аб \n1") for _ in range(rng.randrange(6))), rng.randrange(50),
              rng.randrange(9), rng.randrange(1, 4), rng.randrange(1, 4), rng.randrange(1, 9))
             for _ in range(300)]
    blocks = [(text, page, order) for text, _, _, _, page, order in cells]
    for path in synthetic_docx:
        doc = read_docx(path)
        cells += [(c.text, c.row, c.col, c.row_span, c.col_span, c.page)
                  for table in doc.tables for c in table.cells]
        blocks += [(b.text, b.page, b.order) for b in doc.blocks]
    for make, cls, many in ((new_cell, Cell, cells), (new_text_block, TextBlock, blocks)):
        for args in many:
            fast, plain = make(*args), cls(*args)
            assert type(fast) is cls and _fields(fast) == _fields(plain)
            assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
            assert pickle.loads(pickle.dumps(fast)) == plain
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.text = "b"


# --- scan_body, a pass per tag ----------------------------------------------------------

_SCANNED = (di._W_P, di._W_T, di._W_TC, di._W_TR, di._W_TBL, di._W_SDT, di._W_GRID_SPAN,
            di._W_VMERGE, di._W_GRID_BEFORE)


def _reference_scan_body(body, marked):
    """docx_index.scan_body before round 13: one pass over all the tags, dispatched on ``.tag``.

    Completes ``marked`` (:func:`marked_paragraphs`) with every paragraph that holds another
    one, and gives the text of each other paragraph: such a paragraph holds no other
    paragraph, so its texts are the ``w:t`` whose nearest paragraph it is."""
    paragraphs: set = set()
    free = {body}
    texts: dict[etree._Element, str] = {}
    rows: dict = {}
    cells: dict = {}
    cell_paragraphs: dict = {}
    odd_cells: set = set()
    marked_cells: set = set()
    offset_rows: set = set()
    for el in body.iter(*_SCANNED):
        tag = el.tag
        if tag == di._W_T:
            text = el.text
            if text:
                p = el.getparent()
                while p is not None and p not in paragraphs:
                    p = p.getparent()
                if p is not None:
                    if p in texts:
                        texts[p] += text
                    else:
                        texts[p] = text
        elif tag == di._W_P:
            parent = el.getparent()
            if parent not in free and di._is_nested(el, paragraphs, free):
                di._add_paragraph_ancestors(el, marked)
            paragraphs.add(el)
            owner = cell_paragraphs.get(parent)
            if owner is not None:
                owner.append(el)
        elif tag == di._W_TC or tag == di._W_TR:  # listed in its row (table); its own list opened
            owners, own = (cells, cell_paragraphs) if tag == di._W_TC else (rows, cells)
            parent = el.getparent()
            owner = owners.get(parent)  # di._owner's first step, inlined: most parents are it
            if owner is None and parent is not None and parent.tag in di._WRAPPERS:
                owner = di._owner(parent, owners)
            if owner is not None:
                owner.append(el)
            own[el] = []
            if parent in free:  # so the paragraphs in it need no climb in di._is_nested
                free.add(el)
        elif tag == di._W_TBL or tag == di._W_SDT:
            if tag == di._W_TBL:
                rows[el] = []
            parent = el.getparent()
            if parent in cell_paragraphs:
                odd_cells.add(parent)
            if parent in free:
                free.add(el)
        else:  # gridSpan, vMerge (in a w:tcPr), gridBefore (in a w:trPr)
            parent = el.getparent()
            if parent is not None:
                (offset_rows if tag == di._W_GRID_BEFORE else marked_cells).add(parent.getparent())
    for p in marked:
        texts.pop(p, None)
    return di.BodyScan(texts, di.TableIndex(rows, cells, cell_paragraphs, odd_cells, marked_cells,
                                      offset_rows))


def _as_lists(scan) -> tuple:
    index = scan.tables
    return (list(scan.texts.items()), list(index.rows.items()), list(index.cells.items()),
            list(index.paragraphs.items()), index.odd_cells, index.marked_cells,
            index.offset_rows)


def test_scan_body_by_tags_is_the_one_pass(synthetic_docx):
    bodies = _bodies(synthetic_docx)
    assert len(bodies) > 30
    seen = dict.fromkeys(("nested", "odd", "marked", "offset"), 0)
    for body, styled in bodies:
        marked = di.marked_paragraphs(body, styled)
        reference_marked = set(marked)
        reference = _reference_scan_body(body, reference_marked)
        scan = di.scan_body(body, marked)
        assert marked == reference_marked
        assert _as_lists(scan) == _as_lists(reference)
        seen["nested"] += len(marked) > len(di.marked_paragraphs(body, styled))
        seen["odd"] += bool(scan.tables.odd_cells)
        seen["marked"] += bool(scan.tables.marked_cells)
        seen["offset"] += bool(scan.tables.offset_rows)
    assert all(seen.values()), seen
