"""The view chosen on the page, kept in the URL (`?view=compare`) as "My council" is, so a
link or a bookmark opens the same view and a reload keeps it."""

from __future__ import annotations

import streamlit as st

from .address import Params, view_from, view_params

KEY = "view"


def keep(params: Params) -> None:
    """Write these names into the page URL (None: take the name out), only those that
    differ, so an unchanged page sends nothing."""
    for name, value in params.items():
        if st.query_params.get(name) == value:
            continue
        if value is None:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = value


def view_picker(views: list[str]) -> str:
    """The view radio; the URL's view is read on first load, and the view shown written
    back after every run."""
    if KEY not in st.session_state or st.session_state[KEY] not in views:
        st.session_state[KEY] = view_from(st.query_params.get("view"), views)
    view = st.radio("View", views, horizontal=True, key=KEY)
    keep(view_params(view, views))
    return view
