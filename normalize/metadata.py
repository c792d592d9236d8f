"""Document metadata: what the order says about itself.

Input is the document's running text in reading order (everything outside tables) and,
as fallback evidence, the table cells' texts.  The order is read in parts:

* the **header** — the lines before the title ("Об утверждении …") or the preamble
  ("В соответствии …"): the issuing body's name, the type word ("ПРИКАЗ",
  "Р А С П О Р Я Ж Е Н И Е"), the order's own date and "№";
* the **stamps** — "Приложение к распоряжению <body> от <date> № <n>" and
  "Утверждена приказом <body> от <date> № <n>": fallback type, issuer, date and number;
* the **title** and the roadmap's **caption** — the year the roadmap covers.

Region, level and municipality follow from the issuer first, then from the text.  Every
value that cannot be found is None plus an :class:`~normalize.records.Issue`.  The
vocabulary is in ``normalize/data/metadata.toml``; regions come from the gazetteer.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pymorphy2.analyzer import Parse as _Parse

from normalize.nlp import lemma, morph_vocab
from normalize.records import DocumentMeta, Issue
from normalize.regions import RegionMention, find_regions, load_regions
from normalize.text import clean_text

DATA = Path(__file__).parent / "data"

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")
_LETTERS = re.compile(r"[A-Za-zА-Яа-яЁё]")
_SPACED = re.compile(r"(?:[А-ЯЁA-Z]\s+){2,}[А-ЯЁA-Z]")  # "П Р И К А З"
_OPEN_QUOTE = re.compile(r"[«\"„“(]\s*$")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_BREAK_MARKS = ".!?«\"„“("  # the characters _SENTENCE_END and _OPEN_QUOTE end on


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class _Vocab:
    """metadata.toml compiled once."""

    type_words: dict[str, str]
    imperatives: dict[str, str]
    self_reference: re.Pattern[str]
    title: re.Pattern[str]
    body: tuple[str, ...]
    numbered: re.Pattern[str]
    appendix: re.Pattern[str]
    approval: re.Pattern[str]
    stamp_start: re.Pattern[str]
    stamp_max_lines: int
    header_max_lines: int
    caption: tuple[re.Pattern[str], ...]
    caption_window: int
    caption_max_lines: int
    number: re.Pattern[str]
    numeric_date: re.Pattern[str]
    worded_date: re.Pattern[str]
    months: dict[str, int]
    heads: frozenset[str]
    skip_lines: frozenset[str]
    stop: re.Pattern[str]
    legal_forms: frozenset[str]
    school_heads: frozenset[str]
    school_words: frozenset[str]
    municipal: frozenset[str]
    regional_heads: frozenset[str]
    title_municipal: frozenset[str]
    title_regional: frozenset[str]
    city_words: frozenset[str]
    city_format: str
    unit_nouns: frozenset[str]
    type_adjectives: frozenset[str]
    quoted_after: frozenset[str]
    table_header_cells: int
    bare_date: re.Pattern[str]
    bare_number: re.Pattern[str]
    year_patterns: tuple[re.Pattern[str], ...]
    year_min: int
    year_max: int


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    with (DATA / "metadata.toml").open("rb") as fh:
        d = tomllib.load(fh)
    with (DATA / "periods.toml").open("rb") as fh:
        months = tomllib.load(fh)["months"]
    ci = re.IGNORECASE
    ot, st, nu, iss, lv, mu, yr = (d[k] for k in ("order_type", "structure", "numbers", "issuer",
                                                    "level", "municipality", "year"))
    return _Vocab(
        type_words=dict(ot["words"]),
        imperatives=dict(ot["imperatives"]),
        self_reference=re.compile(ot["self_reference"], ci),
        title=re.compile(st["title"], ci),
        body=tuple(_fold(b) for b in st["body"]),
        numbered=re.compile(st["numbered"]),
        appendix=re.compile(st["appendix"], ci),
        approval=re.compile(st["approval"], ci),
        stamp_start=re.compile(st["stamp_start"], ci),
        stamp_max_lines=int(st["stamp_max_lines"]),
        header_max_lines=int(st["header_max_lines"]),
        caption=tuple(re.compile(p, ci) for p in st["caption"]),
        caption_window=int(st["caption_window"]),
        caption_max_lines=int(st["caption_max_lines"]),
        number=re.compile(nu["sign"] + "(" + nu["number"] + ")"),
        numeric_date=re.compile(nu["numeric_date"]),
        worded_date=re.compile(nu["worded_date"], ci),
        months={_fold(w): int(m) for m, words in months.items() for w in words},
        heads=frozenset(iss["heads"]),
        skip_lines=frozenset(_fold(s) for s in iss["skip_lines"]),
        stop=re.compile(iss["stop"], ci),
        legal_forms=frozenset(iss["legal_forms"]),
        school_heads=frozenset(lv["school_heads"]),
        school_words=frozenset(lv["school_words"]),
        municipal=frozenset(lv["municipal"]),
        regional_heads=frozenset(lv["regional_heads"]),
        title_municipal=frozenset(lv["title_municipal"]),
        title_regional=frozenset(lv["title_regional"]),
        city_words=frozenset(mu["city_words"]),
        city_format=mu["city_format"],
        unit_nouns=frozenset(mu["unit_nouns"]),
        type_adjectives=frozenset(mu["type_adjectives"]),
        quoted_after=frozenset(mu["quoted_after"]),
        table_header_cells=int(st["table_header_cells"]),
        bare_date=re.compile(nu["bare_date"], ci),
        bare_number=re.compile(nu["sign"] + nu["number"] + r"\s*", ci),
        year_patterns=tuple(re.compile(p, ci) for p in yr["patterns"]),
        year_min=int(yr["min"]),
        year_max=int(yr["max"]),
    )


# --------------------------------------------------------------------------- morphology


def _parses(word: str) -> list[_Parse]:
    return morph_vocab().parse(_fold(word))


def _lemma(word: str) -> str:
    return _fold(lemma(word))


def _cap_like(form: str, model: str) -> str:
    """``form`` with the capitalisation of ``model`` (all caps, Capitalised or lower)."""
    if len(model) > 1 and model.isupper():
        return form.upper()
    parts, mparts = form.split("-"), model.split("-")
    return "-".join(
        p[:1].upper() + p[1:] if mparts[min(i, len(mparts) - 1)][:1].isupper() else p
        for i, p in enumerate(parts)
    )


def _pick(word: str, *, adj: bool, from_case: str | None) -> _Parse | None:
    """The parse of ``word`` to inflect from: the wanted part of speech and case first."""
    parses = _parses(word)

    def score(p: _Parse) -> tuple[bool, bool, float]:
        return (("ADJF" in p.tag or "PRTF" in p.tag) == adj,
                from_case is None or from_case in p.tag, p.score)

    return max(parses, key=score) if parses else None


def _inflect_phrase(words: list[str], case: str, *, from_case: str | None = None) -> list[str]:
    """Adjectives + head noun (the last word) put in ``case``, agreeing with the noun; caps kept."""
    noun = _pick(words[-1], adj=False, from_case=from_case)
    number = noun.tag.number if noun is not None else None
    gender = noun.tag.gender if noun is not None else None
    out = []
    for i, w in enumerate(words):
        p = noun if i == len(words) - 1 else _pick(w, adj=True, from_case=from_case)
        if p is None:
            out.append(w)
            continue
        grams = {case} | ({number} if number else set())
        if i < len(words) - 1:
            if gender and number != "plur":
                grams.add(gender)
            if case == "accs":
                grams.add("inan")
        res = _Parse.inflect(p, grams) or _Parse.inflect(p, {case})
        out.append(_cap_like(res.word, w) if res else w)
    return out


def _is_adjective(word: str, case: str | None = None) -> bool:
    return any(("ADJF" in p.tag or "PRTF" in p.tag) and (case is None or case in p.tag) for p in _parses(word))


def _is_head(word: str, *, nominative: bool) -> bool:
    """``word`` is an issuing body's head noun (in the nominative singular when asked)."""
    v = _vocab()
    for p in _parses(word):
        if p.normal_form.replace("ё", "е") in v.heads and "NOUN" in p.tag:
            if not nominative or ({"nomn", "sing"} <= set(p.tag.grammemes)):
                return True
    return False


