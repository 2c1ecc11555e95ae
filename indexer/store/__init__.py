"""The index on disk: manifest.json, passages.sqlite (with FTS5), vectors.faiss and bm25.npz;
or, given a postgresql:// URL, the same contracts in PostgreSQL + pgvector (postgres.py,
pg_schema.py), chosen by location.py's open_reader/open_writer; contract.py declares the
reader and the writer both backends implement.

schema: tables, manifest and validation; writer: the only INSERTs and the atomic swap;
reader: the only SELECTs, the FAISS file and the BM25 matrix; vectors: the FAISS backend;
bm25: the in-memory lexical matrix (FTS5's tokens and scores), built by the writer;
copy: an index copied from one store to another (folder <-> database) without re-embedding;
redact: a store's location as people may see it (passwords masked, or no URL at all);
pg_link: connections to PostgreSQL that survive a server restart.
"""

from .bm25 import BM25_FILE
from .contract import StoreReader, StoreWriter
from .copy import CopyReport, copy_index
from .location import (
    STORE_ENV,
    as_location,
    checked_manifest,
    folder_of,
    open_reader,
    open_writer,
    read_manifest,
    same_store,
    stamp,
    store_location,
)
from .pg_link import ConnectionLost
from .pg_schema import migrate
from .reader import Reader
from .redact import hidden, scrub, shown
from .schema import (
    COLUMNS,
    DB_FILE,
    MANIFEST,
    SCHEMA_VERSION,
    VECTORS_FILE,
    IndexProblem,
    Manifest,
    file_sha256,
    text_sha1,
    validate,
)
from .vectors import (
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_M,
    HNSW_THRESHOLD,
    add_vectors,
    new_faiss_index,
)
from .writer import IndexWriter, passage_row

__all__ = [
    "BM25_FILE",
    "COLUMNS",
    "ConnectionLost",
    "CopyReport",
    "DB_FILE",
    "HNSW_EF_CONSTRUCTION",
    "HNSW_EF_SEARCH",
    "HNSW_M",
    "HNSW_THRESHOLD",
    "MANIFEST",
    "SCHEMA_VERSION",
    "STORE_ENV",
    "VECTORS_FILE",
    "IndexProblem",
    "IndexWriter",
    "Manifest",
    "Reader",
    "StoreReader",
    "StoreWriter",
    "as_location",
    "add_vectors",
    "checked_manifest",
    "copy_index",
    "file_sha256",
    "folder_of",
    "hidden",
    "migrate",
    "open_reader",
    "open_writer",
    "read_manifest",
    "same_store",
    "scrub",
    "shown",
    "stamp",
    "store_location",
    "new_faiss_index",
    "passage_row",
    "text_sha1",
    "validate",
]
