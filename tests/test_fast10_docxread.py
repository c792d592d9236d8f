"""The DOCX reading fast paths of round 10 give what the plain code gives.

* ``zip_members``: the ``!`` scan for a DTD vs ``marker in head``; a member whose compressed
  bytes and directory values equal a remembered one's is taken as remembered, and only then
  (damaged copies of remembered members, one member's bytes changed under the same directory
  values);
* ``docx_package.ByBytes``: parts remembered by their bytes (equal lengths, other bytes:
  not confused);
* ``docx_numbering.numbering_of`` / ``style_numbering_of``: the lists read once per root, each
  document counting afresh;
* the whole read: every DOCX of the repository and a synthetic corpus read with the memos warm
  (in two orders) as with them dropped before each document (``forget_templates``).
"""
from __future__ import annotations

import dataclasses
import io
import random
import sys
import zipfile
from pathlib import Path

import pytest

from extract import docx as docx_backend
from extract import docx_numbering, docx_package, read_document, zip_members
from extract.docx import forget_templates
from extract.errors import ExtractError
from tests.test_docx_fast_paths import _damaged, _docx_bytes, _docx_files, _outcome

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def synthetic_docx(tmp_path_factory) -> list[Path]:
    """Synthetic orders built here (as in test_fast7_docxread)."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    try:
        from synthetic_corpus import build_corpus
    finally:
        sys.path.remove(str(root / "benchmarks"))
    corpus, _ = build_corpus(16, tmp_path_factory.mktemp("corpus10"), seed=10, pdf=False)
    corpus = [path for path in corpus if path.exists()]
    assert len(corpus) >= 12
    return corpus


@pytest.fixture(autouse=True)
def _forget():
    forget_templates()
    yield
    forget_templates()


# --- the DTD scan ----------------------------------------------------------------------


def test_declares_dtd_with_many_exclamations_is_a_marker_in_the_head():
    """Heads with "!" in text (more than the one-by-one look covers), "<!" and markers at
    and around the head's end: the scan says what ``marker in head`` says."""
    rng = random.Random(1010)
    head = zip_members._HEAD_XML
    pieces = [b"<a>", b"!", b"!!", b"<", b"<!", b"<!-- c -->", b"x" * 50, b"<!DOCTYPE", b"<!ENTITY",
              b"<!DOCTYP", b"<!ENTIT", b"DOCTYPE"]
    for _ in range(600):
        xml = b"".join(rng.choice(pieces) for _ in range(rng.randrange(40)))
        if rng.random() < 0.3:  # push the interesting part to the head's end
            xml = b"y" * (head - rng.randrange(12)) + xml
        expected = any(m in xml[:head] for m in zip_members._DTD_MARKERS)
        assert zip_members._declares_dtd(xml) == expected, xml[-80:]
    for bangs in range(zip_members._BANGS + 3):  # "!"s before the "<!DOCTYPE"
        xml = b"<w>" + b"wow! " * bangs + b"<!DOCTYPE x>"
        assert zip_members._declares_dtd(xml)
        assert not zip_members._declares_dtd(xml.replace(b"<!DOCTYPE", b"<!-- x"))
    assert not zip_members._declares_dtd(b"!") and not zip_members._declares_dtd(b"")


# --- members remembered ------------------------------------------------------------------


def _big_member_package() -> bytes:
    """A package whose document.xml is big enough to be remembered."""
    rng = random.Random(5)
    text = "".join(rng.choice("абвгдежз 0123456789") for _ in range(60000))
    return _docx_bytes(lambda d: d.add_paragraph(text))


def _flip_in_member(data: bytes, name: str, at: int) -> bytes:
    """``data`` with one byte of ``name``'s compressed bytes changed, the directory as it was."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    copy = bytearray(data)
    copy[start + at] ^= 0x55
    return bytes(copy)


def test_remembered_members_show_what_inflating_them_shows():
    """Damaged copies of packages whose members are remembered: the outcome with the memo
    warm (the clean package read first) is the outcome with it empty, and zipfile's."""
    packages = [path.read_bytes() for path in _docx_files()[:3]]
    packages.append(_big_member_package())
    cases = [bad for i, data in enumerate(packages) for bad in _damaged(data, 40, 1000 + i)]
    hits = 0
    for data in cases:
        forget_templates()
        cold = _outcome(data)
        for package in packages:
            _outcome(package)  # every clean member remembered
        remembered = dict(zip_members._inflated_before)
        warm = _outcome(data)
        hits += any(before[1] is blob for before in remembered.values()
                    for blob in (warm[2].values() if warm[0] != "raised" else ()))
        assert warm == cold
    assert hits > 20  # the memo was used, not only filled


