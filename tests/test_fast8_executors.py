"""The executors split's fast paths against the reference behaviour they replace, on every
executors cell of the gold (``/work/shared/gold`` and the samples'), the real cells of
``tests/data/real_executors.toml`` and made-up ones, each with several sets of order definitions:

* ``split_executors`` reads the order's definitions without copying them, hands ``_worded`` of
  their keys to ``defined_name`` once per cell, and merges them with the cell's inline ones only
  for an executor with an organisation — against the reference loop (copy, eager merge);
* ``defined_name(…, worded=…)`` against ``defined_name`` computing it itself;
* ``_merge_persons`` returns a cell without initials as it is — against the reference (the
  cell's order read first, every unit tried);
* ``_continues`` reads the noun group after a comma once — against the reference reading it
  again for each use;
* ``_take`` reads the head's nominative numbers once — against the reference reading them for
  the head and again for the plural;
* ``_merge_abbreviations`` looks for a quoted name after a legal form only (the reference looks
  after every abbreviation): covered by the split comparison's units, see
  ``test_units_match_the_reference_merge``.
"""
from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pytest

import importlib
from normalize.definitions import find_definitions
from normalize.executors import _cell, _present, _matching, _glossary_abbreviations, split_executors
from normalize.executors.categories import _worded, category_of, defined_name
from normalize.executors.parties import parts, printed
from normalize.executors.segments import (
    Item,
    _group_at,
    _is_position,
    _starts_executor,
    _head_of,
    segments,
)
from normalize.executors.units import (
    Unit,
    _initials_after_surname,
    _initials_at,
    _capitalised,
    _merge_abbreviations,
    _merge_full_names,
    _merge_persons,
    _merge_territories,
    _person,
    _surname_first,
    cell_units,
)
from normalize.executors.vocab import positions
from normalize.executors.vocab import body_heads, conjunction_at, glossary_entry, role_nouns, school_kinds
from normalize.definitions import is_preposition, main_pos
from normalize.memo import clear_text_caches
from normalize.records import Executor

segments_module = importlib.import_module("normalize.executors.segments")  # not the function
units_module = importlib.import_module("normalize.executors.units")
ROOT = Path(__file__).resolve().parent.parent
GOLD_DIRS = (Path("/work/shared/gold"), ROOT / "samples" / "source" / "gold")

MADE_UP = [
    "ДО МАУ ИМЦ муниципальный координатор",
    "Смирнова Е.В., методист МКУ «ИМЦ»",
    "Иванов И.И. – директор МБОУ СОШ № 3",
    "директор МБОУ СОШ № 3 Иванов И.И.",
    "Н.Е. Иванов К.А. Петрова",
    "Петров В.И. Сидорова Т.К.",
    "Лапина О.Е. Гусев П.Р.",
    "Начальник Департамента И.Б. Грабцевич",
    "Иванова Ирина Петровна, методист ГАУ ДПО ИРО",
    "Ирина Петровна Иванова",
    "МАОУ СОШ № 5 им. А.К. Ерохина",
    "муниципальный координатор Сидорова А.А.",
    "Министерство образования, науки и молодежной политики Нижегородской области",
    "Комитет\nобразования администрации",
    "эксперты в областях, актуальных для школ",
    "Органы местного самоуправления, осуществляющие государственное управление в сфере образования",
    "школы – участники проекта; ОО – участники проекта",
    "региональный и муниципальные координаторы",
    "ДО совместно с МОУО, ИРО, а также кураторы ОО",
    "МО НСО, УО АМО, МОНиМП НО, ФИС ОКО",
    "ГАУ ДПО РБ «БРИОП», МКУ «ИМЦ», ЦОПМКиМКО",
    "До ВРО", "До, школы-участники Проекта 500+",
    "Департамент образования Владимирской области (далее-ДО), ДО",
    "1. ДО\n2. МОУО\n3. ОО",
    "Руководители ОО; заместители директоров по УВР (по согласованию)",
    "Управление образования администрации города Мичуринска, г. Омска",
    "МБОУ СОШ № 1, № 2, лицей № 7, гимназия № 3",
    "Региональный\nкоординатор\nИванов И. И.",
    "Иванов И.И.\nПетрова А.А., руководитель ОО",
    "Кураторы школ и муниципальные координаторы",
    "Центр экспертизы; ТОИПКРО (выполнено)",
    "методист ИМЦ Смирнова Е.В., старший методист ГБУ «РЦОКО» Петров П.П.",
    "«Региональный центр оценки качества образования», I. ДО",
]

