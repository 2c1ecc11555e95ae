"""Dates as reports, Ofsted's site, catalogues, questions and the app print them, read in
one place (indexer/dates.py)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from indexer import dates
from indexer.vocab import month_year


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("6 to 10 November 2023", ("2023-11-06", "2023-11-10")),
        ("28 November to 2 December 2022", ("2022-11-28", "2022-12-02")),
        ("12th March 2024", ("2024-03-12", "2024-03-12")),
        ("12/09/2016 to 06/10/2016", ("2016-09-12", "2016-10-06")),
        ("31 February 2024", (None, None)),
        ("no date here", (None, None)),
    ],
)
def test_a_report_prints_a_day_or_a_range(printed, read):
    assert dates.parse_date_range(printed) == read


def test_a_letter_date_is_a_whole_line():
    assert dates.whole_date(" 12 March 2024 ") == "2024-03-12"
    assert dates.whole_date("Visited on 12 March 2024") is None


def test_the_reports_site_lists_a_day_with_the_month_cut_short():
    assert dates.listed_date("Children's services inspection - 09 May 2025, pdf") == date(
        2025, 5, 9
    )
    assert dates.listed_date("Focused visit - 3 Sept. 2024, pdf") == date(2024, 9, 3)
    assert dates.listed_date("Focused visit - 31 Feb 2024") is None


def test_a_question_names_a_month_as_people_type_it():
    assert dates.months_named("visited in Sept 2022, then March, 2025 and mar 2025") == [
        "2022-09",
        "2025-03",
    ]
    assert re.fullmatch(dates.TYPED_MONTH, "september", re.I)


def test_the_apps_month_reads_back_as_it_was_printed():
    assert dates.shown_month(month_year("2025-03-14")) == datetime(2025, 3, 1)
    assert dates.shown_month("") is None
