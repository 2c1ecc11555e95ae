"""The `ofsted-qa` entry point: one parser wired from the command modules, the checks every
command shares, and every product error (OfstedQAError) said once, in one line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import ask, copy, index, migrate, national
from . import eval as eval_command
from .common import fail

COMMANDS = (index, ask, national, migrate, copy, eval_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ofsted-qa",
        description="Cited answers from Ofsted inspections of children's services.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def _not_utf8(args: argparse.Namespace) -> str | None:
    """The first argument that arrived as bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which would fail much later with a traceback)."""
    for name in ("question", "after", "authority", "kind", "year", "until", "council"):
        value = getattr(args, name, None)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str):
                try:
                    v.encode("utf-8")
                except UnicodeEncodeError:
                    return "the question" if name == "question" else f"--{name.replace('_', '-')}"
    return None


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["eval"]:
        return eval_command.run(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "k", 1) < 1:
        return fail("--k must be at least 1")
    bad = _not_utf8(args)
    if bad:
        return fail(f"{bad} is not valid UTF-8 text; retype it or check the terminal's encoding")
    if hasattr(args, "corpus"):
        args.corpus = Path(args.corpus)
    from indexer.errors import OfstedQAError
    from indexer.printable import shown

    where = [getattr(args, name, None) for name in ("store", "source", "target")]
    try:
        return args.func(args)
    except BrokenPipeError:  # `ofsted-qa ask ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OfstedQAError as exc:  # every product error: one line, passwords masked
        return fail(shown(exc), *where)
    except Exception as exc:
        if not type(exc).__module__.startswith("psycopg"):
            raise
        # The store's own errors are named where they happen; one that is not is still
        # one line, never a traceback that could show the URL.
        return fail(f"the PostgreSQL store failed ({exc.__class__.__name__}: {exc})", *where)
