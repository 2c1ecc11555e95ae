"""Lexical search: BM25 with the question's commonest words left out.

An index with a BM25 matrix (bm25.npz) is ranked in memory, a filter applied
exactly over the rowids it allows; an index without one through SQLite FTS5 (the same
scores); PostgreSQL through its reader's own ranking."""

from __future__ import annotations

import numpy as np

from indexer.store import StoreReader

from ..catalogue import Scope
from ..config import Config
from .terms import fts_query, query_terms

Ranked = list[tuple[int, float]]


class DocumentFrequencies:
    """How many passages mention each term, and of how many; remembered per term, as the
    same words come back question after question."""

    def __init__(self, reader: StoreReader):
        self.reader = reader
        self._seen: dict[str, int] = {}

    def __call__(self, terms: list[str]) -> tuple[dict[str, int], int]:
        total = self.reader.passage_count()
        for term in terms:
            if term not in self._seen:
                if len(self._seen) > 50_000:
                    self._seen.clear()
                self._seen[term] = self.reader.document_frequency(term)
        return {t: self._seen[t] for t in terms}, total


class LexicalSearcher:
    def __init__(self, reader: StoreReader, frequencies: DocumentFrequencies, config: Config):
        self.reader, self.frequencies, self.config = reader, frequencies, config

    def search(
        self,
        question: str,
        n: int,
        scope: Scope | None = None,
        allowed: np.ndarray | None = None,
    ) -> Ranked:
        """(rowid, -bm25), best first, inside `scope` if given (`allowed`: its rowids)."""
        terms = query_terms(question)
        if not terms:
            return []
        kept = self.distinctive(terms)
        if self.reader.has_bm25_matrix() and (scope is None or allowed is not None):
            return self.reader.bm25_ranked(kept, n, None if scope is None else allowed)
        match = fts_query(kept)
        if scope is None:
            return [(r, -s) for r, s, _, _ in self.reader.bm25(match, n)]
        if not scope.docs:
            return []
        rows = self.reader.bm25(match, n if scope.parts is None else n * 4, scope.docs)
        return [(r, -s) for r, s, doc, part in rows if scope.admits(doc, part)][:n]

    def distinctive(self, terms: list[str]) -> list[str]:
        """The terms worth a BM25 lookup: words in more than `common_share` of passages add
        little to the ranking but make FTS score most of the index; the rarest two stay."""
        if len(terms) <= 2:
            return terms
        frequencies, total = self.frequencies(terms)
        keep = set(sorted(terms, key=lambda t: frequencies[t])[:2])
        keep |= {t for t in terms if frequencies[t] <= self.config.common_share * total}
        return [t for t in terms if t in keep]
