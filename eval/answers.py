"""The answer eval: what the answer a person reads carries, per question shape.

One `ask()` per question. Scored from the answer gold (eval/questions.py ANSWER_GOLD_KEYS):

- lists (improve, recommendations): share of the gold items the answer prints (item recall),
  the share of lists printed complete (every item, and the lead-in where there is one), and
  the count where one was asked;
- briefings: share of the newest inspection's grades shown (grade recall), and whether at
  least one improvement point is printed;
- grades, trends and comparisons: grade recall per report (`grades_by_doc`);
- which: councils named, and the count; fact: the fact printed;
- abstention: unanswerable questions that abstain, answerable ones that are answered;
- citation faithfulness: every citation's quote printed in the passage it cites.
"""

from __future__ import annotations

import re
from collections import defaultdict

from indexer.vocab import grade_family
from retriever.answer.sentences import NUMBER_WORDS


def squash(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def has(answer: str, needle: str) -> bool:
    return squash(needle) in squash(answer)


def says_number(answer: str, n: int) -> bool:
    words = [str(n)] + ([NUMBER_WORDS[n]] if n < len(NUMBER_WORDS) else [])
    return any(re.search(rf"\b{w}\b", answer, re.I) for w in words)


# -- grades printed in an answer: "- <area>: <grade> [n]" ---------------------------------
_GRADE_LINE = re.compile(
    r"^\s*-\s*(?P<area>[^:\n]+):\s*(?P<grade>[^\[\n]+?)\s*\[(?P<n>\d+)\]", re.M
)


def area_matches(key: str, label: str) -> bool:
    """A gold area key ("children_in_care_and_care_leavers") names a printed label when
    every word of the key is in it, or the label reads as that area."""
    from retriever.understand.question import area_of

    words = [w for w in key.split("_") if w != "and"]
    lowered = squash(label)
    if all(re.search(rf"\b{w}", lowered) for w in words):
        # "care_leavers" is not the combined row "children in care and care leavers"
        return "_and_" in key or not re.search(r"children in care and care leavers", lowered)
    return [key] == area_of(label)


def grades_shown(answer, doc: str | None = None) -> list[tuple[str, str, str]]:
    """(doc, area label, grade family) of each grade line, the doc from its citation."""
    docs = {c.number: c.passage_id.split("#", 1)[0] for c in answer.citations}
    out = []
    for m in _GRADE_LINE.finditer(answer.answer):
        cited = docs.get(int(m.group("n")), "")
        if doc is None or cited == doc:
            out.append((cited, m.group("area"), grade_family(m.group("grade"))))
    return out


def grade_recall(answer, gold: dict[str, str], doc: str | None) -> tuple[int, int]:
    shown = grades_shown(answer, doc)
    hit = sum(
        any(
            area_matches(key, label) and family == grade_family(grade) for _, label, family in shown
        )
        for key, grade in gold.items()
    )
    return hit, len(gold)


# -- one question ---------------------------------------------------------------------------
def faithful(retriever, answer) -> tuple[int, int]:
    """(citations whose quote is printed in the cited passage, citations)."""
    from retriever.answer.citations import verify_quote

    good = 0
    for c in answer.citations:
        hit = retriever.passage(c.passage_id)
        good += bool(hit is not None and verify_quote(c.quote, hit.passage["text"]))
    return good, len(answer.citations)


def score_answer(q: dict, answer) -> dict:
    """What the answer to one shaped question carries against its gold."""
    text = answer.answer
    out: dict = {}
    if "items" in q:
        found = sum(has(text, item) for item in q["items"])
        out["items"] = (found, len(q["items"]))
        complete = found == len(q["items"]) and (not q.get("lead_in") or has(text, q["lead_in"]))
        out["list_complete"] = complete
    if "items_any" in q:
        out["improvement_point"] = any(has(text, item) for item in q["items_any"])
    if "grades" in q:
        out["grades"] = grade_recall(answer, q["grades"], q.get("doc"))
    if "grades_by_doc" in q:
        pairs = [grade_recall(answer, g, doc) for doc, g in q["grades_by_doc"].items()]
        out["grades"] = (sum(h for h, _ in pairs), sum(n for _, n in pairs))
    if "councils" in q:
        out["councils"] = (sum(has(text, c) for c in q["councils"]), len(q["councils"]))
    if "count" in q:
        out["count"] = says_number(text, q["count"])
    if "answer_contains" in q:
        out["fact"] = all(has(text, s) for s in q["answer_contains"])
    return out


def evaluate_answers(
    retriever, questions: list[dict], k: int = 10, as_of: dict[str, str] | None = None
) -> dict:
    """Abstention over every question, and the answer gold of the shaped ones, per shape.
    `as_of`: question id to the date it is asked on (an `until` filter)."""
    per_question = []
    for q in questions:
        error = None
        until = (as_of or {}).get(q["id"])
        try:
            answer = retriever.ask(
                q["question"],
                k=k,
                history=q["history"] or None,
                filters={"until": until} if until else None,
            )
        except Exception as exc:  # noqa: BLE001 - counted as an abstention, and shown
            answer, error = None, f"{type(exc).__name__}: {exc}"
        item = {
            "id": q["id"],
            "shape": q.get("shape", ""),
            "answerable": q["answerable"],
            "abstained": answer is None or bool(answer.abstained),
        }
        if error:
            item["error"] = error
        if answer is not None:
            item["citations_faithful"], item["citations"] = faithful(retriever, answer)
            if q.get("shape") and q["answerable"]:
                item.update(score_answer(q, answer))
        per_question.append(item)
    return {"abstention": _abstention(per_question), **_summary(per_question)}


def _abstention(items: list[dict]) -> dict:
    un = [i for i in items if not i["answerable"]]
    ans = [i for i in items if i["answerable"]]
    un_abstained = sum(i["abstained"] for i in un)
    answered = sum(not i["abstained"] for i in ans)
    return {
        "unanswerable": len(un),
        "unanswerable_abstained": un_abstained,
        "abstention_rate": un_abstained / len(un) if un else None,
        "answerable": len(ans),
        "answerable_answered": answered,
        "answer_rate": answered / len(ans) if ans else None,
        "questions": [
            {k: i[k] for k in ("id", "answerable", "abstained", "error") if k in i} for i in items
        ],
    }


def _ratio(pairs: list[tuple[int, int]]) -> float | None:
    total = sum(n for _, n in pairs)
    return sum(h for h, _ in pairs) / total if total else None


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _summary(items: list[dict]) -> dict:
    by_shape: dict[str, list[dict]] = defaultdict(list)
    for i in items:
        if i["shape"] and i["answerable"]:
            by_shape[i["shape"]].append(i)
    shapes = {}
    for shape, rows in sorted(by_shape.items()):
        shapes[shape] = {
            "questions": len(rows),
            "answered": sum(not r["abstained"] for r in rows),
            "item_recall": _ratio([r["items"] for r in rows if "items" in r]),
            "lists_complete": _share([r["list_complete"] for r in rows if "list_complete" in r]),
            "grade_recall": _ratio([r["grades"] for r in rows if "grades" in r]),
            "improvement_point": _share(
                [r["improvement_point"] for r in rows if "improvement_point" in r]
            ),
            "council_recall": _ratio([r["councils"] for r in rows if "councils" in r]),
            "count_right": _share([r["count"] for r in rows if "count" in r]),
            "fact_right": _share([r["fact"] for r in rows if "fact" in r]),
        }
    lists = [i for i in items if "items" in i]
    total = sum(i.get("citations", 0) for i in items)
    good = sum(i.get("citations_faithful", 0) for i in items)
    return {
        "shapes": shapes,
        "lists": {
            "lists": len(lists),
            "item_recall": _ratio([i["items"] for i in lists]),
            "complete": _share([i["list_complete"] for i in lists]),
        },
        "briefing_grade_recall": _ratio(
            [i["grades"] for i in by_shape.get("briefing", []) if "grades" in i]
        ),
        "briefing_improvement_point": _share(
            [
                i["improvement_point"]
                for i in by_shape.get("briefing", [])
                if "improvement_point" in i
            ]
        ),
        "citations": {"total": total, "faithful": good, "rate": good / total if total else None},
        "per_question": items,
    }


_COLUMNS = (
    ("n", "questions"),
    ("answered", "answered"),
    ("item recall", "item_recall"),
    ("lists complete", "lists_complete"),
    ("grade recall", "grade_recall"),
    ("improve point", "improvement_point"),
    ("councils", "council_recall"),
    ("count", "count_right"),
    ("fact", "fact_right"),
)


def format_answer_table(name: str, result: dict) -> str:
    """The answer eval as a Markdown table, one row per shape, then the totals."""
    lines = [
        f"{name}: answers",
        "| shape | " + " | ".join(c for c, _ in _COLUMNS) + " |",
        "|---" * (len(_COLUMNS) + 1) + "|",
    ]
    for shape, row in result["shapes"].items():
        cells = []
        for _, key in _COLUMNS:
            v = row[key]
            cells.append("" if v is None else (str(v) if isinstance(v, int) else f"{v:.2f}"))
        lines.append(f"| {shape} | " + " | ".join(cells) + " |")
    li, a, c = result["lists"], result["abstention"], result["citations"]
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    lines.append(
        f"lists: item recall {fmt(li['item_recall'])}, complete {fmt(li['complete'])} "
        f"({li['lists']} lists); briefing grade recall {fmt(result['briefing_grade_recall'])}, "
        f"with an improvement point {fmt(result['briefing_improvement_point'])}"
    )
    lines.append(
        f"abstention: unanswerable abstained {a['unanswerable_abstained']}/{a['unanswerable']}, "
        f"answerable answered {a['answerable_answered']}/{a['answerable']}; "
        f"citations quoting their passage {c['faithful']}/{c['total']}"
    )
    return "\n".join(lines)
