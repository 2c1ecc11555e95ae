"""Thumbs up/down kept in the shared PostgreSQL store, so every app server sees them all.
Same contract as feedback.FeedbackStore."""

from __future__ import annotations

from .feedback import feedback_row


class PgFeedbackStore:
    def __init__(self, url: str):
        self.url = url

    def _connect(self):
        from indexer.store.pg_schema import connect, ensure_base

        conn = connect(self.url)
        ensure_base(conn, self.url)
        return conn

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
        from psycopg.types.json import Jsonb

        row = feedback_row(
            turn_id, question, answer, citations, score, filters, mode, as_json=Jsonb
        )
        conn = self._connect()
        try:
            conn.execute(
                "INSERT INTO feedback VALUES (%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (turn_id) "
                "DO UPDATE SET score = excluded.score, created_at = excluded.created_at",
                row,
            )
        finally:
            conn.close()

    def rows(self) -> list[dict]:
        conn = self._connect()
        try:
            return conn.execute("SELECT * FROM feedback ORDER BY created_at, turn_id").fetchall()
        finally:
            conn.close()
