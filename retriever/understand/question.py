"""What a question asks for: councils, years, report kinds, judgement areas, follow-ups.

Pure functions over the question text and what the index knows (its authorities and
years), so they are cheap to test and the same for the CLI, the app and the eval.
A council named outright ("Southend", "Staffs", "BCP") becomes a filter; a softer mention
(one town of a combined authority, "Poole") only boosts that council's passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from indexer import councils as council_table
from indexer.dates import months_named
from indexer.vocab import (
    AREAS,
    INADEQUATE,
    INSPECTION_KINDS,
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
    judgement_named,
    typed_grade,
)

from .agree import settle
from .conversation import follow_on, with_my_council
from .earlier import Earlier, read_earlier
from .events import event_years, without_event_dates
from .glossary import expand
from .shape import FactKind, Shape, ShapeKind, read_shape, shape_from_label

# Reads a question's shape from its wording: (label, confidence, next likeliest labels), and
# optionally those labels' probabilities.
ShapeRead = Callable[[str], tuple]

_MINOR_WORDS = {"and", "of", "on", "upon", "with", "the", "in", "under"}
_COMPASS = {"north", "south", "east", "west", "central", "city", "county", "borough"}
_COUNCIL_WORDS = re.compile(
    r"\b(?:metropolitan\s+)?(?:county\s+|city\s+|borough\s+|district\s+)?council\b", re.I
)

_GRADE_CUE = re.compile(
    r"\b(?:grade[ds]?|grading|judgements?|judgments?|judged|overall effectiveness"
    rf"|{typed_grade(OUTSTANDING, INADEQUATE, REQUIRES_IMPROVEMENT)})\b",
    re.I,
)
# "rated" alone may be about anything ("how are LADO services rated?"); it asks for a
# grade only together with a judgement area.
_WEAK_GRADE_CUE = re.compile(r"\b(?:rated|ratings?|rate|scored?)\b", re.I)
_KINDS = {
    "focused_visit": r"focused[ -]visits?",
    "monitoring_visit": r"monitoring[ -]visits?",
    "cabinet_report": r"cabinet|council report|officers'? report|committee report",
    "presentation": r"presentation|slides?",
    "improvement_plan": r"improvement plan|action plan",
}
# "when Ofsted visited Barnet in March 2025": a visit of any kind (an inspection is one too)
# in the month named, so a month is needed to read it as one.
_VISITED = re.compile(r"\bvisit(?:s|ed|ing)?\b", re.I)
_LATEST = re.compile(r"\b(?:latest|most recent|newest|current|last)\b", re.I)
_COMPARE = re.compile(r"\b(?:compare[ds]?|comparison|versus|vs\.?|differ\w*|both)\b", re.I)
# "its statistical neighbours", "similar councils", "comparator authorities": the council's
# ten statistical neighbours (indexer/data/councils.csv), not the word "neighbouring".
_NEIGHBOURS = re.compile(
    r"\b(?:statistical|stat)\s+neighbou?rs?\b"
    r"|\b(?:similar|comparable)\s+(?:councils|authorities|local authorities|las|areas)\b"
    r"|\bcomparator\s+(?:councils|authorities|group)\b|\b(?:its|their|her|his)\s+neighbou?rs\b"
    r"|\bneighbou?rs\b(?!hood)",
    re.I,
)
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_RANGE = re.compile(r"\b(after|since|from|before|until|prior to)\s+(19[89]\d|20[0-4]\d)\b", re.I)
_WORD = re.compile(r"[a-z0-9]+")
# Words that carry no topic of their own in a follow-up ("and what about them there?").
_NON_TOPIC = {
    "a", "about", "also", "an", "and", "any", "are", "as", "at", "be", "but", "by", "compare",
    "compared", "comparison", "did", "do", "does", "for", "from", "how", "in", "is", "it",
    "its", "of", "on", "one", "or", "plus", "said", "same", "say", "so", "than", "that",
    "the", "their", "them", "there", "these", "they", "this", "those", "to", "versus", "vs",
    "was", "were", "what", "when", "where", "which", "who", "with", "ofsted", "council",
    "councils", "authority", "latest", "recent", "most", "last", "newest", "current", "get",
    "got",
}  # fmt: skip


@dataclass(frozen=True)
class QuestionIntent:
    """What retrieval should do with a question."""

    question: str  # as asked
    query: str  # text to search with: the question, plus the topic of earlier turns
    topic: str  # the question without council names and years
    authorities: tuple[str, ...] = ()  # named outright: a filter
    boost_authorities: tuple[str, ...] = ()  # a softer mention: ranked higher, not required
    unknown_authorities: tuple[str, ...] = ()  # councils named that the index holds nothing on
    not_councils: tuple[str, ...] = ()  # "Gotham City Council": named as a council, but no council
    years: tuple[int, ...] = ()
    months: tuple[str, ...] = ()  # "March 2025" -> "2025-03": a report of that month
    year_range: bool = False  # the years span "after 2018", "since 2019": when inspected
    # years dating an event asked about ("the SEND inspection in 2018", "since the 2017
    # inspection"), not the report: they rank reports from then on higher, filter nothing
    event_years: tuple[int, ...] = ()
    latest: bool = False
    # "the previous one", "the one before that": an inspection before the latest, read by
    # understand/earlier.py; resolve.py names its documents (`inspection_docs`)
    earlier: Earlier | None = None
    inspection_docs: tuple[str, ...] = ()  # the documents of the inspection asked about
    kinds: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    asks_grade: bool = False
    compare: bool = False
    neighbours: bool = False  # "compared with its statistical neighbours": see with_neighbours
    followup: bool = False
    shape: ShapeKind = "topic"  # what kind of answer it asks for (retriever/understand/shape.py)
    fact: FactKind | None = None  # for shape "fact": lead inspector, dates, publication
    asks_count: bool = False  # "how many ...?"
    shape_confidence: float = 1.0  # how sure the shape's reading is (1.0: read by rule)
    alternatives: tuple[str, ...] = ()  # the next likeliest shapes, as labels
    notes: tuple[str, ...] = field(default=())  # what was understood, for the user to see
    # What was taken from elsewhere than the question: "Barnet (from your earlier question)",
    # "Kent (your council)"; the answer's first line.
    carried: tuple[str, ...] = ()

    def filters(self) -> dict:
        out: dict = {}
        if self.authorities:
            out["authority"] = list(self.authorities)
        if self.years:
            out["year"] = list(self.years)
        return out


def acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s,-]+", name) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0].upper() for w in words) if len(words) >= 3 else ""


def authority_aliases(names: list[str] | tuple[str, ...]) -> list[tuple[str, str, bool]]:
    """(normalised alias, authority, strong) for each name the index knows, longest first."""
    return list(_aliases(tuple(names)))


@lru_cache(maxsize=8)
def _aliases(names: tuple[str, ...]) -> tuple[tuple[str, str, bool], ...]:
    aliases: dict[str, tuple[str, bool]] = {}

    def add(alias: str, name: str, strong: bool) -> None:
        alias = council_table.fold(alias)
        if len(alias) >= 3 and (alias not in aliases or strong and not aliases[alias][1]):
            aliases[alias] = (name, strong)

    for name in names:
        add(name, name, True)
        head = re.split(r"\s*-\s*(?:on|upon|under)\s*-\s*|\s+(?:on|upon)\s+", name)[0]
        if head != name:
            add(head, name, True)  # "Southend" for "Southend-on-Sea"
        for short in council_table.former_county_short_forms(name):
            add(short, name, True)  # "Northants" for a report filed under its old county
        council = council_table.lookup(name)
        if council is not None:
            for alias in (council.name, *council.aliases):
                if not alias.isupper():  # acronyms are matched case-sensitively below
                    add(alias, name, True)  # "Hull", "Brighton", "Telford", "County Durham"
            for old in council.former_names:
                add(old, name, False)  # "Poole", "Cumbria": a council it replaced
        words = [w for w in re.split(r"[\s,]+", name) if w]
        if len(words) > 1:
            for word in words:
                if word.lower() not in _MINOR_WORDS | _COMPASS and word[:1].isupper():
                    add(word, name, False)  # "Poole", "Cheshire"
    return tuple(sorted(((a, n, s) for a, (n, s) in aliases.items()), key=lambda x: -len(x[0])))


def find_authorities(question: str, names: list[str]) -> tuple[list[str], list[str], str]:
    """(named outright, softly mentioned, question with those names removed)."""
    text = council_table.fold(_COUNCIL_WORDS.sub(" ", question))
    strong: list[str] = []
    soft: list[str] = []
    for pattern, name, is_strong in _alias_patterns(tuple(names)):
        if pattern.search(text):
            text = pattern.sub(" ", text)
            target = strong if is_strong else soft
            if name not in strong and name not in target:
                target.append(name)
    for name, short in _acronyms(tuple(names)):
        if re.search(rf"\b{short}\b", question) and name not in strong:
            strong.append(name)  # "BCP"; case-sensitive so words are not mistaken for one
            text = re.sub(rf"\b{short.lower()}\b", " ", text)
    soft = [n for n in soft if n not in strong]
    return strong, soft, re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=8)
def _alias_patterns(names: tuple[str, ...]) -> tuple[tuple[re.Pattern, str, bool], ...]:
    """authority_aliases, each alias's whole-word pattern compiled once: a national index has
    more aliases than `re` caches, so every question compiled them all again (~1.5 ms)."""
    return tuple((re.compile(rf"\b{re.escape(a)}\b"), n, s) for a, n, s in _aliases(names))


@lru_cache(maxsize=8)
def _acronyms(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    out = [(n, acronym(n)) for n in names if acronym(n)]
    for name in names:
        council = council_table.lookup(name)
        if council is not None:
            out.extend((name, a) for a in council.aliases if a.isupper() and a.isalpha())
    return tuple(dict.fromkeys(out))


def find_unknown_authorities(question: str, names: list[str]) -> list[str]:
    """Councils named (capitalised, as printed) that the index holds no report for."""
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _unknown_patterns(tuple(names)):
        for m in pattern.finditer(question):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # "Kingston upon Hull" is not also "Kingston"
            taken.append(m.span())
            if name not in found:
                found.append(name)
    return found


def _known_councils(names: tuple[str, ...]) -> set:
    return {c for c in (council_table.lookup(n) for n in names) if c is not None}


@lru_cache(maxsize=8)
def _unknown_patterns(names: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    """Every form of every council the index holds nothing on, longest first."""
    known = {council_table.fold(n) for n in names}
    held = _known_councils(names)
    out = []
    for alias, council, strong in council_table.alias_table():
        if council in held or not alias[:1].isupper():
            continue
        if not strong and any(c in held for c in council_table.candidates(alias)):
            continue  # "Poole" when BCP is held
        own = council_table.fold(council.name)
        if any(own in k or k in own for k in known):
            continue
        words = r"[\s,-]+(?:and\s+|&\s+)?".join(
            map(re.escape, [w for w in re.split(r"[\s,-]+", alias) if w not in ("and", "&")])
        )
        name = council.name if strong else alias
        out.append((len(alias), name, re.compile(rf"\b{words}\b")))
    out.sort(key=lambda x: -x[0])
    return tuple((n, p) for _, n, p in out)


_NAMED_COUNCIL = re.compile(
    r"((?:[A-Z][\w'’-]*,?\s+(?:(?:and|upon|on|of|with)\s+)?)*[A-Z][\w'’-]*)"
    r"\s+(?:(City|County|Borough|District)\s+)?Council\b"
)
# Capitalised words that open a sentence or name no place: "Did", "Ofsted", "The".
_NOT_PLACE = {
    "a", "about", "an", "any", "are", "ask", "please", "can", "compare", "could", "did", "do",
    "does", "each", "every", "for", "has", "have", "how", "in", "is", "local", "my", "of", "ofsted", "our",
    "should", "show", "tell", "that", "the", "this", "was", "were", "what", "when", "where",
    "which", "who", "why", "would", "me", "and", "or", "with", "at", "on", "from", "by",
}  # fmt: skip


def find_not_councils(question: str) -> list[str]:
    """Names printed as a council ("Gotham City Council") that are none of England's 153."""
    out = []
    for m in _NAMED_COUNCIL.finditer(question):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_PLACE:
            words = words[1:]
        name = " ".join(words)
        if not name or council_table.candidates(name) or council_table.find_in_text(name):
            continue
        out.append(f"{name} {m.group(2)}" if m.group(2) else name)
    return list(dict.fromkeys(out))


