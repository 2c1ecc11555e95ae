"""What a "which councils ..." question asks about, read by rule (pure functions): its
topic without the frame ("which councils were criticised for ..."), the polarity it asks
for, and the topic as units to look for in a report's sentences.

A unit is one thing the topic names, held by a sentence when any of its forms is there: a
word ("mockingbird"), two adjacent words ("staying close", so a name is read as a name),
words joined by "or" ("caseloads or workloads"), or a term spelled out and abbreviated
("local authority designated officer (LADO)"). How much each unit counts is left to the
reports: the rarer it is, the more it says (topic_pool.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.vocab import STOPWORDS

from ..understand.glossary import TERMS
from ..words import stem

# The frame of a question over councils: who is asked about, and the asking words.
_FRAME = re.compile(
    r"\b(?:in\s+)?(?:which|what|whose|list(?:\s+the)?|show(?:\s+me)?|name(?:\s+the)?|any|all)"
    r"\s+(?:councils?|local\s+authorit(?:y|ies)|authorit(?:y|ies)|las|boroughs?|areas?)"
    r"(?:['’]s?)?"
    r"|^\s*(?:councils?|local\s+authorit(?:y|ies)|las)\b(?:\s+(?:that|which|who|where))?"
    r"|\b(?:the|their|its)\s+(?:council|local\s+authority)['’]s\b"
    r"|\bthe\s+council\b(?!\s+tax|\s+housing|['’])"
    r"|\b(?:in\s+which|which|where|whose)\b"
    r"|\b(?:has|have|did|do|does)\s+(?:ofsted|inspectors?)\b|\b(?:by\s+)?ofsted(?:['’]s)?\b"
    r"|\binspectors?\b|\bthe\s+local\s+authority\b",
    re.I,
)
# What the question asks the reports to have said of the topic: not the topic itself.
_CRITICISM_ASKED = re.compile(
    r"\bcriticis|\bcriticiz|\bconcerns?\b|\bfound\s+wanting\b|\bweak(?:ness(?:es)?)?\b"
    r"|\bpoor(?:ly)?\b|\bfail(?:ed|ing|s)?\b|\btoo\s+(?:high|many|long|few|slow|low)\b"
    r"|\bnot\s+(?:good\s+enough|effective)\b|\bneed(?:s|ed)?\s+to\s+improve\b|\bmiss(?:es)?\s+out\b"
    r"|\bshortcomings?\b|\bgaps?\s+in\b|\bdelays?\b|\bnot\b|\b\w*n['’]t\b|\black(?:s|ing)?\b"
    r"|\binsufficient|\binconsistent|\bunable\b|\bnot\s+enough\b"
    r"|\bstruggl\w*|\bcannot\b|\bdifficult(?:y|ies)\b|\bhard\s+to\b|\bproblems?\b"
    r"|\bwait\w*\s+too\s+long\b|\btoo\s+(?:optimistic|late)\b|\bover-?optimistic\b",
    re.I,
)
_PRAISE_ASKED = re.compile(
    r"\bprais|\bcommend|\bpositive\s+comments?\b|\bstrengths?\b|\bgood\s+practice\b"
    r"|\bexcellent\b|\bimpressive\b|\bspoke\s+(?:highly|well)\b|\bcelebrat",
    re.I,
)
# Asking and judging words: said of the topic, never part of it.
_CUES = re.compile(
    r"\b(?:criticis\w*|criticiz\w*|prais\w*|commend\w*|raised|told|found|wanting|said|"
    r"positive\s+comments?(?:\s+on)?|concerns?(?:\s+about)?|weak(?:ness\w*)?|poor(?:ly)?|"
    r"fail\w*|too\s+(?:high|many|long|few|slow|low)|needed|needs?\s+to\s+improve|improve|"
    r"shortcomings?|not|\w*n['’]t|enough|lack\w*|insufficient\w*|inconsistent\w*|unable|"
    r"struggl\w*|cannot|difficult\w*|problems?|"
    r"strengths?|excellent|impressive|celebrat\w*|good\s+practice|"
    r"get|got|gets|give|gives|given|receive|received|use|uses|using|used|offer\w*|have|has|"
    r"had|provide\w*|making|make|makes|run|runs|running|operate\w*|points?)\b",
    re.I,
)
# The asking words a topic starts with: "were criticised for", "have a", "use the".
_ASKING = re.compile(
    r"^(?:(?:were|was|are|is|have|has|had|did|do|does|been|be|being|got|get|gets|use|uses|"
    r"using|offer|offers|offering|give|gives|provide|provides|run|runs|criticis\w*|criticiz\w*|"
    # what inspectors said, not what they said it of: "did Ofsted say the council ..."
    r"say|says|note|notes|noted|state|states|stated|report|reported|judge|judged|with|"
    # having it, said as its coming: "have adopted a relational model", "set up a hub"
    r"adopt\w*|introduc\w*|implement\w*|establish\w*|set\s+up|launch\w*|commission\w*|"
    r"employ\w*|operat\w*|deliver\w*|"
    r"prais\w*|commended|told|said|found|raised|concerns)\s+)+"
    r"(?:(?:for|that|about|on|to)\s+)?(?:(?:a|an|the)\s+)?",
    re.I,
)
# Words that carry the question along without naming anything.
_DISCOURSE = frozenset(
    [
        "example",
        "including",
        "include",
        "includes",
        "particularly",
        "especially",
        "instance",
        "like",
        "such",
        "e.g.",
        "eg",
        "even",
        "also",
        "ones",
        "way",
        "ways",
        "because",
        "whether",
        "dedicated",  # "a dedicated kinship team": reports say "the kinship team"
        # determiners the stop list leaves: "the Graded Care Profile or another tool"
        "another",
        "other",
        "others",
        "various",
        "similar",
        "certain",
        # Prepositions the stop list leaves: they place the topic, they do not name it
        # ("life-story work among the 'What needs to improve' points").
        "among",
        "amongst",
        "within",
        "across",
        "towards",
        "toward",
        "regarding",
        "concerning",
        "despite",
        "via",
        "per",
        "upon",
        "throughout",
        "around",
        "beyond",
        "whose",
    ]
)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[|,;:()?.!]")
_IMPROVEMENT_LIST = re.compile(
    r"['‘’\"]?what\s+needs\s+to\s+improve['‘’\"]?(?:\s+(?:points?|list|items?|section))?"
    r"|\bareas?\s+for\s+improvement\b|\bimprovement\s+points?\b",
    re.I,
)


def asked_polarity(question: str) -> str:
    """ "criticism", "praise" or "any": what the question asks the reports to have said.
    A shortfall named in the question ("found not to have", "caseloads too high") asks for
    criticism as much as "criticised" does."""
    if _PRAISE_ASKED.search(question):
        return "praise"
    if _CRITICISM_ASKED.search(question) or _IMPROVEMENT_LIST.search(question):
        return "criticism"
    return "any"


_TOO = re.compile(r"\btoo\s+(high|many|long|few|slow|low)\b", re.I)


def asked_shortfalls(question: str) -> frozenset[str]:
    """The words a question names as the shortfall ("caseloads too high": "high"): a report
    that says its caseloads "are high" says the same."""
    return frozenset(m.lower() for m in _TOO.findall(question))


def asks_improvement_list(question: str) -> bool:
    """The question asks only what a report's "What needs to improve" list holds."""
    return bool(_IMPROVEMENT_LIST.search(question))


