"""`ofsted-qa copy`: a built index copied to another store without embedding again."""

from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    p = sub.add_parser(
        "copy",
        help="copy a built index to another store without re-embedding (folder <-> PostgreSQL)",
        description="Copy the index at --from into --to as a new build, swapped in atomically: "
        "e.g. build a folder on a fast machine, then load it into the shared database. "
        "Feedback and uploads are not copied.",
    )
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="FROM",
        help="index folder or postgresql:// URL",
    )
    p.add_argument(
        "--to", dest="target", required=True, metavar="TO", help="index folder or postgresql:// URL"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indexer.store import copy_index

    print(copy_index(args.source, args.target, progress=not args.quiet).summary())
    return 0
