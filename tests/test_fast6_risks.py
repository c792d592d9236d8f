"""The cold-path speed-ups of risks and milestones give what the straightforward scan gives.

Fast paths: a cell's words (``nlp.words``) decide whether it can name a risk direction or
meet a topic rule before it is tokenized; milestone and kind phrases are found through a
head index instead of testing every phrase.  Each is compared with the plain scan, on every
cell of the sample gold and the real-cells fixture (``tests.test_fast_paths.TEXTS``) and on
made-up texts that do and do not name directions, both ways (hits and no hits).
"""
from __future__ import annotations

import re

from normalize import milestones, nlp, risk_topics, risk_vocabulary, risks
from tests.test_fast_paths import TEXTS

MADE_UP = [
    "Работа с рисковыми направлениями 2, 5 и 9",
    "риск 3; риски 1,5 и 10 %",
    "– 9 «Пониженный уровень качества преподавания»",
    "— 4 «Низкий уровень оснащения школы»",
    "Высокая доля обучающихся с рисками учебной неуспешности",
    "Недостаточная предметная и методическая компетентность педагогических работников",
    "низкая учебная мотивация обучающихся",
    "Низкое качество преодоления языковых и культурных барьеров",
    "Несформированность внутришкольной системы повышения квалификации",
    "Родительское собрание «Роль семьи в учебной мотивации»",
    "Диагностика предметных компетенций учителей математики",
    "Риск-профиль школы; рисковое направление №3",
    "РИСКОВЫЕ НАПРАВЛЕНИЯ: 6 и 8",
    "дефицит педагогических кадров", "нехватка педагогов",
    "a--b 5-b ё-ж 12ab Ёлка-палка", "углублѐнным изучением", "café 5 ß риск", "", "   ", "2024-2025", "«»—–(),;",
    "Высокая доля обучающихся с рисками учебной неуспешности (2 ОО), 3.03.2024",
    "Низкий уровень вовлеченности родителей; 10 школ",
]


