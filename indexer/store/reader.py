"""Reading an index: the only SELECTs, the FAISS file and the BM25 matrix. One Reader per
opened index, safe to share across threads (one lock around SQLite and FAISS)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from .bm25 import BM25Index
from .schema import COLUMNS, DB_FILE, VECTORS_FILE, Manifest, assemble_lists, open_db, validate
from .vectors import read_index


def _marks(values) -> str:
    return ",".join("?" * len(values))


class Reader:
    def __init__(self, index_dir: str | Path, manifest: Manifest | None = None):
        self.index_dir = Path(index_dir)
        self.manifest = manifest
        self._db = open_db(self.index_dir / DB_FILE)
        self._lock = threading.Lock()
        self._faiss = None
        # The in-memory BM25 matrix (bm25.npz), loaded by load_bm25() (the
        # retriever's); None for an index built before it, which FTS5 then ranks. Read-only
        # once loaded, so shared without a lock.
        self.bm25_index: BM25Index | None = None

    @classmethod
    def open(cls, index_dir: str | Path, model: str | None = None) -> Reader:
        """A reader of a validated index (schema, model and checksums checked)."""
        manifest = validate(Path(index_dir), model=model)
        reader = cls(index_dir, manifest)
        reader.load_vectors()
        return reader

    def close(self) -> None:
        self._db.close()
        self._faiss = None
        self.bm25_index = None

    def _query(self, sql: str, params: tuple = ()) -> list:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- whole tables ----------------------------------------------------------------
    def documents(self) -> dict[str, dict]:
        """Every document's row, with `left_out`: how many stretches of it (exempt content)
        the build left out, so a caller can tell a file that holds more than was indexed."""
        sql = (
            "SELECT d.*, (SELECT count(*) FROM left_out l WHERE l.doc_id = d.doc_id) AS left_out"
            " FROM documents d"
        )
        return {r["doc_id"]: dict(r) for r in self._query(sql)}

    def parts(self) -> dict[tuple[str, str], dict]:
        return {(r["doc_id"], r["slug"]): dict(r) for r in self._query("SELECT * FROM parts")}

    def judgements(self) -> list[dict]:
        return [
            dict(r)
            for r in self._query("SELECT * FROM judgements ORDER BY authority, inspection_date")
        ]

    def lists(
        self,
        *,
        authority: str | None = None,
        doc_id: str | None = None,
        kinds: tuple[str, ...] | list[str] = (),
    ) -> list[dict]:
        """A council's (or a document's) report lists, newest report first, each with its
        items in printed order. A list's date is its part's inspection end, meeting or
        publication date, else the document's."""
        where, params = [], []
        if authority:
            where.append("d.authority = ?")
            params.append(authority)
        if doc_id:
            where.append("l.doc_id = ?")
            params.append(doc_id)
        if kinds:
            where.append(f"l.kind IN ({_marks(kinds)})")
            params.extend(kinds)
        rows = self._query(
            "SELECT l.*, d.authority, p.kind AS part_kind, p.title AS part_title, "
            "COALESCE(p.inspection_end, p.meeting_date, p.published, d.date) AS date "
            "FROM lists l JOIN documents d ON d.doc_id = l.doc_id "
            "LEFT JOIN parts p ON p.doc_id = l.doc_id AND p.slug = l.part_slug"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + " ORDER BY date IS NULL, date DESC, l.doc_id, l.start",
            tuple(params),
        )
        if not rows:
            return []
        ids = [r["list_id"] for r in rows]
        items = self._query(
            f"SELECT * FROM list_items WHERE list_id IN ({_marks(ids)}) ORDER BY list_id, n",
            tuple(ids),
        )
        return assemble_lists(rows, items)

    def passage_rows(self) -> list[dict]:
        """Every passage row, in rowid order."""
        return [dict(r) for r in self._query("SELECT rowid, * FROM passages ORDER BY rowid")]

    def passage_count(self) -> int:
        counted = (self.manifest.counts.get("passages", 0)) if self.manifest else 0
        return counted or self._query("SELECT count(*) FROM passages")[0][0]

    # -- the stored rows as they are, for copying the index to another store (copy.py) --
    def table_rows(self, table: str) -> list[dict]:
        """Every row of one of the index's tables other than passages, as stored."""
        names = ", ".join(f'"{c}"' for c in COLUMNS[table])
        return [dict(r) for r in self._query(f"SELECT {names} FROM {table} ORDER BY rowid")]

    def passage_batches(self, size: int = 2000) -> Iterator[list[dict]]:
        """Every passage row in rowid order, `size` at a time, each with the `context` its
        full text is searched with (None for a duplicate, which has no full-text row)."""
        names = ", ".join(f'p."{c}"' for c in COLUMNS["passages"])
        last = -1
        while True:
            rows = self._query(
                f"SELECT {names}, f.context AS context FROM passages p "
                "LEFT JOIN passages_fts f ON f.rowid = p.rowid "
                "WHERE p.rowid > ? ORDER BY p.rowid LIMIT ?",
                (last, size),
            )
            if not rows:
                return
            yield [dict(r) for r in rows]
            last = rows[-1]["rowid"]

    # -- passages by id --------------------------------------------------------------
    def passage(self, passage_id: str):
        rows = self._query("SELECT rowid, * FROM passages WHERE passage_id = ?", (passage_id,))
        return rows[0] if rows else None

    def rows(self, rowids: list[int]) -> dict[int, object]:
        if not rowids:
            return {}
        rows = self._query(
            f"SELECT rowid, * FROM passages WHERE rowid IN ({_marks(rowids)})", tuple(rowids)
        )
        return {r["rowid"]: r for r in rows}

    def copies(self, rowids: list[int]) -> dict[int, list]:
        """The duplicates of each canonical passage (the same text printed elsewhere)."""
        out: dict[int, list] = {}
        if not rowids:
            return out
        for r in self._query(
            f"SELECT rowid, * FROM passages WHERE canonical IN ({_marks(rowids)}) "
            "AND canonical != rowid",
            tuple(rowids),
        ):
            out.setdefault(r["canonical"], []).append(r)
        return out

    def canonical_of(self, rowids: list[int]) -> dict[int, int]:
        if not rowids:
            return {}
        rows = self._query(
            f"SELECT rowid, canonical FROM passages WHERE rowid IN ({_marks(rowids)})",
            tuple(rowids),
        )
        return {r[0]: r[1] for r in rows}

    def canonical_by_passage_id(self, passage_ids: list[str]) -> dict[str, int]:
        if not passage_ids:
            return {}
        rows = self._query(
            "SELECT passage_id, canonical FROM passages "
            f"WHERE passage_id IN ({_marks(passage_ids)})",
            tuple(passage_ids),
        )
        return {r["passage_id"]: r["canonical"] for r in rows}

    def texts(self, rowids: list[int]) -> dict[int, str]:
        if not rowids:
            return {}
        rows = self._query(
            f"SELECT rowid, text FROM passages WHERE rowid IN ({_marks(rowids)})", tuple(rowids)
        )
        return {r[0]: r[1] for r in rows}

    def passages_in(self, docs: tuple[str, ...]) -> list[tuple[int, str, str]]:
        """(rowid, doc_id, part_slug) of every passage of these documents."""
        rows = self._query(
            f"SELECT rowid, doc_id, part_slug FROM passages WHERE doc_id IN ({_marks(docs)})",
            tuple(docs),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def embed_hashes(self) -> dict[str, int]:
        """embedded-text hash -> rowid, to reuse vectors on a rebuild."""
        rows = self._query("SELECT rowid, embed_hash FROM passages")
        return {r["embed_hash"]: r["rowid"] for r in rows}

    # -- lexical: the in-memory BM25 matrix, else FTS5 -----------------------------
    def load_bm25(self) -> BM25Index | None:
        """The BM25 matrix, if this index has one (checked against the manifest's checksum
        when the index was validated)."""
        if self.bm25_index is None:
            self.bm25_index = BM25Index.open(self.index_dir)
        return self.bm25_index

    def has_bm25_matrix(self) -> bool:
        """True once the BM25 matrix is loaded (an index built before it ranks in FTS5)."""
        return self.bm25_index is not None

    def lexical_rows(self):
        """(rowid, text, context) of every passage in the FTS5 table, in rowid order: the
        text the build gave the lexical index, to make a BM25 matrix for an index built
        before bm25.npz without rebuilding it."""
        with self._lock:
            cursor = self._db.execute(
                "SELECT rowid, text, context FROM passages_fts ORDER BY rowid"
            )
            rows = cursor.fetchall()
        return [(int(r[0]), r[1], r[2]) for r in rows]

    def bm25_ranked(
        self, terms: list[str], n: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(rowid, BM25 score (higher is better)), best first, from the in-memory matrix;
        `allowed` (rowids) is an exact filter. Scores equal -bm25() of the FTS5 table."""
        if allowed is not None and len(allowed) == 0:
            return []
        return self.bm25_index.search(terms, n, allowed)

    def bm25(
        self, match: str, n: int, docs: tuple[str, ...] | None = None
    ) -> list[tuple[int, float, str | None, str | None]]:
        """(rowid, bm25 score (lower is better), doc_id, part_slug), best first; `docs`
        limits the search to those documents (doc_id and part_slug are None without)."""
        if docs is None:  # no joins: BM25 over the FTS table alone is ~2x faster
            rows = self._query(
                "SELECT rowid, bm25(passages_fts, 1.0, 0.6) AS s FROM passages_fts "
                "WHERE passages_fts MATCH ? ORDER BY s LIMIT ?",
                (match, n),
            )
            return [(int(r[0]), float(r[1]), None, None) for r in rows]
        rows = self._query(
            "SELECT f.rowid, bm25(passages_fts, 1.0, 0.6) AS s, p.doc_id, p.part_slug "
            "FROM passages_fts f JOIN passages p ON p.rowid = f.rowid "
            f"WHERE passages_fts MATCH ? AND p.doc_id IN ({_marks(docs)}) "
            "ORDER BY s LIMIT ?",
            (match, *docs, n),
        )
        return [(int(r[0]), float(r[1]), r[2], r[3]) for r in rows]

    def document_frequency(self, term: str) -> int:
        """Passages whose text holds the term (stemmed as the FTS index stems)."""
        if self.bm25_index is not None:  # counted at build time
            return self.bm25_index.text_frequency(term)
        phrase = '"' + term.replace('"', "") + '"'
        return self._query(
            "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", (f"text:{phrase}",)
        )[0][0]

    # -- vectors (FAISS) -----------------------------------------------------------------
    def load_vectors(self):
        if self._faiss is None:
            self._faiss = read_index(self.index_dir / VECTORS_FILE)
        return self._faiss

    @property
    def vector_count(self) -> int:
        return self.load_vectors().ntotal

    @property
    def dim(self) -> int:
        return self.manifest.dim if self.manifest else self.load_vectors().d

    def vectors(self, rowids) -> np.ndarray:
        """Stored vectors of these rowids, one row each."""
        if len(rowids) == 0:
            return np.zeros((0, self.dim), dtype="float32")
        index = self.load_vectors()
        with self._lock:
            return np.vstack([index.reconstruct(int(r)) for r in rowids])

    def vector_batch(self, rowids: np.ndarray) -> np.ndarray:
        index = self.load_vectors()
        with self._lock:
            return index.reconstruct_batch(rowids)

    def all_vectors(self) -> np.ndarray:
        """Every stored vector, row i = passage rowid i."""
        index = self.load_vectors()
        if index.ntotal == 0:
            return np.zeros((0, index.d), dtype="float32")
        return index.reconstruct_n(0, index.ntotal)

    def nearest(
        self, vector: np.ndarray, fetch: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(rowid, cosine) of the nearest stored vectors, among `allowed` when given."""
        import faiss

        index = self.load_vectors()
        params, selector = None, None
        if allowed is not None:
            # The selector must outlive the search: FAISS keeps only a raw pointer to it.
            selector = faiss.IDSelectorBatch(allowed)
            params = faiss.SearchParameters(sel=selector)
            if isinstance(index, faiss.IndexHNSW):
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(64, fetch))
        with self._lock:
            scores, ids = index.search(vector.reshape(1, -1), fetch, params=params)
        del selector
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def search_index(self):
        """The FAISS index itself, for the benchmark's floor (a bare search, no SQL)."""
        return self.load_vectors()
