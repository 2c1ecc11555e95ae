"""Content exempt from publication is cut, or the whole file withheld, before anything else
sees it.

Councils mark exempt items (Local Government Act 1972, Schedule 12A) in many ways: a
sentence ("Not for publication by virtue of paragraph 3 ..."), a line of its own ("PART II",
"EXEMPT INFORMATION", "Confidential Appendix", "OFFICIAL-SENSITIVE"), a cover-sheet label
("Report status | Exempt", "Is the report exempt? Yes - para 3"), a running header or
footer on every exempt page, a stamp. Markings are read as a vocabulary, not as a list of
sentences: the words that mark a paper as not public, in any order that a heading, label
or stamp prints them, however abbreviated. Text is folded first (`fold`): compatibility
forms, look-alike Cyrillic and Greek letters, accents, dashes, spaces, soft hyphens,
line-break hyphens and letter-spaced words do not matter, and a marking printed one word a
line is read across the lines.

Scope: a marking in the body withholds from there to the end; a cover-sheet status or
classification label, or a marking before the first paragraph of prose, withholds the whole
file; a marking-like phrase that the rules cannot place withholds the whole file too (the
doubt goes towards not indexing). Prose stays: an agenda announcing a later exempt item, a
report about confidentiality, "children exempt from charges", "a confidential advice
service".

Notes of what was left out give the vocabulary's words and a position, never the text: a
marker line can itself name a child.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..models import Block

# --- Folding -----------------------------------------------------------------------------

# Characters that vanish in print: soft hyphen, zero-width spaces and joiners, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f"))
# Letters that print like Latin ones (Cyrillic, Greek, Latin variants), folded to them.
_LOOKALIKES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеіјоосрхуѕԁһӏԛԝɡҮүЁёЙйӀΑΒΕΖΗΙΚΜΝΟΡΤΥΧαεικνορτυχϲϳıſꞮɪʟɴʀꜱᴀᴄᴅᴇᴊᴋᴍᴏᴘᴛᴜᴠᴡᴢ",
    "ABESIJKMHOPCTXYaeijoocpxysdhlqwgYyEeNnlABEZHIKMNOPTYXaeiknoptuxcjisIilnrsacdejkmoptuvwz",
)
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d_~]")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case Latin words separated by single spaces, whatever the printing:
    'Ν\u041eT  for publi-\\ncation' -> 'not for publication'."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_LOOKALIKES)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = _DASHES.sub("-", text)
    text = re.sub(r"(?<=[a-z])-[ \t]*[\r\n]+\s*(?=[a-z])", "", text)  # publi-\ncation
    text = re.sub(r"(?<=[a-z])0(?=[a-z])", "o", text)  # N0T F0R
    # Letter-spaced words ('N O T  F O R'): wide gaps part words, single spaces join letters.
    text = re.sub(
        r"(?<![a-z0-9])[a-z](?:[ \t\u00a0][a-z]){2,}(?![a-z0-9])",
        lambda m: m.group(0).replace(" ", "").replace("\t", "").replace("\u00a0", ""),
        text,
    )
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def squash(text: str) -> str:
    """Letters and digits only: 'Not for publi-\\ncation' -> 'notforpublication'."""
    return fold(text).replace(" ", "")


# --- The vocabulary (on folded words) ------------------------------------------------------

# Words that on their own mark a paper as not public when printed as a label or heading.
_CORE = (
    r"(?:exempt(?: from (?:publication|disclosure))?"
    r"|(?:strictly |highly |private and |personal and |commercial in |staff in )?confidential"
    r"|(?:commercial |commercially |staff |management )?in confidence"
    r"|not for (?:general |wider |public )?"
    r"(?:publication|publishing|circulation|distribution|disclosure|release|public release"
    r"|public inspection|the public)"
    r"|restricted(?: (?:management|policy|personal|commercial|circulation|access|staff))?"
    r"|(?:closed|private|confidential|exempt) (?:session|business|meeting|item|items|report)"
    r"|in (?:closed session|private session|camera)"
    r"|official sensitive(?: (?:personal|commercial|locsen|personal data))?"
    r"|(?:uk )?(?:top )?secret"
    r"|protect (?:personal|commercial|policy|staff)"
    r"|sensitive (?:personal|commercial)"
    r"|commercially sensitive"
    r"|nid i w gyhoeddi|eithriedig|gwybodaeth eithriedig|cyfrinachol|cyfyngedig)"
)
_PART = r"(?:part (?:ii|2|two|b)|pt (?:ii|2|b)|part ii|partii)"
_SCHEDULE = (
    r"(?:(?:(?:of )?(?:part|pt) (?:1|i|one) )?(?:of )?(?:the )?"
    r"(?:schedule|sched|sch|s) 12 ?a"
    r"(?: (?:of|to) (?:the )?(?:local government act|lga)(?: 1972)?)?"
    r"(?: (?:local government act|lga)(?: 1972)?)?(?: as amended)?"
    r"|(?:local government act|lga) 1972(?: (?:s|section|sch|schedule) ?(?:100 ?a|12 ?a))?"
    r"|(?:s|section) ?100 ?a(?: 4)?)"
)
_PARA = (
    r"(?:(?:under |by virtue of )?(?:paragraphs?|paras?|para|category|categories) ?"
    r"[0-9]{1,2}[a-z]?(?:(?: and| or|,)? [0-9]{1,2}[a-z]?)*)"
)
_NOUN = (
    r"(?:information|info|reports?|items?|appendix|appendices|annexe?|documents?|business"
    r"|section|minutes?|papers?|material|matters?|session|decisions?|records?|version"
    r"|agenda item|part|data|enclosure)"
)
_DECOR = (
    r"(?:(?:agenda )?item|appendix|appendices|annexe?|enclosure|document|doc|report|paper"
    r"|background paper|attachment|section|draft)(?: [a-z0-9]{1,4})?"
)
_FILL = r"(?:yes|only|draft|and|or|under|by virtue of|this|is|contains|containing|marked|with)"
_MARKING = rf"(?:{_CORE}|{_PART}|{_SCHEDULE})"
_UNIT = rf"(?:{_MARKING}|{_PARA}|{_NOUN}|{_DECOR}|{_FILL})"
# A heading, label or stamp made only of the vocabulary, with at least one marking.
_LABEL = re.compile(rf"(?:{_UNIT} )*{_UNIT}")
_HAS_MARKING = re.compile(rf"(?<![a-z0-9]){_MARKING}(?![a-z0-9])")
# The same grammar on squashed text: letter-spaced or oddly broken labels.
_LABEL_SQUASHED = re.compile(_LABEL.pattern.replace(" ", ""))
_HAS_MARKING_SQUASHED = re.compile(_MARKING.replace(" ", ""))

# Wording that only ever marks exempt content, wherever it is printed (squashed text).
_STRONG = re.compile(
    r"notforpublication|documentisrestricted|exemptfrompublication|officialsensitive"
    r"|privateandconfidential|strictlyconfidential|commercialinconfidence|nidiwgyhoeddi"
    r"|(?:this|the)(?:report|appendix|annexe?|document|item|paper)(?:is|contains)"
    r"(?:exempt|confidential|restricted)"
)
_NUMBER_WORDS = "one|two|three|four|five|six|seven"
# Wording that marks exempt content unless it announces a later item (squashed text).
_WEAK = re.compile(
    r"sch(?:edule|ed)?(?:12a|twelvea)"
    r"|exemptinformation.{0,160}?(?:paragraph|schedule|categor|localgovernmentact|section100)"
    rf"|byvirtueofparagraphs?(?:\d|{_NUMBER_WORDS})"
    r"|section100a4|s100a4"
)
# An agenda or resolution that says a later item will be taken in private (squashed text).
_ANNOUNCES = re.compile(
    r"exclusionofthe(?:press|public)|exclude(?:the)?(?:press|public)|pressandpublic"
    r"|publicbeexcluded|publicareexcluded|publicwillbeexcluded|likelydisclosure"
    r"|(?:following|next|later|subsequent|remaining)(?:items?|reports?|appendix|appendices"
    r"|business|matters?)"
    r"|tobe(?:taken|considered|heard|dealtwith)in(?:private|closedsession|part(?:2|ii|two))"
)

# Status and classification labels of a cover sheet (folded words).
_STATUS_NAME = (
    r"(?:(?:report|document|paper|item|appendix|decision|meeting|agenda item|publication|"
    r"security|government security|information|data|protective|sensitivity|access) )?"
    r"(?:status|classification|classifications|marking|markings|label|level|category)"
    r"|protective marking|security marking|sensitivity(?: label)?|access|handling"
    r"|confidentiality|gsc|open or exempt|open exempt|exempt or open|public or private"
    r"|part (?:1|i) or part (?:2|ii)|part (?:1|i) part (?:2|ii)"
)
# Labels whose question is itself a marking ('Exempt information', 'Is the report exempt').
_QUESTION_NAME = (
    r"(?:is (?:the|this) (?:report|item|paper|decision|appendix|document) )?"
    r"(?:exempt|confidential|restricted|private|part (?:2|ii|two|b))"
    r"(?: (?:or|and) (?:exempt|confidential|restricted|private))?"
    r"(?: (?:information|report|item|appendix|appendices|decision|business|matter))?"
    r"|(?:reasons? for|grounds for|category of|paragraph of) (?:exemption|confidentiality)"
    r"|exemption(?: (?:category|paragraph|reason|reasons|grounds))?"
    r"|does (?:the|this) (?:report|item|paper) contain (?:exempt|confidential) information"
)
_STATUS_LABEL = re.compile(rf"(?:{_STATUS_NAME})")
# Names that never begin prose: 'Report status Exempt Cabinet, 17 January' is a label row.
_STATUS_START = re.compile(
    r"(?:\d{1,2}[a-z]? )?((?:(?:report|document|paper|item|publication|security|government "
    r"security|information|data|protective) )?(?:status|classification)|protective marking"
    rf"|security marking|sensitivity label) ({_MARKING})(?: |$)"
)
_QUESTION_LABEL = re.compile(rf"(?:{_QUESTION_NAME})")
_NEGATIVE = re.compile(
    r"no|none|nil|n a|na|not applicable|not exempt|not confidential|not restricted|public"
    r"|open|unrestricted|unclassified|official|part (?:1|i|one)|open report|public report"
    r"|open to the public|for publication|for public release|false|0|no exempt information"
)
_NEGATIVE_START = re.compile(r"(?:no|none|not applicable|n a|open|public|part (?:1|i)) ")
# An answer to a label that asks whether the paper is exempt: yes, or the exemption's ground.
_AFFIRMATIVE_VALUE = re.compile(
    rf"(?:yes|y|true|closed|private|exempt|confidential)(?: .*)?|{_PARA}.*|.*{_SCHEDULE}.*"
)

# Uses of a marking word in prose that do not mark the paper (folded words).
_BENIGN = re.compile(
    r"exempt(?:ed|ion|ions)? from (?!publication|disclosure)"
    r"|confidential(?:ity)? (?!report|item|appendix|information|session|business|not)[a-z]"
    r"|(?:free|and|independent|safe|a|are|is|kept|remain|remains|be|was|were) confidential"
    r"|restricted (?!management|policy|personal|commercial|circulation|access|staff)[a-z]"
    r"|(?:was|were|is|are|be|been|being|not|highly|more|less|very) restricted"
    r"|secret (?!report|document)[a-z]|secrets?\b"
)
_LINE_MAX = 100
# Stems of every marking above (squashed text): text without one of them marks nothing.
_TRIGGER = re.compile(
    r"exempt|confiden|restrict|notfor|publica|part(?:2|ii|b|two)|pt(?:2|ii|b)|12a|secret"
    r"|sensitiv|closed|private|100a|gyhoeddi|eithriedig|cyfrinachol|cyfyngedig|protect"
    r"|incamera|exemption"
)
_LOOSE_WORDS = re.compile(
    r"(?<![a-z0-9])(?:exempt|confidential|restricted|secret|not for publication"
    r"|part (?:ii|2|b)|12 ?a|closed session|in confidence|official sensitive)(?![a-z0-9])"
)


@dataclass(frozen=True)
class Marking:
    """A marking found: its kind, the vocabulary's words (never the printed text) and where."""

    kind: str  # 'label' | 'strong' | 'weak' | 'status' | 'doubt'
    words: str
    where: str = ""

    def note(self) -> str:
        place = f" in {self.where}" if self.where else ""
        kinds = {
            "status": "a status or classification label",
            "doubt": "marking-like words that could not be placed",
        }
        return f"{kinds.get(self.kind, 'an exemption marking')} ('{self.words}'){place}"


