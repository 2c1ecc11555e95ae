"""Messages that may name the store, as an app user sees them: no store URL at all, not even
masked ("the shared database"); the operator reads the same message, with the URL's
password masked, in the server log."""

from __future__ import annotations

import logging

from indexer.store import hidden, scrub

from .render import md_escape

LOG = logging.getLogger("ofsted_qa.app")


def for_user(text: str, *locations, log: bool = True) -> str:
    """Inline Markdown for the page: store URLs replaced, passwords masked, escaped.
    With `log`, the operator's version goes to the server log as a warning."""
    if log:
        LOG.warning("%s", scrub(text, *locations))
    return md_escape(hidden(text, *locations), inline=True)
