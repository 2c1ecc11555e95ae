"""The typed query a question is resolved into, once, before any search."""

from __future__ import annotations

from dataclasses import dataclass, field

from .question import QuestionIntent


@dataclass(frozen=True)
class Query:
    text: str  # the question, checked (stripped, not empty, not too long)
    mode: str  # dense | lexical | hybrid | rerank
    k: int
    filters: dict  # the caller's own filters, checked against the index
    intent: QuestionIntent | None = None  # None: searched as it is, not understood
    # The caller's filters plus the councils and years the question names (the caller's
    # win); None when the question names only years the index has nothing from.
    derived: dict | None = None
    grade_rows: list[dict] = field(default_factory=list)  # judgement rows, for grade questions
