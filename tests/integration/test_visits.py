"""Visit letters through ask, end to end: a real index (real model, FAISS, SQLite) of real
inspection reports from corpus/ and the fictional visit letters of tests/fixtures/visits/.

- "the latest monitoring visit to X", "the focused visit", "when Ofsted visited X in May
  2022": answered from that one letter, cited; none held is said plainly, never answered
  from another kind of report.
- "how has X progressed since it was judged inadequate?": the inspection that gave the
  grade, each visit after it in date order with its headline finding, the latest full
  inspection after it; grades only from inspections.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retriever.answer.citations import verify_quote

ROOT = Path(__file__).resolve().parents[2]
LETTERS = ROOT / "tests" / "fixtures" / "visits"
REPORTS = (
    "bournemouth-christchurch-poole-2022-02-ilacs.pdf",  # judged inadequate, Dec 2021
    "staffordshire-2019-ilacs-summary.md",  # good, Feb 2019
    "staffordshire-2024-01-cabinet-ofsted.txt",  # requires improvement, Nov 2023
)
BCP = "Bournemouth, Christchurch and Poole"
MAY_LETTER = "bournemouth-christchurch-poole-2022-06-monitoring-visit"
SEPT_LETTER = "bournemouth-christchurch-poole-2022-10-monitoring-visit"
FOCUSED = "staffordshire-2021-03-focused-visit"
VISITS = {MAY_LETTER, SEPT_LETTER, FOCUSED}


@pytest.fixture(scope="module")
def visits_retriever(tmp_path_factory):
    from indexer import build_index
    from retriever import Retriever

    corpus = tmp_path_factory.mktemp("visits") / "corpus"
    corpus.mkdir()
    for name in REPORTS:
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    for letter in LETTERS.glob("*-visit.md"):
        shutil.copy(letter, corpus / letter.name)
    index = corpus.parent / "index"
    build_index(corpus, index, progress=False)
    return Retriever.open(index)


def docs_cited(answer) -> list[str]:
    return [c.passage_id.split("#")[0] for c in answer.citations]


def checked(retriever, answer) -> None:
    """Every citation quotes its stored passage."""
    assert answer.citations
    for c in answer.citations:
        assert verify_quote(c.quote, retriever.passage(c.passage_id).passage["text"])


def test_the_index_tells_the_visits_apart(visits_retriever):
    kinds = {d["doc_id"]: d["kind"] for d in visits_retriever.documents()}
    assert kinds[MAY_LETTER] == kinds[SEPT_LETTER] == "monitoring_visit"
    assert kinds[FOCUSED] == "focused_visit"
    assert not {r["doc_id"] for r in visits_retriever.judgements()} & VISITS


def test_the_latest_monitoring_visit_is_answered_from_that_letter_alone(visits_retriever):
    answer = visits_retriever.ask(f"What did the latest monitoring visit to {BCP} find?")
    assert not answer.abstained and answer.shape == "visit"
    assert set(docs_cited(answer)) == {SEPT_LETTER}
    checked(visits_retriever, answer)
    assert answer.answer.splitlines()[0] == f"Ofsted's visit to {BCP}"
    assert "monitoring visit of Sep 2022 (letter of Oct 2022)" in answer.answer
    assert "Progress since the last monitoring visit has been steady" in answer.answer
    assert "Inadequate" not in answer.answer  # the letter's history is not a grade


def test_a_month_named_picks_the_letter_of_that_visit(visits_retriever):
    answer = visits_retriever.ask("What did Ofsted find when it visited BCP in May 2022?")
    assert not answer.abstained
    assert set(docs_cited(answer)) == {MAY_LETTER}
    assert "Leaders have begun to strengthen the front door" in answer.answer


def test_the_latest_focused_visit_is_a_focused_visit(visits_retriever):
    answer = visits_retriever.ask("latest focused visit to Staffordshire")
    assert not answer.abstained
    assert set(docs_cited(answer)) == {FOCUSED}
    checked(visits_retriever, answer)
    assert "children in care in the fictional test service live in stable homes" in answer.answer


def test_a_topic_asked_of_a_letter_is_searched_in_that_letter(visits_retriever):
    answer = visits_retriever.ask(
        f"What did the latest monitoring visit to {BCP} say about exploitation?"
    )
    assert not answer.abstained
    assert set(docs_cited(answer)) == {SEPT_LETTER}
    assert any("exploitation" in c.quote for c in answer.citations)


@pytest.mark.parametrize(
    "question, said",
    [
        (
            f"What did the latest focused visit to {BCP} find?",
            f"The index holds no focused visit letter for {BCP}.",
        ),
        (
            "What did the monitoring visit to Staffordshire find?",
            "The index holds no monitoring visit letter for Staffordshire.",
        ),
        (
            "What did Ofsted find when it visited BCP in March 2022?",
            f"The index holds no Ofsted report or visit letter for {BCP} from Mar 2022.",
        ),
    ],
)
def test_no_such_letter_is_said_plainly_and_nothing_else_is_quoted(
    visits_retriever, question, said
):
    answer = visits_retriever.ask(question)
    assert answer.abstained
    assert answer.answer.startswith(said)
    assert "Its latest inspection in the index is of" in answer.answer
    assert answer.citations == []


def test_progress_since_inadequate_is_the_inspection_then_each_visit_in_order(visits_retriever):
    answer = visits_retriever.ask(f"How has {BCP} progressed since it was judged inadequate?")
    assert not answer.abstained and answer.shape == "progress"
    checked(visits_retriever, answer)
    docs = list(dict.fromkeys(docs_cited(answer)))
    assert docs == ["bournemouth-christchurch-poole-2022-02-ilacs", MAY_LETTER, SEPT_LETTER]
    assert answer.citations[0].quote.startswith("Overall effectiveness")
    assert "Inadequate" in answer.citations[0].quote
    assert answer.summary.startswith(f"{BCP}: judged inadequate at its inspection of Dec 2021")
    assert "2 monitoring visits since (May 2022, Sep 2022)" in answer.summary
    assert "no full inspection since in the index" in answer.summary
    text = answer.answer
    assert text.index("Monitoring visit, May 2022") < text.index("Monitoring visit, Sep 2022")


def test_progress_since_an_inspection_ends_with_the_latest_full_inspection(visits_retriever):
    answer = visits_retriever.ask("How has Staffordshire progressed since its 2019 inspection?")
    assert not answer.abstained and answer.shape == "progress"
    checked(visits_retriever, answer)
    assert list(dict.fromkeys(docs_cited(answer))) == [
        "staffordshire-2019-ilacs-summary",
        FOCUSED,
        "staffordshire-2024-01-cabinet-ofsted",
    ]
    assert "1 focused visit since (Feb 2021)" in answer.summary
    assert "latest full inspection Nov 2023: requires improvement to be good" in answer.summary


def test_progress_since_a_year_is_measured_from_the_first_inspection_in_it(visits_retriever):
    """ "Since 2019" reads as the years from 2019 on; progress starts at the 2019
    inspection, not at the latest one."""
    answer = visits_retriever.ask("How has Staffordshire progressed since 2019?")
    assert not answer.abstained and answer.shape == "progress"
    assert docs_cited(answer)[0] == "staffordshire-2019-ilacs-summary"
    assert "latest full inspection Nov 2023" in answer.summary


def test_progress_shows_every_judgement_area_once_at_each_end(visits_retriever):
    """Progress shows in each area, not only overall: every grade of the inspection it is
    measured from and of the latest, one line per area."""
    answer = visits_retriever.ask("How has Staffordshire progressed since 2019?")
    before, latest = answer.answer.split("Latest full inspection")
    for part in (before, latest):
        lines = [line for line in part.splitlines() if line.startswith("- ")]
        areas = [line.split(":")[0] for line in lines]
        assert len(lines) >= 4 and len(areas) == len(set(areas))
        assert "help and protection" in part and "Overall effectiveness" in part


def test_grades_and_their_trend_come_from_inspections_only(visits_retriever):
    grades = visits_retriever.ask(f"How was {BCP} rated?")
    assert grades.citations and not set(docs_cited(grades)) & VISITS
    trend = visits_retriever.ask("How have Staffordshire's grades changed over time?")
    assert trend.shape == "trend"
    graded = [c for c in trend.citations if c.passage_id.endswith("Judgements table")]
    assert graded and not {c.passage_id.split("#")[0] for c in graded} & VISITS
    assert trend.summary.startswith("Staffordshire: 2 inspections graded")


def test_the_latest_named_as_one_end_of_a_trend_keeps_every_inspection(visits_retriever):
    """ "previous and current grades" asks for grades over time: "current" names one end of
    it, not the only year to look in."""
    trend = visits_retriever.ask("Staffordshire previous and current grades")
    assert trend.shape == "trend"
    assert trend.summary.startswith("Staffordshire: 2 inspections graded")
