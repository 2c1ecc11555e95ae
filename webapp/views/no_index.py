"""The page when there is no usable index: why, how to build one, and a button to do it."""

from __future__ import annotations

import streamlit as st

from ..messages import for_user
from ..paths import Locations
from ..rebuild import rebuild_index

NO_INDEX_HELP = (
    "Build the index first: run `make run` (builds the index, then starts this app) or "
    "`ofsted-qa index`, then reload this page."
)


def no_index_view(exc: Exception, places: Locations) -> None:
    st.error(for_user(f"There is no usable search index yet: {exc}", places.index_dir))
    st.info(NO_INDEX_HELP)
    clicked = places.corpus_dir.is_dir() and st.button("Build the index now", key="build_now")
    if clicked and rebuild_index(places.index_dir, places.corpus_dir):
        st.rerun()
