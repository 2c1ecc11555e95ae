"""When a report was published, and what a year asked about finds: the inspection's year
or the report's publication year (pure)."""

from __future__ import annotations

import pytest

from indexer.models import Block, Part
from indexer.parse.documents import _dated, build_document
from indexer.parse.metadata import catalogued_date, month_from_name, publication_date
from indexer.parse.structure import lay_out
from retriever.catalogue import _part_years
from retriever.understand.grade_rows import in_years, matching_rows
from retriever.understand.question import parse_question

REPORT = [
    Block("Inspection of local authority children's services", kind="heading"),
    Block("Inspection dates: 3 to 14 December 2018"),
    Block("1. Children are safe."),
]


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("13/01/23", "2023-01-13"),
        ("13/01/2023", "2023-01-13"),
        ("2023-01-13", "2023-01-13"),
        ("2023-01", "2023-01"),
        ("13 January 2023", "2023-01-13"),
        ("", None),
        ("soon", None),
        ("31/02/23", None),
    ],
)
def test_a_catalogue_date_in_any_usual_form_is_read_as_iso(value, iso):
    assert catalogued_date(value) == iso


@pytest.mark.parametrize(
    ("doc_id", "inspection_end", "month"),
    [
        ("birmingham-2019-01-ilacs", "2018-12-14", "2019-01"),  # published the month after
        ("reports/norfolk-2023-01-ilacs", "2022-11-18", "2023-01"),
        ("southend-2024-10-ilacs", "2024-10-25", None),  # the inspection's own month
        ("leeds-2018-12-ilacs", "2019-02-01", None),  # before the inspection ended
        ("kent-2024-01-ilacs", "2021-11-05", None),  # years after: not its publication
        ("kent-2024-01-ilacs", None, None),  # nothing to check the month against
        ("kent-ilacs-report", "2024-01-01", None),
    ],
)
def test_a_file_names_month_is_a_publication_month_only_after_the_inspection(
    doc_id, inspection_end, month
):
    assert month_from_name(doc_id, inspection_end) == month


def test_the_catalogue_overrides_the_printed_date_which_beats_the_file_name():
    assert publication_date("2017-06-13", "20/06/17", "2017-07") == "2017-06-20"
    assert publication_date("2017-06-13", None, "2017-07") == "2017-06-13"
    assert publication_date(None, "", "2017-07") == "2017-07"
    assert publication_date(None) is None


def test_an_ofsted_report_printing_no_date_is_dated_by_its_file_name():
    doc = build_document("birmingham-2019-01-ilacs", "b.pdf", lay_out(REPORT), {})
    assert doc.parts[0].published == "2019-01"
    assert doc.meta.date == "2018-12-14"  # still known by its inspection


def test_a_catalogue_row_dates_the_report_in_either_column():
    for column in ("published", "publication_date"):
        doc = build_document("birmingham-report", "b.pdf", lay_out(REPORT), {column: "17/01/19"})
        assert doc.parts[0].published == "2019-01-17"


def test_a_council_packs_name_gives_its_meeting_month_not_the_reports_publication():
    parts = [
        Part("council-report", "cabinet_report", "Report", meeting_date="2024-01-17"),
        Part("ofsted-report", "ilacs_report", "Inspection", inspection_end="2023-11-10"),
    ]
    dated = _dated(parts, {}, "staffordshire-2024-01-cabinet-ofsted")
    assert [p.published for p in dated] == [None, None]
    dated = _dated(parts, {"published": "2024-01-12"}, "staffordshire-2024-01-cabinet-ofsted")
    assert [p.published for p in dated] == [None, "2024-01-12"]


def test_a_report_is_dated_in_its_inspection_year_and_its_publication_year():
    part = {
        "inspection_start": "2022-11-07",
        "inspection_end": "2022-11-18",
        "published": "2023-01",
    }
    assert _part_years(part, {"date": "2022-11-18"}) == {2022, 2023}


# -- grades of a year: inspected or published then ------------------------------------------
ROWS = [
    {
        "doc_id": "birmingham-2019-01-ilacs",
        "authority": "Birmingham",
        "inspection_date": "2018-12-14",
        "area": "Overall effectiveness",
        "grade": "Requires improvement to be good",
        "passage_id": "b#r/Judgements table",
    },
    {
        "doc_id": "birmingham-2023-04-ilacs",
        "authority": "Birmingham",
        "inspection_date": "2023-03-03",
        "area": "Overall effectiveness",
        "grade": "Good",
        "passage_id": "b2#r/Judgements table",
    },
]
DATED = {"birmingham-2019-01-ilacs": {2018, 2019}, "birmingham-2023-04-ilacs": {2023}}


def test_grades_of_a_year_are_those_inspected_or_published_in_it():
    intent = parse_question("How was Birmingham rated in 2019?", ["Birmingham"], [2018, 2019, 2023])
    assert matching_rows(ROWS, intent) == []  # by the inspection's year alone
    rows = matching_rows(ROWS, intent, lambda d: DATED.get(d, set()))
    assert [r["inspection_date"] for r in rows] == ["2018-12-14"]
    assert in_years(ROWS[0], {2018}) and not in_years(ROWS[0], {2019})
    assert in_years(ROWS[1], set())


def test_a_range_of_years_asks_when_the_inspections_took_place():
    # "after 2018" asks for a later inspection than December 2018's, whenever published
    intent = parse_question(
        "What grade did Birmingham get at its inspection after 2018?",
        ["Birmingham"],
        [2018, 2019, 2023],
    )
    assert intent.year_range and intent.years == (2019, 2023)
    rows = matching_rows(ROWS, intent, lambda d: DATED.get(d, set()))
    assert [r["inspection_date"] for r in rows] == ["2023-03-03"]


def test_a_follow_up_keeps_the_range_it_borrows_years_from():
    intent = parse_question(
        "and care leavers?",
        ["Birmingham"],
        [2018, 2019, 2023],
        history=["How was Birmingham rated after 2018?"],
    )
    assert intent.year_range and intent.years == (2019, 2023)
