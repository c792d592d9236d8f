"""pymorphy2 reads its dictionary through the compiled DAWG reader (the ``dawg2`` package,
imported as ``dawg``), and that reader gives the very parses the pure-Python one
(``DAWG-Python``, pymorphy2's fallback) gives.

pymorphy2 picks the compiled reader when ``dawg`` imports.  A word the process has not parsed
before cost ≈ 906,000 instructions through DAWG-Python and ≈ 180,000 through the compiled
reader (a cold document meets a few such words: ≈ 3 % of its instructions).  The dictionary
files are the same; only the code that walks them changes, so every parse must be the same."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Words the dictionary knows, words it must predict (unknown stems, odd suffixes), ё/е, hyphens,
# capitals, Latin and digits: the predictor and the ё-replacement walk the DAWG differently.
_MADE_UP = ["ёлка", "елка", "зелёный", "зеленый", "школа-интернат", "Мега-Школьный",
            "антирисковых", "внутришкольной", "самообследованию", "педагогов-наставников",
            "глокая", "куздра", "бокрёнка", "будланула", "тьюторство", "чек-лист", "онлайн",
            "ГИА-11", "2025", "х", "ru", "МБОУ", "СОШ", "nan", "", "-"]


def _words() -> list[str]:
    """Every word of the samples' DOCX orders and of the project's vocabularies
    (normalize/data), and the made-up ones."""
    import re

    from extract import read_document

    words: set[str] = set(_MADE_UP)
    for path in sorted((ROOT / "samples").glob("*.docx")):
        doc = read_document(path)
        texts = [b.text for b in doc.blocks] + [c.text for t in doc.tables for c in t.cells]
        for text in texts:
            words.update(re.findall(r"[\w-]+", text))
    for path in sorted((ROOT / "normalize" / "data").rglob("*.toml")):
        words.update(re.findall(r"[а-яёА-ЯЁ][\w-]*", path.read_text(encoding="utf-8")))
    for stem in ("обуча", "методич", "школьн", "наставни"):  # forms the predictor must guess
        words.update(stem + end for end in ("ирование", "ющимися", "ескую", "ичество", "ёнок"))
    return sorted(words)


_PARSE = """
import json, sys
{block}
import pymorphy2.dawg
from normalize.nlp import morph_vocab
analyzer = morph_vocab()  # natasha's MorphVocab: pymorphy2 as the pipeline builds it
out = {{"compiled": pymorphy2.dawg.EXTENSION_AVAILABLE, "parses": {{}}}}
for word in json.load(sys.stdin):
    out["parses"][word] = [[str(p.tag), p.normal_form, p.word, round(p.score, 12)]
                           for p in analyzer.parse(word)]
json.dump(out, sys.stdout)
"""


def _parses(words: list[str], *, compiled: bool) -> dict:
    block = "" if compiled else "sys.modules['dawg'] = None  # pymorphy2 falls back to DAWG-Python"
    done = subprocess.run([sys.executable, "-c", _PARSE.format(block=block)], input=json.dumps(words),
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_pymorphy2_uses_the_compiled_reader():
    import pymorphy2.dawg

    assert pymorphy2.dawg.EXTENSION_AVAILABLE, "the dawg2 package is not installed (pyproject)"


def test_the_compiled_reader_parses_every_word_as_the_pure_python_one():
    words = _words()
    assert len(words) > 2000
    compiled, pure = _parses(words, compiled=True), _parses(words, compiled=False)
    assert compiled["compiled"] and not pure["compiled"]
    differ = [w for w in words if compiled["parses"][w] != pure["parses"][w]]
    assert differ == []
    # the comparison has teeth: the dictionary's words and the predictor's guesses are both there
    assert any(len(p) > 1 for p in compiled["parses"].values())
    assert compiled["parses"]["глокая"] and compiled["parses"]["ёлка"][0][1] == "ёлка"
