"""The grades view: every judgement row, coloured by grade, a chart, and the paragraph behind."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from indexer.vocab import GRADE_FAMILIES, grade_family

from ..sidebar import Options
from .cards import render_hit

GRADE_ORDER = [*GRADE_FAMILIES, "Other"]
GRADE_COLOURS = {
    "Outstanding": "#1b7837",
    "Good": "#a6dba0",
    "Requires improvement": "#f4a261",
    "Inadequate": "#d7301f",
    "Other": "#bdbdbd",
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
    import altair as alt
    import pandas as pd

    rows = retriever.judgements()
    authorities = options.filters.get("authority")
    if authorities:
        rows = [r for r in rows if r.get("authority") in authorities]
    st.subheader("Judgement grades")
    if not rows:
        st.info("No judgement grades found in the indexed reports for these filters.")
        return
    table = pd.DataFrame(
        {
            "Authority": [r.get("authority", "") for r in rows],
            "Inspection date": [r.get("inspection_date") or "" for r in rows],
            "Area": [r.get("area", "") for r in rows],
            "Grade": [r.get("grade", "") for r in rows],
            "Passage": [r.get("passage_id", "") for r in rows],
        }
    )
    st.dataframe(
        table.style.map(grade_style, subset=["Grade"]), hide_index=True, key="grades_table"
    )
    neighbours_section(retriever.judgements())
    counts = (
        pd.Series([grade_band(r.get("grade", "")) for r in rows])
        .value_counts()
        .reindex(GRADE_ORDER, fill_value=0)
    )
    counts = counts[counts > 0]
    chart_data = pd.DataFrame({"Grade": counts.index, "Count": counts.values})
    chart = (
        alt.Chart(chart_data)
        .mark_bar()
        .encode(
            x=alt.X("Grade:N", sort=GRADE_ORDER, title=None),
            y=alt.Y("Count:Q", title="Judgements"),
            color=alt.Color(
                "Grade:N",
                scale=alt.Scale(
                    domain=list(counts.index), range=[GRADE_COLOURS[g] for g in counts.index]
                ),
                legend=None,
            ),
        )
    )
    st.altair_chart(chart, key="grades_chart")
    passage_ids = list(dict.fromkeys(table["Passage"]))
    picked = st.selectbox(
        "Open the paragraph behind a grade",
        passage_ids,
        index=None,
        placeholder="Choose a passage id",
        key="grade_passage",
    )
    if picked:
        hit = retriever.passage(picked)
        if hit is None:
            st.info("That passage is no longer in the index; it may have been rebuilt.")
        else:
            render_hit(hit, [], [], f"grade-{picked}", corpus_dir)


def neighbours_section(rows: list[dict]) -> None:
    """One council against its statistical neighbours, newest inspection each, colour-coded."""
    import pandas as pd

    from ..neighbours import COLUMNS, neighbour_rows

    held = sorted({r["authority"] for r in rows})
    st.markdown("**Compared with its statistical neighbours**")
    council = st.selectbox(
        "Council", held, index=None, placeholder="Choose a council", key="neighbours_of"
    )
    if not council:
        return
    table, missing = neighbour_rows(rows, council)
    if len(table) < 2:
        st.info(f"The index holds no grades for {council}'s statistical neighbours.")
        return
    frame = pd.DataFrame(table)
    areas = [label for _, label in COLUMNS if label in frame.columns]
    st.dataframe(
        frame.style.map(grade_style, subset=areas), hide_index=True, key="neighbours_table"
    )
    st.caption(
        "Each council's newest inspection; neighbours closest first (DfE statistical "
        "neighbour model)."
        + (f" No reports in the index for: {', '.join(missing)}." if missing else "")
    )
