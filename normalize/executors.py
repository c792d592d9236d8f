"""The executors cell split into bodies and roles, each with its full name and kind.

    split_executors("ДО МАУ ИМЦ муниципальный координатор", definitions={...})
    → [Executor("ДО", …), Executor("МАУ ИМЦ", …), Executor("муниципальный координатор", …)]

How a cell is read (left to right, one pass):

* An inline definition ("Департамент образования … (далее-ДО)") stands for its short name.
  A completion note ("(выполнено)") is dropped.
* Semicolons always separate.  A comma or a line break separates only when what follows
  can start a new executor: an abbreviation, a quoted name, or a noun group that can be in
  the nominative.  A participle or an adjective in another case continues the phrase
  ("эксперты в областях, актуальных для …"); so do numbers, "№" and further schools of an
  enumeration ("МБОУ СОШ №3, 8, 21, лицей № 2, «Радуга»").
* Abbreviations printed side by side are separate executors ("ЦОКО ИРО МОУО ОО"),
  except a sequence the order's definitions or the glossary know as one name ("ФИС ОКО",
  "ГАУ ДПО ИРО") and a legal form with what it qualifies ("МАУ ИМЦ", "МАОУ СОШ № 4").
  One abbreviation right after a role noun is its dependent ("кураторы ОО").
* Inside a worded phrase a new noun group starts a new executor when it can only be
  nominative ("ДО МАУ ИМЦ муниципальный координатор", "Региональный координатор
  муниципальные координаторы"); a genitive continues it ("Центр экспертизы"), and so does
  a prepositional phrase with its object ("группа по оценке качества школьных программ")
  and a parenthesised note.
* "и" separates two executors when what follows it cannot be coordinated with the
  genitive or prepositional dependent before it and can be nominative ("муниципальные
  координаторы и кураторы ОО" → two; "Управление образования и науки" → one: "науки"
  is a genitive like "образования").

The case analysis is pymorphy2's (``normalize.definitions.word_forms``, cached per word).
Knowledge (glossary, legal forms, school kinds, kind rules) is in ``data/executors.toml``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from normalize.definitions import (
    Group,
    find_definition_spans,
    is_abbreviation,
    is_conjunction,
    is_preposition,
    is_proper,
    lemmas,
    main_pos,
    noun_group,
    tokenize,
    vocabulary,
)
from normalize.nlp import lemma
from normalize.records import Executor
from normalize.text import clean_text

# ----------------------------------------------------------------------------- vocabulary


@lru_cache(maxsize=1)
def kinds() -> tuple[str, ...]:
    """The documented set of executor kinds."""
    return tuple(vocabulary()["kinds"])


@lru_cache(maxsize=1)
def _legal_form() -> re.Pattern[str]:
    return re.compile(vocabulary()["abbreviations"]["legal_form_pattern"])


@lru_cache(maxsize=1)
def _school_kinds() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations as printed, lemmas) of school kinds."""
    items = vocabulary()["abbreviations"]["school_kinds"]
    return (frozenset(k for k in items if is_abbreviation(k)),
            frozenset(k for k in items if not is_abbreviation(k)))


@lru_cache(maxsize=1)
def _drop_notes() -> tuple[str, ...]:
    return tuple(vocabulary()["cleaning"]["drop_notes"])


@lru_cache(maxsize=1)
def _conjunctions() -> tuple[tuple[str, ...], ...]:
    """Conjunctions as word sequences, longest first ("совместно с", "а также", "и")."""
    return tuple(sorted((tuple(c.split()) for c in vocabulary()["cleaning"]["conjunctions"]),
                        key=len, reverse=True))


def _conjunction_at(units: list["_Unit"], i: int) -> int:
    """How many word units from ``i`` form a conjunction joining executors (0: none)."""
    for conj in _conjunctions():
        part = units[i:i + len(conj)]
        if len(part) == len(conj) and all(p.kind == "word" and p.text.lower() == w
                                          for p, w in zip(part, conj)):
            return len(conj)
    return 0


