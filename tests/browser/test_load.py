"""The load script over two app servers sharing one PostgreSQL store: every session's
questions answered, spread round-robin (real Streamlit servers, headless Chromium, a real
PostgreSQL with pgvector)."""

from __future__ import annotations

import json

import pytest

from eval import load
from eval.serve import CHROMIUM
from indexer.store import copy_index
from tests.conftest import CORPUS

pytestmark = pytest.mark.browser

SET_BY_LOAD = ("OFSTED_QA_STORE", "OFSTED_QA_INDEX", "OFSTED_QA_CORPUS", "OFSTED_QA_FEEDBACK")


def test_sessions_spread_over_two_servers_on_one_database(
    index_dir, new_database, tmp_path, monkeypatch
):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does)")
    for name in SET_BY_LOAD:  # the script sets them for its servers; restored afterwards
        monkeypatch.delenv(name, raising=False)
    url = new_database()
    copy_index(index_dir, url, progress=False)
    out = tmp_path / "load.json"
    argv = ["--target", "app", "--servers", "2", "--sessions", "4"]
    argv += ["--questions-per-session", "1", "--store", url, "--corpus", str(CORPUS)]
    assert load.main([*argv, "--timeout", "180", "--json", str(out)]) == 0
    (app,) = json.loads(out.read_text())["results"]
    assert app["servers"] == 2 and app["errors"] == 0 and app["ok"] == 4
    assert app["store"].startswith("postgresql")
    servers = app["per_server"]
    assert len({s["url"] for s in servers}) == 2, "two servers on two ports"
    assert [(s["sessions"], s["ok"], s["errors"]) for s in servers] == [(2, 2, 0), (2, 2, 0)]
