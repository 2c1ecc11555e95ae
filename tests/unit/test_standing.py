"""Where councils stand, computed from judgement rows: graded inspections, the latest grades,
the change between the last two, and the change a question names."""

from __future__ import annotations

import pytest

from retriever.answer.standing import (
    grade_counts,
    graded_inspections,
    latest_inspections,
    movements,
)
from retriever.types import MovementAsked
from retriever.understand.movement import movement_asked


def row(council, date, area, grade, doc=None):
    doc = doc or f"{council.lower()}-{date[:7]}"
    return {
        "authority": council,
        "inspection_date": date,
        "area": area,
        "grade": grade,
        "doc_id": doc,
        "passage_id": f"{doc}#{area[:8]}",
    }


ROWS = [
    # Aville: inadequate (SIF wording), then good.
    row("Aville", "2016-05-20", "Overall effectiveness", "Inadequate"),
    row("Aville", "2016-05-20", "Experiences and progress of care leavers", "Requires improvement"),
    row("Aville", "2023-03-10", "Overall effectiveness", "Good"),
    row("Aville", "2023-03-10", "The experiences and progress of care leavers", "Good"),
    # A focused visit letter quoting no grades, and a council paper with an undated copy.
    row("Aville", "", "Overall effectiveness", "Good", doc="aville-paper"),
    # Btown: requires improvement twice (two wordings of the one grade).
    row("Btown", "2017-01-12", "Overall effectiveness", "Requires improvement"),
    row("Btown", "2022-11-04", "Overall effectiveness", "Requires improvement to be good"),
    # Cford: good, then inadequate; Dham: one inspection only.
    row("Cford", "2018-06-01", "Overall effectiveness", "Good"),
    row("Cford", "2024-02-02", "Overall effectiveness", "Inadequate"),
    row("Dham", "2025-01-01", "Overall effectiveness", "Outstanding"),
    # A table of adoption alone is no graded inspection of the council's services.
    row("Dham", "2019-01-01", "Adoption performance", "Good"),
    # From April 2026 an inspection is graded without an overall grade.
    row("Eby", "2022-05-05", "Overall effectiveness", "Good"),
    row("Eby", "2026-06-05", "Help and protection of children", "Good"),
]


def test_graded_inspections_newest_first_and_only_with_a_judgement_table():
    found = graded_inspections(ROWS)
    assert [(i.date, i.grade()) for i in found["Eby"]] == [
        ("2026-06-05", None),
        ("2022-05-05", "Good"),
    ]
    assert [i.date for i in found["Aville"]] == ["2023-03-10", "2016-05-20"]
    assert [i.date for i in found["Dham"]] == ["2025-01-01"]
    assert found["Aville"][1].grade("care_leavers") == "Requires improvement"


def test_latest_inspections_and_counts():
    found = graded_inspections(ROWS)
    latest = latest_inspections(found)
    assert [(i.council, i.grade()) for i in latest] == [
        ("Aville", "Good"),
        ("Btown", "Requires improvement"),
        ("Cford", "Inadequate"),
        ("Dham", "Outstanding"),
        ("Eby", None),
    ]
    counts = grade_counts(latest_inspections(found, ["Aville", "Btown"]))
    assert dict(counts) == {
        "Outstanding": 0,
        "Good": 1,
        "Requires improvement": 1,
        "Inadequate": 0,
    }


@pytest.mark.parametrize(
    ("question", "councils"),
    [
        (
            "Which councils were inadequate at their previous inspection but are good now?",
            ["Aville"],
        ),
        ("Who has come out of inadequate?", ["Aville"]),
        ("which councils improved", ["Aville"]),
        ("which councils have declined", ["Cford"]),
        ("biggest improvers in the north east", ["Aville"]),
        ("the decliners since last time", ["Cford"]),
        ("councils that went from good to inadequate", ["Cford"]),
        ("which councils are still requires improvement", ["Btown"]),
        ("which councils stayed good", []),
        ("which councils changed grade", ["Aville", "Cford"]),
        (
            "Which councils were inadequate at the previous inspection but aren't any more?",
            ["Aville"],
        ),
        (
            "which councils were requires improvement at both of their last two inspections?",
            ["Btown"],
        ),
        ("councils whose overall grade slipped since the inspection before", ["Cford"]),
        ("Which authorities have gone backwards since their last inspection?", ["Cford"]),
        ("who has moved forward since last time", ["Aville"]),
        ("which councils kept their requires improvement rating", ["Btown"]),
        ("councils still stuck on requires improvement after two inspections", ["Btown"]),
        ("LAs stuck on requires improvement overall at both of their last two", ["Btown"]),
        ("councils that have held onto outstanding across the last two", []),
        ("councils that were inadequate last time but have lost that grade", ["Aville"]),
    ],
)
def test_movements_a_question_names(question, councils):
    asked = movement_asked(question)
    found = [m.council for m in movements(graded_inspections(ROWS)) if asked.admits(m)]
    assert found == councils


def test_a_movement_in_one_area():
    moved = movements(graded_inspections(ROWS), area="care_leavers")
    aville = next(m for m in moved if m.council == "Aville")
    assert (aville.before, aville.after, aville.change) == ("Requires improvement", "Good", 1)
    assert MovementAsked("improved").admits(aville)


def test_benchmark_rows_count_the_councils_region_and_england():
    from retriever.answer.regional import benchmark_rows

    rows = [
        row("Barnet", "2024-06-01", "Overall effectiveness", "Good"),
        row("Camden", "2025-03-01", "Overall effectiveness", "Outstanding"),
        row("Leeds", "2025-07-01", "Overall effectiveness", "Outstanding"),
    ]
    region, england = benchmark_rows(rows, "Barnet")
    assert [c.text for c in region] == ["London", "2", "1", "1", "0", "0"]
    assert [c.text for c in england] == ["England", "3", "2", "1", "0", "0"]


def test_a_misspelt_grade_still_names_the_change():
    asked = movement_asked("councils that are no longer requires improvment")
    assert asked.before == frozenset({"Requires improvement"})
    assert "Requires improvement" not in asked.after


def test_a_grade_lost_is_the_grade_before():
    asked = movement_asked("which councils lost their outstanding rating")
    assert asked.before == frozenset({"Outstanding"})
    assert "Outstanding" not in asked.after