def topic_of(question: str) -> str:
    """The question without its frame ("which councils were criticised for ..."), the
    improvement list it names, and any region (a filter, not words to search for)."""
    from indexer.regions import without_regions

    question = without_regions(question)
    topic = _IMPROVEMENT_LIST.sub(" ", question)
    # A relative clause after a noun ("a consultation line where teachers ...") says
    # something of the thing named: a break, not a question word to drop.
    topic = re.sub(
        r"(?<=[A-Za-z0-9)])\s+(?:where|which|whose)\b"
        r"(?!\s+(?:councils?|local|las\b|authorit|boroughs?|areas?))",
        " , ",
        topic,
        flags=re.I,
    )
    topic = _FRAME.sub(" ", topic)
    topic = re.sub(r"\b(?:were|was|are|is|been|be|being)\s+(?=\s|$)", " ", topic, flags=re.I)
    topic = re.sub(r"\s+", " ", topic).strip(" ?.,:;")
    return _ASKING.sub("", topic) or topic


@dataclass(frozen=True)
class Unit:
    """One thing the topic names: held by a sentence that holds any of its `forms`, each a
    run of word stems read in order with stop words skipped."""

    forms: tuple[tuple[str, ...], ...]
    words: str  # as the question put it, for showing
    printed: str | None = None  # a name: the regex its words are printed as (plurals aside)