def _head_index(words: list[str], *, nominative: bool) -> int | None:
    """Index of the head noun after leading adjectives ("Областное государственное учреждение")."""
    for i, w in enumerate(words):
        if _is_head(w, nominative=nominative):
            return i
        if not _is_adjective(w, "nomn" if nominative else None):
            return None
    return None


def _reinflect_head(text: str, case: str) -> str:
    """Put the leading adjectives and head noun of a body's name in ``case``; the rest as is."""
    words = list(_WORD.finditer(text))
    head = _head_index([m.group() for m in words], nominative=False)
    if head is None:
        return text
    forms = _inflect_phrase([m.group() for m in words[: head + 1]], case)
    out, pos = [], 0
    for m, form in zip(words[: head + 1], forms):
        out.append(text[pos:m.start()])
        out.append(form)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _nominative_phrase(words: list[str]) -> list[str]:
    """A genitive adjective+noun phrase ("Ижморского муниципального округа") in the nominative."""
    return _inflect_phrase(words, "nomn", from_case="gent")


# --------------------------------------------------------------------------- line helpers


def _despace(line: str) -> str:
    """ "П Р И К А З" → "ПРИКАЗ"; any other line unchanged."""
    return re.sub(r"\s+", "", line) if _SPACED.fullmatch(line) else line


