"""Where the app finds its index, corpus and feedback: environment variables, resolved once.

The index is a folder (SQLite + FAISS) or, when OFSTED_QA_STORE is a postgresql:// URL, a
shared PostgreSQL + pgvector store (indexer.store.store_location). Feedback is user data: with
a folder it lives in the data folder (`var/`), with PostgreSQL in the shared database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the folder holding app.py


def resolve_path(env_var: str, default: str) -> Path:
    """The variable's path (or the default), relative paths taken from the app's folder."""
    path = Path(os.environ.get(env_var) or default).expanduser()
    return path if path.is_absolute() else ROOT / path


@dataclass(frozen=True)
class Locations:
    index_dir: Path | str  # derived: a folder rebuilt from the corpus, or a postgresql:// URL
    corpus_dir: Path
    data_dir: Path  # user data (feedback): never touched by a rebuild or a clean-up
    feedback: Path  # the SQLite feedback file (a folder index only)

    @classmethod
    def from_env(cls) -> Locations:
        """OFSTED_QA_STORE (a postgresql:// URL) if set, else OFSTED_QA_INDEX (index/);
        OFSTED_QA_CORPUS (corpus/), OFSTED_QA_DATA (var/ beside the index folder),
        OFSTED_QA_FEEDBACK (feedback.sqlite in the data folder; not used with PostgreSQL)."""
        from indexer.store import store_location

        folder = resolve_path("OFSTED_QA_INDEX", "index")
        # The index's own parent, the link not followed: its target is a build folder.
        data_dir = resolve_path("OFSTED_QA_DATA", str(folder.parent / "var"))
        feedback = resolve_path("OFSTED_QA_FEEDBACK", str(data_dir / "feedback.sqlite"))
        index_dir = store_location(None, folder)
        return cls(index_dir, resolve_path("OFSTED_QA_CORPUS", "corpus"), data_dir, feedback)

    @property
    def shared(self) -> bool:
        """The index is a shared PostgreSQL store (feedback and uploads live in it)."""
        from indexer.store import folder_of

        return folder_of(self.index_dir) is None

    def feedback_store(self):
        """Where thumbs up/down go: the SQLite file in the data folder, or (PostgreSQL) the
        shared database's feedback table, which every app server sees."""
        from .feedback import open_feedback

        return open_feedback(self.index_dir, self.feedback)


def uploads_enabled() -> bool:
    """OFSTED_QA_UPLOADS switches on "Add a report": off by default, so that on a shared
    deployment only whoever runs it adds reports."""
    return os.environ.get("OFSTED_QA_UPLOADS", "").strip().lower() in ("1", "true", "yes", "on")
