"""A word of asking ("mean", "list", "show") is never taken as the unjudged subject a
grade question asks about, so no abstention says "They do not mention mean"."""

from __future__ import annotations

from retriever.understand.unjudged import unjudged_subject

LABELS = ["Overall effectiveness", "The experiences and progress of care leavers"]


def test_function_word_is_not_the_distinctive_word():
    assert unjudged_subject("what does the rating mean", LABELS) == ""
    assert unjudged_subject("show me the grades table", LABELS) == ""


def test_a_subject_no_judgement_grades_is_still_found():
    assert unjudged_subject("what was the rating for adult social care", LABELS) == (
        "adult social care"
    )


def test_a_misspelt_asking_word_a_grade_or_an_adverb_is_not_the_subject():
    assert unjudged_subject("ofstead rating please", LABELS) == ""
    assert unjudged_subject("why was it rated inadequate", LABELS) == ""
    assert unjudged_subject("what grade did it actually get", LABELS) == ""
    assert unjudged_subject("what were their ratings like", LABELS) == ""


def test_which_inspection_or_a_typed_what_is_not_the_subject():
    assert unjudged_subject("what rating did get in its last ilacs", LABELS) == ""
    assert unjudged_subject("ilacs outcome", LABELS) == ""
    assert unjudged_subject("wot grade is", LABELS) == ""
    assert unjudged_subject("what is rated by ofsted right now", LABELS) == ""
    assert unjudged_subject("as ward councillor i'd like to know ofsted grade", LABELS) == ""
    assert unjudged_subject("what grade did the send inspection get", LABELS) == ("send inspection")


def test_words_that_name_things_are_still_subjects():
    assert unjudged_subject("what rating for early help", LABELS) == "early help"
    assert unjudged_subject("how was the fostering service rated", LABELS) == "fostering"


def test_how_and_for_whom_a_grade_is_asked_is_not_the_subject():
    assert unjudged_subject("need grades for the scrutiny pack", LABELS) == ""
    assert unjudged_subject("how well did do at ofsted grade wise", LABELS) == ""
    assert unjudged_subject("what grades did ofsted award in", LABELS) == ""
    assert unjudged_subject("remind me of our ofsted judgements", LABELS) == ""
    assert unjudged_subject("grades last time vs this time", LABELS) == ""
    assert unjudged_subject("rating for adult social care before cabinet", LABELS) == (
        "adult social care"
    )
