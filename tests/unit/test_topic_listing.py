"""Which councils say a topic: the pure parts (the topic read from the question, how a
sentence is weighed, criticism and praise, the cut-off, the shape rule)."""

from __future__ import annotations

import re

from retriever.answer.polarity import not_yet, says, sentence_polarity
from retriever.answer.topic_pool import read_report, score_sentences
from retriever.answer.topic_which import Candidate, Cutoff, kept
from retriever.answer.topic_words import (
    asked_polarity,
    asked_shortfalls,
    content_stems,
    head_unit,
    names_in,
    reading_units,
    topic_of,
    topic_readings,
    topic_units,
)
from retriever.understand.across import (
    asks_regions_grades,
    counts_councils_by_grade,
    fits,
    lists_councils_on_a_topic,
    names_grade_change,
)


def _words(question: str) -> list[str]:
    return [u.words for u in topic_units(topic_of(question))]


def test_the_topic_is_the_question_without_its_frame_or_its_verdict():
    assert topic_of("Which councils have a Staying Close scheme for care leavers?") == (
        "Staying Close scheme for care leavers"
    )
    words = _words("Which councils were criticised for weak oversight of unregistered homes?")
    assert "oversight" in words and "unregistered homes" in words
    assert not {"criticised", "weak", "councils"} & set(words)


def test_council_is_a_topic_word_where_it_names_something_else():
    words = _words("Which councils cover care leavers' council tax outside the area?")
    assert "council tax" in words


def test_or_joins_alternatives_and_an_abbreviation_joins_its_long_form():
    assert "caseloads or workloads" in _words(
        "Which councils were told social workers' caseloads or workloads are too high?"
    )
    units = topic_units(
        topic_of("Where has Ofsted praised Family Drug and Alcohol Court (FDAC) work?")
    )
    fdac = next(u for u in units if ("fdac",) in u.forms)
    assert ("fami", "drug", "alcohol", "court") in fdac.forms


def test_a_list_ended_by_or_is_one_unit_of_alternatives():
    words = _words("Where were care leavers placed in bed and breakfasts, hostels or hotels?")
    assert "breakfasts or hostels or hotels" in words


def test_a_name_the_question_uses_is_required_with_its_abbreviation_as_another_form():
    names = names_in("Where has Ofsted praised the Family Drug and Alcohol Court (FDAC)?")
    assert [u.forms for u in names] == [(("fami", "drug", "alcohol", "court"), ("fdac",))]
    assert [u.words for u in names_in("Which councils have a Staying Close scheme?")] == [
        "Staying Close"
    ]
    assert names_in("Care leavers in custody: which councils were criticised?") == []
    assert names_in("Which councils use Mockingbird or Staying Close?") == []


def test_a_name_is_matched_as_printed_plurals_aside():
    staying = re.compile(names_in("Which councils have a Staying Close scheme?")[0].printed, re.I)
    assert staying.search("care leavers in ‘staying close’ arrangements")
    assert not staying.search("managers stay close to frontline practice")
    links = re.compile(names_in("Which councils use Lifelong Links?")[0].printed, re.I)
    assert links.search("Lifelong link workers help young people reconnect")
    report = _report("r", "Managers stay close to practice.", "The staying close offer is strong.")
    units = names_in("Which councils have a Staying Close scheme?")
    scored = score_sentences(topic_units("Staying Close"), [report], required=units)
    assert [report.sentences[s.sentence] for s in scored] == ["The staying close offer is strong."]


def test_a_prefix_joined_by_a_hyphen_is_one_word():
    assert content_stems("The multi-systemic team") == content_stems("the multisystemic team")


def test_words_joined_by_or_share_the_word_after_them():
    units = topic_units("priority for council or social housing")
    shared = next(u for u in units if u.words == "council or social housing")
    assert set(shared.forms) == {("council", "hous"), ("social", "hous")}


