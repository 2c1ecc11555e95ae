"""The "Add a report" view: upload a file into the corpus and update the index."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from indexer.vocab import KIND_LABELS

from ..paths import Locations
from ..render import md_escape
from ..resources import build_lock, load_retriever

UPLOAD_TYPES = ["pdf", "docx", "md", "markdown", "txt", "html", "htm"]


def add_view(retriever, places: Locations) -> None:
    import pandas as pd

    st.subheader("Add a report")
    st.caption(
        "Upload an Ofsted report or council paper (PDF, Word .docx, Markdown, text or HTML, "
        "up to 50 MB). It is saved into the corpus folder and the index is updated; "
        "passages that did not change keep their stored vectors."
    )
    uploaded = st.file_uploader("Report file", type=UPLOAD_TYPES, key="upload")
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


def add_upload(name: str, data: bytes, index_dir: Path, corpus_dir: Path) -> None:
    from ..uploads import DuplicateUpload, add_report

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
