"""The fast build's pure parts: FTS5-identical tokens and BM25 scores (against SQLite's own
FTS5), exact filters on the matrix, encoder names, the parse pool and its cache. No model."""

from __future__ import annotations

import shutil
import sqlite3

import numpy as np
import pytest

from indexer.embedder import resolve_model, split_encoder, with_encoder
from indexer.parse.pool import CACHE_TAG, cache_dir_for, open_cache, parse_corpus
from indexer.store.bm25 import BM25_FILE, BM25Builder, BM25Index, tokens
from tests.conftest import CORPUS

PASSAGES = [
    ("Care leavers live in suitable accommodation; café staff help.", "Leeds | Ofsted report"),
    ("Caseloads are high and workforce stability is fragile.", "Kent | Ofsted report"),
    ("Private fostering arrangements are assessed promptly. Psychology.", "Kent | Plan"),
    ("The methodology and technology were probably inadequate.", "Leeds | Cabinet report"),
    ("Children missing from care receive return home interviews.", "Leeds | Ofsted report"),
    ("Care, care and more care: naïve résumé of caring carers.", "Staffordshire | Focused visit"),
]


def _fts(rows):
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(text, context, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    conn.executemany("INSERT INTO f(rowid, text, context) VALUES (?,?,?)", rows)
    return conn


@pytest.fixture
def toy(tmp_path):
    rows = [(i * 2, t, c) for i, (t, c) in enumerate(PASSAGES)]  # gaps: duplicates' rowids
    builder = BM25Builder()
    builder.add_many(rows)
    builder.write(tmp_path / BM25_FILE, 2 * len(rows))
    return BM25Index.open(tmp_path), _fts(rows), rows


def test_tokens_are_fts5s(toy):
    _, conn, rows = toy
    conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, f, 'row')")
    fts = {term: docs for term, docs in conn.execute("SELECT term, doc FROM temp.v")}
    ours: dict[str, int] = {}
    for _, text, context in rows:
        for term in set(tokens(text)) | set(tokens(context)):
            ours[term] = ours.get(term, 0) + 1
    assert ours == fts


@pytest.mark.parametrize(
    "words", [["care"], ["care", "leavers"], ["kent", "fostering", "psychology"]]
)
def test_scores_are_fts5s_bm25(toy, words):
    bm25, conn, _ = toy
    match = " OR ".join(f'"{w}"' for w in words)
    fts = conn.execute(
        "SELECT rowid, -bm25(f, 1.0, 0.6) FROM f WHERE f MATCH ? ORDER BY bm25(f, 1.0, 0.6)",
        (match,),
    ).fetchall()
    ours = bm25.search(words, 10)
    assert [r for r, _ in ours] == [r for r, _ in fts]
    assert np.allclose([s for _, s in ours], [s for _, s in fts], rtol=1e-5)


def test_filters_are_exact_and_unknown_words_find_nothing(toy):
    bm25, conn, _ = toy
    everything = bm25.search(["care"], 100)
    allowed = np.array([2, 10, 11, 999], dtype="int64")  # out-of-range rowids are ignored
    assert bm25.search(["care"], 100, allowed) == [(r, s) for r, s in everything if r in (2, 10)]
    assert bm25.search(["care"], 10, np.zeros(0, dtype="int64")) == []
    assert bm25.search(["zzqxnotaword"], 10) == []
    assert bm25.search(["care"], 0) == []
    for word in ("care", "kent", "report", "fostering", "zzqxnotaword"):  # the text field only
        fts = conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", (f'text:"{word}"',))
        assert bm25.text_frequency(word) == fts.fetchone()[0], word
    assert bm25.text_frequency("report") == 0


@pytest.mark.parametrize("allowed_size", [3, 40, 400, 2_000])
def test_a_filter_scores_exactly_what_the_unfiltered_ranking_gives_its_passages(
    tmp_path, allowed_size
):
    """A filtered search merges each term's postings with the allowed rowids from the
    shorter side; whichever side that is, it gives the scores of the whole ranking."""
    rng = np.random.default_rng(allowed_size)
    words = ["care", "leavers", "fostering", "court", "neglect", "housing"]
    builder = BM25Builder()
    n_rows = 3_000
    for rowid in rng.choice(n_rows, size=2_400, replace=False):
        picked = rng.choice(words, size=rng.integers(1, 8))
        builder.add(int(rowid), " ".join(picked), "Kent | Ofsted report")
    builder.write(tmp_path / BM25_FILE, n_rows)
    bm25 = BM25Index.open(tmp_path)
    allowed = rng.choice(n_rows + 50, size=allowed_size, replace=True).astype("int64")
    for query in (["care"], ["leavers", "court"], words):
        everything = dict(bm25.search(query, n_rows))
        expected = sorted(
            ((r, everything[r]) for r in set(allowed.tolist()) if r in everything),
            key=lambda rs: (-rs[1], rs[0]),
        )
        assert bm25.search(query, n_rows, allowed) == expected
        assert bm25.search(query, 5, allowed) == expected[:5]


