"""One formatter of a report's date (indexer.vocab.month_year), as citations, grade answers,
context headers and the national update show it."""

from __future__ import annotations

from indexer.build import header_text
from indexer.vocab import month_year
from retriever import format_month


def test_a_date_is_shown_as_its_month_and_year():
    assert month_year("2023-06-30") == "Jun 2023"
    assert month_year("2023-06-30", long=True) == "June 2023"
    assert format_month("2019-11-01") == "Nov 2019"


def test_no_date_is_empty_and_text_that_is_no_date_stays_as_it_is():
    assert month_year(None) == month_year("") == ""
    assert month_year("undated report") == "undated report"


def test_the_context_header_uses_the_long_form():
    header = header_text("Leeds", "ilacs_report", "2025-07-11", "Care leavers")
    assert header == "Leeds | Ofsted inspection report July 2025 | Care leavers"
