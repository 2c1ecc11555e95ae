"""The Compare councils view: a region's councils with their latest graded inspection, one
row each (the judgements as columns, overall first), filtered by judgement and grade,
sortable and downloadable as shown; a row opens the judgement passage its grades are quoted
from; then a chart of grades per region with its numbers as a table."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from indexer.vocab import GRADE_FAMILIES, INADEQUATE, OUTSTANDING

from .. import compare as cmp
from ..address import CompareFilters, filter_params, filters_from, view_slug
from ..pageview import keep
from ..render import md_escape
from .cards import render_hit
from .grades import GRADE_COLOURS, grade_style

KEYS = {"region": "compare_region", "area": "compare_area", "grade": "compare_grade"}
NO_GRADE_COLOUR = "#d9d9d9"


def open_compare(filters: dict[str, str]) -> None:
    """A chat answer's button: show this view with the answer's region, judgement and
    grade, in the session and in the page URL."""
    for name, key in KEYS.items():
        st.session_state[key] = filters[name]
    st.session_state["compare_pick"] = None
    st.session_state["view"] = cmp.VIEW
    keep({"view": view_slug(cmp.VIEW), **filter_params(CompareFilters(**filters))})


def _from_url() -> None:
    """On first load (no filter in the session yet) the filters are the URL's."""
    if any(key in st.session_state for key in KEYS.values()):
        return
    filters = filters_from({name: st.query_params.get(name) for name in KEYS})
    for name, key in KEYS.items():
        st.session_state[key] = getattr(filters, name)


@st.cache_resource(max_entries=32, show_spinner=False)
def _grades(_retriever, stamp: int, region: str):
    """The retriever's table for a region, once per index build (the retriever is cached
    per build, so its id names the build)."""
    return _retriever.council_grades(region or None)


def compare_view(retriever, corpus_dir: Path) -> None:
    import pandas as pd

    st.subheader(cmp.VIEW)
    st.caption(
        "Each council's latest graded inspection (a full inspection under the single "
        "inspection framework or ILACS; focused and monitoring visits are not graded)."
    )
    _from_url()
    codes = [cmp.ENGLAND, *(r.code for r in cmp.regions())]
    if st.session_state.get(KEYS["region"]) not in codes:
        st.session_state[KEYS["region"]] = cmp.ENGLAND
    left, middle, right = st.columns(3)
    region = left.selectbox("Region", codes, format_func=cmp.region_name, key=KEYS["region"])
    england = _grades(retriever, id(retriever), cmp.ENGLAND)
    answer = england if region == cmp.ENGLAND else _grades(retriever, id(retriever), region)
    table_columns = answer.table.columns if answer.table else england.table.columns
    area_options = [cmp.ALL_AREAS, *cmp.areas(table_columns)]
    if st.session_state.get(KEYS["area"]) not in area_options:
        st.session_state[KEYS["area"]] = cmp.ALL_AREAS
    area = middle.selectbox("Judgement", area_options, key=KEYS["area"])
    grade_options = [cmp.ANY_GRADE, *GRADE_FAMILIES, cmp.NO_GRADE]
    if st.session_state.get(KEYS["grade"]) not in grade_options:
        st.session_state[KEYS["grade"]] = cmp.ANY_GRADE
    grade = right.selectbox(
        "Grade",
        grade_options,
        key=KEYS["grade"],
        help="The grade of the judgement chosen (overall effectiveness for all judgements).",
    )
    keep(filter_params(CompareFilters(region, area, grade)))  # the widgets are drawn: the URL
    order = st.selectbox("Sort by", cmp.SORTS, key="compare_sort")
    rows = cmp.in_region(cmp.council_rows(answer), region)
    rows = cmp.sort_rows(cmp.with_grade(rows, area, grade), order, area)
    columns = cmp.shown_columns(table_columns, area, region)
    shown = cmp.records(rows, columns)
    where = cmp.region_name(region)
    st.markdown(md_escape(cmp.headline(len(rows), region, area, grade), inline=True))
    if rows:
        frame = pd.DataFrame(shown, columns=columns)
        graded = [c for c in columns if c in cmp.areas(table_columns)]
        event = st.dataframe(
            frame.style.map(grade_style, subset=graded),
            hide_index=True,
            key="compare_table",
            on_select="rerun",
            selection_mode="single-row",
        )
        slug = where.lower().replace(" ", "-")
        st.download_button(
            "Download these rows (CSV)",
            data=cmp.to_csv(shown, columns),
            file_name=f"ofsted-grades-{slug}.csv",
            mime="text/csv",
            key="compare_csv",
            on_click="ignore",
        )
        picked = list(getattr(getattr(event, "selection", None), "rows", []) or [])
        open_row(answer, rows, picked, area, corpus_dir)
    chart(cmp.region_counts(cmp.council_rows(england), area, region), area)


