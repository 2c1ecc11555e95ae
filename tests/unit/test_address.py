"""The page address: the view and the Compare councils view's filters as slugs, read back
to the same values; an unknown or missing value is the default, never an error."""

from __future__ import annotations

import pytest

from webapp import compare as cmp
from webapp.address import (
    CompareFilters,
    filter_params,
    filters_from,
    view_from,
    view_params,
    view_slug,
)

VIEWS = ["Ask", "Grades", "Compare councils", "Briefing", "Add a report"]


def test_views_are_named_by_their_first_word_and_read_back():
    assert [view_slug(v) for v in VIEWS] == ["ask", "grades", "compare", "briefing", "add"]
    for view in VIEWS:
        assert view_from(view_slug(view), VIEWS) == view
    assert view_from("compare-councils", VIEWS) == "Compare councils"
    assert view_from("Compare", VIEWS) == "Compare councils"


@pytest.mark.parametrize("value", [None, "", "nonsense", "add", "<script>"])
def test_an_unknown_view_is_the_first(value):
    assert view_from(value, VIEWS[:4]) == "Ask"


def test_the_default_view_and_other_views_leave_the_filters_out():
    assert view_params("Ask", VIEWS) == {"view": None, "region": None, "area": None, "grade": None}
    assert view_params("Grades", VIEWS)["view"] == "grades"
    assert view_params("Grades", VIEWS)["region"] is None
    assert view_params("Compare councils", VIEWS) == {"view": "compare"}


def test_filters_are_slugs_and_read_back_to_the_same_filters():
    filters = CompareFilters("WM", "Care leavers", "Requires improvement")
    params = filter_params(filters)
    assert params == {
        "region": "west-midlands",
        "area": "care-leavers",
        "grade": "requires-improvement",
    }
    assert filters_from(params) == filters
    for region in cmp.regions():
        for grade in (cmp.NO_GRADE, "Outstanding"):
            each = CompareFilters(region.code, "Overall effectiveness", grade)
            assert filters_from(filter_params(each)) == each


def test_defaults_are_left_out_of_the_address():
    assert filter_params(CompareFilters()) == {"region": None, "area": None, "grade": None}
    assert filters_from({}) == CompareFilters()


def test_a_region_by_its_code_or_any_casing_of_its_name():
    assert filters_from({"region": "wm"}).region == "WM"
    assert filters_from({"region": "Yorkshire and the Humber"}).region == "YH"
    assert filters_from({"region": "london"}).region == "GL"


@pytest.mark.parametrize(
    "params",
    [
        {"region": "atlantis", "area": "cooking", "grade": "superb"},
        {"region": "", "area": "", "grade": ""},
        {"region": "inner-london"},  # a region outside the nine the view filters by
        {"region": "kent"},  # a council, not a region
    ],
)
def test_unknown_values_are_the_defaults(params):
    assert filters_from(params) == CompareFilters()
