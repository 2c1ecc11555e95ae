"""Citation strings, and the check that every quote is printed in the passage it cites."""

from __future__ import annotations

import re
from collections.abc import Callable

from indexer.vocab import KIND_SHORT, report_date
from indexer.vocab import month_year as format_month

from ..types import Citation, Hit


def part_date(document: dict, part: dict) -> str:
    """The date a report is known by (indexer.vocab.report_date) for stored rows."""
    return report_date(part.get("inspection_end"), part.get("meeting_date"), document.get("date"))


def citation_for(document: dict, passage: dict) -> str:
    """'Staffordshire Ofsted report, Nov 2023, The experiences and progress of care leavers, para 35'."""
    part = passage["part"]
    when = format_month(part_date(document, part))
    report = f"{document['authority']} {KIND_SHORT.get(part['kind'], 'document')}"
    pieces = [report]
    if when:
        pieces.append(when)
    if passage.get("section"):
        pieces.append(passage["section"])
    label = passage["label"]
    if label != passage.get("section"):  # an unnumbered block is labelled by its heading
        pieces.append(f"para {label}" if re.fullmatch(r"\d+(\.\d+)*", label) else label)
    return ", ".join(pieces)


def verify_quote(quote: str, passage_text: str) -> bool:
    """A citation stands only if its quoted sentence is printed in the cited passage."""
    squash = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    return bool(quote.strip()) and squash(quote) in squash(passage_text)


def checked(passage: Callable[[str], Hit | None], citations: list[Citation]) -> list[Citation]:
    """Citations whose quote is in the stored passage, renumbered; the rest are dropped.
    `passage` looks a passage up by id (Retriever.passage)."""
    if hasattr(passage, "passage"):  # a Retriever, as callers before the split passed
        passage = passage.passage
    kept: list[Citation] = []
    for c in citations:
        hit = passage(c.passage_id)
        if hit is not None and verify_quote(c.quote, hit.passage["text"]):
            kept.append(Citation(len(kept) + 1, c.passage_id, c.citation, c.quote))
    return kept
