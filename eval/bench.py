"""Performance benchmark: build cost, memory, disk and query latency at 1x, 100x, 1000x.

    python -m eval.bench [--scales 1 100 1000] [--queries N] [--device cpu|cuda]
                         [--embed-all] [--json OUT]
    python -m eval.bench --index PATH [--label national] [--questions FILE ...] [--queries N]

1x is the real corpus through the product's build (and the bare encoder on the same texts,
to check the pipeline adds little). 100x and 1000x are synthetic corpora written as real
indexes (eval.synthetic); unless --embed-all, a sample is embedded for real and the build
time is reported as measured non-embedding time plus passages / measured rate ("est.").
Each build and query phase runs in its own process so peak RSS is per phase and per scale.

--index times the query phase on an index that already exists (the national one: nothing
is built). An index built before bm25.npz existed is timed as it is, through FTS5, and
again with the matrix the build now writes, made from the index's own FTS5 rows beside a
link to its files (the index is only read): both rankings in one process.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from .metrics import percentile

ROOT = Path(__file__).resolve().parent.parent
MODES = ("lexical", "dense", "hybrid", "rerank")
K = 10
EF_SWEEP = (16, 32, 64, 128)


# -- results --------------------------------------------------------------------------------
@dataclass
class Latency:
    p50_ms: float
    p95_ms: float

    @classmethod
    def of(cls, samples_ms: list[float]) -> Latency:
        return cls(round(percentile(samples_ms, 50), 2), round(percentile(samples_ms, 95), 2))


@dataclass
class BuildResult:
    scale: int
    passages: int
    index_type: str
    build_s: float  # measured, or measured non-embedding + estimated embedding
    build_estimated: bool
    embed_rate: float  # passages per second, measured
    embedded: int  # how many passages were really embedded
    peak_rss_mb: float
    disk_mb: float
    detail: dict = field(default_factory=dict)


@dataclass
class QueryResult:
    open_s: float
    latency: dict[str, Latency]
    floor: Latency  # encode one query + bare FAISS search, same index
    encode: Latency
    faiss_search: Latency
    peak_rss_mb: float


@dataclass
class CompareResult:
    """FAISS flat against HNSW on the same vectors, with the real questions as queries."""

    n: int
    flat_build_s: float
    hnsw_build_s: float
    flat_query: Latency
    hnsw_query: Latency
    recall_at_10: float  # HNSW (product efSearch) against exact flat
    recall_by_ef: dict[int, float]
    hnsw_params: dict
    peak_rss_mb: float


@dataclass
class ScaleResult:
    scale: int
    build: BuildResult
    query: QueryResult | None = None
    compare: CompareResult | None = None
    chosen_type_ok: bool = True


@dataclass
class EmbeddingCheck:
    """Product build pipeline against bare SentenceTransformer.encode, same texts."""

    passages: int
    pipeline_rate: float
    bare_rate: float
    ratio: float  # bare rate / pipeline rate (1.0 = no overhead)
    device: str
    encoder: str = "torch"  # the encoder the build used
    # bare rate of each encoder on the same texts, interleaved in one process
    encoders: dict = field(default_factory=dict)


# -- child processes ------------------------------------------------------------------------
def peak_rss_mb() -> float:
    """This process's high-water RSS (Linux ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _child(queue, fn, kwargs) -> None:
    try:
        queue.put(("ok", fn(**kwargs)))
    except BaseException as exc:  # noqa: BLE001 - report any failure to the parent
        import traceback

        queue.put(("error", f"{exc.__class__.__name__}: {exc}\n{traceback.format_exc()}"))


