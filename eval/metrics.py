"""Pure functions: gold matching and ranking metrics.

Gold matching (DESIGN.md, question file format): a passage matches a gold entry when its
`doc_id` equals `doc` (`*` for any), its part's kind equals `kind` where one is given, and
either its `label` equals `para` (a ` (2)` style suffix on the label is ignored) or its text
contains `contains` (case- and whitespace-insensitive, curly quotes and dashes normalised).
An entry `{"passage": ID}` (a pooled judgement, eval/judged.py) matches that passage only.
A question's gold is any of its entries.

Metrics use binary relevance (a retrieved unit is relevant when it matches any gold entry):
Recall@k is 1 when at least one relevant unit is in the top k (the gold is "any of"),
MRR@k is 1/rank of the first relevant unit, nDCG@k is DCG over the top k divided by the DCG
of an ideal ranking that puts `n_relevant` relevant units first (capped at k).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from indexer.vocab import normalise  # noqa: F401 - the one normaliser, used by callers here

_SUFFIX = re.compile(r"\s+\(\d+\)$")


def base_label(label: str) -> str:
    """The printed label without the ' (2)' that tells apart repeated labels."""
    return _SUFFIX.sub("", (label or "").strip())


def matches_gold(passage: dict, entry: dict, normalised_text: str | None = None) -> bool:
    """Does one passage (a Hit.passage dict) match one gold entry?"""
    if "passage" in entry:  # a judged passage (eval/judged.py): that passage only
        return passage.get("passage_id") == entry["passage"]
    doc = entry.get("doc", "*")
    if doc != "*" and passage.get("doc_id") != doc:
        return False
    kind = entry.get("kind")
    if kind and (passage.get("part") or {}).get("kind") != kind:
        return False
    para = entry.get("para")
    if para is not None and base_label(passage.get("label", "")) == str(para).strip():
        return True
    contains = entry.get("contains")
    if contains:
        text = normalised_text if normalised_text is not None else normalise(passage.get("text"))
        return normalise(contains) in text
    return False


def matches_any(passage: dict, gold: Iterable[dict], normalised_text: str | None = None) -> bool:
    if normalised_text is None:
        normalised_text = normalise(passage.get("text", ""))
    return any(matches_gold(passage, e, normalised_text) for e in gold)


def first_relevant_rank(relevances: Sequence[bool], k: int | None = None) -> int | None:
    """1-based rank of the first relevant unit within the top k, or None."""
    for i, rel in enumerate(relevances[:k] if k else relevances):
        if rel:
            return i + 1
    return None


def recall_at_k(relevances: Sequence[bool], k: int) -> float:
    return 1.0 if any(relevances[:k]) else 0.0


def reciprocal_rank(relevances: Sequence[bool], k: int = 10) -> float:
    rank = first_relevant_rank(relevances, k)
    return 1.0 / rank if rank else 0.0


def ndcg_at_k(relevances: Sequence[bool], n_relevant: int, k: int = 10) -> float:
    """Binary nDCG@k; the ideal ranking has min(n_relevant, k) relevant units on top.

    n_relevant is raised to the number of relevant units actually retrieved, so the
    score never exceeds 1 when the gold undercounts what is relevant.
    """
    top = list(relevances[:k])
    dcg = sum(1.0 / math.log2(i + 2) for i, rel in enumerate(top) if rel)
    ideal_n = min(max(n_relevant, sum(1 for r in top if r)), k)
    if ideal_n == 0:
        return 0.0
    idcg = sum(1.0 / math.log2(i + 2) for i in range(ideal_n))
    return dcg / idcg


def percentile(values: Sequence[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def question_scores(relevances: Sequence[bool], n_relevant: int, k: int = 10) -> dict:
    """All per-question numbers for one ranked list of relevance flags."""
    return {
        "recall@1": recall_at_k(relevances, 1),
        "recall@5": recall_at_k(relevances, 5),
        "recall@10": recall_at_k(relevances, 10),
        "mrr@10": reciprocal_rank(relevances, 10),
        "ndcg@10": ndcg_at_k(relevances, n_relevant, 10),
        "first_rank": first_relevant_rank(relevances, k),
    }


METRIC_KEYS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")


def mean_scores(per_question: Sequence[dict]) -> dict:
    """Mean of each metric over questions (0.0 each when there are none)."""
    n = len(per_question)
    return {key: (sum(q[key] for q in per_question) / n if n else 0.0) for key in METRIC_KEYS}
