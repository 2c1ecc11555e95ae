"""The Briefing view: the answers ticked for cabinet, exported as Word and PDF with the
council's grades, its neighbours, numbered references and the reports it draws on."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..chosen import chosen_ids, include_box
from ..paths import Locations
from ..render import md_escape
from ..sidebar import Options


def chosen_turns(turns: list[dict]) -> list[dict]:
    """The answered turns ticked "Include in the briefing", in the order asked."""
    ids = set(chosen_ids())
    return [t for t in turns if t.get("answer") is not None and t["id"] in ids]


def briefing_view(retriever, options: Options, places: Locations) -> None:
    from ..cabinet import build_briefing

    st.subheader("Briefing for cabinet")
    turns = st.session_state.get("turns", [])
    answered = [t for t in turns if t.get("answer") is not None]
    if not answered:
        st.info(
            "Ask questions in the Ask view, tick 'Include in the briefing' under each answer "
            "you want, and export the briefing here as Word or PDF."
        )
    for t in answered:
        include_box(t["id"], md_escape(t["question"], inline=True), "list")
    title = st.text_input(
        "Title",
        key="briefing_title",
        placeholder="Ofsted inspection briefing"
        + (f": {options.council}" if options.council else ""),
    )
    chosen = chosen_turns(turns)
    council = options.council
    st.caption(
        md_escape(
            f"{len(chosen)} answer{'s' if len(chosen) != 1 else ''} chosen"
            + (
                f" · grades and neighbours of {council}"
                if council
                else " · choose your council above for its grades and neighbours"
            ),
            inline=True,
        )
    )
    briefing = build_briefing(
        [(t["question"], t["answer"]) for t in chosen],
        retriever.judgements(),
        council,
        title=title or "",
        today=date.today(),
    )
    download_buttons(briefing, "briefing", disabled=not chosen and not council)


def download_buttons(briefing, key: str, disabled: bool = False) -> None:
    """The briefing as Word and PDF, side by side (made only when a button is pressed)."""
    from ..export import briefing_docx, briefing_pdf

    council = briefing.council
    name = "ofsted-briefing" + (f"-{_slug(council)}" if council else "")
    left, right = st.columns(2)
    left.download_button(
        "Download the briefing (Word)",
        data=lambda: briefing_docx(briefing),
        file_name=f"{name}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key=f"{key}_docx",
        disabled=disabled,
        on_click="ignore",
    )
    right.download_button(
        "Download the briefing (PDF)",
        data=lambda: briefing_pdf(briefing),
        file_name=f"{name}.pdf",
        mime="application/pdf",
        key=f"{key}_pdf",
        disabled=disabled,
        on_click="ignore",
    )


def _slug(name: str) -> str:
    from ..council import slug

    return slug(name)
