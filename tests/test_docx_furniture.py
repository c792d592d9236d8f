"""DOCX headers and footers are page furniture, footnotes and endnotes text blocks after the
body (as the RTF reader does): nothing beside the body is dropped silently."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from extract import docx as docx_backend
from extract.docx import read_docx
from extract.sniff import sniff_format
from roadmap500.inspect import inspect_file

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def _with_headers(document: docx.document.Document) -> None:
    """A body paragraph and table, a default header repeated as the first-page header, a
    footer with a paragraph and a table, an even-page header of its own."""
    document.add_paragraph("Приказ о дорожной карте")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "a", "b"
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "Министерство образования"
    section.first_page_header.paragraphs[0].text = "Министерство образования"
    section.even_page_header.paragraphs[0].text = "Чётная страница"
    section.footer.paragraphs[0].text = "Исполнитель: Иванов"
    footer_table = section.footer.add_table(rows=1, cols=2, width=docx.shared.Inches(4))
    footer_table.cell(0, 0).text, footer_table.cell(0, 1).text = "тел.", "12-34-56"


def _bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _notes_part(kind: str, notes: list[str]) -> str:
    """A footnotes/endnotes part: the two separator notes, then one note per text."""
    tag = kind[:-1]
    separators = (f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
                  f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                  f'<w:continuationSeparator/></w:r></w:p></w:{tag}>')
    body = "".join(f'<w:{tag} w:id="{i + 1}"><w:p><w:r><w:{tag}Ref/></w:r><w:r>'
                   f'<w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{tag}>'
                   for i, text in enumerate(notes))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} xmlns:w="{W_NS}">{separators}{body}</w:{kind}>'


def _add_parts(data: bytes, parts: dict[str, tuple[str, str, str]]) -> bytes:
    """``data`` with extra parts (name → (relationship type, content type, xml)) related
    from the main part; the body gets a footnote reference mark."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info)
            if not info.filename.endswith((".xml", ".rels")):
                target.writestr(info, blob)
                continue
            blob = blob.decode()
            if info.filename == "[Content_Types].xml":
                overrides = "".join(f'<Override PartName="/word/{name}" ContentType="{CT}{ct}+xml"/>'
                                    for name, (_, ct, _) in parts.items())
                blob = blob.replace("</Types>", overrides + "</Types>")
            elif info.filename == "word/_rels/document.xml.rels":
                rels = "".join(f'<Relationship Id="rIdX{i}" Type="{RT}{rt}" Target="{name}"/>'
                               for i, (name, (rt, _, _)) in enumerate(parts.items()))
                blob = blob.replace("</Relationships>", rels + "</Relationships>")
            elif info.filename == "word/document.xml":
                blob = blob.replace("Приказ о дорожной карте</w:t></w:r>",
                                    'Приказ о дорожной карте</w:t></w:r><w:r>'
                                    '<w:footnoteReference w:id="1"/></w:r>', 1)
            target.writestr(info, blob.encode())
        for name, (_, _, xml) in parts.items():
            target.writestr(f"word/{name}", xml.encode())
    return out.getvalue()


def _with_notes(notes_xml: str | None = None) -> bytes:
    return _add_parts(_bytes(_with_headers), {
        "footnotes.xml": ("footnotes", "footnotes", notes_xml or _notes_part("footnotes", [
            "Сноска первая", "Сноска вторая"])),
        "endnotes.xml": ("endnotes", "endnotes", _notes_part("endnotes", ["Концевая сноска"])),
    })


FURNITURE = ["Министерство образования", "Чётная страница", "Исполнитель: Иванов", "тел. 12-34-56"]


def test_headers_and_footers_are_furniture_each_line_once():
    doc = read_docx(Path("x.docx"), _bytes(_with_headers))
    assert sorted(f.text for f in doc.furniture) == sorted(FURNITURE)
    assert [f.order for f in doc.furniture] == list(range(len(FURNITURE)))
    assert all(f.page == 1 for f in doc.furniture)
    assert [b.text for b in doc.blocks] == ["Приказ о дорожной карте"]  # not in the body text
    assert doc.tables[0].text_grid() == [["a", "b"]]
    assert doc.warnings == []


def test_headers_come_in_the_order_the_section_names_them():
    doc = read_docx(Path("x.docx"), _bytes(_with_headers))
    body = docx.Document(io.BytesIO(_bytes(_with_headers))).element.body
    refs = [el.get(f"{{{W_NS}}}type") for el in body.iter(f"{{{W_NS}}}headerReference",
                                                              f"{{{W_NS}}}footerReference")]
    first = {"default": "Министерство образования", "first": "Министерство образования",
             "even": "Чётная страница"}
    headers = [first[t] for t in refs[:3]]
    assert [f.text for f in doc.furniture][:2] == list(dict.fromkeys(headers))


