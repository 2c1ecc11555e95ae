"""Thumbs up/down on answers, kept in a small SQLite table in the app's data folder (or, with
a postgresql:// store, in the shared database: pg_feedback.py, chosen by `open_feedback`).

Feedback is user data: it lives in the data folder (`var/` beside the index, or
OFSTED_QA_DATA), never among the derived files (`index`, `.index.builds/`) that a rebuild or
`make clean` removes. A feedback database left where older versions kept it is copied over.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    turn_id   TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    question  TEXT NOT NULL,
    answer    TEXT NOT NULL,
    citations TEXT NOT NULL,   -- JSON list of {number, passage_id, citation, quote}
    filters   TEXT NOT NULL,   -- JSON object
    mode      TEXT,
    score     INTEGER          -- st.feedback thumbs: 1 up, 0 down, NULL cleared
)
"""


FILE_NAME = "feedback.sqlite"


def legacy_paths(index_dir: Path) -> list[Path]:
    """Where older versions kept feedback: beside the index's resolved build (inside
    `.index.builds/`, which clean-ups delete) or beside the index link itself."""
    index_dir = Path(index_dir).absolute()
    return list(
        dict.fromkeys([index_dir.resolve().parent / FILE_NAME, index_dir.parent / FILE_NAME])
    )


def adopt_legacy(path: Path, index_dir: Path) -> Path | None:
    """Copy an older feedback database to `path` when `path` has none yet; the old file is
    left where it was. Returns the file copied from, if any."""
    if path.exists():
        return None
    for old in legacy_paths(index_dir):
        if old.is_file() and old.resolve() != path.resolve():
            path.parent.mkdir(parents=True, exist_ok=True)
            source, target = sqlite3.connect(old), sqlite3.connect(path)
            try:
                source.backup(target)  # consistent even while the old file is open
            finally:
                source.close()
                target.close()
            return old
    return None


def default_path(index_dir: str | Path) -> Path:
    """var/feedback.sqlite beside the index (its own parent, the link not followed): the
    data folder's default when OFSTED_QA_DATA and OFSTED_QA_FEEDBACK are not set."""
    return Path(index_dir).absolute().parent / "var" / FILE_NAME


def open_feedback(location: str | Path, path: str | Path | None = None):
    """The feedback store for an index location: the shared database's own table for a
    postgresql:// store, else a SQLite file (`path`, or var/ beside the index)."""
    from indexer.store import folder_of

    if folder_of(location) is None:
        from .pg_feedback import PgFeedbackStore

        return PgFeedbackStore(str(location))
    return FeedbackStore(path or default_path(location))


class FeedbackStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        db.execute(SCHEMA)
        return db

    def record(
        self,
        turn_id: str,
        question: str,
        answer: str,
        citations: list[dict],
        score: int | None,
        filters: dict | None = None,
        mode: str | None = None,
    ) -> None:
        """Insert, or update the score of, the feedback on one answer."""
        row = feedback_row(
            turn_id, question, answer, citations, score, filters, mode, as_json=_json_text
        )
        db = self._connect()
        try:
            with db:
                db.execute(
                    "INSERT INTO feedback VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(turn_id) DO UPDATE "
                    "SET score = excluded.score, created_at = excluded.created_at",
                    row,
                )
        finally:
            db.close()

    def rows(self) -> list[dict]:
        if not self.path.exists():
            return []
        db = self._connect()
        try:
            out = []
            for r in db.execute("SELECT * FROM feedback ORDER BY created_at"):
                d = dict(r)
                d["citations"] = json.loads(d["citations"])
                d["filters"] = json.loads(d["filters"])
                out.append(d)
            return out
        finally:
            db.close()


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def feedback_row(
    turn_id: str,
    question: str,
    answer: str,
    citations: list[dict],
    score: int | None,
    filters: dict | None,
    mode: str | None,
    *,
    as_json: Callable[[object], object],
) -> tuple:
    """One rating in the feedback table's column order, the same for every store;
    `as_json` is how the store keeps the citations and filters."""
    return (
        turn_id,
        datetime.now(timezone.utc).isoformat(timespec="seconds"),
        question,
        answer,
        as_json(citations),
        as_json(filters or {}),
        mode,
        score,
    )
