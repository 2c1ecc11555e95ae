"""A store's location as people see it: the password never shown, however it is given."""

from __future__ import annotations

import pytest

from indexer.store.redact import hidden, redacted, scrub, shown

PASSWORDS = [
    ("postgresql://qa:Hunter2pw@db.internal:5432/ofsted", "Hunter2pw"),
    ("postgresql://qa:p@ss@word9@db.internal/ofsted", "p@ss@word9"),  # '@' not encoded
    ("postgresql://qa:p%40ssword9@db.internal/ofsted", "p%40ssword9"),
    ("postgresql://qa:pa/ss:wd9@db.internal/ofsted", "pa/ss:wd9"),
    ("postgres://db.internal/ofsted?sslmode=require&password=Qwerty99", "Qwerty99"),
    ("postgresql://db.internal/ofsted?sslpassword=Keyphrase7", "Keyphrase7"),
    ("postgresql:///ofsted?host=/run/pg&PassWord=MixedCase5", "MixedCase5"),
]


@pytest.mark.parametrize(("url", "password"), PASSWORDS)
def test_no_part_of_the_password_is_shown(url, password):
    masked = redacted(url)
    pieces = {password} | {p for p in password.replace("%40", "@").split("@") if len(p) > 2}
    assert not any(piece in masked for piece in pieces), masked
    assert "db.internal" in masked or "/run/pg" in masked, "the operator can tell which store"
    assert "ofsted" in masked


def test_user_host_and_harmless_options_stay():
    assert redacted("postgresql://qa:x1@h:5432/db?sslmode=require&password=y") == (
        "postgresql://qa:***@h:5432/db?sslmode=require&password=***"
    )
    assert redacted("postgresql://qa@h/db") == "postgresql://qa@h/db"
    assert shown("postgresql://qa:secretpw@h/db") == "postgresql://qa:***@h/db"
    assert shown("index") == "index/"


def test_free_text_and_pgpassword(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "FromTheEnv42")
    text = (
        "cannot reach postgresql://qa:p@ss@word9@h/db/ (auth FromTheEnv42), "
        "see postgresql://h/db?password=Qwerty99."
    )
    out = scrub(text)
    for secret in ("p@ss", "word9", "FromTheEnv42", "Qwerty99"):
        assert secret not in out
    assert out.endswith("?password=***."), "punctuation after a URL is kept"


def test_a_password_split_by_a_space_is_masked_when_the_location_is_known():
    url = "postgresql://qa:two words@h/db"
    assert "words" not in scrub(f"at {url} -", url) and "two" not in scrub(f"at {url} -", url)


def test_the_app_names_no_store():
    text = "Indexed 2 documents -> postgresql://qa:pw123@h/db?password=x9y8z/ done"
    out = hidden(text)
    assert out == "Indexed 2 documents -> the shared database done"
    assert "postgres" not in hidden("(postgresql://qa@h/db).")