MADE_UP_DEFINITIONS = [
    {},
    {"ДО": "Департамент образования Владимирской области",
     "МАУ ИМЦ": "муниципальное автономное учреждение «Информационно-методический центр»",
     "муниципальный координатор": "координатор проекта в муниципалитете",
     "ИМЦ": "Информационно-методический центр", "МКУ «ИМЦ»": "муниципальное казённое учреждение"},
    {"ОО": "образовательные организации", "школы-участники": "школы проекта 500+",
     "региональные координаторы": "координаторы региона", "ИРО": "Институт развития образования",
     "ГАУ ДПО ИРО": "государственное автономное учреждение", "РЦОКО": "центр оценки"},
]


@lru_cache(maxsize=None)
def _gold_cells() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(executors cell, the definitions of its order) of every gold row."""
    out = []
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.jsonl")):
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
            cells = [c for r in rows for c in (r["activity"], r["period_raw"], r["executors_raw"],
                                               r["indicator"], *r["extra"].values()) if c]
            defined = find_definitions("\n".join(cells))
            out.extend((r["executors_raw"], tuple(defined.items()))
                       for r in rows if r.get("executors_raw"))
    return tuple(out)


@lru_cache(maxsize=None)
def _real_cells() -> tuple[str, ...]:
    """The real cells of ``tests/data/real_executors.toml`` (nobody on the project wrote them)."""
    with (ROOT / "tests" / "data" / "real_executors.toml").open("rb") as fh:
        return tuple(c["raw"] for c in tomllib.load(fh)["cell"])


def _cases() -> list[tuple[str, dict[str, str]]]:
    """Every cell with its own order's definitions, and every cell with each made-up set."""
    gold = _gold_cells()
    cells = sorted({c for c, _ in gold} | set(MADE_UP) | set(_real_cells()))
    out = [(c, dict(d)) for c, d in gold]
    out += [(c, d) for c in cells for d in MADE_UP_DEFINITIONS]
    return out


# ----------------------------------------------------------------------------- references


def _reference_split(raw: str | None, definitions: Mapping[str, str] | None = None) -> list[Executor]:
    """``split_executors`` as it was: the definitions copied, merged eagerly, no ``worded``."""
    if raw is None or not raw.strip():
        return []
    cell = _cell(raw)
    text, local = cell.text, cell.local
    given = dict(definitions or {})
    known = _present(tuple(local), cell.words) | _present(tuple(given), cell.words) \
        | _matching(*_glossary_abbreviations(), cell.words)
    units = cell_units(cell.text, list(cell.def_ranges), known, tokens=cell.tokens)
    items = segments(cell.text, units)
    everything = {**local, **given}

    def defined(name):
        return (defined_name(name, given) if given else None) \
            or (defined_name(name, local) if local else None)
    out = []
    for item in items:
        name = printed(text, item.end, item.start)
        if not name:
            continue
        core = name if item.kind == "phrase" or item.core_end == item.end \
            else printed(text, item.core_end, item.start)
        full = defined(name)
        if full is None and core != name:
            full = defined(core)
        is_defined = full is not None
        if full is None:
            entry = glossary_entry(name) or (glossary_entry(core) if core != name else None)
            full = entry.get("full_name") if entry else None
        category = category_of(name, full, defined=is_defined)
        if category == "other" and core != name:
            category = category_of(core, full, defined=is_defined)
        part = parts(item, units, text, category, everything)
        if part.kind == "person" and part.organisation and category == "other":
            category = category_of(part.organisation, part.organisation_full_name)
        out.append(Executor(name=name, full_name=full, kind=part.kind, category=category,
                            person=part.person, position=part.position,
                            organisation=part.organisation,
                            organisation_full_name=part.organisation_full_name))
    return out


def _reference_merge_persons(units: list[Unit], text: str) -> list[Unit]:
    """``_merge_persons`` without the no-initial shortcut."""
    order = _surname_first(units)
    if order is None:
        return units
    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        n = _initials_after_surname(units, i) if u.kind == "word" else 0
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


def _reference_continues(item: Item, units: list[Unit], j: int, *, newline: bool) -> bool:
    """``_continues`` as it was: the noun group at ``j`` read for each use."""
    if j >= len(units):
        return True
    v = units[j]
    school_abbr, school_lemmas = school_kinds()
    from normalize.definitions import lemmas
    if newline and j > 0 and units[j - 1].kind == "word" \
            and main_pos(units[j - 1].text) in ("ADJF", "PRTF", "PREP", "CONJ", "NUMR"):
        return True
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
    if item.kind == "person" and item.position_at is None and v.kind == "word" and any(
            _is_position(units[k].text, role_nouns()) for k in range(
                j, j + (_group_at(units, j).end if _group_at(units, j) is not None else 1))):
        return True
    if v.kind in ("num", "no", "initial", "paren", "punct", "semi", "comma"):
        return True
    if v.kind in ("abbr", "def", "quote"):
        return False
    if is_preposition(v.text) or conjunction_at(units, j):
        return True
    group = _group_at(units, j)
    if group is None:
        return True
    if item.kind == "phrase" and group.has_noun and "gent" in group.cases \
            and not _head_of(group) & body_heads() \
            and (item.role == "dep" and "gent" in item.cases or newline):
        return True
    return not _starts_executor(group)


