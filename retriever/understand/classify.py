"""The question's shape read from labelled examples, not from one phrasing each.

A softmax (multinomial logistic) regression over the question's MiniLM sentence embedding,
the same encoder search uses. Councils and years are replaced by placeholders before
embedding, so the shape is learned from how people ask, never from which council they name.
The weights are built from `data/shape_questions.jsonl` by `python -m eval.shapes train`
and checked at load, like the index manifest: examples changed since the weights were
built, or another encoder, is a clear error, never a silent misreading.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from indexer import councils
from indexer.errors import OfstedQAError

# The shapes the classifier tells apart. "compare" is a comparison of councils (with
# statistical neighbours or one another); "neighbours" asks who the neighbours are;
# "count" is "how many councils ...".
LABELS: tuple[str, ...] = (
    "grades",
    "improve",
    "recommendations",
    "briefing",
    "trend",
    "progress",
    "compare",
    "neighbours",
    "which",
    "count",
    "movement",
    "region_table",
    "region_compare",
    "fact_inspector",
    "fact_dates",
    "fact_publication",
    "topic",
)
VERSION = 1
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = DATA / "shape_questions.jsonl"
WEIGHTS = DATA / "shapes.npz"
MANIFEST = DATA / "shapes.json"
COUNCIL, YEAR, REGION = "council", "2020", "the region"
_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")


class ShapeModelError(OfstedQAError, RuntimeError):
    """The shipped shape model cannot be used as it is; the message says how to rebuild it."""


@dataclass(frozen=True)
class Reading:
    """The shape read, how sure the model is, and the next likeliest shapes."""

    label: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()


def mask(question: str) -> str:
    """The question with every English council and year replaced by a placeholder."""
    from .question import _acronyms, _alias_patterns

    names = councils.names()
    question = _mask_regions(question)
    for _name, short in _acronyms(names):
        question = re.sub(rf"\b{short}\b", COUNCIL, question, flags=re.I if len(short) > 2 else 0)
    text = councils.fold(question)
    for pattern, _, _ in _alias_patterns(names):
        text = pattern.sub(COUNCIL, text)
    text = _YEAR.sub(YEAR, text)
    text = re.sub(
        rf"\b(?:the\s+)?{COUNCIL}\s+(?:and\s+(?:the\s+)?)?{COUNCIL}\b", "two councils", text
    )
    return re.sub(r"\s+", " ", text).strip()


def _mask_regions(text: str) -> str:
    """Regions ("the North East", "London boroughs") as one placeholder: a shape is learned
    from how people ask, not from which region they name."""
    from indexer.regions import find_regions

    for mention in reversed(find_regions(text)):
        if mention.region is not None:
            plural = re.search(r"(?:boroughs|councils)$", mention.words, re.I)
            placeholder = f"{REGION} councils" if plural else REGION
            text = text[: mention.start] + placeholder + text[mention.end :]
    return text


def examples_sha256(path: Path | None = None) -> str:
    return hashlib.sha256((path or EXAMPLES).read_bytes()).hexdigest()


def base_model(model: str) -> str:
    """The encoder's weights, whatever runtime runs them ("all-MiniLM-L6-v2+onnx" -> base)."""
    return model.partition("+")[0]


@dataclass(frozen=True)
class ShapeModel:
    labels: tuple[str, ...]
    weights: np.ndarray  # (dimensions, labels)
    bias: np.ndarray  # (labels,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = np.atleast_2d(vectors) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def read(self, vector: np.ndarray) -> Reading:
        p = self.probabilities(vector)[0]
        order = np.argsort(-p)
        alternatives = tuple((self.labels[i], round(float(p[i]), 3)) for i in order[1:3])
        return Reading(self.labels[order[0]], round(float(p[order[0]]), 3), alternatives)


def fit(
    vectors: np.ndarray,
    labels: list[str],
    *,
    l2: float = 1e-3,
    steps: int = 3000,
    rate: float = 4.0,
) -> ShapeModel:
    """Softmax regression by full-batch gradient descent: a few hundred rows of 384
    numbers, so plain numpy, seconds, and the same result on every machine."""
    y = np.array([LABELS.index(label) for label in labels])
    n, d = vectors.shape
    k = len(LABELS)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    # each shape weighs the same however many examples it has
    counts = onehot.sum(axis=0)
    row_weight = (n / (k * np.maximum(counts, 1)))[y][:, None]
    w, b = np.zeros((d, k)), np.zeros(k)
    for _ in range(steps):
        model = ShapeModel(LABELS, w, b)
        grad = (model.probabilities(vectors) - onehot) * row_weight / n
        w -= rate * (vectors.T @ grad + l2 * w)
        b -= rate * grad.sum(axis=0)
    return ShapeModel(LABELS, w.astype("float32"), b.astype("float32"))


def save(model: ShapeModel, encoder: str, extra: dict | None = None) -> None:
    np.savez(WEIGHTS, weights=model.weights, bias=model.bias)
    manifest = {
        "version": VERSION,
        "model": base_model(encoder),
        "labels": list(model.labels),
        "examples": EXAMPLES.name,
        "examples_sha256": examples_sha256(),
        "weights_sha256": hashlib.sha256(WEIGHTS.read_bytes()).hexdigest(),
        **(extra or {}),
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


_REBUILD = "rebuild it with `python -m eval.shapes train`"


@lru_cache(maxsize=4)
def load(encoder: str) -> ShapeModel:
    """The shipped model, after checking that it was built from the shipped examples, by
    this version and for this encoder's weights."""
    if not MANIFEST.exists() or not WEIGHTS.exists():
        raise ShapeModelError(f"the shape model is missing from {DATA}/; {_REBUILD}")
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if manifest.get("version") != VERSION:
        raise ShapeModelError(
            f"the shape model is version {manifest.get('version')}, this code reads "
            f"version {VERSION}; {_REBUILD}"
        )
    if manifest.get("model") != base_model(encoder):
        raise ShapeModelError(
            f"the shape model was trained on {manifest.get('model')!r} embeddings, not "
            f"{base_model(encoder)!r}; {_REBUILD} --model {base_model(encoder)}"
        )
    if manifest.get("examples_sha256") != examples_sha256():
        raise ShapeModelError(
            f"{EXAMPLES.name} changed since the shape model was built; {_REBUILD}"
        )
    if manifest.get("weights_sha256") != hashlib.sha256(WEIGHTS.read_bytes()).hexdigest():
        raise ShapeModelError(f"{WEIGHTS.name} does not match its manifest; {_REBUILD}")
    if tuple(manifest.get("labels", ())) != LABELS:
        raise ShapeModelError(f"the shape model's labels differ from this code's; {_REBUILD}")
    with np.load(WEIGHTS) as data:
        return ShapeModel(LABELS, data["weights"], data["bias"])


class ShapeReader:
    """Reads a question's shape with the shipped model and the retriever's encoder."""

    def __init__(self, encoder: str, encode: Callable[[str], np.ndarray]):
        self.model = load(encoder)
        self.encode = encode

    def read(self, question: str) -> Reading:
        return self.model.read(self.encode(mask(question)))

    def __call__(self, question: str) -> tuple[str, float, tuple[str, ...], tuple[float, ...]]:
        """(label, confidence, the next likeliest labels, their probabilities)."""
        reading = self.read(question)
        labels = tuple(a for a, _ in reading.alternatives)
        return reading.label, reading.confidence, labels, tuple(p for _, p in reading.alternatives)
