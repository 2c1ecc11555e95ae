"""The Compare councils view driven headless with AppTest over the session's real index: a
region shows only its councils, the CSV is what the table shows, a row opens its judgement
passage, a chat answer over a region's councils opens the view with its filters, and the
view and its filters are kept in the page URL (read on load, written on change)."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from indexer.regions import region_by_code

from .test_app import ROOT, app_env, ask, new_app  # noqa: F401 - app_env is a fixture

pytestmark = pytest.mark.model

WEST_MIDLANDS = set(region_by_code("WM").councils)


def open_url(**params: str) -> AppTest:
    """The app loaded from an address holding these query parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def url(at: AppTest) -> dict[str, str]:
    """The page's query parameters after a run, one value each."""
    out = {}
    for name, value in at.query_params.items():
        out[name] = value[-1] if isinstance(value, list) else value
    return out


def test_a_region_shows_its_councils_and_a_row_opens_its_passage(app_env, retriever):  # noqa: F811
    at = new_app()
    at.radio(key="view").set_value("Compare councils").run()
    assert not at.exception, at.exception
    england = set(at.dataframe[0].value["Council"])
    assert england <= {r["authority"] for r in retriever.judgements()}
    assert england - WEST_MIDLANDS and england & WEST_MIDLANDS
    at.selectbox(key="compare_region").set_value("WM").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    held = {r["authority"] for r in retriever.judgements()} & WEST_MIDLANDS
    assert set(table["Council"]) == held
    assert list(table.columns[:3]) == ["Council", "Inspection", "Overall effectiveness"]
    assert any(f"{len(held)} councils in the West Midlands" in m.value for m in at.markdown)
    at.selectbox(key="compare_pick").set_value("Staffordshire").run()
    assert not at.exception, at.exception
    labels = [html.unescape(e.label) for e in at.expander]
    assert any("Staffordshire" in label and "Judgements table" in label for label in labels)
    counts = at.dataframe[1].value
    assert counts["Region"].iloc[0] == "West Midlands"
    assert counts["Councils"].iloc[0] == len(held)
    assert counts["Region"].iloc[-1] == "England"


def test_a_chat_answer_opens_the_view_with_its_filters(app_env):  # noqa: F811
    at = ask(new_app(), "Which councils in the West Midlands are outstanding for care leavers?")
    button = next(b for b in at.button if b.label.startswith("Compare councils"))
    assert button.label == "Compare councils: West Midlands"
    button.click().run()
    assert not at.exception, at.exception
    assert at.radio(key="view").value == "Compare councils"
    assert at.selectbox(key="compare_region").value == "WM"
    assert at.selectbox(key="compare_area").value == "Care leavers"
    assert at.selectbox(key="compare_grade").value == "Outstanding"
    table = at.dataframe[0].value
    assert list(table.columns) == ["Council", "Inspection", "Care leavers"]
    assert list(table["Council"]) == ["Wolverhampton"]
    assert list(table["Care leavers"]) == ["Outstanding"]
    assert url(at) == {
        "view": "compare",
        "region": "west-midlands",
        "area": "care-leavers",
        "grade": "outstanding",
    }


def test_the_url_opens_the_view_with_its_filters_and_follows_a_change(app_env):  # noqa: F811
    at = open_url(view="compare", region="west-midlands", area="care-leavers", grade="outstanding")
    assert at.radio(key="view").value == "Compare councils"
    assert at.selectbox(key="compare_region").value == "WM"
    assert at.selectbox(key="compare_area").value == "Care leavers"
    assert at.selectbox(key="compare_grade").value == "Outstanding"
    assert list(at.dataframe[0].value["Council"]) == ["Wolverhampton"]
    at.selectbox(key="compare_grade").set_value("Any grade").run()
    at.selectbox(key="compare_region").set_value("NW").run()
    assert not at.exception, at.exception
    assert url(at) == {"view": "compare", "region": "north-west", "area": "care-leavers"}
    at.radio(key="view").set_value("Grades").run()
    assert not at.exception, at.exception
    assert url(at) == {"view": "grades"}


def test_unknown_values_in_the_url_are_the_defaults(app_env):  # noqa: F811
    at = open_url(view="compare", region="atlantis", area="cooking", grade="superb")
    assert at.radio(key="view").value == "Compare councils"
    assert at.selectbox(key="compare_region").value == ""
    assert at.selectbox(key="compare_area").value == "All judgements"
    assert at.selectbox(key="compare_grade").value == "Any grade"
    assert url(at) == {"view": "compare"}
    at = open_url(view="nonsense", region="west-midlands")
    assert at.radio(key="view").value == "Ask"
    assert url(at) == {}
