"""Make the hostile corpus: broken, huge, mislabelled and malicious inputs, each with the
status and message it must get.

    python -m tests.hostile.make_corpus DIR      # writes DIR/… and prints the expectations

Nothing here is committed as a binary: PDFs are written object by object, DOCX packages
with python-docx or by hand (zip bombs, XXE), so the corpus is rebuilt at test time.
``EXPECTED`` maps each input's file name (as the output's ``source_file`` ends) to the
status it must get and a piece of text its message must hold.
"""
from __future__ import annotations

import io
import os
import random
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
GOOD_PDF = SAMPLES / "000_24337ae1fe6dfe42.pdf"
GOOD_DOCX = SAMPLES / "001_4d03b332e4c33257.docx"
NON_UTF8_NAME = "Приказ дорожная карта".encode("cp1251") + b".docx"

# name → (status, text the error holds; "" where the error is empty)
EXPECTED: dict[str, tuple[str, str]] = {
    "zero.pdf": ("failed", "zero-byte"),
    "whitespace.docx": ("failed", "only whitespace"),
    "truncated.pdf": ("failed", "truncated"),
    "garbage.pdf": ("failed", "binary file of unknown format"),
    "garbage_zip.docx": ("failed", "broken zip"),
    "broken_xref.pdf": ("no_table", "no roadmap"),  # objects intact: read by scanning them
    "broken_xref_no_objects.pdf": ("failed", "cross-reference"),
    "junk_before_header.pdf": ("ok", ""),
    "junk_after_eof.pdf": ("ok", ""),
    "flate_bomb.pdf": ("too_large", "memory limit"),
    "pages_3001.pdf": ("too_large", "page limit"),
    # read within the limits (PDFium reads it in seconds; it holds no roadmap header), or
    # stopped at a named limit on a slower machine: never the whole batch's memory
    "table_20000_rows.pdf": ("limit_or_read", ""),
    "encrypted_password.pdf": ("failed", "password"),
    "encrypted_password.docx": ("failed", "password-protected"),
    "encrypted_no_password.pdf": ("no_table", "no roadmap"),  # read: the text is not an order
    "protected_no_password.docx": ("ok", ""),
    "zip_bomb.docx": ("too_large", "decompressed-size limit"),
    "xxe.docx": ("failed", "DOCX"),
    "billion_laughs.docx": ("failed", "DOCX"),
    "nested_50.docx": ("ok", ""),
    "image.pdf": ("failed", "PNG image"),
    "page.doc": ("failed", "HTML page"),
    "english.docx": ("no_table", "no roadmap"),
    "empty_cells.docx": ("ok", ""),
    "with spaces.docx": ("ok", ""),
    "quote\"s 'name'.docx": ("ok", ""),
    "-leading-dash.docx": ("ok", ""),
    "Приказ кириллица.docx": ("ok", ""),
    NON_UTF8_NAME.decode("utf-8", "backslashreplace"): ("ok", ""),
    "zz_copy_of_spaces.docx": ("duplicate", "the same content as"),
    "loop.pdf": ("failed", "symbolic link loop"),
    "dangling.pdf": ("failed", "dangling symbolic link"),
    "back": ("failed", "symbolic link loop"),
}
HIDDEN = 2  # .hidden/ and .dotfile.docx


# --------------------------------------------------------------------------- PDF writing