def test_the_polarity_asked_includes_a_shortfall_named_in_the_question():
    assert asked_polarity("Which councils were praised for their family hubs?") == "praise"
    assert asked_polarity("Where were care leavers found not to have their health histories?") == (
        "criticism"
    )
    assert asked_polarity("Which councils have a Mockingbird programme?") == "any"


def test_a_shortfall_beside_praise_is_still_a_criticism():
    assert (
        sentence_polarity(
            "Return home interviews explore risks effectively but are not always timely."
        )
        == "criticism"
    )
    assert sentence_polarity("Social work practice is not sufficiently robust.") == "criticism"
    assert sentence_polarity("The lifelong links service is highly effective.") == "praise"


def test_an_absent_harm_and_the_topics_own_words_are_no_criticism():
    words = frozenset({"unregistered", "homes"})
    assert not says(
        "No children were living in unregistered children's homes.", "", "criticism", words
    )
    assert not says(
        "A few children live in unregistered homes, visited weekly.", "", "criticism", words
    )
    assert says("Too many children live in unregistered homes.", "", "criticism", words)


def test_the_cause_a_report_gives_is_no_verdict_on_the_thing():
    words = frozenset({"unregistered", "homes"})
    caused = "A few children live in unregistered homes due to a lack of suitable places."
    assert not says(caused, "", "criticism", words)
    assert says("Children wait too long due to a lack of staff.", "", "criticism", words)


def test_work_begun_on_something_is_not_having_it():
    assert not_yet("Work is underway to embed the staying close approach.")
    assert not_yet("Leaders are taking steps to introduce a family hub.")
    assert not_yet("There is more to do to support care leavers with apprenticeships.")
    assert not not_yet("The staying close approach is well embedded.")
    assert says("The staying close approach is well embedded.", "", "any")


def test_the_standing_said_as_part_of_the_topics_name_is_no_criticism():
    words = frozenset({"unregistered", "homes"})
    named = "A very small number of children live in unlawful, unregistered homes."
    assert not says(named, "", "criticism", words)
    assert not says("Illegal unregistered homes are used rarely.", "", "criticism", words)
    assert says("Children were placed unlawfully in unregistered homes.", "", "criticism", words)
    assert says("The use of unlawful unregistered homes is too high.", "", "criticism", words)


def test_a_harm_kept_away_and_a_condition_are_no_criticism():
    assert sentence_polarity("Social workers act without delay.") == "praise"
    assert sentence_polarity("They know where to get advice should they need this.") == ""
    assert sentence_polarity("There are delays in completing assessments.") == "criticism"


def test_a_shortfall_conceded_by_despite_leaves_the_praise():
    assert (
        sentence_polarity(
            "Despite some caseload pressures, impressive PAs support care leavers well."
        )
        == "praise"
    )
    assert sentence_polarity("Despite delays, assessments are not thorough.") == "criticism"


def test_developing_something_is_doing_it_and_still_developing_is_a_shortfall():
    assert (
        sentence_polarity(
            "Children are involved in developing the local offer and shaping services."
        )
        == ""
    )
    assert sentence_polarity("The participation offer is still developing.") == "criticism"


def test_a_shortfall_of_the_thing_itself_outweighs_a_word_of_praise_beside_it():
    sentence = "Return home interviews do not always identify risks to help keep children safe."
    assert sentence_polarity(sentence) == "criticism"


def test_the_shortfall_a_question_names_is_a_criticism_where_a_report_says_it():
    question = "Which councils were told that social workers' caseloads are too high?"
    assert asked_shortfalls(question) == {"high"}
    sentence = "Caseloads are high and some staff have not been able to progress plans effectively."
    assert sentence_polarity(sentence) == ""
    assert sentence_polarity(sentence, shortfalls=asked_shortfalls(question)) == "criticism"
    praise = "Workers keep a high level of contact and are effective."
    assert sentence_polarity(praise, shortfalls=frozenset({"high"})) == "praise"


def test_praise_of_something_about_to_open_is_not_praise_of_it():
    assert not says("They helped to develop the hub, which is soon to open, well.", "", "praise")
    assert says("The hub is warm and welcoming, and highly valued.", "", "praise")


