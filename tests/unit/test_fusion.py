"""Fusing the dense and BM25 rankings (search/fusion.py, Ranker.fuse and Ranker.ranked), and
fact questions ranking the passage that prints the fact first (Ranker._fact_first). Pure:
fake searchers and catalogue, no index or model."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retriever.config import DEFAULT
from retriever.search.fusion import convex_fusion, min_max, reciprocal_rank_fusion
from retriever.search.printed import prints_fact
from retriever.search.ranking import Ranker


def test_min_max_scales_to_unit_range_and_ties_are_all_one():
    assert min_max([(1, 10.0), (2, 6.0), (3, 2.0)]) == {1: 1.0, 2: 0.5, 3: 0.0}
    assert min_max([(1, 0.3), (2, 0.3)]) == {1: 1.0, 2: 1.0}
    assert min_max([]) == {}


# Passage 1: BM25 is sure of it (far ahead of the rest), dense ranks it fifth, a little below
# passages 2-5, which both stages find middling. RRF reads ranks only, so 1 falls below them; the scaled
# scores keep BM25's margin.
DENSE = [(2, 0.52), (3, 0.51), (4, 0.50), (5, 0.49), (1, 0.47), (6, 0.30)]
BM25 = [(1, 30.0), (2, 9.0), (3, 8.5), (4, 8.0), (5, 7.5), (6, 0.5)]


def test_convex_fusion_keeps_the_margin_a_stage_is_sure_by():
    assert [i for i, _ in reciprocal_rank_fusion([DENSE, BM25])][0] == 2
    fused = convex_fusion([DENSE, BM25], [0.5, 0.5])
    assert fused[0][0] == 1
    assert [s for _, s in fused] == sorted((s for _, s in fused), reverse=True)


def test_convex_fusion_weights_and_missing_candidates():
    # a candidate a ranking did not return scores 0 there, and still appears
    fused = dict(convex_fusion([[(1, 1.0), (2, 0.0)], [(3, 5.0), (1, 1.0)]], [0.75, 0.25]))
    assert fused == {1: 0.75, 2: 0.0, 3: 0.25}
    assert dict(convex_fusion([[(1, 2.0), (2, 1.0)]])) == {1: 1.0, 2: 0.0}
    assert convex_fusion([]) == []


class _Dense:
    def __init__(self):
        self.texts = []

    def search(self, text, n, allowed=None):
        self.texts.append(text)
        return [(1, 0.9), (2, 0.8)] if "Norfolk" in text else [(2, 0.9), (1, 0.1)]


class _Lexical:
    def __init__(self):
        self.texts = []

    def search(self, text, n, scope=None, allowed=None):
        self.texts.append(text)
        return [(2, 3.0), (1, 2.0)]


class _Reader:
    TEXTS = {
        1: "Children are well supported by their social workers.",
        2: "Inspection dates: 7 to 18 November 2022\nLead inspector: A Person, HMI",
        3: "Report published: 13 June 2017",
        4: "The inspection, led by B Person, found that leaders know their services well.",
    }

    def texts(self, rowids):
        return {r: self.TEXTS[r] for r in rowids if r in self.TEXTS}


class _Catalogue:
    reader = _Reader()
    parts = {("d", "r"): {"lead_inspector": "B Person"}, ("d", "s"): {"lead_inspector": None}}
    lead_inspectors = {"B Person"}

    def resolve(self, filters):
        return None

    def allowed_rowids(self, scope):
        return None


def _ranker(**changes):
    dense, lexical = _Dense(), _Lexical()
    ranker = Ranker(_Catalogue(), dense, lexical, None, replace(DEFAULT, **changes))
    return ranker, dense, lexical


def test_a_council_question_can_embed_its_topic_beside_the_question_as_asked():
    ranker, dense, lexical = _ranker(council_embedding="both")
    question, topic = "Is Norfolk's out-of-hours service good?", "is out of hours service good?"
    ranked = ranker.ranked(question, "hybrid", {"authority": ["Norfolk"]}, 10, topic)
    assert dense.texts == [question, topic]
    assert lexical.texts == [topic]
    # the question's and the topic's rankings share the dense weight: 2 wins on the topic's
    # ranking and on BM25's, 1 only on the question's
    assert [r for r, _ in ranked] == [2, 1]


@pytest.mark.parametrize(
    ("choice", "embedded"),
    [("question", ["Is Norfolk's service good?"]), ("topic", ["is service good?"])],
)
def test_a_council_question_embeds_what_the_config_says(choice, embedded):
    assert DEFAULT.council_embedding == "topic"  # chosen on the development questions
    ranker, dense, _ = _ranker(council_embedding=choice)
    ranker.ranked("Is Norfolk's service good?", "hybrid", None, 10, "is service good?")
    assert dense.texts == embedded


def test_abstention_ranks_as_its_thresholds_were_calibrated_not_as_the_answer_does():
    evidence = DEFAULT.for_evidence()
    assert (evidence.council_embedding, evidence.dense_weight) == ("question", 0.5)
    assert (DEFAULT.council_embedding, DEFAULT.dense_weight) == ("topic", 0.6)
    ranker, dense, _ = _ranker(council_embedding="topic")
    replace(ranker, config=evidence).ranked(
        "Is Norfolk's service good?", "hybrid", None, 10, "is service good?"
    )
    assert dense.texts == ["Is Norfolk's service good?"]
    assert evidence.for_evidence() == evidence  # unchanged when the two agree


def test_a_question_without_a_topic_apart_is_embedded_as_asked():
    ranker, dense, _ = _ranker(council_embedding="both")
    ranker.ranked("Is the service good?", "hybrid", None, 10)  # no council: no topic apart
    assert dense.texts == ["Is the service good?"]


@pytest.mark.parametrize("fusion", ["convex", "rrf"])
def test_fuse_gives_one_ranking_with_either_fusion(fusion):
    ranker, _, _ = _ranker(fusion=fusion)
    fused = ranker.fuse([[(1, 0.9), (2, 0.1)]], [(1, 5.0), (3, 1.0)])
    assert fused[0][0] == 1
    assert {r for r, _ in fused} == {1, 2, 3}


@pytest.mark.parametrize(
    ("text", "fact", "prints"),
    [
        (_Reader.TEXTS[2], "lead_inspector", True),
        (_Reader.TEXTS[4], "lead_inspector", True),  # the named lead inspector of a part
        (_Reader.TEXTS[1], "lead_inspector", False),
        (_Reader.TEXTS[2], "inspection_dates", True),
        (_Reader.TEXTS[3], "inspection_dates", False),
        (_Reader.TEXTS[3], "publication_date", True),
        (_Reader.TEXTS[1], "publication_date", False),
    ],
)
def test_prints_fact(text, fact, prints):
    assert prints_fact(text, fact, {"B Person"}) is prints


def test_a_fact_question_ranks_the_passages_printing_it_first_in_their_order():
    ranker, _, _ = _ranker()
    ranked = [(1, 0.9), (4, 0.8), (3, 0.7), (2, 0.6)]
    assert [r for r, _ in ranker._fact_first(ranked, "lead_inspector")] == [4, 2, 1, 3]
    assert [r for r, _ in ranker._fact_first(ranked, "publication_date")] == [3, 1, 4, 2]
    moved = ranker._fact_first(ranked, "inspection_dates")
    assert [r for r, _ in moved] == [2, 1, 4, 3]
    assert [s for _, s in moved] == sorted((s for _, s in moved), reverse=True)
    # nothing prints it: the ranking as it was
    assert ranker._fact_first([(1, 0.9)], "inspection_dates") == [(1, 0.9)]