def in_child(fn, **kwargs):
    """Run fn in a fresh (spawned) process, so its peak RSS is its own."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(queue, fn, kwargs))
    proc.start()
    while True:
        try:
            status, value = queue.get(timeout=5)
            break
        except Exception:  # noqa: BLE001 - queue.Empty: still working, unless it died
            if not proc.is_alive():
                status, value = "error", f"process died with exit code {proc.exitcode}"
                break
    proc.join()
    if status != "ok":
        raise RuntimeError(f"{fn.__name__} failed in its process: {value}")
    return value


def _embedder(device: str, encoder: str | None = None):
    from indexer.embedder import DEFAULT_MODEL, Embedder

    return Embedder(f"{DEFAULT_MODEL}+{encoder}" if encoder else None, device=device)


def _disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in Path(path).iterdir() if f.is_file()) / 1e6


# -- 1x: the real build, and the bare encoder ----------------------------------------------
class RecordingEmbedder:
    """Passes through to the real embedder and keeps the texts it was asked to encode."""

    def __init__(self, inner):
        self.inner, self.texts = inner, []
        self.model_id, self.dim = inner.model_id, inner.dim

    def encode(self, texts, **kwargs):
        self.texts.extend(texts)
        return self.inner.encode(texts, **kwargs)

    def encode_query(self, text):
        return self.inner.encode_query(text)

    def __getattr__(self, name):  # runtime, encoder, path...: what build_index reads
        return getattr(self.inner, name)


def build_real(
    corpus: str, index_dir: str, device: str, texts_out: str | None = None
) -> tuple[BuildResult, EmbeddingCheck]:
    """The product's build_index on the real corpus, then bare encode() on the same texts."""
    from indexer import build_index, store

    embedder = _embedder(device)
    embedder.encode(["warm up the model"] * 8)
    recorder = RecordingEmbedder(embedder)
    report = build_index(corpus, index_dir, embedder=recorder, progress=True)
    texts = recorder.texts
    # Rates from a second pass, after every sequence shape has been seen once, with the
    # bare encoder timed before and after it: a fair comparison on a shared machine.
    bare = [_bare_rate(embedder, texts)]
    with tempfile.TemporaryDirectory() as tmp:
        again = build_index(corpus, Path(tmp) / "index", embedder=embedder, progress=False)
    bare.append(_bare_rate(embedder, texts))
    if texts_out:  # for the encoder comparison, run in a process of its own (its own RSS)
        Path(texts_out).write_text(json.dumps(texts), encoding="utf-8")
    manifest = store.Manifest.read(Path(index_dir))
    build = BuildResult(
        scale=1,
        passages=report.passages,
        index_type=manifest.index_type,
        build_s=round(report.seconds, 2),
        build_estimated=False,
        embed_rate=round(report.passages_per_second, 1),
        embedded=report.embedded,
        peak_rss_mb=0.0,
        disk_mb=round(_disk_mb(Path(index_dir)), 1),
        detail={"embed_s": round(report.embed_seconds, 2)},
    )
    bare_rate = float(np.mean(bare))
    check = EmbeddingCheck(
        passages=len(texts),
        pipeline_rate=round(again.passages_per_second, 1),
        bare_rate=round(bare_rate, 1),
        ratio=round(bare_rate / again.passages_per_second, 3),
        device=embedder.device,
        encoder=embedder.encoder,
    )
    build.peak_rss_mb = round(peak_rss_mb(), 1)
    return build, check


def _bare_rate(embedder, texts: list[str]) -> float:
    """Passages per second of the bare encoder (SentenceTransformer.encode, or the ONNX
    session's) over all texts in one call."""
    started = time.perf_counter()
    batch = getattr(embedder, "batch_size", 32)
    if getattr(embedder, "encoder", "torch") == "torch":
        embedder._model.encode(texts, batch_size=batch, normalize_embeddings=True)
    else:
        embedder._model.encode(texts, batch_size=batch)
    return len(texts) / (time.perf_counter() - started)


def encoder_rates(device: str, texts_path: str) -> dict:
    return _encoder_rates(device, json.loads(Path(texts_path).read_text(encoding="utf-8")))


def _encoder_rates(device: str, texts: list[str], rounds: int = 2) -> dict:
    """Bare rate of every encoder on the same texts, rounds interleaved (shared machine),
    and each ONNX encoder's cosine to torch (min and mean over the texts)."""
    from indexer.embedder import ENCODERS

    encoders = ["torch"] if device != "cpu" else list(ENCODERS)
    models = {e: _embedder(device, e) for e in encoders}
    for m in models.values():
        m.encode(texts[:64])
    rates: dict[str, list[float]] = {e: [] for e in encoders}
    for _ in range(rounds):
        for e, m in models.items():
            rates[e].append(_bare_rate(m, texts))
    out = {e: {"rate": round(float(np.median(r)), 1)} for e, r in rates.items()}
    base = models["torch"].encode(texts)
    for e in encoders[1:]:
        cos = (models[e].encode(texts) * base).sum(axis=1)
        out[e].update(
            vs_torch=round(out[e]["rate"] / out["torch"]["rate"], 2),
            cos_min=round(float(cos.min()), 4),
            cos_mean=round(float(cos.mean()), 4),
        )
    return out


