import json

from eval.across import GoldInspection, gold_of, load_questions


def _inspection(council, end, overall, care_leavers="Good"):
    grades = {
        "overall": overall,
        "leaders": overall,
        "help_and_protection": overall,
        "children_in_care": overall,
        "care_leavers": care_leavers,
    }
    return GoldInspection(council, end, grades)


GRADED = {
    "Gateshead": [
        _inspection("Gateshead", "2025-01-01", "Good"),
        _inspection("Gateshead", "2019-01-01", "Inadequate"),
    ],
    "Sunderland": [_inspection("Sunderland", "2024-01-01", "Outstanding", "Outstanding")],
    "Barnet": [
        _inspection("Barnet", "2023-01-01", "Good", "Outstanding"),
        _inspection("Barnet", "2017-01-01", "Good"),
    ],
}


def test_questions_written_apart_load_with_their_slots(tmp_path):
    path = tmp_path / "heldout.jsonl"
    rows = [
        {
            "kind": "which",
            "question": "north-east LAs with outstanding care leaver services",
            "region": "NE",
            "grade": "Outstanding",
            "area": "care_leavers",
        },
        {"kind": "movement", "question": "who got better last time?", "movement": "improved"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    which, moved = load_questions(path)
    assert (which.split, which.region, which.grade, which.area) == (
        "heldout",
        "NE",
        "Outstanding",
        "care_leavers",
    )
    assert (
        moved.area == "overall" and moved.movement == "improved" and moved.pattern != which.pattern
    )


def test_gold_is_the_latest_grade_in_the_region_asked_and_the_last_two_for_a_change(tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [
        {
            "kind": "which",
            "question": "q1",
            "region": "NE",
            "grade": "Outstanding",
            "area": "care_leavers",
        },
        {"kind": "count", "question": "q2", "grade": "Good"},
        {"kind": "movement", "question": "q3", "movement": "improved"},
        {"kind": "movement", "question": "q4", "grade": "Good", "movement": "still"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    which, count, improved, still = load_questions(path)
    assert gold_of(which, GRADED).councils == {"Sunderland"}  # Barnet is in London
    assert gold_of(count, GRADED).count == 2
    assert gold_of(improved, GRADED).councils == {"Gateshead"}
    assert gold_of(still, GRADED).councils == {"Barnet"}
