"""Corpus folder to index folder: parse every file, embed what changed, write, swap in."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import store
from .councils import UNKNOWN as UNKNOWN_COUNCIL
from .embedder import (
    Embedder,
    export_for_questions,
    is_chosen,
    model_for_build,
    needs_export,
    shared_embedder,
)
from .errors import OfstedQAError
from .models import ParsedDocument, Passage
from .parse.dedup import canonical_map
from .parse.documents import RELEASE_COLUMN, is_released
from .parse.loaders import MAX_FILE_BYTES
from .parse.metadata import read_catalog
from .parse.pool import cores_beside, default_workers, open_cache, parse_corpus, parser_version
from .progress import Bar, PassageEstimate
from .safety import check_index_path, remove_stale_builds, walk_corpus, write_problem
from .store.redact import shown
from .vocab import KIND_NAMES, month_year, report_date

# Passages are embedded and added to the vector index a window at a time, so a build never
# holds a second copy of every vector; EMBED_BATCH texts go to the model per call.
EMBED_WINDOW = 4096
EMBED_BATCH = 64
# New texts are embedded this many at a time while later files are still parsed
# (large enough for length-sorted batches to pad little).
PIPELINE_WINDOW = 1024


class CorpusProblem(OfstedQAError):
    """The corpus folder cannot be indexed at all (missing, empty)."""


@dataclass
class BuildReport:
    index_dir: str
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    passages_per_doc: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    # (file, why): files not indexed at all, as not public; none of their text is kept.
    withheld: list[tuple[str, str]] = field(default_factory=list)
    released: dict[str, dict[str, str]] = field(default_factory=dict)  # see Manifest
    warnings: list[tuple[str, str]] = field(
        default_factory=list
    )  # (doc_id, what it could not tell)

    def summary(self) -> str:
        """One line: what was indexed, how fast and where."""
        return (
            f"Indexed {self.documents} documents into {self.passages} passages "
            f"({self.duplicates} duplicates kept as extra locations) in {self.seconds:.1f}s; "
            f"embedded {self.embedded}, reused {self.reused}"
            + (f" at {self.passages_per_second:.1f} passages/s" if self.embedded else "")
            + f" -> {shown(self.index_dir)}"
        )

    @property
    def passages_per_second(self) -> float:
        return self.embedded / self.embed_seconds if self.embed_seconds else 0.0


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.exists():
        raise CorpusProblem(f"corpus folder {corpus_dir}/ does not exist")
    if not corpus_dir.is_dir():
        raise CorpusProblem(f"{corpus_dir} is not a folder")
    files, _ = walk_corpus(corpus_dir)
    if not files:
        raise CorpusProblem(f"corpus folder {corpus_dir}/ has no files to index")
    return files


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """Hash of every file's bytes (and the catalog's), to tell when an index is stale."""
    paths = corpus_files(corpus_dir)
    catalog = corpus_dir / "catalog.csv"
    if catalog.exists():
        paths.append(catalog)
    return {p.relative_to(corpus_dir).as_posix(): store.file_sha256(p) for p in paths}


def is_stale(corpus_dir: Path, index_dir: store.location.Location) -> bool:
    try:
        manifest = store.checked_manifest(index_dir)  # a damaged index is stale too
    except store.IndexProblem:
        return True
    if manifest.parser != parser_version():
        return True  # built by other parsers: a report may be named or dated differently now
    return manifest.corpus != corpus_fingerprint(corpus_dir)


def context_header(doc: ParsedDocument, passage: Passage) -> str:
    """Who, what and when, so a question naming them finds paragraphs that do not."""
    part = passage.part
    when = report_date(part.inspection_end, part.meeting_date, doc.meta.date)
    return header_text(doc.meta.authority, part.kind, when, passage.section)


def header_text(authority: str, kind: str, when: str | None, section: str | None) -> str:
    """'Leeds | Ofsted inspection report July 2025 | Section' (also used for synthetic corpora)."""
    when_text = month_year(when, long=True)
    pieces = [authority, f"{KIND_NAMES.get(kind, 'document')} {when_text}".strip()]
    if section:
        pieces.append(section)
    return " | ".join(pieces)


def _dedup_group(doc: ParsedDocument) -> str:
    """Passages are duplicates only within one council's documents (or one unnamed file)."""
    if doc.meta.authority == UNKNOWN_COUNCIL:
        return f"file:{doc.meta.doc_id}"
    return doc.meta.authority.lower()