def test_footnotes_and_endnotes_follow_the_body_separators_left_out():
    doc = read_docx(Path("x.docx"), _with_notes())
    assert [b.text for b in doc.blocks] == ["Приказ о дорожной карте", " Сноска первая",
                                            " Сноска вторая", " Концевая сноска"]
    assert [b.order for b in doc.blocks] == [0, 2, 3, 4]  # the table is order 1
    assert sorted(f.text for f in doc.furniture) == sorted(FURNITURE)


def test_comments_are_furniture():
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W_NS}">'
                f'<w:comment w:id="0" w:author="Редактор"><w:p><w:r><w:t>Проверить сроки</w:t>'
                f'</w:r></w:p></w:comment></w:comments>')
    data = _add_parts(_bytes(_with_headers), {"comments.xml": ("comments", "comments", comments)})
    doc = read_docx(Path("x.docx"), data)
    assert doc.furniture[-1].text == "Проверить сроки"
    assert "Проверить сроки" not in [b.text for b in doc.blocks]


def test_the_package_read_by_python_docx_gives_the_same(monkeypatch):
    """The fallback (python-docx opening the package) finds the same furniture and notes."""
    data = _with_notes()
    fast = read_docx(Path("x.docx"), data)
    monkeypatch.setattr(docx_backend, "open_parts", lambda source: None)
    slow = read_docx(Path("x.docx"), data)
    assert slow == fast
    assert len(fast.furniture) == 4 and len(fast.blocks) == 4


def test_the_sniffed_members_give_the_same():
    data = _with_notes()
    alone = read_docx(Path("x.docx"), data)
    assert sniff_format(Path("x.docx"), data) == "docx"
    assert read_docx(Path("x.docx"), data) == alone


def test_a_broken_notes_part_is_named_in_a_warning():
    data = _with_notes(f'<w:footnotes xmlns:w="{W_NS}"><w:footnote><w:p>')
    doc = read_docx(Path("x.docx"), data)
    assert doc.warnings == ["the footnotes part /word/footnotes.xml is not well-formed XML: "
                            "its text is left out"]
    assert [b.text for b in doc.blocks] == ["Приказ о дорожной карте", " Концевая сноска"]


def test_lists_in_a_header_do_not_advance_the_body_lists():
    """A numbered paragraph in a header has its own counters: the body's list still starts at 1."""
    def build(with_header: bool):
        def make(document):
            document.add_paragraph("Первый", style="List Number")
            document.add_paragraph("Второй", style="List Number")
            if with_header:
                header = document.sections[0].header.paragraphs[0]
                header.text, header.style = "Шапка", document.styles["List Number"]
        return _bytes(make)

    doc = read_docx(Path("x.docx"), build(True))
    assert doc.blocks == read_docx(Path("x.docx"), build(False)).blocks
    assert [b.text for b in doc.blocks] == ["1. Первый", "2. Второй"]
    assert [f.text for f in doc.furniture] == ["1. Шапка"]


def test_inspect_lists_docx_furniture(tmp_path):
    path = tmp_path / "order.docx"
    path.write_bytes(_bytes(_with_headers))
    out = io.StringIO()
    inspect_file(path, out=out)
    text = out.getvalue()
    assert f"== page furniture left out ({len(FURNITURE)} line(s))" in text
    for line in FURNITURE:
        assert f"p1 {line!r}" in text


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.docx")))
def test_sample_page_number_headers_are_furniture_not_body(path):
    """The samples' headers hold a page-number field: its text is furniture, the body unchanged."""
    doc = read_docx(path)
    with zipfile.ZipFile(path) as z:
        has_header = any(n.startswith("word/header") for n in z.namelist())
    assert bool(doc.furniture) == has_header
    assert all(f.text.strip().isdigit() for f in doc.furniture)


def test_text_after_a_text_box_in_the_same_paragraph_is_kept():
    """A paragraph's runs after an inline text box are read (they used to be cut off at the
    box); the box's own text is a block of its own, once."""
    from tests.test_docx_fast_paths import _with_body

    body = ('<w:p><w:r><w:t>before</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>boxed</w:t>'
            '</w:r></w:p></w:txbxContent></w:pict></w:r>'
            '<w:r><w:t xml:space="preserve"> after box</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>'
            '<w:p><w:r><w:t>next</w:t></w:r></w:p>')
    doc = read_docx(Path("x.docx"), _with_body(body))
    assert [(b.text, b.page) for b in doc.blocks] == [("before after box", 2), ("boxed", 2), ("next", 2)]
