"""Per-text caches: registered, and emptied by clear_text_caches (what the --cold benchmarks rely on)."""
from __future__ import annotations

from normalize.memo import clear_text_caches, text_cache, text_cache_info


def test_a_text_cache_remembers_until_cleared():
    calls: list[str] = []

    @text_cache(maxsize=8)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    assert [length("ab"), length("ab"), length("abc")] == [2, 2, 3]
    assert calls == ["ab", "abc"]
    assert text_cache_info()[f"{__name__}.{length.__qualname__}"] == (1, 2)
    assert clear_text_caches() >= 1
    assert length("ab") == 2
    assert calls == ["ab", "abc", "ab"]


def _counted():
    calls: list[str] = []

    @text_cache(maxsize=8)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()
    return upper, calls


def test_document_scope_empties_the_caches_as_each_document_starts(monkeypatch):
    from normalize.memo import document_started

    upper, calls = _counted()
    monkeypatch.setenv("ROADMAP500_TEXT_CACHE", "document")
    upper("a"), upper("a")
    assert document_started() is True
    upper("a")
    assert calls == ["a", "a"]


def test_kept_scope_keeps_them_across_documents(monkeypatch):
    from normalize.memo import document_started

    upper, calls = _counted()
    for value in ("kept", None):
        if value is None:
            monkeypatch.delenv("ROADMAP500_TEXT_CACHE", raising=False)
        else:
            monkeypatch.setenv("ROADMAP500_TEXT_CACHE", value)
        upper("a")
        assert document_started() is False
        upper("a")
    assert calls == ["a"]


def test_a_document_converted_under_document_scope_is_its_kept_self(monkeypatch, tmp_path):
    """The scope changes speed only: a sample converted with its caches emptied per document gives
    the same rows as with them kept (twice, so the second conversion of the kept run hits them)."""
    import pathlib

    from roadmap500.pipeline import convert_file

    sample = sorted(pathlib.Path(__file__).resolve().parents[1].joinpath("samples").glob("*.docx"))[0]

    def rows(scope: str) -> list:
        monkeypatch.setenv("ROADMAP500_TEXT_CACHE", scope)
        results = [convert_file(sample, timings=False) for _ in range(2)]
        return [r.activities for r in results]

    kept, per_document = rows("kept"), rows("document")
    assert kept[0] and kept == per_document


def test_a_mistyped_scope_stops_the_cli_before_any_work(monkeypatch, tmp_path, capsys):
    from roadmap500.cli import EXIT_USAGE, main

    monkeypatch.setenv("ROADMAP500_TEXT_CACHE", "documnet")
    out = tmp_path / "out"
    assert main(["convert", str(tmp_path), "-o", str(out)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "ROADMAP500_TEXT_CACHE='documnet'" in err and "kept, document" in err
    assert not out.exists()


def test_document_scope_also_forgets_the_docx_readers_templates(monkeypatch):
    """What the DOCX reader remembers of packages by their bytes (styles, numbering, inflated
    members) is content of other files too: the ``document`` scope drops it per file, ``kept``
    keeps it."""
    import pathlib

    import extract.docx
    from extract import zip_members
    from roadmap500.pipeline import convert_file

    sample = sorted(pathlib.Path(__file__).resolve().parents[1].joinpath("samples").glob("*.docx"))[0]
    forgotten: list[int] = []
    real = extract.docx.forget_templates
    monkeypatch.setattr(extract.docx, "forget_templates", lambda: (forgotten.append(1), real()))
    for scope, expected in (("kept", 0), ("document", 2)):
        forgotten.clear()
        monkeypatch.setenv("ROADMAP500_TEXT_CACHE", scope)
        for _ in range(2):
            convert_file(sample, timings=False)
        assert len(forgotten) == expected, scope
    real()
    assert not zip_members._inflated_before
