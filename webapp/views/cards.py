"""An answer on the page: its text, one card per cited passage, and the thumbs widget."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

import streamlit as st

from ..chosen import include_box
from ..download import indexed_bytes, source_file
from ..paths import Locations
from ..render import (
    answer_markdown,
    clean_label,
    highlighted_markdown,
    md_escape,
    ref_anchor,
    stream_chunks,
    tint,
    without_closest,
)

STREAM_DELAY_S = 0.02  # pause between answer lines, so the answer visibly builds up


def render_hit(
    hit,
    quotes: list[str],
    numbers: list[int],
    key: str,
    corpus_dir: Path,
    anchors: str | None = None,
) -> None:
    """One passage card: its citation as the label, its facts, the cited PDF page with the
    paragraph highlighted, the passage with the cited sentences highlighted, a link to the
    published report and its source file. `anchors`: the turn whose [n] markers link here."""
    from retriever import format_month
    from retriever import part_date as report_date

    p, d = hit.passage, hit.document
    part = p.get("part") or {}
    label = md_escape(clean_label(hit.citation), inline=True)
    marks = " ".join(f":{tint(n)}-background[**[{n}]**]" for n in numbers)
    with st.expander(f"{marks} {label}".strip()):
        if anchors is not None and numbers:
            st.html("".join(f'<span id="{ref_anchor(anchors, n)}"></span>' for n in numbers))
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
        url = d.get("source_url") or ""
        if url.startswith(("https://", "http://")):
            st.link_button("Open the published report", url)
        offered = source_file(d, corpus_dir)
        if offered.path is not None and p.get("page"):
            from ..pages import page_image

            image = page_image(offered.path, p["page"], p.get("text", ""))
            if image is not None:
                st.image(
                    image,
                    caption=f"Page {p['page']}, the cited paragraph highlighted",
                    width="stretch",
                    alt=f"Page {p['page']} of the report, with paragraph "
                    f"{p.get('label', '')} highlighted",
                )
        st.markdown(highlighted_markdown(p.get("text", ""), quotes))
        if hit.also_in:
            st.caption(md_escape("Also in: " + "; ".join(hit.also_in), inline=True))
        st.caption(md_escape(f"Source file: corpus/{d.get('path') or ''}", inline=True))
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


def without_carried(text: str, carried: list[str]) -> str:
    """The answer without its first line saying what it assumed (shown as a caption)."""
    first = " · ".join(carried)
    return text[len(first) :].lstrip("\n") if text.startswith(first) else text


def render_answer(turn: dict, places: Locations, stream: bool = False) -> None:
    """A turn's answer: a question for which council is meant, an abstention's reason, an
    answer over many councils as a table, or the answer text and its cited passages."""
    corpus_dir = places.corpus_dir
    answer = turn["answer"]
    if answer is None:
        which_council(turn)
        return
    if turn.get("notice"):
        st.warning(turn["notice"])
    carried = list(getattr(answer, "carried", None) or [])
    if carried:  # what the answer assumed (an earlier question's council, my council)
        st.caption(md_escape(" · ".join(carried), inline=True) + " · [change](#my-council)")
        answer = replace(answer, answer=without_carried(answer.answer, carried))
    elif turn.get("mine"):
        st.caption(
            md_escape(f"{turn['council']} (your council)", inline=True) + " · [change](#my-council)"
        )
    if answer.abstained and not answer.hits:
        # The reason the retriever gives: no report for that council or year, a subject
        # inspections do not cover, or nothing left once the filters are applied.
        reason = answer.answer
        if answer.filters:
            reason += " Try removing a filter or rewording the question."
        st.info(md_escape(reason))
        feedback_widget(turn, places)
        return
    if answer.abstained:
        st.markdown(answer_markdown(without_closest(answer.answer)))
        st.info("The reports do not seem to answer this. The closest passages are below.")
        for i, hit in enumerate(answer.hits[:3]):
            render_hit(hit, [], [], f"{turn['id']}-near-{i}", corpus_dir)
        feedback_widget(turn, places)
        return
    from ..tables import is_many

    if is_many(answer):
        shown = many_councils(turn)
    else:
        text = answer_markdown(answer.answer, anchors=turn["id"])
        if stream:
            st.write_stream(stream_chunks(text, STREAM_DELAY_S))
        else:
            st.markdown(text)
        shown = None
        from .briefed import briefing_offer

        briefing_offer(turn)
    by_passage: dict[str, list] = {}
    for c in answer.citations:
        if shown is None or c.number in shown:
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
            anchors=turn["id"],
        )
    council_choice(turn)
    include_box(turn["id"], "Include in the briefing", "answer")
    feedback_widget(turn, places)


def many_councils(turn: dict) -> set[int]:
    """The number first, then a compact table of the cited rows (20 inline, all on request,
    and as CSV); returns the citation numbers shown, whose cards follow."""
    import pandas as pd

    from ..tables import (
        INLINE_ROWS,
        cited_councils,
        council_rows,
        headline,
        rows_csv,
        shown_references,
    )

    answer = turn["answer"]
    rows = council_rows(answer)
    councils = {r["Council"] for r in rows if r.get("Council")} or set(cited_councils(answer))
    st.metric("Councils", len(councils))
    st.markdown(md_escape(headline(answer), inline=True))
    show_all = len(rows) > INLINE_ROWS and st.toggle(
        f"Show all {len(rows)} rows", key=f"all-{turn['id']}"
    )
    shown = rows if show_all else rows[:INLINE_ROWS]
    frame = pd.DataFrame(shown)
    config = {"Report": st.column_config.LinkColumn("Report", display_text="Ofsted")}
    if "Report" in frame and not frame["Report"].astype(bool).any():
        frame = frame.drop(columns=["Report"])
        config = {}
    st.dataframe(frame, hide_index=True, column_config=config, key=f"table-{turn['id']}")
    if len(rows) > len(shown):
        st.caption(f"Showing {len(shown)} of {len(rows)} rows.")
    st.download_button(
        "Download the table (CSV)",
        data=rows_csv(rows),
        file_name="ofsted-councils.csv",
        mime="text/csv",
        key=f"csv-{turn['id']}",
        on_click="ignore",
    )
    compare_button(answer, turn["id"])
    return shown_references(shown)


def compare_button(answer, turn_id: str) -> None:
    """An answer over a region's councils opens the Compare councils view with the same
    region, judgement and grade."""
    scope = getattr(answer.table, "scope", None) if answer.table is not None else None
    if scope is None:
        return
    from ..compare import filters_of, region_name
    from .compare import open_compare

    filters = filters_of(scope)
    st.button(
        f"Compare councils: {region_name(filters['region'])}",
        key=f"compare-{turn_id}",
        on_click=open_compare,
        args=(filters,),
        help="Opens the Compare councils view with this answer's region, judgement and grade.",
    )


def which_council(turn: dict) -> None:
    """No council chosen and the question needs one: ask which, with likely councils as
    buttons; choosing one makes it my council and answers the question for it."""
    st.info(
        "Which council do you mean? Choose one (it becomes your council, kept in the page "
        "address), or name the council in the question."
    )
    councils = turn.get("councils") or []
    if councils:
        columns = st.columns(min(len(councils), 4))
        for i, council in enumerate(councils):
            columns[i % len(columns)].button(
                council,
                key=f"mine-{turn['id']}-{i}",
                on_click=answer_for,
                args=(turn["id"], turn["question"], council),
            )
    st.caption("[Choose your council](#my-council) at the top of the page.")


def answer_for(turn_id: str, question: str, council: str) -> None:
    """A "which council" button: make it my council, and ask the question again (in place
    of the turn that asked which council was meant)."""
    from ..mycouncil import set_council

    set_council(council)
    turns = st.session_state.get("turns", [])
    st.session_state["turns"] = [t for t in turns if t["id"] != turn_id]
    st.session_state["pending_question"] = question


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
