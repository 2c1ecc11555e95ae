"""How far two careful readers of the same reports agree on the topic questions across
councils, and how the listing scores against each: the second judge's councils
(`eval/second_judge/`, judged without sight of the first judge's) scored against the first
judge's (`eval/topic_councils_blind*.jsonl`), and `ask`'s answers against both.

    python -m eval.topic_agreement                        # the judges only
    python -m eval.topic_agreement --index national-index # and the listing
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import mean

from .topic_which import load, named_in, scores

HERE = Path(__file__).resolve().parent
SECOND = HERE / "second_judge"


def judged_twice() -> list[tuple[str, list[dict], list[dict]]]:
    """(set name, first judge's questions, second judge's), for each set judged twice."""
    sets = []
    for path in sorted(SECOND.glob("blind*.jsonl")):
        first = load(HERE / f"topic_councils_{path.stem}.jsonl")
        second = load(path)
        if [q["question"] for q in first] != [q["question"] for q in second]:
            raise SystemExit(f"{path.name}: not the questions of topic_councils_{path.stem}.jsonl")
        sets.append((path.stem, first, second))
    return sets


def councils(question: dict) -> set[str]:
    return {c["council"] for c in question["councils"]}


def figures(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float, float]:
    """Mean recall and precision of each named set against its gold, and their F1."""
    rows = [scores(named, gold) for named, gold in pairs]
    recall, precision = mean(r for r, _ in rows), mean(p for _, p in rows)
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return recall, precision, f1


def line(label: str, got: tuple[float, float, float]) -> str:
    return f"  {label:38} recall {got[0]:.3f} precision {got[1]:.3f} F1 {got[2]:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", help="also score the listing (ask) against each judge")
    args = parser.parse_args(argv)
    sets = judged_twice()
    retriever = None
    if args.index:
        from retriever import Retriever

        retriever = Retriever.open(args.index)
    for name, first, second in sets:
        a, b = [councils(q) for q in first], [councils(q) for q in second]
        print(f"{name} ({len(first)} questions)")
        print(line("second judge against the first", figures(list(zip(b, a)))))
        print(line("first judge against the second", figures(list(zip(a, b)))))
        if retriever is None:
            continue
        named = [named_in(retriever.ask(q["question"])) for q in first]
        print(line("listing against the first judge", figures(list(zip(named, a)))))
        print(line("listing against the second judge", figures(list(zip(named, b)))))
        both = [x & y for x, y in zip(a, b)]
        print(line("listing against councils both name", figures(list(zip(named, both)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
