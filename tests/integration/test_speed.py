"""The ONNX encoder, the in-memory BM25 and incremental builds (real model, FAISS,
SQLite). Speed itself is measured by `python -m eval.bench`, not asserted here. The pure
parts (tokens, the matrix, the parse pool and its cache) are in tests/unit/test_speed.py."""

from __future__ import annotations

import shutil
import sqlite3

import numpy as np
import pytest
from tqdm import tqdm

from indexer import build_index, store
from indexer.embedder import DEFAULT_MODEL, Embedder
from indexer.parse.loaders import MAX_FILE_BYTES
from indexer.parse.pool import cache_dir_for, parse_corpus
from indexer.store.bm25 import BM25_FILE, BM25Index, tokens
from retriever import Retriever
from tests.conftest import CORPUS

QUESTIONS = [
    "What did Ofsted say about care leaver accommodation?",
    "how is the LADO service doing in Staffordshire?",
    "workforce stability and caseloads of social workers",
    "private fostering arrangements",
    "children missing from home or care and return home interviews",
    "quality of supervision and management oversight",
    "disabled children's services",
    "the methodology and technology used by the local authority",
]


@pytest.fixture(scope="module")
def sqlite_retriever(index_dir):
    """The session's SQLite/FAISS index (the in-memory BM25 is that store's)."""
    return Retriever.open(index_dir)


def _lexical(r, question, n, filters=None):
    return r.ranker.ranked(question, "lexical", filters, n)


# -- encoders -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_texts(sqlite_retriever) -> list[str]:
    rows = sqlite_retriever.reader.passage_rows()[:120]
    return [r["text"] for r in rows] + QUESTIONS


@pytest.mark.parametrize(
    ("encoder", "min_cos", "mean_cos"), [("onnx", 0.9999, 0.9999), ("onnx-int8", 0.95, 0.985)]
)
def test_onnx_vectors_agree_with_torch(sample_texts, encoder, min_cos, mean_cos):
    # Measured on the shipped corpus: fp32 min 0.99999; int8 min 0.985, mean 0.994.
    torch_vectors = Embedder(DEFAULT_MODEL).encode(sample_texts)
    onnx = Embedder(f"{DEFAULT_MODEL}+{encoder}")
    assert onnx.dim == torch_vectors.shape[1]
    vectors = onnx.encode(sample_texts)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    cos = (vectors * torch_vectors).sum(axis=1)
    assert cos.min() >= min_cos
    assert cos.mean() >= mean_cos


def test_int8_encoder_runs_the_fused_graph():
    """The int8 file is the encoder fused into ONNX Runtime's BERT kernels before it is
    quantized: unfused, int8 gained 1.1x over torch instead of 1.3x (docs/performance.md)."""
    import onnx

    from indexer.embedder import resolve_model
    from indexer.onnx_encoder import onnx_path

    model = onnx.load(str(onnx_path(resolve_model(DEFAULT_MODEL)[1], quantized=True)))
    ops = {node.op_type for node in model.graph.node}
    assert {"QAttention", "SkipLayerNormalization", "BiasGelu"} <= ops
    assert "DynamicQuantizeMatMul" in ops or "MatMulInteger" in ops
    assert "Softmax" not in ops  # attention is one kernel, not a chain of small ops


def test_manifest_names_the_encoder_and_vectors_never_mix(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "southend-2024-10-ilacs.md", corpus)
    index = tmp_path / "index"
    first = build_index(corpus, index, model=DEFAULT_MODEL, progress=False)
    assert store.Manifest.read(index).model == DEFAULT_MODEL
    second = build_index(corpus, index, model=f"{DEFAULT_MODEL}+onnx-int8", progress=False)
    manifest = store.Manifest.read(index)
    assert manifest.model == f"{DEFAULT_MODEL}+onnx-int8"
    assert second.reused == 0 and second.embedded == first.embedded  # nothing borrowed
    r = Retriever.open(index)
    assert r.embedder.model_id == manifest.model  # questions encoded as the passages were
    assert r.search("care leavers accommodation", k=3, mode="dense")


