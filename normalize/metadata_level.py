"""Level (regional, municipal, school), municipality and region, from the issuer first."""
from __future__ import annotations

import re
from collections import Counter

from pymorphy2.analyzer import Parse as _Parse

from normalize.records import Issue
from normalize.regions import RegionMention, find_regions, load_regions
from normalize.metadata_text import (
    _cap_like,
    _fold,
    _head_index,
    _is_adjective,
    _lemma,
    _nominative_phrase,
    _parses,
    _vocab,
    _WORD,
)


# --------------------------------------------------------------------------- level, municipality


def _issuer_parts(issuer: str) -> tuple[str, list[RegionMention]]:
    """The issuer with every region *name* blanked out, and those mentions."""
    names = [m for m in find_regions(issuer) if m.strength == "name"]
    text = issuer
    for m in reversed(names):
        text = text[: m.start] + " " * (m.end - m.start) + text[m.end:]
    return text, names


def _has_phrase(lemmas: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(lemmas[i:i + n]) == phrase for i in range(len(lemmas) - n + 1))


def classify_level(issuer: str | None, title_text: str = "") -> str | None:
    """regional | municipal | school, from the issuer's own words, else the title's."""
    v = _vocab()
    if issuer:
        words = _WORD.findall(issuer)
        head = _head_index(words, nominative=True)
        lemmas = [_lemma(w) for w in words]
        head_lemma = lemmas[head] if head is not None else None
        if words and (words[0] in v.legal_forms):
            return "school"
        if head_lemma in v.school_heads and (
            head_lemma in v.school_words or any(lm in v.school_words for lm in lemmas)
        ):
            return "school"
        rest, names = _issuer_parts(issuer)
        rest_words = [_lemma(w) for w in _WORD.findall(rest)]
        if any(_has_phrase(rest_words, p) for p in v.regional_phrases):
            return "regional"
        rest_lemmas = set(rest_words) | {_fold(w) for w in _WORD.findall(rest)}
        if rest_lemmas & v.municipal:
            return "municipal"
        if names or head_lemma in v.regional_heads or rest_lemmas & v.regional_units:
            return "regional"
    lemmas = {_lemma(w) for w in _WORD.findall(title_text)}
    if lemmas & v.title_municipal:
        return "municipal"
    if lemmas & v.title_regional:
        return "regional"
    return None


def _city_nominative(text: str) -> str:
    """The city named at the start of ``text`` ("Омска …", "Ростова-на-Дону …"), nominative."""
    for m in find_regions(text):
        if m.start == 0 and m.strength in ("centre", "name"):
            region = next(r for r in load_regions() if r.name == m.region)
            return region.centre if m.strength == "centre" and region.centre else region.name
        break
    # its words: capitalised, separated by spaces only, before a region's name (at most three:
    # "Нижнего Тагила", "Заречного Пензенской области")
    stop = min((m.start for m in find_regions(text) if m.start > 0), default=len(text))
    words: list[str] = []
    end = 0
    for w in _WORD.finditer(text):
        if w.start() >= stop or not w.group()[:1].isupper() or len(words) == 3 \
                or (words and text[end:w.start()].strip()):
            break
        words.append(w.group())
        end = w.end()
    if not words:
        return _WORD.match(text).group()
    noun = _city_word(words[-1], None)
    gender = next((g for g in ("masc", "femn", "neut") if noun and g in noun.tag), None)
    return " ".join(_cap_like(p.word, w) if (p := _city_word(w, gender)) else w
                    for w in words[:-1]) + " " * (len(words) > 1) + (
        _cap_like(noun.word, words[-1]) if noun else words[-1])


def _city_word(word: str, gender: str | None) -> _Parse | None:
    """One word of a city's name in the nominative (a place noun preferred; an adjective
    agreeing with the noun's ``gender``)."""
    parses = _parses(word)
    geo = [p for p in parses if "Geox" in p.tag] or parses
    if not geo:
        return None
    if any("nomn" in p.tag for p in geo):  # already nominative («Великие Луки», «Сочи»)
        return next(p for p in geo if "nomn" in p.tag)
    wanted = {"nomn", gender} if gender and "ADJF" in geo[0].tag else {"nomn"}
    return _Parse.inflect(geo[0], wanted) or _Parse.inflect(geo[0], {"nomn"})