def _prepare(lines: Sequence[str]) -> list[str]:
    out = []
    for line in lines:
        text = _despace(clean_text(line))
        if text:
            out.append(text)
    return out


def _mostly_upper(text: str) -> bool:
    letters = _LETTERS.findall(text)
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def _starts_body(line: str) -> bool:
    v = _vocab()
    low = _fold(line)
    return any(low.startswith(b) for b in v.body) or bool(v.numbered.match(line))


def _is_stamp_start(line: str) -> bool:
    """The line opens an appendix or approval stamp (its full form is checked on the joined lines)."""
    v = _vocab()
    return bool(v.stamp_start.match(line))


def _is_caption(line: str) -> bool:
    """A roadmap caption: a capitalised noun phrase naming the plan near its start."""
    v = _vocab()
    if not line[:1].isupper() and line[:1] not in "«\"":
        return False
    if v.title.match(line) or _starts_body(line) or _is_stamp_start(line):
        return False
    window = line[: v.caption_window]
    if not any(p.search(window) for p in v.caption):
        return False
    first = _WORD.search(line)
    if first is None:
        return False
    best = max(_parses(first.group()), key=lambda p: p.score, default=None)
    return best is None or not ({"INFN", "VERB", "GRND", "PRTS"} & set(best.tag.grammemes))


# --------------------------------------------------------------------------- dates, numbers


def _make_date(day: int, month: int, year: int) -> date | None:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _unquoted(text: str) -> str:
    """``text`` with every «…» name blanked out (same length): "«СОШ № 5»" holds no order number.

    A quoted day ("«22» марта") has no letters and stays."""
    return re.sub(r"«[^«»]*[A-Za-zА-Яа-яЁё][^«»]*»", lambda m: " " * len(m.group()), text)


def find_dates(text: str) -> list[tuple[int, date | None, str]]:
    """Every date in ``text``: (offset, date or None if impossible, text as printed)."""
    v = _vocab()
    out = []
    for m in v.numeric_date.finditer(text):
        out.append((m.start(), _make_date(int(m[1]), int(m[2]), int(m[3])), m.group()))
    for m in v.worded_date.finditer(text):
        month = v.months.get(_fold(m[2]))
        if month:
            out.append((m.start(), _make_date(int(m[1]), month, int(m[3])), m.group()))
    return sorted(out, key=lambda t: t[0])


