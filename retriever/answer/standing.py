"""Where councils stand: each council's graded inspections from the judgement rows, their
latest grades, the change between their last two, and counts per grade. Pure functions over
the rows the catalogue already holds, so across-council answers are computed, never
searched for, and every grade keeps the judgement passage that prints it.

A graded inspection is one whose report prints a judgement table: a full inspection under the
single inspection framework or ILACS, standard or short (from April 2026 without an overall
effectiveness grade, so such an inspection is graded but has no overall grade). Focused and
monitoring visits are not graded, so they never count as the "previous" or "latest" grade.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from indexer.vocab import GRADE_FAMILIES, grade_family

from ..understand.question import area_of

# The judgements in the order DfE and Ofsted print them, overall first.
AREA_ORDER = ("overall", "leaders", "help_and_protection", "children_in_care", "care_leavers")
AREA_TITLES = {
    "overall": "Overall effectiveness",
    "leaders": "Leaders",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "adoption": "Adoption",
}
# Best first: a move down this list is a decline.
GRADE_RANK = {family: rank for rank, family in enumerate(GRADE_FAMILIES)}


@dataclass(frozen=True)
class Inspection:
    """One graded inspection of a council: its date, report and a row per judgement area."""

    council: str
    date: str  # ISO date the inspection ended (as the judgement rows carry it)
    doc_id: str
    rows: dict[str, dict] = field(default_factory=dict)  # area key -> judgement row

    def grade(self, area: str = "overall") -> str | None:
        """The grade family of an area ("Requires improvement" for either wording)."""
        row = self.rows.get(area)
        return grade_family(row["grade"]) if row else None


@dataclass(frozen=True)
class Movement:
    """A council's last two graded inspections, for one area."""

    council: str
    previous: Inspection
    latest: Inspection
    area: str = "overall"

    @property
    def before(self) -> str | None:
        return self.previous.grade(self.area)

    @property
    def after(self) -> str | None:
        return self.latest.grade(self.area)

    @property
    def change(self) -> int:
        """Positive when the grade improved, negative when it declined, 0 when it held."""
        if self.before not in GRADE_RANK or self.after not in GRADE_RANK:
            return 0
        return GRADE_RANK[self.before] - GRADE_RANK[self.after]


def area_keys(label: str) -> list[str]:
    """The area keys a printed judgement label stands for; the overall judgement only when
    the label says so."""
    keys = area_of(label)
    if "overall" in keys:
        return ["overall"]
    return keys


def graded_inspections(rows: Iterable[dict]) -> dict[str, list[Inspection]]:
    """Each council's graded inspections, newest first. Rows of one inspection (same council
    and date) are gathered; where two documents print the same table (the report and a
    council paper quoting it) the first row of an area is kept. Undated rows are left out:
    they cannot be placed before or after anything."""
    gathered: dict[tuple[str, str], dict] = {}
    for row in rows:
        date = row.get("inspection_date") or ""
        if not date:
            continue
        key = (row["authority"], date)
        entry = gathered.setdefault(key, {"doc_id": row["doc_id"], "rows": {}})
        for area in area_keys(row["area"]):
            entry["rows"].setdefault(area, row)
    out: dict[str, list[Inspection]] = {}
    for (council, date), entry in gathered.items():
        if not set(entry["rows"]) & set(AREA_ORDER):
            continue
        out.setdefault(council, []).append(
            Inspection(council, date, entry["doc_id"], entry["rows"])
        )
    for inspections in out.values():
        inspections.sort(key=lambda i: i.date, reverse=True)
    return out


def latest_inspections(
    by_council: dict[str, list[Inspection]], councils: Iterable[str] | None = None
) -> list[Inspection]:
    """Each council's newest graded inspection (of `councils` where given), by council name."""
    wanted = None if councils is None else set(councils)
    return sorted(
        (found[0] for council, found in by_council.items() if wanted is None or council in wanted),
        key=lambda i: i.council,
    )


def movements(
    by_council: dict[str, list[Inspection]],
    area: str = "overall",
    councils: Iterable[str] | None = None,
) -> list[Movement]:
    """Each council's change between its last two graded inspections in one area; councils
    with a single graded inspection have no movement."""
    wanted = None if councils is None else set(councils)
    found = [
        Movement(council, inspections[1], inspections[0], area)
        for council, inspections in by_council.items()
        if len(inspections) >= 2 and (wanted is None or council in wanted)
    ]
    return sorted(found, key=lambda m: m.council)


def grade_counts(inspections: Iterable[Inspection], area: str = "overall") -> Counter:
    """How many inspections hold each grade family in an area (families only, in order)."""
    counts = Counter(i.grade(area) for i in inspections)
    return Counter({family: counts.get(family, 0) for family in GRADE_FAMILIES})
