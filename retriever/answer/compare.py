"""A comparison: each council's newest grades for the areas named, side by side, then
the prose."""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Answer, Citation
from ..understand.grade_rows import matching_rows
from ..understand.query import Query, councils
from .cited import Cited
from .prose import prose_composer
from .sources import Sources


def compare_composer(query: Query, sources: Sources) -> Answer | None:
    """One block per council in the order asked: the newest grades for the areas named,
    then the best sentences (a list never cut from its lead-in)."""
    from .judged import per_council_newest, print_grades

    prose = prose_composer(query, sources)
    named = councils(query)
    intent = query.intent
    # a comparison with statistical neighbours states the overall grades when no area is named
    areas = intent.areas or (("overall",) if intent.neighbours else ())
    if not areas or len(named) < 2 or prose.abstained:
        return prose
    rows = matching_rows(sources.judgements(), replace(intent, areas=areas), sources.doc_years)
    rows = per_council_newest([r for r in rows if r["authority"] in named])
    rows.sort(key=lambda r: named.index(r["authority"]))
    cited = Cited(sources.passage)
    if not print_grades(cited, rows):
        return prose
    offset = len(cited.citations)
    renumbered = [
        Citation(c.number + offset, c.passage_id, c.citation, c.quote) for c in prose.citations
    ]
    shift = lambda t: re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", t)  # noqa: E731
    body = prose.answer.split("\n\n", 1)[1] if "\n\n" in prose.answer else prose.answer
    summary = shift(prose.summary)
    grades = "\n".join(line for line in cited.lines if line)
    text = f"{summary}\n\n{grades}\n\n{shift(body)}"
    if intent.neighbours:  # grades first, each council's newest inspection, closest first
        summary = neighbours_summary(named)
        notes = "\n".join(f"({n})" for n in intent.notes)
        text = f"{summary}\n{notes}\n\n{grades}\n\n{shift(body)}"
    return Answer(
        query.text,
        text,
        False,
        cited.citations + renumbered,
        list(cited.hits.values()) + prose.hits,
        query.derived,
        summary,
    )


def neighbours_summary(named: list[str]) -> str:
    return (
        f"Side by side, {', '.join(named)}, each from its newest inspection: grades first, "
        "then what the reports say."
    )
