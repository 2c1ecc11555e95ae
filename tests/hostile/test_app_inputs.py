"""Hostile or heavy input through the app: an upload's name is shown as text, one size
limit is said the same way everywhere, and an upload builds in a worker process, not in the
server."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indexer.parse.loaders import MAX_FILE_BYTES, MAX_FILE_MB, LoadError, load_blocks, size_text
from webapp.uploads import check_bytes
from webapp.worker import Builder, BuildJob, Upload

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
LIMIT = size_text(MAX_FILE_BYTES)  # "50 MB"


def add_view(index: Path, corpus: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("OFSTED_QA_INDEX", str(index))
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(corpus))
    monkeypatch.setenv("OFSTED_QA_UPLOADS", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.radio(key="view").set_value("Add a report").run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="upload").set_value((name, data, "application/octet-stream")).run()
    at.button(key="add").click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    """One report, indexed: the Add view's page, for uploads that are refused."""
    from indexer import build_index

    tmp = tmp_path_factory.mktemp("app-inputs")
    corpus, index = tmp / "corpus", tmp / "index"
    corpus.mkdir()
    shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus)
    build_index(corpus, index, progress=False)
    return index, corpus


@pytest.mark.model
@pytest.mark.parametrize(
    "name",
    [
        # Each is refused with a message that quotes the name it was given.
        "![leak](http://127.0.0.1:9/leak.png)/../report.md",
        "![x](http://127.0.0.1:9/).md",
        "../<img src=x onerror=alert(1)>/x.md",
    ],
)
def test_upload_name_is_shown_as_text(small_index, monkeypatch, name):
    at = upload(add_view(*small_index, monkeypatch), name, b"# Report\n\n1. Text.\n")
    errors = [e.value for e in at.error]
    assert errors and all(v.startswith("Not added") for v in errors)
    for value in errors:
        assert "](" not in value and "<img" not in value  # no Markdown image, link or tag
    assert any(name in html.unescape(v) for v in errors)  # the name itself, as text


@pytest.mark.model
def test_one_size_limit_worded_one_way(small_index, monkeypatch):
    at = add_view(*small_index, monkeypatch)
    assert at.file_uploader(key="upload").proto.max_upload_size_mb == MAX_FILE_MB
    assert any(f"up to {LIMIT}" in c.value for c in at.caption)
    upload(at, "big.txt", b"x" * (MAX_FILE_MB + 1) * 1024 * 1024)
    assert [html.unescape(e.value) for e in at.error] == [
        f"Not added: the file is {MAX_FILE_MB + 1} MB; the limit is {LIMIT}."
    ]


def test_size_limit_is_the_same_constant_everywhere(tmp_path):
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(rf"^maxUploadSize\s*=\s*{MAX_FILE_MB}\s*$", config, re.M)
    assert f"--server.maxUploadSize {MAX_FILE_MB}" in (ROOT / "Makefile").read_text()
    with pytest.raises(ValueError, match=f"the limit is {LIMIT}$"):
        check_bytes("big.txt", b"x" * (MAX_FILE_BYTES + 1))
    check_bytes("exact.txt", b"x" * MAX_FILE_BYTES)  # Streamlit lets exactly the limit in
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(LoadError, match=f"over the {LIMIT} limit"):
        load_blocks(big)
    assert f"{MAX_FILE_MB} MB" == LIMIT


@pytest.mark.model
def test_upload_builds_in_a_worker_process(tmp_path):
    from indexer import build_index
    from retriever import Retriever

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus)
    build_index(corpus, index, progress=False)
    data = (CORPUS / "southend-2024-10-ilacs.md").read_bytes()
    shown = []
    outcome = Builder().run(BuildJob(corpus, index, Upload("Southend.md", data)), shown.append)
    assert outcome.failed is None and outcome.refused is None, outcome
    assert outcome.worker_pid and outcome.worker_pid != os.getpid()  # not the server
    assert outcome.saved == corpus / "southend.md" and outcome.report.documents == 2
    fractions = [p.fraction for p in shown]
    assert fractions and fractions == sorted(fractions) and fractions[-1] > 0.9
    assert Retriever.open(index).status()["documents"] == 2
    # A build that fails in the worker comes back as a message; the server carries on.
    failed = Builder().run(BuildJob(tmp_path / "no-corpus", index), shown.append)
    assert failed.report is None and "does not exist" in failed.failed
