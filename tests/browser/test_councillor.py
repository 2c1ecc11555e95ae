"""The app in Chromium as a councillor uses it, at desktop width and at 390 px: axe-core
(npm, tests/browser/node_modules) finds no serious or critical violation on any view; a
skip link reaches the chat box; nothing scrolls sideways; my council and the briefing are
reachable without the sidebar; [n] opens its card with the cited page. Screenshots of the
briefing, a citation card and the Grades view go to tests/browser/artifacts/ (to docs/ with
OFSTED_QA_SCREENSHOTS=docs, to refresh the documentation's pictures)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .test_browser import CORPUS, streamlit_server

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
DOCS = (
    ROOT / "docs"
    if os.environ.get("OFSTED_QA_SCREENSHOTS") == "docs"
    else Path(__file__).resolve().parent / "artifacts"
)
WIDTHS = {"desktop": (1400, 1000), "phone": (390, 844)}
QUESTION = "How did we do at our last Ofsted inspection?"


@pytest.fixture(scope="module")
def app(browser, index_location, tmp_path_factory):
    if not AXE.exists():
        pytest.skip("axe-core is missing: cd tests/browser && npm install")
    tmp = tmp_path_factory.mktemp("browser-councillor")
    with streamlit_server(
        index_location, CORPUS, tmp / "feedback.sqlite", tmp / "server.log"
    ) as url:
        yield url


def open_page(browser, url: str, width: str):
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})
    page.set_default_timeout(90_000)
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for()
    page.wait_for_timeout(500)
    return page


def settled(page) -> None:
    """Wait for the run to finish: Streamlit fades stale elements while it reruns."""
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")
    page.wait_for_timeout(700)


def serious_violations(page) -> list[str]:
    settled(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): "
        + "; ".join(
            f"{n['html'][:160]} - {n.get('failureSummary', '')[:200]}" for n in v["nodes"][:3]
        )
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def show_view(page, name: str) -> None:
    page.get_by_role("radiogroup", name="View").get_by_text(name, exact=True).click()
    page.wait_for_timeout(1500)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_view_is_accessible_and_fits(browser, app, width):
    page = open_page(browser, f"{app}/?council=kent", width)
    try:
        # The skip link is the first thing a Tab reaches, and takes the focus to the chat box.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "skip-to-question"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.dataset.testid") == "stChatInputTextArea"
        # My council is chosen from the URL and visible without opening the sidebar.
        council = page.get_by_role("combobox", name="My council")
        assert council.is_visible()
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill(QUESTION)
        box.press("Enter")
        page.get_by_test_id("stExpander").first.wait_for()
        page.get_by_test_id("stFeedback").first.wait_for()
        assert "Kent (your council)" in page.get_by_test_id("stChatMessage").nth(1).inner_text()
        problems = {"Ask": serious_violations(page)}
        fits = {"Ask": no_sideways_scroll(page)}
        # [1] opens its card, which shows the cited page.
        page.get_by_test_id("stChatMessage").nth(1).get_by_role("link", name="[1]").click()
        card = page.get_by_test_id("stExpander").first
        card.get_by_test_id("stExpanderDetails").wait_for(state="visible")
        card.get_by_role("img").first.wait_for()
        if width == "desktop":
            DOCS.mkdir(exist_ok=True)
            card.scroll_into_view_if_needed()
            page.wait_for_timeout(600)
            card.screenshot(path=str(DOCS / "citation-card.png"))
        page.get_by_text("Include in the briefing").first.click()
        for view in ("Grades", "Briefing"):
            show_view(page, view)
            problems[view] = serious_violations(page)
            fits[view] = no_sideways_scroll(page)
            if view == "Grades":
                page.locator("table.grade-table").first.wait_for()
            if view == "Briefing":
                word = page.get_by_role("button", name="Download the briefing (Word)")
                assert word.is_visible() and word.is_enabled()
            if width == "desktop":
                page.wait_for_timeout(800)
                page.screenshot(path=str(DOCS / f"{view.lower()}-view.png"), full_page=True)
        assert not any(problems.values()), problems
        assert all(fits.values()), fits
    finally:
        page.close()
