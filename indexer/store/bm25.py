"""In-memory sparse BM25, built by the writer and stored beside the vectors.

It reproduces what the FTS5 table scored with ``bm25(passages_fts, 1.0, 0.6)``, so rankings
hold while a query costs a few sparse rows instead of SQLite scoring every passage that
holds a query word:

- tokens as FTS5's ``porter unicode61 remove_diacritics 2`` makes them: runs of letters and
  digits, lower-cased, diacritics removed, then the Porter stemmer (tokens of fewer than 3
  or more than 64 characters are not stemmed, as in SQLite);
- two fields, the passage text (weight 1.0) and its context header (0.6); a passage's length
  is its tokens in both fields; k1 = 1.2, b = 0.75; idf = ln((N - n + 0.5) / (n + 0.5)),
  floored at 1e-6, over the N passages indexed (canonical passages only, as in FTS5).

Stored as ``bm25.npz``: a term-by-passage CSR matrix of precomputed per-term scores, the
vocabulary, and each term's document frequency in the text field (for ``distinctive``).
Filters stay exact: scores are read only for the rowids a filter allows. The writer fills a
BM25Builder as it inserts the FTS5 rows; the reader opens BM25Index. An index without the
file (built before the matrix existed) is searched through FTS5 as before; PostgreSQL keeps ts_rank.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

BM25_FILE = "bm25.npz"
K1 = 1.2
B = 0.75
WEIGHTS = (1.0, 0.6)  # text, context: as bm25(passages_fts, 1.0, 0.6) did
FORMAT = 1
_TOKEN = re.compile(r"[^\W_]+")


_LOCAL = threading.local()


def _stemmer():
    """This thread's Porter stemmer: a snowball stemmer keeps the word it is working on in
    the object, so one shared by the app's session threads returns other threads' stems."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("porter")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if len(word) < 3 or len(word) > 64 or not word.isascii():
        return word
    stemmed = _stemmer().stemWord(word)
    # SQLite's porter has two step-2 rules of the revised algorithm that snowball's original
    # Porter lacks: -logi -> -log and -bli -> -ble (then the later steps run on -ble).
    if stemmed.endswith("logi"):
        return stemmed[:-1]
    if stemmed.endswith("bli") and len(stemmed) > 4:
        return _stemmer().stemWord(stemmed[:-1] + "e")
    return stemmed


def _fold(text: str) -> str:
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Stemmed tokens, as the FTS5 porter/unicode61 tokenizer makes them."""
    return [stem(w) for w in _TOKEN.findall(_fold(text or ""))]


class BM25Builder:
    """Add passages (rowid, text, context) in any order; write() stores the matrix."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._rows: list[np.ndarray] = []  # term ids
        self._cols: list[np.ndarray] = []  # passage rowids
        self._tfw: list[np.ndarray] = []  # weighted term frequency
        self._text_df: Counter = Counter()
        self._lengths: dict[int, int] = {}

    def add(self, rowid: int, text: str, context: str) -> None:
        text_tokens, context_tokens = tokens(text), tokens(context)
        self._lengths[rowid] = len(text_tokens) + len(context_tokens)
        weighted: dict[int, float] = {}
        for field, weight in ((text_tokens, WEIGHTS[0]), (context_tokens, WEIGHTS[1])):
            for term, count in Counter(field).items():
                tid = self.vocab.setdefault(term, len(self.vocab))
                weighted[tid] = weighted.get(tid, 0.0) + weight * count
        self._text_df.update(self.vocab[t] for t in set(text_tokens))
        if weighted:
            self._rows.append(np.fromiter(weighted.keys(), dtype=np.int32, count=len(weighted)))
            self._cols.append(np.full(len(weighted), rowid, dtype=np.int32))
            self._tfw.append(np.fromiter(weighted.values(), dtype=np.float32, count=len(weighted)))

    def add_many(self, rows: Iterable[tuple[int, str, str]]) -> None:
        for rowid, text, context in rows:
            self.add(rowid, text, context)

    def write(self, path: Path, n_rows: int) -> Path:
        """n_rows: passages in the index (rowids 0..n_rows-1), indexed or not."""
        import scipy.sparse as sp

        n_docs = len(self._lengths)
        n_terms = len(self.vocab)
        rows = np.concatenate(self._rows) if self._rows else np.zeros(0, np.int32)
        cols = np.concatenate(self._cols) if self._cols else np.zeros(0, np.int32)
        tfw = np.concatenate(self._tfw) if self._tfw else np.zeros(0, np.float32)
        self._rows, self._cols, self._tfw = [], [], []
        length = np.zeros(max(n_rows, 1), dtype=np.float32)
        for rowid, n in self._lengths.items():
            length[rowid] = n
        avgdl = float(length.sum()) / n_docs if n_docs else 1.0
        df = np.bincount(rows, minlength=n_terms).astype(np.float64)
        idf = np.log((n_docs - df + 0.5) / (df + 0.5))
        idf[idf <= 0] = 1e-6
        norm = K1 * (1.0 - B + B * length[cols] / max(avgdl, 1e-9))
        scores = (idf[rows] * (tfw * (K1 + 1.0)) / (tfw + norm)).astype(np.float32)
        matrix = sp.csr_matrix((scores, (rows, cols)), shape=(n_terms, max(n_rows, 1)))
        matrix.sum_duplicates()
        matrix.sort_indices()  # each term's postings in rowid order: BM25Index._within needs it
        terms = np.array(sorted(self.vocab, key=self.vocab.get), dtype=object)
        text_df = np.array([self._text_df.get(i, 0) for i in range(n_terms)], dtype=np.int32)
        with path.open("wb") as fh:
            np.savez(
                fh,
                format=np.array([FORMAT]),
                n_rows=np.array([n_rows]),
                n_docs=np.array([n_docs]),
                terms="\n".join(terms).encode("utf-8") if n_terms else b"",
                text_df=text_df,
                indptr=matrix.indptr.astype(np.int64),
                indices=matrix.indices.astype(np.int32),
                data=matrix.data.astype(np.float32),
            )
        return path


