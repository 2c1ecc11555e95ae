"""Streamlit front-end for ofsted-qa: ask cited questions, see grades, add reports.

UI only: every answer, passage and grade comes from the retriever API. All report text is
escaped before display (see `md_escape`), so nothing in a report can inject HTML or Markdown.

Run with `make run` (builds the index if needed) or `streamlit run app.py`.
Locations: OFSTED_QA_INDEX (default index/), OFSTED_QA_CORPUS (default corpus/), both
relative to this file's folder; OFSTED_QA_FEEDBACK (default feedback.sqlite beside the index).
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from pathlib import Path

import streamlit as st

from indexer.vocab import GRADE_FAMILIES, KIND_LABELS, grade_family
from retriever.config import DEFAULT as CONFIG

ROOT = Path(__file__).resolve().parent

GRADE_ORDER = [*GRADE_FAMILIES, "Other"]
GRADE_COLOURS = {
    "Outstanding": "#1b7837",
    "Good": "#a6dba0",
    "Requires improvement": "#f4a261",
    "Inadequate": "#d7301f",
    "Other": "#bdbdbd",
}
GRADE_TEXT = {"Outstanding": "white", "Inadequate": "white"}
UPLOAD_TYPES = ["pdf", "docx", "md", "markdown", "txt", "html", "htm"]
STREAM_DELAY_S = 0.02  # pause between answer lines, so the answer visibly builds up
NO_INDEX_HELP = (
    "Build the index first: run `make run` (builds the index, then starts this app) or "
    "`ofsted-qa index`, then reload this page."
)

# Characters that mean something to Markdown or to Streamlit's Markdown extensions
# (":red[...]", ":emoji:", "$math$"). Each becomes a numeric character reference, which
# Markdown shows as the literal character and never interprets.
_MD_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:&=^\"'")


# -- pure helpers ---------------------------------------------------------------------
def resolve_path(env_var: str, default: str) -> Path:
    path = Path(os.environ.get(env_var) or default).expanduser()
    return path if path.is_absolute() else ROOT / path


def md_escape(text: str, inline: bool = False, strip: bool = True) -> str:
    """Untrusted text -> Markdown that displays exactly that text and nothing else."""
    text = str(text or "")
    lines = text.split("\n")
    if strip:
        lines = [line.strip() for line in lines]
    out = []
    for line in lines:
        out.append("".join(f"&#{ord(c)};" if c in _MD_SPECIAL else c for c in line))
    return (" " if inline else "  \n").join(out)


def find_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each quoted sentence sits in the passage text (whitespace-insensitive)."""
    spans = []
    for quote in quotes:
        words = quote.split()
        if not words:
            continue
        match = re.search(r"\s+".join(map(re.escape, words)), text)
        if match:
            spans.append((match.start(), match.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted_markdown(text: str, quotes: list[str]) -> str:
    """The whole passage, escaped, with the cited sentences on a highlighted background."""
    text = "\n".join(line.strip() for line in str(text or "").splitlines())
    pieces, pos = [], 0
    for start, end in find_spans(text, quotes):
        pieces.append(md_escape(text[pos:start], strip=False))
        pieces.append(f":orange-background[{md_escape(text[start:end], inline=True)}]")
        pos = end
    pieces.append(md_escape(text[pos:], strip=False))
    return "".join(pieces)


def answer_markdown(text: str) -> str:
    """The answer text (plain, with '- ' bullets and [n] markers) as safe Markdown."""
    out: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            out.append("- " + _markers(md_escape(line[2:], inline=True)))
            continue
        is_header = i + 1 < len(lines) and lines[i + 1].strip().startswith("- ")
        body = _markers(md_escape(line, inline=True))
        out += ["", f"**{body}**" if is_header else body, ""]
    return "\n".join(out).strip()


def _markers(escaped: str) -> str:
    """Escaped '[n]' back to a visible, bold reference marker."""
    return re.sub(r"&#91;(\d{1,3})&#93;", r"**[\1]**", escaped)


def stream_chunks(markdown: str, delay: float = 0.0):
    """The answer Markdown one line at a time (never splitting an escape), for st.write_stream."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        yield line + ("\n" if i + 1 < len(lines) else "")
        if delay:
            time.sleep(delay)


def corpus_changes(corpus: dict[str, str], indexed: dict[str, str]) -> dict[str, list[str]]:
    """What changed in the corpus since the index was built (file -> sha256 maps)."""
    return {
        "added": sorted(set(corpus) - set(indexed)),
        "removed": sorted(set(indexed) - set(corpus)),
        "changed": sorted(f for f in set(corpus) & set(indexed) if corpus[f] != indexed[f]),
    }


def grade_band(grade: str) -> str:
    """The grade's family (indexer.vocab), or "Other" for anything else."""
    family = grade_family(grade or "")
    return family if family in GRADE_FAMILIES else "Other"


def year_filter(selected: tuple[int, int], known: list[int]) -> list[int] | None:
    """Years to filter on, None for the full range, [] when the range holds no report."""
    lo, hi = selected
    if not known or (lo <= min(known) and hi >= max(known)):
        return None
    return [y for y in known if lo <= y <= hi]


# -- resources (one per process) ------------------------------------------------------
def index_stamp(index_dir) -> int:
    """Changes when a build is swapped in, by this app server or (PostgreSQL) any other."""
    from indexer.store import stamp

    return stamp(index_dir)


def index_location():
    """OFSTED_QA_STORE (a postgresql:// URL) if set, else the OFSTED_QA_INDEX folder."""
    from indexer.store import store_location

    return store_location(None, resolve_path("OFSTED_QA_INDEX", "index"))


@st.cache_resource(show_spinner="Loading the index…", max_entries=4)
def load_retriever(index_dir: str, stamp: int):
    """Opened once per index build (the stamp changes when the index is rebuilt)."""
    from retriever import Retriever

    return Retriever.open(index_dir)


@st.cache_resource
def build_lock() -> threading.Lock:
    return threading.Lock()


def corpus_signature(corpus_dir: Path) -> tuple:
    """Cheap (name, size, mtime) listing: the corpus is re-hashed only when this changes."""
    try:
        return tuple(
            sorted(
                (p.relative_to(corpus_dir).as_posix(), st_.st_size, st_.st_mtime_ns)
                for p in corpus_dir.rglob("*")
                if p.is_file() and (st_ := p.stat())
            )
        )
    except OSError:
        return ()


@st.cache_data(show_spinner=False, max_entries=16)
def stale_check(corpus_dir: str, signature: tuple, stamp: int, _indexed: dict) -> dict | None:
    """Changes since the index was built; None when the corpus cannot be read."""
    from indexer import CorpusProblem, corpus_fingerprint

    try:
        return corpus_changes(corpus_fingerprint(Path(corpus_dir)), _indexed)
    except (CorpusProblem, OSError):
        return None


def rebuild_index(index_dir: Path, corpus_dir: Path, where=st) -> bool:
    """Rebuild in this process with a progress bar (webapp.rebuild); one build at a time."""
    from webapp.rebuild import rebuild

    lock = build_lock()
    if not lock.acquire(blocking=False):
        where.warning("The index is already being updated; reload the page in a minute.")
        return False
    try:
        bar = where.progress(0.0, text="Starting the index build (loading the model)…")
        summary = rebuild(index_dir, corpus_dir, lambda f, text: bar.progress(f, text=text))
    except Exception as exc:  # noqa: BLE001 - a failed build is a message
        where.error(md_escape(f"The index could not be rebuilt: {exc}", inline=True))
        return False
    finally:
        lock.release()
    bar.progress(1.0, text="Index rebuilt.")
    st.session_state["flash"] = ("success", md_escape(summary, inline=True))
    load_retriever.clear()
    stale_check.clear()
    return True


def feedback_store(index_dir):
    from webapp.feedback import open_feedback

    path = None
    if os.environ.get("OFSTED_QA_FEEDBACK"):
        path = resolve_path("OFSTED_QA_FEEDBACK", "feedback.sqlite")
    return open_feedback(index_dir, path)


# -- asking ---------------------------------------------------------------------------
def run_ask(retriever, question, k, filters, history, rerank):
    """(answer, notice). Rerank falls back to hybrid, with a notice, if it is unavailable."""
    from retriever import FilterError, QuestionError

    if rerank:
        try:
            return retriever.ask(
                question, k=k, filters=filters, history=history, mode="rerank"
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
        answer = retriever.ask(question, k=k, filters=filters, history=history, mode="hybrid")
        return answer, notice
    return retriever.ask(question, k=k, filters=filters, history=history, mode="hybrid"), None


def save_feedback(turn_id: str) -> None:
    turn = next((t for t in st.session_state.get("turns", []) if t["id"] == turn_id), None)
    if turn is None or turn.get("answer") is None:
        return
    answer = turn["answer"]
    try:
        feedback_store(index_location()).record(
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


# -- rendering ------------------------------------------------------------------------
def render_hit(hit, quotes: list[str], numbers: list[int], key: str, corpus_dir: Path) -> None:
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
        rel = str(d.get("path") or "")
        st.caption(md_escape(f"Source file: corpus/{rel}", inline=True))
        source = (corpus_dir / rel).resolve()
        inside = corpus_dir.resolve() in source.parents
        if rel and inside and source.is_file():
            st.download_button(
                "Download the source file",
                data=source.read_bytes,
                file_name=source.name,
                key=f"src-{key}",
                on_click="ignore",
            )
        else:
            st.caption("The source file is no longer in the corpus folder.")


def render_answer(turn: dict, corpus_dir: Path, stream: bool = False) -> None:
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
        feedback_widget(turn)
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
    feedback_widget(turn)


def feedback_widget(turn: dict) -> None:
    st.feedback("thumbs", key=f"feedback-{turn['id']}", on_change=save_feedback, args=(turn["id"],))


def sidebar(retriever) -> dict:
    values = retriever.filter_values()
    st.sidebar.header("Filters")
    authority = st.sidebar.multiselect("Local authority", values["authority"], key="f_authority")
    kinds = st.sidebar.multiselect(
        "Report kind",
        values["kind"],
        format_func=lambda k: KIND_LABELS.get(k, k),
        key="f_kind",
    )
    years = values["year"]
    year_range = None
    if len(years) > 1:
        year_range = st.sidebar.slider(
            "Years", min(years), max(years), (min(years), max(years)), key="f_years"
        )
    st.sidebar.header("Search")
    rerank = st.sidebar.toggle("Rerank results (slower, more precise)", key="rerank")
    k = st.sidebar.slider("Number of sources", 1, 20, CONFIG.k, key="k")
    filters: dict = {}
    if authority:
        filters["authority"] = list(authority)
    if kinds:
        filters["kind"] = list(kinds)
    picked_years = year_filter(year_range, years) if year_range else None
    if picked_years is not None:
        filters["year"] = picked_years
    briefing_slot = st.sidebar.container()
    st.sidebar.header("Index")
    status = retriever.status()
    st.sidebar.caption(
        md_escape(
            f"{status.get('documents', 0)} documents · {status.get('passages', 0)} passages · "
            f"model {status.get('model', '?')} · built {status.get('built_at', '?')}",
            inline=True,
        )
    )
    stale_panel(retriever)
    return {
        "filters": filters,
        "k": k,
        "rerank": rerank,
        "empty_years": picked_years == [],
        "briefing_slot": briefing_slot,
    }


def stale_panel(retriever) -> None:
    """Warn, in the sidebar, when corpus/ no longer matches what the index was built from."""
    index_dir = index_location()
    corpus_dir = Path(st.session_state["corpus_dir"])
    if not corpus_dir.is_dir():
        st.sidebar.caption(
            md_escape(f"Corpus folder {corpus_dir} not found: cannot check the index.", inline=True)
        )
        return
    changes = stale_check(
        str(corpus_dir),
        corpus_signature(corpus_dir),
        index_stamp(index_dir),
        dict(retriever.manifest.corpus),
    )
    if not changes or not any(changes.values()):
        return
    what = []
    for name, files in changes.items():
        if files:
            shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
            what.append(md_escape(f"{len(files)} {name} ({shown})", inline=True))
    st.sidebar.warning(
        "**The index is out of date.** Since it was built, corpus/ has "
        + "; ".join(what)
        + ". Answers do not reflect these changes yet. Rebuild the index with the button "
        "below, or run `make index` (or `ofsted-qa index`) and reload the page.",
        icon="⚠️",
    )
    clicked = st.sidebar.button("Rebuild the index now", key="rebuild")
    if clicked and rebuild_index(index_dir, corpus_dir, where=st.sidebar):
        st.rerun()


def briefing_panel(slot) -> None:
    """Filled after the page ran, so the note includes the answer given in this run."""
    from webapp.briefing import briefing_markdown

    turns = st.session_state.get("turns", [])
    with slot:
        st.header("Briefing")
        st.download_button(
            "Download briefing note (Markdown)",
            data=briefing_markdown([(t["question"], t.get("answer")) for t in turns]),
            file_name="ofsted-briefing.md",
            mime="text/markdown",
            key="briefing",
            disabled=not turns,
            on_click="ignore",
        )
        if st.button("Clear the conversation", key="clear", disabled=not turns):
            st.session_state["turns"] = []
            st.rerun()


def ask_view(retriever, options: dict, corpus_dir: Path) -> None:
    from retriever import QuestionError

    turns = st.session_state.setdefault("turns", [])
    question = st.chat_input("Ask about the Ofsted reports, e.g. care leaver accommodation")
    problem = None
    if question is not None:
        if options["empty_years"]:
            problem = ("info", "No reports fall in the selected years; widen the year range.")
        else:
            try:
                question = retriever.resolver.check_question(question)
            except QuestionError as exc:
                problem = ("error", f"Please check the question: {exc}.")
    if not turns and (question is None or problem is not None):
        st.info(
            "Ask a question about the inspection reports. Every statement in the answer "
            "cites the report paragraph it comes from; open a reference to check it."
        )
    for turn in turns:
        with st.chat_message("user"):
            st.markdown(md_escape(turn["question"]))
        with st.chat_message("assistant"):
            render_answer(turn, corpus_dir)
    if question is not None and problem is None:
        answer_new_question(retriever, question, options, corpus_dir, turns)
    if problem is not None:
        getattr(st, problem[0])(md_escape(problem[1], inline=True))


def answer_new_question(retriever, question: str, options: dict, corpus_dir: Path, turns) -> None:
    """Show the question at once, search under a spinner, then stream the answer in."""
    from indexer import ModelError
    from retriever import FilterError, QuestionError

    with st.chat_message("user"):
        st.markdown(md_escape(question))
    with st.chat_message("assistant"):
        history = [t["question"] for t in turns]
        message = None
        try:
            with st.spinner("Searching the reports…"):
                answer, notice = run_ask(
                    retriever,
                    question,
                    options["k"],
                    options["filters"] or None,
                    history or None,
                    options["rerank"],
                )
        except QuestionError as exc:
            message = f"Please check the question: {exc}."
        except FilterError as exc:
            message = f"A filter could not be used: {exc}. Clear the filters in the sidebar."
        except ModelError as exc:
            message = f"The embedding model could not be loaded: {exc}"
        except Exception as exc:  # noqa: BLE001 - never show a traceback
            message = f"Something went wrong answering that ({exc.__class__.__name__}: {exc})."
        if message is not None:
            st.error(md_escape(message, inline=True))
            return
        turn = {
            "id": uuid.uuid4().hex[:12],
            "question": question,
            "answer": answer,
            "notice": notice,
            "mode": "hybrid" if notice or not options["rerank"] else "rerank",
        }
        turns.append(turn)
        render_answer(turn, corpus_dir, stream=True)


def grades_view(retriever, options: dict, corpus_dir: Path) -> None:
    import altair as alt
    import pandas as pd

    rows = retriever.judgements()
    authorities = options["filters"].get("authority")
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

    def colour(grade: str) -> str:
        band = grade_band(grade)
        return f"background-color: {GRADE_COLOURS[band]}; color: {GRADE_TEXT.get(band, 'black')}"

    st.dataframe(table.style.map(colour, subset=["Grade"]), hide_index=True, key="grades_table")
    neighbours_section(retriever, colour)
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


def neighbours_section(retriever, colour) -> None:
    """One council against its statistical neighbours, newest inspection each, colour-coded."""
    import pandas as pd

    from webapp.neighbours import COLUMNS, neighbour_rows

    rows = retriever.judgements()
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
    st.dataframe(frame.style.map(colour, subset=areas), hide_index=True, key="neighbours_table")
    st.caption(
        "Each council's newest inspection; neighbours closest first (DfE statistical "
        "neighbour model)."
        + (f" No reports in the index for: {', '.join(missing)}." if missing else "")
    )


def add_view(retriever, index_dir: Path, corpus_dir: Path) -> None:
    import pandas as pd

    st.subheader("Add a report")
    st.caption(
        "Upload an Ofsted report or council paper (PDF, Word .docx, Markdown, text or HTML, "
        "up to 50 MB). It is saved into the corpus folder and the index is updated; "
        "passages that did not change keep their stored vectors."
    )
    uploaded = st.file_uploader("Report file", type=UPLOAD_TYPES, key="upload")
    if uploaded is not None and st.button("Add to the corpus and update the index", key="add"):
        add_upload(uploaded.name, uploaded.getvalue(), index_dir, corpus_dir)
    docs = retriever.documents() if retriever is not None else []
    if docs:
        st.caption(f"{len(docs)} documents in the index")
        st.dataframe(
            pd.DataFrame(
                {
                    "Authority": [d.get("authority", "") for d in docs],
                    "Title": [d.get("title", "") for d in docs],
                    "Kind": [KIND_LABELS.get(d.get("kind"), d.get("kind")) for d in docs],
                    "Date": [d.get("date") or "" for d in docs],
                    "File": [f"corpus/{d.get('path', '')}" for d in docs],
                }
            ),
            hide_index=True,
            key="documents_table",
        )


def add_upload(name: str, data: bytes, index_dir: Path, corpus_dir: Path) -> None:
    from webapp.uploads import DuplicateUpload, add_report

    lock = build_lock()
    if not lock.acquire(blocking=False):
        st.warning("Another update of the index is running; try again in a minute.")
        return
    try:
        with st.spinner("Saving the file and updating the index…"):
            path, report = add_report(name, data, corpus_dir, index_dir)
    except DuplicateUpload as exc:
        st.warning(f"Not added: {exc}.")
        return
    except ValueError as exc:
        st.error(f"Not added: {exc}.")
        return
    except Exception as exc:  # noqa: BLE001 - a failed build is reported, not raised
        st.error(
            f"The file could not be indexed ({exc.__class__.__name__}: {exc}); it was not added."
        )
        return
    finally:
        lock.release()
    load_retriever.clear()
    rel = path.relative_to(corpus_dir).as_posix()
    skipped = [reason for f, reason in report.skipped if f == rel]
    if skipped:
        st.warning(
            md_escape(f"Saved corpus/{rel}, but it was not indexed: {skipped[0]}", inline=True)
        )
    else:
        st.success(
            md_escape(
                f"Added corpus/{rel}. The index now holds {report.documents} documents and "
                f"{report.passages} passages ({report.embedded} newly embedded, "
                f"{report.reused} reused).",
                inline=True,
            )
        )
    doc_id = Path(rel).with_suffix("").as_posix()
    for doc, reason in report.left_out:
        if doc == doc_id:
            st.info(md_escape(f"Left out of the index: {reason}", inline=True))


def no_index_view(exc: Exception, index_dir: Path, corpus_dir: Path) -> None:
    st.error(md_escape(f"There is no usable search index yet: {exc}", inline=True))
    st.info(NO_INDEX_HELP)
    clicked = corpus_dir.is_dir() and st.button("Build the index now", key="build_now")
    if clicked and rebuild_index(index_dir, corpus_dir):
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="Ofsted reports Q&A", page_icon="📑", layout="wide")
    from indexer import IndexProblem

    index_dir = index_location()
    corpus_dir = resolve_path("OFSTED_QA_CORPUS", "corpus")
    st.session_state["index_dir"] = str(index_dir)
    st.session_state["corpus_dir"] = str(corpus_dir)
    st.title("Ofsted reports: cited questions and answers")
    try:
        retriever = load_retriever(str(index_dir), index_stamp(index_dir))
    except IndexProblem as exc:
        no_index_view(exc, index_dir, corpus_dir)
        return
    except Exception as exc:  # noqa: BLE001 - a damaged index is a message, not a traceback
        no_index_view(exc, index_dir, corpus_dir)
        return
    flash = st.session_state.pop("flash", None)
    if flash:
        getattr(st, flash[0])(flash[1])
    options = sidebar(retriever)
    view = st.radio(
        "View",
        ["Ask", "Grades", "Add a report"],
        horizontal=True,
        key="view",
        label_visibility="collapsed",
    )
    try:
        if view == "Ask":
            ask_view(retriever, options, corpus_dir)
        elif view == "Grades":
            grades_view(retriever, options, corpus_dir)
        else:
            add_view(retriever, index_dir, corpus_dir)
    except Exception as exc:  # noqa: BLE001 - last resort: a message, never a traceback
        st.error(
            md_escape(
                f"Something went wrong showing this page ({exc.__class__.__name__}: {exc}). "
                "Reload the page; if it persists, rebuild the index.",
                inline=True,
            )
        )
    briefing_panel(options["briefing_slot"])


if __name__ == "__main__":
    main()
