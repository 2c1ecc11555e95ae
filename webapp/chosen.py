"""Which answers go into the briefing: kept apart from the checkboxes that tick them, so a
choice made under an answer (Ask view) is still there in the Briefing view."""

from __future__ import annotations

import streamlit as st

KEY = "briefing_ids"


def chosen_ids() -> list[str]:
    return st.session_state.setdefault(KEY, [])


def _toggle(turn_id: str, widget: str) -> None:
    ids = chosen_ids()
    if st.session_state.get(widget) and turn_id not in ids:
        ids.append(turn_id)
    elif not st.session_state.get(widget) and turn_id in ids:
        ids.remove(turn_id)


def include_box(turn_id: str, label: str, where: str) -> None:
    """A checkbox that adds the turn to the briefing or takes it out."""
    widget = f"brief-{where}-{turn_id}"
    st.checkbox(
        label,
        value=turn_id in chosen_ids(),
        key=widget,
        on_change=_toggle,
        args=(turn_id, widget),
    )
