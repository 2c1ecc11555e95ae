"""The chat: earlier turns redrawn, a new question answered under a spinner and streamed in."""

from __future__ import annotations

import uuid

import streamlit as st

from ..chatbrief import chat_briefing
from ..council import likely_councils
from ..council import resolve as resolve_council
from ..messages import for_user
from ..paths import Locations
from ..render import md_escape
from ..sidebar import Options
from .cards import render_answer


def run_ask(retriever, question, k, filters, history, rerank, council=None):
    """(answer, notice). Rerank falls back to hybrid, with a notice, if it is unavailable.
    `council`: my council, for a question that names none."""
    from retriever import FilterError, QuestionError

    if rerank:
        try:
            return retriever.ask(
                question, k=k, filters=filters, history=history, mode="rerank", council=council
            ), None
        except QuestionError:
            raise
        except FilterError as exc:
            if "mode" not in str(exc):
                raise
            reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - any reranker failure falls back
            reason = f"{exc.__class__.__name__}: {exc}"
        notice = f"Reranking is not available ({reason}); showing hybrid results instead."
        answer = retriever.ask(
            question, k=k, filters=filters, history=history, mode="hybrid", council=council
        )
        return answer, notice
    answer = retriever.ask(
        question, k=k, filters=filters, history=history, mode="hybrid", council=council
    )
    return answer, None


def single_council(filters: dict) -> str | None:
    """The one council an answer was narrowed to, or None."""
    named = filters.get("authority") or []
    named = [named] if isinstance(named, str) else list(named)
    return named[0] if len(named) == 1 else None


def ask_view(retriever, options: Options, places: Locations) -> None:
    from retriever import QuestionError

    turns = st.session_state.setdefault("turns", [])
    question = st.chat_input(
        "Ask about the Ofsted reports, e.g. care leaver accommodation", key="question"
    )
    if question is None:  # a "Which council do you mean?" button, or a too-long question
        question = st.session_state.pop("pending_question", None)
    problem = None
    if question is not None:
        if options.empty_years:
            problem = ("info", "No reports fall in the selected years; widen the year range.")
        else:
            try:
                question = retriever.check_question(question)
            except QuestionError as exc:
                problem = ("error", f"Please check the question: {exc}.")
                if len(question or "") > retriever.config.max_question_chars:
                    st.session_state["long_question"] = question
    if not turns and (question is None or problem is not None):
        st.info(
            "Ask a question about the inspection reports. Every statement in the answer "
            "cites the report paragraph it comes from; open a reference to check it."
        )
    for turn in turns:
        with st.chat_message("user"):
            st.markdown(md_escape(turn["question"]))
        with st.chat_message("assistant"):
            render_answer(turn, places)
    if question is not None and problem is None:
        answer_new_question(retriever, question, options, places, turns)
    if problem is not None:
        getattr(st, problem[0])(md_escape(problem[1], inline=True))
    long_question_box(retriever.config.max_question_chars)


def long_question_box(limit: int) -> None:
    """A question refused for its length stays on the page, in a box with its character
    count, to be shortened and asked again (the chat box itself cannot hold it)."""
    if "long_question" not in st.session_state:
        return
    text = st.text_area(
        "Your question, to shorten",
        key="long_question",
        height=160,
    )
    count = len(text.strip())
    st.caption(f"{count:,} characters of {limit:,} allowed")
    if st.button("Ask this question", key="ask_long", disabled=count > limit or count == 0):
        st.session_state["pending_question"] = st.session_state.pop("long_question")
        st.rerun()


def answer_new_question(
    retriever, question: str, options: Options, places: Locations, turns: list[dict]
) -> None:
    """Show the question at once, search under a spinner, then stream the answer in."""
    from indexer import IndexProblem, ModelError
    from retriever import FilterError, QuestionError

    with st.chat_message("user"):
        st.markdown(md_escape(question))
    with st.chat_message("assistant"):
        history = [t.get("asked", t["question"]) for t in turns]
        message = None
        try:
            asked = resolve_council(
                question, retriever.understand(question, history or None), options.council
            )
            if asked.needs_council:
                turn = {"id": uuid.uuid4().hex[:12], "question": question, "answer": None}
                found = retriever.search(question, k=10, mode="lexical")
                turn["councils"] = likely_councils(
                    [c for t in turns for c in [t.get("council")] if c],
                    [h.document.get("authority", "") for h in found],
                    retriever.filter_values()["authority"],
                )
                turns.append(turn)
                render_answer(turn, places)
                return
            with st.spinner("Searching the reports…"):
                answer, notice = run_ask(
                    retriever,
                    asked.question,
                    options.k,
                    options.filters or None,
                    history or None,
                    options.rerank,
                    asked.council,
                )
        except QuestionError as exc:
            message = f"Please check the question: {exc}."
        except FilterError as exc:
            message = f"A filter could not be used: {exc}. Clear the filters in the sidebar."
        except ModelError as exc:
            message = f"The embedding model could not be loaded: {exc}"
        except IndexProblem as exc:  # the store: its server stopped, restarted or crashed
            message = f"The index could not answer that: {exc}"
        except Exception as exc:  # noqa: BLE001 - never show a traceback
            message = f"Something went wrong answering that ({exc.__class__.__name__}: {exc})."
        if message is not None:
            st.error(for_user(message, places.index_dir))
            return
        turn = {
            "id": uuid.uuid4().hex[:12],
            "question": question,
            "asked": asked.question,
            "council": asked.council or single_council(answer.filters),
            "mine": asked.council is not None and asked.council == options.council,
            "answer": answer,
            "notice": notice,
            "mode": "hybrid" if notice or not options.rerank else "rerank",
            "briefing": chat_briefing(question, answer, retriever.judgements()),
        }
        turns.append(turn)
        render_answer(turn, places, stream=True)
