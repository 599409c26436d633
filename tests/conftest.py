"""Shared fixtures: the small hand-made dataset, bad-input overlays, the seed data."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from graphkit.core.graph import ClaimGraph, build_graph, load_graph
from graphkit.reading.dataset import read_dataset
from neo4j_plugin import neo4j_driver, neo4j_server  # noqa: F401  (fixtures)

HERE = Path(__file__).parent
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini"
BAD = HERE / "fixtures" / "bad"
SEED_DATA = ROOT / "data"


@pytest.fixture()
def mini_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the mini dataset at ./data inside a temporary working folder."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture(scope="session")
def mini() -> ClaimGraph:
    return build_graph(read_dataset(MINI))


@pytest.fixture(scope="session")
def seed() -> ClaimGraph:
    return load_graph(SEED_DATA)


def rewrite_csv(path: Path, change) -> None:
    """Rewrite a CSV file of a dataset copy, calling ``change(row)`` on each row (a dict)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0])
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's, driven by Playwright), shared by the browser tests.

    Skipped with the reason where it is missing, except under CI, where it must run.
    """
    from browser import chromium, in_ci, missing

    reason = missing()
    if reason:
        if in_ci():
            pytest.fail(f"the browser tests must run in CI, but {reason}", pytrace=False)
        pytest.skip(reason)
    with chromium() as launched:
        yield launched
