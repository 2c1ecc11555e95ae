"""The 153 councils as data: names, short forms, former names, codes, regions, neighbours."""

from __future__ import annotations

import csv

import pytest

from indexer import councils
from indexer.councils import UNKNOWN, candidates, lookup, name_council, neighbours
from indexer.models import Part
from retriever.understand.question import parse_question
from tests.conftest import ROOT, SHARED

NATIONAL = SHARED / "national"


def test_table_has_153_councils_with_codes_regions_and_ten_neighbours():
    table = councils.all_councils()
    assert len(table) == 153
    assert len({c.la_code for c in table}) == 153
    assert len({c.name for c in table}) == 153
    for council in table:
        assert council.region and council.ons_code.startswith("E")
        assert len(council.neighbours) == 10
        assert all(councils.by_code(code) is not None for code in council.neighbours)


@pytest.mark.parametrize(
    ("printed", "council"),
    [
        ("Hull", "Kingston upon Hull"),
        ("Kingston upon Hull City Council", "Kingston upon Hull"),
        ("Brighton", "Brighton and Hove"),
        ("Brighton & Hove City Council", "Brighton and Hove"),
        ("Telford", "Telford and Wrekin"),
        ("BCP", "Bournemouth, Christchurch and Poole"),
        ("Bournemouth, Christchurch & Poole", "Bournemouth, Christchurch and Poole"),
        ("Southend", "Southend-on-Sea"),
        ("Staffs", "Staffordshire"),
        ("the Isle of Wight", "Isle of Wight"),
        ("Isle of Wight Council", "Isle of Wight"),
        ("Wakefield District Metropolitan", "Wakefield"),
        ("Cheshire West and Chester", "Cheshire West and Chester"),
        ("Durham", "County Durham"),
        ("Durham County Council", "County Durham"),
        ("County of Herefordshire", "Herefordshire"),
        ("St. Helens", "St Helens"),
        ("London Borough of Barnet", "Barnet"),
        ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead"),
        ("London Corporation", "City of London"),
        ("Halton Borough Council", "Halton"),
    ],
)
def test_printed_forms_resolve_to_one_council(printed, council):
    assert lookup(printed).name == council


@pytest.mark.parametrize("word", ["The", "Chester", "Safeguarding and Looked After", "Gotham City"])
def test_words_that_are_no_council_resolve_to_none(word):
    assert lookup(word) is None


def test_a_split_county_means_its_successors():
    assert {c.name for c in candidates("Northamptonshire")} == {
        "North Northamptonshire",
        "West Northamptonshire",
    }
    assert lookup("Northamptonshire") is None  # ambiguous on its own


def test_neighbours_and_region():
    knowsley = neighbours("Knowsley")
    assert len(knowsley) == 10 and knowsley[0].name == "St Helens"
    assert councils.region("Medway") == "South East"
    assert councils.region("Leeds") == "Yorkshire and the Humber"


def test_names_in_text_take_the_longest_form():
    text = "Inspection of Cheshire West and Chester and Kingston upon Hull services"
    assert [c.name for c in councils.find_in_text(text)] == [
        "Cheshire West and Chester",
        "Kingston upon Hull",
    ]


def _report(title):
    return [Part(slug="ofsted-report", kind="ilacs_report", title=title)]


def test_report_council_is_one_of_the_153_never_a_word():
    text = "Inspection of the local authority children's services\nHalton Borough Council\n"
    name, note = name_council("halton-2020-01-ilacs", text, _report("Inspection of..."), {})
    assert (name, note) == ("Halton", None)
    name, note = name_council(
        "hackney-2016-12-ilacs",
        "Safeguarding and Looked After Children services\nLondon Borough of Hackney",
        _report("Hackney"),
        {},
    )
    assert name == "Hackney"
    name, _ = name_council(
        "cheshire-west-2019", "Inspection of Cheshire West and Chester children's services", [], {}
    )
    assert name == "Cheshire West and Chester"


def test_report_council_unknown_says_so_and_catalogue_overrides():
    name, note = name_council("report", "Some text with no council", [], {})
    assert name == UNKNOWN and "catalog.csv" in note
    assert name_council("report", "", [], {"authority": "Hull"}) == ("Kingston upon Hull", None)


