"""Content exempt from publication is cut before anything else sees it.

Councils mark exempt items (Local Government Act 1972, Schedule 12A) in many ways: a
sentence ("Not for publication by virtue of paragraph 3 ..."), a line of its own ("PART II",
"EXEMPT INFORMATION", "Confidential Appendix", "OFFICIAL-SENSITIVE"), a running header or
footer on every exempt page, a Word page header. Markers are matched on normalised text
(case, whitespace, tabs, soft hyphens, line-break hyphens and line breaks do not matter),
and a marker broken over two lines is found across them.

The opposite error matters as much: an agenda announcing a later exempt item ("Exclusion of
the public ... exempt information ... Schedule 12A") is not the start of exempt content,
and the public report after it is kept.

The note of what was left out gives position and size only, never the text: a marker line
can itself name a child.
"""

from __future__ import annotations

import re
import unicodedata

from ..models import Block

# Characters that vanish in print: soft hyphen, zero-width spaces and joiners, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_NUMBER_WORDS = "one|two|three|four|five|six|seven"

# Matched on squashed text (lower case, letters and digits only): wording that only ever
# marks exempt content.
_STRONG = re.compile(r"notforpublication|documentisrestricted|exemptfrompublication")
# Wording that marks exempt content unless it announces a later item (see _ANNOUNCES).
_WEAK = re.compile(
    r"sch(?:edule|ed)?(?:12a|twelvea)"
    r"|exemptinformation.{0,160}?(?:paragraph|schedule|categor|localgovernmentact|section100)"
    rf"|byvirtueofparagraphs?(?:\d|{_NUMBER_WORDS})"
)
# An agenda or resolution that says a later item will be taken in private.
_ANNOUNCES = re.compile(
    r"exclusionofthe(?:press|public)|exclude(?:the)?(?:press|public)|pressandpublic"
    r"|publicbeexcluded|publicareexcluded|publicwillbeexcluded|likelydisclosure"
)
# Matched on the whole of a short line (lower case, words separated by single spaces).
_LINE = re.compile(
    r"(?:(?:appendix|appendices|annex|annexe|item|agenda item|enclosure|document)"
    r"(?: [a-z0-9]{1,3})? )?"
    r"(?:"
    r"part (?:ii|2|two)(?: (?:exempt|confidential|private)(?: (?:information|items?|reports?"
    r"|business|appendix|appendices|section|papers?))?)?"
    r"|(?:exempt|confidential|restricted)(?: (?:information|items?|reports?|appendix|appendices"
    r"|annexe?|documents?|business|section|minutes?|papers?))?(?: [a-z0-9]{1,3})?"
    r"|private and confidential|strictly confidential|official sensitive(?: [a-z]+)?"
    r"|exempt from publication|restricted document"
    r")(?: not for publication)?(?: (?:appendix|annex) [a-z0-9]{1,3})?"
)
_LINE_MAX = 80


def squash(text: str) -> str:
    """Letters and digits only, lower case: 'Not for publi-\\ncation' -> 'notforpublication'."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def _words(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _marker_strength(text: str) -> str | None:
    """'strong', 'weak' or None for one piece of text."""
    flat = squash(text)
    if not flat:
        return None
    if _STRONG.search(flat):
        return "strong"
    if len(text.strip()) <= _LINE_MAX and _LINE.fullmatch(_words(text)):
        return "strong"
    if _ANNOUNCES.search(flat):
        return None  # an agenda announcing a later exempt item is not exempt itself
    if _WEAK.search(flat):
        return "weak"
    return None


def exempt_marker(text: str) -> str | None:
    """The kind of marker in text ('strong' or 'weak'), or None; never the text itself."""
    return _marker_strength(text)


def is_marker_line(text: str) -> bool:
    """A line (running header, footer, Word page header) that marks its page exempt."""
    return _marker_strength(text) is not None


def _announces(text: str) -> bool:
    return bool(_ANNOUNCES.search(squash(text)))


def find_exempt_start(blocks: list[Block]) -> int | None:
    """Index of the first block of exempt content, or None."""
    quiet_until = -1  # blocks that carry on an agenda's announcement of a later exempt item
    for i, block in enumerate(blocks):
        strength = _marker_strength(block.text)
        if strength == "strong" or (strength == "weak" and i > quiet_until):
            return i
        if _announces(block.text):
            quiet_until = i + 2
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if following is None or len(block.text.strip()) > _LINE_MAX:
            continue
        if _announces(following.text):
            continue
        joined = _marker_strength(f"{block.text} {following.text}")
        alone = _marker_strength(following.text)
        if joined and not alone and (joined == "strong" or i > quiet_until):
            return i  # a marker broken over two lines starts on this one
    return None


def cut_exempt(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Blocks before the first exempt marker, and a note of what was left out.

    The note says where and how much, never what: a marker line can name a child.
    """
    i = find_exempt_start(blocks)
    if i is None:
        return blocks, None
    dropped = blocks[i:]
    chars = sum(len(b.text) for b in dropped)
    page = f", from page {blocks[i].page}" if blocks[i].page else ""
    note = (
        f"left out {len(dropped)} of {len(blocks)} blocks ({chars} characters) from block "
        f"{i + 1}{page} on, after an exemption marker"
    )
    return blocks[:i], note
