"""progress: a council's progress since an inspection. The inspection that gave the grade
asked about ("since it was judged inadequate", "since its 2019 inspection", else its latest),
then each focused or monitoring visit after it in date order with its headline finding, and
the latest full inspection after it where there is one. Grades come only from inspections.
When the index holds no inspection of the year named ("since the 2017 inspection", its
report not held), the reports since then answer, as a topic answer, under a line saying so."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from indexer.vocab import GRADE_FAMILIES, VISIT_KINDS, grade_family

from ..types import Answer
from ..understand.query import Query, councils
from .citations import format_month
from .cited import Cited
from .judged import print_grades
from .prose import prose_composer
from .sentences import split_sentences
from .sources import Sources
from .visits import cite_headline, kind_name, reports_of

# A grade the question says the council was given ("since it was judged inadequate",
# "since the inadequate judgement"), not "good progress".
_GRADE = "(" + "|".join(g.lower() for g in GRADE_FAMILIES) + ")"
_GRADE_GIVEN = re.compile(
    rf"\b(?:judged|rated|found|graded|was|were|been|being)\s+(?:as\s+|to be\s+)?{_GRADE}\b"
    rf"|\b{_GRADE}\s+(?:judgements?|judgments?|ratings?|grades?|inspection|verdict)\b"
    rf"|\bsince\s+(?:it\s+was\s+|being\s+|going\s+)?{_GRADE}\b",
    re.I,
)


@dataclass(frozen=True)
class Inspection:
    """A graded inspection: its judgement rows."""

    date: str
    rows: tuple[dict, ...]

    @property
    def overall(self) -> dict | None:
        return next((r for r in self.rows if "overall" in r["area"].lower()), None)


def grade_asked(question: str) -> str | None:
    """The grade family the question says was given, or None."""
    m = _GRADE_GIVEN.search(question)
    if not m:
        return None
    return grade_family(next(g for g in m.groups() if g))


def inspections_of(sources: Sources, council: str) -> list[Inspection]:
    """A council's graded inspections, oldest first (judgement rows: full inspections only)."""
    by_date: dict[str, list[dict]] = {}
    for row in sources.judgements():
        if row["authority"] == council and row["inspection_date"]:
            by_date.setdefault(row["inspection_date"], []).append(row)
    return [Inspection(d, tuple(rows)) for d, rows in sorted(by_date.items())]


def progress_composer(query: Query, sources: Sources):
    named = councils(query)
    if len(named) != 1:
        return None
    council, intent = named[0], query.intent
    inspections = inspections_of(sources, council)
    grade = grade_asked(query.text)
    # "since its 2019 inspection": the year dates the inspection progress is measured from
    years = () if intent.latest else (intent.years or intent.event_years)
    candidates = [i for i in inspections if not years or int(i.date[:4]) in years]
    if grade:
        candidates = [
            i for i in candidates if i.overall and grade_family(i.overall["grade"]) == grade
        ]
    if not candidates:
        held = any(int(i.date[:4]) in years for i in inspections)
        since = None if held or not years else since_unheld(query, sources, council, years)
        return since or sources.abstain(query, _no_anchor(council, inspections, grade, years))
    # "since 2019" reads as the years from 2019 on: progress is measured from the first
    # inspection in them, not the latest
    anchor = candidates[0] if intent.year_range else candidates[-1]
    visits = [v for v in reports_of(sources, council, VISIT_KINDS) if v.date > anchor.date]
    later = [i for i in inspections if i.date > anchor.date]
    cited = Cited(sources.passage)
    cited.add(f"Inspection of {format_month(anchor.date)}:")
    _grades(cited, anchor)
    events: list = sorted([*visits, *later[-1:]], key=lambda e: e.date)
    for event in events:
        cited.add("")
        if isinstance(event, Inspection):
            cited.add(f"Latest full inspection, {format_month(event.date)}:")
            _grades(cited, event)
            continue
        cited.add(f"{kind_name(event.kind).capitalize()}, {event.when()}:")
        lines = cite_headline(cited, sources, event)
        cited.add(f"- {lines[0]}" if lines else "- (the letter is in the index; no finding quoted)")
    return cited.answer(query, _summary(council, anchor, visits, later))


def since_unheld(
    query: Query, sources: Sources, council: str, years: tuple[int, ...]
) -> Answer | None:
    """Progress since an inspection whose report the index does not hold: the council's
    reports from that year on discuss it ("Since the last inspection in 2017..."), so their
    passages answer, as a topic answer, first saying that the inspection's own report is not
    held. None where no report of the council is that recent or none covers the question."""
    since = min(years)
    docs = [
        d
        for d in sources.council_documents(council)
        if any(y >= since for y in sources.doc_years(d))
    ]
    if not docs:
        return None
    scoped = replace(query, derived=(query.derived or query.filters).having("doc", docs))
    answer = prose_composer(scoped, sources)
    if answer.abstained:
        return None
    when = " or ".join(map(str, years))
    note = (
        f"The index holds no report of {council}'s {when} inspection; "
        f"what its reports since then say:"
    )
    return replace(
        answer,
        answer=f"{note}\n{answer.answer}",
        summary=f"{note} {answer.summary}",
        filters=query.derived or query.filters,
    )


def _grades(cited: Cited, inspection: Inspection) -> None:
    """Every grade, the overall one first, so progress shows in each judgement area; each
    quoted from its table line, or from the sentence of its passage that states it where
    the table line cannot be quoted."""
    overall = inspection.overall
    rows, areas = [], set()
    for row in ([overall] if overall else []) + list(inspection.rows):
        if row["area"].lower() not in areas:  # one line per area, where two reports print it
            areas.add(row["area"].lower())
            rows.append(row)
    if print_grades(cited, rows, headings=False):
        return
    for row in rows:
        hit = cited.hit(row["passage_id"])
        text = hit.passage["text"] if hit else ""
        grade = row["grade"].lower()
        said = next((s for s in split_sentences(text) if grade in s.lower()), None)
        n = cited.cite([row["passage_id"]], said) if said else None
        if n:
            cited.add(f"- {row['area']}: {row['grade']} [{n}]")


def _summary(council: str, anchor: Inspection, visits, later: list[Inspection]) -> str:
    given = f"judged {anchor.overall['grade'].lower()}" if anchor.overall else "inspected"
    text = f"{council}: {given} at its inspection of {format_month(anchor.date)}"
    if visits:
        kinds = {v.kind for v in visits}
        what = kind_name(next(iter(kinds))) if len(kinds) == 1 else "visit"
        dates = ", ".join(v.when() for v in visits)
        text += f"; {len(visits)} {what}{'s' * (len(visits) > 1)} since ({dates})"
    else:
        text += "; no focused or monitoring visit letter after it in the index"
    if later:
        overall = later[-1].overall
        grade = f": {overall['grade'].lower()}" if overall else ""
        text += f"; latest full inspection {format_month(later[-1].date)}{grade}"
    else:
        text += "; no full inspection since in the index"
    return text + "."


def _no_anchor(council: str, inspections: list[Inspection], grade, years) -> str:
    asked = " judged " + grade.lower() if grade else ""
    when = " in " + " or ".join(map(str, years)) if years else ""
    reason = f"The index holds no inspection of {council}{asked}{when}"
    if not inspections:
        return reason + ", and no graded inspection of it at all."
    held = "; ".join(
        f"{format_month(i.date)} ({i.overall['grade'] if i.overall else 'graded'})"
        for i in inspections
    )
    return f"{reason}. Its graded inspections in the index: {held}."
