"""Streamlit front-end for ofsted-qa: ask cited questions, see grades, add reports.

Page wiring only: the views, rendering, sidebar, rebuild, feedback, briefing and uploads
live in `webapp/`; every answer, passage and grade comes from the retriever API. All report
text is escaped before display (`webapp.render.md_escape`).

Run with `make run` (builds the index if needed) or `streamlit run app.py`.
Locations: OFSTED_QA_STORE (a postgresql:// URL: a PostgreSQL + pgvector store shared by
many app servers, holding feedback and uploads too), else OFSTED_QA_INDEX (default index/);
OFSTED_QA_CORPUS (default corpus/), relative to this file's folder; with a folder index,
OFSTED_QA_DATA (user data, default var/ beside the index) and OFSTED_QA_FEEDBACK (default
feedback.sqlite in the data folder).
"""

from __future__ import annotations

import streamlit as st

from retriever import OfstedQAError
from webapp.a11y import page_furniture
from webapp.feedback import adopt_legacy
from webapp.messages import for_user
from webapp.mycouncil import council_picker
from webapp.pageview import view_picker
from webapp.paths import Locations, uploads_enabled
from webapp.resources import index_stamp, load_retriever, started
from webapp.sidebar import briefing_panel, sidebar
from webapp.views.add import add_view
from webapp.views.ask import ask_view
from webapp.views.brief import briefing_view
from webapp.views.compare import compare_view
from webapp.views.grades import grades_view
from webapp.views.no_index import no_index_view


def views() -> list[str]:
    """The page's views; "Add a report" only where uploads are switched on."""
    return ["Ask", "Grades", "Compare councils", "Briefing"] + (
        ["Add a report"] if uploads_enabled() else []
    )


def main() -> None:
    st.set_page_config(page_title="Ofsted reports Q&A", page_icon="📑", layout="wide")
    places = Locations.from_env()
    started(str(places.corpus_dir))  # once per server: leftovers of a killed upload removed
    if not places.shared:  # with PostgreSQL, feedback lives in the shared database
        adopt_legacy(places.feedback, places.index_dir)
    page_furniture()
    st.title("Ofsted reports: cited questions and answers")
    try:
        retriever = load_retriever(str(places.index_dir), index_stamp(places.index_dir))
    except Exception as exc:  # noqa: BLE001 - a missing or damaged index is a message
        no_index_view(exc, places)
        return
    flash = st.session_state.pop("flash", None)
    if flash:
        getattr(st, flash[0])(flash[1])
    options = sidebar(retriever, places)
    options.council = council_picker(retriever.filter_values()["authority"])
    view = view_picker(views())
    try:
        if view == "Ask":
            ask_view(retriever, options, places)
        elif view == "Grades":
            grades_view(retriever, options, places.corpus_dir)
        elif view == "Compare councils":
            compare_view(retriever, places.corpus_dir)
        elif view == "Briefing":
            briefing_view(retriever, options, places)
        else:
            add_view(retriever, places)
    except OfstedQAError as exc:  # a product error says what to do in its own words
        st.error(for_user(str(exc), places.index_dir))
    except Exception as exc:  # noqa: BLE001 - last resort: a message, never a traceback
        st.error(
            for_user(
                f"Something went wrong showing this page ({exc.__class__.__name__}: {exc}). "
                "Reload the page; if it persists, rebuild the index.",
                places.index_dir,
            )
        )
    briefing_panel(options.briefing_slot)
    # The page is drawn: the model loads in the background while the first question is
    # typed, so that question does not wait seconds for it (nothing once it is loaded).
    retriever.preload()


if __name__ == "__main__":
    main()
