"""The across-council speed benchmark's pure parts: every kind has questions, the kinds are
asked in turn, and each kind's p50 reads as a ratio to the baseline's."""

from __future__ import annotations

from collections import Counter

from eval.across_speed import BASELINE, KINDS, format_table, question_sets, schedule, summarise


def test_every_kind_and_the_baseline_have_questions():
    sets = question_sets()
    assert list(sets) == [BASELINE, *KINDS]
    assert all(len(qs) >= 10 for qs in sets.values()), {k: len(v) for k, v in sets.items()}
    assert all(len(set(qs)) == len(qs) for qs in sets.values())
    assert all(len(qs) == 2 for qs in question_sets(per_kind=2).values())


def test_the_kinds_are_asked_in_turn_every_question_once_a_round():
    sets = {"a": ["a1", "a2", "a3"], "b": ["b1"], "c": ["c1", "c2"]}
    order = schedule(sets)
    assert order == [("a", "a1"), ("b", "b1"), ("c", "c1"), ("a", "a2"), ("c", "c2"), ("a", "a3")]
    assert schedule(sets, rounds=2) == order + order


def test_each_kind_reads_as_a_ratio_to_the_baseline():
    samples = {BASELINE: [10.0, 20.0, 30.0], "which": [40.0, 60.0, 80.0]}
    shapes = {"which": Counter({"which": 2, "topic": 1})}
    speeds = {s.kind: s for s in summarise(samples, {"which": 90.0}, shapes)}
    assert speeds[BASELINE].p50_ms == 20.0 and speeds[BASELINE].ratio_p50 == 1.0
    assert speeds["which"].p50_ms == 60.0 and speeds["which"].ratio_p50 == 3.0
    assert speeds["which"].p95_ms == 78.0
    assert speeds["which"].first_ms == 90.0
    assert speeds["which"].shapes == {"which": 2, "topic": 1}
    table = format_table(list(speeds.values()), target_ms=50)
    rows = table.splitlines()
    assert rows[2].startswith(f"| {BASELINE} | 3 | 20.0 | 29.0 | 1.00x |")
    assert rows[3] == "| which | 3 | 60.0 | 78.0 | 3.00x | 90.0 | no | which 2, topic 1 |"
