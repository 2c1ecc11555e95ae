"""The retrieval evaluation: gold matching, metrics, the baseline's coverage, a quality floor."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from eval.baseline import Chunk, ParagraphLookup, chunk_matches, coverage, covers, split_corpus
from eval.metrics import (
    base_label,
    matches_any,
    matches_gold,
    mean_scores,
    ndcg_at_k,
    normalise,
    percentile,
    question_scores,
    recall_at_k,
    reciprocal_rank,
)
from eval.questions import QuestionFileError, load_questions, retrieval_query

ROOT = Path(__file__).resolve().parents[2]

# Measured on the real corpus (hybrid, eval/questions.jsonl, 2026-11-26): Recall@5 0.973,
# MRR@10 0.849; abstained on 11 of 13 unanswerable questions, answered 75 of 75.
RECALL5_FLOOR = 0.92
MRR10_FLOOR = 0.80
# The held-out retrieval questions (hybrid, 2026-11-27): nDCG@10 0.814 with the topic embedded
# under a council filter and dense weight 0.6; 0.768 before (docs/quality.md).
HOLDOUT_NDCG10_FLOOR = 0.78
# PostgreSQL ranks the lexical stage by ts_rank, not BM25: 0.783 there on 2026-12-07, against
# 0.834 in the folder store (q104's "out-of-hours" is not found by ts_rank). 0.773 when a
# topic question was read as grades (q098's "what did the inspection say about the Kent
# Safeguarding Children Board?") and ranked the judgement table first.
HOLDOUT_NDCG10_FLOOR_POSTGRES = 0.78
ABSTENTION_FLOOR = 0.80
ANSWER_RATE_FLOOR = 0.95


def passage(doc="staffordshire-2024-01-cabinet-ofsted", label="35", kind="ilacs_report", text=""):
    return {
        "passage_id": f"{doc}#part/{label}",
        "doc_id": doc,
        "part": {"slug": "part", "kind": kind, "title": "t"},
        "label": label,
        "text": text,
    }


# -- gold matching ------------------------------------------------------------------------
def test_para_match_needs_doc_label_and_kind():
    p = passage()
    assert matches_gold(p, {"doc": "staffordshire-2024-01-cabinet-ofsted", "para": "35"})
    assert matches_gold(
        p, {"doc": "staffordshire-2024-01-cabinet-ofsted", "para": "35", "kind": "ilacs_report"}
    )
    assert not matches_gold(
        p, {"doc": "staffordshire-2024-01-cabinet-ofsted", "para": "35", "kind": "cabinet_report"}
    )
    assert not matches_gold(p, {"doc": "staffordshire-2024-01-cabinet-ofsted", "para": "3"})
    assert not matches_gold(p, {"doc": "southend-2024-10-ilacs", "para": "35"})
    assert matches_gold(p, {"doc": "*", "para": "35"})


def test_label_suffix_is_ignored():
    assert base_label("Summary (2)") == "Summary"
    assert base_label("5.10.4") == "5.10.4"
    assert matches_gold(passage(label="Summary (3)"), {"doc": "*", "para": "Summary"})
    assert not matches_gold(passage(label="Summary (3)"), {"doc": "*", "para": "Summary (2)"})


def test_contains_is_case_whitespace_and_quote_insensitive():
    text = "Care leavers\u2019 accommodation is\n  UNSUITABLE, with \u201cbed and  breakfast\u201d use."
    p = passage(text=text)
    assert matches_gold(p, {"doc": "*", "contains": "care leavers' accommodation is unsuitable"})
    assert matches_gold(p, {"doc": "*", "contains": 'with "bed and breakfast" use'})
    assert not matches_gold(p, {"doc": "*", "contains": "emergency accommodation"})
    assert not matches_gold(
        p, {"doc": "*", "contains": "bed and breakfast", "kind": "cabinet_report"}
    )
    assert normalise("  A\u00a0\tB\u2013C ") == "a b-c"


def test_any_gold_entry_matches():
    gold = [{"doc": "x", "para": "1"}, {"doc": "*", "contains": "lado"}]
    assert matches_any(passage(text="The LADO service is effective."), gold)
    assert not matches_any(passage(text="Nothing relevant."), gold)


# -- metrics ------------------------------------------------------------------------------
def test_recall_and_mrr():
    rels = [False, False, True, False, True]
    assert recall_at_k(rels, 1) == 0.0
    assert recall_at_k(rels, 3) == 1.0
    assert reciprocal_rank(rels, 10) == pytest.approx(1 / 3)
    assert reciprocal_rank(rels, 2) == 0.0
    assert reciprocal_rank([], 10) == 0.0


def test_ndcg_binary_with_ideal_count():
    assert ndcg_at_k([True, True], 2) == pytest.approx(1.0)
    # one relevant at rank 2, two possible: (1/log2 3) / (1 + 1/log2 3)
    expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k([False, True], 2) == pytest.approx(expected)
    # the ideal is capped at k, and never below what was actually found
    assert ndcg_at_k([True] * 10, 50, k=10) == pytest.approx(1.0)
    assert ndcg_at_k([True, True, True], 1) == pytest.approx(1.0)
    assert ndcg_at_k([False] * 10, 3) == 0.0
    assert ndcg_at_k([], 0) == 0.0


def test_question_scores_and_means():
    a = question_scores([False, True] + [False] * 8, 1)
    b = question_scores([False] * 10, 1)
    assert a["first_rank"] == 2 and b["first_rank"] is None
    means = mean_scores([a, b])
    assert means["recall@1"] == 0.0
    assert means["recall@5"] == 0.5
    assert means["mrr@10"] == pytest.approx(0.25)
    assert mean_scores([])["recall@5"] == 0.0


def test_percentile():
    assert percentile([], 50) == 0.0
    assert percentile([3, 1, 2], 50) == 2
    assert percentile([0, 10], 95) == pytest.approx(9.5)


# -- question files ----------------------------------------------------------------------
def test_gold_files_load():
    for name in ("questions.jsonl", "questions_holdout.jsonl", "questions_dev.jsonl"):
        questions = load_questions(ROOT / "eval" / name)
        assert questions and all(q["gold"] for q in questions if q["answerable"])


def test_followup_query_prepends_history():
    q = {"question": "and in Southend?", "history": ["What about care leavers?"]}
    assert retrieval_query(q) == "What about care leavers? and in Southend?"


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json\n", "not valid JSON"),
        ('{"id": "a", "question": "q?", "answerable": true, "gold": []}\n', "at least one gold"),
        ('{"id": "a", "question": "q?", "answerable": "yes", "gold": []}\n', "answerable"),
        ('{"id": "a", "question": "q?", "answerable": true, "gold": [{"doc": "d"}]}\n', "para"),
        ('{"id": "a", "question": "", "answerable": false}\n', "question"),
    ],
)
def test_invalid_question_files_are_clear(tmp_path, content, message):
    path = tmp_path / "q.jsonl"
    path.write_text(content)
    with pytest.raises(QuestionFileError, match=message):
        load_questions(path)


def test_cli_exits_2_on_bad_question_file(tmp_path, capsys):
    from eval.__main__ import main

    assert main(["--corpus", str(ROOT / "corpus"), "--questions", str(tmp_path / "no.jsonl")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "does not exist" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x"}) + "\n")
    assert main(["--questions", str(bad)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


# -- the baseline's chunks -------------------------------------------------------------
TOPICS = ["fostering", "adoption", "leaving care", "early help", "youth justice"]
PARAGRAPHS = [
    f"{n}. "
    + " ".join(f"Finding {i} on {topic} ({n}-{i}) notes item {topic[:3]}{i}." for i in range(25))
    for n, topic in enumerate(TOPICS, start=1)
]


def test_baseline_chunk_covers_a_paragraph(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "some-council-2024-ilacs.md").write_text("\n\n".join(PARAGRAPHS) + "\n")
    chunks, skipped = split_corpus(corpus)
    assert not skipped and len(chunks) > 3
    assert all(len(c.text) <= 1000 for c in chunks)
    target = PARAGRAPHS[2]
    lookup = ParagraphLookup([passage("some-council-2024-ilacs", "3", "ilacs_report", target[3:])])
    entry = {"doc": "some-council-2024-ilacs", "para": "3", "kind": "ilacs_report"}
    assert lookup.texts(entry)
    hits = [c for c in chunks if chunk_matches(c, entry, lookup.texts(entry))]
    assert hits, "some chunk should cover at least half of paragraph 3"
    assert all("leaving care" in c.text for c in hits)
    other_doc = {"doc": "another-doc", "para": "3"}
    assert not any(chunk_matches(c, other_doc, lookup.texts(entry)) for c in chunks)


def test_coverage_threshold():
    para = " ".join(f"word{i}" for i in range(60))
    third = " ".join(f"word{i}" for i in range(20))
    most = "intro " + " ".join(f"word{i}" for i in range(10, 60)) + " outro"
    assert coverage(para, para) == pytest.approx(1.0)
    assert not covers(third, para)
    assert covers(most, para)
    assert covers("x Judgement Grade y", "Judgement Grade")  # short paragraphs: whole
    chunk = Chunk("d", "The final plan is required to be submitted to Ofsted by May.")
    assert chunk_matches(chunk, {"doc": "d", "contains": "the FINAL plan is required"}, [])


# -- quality floor on the real index --------------------------------------------------------
def test_hybrid_quality_floor(retriever):
    from eval.run import evaluate_file

    # the floor was measured on the retrieval questions; the answer-shape questions (with a
    # "shape") are held to the answer eval's floors
    questions = [q for q in load_questions(ROOT / "eval" / "questions.jsonl") if "shape" not in q]
    result = evaluate_file(retriever, questions, modes=("hybrid",), k=10, abstention=False)
    hybrid = result["modes"]["hybrid"]
    assert hybrid["available"]
    assert hybrid["recall@5"] >= RECALL5_FLOOR, hybrid["recall@5"]
    assert hybrid["mrr@10"] >= MRR10_FLOOR, hybrid["mrr@10"]


def test_holdout_retrieval_floor(retriever, index_location):
    from eval.run import evaluate_file

    on_postgres = str(index_location).startswith("postgresql")
    floor = HOLDOUT_NDCG10_FLOOR_POSTGRES if on_postgres else HOLDOUT_NDCG10_FLOOR

    questions = load_questions(ROOT / "eval" / "questions_holdout.jsonl")
    questions = [q for q in questions if "shape" not in q]
    result = evaluate_file(retriever, questions, modes=("hybrid",), k=10, abstention=False)
    hybrid = result["modes"]["hybrid"]
    assert hybrid["ndcg@10"] >= floor, hybrid["ndcg@10"]


def test_abstention_is_weighed_on_the_question_as_asked(retriever):
    # The answer ranks a Kent question by its topic; ranked so, a passage printing
    # "allowance" reaches the top three and the question would be answered. The evidence
    # is read from the ranking the thresholds were calibrated on.
    assert retriever.config.council_embedding != retriever.config.evidence_embedding
    answer = retriever.ask("What weekly allowance does Kent pay its foster carers?")
    assert answer.abstained, answer.answer


def test_abstention_floor(retriever):
    from eval.run import evaluate_abstention

    questions = load_questions(ROOT / "eval" / "questions.jsonl")
    result = evaluate_abstention(retriever, questions)
    assert not [q for q in result["questions"] if q.get("error")]
    assert result["abstention_rate"] >= ABSTENTION_FLOOR, result["abstention_rate"]
    assert result["answer_rate"] >= ANSWER_RATE_FLOOR, result["answer_rate"]


def test_a_passage_judged_relevant_counts_as_gold(retriever, tmp_path):
    from eval.judged import load_judgements, pool_summary, with_judgements
    from eval.run import IndexGold, evaluate_mode

    questions = [q for q in load_questions(ROOT / "eval" / "questions.jsonl") if q["answerable"]]
    gold_index = IndexGold(retriever.index_dir)
    before = evaluate_mode(retriever, questions, "hybrid", 10, gold_index)
    # a question whose first passage is not in its gold: judge that passage relevant
    row = next(s for s in before["questions"] if not s["top_relevant"][0])
    first = row["top_ids"][0]
    path = tmp_path / "judged.jsonl"
    path.write_text(json.dumps({"id": row["id"], "passage": first, "relevant": True}) + "\n")
    judgements = load_judgements([path])
    judged = with_judgements([q for q in questions if q["id"] == row["id"]], judgements)
    after = evaluate_mode(retriever, judged, "hybrid", 10, gold_index)["questions"][0]
    assert after["top_ids"][0] == first and after["top_relevant"][0]
    assert after["recall@1"] == 1.0 and after["n_relevant"] == row["n_relevant"] + 1
    summary = pool_summary({"questions": [after]}, judgements)
    assert summary["questions"] == 1 and summary["relevant"] >= 1