def open_row(answer, rows: list[cmp.CouncilRow], picked: list[int], area: str, corpus_dir):
    """The judgement passage of a row chosen in the table or by name: its card, as the
    Ask view shows a citation's."""
    names = [row.council for row in rows]
    if picked and picked[0] < len(rows):
        st.session_state["compare_pick"] = names[picked[0]]
    if st.session_state.get("compare_pick") not in names:
        st.session_state["compare_pick"] = None
    council = st.selectbox(
        "Open the judgement passage of",
        names,
        index=None,
        placeholder="Choose a council, or a row of the table",
        key="compare_pick",
    )
    if council is None:
        return
    row = rows[names.index(council)]
    number = row.citation(None if area == cmp.ALL_AREAS else area)
    citation = next((c for c in answer.citations if c.number == number), None)
    hit = next(
        (h for h in answer.hits if citation and h.passage["passage_id"] == citation.passage_id),
        None,
    )
    if citation is None or hit is None:
        st.info(md_escape(f"No judgement passage is cited for {council}.", inline=True))
        return
    render_hit(hit, [citation.quote], [citation.number], f"compare-{number}", corpus_dir)


def chart(counts: list[cmp.RegionCounts], area: str) -> None:
    """Councils per grade per region as stacked bars, each bar labelled with its count and
    the chosen region first and outlined; the same numbers as a table below."""
    import altair as alt
    import pandas as pd

    judged = cmp.OVERALL if area == cmp.ALL_AREAS else area
    st.markdown(f"**Grades per region: {md_escape(judged.lower(), inline=True)}**")
    grades = [*GRADE_FAMILIES, cmp.NO_GRADE]
    colours = [GRADE_COLOURS[g] for g in GRADE_FAMILIES] + [NO_GRADE_COLOUR]
    data = pd.DataFrame(cmp.chart_records(counts))
    data["GradeOrder"] = data["Grade"].map(grades.index)
    regions = [c.region for c in counts if c.region != "England"]
    base = alt.Chart(data).encode(
        y=alt.Y("Region:N", sort=regions, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("Councils:Q", stack="zero", title="Councils"),
        order=alt.Order("GradeOrder:Q"),
    )
    bars = base.mark_bar(stroke="#0b0c0c").encode(
        color=alt.Color(
            "Grade:N",
            scale=alt.Scale(domain=grades, range=colours),
            legend=alt.Legend(orient="bottom", columns=1, title=None),
        ),
        strokeWidth=alt.condition("datum.Chosen", alt.value(2.5), alt.value(0)),
        tooltip=["Region", "Grade", "Councils"],
    )
    light = alt.FieldOneOfPredicate(field="Grade", oneOf=[OUTSTANDING, INADEQUATE])
    labels = (
        base.transform_filter("datum.Councils > 0")
        .mark_text(dx=-4, align="right", fontWeight="bold")
        .encode(
            text="Councils:Q",
            color=alt.condition(light, alt.value("white"), alt.value("#0b0c0c")),
        )
    )
    chosen = next((c.region for c in counts if c.chosen), "England")
    st.altair_chart(
        (bars + labels).properties(height=36 * len(regions) + 60).configure_view(stroke=None),
        width="stretch",
    )
    st.caption(
        md_escape(
            f"{chosen} first and outlined. Each council counted once, in its region, at its "
            "latest graded inspection; the numbers are in the table below.",
            inline=True,
        )
    )
    st.dataframe(pd.DataFrame(cmp.count_records(counts)), hide_index=True, key="compare_counts")