# -- 100x, 1000x: synthetic indexes ---------------------------------------------------------
def build_synthetic(
    real_index: str, index_dir: str, scale: int, device: str, sample: int, embed_all: bool, raw: str
) -> BuildResult:
    from .synthetic import write_synthetic_index

    embedder = _embedder(device)
    embedder.encode(["warm up the model"] * 8)
    res = write_synthetic_index(
        Path(real_index),
        Path(index_dir),
        scale,
        embedder=embedder,
        sample=sample,
        embed_all=embed_all,
        raw_vectors=Path(raw),
    )
    rate = res.embedded / res.embed_s if res.embed_s else 0.0
    build_s = res.total_s if embed_all else res.measured_non_embedding_s + res.passages / rate
    detail = {
        k: round(v, 3) if isinstance(v, float) else v
        for k, v in asdict(res).items()
        if k not in ("passages", "index_type", "extra")
    }
    detail["measured_non_embedding_s"] = round(res.measured_non_embedding_s, 2)
    detail["estimated_embedding_s"] = round(res.passages / rate, 1) if rate else None
    return BuildResult(
        scale=scale,
        passages=res.passages,
        index_type=res.index_type,
        build_s=round(build_s, 1),
        build_estimated=not embed_all,
        embed_rate=round(rate, 1),
        embedded=res.embedded,
        peak_rss_mb=round(peak_rss_mb(), 1),
        disk_mb=round(res.disk_bytes / 1e6, 1),
        detail=detail,
    )


# -- queries --------------------------------------------------------------------------------
def load_questions(n: int, paths: list[Path] | None = None) -> list[str]:
    """The first n questions of each file (default: eval/questions.jsonl), in file order."""
    out: list[str] = []
    for path in paths or [ROOT / "eval" / "questions.jsonl"]:
        text = Path(path).read_text(encoding="utf-8")
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        out += [q["question"] for q in lines if q.get("question")][:n]
    return list(dict.fromkeys(out))


def run_queries(index_dir: str, questions: list[str], vectors_out: str) -> QueryResult:
    """Retriever.search per mode, ask with rerank on and off, and the floor (encode + bare
    FAISS search), same process. Rounds are interleaved: each question goes through every
    step in turn, so a change in a shared machine's load falls on every step alike and the
    ratios to the floor hold."""
    from indexer import embedder as embedder_module
    from retriever import Retriever

    started = time.perf_counter()
    r = Retriever.open(index_dir)
    open_s = time.perf_counter() - started
    r.search(questions[0], k=K, mode="hybrid")  # loads the model
    index = r.reader.search_index()  # the vectors the Retriever searches, not a copy
    bm25 = r.reader.load_bm25()  # None where the store ranks in the database
    seen = {"bm25": r.frequencies._seen, "fts5": {}}  # each ranking's own term counts
    one, every = embedder_module.QUERY_THREADS, _all_threads(r.embedder)

    def ranking(name: str, threads: int) -> None:
        r.reader.bm25_index = bm25 if name == "bm25" else None
        r.frequencies._seen = seen[name]
        embedder_module.QUERY_THREADS = threads

    def floor_step(q):
        index.search(r.embedder.encode_query(q).reshape(1, -1), K)

    steps = [(mode, "bm25", one, lambda q, m=mode: r.search(q, k=K, mode=m)) for mode in MODES]
    # the whole answer, as a user waits for it: search, rerank, compose; then rerank off
    steps += [("ask", "bm25", one, lambda q: r.ask(q, k=K, mode="rerank"))]
    steps += [("ask-hybrid", "bm25", one, lambda q: r.ask(q, k=K, mode="hybrid"))]
    if bm25 is not None:  # the FTS5 ranking it replaced, same index and process
        steps += [
            ("lexical-fts5", "fts5", one, lambda q: r.search(q, k=K, mode="lexical")),
            ("hybrid-fts5", "fts5", one, lambda q: r.search(q, k=K, mode="hybrid")),
            ("ask-hybrid-fts5", "fts5", one, lambda q: r.ask(q, k=K, mode="hybrid")),
        ]
    # A question encoded on every thread, as before QUERY_THREADS, against one thread: a
    # round of its own after the main one, as a one-thread encoding just after a
    # many-thread one runs slower (~25%) and would bend the main table's ratios.
    threads_steps = []
    if every > one:
        for label, threads in (("all-threads", every), ("one-thread", one)):
            threads_steps += [
                (f"hybrid-{label}", "bm25", threads, lambda q: r.search(q, k=K, mode="hybrid")),
                (f"ask-hybrid-{label}", "bm25", threads, lambda q: r.ask(q, k=K, mode="hybrid")),
                (f"floor-{label}", "bm25", threads, floor_step),
            ]
    samples: dict[str, list[float]] = {name: [] for name, _, _, _ in steps + threads_steps}

    def timed_round(q, round_steps) -> None:
        for name, lexical, threads, step in round_steps:
            ranking(lexical, threads)
            _forget_questions(r)
            t0 = time.perf_counter()
            step(q)
            samples[name].append((time.perf_counter() - t0) * 1000)
        ranking("bm25", one)

    floor, enc, srch, qvecs = [], [], [], []
    for q in questions:
        timed_round(q, steps)
        _forget_questions(r)  # the floor: encode the question, search FAISS directly (k=10)
        t0 = time.perf_counter()
        v = r.embedder.encode_query(q).reshape(1, -1)
        t1 = time.perf_counter()
        index.search(v, K)
        t2 = time.perf_counter()
        enc.append((t1 - t0) * 1000)
        srch.append((t2 - t1) * 1000)
        floor.append((t2 - t0) * 1000)
        qvecs.append(v)
    for q in questions if threads_steps else []:
        timed_round(q, threads_steps)
    np.save(vectors_out, np.vstack(qvecs))
    return QueryResult(
        open_s=round(open_s, 2),
        latency={name: Latency.of(values) for name, values in samples.items()},
        floor=Latency.of(floor),
        encode=Latency.of(enc),
        faiss_search=Latency.of(srch),
        peak_rss_mb=round(peak_rss_mb(), 1),
    )


