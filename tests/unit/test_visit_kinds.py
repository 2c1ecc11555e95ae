"""Visit letters are told apart by kind (focused, monitoring) wherever a kind is read, and
never graded: grades come from full inspections only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexer.ofsted_site import PUBLICATION_KINDS, Publication, file_name, kind_of
from indexer.parse.documents import parse_file
from indexer.vocab import INSPECTION_KINDS, KINDS, VISIT_KINDS, part_kind, visit_kind
from retriever.catalogue import Catalogue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "visits"
MONITORING = FIXTURES / "bournemouth-christchurch-poole-2022-10-monitoring-visit.md"
FOCUSED = FIXTURES / "staffordshire-2021-03-focused-visit.md"


def test_a_monitoring_visit_letter_is_a_monitoring_visit_dated_by_its_visit():
    doc = parse_file(MONITORING, FIXTURES)
    (part,) = doc.parts
    assert part.kind == doc.meta.kind == "monitoring_visit"
    assert part.title.startswith("Monitoring visit to Bournemouth")
    assert (part.inspection_start, part.inspection_end) == ("2022-09-06", "2022-09-07")
    assert part.published == "2022-10-18"  # the date the letter is printed with
    assert doc.meta.authority == "Bournemouth, Christchurch and Poole"
    summary = [x for x in doc.lists if x.kind == "summary"]
    assert summary and summary[0].heading == "Headline findings"


def test_a_focused_visit_letter_stays_a_focused_visit():
    doc = parse_file(FOCUSED, FIXTURES)
    assert [p.kind for p in doc.parts] == ["focused_visit"]
    assert doc.parts[0].inspection_end == "2021-02-10"
    assert any(x.kind == "improve" for x in doc.lists)


def test_a_visit_letter_gives_no_grade_though_it_names_the_last_one():
    text = MONITORING.read_text(encoding="utf-8")
    assert "judged inadequate in February 2022" in text
    assert parse_file(MONITORING, FIXTURES).judgements == []


def test_a_letter_whose_title_is_not_found_is_named_by_its_file(tmp_path):
    letter = tmp_path / "barnet-2026-10-monitoring-visit.txt"
    letter.write_text(
        "Barnet children's services\n\nInspectors found that plans for children are "
        "reviewed on time and that supervision is regular.\n",
        encoding="utf-8",
    )
    doc = parse_file(letter, tmp_path)
    assert [p.kind for p in doc.parts] == ["monitoring_visit"]
    assert doc.passages[0].passage_id.startswith(
        "barnet-2026-10-monitoring-visit#monitoring-visit/"
    )


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Monitoring visit to Barnet children's services", "monitoring_visit"),
        ("Focused visit to Leeds City Council children's services", "focused_visit"),
        ("barnet-2026-10-monitoring-visit", "monitoring_visit"),
        ("leeds-2023-02-focused-visit", "focused_visit"),
        ("Inspection of Leeds local authority children's services", None),
    ],
)
def test_visit_kind_from_a_title_or_a_file_name(text, kind):
    assert visit_kind(text) == kind


def test_the_reports_site_and_the_parser_name_each_kind_alike():
    """What `ofsted-qa national` saves a publication as names the part kind the parser
    gives its text, for every kind the site lists that the product indexes as a report."""
    label = "Monitoring visit - 14 Oct 2026, pdf"
    pub = Publication("https://x/v1/file/1", kind_of(label), date(2026, 10, 14), label)
    saved = file_name("barnet", pub, set())
    assert saved == "barnet-2026-10-monitoring-visit.pdf"
    assert visit_kind(saved) == part_kind(pub.kind) == "monitoring_visit"
    for slug in ("ilacs", "focused-visit", "monitoring-visit"):
        assert slug in PUBLICATION_KINDS
        assert part_kind(slug) in INSPECTION_KINDS
    assert part_kind("monitoring-visit") == "monitoring_visit"
    assert part_kind("focused-visit") == "focused_visit"
    assert set(VISIT_KINDS) <= set(KINDS) and "ilacs_report" not in VISIT_KINDS


class _Reader:
    """The three things a Catalogue reads at open, over plain rows."""

    def documents(self):
        return {
            d: {"doc_id": d, "authority": "Barnet", "date": date, "title": d}
            for d, date in (("barnet-2024-ilacs", "2024-03-01"), ("barnet-2025-mv", "2025-03-01"))
        }

    def parts(self):
        return {
            ("barnet-2024-ilacs", "ofsted-report"): {
                "doc_id": "barnet-2024-ilacs",
                "slug": "ofsted-report",
                "kind": "ilacs_report",
            },
            ("barnet-2025-mv", "monitoring-visit"): {
                "doc_id": "barnet-2025-mv",
                "slug": "monitoring-visit",
                "kind": "monitoring_visit",
            },
        }

    def judgements(self):
        row = {"authority": "Barnet", "area": "Overall effectiveness", "passage_id": "p"}
        return [
            {**row, "doc_id": "barnet-2024-ilacs", "part_slug": "ofsted-report",
             "inspection_date": "2024-02-01", "grade": "Inadequate"},
            {**row, "doc_id": "barnet-2025-mv", "part_slug": "monitoring-visit",
             "inspection_date": "2025-02-01", "grade": "Good"},
        ]  # fmt: skip


def test_grades_are_read_from_full_inspections_only():
    """A row stored against a visit (an index built before visits were told apart) is no
    grade: the grades, trend and across-council answers all read Catalogue.judgements."""
    catalogue = Catalogue(_Reader())
    assert [r["doc_id"] for r in catalogue.judgements] == ["barnet-2024-ilacs"]
    assert [r["grade"] for r in catalogue.judgements_of(["Barnet"])] == ["Inadequate"]


@pytest.mark.parametrize(
    "question, kinds, months",
    [
        ("What did the latest monitoring visit to Barnet find?", ("monitoring_visit",), ()),
        ("latest focused visit to Leeds", ("focused_visit",), ()),
        (
            "What did Ofsted find when it visited Kent in March 2025?",
            INSPECTION_KINDS,
            ("2025-03",),
        ),
        ("What did Ofsted say about Kent's care leavers in 2025?", (), ()),
        ("Ofsted visited Kent, what did they say?", (), ()),
    ],
)
def test_the_report_kind_and_month_are_slots_read_by_rule(question, kinds, months):
    from retriever.understand.question import parse_question

    intent = parse_question(question, ["Barnet", "Kent", "Leeds"], [2024, 2025])
    assert set(intent.kinds) == set(kinds)
    assert intent.months == months
