"""The app as a councillor uses it every week, driven with AppTest over the session's real
index: my council kept in the URL, answers over many councils as tables, citation cards with
the cited page, the cabinet briefing in Word and PDF, the Grades view, and the small things."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from webapp.cabinet import build_briefing
from webapp.export import briefing_docx, briefing_pdf, reference_line

from .test_app import ROOT, ask, grade_tables

WE_QUESTION = "How did we do at our last Ofsted inspection?"


@pytest.fixture
def app_env(index_location, tmp_path, monkeypatch):
    if isinstance(index_location, Path):
        monkeypatch.setenv("OFSTED_QA_INDEX", str(index_location))
    else:
        monkeypatch.setenv("OFSTED_QA_STORE", index_location)
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(ROOT / "corpus"))
    monkeypatch.setenv("OFSTED_QA_FEEDBACK", str(tmp_path / "feedback.sqlite"))
    monkeypatch.delenv("OFSTED_QA_UPLOADS", raising=False)
    return tmp_path


def open_app(council: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if council:
        at.query_params["council"] = council
    at.run()
    assert not at.exception, at.exception
    return at


def cited_councils(answer) -> set[str]:
    hits = {h.passage["passage_id"]: h for h in answer.hits}
    return {hits[c.passage_id].document["authority"] for c in answer.citations}


def test_my_council_from_the_url_answers_we_questions_and_says_so(app_env):
    at = ask(open_app("kent"), WE_QUESTION)
    assert at.selectbox(key="my_council").value == "Kent"
    turn = at.session_state["turns"][0]
    assert turn["asked"] == WE_QUESTION and turn["mine"]
    assert turn["answer"].carried == ["Kent (your council)"]
    assert cited_councils(turn["answer"]) == {"Kent"}
    assert any("Kent (your council)" in html.unescape(c.value) for c in at.caption)
    # A follow-up that names no council is asked about my council too.
    at = ask(at, "what needs to improve?")
    assert cited_councils(at.session_state["turns"][1]["answer"]) == {"Kent"}
    # A question across councils is left as asked.
    at = ask(at, "which councils were rated good overall?")
    assert len(cited_councils(at.session_state["turns"][2]["answer"])) > 1


def test_without_a_council_a_we_question_asks_which_then_keeps_the_choice(app_env):
    at = ask(open_app(), WE_QUESTION)
    turn = at.session_state["turns"][0]
    assert turn["answer"] is None
    assert any("Which council do you mean?" in i.value for i in at.info)
    offered = [b for b in at.button if b.key and b.key.startswith("mine-")]
    assert offered, "likely councils are offered as buttons"
    council = offered[0].label
    offered[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["my_council"] == council
    assert at.query_params["council"] == [council.lower().replace(" ", "-")] or at.query_params[
        "council"
    ] == council.lower().replace(" ", "-")
    turns = at.session_state["turns"]
    assert len(turns) == 1 and turns[0]["answer"] is not None  # the question, answered
    assert cited_councils(turns[0]["answer"]) == {council}


def test_an_answer_over_many_councils_is_a_number_then_a_table(app_env):
    at = ask(open_app(), "Which councils were rated good overall?")
    answer = at.session_state["turns"][0]["answer"]
    councils = cited_councils(answer)
    assert len(councils) >= 3
    assert at.metric[0].value == str(len(councils))
    table = at.dataframe[0].value
    # the retriever's own table: a council per row, its grade cited
    assert set(table["Council"]) == councils
    assert set(table["Overall effectiveness"]) == {"Good"}
    assert list(table["Ref"]) == [f"[{c.number}]" for c in answer.citations][: len(table)]
    assert any(b.label == "Download the table (CSV)" for b in at.download_button)


def test_citation_markers_link_to_cards_that_show_the_cited_page(app_env, retriever):
    question = "What did inspectors say about strategy meetings in Leeds?"
    at = ask(open_app(), question)
    turn = at.session_state["turns"][0]
    answer = turn["answer"]
    assert not answer.abstained and answer.citations
    text = " ".join(m.value for m in at.chat_message[1].markdown)
    assert f"](#ref-{turn['id']}-1)" in text  # [1] links to its card
    first = next(
        h for h in answer.hits if h.passage["passage_id"] == answer.citations[0].passage_id
    )
    assert first.document["path"].endswith(".pdf") and first.passage["page"]
    assert at.image, "the card shows the cited page"
    label = html.unescape(at.expander[0].label)
    assert label.startswith(":blue-background[**[1]**]")


def test_briefing_word_and_pdf_hold_grades_neighbours_answers_and_references(retriever):
    from docx import Document
    from pypdf import PdfReader

    questions = ["How did Kent do at its last inspection?", "What does Kent need to improve?"]
    chosen = [(q, retriever.ask(q)) for q in questions]
    briefing = build_briefing(chosen, retriever.judgements(), "Kent", title="Cabinet, March")
    assert briefing.grades[0]["Inspection"] == "2025-11-07"  # newest first
    assert [n["Council"] for n in briefing.neighbours][-1] == "England"
    numbers = [r.number for r in briefing.references]
    assert numbers == list(range(1, len(numbers) + 1))  # one numbering across the paper
    assert "[1]" in " ".join(briefing.sections[0].lines)
    doc = Document(io.BytesIO(briefing_docx(briefing)))
    words = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Cabinet, March" in words and "Kent · Prepared" in words
    assert len(doc.tables) == 2 and "Overall effectiveness" in cells and "England" in cells
    assert questions[0] in words and questions[1] in words
    first = briefing.references[0]
    assert f"[1] {reference_line(first)}" in words
    assert f"paragraph {first.paragraph}" in reference_line(first)
    assert "Drawn from: Kent: Inspection of Kent County Council" in words
    pdf = PdfReader(io.BytesIO(briefing_pdf(briefing)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Cabinet, March" in text and "Latest grades" in text and "England" in text
    assert "References" in text and "Drawn from:" in text and questions[1] in text


def test_briefing_view_exports_the_ticked_answers(app_env):
    at = ask(open_app("kent"), "How did Kent do at its last inspection?")
    turn = at.session_state["turns"][0]
    at.checkbox(key=f"brief-answer-{turn['id']}").check().run()
    at.radio(key="view").set_value("Briefing").run()
    assert not at.exception, at.exception
    assert at.checkbox(key=f"brief-list-{turn['id']}").value  # the tick carried over
    buttons = {b.label: b for b in at.download_button}
    assert not buttons["Download the briefing (Word)"].proto.disabled
    assert not buttons["Download the briefing (PDF)"].proto.disabled


def test_grades_view_opens_on_my_council(app_env):
    at = open_app("kent")
    at.radio(key="view").set_value("Grades").run()
    assert not at.exception, at.exception
    grades, older, neighbours = grade_tables(at)
    assert [r["Inspection"] for r in grades] == ["2025-11-07"]  # ILACS inspections
    assert list(grades[0])[1] == "Overall effectiveness"
    assert grades[0]["Care leavers"] == "Requires improvement"  # whole, not cut
    assert [r["Council"] for r in neighbours] == ["Kent", "Norfolk", "South East", "England"]


def test_grades_view_shows_sif_inspections_under_their_own_names(app_env):
    """Kent's 2017 inspection, under the single inspection framework, in a table of its
    own below the ILACS one: its judgements under their own names, the safeguarding board's
    review last with a note that it grades the board, and every grade a link to its card."""
    from indexer.vocab import LSCB_NAME

    at = open_app("kent")
    at.radio(key="view").set_value("Grades").run()
    assert not at.exception, at.exception
    tables = [e.proto.body for e in at.get("html") if 'class="grade-table"' in e.proto.body]
    assert "Older inspections (single inspection framework)" in html.unescape(tables[1])
    (line,) = grade_tables(at)[1]
    assert list(line) == [
        "Inspection",
        "Overall effectiveness",
        "Children who need help and protection",
        "Children looked after and achieving permanence",
        "Adoption performance",
        "Experiences and progress of care leavers",
        "Leadership, management and governance",
        LSCB_NAME,
    ]
    assert line["Inspection"] == "2017-03-30" and line["Overall effectiveness"] == "Good"
    assert all(line.values())  # Kent's 2017 report graded every one
    links = re.findall(r'<a href="#(ref-grades-\d+)"[^>]*>([^<]+)</a>', tables[1])
    assert [grade for _, grade in links] == list(line.values())[1:]
    for anchor in {a for a, _ in links}:  # each opens the card of Kent's 2017 judgements
        (card,) = [
            e for e in at.expander if any(f'id="{anchor}"' in h.proto.body for h in e.get("html"))
        ]
        assert "Kent" in card.label and "Mar 2017" in card.label, card.label
    assert any("not the council's children's services" in c.value for c in at.caption)


def test_an_over_long_question_stays_with_its_count_and_uploads_are_off(app_env):
    at = ask(open_app(), "care " * 500)
    assert at.text_area(key="long_question").value == "care " * 500
    assert any("2,499 characters of 2,000" in c.value for c in at.caption)
    assert "Add a report" not in at.radio(key="view").options
