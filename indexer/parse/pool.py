"""Reading and parsing for the build: a process pool, and a cache of parsed files.

- Files are parsed in worker processes and handed back in corpus order as each is ready,
  so the build can embed one document's passages while the next ones are still parsed.
  Workers come from a fork server (a clean process, not a fork of one running the model).
- A parsed document is cached (pickle) under a key made of the file's bytes, its path, its
  catalog overrides, the size limit and the indexer's own source code, so a rebuild after
  adding one report parses only that report. Entries not used by a build are removed.
- The cache folder is `.NAME.parsed/` beside the index NAME (as `.NAME.builds/` is), chosen
  only after the index path was checked (never in the corpus); it carries a CACHEDIR.TAG,
  and a folder of that name without one (not made here) is left alone and not used.
  What is cached is what the index holds already: exempt text is cut before layout.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..models import ParsedDocument
from ..safety import process_alive
from ..store.schema import file_sha256
from .carriers import Withheld
from .documents import doc_id_for, parse_file
from .loaders import SUPPORTED_SUFFIXES, LoadError

WORKERS_ENV = "OFSTED_QA_PARSE_WORKERS"
CACHE_TAG = "CACHEDIR.TAG"
_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# Parsed reports cached by ofsted-qa's indexer; safe to delete (rebuilt on demand).\n"
)


@dataclass
class Parsed:
    rel: str
    doc: ParsedDocument | None
    sha: str
    problem: str | None = None
    cached: bool = False
    withheld: bool = False  # the whole file is not public (problem says why)


def code_version() -> str:
    """Hash of the indexer's source: a parser change invalidates every cached parse."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Hash of what decides an index's rows (the parsers, the councils table, the domain's
    words, the data classes): an index built by other parsers is out of date even when the
    corpus has not changed, since an upgrade can date or name reports differently."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    paths = [*root.joinpath("parse").rglob("*.py"), *root.joinpath("data").rglob("*")]
    paths += [root / name for name in ("councils.py", "vocab.py", "models.py")]
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir_for(index_dir: Path) -> Path:
    """Beside the index (not inside a build, which is replaced on every build)."""
    return index_dir.parent / f".{index_dir.name}.parsed"


def open_cache(index_dir: Path) -> Path | None:
    """The parse cache of an index folder (made now, tagged), or None when a folder of that
    name exists that this product did not make (it is not touched) or cannot be made."""
    folder = cache_dir_for(index_dir)
    if folder.is_symlink():
        return None
    if folder.exists():
        return folder if (folder / CACHE_TAG).is_file() else None
    try:
        folder.mkdir(parents=True)
        (folder / CACHE_TAG).write_text(_TAG_TEXT, encoding="utf-8")
    except OSError:
        return None  # no cache is only slower
    return folder


def usable_cores() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 2


def default_workers() -> int:
    if os.environ.get(WORKERS_ENV):
        return max(0, int(os.environ[WORKERS_ENV]))
    # One core stays with the encoder, which runs at the same time.
    return max(1, usable_cores() - 1)


def cores_beside(workers: int) -> int:
    """Cores the encoder may use while `workers` parse: the rest, at least one."""
    return max(1, usable_cores() - max(0, workers))


