"""The grammar that cuts a cell's units into executors (character spans with their parts).

Read left to right, one pass:

* Semicolons always separate.  A comma or a line break separates only when what follows
  can start a new executor: an abbreviation, a quoted name, a person, or a noun group that
  can be in the nominative.  A participle or an adjective in another case continues the
  phrase («эксперты в областях, актуальных для …», «Органы …, осуществляющие
  государственное управление …»: the participle's object continues too); so do numbers,
  «№», further schools of an enumeration, and a genitive coordinated with the genitive
  before it («Министерство образования, науки и молодежной политики …»).
* Abbreviations side by side are separate executors; one right after a role noun is its
  dependent («кураторы ОО»), and a position takes one organisation («методист МКУ «ИМЦ»»,
  «директор МБОУ СОШ № 3»).
* A person starts an executor, except right after a position that has none yet
  («директор МБОУ СОШ № 3 Иванов И.И.»); a position after a person («Смирнова Е.В.,
  методист МКУ «ИМЦ»», «Иванов И.И. – директор») is that person's.
* Inside a worded phrase a new noun group starts a new executor when it can only be
  nominative; a genitive continues it, so does a prepositional phrase with its object,
  a parenthesised note, and a plural noun after a dash between plural nouns («школы –
  участники проекта»).
* «и» separates two executors when what follows cannot be coordinated with the genitive
  or prepositional dependent before it and can be nominative.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from normalize.morphology import Form
from normalize.definitions import (
    Group,
    is_conjunction,
    is_preposition,
    is_proper,
    lemmas,
    main_pos,
    noun_group,
)
from normalize.executors.units import Unit
from normalize.executors.vocab import (
    body_heads,
    conjunction_at,
    honorific_markers,
    locality,
    positions,
    role_nouns,
    school_kinds,
)

_DASHES = frozenset("-–—")


@dataclass(slots=True)
class Item:
    """One executor's span and what the grammar learnt of it."""

    start: int
    end: int
    kind: str  # phrase (worded), name (abbreviation, definition, quoted name), school, person
    first: int = 0  # index of the item's first unit
    core_end: int = 0  # end of the name proper (an abbreviation before its notes)
    role: str = "head"  # role of the last noun group: head, dep, obj, adj
    cases: frozenset[str] = frozenset()  # cases the last noun group can have in its role
    after_prep: bool = False
    shared_head: bool = False  # "региональный и муниципальные координаторы": head to come
    abbr_dep: bool = False
    plural: bool = False  # the last noun group is plural nominative
    dash: bool = False  # a dash right before the next unit
    person_at: int | None = None  # unit index of the person
    position_at: int | None = None  # unit index where the position starts
    org_at: int | None = None  # unit index where the position's organisation starts
    head_lemmas: frozenset[str] = frozenset()  # lemmas of the phrase's head noun
    head_plural: bool = False  # the head noun is plural («школы», «Органы …»)


def _group_at(units: list[Unit], i: int) -> Group | None:
    """The noun group starting at word unit ``i`` (None: not a noun group)."""
    words = []
    for u in units[i:i + 8]:
        if u.kind != "word":
            break
        words.append(u.text)
    return noun_group(words) if words else None


def _cases(group: Group) -> frozenset[str]:
    """``group.cases``, read through a cache of the head readings (the property builds the set
    on every read; a group's cases are read up to four times)."""
    return _cases_of_heads(group.heads)


@lru_cache(maxsize=16384)  # of a word's readings, as the morphology caches are
def _cases_of_heads(heads: tuple[Form, ...]) -> frozenset[str]:
    """The cases of a noun group's head readings (``Group.cases``)."""
    return frozenset(f.case for f in heads if f.case)


def _starts_executor(group: Group | None) -> bool:
    """A noun group that can open a new executor: it can be nominative and has a noun."""
    return group is not None and group.has_noun and "nomn" in _cases(group)


def _head_of(group: Group | None) -> frozenset[str]:
    return _lemmas_of_heads(group.heads) if group is not None and group.has_noun else frozenset()


@lru_cache(maxsize=16384)  # of a word's readings, as _cases_of_heads
def _lemmas_of_heads(heads: tuple[Form, ...]) -> frozenset[str]:
    """The lemmas of a noun group's head readings."""
    return frozenset(f.lemma for f in heads)


def _is_position(word: str, nouns: frozenset[str]) -> bool:
    return not lemmas(word).isdisjoint(nouns)


def _continues(item: Item, units: list[Unit], j: int, *, newline: bool) -> bool:
    """After a comma or a line break: does unit ``j`` go on with ``item``?"""
    if j >= len(units):
        return True
    v = units[j]
    school_abbr, school_lemmas = school_kinds()
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
    if v.kind == "person":
        return False
    group = _group_at(units, j) if v.kind == "word" else None  # read once, used twice
    if item.kind == "person" and item.position_at is None and v.kind == "word" and any(
            _is_position(units[k].text, role_nouns()) for k in range(
                j, j + (group.end if group is not None else 1))):
        return True  # "Смирнова Е.В., методист …", "…, старший методист …"
    if v.kind in ("num", "no", "initial", "paren", "punct", "semi", "comma"):
        return True
    if v.kind in ("abbr", "def", "quote"):
        return False
    if is_preposition(v.text) or conjunction_at(units, j):
        return True
    if group is None:
        return True
    if item.kind == "phrase" and group.has_noun and "gent" in _cases(group) \
            and not _head_of(group) & body_heads() \
            and (item.role == "dep" and "gent" in item.cases or newline):
        return True  # "образования, науки …"; "Комитет\nобразования …"
    return not _starts_executor(group)


