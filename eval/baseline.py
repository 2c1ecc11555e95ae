"""The tutorial RAG pipeline, as a baseline: plain text, fixed-size chunks, one flat index.

Each corpus file's extracted text (its blocks joined with newlines) is split with
RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200), embedded with the same
model as the product, and searched with a FAISS IndexFlatIP: no structure, no metadata, no
lexical search. A chunk counts as a hit for a gold entry when it is from the same document
and contains the entry's `contains` text, or covers at least half of the gold paragraph's
text (the paragraph is looked up in the structured index by doc, label and kind).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .metrics import base_label, normalise

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
SHINGLE = 5
MIN_COVERAGE = 0.5


# -- coverage (pure) ----------------------------------------------------------------
def shingles(words: list[str], n: int = SHINGLE) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def coverage(chunk_text: str, para_text: str, n: int = SHINGLE, _chunk_shingles=None) -> float:
    """Share of the paragraph's characters (normalised) that the chunk reproduces.

    A paragraph word counts as covered when some run of n consecutive paragraph words
    containing it appears in the chunk; short paragraphs (< n words) need to appear whole.
    """
    para_words = normalise(para_text).split()
    if not para_words:
        return 0.0
    chunk_norm = normalise(chunk_text)
    if len(para_words) < n:
        return 1.0 if f" {' '.join(para_words)} " in f" {chunk_norm} " else 0.0
    chunk_set = _chunk_shingles if _chunk_shingles is not None else shingles(chunk_norm.split(), n)
    covered = [False] * len(para_words)
    for i in range(len(para_words) - n + 1):
        if tuple(para_words[i : i + n]) in chunk_set:
            for j in range(i, i + n):
                covered[j] = True
    total = sum(len(w) + 1 for w in para_words)
    return sum(len(w) + 1 for w, c in zip(para_words, covered) if c) / total


def covers(chunk_text: str, para_text: str, threshold: float = MIN_COVERAGE) -> bool:
    return coverage(chunk_text, para_text) >= threshold


@dataclass
class Chunk:
    doc_id: str
    text: str
    norm: str = ""
    shingles: set = field(default_factory=set)

    def __post_init__(self) -> None:
        self.norm = normalise(self.text)
        self.shingles = shingles(self.norm.split())


def chunk_matches(chunk: Chunk, entry: dict, para_texts: list[str]) -> bool:
    """Is this chunk a hit for one gold entry? para_texts: the gold paragraph's text(s)."""
    doc = entry.get("doc", "*")
    if doc != "*" and chunk.doc_id != doc:
        return False
    if entry.get("contains") and normalise(entry["contains"]) in chunk.norm:
        return True
    if entry.get("para") is not None:
        return any(
            coverage(chunk.text, text, _chunk_shingles=chunk.shingles) >= MIN_COVERAGE
            for text in para_texts
        )
    return False


# -- gold paragraph text from the structured index ----------------------------------
class ParagraphLookup:
    """Text of a gold `para` entry: the structured index's passages with that doc, label
    (ignoring ' (2)' suffixes) and kind; the pieces of a split paragraph are joined."""

    def __init__(self, passages: list[dict]):
        self._groups: dict[tuple[str, str], list[dict]] = {}
        for p in passages:  # in rowid order, so split pieces stay in order
            key = (p["doc_id"], base_label(p["label"]))
            self._groups.setdefault(key, []).append(p)
        self._cache: dict[tuple, list[str]] = {}

    def texts(self, entry: dict) -> list[str]:
        if entry.get("para") is None:
            return []
        key = (entry.get("doc", "*"), str(entry["para"]).strip(), entry.get("kind"))
        if key not in self._cache:
            doc, para, kind = key
            by_label: dict[tuple[str, str], list[str]] = {}
            for (d, label), group in self._groups.items():
                if label != para or (doc != "*" and d != doc):
                    continue
                for p in group:
                    if kind and p["part"]["kind"] != kind:
                        continue
                    by_label.setdefault((d, p["label"]), []).append(p["text"])
            self._cache[key] = ["\n".join(pieces) for pieces in by_label.values()]
        return self._cache[key]


# -- the pipeline -------------------------------------------------------------------
def split_corpus(corpus_dir: Path) -> tuple[list[Chunk], list[tuple[str, str]]]:
    """(chunks, skipped files with reasons) for every readable corpus file."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from indexer.build import corpus_files
    from indexer.parse.loaders import LoadError, load_blocks

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    chunks: list[Chunk] = []
    skipped: list[tuple[str, str]] = []
    corpus_dir = Path(corpus_dir)
    for path in corpus_files(corpus_dir):
        doc_id = path.relative_to(corpus_dir).with_suffix("").as_posix()
        try:
            text = "\n".join(b.text for b in load_blocks(path))
        except LoadError as exc:
            skipped.append((doc_id, str(exc)))
            continue
        chunks.extend(Chunk(doc_id, t) for t in splitter.split_text(text))
    return chunks, skipped


class Baseline:
    def __init__(self, chunks: list[Chunk], embedder, index, seconds: float, skipped=()):
        self.chunks = chunks
        self.embedder = embedder
        self.index = index
        self.build_seconds = seconds
        self.skipped = list(skipped)
        self._by_doc: dict[str, list[int]] = {}
        for i, c in enumerate(chunks):
            self._by_doc.setdefault(c.doc_id, []).append(i)

    @classmethod
    def build(cls, corpus_dir: Path, model: str | None = None) -> Baseline:
        import faiss

        from indexer.embedder import shared_embedder

        start = time.perf_counter()
        chunks, skipped = split_corpus(Path(corpus_dir))
        embedder = shared_embedder(model)
        vectors = embedder.encode([c.text for c in chunks])
        index = faiss.IndexFlatIP(embedder.dim)
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype="float32"))
        return cls(chunks, embedder, index, time.perf_counter() - start, skipped)

    def search(self, query: str, k: int = 10) -> list[tuple[int, float]]:
        if self.index.ntotal == 0:
            return []
        vector = self.embedder.encode_query(query).reshape(1, -1)
        scores, ids = self.index.search(vector, min(k, self.index.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def relevant_chunks(self, gold: list[dict], lookup: ParagraphLookup) -> set[int]:
        """Indices of every chunk that is a hit for any gold entry."""
        found: set[int] = set()
        for entry in gold:
            doc = entry.get("doc", "*")
            candidates = range(len(self.chunks)) if doc == "*" else self._by_doc.get(doc, [])
            texts = lookup.texts(entry)
            for i in candidates:
                if i not in found and chunk_matches(self.chunks[i], entry, texts):
                    found.add(i)
        return found
