"""One real index over the real corpus per test session: real model, FAISS and SQLite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    from indexer import build_index

    path = tmp_path_factory.mktemp("index") / "index"
    build_index(CORPUS, path, progress=False)
    return path


@pytest.fixture(scope="session")
def retriever(index_dir):
    from retriever import Retriever

    return Retriever.open(index_dir)
