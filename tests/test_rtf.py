"""The native RTF reader on small made-up RTF strings: text decoding, skipped groups, tables."""
from __future__ import annotations

import pytest

from extract.rtf import read_rtf
from extract.rtf_tokens import RtfError, Tokens

HEAD = r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\froman\fcharset204 Times New Roman;}{\f1\fswiss\fcharset0 Arial;}}"


def rtf(body: str) -> bytes:
    """A whole RTF file around ``body`` (ASCII: every non-ASCII character escaped)."""
    return (HEAD + body + "}").encode("ascii")


def blocks(body: str) -> list[str]:
    return [b.text for b in read_rtf(rtf(body), "x.rtf").blocks]


def grid(body: str, table: int = 0) -> list[tuple]:
    t = read_rtf(rtf(body), "x.rtf").tables[table]
    return [(c.text, c.row, c.col, c.row_span, c.col_span) for c in t.cells]


def test_cyrillic_hex_escapes_in_the_document_code_page():
    assert blocks(r"\pard \'cf\'f0\'e8\'ea\'e0\'e7 \'b9 5\par") == ["Приказ № 5"]


def test_hex_escapes_follow_the_font_charset():
    # \f1 is charset 0: the document's \ansicpg1251 holds; a cp1252 font would make \'e0 «à»
    body = r"{\fonttbl{\f2\fcharset238 X;}}\pard {\f2 \'e8}{\f0 \'e8}\par"
    assert blocks(body) == ["čи"]


def test_unicode_escapes_drop_their_fallback_characters():
    assert blocks(r"\pard \u1055\'3f\u1083\'3f\u1072\'3f\u1085\'3f 2024\par") == ["План 2024"]
    assert blocks(r"\pard\uc2 \u1044\'3f\'3f\u1072??\uc0 \u1085\u1099 \par") == ["Даны"]  # the space ends \u1099
    assert blocks(r"\pard \u-3913?\par") == ["\uf0b7"]  # negative: a 16-bit signed number


def test_special_characters():
    assert blocks(r"\pard a\~b\-c\_d\tab e\line f\emdash g\par") == ["a\u00a0bc-d\te\nf\u2014g"]


def test_skipped_groups_give_no_text():
    body = (r"{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\info{\title T}{\nofpages3}}"
            r"{\*\generator Writer;}"
            r"\pard a{\*\bkmkstart x}b{\pict\pngblip\picw10 89504e470d0a1a0a{}}c"
            r"{\*\shppict{\pict\bin4 {}\}}}d\par")
    doc = read_rtf(rtf(body), "x.rtf")
    assert [b.text for b in doc.blocks] == ["abcd"]
    assert doc.pages == 3  # \nofpages from \info


def test_headers_and_footers_are_furniture_and_footnotes_follow_the_body():
    body = (r"{\header \pard \'cc\'e8\'ed\'e8\'f1\'f2\'e5\'f0\'f1\'f2\'e2\'ee\par}"
            r"{\footerl \pard Page {\field{\*\fldinst PAGE}{\fldrslt 1}}\par}"
            r"\pard Body{\chftn{\footnote \pard {\chftn} Note one\par}} text\par"
            r"\trowd\cellx1000\pard\intbl a{\footnote \pard Note two\par}\cell\row\pard After\par")
    doc = read_rtf(rtf(body), "x.rtf")
    assert [b.text for b in doc.blocks] == ["Body text", "After", " Note one", "Note two"]
    assert [b.order for b in doc.blocks] == [0, 2, 3, 4]  # the table is order 1
    assert [(c.text, c.row, c.col) for c in doc.tables[0].cells] == [("a", 0, 0)]
    assert [f.text for f in doc.furniture] == ["Министерство", "Page 1"]


def test_a_field_keeps_its_result_only():
    body = r"\pard see {\field{\*\fldinst HYPERLINK \"http://example.org\"}{\fldrslt \'f1\'e0\'e9\'f2}} now\par"
    assert blocks(body) == ["see сайт now"]


def test_list_labels_lead_their_paragraph():
    assert blocks(r"\pard{\listtext\pard\plain 1.\tab}\ls1 First\par") == ["1. First"]


def test_page_breaks_count_pages():
    doc = read_rtf(rtf(r"\pard one\par\pard\pagebb two\par\pard three\page four\par"), "x.rtf")
    assert [(b.text, b.page) for b in doc.blocks] == [("one", 1), ("two", 2), ("threefour", 3)]


def row(cells: str, *texts: str) -> str:
    return rf"\trowd\trleft0 {cells}\pard\intbl " + "".join(rf"{t}\cell " for t in texts) + r"\row "


