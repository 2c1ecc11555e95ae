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
