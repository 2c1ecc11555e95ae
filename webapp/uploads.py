"""Adding a report to the corpus: a safe file name, checked bytes, no duplicates.

Pure checks over a name and bytes, then one write into the corpus folder. No Streamlit here:
the app calls `save_upload` (and `add_report`, which also rebuilds the index).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path

from indexer.errors import OfstedQAError
from indexer.parse.loaders import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    LoadError,
    load_blocks,
    size_text,
)
from indexer.safety import process_alive

UPLOAD_SUFFIXES = SUPPORTED_SUFFIXES
STRAY_PREFIX = ".upload-"  # an upload being checked: .upload-<pid>-<uuid>.<ext>
STRAY_AGE_S = 3600  # an unowned one (older name form) this old is left from a killed upload


class DuplicateUpload(OfstedQAError, ValueError):
    """The uploaded bytes are already in the corpus under another (or the same) name."""

    def __init__(self, message: str, existing: Path):
        super().__init__(message)
        self.existing = existing


def safe_name(name: str) -> str:
    """'Reports/Leeds ILACS 2025.PDF' -> 'leeds-ilacs-2025.pdf'; ValueError on traversal."""
    raw = (name or "").strip()
    pieces = [p for p in re.split(r"[\\/]+", raw) if p]
    if any(p.strip() == ".." for p in pieces):
        raise ValueError(
            f"file name {name!r} points outside the corpus folder; upload a plain file"
        )
    base = pieces[-1] if pieces else ""
    base = base.lower()
    base = re.sub(r"[^a-z0-9._-]+", "-", base)
    base = re.sub(r"-{2,}", "-", base)
    base = re.sub(r"\.{2,}", ".", base)
    base = base.lstrip(".-_")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        raise ValueError(
            f"file name {name!r} has no extension; use one of {', '.join(UPLOAD_SUFFIXES)}"
        )
    stem = stem.strip(".-_")
    if not stem:
        raise ValueError(f"file name {name!r} has no usable characters; rename the file")
    return f"{stem[:120]}.{suffix}"


def check_bytes(name: str, data: bytes, max_bytes: int = MAX_FILE_BYTES) -> None:
    """ValueError naming the problem when the bytes cannot be a report of this type."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ValueError(
            f"unsupported file type {suffix or '(none)'}; upload one of "
            f"{', '.join(UPLOAD_SUFFIXES)}"
        )
    if not data:
        raise ValueError("the file is empty (0 bytes)")
    if len(data) > max_bytes:
        raise ValueError(f"the file is {size_text(len(data))}; the limit is {size_text(max_bytes)}")
    if suffix == ".pdf" and not data.startswith(b"%PDF"):
        raise ValueError("this is not a PDF (it does not start with %PDF); the file may be corrupt")
    if suffix == ".docx" and not data.startswith(b"PK"):
        raise ValueError(
            "this is not a Word .docx file (not a zip archive); the file may be corrupt"
        )
    if suffix in (".txt", ".md", ".markdown", ".html", ".htm"):
        if b"\x00" in data[:4096]:
            raise ValueError("binary content in a text file; upload the report as text or PDF")
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"the file is not valid UTF-8 text (byte {exc.start}); re-save it as UTF-8"
            ) from exc


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_duplicate(data: bytes, corpus_dir: Path) -> Path | None:
    """A corpus file with exactly these bytes, if there is one."""
    digest, size = sha256(data), len(data)
    if not corpus_dir.is_dir():
        return None
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        try:
            if path.stat().st_size == size and sha256(path.read_bytes()) == digest:
                return path
        except OSError:
            continue
    return None


