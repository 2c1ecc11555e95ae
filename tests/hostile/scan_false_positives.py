"""Parse-only scan: which files would the exemption rules withhold or cut? (No embedding,
no index.) The same rules as a build: the places outside the body (properties, metadata,
stamps, form fields, HTML head), then the body.

    python -m tests.hostile.scan_false_positives corpus ../shared/national/reports

Public reports should lose nothing: every file flagged here is a false positive to look at.
Prints one line per flagged file (withheld whole, or cut from a block: its number, page,
the words found and the start of the marker line - these are public reports, so the text
helps judge the hit), then a count.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from indexer.parse.carriers import Withheld
from indexer.parse.documents import withhold
from indexer.parse.loaders import SUPPORTED_SUFFIXES, LoadError, load_blocks


def scan(paths: list[Path]) -> tuple[int, list[str], list[str]]:
    files = sorted(
        f
        for p in paths
        for f in ([p] if p.is_file() else p.rglob("*"))
        if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
    )
    flagged, unreadable = [], []
    for f in files:
        try:
            blocks = load_blocks(f, max_bytes=None)
        except LoadError as exc:
            unreadable.append(f"{f}: {exc}")
            continue
        try:
            kept, note = withhold(f, blocks)
        except Withheld as exc:
            flagged.append(f"{f}: withheld whole: {exc.marking.note()}")
            continue
        if note is not None:
            b = blocks[len(kept)]
            flagged.append(f"{f}: {note} (page {b.page}) {b.text[:70]!r}")
    return len(files), flagged, unreadable


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    n, flagged, unreadable = scan([Path(a) for a in argv or ["corpus"]])
    for line in flagged:
        print("FLAGGED", line)
    for line in unreadable:
        print("UNREADABLE", line)
    print(
        f"scanned {n} files in {time.perf_counter() - started:.0f}s: "
        f"{len(flagged)} flagged as exempt, {len(unreadable)} unreadable"
    )
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