def _reference_take(item: Item, units: list[Unit], i: int, group, *, role: str) -> int:
    """``_take`` as it was: the nominative readings read twice."""
    n = group.end if group is not None else 1
    item.end = units[i + n - 1].end
    if role == "head" and item.position_at is None and item.org_at is None \
            and any(_is_position(units[k].text, positions()) for k in range(i, i + n)):
        item.position_at = i
    if group is None:
        return i + n
    if role == "head" and group.has_noun:
        item.head_lemmas = _head_of(group)
        nominative = [f.number for f in group.heads if f.case == "nomn"]
        item.head_plural = "plur" in nominative and "sing" not in nominative
        if item.position_at is None and item.head_lemmas & role_nouns() and item.person_at is not None:
            item.position_at = i
    cases = group.cases
    if not group.has_noun:
        role = "adj" if role != "obj" else role
        if main_pos(units[i].text) == "PRTF" or any(
                f.pos == "PRTF" for f in (group.heads or ())):
            item.after_prep = True
    item.plural = group.has_noun and any(f.case == "nomn" and f.number == "plur"
                                         for f in group.heads)
    if role == "dep":
        cases = (cases & {"gent"}) or cases
    elif role == "obj":
        cases = (cases - {"nomn"}) or cases
    item.role, item.cases = role, cases
    return i + n


def _reference_merge_abbreviations(units: list[Unit], text: str, known: frozenset[str]) -> list[Unit]:
    """``_merge_abbreviations`` as it was: the quoted name looked for after every abbreviation."""
    from normalize.definitions import is_abbreviation, lemmas
    from normalize.executors.vocab import legal_form, qualifiers
    if "abbr" not in [u.kind for u in units]:
        return units
    multi = sorted((tuple(k.split()) for k in known if " " in k and all(
        is_abbreviation(p) for p in k.split())), key=len, reverse=True)
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
                legal = bool(legal_form().match(u.text))
                school = u.text in school_abbr
                nxt = units[i + 1] if i + 1 < len(units) else None
                quote_at = next((k for k in range(i + 1, min(i + 5, len(units)))
                                 if units[k].kind != "abbr" or units[k].nl_before), None)
                if legal and quote_at is not None and quote_at > i + 1 \
                        and units[quote_at].kind == "quote" and not units[quote_at].nl_before:
                    last = units[quote_at]
                    out.append(Unit("abbr", text[u.start:last.end], u.start, last.end,
                                     u.nl_before, legal=True, school="ОУ" in u.text))
                    i = quote_at + 1
                elif legal and nxt is not None and not nxt.nl_before and (
                        nxt.kind in ("abbr", "quote")
                        or (nxt.kind == "word" and lemmas(nxt.text) & school_lemmas)):
                    j = i + 1
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
                else:
                    out.append(Unit("abbr", u.text, u.start, u.end, u.nl_before,
                                     legal=legal, school=school))
                    i += 1
            continue
        out.append(u)
        i += 1
    return out


def _units_before_persons(raw: str, known: frozenset[str]) -> tuple[list[Unit], str]:
    """The cell's units just before ``_merge_persons``, and its text."""
    cell = _cell(raw)
    merged = _merge_territories(_merge_abbreviations(
        _bare_units(cell), cell.text, known), cell.text)
    return _merge_full_names(merged, cell.text), cell.text


def _bare_units(cell) -> list[Unit]:
    """``cell_units`` with every merge step replaced by the identity."""
    saved = (units_module._merge_abbreviations, units_module._merge_territories,
             units_module._merge_full_names, units_module._merge_persons)
    units_module._merge_abbreviations = lambda u, t, k: u
    units_module._merge_territories = units_module._merge_full_names = \
        units_module._merge_persons = lambda u, t: u
    try:
        return units_module.cell_units(cell.text, list(cell.def_ranges), frozenset(),
                                       tokens=cell.tokens)
    finally:
        (units_module._merge_abbreviations, units_module._merge_territories,
         units_module._merge_full_names, units_module._merge_persons) = saved


# ----------------------------------------------------------------------------- tests


