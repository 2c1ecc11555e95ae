"""fact: the lead inspector, the inspection dates or the publication date, quoted from
where the report prints it (newest report of the council first)."""

from __future__ import annotations

import re

from ..search.printed import PRINTED
from ..types import Answer
from ..understand.query import Query, councils
from .cited import Cited
from .sentences import split_sentences
from .sources import Sources

_FUTURE = re.compile(r"\bnext\b|\bdue\b|\bwill\b|\bupcoming\b", re.I)
_NEXT = {  # a future inspection or report: no report can say
    "inspection_dates": "The reports do not say when the next inspection is: they print the "
    "dates of inspections that have taken place.",
    "publication_date": "The reports do not say when the next report will be published: "
    "they print the dates of inspections that have taken place.",
}
_WHAT = {
    "lead_inspector": "Lead inspector",
    "inspection_dates": "Inspection dates",
    "publication_date": "Published",
}


def fact_composer(query: Query, sources: Sources) -> Answer | None:
    kind = query.fact
    if kind in _NEXT and _FUTURE.search(query.text):
        return sources.abstain(query, _NEXT[kind])
    named = councils(query)
    if len(named) != 1 or kind not in _WHAT:
        return None
    docs = sources.council_documents(named[0])  # newest first
    for doc_id in docs:
        found = _printed(sources, doc_id, kind)
        if found:
            hit, line = found
            cited = Cited(sources.passage)
            n = cited.cite([hit.passage["passage_id"]], line)
            if n:
                cited.add(f"- {' '.join(line.split())} [{n}]")
                summary = f"{named[0]}: {_WHAT[kind].lower()}, as printed in {hit.citation} [{n}]."
                return cited.answer(query, summary)
    if kind == "publication_date" and docs:
        return _unprinted_publication(query, sources, named[0], docs[0])
    return None


def _unprinted_publication(
    query: Query, sources: Sources, council: str, doc_id: str
) -> Answer | None:
    """Many reports never print when they were published. Rather than a bare "not covered",
    say so, and give what the newest report does print: its inspection dates, cited."""
    found = _printed(sources, doc_id, "inspection_dates")
    if not found:
        return None
    hit, line = found
    cited = Cited(sources.passage)
    n = cited.cite([hit.passage["passage_id"]], line)
    if not n:
        return None
    cited.add(f"- {' '.join(line.split())} [{n}]")
    summary = (
        f"{council}: the report does not print its publication date. It prints the dates "
        f"of the inspection, in {hit.citation} [{n}]."
    )
    return cited.answer(query, summary)


def _printed(sources: Sources, doc_id: str, kind: str):
    """(hit, line) where the document prints the fact."""
    name = None
    if kind == "lead_inspector":
        names = [p["lead_inspector"] for p in sources.parts_of(doc_id) if p.get("lead_inspector")]
        if not names:
            return None
        name = names[0]
    hits = sources.passages_of(doc_id)
    for strict in (True, False):  # "Lead inspector: A Name" before a passing mention
        for hit in hits:
            for line in hit.passage["text"].splitlines():
                for sentence in split_sentences(line):
                    if name is not None:
                        if name in sentence and (not strict or "inspector" in sentence.lower()):
                            return hit, sentence
                    elif PRINTED[kind].search(sentence):
                        return hit, sentence
    return None
