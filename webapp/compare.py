"""The Compare councils view's data: rows of councils with their latest graded inspection,
filtered by region, judgement and grade, sorted, as CSV, and counts per grade per region
for the chart. Pure, so it is tested without Streamlit; built only from the retriever's
answers (`Retriever.council_grades`), whose every grade cites its judgement passage."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from indexer.dates import shown_month
from indexer.regions import Region, england_regions, region_by_code, region_of
from indexer.vocab import GRADE_FAMILIES, grade_family

from .neighbours import COLUMNS

ENGLAND = ""  # the region filter's value for every council
ALL_AREAS = "All judgements"
ANY_GRADE = "Any grade"
NO_GRADE = "No grade printed"
OVERALL = "Overall effectiveness"
SORTS = ("Council (A to Z)", "Newest inspection first", "Best grade first", "Weakest grade first")
VIEW = "Compare councils"


@dataclass(frozen=True)
class Grade:
    """One judgement of a council: its grade family and the [n] of the passage printing it."""

    text: str
    citation: int | None = None


@dataclass(frozen=True)
class CouncilRow:
    council: str
    region: str  # one of the nine regions' names ("" when the council has none)
    inspection: str  # "Mar 2025", as the retriever's table prints it
    grades: dict[str, Grade] = field(default_factory=dict)  # judgement title -> grade

    def grade(self, area: str = OVERALL) -> str:
        found = self.grades.get(area)
        return found.text if found else ""

    @property
    def month(self) -> datetime | None:
        return shown_month(self.inspection)

    def citation(self, area: str | None = None) -> int | None:
        """The [n] a row opens: the chosen judgement's, else the overall grade's, else the
        first cited judgement's (an inspection printing no overall grade)."""
        for name in (area, OVERALL, *self.grades):
            found = self.grades.get(name or "")
            if found and found.citation:
                return found.citation
        return None


def regions() -> list[Region]:
    return list(england_regions())


def region_name(code: str) -> str:
    if code == ENGLAND:
        return "England"
    region = region_by_code(code)
    return region.name if region else code


def region_phrase(code: str) -> str:
    """A region's name as a sentence uses it: "the North West", "London", "England"."""
    name = region_name(code)
    return name if name.startswith(("London", "England", "Yorkshire")) else f"the {name}"


def areas(columns: list[str]) -> list[str]:
    """The judgement titles of a table's columns, overall first."""
    return [label for _, label in COLUMNS if label in columns]


def headline(count: int, code: str, area: str, grade: str) -> str:
    """The number above the table ("6 councils in the North West judged good for care
    leavers")."""
    where = region_phrase(code)
    judged = "" if area == ALL_AREAS else f" for {area.lower()}"
    if grade == ANY_GRADE:
        return f"{count} council{'s' if count != 1 else ''} in {where}{judged}."
    what = "with no grade printed" if grade == NO_GRADE else f"judged {grade.lower()}"
    if area == ALL_AREAS:
        judged = " overall"
    return f"{count} council{'s' if count != 1 else ''} in {where} {what}{judged}."


def council_rows(answer) -> list[CouncilRow]:
    """The retriever's table of councils as rows, each grade by its family."""
    table = answer.table
    if table is None:
        return []
    titles = set(areas(table.columns))
    rows = []
    for cells in table.rows:
        by_column = dict(zip(table.columns, cells))
        council = by_column["Council"].text
        region = region_of(council)
        grades = {
            title: Grade(grade_family(cell.text), cell.citation)
            for title, cell in by_column.items()
            if title in titles and cell.text
        }
        rows.append(
            CouncilRow(
                council,
                region.name if region else "",
                by_column["Inspection"].text,
                grades,
            )
        )
    return rows


def in_region(rows: list[CouncilRow], code: str) -> list[CouncilRow]:
    """The rows of councils in the region (every row for England): a council outside it is
    never kept, whatever the table it came from."""
    if code == ENGLAND:
        return list(rows)
    region = region_by_code(code)
    if region is None:
        return []
    return [row for row in rows if row.council in region]


def with_grade(rows: list[CouncilRow], area: str, grade: str) -> list[CouncilRow]:
    """Rows whose grade in the judgement (overall for all judgements) is the grade asked."""
    if grade in ("", ANY_GRADE):
        return list(rows)
    area = OVERALL if area == ALL_AREAS else area
    wanted = "" if grade == NO_GRADE else grade
    return [row for row in rows if row.grade(area) == wanted]


