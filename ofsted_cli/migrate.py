"""`ofsted-qa migrate`: bring a PostgreSQL store's schema up to date."""

from __future__ import annotations

import argparse

from .common import STORE_HELP, fail


def add_parser(sub) -> None:
    p = sub.add_parser("migrate", help="bring a PostgreSQL store's schema up to date")
    p.add_argument("--store", default=None, help=STORE_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indexer.store import folder_of, migrate, store_location

    location = store_location(args.store)
    if folder_of(location) is not None:
        return fail("migrate works on a PostgreSQL store: pass --store postgresql://...")
    print(migrate(str(location)))
    return 0
