"""The topic eval across councils: "which councils have a Staying Close scheme?", "which
councils were criticised for ...". Gold: `eval/topic_councils.jsonl`, the councils whose
newest report says it, judged by reading the reports (see `eval/topic_councils.md`).

Answers come from `Retriever.ask`; recall and precision are over the councils named. The
listing alone (`topic_which.candidates` and the shipped cut-off, whatever shape the
question is read as) is scored beside it. With `--calibrate`, the listing cut-off
(retriever/answer/topic_which.py `Cutoff`) is chosen on the dev questions from one reading
per question, and reported on test. The questions judged blind (`eval/topic_councils_blind*.jsonl`,
by reading the reports without the listing's code or output) are asked too and never
calibrated on; each set is blind only until its errors are first read (docs/quality.md).

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


def candidates(retriever, question: dict) -> list:
    """Every council the listing would weigh for the question, with no cut-off (read once,
    for choosing the cut-off without reading again)."""
    from retriever.answer.topic_which import candidates as weighed

    query = retriever.resolver.resolve(question["question"], k=None, mode="hybrid")
    return weighed(query, retriever.sources)


def listing_figures(
    pooled: list, cutoff, split: str | tuple[str, ...]
) -> tuple[float, float, float]:
    """(recall, precision, F1) of the listing alone over the questions of a split (or of
    several, each question counting once), the shape the question was read as left aside."""
    from retriever.answer import topic_which

    splits = (split,) if isinstance(split, str) else split
    rows = []
    for q, found, gold in pooled:
        if q["split"] not in splits:
            continue
        named = {c.council for c in topic_which.kept(found, cutoff)[: topic_which.MAX_COUNCILS]}
        rows.append(scores(named, gold))
    recall = sum(r for r, _ in rows) / len(rows)
    precision = sum(p for _, p in rows) / len(rows)
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return round(recall, 3), round(precision, 3), round(f1, 3)


def pool(retriever, questions: list[dict]) -> list:
    return [(q, candidates(retriever, q), {c["council"] for c in q["councils"]}) for q in questions]


def calibrate(retriever, questions: list[dict], on: tuple[str, ...] = ("dev",)) -> dict:
    """The cut-off with the best mean F1 over the questions of the splits `on` (ties: the
    higher precision, the higher absolute floor, so an off-topic question lists nobody), and
    its figures on every split, with the shipped cut-off's beside them."""
    from retriever.answer import topic_which

    pooled = pool(retriever, questions)
    grid = [
        topic_which.Cutoff(coverage=c / 40, relative=r / 40)
        for c in range(0, 33)
        for r in range(round(topic_which.FLOOR * 40), 37)
    ]

    def key(cut):  # ties: the higher precision, then the higher absolute floor
        recall, precision, f1 = listing_figures(pooled, cut, on)
        return f1, precision, cut.coverage

    best = max(grid, key=key)
    splits = list(dict.fromkeys(q["split"] for q in questions))
    return {
        "cutoff": {"coverage": best.coverage, "relative": best.relative},
        "chosen on": list(on),
        **{split: listing_figures(pooled, best, split) for split in splits},
        **{f"shipped_{s}": listing_figures(pooled, topic_which.CUTOFF, s) for s in splits},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", default="national-index")
    parser.add_argument(
        "--gold",
        type=Path,
        action="append",
        help=f"judged questions (repeatable; default {GOLD.name} and the blind sets present)",
    )
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument(
        "--on",
        default="dev",
        help="with --calibrate: the splits to choose the cut-off on, comma-separated (dev)",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--shapes", choices=("model", "rules"), default="model", help="how shapes are read"
    )
    args = parser.parse_args(argv)
    from retriever import Retriever

    retriever = Retriever.open(args.index, shapes=args.shapes)
    golds = args.gold or [GOLD, *sorted(GOLD.parent.glob("topic_councils_blind*.jsonl"))]
    questions = [q for path in golds for q in load(path)]
    if args.calibrate:
        result = calibrate(retriever, questions, tuple(args.on.split(",")))
        print(json.dumps(result, indent=1))
        return 0
    from retriever.answer import topic_which

    pooled = pool(retriever, questions)
    rows = ask_all(retriever, questions)
    splits = ["dev", "test", *sorted({q["split"] for q in questions} - {"dev", "test"})]
    for split in splits:
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
        recall, precision, _ = listing_figures(pooled, topic_which.CUTOFF, split)
        print(f"{split:5} listing alone: recall {recall:.3f} precision {precision:.3f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
