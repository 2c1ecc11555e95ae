"""Parse-only check of list extraction (no embedding): how many reports yield each list,
how many items, and the lists themselves for spot checks.

    python -m eval.lists_report DIR_OR_FILES... [--sample N] [--workers 2] [--show N] [--json OUT]

A sample is spread over years (file names carry yyyy-mm), so both frameworks are covered.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from indexer.parse.documents import parse_file


def _one(path: str) -> dict:
    p = Path(path)
    try:
        doc = parse_file(p, p.parent)
    except Exception as exc:  # noqa: BLE001 - a bad file is reported, not fatal
        return {"file": p.name, "error": f"{exc.__class__.__name__}: {exc}"}
    kinds = {part.slug: part.kind for part in doc.parts}
    return {
        "file": p.name,
        "lists": [
            {
                "kind": x.kind,
                "part_kind": kinds.get(x.part_slug, ""),
                "heading": x.heading,
                "section": x.section,
                "lead_in": x.lead_in,
                "items": [i.text for i in x.items],
            }
            for x in doc.lists
        ],
    }


def _squash(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def verify(path: str) -> dict:
    """Each improvement item found, whole, in the PDF's own text (pypdf, layout-free)."""
    from pypdf import PdfReader

    result = _one(path)
    if "error" in result:
        return result
    raw = _squash(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))
    checked = found = 0
    for x in result["lists"]:
        for item in x["items"]:
            checked += 1
            found += _squash(item) in raw
    result["verified"] = (found, checked)
    return result


def _year(name: str) -> str:
    m = re.search(r"-(\d{4})-", name)
    return m.group(1) if m else "?"


def _framework(name: str) -> str:
    year = _year(name)
    return "SIF" if year != "?" and int(year) <= 2017 else "ILACS"


def sample_files(files: list[Path], n: int, seed: int = 11) -> list[Path]:
    by_year = defaultdict(list)
    for f in files:
        by_year[_year(f.name)].append(f)
    rng = random.Random(seed)
    for group in by_year.values():
        rng.shuffle(group)
    out: list[Path] = []
    while len(out) < n and any(by_year.values()):
        for year in sorted(by_year):
            if by_year[year] and len(out) < n:
                out.append(by_year[year].pop())
    return sorted(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, help="print this many lists in full")
    ap.add_argument("--json")
    ap.add_argument("--verify", action="store_true", help="find every item in the PDF's text")
    args = ap.parse_args(argv)
    files: list[Path] = []
    for p in map(Path, args.paths):
        files.extend(sorted(f for f in p.iterdir() if f.is_file()) if p.is_dir() else [p])
    files = [f for f in files if f.name != "catalog.csv"]
    if args.sample:
        files = sample_files(files, args.sample)
    workers = max(1, min(args.workers, 2))
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(verify if args.verify else _one, map(str, files)))
    else:
        results = [(verify if args.verify else _one)(str(f)) for f in files]

    errors = [r for r in results if "error" in r]
    ok = [r for r in results if "error" not in r]
    print(f"files: {len(results)}  parsed: {len(ok)}  errors: {len(errors)}")
    for r in errors:
        print(f"  error {r['file']}: {r['error'][:100]}")
    for kind in ("improve", "recommendations", "summary"):
        with_kind = [r for r in ok if any(x["kind"] == kind for x in r["lists"])]
        sizes = Counter(
            sum(len(x["items"]) for x in r["lists"] if x["kind"] == kind) for r in with_kind
        )
        print(
            f"{kind}: {len(with_kind)}/{len(ok)} files; items per file {dict(sorted(sizes.items()))}"
        )
    print("improvement list by framework and year (files with one / files):")
    table = defaultdict(lambda: [0, 0])
    for r in ok:
        key = (_framework(r["file"]), _year(r["file"]))
        table[key][1] += 1
        table[key][0] += any(x["kind"] == "improve" for x in r["lists"])
    for (fw, year), (hit, total) in sorted(table.items(), key=lambda kv: kv[0][1]):
        print(f"  {fw:5} {year}: {hit}/{total}")
    if args.verify:
        found = sum(r["verified"][0] for r in ok)
        checked = sum(r["verified"][1] for r in ok)
        print(f"items found verbatim in the PDF text: {found}/{checked}")
        for r in ok:
            if r["verified"][0] < r["verified"][1]:
                print(f"  {r['file']}: {r['verified'][0]}/{r['verified'][1]}")
    missing = [r["file"] for r in ok if not any(x["kind"] == "improve" for x in r["lists"])]
    if missing:
        print("no improvement list:", ", ".join(missing[:40]))
    shown = 0
    for r in ok:
        for x in r["lists"]:
            if shown >= args.show:
                break
            shown += 1
            print(
                f"\n--- {r['file']} [{x['kind']}/{x['part_kind']}] {x['heading']!r} sec={x['section'][:50]!r} lead={x['lead_in'][:70]!r}"
            )
            for n, item in enumerate(x["items"], 1):
                print(f"  {n}. {item[:150]}{'…' if len(item) > 150 else ''}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