def check_upload(
    name: str, data: bytes, corpus_dir: str | Path, max_bytes: int = MAX_FILE_BYTES
) -> Path:
    """The quick checks (name, bytes, duplicates), without parsing: where the upload would
    go. The app runs them before starting a build worker, so most refusals are instant.

    Raises ValueError (DuplicateUpload for same bytes) with a message a user can act on.
    """
    corpus_dir = Path(corpus_dir)
    filename = safe_name(name)
    check_bytes(filename, data, max_bytes)
    if not corpus_dir.is_dir():
        raise ValueError(f"corpus folder {corpus_dir}/ does not exist")
    duplicate = find_duplicate(data, corpus_dir)
    if duplicate is not None:
        rel = duplicate.relative_to(corpus_dir).as_posix()
        raise DuplicateUpload(f"this file is already in the corpus as {rel}", duplicate)
    dest = corpus_dir / filename
    if dest.resolve().parent != corpus_dir.resolve():
        raise ValueError(f"file name {name!r} points outside the corpus folder")
    if dest.exists():
        raise ValueError(
            f"a different file named {filename} is already in the corpus; rename the upload"
        )
    return dest


def save_upload(
    name: str, data: bytes, corpus_dir: str | Path, max_bytes: int = MAX_FILE_BYTES
) -> Path:
    """Check an uploaded report and write it into the corpus folder; returns its path.

    Raises ValueError (DuplicateUpload for same bytes) with a message a user can act on.
    """
    corpus_dir = Path(corpus_dir)
    dest = check_upload(name, data, corpus_dir, max_bytes)
    filename = dest.name
    # Write under a hidden name (the indexer ignores dot-files), check it parses, then link
    # it into place: a half-written or unreadable file never becomes part of the corpus.
    tmp = corpus_dir / f"{STRAY_PREFIX}{os.getpid()}-{uuid.uuid4().hex}{dest.suffix}"
    try:
        tmp.write_bytes(data)
        try:
            blocks = load_blocks(tmp, max_bytes=max_bytes)
        except LoadError as exc:
            raise ValueError(f"cannot read {filename}: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - any parser failure is a bad upload
            raise ValueError(
                f"cannot read {filename} ({exc.__class__.__name__}); the file may be corrupt"
            ) from exc
        if not blocks:
            raise ValueError(f"{filename} has no text to index")
        try:
            os.link(tmp, dest)
        except FileExistsError as exc:
            raise ValueError(
                f"a file named {filename} was added meanwhile; rename the upload"
            ) from exc
        except OSError:
            if dest.exists():
                raise ValueError(f"a file named {filename} is already in the corpus") from None
            os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def clean_stray_uploads(corpus_dir: str | Path, now: float | None = None) -> list[Path]:
    """Removes upload files a killed server left behind (its process is gone), so they do
    not stay in the corpus folder forever. Run once when the app server starts."""
    import time

    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return []
    now = time.time() if now is None else now
    removed = []
    for path in corpus_dir.glob(f"{STRAY_PREFIX}*"):
        if not path.is_file() or path.is_symlink():
            continue
        owner = path.name[len(STRAY_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and "-" in path.name[len(STRAY_PREFIX) :]:
            if process_alive(int(owner)):
                continue
        else:
            try:
                if now - path.stat().st_mtime < STRAY_AGE_S:
                    continue
            except OSError:
                continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def add_report(name: str, data: bytes, corpus_dir: str | Path, index_dir: str | Path, **build):
    """save_upload, then rebuild the index incrementally. Returns (path, BuildReport).

    If the build fails the new file is removed again, so the corpus and index stay in step.
    """
    from indexer import build_index
    from indexer.store import folder_of

    path = save_upload(name, data, corpus_dir)
    shared = folder_of(index_dir) is None
    try:
        if shared:  # every app server's builds include it from now on
            from indexer.store.pg_files import save_upload as share

            share(str(index_dir), path.name, data)
        report = build_index(corpus_dir, index_dir, progress=False, **build)
    except BaseException:
        path.unlink(missing_ok=True)
        if shared:
            from indexer.store.pg_files import forget_upload

            forget_upload(str(index_dir), path.name)
        raise
    return path, report
