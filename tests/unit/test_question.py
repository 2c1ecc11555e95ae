"""Question understanding: councils and their variants, years, areas, comparisons, follow-ups."""

from __future__ import annotations

import pytest

from indexer.vocab import grade_family
from retriever.answer.evidence import missing_subject
from retriever.answer.framework import change_note, framework_note
from retriever.answer.grades import row_line
from retriever.search.rerank import combined_scores
from retriever.search.terms import coverage
from retriever.understand.glossary import expand
from retriever.understand.grade_rows import asked_grade, matching_rows
from retriever.understand.question import acronym, area_of, authority_aliases, parse_question
from retriever.understand.shape import rated_thing
from retriever.understand.unjudged import unjudged_subject

COUNCILS = [
    "Birmingham",
    "Bournemouth, Christchurch and Poole",
    "Cheshire East",
    "Kent",
    "Leeds",
    "Southend-on-Sea",
    "Staffordshire",
]
YEARS = list(range(2017, 2027))


def parse(question, history=None):
    return parse_question(question, COUNCILS, YEARS, history)


@pytest.mark.parametrize(
    ("question", "council"),
    [
        ("How is the LADO doing in Staffs?", "Staffordshire"),
        ("What did Ofsted say about Southend-on-Sea?", "Southend-on-Sea"),
        ("What did Ofsted say about Southend on Sea?", "Southend-on-Sea"),
        ("How are care leavers doing in Southend?", "Southend-on-Sea"),
        ("What did Cheshire East Council's inspection find?", "Cheshire East"),
        ("Is BCP's front door safe?", "Bournemouth, Christchurch and Poole"),
        ("How did Bournemouth, Christchurch & Poole do?", "Bournemouth, Christchurch and Poole"),
        ("What happened in Staffordshire County Council?", "Staffordshire"),
    ],
)
def test_named_council_becomes_a_filter(question, council):
    intent = parse(question)
    assert intent.authorities == (council,)
    assert intent.filters() == {"authority": [council]}
    assert council.split("-")[0].split(",")[0].lower() not in intent.topic.lower()


def test_softer_mention_only_boosts():
    intent = parse("How are children in Poole helped?")
    assert intent.authorities == ()
    assert intent.boost_authorities == ("Bournemouth, Christchurch and Poole",)
    assert intent.filters() == {}


def test_acronym_needs_capitals_so_words_are_not_read_as_councils():
    assert acronym("Bournemouth, Christchurch and Poole") == "BCP"
    assert acronym("Cheshire East") == ""
    assert parse("Is there a bcp plan?").authorities == ()


def test_aliases_include_short_forms():
    aliases = {a: (n, strong) for a, n, strong in authority_aliases(COUNCILS)}
    assert aliases["staffs"] == ("Staffordshire", True)
    assert aliases["southend"] == ("Southend-on-Sea", True)
    assert aliases["poole"] == ("Bournemouth, Christchurch and Poole", False)


def test_council_the_index_does_not_hold_is_recognised():
    intent = parse("What did the Surrey ILACS inspection find?")
    assert intent.unknown_authorities == ("Surrey",)
    assert intent.authorities == ()
    assert parse("What did Ofsted say about Kent?").unknown_authorities == ()


def test_years_ranges_and_latest():
    assert parse("What did Kent's 2017 inspection say?").years == (2017,)
    assert parse("What grade did Birmingham get after 2018?").years == tuple(range(2019, 2027))
    assert parse("Any reports before 2019?").years == (2017, 2018)
    latest = parse("What did Kent's latest inspection find?")
    assert latest.latest and latest.years == ()


