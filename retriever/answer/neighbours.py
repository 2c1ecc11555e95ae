"""neighbours: a council beside its statistical neighbours (or the councils named), one
table of each council's newest inspection, grades in the DfE's order of judgements, the
asked council first; a named area keeps only its columns. The reports' own sentences on
the question's topic follow, where the evidence holds."""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Answer, Citation
from ..understand.grade_rows import matching_rows
from ..understand.query import Query, councils
from ..understand.question import area_of
from .citations import format_month
from .cited import Cited
from .grades import row_line
from .judged import per_council_newest
from .prose import prose_composer
from .sources import Sources

# The DfE's order of the judgements (overall effectiveness first).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("overall", "Overall effectiveness"),
    ("leaders", "Impact of leaders"),
    ("help_and_protection", "Help and protection"),
    ("children_in_care", "Children in care"),
    ("care_leavers", "Care leavers"),
    ("adoption", "Adoption"),
)


def grade_table(query: Query, sources: Sources, named: list[str]) -> tuple[Cited, list[str]]:
    """The table's lines, each grade cited from its judgement-table line; the councils
    with no graded inspection in the index."""
    intent = query.intent
    rows = matching_rows(sources.judgements(), replace(intent, areas=(), years=()), None)
    rows = per_council_newest([r for r in rows if r["authority"] in named])
    cited = Cited(sources.passage)
    cells: dict[str, dict[str, dict]] = {}
    for row in rows:
        for area in area_of(row["area"]):
            cells.setdefault(row["authority"], {}).setdefault(area, row)
    asked = [a for a in intent.areas if any(a == key for key, _ in COLUMNS)]
    shown = [
        (key, title)
        for key, title in COLUMNS
        if (key in asked if asked else any(key in c for c in cells.values()))
    ] or [COLUMNS[0]]
    cited.add(" | ".join(["Council", "Inspected", *(title for _, title in shown)]))
    missing = []
    for council in named:
        graded = []
        for key, _ in shown:
            row = cells.get(council, {}).get(key)
            hit = cited.hit(row["passage_id"]) if row else None
            quote = row_line(row, hit.passage["text"]) if hit else None
            number = cited.cite([row["passage_id"]], quote) if quote else None
            graded.append(f"{row['grade']} [{number}]" if number else "not judged")
        if all(g == "not judged" for g in graded):
            missing.append(council)
            continue
        dates = [r["inspection_date"] for r in cells[council].values()]
        when = format_month(max(dates)) if dates else "undated"
        cited.add(" | ".join([council, when, *graded]))
    return cited, missing


def benchmarks(query: Query, sources: Sources, council: str) -> list[str]:
    """Two lines closing the table, as LAIT did: the council's region and England, as
    counts per grade of each council's latest graded inspection (in the area asked)."""
    from indexer.vocab import GRADE_FAMILIES

    from .regional import asked_area, benchmark_rows

    area = asked_area(query)
    rows = benchmark_rows(sources.judgements(), council, area)
    lines = [
        f"{cells[0].text} ({cells[1].text} councils): "
        + ", ".join(f"{cell.text} {f.lower()}" for f, cell in zip(GRADE_FAMILIES, cells[2:]))
        for cells in rows
    ]
    if not lines:
        return []
    what = "overall effectiveness" if area == "overall" else area.replace("_", " ")
    return ["", f"Benchmarks ({what}, each council's latest graded inspection):", *lines]


def neighbours_composer(query: Query, sources: Sources) -> Answer | None:
    """The table, then what the reports say on the question's topic (when they say it)."""
    intent = query.intent
    named = councils(query)
    if not named:
        return None
    cited, missing = grade_table(query, sources, named)
    if not cited.citations:
        return None
    own, others = named[0], [n for n in named[1:] if n not in missing]
    if intent.shape == "neighbours" or intent.neighbours:
        summary = (
            f"{own} and its statistical neighbours in the index ({', '.join(others) or 'none'}),"
            " each council's newest inspection"
        )
    else:
        summary = f"{' and '.join(named)} side by side, each council's newest inspection"
    notes = [f"({n})" for n in intent.notes]
    if missing:
        notes.append(f"(no graded inspection in the index for {', '.join(missing)})")
    text = "\n".join([summary, *notes, "", *cited.lines, *benchmarks(query, sources, own)])
    citations = list(cited.citations)
    hits = list(cited.hits.values())
    prose = prose_composer(query, sources) if intent.shape != "neighbours" else None
    if prose is not None and not prose.abstained:
        offset = len(citations)
        citations += [
            Citation(c.number + offset, c.passage_id, c.citation, c.quote) for c in prose.citations
        ]
        body = prose.answer.split("\n\n", 1)[1] if "\n\n" in prose.answer else prose.answer
        body = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", body)
        text += "\n\nWhat the reports say:\n\n" + body
        hits += prose.hits
    return Answer(query.text, text, False, citations, hits, query.derived or {}, summary)
