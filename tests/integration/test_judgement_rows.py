"""The judgement rows of the session index (the shipped corpus, real SQLite): every report that
prints an overall judgement (a table row or, in a SIF report, a sentence on its cover) has
an overall effectiveness row; every row is one of the frameworks' judgement names; the SIF
report's LSCB review is kept under its own name and counted as no grade of the council."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.national_parse import PRINTED_OVERALL_RE
from indexer.parse.documents import parse_file
from indexer.store.reader import Reader
from indexer.vocab import JUDGEMENT_NAMES, LSCB_NAME
from retriever.answer.grades import row_line
from retriever.answer.standing import graded_inspections

pytestmark = pytest.mark.model

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def rows(index_dir) -> list[dict]:
    reader = Reader(index_dir)
    try:
        found = reader.judgements()
        for row in found:  # the passage each row is cited from
            passage = reader.passage(row["passage_id"])
            row["passage_text"] = passage["text"] if passage is not None else ""
        return found
    finally:
        reader.close()


def test_every_report_printing_an_overall_judgement_has_its_overall_row(rows):
    printed = []
    for path in sorted(p for p in CORPUS.iterdir() if p.is_file()):
        doc = parse_file(path, CORPUS, {})
        ofsted = any(part.kind == "ilacs_report" for part in doc.parts)
        if ofsted and PRINTED_OVERALL_RE.search(doc.text):
            printed.append(doc.meta.doc_id)
    overall = {r["doc_id"] for r in rows if r["area"] == "Overall effectiveness"}
    assert "kent-2017-06-sif" in printed  # the SIF report prints it as a sentence
    assert [d for d in printed if d not in overall] == []


def test_every_row_is_a_judgement_name_and_the_sif_report_uses_its_own(rows):
    names = {j.name for j in JUDGEMENT_NAMES}
    assert {r["area"] for r in rows} <= names
    sif = [r for r in rows if r["doc_id"] == "kent-2017-06-sif"]
    assert [r["area"] for r in sif] == [
        "Overall effectiveness",
        LSCB_NAME,
        "Children who need help and protection",
        "Children looked after and achieving permanence",
        "Adoption performance",
        "Experiences and progress of care leavers",
        "Leadership, management and governance",
    ]
    assert all(r["passage_id"] for r in sif)


def test_the_lscb_review_is_not_the_councils_grade(rows):
    kent = graded_inspections(rows)["Kent"]
    sif = next(i for i in kent if i.date.startswith("2017"))
    assert sif.grade("overall") == "Good"  # the council's, not the board's Requires improvement
    assert sif.grade("adoption") == "Good" and sif.grade("help_and_protection").startswith(
        "Requires"
    )
    assert not any(r["area"] == LSCB_NAME for r in sif.rows.values())


def test_every_councils_row_is_quoted_from_its_passage_so_answers_list_it(rows):
    """Trend and grade answers list a row only where its line is found in its passage: the
    SIF report's overall judgement is its cover sentence ("Children's services in Kent are
    good")."""
    unquoted = [
        (r["doc_id"], r["area"])
        for r in rows
        if r["area"] != LSCB_NAME and row_line(r, r["passage_text"]) is None
    ]
    assert unquoted == []
    kent = next(
        r
        for r in rows
        if r["doc_id"] == "kent-2017-06-sif" and r["area"] == "Overall effectiveness"
    )
    assert row_line(kent, kent["passage_text"]) == "Children’s services in Kent are good"
