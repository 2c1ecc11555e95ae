"""The passage reader: stored passage rows made into cited hits (document, part and
citation attached), by id, by rank or a whole document's in printed order."""

from __future__ import annotations

from indexer.store import StoreReader

from .answer.citations import citation_for
from .catalogue import Catalogue
from .types import Hit


class Passages:
    def __init__(self, reader: StoreReader, catalogue: Catalogue):
        self.reader, self.catalogue = reader, catalogue

    def passage(self, passage_id: str) -> Hit | None:
        row = self.reader.passage(passage_id)
        return self.hit(row, 0.0) if row is not None else None

    def hits(self, ranked: list[tuple[int, float]]) -> list[Hit]:
        """(rowid, score) pairs as hits, in the same order; a rowid no longer stored is left out."""
        if not ranked:
            return []
        ids = [r for r, _ in ranked]
        by_id = self.reader.rows(ids)
        copies = self.reader.copies(ids)
        return [
            self.hit(by_id[rowid], score, copies.get(rowid, []))
            for rowid, score in ranked
            if rowid in by_id
        ]

    def of_document(self, doc_id: str) -> list[Hit]:
        """A document's passages, in printed order."""
        rowids = [rowid for rowid, _, _ in self.reader.passages_in((doc_id,))]
        return self.hits([(rowid, 0.0) for rowid in sorted(rowids)])

    def hit(self, row, score: float, copies: list | None = None) -> Hit:
        passage = self._passage_dict(row)
        documents = self.catalogue.documents
        document = documents[row["doc_id"]]
        also_in = [
            citation_for(documents[c["doc_id"]], self._passage_dict(c)) for c in copies or []
        ]
        return Hit(
            passage=passage,
            score=round(float(score), 6),
            citation=citation_for(document, passage),
            document=dict(document),
            also_in=also_in,
            rowid=int(row["rowid"]),
        )

    def _passage_dict(self, row) -> dict:
        part = self.catalogue.parts[(row["doc_id"], row["part_slug"])]
        return {
            "passage_id": row["passage_id"],
            "doc_id": row["doc_id"],
            "part": {k: v for k, v in part.items() if k != "doc_id"},
            "section": row["section"],
            "label": row["label"],
            "text": row["text"],
            "start": row["start"],
            "end": row["end"],
            "page": row["page"],
        }
