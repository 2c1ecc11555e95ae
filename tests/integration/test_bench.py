"""The benchmark's pure parts: synthetic corpora, noise vectors, recall; and one tiny
synthetic index opened by the real Retriever (the format the benchmark times)."""

from __future__ import annotations

import numpy as np
import pytest

from eval.bench import Latency, check_device, format_tables
from eval.synthetic import (
    AUTHORITIES,
    Source,
    noise_sigma,
    noisy_vectors,
    recall_at_k,
    relabel,
    synthetic_passages,
    write_synthetic_index,
)
from indexer import store


def _source(rowid: int, doc: str, authority: str, text: str) -> Source:
    return Source(
        rowid=rowid,
        passage_id=f"{doc}#ofsted-report/{rowid + 1}",
        doc_id=doc,
        part_slug="ofsted-report",
        kind="ilacs_report",
        when="2023-11-10",
        section="The experiences and progress of care leavers",
        label=str(rowid + 1),
        text=text,
        start=0,
        end=len(text),
        page=None,
        authority=authority,
        title=f"Inspection of {authority} children's services",
    )


SOURCES = [
    _source(
        0,
        "staffs",
        "Staffordshire",
        "Care leavers in Staffordshire live in suitable homes. Personal advisers know them "
        "well and visit often. Staffordshire has too few staying-close places.",
    ),
    _source(1, "staffs", "Staffordshire", "Leaders in Staffordshire know their services well."),
    _source(
        2,
        "southend",
        "Southend-on-Sea",
        "In Southend, children in care are seen regularly by their social workers. Plans "
        "are reviewed on time and reflect what children say.",
    ),
]


def test_synthetic_corpus_has_the_right_count_and_distinct_relabelled_texts():
    scale = 40
    passages = list(synthetic_passages(SOURCES, scale, seed=1))
    assert len(passages) == scale * len(SOURCES)
    assert [p.rowid for p in passages] == list(range(len(passages)))
    originals = [p for p in passages if p.copy == 0]
    assert [p.text for p in originals] == [s.text for s in SOURCES]
    copies = [p for p in passages if p.copy > 0]
    assert len({p.text for p in copies}) == len(copies), "every synthetic passage is distinct"
    assert len({p.passage_id for p in passages}) == len(passages)
    for p in copies:
        assert p.authority in AUTHORITIES
        assert p.authority in p.header and p.authority in p.title
        assert "Staffordshire" not in p.text and "Southend" not in p.text
    assert len({p.authority for p in copies}) > 10


def test_relabel_replaces_official_names_and_aliases_whole_words():
    text = "Southend-on-Sea council. In Southend, leaders act. Southendish is not a place."
    out = relabel(text, "Southend-on-Sea", "Barnsley")
    assert out == "Barnsley council. In Barnsley, leaders act. Southendish is not a place."


def test_noise_gives_about_the_requested_cosine_and_unit_vectors():
    rng = np.random.default_rng(0)
    base = rng.standard_normal((500, 384)).astype("float32")
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    for cosine in (0.95, 0.8):
        noisy = noisy_vectors(base, noise_sigma(cosine, 384), rng)
        assert np.allclose(np.linalg.norm(noisy, axis=1), 1.0, atol=1e-5)
        assert abs(float(np.mean(np.sum(noisy * base, axis=1))) - cosine) < 0.02


def test_recall_at_k_counts_shared_ids_per_query():
    truth = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    assert recall_at_k(truth, truth, k=4) == 1.0
    found = np.array([[1, 2, 9, 9], [8, 7, 6, 5]])
    assert recall_at_k(truth, found, k=4) == pytest.approx((0.5 + 1.0) / 2)
    assert recall_at_k(truth, found, k=2) == pytest.approx((1.0 + 0.0) / 2)


def test_latency_percentiles_and_the_table_labels_estimates():
    lat = Latency.of([float(x) for x in range(1, 101)])
    assert lat.p50_ms == pytest.approx(50.5) and lat.p95_ms == pytest.approx(95.05)
    assert check_device("cpu") is None


def test_cuda_request_without_cuda_is_a_clear_message():
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    message = check_device("cuda")
    assert message and "--device cuda" in message and "--device cpu" in message


def test_synthetic_index_is_a_product_index_the_retriever_searches(index_dir, tmp_path):
    from retriever import Retriever

    out = tmp_path / "synthetic"
    real = store.Manifest.read(index_dir).counts["passages"]
    result = write_synthetic_index(index_dir, out, 2, sample=0, progress=False)
    manifest = store.validate(out)
    assert manifest.counts["passages"] == result.passages == 2 * real
    assert manifest.index_type == result.index_type
    assert result.index_type == ("hnsw" if 2 * real >= store.HNSW_THRESHOLD else "flat")
    r = Retriever.open(out)
    assert store.BM25_FILE in manifest.checksums  # the BM25 matrix at every scale
    assert r.reader.bm25_index is not None
    hits = r.search("care leaver accommodation", k=10, mode="lexical")
    assert hits and {h.document["authority"] for h in hits} & set(AUTHORITIES)
    table = format_tables([], None, _meta())
    assert "HNSW_THRESHOLD" in table


