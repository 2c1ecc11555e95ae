"""Nothing lost: the index path, empty corpora, symlinks, stale builds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from indexer import CorpusProblem, build_index
from indexer.safety import IndexPathProblem
from ofsted_cli import main as cli
from retriever import Retriever

from .conftest import index_bytes


def test_an_existing_folder_of_user_files_is_refused_and_kept(tmp_path, small_corpus, capsys):
    """The issue's repro: two builds into a folder of notes used to delete the notes."""
    notes = tmp_path / "scratch" / "d"
    notes.mkdir(parents=True)
    (notes / "notes.txt").write_text("keep", encoding="utf-8")
    for _ in range(2):
        assert cli(["index", str(small_corpus), "--index", str(notes), "--quiet"]) == 2
        assert "did not create" in capsys.readouterr().err
    assert (notes / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert not notes.is_symlink()
    assert not (notes.parent / ".d.builds").exists()
    assert not (notes.parent / ".d.parsed").exists()  # nor a parse cache


@pytest.mark.parametrize("where", ["corpus", "corpus/sub", "parent"])
def test_the_corpus_itself_inside_it_or_above_it_is_refused(tmp_path, small_corpus, where):
    index = {
        "corpus": small_corpus,
        "corpus/sub": small_corpus / "sub",
        "parent": small_corpus.parent,
    }[where]
    before = sorted(p.name for p in small_corpus.iterdir())
    with pytest.raises(IndexPathProblem, match="corpus"):
        build_index(small_corpus, index, progress=False)
    assert sorted(p.name for p in small_corpus.iterdir()) == before
    assert not small_corpus.is_symlink()
    assert not (index.parent / f".{index.name}.parsed").exists()  # no parse cache
    assert not list(tmp_path.rglob("*.parsed"))


def test_a_file_or_a_foreign_link_at_the_index_path_is_refused(tmp_path, small_corpus):
    a_file = tmp_path / "index.txt"
    a_file.write_text("mine", encoding="utf-8")
    with pytest.raises(IndexPathProblem, match="a file"):
        build_index(small_corpus, a_file, progress=False)
    elsewhere = tmp_path / "photos"
    elsewhere.mkdir()
    (elsewhere / "cat.jpg").write_bytes(b"meow")
    link = tmp_path / "index"
    link.symlink_to(elsewhere)
    with pytest.raises(IndexPathProblem, match="did not build"):
        build_index(small_corpus, link, progress=False)
    assert (elsewhere / "cat.jpg").read_bytes() == b"meow"


def test_an_empty_folder_and_an_old_style_index_folder_are_still_accepted(tmp_path, small_corpus):
    index = tmp_path / "index"
    index.mkdir()
    report = build_index(small_corpus, index, progress=False)
    assert report.documents == 1 and index.is_symlink()
    old_style = tmp_path / "old"
    old_style.mkdir()
    for name in ("manifest.json", "passages.sqlite", "vectors.faiss"):
        (old_style / name).write_bytes((index / name).read_bytes())
    assert build_index(small_corpus, old_style, progress=False).documents == 1


def test_a_corpus_of_only_unsupported_files_does_not_replace_a_working_index(
    tmp_path, small_corpus, capsys
):
    index = tmp_path / "index"
    build_index(small_corpus, index, progress=False)
    built = index.resolve()
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "budget.xlsx").write_bytes(b"PK\x03\x04 not really")
    (junk / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(CorpusProblem, match="--allow-empty"):
        build_index(junk, index, progress=False)
    assert index.resolve() == built
    assert Retriever.open(index).status()["documents"] == 1
    assert cli(["index", str(junk), "--index", str(index), "--quiet"]) == 2
    assert "--allow-empty" in capsys.readouterr().err
    assert cli(["index", str(junk), "--index", str(index), "--quiet", "--allow-empty"]) == 0
    assert Retriever.open(index).status()["documents"] == 0


def test_links_out_of_the_corpus_are_not_followed_and_are_reported(tmp_path, small_corpus, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "passwd.txt"
    secret.write_text("root:x:0:0:Secretroot Passwordline:/root:/bin/bash\n", encoding="utf-8")
    (outside / "more.md").write_text("# Hidden\n\nSecretfolder text here.\n", encoding="utf-8")
    (small_corpus / "passwd.txt").symlink_to(secret)
    (small_corpus / "etc").symlink_to(outside, target_is_directory=True)
    (small_corpus / "broken.md").symlink_to(tmp_path / "nowhere.md")
    inside = small_corpus / "copy.md"
    inside.symlink_to(small_corpus / "staffordshire-2019-ilacs-summary.md")
    index = tmp_path / "index"
    assert cli(["index", str(small_corpus), "--index", str(index), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Skipped passwd.txt: a link to a file outside the corpus folder" in out
    assert "Skipped etc: a link to a folder; not followed" in out
    assert "Skipped broken.md: a broken link" in out
    data = index_bytes(index)
    assert b"Secretroot" not in data and b"Secretfolder" not in data
    hits = Retriever.open(index).search("Secretroot Passwordline root bash", k=10, mode="lexical")
    assert all("Secretroot" not in h.passage["text"] for h in hits)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_build_killed_midway_leaves_nothing_behind_after_the_next_build(tmp_path, small_corpus):
    index = tmp_path / "index"
    dead = _dead_pid()
    stale = tmp_path / f".index.building-{dead}-1700000000"
    stale.mkdir()
    (stale / "passages.sqlite").write_bytes(b"half written")
    stale_link = tmp_path / f".index.link-{dead}"
    stale_link.symlink_to("nowhere")
    live = tmp_path / f".index.building-{os.getppid()}-1700000000"
    live.mkdir()  # a build still running in another process is left alone
    build_index(small_corpus, index, progress=False)
    assert not stale.exists() and not stale_link.is_symlink()
    assert live.exists()


def test_the_parse_cache_lives_beside_the_index_and_spares_a_folder_it_did_not_make(
    tmp_path, small_corpus
):
    """The parse cache: `.NAME.parsed/` beside the index, never in the corpus; a
    folder of that name the product did not make is neither used nor touched."""
    index = tmp_path / "out" / "index"
    build_index(small_corpus, index, progress=False)
    cache = tmp_path / "out" / ".index.parsed"
    assert (cache / "CACHEDIR.TAG").is_file() and list(cache.glob("*.pickle"))
    assert not [p for p in small_corpus.rglob("*") if p.name.startswith(".")]
    theirs = tmp_path / "mine" / ".index.parsed"
    theirs.mkdir(parents=True)
    (theirs / "notes.pickle").write_bytes(b"keep")
    build_index(small_corpus, tmp_path / "mine" / "index", progress=False)
    assert sorted(p.name for p in theirs.iterdir()) == ["notes.pickle"]
    assert (theirs / "notes.pickle").read_bytes() == b"keep"


def test_file_names_are_printed_with_control_characters_escaped(tmp_path, small_corpus, capsys):
    (small_corpus / "clear\x1b[2J\nscreen.xyz").write_bytes(b"not a report")
    (small_corpus / "bell\x07-2024-01-notes.md").write_text("# Notes\n\nA short note.\n")
    index = tmp_path / "index"
    assert cli(["index", str(small_corpus), "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Skipped clear\\x1b[2J\\x0ascreen.xyz: unsupported file type .xyz" in out
    assert "bell\\x07-2024-01-notes" in out
