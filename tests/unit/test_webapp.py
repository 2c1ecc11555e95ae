"""The app package's pure parts: file names, corpus changes, progress, Markdown escaping."""

from __future__ import annotations

import pytest

from webapp.render import answer_markdown, highlighted_markdown, md_escape, stream_chunks
from webapp.sidebar import year_filter
from webapp.staleness import corpus_changes
from webapp.uploads import safe_name
from webapp.views.grades import grade_band
from webapp.worker import progress_fraction


def test_safe_name():
    assert safe_name("Reports/Leeds ILACS 2025.PDF") == "leeds-ilacs-2025.pdf"
    assert safe_name("C:\\tmp\\x.md") == "x.md"
    for bad in ("../../etc/passwd.txt", "..\\..\\x.txt", "noext", "...", ".txt"):
        with pytest.raises(ValueError):
            safe_name(bad)


def test_changed_and_removed_files_are_reported():
    indexed = {"a.md": "1", "b.md": "2", "c.pdf": "3"}
    corpus = {"a.md": "1", "b.md": "22", "d.txt": "4"}
    assert corpus_changes(corpus, indexed) == {
        "added": ["d.txt"],
        "removed": ["c.pdf"],
        "changed": ["b.md"],
    }
    assert not any(corpus_changes(indexed, dict(indexed)).values())


def test_build_progress_fills_the_bar_in_order():
    """The rebuild button's progress bar follows the build's stages, in order."""
    fractions = [
        progress_fraction(stage, i, 4) for stage in ("Reading", "Embedding") for i in range(5)
    ]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and 0.9 < fractions[-1] < 1.0
    assert progress_fraction("Embedding", 0, 0) < 1.0


def test_markdown_escaping_keeps_only_the_apps_own_markup():
    escaped = md_escape("<b>x</b> **y** [z](javascript:1) :red[w] $m$")
    assert not any(c in escaped for c in "<>*[]()$") and "&#60;b&#62;" in escaped
    answer = answer_markdown("Summary line\n- A point [1] <img src=x>\n- Another [2]")
    assert answer.startswith("**Summary line**") and "**[1]**" in answer and "<img" not in answer
    marked = highlighted_markdown("One. Two <i>x</i>. Three.", ["Two <i>x</i>."])
    assert marked.count(":orange-background[") == 1 and "<i>" not in marked
    assert list(stream_chunks("a\n\nb")) == ["a\n", "\n", "b"]


def test_year_range_and_grade_bands():
    assert year_filter((2019, 2024), [2019, 2020, 2024]) is None
    assert year_filter((2020, 2023), [2019, 2020, 2024]) == [2020]
    assert year_filter((2021, 2023), [2019, 2020, 2024]) == []
    assert grade_band("Requires improvement to be good") == "Requires improvement"
    assert grade_band("Not graded") == "Other"


def intent(shape="topic", authorities=(), asks_count=False):
    from retriever.understand.question import QuestionIntent

    return QuestionIntent(
        "q", "q", "q", authorities=authorities, shape=shape, asks_count=asks_count
    )


def test_my_council_resolves_we_and_unnamed_questions_but_not_questions_across_councils():
    from webapp.council import from_slug, likely_councils, resolve, slug

    held = ["Barnet", "Bournemouth, Christchurch and Poole", "Leeds"]
    assert slug("Bournemouth, Christchurch and Poole") == "bournemouth-christchurch-and-poole"
    assert from_slug("barnet", held) == "Barnet"
    assert from_slug("bournemouth-christchurch-and-poole", held).startswith("Bournemouth")
    assert from_slug("gotham", held) is None and from_slug(None, held) is None
    we = resolve("How did we do at our last inspection?", intent("briefing"), "Barnet")
    assert we.question == "How did we do at our last inspection?"  # the council goes apart
    assert we.council == "Barnet" and not we.needs_council
    assert resolve("what needs to improve", intent("improve"), "Barnet").council == "Barnet"
    named = resolve("How did Leeds do?", intent("grades", ("Leeds",)), "Barnet")
    assert named.question == "How did Leeds do?" and named.council is None
    across = resolve("which councils are inadequate?", intent("which"), "Barnet")
    assert across.council is None and not across.needs_council
    counted = resolve("how many councils are good", intent("which", asks_count=True), "Barnet")
    assert counted.council is None
    # No council chosen: a "we" question, or one only one council can answer, asks which.
    assert resolve("How did we do?", intent("briefing"), None).needs_council
    assert resolve("who led the inspection", intent("fact"), None).needs_council
    assert not resolve("care leaver accommodation", intent("topic"), None).needs_council
    assert likely_councils(["Leeds"], ["Barnet", "Leeds", "Gotham"], held) == ["Leeds", "Barnet"]