def find_numbers(text: str) -> list[tuple[int, str]]:
    """Every "№ …" in ``text`` that holds a digit: (offset, number as printed without "№")."""
    out = []
    for m in _vocab().number.finditer(text):
        num = m[1].rstrip(".-–")
        if any(c.isdigit() for c in num):
            out.append((m.start(), num))
    return out


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True, slots=True)
class Stamp:
    """An appendix or approval stamp: "Приложение к распоряжению <issuer> от <date> № <n>"."""

    kind: str  # "appendix" | "approval"
    order_type: str | None
    issuer: str  # as printed: genitive ("управления …") or abbreviated ("ДО …")
    order_date: date | None
    order_number: str | None
    first: int  # line index range
    last: int
    text: str


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the parts of the order are, as line index ranges."""

    header: range
    title: range | None
    stamps: tuple[Stamp, ...]
    caption: range | None


def _order_type_of(word: str) -> str | None:
    return _vocab().type_words.get(_lemma(word))


def _parse_stamp(lines: list[str], i: int) -> Stamp | None:
    v = _vocab()
    last = i
    while last < min(len(lines), i + v.stamp_max_lines) - 1 and "№" not in lines[last]:
        nxt = lines[last + 1]
        if _is_caption(nxt) or _starts_body(nxt) or _is_stamp_start(nxt):
            break
        last += 1
    text = " ".join(lines[i:last + 1])
    m = v.appendix.match(text) or v.approval.match(text)
    if m is None:
        return None
    rest = text[m.end():]
    words = rest.split(None, 1)
    if not words:
        return None
    otype = _order_type_of(_WORD.search(words[0]).group()) if _WORD.search(words[0]) else None
    if otype is None:
        return None
    tail = words[1] if len(words) > 1 else ""
    ref = re.search(r"(?<![А-Яа-яЁё])от(?![А-Яа-яЁё])|№", tail)
    issuer = (tail[:ref.start()] if ref else tail).strip(" ,")
    dates = find_dates(tail)
    nums = find_numbers(tail)
    kind = "appendix" if v.appendix.match(text) else "approval"
    return Stamp(kind, otype, issuer, dates[0][1] if dates else None, nums[0][1] if nums else None,
                 i, last, text)


def _header_end(lines: list[str]) -> int:
    """Index of the first line after the header: the title, the preamble, a stamp or a caption."""
    v = _vocab()
    end = min(len(lines), v.header_max_lines)
    for i, line in enumerate(lines[:end]):
        if v.title.match(line) or _starts_body(line) or _is_stamp_start(line) or _is_caption(line):
            return i
    return end


def _split_letterhead(line: str) -> list[str]:
    """An all-caps letterhead paragraph cut where a new body or the type word starts:
    "АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ РАСПОРЯЖЕНИЕ" → three lines."""
    if not _mostly_upper(line):
        return [line]
    v = _vocab()
    toks = list(_WORD.finditer(line))
    words = [t.group() for t in toks]
    cuts = []
    for k in range(1, len(toks)):
        if _unquoted(line)[toks[k].start()] == " ":
            continue  # inside «…»
        prev_adj = _is_adjective(words[k - 1], "nomn")
        if (_lemma(words[k]) in v.type_words and words[k].isupper()) or (
                not prev_adj and _fold(words[k - 1]) not in ("и", "по")
                and _head_index(words[k:], nominative=True) is not None):
            cuts.append(toks[k].start())
    parts, pos = [], 0
    for c in cuts:
        parts.append(line[pos:c].strip())
        pos = c
    parts.append(line[pos:].strip())
    return [p for p in parts if p]


def split_header(lines: list[str]) -> list[str]:
    """The prepared lines with every all-caps header paragraph split into its parts."""
    end = _header_end(lines)
    return [part for line in lines[:end] for part in _split_letterhead(line)] + lines[end:]


def analyse_layout(lines: list[str]) -> Layout:
    """Find header, title, stamps and caption in prepared lines."""
    v = _vocab()
    end = _header_end(lines)
    header = range(0, end)
    title = None
    if end < len(lines) and v.title.match(lines[end]):
        t_end = end + 1
        while t_end < len(lines) and t_end - end < 5:
            nxt = lines[t_end]
            if _starts_body(nxt) or _is_stamp_start(nxt) or _is_caption(nxt) or _SENTENCE_END.search(lines[t_end - 1]):
                break
            t_end += 1
        title = range(end, t_end)
    stamps = []
    i = 0
    while i < len(lines):
        if _is_stamp_start(lines[i]):
            st = _parse_stamp(lines, i)
            if st is not None:
                stamps.append(st)
                i = st.last + 1
                continue
        i += 1
    caption = None
    skip = set(header) | set(title or ())
    for s in stamps:
        skip |= set(range(s.first, s.last + 1))
    for i, line in enumerate(lines):
        if i in skip or not _is_caption(line):
            continue
        c_end = i + 1
        while c_end < len(lines) and c_end - i < v.caption_max_lines and c_end not in skip:
            nxt = lines[c_end]
            if _starts_body(nxt) or _is_stamp_start(nxt) or v.title.match(nxt):
                break
            if not (nxt[:1].islower() or not _SENTENCE_END.search(lines[c_end - 1])):
                break
            c_end += 1
        caption = range(i, c_end)
        break
    return Layout(header, title, tuple(stamps), caption)


# --------------------------------------------------------------------------- case restoration


class CaseVocab:
    """How the document itself spells words in mixed-case text, by neighbouring word."""

    def __init__(self, texts: Sequence[str]):
        self._texts = texts
        self._built: dict[tuple[str, str, int], Counter[str]] | None = None

    @property
    def _pairs(self) -> dict[tuple[str, str, int], Counter[str]]:
        """Neighbour pairs → case classes, counted on first use (most orders never ask)."""
        if self._built is None:
            self._built = {}
            self._count(self._texts)
        return self._built

    def _count(self, texts: Sequence[str]) -> None:
        """Count how each word is cased next to its neighbours."""
        for text in texts:
            if _mostly_upper(text):
                continue
            toks = list(_WORD.finditer(text))
            folded = [_fold(m.group()) for m in toks]  # each word folded once
            for j in range(1, len(toks)):
                m = toks[j]
                # the text between the two words ends a sentence or opens a quote
                # (_SENTENCE_END / _OPEN_QUOTE, without a regex per word)
                mark = text[toks[j - 1].end():m.start()].rstrip()[-1:]
                if mark and mark in _BREAK_MARKS:
                    continue
                cls = _case_class(m.group())
                self._add((folded[j - 1], folded[j], 1), cls)
                if j + 1 < len(toks):
                    self._add((folded[j], folded[j + 1], 0), cls)

    def _add(self, key: tuple[str, str, int], cls: str) -> None:
        counts = self._built.get(key)
        if counts is None:
            counts = self._built[key] = Counter()
        counts[cls] += 1

    def case_of(self, prev: str | None, word: str, nxt: str | None) -> str | None:
        """ "upper" | "title" | "lower" as the document writes ``word`` next to these words."""
        votes: Counter[str] = Counter()
        if prev is not None:
            votes.update(self._pairs.get((_fold(prev), _fold(word), 1), Counter()))
        if nxt is not None:
            votes.update(self._pairs.get((_fold(word), _fold(nxt), 0), Counter()))
        return votes.most_common(1)[0][0] if votes else None


def _case_class(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return "upper"
    return "title" if word[:1].isupper() else "lower"


def _apply_class(word: str, cls: str) -> str:
    if cls == "upper":
        return word.upper()
    low = word.lower()
    return low[:1].upper() + low[1:] if cls == "title" else low


def _looks_proper(words: list[str], k: int) -> bool:
    """Morphology says ``words[k]`` is a proper name: a place noun ("МИЧУРИНСКА"), or the
    adjective that names a municipality ("АСИНОВСКОГО [МУНИЦИПАЛЬНОГО] РАЙОНА")."""
    v = _vocab()
    parses = _parses(words[k])
    if not parses:
        return False
    if {"Geox", "Name", "Surn"} & set(parses[0].tag.grammemes) and "NOUN" in parses[0].tag:
        return True
    if "ADJF" not in parses[0].tag or _lemma(words[k]) in v.type_adjectives:
        return False
    j = k + 1
    while j < len(words) and _lemma(words[j]) in v.type_adjectives:
        j += 1
    return j < len(words) and _lemma(words[j]) in v.unit_nouns


def restore_case(text: str, vocab: CaseVocab | None = None) -> str:
    """An all-caps name in print case: sentence case, region names and document usage respected."""
    if not _mostly_upper(text):
        return text[:1].upper() + text[1:]
    v = _vocab()
    toks = list(_WORD.finditer(text))
    cased: dict[int, str] = {}
    for m in find_regions(text):
        form_toks = _WORD.findall(m.form)
        inside = [k for k, t in enumerate(toks) if t.start() >= m.start and t.end() <= m.end]
        for k, ftok in zip(reversed(inside), reversed(form_toks)):
            # a place adjective in a body's name belongs to a proper name: "Омского района"
            cased[k] = "title" if m.strength == "adjective" else _case_class(ftok)
    legal = {_fold(x) for f in v.legal_forms for x in f.split()}
    out, pos = [], 0
    for k, m in enumerate(toks):
        word = m.group()
        before = text[toks[k - 1].end() if k else 0:m.start()]
        if k == 0 or _OPEN_QUOTE.search(before):
            cls = "title"
        elif k in cased:
            cls = cased[k]
        elif _fold(word) in legal:
            cls = "upper"
        else:
            prev = toks[k - 1].group()
            nxt = toks[k + 1].group() if k + 1 < len(toks) else None
            cls = (vocab.case_of(prev, word, nxt) if vocab else None) or (
                "title" if _looks_proper([t.group() for t in toks], k) else "lower")
        out.append(text[pos:m.start()])
        out.append(_apply_class(word, cls))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- issuer


def _type_line(line: str) -> str | None:
    """The order type if ``line`` is the header's type word ("ПРИКАЗ", "Распоряжение № 5")."""
    words = _WORD.findall(line)
    if not words:
        return None
    otype = _order_type_of(words[0])
    rest = line[line.find(words[0]) + len(words[0]):].strip()
    if otype and (not rest or re.match(r"(?:от\b|№|\d)", rest, re.IGNORECASE)):
        return otype
    return None


