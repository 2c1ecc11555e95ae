"""The Streamlit app, driven headless with AppTest over the session's real index."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from retriever import Answer, Citation, Retriever
from webapp.briefing import briefing_markdown
from webapp.feedback import FeedbackStore, open_feedback
from webapp.render import md_text
from webapp.uploads import DuplicateUpload, save_upload

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
QUESTION = "What did Ofsted say about care leaver accommodation?"


@pytest.fixture
def app_env(index_location, tmp_path, monkeypatch):
    if isinstance(index_location, Path):
        monkeypatch.setenv("OFSTED_QA_INDEX", str(index_location))
    else:
        monkeypatch.setenv("OFSTED_QA_STORE", index_location)
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(CORPUS))
    monkeypatch.setenv("OFSTED_QA_FEEDBACK", str(tmp_path / "feedback.sqlite"))
    return tmp_path


def feedback_rows(app_env: Path) -> list[dict]:
    """The feedback the app saved: its SQLite file, or the shared database's table."""
    import os

    store = os.environ.get("OFSTED_QA_STORE")
    return (
        open_feedback(store).rows() if store else FeedbackStore(app_env / "feedback.sqlite").rows()
    )


def new_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def assistant_texts(at: AppTest) -> list[str]:
    return [
        html.unescape(" ".join(md.value for md in m.markdown))
        for m in at.chat_message
        if m.name == "assistant"
    ]


def all_text_values(at: AppTest) -> list[str]:
    """Every string the page hands to the browser as Markdown (or as a label)."""
    values = [e.value for e in at.markdown] + [e.value for e in at.caption]
    values += [e.label for e in at.expander]
    values += (
        [e.value for e in at.error] + [e.value for e in at.info] + [e.value for e in at.warning]
    )
    return values


def test_chat_answer_cites_paragraphs(app_env):
    at = ask(new_app(), QUESTION)
    texts = assistant_texts(at)
    assert len(texts) == 1 and "[1]" in texts[0]
    labels = [html.unescape(e.label) for e in at.expander]
    # each card's label opens with its tinted citation numbers, [1] first
    assert labels and re.sub(
        r":\w+-background\[|\*\*|\]\s*(?=:|\w)", "", labels[0]
    ).lstrip().startswith("[1]")
    assert any("Staffordshire" in lab or "Cheshire East" in lab for lab in labels)
    # The cited sentence is highlighted inside the full paragraph text.
    assert any(":orange-background[" in md.value for md in at.markdown)
    # Each card names its source file and offers it for download.
    assert any("corpus/" in html.unescape(c.value) for c in at.caption)
    assert any(b.label == "Download the source file" for b in at.download_button)
    assert len(at.feedback) == 1


def test_follow_up_passes_history(app_env, monkeypatch):
    calls = []
    real_ask = Retriever.ask

    def recording_ask(self, question, **kwargs):
        calls.append((question, kwargs.get("history")))
        return real_ask(self, question, **kwargs)

    monkeypatch.setattr(Retriever, "ask", recording_ask)
    at = ask(ask(new_app(), QUESTION), "And in Southend?")
    assert calls[0] == (QUESTION, None)
    assert calls[1] == ("And in Southend?", [QUESTION])
    assert len(assistant_texts(at)) == 2
    assert [m.name for m in at.chat_message] == ["user", "assistant", "user", "assistant"]


def test_a_question_naming_no_council_asks_which_council_is_meant(app_env):
    at = ask(new_app(), QUESTION)
    answer = at.session_state["turns"][0]["answer"]
    assert len(answer.draws_on) > 1
    offered = [b for b in at.button if b.key and b.key.startswith("council-")]
    assert [b.label for b in offered] == answer.draws_on[: len(offered)]
    council = offered[0].label
    offered[0].click().run()
    assert not at.exception, at.exception
    turns = at.session_state["turns"]
    assert len(turns) == 2 and turns[1]["question"] == f"{QUESTION} ({council})"
    again = turns[1]["answer"]
    assert again.hits and {h.document["authority"] for h in again.hits} == {council}
    assert not again.draws_on  # a question naming its council is not asked about again