def _coordinated(item: Item, nxt: Group | None, nxt_unit: Unit) -> bool:
    """Does the phrase after "и" coordinate inside ``item`` (True) or start an executor?"""
    if nxt_unit.kind in ("abbr", "def", "quote"):
        return item.kind == "phrase" and item.role in ("dep", "obj")
    if nxt_unit.kind == "person":
        return False
    if nxt is None:
        return True
    if item.kind != "phrase":
        return not _starts_executor(nxt)
    if item.role == "adj":
        return True
    if item.role in ("dep", "obj") and item.cases & _cases(nxt):
        return True
    return not _starts_executor(nxt)


def segments(text: str, units: list[Unit]) -> list[Item]:
    """The cell's executors as spans (see the module docstring)."""
    items: list[Item] = []
    cur: Item | None = None
    school_abbr, _ = school_kinds()

    def start(i: int, kind: str) -> Item:
        u = units[i]
        item = Item(u.start, u.end, kind, i, u.end)  # first, core_end: by position (cheaper than keywords)
        items.append(item)
        return item

    i, n = 0, len(units)
    while i < n:
        u = units[i]
        if cur is not None and u.nl_before and not _continues(cur, units, i, newline=True):
            cur = None
        if cur is not None and u.kind != "punct":
            dash, cur.dash = cur.dash, False
        else:
            dash = False
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
            if cur is not None and u.text in _DASHES:
                cur.dash = True
            i += 1
            continue
        if u.kind == "person" and cur is not None and _after_honorific(units, i):
            cur.end = u.end  # "МАОУ СОШ № 5 им. А.К. Ерохина": part of the name
            i += 1
            continue
        if u.kind == "person":
            if cur is not None and cur.kind == "phrase" and cur.person_at is None and (
                    cur.position_at is not None or cur.head_lemmas & role_nouns()):
                cur.end, cur.person_at = u.end, i  # "директор … Иванов И.И."
                if cur.position_at is None:
                    cur.position_at = cur.first  # "муниципальный координатор Сидорова А.А."
            else:
                cur = start(i, "person")
                cur.person_at = i
            i += 1
            continue
        if u.kind == "def":
            cur = start(i, "name")
            i += 1
            continue
        if u.kind == "abbr":
            i = _abbreviation(cur, units, i, start, school_abbr)
            cur = items[-1] if items else None
            continue
        if u.kind == "num" and (cur is None or u.nl_before) and i + 1 < len(units) \
                and units[i + 1].kind == "punct" and units[i + 1].text in ".)":
            cur = None  # a list number: "1. ДО\n2. МОУО"
            i += 2
            continue
        if u.kind in ("quote", "paren", "num", "no", "initial"):
            if cur is None:
                cur = start(i, "name")
            else:
                if u.kind == "quote" and cur.position_at is not None and cur.org_at is None \
                        and _person_before(cur) and not is_preposition(units[i - 1].text):
                    cur.org_at = i
                cur.end = u.end
            i += 1
            continue
        cur, i = _word(cur, units, i, start, dash)
    return items


def _after_honorific(units: list[Unit], i: int) -> bool:
    """The unit before ``i`` (a dot skipped) is «им.» or «имени»."""
    j = i - 1
    if j >= 0 and units[j].kind == "punct" and units[j].text == ".":
        j -= 1
    return j >= 0 and units[j].kind == "word" and units[j].text.lower() in honorific_markers()


def _person_before(item: Item) -> bool:
    """No person yet, or the person printed before the position («Смирнова Е.В., методист»)."""
    return item.person_at is None or (item.position_at is not None
                                      and item.person_at < item.position_at)


def _abbreviation(cur: Item | None, units: list[Unit], i: int, start, school_abbr) -> int:
    """An abbreviation unit: a dependent, a position's organisation, or a new executor."""
    u = units[i]
    prev = units[i - 1] if i else None
    # right after the current executor's last word, or after its «по УВР» (an abbreviation
    # governed by a preposition)
    adjacent = cur is not None and prev is not None and prev.end == cur.end and (
        prev.kind in ("word", "num")
        or (prev.kind == "abbr" and i >= 2 and is_preposition(units[i - 2].text)))
    if cur is not None and cur.kind == "phrase" and cur.position_at is not None \
            and cur.org_at is None and _person_before(cur) and adjacent and not u.nl_before \
            and not is_preposition(prev.text):
        cur.end, cur.org_at, cur.abbr_dep = u.end, i, True  # "методист МКУ «ИМЦ»"
    elif cur is not None and cur.kind == "phrase" and not cur.abbr_dep and adjacent \
            and not u.legal and not u.nl_before:
        cur.end, cur.abbr_dep = u.end, True  # "кураторы ОО"
    elif cur is not None and cur.kind == "school" and u.text in school_abbr:
        cur.end = u.end
    else:
        start(i, "school" if u.school else "name")
    return i + 1