def test_citation_markers_link_to_their_cards_each_in_its_own_tint():
    from webapp.render import TINTS, clean_label, ref_anchor, tint, without_closest

    marked = answer_markdown("Head\n- a point [1] and [2]", anchors="t1")
    assert f":{tint(1)}-background[[**[1]**](#{ref_anchor('t1', 1)})]" in marked
    assert f"(#{ref_anchor('t1', 2)})" in marked and tint(1) != tint(2)
    assert tint(1) == tint(1 + len(TINTS))
    assert clean_label("Leeds report, Jan 2025, Report Summary, Report Summary") == (
        "Leeds report, Jan 2025, Report Summary"
    )
    assert clean_label("Kent report, said,, Introduction") == "Kent report, said, Introduction"
    text = "Nothing covers this.\nThe closest passages are:\n- Leeds, para 3\n- Kent, para 4"
    assert without_closest(text) == "Nothing covers this."


def judgement(council, date, area, grade, doc="d"):
    return {
        "authority": council,
        "inspection_date": date,
        "area": area,
        "grade": grade,
        "passage_id": f"{doc}#ofsted-report/Judgements table",
    }


def test_grades_one_row_per_inspection_newest_first_overall_first_clean_names():
    from webapp.neighbours import COLUMNS, inspection_rows, neighbour_table

    rows = [
        judgement("Barnet", "2016-07-01", "Leadership, management and governance", "Inadequate"),
        judgement("Barnet", "2016-07-01", "Overall effectiveness", "Inadequate"),
        judgement(
            "Barnet", "2016-07-01", "The LSCB is not yet demonstrating the characteristics of", "x"
        ),
        judgement("Barnet", "2023-03-01", "Overall effectiveness", "Outstanding", "new"),
        judgement(
            "Barnet",
            "2023-03-01",
            "The experiences and progress of care leavers",
            "Requires improvement to be good",
            "new",
        ),  # fmt: skip
        judgement("Waltham Forest", "2022-01-01", "Overall effectiveness", "Good"),
        judgement("Leeds", "2025-07-04", "Overall effectiveness", "Inadequate"),
    ]
    table = inspection_rows(rows, "Barnet")
    assert [t["Inspection"] for t in table] == ["2023-03-01", "2016-07-01"]
    assert [t["Framework"] for t in table] == ["ILACS", "SIF"]
    labels = [label for _, label in COLUMNS]
    assert [k for k in table[0] if k in labels][0] == "Overall effectiveness"
    assert table[0]["Care leavers"] == "Requires improvement"  # the grade whole, by family
    assert table[1]["Leaders"] == "Inadequate"
    assert table[0]["Passage"] == "new#ofsted-report/Judgements table"
    assert not any("LSCB" in str(v) for t in table for v in t.values())
    neighbours, _ = neighbour_table(rows, "Barnet")
    assert [n["Council"] for n in neighbours] == ["Barnet", "Waltham Forest", "London", "England"]
    assert neighbours[2]["Overall effectiveness"] == "100%"  # London: both good or better
    assert neighbours[3]["Overall effectiveness"] == "67%"  # England: Leeds inadequate
