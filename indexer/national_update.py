"""Keeping a corpus current with what Ofsted publishes: discover, fetch what is missing.

For each council, its provider page on Ofsted's reports site lists its publications
(`ofsted_site`); a report not yet in the corpus is downloaded (`fetch`: one request at a
time, a total time and a size cap per file, a resumable `.part`) and named
`council-yyyy-mm-kind.pdf` by its publication month. The corpus keeps `national.csv`, one
row per report fetched: file, council, kind, publication date, URL, size, sha256 and the
day it was first seen. A rerun requests only the pages and what they link that the
corpus lacks (or holds with other bytes than recorded), so a second run fetches nothing.
A council whose page fails is one line; the others go on.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from .councils import Council
from .errors import OfstedQAError
from .fetch import Fetcher, FetchError
from .ofsted_site import (
    PUBLICATION_KINDS,
    Publication,
    file_name,
    parse_provider_page,
    provider_url,
    slug,
)
from .vocab import month_year

CATALOGUE = "national.csv"


class UpdateProblem(OfstedQAError):
    """One line for a problem with the corpus's own catalogue (the run cannot start)."""


@dataclass
class CatalogueRow:
    file: str
    council: str
    kind: str
    published: str  # ISO date, as the page gives it
    url: str
    size: int
    sha256: str
    first_seen: str  # ISO date this run first fetched it


FIELDS = tuple(f.name for f in fields(CatalogueRow))


def read_catalogue(path: Path) -> list[CatalogueRow]:
    if not path.is_file():
        return []
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
            if missing:
                raise UpdateProblem(f"{path} lacks the columns {', '.join(missing)}")
            rows = []
            for row in reader:
                size = (row["size"] or "0").strip()
                rows.append(
                    CatalogueRow(
                        **{f: (row[f] or "").strip() for f in FIELDS if f != "size"},
                        size=int(size) if size.isdigit() else 0,
                    )
                )
            return rows
    except UnicodeDecodeError as exc:
        raise UpdateProblem(
            f"{path} is not UTF-8 text (byte {exc.start}); fix or remove it"
        ) from None
    except csv.Error as exc:
        raise UpdateProblem(f"{path} is not a readable CSV ({exc})") from None


