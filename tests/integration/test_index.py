"""The built index: exempt content, retrieval, citations, rebuilds and bad input."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from indexer import CorpusProblem, IndexProblem, build_index
from ofsted_cli import main as cli
from retriever import FilterError, QuestionError, Retriever
from tests.conftest import CORPUS

EXAMPLE = "What did Ofsted say about care leaver accommodation?"


def test_example_question_finds_the_accommodation_paragraphs(retriever):
    hits = retriever.search(EXAMPLE, k=10)
    found = {(h.passage["doc_id"], h.passage["label"]) for h in hits}
    assert ("staffordshire-2024-01-cabinet-ofsted", "35") in found
    assert ("cheshire-east-2020-01-cabinet-ofsted", "30") in found
    assert ("southend-2024-10-ilacs", "57") in found
    staffs = next(
        h for h in hits if h.passage["label"] == "35" and h.passage["doc_id"].startswith("staff")
    )
    assert staffs.citation.startswith("Staffordshire Ofsted report, Nov 2023, ")
    assert staffs.citation.endswith("para 35")


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_every_mode_returns_cited_hits(retriever, mode):
    hits = retriever.search("LADO allegations against professionals Staffordshire", k=5, mode=mode)
    assert hits and all(h.citation and h.passage["text"] for h in hits)
    assert len({h.passage["passage_id"] for h in hits}) == len(hits)


def test_filters_restrict_results_and_unknown_values_are_named(retriever):
    hits = retriever.search(EXAMPLE, k=10, filters={"authority": "Leeds"})
    assert hits and {h.document["authority"] for h in hits} == {"Leeds"}
    hits = retriever.search(EXAMPLE, k=10, filters={"year": 2023, "kind": "ilacs_report"})
    # a year finds the reports inspected or published in it: Norfolk's report of an
    # inspection in November 2022 was published in January 2023 ("Norfolk 2023")
    years = {
        (h.passage["doc_id"], d[:4])
        for h in hits
        for d in (h.passage["part"]["inspection_end"], h.passage["part"]["published"] or "")
    }
    assert hits and all((h.passage["doc_id"], "2023") in years for h in hits)
    assert ("norfolk-2023-01-ilacs", "2022") in years
    with pytest.raises(FilterError, match="Leeds"):
        retriever.search(EXAMPLE, filters={"authority": "Atlantis"})
    with pytest.raises(FilterError, match="ilacs_report"):
        retriever.search(EXAMPLE, filters={"kind": "novel"})


def test_duplicate_paragraphs_are_one_hit_with_every_location(retriever):
    hits = retriever.search(
        "Children's Services were inspected between 6th and 10th November 2023 short inspection",
        k=5,
        mode="lexical",
    )
    # the report's own summary ("Inspection dates: 6 to 10 November 2023") may rank first;
    # the paragraph printed in both copies of the cabinet report is one hit
    top = next(h for h in hits if h.passage["label"] == "1")
    assert top.also_in, "the .md copy of the cabinet report should be listed as another location"
    ids = [h.passage["passage_id"] for h in hits]
    assert (
        not any(i.startswith("staffordshire-2024-01-cabinet-report#") for i in ids[:1])
        or top.also_in
    )


def test_exempt_content_is_never_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    secret = "Zebediah Quartermaine"
    (corpus / "council-2024-01-pack.txt").write_text(
        "Cabinet Meeting on 17 January 2024\n\nReport of the Director\n\n"
        "1. Care leavers live in suitable accommodation that meets their needs.\n\n"
        "Not for publication by virtue of paragraph(s) 1\nof Part 1 of Schedule 12A\n"
        "of the Local Government Act 1972\n\nDocument is Restricted\n\n"
        f"1. The child {secret} is placed in emergency accommodation.\n",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    report = build_index(corpus, index, progress=False)
    assert report.left_out and "exemption" in report.left_out[0][1]
    for path in index.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
            assert b"Quartermaine" not in path.read_bytes()
    r = Retriever.open(index)
    for mode in ("dense", "lexical", "hybrid"):
        for hit in r.search(f"{secret} emergency accommodation", k=10, mode=mode):
            assert secret not in hit.passage["text"]


def test_rebuild_reembeds_only_the_changed_file(tmp_path, new_store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("southend-2024-10-ilacs.md", "staffordshire-2019-ilacs-summary.md"):
        shutil.copy(CORPUS / name, corpus / name)
    index = new_store
    first = build_index(corpus, index, progress=False)
    assert first.embedded == first.passages
    summary = corpus / "staffordshire-2019-ilacs-summary.md"
    summary.write_text(summary.read_text() + "\n\nA new closing slide about foster carers.\n")
    second = build_index(corpus, index, progress=False)
    southend = first.passages_per_doc["southend-2024-10-ilacs"]
    assert second.reused >= southend
    assert 0 < second.embedded <= second.passages_per_doc["staffordshire-2019-ilacs-summary"]
    assert Retriever.open(index).search("foster carers closing slide", k=1, mode="lexical")
    if not isinstance(index, Path):
        return  # PostgreSQL: generations, tested in test_postgres.py
    builds = tmp_path / ".index.builds"
    assert index.is_symlink() and index.resolve().parent == builds
    assert len(list(builds.iterdir())) == 2, "the new build and the one it replaced"
    assert not list(tmp_path.glob(".index.building-*")) and not list(tmp_path.glob(".index.link-*"))


def test_rebuild_swaps_in_atomically_and_open_readers_keep_working(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "southend-2024-10-ilacs.md", corpus / "southend-2024-10-ilacs.md")
    index = tmp_path / "index"
    build_index(corpus, index, progress=False)
    reader = Retriever.open(index)
    before = reader.search("care leavers", k=3, mode="lexical")
    shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus / "staffs.md")
    build_index(corpus, index, progress=False)
    build_index(corpus, index, progress=False)  # the reader's build is now removed
    assert [h.rowid for h in reader.search("care leavers", k=3, mode="lexical")] == [
        h.rowid for h in before
    ]
    assert Retriever.open(index).status()["documents"] == 2


def test_bad_files_are_skipped_with_reasons_and_the_rest_indexes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus / "good.md")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (corpus / "latin1.txt").write_bytes("Caf\xe9 report \x96 children".encode("latin-1"))
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (corpus / "huge.txt").write_bytes(b"a " * 6000)
    report = build_index(corpus, tmp_path / "index", progress=False, max_file_bytes=8000)
    reasons = dict(report.skipped)
    assert report.documents == 1
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "PDF" in reasons["broken.pdf"]
    assert "limit" in reasons["huge.txt"]


def test_missing_or_empty_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusProblem, match="does not exist"):
        build_index(tmp_path / "nope", tmp_path / "index", progress=False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusProblem, match="no files"):
        build_index(tmp_path / "empty", tmp_path / "index", progress=False)


def test_missing_stale_or_corrupt_index_names_the_fix(tmp_path, index_dir):
    with pytest.raises(IndexProblem, match="ofsted-qa index"):
        Retriever.open(tmp_path / "none")
    broken = tmp_path / "broken"
    shutil.copytree(index_dir, broken)
    with sqlite3.connect(broken / "passages.sqlite") as conn:
        conn.execute("UPDATE passages SET text = 'tampered' WHERE rowid = 0")
    with pytest.raises(IndexProblem, match="rebuild"):
        Retriever.open(broken)
    manifest = json.loads((index_dir / "manifest.json").read_text())
    manifest["schema_version"] = 999
    old = tmp_path / "old"
    shutil.copytree(index_dir, old)
    (old / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexProblem, match="schema"):
        Retriever.open(old)


@pytest.mark.parametrize("question", ["", "   \n ", "x" * 20_000])
def test_bad_questions_are_refused(retriever, question):
    with pytest.raises(QuestionError):
        retriever.ask(question)


def test_cli_ask_json_and_user_errors(index_location, capsys):
    assert cli(["ask", EXAMPLE, "--index", str(index_location), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"question", "answer", "abstained", "citations", "hits"}
    hit = data["hits"][0]
    assert set(hit["passage"]) >= {
        "passage_id",
        "doc_id",
        "part",
        "section",
        "label",
        "text",
        "start",
        "end",
        "page",
    }
    assert hit["citation"] and hit["document"]["authority"]
    assert cli(["ask", "   ", "--index", str(index_location)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "empty" in err[0]
    assert cli(["ask", EXAMPLE, "--index", str(index_location), "--authority", "Atlantis"]) == 2
    assert "known" in capsys.readouterr().err
    assert cli(["ask", EXAMPLE, "--index", "/nonexistent/index"]) == 2
    assert "ofsted-qa index" in capsys.readouterr().err


def test_cli_readable_answer_has_references(index_location, capsys):
    assert cli(["ask", EXAMPLE, "--index", str(index_location)]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "References" in out and "para" in out


def test_answer_citations_quote_their_passage(retriever):
    answer = retriever.ask(EXAMPLE)
    assert not answer.abstained and answer.citations
    texts = {h.passage["passage_id"]: h.passage["text"] for h in answer.hits}
    for c in answer.citations:
        assert c.quote in texts[c.passage_id]


def test_cli_follow_up_takes_earlier_questions(index_location, capsys):
    earlier = "What did Ofsted say about care leavers in Staffordshire?"
    assert (
        cli(["ask", "and in Leeds?", "--after", earlier, "--index", str(index_location), "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert not data["abstained"]
    assert {h["document"]["authority"] for h in data["hits"]} == {"Leeds"}
    assert any("care leaver" in c["quote"].lower() for c in data["citations"])


def test_hnsw_index_searches_with_and_without_filters(index_dir, tmp_path):
    """The graph index large corpora get: filtered searches stay inside the filter both
    ways (exact over the allowed passages, and FAISS's own selector)."""
    from retriever import Config

    hnsw_dir = tmp_path / "index"
    shutil.copytree(index_dir, hnsw_dir)  # unchanged corpus: every vector is reused
    report = build_index(CORPUS, hnsw_dir, progress=False, index_type="hnsw")
    assert report.embedded == 0
    r = Retriever.open(hnsw_dir)
    assert r.status()["index_type"] == "hnsw"
    question = "How are care leavers supported into work?"
    assert r.search(question, k=5, mode="dense", understand=False)
    exact = r.search(question, k=5, mode="dense", filters={"authority": "Leeds"})
    r = Retriever.open(hnsw_dir, config=Config(exact_subset_limit=0))
    selected = r.search(question, k=5, mode="dense", filters={"authority": "Leeds"})
    assert exact and selected
    assert {h.document["authority"] for h in exact + selected} == {"Leeds"}
    assert exact[0].rowid == selected[0].rowid


def test_cli_output_cut_short_by_its_reader_is_not_an_error(index_dir):
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "ofsted_cli", "ask", EXAMPLE, "--index", str(index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader goes away before the answer is printed, as `| head` can
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err
