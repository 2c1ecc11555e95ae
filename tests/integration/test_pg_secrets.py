"""No password of the PostgreSQL store is ever shown: each command and app page that names the
store is run with a known password (in the URL's credentials, with an unencoded '@', and as a
`?password=` option) on a real PostgreSQL, and its output searched for it."""

from __future__ import annotations

import html
import logging
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indexer import build_index
from ofsted_cli import main as cli
from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[2]
SOUTHEND = "southend-2024-10-ilacs.md"
STAFFS = "staffordshire-2019-ilacs-summary.md"
# The server trusts local connections, so any password is accepted: the URLs work.
PASSWORD = "Zq7pw"
AT_PASSWORD = "Zq7@pw@Xk"  # an '@' inside, not percent-encoded
OPTION_PASSWORD = "Opt9Secret"
PIECES = ("Zq7pw", "Zq7", "pw@Xk", "Xk", OPTION_PASSWORD)


def with_password(url: str, form: str) -> str:
    """pgserver's URL (postgresql://postgres:@/db?host=...) carrying a password."""
    if form == "credentials":
        return url.replace("postgres:@", f"postgres:{PASSWORD}@")
    if form == "unencoded-at":
        return url.replace("postgres:@", f"postgres:{AT_PASSWORD}@")
    return url + f"&password={OPTION_PASSWORD}"


def assert_no_password(text: str) -> None:
    leaked = [p for p in PIECES if p in text]
    assert not leaked, f"{leaked} shown in: {text}"


def corpus_of(tmp_path: Path, *names: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


@pytest.mark.parametrize("form", ["credentials", "unencoded-at", "option"])
def test_every_command_that_names_the_store(form, tmp_path, new_database, capsys):
    url = with_password(new_database(), form)
    corpus = corpus_of(tmp_path, STAFFS)
    outputs = []

    def run(*argv: str) -> int:
        code = cli(list(argv))
        out = capsys.readouterr()
        outputs.append(out.out + out.err)
        return code

    assert run("index", str(corpus), "--store", url, "--quiet") == 0  # the build summary
    assert "-> postgresql://postgres" in outputs[-1], "the operator sees which store"
    assert run("index", str(corpus), "--store", url, "--quiet", "--if-stale") == 0
    assert "up to date" in outputs[-1]
    (corpus / STAFFS).unlink()
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    assert run("index", str(corpus), "--store", url, "--quiet") == 2  # empty-corpus refusal
    assert "was kept" in outputs[-1]
    assert run("ask", "care leavers", "--store", url) == 0
    assert run("migrate", "--store", url) == 0
    assert run("copy", "--from", url, "--to", str(tmp_path / "copy"), "--quiet") == 0
    assert run("copy", "--from", url, "--to", url, "--quiet") == 2  # the same store
    bad = url + ("&" if "?" in url else "?") + "badopt=1"
    assert run("ask", "care leavers", "--store", bad) == 2  # an option libpq refuses
    assert "not valid" in outputs[-1]
    gone = url.replace("host=", "host=/nonexistent")
    assert run("ask", "care leavers", "--store", gone) == 2  # no server there
    assert "cannot reach" in outputs[-1]
    for text in outputs:
        assert_no_password(text)


def test_pgpassword_is_never_shown(monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", "EnvSecret77")
    assert cli(["ask", "q", "--store", "postgresql://qa@127.0.0.1:9/db"]) == 2
    err = capsys.readouterr().err
    assert "EnvSecret77" not in err and err.count("\n") == 1


def app_texts(at: AppTest) -> str:
    values = [e.value for e in at.markdown] + [e.value for e in at.caption]
    values += [e.value for kind in (at.error, at.info, at.warning, at.success) for e in kind]
    return html.unescape("\n".join(str(v) for v in values))


@pytest.fixture
def app_on(monkeypatch, tmp_path):
    def start(url: str, corpus: Path) -> AppTest:
        monkeypatch.setenv("OFSTED_QA_STORE", url)
        monkeypatch.setenv("OFSTED_QA_CORPUS", str(corpus))
        monkeypatch.setenv("OFSTED_QA_FEEDBACK", str(tmp_path / "feedback.sqlite"))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.run()
        assert not at.exception, at.exception
        return at

    return start


def test_the_app_names_no_store_and_logs_it_masked(app_on, new_database, tmp_path, caplog):
    """The "no usable index" page, and the rebuild's success message, with a password in
    the URL's option and in its credentials: the user reads "the shared database"."""
    caplog.set_level(logging.WARNING, logger="ofsted_qa.app")
    url = with_password(new_database(), "option")
    corpus = corpus_of(tmp_path, STAFFS)
    at = app_on(url, corpus)
    page = app_texts(at)
    assert "no index in the database" in page and "the shared database" in page
    assert "postgresql://" not in page
    assert_no_password(page)
    assert "postgresql://postgres" in caplog.text, "the operator reads the store in the log"
    assert_no_password(caplog.text)

    url = with_password(new_database(), "credentials")
    build_index(corpus, url, progress=False)
    shutil.copy(CORPUS / SOUTHEND, corpus / SOUTHEND)  # now the index is out of date
    at = app_on(url, corpus)
    at.sidebar.button(key="rebuild").click().run()
    assert not at.exception, at.exception
    page = app_texts(at)
    assert "Indexed 2 documents" in page and "the shared database" in page
    assert "postgresql://" not in page
    assert_no_password(page + caplog.text)
