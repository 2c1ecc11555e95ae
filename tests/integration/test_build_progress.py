"""A build shows one progress bar, with a total and so an ETA: on a terminal one tqdm bar
redrawn in place, in a log (not a terminal) a plain line now and then, never thousands.
Real model, FAISS and SQLite on two files of the shipped corpus."""

from __future__ import annotations

import io
import re
import shutil
import sys

import pytest

from indexer import build_index
from tests.conftest import CORPUS

FILES = ("southend-2024-10-ilacs.md", "staffordshire-2019-ilacs-summary.md")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def two_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, corpus)
    return corpus


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "log"])
def test_a_build_shows_one_bar_with_a_total(two_files, tmp_path, monkeypatch, terminal):
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    report = build_index(two_files, tmp_path / "index", progress=True)
    shown = [s.strip() for s in re.split(r"[\r\n]+", stream.getvalue()) if s.strip()]
    assert shown, "no progress shown"
    # One description, never a second bar beside it (the build once showed
    # "Reading" over files and "Embedding" over passages with no total at once).
    assert {s.split(":")[0] for s in shown} == {"Indexing"}, shown
    totals = [re.search(r" (\d[\d,]*)/(\d[\d,]*) ", s) for s in shown]
    assert all(totals) and all("passage" in s for s in shown), shown
    done, total = (int(x.replace(",", "")) for x in totals[-1].groups())
    assert done == total == report.passages  # the estimate ends corrected to the count
    assert f"files {len(FILES)}/{len(FILES)}" in shown[-1]
    if not terminal:
        assert len(shown) == 1  # a build this short: the closing line only


def test_quiet_shows_nothing(two_files, tmp_path, monkeypatch):
    stream = _Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    build_index(two_files, tmp_path / "index", progress=False)
    assert stream.getvalue() == ""
