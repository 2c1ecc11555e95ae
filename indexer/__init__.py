"""Files to structured, cited passages, embedded into an index on disk."""

from .build import BuildReport, CorpusProblem, build_index, corpus_fingerprint, is_stale
from .embedder import DEFAULT_MODEL, Embedder, ModelError, shared_embedder
from .models import Block, DocumentMeta, Judgement, ParsedDocument, Part, Passage
from .parse.loaders import LoadError, load_blocks
from .store import IndexProblem

__all__ = [
    "DEFAULT_MODEL",
    "Block",
    "BuildReport",
    "CorpusProblem",
    "DocumentMeta",
    "Embedder",
    "IndexProblem",
    "Judgement",
    "LoadError",
    "ModelError",
    "ParsedDocument",
    "Part",
    "Passage",
    "build_index",
    "corpus_fingerprint",
    "is_stale",
    "load_blocks",
    "shared_embedder",
]
