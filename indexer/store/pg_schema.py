"""The PostgreSQL store's tables and its schema version, each wrong configuration named in
one clear message (connecting itself: pg_link.py).

Every table of the index carries `gen` (a build's generation): a rebuild writes rows under
a new generation and makes it current in one transaction, so every app server's reader
sees the old corpus or the new one, never a mixture.
"""

from __future__ import annotations

from .pg_link import connect, ended_is_one_line
from .redact import redacted
from .schema import IndexProblem

PG_SCHEMA_VERSION = 2  # 2: report lists (tables lists, list_items)
MIGRATE_HINT = "ofsted-qa migrate --store URL"

# A report's own lists (indexer/parse/lists.py): improve, recommendations, summary.
LISTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS lists (
    gen BIGINT, list_id TEXT, doc_id TEXT, part_slug TEXT, kind TEXT, heading TEXT,
    section TEXT, lead_in TEXT, lead_passage_id TEXT, n_items INTEGER, start INTEGER,
    "end" INTEGER, page INTEGER, passage_ids TEXT, PRIMARY KEY (gen, list_id)
);
CREATE TABLE IF NOT EXISTS list_items (
    gen BIGINT, list_id TEXT, n INTEGER, marker TEXT, label TEXT, text TEXT, start INTEGER,
    "end" INTEGER, page INTEGER, passage_id TEXT, PRIMARY KEY (gen, list_id, n)
);
"""

# Changes from one version to the next, applied by `ofsted-qa migrate`: {from: [sql...]}.
# Generations built before a version lack its rows until the next `ofsted-qa index`.
MIGRATIONS: dict[int, list[str]] = {1: [LISTS_SCHEMA]}

BASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS ofsted_qa_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS generations (
    gen BIGSERIAL PRIMARY KEY, manifest JSONB, created_at TIMESTAMPTZ DEFAULT now()
);
CREATE TABLE IF NOT EXISTS current_generation (
    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one), gen BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    gen BIGINT, doc_id TEXT, path TEXT, title TEXT, authority TEXT, kind TEXT, date TEXT,
    source_url TEXT, fingerprint TEXT, n_passages INTEGER, PRIMARY KEY (gen, doc_id)
);
CREATE TABLE IF NOT EXISTS parts (
    gen BIGINT, doc_id TEXT, slug TEXT, kind TEXT, title TEXT, inspection_start TEXT,
    inspection_end TEXT, meeting_date TEXT, published TEXT, lead_inspector TEXT,
    PRIMARY KEY (gen, doc_id, slug)
);
CREATE TABLE IF NOT EXISTS judgements (
    gen BIGINT, doc_id TEXT, part_slug TEXT, authority TEXT, inspection_date TEXT,
    area TEXT, grade TEXT, passage_id TEXT
);
CREATE INDEX IF NOT EXISTS judgements_gen ON judgements (gen);
CREATE TABLE IF NOT EXISTS left_out (gen BIGINT, doc_id TEXT, reason TEXT);
CREATE TABLE IF NOT EXISTS feedback (
    turn_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, question TEXT NOT NULL,
    answer TEXT NOT NULL, citations JSONB NOT NULL, filters JSONB NOT NULL, mode TEXT,
    score INTEGER
);
CREATE TABLE IF NOT EXISTS uploads (
    name TEXT PRIMARY KEY, sha256 TEXT UNIQUE NOT NULL, data BYTEA NOT NULL,
    added_at TIMESTAMPTZ DEFAULT now()
);
"""
BASE_SCHEMA += LISTS_SCHEMA

# Full text of canonical passages only (a duplicate is found through its canonical copy):
# the paragraph weighted A, its who/what/when header B (FTS5 weighted them 1.0 and 0.6).
PASSAGES_SCHEMA = """
CREATE TABLE IF NOT EXISTS passages (
    gen BIGINT, rowid INTEGER, passage_id TEXT, doc_id TEXT, part_slug TEXT, section TEXT,
    label TEXT, text TEXT, start INTEGER, "end" INTEGER, page INTEGER, canonical INTEGER,
    embed_hash TEXT, context TEXT,
    tsv TSVECTOR GENERATED ALWAYS AS (
        CASE WHEN context IS NULL THEN NULL ELSE
            setweight(to_tsvector('english', text), 'A')
            || setweight(to_tsvector('english', context), 'B') END
    ) STORED,
    embedding VECTOR({dim}),
    PRIMARY KEY (gen, rowid)
);
CREATE INDEX IF NOT EXISTS passages_pid ON passages (gen, passage_id);
CREATE INDEX IF NOT EXISTS passages_doc ON passages (gen, doc_id);
CREATE INDEX IF NOT EXISTS passages_canonical ON passages (gen, canonical);
CREATE INDEX IF NOT EXISTS passages_tsv ON passages USING GIN (tsv);
CREATE INDEX IF NOT EXISTS passages_hnsw ON passages
    USING hnsw (embedding vector_ip_ops) WITH (m = 16, ef_construction = 64);
"""

