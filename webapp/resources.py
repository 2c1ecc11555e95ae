"""What the server holds once per process: the opened index and the one builder (a build
at a time, in a worker process)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .worker import Builder


def index_stamp(index_dir: Path) -> int:
    """Changes whenever the index is rebuilt (the manifest is rewritten), 0 when absent."""
    try:
        return (index_dir / "manifest.json").stat().st_mtime_ns
    except OSError:
        return 0


@st.cache_resource(show_spinner="Loading the index…", max_entries=4)
def load_retriever(index_dir: str, stamp: int):
    """Opened once per index build (the stamp changes when the index is rebuilt)."""
    from retriever import Retriever

    return Retriever.open(index_dir)


@st.cache_resource
def builder() -> Builder:
    return Builder()
