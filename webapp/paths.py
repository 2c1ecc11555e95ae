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
    index_dir: Path  # derived: rebuilt from the corpus, removed by `make clean`
    corpus_dir: Path
    data_dir: Path  # user data (feedback): never touched by a rebuild or a clean-up
    feedback: Path

    @classmethod
    def from_env(cls) -> Locations:
        """OFSTED_QA_INDEX (index/), OFSTED_QA_CORPUS (corpus/), OFSTED_QA_DATA (var/ beside
        the index), OFSTED_QA_FEEDBACK (feedback.sqlite in the data folder)."""
        index_dir = resolve_path("OFSTED_QA_INDEX", "index")
        # The index's own parent, the link not followed: its target is a build folder.
        data_dir = resolve_path("OFSTED_QA_DATA", str(index_dir.parent / "var"))
        feedback = resolve_path("OFSTED_QA_FEEDBACK", str(data_dir / "feedback.sqlite"))
        return cls(index_dir, resolve_path("OFSTED_QA_CORPUS", "corpus"), data_dir, feedback)
