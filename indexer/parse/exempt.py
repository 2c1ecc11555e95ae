"""Content exempt from publication is cut before anything else sees it."""

from __future__ import annotations

import re

from ..models import Block

# Councils mark exempt items in these words (Local Government Act 1972, Schedule 12A).
_EXEMPT_PATTERNS = (
    re.compile(r"\bnot for publication\b", re.I),
    re.compile(r"\bdocument is restricted\b", re.I),
    re.compile(r"\bschedule\s+12a\b", re.I),
    re.compile(r"\bexempt information\b.*\bparagraphs?\s+\d", re.I),
)


def exempt_marker(text: str) -> str | None:
    for pattern in _EXEMPT_PATTERNS:
        if pattern.search(text):
            return pattern.pattern
    return None


def cut_exempt(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Blocks before the first exempt marker, and a note of what was left out."""
    for i, block in enumerate(blocks):
        if exempt_marker(block.text):
            dropped = blocks[i:]
            chars = sum(len(b.text) for b in dropped)
            page = f" from page {block.page}" if block.page else ""
            note = (
                f"left out {len(dropped)} blocks ({chars} characters){page} after an "
                f"exemption marker: {block.text.strip()[:80]!r}"
            )
            return blocks[:i], note
    return blocks, None
