"""The README stays a short front door whose commands run, and every link in it and in docs/
leads somewhere. Commands are checked with `--help` (subcommands and their options), make
targets against the Makefile, `python -m` modules by import lookup; nothing is built."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MAX_README_LINES = 300
FENCE = re.compile(r"^```(\w*)\s*$")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
ENV_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=\S*$")


def command_lines(markdown: str) -> list[str]:
    """Lines of the fenced blocks that are shell (no language, bash, sh, console), with
    continuation lines joined and comments dropped."""
    lines, block, language = [], None, ""
    for raw in markdown.splitlines():
        fence = FENCE.match(raw.strip())
        if fence:
            if block is None:
                block, language = [], fence.group(1)
            else:
                if language in ("", "bash", "sh", "shell", "console"):
                    lines += _joined(block)
                block = None
            continue
        if block is not None:
            block.append(raw)
    return lines


def _joined(block: list[str]) -> list[str]:
    out, pending = [], ""
    for line in block:
        line = line.split(" #", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        if pending or line.strip():
            out.append((pending + line).strip())
        pending = ""
    return out


def words_of(line: str) -> list[str]:
    """The command's words, without leading VAR=value assignments; brackets of optional
    arguments (`[--rules]`) kept as text."""
    words = shlex.split(line.replace("[", " ").replace("]", " "))
    while words and ENV_ASSIGNMENT.match(words[0]):
        words.pop(0)
    return words


def readme_commands() -> list[list[str]]:
    return [words_of(line) for line in command_lines(README.read_text(encoding="utf-8"))]


@cache
def console_script() -> tuple[str, str]:
    """The `ofsted-qa` entry point as pyproject declares it: (module, function)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    module, function = project["project"]["scripts"]["ofsted-qa"].split(":")
    return module, function


@cache
def help_of(subcommand: str) -> str:
    """`ofsted-qa SUBCOMMAND --help`, run through the declared entry point."""
    module, function = console_script()
    code = f"import sys; from {module} import {function} as m; sys.exit(m(sys.argv[1:]))"
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    done = subprocess.run(
        [sys.executable, "-c", code, subcommand, "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"ofsted-qa {subcommand} --help: {done.stderr.strip()}"
    return done.stdout


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"(?m)^([A-Za-z0-9_.-]+)\s*:(?!=)", text))


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; move detail to docs/"


def test_command_lines_are_read_from_fenced_shell_blocks():
    text = "```\nmake run   # serve\nofsted-qa ask \\\n  --k 5\n```\n```python\nmake x\n```\n"
    assert [line.split() for line in command_lines(text)] == [
        ["make", "run"],
        ["ofsted-qa", "ask", "--k", "5"],
    ]


def test_readme_shows_commands():
    programs = {Path(words[0]).name for words in readme_commands() if words}
    assert {"make", "ofsted-qa"} <= programs


def test_every_ofsted_qa_command_in_the_readme_exists():
    checked = 0
    for words in readme_commands():
        if not words or Path(words[0]).name != "ofsted-qa":
            continue
        assert len(words) > 1, "ofsted-qa with no subcommand"
        help_text = help_of(words[1])
        for option in (w.split("=", 1)[0] for w in words[2:] if w.startswith("--")):
            assert option in help_text, f"ofsted-qa {words[1]} has no option {option}"
        checked += 1
    assert checked, "no ofsted-qa command found in the README"


def test_every_make_target_in_the_readme_exists():
    targets = make_targets()
    for words in readme_commands():
        if words[:1] == ["make"]:
            for target in (w for w in words[1:] if not w.startswith("-") and "=" not in w):
                assert target in targets, f"make {target}: no such target in the Makefile"


def test_every_python_module_in_the_readme_exists():
    for words in readme_commands():
        if len(words) > 2 and Path(words[0]).name.startswith("python") and words[1] == "-m":
            assert importlib.util.find_spec(words[2]) is not None, f"python -m {words[2]}"


@pytest.mark.parametrize(
    "page",
    [README, *sorted((ROOT / "docs").glob("*.md"))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_relative_link_resolves(page: Path):
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#", 1)[0]).resolve()
        assert path.exists(), f"{page.relative_to(ROOT)} links to {target}, which is missing"
