"""Under a briefing asked for in the chat: the council against its statistical neighbours
(with its region and England) and the briefing as Word and PDF, the same paper the Briefing
view exports."""

from __future__ import annotations

import streamlit as st

from ..gradecells import STYLE, plain_cells, table_html
from ..render import md_escape
from .brief import download_buttons


def briefing_offer(turn: dict) -> None:
    briefing = turn.get("briefing")
    if briefing is None:
        return
    if briefing.neighbours:
        caption = f"{briefing.council} and its statistical neighbours, newest inspection each"
        st.html(STYLE)
        st.html(table_html(plain_cells(caption, briefing.neighbours), lambda _: ""))
        st.caption(md_escape(" ".join(briefing.notes), inline=True))
    st.caption(
        md_escape(
            f"This briefing for cabinet as a paper: {briefing.council}'s grades at every "
            "inspection, its neighbours, this answer and its numbered references.",
            inline=True,
        )
    )
    download_buttons(briefing, f"chat-{turn['id']}")
