"""`ofsted-qa index`: build or update the index of a corpus (a folder or a PostgreSQL store)."""

from __future__ import annotations

import argparse

from .common import STORE_HELP, fail


def add_parser(sub) -> None:
    from indexer.embedder import DEFAULT_ENCODER, ENCODERS
    from indexer.parse.loaders import MAX_FILE_MB

    p = sub.add_parser("index", help="build or update the index from the corpus")
    p.add_argument("corpus", nargs="?", default="corpus", help="corpus folder")
    p.add_argument("--index", default="index", help="index folder (default: index/)")
    p.add_argument("--store", default=None, help=STORE_HELP)
    p.add_argument("--model", default=None, help="sentence-transformers model path or name")
    p.add_argument(
        "--encoder",
        choices=ENCODERS,
        default=None,
        help="runtime that embeds, recorded in the manifest (default: OFSTED_QA_ENCODER, else "
        f"the index's own when it exists, else {DEFAULT_ENCODER}; torch uses a GPU when present)",
    )
    p.add_argument(
        "--max-file-mb",
        type=float,
        default=MAX_FILE_MB,
        help=f"skip files over this many MB (default {MAX_FILE_MB}; 0 = no limit)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.add_argument(
        "--if-stale",
        action="store_true",
        help="build only if the corpus changed since the last build",
    )
    p.add_argument(
        "--allow-empty",
        action="store_true",
        help="replace a working index even when no document in the corpus can be read",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indexer import build_index
    from indexer.embedder import with_encoder
    from indexer.parse.loaders import MEGABYTE
    from indexer.printable import shown as printable
    from indexer.store import shown, store_location

    location = store_location(args.store, args.index)
    max_bytes = None if args.max_file_mb <= 0 else int(args.max_file_mb * MEGABYTE)
    if args.if_stale:
        from indexer import is_stale

        try:
            if not is_stale(args.corpus, location):
                print(f"Index at {shown(location)} is up to date.")
                return 0
        except OSError as exc:
            return fail(str(exc), location)
    report = build_index(
        args.corpus,
        location,
        model=with_encoder(args.model, args.encoder),  # None: indexer.embedder.model_for_build
        max_file_bytes=max_bytes,
        progress=not args.quiet,
        allow_empty=args.allow_empty,
    )
    print(report.summary())
    for doc_id, n in report.passages_per_doc.items():
        print(f"  {n:5d}  {printable(doc_id)}")
    for doc_id, reason in report.left_out:
        print(f"Left out of {printable(doc_id)}: {printable(reason)}")
    for path, reason in report.withheld:
        print(f"Withheld {printable(path)}: {printable(reason)}")
    for release in report.released.values():
        shown = f"{printable(release['file'])}: indexed in full ({printable(release['release'])})"
        print(f"Released {shown}")
    for path, reason in report.skipped:
        print(f"Skipped {printable(path)}: {printable(reason)}")
    for doc_id, note in report.warnings:
        print(f"Note on {printable(doc_id)}: {printable(note)}")
    return 0
