"""Word's automatic numbering (numbering.xml and numbered paragraph styles) for the DOCX reader.

:func:`read_numbering` gives each list's levels; :class:`NumberingState` renders a list label
the way Word shows it ("1.", "2.", "1.1.", "а)"), counting per list across the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from extract.docx_attributes import MOST_LEVEL, MOST_START, int_attribute

_W_VAL = qn("w:val")
_W_PPR = qn("w:pPr")
_W_NUMPR = qn("w:numPr")
_W_NUMID = qn("w:numId")
_W_ILVL = qn("w:ilvl")
_W_STYLE, _W_STYLE_ID = qn("w:style"), qn("w:styleId")


def first_child(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a plain tag name, without ElementPath's set-up cost."""
    for child in el:
        if child.tag == tag:
            return child
    return None


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str  # decimal, lowerLetter, upperRoman, bullet, none, ...
    text: str  # lvlText, e.g. "%1." or "%1.%2"
    start: int


@dataclass(slots=True)
class NumberingState:
    """Word's list definitions and the running counters of each list (``numId``)."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    starts: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → start overrides
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    # what was wrong in numbering.xml's numbers (docx_attributes.int_attribute), read anyway
    warnings: tuple[str, ...] = ()

    def render(self, num_id: str, ilvl: int) -> str:
        """Advance list ``num_id`` at level ``ilvl`` and return its label ("3.")."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = self.starts.get(num_id, {}).get(ilvl, levels[ilvl].start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return level.text if level.text.isprintable() and level.text.strip() else "•"
        if level.fmt == "none":
            return ""
        label = level.text
        for k in range(ilvl + 1):
            value = counters.get(k, self.starts.get(num_id, {}).get(k, levels.get(k, level).start))
            fmt = levels[k].fmt if k in levels else "decimal"
            label = label.replace(f"%{k + 1}", _format_number(value, fmt))
        return label


def _format_number(value: int, fmt: str) -> str:
    """A list counter as Word prints it in format ``fmt``."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _to_roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "russianLower":
        return "абвгдежзиклмнопрстуфхцчшщэюя"[(value - 1) % 28]
    if fmt == "russianUpper":
        return "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"[(value - 1) % 28]
    return str(value)


def _to_roman(value: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for number, letters in numerals:
        while value >= number:
            out += letters
            value -= number
    return out


def attr(el: etree._Element | None, name: str = "w:val") -> str | None:
    return None if el is None else el.get(_W_VAL if name == "w:val" else qn(name))


_W_ABSTRACT_NUM = qn("w:abstractNum")
_W_ABSTRACT_NUM_ID = qn("w:abstractNumId")
_W_NUM = qn("w:num")
_W_LVL = qn("w:lvl")
_W_NUM_FMT = qn("w:numFmt")
_W_LVL_TEXT = qn("w:lvlText")
_W_START = qn("w:start")
_W_LVL_OVERRIDE = qn("w:lvlOverride")
_W_START_OVERRIDE = qn("w:startOverride")


def first_of(el: etree._Element, tags: tuple[str, ...]) -> list[etree._Element | None]:
    """The first child of ``el`` with each of ``tags`` (``el.find(tag)`` of each, one pass)."""
    found: list[etree._Element | None] = [None] * len(tags)
    for child in el:
        tag = child.tag
        if tag in tags:
            k = tags.index(tag)
            if found[k] is None:
                found[k] = child
    return found


_LEVEL_PARTS = (_W_NUM_FMT, _W_LVL_TEXT, _W_START)


def read_numbering(root: etree._Element | None) -> NumberingState:
    """Parse numbering.xml (``root``) into list levels per ``numId``."""
    state = NumberingState()
    if root is None:
        return state
    abstract: dict[str, dict[int, _Level]] = {}
    warnings: list[str] = []
    for an in root.iterchildren(_W_ABSTRACT_NUM):
        levels: dict[int, _Level] = {}
        for lvl in an.iterchildren(_W_LVL):
            ilvl = int_attribute(lvl, _W_ILVL, 0, 0, MOST_LEVEL, warnings)
            fmt, text, start = first_of(lvl, _LEVEL_PARTS)
            levels[ilvl] = _Level(
                fmt=(None if fmt is None else fmt.get(_W_VAL)) or "decimal",
                text=(None if text is None else text.get(_W_VAL)) or "",
                start=int_attribute(start, _W_VAL, 1, 0, MOST_START, warnings),
            )
        abstract[an.get(_W_ABSTRACT_NUM_ID)] = levels
    for num in root.iterchildren(_W_NUM):
        num_id = num.get(_W_NUMID)
        state.levels[num_id] = abstract.get(attr(first_child(num, _W_ABSTRACT_NUM_ID)) or "", {})
        for override in num.iterchildren(_W_LVL_OVERRIDE):
            start = first_child(override, _W_START_OVERRIDE)
            if attr(start) is not None:
                ilvl = int_attribute(override, _W_ILVL, 0, 0, MOST_LEVEL, warnings)
                state.starts.setdefault(num_id, {})[ilvl] = int_attribute(
                    start, _W_VAL, 1, 0, MOST_START, warnings)
    state.warnings = tuple(warnings)
    return state


def style_numbering(styles: etree._Element | None,
                    warnings: list[str] | None = None) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering: style id → (numId, ilvl); what is wrong in
    their numbers is added to ``warnings``."""
    out: dict[str, tuple[str, int]] = {}
    if styles is None:
        return out
    for style in styles:
        if style.tag != _W_STYLE:
            continue
        num_pr = _style_num_pr(style)
        num_id = attr(first_child(num_pr, _W_NUMID)) if num_pr is not None else None
        if num_id:
            ilvl = int_attribute(first_child(num_pr, _W_ILVL), _W_VAL, 0, 0, MOST_LEVEL, warnings)
            out[style.get(_W_STYLE_ID)] = (num_id, ilvl)
    return out


