"""A year dating an event is no filter: a later report that discusses the event is found;
a year saying which report is asked about still filters. On the shipped index."""

from __future__ import annotations


def _open(index_dir):
    from retriever import Retriever

    return Retriever.open(index_dir)


def test_a_later_report_discussing_an_event_of_a_year_it_does_not_hold_is_found(index_dir):
    retriever = _open(index_dir)
    question = "What did Ofsted say about Staffordshire's SEND inspection in November 2018?"
    hits = retriever.search(question, k=20)  # the index holds no Staffordshire report of 2018
    assert any("SEND inspection" in h.passage["text"] for h in hits)
    assert {h.document["authority"] for h in hits} == {"Staffordshire"}
    hits = retriever.search("What has improved in Norfolk since the 2017 inspection?")
    assert any("since the last inspection in 2017" in h.passage["text"].lower() for h in hits)


def test_a_year_saying_which_report_filters_the_search(index_dir):
    retriever = _open(index_dir)
    hits = retriever.search("What did Ofsted say about Kent's care leavers in its 2017 inspection?")
    assert hits and {h.document["date"][:4] for h in hits} == {"2017"}


def test_progress_since_an_inspection_whose_report_is_not_held_is_answered_from_later_reports(
    index_dir,
):
    """The index holds Norfolk's 2022 inspection, not its 2017 one: the 2022 report's
    passages on the progress since 2017 answer, under a line saying the 2017 report is not
    held, never a refusal."""
    from retriever.answer.citations import verify_quote

    retriever = _open(index_dir)
    answer = retriever.ask("What has improved in Norfolk since the 2017 inspection?")
    assert not answer.abstained and answer.shape == "progress"
    assert "The index holds no report of Norfolk's 2017 inspection" in answer.answer
    assert any("since the last inspection in 2017" in c.quote.lower() for c in answer.citations)
    hits = {h.passage["passage_id"]: h for h in answer.hits}
    for c in answer.citations:
        hit = hits[c.passage_id]
        assert hit.document["authority"] == "Norfolk" and hit.document["date"] >= "2017"
        assert verify_quote(c.quote, hit.passage["text"])
    # no report since the year named: still said plainly
    later = retriever.ask("How has Norfolk progressed since its 2025 inspection?")
    assert later.abstained and "no inspection of Norfolk in 2025" in later.answer
