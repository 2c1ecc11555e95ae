"""Check and resolve a question once: its text, mode and filters, what it names, and the
judgement rows a grade question asks for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from numbers import Integral

from indexer.vocab import month_year

from ..catalogue import Catalogue
from ..config import Config
from ..types import MODES, FilterError, Filters, QuestionError
from .across import (
    asks_regions_grades,
    compares_regions,
    counts_councils_by_grade,
    first_fitting,
    lists_councils_on_a_topic,
    names_grade_change,
)
from .earlier import Earlier, none_earlier, pick
from .grade_rows import matching_rows
from .query import Query
from .question import (
    QuestionIntent,
    ShapeRead,
    find_authorities,
    parse_question,
    with_neighbours,
)
from .shape import asks_how_rated, label_of, shape_from_label
from .unjudged import unjudged_subject

# How sure a reading as grades must be, with no grade word in the question, before the
# judgement tables rank first ("What did Ofsted say about the fostering service?" read as
# grades at 0.55 is a topic question); chosen on the holdout and gold questions' nDCG@10.
TABLES_FIRST_CONFIDENCE = 0.7


def sure(intent: QuestionIntent) -> bool:
    """A clear reading of the shape: only then do the judgement tables of a grades reading,
    or a briefing's summary, rank first. "How did Northumberland handle referrals about
    radicalisation?" read as a briefing at 0.59 asks about radicalisation, not for the
    report's summary (the lists of an unsure improve reading still rank first: on the gold
    and holdout questions they are right more often than not)."""
    return intent.shape_confidence >= TABLES_FIRST_CONFIDENCE


class Resolver:
    def __init__(self, catalogue: Catalogue, config: Config, shapes: ShapeRead | None = None):
        """`shapes` reads a question's shape from its wording (the classifier); None: by rule."""
        self.catalogue, self.config, self.shapes = catalogue, config, shapes

    def check_question(self, question: str) -> str:
        if question is not None and not isinstance(question, str):
            raise QuestionError(f"the question must be text, not {type(question).__name__}")
        text = (question or "").strip()
        if not text:
            raise QuestionError("the question is empty - type a question about the reports")
        if not is_text(text):
            raise QuestionError(
                "the question holds characters that are not valid text (a lone surrogate); "
                "retype it"
            )
        limit = self.config.max_question_chars
        if len(text) > limit:
            raise QuestionError(
                f"the question is {len(text):,} characters; keep it under {limit:,}"
            )
        return text

    def understand(
        self,
        question: str,
        history: list[str] | None = None,
        filters: Filters | None = None,
        council: str | None = None,
    ) -> QuestionIntent:
        """Councils, years, areas and follow-up context of a question, as this index knows
        them; "latest" is the newest report the caller's `filters` allow (an `until` date).
        `council` is my council (checked by check_council)."""
        known = self.catalogue.filter_values()
        intent = parse_question(
            question, known["authority"], known["year"], history, self.shapes, council
        )
        intent = self.veto(intent)
        intent = with_neighbours(intent, known["authority"])
        # Grades over time are every inspection: "previous and current grades", "the last
        # two inspections" name the latest as one end, not as the only year.
        if intent.latest and intent.authorities and not intent.years and intent.shape != "trend":
            within = self.catalogue.resolve(filters) if filters else None
            years = self.catalogue.latest_years(list(intent.authorities), within=within)
            intent = replace(intent, years=tuple(years))
        if intent.earlier and intent.authorities and not intent.years:
            intent = self.earlier_inspection(intent, filters)
        return intent

    def earlier_inspection(self, intent: QuestionIntent, filters: Filters | None) -> QuestionIntent:
        """ "The previous one": each council's inspection the slot names, as its year and
        its documents; none when a council has no inspection that far back (the answer says
        so, never the latest instead)."""
        within = self.catalogue.resolve(filters) if filters else None
        docs: list[str] = []
        years: set[int] = set()
        said: list[str] = []
        for council in intent.authorities:
            inspections = self.catalogue.graded_inspections(council, within)
            date = pick(intent.earlier, [d for d, _ in inspections], self._dated_in(inspections))
            if date is None:
                return replace(intent, inspection_docs=())
            docs += dict(inspections)[date]
            years.add(int(date[:4]))
            said.append(f"{council}'s inspection of {month_year(date, long=True)}")
        note = f"{' and '.join(said)} ({_reference(intent.earlier)})"
        if intent.shape == "trend":  # one inspection asked about: its grades, not over time
            intent = replace(intent, shape="grades", fact=None, asks_grade=True)
        return replace(
            intent,
            years=tuple(sorted(years)),
            year_range=False,
            inspection_docs=tuple(dict.fromkeys(docs)),
            carried=(*intent.carried, note),
        )

    def _dated_in(self, inspections: list[tuple[str, tuple[str, ...]]]):
        """The years each inspection is dated in: its own, and its reports'."""
        docs = dict(inspections)
        years = self.catalogue.doc_years
        return lambda date: {int(date[:4])}.union(*(years.get(d, set()) for d in docs[date]))

    def no_earlier_inspection(self, intent: QuestionIntent, filters: Filters) -> str:
        """Why an earlier inspection asked about cannot answer: "" when it can."""
        if not intent.earlier or intent.inspection_docs or not intent.authorities:
            return ""
        within = self.catalogue.resolve(filters) if filters else None
        for council in intent.authorities:
            inspections = self.catalogue.graded_inspections(council, within)
            dates = [d for d, _ in inspections]
            if pick(intent.earlier, dates, self._dated_in(inspections)) is None:
                shown = [month_year(d, long=True) for d in dates]
                return none_earlier(council, shown, intent.earlier)
        return ""

    def check_council(self, council) -> str | None:
        """My council as the index names it ("Staffs" -> "Staffordshire"); None for none."""
        if council is None or council == "":
            return None
        if not isinstance(council, str):
            raise FilterError(f"council must be a council's name, not {type(council).__name__}")
        held = self.catalogue.filter_values()["authority"]
        if council in held:
            return council
        strong, _, _ = find_authorities(council, held)
        if len(strong) == 1:
            return strong[0]
        raise FilterError(
            f"council {_shown(council)} is not a council the index holds reports for; "
            "use a council's name, like 'Kent'"
        )

    def veto(self, intent: QuestionIntent) -> QuestionIntent:
        """A shape that cannot apply gives way: a trend needs a named council with two
        graded inspections in the index; with one, the reports' own words answer. A shape
        over many councils needs its slots (a change named, a region)."""
        intent = veto_across(intent)
        if self.shapes is None or intent.shape != "trend" or not intent.authorities:
            return intent
        dates = {
            r["inspection_date"] for r in self.catalogue.judgements_of(list(intent.authorities))
        }
        if len(dates - {None, ""}) >= 2:
            return intent
        council = " and ".join(intent.authorities)
        note = (
            f"the index holds fewer than two graded inspections of {council}: no grades over time"
        )
        return replace(
            intent,
            shape="topic",
            fact=None,
            alternatives=("trend",),
            notes=(*intent.notes, note),
        )

    def resolve(
        self,
        question: str,
        *,
        k: int | None,
        mode: str,
        filters: dict | None = None,
        history: list[str] | None = None,
        understand: bool = True,
        council: str | None = None,
    ) -> Query:
        """Raises QuestionError or FilterError for what the caller must fix. `k` None is
        the configured default."""
        text = self.check_question(question)
        history = check_history(history)
        council = self.check_council(council)
        k = check_k(k, self.config)
        if not isinstance(mode, str) or mode not in MODES:
            raise FilterError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")
        given = check_filters(filters)
        self.catalogue.resolve(given)  # an unknown filter is the caller's to fix: say so
        filters = Filters.of(given)
        if not understand:
            return Query(text, mode, k, filters)
        intent = self.understand(text, history, filters, council)
        derived = self.derived_filters(intent, filters)
        # a question naming a judged area ("overall", "care leavers") asks about it
        unjudged = (
            "" if intent.areas else unjudged_subject(intent.topic, self.catalogue.judged_areas)
        )
        # a grade cue, or a reading as grades that is clear or that the whole question's
        # wording ("how was X rated ...?") reads too: an unsure one does not put the
        # judgement tables first
        graded = intent.shape == "grades" and (sure(intent) or asks_how_rated(intent.question))
        asks = (intent.asks_grade or graded) and not unjudged
        rows = self.grade_rows(intent, derived) if asks and derived is not None else []
        return Query(text, mode, k, filters, intent, derived, rows, unjudged)

    def derived_filters(self, intent: QuestionIntent, filters: Filters) -> Filters | None:
        """The caller's filters plus the councils and years the question names (the
        caller's win); None when it names only years the index has nothing from."""
        out = filters
        if intent.authorities and not out.authority:
            out = out.having("authority", intent.authorities)
        if intent.inspection_docs and not out.doc:  # "the previous one": its report
            out = out.having("doc", intent.inspection_docs)
        if intent.years and not out.year:
            known = set(self.catalogue.filter_values()["year"])
            years = [y for y in intent.years if y in known]
            if not years:
                return None
            out = out.having("year", years)
        return out

    def grade_rows(self, intent: QuestionIntent, filters: Filters) -> list[dict]:
        """Judgement rows that answer a grade question, newest inspection first."""
        rows = self.catalogue.judgements
        if filters.authority:
            rows = self.catalogue.judgements_of(list(filters.authority))
        if filters.doc:  # one inspection's report ("the previous one")
            rows = [r for r in rows if r["doc_id"] in set(filters.doc)]
        if filters.until:  # the tables of reports public by then ("as of")
            allowed = self.catalogue.public_by(filters.until)
            rows = [r for r in rows if r["doc_id"] in allowed]
        return matching_rows(rows, intent, lambda d: self.catalogue.doc_years.get(d, set()))


