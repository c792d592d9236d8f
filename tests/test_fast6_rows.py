"""The cold-cost speed-ups of the row parsers give what the plain code gives (fast path vs
reference, on every sample and real cell text, plus edge cases written for each path).

* ``grammar.alt`` tries only the alternatives that can open at the token in hand (tables
  from each parser's ``opens``): the date grammar, the recurrence counts and a whole cell
  scan equal the ordered choice that tries every alternative.
* ``grammar.tokenize`` builds its tokens without the NamedTuple constructor: the same
  tokens as ``Token(...)``.
* ``Lexicon.match`` turns away a word no phrase starts with before looking for phrases.
* ``indicators`` searches a mask only in a text holding the characters every match of it
  holds, skips a text without a digit before masking, and tries the date grammar only at
  tokens that can open an expression.
"""
from __future__ import annotations

import re

import pytest

from normalize import grammar, indicators, periods
from normalize.grammar import Lexicon, Token, tokenize
from tests.test_fast_paths import TEXTS

EDGE = [
    "", " ", "—", "до", "с 01.09.2021 по 31.05.2022", "I–II квартал 2022 г.", "2 кв.",
    "«15» февраля 2021 г.", "2021/2022 учебный год", "с 15 по 20 марта", "15–20 марта",
    "декабрь – январь", "до начала марта", "начиная с апреля 2022 года", "1-е полугодие",
    "2 раза в год", "раз в две недели", "дважды в месяц", "еженедель ных совещаний",
    "ежеквартально, до 10 числа", "в течение 2022 года", "03.2022", "Март 2022, декабрь",
    "до «__» ______ 2021 г.", "25 августа X - 1 года", "31.02.2021", "1.", "2021-2022",
    "не менее 90 %", "≥ 5 школ", ">=30%", "от 3 до 5 школ", "5 и более школ", "№ 4, 19, 65",
    "тел. 8 (3812) 25-35-40, info@mail.ru", "www.site.ru/page?x=2021", "a-x@y.z 12-34-56",
]
CORPUS = TEXTS + EDGE


@pytest.fixture
def reference_choice():
    """Every ``alt`` tries all its alternatives in order while the test runs."""
    grammar.dispatching(False)
    yield
    grammar.dispatching(True)


def _expressions(text: str) -> list:
    toks = tokenize(text)  # a fresh list: no packrat result of the other mode is reused
    return [periods.EXPRESSION(toks, i) for i in range(len(toks) + 1)]


def _counted(text: str) -> list:
    toks = tokenize(text)
    return [periods.COUNTED(toks, i) for i in range(len(toks) + 1)]


def test_first_token_tables_change_no_parse():
    """At every token of every text, the date grammar and the recurrence counts give what
    the plain ordered choice gives; and the tables do skip alternatives."""
    fast = [(_expressions(t), _counted(t), periods._scan.__wrapped__(t)) for t in CORPUS]
    grammar.dispatching(False)
    try:
        plain = [(_expressions(t), _counted(t), periods._scan.__wrapped__(t)) for t in CORPUS]
    finally:
        grammar.dispatching(True)
    for text, a, b in zip(CORPUS, fast, plain):
        assert a == b, text
    assert sum(e is not None for exprs, _, _ in fast for e in exprs) > 500


def test_tables_skip_alternatives():
    """A day number is not tried as a quarter, a school year or a month name."""
    tok = tokenize("15")[0]
    term = periods._TERMS
    assert periods.ATOM.opens(tok) and not periods.ACADEMIC.opens(tok) \
        and not periods.QUARTER.opens(tok) and not periods.MONTH.opens(tok)
    assert not term.nullable and periods._ANY_EXPRESSION.opens(tokenize("марта")[0])
    assert not periods._ANY_EXPRESSION.opens(tokenize("школы")[0])


def test_opens_is_a_necessary_condition():
    """Wherever a rule matches, its ``opens`` accepts the token it starts at (both modes)."""
    rules = [periods.TERM, periods.RANGE, periods.DEADLINE, periods.OPEN_START, periods.ATOM,
             periods.QUARTER, periods.HALF, periods.ACADEMIC, periods.COUNTED, periods.ORDINALS]
    for text in CORPUS:
        toks = tokenize(text)
        for i in range(len(toks)):
            for rule in rules:
                if rule(toks, i) is not None:
                    assert rule.opens(toks[i]), (text, i)


