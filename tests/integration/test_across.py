"""Questions across councils through `ask` on the session index: a region restricts every
answer, the number comes first, and every grade in the table cites its judgement passage."""

from __future__ import annotations

import pytest

from indexer.regions import region_by_code

pytestmark = pytest.mark.model

WEST_MIDLANDS = set(region_by_code("WM").councils)


def table_councils(answer) -> list[str]:
    return [row[0].text for row in answer.table.rows]


def assert_cited(retriever, answer) -> None:
    """Every cited cell's grade is printed in the passage its citation names."""
    by_number = {c.number: c for c in answer.citations}
    for row in answer.table.rows:
        for cell in row:
            if cell.citation:
                citation = by_number[cell.citation]
                text = retriever.passage(citation.passage_id).passage["text"]
                assert citation.quote in text
                assert cell.text.lower() in citation.quote.lower()


def test_which_councils_in_a_region_names_none_outside_it(retriever):
    answer = retriever.ask("Which councils in the West Midlands are rated good overall?")
    assert answer.shape == "which" and answer.table is not None
    named = table_councils(answer)
    assert named and set(named) <= WEST_MIDLANDS
    assert {row[2].text for row in answer.table.rows} == {"Good"}
    assert answer.summary.startswith(f"{len(named)} of the ")
    assert_cited(retriever, answer)


def test_a_regions_table_lists_each_councils_latest_grades(retriever):
    answer = retriever.ask("Ofsted grades of every council in the West Midlands")
    assert answer.shape == "region_table"
    held = {r["authority"] for r in retriever.judgements()} & WEST_MIDLANDS
    assert set(table_councils(answer)) == held
    assert answer.table.columns[2] == "Overall effectiveness"
    assert_cited(retriever, answer)


def test_a_change_between_inspections_compares_the_last_two(retriever):
    answer = retriever.ask(
        "Which councils in the West Midlands have declined since their last inspection?"
    )
    assert answer.shape == "movement"
    assert table_councils(answer) == ["Staffordshire"]
    row = answer.table.rows[0]
    assert (row[2].text, row[4].text) == ("Good", "Requires improvement to be good")
    assert "last two graded inspections" in answer.answer
    assert_cited(retriever, answer)


def test_regions_compared_end_with_england(retriever):
    answer = retriever.ask("How does the West Midlands compare with other regions?")
    assert answer.shape == "region_compare"
    regions = table_councils(answer)
    assert regions[0] == "West Midlands" and regions[-1] == "England"
    counts = {row[0].text: int(row[1].text) for row in answer.table.rows}
    assert counts["England"] == sum(v for k, v in counts.items() if k != "England")


def test_a_topic_across_councils_cites_each_councils_newest_report(retriever):
    answer = retriever.ask("Which councils have a multi-agency safeguarding hub?")
    assert answer.shape == "which"
    if answer.abstained:
        assert "No council's newest Ofsted report" in answer.answer
        return
    assert answer.table.columns == ["Council", "Report", "What it says"]
    for row in answer.table.rows:
        citation = next(c for c in answer.citations if c.number == row[2].citation)
        hit = retriever.passage(citation.passage_id)
        assert hit.document["authority"] == row[0].text
        assert citation.quote in hit.passage["text"]


@pytest.mark.parametrize(
    "question",
    [
        "Which councils were criticised for how they support care leavers?",
        "Which councils were praised for their work with children in care?",
        "Which councils have a multi-agency safeguarding hub?",
    ],
)
def test_a_topic_listing_reads_no_less_than_the_cut_off_keeps(retriever, question):
    # Not reading sentences below the cut-off's floor lists what reading them all would.
    from retriever.answer import topic_which

    query = retriever.resolver.resolve(question, k=None, mode="hybrid")
    every = topic_which.candidates(query, retriever.sources)
    early = topic_which.candidates(query, retriever.sources, topic_which.CUTOFF)
    assert every, question
    assert topic_which.kept(early) == topic_which.kept(every)
    assert len(early) <= len(every)


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        # read as regions compared, which one region cannot carry: a change, not a list
        ("South East areas rated good at both of their last two inspections", "movement"),
        (
            "put together a table of the South East's local authorities with their latest "
            "overall, leadership, help and protection, children in care and care leavers grades",
            "region_table",
        ),
        # read as regions compared ("compared with"), though it sets no region against another
        (
            "West Midlands authorities whose overall Ofsted grade went up compared with the "
            "inspection before",
            "movement",
        ),
        # read as one council's briefing, though it names no council
        (
            "Put together a table of every council in the North East with its latest Ofsted "
            "grades.",
            "region_table",
        ),
    ],
)
def test_an_across_council_shape_that_gives_way_gives_way_to_what_the_question_names(
    retriever, question, shape
):
    assert retriever.resolver.resolve(question, k=None, mode="hybrid").shape == shape
