"""Cited answers on the real index: grades, comparisons, follow-ups, abstention, faithfulness."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eval.questions import load_questions
from retriever.answer.citations import checked, verify_quote
from retriever.types import Citation

ROOT = Path(__file__).resolve().parents[2]


def councils_cited(retriever, answer) -> set[str]:
    return {retriever.passage(c.passage_id).document["authority"] for c in answer.citations}


def test_grade_question_is_answered_from_the_judgement_table(retriever):
    answer = retriever.ask("What grade did Southend get for children in care?")
    assert not answer.abstained
    first = answer.citations[0]
    assert first.passage_id.endswith("Judgements table")
    assert "children in care" in first.quote and "Requires improvement to be good" in first.quote
    rows = [r for r in retriever.judgements() if r["passage_id"] == first.passage_id]
    assert any(r["grade"] == "Requires improvement to be good" for r in rows)


@pytest.mark.parametrize("council", ["Leeds", "Kent", "Wolverhampton"])
def test_search_ranks_the_judgement_table_first_when_ask_answers_from_it(retriever, council):
    """A question like "How was X rated?" has no grade word, but its shape is grades: the
    answer is made from the judgement table, and the search behind it ranks it first too."""
    question = f"How was {council} rated?"
    answer = retriever.ask(question)
    assert answer.citations[0].passage_id.endswith("Judgements table")
    top = retriever.search(question, k=3)[0]
    assert top.passage["passage_id"] == answer.citations[0].passage_id


def test_which_councils_question_lists_each_graded_council(retriever):
    answer = retriever.ask("Which authorities were rated outstanding for children in care?")
    expected = {
        r["authority"]
        for r in retriever.judgements()
        if r["grade"] == "Outstanding" and r["area"].lower().endswith("children in care")
    }
    assert expected and councils_cited(retriever, answer) == expected


def test_comparison_answers_side_by_side(retriever):
    answer = retriever.ask("Compare Staffordshire and Southend on care leavers")
    assert not answer.abstained
    assert councils_cited(retriever, answer) == {"Staffordshire", "Southend-on-Sea"}
    body = answer.answer.split("\n\n", 1)[1]
    assert body.index("Staffordshire") < body.index("Southend-on-Sea")


def test_follow_up_uses_history(retriever):
    history = ["What did Ofsted say about care leavers in Staffordshire?"]
    answer = retriever.ask("and in Southend?", history=history)
    assert not answer.abstained
    assert councils_cited(retriever, answer) == {"Southend-on-Sea"}
    assert any("care leaver" in c.quote.lower() for c in answer.citations)


def test_answer_is_grouped_by_report_newest_first_without_repeats(retriever):
    answer = retriever.ask("What did Ofsted say about care leaver accommodation?")
    assert not answer.abstained
    summary, body = answer.answer.split("\n\n", 1)
    assert re.search(r"\[\d+\]", summary)
    # the question names no council, so the answer ends by naming those it draws on
    body, note = body.rsplit("\n\n", 1)
    assert note.startswith("The question names no council")
    dates = []
    for c in answer.citations:
        part = retriever.passage(c.passage_id).passage["part"]
        dates.append(part.get("inspection_end") or part.get("meeting_date") or "")
    headings = [line for line in body.splitlines() if line and not line.startswith("- ")]
    assert len(headings) >= 2
    firsts = []
    for heading in headings:
        block = body.split(heading, 1)[1]
        number = int(re.search(r"\[(\d+)\]", block).group(1))
        firsts.append(dates[number - 1])
    assert firsts == sorted(firsts, reverse=True)
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == len(set(quotes))


def test_citation_check_rejects_a_fabricated_quote(retriever):
    real = retriever.ask("How effective is the LADO in Southend?").citations[0]
    fabricated = Citation(2, real.passage_id, real.citation, "Ofsted found nothing to improve.")
    wrong_place = Citation(3, "southend-2024-10-ilacs#ofsted-report/1", real.citation, real.quote)
    missing = Citation(4, "no-such-report#part/1", real.citation, real.quote)
    kept = checked(retriever, [real, fabricated, wrong_place, missing])
    assert [c.passage_id for c in kept] == [real.passage_id]
    assert not verify_quote("", "any text")


@pytest.mark.parametrize(
    "question",
    [
        "What is the council tax rate?",
        "How did Ofsted rate adult social care in Cheshire East?",
        "What were the GCSE results in Leeds?",
        "What did Ofsted say about Surrey's children's services?",
        "What did Kent's 2019 inspection find?",
    ],
)
def test_off_topic_questions_abstain_and_cite_nothing(retriever, question):
    answer = retriever.ask(question)
    assert answer.abstained
    assert answer.citations == []
    assert answer.answer.startswith(("The reports do not", "The index holds no"))


def test_unknown_council_abstention_names_what_the_index_holds(retriever):
    answer = retriever.ask("What did Ofsted say about Lancashire?")
    assert answer.abstained
    assert "Lancashire" in answer.answer and "Staffordshire" in answer.answer


def test_every_citation_in_every_eval_answer_is_faithful(retriever):
    """The faithfulness sweep: each cited sentence is printed in the passage it cites, and
    the answer text carries each citation's marker next to its quote."""
    questions = load_questions(ROOT / "eval" / "questions.jsonl") + load_questions(
        ROOT / "eval" / "questions_holdout.jsonl"
    )
    checked_count = 0
    for q in questions:
        answer = retriever.ask(q["question"], history=q["history"] or None)
        assert answer.abstained == (answer.citations == []), q["id"]
        for c in answer.citations:
            hit = retriever.passage(c.passage_id)
            assert hit is not None, (q["id"], c.passage_id)
            assert verify_quote(c.quote, hit.passage["text"]), (q["id"], c.quote)
            assert f"[{c.number}]" in answer.answer, (q["id"], c.number)
            checked_count += 1
    assert checked_count > len(questions)


def test_rerank_mode_reorders_the_fused_candidates(retriever):
    question = "How do councils support care leavers in custody?"
    hybrid = retriever.search(question, k=20, mode="hybrid")
    reranked = retriever.search(question, k=20, mode="rerank")
    assert {h.rowid for h in reranked} == {h.rowid for h in hybrid}
    assert [h.rowid for h in reranked] != [h.rowid for h in hybrid]


def test_every_offered_year_filter_finds_reports(retriever):
    for year in retriever.filter_values()["year"]:
        assert retriever.search("children", k=1, mode="lexical", filters={"year": year}), year


def test_a_publication_date_the_report_never_prints_is_said_so_with_its_inspection_dates(
    retriever,
):
    # Birmingham's report prints its inspection dates but no publication date.
    answer = retriever.ask("When was the Birmingham report published?")
    assert not answer.abstained
    assert "does not print its publication date" in answer.answer
    assert [c.passage_id.split("#")[0] for c in answer.citations] == ["birmingham-2019-01-ilacs"]
    assert "Inspection dates: 3 December 2018 to 14 December 2018" in answer.citations[0].quote
    printed = retriever.ask("When was the 2017 Kent report published?")  # printed: quoted
    assert "13 June 2017" in printed.citations[0].quote
    assert "does not print" not in printed.answer


@pytest.mark.parametrize(
    "question",
    ["When will the next Birmingham report be published?", "When is Kent's next inspection?"],
)
def test_a_future_report_or_inspection_is_not_answered_from_past_ones(retriever, question):
    answer = retriever.ask(question)
    assert answer.abstained and not answer.citations
    assert "do not say when the next" in answer.answer
