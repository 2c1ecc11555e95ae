"""Adding the national reports to a corpus: copied from a folder (as in
`shared/national/reports/`) or downloaded from the catalogue's public links
(`inspections.csv`, column `inspection_link`), with progress, resume and checksums.

Every file lands in the corpus under its catalogue name, written to a `.part` file first and
renamed only once checked, so an interrupted run leaves no half file behind. The corpus
keeps `national.sha256` (sha256sum format): a file already there with its recorded checksum
(or the checksum given by `--checksums`/the source) is skipped, so a rerun resumes. A file
that is not a PDF (an HTML error page saved under a `.pdf` name) is refused with that reason.

Copying reads only regular files inside the source folder: a catalogue row naming an
absolute path, `..`, or a link that leads outside is refused and listed. Downloads go
through `fetch`: every network or protocol failure is one line for that file, and the run
goes on.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .dates import catalogued_date
from .errors import OfstedQAError
from .fetch import Fetcher, FetchError, FetchPolicy, looks_like_pdf

MANIFEST = "national.sha256"
CHUNK = 1 << 16


@dataclass(frozen=True)
class Entry:
    file: str  # authority-yyyy-mm-ilacs.pdf
    authority: str
    url: str
    published: str  # ISO date, '' when the catalogue has none


@dataclass
class Outcome:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already there, checksum right
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    refused: list[tuple[str, str]] = field(default_factory=list)  # catalogue rows not read

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.skipped)} already there (checksum right), "
            f"{len(self.failed)} failed"
            + (f", {len(self.refused)} catalogue rows refused" if self.refused else "")
        )


class NationalProblem(OfstedQAError):
    """One line for an input the run cannot start from (a catalogue or checksum file)."""


def _read_text(path: Path, what: str) -> str:
    if not path.is_file():
        raise NationalProblem(f"no {what} {path}")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NationalProblem(f"the {what} {path} is not UTF-8 text (byte {exc.start})") from None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_checksums(path: Path) -> dict[str, str]:
    """`sha256sum` output: '<hex>  <name>' per line."""
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    for line in _read_text(path, "checksum file").splitlines():
        parts = line.strip().split(maxsplit=1)
        if len(parts) == 2 and len(parts[0]) == 64:
            out[parts[1].lstrip("*").strip()] = parts[0].lower()
    return out


def write_checksums(path: Path, sums: dict[str, str]) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text("".join(f"{h}  {n}\n" for n, h in sorted(sums.items())), encoding="utf-8")
    os.replace(tmp, path)


def read_catalogue(path: Path) -> list[Entry]:
    import io

    text = _read_text(path, "catalogue")
    try:
        return [
            Entry(
                row["file"].strip(),
                row.get("local_authority", "").strip(),
                row.get("inspection_link", "").strip(),
                catalogued_date(row.get("publication_date")) or "",
            )
            for row in csv.DictReader(io.StringIO(text, newline=""))
            if (row.get("file") or "").strip()
        ]
    except (csv.Error, AttributeError) as exc:
        raise NationalProblem(f"the catalogue {path} is not a readable CSV ({exc})") from None


def latest_only(entries: Iterable[Entry]) -> list[Entry]:
    """Each council's newest report (by publication date, then file name)."""
    newest: dict[str, Entry] = {}
    for e in entries:
        key = e.authority or e.file.rsplit("-", 3)[0]
        if key not in newest or (e.published, e.file) > (newest[key].published, newest[key].file):
            newest[key] = e
    return sorted(newest.values(), key=lambda e: e.file)


Progress = Callable[[int, int, str, str], None]  # (done, total, file, what happened)