def test_package_ships_the_table():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'indexer = ["data/*.csv"]' in pyproject


@pytest.mark.skipif(not NATIONAL.exists(), reason="../shared/national is absent")
def test_table_agrees_with_the_national_authorities():
    with (NATIONAL / "authorities.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 153
    for row in rows:
        council = councils.by_code(row["la_code"])
        assert council.ons_code == row["la_code_new"]
        assert lookup(row["local_authority"]) == council
        assert ";".join(c.strip() for c in row["stat_neighbours"].split(",")) == ";".join(
            council.neighbours
        )


SHIPPED = ["Birmingham", "Kent", "Leeds", "Southend-on-Sea", "Staffordshire"]


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("How is Brighton doing on care leavers?", ("Brighton and Hove",)),
        ("Does Hull have a good front door?", ("Kingston upon Hull",)),
        ("What did Telford and Wrekin Council's inspection find?", ("Telford and Wrekin",)),
        ("What did Ofsted say about the Isle of Wight?", ("Isle of Wight",)),
        ("How did St Helens do?", ("St Helens",)),
        ("How well does the MASH work?", ()),
        ("How is Kent doing?", ()),
    ],
)
def test_questions_recognise_councils_the_index_does_not_hold(question, unknown):
    intent = parse_question(question, SHIPPED, [2024])
    assert intent.unknown_authorities == unknown
    assert intent.not_councils == ()


def test_questions_say_a_made_up_council_is_no_council():
    intent = parse_question("What did Gotham City Council say about care leavers?", SHIPPED, [])
    assert intent.not_councils == ("Gotham City",)
    assert intent.authorities == () and intent.unknown_authorities == ()


def test_questions_resolve_short_forms_to_the_indexed_council():
    held = [*SHIPPED, "Kingston upon Hull", "Brighton and Hove", "Telford and Wrekin"]
    for question, council in [
        ("How is Hull doing?", "Kingston upon Hull"),
        ("What about Brighton's care leavers?", "Brighton and Hove"),
        ("Telford help and protection", "Telford and Wrekin"),
    ]:
        assert parse_question(question, held, []).authorities == (council,)


def test_duplicates_collapse_only_within_one_council():
    from indexer.models import Passage
    from indexer.parse.dedup import canonical_map

    table = "Judgement Grade Overall effectiveness Good The impact of leaders Good"
    part = Part(slug="ofsted-report", kind="ilacs_report", title="Inspection")

    def passage(doc_id):
        return Passage(f"{doc_id}#t", doc_id, part, "", "Judgements table", table * 2, 0, 1)

    passages = [passage("barnet-2019"), passage("barnsley-2018"), passage("barnet-2019-pack")]
    groups = ["barnet", "barnsley", "barnet"]
    assert canonical_map(passages, groups=groups) == [0, 1, 0]
    assert canonical_map(passages) == [0, 0, 0]  # without councils every copy is one


def test_one_normaliser_compares_names_and_folds_questions():
    """A question is folded (case, '&', possessives, hyphens) but keeps its punctuation;
    a name's comparison key is that fold without punctuation, a leading 'the' or 'Saint'."""
    assert councils.fold("Brighton & Hove's care-leavers, in 2020?") == (
        "brighton and hove care leavers in 2020?"
    )
    assert councils.normalise("The Saint Helens' Council.") == "st helens council"
    assert councils.normalise("Stoke-on-Trent") == councils.fold("Stoke-on-Trent")


def test_every_council_of_the_table_is_masked_for_the_shape_reader():
    from retriever.understand.classify import mask

    assert "County Durham" in councils.names() and "Kingston upon Hull" in councils.names()
    for name in (*councils.names(), "Durham", "Hull", "Staffs"):
        assert mask(f"How was {name} rated?") == "how was council rated?", name


def test_a_former_county_is_asked_about_by_its_short_form():
    """An index that files reports under a split county still answers "Northants"."""
    held = ["Northamptonshire", "Kent"]
    assert parse_question("How was Northants rated?", held, []).authorities == ("Northamptonshire",)
    assert parse_question("How was Staffs rated?", ["Staffordshire"], []).authorities == (
        "Staffordshire",
    )