def _words_found(folded: str) -> str:
    """The vocabulary's own words for what matched: safe to print (no text of the file)."""
    found = []
    for m in _HAS_MARKING.finditer(folded):
        word = m.group(0)
        if word not in found:
            found.append(word)
    if not found:
        squashed = folded.replace(" ", "")
        for m in _HAS_MARKING_SQUASHED.finditer(squashed):
            if m.group(0) not in found:
                found.append(m.group(0))
    return ", ".join(found[:3]) or "exempt"


def _segments(folded_raw: str) -> list[str]:
    """A short line split at the separators a label is printed with."""
    return [fold(s) for s in re.split(r"[:|()\[\]/\t]| - |\u2013|\u2014", folded_raw) if fold(s)]


def _label(folded: str) -> bool:
    if not folded or len(folded) > _LINE_MAX:
        return False
    if _LABEL.fullmatch(folded) and _HAS_MARKING.search(folded):
        return True
    squashed = folded.replace(" ", "")
    return bool(
        len(squashed) <= 60
        and _LABEL_SQUASHED.fullmatch(squashed)
        and _HAS_MARKING_SQUASHED.search(squashed)
    )


def _negative(val: str) -> bool:
    """'No', 'Not applicable', 'Open - part 1' (and no marking words after them)."""
    if _NEGATIVE.fullmatch(val):
        return True
    return bool(_NEGATIVE_START.match(val)) and not _HAS_MARKING.search(val)


