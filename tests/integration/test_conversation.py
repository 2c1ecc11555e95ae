"""A conversation keeps its subject, through ask on the shipped index."""

from __future__ import annotations


def cited(answer) -> set[str]:
    by_id = {h.passage["passage_id"]: h for h in answer.hits}
    return {by_id[c.passage_id].document["authority"] for c in answer.citations}


def test_a_follow_up_answers_for_the_earlier_council_in_its_own_shape(retriever):
    history = ["How did Kent do at its last Ofsted inspection?"]
    answer = retriever.ask("what needs to improve", history=history)
    assert answer.answer.splitlines()[0] == "Kent (from your earlier question)"
    assert answer.shape == "improve" and cited(answer) == {"Kent"}


def test_an_earlier_question_s_words_stay_out_of_the_next_answer(retriever):
    answer = retriever.ask("what is the council's budget?", history=["ofstead rating leeds"])
    assert "ofstead" not in answer.answer.lower()


def test_my_council_answers_we_questions_and_says_so(retriever):
    answer = retriever.ask("How did we do at our last Ofsted inspection?", council="Staffs")
    assert answer.answer.splitlines()[0] == "Staffordshire (your council)"
    assert cited(answer) == {"Staffordshire"}
    across = retriever.ask("Which councils were rated good overall?", council="Kent")
    assert not across.carried and len(cited(across)) > 1
