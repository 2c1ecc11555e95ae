"""Open time: how long from a fresh process to the app's first answer, and where it goes.

    python -m eval.open_time --index national-index --corpus national-corpus [--runs 2]
                             [--ways serial preload] [--runtimes onnx torch]
                             [--question TEXT] [--json OUT]

Each run is a new Python process doing what the app's first page does, in order: import
the app's modules (Streamlit, webapp, retriever), open the index (checksums, SQLite, FAISS,
BM25, catalogue), draw the sidebar (filter values, the staleness check of the corpus), then
answer one question (hybrid, k=10, as the chat does), loading the model on the way. Runs
alternate two ways of loading the model:

- serial: the model loads when the first question needs it (the app before preloading);
- preload: as the app now does, `Retriever.preload()` starts loading it in the background
  once the page is drawn, so it loads while the user types the first question.

and two runtimes for the question encoder: onnx (the same weights exported to ONNX by a
build on this machine, which the app uses when it finds them; PyTorch is never imported)
and torch (the export hidden, as on a machine where no build made one).

The question is asked the moment the page is drawn, so the first answer waits for the
whole model load either way; "model ready" is when a question typed meanwhile is answered
without waiting for the model. Times are wall-clock seconds from the process's start.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How well are care leavers supported into education, employment or training in Leeds?"
SECOND = "What did Ofsted say about social workers' caseloads in Kent?"
WAYS = ("serial", "preload")
RUNTIMES = ("onnx", "torch")


class Stages:
    """Wall-clock seconds per named stage, and each stage's end since the process began."""

    def __init__(self, started: float):
        self.started = started
        self.seconds: dict[str, float] = {}
        self.ends: dict[str, float] = {}

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.ends[name] = time.time() - self.started

    def timed(self, name: str, fn, *args, **kwargs):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        self.add(name, time.perf_counter() - t0)
        return out

    def wrap(self, owner, attr: str, name: str) -> None:
        """Time every call of owner.attr under `name` (the product's own code path)."""
        original = getattr(owner, attr)

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - t0)

        setattr(owner, attr, timed)


def child(index: str, corpus: str | None, way: str, question: str, started: float) -> dict:
    """One cold start, in this (fresh) process. Returns the stages and totals."""
    stages = Stages(started)
    boot = time.time() - started  # interpreter start, before any of our code ran
    t0 = time.perf_counter()
    import streamlit  # noqa: F401 - the app's first import

    stages.add("import streamlit", time.perf_counter() - t0)
    t0 = time.perf_counter()
    import app  # noqa: F401 - the page's modules: webapp/*, retriever, indexer
    from retriever import Retriever

    stages.add("import app, webapp, retriever", time.perf_counter() - t0)

    from indexer.store import reader as reader_module
    from retriever import catalogue, pipeline

    stages.wrap(reader_module, "validate", "checksums (validate)")
    stages.wrap(reader_module.Reader, "load_vectors", "FAISS load")
    stages.wrap(reader_module.Reader, "load_bm25", "BM25 load")
    stages.wrap(catalogue.Catalogue, "__init__", "catalogue")
    t0 = time.perf_counter()
    r = Retriever.open(index)
    opened = time.perf_counter() - t0
    parts = ("checksums (validate)", "FAISS load", "BM25 load", "catalogue")
    stages.add(
        "open: SQLite, resolver, rest", opened - sum(stages.seconds.get(p, 0) for p in parts)
    )
    index_open = time.time() - started

    # the sidebar's first run: filter values, status, and the corpus staleness check
    t0 = time.perf_counter()
    r.filter_values()
    r.status()
    if corpus:  # what webapp.staleness hashes on a page's first run
        from indexer import corpus_fingerprint

        if corpus_fingerprint(Path(corpus)) != dict(r.manifest.corpus):
            raise SystemExit(f"the index is stale for {corpus}: pass the corpus it was built from")
    stages.add("page: sidebar and staleness check", time.perf_counter() - t0)
    page_drawn = time.time() - started

    # the first question, asked at once; the model loads on the way (or is loading)
    if way == "preload":  # as app.py does once the page is drawn
        r.preload()
    if way == "serial":  # torch: import sentence-transformers and PyTorch, load the weights
        stages.timed("model: import and load", lambda: r.embedder)
    else:
        stages.timed("model: wait for the preload", pipeline.Retriever.wait_for_model, r)
    model_ready = time.time() - started
    answer = stages.timed("first answer (hybrid)", r.ask, question, k=10, mode="hybrid")
    first = time.time() - started
    t0 = time.perf_counter()
    r.ask(SECOND, k=10, mode="hybrid")
    second_ms = (time.perf_counter() - t0) * 1000
    return {
        "way": way,
        "runtime": r.embedder.runtime,
        "boot_s": round(boot, 3),
        "stages": {k: round(v, 3) for k, v in stages.seconds.items()},
        "index_open_s": round(index_open, 3),
        "page_drawn_s": round(page_drawn, 3),
        "model_ready_s": round(model_ready, 3),
        "first_answer_s": round(first, 3),
        "second_answer_ms": round(second_ms, 1),
        "answered": not answer.abstained,
        "lexical": "bm25.npz" if r.reader.bm25_index is not None else "FTS5",
    }