def test_an_empty_matrix_reads_back():
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        BM25Builder().write(Path(tmp) / BM25_FILE, 0)
        bm25 = BM25Index.open(Path(tmp))
        assert bm25.search(["care"], 10) == [] and bm25.text_frequency("care") == 0
        assert BM25Index.open(Path(tmp) / "nowhere") is None


def test_encoder_is_part_of_the_model_id(monkeypatch):
    monkeypatch.delenv("OFSTED_QA_ENCODER", raising=False)
    monkeypatch.delenv("OFSTED_QA_MODEL", raising=False)
    assert split_encoder("all-MiniLM-L6-v2+onnx-int8") == ("all-MiniLM-L6-v2", "onnx-int8")
    assert resolve_model("all-MiniLM-L6-v2")[0] == "all-MiniLM-L6-v2"
    assert resolve_model("all-MiniLM-L6-v2+onnx")[0] == "all-MiniLM-L6-v2+onnx"
    assert with_encoder(None, "torch") == "all-MiniLM-L6-v2"
    assert with_encoder("all-MiniLM-L6-v2+onnx", "onnx-int8") == "all-MiniLM-L6-v2+onnx-int8"
    monkeypatch.setenv("OFSTED_QA_ENCODER", "torch")
    # The configured encoder picks what a new build uses...
    assert resolve_model(None)[0] == "all-MiniLM-L6-v2"
    # ...but an index's own model id (no suffix: torch) is never reinterpreted.
    assert split_encoder("all-MiniLM-L6-v2") == ("all-MiniLM-L6-v2", "torch")
    from indexer.embedder import ModelError

    with pytest.raises(ModelError, match="unknown encoder"):
        resolve_model("all-MiniLM-L6-v2+tensorflow")


def test_a_build_naming_no_encoder_embeds_with_int8(monkeypatch):
    """The national build fits in 10 minutes on two cores only with int8 (docs/performance.md):
    every build that names no encoder (CLI, `make national`, the app, the eval) gets it."""
    from indexer.embedder import DEFAULT_ENCODER, default_model
    from ofsted_cli.main import build_parser

    monkeypatch.delenv("OFSTED_QA_ENCODER", raising=False)
    monkeypatch.delenv("OFSTED_QA_MODEL", raising=False)
    assert DEFAULT_ENCODER == "onnx-int8"
    assert resolve_model(None)[0] == default_model() == "all-MiniLM-L6-v2+onnx-int8"
    args = build_parser().parse_args(["index", "corpus"])
    assert with_encoder(args.model, args.encoder) is None  # the build decides: int8
    assert with_encoder(None, "torch") == "all-MiniLM-L6-v2"  # torch a flag away
    assert default_model("cuda") == "all-MiniLM-L6-v2"  # a GPU named runs torch


def test_an_update_keeps_the_encoder_of_the_index_it_updates(monkeypatch):
    """Unless an encoder is named: a torch index brought up to date reuses its vectors."""
    from indexer.embedder import model_for_build

    monkeypatch.delenv("OFSTED_QA_ENCODER", raising=False)
    monkeypatch.delenv("OFSTED_QA_MODEL", raising=False)
    assert model_for_build(None, None) is None  # a new index: the default
    assert model_for_build(None, "all-MiniLM-L6-v2") == "all-MiniLM-L6-v2"
    assert model_for_build(None, "all-MiniLM-L6-v2+onnx") == "all-MiniLM-L6-v2+onnx"
    named = "all-MiniLM-L6-v2+onnx-int8"
    assert model_for_build(named, "all-MiniLM-L6-v2") == named
    assert model_for_build(None, "some-local-folder") is None  # may not resolve from here
    monkeypatch.setenv("OFSTED_QA_ENCODER", "onnx-int8")
    assert model_for_build(None, "all-MiniLM-L6-v2") is None  # the environment names one


