"""The gold questions for answer shapes: they load, they are read as the shape they are
about, and what their answers must carry is printed in the corpus."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from eval.questions import load_questions
from indexer.parse.documents import parse_file
from retriever.understand.question import parse_question
from tests.conftest import CORPUS, ROOT

FILES = [ROOT / "eval" / "questions.jsonl", ROOT / "eval" / "questions_holdout.jsonl"]


@lru_cache(maxsize=1)
def _docs() -> dict:
    files = [f for f in sorted(CORPUS.iterdir()) if f.name != "catalog.csv"]
    return {d.meta.doc_id: d for d in (parse_file(f, CORPUS) for f in files)}


def _shaped(path: Path) -> list[dict]:
    return [q for q in load_questions(path) if "shape" in q]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).lower().strip()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_has_at_least_twenty_shaped_questions_over_the_shapes(path):
    shaped = _shaped(path)
    assert len(shaped) >= 20
    assert {"improve", "recommendations", "briefing", "trend", "which", "fact", "grades"} <= {
        q["shape"] for q in shaped
    }
    assert any(not q["answerable"] for q in shaped)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shaped_questions_are_read_as_their_shape(path):
    docs = _docs()
    authorities = sorted({d.meta.authority for d in docs.values()})
    for q in _shaped(path):
        intent = parse_question(q["question"], authorities, list(range(2014, 2027)), q["history"])
        assert intent.shape == q["shape"], q["id"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_what_answers_must_carry_is_printed_in_the_corpus(path):
    docs = _docs()
    for q in _shaped(path):
        if not q["answerable"]:
            continue
        if "doc" in q:
            text = _squash(docs[q["doc"]].text)
            for wanted in [*q.get("items", []), *q.get("answer_contains", [])]:
                assert _squash(wanted) in text, (q["id"], wanted)
        for entry in q["gold"]:
            passages = docs[entry["doc"]].passages
            assert any(
                p.label == entry["para"] if "para" in entry else
                _squash(entry["contains"]) in _squash(p.text)
                for p in passages
            ), (q["id"], entry)  # fmt: skip