def _abbreviates(short: str, words: list[str]) -> bool:
    """`short` is made of each word's first letter, in order, with perhaps more letters from
    inside a word ("FDAC": Family Drug and Alcohol Court; "MST": Multisystemic Therapy)."""

    def match(s: str, ws: list[str]) -> bool:
        if not ws:
            return not s
        if not s or s[0] != ws[0][0]:
            return False
        rest, word = s[1:], ws[0][1:]
        for taken in range(len(rest) + 1):  # letters of `rest` found inside this word
            inside, at = rest[:taken], 0
            for letter in inside:
                at = word.find(letter, at) + 1
                if not at:
                    break
            else:
                if match(rest[taken:], ws[1:]):
                    return True
        return False

    content = [w.lower() for w in words if w.lower() not in STOPWORDS]
    return bool(content) and match(short.lower(), content)


def _spelled_out(short: str, before: list[str]) -> list[str]:
    """The words just before a bracketed abbreviation that it stands for, if any."""
    for n in range(1, len(before) + 1):
        if _abbreviates(short, before[-n:]) and before[-n].lower() not in STOPWORDS:
            return before[-n:]
    return []


# A prefix joined by a hyphen makes one word: "multi-systemic" is "multisystemic".
_PREFIXED = re.compile(r"\b(multi|non|co|pre|post|inter|anti|semi|sub|cross)-(?=[a-z])", re.I)


def joined(text: str) -> str:
    return _PREFIXED.sub(r"\1", text)


# A noun made from a verb is read as the verb: "reliance" is "relies", "placement" is
# "placing", "assessment" is "assessed" (the stemmer keeps them apart).
_DERIVED = re.compile(r"(?<=[a-z]{4})(?:ment|anc|enc)$")


# An adverb of an adjective in "-y" is read as the adjective: "heavily" is "heavy".
_ADVERB = re.compile(r"(?<=[a-z]{2})ili$")


def root(word: str) -> str:
    """A word's stem, with the endings that make a noun of a verb, or an adverb of an
    adjective, taken off."""
    return _ADVERB.sub("i", _DERIVED.sub("", stem(word)))


def content_stems(text: str) -> list[str]:
    """The stems of a text's words, stop words left out, in order (how a sentence is read)."""
    text = joined(text.lower().replace("’", "'").replace("'s ", " "))
    words = re.findall(r"[a-z0-9]+", text)
    return [root(w) for w in words if w not in STOPWORDS and len(w) > 1]


@dataclass
class _Runs:
    """A topic read as runs of words between breaks (punctuation, "or", a judging word)."""

    runs: list[list[str]]
    joins: list[int]  # runs whose last word is joined by "or" to the next run's first
    abbreviations: dict[str, list[str]]  # a bracketed or glossary short form: its long form


