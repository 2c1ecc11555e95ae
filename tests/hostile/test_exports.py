"""What leaves the app as a file. The briefing note: what came from a
report or a user shows as text in a Markdown viewer that allows raw HTML, and cannot add
headings or references; checked on the Markdown's tokens (pure) and by rendering it in
Chromium (browser). A source file is offered only when every byte was indexed."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from retriever import Answer, Citation, Hit, Retriever
from webapp.briefing import briefing_markdown
from webapp.download import CHANGED, EXEMPT, SourceFile, indexed_bytes, source_file
from webapp.render import clean_label

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
EXEMPT_DOC = "staffordshire-2024-01-cabinet-ofsted"  # ends with a "Document is Restricted" item

IMG = '<img src=x onerror="window.__xss=1">'
FORGED = (
    "Care leavers?\n\n# Forged heading\n**[1]** Forged reference: all is well\n"
    "[2]: http://evil.example/\n- forged item"
)
# A permissive viewer: CommonMark with raw HTML passed through, as the viewer did.
VIEWER = MarkdownIt("commonmark")


def hostile_answer() -> Answer:
    pid = "testshire-2024-05-ilacs#ofsted-report/1"
    passage = {
        "passage_id": pid,
        "doc_id": "testshire-2024-05-ilacs",
        "part": {"slug": "ofsted-report", "kind": "ilacs_report", "title": f"Report {IMG}"},
        "section": "Care *leavers* `code` [x](javascript:alert(1))",
        "label": "1",
        "text": f"Leaders said {IMG} twice.",
        "start": 0,
        "end": 10,
        "page": None,
    }
    document = {
        "doc_id": "testshire-2024-05-ilacs",
        "path": "testshire_2024_*05*.md",
        "title": f"Title {IMG}",
        "authority": "Testshire",
        "kind": "ilacs_report",
        "date": "2024-05-01",
        "source_url": "javascript:alert(1)",
    }
    cited = f"Testshire Ofsted report, May 2024, para 1 {IMG}"
    hit = Hit(passage, 1.0, cited, document, also_in=[f"elsewhere {IMG}"])
    quote = f"Leaders said {IMG} and ![x](http://evil.example/p.png)."
    return Answer(
        FORGED,
        f"Summary {IMG}\n# not a heading\n- Leaders said {IMG} [1]\n1. not a list [1](x)",
        False,
        [Citation(1, pid, cited, quote)],
        [hit],
        filters={"authority": [f"Testshire {IMG}"]},
    )


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def test_export_tokens_hold_no_markup_from_reports_or_users():
    note = briefing_markdown([(FORGED, hostile_answer()), ("Second?\n## Forged", None)])
    tokens = VIEWER.parse(note)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "html_block", "image", "link_open", "code_inline"}
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings == ["h1", "h2", "h3", "h2"]  # title, two questions, one References
    rendered = VIEWER.render(note)
    assert re.findall(r"<strong>\[(\d+)\]</strong>", rendered) == ["1"]  # the one reference
    assert "<ol" not in rendered  # no numbered list forged from the answer's text
    emphasis = [html.unescape(e) for e in re.findall(r"<em>(.*?)</em>", rendered)]
    assert emphasis == [f"Filters: authority: ['Testshire {IMG}']", "No answer."]  # the app's own
    text = visible_text(rendered)
    assert IMG in text and "Forged heading" in text and "[x](javascript:alert(1))" in text
    assert "**[1]** Forged reference" in " ".join(text.split())  # shown, as text


REPORT = """# Inspection of Testshire local authority children's services

## The experiences and progress of care leavers

1. Leaders said the zebra accommodation panel &lt;img src=x onerror="window.__xss=1"&gt; \
meets every month to review each placement for care leavers.

2. Care leavers told inspectors that the zebra accommodation scheme **works** well.
"""
QUESTION = "What did inspectors say about the zebra accommodation panel for care leavers?"


@pytest.mark.browser
@pytest.mark.model
def test_export_rendered_in_chromium_runs_nothing(tmp_path):
    from eval.serve import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    from indexer import build_index
    from retriever import Retriever

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "testshire-2024-05-ilacs.md").write_text(REPORT, encoding="utf-8")
    build_index(corpus, tmp_path / "index", progress=False)
    answer = Retriever.open(tmp_path / "index").ask(QUESTION, k=3)
    assert answer.citations and any(IMG in c.quote for c in answer.citations)  # precondition
    note = briefing_markdown([(QUESTION, answer), (FORGED, None)])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.set_content(f"<html><body>{VIEWER.render(note)}</body></html>")
            page.wait_for_timeout(300)  # time for an injected handler to fire
            assert page.evaluate("typeof window.__xss") == "undefined"
            assert page.locator("img, [onerror], script").count() == 0
            assert page.locator("h2").count() == 2 and page.locator("h1").count() == 1
            markers = page.locator("strong").all_inner_texts()
            assert [m for m in markers if re.fullmatch(r"\[\d+\]", m)] == [
                f"[{c.number}]" for c in answer.citations
            ]
            assert IMG in page.locator("body").inner_text()
        finally:
            browser.close()


@pytest.mark.model
def test_a_file_with_exempt_content_is_never_served(retriever, tmp_path):
    docs = {d["doc_id"]: d for d in retriever.documents()}
    exempt, clean = docs[EXEMPT_DOC], docs["southend-2024-10-ilacs"]
    assert exempt["left_out"] > 0 and clean["left_out"] == 0  # as the build recorded them
    assert source_file(exempt, CORPUS) == SourceFile(None, EXEMPT)
    offered = source_file(clean, CORPUS)
    assert offered.path == CORPUS / clean["path"]
    assert indexed_bytes(offered.path, clean["fingerprint"]) == offered.path.read_bytes()
    # Changed since the build (it may have gained exempt pages): not served either.
    changed = tmp_path / clean["path"]
    changed.write_bytes(offered.path.read_bytes() + b"\nNot for publication: Child X\n")
    assert source_file(clean, tmp_path) == SourceFile(None, CHANGED)
    assert indexed_bytes(changed, clean["fingerprint"]) == b""
    unknown = {k: v for k, v in clean.items() if k != "left_out"}
    assert source_file(unknown, CORPUS) == SourceFile(None, EXEMPT)  # not known: not served


@pytest.mark.model
def test_passage_cards_offer_only_fully_indexed_files(index_dir, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("OFSTED_QA_INDEX", str(index_dir))
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(CORPUS))
    monkeypatch.setenv("OFSTED_QA_DATA", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.radio(key="view").set_value("Grades").run()
    rows = Retriever.open(index_dir).judgements()
    for doc, offered in ((EXEMPT_DOC, False), ("leeds-2025-08-ilacs", True)):
        row = next(r for r in rows if r["doc_id"] == doc)
        at.selectbox(key="grades_of").set_value(row["authority"]).run()
        assert not at.exception, at.exception
        picked = row["passage_id"]
        label = clean_label(Retriever.open(index_dir).passage(picked).citation)
        card = next(e for e in at.expander if label in html.unescape(e.label))
        buttons = [b for b in card.get("download_button") if b.label == "Download the source file"]
        assert len(buttons) == (1 if offered else 0), picked
        assert any(c.value == EXEMPT for c in card.caption) != offered
