"""Pooled relevance judgements: passages read and judged relevant or not to a question.

A question file's gold was written from the ten shipped councils' reports. Asked of the
national index, a question naming no council ("What do the reports say about dental care
for looked-after children?") is answered as well, or better, by any of 143 councils'
reports, which that gold never lists; it then scores the ranking as wrong where it is
right. As in TREC's pooling, the passages a run returned were read and judged, one JSON
line each:

    {"id": "q051", "passage": "plymouth-2024-03-ilacs#ofsted-report/35", "relevant": true}
    {"id": "q052", "passage": "greenwich-2024-07-ilacs#ofsted-report/6", "relevant": false,
     "note": "response judged strong: not told to improve"}

`python -m eval --judged FILE` adds the passages judged relevant to their question's gold
(by passage id) and reports, per question file, how many of the judged questions' top
five were judged relevant and how many were never judged (a pool judged at one depth and
one index: a passage outside it counts as not relevant).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .questions import QuestionFileError, json_lines

JUDGED_DEPTH = 5  # the pool: each judged question's top five hybrid passages


@dataclass
class Judgements:
    """Per question id: passage ids judged relevant, and those judged not relevant."""

    relevant: dict[str, set[str]] = field(default_factory=dict)
    not_relevant: dict[str, set[str]] = field(default_factory=dict)

    def judged(self, qid: str) -> set[str]:
        return self.relevant.get(qid, set()) | self.not_relevant.get(qid, set())


def load_judgements(paths: list[str | Path]) -> Judgements:
    out = Judgements()
    for path in paths:
        for where, item in json_lines(path, "judgements file"):
            if not (
                isinstance(item, dict)
                and isinstance(item.get("id"), str)
                and isinstance(item.get("passage"), str)
                and "#" in item["passage"]
                and isinstance(item.get("relevant"), bool)
            ):
                raise QuestionFileError(
                    f"{where}: each line needs an 'id', a 'passage' id (doc#part/label) and "
                    "'relevant' true or false"
                )
            target = out.relevant if item["relevant"] else out.not_relevant
            target.setdefault(item["id"], set()).add(item["passage"])
    return out


def with_judgements(questions: list[dict], judgements: Judgements) -> list[dict]:
    """The questions, each judged one's gold extended by the passages judged relevant."""
    out = []
    for q in questions:
        extra = sorted(judgements.relevant.get(q["id"], ()))
        out.append({**q, "gold": q["gold"] + [{"passage": p} for p in extra]} if extra else q)
    return out


def pool_summary(result: dict, judgements: Judgements) -> dict | None:
    """Over the judged questions of one mode's result: their top-five passages judged
    relevant (or gold), judged not relevant, and never judged."""
    rows = [s for s in result.get("questions", []) if judgements.judged(s["id"])]
    if not rows:
        return None
    relevant = judged_not = unjudged = 0
    for s in rows:
        for pid, is_relevant in zip(s["top_ids"][:JUDGED_DEPTH], s["top_relevant"]):
            if is_relevant:
                relevant += 1
            elif pid in judgements.not_relevant.get(s["id"], ()):
                judged_not += 1
            else:
                unjudged += 1
    shown = relevant + judged_not + unjudged
    return {
        "questions": len(rows),
        "passages": shown,
        "relevant": relevant,
        "not_relevant": judged_not,
        "unjudged": unjudged,
        "precision@5": relevant / shown if shown else 0.0,
    }


def format_pool(mode: str, summary: dict) -> str:
    return (
        f"  {mode}, judged questions ({summary['questions']}): top {JUDGED_DEPTH} relevant "
        f"{summary['relevant']}/{summary['passages']} (precision@5 {summary['precision@5']:.3f}), "
        f"judged not relevant {summary['not_relevant']}, never judged {summary['unjudged']}"
    )
