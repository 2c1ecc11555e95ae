"""What composers may draw on: the ranker's search, the catalogue's documents and judgement
rows, and the passage reader's cited hits. Built once by the pipeline, handed to every
composer; an "as of" question sees it through `within`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..catalogue import Catalogue
from ..config import Config
from ..passages import Passages
from ..search.ranking import Ranker
from ..search.terms import coverage, query_terms, term_weights
from ..types import Answer, Filters, Hit
from ..understand.query import Query
from .evidence import Evidence
from .weigh import weigh_evidence

NOT_COVERED = "The reports do not appear to cover this question."


def abstain(query: Query, reason: str, hits: list[Hit], filters: Filters | None) -> Answer:
    closest = "\n".join(f"- {h.citation}" for h in hits[:3])
    text = reason + (f"\nThe closest passages are:\n{closest}" if closest else "")
    return Answer(query.text, text, True, [], hits, filters, reason)


@dataclass(frozen=True)
class Sources:
    ranker: Ranker
    catalogue: Catalogue
    passages: Passages
    config: Config
    # the ranking abstention is judged on (Config.evidence_embedding); None: `ranker`
    evidence_ranker: Ranker | None = None
    docs: frozenset[str] | None = None  # only these documents' rows and lists (`within`)

    def passage(self, passage_id: str) -> Hit | None:
        return self.passages.passage(passage_id)

    def search(self, query: Query) -> list[Hit]:
        """The query's ranked hits, best first."""
        return self._ranked_hits(self.ranker, query)

    def _ranked_hits(self, ranker: Ranker, query: Query) -> list[Hit]:
        n = max(query.k, self.config.candidates)
        return self.passages.hits(ranker.rank(query, n)[: query.k])

    def weigh(self, query: Query, hits: list[Hit]) -> Evidence:
        """The evidence for abstaining, read from the passages the abstention thresholds
        were calibrated on: the answer's own `hits`, unless the answer ranks apart."""
        if self.evidence_ranker not in (None, self.ranker) and query.intent is not None:
            hits = self._ranked_hits(self.evidence_ranker, query)
        return weigh_evidence(
            query, hits, self.passages.reader.vectors, self._encode, self._frequencies
        )

    def closeness(self, text: str, hits: list[Hit]) -> list[tuple[float, float]]:
        """Each hit's IDF-weighted share of the text's terms and its cosine with the text."""
        if not hits:
            return []
        terms = query_terms(text)
        counts, total = self._frequencies(terms)
        weights = term_weights(terms, counts, total)
        cosines = self.passages.reader.vectors([h.rowid for h in hits]) @ self._encode(text)
        return [
            (coverage(terms, weights, h.passage["text"]), float(cosine))
            for h, cosine in zip(hits, cosines)
        ]

    @property
    def _encode(self):
        return self.ranker.dense.encode

    @property
    def _frequencies(self):
        return self.ranker.lexical.frequencies

    def lists(self, **kw) -> list[dict]:
        """Report lists (Reader.lists), newest first."""
        found = self.passages.reader.lists(**kw)
        return found if self.docs is None else [x for x in found if x["doc_id"] in self.docs]

    def judgements(self) -> list[dict]:
        """Every judgement row, an Ofsted report's own before a council paper's copy."""
        rows = self.catalogue.reported_judgements()
        return rows if self.docs is None else [r for r in rows if r["doc_id"] in self.docs]

    def doc_years(self, doc_id: str) -> set[int]:
        """The years a document is dated in."""
        return self.catalogue.doc_years.get(doc_id, set())

    def council_documents(self, authority: str) -> list[str]:
        """A council's documents, newest first."""
        docs = self.catalogue.council_documents(authority)
        return docs if self.docs is None else [d for d in docs if d in self.docs]

    def councils(self) -> list[str]:
        """Every council the index holds reports of."""
        return self.catalogue.filter_values()["authority"]

    def parts_of(self, doc_id: str) -> list[dict]:
        return self.catalogue.parts_of(doc_id)

    def passages_of(self, doc_id: str) -> list[Hit]:
        """A document's passages, in printed order."""
        return self.passages.of_document(doc_id)

    def abstain(self, query: Query, reason: str, hits: list[Hit] | None = None) -> Answer:
        return abstain(query, reason, hits or [], query.derived or query.filters)

    def within(self, docs: set[str]) -> Sources:
        """The same sources seen through a filter (an "as of" date): only these documents'
        lists, judgement rows and council documents, so a composer's "newest" is theirs."""
        kept = frozenset(docs) if self.docs is None else self.docs & frozenset(docs)
        return replace(self, docs=kept)
