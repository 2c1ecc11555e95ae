"""A year that dates an event asked about is no filter on report dates; a year that says
which report is asked about is one. Pure: the question reader alone, by rule."""

from __future__ import annotations

import pytest

from retriever.understand.events import event_years
from retriever.understand.question import parse_question

COUNCILS = ["Barnet", "Derby", "Kent", "Norfolk", "Staffordshire"]
YEARS = list(range(2014, 2027))


def parse(question, history=None):
    return parse_question(question, COUNCILS, YEARS, history)


@pytest.mark.parametrize(
    "question, year",
    [
        ("What did Ofsted say about the SEND inspection in November 2018?", 2018),
        ("What did the joint targeted area inspection in 2019 find in Derby?", 2019),
        ("What did Staffordshire's 2018 local area SEND inspection find?", 2018),
        ("What did the JTAI (July 2018) say about Kent?", 2018),
        ("What has improved in Norfolk since the 2017 inspection?", 2017),
        ("How has Kent changed since its last inspection in March 2017?", 2017),
    ],
)
def test_a_year_of_an_event_boosts_and_filters_nothing(question, year):
    intent = parse(question)
    assert intent.years == () and intent.event_years == (year,)
    assert "year" not in intent.filters() and intent.months == ()
    assert str(year) not in intent.topic and "november" not in intent.topic


@pytest.mark.parametrize(
    "question, year",
    [
        ("What did Ofsted say about Barnet in its 2019 inspection?", 2019),
        ("Barnet's 2019 report on care leavers", 2019),
        ("What did the 2019 inspection say about the SEND inspection in 2018?", 2019),
        ("What did Ofsted say about SEND in Kent in 2019?", 2019),
    ],
)
def test_a_year_that_says_which_report_stays_a_filter(question, year):
    intent = parse(question)
    assert intent.years == (year,) and intent.filters()["year"] == [year]


def test_a_follow_up_year_is_which_report_and_a_bare_range_is_when_inspected():
    assert parse("what about 2019?", ["How did Kent do at its last inspection?"]).years == (2019,)
    after = parse("Kent inspections after 2018")
    assert after.year_range and after.years == tuple(range(2019, 2027))
    assert event_years("Kent inspections after 2018") == []
