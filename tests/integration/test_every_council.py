"""Among several councils' reports: a council's newest report first unless a
year is asked, statistical neighbours side by side, answers naming the councils they use."""

from __future__ import annotations

import pytest

from retriever import FilterError


def docs(hits) -> list[str]:
    return [h.document["doc_id"] for h in hits]


def newest_kent(retriever) -> str:
    kent = [d for d in retriever.documents() if d["authority"] == "Kent"]
    return max(kent, key=lambda d: d["date"] or "")["doc_id"]


def test_a_council_question_gets_its_newest_report_first(retriever):
    hits = retriever.search("How well does Kent support care leavers?")
    assert hits and docs(hits)[0] == newest_kent(retriever)
    assert docs(hits)[0] != "kent-2017-06-sif"


def test_a_year_asked_gets_that_years_report(retriever):
    hits = retriever.search("How well did Kent support care leavers in 2017?")
    assert hits and set(docs(hits)) == {"kent-2017-06-sif"}


def test_a_history_question_may_draw_on_older_reports(retriever):
    hits = retriever.search("What did the previous inspection say about Kent care leavers?", k=10)
    assert "kent-2017-06-sif" in docs(hits)


def test_statistical_neighbours_side_by_side_grades_first(retriever):
    answer = retriever.ask("How does Kent compare with its statistical neighbours on care leavers?")
    assert not answer.abstained
    cited = {retriever.passage(c.passage_id).document["authority"] for c in answer.citations}
    assert {"Kent", "Norfolk"} <= cited
    lines = answer.answer.splitlines()
    assert "Kent" in lines[0] and "Norfolk" in lines[0]
    # one table, the asked council first, the area asked as its grade column
    header = next(i for i, line in enumerate(lines) if line.startswith("Council | "))
    assert "Care leavers" in lines[header]
    assert lines[header + 1].startswith("Kent | ")
    # each council's grades come from its newest inspection
    rows = {r["passage_id"]: r for r in retriever.judgements()}
    kent_dates = {
        rows[c.passage_id]["inspection_date"]
        for c in answer.citations
        if c.passage_id in rows and rows[c.passage_id]["authority"] == "Kent"
    }
    assert kent_dates and all(d.startswith("2026") or d.startswith("2025") for d in kent_dates)


def test_an_answer_naming_no_council_says_which_it_draws_on(retriever):
    answer = retriever.ask("How effective is the multi-agency safeguarding hub?")
    assert not answer.abstained
    cited = {retriever.passage(c.passage_id).document["authority"] for c in answer.citations}
    note = next(p for p in answer.answer.split("\n\n") if "names no council" in p)
    assert all(c in note for c in cited)


def test_as_of_a_date_the_newest_report_then_comes_first(retriever):
    """`until`: the index as it stood on a date; "latest" is the newest report by then."""
    hits = retriever.search("How well does Kent support care leavers?", filters={"until": "2020"})
    assert hits and set(docs(hits)) == {"kent-2017-06-sif"}
    latest = retriever.search("Kent's latest inspection", filters={"until": "2020-06"})
    assert latest and docs(latest)[0] == "kent-2017-06-sif"


def test_as_of_a_date_grades_come_from_the_tables_published_by_then(retriever):
    answer = retriever.ask("What grades did Kent get?", filters={"until": "2020"})
    assert not answer.abstained
    cited = {c.passage_id.split("#")[0] for c in answer.citations}
    assert cited == {"kent-2017-06-sif"}
    assert "2017" in answer.answer


def test_as_of_a_malformed_date_is_one_clear_error(retriever):
    with pytest.raises(FilterError, match="until must be a date like 2023"):
        retriever.search("Kent care leavers", filters={"until": "last spring"})


def test_a_council_question_searches_its_topic_not_the_councils_name(retriever):
    """The council is a filter; its name in the search would favour the passages that print
    it (an agenda, contact details) over the paragraphs about the topic."""
    question = "How are Staffordshire's child protection plans working?"
    query = retriever.resolver.resolve(question, k=5, mode="hybrid")
    assert "staffordshire" not in retriever.ranker.lexical_text(query, ["Staffordshire"]).lower()
    top = retriever.search(question, k=3)
    assert top and all(h.document["authority"] == "Staffordshire" for h in top)
    assert "child protection" in top[0].passage["text"].lower()


def test_as_of_a_date_lists_and_briefings_come_from_the_reports_public_by_then(retriever):
    def cited(answer) -> set[str]:
        return {c.passage_id.split("#")[0] for c in answer.citations}

    now = retriever.ask("What does Kent need to improve?")
    then = retriever.ask("What does Kent need to improve?", filters={"until": "2020"})
    assert cited(now) == {newest_kent(retriever)} and cited(then) == {"kent-2017-06-sif"}
    briefing = retriever.ask("Summarise the latest inspection of Kent", filters={"until": "2020"})
    assert not briefing.abstained and cited(briefing) == {"kent-2017-06-sif"}
