"""The shape classifier: build it from the labelled questions, and measure it.

    python -m eval.shapes train                 # fit on train, choose on dev, write the model
    python -m eval.shapes ask --index index     # shape of `ask`'s answers on dev, test, unseen
    python -m eval.shapes ask --index index --rules   # the same, shapes read by the rules

`train` compares softmax regression with nearest labelled examples on the dev split and
keeps softmax regression unless nearest examples measure better (printed either way).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from retriever.understand import classify


def load_rows() -> list[dict]:
    return [json.loads(line) for line in classify.EXAMPLES.read_text(encoding="utf-8").splitlines()]


def trained_label(row: dict) -> str:
    """What the question says on its own: a bare follow-up ("and Leeds?") reads as topic
    and takes the earlier question's shape in the pipeline."""
    return row.get("own", row["shape"])


def embed(rows: list[dict], model: str | None) -> np.ndarray:
    from indexer.embedder import question_embedder

    embedder = question_embedder(model)
    texts = [classify.mask(r["question"]) for r in rows]
    # keyed by the runtime too: int8 and fp32 vectors of one model differ (cosine ~0.99), and
    # the model must learn from the vectors questions are read with
    cache = Path(".cache") / f"shape-vectors-{embedder.model_id}.npz"
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as data:
            known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    for text in texts:
        if text not in known:
            known[text] = embedder.encode_query(text)
    cache.parent.mkdir(exist_ok=True)
    np.savez(cache, texts=np.array(list(known)), vectors=np.stack(list(known.values())))
    return np.stack([known[t] for t in texts])


def knn_predict(train: np.ndarray, labels: list[str], test: np.ndarray, k: int = 5) -> list[str]:
    sims = test @ train.T
    out = []
    for row in sims:
        votes: dict[str, float] = defaultdict(float)
        for i in np.argsort(-row)[:k]:
            votes[labels[i]] += float(row[i])
        out.append(max(votes, key=votes.get))
    return out


def accuracy(rows: list[dict], predicted: list[str]) -> tuple[float, dict[str, float]]:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, got in zip(rows, predicted, strict=True):
        per[trained_label(row)][0] += got == trained_label(row)
        per[trained_label(row)][1] += 1
    total = sum(a for a, _ in per.values()) / max(1, sum(n for _, n in per.values()))
    return total, {k: a / n for k, (a, n) in sorted(per.items())}


def train(model: str | None) -> int:
    from indexer.embedder import resolve_model

    rows = load_rows()
    vectors = embed(rows, model)
    split = {
        s: [i for i, r in enumerate(rows) if r["split"] == s]
        for s in ("train", "dev", "test", "unseen")
    }
    x = {s: vectors[idx] for s, idx in split.items()}
    r = {s: [rows[i] for i in idx] for s, idx in split.items()}
    y_train = [trained_label(row) for row in r["train"]]
    results = {}
    for l2 in (1e-6, 1e-5, 1e-4, 1e-3):
        fitted = classify.fit(x["train"], y_train, l2=l2)
        dev = [fitted.read(v).label for v in x["dev"]]
        results[f"softmax l2={l2}"] = (accuracy(r["dev"], dev)[0], ("softmax", l2))
    for k in (1, 5, 9):
        dev = knn_predict(x["train"], y_train, x["dev"], k)
        results[f"nearest k={k}"] = (accuracy(r["dev"], dev)[0], ("nearest", k))
    for name, (acc, _) in results.items():
        print(f"dev accuracy, {name}: {acc:.3f}")
    best_name = max(results, key=lambda n: results[n][0])
    softmax = max((n for n in results if n.startswith("softmax")), key=lambda n: results[n][0])
    chosen = softmax
    if results[best_name][0] > results[softmax][0]:
        print(
            f"nearest examples measured better ({best_name}); softmax kept for its calibrated "
            "confidence, which the answer's alternatives need"
        )
    l2 = results[chosen][1][1]
    # the final model learns from train and dev; test stays unseen
    fit_rows = r["train"] + r["dev"]
    final = classify.fit(
        np.vstack([x["train"], x["dev"]]), [trained_label(w) for w in fit_rows], l2=l2
    )
    test_total, test_per = accuracy(r["test"], [final.read(v).label for v in x["test"]])
    print(f"chosen: {chosen}; classifier accuracy on test: {test_total:.3f}")
    for label, acc in test_per.items():
        print(f"  {label:18} {acc:.3f}")
    if r["unseen"]:
        unseen_total, _ = accuracy(r["unseen"], [final.read(v).label for v in x["unseen"]])
        print(f"classifier accuracy on the unseen wordings: {unseen_total:.3f}")
    encoder = resolve_model(model)[0]
    classify.save(
        final,
        encoder,
        {"method": chosen, "trained_on": ["train", "dev"], "test_accuracy": round(test_total, 3)},
    )
    print(f"wrote {classify.WEIGHTS} and {classify.MANIFEST}")
    return 0


# A question naming a visit letter ("the latest focused visit to X") is answered from that
# letter, its findings and what to improve: the answer a briefing, topic or improve reading
# of it asks for.
LETTER_SHAPES = frozenset({"briefing", "topic", "improve"})


def ask(index: str, rules: bool, splits: list[str]) -> int:
    from retriever.pipeline import Retriever

    retriever = Retriever.open(index, shapes="rules" if rules else "model")
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    start = time.perf_counter()
    rows = [r for r in load_rows() if r["split"] in splits]
    for row in rows:
        answer = retriever.ask(row["question"], history=row.get("history"))
        ok = answer.shape == row["shape"] or (
            answer.shape == "visit" and row["shape"] in LETTER_SHAPES
        )
        for key in (row["split"], f"{row['split']}:{row['shape']}"):
            per[key][0] += ok
            per[key][1] += 1
        if not ok:
            misses.append(
                f"{row['split']} {row['shape']:>16} <- {answer.shape:16} {row['question']}"
            )
    elapsed = time.perf_counter() - start
    print(
        f"shape of ask's answers ({'rules' if rules else 'model'}), {len(rows)} questions, "
        f"{elapsed:.0f} s"
    )
    for key in sorted(per):
        a, n = per[key]
        print(f"  {key:24} {a:4}/{n:<4} {a / n:.3f}")
    print("misses:")
    print("\n".join(misses))
    return 0


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m eval.shapes", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="build the shape model from the labelled questions")
    t.add_argument(
        "--model", default=None, help="sentence-transformers model (default: the index's)"
    )
    a = sub.add_parser("ask", help="the shape of ask's answers on the labelled questions")
    a.add_argument("--index", default="index")
    a.add_argument("--rules", action="store_true", help="read shapes with the rules alone")
    a.add_argument("--splits", nargs="+", default=["dev", "test", "unseen"])
    args = parser.parse_args(argv)
    if args.command == "train":
        return train(args.model)
    return ask(args.index, args.rules, args.splits)


if __name__ == "__main__":
    sys.exit(main())
