"""Pooled relevance judgements (eval/judged.py): loading, merging into gold, the pool's counts."""

from __future__ import annotations

import json

import pytest

from eval.judged import format_pool, load_judgements, pool_summary, with_judgements
from eval.metrics import matches_gold
from eval.questions import QuestionFileError
from tests.conftest import ROOT


def _write(tmp_path, rows) -> str:
    path = tmp_path / "judged.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n", encoding="utf-8")
    return str(path)


def test_judged_passages_join_their_question_gold_only(tmp_path):
    path = _write(
        tmp_path,
        [
            {"id": "q1", "passage": "leeds-2025-08-ilacs#ofsted-report/12", "relevant": True},
            {"id": "q1", "passage": "kent-2026-02-ilacs#ofsted-report/3", "relevant": False},
        ],
    )
    judgements = load_judgements([path])
    questions = [
        {"id": "q1", "gold": [{"doc": "norfolk-2023-01-ilacs", "para": "4"}]},
        {"id": "q2", "gold": [{"doc": "norfolk-2023-01-ilacs", "para": "5"}]},
    ]
    merged = with_judgements(questions, judgements)
    assert merged[0]["gold"][-1] == {"passage": "leeds-2025-08-ilacs#ofsted-report/12"}
    assert len(merged[0]["gold"]) == 2 and merged[1] == questions[1]
    assert questions[0]["gold"] == [{"doc": "norfolk-2023-01-ilacs", "para": "4"}]  # untouched


def test_a_passage_entry_matches_that_passage_and_no_other():
    entry = {"passage": "leeds-2025-08-ilacs#ofsted-report/12"}
    same = {"passage_id": "leeds-2025-08-ilacs#ofsted-report/12", "doc_id": "leeds-2025-08-ilacs"}
    other = {"passage_id": "leeds-2025-08-ilacs#ofsted-report/13", "doc_id": "leeds-2025-08-ilacs"}
    assert matches_gold({**same, "label": "12", "text": "x"}, entry)
    assert not matches_gold({**other, "label": "13", "text": "x"}, entry)


@pytest.mark.parametrize(
    "row",
    [
        {"id": "q1", "passage": "no-hash", "relevant": True},
        {"id": "q1", "passage": "a#b/1", "relevant": "yes"},
        {"passage": "a#b/1", "relevant": True},
    ],
)
def test_a_malformed_judgement_names_its_line(tmp_path, row):
    path = _write(tmp_path, [row])
    with pytest.raises(QuestionFileError, match=r"judged\.jsonl:1"):
        load_judgements([path])


def test_pool_counts_relevant_judged_not_and_never_judged(tmp_path):
    path = _write(
        tmp_path,
        [
            {"id": "q1", "passage": "a#r/1", "relevant": True},
            {"id": "q1", "passage": "a#r/2", "relevant": False},
        ],
    )
    result = {
        "questions": [
            {"id": "q1", "top_ids": ["a#r/1", "a#r/2", "a#r/3"], "top_relevant": [1, 0, 0]},
            {"id": "q9", "top_ids": ["z#r/1"], "top_relevant": [0]},  # not judged: left out
        ]
    }
    summary = pool_summary(result, load_judgements([path]))
    assert summary == {
        "questions": 1,
        "passages": 3,
        "relevant": 1,
        "not_relevant": 1,
        "unjudged": 1,
        "precision@5": pytest.approx(1 / 3),
    }
    assert "never judged 1" in format_pool("hybrid", summary)


def test_the_national_judgements_file_loads_and_every_judged_question_exists():
    judgements = load_judgements([ROOT / "eval" / "judged_national.jsonl"])
    ids = set()
    for name in ("questions.jsonl", "questions_holdout.jsonl"):
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(json.loads(line)["id"])
    judged = set(judgements.relevant) | set(judgements.not_relevant)
    assert judged and judged <= ids
