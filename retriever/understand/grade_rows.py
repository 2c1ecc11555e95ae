"""The judgement rows a question asks for: its areas, years and grade, one row per
inspection and area, newest first (pure; the resolver picks them once per question)."""

from __future__ import annotations

import re

from indexer.vocab import (
    GOOD,
    INADEQUATE,
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
    grade_family,
    typed_grade,
)

from .question import QuestionIntent, area_of

_ASKED_GRADE = {
    OUTSTANDING: rf"\b(?:{typed_grade(OUTSTANDING)})\b",
    INADEQUATE: rf"\b(?:{typed_grade(INADEQUATE)})\b",
    REQUIRES_IMPROVEMENT: rf"\b(?:{typed_grade(REQUIRES_IMPROVEMENT)})\b",
    # "good" alone is any praise; a grade only after a verb of judging
    GOOD: rf"\b(?:rated|graded|judged|as|were|was|got|get|received|are|is) (?:{typed_grade(GOOD)})\b",
}


def asked_grade(question: str) -> str | None:
    """The grade a "which councils were rated X" question asks about."""
    for grade, pattern in _ASKED_GRADE.items():
        if re.search(pattern, question, re.I):
            return grade
    return None


def in_years(row: dict, years: set[int], report_years=None) -> bool:
    """A judgement row is of a year asked about when its inspection was, or its report is
    dated then (`report_years(doc_id)`: published in January 2019, a report of an
    inspection in December 2018 answers "the 2019 inspection" as the year filter does)."""
    if not years:
        return True
    date = row.get("inspection_date") or ""
    if date[:4].isdigit() and int(date[:4]) in years:
        return True
    return bool(date and report_years and set(report_years(row["doc_id"])) & years)


def matching_rows(rows: list[dict], intent: QuestionIntent, report_years=None) -> list[dict]:
    """Rows for the areas, years and grade asked about; one per inspection and area,
    newest inspection first. Undated copies (a council paper quoting the table) give way
    to the dated rows of the report itself. `report_years(doc_id)`: the years a report is
    dated in (its publication among them), so a year named matches either date
    (`in_years`); a range ("after 2018", "since 2019") asks when inspections took place."""
    areas = set(intent.areas) or None
    grade = None if intent.authorities else asked_grade(intent.question)
    years = set(intent.years)
    report_years = None if intent.year_range else report_years
    dated = {r["authority"] for r in rows if r["inspection_date"]}
    picked: dict[tuple, dict] = {}
    for row in rows:
        if not row["inspection_date"] and row["authority"] in dated:
            continue
        if not in_years(row, years, report_years):
            continue
        row_areas = set(area_of(row["area"]))
        if areas and not (row_areas & areas):
            continue
        if grade and not row_areas:
            continue  # the LSCB review grades the board, not the council's services
        if grade and grade_family(row["grade"]) != grade:
            continue
        key = (row["authority"], row["inspection_date"], row["area"].lower().strip(" ."))
        picked.setdefault(key, row)
    return sorted(
        picked.values(),
        key=lambda r: (r["inspection_date"] or "", r["authority"]),
        reverse=True,
    )
