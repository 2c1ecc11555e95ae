"""Conversations that keep their subject: two- and three-turn conversations, measured.

    python -m eval.conversations write              # writes eval/conversations.jsonl
    python -m eval.conversations run --index index  # per follow-up form: right council, right shape

Each conversation opens with a question naming a council; each follow-up names none, or
names another council or a year, in one of the wordings below. A year is drawn when the
conversation runs, from the years the index holds inspections of that council (its catalogue),
so the form measures the follow-up, not what one index happens to hold. A follow-up is right when
its answer cites the expected council (only it, unless a comparison) and takes the
expected shape; "the previous one", and the turns after it, are right when they cite that council's
inspection before its latest (or say the council has none). A leak is a word of an earlier question, not of the follow-up, in the
follow-up's answer that neither its cited passages nor the same follow-up asked on its
own (about the same council) put there.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent / "conversations.jsonl"
COUNCILS = ["Kent", "Leeds", "Norfolk", "Staffordshire", "Birmingham", "Wolverhampton"]
OPENERS = [
    "How did {c} do at its last Ofsted inspection?",
    "{c} ofstead rating please",
    "What grade did {c} get for care leavers?",
    "Summarise the latest inspection of {c} for cabinet",
    "What did Ofsted say about the front door in {c}?",
]
# form -> (wording, expected shape; "" keeps the shape of the earlier answer)
FORMS: dict[str, tuple[str, str]] = {
    "who led it": ("who led it?", "fact_inspector"),
    "lead inspector": ("who was the lead inspector?", "fact_inspector"),
    "what needs to improve": ("what needs to improve?", "improve"),
    "what must get better": ("what must they get better at?", "improve"),
    "when was that": ("when was that?", "fact_dates"),
    "when published": ("when was the report published?", "fact_publication"),
    "and for an area": ("and for children in care?", ""),
    "what about a year": ("what about {year}?", ""),
    "another council": ("and {c2}?", ""),
    "neighbours": ("how does that compare with our neighbours?", "compare"),
    "grades": ("and what were the grades?", "grades"),
    "the previous one": ("what about the previous one?", ""),
}
# Forms about the council's inspection before its latest: right when every citation is of
# that inspection's report, or, for a council with one inspection, when the answer says so.
EARLIER_FORMS = {"the previous one"}
# The third turn: another follow-up form, still about the council carried over.
THIRD = ["who led it", "what needs to improve", "when was that", "grades"]


def conversations(seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for n, (form, (wording, shape)) in enumerate(FORMS.items()):
        for i in range(10):
            c, c2 = rng.sample(COUNCILS, 2)
            opener = OPENERS[(n + i) % len(OPENERS)].format(c=c)
            turns = [{"question": opener, "council": c}]
            expect = c2 if "{c2}" in wording else c
            turns.append(
                {
                    "question": wording.format(c2=c2, year="{year}"),
                    "council": expect,
                    "shape": shape,
                    "form": form,
                }
            )
            if i % 2:  # every other one has a third turn
                third = THIRD[(n + i) % len(THIRD)]
                w, s = FORMS[third]
                turns.append({"question": w, "council": expect, "shape": s, "form": third})
            out.append({"id": f"conv-{n:02d}-{i}", "turns": turns})
    return out


def write() -> int:
    rows = conversations()
    with DATA.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} conversations -> {DATA}")
    return 0


_WORD = re.compile(r"[a-z]{4,}")
# Words the answers' own headings print ("Dates of Kent's inspection", "What the reports
# say", "Kent's inspection of March 2017 (the one before the latest)"): never a leak.
TEMPLATE = {
    "what", "ofsted", "inspection", "inspections", "grades", "report", "reports", "council",
    "latest",
}  # fmt: skip


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def cited_councils(answer) -> set[str]:
    by_id = {h.passage["passage_id"]: h for h in answer.hits}
    return {
        by_id[c.passage_id].document["authority"] for c in answer.citations if c.passage_id in by_id
    }


def held_year(catalogue, council: str) -> int | None:
    """The year a "what about {year}?" follow-up asks about: the year of the council's
    oldest graded inspection the index holds (so that it differs from "the latest" where
    there is a choice), else its oldest report's year."""
    dated = [r["inspection_date"] for r in catalogue.judgements_of([council])]
    years = sorted({int(d[:4]) for d in dated if d and d[:4].isdigit()})
    years = years or sorted(catalogue.report_years([council]).get(council, []))
    return years[0] if years else None