def test_authority_filter_restricts_citations(app_env):
    at = new_app()
    at.multiselect(key="f_authority").set_value(["Southend-on-Sea"]).run()
    ask(at, "How well are care leavers supported?")
    answer = at.session_state["turns"][0]["answer"]
    assert answer.filters == {"authority": ["Southend-on-Sea"]}
    assert answer.hits
    assert {h.document["authority"] for h in answer.hits} == {"Southend-on-Sea"}
    for label in (html.unescape(e.label) for e in at.expander):
        assert "Southend-on-Sea" in label


def test_rerank_falls_back_to_hybrid(app_env, monkeypatch):
    real_ask = Retriever.ask

    def no_rerank(self, question, **kwargs):
        if kwargs.get("mode") == "rerank":
            raise RuntimeError("no cross-encoder installed")
        return real_ask(self, question, **kwargs)

    monkeypatch.setattr(Retriever, "ask", no_rerank)
    at = new_app()
    at.toggle(key="rerank").set_value(True).run()
    ask(at, QUESTION)
    assert any("Reranking is not available" in w.value for w in at.warning)
    assert "[1]" in assistant_texts(at)[0]
    assert at.session_state["turns"][0]["mode"] == "hybrid"


def grade_tables(at: AppTest) -> list[list[dict]]:
    """The Grades view's tables as drawn: rows of {column: cell text}."""
    tables = []
    for element in at.get("html"):
        body = element.proto.body
        if 'class="grade-table"' not in body:
            continue
        rows = [
            [
                html.unescape(re.sub(r"<[^>]+>", "", c))
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)
            ]
            for tr in re.findall(r"<tr>(.*?)</tr>", body)
        ]
        tables.append([dict(zip(rows[0], r)) for r in rows[1:]])
    return tables


def test_grades_view(app_env):
    at = new_app()
    at.radio(key="view").set_value("Grades").run()
    assert not at.exception
    at.selectbox(key="grades_of").set_value("Leeds").run()
    table = grade_tables(at)[0]
    assert [r["Inspection"] for r in table] == ["2025-07-04"]
    assert table[0]["Overall effectiveness"] == "Outstanding"
    assert not at.exception
    assert any(
        "Leeds" in html.unescape(e.label) and "Judgements table" in html.unescape(e.label)
        for e in at.expander
    )


def test_briefing_writes_references_in_full(retriever):
    answer = retriever.ask(QUESTION, k=8)
    note = briefing_markdown([(QUESTION, answer), ("Empty one", None)])
    first = answer.citations[0]
    hit = next(h for h in answer.hits if h.passage["passage_id"] == first.passage_id)
    assert f"## 1. {QUESTION}" in note
    assert f"**[1]** {md_text(first.citation)}" in note
    assert f"- Section: {md_text(hit.passage['section'])}" in note
    assert f"- Paragraph: {md_text(hit.passage['label'])}" in note
    assert f"- Report: {md_text(hit.document['authority'])}" in note
    assert "- Date: " in note and f"corpus/{md_text(hit.document['path'])}" in note
    assert f"> \u201c{md_text(first.quote)}\u201d" in note
    assert len(answer.citations) == note.count("- Passage id: ")


def test_briefing_button_and_feedback(app_env):
    at = ask(new_app(), QUESTION)
    at.feedback[0].set_value(1).run()
    assert not at.exception
    rows = feedback_rows(app_env)
    assert len(rows) == 1
    row = rows[0]
    assert row["question"] == QUESTION and row["score"] == 1
    assert "[1]" in row["answer"]
    assert row["citations"][0]["number"] == 1 and row["citations"][0]["quote"]
    at.feedback[0].set_value(0).run()
    assert [r["score"] for r in feedback_rows(app_env)] == [0]