@pytest.mark.parametrize(
    ("question", "areas", "grade"),
    [
        ("How was Southend graded for children in care?", ("children_in_care",), True),
        ("What grade did Kent get for care leavers?", ("care_leavers",), True),
        ("What is BCP's overall Ofsted rating?", ("overall",), True),
        (
            "How well are children who need help and protection doing?",
            ("help_and_protection",),
            False,
        ),
        ("How are LADO services rated across the councils?", (), False),
        ("Which councils were judged inadequate?", (), True),
    ],
)
def test_judgement_areas_and_grade_questions(question, areas, grade):
    intent = parse(question)
    assert intent.areas == areas
    assert intent.asks_grade is grade


def test_comparison_names_both_councils():
    intent = parse("Compare Staffordshire and Southend on care leavers")
    assert intent.compare
    assert intent.authorities == ("Staffordshire", "Southend-on-Sea")
    assert "care leavers" in intent.topic


def test_follow_up_borrows_topic_and_switches_council():
    history = ["What did Ofsted say about care leavers in Staffordshire?"]
    intent = parse("and in Southend?", history)
    assert intent.followup
    assert intent.authorities == ("Southend-on-Sea",)
    assert "care leavers" in intent.query


def test_follow_up_with_a_year_keeps_council_and_topic():
    intent = parse("what about the 2019 one?", ["How did Staffordshire do on care leavers?"])
    assert intent.authorities == ("Staffordshire",)
    assert intent.years == (2019,)
    assert "care leavers" in intent.query


def test_follow_up_pronoun_keeps_council_but_not_an_old_topic():
    intent = parse("And who led that inspection?", ["What grade did Leeds get overall?"])
    assert intent.authorities == ("Leeds",)
    assert not intent.asks_grade
    assert "grade" not in intent.query


def test_follow_up_comparison_adds_the_new_council():
    history = ["What did Ofsted say about unaccompanied asylum-seeking children in Kent?"]
    intent = parse("How does that compare with Leeds?", history)
    assert intent.compare
    assert intent.authorities == ("Kent", "Leeds")
    assert "unaccompanied" in intent.query


def test_a_new_standalone_question_ignores_history():
    intent = parse("Which councils use bed and breakfast for care leavers?", ["How is Kent doing?"])
    assert not intent.followup
    assert intent.authorities == ()


def test_glossary_expands_both_ways():
    assert "local authority designated officer" in expand("How is the LADO doing?")
    assert "(MASH)" in expand("What about the multi-agency safeguarding hub?")
    assert expand("How are care leavers?") == "How are care leavers?"


# -- grades (pure) ------------------------------------------------------------------------
ROWS = [
    {
        "authority": "Kent",
        "inspection_date": "2025-11-07",
        "area": "The experiences and progress of children in care",
        "grade": "Outstanding",
        "passage_id": "kent#r/Judgements table",
    },
    {
        "authority": "Kent",
        "inspection_date": "2017-03-30",
        "area": "Children looked after and achieving permanence",
        "grade": "Good",
        "passage_id": "kent-old#r/Judgements table",
    },
    {
        "authority": "Leeds",
        "inspection_date": "2025-07-04",
        "area": "The experiences and progress of children in care and care leavers",
        "grade": "Requires improvement to be good",
        "passage_id": "leeds#r/Judgements table",
    },
    {
        "authority": "Leeds",
        "inspection_date": None,
        "area": "The experiences and progress of children in care and care leavers",
        "grade": "Requires improvement to be good",
        "passage_id": "leeds-copy#r/Judgements table",
    },
]


def test_grade_rows_match_area_newest_first_and_skip_undated_copies():
    rows = matching_rows(ROWS, parse("What grade did Kent get for children in care?"))
    assert [r["inspection_date"] for r in rows if r["authority"] == "Kent"] == [
        "2025-11-07",
        "2017-03-30",
    ]
    assert all(r["inspection_date"] for r in rows)


def test_which_councils_question_filters_by_grade():
    rows = matching_rows(ROWS, parse("Which councils were rated outstanding for children in care?"))
    assert [r["authority"] for r in rows] == ["Kent"]


