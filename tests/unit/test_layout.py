"""The import rules of the layout (docs/design.md, "How the code is laid out"): data flows one way,
app -> webapp -> retriever -> indexer, and eval -> retriever, indexer; no cycles."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from indexer import councils, vocab

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("indexer", "retriever", "eval", "webapp", "ofsted_cli")


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path, top_level_only: bool = False, root: Path = ROOT) -> set[str]:
    """Modules imported by a file (relative imports resolved); with top_level_only, only
    those run at import time (a cycle through a function-level import is not a cycle)."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.add(name)
            out |= {f"{name}.{a.name}" for a in node.names}
    return out


def _files():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _top(name: str) -> str:
    return name.split(".")[0]


def test_indexer_never_imports_the_layers_above_it():
    for path in (ROOT / "indexer").rglob("*.py"):
        bad = {i for i in _imports(path) if _top(i) in {"retriever", "webapp", "streamlit", "eval"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_retriever_never_imports_the_app_streamlit_or_eval():
    for path in (ROOT / "retriever").rglob("*.py"):
        bad = {i for i in _imports(path) if _top(i) in {"webapp", "streamlit", "eval", "app"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_command_line_is_the_shell_nothing_imports():
    """ofsted_cli/ (the `ofsted-qa` command) sits over indexer, retriever and, lazily for
    `ofsted-qa eval`, eval; no library module imports it, and it never imports the app."""
    for package in ("indexer", "retriever", "eval", "webapp"):
        for path in (ROOT / package).rglob("*.py"):
            assert not {i for i in _imports(path) if _top(i) == "ofsted_cli"}, path
    for path in (ROOT / "ofsted_cli").rglob("*.py"):
        assert not {i for i in _imports(path) if _top(i) in {"webapp", "streamlit", "app"}}, path


def test_nothing_but_the_app_imports_webapp():
    for package in ("indexer", "retriever", "eval", "ofsted_cli"):
        for path in (ROOT / package).rglob("*.py"):
            assert not {i for i in _imports(path) if _top(i) == "webapp"}, path


# The retriever's stages, in the order a question flows through them: a stage imports only
# the stages before it and the modules shared by all (types, config, catalogue, ...).
STAGES = ("understand", "search", "answer")


def _against_the_flow(stage: str, imported: set[str]) -> set[str]:
    """What a module of `stage` imports from a later stage or from the pipeline."""
    later = STAGES[STAGES.index(stage) + 1 :]
    banned = [f"retriever.{s}" for s in later] + ["retriever.pipeline"]
    return {m for m in imported if any(m == b or m.startswith(b + ".") for b in banned)}


def test_a_question_flows_one_way_understand_search_answer():
    """understand/ reads a question knowing nothing of the search or the answer; search/
    ranks knowing nothing of the answer; no stage reaches back into retriever/pipeline.py,
    which wires them (a composer is handed answer/sources.py's Sources). A function-level
    import counts too."""
    for stage in STAGES:
        for path in sorted((ROOT / "retriever" / stage).rglob("*.py")):
            bad = _against_the_flow(stage, _imports(path))
            assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_flow_check_sees_imports_against_the_flow(tmp_path):
    stage = tmp_path / "retriever" / "understand"
    stage.mkdir(parents=True)
    bad = stage / "bad.py"
    bad.write_text(
        "from ..types import Hit\n"
        "def f():\n    from ..answer.standing import area_keys\n    from .. import pipeline\n"
    )
    found = _against_the_flow("understand", _imports(bad, root=tmp_path))
    assert found == {
        "retriever.answer.standing",
        "retriever.answer.standing.area_keys",
        "retriever.pipeline",
    }
    assert _against_the_flow("answer", {"retriever.search.terms"}) == set()
    assert _against_the_flow("search", {"retriever.answer.facts"}) == {"retriever.answer.facts"}


def test_no_import_cycles_between_modules():
    modules = {_module_name(p): p for p in _files()}
    graph = {
        m: {i for i in _imports(p, top_level_only=True) if i in modules and i != m}
        for m, p in modules.items()
    }
    # A package's __init__ re-exporting its modules is not a cycle back from them.
    for m in graph:
        graph[m] = {i for i in graph[m] if not m.startswith(i + ".")}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in graph[m]:
            if state.get(n) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path, m, n]))
            if n not in state:
                visit(n, [*path, m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def test_the_domain_words_are_defined_once():
    """Part kinds and grades live in indexer/vocab.py; no other module assigns its own copy."""
    for path in _files():
        if path == ROOT / "indexer" / "vocab.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        assert not names & {"PART_KINDS", "GRADES", "GRADE_FAMILIES", "KIND_LABELS"}, path


GRADE_WORDS = {g.lower() for g in (*vocab.GRADES, *vocab.GRADE_FAMILIES)}
MONTH_WORDS = {m.lower() for m in vocab.MONTH_NAMES} | set(vocab.MONTH_ABBREVIATIONS)


def _spelled_out(path: Path):
    """(line, what) of each tuple, list or set literal that spells a domain vocabulary out:
    three or more grade words, three or more month names, or the pair of kinds
    ("ilacs_report", "focused_visit") that vocab.py names."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            continue
        words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if len(words) != len(node.elts) or not all(isinstance(w, str) for w in words):
            continue
        lowered = [w.lower() for w in words]
        if len(words) >= 3 and all(w in GRADE_WORDS for w in lowered):
            yield node.lineno, "grade words"
        if len(words) >= 3 and all(w in MONTH_WORDS for w in lowered):
            yield node.lineno, "month names"
        if words == ["ilacs_report", "focused_visit"]:
            yield node.lineno, "kinds"


def _found_only_in(homes: set[Path], check, paths) -> None:
    """No file but the homes holds what `check(path)` finds, (line, what) each."""
    for path in paths:
        if path not in homes:
            found = sorted(check(path))
            assert not found, f"{path.relative_to(ROOT)}: {found}"


def test_grade_words_months_and_kinds_are_spelled_only_in_vocab():
    _found_only_in({ROOT / "indexer" / "vocab.py"}, _spelled_out, _files())


def test_the_vocabulary_check_sees_a_spelled_out_copy(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text(
        'G = ("Outstanding", "Good", "Inadequate")\nK = ("ilacs_report", "focused_visit")\n'
    )
    assert [what for _, what in _spelled_out(copy)] == ["grade words", "kinds"]


# A grade's word in a regex's source: "requires improvement" as "requires?\s+improv...".
_GRADE_IN_REGEX = re.compile(r"outstanding|\bgood\b|inadequate|requires?\??(?: |\\s\+?)improv")
_REGEX_SIGN = re.compile(r"\\[bsw]|\(\?|\|")


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _grades_spelled(path: Path):
    """(line, what) of each string outside a docstring that is a grade ("Outstanding": a
    colour keyed by it) or a regex naming three of the grades (their wordings and the slips
    people type are indexer.vocab's TYPED_GRADES, PRINTED_GRADE and PRINTED_FAMILY); a
    word of praise or criticism ("outstanding", "inadequate") among others is no grade."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in docstrings:
            continue
        text = node.value.lower()
        if text in GRADE_WORDS:
            yield node.lineno, "a grade"
        named = {m.group(0)[:5] for m in _GRADE_IN_REGEX.finditer(text)}
        if _REGEX_SIGN.search(node.value) and len(named) >= 3:
            yield node.lineno, "grades in a regex"


def test_grades_are_spelled_only_in_vocab():
    """The product's code, that is: the eval's questions are written as people ask them."""
    product = [p for p in _product_files() if p.relative_to(ROOT).parts[0] != "eval"]
    _found_only_in({ROOT / "indexer" / "vocab.py"}, _grades_spelled, product)


def test_the_grade_check_sees_a_copy(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text(
        '''"""Outstanding or inadequate, said in prose."""\n'''
        'COLOURS = {"Outstanding": "#1b7837"}\n'
        'GRADE = re.compile(r"\\b(?:outstanding|good|requires?\\s+improvement|inadequate)\\b")\n'
        'PRAISE = re.compile(r"\\bexcellent\\b|\\boutstanding\\b|\\bgood\\b")\n'
        'CRITICISM = re.compile(r"\\bpoor\\b|\\binadequate\\b|\\brequires?\\s+improvement")\n'
    )
    assert list(_grades_spelled(copy)) == [(2, "a grade"), (3, "grades in a regex")]


def test_a_report_date_is_formatted_in_one_place():
    """Parsing an ISO date to show it ("Jun 2023") is indexer.vocab.month_year's job."""
    for path in _files():
        if path == ROOT / "indexer" / "vocab.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "strftime"
                and "fromisoformat" in ast.unparse(node.func.value)
            ):
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")


def test_a_catalogue_date_is_parsed_in_one_place():
    """Reading "13/01/23" or "13/01/2023" is indexer.dates.catalogued_date's job."""
    home = ROOT / "indexer" / "dates.py"
    for path in _files():
        if path == home:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert "%d/%m/" not in node.value, f"{path.relative_to(ROOT)}:{node.lineno}"


def _councils_spelled(path: Path):
    """(line, "council names") of each tuple, list, set or dict literal that names three or
    more councils (by any of their names): a copy of what councils.csv holds."""
    names = {
        councils.normalise(name)
        for council in councils.all_councils()
        for name in (council.name, *council.aliases, *council.former_names)
    }
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            elements = [*node.keys, *node.values]
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            elements = node.elts
        else:
            continue
        words = [e.value for e in elements if isinstance(e, ast.Constant)]
        if sum(isinstance(w, str) and councils.normalise(w) in names for w in words) >= 3:
            yield node.lineno, "council names"


def test_council_names_are_spelled_only_in_the_councils_table():
    """The product's code, that is: the eval names the councils its questions ask about."""
    product = [p for p in _product_files() if p.relative_to(ROOT).parts[0] != "eval"]
    _found_only_in(set(), _councils_spelled, product)


def test_the_council_check_sees_a_copy(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text(
        'INNER = ("Camden", "Hackney", "Islington")\n'
        'SHORT = {"staffs": "Staffordshire", "herts": "Hertfordshire", "notts": "x"}\n'
        'WORDS = ("Kent", "and", "the")\n'
    )
    assert sorted(_councils_spelled(copy)) == [(1, "council names"), (2, "council names")]


_MONTH_TABLES = {"MONTHS", "MONTH_ABBREVIATIONS"}


def _dates_read(path: Path):
    """(line, what) of each place that reads a date itself: a month name looked up as its
    number, `strptime`, or a regex spelling out three or more month names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        looked_up = (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)) and (
            node.value.id in _MONTH_TABLES
        )
        got = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in _MONTH_TABLES
        )
        if looked_up or got:
            yield node.lineno, "a month's number"
        if isinstance(node, ast.Attribute) and node.attr == "strptime":
            yield node.lineno, "strptime"
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and _REGEX_SIGN.search(node.value)
            and len(set(re.findall(r"[a-z]+", node.value.lower())) & MONTH_WORDS) >= 3
        ):
            yield node.lineno, "months in a regex"


def test_a_printed_date_is_read_in_one_place():
    """Reading "12 March 2024", "Sept 2022" or "Mar 2025" is indexer/dates.py's job."""
    homes = {ROOT / "indexer" / "dates.py", ROOT / "indexer" / "vocab.py"}
    _found_only_in(homes, _dates_read, _product_files())


def test_the_date_check_sees_a_copy(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text(
        'MONTH = re.compile(r"\\b(jan|feb|mar|apr)\\w*\\s+(\\d{4})")\n'
        "number = MONTH_ABBREVIATIONS[word[:3]]\n"
        'when = datetime.strptime(text, "%b %Y")\n'
        'said = "Ofsted visited in March, April and May"\n'
    )
    assert sorted(_dates_read(copy)) == [
        (1, "months in a regex"),
        (2, "a month's number"),
        (3, "strptime"),
    ]


def _product_files():
    yield from _files()
    yield ROOT / "app.py"


def test_only_the_store_location_knows_which_backend_it_is():
    """Callers ask indexer/store/location.py (folder_of, same_store, as_location), never
    which database a location names."""
    home = ROOT / "indexer" / "store" / "location.py"
    for path in [*_product_files(), *sorted((ROOT / "tests").rglob("*.py"))]:
        if path in (home, Path(__file__).resolve()):
            continue
        assert "is_postgres" not in path.read_text(encoding="utf-8"), path


def test_no_caller_probes_a_store_for_what_it_offers():
    """A store's capabilities are methods of its declared contract (indexer/store/contract.py),
    not hasattr/getattr probes of a reader or writer outside indexer/store/."""
    home = ROOT / "indexer" / "store"
    for path in _product_files():
        if home in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("hasattr", "getattr")
                and node.args
            ):
                probed = ast.unparse(node.args[0]).lower()
                assert not any(w in probed for w in ("reader", "writer", "store")), (
                    f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}"
                )


RETRIEVER_INTERNALS = {"resolver", "catalogue", "reader", "ranker", "frequencies", "embedder"}


def test_the_app_uses_only_the_retrievers_public_api():
    """webapp/ and app.py import names the retriever package exports (retriever/__init__.py),
    never its modules, and reach into no Retriever's parts (its resolver, reader, ...)."""
    import retriever

    for path in [*sorted((ROOT / "webapp").rglob("*.py")), ROOT / "app.py"]:
        where = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("retriever"):
                assert node.module == "retriever", f"{where}:{node.lineno} {node.module}"
                for alias in node.names:
                    assert alias.name in retriever.__all__, f"{where}: {alias.name}"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("retriever.") for a in node.names), where
            elif isinstance(node, ast.Attribute) and node.attr in RETRIEVER_INTERNALS:
                owner = ast.unparse(node.value)
                assert "retriever" not in owner.lower(), (
                    f"{where}:{node.lineno} {owner}.{node.attr}"
                )
