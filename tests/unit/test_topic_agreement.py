import csv
from pathlib import Path

import pytest

from eval.topic_agreement import figures, judged_twice
from eval.topic_which import load

EVAL = Path(__file__).resolve().parents[2] / "eval"
COUNCILS = Path(__file__).resolve().parents[2] / "indexer" / "data" / "councils.csv"
JUDGED = sorted(EVAL.glob("topic_councils*.jsonl")) + sorted(
    (EVAL / "second_judge").glob("*.jsonl")
)


def test_each_set_judged_twice_is_judged_on_the_first_judges_questions():
    sets = judged_twice()
    assert {name for name, _, _ in sets} >= {"blind4", "blind5"}
    for _, first, second in sets:
        assert [q["polarity"] for q in first] == [q["polarity"] for q in second]


def test_figures_are_mean_recall_and_precision_per_question():
    recall, precision, f1 = figures([({"a", "b"}, {"a"}), ({"c"}, {"c", "d"})])
    assert (recall, precision) == (0.75, 0.75)
    assert f1 == pytest.approx(0.75)
    assert figures([(set(), set())])[:2] == (1.0, 1.0)  # nobody named, nobody to name


@pytest.mark.parametrize("path", JUDGED, ids=lambda p: p.name)
def test_judged_councils_are_councils_listed_once_and_never_also_a_near_miss(path):
    with COUNCILS.open(encoding="utf-8") as fh:
        names = {row["name"] for row in csv.DictReader(fh)}
    for question in load(path):
        listed = [c["council"] for c in question["councils"]]
        near = {c["council"] for c in question.get("near_misses", [])}
        assert set(listed) <= names, question["question"]
        assert len(listed) == len(set(listed)), question["question"]
        assert not set(listed) & near, question["question"]
        assert all(c["evidence"].strip() for c in question["councils"])
