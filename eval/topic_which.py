"""The topic eval across councils: "which councils have a Staying Close scheme?", "which
councils were criticised for ...". Gold: `eval/topic_councils.jsonl`, the councils whose
newest report says it, judged by reading the reports (see `eval/topic_councils.md`).

Answers come from `Retriever.ask`; recall and precision are over the councils named. With
`--calibrate`, the listing cut-off (retriever/answer/topic_which.py `Cutoff`) is chosen on
the dev questions from one search per question, and reported on test.

    python -m eval.topic_which --index national-index [--calibrate]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "topic_councils.jsonl"


def load(path: Path = GOLD) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def scores(named: set[str], gold: set[str]) -> tuple[float, float]:
    recall = len(named & gold) / len(gold) if gold else float(not named)
    precision = len(named & gold) / len(named) if named else float(not gold)
    return recall, precision


def named_in(answer) -> set[str]:
    if answer.table is None:
        return set()
    return {row[0].text for row in answer.table.rows}


def ask_all(retriever, questions: list[dict]) -> list[dict]:
    out = []
    for q in questions:
        start = time.perf_counter()
        answer = retriever.ask(q["question"])
        ms = (time.perf_counter() - start) * 1000
        gold = {c["council"] for c in q["councils"]}
        recall, precision = scores(named_in(answer), gold)
        out.append(
            {
                "question": q["question"],
                "split": q["split"],
                "polarity": q["polarity"],
                "shape": answer.shape,
                "named": len(named_in(answer)),
                "gold": len(gold),
                "recall": recall,
                "precision": precision,
                "ms": ms,
            }
        )
    return out


def candidates(retriever, question: dict) -> list[tuple[str, float, float]]:
    """(council, coverage, similarity) of every council that would be listed with no
    cut-off, for choosing the cut-off without searching again."""
    from retriever.answer.topic_which import Cutoff, listed_councils

    query = retriever.resolver.resolve(question["question"], k=None, mode="hybrid")
    loose = Cutoff(coverage=0.0, similarity=-1.0)
    listed = listed_councils(query, retriever.sources, loose, limit=None)
    return [(item.council, item.coverage, item.similarity) for item in listed]


def calibrate(retriever, questions: list[dict]) -> dict:
    """The cut-off with the best mean F1 on dev (ties: the higher precision), and its
    figures on dev and test."""
    from retriever.answer import topic_which

    pooled = []
    for q in questions:
        listed = candidates(retriever, q)
        gold = {c["council"] for c in q["councils"]}
        pooled.append((q, listed, gold))

    def figures(cutoff, split):
        rows = []
        for q, listed, gold in pooled:
            if q["split"] != split:
                continue
            kept = [
                c for c, cov, sim in listed if cov >= cutoff.coverage or sim >= cutoff.similarity
            ][: topic_which.MAX_COUNCILS]
            rows.append(scores(set(kept), gold))
        recall = sum(r for r, _ in rows) / len(rows)
        precision = sum(p for _, p in rows) / len(rows)
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        return round(recall, 3), round(precision, 3), round(f1, 3)

    grid = [
        topic_which.Cutoff(coverage=c / 20, similarity=s / 100)
        for c in range(8, 21)
        for s in range(50, 101, 5)
    ]
    best = max(grid, key=lambda cut: (figures(cut, "dev")[2], figures(cut, "dev")[1]))
    return {
        "cutoff": {"coverage": best.coverage, "similarity": best.similarity},
        "dev": figures(best, "dev"),
        "test": figures(best, "test"),
        "shipped_dev": figures(topic_which.CUTOFF, "dev"),
        "shipped_test": figures(topic_which.CUTOFF, "test"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", default="national-index")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    from retriever import Retriever

    retriever = Retriever.open(args.index)
    questions = load(args.gold)
    if args.calibrate:
        result = calibrate(retriever, questions)
        print(json.dumps(result, indent=1))
        return 0
    rows = ask_all(retriever, questions)
    for split in ("dev", "test"):
        kept = [r for r in rows if r["split"] == split]
        if not kept:
            continue
        recall = sum(r["recall"] for r in kept) / len(kept)
        precision = sum(r["precision"] for r in kept) / len(kept)
        listed = sum(r["shape"] == "which" for r in kept)
        p50 = sorted(r["ms"] for r in kept)[len(kept) // 2]
        print(
            f"{split:5} n={len(kept):3} recall {recall:.3f} precision {precision:.3f} "
            f"answered as a list {listed}/{len(kept)} p50 {p50:.0f} ms"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
