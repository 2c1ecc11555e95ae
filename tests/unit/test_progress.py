"""The build's progress: the passage total estimated from file sizes and corrected as files
are read, and a bar that in a log writes a line now and then, not one per update."""

from __future__ import annotations

import io

from indexer.progress import MEGABYTE, Bar, PassageEstimate, log_line


def test_the_estimate_is_corrected_file_by_file_and_exact_once_all_are_read():
    estimate = PassageEstimate({"a.pdf": 2 * MEGABYTE, "b.pdf": 2 * MEGABYTE, "c.md": 0})
    before = estimate.total()
    assert before > 0  # a total from the start, for an ETA
    estimate.read("a.pdf", 100)  # 50 per MB here: b.pdf is now thought to hold 100
    assert estimate.total() == 200
    estimate.read("b.pdf", 130)
    estimate.read("c.md", 3)
    assert estimate.total() == 233


def test_a_file_not_indexed_counts_nothing():
    estimate = PassageEstimate({"a.pdf": MEGABYTE, "bad.pdf": MEGABYTE})
    estimate.read("bad.pdf", 0)
    estimate.read("a.pdf", 40)
    assert estimate.total() == 40


def test_each_file_type_has_its_own_rate():
    estimate = PassageEstimate({"a.md": MEGABYTE, "b.pdf": MEGABYTE, "c.md": MEGABYTE})
    pdf_prior = estimate.per_mb(".pdf")
    estimate.read("a.md", 2000)
    assert estimate.per_mb(".md") == 2000 and estimate.per_mb(".pdf") == pdf_prior


def test_a_log_gets_a_line_per_interval_and_one_at_the_end():
    stream = io.StringIO()
    bar = Bar("Indexing", "passage", 10_000, stream=stream, interval=3600)
    for _ in range(10_000):
        bar.update(1)
    bar.close()
    bar.close()
    assert stream.getvalue().splitlines() == [stream.getvalue().strip()]
    assert stream.getvalue().startswith("Indexing: 10,000/10,000 passages (100%)")

    stream = io.StringIO()
    bar = Bar("Indexing", "passage", 3, stream=stream, interval=0)
    for _ in range(3):
        bar.update(1)
    bar.close()
    assert len(stream.getvalue().splitlines()) == 4


def test_a_log_line_says_how_long_is_left():
    line = log_line("Indexing", 1000, 4000, "passage", "files 10/40", 60.0)
    assert line == (
        "Indexing: 1,000/4,000 passages (25%), files 10/40, 1:00 elapsed, about 3:00 left"
    )


def test_a_total_never_falls_below_what_is_done():
    bar = Bar("Indexing", "passage", 10, stream=io.StringIO(), interval=3600)
    bar.update(8)
    bar.set_total(5)
    assert bar.total == 8
