"""Regions read from a question as a slot: the forms people write, and never a council's own
name that happens to hold a region's words."""

from __future__ import annotations

import pytest

from indexer.councils import all_councils
from indexer.regions import all_regions, england_regions, find_regions, region_of


def codes(text: str) -> list[str]:
    return [m.region.code if m.region else "ours" for m in find_regions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Which councils in the North West were rated outstanding?", ["NW"]),
        ("north-east league table", ["NE"]),
        ("NORTH EAST grades", ["NE"]),
        ("Which London boroughs were judged good overall?", ["GL"]),
        ("how many councils in london are inadequate", ["GL"]),
        ("grades in Yorkshire & the Humber", ["YH"]),
        ("yorkshire and humber councils", ["YH"]),
        ("Ofsted grades of every council in the South East", ["SE"]),
        ("the east of england", ["E"]),
        ("east midlands league table", ["EM"]),
        ("the South West", ["SW"]),
        ("inner London boroughs rated good", ["GL-I"]),
        ("outer london", ["GL-O"]),
        ("compare the West Midlands with the East Midlands", ["WM", "EM"]),
        ("councils in the Midlands", ["MID"]),
        ("West Yorkshire councils", ["WY"]),
        ("how does our region compare?", ["ours"]),
        ("how many SW councils are inadequate?", ["SW"]),
        ("the NE vs the NW", ["NE", "NW"]),
        ("Yorks & Humber grades", ["YH"]),
        ("Show me every NW LA with its most recent Ofsted judgements", ["NW"]),
    ],
)
def test_region_forms(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "How was North East Lincolnshire rated?",
        "London Borough of Barnet Ofsted rating",
        "City of London grades",
        "north yorkshire care leavers",
        "East Riding of Yorkshire inspection",
        "North Somerset and West Sussex",
        "West Berkshire and South Gloucestershire",
        "What did Ofsted say about care leaver accommodation?",
        "sw and ne in lower case are words, not regions",
        "SEND support in the EHCP process",
        "Trainee SW here - which local authorities got outstanding?",  # a social worker
    ],
)
def test_council_names_are_not_regions(text):
    assert codes(text) == []


def test_every_council_name_is_not_a_region():
    for council in all_councils():
        assert codes(council.name) == [], council.name


def test_nine_regions_partition_england():
    members = [name for region in england_regions() for name in region.councils]
    assert len(england_regions()) == 9
    assert sorted(members) == sorted(c.name for c in all_councils())


def test_london_halves_and_composites_are_parts_of_their_regions():
    by_code = {region.code: region for region in all_regions()}
    london = set(by_code["GL"].councils)
    inner, outer = set(by_code["GL-I"].councils), set(by_code["GL-O"].councils)
    assert inner | outer == london and not inner & outer
    assert {"Camden", "Newham", "City of London"} <= inner and "Barnet" in outer
    assert set(by_code["MID"].councils) == set(by_code["EM"].councils) | set(by_code["WM"].councils)
    assert set(by_code["WY"].councils) < set(by_code["YH"].councils)


def test_region_of_a_council():
    assert region_of("Barnet").name == "London"
    assert region_of("Staffordshire").code == "WM"
