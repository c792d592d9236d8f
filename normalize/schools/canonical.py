"""A school mention's printed pieces put in the gold README's canonical form."""
from __future__ import annotations

import re
from functools import lru_cache

from pymorphy2.analyzer import Parse as _PymorphyParse

from normalize import nlp
from normalize.schools.tokens import _forms, _lemma
from normalize.schools.vocabulary import (
    _LEFT_QUOTES,
    _MAX_NUMBER_DIGITS,
    _NUMBER_SIGN,
    _RIGHT_QUOTES,
    _RU_PIECE,
    _WS,
    KindSpec,
    _yo,
    load_school_vocabulary,
)


# --------------------------------------------------------------------------- canonical form


def _fold(text: str | None) -> str | None:
    return _WS.sub(" ", text).strip() if text else None


def _words(text: str) -> list[str]:
    return _RU_PIECE.findall(_yo(text))


@lru_cache(maxsize=1)
def _kind_index() -> dict[tuple[str, ...], KindSpec]:
    index: dict[tuple[str, ...], KindSpec] = {}
    for k in load_school_vocabulary().kinds:
        for phrase in k.phrases:
            index[tuple(p for p in phrase if p not in "()")] = k
        for abbr in k.abbreviations:
            index[(abbr.upper(),)] = k
    return index


def _normal_forms(word: str) -> frozenset[str]:
    """Every normal form pymorphy2 offers for ``word`` ("Основная" → основный, основной)."""
    if word == "-":
        return frozenset({"-"})
    return frozenset(f.normalized for f in _forms(word)) | {_yo(word.lower())}


@lru_cache(maxsize=1)
def _phrases_by_size() -> dict[int, tuple[tuple[tuple[str, ...], KindSpec], ...]]:
    """``_kind_index``'s phrases and kinds by the phrase's number of words, in its order."""
    out: dict[int, list[tuple[tuple[str, ...], KindSpec]]] = {}
    for phrase, kind in _kind_index().items():
        out.setdefault(len(phrase), []).append((phrase, kind))
    return {size: tuple(found) for size, found in out.items()}


def _phrase_kind(pieces: list[str]) -> KindSpec | None:
    """The kind whose lemma phrase these words spell, in any case."""
    return _kind_of_forms([_normal_forms(p) for p in pieces])


def _kind_of_forms(forms: list[frozenset[str]]) -> KindSpec | None:
    """``_phrase_kind`` of the words whose ``_normal_forms`` these are: the first phrase of
    ``_kind_index`` as long as they whose every lemma is among its word's forms."""
    for phrase, kind in _phrases_by_size().get(len(forms), ()):
        if all(lem in f for lem, f in zip(phrase, forms)):
            return kind
    return None


@lru_cache(maxsize=4096)
def _kind(raw: str | None) -> KindSpec | None:
    """The kind a printed kind phrase names ("средней общеобразовательной школы" → СОШ;
    cached: an order prints the same few kind phrases again and again)."""
    if not raw:
        return None
    pieces = [p for p in _words(raw) if p not in "()"]
    index = _kind_index()
    if len(pieces) == 1 and (pieces[0].upper(),) in index:
        return index[(pieces[0].upper(),)]
    return _phrase_kind(pieces)


def _kind_in_name(name: str) -> KindSpec | None:
    """The kind a quoted name contains ("Покровская СОШ" → СОШ), if any."""
    pieces = [p for p in _words(name) if p not in "()"]
    index = _kind_index()
    forms = [_normal_forms(p) for p in pieces]  # each word's once, not once per chunk
    for size in (4, 3, 2, 1):
        for i in range(len(pieces) - size + 1):
            if size == 1 and pieces[i].isupper() and (pieces[i],) in index:
                return index[(pieces[i],)]
            kind = _kind_of_forms(forms[i : i + size])
            if kind is not None and (size > 1 or kind.standalone):
                return kind
    return None


