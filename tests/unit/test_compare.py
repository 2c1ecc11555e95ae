"""The Compare councils view's pure parts: rows from the retriever's table of councils, the
region, judgement and grade filters, sorting, the CSV of what is shown, the counts per
region for the chart, and a chat answer's scope read as the view's filters."""

from __future__ import annotations

import csv
import io

from indexer.regions import region_by_code
from retriever.types import Answer, Table, TableCell, TableScope
from webapp import compare as cmp

COLUMNS = [
    "Council",
    "Inspection",
    "Overall effectiveness",
    "Leaders",
    "Help and protection",
    "Children in care",
    "Care leavers",
]
# council, inspection, overall, care leavers; citations numbered in order
ROWS = [
    ("Birmingham", "Jan 2019", "Inadequate", "Requires improvement to be good"),
    ("Staffordshire", "Nov 2023", "Requires improvement to be good", "Good"),
    ("Wolverhampton", "Jun 2026", "", "Good"),  # a short inspection: no overall grade
    ("Kent", "Feb 2026", "Outstanding", "Outstanding"),
    ("Leeds", "Jul 2025", "Outstanding", "Good"),
    ("Southend-on-Sea", "Oct 2024", "Good", "Good"),
]


def table_answer(rows=ROWS, scope: TableScope | None = None) -> Answer:
    cells, number = [], 0
    for council, month, overall, leavers in rows:
        line = [TableCell(council), TableCell(month)]
        for grade in (overall, "", "", "", leavers):
            if grade:
                number += 1
                line.append(TableCell(grade, number))
            else:
                line.append(TableCell(""))
        cells.append(line)
    table = Table(COLUMNS, cells, "Grades of every council in England", scope)
    return Answer("", "", False, [], [], table=table)


def test_rows_carry_grade_families_and_their_citations():
    rows = cmp.council_rows(table_answer())
    staffs = next(r for r in rows if r.council == "Staffordshire")
    assert staffs.region == "West Midlands"
    assert staffs.grade() == "Requires improvement"
    assert staffs.grades["Care leavers"].text == "Good"
    assert staffs.citation() == staffs.grades["Overall effectiveness"].citation
    assert staffs.citation("Care leavers") == staffs.grades["Care leavers"].citation
    wolves = next(r for r in rows if r.council == "Wolverhampton")
    assert wolves.grade() == "" and wolves.citation() == wolves.grades["Care leavers"].citation


def test_a_region_never_keeps_a_council_outside_it():
    rows = cmp.council_rows(table_answer())
    for region in cmp.regions():
        kept = cmp.in_region(rows, region.code)
        assert {r.council for r in kept} <= set(region.councils), region.name
    assert {r.council for r in cmp.in_region(rows, "WM")} == {
        "Birmingham",
        "Staffordshire",
        "Wolverhampton",
    }
    assert len(cmp.in_region(rows, cmp.ENGLAND)) == len(ROWS)
    assert cmp.in_region(rows, "nowhere") == []


def test_grade_filter_reads_the_judgement_chosen():
    rows = cmp.council_rows(table_answer())
    good_leavers = cmp.with_grade(rows, "Care leavers", "Good")
    assert {r.council for r in good_leavers} == {
        "Staffordshire",
        "Wolverhampton",
        "Leeds",
        "Southend-on-Sea",
    }
    assert {r.council for r in cmp.with_grade(rows, cmp.ALL_AREAS, "Outstanding")} == {
        "Kent",
        "Leeds",
    }
    assert [r.council for r in cmp.with_grade(rows, cmp.ALL_AREAS, cmp.NO_GRADE)] == [
        "Wolverhampton"
    ]
    assert len(cmp.with_grade(rows, cmp.ALL_AREAS, cmp.ANY_GRADE)) == len(ROWS)


