"""A list or table of councils that names a change of grade is a change between
inspections, whichever grade it names and whatever the shape reader made of it."""

from __future__ import annotations

import pytest

from retriever.understand.across import names_grade_change
from retriever.understand.question import parse_question
from retriever.understand.resolve import veto_across


def read_as(label: str):
    return lambda question: (label, 0.66, ("which", "topic"))


@pytest.mark.parametrize(
    "question",
    [
        "Who in the South East has come out of outstanding?",
        "councils that went from good to inadequate",
        "which councils are still inadequate",
    ],
)
@pytest.mark.parametrize("label", ["region_table", "which"])
def test_a_named_change_of_grade_is_a_movement(question, label):
    intent = veto_across(parse_question(question, ["Kent"], [], shapes=read_as(label)))
    assert intent.shape == "movement"


@pytest.mark.parametrize(
    "question",
    [
        "Which councils in the North West are outstanding?",
        "which councils were rated good for care leavers at their latest inspection",
        "which councils have improved their front door",
    ],
)
def test_no_grade_change_named(question):
    assert not names_grade_change(question)
    intent = veto_across(parse_question(question, ["Kent"], [], shapes=read_as("which")))
    assert intent.shape != "movement"


def test_a_number_asked_of_a_region_is_a_count_not_its_table():
    question = "how many of the Yorkshire councils are outstanding"
    shapes = lambda q: ("region_table", 0.5, ("count", "which"))  # noqa: E731
    intent = veto_across(parse_question(question, ["Kent"], [], shapes=shapes))
    assert (intent.shape, intent.asks_count) == ("which", True)
    table = "Yorkshire councils and their grades"
    intent = veto_across(parse_question(table, ["Kent"], [], shapes=shapes))
    assert intent.shape == "region_table"


def test_one_region_is_compared_only_when_set_against_others():
    shapes = lambda q: ("region_compare", 0.44, ("count", "which"))  # noqa: E731
    question = "how many of the London councils are inadequate"
    intent = veto_across(parse_question(question, ["Kent"], [], shapes=shapes))
    assert (intent.shape, intent.asks_count) == ("which", True)
    for compared in (
        "how does London compare with the North East",
        "London compared with the rest of the country",
        "is London above the national average",
        "London against other regions",
    ):
        intent = veto_across(parse_question(compared, ["Kent"], [], shapes=shapes))
        assert intent.shape == "region_compare", compared


def test_a_change_of_no_councils_is_not_a_movement():
    shapes = lambda q: ("movement", 0.32, ("improve", "which"))  # noqa: E731
    intent = veto_across(parse_question("what must they get better at?", [], [], shapes=shapes))
    assert intent.shape == "improve"
    intent = veto_across(parse_question("which councils got better", [], [], shapes=shapes))
    assert intent.shape == "movement"
