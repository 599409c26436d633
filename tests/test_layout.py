"""The package says what it is: sub-packages by layer, each importing only the layers beneath it,
no import cycles between modules, and modules of a few hundred lines."""
import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graphkit"
# Each layer and the layers it may import (besides itself). graphkit/__init__.py only names
# where each public name lives, imported on first use.
LAYERS = {
    "errors": set(),
    "arrays": set(),
    "claims": {"arrays", "errors"},
    "reading": {"arrays", "claims", "errors"},
    "core": {"arrays", "reading", "claims", "errors"},
    "outputs": {"arrays", "core", "reading", "claims", "errors"},
    "exports": {"arrays", "ftm", "core", "reading", "claims", "errors", "__init__"},
    "ftm": {"arrays", "exports", "core", "reading", "claims", "errors"},
    "neo4j": {"arrays", "core", "reading", "claims", "errors"},
    "merging": {"arrays", "reading", "claims", "errors"},
    "backends": {"arrays", "neo4j", "core", "reading", "claims", "errors"},
    "cli": {"arrays", "outputs", "exports", "ftm", "merging", "neo4j", "backends", "core", "reading", "claims", "errors"},
    "__main__": {"cli"},
    "__init__": set(),
}
MAX_LINES = 300


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")}


def runtime_imports(name: str, path: Path) -> set[str]:
    """The graphkit modules ``name`` imports when it runs (``if TYPE_CHECKING:`` blocks left out),
    as dotted names under graphkit."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING":
            node.body = []
    package = name.split(".")[:-1]  # a package's __init__ sits in the package itself, like its modules
    known = modules()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            for alias in node.names:
                candidate = ".".join([*target, alias.name])
                if candidate in known or f"{candidate}.__init__" in known:
                    found.add(candidate if candidate in known else f"{candidate}.__init__")
                else:
                    dotted = ".".join(target)
                    found.add(dotted if dotted in known else f"{dotted}.__init__" if dotted else "__init__")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for dotted in names:
                if dotted.startswith("graphkit."):
                    inner = dotted.removeprefix("graphkit.")
                    found.add(inner if inner in known else f"{inner}.__init__")
    found.discard(name)
    return found


def layer(module: str) -> str:
    return module.split(".")[0]


def test_no_module_imports_one_that_imports_it_back():
    graph = nx.DiGraph()
    for name, path in modules().items():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in runtime_imports(name, path))
    assert list(nx.simple_cycles(graph)) == []
    assert graph.number_of_edges() > 100  # the walk found the imports it checks


@pytest.mark.parametrize("name", sorted(modules()))
def test_each_module_imports_only_its_own_layer_and_those_beneath(name):
    own = layer(name)
    allowed = LAYERS[own] | {own}
    wrong = sorted(t for t in runtime_imports(name, modules()[name]) if layer(t) not in allowed)
    assert wrong == [], f"graphkit.{name} ({own}) imports {wrong}; {own} may use {sorted(LAYERS[own])}"


def test_every_module_is_in_a_layer_and_a_few_hundred_lines_at_most():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert {layer(n) for n in sizes} <= set(LAYERS)
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}
    assert len(sizes) > 40
