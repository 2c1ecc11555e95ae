"""Layouts met in the national reports, as small synthetic cases of the general rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.models import Block
from indexer.parse.documents import build_document
from indexer.parse.judgements import overall_judgement
from indexer.parse.loaders import LoadError, load_blocks
from indexer.parse.pdf import Line, lines_to_blocks
from indexer.parse.structure import drop_back_page, find_judgement_tables, lay_out


def line(text, x, y, bold=False):
    return Line(text, x, y, 12.0, bold, 1, 842.0)


def test_wrapped_line_opening_with_a_number_carries_its_paragraph_on():
    lines = [
        line(
            "39. Sensible conversations take place when care experienced young people reach",
            71,
            500,
        ),
        line(
            "21 about remaining active in the service. This ensures that care experienced", 99, 486
        ),
        line("young people remain supported.", 99, 472),
        line("40. Leaders are ambitious.", 71, 445),
    ]
    blocks, _ = lines_to_blocks(lines, 12.0, 14.0)
    assert [b.text[:3] for b in blocks] == ["39.", "40."]
    assert "21 about remaining" in blocks[0].text


def test_wrapped_line_opening_with_a_dash_is_no_bullet():
    lines = [
        line(
            "18. A range of specialist edge-of-care services, including Multi-Systemic Therapy",
            71,
            500,
        ),
        line("– Child Abuse and Neglect, and targeted family support, work effectively.", 99, 486),
    ]
    blocks, _ = lines_to_blocks(lines, 12.0, 14.0)
    assert len(blocks) == 1 and blocks[0].kind == "text"


def test_numbered_paragraph_whose_first_line_reads_like_a_heading_keeps_its_number():
    blocks = [
        Block("Inspection of local authority children's services", kind="heading"),
        Block("Inspection dates: 1 to 5 May 2023"),
        Block("1. Care leavers are well supported by their personal advisers."),
        Block("2. The trust recognises that staying put arrangements are significantly"),
        Block("underdeveloped, with only three staying on in foster care."),
        Block("3. The health history process for care leavers is comprehensive."),
    ]
    layout = lay_out(blocks)
    labels = [s.label for s in layout.spans[0]]
    assert labels[-3:] == ["1", "2", "3"]


def test_back_page_is_cut_off_the_last_paragraph():
    blocks = [
        Block("45. Leaders know their services well."),
        Block(
            "46. Leaders have a clear plan. If you would like a copy of this document in a "
            "different format, such as large print or Braille, please telephone 0300 123 1231"
        ),
        Block("You may reuse this information (not including logos) free of charge."),
        Block("Piccadilly Gate Store Street Manchester M1 2WD"),
        Block("© Crown copyright 2023"),
    ]
    kept = drop_back_page(blocks)
    assert [b.text for b in kept] == [
        "45. Leaders know their services well.",
        "46. Leaders have a clear plan.",
    ]


def test_area_names_wrapped_over_two_lines_are_whole():
    blocks = [
        Block("Judgement Grade"),
        Block("The impact of leaders on social work practice with"),
        Block("children and families\tOutstanding", kind="row", cells=("children and families", "Outstanding")),
        Block("The experiences and progress of children in care and"),
        Block("care leavers\tGood", kind="row", cells=("care leavers", "Good")),
        Block("3. Leadership, management and governance\tRequires improvement to be", kind="row",
              cells=("3. Leadership, management and governance", "Requires improvement to be")),
        Block("good", kind="heading"),
    ]  # fmt: skip
    (table,) = find_judgement_tables(blocks, 0, len(blocks) - 1)
    assert [(r.area, r.grade) for r in table.rows] == [
        ("The impact of leaders on social work practice with children and families", "Outstanding"),
        ("The experiences and progress of children in care and care leavers", "Good"),
        ("Leadership, management and governance", "Requires improvement to be good"),
    ]


SIF = [
    Block("Slough Borough Council", kind="heading"),
    Block(
        "Inspection of services for children in need of help and protection, children looked "
        "after and care leavers",
        kind="heading",
    ),
    Block("and", kind="heading"),
    Block(
        "Review of the effectiveness of the Local Safeguarding Children Board Inspection date: "
        "24 November 2015 - 17 December 2015 Report published: 17 February 2016",
        kind="heading",
    ),
    Block("The overall judgement is that children’s services are inadequate"),
    Block("There are widespread or serious failures that leave children at risk of harm."),
    Block("1. Children who need help and protection Inadequate"),
    Block("2. Children looked after and achieving permanence"),
    Block("Requires improvement"),
    Block("2.1 Adoption performance Requires improvement"),
    Block("3. Leadership, management and governance Inadequate"),
    Block("Executive summary", kind="heading"),
    Block("1. Leaders have not acted quickly enough to improve services."),
    Block("2. Too many children wait too long for help."),
]


def test_single_inspection_framework_report_is_an_ofsted_report_with_dates_and_grades():
    doc = build_document("slough-2016-02-ilacs", "slough-2016-02-ilacs.pdf", lay_out(SIF), {})
    (part,) = doc.parts
    assert part.kind == "ilacs_report"
    assert (part.inspection_start, part.inspection_end) == ("2015-11-24", "2015-12-17")
    assert part.published == "2016-02-17"
    assert doc.meta.authority == "Slough" and doc.meta.date == "2015-12-17"
    rows = {j.area: j.grade for j in doc.judgements}
    assert rows == {
        "Overall effectiveness": "Inadequate",
        "Children who need help and protection": "Inadequate",
        "Children looked after and achieving permanence": "Requires improvement",
        "Adoption performance": "Requires improvement",
        "Leadership, management and governance": "Inadequate",
    }
    assert all(j.inspection_date == "2015-12-17" for j in doc.judgements)
    assert [p.label for p in doc.passages if p.label.isdigit()] == ["1", "2"]


@pytest.mark.parametrize(
    ("sentence", "grade"),
    [
        ("The overall judgement is requires improvement", "Requires improvement"),
        ("The overall judgement is that children’s services require improvement", "Requires improvement"),
        ("Children’s services in Telford and Wrekin require improvement to be good", "Requires improvement to be good"),
        ("Children’s services in Hampshire are outstanding.", "Outstanding"),
    ],
)  # fmt: skip
def test_overall_judgement_sentences(sentence, grade):
    assert overall_judgement(sentence)[0] == grade


def test_a_web_page_saved_as_pdf_says_what_it_is(tmp_path: Path):
    page = tmp_path / "bromley-2012-08-ilacs.pdf"
    page.write_text("<!DOCTYPE html><html><head><title>Report not found - Ofsted</title></head>")
    with pytest.raises(LoadError, match="HTML web page .*Report not found"):
        load_blocks(page)


def test_numeric_dates_and_a_name_over_the_title():
    from indexer.parse.metadata import parse_date_range

    assert parse_date_range("12/09/2016 to 06/10/2016") == ("2016-09-12", "2016-10-06")
    blocks = [
        Block("Medway Children’s Services", kind="heading"),
        Block("Inspection of children’s social care services", kind="heading"),
        Block("Inspection dates: 15/07/2019 to 26/07/2019"),
        Block("Report published: 27/08/2019"),
        Block("1. Children are not safe."),
    ]
    doc = build_document("medway-2019-08-ilacs", "m.pdf", lay_out(blocks), {})
    assert [p.kind for p in doc.parts] == ["ilacs_report"]
    assert doc.meta.kind == "ilacs_report" and doc.meta.authority == "Medway"
    assert (doc.parts[0].inspection_end, doc.parts[0].published) == ("2019-07-26", "2019-08-27")


def test_a_line_that_says_nothing_is_no_passage():
    """The single inspection framework's title spreads over three lines ("... care leavers"
    / "and" / "Review of ..."); the lone "and" is no passage, which its long section title
    would otherwise make a strong match for any question naming the board."""
    from indexer.parse.documents import parse_file, says_something

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    doc = parse_file(corpus / "kent-2017-06-sif.pdf", corpus)
    assert doc.passages and all(says_something(p.text) for p in doc.passages)
    assert not any(says_something(t) for t in ("and", "And", "N/A", "89.", "____"))
    assert all(says_something(t) for t in ("Contents", "board", "Signs of Safety"))


def test_a_line_a_few_percent_larger_carries_its_paragraph_on():
    """Some producers set a few words of a body line at 12.6 points among 12."""
    lines = [
        line("118. The local authority has committed funds to improvement, such as the", 78, 635),
        Line(
            "training for the Safeguarding assessment and analysis framework and",
            106,
            621,
            12.6,
            False,
            1,
            842.0,
        ),
        line("direct work with children.", 106, 606),
    ]
    blocks, _ = lines_to_blocks(lines, 12.0, 14.5)
    assert len(blocks) == 1 and blocks[0].text.endswith("direct work with children.")


def test_a_grade_centred_beside_a_two_line_judgement_is_one_table_row():
    """A cell centred on a label of two lines sits half a line (0.6 of the font size) from
    each of them; rounding must not decide whether it is a table."""

    def at(text, x, y):
        return Line(text, x, y, 11.0, False, 1, 842.0)

    lines = [
        at("The impact of leaders on social work practice with children", 79, 496.41),
        at("and families", 79, 483.07),
        at("Outstanding", 395, 489.79),
        at("The experiences and progress of children who need help and", 79, 453.47),
        at("protection", 79, 440.20),
        at("Good", 395, 446.83),
    ]
    blocks, _ = lines_to_blocks(lines, 11.0, 13.3)
    assert [(b.kind, b.cells) for b in blocks] == [
        (
            "row",
            (
                "The impact of leaders on social work practice with children and families",
                "Outstanding",
            ),
        ),
        ("row", ("The experiences and progress of children who need help and protection", "Good")),
    ]