def _reference(earlier: Earlier) -> str:
    """Which inspection the slot named, as the answer's first line says it."""
    than = "that" if earlier.before_year is not None else "the latest"
    return f"the one before {than}" if earlier.steps == 1 else f"{earlier.steps} before {than}"


# -- the API's edge: what a caller passes, checked before anything is searched -----------
def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_k(k, config: Config) -> int:
    """A whole number of passages from 1 to config.max_k (None: the default)."""
    if k is None:
        return config.k
    if isinstance(k, bool) or not isinstance(k, Integral):
        raise FilterError(
            f"k must be a whole number from 1 to {config.max_k}, not {_shown(k)} "
            f"({type(k).__name__})"
        )
    if not 1 <= k <= config.max_k:
        raise FilterError(f"k must be a whole number from 1 to {config.max_k}, not {k}")
    return int(k)


def check_filters(filters) -> dict:
    """A mapping of filter name to a value or a list of values (text or whole numbers)."""
    if filters is None:
        return {}
    if not isinstance(filters, Mapping):
        raise FilterError(
            "filters must be a mapping of filter name to values, like "
            f"{{'authority': ['Leeds'], 'year': [2023]}}, not a {type(filters).__name__}"
        )
    for key, value in filters.items():
        values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        for v in values:
            if (
                v is None
                or isinstance(v, str)
                or (isinstance(v, Integral) and not isinstance(v, bool))
            ):
                continue
            raise FilterError(
                f"filter {_shown(key)} takes text or whole numbers (or a list of them), "
                f"not {_shown(v)} ({type(v).__name__})"
            )
    return dict(filters)