def test_a_sentence_opened_by_a_concession_says_what_follows_its_comma():
    assert (
        sentence_polarity("While it is not their first choice, children benefit from robust care.")
        == "praise"
    )
    assert (
        sentence_polarity("While there is some good work, caseloads remain high in some teams.")
        == "criticism"
    )


def test_a_child_declining_an_offer_is_no_shortfall_of_the_council():
    assert sentence_polarity("PAs keep in touch, even when young people declined contact.") == ""
    assert sentence_polarity("The quality of plans has declined.") == "criticism"


def test_an_item_of_what_needs_to_improve_is_a_criticism_and_a_plan_is_not_having_it():
    assert says("The timeliness of return home interviews.", "What needs to improve", "criticism")
    assert not_yet("Leaders plan to introduce the Mockingbird model next year.")
    assert not says("Leaders plan to introduce the Mockingbird model.", "", "any")
    assert says("The Mockingbird model has expanded to support more carers.", "", "any")


def _report(doc_id: str, *sentences: str):
    rows = [
        {
            "passage_id": f"{doc_id}#r/{i}",
            "rowid": i,
            "section": "Care leavers",
            "text": s,
            "label": str(i),
        }
        for i, s in enumerate(sentences)
    ]
    return read_report(doc_id, rows)


def test_a_named_scheme_outweighs_the_common_words_beside_it():
    filler = [_report(f"other-{i}", "Care leavers live close to their families.") for i in range(8)]
    named = _report("named", "The staying close scheme supports some care leavers.")
    loose = _report("loose", "Care leavers are staying in homes close to their families.")
    units = topic_units("a Staying Close scheme for care leavers")
    scored = {s.doc_id: s.score for s in score_sentences(units, [named, loose, *filler])}
    assert scored["named"] > scored["loose"] > scored["other-0"]


def test_a_word_no_report_prints_is_a_topic_no_report_speaks_of():
    reports = [_report(f"r-{i}", "The sanctuary for young people is well used.") for i in range(3)]
    assert score_sentences(topic_units("a dolphin sanctuary"), reports) == []
    assert score_sentences(topic_units("a sanctuary"), reports)


def test_the_cut_off_is_an_absolute_and_a_relative_floor():
    def candidate(name, coverage):
        return Candidate(name, name, f"{name}#r/1", "", coverage)

    found = [candidate("a", 0.9), candidate("b", 0.5), candidate("c", 0.3)]
    assert [c.council for c in kept(found, Cutoff(coverage=0.25, relative=0.5))] == ["a", "b"]
    assert [c.council for c in kept(found, Cutoff(coverage=0.4, relative=0.0))] == ["a", "b"]
    assert kept([], Cutoff()) == []


def test_a_question_framed_over_councils_without_a_council_or_grade_lists_a_topic():
    assert lists_councils_on_a_topic(
        "Which local authorities use the Family Safeguarding model?", False
    )
    assert lists_councils_on_a_topic(
        "Councils offering Multisystemic Therapy (MST) to families", False
    )
    assert lists_councils_on_a_topic("Where has Ofsted praised the council's FDAC work?", False)
    assert not lists_councils_on_a_topic("Which councils are rated inadequate?", False)
    assert not lists_councils_on_a_topic("Which councils use Mockingbird?", True)
    assert not lists_councils_on_a_topic("What did Ofsted say about Mockingbird?", False)
    assert not lists_councils_on_a_topic("Where are we falling short?", False)
    assert not lists_councils_on_a_topic("Which councils are our statistical neighbours?", False)
    assert lists_councils_on_a_topic("Do any councils run a kinship carers' hub?", False)
    assert lists_councils_on_a_topic("Have other councils got a Mockingbird hub?", False)
    assert lists_councils_on_a_topic("Who runs a kinship carers' hub?", False)
    assert lists_councils_on_a_topic("Care leavers in custody: where are they visited?", False)
    assert not lists_councils_on_a_topic("Who led the inspection?", False)


