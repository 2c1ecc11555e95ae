"""which: councils from the judgement data, each with its citation, and the count. The
judgement data is councils' children's services: anything else rated (schools, homes,
providers) is said not to be covered rather than answered with council grades."""

from __future__ import annotations

from ..types import Answer
from ..understand.grade_rows import asked_grade, in_years, matching_rows
from ..understand.query import Query
from ..understand.shape import rated_thing
from .cited import Cited
from .judged import per_council_newest, print_grades
from .sources import Sources


def which_composer(query: Query, sources: Sources) -> Answer | None:
    thing = rated_thing(query.text)
    if thing:
        return sources.abstain(
            query,
            f"The reports do not cover the ratings of {thing}: they are inspections of "
            "councils' children's services, and hold judgements on councils only.",
        )
    grade = asked_grade(query.text)
    if not grade and not query.intent.areas:
        return None
    rows = matching_rows(sources.judgements(), query.intent, sources.doc_years)
    dated = None if query.intent.year_range else sources.doc_years
    rows = per_council_newest(_newest_first(sources.judgements(), query, rows, dated))
    cited = Cited(sources.passage)
    printed = print_grades(cited, rows)
    named = list(dict.fromkeys(r["authority"] for r in printed))
    held = len({r["authority"] for r in sources.judgements()})
    what = f"rated {grade.lower()}" if grade else "with these judgements"
    if not named:
        text = (
            f"None of the {held} councils with a graded inspection in the index was {what}"
            " at its latest inspection."
        )
        return Answer(query.text, text, False, [], [], query.derived or {}, text)
    summary = (
        f"{len(named)} of the {held} councils with a graded inspection in the index "
        f"{'was' if len(named) == 1 else 'were'} {what} at their latest inspection: "
        f"{', '.join(named)}."
    )
    return cited.answer(query, summary)


def _newest_first(
    all_rows: list[dict], query: Query, rows: list[dict], report_years=None
) -> list[dict]:
    """Rows matching the question, kept only where they are of the council's newest
    inspection (within the years asked about: inspected or published then)."""
    years = set(query.intent.years)
    newest: dict[str, str] = {}
    for r in all_rows:
        d = r["inspection_date"]
        if d and in_years(r, years, report_years) and d > newest.get(r["authority"], ""):
            newest[r["authority"]] = d
    return [r for r in rows if r["inspection_date"] == newest.get(r["authority"])]
