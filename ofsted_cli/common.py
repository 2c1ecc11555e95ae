"""What every command shares: the exit code of a user error, one-line messages with store
passwords masked, and the --store option's help."""

from __future__ import annotations

import os
import sys

USER_ERROR = 2
STORE_HELP = (
    "postgresql://... URL of a shared PostgreSQL + pgvector store (default: $OFSTED_QA_STORE, "
    "else the --index folder)"
)


def fail(message: str, *locations) -> int:
    """One line on stderr, with every store password masked (indexer.store.scrub)."""
    from indexer.store import scrub

    text = scrub(message, *locations, os.environ.get("OFSTED_QA_STORE"))
    print(f"ofsted-qa: {' '.join(text.split())}", file=sys.stderr)
    return USER_ERROR