def _reference_tokenize(text: str) -> list[Token]:
    """The tokenizer as it was: Token(...) per match."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower()[0] for ch in text)
    tokens, end = [], 0
    for m in grammar._TOKEN_RE.finditer(low.replace("ё", "е")):
        tokens.append(Token(m.lastgroup, m.group(), m.start() > end, m.start(), m.end()))
        end = m.end()
    return tokens


def test_tokens_equal_the_namedtuple_constructor():
    for text in CORPUS + ["İstanbul 2021", "ЁЛКА ёлка", "a\tb\nc"]:
        fast = tokenize(text)
        assert fast == _reference_tokenize(text), text
        assert all(type(t) is Token and t.kind == t[0] for t in fast)


def _reference_match(lex: Lexicon, toks, i, *, join_split=False):
    """Lexicon.match without the early turn-away."""
    if i >= len(toks) or toks[i].kind != "word":
        return None
    first = toks[i].text
    best = None
    for words, value in lex._candidates(first):
        j = lex._match_rest(toks, i + 1, words[1:]) if len(words) > 1 else i + 1
        if j is not None and (best is None or j > best[1]):
            best = (value, j)
    if best is None and join_split and first in lex._heads and i + 1 < len(toks) \
            and toks[i + 1].kind == "word":
        single = [(w, v) for w, v in lex._candidates(first + toks[i + 1].text) if len(w) == 1]
        if single:
            best = (single[0][1], i + 2)
    return best


def test_lexicon_turn_away_changes_no_match():
    voc, ind = periods.vocabulary(), indicators.vocabulary()
    lexicons = [getattr(voc, f) for f in voc.__dataclass_fields__ if isinstance(getattr(voc, f), Lexicon)] \
        + [getattr(ind, f) for f in ind.__dataclass_fields__ if isinstance(getattr(ind, f), Lexicon)]
    hits = 0
    for text in CORPUS:
        toks = tokenize(text)
        for i in range(len(toks) + 1):
            for lex in lexicons:
                for join in (False, True):
                    want = _reference_match(lex, toks, i, join_split=join)
                    assert lex.match(toks, i, join_split=join) == want, (text, i)
                    hits += want is not None
    assert hits > 1000


def _reference_mask(text: str) -> str:
    for pattern in indicators.vocabulary().masks:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def test_mask_prefilter_changes_no_text():
    """Masks searched only where their characters are give the same text, and the
    characters found are the ones every match must hold."""
    voc = indicators.vocabulary()
    assert "@" in voc.mask_needs[1] and "-" in voc.mask_needs[2]
    for text in CORPUS:
        assert indicators._mask(text) == _reference_mask(text), text
    assert indicators._needs(re.compile("(a|b)c", re.IGNORECASE)) == ""
    assert indicators._needs(re.compile("x?y(z)")) == "y"


def _reference_targets(text: str):
    """_targets as it was: masked first, every token through the guarded reader."""
    masked = _reference_mask(text)
    if re.search(r"\d", masked) is None:
        return ()
    toks = tokenize(masked)
    cover = _reference_covered(toks)
    found = []
    i = 0
    while i < len(toks):
        hit = indicators._any_target_at(toks, i, cover)
        if hit is None:
            i += 1
            continue
        value, unit, op, end, _ = hit
        found.append((value, unit, op, i, end))
        i = end
    for k in range(len(found) - 1, 0, -1):
        value, unit, op, a, b = found[k - 1]
        if not unit and found[k][3] - b <= 1 and all(toks[x].kind in ("dash", "punct") or toks[x].text == "и"
                                                     for x in range(b, found[k][3])):
            found[k - 1] = (value, found[k][1], op, a, b)
    return tuple((value, unit, op, text[toks[a].start:toks[b - 1].end]) for value, unit, op, a, b in found)


def _reference_covered(toks):
    """covered with the date grammar tried at every token (no opening test)."""
    original = indicators.opens_expression
    indicators.opens_expression = lambda kind, text: True
    try:
        return indicators.covered(toks)
    finally:
        indicators.opens_expression = original


def test_targets_equal_the_reference(reference_choice):
    """Digit test first, prefiltered masks, guarded date grammar and first-token tables
    (fast, computed before the fixture's reference mode) equal the plain pipeline."""
    grammar.dispatching(True)
    fast = [tuple((t.value, t.unit, t.comparison, t.text) for t in indicators._targets.__wrapped__(text))
            for text in CORPUS]
    grammar.dispatching(False)
    for text, got in zip(CORPUS, fast):
        assert got == _reference_targets(text), text
    assert sum(map(len, fast)) > 100


# ---------------------------------------------------------------------------- executors


def _executor_units() -> list[list]:
    """The units of every executors cell and every text (as split_executors makes them)."""
    from normalize.executors import _cell
    from normalize.executors.units import cell_units
    from tests.test_fast_paths_rows import CELLS

    out = []
    for raw in CELLS + EDGE + ["ДО совместно с МОУО", "МО НСО и УО АМО", "Иванова Ирина Петровна"]:
        if raw.strip():
            cell = _cell(raw)
            out.append(cell_units(cell.text, list(cell.def_ranges), frozenset()))
    return out


UNITS = _executor_units()


def test_conjunctions_by_first_word_equal_the_scan():
    """conjunction_at through the first-word table equals the scan over every conjunction."""
    from normalize.executors import vocab

    def reference(units, i):
        for conj in vocab._conjunctions():
            part = units[i:i + len(conj)]
            if len(part) == len(conj) and all(p.kind == "word" and p.text.lower() == w
                                              for p, w in zip(part, conj)):
                return len(conj)
        return 0

    found = 0
    for units in UNITS:
        for i in range(len(units) + 1):
            assert vocab.conjunction_at(units, i) == reference(units, i), [u.text for u in units]
            found += reference(units, i) > 0
    assert found > 50


def test_person_guards_turn_away_only_what_cannot_match():
    """A full name or a surname with initials starts only at a capitalised word unit: the
    guards of _merge_full_names and _merge_persons skip no match."""
    from normalize.executors import units as u

    skipped = 0
    for units in UNITS:
        for i, unit in enumerate(units):
            if not (unit.kind == "word" and unit.text[:1].isupper()):
                assert u._full_name_at(units, i) is None
                skipped += 1
            if unit.kind != "word":
                assert u._initials_after_surname(units, i) == 0
    assert skipped > 1000


def test_merges_skipped_only_when_nothing_merges():
    """_merge_abbreviations and _merge_territories return the units unchanged exactly when
    their early exit fires (no abbreviation; no territory abbreviation)."""
    from normalize.executors import units as u
    from normalize.executors.vocab import territories

    for units in UNITS:
        plain = [x for x in units if x.kind != "abbr"]  # nothing for either merge
        assert u._merge_abbreviations(plain, "", frozenset()) is plain
        assert u._merge_territories(plain, "") is plain
        if not any(x.kind == "abbr" and x.text in territories() for x in units):
            assert u._merge_territories(units, "") is units


# ---------------------------------------------------------------------------- fused combinators


def _ref_seq(*parsers):
    def parse(toks, i):
        values = []
        for p in parsers:
            r = p(toks, i)
            if r is None:
                return None
            values.append(r[0])
            i = r[1]
        return tuple(values), i
    return parse


def _ref_opt(p):
    return lambda toks, i: p(toks, i) or (None, i)


def _ref_apply(p, fn):
    def parse(toks, i):
        r = p(toks, i)
        if r is None:
            return None
        value = fn(r[0])
        return None if value is None else (value, r[1])
    return parse


def test_apply_over_seq_and_inline_opt_equal_the_plain_combinators():
    """``apply(seq(…), fn)`` built as one step, and ``opt`` members run directly by ``seq``,
    give what the nested closures gave (values, rejections and end indices)."""
    from normalize.grammar import apply, kind, number, opt, seq

    months = periods.vocabulary().months

    def reject_odd(v):
        return None if v[1] % 2 else v

    def build(S, O, A):
        return [
            A(S(O(kind("punct", "«»")), number(1, 31, (1, 2)), O(kind("punct", "«»")), months), reject_odd),
            A(S(number(1, 31, (1, 2)), kind("dot"), number(1, 12, (1, 2)), O(S(kind("dot"), number(1900, 2100, (4,))))),
              lambda v: v[2]),
            S(O(kind("word")), O(kind("num"))),
            A(A(S(kind("word"), O(kind("punct"))), lambda v: v[0]), lambda w: None if w == "и" else w),
        ]

    fast, plain = build(seq, opt, apply), build(_ref_seq, _ref_opt, _ref_apply)
    matched = 0
    for text in CORPUS:
        toks = tokenize(text)
        for i in range(len(toks) + 1):
            for f, p in zip(fast, plain):
                assert f(toks, i) == p(toks, i), (text, i)
                matched += p(toks, i) is not None
    assert matched > 1000


def test_a_lexicon_is_its_own_parser():
    """Called as a parser a lexicon gives what match gives, and opens where it starts."""
    months = periods.vocabulary().months
    for text in CORPUS:
        toks = tokenize(text)
        for i in range(len(toks) + 1):
            assert months(toks, i) == months.match(toks, i)
            if i < len(toks) and months(toks, i) is not None:
                assert months.opens(toks[i])


def _reference_scan(text: str) -> periods.Scan:
    """The date cell walk as it was: every reader tried at every token."""
    voc = periods.vocabulary()
    toks = tokenize(text)
    out = periods.Scan([], None, False, [])
    i = 0
    while i < len(toks):
        if (hit := voc.not_dated.match(toks, i)) is not None:
            out.not_dated = True
        elif (hit := periods._any_recurrence_at(toks, i, date_cell=True)) is not None:
            out.recurrence = out.recurrence or hit[0] or None
            out.not_dated = out.not_dated or not hit[0]
        elif (hit := periods._ANY_EXPRESSION(toks, i)) is not None:
            out.exprs.append(hit[0])
        elif (hit := voc.fillers.match(toks, i)) is not None:
            pass
        else:
            if toks[i].kind == "word" and toks[i].text in voc.placeholders:
                out.placeholders.append(toks[i].text)
            elif toks[i].kind in ("word", "num"):
                out.ignored.append(toks[i].text)
            i += 1
            continue
        i = hit[1]
    return out


def test_scan_guards_change_no_scan(reference_choice):
    """The date cell walk with each reader tried only where it can open (fast, computed
    first) equals every reader at every token with the plain ordered choice."""
    grammar.dispatching(True)
    extra = ["по мере необходимости", "в течение года, ежемесячно", "постоянно", "X - 1 года",
             "2 раза в месяц, до 10 числа", "по графику ФИОКО 2022"]
    fast = [periods._scan.__wrapped__(t) for t in CORPUS + extra]
    grammar.dispatching(False)
    for text, got in zip(CORPUS + extra, fast):
        assert got == _reference_scan(text), text
    assert sum(bool(s.exprs) for s in fast) > 300 and any(s.not_dated for s in fast) \
        and any(s.recurrence for s in fast)


def test_recurrence_search_equals_the_guarded_reader():
    """find_recurrence with the guard inline finds what _recurrence_at at every token finds."""
    def reference(text, date_cell):
        if not text:
            return None
        toks = tokenize(text)
        i = 0
        while i < len(toks):
            hit = periods._recurrence_at(toks, i, date_cell=date_cell)
            if hit is None:
                i += 1
            elif hit[0]:
                return hit[0]
            else:
                i = hit[1]
        return None

    found = 0
    for text in CORPUS:
        for date_cell in (False, True):
            want = reference(text, date_cell)
            assert periods.find_recurrence(text, date_cell=date_cell) == want, text
            found += want is not None
    assert found > 20


def test_glossary_abbreviations_read_once_equal_the_keys():
    """The glossary's abbreviations present in a cell, from the table made once, equal
    _present over every glossary key; _defined equals the two lookups it skips."""
    from normalize.executors import (_cell, _defined, _glossary_abbreviations, _glossary_keys,
                                     _matching, _present)
    from normalize.executors.categories import defined_name
    from tests.test_fast_paths_rows import CELLS, DEFINITIONS

    present = 0
    for raw in CELLS:
        if not raw.strip():
            continue
        cell = _cell(raw)
        got = _matching(*_glossary_abbreviations(), cell.words)
        assert got == _present(_glossary_keys(), cell.words), raw
        present += bool(got)
        for given in ({}, *DEFINITIONS):
            for local in ({}, dict(cell.local)):
                assert _defined(raw, given, local) == (defined_name(raw, given) or defined_name(raw, local))
    assert present > 20


def test_cell_preparation_skips_the_line_join_only_without_line_breaks():
    from normalize.executors.units import _HYPHENATED_BREAK, prepare
    from normalize.text import clean_text
    from tests.test_fast_paths_rows import CELLS

    def reference(raw):
        raw = _HYPHENATED_BREAK.sub("", raw.replace("\r", ""))
        return "\n".join(line for line in (clean_text(x) for x in raw.split("\n")) if line)

    for raw in CELLS + ["Мини-\nстерство", "мини-\r\n  стерство", "ДО\nМОУО"]:
        assert prepare(raw) == reference(raw), raw


def test_units_from_the_cells_tokens_equal_units_tokenized_again():
    """cell_units over the tokens _cell made equals cell_units tokenizing the text itself."""
    from normalize.executors import _cell
    from normalize.executors.units import cell_units
    from tests.test_fast_paths_rows import CELLS, DEFINITIONS

    known = frozenset(k for d in DEFINITIONS for k in d)
    for raw in CELLS:
        if raw.strip():
            cell = _cell(raw)
            ranges = list(cell.def_ranges)
            assert cell_units(cell.text, ranges, known, tokens=cell.tokens) \
                == cell_units(cell.text, ranges, known), raw
