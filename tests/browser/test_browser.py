"""End to end: `streamlit run app.py` on a loopback port, driven by Debian's headless Chromium.

Needs /usr/bin/chromium (`.ci/run` installs it with apt-get); Playwright's own browser
builds are never downloaded. One Streamlit server per index, shared by the module.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from eval import serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
QUESTION = "What did Ofsted say about care leaver accommodation?"
SCRIPT_TEXT = "<script>window.__xss=1</script>"
IMG_TEXT = '<img src=x onerror="window.__xss=1">'
# Entities in the source file: the indexer unescapes them, so the passage text holds the
# literal tags (tags written raw are stripped by the loader and would test nothing).
XSS_REPORT = """# Inspection of Testshire local authority children's services

## The experiences and progress of care leavers

1. Care leavers told inspectors that the zebra accommodation scheme \
&lt;script&gt;window.__xss=1&lt;/script&gt; gives them a safe first home.

2. Leaders said the zebra accommodation panel &lt;img src=x onerror="window.__xss=1"&gt; \
meets every month to review each placement for care leavers.
"""
XSS_QUESTION = "What did inspectors say about the zebra accommodation scheme for care leavers?"


@contextmanager
def streamlit_server(index: Path | str, corpus: Path, feedback: Path, log: Path):
    """`streamlit run app.py` on a free loopback port; yields its URL; always killed.
    `index`: a folder, or a postgresql:// URL (OFSTED_QA_STORE)."""
    where = "OFSTED_QA_INDEX" if isinstance(index, Path) else "OFSTED_QA_STORE"
    env = {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        where: str(index),
        "OFSTED_QA_CORPUS": str(corpus),
        "OFSTED_QA_FEEDBACK": str(feedback),
    }
    try:
        with serve.streamlit_server(log, env=env, timeout_s=90) as url:
            yield url
    except serve.ServerError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def app_url(browser, index_location, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-app")
    with streamlit_server(
        index_location, CORPUS, tmp / "feedback.sqlite", tmp / "server.log"
    ) as url:
        yield url


@pytest.fixture(scope="module")
def xss_app(browser, tmp_path_factory):
    """A one-report corpus whose text quotes markup, indexed into its own temp index."""
    from indexer import build_index
    from retriever import Retriever

    tmp = tmp_path_factory.mktemp("browser-xss")
    corpus, index = tmp / "corpus", tmp / "index"
    corpus.mkdir()
    (corpus / "testshire-2024-05-ilacs.md").write_text(XSS_REPORT, encoding="utf-8")
    build_index(corpus, index, progress=False)
    texts = [h.passage["text"] for h in Retriever.open(index).search(XSS_QUESTION, k=5)]
    # Precondition: the literal markup really is in the indexed text the page will show.
    assert any(SCRIPT_TEXT in t for t in texts) and any(IMG_TEXT in t for t in texts), texts
    with streamlit_server(index, corpus, tmp / "feedback.sqlite", tmp / "server.log") as url:
        yield url


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for()
    return page


def ask(page, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    # The answer is finished when its source cards and the feedback widget are drawn.
    page.get_by_test_id("stChatMessage").nth(1).wait_for()
    page.get_by_test_id("stExpander").first.wait_for()
    page.get_by_test_id("stFeedback").first.wait_for()


def test_question_answer_and_source_card(browser, app_url, retriever):
    expected = retriever.ask(QUESTION, k=8, mode="hybrid")
    assert expected.citations, "the question should have a cited answer"
    first = expected.citations[0]
    page = open_page(browser, app_url)
    try:
        ask(page, QUESTION)
        messages = page.get_by_test_id("stChatMessage")
        assert messages.count() == 2
        assert QUESTION in messages.nth(0).inner_text()
        answer_text = messages.nth(1).inner_text()
        assert "[1]" in answer_text
        assert " ".join(first.quote.split()) in " ".join(answer_text.split())
        card = page.get_by_test_id("stExpander").first
        summary = card.locator("summary")
        label = summary.inner_text()  # also holds the arrow icon's ligature name
        assert "[1]" in label and first.citation in label
        details = card.get_by_test_id("stExpanderDetails")
        assert not details.is_visible()
        summary.click()
        details.wait_for(state="visible")
        body = " ".join(details.inner_text().split())
        assert " ".join(first.quote.split()) in body
        assert "Source file: corpus/" in body and "Paragraph:" in body
        assert details.get_by_role("button", name="Download the source file").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        card.scroll_into_view_if_needed()
        page.wait_for_timeout(600)  # let the expander finish opening
        shot = ARTIFACTS / "browser-answer.png"
        page.screenshot(path=str(shot))
        card.screenshot(path=str(ARTIFACTS / "browser-source-card.png"))
        assert shot.stat().st_size > 10_000
    finally:
        page.close()


def test_report_markup_is_shown_as_text(browser, xss_app):
    page = open_page(browser, xss_app)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        ask(page, XSS_QUESTION)
        cards = page.get_by_test_id("stExpander")
        for i in range(cards.count()):
            cards.nth(i).locator("summary").click()
            cards.nth(i).get_by_test_id("stExpanderDetails").wait_for(state="visible")
        page.wait_for_timeout(500)  # time for any injected handler to fire
        text = page.locator("body").inner_text()
        assert SCRIPT_TEXT in text
        assert IMG_TEXT in text
        assert page.evaluate("typeof window.__xss") == "undefined"
        injected = page.evaluate(
            """() => ({
                scripts: [...document.scripts].filter(s => s.textContent.includes('__xss')).length,
                onerror: document.querySelectorAll('img[onerror], [onerror]').length,
                imgx: document.querySelectorAll('img[src="x"]').length,
            })"""
        )
        assert injected == {"scripts": 0, "onerror": 0, "imgx": 0}
        assert not errors, errors
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "browser-xss.png"), full_page=True)
    finally:
        page.close()
