"""Retrieval among all councils: newest report first, answers that name the
councils they draw on, statistical neighbours."""

from __future__ import annotations

import pytest

from indexer import councils as council_table
from retriever.answer.compare import neighbours_summary
from retriever.answer.shaped import drawn_from, with_councils_named
from retriever.search.ranking import newest_first, wants_newest
from retriever.types import Answer, Citation, Filters, Hit
from retriever.understand.query import Query
from retriever.understand.question import asks_neighbours, parse_question, with_neighbours

HELD = ["Kent", "Norfolk", "Halton", "Sefton", "Knowsley", "Liverpool", "Staffordshire"]
YEARS = list(range(2012, 2027))


def query(question: str, filters: dict | None = None) -> Query:
    intent = with_neighbours(parse_question(question, HELD, YEARS), HELD)
    derived = dict(filters or {})
    if intent.authorities:
        derived.setdefault("authority", list(intent.authorities))
    if intent.years:
        derived.setdefault("year", list(intent.years))
    return Query(question, "hybrid", 10, Filters.of(filters), intent, Filters.of(derived))


@pytest.mark.parametrize(
    "question",
    [
        "How well does Kent support care leavers?",
        "What did Ofsted say about the MASH in Norfolk?",
        "Who was the lead inspector for Halton?",
        # "past", "before", "prior" of children's lives, not of an earlier report
        "Are children in Kent's care helped to understand their past?",
        "Do young people in Norfolk get help before they leave care?",
        "What support does Halton give prior to leaving care?",
    ],
)
def test_a_council_question_without_a_year_wants_the_newest_report(question):
    assert wants_newest(query(question))


@pytest.mark.parametrize(
    "question",
    [
        "How well did Kent support care leavers in 2017?",
        "How has Kent changed since the last inspection?",
        "What did the previous inspection of Norfolk say about the MASH?",
        "What did Ofsted say about Halton's first inspection?",
        "What is the history of Kent's grades?",
        "What did past inspections of Norfolk find?",
        "How was Kent rated before the latest Ofsted inspection?",
        "What did the prior report on Halton say?",
    ],
)
def test_a_year_history_or_earlier_report_keeps_every_report(question):
    assert not wants_newest(query(question))


def test_a_year_filter_from_the_caller_keeps_every_report_of_that_year():
    assert not wants_newest(query("How well does Kent support care leavers?", {"year": [2017]}))


def test_newest_pack_ranks_ahead_of_older_reports_each_in_its_own_order():
    first = [(5, 0.02), (6, 0.01)]
    everything = [(9, 0.9), (5, 0.5), (8, 0.4), (6, 0.3)]
    ranked = newest_first(first, everything, 10)
    assert [r for r, _ in ranked] == [5, 6, 9, 8]
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)
    assert newest_first(first, everything, 3) == ranked[:3]
    assert [r for r, _ in newest_first([], everything, 10)] == [9, 5, 8, 6]


@pytest.mark.parametrize(
    "question",
    [
        "How does Knowsley compare with its statistical neighbours on care leavers?",
        "How does Kent compare with similar councils?",
        "Compare Halton with its neighbours",
        "How does Sefton do against its stat neighbours?",
    ],
)
def test_statistical_neighbours_are_understood(question):
    assert asks_neighbours(question)


@pytest.mark.parametrize(
    "question",
    ["What do neighbourhood teams do in Kent?", "How well does Kent support care leavers?"],
)
def test_other_questions_are_not_about_neighbours(question):
    assert not asks_neighbours(question)


def test_neighbours_become_a_comparison_with_those_held_closest_first():
    intent = query(
        "How does Knowsley compare with its statistical neighbours on care leavers?"
    ).intent
    near = [c.name for c in council_table.neighbours("Knowsley")]
    held_near = [n for n in near if n in HELD]
    assert intent.authorities == ("Knowsley", *held_near)
    assert intent.compare and intent.shape == "compare" and intent.areas == ("care_leavers",)
    missing = [n for n in near if n not in HELD]
    assert all(n in intent.notes[0] for n in missing)
    # the words that chose the councils are not searched as the topic
    assert "neighbour" not in intent.topic.lower() and "neighbour" not in intent.query.lower()
    assert "care leavers" in intent.topic.lower()


def test_neighbours_of_a_council_the_index_lacks_are_still_compared():
    held = [n for n in HELD if n != "Knowsley"]
    intent = with_neighbours(
        parse_question("How does Knowsley compare with its statistical neighbours?", held, YEARS),
        held,
    )
    assert "Knowsley" not in intent.authorities and intent.authorities
    assert "Knowsley" not in intent.unknown_authorities
    assert "Knowsley itself" in intent.notes[0]