def _all_threads(embedder) -> int:
    """PyTorch's threads when a question is encoded by torch on the CPU, else 0."""
    if getattr(embedder, "runtime", "torch") != "torch" or embedder.device != "cpu":
        return 0
    import torch

    return torch.get_num_threads()


def _forget_questions(r) -> None:
    """Each timed query is a new question: the embedder's question-vector cache (which
    serves repeats within one answer) must not carry one mode's encoding into the next."""
    cache = getattr(r.embedder, "_queries", None)
    if cache is not None:
        cache.clear()


# -- flat against HNSW ----------------------------------------------------------------------
def _read_rows(raw: Path, dim: int, batch: int = 65_536):
    """float32 rows from a raw file, a batch at a time, without mapping it into memory."""
    with raw.open("rb") as fh:
        while True:
            rows = np.fromfile(fh, dtype="float32", count=batch * dim)
            if not rows.size:
                return
            yield rows.reshape(-1, dim)


def _build(kind: str, raw: Path, n: int, dim: int):
    from indexer import store

    started = time.perf_counter()
    index, _ = store.new_faiss_index(n, dim, kind)
    for rows in _read_rows(raw, dim):
        store.add_vectors(index, rows)
    return index, time.perf_counter() - started


def _search_each(index, queries: np.ndarray) -> tuple[np.ndarray, list[float]]:
    ids, times = [], []
    for q in queries:
        t0 = time.perf_counter()
        _, found = index.search(q.reshape(1, -1), K)
        times.append((time.perf_counter() - t0) * 1000)
        ids.append(found[0])
    return np.array(ids), times


def compare_flat_hnsw(
    index_dir: str, raw: str, queries_path: str, product_type: str, product_add_s: float
) -> CompareResult:
    """Exact results first (flat, then freed), then HNSW: one big index in memory at a time.

    The product's own index is reused for its type (its build time is the build's FAISS
    add time); the other type is built here from the raw vectors.
    """
    import faiss

    from indexer import store

    from .synthetic import recall_at_k

    queries = np.load(queries_path).astype("float32")
    dim = queries.shape[1]
    n = os.path.getsize(raw) // (4 * dim)

    def index_of(kind: str):
        """The product's own index when it is of this kind, else one built from raw."""
        if kind == product_type:
            return faiss.read_index(str(Path(index_dir) / store.VECTORS_FILE)), product_add_s
        return _build(kind, Path(raw), n, dim)

    flat, flat_s = index_of("flat")
    truth, flat_times = _search_each(flat, queries)
    del flat
    hnsw, hnsw_s = index_of("hnsw")
    found, hnsw_times = _search_each(hnsw, queries)
    by_ef = {}
    for ef in EF_SWEEP:
        hnsw.hnsw.efSearch = ef
        by_ef[ef] = round(recall_at_k(truth, _search_each(hnsw, queries)[0], K), 4)
    return CompareResult(
        n=n,
        flat_build_s=round(flat_s, 2),
        hnsw_build_s=round(hnsw_s, 2),
        flat_query=Latency.of(flat_times),
        hnsw_query=Latency.of(hnsw_times),
        recall_at_10=round(recall_at_k(truth, found, K), 4),
        recall_by_ef=by_ef,
        hnsw_params={
            "M": store.HNSW_M,
            "efConstruction": store.HNSW_EF_CONSTRUCTION,
            "efSearch": store.HNSW_EF_SEARCH,
        },
        peak_rss_mb=round(peak_rss_mb(), 1),
    )


