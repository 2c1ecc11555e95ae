"""Every error the product raises on purpose derives from one root (indexer/errors.py), so
the command line and the app catch it once and say it in one line."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from indexer.errors import OfstedQAError

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("indexer", "retriever", "webapp", "eval")


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exception_classes():
    """(module, class name) of every class whose bases name an error, found in the source."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.ClassDef) and any(
                    ast.unparse(b).split(".")[-1].endswith(("Error", "Exception", "Problem"))
                    for b in node.bases
                ):
                    yield _module(path), node.name


def test_every_product_exception_derives_from_the_root():
    found = list(_exception_classes())
    assert len(found) >= 15
    for module, name in found:
        cls = getattr(importlib.import_module(module), name)
        if issubclass(cls, BaseException) and cls is not OfstedQAError:
            assert issubclass(cls, OfstedQAError), f"{module}.{name}"


def test_the_root_keeps_the_builtin_kinds_callers_catch():
    from retriever import FilterError, QuestionError

    assert issubclass(QuestionError, ValueError) and issubclass(FilterError, ValueError)


def test_the_command_line_says_a_product_error_once_in_one_escaped_line(tmp_path, capsys):
    from ofsted_cli import USER_ERROR, main

    missing = tmp_path / "no\x1b[2Jindex"
    assert main(["ask", "care leavers", "--index", str(missing)]) == USER_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ofsted-qa: no index at ")
    assert "\x1b" not in err and "no\\x1b[2Jindex" in err