# -- BM25 -----------------------------------------------------------------------------------
def test_tokens_match_the_fts5_porter_tokenizer(index_dir):
    conn = sqlite3.connect(str(index_dir / store.DB_FILE))
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, passages_fts, 'row')")
    fts = {term: docs for term, docs in conn.execute("SELECT term, doc FROM temp.vocab")}
    ours: dict[str, int] = {}
    for text, context in conn.execute("SELECT text, context FROM passages_fts"):
        for term in set(tokens(text)) | set(tokens(context)):
            ours[term] = ours.get(term, 0) + 1
    conn.close()
    assert ours == fts


def _fts5_ranking(r, question, n, filters=None):
    """The same question ranked through FTS5, as an index without bm25.npz is."""
    bm25, r.reader.bm25_index = r.reader.bm25_index, None
    frequencies = dict(r.frequencies._seen)
    r.frequencies._seen.clear()
    try:
        return _lexical(r, question, n, filters)
    finally:
        r.reader.bm25_index = bm25
        r.frequencies._seen.clear()
        r.frequencies._seen.update(frequencies)


def test_bm25_ranks_as_fts5_did(sqlite_retriever):
    r = sqlite_retriever
    assert (r.index_dir / BM25_FILE).exists()
    assert BM25_FILE in r.manifest.checksums
    assert r.reader.bm25_index is not None
    for question in QUESTIONS:
        ours = _lexical(r, question, 10)
        fts = _fts5_ranking(r, question, 10)
        assert [x for x, _ in ours] == [x for x, _ in fts], question
        assert np.allclose([s for _, s in ours], [s for _, s in fts], rtol=1e-5)


@pytest.mark.parametrize(
    "filters",
    [
        {"authority": "Staffordshire"},
        {"year": 2023},
        {"kind": "ilacs_report"},
        {"authority": ["Leeds", "Kent"], "year": "2017-2025"},
    ],
)
def test_bm25_filters_are_exact(sqlite_retriever, filters):
    r = sqlite_retriever
    allowed = set(r.catalogue.allowed_rowids(r.catalogue.resolve(filters)).tolist())
    assert allowed
    question = "care leavers accommodation housing"
    terms = r.ranker.lexical.distinctive(["care", "leavers", "accommodation", "housing"])
    everything = r.reader.bm25_index.search(terms, r.reader.bm25_index.n_rows)
    expected = [(x, s) for x, s in everything if x in allowed][:10]
    got = _lexical(r, question, 10, filters)
    assert [x for x, _ in got] == [x for x, _ in expected]
    assert all(x in allowed for x, _ in got)


def test_document_frequencies_agree_with_fts5(sqlite_retriever):
    r = sqlite_retriever
    bm25 = r.reader.bm25_index
    words = ["care", "leavers", "fostering", "lado", "supervision", "zzqxnotaword"]
    ours = [r.reader.document_frequency(w) for w in words]
    r.reader.bm25_index = None
    try:
        fts = [r.reader.document_frequency(w) for w in words]
    finally:
        r.reader.bm25_index = bm25
    assert ours == fts


def test_bm25_index_round_trip_and_unknown_words(sqlite_retriever):
    bm25 = BM25Index.open(sqlite_retriever.index_dir)
    assert bm25.search(["zzqxnotaword"], 10) == []
    assert bm25.search(["care"], 10, allowed=np.zeros(0, dtype="int64")) == []
    hits = bm25.search(["fostering"], 5)
    assert hits and all(s > 0 for _, s in hits)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_index_without_bm25_file_falls_back_to_fts5(tmp_path, index_dir):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    (copy / BM25_FILE).unlink()
    manifest = store.Manifest.read(copy)
    checksums = {k: v for k, v in manifest.checksums.items() if k != BM25_FILE}
    store.Manifest(**{**manifest.__dict__, "checksums": checksums}).write(copy)
    r = Retriever.open(copy)
    assert r.reader.bm25_index is None
    assert _lexical(r, QUESTIONS[0], 10)
    assert r.search(QUESTIONS[0], k=3, mode="hybrid", filters={"authority": "Leeds"})


