"""Retriever: open an index once; resolve each question once into a Query, route it,
search, weigh the evidence and compose a cited answer. Safe to share across threads."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import replace
from pathlib import Path

from indexer.store import Manifest, Reader, StoreReader, as_location, open_reader

from .answer.compose import compose_answer
from .answer.shaped import with_shape
from .answer.sources import NOT_COVERED, Sources, abstain
from .catalogue import Catalogue
from .config import DEFAULT, Config
from .passages import Passages
from .question_model import QuestionModel
from .search.dense import DenseSearcher
from .search.lexical import DocumentFrequencies, LexicalSearcher
from .search.ranking import Ranker
from .search.rerank import Reranker
from .types import Answer, Filters, Hit
from .understand.classify import ShapeReader
from .understand.query import Query
from .understand.question import QuestionIntent
from .understand.resolve import Resolver
from .understand.shape import rated_thing


class Retriever:
    def __init__(
        self,
        index_dir: Path,
        manifest: Manifest,
        model: str | None = None,
        config: Config = DEFAULT,
        reader: StoreReader | None = None,
        shapes: str = "model",
    ):
        """`shapes`: "model" reads a question's shape with the shipped classifier
        (understand/classify.py), "rules" with the hand-written cues alone."""
        self.index_dir = as_location(index_dir)
        self.manifest = manifest
        self.config = config
        self.reader = reader or Reader(index_dir, manifest)
        self.reader.load_vectors()
        self.reader.load_bm25()  # SQLite/FAISS: the BM25 matrix; PostgreSQL ranks with ts_rank
        self._model = model or manifest.model
        self._topics: threading.Thread | None = None
        self.questions = QuestionModel(self._model)
        self.catalogue = Catalogue(self.reader)
        if shapes not in ("model", "rules"):
            raise ValueError(f"shapes must be 'model' or 'rules', not {shapes!r}")
        reader_of_shapes = (
            ShapeReader(self._model, self.questions.encode) if shapes == "model" else None
        )
        self.resolver = Resolver(self.catalogue, config, reader_of_shapes)
        self.frequencies = DocumentFrequencies(self.reader)
        self.passages = Passages(self.reader, self.catalogue)
        self.ranker = Ranker(
            self.catalogue,
            DenseSearcher(self.reader, self.questions.encode, config),
            LexicalSearcher(self.reader, self.frequencies, config),
            Reranker(self.reader, self.questions.encode, self.frequencies, config),
            config,
        )
        # The ranking abstention is judged on (Config.evidence_embedding): the same one
        # unless the answer's ranking was configured apart from it.
        evidence = config.for_evidence()
        self.sources = Sources(
            self.ranker,
            self.catalogue,
            self.passages,
            config,
            evidence_ranker=None if evidence == config else replace(self.ranker, config=evidence),
        )

    @classmethod
    def open(
        cls,
        index_dir: str | Path = "index",
        model: str | None = None,
        config: Config = DEFAULT,
        shapes: str = "model",
    ) -> Retriever:
        """`index_dir`: an index folder or a postgresql:// URL (indexer.store.open_reader)."""
        reader = open_reader(index_dir, model=model)
        return cls(reader.index_dir, reader.manifest, model, config, reader=reader, shapes=shapes)

    @property
    def embedder(self):
        return self.questions.embedder

    def preload(self) -> None:
        """Start loading the embedding model, and reading the councils' newest reports for
        topic questions, in the background: the app calls this as the index opens, so the
        first question need not wait seconds for either (a question asked meanwhile waits
        for the same load)."""
        self.questions.preload()
        if self._topics is None:
            self._topics = threading.Thread(
                target=self._read_topics, name="ofsted-qa-topics", daemon=True
            )
            self._topics.start()

    def wait_for_topics(self) -> None:
        """Once a preload has read the newest reports (nothing to wait for without one)."""
        if self._topics is not None:
            self._topics.join()

    def _read_topics(self) -> None:
        from .answer.topic_which import read_newest

        # A report that fails to read is left for the first topic question to report.
        with contextlib.suppress(Exception):
            read_newest(self.sources)

    def wait_for_model(self):
        """The loaded model, once a preload has finished (or loaded now, without one)."""
        return self.questions.wait()

    # -- what the index knows -------------------------------------------------------
    def documents(self) -> list[dict]:
        docs = self.catalogue.documents.values()
        return sorted(docs, key=lambda d: (d["authority"], d["date"] or ""))

    def filter_values(self) -> dict[str, list]:
        return self.catalogue.filter_values()

    def judgements(self) -> list[dict]:
        return [dict(r) for r in self.catalogue.judgements]

    def passage(self, passage_id: str) -> Hit | None:
        return self.passages.passage(passage_id)

    def council_grades(self, region: str | None = None) -> Answer:
        """Each council's latest graded inspection in one of the nine regions (its code,
        "NW", or name; England when None): an answer whose table has the council, the
        inspection's month and a column per judgement (overall first), each grade citing
        its judgement passage. No council outside the region is ever in it."""
        from indexer.regions import england_regions

        from .answer.regional import latest_grades
        from .types import FilterError

        found = None
        if region and region.strip().lower() != "england":
            wanted = region.strip().lower()
            regions = england_regions()
            found = next((r for r in regions if wanted in (r.code.lower(), r.name.lower())), None)
            if found is None:
                known = ", ".join(f"{r.code} ({r.name})" for r in regions)
                raise FilterError(f"unknown region {region!r}; known regions: {known}, England")
        return latest_grades(self.sources, found)

    def status(self) -> dict:
        m = self.manifest
        return {
            "documents": m.counts.get("documents", 0),
            "passages": m.counts.get("passages", 0),
            "model": m.model,
            "index_type": m.index_type,
            "built_at": m.built_at,
        }

    def check_question(self, question: str) -> str:
        """The question as it will be asked (stripped), else QuestionError saying what to
        change: a caller can check it before it starts to answer."""
        return self.resolver.check_question(question)

    def understand(
        self, question: str, history: list[str] | None = None, council: str | None = None
    ) -> QuestionIntent:
        """Councils, years, areas and follow-up context of a question, as this index knows
        them; `council` is my council, for "we" and questions that name none."""
        return self.resolver.understand(
            question, history, council=self.resolver.check_council(council)
        )

    # -- search and answer ------------------------------------------------------------
    def search(
        self,
        question: str,
        k: int | None = None,
        mode: str = "hybrid",
        filters: dict | None = None,
        history: list[str] | None = None,
        understand: bool = True,
        council: str | None = None,
    ) -> list[Hit]:
        """Cited passages, best first. With `understand`, councils and years named in the
        question filter the search, a follow-up borrows from `history`, and a question
        naming no council is about `council` (my council)."""
        query = self.resolver.resolve(
            question,
            k=k,
            mode=mode,
            filters=filters,
            history=history,
            understand=understand,
            council=council,
        )
        return self.sources.search(query)

    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: dict | None = None,
        history: list[str] | None = None,
        mode: str | None = None,
        council: str | None = None,
    ) -> Answer:
        """A cited answer, or an abstention that says why. `history`: the earlier questions
        of the conversation, oldest first; `council`: my council (see understand)."""
        query = self.resolver.resolve(
            question, k=k, mode=mode or "hybrid", filters=filters, history=history, council=council
        )
        gate = self._gate(query)
        if gate is not None:
            return with_shape(query, gate)
        sources = self.sources
        if query.filters.until:  # composers see the reports public by then
            sources = sources.within(self.catalogue.public_by(query.filters.until))
        if query.derived is not None and query.derived.doc:  # one inspection ("the previous")
            sources = sources.within(set(query.derived.doc))
        return compose_answer(query, sources)

    def _gate(self, query: Query) -> Answer | None:
        """An abstention decided before any search: a council the index does not hold, a
        rating of something other than a council (schools), or councils and years sharing no report."""
        intent, filters = query.intent, query.filters
        named = intent.authorities or filters.authority
        if intent.not_councils and not named:
            names = " or ".join(intent.not_councils)
            reason = (
                f"{names} is not one of England's 153 councils with children's services, "
                "so the index holds no Ofsted reports for it. Name the council as it is usually "
                "written (for example 'Brighton and Hove' or 'Hull')."
            )
            return abstain(query, reason, [], filters)
        if intent.unknown_authorities and not named:
            names = " or ".join(intent.unknown_authorities)
            held = self.catalogue.filter_values()["authority"]
            known = (
                f"It holds reports for: {', '.join(held)}."
                if len(held) <= 20
                else f"It holds reports for {len(held)} other councils."
            )
            reason = f"The index holds no reports for {names}. {known}"
            return abstain(query, reason, [], filters)
        earlier = self.resolver.no_earlier_inspection(intent, filters)
        if earlier:  # "the previous one" of a council with no inspection that far back
            return abstain(query, earlier, [], filters)
        thing = rated_thing(query.text)
        if thing:  # the judgement data grades councils' children's services, nothing else
            reason = (
                f"{NOT_COVERED} They are inspections of councils' children's services and "
                f"hold no ratings of {thing}."
            )
            return abstain(query, reason, [], filters)
        derived = query.derived
        if derived is None or self.catalogue.matches_nothing(derived):
            return abstain(query, self._nothing_under(query, derived or filters), [], filters)
        return None

    def _nothing_under(self, query: Query, filters: Filters) -> str:
        """Why nothing can answer: the councils and years asked about share no report."""
        intent = query.intent
        councils = list(intent.authorities) or list(filters.authority)
        years = ", ".join(map(str, intent.years or filters.year))
        held = self.catalogue.report_years(councils)
        what = f"{' or '.join(councils)} reports" if councils else "reports"
        reason = f"The index holds no {what}" + (f" from {years}" if years else "") + "."
        if held:
            reason += " It holds " + "; ".join(
                f"{c}: {', '.join(map(str, y))}" for c, y in held.items()
            )
            reason += "."
        return reason
