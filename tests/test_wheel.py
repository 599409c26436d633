"""An installed graphkit works as the checkout does.

The package is built as PyPI would get it (an sdist, then a wheel from that sdist, with
``python -m build``), installed into a fresh virtual environment outside the repository, and run
from a folder that holds nothing but a copy of ``data/``: the main job, ``graphkit neo4j load``,
``paths --backend neo4j`` and ``query`` against the tests' Neo4j server. Its answers must equal the
checkout's.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import SEED_DATA

REPO = Path(__file__).resolve().parent.parent
DATASET = "graphkit-wheel-test"


def run(args, cwd, env, check=True, timeout=900):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return [name for name in listed.stdout.decode().split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(graphkit executable, environment without the checkout, the wheel's path)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # the tracked files only: what a clone (and so an sdist) holds
    for name in tracked_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    run([sys.executable, "-m", "build", "--outdir", str(root / "dist"), str(source)], root, env)
    [wheel] = (root / "dist").glob("graphkit-*.whl")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)], root, env)  # no system site-packages
    run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(wheel)], root, env)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["GRAPHKIT_CACHE"] = str(root / "cache")
    return venv / "bin" / "graphkit", env, wheel


@pytest.fixture()
def workdir(tmp_path):
    """A folder outside the repository holding only a copy of the seed data."""
    shutil.copytree(SEED_DATA, tmp_path / "data")
    return tmp_path


def test_the_wheel_carries_the_whole_package_and_the_cypher_library(installed):
    _, _, wheel = installed
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if not name.split("/")[0].endswith(".dist-info")}
    expected = set()
    for name in tracked_files():
        if name.startswith("graphkit/"):
            expected.add(name)
        elif name.startswith("cypher/") and name.endswith(".cypher"):
            expected.add("graphkit/_cypher/" + name.removeprefix("cypher/"))
    assert shipped == expected


def test_the_installed_package_is_the_one_that_runs(installed, workdir):
    graphkit, env, _ = installed
    python = graphkit.parent / "python"
    where = run([str(python), "-c", "import graphkit, graphkit.neo4j.cypher as c; print(graphkit.__file__); "
                 "print(c.CYPHER_DIR); print(len(c.list_queries()))"], workdir, env).stdout.split()
    venv = graphkit.parent.parent
    assert Path(where[0]).is_relative_to(venv) and Path(where[1]).is_relative_to(venv)
    assert not Path(where[0]).is_relative_to(REPO)
    assert int(where[2]) == len(list((REPO / "cypher" / "query").glob("*.cypher")))


def test_the_main_job_runs_from_the_installed_package(installed, workdir, tmp_path_factory):
    graphkit, env, _ = installed
    report = run([str(graphkit), "report"], workdir, env)
    page = workdir / "out" / "graph.html"
    assert page.is_file() and "Vladimir Putin" in page.read_text(encoding="utf-8")
    assert "How Vladimir Putin connects to Vladimir Kumarin" in report.stdout
    # the checkout's graphkit gives the same report on its own copy of the same data
    other = tmp_path_factory.mktemp("checkout-run")
    shutil.copytree(SEED_DATA, other / "data")
    checkout_env = dict(os.environ, GRAPHKIT_CACHE=str(other / "cache"))
    mine = run([sys.executable, "-m", "graphkit", "report"], other, checkout_env)
    assert report.stdout.replace(str(workdir), "") == mine.stdout.replace(str(other), "")


def test_neo4j_load_paths_and_query_from_the_installed_package(installed, workdir, neo4j_server):
    graphkit, env, _ = installed
    env = dict(env, NEO4J_URI=neo4j_server.uri, NEO4J_USER=neo4j_server.user,
               NEO4J_PASSWORD=neo4j_server.password, NEO4J_DATABASE=neo4j_server.database)
    try:
        loaded = json.loads(run([str(graphkit), "neo4j", "load", "--dataset", DATASET, "--json"], workdir, env).stdout)
        rows = {name: sum(1 for _ in csv.DictReader((workdir / "data" / f"{name}.csv").open(encoding="utf-8")))
                for name in ("entities", "sources", "relations")}
        assert (loaded["dataset"], loaded["entities"], loaded["sources"], loaded["claims"]) == \
            (DATASET, rows["entities"], rows["sources"], rows["relations"])
        on_neo4j = run([str(graphkit), "paths", "putin", "kumarin", "--backend", "neo4j", "--dataset", DATASET,
                        "--json"], workdir, env)
        embedded = run([str(graphkit), "paths", "putin", "kumarin", "--json"], workdir, env)
        paths = json.loads(on_neo4j.stdout)
        assert paths and paths == json.loads(embedded.stdout)
        rows = {}
        for name in ("connection", "cypher/query/connection.cypher"):
            answer = run([str(graphkit), "query", name, "--param", "from=putin", "--param", "to=kumarin",
                          "--dataset", DATASET, "--json"], workdir, env)
            rows[name] = json.loads(answer.stdout)
        assert rows["connection"] and rows["connection"] == rows["cypher/query/connection.cypher"]
        # the checkout's graphkit, on the same server and dataset, gives the same rows
        checkout = run([sys.executable, "-m", "graphkit", "query", str(REPO / "cypher" / "query" / "connection.cypher"),
                        "--param", "from=putin", "--param", "to=kumarin", "--dataset", DATASET, "--json"],
                       workdir, dict(os.environ, **{k: env[k] for k in env if k.startswith("NEO4J_")}))
        assert json.loads(checkout.stdout) == rows["connection"]
        unknown = run([str(graphkit), "query", "no_such_query", "--dataset", DATASET], workdir, env, check=False)
        assert unknown.returncode != 0 and "connection" in unknown.stderr and "Traceback" not in unknown.stderr
    finally:
        run([str(graphkit), "neo4j", "wipe", "--dataset", DATASET, "--yes"], workdir, env, check=False)
