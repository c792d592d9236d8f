"""Round 13 of the school finder's speed-ups give what the code they replaced gives.

``prefilter.line_is_candidate`` (one regex search over a case-folded line) must give
``bool(candidate_lines(line))`` (the per-anchor and per-letter searches built for long
texts), which ``seen_candidate_lines`` asked for each new line of a short text before: on
every line of the sample texts, the made-up lines, the texts the pipeline gives the finder
for a synthetic DOCX corpus, every character of Unicode alone and around the anchors, and
random strings over the letters that matter.  ``candidate_lines``, which searches a group of
anchors by its piece's occurrences, must give round 12's lines (each anchor searched for).
``cyrillize``, its words read by a cached function, must give what its per-call closure gave.
"""
from __future__ import annotations

import random

from normalize.memo import clear_text_caches
from normalize.schools import prefilter
from normalize.schools import vocabulary as sv
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
    found = _candidate_lines_round12(text)
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


def _candidate_lines_round12(text: str) -> list[str]:
    """``candidate_lines`` as round 12 had it: each anchor of a group whose piece the text
    holds searched for on its own."""
    folded = text.casefold().replace("ё", "е")
    if len(folded) != len(text):
        return text.split("\n")
    starts: set[int] = set()
    groups, word_ends = prefilter._anchor_groups()
    find, size = folded.find, len(folded)
    for piece, anchors in groups:
        if find(piece) < 0:
            continue
        for anchor in anchors:
            pos = find(anchor)
            while pos >= 0:
                after = prefilter._mark_line(folded, pos, starts)
                pos = find(anchor, after) if after > 0 else -1
    for anchor in word_ends:
        pos = find(anchor)
        while pos >= 0:
            end = pos + len(anchor)
            if end < size and folded[end] in prefilter._LETTERS:
                pos = find(anchor, pos + 1)
                continue
            after = prefilter._mark_line(folded, pos, starts)
            pos = find(anchor, after) if after > 0 else -1
    prefilter._mark_latin_lines(folded, starts)
    out = []
    for start in sorted(starts):
        end = text.find("\n", start)
        out.append(text[start:end] if end >= 0 else text[start:])
    return out


def test_placed_groups_place_every_piece():
    """A scanned group's (anchor, offset) pairs: the piece at each offset it is at in each
    anchor, every anchor of the group; groups too small to scan keep their anchors."""
    groups = prefilter._anchor_groups()[0]
    placed = prefilter._placed_groups()
    assert [(p, a) for p, _, a in placed] == list(groups)
    assert any(pairs is not None for _, pairs, _ in placed)
    for piece, pairs, anchors in placed:
        if pairs is None:
            assert len(anchors) < prefilter._SCAN_GROUP
            continue
        assert {a for a, _ in pairs} == set(anchors)
        for anchor in anchors:
            assert sorted(at for a, at in pairs if a == anchor) == [
                i for i in range(len(anchor)) if anchor.startswith(piece, i)]


def test_candidate_lines_equal_round12(synthetic_texts):  # noqa: F811
    """Whole texts (the pipeline's, the samples', made-up ones dense with the scanned
    groups' pieces, anchors at a text's start and glued to each other) give round 12's lines."""
    pick = random.Random(12)
    pieces = [*_anchor_words(), "оу", "о", "у", "ОУ", "Моу", "ё", "\n", " ", "а", "z", "ß", "5"]
    made = ["".join(pick.choice(pieces) for _ in range(pick.randint(1, 60))) for _ in range(5000)]
    texts = [*synthetic_texts, *TEXTS, "\n".join(MADE_UP), *MADE_UP, *made,
             "\n".join(made[:300]), "гоу\nмоу", "оумаоу", "маоумоу\nоу", "оу"]
    for text in texts:
        assert prefilter.candidate_lines(text) == _candidate_lines_round12(text), repr(text[:200])


def _cyrillize_round12(text: str) -> str:
    """``vocabulary.cyrillize`` as round 12 had it (each word read by a closure, uncached)."""
    if not sv._LATIN.search(text):
        return text
    tables = sv._lookalike_tables()
    lookalike, known, longest_word = tables.lookalike, tables.known, tables.longest_word

    def fix(word: str) -> str:
        looks = "".join(lookalike.get(c, c) for c in word)
        if not all(sv._is_latin(c) for c in word):
            return looks
        if looks.upper() in known and not any(sv._is_latin(c) for c in looks):
            return looks.upper()
        if longest_word is not None and len(word) > longest_word:
            return word
        spelled = sv._transliterate(word, tables.transliteration, tables.longest_key)
        return spelled if spelled in known else word

    return sv._sub_latin_words(text, fix)


def test_cyrillize_equals_round12(synthetic_texts):  # noqa: F811
    """Every line of the corpus and made-up words mixing the look-alike letters, Latin
    spellings of the abbreviations in every case and Cyrillic, read twice (the second
    time from the cache): round 12's reading."""
    vocabulary = sv.load_school_vocabulary()
    pick = random.Random(31)
    letters = "".join(vocabulary.lookalike) + "".join(vocabulary.transliteration) + "абвМОУСШaxzQ-"
    spellings = [*vocabulary.transliteration, *vocabulary.lookalike, "MAOU", "maou", "Maou",
                 "MБOУ", "COШ", "SOSH", "sosh", "Sosh", "MOU", "gimnaziya", "licey", "http", "ru"]
    words = [*spellings, *("".join(pick.choice(letters) for _ in range(pick.randint(1, 12)))
                           for _ in range(5000))]
    made = [" ".join(pick.choice(words) for _ in range(pick.randint(1, 6))) for _ in range(3000)]
    lines = [line for text in [*synthetic_texts, *TEXTS, *MADE_UP] for line in text.split("\n")]
    for line in [*lines, *made, *spellings, *made]:
        assert sv.cyrillize(line) == _cyrillize_round12(line), line