class _Adder:
    def __init__(self, corpus: Path, expected: dict[str, str], progress: Progress | None):
        self.corpus = corpus
        self.corpus.mkdir(parents=True, exist_ok=True)
        self.manifest = corpus / MANIFEST
        self.sums = read_checksums(self.manifest)
        self.expected = expected
        self.progress = progress or (lambda *_: None)
        self.outcome = Outcome()

    def already_there(self, name: str) -> bool:
        dest = self.corpus / name
        want = self.expected.get(name) or self.sums.get(name)
        if not dest.is_file() or not want:
            return False
        return sha256_of(dest) == want

    def accept(self, name: str, part: Path, source_sum: str | None = None) -> str | None:
        """Checks a fetched `.part` file; moves it into place or says why not."""
        if not looks_like_pdf(part):
            part.unlink(missing_ok=True)
            return "not a PDF (an HTML or error page saved under a .pdf name)"
        got = sha256_of(part)
        want = self.expected.get(name) or source_sum
        if want and got != want:
            part.unlink(missing_ok=True)
            return f"checksum mismatch (expected {want[:12]}..., got {got[:12]}...)"
        os.replace(part, self.corpus / name)
        self.sums[name] = got
        write_checksums(self.manifest, self.sums)
        return None

    def run(self, entries: list[Entry], fetch: Callable[[Entry, Path], str | None]) -> Outcome:
        total = len(entries)
        for i, entry in enumerate(entries, 1):
            name = Path(entry.file).name
            if self.already_there(name):
                self.outcome.skipped.append(name)
                self.progress(i, total, name, "already there")
                continue
            part = self.corpus / f".{name}.part"  # hidden: a build never reads a half file
            try:
                reason = fetch(entry, part)
            except FetchError as exc:
                reason = str(exc)  # a resumable .part stays for the next run
            except (OSError, ValueError) as exc:
                part.unlink(missing_ok=True)
                reason = f"{type(exc).__name__}: {exc}"
            if reason:
                self.outcome.failed.append((name, reason))
                self.progress(i, total, name, f"failed: {reason}")
            else:
                self.outcome.added.append(name)
                self.progress(i, total, name, "added")
        return self.outcome


def add_from_folder(
    source: Path,
    corpus: Path,
    catalogue: Path | None = None,
    latest: bool = False,
    checksums: Path | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Copies the national reports from `source` into `corpus`: those the catalogue lists
    (every PDF in `source` when there is none), each checked against its source checksum."""
    source = Path(source)
    if catalogue and Path(catalogue).is_file():
        entries = read_catalogue(Path(catalogue))
    else:
        entries = [Entry(p.name, "", "", "") for p in sorted(source.glob("*.pdf"))]
    if latest:
        entries = latest_only(entries)
    expected = _expected(checksums)
    adder = _Adder(Path(corpus), expected, progress)
    root = source.resolve()
    inside: list[Entry] = []
    for entry in entries:
        reason = outside_reason(root, entry.file)
        if reason:
            adder.outcome.refused.append((entry.file, reason))
        else:
            inside.append(entry)

    for entry in inside:  # the source's checksum is what the copy must have
        src, name = root / entry.file, Path(entry.file).name
        if src.is_file() and name not in adder.expected:
            adder.expected[name] = sha256_of(src)

    def copy(entry: Entry, part: Path) -> str | None:
        src = root / entry.file
        if not src.is_file():
            return f"not in {source}"
        shutil.copyfile(src, part, follow_symlinks=False)
        return adder.accept(Path(entry.file).name, part)

    return adder.run(inside, copy)


def outside_reason(root: Path, name: str) -> str | None:
    """Why a catalogue row's file may not be read from the source folder `root` (resolved),
    or None: only regular files inside it, reached without a link that leads out."""
    if not name or "\x00" in name:
        return "no usable file name"
    rel = Path(name)
    if rel.is_absolute():
        return "an absolute path; only files inside the source folder are read"
    if ".." in rel.parts:
        return "a path with '..'; only files inside the source folder are read"
    path = root / rel
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        return None  # reported as missing when its turn comes
    except (OSError, RuntimeError):
        return "a link that cannot be followed"
    if real != root and root not in real.parents:
        return "a link to a file outside the source folder; not followed"
    if path.is_symlink() or any(p.is_symlink() for p in path.parents if root in p.parents):
        return "a link; only regular files are read"
    if not real.is_file():
        return "not a regular file"
    return None


def _expected(checksums: Path | None) -> dict[str, str]:
    """The --checksums file's sums; a path given that does not exist is an error."""
    if not checksums:
        return {}
    if not Path(checksums).is_file():
        raise NationalProblem(f"no checksum file {checksums}")
    return read_checksums(Path(checksums))


def download(
    catalogue: Path,
    corpus: Path,
    latest: bool = False,
    checksums: Path | None = None,
    progress: Progress | None = None,
    policy: FetchPolicy | None = None,
    fetcher: Fetcher | None = None,
) -> Outcome:
    """Downloads the catalogue's reports from their public links (`inspection_link`)."""
    entries = read_catalogue(Path(catalogue))
    if latest:
        entries = latest_only(entries)
    expected = _expected(checksums)
    adder = _Adder(Path(corpus), expected, progress)
    fetcher = fetcher or Fetcher(policy)

    def fetch(entry: Entry, part: Path) -> str | None:
        if not entry.url:
            return "no public link in the catalogue"
        fetcher.download(entry.url, part)
        return adder.accept(Path(entry.file).name, part)

    return adder.run(entries, fetch)
