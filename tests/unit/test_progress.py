"""The progress answer's pure parts: which grade a question says was given, and an
inspection's grade quoted from its table line or, where the line cannot be, from the
sentence that states it."""

from __future__ import annotations

import pytest

from retriever.answer.cited import Cited
from retriever.answer.progress import Inspection, _grades, grade_asked
from retriever.types import Hit


@pytest.mark.parametrize(
    "question, grade",
    [
        ("How has Barnet progressed since it was judged inadequate?", "Inadequate"),
        ("progress since our inadequate judgement", "Inadequate"),
        ("Has Leeds improved since being rated requires improvement?", "Requires improvement"),
        ("Has Kent made good progress since its last inspection?", None),
        ("Barnet's progress since its last inspection", None),
    ],
)
def test_the_grade_a_question_says_was_given(question, grade):
    assert grade_asked(question) == grade


def _passages(text: str):
    hit = Hit({"passage_id": "p", "text": text}, 0.0, "Barnet Ofsted report, Judgements table", {})
    return lambda pid: hit if pid == "p" else None


ROW = {"passage_id": "p", "area": "Overall effectiveness", "grade": "Inadequate",
       "inspection_date": "2016-10-01", "authority": "Barnet"}  # fmt: skip


def test_a_grade_is_quoted_from_its_table_line():
    cited = Cited(_passages("Judgement Grade\nOverall effectiveness Inadequate"))
    _grades(cited, Inspection("2016-10-01", (ROW,)))
    assert cited.lines == ["- Overall effectiveness: Inadequate [1]"]
    assert cited.citations[0].quote == "Overall effectiveness Inadequate"


def test_a_grade_no_table_line_prints_is_quoted_from_the_sentence_stating_it():
    """A single-inspection-framework cover prints the overall grade as a sentence above
    its numbered judgements."""
    text = "Children's services in Barnet are inadequate\n1. Children who need help Inadequate"
    cited = Cited(_passages(text))
    _grades(cited, Inspection("2016-10-01", (ROW,)))
    assert cited.lines == ["- Overall effectiveness: Inadequate [1]"]
    assert cited.citations[0].quote == "Children's services in Barnet are inadequate"


def test_a_paragraph_labelled_by_its_heading_names_it_once():
    from retriever.answer.citations import citation_for

    document = {"authority": "Barnet", "date": "2022-10-18"}
    part = {"kind": "monitoring_visit", "inspection_end": "2022-09-07"}
    passage = {"part": part, "section": "Headline findings", "label": "Headline findings"}
    assert citation_for(document, passage) == (
        "Barnet Ofsted monitoring visit, Sep 2022, Headline findings"
    )
    numbered = {**passage, "label": "12"}
    assert citation_for(document, numbered).endswith("Headline findings, para 12")
