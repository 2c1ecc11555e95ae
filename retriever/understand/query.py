"""The typed query a question is resolved into, once, before any search."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types import Filters
from .question import QuestionIntent


@dataclass(frozen=True)
class Query:
    text: str  # the question, checked (stripped, not empty, not too long)
    mode: str  # dense | lexical | hybrid | rerank
    k: int
    filters: Filters  # the caller's own filters, checked against the index
    intent: QuestionIntent | None = None  # None: searched as it is, not understood
    # The caller's filters plus the councils and years the question names (the caller's
    # win); None when the question names only years the index has nothing from.
    derived: Filters | None = None
    grade_rows: list[dict] = field(default_factory=list)  # judgement rows, for grade questions
    # A grade question's words that no judgement table grades ("adult social care"): it
    # is answered from passages that name them, never from children's services grades.
    unjudged: str = ""

    # The question's shape (understand/shape.py): which composer answers it.
    @property
    def shape(self) -> str:
        return self.intent.shape if self.intent else "topic"

    @property
    def fact(self) -> str | None:
        return self.intent.fact if self.intent else None

    @property
    def asks_count(self) -> bool:
        return bool(self.intent and self.intent.asks_count)


def councils(query: Query) -> list[str]:
    """The councils the query's search is filtered to, in the order asked."""
    return list(query.derived.authority) if query.derived else []
