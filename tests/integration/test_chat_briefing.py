"""A briefing asked for in the chat becomes the council's cabinet briefing (the paper the
Briefing view exports): its grades, its neighbours with its region and England, the answer's
headlines and what needs to improve, every reference numbered; any other answer does not."""

from __future__ import annotations

from webapp.chatbrief import chat_briefing


def test_a_briefing_question_becomes_the_councils_cabinet_briefing(retriever):
    question = "briefing for Leeds"
    answer = retriever.ask(question)
    assert answer.shape == "briefing" and not answer.abstained
    paper = chat_briefing(question, answer, retriever.judgements())
    assert paper is not None and paper.council == "Leeds"
    assert paper.title == "Ofsted inspection briefing: Leeds"
    assert [g["Inspection"] for g in paper.grades] == ["2025-07-04"]
    assert paper.grades[0]["Overall effectiveness"] == "Outstanding"
    councils = [n["Council"] for n in paper.neighbours]
    assert councils[0] == "Leeds" and councils[-2:] == ["Yorkshire and the Humber", "England"]
    (section,) = paper.sections
    assert section.question == question
    assert "What needs to improve:" in section.lines
    assert len(paper.references) == len({(c.passage_id, c.quote) for c in answer.citations})
    assert all(r.report.startswith("Leeds: ") for r in paper.references)


def test_my_council_briefing_drops_the_assumed_line(retriever):
    answer = retriever.ask("brief me on our council", council="Kent")
    assert answer.carried == ["Kent (your council)"]
    paper = chat_briefing("brief me on our council", answer, retriever.judgements())
    assert paper.council == "Kent"
    assert not paper.sections[0].lines[0].startswith("Kent (your council)")


def test_other_answers_make_no_briefing(retriever):
    judgements = retriever.judgements()
    for question in ("Which councils were rated good overall?", "briefing for Barnet"):
        assert chat_briefing(question, retriever.ask(question), judgements) is None
    assert chat_briefing("hello", None, judgements) is None