def run_once(index: str, corpus: str | None, way: str, question: str, runtime: str) -> dict:
    """A fresh interpreter, so every import and load is cold for the process. `runtime`
    "torch" hides the ONNX export (an empty cache folder), as on a machine where no build
    made one: questions are then encoded by PyTorch, as before the export existed."""
    cmd = [sys.executable, "-m", "eval.open_time", "--child", way, "--index", index]
    cmd += ["--question", question, "--started", repr(time.time())]
    if corpus:
        cmd += ["--corpus", corpus]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    if runtime == "torch":
        from indexer.onnx_encoder import CACHE_ENV

        env[CACHE_ENV] = str(Path(tempfile.mkdtemp(prefix="ofsted-qa-no-export-")))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{way} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def format_runs(runs: list[dict], meta: dict) -> str:
    names: list[str] = []
    for run in runs:
        names += [n for n in run["stages"] if n not in names]
    head = [f"{r['way']}, {r['runtime']} #{i + 1}" for i, r in enumerate(runs)]
    lines = [
        f"{meta['index']} ({meta['lexical']} lexical); {meta['cpus']} CPU cores; "
        f"load average before {meta['load_average']}",
        "",
        "| stage (s) | " + " | ".join(head) + " |",
        "|---|" + "---|" * len(runs),
        "| Python start | " + " | ".join(f"{r['boot_s']:.2f}" for r in runs) + " |",
    ]
    for name in names:
        cells = [f"{r['stages'][name]:.2f}" if name in r["stages"] else "" for r in runs]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for key, label in (
        ("index_open_s", "**index open** (since start)"),
        ("page_drawn_s", "**page drawn** (since start)"),
        ("model_ready_s", "**model ready** (since start)"),
        ("first_answer_s", "**first answer** (since start)"),
    ):
        lines.append(f"| {label} | " + " | ".join(f"**{r[key]:.2f}**" for r in runs) + " |")
    lines.append(
        "| next answer (ms) | " + " | ".join(f"{r['second_answer_ms']:.0f}" for r in runs) + " |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.open_time", description=__doc__.split("\n")[0])
    p.add_argument("--index", default="index")
    p.add_argument("--corpus", default=None, help="the corpus the sidebar checks for changes")
    p.add_argument("--runs", type=int, default=2, help="runs of each way, alternated")
    p.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS))
    p.add_argument(
        "--runtimes",
        nargs="+",
        choices=RUNTIMES,
        default=list(RUNTIMES),
        help="what encodes questions: onnx (the export a build leaves; the app's default) "
        "or torch (as on a machine with no export)",
    )
    p.add_argument("--question", default=QUESTION)
    p.add_argument("--json", type=Path, default=None)
    p.add_argument("--child", choices=WAYS, default=None, help=argparse.SUPPRESS)
    p.add_argument("--started", type=float, default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        out = child(args.index, args.corpus, args.child, args.question, args.started)
        print(json.dumps(out))
        return 0
    meta = {
        "index": args.index,
        "corpus": args.corpus,
        "cpus": os.cpu_count(),
        "load_average": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "question": args.question,
    }
    runs = []
    for _ in range(args.runs):
        for runtime in args.runtimes:
            for way in args.ways:
                runs.append(run_once(args.index, args.corpus, way, args.question, runtime))
                print(
                    f"{way}, questions by {runs[-1]['runtime']}: "
                    f"first answer {runs[-1]['first_answer_s']:.2f} s",
                    file=sys.stderr,
                    flush=True,
                )
    meta["lexical"] = runs[0]["lexical"]
    meta["load_average_after"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "runs": runs}, indent=2), encoding="utf-8")
    print(format_runs(runs, meta))
    print(f"load average after: {meta['load_average_after']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