def test_empty_and_long_questions(app_env):
    at = ask(new_app(), "   ")
    assert any("empty" in e.value for e in at.error)
    assert not at.chat_message
    ask(at, "care " * 500)
    assert any("2,000" in e.value for e in at.error)
    assert not at.session_state["turns"]


def test_no_results_message(app_env, monkeypatch):
    empty = Answer(QUESTION, "The reports do not appear to cover this question.", True, [], [])
    monkeypatch.setattr(Retriever, "ask", lambda self, question, **kw: empty)
    at = ask(new_app(), QUESTION)
    assert any("do not appear to cover" in i.value for i in at.info)
    assert not at.expander and len(at.feedback) == 1


def test_abstention_says_why(app_env):
    at = ask(new_app(), "What did Ofsted say about Surrey's children's services?")
    info = " ".join(i.value for i in at.info)
    assert "Surrey" in info and "Staffordshire" in info
    assert not at.expander and len(at.feedback) == 1


def test_missing_index_message(tmp_path, monkeypatch):
    monkeypatch.setenv("OFSTED_QA_INDEX", str(tmp_path / "no-index"))
    at = new_app()
    assert any("no usable search index" in html.unescape(e.value) for e in at.error)
    assert any("ofsted-qa index" in e.value and "make run" in e.value for e in at.info)
    assert not at.chat_input


def test_report_text_is_never_rendered_as_html(app_env, retriever, monkeypatch):
    evil = "<script>alert(1)</script>"
    real = retriever.ask(QUESTION, k=3)
    hit = real.hits[0]
    passage = dict(hit.passage)
    sentence = f"Leaders said {evil} and **bold** [x](javascript:alert(1))."
    passage["text"] = sentence + " " + passage["text"]
    document = dict(hit.document, title=f"Title {evil}")
    fake_hit = dataclasses.replace(
        hit, passage=passage, document=document, citation=f"Citation {evil}", also_in=[evil]
    )
    citation = Citation(1, passage["passage_id"], fake_hit.citation, sentence)
    fake = Answer(QUESTION, f"{sentence} [1]", False, [citation], [fake_hit])
    monkeypatch.setattr(Retriever, "ask", lambda self, question, **kw: fake)
    at = ask(new_app(), QUESTION)
    values = all_text_values(at)
    shown = [html.unescape(v) for v in values]
    assert any(evil in s for s in shown)  # the text is shown, as text
    for value in values:
        assert "<script" not in value.lower()
        assert "](javascript" not in value
        assert "**bold**" not in value
    assert any(evil in s and ":orange-background[" in s for s in shown)


