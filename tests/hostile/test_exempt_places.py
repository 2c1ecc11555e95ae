"""Exempt markings wherever a file carries them: one build over a generated corpus (wordings x
places x spellings, five formats), then every byte the build wrote is searched for secrets.

The build runs through the command line, so what it prints (its log) is searched too. The
files it writes are the index (followed through its link to the build folder), the parse
cache beside it, and the build folders.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3

import pytest

from ofsted_cli import main as cli

from .exempt_places import CASES, control_paragraphs, write_control

pytestmark = pytest.mark.model  # one real build, through the command line

CASE_IDS = [c.name for c in CASES]
CONTROLS = list(control_paragraphs("x"))
RELEASED = "released-after-checking"


def _tokens(n: int) -> tuple[str, str]:
    """A public and a secret word unique to one case (letters only: one token to BM25)."""
    letters = "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in f"{n:03d}")
    return f"Publicword{letters}", f"Secretname{letters}"


def _control_token(name: str) -> str:
    return f"Controlword{name.split('-')[1]}{len(name)}x"


@pytest.fixture(scope="module")
def places_build(tmp_path_factory):
    """One real build over every case, every control and a file released in catalog.csv:
    (root of everything written, the index, what the command printed)."""
    root = tmp_path_factory.mktemp("places")
    corpus = root / "corpus"
    corpus.mkdir()
    for n, case in enumerate(CASES):
        pub, sec = _tokens(n)
        case.write(corpus / f"{case.name}{case.suffix}", pub, sec)
    for name in CONTROLS:
        write_control(corpus, name, _control_token(name))
    released = next(c for c in CASES if c.name.startswith("docx-title-property"))
    released.write(corpus / f"{RELEASED}.docx", "Releasedpublic", "Releasedchecked")
    (corpus / "catalog.csv").write_text(
        f"file,release\n{RELEASED}.docx,checked by the clerk on 1 February 2024\n",
        encoding="utf-8",
    )
    index = root / "index"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(["index", str(corpus), "--index", str(index), "--quiet"])
    assert code == 0, err.getvalue()
    return root, index, out.getvalue() + err.getvalue()


def _written(root) -> bytes:
    """Every file the build wrote (all but the corpus), links followed to their builds."""
    corpus = root / "corpus"
    files = [p for p in root.rglob("*") if p.is_file() and corpus not in p.parents]
    index_link = root / "index"
    if index_link.is_symlink():
        files += [p for p in index_link.resolve().rglob("*") if p.is_file()]
    assert any(p.suffix == ".pickle" for p in files), "the parse cache was not written"
    assert any(p.name == "passages.sqlite" for p in files)
    return b"".join(p.read_bytes() for p in sorted(set(files)))


def _passages(index) -> str:
    with sqlite3.connect(index.resolve() / "passages.sqlite") as conn:
        return "\n".join(r[0] for r in conn.execute("SELECT text FROM passages"))


def test_the_generated_corpus_holds_sixty_cases_over_five_formats():
    assert len(CASES) >= 60
    assert len(set(CASE_IDS)) == len(CASE_IDS)
    assert {c.suffix for c in CASES} == {".txt", ".md", ".html", ".docx", ".pdf"}
    assert all(sum(c.suffix == s for c in CASES) >= 5 for s in (".txt", ".html", ".docx", ".pdf"))


def test_no_secret_is_written_anywhere_by_the_build(places_build):
    root, _, log = places_build
    written = _written(root)
    leaked = [
        name
        for n, name in enumerate(CASE_IDS)
        if _tokens(n)[1].encode() in written or _tokens(n)[1] in log
    ]
    assert leaked == [], f"{len(leaked)} of {len(CASES)} cases leaked: {leaked}"
    assert "Acacia" not in log  # (the released file, indexed in full, names it too)


@pytest.mark.parametrize("n", range(len(CASES)), ids=CASE_IDS)
def test_each_case_is_withheld_or_cut_as_its_marking_says(places_build, n):
    _, index, log = places_build
    case = CASES[n]
    pub, sec = _tokens(n)
    passages = _passages(index)
    assert sec not in passages
    withheld_line = f"Withheld {case.name}{case.suffix}: not indexed: it carries "
    if case.scope == "whole":
        assert withheld_line in log, "a file marked as a whole must be withheld and named"
        assert pub not in passages
    else:
        assert withheld_line not in log
        assert pub in passages, "the public paragraph before a body marking was lost"
        assert f"Left out of {case.name}: " in log


def test_the_summary_names_the_words_and_the_place_never_the_text(places_build):
    _, _, log = places_build
    lines = [line for line in log.splitlines() if line.startswith("Withheld ")]
    assert len(lines) == sum(c.scope == "whole" for c in CASES)
    meta = next(line for line in lines if "html-meta-" in line)
    assert "a meta tag" in meta and "('" in meta
    prop = next(line for line in lines if "docx-custom-property-0" in line)
    assert "custom properties" in prop and "official sensitive" in prop
    stamp = next(line for line in lines if "pdf-stamp-page-1" in line)
    assert "page 1" in stamp
    form = next(line for line in lines if "pdf-form-field" in line)
    assert "a form field" in form
    doubt = next(line for line in lines if "txt-cannot-be-placed-1" in line)
    assert "could not be placed ('exempt')" in doubt
    for line in lines:
        assert "Quartermaine" not in line and "Acacia" not in line


@pytest.mark.parametrize("name", CONTROLS)
def test_public_papers_that_only_look_exempt_are_indexed_whole(places_build, name):
    _, index, log = places_build
    passages = _passages(index)
    token = _control_token(name)
    assert token in passages, "a control's paragraph was not indexed"
    suffix, paragraphs = control_paragraphs(token)[name]
    for paragraph in paragraphs:  # (short numbered lines are section titles, not passages)
        if len(paragraph) > 100:
            assert paragraph.split(". ", 1)[-1][:50] in passages
    assert f"Withheld {name}{suffix}" not in log and f"Left out of {name}:" not in log


def test_a_file_released_in_the_catalogue_is_indexed_and_the_release_recorded(places_build):
    _, index, log = places_build
    passages = _passages(index)
    assert "Releasedchecked" in passages and "Releasedpublic" in passages
    manifest = json.loads((index.resolve() / "manifest.json").read_text(encoding="utf-8"))
    release = manifest["released"][RELEASED]
    assert release["file"] == f"{RELEASED}.docx"
    assert release["release"] == "checked by the clerk on 1 February 2024"
    assert len(release["sha256"]) == 64
    assert f"Released {RELEASED}.docx: indexed in full" in log
    assert manifest["counts"]["withheld"] == sum(c.scope == "whole" for c in CASES)
