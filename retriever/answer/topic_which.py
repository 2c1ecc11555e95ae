"""Which councils' reports say something (a topic, not a grade): "Which councils have a
Staying Close scheme?", "Which councils were criticised for placing children in
unregistered homes?".

Each council is represented by its newest Ofsted report, and by the one passage of it that
says the topic most directly, with the sentence that says it quoted. A council is listed
only when that passage holds most of the topic's distinctive wording (IDF-weighted) or is
very close to it in meaning; the thresholds are calibrated on judged questions
(`eval/topic_councils.jsonl`, `python -m eval.topic_which`). Where the question asks for
criticism or praise, a passage that says the opposite is left out ("no children were
living in an unregistered children's home" is not a criticism).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from indexer.vocab import INSPECTION_KINDS

from ..search.terms import query_terms
from ..types import Answer, Filters, Hit, Table, TableCell
from ..understand.query import Query
from .citations import format_month, part_date
from .cited import Cited
from .regional import asked_regions, councils_in
from .sentences import overlap_score, split_sentences
from .sources import Sources

MAX_COUNCILS = 30
SEARCH_DEPTH = 400  # passages ranked before grouping by council


@dataclass(frozen=True)
class Cutoff:
    """A council is listed when its best passage covers this much of the topic's wording,
    or is at least this close in meaning."""

    coverage: float = 0.5
    similarity: float = 0.75


CUTOFF = Cutoff()

# The frame of a "which councils" question, not its topic.
_FRAME = re.compile(
    r"\b(?:which|what|where|whose|list|show(?:\s+me)?|name|any|all|the)?\s*"
    r"(?:councils?|local\s+authorit(?:y|ies)|authorit(?:y|ies)|las?|boroughs?|areas?)\b"
    r"(?:'s?|’s?)?"
    r"|\b(?:in\s+which|which|where)\b|\bhas\s+ofsted\b|\bdid\s+(?:ofsted|inspectors)\b"
    r"|\bofsted\b|\binspectors?\b",
    re.I,
)
_CRITICISM = re.compile(
    r"\bcriticis|\bcriticiz|\bconcerns?\b|\bfound\s+wanting\b|\bweak(?:ness(?:es)?)?\b"
    r"|\bpoor(?:ly)?\b|\bfail(?:ed|ing|s)?\b|\btoo\s+(?:high|many|long|few|slow)\b"
    r"|\bnot\s+(?:good\s+enough|effective)\b|\bneed(?:s|ed)?\s+to\s+improve\b|\bmiss(?:es)?\s+out\b"
    r"|\bshortcomings?\b|\bgaps?\s+in\b|\bdelays?\b",
    re.I,
)
_PRAISE = re.compile(
    r"\bprais|\bcommend|\bpositive\s+comments?\b|\bstrengths?\b|\bgood\s+practice\b"
    r"|\bexcellent\b|\bimpressive\b|\bspoke\s+(?:highly|well)\b|\bcelebrat",
    re.I,
)
_POLARITY_WORDS = re.compile(
    r"\b(?:criticis\w*|criticiz\w*|prais\w*|commend\w*|raised|told|found\s+wanting|said|"
    r"positive\s+comments?\s+on|got|get|were|was|are|is|have|has|had|did|do|does|use|using|"
    r"offer(?:ing|s)?|say|says|said)\b",
    re.I,
)
# A sentence that says the thing is done badly, or too little.
_NEGATIVE = re.compile(
    r"\bnot\b|\bn't\b|\bno\s+(?:clear|consistent|evidence|routine)|\btoo\b|\binsufficient"
    r"|\binconsistent|\bweak|\bpoor|\blimited\b|\black(?:s|ing)?\b|\bdelay|\bvariable\b"
    r"|\bconcern|\bshortfall|\bgaps?\b|\bfail|\bunable\b|\bnever\b|\bremains?\s+(?:a|an)\b"
    r"|\bneeds?\s+to\b|\brequires?\b|\bshould\b|\bdrift|\bhigh\s+caseloads?\b|\bfew(?:er)?\b"
    r"|\bdoes\s+not\b|\bunclear\b|\bmissed\b|\bdeteriorat|\bnot\s+yet\b|\bunregistered\b"
    r"|\bunsuitable\b|\bbed\s+and\s+breakfast",
    re.I,
)
_POSITIVE = re.compile(
    r"\beffective(?:ly)?\b|\bstrong(?:ly)?\b|\bwell\b|\btimely\b|\brobust\b|\bimproved\b"
    r"|\bhigh[- ]quality\b|\bcreative|\binnovative|\bexcellent|\bbenefit|\bpositive"
    r"|\bimpressive|\bthriv|\bsupportive|\bvalued?\b|\benjoy|\bgood\b|\bsuccess"
    r"|\bestablished\b|\bcomprehensive\b|\bsensitive(?:ly)?\b|\bthoughtful",
    re.I,
)
# "No children were living in an unregistered children's home": the harm is absent.
_ABSENT = re.compile(
    r"\b(?:no|none\s+of\s+the)\s+(?:children|child|young\s+people|care\s+leavers?)\s+"
    r"(?:\w+\s+){0,3}(?:living|placed|live|are|were|is)\b",
    re.I,
)


def asked_polarity(question: str) -> str:
    """ "criticism", "praise" or "any": what the question asks the reports to have said."""
    if _PRAISE.search(question):
        return "praise"
    if _CRITICISM.search(question):
        return "criticism"
    return "any"


def topic_of(question: str) -> str:
    """The question without its frame ("which councils were criticised for ...") and any
    region it names (a filter, not words to search for)."""
    from indexer.regions import find_regions

    for mention in reversed(find_regions(question)):
        question = question[: mention.start] + " " + question[mention.end :]
    topic = _FRAME.sub(" ", question)
    topic = _POLARITY_WORDS.sub(" ", topic)
    return re.sub(r"\s+", " ", topic).strip(" ?.,:;")


_NEGATION = re.compile(
    r"\b(?:not|n't|no|never|insufficiently|lack\s+of|without|nor|less)\s+(?:\w+\s+){0,2}$", re.I
)


def sentence_polarity(sentence: str) -> str:
    """ "criticism" when a sentence says a thing is done badly or too little, "praise" when
    it says it is done well, "" when it says neither more than the other. A positive word
    under a negation ("not sufficiently robust") counts against."""
    if _ABSENT.search(sentence):
        return "praise"
    negative = len(_NEGATIVE.findall(sentence))
    positive = 0
    for match in _POSITIVE.finditer(sentence):
        if _NEGATION.search(sentence[max(0, match.start() - 40) : match.start()]):
            negative += 1
        else:
            positive += 1
    if negative > positive:
        return "criticism"
    if positive > negative:
        return "praise"
    return ""


def says(sentence: str, section: str, polarity: str) -> bool:
    """The sentence says what the question asks: criticism, praise, or anything."""
    if polarity == "any":
        return True
    if polarity == "criticism" and re.search(r"needs?\s+to\s+improve", section or "", re.I):
        return True  # an item of the report's "What needs to improve" list
    return sentence_polarity(sentence) == polarity


def best_sentence(text: str, terms: list[str]) -> str:
    """The sentence of a passage that holds most of the topic's terms (first on a tie)."""
    sentences = split_sentences(text) or [text]
    return max(sentences, key=lambda s: (overlap_score(s, terms), -sentences.index(s)))


