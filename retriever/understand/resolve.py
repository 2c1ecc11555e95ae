"""Check and resolve a question once: its text, mode and filters, what it names, and the
judgement rows a grade question asks for."""

from __future__ import annotations

from dataclasses import replace

from ..answer.grades import matching_rows, unjudged_subject
from ..catalogue import Catalogue
from ..config import Config
from ..types import MODES, FilterError, QuestionError
from .query import Query
from .question import QuestionIntent, parse_question, with_neighbours


class Resolver:
    def __init__(self, catalogue: Catalogue, config: Config):
        self.catalogue, self.config = catalogue, config

    def check_question(self, question: str) -> str:
        text = (question or "").strip()
        if not text:
            raise QuestionError("the question is empty - type a question about the reports")
        limit = self.config.max_question_chars
        if len(text) > limit:
            raise QuestionError(
                f"the question is {len(text):,} characters; keep it under {limit:,}"
            )
        return text

    def understand(self, question: str, history: list[str] | None = None) -> QuestionIntent:
        """Councils, years, areas and follow-up context of a question, as this index knows them."""
        known = self.catalogue.filter_values()
        intent = parse_question(question, known["authority"], known["year"], history)
        intent = with_neighbours(intent, known["authority"])
        if intent.latest and intent.authorities and not intent.years:
            years = self.catalogue.latest_years(list(intent.authorities))
            intent = replace(intent, years=tuple(years))
        return intent

    def resolve(
        self,
        question: str,
        *,
        k: int,
        mode: str,
        filters: dict | None = None,
        history: list[str] | None = None,
        understand: bool = True,
    ) -> Query:
        """Raises QuestionError or FilterError for what the caller must fix."""
        text = self.check_question(question)
        if mode not in MODES:
            raise FilterError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")
        filters = dict(filters or {})
        self.catalogue.resolve(filters)  # an unknown filter is the caller's to fix: say so
        if not understand:
            return Query(text, mode, k, filters)
        intent = self.understand(text, history)
        derived = self.derived_filters(intent, filters)
        labels = [r["area"] for r in self.catalogue.judgements]
        # a question naming a judged area ("overall", "care leavers") asks about it
        unjudged = "" if intent.areas else unjudged_subject(intent.topic, labels)
        asks = (intent.asks_grade or intent.shape == "grades") and not unjudged
        rows = self.grade_rows(intent, derived) if asks and derived is not None else []
        return Query(text, mode, k, filters, intent, derived, rows, unjudged)

    def derived_filters(self, intent: QuestionIntent, filters: dict) -> dict | None:
        out = dict(filters)
        if intent.authorities and not out.get("authority"):
            out["authority"] = list(intent.authorities)
        if intent.years and not out.get("year"):
            known = set(self.catalogue.filter_values()["year"])
            years = [y for y in intent.years if y in known]
            if not years:
                return None
            out["year"] = years
        return out

    def grade_rows(self, intent: QuestionIntent, filters: dict) -> list[dict]:
        """Judgement rows that answer a grade question, newest inspection first."""
        rows = self.catalogue.judgements
        councils = filters.get("authority") or []
        if councils:
            wanted = {c.lower() for c in (councils if isinstance(councils, list) else [councils])}
            rows = [r for r in rows if r["authority"].lower() in wanted]
        return matching_rows(rows, intent)
