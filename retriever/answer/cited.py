"""An answer being written line by line, each quoted line checked against its passage."""

from __future__ import annotations

from collections.abc import Callable

from ..types import Answer, Citation, Hit
from ..understand.query import Query
from .citations import verify_quote


class Cited:
    """Lines and their numbered citations; a quote not printed in its passage is refused."""

    def __init__(self, passage: Callable[[str], Hit | None]):
        self.passage = passage
        self.lines: list[str] = []
        self.citations: list[Citation] = []
        self.hits: dict[str, Hit] = {}

    def hit(self, passage_id: str) -> Hit | None:
        if passage_id not in self.hits:
            hit = self.passage(passage_id) if passage_id else None
            if hit is None:
                return None
            self.hits[passage_id] = hit
        return self.hits[passage_id]

    def cite(self, passage_ids: list[str], quote: str, label: str = "") -> int | None:
        """The citation number of `quote` in the first of `passage_ids` that prints it."""
        for pid in dict.fromkeys(p for p in passage_ids if p):
            hit = self.hit(pid)
            if hit is not None and verify_quote(quote, hit.passage["text"]):
                for c in self.citations:  # the same quote of the same passage: one number
                    if c.passage_id == pid and c.quote == quote:
                        return c.number
                number = len(self.citations) + 1
                citation = hit.citation + (f" ({label})" if label else "")
                self.citations.append(Citation(number, pid, citation, quote))
                return number
        return None

    def add(self, text: str) -> None:
        self.lines.append(text)

    def add_points(self, heading: str, quotes: list[tuple[list[str], str, str]]) -> int:
        """Each (passage ids, quote, label) cited as a bullet under `heading`; the heading
        only when one of them could be cited. Returns how many were."""
        points = []
        for passage_ids, quote, label in quotes:
            n = self.cite(passage_ids, quote, label)
            if n:
                points.append(f"- {' '.join(quote.split())}{refs([n])}")
        if points:
            self.lines.extend([heading, *points, ""])
        return len(points)

    def answer(self, query: Query, summary: str) -> Answer | None:
        if not self.citations:
            return None
        body = "\n".join(self.lines).strip()
        return Answer(
            query.text,
            f"{summary}\n\n{body}",
            False,
            self.citations,
            list(self.hits.values()),
            query.derived or {},
            summary,
        )


def refs(numbers: list[int | None]) -> str:
    return "".join(f" [{n}]" for n in numbers if n)