def test_the_cases_cover_the_fast_paths():
    """Enough cells, with people, organisations after a position and worded definitions."""
    cases = _cases()
    assert len(_gold_cells()) >= 150 and len(cases) >= 500
    results = [split_executors(c, definitions=d) for c, d in cases]
    assert sum(1 for r in results for e in r if e.organisation_full_name) >= 5
    assert sum(1 for r in results for e in r if e.person) >= 10
    assert sum(1 for r in results for e in r if e.full_name) >= 100


def test_split_matches_the_reference_split():
    for raw, defined in _cases():
        clear_text_caches()
        expected = _reference_split(raw, defined)
        clear_text_caches()
        assert split_executors(raw, definitions=defined) == expected, raw


def test_defined_name_with_worded_keys_matches():
    names = {e.name for c, d in _cases()[:400] for e in split_executors(c, definitions=d)}
    names |= {e.organisation for c, d in _cases() for e in split_executors(c, definitions=d)
              if e.organisation}
    names |= {"до", "Региональные координаторы", "школы-участники", "муниципальные координаторы"}
    sets = [dict(d) for _, d in _gold_cells()[::17]] + MADE_UP_DEFINITIONS
    for defined in sets:
        worded = _worded(tuple(defined))
        for name in names:
            assert defined_name(name, defined, worded=worded) == defined_name(name, defined), name


def test_merge_persons_shortcut_matches_the_reference():
    seen_initials = 0
    for raw, defined in _cases():
        cell = _cell(raw)
        known = _present(tuple(defined), cell.words) | _matching(*_glossary_abbreviations(), cell.words)
        units, text = _units_before_persons(raw, known)
        if not any(u.kind == "initial" for u in units):
            assert _surname_first(units) is None, raw  # the shortcut's premise
        else:
            seen_initials += 1
        assert _merge_persons(list(units), text) == _reference_merge_persons(list(units), text), raw
    assert seen_initials >= 10


def test_segments_with_the_reference_continues_match(monkeypatch):
    cells = sorted({c for c, _ in _cases()})
    fast = {c: segments(_cell(c).text, _units(c)) for c in cells}
    monkeypatch.setattr(segments_module, "_continues", _reference_continues)
    for c in cells:
        assert segments_module.segments(_cell(c).text, _units(c)) == fast[c], c


def _units(raw: str) -> list[Unit]:
    cell = _cell(raw)
    return cell_units(cell.text, list(cell.def_ranges), frozenset(), tokens=cell.tokens)


def test_segments_with_the_reference_take_match(monkeypatch):
    cells = sorted({c for c, _ in _cases()})
    fast = {c: segments(_cell(c).text, _units(c)) for c in cells}
    monkeypatch.setattr(segments_module, "_take", _reference_take)
    for c in cells:
        assert segments_module.segments(_cell(c).text, _units(c)) == fast[c], c


def test_units_match_the_reference_merge(monkeypatch):
    """Every cell's units, with each set of definitions' known abbreviations."""
    cases = _cases()
    def units_of(raw, defined):
        cell = _cell(raw)
        known = _present(tuple(defined), cell.words) | _matching(*_glossary_abbreviations(), cell.words)
        return cell_units(cell.text, list(cell.def_ranges), known, tokens=cell.tokens)
    fast = [units_of(c, d) for c, d in cases]
    assert sum(1 for units in fast for u in units if u.legal and u.text != u.text.split()[0]) >= 10
    monkeypatch.setattr(units_module, "_merge_abbreviations", _reference_merge_abbreviations)
    assert [units_of(c, d) for c, d in cases] == fast


def test_cached_cases_match_the_group_property():
    """``_cases`` against ``Group.cases`` for the noun group at every word of every cell,
    and of made-up word runs read the cells' ways."""
    cases_of = segments_module._cases
    groups = [g for c in sorted({c for c, _ in _cases()}) for units in [_units(c)]
              for i in range(len(units)) for g in [_group_at(units, i)] if g is not None]
    groups += [g for words in (["региональные", "координаторы"], ["Министерство"],
                               ["образования"], ["муниципальный", "координатор"],
                               ["актуальных"], ["участники", "проекта"], ["школы"])
               for g in [segments_module.noun_group(words)] if g is not None]
    words = [t.text for c in sorted({c for c, _ in _cases()}) for t in _cell(c).tokens
             if t.kind == "word"]
    groups += [g for k in range(len(words)) for n in (1, 2, 3)
               for g in [segments_module.noun_group(words[k:k + n])] if g is not None]
    assert len(groups) >= 500 and len({g.cases for g in groups}) >= 8
    for g in groups:
        assert cases_of(g) == g.cases, g