def find_years(question: str, known_years: list[int]) -> tuple[list[int], str]:
    """Years asked about (a range for "after 2018"), limited to those the index holds."""
    years: list[int] = []
    spans = []
    for m in _RANGE.finditer(question):
        word, year = m.group(1).lower(), int(m.group(2))
        if word in ("after", "since", "from"):
            start = year + 1 if word == "after" else year
            years.extend(y for y in known_years if y >= start)
        else:
            years.extend(y for y in known_years if y < year)
        spans.append(m.span())
        if not years:
            years.append(start if word in ("after", "since", "from") else year - 1)
    for m in _YEAR.finditer(question):
        if any(a <= m.start() < b for a, b in spans):
            continue
        years.append(int(m.group(1)))
    topic = _RANGE.sub(" ", question)
    topic = _YEAR.sub(" ", topic)
    return sorted(set(years)), topic


def years_asked(intent: QuestionIntent) -> str:
    """The years a question names, as it names them ("after 2018", "in 2019")."""
    m = _RANGE.search(intent.question)
    if m:
        return f"{m.group(1).lower()} {m.group(2)}"
    years = sorted(intent.years)
    if len(years) == 1:
        return f"in {years[0]}"
    return "in " + ", ".join(map(str, years[:-1])) + f" or {years[-1]}"


