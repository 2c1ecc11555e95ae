"""The labelled questions and the shipped shape model: enough of them over every shape,
split by wording pattern, and the model built from exactly these examples."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from retriever.understand import classify


def rows() -> list[dict]:
    return [json.loads(x) for x in classify.EXAMPLES.read_text(encoding="utf-8").splitlines()]


def test_at_least_800_questions_over_every_shape_in_every_split():
    data = rows()
    assert len(data) >= 800
    for split in ("train", "dev", "test"):
        shapes = Counter(r["shape"] for r in data if r["split"] == split)
        assert set(shapes) == set(classify.LABELS), split


def test_split_by_pattern_so_no_test_wording_differs_from_a_training_one_by_council():
    """Held-out wordings (test, and the unseen set written after the last change) never
    equal a training wording once councils, years and regions are masked."""
    data = rows()
    split_of: dict[str, set[str]] = {}
    for r in data:
        split_of.setdefault(r["pattern"], set()).add(r["split"])
    assert all(len(s) == 1 for s in split_of.values())
    train = {
        classify.mask(r["question"]).lower().rstrip("?") for r in data if r["split"] == "train"
    }
    leaked = [
        r["question"]
        for r in data
        if r["split"] in ("test", "unseen")
        and classify.mask(r["question"]).lower().rstrip("?") in train
    ]
    assert not leaked


def test_councils_and_years_are_masked_before_embedding():
    assert classify.mask("How was Barnet rated in 2024?") == "how was council rated in 2020?"
    assert classify.mask("Compare Leeds and Kent") == "compare two councils"
    assert classify.mask("what grade did bcp get") == "what grade did council get"
    assert "staffs" not in classify.mask("Staffs ofsted rating")


def test_the_shipped_model_was_built_from_the_shipped_examples():
    manifest = json.loads(classify.MANIFEST.read_text(encoding="utf-8"))
    assert manifest["examples_sha256"] == classify.examples_sha256()
    assert manifest["labels"] == list(classify.LABELS)
    classify.load.cache_clear()
    model = classify.load(manifest["model"])
    assert model.weights.shape == (384, len(classify.LABELS))


def test_a_stale_model_is_a_clear_error(tmp_path, monkeypatch):
    changed = tmp_path / classify.EXAMPLES.name
    changed.write_text(classify.EXAMPLES.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(classify, "EXAMPLES", changed)
    classify.load.cache_clear()
    with pytest.raises(classify.ShapeModelError, match="python -m eval.shapes train"):
        classify.load("all-MiniLM-L6-v2")
    classify.load.cache_clear()


def test_another_encoder_is_a_clear_error():
    classify.load.cache_clear()
    with pytest.raises(classify.ShapeModelError, match="trained on"):
        classify.load("all-mpnet-base-v2")
    classify.load.cache_clear()
