"""Which source file a passage card may offer for download: only a file whose every byte was
indexed. A file the build left exempt content out of (Schedule 12A, "Document is
Restricted") is never served, nor a file that changed after the build (it may have gained
such content); the card says why instead."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MISSING = "The source file is no longer in the corpus folder."
EXEMPT = (
    "The source file is not offered for download: it holds content exempt from publication, "
    "which was left out of the index. The published paragraphs are searchable here."
)
CHANGED = (
    "The source file is not offered for download: it has changed since the index was built. "
    "Rebuild the index to offer it again."
)


@dataclass(frozen=True)
class SourceFile:
    path: Path | None  # the file to offer, or None
    note: str = ""  # why it is not offered


@lru_cache(maxsize=256)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes, hashed again only when its size or time changes."""
    stat = path.stat()
    return _sha256(str(path), stat.st_size, stat.st_mtime_ns)


def source_file(document: dict, corpus_dir: Path) -> SourceFile:
    """The file to offer for a document (a Hit's `document`), or the reason there is none.
    A document that does not say what was left out of it is treated as having exempt content."""
    rel = str(document.get("path") or "")
    source = (corpus_dir / rel).resolve()
    if not rel or corpus_dir.resolve() not in source.parents or not source.is_file():
        return SourceFile(None, MISSING)
    if document.get("left_out") != 0:  # missing or unknown counts as exempt
        return SourceFile(None, EXEMPT)
    if file_digest(source) != document.get("fingerprint"):
        return SourceFile(None, CHANGED)
    return SourceFile(source)


def indexed_bytes(path: Path, fingerprint: str) -> bytes:
    """The file's bytes at download time, or nothing if they are no longer what was indexed."""
    data = path.read_bytes()
    return data if hashlib.sha256(data).hexdigest() == fingerprint else b""
