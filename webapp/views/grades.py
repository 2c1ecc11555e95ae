"""The Grades view: my council's inspections, one row each with its judgements as columns
(overall first, newest first), then its statistical neighbours in the same form; choosing
a row opens the judgement table the grades are quoted from."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from indexer.vocab import GRADE_FAMILIES, grade_family

from ..neighbours import (
    COLUMNS,
    SIF_NOTE,
    SUMMARY_NOTE,
    inspection_rows,
    neighbour_table,
)
from ..render import md_escape
from ..sidebar import Options
from .cards import render_hit

GRADE_ORDER = [*GRADE_FAMILIES, "Other"]
GRADE_COLOURS = {
    "Outstanding": "#1b7837",
    "Good": "#a6dba0",
    "Requires improvement": "#f4a261",
    "Inadequate": "#b2182b",
    "Other": "#ffffff",
}
GRADE_TEXT = {"Outstanding": "white", "Inadequate": "white"}


def grade_band(grade: str) -> str:
    """The grade's family (indexer.vocab), or "Other" for anything else."""
    family = grade_family(grade or "")
    return family if family in GRADE_FAMILIES else "Other"


def grade_style(grade: str) -> str:
    band = grade_band(grade)
    return f"background-color: {GRADE_COLOURS[band]}; color: {GRADE_TEXT.get(band, 'black')}"


def grades_view(retriever, options: Options, corpus_dir: Path) -> None:
    import pandas as pd

    rows = retriever.judgements()
    held = sorted({r["authority"] for r in rows})
    st.subheader("Judgement grades")
    if not rows:
        st.info("No judgement grades found in the indexed reports.")
        return
    default = options.council if options.council in held else None
    if st.session_state.get("grades_for") != default:  # opens on my council, when it changes
        st.session_state["grades_for"] = default
        st.session_state["grades_of"] = default
    council = st.selectbox(
        "Council",
        held,
        index=None,
        placeholder="Choose a council (or set your council above)",
        key="grades_of",
    )
    if not council:
        st.info("Choose a council to see its inspections and its statistical neighbours.")
        return
    table = inspection_rows(rows, council)
    if not table:
        st.info(md_escape(f"The index holds no judgement grades for {council}.", inline=True))
        return
    st.markdown(f"**{md_escape(council, inline=True)}: every inspection, newest first**")
    frame = pd.DataFrame(table)
    areas = [label for _, label in COLUMNS if label in frame.columns]
    event = st.dataframe(
        frame.drop(columns=["Passage"]).style.map(grade_style, subset=areas),
        hide_index=True,
        key="grades_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    if any(t["Framework"] == "SIF" for t in table):
        st.caption(SIF_NOTE)
    st.caption(
        "Choose a row, or an inspection below, to open the judgement table its grades are quoted from."
    )
    picked = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    dates = {t["Passage"]: f"{t['Inspection']} ({t['Framework']})" for t in table}
    chosen = st.selectbox(
        "Open the judgement table of an inspection",
        list(dates),
        index=None,
        format_func=lambda pid: dates.get(pid, pid),
        placeholder="Choose an inspection",
        key="grade_passage",
    )
    if picked or chosen:
        open_passage(retriever, chosen or table[picked[0]]["Passage"], corpus_dir)
    neighbours_section(rows, council)


def open_passage(retriever, passage_id: str, corpus_dir: Path) -> None:
    hit = retriever.passage(passage_id)
    if hit is None:
        st.info("That passage is no longer in the index; it may have been rebuilt.")
    else:
        render_hit(hit, [], [], f"grade-{passage_id}", corpus_dir)


def neighbours_section(rows: list[dict], council: str) -> None:
    """The council against its statistical neighbours, newest inspection each, with its
    region's and England's share of good or better grades."""
    import pandas as pd

    st.markdown("**Compared with its statistical neighbours**")
    table, missing = neighbour_table(rows, council)
    if sum(1 for t in table if t["Inspection"]) < 2:
        st.info(
            md_escape(
                f"The index holds no grades for {council}'s statistical neighbours.", inline=True
            )
        )
        return
    frame = pd.DataFrame(table)
    areas = [label for _, label in COLUMNS if label in frame.columns]
    st.dataframe(
        frame.style.map(grade_style, subset=areas), hide_index=True, key="neighbours_table"
    )
    st.caption(
        "Each council's newest inspection; neighbours closest first (DfE statistical "
        "neighbour model). "
        + SUMMARY_NOTE
        + (f" No reports in the index for: {', '.join(missing)}." if missing else "")
    )