def test_sorting():
    rows = cmp.council_rows(table_answer())

    def names(order: str, area: str = cmp.ALL_AREAS) -> list[str]:
        return [r.council for r in cmp.sort_rows(rows, order, area)]

    assert names("Council (A to Z)") == sorted(r[0] for r in ROWS)
    assert names("Newest inspection first")[:2] == ["Wolverhampton", "Kent"]
    assert names("Best grade first")[:2] == ["Kent", "Leeds"]
    assert names("Best grade first")[-1] == "Wolverhampton"  # no grade printed: last
    assert names("Weakest grade first")[0] == "Birmingham"
    assert names("Weakest grade first")[-1] == "Wolverhampton"
    assert names("Best grade first", "Care leavers")[0] == "Kent"


def test_csv_is_exactly_the_rows_and_columns_shown():
    rows = cmp.council_rows(table_answer())
    shown = cmp.sort_rows(cmp.in_region(rows, "WM"), "Council (A to Z)", "Care leavers")
    columns = cmp.shown_columns(COLUMNS, "Care leavers", "WM")
    assert columns == ["Council", "Inspection", "Care leavers"]
    records = cmp.records(shown, columns)
    parsed = list(csv.DictReader(io.StringIO(cmp.to_csv(records, columns))))
    assert parsed == records
    assert [r["Council"] for r in parsed] == ["Birmingham", "Staffordshire", "Wolverhampton"]
    assert parsed[0]["Care leavers"] == "Requires improvement"
    england = cmp.shown_columns(COLUMNS, cmp.ALL_AREAS, cmp.ENGLAND)
    assert england[:3] == ["Council", "Region", "Inspection"]
    assert england[3] == "Overall effectiveness"


def test_chart_counts_each_council_in_its_own_region_chosen_first():
    rows = cmp.council_rows(table_answer())
    counts = cmp.region_counts(rows, cmp.ALL_AREAS, "WM")
    assert counts[0].region == "West Midlands" and counts[0].chosen
    assert counts[0].counts == {
        "Outstanding": 0,
        "Good": 0,
        "Requires improvement": 1,
        "Inadequate": 1,
        cmp.NO_GRADE: 1,
    }
    assert counts[-1].region == "England" and counts[-1].councils == len(ROWS)
    assert sum(c.councils for c in counts[:-1]) == len(ROWS)
    leavers = {c.region: c.counts for c in cmp.region_counts(rows, "Care leavers", "")}
    assert leavers["West Midlands"]["Good"] == 2
    assert cmp.region_counts(rows, cmp.ALL_AREAS, cmp.ENGLAND)[-1].chosen
    bars = cmp.chart_records(counts)
    assert {b["Region"] for b in bars} == {r.name for r in cmp.regions()}
    assert sum(b["Councils"] for b in bars) == len(ROWS)
    table = cmp.count_records(counts)
    assert table[0]["Region"] == "West Midlands" and table[0]["Councils"] == 3


def test_a_chat_answers_scope_becomes_the_views_filters():
    which = TableScope(("NW",), "care_leavers", "Good")
    assert cmp.filters_of(which) == {"region": "NW", "area": "Care leavers", "grade": "Good"}
    table = TableScope(("WM",), "overall", "")
    assert cmp.filters_of(table) == {"region": "WM", "area": cmp.ALL_AREAS, "grade": cmp.ANY_GRADE}
    good = TableScope((), "overall", "Good")
    assert cmp.filters_of(good)["area"] == "Overall effectiveness"
    assert cmp.filters_of(good)["region"] == cmp.ENGLAND
    inner = region_by_code("GL-I").code
    assert cmp.filters_of(TableScope((inner,)))["region"] == "GL"
    assert cmp.filters_of(TableScope(("MID",)))["region"] == cmp.ENGLAND


def test_headline():
    assert cmp.headline(6, "NW", "Care leavers", "Good") == (
        "6 councils in the North West judged good for care leavers."
    )
    assert cmp.headline(1, "GL", cmp.ALL_AREAS, cmp.ANY_GRADE) == "1 council in London."
    assert cmp.headline(2, cmp.ENGLAND, cmp.ALL_AREAS, "Inadequate") == (
        "2 councils in England judged inadequate overall."
    )
