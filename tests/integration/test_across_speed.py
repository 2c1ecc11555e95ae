"""The across-council speed benchmark end to end on the session's real index: one question
of each kind, each answered in the shape of its kind, timed beside the baseline (no time
is asserted: the figures are the benchmark's, in docs/performance.md)."""

from __future__ import annotations

import pytest

from eval.across_speed import BASELINE, KINDS, question_sets, run

pytestmark = pytest.mark.model


def test_one_question_of_each_kind_is_timed_beside_the_baseline(retriever):
    speeds = {s.kind: s for s in run(retriever, question_sets(per_kind=1))}
    assert list(speeds) == [BASELINE, *KINDS]
    assert all(s.n == 1 and s.p50_ms > 0 and s.first_ms > 0 for s in speeds.values())
    assert speeds[BASELINE].ratio_p50 == 1.0
    for kind in ("which", "count", "movement", "region_table", "region_compare"):
        assert speeds[kind].shapes == {kind: 1}, (kind, speeds[kind].shapes)
