"""Writing an index: the only INSERTs, the FAISS file, the BM25 matrix and the manifest, in a
fresh folder swapped in with one rename, so readers never see a half-written index."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..models import ParsedDocument, Passage
from .bm25 import BM25_FILE, BM25Builder
from .schema import (
    COLUMNS,
    DB_FILE,
    SCHEMA,
    SCHEMA_VERSION,
    VECTORS_FILE,
    Manifest,
    file_sha256,
    open_db,
)
from .vectors import add_vectors, new_faiss_index, write_index


def passage_row(
    rowid: int, passage: Passage, canonical: int, embed_hash: str, doc_id: str | None = None
) -> dict:
    """The passages-table row of one parsed passage."""
    return {
        "rowid": rowid,
        "passage_id": passage.passage_id,
        "doc_id": doc_id or passage.doc_id,
        "part_slug": passage.part.slug,
        "section": passage.section,
        "label": passage.label,
        "text": passage.text,
        "start": passage.start,
        "end": passage.end,
        "page": passage.page,
        "canonical": canonical,
        "embed_hash": embed_hash,
    }


class IndexWriter:
    """A new build of `index_dir`: rows and vectors go in, `finish()` swaps it in.

    Used as a context manager, a build that fails leaves nothing behind."""

    def __init__(self, index_dir: str | Path, n: int, dim: int, index_type: str | None = None):
        self.index_dir = Path(index_dir)
        self.dim = dim
        self.n = n
        self.bm25 = BM25Builder()  # issue 13: the lexical matrix, filled with the FTS5 rows
        self.vector_index, self.index_type = new_faiss_index(n, dim, index_type)
        self.build_dir = new_build_dir(self.index_dir)
        self.conn = open_db(self.build_dir / DB_FILE, readonly=False)
        self.conn.executescript(SCHEMA)

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()

    # -- rows -----------------------------------------------------------------------
    def insert(self, table: str, rows: Iterable[dict]) -> None:
        """Rows as {column: value}; a column the row lacks is stored as NULL."""
        columns = COLUMNS[table]
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
        self.conn.executemany(sql, [tuple(r.get(c) for c in columns) for r in rows])

    def add_document(self, doc: ParsedDocument, fingerprint: str) -> None:
        """A parsed document's own rows: documents, parts, judgements and what was left out."""
        m = doc.meta
        self.insert(
            "documents",
            [{**m.__dict__, "fingerprint": fingerprint, "n_passages": len(doc.passages)}],
        )
        self.insert("parts", [{"doc_id": m.doc_id, **p.__dict__} for p in doc.parts])
        self.insert("judgements", [j.__dict__ for j in doc.judgements])
        self.insert("left_out", [{"doc_id": m.doc_id, "reason": r} for r in doc.left_out])

    def add_passages(self, rows: list[dict], contexts: dict[int, str]) -> None:
        """Passage rows, and the lexical index's text of those with a context (canonical
        passages only: a duplicate is found through its canonical copy). The same text goes
        to FTS5 and to the in-memory BM25 matrix, so both rank alike."""
        self.insert("passages", rows)
        lexical = [
            {"rowid": r["rowid"], "text": r["text"], "context": contexts[r["rowid"]]}
            for r in rows
            if r["rowid"] in contexts
        ]
        self.insert("passages_fts", lexical)
        self.bm25.add_many((r["rowid"], r["text"], r["context"]) for r in lexical)
        if rows:
            self.n = max(self.n, max(r["rowid"] for r in rows) + 1)

    def add_vectors(self, vectors: np.ndarray) -> None:
        """Append vectors in rowid order."""
        add_vectors(self.vector_index, vectors)

    # -- finishing ------------------------------------------------------------------
    def finish(
        self, *, model: str, corpus: dict, counts: dict, build_seconds: float = 0.0
    ) -> Manifest:
        """Write the FAISS file, the BM25 matrix and the manifest (with checksums), then swap
        the build in."""
        self.conn.commit()
        self.conn.close()
        write_index(self.vector_index, self.build_dir / VECTORS_FILE)
        self.vector_index = None
        self.bm25.write(self.build_dir / BM25_FILE, self.n)
        self.bm25 = None
        manifest = Manifest(
            schema_version=SCHEMA_VERSION,
            model=model,
            dim=self.dim,
            index_type=self.index_type,
            corpus=corpus,
            counts=counts,
            checksums={
                name: file_sha256(self.build_dir / name)
                for name in (DB_FILE, VECTORS_FILE, BM25_FILE)
            },
            built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            build_seconds=round(build_seconds, 2),
        )
        manifest.write(self.build_dir)
        swap_in(self.build_dir, self.index_dir)
        return manifest

    def abort(self) -> None:
        try:
            self.conn.close()
        finally:
            shutil.rmtree(self.build_dir, ignore_errors=True)


def new_build_dir(index_dir: Path) -> Path:
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    path = index_dir.parent / f".{index_dir.name}.building-{os.getpid()}-{int(time.time())}"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    return path


def swap_in(build_dir: Path, index_dir: Path) -> None:
    """Point index_dir at the new build in one atomic step.

    index_dir is a symbolic link into a sibling folder of builds; replacing a link is one
    rename, so a reader opening the index finds the old build or the new one, never
    neither. The build just replaced stays for readers that opened it a moment ago; older
    ones are removed.
    """
    builds = index_dir.parent / f".{index_dir.name}.builds"
    builds.mkdir(exist_ok=True)
    target = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    os.rename(build_dir, target)
    previous = index_dir.resolve() if index_dir.is_symlink() else None
    if index_dir.exists() and not index_dir.is_symlink():
        previous = builds / f"{index_dir.name}.moved-{os.getpid()}-{int(time.time())}"
        os.rename(index_dir, previous)  # an index from before builds were linked: once
    link = index_dir.parent / f".{index_dir.name}.link-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(target, index_dir.parent), link)
    os.replace(link, index_dir)
    for old in builds.iterdir():
        if old not in (target, previous):
            shutil.rmtree(old, ignore_errors=True)
