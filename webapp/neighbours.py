"""The Grades view's comparison of one council with its statistical neighbours: one row per
council (the council first, then its neighbours closest first), one column per judgement
area, each council's newest inspection only. Pure, so it is tested without Streamlit."""

from __future__ import annotations

from indexer import councils as council_table
from indexer.vocab import GOOD, JUDGEMENT_NAMES, LSCB_NAME, OUTSTANDING, grade_family
from retriever import area_of

COLUMNS = (
    ("overall", "Overall effectiveness"),
    ("leaders", "Leaders"),
    ("help_and_protection", "Help and protection"),
    ("children_in_care", "Children in care"),
    ("care_leavers", "Care leavers"),
    ("adoption", "Adoption"),
)


def neighbour_rows(rows: list[dict], council: str) -> tuple[list[dict], list[str]]:
    """(table rows, neighbours the index holds no grades for). Each table row: Council,
    Inspection (ISO date of its newest dated inspection), Relation, and one grade per area
    column ('' where that inspection graded no such area)."""
    own = council_table.lookup(council)
    names = [own.name if own else council]
    names += [c.name for c in council_table.neighbours(council)]
    newest: dict[str, str] = {}
    for r in rows:
        date = r.get("inspection_date") or ""
        if date and date > newest.get(r["authority"], ""):
            newest[r["authority"]] = date
    table, missing = [], []
    for i, name in enumerate(names):
        if name not in newest:
            if i:
                missing.append(name)
            continue
        line = {
            "Council": name,
            "Inspection": newest[name],
            "Relation": "asked about" if i == 0 else f"neighbour {i}",
        }
        line.update({label: "" for _, label in COLUMNS})
        for r in rows:
            if r["authority"] != name or r.get("inspection_date") != newest[name]:
                continue
            for key, label in COLUMNS:
                if key in area_of(r["area"]) and not line[label]:
                    line[label] = grade_family(r["grade"])  # whole in a narrow column
        table.append(line)
    empty = [label for _, label in COLUMNS if not any(t[label] for t in table)]
    for t in table:
        for label in empty:
            del t[label]
    return table, missing


SIF_BEFORE = "2018-01-01"  # inspections under the single inspection framework (SIF) end here
SIF_NOTE = (
    "Inspections before 2018 used the single inspection framework (SIF): its judgements "
    "'Leadership, management and governance' and 'Children looked after and achieving "
    "permanence' are shown under Leaders and Children in care, and it also graded Adoption."
)


def framework(date: str) -> str:
    return "SIF" if date and date < SIF_BEFORE else "ILACS"


def _grades(rows: list[dict]) -> dict[str, str]:
    """Area column label -> the grade (its family: 'Requires improvement', never cut)."""
    out: dict[str, str] = {}
    for r in rows:
        for key, label in COLUMNS:
            if key in area_of(r["area"]) and label not in out:
                out[label] = grade_family(r["grade"])
    return out


def inspection_rows(rows: list[dict], council: str) -> list[dict]:
    """One row per inspection of `council`, newest first: Inspection (ISO date), Framework,
    one grade per judgement column (overall first), and the passage the grades are printed
    in. Rows naming no judgement area (a garbled label) are left out; an empty column too."""
    dates: dict[str, list[dict]] = {}
    for r in rows:
        if r["authority"] == council and r.get("inspection_date") and area_of(r["area"]):
            dates.setdefault(r["inspection_date"], []).append(r)
    table = []
    for date in sorted(dates, reverse=True):
        grades = _grades(dates[date])
        if not grades:
            continue
        line = {"Inspection": date, "Framework": framework(date)}
        line.update({label: grades.get(label, "") for _, label in COLUMNS})
        line["Passage"] = dates[date][0].get("passage_id", "")
        table.append(line)
    empty = [label for _, label in COLUMNS if not any(t[label] for t in table)]
    for t in table:
        for label in empty:
            del t[label]
    return table


# The SIF's own judgements, in the order its reports print them, then the review of the
# local safeguarding children board (a grade of the board, not of the council's services).
SIF_COLUMNS = (
    "Overall effectiveness",
    *(j.name for j in JUDGEMENT_NAMES if j.framework == "SIF"),
    LSCB_NAME,
)
LSCB_NOTE = (
    "The last column grades the local safeguarding children board (the council and its "
    "partners' board), not the council's children's services; it is no part of the overall "
    "judgement."
)


def sif_rows(rows: list[dict], council: str) -> list[dict]:
    """One row per SIF inspection of `council`, newest first, its judgements under their own
    names (SIF_COLUMNS, the grade by family); a column no inspection graded is left out."""
    own = [
        r
        for r in rows
        if r["authority"] == council
        and framework(r.get("inspection_date") or "") == "SIF"
        and r["area"] in SIF_COLUMNS
    ]
    table = []
    for date in sorted({r["inspection_date"] for r in own}, reverse=True):
        line = {"Inspection": date, **{name: "" for name in SIF_COLUMNS}}
        for r in own:
            if r["inspection_date"] == date and not line[r["area"]]:
                line[r["area"]] = grade_family(r["grade"])
        table.append(line)
    empty = [name for name in SIF_COLUMNS if not any(t[name] for t in table)]
    for t in table:
        for name in empty:
            del t[name]
    return table


SUMMARY_NOTE = (
    "Region and England rows: the share of councils in the index graded good or outstanding "
    "at their newest inspection."
)


def summary_rows(rows: list[dict], council: str) -> list[dict]:
    """The region's and England's rows for the neighbour table: per judgement column, the
    share of councils graded good or outstanding at their newest inspection (SUMMARY_NOTE)."""
    from indexer.vocab import grade_family

    newest: dict[str, str] = {}
    for r in rows:
        date = r.get("inspection_date") or ""
        if date and date > newest.get(r["authority"], ""):
            newest[r["authority"]] = date
    latest: dict[str, dict[str, str]] = {}
    for name, date in newest.items():
        latest[name] = _grades(
            [r for r in rows if r["authority"] == name and r.get("inspection_date") == date]
        )
    region = council_table.region(council)
    groups = []
    if region:
        groups.append((region, [n for n in latest if council_table.region(n) == region]))
    groups.append(("England", list(latest)))
    out = []
    for name, members in groups:
        count = f"{len(members)} council{'s' if len(members) != 1 else ''} in the index"
        line = {"Council": name, "Inspection": "", "Relation": count}
        for _, label in COLUMNS:
            graded = [latest[m][label] for m in members if latest[m].get(label)]
            good = sum(grade_family(g) in (GOOD, OUTSTANDING) for g in graded)
            line[label] = f"{round(100 * good / len(graded))}%" if graded else ""
        out.append(line)
    return out


def neighbour_table(rows: list[dict], council: str) -> tuple[list[dict], list[str]]:
    """The neighbour table as shown: grades by family ('Requires improvement', never cut),
    then the region's and England's rows; and the neighbours with no grades held."""
    from indexer.vocab import grade_family

    table, missing = neighbour_rows(rows, council)
    if not table:
        return [], missing
    for line in table:
        for label in line:
            if label not in ("Council", "Inspection", "Relation") and line[label]:
                line[label] = grade_family(line[label])
    summary = [{k: v for k, v in s.items() if k in table[0]} for s in summary_rows(rows, council)]
    return table + summary, missing
