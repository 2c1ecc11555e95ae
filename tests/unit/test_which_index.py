"""The sidebar says which index the app serves; `make run` serves the national one when
`make national` built it."""

from __future__ import annotations

from pathlib import Path

from webapp.which_index import index_label

ROOT = Path(__file__).resolve().parents[2]


def test_the_label_names_the_national_or_the_sample_index(tmp_path):
    assert index_label(tmp_path / "national-index", 470).startswith("National index: every")
    assert index_label(Path("index"), 10).startswith("Sample index of the shipped corpus (10")
    assert index_label(tmp_path / "other", 3) == "Index other/ (3 documents)"
    shared = index_label("postgresql://u:secret@db/ofsted", 5)
    assert "secret" not in shared and "postgresql" not in shared


def test_make_run_serves_the_national_index_when_it_exists():
    makefile = (ROOT / "Makefile").read_text()
    national = makefile.split("\nnational:", 1)[1].split("\n\n", 1)[0]
    assert "ofsted-qa national --update" in national and "--index $(NATIONAL_INDEX)" in national
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "[ -e $(NATIONAL_INDEX)/manifest.json ]" in run
    assert (
        "OFSTED_QA_INDEX=$(NATIONAL_INDEX)" in run and "$(MAKE) --no-print-directory index" in run
    )