@dataclass(frozen=True)
class Listed:
    council: str
    hit: Hit
    sentence: str
    coverage: float
    similarity: float


def newest_reports(sources: Sources, councils: set[str]) -> dict[str, str]:
    """Each council's newest Ofsted report (an inspection or visit, not a council paper)."""
    newest: dict[str, str] = {}
    for council in councils:
        for doc_id in sources.council_documents(council):
            kinds = {p.get("kind") for p in sources.parts_of(doc_id)}
            if kinds & set(INSPECTION_KINDS):
                newest[council] = doc_id
                break
    return newest


def listed_councils(
    query: Query, sources: Sources, cutoff: Cutoff = CUTOFF, limit: int | None = MAX_COUNCILS
) -> list[Listed]:
    """Councils whose newest Ofsted report says the question's topic, most direct first:
    each with its best passage and the sentence that says it."""
    topic = topic_of(query.text)
    polarity = asked_polarity(query.text)
    regions, _ = asked_regions(query)
    councils = sources.councils()
    within = councils_in(regions)
    if within is not None:
        councils = [c for c in councils if c in within]
    newest = newest_reports(sources, set(councils))
    if not newest:
        return []
    intent = replace(query.intent, topic=topic, query=topic) if query.intent else None
    derived = (query.derived or Filters()).having("doc", sorted(newest.values()))
    derived = derived.without("authority")
    searched = replace(query, k=SEARCH_DEPTH, intent=intent, derived=derived)
    hits = sources.search(searched)
    terms = query_terms(topic)
    listed: dict[str, Listed] = {}
    closeness = sources.closeness(topic, hits)
    for hit, (covered, similarity) in zip(hits, closeness):
        council = hit.document["authority"]
        if council in listed or newest.get(council) != hit.passage["doc_id"]:
            continue
        if covered < cutoff.coverage and similarity < cutoff.similarity:
            continue
        sentence = best_sentence(hit.passage["text"], terms)
        if not says(sentence, hit.passage.get("section") or "", polarity):
            continue
        listed[council] = Listed(council, hit, sentence, covered, similarity)
        if limit is not None and len(listed) >= limit:
            break
    return list(listed.values())


def topic_which_composer(query: Query, sources: Sources, cutoff: Cutoff = CUTOFF) -> Answer | None:
    topic = topic_of(query.text)
    if not query_terms(topic):
        return None
    listed = listed_councils(query, sources, cutoff)
    return _answer(query, sources, topic, asked_polarity(query.text), listed)


def _answer(
    query: Query, sources: Sources, topic: str, polarity: str, listed: list[Listed]
) -> Answer:
    said = {"criticism": "criticise", "praise": "praise", "any": "say"}[polarity]
    if not listed:
        text = (
            f"No council's newest Ofsted report in the index says this ({topic}): none of "
            f"their passages on it {said}s it closely enough to list."
        )
        return Answer(query.text, text, True, [], [], query.derived or {}, text)
    capped = " (the first 30, most direct first)" if len(listed) >= MAX_COUNCILS else ""
    summary = (
        f"{len(listed)} councils' newest Ofsted reports {said} this{capped}: "
        + ", ".join(item.council for item in listed)
        + "."
    )
    cited = Cited(sources.passage)
    rows = []
    for item in listed:
        cited.hits.setdefault(item.hit.passage["passage_id"], item.hit)
        number = cited.cite([item.hit.passage["passage_id"]], item.sentence)
        when = format_month(part_date(item.hit.document, item.hit.passage["part"]))
        rows.append([TableCell(item.council), TableCell(when), TableCell(item.sentence, number)])
        cited.add(f"- {item.council} ({when}): {item.sentence} [{number}]")
    cited.add("")
    cited.add(
        "Each council is represented by its newest Ofsted report; a council whose newest "
        "report does not say it is not listed, whatever an older report said."
    )
    answer = cited.answer(query, summary)
    table = Table(
        ["Council", "Report", "What it says"], rows, f"Councils whose reports {said} this"
    )
    if answer is None:
        return Answer(query.text, summary, False, [], [], query.derived or {}, summary, table=table)
    return replace(answer, table=table)
