"""Run gold questions through each retrieval mode and the baseline; print and save metrics.

Query for the retrieval modes and the baseline: a follow-up is searched as its history and
the question joined with spaces (`questions.retrieval_query`). Abstention is measured with
`Retriever.ask(question, history=history)` on every question.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from .judged import format_pool, load_judgements, pool_summary, with_judgements
from .metrics import matches_any, mean_scores, normalise, percentile, question_scores
from .questions import QuestionFileError, load_questions, retrieval_query

ALL_MODES = ("lexical", "dense", "hybrid", "rerank", "baseline")
USER_ERROR = 2


# -- the structured index's passages, for gold lookups ---------------------------------
class IndexGold:
    """Every passage in the index (with its canonical rowid), to resolve gold entries."""

    def __init__(self, index_dir: Path | str):
        from indexer.store import open_reader

        reader = open_reader(index_dir)
        try:
            parts = reader.parts()
            rows = reader.passage_rows()
        finally:
            reader.close()
        self.passages = [
            {
                "rowid": r["rowid"],
                "passage_id": r["passage_id"],
                "doc_id": r["doc_id"],
                "label": r["label"],
                "text": r["text"],
                "canonical": r["canonical"] if r["canonical"] is not None else r["rowid"],
                "part": {"kind": parts[(r["doc_id"], r["part_slug"])]["kind"]},
            }
            for r in rows
        ]
        self._norm = [normalise(p["text"]) for p in self.passages]

    def relevant_rowids(self, gold: list[dict]) -> set[int]:
        """Canonical rowids of passages matching any gold entry (a hit lists its copies,
        so a hit whose duplicate elsewhere matches also counts)."""
        return {
            p["canonical"]
            for p, norm in zip(self.passages, self._norm)
            if matches_any(p, gold, norm)
        }

    def unmatched_entries(self, gold: list[dict]) -> list[dict]:
        return [
            e
            for e in gold
            if not any(matches_any(p, [e], n) for p, n in zip(self.passages, self._norm))
        ]


# -- evaluation ---------------------------------------------------------------------------
def gold_as_of(question: dict, public: dict[str, str | None]) -> str | None:
    """The date a question's gold was written against: the latest date by which its gold
    documents were public. Asked on that date, a question naming a council but no year
    means that council's newest report then; a bigger, newer index (all councils, reports
    published since) would otherwise make the gold wrong rather than the ranking."""
    dates = [public.get(e["doc"]) for e in question["gold"] if e.get("doc", "*") != "*"]
    dates = [d for d in dates if d]
    return max(dates)[:10] if dates else None


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - start) * 1000.0


def evaluate_mode(
    retriever,
    questions: list[dict],
    mode: str,
    k: int,
    gold_index: IndexGold,
    baseline=None,
    lookup=None,
    understand: bool = True,
    as_of: dict[str, str] | None = None,
) -> dict:
    """Metrics for one mode over the answerable questions; `available` False if it fails.
    `as_of`: question id to the date it is asked on (an `until` filter), when evaluated
    "as of" its gold.

    The retriever gets the question and its history (it understands follow-ups itself);
    the baseline, like the tutorial pipeline, gets the turns joined into one query."""
    per_question, latencies = [], []
    for q in [q for q in questions if q["answerable"]]:
        query = retrieval_query(q)
        if mode == "baseline":
            ranked, ms = _timed(lambda query=query: baseline.search(query, k))
            relevant = baseline.relevant_chunks(q["gold"], lookup)
            relevances = [i in relevant for i, _ in ranked]
            top = [
                {"doc_id": baseline.chunks[i].doc_id, "text": baseline.chunks[i].text[:160]}
                for i, _ in ranked[:1]
            ]
            first = f"{top[0]['doc_id']}: {top[0]['text']!r}" if top else "(nothing)"
        else:
            try:
                until = (as_of or {}).get(q["id"])
                hits, ms = _timed(
                    lambda q=q, query=query, until=until: _search(
                        retriever, q, query, k, mode, understand, until
                    )
                )
            except (ImportError, NotImplementedError, AttributeError) as exc:
                return {"mode": mode, "available": False, "reason": f"{type(exc).__name__}: {exc}"}
            except Exception as exc:  # noqa: BLE001 - a mode that cannot run is reported
                if not per_question:
                    return {
                        "mode": mode,
                        "available": False,
                        "reason": f"{type(exc).__name__}: {exc}",
                    }
                hits, ms = [], 0.0
            relevant = gold_index.relevant_rowids(q["gold"])
            relevances = [h.rowid in relevant or matches_any(h.passage, q["gold"]) for h in hits]
            first = hits[0].citation if hits else "(nothing)"
            if hits:
                first += f" [{hits[0].passage['passage_id']}]"
        latencies.append(ms)
        scores = question_scores(relevances, len(relevant), k)
        scores.update({"id": q["id"], "first_hit": first, "n_relevant": len(relevant)})
        if mode != "baseline":  # what the top five were, for pooled judgements
            scores["top_ids"] = [h.passage["passage_id"] for h in hits[:5]]
            scores["top_relevant"] = relevances[:5]
        per_question.append(scores)
    return {
        "mode": mode,
        "available": True,
        "n": len(per_question),
        **mean_scores(per_question),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "questions": per_question,
    }


def _search(
    retriever, q: dict, query: str, k: int, mode: str, understand: bool, until: str | None = None
):
    filters = {"until": until} if until else None
    if not understand:
        return retriever.search(query, k=k, mode=mode, filters=filters, understand=False)
    return retriever.search(
        q["question"], k=k, mode=mode, filters=filters, history=q["history"] or None
    )


def names_council(retriever, q: dict) -> bool:
    """Whether the question (or the conversation it follows) names a council the index holds."""
    intent = retriever.understand(q["question"], q["history"] or None)
    return bool(intent.authorities)


def split_scores(result: dict, groups: dict[str, set[str]]) -> dict:
    """Mean scores per group of questions. Among all councils, questions naming a council
    and those naming none behave differently (a council filters the search; without one,
    every council's reports compete, and gold written for ten councils undercounts what is
    right); shaped questions' gold is the answer's items, which a composer gathers, not
    the ranked passages alone."""
    out = {}
    for label, ids in groups.items():
        rows = [s for s in result["questions"] if s["id"] in ids]
        if rows:
            out[label] = {"n": len(rows), **mean_scores(rows)}
    return out


def question_groups(retriever, questions: list[dict]) -> dict[str, set[str]]:
    answerable = [q for q in questions if q["answerable"]]
    named = {q["id"] for q in answerable if names_council(retriever, q)}
    return {
        "retrieval questions": {q["id"] for q in answerable if not q.get("shape")},
        "shaped questions": {q["id"] for q in answerable if q.get("shape")},
        "names a council": named,
        "names none": {q["id"] for q in answerable} - named,
    }


def evaluate_abstention(retriever, questions: list[dict], k: int = 10) -> dict:
    un_total = un_abstained = ans_total = ans_answered = 0
    per_question = []
    for q in questions:
        error = None
        try:
            answer = retriever.ask(q["question"], k=k, history=q["history"] or None)
            abstained = bool(answer.abstained)
        except Exception as exc:  # noqa: BLE001 - counted as an abstention, and shown
            abstained, error = True, f"{type(exc).__name__}: {exc}"
        if q["answerable"]:
            ans_total += 1
            ans_answered += not abstained
        else:
            un_total += 1
            un_abstained += abstained
        item = {"id": q["id"], "answerable": q["answerable"], "abstained": abstained}
        if error:
            item["error"] = error
        per_question.append(item)
    return {
        "unanswerable": un_total,
        "unanswerable_abstained": un_abstained,
        "abstention_rate": un_abstained / un_total if un_total else None,
        "answerable": ans_total,
        "answerable_answered": ans_answered,
        "answer_rate": ans_answered / ans_total if ans_total else None,
        "questions": per_question,
    }


def evaluate_file(
    retriever,
    questions: list[dict],
    modes=("hybrid",),
    k: int = 10,
    baseline=None,
    gold_index: IndexGold | None = None,
    abstention: bool = True,
    understand: bool = True,
    as_of_gold: bool = False,
) -> dict:
    """Everything for one question file: per-mode metrics, abstention, hybrid misses.
    `as_of_gold`: each question searched as of the date of its gold (gold_as_of)."""
    gold_index = gold_index or IndexGold(retriever.index_dir)
    as_of = None
    if as_of_gold:
        public = retriever.catalogue.doc_public
        as_of = {q["id"]: d for q in questions if (d := gold_as_of(q, public))}
    lookup = None
    if baseline is not None:
        from .baseline import ParagraphLookup

        lookup = ParagraphLookup(gold_index.passages)
    results = {}
    for mode in modes:
        if mode == "baseline" and baseline is None:
            results[mode] = {"mode": mode, "available": False, "reason": "baseline not built"}
            continue
        results[mode] = evaluate_mode(
            retriever, questions, mode, k, gold_index, baseline, lookup, understand, as_of
        )
    groups = question_groups(retriever, questions)
    for result in results.values():
        if result.get("available") and "questions" in result:
            result["split"] = split_scores(result, groups)
    out = {
        "n_questions": len(questions),
        "n_answerable": sum(q["answerable"] for q in questions),
        "k": k,
        "as_of": as_of,
        "modes": results,
        "gold_warnings": [
            {"id": q["id"], "entry": e}
            for q in questions
            for e in gold_index.unmatched_entries(q["gold"])
        ],
    }
    if abstention:
        from .answers import evaluate_answers

        out["answers"] = evaluate_answers(retriever, questions, k, as_of)
        out["abstention"] = out["answers"]["abstention"]
    hybrid = results.get("hybrid")
    if hybrid and hybrid.get("available"):
        by_id = {q["id"]: q for q in questions}
        out["misses"] = [
            {
                "id": s["id"],
                "question": retrieval_query(by_id[s["id"]]),
                "gold": by_id[s["id"]]["gold"],
                "first_hit": s["first_hit"],
            }
            for s in hybrid["questions"]
            if s["recall@10"] == 0.0
        ]
    return out


# -- output -------------------------------------------------------------------------------
COLUMNS = ("Recall@1", "Recall@5", "Recall@10", "MRR@10", "nDCG@10", "p50 ms", "p95 ms")
KEYS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "p50_ms", "p95_ms")


def format_table(name: str, result: dict) -> str:
    n, n_ans = result["n_questions"], result["n_answerable"]
    lines = [
        f"{name}: {n} questions, metrics over {n_ans} answerable, k={result['k']}",
        "mode     | " + " | ".join(f"{c:>9}" for c in COLUMNS),
        "-" * 9 + "|" + "|".join("-" * 11 for _ in COLUMNS),
    ]
    for mode, r in result["modes"].items():
        if not r.get("available"):
            lines.append(f"{mode:<8} | unavailable ({r.get('reason', '')})")
            continue
        cells = [f"{r[key]:>9.1f}" if key.endswith("_ms") else f"{r[key]:>9.3f}" for key in KEYS]
        lines.append(f"{mode:<8} | " + " | ".join(cells))
    for mode, r in result["modes"].items():
        for label, scores in (r.get("split") or {}).items():
            lines.append(
                f"  {mode}, {label} ({scores['n']}): "
                + ", ".join(f"{c} {scores[key]:.3f}" for c, key in zip(COLUMNS[:5], KEYS[:5]))
            )
    if result.get("as_of"):
        lines.append(f"as of each question's gold: {len(result['as_of'])} questions dated")
    a = result.get("abstention")
    if a:
        parts = []
        if a["unanswerable"]:
            parts.append(
                f"unanswerable abstained {a['unanswerable_abstained']}/{a['unanswerable']} "
                f"({a['abstention_rate']:.0%})"
            )
        if a["answerable"]:
            parts.append(
                f"answerable answered {a['answerable_answered']}/{a['answerable']} "
                f"({a['answer_rate']:.0%})"
            )
        lines.append("abstention (ask): " + "; ".join(parts))
    return "\n".join(lines)


def _gold_text(gold: list[dict]) -> str:
    out = []
    for e in gold:
        what = f"para {e['para']}" if "para" in e else f"contains {e['contains']!r}"
        kind = f" ({e['kind']})" if e.get("kind") else ""
        out.append(f"{e['doc']} {what}{kind}")
    return "; ".join(out)


def format_misses(result: dict) -> str:
    misses = result.get("misses", [])
    lines = [f"hybrid misses (gold not in top {result['k']}): {len(misses)}"]
    for m in misses:
        lines.append(f"  {m['id']}: {m['question']}")
        lines.append(f"    gold: {_gold_text(m['gold'])}")
        lines.append(f"    first: {m['first_hit']}")
    return "\n".join(lines)


# -- command line -------------------------------------------------------------------------
def _fail(message: str) -> int:
    print(f"eval: {message}", file=sys.stderr)
    return USER_ERROR


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m eval", description="Retrieval metrics over gold question files."
    )
    p.add_argument("--corpus", default="corpus", help="corpus folder (default: corpus)")
    p.add_argument(
        "--questions",
        nargs="+",
        action="extend",
        required=True,
        metavar="FILE",
        help="JSON-lines question file(s)",
    )
    p.add_argument(
        "--index",
        default=None,
        help="index folder to use (built there if missing or stale); default: a temporary one",
    )
    p.add_argument(
        "--store", default=None, help="postgresql://... store to use (built there if stale)"
    )
    p.add_argument("--modes", nargs="+", choices=ALL_MODES, default=list(ALL_MODES))
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--model", default=None, help="embedding model (default: the index's)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT")
    p.add_argument("--show-misses", action="store_true")
    p.add_argument("--no-abstention", action="store_true", help="skip the ask() pass")
    p.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change one retriever.config.Config value for this run (e.g. newest_first=false)",
    )
    p.add_argument(
        "--as-of-gold",
        action="store_true",
        help="ask each question as of the date of its gold documents (an `until` filter): "
        "for an index holding reports newer than the ones the gold was written from",
    )
    p.add_argument(
        "--judged",
        nargs="+",
        default=[],
        metavar="FILE",
        help="pooled relevance judgements (eval/judged.py): passages judged relevant join "
        "their question's gold, and each file reports its judged questions' top five",
    )
    p.add_argument(
        "--no-understanding",
        action="store_true",
        help="search the raw text (earlier turns joined on), without question understanding",
    )
    return p.parse_args(argv)


def config_with(settings: list[str]):
    """The default Config with NAME=VALUE changes, typed as each field's default is."""
    from dataclasses import fields, replace

    from retriever.config import DEFAULT

    types = {f.name: type(getattr(DEFAULT, f.name)) for f in fields(DEFAULT)}
    changes = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        if name not in types or not value:
            raise ValueError(
                f"--set {setting!r}: use NAME=VALUE with NAME one of {', '.join(types)}"
            )
        kind = types[name]
        if kind is bool:
            changes[name] = value.strip().lower() in ("1", "true", "yes", "on")
        else:
            changes[name] = kind(value)
    return replace(DEFAULT, **changes)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line usage error
        return int(exc.code or 0) and USER_ERROR
    if args.k < 10:
        return _fail("--k must be at least 10 (Recall@10, MRR@10 and nDCG@10 need 10 results)")
    try:
        files = {path: load_questions(path) for path in args.questions}
        judgements = load_judgements(args.judged) if args.judged else None
    except QuestionFileError as exc:
        return _fail(str(exc))
    if judgements is not None:
        files = {path: with_judgements(qs, judgements) for path, qs in files.items()}
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        return _fail(f"corpus folder {corpus}/ does not exist; pass --corpus DIR")

    from indexer import CorpusProblem, IndexProblem, ModelError, build_index, is_stale
    from indexer.store import store_location
    from retriever import Retriever

    tmp = None
    try:
        if args.store or args.index:
            index_dir = store_location(args.store, args.index)
            if is_stale(corpus, index_dir):
                print(f"Building index at {index_dir}/ ...", file=sys.stderr)
                build_index(corpus, index_dir, progress=False, model=args.model)
            else:
                print(f"Using index at {index_dir}/", file=sys.stderr)
        else:
            tmp = tempfile.TemporaryDirectory(prefix="ofsted-qa-eval-")
            index_dir = Path(tmp.name) / "index"
            print(f"Building a temporary index from {corpus}/ ...", file=sys.stderr)
            build_index(corpus, index_dir, progress=False, model=args.model)
        config = config_with(args.settings)
        retriever = Retriever.open(index_dir, model=args.model, config=config)
    except (CorpusProblem, IndexProblem, ModelError, ValueError) as exc:
        return _fail(str(exc))

    try:
        retriever.embedder.encode_query("warm up")  # load the model before timing anything
        baseline = None
        if "baseline" in args.modes:
            from .baseline import Baseline

            print("Building the baseline (fixed-size chunks, flat index) ...", file=sys.stderr)
            baseline = Baseline.build(corpus, model=args.model or retriever.manifest.model)
            print(
                f"Baseline: {len(baseline.chunks)} chunks in {baseline.build_seconds:.1f}s",
                file=sys.stderr,
            )
        gold_index = IndexGold(index_dir)
        report = {"corpus": str(corpus), "index": str(index_dir), "k": args.k, "files": {}}
        if baseline is not None:
            report["baseline"] = {
                "chunks": len(baseline.chunks),
                "build_seconds": baseline.build_seconds,
                "skipped": baseline.skipped,
            }
        for path, questions in files.items():
            result = evaluate_file(
                retriever,
                questions,
                args.modes,
                args.k,
                baseline,
                gold_index,
                abstention=not args.no_abstention,
                understand=not args.no_understanding,
                as_of_gold=args.as_of_gold,
            )
            if judgements is not None:
                result["judged"] = {
                    mode: summary
                    for mode, res in result["modes"].items()
                    if (summary := pool_summary(res, judgements))
                }
            report["files"][path] = result
            print(format_table(path, result))
            for mode, summary in result.get("judged", {}).items():
                print(format_pool(mode, summary))
            if "answers" in result:
                from .answers import format_answer_table

                print(format_answer_table(path, result["answers"]))
            for w in result["gold_warnings"]:
                print(f"  warning: {w['id']} gold entry matches no passage: {w['entry']}")
            if args.show_misses and "misses" in result:
                print(format_misses(result))
            print()
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(report, indent=2), encoding="utf-8")
            print(f"Wrote {args.json_out}", file=sys.stderr)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0