def pdf_file(streams: list[bytes], *, filters: list[bytes | None] | None = None,
             size: tuple[int, int] = (595, 842)) -> bytes:
    """A PDF of one page per content stream (Helvetica as F1), with a correct xref."""
    n = len(streams)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
        + b"] /Count %d >>" % n,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, stream in enumerate(streams):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                       % (size[0], size[1], 5 + 2 * i))
        flt = (filters or [None] * n)[i]
        extra = b" /Filter /%s" % flt if flt else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(stream), extra) + stream
                       + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def owner_only_encrypted_pdf(text: str) -> bytes:
    """A one-page PDF encrypted (RC4 40-bit, revision 2) with an owner password and an empty
    user password: it opens without a password, as many published orders do."""
    import hashlib

    owner_key = hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5]
    o_entry = _rc4(owner_key, _PAD)
    permissions = -4
    doc_id = hashlib.md5(text.encode()).digest()
    key = hashlib.md5(_PAD + o_entry + struct.pack("<i", permissions) + doc_id).digest()[:5]
    u_entry = _rc4(key, _PAD)
    plain = pdf_file([_text(72, 770, text, 12)])
    # encrypt the one content stream (object 5); no other object holds a string
    head, rest = plain.split(b"5 0 obj\n", 1)
    start = rest.index(b"stream\n") + 7
    end = rest.index(b"\nendstream")
    object_key = hashlib.md5(key + struct.pack("<i", 5)[:3] + b"\0\0").digest()[:10]
    rest = rest[:start] + _rc4(object_key, rest[start:end]) + rest[end:]
    body = head + b"5 0 obj\n" + rest
    encrypt = (b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >> /ID [<%s> <%s>]"
               % (o_entry.hex().encode(), u_entry.hex().encode(), permissions,
                  doc_id.hex().encode(), doc_id.hex().encode()))
    return body.replace(b"/Root 1 0 R >>", b"/Root 1 0 R " + encrypt + b" >>")


def _text(x: float, y: float, text: str, size: int = 9) -> bytes:
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"BT /F1 %d Tf %.1f %.1f Td (%s) Tj ET\n" % (size, x, y, safe.encode("latin-1"))


def table_pages(rows: int, per_page: int = 50) -> list[bytes]:
    """A ruled four-column table of ``rows`` rows, ``per_page`` rows a page."""
    xs = [40, 80, 330, 430, 555]
    pages = []
    for first in range(0, rows, per_page):
        count = min(per_page, rows - first)
        top, step = 800.0, 15.0
        parts = [b"0.5 w\n"]
        for k in range(count + 1):
            y = top - k * step
            parts.append(b"%d %.1f m %d %.1f l S\n" % (xs[0], y, xs[-1], y))
        for x in xs:
            parts.append(b"%d %.1f m %d %.1f l S\n" % (x, top, x, top - count * step))
        for k in range(count):
            n = first + k + 1
            y = top - (k + 1) * step + 4
            cells = [str(n), f"Activity {n} of the plan, item {n % 97}", f"{1 + n % 12:02d}.2025",
                     f"Office {n % 13}"]
            for x, cell in zip(xs, cells):
                parts.append(_text(x + 3, y, cell, 8))
        pages.append(b"".join(parts))
    return pages


def deflate_bomb(total: int, byte: bytes = b" ", chunk: int = 1 << 22) -> tuple[bytes, int]:
    """A raw deflate stream of ``total`` copies of ``byte`` (made in a second: one flushed block
    repeated) and the CRC32 of what it inflates to."""
    block_c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = block_c.compress(byte * chunk) + block_c.flush(zlib.Z_FULL_FLUSH)
    repeats = total // chunk
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    data = byte * chunk
    for _ in range(repeats):
        crc = zlib.crc32(data, crc)
    return block * repeats + tail, crc


