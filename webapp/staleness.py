"""Has corpus/ changed since the index was built? Checked cheaply on every page run."""

from __future__ import annotations

from pathlib import Path

import streamlit as st


def corpus_changes(corpus: dict[str, str], indexed: dict[str, str]) -> dict[str, list[str]]:
    """What changed in the corpus since the index was built (file -> sha256 maps)."""
    return {
        "added": sorted(set(corpus) - set(indexed)),
        "removed": sorted(set(indexed) - set(corpus)),
        "changed": sorted(f for f in set(corpus) & set(indexed) if corpus[f] != indexed[f]),
    }


def corpus_signature(corpus_dir: Path) -> tuple:
    """Cheap (name, size, mtime) listing: the corpus is re-hashed only when this changes."""
    try:
        return tuple(
            sorted(
                (p.relative_to(corpus_dir).as_posix(), st_.st_size, st_.st_mtime_ns)
                for p in corpus_dir.rglob("*")
                if p.is_file() and (st_ := p.stat())
            )
        )
    except OSError:
        return ()


@st.cache_data(show_spinner=False, max_entries=16)
def stale_check(corpus_dir: str, signature: tuple, stamp: int, _indexed: dict) -> dict | None:
    """Changes since the index was built; None when the corpus cannot be read."""
    from indexer import CorpusProblem, corpus_fingerprint

    try:
        return corpus_changes(corpus_fingerprint(Path(corpus_dir)), _indexed)
    except (CorpusProblem, OSError):
        return None