def _word(cur: Item | None, units: list[Unit], i: int, start, dash: bool) -> tuple[Item, int]:
    """A word unit: a new phrase, or the continuation of the current executor."""
    u = units[i]
    word = u.text
    if cur is None:
        cur = start(i, "phrase")
        return cur, _take(cur, units, i, _group_at(units, i), role="head")
    conj = conjunction_at(units, i)
    if conj and (conj > 1 or is_conjunction(word)):
        nxt_unit = units[i + conj] if i + conj < len(units) else None
        if nxt_unit is None:
            return cur, i + conj
        nxt = _group_at(units, i + conj) if nxt_unit.kind == "word" else None
        if _coordinated(cur, nxt, nxt_unit):
            cur.end = units[i + conj - 1].end
            cur.shared_head = cur.role == "adj"
            cur.after_prep = cur.after_prep or is_preposition(units[i + conj - 1].text)
            return cur, i + conj
        return None, i + conj  # type: ignore[return-value]
    if is_preposition(word):
        cur.end, cur.after_prep = u.end, True
        return cur, i + 1
    if lemmas(word) & locality():
        cur.end = u.end  # "г. Омска", "города Липецка": the place name follows
        cur.role, cur.cases = "dep", frozenset({"gent"})
        return cur, i + 1
    group = _group_at(units, i)
    if cur.kind == "school" and lemmas(word) & school_kinds()[1]:
        cur.end = u.end  # "…, лицей № 7" inside an enumeration
        return cur, i + 1
    if cur.kind == "person" and cur.position_at is None and any(
            _is_position(units[k].text, role_nouns())
            for k in range(i, i + (group.end if group is not None else 1))):
        cur.kind = "phrase"  # "Иванов И.И. – директор", "Смирнова Е.В., методист …"
        return cur, _take(cur, units, i, group, role="head")
    if dash and cur.kind != "phrase" and units[cur.first].kind == "abbr" and _plural_noun(group):
        # "ОО – участники проекта": the plural apposition makes the abbreviation a group
        cur.kind, cur.head_lemmas, cur.head_plural = "phrase", _head_of(group), True
        return cur, _take(cur, units, i, group, role="dep")
    if cur.kind != "phrase":
        if group is not None and "nomn" in _cases(group) and not is_proper(word):
            cur = start(i, "phrase")
            return cur, _take(cur, units, i, group, role="head")
        cur.end = u.end
        return cur, i + 1
    if cur.after_prep:
        cur.after_prep = False
        return cur, _take(cur, units, i, group, role="obj")
    if cur.shared_head:
        cur.shared_head = False
        return cur, _take(cur, units, i, group, role="head")
    if dash and cur.plural and _plural_noun(group):
        return cur, _take(cur, units, i, group, role="dep")  # "школы – участники проекта"
    if is_proper(word):
        return cur, _take(cur, units, i, group, role="dep")  # "Республики Бурятия"
    if group is not None and group.has_noun and "nomn" in (cases := _cases(group)) \
            and "gent" not in cases:
        cur = start(i, "phrase")
        return cur, _take(cur, units, i, group, role="head")
    return cur, _take(cur, units, i, group, role="dep")


def _plural_noun(group: Group | None) -> bool:
    """The noun group is a plural noun in the nominative («участники проекта»)."""
    return group is not None and group.has_noun \
        and any(f.case == "nomn" and f.number == "plur" for f in group.heads)


def _take(item: Item, units: list[Unit], i: int, group: Group | None, *, role: str) -> int:
    """Add the noun group at ``i`` (or the single word) to ``item``; the next index."""
    n = group.end if group is not None else 1
    item.end = units[i + n - 1].end
    if role == "head" and item.position_at is None and item.org_at is None \
            and any(_is_position(units[k].text, positions()) for k in range(i, i + n)):
        item.position_at = i
    if group is None:
        return i + n
    # the numbers of the head's nominative readings, read once for the head and the plural
    nominative = [f.number for f in group.heads if f.case == "nomn"] if group.has_noun else ()
    if role == "head" and group.has_noun:
        item.head_lemmas = _head_of(group)
        item.head_plural = "plur" in nominative and "sing" not in nominative
        if item.position_at is None and item.head_lemmas & role_nouns() and item.person_at is not None:
            item.position_at = i
    cases = _cases(group)
    if not group.has_noun:
        role = "adj" if role != "obj" else role
        if main_pos(units[i].text) == "PRTF" or any(
                f.pos == "PRTF" for f in (group.heads or ())):
            item.after_prep = True  # a participle: its object follows
    item.plural = group.has_noun and "plur" in nominative
    if role == "dep":
        cases = (cases & {"gent"}) or cases
    elif role == "obj":
        cases = (cases - {"nomn"}) or cases
    item.role, item.cases = role, cases
    return i + n
