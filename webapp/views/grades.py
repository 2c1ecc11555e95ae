"""The Grades view: my council's inspections, one row each with its judgements as columns
(overall first, newest first); its older, single inspection framework (SIF) inspections in
a table of their own, under the SIF's judgement names (the safeguarding board's review
last); then its statistical neighbours in the first table's form. Every grade is a link to
the card of the judgement table it is quoted from (the cited page included); the region and
England rows lead to the Compare councils view."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from indexer.vocab import LSCB_NAME

from ..gradecells import (
    GRADE_COLOURS,
    GRADE_TEXT,
    STYLE,
    grade_band,
    has_sif,
    inspection_cells,
    neighbour_cells,
    sif_cells,
    table_html,
)
from ..neighbours import LSCB_NOTE, SIF_NOTE, SUMMARY_NOTE
from ..render import md_escape, ref_anchor
from ..sidebar import Options
from .cards import render_hit

__all__ = ["GRADE_COLOURS", "grade_band", "grade_style", "grades_view"]
ANCHORS = "grades"  # the cards' anchors: ref-grades-1, ref-grades-2, ...


def grade_style(grade: str) -> str:
    band = grade_band(grade)
    return f"background-color: {GRADE_COLOURS[band]}; color: {GRADE_TEXT.get(band, 'black')}"


def grades_view(retriever, options: Options, corpus_dir: Path) -> None:
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
        compare_link("England")
        return
    own, older = inspection_cells(rows, council), sif_cells(rows, council)
    if not own.rows and not older.rows:
        st.info(md_escape(f"The index holds no judgement grades for {council}.", inline=True))
        return
    neighbours, missing = neighbour_cells(rows, council)
    shown_neighbours = sum(1 for r in neighbours.rows if r[1].text) >= 2
    sources = own.sources() + older.sources() + (neighbours.sources() if shown_neighbours else [])
    numbers = {pid: i for i, pid in enumerate(dict.fromkeys(sources), 1)}

    def target(pid: str) -> str:
        return ref_anchor(ANCHORS, numbers[pid])

    st.html(STYLE)
    if own.rows:
        st.html(table_html(own, target))
    else:
        st.info(md_escape(f"The index holds no inspection of {council} since 2018.", inline=True))
    if older.rows:
        st.html(table_html(older, target))
        if LSCB_NAME in older.columns:
            st.caption(LSCB_NOTE)
    st.caption(
        "Choose a grade to open the judgement table it is quoted from, with its page, "
        "under *Where the grades are printed*."
    )
    st.markdown("**Compared with its statistical neighbours**")
    if shown_neighbours:
        st.html(table_html(neighbours, target))
        st.caption(
            "Each council's newest inspection; neighbours closest first (DfE statistical "
            "neighbour model). "
            + SUMMARY_NOTE
            + (f" No reports in the index for: {', '.join(missing)}." if missing else "")
        )
        if has_sif(neighbours):
            st.caption(SIF_NOTE)
    else:
        st.info(
            md_escape(
                f"The index holds no grades for {council}'s statistical neighbours.", inline=True
            )
        )
    compare_link(council)
    st.markdown("**Where the grades are printed**")
    for pid, n in numbers.items():
        hit = retriever.passage(pid)
        if hit is None:
            st.caption(md_escape(f"[{n}] {pid}: no longer in the index.", inline=True))
            continue
        render_hit(hit, [], [n], f"grade-{n}", corpus_dir, anchors=ANCHORS)


def compare_link(council: str) -> None:
    """Grades across many councils live in the Compare councils view: open it on the
    council's region (England when it has none)."""
    from indexer.regions import region_of

    from .. import compare as cmp
    from .compare import open_compare

    region = region_of(council) if council != "England" else None
    code = region.code if region else cmp.ENGLAND
    st.button(
        f"Compare every council in {cmp.region_phrase(code)}",
        key="grades_compare",
        on_click=open_compare,
        args=({"region": code, "area": cmp.ALL_AREAS, "grade": cmp.ANY_GRADE},),
        help="Opens the Compare councils view: each council's latest grades, filtered "
        "and sorted, with a chart per region.",
    )