def _header_issuer_lines(lines: list[str], header: range) -> tuple[list[str], str | None, int | None]:
    """The header lines before the type word (or the date), the type word's type, its index."""
    for i in header:
        otype = _type_line(lines[i])
        if otype:
            return [lines[k] for k in header if k < i], otype, i
    for i in header:
        if find_dates(_unquoted(lines[i])) or find_numbers(_unquoted(lines[i])):
            return [lines[k] for k in header if k < i], None, None
    return [lines[k] for k in header], None, None


def _is_region_nominative(line: str) -> bool:
    """The line is just a subject's name in the nominative ("ТОМСКАЯ ОБЛАСТЬ")."""
    ms = find_regions(line)
    if len(ms) != 1 or ms[0].strength != "name":
        return False
    region = next(r for r in load_regions() if r.name == ms[0].region)
    covered = line[: ms[0].start] + line[ms[0].end:]
    return not _WORD.search(covered) and _fold(ms[0].form.split(" — ")[0]) == _fold(region.forms[0])


def _issuer_units(lines: list[str]) -> list[str]:
    """Letterhead lines grouped into bodies: each unit starts with a head noun in the nominative."""
    v = _vocab()
    units: list[list[str]] = []
    for line in lines:
        if v.stop.search(line) or _type_line(line):
            if units:
                break
            continue
        if _fold(line).strip(" .") in v.skip_lines or _is_region_nominative(line):
            continue
        words = _WORD.findall(line)
        starts = bool(words) and not line.startswith(("«", '"')) and (
            _head_index(words, nominative=True) is not None
            or (words[0] in v.legal_forms or line.split()[0] in v.legal_forms)
        )
        if starts:
            units.append([line])
        elif units and (_mostly_upper(line) == _mostly_upper(units[-1][0])):
            units[-1].append(line)
    return [" ".join(u) for u in units]


