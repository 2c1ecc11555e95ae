"""The index on disk: manifest.json, passages.sqlite (with FTS5) and vectors.faiss.

schema: tables, manifest and validation; writer: the only INSERTs and the atomic swap;
reader: the only SELECTs and the FAISS file; vectors: the FAISS backend.
"""

from .reader import Reader
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
    "COLUMNS",
    "DB_FILE",
    "HNSW_EF_CONSTRUCTION",
    "HNSW_EF_SEARCH",
    "HNSW_M",
    "HNSW_THRESHOLD",
    "MANIFEST",
    "SCHEMA_VERSION",
    "VECTORS_FILE",
    "IndexProblem",
    "IndexWriter",
    "Manifest",
    "Reader",
    "add_vectors",
    "file_sha256",
    "new_faiss_index",
    "passage_row",
    "text_sha1",
    "validate",
]
