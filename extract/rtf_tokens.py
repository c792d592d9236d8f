"""RTF tokens and text decoding: the bytes of an RTF file as a flat stream of events.

An own small tokenizer rather than a PyPI package: ``striprtf`` gives text only,
``rtfparse`` a group tree with one renderer (HTML de-encapsulated from Outlook mail),
``rtf-tokenize`` bare tokens, ``pyth`` had its last release in 2014; none lays out
``\\cellx`` boundaries, merges or nested tables.

The tokenizer keeps the group state RTF defines (font → code page, ``\\ucN`` skip count,
paragraph table depth), skips destinations that are not document text (font, colour and
style tables, ``\\info``, pictures, field instructions, every unknown ``{\\*\\…}``) and
yields events:

* ``("text", str)`` — decoded characters (``\\'xx`` in the font's code page, ``\\uN``);
* ``("par",)``, ``("cell",)``, ``("row",)``, ``("nestcell",)``, ``("nestrow",)`` —
  paragraph, cell and row ends, with the paragraph's table depth in :attr:`Tokens.depth`;
* ``("trowd",)``, ``("cellx", N, merges)`` — a row definition: each cell's right boundary
  in twips and its merge flags (``clvmgf``, ``clvmrg``, ``clmgf``, ``clmrg``);
* ``("page",)`` — a page break (``\\page``, ``\\pagebb``); ``("label", str)`` — a list
  label Word or LibreOffice rendered (``\\listtext``, ``\\pntext``);
* ``("aside", KIND, event)`` — any of the above inside a header, footer or footnote
  (KIND ``"header"``, ``"footer"``, ``"footnote"``: :data:`ASIDES`), text that is not part of
  the body's flow but is still the file's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

_TEXT_CHAR = rb"[^\\{}\r\n]"
_PLAIN = (rb"\\(?P<word>[a-zA-Z]{1,32})(?P<param>-?\d{1,10})? ?|\\'(?P<hex>[0-9a-fA-F]{2})|\\(?P<symbol>.)"
          rb"|(?P<brace>[{}])|[\r\n]+|(?P<text>" + _TEXT_CHAR + rb"+)")
_TOKEN = re.compile(_PLAIN, re.DOTALL)
# with \uc1 (nearly always): a run of text and \uN characters, each followed by the one
# character a reader without Unicode shows, matched and decoded at once
_UNICODE = re.compile(r"\\u(-?\d{1,10}) ?(?:\\'[0-9a-fA-F]{2}|[^\\{}\r\n])")
_GROUP_MARKS = re.compile(rb"\\bin(\d{1,10}) ?|\\.|[{}]", re.DOTALL)


def _unichr(m: re.Match) -> str:
    """The character of a ``\\uN`` (N a signed 16-bit number)."""
    code = int(m.group(1))
    return chr(code + 65536 if code < 0 else code) if -65536 < code < 0x110000 else "\ufffd"


def _group_end(data: bytes, pos: int) -> int:
    """Position of the closing brace of the group ``pos`` is in (the end when unbalanced)."""
    depth = 0
    while True:
        m = _GROUP_MARKS.search(data, pos)
        if m is None:
            return len(data)
        pos = m.end()
        if m.group(1) is not None:
            pos += int(m.group(1))
        elif m.group(0) == b"{":
            depth += 1
        elif m.group(0) == b"}":
            if depth == 0:
                return m.start()
            depth -= 1
# destinations whose content is not document text (the DOCX backend reads the body only)
SKIP = frozenset(
    "colortbl stylesheet info pict annotation atnid atnauthor fldinst nonesttables listtable listoverridetable revtbl "
    "rsidtbl pn pntxta pntxtb pgdsctbl objdata objclass themedata datafield template filetbl txe xe "
    "tc rxe bkmkstart bkmkend generator userprops mmathPr picprop blipuid shpinst sp sn sv "
    "listpicture xmlnstbl latentstyles colorschememapping datastore falt panose fname".split())
# destinations whose text is the file's but outside the body's flow: read, and tagged
ASIDES = {"header": "header", "headerl": "header", "headerr": "header", "headerf": "header",
          "footer": "footer", "footerl": "footer", "footerr": "footer", "footerf": "footer",
          "footnote": "footnote"}
KEEP_STARRED = frozenset({"nesttableprops"})  # {\*\…} groups that hold table structure
CHARSET_CODEPAGE = {0: None, 1: None, 2: 1252, 77: 10000, 128: 932, 129: 949, 130: 1361, 134: 936,
                    136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256, 186: 1257,
                    204: 1251, 222: 874, 238: 1250, 255: 437}
SYMBOLS = {"~": "\u00a0", "_": "-", "-": "", "\\": "\\", "{": "{", "}": "}", "\n": None, "\r": None}
WORD_CHARS = {"tab": "\t", "line": "\n", "emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022",
              "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c", "rdblquote": "\u201d",
              "emspace": "\u2003", "enspace": "\u2002", "qmspace": "\u2005", "zwj": "\u200d",
              "zwnj": "\u200c", "ltrmark": "\u200e", "rtlmark": "\u200f"}
_UNPLACED = {"shptxt": "a text box", "object": "an embedded object", "do": "a drawing object"}
MERGES = frozenset({"clvmgf", "clvmrg", "clmgf", "clmrg"})
STRUCTURE = frozenset({"par", "cell", "row", "nestcell", "nestrow", "sect"})
_RELEVANT = SKIP | frozenset(ASIDES) | MERGES | STRUCTURE | frozenset(WORD_CHARS) | frozenset(
    "nofpages fonttbl ansicpg mac pc pca deff f plain uc pard intbl itap page pagebb listtext pntext "
    "trowd cellx trleft shptxt object do".split())

# The fast tokens, while \\uc1 holds (nearly always) and no \\* or font table is open: a run
# of text and \\uN characters (each followed by the one character a reader without Unicode
# shows) matched and decoded at once, and a run of control words that change no text skipped.
_FAST = re.compile(
    rb"(?P<run>(?:" + _TEXT_CHAR + rb"|\\u-?\d{1,10} ?(?:\\'[0-9a-fA-F]{2}|" + _TEXT_CHAR + rb"))+)"
    rb"|(?P<formatting>(?:\\(?!(?:" + "|".join(sorted(_RELEVANT | {"u", "bin"}, key=len, reverse=True)).encode()
    + rb")(?![a-zA-Z]))[a-zA-Z]{1,32}(?:-?\d{1,10})? ?)+)|" + _PLAIN, re.DOTALL)


class RtfError(ValueError):
    """The bytes are not RTF this reader can follow (the caller falls back to LibreOffice)."""


@dataclass(frozen=True, slots=True)
class _State:
    """What an RTF group carries and a closing brace restores."""

    skip: bool = False
    dest: str = ""  # the destination this group is in (inherited by inner groups)
    starred: bool = False  # a \\* opened this group: an unknown destination is skipped
    font: int | None = None
    uc: int = 1
    intbl: bool = False
    itap: int | None = None
    aside: str = ""  # inside a header, footer or footnote: its kind (ASIDES)


class Tokens:
    """Walks an RTF byte string once; :meth:`events` yields the events described above."""

    def __init__(self, data: bytes):
        if not data.lstrip()[:5].lower() == b"{\\rtf":
            raise RtfError("no {\\rtf header")
        self.data = data
        self.codepage = 1252
        self.default_font: int | None = None
        self.font_codepage: dict[int, int] = {}
        self.pages = 0  # \nofpages from \info, 0 when absent
        self.open_groups = 0  # groups still open at the end (a truncated file)
        self._state = _State()
        self._bytes = bytearray()  # \'xx bytes waiting to be decoded together (multi-byte pages)
        self._skip_chars = 0  # characters after \uN still to drop
        self._font_def: int | None = None  # font being defined in \fonttbl

    @property
    def depth(self) -> int:
        """Table nesting depth of the current paragraph (0 = body text)."""
        s = self._state
        return s.itap if s.itap is not None else (1 if s.intbl else 0)

    def _page(self) -> str:
        """The Python codec of the current font's code page."""
        font = self._state.font if self._state.font is not None else self.default_font
        return f"cp{self.font_codepage.get(font, self.codepage)}" if font is not None else f"cp{self.codepage}"

    def _flush(self):
        """Decoded pending ``\\'xx`` bytes as a text event, if any."""
        if not self._bytes:
            return None
        raw, self._bytes = bytes(self._bytes), bytearray()
        try:
            text = raw.decode(self._page(), errors="replace")
        except LookupError:
            text = raw.decode("cp1252", errors="replace")
        return self._text(text) if not (self._state.skip or self._state.dest == "fonttbl") else None

    def _text(self, text: str) -> tuple[str, str]:
        """A text event, or a label event inside a rendered list label."""
        return ("label" if self._state.dest == "label" else "text"), text

    def events(self):
        """Yield the document's events in file order, those of an aside wrapped as ``("aside", KIND, event)``."""
        for event in self._events():
            aside = self._state.aside  # the state of the group the event came from
            yield ("aside", aside, event) if aside else event

    def _events(self):
        """The events in file order, untagged."""
        data, stack, pos, end = self.data, [], 0, len(self.data)
        fast, slow = _FAST.match, _TOKEN.match
        while pos < end:
            state = self._state
            m = (fast if state.uc == 1 and not self._skip_chars and not state.starred and state.dest != "fonttbl"
                 else slow)(data, pos)
            if m is None:  # a lone backslash at the very end
                break
            pos = m.end()
            kind = m.lastgroup
            if kind == "hex":
                if self._skip_chars:
                    self._skip_chars -= 1
                elif not self._state.skip:
                    self._bytes.append(int(m.group("hex"), 16))
                continue
            if kind is None or kind == "formatting":
                continue  # line breaks in the file mean nothing; formatting words change no text
            if self._bytes:
                pending = self._flush()
                if pending:
                    yield pending
            if kind == "run" or kind == "text":
                raw = m.group(kind)
                if self._skip_chars:
                    dropped = min(self._skip_chars, len(raw))
                    raw, self._skip_chars = raw[dropped:], self._skip_chars - dropped
                if raw and not self._state.skip and self._state.dest != "fonttbl":
                    text = raw.decode(self._page(), errors="replace")
                    yield self._text(_UNICODE.sub(_unichr, text) if kind == "run" else text)
            elif kind == "brace":
                self._skip_chars = 0
                if data[pos - 1] == 0x7B:  # {
                    stack.append(self._state)
                    self._state = replace(self._state, starred=False)
                elif stack:
                    self._state = stack.pop()
            elif kind == "symbol":
                event = self._symbol(m.group("symbol").decode("latin-1"))
                if event:
                    yield event
            else:
                word, param = m.group("word"), m.group("param")
                value = int(param) if param is not None else None
                if word == b"bin":  # raw bytes follow: jump over them
                    pos += max(value or 0, 0)
                    continue
                if self._state.skip and not self._state.starred and self._state.dest != "info":
                    pos = _group_end(data, pos)  # a skipped group: jump to its closing brace
                    continue
                event = self._word(word.decode("ascii"), value)
                if event:
                    yield event
        pending = self._flush()
        if pending:
            yield pending
        self.open_groups = len(stack)

    def _symbol(self, symbol: str):
        """The event of a control symbol (``\\~``, ``\\*`` …), if any."""
        self._skip_chars = 0
        if symbol == "*":
            self._state = replace(self._state, starred=True)
            return None
        if self._state.skip or self._state.dest == "fonttbl":
            return None
        if symbol in ("\n", "\r"):
            return ("par",)
        if SYMBOLS.get(symbol):
            return self._text(SYMBOLS[symbol])
        return None  # \\| formula character, \\: index subentry: nothing printed

    def _word(self, word: str, value: int | None):
        """The event of a control word, if any; updates the group state."""
        state = self._state
        if word == "u":
            self._skip_chars = state.uc
            if state.skip or state.dest == "fonttbl":
                return None
            code = (value or 0) + 65536 if (value or 0) < 0 else (value or 0)
            return self._text(chr(code) if code < 0x110000 else "\ufffd")
        self._skip_chars = 0
        if word not in _RELEVANT and not state.starred and state.dest != "fonttbl":
            return None  # formatting
        if state.starred:  # the first word after \* names an optional destination
            self._state = replace(state, starred=False, dest=word, skip=state.skip or word not in KEEP_STARRED)
            return None
        if state.skip:
            if word == "nofpages" and state.dest == "info" and value:
                self.pages = value
            return None
        if word in SKIP:
            self._state = replace(state, dest=word, skip=True)
            return None
        if word in ASIDES:
            self._state = replace(state, dest=word, aside=ASIDES[word], intbl=False, itap=None)
            return None
        if state.dest == "fonttbl":
            if word == "f":
                self._font_def = value
            elif word == "fcharset" and self._font_def is not None:
                page = CHARSET_CODEPAGE.get(value or 0)
                if page:
                    self.font_codepage.setdefault(self._font_def, page)
            elif word == "cpg" and self._font_def is not None and value:
                self.font_codepage[self._font_def] = value
            return None
        if word == "fonttbl":
            self._state = replace(state, dest="fonttbl")
        elif word == "ansicpg" and value:
            self.codepage = value
        elif word in ("mac", "pc", "pca"):
            self.codepage = {"mac": 10000, "pc": 437, "pca": 850}[word]
        elif word == "deff":
            self.default_font = value
        elif word == "f":
            self._state = replace(state, font=value)
        elif word == "plain":
            self._state = replace(state, font=None)
        elif word == "uc":
            self._state = replace(state, uc=max(value or 0, 0))
        elif word == "pard":
            self._state = replace(state, intbl=False, itap=None)
        elif word == "intbl":
            self._state = replace(state, intbl=True)
        elif word == "itap":
            self._state = replace(state, itap=value or 0)
        elif word in WORD_CHARS:
            return self._text(WORD_CHARS[word])
        elif word in STRUCTURE:
            return (word,)
        elif word in ("page", "pagebb") and value != 0:
            return ("page",)
        elif word in ("listtext", "pntext"):
            self._state = replace(state, dest="label")
        elif state.dest == "nesttableprops":
            return None  # the nested row's definition: its cells are folded into text
        elif word == "trowd":
            return ("trowd",)
        elif word in MERGES:
            return "merge", word
        elif word == "cellx":
            return "cellx", value or 0
        elif word == "trleft":
            return "trleft", value or 0
        elif word in _UNPLACED:
            raise RtfError(f"{_UNPLACED[word]} (\\{word}) the native reader does not place")
        return None
