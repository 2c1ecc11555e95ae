"""Filters: a caller's dict made once into a typed, frozen value; every stage reads its
fields, and an answer shows it as the dict the caller gave (lists, in the order given)."""

from __future__ import annotations

import dataclasses

import pytest

from retriever.types import Answer, FilterError, Filters


def test_a_dict_becomes_filters_each_value_a_tuple_empty_ones_dropped():
    f = Filters.of({"year": 2023, "authority": ["Leeds", "Kent"], "kind": None, "until": ""})
    assert f.authority == ("Leeds", "Kent") and f.year == (2023,) and f.kind == ()
    assert f.as_dict() == {"year": [2023], "authority": ["Leeds", "Kent"]}
    assert list(f.as_dict()) == ["year", "authority"]  # the order the caller gave
    assert Filters.of(None) == Filters() and not Filters() and f


def test_filters_are_frozen_and_changed_only_by_copy():
    f = Filters.of({"authority": "Leeds"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.authority = ("Kent",)
    kent = f.having("authority", ["Kent"]).having("year", [2022])
    assert f.authority == ("Leeds",) and kent.authority == ("Kent",)
    assert list(kent.as_dict()) == ["authority", "year"]
    assert kent.without("authority").as_dict() == {"year": [2022]}


def test_an_unknown_filter_names_the_known_ones():
    with pytest.raises(
        FilterError, match=r"unknown filter 'council'; use one of: authority, kind, until, year"
    ):
        Filters.of({"council": "Leeds"})


def test_an_answer_keeps_its_filters_as_a_dict():
    answer = Answer("q", "a", True, [], [], Filters.of({"authority": ["Leeds"]}))
    assert answer.filters == {"authority": ["Leeds"]}
    assert answer.to_dict()["filters"] == {"authority": ["Leeds"]}