def find_areas(text: str) -> list[str]:
    lowered = text.lower()
    found = [area for area, pattern in AREAS.items() if re.search(pattern, lowered)]
    explicit_in_care = re.search(r"children in care|looked[- ]after|\bcla\b|\blac\b", lowered)
    if "care_leavers" in found and "children_in_care" in found and not explicit_in_care:
        found.remove("children_in_care")  # "... in care leavers" is about care leavers only
    return found


def area_of(label: str) -> list[str]:
    """The judgement areas a printed row label covers ("... in care and care leavers": two).
    A framework's judgement name covers its own areas only: SIF's "Children looked after and
    achieving permanence" is not its separate adoption judgement, and the review of the
    safeguarding board grades no area of the council's services."""
    return list(_label_areas(label))


@lru_cache(maxsize=4096)
def _label_areas(label: str) -> tuple[str, ...]:
    """`area_of`, once per wording: a question across councils reads every judgement row's
    label, thousands of rows in a few dozen wordings."""
    named = judgement_named(label)
    if named is not None:
        return tuple(key for key in named.keys if key in AREAS)
    return tuple(a for a in find_areas(label) if a != "overall" or "overall" in label.lower())


def find_kinds(text: str) -> list[str]:
    """The report kinds a question names; a visit of no named kind in a named month is
    any of Ofsted's own reports of that month."""
    lowered = text.lower()
    kinds = [kind for kind, pattern in _KINDS.items() if re.search(pattern, lowered)]
    if not kinds and _VISITED.search(text) and months_named(text):
        kinds = list(INSPECTION_KINDS)
    return kinds


