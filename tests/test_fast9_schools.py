"""Round 9's cheaper school-finder steps give what the code they replace gave.

``prefilter.candidate_lines`` marks the lines holding a hit by their start offsets and slices
just those lines out of the text (the text is split only when no offset can be trusted), where
it split every text into lines and walked them all; compared here with that code, kept below
as the reference, on the sample texts, their lines, the shared gold and made-up texts with hits
on the first and last line, empty lines and a letter that case-folds to two.
``_TriggeredParser.tokens`` reads the text in one loop where yargy's tokenizer, morphology and
tagger were three nested generators (each Russian word built twice): compared token by token
(class, value, span, type, forms) with yargy's on every line and window of the same texts;
``findall_from`` gathers the root's completed states without ``Chart.matches``' generators
(held to yargy's choice over ``Chart.matches`` in tests/test_fast8_schools.py).
``vocabulary.cyrillize`` reads its tables worked out once and does not transliterate a Latin
word too long to spell a known abbreviation: compared with the round-8 code on the same lines
and made-up Latin ones.
The trigger regex opens with a look-ahead for the letters a match can start with: compared
(every match's span, group and groups) with the round-8 pattern on every line and window of
the same texts, in upper case too, and on a made-up line per piece of the vocabulary.
``earley._interpreted`` gathers what each node's interpretation sees into one list by a plain
recursion (the round-8 code chained generators): the facts of every chosen match of the same
windows compared with the round-8 code's.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from yargy.interpretation.interpretator import InterpretatorInput
from yargy.pipelines import PipelineProduction
from yargy.tree.constructors import Leaf

from normalize.schools import earley
from normalize.schools import grammar as sg
from normalize.schools import mentions as sm
from normalize.schools import prefilter
from normalize.schools import vocabulary as sv
from tests.test_fast6_schools import LINES, MADE_UP, TEXTS
from tests.test_fast7_schools import MORE, _gold_lines
from tests.test_fast8_schools import _windows


def _reference_candidate_lines(text: str) -> list[str]:
    """``prefilter.candidate_lines`` as it was before round 9 (cda430c)."""
    folded = text.casefold().replace("ё", "е")
    lines = text.split("\n")
    if len(folded) != len(text):
        return lines
    starts: set[int] = set()
    groups, word_ends = prefilter._anchor_groups()
    find, rfind, size = folded.find, folded.rfind, len(folded)

    def next_line(pos: int) -> int:
        starts.add(rfind("\n", 0, pos) + 1)
        end = find("\n", pos)
        return end + 1 if end >= 0 else -1

    for piece, anchors in groups:
        if find(piece) < 0:
            continue
        for anchor in anchors:
            pos = find(anchor)
            while pos >= 0:
                after = next_line(pos)
                pos = find(anchor, after) if after > 0 else -1
    for anchor in word_ends:
        pos = find(anchor)
        while pos >= 0:
            end = pos + len(anchor)
            if end < size and folded[end] in prefilter._LETTERS:
                pos = find(anchor, pos + 1)
                continue
            after = next_line(pos)
            pos = find(anchor, after) if after > 0 else -1
    latin = prefilter._LATIN_FOLDED.search(folded)
    while latin is not None:
        after = next_line(latin.start())
        latin = prefilter._LATIN_FOLDED.search(folded, after) if after > 0 else None
    if not starts:
        return []
    out, offset = [], 0
    for line in lines:
        if offset in starts:
            out.append(line)
        offset += len(line) + 1
    return out


EDGES = [
    "", "\n", "\n\n", "МАОУ", "МАОУ\n", "\nМАОУ", "МАОУ\n\nСОШ\n", "ничего\nсредняя\n",
    "СОШ № 1\nСОШ № 2\nСОШ № 3", "сош\nхорошо\nцо\nцоколь\nлицо ЦО", "a\nb\n\nc\n",
    "ß МБОУ\nСОШ", "МБОУ\nß", "x", "гимназия № 1\r\nлицей № 2\r\n", "\tМАОУ СОШ\t\n \n",
    "Средняя общеобразовательная школа\nосновная\nОСНОВНАЯ\nnothing here\nничего",
]


def test_candidate_lines_equal_the_reference():
    """The same lines in the same order as the round-8 code, on whole texts and lines."""
    gold = _gold_lines()
    texts = [*TEXTS, *LINES, *MADE_UP, *MORE, *gold, *EDGES, "\n".join(MADE_UP),
             "\n".join(gold), "\n".join(EDGES), "\n\n".join(MORE)]
    kept = nonempty = 0
    for text in texts:
        found = prefilter.candidate_lines(text)
        assert found == _reference_candidate_lines(text), text[:200]
        kept += len(found)
        nonempty += bool(found)
    assert kept > 500 and 100 < nonempty < len(texts)  # hits and misses both met


def test_tokens_equal_yargys_tokenizer_and_tagger():
    """The one-loop tokens are yargy's: same class, value, span, type and forms, in order."""
    parser = sm._grammar().parser
    assert parser._plain_tokens  # the grammar's parser takes the one-loop path
    texts = [*_windows(), *LINES, *MADE_UP, *MORE, *EDGES, "МАОУ «СОШ № 5» 02-21/683 ёлка\r\nx@y.ru"]
    compared = russian = 0
    for text in texts:
        fast = parser.tokens(text)
        slow = list(parser.tagger(parser.tokenizer(text)))
        assert [type(t) for t in fast] == [type(t) for t in slow], text
        assert fast == slow, text  # Record equality: value, span, type (and forms)
        assert [getattr(t, "forms", None) for t in fast] == [getattr(t, "forms", None) for t in slow]
        compared += len(fast)
        russian += sum(t.type == "RU" for t in fast)
    assert compared > 10_000 and 0 < russian < compared


