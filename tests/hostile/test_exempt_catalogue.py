"""Every exempt-marker variant, both ways: the secret never indexed, the public text kept."""

from __future__ import annotations

import sqlite3
import string

import pytest

from indexer import build_index
from indexer.parse.documents import parse_file
from retriever import Retriever

from .catalogue import EXEMPT_VARIANTS, PUBLIC_LOOKALIKES, Variant
from .conftest import index_bytes


def _letters(n: int) -> str:
    return string.ascii_lowercase[n // 26] + string.ascii_lowercase[n % 26]


def tokens(n: int) -> tuple[str, str]:
    """A public and a secret word unique to one catalogue row."""
    return f"Publicword{_letters(n)}", f"Secretname{_letters(n)}"


VARIANT_IDS = [v.name for v in EXEMPT_VARIANTS]


def test_the_catalogue_holds_at_least_fifty_variants_in_every_format():
    assert len(EXEMPT_VARIANTS) >= 50
    assert len(set(VARIANT_IDS)) == len(VARIANT_IDS)
    assert {v.suffix for v in EXEMPT_VARIANTS} >= {".txt", ".md", ".html", ".docx", ".pdf"}


def _write(variant: Variant, n: int, folder):
    pub, sec = tokens(n)
    return variant.write(folder / f"{variant.name}{variant.suffix}", pub, sec), pub, sec


@pytest.mark.parametrize("n", range(len(EXEMPT_VARIANTS)), ids=VARIANT_IDS)
def test_parsing_cuts_the_secret_and_keeps_the_public_paragraph(tmp_path, n):
    path, pub, sec = _write(EXEMPT_VARIANTS[n], n, tmp_path)
    doc = parse_file(path, tmp_path)
    text = "\n".join(p.text for p in doc.passages)
    assert sec not in text, "exempt text was kept"
    assert pub in text, "the public paragraph before the marker was lost"
    assert doc.left_out, "the build must say something was left out"
    for note in doc.left_out:  # the vocabulary's words, never the printed marker line
        assert sec not in note and "Acacia" not in note and "Child X" not in note
    assert sec not in doc.meta.title


@pytest.fixture(scope="module")
def catalogue_index(tmp_path_factory):
    """One real index over every variant and every look-alike (one build for all)."""
    root = tmp_path_factory.mktemp("catalogue")
    corpus = root / "corpus"
    corpus.mkdir()
    for n, variant in enumerate(EXEMPT_VARIANTS):
        _write(variant, n, corpus)
    for m, (name, head) in enumerate(PUBLIC_LOOKALIKES.items(), start=len(EXEMPT_VARIANTS)):
        pub, sec = tokens(m)
        (corpus / f"{name}.txt").write_text(
            f"{head}{_lookalike_body(pub)}\n\nDocument is Restricted\n\n"
            f"9. The child {sec} Quartermaine lives at Acacia Avenue.\n",
            encoding="utf-8",
        )
    index = root / "index"
    report = build_index(corpus, index, progress=False)
    return index, report, Retriever.open(index)


def _lookalike_body(pub: str) -> str:
    return (
        "Report title: Ofsted inspection of children's services\n\n"
        f"4. The inspection found that {pub} care leavers are well supported by personal "
        "advisers.\n\n"
        f"5. Leaders know {pub} services well and have improved practice since the last "
        "inspection."
    )


@pytest.mark.parametrize("n", range(len(EXEMPT_VARIANTS)), ids=VARIANT_IDS)
def test_the_index_and_search_hold_no_exempt_text(catalogue_index, n):
    index, report, retriever = catalogue_index
    pub, sec = tokens(n)
    assert sec.encode() not in index_bytes(index)
    with sqlite3.connect(index.resolve() / "passages.sqlite") as conn:
        public = conn.execute(
            "SELECT count(*) FROM passages WHERE text LIKE ?", (f"%{pub}%",)
        ).fetchone()[0]
    assert public >= 1, "the public paragraph before the marker is not in the index"
    for mode in ("lexical", "hybrid"):
        for hit in retriever.search(f"{sec} Quartermaine emergency accommodation", k=10, mode=mode):
            assert sec not in hit.passage["text"]
    notes = " ".join(reason for _, reason in report.left_out)
    assert sec not in notes and "Acacia" not in notes


@pytest.mark.parametrize("n", range(len(PUBLIC_LOOKALIKES)), ids=list(PUBLIC_LOOKALIKES))
def test_public_papers_that_only_look_exempt_lose_nothing(catalogue_index, n):
    """An agenda announcing a later exempt item does not drop the public report after it."""
    index, _, retriever = catalogue_index
    pub, sec = tokens(len(EXEMPT_VARIANTS) + n)
    with sqlite3.connect(index.resolve() / "passages.sqlite") as conn:
        texts = [r[0] for r in conn.execute("SELECT text FROM passages")]
    kept = " ".join(t for t in texts if pub in t)
    for sentence in ("are well supported by personal advisers", "have improved practice"):
        assert sentence in kept, "the public report after the agenda was dropped"
    hits = retriever.search(f"{pub} care leavers personal advisers", k=5, mode="lexical")
    assert any(pub in h.passage["text"] for h in hits)
    assert sec.encode() not in index_bytes(index)
