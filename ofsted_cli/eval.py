"""`ofsted-qa eval`: the measurements of `python -m eval`, reached through a lazy import so
the library itself never loads eval."""

from __future__ import annotations


def add_parser(sub) -> None:
    sub.add_parser("eval", help="measure retrieval on gold questions (see python -m eval -h)")


def run(argv: list[str]) -> int:
    from eval.__main__ import main as eval_main

    return eval_main(argv)