def _log(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr)


def build_index(
    corpus_dir: str | Path = "corpus",
    index_dir: str | Path = "index",  # or a postgresql:// URL
    *,
    model: str | None = None,
    embedder: Embedder | None = None,
    max_file_bytes: int | None = MAX_FILE_BYTES,
    progress: bool = True,
    index_type: str | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
    allow_empty: bool = False,
    cache: bool = True,
) -> BuildReport:
    """Build or update the index. Unchanged passages reuse their stored vectors.
    `on_progress(stage, done, total)` hears of each file read ("Reading") and each batch
    embedded ("Embedding"), for a progress bar in the app.

    Refuses (IndexPathProblem) an index path that is not an index of its own, and
    (CorpusProblem) to replace a working index with an empty one unless allow_empty.
    With `cache`, parsed files are kept in `.NAME.parsed/` beside an index folder, so a
    rebuild parses only new or changed files (no parse cache for a PostgreSQL store).
    """
    started = time.perf_counter()
    corpus_dir, index_dir = Path(corpus_dir), store.store_location(index_dir)
    folder = _checked_paths(corpus_dir, index_dir)
    files, not_followed = walk_corpus(corpus_dir)
    catalog = read_catalog(corpus_dir)
    quiet = not progress
    # The cache and the encoder are chosen only after the index path was checked.
    if embedder is None:
        embedder = _chosen_embedder(model, index_dir, quiet)
    reading = _Reading(corpus_dir, index_dir, files, catalog, embedder, on_progress, quiet)
    reading.report.skipped.extend(not_followed)
    reading.run(
        max_file_bytes,
        open_cache(folder) if cache and folder is not None else None,
        allow_empty,
    )
    report, docs = reading.report, reading.docs
    laid = _Laid.of(docs)
    report.duplicates = laid.duplicates
    report.embedded = len(reading.fresh)
    report.reused = sum(1 for h in laid.hashes if h not in reading.fresh)
    _write(reading, laid, index_type, started)
    if embedder.runtime == "torch":
        export_for_questions(embedder, lambda message: _log(message, quiet))
    report.documents = len(docs)
    report.passages = len(laid.passages)
    report.passages_per_doc = {d.meta.doc_id: len(d.passages) for d, _ in docs}
    report.seconds = time.perf_counter() - started
    return report


def _checked_paths(corpus_dir: Path, index_dir: store.location.Location) -> Path | None:
    """The index's folder (None for a database), once the corpus and the index path are
    known to be fit; a database's uploaded reports are first copied into the corpus."""
    folder = store.folder_of(index_dir)
    if folder is None and corpus_dir.is_dir():
        from .store.pg_files import sync_uploads

        sync_uploads(index_dir, corpus_dir)  # reports uploaded through any app server
    corpus_files(corpus_dir)  # a missing or empty corpus is named before anything else
    if folder is not None:
        check_index_path(corpus_dir, folder)
        remove_stale_builds(folder)
    return folder


def _chosen_embedder(model: str | None, index_dir: store.location.Location, quiet: bool):
    """The encoder asked for, else the one the current index was built with."""
    current = None if is_chosen(model) else _current_model(index_dir)
    chosen = model_for_build(model, current)
    if needs_export(chosen):
        _log("Making the ONNX model the encoder runs (once per machine, about a minute)", quiet)
    return shared_embedder(chosen)


