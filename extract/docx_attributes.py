"""Whole-number attributes of a DOCX's XML read without trusting them.

Word writes ``w:gridSpan``, ``w:gridBefore``, ``w:ilvl``, ``w:start`` … as plain decimal
numbers, but a damaged or hand-made file may hold anything there ("x6", "", "1.5", "²",
"-3", "99999999").  ``int()`` on such a value raised out of the reader and the whole file was
lost; :func:`int_attribute` reads it as the attribute's default instead (a value too large
as the largest one allowed) and says so in a warning on the document.
"""
from __future__ import annotations

import re

from lxml import etree

# an xsd:integer as XML Schema reads it: surrounding whitespace collapsed, an optional sign
_INTEGER = re.compile(r"[ \t\r\n]*([+-]?[0-9]+)[ \t\r\n]*")
_DIGITS = 18  # more digits than this: past every bound, whatever they say
_SHOWN = 24  # characters of a bad value a warning quotes
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Bounds of the attributes the reader reads as numbers.  Word's tables have at most 63
# columns (LibreOffice's a few more); 1000 is far past any real table and keeps a grid's
# width, which later code allocates rows of, small.  Word's lists have the levels 0–8, and
# its list counters start from 0 to 32767.
MOST_COLUMNS = 1000
MOST_LEVEL = 8
MOST_START = 32767


def _qualified(name: str) -> str:
    """``w:val`` for ``{…main}val``: how a warning names an element or attribute."""
    return f"w:{name[len(_W_NS):]}" if name.startswith(_W_NS) else name


def int_attribute(el: etree._Element | None, attribute: str, default: int, low: int, high: int,
                  warnings: list[str] | None) -> int:
    """The whole number ``el``'s ``attribute`` holds, in ``low..high``.

    No element or no attribute: ``default``, silently (the format's own default).  A value
    that is no decimal integer, or is below ``low``: ``default``; above ``high``: ``high``;
    either with a warning naming the element, the attribute and the value, appended to
    ``warnings`` (once per distinct message; None: not kept)."""
    if el is None:
        return default
    value = el.get(attribute)
    if value is None:
        return default
    if value.isascii() and value.isdigit() and len(value) <= _DIGITS:  # what Word writes
        number = int(value)
        if low <= number <= high:
            return number
    else:
        match = _INTEGER.fullmatch(value)
        digits = match.group(1) if match else None
        # so many digits that int() would refuse them (Python's limit) are just too many
        number = None if digits is None else int(digits) if len(digits) <= _DIGITS \
            else high + 1 if digits[0] != "-" else low - 1
        if number is not None and low <= number <= high:
            return number
    if number is None or number < low:
        read, why = default, f"is not a whole number from {low} to {high}"
    else:
        read, why = high, f"is more than {high}"
    if warnings is not None:
        shown = value if len(value) <= _SHOWN else f"{value[:_SHOWN]}…"
        message = (f"{_qualified(el.tag)} {_qualified(attribute)}={shown!r} {why}: "
                   f"read as {read}")
        if message not in warnings:
            warnings.append(message)
    return read