def test_a_changed_member_under_the_same_directory_is_not_taken_as_remembered():
    """The clean package remembered, then a copy with a byte of the big member's compressed
    data changed (size and CRC in the directory unchanged): named corrupt as when cold."""
    data = _big_member_package()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
    assert info.compress_size >= zip_members._MEMO_MIN
    rng = random.Random(11)
    for _ in range(20):
        bad = _flip_in_member(data, "word/document.xml", rng.randrange(info.compress_size))
        forget_templates()
        cold = _outcome(bad)
        _outcome(data)
        assert (info.compress_type, info.file_size, info.CRC) in zip_members._inflated_before
        assert _outcome(bad) == cold
        assert cold[0] == "word/document.xml" or cold[0] == "raised"


# --- parts remembered by their bytes -------------------------------------------------------


def _styles(ids: list[str]) -> bytes:
    """A styles part whose styles ``ids`` carry numbering (all of one length when the ids are)."""
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="{i}"><w:pPr><w:numPr><w:numId '
                     f'w:val="{k + 1}"/></w:numPr></w:pPr></w:style>' for k, i in enumerate(ids))
    return f'<w:styles xmlns:w="{W}">{styles}</w:styles>'.encode()


def test_parts_of_equal_length_and_other_bytes_are_not_confused():
    remembered = docx_package._remembered_styles
    variants = [_styles(["AA", "BB"]), _styles(["AB", "BB"]), _styles(["AA", "BC"])]
    assert len({len(v) for v in variants}) == 1
    for _ in range(3):
        for xml in variants:
            got = docx_numbering.style_numbering(remembered(bytes(xml)))  # a new object each time
            assert got == docx_numbering.style_numbering(docx_package.numbered_styles(xml))
    first = remembered(bytes(variants[0]))
    assert remembered(bytes(variants[0])) is first  # remembered: one parse


def test_relationships_remembered_per_folder():
    xml = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           b'<Relationship Id="r1" Type="t" Target="a.xml"/></Relationships>')
    remembered = docx_package._remembered_relationships
    assert remembered(xml, "/word") == [("t", "/word/a.xml", "r1")]
    assert remembered(xml, "/") == [("t", "/a.xml", "r1")]
    assert remembered(bytes(xml), "/word") == [("t", "/word/a.xml", "r1")]


def test_each_document_counts_its_lists_afresh():
    """A numbered list read twice from the same remembered numbering starts at 1 each time."""
    def build(document):
        for k in range(3):
            document.add_paragraph(f"item {k}", style="List Number")

    data = _docx_bytes(build)
    first = read_document(Path("a.docx"), data=data)
    again = read_document(Path("a.docx"), data=bytes(data))
    assert docx_numbering._numbering_before  # the second read used the remembered lists
    assert [b.text for b in first.blocks] == [b.text for b in again.blocks]
    assert first.blocks[0].text.startswith("1.") and first.blocks[2].text.startswith("3.")


# --- whole reads -------------------------------------------------------------------------


def _dump(path: Path):
    try:
        return dataclasses.asdict(read_document(path, data=path.read_bytes(), ocr=False))
    except ExtractError as exc:
        return (type(exc).__name__, str(exc))


def test_every_docx_reads_the_same_with_the_memos_warm(synthetic_docx):
    files = [*_docx_files(), *synthetic_docx]
    cold = {}
    for path in files:
        forget_templates()
        cold[path] = _dump(path)
    forget_templates()
    for order in (files, files[::-1]):
        for path in order:
            assert _dump(path) == cold[path], path
    assert zip_members._inflated_before and docx_package._remembered_styles.before


# --- list labels, marked paragraphs, the page count ----------------------------------------

# paragraph properties in every combination the label reads: numPr with and without numId /
# ilvl, numId 0, a numbered style, an unnumbered one, an empty style id, a pPr change holding
# properties of its own, a numPr not first, a second pStyle
_PPRS = [
    '', '<w:pPr/>', '<w:pPr><w:pStyle w:val="ListNumber"/></w:pPr>',
    '<w:pPr><w:pStyle w:val="Plain"/></w:pPr>', '<w:pPr><w:pStyle w:val=""/></w:pPr>',
    '<w:pPr><w:pStyle/></w:pPr>',
    '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>',
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>',
    '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr>',
    '<w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr>',
    '<w:pPr><w:pStyle w:val="Plain"/><w:numPr><w:ilvl w:val="2"/></w:numPr></w:pPr>',
    '<w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>',
    '<w:pPr><w:spacing/><w:numPr><w:numId w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr>',
    '<w:pPr><w:pStyle w:val="Plain"/><w:pStyle w:val="ListNumber"/></w:pPr>',
    '<w:pPr><w:pPrChange><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr>',
    '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr><w:numPr><w:numId w:val="1"/>'
    '</w:numPr></w:pPr>',
]


