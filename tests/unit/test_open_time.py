"""eval/open_time.py's table: every stage of each run, in the order first seen."""

from __future__ import annotations

from eval.open_time import Stages, format_runs


def _run(way: str, stages: dict, first: float, runtime: str = "onnx") -> dict:
    return {
        "way": way,
        "runtime": runtime,
        "boot_s": 0.1,
        "stages": stages,
        "index_open_s": 1.5,
        "page_drawn_s": 1.8,
        "model_ready_s": first - 0.5,
        "first_answer_s": first,
        "second_answer_ms": 40.0,
    }


def test_each_run_is_a_column_and_missing_stages_are_blank():
    runs = [
        _run("serial", {"import streamlit": 0.6, "model: load weights": 0.5}, 7.0),
        _run(
            "preload", {"import streamlit": 0.7, "model: wait for the preload": 5.2}, 7.4, "torch"
        ),
    ]
    meta = {"index": "national-index", "lexical": "FTS5", "cpus": 2, "load_average": "1.0"}
    table = format_runs(runs, meta).splitlines()
    assert "| stage (s) | serial, onnx #1 | preload, torch #2 |" in table
    assert "| model: load weights | 0.50 |  |" in table
    assert "| model: wait for the preload |  | 5.20 |" in table
    assert "| **first answer** (since start) | **7.00** | **7.40** |" in table


def test_stages_add_up_repeated_calls():
    stages = Stages(0.0)
    stages.add("FAISS load", 0.25)
    stages.add("FAISS load", 0.5)
    assert stages.seconds == {"FAISS load": 0.75}
