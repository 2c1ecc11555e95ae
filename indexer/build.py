"""Corpus folder to index folder: parse every file, embed what changed, write, swap in."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from tqdm import tqdm

from . import store
from .councils import UNKNOWN as UNKNOWN_COUNCIL
from .dedup import canonical_map
from .documents import parse_file
from .embedder import Embedder, shared_embedder
from .loaders import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, LoadError
from .metadata import read_catalog
from .models import ParsedDocument, Passage

KIND_NAMES = {
    "ilacs_report": "Ofsted inspection report",
    "focused_visit": "Ofsted focused visit letter",
    "cabinet_report": "council report",
    "presentation": "presentation",
    "improvement_plan": "improvement plan",
    "other": "document",
}


# Passages are embedded and added to the vector index a window at a time, so a build never
# holds a second copy of every vector; EMBED_BATCH texts go to the model per call.
EMBED_WINDOW = 4096
EMBED_BATCH = 64


class CorpusProblem(Exception):
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
    warnings: list[tuple[str, str]] = field(
        default_factory=list
    )  # (doc_id, what it could not tell)

    @property
    def passages_per_second(self) -> float:
        return self.embedded / self.embed_seconds if self.embed_seconds else 0.0


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.exists():
        raise CorpusProblem(f"corpus folder {corpus_dir}/ does not exist")
    if not corpus_dir.is_dir():
        raise CorpusProblem(f"{corpus_dir} is not a folder")
    files = sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
        and p.name != "catalog.csv"
    )
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


def is_stale(corpus_dir: Path, index_dir: Path) -> bool:
    try:
        manifest = store.Manifest.read(index_dir)
    except store.IndexProblem:
        return True
    return manifest.corpus != corpus_fingerprint(corpus_dir)


def context_header(doc: ParsedDocument, passage: Passage) -> str:
    """Who, what and when, so a question naming them finds paragraphs that do not."""
    part = passage.part
    when = part.inspection_end or part.meeting_date or doc.meta.date
    return header_text(doc.meta.authority, part.kind, when, passage.section)


def header_text(authority: str, kind: str, when: str | None, section: str | None) -> str:
    """'Leeds | Ofsted inspection report July 2025 | Section' (also used for synthetic corpora)."""
    when_text = datetime.fromisoformat(when).strftime("%B %Y") if when else ""
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
    index_dir: str | Path = "index",
    *,
    model: str | None = None,
    embedder: Embedder | None = None,
    max_file_bytes: int | None = MAX_FILE_BYTES,
    progress: bool = True,
    index_type: str | None = None,
) -> BuildReport:
    """Build or update the index. Unchanged passages reuse their stored vectors."""
    started = time.perf_counter()
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    files = corpus_files(corpus_dir)
    catalog = read_catalog(corpus_dir)
    report = BuildReport(index_dir=str(index_dir))
    quiet = not progress

    docs: list[tuple[ParsedDocument, str]] = []
    for path in tqdm(files, desc="Reading", unit="file", disable=quiet, file=sys.stderr):
        rel = path.relative_to(corpus_dir).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.skipped.append((rel, f"unsupported file type {path.suffix or '(none)'}"))
            continue
        try:
            doc = parse_file(path, corpus_dir, catalog, max_bytes=max_file_bytes)
        except LoadError as exc:
            report.skipped.append((rel, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the build
            report.skipped.append((rel, f"could not be parsed ({exc.__class__.__name__}: {exc})"))
            continue
        if not doc.passages:
            report.skipped.append((rel, "no text to index"))
            continue
        docs.append((doc, store.file_sha256(path)))
        report.left_out.extend((doc.meta.doc_id, reason) for reason in doc.left_out)
        report.warnings.extend((doc.meta.doc_id, note) for note in doc.warnings)

    passages = [p for doc, _ in docs for p in doc.passages]
    doc_of = {doc.meta.doc_id: doc for doc, _ in docs}
    canonical = canonical_map(passages, groups=[_dedup_group(doc_of[p.doc_id]) for p in passages])
    report.duplicates = sum(1 for i, c in enumerate(canonical) if c != i)
    embed_texts = [f"{context_header(doc_of[p.doc_id], p)}\n{p.text}" for p in passages]
    hashes = [store.text_sha1(t) for t in embed_texts]

    embedder = embedder or shared_embedder(model)
    previous = _PreviousVectors.load(index_dir, embedder.model_id)
    todo = [i for i, h in enumerate(hashes) if h not in previous]
    report.reused = len(passages) - len(todo)
    report.embedded = len(todo)
    vector_index, kind = store.new_faiss_index(len(passages), embedder.dim, index_type)
    embed_started = time.perf_counter()
    with tqdm(
        total=len(todo), desc="Embedding", unit="passage", disable=quiet, file=sys.stderr
    ) as bar:
        for first in range(0, len(passages), EMBED_WINDOW):
            rows = range(first, min(first + EMBED_WINDOW, len(passages)))
            vectors = _window_vectors(rows, embed_texts, hashes, previous, embedder, bar)
            store.add_vectors(vector_index, vectors)
    report.embed_seconds = time.perf_counter() - embed_started
    previous.close()

    build_dir = store.new_build_dir(index_dir)
    try:
        _write(build_dir, docs, passages, canonical, embed_texts, hashes, vector_index, doc_of)
        manifest = store.Manifest(
            schema_version=store.SCHEMA_VERSION,
            model=embedder.model_id,
            dim=embedder.dim,
            index_type=kind,
            corpus=corpus_fingerprint(corpus_dir),
            counts={
                "documents": len(docs),
                "passages": len(passages),
                "unique_passages": len(passages) - report.duplicates,
                "judgements": sum(len(d.judgements) for d, _ in docs),
                "skipped": len(report.skipped),
            },
            checksums={
                name: store.file_sha256(build_dir / name)
                for name in (store.DB_FILE, store.VECTORS_FILE)
            },
            built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            build_seconds=round(time.perf_counter() - started, 2),
        )
        manifest.write(build_dir)
        store.swap_in(build_dir, index_dir)
    except BaseException:
        import shutil

        shutil.rmtree(build_dir, ignore_errors=True)
        raise

    report.documents = len(docs)
    report.passages = len(passages)
    report.passages_per_doc = {d.meta.doc_id: len(d.passages) for d, _ in docs}
    report.seconds = time.perf_counter() - started
    return report


class _PreviousVectors:
    """The current index's vectors by embedded-text hash, if it was built by this model.

    Keeps the old FAISS index and a hash -> row map instead of a copy of every vector.
    """

    def __init__(self, index=None, rows: dict[str, int] | None = None):
        self._index = index
        self._rows = rows or {}

    @classmethod
    def load(cls, index_dir: Path, model_id: str) -> _PreviousVectors:
        import faiss

        try:
            manifest = store.validate(index_dir, model=model_id)
        except store.IndexProblem:
            return cls()
        try:
            index = faiss.read_index(str(index_dir / store.VECTORS_FILE))
            with store.open_db(index_dir / store.DB_FILE) as conn:
                rows = conn.execute("SELECT rowid, embed_hash FROM passages").fetchall()
        except Exception:  # noqa: BLE001 - a damaged old index only costs re-embedding
            return cls()
        if manifest.dim != index.d:
            return cls()
        return cls(index, {r["embed_hash"]: r["rowid"] for r in rows if r["rowid"] < index.ntotal})

    def __contains__(self, embed_hash: str) -> bool:
        return embed_hash in self._rows

    def get(self, embed_hash: str) -> np.ndarray:
        return self._index.reconstruct(int(self._rows[embed_hash]))

    def close(self) -> None:
        self._index, self._rows = None, {}


def _window_vectors(rows, embed_texts, hashes, previous, embedder, bar) -> np.ndarray:
    """Vectors for consecutive rows: reused ones copied, new ones embedded.

    New texts are embedded in order of length so that each batch pads to similar lengths
    (as a single encode() call over everything would); rows stay in rowid order.
    """
    vectors = np.zeros((len(rows), embedder.dim), dtype="float32")
    todo = []
    for j, i in enumerate(rows):
        if hashes[i] in previous:
            vectors[j] = previous.get(hashes[i])
        else:
            todo.append(j)
    todo.sort(key=lambda j: len(embed_texts[rows[j]]), reverse=True)
    for s in range(0, len(todo), EMBED_BATCH):
        batch = todo[s : s + EMBED_BATCH]
        vectors[batch] = embedder.encode([embed_texts[rows[j]] for j in batch])
        bar.update(len(batch))
    return vectors


def _write(build_dir, docs, passages, canonical, embed_texts, hashes, vector_index, doc_of):
    import faiss

    conn = store.open_db(build_dir / store.DB_FILE, readonly=False)
    try:
        conn.executescript(store.SCHEMA)
        for doc, fingerprint in docs:
            m = doc.meta
            conn.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    m.doc_id,
                    m.path,
                    m.title,
                    m.authority,
                    m.kind,
                    m.date,
                    m.source_url,
                    fingerprint,
                    len(doc.passages),
                ),
            )
            for part in doc.parts:
                conn.execute(
                    "INSERT INTO parts VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        m.doc_id,
                        part.slug,
                        part.kind,
                        part.title,
                        part.inspection_start,
                        part.inspection_end,
                        part.meeting_date,
                        part.published,
                        part.lead_inspector,
                    ),
                )
            for j in doc.judgements:
                conn.execute(
                    "INSERT INTO judgements VALUES (?,?,?,?,?,?,?)",
                    (
                        j.doc_id,
                        j.part_slug,
                        j.authority,
                        j.inspection_date,
                        j.area,
                        j.grade,
                        j.passage_id,
                    ),
                )
            for reason in doc.left_out:
                conn.execute("INSERT INTO left_out VALUES (?,?)", (m.doc_id, reason))
        for i, p in enumerate(passages):
            conn.execute(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    i,
                    p.passage_id,
                    p.doc_id,
                    p.part.slug,
                    p.section,
                    p.label,
                    p.text,
                    p.start,
                    p.end,
                    p.page,
                    canonical[i],
                    hashes[i],
                ),
            )
            if canonical[i] == i:
                context = embed_texts[i].split("\n", 1)[0] + f" | {doc_of[p.doc_id].meta.title}"
                conn.execute(
                    "INSERT INTO passages_fts(rowid, text, context) VALUES (?,?,?)",
                    (i, p.text, context),
                )
        conn.commit()
    finally:
        conn.close()
    faiss.write_index(vector_index, str(build_dir / store.VECTORS_FILE))