def _read_runs(topic: str) -> _Runs:
    marked = _CUES.sub(" | ", joined(topic))
    tokens = _WORD.findall(marked)
    runs: list[list[str]] = [[]]
    joins: list[int] = []
    listed: list[int] = []  # runs ended by a comma: joined too when an "or" ends the list
    abbreviations: dict[str, list[str]] = {}
    previous: list[str] = []
    for i, token in enumerate(tokens):
        low = token.lower()
        if token == "(" and i + 2 < len(tokens) and tokens[i + 2] == ")":
            short = tokens[i + 1]
            long = _spelled_out(short, previous)
            if long:
                abbreviations[short] = long
        if low == "or" and runs[-1]:
            joins.extend([*listed, len(runs) - 1])  # "B&Bs, hostels or hotels"
            listed = []
            runs.append([])
            continue
        if not re.match(r"[A-Za-z0-9]", token):
            if runs[-1]:
                listed = [*listed, len(runs) - 1] if token == "," else []
                runs.append([])
            if token not in "()":
                previous = []
            continue
        previous.append(token)
        if low in STOPWORDS or low in _DISCOURSE or len(low) < 2:
            continue
        runs[-1].append(re.sub(r"['’]s$", "", low))
    for short, long in TERMS.items():
        if re.search(rf"\b{re.escape(short)}\b", topic) or long in topic.lower():
            abbreviations.setdefault(short, long.split())
    return _Runs(runs, joins, abbreviations)


def topic_units(topic: str) -> list[Unit]:
    """The units a topic names: its words, each pair of adjacent words, the words joined by
    "or" as one unit, and each glossary term or bracketed abbreviation with its long form
    as one unit."""
    read = _read_runs(topic)
    runs, joins, abbreviations = read.runs, read.joins, read.abbreviations

    units: list[Unit] = []
    seen: set[tuple] = set()

    def add(forms: list[tuple[str, ...]], words: str) -> None:
        key = tuple(sorted(set(forms)))
        if key and key not in seen:
            seen.add(key)
            units.append(Unit(key, words))

    spelled: dict[tuple[str, ...], list[str]] = {}  # a long form and its short forms
    for short, long in abbreviations.items():
        spelled.setdefault(tuple(content_stems(" ".join(long))), []).append(short)
    in_abbreviation: set[str] = set()
    for long_stems, shorts in spelled.items():
        # "RHIs" is printed "RHI" as often: both forms.
        singular = [s[:-1] for s in shorts if s.endswith("s") and s[:-1].isupper()]
        forms = [long_stems, *((root(s.lower()),) for s in (*shorts, *singular))]
        add(forms, f"{' '.join(long_stems)} ({'/'.join(shorts)})")
        in_abbreviation |= {f[0] for f in forms if len(f) == 1} | set(long_stems)
    # Words joined by "or" (and the commas of its list) are one unit: chains of joins.
    head: dict[tuple[int, int], tuple[int, int]] = {}
    for r in sorted(set(joins)):
        if runs[r] and r + 1 < len(runs) and runs[r + 1]:
            left, right = (r, len(runs[r]) - 1), (r + 1, 0)
            head[right] = head.get(left, left)
            head.setdefault(left, head[right])
    alternatives: dict[tuple[int, int], list[str]] = {}
    for (r, w), first in sorted(head.items()):
        alternatives.setdefault(first, []).append(runs[r][w])
    for r, run in enumerate(runs):
        for w, word in enumerate(run):
            s = root(word)
            if s in in_abbreviation:
                continue
            if (r, w) in head:
                if head[(r, w)] == (r, w):
                    words = alternatives[(r, w)]
                    add([(root(x),) for x in words], " or ".join(words))
                continue  # the rest are in the "or" unit of the first
            add([(s,)], word)
        for w, (a, b) in enumerate(zip(run, run[1:])):
            pair = (root(a), root(b))
            if pair[0] == pair[1] or set(pair) <= in_abbreviation:
                continue
            if (r, w) in head:  # "council or social housing": council housing, social housing
                words = alternatives[head[(r, w)]]
                add([(root(x), pair[1]) for x in words], f"{' or '.join(words)} {b}")
                continue
            add([pair], f"{a} {b}")
    return units


# Where one side of an "or" ends: a stop word, a judging word or punctuation.
_SIDE_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]*)?(?:-[A-Za-z0-9]+)*")


