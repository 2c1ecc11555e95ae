"""The "My council" choice on the page: kept in the URL (`?council=barnet`) so a bookmark
keeps it, and shown above the views so it is reachable without opening the sidebar."""

from __future__ import annotations

import streamlit as st

from .council import from_slug, slug

KEY = "my_council"


def set_council(name: str | None) -> None:
    """Make `name` my council (None: none), in this session and in the page URL."""
    st.session_state[KEY] = name
    if name:
        st.query_params["council"] = slug(name)
    else:
        st.query_params.pop("council", None)


def _sync() -> None:
    set_council(st.session_state.get(KEY))


def council_picker(held: list[str]) -> str | None:
    """The selectbox; returns my council, or None. The URL's council is read on first load."""
    if KEY not in st.session_state:
        st.session_state[KEY] = from_slug(st.query_params.get("council"), held)
    if st.session_state[KEY] not in held:
        st.session_state[KEY] = None
    st.html('<span id="my-council"></span>')  # "change" links on answers point here
    st.selectbox(
        "My council",
        held,
        key=KEY,
        index=None,
        placeholder="Choose your council",
        on_change=_sync,
        help="Questions that name no council, and 'we', 'our' and 'us', mean this council. "
        "It is kept in the page address, so a bookmark keeps it.",
    )
    council = st.session_state.get(KEY)
    wanted = slug(council) if council else None
    if st.query_params.get("council") != wanted:  # the widget is drawn: the URL only
        if wanted:
            st.query_params["council"] = wanted
        else:
            st.query_params.pop("council", None)
    return council