def _rank(grade: str) -> int:
    return GRADE_FAMILIES.index(grade) if grade in GRADE_FAMILIES else len(GRADE_FAMILIES)


def sort_rows(rows: list[CouncilRow], order: str, area: str) -> list[CouncilRow]:
    """Rows in the order asked; grades by the chosen judgement (overall for all), councils
    with no grade printed last, ties by council."""
    area = OVERALL if area == ALL_AREAS else area
    by_name = sorted(rows, key=lambda r: r.council)
    if order == "Newest inspection first":
        return sorted(by_name, key=lambda r: r.month or datetime.min, reverse=True)
    if order == "Best grade first":
        return sorted(by_name, key=lambda r: _rank(r.grade(area)))
    if order == "Weakest grade first":
        return sorted(by_name, key=lambda r: (r.grade(area) == "", -_rank(r.grade(area))))
    return by_name


def shown_columns(columns: list[str], area: str, code: str) -> list[str]:
    """Council (and its region for England), Inspection, then the judgement chosen, or
    every judgement overall first."""
    judgements = areas(columns) if area == ALL_AREAS else [area]
    return ["Council", *(["Region"] if code == ENGLAND else []), "Inspection", *judgements]


def records(rows: list[CouncilRow], columns: list[str]) -> list[dict[str, str]]:
    """Rows as {column: text}: exactly what the view's table shows."""
    out = []
    for row in rows:
        values = {"Council": row.council, "Region": row.region, "Inspection": row.inspection}
        out.append({c: values[c] if c in values else row.grade(c) for c in columns})
    return out


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@dataclass(frozen=True)
class RegionCounts:
    """How many councils of a region hold each grade at their latest graded inspection."""

    region: str
    counts: dict[str, int]  # grade family (and NO_GRADE) -> councils
    chosen: bool = False

    @property
    def councils(self) -> int:
        return sum(self.counts.values())


def region_counts(rows: list[CouncilRow], area: str, chosen: str) -> list[RegionCounts]:
    """Counts per grade per region from England's rows, the chosen region first, then the
    others in DfE's order, then England; each council counted in its own region only."""
    area = OVERALL if area == ALL_AREAS else area
    ordered = regions()
    ordered.sort(key=lambda r: r.code != chosen)
    out = []
    for region in ordered:
        mine = in_region(rows, region.code)
        out.append(RegionCounts(region.name, _counts(mine, area), region.code == chosen))
    out.append(RegionCounts("England", _counts(rows, area), chosen == ENGLAND))
    return out


def _counts(rows: list[CouncilRow], area: str) -> dict[str, int]:
    counts = {family: 0 for family in (*GRADE_FAMILIES, NO_GRADE)}
    for row in rows:
        grade = row.grade(area)
        counts[grade if grade in GRADE_FAMILIES else NO_GRADE] += 1
    return counts


def count_records(counts: list[RegionCounts]) -> list[dict[str, object]]:
    """The chart's numbers as a table: one row per region, a column per grade."""
    return [{"Region": c.region, **c.counts, "Councils": c.councils} for c in counts]


def chart_records(counts: list[RegionCounts]) -> list[dict[str, object]]:
    """One record per region and grade (England left out: its bar would dwarf the
    regions'), for a stacked bar chart."""
    return [
        {"Region": c.region, "Grade": grade, "Councils": n, "Chosen": c.chosen, "Order": i}
        for i, c in enumerate(counts)
        if c.region != "England"
        for grade, n in c.counts.items()
    ]


def filters_of(scope) -> dict[str, str]:
    """A chat answer's table scope (retriever TableScope) as this view's filters: its first
    region (England when none), its judgement (all judgements for overall with no grade),
    its grade."""
    titles = dict(COLUMNS)
    area = titles.get(scope.area, OVERALL)
    if area == OVERALL and not scope.grade:
        area = ALL_AREAS
    grade = scope.grade if scope.grade in GRADE_FAMILIES else ANY_GRADE
    region = scope.regions[0] if scope.regions else ENGLAND
    if region != ENGLAND and region not in {r.code for r in regions()}:
        region = _nine_of(region)
    return {"region": region, "area": area, "grade": grade}


def _nine_of(code: str) -> str:
    """A region outside the nine (Inner London, the Midlands) as the one of the nine that
    holds it, or England when it spans several."""
    region = region_by_code(code)
    if region is None:
        return ENGLAND
    homes = {getattr(region_of(c), "code", None) for c in region.councils}
    return homes.pop() if len(homes) == 1 and None not in homes else ENGLAND
