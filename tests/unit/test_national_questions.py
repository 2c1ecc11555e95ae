"""The national gold questions (eval/questions_national.jsonl): they load, cover councils
of every region and inspection years 2014 to 2026, and say which report they ask about."""

from __future__ import annotations

import re
from pathlib import Path

from eval.questions import load_questions
from indexer import councils
from retriever.understand.question import parse_question

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = load_questions(ROOT / "eval" / "questions_national.jsonl")
_DOC = re.compile(r"^(?P<council>[a-z-]+)-(?P<year>\d{4})-\d{2}-ilacs$")


def council_of(doc: str):
    return councils.lookup(_DOC.match(doc)["council"].replace("-", " "))


def test_at_least_forty_answerable_questions_each_with_gold():
    assert len(QUESTIONS) >= 40
    assert all(q["answerable"] and q["gold"] for q in QUESTIONS)
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)


def test_every_region_and_every_year_from_2014_to_2026():
    docs = [g["doc"] for q in QUESTIONS for g in q["gold"]]
    assert all(_DOC.match(d) and council_of(d) for d in docs)
    regions = {council_of(d).region_code for d in docs}
    assert len(regions) == len({c.region_code for c in councils.all_councils()})
    years = {int(_DOC.match(d)["year"]) for d in docs}
    assert set(range(2014, 2027)) <= years


def test_each_question_names_the_council_of_its_gold_report():
    names = sorted({c.name for c in councils.all_councils()})
    for q in QUESTIONS:
        council = council_of(q["gold"][0]["doc"])
        intent = parse_question(q["question"], names, list(range(2010, 2027)))
        assert intent.authorities == (council.name,), q["question"]