def test_grade_families_and_areas():
    assert grade_family("Requires improvement to be good") == "Requires improvement"
    assert grade_family("Requires improvement") == "Requires improvement"
    assert asked_grade("which were inadequate?") == "Inadequate"
    assert asked_grade("how good is it?") is None
    assert set(area_of("The experiences and progress of children in care and care leavers")) == {
        "children_in_care",
        "care_leavers",
    }


def test_row_line_quotes_the_printed_line_even_when_wrapped():
    text = "Judgement Grade\nArea one\tGood\nOverall effectiveness\nRequires improvement to be good"
    row = {"area": "Overall effectiveness", "grade": "Requires improvement to be good"}
    assert row_line(row, text) == "Overall effectiveness Requires improvement to be good"
    assert row_line({"area": "Area two", "grade": "Good"}, text) is None


# -- evidence and reranking (pure) --------------------------------------------------------
def test_coverage_weights_rare_words():
    weights = {"gcse": 5.0, "children": 0.5}
    assert coverage(["gcse", "children"], weights, "Children are safe.") == pytest.approx(0.5 / 5.5)
    assert coverage(["gcse", "children"], weights, "GCSE results for children") == 1.0
    assert coverage(["lado"], {"lado": 2.0}, "The local authority designated officer is") == 1.0


LABELS = [
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    "Overall effectiveness",
]


def test_a_grade_asked_of_something_no_judgement_grades_is_named():
    assert unjudged_subject("How did Ofsted rate adult social care in ?", LABELS) == (
        "adult social care"
    )
    assert unjudged_subject("What was the outcome of the SEND inspection?", LABELS) == (
        "send inspection"
    )
    assert unjudged_subject("What grade did get for care leavers?", LABELS) == ""
    assert unjudged_subject("How was rated?", LABELS) == ""
    assert unjudged_subject("What does the report say about adult services?", LABELS) == ""


def test_a_missing_subject_is_one_the_passages_never_print():
    assert missing_subject("send inspection", ["The SEND inspection in 2018 found ..."]) == ""
    assert missing_subject("send inspection", ["Children with SEND are supported."]) == (
        "send inspection"
    )
    assert missing_subject("", ["anything"]) == ""


def test_ratings_of_things_other_than_councils():
    assert rated_thing("How many schools in Southend were rated outstanding?") == "schools"
    assert rated_thing("Which BCP schools were rated inadequate?") == "schools"
    assert rated_thing("Which councils were rated inadequate?") == ""


def test_framework_changes_are_said():
    assert "no overall" in framework_note("2026-05-01")
    assert "separate" in framework_note("2023-03-01")
    assert framework_note("2017-03-30") == ""
    assert change_note(["2019-02-08", "2023-11-10"])
    assert change_note(["2023-02-01", "2025-11-07"]) == ""


def test_rerank_scores_combine_rank_cosine_and_coverage():
    scores = combined_scores([0, 1], [0.2, 0.9], [0.1, 1.0])
    assert scores[1] > scores[0]
    assert combined_scores([0, 1], [0.5, 0.5], [0.5, 0.5])[0] > 0.5 + 0.5


@pytest.mark.parametrize(
    "question",
    [
        "which councils require improvment",
        "which councils were rated requires  improvement",
        "councils that are no longer requires improvment",
    ],
)
def test_a_grade_typed_with_a_slip_is_the_same_grade_everywhere(question):
    """One wording per grade (indexer.vocab.TYPED_GRADES) for every reader of a question:
    the grade cue, the grade asked for, the grade a question over councils names."""
    from retriever.answer.regional import named_grade

    assert parse_question(question, ["Kent"], []).asks_grade
    assert asked_grade(question) == "Requires improvement"
    assert named_grade(question) == "Requires improvement"


def test_a_change_between_grades_typed_with_a_slip():
    from retriever.understand.movement import movement_asked

    asked = movement_asked("which councils went from requires improvment to good")
    assert asked.before == {"Requires improvement"} and asked.after == {"Good"}
