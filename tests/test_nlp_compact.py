"""The compact natasha taggers (normalize.nlp_compact) give what the stock ones give."""
from __future__ import annotations

import gzip

import pytest
from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
from natasha.data import NEWS_MORPH, NEWS_NER
from slovnet.exec.pack import Pack, vocab_name
from slovnet.vocab import Vocab

from normalize import nlp, nlp_compact

TEXTS = [
    "МБОУ «Средняя общеобразовательная школа № 3 г. Липецка» провела совещание.",
    "Ижморского муниципального округа Кемеровской области",
    "Провести мониторинг до 01.09.2025 в селе Красное, ответственный — Иванова А. П.",
    "МАОУ СОШ № 12 имени Героя Советского Союза И. И. Петрова, пгт Новый Уренгой",
    "qwertyuiop ёжик в тумане, Москва и Санкт-Петербург, 2025 год",
]


def _words(path: str) -> bytes:
    with Pack(path) as pack:
        return gzip.decompress(pack.read(vocab_name("word")))


def test_compact_vocabulary_gives_every_word_slovnets_id() -> None:
    blob = _words(NEWS_NER)
    stock = Vocab(blob.decode("utf-8").splitlines())
    compact = nlp_compact.CompactVocab(blob)
    assert len(compact) == len(stock.items) > 200_000
    assert (compact.unk_id, compact.pad_id) == (stock.unk_id, stock.pad_id)
    assert all(compact.encode(word) == stock.encode(word) for word in stock.items)
    for unknown in ("несуществующееслово", "", "Москва", "\udc80", "a\nb"):
        assert compact.encode(unknown) == stock.encode(unknown)
    assert compact.decode(stock.encode("москва")) == "москва"


def test_a_repeated_word_gets_its_last_line_as_in_slovnets_dict() -> None:
    compact = nlp_compact.CompactVocab("<unk>\nа\nб\nа\n<pad>".encode())
    stock = Vocab(["<unk>", "а", "б", "а", "<pad>"])
    assert [compact.encode(w) for w in ("а", "б", "в", "<pad>")] == \
        [stock.encode(w) for w in ("а", "б", "в", "<pad>")] == [3, 2, 0, 4]


@pytest.mark.parametrize("blob", [b"a\rb\nc", b"a\nb\n", "a\u2028b".encode(), b""])
def test_a_list_str_splitlines_would_cut_differently_keeps_slovnets_vocabulary(blob: bytes) -> None:
    assert not nlp_compact.splits_as_lines(blob)
    vocab = nlp_compact._Words({}).get(blob)
    assert isinstance(vocab, Vocab) and vocab.items == blob.decode().splitlines()


def test_both_taggers_share_one_vocabulary_and_navec_has_no_word_list() -> None:
    morph, ner = nlp.morph_tagger(), nlp.ner_tagger()
    assert morph.infer.encoder.words_vocab is ner.infer.encoder.words_vocab
    assert isinstance(ner.infer.encoder.words_vocab, nlp_compact.CompactVocab)
    assert _words(NEWS_MORPH) == _words(NEWS_NER)
    assert nlp._tagger_embedding().vocab is None


def test_compact_taggers_tag_as_the_stock_taggers() -> None:
    emb = NewsEmbedding()
    stock_morph, stock_ner = NewsMorphTagger(emb), NewsNERTagger(emb)
    segmenter = Segmenter()
    for text in TEXTS:
        ours, theirs = Doc(text), Doc(text)
        for doc, morph, ner in ((ours, nlp.morph_tagger(), nlp.ner_tagger()),
                                (theirs, stock_morph, stock_ner)):
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.tag_ner(ner)
        assert [(t.text, t.pos, t.feats) for t in ours.tokens] == \
            [(t.text, t.pos, t.feats) for t in theirs.tokens]
        assert [(s.start, s.stop, s.type) for s in ours.spans] == \
            [(s.start, s.stop, s.type) for s in theirs.spans]
    assert any(s.type == "LOC" for s in ours.spans)  # the comparison saw named places
