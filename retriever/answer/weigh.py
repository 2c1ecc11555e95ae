"""How well the hits found cover the query: the evidence abstention is decided on."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..search.terms import coverage, equivalents, query_terms, term_weights
from ..types import Hit
from ..understand.query import Query
from .evidence import Evidence, missing_subject


def weigh_evidence(
    query: Query,
    hits: list[Hit],
    vectors: Callable[[list[int]], np.ndarray],
    encode: Callable[[str], np.ndarray],
    frequencies: Callable[[list[str]], tuple[dict[str, int], int]],
) -> Evidence:
    if not hits:
        return Evidence(0.0, 0.0)
    intent = query.intent
    top = hits[:3]
    stored = vectors([h.rowid for h in top])
    similarity = float(np.max(stored @ encode(intent.query))) if len(stored) else 0.0
    terms = query_terms(intent.topic)
    counts, total = frequencies(terms)
    weights = term_weights(terms, counts, total)
    # everyday words count as held where a passage says them in the reports' own words
    same = equivalents(intent.topic)
    best = max((coverage(terms, weights, h.passage["text"], same) for h in top), default=0.0)
    said = {**counts, **{t: counts.get(t) or 1 for t in same}}  # said in the reports' words
    if unprinted_share(terms, said, weights) >= 0.5:
        best = 0.0  # what the question is mostly about is printed nowhere in the index
    elif query.shape == "topic" and dominant_missing(
        terms, weights, [h.passage["text"] for h in top], same
    ):
        # "GCSE results": passages holding "results" are not about GCSEs (other shapes'
        # cue words, "compare", "summarise", are not their subject)
        best = 0.0
    scope = missing_subject(query.unjudged, [h.passage["text"] for h in hits[:5]])
    return Evidence(round(similarity, 4), round(best, 4), scope)


def unprinted_share(terms: list[str], counts: dict[str, int], weights: dict[str, float]) -> float:
    """The share of the question's (IDF-weighted) wording that no passage in the whole
    index holds: passages that match its other words cannot be about it."""
    total = sum(weights.get(t, 0.0) for t in terms)
    if not total:
        return 0.0
    return sum(weights.get(t, 0.0) for t in terms if not counts.get(t)) / total


DOMINANT_SHARE = 0.6  # "gcse" in "GCSE results": 0.71 of the weight on the shipped corpus


def dominant_missing(
    terms: list[str],
    weights: dict[str, float],
    texts: list[str],
    equivalent: dict[str, tuple[str, ...]] | None = None,
) -> bool:
    """The question's heaviest word carries most of its (IDF-weighted) wording and none of
    the passages holds it: what they share with the question is its small words. (Two
    words of about equal weight, "foster carers", have no dominant one.)"""
    total = sum(weights.get(t, 0.0) for t in terms)
    if not total or len(set(terms)) < 2:
        return False
    heaviest = max(terms, key=lambda t: weights.get(t, 0.0))
    if weights.get(heaviest, 0.0) < DOMINANT_SHARE * total:
        return False
    return not any(coverage([heaviest], weights, text, equivalent) for text in texts)