def test_a_plain_table_between_paragraphs():
    body = (r"\pard before\par " + row(r"\cellx1000\cellx2000", "a", "b")
            + row(r"\cellx1000\cellx2000", r"c\par d", "") + r"\pard after\par")
    doc = read_rtf(rtf(body), "x.rtf")
    assert [(b.text, b.order) for b in doc.blocks] == [("before", 0), ("after", 2)]
    table = doc.tables[0]
    assert (table.order, table.n_rows, table.n_cols, table.method) == (1, 2, 2, "rtf")
    assert table.text_grid() == [["a", "b"], ["c\nd", ""]]
    assert table.col_lines == (0.0, 50.0, 100.0)


def test_vertical_merge_makes_a_row_span():
    body = (row(r"\clvmgf\cellx1000\cellx2000", "merged", "x")
            + row(r"\clvmrg\cellx1000\cellx2000", "", "y")
            + row(r"\cellx1000\cellx2000", "z", "w") + r"\pard\par")
    assert grid(body) == [("merged", 0, 0, 2, 1), ("x", 0, 1, 1, 1), ("y", 1, 1, 1, 1),
                          ("z", 2, 0, 1, 1), ("w", 2, 1, 1, 1)]


def test_horizontal_merge_and_gridspan_from_cell_boundaries():
    body = (row(r"\cellx1000\cellx2000\cellx3000", "a", "b", "c")
            + row(r"\cellx1000\cellx3000", "wide", "spans by boundaries")
            + row(r"\clmgf\cellx1000\clmrg\cellx2000\cellx3000", "joined", "", "e") + r"\pard\par")
    assert grid(body) == [("a", 0, 0, 1, 1), ("b", 0, 1, 1, 1), ("c", 0, 2, 1, 1),
                          ("wide", 1, 0, 1, 1), ("spans by boundaries", 1, 1, 1, 2),
                          ("joined", 2, 0, 1, 2), ("e", 2, 2, 1, 1)]


def test_a_nested_table_is_folded_into_its_cell_one_row_a_line():
    nested = (r"\pard\intbl\itap2 n1\nestcell n2\nestcell{\*\nesttableprops\trowd\cellx500\cellx900\nestrow}"
              r"\pard\intbl\itap2 n3\nestcell \nestcell{\*\nesttableprops\trowd\cellx500\cellx900\nestrow}")
    body = (r"\trowd\trleft0\cellx1000\cellx2000\pard\intbl outer\par " + nested
            + r"\pard\intbl\itap1 \cell\pard\intbl right\cell\row\pard\par")
    assert grid(body) == [("outer\nn1 n2\nn3", 0, 0, 1, 1), ("right", 0, 1, 1, 1)]


def test_a_cyrillic_table_reads_the_same_as_its_text():
    body = row(r"\cellx1000\cellx2000", r"\u8470\'3f", r"\'d1\'f0\'ee\'ea") + r"\pard\par"
    assert grid(body) == [("№", 0, 0, 1, 1), ("Срок", 0, 1, 1, 1)]


@pytest.mark.parametrize("body, reason", [
    (row(r"\cellx1000", "a", "b") + r"\pard\par", "2 cells but 1 cell boundaries"),
    (r"\trowd\cellx1000\pard\intbl a\cell\pard outside\par", "without its \\row"),
    (r"{\object\objemb{\*\objdata 0102}{\result x}}\par", "object"),
    (r"\pard\par", "no text"),
])
def test_what_the_reader_cannot_place_raises_for_the_fallback(body, reason):
    with pytest.raises(RtfError, match=reason.replace("\\", "\\\\")):
        read_rtf(rtf(body), "x.rtf")


def test_a_cut_short_file_keeps_its_text_and_says_so():
    doc = read_rtf(rtf(r"\pard whole\par{\b cut")[:-1], "x.rtf")
    assert [b.text for b in doc.blocks] == ["whole", "cut"]
    assert doc.warnings == ["the RTF ends inside 2 open group(s): the file may be cut short"]
    assert read_rtf(rtf(r"\pard whole\par"), "x.rtf").warnings == []


def test_not_rtf_is_refused():
    with pytest.raises(RtfError):
        Tokens(b"PK\x03\x04")


def test_a_file_the_reader_refuses_goes_through_libreoffice_with_a_warning(tmp_path, monkeypatch):
    from extract import legacy

    path = tmp_path / "object.rtf"
    path.write_bytes(rtf(r"\pard {\object\objemb{\*\objdata 0102}{\result \'f2\'e5\'ea\'f1\'f2}}\par"))
    seen = []
    monkeypatch.setattr(legacy, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(legacy, "convert_to_docx", lambda data, kind, timeout, soffice: seen.append(kind) or b"")
    monkeypatch.setattr("extract.docx.read_docx", lambda path: __import__("extract").Document(str(path), "docx", 1))
    doc = legacy.read_legacy(path, "rtf")
    assert seen == ["rtf"] and doc.format == "rtf"
    assert doc.warnings == ["the native RTF reader cannot follow this file (an embedded object (\\object) the "
                            "native reader does not place): read after LibreOffice converted it"]
