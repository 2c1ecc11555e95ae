"""`copy` and the build's swap delete only what they created: a folder holding nothing but a
user's manifest.json is not an index, and a user's folders inside `.NAME.builds/` outlive
any number of swaps. With real copies of the session's index (no parsing or embedding)."""

from __future__ import annotations

from ofsted_cli import main as cli


def copy_to(index_dir, target) -> int:
    return cli(["copy", "--from", str(index_dir), "--to", str(target), "--quiet"])


def test_a_folder_holding_only_a_users_manifest_is_left_alone(index_dir, tmp_path, capsys):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "manifest.json").write_text('{"my": "own file"}', encoding="utf-8")
    for _ in range(2):  # the second copy used to delete the file the first moved aside
        assert copy_to(index_dir, target) == 2
        assert "did not create" in capsys.readouterr().err
    assert not target.is_symlink()
    assert (target / "manifest.json").read_text(encoding="utf-8") == '{"my": "own file"}'
    assert not (tmp_path / ".mine.builds").exists()


def test_user_folders_inside_the_builds_folder_survive_every_swap(index_dir, tmp_path):
    target = tmp_path / "index"
    assert copy_to(index_dir, target) == 0
    builds = tmp_path / ".index.builds"
    notes = builds / "notes"
    notes.mkdir()
    (notes / "minutes.txt").write_text("keep me", encoding="utf-8")
    # A folder named as a build, holding a file no build writes, is not a build either.
    lookalike = builds / "20260101T000000-0123abcd"
    lookalike.mkdir()
    (lookalike / "feedback.sqlite").write_bytes(b"user data")
    for _ in range(3):
        assert copy_to(index_dir, target) == 0
    assert (notes / "minutes.txt").read_text(encoding="utf-8") == "keep me"
    assert (lookalike / "feedback.sqlite").read_bytes() == b"user data"
    ours = [p for p in builds.iterdir() if p not in (notes, lookalike)]
    assert len(ours) == 2, "the swap still removes its own older builds"
    assert target.resolve() in ours
