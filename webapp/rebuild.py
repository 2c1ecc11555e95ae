"""Builds on the page: a progress bar while the worker builds (webapp.worker), one build at a
time per server. The build swaps the new index in with one rename, so other sessions keep
answering meanwhile."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .messages import for_user
from .resources import builder, load_retriever
from .staleness import stale_check
from .worker import BuildJob, BuildOutcome

BUSY = "The index is already being updated; try again (or reload the page) in a minute."


def show_build(job: BuildJob, where=None, start_text: str = "") -> BuildOutcome | None:
    """Run the job in the worker with a progress bar in `where` (the page or the sidebar);
    None, with a warning, while another build runs. Caches are cleared after a build."""
    where = where or st
    bar = where.progress(0.0, text=start_text or "Starting the index build (loading the model)…")
    outcome = builder().run(job, lambda p: bar.progress(p.fraction, text=p.text))
    if outcome is None:
        bar.empty()
        where.warning(BUSY)
        return None
    if outcome.report is not None:
        bar.progress(1.0, text="Index updated.")
        load_retriever.clear()
        stale_check.clear()
    else:
        bar.empty()
    return outcome


def rebuild_index(index_dir: Path | str, corpus_dir: Path, where=None) -> bool:
    """Rebuild from the page. True when the index was rebuilt (the caller reruns the page)."""
    where = where or st
    outcome = show_build(BuildJob(corpus_dir, index_dir), where)
    if outcome is None:
        return False
    if outcome.report is None:
        problem = outcome.failed or outcome.refused
        where.error(for_user(f"The index could not be rebuilt: {problem}", index_dir))
        return False
    summary = for_user(outcome.report.summary(), index_dir, log=False)
    st.session_state["flash"] = ("success", summary)
    return True
