"""The councillor's app in Chromium: every grade of the Grades view opens the card of the
judgement table it is quoted from (the cited page included), neighbours' grades too, and
the many-council view is a click away; "brief me on X" in the chat gives that council's
briefing with its neighbour table and the Word and PDF of it; answers ticked in the chat go
into the Briefing view; an answer over many councils is a number, then a table and its CSV;
abstentions list their closest passages once, with clean labels; an over-long question
stays in its box with a count; uploads are off by default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.gradecells import inspection_cells, neighbour_cells, sif_cells
from webapp.neighbours import SIF_COLUMNS

from .test_browser import CORPUS, streamlit_server
from .test_councillor import no_sideways_scroll, open_page, serious_violations, settled, show_view


@pytest.fixture(scope="module")
def app(browser, index_location, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-grades-cells")
    with streamlit_server(
        index_location, CORPUS, tmp / "feedback.sqlite", tmp / "server.log"
    ) as url:
        yield url


def ask(page, question: str) -> None:
    before = page.get_by_test_id("stChatMessage").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    page.get_by_test_id("stChatMessage").nth(before + 1).wait_for()
    page.get_by_test_id("stFeedback").nth(before // 2).wait_for()
    settled(page)


def grade_cells(page) -> list[tuple[str, str, str]]:
    """(table caption, column, cell text) of every cell of the Grades view's tables that
    holds a grade (not a share)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('table.grade-table')].flatMap(t => {
            const heads = [...t.querySelectorAll('thead th')].map(th => th.innerText.trim());
            return [...t.querySelectorAll('tbody tr')].flatMap(tr =>
                [...tr.children].map((td, i) => [t.caption.innerText, heads[i], td.innerText.trim()]));
        })"""
    )


AREAS = {"Overall effectiveness", "Leaders", "Help and protection", "Children in care"}
AREAS |= {"Care leavers", "Adoption", *SIF_COLUMNS}


def test_every_grade_opens_the_judgement_table_it_is_quoted_from(browser, app, retriever):
    page = open_page(browser, f"{app}/?council=kent", "desktop")
    try:
        show_view(page, "Grades")
        page.locator("table.grade-table").nth(2).wait_for()
        settled(page)
        cells = [tuple(c) for c in grade_cells(page)]
        graded = [c for c in cells if c[1] in AREAS and c[2] and not c[2].endswith("%")]
        assert (
            "Kent: inspections since 2018 (ILACS), newest first",
            "Care leavers",
            "Requires improvement",
        ) in graded  # whole, never cut
        older = "Older inspections (single inspection framework)"
        assert (older, "Adoption performance", "Good") in graded
        links = page.locator("table.grade-table a")
        assert links.count() == len(graded), "every grade, and only grades, is a link"
        neighbours = page.locator("table.grade-table").nth(2).locator("a")
        assert neighbours.count() > 0
        targets = {}
        for i in range(links.count()):
            link = links.nth(i)
            href = link.get_attribute("href")
            link.click()
            card = page.get_by_test_id("stExpander").filter(has=page.locator(href))
            card.get_by_test_id("stExpanderDetails").wait_for(state="visible")
            targets[href] = card
        judgements = retriever.judgements()
        own = inspection_cells(judgements, "Kent").sources()
        sif = sif_cells(judgements, "Kent").sources()
        near = neighbour_cells(judgements, "Kent")[0].sources()
        expected = list(dict.fromkeys(own + sif + near))
        assert len(expected) >= 3  # two Kent inspections and a neighbour's
        assert sorted(targets) == sorted(f"#ref-grades-{i}" for i in range(1, len(expected) + 1))
        for i, pid in enumerate(expected, 1):
            hit = retriever.passage(pid)
            body = " ".join(targets[f"#ref-grades-{i}"].inner_text().split())
            assert f"Authority: {hit.document['authority']}" in body
            assert f"Paragraph: {hit.passage['label']}" in body
            if pid in own + near:  # the LSCB's grade is printed in its own summary
                assert "Paragraph: Judgements table" in body
        for card in targets.values():  # every source is a PDF: its page is shown
            card.get_by_role("img").first.wait_for()
        # The region's and England's shares lead to the view across many councils.
        page.get_by_role("button", name="Compare every council in the South East").click()
        settled(page)
        view = page.get_by_role("radiogroup", name="View")
        assert view.get_by_role("radio", name="Compare councils").is_checked()
        page.get_by_text(re.compile(r"^\d+ councils? in the South East\.$")).wait_for()
    finally:
        page.close()


def test_brief_me_in_the_chat_gives_the_briefing_and_its_word_and_pdf(browser, app):
    from docx import Document

    page = open_page(browser, app, "desktop")
    try:
        ask(page, "brief me on Leeds")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        text = " ".join(answer.inner_text().split())
        assert "Overall effectiveness: Outstanding" in text and "[1]" in text
        assert "What needs to improve" in text
        table = answer.locator("table.grade-table")
        rows = [r.split("\t")[0] for r in table.locator("tbody").inner_text().splitlines()]
        assert rows[0] == "Leeds" and rows[-1] == "England" and len(rows) >= 3
        assert rows[-2] == "Yorkshire and the Humber"
        with page.expect_download() as got:
            answer.get_by_role("button", name="Download the briefing (Word)").click()
        doc = Document(got.value.path())
        words = "\n".join(p.text for p in doc.paragraphs)
        cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
        assert got.value.suggested_filename == "ofsted-briefing-leeds.docx"
        assert "1. brief me on Leeds" in words and "References" in words
        assert {"Leeds", "Yorkshire and the Humber", "England", "Outstanding"} <= cells
        assert re.search(r"\[1\] Leeds: .*Judgements table", words)
        with page.expect_download() as got:
            answer.get_by_role("button", name="Download the briefing (PDF)").click()
        assert Path(got.value.path()).read_bytes()[:5] == b"%PDF-"
        # A second answer, and only the ticked one goes into the Briefing view's paper.
        ask(page, "What did Ofsted say about care leavers in Norfolk?")
        page.get_by_test_id("stChatMessage").nth(3).get_by_text("Include in the briefing").click()
        settled(page)
        show_view(page, "Briefing")
        ticked = page.get_by_role("checkbox", name="What did Ofsted say about care leavers")
        assert ticked.is_checked()
        assert not page.get_by_role("checkbox", name="brief me on Leeds").is_checked()
        with page.expect_download() as got:
            page.get_by_role("button", name="Download the briefing (Word)").click()
        words = "\n".join(p.text for p in Document(got.value.path()).paragraphs)
        assert "1. What did Ofsted say about care leavers in Norfolk?" in words
        assert "brief me on Leeds" not in words
    finally:
        page.close()


def test_answer_over_many_councils_is_a_number_then_a_table(browser, app):
    page = open_page(browser, app, "desktop")
    try:
        ask(page, "Which councils were rated good overall?")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        metric = answer.get_by_test_id("stMetric")
        number = int(metric.get_by_test_id("stMetricValue").inner_text())
        assert number >= 3
        first = answer.evaluate(
            "el => [...el.querySelectorAll('[data-testid=stMetric], [data-testid=stDataFrame]')]"
            ".map(e => e.dataset.testid)"
        )
        assert first[:2] == ["stMetric", "stDataFrame"]  # the number, then the table
        assert answer.get_by_test_id("stDataFrame").count() == 1
        with page.expect_download() as got:
            answer.get_by_role("button", name="Download the table (CSV)").click()
        lines = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("Council,") and len(lines) - 1 >= number
    finally:
        page.close()


def test_the_small_things(browser, app):
    page = open_page(browser, app, "desktop")
    try:
        ask(page, "What did Ofsted say about GCSE results in Leeds?")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        text = answer.inner_text()
        assert "closest passages are below" in text
        assert "The closest passages are:" not in text  # listed once: as the cards
        labels = [
            " ".join(s.inner_text().split())
            for s in answer.get_by_test_id("stExpander").locator("summary").all()
        ]
        assert 1 <= len(labels) <= 3 and len(set(labels)) == len(labels)
        for label in labels:
            parts = [p.strip() for p in label.split(",")]
            assert all(parts), label  # no "said,, Introduction"
            assert all(a != b for a, b in zip(parts, parts[1:])), label  # nothing doubled
        # An over-long paste stays, in a box that counts its characters.
        pasted = "care leavers " * 200
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill(pasted)
        box.press("Enter")
        kept = page.get_by_role("textbox", name="Your question, to shorten")
        kept.wait_for()
        assert kept.input_value() == pasted
        assert page.get_by_text("2,599 characters of 2,000 allowed").is_visible()
        assert page.get_by_role("button", name="Ask this question").is_disabled()
        # Uploads are off unless OFSTED_QA_UPLOADS turns them on.
        assert page.get_by_role("radiogroup", name="View").get_by_text("Add a report").count() == 0
    finally:
        page.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_every_view_fits_a_phone_and_passes_axe(browser, app, width):
    page = open_page(browser, f"{app}/?council=kent", width)
    try:
        problems, fits = {}, {}
        assert page.get_by_role("combobox", name="My council").is_visible()
        ask(page, "brief me on Kent")
        word = (
            page.get_by_test_id("stChatMessage")
            .nth(1)
            .get_by_role("button", name="Download the briefing (Word)")
        )
        assert word.is_visible()  # the briefing is reachable without the sidebar
        problems["Ask"], fits["Ask"] = serious_violations(page), no_sideways_scroll(page)
        names = page.get_by_role("radiogroup", name="View").inner_text().split("\n")
        for view in [n.strip() for n in names if n.strip() and n.strip() != "Ask"]:
            show_view(page, view)
            problems[view] = serious_violations(page)
            fits[view] = no_sideways_scroll(page)
        assert "Grades" in problems and "Briefing" in problems
        assert not any(problems.values()), problems
        assert all(fits.values()), fits
    finally:
        page.close()
