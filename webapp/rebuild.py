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


def rebuild_index(index_dir: Path, corpus_dir: Path, where=None) -> bool:
    """Rebuild from the page with a progress bar in `where` (the page or the sidebar); one
    build at a time. True when the index was rebuilt (the caller reruns the page)."""
    import streamlit as st

    from .render import md_escape
    from .resources import build_lock, load_retriever
    from .staleness import stale_check

    where = where or st
    lock = build_lock()
    if not lock.acquire(blocking=False):
        where.warning("The index is already being updated; reload the page in a minute.")
        return False
    try:
        bar = where.progress(0.0, text="Starting the index build (loading the model)…")
        summary = rebuild(index_dir, corpus_dir, lambda f, text: bar.progress(f, text=text))
    except Exception as exc:  # noqa: BLE001 - a failed build is a message
        where.error(md_escape(f"The index could not be rebuilt: {exc}", inline=True))
        return False
    finally:
        lock.release()
    bar.progress(1.0, text="Index rebuilt.")
    st.session_state["flash"] = ("success", md_escape(summary, inline=True))
    load_retriever.clear()
    stale_check.clear()
    return True
