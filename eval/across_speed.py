"""How long `ask` takes on questions across councils: "which councils in a region are good
for ...", "how many ...", changes between inspections, a region's table, regions compared and
topic listings ("which councils have a Staying Close scheme?"), p50 and p95 ms per kind,
beside a baseline of questions about one council's report asked in the same process, so
each kind reads as a ratio to the baseline whatever the load on the cores.

The across-council questions are those of the across eval (`eval/across.py`, every split)
and the topic eval (`eval/topic_councils.jsonl`); the baseline is the national gold set
(`eval/questions_national.jsonl`, each naming one council). The kinds are asked in turn,
one question of each, so load that comes and goes falls on every kind alike. Before timing,
one question of each kind is asked and reported as its first answer: what a fresh server
pays once per index (the catalogue's tables are then kept), after the preload the app starts
as its page is drawn (the model, and the newest reports topic questions read; `--cold`
without it). The shape each answer took is counted, so a kind whose questions were read as
something else is seen.

    python -m eval.across_speed --index national-index [--rounds 2] [--json speed.json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from . import across, topic_which
from .metrics import percentile

BASELINE = "one_council"
KINDS = ("which", "count", "movement", "region_table", "region_compare", "topic_which")
NATIONAL = Path(__file__).resolve().parent / "questions_national.jsonl"
TARGET_MS = 200.0


def question_sets(per_kind: int | None = None) -> dict[str, list[str]]:
    """The questions of each kind, the baseline first; at most `per_kind` of each."""
    with NATIONAL.open(encoding="utf-8") as fh:
        national = [json.loads(line)["question"] for line in fh if line.strip()]
    sets: dict[str, list[str]] = {BASELINE: national}
    sets.update({kind: [] for kind in KINDS})
    for q in across.questions():
        sets[q.kind].append(q.question)
    sets["topic_which"] = [q["question"] for q in topic_which.load()]
    return {kind: list(dict.fromkeys(qs))[:per_kind] for kind, qs in sets.items()}


def schedule(sets: dict[str, list[str]], rounds: int = 1) -> list[tuple[str, str]]:
    """(kind, question) pairs taking one question of each kind in turn, every question once
    a round."""
    out = []
    for _ in range(rounds):
        longest = max((len(qs) for qs in sets.values()), default=0)
        for i in range(longest):
            out.extend((kind, qs[i]) for kind, qs in sets.items() if i < len(qs))
    return out


@dataclass(frozen=True)
class KindSpeed:
    kind: str
    n: int
    p50_ms: float
    p95_ms: float
    first_ms: float  # the first answer of this kind in the process
    ratio_p50: float  # p50 over the baseline's p50
    shapes: dict[str, int]  # the shapes the answers took


def summarise(
    samples: dict[str, list[float]], first: dict[str, float], shapes: dict[str, Counter]
) -> list[KindSpeed]:
    """p50 and p95 per kind, each p50 over the baseline's."""
    base = percentile(samples[BASELINE], 50) if samples.get(BASELINE) else 0.0
    out = []
    for kind, ms in samples.items():
        p50 = percentile(ms, 50)
        out.append(
            KindSpeed(
                kind,
                len(ms),
                round(p50, 1),
                round(percentile(ms, 95), 1),
                round(first.get(kind, 0.0), 1),
                round(p50 / base, 2) if base else 0.0,
                dict(shapes.get(kind, Counter()).most_common()),
            )
        )
    return out


def run(retriever, sets: dict[str, list[str]], rounds: int = 1) -> list[KindSpeed]:
    """Ask the first question of each kind once (its first answer), then every question in
    turn, timing each `ask`."""
    first: dict[str, float] = {}
    for kind, qs in sets.items():
        if qs:
            first[kind] = _timed(retriever, qs[0])[0]
    samples: dict[str, list[float]] = {kind: [] for kind, qs in sets.items() if qs}
    shapes: dict[str, Counter] = {kind: Counter() for kind in samples}
    for kind, question in schedule(sets, rounds):
        ms, answer = _timed(retriever, question)
        samples[kind].append(ms)
        shapes[kind][answer.shape] += 1
    return summarise(samples, first, shapes)


def _timed(retriever, question: str):
    start = time.perf_counter()
    answer = retriever.ask(question)
    return (time.perf_counter() - start) * 1000, answer


def format_table(speeds: list[KindSpeed], target_ms: float = TARGET_MS) -> str:
    """A Markdown table, one row per kind, the baseline first."""
    lines = [
        "| kind | n | p50 ms | p95 ms | p50 / baseline | first answer ms | "
        f"p50 <= {target_ms:.0f} ms | shapes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in sorted(speeds, key=lambda s: s.kind != BASELINE):
        shapes = ", ".join(f"{shape} {n}" for shape, n in s.shapes.items())
        met = "yes" if s.p50_ms <= target_ms else "no"
        lines.append(
            f"| {s.kind} | {s.n} | {s.p50_ms:.1f} | {s.p95_ms:.1f} | {s.ratio_p50:.2f}x | "
            f"{s.first_ms:.1f} | {met} | {shapes} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.across_speed", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--index", default="national-index")
    parser.add_argument("--rounds", type=int, default=1, help="times each question is asked")
    parser.add_argument("--per-kind", type=int, help="at most this many questions a kind")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--cold", action="store_true", help="no preload: the first answers read what it reads"
    )
    args = parser.parse_args(argv)
    from retriever import Retriever

    retriever = Retriever.open(args.index)
    if not args.cold:  # as the app does once the page is drawn: the first question comes later
        retriever.preload()
        retriever.wait_for_model()
        retriever.wait_for_topics()
    speeds = run(retriever, question_sets(args.per_kind), args.rounds)
    print(format_table(speeds))
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in speeds], indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
