"""A word of asking ("mean", "list", "show") is never taken as the unjudged subject a
grade question asks about, so no abstention says "They do not mention mean"."""

from __future__ import annotations

from retriever.answer.grades import unjudged_subject

LABELS = ["Overall effectiveness", "The experiences and progress of care leavers"]


def test_function_word_is_not_the_distinctive_word():
    assert unjudged_subject("what does the rating mean", LABELS) == ""
    assert unjudged_subject("show me the grades table", LABELS) == ""


def test_a_subject_no_judgement_grades_is_still_found():
    assert unjudged_subject("what was the rating for adult social care", LABELS) == (
        "adult social care"
    )
