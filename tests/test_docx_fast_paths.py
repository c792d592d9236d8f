"""The fast paths of DOCX reading give what the plain code gives.

* zip members inflated straight from the bytes (``extract.zip_members``) vs zipfile alone,
  on whole and damaged packages;
* paragraphs read from one pass over the body's ``w:t`` vs every paragraph read element by
  element (tabs, breaks, list labels, text boxes, nested paragraphs, content controls);
* the reader given the members the sniffer kept vs the reader unzipping the file itself.
"""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import pytest

from extract import docx as docx_backend
from extract import zip_members
from extract.errors import ExtractError
from extract.sniff import sniff_format, take_verified

ROOT = Path(__file__).resolve().parents[1]


def _docx_files() -> list[Path]:
    return sorted([*(ROOT / "samples").glob("*.docx"), *(ROOT / "samples" / "matrix").rglob("*.docx"),
                   *(ROOT / "tests").rglob("*.docx")])


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _outcome(data: bytes, monkeypatch=None) -> tuple:
    """What inflating every member shows (or the exception zipfile raised)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            got = zip_members.inflate_members(zf, data)
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
        return ("raised", type(exc).__name__)
    return (got.bad, got.dtd, got.kept)


def _damaged(data: bytes, count: int, seed: int) -> list[bytes]:
    """Copies of a zip with bytes changed in member data, local headers and the directory."""
    rng = random.Random(seed)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    directory = data.rfind(b"PK\x01\x02")
    out = []
    for k in range(count):
        copy = bytearray(data)
        info = rng.choice(infos)
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        kind = k % 5
        if kind == 0:  # inside the compressed bytes
            copy[start + rng.randrange(max(1, info.compress_size))] ^= 1 << rng.randrange(8)
        elif kind == 1:  # the last bytes of the deflate stream
            copy[start + max(0, info.compress_size - 1 - rng.randrange(4))] ^= 0xFF
        elif kind == 2:  # the local header
            copy[info.header_offset + rng.randrange(30 + len(info.filename))] = rng.randrange(256)
        elif kind == 3:  # the central directory
            copy[directory + rng.randrange(len(data) - directory)] = rng.randrange(256)
        else:  # cut short
            copy = copy[:rng.randrange(len(copy))]
        out.append(bytes(copy))
    return out


def test_members_inflated_directly_show_what_zipfile_shows(monkeypatch):
    """Bad member, DTD part and kept bytes: the same with and without the direct inflation,
    on whole packages and on 150 damaged copies."""
    packages = [path.read_bytes() for path in _docx_files()[:3]]
    packages.append(_docx_bytes(lambda d: d.add_paragraph("x" * 5000)))
    cases = packages + [bad for i, data in enumerate(packages[:3]) for bad in _damaged(data, 50, i)]
    direct_used = 0
    for data in cases:
        fast = _outcome(data)
        with monkeypatch.context() as m:
            calls = []
            m.setattr(zip_members, "_inflate_direct", lambda d, info: calls.append(info) or None)
            slow = _outcome(data)
        assert fast == slow
        direct_used += fast[0] is None
    assert direct_used >= len(packages)  # the whole ones were good
    for data in packages:  # and every member of them went the direct way
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert all(zip_members._inflate_direct(data, info) is not None for info in zf.infolist())
    assert sum(1 for data in cases if _outcome(data)[0] not in (None, "raised")) > 50  # damage seen


def test_a_member_longer_than_declared_goes_to_zipfile():
    """A member whose stream inflates past its declared size is not taken as good directly."""
    data = _docx_bytes(lambda d: d.add_paragraph("Дорожная карта"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
        info.file_size -= 1  # the directory now understates the member
        assert zip_members._inflate_direct(data, info) is None


def _all_slow(monkeypatch) -> None:
    """Make every paragraph go the element-by-element way."""
    original = docx_backend.marked_paragraphs

    def everything(body, style_numbering):
        original(body, style_numbering)
        return set(body.iter(docx_backend._W_P))

    monkeypatch.setattr(docx_backend, "marked_paragraphs", everything)


def _read(path_or_data, name: str = "x.docx"):
    try:
        if isinstance(path_or_data, bytes):
            return docx_backend.read_docx(Path(name), path_or_data)
        return docx_backend.read_docx(path_or_data)
    except ExtractError as exc:
        return type(exc)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _with_body(xml: str) -> bytes:
    """A python-docx package whose body is ``xml`` (w: prefixed paragraphs and tables)."""
    data = _docx_bytes(lambda d: d.add_paragraph("placeholder"))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info)
            if info.filename == "word/document.xml":
                text = blob.decode()
                start, end = text.index("<w:body>") + len("<w:body>"), text.index("<w:sectPr")
                blob = (text[:start] + xml + text[end:]).encode()
            target.writestr(info, blob)
    return out.getvalue()


_EDGE_BODIES = [
    # tabs (a tab stop defines nothing), breaks, page marks, a non-breaking hyphen
    '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t>'
    '<w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:br w:type="page"/><w:noBreakHyphen/></w:r></w:p>'
    '<w:p><w:r><w:lastRenderedPageBreak/><w:t>after</w:t></w:r></w:p>',
    # list numbering, directly and level only, in a table with spans and vMerge
    '<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:pPr><w:numPr>'
    '<w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>one</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>wide</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:pPr><w:numPr>'
    '<w:ilvl w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p/><w:p/>'
    '<w:p><w:r><w:t>last</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
    # a nested table and content controls in a cell, an empty control
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>out</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r>'
    '<w:t>in1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>in2</w:t></w:r></w:p></w:tc></w:tr>'
    '</w:tbl><w:sdt><w:sdtContent><w:p><w:r><w:t>ctl</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    '<w:sdt><w:sdtContent/></w:sdt><w:p/></w:tc></w:tr></w:tbl>',
    # a text box, a paragraph inside a paragraph, a w:t inside a w:t, runs in a hyperlink
    '<w:p><w:r><w:t>before</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>boxed</w:t>'
    '</w:r></w:p></w:txbxContent></w:pict></w:r><w:r><w:t>after box</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>outer</w:t></w:r><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:p>'
    '<w:p><w:r><w:t>a<w:t>b</w:t></w:t></w:r><w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>',
]


@pytest.mark.parametrize("body", _EDGE_BODIES)
def test_paragraphs_read_in_one_pass_equal_element_by_element(monkeypatch, body):
    """Blocks, tables and pages of hand-made bodies: the same whichever way paragraphs go."""
    data = _with_body(body)
    fast = _read(data)
    with monkeypatch.context() as m:
        _all_slow(m)
        slow = _read(data)
    assert fast == slow
    assert not isinstance(fast, type)


def test_every_docx_reads_the_same_with_every_paragraph_read_slowly(monkeypatch):
    """The sample, matrix and test DOCX: the same document whichever way paragraphs go."""
    files = _docx_files()
    assert len(files) >= 10
    fast = [_read(path) for path in files]
    with monkeypatch.context() as m:
        _all_slow(m)
        slow = [_read(path) for path in files]
    assert fast == slow


def test_reader_given_the_sniffed_members_reads_what_it_unzips():
    """read_docx after sniff_format of the same bytes (members handed over) = read_docx alone;
    the hand-over is for that very bytes object, once."""
    for path in _docx_files()[:6]:
        data = path.read_bytes()
        assert sniff_format(path, data) == "docx"
        handed = docx_backend.read_docx(path, data)
        assert take_verified(data) is None  # taken by the reader
        assert handed == docx_backend.read_docx(path)
    data = _docx_files()[0].read_bytes()
    sniff_format(Path("a.docx"), data)
    assert take_verified(bytes(bytearray(data))) is None  # equal bytes, another object
    assert take_verified(data) is not None
