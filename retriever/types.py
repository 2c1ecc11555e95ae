"""What the retriever hands to its callers (hits, citations and answers), and the data
the stages share: what a question asks for, read in understand/, used in answer/."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING

from indexer.errors import OfstedQAError

if TYPE_CHECKING:
    from .answer.standing import Movement

MODES = ("dense", "lexical", "hybrid", "rerank")


class QuestionError(OfstedQAError, ValueError):
    """A question the assistant cannot take (empty, too long, not text; history not a list
    of questions)."""


class FilterError(OfstedQAError, ValueError):
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
class TableCell:
    """One cell of an answer's table; `citation` is the number of the [n] that states it."""

    text: str
    citation: int | None = None


@dataclass(frozen=True)
class TableScope:
    """What a table over councils was filtered by, so a front end can show the same councils
    in a view of its own: region codes (indexer.regions; none: England), a judgement area
    key ("overall", "care_leavers"...) and a grade family ("" for any)."""

    regions: tuple[str, ...] = ()
    area: str = "overall"
    grade: str = ""


@dataclass(frozen=True)
class Table:
    """An answer over many councils as rows, for a front end to show as a table (the answer's
    text carries the same rows as lines, for the command line)."""

    columns: list[str]
    rows: list[list[TableCell]]
    title: str = ""  # what the table holds ("Grades of every council in the North East")
    scope: TableScope | None = None  # the councils it ranges over, for a front end to reopen

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "columns": self.columns,
            "rows": [[asdict(c) for c in r] for r in self.rows],
            "scope": asdict(self.scope) if self.scope else None,
        }

    def to_records(self) -> list[dict[str, str]]:
        """Rows as {column: text}, for a data frame or a CSV."""
        return [{col: cell.text for col, cell in zip(self.columns, r)} for r in self.rows]


# The filters a search takes: the index's own (catalogue.filter_values) and `doc`, a
# composer's narrowing to some documents.
FILTER_NAMES = ("authority", "kind", "year", "until", "doc")


@dataclass(frozen=True)
class Filters:
    """A search's filters, checked once (understand/resolve.py): each the values asked for,
    as given (empty: not filtered). `names`: the filters in the order they were given, so a
    front end shows them as the caller wrote them."""

    authority: tuple = ()
    kind: tuple = ()
    year: tuple = ()
    until: tuple = ()
    doc: tuple = ()
    names: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def of(cls, filters: Mapping | None) -> Filters:
        """From a mapping of filter name to a value or a list of values; empty values are
        no filter. An unknown name is a FilterError naming the known ones."""
        out = cls()
        for name, value in (filters or {}).items():
            if value in (None, "", [], ()):
                continue
            if name not in FILTER_NAMES:
                known = ", ".join(sorted(n for n in FILTER_NAMES if n != "doc"))
                raise FilterError(f"unknown filter {name!r}; use one of: {known}")
            many = isinstance(value, (list, tuple, set, frozenset))
            out = out.having(name, value if many else [value])
        return out

    def having(self, name: str, values) -> Filters:
        """These filters with `name` set to `values` (kept in its place when already set)."""
        names = self.names if name in self.names else (*self.names, name)
        return replace(self, **{name: tuple(values)}, names=names)

    def without(self, name: str) -> Filters:
        names = tuple(n for n in self.names if n != name)
        return replace(self, **{name: ()}, names=names)

    def as_dict(self) -> dict[str, list]:
        """{name: [values]} for each filter set, in the order given (what Answer.filters
        shows and the catalogue resolves)."""
        names = [*self.names, *(n for n in FILTER_NAMES if n not in self.names)]
        return {n: list(getattr(self, n)) for n in names if getattr(self, n)}

    def __bool__(self) -> bool:
        return any(getattr(self, n) for n in FILTER_NAMES)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # Markdown-free text; references as [n]
    abstained: bool
    citations: list[Citation]
    hits: list[Hit]
    filters: dict = field(default_factory=dict)  # given as Filters, kept as their dict
    summary: str = ""
    # A question naming no council: the councils whose reports the answer quotes, so a
    # front end can ask which one was meant (empty when the question names one).
    draws_on: list[str] = field(default_factory=list)
    # Answers over many councils: their rows as a table, each graded cell cited.
    table: Table | None = None
    # The shape the answer took ("grades", "improve", "fact_inspector", "compare", "topic"...),
    # how sure the reading of the question was, and, when unsure, the next likeliest shapes,
    # so a front end can offer them ("Show the grades instead").
    shape: str = "topic"
    shape_confidence: float = 1.0
    alternatives: list[str] = field(default_factory=list)
    # What the question did not name but the answer assumed: "Barnet (from your earlier
    # question)", "Kent (your council)"; also the answer's first line.
    carried: list[str] = field(default_factory=list)

    def __post_init__(self):
        if isinstance(self.filters, Filters):
            object.__setattr__(self, "filters", self.filters.as_dict())

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "shape": self.shape,
            "shape_confidence": self.shape_confidence,
            "alternatives": self.alternatives,
            "carried": self.carried,
            "summary": self.summary,
            "filters": self.filters,
            "draws_on": self.draws_on,
            "table": self.table.to_dict() if self.table else None,
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


@dataclass(frozen=True)
class MovementAsked:
    """Which changes a question asks for: a direction, and grades before and after."""

    direction: str = "any"  # "improved", "declined", "changed", "same", "any"
    before: frozenset[str] = frozenset()  # grade families; empty: any
    after: frozenset[str] = frozenset()

    def admits(self, movement: Movement) -> bool:
        if movement.before is None or movement.after is None:
            return False
        if self.before and movement.before not in self.before:
            return False
        if self.after and movement.after not in self.after:
            return False
        if self.direction == "improved":
            return movement.change > 0
        if self.direction == "declined":
            return movement.change < 0
        if self.direction == "same":
            return movement.change == 0
        if self.direction == "changed":
            return movement.change != 0
        return True