GEN_TABLES = (
    "documents", "parts", "judgements", "left_out", "lists", "list_items", "passages"
)  # fmt: skip


def has_vector_extension(conn) -> bool:
    row = conn.execute("SELECT 1 AS ok FROM pg_extension WHERE extname = 'vector'").fetchone()
    return row is not None


def require_vector(conn, url: str, create: bool) -> None:
    """Make sure pgvector is installed in the database (creating it when allowed)."""
    import psycopg

    if not has_vector_extension(conn) and create:
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except psycopg.Error as exc:
            raise IndexProblem(_no_vector(url, str(exc).strip().splitlines()[0])) from exc
    if not has_vector_extension(conn):
        raise IndexProblem(_no_vector(url, "extension not created"))
    from pgvector.psycopg import register_vector

    register_vector(conn)


def _no_vector(url: str, why: str) -> str:
    return (
        f"the database at {redacted(url)} has no pgvector extension ({why}) - install "
        "pgvector on the server and run `CREATE EXTENSION vector;` in that database as a "
        "superuser"
    )


def schema_version(conn) -> int | None:
    """The database's schema version; None when the store was never created there."""
    exists = conn.execute("SELECT to_regclass('ofsted_qa_schema') AS t").fetchone()["t"]
    if exists is None:
        return None
    row = conn.execute("SELECT max(version) AS v FROM ofsted_qa_schema").fetchone()
    return row["v"] if row and row["v"] is not None else 0


def check_version(conn, url: str) -> None:
    version = schema_version(conn)
    if version is None:
        raise IndexProblem(
            f"no index in the database at {redacted(url)} - build it with "
            "`ofsted-qa index --store URL`"
        )
    if version < PG_SCHEMA_VERSION:
        raise IndexProblem(
            f"the database at {redacted(url)} has schema version {version}, this version "
            f"needs {PG_SCHEMA_VERSION} - migrate it with `{MIGRATE_HINT}`"
        )
    if version > PG_SCHEMA_VERSION:
        raise IndexProblem(
            f"the database at {redacted(url)} has schema version {version}, newer than this "
            f"version's {PG_SCHEMA_VERSION} - upgrade ofsted-qa"
        )


def ensure_base(conn, url: str) -> None:
    """Create the store's tables in an empty database; check the version of an existing one."""
    version = schema_version(conn)
    if version is None:
        with conn.transaction():
            conn.execute(BASE_SCHEMA)
            conn.execute("INSERT INTO ofsted_qa_schema VALUES (%s)", (PG_SCHEMA_VERSION,))
        return
    check_version(conn, url)
    conn.execute(BASE_SCHEMA)  # tables added since, idempotent


def ensure_passages(conn, url: str, dim: int) -> None:
    """The passages table with vectors of this dimension (set by the first build)."""
    conn.execute(PASSAGES_SCHEMA.format(dim=int(dim)))
    row = conn.execute(
        "SELECT atttypmod AS dim FROM pg_attribute "
        "WHERE attrelid = 'passages'::regclass AND attname = 'embedding'"
    ).fetchone()
    if row and row["dim"] not in (-1, dim):
        raise IndexProblem(
            f"the database at {redacted(url)} holds {row['dim']}-dimensional vectors, the "
            f"model makes {dim} - build into an empty database (or drop its tables)"
        )


def migrate(url: str) -> str:
    """Bring the database's schema up to this version; a line saying what was done."""
    conn = connect(url)
    try:
        with ended_is_one_line(url, "migrating the schema", "run `ofsted-qa migrate` again"):
            return _migrate(conn, url)
    finally:
        conn.close()


def _migrate(conn, url: str) -> str:
    """The migration steps, on an open connection."""
    version = schema_version(conn)
    if version is None:
        return f"no ofsted-qa store at {redacted(url)}; `ofsted-qa index --store URL` creates one"
    start = version
    while version < PG_SCHEMA_VERSION:
        steps = MIGRATIONS.get(version)
        if steps is None:
            raise IndexProblem(
                f"no migration from schema version {version}; rebuild into an empty "
                "database with `ofsted-qa index --store URL`"
            )
        with conn.transaction():
            for sql in steps:
                conn.execute(sql)
            version += 1
            conn.execute("UPDATE ofsted_qa_schema SET version = %s", (version,))
    return f"schema at {redacted(url)}: version {start} -> {version}"