def test_a_region_named_with_england_in_it_is_not_england():
    # "the East of England" is one region: a count, not regions compared
    assert not fits("region_compare", "how many east of england councils are outstanding now")
    assert fits("region_compare", "How does the East of England compare with other regions?")
    assert fits("region_table", "east of england league table")
    # one region set against the nation is regions compared, not that region's table
    assert not fits("region_table", "How do West Midlands councils compare nationally?")


def test_a_change_with_nothing_beside_it_but_grades_is_a_change_of_grade():
    assert names_grade_change(
        "show the authorities in the West Midlands whose overall judgement went up at their "
        "most recent inspection"
    )
    assert names_grade_change(
        "list councils whose overall rating got worse at their latest inspection compared "
        "with the one before"
    )
    assert not names_grade_change("Which councils are rated good?")
    # "progress" in a judgement's name is not a change
    assert not names_grade_change(
        "Name the local areas that got outstanding for the experiences and progress of "
        "children who need help and protection in their latest inspection."
    )
    assert not names_grade_change("Where has Ofsted said early help has improved?")


def test_a_regions_councils_with_their_grades_is_the_regions_table():
    assert asks_regions_grades(
        "put together a table of the South East's local authorities with their latest grades"
    )
    assert asks_regions_grades("latest inspection outcomes, borough by borough, for London")
    assert not asks_regions_grades("Which councils in London have a Staying Close scheme?")
    assert not asks_regions_grades("Which councils in London are rated good?")
    assert not asks_regions_grades("a table of every council with its grades")  # no region


def test_how_many_with_a_grade_and_no_council_counts_councils():
    assert counts_councils_by_grade(
        "how many areas are sitting at requires improvement overall at the moment?", False
    )
    assert not counts_councils_by_grade("How many times has it been inadequate?", True)
    assert not counts_councils_by_grade("How many councils have a Staying Close scheme?", False)
    assert not counts_councils_by_grade("Which councils are rated good?", False)


def test_a_change_in_what_a_report_describes_is_not_a_change_of_grade():
    # a change of grade: nothing named beside the change, the councils and the areas
    assert fits("movement", "which councils in the North East got worse at their last inspection")
    assert fits("movement", "councils that dropped a grade for the impact of leaders")
    assert fits("movement", "who in west midlands got a worse grade this time")
    assert fits("movement", "Which councils have come out of inadequate?")
    # a change in practice the reports describe
    assert not fits("movement", "Where has Ofsted said early help has improved?")
    assert not fits(
        "movement", "Where are core group meetings poorly attended or not driving change?"
    )


def test_what_a_child_needs_is_no_shortfall_and_what_the_council_needs_to_do_is():
    assert (
        sentence_polarity(
            "Care leavers know how to access their health records, and they have the "
            "documentation they need to move towards independence."
        )
        != "criticism"
    )
    assert sentence_polarity("More work needs to be done on the quality of plans.") == "criticism"


def test_a_thing_being_set_up_is_not_there_yet():
    assert not_yet("Family hubs are being established across the county.")
    assert not says("Family hubs are being established across the county.", "", "praise")


def test_a_plan_or_denial_said_of_another_thing_in_the_sentence_leaves_the_topic_there():
    words = frozenset({"staying", "close"})
    assert says(
        "There is a new ‘staying close’ arrangement, and further initiatives are being introduced.",
        "",
        "any",
        words,
    )
    tax = frozenset({"council", "tax", "outside", "area"})
    assert not says(
        "Care leavers living in the area receive council tax exemptions, but those living "
        "elsewhere do not.",
        "",
        "any",
        tax,
    )


def test_praise_of_the_topic_stands_beside_a_shortfall_of_something_else():
    letters = frozenset({"letters", "independent", "reviewing", "officers", "write"})
    sentence = (
        "IROs write sensitively worded letters to children, but do not always robustly "
        "challenge the appropriateness of plans."
    )
    assert says(sentence, "", "praise", letters)
    assert sentence_polarity(sentence) == "criticism"  # read whole, as a criticism question is


