"""One ranking for a resolved question: its filters applied, one list per council for a
comparison, a council's newest report pack first unless a year or its history is asked,
softer mentions boosted, judgement tables first for grade questions, and the report's own
lists (and a briefing's judgement table) first for improve, recommendations and briefing
questions, as their answers are made of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..catalogue import Catalogue
from ..config import Config
from ..types import Filters
from ..understand.glossary import expand, with_report_words
from ..understand.query import Query
from ..understand.question import topic_words
from ..understand.resolve import sure
from .dense import DenseSearcher
from .fusion import convex_fusion, reciprocal_rank_fusion
from .lexical import LexicalSearcher
from .newest import newest_lists
from .printed import prints_fact
from .rerank import Reranker

Ranked = list[tuple[int, float]]

# Words that point a council question at an older report than its newest. "Past", "before"
# and "prior" only of an inspection or report: "make sense of their past", "support before
# they leave care" and "prior to leaving care" are about children, not earlier reports.
_REPORT = r"(?:inspections?|reports?|visits?|judge?ments?|grades?|ratings?)"
_EARLIER = re.compile(
    r"\b(?:previous|earlier|first (?:inspection|report|visit)|older|former|last time|history"
    r"|historic\w*|in the past|past (?:\w+ )?" + _REPORT + r"|(?:before|prior to|prior)"
    r" (?:the |its |their |that |this |a |an )?(?:\d{4} |last |latest |previous |recent "
    r"|most recent |current |ofsted |ilacs |sif )*" + _REPORT + r""
    r"|each inspection|every inspection|all (?:the )?(?:inspections|reports))\b",
    re.I,
)


@dataclass
class Ranker:
    catalogue: Catalogue
    dense: DenseSearcher
    lexical: LexicalSearcher
    reranker: Reranker
    config: Config

    def rank(self, query: Query, n: int) -> Ranked:
        """(rowid of canonical passage, score), best first."""
        if query.intent is None:  # taken as it is: only the caller's filters
            return self.ranked(query.text, query.mode, query.filters, n)
        derived = query.derived
        if derived is None:
            return []
        intent, mode = query.intent, query.mode
        councils = list(derived.authority)
        newest = self.config.newest_first and wants_newest(query)
        if len(councils) > 1 and intent.compare:
            topic = expand(intent.topic)  # the other councils' names would pull the wrong way
            per_council = [
                self.council_ranked(topic, mode, derived.having("authority", [c]), n, newest)
                for c in councils
            ]
            ranked = _interleave(per_council)[:n]
        elif newest and councils:
            words = self.lexical_text(query, councils)
            per_council = [
                self.council_ranked(
                    intent.query, mode, derived.having("authority", [c]), n, True, words
                )
                for c in councils
            ]
            ranked = _interleave(per_council)[:n] if len(per_council) > 1 else per_council[0]
        else:
            words = self.lexical_text(query, councils)
            ranked = self.ranked(intent.query, mode, derived, n, words)
        if intent.boost_authorities and not derived.authority:
            boosted = self.ranked(
                intent.query, mode, derived.having("authority", intent.boost_authorities), n
            )
            ranked = reciprocal_rank_fusion([ranked, boosted], k=self.config.rrf_k)[:n]
        if intent.event_years and not derived.year:
            ranked = self._from_event(query, ranked, n)
        if query.grade_rows:  # a grade cue or a grades shape ("How was Leeds rated?"), as ask()
            ranked = self._tables_first(ranked, query.grade_rows)
        if intent.shape == "fact" and intent.fact:
            ranked = self._fact_first(ranked, intent.fact)
        unsure_briefing = intent.shape == "briefing" and not sure(intent)
        if intent.shape in SHAPE_PARTS and councils and not unsure_briefing:
            ranked = self._first(ranked, self.shape_passages(query, councils))
        return ranked

    def _from_event(self, query: Query, ranked: Ranked, n: int) -> Ranked:
        """A question about an event of a year ("the SEND inspection in 2018") ranks the
        reports of that year and after higher: any of them may discuss it, none is
        required."""
        since = min(query.intent.event_years)
        years = [y for y in self.catalogue.filter_values()["year"] if y >= since]
        if not years:
            return ranked
        filters = query.derived.having("year", years)
        boosted = self.ranked(query.intent.query, query.mode, filters, n)
        return reciprocal_rank_fusion([ranked, boosted], k=self.config.rrf_k)[:n]

    def lexical_text(self, query: Query, councils: list[str]) -> str | None:
        """With the search filtered to named councils, BM25 gives their names (rare words,
        so heavily weighted) to the passages that print them: title pages, contact details,
        a councillor's statement. BM25 searches the topic instead (None: the question as it
        is), and so does the dense stage unless configured otherwise
        (Config.council_embedding): a name pulls it the same way, more softly."""
        intent = query.intent
        if councils and self.config.search_topic_for_councils and topic_words(intent.topic):
            return expand(intent.topic, like=intent.question)
        return None

    def shape_passages(self, query: Query, councils: list[str]) -> list[str]:
        """The passages an improve, recommendations or briefing answer is made of: the
        newest report's own lists (and, for a briefing, its judgement table), per council."""
        reader, years = self.catalogue.reader, self.catalogue.doc_years
        lists = reader.lists
        until = query.derived.until if query.derived else ()
        if until:  # as of a date: the lists of the reports public by then
            allowed = self.catalogue.public_by(until)

            def lists(**kw):
                return [x for x in reader.lists(**kw) if x["doc_id"] in allowed]

        sources = _ListSources(lists, lambda d: years.get(d, set()))
        ids: list[str] = []
        for council in councils:
            one = replace(
                query, derived=(query.derived or Filters()).having("authority", [council])
            )
            for kinds in SHAPE_PARTS[query.intent.shape]:
                for entry in newest_lists(one, sources, kinds):
                    if query.intent.shape == "briefing" and entry["kind"] == "summary":
                        ids.extend(self._table_of(entry["doc_id"]))
                    ids.extend([entry["lead_passage_id"] or "", *entry["passage_ids"]])
        return [i for i in dict.fromkeys(ids) if i]

    def _table_of(self, doc_id: str) -> list[str]:
        return self.catalogue.judgement_passages.get(doc_id, [])

    def _first(self, ranked: Ranked, passage_ids: list[str]) -> Ranked:
        """These passages (their canonical copies) first, in this order, then the rest."""
        if not passage_ids:
            return ranked
        canonical = self.catalogue.reader.canonical_by_passage_id(passage_ids)
        first = list(dict.fromkeys(canonical[i] for i in passage_ids if i in canonical))
        top = ranked[0][1] if ranked else 1.0
        return [(rowid, top) for rowid in first] + [(r, s) for r, s in ranked if r not in first]

    def council_ranked(
        self,
        text: str,
        mode: str,
        filters: Filters,
        n: int,
        newest: bool,
        lexical_text: str | None = None,
    ) -> Ranked:
        """One council's ranking; with `newest`, the passages of its newest report pack
        (the documents dated in the year of its newest report) first, then the rest."""
        everything = self.ranked(text, mode, filters, n, lexical_text)
        if not newest:
            return everything
        scope = self.catalogue.resolve(filters)
        latest = self.catalogue.latest_years(list(filters.authority), within=scope)
        if not latest:
            return everything
        first = self.ranked(text, mode, filters.having("year", latest), n, lexical_text)
        return newest_first(first, everything, n)

    def ranked(
        self, text: str, mode: str, filters: Filters | None, n: int, lexical_text: str | None = None
    ) -> Ranked:
        """`lexical_text`: what BM25 searches when it differs from what is embedded."""
        scope = self.catalogue.resolve(filters)
        allowed = self.catalogue.allowed_rowids(scope)
        if allowed is not None and len(allowed) == 0:
            return []
        words = with_report_words(lexical_text or text)
        if mode == "dense":
            return self.dense.search(text, n, allowed)
        if mode == "lexical":
            return self.lexical.search(words, n, scope, allowed)
        embedded = [text]
        if lexical_text and lexical_text != text:  # a council question: its topic apart
            embedded = _EMBEDDED[self.config.council_embedding](text, lexical_text)
        dense = [self.dense.search(t, n, allowed) for t in embedded]
        fused = self.fuse(dense, self.lexical.search(words, n, scope, allowed))
        if mode == "rerank":
            return self.reranker.rerank(text, fused)[:n]
        return fused[:n]

    def fuse(self, dense: list[Ranked], lexical: Ranked) -> Ranked:
        """The dense rankings (the question's, its topic's or both: Config.council_embedding)
        and the BM25 ranking as one (Config.fusion); the dense rankings share the dense weight."""
        if self.config.fusion == "rrf":  # the dense rankings share one ranking's weight
            weights = [1.0 / len(dense)] * len(dense) + [1.0]
            return reciprocal_rank_fusion([*dense, lexical], k=self.config.rrf_k, weights=weights)
        share = self.config.dense_weight / len(dense)
        return convex_fusion([*dense, lexical], [share] * len(dense) + [1 - share * len(dense)])

    def _fact_first(self, ranked: Ranked, fact: str) -> Ranked:
        """A fact is answered from the line that prints it ("Lead inspector: ...",
        "Inspection dates: ..."), as its judgement table answers a grade question: the
        candidates printing the fact asked for first, then the rest, each in its order."""
        texts = self.catalogue.reader.texts([r for r, _ in ranked])
        names = self.catalogue.lead_inspectors

        printing = [r for r, _ in ranked if prints_fact(texts.get(r, ""), fact, names)]
        if not printing:
            return ranked
        top = ranked[0][1]
        return [(r, top) for r in printing] + [(r, s) for r, s in ranked if r not in printing]

    def _tables_first(self, ranked: Ranked, rows: list[dict]) -> Ranked:
        return self._first(ranked, list(dict.fromkeys(r["passage_id"] for r in rows)))


