"""Writing an index: the only INSERTs, the FAISS file, the BM25 matrix and the manifest, in a
fresh folder swapped in with one rename, so readers never see a half-written index."""

from __future__ import annotations

import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..models import ParsedDocument, Passage
from ..safety import INDEX_FILE_NAMES
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

# The name a swap gives a build's folder in `.NAME.builds/` (build_name).
BUILD_NAME = re.compile(r"\d{8}T\d{6}-[0-9a-f]{8}")


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


# -- a report's lists (indexer/parse/lists.py) as rows of `lists` and `list_items` ----------
def passage_for(passages: list[Passage], part_slug: str, start: int, end: int) -> str:
    """The passage of the part that holds [start, end), or the one overlapping it most."""
    best, best_overlap = "", 0
    for p in passages:
        if p.part.slug != part_slug:
            continue
        if p.start <= start and end <= p.end:
            return p.passage_id
        overlap = min(end, p.end) - max(start, p.start)
        if overlap > best_overlap:
            best, best_overlap = p.passage_id, overlap
    return best


def list_records(doc_id: str, lists: list, passages: list[Passage]):
    """({list column: value}, [{item column: value}]) for each list of one document.

    A list is one unit: its lead-in and its items in printed order. Every item is citable
    on its own: `label` ("What needs to improve, item 3") names it and `passage_id` is the
    stored passage whose text contains it, so a quote of the item checks against that
    passage like any other. `passage_ids` (one per line, in order) are the passages that
    together print the whole list. No passage is added or renumbered."""
    used: dict[str, int] = {}
    for x in lists:
        base = f"{doc_id}#{x.part_slug}/list:{x.kind}"
        used[base] = used.get(base, 0) + 1
        list_id = base if used[base] == 1 else f"{base}-{used[base]}"
        items = [
            {
                "list_id": list_id,
                "n": item.n,
                "marker": item.marker,
                "label": x.item_label(item),
                "text": item.text,
                "start": item.start,
                "end": item.end,
                "page": item.page,
                "passage_id": passage_for(passages, x.part_slug, item.start, item.end),
            }
            for item in x.items
        ]
        lead_pid = passage_for(passages, x.part_slug, x.lead_start, x.lead_end) if x.lead_in else ""
        if x.lead_in and not lead_pid and items:
            lead_pid = items[0]["passage_id"]  # a lead-in laid out as a heading
        order = [lead_pid] if lead_pid else []
        for item in items:
            if item["passage_id"] and item["passage_id"] not in order:
                order.append(item["passage_id"])
        row = {
            "list_id": list_id,
            "doc_id": doc_id,
            "part_slug": x.part_slug,
            "kind": x.kind,
            "heading": x.heading,
            "section": x.section,
            "lead_in": x.lead_in,
            "lead_passage_id": lead_pid,
            "n_items": len(items),
            "start": x.start,
            "end": x.end,
            "page": x.page,
            "passage_ids": "\n".join(order),
        }
        yield row, items


def document_rows(doc: ParsedDocument, fingerprint: str) -> list[tuple[str, list[dict]]]:
    """A parsed document's own rows, by table: documents, parts, judgements, what was left
    out and the report's lists (the same for every store)."""
    m = doc.meta
    out = [
        (
            "documents",
            [{**m.__dict__, "fingerprint": fingerprint, "n_passages": len(doc.passages)}],
        ),
        ("parts", [{"doc_id": m.doc_id, **p.__dict__} for p in doc.parts]),
        ("judgements", [j.__dict__ for j in doc.judgements]),
        ("left_out", [{"doc_id": m.doc_id, "reason": r} for r in doc.left_out]),
    ]
    records = list(list_records(m.doc_id, doc.lists, doc.passages))
    out.append(("lists", [row for row, _ in records]))
    out.append(("list_items", [item for _, items in records for item in items]))
    return out


class IndexWriter:
    """A new build of `index_dir`: rows and vectors go in, `finish()` swaps it in.

    Used as a context manager, a build that fails leaves nothing behind."""

    def __init__(self, index_dir: str | Path, n: int, dim: int, index_type: str | None = None):
        self.index_dir = Path(index_dir)
        self.dim = dim
        self.n = n
        self.bm25 = BM25Builder()  # the in-memory BM25 matrix, filled with the FTS5 rows
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
        for table, rows in document_rows(doc, fingerprint):
            self.insert(table, rows)

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
        self,
        *,
        model: str,
        corpus: dict,
        counts: dict,
        build_seconds: float = 0.0,
        parser: str = "",
        released: dict | None = None,
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
            parser=parser,
            released=released or {},
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
    target = builds / build_name()
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
        if old not in (target, previous) and is_own_build(old, index_dir.name):
            shutil.rmtree(old, ignore_errors=True)


def build_name() -> str:
    """A build's folder name in `.NAME.builds/`: its time and a random suffix."""
    return f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"


def is_own_build(path: Path, index_name: str) -> bool:
    """A folder in `.NAME.builds/` that a swap put there (a build, or an index from before
    builds were linked); anything else in it is someone's and is never deleted."""
    moved = re.fullmatch(rf"{re.escape(index_name)}\.moved-\d+-\d+", path.name)
    if not (BUILD_NAME.fullmatch(path.name) or moved) or path.is_symlink() or not path.is_dir():
        return False
    return all(p.name in INDEX_FILE_NAMES for p in path.iterdir())
