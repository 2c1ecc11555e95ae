"""Reciprocal rank fusion: combine rankings without calibrating their scores."""

from __future__ import annotations

from ..config import DEFAULT

RRF_K = DEFAULT.rrf_k


def reciprocal_rank_fusion(
    rankings: list[list[tuple[int, float]]], k: int = RRF_K, weights: list[float] | None = None
) -> list[tuple[int, float]]:
    """Each ranking is [(id, score)] best first; the fused score is sum of w / (k + rank)."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, (item, _) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
