"""Readings the question contradicts give way, through search, on the shipped index: the
classifier's reading is set here, so the test holds whatever the shipped model reads."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def shipped(index_dir):
    from retriever import Retriever

    return Retriever.open(index_dir)


@pytest.fixture
def reads(shipped, monkeypatch):
    def reading(label, confidence, *alternatives):
        monkeypatch.setattr(shipped.resolver, "shapes", lambda q: (label, confidence, alternatives))

    return reading


def test_a_subject_named_is_searched_not_the_reports_summary(shipped, reads):
    question = "What did the 2017 Kent inspection find about the Central Referral Unit?"
    reads("briefing", 0.81, "grades", "progress")
    assert shipped.understand(question).shape == "topic"
    first = shipped.search(question, k=10)[0]
    assert "Central Referral Unit" in first.passage["text"]


def test_a_when_question_finds_the_date_not_the_improvement_list(shipped, reads):
    question = "When does Staffordshire have to send its improvement plan to Ofsted?"
    reads("improve", 0.82, "trend", "which")
    assert shipped.understand(question).shape == "topic"
    hits = shipped.search(question, k=10)
    assert "What needs to improve" not in hits[0].passage["passage_id"]
    assert "improvement plan" in hits[0].passage["text"].lower()


def test_an_unsure_reading_takes_the_list_its_cue_names(shipped, reads):
    question = "How many recommendations did Ofsted make for Staffordshire in 2023?"
    reads("grades", 0.29, "improve", "trend")
    intent = shipped.understand(question)
    assert intent.shape == "improve" and intent.asks_count
    first = shipped.search(question, k=10)[0]
    assert first.passage["passage_id"].endswith("What needs to improve")
