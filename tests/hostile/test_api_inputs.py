"""Bad input at the API's edge: `Retriever.search` and `ask` refuse what
they cannot use with a QuestionError or FilterError that says what is allowed, before any
search runs, instead of a wrong answer or a raw TypeError/ValueError."""

from __future__ import annotations

import pytest

from retriever import FilterError, QuestionError

pytestmark = pytest.mark.model  # the session's real index

QUESTION = "How well are care leavers supported?"

# (keyword arguments, the error, words the message must hold)
BAD_INPUTS = [
    ({"k": -1}, FilterError, "from 1 to 100"),
    ({"k": 0}, FilterError, "from 1 to 100"),
    ({"k": 10_000}, FilterError, "from 1 to 100"),
    ({"k": "5"}, FilterError, "whole number"),
    ({"k": 2.5}, FilterError, "whole number"),
    ({"k": True}, FilterError, "whole number"),
    ({"filters": ["Leeds"]}, FilterError, "mapping of filter name"),
    ({"filters": "authority=Leeds"}, FilterError, "mapping of filter name"),
    ({"filters": {"year": 2023.7}}, FilterError, "2023.7"),
    ({"filters": {"year": [2023, 2024.5]}}, FilterError, "2024.5"),
    ({"filters": {"authority": {"name": "Leeds"}}}, FilterError, "text or whole numbers"),
    ({"filters": {"authority": b"Leeds"}}, FilterError, "text or whole numbers"),
    ({"mode": ["hybrid"]}, FilterError, "unknown mode"),
    ({"history": "And in Leeds?"}, QuestionError, "list of earlier questions"),
    ({"history": [1, 2]}, QuestionError, "list of earlier questions"),
    ({"history": ["care leavers \udcff"]}, QuestionError, "not valid text"),
]


@pytest.mark.parametrize("call", ["search", "ask"])
@pytest.mark.parametrize(("kwargs", "error", "words"), BAD_INPUTS)
def test_bad_arguments_are_clear_errors(retriever, call, kwargs, error, words):
    with pytest.raises(error) as caught:
        getattr(retriever, call)(QUESTION, **kwargs)
    assert words in str(caught.value)
    assert type(caught.value) is error  # not a bare ValueError or TypeError underneath


@pytest.mark.parametrize(
    "question",
    [None, 42, ["care leavers"], b"care leavers", "care \ud800 leavers", "Leeds \udcff\udcfe"],
)
def test_a_question_that_is_not_text(retriever, question):
    with pytest.raises(QuestionError):
        retriever.ask(question)


def test_good_arguments_still_work(retriever):
    assert len(retriever.search(QUESTION, k=3)) == 3
    assert len(retriever.search(QUESTION)) == retriever.config.k
    hits = retriever.search(QUESTION, k=5, filters={"year": "2024", "authority": "Southend-on-Sea"})
    assert hits and {h.document["authority"] for h in hits} == {"Southend-on-Sea"}
    assert retriever.ask(QUESTION, k=4, filters={"year": [2019, 2024]}, history=[]).citations