@lru_cache(maxsize=1)
def _locality() -> frozenset[str]:
    return frozenset(vocabulary()["definitions"]["locality"])


def _lemma_key(name: str) -> str:
    """A phrase as its words' most likely lemmas ("Муниципальные координаторы" →
    "муниципальный координатор")."""
    return " ".join(lemma(t.text).replace("ё", "е") if t.kind == "word" else t.text
                    for t in tokenize(name))


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """(entries keyed as printed, entries keyed by lemma phrase)."""
    entries = vocabulary()["glossary"]
    return entries, {_lemma_key(k): v for k, v in entries.items() if not is_abbreviation(k)}


def glossary_entry(name: str) -> dict[str, Any] | None:
    """The glossary's entry for a name: as printed, its capitals ("До" → "ДО"), or its lemmas."""
    printed, by_lemma = _glossary()
    if name in printed:
        return printed[name]
    if _typo_abbreviation(name) and name.upper() in printed:
        return printed[name.upper()]
    return by_lemma.get(_lemma_key(name))


def _typo_abbreviation(word: str) -> bool:
    """A short title-case word that may be an abbreviation typed in lower case ("До")."""
    return 2 <= len(word) <= 6 and word[:1].isupper() and word[1:].islower() and word.isalpha()


# ----------------------------------------------------------------------------- units


@dataclass(slots=True)
class _Unit:
    kind: str  # word, abbr, def, quote, paren, num, no, initial, comma, semi, punct
    text: str
    start: int
    end: int
    nl_before: bool = False
    legal: bool = False  # a legal form ("МАОУ") or a legal form with its name ("МАУ ИМЦ")
    school: bool = False  # names a school ("МАОУ СОШ", "СОШ", "лицей")


def _prepare(raw: str) -> str:
    """Cell text cleaned line by line; line breaks kept (they may separate executors)."""
    raw = re.sub(r"(?<=[а-яёa-z])[-\u00ad]\s*\n\s*(?=[а-яёa-z])", "", raw.replace("\r", ""))
    lines = [clean_text(line) for line in raw.split("\n")]
    return "\n".join(line for line in lines if line)


def _substitute(text: str) -> tuple[str, list[tuple[int, int]], dict[str, str]]:
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


def _units(text: str, def_ranges: list[tuple[int, int]], known: frozenset[str]) -> list[_Unit]:
    """The cell as units: words, abbreviations, definitions, quoted names, notes, punctuation."""
    tokens = tokenize(text)
    units: list[_Unit] = []
    nl = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        rng = next((r for r in def_ranges if r[0] <= tok.start < r[1]), None)
        if rng is not None:
            while i < len(tokens) and tokens[i].start < rng[1]:
                i += 1
            units.append(_Unit("def", text[rng[0]:rng[1]], rng[0], rng[1], nl))
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
                units.append(_Unit("punct", tok.text, tok.start, tok.end, nl))
                nl = False
                i += 1
                continue
            span = text[tok.start:tokens[end - 1].end]
            kind = "paren" if tok.kind == "op" else "quote"
            if kind == "paren" and span[1:-1].strip(" .").lower().startswith(_drop_notes()):
                i = end  # "(выполнено)"
                continue
            units.append(_Unit(kind, span, tok.start, tokens[end - 1].end, nl))
            nl = False
            i = end
            continue
        kind = tok.kind
        if kind == "word":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if is_abbreviation(tok.text):
                kind = "abbr"
            elif _typo_abbreviation(tok.text) and tok.text.upper() in known \
                    and (nxt is None or nxt.kind in ("comma", "semi", "nl")
                         or (nxt.kind == "word" and is_abbreviation(nxt.text))):
                kind = "abbr"  # "До ВРО": the order's ДО typed in lower case
            elif len(tok.text) == 1 and tok.text.isupper() and nxt is not None and nxt.text == ".":
                kind = "initial"  # "Иванова И.И."
        elif kind in ("cq", "cp"):
            kind = "punct"
        if kind == "initial":  # the initial with its dot
            units.append(_Unit(kind, text[tok.start:tokens[i + 1].end], tok.start,
                               tokens[i + 1].end, nl))
            nl = False
            i += 2
            continue
        units.append(_Unit(kind, tok.text, tok.start, tok.end, nl))
        nl = False
        i += 1
    return _merge_abbreviations(units, text, known)


