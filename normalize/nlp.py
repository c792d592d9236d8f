"""natasha / pymorphy2 models, loaded once per process and shared by every field module.

Nothing here downloads anything: natasha ships its models inside its package.  Each
accessor builds its model on first use and caches it, so a worker process pays the load
once however many files it converts.  The taggers are loaded without the parts they never
read (``normalize.nlp_compact``): about 90 MiB instead of 225.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache

from normalize.memo import text_cache

with warnings.catch_warnings():
    # pymorphy2 imports pkg_resources, which warns of its own deprecation: noise for users.
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        Segmenter,
    )
    from navec import Navec

    from normalize import nlp_compact


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    return Segmenter()


@lru_cache(maxsize=1)
def morph_vocab() -> MorphVocab:
    """pymorphy2's analyzer (MorphVocab subclasses it): ``morph_vocab().parse(word)``.

    ``MorphVocab.parse`` is pymorphy2's parse behind natasha's own process-wide
    ``lru_cache(10000)`` keyed on the exact string: every reader calling it (lemmas here,
    ``morphology``, the school grammar's tokens, indicator units, metadata, word breaks)
    shares one parse per spelling, so none needs a parse cache of its own, and a cache in
    front of it emptied per document would only parse again (tests/test_fast12_morph.py).
    Keep calling it, never ``pymorphy2.MorphAnalyzer.parse`` past it: case and "ё" change
    the readings ("И" has an initial's, "и" not), so a caller passes the spelling it means."""
    return MorphVocab()


@lru_cache(maxsize=1)
def embedding() -> NewsEmbedding:
    """navec whole, with its vocabulary and similarity tables (benchmarks; the taggers need less)."""
    return NewsEmbedding()


@lru_cache(maxsize=1)
def _tagger_embedding() -> Navec:
    """navec's quantized vectors only: all a tagger reads (``normalize.nlp_compact``)."""
    return nlp_compact.slim_navec()


@lru_cache(maxsize=1)
def morph_tagger() -> NewsMorphTagger:
    """natasha's morphology tagger, sharing one compact word vocabulary with the NER tagger."""
    return nlp_compact.morph_tagger(_tagger_embedding())


@lru_cache(maxsize=1)
def ner_tagger() -> NewsNERTagger:
    """natasha's NER tagger, sharing one compact word vocabulary with the morphology tagger."""
    return nlp_compact.ner_tagger(_tagger_embedding())


WORD = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")


@text_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The letter words of a cell (a hyphenated compound is one word), in order: read once
    per cell and shared by the risk, topic and milestone readers."""
    return tuple(WORD.findall(text))


def lemma(word: str) -> str:
    """The most likely normal form of one word, lower case (pymorphy2, no context)."""
    return _lemma_of_lower(word.lower())


@lru_cache(maxsize=65536)
def _lemma_of_lower(word: str) -> str:
    """:func:`lemma` of a lower-case word (one pymorphy2 parse per spelling, whatever its case)."""
    parses = morph_vocab().parse(word)
    return parses[0].normal_form if parses else word


@lru_cache(maxsize=65536)
def is_known_word(word: str) -> bool:
    """Whether pymorphy2's dictionary knows ``word`` (no guessing from its ending)."""
    return morph_vocab().word_is_known(word.lower())


def analyse(text: str, *, ner: bool = False) -> Doc:
    """Segment and morph-tag ``text`` (and NER-tag it with ``ner=True``), lemmas filled in."""
    doc = Doc(text)
    doc.segment(segmenter())
    doc.tag_morph(morph_tagger())
    if ner:
        doc.tag_ner(ner_tagger())
    vocab = morph_vocab()
    for token in doc.tokens:
        token.lemmatize(vocab)
    return doc


def warm_up() -> None:
    """Load every model now (called once per worker process by the pipeline)."""
    segmenter(), morph_vocab(), morph_tagger(), ner_tagger()
