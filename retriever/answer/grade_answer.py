"""Grades stated from the judgement rows, each quoted from its printed table line."""

from __future__ import annotations

from collections.abc import Callable

from ..types import Answer, Citation, Hit
from ..understand.query import Query
from .citations import format_month, verify_quote
from .grades import row_line
from .sources import Sources


def grade_composer(query: Query, sources: Sources) -> Answer | None:
    """Grades stated from the judgement rows, each quoted from its printed table line."""
    text, citations, summary, hits = grade_answer(sources.passage, query.grade_rows)
    if not citations:
        return None
    return Answer(
        query.text, f"{summary}\n\n{text}", False, citations, hits, query.derived, summary
    )


def grade_answer(
    passage: Callable[[str], Hit | None], rows: list[dict]
) -> tuple[str, list[Citation], str, list[Hit]]:
    citations: list[Citation] = []
    hits: dict[str, Hit] = {}
    lines: list[str] = []
    heading = None
    for row in rows:
        hit = hits.get(row["passage_id"]) or passage(row["passage_id"])
        if hit is None:
            continue
        quote = row_line(row, hit.passage["text"])
        if not quote or not verify_quote(quote, hit.passage["text"]):
            continue
        hits[row["passage_id"]] = hit
        when = format_month(row["inspection_date"]) or "undated"
        this_heading = f"{row['authority']}: inspection {when}"
        if this_heading != heading:
            if lines:
                lines.append("")
            lines.append(this_heading)
            heading = this_heading
        number = len(citations) + 1
        citations.append(Citation(number, row["passage_id"], hit.citation, quote))
        lines.append(f"- {row['area']}: {row['grade']} [{number}]")
    if not citations:
        return "", [], "", []
    first = rows[0]
    summary = (
        f"{first['authority']} ({format_month(first['inspection_date'])}): "
        f"{first['area']}: {first['grade']} [1]"
    )
    if len(citations) > 1:
        summary += f" (and {len(citations) - 1} more below)"
    return "\n".join(lines), citations, summary, list(hits.values())