def _reference_cyrillize(text: str) -> str:
    """``vocabulary.cyrillize`` as it was before round 9 (cda430c)."""
    if not sv._LATIN.search(text):
        return text
    vocab = sv.load_school_vocabulary()
    known = vocab.known_abbreviations

    def fix(word: str) -> str:
        looks = "".join(vocab.lookalike.get(c, c) for c in word)
        if not all(sv._is_latin(c) for c in word):
            return looks
        if looks.upper() in known and not any(sv._is_latin(c) for c in looks):
            return looks.upper()
        spelled = sv._transliterate(word, vocab.transliteration)
        return spelled if spelled in known else word

    return sv._sub_latin_words(text, fix)


LATIN = [
    "MBOU SOSH № 1", "mbou sosh", "MAOU", "MAOU СОШ", "CОШ № 2", "GBOU", "KGAOU", "KGKOUSH",
    "OGBOU SOSH", "MBOUSOSH", "MBOUSOSHSH", "MBOUSOSHSHA", "SHSHSHSHSH", "SHSHSHSHSHS",
    "CHCHCHCHCHCH", "https://imc.tomsk.ru ВКС", "IT-куб", "Kвантум", "\u212aГОУ", "ẞ MOU",
    "Microsoft Teams", "e-mail: school@example.ru", "TOCHKA ROSTA", "MOУ", "мOУ СOШ",
    "Straße MAOU", "LICEY", "GIMNAZIYA № 3", "SOSH", "OOSH", "NOSH", "VSOSH", "TsO", "CO № 13",
]


def test_cyrillize_equals_the_reference():
    """The same text as the round-8 code on every line of the sample texts and made-up ones."""
    lines = [*LINES, *MADE_UP, *MORE, *_gold_lines(), *LATIN, " ".join(LATIN)]
    changed = latin = 0
    for line in lines:
        fast = sv.cyrillize(line)
        assert fast == _reference_cyrillize(line), line
        changed += fast != line
        latin += bool(sv._LATIN.search(line))
    assert changed > 15 and latin > 40
    assert sv._lookalike_tables().longest_word is not None  # the length bound is in use


