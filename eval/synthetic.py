"""Synthetic corpora N times the real one, written as real indexes in the product's format.

Copy 0 is the real corpus as indexed. Copy c >= 1 re-labels every real passage with other
English local authorities and shuffles its sentences (plus one sentence borrowed from
another paragraph of the same report), so every passage is a distinct text that reads like
an Ofsted paragraph. Vectors: a sample is embedded for real (to measure the rate and the
cosine between a synthetic passage and its source); the rest are the source passage's real
vector plus noise sized to give that same cosine, re-normalised. `embed_all` embeds every
passage instead (for machines with a GPU).
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer import store
from indexer.build import header_text
from indexer.councils import names as council_names
from indexer.vocab import report_date

# The councils of corpus/, left out so that no synthetic copy shares a name with a real report.
CORPUS_COUNCILS = frozenset(
    {
        "Birmingham",
        "Bournemouth, Christchurch and Poole",
        "Cheshire East",
        "Kent",
        "Leeds",
        "Norfolk",
        "Southend-on-Sea",
        "Staffordshire",
        "Wolverhampton",
    }
)
AUTHORITIES = tuple(a for a in council_names() if a not in CORPUS_COUNCILS)

# Other names a report uses for its own authority, replaced along with the official one.
ALIASES = {
    "Southend-on-Sea": ("Southend",),
    "Bournemouth, Christchurch and Poole": ("BCP",),
}
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"“(•-])")
WRITE_BATCH = 8192


@dataclass(frozen=True)
class Source:
    """One passage of the real index, with what a copy needs to re-label it."""

    rowid: int
    passage_id: str
    doc_id: str
    part_slug: str
    kind: str
    when: str | None
    section: str
    label: str
    text: str
    start: int
    end: int
    page: int | None
    authority: str
    title: str
    row: dict = field(default_factory=dict, compare=False, repr=False)  # its stored row


@dataclass(frozen=True)
class SyntheticPassage:
    rowid: int
    source: int  # index into the sources (= rowid in the real index)
    copy: int
    doc_id: str
    passage_id: str
    authority: str
    text: str
    header: str  # context header the product embeds and puts in FTS
    title: str

    @property
    def embed_text(self) -> str:
        return f"{self.header}\n{self.text}"


@dataclass
class SyntheticBuild:
    """What writing one synthetic index cost, by step (seconds)."""

    passages: int
    index_type: str
    total_s: float = 0.0
    text_and_sql_s: float = 0.0  # generating texts, SQLite rows and FTS5
    vector_synthesis_s: float = 0.0  # noise vectors standing in for embedding
    embed_s: float = 0.0  # real embedding (sample, or everything with embed_all)
    embedded: int = 0
    faiss_add_s: float = 0.0
    write_s: float = 0.0  # faiss.write_index, checksums, manifest, swap
    noise_sigma: float = 0.0
    sample_cosine: float = 0.0
    disk_bytes: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def measured_non_embedding_s(self) -> float:
        return self.total_s - self.embed_s - self.vector_synthesis_s


# -- the real corpus ----------------------------------------------------------------------
def load_sources(index_dir: Path) -> list[Source]:
    """Every passage of a real index, in rowid order."""
    reader = store.Reader(index_dir)
    try:
        documents, parts = reader.documents(), reader.parts()
        rows = reader.passage_rows()
    finally:
        reader.close()
    for r in rows:
        part, doc = parts[(r["doc_id"], r["part_slug"])], documents[r["doc_id"]]
        r.update(
            kind=part["kind"],
            when_=report_date(part["inspection_end"], part["meeting_date"], doc["date"]) or None,
            authority=doc["authority"],
            title=doc["title"],
        )
    return [
        Source(
            rowid=r["rowid"],
            passage_id=r["passage_id"],
            doc_id=r["doc_id"],
            part_slug=r["part_slug"],
            kind=r["kind"],
            when=r["when_"],
            section=r["section"] or "",
            label=r["label"],
            text=r["text"],
            start=r["start"],
            end=r["end"],
            page=r["page"],
            authority=r["authority"],
            title=r["title"],
            row={k: r[k] for k in store.COLUMNS["passages"]},
        )
        for r in rows
    ]


# -- text -----------------------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def relabel(text: str, old: str, new: str) -> str:
    """Replace an authority's names (official name first, then aliases) by another's."""
    for name in (old, *ALIASES.get(old, ())):
        text = re.sub(rf"\b{re.escape(name)}\b", new, text, flags=re.IGNORECASE)
    return text


def authority_for(copy: int, source_authority: str) -> str:
    """The same real authority maps to one new name per copy; names cycle through the list."""
    offset = sum(source_authority.encode()) % len(AUTHORITIES)
    return AUTHORITIES[((copy - 1) * 7 + offset) % len(AUTHORITIES)]


def shuffled_text(source: Source, donors: list[str], rng: random.Random) -> str:
    """The source's sentences in a new order, plus one borrowed sentence from its report."""
    parts = sentences(source.text)
    rng.shuffle(parts)
    if donors:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(donors))
    return " ".join(parts)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def synthetic_passages(
    sources: list[Source], scale: int, seed: int = 0
) -> Iterator[SyntheticPassage]:
    """scale x len(sources) passages: the real ones, then scale-1 re-labelled copies.

    Texts are distinct: a repeat (possible for one-sentence passages) is redrawn.
    """
    donors_by_doc: dict[str, list[str]] = {}
    for s in sources:
        donors_by_doc.setdefault(s.doc_id, []).extend(x for x in sentences(s.text) if len(x) > 40)
    seen: set[bytes] = set()
    rowid = 0
    for copy in range(scale):
        rng = random.Random(seed * 1_000_003 + copy)
        for i, src in enumerate(sources):
            if copy == 0:
                yield _original(src, rowid)
            else:
                yield _copy(src, i, copy, donors_by_doc[src.doc_id], rng, seen, rowid)
            rowid += 1


