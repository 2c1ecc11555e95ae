"""Every threshold and default of the retrieval pipeline, with the measurement that set it.

One frozen object, handed to `Retriever.open(index, config=...)` and from there to each
stage; tests and experiments pass a changed copy (`dataclasses.replace`) instead of
patching module globals.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    # Passages returned (and listed under an answer), the same in the app and on the
    # command line; the eval asks for 10 explicitly (Recall@10, MRR@10, nDCG@10).
    k: int = 10
    # Most passages one call may ask for: the app offers up to 20, and past 100 a list of
    # passages is no longer something a person checks (nor an answer that cites them).
    max_k: int = 100
    # Candidates each search stage ranks before the top k are taken: enough for fusion and
    # reranking to promote a passage one stage ranks low (the eval's recall@10 is flat from
    # 30 upward; 50 leaves headroom for per-council comparisons).
    candidates: int = 50
    # Longest question taken: far beyond any real question (the gold set's longest is under
    # 200 characters), short enough that a pasted document is refused, not embedded.
    max_question_chars: int = 2000
    # Reciprocal rank fusion constant, the value of Cormack et al. (2009); the eval's
    # hybrid figures move by under 0.005 nDCG@10 between 30 and 100.
    rrf_k: int = 60
    # How the dense and BM25 rankings are fused: "convex", the sum of each stage's scores
    # min-max scaled over its candidates (weight `dense_weight` for the dense stage, the
    # rest for BM25), or "rrf", reciprocal rank fusion with `rrf_k`. Equal weights, not
    # tuned (0.4 and 0.6 give gold 0.842 and 0.844). Convex: retrieval nDCG@10 0.833 -> 0.845
    # on gold, 0.718 -> 0.768 on the holdout; gold Recall@1 0.867 -> 0.840, as fact questions
    # lost their "Lead inspector" line to content passages (fact passages first, below, gives
    # it back) (search/fusion.py).
    fusion: str = "convex"
    dense_weight: float = 0.5
    # Words in more than this share of passages are left out of the BM25 query: no loss on
    # the eval, and BM25 at 100x scale no longer scores most of the index (README,
    # Performance).
    common_share: float = 0.3
    # A filter allowing at most this many passages is searched exactly over just those, so a
    # narrow filter never loses results to the HNSW graph (README, Performance).
    exact_subset_limit: int = 50_000
    # Rerank re-scores the fused top 20: 4 s for a larger bi-encoder, ~1 ms with the cosine
    # and coverage already at hand; +0.004 nDCG@10 on gold, +0.009 on the holdout (README).
    rerank_depth: int = 20
    rerank_weights: tuple = (("rank", 1.0), ("cosine", 1.0), ("coverage", 1.0))
    # A question naming a council but no year, history or trend is about its newest
    # inspection: the passages of its newest report pack (documents dated in the year of
    # its newest report) rank ahead of its older reports'. On one index of corpus/ plus the
    # national reports, council questions otherwise got an older report first (issue 10;
    # README, Quality, National).
    newest_first: bool = True
    # A question filtered to named councils: BM25 searches its topic, not the councils' names
    # (Ranker.lexical_text). Chosen on the gold set: retrieval nDCG@10 0.777 -> 0.824.
    search_topic_for_councils: bool = True
    # What the dense stage embeds for such a question: "question" (as asked), "topic" (as BM25
    # searches it) or "both", the two rankings sharing the dense weight (every passage of the
    # council carries its name already, in the header embedded with it). Retrieval nDCG@10
    # on gold with convex fusion and fact passages first: question 0.873, both 0.875, topic
    # 0.864 (holdout 0.768, 0.784, 0.824); but gold unanswerable questions abstained 12/15,
    # 11/15 and 10/15 (14/15 with RRF): each choice moves the top three passages the
    # abstention check weighs, and below 12/15 is under the project's floor
    # (tests/integration/test_eval.py). "both" also encodes one more text (~10 ms here).
    council_embedding: str = "question"
    # Abstain when the best passages are neither close in meaning nor hold the question's
    # distinctive words. Calibrated on the gold set's answerable and unanswerable questions:
    # 11 of 13 unanswerable gold and 4 of 4 held-out questions abstain, 75 of 75 and 18 of
    # 18 answerable ones are answered (README, Quality).
    min_similarity: float = 0.70
    min_coverage: float = 0.24
    # An answer quotes the top five passages, two sentences at most from each (README,
    # Composition): enough for a comparison of two councils, short enough to read.
    max_sources: int = 5
    sentences_per_source: int = 2
    # Shorter "sentences" are headings and list stubs, not statements worth quoting.
    min_sentence_chars: int = 25
    # A sentence sharing this share of its words with one already quoted is a repeat (the
    # same paragraph quoted in a council paper and in the report).
    repeat_overlap: float = 0.7


DEFAULT = Config()
