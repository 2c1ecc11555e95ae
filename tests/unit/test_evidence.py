"""Abstention signals that come from the index itself, not from a list of subjects."""

from __future__ import annotations

from retriever.answer.weigh import unprinted_share
from retriever.search.terms import term_weights


def _share(terms: list[str], counts: dict[str, int], total: int = 1000) -> float:
    return unprinted_share(terms, counts, term_weights(terms, counts, total))


def test_a_subject_no_passage_prints_dominates_the_share():
    # "gcse" is printed nowhere; "results" is common: passages about results are not about GCSEs
    assert _share(["gcse", "results"], {"gcse": 0, "results": 40}) > 0.5


def test_a_question_whose_words_are_all_printed_has_no_unprinted_share():
    assert (
        _share(
            ["care", "leavers", "accommodation"], {"care": 800, "leavers": 200, "accommodation": 30}
        )
        == 0.0
    )


def test_one_rare_unprinted_word_among_rarer_printed_ones_is_a_minority():
    counts = {"lado": 3, "allegations": 5, "timeliness": 9, "kiddos": 0}
    assert 0.0 < _share(list(counts), counts) < 0.5


def test_no_terms_means_no_share():
    assert _share([], {}) == 0.0


def test_passages_missing_the_questions_heaviest_word_are_not_evidence():
    from retriever.answer.weigh import dominant_missing

    terms = ["gcse", "results"]
    weights = term_weights(terms, {"gcse": 2, "results": 400}, 10_000)
    assert dominant_missing(terms, weights, ["This results in delays for children."])
    assert not dominant_missing(terms, weights, ["GCSE results improved for children in care."])
    even = term_weights(["foster", "carers"], {"foster": 300, "carers": 320}, 10_000)
    assert not dominant_missing(["foster", "carers"], even, ["Carers are well supported."])


def test_everyday_words_count_as_held_where_a_passage_says_them_in_the_reports_words():
    from retriever.search.terms import coverage, equivalents, query_terms

    question = "teenagers who turn up homeless"
    passage = "Leaders could not assure themselves that all 16- and 17-year-olds who presented as homeless were supported."
    terms = query_terms(question)
    weights = term_weights(terms, {"teenagers": 1, "turn": 5, "homeless": 25}, 795)
    assert coverage(terms, weights, passage) < 0.24  # the abstention threshold
    assert coverage(terms, weights, passage, equivalents(question)) == 1.0


def test_report_words_are_read_one_way_and_not_from_words_that_only_look_alike():
    from retriever.search.terms import equivalents

    assert equivalents("what did the report say about 16 and 17 year olds") == {}
    assert "front" in equivalents("how good is the front door") and not equivalents("a front")


def test_the_lexical_search_looks_for_the_reports_words_and_the_embedding_is_left_alone():
    from retriever.understand.glossary import expand, with_report_words

    question = "How well is the front door managed?"
    assert "multi-agency safeguarding hub" in with_report_words(question)
    assert expand(question) == question