def _original(src: Source, rowid: int) -> SyntheticPassage:
    return SyntheticPassage(
        rowid=rowid,
        source=src.rowid,
        copy=0,
        doc_id=src.doc_id,
        passage_id=src.passage_id,
        authority=src.authority,
        text=src.text,
        header=header_text(src.authority, src.kind, src.when, src.section),
        title=src.title,
    )


def _copy(src, i, copy, donors, rng, seen, rowid) -> SyntheticPassage:
    authority = authority_for(copy, src.authority)
    doc_id = f"{slug(authority)}-c{copy:04d}-{src.doc_id}"
    for _ in range(20):
        text = relabel(shuffled_text(src, donors, rng), src.authority, authority)
        digest = hashlib.blake2b(text.encode(), digest_size=12).digest()
        if digest not in seen:
            break
    seen.add(digest)
    section = relabel(src.section, src.authority, authority)
    return SyntheticPassage(
        rowid=rowid,
        source=i,
        copy=copy,
        doc_id=doc_id,
        passage_id=doc_id + src.passage_id[len(src.doc_id) :],
        authority=authority,
        text=text,
        header=header_text(authority, src.kind, src.when, section),
        title=relabel(src.title, src.authority, authority),
    )


# -- vectors --------------------------------------------------------------------------------
def noise_sigma(cosine: float, dim: int) -> float:
    """Per-dimension noise that takes a unit vector to about this cosine with itself.

    For v + e with e ~ N(0, s^2 I_d): |e|^2 ~ d s^2 and cos ~ 1 / sqrt(1 + d s^2).
    """
    cosine = min(max(cosine, 0.05), 0.9999)
    return float(np.sqrt((1.0 / cosine**2 - 1.0) / dim))


