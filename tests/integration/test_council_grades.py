"""`Retriever.council_grades`: each council's latest graded inspection in one region, as the
app's Compare councils view asks for it, on the session index; and the scope a chat answer
over councils carries, so the app can reopen the same councils in that view."""

from __future__ import annotations

import pytest

from indexer.regions import england_regions, region_by_code

from .test_across import assert_cited, table_councils

pytestmark = pytest.mark.model


def test_each_region_holds_only_its_own_councils(retriever):
    held = {r["authority"] for r in retriever.judgements()}
    seen: set[str] = set()
    for region in england_regions():
        answer = retriever.council_grades(region.code)
        named = table_councils(answer)
        assert set(named) <= set(region.councils), region.name
        assert answer.table.scope.regions == (region.code,)
        seen |= set(named)
    england = retriever.council_grades()
    assert set(table_councils(england)) == seen
    assert seen and seen <= held
    assert england.table.scope.regions == ()


def test_a_region_by_name_is_the_same_as_by_code(retriever):
    by_code = retriever.council_grades("WM")
    by_name = retriever.council_grades("west midlands")
    assert table_councils(by_code) == table_councils(by_name)
    assert set(table_councils(by_code)) == {"Birmingham", "Staffordshire", "Wolverhampton"}
    assert by_code.table.columns[:3] == ["Council", "Inspection", "Overall effectiveness"]
    assert by_code.shape == "region_table" and not by_code.abstained
    assert_cited(retriever, by_code)


def test_an_unknown_region_is_a_filter_error(retriever):
    from retriever import FilterError

    with pytest.raises(FilterError, match="known regions"):
        retriever.council_grades("Atlantis")


def test_chat_answers_over_councils_carry_their_scope(retriever):
    which = retriever.ask("Which councils in the West Midlands are good for care leavers?")
    assert which.table.scope.regions == ("WM",)
    assert (which.table.scope.area, which.table.scope.grade) == ("care_leavers", "Good")
    table = retriever.ask("Ofsted grades of every council in the West Midlands")
    assert table.table.scope.regions == ("WM",) and table.table.scope.grade == ""
    compared = retriever.ask("How does the East of England compare with other regions?")
    assert compared.table.scope.regions == (region_by_code("E").code,)
    assert list(compared.to_dict()["table"]["scope"]["regions"]) == ["E"]
