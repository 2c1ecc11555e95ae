"""The Compare councils view in headless Chromium, at desktop width and at 390 px: a region
picked shows only that region's councils, the CSV downloaded holds exactly the rows shown,
a council's row opens its judgement passage as a citation card, axe-core finds no serious
or critical violation, and nothing scrolls sideways; an address naming the view and a region
opens them, a region chosen changes the address, and a reload keeps it. A screenshot of the view goes to
tests/browser/artifacts/ (to docs/ with OFSTED_QA_SCREENSHOTS=docs)."""

from __future__ import annotations

import csv
import re

import pytest

from indexer.regions import region_by_code
from webapp.compare import ALL_AREAS, ANY_GRADE, headline

from .test_browser import CORPUS, streamlit_server
from .test_councillor import AXE, DOCS, WIDTHS, no_sideways_scroll, serious_violations, settled

WEST_MIDLANDS = region_by_code("WM")


@pytest.fixture(scope="module")
def app(browser, index_location, tmp_path_factory):
    if not AXE.exists():
        pytest.skip("axe-core is missing: cd tests/browser && npm install")
    tmp = tmp_path_factory.mktemp("browser-compare")
    with streamlit_server(
        index_location, CORPUS, tmp / "feedback.sqlite", tmp / "server.log"
    ) as url:
        yield url


def choose(page, label: str, typed: str) -> None:
    """Pick a selectbox option by typing part of it (the list is virtualised)."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(typed)
    box.press("Enter")
    settled(page)


def shown_councils(page) -> list[str]:
    """The first column of the councils table, read from the grid's accessible table."""
    grid = page.get_by_test_id("stDataFrame").first
    rows = grid.locator("table tbody tr")
    rows.first.wait_for(state="attached")
    return [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_regions_councils_their_csv_and_a_rows_citation(browser, app, retriever, width, tmp_path):
    expected = retriever.council_grades("WM")
    held = [row[0].text for row in expected.table.rows]
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h}, accept_downloads=True)
    page.set_default_timeout(90_000)
    try:
        page.goto(app)
        page.get_by_test_id("stChatInputTextArea").wait_for()
        page.get_by_role("radiogroup", name="View").get_by_text(
            "Compare councils", exact=True
        ).click()
        page.get_by_test_id("stDataFrame").first.wait_for()
        settled(page)
        everyone = shown_councils(page)
        assert set(everyone) - set(WEST_MIDLANDS.councils), "England shows every region"

        choose(page, "Region", "West Mid")
        page.get_by_text(f"{len(held)} councils in the West Midlands.").wait_for()
        councils = shown_councils(page)
        assert sorted(councils) == sorted(held)
        assert set(councils) <= set(WEST_MIDLANDS.councils)

        with page.expect_download() as download:
            page.get_by_role("button", name="Download these rows (CSV)").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert [r["Council"] for r in rows] == councils
        assert list(rows[0])[:3] == ["Council", "Inspection", "Overall effectiveness"]

        choose(page, "Open the judgement passage of", "Staffordshire")
        card = page.get_by_test_id("stExpander").first
        label = card.locator("summary").inner_text()
        assert "Staffordshire" in label and "Judgements table" in label
        card.locator("summary").click()
        details = card.get_by_test_id("stExpanderDetails")
        details.wait_for(state="visible")
        row = next(r for r in expected.table.rows if r[0].text == "Staffordshire")
        quote = next(c.quote for c in expected.citations if c.number == row[2].citation)
        assert " ".join(quote.split()) in " ".join(details.inner_text().split())

        problems = serious_violations(page)
        assert not problems, problems
        assert no_sideways_scroll(page)
        if width == "desktop":
            DOCS.mkdir(exist_ok=True)
            page.get_by_role("heading", name="Compare councils").scroll_into_view_if_needed()
            page.wait_for_timeout(800)
            page.screenshot(path=str(DOCS / "compare-view.png"), full_page=True)
    finally:
        page.close()


def test_the_address_opens_a_regions_councils_and_follows_a_change(browser, app, retriever):
    held = [row[0].text for row in retriever.council_grades("WM").table.rows]
    north_west = [row[0].text for row in retriever.council_grades("NW").table.rows]
    north_west_headline = headline(len(north_west), "NW", ALL_AREAS, ANY_GRADE)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(90_000)
    try:
        page.goto(f"{app.rstrip('/')}/?view=compare&region=west-midlands")
        page.get_by_text(f"{len(held)} councils in the West Midlands.").wait_for()
        settled(page)
        view = page.get_by_role("radiogroup", name="View")
        assert view.get_by_role("radio", name="Compare councils").is_checked()
        councils = shown_councils(page)
        assert sorted(councils) == sorted(held)
        assert set(councils) <= set(WEST_MIDLANDS.councils)

        choose(page, "Region", "North West")
        page.get_by_text(north_west_headline).wait_for()
        page.wait_for_url(re.compile(r"[?&]region=north-west(&|$)"))
        assert "view=compare" in page.url and "west-midlands" not in page.url
        assert set(shown_councils(page)) <= set(north_west)

        page.reload()
        page.get_by_text(north_west_headline).wait_for()

        page.goto(f"{app.rstrip('/')}/?view=compare&region=atlantis&grade=superb")
        page.get_by_text(re.compile(r"^\d+ councils? in England\.$")).wait_for()
        page.wait_for_url(re.compile(r"\?view=compare$"))
    finally:
        page.close()
