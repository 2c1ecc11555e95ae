"""Judgement rows of single inspection framework (SIF) reports, read from the layouts their
PDFs give (short excerpts of real covers): every row is one of the frameworks' judgement
names with its grade, nothing after the grade, no sentence or contents line taken as a label,
the overall judgement found whichever way the cover prints it, and the review of the local
safeguarding children board (LSCB) kept under its own name, never as the council's grade."""

from __future__ import annotations

from indexer.models import Block, Judgement
from indexer.parse.judgements import in_own_names, lscb_judgement, named_row, overall_judgement
from indexer.parse.structure import find_judgement_tables
from indexer.vocab import JUDGEMENT_NAMES, LSCB_NAME, judgement_named
from retriever.answer.standing import area_keys
from retriever.understand.question import area_of

SIF_NAMES = [
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Adoption performance",
    "Experiences and progress of care leavers",
    "Leadership, management and governance",
]


def _row(label: str, grade: str) -> Block:
    return Block(f"{label}\t{grade}", kind="row", cells=(label, grade))


def _rows(blocks: list[Block]) -> list[tuple[str, str]]:
    tables = find_judgement_tables(blocks, 0, len(blocks) - 1)
    return [(r.area, r.grade) for t in tables for r in t.rows]


# A 2014 cover read by column: the two sub-judgements share one row, their grades one cell;
# the LSCB's judgement follows as two headings, then a sentence ending "of good." and the
# contents page.
COVER_2014 = [
    Block("The overall judgement is requires improvement", kind="heading"),
    Block(
        "There are no widespread or serious failures that create or leave children being "
        "harmed or at risk of harm. The welfare of looked after children is safeguarded and "
        "promoted."
    ),
    _row("1. Children who need help and protection", "requires improvement"),
    _row("2. Children looked after and achieving permanence", "requires improvement"),
    _row(
        "2.1 Adoption performance 2.2 Experiences and progress of care leavers",
        "requires improvement requires improvement",
    ),
    _row("3. Leadership, management and governance", "requires improvement"),
    Block("The effectiveness of the Local Safeguarding Children Board (LSCB) is", kind="heading"),
    Block("requires improvement", kind="heading"),
    Block("The LSCB is not yet demonstrating the characteristics of good."),
    Block("Contents", kind="heading"),
    Block("Section 1: the local authority 3", kind="heading"),
]


def test_two_sub_judgements_in_one_row_are_two_rows_with_nothing_after_the_grade():
    rows = _rows(COVER_2014)
    assert rows[:5] == [(name, "Requires improvement") for name in SIF_NAMES]
    assert not any("2.2" in area or "improvement" in area.lower() for area, _ in rows)


def test_a_sentence_ending_in_a_grade_and_a_contents_page_are_not_rows():
    rows = _rows(COVER_2014)
    assert rows[5:] == [(LSCB_NAME, "Requires improvement")]
    assert not any("Contents" in area or "not yet" in area for area, _ in rows)


def test_an_lscb_judgement_broken_over_two_headings_is_the_lscb_row():
    blocks = [
        Block("1. Children who need help and protection Good"),
        Block("2. Children looked after and achieving permanence Good"),
        Block("3. Leadership, management and governance Good"),
        Block(
            "The judgement for the effectiveness of the Local Safeguarding Children",
            kind="heading",
        ),
        Block("Board (LSCB) is requires improvement.", kind="heading"),
        Block("Contents", kind="heading"),
    ]
    assert _rows([Block("Judgements", kind="heading"), *blocks])[-1] == (
        LSCB_NAME,
        "Requires improvement",
    )


def test_the_overall_judgement_printed_as_a_sentence_is_the_overall_row():
    # a 2017 cover: the overall sentence below the table, in its executive summary's words
    blocks = [
        Block("Children’s services in Gloucestershire are inadequate", kind="heading"),
        Block("1. Children who need help and protection Inadequate"),
        _row("2. Children looked after and achieving permanence", "Requires improvement"),
        Block("2.1 Adoption performance Good"),
        Block("2.2 Experiences and progress of care leavers Requires improvement"),
        Block("3. Leadership, management and governance Inadequate"),
        Block("Executive summary", kind="heading"),
        Block("Overall, services for children in Gloucestershire are inadequate."),
        Block("Senior leaders have not sufficiently prioritised or improved practice."),
    ]
    rows = _rows(blocks)
    assert [a for a, _ in rows] == [*SIF_NAMES, "Overall effectiveness"]
    assert rows[-1] == ("Overall effectiveness", "Inadequate")
    text = "Overall, services for children in Gloucestershire are inadequate."
    assert overall_judgement(text)[0] == "Inadequate"
    said = "The overall judgement is that children’s services require improvement"
    assert overall_judgement(said)[0] == "Requires improvement"


def test_labels_are_the_frameworks_names_or_nothing():
    assert judgement_named("The experiences and progress of children care leavers").name == (
        "The experiences and progress of care leavers"
    )
    assert judgement_named("Experiences and progress of Care Leavers").framework == "SIF"
    assert judgement_named(
        "The experiences and progress of children who need help and protection are"
    ).keys == ("help_and_protection",)
    for garbled in (
        "Adoption performance 2.2 Experiences and progress of care leavers requires improvement",
        "The LSCB is not yet demonstrating the characteristics of Contents",
        "The local authority leads effective services that meet the requirements for",
        "Board (LSCB) is",
    ):
        assert judgement_named(garbled) is None, garbled
        assert named_row(garbled, "Good") is None, garbled
    assert named_row("Children’s services in Kent are", "Good").area == "Overall effectiveness"