def topic_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _NON_TOPIC and len(w) > 1]


def parse_question(
    question: str,
    authorities: list[str],
    years: list[int],
    history: list[str] | None = None,
    shapes: ShapeRead | None = None,
    council: str | None = None,
) -> QuestionIntent:
    """Understand one question; `history` is the earlier questions of the conversation.
    `shapes` reads the shape from the wording (the classifier); without it, by rule.
    `council` is my council: what "we" and questions naming no council are about."""
    strong, soft, without_names = find_authorities(question, authorities)
    earlier, without_names = read_earlier(without_names)  # a slot, as a year is
    asked = read_earlier(question)[1]
    asked_of = without_event_dates(without_names)  # the years left say which report
    year_list, topic = find_years(asked_of, years)
    topic = re.sub(r"\s+", " ", topic).strip()
    intent = QuestionIntent(
        question=question,
        query=expand(asked),
        topic=topic,
        authorities=tuple(strong),
        boost_authorities=tuple(soft),
        unknown_authorities=tuple(find_unknown_authorities(question, authorities)),
        not_councils=tuple(find_not_councils(question)),
        years=tuple(year_list),
        months=tuple(months_named(without_event_dates(question))),
        year_range=bool(_RANGE.search(asked_of)),
        event_years=tuple(event_years(without_names)),
        latest=bool(_LATEST.search(asked)) and not year_list and not earlier,
        earlier=None if year_list else earlier,
        kinds=tuple(find_kinds(question)),
        areas=tuple(find_areas(topic)),
        asks_grade=bool(_GRADE_CUE.search(question))
        or bool(_WEAK_GRADE_CUE.search(question) and find_areas(topic)),
        compare=bool(_COMPARE.search(question)) or len(strong) > 1,
        neighbours=bool(_NEIGHBOURS.search(question)),
    )
    shape = read_shape(
        asked, councils=len(strong), asks_grade=intent.asks_grade, compare=intent.compare
    )
    if shapes is not None:  # the classifier's reading, where the question allows it
        label, confidence, alternatives, *odds = shapes(asked)  # "previous" cues no shape
        read = shape_from_label(label, question, confidence, alternatives, *odds)
        shape = settle(read, shape, asked, topic, len(strong))
    intent = _with_shape(intent, shape)
    if shapes is not None:
        intent = _slots_for_shape(intent)
    history = [h for h in history or [] if h and h.strip()]
    if history:
        previous = parse_question(history[-1], authorities, years, history[:-1], shapes, council)
        intent = follow_on(intent, previous, council)
    return with_my_council(intent, council)