def _compose(units: list[str]) -> str:
    """The last (most specific) unit, its parents after it in the genitive."""
    child = units[-1]
    for parent in reversed(units[:-1]):
        words = _WORD.findall(parent)
        head = _head_index(words, nominative=True)
        tail = " ".join(words[head + 1:]) if head is not None else parent
        if tail and _fold(tail) in _fold(" ".join(_WORD.findall(child))):
            continue  # "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ТОМСКОГО РАЙОНА" names its parent already
        child = f"{child} {_reinflect_head(parent, 'gent')}"
    return child


def _issuer_from_stamp(stamp: Stamp) -> str | None:
    """ "управления образования Ижморского муниципального округа" → the nominative name."""
    words = _WORD.findall(stamp.issuer)
    if not words or _head_index(words, nominative=False) is None:
        return None
    name = _reinflect_head(stamp.issuer, "nomn")
    return name[:1].upper() + name[1:]


def _issuer_after_type(lines: list[str], header: range, type_idx: int) -> str | None:
    """ "ПРИКАЗ" / "МИНИСТЕРСТВА ОБРАЗОВАНИЯ …": a genitive name after the type word, nominative."""
    v = _vocab()
    parts: list[str] = []
    for k in header:
        if k <= type_idx:
            continue
        line = lines[k]
        if find_dates(_unquoted(line)) or find_numbers(_unquoted(line)) or v.stop.search(line):
            break
        words = _WORD.findall(line)
        if not parts:
            if not words or _head_index(words, nominative=False) is None:
                return None
        elif _head_index(words, nominative=True) is not None or _mostly_upper(line) != _mostly_upper(parts[0]):
            break
        parts.append(line)
    return _reinflect_head(" ".join(parts), "nomn") if parts else None


def find_issuer(lines: list[str], layout: Layout, tables: Sequence[str] = (),
                vocab: CaseVocab | None = None) -> tuple[str | None, str | None]:
    """The issuing body (nominative, print case) and the header's type word, if any.

    Sources in order: the letterhead before the type word; a genitive name right after it;
    the first stamp that names a body by its head noun; a letterhead laid out as a table."""
    issuer_lines, header_type, type_idx = _header_issuer_lines(lines, layout.header)
    units = _issuer_units(issuer_lines)
    if not units and type_idx is not None:
        after = _issuer_after_type(lines, layout.header, type_idx)
        units = [after] if after else []
    if units:
        return restore_case(_compose(units), vocab), header_type
    for st in layout.stamps:
        name = _issuer_from_stamp(st)
        if name:
            return name, header_type
    head_cells = list(tables[:_vocab().table_header_cells])
    units = _issuer_units([t for t in head_cells if _mostly_upper(t)])
    if units:
        cell_type = next((t for t in map(_type_line, head_cells) if t), None)
        return restore_case(_compose(units), vocab), header_type or cell_type
    return None, header_type


def _table_header(tables: Sequence[str]) -> tuple[date | None, str | None]:
    """A letterhead laid out as a table: a cell that is only a date next to one only "№ …"."""
    v = _vocab()
    cells = list(tables[: v.table_header_cells])
    for i, cell in enumerate(cells):
        d = v.bare_date.fullmatch(cell)
        if not d:
            continue
        dates = find_dates(cell)
        for other in cells[max(0, i - 3): i + 4]:
            n = v.bare_number.fullmatch(other)
            if n and dates:
                nums = find_numbers(other)
                if nums:
                    return dates[0][1], nums[0][1]
    return None, None


# --------------------------------------------------------------------------- level, municipality


def _issuer_parts(issuer: str) -> tuple[str, list[RegionMention]]:
    """The issuer with every region *name* blanked out, and those mentions."""
    names = [m for m in find_regions(issuer) if m.strength == "name"]
    text = issuer
    for m in reversed(names):
        text = text[: m.start] + " " * (m.end - m.start) + text[m.end:]
    return text, names


def classify_level(issuer: str | None, title_text: str = "") -> str | None:
    """regional | municipal | school, from the issuer's own words, else the title's."""
    v = _vocab()
    if issuer:
        words = _WORD.findall(issuer)
        head = _head_index(words, nominative=True)
        lemmas = [_lemma(w) for w in words]
        head_lemma = lemmas[head] if head is not None else None
        if words and (words[0] in v.legal_forms):
            return "school"
        if head_lemma in v.school_heads and (
            head_lemma in v.school_words or any(lm in v.school_words for lm in lemmas)
        ):
            return "school"
        rest, names = _issuer_parts(issuer)
        rest_lemmas = {_lemma(w) for w in _WORD.findall(rest)} | {_fold(w) for w in _WORD.findall(rest)}
        if rest_lemmas & v.municipal:
            return "municipal"
        if names or head_lemma in v.regional_heads:
            return "regional"
    lemmas = {_lemma(w) for w in _WORD.findall(title_text)}
    if lemmas & v.title_municipal:
        return "municipal"
    if lemmas & v.title_regional:
        return "regional"
    return None