def _numbered_body(rng: random.Random, count: int) -> str:
    return "".join(f'<w:p>{rng.choice(_PPRS)}<w:r><w:t>p{k}</w:t></w:r></w:p>' for k in range(count))


def _walker_on(xml_body: str):
    from lxml import etree

    from extract import docx as docx_backend

    body = etree.fromstring(f'<w:body xmlns:w="{W}">{xml_body}</w:body>')
    levels = {str(n): {k: docx_numbering._Level("decimal", "%1." + "%2." * (k > 0), 1) for k in range(3)}
              for n in (1, 2)}
    styled = {"ListNumber": ("2", 0), "": ("1", 0)}

    def walker():
        return docx_backend._Walker(docx_numbering.NumberingState(levels, {}), styled, set(), {})

    return body, styled, walker


def _list_label_reference(self, p) -> str:
    """``_Walker._list_label`` as it was, by ``find`` (``self``: the walker) (the tests compare the two)."""
    ppr = p.find(docx_backend._W_PPR)
    if ppr is None:
        return ""
    num_pr = ppr.find(docx_backend._W_NUMPR)
    if num_pr is not None:
        num_id = docx_backend.attr(num_pr.find(docx_backend._W_NUMID))
        ilvl = int(docx_backend.attr(num_pr.find(docx_backend._W_ILVL)) or 0)
        if num_id is None:  # level only: the style gives the list
            style_num = self._style_num(ppr)
            num_id = style_num[0] if style_num else None
        if num_id and num_id != "0":
            return self.numbering.render(num_id, ilvl)
        return ""
    style_num = self._style_num(ppr)
    if style_num:
        return self.numbering.render(*style_num)
    return ""


def test_list_labels_child_by_child_equal_find():
    rng = random.Random(1012)
    for _ in range(60):
        body, _, walker = _walker_on(_numbered_body(rng, 30))
        fast, slow = walker(), walker()
        paragraphs = list(body.iter(f"{{{W}}}p"))
        got = [fast._list_label(p) for p in paragraphs]
        assert got == [_list_label_reference(slow, p) for p in paragraphs]
        assert any(got) and not all(got)


def test_marked_paragraphs_in_two_passes_equal_one():
    from tests.test_fast7_docxread import _reference_marked

    rng = random.Random(1013)
    marks = ['<w:r><w:tab/></w:r>', '<w:r><w:br/></w:r>', '']
    for _ in range(60):
        xml = "".join(f'<w:p>{rng.choice(_PPRS)}{rng.choice(marks)}<w:r><w:t>x</w:t></w:r></w:p>'
                      for _ in range(20))
        body, styled, _ = _walker_on(xml)
        from extract import docx_index

        for style_numbering in (styled, {}):
            assert docx_index.marked_paragraphs(body, style_numbering) == \
                _reference_marked(body, style_numbering)


def _app_pages_reference(app_xml: bytes | None) -> int | None:
    """``extract.docx._app_pages`` as it was: every element looked at (the tests compare the two)."""
    if app_xml is None:
        return None
    try:
        root = docx_backend.etree.fromstring(app_xml)
    except docx_backend.etree.XMLSyntaxError:
        return None
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}Pages") and (el.text or "").isdecimal():
            return int(el.text)
    return None


def test_app_pages_by_tag_equal_every_element():
    from extract import docx as docx_backend

    rng = random.Random(1014)
    ns = ['xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"',
          'xmlns:e="urn:x"', '']
    names = ["Pages", "e:Pages", "XPages", "Pages2", "Words"]
    for _ in range(300):
        inner = "".join(f"<{n}>{rng.choice(['3', '', 'x', '12', ' 4'])}</{n}>"
                        for n in rng.sample(names, rng.randrange(1, 5)))
        xml = f'<Properties {ns[0] if rng.random() < 0.6 else ""} {ns[1]}>{inner}<!-- c --></Properties>'
        data = xml.encode()
        assert docx_backend._app_pages(data) == _app_pages_reference(data), xml
    assert docx_backend._app_pages(None) is None and docx_backend._app_pages(b"<a") is None