def _merge_abbreviations(units: list[_Unit], text: str, known: frozenset[str]) -> list[_Unit]:
    """Known multi-word abbreviations as one unit; a legal form with the abbreviation or
    quoted name it qualifies as one unit."""
    multi = sorted((tuple(k.split()) for k in known if " " in k and all(
        is_abbreviation(p) for p in k.split())), key=len, reverse=True)
    school_abbr, school_lemmas = _school_kinds()
    out: list[_Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if u.kind == "abbr":
            for seq in multi:
                part = units[i:i + len(seq)]
                if len(part) == len(seq) and all(p.kind == "abbr" and p.text == s
                                                  for p, s in zip(part, seq)) \
                        and not any(p.nl_before for p in part[1:]):
                    out.append(_Unit("abbr", text[u.start:part[-1].end], u.start, part[-1].end,
                                     u.nl_before, legal=True))
                    i += len(seq)
                    break
            else:
                legal = bool(_legal_form().match(u.text))
                school = u.text in school_abbr
                nxt = units[i + 1] if i + 1 < len(units) else None
                quote_at = next((k for k in range(i + 1, min(i + 5, len(units)))
                                 if units[k].kind != "abbr" or units[k].nl_before), None)
                if legal and quote_at is not None and quote_at > i + 1 \
                        and units[quote_at].kind == "quote" and not units[quote_at].nl_before:
                    # "ГАУ ДПО РБ «БРИОП»": the legal form, its qualifiers and the name
                    last = units[quote_at]
                    out.append(_Unit("abbr", text[u.start:last.end], u.start, last.end,
                                     u.nl_before, legal=True, school="ОУ" in u.text))
                    i = quote_at + 1
                elif legal and nxt is not None and not nxt.nl_before and (
                        nxt.kind in ("abbr", "quote")
                        or (nxt.kind == "word" and lemmas(nxt.text) & school_lemmas)):
                    school = nxt.text in school_abbr or nxt.kind == "word" or (
                        nxt.kind == "quote" and "ОУ" in u.text)
                    out.append(_Unit("abbr", text[u.start:nxt.end], u.start, nxt.end,
                                     u.nl_before, legal=True, school=school))
                    i += 2
                else:
                    out.append(_Unit("abbr", u.text, u.start, u.end, u.nl_before,
                                     legal=legal, school=school))
                    i += 1
            continue
        out.append(u)
        i += 1
    return out


# ----------------------------------------------------------------------------- segmentation


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    kind: str  # phrase (worded), name (abbreviation, definition, quoted name), school
    core_end: int = 0  # end of the name proper (an abbreviation before its notes)
    role: str = "head"  # role of the last noun group: head, dep, obj, adj
    cases: frozenset[str] = frozenset()  # cases the last noun group can have in its role
    after_prep: bool = False
    shared_head: bool = False  # "региональный и муниципальные координаторы": head to come
    abbr_dep: bool = False


def _group_at(units: list[_Unit], i: int) -> Group | None:
    """The noun group starting at word unit ``i`` (None: not a noun group)."""
    words = []
    for u in units[i:i + 8]:
        if u.kind != "word":
            break
        words.append(u.text)
    return noun_group(words) if words else None


def _starts_executor(group: Group | None) -> bool:
    """A noun group that can open a new executor: it can be nominative and has a noun."""
    return group is not None and group.has_noun and "nomn" in group.cases


def _continues(item: _Item, units: list[_Unit], j: int, *, newline: bool) -> bool:
    """After a comma or a line break: does unit ``j`` go on with ``item``?"""
    if j >= len(units):
        return True
    v = units[j]
    school_abbr, school_lemmas = _school_kinds()
    if newline and j > 0 and units[j - 1].kind == "word" \
            and main_pos(units[j - 1].text) in ("ADJF", "PRTF", "PREP", "CONJ", "NUMR"):
        return True  # a line broken inside a phrase
    if item.kind == "school":
        if v.kind in ("num", "no", "quote"):
            return True
        if v.kind == "abbr" and v.text in school_abbr:
            return True
        if v.kind == "word" and lemmas(v.text) & school_lemmas and j + 1 < len(units) \
                and units[j + 1].kind in ("no", "num"):
            return True
    if v.kind in ("num", "no", "initial", "paren", "punct", "semi", "comma"):
        return True
    if v.kind in ("abbr", "def", "quote"):
        return False
    if is_preposition(v.text) or _conjunction_at(units, j):
        return True
    group = _group_at(units, j)
    if group is None:
        return True
    return not _starts_executor(group)


def _coordinated(item: _Item, nxt: Group | None, nxt_unit: _Unit) -> bool:
    """Does the phrase after "и" coordinate inside ``item`` (True) or start an executor?"""
    if nxt_unit.kind in ("abbr", "def", "quote"):
        return item.kind == "phrase" and item.role in ("dep", "obj")
    if nxt is None:
        return True
    if item.kind != "phrase":
        return not _starts_executor(nxt)
    if item.role == "adj":
        return True
    if item.role in ("dep", "obj") and item.cases & nxt.cases:
        return True
    return not _starts_executor(nxt)


def _segments(text: str, units: list[_Unit]) -> list[_Item]:
    """The cell's executors as character spans."""
    items: list[_Item] = []
    cur: _Item | None = None
    school_abbr, _ = _school_kinds()
    locality = _locality()

    def start(u: _Unit, kind: str) -> _Item:
        item = _Item(u.start, u.end, kind, core_end=u.end)
        items.append(item)
        return item

    i = 0
    while i < len(units):
        u = units[i]
        if cur is not None and u.nl_before and not _continues(cur, units, i, newline=True):
            cur = None
        if u.kind == "semi":
            cur = None
            i += 1
            continue
        if u.kind == "comma":
            if cur is not None and not _continues(cur, units, i + 1, newline=False):
                cur = None
            i += 1
            continue
        if u.kind == "punct":
            i += 1
            continue
        if u.kind == "def":
            cur = start(u, "name")
            i += 1
            continue
        if u.kind == "abbr":
            prev = units[i - 1] if i else None
            if cur is not None and cur.kind == "phrase" and not cur.abbr_dep and prev is not None \
                    and prev.kind in ("word", "num") and prev.end == cur.end and not u.legal \
                    and not u.nl_before:
                cur.end, cur.abbr_dep = u.end, True  # "кураторы ОО"
            elif cur is not None and cur.kind == "school" and u.text in school_abbr:
                cur.end = u.end
            else:
                cur = start(u, "school" if u.school else "name")
            i += 1
            continue
        if u.kind == "num" and (cur is None or u.nl_before) and i + 1 < len(units) \
                and units[i + 1].kind == "punct" and units[i + 1].text in ".)":
            cur = None  # a list number: "1. ДО\n2. МОУО"
            i += 2
            continue
        if u.kind in ("quote", "paren", "num", "no", "initial"):
            if cur is None:
                cur = start(u, "name")
            else:
                cur.end = u.end
            i += 1
            continue
        # a word
        word = u.text
        if cur is None:
            group = _group_at(units, i)
            cur = start(u, "phrase")
            i = _take(cur, units, i, group, role="head")
            continue
        conj = _conjunction_at(units, i)
        if conj and (conj > 1 or is_conjunction(word)):
            nxt_unit = units[i + conj] if i + conj < len(units) else None
            if nxt_unit is None:
                i += conj
                continue
            nxt = _group_at(units, i + conj) if nxt_unit.kind == "word" else None
            if _coordinated(cur, nxt, nxt_unit):
                cur.end = units[i + conj - 1].end
                cur.shared_head = cur.role == "adj"
                cur.after_prep = cur.after_prep or is_preposition(units[i + conj - 1].text)
            else:
                cur = None
            i += conj
            continue
        if is_preposition(word):
            cur.end, cur.after_prep = u.end, True
            i += 1
            continue
        if lemmas(word) & locality and not is_preposition(word):
            cur.end = u.end  # "г. Омска", "города Липецка": the place name follows
            cur.role, cur.cases = "dep", frozenset({"gent"})
            i += 1
            continue
        group = _group_at(units, i)
        if cur.kind == "school" and lemmas(word) & _school_kinds()[1]:
            cur.end = u.end  # "…, лицей № 7" inside an enumeration
            i += 1
            continue
        if cur.kind != "phrase":
            if group is not None and "nomn" in group.cases and not is_proper(word):
                cur = start(u, "phrase")
                i = _take(cur, units, i, group, role="head")
            else:
                cur.end = u.end
                i += 1
            continue
        if cur.after_prep:
            cur.after_prep = False
            i = _take(cur, units, i, group, role="obj")
            continue
        if cur.shared_head:
            cur.shared_head = False
            i = _take(cur, units, i, group, role="head")
            continue
        if is_proper(word):
            i = _take(cur, units, i, group, role="dep")  # "Республики Бурятия"
            continue
        if group is not None and group.has_noun and "nomn" in group.cases \
                and "gent" not in group.cases:
            cur = start(u, "phrase")
            i = _take(cur, units, i, group, role="head")
            continue
        i = _take(cur, units, i, group, role="dep")
    return items


def _take(item: _Item, units: list[_Unit], i: int, group: Group | None, *, role: str) -> int:
    """Add the noun group at ``i`` (or the single word) to ``item``; the next index."""
    n = group.end if group is not None else 1
    item.end = units[i + n - 1].end
    if group is None:
        return i + n
    cases = group.cases
    if not group.has_noun:
        role = "adj" if role != "obj" else role
    if role == "dep":
        cases = (cases & {"gent"}) or cases
    elif role == "obj":
        cases = (cases - {"nomn"}) or cases
    item.role, item.cases = role, cases
    return i + n


# ----------------------------------------------------------------------------- names, kinds


_TRAILING = " ,;:-–—"
_ABBREVIATED_END = re.compile(r"(?:^|[\s.])[А-Яа-яЁёA-Za-z]{1,3}\.$")  # "И.И.", "им.", "г."


def _name(text: str, end: int, start: int) -> str:
    """The span's text as printed, trailing punctuation dropped (not an initial's dot)."""
    name = " ".join(text[start:end].split()).rstrip(_TRAILING)
    while name.endswith(".") and not _ABBREVIATED_END.search(name):
        name = name[:-1].rstrip(_TRAILING)
    return name


def _defined(name: str, definitions: Mapping[str, str]) -> str | None:
    """The order's full name for ``name``: as printed, its capitals, or by lemmas."""
    if name in definitions:
        return definitions[name]
    if _typo_abbreviation(name) and name.upper() in definitions:
        return definitions[name.upper()]
    worded = [k for k in definitions if any(c.islower() for c in k)]
    if worded and not is_abbreviation(name):
        mine = _lemma_sets(name)
        for key in worded:
            theirs = _lemma_sets(key)
            if len(theirs) == len(mine) and all(a & b for a, b in zip(mine, theirs)):
                return definitions[key]
    return None


def _lemma_sets(phrase: str) -> list[frozenset[str]]:
    return [lemmas(t.text) if t.kind == "word" else frozenset({t.text})
            for t in tokenize(phrase)]


def _head_lemmas(text: str | None) -> set[str]:
    """Lemmas of the head noun group of ``text`` (empty when it starts otherwise)."""
    if not text:
        return set()
    words = []
    for tok in tokenize(text):
        if tok.kind != "word" or is_abbreviation(tok.text):
            break
        words.append(tok.text)
    group = noun_group(words) if words else None
    if group is None:
        return set()
    return {lem for w in words[:group.end] for lem in lemmas(w)}


def _quoted(text: str | None) -> str | None:
    m = re.search(r"[«\"“„]([^«»\"“”„]+)", text or "")
    return m.group(1) if m else None


def _all_lemmas(*texts: str | None) -> set[str]:
    out: set[str] = set()
    for text in texts:
        for tok in tokenize(text or ""):
            if tok.kind == "word":
                out |= lemmas(tok.text) | {tok.text.lower()}
    return out


def _match(rule: Mapping[str, Any], found: set[str]) -> bool:
    return bool(found & set(rule["any"])) and set(rule.get("all", ())) <= found


def _authority(found: set[str], territory: set[str]) -> str | None:
    auth = vocabulary()["authority"]
    if not found & set(auth["heads"]):
        return None
    if territory & set(auth["federal"]):
        return auth["federal_kind"]
    if territory & set(auth["municipal"]):
        return "municipal_authority"
    if territory & set(auth["regional"]):
        return "regional_authority"
    return auth["default"]


def kind_by_rules(name: str, full_name: str | None = None) -> str:
    """The kind from lemma rules: the name's head group, a quoted name's head group, the
    full name's head group, then every lemma of both (``kind_rule`` in the data file)."""
    rules = vocabulary()["kind_rule"]
    everything = _all_lemmas(name, full_name)
    scopes = [(_head_lemmas(name), True), (_head_lemmas(_quoted(name) or _quoted(full_name)), True),
              (_head_lemmas(full_name), True), (everything, False)]
    for found, head in scopes:
        if not found:
            continue
        for rule in rules:
            if (head or rule.get("scope") != "head") and _match(rule, found):
                return rule["kind"]
        auth = _authority(found, everything)
        if auth:
            return auth
    return "other"


def kind_of(name: str, full_name: str | None = None, *, defined: bool = False) -> str:
    """An executor's kind: the order's definition read by the rules, else the glossary,
    else the abbreviation patterns, else the lemma rules."""
    if defined:
        by_rules = kind_by_rules(name, full_name)
        if by_rules != "other":
            return by_rules
    entry = glossary_entry(name)
    if entry is not None and entry.get("kind"):
        return entry["kind"]
    if full_name is None and entry is not None:
        full_name = entry.get("full_name")
    if all(is_abbreviation(t.text) for t in tokenize(name) if t.kind == "word"):
        for pat in vocabulary()["abbreviation_kind"]:
            if re.search(pat["pattern"], name):
                return pat["kind"]
    return kind_by_rules(name, full_name)


def _known(definitions: Mapping[str, str]) -> frozenset[str]:
    printed, _ = _glossary()
    return frozenset(k for k in [*definitions, *printed] if is_abbreviation(k))


def split_executors(raw: str | None, *,
                    definitions: Mapping[str, str] | None = None) -> list[Executor]:
    """The executors cell as separate bodies and roles (see the module docstring)."""
    if raw is None or not raw.strip():
        return []
    text = _prepare(raw)
    text, def_ranges, local = _substitute(text)
    given = dict(definitions or {})
    known = _known({**local, **given})
    units = _units(text, def_ranges, known)
    out: list[Executor] = []
    for item in _segments(text, units):
        name = _name(text, item.end, item.start)
        if not name:
            continue
        # the name proper: "ДО" of "ДО, по согласованию"
        core = _name(text, item.core_end, item.start) if item.kind != "phrase" else name
        full = _defined(name, given) or _defined(name, local)
        if full is None and core != name:
            full = _defined(core, given) or _defined(core, local)
        defined = full is not None
        if full is None:
            entry = glossary_entry(name) or (glossary_entry(core) if core != name else None)
            full = entry.get("full_name") if entry else None
        kind = kind_of(name, full, defined=defined)
        if kind == "other" and core != name:
            kind = kind_of(core, full, defined=defined)
        out.append(Executor(name=name, full_name=full, kind=kind))
    return out
