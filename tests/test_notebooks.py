"""The analysts' notebooks, executed top to bottom in a fresh kernel, and checked on what they show."""
import os
import secrets
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")  # the test extra installs nbformat, nbclient, ipykernel
from nbclient import NotebookClient  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def execute(name: str, cwd: Path = NOTEBOOKS):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return notebook


def outputs(notebook) -> str:
    """Every printed line and plain-text result, in order."""
    parts = []
    for cell in notebook.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            elif "data" in out and "text/plain" in out["data"]:
                parts.append(out["data"]["text/plain"])
    return "\n".join(parts)


def mime_types(notebook) -> set[str]:
    return {mime for cell in notebook.cells for out in cell.get("outputs", []) for mime in out.get("data", {})}


def test_every_notebook_is_committed_without_outputs():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assert not any(cell.get("outputs") for cell in notebook.cells), path.name
        nbformat.validate(notebook)


def test_notebooks_use_only_the_public_api():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        assert "from graphkit" not in source and "graphkit._" not in source, path.name
        assert "import graphkit" in source


@pytest.mark.parametrize("cwd", ["notebooks", "root"])
def test_explore_seed_graph_notebook_shows_the_findings(cwd):
    notebook = execute("01-explore-seed-graph.ipynb", NOTEBOOKS if cwd == "notebooks" else NOTEBOOKS.parent)
    text = outputs(notebook)
    assert "88 entities, 34 sources, 190 claims, 127 links" in text
    assert "top-ranked: ivanov-viktor" in text
    assert "1 shortest path(s), 1 hop(s)" in text
    assert "r101" in text and "Christian Baghai" in text  # the hop's claim and who makes it (the blog)
    assert "Vladimir Putin -> Viktor Ivanov -> Vladimir Kumarin" in text
    assert "--min-status cut it" in text  # nothing joins them on reported claims alone
    assert "102 of 125 links rest on a single party" in text
    assert "27 seed claims unsupported" in text
    types = mime_types(notebook)
    assert "image/png" in types  # the centrality chart
    page = [out["data"]["text/html"] for cell in notebook.cells for out in cell.get("outputs", [])
            if "text/html" in out.get("data", {}) and out["data"]["text/html"].startswith("<iframe srcdoc=")]
    assert len(page) == 1 and "Kumarin" in page[0]


def test_investigate_in_neo4j_notebook_loads_asks_compares_and_wipes(neo4j_server, monkeypatch):
    dataset = f"notebook-test-{secrets.token_hex(4)}"
    for name, value in {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
                        "NEO4J_PASSWORD": neo4j_server.password, "NEO4J_DATABASE": neo4j_server.database,
                        "GRAPHKIT_DATASET": dataset}.items():
        monkeypatch.setenv(name, value)  # the kernel inherits this process's environment
    notebook = execute("02-investigate-in-neo4j.ipynb")
    text = outputs(notebook)
    assert f"dataset '{dataset}'" in text and neo4j_server.password not in text
    assert "loaded 88 entities, 34 sources, 190 claims" in text
    assert "Christian Baghai" in text  # who claims the Putin-Kumarin link, from connection.cypher
    assert "alleged or unverified claims about Putin" in text
    assert "same ranking: True" in text
    assert "removed 122 nodes" in text
    from neo4j import GraphDatabase

    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as driver:
        records, _, _ = driver.execute_query("MATCH (n {graphkit_dataset: $d}) RETURN count(n) AS n", d=dataset)
    assert records[0]["n"] == 0
    assert os.environ["GRAPHKIT_DATASET"] == dataset
