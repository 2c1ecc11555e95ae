"""Which store an index lives in, chosen by configuration: a folder (SQLite + FAISS, the
default) or a `postgresql://` URL (PostgreSQL + pgvector, for many app servers)."""

from __future__ import annotations

import os
from pathlib import Path

from .schema import IndexProblem, Manifest

STORE_ENV = "OFSTED_QA_STORE"

Location = str | Path


def is_postgres(location) -> bool:
    """The one test of which backend a location names; callers ask folder_of instead."""
    return str(location).startswith(("postgresql://", "postgres://"))


def as_location(location: Location) -> Location:
    """A URL stays a string; anything else is a folder path."""
    return str(location) if is_postgres(location) else Path(location)


def folder_of(location: Location) -> Path | None:
    """The index folder of a folder store; None for a database (no folder to guard,
    cache beside or write files into)."""
    return None if is_postgres(location) else Path(location)


def same_store(a: Location, b: Location) -> bool:
    """Whether two locations name the same index (folders compared once resolved)."""
    fa, fb = folder_of(a), folder_of(b)
    if fa is None or fb is None:
        return str(a) == str(b)
    return fa.resolve() == fb.resolve()


def store_location(explicit: Location | None = None, default: Location = "index") -> Location:
    """--store (or --index) if given, else OFSTED_QA_STORE, else the default folder."""
    return as_location(explicit or os.environ.get(STORE_ENV) or default)


def open_reader(location: Location, model: str | None = None):
    """A validated reader: Reader (folder) or PgReader (URL)."""
    if is_postgres(location):
        from .postgres import PgReader

        return PgReader.open(str(location), model=model)
    from .reader import Reader

    return Reader.open(location, model=model)


def open_writer(location: Location, n: int, dim: int, index_type: str | None = None):
    """A writer of a new build: IndexWriter (folder) or PgWriter (URL)."""
    if is_postgres(location):
        from .postgres import PgWriter

        return PgWriter(str(location), n, dim, index_type)
    from .writer import IndexWriter

    return IndexWriter(location, n, dim, index_type)


def read_manifest(location: Location) -> Manifest:
    if is_postgres(location):
        from .postgres import read_manifest as pg_manifest

        return pg_manifest(str(location))
    return Manifest.read(Path(location))


def checked_manifest(location: Location) -> Manifest:
    """The manifest after the store's own checks (a folder's checksums); IndexProblem if not."""
    if is_postgres(location):
        return read_manifest(location)
    from .schema import validate

    return validate(Path(location))


def stamp(location: Location) -> int:
    """Changes whenever a new build is swapped in (folder: manifest time; URL: generation)."""
    try:
        if is_postgres(location):
            from .postgres import current_stamp

            return current_stamp(str(location))
        return (Path(location) / "manifest.json").stat().st_mtime_ns
    except (OSError, IndexProblem):
        return 0
