"""The stop-8 speed-ups of the metadata readers give what the plain code gives.

``regions.find_regions`` searches the folded text for the words a name starts with (one regex
trie) and reads each mention from a window of words; the reference walks every word
(``_find_by_words``).  ``metadata_text.clean_all`` tests all table texts for cleanliness in one
joined string; the reference cleans each.  Inputs: the samples' lines and cells (and their
joined texts), synthetic-corpus variants of the seeds, made-up titles and letterheads with
every form, alias, adjective and centre of every region in ``regions.toml``, edge cases.
"""
from __future__ import annotations

import random
import sys
import tomllib
from pathlib import Path

import pytest

from extract.docx import read_docx
from normalize import regions
from normalize.metadata_text import _SEP, clean_all
from normalize.text import clean_again, clean_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.docx"))


def _synthetic_texts(copies: int = 4) -> list[str]:
    """Seed texts and cells varied as the synthetic corpus varies them."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic_corpus as corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    keys = sorted(corpus.samples.load_layouts())
    seeds = [corpus.samples.load_seed(k) for k in keys]
    pool = [row for s in seeds for row in s.rows]
    out = []
    for i in range(copies * len(seeds)):
        variant = corpus.varied_seed(seeds[i % len(seeds)], pool, random.Random(f"8:{i}"))
        out += [variant.text, *variant.text.splitlines()]
        out += [row[f] for row in variant.rows for f in corpus.TEXT_FIELDS if row.get(f)]
    return out


def _made_up() -> list[str]:
    """Titles, letterheads and stamps naming every region by each of its spellings, in every
    print case, with city prefixes, second names after dashes and brackets, and near misses."""
    with regions.DATA.open("rb") as fh:
        data = tomllib.load(fh)["region"]
    rng = random.Random(8)
    frames = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ {}", "Департамент образования {}\nПРИКАЗ", "Об утверждении плана {} на 2022 год",
              "г. {}, ул. Ленина", "города {}", "{}-Кузбасса", "({})", "«{}»", "Приложение к приказу {} от 01.02.2022 № 5",
              "{} – Кузбасс", "{} (Якутия)", "{}ский район", "пред{}", "{}\n\nМуниципальное образование", "{}, {}"]
    names = []
    for r in data:
        for key in ("forms", "tail_forms", "aliases", "adjectives", "centre_forms"):
            names += r.get(key, [])
        names += [f"{f} — {t}" for f in r["forms"][:2] for t in r.get("tail_forms", [])[:2]]
    out = []
    for name in names:
        for variant in (name, name.upper(), name.lower(), name.replace("е", "ё"), name.replace(" ", "\n")):
            frame = rng.choice(frames)
            out.append(frame.format(variant, rng.choice(names)))
    out += ["", " ", "—", "а", "ОМСК", "г.Омск,", "Ёлкино-Омск (Якутия)", "İSTANBUL Омск", "\u212aемерово Омск",
            "Республики Саха (Якутия)", "Кемеровской области-Кузбассе", "Кемеровской области – Кузбасса",
            "Ханты-Мансийского автономного округа – Югры", "ХМАО", "хмао", "г.Москва", "город Москва", "Москвы"]
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    docs = [read_docx(path) for path in SAMPLES]
    raw = [b.text for d in docs for b in d.blocks] + [c.text for d in docs for t in d.tables for c in t.cells]
    out = raw + [clean_text(t) for t in raw]
    out += ["\n".join(clean_text(b.text) for b in d.blocks) for d in docs]
    out += ["\n".join(clean_text(c.text) for t in d.tables for c in t.cells) for d in docs]
    return out + _synthetic_texts() + _made_up()


def test_region_search_matches_the_word_walk(texts):
    """Every mention (region, spelling, bounds, strength, form) as walking every word finds it."""
    found = 0
    for text in texts:
        fast = regions._find_cached.__wrapped__(text)
        assert fast == regions._find_by_words(text), text
        found += len(fast)
    assert found > 3000  # the made-up texts do name regions


def test_window_covers_the_deepest_name():
    """A mention never reaches past its window: the window takes more words than any name."""
    window = regions._window()
    text = "Ханты-Мансийского автономного округа – Югры и ещё слова после"
    assert regions._find_by_words(text)[0].text == "Ханты-Мансийского автономного округа – Югры"
    assert window.match(text).group() == "Ханты-Мансийского автономного округа – Югры и "  # one word more


def _clean_reference(texts: list[str]) -> list[str]:
    return [clean_again(t) for t in texts if t and t.strip()]


def test_clean_all_matches_cleaning_each(texts):
    """The one-go test keeps exactly the texts cleaning each would keep, as cleaning gives them."""
    rng = random.Random(3)
    cleaned = [clean_text(t) for t in texts]
    odd = ["", " ", "a ", " a", "a  b", "a\nb", "a\u00a0b", "<b>x</b>", "a & b", "a | b", _SEP, f"a {_SEP}",
           f"{_SEP} a", f"a{_SEP}b", "\t", "\u00ad", "x"]
    batches = [cleaned[i:i + 50] for i in range(0, len(cleaned), 50)]
    batches += [rng.sample(cleaned, 20) + [rng.choice(odd)] for _ in range(300)]
    batches += [[o, p] for o in odd for p in odd] + [[], texts[:200]]
    for batch in batches:
        assert clean_all(batch) == _clean_reference(batch), batch


def test_case_vocabulary_matches_each_text_alone():
    """The vocabulary reading its folded texts by bounds in the joined fold finds what folding
    each text alone finds, on synthetic orders' lines and cells, asked about every word of
    their first lines with its neighbours, with none and with an unknown one."""
    from normalize.metadata_case import CaseVocab
    from normalize.metadata_text import _fold
    from tests.test_fast_paths_assembly import _reference_occurrences

    texts = [clean_text(t) for t in _synthetic_texts(copies=1)]
    texts = [t for t in texts if t]
    groups = [texts[i:i + 120] + ["İSTANBUL ОБЛАСТИ", "ΣΟΦΙΑ", "а\0б"] for i in range(0, len(texts), 120)]
    asked = hits = 0
    for group in groups:
        vocab = CaseVocab(group)
        for text in group[:30]:
            words = [_fold(w) for w in regions._WORD.findall(text)][:30]
            for k, word in enumerate(words):
                before = words[k - 1] if k else None
                after = words[k + 1] if k + 1 < len(words) else None
                for args in ((word, before, after), (word,), (word, "несуществующее", None)):
                    got = vocab._occurrences(*args)
                    assert got == _reference_occurrences(group, *args), args
                    asked += 1
                    hits += bool(got)
    assert asked > 500 and hits > 100
