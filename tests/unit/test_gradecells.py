"""The Grades view's tables as cells: every grade names the passage it is quoted from, so
the page can link it to that passage's card; shares (region, England) quote no passage;
grades are whole and every piece of text is escaped."""

from __future__ import annotations

import re

from indexer import councils
from indexer.vocab import LSCB_NAME
from webapp.gradecells import inspection_cells, neighbour_cells, sif_cells, table_html


def row(council, date, area, grade, passage):
    return {
        "authority": council,
        "inspection_date": date,
        "area": area,
        "grade": grade,
        "passage_id": passage,
    }


NEAR = [c.name for c in councils.neighbours("Knowsley")]
ROWS = [
    row("Knowsley", "2019-05-01", "Overall effectiveness", "Inadequate", "k-2019#judgements"),
    row("Knowsley", "2023-10-01", "Overall effectiveness", "Good", "k-2023#judgements"),
    row(
        "Knowsley",
        "2023-10-01",
        "The experiences and progress of care leavers",
        "Requires improvement to be good",
        "k-2023#care-leavers",
    ),
    row(NEAR[0], "2022-01-01", "Overall effectiveness", "Outstanding", "n-2022#judgements"),
]


def test_every_grade_of_every_inspection_names_its_passage_newest_first():
    table = inspection_cells(ROWS, "Knowsley")
    assert table.columns[:2] == ["Inspection", "Overall effectiveness"]
    by_date = {r[0].text: {c: cell for c, cell in zip(table.columns, r)} for r in table.rows}
    assert [r[0].text for r in table.rows] == ["2023-10-01", "2019-05-01"]
    assert by_date["2023-10-01"]["Overall effectiveness"].source == "k-2023#judgements"
    assert by_date["2023-10-01"]["Care leavers"].text == "Requires improvement"  # whole
    assert by_date["2023-10-01"]["Care leavers"].source == "k-2023#care-leavers"
    assert by_date["2019-05-01"]["Care leavers"].source == ""  # not graded: nothing to open
    assert by_date["2019-05-01"]["Inspection"].source == ""
    assert table.sources() == ["k-2023#judgements", "k-2023#care-leavers", "k-2019#judgements"]


def test_neighbours_open_their_own_passages_and_shares_open_none():
    table, _ = neighbour_cells(ROWS, "Knowsley")
    named = {r[0].text: dict(zip(table.columns, r)) for r in table.rows}
    assert named["Knowsley"]["Overall effectiveness"].source == "k-2023#judgements"
    assert named[NEAR[0]]["Overall effectiveness"].source == "n-2022#judgements"
    region = councils.region("Knowsley")
    assert named[region]["Overall effectiveness"].text.endswith("%")
    assert not any(c.source for c in table.rows[-1] + table.rows[-2])


def test_html_links_each_grade_to_its_card_and_escapes_text():
    hostile = [r | {"authority": "<b>X</b>"} for r in ROWS[:2]]
    table = inspection_cells(hostile, "<b>X</b>")
    out = table_html(table, lambda pid: "card-" + pid.split("#")[0])
    assert "<b>" not in out and "&lt;b&gt;X&lt;/b&gt;" in out
    links = re.findall(r'<a href="#([^"]+)"[^>]*>([^<]+)</a>', out)
    assert links == [("card-k-2023", "Good"), ("card-k-2019", "Inadequate")]
    assert 'scope="col"' in out and 'scope="row"' in out and "<caption>" in out


SIF = [
    ("Overall effectiveness", "Good"),
    (LSCB_NAME, "Requires improvement"),  # printed after the table, listed last
    ("Children who need help and protection", "Requires improvement"),
    ("Children looked after and achieving permanence", "Good"),
    ("Adoption performance", "Outstanding"),
    ("Experiences and progress of care leavers", "Good"),
    ("Leadership, management and governance", "Good"),
]
KENT = [row("Kent", "2017-03-30", area, grade, "k-2017#judgements") for area, grade in SIF]
KENT.append(row("Kent", "2025-11-07", "Overall effectiveness", "Good", "k-2025#judgements"))


def test_sif_inspections_are_a_table_of_their_own_under_their_own_names():
    older = sif_cells(KENT, "Kent")
    assert older.caption == "Older inspections (single inspection framework)"
    assert older.columns == [
        "Inspection",
        *(area for area, _ in SIF if area != LSCB_NAME),
        LSCB_NAME,
    ]
    ((date, *cells),) = older.rows
    assert date.text == "2017-03-30" and date.source == ""
    assert [c.text for c in cells] == [dict(SIF)[c] for c in older.columns[1:]]
    assert {c.source for c in cells} == {"k-2017#judgements"}  # every grade opens its table
    # the ILACS table holds the ILACS inspection alone: no SIF grade under an ILACS name
    own = inspection_cells(KENT, "Kent")
    assert [r[0].text for r in own.rows] == ["2025-11-07"]
    assert own.columns == ["Inspection", "Overall effectiveness"]
    assert sif_cells(ROWS, "Knowsley").rows == []


def test_sif_grades_link_to_their_cards_coloured_by_grade():
    out = table_html(sif_cells(KENT, "Kent"), lambda pid: "card-" + pid.split("#")[0])
    links = re.findall(r'<a href="#([^"]+)"[^>]*>([^<]+)</a>', out)
    assert [grade for _, grade in links] == [
        dict(SIF)[a] for a in sif_cells(KENT, "Kent").columns[1:]
    ]
    assert {target for target, _ in links} == {"card-k-2017"}
    assert "Kent, SIF inspection of 2017-03-30, Adoption performance: Outstanding" in out
    assert out.count("background-color") == len(SIF)  # every grade coloured, the date not
