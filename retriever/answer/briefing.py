"""briefing: the newest inspection's judgements, the report's headline summary points,
then what needs to improve; a line on the framework where it changed what is graded."""

from __future__ import annotations

from ..understand.grade_rows import matching_rows
from ..understand.query import Query, councils
from .citations import format_month
from .cited import Cited
from .framework import framework_note
from .judged import newest_inspection, print_grades
from .lists import print_list
from .sentences import split_sentences
from .sources import Sources

SUMMARY_POINTS = 3  # summary paragraphs quoted, first sentence each: read in a minute


def briefing_composer(query: Query, sources: Sources):
    named = councils(query)
    if len(named) != 1:
        return None
    council = named[0]
    rows = [r for r in sources.judgements() if r["authority"] == council]
    rows = newest_inspection(matching_rows(rows, _all_areas(query), sources.doc_years))
    cited = Cited(sources.passage)
    doc = rows[0]["doc_id"] if rows else None
    when = format_month(rows[0]["inspection_date"]) if rows else ""
    if rows:
        cited.add(f"Judgements (inspection {when}):")
        print_grades(cited, rows, headings=False)
        note = framework_note(rows[0]["inspection_date"])
        if note:
            cited.add(note)
        cited.add("")
    lists = sources.lists(authority=council, kinds=("summary", "improve"))
    if doc:
        lists = [x for x in lists if x["doc_id"] == doc] or lists
    summary = next((x for x in lists if x["kind"] == "summary"), None)
    if summary:
        quotes = [
            (
                [item["passage_id"], *summary["passage_ids"]],
                next(iter(split_sentences(item["text"])), ""),
                "summary",
            )
            for item in summary["items"][:SUMMARY_POINTS]
        ]
        cited.add_points("Headlines from the report's summary:", quotes)
    improve = next((x for x in lists if x["kind"] == "improve"), None)
    if improve:
        cited.add(f"{improve['heading']}:")
        print_list(cited, improve)
    overall = next((r for r in rows if "overall" in r["area"].lower()), None)
    head = f"{council}, Ofsted inspection {when}" if rows else f"{council}: the latest report"
    if overall:
        head += f": overall effectiveness {overall['grade']}"
    return cited.answer(query, head + ".")


def _all_areas(query: Query):
    from dataclasses import replace

    # "the latest inspection" is the newest one, whatever year its report is dated
    years = () if query.intent.latest else query.intent.years
    return replace(query.intent, areas=(), years=years)