def _from_taxonomy() -> list[str]:
    """Texts built from every direction's wording, key phrases and variants: as printed,
    shouted, a long word one letter short, after a dashed number, after a context word, in
    a sentence, and cut in half (a phrase missing a word)."""
    out = []
    for d in risks.load_risk_taxonomy():
        for phrase in (d.wording, *d.key_phrases, *d.variants):
            words = phrase.split()
            longest = max(words, key=len)
            out += [phrase, phrase.upper(), phrase.replace(longest, longest[:-2] + longest[-1], 1),
                    f"– {d.code} «{phrase}»", f"– {d.code % 10 + 1} «{phrase}»",
                    f"Рисковые направления {d.code}, {d.code % 10 + 1}: {phrase.lower()}",
                    f"Мероприятие для школ; {phrase.lower()} (3 ОО)",
                    " ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2:])]
    return out


CORPUS = [*TEXTS, *MADE_UP, *_from_taxonomy()]
_PLAIN_TOKEN = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*|\d+|[^\sА-Яа-яЁёA-Za-z\d]")


def test_words_are_the_word_tokens_of_every_tokenizer():
    """nlp.words = the word tokens of the risk tokenizer = the milestone tokenizer's tokens."""
    word = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")
    for text in CORPUS:
        words = list(nlp.words(text))
        assert words == [t for t in _PLAIN_TOKEN.findall(text) if word.fullmatch(t)], text
        assert words == milestones._TOKEN.findall(text), text
        assert words == [t.text for t in risk_vocabulary._tokens(text) if word.fullmatch(t.text)], text


def test_a_letter_outside_the_word_pattern_is_read_the_long_way():
    """"ѐ", "é" are one-character tokens of the risk tokenizer but not nlp.words: a text
    holding one bypasses the word prefilter; a text of word-pattern letters never does."""
    for text in ["углублѐнным", "café", "Її", "x²", "µ", "ß"]:
        assert risk_vocabulary._ODD_LETTER.search(text), text
    for text in CORPUS:
        odd = [t.text for t in risk_vocabulary._tokens(text) if len(t.text) == 1 and t.text.isalpha()
               and not re.fullmatch("[А-Яа-яЁёA-Za-z]", t.text)]
        assert bool(odd) <= bool(risk_vocabulary._ODD_LETTER.search(text)), text


def _may_name(words, text: str | None = None) -> bool:
    """Whether a text of these words can hold an explicit hit: ``risks._may_name_by``, the
    test ``risks._explicit`` asks of a text's signals, of the signals of these words
    (without ``text``, any risk context word lets it through).  It was ``risks._may_name``,
    kept in the module for the tests alone until round 13."""
    return risks._may_name_by(risk_vocabulary._word_set_signals(words), text)


def test_explicit_prefilter_equals_the_scan_of_every_cell():
    """_explicit (words first) = tokenizing and scanning every cell, with and without a
    section method; the filter turns away most cells, and lets through every hit."""
    hits = turned_away = 0
    for text in CORPUS:
        for method in (None, "section"):
            expected = risks._scan_explicit(text, method)
            assert risks._explicit.__wrapped__(text, method) == expected, text
            hits += bool(expected)
        may = _may_name(nlp.words(text))
        turned_away += not may
        if not may:
            assert risks._scan_explicit(text, None) == (), text
    assert hits > 600 and turned_away > 1000


def _plain_topic_spans(text: str) -> tuple[tuple[int, bool, int, int], ...]:
    """Every topic rule tried on every token (no stem prefilter, no candidate rules)."""
    tokens = risk_vocabulary._tokens(text)
    stems = [t.stems for t in tokens]
    words = [t.text[:1].isalpha() for t in tokens]
    out = []
    for rule in risk_vocabulary._topic_rules():
        for a, b in risk_topics._rule_hits(stems, words, rule):
            out.append((rule.code, rule.fallback, tokens[a].start, tokens[b].end))
    return tuple(out)


def test_topic_prefilter_equals_every_rule_on_every_cell():
    found = 0
    for text in CORPUS:
        expected = _plain_topic_spans(text)
        assert risk_topics._topic_spans.__wrapped__(text) == expected, text
        found += bool(expected)
    assert found > 300


# --------------------------------------------------------------------------- milestones


def _plain_align(activity: str) -> milestones.Alignment:
    """align_activity as the plain scan: every head, phrase and exclusion of every kind and
    milestone, in file order, tried with _find."""
    tokens = milestones._Index(milestones._tokens(activity))
    tax = milestones._taxonomy()
    gap, within = tax["gap"], tax["head_words"]
    Evidence = milestones.Evidence
    show = milestones._show
    for kind in milestones.load_kinds():
        for head in kind.heads:
            if text := milestones._find(tokens, head, gap, within=within):
                veto = Evidence(show(head), text, f"head:{kind.code}")
                break
        else:
            continue
        break
    else:
        veto = None
    evidence: list = []
    if veto is None:
        best = None
        for ms in milestones.load_milestones():
            hits = [(len(p), Evidence(show(p), t, "milestone"))
                    for p in ms.phrases if (t := milestones._find(tokens, p, gap))]
            if not hits:
                continue
            vetoed = next((Evidence(show(p), t, f"exclude:{ms.code}")
                           for p in ms.exclude if (t := milestones._find(tokens, p, gap))), None)
            if vetoed:
                evidence.append(vetoed)
                continue
            length, ev = max(hits, key=lambda h: h[0])
            if best is None or length > best[0]:
                best = (length, ms, ev)
        if best is not None:
            return milestones.Alignment(best[1].code, milestones.FEDERAL_KIND, (best[2],))
    else:
        evidence = [veto]
    for kind in milestones.load_kinds():
        for phrase in kind.phrases:
            if text := milestones._find(tokens, phrase, gap):
                return milestones.Alignment(None, kind.code, (*evidence, Evidence(show(phrase), text, "kind")))
    return milestones.Alignment(None, milestones.OTHER_KIND, tuple(evidence))


def test_phrase_index_alignment_equals_the_scan_of_every_phrase():
    aligned = [milestones._align.__wrapped__(text) for text in CORPUS]
    assert aligned == [_plain_align(text) for text in CORPUS]
    assert sum(a.milestone is not None for a in aligned) > 20
    assert sum(a.milestone is None and a.kind != milestones.OTHER_KIND for a in aligned) > 20
    assert any(e.role.startswith("exclude:") for a in aligned for e in a.evidence)
    assert any(e.role.startswith("head:") for a in aligned for e in a.evidence)


def test_phrase_index_offers_exactly_the_phrases_whose_heads_are_present():
    """_PhraseIndex.present = the phrases (file order) whose every head opens a token."""
    ms = milestones._milestone_phrases()
    index = milestones._indexes()[0]
    for text in CORPUS:
        have = milestones._Index(milestones._tokens(text)).heads
        expected = {}
        for m, (_, phrases, _) in enumerate(ms):
            kept = [p for p, needs in phrases if p and needs <= have]
            if kept:
                expected[m] = kept
        got = index.present(have)
        assert list(got) == sorted(got) and got == expected, text


# --------------------------------------------------------------------------- clean_text


def _plain_clean_text(text: str, full_lines: tuple[bool, ...] | None) -> str:
    """clean_text as every substitution run on every cell (the code before the prefilters)."""
    from normalize import text as t
    from normalize.wordbreak import join_lines, sub_lines

    text, full_lines = sub_lines(t._SOFT_HYPHEN_BREAK, "", text, full_lines)
    text = text.replace("\u00ad", "")
    text, full_lines = sub_lines(t._HTML_TAG, " ", text, full_lines)
    for entity, char in t._HTML_ENTITY.items():
        text = text.replace(entity, char)
    while True:
        joined, full_lines = sub_lines(t._URL_BREAK, r"\1", text, full_lines)
        if joined == text:
            break
        text = joined
    text, full_lines = sub_lines(t._HYPHEN_DIGIT_BREAK, "-", text, full_lines)
    if "\n" in text:
        lines = text.split("\n")
        text = join_lines(lines, full_lines if full_lines and len(full_lines) == len(lines) else None)
    text = t._STRAY_PIPE.sub(" ", text)
    return t._WS.sub(" ", text).strip()


RAW_CELLS = [
    "Мони-\nторинг школ", "школы-\n500+", "2-\nго полугодия", "2021-\n2022 гг.", "Сентябрь- \nоктябрь",
    "https://edu.ru/kppio/\nUstanochnyj_doc.pdf и\nhttp://a.ru/b-\nc/d_\ne", "www.site.\nru/x",
    "пере\u00ad\n  дача", "со\u00adвет", "<b>Приказ</b> &nbsp;№ 5 &amp; &lt;тег&gt; &quot;x&quot;",
    "<p\n class=x>текст</p>", "| столбец | ещё |", "a|b", "Дорожная\n|\nкарта", "\u00a0 \t\n",
    "строка\r\nвторая\n\nтретья", "x\u2028y\x1cz\u3000w", "учеб-\nного года", "ИРО-\n2024",
    "&lt;b&gt;не тег&lt;/b&gt;\n-\n5", "много   пробелов\t\tи\nстрок  ",
]


def _raw_texts() -> list[str]:
    """Every raw cell and text block of the sample DOCX orders, and the made-up cells."""
    from pathlib import Path

    from extract import read_document

    root = Path(__file__).resolve().parents[1]
    out = list(RAW_CELLS) + [s for s in ODD_WHITESPACE]
    for path in sorted((root / "samples").glob("*.docx")):
        doc = read_document(path)
        out += [b.text for b in doc.blocks] + [c.text for t in doc.tables for c in t.cells]
    return [t for t in out if t]


ODD_WHITESPACE = ["a\u00a0b\u2003«c»\r\nd\x0b(e)\x1cf\u2028g\u3000h\tи\n\n(далее\u00a0– ИРО)",
                  " \t\n ", "\u00a0(\u00a0далее\u2009—\u2009«Министерство»\u00a0)"]


def test_clean_text_prefilters_equal_every_substitution():
    """_clean_text (each substitution only when its character is there) = all of them, with
    no line flags, flags describing the lines (all full, none, alternating) and flags that
    do not (one too few)."""
    from normalize import text as t

    texts = _raw_texts()
    multiline = changed = 0
    for text in texts:
        n = text.count("\n") + 1
        for flags in (None, (True,) * n, (False,) * n, tuple(k % 2 == 0 for k in range(n)),
                      (True,) * (n - 1)):
            expected = _plain_clean_text(text, flags)
            assert t._clean_text.__wrapped__(text, flags) == expected, (text, flags)
        multiline += n > 1
        changed += expected != " ".join(text.split())
    assert len(texts) > 500 and multiline > 50 and changed > 10
