"""Two stateless app servers on one PostgreSQL store: a report uploaded through the first
is answered through the second (real Streamlit servers on two loopback ports, driven by
headless Chromium; the database is a real PostgreSQL with pgvector)."""

from __future__ import annotations

import shutil

import pytest

from eval import serve
from eval.serve import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_browser import ask, open_page
from tests.conftest import CORPUS

pytestmark = pytest.mark.browser

REPORT = """# Inspection of Testshire local authority children's services

## The experiences and progress of care leavers

1. Care leavers told inspectors that the zebra accommodation scheme gives them a safe and
settled first home, with a personal adviser who visits every week.

2. Leaders said the zebra accommodation panel meets every month to review each placement
for care leavers and to plan their next move.
"""
QUESTION = "What did inspectors say about the zebra accommodation scheme for care leavers?"


def upload(page) -> None:
    """As a person does it: the view is drawn before the file is chosen, and the file has
    arrived (its chip is shown, with no error) before the button is pressed."""
    page.get_by_text("Add a report", exact=True).click()
    page.get_by_text("documents in the index").wait_for()  # drawn past the uploader
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "testshire-2024-05-ilacs.md", "mimeType": "text/markdown",
                "buffer": REPORT.encode()}]
    )  # fmt: skip
    page.get_by_test_id("stFileChipName").wait_for()
    assert page.get_by_test_id("stFileChipIconError").count() == 0, "the upload failed"
    button = page.get_by_role("button", name="Add to the corpus and update the index")
    button.click(timeout=120_000)
    page.get_by_text("Added corpus/testshire-2024-05-ilacs.md").wait_for(timeout=180_000)


def test_upload_through_one_server_is_answered_by_the_other(tmp_path, new_database):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    from indexer import build_index

    url = new_database()
    corpora = []
    for name in ("a", "b"):  # each app server has its own folder, nothing else of its own
        corpus = tmp_path / name / "corpus"
        corpus.mkdir(parents=True)
        shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus)
        corpora.append(corpus)
    build_index(corpora[0], url, progress=False)

    def env(corpus):
        return {"OFSTED_QA_STORE": url, "OFSTED_QA_CORPUS": str(corpus), "OFSTED_QA_UPLOADS": "1"}

    a_log, b_log = tmp_path / "a.log", tmp_path / "b.log"
    with (
        serve.streamlit_server(a_log, env=env(corpora[0]), timeout_s=90) as first,
        serve.streamlit_server(b_log, env=env(corpora[1]), timeout_s=90) as second,
        sync_playwright() as pw,
    ):
        assert first != second
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = open_page(browser, first)
            try:
                upload(page)
            except Exception as exc:  # the page and both logs say why, not just "timeout"
                raise AssertionError(
                    f"{exc}\n--- page ---\n{page.inner_text('body')[-2000:]}\n"
                    f"--- first server ---\n{serve.log_tail(a_log)}\n"
                    f"--- second server ---\n{serve.log_tail(b_log)}"
                ) from exc

            other = open_page(browser, second)
            ask(other, QUESTION)
            answer = other.get_by_test_id("stChatMessage").nth(1).inner_text()
            assert "zebra accommodation" in answer and "Testshire" in answer, answer
        finally:
            browser.close()