def _slots_for_shape(intent: QuestionIntent) -> QuestionIntent:
    """What a shape read from the wording implies for the slots: a comparison naming one
    council ("how does Kent compare?", "benchmark Leeds") is with its statistical
    neighbours, as is a question about who they are; a comparison is of councils."""
    if intent.shape == "neighbours" or (intent.shape == "compare" and len(intent.authorities) == 1):
        return replace(intent, neighbours=True, compare=True)
    if intent.shape == "compare" and len(intent.authorities) > 1:
        return replace(intent, compare=True)
    return intent


def asks_neighbours(question: str) -> bool:
    return bool(_NEIGHBOURS.search(question))


def _without_neighbours(text: str) -> str:
    return re.sub(r"\s{2,}", " ", _NEIGHBOURS.sub(" ", text)).strip()


def with_neighbours(intent: QuestionIntent, held: list[str]) -> QuestionIntent:
    """A question about one council and its statistical neighbours becomes a comparison of
    that council with those neighbours the index holds reports for, closest first."""
    if not intent.neighbours:
        return intent
    named = list(intent.authorities) or [
        n for n in intent.unknown_authorities if council_table.lookup(n)
    ]
    if len(named) != 1:
        return intent
    council = council_table.lookup(named[0])
    if council is None:
        return intent
    near = [c.name for c in council_table.neighbours(council.name)]
    by_lower = {h.lower(): h for h in held}
    kept = [by_lower[n.lower()] for n in near if n.lower() in by_lower]
    missing = [n for n in near if n.lower() not in by_lower]
    if not kept:
        note = f"the index holds no reports for {council.name}'s statistical neighbours"
        return replace(intent, notes=(*intent.notes, note))
    own = [by_lower[council.name.lower()]] if council.name.lower() in by_lower else []
    note = f"{council.name}'s statistical neighbours: {', '.join(kept)}"
    if missing:
        note += f" (no reports in the index for {', '.join(missing)})"
    if not own:
        note += f"; the index holds no reports for {council.name} itself"
    return replace(
        intent,
        # "statistical neighbours" chose the councils; it is not what the question is about
        topic=_without_neighbours(intent.topic),
        query=_without_neighbours(intent.query),
        authorities=tuple(own + kept),
        unknown_authorities=tuple(u for u in intent.unknown_authorities if u != named[0]),
        compare=True,
        shape="neighbours" if intent.shape == "neighbours" else "compare",
        notes=(*intent.notes, note),
    )


def _with_shape(intent: QuestionIntent, shape: Shape) -> QuestionIntent:
    return replace(
        intent,
        shape=shape.kind,
        fact=shape.fact,
        asks_count=shape.count,
        shape_confidence=shape.confidence,
        alternatives=shape.alternatives,
    )
