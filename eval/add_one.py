"""Time adding one report to an existing index: only its passages are embedded.

    python -m eval.add_one corpus [--file NAME] [--encoder torch|onnx|onnx-int8]
                                  [--from-index INDEX]

Places every file of the corpus but one in a temporary corpus (hard links or copies), builds it, then adds the
last file and rebuilds: the second build's time, and how many passages it embedded and
reused, are what an officer adding a report waits for.

`--from-index` starts from a copy of an index already built from the whole corpus (and of
its parse cache), so the first build only drops the report from it, reusing every vector:
how adding one report to the national index is timed without embedding 45,000 passages
first. The index given is only read.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from indexer.embedder import ENCODERS

    p = argparse.ArgumentParser(prog="python -m eval.add_one")
    p.add_argument("corpus", type=Path)
    p.add_argument("--file", default=None, help="the report to add (default: the last file)")
    p.add_argument("--encoder", default=None, choices=ENCODERS)
    p.add_argument(
        "--from-index",
        type=Path,
        default=None,
        help="start from a copy of this index of the whole corpus (and its parse cache)",
    )
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
                _place(f, target)
        index = Path(tmp) / "index"
        if args.from_index is not None:
            _copy_index(args.from_index, index)
        t0 = time.perf_counter()
        first = build_index(corpus, index, embedder=embedder, progress=False)
        first_s = time.perf_counter() - t0
        _place(added, corpus / added.relative_to(args.corpus))
        t0 = time.perf_counter()
        second = build_index(corpus, index, embedder=embedder, progress=False)
        second_s = time.perf_counter() - t0
    out = {
        "encoder": embedder.model_id,
        "added": added.name,
        "from_index": str(args.from_index) if args.from_index else None,
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


def _place(source: Path, target: Path) -> None:
    """A hard link where the file system allows, else a copy: the build follows no link
    that leads out of the corpus folder."""
    import os
    import shutil

    try:
        os.link(source.resolve(), target)
    except OSError:
        shutil.copy2(source.resolve(), target)


def _copy_index(source: Path, target: Path) -> None:
    """A plain copy of an index folder and of the parse cache beside it (the product's own
    build folders and links are not copied: the copy is a folder of files)."""
    import shutil

    from indexer.parse.pool import cache_dir_for

    shutil.copytree(source.resolve(), target)
    cache = cache_dir_for(source)
    if cache.is_dir():
        shutil.copytree(cache, cache_dir_for(target))


if __name__ == "__main__":
    sys.exit(main())
