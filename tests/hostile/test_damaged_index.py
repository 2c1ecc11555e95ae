"""Damaged indexes and failed writes: a message, never a traceback, and `ofsted-qa index`
always repairs."""

from __future__ import annotations

import errno
import json
import os
import sqlite3

import pytest

from indexer import IndexProblem, build_index, is_stale
from indexer.safety import IndexPathProblem
from ofsted_cli import main as cli
from retriever import Retriever


@pytest.fixture
def built(tmp_path, small_corpus):
    index = tmp_path / "index"
    build_index(small_corpus, index, progress=False)
    return small_corpus, index


def _damage_manifest(index, how: str) -> None:
    manifest = index.resolve() / "manifest.json"
    if how == "not-utf8":
        manifest.write_bytes(b"\xff\xfe{\x00\x93 not utf-8 \x94")
    elif how == "a-folder":
        manifest.unlink()
        manifest.mkdir()
        (manifest / "x").write_text("{}", encoding="utf-8")
    elif how == "a-list":
        manifest.write_text("[1, 2, 3]", encoding="utf-8")
    elif how == "checksums-emptied-vectors-truncated":
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["checksums"] = {}
        manifest.write_text(json.dumps(data), encoding="utf-8")
        vectors = index.resolve() / "vectors.faiss"
        vectors.write_bytes(vectors.read_bytes()[:100])


DAMAGE = ["not-utf8", "a-folder", "a-list", "checksums-emptied-vectors-truncated"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_index_gives_a_message_and_index_repairs_it(built, capsys, how):
    corpus, index = built
    _damage_manifest(index, how)
    with pytest.raises(IndexProblem, match="rebuild with `ofsted-qa index`"):
        Retriever.open(index)
    assert cli(["ask", "care leavers", "--index", str(index)]) == 2
    err = capsys.readouterr().err
    assert "ofsted-qa index" in err and "Traceback" not in err
    assert is_stale(corpus, index)
    assert cli(["index", str(corpus), "--index", str(index), "--quiet", "--if-stale"]) == 0
    assert Retriever.open(index).search("care leavers", k=3, mode="lexical")
    _damage_manifest(index, how)
    assert cli(["index", str(corpus), "--index", str(index), "--quiet"]) == 0
    assert Retriever.open(index).search("care leavers", k=3, mode="lexical")


def test_invalid_utf8_in_a_command_line_question_is_a_message(built, capsys):
    _, index = built
    question = b"care leavers \xff\xfe".decode("utf-8", "surrogateescape")  # as Python gets argv
    assert cli(["ask", question, "--index", str(index)]) == 2
    assert "not valid UTF-8" in capsys.readouterr().err
    assert cli(["ask", "care leavers", "--index", str(index), "--authority", question]) == 2
    assert "--authority is not valid UTF-8" in capsys.readouterr().err


def test_a_full_disk_during_the_build_is_a_message_and_the_old_index_stays(
    built, monkeypatch, capsys
):
    from indexer.store.writer import IndexWriter

    corpus, index = built
    before = index.resolve()

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(IndexWriter, "add_passages", disk_full)
    with pytest.raises(IndexPathProblem, match="the disk is full"):
        build_index(corpus, index, progress=False)
    assert cli(["index", str(corpus), "--index", str(index), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and "previous index is unchanged" in err
    assert index.resolve() == before
    assert not list(index.parent.glob(".index.building-*"))
    assert Retriever.open(index).search("care leavers", k=3, mode="lexical")


def test_a_read_only_index_folder_is_a_message(built, monkeypatch, capsys):
    import indexer.store.writer

    corpus, index = built

    def read_only(index_dir):
        raise PermissionError(errno.EACCES, "Permission denied", str(index_dir))

    monkeypatch.setattr(indexer.store.writer, "new_build_dir", read_only)
    assert cli(["index", str(corpus), "--index", str(index), "--quiet"]) == 2
    assert "no permission to write there" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_really_read_only_folder_is_a_message(tmp_path, small_corpus, capsys):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert cli(["index", str(small_corpus), "--index", str(parent / "index"), "--quiet"]) == 2
        assert "cannot write the index" in capsys.readouterr().err
    finally:
        parent.chmod(0o755)