def test_save_upload_checks(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    existing = CORPUS / "staffordshire-2019-ilacs-summary.md"
    shutil.copy(existing, corpus / existing.name)
    good = b"# Inspection of Testshire children's services\n\n1. Children are safe and well supported.\n"
    path = save_upload("New Report.MD", good, corpus)
    assert path == corpus / "new-report.md" and path.read_bytes() == good
    with pytest.raises(DuplicateUpload, match="already in the corpus as new-report.md"):
        save_upload("copy.md", good, corpus)
    with pytest.raises(DuplicateUpload):
        save_upload("other-name.md", existing.read_bytes(), corpus)
    with pytest.raises(ValueError, match="unsupported file type"):
        save_upload("virus.exe", b"MZ...", corpus)
    with pytest.raises(ValueError, match="outside the corpus"):
        save_upload("../../etc/passwd.txt", b"root:x:0:0", corpus)
    with pytest.raises(ValueError, match="not a PDF"):
        save_upload("fake.pdf", b"<html>not a pdf</html>", corpus)
    with pytest.raises(ValueError, match="corrupt|cannot read"):
        save_upload("broken.pdf", b"%PDF-1.4\n garbage", corpus)
    with pytest.raises(ValueError, match="empty"):
        save_upload("empty.txt", b"", corpus)
    with pytest.raises(ValueError, match="limit"):
        save_upload("big.txt", b"x" * 2000, corpus, max_bytes=1000)
    with pytest.raises(ValueError, match="different file named"):
        save_upload("new-report.md", good + b"\n2. More.\n", corpus)
    assert sorted(p.name for p in corpus.iterdir()) == [
        "new-report.md",
        "staffordshire-2019-ilacs-summary.md",
    ]


def test_upload_rebuilds_index(tmp_path, monkeypatch, new_store):
    """One small extra index: one file, then an upload through the page adds a second."""
    from indexer import build_index

    corpus, index = tmp_path / "corpus", new_store
    corpus.mkdir()
    shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus)
    first = build_index(corpus, index, progress=False)
    assert first.documents == 1
    if isinstance(index, Path):
        monkeypatch.setenv("OFSTED_QA_INDEX", str(index))
    else:
        monkeypatch.setenv("OFSTED_QA_STORE", index)
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(corpus))
    monkeypatch.setenv("OFSTED_QA_UPLOADS", "1")
    at = new_app()
    at.radio(key="view").set_value("Add a report").run()
    at.file_uploader(key="upload").set_value(("Broken.pdf", b"%PDF-1.7 junk", "application/pdf"))
    at.run()
    at.button(key="add").click().run()
    assert any("Not added" in html.unescape(e.value) for e in at.error)
    assert sorted(p.name for p in corpus.iterdir()) == ["staffordshire-2019-ilacs-summary.md"]
    data = (CORPUS / "southend-2024-10-ilacs.md").read_bytes()
    at.file_uploader(key="upload").set_value(("Southend ILACS.md", data, "text/markdown")).run()
    at.button(key="add").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    message = html.unescape(at.success[0].value)
    assert "corpus/southend-ilacs.md" in message and "2 documents" in message
    assert (corpus / "southend-ilacs.md").read_bytes() == data
    assert Retriever.open(index).status()["documents"] == 2
    # The same bytes again: a clear duplicate notice, no second copy, no rebuild.
    at.button(key="add").click().run()
    assert any("already in the corpus" in html.unescape(w.value) for w in at.warning)
    assert len(list(corpus.iterdir())) == 2


def sidebar_warnings(at: AppTest) -> list[str]:
    return [html.unescape(w.value) for w in at.sidebar.warning]


def test_stale_index_warning_and_rebuild(tmp_path, monkeypatch):
    """A report added to corpus/ after the build: the sidebar says so; the button rebuilds."""
    from indexer import build_index

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus)
    build_index(corpus, index, progress=False)
    monkeypatch.setenv("OFSTED_QA_INDEX", str(index))
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(corpus))
    monkeypatch.setenv("OFSTED_QA_FEEDBACK", str(tmp_path / "feedback.sqlite"))
    at = new_app()
    assert not sidebar_warnings(at)
    assert not [b for b in at.sidebar.button if b.key == "rebuild"]

    shutil.copy(CORPUS / "southend-2024-10-ilacs.md", corpus)
    at = new_app()
    warnings = sidebar_warnings(at)
    assert len(warnings) == 1 and "out of date" in warnings[0]
    assert "1 added (southend-2024-10-ilacs.md)" in warnings[0]
    assert "make index" in warnings[0]
    at.button(key="rebuild").click().run(timeout=300)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert not sidebar_warnings(at)
    assert any("Indexed 2 documents" in html.unescape(s.value) for s in at.success)
    assert Retriever.open(index).status()["documents"] == 2
    assert any("2 documents" in html.unescape(c.value) for c in at.sidebar.caption)
    # The new report is searchable from the page straight away.
    at.multiselect(key="f_authority").set_value(["Southend-on-Sea"]).run()
    ask(at, "How well are care leavers supported?")
    assert {h.document["authority"] for h in at.session_state["turns"][0]["answer"].hits} == {
        "Southend-on-Sea"
    }