def test_a_concession_that_holds_the_topic_is_what_the_sentence_says_of_it():
    words = frozenset({"early", "permanence"})
    sentence = (
        "While early permanence is not consistently achieved for very young children, adoption "
        "placements are otherwise timely and child centred."
    )
    assert sentence_polarity(sentence, words) == "criticism"
    assert sentence_polarity(sentence) == "praise"


def test_an_or_between_phrases_gives_a_reading_of_each_side():
    readings = topic_readings(
        topic_of(
            "Where has Ofsted raised concerns about the local authority designated officer "
            "(LADO) or the handling of allegations against professionals?"
        )
    )
    assert "designated officer (LADO)" in readings
    assert any(r.strip().startswith("or the handling of allegations") for r in readings)
    apprenticeships = topic_readings(
        "ring-fence apprenticeships or guarantee job interviews for care leavers"
    )
    assert "ring-fence apprenticeships for care leavers" in apprenticeships
    # Between single words, or a side pointing back to the other: read within topic_units.
    assert topic_readings("restorative practice model or approach") == [
        "restorative practice model or approach"
    ]
    homes = topic_readings(
        "placing children in unregistered homes or for weak oversight of those placements"
    )
    assert not any(r.startswith("placing children in or") for r in homes)


def test_a_sentence_that_says_one_side_of_an_or_says_the_topic():
    filler = [_report(f"other-{i}", "Professionals work well together.") for i in range(8)]
    filler.append(_report("handling", "The handling of allegations against professionals."))
    lado = _report("lado", "The LADO does not always challenge weaker practice.")
    units, readings = reading_units(
        "designated officer (LADO) or the handling of allegations against professionals"
    )
    alone = {s.doc_id: s.score for s in score_sentences(units, [lado, *filler])}
    read = {s.doc_id: s.score for s in score_sentences(units, [lado, *filler], readings=readings)}
    assert read["lado"] == 1.0 > alone["lado"]
    # A side too common to name the topic on its own is no reading of it.
    units, readings = reading_units("care leavers or children placed in bed and breakfasts")
    leavers = [_report(f"l-{i}", "Care leavers are supported well.") for i in range(8)]
    placed = _report("placed", "Children placed in bed and breakfasts.")
    scored = score_sentences(units, [*leavers, placed], readings=readings)
    scores = {s.doc_id: s.score for s in scored}
    assert scores["l-0"] < 0.5 < scores["placed"]


def test_a_preposition_places_the_topic_and_names_nothing():
    words = _words(
        "Which councils have life-story work for children in care among Ofsted's "
        "'What needs to improve' points?"
    )
    assert "among" not in words and "life story" in words


def test_the_shortfall_the_question_names_is_a_criticism_however_it_is_conceded():
    words = frozenset({"caseloads", "workloads", "personal", "advisers"})
    high = frozenset({"high"})
    conceded = "Although caseloads remain high, the advisers continue to work effectively."
    assert says(conceded, "", "criticism", words, high)
    assert says(
        "Some advisers have high caseloads but remain tenacious.", "", "criticism", words, high
    )
    assert not says(conceded, "", "criticism", words)  # the question named no shortfall
    assert not says("Advisers have manageable caseloads.", "", "criticism", words, high)


def test_a_sentence_that_turns_against_what_came_before_states_a_shortfall():
    assert sentence_polarity("However, bed and breakfast accommodation is also used.") == (
        "criticism"
    )
    assert sentence_polarity("Bed and breakfast accommodation is also used.") == ""
    assert sentence_polarity("However, leaders have acted swiftly and effectively.") == "praise"


def test_every_framework_s_improvement_list_is_a_criticism():
    for heading in (
        "What needs to improve",
        "Areas for improvement",
        "This local authority requires improvement and is not yet good because",
    ):
        assert says("The timeliness of return home interviews.", heading, "criticism")
    assert not says("The timeliness of return home interviews.", "Care leavers", "criticism")