def veto_across(intent: QuestionIntent) -> QuestionIntent:
    """An across-council shape the question cannot carry gives way to the likeliest one it
    can ("which" when none of the alternatives fits); a list or table of councils that names
    a change of grade ("come out of outstanding", "from good to inadequate", "still
    inadequate") is a change between inspections, whatever grade it names. A question framed
    over councils that names no council and no grade lists councils on a topic, whatever
    other shape it was read as (across.lists_councils_on_a_topic)."""
    label = label_of(intent.shape, intent.fact, intent.asks_count)
    named = bool(intent.authorities or intent.boost_authorities)
    if label not in ("movement", "region_table", "region_compare", "which", "count"):
        if lists_councils_on_a_topic(intent.question, named):
            return replace(intent, shape="which", fact=None, asks_count=False)
        if counts_councils_by_grade(intent.question, named):
            return replace(intent, shape="which", fact=None, asks_count=True)
        if not named and asks_regions_grades(intent.question):
            return replace(intent, shape="region_table", fact=None, asks_count=False)
        return intent
    kept = first_fitting(label, intent.alternatives, intent.question) or "topic"
    if kept in ("which", "region_table", "region_compare") and names_grade_change(intent.question):
        if kept != "region_compare" or not compares_regions(intent.question):
            kept = "movement"  # "who in the South East has come out of outstanding?"
    elif kept == "which" and asks_regions_grades(intent.question):
        kept = "region_table"  # "a table of the South East's councils with their grades"
    if kept == label:
        return intent
    shape = shape_from_label(kept, intent.question, intent.shape_confidence, intent.alternatives)
    return replace(intent, shape=shape.kind, fact=shape.fact, asks_count=shape.count)


def check_history(history) -> list[str] | None:
    """Earlier questions of the conversation, oldest first: a list of text, or None."""
    if history is None:
        return None
    if isinstance(history, (str, bytes)) or not isinstance(history, (list, tuple)):
        raise QuestionError(
            f"history must be a list of earlier questions, not a {type(history).__name__}"
        )
    if not all(isinstance(h, str) for h in history):
        raise QuestionError("history must be a list of earlier questions (text)")
    if not all(is_text(h) for h in history):
        raise QuestionError(
            "an earlier question holds characters that are not valid text (a lone surrogate)"
        )
    return list(history)


def is_text(value: str) -> bool:
    """False for a string no text encoding can hold (lone surrogates, as Python keeps bytes
    that were not UTF-8): it would fail later, deep in the tokenizer, as a TypeError."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
