"""Questions to a torch-built index are encoded by the same weights exported to ONNX, so an
app's first answer does not wait for PyTorch to import (real model, export, FAISS, SQLite)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from indexer.embedder import (
    DEFAULT_MODEL,
    Embedder,
    export_for_questions,
    question_embedder,
    question_onnx_file,
    shared_embedder,
)
from indexer.onnx_encoder import CACHE_ENV, OnnxEncoder
from tests.conftest import ROOT

QUESTIONS = [
    "What did Ofsted say about care leaver accommodation?",
    "How is the LADO service doing in Staffordshire?",
    "Leeds",
    "quality of supervision and management oversight " * 60,  # past 256 tokens: truncated
]


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    return shared_embedder(DEFAULT_MODEL)


def test_a_build_leaves_the_export_that_questions_use(index_dir):
    # index_dir was built with torch: the build exported the weights for questions.
    assert question_onnx_file(DEFAULT_MODEL) is not None
    embedder = question_embedder(DEFAULT_MODEL)
    assert embedder.runtime == "onnx"
    assert embedder.encoder == "torch" and embedder.model_id == DEFAULT_MODEL


def test_question_vectors_equal_the_torch_ones(index_dir, torch_embedder):
    onnx = question_embedder(DEFAULT_MODEL)
    for question in QUESTIONS:
        a, b = onnx.encode_query(question), torch_embedder.encode_query(question)
        assert np.abs(a - b).max() < 1e-5, question


def test_batches_padded_to_their_longest_text_equal_the_torch_ones(index_dir, torch_embedder):
    onnx = question_embedder(DEFAULT_MODEL)
    batch = onnx.encode(QUESTIONS)  # one batch of very different lengths
    assert np.abs(batch - torch_embedder.encode(QUESTIONS)).max() < 1e-5


def test_tokens_are_the_sentence_transformers_ones(index_dir, torch_embedder):
    onnx = question_embedder(DEFAULT_MODEL)
    ours = onnx._model.tokenize(QUESTIONS)
    theirs = torch_embedder._model.tokenize(QUESTIONS)
    for name in ("input_ids", "attention_mask"):
        assert ours[name].tolist() == theirs[name].tolist()
    assert ours["input_ids"].shape[1] == torch_embedder._model.max_seq_length


def test_without_an_export_questions_are_encoded_by_torch(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert question_onnx_file(DEFAULT_MODEL) is None
    assert question_onnx_file(f"{DEFAULT_MODEL}+onnx-int8") is None  # not a torch index


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


def test_an_answer_in_a_fresh_process_never_imports_pytorch(index_dir):
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
    assert out["runtime"] == "onnx" and out["cited"] > 0
    assert out["loaded"] == []
