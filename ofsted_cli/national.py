"""`ofsted-qa national`: every council's reports into a corpus, discovered on Ofsted's site
(--update), copied from a folder (--from) or downloaded from the catalogue (--download)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import fail


def add_parser(sub) -> None:
    p = sub.add_parser(
        "national",
        help="add every council's reports to a corpus: discovered on Ofsted's site, copied "
        "from a folder or downloaded (README, Going national)",
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--update",
        action="store_true",
        help="read each council's page on Ofsted's reports site and fetch what the corpus lacks",
    )
    source.add_argument("--from", dest="from_dir", metavar="DIR", help="folder of report PDFs")
    source.add_argument(
        "--download", action="store_true", help="download from the catalogue's public links"
    )
    p.add_argument("--corpus", default="corpus", help="corpus folder to add to")
    p.add_argument(
        "--council",
        action="append",
        metavar="NAME",
        help="with --update: only this council (repeatable; default every council)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="with --update: list what would be fetched"
    )
    p.add_argument(
        "--recheck",
        action="store_true",
        help="with --update: fetch the reports the corpus holds too, to notice one Ofsted "
        "replaced at the same link",
    )
    p.add_argument(
        "--site-url",
        metavar="URL",
        help="Ofsted's reports site (default: $OFSTED_QA_SITE_URL, else "
        "https://reports.ofsted.gov.uk)",
    )
    p.add_argument(
        "--index",
        metavar="DIR",
        help="with --update: then build or update this index folder (only new reports embedded)",
    )
    p.add_argument(
        "--catalogue",
        help="inspections.csv (default with --from: the one beside DIR, if any)",
    )
    p.add_argument("--latest", action="store_true", help="only each council's newest report")
    p.add_argument("--checksums", help="sha256sum file the reports must match")
    p.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to connect and per read (default 30)"
    )
    p.add_argument(
        "--total-time",
        type=float,
        default=300.0,
        help="seconds per file in all, retries included (default 300)",
    )
    p.add_argument(
        "--max-mb", type=float, default=50.0, help="refuse a file over this many MB (default 50)"
    )
    p.add_argument("--delay", type=float, default=1.0, help="seconds between requests (default 1)")
    p.add_argument("--retries", type=int, default=2, help="retries of a failed request (default 2)")
    p.add_argument(
        "--backoff", type=float, default=2.0, help="seconds before the first retry, then doubled"
    )
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indexer import national
    from indexer.printable import shown

    corpus = Path(args.corpus)
    catalogue = Path(args.catalogue) if args.catalogue else None
    for name in ("timeout", "total_time", "max_mb"):
        if getattr(args, name) <= 0:
            return fail(f"--{name.replace('_', '-')} must be more than 0")
    if args.delay < 0 or args.retries < 0 or args.backoff < 0:
        return fail("--delay, --retries and --backoff cannot be negative")
    if args.update:
        return _national_update(args)
    if args.checksums and not Path(args.checksums).is_file():
        return fail(f"no checksum file {shown(args.checksums)}")

    def progress(done: int, total: int, name: str, what: str) -> None:
        if not args.quiet:
            print(f"[{done}/{total}] {shown(name)}: {shown(what)}", flush=True)

    try:
        if args.download:
            if catalogue is None or not catalogue.is_file():
                return fail("--download needs the catalogue: --catalogue .../inspections.csv")
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
                return fail(f"no folder {shown(source)}")
            if catalogue is None and (source.parent / "inspections.csv").is_file():
                catalogue = source.parent / "inspections.csv"
            outcome = national.add_from_folder(
                source, corpus, catalogue, args.latest, args.checksums, progress
            )
    except OSError as exc:
        return fail(shown(exc))
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
    per council, the pages that failed, and (--index) the index brought up to date with a
    bar of its own once this one is closed: one bar at a time, plain lines in a log."""
    from indexer.fetch import Fetcher
    from indexer.national_update import update
    from indexer.ofsted_site import site_url
    from indexer.printable import shown
    from indexer.progress import Bar

    try:
        councils = _chosen_councils(args.council)
    except ValueError as exc:
        return fail(shown(exc))
    site = site_url(args.site_url)
    corpus = Path(args.corpus)
    bar = Bar("Councils", "council", len(councils), disable=args.quiet)

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
        return fail(shown(exc))
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
