"""The speed-ups of the school finder give what the plain code gives.

The trigger search that turns a line away before the grammar runs is sound (a line it
turns away holds nothing the grammar matches, wherever a match may start), the linear
search for words with Latin letters finds the words the plain pattern finds, the cheap test
before ungluing turns away only text without a glued abbreviation, and reading text line
by line (cached per printed line) changes nothing.
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

from normalize.schools import mentions as sm
from normalize.schools import vocabulary as sv

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "samples" / "source"


def _lines() -> list[str]:
    """Distinct stripped lines of the seeds (the sample orders' text), of every text field
    of the sample gold and of the real-cells fixture."""
    texts: list[str] = [p.read_text(encoding="utf-8") for p in sorted((SOURCE / "seeds").glob("*.txt"))]
    with (ROOT / "tests" / "fixtures" / "real_cells.toml").open("rb") as fh:
        texts += [case["text"] for cases in tomllib.load(fh).values() for case in cases]
    for path in sorted((SOURCE / "gold").glob("*.jsonl")):
        for row in path.read_text(encoding="utf-8").splitlines():
            texts += [v for v in json.loads(row).values() if isinstance(v, str)]
    seen = dict.fromkeys(line.strip() for text in texts for line in text.split("\n"))
    return [line for line in seen if line]


LINES = _lines()
EDGE = ["MAOU СОШ № 5", "CОШ", "https://imc.tomsk.ru ВКС", "IT-куб", "МБОУСОШ №10",
        "МБОУСОШ№ 3, МАОУгимназия", "аbc", "ЁжZ", "Zё", "школаX-2", "xМАОУСОШ", ""]


def test_the_corpus_is_real():
    assert len(LINES) > 1000


def test_latin_words_are_the_plain_patterns_words():
    """The linear search for words holding a Latin letter = ``_LATIN_WORD``'s matches."""
    found = 0
    for text in [*LINES, *EDGE, "\n".join(LINES)]:
        plain = [m.span() for m in sv._LATIN_WORD.finditer(text)]
        assert sv._latin_words(text) == plain, text
        found += len(plain)
    assert found > 100


def test_unglue_test_first_changes_nothing():
    """unglue's cheap test turns away only text the glued pattern leaves unchanged."""
    changed = 0
    for text in [*LINES, *EDGE]:
        assert sv.unglue(text) == sv._glued().sub(r"\1 \2", text), text
        changed += sv.unglue(text) != text
    assert changed >= 2


def test_reading_line_by_line_changes_nothing():
    """Look-alike letters and glued abbreviations read per line = read over the whole text."""
    whole = "\n".join([*LINES, *EDGE])
    plain = sv.unglue(sv.cyrillize(whole)).split("\n")
    assert [sv.unglue(sv.cyrillize(line)) for line in whole.split("\n")] == plain


def test_a_line_the_trigger_turns_away_holds_no_match():
    """No trigger in a line ⇒ the grammar, free to start a match at every token, names no
    school there (so skipping the line loses nothing; a bare "школ" it may match is no
    school); and the trigger does let the lines with schools through."""
    grammar = sm._grammar()
    turned_away = passed = 0
    for raw in [*LINES, *EDGE]:
        line = sv.unglue(sv.cyrillize(raw)).strip()
        if grammar.trigger.search(sv._yo(line)):
            passed += bool(sm._line_mentions(line))
            continue
        assert sm._mentions_from(line, lambda token: True) == (), line
        turned_away += 1
    assert turned_away > 500
    assert passed > 20


def test_find_mentions_equals_the_plain_loop():
    """find_mentions (per printed line, cached) = the loop over the whole text's lines."""
    def plain(text: str) -> list[sm.Mention]:
        grammar, out = sm._grammar(), []
        for line in sv.unglue(sv.cyrillize(text)).split("\n"):
            line = line.strip()
            if line and grammar.trigger.search(sv._yo(line)):
                for window in sm._windows(line, grammar):
                    out.extend(sm._mentions_in(window))
        return out

    texts = [*LINES, *EDGE, "\n".join(LINES[:300]), "\n".join(EDGE)]
    found = 0
    for text in texts:
        expected = plain(text)
        assert sm.find_mentions(text) == expected, text
        found += len(expected)
    assert found > 20


def test_matches_built_as_yargy_builds_them(monkeypatch):
    """With no relation in the grammar the parser builds each chosen match and its fact by
    plain recursions: the same spans, tokens and facts as yargy's prepare_match and Match.fact."""
    parser, grammar = sm._grammar().parser, sm._grammar()
    windows = [w for raw in LINES for line in [sv.unglue(sv.cyrillize(raw)).strip()]
               if grammar.trigger.search(sv._yo(line)) for w in sm._windows(line, grammar)]

    def matches() -> list[tuple]:
        return [(m.span, [t.value for t in m.tokens], m.fact)
                for w in windows for m in parser.findall_from(w, sm._start_filter(w, grammar))]

    assert not parser._has_relations
    fast = matches()
    monkeypatch.setattr(parser, "_has_relations", True)  # yargy's own way
    slow = matches()
    assert fast == slow
    assert len(fast) > 20