def test_an_index_read_by_other_parsers_is_out_of_date(tmp_path, monkeypatch):
    """Same corpus, but built by another version of the report reader (an upgrade may date
    or name reports differently): stale for the command line and the app alike."""
    import json

    from indexer import build_index, is_stale

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus)
    build_index(corpus, index, progress=False)
    assert not is_stale(corpus, index)
    manifest_file = index / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["parser"] = "an-older-reader"
    manifest_file.write_text(json.dumps(manifest))
    assert is_stale(corpus, index)
    monkeypatch.setenv("OFSTED_QA_INDEX", str(index))
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(corpus))
    monkeypatch.setenv("OFSTED_QA_FEEDBACK", str(tmp_path / "feedback.sqlite"))
    at = new_app()
    warnings = sidebar_warnings(at)
    assert len(warnings) == 1 and "another version of the report reader" in warnings[0]
    at.button(key="rebuild").click().run(timeout=300)
    assert not at.exception, at.exception
    assert not sidebar_warnings(at) and not is_stale(corpus, index)


def test_answer_is_streamed_once(app_env, monkeypatch):
    import streamlit

    from webapp.render import answer_markdown, stream_chunks

    streamed = []
    real = streamlit.write_stream

    def recording(stream, **kwargs):
        chunks = list(stream)
        streamed.append(chunks)
        return real(iter(chunks), **kwargs)

    monkeypatch.setattr(streamlit, "write_stream", recording)
    at = ask(new_app(), QUESTION)
    answer = at.session_state["turns"][0]["answer"]
    assert len(streamed) == 1 and len(streamed[0]) > 3  # line by line
    turn_id = at.session_state["turns"][0]["id"]
    assert "".join(streamed[0]) == answer_markdown(answer.answer, anchors=turn_id)
    assert list(stream_chunks("a\n\nb")) == ["a\n", "\n", "b"]
    # Earlier turns are drawn at once on later runs, not streamed again.
    at.toggle(key="rerank").set_value(False).run()
    assert len(streamed) == 1
    assert "[1]" in assistant_texts(at)[0]


def test_filter_and_unexpected_errors_are_messages(app_env, monkeypatch):
    from retriever import FilterError

    def bad_filter(self, question, **kw):
        raise FilterError("unknown authority 'Atlantis'; known: Leeds")

    monkeypatch.setattr(Retriever, "ask", bad_filter)
    at = ask(new_app(), QUESTION)
    errors = [html.unescape(e.value) for e in at.error]
    assert any("A filter could not be used" in e and "Atlantis" in e for e in errors)
    assert not at.session_state["turns"]

    def broken(self, question, **kw):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(Retriever, "ask", broken)
    at = ask(new_app(), QUESTION)
    assert any("Something went wrong" in html.unescape(e.value) for e in at.error)


def test_damaged_index_message(index_dir, tmp_path, monkeypatch):
    damaged = tmp_path / "index"
    shutil.copytree(index_dir, damaged)
    with open(damaged / "vectors.faiss", "r+b") as f:
        f.truncate(100)
    monkeypatch.setenv("OFSTED_QA_INDEX", str(damaged))
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(CORPUS))
    at = new_app()
    assert any("no usable search index" in html.unescape(e.value) for e in at.error)
    assert at.button(key="build_now").label == "Build the index now"
    assert not at.chat_input


def test_missing_corpus_is_a_note_not_a_warning(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(tmp_path / "no-corpus"))
    at = new_app()
    assert not sidebar_warnings(at)
    assert any("not found" in html.unescape(c.value) for c in at.sidebar.caption)


def test_the_model_preloads_once_the_page_is_drawn(app_env, monkeypatch):
    calls = []
    monkeypatch.setattr(Retriever, "preload", lambda self: calls.append(self))
    new_app()
    assert calls and isinstance(calls[0], Retriever)
