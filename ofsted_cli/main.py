"""`ofsted-qa`: build the index and ask questions from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

USER_ERROR = 2
STORE_HELP = (
    "postgresql://... URL of a shared PostgreSQL + pgvector store (default: $OFSTED_QA_STORE, "
    "else the --index folder)"
)


def _fail(message: str, *locations) -> int:
    """One line on stderr, with every store password masked (indexer.store.scrub)."""
    from indexer.store import scrub

    text = scrub(message, *locations, os.environ.get("OFSTED_QA_STORE"))
    print(f"ofsted-qa: {' '.join(text.split())}", file=sys.stderr)
    return USER_ERROR


def cmd_index(args: argparse.Namespace) -> int:
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
            return _fail(str(exc), location)
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


def _filters(args: argparse.Namespace) -> dict:
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


def cmd_ask(args: argparse.Namespace) -> int:
    from indexer.store import store_location
    from retriever import Retriever

    retriever = Retriever.open(store_location(args.store, args.index))
    answer = retriever.ask(
        args.question,
        k=args.k,
        filters=_filters(args),
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


def cmd_national(args: argparse.Namespace) -> int:
    from indexer import national
    from indexer.printable import shown

    corpus = Path(args.corpus)
    catalogue = Path(args.catalogue) if args.catalogue else None
    for name in ("timeout", "total_time", "max_mb"):
        if getattr(args, name) <= 0:
            return _fail(f"--{name.replace('_', '-')} must be more than 0")
    if args.delay < 0 or args.retries < 0 or args.backoff < 0:
        return _fail("--delay, --retries and --backoff cannot be negative")
    if args.update:
        return _national_update(args)
    if args.checksums and not Path(args.checksums).is_file():
        return _fail(f"no checksum file {shown(args.checksums)}")

    def progress(done: int, total: int, name: str, what: str) -> None:
        if not args.quiet:
            print(f"[{done}/{total}] {shown(name)}: {shown(what)}", flush=True)

    try:
        if args.download:
            if catalogue is None or not catalogue.is_file():
                return _fail("--download needs the catalogue: --catalogue .../inspections.csv")
            outcome = national.download(
                catalogue,
                corpus,
                args.latest,
                args.checksums,
                progress,
                policy=_fetch_policy(args),
            )
        else:
            source = Path(args.from_dir)
            if not source.is_dir():
                return _fail(f"no folder {shown(source)}")
            if catalogue is None and (source.parent / "inspections.csv").is_file():
                catalogue = source.parent / "inspections.csv"
            outcome = national.add_from_folder(
                source, corpus, catalogue, args.latest, args.checksums, progress
            )
    except OSError as exc:
        return _fail(shown(exc))
    print(outcome.summary())
    for name, reason in outcome.refused:
        print(f"Refused {shown(name)}: {shown(reason)}")
    for name, reason in outcome.failed:
        print(f"Failed {shown(name)}: {shown(reason)}")
    print(f"Next: ofsted-qa index {shown(corpus)} --index national-index (README, Going national)")
    return 1 if outcome.failed and not (outcome.added or outcome.skipped) else 0


def _fetch_policy(args: argparse.Namespace):
    from indexer.fetch import MEGABYTE, FetchPolicy

    return FetchPolicy(
        timeout=args.timeout,
        total=args.total_time,
        max_bytes=int(args.max_mb * MEGABYTE),
        retries=args.retries,
        backoff=args.backoff,
        delay=args.delay,
    )


def _chosen_councils(names: list[str] | None):
    """Every council with an Ofsted page, or those named (one line for a name that fits none)."""
    from indexer.councils import all_councils, candidates

    if not names:
        return [c for c in all_councils() if c.ofsted_path]
    chosen = []
    for name in names:
        found = candidates(name)
        if len(found) != 1:
            what = "several councils" if found else "no council"
            raise ValueError(f"--council {name!r} names {what}; use a council's name")
        chosen.append(found[0])
    return list(dict.fromkeys(chosen))


def _national_update(args: argparse.Namespace) -> int:
    """Discovery and fetch with one progress bar (ETA) over the councils, then what is new
    per council, the pages that failed, and (--index) the index brought up to date."""
    from tqdm import tqdm

    from indexer.fetch import Fetcher
    from indexer.national_update import update
    from indexer.ofsted_site import site_url
    from indexer.printable import shown

    try:
        councils = _chosen_councils(args.council)
    except ValueError as exc:
        return _fail(shown(exc))
    site = site_url(args.site_url)
    corpus = Path(args.corpus)
    bar = tqdm(
        total=len(councils), desc="Councils", unit="council", disable=args.quiet, file=sys.stderr
    )

    def progress(done: int, total: int, result) -> None:
        bar.update(1)

    if not args.quiet:
        what = "Listing what would be fetched" if args.dry_run else "Updating"
        print(f"{what}: {len(councils)} councils from {shown(site)} into {shown(corpus)}/")
    try:
        report = update(
            corpus,
            councils,
            site,
            Fetcher(_fetch_policy(args)),
            args.dry_run,
            progress,
            recheck=args.recheck,
        )
    except OSError as exc:
        return _fail(shown(exc))
    finally:
        bar.close()
    for result in report.councils:
        for item in result.would_fetch:
            print(f"Would fetch {shown(item)}")
        for name, reason in result.failed:
            print(f"Failed {shown(name)}: {shown(reason)}")
        if result.page_error:
            print(shown(result.line()))
    print(report.summary())
    new_lines = [r.line() for r in report.councils if r.new or r.changed or r.repaired]
    if new_lines:
        print("New since the last update:")
        for line in new_lines:
            print(f"  {shown(line)}")
    if args.index and not args.dry_run:
        return _index_after_update(corpus, args)
    if not args.dry_run:
        print(f"Next: ofsted-qa index {shown(corpus)} --index national-index (embeds new reports)")
    return 0


def _index_after_update(corpus: Path, args: argparse.Namespace) -> int:
    """Builds (or brings up to date) the index of the corpus; unchanged passages reuse
    their vectors, so only new reports are embedded."""
    from indexer import build_index, is_stale
    from indexer.printable import shown

    location = Path(args.index)  # a folder: the shared store is loaded with `ofsted-qa copy`
    if not is_stale(corpus, location):
        print(f"Index at {shown(location)}/ is up to date.")
        return 0
    report = build_index(corpus, location, progress=not args.quiet)
    print(shown(report.summary()))
    for path, reason in report.skipped:
        print(f"Skipped {shown(path)}: {shown(reason)}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from indexer.store import folder_of, migrate, store_location

    location = store_location(args.store)
    if folder_of(location) is not None:
        return _fail("migrate works on a PostgreSQL store: pass --store postgresql://...")
    print(migrate(str(location)))
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from indexer.store import copy_index

    print(copy_index(args.source, args.target, progress=not args.quiet).summary())
    return 0


def cmd_eval(argv: list[str]) -> int:
    from eval.__main__ import main as eval_main

    return eval_main(argv)


def build_parser() -> argparse.ArgumentParser:
    from indexer.embedder import DEFAULT_ENCODER, ENCODERS
    from indexer.parse.loaders import MAX_FILE_MB

    parser = argparse.ArgumentParser(
        prog="ofsted-qa",
        description="Cited answers from Ofsted inspections of children's services.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p_index = sub.add_parser("index", help="build or update the index from the corpus")
    p_index.add_argument("corpus", nargs="?", default="corpus", help="corpus folder")
    p_index.add_argument("--index", default="index", help="index folder (default: index/)")
    p_index.add_argument("--store", default=None, help=STORE_HELP)
    p_index.add_argument("--model", default=None, help="sentence-transformers model path or name")
    p_index.add_argument(
        "--encoder",
        choices=ENCODERS,
        default=None,
        help="runtime that embeds, recorded in the manifest (default: OFSTED_QA_ENCODER, else "
        f"the index's own when it exists, else {DEFAULT_ENCODER}; torch uses a GPU when present)",
    )
    p_index.add_argument(
        "--max-file-mb",
        type=float,
        default=MAX_FILE_MB,
        help=f"skip files over this many MB (default {MAX_FILE_MB}; 0 = no limit)",
    )
    p_index.add_argument("--quiet", action="store_true", help="no progress bars")
    p_index.add_argument(
        "--if-stale",
        action="store_true",
        help="build only if the corpus changed since the last build",
    )
    p_index.add_argument(
        "--allow-empty",
        action="store_true",
        help="replace a working index even when no document in the corpus can be read",
    )
    p_index.set_defaults(func=cmd_index)

    p_ask = sub.add_parser("ask", help="answer a question with cited paragraphs")
    p_ask.add_argument("question")
    p_ask.add_argument("--index", default="index")
    p_ask.add_argument("--store", default=None, help=STORE_HELP)
    p_ask.add_argument("--k", type=int, default=10, help="passages to retrieve")
    p_ask.add_argument("--mode", default="hybrid", choices=["dense", "lexical", "hybrid", "rerank"])
    p_ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    p_ask.add_argument("--authority", action="append", help="only this authority (repeatable)")
    p_ask.add_argument("--kind", action="append", help="only this report kind (repeatable)")
    p_ask.add_argument("--year", action="append", help="only this year, or a range 2019-2023")
    p_ask.add_argument(
        "--until",
        metavar="DATE",
        help="as of this date (2023, 2023-06 or 2023-06-30): only reports public by then",
    )
    p_ask.add_argument(
        "--after",
        action="append",
        metavar="EARLIER_QUESTION",
        help="an earlier question of the conversation, for a follow-up (repeatable, oldest first)",
    )
    p_ask.add_argument(
        "--council",
        metavar="NAME",
        help="my council: what 'we', 'our' and questions that name no council are about",
    )
    p_ask.set_defaults(func=cmd_ask)

    p_nat = sub.add_parser(
        "national",
        help="add every council's reports to a corpus: discovered on Ofsted's site, copied "
        "from a folder or downloaded (README, Going national)",
    )
    source = p_nat.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--update",
        action="store_true",
        help="read each council's page on Ofsted's reports site and fetch what the corpus lacks",
    )
    source.add_argument("--from", dest="from_dir", metavar="DIR", help="folder of report PDFs")
    source.add_argument(
        "--download", action="store_true", help="download from the catalogue's public links"
    )
    p_nat.add_argument("--corpus", default="corpus", help="corpus folder to add to")
    p_nat.add_argument(
        "--council",
        action="append",
        metavar="NAME",
        help="with --update: only this council (repeatable; default every council)",
    )
    p_nat.add_argument(
        "--dry-run", action="store_true", help="with --update: list what would be fetched"
    )
    p_nat.add_argument(
        "--recheck",
        action="store_true",
        help="with --update: fetch the reports the corpus holds too, to notice one Ofsted "
        "replaced at the same link",
    )
    p_nat.add_argument(
        "--site-url",
        metavar="URL",
        help="Ofsted's reports site (default: $OFSTED_QA_SITE_URL, else "
        "https://reports.ofsted.gov.uk)",
    )
    p_nat.add_argument(
        "--index",
        metavar="DIR",
        help="with --update: then build or update this index folder (only new reports embedded)",
    )
    p_nat.add_argument(
        "--catalogue",
        help="inspections.csv (default with --from: the one beside DIR, if any)",
    )
    p_nat.add_argument("--latest", action="store_true", help="only each council's newest report")
    p_nat.add_argument("--checksums", help="sha256sum file the reports must match")
    p_nat.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to connect and per read (default 30)"
    )
    p_nat.add_argument(
        "--total-time",
        type=float,
        default=300.0,
        help="seconds per file in all, retries included (default 300)",
    )
    p_nat.add_argument(
        "--max-mb", type=float, default=50.0, help="refuse a file over this many MB (default 50)"
    )
    p_nat.add_argument(
        "--delay", type=float, default=1.0, help="seconds between requests (default 1)"
    )
    p_nat.add_argument(
        "--retries", type=int, default=2, help="retries of a failed request (default 2)"
    )
    p_nat.add_argument(
        "--backoff", type=float, default=2.0, help="seconds before the first retry, then doubled"
    )
    p_nat.add_argument("--quiet", action="store_true")
    p_nat.set_defaults(func=cmd_national)

    p_migrate = sub.add_parser("migrate", help="bring a PostgreSQL store's schema up to date")
    p_migrate.add_argument("--store", default=None, help=STORE_HELP)
    p_migrate.set_defaults(func=cmd_migrate)

    p_copy = sub.add_parser(
        "copy",
        help="copy a built index to another store without re-embedding (folder <-> PostgreSQL)",
        description="Copy the index at --from into --to as a new build, swapped in atomically: "
        "e.g. build a folder on a fast machine, then load it into the shared database. "
        "Feedback and uploads are not copied.",
    )
    p_copy.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="FROM",
        help="index folder or postgresql:// URL",
    )
    p_copy.add_argument(
        "--to", dest="target", required=True, metavar="TO", help="index folder or postgresql:// URL"
    )
    p_copy.add_argument("--quiet", action="store_true", help="no progress bars")
    p_copy.set_defaults(func=cmd_copy)

    sub.add_parser("eval", help="measure retrieval on gold questions (see python -m eval -h)")
    return parser


def _not_utf8(args: argparse.Namespace) -> str | None:
    """The first argument that arrived as bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which would fail much later with a traceback)."""
    for name in ("question", "after", "authority", "kind", "year", "until", "council"):
        value = getattr(args, name, None)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str):
                try:
                    v.encode("utf-8")
                except UnicodeEncodeError:
                    return "the question" if name == "question" else f"--{name.replace('_', '-')}"
    return None


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["eval"]:
        return cmd_eval(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "k", 1) < 1:
        return _fail("--k must be at least 1")
    bad = _not_utf8(args)
    if bad:
        return _fail(f"{bad} is not valid UTF-8 text; retype it or check the terminal's encoding")
    if hasattr(args, "corpus"):
        args.corpus = Path(args.corpus)
    from indexer.errors import OfstedQAError
    from indexer.printable import shown

    where = [getattr(args, name, None) for name in ("store", "source", "target")]
    try:
        return args.func(args)
    except BrokenPipeError:  # `ofsted-qa ask ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OfstedQAError as exc:  # every product error: one line, passwords masked
        return _fail(shown(exc), *where)
    except Exception as exc:
        if not type(exc).__module__.startswith("psycopg"):
            raise
        # The store's own errors are named where they happen; one that is not is still
        # one line, never a traceback that could show the URL.
        return _fail(f"the PostgreSQL store failed ({exc.__class__.__name__}: {exc})", *where)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
