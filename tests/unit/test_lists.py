"""A report's own lists kept at index time: what needs to improve, recommendations with
their lead-in, the summary; stored whole and item by item, each item citable."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from indexer import store
from indexer.models import Block
from indexer.parse.documents import build_document, parse_file
from indexer.parse.lists import find_lists
from indexer.parse.structure import lay_out
from tests.conftest import CORPUS


def _doc(blocks: list[Block], doc_id: str = "x"):
    return build_document(doc_id, f"{doc_id}.pdf", lay_out(blocks), {})


def _report_head(council: str = "Anytown") -> list[Block]:
    return [
        Block(f"{council} City Council", "heading", 1),
        Block("Inspection of children’s social care services", "heading", 1),
        Block("Inspection dates: 3 to 14 March 2025", "text", 1),
        Block("Lead inspector: Pat Example, His Majesty’s Inspector", "text", 1),
        Block("Judgement Grade", "heading", 1),
        Block("The impact of leaders on social work practice\tGood", "row", 1, cells=("a", "Good")),
        Block("Overall effectiveness\tGood", "row", 1, cells=("Overall effectiveness", "Good")),
        Block(
            "Children in Anytown receive good help. Leaders know their services well.", "text", 1
        ),
        Block("Care leavers are well supported by staff who know them.", "text", 1),
    ]


def _one(doc, kind):
    found = [x for x in doc.lists if x.kind == kind]
    assert found, f"no {kind} list in {[x.kind for x in doc.lists]}"
    return found[0]


def test_improvement_list_survives_glyphs_wraps_pages_footnotes_and_outcome_trailers():
    blocks = [
        *_report_head(),
        Block("What needs to improve?1", "heading", 2),
        Block("• The timeliness of assessments for disabled children.", "item", 2),
        Block("The quality of plans for children in care, so that they are", "item", 2),
        Block("specific and reviewed when circumstances change.", "text", 3),  # next page
        Block("The offer to care leavers who are parents.", "item", 3),
        Block("(Outcome three, National Framework)", "text", 3),
        Block(
            "The experiences and progress of children who need help and protection: good",
            "heading",
            3,
        ),
        Block("1. Children get help early.", "text", 3),
    ]
    improve = _one(_doc(blocks), "improve")
    assert improve.heading == "What needs to improve"
    texts = [i.text for i in improve.items]
    assert len(texts) == 3
    assert texts[0] == "The timeliness of assessments for disabled children."
    assert texts[1].startswith("The quality of plans") and texts[1].endswith(
        "circumstances change."
    )
    assert texts[2].startswith("The offer to care leavers") and "(Outcome three" in texts[2]
    assert improve.item_label(improve.items[2]) == "What needs to improve, item 3"


def test_items_are_exact_slices_of_the_document_text_and_sit_in_a_passage():
    blocks = [
        *_report_head(),
        Block("What needs to improve?", "heading", 2),
        Block("\uf0b7 Management oversight of strategy meetings.", "text", 2),
        Block("\uf0b7 Return home interviews for children who go missing.", "text", 2),
        Block("The experiences and progress of children in care: good", "heading", 2),
    ]
    doc = _doc(blocks)
    improve = _one(doc, "improve")
    assert [i.text for i in improve.items] == [
        "Management oversight of strategy meetings.",
        "Return home interviews for children who go missing.",
    ]
    for item in improve.items:
        assert doc.text[item.start : item.end] == item.text
        assert any(p.start <= item.start and item.end <= p.end for p in doc.passages)


def test_sif_areas_for_improvement_keep_numbered_items_under_area_subheadings():
    blocks = [
        *_report_head(),
        Block("What does the local authority need to improve?", "heading", 3),
        Block("Areas for improvement", "heading", 3),
        Block("Leadership, management and governance", "text", 3),
        Block("1. Ensure that supervision is regular and recorded.", "text", 3),
        Block("2. Improve the quality of return home interviews.", "text", 3),
        Block("Children looked after", "text", 4),
        Block("3. Ensure that pathway plans are updated with young people.", "text", 4),
        Block("The local authority’s strengths", "heading", 4),
        Block("4. Senior leaders know their services well.", "text", 4),
    ]
    doc = _doc(blocks)
    improve = _one(doc, "improve")
    assert [i.marker for i in improve.items] == ["1", "2", "3"]
    assert improve.items[2].text == "Ensure that pathway plans are updated with young people."
    # the printed paragraph numbers stay the passage ids; the items point at them
    labels = {p.label for p in doc.passages}
    assert {"1", "2", "3", "4"} <= labels


def test_council_recommendation_keeps_its_lead_in_and_lettered_items():
    blocks = [
        Block("Cabinet meeting 15 January 2020", "heading"),
        Block("Report of the Director of Children’s Services", "text"),
        Block("1. Report Summary", "text"),
        Block("1.1 This report presents the outcome of the Ofsted inspection to cabinet.", "text"),
        Block("2. Recommendations", "text"),
        Block("2.1 Cabinet is recommended to:", "text"),
        Block("a) note the contents of the Ofsted report at Appendix 1, both areas of", "item"),
        Block("strength and areas for development; and", "text"),
        Block("b) confirm the council’s commitment to improving services.", "item"),
        Block("3. Reasons for Recommendations", "text"),
        Block("3.1 The council has duties to safeguard children.", "text"),
    ]
    doc = _doc(blocks, "council-pack")
    rec = _one(doc, "recommendations")
    assert rec.lead_in == "2.1 Cabinet is recommended to:"
    assert [i.marker for i in rec.items] == ["a)", "b)"]
    assert rec.items[0].text.endswith("areas for development; and")
    assert rec.item_label(rec.items[1]) == "Recommendations, item b)"


def test_ilacs_summary_without_a_heading_is_the_paragraphs_after_the_table():
    blocks = [
        *_report_head(),
        Block("What needs to improve?", "heading", 2),
        Block("The response to homeless 16- and 17-year-olds.", "item", 2),
        Block("The experiences and progress of children in care: good", "heading", 2),
    ]
    summary = _one(_doc(blocks), "summary")
    assert [i.text for i in summary.items] == [
        "Children in Anytown receive good help. Leaders know their services well.",
        "Care leavers are well supported by staff who know them.",
    ]


def test_a_graded_section_after_an_empty_list_heading_is_not_a_list():
    blocks = [
        *_report_head(),
        Block("What needs to improve?", "heading", 2),
        Block("The experiences and progress of children in care: outstanding", "heading", 2),
        Block("1. Children are safe.", "text", 2),
        Block("2. Children are happy.", "text", 2),
    ]
    assert not [x for x in _doc(blocks).lists if x.kind == "improve"]


@pytest.mark.parametrize(
    ("name", "count", "first", "last"),
    [
        ("southend-2024-10-ilacs.md", 4, "The response to children aged 16 and 17", "outside of Southend"),
        ("leeds-2025-08-ilacs.pdf", 2, "The quality and accuracy of children", "(outcome 1, national framework)"),
        ("kent-2017-06-sif.pdf", 10, "Ensure that prompt consideration", "address neglect within families."),
        ("birmingham-2019-01-ilacs.pdf", 6, "The quality, effectiveness and pace", "children in care."),
    ],
)  # fmt: skip
def test_corpus_improvement_lists(name, count, first, last):
    doc = parse_file(CORPUS / name, CORPUS)
    improve = _one(doc, "improve")
    assert len(improve.items) == count
    assert improve.items[0].text.startswith(first)
    assert re.sub(r"\s+", " ", improve.items[-1].text).rstrip().endswith(last) or last in (
        improve.items[-1].text
    )


def test_corpus_council_pack_lists():
    doc = parse_file(CORPUS / "cheshire-east-2020-01-cabinet-ofsted.txt", CORPUS)
    rec = _one(doc, "recommendations")
    assert "Cabinet is recommended to" in rec.lead_in
    assert len(rec.items) == 2 and rec.items[0].text.startswith("note the contents")
    improve = _one(doc, "improve")
    assert len(improve.items) == 5
    assert {p.kind for p in doc.parts if p.slug == improve.part_slug} == {"ilacs_report"}
    staffs = parse_file(CORPUS / "staffordshire-2024-01-cabinet-ofsted.txt", CORPUS)
    recs = [x for x in staffs.lists if x.kind == "recommendations"]
    assert len(recs) == 1  # printed twice in the pack, kept once
    assert recs[0].lead_in == "I recommend that Cabinet:"
    first = recs[0].items[0]
    assert (first.marker, first.text) == (
        "a.",
        "Considers the information contained in the Ofsted report.",
    )


def _reader_with(paths: list[Path], index_dir: Path) -> store.Reader:
    """The build's own writer and reader over parsed files, without the embedder."""
    docs = [parse_file(path, CORPUS) for path in paths]
    passages = [p for d in docs for p in d.passages]
    with store.IndexWriter(index_dir, len(passages), 4) as writer:
        writer.add_vectors(np.zeros((len(passages), 4), dtype="float32"))
        for doc in docs:
            writer.add_document(doc, "")
        writer.add_passages([store.passage_row(i, p, i, "") for i, p in enumerate(passages)], {})
        manifest = writer.finish(model="none", corpus={}, counts={})
    return store.Reader(index_dir, manifest)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_stored_lists_read_newest_first_with_every_item_in_its_passage(tmp_path):
    reader = _reader_with(
        [
            CORPUS / "staffordshire-2019-ilacs-summary.md",
            CORPUS / "staffordshire-2024-01-cabinet-ofsted.txt",
            CORPUS / "kent-2017-06-sif.pdf",
        ],
        tmp_path / "index",
    )
    staffs = reader.lists(authority="Staffordshire", kinds=["improve"])
    assert staffs and staffs[0]["doc_id"] == "staffordshire-2024-01-cabinet-ofsted"
    dates = [x["date"] for x in staffs if x["date"]]
    assert dates == sorted(dates, reverse=True)
    newest = staffs[0]
    assert newest["n_items"] == len(newest["items"]) == 4
    assert newest["items"][2]["label"] == "What needs to improve, item 3"
    for x in reader.lists():
        for item in x["items"]:
            passage = reader.passage(item["passage_id"])
            assert passage is not None, item
            assert _squash(item["text"]) in _squash(passage["text"]) or _squash(
                passage["text"]
            ) in _squash(item["text"])
        assert set(x["passage_ids"]) >= {i["passage_id"] for i in x["items"]}
    kent = reader.lists(doc_id="kent-2017-06-sif", kinds=("improve",))
    assert kent[0]["items"][0]["passage_id"].endswith("/1")  # a printed paragraph number
    rec = reader.lists(authority="Staffordshire", kinds=["recommendations"])
    assert rec and rec[0]["lead_in"] and rec[0]["lead_passage_id"] in rec[0]["passage_ids"]


def test_find_lists_names_parts_when_no_slugs_are_given():
    layout = lay_out([*_report_head(), Block("What needs to improve?", "heading"),
                      Block("Early help.", "item")])  # fmt: skip
    assert {x.part_slug for x in find_lists(layout)} == {"part-0"}
