"""Cell-text cleaning: the only rewriting the pipeline does to what an order prints.

Lines are joined, a word broken across a line end (with or without a hyphen, see
``wordbreak``) is joined again, runs of whitespace fold to one space, conversion debris (HTML tags, a stray ``|``) is removed.  Nothing else
changes: typos, odd dashes and quotes stay as printed.
"""
from __future__ import annotations

from normalize.memo import text_cache

import re
from collections.abc import Iterable, Sequence

from normalize.wordbreak import join_lines, sub_lines

_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_HTML_ENTITY = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
# A soft hyphen at a line end: the word goes on after the break.
_SOFT_HYPHEN_BREAK = re.compile(r"\u00ad[ \t]*\n\s*")
# A compound with a number wrapped at its hyphen: "школы-\n500+", "2-\nго", "2021-\n2022".
_HYPHEN_DIGIT_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=\d)|(?<=\d)-[ \t]*\n\s*(?=[а-яё\d])")
# A URL wrapped after "/" (or inside a path): "…/kppio/\nUstanochnyj…".
_URL_BREAK = re.compile(r"((?:https?://|www\.)\S*[/_.=?&-])[ \t]*\n\s*(?=\S)")
_STRAY_PIPE = re.compile(r"(?:^|\s)\|(?=\s|$)")
_WS = re.compile(r"\s+")


def clean_text(text: str | None, full_lines: Sequence[bool] | None = None) -> str:
    """Fold a cell's text into one clean line (see the module docstring).

    ``full_lines`` (from PDF geometry, one flag per line of ``text``): whether each line
    reaches its cell's right edge; it decides breaks inside words the dictionary cannot."""
    if not text:
        return ""
    # :func:`is_clean`, inlined (most cells are clean: nothing to do, nothing to cache)
    if (text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " "
            and "<" not in text and "&" not in text and "|" not in text):
        return text
    return _clean_text(text, tuple(full_lines) if full_lines is not None else None)


@text_cache(maxsize=16384)
def _clean_text(text: str, full_lines: tuple[bool, ...] | None) -> str:
    """:func:`clean_text` of a non-empty text (cached: tables, metadata and the document
    each clean the same cells)."""
    # Each substitution runs only when the character it needs is there (most cells are one
    # line of words): a soft hyphen, "<", "&", a line break, "-", "|".  A skipped one would
    # have changed nothing but dropped flags that do not describe the lines (sub_lines).
    if full_lines is not None and len(full_lines) != text.count("\n") + 1:
        full_lines = None
    if "\u00ad" in text:
        text, full_lines = sub_lines(_SOFT_HYPHEN_BREAK, "", text, full_lines)
        text = text.replace("\u00ad", "")  # invisible in print
    if "<" in text:
        text, full_lines = sub_lines(_HTML_TAG, " ", text, full_lines)
    if "&" in text:
        for entity, char in _HTML_ENTITY.items():
            text = text.replace(entity, char)
    if "\n" in text:
        while True:  # a long URL may wrap more than once
            joined, full_lines = sub_lines(_URL_BREAK, r"\1", text, full_lines)
            if joined == text:
                break
            text = joined
        if "-" in text:
            text, full_lines = sub_lines(_HYPHEN_DIGIT_BREAK, "-", text, full_lines)
    if "\n" in text:
        lines = text.split("\n")  # flags only count while they still describe these lines
        text = join_lines(lines, full_lines if full_lines and len(full_lines) == len(lines)
                          else None)
    if "|" in text:
        text = _STRAY_PIPE.sub(" ", text)
    return " ".join(text.split())  # = _WS.sub(" ", text).strip(): str.split splits where \s matches


def is_clean(text: str) -> bool:
    """``clean_text(text) == text`` is certain without running it: no character any step of
    :func:`_clean_text` acts on (a line break or other whitespace but the ASCII space — all
    unprintable —, a soft hyphen, "<", "&", "|") and single spaces between words only.  Kept
    beside it: a new cleaning step needs its character tested here too."""
    return (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "
            and "<" not in text and "&" not in text and "|" not in text)


def clean_again(text: str) -> str:
    """:func:`clean_text` of a text usually cleaned already (the document's lines and cells):
    the text itself when :func:`is_clean` shows cleaning changes nothing."""
    return text if is_clean(text) else clean_text(text)


class CleanTexts(tuple[str, ...]):
    """Texts exactly as :func:`clean_text` returned them ("" included), made by
    :func:`clean_texts` only: the type says "cleaned already", so a reader that cleans what
    it is given (metadata) can do less work (:meth:`again`) than on texts of unknown origin."""

    __slots__ = ()

    def again(self) -> list[str]:
        """``[clean_text(t) for t in self if t]`` without cleaning most of them.

        A text :func:`clean_text` returned holds no line break and no soft hyphen, and its
        words are joined by single spaces: of :func:`_clean_text`'s steps only the "<", "&"
        and "|" ones can act on it.  The "|" one removed every stray pipe already (a pipe it
        kept touches a character that is neither whitespace nor a pipe it removed), so
        without "<" and "&" cleaning returns the text as it is.  With them it may not
        (clean_text is not idempotent: "&lt;b&gt;" -> "<b>" -> ""; "&amp;nbsp;" -> "&nbsp;"
        -> " "), so those are cleaned again.  One search of the joined texts per character
        (``is_clean``'s ``isprintable`` and "  " over them cost ~25 times as much)."""
        kept = [t for t in self if t]
        joined = "\n".join(kept)  # the joined texts hold a mark only where one of them does
        if "<" not in joined and "&" not in joined:
            return kept
        return [clean_text(t) if "<" in t or "&" in t else t for t in kept]


def clean_texts(texts: Iterable[str | None], *, drop_empty: bool = False) -> CleanTexts:
    """:func:`clean_text` of each text, typed as cleaned (``drop_empty``: without the ""s)."""
    cleaned = map(clean_text, texts)
    return CleanTexts(filter(None, cleaned) if drop_empty else cleaned)


def fold(text: str | None) -> str:
    """Whitespace folded, nothing else: the comparison key for "equal after folding"."""
    if not text:
        return ""
    return _fold(text) if len(text) <= 2000 else " ".join(text.split())  # only short texts kept


@text_cache(maxsize=16384)
def _fold(text: str) -> str:
    """:func:`fold` of a non-empty text: ``str.split`` splits where ``\\s`` matches, so this
    is ``_WS.sub(" ", text).strip()`` (cached: tables compare the same cells again and again)."""
    return " ".join(text.split())
