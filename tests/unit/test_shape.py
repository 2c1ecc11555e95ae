"""The question's shape: grades, improve, recommendations, briefing, trend, compare, which,
fact, topic; what a fact asks for; whether a count is asked; follow-ups keep the shape."""

from __future__ import annotations

import pytest

from retriever.understand.question import parse_question
from retriever.understand.shape import (
    SHAPES,
    Shape,
    asks_count,
    asks_how_rated,
    fact_asked,
    keeps_shape,
    read_shape,
)

COUNCILS = [
    "Birmingham",
    "Bournemouth, Christchurch and Poole",
    "Bristol",
    "Cheshire East",
    "Halton",
    "Kent",
    "Knowsley",
    "Leeds",
    "Southend-on-Sea",
    "Staffordshire",
    "Wolverhampton",
]
YEARS = list(range(2014, 2027))


def parse(question, history=None):
    return parse_question(question, COUNCILS, YEARS, history)


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        # improve: Ofsted's own list
        ("What does Halton need to improve?", "improve"),
        ("What are the areas for improvement for Kent?", "improve"),
        ("areas for improvement", "improve"),
        ("Ofsted's recommendations for Leeds", "improve"),
        ("What did Ofsted recommend for Southend?", "improve"),
        ("How many recommendations did Ofsted make for Staffordshire?", "improve"),
        ("What needs improving in Birmingham?", "improve"),
        ("What are Norfolk's weaknesses?", "improve"),
        # recommendations: a council report's decisions
        ("What is cabinet asked to decide?", "recommendations"),
        ("What did the report recommend?", "recommendations"),
        ("What did the Cheshire East cabinet report recommend?", "recommendations"),
        ("What are members asked to agree?", "recommendations"),
        # briefing
        ("Summarise the inspection for cabinet", "briefing"),
        ("Summarise the findings of the latest Ofsted inspection of Bristol", "briefing"),
        ("key findings", "briefing"),
        ("What are the headlines for Leeds?", "briefing"),
        ("Give me a briefing on Kent's inspection", "briefing"),
        ("What did the inspection find?", "briefing"),
        # trend
        ("How has Staffordshire changed since 2019?", "trend"),
        ("progress since the last inspection", "progress"),
        ("What have the monitoring visits to Barnet found since the inspection?", "progress"),
        ("Has Kent improved since 2017?", "trend"),
        ("How have Birmingham's grades changed over time?", "trend"),
        # which
        ("Which councils were rated inadequate for care leavers in 2025?", "which"),
        ("How many councils were judged outstanding overall?", "which"),
        ("List the local authorities that got good for leadership", "which"),
        ("How many schools in Southend were rated outstanding?", "which"),
        # fact
        ("Who led the inspection?", "fact"),
        ("When was Knowsley inspected?", "fact"),
        ("When was the Leeds report published?", "fact"),
        ("Who was the lead inspector for Southend?", "fact"),
        ("What were the inspection dates for Kent?", "fact"),
        # compare
        ("Compare Leeds and Wolverhampton on help and protection", "compare"),
        ("How do Leeds and Kent differ on care leavers?", "compare"),
        # grades
        ("What grade did Southend get for care leavers?", "grades"),
        ("How was Leeds rated?", "grades"),
        ("How was Leeds rated in 2019?", "grades"),
        ("How was Kent rated overall in December 2018?", "grades"),
        ("How was Kent judged at its 2017 inspection?", "grades"),
        ("What judgements did Bristol get?", "grades"),
        ("Was Kent judged outstanding overall?", "grades"),
        # topic
        ("What did Ofsted say about care leaver accommodation?", "topic"),
        ("How is the LADO doing in Staffs?", "topic"),
        ("What will the inspection outcome mean for the council budget?", "topic"),
        ("How are children at risk of exploitation supported in Leeds?", "topic"),
    ],
)
def test_shape_of_real_phrasings(question, shape):
    assert parse(question).shape == shape