def test_a_changed_bm25_file_is_caught_by_the_checksum(tmp_path, index_dir):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    with (copy / BM25_FILE).open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(store.IndexProblem, match="bm25.npz"):
        Retriever.open(copy)


def test_postgres_keeps_its_own_lexical_ranking(index_location):
    r = Retriever.open(index_location)
    if store.folder_of(index_location) is None:
        assert not r.reader.has_bm25_matrix()
    assert _lexical(r, QUESTIONS[0], 10)


# -- incremental builds -------------------------------------------------------------------
def _vectors_by_passage(index_dir):
    reader = store.Reader.open(index_dir)
    try:
        rows = reader.passage_rows()
        return {r["passage_id"]: reader.vectors([r["rowid"]])[0] for r in rows}
    finally:
        reader.close()


def test_adding_one_report_embeds_only_that_report(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("southend-2024-10-ilacs.md", "staffordshire-2019-ilacs-summary.md"):
        shutil.copy(CORPUS / name, corpus / name)
    index = tmp_path / "index"
    first = build_index(corpus, index, progress=False)
    before = _vectors_by_passage(index)
    shutil.copy(CORPUS / "cheshire-east-2020-01-cabinet-ofsted.txt", corpus)
    second = build_index(corpus, index, progress=False)
    added = second.passages_per_doc["cheshire-east-2020-01-cabinet-ofsted"]
    assert second.passages == first.passages + added
    assert 0 < second.embedded <= added
    assert second.reused == first.passages + added - second.embedded
    after = _vectors_by_passage(index)
    for pid, vector in before.items():
        assert np.array_equal(after[pid], vector), pid
    # The other two files came from the parse cache, not the parser.
    files = sorted(p for p in corpus.iterdir())
    parsed = list(parse_corpus(files, corpus, {}, MAX_FILE_BYTES, cache_dir_for(index)))
    assert parsed and all(p.cached for p in parsed)
    # The cache sits beside the index, never in the corpus.
    assert cache_dir_for(index).parent == tmp_path
    assert not any(p.name.endswith(".parsed") for p in corpus.rglob("*"))


def test_progress_is_heard_in_order_with_the_pipeline(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "southend-2024-10-ilacs.md", corpus)
    shutil.copy(CORPUS / "staffordshire-2019-ilacs-summary.md", corpus)
    heard: list[tuple[str, int, int]] = []
    build_index(corpus, tmp_path / "index", progress=False, on_progress=lambda *a: heard.append(a))
    stages = [s for s, _, _ in heard]
    assert stages[0] == "Reading" and stages[-1] == "Embedding"
    assert stages == sorted(stages, key=["Reading", "Embedding"].index)  # never back
    embedding = [(d, t) for s, d, t in heard if s == "Embedding"]
    assert embedding[-1][0] == embedding[-1][1]


class _ThreadRecorder:
    """The real embedder, noting which thread each call to encode ran on."""

    def __init__(self, inner, fail_on_call: int | None = None):
        self.inner, self.threads, self.fail_on_call = inner, [], fail_on_call

    def encode(self, texts, **kwargs):
        import threading

        self.threads.append(threading.current_thread().name)
        if self.fail_on_call is not None and len(self.threads) >= self.fail_on_call:
            raise RuntimeError("encoder ran out of memory")
        return self.inner.encode(texts, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (
        "southend-2024-10-ilacs.md",
        "staffordshire-2019-ilacs-summary.md",
        "leeds-2025-08-ilacs.pdf",
    ):
        shutil.copy(CORPUS / name, corpus)
    return corpus


def test_the_encoder_takes_small_batches_on_the_cpu(monkeypatch):
    """Small batches keep a CPU's activations in cache (docs/performance.md)."""
    from indexer.embedder import CPU_BATCH

    embedder = Embedder(DEFAULT_MODEL, device="cpu")
    asked: list[int] = []
    real = embedder._model.encode

    def recording(texts, batch_size, **kwargs):
        asked.append(batch_size)
        return real(texts, batch_size=batch_size, **kwargs)

    monkeypatch.setattr(embedder._model, "encode", recording)
    vectors = embedder.encode(QUESTIONS * 5)
    assert vectors.shape[0] == len(QUESTIONS) * 5
    assert asked == [CPU_BATCH] and CPU_BATCH < 32


def _vectors(index_dir):
    reader = store.open_reader(index_dir)
    try:
        index = reader.search_index()
        return np.vstack([index.reconstruct(i) for i in range(index.ntotal)])
    finally:
        reader.close()


def test_the_encoder_embeds_in_its_own_thread_and_gives_the_serial_vectors(tmp_path, monkeypatch):
    import indexer.build as build_module

    corpus = _small_corpus(tmp_path)
    embedder = Embedder(DEFAULT_MODEL)
    monkeypatch.setattr(build_module, "PIPELINE_WINDOW", 16)
    recorder = _ThreadRecorder(embedder)
    build_index(corpus, tmp_path / "piped", embedder=recorder, progress=False, cache=False)
    assert any(name.startswith("embed") for name in recorder.threads)
    monkeypatch.setattr(build_module, "PIPELINE_WINDOW", 10**9)  # everything after reading
    recorder = _ThreadRecorder(embedder)
    build_index(corpus, tmp_path / "serial", embedder=recorder, progress=False, cache=False)
    assert not any(name.startswith("embed") for name in recorder.threads)
    piped, serial = _vectors(tmp_path / "piped"), _vectors(tmp_path / "serial")
    assert piped.shape == serial.shape and np.allclose(piped, serial, atol=1e-5)


class _ThreadCountRecorder(_ThreadRecorder):
    """The real embedder, noting the thread count each call to encode was given."""

    def __init__(self, inner):
        super().__init__(inner)
        self.counts: list[int | None] = []

    def encode(self, texts, **kwargs):
        self.counts.append(kwargs.get("threads"))
        return super().encode(texts, **kwargs)


def test_the_encoder_keeps_to_the_cores_the_parse_workers_leave_until_they_are_done(
    tmp_path, monkeypatch
):
    import threading

    import indexer.build as build_module
    from indexer.parse.pool import cores_beside, default_workers

    real_parse = build_module.parse_corpus

    def parse_said_done_at_the_end(*args):
        """The real pool, whose 'all parsed' is heard only once the build took every file, so
        every window handed over while reading is embedded beside the workers."""
        *rest, said = args
        yield from real_parse(*rest, threading.Event())
        said.set()

    monkeypatch.setattr(build_module, "parse_corpus", parse_said_done_at_the_end)
    monkeypatch.setattr(build_module, "PIPELINE_WINDOW", 16)
    inner = Embedder(DEFAULT_MODEL)
    released = []
    monkeypatch.setattr(
        inner, "release_thread_limits", lambda: released.append(len(recorder.counts))
    )
    recorder = _ThreadCountRecorder(inner)
    corpus = _small_corpus(tmp_path)
    build_index(corpus, tmp_path / "index", embedder=recorder, progress=False, cache=False)
    beside, counts = cores_beside(default_workers()), recorder.counts
    assert recorder.threads[0].startswith("embed") and counts[0] == beside
    every_core = counts.index(None)  # from when the parse was done; never back
    assert set(counts[:every_core]) == {beside} and set(counts[every_core:]) == {None}
    assert released == [every_core]  # once, as the first batch on every core starts


@pytest.mark.parametrize("encoder", ["torch", "onnx-int8"])
def test_an_encoder_held_to_one_thread_gives_the_same_vectors(sample_texts, encoder):
    import torch

    name = DEFAULT_MODEL if encoder == "torch" else f"{DEFAULT_MODEL}+{encoder}"
    embedder = Embedder(name, device="cpu")
    threads = torch.get_num_threads()
    every = embedder.encode(sample_texts[:40])
    one = embedder.encode(sample_texts[:40], threads=1)
    assert np.allclose(every, one, atol=1e-5)
    assert torch.get_num_threads() == threads  # given back
    if encoder != "torch":
        sessions = embedder._model._sessions
        assert sessions[1].get_session_options().intra_op_num_threads == 1
        embedder.release_thread_limits()  # its memory arena goes with it
        assert embedder._model._sessions == {None: sessions[None]}
        assert np.allclose(embedder.encode(sample_texts[:40]), every, atol=1e-5)


# Short in characters but long in tokens (figures, initials), and the other way round.
_UNEVEN = [
    "1.2.3 4.5.6 7.8.9 10.11 12.13 14.15 16.17 18.19 20.21 22.23",
    "Safeguarding arrangements are effective and proportionate throughout",
    "A.B.C. D.E.F. G.H.I. J.K.L. M.N.O.",
    "Leaders understand strengths",
    "Children",
] * 8


@pytest.mark.parametrize("encoder", ["torch", "onnx-int8"])
def test_the_build_batches_texts_by_their_length_in_tokens(monkeypatch, encoder):
    """Batches by characters were 12% padding on the national reports (docs/performance.md)."""
    import indexer.build as build_module

    name = DEFAULT_MODEL if encoder == "torch" else f"{DEFAULT_MODEL}+{encoder}"
    embedder = Embedder(name, device="cpu")
    counts = dict(zip(_UNEVEN, embedder.token_counts(_UNEVEN)))
    assert counts[_UNEVEN[0]] > counts[_UNEVEN[1]] and len(_UNEVEN[0]) < len(_UNEVEN[1])
    monkeypatch.setattr(build_module, "EMBED_BATCH", 8)
    recorder = _ThreadRecorder(embedder)
    calls: list[list[str]] = []
    real = recorder.encode
    monkeypatch.setattr(
        recorder, "encode", lambda texts, **kw: calls.append(texts) or real(texts, **kw)
    )
    fresh: dict = {}
    queue = {str(i): text for i, text in enumerate(_UNEVEN)}
    build_module._embed_queue(queue, fresh, recorder, bar=tqdm(disable=True))
    seen = [counts[t] for batch in calls for t in batch]
    assert seen == sorted(seen, reverse=True) and len(fresh) == len(_UNEVEN)


def test_the_onnx_encoder_pads_a_batch_only_to_its_longest_text_in_tokens(monkeypatch):
    embedder = Embedder(f"{DEFAULT_MODEL}+onnx-int8", device="cpu")
    onnx = embedder._model
    widths: list[tuple[int, int]] = []
    real = onnx._encode_batch

    def spy(inputs, session=None):
        mask = inputs["attention_mask"]
        widths.append((mask.shape[1], int(mask.sum(axis=1).min())))
        return real(inputs, session)

    monkeypatch.setattr(onnx, "_encode_batch", spy)
    texts = list(dict.fromkeys(_UNEVEN))
    vectors = onnx.encode(texts, batch_size=1)
    alone = np.vstack([onnx.encode([t])[0] for t in texts])
    assert np.allclose(vectors, alone, atol=1e-5)
    assert all(width == shortest for width, shortest in widths[: len(texts)])
    onnx.encode(texts, batch_size=2)
    pairs = widths[2 * len(texts) :]
    longest_first = [w for w, _ in pairs]
    assert longest_first == sorted(longest_first, reverse=True)


def test_an_encoder_failing_in_its_thread_stops_the_build_and_keeps_the_index(
    tmp_path, monkeypatch
):
    import indexer.build as build_module

    corpus = _small_corpus(tmp_path)
    build_index(corpus, tmp_path / "index", progress=False)
    before = store.read_manifest(tmp_path / "index")
    (corpus / "extra.md").write_text("# Extra\n\n1. A new paragraph about care leavers.\n")
    monkeypatch.setattr(build_module, "PIPELINE_WINDOW", 1)
    recorder = _ThreadRecorder(Embedder(DEFAULT_MODEL), fail_on_call=1)
    with pytest.raises(RuntimeError, match="out of memory"):
        build_index(corpus, tmp_path / "index", embedder=recorder, progress=False, cache=False)
    assert store.read_manifest(tmp_path / "index").counts == before.counts


# -- open time --------------------------------------------------------------------------------
def test_preload_loads_the_model_once_in_the_background(index_dir, monkeypatch):
    import threading
    import time

    import retriever.question_model as question_model

    real = question_model.question_embedder
    started = threading.Event()

    def slow(model=None):
        started.set()
        time.sleep(0.3)  # a model that takes a while to load
        return real(model)

    monkeypatch.setattr(question_model, "question_embedder", slow)
    r = Retriever.open(index_dir)
    r.preload()
    thread = r.questions._preload
    r.preload()  # once only
    assert r.questions._preload is thread and started.wait(5)
    hits = r.search(QUESTIONS[0], k=3, mode="hybrid")  # asked while it loads: waits for it
    assert hits
    assert r.wait_for_model() is r.embedder is real(None)
    assert not thread.is_alive()
    assert "warm up the model" not in r.embedder._queries  # not a question: nothing cached
    loaded = Retriever.open(index_dir)
    loaded.wait_for_model()  # without a preload: loads now
    loaded.preload()
    assert loaded.questions._preload is None  # nothing left to load


def test_preload_reads_the_newest_reports_a_topic_question_needs(index_dir):
    from retriever.answer.topic_pool import pool_of
    from retriever.answer.topic_which import newest_reports

    r = Retriever.open(index_dir)
    pool = pool_of(r.sources.passages.reader, r.sources.catalogue.parts)
    newest = set(newest_reports(r.sources, set(r.sources.councils())).values())
    r.wait_for_topics()  # without a preload: nothing to wait for, nothing read
    assert newest and not pool.reports
    r.preload()
    r.wait_for_topics()
    assert newest <= set(pool.reports)  # the first topic question reads none of them


def test_a_model_that_fails_to_preload_is_reported_by_the_first_question(index_dir, monkeypatch):
    import retriever.question_model as question_model
    from indexer import ModelError

    def broken(model=None):
        raise ModelError("cannot load embedding model 'x': no weights")

    monkeypatch.setattr(question_model, "question_embedder", broken)
    r = Retriever.open(index_dir)
    r.preload()
    r.questions._preload.join(5)
    with pytest.raises(ModelError, match="no weights"):
        r.search(QUESTIONS[0], k=3, mode="hybrid")


def test_a_question_is_encoded_on_one_thread_and_the_build_keeps_them_all():
    import torch

    from indexer import embedder as embedder_module

    e = Embedder(DEFAULT_MODEL, device="cpu")
    threads = torch.get_num_threads()
    seen = []
    real = e._model.encode

    def spy(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return real(*args, **kwargs)

    e._model.encode = spy
    question = QUESTIONS[0]
    vector = e.encode_query(question)
    assert seen == [min(threads, embedder_module.QUERY_THREADS)]
    assert torch.get_num_threads() == threads  # given back
    batch = e.encode([question, QUESTIONS[1]])
    assert seen[-1] == threads
    assert np.allclose(vector, batch[0], atol=1e-5)


def test_a_torch_embedder_on_the_cpu_bounds_its_heap_growth(monkeypatch):
    # Memory itself is measured in docs/performance.md (a build's peak RSS), not asserted here.
    from indexer import embedder as embedder_module

    calls = []
    monkeypatch.setattr(embedder_module, "bound_heap_growth", lambda: calls.append(1) or True)
    Embedder(DEFAULT_MODEL, device="cpu")
    assert calls == [1]
    assert embedder_module.MMAP_THRESHOLD >= 1 << 20
    monkeypatch.undo()
    assert embedder_module.bound_heap_growth()  # glibc here: the threshold is set
