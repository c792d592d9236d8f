"""The order's own header: dates, numbers, the layout (header, stamps, title, caption),
the issuing body, the type word and the order's number and date."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


from normalize.records import Issue
from normalize.regions import find_regions, load_regions, nominative_words, word_keys
from normalize.metadata_case import CaseVocab, restore_case
from normalize.metadata_text import (
    _fold,
    _head_index,
    _is_adjective,
    _is_caption,
    _is_stamp_start,
    _lemma,
    _mostly_upper,
    _reinflect_head,
    _SENTENCE_END,
    _starts_body,
    _vocab,
    _WORD,
)


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
    if "«" not in text:
        return text  # (most lines: nothing to blank)
    return _QUOTED_NAME.sub(lambda m: " " * len(m.group()), text)


_QUOTED_NAME = re.compile(r"«[^«»]*[A-Za-zА-Яа-яЁё][^«»]*»")


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
    unquoted = _unquoted(line)  # (blanked once for all the words)
    cuts = []
    for k in range(1, len(toks)):
        if unquoted[toks[k].start()] == " ":
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
    nominative = nominative_words()
    if not all(key in nominative or key.startswith("город") for key in word_keys(line)):
        return False  # a word no such name prints: no need to look for mentions
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
