"""A briefing's summary and lists rank first only on a clear reading of the question as a
briefing: an unsure one ("How did Leeds handle referrals about radicalisation?" read as a
briefing at 0.59) is searched for what it names."""

from __future__ import annotations

import pytest

QUESTION = "How did Leeds handle children missing from education?"


@pytest.fixture
def read_as_briefing(retriever, monkeypatch):
    def reading(confidence):
        monkeypatch.setattr(
            retriever.resolver, "shapes", lambda q: ("briefing", confidence, ("topic", "improve"))
        )

    return reading


def first_ids(retriever, n=3):
    return [h.passage["passage_id"] for h in retriever.search(QUESTION, k=10)[:n]]


def test_a_clear_briefing_puts_the_summary_first(retriever, read_as_briefing):
    read_as_briefing(0.9)
    summary_first = first_ids(retriever)
    read_as_briefing(0.5)
    searched = first_ids(retriever)
    assert summary_first != searched
    assert all("leeds" in i for i in summary_first + searched)
    texts = " ".join(h.passage["text"].lower() for h in retriever.search(QUESTION, k=10)[:3])
    assert "education" in texts or "missing" in texts
