"""Second-stage scoring of the fused top candidates.

No cross-encoder ships its weights on PyPI, and a larger bi-encoder (all-mpnet-base-v2,
~5 passages/s here) cannot re-score 20 passages inside a second on two cores. So the
rerank stage combines what is already at hand for each candidate: its fused rank, the
full cosine of question and passage (vectors from the index, no model call), and the
IDF-weighted share of the question's words it contains.
"""

from __future__ import annotations

import numpy as np

from ..config import Config
from .terms import coverage, query_terms, term_weights

WEIGHTS = {"rank": 1.0, "cosine": 1.0, "coverage": 1.0}


def combined_scores(
    ranks: list[int], cosines: list[float], coverages: list[float], weights: dict = WEIGHTS
) -> list[float]:
    """Pure: one score per candidate; the fused rank enters as 1/(1+rank)."""
    return [
        weights["rank"] / (1 + r) + weights["cosine"] * c + weights["coverage"] * v
        for r, c, v in zip(ranks, cosines, coverages)
    ]


class Reranker:
    def __init__(self, reader, encode, frequencies, config: Config):
        self.reader, self.encode, self.frequencies, self.config = (
            reader,
            encode,
            frequencies,
            config,
        )

    def rerank(self, question: str, fused: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """The fused top `rerank_depth` re-scored, the rest after them unchanged."""
        depth = self.config.rerank_depth
        candidates = fused[:depth]
        if not candidates:
            return []
        rowids = [r for r, _ in candidates]
        vectors = self.reader.vectors(rowids)
        query = self.encode(question)
        cosines = (vectors @ query).tolist() if len(vectors) else [0.0] * len(rowids)
        terms = query_terms(question)
        weights = term_weights(terms, *self.frequencies(terms))
        texts = self.reader.texts(rowids)
        coverages = [coverage(terms, weights, texts.get(r, "")) for r in rowids]
        scores = combined_scores(
            list(range(len(rowids))), cosines, coverages, dict(self.config.rerank_weights)
        )
        order = np.argsort(-np.asarray(scores), kind="stable")
        return [(rowids[i], float(scores[i])) for i in order] + fused[depth:]
