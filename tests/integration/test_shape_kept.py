"""A question whose shape's composer cannot answer keeps its shape and says what it needs,
never quoted passages passed off as an answer of another shape."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def shaped(index_dir):
    from retriever import Retriever

    return Retriever.open(index_dir)


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        ("what must we improve", "improve"),
        ("What is the council being asked to endorse?", "recommendations"),
        ("who are our statistical neighbours", "neighbours"),
        ("who was our lead inspector", "fact_inspector"),
        ("how do we measure up against similar authorities on overall effectiveness", "compare"),
    ],
)
def test_no_council_named_keeps_the_shape_and_asks_for_one(shaped, question, shape):
    answer = shaped.ask(question)
    assert answer.shape == shape, answer.answer[:300]
    assert answer.abstained
    assert answer.answer.startswith("Name a council"), answer.answer[:300]


def test_a_council_without_the_list_is_said_to_lack_it(shaped):
    answer = shaped.ask("What did the Birmingham cabinet report recommend?")
    assert answer.shape == "recommendations", answer.answer[:300]
    if answer.abstained:
        assert "holds no cabinet or committee report" in answer.answer


def test_misspelt_grade_is_read(shaped):
    answer = shaped.ask("how many LAs got requires improvment")
    assert answer.shape == "count" and not answer.abstained, answer.answer[:300]