def _negated(text: str) -> bool:
    """'Exempt information: Not applicable', 'Confidential: No': a label that says no."""
    parts = re.split(r"[:|\t?]", text, maxsplit=1)
    if len(parts) != 2:
        return False
    name, val = re.sub(r"^\d{1,2}[a-z]? ", "", fold(parts[0])), fold(parts[1])
    named = _STATUS_LABEL.fullmatch(name) or _QUESTION_LABEL.fullmatch(name)
    return bool(named and val and _negative(val))


def status_label(label: str, value: str, question: bool = True) -> str | None:
    """'Report status' + 'Exempt', 'Is the report exempt?' + 'Yes - para 3': the marking's
    words when a cover-sheet label says the paper is not public, else None."""
    name, val = re.sub(r"^\d{1,2}[a-z]? ", "", fold(label)), fold(value)
    if not name or not val or len(val) > 200:
        return None
    if _negative(val):
        return None
    if _STATUS_LABEL.fullmatch(name):
        if _label(val) or val in ("closed", "private", "closed session", "private session"):
            return f"{name}: {_words_found(val)}"
        return None
    if question and _QUESTION_LABEL.fullmatch(name) and _AFFIRMATIVE_VALUE.fullmatch(val):
        return f"{name}: {'yes' if val.startswith(('yes', 'y ', 'true')) else _words_found(val)}"
    return None