def test_ofsted_s_words_of_praise_and_of_shortfall():
    assert sentence_polarity("The local authority's ambassadors are a genuine asset.") == "praise"
    assert sentence_polarity("Independent visitors are used appropriately.") == "praise"
    assert sentence_polarity("Further development is required.") == "criticism"
    assert sentence_polarity("Some care leavers have lost their council tax exemption.") == (
        "criticism"
    )


def test_a_noun_made_from_a_verb_is_read_as_the_verb():
    assert content_stems("a reliance on agency staff") == content_stems("relies on agency staff")
    assert content_stems("placements") == content_stems("placing")
    assert sorted(content_stems("relies heavily")) == sorted(content_stems("a heavy reliance"))


def test_how_a_council_came_to_have_something_is_no_part_of_it():
    assert topic_of("Which councils have adopted a relational practice model?") == (
        "relational practice model"
    )
    assert topic_of("Which councils have set up a pre-birth team?") == "pre-birth team"
    assert "dedicated" not in _words("Which councils have a dedicated kinship care team?")
    assert topic_of("Where did Ofsted say the council relies on agency staff?") == (
        "relies on agency staff"
    )
    assert "council tax" in _words("Which councils pay the council tax of care leavers?")


def test_the_thing_a_topic_names_is_the_last_word_of_its_first_noun_group():
    def head(question):
        unit = head_unit(topic_of(question))
        return unit.words if unit else None

    assert head("Where has Ofsted praised support groups for care leavers who are parents?") == (
        "groups"
    )
    assert head("Which councils have a specialist contextual safeguarding team or hub?") == (
        "team or hub"
    )
    assert head("Which councils got positive comments on a specialist team that helps?") == ("team")
    # a relative clause after the thing ends its group; the question's own "where" does not
    assert head(
        "Do any councils run an advice service where schools can talk a worry through?"
    ) == ("service")
    assert head("Councils where children wait too long for speech therapy") is not None
    assert topic_of("In which councils did Ofsted praise the advice line?") == "advice line"
    assert head("Which councils have a hub?") is None  # nothing else to tell it from
    assert head("Which councils have a kinship care team supporting special guardians?") == ("team")
    assert head("Councils with domestic abuse advisers based at the front door") == "advisers"


def test_a_passage_names_a_thing_in_a_sentence_or_its_heading():
    rows = [
        {
            "passage_id": "r#1",
            "rowid": 1,
            "section": "Support groups",
            "text": "Parents meet.",
            "label": "1",
        },
        {
            "passage_id": "r#2",
            "rowid": 2,
            "section": "Care leavers",
            "text": "A group meets.",
            "label": "2",
        },
        {
            "passage_id": "r#3",
            "rowid": 3,
            "section": "Care leavers",
            "text": "Parents are helped.",
            "label": "3",
        },
    ]
    report = read_report("r", rows)
    assert report.naming(head_unit("support groups for parents")) == {0, 1}


def test_a_contraction_is_a_negation():
    question = "Which councils' care leavers can't get the mental health support they need?"
    assert asked_polarity(question) == "criticism"
    assert "can't" not in " ".join(_words(question))
    assert sentence_polarity("Care leavers don't get timely support.") == "criticism"


def test_struggling_to_get_something_asks_for_criticism():
    question = "Where are care leavers struggling to get dental checks?"
    assert asked_polarity(question) == "criticism"
    assert "struggling" not in _words(question)
    assert "another" not in _words("Which councils use the Graded Care Profile or another tool?")


def test_a_harm_said_to_be_avoided_in_the_passive_is_no_shortfall():
    drift = frozenset({"drift", "pre", "proceedings"})
    assert (
        sentence_polarity(
            "Drift and delay are avoided by timely escalation into pre-proceedings when "
            "children's circumstances do not improve soon enough.",
            drift,
        )
        != "criticism"
    )
    assert sentence_polarity("Some children experience drift and delay.", drift) == "criticism"
