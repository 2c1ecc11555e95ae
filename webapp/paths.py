"""Where the app finds its index, corpus and feedback: environment variables, resolved once."""

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
    index_dir: Path
    corpus_dir: Path
    feedback: Path

    @classmethod
    def from_env(cls) -> Locations:
        """OFSTED_QA_INDEX (index/), OFSTED_QA_CORPUS (corpus/), OFSTED_QA_FEEDBACK."""
        from .feedback import default_path

        index_dir = resolve_path("OFSTED_QA_INDEX", "index")
        feedback = (
            resolve_path("OFSTED_QA_FEEDBACK", "feedback.sqlite")
            if os.environ.get("OFSTED_QA_FEEDBACK")
            else default_path(index_dir)
        )
        return cls(index_dir, resolve_path("OFSTED_QA_CORPUS", "corpus"), feedback)
