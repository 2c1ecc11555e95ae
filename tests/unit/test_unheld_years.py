"""A grades, briefing or trend question whose years hold none of a council's
inspections abstains, naming the council, the years and the inspections held."""

from __future__ import annotations

import pytest

from retriever.answer.compose import compose_answer
from retriever.answer.grades import years_unheld
from retriever.answer.sources import Sources
from retriever.config import DEFAULT
from retriever.types import Filters
from retriever.understand.query import Query
from retriever.understand.question import parse_question, years_asked

HELD = ["Birmingham", "Kent", "Wolverhampton"]
YEARS = list(range(2014, 2027))
ROWS = [
    {
        "authority": "Birmingham",
        "inspection_date": "2018-12-03",
        "doc_id": "birmingham-2018",
        "area": "Overall effectiveness",
        "grade": "Inadequate",
        "passage_id": "birmingham-2018/p1",
    },
    {
        "authority": "Kent",
        "inspection_date": "2022-07-11",
        "doc_id": "kent-2022",
        "area": "Overall effectiveness",
        "grade": "Outstanding",
        "passage_id": "kent-2022/p1",
    },
]
REPORT_YEARS = {"birmingham-2018": {2018, 2019}, "kent-2022": {2022}}


def query(question: str) -> Query:
    intent = parse_question(question, HELD, YEARS)
    derived = {"authority": list(intent.authorities)} if intent.authorities else {}
    if intent.years:
        derived["year"] = list(intent.years)
    return Query(question, "hybrid", 10, Filters(), intent, Filters.of(derived))


def unheld(question: str) -> str:
    intent = parse_question(question, HELD, YEARS)
    return years_unheld(list(intent.authorities), ROWS, intent, REPORT_YEARS.get)


# -- years that hold none of a council's inspections ---------------------------------------
def test_a_range_after_the_only_inspection_is_said_to_hold_none_naming_what_is_held():
    reason = unheld("What grade did Birmingham get at its inspection after 2018?")
    assert reason == (
        "The index holds no Birmingham inspection after 2018; its inspections: December 2018."
    )


@pytest.mark.parametrize(
    "question",
    [
        "What grade did Birmingham get at its inspection after 2017?",
        "What grade did Birmingham get since 2018?",
        # a report published in 2019 of an inspection in December 2018: "the 2019 inspection"
        "What grade did Birmingham get in 2019?",
        "What grade did Birmingham get?",  # no years named
        "What grade did Birmingham get at its latest inspection?",
        "What grade did Wolverhampton get after 2018?",  # no graded inspection: not this check
    ],
)
def test_years_holding_an_inspection_or_no_years_are_left_to_the_composers(question):
    assert unheld(question) == ""


def test_a_year_named_outright_is_said_as_asked():
    assert unheld("How was Kent rated in 2016?") == (
        "The index holds no Kent inspection in 2016; its inspections: July 2022."
    )
    assert years_asked(parse_question("Kent before 2020?", HELD, YEARS)) == "before 2020"


class _Held:
    """The catalogue's judgement rows and report years, and nothing else."""

    doc_years = REPORT_YEARS

    def reported_judgements(self):
        return ROWS


class _NoSearch:
    def rank(self, *_):
        raise AssertionError("no search for years that hold no inspection")


def test_compose_answer_abstains_with_the_reason_before_any_composer_runs():
    sources = Sources(_NoSearch(), _Held(), None, DEFAULT)
    for question in (
        "What grade did Birmingham get at its inspection after 2018?",
        "Give me a briefing on Birmingham's inspection after 2018",
        "How have Birmingham's grades changed since 2020?",
    ):
        answer = compose_answer(query(question), sources)
        assert answer.abstained and answer.citations == [], question
        assert answer.answer.startswith("The index holds no Birmingham inspection"), question
        assert "December 2018" in answer.answer


def test_a_comparison_is_left_to_show_what_each_council_holds():
    from retriever.answer.compose import years_unheld_reason

    sources = Sources(_NoSearch(), _Held(), None, DEFAULT)
    compare = query("Compare Birmingham and Kent after 2018")
    assert compare.shape == "compare"
    assert years_unheld_reason(compare, sources) == ""
    alone = query("What grade did Birmingham get after 2018?")
    assert years_unheld_reason(alone, sources).startswith("The index holds no Birmingham")
