"""The conversations eval asks about years the index holds: a "what about {year}?"
follow-up draws its year from the catalogue of the index it runs on."""

from __future__ import annotations

import json

from eval.conversations import DATA, asked


def test_a_year_follow_up_asks_a_year_the_index_holds_for_that_council(index_dir):
    from retriever import Retriever

    retriever = Retriever.open(index_dir)
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    turns = [t for row in rows for t in row["turns"] if "{year}" in t["question"]]
    assert turns
    for turn in turns:
        question = asked(turn["question"], turn["council"], retriever.catalogue)
        rows = retriever.catalogue.judgements_of([turn["council"]])
        held = {r["inspection_date"][:4] for r in rows if r["inspection_date"]}
        assert question == f"what about {min(held)}?"
    history = ["How did Kent do at its last Ofsted inspection?"]
    answer = retriever.ask(
        asked("what about {year}?", "Kent", retriever.catalogue), history=history
    )
    assert not answer.abstained and "Kent" in answer.answer.splitlines()[0]
