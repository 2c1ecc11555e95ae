"""The index in PostgreSQL + pgvector: the same contracts as Reader and IndexWriter, for
many stateless app servers sharing one database.

A PgReader reads the generation that was current when it opened, so one Retriever never
mixes two builds; `current_stamp` tells an app server when to open a new one. A PgWriter
writes a new generation and makes it current in one transaction (`finish`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import datetime, timezone

import numpy as np

from ..models import ParsedDocument
from .pg_link import Link, connect, connection_lost, ended_is_one_line
from .pg_schema import (
    GEN_TABLES,
    PG_SCHEMA_VERSION,
    check_version,
    ensure_base,
    ensure_passages,
    require_vector,
)
from .redact import redacted
from .schema import COLUMNS, IndexProblem, Manifest, assemble_lists
from .writer import document_rows

# HNSW search breadth: at least this, or the number of candidates asked for (pgvector's
# ceiling is 1000). Iterative scans keep going when a filter (generation, rowids) drops rows.
EF_SEARCH = 128
MAX_EF_SEARCH = 1000
# Keep the generation before the current one for readers that opened it a moment ago.
KEEP_GENERATIONS = 2


def current_stamp(url: str) -> int:
    """The current generation (0: none), to notice a rebuild made by any app server."""
    conn = connect(url)
    try:
        with ended_is_one_line(url, "reading the current generation", "reload the page"):
            check_version(conn, url)
            row = conn.execute("SELECT gen FROM current_generation").fetchone()
        return int(row["gen"]) if row else 0
    finally:
        conn.close()


def read_manifest(url: str) -> Manifest:
    reader = PgReader.open(url)
    try:
        return reader.manifest
    finally:
        reader.close()


class PgReader:
    """Reader's contract over one generation in PostgreSQL; thread-safe. Its connection
    reopens itself after a server restart (pg_link.Link), so an app server keeps
    answering without a restart of its own."""

    def __init__(self, url: str, link: Link, gen: int, manifest: Manifest):
        self.url, self.gen, self.manifest = url, gen, manifest
        self.index_dir = url
        self._link = link

    @classmethod
    def open(cls, url: str, model: str | None = None) -> PgReader:
        link = Link(url, _reader_setup(url))
        try:
            row = link.run(_current_row(url), doing="opening the index")
        except BaseException:
            link.close()
            raise
        manifest = Manifest(**row["manifest"])
        if model and model != manifest.model:
            link.close()
            raise IndexProblem(
                f"the index at {redacted(url)} was built with model {manifest.model!r}, "
                f"not {model!r} - rebuild with `ofsted-qa index --store URL`"
            )
        return cls(url, link, int(row["gen"]), manifest)

    def close(self) -> None:
        self._link.close()

    def _query(self, sql: str, params: tuple = ()) -> list[dict]:
        return self._link.run(lambda conn: conn.execute(sql, params).fetchall())

    def _passages(self, where: str, params: tuple = (), columns: str = "*") -> list[dict]:
        if columns == "*":
            columns = ", ".join(f'"{c}"' for c in COLUMNS["passages"])
        return self._query(
            f"SELECT {columns} FROM passages WHERE gen = %s AND {where}", (self.gen, *params)
        )

    # -- whole tables ----------------------------------------------------------------
    def _table(self, table: str, order: str = "") -> list[dict]:
        names = ", ".join(f'"{c}"' for c in COLUMNS[table])
        return self._query(f"SELECT {names} FROM {table} WHERE gen = %s {order}", (self.gen,))

    def documents(self) -> dict[str, dict]:
        """Every document's row, with `left_out`: how many stretches of it (exempt content)
        the build left out, as Reader.documents gives it."""
        names = ", ".join(f'd."{c}"' for c in COLUMNS["documents"])
        sql = (
            f"SELECT {names}, (SELECT count(*) FROM left_out l WHERE l.gen = d.gen"
            f" AND l.doc_id = d.doc_id) AS left_out FROM documents d WHERE d.gen = %s"
        )
        return {r["doc_id"]: r for r in self._query(sql, (self.gen,))}

    def parts(self) -> dict[tuple[str, str], dict]:
        return {(r["doc_id"], r["slug"]): r for r in self._table("parts")}

    def judgements(self) -> list[dict]:
        return self._table("judgements", "ORDER BY authority, inspection_date")

    def lists(
        self,
        *,
        authority: str | None = None,
        doc_id: str | None = None,
        kinds: tuple[str, ...] | list[str] = (),
    ) -> list[dict]:
        """Reader.lists: a council's (or a document's) report lists, newest first."""
        where, params = ["l.gen = %s"], [self.gen]
        if authority:
            where.append("d.authority = %s")
            params.append(authority)
        if doc_id:
            where.append("l.doc_id = %s")
            params.append(doc_id)
        if kinds:
            where.append("l.kind = ANY(%s)")
            params.append(list(kinds))
        names = ", ".join(f'l."{c}"' for c in COLUMNS["lists"])
        rows = self._query(
            f"SELECT {names}, d.authority, p.kind AS part_kind, p.title AS part_title, "
            "COALESCE(p.inspection_end, p.meeting_date, p.published, d.date) AS date "
            "FROM lists l JOIN documents d ON d.gen = l.gen AND d.doc_id = l.doc_id "
            "LEFT JOIN parts p ON p.gen = l.gen AND p.doc_id = l.doc_id AND p.slug = l.part_slug "
            f"WHERE {' AND '.join(where)} "
            "ORDER BY date IS NULL, date DESC, l.doc_id, l.start",
            tuple(params),
        )
        if not rows:
            return []
        item_names = ", ".join(f'"{c}"' for c in COLUMNS["list_items"])
        items = self._query(
            f"SELECT {item_names} FROM list_items WHERE gen = %s AND list_id = ANY(%s) "
            "ORDER BY list_id, n",
            (self.gen, [r["list_id"] for r in rows]),
        )
        return assemble_lists(rows, items)

    def passage_rows(self) -> list[dict]:
        return self._passages("TRUE ORDER BY rowid")

    def passage_count(self) -> int:
        counted = self.manifest.counts.get("passages", 0)
        return counted or self._passages("TRUE", columns="count(*) AS n")[0]["n"]

    # -- the stored rows as they are, for copying the index to another store (copy.py) --
    def table_rows(self, table: str) -> list[dict]:
        """Reader.table_rows: every row of one of this generation's tables but passages."""
        return self._table(table, "ORDER BY ctid")

    def passage_batches(self, size: int = 2000) -> Iterator[list[dict]]:
        """Reader.passage_batches: passage rows in rowid order with their `context`."""
        columns = ", ".join(f'"{c}"' for c in (*COLUMNS["passages"], "context"))
        last = -1
        while True:
            rows = self._passages("rowid > %s ORDER BY rowid LIMIT %s", (last, size), columns)
            if not rows:
                return
            yield rows
            last = rows[-1]["rowid"]

    # -- passages by id --------------------------------------------------------------
    def passage(self, passage_id: str):
        rows = self._passages("passage_id = %s", (passage_id,))
        return rows[0] if rows else None

    def rows(self, rowids: list[int]) -> dict[int, dict]:
        if not rowids:
            return {}
        return {r["rowid"]: r for r in self._passages("rowid = ANY(%s)", (list(rowids),))}

    def copies(self, rowids: list[int]) -> dict[int, list]:
        out: dict[int, list] = {}
        if not rowids:
            return out
        for r in self._passages(
            "canonical = ANY(%s) AND canonical != rowid ORDER BY rowid", (list(rowids),)
        ):
            out.setdefault(r["canonical"], []).append(r)
        return out

    def canonical_of(self, rowids: list[int]) -> dict[int, int]:
        if not rowids:
            return {}
        rows = self._passages("rowid = ANY(%s)", (list(rowids),), "rowid, canonical")
        return {r["rowid"]: r["canonical"] for r in rows}

    def canonical_by_passage_id(self, passage_ids: list[str]) -> dict[str, int]:
        if not passage_ids:
            return {}
        rows = self._passages("passage_id = ANY(%s)", (list(passage_ids),), "passage_id, canonical")
        return {r["passage_id"]: r["canonical"] for r in rows}

    def texts(self, rowids: list[int]) -> dict[int, str]:
        if not rowids:
            return {}
        return {
            r["rowid"]: r["text"]
            for r in self._passages("rowid = ANY(%s)", (list(rowids),), "rowid, text")
        }

    def passages_in(self, docs: tuple[str, ...]) -> list[tuple[int, str, str]]:
        rows = self._passages("doc_id = ANY(%s)", (list(docs),), "rowid, doc_id, part_slug")
        return [(r["rowid"], r["doc_id"], r["part_slug"]) for r in rows]

    def embed_hashes(self) -> dict[str, int]:
        rows = self._passages("TRUE", columns="rowid, embed_hash")
        return {r["embed_hash"]: r["rowid"] for r in rows}

    # -- lexical (tsvector, ts_rank) ------------------------------------------------------
    def load_bm25(self) -> None:
        """No BM25 matrix here: PostgreSQL ranks with ts_rank (bm25())."""
        return None

    def has_bm25_matrix(self) -> bool:
        return False

    def bm25_ranked(
        self, terms: list[str], n: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        raise NotImplementedError("PostgreSQL has no BM25 matrix: rank with bm25()")

    def bm25(
        self, match: str, n: int, docs: tuple[str, ...] | None = None
    ) -> list[tuple[int, float, str | None, str | None]]:
        """Reader.bm25's contract (lower is better) with PostgreSQL's ts_rank: the FTS5
        OR-query's terms as a websearch OR-query, the paragraph weighted over its header."""
        terms = _match_terms(match)
        if not terms:
            return []
        query = " or ".join(terms)
        where = "gen = %s AND tsv @@ q"
        params: tuple = (query, self.gen)
        if docs is not None:
            where += " AND doc_id = ANY(%s)"
            params += (list(docs),)
        rows = self._query(
            "SELECT rowid, ts_rank('{0, 0, 0.6, 1.0}', tsv, q, 1) AS s, doc_id, part_slug "
            "FROM passages, websearch_to_tsquery('english', %s) q "
            f"WHERE {where} ORDER BY s DESC, rowid LIMIT %s",
            (*params, n),
        )
        keep = docs is not None
        return [
            (r["rowid"], -float(r["s"]), r["doc_id"] if keep else None,
             r["part_slug"] if keep else None)
            for r in rows
        ]  # fmt: skip

    def document_frequency(self, term: str) -> int:
        """Passages whose paragraph (weight A) holds the term, stemmed as the index stems."""
        words = _match_terms(f'"{term}"')
        if not words:
            return 0
        return self._query(
            "SELECT count(*) AS n FROM passages WHERE gen = %s AND tsv @@ "
            "(SELECT to_tsquery('english', string_agg(lexeme || ':A', ' & ')) "
            " FROM unnest(to_tsvector('english', %s)))",
            (self.gen, " ".join(words)),
        )[0]["n"]

    # -- vectors (pgvector) ----------------------------------------------------------------
    def load_vectors(self):
        return self

    @property
    def vector_count(self) -> int:
        return self.passage_count()

    @property
    def dim(self) -> int:
        return self.manifest.dim

    def vectors(self, rowids) -> np.ndarray:
        return self.vector_batch(np.asarray(rowids, dtype="int64"))

    def vector_batch(self, rowids: np.ndarray) -> np.ndarray:
        if len(rowids) == 0:
            return np.zeros((0, self.dim), dtype="float32")
        ids = [int(r) for r in rowids]
        rows = self._passages("rowid = ANY(%s)", (ids,), "rowid, embedding")
        by_id = {r["rowid"]: _array(r["embedding"]) for r in rows}
        return np.vstack([by_id[i] for i in ids]).astype("float32")

    def all_vectors(self) -> np.ndarray:
        rows = self._passages("TRUE ORDER BY rowid", columns="embedding")
        if not rows:
            return np.zeros((0, self.dim), dtype="float32")
        return np.vstack([_array(r["embedding"]) for r in rows]).astype("float32")

    def nearest(
        self, vector: np.ndarray, fetch: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(rowid, cosine) of the nearest vectors (HNSW, inner product on unit vectors)."""
        vec = np.asarray(vector, dtype="float32").ravel()
        where, params = "gen = %s", [self.gen]
        if allowed is not None:
            where += " AND rowid = ANY(%s)"
            params.append([int(a) for a in allowed])
        ef = min(MAX_EF_SEARCH, max(EF_SEARCH, fetch))

        def search(conn) -> list[dict]:
            with conn.transaction():
                conn.execute(f"SET LOCAL hnsw.ef_search = {ef}")
                return conn.execute(
                    "SELECT rowid, -(embedding <#> %s) AS s FROM passages "
                    f"WHERE {where} ORDER BY embedding <#> %s LIMIT %s",
                    (vec, *params, vec, fetch),
                ).fetchall()

        rows = self._link.run(search)
        return [(r["rowid"], float(r["s"])) for r in rows]

    def search_index(self):
        """The stored vectors in memory, with the part of FAISS's interface the build's
        vector reuse needs (d, ntotal, reconstruct)."""
        return _VectorTable(self.all_vectors())


def _reader_setup(url: str):
    """What every connection of a reader needs: pgvector's types, iterative HNSW scans."""

    def setup(conn) -> None:
        require_vector(conn, url, create=False)
        conn.execute("SET hnsw.iterative_scan = strict_order")

    return setup


def _current_row(url: str):
    """The current generation's number and manifest, after the schema's checks."""

    def read(conn) -> dict:
        check_version(conn, url)
        row = conn.execute(
            "SELECT g.gen, g.manifest FROM current_generation c JOIN generations g ON g.gen = c.gen"
        ).fetchone()
        if row is None:
            raise IndexProblem(
                f"no index in the database at {redacted(url)} - build it with "
                "`ofsted-qa index --store URL`"
            )
        return row

    return read


class _VectorTable:
    def __init__(self, vectors: np.ndarray):
        self._vectors = vectors
        self.ntotal, self.d = vectors.shape

    def reconstruct(self, i: int) -> np.ndarray:
        return self._vectors[i]


def _match_terms(match: str) -> list[str]:
    """The words of an FTS5 OR-query ('"a" OR "b"'), each reduced to letters and digits."""
    import re

    return [w for w in re.findall(r"[A-Za-z0-9]+", match.replace(" OR ", " ")) if w]


BUILDING = "writing the index"
BUILD_AGAIN = "run `ofsted-qa index` again; the current index is unchanged"


class PgWriter:
    """IndexWriter's contract: rows and vectors of a new generation go in; `finish()` makes
    it current in one transaction. As a context manager, a failed build leaves nothing,
    and the server ending the connection mid-way is one line (pg_link.ConnectionLost)."""

    def __init__(self, url: str, n: int, dim: int, index_type: str | None = None):
        self.url, self.dim = url, dim
        self.index_type = "pgvector-hnsw"
        self.conn = connect(url)
        try:
            with ended_is_one_line(url, BUILDING, BUILD_AGAIN):
                require_vector(self.conn, url, create=True)
                # One build at a time per database: the lock is held for this connection's
                # life, so any unfinished generation seen while holding it is a dead build's.
                self.conn.execute("SELECT pg_advisory_lock(hashtext('ofsted-qa build'))")
                ensure_base(self.conn, url)
                ensure_passages(self.conn, url, dim)
                self._drop_unfinished()
                self.gen = self.conn.execute(
                    "INSERT INTO generations (manifest) VALUES (NULL) RETURNING gen"
                ).fetchone()["gen"]
        except BaseException:
            self.conn.close()
            raise
        self._vectors: list[np.ndarray] = []

    def __enter__(self) -> PgWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            return
        self.abort()
        import psycopg

        if isinstance(exc, psycopg.OperationalError):
            raise connection_lost(self.url, exc, BUILDING, BUILD_AGAIN) from exc

    def _drop_unfinished(self) -> None:
        """The rows of builds that were killed before they finished (kill -9, a crash):
        their generation never got a manifest."""
        dead = "SELECT gen FROM generations WHERE manifest IS NULL"
        with self.conn.transaction():
            for table in GEN_TABLES:
                self.conn.execute(f"DELETE FROM {table} WHERE gen IN ({dead})")
            self.conn.execute("DELETE FROM generations WHERE manifest IS NULL")

    # -- rows -----------------------------------------------------------------------
    def insert(self, table: str, rows: Iterable[dict], extra: tuple[str, ...] = ()) -> None:
        columns = ("gen", *COLUMNS[table], *extra)
        names = ", ".join(f'"{c}"' for c in columns)
        with self.conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((self.gen, *(r.get(c) for c in columns[1:])))

    def add_document(self, doc: ParsedDocument, fingerprint: str) -> None:
        for table, rows in document_rows(doc, fingerprint):
            self.insert(table, rows)

    def add_passages(self, rows: list[dict], contexts: dict[int, str]) -> None:
        """Passage rows with their vectors (added before, in rowid order) and, for
        canonical passages, the header the full text is searched with. May be called
        once per batch of rows (a copy of an index writes them in batches)."""
        if len(self._vectors) != 1:
            stacked = np.vstack(self._vectors) if self._vectors else np.zeros((0, self.dim))
            self._vectors = [stacked]
        vectors = self._vectors[0]
        self.insert(
            "passages",
            (
                {
                    **r,
                    "context": contexts.get(r["rowid"]),
                    "embedding": _literal(vectors[r["rowid"]]),
                }
                for r in rows
            ),
            extra=("context", "embedding"),
        )

    def add_vectors(self, vectors: np.ndarray) -> None:
        if len(vectors):
            self._vectors.append(np.asarray(vectors, dtype="float32"))

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
        """Record the manifest and make this generation current, in one transaction; then
        drop generations older than the one it replaced."""
        from psycopg.types.json import Jsonb

        manifest = Manifest(
            schema_version=PG_SCHEMA_VERSION,
            model=model,
            dim=self.dim,
            index_type=self.index_type,
            corpus=corpus,
            counts=counts,
            checksums={},
            built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            build_seconds=round(build_seconds, 2),
            parser=parser,
            released=released or {},
        )
        data = {f.name: getattr(manifest, f.name) for f in fields(Manifest)}
        with self.conn.transaction():
            self.conn.execute(
                "UPDATE generations SET manifest = %s WHERE gen = %s", (Jsonb(data), self.gen)
            )
            self.conn.execute(
                "INSERT INTO current_generation (one, gen) VALUES (TRUE, %s) "
                "ON CONFLICT (one) DO UPDATE SET gen = excluded.gen",
                (self.gen,),
            )
        self._vectors = []
        import psycopg

        try:  # the new generation is current: tidying up may fail, the build has not
            self._drop_old()
            self.conn.execute("ANALYZE passages")
        except psycopg.OperationalError:
            pass  # the next build drops what this one could not
        finally:
            self.conn.close()
        return manifest

    def _drop_old(self) -> None:
        keep = [
            r["gen"]
            for r in self.conn.execute(
                "SELECT gen FROM generations WHERE manifest IS NOT NULL ORDER BY gen DESC LIMIT %s",
                (KEEP_GENERATIONS,),
            ).fetchall()
        ]
        with self.conn.transaction():
            for table in GEN_TABLES:
                self.conn.execute(f"DELETE FROM {table} WHERE gen != ALL(%s)", (keep,))
            self.conn.execute(
                "DELETE FROM generations WHERE gen != ALL(%s) AND manifest IS NOT NULL", (keep,)
            )

    def abort(self) -> None:
        """Delete this generation's rows; on a new connection when the server ended this
        one. If that fails too, the next build deletes them (`_drop_unfinished`)."""
        self._vectors = []
        import psycopg

        for attempt in (1, 2):
            try:
                if attempt == 2:
                    self.conn = connect(self.url)
                with self.conn.transaction():
                    current = self.conn.execute(
                        "SELECT 1 FROM current_generation WHERE gen = %s", (self.gen,)
                    ).fetchone()
                    if current is None:  # the swap may have committed as the server went
                        for table in GEN_TABLES:
                            self.conn.execute(f"DELETE FROM {table} WHERE gen = %s", (self.gen,))
                        self.conn.execute("DELETE FROM generations WHERE gen = %s", (self.gen,))
                break
            except (psycopg.Error, IndexProblem):
                continue
            finally:
                self.conn.close()


def _array(value) -> np.ndarray:
    """pgvector's Vector (binary results) or an array, as numpy."""
    return value.to_numpy() if hasattr(value, "to_numpy") else np.asarray(value)


def _literal(vector: np.ndarray) -> str:
    """pgvector's text form, for COPY."""
    return "[" + ",".join(f"{x:.7g}" for x in vector) + "]"