# -- one scale ------------------------------------------------------------------------------
def run_scale(scale: int, args, work: Path, real_index: Path, questions: list[str]):
    """Build, query and (at 100x and above) compare, each phase in its own process."""
    from indexer import store

    index_dir = work / f"index-{scale}x"
    raw = work / f"vectors-{scale}x.f32"
    qvecs = work / f"queries-{scale}x.npy"
    print(f"\n== {scale}x ==", file=sys.stderr, flush=True)
    check = None
    if scale == 1:
        texts = work / "texts-1x.json"
        build, check = in_child(
            build_real,
            corpus=str(args.corpus),
            index_dir=str(index_dir),
            device=args.device,
            texts_out=str(texts),
        )
        if args.compare_encoders:
            check.encoders = in_child(encoder_rates, device=args.device, texts_path=str(texts))
    else:
        build = in_child(
            build_synthetic,
            real_index=str(real_index),
            index_dir=str(index_dir),
            scale=scale,
            device=args.device,
            sample=args.sample,
            embed_all=args.embed_all,
            raw=str(raw),
        )
    result = ScaleResult(scale=scale, build=build)
    expected = "hnsw" if build.passages >= store.HNSW_THRESHOLD else "flat"
    result.chosen_type_ok = build.index_type == expected
    print(f"built {build.passages:,} passages ({build.index_type})", file=sys.stderr, flush=True)
    result.query = in_child(
        run_queries, index_dir=str(index_dir), questions=questions, vectors_out=str(qvecs)
    )
    if scale >= 100:
        result.compare = in_child(
            compare_flat_hnsw,
            index_dir=str(index_dir),
            raw=str(raw),
            queries_path=str(qvecs),
            product_type=build.index_type,
            product_add_s=build.detail.get("faiss_add_s", 0.0),
        )
    if not args.keep:
        shutil.rmtree(index_dir, ignore_errors=True)
        raw.unlink(missing_ok=True)
    return result, check


# -- an existing index (--index) ------------------------------------------------------------
@dataclass
class IndexResult:
    label: str
    index: str
    passages: int
    documents: int
    index_type: str
    bm25: str  # "stored" (in the index), "added" (made here from its FTS5 rows) or "none"
    bm25_s: float  # seconds to make the matrix, when added
    query: QueryResult


def with_bm25(index_dir: str, out_dir: str) -> float:
    """The index at index_dir as the build now writes it, in out_dir: its SQLite and FAISS
    files linked (only read), bm25.npz made from its own FTS5 rows (the text its build gave
    the lexical index) and a manifest naming the matrix's checksum. Seconds taken."""
    from indexer import store
    from indexer.store.bm25 import BM25Builder

    src, out = Path(index_dir).resolve(), Path(out_dir)
    manifest = store.validate(src)
    started = time.perf_counter()
    reader = store.Reader(src, manifest)
    builder = BM25Builder()
    builder.add_many(reader.lexical_rows())
    n_rows = reader.vector_count  # row i of the FAISS index is passage rowid i
    reader.close()
    out.mkdir(parents=True, exist_ok=True)
    for name in (store.DB_FILE, store.VECTORS_FILE):
        (out / name).unlink(missing_ok=True)
        (out / name).symlink_to(src / name)
    builder.write(out / store.BM25_FILE, n_rows)
    checksums = {**manifest.checksums, store.BM25_FILE: store.file_sha256(out / store.BM25_FILE)}
    store.Manifest(**{**manifest.__dict__, "checksums": checksums}).write(out)
    return time.perf_counter() - started


def run_index(args, work: Path, questions: list[str]) -> IndexResult:
    """The query phase on an existing index, in a process of its own (nothing is built)."""
    from indexer import store

    source = Path(args.index)
    manifest = store.validate(source)
    index_dir, bm25, bm25_s = source, "none", 0.0
    if store.BM25_FILE in manifest.checksums:
        bm25 = "stored"
    elif not args.no_bm25:
        print(f"making bm25.npz for {source}/ from its FTS5 rows ...", file=sys.stderr, flush=True)
        index_dir = work / "index-with-bm25"
        bm25_s = in_child(with_bm25, index_dir=str(source), out_dir=str(index_dir))
        bm25 = "added"
    print(f"querying {source}/ ({len(questions)} questions)", file=sys.stderr, flush=True)
    query = in_child(
        run_queries,
        index_dir=str(index_dir),
        questions=questions,
        vectors_out=str(work / "queries-index.npy"),
    )
    return IndexResult(
        label=args.label or source.name,
        index=str(source),
        passages=manifest.counts.get("passages", 0),
        documents=manifest.counts.get("documents", 0),
        index_type=manifest.index_type,
        bm25=bm25,
        bm25_s=round(bm25_s, 1),
        query=query,
    )


def _ratio(a: Latency, b: Latency, p: str = "p50_ms") -> str:
    return f"{getattr(a, p) / getattr(b, p):.2f}x" if getattr(b, p) else "-"


