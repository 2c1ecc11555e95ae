"""What the retriever hands to its callers: hits, citations and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

MODES = ("dense", "lexical", "hybrid", "rerank")


class QuestionError(ValueError):
    """A question the assistant cannot take (empty, too long, not text; history not a list
    of questions)."""


class FilterError(ValueError):
    """A filter or search option (mode, k) the caller must fix; the message says what is
    allowed, listing the known values where the index knows them."""


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its score, its document and a ready citation."""

    passage: dict  # passage_id, doc_id, part{slug,kind,title,...}, section, label, text, start, end, page
    score: float
    citation: str
    document: dict  # doc_id, path, title, authority, kind, date, source_url
    also_in: list[str] = field(default_factory=list)  # citations of the same text elsewhere
    rowid: int = -1

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Citation:
    """One numbered reference in an answer: the quoted sentence and where it is printed."""

    number: int
    passage_id: str
    citation: str
    quote: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # Markdown-free text; references as [n]
    abstained: bool
    citations: list[Citation]
    hits: list[Hit]
    filters: dict = field(default_factory=dict)
    summary: str = ""
    # A question naming no council: the councils whose reports the answer quotes, so a
    # front end can ask which one was meant (empty when the question names one).
    draws_on: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "summary": self.summary,
            "filters": self.filters,
            "draws_on": self.draws_on,
            "citations": [c.to_dict() for c in self.citations],
            "hits": [
                {
                    "passage": h.passage,
                    "score": h.score,
                    "citation": h.citation,
                    "document": h.document,
                    "also_in": h.also_in,
                }
                for h in self.hits
            ],
        }