def find_municipality(issuer: str) -> str | None:
    """The municipality a municipal issuer belongs to, nominative, as the gold writes it."""
    v = _vocab()
    rest, _ = _issuer_parts(issuer)
    toks = list(_WORD.finditer(rest))
    # 1. "муниципального образования «Город Омск»": the quoted official name.
    for m in toks:
        if _lemma(m.group()) in v.quoted_after:
            q = re.match(r"\s*[«\"]([^»\"]+)[»\"]", rest[m.end():])
            if q:
                name = q.group(1).strip()
                return name[:1].upper() + name[1:]
    # 2. "<adjectives> муниципального округа / района / поселения", or a type adjective
    #    and the name after the noun ("городского округа Тольятти").
    for k, m in enumerate(toks):
        if _lemma(m.group()) not in v.unit_nouns or not any("gent" in p.tag for p in _parses(m.group())):
            continue
        start = k
        while start > 0 and _is_adjective(toks[start - 1].group(), "gent") \
                and _JOIN_OK.fullmatch(rest, toks[start - 1].end(), toks[start].start()):
            start -= 1
        if start == k:
            continue
        words = _nominative_phrase([t.group() for t in toks[start:k + 1]])
        if all(_lemma(w) in v.type_adjectives for w in words[:-1]):
            after = re.match(r"\s+([А-ЯЁ][\w\-]*(?:\s+[А-ЯЁ][\w\-]*)?)", rest[m.end():])
            if after is None:
                continue
            words.append(after.group(1))
        phrase = " ".join(words)
        return phrase[:1].upper() + phrase[1:]
    # 3. "города Омска", "г. Липецка" → "Город Омск".
    for k, m in enumerate(toks[:-1]):
        if _fold(m.group()) in v.city_words or _lemma(m.group()) in v.city_words:
            nxt = toks[k + 1]
            if nxt.group()[:1].isupper():
                return v.city_format.format(_city_nominative(rest[nxt.start():]))
    return None


_JOIN_OK = re.compile(r"[ \t\-]+")


# --------------------------------------------------------------------------- region


def _most_common_region(mentions: list[RegionMention]) -> tuple[RegionMention | None, bool]:
    """The most frequent region among ``mentions`` (first mention on a tie) and whether it tied."""
    if not mentions:
        return None, False
    counts = Counter(m.region for m in mentions)
    ranked = counts.most_common()
    best = ranked[0][1]
    tied = [r for r, c in ranked if c == best]
    first = next(m for m in mentions if m.region in tied)
    return first, len(tied) > 1


def choose_region(issuer: str | None, text: str, table_text: str) -> tuple[RegionMention | None, list[Issue]]:
    """The order's region: the issuer's, else the text's, else the tables'; names before cues."""
    texts = {"issuer": issuer or "", "text": text, "tables": table_text}
    found: dict[str, list[RegionMention]] = {}

    def mentions(source: str) -> list[RegionMention]:
        """The source's mentions, searched when a tier first needs them (the tables seldom)."""
        if source not in found:
            found[source] = find_regions(texts[source]) if texts[source] else []
        return found[source]

    tiers = [("issuer", "name"), ("issuer", "centre"), ("text", "name"), ("tables", "name"),
             ("issuer", "adjective"), ("text", "adjective"), ("tables", "adjective"),
             ("text", "centre"), ("tables", "centre")]
    issues: list[Issue] = []
    for source, strength in tiers:
        ms = [m for m in mentions(source) if m.strength == strength]
        pick, tied = _most_common_region(ms)
        if pick is None:
            continue
        if tied:
            names = sorted({m.region for m in ms})
            issues.append(Issue("region_ambiguous",
                                f"{source} names several regions equally often ({strength}): {', '.join(names)}"))
        elif source == "issuer":
            others = {m.region for m in mentions("text") if m.strength == "name"}
            if others and pick.region not in others:
                issues.append(Issue("region_conflict",
                                    f"issuer names {pick.region}, the text only {', '.join(sorted(others))}"))
        return pick, issues
    return None, [Issue("region_not_found", "no subject of the Russian Federation is named anywhere")]
