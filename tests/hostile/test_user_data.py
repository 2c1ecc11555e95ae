"""User data outlives derived files: feedback is kept in the data folder,
which neither `make clean` nor a rebuild reaches, and an older feedback database kept inside
`.index.builds/` is copied out of harm's way."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from webapp.feedback import FeedbackStore, adopt_legacy
from webapp.paths import Locations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the Makefile beside an index link into .index.builds/, as a build leaves it."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    build = tmp_path / ".index.builds" / "20260101-000000"
    build.mkdir(parents=True)
    (build / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "index").symlink_to(build.relative_to(tmp_path))
    monkeypatch.setenv("OFSTED_QA_INDEX", str(tmp_path / "index"))
    for name in ("OFSTED_QA_DATA", "OFSTED_QA_FEEDBACK"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def record(path: Path, turn_id: str) -> None:
    FeedbackStore(path).record(turn_id, "Q?", "A [1]", [], 1)


def test_feedback_survives_make_clean(project):
    places = Locations.from_env()
    assert places.data_dir == project / "var"
    assert ".index.builds" not in places.feedback.resolve().parts
    record(places.feedback, "t1")
    subprocess.run(["make", "-s", "clean"], cwd=project, check=True, capture_output=True)
    assert not (project / ".index.builds").exists()  # the derived files did go
    assert [r["turn_id"] for r in FeedbackStore(places.feedback).rows()] == ["t1"]


def test_data_folder_is_configurable(project, tmp_path, monkeypatch):
    monkeypatch.setenv("OFSTED_QA_DATA", str(tmp_path / "elsewhere"))
    assert Locations.from_env().feedback == tmp_path / "elsewhere" / "feedback.sqlite"


def test_feedback_left_inside_the_builds_folder_is_adopted(project):
    legacy = project / ".index.builds" / "feedback.sqlite"
    record(legacy, "old-turn")
    places = Locations.from_env()
    assert adopt_legacy(places.feedback, places.index_dir) == legacy
    assert [r["turn_id"] for r in FeedbackStore(places.feedback).rows()] == ["old-turn"]
    record(places.feedback, "new-turn")
    assert adopt_legacy(places.feedback, places.index_dir) is None  # never copied over again
    assert len(FeedbackStore(places.feedback).rows()) == 2
    assert legacy.exists()  # the old file is left, not deleted