def format_index(res: IndexResult, meta: dict) -> str:
    """Latency per mode beside the floor, as ratios measured in this one process."""
    q, lat = res.query, res.query.latency
    lines = [
        f"device: {meta['device']}, {meta['cpus']} CPU cores, {meta['queries']} queries, k={K}",
        f"index: {res.index} ({res.documents:,} documents, {res.passages:,} passages, "
        f"{res.index_type}); lexical ranking: "
        + {
            "stored": "bm25.npz",
            "added": f"bm25.npz made from its FTS5 rows in {res.bm25_s:.1f} s (FTS5 also timed)",
            "none": "FTS5",
        }[res.bm25],
        "",
        "| index | passages | lexical p50/p95 ms | dense p50/p95 ms | hybrid p50/p95 ms "
        "| rerank p50/p95 ms | ask (rerank off) p50/p95 ms | ask (rerank on) p50/p95 ms "
        "| floor p50/p95 ms | hybrid / floor p50 | hybrid / floor p95 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {res.label} | {res.passages:,} | {_ms(lat['lexical'])} | {_ms(lat['dense'])} "
        f"| {_ms(lat['hybrid'])} | {_ms(lat['rerank'])} | {_ms(lat['ask-hybrid'])} "
        f"| {_ms(lat['ask'])} | {_ms(q.floor)} | {_ratio(lat['hybrid'], q.floor)} "
        f"| {_ratio(lat['hybrid'], q.floor, 'p95_ms')} |",
        "",
        f"Floor = encode {_ms(q.encode)} ms + FAISS search {_ms(q.faiss_search)} ms; "
        f"open {q.open_s:.2f} s; query RSS {q.peak_rss_mb:,.0f} MB; ratios to the floor: "
        + ", ".join(
            f"{m} {_ratio(lat[m], q.floor)} / {_ratio(lat[m], q.floor, 'p95_ms')}"
            for m in ("lexical", "dense", "rerank", "ask-hybrid", "ask")
        ),
    ]
    if "lexical-fts5" in lat:
        lines += [
            "",
            "Lexical ranking, FTS5 against the in-memory BM25, same index and process:",
            "",
            "| index | ranking | lexical p50/p95 ms | hybrid p50/p95 ms | ask (rerank off) "
            "p50/p95 ms | hybrid / floor p50 | hybrid / floor p95 |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, suffix in (("FTS5", "-fts5"), ("BM25", "")):
            hybrid = lat[f"hybrid{suffix}"]
            lines.append(
                f"| {res.label} | {name} | {_ms(lat[f'lexical{suffix}'])} | {_ms(hybrid)} "
                f"| {_ms(lat[f'ask-hybrid{suffix}'])} | {_ratio(hybrid, q.floor)} "
                f"| {_ratio(hybrid, q.floor, 'p95_ms')} |"
            )
    if "floor-all-threads" in lat:
        from indexer.embedder import QUERY_THREADS

        few = "one thread" if QUERY_THREADS == 1 else f"{QUERY_THREADS} threads"
        lines += [
            "",
            f"A question encoded on {few} (now) against every thread (before), same process, in a round of its own after the one above:",
            "",
            "| index | question encoded on | hybrid p50/p95 ms | ask (rerank off) p50/p95 ms "
            "| floor p50/p95 ms | hybrid / floor p50 |",
            "|---|---|---|---|---|---|",
            f"| {res.label} | every thread | {_ms(lat['hybrid-all-threads'])} "
            f"| {_ms(lat['ask-hybrid-all-threads'])} | {_ms(lat['floor-all-threads'])} "
            f"| {_ratio(lat['hybrid-all-threads'], lat['floor-all-threads'])} |",
            f"| {res.label} | {few} | {_ms(lat['hybrid-one-thread'])} "
            f"| {_ms(lat['ask-hybrid-one-thread'])} | {_ms(lat['floor-one-thread'])} "
            f"| {_ratio(lat['hybrid-one-thread'], lat['floor-one-thread'])} |",
        ]
    return "\n".join(lines)


# -- output ---------------------------------------------------------------------------------
def _ms(lat: Latency) -> str:
    return f"{lat.p50_ms:.1f} / {lat.p95_ms:.1f}"


def format_tables(results: list[ScaleResult], check: EmbeddingCheck | None, meta: dict) -> str:
    lines = [
        f"device: {meta['device']}, {meta['cpus']} CPU cores, {meta['queries']} queries, "
        f"k={K}, HNSW_THRESHOLD={meta['hnsw_threshold']:,}",
        "",
        "| scale | passages | index | build s | embed passages/s | build RSS MB | query RSS MB "
        "| disk MB | lexical p50/p95 ms | dense p50/p95 ms | hybrid p50/p95 ms "
        "| rerank p50/p95 ms | ask (rerank) p50/p95 ms | floor p50/p95 ms | hybrid / floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b, q = r.build, r.query
        build_s = f"{b.build_s:,.1f}" + (" (est.)" if b.build_estimated else "")
        rate = f"{b.embed_rate:.1f}" + (f" (sample {b.embedded:,})" if b.build_estimated else "")
        ratio = q.latency["hybrid"].p50_ms / q.floor.p50_ms if q.floor.p50_ms else 0.0
        lines.append(
            f"| {b.scale}x | {b.passages:,} | {b.index_type} | {build_s} | {rate} "
            f"| {b.peak_rss_mb:,.0f} | {q.peak_rss_mb:,.0f} | {b.disk_mb:,.0f} "
            f"| {_ms(q.latency['lexical'])} | {_ms(q.latency['dense'])} "
            f"| {_ms(q.latency['hybrid'])} | {_ms(q.latency['rerank'])} "
            f"| {_ms(q.latency['ask'])} | {_ms(q.floor)} | {ratio:.2f}x |"
        )
    lines += ["", "Floor = encode one query + bare FAISS search (k=10) on the same index:"]
    for r in results:
        q = r.query
        lines.append(
            f"- {r.scale}x: encode {_ms(q.encode)} ms, FAISS search {_ms(q.faiss_search)} ms, "
            f"open {q.open_s:.1f} s"
            + (
                f", ask (rerank off) {_ms(q.latency['ask-hybrid'])} ms"
                if "ask-hybrid" in q.latency
                else ""
            )
        )
    if any("lexical-fts5" in r.query.latency for r in results):
        lines += [
            "",
            "Lexical ranking, FTS5 (before) against the in-memory BM25 (after), same index "
            "and process:",
            "",
            "| scale | lexical FTS5 p50/p95 ms | lexical BM25 p50/p95 ms "
            "| hybrid FTS5 p50/p95 ms | hybrid BM25 p50/p95 ms | floor p50/p95 ms |",
            "|---|---|---|---|---|---|",
        ]
        for r in results:
            lat = r.query.latency
            if "lexical-fts5" in lat:
                lines.append(
                    f"| {r.scale}x | {_ms(lat['lexical-fts5'])} | {_ms(lat['lexical'])} "
                    f"| {_ms(lat['hybrid-fts5'])} | {_ms(lat['hybrid'])} | {_ms(r.query.floor)} |"
                )
    compares = [r for r in results if r.compare]
    if compares:
        c0 = compares[0].compare.hnsw_params
        lines += [
            "",
            f"FAISS flat vs HNSW (M={c0['M']}, efConstruction={c0['efConstruction']}, "
            f"efSearch={c0['efSearch']}), one query at a time:",
            "",
            "| scale | vectors | flat build s | HNSW build s | flat query p50/p95 ms "
            "| HNSW query p50/p95 ms | HNSW recall@10 | recall@10 by efSearch |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in compares:
            c = r.compare
            sweep = ", ".join(f"{ef}: {v:.3f}" for ef, v in c.recall_by_ef.items())
            lines.append(
                f"| {r.scale}x | {c.n:,} | {c.flat_build_s:.1f} | {c.hnsw_build_s:.1f} "
                f"| {_ms(c.flat_query)} | {_ms(c.hnsw_query)} | {c.recall_at_10:.3f} | {sweep} |"
            )
    if check:
        lines += [
            "",
            f"Embedding, 1x ({check.passages} passages, {check.device}): build pipeline "
            f"{check.pipeline_rate:.1f}/s, bare SentenceTransformer.encode {check.bare_rate:.1f}/s, "
            f"bare/pipeline = {check.ratio:.2f}x (build encoder: {check.encoder})",
        ]
        for name, e in check.encoders.items():
            extra = (
                f", {e['vs_torch']:.2f}x torch, cosine to torch min {e['cos_min']:.4f} "
                f"mean {e['cos_mean']:.4f}"
                if "vs_torch" in e
                else ""
            )
            lines.append(f"- bare encoder {name}: {e['rate']:.1f} passages/s{extra}")
    bad = [r.scale for r in results if not r.chosen_type_ok]
    lines.append(
        "Index type by size: "
        + ("as documented" if not bad else f"WRONG at {', '.join(f'{s}x' for s in bad)}")
        + f" (hnsw at >= {meta['hnsw_threshold']:,} vectors)"
    )
    return "\n".join(lines)


# -- command line ---------------------------------------------------------------------------
def check_device(device: str) -> str | None:
    """None when the device can be used; else one line saying what to do."""
    if device != "cuda":
        return None
    import torch

    if not torch.cuda.is_available():
        return (
            f"--device cuda: PyTorch {torch.__version__} sees no CUDA device "
            "(CPU-only build or no NVIDIA GPU) - run on a GPU machine with a CUDA build of "
            "torch, or use --device cpu"
        )
    return None


def parse_args(argv):
    from indexer.embedder import DEFAULT_ENCODER, ENCODERS

    p = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.split("\n")[0])
    p.add_argument("--scales", type=int, nargs="+", default=[1, 100, 1000])
    p.add_argument(
        "--queries", type=int, default=50, help="questions taken from each questions file"
    )
    p.add_argument(
        "--questions",
        type=Path,
        nargs="+",
        default=None,
        help="question files (default: eval/questions.jsonl; with --index, "
        "eval/questions_national.jsonl and eval/questions.jsonl)",
    )
    p.add_argument(
        "--index",
        type=Path,
        default=None,
        help="time the query phase on this existing index (built elsewhere) instead of the scales",
    )
    p.add_argument("--label", default=None, help="the --index row's name (default: its folder)")
    p.add_argument(
        "--no-bm25",
        action="store_true",
        help="with --index: time an index without bm25.npz only as it is (FTS5)",
    )
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument(
        "--encoder",
        choices=ENCODERS,
        default=None,
        help=f"encoder for the builds (default: OFSTED_QA_ENCODER, else {DEFAULT_ENCODER} on the "
        "CPU and torch on cuda); cuda needs torch",
    )
    p.add_argument(
        "--compare-encoders",
        action="store_true",
        help="also time torch, onnx and onnx-int8 bare on the 1x texts, one process",
    )
    p.add_argument("--embed-all", action="store_true", help="embed every synthetic passage")
    p.add_argument("--sample", type=int, default=1000, help="passages embedded to time the rate")
    p.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    p.add_argument("--workdir", type=Path, default=None, help="where indexes go (default: tmp)")
    p.add_argument("--keep", action="store_true", help="keep the built indexes")
    p.add_argument("--json", type=Path, default=None, help="write every number here")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    problem = check_device(args.device)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if any(s < 1 for s in args.scales) or args.queries < 1:
        print("--scales and --queries take whole numbers of 1 or more", file=sys.stderr)
        return 2
    from indexer import store
    from indexer.embedder import ENCODER_ENV, default_encoder

    if args.encoder:  # children inherit it
        os.environ[ENCODER_ENV] = args.encoder
    if args.device != "cpu" and default_encoder(args.device) != "torch":
        print("--device cuda runs the torch encoder; use --encoder torch", file=sys.stderr)
        return 2
    if args.index is not None:
        return _main_index(args, argv)
    questions = load_questions(args.queries, args.questions)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="ofsted-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    real_index = work / "index-1x"
    scales = sorted(set(args.scales) | {1}) if max(args.scales) > 1 else [1]
    keep = args.keep
    args.keep = True  # the 1x index is the source of the synthetic ones
    meta = {
        "date": date.today().isoformat(),
        "device": args.device,
        "cpus": os.cpu_count(),
        "queries": len(questions),
        "hnsw_threshold": store.HNSW_THRESHOLD,
        "embed_all": args.embed_all,
        "encoder": os.environ.get(ENCODER_ENV, "torch"),
        "command": "python -m eval.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    results, check = [], None
    try:
        for scale in scales:
            result, c = run_scale(scale, args, work, real_index, questions)
            args.keep = keep
            check = check or c
            if scale in args.scales:
                results.append(result)
            # Partial results survive a long run that is stopped at a bigger scale.
            print(format_tables(results, check, meta), file=sys.stderr, flush=True)
            _write_json(args.json, meta, check, results)
    finally:
        if not keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(format_tables(results, check, meta))
    return 0


def _main_index(args, argv) -> int:
    from indexer import store

    try:
        store.validate(args.index)
    except store.IndexProblem as exc:
        print(f"--index: {exc}", file=sys.stderr)
        return 2
    paths = args.questions or [
        ROOT / "eval" / "questions_national.jsonl",
        ROOT / "eval" / "questions.jsonl",
    ]
    questions = load_questions(args.queries, paths)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="ofsted-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    meta = {
        "date": date.today().isoformat(),
        "device": args.device,
        "cpus": os.cpu_count(),
        "queries": len(questions),
        "question_files": [str(p) for p in paths],
        "load_average": os.getloadavg(),
        "command": "python -m eval.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    try:
        result = run_index(args, work, questions)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    meta["load_average_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(
            json.dumps({"meta": meta, "index": asdict(result)}, indent=2), encoding="utf-8"
        )
    print(format_index(result, meta))
    print(
        "load average before/after: "
        + " / ".join(
            ", ".join(f"{x:.2f}" for x in meta[k]) for k in ("load_average", "load_average_after")
        )
    )
    return 0


def _write_json(path: Path | None, meta: dict, check, results: list[ScaleResult]) -> None:
    if path:
        data = {"meta": meta, "embedding": asdict(check) if check else None}
        data["scales"] = [asdict(r) for r in results]
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
