"""A conversation keeps its subject: the slot-carrying rules, pure (no index, no model)."""

from __future__ import annotations

from retriever.understand.question import parse_question

COUNCILS = ["Barnet", "Kent", "Leeds", "Southend-on-Sea", "Staffordshire"]
YEARS = list(range(2014, 2027))


def parse(question, history=None, council=None):
    return parse_question(question, COUNCILS, YEARS, history, council=council)


def test_a_follow_up_naming_no_council_inherits_it_and_says_so():
    intent = parse("what needs to improve", ["How did Barnet do at its last Ofsted inspection?"])
    assert intent.followup
    assert intent.authorities == ("Barnet",)
    assert intent.carried == ("Barnet (from your earlier question)",)


def test_a_follow_up_reads_its_own_shape_and_not_the_earlier_words():
    intent = parse("who led the inspection?", ["What grade did Staffordshire get?"])
    assert intent.authorities == ("Staffordshire",)
    assert intent.shape == "fact" and intent.fact == "lead_inspector"
    assert "grade" not in intent.query and not intent.asks_grade


def test_a_bare_follow_up_inherits_the_shape_and_replaces_the_area():
    history = ["What grade did Staffordshire get for care leavers?"]
    intent = parse("and for children in care?", history)
    assert intent.shape == "grades" and intent.asks_grade
    assert intent.authorities == ("Staffordshire",)
    assert intent.areas == ("children_in_care",)


def test_a_year_follow_up_replaces_the_year_and_keeps_council_and_shape():
    intent = parse("what about 2019?", ["Kent grades in 2022"])
    assert intent.years == (2019,)
    assert intent.authorities == ("Kent",)
    assert intent.shape == "grades"


def test_slots_carry_through_three_turns_and_a_named_council_replaces_its_slot():
    turns = ["How was Kent rated in 2022?", "and Leeds?"]
    intent = parse("who led it?", turns)
    assert intent.authorities == ("Leeds",)
    assert intent.years == (2022,)
    assert intent.carried == (
        "Leeds (from your earlier question)",
        "in 2022 (from your earlier question)",
    )


def test_no_word_of_an_earlier_question_reaches_a_follow_up_with_words_of_its_own():
    intent = parse("what is the council's budget?", ["ofstead rating barnet"])
    assert intent.authorities == ("Barnet",)
    assert "ofstead" not in intent.query and "rating" not in intent.query
    assert "ofstead" not in intent.topic


def test_questions_across_councils_are_not_narrowed_by_history_or_my_council():
    intent = parse("Which councils were rated inadequate?", ["How is Kent doing?"], "Leeds")
    assert intent.authorities == () and not intent.carried


def test_we_and_unnamed_questions_are_my_council_and_say_so():
    we = parse("How did we do at our last Ofsted inspection?", council="Kent")
    assert we.authorities == ("Kent",) and we.carried == ("Kent (your council)",)
    plain = parse("who led the inspection", council="Kent")
    assert plain.authorities == ("Kent",)
    named = parse("How did Leeds do?", council="Kent")
    assert named.authorities == ("Leeds",) and not named.carried
    both = parse("how do we compare with Leeds?", council="Kent")
    assert both.authorities == ("Kent", "Leeds")


def test_an_earlier_council_beats_my_council_but_we_means_mine():
    history = ["How did Barnet do at its last Ofsted inspection?"]
    assert parse("who led it?", history, "Kent").authorities == ("Barnet",)
    assert parse("and how did we do?", history, "Kent").authorities == ("Kent",)


def test_a_follow_up_with_no_words_of_its_own_searches_the_earlier_subject():
    intent = parse("and in Leeds?", ["What did Ofsted say about private fostering in Kent?"])
    assert intent.authorities == ("Leeds",)
    assert "private fostering" in intent.query


def test_a_follow_up_with_no_words_of_its_own_searches_the_earlier_subject_in_any_shape():
    intent = parse("and Leeds?", ["Kent grades in 2022"])
    assert intent.shape == "grades" and intent.authorities == ("Leeds",)
    assert "grades" in intent.query


def test_an_area_named_in_a_follow_up_replaces_the_earlier_area_and_keeps_the_rest():
    intent = parse("and for children in care?", ["How are care leavers housed in Kent?"])
    assert intent.areas == ("children_in_care",)
    assert "housed" in intent.query and "leavers" not in intent.query


def test_an_area_named_in_a_follow_up_is_its_subject_in_place_of_an_earlier_one():
    intent = parse(
        "and for children in care?", ["What did Ofsted say about the front door in Kent?"]
    )
    assert intent.authorities == ("Kent",) and intent.areas == ("children_in_care",)
    assert "front door" not in intent.query and "front door" not in intent.topic


def test_a_follow_up_about_an_event_of_a_year_takes_no_report_year_from_the_earlier_turn():
    intent = parse("and the SEND inspection in 2018?", ["How was Kent rated in 2022?"])
    assert intent.authorities == ("Kent",)
    assert intent.years == () and intent.event_years == (2018,)


def test_a_follow_up_read_as_over_councils_in_words_of_none_keeps_the_council():
    def movement(question):
        return ("movement", 0.32, ("improve", "which"))

    history = ["Summarise the latest inspection of Staffordshire for cabinet"]
    intent = parse_question(
        "what must they get better at?", COUNCILS, YEARS, history, shapes=movement
    )
    assert intent.authorities == ("Staffordshire",)
    intent = parse_question("which councils got better?", COUNCILS, YEARS, history, shapes=movement)
    assert intent.authorities == ()
    intent = parse_question(
        "what must they get better at?", COUNCILS, YEARS, shapes=movement, council="Leeds"
    )
    assert intent.authorities == ("Leeds",)