def _label_pair(text: str, cells: tuple[str, ...] = ()) -> str | None:
    """A status label in a table row, or printed as 'Label: value' / 'Label value'."""
    pieces = [c for c in cells if fold(c)]
    for a, b in zip(pieces, pieces[1:]):
        found = status_label(a, b)
        if found:
            return found
    if len(text) > 300:
        return None
    for sep in (r"[:|\t?]", r" - |\u2013|\u2014"):
        parts = re.split(sep, text, maxsplit=1)
        if len(parts) == 2:
            found = status_label(parts[0], parts[1], question=sep.startswith("[:"))
            if found:
                return found
    folded = fold(text)
    start = _STATUS_START.match(folded)  # a label row run into the line after it
    if start:
        return f"{start.group(1)}: {_words_found(start.group(2))}"
    if len(folded) <= _LINE_MAX:  # 'Report status Exempt' (cells run together)
        for m in re.finditer(r" ", folded):
            found = status_label(folded[: m.start()], folded[m.end() :], question=False)
            if found:
                return found
    return None


def may_mark(text: str) -> bool:
    """Cheap first look: only text holding one of the vocabulary's stems can mark."""
    return bool(_TRIGGER.search(squash(text)))


def marking(text: str, cells: tuple[str, ...] = ()) -> Marking | None:
    """The marking one piece of text carries (a block, a header line, a stamp), or None."""
    folded = fold(text)
    if not folded or not _TRIGGER.search(folded.replace(" ", "")):
        return None
    if _negated(text):
        return None
    status = _label_pair(text, cells)
    if status:
        return Marking("status", status)
    if _label(folded):
        return Marking("label", _words_found(folded))
    if len(text.strip()) <= _LINE_MAX * 2:
        segments = _segments(text)
        if len(segments) > 1 and any(_label(s) for s in segments):
            return Marking("label", _words_found(folded))
    else:
        first = re.split(r":| - |\u2013|\u2014", text, maxsplit=1)
        if len(first) == 2 and _label(fold(first[0])):
            return Marking("label", _words_found(fold(first[0])))
    squashed = folded.replace(" ", "")
    if _ANNOUNCES.search(squashed):
        return None  # an agenda announcing a later exempt item is not exempt itself
    strong = _STRONG.search(squashed)
    if strong:
        return Marking("strong", _words_found(folded) if _HAS_MARKING.search(folded) else "")
    if _WEAK.search(squashed):
        return Marking("weak", _words_found(folded))
    return None