def _style_num_pr(style: etree._Element) -> etree._Element | None:
    """``style.find("w:pPr/w:numPr")`` without ElementPath's set-up cost: the first numPr
    child of the first pPr child that has one."""
    for ppr in style:
        if ppr.tag == _W_PPR:
            num_pr = first_child(ppr, _W_NUMPR)
            if num_pr is not None:
                return num_pr
    return None


# The last few numbering / styles roots read, with what was read from them.  The package
# reader hands every document of a template the same parsed numbering and styles objects
# (``docx_package`` remembers them by their bytes), so their lists are read once; a document
# gets its own counters.  The levels and style ids are only read, never changed.
_REMEMBERED = 8
_numbering_before: dict[int, tuple[etree._Element, NumberingState]] = {}
_styles_before: dict[int, tuple[etree._Element, tuple[dict[str, tuple[str, int]], tuple[str, ...]]]] = {}


def _remember(memo: dict, root: etree._Element, value: object) -> None:
    if len(memo) >= _REMEMBERED:
        del memo[next(iter(memo))]  # the oldest goes
    memo[id(root)] = (root, value)  # the root kept: its id is not reused while remembered


def numbering_of(root: etree._Element | None) -> NumberingState:
    """:func:`read_numbering` of ``root`` with counters of its own, the levels read once per
    root object."""
    if root is None:
        return NumberingState()
    hit = _numbering_before.get(id(root))
    if hit is None or hit[0] is not root:
        state = read_numbering(root)
        _remember(_numbering_before, root, state)
        hit = (root, state)
    return NumberingState(hit[1].levels, hit[1].starts, warnings=hit[1].warnings)


def style_numbering_of(styles: etree._Element | None,
                       warnings: list[str] | None = None) -> dict[str, tuple[str, int]]:
    """:func:`style_numbering` of ``styles``, read once per root object (the dict is shared:
    read it, do not change it); its warnings, remembered with it, added to ``warnings``."""
    if styles is None:
        return {}
    hit = _styles_before.get(id(styles))
    if hit is None or hit[0] is not styles:
        found: list[str] = []
        hit = (styles, (style_numbering(styles, found), tuple(found)))
        _remember(_styles_before, styles, hit[1])
    styled, found = hit[1]
    if found and warnings is not None:
        warnings.extend(found)
    return styled