def flate_bomb_pdf(total: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``total`` bytes of spaces."""
    raw, _ = deflate_bomb(total)
    adler = 1
    data = b" " * (1 << 22)
    for _ in range(total // len(data)):
        adler = zlib.adler32(data, adler)
    stream = b"\x78\xda" + raw + struct.pack(">I", adler)
    return pdf_file([stream], filters=[b"FlateDecode"])


# --------------------------------------------------------------------------- DOCX writing

def roadmap_docx(title: str, rows: list[list[str]]) -> bytes:
    """A small order with a roadmap table (header: №, activity, period, executor)."""
    d = docx.Document()
    d.add_paragraph("ПРИКАЗ")
    d.add_paragraph(f"Об утверждении дорожной карты: {title}")
    table = d.add_table(rows=1 + len(rows), cols=4)
    for col, text in enumerate(["№ п/п", "Мероприятие", "Срок исполнения", "Ответственный"]):
        table.cell(0, col).text = text
    for r, row in enumerate(rows, 1):
        for col, text in enumerate(row):
            table.cell(r, col).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _rows(tag: str, n: int = 3) -> list[list[str]]:
    return [[str(i), f"Провести совещание {tag} номер {i}", "до 01.03.2025",
             "Управление образования"] for i in range(1, n + 1)]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Default Extension="bin" ContentType="application/octet-stream"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def package(document_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX package around ``document_xml``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def _body(inner: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f'<w:document xmlns:w="{_W}"><w:body>{inner}</w:body></w:document>')


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def nested_tables_xml(depth: int) -> str:
    """A roadmap table whose last cell holds tables nested ``depth`` deep."""
    inner = _p("самая внутренняя ячейка")
    for level in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{_p(f'уровень {depth - level}')}{inner}</w:tc></w:tr></w:tbl>"
    header = "".join(f"<w:tc>{_p(h)}</w:tc>" for h in ["№", "Мероприятие", "Срок", "Ответственный"])
    row = "".join(f"<w:tc>{_p(t)}</w:tc>" for t in ["1", "Провести семинар", "май 2025"])
    row += f"<w:tc>{_p('Отдел образования')}{inner}</w:tc>"
    return _body(_p("ПРИКАЗ") + f"<w:tbl><w:tr>{header}</w:tr><w:tr>{row}</w:tr></w:tbl>"
                 + _p("конец"))


def zip_bomb_docx(total: int) -> bytes:
    """A DOCX whose one extra member inflates to ``total`` bytes (written by hand)."""
    base = package(_body(_p("ПРИКАЗ") + _p("Дорожная карта")))
    raw, crc = deflate_bomb(total, b"\0")
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]
    out = io.BytesIO()
    central = []
    entries = [(i.filename.encode(), zlib.compress(data)[2:-4], zlib.crc32(data), len(data))
               for i, data in members] + [(b"word/media/padding.bin", raw, crc, total)]
    for name, comp, crc32, size in entries:
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc32, len(comp),
                              size, len(name), 0) + name + comp)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc32,
                                   len(comp), size, len(name), 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          out.tell() - start, start, 0))
    return out.getvalue()


def encrypted_docx() -> bytes:
    """What Word writes for a password-protected DOCX: an OLE file with an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptedPackage".encode("utf-16-le") + b"\0" * 2
    return header + directory + bytes(random.Random(7).randrange(256) for _ in range(4096))


def replace_in_part(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """The zip package ``data`` with ``old`` replaced by ``new`` in its member ``part``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info.filename)
            zf.writestr(info, body.replace(old, new) if info.filename == part else body)
    return out.getvalue()


def protected_docx() -> bytes:
    """A roadmap DOCX with read-only protection enforced (no password needed to read)."""
    return replace_in_part(roadmap_docx("только чтение", _rows("защищённый")), "word/settings.xml",
                           b"</w:settings>",
                           b'<w:documentProtection w:edit="readOnly" w:enforcement="1"/></w:settings>')


# --------------------------------------------------------------------------- the corpus

def make_corpus(folder: Path, *, bomb_bytes: int = 2 << 30) -> dict[str, tuple[str, str]]:
    """Write every case into ``folder``; returns :data:`EXPECTED`."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(500)
    spaces = roadmap_docx("пробелы", _rows("пробелы"))
    good_pdf = GOOD_PDF.read_bytes()
    files: dict[str, bytes] = {
        "zero.pdf": b"",
        "whitespace.docx": b" \n\t \n",
        "truncated.pdf": good_pdf[: len(good_pdf) * 3 // 5],
        "garbage.pdf": bytes(rnd.randrange(256) for _ in range(20000)),
        "garbage_zip.docx": b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in range(3000)),
        "junk_before_header.pdf": b"<!-- served by a CMS -->\n" * 20 + good_pdf,
        "junk_after_eof.pdf": good_pdf + b"<html><body>" + b"<p>footer of the site</p>" * 400
        + b"</body></html>\n",
        "flate_bomb.pdf": flate_bomb_pdf(bomb_bytes),
        "pages_3001.pdf": pdf_file([_text(72, 770, f"Page {i}", 12) for i in range(1, 3002)]),
        "table_20000_rows.pdf": pdf_file(table_pages(20000)),
        "encrypted_password.pdf": (FIXTURES / "encrypted.pdf").read_bytes(),
        "encrypted_password.docx": encrypted_docx(),
        "encrypted_no_password.pdf": owner_only_encrypted_pdf("Opens without a password"),
        "protected_no_password.docx": protected_docx(),
        "zip_bomb.docx": zip_bomb_docx(1 << 30),
        "xxe.docx": package(_body(_p("ПРИКАЗ &xxe;"), '<!DOCTYPE d [<!ENTITY xxe SYSTEM '
                                                     '"file:///etc/passwd">]>')),
        "billion_laughs.docx": package(_body(_p("&lol9;"), "<!DOCTYPE d [" + '<!ENTITY lol "lol">'
                                             + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1 or ''};" * 10
                                                       + '">' for i in range(1, 10)) + "]>")),
        "nested_50.docx": package(nested_tables_xml(50)),
        "image.pdf": b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(2000)),
        "page.doc": b"<!DOCTYPE html><html><head><title>404</title></head><body>Not found"
                    b"</body></html>\n",
        "english.docx": _english_docx(),
        "empty_cells.docx": roadmap_docx("пустые ячейки", [
            ["1", "Провести мониторинг", "", "Отдел"], ["2", "Разработать план", "до 01.06.2025", ""],
            ["", "", "", ""], ["3", "Подвести итоги", "декабрь 2025", "Методист"]]),
        "with spaces.docx": spaces,
        "quote\"s 'name'.docx": roadmap_docx("кавычки", _rows("кавычки")),
        "-leading-dash.docx": roadmap_docx("дефис", _rows("дефис")),
        "Приказ кириллица.docx": roadmap_docx("кириллица", _rows("кириллица")),
        "zz_copy_of_spaces.docx": spaces,
        ".dotfile.docx": roadmap_docx("скрытый", _rows("скрытый")),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / os.fsdecode(NON_UTF8_NAME)).write_bytes(roadmap_docx("cp1251", _rows("cp1251")))
    broken = pdf_file([_text(72, 770, "Broken cross-reference", 12)])
    cut = broken.rindex(b"xref")
    bad_xref = b"xref\n0 9\ngarbage\nstartxref\n999999\n%%EOF\n"
    (folder / "broken_xref.pdf").write_bytes(broken[:cut] + bad_xref)
    first = broken.index(b"1 0 obj")
    (folder / "broken_xref_no_objects.pdf").write_bytes(
        broken[:first] + b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + bad_xref)
    hidden = folder / ".hidden"
    hidden.mkdir(exist_ok=True)
    (hidden / "inside.docx").write_bytes(roadmap_docx("скрытая папка", _rows("скрытая")))
    for link, target in (("loop.pdf", "loop.pdf"), ("dangling.pdf", "nowhere/missing.pdf")):
        if not os.path.lexists(folder / link):
            os.symlink(target, folder / link)
    sub = folder / "sub"
    sub.mkdir(exist_ok=True)
    if not os.path.lexists(sub / "back"):
        os.symlink("..", sub / "back")
    return EXPECTED


def _english_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("Annual report of the county library")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["Month", "Visitors", "Books lent"], ["January", "1200", "830"],
                             ["February", "1100", "790"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    for name, (status, text) in make_corpus(target).items():
        print(f"{status:10} {name}: {text}")
