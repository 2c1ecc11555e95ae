"""The index on disk: manifest.json, passages.sqlite (with FTS5) and vectors.faiss.

Writers fill a fresh directory and swap it in with a rename, so readers never see a
half-written index. Readers validate the manifest before trusting anything else.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SCHEMA_VERSION = 2  # 2: report lists (indexer/list_store.py)
MANIFEST = "manifest.json"
DB_FILE = "passages.sqlite"
VECTORS_FILE = "vectors.faiss"
# Flat (exact) search below this many vectors, HNSW at or above it. Measured on 2 CPU cores
# (python -m eval.bench, README "Performance"): one flat search costs about 0.5 us per vector
# once the vectors outgrow the CPU cache (~45 ms at 82k), so around 20k vectors it already
# costs as much as encoding the question (~10 ms) and past that it would dominate a query;
# HNSW builds 20k vectors in seconds, answers in well under 1 ms and keeps recall@10 near 1.
HNSW_THRESHOLD = 20_000
# HNSW graph: M links per node; efConstruction trades build time for recall (efSearch
# is raised to k by FAISS when a search asks for more).
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 128
ADD_BATCH = 16_384

SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, authority TEXT, kind TEXT,
    date TEXT, source_url TEXT, fingerprint TEXT, n_passages INTEGER
);
CREATE TABLE parts (
    doc_id TEXT, slug TEXT, kind TEXT, title TEXT, inspection_start TEXT,
    inspection_end TEXT, meeting_date TEXT, published TEXT, lead_inspector TEXT,
    PRIMARY KEY (doc_id, slug)
);
CREATE TABLE passages (
    rowid INTEGER PRIMARY KEY, passage_id TEXT UNIQUE, doc_id TEXT, part_slug TEXT,
    section TEXT, label TEXT, text TEXT, start INTEGER, "end" INTEGER, page INTEGER,
    canonical INTEGER, embed_hash TEXT
);
CREATE INDEX passages_doc ON passages(doc_id);
CREATE INDEX passages_canonical ON passages(canonical);
CREATE TABLE judgements (
    doc_id TEXT, part_slug TEXT, authority TEXT, inspection_date TEXT, area TEXT,
    grade TEXT, passage_id TEXT
);
CREATE TABLE left_out (doc_id TEXT, reason TEXT);
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, context, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""


class IndexProblem(Exception):
    """The index is missing, stale or damaged; the message names the fix."""


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    model: str
    dim: int
    index_type: str
    corpus: dict[str, str]
    counts: dict[str, int]
    checksums: dict[str, str]
    built_at: str
    build_seconds: float

    @classmethod
    def read(cls, index_dir: Path) -> Manifest:
        path = index_dir / MANIFEST
        if not path.exists():
            raise IndexProblem(f"no index at {index_dir}/ - build it with `ofsted-qa index`")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (json.JSONDecodeError, TypeError) as exc:
            raise IndexProblem(
                f"index manifest at {path} is damaged - rebuild with `ofsted-qa index`"
            ) from exc

    def write(self, index_dir: Path) -> None:
        (index_dir / MANIFEST).write_text(json.dumps(self.__dict__, indent=2), encoding="utf-8")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def validate(index_dir: Path, model: str | None = None) -> Manifest:
    """The manifest, after checking schema, model and file checksums."""
    manifest = Manifest.read(index_dir)
    if manifest.schema_version != SCHEMA_VERSION:
        raise IndexProblem(
            f"index at {index_dir}/ has schema {manifest.schema_version}, this version reads "
            f"{SCHEMA_VERSION} - rebuild with `ofsted-qa index`"
        )
    if model and model != manifest.model:
        raise IndexProblem(
            f"index at {index_dir}/ was built with model {manifest.model!r}, not {model!r} - "
            "rebuild with `ofsted-qa index`"
        )
    for name, expected in manifest.checksums.items():
        path = index_dir / name
        if not path.exists() or file_sha256(path) != expected:
            raise IndexProblem(
                f"index file {path} is missing or changed since the build - "
                "rebuild with `ofsted-qa index`"
            )
    return manifest


def new_faiss_index(n: int, dim: int, index_type: str | None = None):
    """An empty index of the type its size calls for: (index, "flat" | "hnsw")."""
    import faiss

    kind = index_type or ("hnsw" if n >= HNSW_THRESHOLD else "flat")
    if kind == "hnsw":
        # Vectors stored as float16: half the memory (1,000x corpus under 2 GB), same recall.
        index = faiss.IndexHNSWSQ(
            dim, faiss.ScalarQuantizer.QT_fp16, HNSW_M, faiss.METRIC_INNER_PRODUCT
        )
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind == "flat":
        index = faiss.IndexFlatIP(dim)
    else:
        raise ValueError(f"unknown index type {kind!r}; use 'flat' or 'hnsw'")
    return index, kind


def make_faiss_index(vectors: np.ndarray, index_type: str | None = None):
    n, dim = vectors.shape if vectors.size else (0, vectors.shape[1] if vectors.ndim == 2 else 0)
    index, kind = new_faiss_index(n, dim, index_type)
    for start in range(0, n, ADD_BATCH):
        add_vectors(index, vectors[start : start + ADD_BATCH])
    return index, kind


def add_vectors(index, vectors: np.ndarray) -> None:
    """Append rows in order (row i = passage rowid i); batches keep memory flat."""
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype="float32"))


def read_vectors(index_dir: Path) -> np.ndarray:
    """All stored vectors, row i = passage rowid i (for reuse on rebuild)."""
    import faiss

    index = faiss.read_index(str(index_dir / VECTORS_FILE))
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype="float32")
    return index.reconstruct_n(0, index.ntotal)


def open_db(path: Path, readonly: bool = True) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path))
    conn.row_factory = sqlite3.Row
    return conn


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