def _side_word(token: str) -> bool:
    """A word that can be part of one side of an "or": not a stop word nor a judging word."""
    low = token.lower()
    return bool(_SIDE_WORD.fullmatch(token)) and low not in STOPWORDS and not _CUES.fullmatch(low)


def _content(tokens: list[str]) -> int:
    """How many content words the tokens hold ("out-of-hours" holds one)."""
    words = [w for t in tokens if _side_word(t) for w in re.findall(r"[a-z0-9]{2,}", t.lower())]
    return sum(w not in STOPWORDS and w not in _DISCOURSE for w in words)


# A side that points back to the other ("... or weak oversight of those placements") is no
# reading on its own.
_POINTS_BACK = re.compile(r"\b(?:those|these|such|them|it|they|their)\b", re.I)


def topic_readings(topic: str) -> list[str]:
    """The topic, and the topic without one side of each "or" that joins two phrases ("the
    LADO or the handling of allegations against professionals"): a report that says either
    says the topic. The side after "or" is read short (to its first stop word) and long (to
    the end), as the words after it may be its own or shared by both sides ("ring-fence
    apprenticeships or guarantee job interviews for care leavers"). An "or" between single
    words ("caseloads or workloads") is read within topic_units."""
    tokens = re.findall(r"\S+", joined(topic))
    bare = [t.strip("()[],;:?.!‘’'\"") or t for t in tokens]
    readings = [topic]
    for at, token in enumerate(bare):
        if token.lower() != "or" or not 0 < at < len(tokens) - 1:
            continue
        start = at
        while start > 0 and _side_word(bare[start - 1]) and not tokens[start - 1].endswith(","):
            start -= 1
        first = at + 1
        while first < len(tokens) and not _side_word(bare[first]):
            first += 1
        end = first
        while end < len(tokens) and _side_word(bare[end]):
            end += 1
            if tokens[end - 1].endswith(","):
                break
        left, right_long = tokens[start:at], tokens[at + 1 :]
        if _content(left) < 2 or _content(right_long) < 2:
            continue
        sides = [(at + 1, end), (at + 1, len(tokens))]
        if not _POINTS_BACK.search(" ".join(right_long)):
            sides.insert(0, (start, at))
        for a, b in sides:
            kept = (
                " ".join(tokens[:a] + tokens[b:])
                if a == start
                else " ".join(tokens[:at] + tokens[b:])
            )
            if kept not in readings:
                readings.append(kept)
    return readings


# Where a topic's first noun group ends: a preposition or a word opening a clause.
_GROUP_ENDS = frozenset(
    [
        "for",
        "of",
        "in",
        "on",
        "to",
        "with",
        "that",
        "which",
        "who",
        "whose",
        "where",
        "when",
        "at",
        "from",
        "by",
        "about",
        "as",
        "after",
        "before",
        "through",
        "between",
        "into",
        # a participle that says what the thing does: "a kinship team supporting carers"
        "supporting",
        "helping",
        "working",
        "providing",
        "offering",
        "delivering",
        "enabling",
        "giving",
        "based",
    ]
)


def head_unit(topic: str) -> Unit | None:
    """The thing a topic names: the last word of its first noun group ("groups" of "support
    groups for care leavers who are young parents"), with any word "or" joins to it ("team
    or hub"). None when the group is one word long or less (nothing to tell it from)."""
    words: list[str] = []
    marked = _CUES.sub(" | ", joined(topic))  # a judging word: the group starts after it
    for token in re.findall(r"[A-Za-z0-9]+(?:['’][a-z]+)?|[,;:()|]", marked):
        low = token.lower()
        if (token == "|" or low in _GROUP_ENDS) and not words:
            continue  # "with specialist workers": the group starts after it
        if low in _GROUP_ENDS or token in ",;:(|":
            break
        if low == "or" and words:
            words.append("or")
        elif low not in STOPWORDS and low not in _DISCOURSE and token != ")":
            words.append(re.sub(r"['’]s$", "", low))
    content = [w for w in words if w != "or"]
    if len(content) < 2 or words[-1] == "or":
        return None
    head = [words[-1]]
    at = len(words) - 2
    while at > 0 and words[at] == "or":
        head.insert(0, words[at - 1])
        at -= 2
    return Unit(tuple(sorted({(root(w),) for w in head})), " or ".join(head))