def _legal(raw: str | None) -> str | None:
    """A legal form's abbreviation ("муниципального бюджетного … учреждения" → "МБОУ")."""
    if not raw:
        return None
    raw = _fold(raw) or ""
    if " " not in raw:
        return raw.upper()
    v = load_school_vocabulary()
    letters = []
    for word in _words(raw):
        lemma = _lemma(word)
        letters.append(v.qualifiers.get(lemma) or v.core.get(lemma) or v.nouns.get(lemma) or "")
    return "".join(letters)


def _inflect(word: str, grams: set[str]) -> str:
    """``word`` put in the given grammemes, case pattern and "е"-for-"ё" kept as printed."""
    return _inflected(word, frozenset(grams))


@lru_cache(maxsize=16384)
def _inflected(word: str, grams: frozenset[str]) -> str:
    """``_inflect``, cached per word and grammemes (pymorphy2's inflection is slow; a single
    word's, like the lemma caches, is the same in every document)."""
    parses = nlp.morph_vocab().parse(word)
    for parse in parses:
        form = _PymorphyParse.inflect(parse, set(grams))
        if form is not None:
            out = form.word
            if "ё" not in word.lower():
                out = _yo(out)
            return _match_case(out, word)
    return word


def _match_case(word: str, model: str) -> str:
    """Give ``word`` the capitalisation of ``model`` (per hyphen-separated part)."""
    parts, models = word.split("-"), model.split("-")
    out = []
    for i, part in enumerate(parts):
        m = models[i] if i < len(models) else models[-1]
        if m.isupper() and len(m) > 1:
            out.append(part.upper())
        elif m[:1].isupper():
            out.append(part[:1].upper() + part[1:])
        else:
            out.append(part)
    return "-".join(out)


def _adjective(raw: str | None, kind: KindSpec | None) -> str | None:
    """An adjective name in the nominative, agreeing with the kind ("Заозерной" → "Заозерная")."""
    if not raw:
        return None
    gender = kind.gender if kind else "femn"
    return _inflect(raw.strip(), {"nomn", "sing", gender})


def _number(raw: str | None) -> str | None:
    if not raw:
        return None
    digits = re.sub(r"\D", "", raw)
    return digits if 0 < len(digits) <= _MAX_NUMBER_DIGITS else None


def _name(raw: str | None) -> str | None:
    """A quoted name without its outer quotes, "№13" spaced as "№ 13"."""
    text = _fold(raw)
    if not text:
        return None
    if text[0] in _LEFT_QUOTES:
        text = text[1:]
        # a closing guillemet may belong to a nested name; any other closing quote is ours
        if text and (text[-1] == "»" and _balance(text) < 0 or text[-1] in _RIGHT_QUOTES[1:]):
            text = text[:-1]
    text = _NUMBER_SIGN.sub("№ ", text).strip()
    return text or None


def _balance(text: str) -> int:
    """Opening minus closing guillemets."""
    return text.count("«") - text.count("»")


def _quoted(name: str) -> str:
    """A name in «», closing any guillemet the order left open."""
    closing = "»" * max(_balance(name), 0)
    return f"«{name}{closing}»"


@lru_cache(maxsize=4096)
def _place_nominative(words: str) -> str | None:
    """A settlement name in the nominative if pymorphy2 (Geox) or natasha's NER knows it as a place."""
    parses = nlp.morph_vocab().parse(words)
    for parse in parses:
        if "Geox" in parse.tag.grammemes:
            form = _PymorphyParse.inflect(parse, {"nomn"})
            if form is not None:
                out = form.word if "ё" in words.lower() else _yo(form.word)
                return _match_case(out, words)
    doc = nlp.analyse(words, ner=True)
    for span in doc.spans:
        if span.type == "LOC":
            span.normalize(nlp.morph_vocab())
            return span.normal
    return None


