"""Load and check gold question files (JSON lines; format in DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from indexer.errors import OfstedQAError
from indexer.vocab import PART_KINDS

GOLD_KEYS = {"doc", "para", "contains", "kind"}
KINDS = set(PART_KINDS)


class QuestionFileError(OfstedQAError, ValueError):
    """A question file that cannot be used; the message names the file, line and fix."""


def _check(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise QuestionFileError(f"{where}: {message}")


ANSWER_GOLD_KEYS = (
    "shape",  # the shape the question should be read as (retriever/understand/shape.py)
    "doc",  # the document the answer rests on
    "items",  # substrings of every list item the answer must carry, in printed order
    "items_any",  # a briefing: at least one of these improvement points
    "lead_in",  # a recommendation list's lead-in, never cited without its items
    "grades",  # {area: grade} the answer must show (grades, briefing)
    "grades_by_doc",  # {doc: {area: grade}} for trends and comparisons
    "councils",  # a "which" answer: the councils it must name
    "count",  # the number a "how many" answer must give
    "asks_count",
    "fact",  # lead_inspector | inspection_dates | publication_date
    "answer_contains",  # text the answer must print (the fact)
    "why",  # why an unanswerable question cannot be answered from the corpus
)


def validate_question(item: object, where: str) -> dict:
    _check(isinstance(item, dict), where, "each line must be a JSON object")
    assert isinstance(item, dict)
    qid = item.get("id")
    _check(isinstance(qid, str) and qid.strip() != "", where, "missing or empty 'id'")
    where = f"{where} ({qid})"
    question = item.get("question")
    _check(isinstance(question, str) and question.strip() != "", where, "missing 'question' text")
    answerable = item.get("answerable")
    _check(isinstance(answerable, bool), where, "'answerable' must be true or false")
    history = item.get("history", [])
    _check(
        isinstance(history, list) and all(isinstance(h, str) for h in history),
        where,
        "'history' must be a list of earlier questions (strings)",
    )
    gold = item.get("gold", [])
    _check(isinstance(gold, list), where, "'gold' must be a list")
    if answerable:
        _check(len(gold) > 0, where, "an answerable question needs at least one gold entry")
    for i, entry in enumerate(gold):
        at = f"{where} gold[{i}]"
        _check(isinstance(entry, dict), at, "a gold entry must be an object")
        unknown = set(entry) - GOLD_KEYS
        _check(not unknown, at, f"unknown keys {sorted(unknown)}; use {sorted(GOLD_KEYS)}")
        _check(isinstance(entry.get("doc"), str) and entry["doc"] != "", at, "needs 'doc' (or '*')")
        _check(("para" in entry) or ("contains" in entry), at, "needs 'para' or 'contains'")
        for key in ("para", "contains"):
            if key in entry:
                _check(
                    isinstance(entry[key], str) and entry[key].strip() != "",
                    at,
                    f"'{key}' must be a non-empty string",
                )
        if "kind" in entry:
            _check(entry["kind"] in KINDS, at, f"'kind' must be one of {sorted(KINDS)}")
    return {
        "id": qid,
        "question": question.strip(),
        "answerable": answerable,
        "type": item.get("type", ""),
        "history": list(history),
        "gold": [dict(e) for e in gold],
        # what the ANSWER must carry (shape, list items, grades, facts); the retrieval
        # eval ignores these, the answer eval reads them
        **{k: item[k] for k in ANSWER_GOLD_KEYS if k in item},
    }


def json_lines(path: str | Path, what: str = "question file") -> Iterator[tuple[str, object]]:
    """(where, item) for each non-blank line of a JSON-lines file; QuestionFileError names
    the file (missing, unreadable) or the line (not JSON)."""
    path = Path(path)
    if not path.exists():
        raise QuestionFileError(f"{what} {path} does not exist")
    if not path.is_file():
        raise QuestionFileError(f"{what} {path} is not a file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"cannot read {what} {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionFileError(f"{where}: not valid JSON ({exc.msg})") from exc
        yield where, item


def load_questions(path: str | Path) -> list[dict]:
    """Questions from one JSON-lines file, checked; raises QuestionFileError."""
    questions: list[dict] = []
    seen: set[str] = set()
    for where, item in json_lines(path):
        q = validate_question(item, where)
        _check(q["id"] not in seen, where, f"duplicate id {q['id']!r}")
        seen.add(q["id"])
        questions.append(q)
    if not questions:
        raise QuestionFileError(f"question file {path} has no questions")
    return questions


def retrieval_query(question: dict) -> str:
    """The text sent to the retrieval modes: earlier turns, then the question, space-joined.

    A follow-up ("and in Southend?") is searched together with the questions before it,
    the simplest way to carry the topic over; ask() gets the history separately.
    """
    return " ".join([*question.get("history", []), question["question"]])
