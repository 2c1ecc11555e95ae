"""Whether a report's sentence criticises or praises what it speaks of (pure functions).

Reports criticise in a small set of ways ("not always timely", "too high", "remains
variable", "underdeveloped") and praise in another ("effective", "strong", "valued"). A
positive word under a negation ("not sufficiently robust") counts against; a topic's own
words never count ("unregistered" is what a question about unregistered homes is about,
not a verdict on it). "No children were living in ..." says the harm is absent.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .topic_words import root

# A sentence that says the thing is done badly, or too little.
_NEGATIVE = re.compile(
    r"\bnot\b|\b\w*n['’]t\b|\bno\s+(?:clear|consistent|evidence|routine|bespoke|specific|formal)"
    r"|\btoo\b|\binsufficient|\binconsistent|\binconsistency|\bweak|\bpoor|\blimited\b"
    r"|\black(?:s|ing)?\b|\bdelay|\bvariab|\bvar(?:y|ies)\b|\bconcern|\bshortfall|\bgaps?\b"
    r"|\bfail|\bunable\b|\bnever\b|\brequires?\s+improvement\b|\bdrift"
    # What the council needs to do ("needs to be strengthened"), not what a child needs
    # ("the documentation they need to move on").
    r"|(?<!the\s)\bneeds?\s+to\s+(?:be|improve|develop|strengthen|ensure|further|do|make|address"
    r"|consider|continue|increase|reduce|embed|review|tackle|focus|establish|prioritise)\b"
    r"|\bhigh(?:er)?\s+(?:caseloads?|workloads?)\b|\bdoes\s+not\b|\bunclear\b|\bmissed\b"
    r"|\bdeteriorat|\bunsuitable\b|\bunderdeveloped\b|\bunder-developed\b|\bpatchy\b"
    r"|\bmore\s+(?:work\s+)?to\s+do\b|\bremains?\s+(?:low|high|limited|variable|a\s+challenge)"
    r"|\b(?:is|are|remains?)\s+low\b|\bunlawful|\billegal|\breliance\b|\bslow(?:ly)?\b"
    r"|\bnegative(?:ly)?\b|\bstruggl|\bpressures?\b|\bchallenges?\s+remain|\buneven\b"
    r"|\binfrequent|\bincomplete|\binadequate|\bin\s+(?:its|their)\s+infancy"
    # "A decline in", "have declined"; not a child who declines an offer (the child's choice).
    r"|\ba\s+decline\b|\bdeclin(?:ed|ing)\b"
    r"(?!\s+(?:to|the|an?|their|this|these|any|offers?|support|help|contact|services?)\b)"
    # "Practice is still developing" is not there yet; "developing the offer" does it.
    r"|\b(?:still|is|are|remains?)\s+(?:still\s+)?developing\b(?!\s+(?:a|an|the|their|its|and)\b)"
    r"|\bnot\s+yet\b|\bonly\s+(?:recently|just)\b"
    r"|\bfurther\s+(?:development|work|improvement)\s+(?:is\s+)?(?:required|needed)\b"
    r"|\bburdens?\b|\b(?:lost|lose|losing)\b|\bwithout\s+review\b",
    re.I,
)
# A shortfall stated of the thing itself: it outweighs a word of praise beside it ("do not
# always identify risks ... to help keep children safe").
_NOT_ALWAYS = re.compile(r"\bnot\s+(?:always|consistently|routinely|all|sufficiently)\b", re.I)
_POSITIVE = re.compile(
    r"\beffective(?:ly)?\b|\bstrong(?:ly)?\b|\bwell\b|\btimely\b|\brobust\b|\bimproved\b"
    r"|\bhigh[- ]quality\b|\bcreative|\binnovative|\bexcellent|\bbenefit|\bpositive"
    r"|\bimpressive|\bthriv|\bsupportive|\bvalued?\b|\benjoy|\bgood\b|\bsuccess"
    r"|\bestablished\b|\bcomprehensive\b|\bsensitive(?:ly)?\b|\bthoughtful|\bstrength"
    r"|\bexceptional|\boutstanding\b|\bembedded\b|\bproactive|\btenacious|\bprompt(?:ly)?\b"
    r"|\bthorough|\bmeaningful|\bhelpful|\bcareful(?:ly)?\b|\bskilled\b|\bmature(?:ly)?\b"
    r"|\bhighly\b|\bimpactful\b|\bcommitted\b|\bconsistent(?:ly)?\b|\bdetailed\b|\bvaluable\b"
    r"|\bappreciat|\bexpert|\bwarm(?:ly|th)?\b|\bchild[- ](?:centred|focused|friendly)\b"
    r"|\bfriendly\b|\bskil(?:l)?ful(?:ly)?\b|\bcaring\b|\bnurtur|\baccessible\b|\binformative\b"
    r"|\bpersonalised\b|\bclear(?:ly)?\b|\bkind\b|\bimpact\s+on\b|\bmaking\s+a\s+difference\b"
    r"|\bpositive(?:ly)?\s+(?:impact|difference)\b|\bhelp(?:s|ed|ing)?\b"
    r"|\bappropriately\b|\basset\b|\bcommitment\b|\bactively\b|\blistened\s+to\b|\bheard\b",
    re.I,
)
# "No children were living in an unregistered children's home": the harm is absent.
_ABSENT = re.compile(
    r"\b(?:no|none\s+of\s+the)\s+(?:children|child|young\s+people|care\s+leavers?)\s+"
    r"(?:\w+\s+){0,3}(?:living|placed|live|are|were|is)\b"
    r"|\b(?:are|is|were|was)\s+(?:not|never|rarely|only\s+rarely)\s+"
    r"(?:placed|living|used|accommodated)\b|\brarely\s+(?:placed|used)\b",
    re.I,
)
# A harm kept away is praise: "without delay", "reducing drift", "no concerns".
_HARM_AVOIDED = re.compile(
    r"\b(?:without|no|avoid\w*|reduc\w*|minimis\w*|prevent\w*)\s+(?:\w+\s+){0,2}?"
    r"(?:delays?|drift|gaps?|concerns?)\b"
    # the same said in the passive: "drift and delay are avoided by timely escalation"
    r"|\b(?:delays?|drift|gaps?)\s+(?:\w+\s+){0,3}?(?:is|are|was|were|being|been|have\s+been)"
    r"\s+(?:\w+ly\s+)?(?:avoided|prevented|minimi[sz]ed|reduced)\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(?:not|\w*n['’]t|no|never|insufficiently|lack\s+of|without|nor|less)\s+(?:\w+\s+){0,2}$",
    re.I,
)
# Said of something that is not there yet: planned, proposed, about to start.
_NOT_YET = re.compile(
    r"\bplan(?:s|ned)?\s+to\b|\bplanned\b|\bwill\b|\bintend|\bpropos|\bpreparing\s+to\b"
    r"|\bnot\s+yet\b|\byet\s+to\b|\btoo\s+(?:soon|early)\b|\bfunding\s+to\b|\bbid\s+to\b"
    r"|\b(?:aims?|hopes?|ambition)\s+to\b|\bin\s+the\s+process\s+of\b|\bexplor(?:e|ing)\b"
    r"|\bunder\s+consideration\b|\bconsidering\b"
    r"|\b(?:is|are)\s+being\s+(?:developed|introduced|established|set\s+up|rolled\s+out|created)\b"
    r"|\bplans?\s+for\s+(?:further\s+)?(?:development|expansion)\b"
    r"|\b(?:soon|set|due)\s+to\s+(?:open|start|launch|begin|become)\b"
    # Work begun on it ("work is underway to embed ..."), more to do before it is there.
    r"|\bunderway\s+to\b|\b(?:steps|work(?:ing)?)\s+(?:\w+\s+){0,2}?to\s+"
    r"(?:embed|introduce|establish|implement)\b|\bmore\s+(?:work\s+)?to\s+do\b",
    re.I,
)
# Said not to be so: "care leavers living elsewhere do not receive it".
_DENIED = re.compile(r"\bnot\b|\b\w*n['’]t\b|\bnever\b|\bno\s+longer\b|\bwithout\b", re.I)
# A verdict set against another: the shortfall is the point ("effective but not timely").
# Not "despite": it concedes the shortfall, and the rest of the sentence is the point
# ("despite caseload pressures, impressive PAs ...").
# A sentence opened by a concession: what follows its comma is the point.
_CONCEDED = re.compile(r"\s*(?:while|whilst|although|though)\b[^,]*,\s*(.+)", re.I | re.S)
# A sentence that turns against what came before, and praises nothing itself, states the
# shortfall: "However, bed and breakfast accommodation is also used".
_TURNS = re.compile(r"\s*(?:however|but|yet|nevertheless|despite\s+this)\b", re.I)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|while|whilst|yet)\b", re.I)


@lru_cache(maxsize=256)
def _words_pattern(words: frozenset[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b", re.I)


@lru_cache(maxsize=64)
def _shortfall_pattern(words: frozenset[str]) -> re.Pattern:
    """The words said of something ("caseloads are high", "remain high"), not a compound
    ("high-quality") nor a word before its noun ("a high level of engagement")."""
    said = "|".join(map(re.escape, sorted(words)))
    return re.compile(
        r"\b(?:is|are|was|were|remains?|remained|been|being|still)\s+(?:\w+\s+)?(?:"
        + said
        + r")\b(?![-‐])",
        re.I,
    )


@lru_cache(maxsize=64)
def _named_shortfall_pattern(words: frozenset[str], topic_words: frozenset[str]) -> re.Pattern:
    """The shortfall a question names, said of the topic's own thing: "high caseloads",
    "higher workloads", "caseloads remain high", "workloads, while still high"."""
    said = "|".join(map(re.escape, sorted(words)))
    thing = "|".join(map(re.escape, sorted(topic_words)))
    return re.compile(
        rf"\b(?:{said})(?:er)?\s+(?:{thing})\b"
        rf"|\b(?:{thing})\W+(?:\w+\W+){{0,3}}?(?:is|are|was|were|remains?|remained|still)\s+"
        rf"(?:\w+\s+)?(?:{said})(?:er)?\b(?![-‐])",
        re.I,
    )


def names_the_shortfall(
    sentence: str, shortfalls: frozenset[str], topic_words: frozenset[str]
) -> bool:
    """The sentence says the very shortfall the question names, of the topic's thing: a
    criticism however it is conceded ("although caseloads remain high, PAs ...")."""
    if not shortfalls or not topic_words:
        return False
    return bool(_named_shortfall_pattern(shortfalls, topic_words).search(sentence))


# The thing's legal standing said as part of its name ("unlawful unregistered children's
# homes"): what the thing is, not a verdict on how the council handles it.
_STANDING = r"\b(?:unlawful|illegal)\s*,?\s+"


@lru_cache(maxsize=256)
def _named_pattern(words: frozenset[str]) -> re.Pattern:
    return re.compile(
        _STANDING + r"(?=(?:" + "|".join(map(re.escape, sorted(words))) + r")\b)", re.I
    )


# The cause a report gives ("due to a lack of suitable homes") explains what happened; it is
# a shortfall of something else, not a verdict on the thing itself.
_REASON = re.compile(r"\b(?:due\s+to|because\s+of|as\s+a\s+result\s+of|owing\s+to)\b[^,.;]*", re.I)


def _blank(sentence: str, words: frozenset[str]) -> str:
    """The sentence with the topic's own words taken out (they judge nothing), and the
    standing said of them as part of their name."""
    if not words:
        return sentence
    return _words_pattern(words).sub(" ", _named_pattern(words).sub(" ", sentence))


def verdicts(
    sentence: str,
    topic_words: frozenset[str] = frozenset(),
    shortfalls: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """(shortfalls, praises) a sentence states; `shortfalls` are words the question names as
    the shortfall ("high" of "caseloads too high"), each one more."""
    if _ABSENT.search(sentence):
        return 0, 1
    text = _blank(sentence, topic_words)
    text = _REASON.sub(" ", text)
    positive = len(_HARM_AVOIDED.findall(text))
    text = _HARM_AVOIDED.sub(" ", text)
    negative = len(_NEGATIVE.findall(text)) + len(_NOT_ALWAYS.findall(text))
    if shortfalls:
        negative += len(_shortfall_pattern(shortfalls).findall(text))
    for match in _POSITIVE.finditer(text):
        if _NEGATION.search(text[max(0, match.start() - 40) : match.start()]):
            negative += 1
        else:
            positive += 1
    return negative, positive


def sentence_polarity(
    sentence: str,
    topic_words: frozenset[str] = frozenset(),
    shortfalls: frozenset[str] = frozenset(),
) -> str:
    """ "criticism" when a sentence states more shortfalls than praise, or sets one against
    praise ("effective but not always timely"); "praise" when it praises more than it finds
    short; "" otherwise."""
    conceded = _CONCEDED.match(sentence)
    if conceded:  # "While some caseloads are high, workers report a good balance"
        point = conceded.group(1)
        if _holding(sentence[: conceded.start(1)], topic_words) > _holding(point, topic_words):
            point = sentence[: conceded.start(1)]  # the concession is what speaks of the topic
        negative, positive = verdicts(point, topic_words, shortfalls)
        if negative != positive:
            return "criticism" if negative > positive else "praise"
    negative, positive = verdicts(sentence, topic_words, shortfalls)
    if negative > positive or (negative and _CONTRAST.search(sentence)):
        return "criticism"
    if not positive and _TURNS.match(sentence):  # "However, B&Bs are also used."
        return "criticism"
    return "praise" if positive > negative else ""


def _says(
    sentence: str, polarity: str, topic_words: frozenset[str], shortfalls: frozenset[str]
) -> bool:
    return sentence_polarity(sentence, topic_words, shortfalls) == polarity


def not_yet(sentence: str) -> bool:
    """The sentence speaks of something planned or proposed, not in place."""
    return bool(_NOT_YET.search(sentence))


# Where a sentence joins two statements: each may judge a different thing ("chronologies
# are up to date, but management oversight is not always recorded").
_CLAUSE_BREAK = re.compile(
    r",\s+(?:and|but|although|though|while|whilst|whereas|yet)\s+|;\s+"
    r"|\s+(?:but|although|whereas)\s+",
    re.I,
)
# A clause that speaks of what the one before it named: "..., but these are not timely".
_REFERS_BACK = re.compile(
    r"^(?:\w+\s+){0,2}?(?:this|these|those|it|they|their|its|such|them)\b", re.I
)


def clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_BREAK.split(sentence) if c.strip()]


def _holding(text: str, topic_words: frozenset[str]) -> int:
    """How many of the topic's words (by stem) the text holds."""
    stems = {root(w) for w in topic_words}
    return sum(root(w) in stems for w in re.findall(r"[A-Za-z]+", text))