def asked(question: str, council: str, catalogue) -> str:
    """The turn's question, with "{year}" a year the index holds for `council`."""
    if "{year}" not in question:
        return question
    year = held_year(catalogue, council)
    return question.format(year=year if year is not None else "")


def earlier_inspection_right(answer, council: str, catalogue) -> bool:
    """The answer is of the council's inspection before its latest: cited from its report
    alone, or, where the index holds one inspection of the council, saying it has none."""
    inspections = catalogue.graded_inspections(council)
    if len(inspections) < 2:
        return answer.abstained and "none before" in answer.answer
    by_id = {h.passage["passage_id"]: h for h in answer.hits}
    docs = {
        by_id[c.passage_id].document["doc_id"] for c in answer.citations if c.passage_id in by_id
    }
    return bool(docs) and docs <= set(inspections[1][1])


def run(index: str) -> int:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from indexer.store import store_location
    from retriever import Retriever

    retriever = Retriever.open(store_location(None, index))
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # right council, shape, n
    leaks = []
    for row in rows:
        history: list[str] = []
        shapes: list[str] = []
        forms: list[str] = []
        for turn in row["turns"]:
            forms.append(turn.get("form", ""))
            question = asked(turn["question"], turn["council"], retriever.catalogue)
            answer = retriever.ask(question, history=list(history) or None)
            if history:
                want = turn["shape"] or shapes[-1]
                cited = cited_councils(answer)
                compare = want in ("compare", "neighbours")
                right = turn["council"] in cited and (compare or cited == {turn["council"]})
                if set(forms) & EARLIER_FORMS:  # later turns keep to that inspection
                    right = earlier_inspection_right(answer, turn["council"], retriever.catalogue)
                t = tally[turn["form"]]
                t[0] += right
                t[1] += answer.shape == want or (
                    compare and answer.shape in ("compare", "neighbours")
                )
                t[2] += 1
                earlier = set().union(*(words(h) for h in history)) - words(question)
                alone = retriever.ask(question, council=turn["council"])
                allowed = (
                    TEMPLATE
                    | words(alone.answer)
                    | set().union(set(), *(words(h.passage["text"]) for h in answer.hits))
                )
                leaked = (earlier & words(answer.answer)) - allowed
                if leaked:
                    leaks.append((row["id"], question, sorted(leaked)))
            history.append(question)
            shapes.append(answer.shape)
    print(f"{len(rows)} conversations on {index}")
    print(f"{'follow-up form':28} {'n':>4} {'council':>8} {'shape':>8}")
    for form, (council, shape, n) in sorted(tally.items()):
        print(f"{form:28} {n:4d} {council / n:8.2f} {shape / n:8.2f}")
    total = [sum(t[i] for t in tally.values()) for i in range(3)]
    print(
        f"{'all follow-ups':28} {total[2]:4d} {total[0] / total[2]:8.2f} {total[1] / total[2]:8.2f}"
    )
    print(f"answers with a word of an earlier question: {len(leaks)}")
    for leak in leaks[:10]:
        print("  ", leak)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.conversations", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("write")
    r = sub.add_parser("run")
    r.add_argument("--index", default="index")
    args = parser.parse_args(argv)
    return write() if args.cmd == "write" else run(args.index)


if __name__ == "__main__":
    sys.exit(main())