def test_every_shape_is_reachable():
    questions = [
        "What grade did Leeds get?",
        "What does Halton need to improve?",
        "What is cabinet asked to decide?",
        "Key findings for Kent",
        "How has Kent changed since 2017?",
        "How has Barnet progressed since it was judged inadequate?",
        "Compare Leeds and Kent",
        "Which councils were rated good?",
        "Who led the inspection?",
        "What did Ofsted say about fostering?",
    ]
    # the rule reader cannot tell these apart: the classifier reads them
    classifier_only = {"neighbours", "movement", "region_table", "region_compare"}
    assert {parse(q).shape for q in questions} == set(SHAPES) - classifier_only


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Who led the inspection?", "lead_inspector"),
        ("Who was the lead inspector for Kent?", "lead_inspector"),
        ("When was Knowsley inspected?", "inspection_dates"),
        ("What were the dates of the inspection of Leeds?", "inspection_dates"),
        ("When did Ofsted visit Southend?", "inspection_dates"),
        ("When was the report published?", "publication_date"),
        ("What is the publication date of the Norfolk report?", "publication_date"),
        ("When will the next Kent report be published?", "publication_date"),
        ("When did the Leeds report come out?", "publication_date"),
        ("When was the report out?", "publication_date"),
        # "carried out" is the inspection, not a report coming out
        ("When was the Leeds inspection carried out?", "inspection_dates"),
        ("When did Ofsted carry out the visit to Kent?", "inspection_dates"),
        ("What did Ofsted say about care leavers?", None),
    ],
)
def test_what_a_fact_asks_for(question, fact):
    assert fact_asked(question) == fact
    intent = parse(question)
    assert intent.fact == fact
    assert (intent.shape == "fact") is (fact is not None)


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("How many recommendations did Ofsted make for Staffordshire?", True),
        ("How many councils were rated inadequate in 2025?", True),
        ("What number of areas for improvement did Kent have?", True),
        ("Number of children in care in Kent?", True),
        ("What is the total number of care leavers in Leeds?", True),
        # "the number of" inside a question about something else asks for no figure
        (
            "Is early support for families in Cornwall keeping down the number of children "
            "who need child protection plans?",
            False,
        ),
        ("What does Halton need to improve?", False),
        ("Which councils were rated inadequate?", False),
        ("count councils in the South East rated good", True),
        ("total councils rated inadequate since 2019", True),
        ("per region counts of inadequate councils", True),
        ("count me in for the family hub", False),
        ("no. of councils rated outstanding", True),
        ("is there no early help offer?", False),
    ],
)
def test_count_is_read(question, count):
    assert asks_count(question) is count
    assert parse(question).asks_count is count


def test_how_many_recommendations_is_an_improvement_list_with_a_count():
    intent = parse("How many recommendations did Ofsted make for Staffordshire?")
    assert (intent.shape, intent.asks_count, intent.authorities) == (
        "improve",
        True,
        ("Staffordshire",),
    )


@pytest.mark.parametrize(
    ("first", "then", "shape"),
    [
        ("What does Halton need to improve?", "and Knowsley?", "improve"),
        ("What does Halton need to improve?", "What about Leeds?", "improve"),
        ("Who led the inspection of Kent?", "and Leeds?", "fact"),
        ("Summarise the inspection of Kent for cabinet", "and Leeds?", "briefing"),
        ("What grade did Leeds get for care leavers?", "and Kent?", "grades"),
        ("How has Kent changed since 2017?", "and Birmingham?", "trend"),
        # a follow-up with a shape of its own keeps its own
        ("What does Halton need to improve?", "and who led Knowsley's inspection?", "fact"),
        ("What does Halton need to improve?", "and what grades did Knowsley get?", "grades"),
    ],
)
def test_follow_up_keeps_the_shape_when_only_the_council_changes(first, then, shape):
    intent = parse(then, history=[first])
    assert intent.followup
    assert intent.shape == shape


def test_follow_up_keeps_what_the_fact_asked_for():
    intent = parse("and Leeds?", history=["When was Kent inspected?"])
    assert (intent.shape, intent.fact, intent.authorities) == (
        "fact",
        "inspection_dates",
        ("Leeds",),
    )


def test_follow_up_with_a_new_topic_does_not_inherit_the_shape():
    intent = parse(
        "What did Ofsted say about care leavers in Knowsley?",
        history=["What does Halton need to improve?"],
    )
    assert intent.shape == "topic"


def test_grade_and_compare_flags_are_unchanged_by_the_shape():
    intent = parse("Compare the grades of Leeds and Kent")
    assert intent.asks_grade and intent.compare and intent.shape == "compare"
    intent = parse("What grade did Leeds get for care leavers?")
    assert intent.asks_grade and not intent.compare and intent.shape == "grades"


def test_keeps_shape_is_pure():
    previous = Shape("improve")
    assert keeps_shape(Shape(), previous) == previous
    assert keeps_shape(Shape("fact", fact="lead_inspector"), previous).kind == "fact"
    assert read_shape("What does Halton need to improve?").kind == "improve"
    assert read_shape("Leeds and Kent", councils=2).kind == "compare"
    assert read_shape("How was Leeds rated?", councils=1).kind == "grades"
    assert read_shape("How was Leeds rated?").kind == "topic"


def test_a_whole_question_asking_how_a_council_was_rated_is_read():
    assert asks_how_rated("How was Leeds rated at its most recent Ofsted inspection?")
    assert asks_how_rated("how was kent judged at the last ilacs inspection")
    assert not asks_how_rated("How was Leeds rated for its work with care leavers in the LADO?")
