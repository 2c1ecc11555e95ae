"""Shapes read from the wording by the shipped classifier, through `ask`: the wordings
that got another shape's answer from the rules, the neighbour comparison on any wording,
and the answer saying which shape it answered."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def shaped(index_dir):
    from retriever import Retriever

    return Retriever.open(index_dir)


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        ("How was Leeds rated at its most recent Ofsted inspection?", "grades"),
        ("What are Leeds's Ofsted ratings?", "grades"),
        ("leeds ofsted rating", "grades"),
        ("kent grades over time", "trend"),
        ("the key recommendations from Norfolk's 2023 inspection", "improve"),
        ("who was our lead inspector in Southend", "fact_inspector"),
        ("How many councils were rated inadequate?", "count"),
        ("which councils were rated good for care leavers", "which"),
        ("who are Kent's statistical neighbours", "neighbours"),
    ],
)
def test_a_wording_gets_its_shapes_answer(shaped, question, shape):
    answer = shaped.ask(question)
    assert answer.shape == shape, answer.answer[:300]
    assert answer.to_dict()["shape"] == shape


@pytest.mark.parametrize(
    "question",
    [
        "Compare Kent with its statistical neighbours",
        "How does Kent compare with similar councils?",
        "benchmark Kent against comparable authorities",
        "Kent vs statistical neighbours",
        "how does Kent compare?",
    ],
)
def test_the_neighbour_comparison_on_any_wording_is_one_table_asked_council_first(shaped, question):
    answer = shaped.ask(question)
    assert answer.shape == "compare" and not answer.abstained
    lines = answer.answer.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Council | Inspected"))
    assert lines[header].split(" | ")[2] == "Overall effectiveness"  # the DfE's order
    assert lines[header + 1].startswith("Kent | ")
    assert lines[header + 2].startswith("Norfolk | ")
    assert "[" in lines[header + 1]  # each grade cited


def test_we_compare_with_our_neighbours_as_a_follow_up(shaped):
    answer = shaped.ask("how do we compare to our neighbours", history=["What are Leeds's grades?"])
    assert answer.shape == "compare"
    assert any(line.startswith("Leeds | ") for line in answer.answer.splitlines())


def test_a_named_area_restricts_the_columns(shaped):
    answer = shaped.ask("Compare Leeds with its statistical neighbours on care leavers")
    header = next(x for x in answer.answer.splitlines() if x.startswith("Council | "))
    assert header == "Council | Inspected | Care leavers"


def test_the_first_line_names_the_shape_answered(shaped):
    answer = shaped.ask("How was Leeds rated?")
    assert answer.answer.splitlines()[0] == "Grades of Leeds' Jul 2025 inspection"
    assert 0 < answer.shape_confidence <= 1


def test_an_unsure_reading_says_what_it_read_and_offers_the_next_shapes(shaped):
    answer = shaped.ask("Kent ofsted")
    assert answer.shape_confidence < 0.6
    assert 1 <= len(answer.alternatives) <= 2 and answer.shape not in answer.alternatives
    assert "The question was read as asking for" in answer.answer
    assert answer.to_dict()["alternatives"] == answer.alternatives


def test_a_trend_needs_two_inspections(shaped):
    answer = shaped.ask("how has Leeds changed since 2019")
    assert answer.shape != "trend"
    assert shaped.ask("how has Kent changed since 2017").shape == "trend"


def test_the_rules_remain_for_comparison(index_dir):
    from retriever import Retriever

    rules = Retriever.open(index_dir, shapes="rules")
    assert rules.understand("What are Leeds's Ofsted ratings?").shape_confidence == 1.0