class BM25Index:
    """The stored matrix: search(terms, n, allowed) -> [(rowid, score)], best first."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"][0]) != FORMAT:
                raise ValueError(f"{path} has BM25 format {int(z['format'][0])}, not {FORMAT}")
            self.n_rows = int(z["n_rows"][0])
            self.n_docs = int(z["n_docs"][0])
            raw = z["terms"].tobytes().decode("utf-8")
            self.indptr = z["indptr"]
            self.indices = z["indices"]
            self.data = z["data"]
            self.text_df = z["text_df"]
        terms = raw.split("\n") if raw else []
        self.vocab = {t: i for i, t in enumerate(terms)}

    @classmethod
    def open(cls, index_dir: Path) -> BM25Index | None:
        path = Path(index_dir) / BM25_FILE
        return cls(path) if path.exists() else None

    def term_ids(self, words: list[str]) -> list[int]:
        """Vocabulary ids of the query words' stems (a word of several tokens gives each)."""
        ids: list[int] = []
        for word in words:
            for tok in tokens(word):
                tid = self.vocab.get(tok)
                if tid is not None and tid not in ids:
                    ids.append(tid)
        return ids

    def text_frequency(self, word: str) -> int:
        """Passages whose text holds the word (the rarest of its tokens, for several)."""
        counts = [int(self.text_df[self.vocab[t]]) if t in self.vocab else 0 for t in tokens(word)]
        return min(counts) if counts else 0

    def search(
        self, words: list[str], n: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        ids = self.term_ids(words)
        if not ids or n <= 0:
            return []
        spans = [(int(self.indptr[t]), int(self.indptr[t + 1])) for t in ids]
        if allowed is not None:  # exact filter: only the passages it allows
            docs, scores = self._within(spans, allowed)
        else:
            cols = np.concatenate([self.indices[a:b] for a, b in spans])
            vals = np.concatenate([self.data[a:b] for a, b in spans])
            dense = np.bincount(cols, weights=vals, minlength=self.n_rows)
            docs = np.flatnonzero(dense)
            scores = dense[docs]
        if not len(docs):
            return []
        top = _best(docs, scores, n)
        order = top[np.lexsort((docs[top], -scores[top]))]
        return [(int(docs[i]), float(scores[i])) for i in order]

    def _within(
        self, spans: list[tuple[int, int]], allowed: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rowids, scores) of the allowed passages holding a query term. Each term's
        postings are in rowid order, so the two sorted lists are merged by binary search from
        whichever side is shorter: a council's few thousand passages cost the same whether
        the index holds 45,000 passages or 800,000 (docs/performance.md)."""
        rows = np.unique(allowed[(allowed >= 0) & (allowed < self.n_rows)])
        scores = np.zeros(len(rows), dtype=np.float64)
        if not len(rows):
            return rows, scores
        for a, b in spans:
            cols, vals = self.indices[a:b], self.data[a:b]
            if not len(cols):
                continue
            if len(cols) > len(rows):  # look each allowed passage up in the postings
                at = np.minimum(np.searchsorted(cols, rows), len(cols) - 1)
                hit = cols[at] == rows
                scores[hit] += vals[at[hit]]
            else:  # look each posting up among the allowed passages
                at = np.minimum(np.searchsorted(rows, cols), len(rows) - 1)
                hit = rows[at] == cols
                np.add.at(scores, at[hit], vals[hit])
        held = np.flatnonzero(scores)
        return rows[held], scores[held]


def _best(docs: np.ndarray, scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n best scores, ties at the cut going to the lowest rowids (`docs`
    ascending), so the first n are the first n of the whole ranking."""
    if len(docs) <= n:
        return np.arange(len(docs))
    cut = np.partition(scores, len(scores) - n)[len(scores) - n]  # the n-th best score
    above = np.flatnonzero(scores > cut)
    tied = np.flatnonzero(scores == cut)
    return np.concatenate([above, tied[: n - len(above)]])
