"""The sidebar: filters and search options, the index's status and staleness, the briefing."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from indexer.vocab import KIND_LABELS
from retriever import DEFAULT_CONFIG as CONFIG

from .paths import Locations
from .rebuild import rebuild_index
from .render import md_escape
from .resources import index_stamp
from .staleness import corpus_signature, stale_check
from .which_index import index_label


@dataclass
class Options:
    """What the sidebar's widgets ask of the views on this run."""

    filters: dict = field(default_factory=dict)
    k: int = CONFIG.k
    rerank: bool = False
    empty_years: bool = False  # the year range holds no report
    briefing_slot: object = None  # filled after the views ran (see briefing_panel)
    council: str | None = None  # my council (webapp.mycouncil), None when not chosen


def year_filter(selected: tuple[int, int], known: list[int]) -> list[int] | None:
    """Years to filter on, None for the full range, [] when the range holds no report."""
    lo, hi = selected
    if not known or (lo <= min(known) and hi >= max(known)):
        return None
    return [y for y in known if lo <= y <= hi]


def sidebar(retriever, places: Locations) -> Options:
    values = retriever.filter_values()
    st.sidebar.header("Filters")
    authority = st.sidebar.multiselect("Local authority", values["authority"], key="f_authority")
    kinds = st.sidebar.multiselect(
        "Report kind",
        values["kind"],
        format_func=lambda k: KIND_LABELS.get(k, k),
        key="f_kind",
    )
    years = values["year"]
    year_range = None
    if len(years) > 1:
        year_range = st.sidebar.slider(
            "Years", min(years), max(years), (min(years), max(years)), key="f_years"
        )
    st.sidebar.header("Search")
    rerank = st.sidebar.toggle("Rerank results (slower, more precise)", key="rerank")
    k = st.sidebar.slider("Number of sources", 1, 20, CONFIG.k, key="k")
    filters: dict = {}
    if authority:
        filters["authority"] = list(authority)
    if kinds:
        filters["kind"] = list(kinds)
    picked_years = year_filter(year_range, years) if year_range else None
    if picked_years is not None:
        filters["year"] = picked_years
    briefing_slot = st.sidebar.container()
    st.sidebar.header("Index")
    status = retriever.status()
    st.sidebar.markdown(md_escape(index_label(places.index_dir, status.get("documents", 0))))
    st.sidebar.caption(
        md_escape(
            f"{status.get('documents', 0)} documents · {status.get('passages', 0)} passages · "
            f"model {status.get('model', '?')} · built {status.get('built_at', '?')}",
            inline=True,
        )
    )
    stale_panel(retriever, places)
    return Options(filters, k, rerank, picked_years == [], briefing_slot)


def stale_panel(retriever, places: Locations) -> None:
    """Warn, in the sidebar, when corpus/ no longer matches what the index was built from."""
    index_dir, corpus_dir = places.index_dir, places.corpus_dir
    if not corpus_dir.is_dir():
        st.sidebar.caption(
            md_escape(f"Corpus folder {corpus_dir} not found: cannot check the index.", inline=True)
        )
        return
    from indexer.parse.pool import parser_version

    changes = stale_check(
        str(corpus_dir),
        corpus_signature(corpus_dir),
        index_stamp(index_dir),
        dict(retriever.manifest.corpus),
    )
    what = []
    for name, files in (changes or {}).items():
        if files:
            shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
            what.append(md_escape(f"{len(files)} {name} ({shown})", inline=True))
    if what:
        reason = "Since it was built, corpus/ has " + "; ".join(what) + "."
    elif retriever.manifest.parser != parser_version():
        reason = (
            "It was built by another version of the report reader, which may date or name "
            "reports differently (a rebuild reuses every stored vector, so only reading "
            "the reports takes time)."
        )
    else:
        return
    st.sidebar.warning(
        f"**The index is out of date.** {reason} Answers do not reflect this yet. Rebuild "
        "the index with the button below, or run `make index` (or `ofsted-qa index`) and "
        "reload the page.",
        icon="⚠️",
    )
    clicked = st.sidebar.button("Rebuild the index now", key="rebuild")
    if clicked and rebuild_index(index_dir, corpus_dir, where=st.sidebar):
        st.rerun()


def briefing_panel(slot) -> None:
    """Filled after the page ran, so it sees the answer given in this run. The briefing
    itself is the Briefing view (above the page, not only here)."""
    turns = st.session_state.get("turns", [])
    with slot:
        st.header("Conversation")
        st.caption("Tick answers for the briefing, then open the Briefing view to export it.")
        if st.button("Clear the conversation", key="clear", disabled=not turns):
            st.session_state["turns"] = []
            st.rerun()
