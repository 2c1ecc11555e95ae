"""The classifier's shape gives way where the question plainly says otherwise: a subject
named after "about", or "when", is a topic question; an unsure reading is settled by a cue
naming a report's own list. Pure: readings are built, not encoded."""

from __future__ import annotations

from dataclasses import replace

from retriever.understand.agree import asks_when, cued_shapes, settle, subject_named
from retriever.understand.shape import Shape, read_shape


def model(kind, confidence, *alternatives):
    return Shape(kind, confidence=confidence, alternatives=alternatives)


def test_a_subject_named_after_about_is_searched_whatever_the_classifier_reads():
    question = "What did the 2017 Kent inspection find about the Central Referral Unit?"
    topic = "what did the inspection find about the central referral unit?"
    rules = read_shape(question, councils=1)
    assert rules.kind == "topic"
    for kind in ("briefing", "grades", "improve", "recommendations"):
        shape = settle(model(kind, 0.81, "grades", "progress"), rules, question, topic, 1)
        assert shape.kind == "topic" and shape.alternatives[0] == kind
    # a reading that is no report's whole table, lists or summary is left alone
    trend = settle(model("trend", 0.81, "grades"), rules, question, topic, 1)
    assert trend.kind == "trend"


def test_the_council_its_whole_service_or_its_reports_are_no_subject():
    for topic in (
        "what did the report conclude about",  # "... about Bromley", the council masked
        "what did ofsted say about children's services?",
        "what did ofsted say about children services?",
        "what did ofsted say about its latest inspection?",
        "what did ofsted say about its grades?",
        "how was it rated?",
    ):
        assert subject_named(topic) == "", topic
        rules = read_shape(topic, councils=1)
        kept = settle(model("briefing", 0.8, "grades"), rules, topic, topic, 1)
        assert kept.kind == "briefing", topic
    assert subject_named("what did ofsted say about the fostering service?") == "fostering"
    assert subject_named("what did ofsted say about leadership?") == "leadership"


def test_a_question_asking_when_is_no_report_list():
    question = "When does Staffordshire have to send its improvement plan to Ofsted?"
    topic = "when does have to send its improvement plan to ofsted?"
    assert asks_when(question) and not asks_when("What happens when a child goes missing?")
    shape = settle(
        model("improve", 0.82, "trend"), read_shape(question, councils=1), question, topic, 1
    )
    assert shape.kind == "topic"


def test_an_unsure_reading_is_settled_by_a_cue_naming_a_reports_list():
    question = "How many recommendations did Ofsted make for Staffordshire in 2023?"
    topic = "how many recommendations did ofsted make for in ?"
    rules = read_shape(question, councils=1)
    assert rules.kind == "improve"
    unsure = model("grades", 0.29, "improve", "trend")
    settled = settle(unsure, rules, question, topic, 1)
    assert settled.kind == "improve" and settled.count and settled.alternatives[0] == "grades"
    # sure, or the cue's shape not among the likeliest, or no single council: kept
    assert settle(model("grades", 0.9, "improve"), rules, question, topic, 1).kind == "grades"
    assert settle(model("grades", 0.29, "trend"), rules, question, topic, 1).kind == "grades"
    assert settle(unsure, rules, question, topic, 0).kind == "grades"
    assert settle(unsure, rules, question, topic, 2).kind == "grades"


def test_a_fact_or_comparison_without_its_words_gives_way():
    question = "where did Norfolk land at its last ilacs"
    topic = "where did land at its last ilacs"
    rules = read_shape(question, councils=1)
    dated = Shape("fact", "inspection_dates", confidence=0.49, alternatives=("grades", "briefing"))
    assert settle(dated, rules, question, topic, 1).kind == "grades"
    dates = "when did Norfolk have its last ilacs"
    shape = settle(dated, read_shape(dates, councils=1), dates, dates, 1)
    assert (shape.kind, shape.fact) == ("fact", "inspection_dates")
    # a comparison of one council needs a word setting it against others; the cues'
    # reading, where it is among the alternatives, is taken before a likelier one
    graded = "Kent the impact of leaders grade"
    rules = read_shape(graded, councils=1, asks_grade=True)
    shape = settle(model("compare", 0.44, "trend", "grades"), rules, graded, graded, 1)
    assert shape.kind == "grades"
    against = "how does Kent sit against its neighbours"
    kept = settle(model("compare", 0.44, "trend"), read_shape(against, councils=1), against, "", 1)
    assert kept.kind == "compare"
    two = "Kent or Leeds grades"
    shape = settle(model("compare", 0.44, "grades"), read_shape(two, councils=2), two, two, 2)
    assert shape.kind == "compare"


def test_a_reading_is_as_sure_as_its_share_of_the_readings_left():
    """A ruled-out reading's probability is no doubt about the one kept: "where did Norfolk
    land at its last ilacs" read as grades at 0.44 with its dates at 0.39 is grades at 0.72."""
    question = "where did Norfolk land at its last ilacs"
    rules = read_shape(question, councils=1)
    read = Shape(
        "grades", confidence=0.44, alternatives=("fact_dates", "briefing"), odds=(0.39, 0.1)
    )
    shape = settle(read, rules, question, question, 1)
    assert shape.kind == "grades" and shape.confidence == round(0.44 / 0.61, 3)
    dated = Shape("fact", "inspection_dates", confidence=0.49, alternatives=("grades", "briefing"))
    vetoed = settle(replace(dated, odds=(0.32, 0.1)), rules, question, question, 1)
    assert vetoed.kind == "grades" and vetoed.confidence == round(0.32 / 0.51, 3)
    # nothing ruled out, or no odds known: as read
    unsure = replace(read, alternatives=("trend", "briefing"))
    assert settle(unsure, rules, question, question, 1).confidence == 0.44
    assert settle(dated, rules, question, question, 1).confidence == 0.49


def test_cues_that_read_the_classifiers_own_shape_too_settle_nothing():
    question = "What were the strengths and weaknesses found in Birmingham"
    assert {"briefing", "improve"} <= cued_shapes(question)
    rules = read_shape(question, councils=1)
    assert rules.kind == "improve"
    shape = settle(model("briefing", 0.5, "improve"), rules, question, question, 1)
    assert shape.kind == "briefing"