def _city_nominative(text: str) -> str:
    """The city named at the start of ``text`` ("Омска …", "Ростова-на-Дону …"), nominative."""
    for m in find_regions(text):
        if m.start == 0 and m.strength in ("centre", "name"):
            region = next(r for r in load_regions() if r.name == m.region)
            return region.centre if m.strength == "centre" and region.centre else region.name
        break
    word = _WORD.match(text).group()
    parses = _parses(word)
    geo = [p for p in parses if "Geox" in p.tag] or parses
    out = _Parse.inflect(geo[0], {"nomn"}) if geo else None
    return _cap_like(out.word, word) if out else word


def find_municipality(issuer: str) -> str | None:
    """The municipality a municipal issuer belongs to, nominative, as the gold writes it."""
    v = _vocab()
    rest, _ = _issuer_parts(issuer)
    toks = list(_WORD.finditer(rest))
    # 1. "муниципального образования «Город Омск»": the quoted official name.
    for m in toks:
        if _lemma(m.group()) in v.quoted_after:
            q = re.match(r"\s*[«\"]([^»\"]+)[»\"]", rest[m.end():])
            if q:
                name = q.group(1).strip()
                return name[:1].upper() + name[1:]
    # 2. "<adjectives> муниципального округа / района / поселения", or a type adjective
    #    and the name after the noun ("городского округа Тольятти").
    for k, m in enumerate(toks):
        if _lemma(m.group()) not in v.unit_nouns or not any("gent" in p.tag for p in _parses(m.group())):
            continue
        start = k
        while start > 0 and _is_adjective(toks[start - 1].group(), "gent") \
                and _JOIN_OK.fullmatch(rest, toks[start - 1].end(), toks[start].start()):
            start -= 1
        if start == k:
            continue
        words = _nominative_phrase([t.group() for t in toks[start:k + 1]])
        if all(_lemma(w) in v.type_adjectives for w in words[:-1]):
            after = re.match(r"\s+([А-ЯЁ][\w\-]*(?:\s+[А-ЯЁ][\w\-]*)?)", rest[m.end():])
            if after is None:
                continue
            words.append(after.group(1))
        phrase = " ".join(words)
        return phrase[:1].upper() + phrase[1:]
    # 3. "города Омска", "г. Липецка" → "Город Омск".
    for k, m in enumerate(toks[:-1]):
        if _fold(m.group()) in v.city_words or _lemma(m.group()) in v.city_words:
            nxt = toks[k + 1]
            if nxt.group()[:1].isupper():
                return v.city_format.format(_city_nominative(rest[nxt.start():]))
    return None


_JOIN_OK = re.compile(r"[ \t\-]+")


# --------------------------------------------------------------------------- region


def _most_common_region(mentions: list[RegionMention]) -> tuple[RegionMention | None, bool]:
    """The most frequent region among ``mentions`` (first mention on a tie) and whether it tied."""
    if not mentions:
        return None, False
    counts = Counter(m.region for m in mentions)
    ranked = counts.most_common()
    best = ranked[0][1]
    tied = [r for r, c in ranked if c == best]
    first = next(m for m in mentions if m.region in tied)
    return first, len(tied) > 1


def choose_region(issuer: str | None, text: str, table_text: str) -> tuple[RegionMention | None, list[Issue]]:
    """The order's region: the issuer's, else the text's, else the tables'; names before cues."""
    by_source = {
        "issuer": find_regions(issuer) if issuer else [],
        "text": find_regions(text),
        "tables": find_regions(table_text),
    }
    tiers = [("issuer", "name"), ("issuer", "centre"), ("text", "name"), ("tables", "name"),
             ("issuer", "adjective"), ("text", "adjective"), ("tables", "adjective"),
             ("text", "centre"), ("tables", "centre")]
    issues: list[Issue] = []
    for source, strength in tiers:
        ms = [m for m in by_source[source] if m.strength == strength]
        pick, tied = _most_common_region(ms)
        if pick is None:
            continue
        if tied:
            names = sorted({m.region for m in ms})
            issues.append(Issue("region_ambiguous",
                                f"{source} names several regions equally often ({strength}): {', '.join(names)}"))
        elif source == "issuer":
            others = {m.region for m in by_source["text"] if m.strength == "name"}
            if others and pick.region not in others:
                issues.append(Issue("region_conflict",
                                    f"issuer names {pick.region}, the text only {', '.join(sorted(others))}"))
        return pick, issues
    return None, [Issue("region_not_found", "no subject of the Russian Federation is named anywhere")]


# --------------------------------------------------------------------------- year, type


