"""Questions are encoded as the index's passages were: int8 ONNX for a build that names no
encoder, and for a torch-built index the same weights exported to ONNX, so an app's first
answer does not wait for PyTorch to import (real model, export, FAISS, SQLite)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from indexer import build_index, store
from indexer.embedder import (
    DEFAULT_MODEL,
    Embedder,
    export_for_questions,
    needs_export,
    prepare,
    question_embedder,
    question_onnx_file,
    shared_embedder,
)
from indexer.onnx_encoder import CACHE_ENV, OnnxEncoder
from retriever import Retriever
from tests.conftest import CORPUS, ROOT

QUESTIONS = [
    "What did Ofsted say about care leaver accommodation?",
    "How is the LADO service doing in Staffordshire?",
    "Leeds",
    "quality of supervision and management oversight " * 60,  # past 256 tokens: truncated
]


INT8 = f"{DEFAULT_MODEL}+onnx-int8"


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    return shared_embedder(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def torch_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("torch") / "corpus"
    corpus.mkdir()
    for name in ("southend-2024-10-ilacs.md", "staffordshire-2019-ilacs-summary.md"):
        shutil.copy(CORPUS / name, corpus)
    return corpus


@pytest.fixture(scope="module")
def torch_index(torch_corpus) -> Path:
    """An index built with `--encoder torch`, as every index was before int8 was the default."""
    index = torch_corpus.parent / "index"
    build_index(torch_corpus, index, model=DEFAULT_MODEL, progress=False)
    return index


def test_a_build_naming_no_encoder_is_int8_and_so_are_its_questions(index_dir, monkeypatch):
    monkeypatch.delenv("OFSTED_QA_ENCODER", raising=False)
    monkeypatch.delenv("OFSTED_QA_MODEL", raising=False)
    assert store.Manifest.read(index_dir).model == INT8  # conftest's build names no encoder
    r = Retriever.open(index_dir)
    assert r.embedder.model_id == INT8 and r.embedder.runtime == "onnx-int8"
    question = "How well are care leavers supported in Southend?"
    assert (
        np.abs(r.embedder.encode_query(question) - Embedder(INT8).encode([question])[0]).max()
        < 1e-5
    )
    answer = r.ask(question, k=5)
    assert not answer.abstained and answer.citations


def test_the_int8_model_is_made_once_and_a_build_says_when(index_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("OFSTED_QA_ENCODER", raising=False)
    monkeypatch.delenv("OFSTED_QA_MODEL", raising=False)
    made = prepare()  # made by `make setup`, or by the first build (index_dir's)
    assert made is not None and made.is_file() and not needs_export()
    assert prepare(DEFAULT_MODEL) is None and not needs_export(DEFAULT_MODEL)  # torch: no file
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))  # a fresh machine
    assert needs_export() and needs_export(INT8)


def test_a_torch_index_still_answers_with_torch_vectors(torch_index):
    assert store.Manifest.read(torch_index).model == DEFAULT_MODEL
    r = Retriever.open(torch_index)
    assert r.embedder.encoder == "torch" and r.embedder.model_id == DEFAULT_MODEL
    answer = r.ask("How well are care leavers supported in Southend?", k=5)
    assert not answer.abstained and answer.citations


def test_an_update_naming_no_encoder_keeps_the_index_encoder(
    torch_corpus, torch_index, monkeypatch
):
    monkeypatch.delenv("OFSTED_QA_ENCODER", raising=False)
    monkeypatch.delenv("OFSTED_QA_MODEL", raising=False)
    report = build_index(torch_corpus, torch_index, progress=False)
    assert store.Manifest.read(torch_index).model == DEFAULT_MODEL
    assert report.embedded == 0 and report.reused > 0  # nothing embedded again


def test_a_build_leaves_the_export_that_questions_use(torch_index):
    # torch_index was built with torch: the build exported the weights for questions.
    assert question_onnx_file(DEFAULT_MODEL) is not None
    embedder = question_embedder(DEFAULT_MODEL)
    assert embedder.runtime == "onnx"
    assert embedder.encoder == "torch" and embedder.model_id == DEFAULT_MODEL


def test_question_vectors_equal_the_torch_ones(torch_index, torch_embedder):
    onnx = question_embedder(DEFAULT_MODEL)
    for question in QUESTIONS:
        a, b = onnx.encode_query(question), torch_embedder.encode_query(question)
        assert np.abs(a - b).max() < 1e-5, question


def test_batches_padded_to_their_longest_text_equal_the_torch_ones(torch_index, torch_embedder):
    onnx = question_embedder(DEFAULT_MODEL)
    batch = onnx.encode(QUESTIONS)  # one batch of very different lengths
    assert np.abs(batch - torch_embedder.encode(QUESTIONS)).max() < 1e-5


def test_tokens_are_the_sentence_transformers_ones(torch_index, torch_embedder):
    onnx = question_embedder(DEFAULT_MODEL)
    ours = onnx._model.tokenize(QUESTIONS)
    theirs = torch_embedder._model.tokenize(QUESTIONS)
    for name in ("input_ids", "attention_mask"):
        assert ours[name].tolist() == theirs[name].tolist()
    assert ours["input_ids"].shape[1] == torch_embedder._model.max_seq_length


def test_without_an_export_questions_are_encoded_by_torch(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert question_onnx_file(DEFAULT_MODEL) is None
    assert question_onnx_file(INT8) is None  # not a torch index


def test_export_is_made_once_into_the_cache(tmp_path, monkeypatch, torch_embedder):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    said: list[str] = []
    made = export_for_questions(torch_embedder, said.append)
    assert made is not None and made.is_file() and said
    assert question_onnx_file(DEFAULT_MODEL) == made
    said.clear()
    assert export_for_questions(torch_embedder, said.append) == made and not said
    encoder = OnnxEncoder(torch_embedder.path, threads=1, file=made)
    assert encoder.dim == torch_embedder.dim


@pytest.mark.parametrize(
    ("index", "runtime"), [("index_dir", "onnx-int8"), ("torch_index", "onnx")]
)
def test_an_answer_in_a_fresh_process_never_imports_pytorch(request, index, runtime):
    index_dir = request.getfixturevalue(index)
    script = (
        "import json, sys\n"
        "from retriever import Retriever\n"
        f"r = Retriever.open({str(index_dir)!r})\n"
        "a = r.ask('How well are care leavers supported in Southend?', k=5, mode='hybrid')\n"
        "print(json.dumps({'cited': len(a.citations), 'runtime': r.embedder.runtime,\n"
        "  'loaded': [m for m in ('torch', 'transformers', 'sentence_transformers')\n"
        "             if m in sys.modules]}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["runtime"] == runtime and out["cited"] > 0
    assert out["loaded"] == []