def topic_clause(sentence: str, topic_words: frozenset[str]) -> str:
    """The part of the sentence that speaks of the topic: its clause holding most of the
    topic's words, with any later clause that refers back to it ("but these are not ..."). A
    sentence of one clause, or whose clauses hold the topic equally, is read whole."""
    parts = clauses(sentence)
    if len(parts) < 2 or not topic_words:
        return sentence
    held = [_holding(part, topic_words) for part in parts]
    best = max(held)
    if not best or held.count(best) > 1:
        return sentence
    at = held.index(best)
    kept = [parts[at]] + [p for p in parts[at + 1 :] if _REFERS_BACK.match(p.strip())]
    return ", ".join(kept)


# The report's list of what the council must improve, as each framework heads it: "What
# needs to improve" (ILACS), "Areas for improvement" and "... requires improvement because"
# (SIF).
_IMPROVEMENT_SECTION = re.compile(
    r"needs?\s+to\s+improve|\bareas?\s+for\s+improvement\b|requires?\s+improvement\b.*\bbecause\b",
    re.I,
)


def is_improvement_list(section: str | None) -> bool:
    return bool(_IMPROVEMENT_SECTION.search(section or ""))


def says(
    sentence: str,
    section: str,
    polarity: str,
    topic_words: frozenset[str] = frozenset(),
    shortfalls: frozenset[str] = frozenset(),
) -> bool:
    """The sentence says what the question asks: criticism, praise, or that the thing is
    there (not planned, not denied). An item of the report's "What needs to improve" list is
    a criticism. The sentence is read alone: reading the next one too ("However, ...") cost
    more false criticisms than it found on the dev questions."""
    improvement_list = is_improvement_list(section)
    if polarity == "any":  # a plan or a denial said of another thing in the sentence
        sentence = topic_clause(sentence, topic_words)
        return not not_yet(sentence) and not _DENIED.search(_blank(sentence, topic_words))
    if polarity == "criticism" and (
        improvement_list or names_the_shortfall(sentence, shortfalls, topic_words)
    ):
        return True
    if polarity == "praise" and (improvement_list or not_yet(sentence)):
        return False
    if polarity == "praise":  # praise of another thing in the sentence is not of this
        sentence = topic_clause(sentence, topic_words)
    return _says(sentence, polarity, topic_words, shortfalls)
