"""The earlier inspection asked about in a follow-up ("what about the previous one?"),
answered from that inspection's report, through ask on the shipped index (Kent and
Staffordshire hold two graded inspections there, Leeds one)."""

from __future__ import annotations

KENT_2017 = "kent-2017-06-sif"


def cited_docs(answer) -> set[str]:
    by_id = {h.passage["passage_id"]: h for h in answer.hits}
    return {by_id[c.passage_id].document["doc_id"] for c in answer.citations}


def test_the_previous_one_after_a_rating_gives_the_grades_of_the_inspection_before(retriever):
    answer = retriever.ask("what about the previous one?", history=["Kent ofsted rating"])
    assert answer.shape == "grades" and not answer.abstained
    assert cited_docs(answer) == {KENT_2017}
    assert "Kent: inspection Mar 2017" in answer.answer and "2025" not in answer.answer
    assert "Overall effectiveness: Good" in answer.answer
    assert "the one before the latest" in answer.answer.splitlines()[0]


def test_the_previous_one_after_who_led_gives_the_earlier_lead_inspector(retriever):
    latest = retriever.ask("Who led Kent's inspection?")
    answer = retriever.ask("and the previous one?", history=["Who led Kent's inspection?"])
    assert answer.shape == "fact_inspector" and cited_docs(answer) == {KENT_2017}
    assert "Lead inspector: Linda Steele HMI" in answer.answer
    assert "Linda Steele" not in latest.answer


def test_a_question_naming_the_previous_inspection_and_the_one_before_a_year(retriever):
    asked = retriever.ask("What were Kent's grades at its previous inspection?")
    assert asked.shape == "grades" and cited_docs(asked) == {KENT_2017}
    # the 2026 grades are of the November 2025 inspection: the one before it is 2017's
    before = retriever.ask("and the one before that?", history=["Kent grades in 2026"])
    assert before.shape == "grades" and cited_docs(before) == {KENT_2017}
    assert "(the one before that)" in before.answer.splitlines()[0]


def test_last_time_and_the_inspection_before_in_other_shapes(retriever):
    grades = retriever.ask("what did they get last time?", history=["How was Staffordshire rated?"])
    assert grades.shape == "grades" and "inspection Feb 2019" in grades.answer
    assert "2023" not in grades.answer
    improve = retriever.ask(
        "and at the inspection before?", history=["What does Kent need to improve?"]
    )
    assert improve.shape == "improve" and cited_docs(improve) == {KENT_2017}


def test_a_council_with_one_inspection_says_it_has_no_earlier_one(retriever):
    answer = retriever.ask("what about the previous one?", history=["Leeds ofsted rating"])
    assert answer.abstained and not answer.citations
    assert "1 graded inspection of Leeds (July 2025): none before it" in answer.answer
    twice = ["Kent ofsted rating", "what about the previous one?"]
    beyond = retriever.ask("and the one before that?", history=twice)
    assert beyond.abstained and "none before March 2017" in beyond.answer


def test_progress_since_the_previous_inspection_is_still_a_progress_question(retriever):
    answer = retriever.ask("What progress has Kent made since the previous inspection?")
    assert answer.shape == "progress"
