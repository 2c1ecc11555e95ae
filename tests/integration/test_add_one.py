"""eval/add_one.py: adding one report re-embeds that report only, also when it starts from
a copy of an index already built (real model, FAISS, SQLite)."""

from __future__ import annotations

import json
import shutil

from eval.add_one import main
from indexer import build_index, store
from tests.conftest import CORPUS

FILES = ("southend-2024-10-ilacs.md", "staffordshire-2019-ilacs-summary.md")


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, corpus)
    return corpus


def _run(capsys, *args) -> dict:
    assert main([str(a) for a in args]) == 0
    return json.loads(capsys.readouterr().out)


def test_adding_one_report_embeds_its_passages_and_reuses_the_rest(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    out = _run(capsys, corpus, "--file", FILES[0])
    assert out["added"] == FILES[0] and out["embedded"] > 0
    assert out["reused"] == out["passages_before"] > 0
    assert out["passages_after"] == out["passages_before"] + out["embedded"]


def test_from_an_index_copy_leaves_that_index_as_it_was(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    index = tmp_path / "index"
    build_index(corpus, index, progress=False)
    manifest = store.Manifest.read(index)
    out = _run(capsys, corpus, "--file", FILES[0], "--from-index", index)
    assert out["from_index"] == str(index) and out["embedded"] > 0
    assert out["passages_after"] == manifest.counts["passages"]
    assert store.Manifest.read(index) == manifest  # only read
