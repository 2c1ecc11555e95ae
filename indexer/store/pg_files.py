"""Uploaded reports kept in the PostgreSQL store, so every app server indexes the same
corpus: an upload through one server is written here, and any server's build first copies
the uploads it lacks into its own corpus folder (the database is the source of truth)."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from .pg_link import connect, ended_is_one_line
from .pg_schema import ensure_base

AGAIN = "try again; the index is unchanged"


def save_upload(url: str, name: str, data: bytes) -> None:
    """Record an uploaded report (already checked and saved locally) for every server."""
    conn = connect(url)
    try:
        with ended_is_one_line(url, "saving the upload", AGAIN):
            ensure_base(conn, url)
            conn.execute(
                "INSERT INTO uploads (name, sha256, data) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING",
                (name, hashlib.sha256(data).hexdigest(), data),
            )
    finally:
        conn.close()


def forget_upload(url: str, name: str) -> None:
    """Remove an upload whose build failed, so no server indexes it later."""
    conn = connect(url)
    try:
        with ended_is_one_line(url, "removing the upload", AGAIN):
            conn.execute("DELETE FROM uploads WHERE name = %s", (name,))
    finally:
        conn.close()


def sync_uploads(url: str, corpus_dir: Path) -> list[Path]:
    """Write the uploads this corpus folder lacks into it; the paths written."""
    conn = connect(url)
    try:
        with ended_is_one_line(url, "reading the uploaded reports", AGAIN):
            return _write_missing(conn, corpus_dir)
    finally:
        conn.close()


def _write_missing(conn, corpus_dir: Path) -> list[Path]:
    if conn.execute("SELECT to_regclass('uploads') AS t").fetchone()["t"] is None:
        return []
    names = [r["name"] for r in conn.execute("SELECT name FROM uploads").fetchall()]
    missing = [n for n in names if not (corpus_dir / n).exists()]
    written = []
    for name in missing:
        row = conn.execute("SELECT data FROM uploads WHERE name = %s", (name,)).fetchone()
        dest = corpus_dir / name
        tmp = corpus_dir / f".sync-{uuid.uuid4().hex}"
        tmp.write_bytes(bytes(row["data"]))
        os.replace(tmp, dest)  # whole or not at all: the indexer ignores dot-files
        written.append(dest)
    return written