def doubtful(text: str) -> str | None:
    """Marking words in a short line that no rule places (neither a label nor prose)."""
    if len(text) > 120:
        return None
    folded = fold(text)
    if not folded or len(folded.split()) > 8:
        return None
    found = _LOOSE_WORDS.search(folded)
    if (
        not found
        or _negated(text)
        or _BENIGN.search(folded)
        or _ANNOUNCES.search(folded.replace(" ", ""))
    ):
        return None
    return found.group(0)


def field_marking(text: str, name: str = "") -> Marking | None:
    """A marking in a field of its own (a title, a property, metadata, a stamp): any of the
    vocabulary's markings there withholds; marking-like words there are doubt."""
    if name:
        found = status_label(name, text)
        if found:
            return Marking("status", found)
    found = marking(text)
    if found:
        return found
    for piece in re.split(r"[;,\n]", text):
        if piece.strip() and _label(fold(piece)):
            return Marking("label", _words_found(fold(piece)))
    folded = fold(text)
    loose = _LOOSE_WORDS.search(folded)
    if loose and not _BENIGN.search(folded):
        return Marking("doubt", loose.group(0))
    return None


# --- Compatibility for loaders: a line that marks its page ------------------------------


def exempt_marker(text: str) -> str | None:
    """The kind of marker in text ('strong' or 'weak'), or None; never the text itself."""
    found = marking(text)
    if found is None:
        return None
    return "weak" if found.kind == "weak" else "strong"


def is_marker_line(text: str) -> bool:
    """A line (running header, footer, Word page header, stamp) that marks its page."""
    return marking(text) is not None


# --- Scope ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What the exemption rules make of a file's blocks."""

    cut: int | None = None  # first block withheld (to the end), or None
    whole: Marking | None = None  # the whole file withheld, and why
    found: Marking | None = None  # the marking at the cut


def _is_prose(block: Block) -> bool:
    return block.kind in ("text", "item") and len(block.text.split()) >= 6


_ITEM_START = re.compile(r"\s*(?:(?:agenda\s+)?item\s+)?\d{1,2}[a-z]?[.):]?\s", re.I)


def _agenda_heading(block: Block) -> bool:
    if "agenda" not in block.text.lower() or len(block.text) > 80:
        return False
    folded = fold(block.text)
    return bool(re.fullmatch(r"(?:[a-z ]{0,30} )?agenda(?: [a-z0-9 ]{0,30})?", folded))