def _small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("southend-2024-10-ilacs.md", "staffordshire-2019-ilacs-summary.md"):
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


def test_parse_pool_reports_every_file_in_order(tmp_path):
    corpus = _small_corpus(tmp_path)
    (corpus / "notes.xyz").write_text("not a report")
    (corpus / "empty.txt").write_text("")
    files = sorted(corpus.iterdir())
    pooled = list(parse_corpus(files, corpus, {}, None, None, workers=2))
    serial = list(parse_corpus(files, corpus, {}, None, None, workers=0))
    assert [p.rel for p in pooled] == [f.name for f in files]
    assert [(p.rel, p.problem) for p in pooled] == [(p.rel, p.problem) for p in serial]
    assert [len(p.doc.passages) if p.doc else 0 for p in pooled] == [
        len(p.doc.passages) if p.doc else 0 for p in serial
    ]
    problems = {p.rel: p.problem for p in pooled if p.problem}
    assert set(problems) == {"notes.xyz", "empty.txt"}


@pytest.mark.parametrize("workers", [0, 2])
def test_the_pool_says_when_no_file_is_left_to_parse(tmp_path, workers):
    """The build's encoder takes every core from then on, before the last file is taken."""
    import threading

    corpus = _small_corpus(tmp_path)
    files = sorted(corpus.iterdir())
    cache = open_cache(tmp_path / "index")
    done = threading.Event()
    outcomes = parse_corpus(files, corpus, {}, None, cache, workers=workers, parsed_all=done)
    assert next(outcomes).doc is not None
    if workers == 0:  # parsed one by one as they are taken: one file is left
        assert not done.is_set()
    rest = list(outcomes)
    assert done.is_set() and len(rest) == len(files) - 1
    # Everything cached: nothing to parse, so it is said before the first file is taken.
    done = threading.Event()
    outcomes = parse_corpus(files, corpus, {}, None, cache, workers=workers, parsed_all=done)
    assert next(outcomes).cached and done.is_set()
    list(outcomes)


def test_the_encoder_is_given_the_cores_the_parse_workers_leave(monkeypatch):
    from indexer.parse import pool

    monkeypatch.delenv(pool.WORKERS_ENV, raising=False)
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    assert (pool.default_workers(), pool.cores_beside(1)) == (1, 1)
    monkeypatch.setattr(pool, "usable_cores", lambda: 16)
    assert (pool.default_workers(), pool.cores_beside(15), pool.cores_beside(4)) == (15, 1, 12)


def test_the_parse_cache_is_keyed_by_content_and_pruned(tmp_path):
    corpus = _small_corpus(tmp_path)
    cache = open_cache(tmp_path / "index")
    assert cache == cache_dir_for(tmp_path / "index") == tmp_path / ".index.parsed"
    assert (cache / CACHE_TAG).read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    files = sorted(corpus.iterdir())
    first = list(parse_corpus(files, corpus, {}, None, cache, workers=0))
    assert not any(p.cached for p in first) and len(list(cache.glob("*.pickle"))) == 2
    changed = corpus / "staffordshire-2019-ilacs-summary.md"
    changed.write_text(changed.read_text() + "\n\nA new closing slide about foster carers.\n")
    second = list(parse_corpus(files, corpus, {}, None, cache, workers=0))
    assert [p.cached for p in second] == [True, False]
    assert second[1].doc.passages != first[1].doc.passages
    assert len(list(cache.glob("*.pickle"))) == 2  # the old parse of the changed file is gone
    (cache / next(cache.glob("*.pickle")).name).write_bytes(b"damaged")
    third = list(parse_corpus(files, corpus, {}, None, cache, workers=0))
    assert [len(p.doc.passages) for p in third] == [len(p.doc.passages) for p in second]


def test_a_folder_at_the_cache_path_not_made_here_is_not_used(tmp_path):
    theirs = tmp_path / ".index.parsed"
    theirs.mkdir()
    (theirs / "mine.pickle").write_bytes(b"keep")
    assert open_cache(tmp_path / "index") is None
    assert (theirs / "mine.pickle").read_bytes() == b"keep"
    link = tmp_path / ".other.parsed"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert open_cache(tmp_path / "other") is None
    assert not (tmp_path / "elsewhere").exists()
