"""Composers: one per answer shape, each handed the query and what it may draw on.

`COMPOSERS` is tried in order; the first composer that wants the query and returns an
answer wins. A new answer shape is one file with its composer and one line in COMPOSERS;
this module only registers composers and picks one.
"""

from __future__ import annotations

from collections.abc import Callable

from ..types import Answer
from ..understand.query import Query, councils
from .briefing import briefing_composer
from .compare import compare_composer
from .declined import declined_answer, keeps_shape, needs_council
from .facts import fact_composer
from .grade_answer import grade_composer
from .grades import years_unheld
from .letter import asks_letter, letter_composer
from .lists import list_composer
from .neighbours import neighbours_composer
from .progress import progress_composer
from .prose import prose_composer
from .regional import (
    movement_composer,
    region_compare_composer,
    region_table_composer,
    which_councils_composer,
)
from .shaped import shape_asked, with_councils_named, with_shape
from .sources import NOT_COVERED, Sources, abstain
from .trend import trend_composer
from .which import which_composer


# -- the registry: (wants this query?, composer), tried in order ----------------------------
def _neighbours(query: Query) -> bool:
    return query.shape == "neighbours" or (query.shape == "compare" and query.intent.neighbours)


# (wants this query?, composer, the shape an answer from it has)
COMPOSERS: list[
    tuple[
        Callable[[Query], bool],
        Callable[[Query, Sources], Answer | None],
        Callable[[Query], str],
    ]
] = [
    (lambda q: q.shape in ("improve", "recommendations"), list_composer, shape_asked),
    (lambda q: q.shape == "briefing", briefing_composer, shape_asked),
    (lambda q: q.shape == "progress", progress_composer, shape_asked),
    (lambda q: q.shape == "trend", trend_composer, shape_asked),
    (lambda q: q.shape == "movement", movement_composer, shape_asked),
    (lambda q: q.shape == "region_table", region_table_composer, shape_asked),
    (lambda q: q.shape == "region_compare", region_compare_composer, shape_asked),
    (lambda q: q.shape == "which", which_councils_composer, shape_asked),
    (lambda q: q.shape == "which", which_composer, shape_asked),
    (lambda q: q.shape == "fact", fact_composer, shape_asked),
    (
        _neighbours,
        neighbours_composer,
        lambda q: "neighbours" if q.shape == "neighbours" else "compare",
    ),
    (lambda q: q.intent.asks_grade or q.shape == "grades", grade_composer, lambda q: "grades"),
    (lambda q: q.shape == "compare", compare_composer, lambda q: "compare"),
    (lambda q: True, prose_composer, lambda q: "topic"),
]


def compose_answer(query: Query, sources: Sources) -> Answer:
    if asks_letter(query):  # a visit kind named: that letter answers, whatever its year holds
        return with_shape(query, letter_composer(query, sources, prose_composer), "visit")
    unheld = years_unheld_reason(query, sources)
    if unheld:
        return with_shape(query, abstain(query, unheld, [], query.derived))
    if needs_council(query):
        return with_shape(query, declined_answer(query, sources))
    for wants, composer, shape in COMPOSERS:
        if composer is prose_composer and keeps_shape(query):
            return with_shape(query, declined_answer(query, sources))
        if wants(query):
            answer = composer(query, sources)
            if answer is not None:
                return with_shape(query, with_councils_named(query, answer), shape(query))
    return with_shape(query, abstain(query, NOT_COVERED, [], query.derived))


def years_unheld_reason(query: Query, sources: Sources) -> str:
    """A grades, briefing or trend question whose years ("after 2018") hold none of a
    named council's graded inspections is answered by saying so, with the inspections the
    index does hold: no other inspection's grades, no passages from around them."""
    intent = query.intent
    if intent is None or query.unjudged or query.shape == "compare":
        return ""  # a comparison shows what each council holds, side by side
    if not (intent.asks_grade or query.shape in ("grades", "briefing", "trend")):
        return ""
    named = list(intent.authorities) or councils(query)
    return years_unheld(named, sources.judgements(), intent, sources.doc_years)
