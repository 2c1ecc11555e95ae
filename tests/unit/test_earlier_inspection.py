"""The earlier inspection as a slot: "the previous one", "the one before that", "last
time", read by rule (pure: no index, no model), and carried through a conversation."""

from __future__ import annotations

import pytest

from retriever.understand.earlier import Earlier, pick, read_earlier
from retriever.understand.question import parse_question

COUNCILS = ["Barnet", "Kent", "Leeds", "Southend-on-Sea", "Staffordshire"]
YEARS = list(range(2014, 2027))
DATES = ["2025-11-07", "2021-05-14", "2017-03-30"]  # newest first


def parse(question, history=None):
    return parse_question(question, COUNCILS, YEARS, history)


@pytest.mark.parametrize(
    "text, after_turn",
    [
        ("what about the previous one?", False),
        ("what about their previous inspection?", False),
        ("what did they get last time?", False),
        ("who led the last-but-one inspection?", False),
        ("grades at the penultimate Ofsted inspection", False),
        ("and the earlier report?", False),
        ("the inspection before the latest one", False),
        ("and the one before that?", True),
        ("and at the inspection before?", True),
    ],
)
def test_wordings_that_name_an_earlier_inspection(text, after_turn):
    earlier, rest = read_earlier(text)
    assert earlier == Earlier(1, after_turn)
    for word in ("previous", "last", "before", "penultimate", "earlier"):
        assert word not in rest.lower()


@pytest.mark.parametrize(
    "text",
    [
        "previous recommendations were met",
        "progress since the previous inspection",
        "what has changed compared with the previous one?",
        "how do the grades differ from the earlier inspection?",
        "what did the last inspection say?",
        "what happened before 2020?",
        "the inspection before 2019",
        "what did earlier reports say about care leavers?",
        "were the previous inspections better?",
        "all of Kent's previous grades",
        "Kent grades last time vs this time",
        "how did Kent do last time versus now",
        "the previous inspection compared with the latest",
    ],
)
def test_wordings_that_name_no_earlier_inspection(text):
    assert read_earlier(text) == (None, text)


def test_the_slot_picks_by_place_newest_first_or_before_a_year():
    assert pick(Earlier(1), DATES) == "2021-05-14"
    assert pick(Earlier(2), DATES) == "2017-03-30"
    assert pick(Earlier(3), DATES) is None
    assert pick(Earlier(1, before_year=2021), DATES) == "2017-03-30"
    assert pick(Earlier(1), DATES[:1]) is None
    # "Kent's 2022 grades" answered from the 2021 inspection, its report published in 2022
    published = {"2025-11-07": {2025}, "2021-05-14": {2021, 2022}, "2017-03-30": {2017}}
    assert pick(Earlier(1, before_year=2022), DATES, published.get) == "2017-03-30"


def test_a_previous_one_follow_up_is_bare_keeps_shape_and_council_and_no_latest():
    intent = parse("what about the previous one?", ["Kent ofsted grades"])
    assert intent.authorities == ("Kent",) and intent.shape == "grades"
    assert intent.earlier == Earlier(1) and not intent.latest and not intent.years
    assert "previous" not in intent.query and "previous" not in intent.topic
    last_time = parse("what did they get last time?", ["What grades did Kent get?"])
    assert last_time.earlier == Earlier(1) and not last_time.latest
    assert last_time.shape == "grades"


def test_the_one_before_that_counts_back_from_the_earlier_turn():
    turns = ["Kent ofsted grades", "what about the previous one?"]
    assert parse("and the one before that?", turns).earlier == Earlier(2)
    assert parse("and the one before that?", ["Kent grades in 2021"]).earlier == Earlier(
        1, before_year=2021
    )
    kept = parse("what needs to improve?", turns)  # the earlier inspection carries on
    assert kept.earlier == Earlier(1) and kept.shape == "improve"


def test_a_progress_question_about_the_previous_inspection_has_no_slot():
    intent = parse("What progress has Kent made since the previous inspection?")
    assert intent.earlier is None and intent.shape == "progress"