def _locality(raw: str | None) -> str | None:
    """A locality in canonical form ("г. Липецка" → "г. Липецк"), or None if unconfirmed."""
    text = _fold(raw)
    if not text:
        return None
    v = load_school_vocabulary()
    first = text.split(maxsplit=1)
    if len(first) == 2 and _lemma(first[0]) in v.settlements and len(first[0]) > 3:  # "города Липецка"
        place = _place_nominative(first[1]) or first[1]
        return f"{v.settlements[_lemma(first[0])]} {place}"
    for key in sorted(v.settlements, key=len, reverse=True):
        head = re.match(rf"{re.escape(key)}(?![а-яё])\s*\.?\s*(.+)", text, re.IGNORECASE)
        if head:
            # a place neither pymorphy2 nor natasha knows (a village) stays as printed
            place = _place_nominative(head.group(1)) or head.group(1)
            return f"{v.settlements[key]} {place}"
    parts = text.split()
    if 2 <= len(parts) <= 3 and _lemma(parts[-1]) in v.districts:
        # "Ижморского муниципального округа" → "Ижморский муниципальный округ", if
        # natasha's NER takes it for a place
        doc = nlp.analyse(text, ner=True)
        if any(s.type == "LOC" for s in doc.spans):
            noun = _lemma(parts[-1])
            gender = next((f.grams.values & {"masc", "femn", "neut"} for f in _forms(noun)
                           if "NOUN" in f.grams.values), None) or {"masc"}
            words = [_inflect(w, {"nomn", "sing", *gender}) for w in parts[:-1]]
            return " ".join([*words, v.districts[_lemma(parts[-1])]])
    return None


def _canonical(
    legal: str | None,
    kind: KindSpec | None,
    adjective: str | None,
    number: str | None,
    name: str | None,
    honorific: str | None,
    locality: str | None,
) -> str:
    parts: list[str] = [legal] if legal else []
    if kind is not None and (number or adjective or not name):
        if adjective:
            parts.append(adjective)
        parts.append(kind.canonical)
        if number:
            parts.append(f"№ {number}")
        if name:
            parts.append(_quoted(name))
    elif name:
        parts.append(_quoted(name))
    if honorific:
        parts.append(honorific)
    text = " ".join(parts)
    return f"{text}, {locality}" if locality else text


@lru_cache(maxsize=1)
def _full_name_words() -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas ``nominative_full_name`` puts in the nominative: the nouns (legal-form
    nouns, the last word of each kind phrase), and every legal-form or kind word."""
    v = load_school_vocabulary()
    nouns = set(v.nouns) | {p[-1] for k in v.kinds for p in k.phrases}
    known = set(v.qualifiers) | set(v.core) | nouns | {w for k in v.kinds for p in k.phrases for w in p}
    return frozenset(nouns), frozenset(known)


def nominative_full_name(printed: str) -> str:
    """A printed full name with its legal-form and kind words in the nominative
    ("муниципальном бюджетном общеобразовательном учреждении «…»" → "муниципальное
    бюджетное общеобразовательное учреждение «…»"); the quoted name, a locality and any
    other word stay as printed."""
    nouns, known = _full_name_words()
    cut = min((printed.find(q) for q in _LEFT_QUOTES if q in printed), default=len(printed))
    pieces = re.split(r"([А-Яа-яЁё]+)", printed[:cut])
    lemmas = [_lemma(p) if i % 2 else "" for i, p in enumerate(pieces)]
    out = []
    for i, piece in enumerate(pieces):
        if i % 2 == 0 or lemmas[i] not in known:
            out.append(piece)
        elif lemmas[i] in nouns:
            out.append(_inflect(piece, {"nomn", "sing"}))
        else:
            head = next((lemmas[j] for j in range(i + 2, len(pieces), 2) if lemmas[j] in nouns), None)
            gender = next((f.grams.values & {"masc", "femn", "neut"} for f in _forms(head or "")
                           if "NOUN" in f.grams.values), None) or {"neut"}
            out.append(_inflect(piece, {"nomn", "sing", *gender}))
    return "".join(out) + printed[cut:]