def _key(rel: str, sha: str, overrides: dict, max_bytes: int | None, version: str) -> str:
    raw = json.dumps([rel, sha, overrides, max_bytes, version], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def _parse(path: Path, corpus_dir: Path, catalog: dict, max_bytes: int | None):
    """(doc, problem, withheld): one file, with the same outcomes the serial build
    reported. A withheld file is never cached: nothing of it is written anywhere."""
    try:
        doc = parse_file(path, corpus_dir, catalog, max_bytes=max_bytes)
    except Withheld as exc:
        return None, str(exc), True
    except LoadError as exc:
        return None, str(exc), False
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the build
        return None, f"could not be parsed ({exc.__class__.__name__}: {exc})", False
    if not doc.passages:
        return None, "no text to index", False
    return doc, None, False


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def parse_corpus(
    files: list[Path],
    corpus_dir: Path,
    catalog: dict,
    max_bytes: int | None,
    cache_dir: Path | None,
    workers: int | None = None,
    parsed_all: threading.Event | None = None,
) -> Iterator[Parsed]:
    """Every file's outcome, in the order given, parsed in a pool or read from the cache.

    `parsed_all` is set once no file is left to parse, which can be long before the caller
    has taken every outcome: from then on the encoder may have every core."""
    workers = default_workers() if workers is None else workers
    parsed_all = parsed_all or threading.Event()
    todo, ready, used = _plan(files, corpus_dir, catalog, max_bytes, cache_dir)
    if not todo:
        parsed_all.set()
    run = _Run(corpus_dir, catalog, max_bytes, cache_dir, len(files), ready, todo)
    if workers <= 0 or len(todo) <= 1:
        yield from run.here()
    else:
        yield from run.in_pool(workers, parsed_all)
    parsed_all.set()  # every outcome taken (the pool's own signal may still be on its way)
    _prune(cache_dir, used)


def _plan(
    files: list[Path], corpus_dir: Path, catalog: dict, max_bytes: int | None, cache_dir
) -> tuple[list[tuple[int, Path, str, str]], dict[int, Parsed], set[str]]:
    """(the files to parse, the outcomes known already by position, the cache keys in
    use): a file of no supported type is skipped, a cached one read back."""
    version = code_version()
    todo: list[tuple[int, Path, str, str]] = []
    ready: dict[int, Parsed] = {}
    used: set[str] = set()
    for i, path in enumerate(files):
        rel = path.relative_to(corpus_dir).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            ready[i] = Parsed(rel, None, "", f"unsupported file type {path.suffix or '(none)'}")
            continue
        sha = file_sha256(path)
        overrides = catalog.get(doc_id_for(path, corpus_dir), {})
        key = _key(rel, sha, overrides, max_bytes, version)
        used.add(key)
        cached = _load(cache_dir, key)
        if cached is not None:
            ready[i] = Parsed(rel, cached, sha, cached=True)
        else:
            todo.append((i, path, sha, key))
    return todo, ready, used


@dataclass
class _Run:
    """The outcomes in the files' order: those known already, the rest as parsed here or
    in a pool of processes, each parsed document kept in the cache."""

    corpus_dir: Path
    catalog: dict
    max_bytes: int | None
    cache_dir: Path | None
    count: int
    ready: dict[int, Parsed]
    todo: list[tuple[int, Path, str, str]]

    def finish(self, path: Path, sha: str, key: str, result) -> Parsed:
        doc, problem, withheld = result
        if doc is not None:
            _store(self.cache_dir, key, doc)
        rel = path.relative_to(self.corpus_dir).as_posix()
        return Parsed(rel, doc, sha, problem, False, withheld)

    def here(self) -> Iterator[Parsed]:
        pending = iter(self.todo)
        for i in range(self.count):
            if i not in self.ready:
                _, path, sha, key = next(pending)
                result = _parse(path, self.corpus_dir, self.catalog, self.max_bytes)
                self.ready[i] = self.finish(path, sha, key, result)
            yield self.ready.pop(i)

    def in_pool(self, workers: int, parsed_all: threading.Event) -> Iterator[Parsed]:
        with ProcessPoolExecutor(
            max_workers=min(workers, len(self.todo)), mp_context=_context()
        ) as pool:
            futures = {
                i: (
                    pool.submit(_parse, path, self.corpus_dir, self.catalog, self.max_bytes),
                    path,
                    sha,
                    key,
                )
                for i, path, sha, key in self.todo
            }
            _set_when_done([future for future, *_ in futures.values()], parsed_all)
            try:
                for i in range(self.count):
                    if i in self.ready:
                        yield self.ready.pop(i)
                        continue
                    future, path, sha, key = futures.pop(i)
                    yield self.finish(path, sha, key, future.result())
            except GeneratorExit:  # the build stopped early: drop the files not parsed yet
                pool.shutdown(wait=True, cancel_futures=True)
                raise


def _set_when_done(futures: list, event: threading.Event) -> None:
    left = len(futures)
    lock = threading.Lock()

    def one_done(_future) -> None:
        nonlocal left
        with lock:
            left -= 1
            if left == 0:
                event.set()

    for future in futures:
        future.add_done_callback(one_done)


def _load(cache_dir: Path | None, key: str) -> ParsedDocument | None:
    if cache_dir is None:
        return None
    path = cache_dir / f"{key}.pickle"
    try:
        with path.open("rb") as fh:
            doc = pickle.load(fh)
        return doc if isinstance(doc, ParsedDocument) else None
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged cache entry only costs a parse
        path.unlink(missing_ok=True)
        return None


def _store(cache_dir: Path | None, key: str, doc: ParsedDocument) -> None:
    if cache_dir is None:
        return
    tmp = cache_dir / f".{key}.{os.getpid()}.tmp"
    try:
        with tmp.open("wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_dir / f"{key}.pickle")
    except OSError:
        tmp.unlink(missing_ok=True)  # no cache is only slower


def _prune(cache_dir: Path | None, used: set[str]) -> None:
    """Entries this build did not use, and temporary files of builds that were killed."""
    if cache_dir is None or not cache_dir.is_dir():
        return
    for path in cache_dir.glob("*.pickle"):
        if path.stem not in used:
            path.unlink(missing_ok=True)
    for path in cache_dir.glob(".*.tmp"):
        pid = path.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not process_alive(int(pid)):
            path.unlink(missing_ok=True)
