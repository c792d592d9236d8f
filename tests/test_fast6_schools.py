"""The school finder's cold-speed paths give what the plain code gives.

``prefilter.candidate_lines`` (substring anchors over the case-folded text) lets through
every line the trigger or the grammar finds anything in; the parser's lazily built trees
choose the matches yargy's own sort and selection choose; ``find_mentions`` over whole
texts equals the plain loop over every line.
"""
from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
from yargy.parser import prepare_trees
from yargy.span import resolve_spans

from normalize.schools import mentions as sm
from normalize.schools import vocabulary as sv
from normalize.schools.grammar import trigger_anchors
from normalize.schools.prefilter import candidate_lines

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "samples" / "source"
SHARED_SEEDS = Path("/work/shared/seeds")


def _texts() -> list[str]:
    """The seeds (sample orders' text; the shared copy too when present), every text field
    of the sample gold and the real-cells fixture."""
    paths = sorted((SOURCE / "seeds").glob("*.txt"))
    if SHARED_SEEDS.is_dir():
        paths += sorted(SHARED_SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    with (ROOT / "tests" / "fixtures" / "real_cells.toml").open("rb") as fh:
        texts += [case["text"] for cases in tomllib.load(fh).values() for case in cases]
    for path in sorted((SOURCE / "gold").glob("*.jsonl")):
        for row in path.read_text(encoding="utf-8").splitlines():
            texts += [v for v in json.loads(row).values() if isinstance(v, str)]
    return texts


TEXTS = _texts()
LINES = list(dict.fromkeys(line for text in TEXTS for line in text.split("\n") if line.strip()))
# made-up lines: look-alike Latin letters, glued abbreviations, "ё", odd case, a letter that
# case-folds to two, a kind inside a word, triggers at both ends, near-misses
MADE_UP = [
    "MAOU СОШ № 5", "CОШ № 2", "МБОУСОШ №10", "МБОУСОШ№ 3, МАОУгимназия № 4", "xМАОУСОШ",
    "мбоу сош № 7", "Мбоу Сош №7", "маоу «Лицей № 3»", "СОШ", "в СОШ", "ООШ с. Ямск",
    "Straße МАОУ СОШ № 1", "ẞ гимназия № 2", "Гимназией № 5 г. Липецка", "ГИМНАЗИЯ №1",
    "Лицёй № 2", "ЛИЦЕЙ", "лицей-интернат № 1", "средней общеобразовательной школы № 9",
    "Средняя Общеобразовательная Школа №3", "СРЕДНЕЙ ШКОЛЫ № 4", "основной школы с. Покровка",
    "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 36»",
    "МУНИЦИПАЛЬНОГО АВТОНОМНОГО ОБЩЕОБРАЗОВАТЕЛЬНОГО УЧРЕЖДЕНИЯ «Гимназия № 1»",
    "государственное казённое общеобразовательное учреждение", "Заозерной СОШ № 16",
    "ЦО № 13", "центр образования № 13", "ВСОШ № 2", "НОШ № 1 и ООШ № 2", "СШ № 3",
    "хорошо", "отношение школ", "лицензия", "высшего образования", "кооперация ОО",
    "СОШа", "МАОУ", "МАОУ\u00a0СОШ\u00a0№\u00a05", "\tМБОУ СОШ № 1\t", "ᲀ СОШ", "ﬁ МАОУ СОШ № 2",
    "Школа № 5", "школа", "IT-куб", "https://imc.tomsk.ru ВКС", "", " ", "№ 5",
]


def _processed(raw: str) -> str:
    return sv.unglue(sv.cyrillize(raw)).strip()


def _trigger_hit(raw: str) -> bool:
    return bool(sm._grammar().trigger.search(sv._yo(_processed(raw))))


def test_the_corpus_is_real():
    assert len(LINES) > 1000
    assert sum(_trigger_hit(line) for line in LINES) > 50


def test_case_folding_keeps_what_the_trigger_equates():
    """Over all of Unicode: a character the trigger's IGNORECASE class takes for a Cyrillic
    letter folds to one, a character it does not never folds to one, and a character
    matching a letter case-insensitively folds to that letter."""
    letters = set("абвгдежзийклмнопрстуфхцчшщъыьэюяё")
    letter_class = re.compile(r"[А-Яа-яЁё]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = char.casefold()
        if letter_class.match(char):
            assert len(folded) == 1 and folded in letters, hex(code)
        else:
            assert not any(c in letters for c in folded), hex(code)
    for letter in "абвгдежзийклмнопрстуфхцчшщъыьэюя":
        same = re.compile(re.escape(letter), re.IGNORECASE)
        for code in range(0x10000):
            if not 0xD800 <= code <= 0xDFFF and same.fullmatch(chr(code)):
                assert chr(code).casefold() == letter, (letter, hex(code))


def test_anchors_come_from_the_vocabulary():
    anywhere, word_ends = trigger_anchors(sv.load_school_vocabulary())
    assert "маоу" in anywhere and "общеобразовательн" in anywhere and "гимназ" in anywhere
    assert "ош" in word_ends and "сош" not in word_ends  # "сош" ends in "ош"
    assert all(a == a.lower() for a in anywhere | word_ends)


@pytest.mark.parametrize("corpus", ["lines", "made_up"])
def test_every_line_with_a_trigger_or_a_mention_passes(corpus):
    """A line the trigger (after look-alikes and glued abbreviations are read) or the
    grammar started at every token finds anything in is a candidate line; most of the
    other lines are not."""
    lines = LINES if corpus == "lines" else MADE_UP
    kept = turned_away = 0
    for raw in lines:
        candidate = candidate_lines(raw) == [raw]
        line = _processed(raw)
        full_parse = bool(line) and sm._mentions_from(line, lambda token: True) != ()
        if _trigger_hit(raw) or full_parse:
            assert candidate, raw
            kept += 1
        turned_away += not candidate
    assert kept > (50 if corpus == "lines" else 25)
    if corpus == "lines":
        assert turned_away > len(lines) // 2


def test_candidate_lines_of_a_whole_text_are_its_triggered_lines_and_more():
    """Over whole texts (the anchors found across the text, lines recovered by offset):
    the candidates are lines of the text, in order, and hold every line the trigger hits."""
    for text in [*TEXTS, "\n".join(MADE_UP), "\n".join(LINES[:500])]:
        lines = text.split("\n")
        found = candidate_lines(text)
        it = iter(lines)
        assert all(any(c == line for line in it) for c in found), "not an ordered sub-list"
        assert [ln for ln in lines if _trigger_hit(ln)] == [ln for ln in found if _trigger_hit(ln)]


def test_find_mentions_equals_the_plain_loop_over_every_line():
    def plain(text: str) -> list[sm.Mention]:
        grammar, out = sm._grammar(), []
        for raw in text.split("\n"):
            line = _processed(raw)
            if line and grammar.trigger.search(sv._yo(line)):
                for window in sm._windows(line, grammar):
                    out.extend(sm._mentions_in(window))
        return out

    found = 0
    for text in [*TEXTS, *MADE_UP, "\n".join(MADE_UP)]:
        expected = plain(text)
        assert sm.find_mentions(text) == expected, text
        found += len(expected)
    assert found > 50


def test_lazy_trees_choose_what_yargy_chooses():
    """Matches chosen from candidates grouped by range (trees built only for rivals) = yargy's
    sort of every candidate's tree, first of each range, widest non-overlapping spans."""
    grammar = sm._grammar()
    parser = grammar.parser
    windows = [w for raw in [*LINES, *MADE_UP] for line in [_processed(raw)]
               if line and grammar.trigger.search(sv._yo(line)) for w in sm._windows(line, grammar)]
    rivals = 0
    for window in windows:
        starts = sm._start_filter(window, grammar)
        fast = [(m.span, [t.value for t in m.tokens], m.fact)
                for m in parser.findall_from(window, starts)]
        chart = parser.chart_from(window, starts)
        first, spans = {}, []
        for tree in sorted(prepare_trees(chart.matches(parser.rule))):
            if tree.range in first:
                rivals += 1
            else:
                first[tree.range] = tree
                spans.append(tree.range)
        slow = [(m.span, [t.value for t in m.tokens], m.fact)
                for m in (parser._prepare(first[span]) for span in resolve_spans(spans)) if m]
        assert fast == slow, window
    assert len(windows) > 50
    assert rivals > 0
