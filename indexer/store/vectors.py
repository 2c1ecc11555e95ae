"""The vector backend: FAISS, flat (exact) for small indexes and HNSW for large ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np

# Flat (exact) search below this many vectors, HNSW at or above it. Measured on 2 CPU cores
# (python -m eval.bench, docs/performance.md): one flat search costs about 0.5 us per vector
# once the vectors outgrow the CPU cache (~45 ms at 82k), so around 20k vectors it already
# costs as much as encoding the question (~10 ms) and past that it would dominate a query;
# HNSW builds 20k vectors in seconds, answers in well under 1 ms and keeps recall@10 near 1.
HNSW_THRESHOLD = 20_000
# HNSW graph: M links per node; efConstruction trades build time for recall (efSearch
# is raised to k by FAISS when a search asks for more).
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 128


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


def add_vectors(index, vectors: np.ndarray) -> None:
    """Append rows in order (row i = passage rowid i); batches keep memory flat."""
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype="float32"))


def read_index(path: Path):
    import faiss

    return faiss.read_index(str(path))


def write_index(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))
