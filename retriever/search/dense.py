"""Dense search: the question's vector against the stored passage vectors (FAISS)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from indexer.store import Reader

from ..config import Config

Ranked = list[tuple[int, float]]


class DenseSearcher:
    def __init__(self, reader: Reader, encode: Callable[[str], np.ndarray], config: Config):
        self.reader, self.encode, self.config = reader, encode, config

    def search(self, question: str, n: int, allowed: np.ndarray | None = None) -> Ranked:
        """(rowid of canonical passage, cosine), best first, among `allowed` if given."""
        total = self.reader.vector_count
        if total == 0:
            return []
        vector = self.encode(question).reshape(1, -1)
        fetch = min(total, n * 3)
        if allowed is not None and len(allowed) <= self.config.exact_subset_limit:
            return self._canonical(self._exact(vector[0], allowed, fetch), n)
        return self._canonical(self.reader.nearest(vector[0], fetch, allowed), n)

    def _exact(self, vector: np.ndarray, allowed: np.ndarray, fetch: int) -> Ranked:
        """Exact search over the passages a filter allows: a graph index (HNSW) searched
        with a narrow filter would find too few of them."""
        if len(allowed) == 0:
            return []
        scores = self.reader.vector_batch(allowed) @ vector
        top = np.argsort(-scores, kind="stable")[:fetch]
        return [(int(allowed[i]), float(scores[i])) for i in top]

    def _canonical(self, ranked: Ranked, n: int) -> Ranked:
        if not ranked:
            return []
        canon = self.reader.canonical_of([r for r, _ in ranked])
        out, seen = [], set()
        for rowid, score in ranked:
            c = canon.get(rowid, rowid)
            if c not in seen:
                seen.add(c)
                out.append((c, score))
        return out[:n]
