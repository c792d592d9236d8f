"""Format detection by content: the right format or an error naming what the file really is."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from extract.errors import CorruptFileError, EmptyFileError, EncryptedFileError, UnsupportedFormatError
from extract.sniff import sniff_format

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Дорожная карта проекта «500+»")
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["order.pdf", "order.docx", "order"])
def test_pdf_by_content_whatever_the_name(tmp_path, name):
    assert sniff_format(write(tmp_path, name, (FIXTURES / "spans.pdf").read_bytes())) == "pdf"


@pytest.mark.parametrize("name", ["order.docx", "order.pdf", "order.zip"])
def test_docx_by_content_whatever_the_name(tmp_path, name):
    assert sniff_format(write(tmp_path, name, docx_bytes())) == "docx"


def test_zero_byte_and_blank_files_are_empty(tmp_path):
    with pytest.raises(EmptyFileError, match="zero-byte"):
        sniff_format(write(tmp_path, "a.pdf", b""))
    with pytest.raises(EmptyFileError, match="only whitespace"):
        sniff_format(write(tmp_path, "a.docx", b" \n\t\r\n"))


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_plain_text_renamed(tmp_path, encoding):
    text = "ПРИКАЗ\nОб утверждении дорожной карты проекта «500+»\n".encode(encoding)
    with pytest.raises(UnsupportedFormatError, match="a plain-text file renamed .pdf"):
        sniff_format(write(tmp_path, "order.pdf", text))
    with pytest.raises(UnsupportedFormatError, match="^.*: a plain-text file$"):
        sniff_format(write(tmp_path, "order.txt", text))


def test_docx_that_is_a_broken_zip(tmp_path):
    data = docx_bytes()
    with pytest.raises(CorruptFileError, match="a DOCX that is a broken zip"):
        sniff_format(write(tmp_path, "cut.docx", data[: len(data) // 2]))


def test_docx_with_a_corrupt_member(tmp_path):
    data = bytearray(docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10: start + 40] = b"\x00" * 30  # damage the compressed body, keep the directory
    with pytest.raises(CorruptFileError, match="corrupt member 'word/document.xml'"):
        sniff_format(write(tmp_path, "damaged.docx", bytes(data)))


def test_legacy_doc_is_named(tmp_path):
    with pytest.raises(UnsupportedFormatError, match=r"a legacy \.doc \(OLE\) file: convert it to DOCX"):
        sniff_format(FIXTURES / "legacy.doc")
    renamed = write(tmp_path, "order.docx", (FIXTURES / "legacy.doc").read_bytes())
    with pytest.raises(UnsupportedFormatError, match="legacy .doc"):
        sniff_format(renamed)


def test_password_protected_docx_is_encrypted(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    with pytest.raises(EncryptedFileError, match="password-protected"):
        sniff_format(write(tmp_path, "secret.docx", ole))


@pytest.mark.parametrize(("members", "expected"), [
    ({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}, "an XLSX workbook"),
    ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "an ODT document"),
    ({"readme.txt": b"hello"}, "a zip archive, not a DOCX"),
])
def test_other_zips_are_named(tmp_path, members, expected):
    with pytest.raises(UnsupportedFormatError, match=expected):
        sniff_format(write(tmp_path, "order.docx", zip_bytes(members)))


@pytest.mark.parametrize(("data", "expected"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a PNG image"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "a JPEG image"),
    ("{\\rtf1\\ansi Приказ}".encode("cp1251"), "an RTF document"),
    (b"<!DOCTYPE html><html><body>order</body></html>", "an HTML page"),
    (bytes(range(256)) * 4, "a binary file of unknown format"),
])
def test_other_formats_are_named(tmp_path, data, expected):
    with pytest.raises(UnsupportedFormatError, match=expected):
        sniff_format(write(tmp_path, "order.pdf", data))


def test_pdf_header_after_leading_junk_is_still_pdf(tmp_path):
    data = b"\r\n\x00junk" + (FIXTURES / "spans.pdf").read_bytes()
    assert sniff_format(write(tmp_path, "order.bin", data)) == "pdf"
