"""The packaged sentence-transformers model run by ONNX Runtime, optionally int8-quantized.

The ONNX file is exported locally from the packaged weights on first use (nothing is
downloaded) and cached under the user's cache folder (``OFSTED_QA_CACHE`` or
``~/.cache/ofsted-qa``), keyed by a hash of the weights, so it works on a clean machine.

Why not ``SentenceTransformer(..., backend="onnx")``: that backend needs ``optimum-onnx``,
which pins ``transformers<4.58`` and would downgrade the ``transformers`` 5.x that
sentence-transformers 6 runs on. The graph is the same one optimum exports (the BERT
encoder's last hidden state); mean pooling and normalisation are done here in numpy, as
the packaged model's ``1_Pooling`` and ``2_Normalize`` modules do. Text is tokenized by
the ``tokenizers`` library from the model's own ``tokenizer.json``, so encoding a question
imports neither PyTorch nor transformers (seconds, at an app's start).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import numpy as np

# The name recorded in the manifest is "<model>" for torch and "<model>+<encoder>" otherwise,
# so vectors from different encoders never mix in one index (indexer.embedder.ENCODERS).
CACHE_ENV = "OFSTED_QA_CACHE"
EXPORT_VERSION = 1  # bump when the fp32 export changes
INT8_VERSION = 2  # bump when the int8 file's fusion or quantization settings change
OPSET = 17


def cache_root() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ofsted-qa"


def _weights_key(model_path: Path) -> str:
    digest = hashlib.sha256(f"v{EXPORT_VERSION}".encode())
    for name in ("config.json", "model.safetensors", "pytorch_model.bin"):
        path = model_path / name
        if path.exists():
            stat = path.stat()
            digest.update(f"{name}:{stat.st_size}".encode())
            with path.open("rb") as fh:  # first and last MiB: cheap, and enough to tell
                digest.update(fh.read(1 << 20))
                fh.seek(max(0, stat.st_size - (1 << 20)))
                digest.update(fh.read())
    return digest.hexdigest()[:16]


def _export_files(model_path: Path, cache_dir: Path | None) -> tuple[Path, Path]:
    folder = (cache_dir or cache_root()) / f"onnx-{model_path.name}-{_weights_key(model_path)}"
    return folder / "model.onnx", folder / f"model_qint8_v{INT8_VERSION}.onnx"


def exported_path(
    model_path: str | Path, quantized: bool = False, cache_dir: Path | None = None
) -> Path | None:
    """The ONNX file for these weights if it was already exported; never exports (that
    needs PyTorch, which is what a caller of this avoids loading)."""
    model_path = Path(model_path)
    if not (model_path / "tokenizer.json").exists():
        return None
    fp32, int8 = _export_files(model_path, cache_dir)
    target = int8 if quantized else fp32
    return target if target.exists() else None


def onnx_path(model_path: str | Path, quantized: bool, cache_dir: Path | None = None) -> Path:
    """The ONNX file for these weights, exported (and quantized) now if not cached."""
    model_path = Path(model_path)
    fp32, int8 = _export_files(model_path, cache_dir)
    folder = fp32.parent
    target = int8 if quantized else fp32
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    if quantized:
        _export_int8(model_path, int8)
    else:
        _export(model_path, fp32)
    return target


def _atomic(target: Path):
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def _export(model_path: Path, target: Path, attention: str | None = None) -> None:
    import torch
    from transformers import AutoModel

    extra = {"attn_implementation": attention} if attention else {}
    model = AutoModel.from_pretrained(str(model_path), local_files_only=True, **extra)
    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    inputs = (ids, torch.ones_like(ids), torch.zeros_like(ids))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
    tmp = _atomic(target)

    class _Encoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    with torch.no_grad():
        torch.onnx.export(
            _Encoder(model),
            inputs,
            str(tmp),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    os.replace(tmp, target)


def _export_int8(model_path: Path, target: Path) -> None:
    """Fused, then int8: the encoder exported with eager attention (a graph ONNX Runtime's
    BERT optimizer recognises), fused into its Attention, SkipLayerNormalization and
    BiasGelu kernels, then its weights quantized to int8 per output channel (activations per
    batch at run time). On 2 AVX-512 VNNI cores this embeds 1.3x as fast as PyTorch; without
    the fusion the int8 model gained 1.1x, and per-tensor weights lost too much (a cosine of
    0.92 to the float vectors at worst, against 0.985); docs/performance.md."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    config = json.loads((model_path / "config.json").read_text())
    eager = target.with_name(f".{target.stem}.eager.{os.getpid()}.onnx")
    fused = target.with_name(f".{target.stem}.fused.{os.getpid()}.onnx")
    tmp = _atomic(target)
    try:
        _export(model_path, eager, attention="eager")
        model = optimizer.optimize_model(
            str(eager),
            model_type="bert",
            num_heads=int(config.get("num_attention_heads", 12)),
            hidden_size=int(config.get("hidden_size", 384)),
        )
        model.save_model_to_file(str(fused))
        quantize_dynamic(
            str(fused),
            str(tmp),
            weight_type=QuantType.QInt8,
            per_channel=True,
            # Fused ops come from ONNX Runtime's own domain, where shape inference gives up.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        os.replace(tmp, target)
    finally:
        for leftover in (eager, fused, tmp):
            leftover.unlink(missing_ok=True)


class OnnxEncoder:
    """encode(texts) -> normalised float32 vectors, like SentenceTransformer.encode."""

    def __init__(
        self,
        model_path: str | Path,
        quantized: bool = True,
        threads: int | None = None,
        file: Path | None = None,
    ):
        from tokenizers import Tokenizer

        model_path = Path(model_path)
        self.file = file or onnx_path(model_path, quantized)
        config = model_path / "sentence_bert_config.json"
        self.max_length = (
            json.loads(config.read_text()).get("max_seq_length", 256) if config.exists() else 256
        )
        # tokenizer.json carries its own padding and truncation (fixed at 128 tokens for
        # MiniLM); sentence-transformers truncates at the model's max_seq_length and pads a
        # batch to its longest text: the same is done here, the padding by `_pad`.
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._pad_id = int((self.tokenizer.padding or {}).get("pad_id", 0))
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.no_padding()
        self._sessions: dict[int | None, object] = {}
        self.session = self._session(threads)
        self._inputs = {i.name for i in self.session.get_inputs()}
        self.dim = int(self.session.get_outputs()[0].shape[-1] or 384)
        self._lock = threading.Lock()

    def _session(self, threads: int | None):
        """One ONNX Runtime session per thread count (the count is fixed when a session
        starts); all of them run the same file."""
        session = self._sessions.get(threads)
        if session is None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            if threads:
                options.intra_op_num_threads = threads
            # No busy-waiting between ops: on a few shared cores spinning threads steal the
            # time the other threads need.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = ort.InferenceSession(
                str(self.file), options, providers=["CPUExecutionProvider"]
            )
            self._sessions[threads] = session
        return session

    def release_other_sessions(self) -> None:
        """Free the sessions made for other thread counts: each keeps a memory arena the
        size of its largest batch's activations (about 250 MB for 16 texts of up to 256
        tokens; docs/performance.md)."""
        self._sessions = {k: v for k, v in self._sessions.items() if v is self.session}

    def encode(
        self, texts: list[str], batch_size: int = 32, threads: int | None = None
    ) -> np.ndarray:
        """`threads`: at most this many for this call (None: the encoder's own count)."""
        session = self.session if threads is None else self._session(threads)
        out = np.zeros((len(texts), self.dim), dtype="float32")
        encodings = self.tokenizer.encode_batch(texts)
        # Batches of texts of the same length in tokens pad little; by characters, a
        # national build's batches were 12% padding (docs/performance.md).
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids), reverse=True)
        for s in range(0, len(order), batch_size):
            batch = order[s : s + batch_size]
            out[batch] = self._encode_batch(self._pad([encodings[i] for i in batch]), session)
        return out

    def token_counts(self, texts: list[str]) -> list[int]:
        """Tokens the model reads of each text (truncated as it is)."""
        return [len(e.ids) for e in self.tokenizer.encode_batch(texts)]

    def tokenize(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Model inputs, padded to the batch's longest text."""
        return self._pad(self.tokenizer.encode_batch(texts))

    def _pad(self, encodings) -> dict[str, np.ndarray]:
        width = max((len(e.ids) for e in encodings), default=0)
        feed = {
            name: np.zeros((len(encodings), width), dtype="int64")
            for name in ("input_ids", "attention_mask", "token_type_ids")
        }
        feed["input_ids"].fill(self._pad_id)
        for row, e in enumerate(encodings):
            n = len(e.ids)
            feed["input_ids"][row, :n] = e.ids
            feed["attention_mask"][row, :n] = 1
            feed["token_type_ids"][row, :n] = e.type_ids
        return feed

    def _encode_batch(self, inputs: dict[str, np.ndarray], session) -> np.ndarray:
        feed = {k: v for k, v in inputs.items() if k in self._inputs}
        with self._lock:
            hidden = session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype("float32")
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype("float32")
