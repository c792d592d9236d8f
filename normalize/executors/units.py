"""The executors cell as units: words, abbreviations, definitions, quoted names, notes,
people and punctuation, before segmentation.

* An inline definition («… (далее – ДО)») becomes one unit standing for its short name.
* A known multi-word abbreviation («ФИС ОКО»), an abbreviation with the territory after it
  («МО НСО», «УО АМО», «МОНиМП НО»), and a legal form with its qualifiers and the name it
  qualifies («МАУ ИМЦ», «ГАУ ДПО ИРО», «ГАУ ДПО РБ «БРИОП»») are one unit.
* A mixed-case abbreviation («ЦОПМКиМКО») is an abbreviation.
* Initials with a surname are one person, in the order the cell uses: initials first
  («Н.Е. Иванов К.А. Петрова» → two people) or surname first («Петров В.И. Сидорова Т.К.»).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from normalize.definitions import (
    Token,
    find_definition_spans,
    grammemes,
    is_abbreviation,
    lemmas,
    tokenize,
    word_forms,
)
from normalize.nlp import is_known_word
from normalize.executors.vocab import (
    drop_notes,
    is_legal_form,
    is_mixed_abbreviation,
    qualifiers,
    school_kinds,
    territories,
    typo_abbreviation,
)
from normalize.text import clean_text

_NAME_GRAMMEMES = frozenset({"Surn", "Name", "Patr"})
_CYRILLIC_CAPITAL = re.compile(r"[А-ЯЁ]")  # an initial: a Cyrillic capital with a dot


@dataclass(slots=True)
class Unit:
    kind: str  # word, abbr, def, quote, paren, num, no, initial, person, comma, semi, punct
    text: str
    start: int
    end: int
    nl_before: bool = False
    person: str | None = None  # a person's surname and initials, surname first
    legal: bool = False  # a legal form ("МАОУ") or a legal form with its name ("МАУ ИМЦ")
    school: bool = False  # names a school ("МАОУ СОШ", "СОШ", "лицей")


_HYPHENATED_BREAK = re.compile(r"(?<=[а-яёa-z])[-\u00ad]\s*\n\s*(?=[а-яёa-z])")


def prepare(raw: str) -> str:
    """Cell text cleaned line by line; line breaks kept (they may separate executors)."""
    raw = raw.replace("\r", "")
    if "\n" in raw:  # a word hyphenated across a line break, joined
        raw = _HYPHENATED_BREAK.sub("", raw)
    lines = [clean_text(line) for line in raw.split("\n")]
    return "\n".join(line for line in lines if line)


def substitute(text: str) -> tuple[str, list[tuple[int, int]], dict[str, str]]:
    """Inline definitions replaced by their short names: new text, the short names'
    spans in it, and the definitions."""
    spans = find_definition_spans(text)
    out, ranges, local, pos = [], [], {}, 0
    length = 0
    for d in spans:
        if d.start < pos:
            continue
        out.append(text[pos:d.start])
        length += d.start - pos
        ranges.append((length, length + len(d.short)))
        out.append(d.short)
        length += len(d.short)
        local.setdefault(d.short, d.full)
        pos = d.end
    out.append(text[pos:])
    return "".join(out), ranges, local


def _closing(tokens: list, i: int, opening: set[str], closing: set[str]) -> int | None:
    """Index past the token that closes the bracket opened at ``i`` (None: unbalanced)."""
    depth = 0
    for j in range(i, len(tokens)):
        k = tokens[j].kind
        if k in opening and not (k == "dq" and depth and tokens[i].kind == "dq"):
            depth += 1
        elif k in closing:
            depth -= 1
        if depth == 0:
            return j + 1
    return None


def cell_units(text: str, def_ranges: list[tuple[int, int]], known: frozenset[str], *,
               tokens: Sequence[Token] | None = None) -> list[Unit]:
    """The cell as units: words, abbreviations, definitions, quoted names, notes, punctuation
    (``tokens``: text's tokens, when the caller has them)."""
    if tokens is None:
        tokens = tokenize(text)
    units: list[Unit] = []
    nl = False
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        rng = next((r for r in def_ranges if r[0] <= tok.start < r[1]), None) if def_ranges else None
        if rng is not None:
            while i < len(tokens) and tokens[i].start < rng[1]:
                i += 1
            units.append(Unit("def", text[rng[0]:rng[1]], rng[0], rng[1], nl))
            nl = False
            continue
        if tok.kind in ("nl", "tab"):
            nl = True
            i += 1
            continue
        if tok.kind in ("oq", "dq", "op"):
            opening, closing = ({"op"}, {"cp"}) if tok.kind == "op" else ({"oq", "dq"}, {"cq", "dq"})
            if tok.kind == "dq":
                end = next((j + 1 for j in range(i + 1, len(tokens)) if tokens[j].kind == "dq"), None)
            else:
                end = _closing(tokens, i, opening, closing)
            if end is None:  # an unbalanced bracket is plain punctuation
                units.append(Unit("punct", tok.text, tok.start, tok.end, nl))
                nl = False
                i += 1
                continue
            span = text[tok.start:tokens[end - 1].end]
            kind = "paren" if tok.kind == "op" else "quote"
            if kind == "paren" and span[1:-1].strip(" .").lower().startswith(drop_notes()):
                i = end  # "(выполнено)"
                continue
            units.append(Unit(kind, span, tok.start, tokens[end - 1].end, nl))
            nl = False
            i = end
            continue
        kind = tok.kind
        if kind == "word" and (shape := _word_shape(tok.text)):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if shape == _ABBREVIATION:
                kind = "abbr"
            elif shape == _TYPO and tok.text.upper() in known \
                    and (nxt is None or nxt.kind in ("comma", "semi", "nl")
                         or (nxt.kind == "word" and is_abbreviation(nxt.text))):
                kind = "abbr"  # "До ВРО": the order's ДО typed in lower case
            elif shape == _CAPITAL and nxt is not None and nxt.text == ".":
                kind = "initial"  # "Иванова И.И." (not a Roman numeral "I.")
        elif kind in ("cq", "cp"):
            kind = "punct"
        if kind == "initial":  # the initial with its dot
            units.append(Unit(kind, text[tok.start:tokens[i + 1].end], tok.start,
                               tokens[i + 1].end, nl))
            nl = False
            i += 2
            continue
        units.append(Unit(kind, tok.text, tok.start, tok.end, nl))
        nl = False
        i += 1
    units = _merge_territories(_merge_abbreviations(units, text, known), text)
    return _merge_persons(_merge_full_names(units, text), text)


_ABBREVIATION, _TYPO, _CAPITAL = 1, 2, 3  # _word_shape's answers (0: a plain word)


@lru_cache(maxsize=65536)  # of one word
def _word_shape(word: str) -> int:
    """What ``cell_units`` may read a word as, by the word alone: an abbreviation (plain or
    mixed-case), a title-case word that may be one typed in lower case, a single Cyrillic
    capital (an initial when a dot follows), or 0 for a plain word (tested in this order)."""
    if is_abbreviation(word) or is_mixed_abbreviation(word):
        return _ABBREVIATION
    if typo_abbreviation(word):
        return _TYPO
    if _CYRILLIC_CAPITAL.fullmatch(word):
        return _CAPITAL
    return 0


@lru_cache(maxsize=1024)
def _multi_word(known: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The known abbreviations of several parts, each part an abbreviation, longest first."""
    return tuple(sorted((tuple(k.split()) for k in known if " " in k and all(
        is_abbreviation(p) for p in k.split())), key=len, reverse=True))


def _merge_abbreviations(units: list[Unit], text: str, known: frozenset[str]) -> list[Unit]:
    """Known multi-word abbreviations as one unit; a legal form with the abbreviation or
    quoted name it qualifies as one unit."""
    if not any(u.kind == "abbr" for u in units):
        return units  # nothing to merge
    multi = _multi_word(known)
    school_abbr, school_lemmas = school_kinds()
    out: list[Unit] = []
    i, n = 0, len(units)
    while i < n:
        u = units[i]
        if u.kind == "abbr":
            for seq in multi:
                part = units[i:i + len(seq)]
                if len(part) == len(seq) and all(p.kind == "abbr" and p.text == s
                                                  for p, s in zip(part, seq)) \
                        and not any(p.nl_before for p in part[1:]):
                    out.append(Unit("abbr", text[u.start:part[-1].end], u.start, part[-1].end,
                                     u.nl_before, legal=True))
                    i += len(seq)
                    break
            else:
                legal = is_legal_form(u.text)
                school = u.text in school_abbr
                nxt = units[i + 1] if i + 1 < len(units) else None
                quote_at = next((k for k in range(i + 1, min(i + 5, len(units)))
                                 if units[k].kind != "abbr" or units[k].nl_before),
                                None) if legal else None  # read only for a legal form
                if legal and quote_at is not None and quote_at > i + 1 \
                        and units[quote_at].kind == "quote" and not units[quote_at].nl_before:
                    # "ГАУ ДПО РБ «БРИОП»": the legal form, its qualifiers and the name
                    last = units[quote_at]
                    out.append(Unit("abbr", text[u.start:last.end], u.start, last.end,
                                     u.nl_before, legal=True, school="ОУ" in u.text))
                    i = quote_at + 1
                elif legal and nxt is not None and not nxt.nl_before and (
                        nxt.kind in ("abbr", "quote")
                        or (nxt.kind == "word" and lemmas(nxt.text) & school_lemmas)):
                    j = i + 1  # "ГАУ ДПО ИРО": qualifiers, then the name
                    while j + 1 < len(units) and units[j].text in qualifiers() \
                            and units[j + 1].kind in ("abbr", "quote") \
                            and not units[j + 1].nl_before:
                        j += 1
                    nxt = units[j]
                    school = nxt.text in school_abbr or nxt.kind == "word" or (
                        nxt.kind == "quote" and "ОУ" in u.text)
                    out.append(Unit("abbr", text[u.start:nxt.end], u.start, nxt.end,
                                     u.nl_before, legal=True, school=school))
                    i = j + 1
                else:  # the unit itself when it already says so (it is kept as other units are)
                    if u.legal is not legal or u.school is not school or u.person is not None:
                        u = Unit("abbr", u.text, u.start, u.end, u.nl_before, legal=legal, school=school)
                    out.append(u)
                    i += 1
            continue
        out.append(u)
        i += 1
    return out



def _merge_territories(units: list[Unit], text: str) -> list[Unit]:
    """An abbreviation with the territory abbreviation after it as one («МО НСО»)."""
    if territories().isdisjoint([u.text for u in units if u.kind == "abbr"]):
        return units  # nothing to merge
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if u.kind == "abbr" and u.text in territories() and not u.nl_before \
                and prev is not None and prev.kind == "abbr" and prev.end <= u.start \
                and not text[prev.end:u.start].strip() and prev.text not in territories():
            out[-1] = Unit("abbr", text[prev.start:u.end], prev.start, u.end, prev.nl_before,
                           legal=True, school=prev.school)
            continue
        out.append(u)
    return out


def _capitalised(unit: Unit) -> bool:
    """A word that can be a surname after initials: capital first, then small letters."""
    word = unit.text
    return unit.kind == "word" and word[:1].isupper() and len(word) > 1 \
        and word[1:].replace("-", "").islower()


def _common_noun(word: str) -> bool:
    """A noun the dictionary knows with no name reading («Департамента»)."""
    return is_known_word(word) and {f.pos for f in word_forms(word)} == {"NOUN"} \
        and not grammemes(word) & _NAME_GRAMMEMES


def _initials_after_surname(units: list[Unit], i: int) -> int:
    """How many initials follow a capitalised word at ``i`` read as a surname; 0 when it is
    no surname.  A common noun is one only where the initials cannot take the next word as
    their surname instead: «Начальник Департамента И.Б. Грабцевич» is Грабцевич, while
    «Лапина О.Е.» and «Лапина О.Е. Гусев П.Р.» (Гусев has his own initials) are Лапина."""
    if not _capitalised(units[i]):
        return 0
    n = _initials_at(units, i + 1)
    after = i + 1 + n
    if n and _common_noun(units[i].text) and after < len(units) \
            and _capitalised(units[after]) and not units[after].nl_before \
            and not _initials_at(units, after + 1):
        return 0
    return n



def _initials_at(units: list[Unit], i: int) -> int:
    """How many initial units (at most three, on one line) start at ``i``."""
    n = 0
    while i + n < len(units) and units[i + n].kind == "initial" and n < 3 \
            and not (n and units[i + n].nl_before):
        n += 1
    return n


def _surname_first(units: list[Unit]) -> bool | None:
    """The order of the cell's people: surname first (True), initials first (False), or
    None when the cell names nobody; read from the first person in it."""
    for i, u in enumerate(units):
        if u.kind == "initial" and i + _initials_at(units, i) < len(units) \
                and _capitalised(units[i + _initials_at(units, i)]):
            return False
        if u.kind == "word" and _initials_after_surname(units, i):  # a surname is a word
            return True
    return None


def _has_initial(units: list[Unit]) -> bool:
    """Some unit is an initial (without one, ``_surname_first`` finds nobody)."""
    for u in units:
        if u.kind == "initial":
            return True
    return False


def _merge_persons(units: list[Unit], text: str) -> list[Unit]:
    """Initials and surname as one person unit; where a run of them reads both ways, in
    the order the cell uses first."""
    if not _has_initial(units):
        return units  # every person read here has an initial: none, nobody (_surname_first is None)
    order = _surname_first(units)
    if order is None:
        return units
    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        n = _initials_after_surname(units, i) if u.kind == "word" else 0  # a surname is a word
        # "Иванов К.А. Петрова" reads either way: the cell's order decides; otherwise
        # a surname with initials after it is a person whatever the order
        ambiguous = n and i + 1 + n < len(units) and _capitalised(units[i + 1 + n])
        if n and (order or not ambiguous):
            inits = units[i + 1:i + 1 + n]
            out.append(_person(u, inits, text, u.start, inits[-1].end))
            i += 1 + n
            continue
        n = _initials_at(units, i)
        if n and i + n < len(units) and _capitalised(units[i + n]) \
                and not units[i + n].nl_before:
            surname = units[i + n]
            out.append(_person(surname, units[i:i + n], text, u.start, surname.end))
            i += n + 1
            continue
        out.append(u)
        i += 1
    return out


def _full_name_at(units: list[Unit], i: int) -> tuple[Unit, Unit, Unit] | None:
    """(surname, first name, patronymic) of a full name at ``i`` in either order
    («Иванова Ирина Петровна», «Ирина Петровна Иванова»), or None."""
    three = units[i:i + 3]
    if len(three) < 3 or not all(_capitalised(u) for u in three) \
            or any(u.nl_before for u in three[1:]):
        return None
    a, b, c = three
    if "Name" in grammemes(b.text) and "Patr" in grammemes(c.text):
        return a, b, c
    if "Name" in grammemes(a.text) and "Patr" in grammemes(b.text):
        return c, a, b
    return None


def _merge_full_names(units: list[Unit], text: str) -> list[Unit]:
    """A surname, first name and patronymic as one person («Иванова И.П.»)."""
    out: list[Unit] = []
    i, n = 0, len(units)
    while i < n:
        u = units[i]  # a full name starts with a capitalised word: others turned away first
        found = _full_name_at(units, i) if u.kind == "word" and u.text[:1].isupper() else None
        if found is None:
            out.append(units[i])
            i += 1
            continue
        surname, name, patronymic = found
        start, end = units[i].start, units[i + 2].end
        out.append(Unit("person", text[start:end], start, end, units[i].nl_before,
                        person=f"{surname.text} {name.text[0]}.{patronymic.text[0]}."))
        i += 3
    return out


def _person(surname: Unit, initials: list[Unit], text: str, start: int, end: int) -> Unit:
    nl = min((surname, *initials), key=lambda x: x.start).nl_before
    return Unit("person", text[start:end], start, end, nl,
                person=f"{surname.text} {''.join(x.text.replace(' ', '') for x in initials)}")
