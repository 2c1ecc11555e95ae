"""An answer on the page: its text, one card per cited passage, and the thumbs widget."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from ..download import indexed_bytes, source_file
from ..paths import Locations
from ..render import answer_markdown, highlighted_markdown, md_escape, stream_chunks

STREAM_DELAY_S = 0.02  # pause between answer lines, so the answer visibly builds up


def render_hit(hit, quotes: list[str], numbers: list[int], key: str, corpus_dir: Path) -> None:
    """One passage card: its citation as the label, its facts, the passage with the cited
    sentences highlighted, and its source file."""
    from retriever.answer.citations import format_month
    from retriever.answer.citations import part_date as report_date

    p, d = hit.passage, hit.document
    part = p.get("part") or {}
    marks = "".join(f"[{n}]" for n in numbers)
    label = f"{marks} {hit.citation}".strip()
    with st.expander(md_escape(label, inline=True)):
        title = part.get("title") or d.get("title") or p.get("doc_id", "")
        when = report_date(d, part)
        st.markdown(f"**{md_escape(title, inline=True)}**")
        facts = [
            f"Authority: {d.get('authority', '')}",
            f"Date: {format_month(when) or 'not known'}",
            f"Section: {p.get('section') or '(none)'}",
            f"Paragraph: {p.get('label', '')}",
        ]
        if p.get("page"):
            facts.append(f"Page: {p['page']}")
        st.caption(md_escape(" · ".join(facts), inline=True))
        st.markdown(highlighted_markdown(p.get("text", ""), quotes))
        if hit.also_in:
            st.caption(md_escape("Also in: " + "; ".join(hit.also_in), inline=True))
        st.caption(md_escape(f"Source file: corpus/{d.get('path') or ''}", inline=True))
        offered = source_file(d, corpus_dir)
        if offered.path is not None:
            st.download_button(
                "Download the source file",
                data=partial(indexed_bytes, offered.path, d["fingerprint"]),
                file_name=offered.path.name,
                key=f"src-{key}",
                on_click="ignore",
            )
        else:
            st.caption(offered.note)


def render_answer(turn: dict, places: Locations, stream: bool = False) -> None:
    """A turn's answer: an abstention's reason, or the answer text and its cited passages."""
    corpus_dir = places.corpus_dir
    answer = turn["answer"]
    if turn.get("notice"):
        st.warning(turn["notice"])
    if answer.abstained and not answer.hits:
        # The reason the retriever gives: no report for that council or year, a subject
        # inspections do not cover, or nothing left once the filters are applied.
        reason = answer.answer
        if answer.filters:
            reason += " Try removing a filter or rewording the question."
        st.info(md_escape(reason))
        feedback_widget(turn, places)
        return
    text = answer_markdown(answer.answer)
    if stream:
        st.write_stream(stream_chunks(text, STREAM_DELAY_S))
    else:
        st.markdown(text)
    if answer.abstained:
        st.info("The reports do not seem to answer this. The closest passages are below.")
        for i, hit in enumerate(answer.hits[:3]):
            render_hit(hit, [], [], f"{turn['id']}-near-{i}", corpus_dir)
    else:
        by_passage: dict[str, list] = {}
        for c in answer.citations:
            by_passage.setdefault(c.passage_id, []).append(c)
        hits = {h.passage["passage_id"]: h for h in answer.hits}
        for i, (pid, cites) in enumerate(by_passage.items()):
            hit = hits.get(pid)
            if hit is None:
                st.caption(md_escape(f"[{cites[0].number}] {cites[0].citation}", inline=True))
                continue
            render_hit(
                hit,
                [c.quote for c in cites],
                [c.number for c in cites],
                f"{turn['id']}-{i}",
                corpus_dir,
            )
        council_choice(turn)
    feedback_widget(turn, places)


MAX_COUNCIL_CHOICES = 8


def council_choice(turn: dict) -> None:
    """A question naming no council was answered from several councils' reports: offer to
    ask it again about one of them, the one the person most likely meant."""
    councils = turn["answer"].draws_on[:MAX_COUNCIL_CHOICES]
    if not councils:
        return
    st.caption("Which council do you mean? Ask the same question about one council:")
    columns = st.columns(min(len(councils), 4))
    for i, council in enumerate(councils):
        columns[i % len(columns)].button(
            council,
            key=f"council-{turn['id']}-{i}",
            on_click=ask_about,
            args=(turn["question"], council),
        )


def ask_about(question: str, council: str) -> None:
    """The council button's callback: the chat asks `question` about `council` next run."""
    st.session_state["pending_question"] = f"{question.rstrip()} ({council})"


def feedback_widget(turn: dict, places: Locations) -> None:
    st.feedback(
        "thumbs",
        key=f"feedback-{turn['id']}",
        on_change=save_feedback,
        args=(turn["id"], places),
    )


def save_feedback(turn_id: str, places: Locations) -> None:
    """The thumbs widget's callback: store the score with the answer it was given on (in the
    data folder, or the shared database with a PostgreSQL store)."""

    turn = next((t for t in st.session_state.get("turns", []) if t["id"] == turn_id), None)
    if turn is None or turn.get("answer") is None:
        return
    answer = turn["answer"]
    try:
        places.feedback_store().record(
            turn_id,
            turn["question"],
            answer.answer,
            [c.to_dict() for c in answer.citations],
            st.session_state.get(f"feedback-{turn_id}"),
            filters=answer.filters,
            mode=turn.get("mode"),
        )
        st.session_state["flash"] = ("success", "Thanks, your feedback was saved.")
    except Exception as exc:  # noqa: BLE001 - feedback must never break the page
        st.session_state["flash"] = ("error", f"Could not save feedback: {exc}")
