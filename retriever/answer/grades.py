"""Grade questions answered from the extracted judgement rows, not from prose (pure)."""

from __future__ import annotations

import re

from indexer.parse.judgements import named_row, overall_judgement, split_grade
from indexer.vocab import grade_family, month_year

from ..understand.grade_rows import in_years
from ..understand.question import QuestionIntent, years_asked


def years_unheld(
    councils: list[str], rows: list[dict], intent: QuestionIntent, report_years=None
) -> str:
    """Why a grades, briefing or trend question cannot be answered for the years it names
    ("after 2018"), when a council it names has graded inspections in the index but none
    of them in those years (the same test as `matching_rows`); "" otherwise."""
    years = set(intent.years)
    if not years or intent.latest:
        return ""
    report_years = None if intent.year_range else report_years
    for council in councils:
        held = [r for r in rows if r["authority"] == council and r.get("inspection_date")]
        if not held or any(in_years(r, years, report_years) for r in held):
            continue
        dates = sorted({r["inspection_date"] for r in held}, reverse=True)
        shown = ", ".join(dict.fromkeys(month_year(d, long=True) for d in dates))
        return (
            f"The index holds no {council} inspection {years_asked(intent)}; "
            f"its inspections: {shown}."
        )
    return ""


def row_line(row: dict, passage_text: str) -> str | None:
    """The printed line of the judgement table that states this row, for quoting: its name
    and grade, or a line that names it in another printed wording ("The experience and
    progress of ...", "2.1 Adoption performance 2.2 ...") or, for the overall judgement and
    the LSCB review of a SIF report, its sentence ("Children's services in Kent are good",
    "The Local Safeguarding Children Board requires improvement")."""
    area_words = re.findall(r"[a-z]+", row["area"].lower())
    grade = row["grade"].lower()
    lines = [line.strip() for line in passage_text.splitlines() if line.strip()]
    for width in (1, 2):  # a grade printed on the line below its area
        for i in range(len(lines) - width + 1):
            text = " ".join(lines[i : i + width])
            lowered = text.lower()
            if grade in lowered and all(w in lowered for w in area_words):
                return text
    for width in (1, 2):
        for i in range(len(lines) - width + 1):
            text = " ".join(lines[i : i + width])
            if _states(row, text):
                return text
    return None


def _states(row: dict, text: str) -> bool:
    """The line grades the row's judgement with its grade, in whatever wording it prints."""
    family = grade_family(row["grade"])
    area, grade = split_grade(text)
    if grade is not None and grade_family(grade) == family:
        named = named_row(area, grade)
        if named is not None and named.area == row["area"]:
            return True
    found = overall_judgement(text) if row["area"] == "Overall effectiveness" else None
    return found is not None and grade_family(found[0]) == family