class _Reading:
    """Every file parsed (in a process pool, cached beside the index) while this process
    embeds the passages of the documents already parsed; each distinct text is embedded
    once, longest first, and a text the current index holds is not embedded again."""

    def __init__(self, corpus_dir: Path, index_dir, files, catalog, embedder, tell, quiet):
        self.corpus_dir, self.index_dir, self.embedder = corpus_dir, index_dir, embedder
        self.files, self.catalog = files, catalog
        self.tell = tell or (lambda stage, done, total: None)
        self.quiet = quiet
        self.report = BuildReport(index_dir=str(index_dir))
        self.previous = _PreviousVectors.load(index_dir, embedder.model_id)
        self.fresh: dict[str, np.ndarray] = {}  # embedded-text hash -> new vector
        self.queue: dict[str, str] = {}  # embedded-text hash -> text waiting for the encoder
        self.seen: set[str] = set()  # hashes queued, being embedded or embedded
        self.docs: list[tuple[ParsedDocument, str]] = []

    def run(self, max_file_bytes: int | None, cache_dir: Path | None, allow_empty: bool) -> None:
        files, report = self.files, self.report
        # One bar over the build's passages: reused ones are done when their file is read,
        # new ones when embedded; the total is estimated from the files' sizes until all
        # are read.
        estimate = PassageEstimate.of_files(files, self.corpus_dir)
        bar = Bar("Indexing", "passage", estimate.total(), disable=self.quiet)
        workers = default_workers()
        parsed_all = threading.Event()
        parsed = parse_corpus(
            files, self.corpus_dir, self.catalog, max_file_bytes, cache_dir, workers, parsed_all
        )
        threads_now = _ThreadsBeside(parsed_all, cores_beside(max(workers, 1)), self.embedder)
        encoder = _Encoder(self.embedder, self.fresh, bar, threads_now, report)
        try:
            for done, item in enumerate(parsed):
                self.tell("Reading", done, len(files))
                bar.note(f"files {done + 1}/{len(files)}")
                if item.doc is None:
                    estimate.read(item.rel, 0)
                    bar.set_total(estimate.total())
                    (report.withheld if item.withheld else report.skipped).append(
                        (item.rel, item.problem)
                    )
                    continue
                queued = len(self.queue)
                self._take(item.doc, item.sha)
                estimate.read(item.rel, len(item.doc.passages))
                bar.set_total(estimate.total())
                bar.update(
                    len(item.doc.passages) - (len(self.queue) - queued)
                )  # the rest once embedded
                if len(self.queue) >= PIPELINE_WINDOW:
                    encoder.hand_over(self.queue)
                    self.queue = {}
            encoder.wait()
            if not self.docs and not allow_empty:
                _refuse_empty(self.index_dir, report)
            self._embed_the_rest(bar, threads_now)
        finally:
            parsed.close()  # a build stopped early stops the workers too
            encoder.shutdown()
            bar.close()

    def _take(self, doc: ParsedDocument, sha: str) -> None:
        """A parsed document kept, what it could not tell noted, its new texts queued."""
        report = self.report
        self.docs.append((doc, sha))
        if is_released(self.catalog.get(doc.meta.doc_id, {})):
            report.released[doc.meta.doc_id] = {
                "file": doc.meta.path,
                "sha256": sha,
                "release": self.catalog[doc.meta.doc_id][RELEASE_COLUMN],
            }
        report.left_out.extend((doc.meta.doc_id, reason) for reason in doc.left_out)
        report.warnings.extend((doc.meta.doc_id, note) for note in doc.warnings)
        for p in doc.passages:
            text = f"{context_header(doc, p)}\n{p.text}"
            h = store.text_sha1(text)
            if h not in self.previous and h not in self.seen:
                self.queue[h] = text
                self.seen.add(h)

    def _embed_the_rest(self, bar: Bar, threads_now: _ThreadsBeside) -> None:
        fresh = self.fresh
        total_new = len(fresh) + len(self.queue)
        self.tell("Embedding", len(fresh), total_new)
        self.report.embed_seconds += _embed_queue(
            self.queue,
            fresh,
            self.embedder,
            bar,
            lambda: self.tell("Embedding", len(fresh), total_new),
            threads=threads_now,
        )


