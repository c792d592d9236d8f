"""Shared pieces of the metadata readers: the vocabulary of ``data/metadata.toml``,
morphology of body names and line helpers (restoring all-caps names to print case:
``metadata_case``)."""
from __future__ import annotations

from normalize.memo import text_cache

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pymorphy2.analyzer import Parse as _Parse

from normalize.nlp import lemma, morph_vocab
from normalize.text import CleanTexts, clean_again, is_clean

DATA = Path(__file__).parent / "data"

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")
_NOT_LETTER = re.compile(r"[^A-Za-zА-Яа-яЁё]+")  # all but the letters
_NOT_UPPER = re.compile(r"[^A-ZА-ЯЁ]+")  # all but the capitals among them
_SPACED = re.compile(r"(?:[А-ЯЁA-Z]\s+){2,}[А-ЯЁA-Z]")  # "П Р И К А З"
_OPEN_QUOTE = re.compile(r"[«\"„“(]\s*$")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_BREAK_MARKS = ".!?«\"„“("  # the characters _SENTENCE_END and _OPEN_QUOTE end on
_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "абвгдежзийклмнопрстуфхцчшщъыьэюяёАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁ")  # _WORD's


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
    regional_units: frozenset[str]
    regional_phrases: tuple[tuple[str, ...], ...]
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
    year_ignore: tuple[re.Pattern[str], ...]
    rows_min_share: float
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
        regional_units=frozenset(lv["regional_units"]),
        regional_phrases=tuple(tuple(p.split()) for p in lv["regional_phrases"]),
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
        year_ignore=tuple(re.compile(p, ci) for p in yr["ignore"]),
        rows_min_share=float(yr["rows_min_share"]),
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


@lru_cache(maxsize=4096)
def _pick(word: str, *, adj: bool, from_case: str | None) -> _Parse | None:
    """The parse of ``word`` to inflect from: the wanted part of speech and case first
    (cached: a single word's reading, like its lemma)."""
    parses = _parses(word)

    def score(p: _Parse) -> tuple[bool, bool, float]:
        return (("ADJF" in p.tag or "PRTF" in p.tag) == adj,
                from_case is None or from_case in p.tag, p.score)

    return max(parses, key=score) if parses else None


@lru_cache(maxsize=4096)
def _inflected(word: str, adj: bool, from_case: str | None, grams: frozenset[str], case: str) -> str | None:
    """The form of ``word`` (read as :func:`_pick` reads it) with ``grams``, else just in
    ``case``; None if pymorphy2 has neither (cached: pymorphy2 builds the word's whole
    paradigm for each inflection, and an issuer's words recur from order to order)."""
    p = _pick(word, adj=adj, from_case=from_case)
    if p is None:
        return None
    res = _Parse.inflect(p, grams) or _Parse.inflect(p, {case})
    return res.word if res else None


def _inflect_phrase(words: list[str], case: str, *, from_case: str | None = None) -> list[str]:
    """Adjectives + head noun (the last word) put in ``case``, agreeing with the noun; caps kept."""
    noun = _pick(words[-1], adj=False, from_case=from_case)
    number = noun.tag.number if noun is not None else None
    gender = noun.tag.gender if noun is not None else None
    out = []
    for i, w in enumerate(words):
        grams = {case} | ({number} if number else set())
        if i < len(words) - 1:
            if gender and number != "plur":
                grams.add(gender)
            if case == "accs":
                grams.add("inan")
        form = _inflected(w, i < len(words) - 1, from_case, frozenset(grams), case)
        out.append(_cap_like(form, w) if form else w)
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


_SEP = "\u00a4"  # "¤": printable, so joining by it keeps every test of is_clean (rare, too)


def clean_all(texts: Sequence[str] | CleanTexts) -> list[str]:
    """``[clean_again(t) for t in texts if t and t.strip()]``, tested in one go: the texts
    joined by a printable mark are clean with no space next to a mark only when each is
    (texts typed as cleaned already: :meth:`CleanTexts.again`, a cheaper test)."""
    if isinstance(texts, CleanTexts):
        return texts.again()  # a cleaned text is never blank unless ""
    kept = [t for t in texts if t]
    joined = _SEP.join(kept)
    if is_clean(joined) and f"{_SEP} " not in joined and f" {_SEP}" not in joined:
        return kept
    return [clean_again(t) for t in kept if t.strip()]


def _prepare(lines: Sequence[str] | CleanTexts) -> list[str]:
    """Each line cleaned (again) and despaced, the empty ones dropped."""
    out = []
    for line in lines.again() if isinstance(lines, CleanTexts) else map(clean_again, lines):
        text = _despace(line)
        if text:
            out.append(text)
    return out


@text_cache(maxsize=4096)
def _mostly_upper(text: str) -> bool:
    """At least three letters, four in five of them capitals (cached: header lines and cells
    are tested by several readers)."""
    letters = _NOT_LETTER.sub("", text)  # counted without a list of them
    return len(letters) >= 3 and len(_NOT_UPPER.sub("", letters)) / len(letters) >= 0.8


def _starts_body(line: str) -> bool:
    v = _vocab()
    # only the line's first characters can start with an opening: folded alone, they are
    # the folded line's first characters (lower-casing maps each character by itself but a
    # final sigma, which is no letter of an opening either way)
    low = _fold(line[:_body_width()])
    return low.startswith(v.body) or bool(v.numbered.match(line))  # any of the openings


@lru_cache(maxsize=1)
def _body_width() -> int:
    """How many characters of a line :func:`_starts_body` folds: the longest opening's."""
    return max(map(len, _vocab().body), default=0)


def _is_stamp_start(line: str) -> bool:
    """The line opens an appendix or approval stamp (its full form is checked on the joined lines)."""
    v = _vocab()
    return bool(v.stamp_start.match(line))


@lru_cache(maxsize=1)
def _caption_any() -> re.Pattern:
    """The caption patterns as one alternation: a search finds a match where any of them would."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in _vocab().caption), re.IGNORECASE)


def _is_caption(line: str) -> bool:
    """A roadmap caption: a capitalised noun phrase naming the plan near its start."""
    v = _vocab()
    if not line[:1].isupper() and line[:1] not in "«\"":
        return False
    # the caption word first: few lines have one (every test here must pass)
    if not _caption_any().search(line, 0, v.caption_window):
        return False
    if v.title.match(line) or _starts_body(line) or _is_stamp_start(line):
        return False
    first = _WORD.search(line)
    if first is None:
        return False
    best = max(_parses(first.group()), key=lambda p: p.score, default=None)
    return best is None or not ({"INFN", "VERB", "GRND", "PRTS"} & set(best.tag.grammemes))
