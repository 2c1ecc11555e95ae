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


NE_OUTSTANDING_CARE_LEAVERS = {
    "kind": "which",
    "question": "north-east LAs with outstanding care leaver services",
    "region": "NE",
    "grade": "Outstanding",
    "area": "care_leavers",
}


def _loaded(tmp_path, rows):
    path = tmp_path / "heldout.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    return load_questions(path)


def test_questions_written_apart_load_with_their_slots(tmp_path):
    improved = {"kind": "movement", "question": "who got better?", "movement": "improved"}
    which, moved = _loaded(tmp_path, [NE_OUTSTANDING_CARE_LEAVERS, improved])
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
    which, count, improved, still = _loaded(
        tmp_path,
        [
            NE_OUTSTANDING_CARE_LEAVERS,
            {"kind": "count", "question": "q2", "grade": "Good"},
            {"kind": "movement", "question": "q3", "movement": "improved"},
            {"kind": "movement", "question": "q4", "grade": "Good", "movement": "still"},
        ],
    )
    assert gold_of(which, GRADED).councils == {"Sunderland"}  # Barnet is in London
    assert gold_of(count, GRADED).count == 2
    assert gold_of(improved, GRADED).councils == {"Gateshead"}
    assert gold_of(still, GRADED).councils == {"Barnet"}


def test_the_gold_reads_one_judgement_for_care_and_care_leavers_and_the_corrections(tmp_path):
    from eval.across import graded_from_catalogue

    header = (
        "file,urn,local_authority,inspection_link,publication_date,inspection_framework,"
        "inspector_name,inspection_start_date,inspection_end_date,overall_effectiveness_grade,"
        "impact_of_leaders_grade,help_and_protection_grade,in_care_grade,care_leavers_grade"
    )
    rows = [
        "dudley-2023-01-ilacs.pdf,1,dudley,,13/01/23,standard,A,31/10/2022,11/11/2022,"
        "good,good,good,requires improvement,inspection_pre_dates_judgement",
        "st-helens-2023-09-ilacs.pdf,2,st helens,,04/09/23,standard,B,10/07/2023,21/07/2023,"
        "good,good,good,requires improvement,good",
    ]
    path = tmp_path / "inspections.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    graded = graded_from_catalogue(path)
    assert graded["Dudley"][0].grades["care_leavers"] == "Requires improvement"
    st_helens = graded["St Helens"][0].grades
    assert st_helens["care_leavers"] == "Outstanding"
    assert st_helens["help_and_protection"] == "Requires improvement"


def test_every_held_out_question_has_slots_its_gold_can_be_computed_from():
    from pathlib import Path

    from eval.across import AREA_COLUMNS
    from indexer.regions import region_by_code
    from indexer.vocab import GRADE_FAMILIES

    files = sorted((Path(__file__).resolve().parents[2] / "eval").glob("across_heldout*.jsonl"))
    assert files
    for path in files:
        held = load_questions(path)
        assert len({q.question for q in held}) == len(held) == 60, path.name
        for q in held:
            assert q.kind in ("which", "count", "movement", "region_table", "region_compare")
            assert q.area in AREA_COLUMNS and (not q.region or region_by_code(q.region))
            assert {q.grade, q.grade2} <= {"", *GRADE_FAMILIES}, q.question
            if q.kind == "movement":
                assert q.movement in ("improved", "declined", "from_to", "out_of", "still")
            if q.kind in ("region_table", "region_compare"):
                assert q.region, q.question
