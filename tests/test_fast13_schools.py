"""Round 13 of the school finder's speed-ups give what the code they replaced gives.

``prefilter.line_is_candidate`` (one regex search over a case-folded line) must give
``bool(candidate_lines(line))`` (the per-anchor and per-letter searches built for long
texts), which ``seen_candidate_lines`` asked for each new line of a short text before: on
every line of the sample texts, the made-up lines, the texts the pipeline gives the finder
for a synthetic DOCX corpus, every character of Unicode alone and around the anchors, and
random strings over the letters that matter.
"""
from __future__ import annotations

import random

from normalize.memo import clear_text_caches
from normalize.schools import prefilter
from tests.test_fast6_schools import MADE_UP, TEXTS
from tests.test_fast10_schools import synthetic_texts  # noqa: F401


def _anchor_words() -> list[str]:
    anywhere, word_ends = prefilter._anchors()
    return [*anywhere, *word_ends]


def _probe_lines() -> list[str]:
    """Made-up lines around every anchor: glued to a letter before and after (Cyrillic,
    "ё", Latin, upper case, a digit, punctuation), at a line's ends, and each character of
    Unicode that case-folds to ASCII, Cyrillic or more than one letter (and every 97th)
    alone and after a word-end anchor."""
    around = ["", " ", "а", "я", "ё", "Ё", "Я", "z", "Z", "5", ".", "-", "»", "\u0451", "ß", "İ"]
    out = []
    for anchor in _anchor_words():
        for variant in (anchor, anchor.upper(), anchor.capitalize(), anchor.replace("е", "ё")):
            out.extend(b + variant + a for b in around for a in around)
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = char.casefold()  # the characters that fold to what a search looks for
        if char == "\n" or not (len(folded) != 1 or folded.isascii() or "а" <= folded <= "я"
                                 or folded == "ё" or code % 97 == 0):
            continue
        out.append(char)
        out.append("сош" + char)
    pick = random.Random(13)
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБОУСШЦМГЛИЁ ab.№5ß"
    out.extend("".join(pick.choice(alphabet) for _ in range(pick.randint(1, 40)))
               for _ in range(20000))
    return out


def test_line_verdict_equals_candidate_lines(synthetic_texts):  # noqa: F811
    """The one-search verdict of a line = ``bool(candidate_lines(line))``, on every line."""
    lines = {line for text in [*TEXTS, *MADE_UP, *synthetic_texts] for line in text.split("\n")}
    lines.update(line.strip() for line in list(lines))
    lines.update(_probe_lines())
    hits = 0
    for line in lines:
        expected = bool(prefilter.candidate_lines(line))
        assert prefilter.line_is_candidate(line) is expected, repr(line)
        hits += expected
    assert hits > 1000 and len(lines) - hits > 1000


def _seen_candidate_lines_round12(text: str, verdicts: dict[str, bool]) -> list[str]:
    """``seen_candidate_lines`` as round 12 had it (a new line of a short text searched by
    ``candidate_lines``), over its own verdicts."""
    lines = text.split("\n")
    if len(lines) <= prefilter._SHORT_TEXT_LINES:
        out = []
        for line in lines:
            key = line.strip()
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = bool(prefilter.candidate_lines(line))
            if verdict:
                out.append(line)
        return out
    found = prefilter.candidate_lines(text)
    verdicts.update(dict.fromkeys(map(str.strip, lines), False))
    verdicts.update(dict.fromkeys(map(str.strip, found), True))
    return found


def test_seen_candidate_lines_equal_round12(synthetic_texts):  # noqa: F811
    """The lines passed on and the verdicts noted are round 12's, text by text (the
    pipeline's order: the document's text, then its rows)."""
    clear_text_caches()
    reference: dict[str, bool] = {}
    for text in [*synthetic_texts, *TEXTS, *MADE_UP]:
        assert prefilter.seen_candidate_lines(text) == _seen_candidate_lines_round12(text, reference)
        assert prefilter._verdicts() == reference
    clear_text_caches()
