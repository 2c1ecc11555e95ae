"""Figure questions ("how many ...?") answered only by a number printed next to what
they count, not by any number in a sentence that shares their words."""

from __future__ import annotations

import pytest

from retriever.answer.prose import compose, figure_sentence, states_asked_figure
from retriever.answer.sentences import states_figure
from retriever.config import DEFAULT
from retriever.types import Filters, Hit
from retriever.understand.query import Query
from retriever.understand.question import parse_question
from retriever.understand.shape import figure_subject

HELD = ["Wolverhampton"]
YEARS = list(range(2014, 2027))


def query(question: str) -> Query:
    intent = parse_question(question, HELD, YEARS)
    derived = Filters.of({"authority": list(intent.authorities)})
    return Query(question, "hybrid", 10, Filters(), intent, derived)


@pytest.mark.parametrize(
    "question, subject, follows",
    [
        ("How many children are in care in Wolverhampton?", ("children",), False),
        ("How many social workers does Southend employ?", ("social", "workers"), False),
        ("How many looked after children are there?", ("looked", "children"), False),
        ("How much do they spend per child?", ("spend", "per", "child"), True),
        ("What is the council tax rate for 2024/25?", ("rate",), True),
        ("What did Ofsted say about Kent?", (), True),
    ],
)
def test_figure_subject_is_what_the_question_counts(question, subject, follows):
    assert figure_subject(question) == (subject, follows)


@pytest.mark.parametrize(
    "sentence",
    [
        "Currently 14 children and young people are known to be privately fostered.",
        "There are 1,200 looked after children in the county.",
        "The number of looked after children has risen from 675 in 2011 to 850.",
        "Fourteen children were placed out of area.",
    ],
)
def test_a_figure_printed_next_to_what_is_counted_states_it(sentence):
    assert states_figure(sentence, ("looked", "children"))


@pytest.mark.parametrize(
    "sentence",
    [
        "Some older children aged 16 to 17 move appropriately into supported accommodation.",
        "Many 17-year-old children leave care well prepared.",
        "In 2019, children were seen promptly.",
        "Children benefit from a 24-hour multi-agency safeguarding hub.",
        "Since the last inspection, 3 new teams have been set up for children.",
    ],
)
def test_a_number_elsewhere_in_the_sentence_is_not_the_figure(sentence):
    assert not states_figure(sentence, ("children",))


def test_an_amount_may_follow_what_a_how_much_question_measures():
    assert states_figure("The council spends £2.5m a year on placements.", ("spend",), True)
    assert not states_figure("The council spends £2.5m a year on placements.", ("spend",))


def test_a_how_many_question_is_not_answered_by_a_number_beside_other_words():
    q = query("How many children are in care in Wolverhampton?")
    quote = "Some older children aged 16 to 17 move appropriately into care."
    assert not states_asked_figure(q, quote)
    counted = "There are 640 children in care in the city."
    assert states_asked_figure(q, counted)


def hit(passage_id: str, text: str) -> Hit:
    part = {"kind": "ilacs_report", "title": "Inspection", "inspection_end": "2015-06-01"}
    return Hit(
        {"passage_id": passage_id, "text": text, "part": part, "label": "46"},
        1.0,
        f"Nottinghamshire report, para {passage_id}",
        {"authority": "Nottinghamshire", "title": "Inspection", "date": "2015-07-20"},
    )


PRIVATE_FOSTERING = hit(
    "p46",
    "Awareness-raising about private fostering has not had an impact on increasing the "
    "number of children and young people known to the council as living in private "
    "fostering arrangements. Currently 14 children and young people are known to be "
    "privately fostered. The response to these arrangements was variable.",
)


def test_the_sentence_printing_the_figure_is_found_among_the_hits_and_quoted_first():
    q = query("How many children were known to be privately fostered in 2015?")
    other = hit("p1", "Children aged 16 to 17 who are privately fostered are seen.")
    lead = figure_sentence(q, [other, PRIVATE_FOSTERING])
    assert lead == (
        PRIVATE_FOSTERING,
        "Currently 14 children and young people are known to be privately fostered.",
    )
    text, citations, summary = compose(q, [other, PRIVATE_FOSTERING], DEFAULT, lead)
    assert citations[0].quote == lead[1]
    assert summary.startswith(lead[1])


def test_no_sentence_printing_the_figure_finds_none():
    q = query("How many children are in care in Wolverhampton?")
    other = hit("p1", "Some older children aged 16 to 17 move appropriately into care.")
    assert figure_sentence(q, [other]) is None