def reading_units(topic: str) -> tuple[list[Unit], list[list[int]]]:
    """Every unit of the topic's readings (topic_readings), once, and each reading as the
    indices of its units; the first reading is the whole topic."""
    units: list[Unit] = []
    at: dict[tuple, int] = {}
    readings: list[list[int]] = []
    for text in topic_readings(topic):
        reading = []
        for unit in topic_units(text):
            if unit.forms not in at:
                at[unit.forms] = len(units)
                units.append(unit)
            reading.append(at[unit.forms])
        if reading and reading not in readings:
            readings.append(reading)
    return units, readings


# A name as people write one: capitalised words, perhaps joined by "and", "for", "of"
# ("Family Drug and Alcohol Court", "Staying Close", "Mockingbird").
_NAME = re.compile(
    r"\b[A-Z][a-z][A-Za-z'’-]*(?:\s+(?:(?:and|for|of|the)\s+)?[A-Z][a-z][A-Za-z'’-]*)*"
    r"(?:\s*\(([A-Z]{2,}s?)\))?"
)
_NOT_NAMES = frozenset({"ofsted", "council", "councils", "local", "authority", "authorities"})


def _as_printed(name: str) -> str:
    """A name's words as a regex: each as written, a plural or a hyphen aside ("Lifelong
    Links" is "lifelong link workers"; "Staying Close" is not "stay close")."""
    words = re.findall(r"[A-Za-z0-9]+", joined(name).lower())
    return r"\b" + r"[\s\-‐–’'‘]+".join(map(_either_number, words)) + r"\b"


def _either_number(word: str) -> str:
    """A word as a regex that also takes its singular or plural ("family", "families")."""
    if word.endswith("ies") or (word.endswith("y") and len(word) > 3):
        return re.escape(word.removesuffix("ies").removesuffix("y")) + "(?:y|ies)"
    return re.escape(word.removesuffix("s")) + "(?:s|es)?"


def names_in(question: str) -> list[Unit]:
    """The names a question uses, each a unit a sentence must hold to speak of the same
    thing: a run of capitalised words that does not open the question, with its bracketed
    abbreviation as another form. A name offered as one of two ("X or Y") is not required."""
    from indexer.regions import find_regions

    spans = [(m.start, m.end) for m in find_regions(question)]
    first = re.match(r"\W*\w+", question)
    opening = first.end() if first else 0
    out = []
    for match in _NAME.finditer(question):
        if match.start() < opening or any(a < match.end() and match.start() < b for a, b in spans):
            continue
        words = re.sub(r"\s*\(.*", "", match.group(0))
        if words.lower() in STOPWORDS or words.lower() in _NOT_NAMES:
            continue
        before, after = question[: match.start()], question[match.end() :]
        if re.search(r"\bor\s*$", before) or re.match(r"\s*,?\s*or\b", after):
            continue
        stems = tuple(content_stems(words))
        if not stems:
            continue
        forms = [stems]
        printed = [_as_printed(words)]
        if match.group(1):
            short = match.group(1)
            forms += [(root(short.lower()),), (root(short.rstrip("s").lower()),)]
            printed.append(rf"\b{re.escape(short.rstrip('s'))}s?\b")
        out.append(Unit(tuple(sorted(set(forms))), words, "|".join(printed)))
    return out


def holds(stems: list[str] | tuple[str, ...], form: tuple[str, ...]) -> bool:
    """The stems hold the form's stems as one run, in order."""
    n = len(form)
    if n == 1:
        return form[0] in stems
    first = form[0]
    return any(
        stems[i] == first and tuple(stems[i : i + n]) == form for i in range(len(stems) - n + 1)
    )
