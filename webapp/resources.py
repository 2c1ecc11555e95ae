"""What the server holds once per process: the opened index and the one builder (a build
at a time, in a worker process)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .worker import Builder


def index_stamp(index_dir: Path | str) -> int:
    """Changes whenever a new build is swapped in, by this app server or (PostgreSQL) any
    other: the manifest's time for a folder, the current generation for a URL; 0 when absent."""
    from indexer.store import stamp

    return stamp(index_dir)


@st.cache_resource(show_spinner="Loading the index…", max_entries=4)
def load_retriever(index_dir: str, stamp: int):
    """Opened once per index build (the stamp changes when the index is rebuilt).
    `index_dir`: a folder or a postgresql:// URL."""
    from retriever import Retriever

    return Retriever.open(index_dir)


@st.cache_resource
def builder() -> Builder:
    return Builder()


@st.cache_resource
def started(corpus_dir: str) -> list[str]:
    """Once per app server: upload files a killed server left in the corpus are removed."""
    from .uploads import clean_stray_uploads

    return [p.name for p in clean_stray_uploads(corpus_dir)]