class _Encoder:
    """One window of texts embedded in a thread while the caller waits for the next parsed
    files, so the encoder never idles for the reading (both release the GIL's hold on the
    cores: the parse workers are processes, the encoder's kernels native code). Until the
    workers are done the encoder keeps to the cores they leave: on two cores, one thread
    beside one worker embeds nearly as fast as two threads that wait for each other at
    every layer, and the worker is not slowed (docs/performance.md)."""

    def __init__(self, embedder: Embedder, fresh: dict, bar: Bar, threads, report: BuildReport):
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed")
        self._pending: Future | None = None
        self._embedder, self._fresh, self._bar, self._threads = embedder, fresh, bar, threads
        self._report = report

    def hand_over(self, window: dict[str, str]) -> None:
        self.wait()
        self._pending = self._thread.submit(
            _embed_queue, window, self._fresh, self._embedder, self._bar, threads=self._threads
        )

    def wait(self) -> None:
        if self._pending is not None:
            self._report.embed_seconds += self._pending.result()
            self._pending = None

    def shutdown(self) -> None:
        self._thread.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _Laid:
    """Every passage in index order with the first copy of its text in its council's
    documents (`canonical`), the text it was embedded with and that text's hash."""

    passages: list[Passage]
    doc_of: dict[str, ParsedDocument]
    canonical: list[int]
    texts: list[str]
    hashes: list[str]

    @classmethod
    def of(cls, docs: list[tuple[ParsedDocument, str]]) -> _Laid:
        passages = [p for doc, _ in docs for p in doc.passages]
        doc_of = {doc.meta.doc_id: doc for doc, _ in docs}
        groups = [_dedup_group(doc_of[p.doc_id]) for p in passages]
        texts = [f"{context_header(doc_of[p.doc_id], p)}\n{p.text}" for p in passages]
        return cls(
            passages,
            doc_of,
            canonical_map(passages, groups=groups),
            texts,
            [store.text_sha1(t) for t in texts],
        )

    @property
    def duplicates(self) -> int:
        return sum(1 for i, c in enumerate(self.canonical) if c != i)

    def rows(self) -> list[dict]:
        return [
            store.passage_row(i, p, self.canonical[i], self.hashes[i])
            for i, p in enumerate(self.passages)
        ]

    def headers(self) -> dict[int, str]:
        """Each first copy's context header and its document's title, for lexical search."""
        return {
            i: self.texts[i].split("\n", 1)[0] + f" | {self.doc_of[p.doc_id].meta.title}"
            for i, p in enumerate(self.passages)
            if self.canonical[i] == i
        }


def _write(reading: _Reading, laid: _Laid, index_type: str | None, started: float) -> None:
    """The vectors a window at a time, then the documents, passages and manifest; a store
    that cannot be written says why in one line."""
    docs, report, fresh, previous = reading.docs, reading.report, reading.fresh, reading.previous
    index_dir = reading.index_dir
    try:
        with store.open_writer(
            index_dir, len(laid.passages), reading.embedder.dim, index_type
        ) as writer:
            for first in range(0, len(laid.passages), EMBED_WINDOW):
                window = laid.hashes[first : first + EMBED_WINDOW]
                writer.add_vectors(
                    np.vstack([fresh[h] if h in fresh else previous.get(h) for h in window])
                )
            previous.close()
            fresh.clear()

            for doc, fingerprint in docs:
                writer.add_document(doc, fingerprint)
            writer.add_passages(laid.rows(), laid.headers())
            writer.finish(
                model=reading.embedder.model_id,
                corpus=corpus_fingerprint(reading.corpus_dir),
                counts={
                    "documents": len(docs),
                    "passages": len(laid.passages),
                    "unique_passages": len(laid.passages) - report.duplicates,
                    "judgements": sum(len(d.judgements) for d, _ in docs),
                    "skipped": len(report.skipped),
                    "withheld": len(report.withheld),
                },
                build_seconds=time.perf_counter() - started,
                parser=parser_version(),
                released=report.released,
            )
    except BaseException as exc:
        problem = write_problem(exc, index_dir)
        if problem is not None:
            raise problem from exc
        raise


