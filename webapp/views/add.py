"""The "Add a report" view: upload a file into the corpus and update the index."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from indexer.parse.loaders import MAX_FILE_BYTES, MAX_FILE_MB, size_text
from indexer.vocab import KIND_LABELS

from ..messages import for_user
from ..paths import Locations
from ..rebuild import show_build
from ..render import md_escape
from ..worker import BuildJob, Upload

UPLOAD_TYPES = ["pdf", "docx", "md", "markdown", "txt", "html", "htm"]


def add_view(retriever, places: Locations) -> None:
    import pandas as pd

    st.subheader("Add a report")
    st.caption(
        "Upload an Ofsted report or council paper (PDF, Word .docx, Markdown, text or HTML, "
        f"up to {size_text(MAX_FILE_BYTES)}). It is saved into the corpus folder and the index "
        "is updated; passages that did not change keep their stored vectors."
    )
    uploaded = st.file_uploader(
        "Report file", type=UPLOAD_TYPES, key="upload", max_upload_size=MAX_FILE_MB
    )
    if uploaded is not None and st.button("Add to the corpus and update the index", key="add"):
        add_upload(uploaded.name, uploaded.getvalue(), places.index_dir, places.corpus_dir)
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


def add_upload(name: str, data: bytes, index_dir: Path | str, corpus_dir: Path) -> None:
    """Quick checks here, then saving, parsing and the build in the worker, with progress.
    Every message is escaped: the file name is the user's, and can hold Markdown."""
    from ..uploads import DuplicateUpload, check_upload

    try:
        check_upload(name, data, corpus_dir)
    except DuplicateUpload as exc:
        st.warning(md_escape(f"Not added: {exc}.", inline=True))
        return
    except ValueError as exc:
        st.error(md_escape(f"Not added: {exc}.", inline=True))
        return
    outcome = show_build(
        BuildJob(corpus_dir, index_dir, Upload(name, data)),
        start_text="Saving the file and updating the index (loading the model)…",
    )
    if outcome is None:
        return
    if outcome.refused is not None:
        shown = st.warning if outcome.duplicate else st.error
        shown(for_user(f"Not added: {outcome.refused}.", index_dir, log=False))
        return
    if outcome.report is None:
        st.error(
            for_user(
                f"The file could not be indexed ({outcome.failed}); it was not added.", index_dir
            )
        )
        return
    report = outcome.report
    rel = outcome.saved.relative_to(corpus_dir).as_posix()
    skipped = [reason for f, reason in [*report.withheld, *report.skipped] if f == rel]
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
