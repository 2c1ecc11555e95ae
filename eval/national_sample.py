"""Estimate a large build from a sample of its files, when the whole is too slow.

    python -m eval.national_sample ../shared/national/reports [--files 12] [--encoders ...]

Parses every k-th file (same parser and process pool as the build), embeds the sample's
passages with each encoder in this one process (rounds interleaved, as the machine may be
shared), and scales both by the number of files: the result is labelled an estimate.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.national_sample")
    p.add_argument("folder", type=Path)
    p.add_argument("--files", type=int, default=12, help="files in the sample")
    p.add_argument("--encoders", nargs="+", default=["torch", "onnx-int8"])
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)

    from indexer.build import context_header, corpus_files
    from indexer.embedder import DEFAULT_MODEL, Embedder
    from indexer.parse.pool import parse_corpus

    files = corpus_files(args.folder)
    step = max(1, len(files) // args.files)
    sample = files[::step][: args.files]
    t0 = time.perf_counter()
    parsed = list(parse_corpus(sample, args.folder, {}, None, None))
    parse_s = time.perf_counter() - t0
    texts = list(
        {
            f"{context_header(x.doc, p)}\n{p.text}": None
            for x in parsed
            if x.doc
            for p in x.doc.passages
        }
    )
    models = {e: Embedder(f"{DEFAULT_MODEL}+{e}") for e in args.encoders}
    for m in models.values():
        m.encode(texts[:32])
    seconds: dict[str, list[float]] = {e: [] for e in models}
    for _ in range(2):
        for e, m in models.items():
            t = time.perf_counter()
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
            for s in range(0, len(order), 64):
                m.encode([texts[i] for i in order[s : s + 64]])
            seconds[e].append(time.perf_counter() - t)
    scale = len(files) / len(sample)
    out = {
        "files": len(files),
        "sample_files": len(sample),
        "sample_passages": len(texts),
        "est_passages": round(len(texts) * scale),
        "parse_s_sample": round(parse_s, 1),
        "est_parse_s": round(parse_s * scale, 1),
        "encoders": {},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    for e, s in seconds.items():
        rate = len(texts) / float(np.median(s))
        out["encoders"][e] = {
            "rate": round(rate, 1),
            "est_embed_s": round(len(texts) * scale / rate, 1),
        }
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
