"""Time adding one report to an existing index (issue 13).

    python -m eval.add_one corpus [--file NAME] [--encoder torch|onnx|onnx-int8]

Links every file of the corpus but one into a temporary corpus, builds it, then adds the
last file and rebuilds: the second build's time, and how many passages it embedded and
reused, are what an officer adding a report waits for.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.add_one")
    p.add_argument("corpus", type=Path)
    p.add_argument("--file", default=None, help="the report to add (default: the last file)")
    p.add_argument("--encoder", default=None, choices=("torch", "onnx", "onnx-int8"))
    args = p.parse_args(argv)

    from indexer import build_index
    from indexer.build import corpus_files
    from indexer.embedder import shared_embedder, with_encoder

    files = corpus_files(args.corpus)
    added = next(f for f in files if f.name == args.file) if args.file else files[-1]
    embedder = shared_embedder(with_encoder(None, args.encoder))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        for f in files:
            if f != added:
                target = corpus / f.relative_to(args.corpus)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(f.resolve())
        index = Path(tmp) / "index"
        t0 = time.perf_counter()
        first = build_index(corpus, index, embedder=embedder, progress=False)
        first_s = time.perf_counter() - t0
        (corpus / added.relative_to(args.corpus)).symlink_to(added.resolve())
        t0 = time.perf_counter()
        second = build_index(corpus, index, embedder=embedder, progress=False)
        second_s = time.perf_counter() - t0
    out = {
        "encoder": embedder.model_id,
        "added": added.name,
        "first_build_s": round(first_s, 1),
        "passages_before": first.passages,
        "add_one_s": round(second_s, 2),
        "add_one_embed_s": round(second.embed_seconds, 2),
        "embedded": second.embedded,
        "reused": second.reused,
        "passages_after": second.passages,
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
