"""natasha's morphology and NER taggers loaded without the parts the taggers never read.

Loaded the stock way (``NewsMorphTagger(NewsEmbedding())``), the three models hold about
200 MiB of a process; most of it is three copies of one 250,000-word vocabulary as Python
strings and dicts (navec's own, read only by navec's ``emb[word]``, and the word vocabulary
of each slovnet model), plus navec's similarity tables (``PQ.precompute``) that a tagger
never uses.  A slovnet tagger reads only navec's quantized vectors (``pq.indexes`` and
``pq.codes``) and maps words to ids with its ``words_vocab.encode``.  Here:

* navec is read without its vocabulary and without the similarity tables;
* both taggers share one :class:`CompactVocab` (the two models ship the same word list;
  checked at load, a different list gets its own), a UTF-8 blob with sorted hashes instead
  of 250,000 ``str`` objects in a dict, giving the same id for every word.

The taggers are natasha's own classes, filled by the same steps as ``slovnet.api``'s
``load``, so their output is the stock taggers' (``tests/test_nlp_compact.py`` compares).
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from typing import Any

import numpy as np
from navec import Navec
from navec.meta import Meta as NavecMeta
from navec.pq import PQ
from navec.tar import Tar
from natasha.data import NEWS_EMBEDDING, NEWS_MORPH, NEWS_NER
from natasha.morph.tagger import NewsMorphTagger
from natasha.ner import NewsNERTagger
from slovnet.api import API
from slovnet.const import PAD, SHAPE, TAG, UNK, WORD
from slovnet.exec.encoders import TagEncoder
from slovnet.exec.infer import MorphInfer, NERInfer, TagDecoder
from slovnet.exec.model import NER as NERModel
from slovnet.exec.model import Morph as MorphModel
from slovnet.exec.pack import Pack, bytes_vocab, vocab_name
from slovnet.vocab import Vocab

_BATCH_SIZE = 8  # slovnet's default
# what str.splitlines() also breaks at, UTF-8 encoded
_OTHER_LINE_BREAKS = (b"\r", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e",
                      "\x85".encode(), "\u2028".encode(), "\u2029".encode())


class CompactVocab:
    """slovnet's ``Vocab.encode`` over one UTF-8 blob: word → its line number, else UNK's."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self.digest = hash(blob)
        starts = [0]
        lines = blob.split(b"\n")
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        self.starts = np.array(starts, dtype=np.int64)
        hashes = np.fromiter((hash(line) for line in lines), dtype=np.int64, count=len(lines))
        self.order = np.argsort(hashes, kind="stable").astype(np.int32)
        self.hashes = hashes[self.order]
        self.size = len(lines)
        self.unk_id = self._find(UNK.encode("utf-8"))
        self.pad_id = self._find(PAD.encode("utf-8"))

    def _find(self, word: bytes) -> int | None:
        """The word's id: its last line, as in slovnet's dict (hashes of equal words sort by line)."""
        h = hash(word)
        i = int(np.searchsorted(self.hashes, h))
        found = None
        while i < self.size and self.hashes[i] == h:
            k = int(self.order[i])
            if self.blob[self.starts[k]:self.starts[k + 1] - 1] == word:
                found = k
            i += 1
        return found

    def encode(self, item: str) -> int | None:
        found = self._find(item.encode("utf-8", "surrogatepass"))
        return self.unk_id if found is None else found

    def decode(self, id: int) -> str:
        return self.blob[self.starts[id]:self.starts[id + 1] - 1].decode("utf-8")

    def __len__(self) -> int:
        return self.size


def splits_as_lines(blob: bytes) -> bool:
    """Whether ``blob.split(b"\\n")`` gives the lines slovnet's ``str.splitlines()`` gives."""
    return bool(blob) and not blob.endswith(b"\n") and not any(sep in blob for sep in _OTHER_LINE_BREAKS)


def slim_navec(path: str = NEWS_EMBEDDING) -> Navec:
    """navec with only what a slovnet tagger reads: its id and the quantized vectors."""
    with Tar(path) as tar:
        meta = NavecMeta.from_file(tar.load("meta.json"))
        NavecMeta.check_protocol(meta.protocol)
        file = tar.load("pq.bin")
        vectors, dim, qdim, centroids = np.frombuffer(file.read(16), np.uint32)
        indexes = np.frombuffer(file.read(int(vectors) * int(qdim)), np.uint8).reshape(vectors, qdim)
        codes = np.frombuffer(file.read(), np.float32).reshape(qdim, centroids, -1)
    pq = PQ.__new__(PQ)  # no precompute(): its tables serve navec's sim(), not the taggers
    pq.vectors, pq.dim, pq.qdim, pq.centroids, pq.indexes, pq.codes = \
        vectors, dim, qdim, centroids, indexes, codes
    return Navec(meta, None, pq)


@dataclass
class _Words:
    """Word vocabularies already built, by their blob, so equal lists are held once."""

    built: dict[int, CompactVocab]

    def get(self, blob: bytes) -> CompactVocab | Vocab:
        if not splits_as_lines(blob):  # lines CompactVocab would count differently: slovnet's own
            return bytes_vocab(gzip.compress(blob))
        vocab = self.built.get(hash(blob))
        if vocab is None or vocab.blob != blob:
            vocab = CompactVocab(blob)
            self.built[vocab.digest] = vocab
        return vocab


_WORDS = _Words({})


def _load(tagger_class: type[API], model_class: Any, infer_class: Any, path: str,
          navec: Navec) -> Any:
    """``tagger_class`` filled as ``slovnet.api``'s ``load`` does, with a compact word vocabulary."""
    with Pack(path) as pack:
        meta = pack.load_meta()
        meta.check_protocol()
        model = pack.load_model(model_class)
        arrays = dict(pack.load_arrays(model.weights))
        words = _WORDS.get(gzip.decompress(pack.read(vocab_name(WORD))))
        shapes = pack.load_vocab(SHAPE)
        tags = pack.load_vocab(TAG)
    model = model.inject_arrays(arrays)
    infer = infer_class(model, TagEncoder(words, shapes, _BATCH_SIZE), TagDecoder(tags))
    tagger = tagger_class.__new__(tagger_class)
    API.__init__(tagger, infer, _BATCH_SIZE)
    tagger.navec(navec)
    return tagger


def morph_tagger(navec: Navec, path: str = NEWS_MORPH) -> NewsMorphTagger:
    """natasha's news morphology tagger with a compact word vocabulary."""
    return _load(NewsMorphTagger, MorphModel, MorphInfer, path, navec)


def ner_tagger(navec: Navec, path: str = NEWS_NER) -> NewsNERTagger:
    """natasha's news NER tagger with a compact word vocabulary."""
    return _load(NewsNERTagger, NERModel, NERInfer, path, navec)