# What a council question embeds (Config.council_embedding), from (question, topic).
_EMBEDDED = {
    "question": lambda question, topic: [question],
    "topic": lambda question, topic: [topic],
    "both": lambda question, topic: [question, topic],
}

# What each shape's answer is made of, in the order its composer prints it: list kinds
# (search/newest.py newest_lists reads each tuple as "the first kind any report has").
SHAPE_PARTS = {
    "improve": (("improve",),),
    "recommendations": (("recommendations", "improve"),),
    "briefing": (("summary",), ("improve",)),
}


@dataclass(frozen=True)
class _ListSources:
    lists: object
    doc_years: object


def wants_newest(query: Query) -> bool:
    """A council question asks about its newest inspection unless it names a year or a
    range (of a report or of an event it asks about), asks about its history or trend, or
    asks for an earlier report."""
    intent = query.intent
    if intent is None or query.derived is None or query.derived.year:
        return False
    if intent.years or intent.event_years or intent.shape == "trend":
        return False
    return not _EARLIER.search(query.text)


def newest_first(first: Ranked, everything: Ranked, n: int) -> Ranked:
    """`first` (the newest pack's ranking) ahead of the rest of `everything`, each in its
    own order, scores kept monotone so callers can still read them as a ranking."""
    seen = {rowid for rowid, _ in first}
    rest = [(r, s) for r, s in everything if r not in seen]
    floor = min((s for _, s in first), default=0.0)
    top = max((s for _, s in rest), default=0.0)
    shift = max(0.0, top - floor) + (1e-6 if first and rest else 0.0)
    return ([(r, s + shift) for r, s in first] + rest)[:n]


def _interleave(lists: list[Ranked]) -> Ranked:
    """Round-robin over per-council rankings so each council is heard side by side."""
    out, seen = [], set()
    for i in range(max((len(x) for x in lists), default=0)):
        for ranked in lists:
            if i < len(ranked) and ranked[i][0] not in seen:
                seen.add(ranked[i][0])
                out.append(ranked[i])
    return out
