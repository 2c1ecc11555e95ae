"""A follow-up in everyday words is answered where the report says it in its own words."""

from __future__ import annotations


def test_teenagers_who_turn_up_homeless_finds_16_and_17_year_olds_presenting_as_homeless(
    index_dir,
):
    from retriever import Retriever

    retriever = Retriever.open(index_dir)
    history = ["What did Ofsted say about Norfolk?"]
    answer = retriever.ask("teenagers who turn up homeless", history=history)
    assert not answer.abstained
    quoted = " ".join(c.quote for c in answer.citations).lower()
    assert "homeless" in quoted and ("16" in quoted or "17" in quoted)


def test_the_front_door_is_found_where_a_report_calls_it_the_point_of_contact(index_dir):
    from retriever import Retriever

    retriever = Retriever.open(index_dir)
    history = ["What did Ofsted say about the front door in Norfolk?"]
    for question, earlier in (
        ("What did Ofsted say about the front door in Birmingham?", None),
        ("and Birmingham?", history),
    ):
        hits = retriever.search(question, history=earlier)
        texts = [h.passage["text"].lower() for h in hits]
        assert any("safeguarding hub" in t or "point of contact" in t for t in texts)
        assert not retriever.ask(question, history=earlier).abstained