def _meta() -> dict:
    return {"device": "cpu", "cpus": 2, "queries": 1, "hnsw_threshold": store.HNSW_THRESHOLD}


def test_an_index_without_bm25_gets_the_matrix_its_build_would_write(tmp_path, index_dir):
    from eval.bench import with_bm25
    from indexer.store.bm25 import BM25Index
    from retriever import Retriever

    old = tmp_path / "old"  # an index as built before bm25.npz
    old.mkdir()
    for name in (store.DB_FILE, store.VECTORS_FILE):
        (old / name).write_bytes((index_dir / name).read_bytes())
    manifest = store.Manifest.read(index_dir)
    checksums = {k: v for k, v in manifest.checksums.items() if k != store.BM25_FILE}
    store.Manifest(**{**manifest.__dict__, "checksums": checksums}).write(old)
    before = {p.name: p.stat().st_mtime_ns for p in old.iterdir()}

    out = tmp_path / "with-bm25"
    assert with_bm25(str(old), str(out)) > 0
    assert {p.name: p.stat().st_mtime_ns for p in old.iterdir()} == before  # only read
    assert store.BM25_FILE in store.validate(out).checksums
    built, made = BM25Index.open(index_dir), BM25Index.open(out)
    assert made.n_rows == built.n_rows and made.n_docs == built.n_docs
    for words in (["care", "leavers"], ["fostering"], ["lado", "allegations"]):
        assert made.search(words, 10) == built.search(words, 10)
    r = Retriever.open(out)
    assert r.reader.bm25_index is not None
    assert r.search("care leaver accommodation", k=3, mode="lexical")


def test_questions_come_from_each_file_without_repeats(tmp_path):
    from eval.bench import load_questions

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"question": "one"}\n\n{"question": "two"}\n{"question": "three"}\n')
    b.write_text('{"question": "two"}\n{"question": "four"}\n')
    assert load_questions(2, [a, b]) == ["one", "two", "four"]
    assert load_questions(5, [a]) == ["one", "two", "three"]


def test_the_index_table_puts_every_mode_beside_the_floor():
    from eval.bench import IndexResult, QueryResult, format_index

    lat = {
        m: Latency(p50, p95)
        for m, p50, p95 in [
            ("lexical", 2.0, 4.0),
            ("dense", 11.0, 14.0),
            ("hybrid", 13.0, 30.0),
            ("rerank", 14.0, 31.0),
            ("ask", 40.0, 90.0),
            ("ask-hybrid", 30.0, 60.0),
            ("lexical-fts5", 30.0, 60.0),
            ("hybrid-fts5", 45.0, 80.0),
            ("ask-hybrid-fts5", 60.0, 120.0),
            ("hybrid-all-threads", 300.0, 700.0),
            ("ask-hybrid-all-threads", 200.0, 600.0),
            ("floor-all-threads", 250.0, 650.0),
            ("hybrid-one-thread", 33.0, 50.0),
            ("ask-hybrid-one-thread", 25.0, 55.0),
            ("floor-one-thread", 30.0, 60.0),
        ]
    }
    query = QueryResult(0.5, lat, Latency(10.0, 15.0), Latency(9.0, 13.0), Latency(1.0, 2.0), 600)
    res = IndexResult("national", "national-index", 45552, 470, "hnsw", "added", 19.0, query)
    table = format_index(res, {"device": "cpu", "cpus": 2, "queries": 98})
    row = next(line for line in table.splitlines() if line.startswith("| national | 45,552"))
    assert row.endswith("| 10.0 / 15.0 | 1.30x | 2.00x |")  # hybrid / floor, p50 and p95
    assert "30.0 / 60.0 | 40.0 / 90.0" in row  # ask with rerank off, then on
    assert "| national | FTS5 | 30.0 / 60.0 | 45.0 / 80.0 | 60.0 / 120.0 | 4.50x | 5.33x |" in table
    assert "made from its FTS5 rows in 19.0 s" in table
    assert (
        "| national | every thread | 300.0 / 700.0 | 200.0 / 600.0 | 250.0 / 650.0 | 1.20x |"
        in table
    )
    assert "| national | one thread | 33.0 / 50.0 | 25.0 / 55.0 | 30.0 / 60.0 | 1.10x |" in table


def test_the_build_phase_builds_through_the_recording_embedder(tmp_path):
    """The 1x phase builds the real corpus through a wrapper that keeps the texts; the
    build reads the embedder's runtime and encoder (the ONNX export for questions)."""
    from eval.bench import RecordingEmbedder
    from indexer import build_index
    from indexer.embedder import shared_embedder
    from tests.conftest import CORPUS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "southend-2024-10-ilacs.md").write_bytes(
        (CORPUS / "southend-2024-10-ilacs.md").read_bytes()
    )
    recorder = RecordingEmbedder(shared_embedder())
    report = build_index(corpus, tmp_path / "index", embedder=recorder, progress=False)
    assert recorder.runtime == shared_embedder().runtime
    assert report.embedded == len(recorder.texts) > 0
