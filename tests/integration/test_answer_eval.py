"""Floors for the answer eval (eval/answers.py) on the gold set and the holdout, set just
under what the shaped composers reach (docs/quality.md): a regression fails here."""

from __future__ import annotations

import pytest

from eval.answers import evaluate_answers
from eval.questions import load_questions
from tests.conftest import ROOT

FILES = ("questions.jsonl", "questions_holdout.jsonl")
ITEM_RECALL_FLOOR = {"questions.jsonl": 0.95, "questions_holdout.jsonl": 0.95}
LISTS_COMPLETE_FLOOR = {"questions.jsonl": 0.95, "questions_holdout.jsonl": 0.95}
BRIEFING_GRADES_FLOOR = 0.95
ABSTENTION_FLOOR = 0.80
# over the shaped and unanswerable questions: 21 of 21 answerable gold ones are answered
# (the Birmingham report of "2019", inspected in December 2018, is found by its
# publication month, January 2019)
ANSWER_RATE_FLOOR = 0.95


@pytest.fixture(scope="module")
def results(retriever):
    out = {}
    for name in FILES:
        questions = [
            q for q in load_questions(ROOT / "eval" / name) if "shape" in q or not q["answerable"]
        ]
        out[name] = evaluate_answers(retriever, questions)
    return out


@pytest.mark.parametrize("name", FILES)
def test_lists_are_printed_whole(results, name):
    lists = results[name]["lists"]
    assert lists["item_recall"] >= ITEM_RECALL_FLOOR[name], lists
    assert lists["complete"] >= LISTS_COMPLETE_FLOOR[name], lists


@pytest.mark.parametrize("name", FILES)
def test_briefings_show_the_grades_and_an_improvement_point(results, name):
    r = results[name]
    assert r["briefing_grade_recall"] >= BRIEFING_GRADES_FLOOR, r["shapes"]["briefing"]
    assert r["briefing_improvement_point"] == 1.0, r["shapes"]["briefing"]


@pytest.mark.parametrize("name", FILES)
def test_facts_councils_and_counts(results, name):
    shapes = results[name]["shapes"]
    assert shapes["fact"]["fact_right"] == 1.0, shapes["fact"]
    assert shapes["which"]["council_recall"] == 1.0, shapes["which"]
    assert shapes["which"]["count_right"] == 1.0, shapes["which"]


@pytest.mark.parametrize("name", FILES)
def test_unanswerable_abstain_and_answerable_are_answered(results, name):
    a = results[name]["abstention"]
    assert not [q for q in a["questions"] if q.get("error")]
    assert a["abstention_rate"] >= ABSTENTION_FLOOR, a
    assert a["answer_rate"] >= ANSWER_RATE_FLOOR, a


@pytest.mark.parametrize("name", FILES)
def test_every_citation_quotes_its_passage(results, name):
    c = results[name]["citations"]
    assert c["total"] and c["faithful"] == c["total"], c
