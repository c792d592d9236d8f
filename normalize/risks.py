"""Risk directions of the «500+» project: those a row names, and those it plainly works on.

``find_risk_directions`` reads what a row says explicitly: a direction's number in a risk
context ("рисковых направлений 2, 5", "– 9 «Пониженный уровень …»") or its wording in any
case and word order (lemmas via ``normalize.nlp.lemma``; one-letter typos tolerated on
long words), plus a section heading that names one.  ``infer_risk_topics`` applies the
lexicon rules of ``normalize/data/risk_topics.toml`` to an activity (parents' meetings →
10, assessing teachers' subject competence → 3 …; ``normalize.risk_topics``).  The
taxonomy itself (official wordings, key phrases, variants) is
``schemas/risk_directions.toml``, read with the lexicon by ``normalize.risk_vocabulary``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from normalize import nlp
from normalize.memo import text_cache
from normalize.records import RiskHit
from normalize.risk_topics import infer_risk_topics
from normalize.risk_vocabulary import (
    _QUIET_CHUNKS,
    _SILENT,
    RiskDirection,
    TopicRule,
    _Lexicon,
    _lemma_bits,
    _lexicon,
    _signals,
    _Signals,
    _taxonomy,
    _Token,
    _cell_signals,
    _tokens,
    _word,
    load_risk_taxonomy,
    load_topic_rules,
    taxonomy_version,
)

__all__ = [
    "RiskDirection",
    "TopicRule",
    "load_risk_taxonomy",
    "load_topic_rules",
    "taxonomy_version",
    "find_risk_directions",
    "infer_risk_topics",
]


# --------------------------------------------------------------------------- wording


def _phrase_spans(
    tokens: Sequence[_Token], keys: list[frozenset[str]], phrase: tuple[str, ...], lex: _Lexicon,
    where: dict[str, list[int]],
) -> list[tuple[int, int]]:
    """Token spans [i, j] where every lemma of ``phrase`` occurs, compactly, in any order;
    a span starts at a token standing for one of them (``where``: ``_key_positions``).
    A start whose window holds no token for some lemma is passed over without the
    token-by-token match (``_match_from``; most starts: a phrase's lemmas seldom stand
    together)."""
    limit = len(phrase) + lex.slack
    spans = []
    positions = [where.get(lem, ()) for lem in set(phrase)]
    starts = sorted({i for found in positions for i in found})
    n = len(tokens)
    for i in starts:
        end = min(n, i + limit)
        for found in positions:  # some token of [i, end) stands for each lemma?
            k = bisect_left(found, i)
            if k == len(found) or found[k] >= end:
                break
        else:
            _match_from(i, end, tokens, keys, phrase, lex, spans)
    return spans


def _match_from(i: int, end: int, tokens: Sequence[_Token], keys: list[frozenset[str]],
                phrase: tuple[str, ...], lex: _Lexicon, spans: list[tuple[int, int]]) -> None:
    """The phrase matched token by token from ``i`` (each token takes the first lemma it
    stands for, up to a barrier): its span added to ``spans`` when every lemma is taken."""
    need = list(phrase)
    for j in range(i, end):
        if tokens[j].text in lex.barriers:
            break
        for k, lem in enumerate(need):
            if lem in keys[j]:
                del need[k]
                break
        if not need:
            spans.append((i, j))
            break


def _key_positions(keys: list[frozenset[str]]) -> dict[str, list[int]]:
    """Each phrase lemma → the indices (ascending) of the tokens standing for it."""
    where: dict[str, list[int]] = {}
    for i, lemmas in enumerate(keys):
        for lem in lemmas:
            where.setdefault(lem, []).append(i)
    return where


def _wording_hits(text: str, tokens: Sequence[_Token], method: str) -> list[tuple[int, int, RiskHit]]:
    """(start, end, hit) for every direction whose wording the text contains."""
    lex = _lexicon()
    keys = [t.keys for t in tokens]
    present = frozenset().union(*keys) if keys else frozenset()
    found: list[tuple[int, int, RiskHit]] = []
    taken: list[tuple[int, int, int]] = []  # (code, first token, last token)
    where = _key_positions(keys)
    for code, phrase in _present_phrases(present):
        for i, j in _phrase_spans(tokens, keys, phrase, lex, where):
            if any(c == code and a <= j and i <= b for c, a, b in taken):
                continue
            taken.append((code, i, j))
            start, end = tokens[i].start, tokens[j].end
            found.append((start, end, RiskHit(code, text[start:end], method)))
    return found


def _present_phrases(present: frozenset[str]) -> list[tuple[int, tuple[str, ...]]]:
    """(code, phrase) of every direction's phrase all of whose lemmas are in ``present``,
    in taxonomy order (directions in file order, each one's phrases in its order)."""
    table, by_first = _phrase_table()
    ranks = [r for lem in present.intersection(by_first) for r in by_first[lem]]
    ranks.sort()
    return [table[r][:2] for r in ranks if table[r][2] <= present]


@lru_cache(maxsize=1)
def _phrase_table() -> tuple[tuple[tuple[int, tuple[str, ...], frozenset[str]], ...],
                             dict[str, tuple[int, ...]]]:
    """Every (code, phrase, its lemmas) in taxonomy order; each first lemma → the ranks of
    the phrases it opens."""
    table = tuple((d.code, p, frozenset(p)) for d in _taxonomy() for p in d.phrases)
    by_first: dict[str, list[int]] = {}
    for r, (_, phrase, _) in enumerate(table):
        by_first.setdefault(phrase[0], []).append(r)
    return table, {lem: tuple(rs) for lem, rs in by_first.items()}


# --------------------------------------------------------------------------- numbers


def _number_list(tokens: Sequence[_Token], i: int, lex: _Lexicon) -> tuple[list[int], int]:
    """Direction numbers listed from token ``i`` on ("2, 5", "6 и 8") and the index of the
    last one; ([], i) when the first number is a count, a date or out of range."""
    codes, last = [], i
    while i < len(tokens) and tokens[i].text.isdecimal():
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        if not 1 <= int(tokens[i].text) <= 10 or len(tokens[i].text) > 2:
            break
        if nxt is not None and (nxt.lower in lex.not_after or nxt.lemma in lex.not_after):
            break  # "(2 ОО)", "3 школы", "10 %"
        if (nxt is not None and after is not None and nxt.text in lex.date_separators
                and after.text.isdecimal() and tokens[i].end == nxt.start and nxt.end == after.start):
            break  # "3.03", "1/2", "1,5": glued, a date or a fraction
        codes.append(int(tokens[i].text))
        last = i
        if nxt is not None and nxt.lower in lex.separators and after is not None and after.text.isdecimal():
            i += 2
            continue
        break
    return codes, last


def _number_hits(text: str, tokens: Sequence[_Token]) -> list[tuple[int, int, RiskHit]]:
    """Directions named by number right after a risk context word."""
    lex = _lexicon()
    found = []
    for i, tok in enumerate(tokens):
        if not tok.context:
            continue
        j = i + 1
        nouns = 0
        while j < len(tokens) and nouns < 2 and tokens[j].lemma in lex.context_nouns:
            j += 1
            nouns += 1
        while j < len(tokens) and tokens[j].text in lex.signs:
            j += 1
        codes, last = _number_list(tokens, j, lex)
        if not codes:
            continue
        start, end = tok.start, tokens[last].end
        for code in codes:
            found.append((start, end, RiskHit(code, text[start:end], "number")))
    return found


def _dash_hits(
    text: str, tokens: Sequence[_Token], wording: list[tuple[int, int, RiskHit]]
) -> list[tuple[int, int, RiskHit]]:
    """"– 9 «Пониженный уровень …»": a dashed number before a quoted wording."""
    lex = _lexicon()
    has_context = [False] * (len(tokens) + 1)
    for i, tok in enumerate(tokens):
        has_context[i + 1] = has_context[i] or tok.context
    found = []
    for i in range(len(tokens) - 2):
        dash, num, quote = tokens[i], tokens[i + 1], tokens[i + 2]
        if dash.text not in lex.dashes or quote.text not in lex.quotes or not num.text.isdecimal():
            continue
        code = int(num.text)
        if not 1 <= code <= 10:
            continue
        named = {h.code for s, _, h in wording if quote.start <= s <= quote.end + 2}
        if code in named or (not named and has_context[i]):
            end = max((e for s, e, h in wording if h.code == code and s >= quote.start), default=num.end)
            found.append((dash.start, end, RiskHit(code, text[dash.start : end].strip(), "number")))
    return found


# --------------------------------------------------------------------------- public


@text_cache(maxsize=4096)
def _explicit(text: str, method: str | None, shared: bool = True) -> tuple[tuple[int, int, RiskHit], ...]:
    """Every explicit hit in one text, in text order (cached: section headings and short
    cells such as executors repeat from row to row).  Most cells name no direction: a hit
    needs a risk context word and a number (numbers) or every lemma of some phrase
    (wording), which the text's words tell without tokenizing and scanning it
    (``_may_name_by`` of their ``risk_vocabulary._signals``, read once per cell for both
    this reader and the topic reader; ``shared`` False: of ``_cell_signals``, the same
    signals read from whitespace chunks, for a text whose ``nlp.words`` nothing else reads)."""
    signals = _signals(text) if shared else _cell_signals(text)
    if signals is not None and not _may_name_by(signals, text):
        return ()
    return _scan_explicit(text, method)


# A decimal digit (``\d`` on text: Unicode's Nd, what ``str.isdecimal`` and ``int`` accept):
# the number readers' test.  Not ``str.isdigit``, which also takes «²», «①» — digits ``int``
# refuses (a cell reading «риски ²» raised ValueError out of the document before round 10).
_DIGIT = re.compile(r"\d")

# Words known to say nothing to ``_may_name_by``: ``risk_vocabulary._SILENT`` (shared with the
# topic reader: a word in it says nothing to either).
_QUIET = _SILENT


def _may_name_by(signals: _Signals, text: str | None) -> bool:
    """Whether a text whose words say ``signals`` can hold an explicit hit: a risk context
    word (a number hit and a dash hit without a wording need one; with ``text``, only where
    a number may follow it: ``_numbers_may_follow``) or some phrase's every lemma (a wording
    hit).  Only letter words carry either (numbers and punctuation never)."""
    if signals.context and (text is None or _numbers_may_follow(text)):
        return True
    return bool(signals.keys) and _some_phrase_within(signals.keys)


@lru_cache(maxsize=1)
def _phrase_masks() -> tuple[int, ...]:
    """Each phrase's lemmas as bits (``risk_vocabulary._lemma_bits``), each set once."""
    bits = _lemma_bits()
    return tuple(sorted({sum(bits[lem] for lem in set(p)) for d in _taxonomy() for p in d.phrases}))


@lru_cache(maxsize=65536)
def _some_phrase_within(keys: int) -> bool:
    """Whether every lemma of some phrase is among ``keys`` (lemma bits): a wording hit
    may stand where they do (cached per set of lemmas, as ``_rules_met`` per set of bits)."""
    return any(mask & keys == mask for mask in _phrase_masks())


def _numbers_may_follow(text: str) -> bool:
    """Whether a number hit or a dash hit without a wording may stand in ``text``: a digit
    between a risk context word (or one of the context nouns right after it, at most two)
    and the next word, or a dash, a number and a quote in a row ("– 9 «…»").  A superset of
    what ``_number_hits`` and ``_dash_hits`` find (the signs between a context and its
    number are no letter words; were one, every digit would count)."""
    if _DIGIT.search(text) is None:
        return False
    pattern, lettered = _number_marks()
    if lettered or pattern.search(text):
        return True
    nouns = _lexicon().context_nouns
    spans = [m.span() for m in nlp.WORD.finditer(text)]
    for k, (start, end) in enumerate(spans):
        if not _word(text[start:end]).context:
            continue
        for j in range(k, min(k + 3, len(spans))):  # the context word, then ≤ 2 nouns
            if j > k and _word(text[spans[j][0]:spans[j][1]]).lemma not in nouns:
                break
            after = spans[j + 1][0] if j + 1 < len(spans) else len(text)
            if _DIGIT.search(text, spans[j][1], after):
                return True
    return False


@lru_cache(maxsize=1)
def _number_marks() -> tuple[re.Pattern[str], bool]:
    """A dash, a number and a quote in a row, as the tokenizer reads them (whitespace only
    between; one-character marks: a mark token is one character); and whether some sign
    is a letter word."""
    lex = _lexicon()
    dashes = "".join(re.escape(d) for d in sorted(lex.dashes) if len(d) == 1)
    quotes = "".join(re.escape(q) for q in sorted(lex.quotes) if len(q) == 1)
    number = r"\d+"
    pattern = re.compile(f"[{dashes}]\\s*{number}\\s*[{quotes}]") if dashes and quotes else re.compile("(?!)")
    return pattern, any(sign[:1].isalpha() for sign in lex.signs)


def _scan_explicit(text: str, method: str | None) -> tuple[tuple[int, int, RiskHit], ...]:
    """:func:`_explicit` read token by token (every text that passes ``_may_name_by``)."""
    tokens = _tokens(text)
    wording = _wording_hits(text, tokens, method or "wording")
    numbers = _number_hits(text, tokens) + _dash_hits(text, tokens, wording)
    if method:
        numbers = [(s, e, RiskHit(h.code, h.text, method)) for s, e, h in numbers]
    return tuple(sorted(numbers + wording, key=lambda x: (x[0], x[1])))


def find_risk_directions(
    texts: Sequence[str | None], *, section: str | None = None, shared: str | None = None
) -> tuple[list[int], list[RiskHit]]:
    """Risk directions a row names explicitly (by number or wording), with evidence.

    ``texts`` are the row's cells; ``section`` its section heading, whose directions the
    row inherits (evidence method "section").  ``shared``: the cell whose ``nlp.words``
    another reader reads anyway (the activity: the milestone reader), read through them;
    the others' words are not (``risk_vocabulary._cell_signals``).  The answer is the same.
    """
    hits: list[RiskHit] = []
    quiet = _QUIET_CHUNKS
    for text in texts:
        if not text or (text != shared and quiet.issuperset(text.split())):
            # only chunks known to say nothing (_cell_signals' first answer): asked before
            # _explicit's cache, whose miss costs more (most such cells are new to it)
            continue
        if found := _explicit(text, None, text == shared):
            hits.extend(h for _, _, h in found)
    if section and (found := _explicit(section, "section", False)):
        hits.extend(h for _, _, h in found)
    if not hits:  # most rows
        return [], hits
    return sorted({h.code for h in hits}), hits

