"""Upload files left in the corpus by a killed app server are removed when a server starts;
those of a live upload, and anything else, stay."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from webapp.uploads import STRAY_AGE_S, clean_stray_uploads, save_upload


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stray_uploads_of_dead_servers_are_cleaned(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    dead = corpus / f".upload-{_dead_pid()}-{'a' * 32}.pdf"
    live = corpus / f".upload-{os.getpid()}-{'b' * 32}.pdf"
    old = corpus / f".upload-{'c' * 32}.pdf"  # the name an upload had before it held a pid
    recent = corpus / f".upload-{'d' * 32}.pdf"
    report = corpus / "leeds-2025-08-ilacs.pdf"
    for path in (dead, live, old, recent, report):
        path.write_bytes(b"%PDF-1.4\n")
    an_hour_ago = time.time() - STRAY_AGE_S - 60
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert sorted(p.name for p in clean_stray_uploads(corpus)) == sorted([dead.name, old.name])
    assert live.exists() and recent.exists() and report.exists()


def test_an_upload_writes_under_a_name_the_cleaner_recognises(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seen = []
    import webapp.uploads as uploads

    def spy(path, **kw):
        seen.append(path.name)
        raise uploads.LoadError("stop here")

    monkeypatch.setattr(uploads, "load_blocks", spy)
    with pytest.raises(ValueError, match="stop here"):
        save_upload("leeds.md", b"# Leeds\n\nText.\n", corpus)
    assert seen and seen[0].startswith(f".upload-{os.getpid()}-")
    assert not list(corpus.iterdir())
