"""`ofsted-qa ask`: a question answered with cited paragraphs, as text or JSON."""

from __future__ import annotations

import argparse
import json

from .common import STORE_HELP


def add_parser(sub) -> None:
    p = sub.add_parser("ask", help="answer a question with cited paragraphs")
    p.add_argument("question")
    p.add_argument("--index", default="index")
    p.add_argument("--store", default=None, help=STORE_HELP)
    p.add_argument("--k", type=int, default=10, help="passages to retrieve")
    p.add_argument("--mode", default="hybrid", choices=["dense", "lexical", "hybrid", "rerank"])
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--authority", action="append", help="only this authority (repeatable)")
    p.add_argument("--kind", action="append", help="only this report kind (repeatable)")
    p.add_argument("--year", action="append", help="only this year, or a range 2019-2023")
    p.add_argument(
        "--until",
        metavar="DATE",
        help="as of this date (2023, 2023-06 or 2023-06-30): only reports public by then",
    )
    p.add_argument(
        "--after",
        action="append",
        metavar="EARLIER_QUESTION",
        help="an earlier question of the conversation, for a follow-up (repeatable, oldest first)",
    )
    p.add_argument(
        "--council",
        metavar="NAME",
        help="my council: what 'we', 'our' and questions that name no council are about",
    )
    p.set_defaults(func=run)


def filters_of(args: argparse.Namespace) -> dict:
    filters = {}
    if args.authority:
        filters["authority"] = args.authority
    if args.kind:
        filters["kind"] = args.kind
    if args.year:
        filters["year"] = args.year
    if args.until:
        filters["until"] = args.until
    return filters


def run(args: argparse.Namespace) -> int:
    from indexer.store import store_location
    from retriever import Retriever

    retriever = Retriever.open(store_location(args.store, args.index))
    answer = retriever.ask(
        args.question,
        k=args.k,
        filters=filters_of(args),
        mode=args.mode,
        history=args.after or None,
        council=args.council,
    )
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.answer)
    if answer.citations:
        print("\nReferences")
        for c in answer.citations:
            print(f"[{c.number}] {c.citation}")
    return 0
