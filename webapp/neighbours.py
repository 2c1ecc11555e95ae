"""The Grades view's comparison of one council with its statistical neighbours: one row per
council (the council first, then its neighbours closest first), one column per judgement
area, each council's newest inspection only. Pure, so it is tested without Streamlit."""

from __future__ import annotations

from indexer import councils as council_table
from retriever.understand.question import area_of

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
                    line[label] = r["grade"]
        table.append(line)
    empty = [label for _, label in COLUMNS if not any(t[label] for t in table)]
    for t in table:
        for label in empty:
            del t[label]
    return table, missing