def find_year(text: str) -> int | None:
    """The first year a caption or title says the roadmap covers ("в 2021 году", "(2021 г.)")."""
    v = _vocab()
    hits = []
    for p in v.year_patterns:
        for m in p.finditer(text):
            y = int(m.group(1))
            if v.year_min <= y <= v.year_max:
                hits.append((m.start(), y))
    return min(hits)[1] if hits else None


def _type_from_body(lines: list[str]) -> str | None:
    v = _vocab()
    for line in lines:
        for w in _WORD.findall(line):
            if w.isupper() and _lemma(w) in v.imperatives:
                return v.imperatives[_lemma(w)]
    votes: Counter[str] = Counter()
    for line in lines:
        for m in v.self_reference.finditer(line):
            t = _order_type_of(m.group(1))
            if t:
                votes[t] += 1
    return votes.most_common(1)[0][0] if votes else None


def find_number_and_date(lines: list[str], layout: Layout, tables: Sequence[str] = ()
                         ) -> tuple[str | None, date | None, list[Issue]]:
    """The order's own number and date: the header's (or a letterhead table's), else a stamp's.

    A stamp that disagrees with the header (a misprinted appendix) never wins: it is
    reported as ``order_number_mismatch`` / ``order_date_mismatch``."""
    issues: list[Issue] = []
    header_text = _unquoted("\n".join(lines[k] for k in layout.header))
    h_dates = find_dates(header_text)
    h_nums = find_numbers(header_text)
    t_date, t_num = _table_header(tables)
    number = h_nums[0][1] if h_nums else t_num
    when = next((d for _, d, _ in h_dates if d), None) or t_date
    for st in layout.stamps:
        if st.order_number:
            if number is None:
                number = st.order_number
            elif st.order_number != number:
                issues.append(Issue("order_number_mismatch",
                                    f"{st.kind} stamp says № {st.order_number}, the order № {number}"))
        if st.order_date:
            if when is None:
                when = st.order_date
            elif st.order_date != when:
                issues.append(Issue("order_date_mismatch", f"{st.kind} stamp says {st.order_date}, the order {when}"))
    if number is None:
        issues.append(Issue("order_number_not_found", "no order number in the header or the stamps"))
    if when is None:
        bad = [raw for _, d, raw in h_dates if d is None]
        issues.append(Issue("order_date_not_found",
                            f"impossible date {bad[0]!r}" if bad else "no order date in the header or the stamps"))
    return number, when, issues


# --------------------------------------------------------------------------- main


def extract_metadata(lines: Sequence[str], *, table_texts: Sequence[str] = ()) -> DocumentMeta:
    """What the order says about itself (see the module docstring)."""
    text_lines = split_header(_prepare(lines))
    tables = [clean_text(t) for t in table_texts if t and t.strip()]
    layout = analyse_layout(text_lines)
    meta = DocumentMeta()
    issues = meta.issues
    vocab = CaseVocab(text_lines + tables)

    # -- issuer and type word from the header
    issuer, header_type = find_issuer(text_lines, layout, tables, vocab)
    if issuer is None:
        issues.append(Issue("issuer_not_found", "no issuing body in the header, the stamps or a letterhead table"))
    meta.issuer = issuer

    # -- order type
    stamp_type = next((s.order_type for s in layout.stamps if s.order_type), None)
    meta.order_type = header_type or stamp_type or _type_from_body(text_lines)
    if meta.order_type is None:
        issues.append(Issue("order_type_not_found", "no type word (приказ, распоряжение) found"))

    # -- number and date: the header's, stamps as fallback and cross-check
    meta.order_number, meta.order_date, nd_issues = find_number_and_date(text_lines, layout, tables)
    issues.extend(nd_issues)

    # -- region
    region, r_issues = choose_region(issuer, "\n".join(text_lines), "\n".join(tables))
    issues.extend(r_issues)
    if region is not None:
        meta.region, meta.region_code = region.region, region.code

    # -- level and municipality
    title_text = " ".join(text_lines[k] for k in (layout.title or ()))
    caption_text = " ".join(text_lines[k] for k in (layout.caption or ()))
    meta.level = classify_level(issuer, f"{title_text} {caption_text}")
    if meta.level is None:
        issues.append(Issue("level_unknown", "neither the issuer nor the title tells the level"))
    if meta.level == "municipal":
        meta.municipality = find_municipality(issuer) if issuer else None
        if meta.municipality is None:
            issues.append(Issue("municipality_not_found", "municipal order, but no municipality named"))

    # -- year the roadmap covers
    meta.year = find_year(caption_text) or find_year(title_text)
    if meta.year is None and meta.order_date is not None:
        meta.year = meta.order_date.year
        issues.append(Issue("year_from_order_date", "no year in the caption or title: the order date's year"))
    if meta.year is None:
        issues.append(Issue("year_not_found", "no year in the caption, the title or the order date"))
    return meta
