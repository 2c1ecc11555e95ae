"""Shared fixtures (one real index over the real corpus per session: real model, FAISS and
SQLite), and markers by folder: tests/browser -> `browser`; tests/integration and tests/hostile -> `model`
for each test that needs the model or an index (uses the index fixtures, builds an index
or opens the app). `pytest -m "not model and not browser"` runs the pure tests alone."""

from __future__ import annotations

import inspect
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


_NEEDS_MODEL = ("build_index", "Retriever", "AppTest", "new_app", "embedder", "check_device")


def pytest_collection_modifyitems(config, items):
    for item in items:
        folder = Path(str(item.fspath)).parent.name
        if folder == "browser":
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.model)
        elif folder in ("integration", "hostile") and _needs_model(item):
            item.add_marker(pytest.mark.model)


def _needs_model(item) -> bool:
    if {"index_dir", "retriever", "app_env"} & set(getattr(item, "fixturenames", ())):
        return True
    functions = [item.function]
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {}) or {}
    functions += [d.func for defs in fixtures.values() for d in defs]
    for function in functions:
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            if function is item.function:
                return True
            continue
        if any(word in source for word in _NEEDS_MODEL):
            return True
    return False