def _run_markings(blocks: list[Block], i: int) -> tuple[int, Marking] | None:
    """A marking printed over several short lines ('Not for' / 'publication', or one word
    a line), starting at block i: how many lines it takes, and the marking."""
    if len(blocks[i].text.split()) > 6:
        return None
    if not may_mark(" ".join(b.text for b in blocks[i : i + 8])):
        return None
    texts = [blocks[i].text]
    for j in range(i + 1, min(i + 8, len(blocks))):
        nxt = blocks[j].text
        if len(nxt.split()) > 6 and j > i + 1:
            break
        texts.append(nxt)
        if marking(nxt) is not None and marking(nxt).kind != "weak":
            return None  # the later line marks on its own; it is found there
        joined = " ".join(texts)
        found = marking(joined)
        if found is not None and found.kind != "doubt":
            return j - i + 1, found
        if len(nxt.split()) > 6:
            break
    return None


def judge(blocks: list[Block]) -> Verdict:
    """Where exempt content starts, or why the whole file is withheld."""
    quiet_until = -1  # blocks that carry on an agenda's announcement of a later exempt item
    agenda_until = -1  # numbered lines of an agenda announce items, they do not mark them
    prose_seen = False
    doubt: tuple[int, str] | None = None
    for i, block in enumerate(blocks):
        if _agenda_heading(block):
            agenda_until = i + 60
        in_agenda = i <= agenda_until and bool(_ITEM_START.match(block.text))
        found = None if in_agenda else marking(block.text, block.cells)
        if found is not None and found.kind == "status":
            return Verdict(whole=replace_where(found, _where(blocks, i)))
        if found is not None and (found.kind != "weak" or i > quiet_until):
            return _cut_at(blocks, i, found, prose_seen)
        squashed = squash(block.text)
        if _ANNOUNCES.search(squashed) or in_agenda:
            quiet_until = i + 2
            if _ANNOUNCES.search(squashed):
                continue
        run = None if in_agenda else _run_markings(blocks, i)
        if run is not None and (run[1].kind != "weak" or i > quiet_until):
            return _cut_at(blocks, i, run[1], prose_seen)
        if _is_prose(block) and len(block.text) > 60:
            prose_seen = True
        if doubt is None and not in_agenda and block.kind != "item":
            words = doubtful(block.text)
            if words:
                doubt = (i, words)
    if doubt is not None:
        i, words = doubt
        return Verdict(whole=Marking("doubt", words, _where(blocks, i)))
    return Verdict()


def replace_where(found: Marking, where: str) -> Marking:
    return Marking(found.kind, found.words, where)


def _where(blocks: list[Block], i: int) -> str:
    page = f", page {blocks[i].page}" if blocks[i].page else ""
    return f"block {i + 1}{page}"


def _cut_at(blocks: list[Block], i: int, found: Marking, prose_seen: bool) -> Verdict:
    found = replace_where(found, _where(blocks, i))
    if not prose_seen:  # a marking before any paragraph of prose: on the cover
        return Verdict(whole=Marking(found.kind, found.words, f"{found.where} (cover page)"))
    return Verdict(cut=i, found=found)


def find_exempt_start(blocks: list[Block]) -> int | None:
    """Index of the first block withheld (0 when the whole file is), or None."""
    verdict = judge(blocks)
    if verdict.whole is not None:
        return 0
    return verdict.cut


def cut_exempt(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Blocks before the first exempt marker, and a note of what was left out.

    The note says where, how much and the vocabulary's words, never the text: a marker
    line can name a child.
    """
    verdict = judge(blocks)
    if verdict.whole is not None:
        return [], f"left out all {len(blocks)} blocks: {verdict.whole.note()}"
    if verdict.cut is None:
        return blocks, None
    i = verdict.cut
    dropped = blocks[i:]
    chars = sum(len(b.text) for b in dropped)
    page = f", from page {blocks[i].page}" if blocks[i].page else ""
    words = f" ('{verdict.found.words}')" if verdict.found and verdict.found.words else ""
    note = (
        f"left out {len(dropped)} of {len(blocks)} blocks ({chars} characters) from block "
        f"{i + 1}{page} on, after an exemption marker{words}"
    )
    return blocks[:i], note
