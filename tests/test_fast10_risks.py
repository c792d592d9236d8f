"""The round-10 cold-path speed-ups of risks, topics and milestones give what the code they
replace gave.

Each fast path is compared with the plain code or the reference it replaced (kept here) on
every cell of the sample gold (and the shared gold when present: the synthetic corpus draws
its rows from it), the real-cells fixture, ``tests.test_fast6_risks.CORPUS`` and made-up texts
near each shortcut's edge:

* risks: a cell with a risk context word but no digit is not scanned unless its words hold
  some phrase (``_DIGIT``: a decimal digit, what ``int`` reads); words known to say
  nothing are kept in a set (``_QUIET``);
* topics: (rule, group) pairs as bits per word and the rules they meet per bit set, words
  that satisfy no group kept in a set (``_IDLE``);
* milestones: each token filed under the phrase words it is (``_key_patterns``, once per
  spelling) instead of under its heads, the phrases worth trying found from those words in
  the order they are tried (longest first for milestones), and the decision walking that
  list instead of grouping by owner;
* the risk tokenizer reading each word's fields by unpacking.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from normalize import milestones, nlp, risk_topics, risk_vocabulary, risks
from tests.test_fast6_risks import CORPUS as RISK_CORPUS
from tests.test_fast6_risks import _may_name
from tests.test_fast7_fields import _phrases_by_lemma, _word_signal
from tests.test_fast9_rows import _reference_risk_tokens
from tests.test_fast_paths import TEXTS

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIRS = (ROOT / "samples" / "source" / "gold", Path("/work/shared/gold"))


def _gold_cells() -> list[str]:
    """Every text field of every gold row (the sample gold; the shared copy too when present)."""
    out, seen = [], set()
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
            if path.name in seen:
                continue
            seen.add(path.name)
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out += [v for v in json.loads(line).values() if isinstance(v, str) and v.strip()]
    return out


def _made_up() -> list[str]:
    """Context words with and without digits of every kind, next to phrases and cut ones."""
    rng = random.Random(10)
    # digits int() reads (a lone "²" or "①" after a context word makes the number reader
    # raise, before round 10 as after: reported, not changed here); the others after a word
    digits = ["2", "10", "٣", "１", "", "м² 5", "5 м³", "для ① и ⑵"]
    context = ["риск", "рисковые направления", "РИСКОВОГО профиля", "рисков профилей школ"]
    phrases = [p for d in risks.load_risk_taxonomy() for p in (d.wording, *d.key_phrases, *d.variants)]
    out = []
    for _ in range(600):
        phrase = rng.choice(phrases)
        words = phrase.split()
        cut = " ".join(words[: max(1, len(words) - 1)])
        out.append(f"{rng.choice(context)} {rng.choice(digits)} {rng.choice(['', '– ', '№', 'и 5'])}"
                   f"{rng.choice([phrase, cut, 'семинар для учителей', ''])}")
    return out


def _milestone_texts() -> list[str]:
    """Every milestone's and kind's phrases as printed, alone, paired and after a head."""
    tax = milestones._taxonomy()
    out = []
    for m in tax["milestone"]:
        phrases = [*m["phrases"], *m.get("exclude", [])]
        out += phrases
        out += [f"Организация работы: {a}; {b}" for a, b in zip(phrases, reversed(phrases))]
    for k in tax["kind"]:
        for head in k.get("heads", []):
            out += [f"{head} {m['phrases'][0]}" for m in tax["milestone"][::3]]
        out += [f"Проведение работы: {p}" for p in k["phrases"]]
    return out


CORPUS = list(dict.fromkeys([*TEXTS, *_gold_cells(), *RISK_CORPUS, *_made_up(), *_milestone_texts()]))


def test_the_corpus_is_large():
    assert len(CORPUS) > 2000


# --------------------------------------------------------------------------- risks


def test_digit_class_is_what_str_isdecimal_accepts():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(risks._DIGIT.match(char)) == char.isdecimal(), hex(code)


def test_a_digit_int_refuses_is_no_direction_number():
    """«²», «①» are digits to ``str.isdigit`` but no number to ``int``: after a risk context
    word they are no direction (they raised ValueError before); decimal digits of any script are."""
    assert risks.find_risk_directions(["риски ²"])[0] == []
    assert risks.find_risk_directions(["рисковые направления ① и ②"])[0] == []
    assert risks.find_risk_directions(["рисковые направления 2 и 5"])[0] == [2, 5]
    assert risks.find_risk_directions(["рисковые направления ٢ и ٥"])[0] == [2, 5]


def _reference_may_name(words) -> bool:
    """risks._may_name before round 10 (any risk context word lets the text through)."""
    present: set[str] = set()
    for signal in map(_word_signal, set(words)):
        if signal is None:
            return True
        present |= signal
    by_lemma = _phrases_by_lemma()
    return any(p <= present for lem in present for p in by_lemma.get(lem, ()))


def test_explicit_equals_the_scan_of_every_text():
    """_explicit (quiet words, numbers after a context, phrases first) = tokenizing and
    scanning every text; the number rule turns away texts the old filter let through."""
    hits = turned_away = 0
    for text in CORPUS:
        for method in (None, "section"):
            expected = risks._scan_explicit(text, method)
            assert risks._explicit.__wrapped__(text, method) == expected, (text, method)
            hits += bool(expected)
        words = nlp.words(text)
        assert _may_name(words) == _reference_may_name(words), text
        turned_away += _reference_may_name(words) and not _may_name(words, text)
    assert hits > 800 and turned_away > 100
    assert risks._QUIET and all(_word_signal(w) == frozenset() for w in risks._QUIET)


def _number_texts() -> list[str]:
    """Context words, nouns, signs, marks and numbers in every order, a few tokens each."""
    rng = random.Random(13)
    pieces = ["риск", "рисковых", "рисков", "Рисковое", "направлений", "направленности", "профилю",
              "номер", "профиль", "школы", "№", ":", "-", "–", "—", ",", ";", "и", "«", "\"", "“", "„",
              "(", ".", "2", "5", "10", "11", "٣", "3.03", "1,5", "Пониженный", "уровень", "оо", "%"]
    out = []
    for _ in range(6000):
        parts = rng.choices(pieces, k=rng.randint(2, 8))
        out.append(rng.choice([" ", "", "  "]).join(parts) if rng.random() < 0.3 else " ".join(parts))
    return out


def test_numbers_may_follow_wherever_a_number_or_dash_hit_stands():
    """_numbers_may_follow is a superset of the number and dash readers (no wording), and
    turns texts away."""
    hits = turned_away = 0
    for text in [*CORPUS, *_number_texts()]:
        tokens = risk_vocabulary._tokens.__wrapped__(text)
        try:
            found = risks._number_hits(text, tokens) + risks._dash_hits(text, tokens, [])
        except ValueError:  # int() of a lone "²": the reader's own failure, as before
            continue
        may = risks._numbers_may_follow(text)
        assert may or not found, text
        hits += bool(found)
        turned_away += not may and any(t.context for t in tokens) and risks._DIGIT.search(text) is not None
    assert hits > 500 and turned_away > 500, (hits, turned_away)


# --------------------------------------------------------------------------- topics


def _stems(words) -> frozenset[str]:
    return frozenset().union(*map(risk_vocabulary._word_stems, set(words)))


def _may_meet(words: tuple[str, ...]) -> bool:
    """Whether some rule has a stem in each of its groups among these words: the test
    ``risk_topics._topic_spans`` asks of a text's signals, of the signals of these words (was
    ``risk_topics._may_meet``, kept in the module for this test alone until round 13)."""
    met = risk_vocabulary._word_set_signals(words).bits
    return bool(met) and bool(risk_topics._rules_met(met))


def test_may_meet_and_rules_met_equal_the_candidate_rules():
    rng = random.Random(12)
    word_lists = [list(nlp.words(t)) for t in CORPUS]
    vocabulary = sorted({w for words in word_lists for w in words})
    word_lists += [rng.sample(vocabulary, rng.randint(0, 12)) for _ in range(2000)]
    met = 0
    for words in word_lists:
        expected = risk_topics._candidate_rules(_stems(words))
        assert _may_meet(tuple(words)) == bool(expected), words
        bits = 0
        for word in words:
            bits |= risk_topics._word_bits(word)
        assert list(risk_topics._rules_met(bits)) == expected, words
        met += bool(expected)
    assert 300 < met < len(word_lists) - 300
    assert risk_topics._IDLE and not any(risk_topics._word_bits(w) for w in risk_topics._IDLE)


def _plain_topic_spans(text: str) -> tuple[tuple[int, bool, int, int], ...]:
    """Every topic rule tried on every token (no prefilter, no candidate rules)."""
    tokens = _reference_risk_tokens(text)
    stems = [t.stems for t in tokens]
    words = [t.text[:1].isalpha() for t in tokens]
    out = []
    for rule in risk_vocabulary._topic_rules():
        for a, b in risk_topics._rule_hits(stems, words, rule):
            out.append((rule.code, rule.fallback, tokens[a].start, tokens[b].end))
    return tuple(out)


def test_topic_spans_equal_every_rule_on_every_text():
    found = 0
    for text in CORPUS:
        expected = _plain_topic_spans(text)
        assert risk_topics._topic_spans.__wrapped__(text) == expected, text
        found += bool(expected)
    assert found > 500


def test_risk_tokens_equal_the_reference():
    for text in CORPUS:
        assert risk_vocabulary._tokens.__wrapped__(text) == _reference_risk_tokens(text), text


# --------------------------------------------------------------------------- milestones


def _vocabulary() -> list[str]:
    return sorted({w for index in milestones._indexes() for _, p, _ in index.entries for w in p})


def test_key_patterns_are_the_phrase_words_a_key_is_same_as():
    """_key_patterns (words filed under the key's heads) = every phrase word tried with _same,
    on the keys of every corpus word, the phrase words themselves, their prefixes and
    hyphenated compounds."""
    vocab = _vocabulary()
    keys = {milestones._key(w) for text in CORPUS for w in nlp.words(text)}
    keys |= set(vocab) | {w[:n] for w in vocab for n in range(4, len(w))}
    keys |= {f"{a}-{b}" for a, b in zip(vocab, vocab[7:] + vocab[:7])} | {f"школа-{w}" for w in vocab}
    matched = 0
    for key in keys:
        expected = {p for p in vocab if milestones._same(key, p)}
        got = milestones._key_patterns(key)
        assert len(got) == len(set(got)) and set(got) == expected, key
        matched += bool(expected)
    assert matched > 800


def test_index_files_each_token_under_the_phrase_words_it_is():
    vocab = _vocabulary()
    for text in CORPUS:
        index = milestones._Index.of_text(text)
        tokens = milestones._tokens(text)
        assert index.tokens == tokens, text
        expected = {p: [i for i, t in enumerate(tokens) if milestones._same(t.key, p)] for p in vocab}
        assert index.where == {p: where for p, where in expected.items() if where}, text
        assert index.words == frozenset(index.where)


def _reference_found(index: milestones._PhraseIndex, tokens: milestones._Index, longest_first: bool):
    """The phrases present() offers, in file order or longest first per owner (stable), those
    _find can find."""
    out = []
    for owner, phrases in index.present(tokens.heads).items():
        ordered = sorted(phrases, key=len, reverse=True) if longest_first else phrases
        out += [(owner, p, frozenset(p)) for p in ordered if all(tokens.positions(w) for w in p)]
    return out


def test_found_offers_the_findable_phrases_in_the_order_they_are_tried():
    offered = 0
    for text in CORPUS:
        tokens = milestones._Index.of_text(text)
        for k, index in enumerate(milestones._indexes()):
            got = index.found(tokens.words)
            assert got == _reference_found(index, tokens, longest_first=k == 0), (text, k)
            offered += bool(got)
    assert offered > 1500


def _reference_align(activity: str) -> milestones.Alignment:
    """milestones._align before round 10: heads-based present() and _find on each owner's
    phrases, grouped by owner."""
    tokens = milestones._Index(milestones._tokens(activity))
    tax = milestones._taxonomy()
    gap, within = tax["gap"], tax["head_words"]
    Evidence, show = milestones.Evidence, milestones._show
    phrase_index, exclude_index, kind_index, head_index = milestones._indexes()
    kinds, table = milestones._kind_phrases(), milestones._milestone_phrases()
    veto = None
    for k, heads in head_index.present(tokens.heads).items():
        for head in heads:
            if text := milestones._find(tokens, head, gap, within=within):
                veto = Evidence(show(head), text, f"head:{kinds[k][0].code}")
                break
        if veto:
            break
    evidence: list = [veto] if veto else []
    if veto is None:
        best = None
        excludes = exclude_index.present(tokens.heads)
        for m, phrases in phrase_index.present(tokens.heads).items():
            ms = table[m][0]
            hit = next(((len(p), p, t) for p in sorted(phrases, key=len, reverse=True)
                        if (t := milestones._find(tokens, p, gap))), None)
            if hit is None:
                continue
            vetoed = next((Evidence(show(p), t, f"exclude:{ms.code}")
                           for p in excludes.get(m, ()) if (t := milestones._find(tokens, p, gap))), None)
            if vetoed:
                evidence.append(vetoed)
                continue
            if best is None or hit[0] > best[0]:
                best = (hit[0], ms, Evidence(show(hit[1]), hit[2], "milestone"))
        if best is not None:
            return milestones.Alignment(best[1].code, milestones.FEDERAL_KIND, (best[2],))
    for k, phrases in kind_index.present(tokens.heads).items():
        for phrase in phrases:
            if text := milestones._find(tokens, phrase, gap):
                return milestones.Alignment(None, kinds[k][0].code,
                                            (*evidence, Evidence(show(phrase), text, "kind")))
    return milestones.Alignment(None, milestones.OTHER_KIND, tuple(evidence))


def test_alignment_equals_the_reference_on_every_text():
    aligned = [milestones._align.__wrapped__(text) for text in CORPUS]
    assert aligned == [_reference_align(text) for text in CORPUS]
    assert sum(a.milestone is not None for a in aligned) > 250
    assert sum(a.milestone is None and a.kind != milestones.OTHER_KIND for a in aligned) > 200
    assert sum(any(e.role.startswith("exclude:") for e in a.evidence) for a in aligned) > 20
    assert sum(any(e.role.startswith("head:") for e in a.evidence) for a in aligned) > 20
    # a milestone chosen by a phrase that is not its first one found in file order
    assert any(len(e.phrase.split()) > 1 for a in aligned for e in a.evidence if e.role == "milestone")


def test_positions_of_other_patterns_are_scanned():
    """A pattern outside the taxonomy's phrase words is found by trying every token."""
    index = milestones._Index.of_text("Школы-участники проекта и школа-интернат")
    assert index.positions("школа") == [0, 2]  # "и" is no token
    assert index.positions("проект") == [1]
    assert index.positions("интернат") == [2]
    assert index.positions("нет-такого") == []
