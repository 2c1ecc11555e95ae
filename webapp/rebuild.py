"""Rebuilding the index from the page: in this process, with a progress bar. The build
swaps the new index in with one rename, so other sessions keep answering meanwhile."""

from __future__ import annotations

from pathlib import Path

# Share of the progress bar each build stage fills (reading is quick, embedding is not).
STAGES = {"Reading": (0.0, 0.3), "Embedding": (0.3, 0.95)}


def progress_fraction(stage: str, done: int, total: int) -> float:
    """How far through the whole build one stage's progress is, from 0 to under 1."""
    lo, hi = STAGES[stage]
    return lo + (hi - lo) * (min(done, total) / total if total else 1.0)


def rebuild(index_dir: Path, corpus_dir: Path, show) -> str:
    """Build the index; `show(fraction, text)` draws progress. Returns the build's summary
    line; raises what build_index raises."""
    from indexer import build_index

    def on_progress(stage: str, done: int, total: int) -> None:
        show(progress_fraction(stage, done, total), f"{stage} the reports… {done}/{total}")

    report = build_index(corpus_dir, index_dir, progress=False, on_progress=on_progress)
    return report.summary()
