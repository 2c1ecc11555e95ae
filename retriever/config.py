"""Every threshold and default of the retrieval pipeline, with the measurement that set it.

One frozen object, handed to `Retriever.open(index, config=...)` and from there to each
stage; tests and experiments pass a changed copy (`dataclasses.replace`) instead of
patching module globals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


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
    # rest for BM25), or "rrf", reciprocal rank fusion with `rrf_k`. Convex, at equal
    # weights: retrieval nDCG@10 0.833 -> 0.845
    # on gold, 0.718 -> 0.768 on the holdout; gold Recall@1 0.867 -> 0.840, as fact questions
    # lost their "Lead inspector" line to content passages (fact passages first, below, gives
    # it back) (search/fusion.py).
    fusion: str = "convex"
    # Dense weight 0.6, chosen with `council_embedding` on the development questions
    # (eval/questions_dev.jsonl: 50 questions in users' words, written blind from one
    # paragraph each of 50 councils' national reports): hybrid nDCG@10 0.790 at 0.5 and the
    # question embedded as asked, 0.842 at 0.6 with its topic; 0.4 and 0.7 give 0.776 and 0.841
    # (docs/quality.md).
    dense_weight: float = 0.6
    # Words in more than this share of passages are left out of the BM25 query: no loss on
    # the eval, and BM25 at 100x scale no longer scores most of the index (docs/performance.md).
    common_share: float = 0.3
    # A filter allowing at most this many passages is searched exactly over just those, so a
    # narrow filter never loses results to the HNSW graph (docs/performance.md).
    exact_subset_limit: int = 50_000
    # Rerank re-scores the fused top 20: 4 s for a larger bi-encoder, ~1 ms with the cosine
    # and coverage already at hand; +0.004 nDCG@10 on gold, +0.009 on the holdout (docs/quality.md).
    rerank_depth: int = 20
    rerank_weights: tuple = (("rank", 1.0), ("cosine", 1.0), ("coverage", 1.0))
    # A question naming a council but no year, history or trend is about its newest
    # inspection: the passages of its newest report pack (documents dated in the year of
    # its newest report) rank ahead of its older reports'. On one index of corpus/ plus the
    # national reports, council questions otherwise got an older report first
    # (docs/quality.md, National).
    newest_first: bool = True
    # A question filtered to named councils: BM25 searches its topic, not the councils' names
    # (Ranker.lexical_text). Chosen on the gold set: retrieval nDCG@10 0.777 -> 0.824.
    search_topic_for_councils: bool = True
    # What the dense stage embeds for such a question: "question" (as asked), "topic" (as BM25
    # searches it) or "both", the two rankings sharing the dense weight. Under a council
    # filter every candidate is that council's, so its name only adds likeness to the
    # passages that print it ("Services in Norfolk have been transformed" above the
    # emergency duty team's paragraph for "Is Norfolk's out-of-hours service any good?").
    # Development questions, hybrid nDCG@10 at dense weight 0.6: question 0.805, topic
    # 0.842, both 0.853; gold retrieval questions 0.861, 0.855, 0.870. "both" encodes two
    # texts per search (~5 ms here), past the 1.5x-the-floor latency target; "topic" encodes one.
    council_embedding: str = "topic"
    # Abstention is judged on the ranking its thresholds were calibrated on (the question
    # embedded as asked, dense weight 0.5), not on the answer's: with the topic ranking
    # above, the gold's "What weekly allowance does Kent pay its foster carers?" finds a
    # passage printing "allowance" among its top three and is answered (13 of 15 abstain);
    # raising min_coverage to 0.25 instead costs answerable development questions. The
    # question's own vector is encoded for the evidence anyway (similarity), so this adds a
    # ranking, not an encoding, to `ask` (answer/sources.py, Sources.weigh).
    evidence_embedding: str = "question"
    evidence_dense_weight: float = 0.5
    # Abstain when the best passages are neither close in meaning nor hold the question's
    # distinctive words. Calibrated on the gold set's answerable and unanswerable questions:
    # 11 of 13 unanswerable gold and 4 of 4 held-out questions abstain, 75 of 75 and 18 of
    # 18 answerable ones are answered (docs/quality.md).
    min_similarity: float = 0.70
    min_coverage: float = 0.24
    # An answer quotes the top five passages, two sentences at most from each (docs/design.md,
    # How questions are answered): enough for a comparison of two councils, short enough to read.
    max_sources: int = 5
    sentences_per_source: int = 2
    # Shorter "sentences" are headings and list stubs, not statements worth quoting.
    min_sentence_chars: int = 25
    # A sentence sharing this share of its words with one already quoted is a repeat (the
    # same paragraph quoted in a council paper and in the report).
    repeat_overlap: float = 0.7

    def for_evidence(self) -> Config:
        """This configuration as the abstention check ranks with."""
        return replace(
            self,
            council_embedding=self.evidence_embedding,
            dense_weight=self.evidence_dense_weight,
        )


DEFAULT = Config()
