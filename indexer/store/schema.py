"""The index on disk: its files, its tables and its manifest, and the check a reader makes
before trusting any of them.

Adding a passage column: add it to SCHEMA and PASSAGE_COLUMNS here, fill it in
writer.passage_row, and read it in reader.Reader (hydration); nothing else changes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OfstedQAError

SCHEMA_VERSION = 2  # 2: report lists (tables lists, list_items)
MANIFEST = "manifest.json"
DB_FILE = "passages.sqlite"
VECTORS_FILE = "vectors.faiss"

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
CREATE TABLE lists (
    list_id TEXT PRIMARY KEY, doc_id TEXT, part_slug TEXT, kind TEXT, heading TEXT,
    section TEXT, lead_in TEXT, lead_passage_id TEXT, n_items INTEGER, start INTEGER,
    "end" INTEGER, page INTEGER, passage_ids TEXT
);
CREATE INDEX lists_doc ON lists(doc_id, kind);
CREATE TABLE list_items (
    list_id TEXT, n INTEGER, marker TEXT, label TEXT, text TEXT, start INTEGER,
    "end" INTEGER, page INTEGER, passage_id TEXT, PRIMARY KEY (list_id, n)
);
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, context, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""
# Column order of each table, for the writer's named INSERTs.
COLUMNS = {
    "documents": (
        "doc_id", "path", "title", "authority", "kind", "date", "source_url", "fingerprint",
        "n_passages",
    ),
    "parts": (
        "doc_id", "slug", "kind", "title", "inspection_start", "inspection_end",
        "meeting_date", "published", "lead_inspector",
    ),
    "passages": (
        "rowid", "passage_id", "doc_id", "part_slug", "section", "label", "text", "start",
        "end", "page", "canonical", "embed_hash",
    ),
    "judgements": (
        "doc_id", "part_slug", "authority", "inspection_date", "area", "grade", "passage_id",
    ),
    "left_out": ("doc_id", "reason"),
    # a report's own lists (indexer/parse/lists.py): improve, recommendations, summary
    "lists": (
        "list_id", "doc_id", "part_slug", "kind", "heading", "section", "lead_in",
        "lead_passage_id", "n_items", "start", "end", "page", "passage_ids",
    ),
    "list_items": (
        "list_id", "n", "marker", "label", "text", "start", "end", "page", "passage_id",
    ),
    "passages_fts": ("rowid", "text", "context"),
}  # fmt: skip


class IndexProblem(OfstedQAError):
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
    parser: str = ""  # indexer.parse.pool.parser_version() of the build ("": older builds)
    # Files released in catalog.csv after a person checked them: indexed in full although
    # they carry exemption markings (doc_id -> file, its sha256 and the release's words).
    released: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, index_dir: Path) -> Manifest:
        path = index_dir / MANIFEST
        if not path.exists():
            raise IndexProblem(f"no index at {index_dir}/ - build it with `ofsted-qa index`")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
            if not all(isinstance(v, dict) for v in (manifest.corpus, manifest.counts)):
                raise TypeError("corpus and counts must be objects")
            if not isinstance(manifest.checksums, dict):
                raise TypeError("checksums must be an object")
            return manifest
        except (json.JSONDecodeError, UnicodeDecodeError, TypeError, ValueError, OSError) as exc:
            raise IndexProblem(
                f"index manifest at {path} is damaged - rebuild with `ofsted-qa index`"
            ) from exc

    def write(self, index_dir: Path) -> None:
        (index_dir / MANIFEST).write_text(json.dumps(self.__dict__, indent=2), encoding="utf-8")


def assemble_lists(rows: list, items: list) -> list[dict]:
    """List rows (newest first) with their items in printed order, as every store returns
    them: `passage_ids` stored newline-separated (ids may hold spaces) come back as a list."""
    by_list: dict[str, list[dict]] = {r["list_id"]: [] for r in rows}
    for item in items:
        by_list[item["list_id"]].append(dict(item))
    return [
        {
            **dict(r),
            "passage_ids": r["passage_ids"].split("\n") if r["passage_ids"] else [],
            "items": by_list[r["list_id"]],
        }
        for r in rows
    ]


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
    missing = [n for n in (DB_FILE, VECTORS_FILE) if not manifest.checksums.get(n)]
    if missing:
        raise IndexProblem(
            f"index manifest at {index_dir}/ has no checksum for {', '.join(missing)}, so the "
            "index cannot be trusted - rebuild with `ofsted-qa index`"
        )
    for name, expected in manifest.checksums.items():
        path = index_dir / name
        if not path.is_file() or file_sha256(path) != expected:
            raise IndexProblem(
                f"index file {path} is missing or changed since the build - "
                "rebuild with `ofsted-qa index`"
            )
    return manifest


def open_db(path: Path, readonly: bool = True) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path))
    conn.row_factory = sqlite3.Row
    return conn