def noisy_vectors(base: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    out = base + rng.standard_normal(base.shape, dtype="float32") * np.float32(sigma)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out.astype("float32", copy=False)


def recall_at_k(truth: np.ndarray, found: np.ndarray, k: int = 10) -> float:
    """Mean share of each query's true top-k ids that the approximate search found."""
    if len(truth) == 0:
        return 0.0
    hits = [len(set(t[:k]) & set(f[:k])) / max(1, len(t[:k])) for t, f in zip(truth, found)]
    return float(np.mean(hits))


# -- writing the index ----------------------------------------------------------------------
class _Writer:
    """Rows and vectors into the product's IndexWriter, in batches, timing the FAISS adds."""

    def __init__(self, out_dir: Path, n: int, dim: int, raw_vectors: Path | None):
        self.writer = store.IndexWriter(out_dir, n, dim)
        self.kind = self.writer.index_type
        self.raw = raw_vectors.open("wb") if raw_vectors else None
        self.faiss_add_s = 0.0

    def rows(self, batch: list[SyntheticPassage], sources: list[Source], canonical) -> None:
        self.writer.add_passages(
            [_passage_row(p, sources[p.source], canonical(p)) for p in batch],
            {p.rowid: f"{p.header} | {p.title}" for p in batch if canonical(p) == p.rowid},
        )

    def vectors(self, vectors: np.ndarray) -> None:
        started = time.perf_counter()
        self.writer.add_vectors(vectors)
        self.faiss_add_s += time.perf_counter() - started
        if self.raw:
            vectors.astype("float32").tofile(self.raw)

    def finish(self, real: store.Manifest, real_index: Path, scale: int, counts: dict) -> None:
        if self.raw:
            self.raw.close()
        self.writer.finish(
            model=real.model,
            corpus={f"synthetic-{scale}x": store.file_sha256(real_index / store.MANIFEST)},
            counts={**counts, "skipped": 0},
        )


def _passage_row(p: SyntheticPassage, src: Source, canonical: int) -> dict:
    section = relabel(src.section, src.authority, p.authority) if p.copy else src.section
    return {
        **src.row,
        "rowid": p.rowid,
        "passage_id": p.passage_id,
        "doc_id": p.doc_id,
        "section": section,
        "text": p.text,
        "canonical": canonical,
        "embed_hash": store.text_sha1(p.embed_text),
    }


def _copy_documents(writer, real_index: Path, copies: dict[str, tuple[str, str, int]]) -> None:
    """documents, parts and judgements rows for each synthetic document (doc -> source)."""
    real = store.Reader(real_index)
    try:
        docs = real.documents()
        parts = list(real.parts().values())
        judgements = real.judgements()
    finally:
        real.close()
    for doc_id, (src_doc, authority, copy) in copies.items():
        d = dict(docs[src_doc])
        old = d["authority"]
        if copy:
            d.update(doc_id=doc_id, authority=authority, title=relabel(d["title"], old, authority))
            d["path"] = f"synthetic/{doc_id}"
        writer.insert("documents", [d])
        writer.insert("parts", [dict(p, doc_id=doc_id) for p in parts if p["doc_id"] == src_doc])
        rows = []
        for j in judgements:
            if j["doc_id"] == src_doc:
                row = dict(j, doc_id=doc_id, authority=authority if copy else j["authority"])
                row["passage_id"] = doc_id + j["passage_id"][len(src_doc) :]
                rows.append(row)
        writer.insert("judgements", rows)


def write_synthetic_index(
    real_index: Path,
    out_dir: Path,
    scale: int,
    *,
    embedder=None,
    sample: int = 1000,
    embed_all: bool = False,
    raw_vectors: Path | None = None,
    seed: int = 0,
    progress: bool = True,
) -> SyntheticBuild:
    """Write scale x the real index to out_dir as a product index (manifest, SQLite, FAISS).

    Streams in batches of WRITE_BATCH rows: memory is the FAISS index plus one batch.
    raw_vectors, when given, receives every vector as float32 rows (for flat-vs-HNSW).
    """
    from tqdm import tqdm

    started = time.perf_counter()
    real_index, out_dir = Path(real_index), Path(out_dir)
    manifest = store.validate(real_index)
    sources = load_sources(real_index)
    real_vectors = store.Reader(real_index).all_vectors()
    real_canonical = [s.row["canonical"] for s in sources]
    n = scale * len(sources)
    result = SyntheticBuild(passages=n, index_type="")
    rng = np.random.default_rng(seed)

    gen = synthetic_passages(sources, scale, seed)
    sigma, sample_vecs = _calibrate(gen, sample, embed_all, scale, embedder, real_vectors, result)
    result.noise_sigma = sigma

    writer = _Writer(out_dir, n, manifest.dim, raw_vectors)
    result.index_type = writer.kind
    doc_copies: dict[str, tuple[str, str, int]] = {}

    def canonical(p: SyntheticPassage) -> int:
        return real_canonical[p.rowid] if p.copy == 0 else p.rowid

    gen = synthetic_passages(sources, scale, seed)
    bar = tqdm(total=n, desc=f"Synthetic {scale}x", unit="passage", disable=not progress)
    while True:
        t0 = time.perf_counter()
        batch = [p for _, p in zip(range(WRITE_BATCH), gen)]
        if not batch:
            break
        for p in batch:
            doc_copies.setdefault(p.doc_id, (sources[p.source].doc_id, p.authority, p.copy))
        writer.rows(batch, sources, canonical)
        t1 = time.perf_counter()
        result.text_and_sql_s += t1 - t0
        vectors = _batch_vectors(batch, real_vectors, sample_vecs, sigma, embed_all, embedder, rng)
        t2 = time.perf_counter()
        if embed_all:
            result.embed_s += t2 - t1
            result.embedded += len(batch)
        else:
            result.vector_synthesis_s += t2 - t1
        writer.vectors(vectors)
        bar.update(len(batch))
    bar.close()
    t3 = time.perf_counter()
    _copy_documents(writer.writer, real_index, doc_copies)
    result.text_and_sql_s += time.perf_counter() - t3
    t4 = time.perf_counter()
    result.faiss_add_s = writer.faiss_add_s
    unique = n - sum(1 for i, c in enumerate(real_canonical) if c != i)
    counts = {"documents": len(doc_copies), "passages": n, "unique_passages": unique}
    writer.finish(manifest, real_index, scale, counts)
    result.write_s = time.perf_counter() - t4
    result.total_s = time.perf_counter() - started
    result.disk_bytes = sum(f.stat().st_size for f in out_dir.iterdir() if f.is_file())
    return result


def _calibrate(gen, sample, embed_all, scale, embedder, real_vectors, result):
    """Embed the first `sample` synthetic passages for real: their vectors, and the noise
    that makes a source vector as far from its copy as real embedding makes it."""
    if embed_all or scale <= 1 or sample <= 0 or embedder is None:
        return 0.0, {}
    picked = _first_copies(gen, sample)
    started = time.perf_counter()
    vecs = _encode_sorted(embedder, [p.embed_text for p in picked])
    result.embed_s = time.perf_counter() - started
    result.embedded = len(picked)
    cosines = np.sum(vecs * real_vectors[[p.source for p in picked]], axis=1)
    result.sample_cosine = float(np.mean(cosines))
    return noise_sigma(result.sample_cosine, vecs.shape[1]), {
        p.rowid: v for p, v in zip(picked, vecs)
    }


def _first_copies(gen, sample: int) -> list[SyntheticPassage]:
    picked = []
    for p in gen:
        if p.copy > 0:
            picked.append(p)
            if len(picked) >= sample:
                break
    return picked


def _encode_sorted(embedder, texts: list[str], batch: int = 64) -> np.ndarray:
    """Encode in order of length (as the product's build does), rows back in input order."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    out = np.zeros((len(texts), embedder.dim), dtype="float32")
    for s in range(0, len(order), batch):
        idx = order[s : s + batch]
        out[idx] = embedder.encode([texts[i] for i in idx])
    return out


def _batch_vectors(batch, real_vectors, sample_vecs, sigma, embed_all, embedder, rng):
    if embed_all:
        return _encode_sorted(embedder, [p.embed_text for p in batch])
    base = real_vectors[[p.source for p in batch]]
    out = noisy_vectors(base, sigma, rng) if sigma > 0 else base.copy()
    for j, p in enumerate(batch):
        if p.copy == 0:
            out[j] = real_vectors[p.source]
        elif p.rowid in sample_vecs:
            out[j] = sample_vecs[p.rowid]
    return out
