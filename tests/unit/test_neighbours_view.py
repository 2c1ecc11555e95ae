"""The Grades view's neighbours table: the council first, its neighbours closest first, each
from its newest inspection, one column per judgement area."""

from __future__ import annotations

from indexer import councils
from webapp.neighbours import neighbour_rows


def row(council, date, area, grade):
    return {"authority": council, "inspection_date": date, "area": area, "grade": grade}


def test_council_then_neighbours_closest_first_newest_inspection_each():
    near = [c.name for c in councils.neighbours("Knowsley")]
    rows = [
        row("Knowsley", "2019-05-01", "Overall effectiveness", "Inadequate"),
        row("Knowsley", "2023-10-01", "Overall effectiveness", "Good"),
        row("Knowsley", "2023-10-01", "The experiences and progress of care leavers", "Good"),
        row(near[3], "2024-02-01", "Overall effectiveness", "Outstanding"),
        row(near[0], "2022-01-01", "Overall effectiveness", "Requires improvement to be good"),
        row("Kent", "2025-01-01", "Overall effectiveness", "Good"),  # no neighbour of Knowsley
    ]
    table, missing = neighbour_rows(rows, "Knowsley")
    assert [t["Council"] for t in table] == ["Knowsley", near[0], near[3]]
    assert table[0]["Inspection"] == "2023-10-01"
    assert table[0]["Overall effectiveness"] == "Good" and table[0]["Care leavers"] == "Good"
    assert table[1]["Care leavers"] == ""
    assert table[2]["Relation"] == "neighbour 4"
    assert "Leaders" not in table[0]  # no inspection graded it: no empty column
    assert set(missing) == set(near) - {near[0], near[3]}