def test_a_sif_reports_body_headings_take_its_own_names_once():
    def j(area: str, grade: str = "Good") -> Judgement:
        return Judgement("d", "ofsted-report", "Surrey", "2014-11-12", area, grade, "")

    # rows as the parser names them: the cover's table, then the body's graded headings
    rows = in_own_names(
        [
            j("Children who need help and protection", "Inadequate"),
            j("Children looked after and achieving permanence"),
            j("Adoption performance"),
            j(
                "The experiences and progress of children who need help and protection",
                "Inadequate",
            ),
            j("Children looked after and achieving permanence"),
        ]
    )
    assert [r.area for r in rows] == [
        "Children who need help and protection",
        "Children looked after and achieving permanence",
        "Adoption performance",
    ]
    ilacs = [j("The experiences and progress of children who need help and protection")]
    assert in_own_names(ilacs) == ilacs  # an ILACS report keeps the ILACS name


def test_the_lscb_review_is_no_grade_of_the_councils_services():
    lscb = judgement_named(LSCB_NAME)
    assert lscb is not None and not lscb.council
    assert area_of(LSCB_NAME) == [] and area_keys(LSCB_NAME) == []
    assert all(j.council for j in JUDGEMENT_NAMES if j is not lscb)
    # SIF's looked-after judgement is not its separate adoption judgement
    assert area_of("Children looked after and achieving permanence") == ["children_in_care"]
    assert area_of("Adoption performance") == ["adoption"]


def test_the_lscb_judgement_is_found_on_a_line_of_its_own_only():
    text = (
        "Section 2: The effectiveness of the LSCB\n"
        "The Local Safeguarding Children Board requires improvement\n"
        "Executive summary\n"
        "Partners say the Local Safeguarding Children Board is good at listening.\n"
    )
    grade, at = lscb_judgement(text)
    assert grade == "Requires improvement" and text[at:].startswith("requires improvement")
    assert lscb_judgement(text.splitlines()[-1]) is None


def _graded(date: str, area: str, grade: str) -> dict:
    return {"authority": "Kent", "inspection_date": date, "area": area, "grade": grade}


def test_the_grades_view_shows_sif_judgements_under_their_own_names():
    from webapp.neighbours import sif_rows

    rows = [
        _graded("2017-03-30", "Overall effectiveness", "Good"),
        _graded("2017-03-30", LSCB_NAME, "Requires improvement"),
        _graded("2017-03-30", "Children who need help and protection", "Requires improvement"),
        _graded("2017-03-30", "Children looked after and achieving permanence", "Good"),
        _graded("2017-03-30", "Adoption performance", "Outstanding"),
        _graded("2017-03-30", "Experiences and progress of care leavers", "Good"),
        _graded("2017-03-30", "Leadership, management and governance", "Good"),
        _graded("2025-11-07", "Overall effectiveness", "Good"),  # ILACS: not in this table
    ]
    (line,) = sif_rows(rows, "Kent")
    assert list(line) == ["Inspection", "Overall effectiveness", *SIF_NAMES, LSCB_NAME]
    assert line["Adoption performance"] == "Outstanding"
    assert line["Children looked after and achieving permanence"] == "Good"
    assert line[LSCB_NAME] == "Requires improvement" and line["Overall effectiveness"] == "Good"


def test_neighbour_grades_are_whole_families_not_cut_off():
    from webapp.neighbours import neighbour_rows

    rows = [_graded("2025-11-07", "Overall effectiveness", "Requires improvement to be good")]
    table, _ = neighbour_rows(rows, "Kent")
    assert table[0]["Overall effectiveness"] == "Requires improvement"


def test_a_council_is_not_listed_by_its_safeguarding_boards_grade():
    from retriever.understand.grade_rows import matching_rows
    from retriever.understand.question import parse_question

    def row(council: str, area: str, grade: str) -> dict:
        return {
            **_graded("2016-07-01", area, grade),
            "authority": council,
            "doc_id": council.lower(),
            "passage_id": f"{council.lower()}#ofsted-report/Judgements table",
        }

    rows = [
        row("Barnet", "Overall effectiveness", "Requires improvement"),
        row("Barnet", LSCB_NAME, "Inadequate"),
        row("Kent", "Overall effectiveness", "Inadequate"),
    ]
    intent = parse_question("Which councils were rated inadequate?", ["Barnet", "Kent"], [2016])
    assert [r["authority"] for r in matching_rows(rows, intent)] == ["Kent"]


def test_a_misprinted_require_improvement_is_a_grade():
    blocks = [
        Block("The overall judgement is requires improvement", kind="heading"),
        _row("1. Children who need help and protection", "Requires improvement"),
        _row("2. Children looked after and achieving permanence", "Require improvement"),
        _row("2.1 Adoption performance", "Require improvement"),
        _row("2.2 Experiences and progress of care leavers", "Require improvement"),
        _row("3. Leadership, management and governance", "Require improvement"),
    ]
    assert _rows(blocks) == [(name, "Requires improvement") for name in SIF_NAMES]


def test_a_sif_overall_row_is_quoted_from_its_sentence():
    from retriever.answer.grades import row_line

    def quoted(area: str, grade: str, text: str) -> str | None:
        return row_line({"area": area, "grade": grade}, text)

    cover = "Children’s services in Gloucestershire are inadequate\n1. Children who need help"
    assert quoted("Overall effectiveness", "Inadequate", cover) == (
        "Children’s services in Gloucestershire are inadequate"
    )
    said = "The overall judgement is requires improvement\nThere are no widespread failures."
    assert quoted("Overall effectiveness", "Requires improvement", said) == (
        "The overall judgement is requires improvement"
    )
    assert quoted("Overall effectiveness", "Good", said) is None
    printed = "The experience and progress of children who need help and protection\tGood"
    name = "The experiences and progress of children who need help and protection"
    assert quoted(name, "Good", printed) == printed