def write_catalogue(path: Path, rows: Iterable[CatalogueRow]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")  # hidden: the indexer never reads it
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(FIELDS)
        for row in sorted(rows, key=lambda r: r.file):
            writer.writerow([getattr(row, f) for f in FIELDS])
    os.replace(tmp, path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _short(row: CatalogueRow) -> str:
    """'monitoring visit, Oct 2026'."""
    when = month_year(row.published) or "undated"
    return f"{PUBLICATION_KINDS.get(row.kind, row.kind)}, {when}"


@dataclass
class CouncilResult:
    council: str
    found: int = 0  # publications of indexed kinds on its page
    new: list[CatalogueRow] = field(default_factory=list)
    changed: list[CatalogueRow] = field(default_factory=list)  # same link, other bytes
    repaired: list[CatalogueRow] = field(default_factory=list)  # local copy was missing/damaged
    would_fetch: list[str] = field(default_factory=list)  # dry run: 'file <- url'
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line reason)
    page_error: str | None = None

    def line(self) -> str:
        """'Barnet: 1 new (monitoring visit, Oct 2026)'."""
        if self.page_error:
            return f"{self.council}: page not read: {self.page_error}"
        bits = []
        if self.would_fetch:
            bits.append(f"{len(self.would_fetch)} to fetch")
        if self.new:
            bits.append(f"{len(self.new)} new ({'; '.join(_short(r) for r in self.new)})")
        if self.changed:
            bits.append(
                f"{len(self.changed)} changed ({'; '.join(_short(r) for r in self.changed)})"
            )
        if self.repaired:
            bits.append(f"{len(self.repaired)} fetched again (local copy missing or damaged)")
        if self.failed:
            bits.append(f"{len(self.failed)} failed")
        return f"{self.council}: {', '.join(bits) if bits else 'nothing new'}"


@dataclass
class UpdateReport:
    councils: list[CouncilResult] = field(default_factory=list)
    requests: int = 0

    @property
    def fetched(self) -> int:
        return sum(len(c.new) + len(c.changed) + len(c.repaired) for c in self.councils)

    def summary(self) -> str:
        pages_failed = sum(1 for c in self.councils if c.page_error)
        return (
            f"{len(self.councils)} councils: {sum(len(c.new) for c in self.councils)} new, "
            f"{sum(len(c.changed) for c in self.councils)} changed, "
            f"{sum(len(c.repaired) for c in self.councils)} fetched again, "
            f"{sum(len(c.failed) for c in self.councils)} failed; "
            f"{pages_failed} council page{'' if pages_failed == 1 else 's'} not read; "
            f"{self.requests} requests"
        )


Progress = Callable[[int, int, CouncilResult], None]  # (done, total, council's result)


def update(
    corpus: Path,
    councils: Iterable[Council],
    site: str,
    fetcher: Fetcher | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: date | None = None,
    recheck: bool = False,
) -> UpdateReport:
    """Reads each council's page and fetches the reports the corpus lacks; `recheck`
    fetches the ones it holds too, to notice a file Ofsted replaced at the same link."""
    corpus = Path(corpus)
    catalogue_path = corpus / CATALOGUE
    rows = {r.url: r for r in read_catalogue(catalogue_path)}
    if not dry_run:
        corpus.mkdir(parents=True, exist_ok=True)
    fetcher = fetcher or Fetcher()
    first_seen = (today or date.today()).isoformat()
    todo = list(councils)
    report = UpdateReport()
    for i, council in enumerate(todo, 1):
        result = CouncilResult(council.name)
        report.councils.append(result)
        try:
            _update_council(
                corpus, council, site, fetcher, rows, result, dry_run, first_seen, recheck
            )
        finally:
            if not dry_run and (result.new or result.changed or result.repaired):
                write_catalogue(catalogue_path, rows.values())
            if progress:
                progress(i, len(todo), result)
    report.requests = fetcher.requests
    return report


def _update_council(
    corpus: Path,
    council: Council,
    site: str,
    fetcher: Fetcher,
    rows: dict[str, CatalogueRow],
    result: CouncilResult,
    dry_run: bool,
    first_seen: str,
    recheck: bool = False,
) -> None:
    if not council.ofsted_path:
        result.page_error = "no Ofsted page recorded for it in councils.csv"
        return
    try:
        html, final_url = fetcher.page(provider_url(site, council.ofsted_path))
        publications = parse_provider_page(html, final_url)
    except FetchError as exc:
        result.page_error = str(exc)
        return
    result.found = len(publications)
    taken = {r.file for r in rows.values()}
    for pub in publications:
        row = rows.get(pub.url)
        held = bool(row) and _holds(corpus / row.file, row.sha256)
        if held and not recheck:
            continue
        name = row.file if row else file_name(slug(council.name), pub, taken)
        taken.add(name)
        if dry_run:
            result.would_fetch.append(f"{name} <- {pub.url}")
            continue
        _fetch_one(corpus, council, pub, name, row, fetcher, rows, result, first_seen, taken, held)


def _holds(path: Path, sha: str) -> bool:
    return path.is_file() and not path.is_symlink() and bool(sha) and sha256_of(path) == sha


def _fetch_one(
    corpus, council, pub: Publication, name, row, fetcher, rows, result, first_seen, taken, held
):
    part = corpus / f".{name}.part"  # hidden: a build never reads a half file
    try:
        size = fetcher.download(pub.url, part)
    except FetchError as exc:
        result.failed.append((name, str(exc)))
        return
    sha = sha256_of(part)
    dest = corpus / name
    if held and row is not None and row.sha256 == sha:  # rechecked: the same bytes
        part.unlink()
        return
    if row is None and dest.exists():  # a file of that name came from elsewhere
        if dest.is_file() and sha256_of(dest) == sha:
            part.unlink()
        else:
            name = file_name(slug(council.name), pub, taken | {name} | _names(corpus))
            taken.add(name)
            dest = corpus / name
    if part.exists():
        os.replace(part, dest)
    entry = CatalogueRow(
        file=name,
        council=council.name,
        kind=pub.kind,
        published=pub.published.isoformat(),
        url=pub.url,
        size=size,
        sha256=sha,
        first_seen=row.first_seen if row else first_seen,
    )
    rows[pub.url] = entry
    if row is None:
        result.new.append(entry)
    elif row.sha256 != sha:
        result.changed.append(entry)
    else:
        result.repaired.append(entry)


def _names(corpus: Path) -> set[str]:
    return {p.name for p in corpus.iterdir()} if corpus.is_dir() else set()
