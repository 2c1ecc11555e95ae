"""Fusion of the dense and lexical rankings.

Two ways: reciprocal rank fusion (Cormack et al., 2009), which reads only ranks, and a
convex combination of each ranking's scores, each min-max scaled over the candidates it
returned (Bruch, Gai and Ingber, "An analysis of fusion functions for hybrid retrieval",
TOIS 2023). Ranks lose how far apart the candidates are: with a council filter a stage
ranks some 60 to 200 passages, and under RRF's k=60 its first and its tenth differ by 15%,
so a passage one stage is sure of and the other ranks 40th falls below passages both
find middling. Scaled scores keep that margin (docs/quality.md)."""

from __future__ import annotations

from ..config import DEFAULT

RRF_K = DEFAULT.rrf_k

Ranked = list[tuple[int, float]]


def reciprocal_rank_fusion(
    rankings: list[Ranked], k: int = RRF_K, weights: list[float] | None = None
) -> Ranked:
    """Each ranking is [(id, score)] best first; the fused score is sum of w / (k + rank)."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, (item, _) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))


def min_max(ranking: Ranked) -> dict[int, float]:
    """Each candidate's score scaled to 0..1 over the candidates of its ranking (all 1.0
    when they tie)."""
    if not ranking:
        return {}
    scores = [s for _, s in ranking]
    low, high = min(scores), max(scores)
    if high <= low:
        return {item: 1.0 for item, _ in ranking}
    return {item: (s - low) / (high - low) for item, s in ranking}


def convex_fusion(rankings: list[Ranked], weights: list[float] | None = None) -> Ranked:
    """Sum of w * (the candidate's min-max scaled score in each ranking), higher is better;
    a candidate a ranking did not return scores 0 there. Scores must grow with relevance
    (cosine, BM25 as "higher is better")."""
    if not rankings:
        return []
    weights = weights or [1.0 / len(rankings)] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for item, scaled in min_max(ranking).items():
            fused[item] = fused.get(item, 0.0) + weight * scaled
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