def _refuse_empty(index_dir: Path, report: BuildReport) -> None:
    """No document could be read: keep a working index rather than swap in an empty one."""
    try:
        manifest = store.read_manifest(index_dir)
        working = int(manifest.counts.get("documents", 0)) > 0
    except (store.IndexProblem, AttributeError, TypeError, ValueError):
        working = False
    if not working:
        return
    why = "; ".join(f"{path}: {reason}" for path, reason in report.skipped[:3])
    raise CorpusProblem(
        f"no document in the corpus could be indexed ({why or 'nothing to read'}), so the "
        f"working index at {shown(index_dir)} was kept; pass --allow-empty to replace it with an "
        "empty index"
    )


def _current_model(index_dir: store.location.Location) -> str | None:
    """The model id in the current index's manifest; None where there is no readable one."""
    try:
        return store.read_manifest(index_dir).model
    except Exception:  # noqa: BLE001 - no index yet, or a damaged one: a build makes a new one
        return None


class _PreviousVectors:
    """The current index's vectors by embedded-text hash, if it was built by this model.

    Keeps the old FAISS index and a hash -> row map instead of a copy of every vector.
    """

    def __init__(self, index=None, rows: dict[str, int] | None = None):
        self._index = index
        self._rows = rows or {}

    @classmethod
    def load(cls, index_dir: store.location.Location, model_id: str) -> _PreviousVectors:
        try:
            reader = store.open_reader(index_dir, model=model_id)
        except store.IndexProblem:
            return cls()
        except Exception:  # noqa: BLE001 - a damaged old index only costs re-embedding
            return cls()
        try:
            index = reader.search_index()
            rows = reader.embed_hashes()
        except Exception:  # noqa: BLE001 - a damaged old index only costs re-embedding
            return cls()
        finally:
            reader.close()
        if reader.manifest.dim != index.d:
            return cls()
        return cls(index, {h: r for h, r in rows.items() if r < index.ntotal})

    def __contains__(self, embed_hash: str) -> bool:
        return embed_hash in self._rows

    def get(self, embed_hash: str) -> np.ndarray:
        return self._index.reconstruct(int(self._rows[embed_hash]))

    def close(self) -> None:
        self._index, self._rows = None, {}


class _ThreadsBeside:
    """How many threads a batch may use now: `beside` while the parse workers run, then all
    (None), when what encoding on fewer threads held is freed."""

    def __init__(self, parsed_all: threading.Event, beside: int, embedder):
        self.parsed_all, self.beside, self.embedder = parsed_all, beside, embedder
        self.limited = False

    def __call__(self) -> int | None:
        if not self.parsed_all.is_set():
            self.limited = True
            return self.beside
        if self.limited:
            self.limited = False
            self.embedder.release_thread_limits()
        return None


def _embed_queue(
    queue: dict[str, str], fresh: dict, embedder, bar, tell=None, threads=lambda: None
) -> float:
    """Embed the queued texts into `fresh`, longest first in tokens (a batch then pads
    little); the seconds it took. `threads()` says, batch by batch, how many threads."""
    if not queue:
        return 0.0
    started = time.perf_counter()
    items = list(queue.items())
    lengths = embedder.token_counts([text for _, text in items])
    items = [items[i] for i in sorted(range(len(items)), key=lengths.__getitem__, reverse=True)]
    for s in range(0, len(items), EMBED_BATCH):
        batch = items[s : s + EMBED_BATCH]
        vectors = embedder.encode([t for _, t in batch], threads=threads())
        for (h, _), v in zip(batch, vectors):
            fresh[h] = v
        bar.update(len(batch))
        if tell:
            tell()
    queue.clear()
    return time.perf_counter() - started