def _reference_trigger() -> re.Pattern[str]:
    """The trigger regex as ``grammar._build_grammar`` compiled it before round 9 (cda430c)."""
    v = sv.load_school_vocabulary()

    def alternation(items: set[str]) -> str:
        return "|".join(sorted(map(re.escape, items), key=len, reverse=True))

    kind_words = {r"[а-яё]*\s+".join(map(re.escape, stems)) for stems in sg._kind_stems(v)}
    return re.compile(
        rf"(?<![А-Яа-яЁё])(?:(?P<legal>{alternation({a.lower() for a in v.legal_abbreviations})})"
        rf"|(?P<kind>{alternation({a.lower() for k in v.kinds for a in k.abbreviations})})"
        rf")(?![А-Яа-яЁё])"
        rf"|(?<![А-Яа-яЁё])(?:(?P<word>{'|'.join(sorted(kind_words, key=len, reverse=True))})"
        rf"|(?P<core>(?:{alternation({sg._stem(w) for w in v.qualifiers})})[а-яё]*\s+"
        rf"(?:[а-яё]+\s+){{0,3}}(?:{alternation({sg._stem(w) for w in v.core})})))",
        re.IGNORECASE,
    )


def _vocabulary_lines() -> list[str]:
    """A line per piece of the vocabulary: every abbreviation, spelled-out kind and
    qualifier + core word, after a word and after a punctuation mark."""
    v = sv.load_school_vocabulary()
    pieces = [*v.legal_abbreviations, *(a for k in v.kinds for a in k.abbreviations),
              *(" ".join(p) for k in v.kinds for p in k.phrases),
              *(f"{q} {c}" for q in v.qualifiers for c in v.core),
              *(f"{q} и {q} {n} {c}" for q in v.qualifiers for c in v.core for n in v.nouns)]
    return [line for piece in pieces
            for line in (f"в {piece} № 5", f"(«{piece}»)", f"x{piece}", piece.upper(), piece.title())]


def test_trigger_finds_what_the_reference_pattern_finds():
    """Same matches (span, group, groups) as the round-8 trigger, found faster."""
    fast, slow = sm._grammar().trigger, _reference_trigger()
    assert fast.pattern.startswith("(?=[")  # the look-ahead is in use
    texts = [*LINES, *MADE_UP, *MORE, *_gold_lines(), *_windows(), *_vocabulary_lines(), *LATIN,
             *EDGES, "ᲀСОШ ᲀ СОШ Kгоу \u212aгоу ꙋ ОШ"]
    texts += [sv._yo(t) for t in texts] + [t.upper() for t in texts] + [t.casefold() for t in texts]
    found = 0
    for text in texts:
        got = [(m.span(), m.lastgroup, m.groups()) for m in fast.finditer(text)]
        assert got == [(m.span(), m.lastgroup, m.groups()) for m in slow.finditer(text)], text
        found += len(got)
    assert found > 3_000
    groups = {m.lastgroup for t in _vocabulary_lines() for m in fast.finditer(t)}
    assert groups == {"legal", "kind", "word", "core"}


def _reference_kept(node: Any) -> Iterator[Any]:
    for child in node.children:
        if isinstance(child, Leaf) or child.interpretator:
            yield child
        else:
            yield from _reference_kept(child)


def _reference_interpreted(node: Any) -> Any:
    """``earley._interpreted`` as it was before round 9 (cda430c)."""
    values = InterpretatorInput(
        child.token if isinstance(child, Leaf) else _reference_interpreted(child)
        for child in _reference_kept(node)
    )
    if isinstance(node.production, PipelineProduction):
        values.key = node.production.value
    return node.interpretator(values)


def test_interpreted_facts_equal_the_reference():
    """Every chosen match's fact (and its spans) as the round-8 recursion builds it."""
    grammar = sm._grammar()
    compared = items = 0
    for window in [*_windows(), *_vocabulary_lines()]:
        for match in grammar.parser.findall_from(window, sm._start_filter(window, grammar)):
            fast = earley._interpreted(match.tree.root)
            slow = _reference_interpreted(match.tree.root)
            assert fast == slow, window
            assert fast.normalized.as_json == slow.normalized.as_json, window
            assert list(fast.spans) == list(slow.spans), window
            compared += 1
            items += len(fast.normalized.items)
    assert compared > 150 and items > compared