def test_neighbours_none_held_leaves_the_question_as_it_was():
    held = ["Kent"]
    intent = parse_question("How does Kent compare with its statistical neighbours?", held, YEARS)
    assert with_neighbours(intent, held).authorities == ("Kent",)


def test_neighbours_summary_names_every_council_in_order():
    text = neighbours_summary(["Knowsley", "Halton", "Sefton"])
    assert text.index("Knowsley") < text.index("Halton") < text.index("Sefton")
    assert "grades first" in text


def _hit(pid: str, council: str) -> Hit:
    return Hit({"passage_id": pid}, 1.0, f"{council} report", {"authority": council})


def _answer(pairs: list[tuple[str, str]]) -> Answer:
    hits = [_hit(pid, council) for pid, council in pairs]
    cites = [Citation(i + 1, pid, "c", "q") for i, (pid, _) in enumerate(pairs)]
    return Answer("q", "Some answer [1]", False, cites, hits, {}, "s")


def test_an_answer_to_a_question_naming_no_council_says_which_it_draws_on():
    answer = _answer([("a", "Kent"), ("b", "Norfolk"), ("c", "Kent")])
    assert drawn_from(answer) == ["Kent", "Norfolk"]
    named = with_councils_named(query("How well does the MASH work?"), answer)
    assert named.answer.startswith("Some answer [1]")
    assert "names no council" in named.answer and "Kent and Norfolk" in named.answer


def test_an_answer_about_a_named_council_or_an_abstention_is_left_alone():
    answer = _answer([("a", "Kent")])
    assert with_councils_named(query("How well does Kent's MASH work?"), answer) == answer
    assert with_councils_named(query("x", {"authority": ["Kent"]}), answer) == answer
    abstained = Answer("q", "not covered", True, [], [], {}, "")
    assert with_councils_named(query("How well does the MASH work?"), abstained) == abstained


# -- shape-aware ranking: an answer's own parts first ---------------------------------------
class _Reader:
    LISTS = [
        {
            "doc_id": "kent-2026",
            "part_slug": "r",
            "kind": "summary",
            "lead_passage_id": None,
            "passage_ids": ["kent-2026#r/Summary"],
            "authority": "Kent",
        },
        {
            "doc_id": "kent-2026",
            "part_slug": "r",
            "kind": "improve",
            "lead_passage_id": None,
            "passage_ids": ["kent-2026#r/What needs to improve"],
            "authority": "Kent",
        },
        {
            "doc_id": "kent-2017",
            "part_slug": "r",
            "kind": "improve",
            "lead_passage_id": None,
            "passage_ids": ["kent-2017#r/Recommendations"],
            "authority": "Kent",
        },
    ]
    ROWIDS = {
        "kent-2026#r/Summary": 1,
        "kent-2026#r/What needs to improve": 2,
        "kent-2017#r/Recommendations": 3,
        "kent-2026#r/Judgements table": 4,
    }

    def lists(self, authority=None, doc_id=None, kinds=()):
        return [x for x in self.LISTS if x["authority"] == authority and x["kind"] in kinds]

    def canonical_by_passage_id(self, ids):
        return {i: self.ROWIDS[i] for i in ids if i in self.ROWIDS}


class _Catalogue:
    reader = _Reader()
    doc_years = {"kent-2026": {2025, 2026}, "kent-2017": {2017}}
    judgements = [{"doc_id": "kent-2026", "passage_id": "kent-2026#r/Judgements table"}]
    judgement_passages = {"kent-2026": ["kent-2026#r/Judgements table"]}


def _ranker():
    from retriever.config import DEFAULT
    from retriever.search.ranking import Ranker

    return Ranker(_Catalogue(), None, None, None, DEFAULT)


def test_improve_and_briefing_questions_rank_the_newest_reports_own_parts_first():
    ranker = _ranker()
    improve = query("What does Kent need to improve?")
    assert ranker.shape_passages(improve, ["Kent"]) == ["kent-2026#r/What needs to improve"]
    briefing = query("Summarise the Kent inspection for a cabinet briefing")
    assert ranker.shape_passages(briefing, ["Kent"]) == [
        "kent-2026#r/Judgements table",
        "kent-2026#r/Summary",
        "kent-2026#r/What needs to improve",
    ]
    older = query("What did Ofsted recommend for Kent in 2017?")
    assert ranker.shape_passages(older, ["Kent"]) == ["kent-2017#r/Recommendations"]
    ranked = ranker._first([(9, 0.5), (2, 0.4), (8, 0.3)], ["kent-2026#r/What needs to improve"])
    assert [r for r, _ in ranked] == [2, 9, 8]
