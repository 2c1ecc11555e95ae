"""What a build may read and where it may write: never outside the corpus, never over user data.

A build reads files under the corpus folder only (links that lead out of it are skipped and
reported), and writes only where an index of its own lives: a link into the sibling
`.NAME.builds/` folder it made, or an old-style index folder holding nothing but index files.
Anything else at the index path (a folder of notes, the corpus itself) is refused untouched.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from .errors import OfstedQAError

# The only names an index folder of this product ever holds (plus SQLite's side files).
INDEX_FILE_NAMES = frozenset(
    {
        "manifest.json",
        "passages.sqlite",
        "vectors.faiss",
        "bm25.npz",
        "passages.sqlite-wal",
        "passages.sqlite-shm",
        "passages.sqlite-journal",
    }
)
# The files only a build writes: an old-style index folder holds at least one of them.
INDEX_DATA_NAMES = frozenset({"passages.sqlite", "vectors.faiss", "bm25.npz"})


class IndexPathProblem(OfstedQAError):
    """The index cannot be written where asked; the message says why and what to do."""


def check_index_path(corpus_dir: Path, index_dir: Path) -> None:
    """Refuse an index path that would overwrite, move or delete something not an index."""
    corpus = corpus_dir.resolve()
    target = Path(os.path.abspath(index_dir))
    real = target.resolve()
    for candidate in {target, real}:
        if candidate == corpus or corpus in candidate.parents:
            raise IndexPathProblem(
                f"--index {index_dir} is the corpus folder or inside it; "
                "choose a folder outside the corpus (default: index/)"
            )
        if candidate in corpus.parents:
            raise IndexPathProblem(
                f"--index {index_dir} holds the corpus folder {corpus_dir}/; "
                "choose a folder of its own (default: index/)"
            )
    if index_dir.is_symlink():
        builds = Path(os.path.abspath(index_dir.parent)).resolve() / f".{index_dir.name}.builds"
        if real.parent == builds or not index_dir.exists():
            return  # our own link (or a dangling one): replacing a link loses nothing
        raise IndexPathProblem(
            f"--index {index_dir} is a link to {real}, which this product did not build; "
            "remove the link or choose another --index folder"
        )
    if not index_dir.exists():
        return
    if not index_dir.is_dir():
        raise IndexPathProblem(
            f"--index {index_dir} is a file, not an index folder; choose another --index path"
        )
    names = {p.name: p for p in index_dir.iterdir()}
    foreign = sorted(n for n, p in names.items() if n not in INDEX_FILE_NAMES or not p.is_file())
    if names and not foreign and not INDEX_DATA_NAMES & set(names):
        foreign = sorted(names)  # a lone manifest.json is someone's file, not an index
    if foreign:
        shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        raise IndexPathProblem(
            f"--index {index_dir} is a folder this product did not create (it holds {shown}); "
            "it is left untouched - choose an empty or new folder for the index"
        )


# The corpus's own records, not reports: catalog.csv (read by the indexer), and the
# national fetch's catalogue and checksums.
CORPUS_RECORDS = ("catalog.csv", "national.csv", "national.sha256")


def walk_corpus(corpus_dir: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files under the corpus folder, and (path, reason) for what was not followed.

    Links are followed only to files inside the corpus folder; links to folders are never
    followed (they could lead out, or round in a loop).
    """
    root = corpus_dir.resolve()
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for dirpath, dirnames, filenames in os.walk(corpus_dir, followlinks=False):
        here = Path(dirpath)
        rel_dir = here.relative_to(corpus_dir)
        if any(part.startswith(".") for part in rel_dir.parts):
            dirnames[:] = []
            continue
        for name in sorted(dirnames):
            path = here / name
            if path.is_symlink() and not name.startswith("."):
                skipped.append(
                    (path.relative_to(corpus_dir).as_posix(), "a link to a folder; not followed")
                )
        for name in filenames:
            path = here / name
            if name.startswith(".") or (here == corpus_dir and name in CORPUS_RECORDS):
                continue
            rel = path.relative_to(corpus_dir).as_posix()
            if path.is_symlink():
                try:
                    real = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    skipped.append((rel, "a broken link; not followed"))
                    continue
                if root not in real.parents:
                    skipped.append(
                        (rel, "a link to a file outside the corpus folder; not followed")
                    )
                    continue
                if not real.is_file():
                    skipped.append((rel, "a link to something that is not a file; not followed"))
                    continue
            elif not path.is_file():
                skipped.append((rel, "not a regular file"))
                continue
            files.append(path)
    return sorted(files), sorted(skipped)


def remove_stale_builds(index_dir: Path) -> list[Path]:
    """Half-written builds and links left by a build that was killed (its process is gone)."""
    parent = index_dir.parent
    if not parent.is_dir():
        return []
    removed = []
    for prefix in (f".{index_dir.name}.building-", f".{index_dir.name}.link-"):
        for path in parent.glob(prefix + "*"):
            pid_text = path.name[len(prefix) :].split("-", 1)[0]
            if not pid_text.isdigit() or process_alive(int(pid_text)):
                continue
            if path.is_symlink() or path.is_file():
                path.unlink(missing_ok=True)
            else:
                shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process still runs (this one included); one we may not signal is alive."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def write_problem(exc: BaseException, index_dir: Path) -> IndexPathProblem | None:
    """A clear message for an error met while writing the index, or None if not one of ours."""
    full = "the disk is full"
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
        return IndexPathProblem(
            f"cannot write the index at {index_dir}/: {full} ({exc}); free some space and "
            "run `ofsted-qa index` again - the previous index is unchanged"
        )
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            reason = full
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = "no permission to write there (read-only folder?)"
        else:
            reason = exc.strerror or str(exc)
        return IndexPathProblem(
            f"cannot write the index at {index_dir}/: {reason}; fix that or choose another "
            "--index folder - the previous index is unchanged"
        )
    if isinstance(exc, (sqlite3.OperationalError, sqlite3.DatabaseError)):
        return IndexPathProblem(
            f"cannot write the index at {index_dir}/: {exc}; run `ofsted-qa index` again "
            "- the previous index is unchanged"
        )
    if isinstance(exc, RuntimeError) and "faiss" in str(exc).lower():
        return IndexPathProblem(
            f"cannot write the vectors of the index at {index_dir}/ ({exc}); check free space "
            "and permissions - the previous index is unchanged"
        )
    return None
