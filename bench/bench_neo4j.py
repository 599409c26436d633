"""How fast graphkit loads a dataset into a real Neo4j, and how fast neo4j-admin imports it.

``measure_neo4j(folder)`` starts its own server (graphkit.neo4j.server, a free loopback port, a
random password, the server's default memory settings) and times three loads of ``folder``
(``Neo4jGraph.load``, what ``graphkit neo4j load`` runs: read, validate, write, prune): a first load
into the empty database of the server just started; a first load of the same folder as a second
dataset, once the server has run a while (its JIT compiler has warmed up; the store holds the
first dataset); and a reload of that second dataset. It then wipes both and stops the server. Given
``uri``, ``user`` and ``password`` it uses that server instead and wipes the datasets it loaded. With
``admin_import=True`` it also times the offline route: the CSVs of ``graphkit export --format
neo4j-import`` and ``neo4j-admin database import full`` into a fresh store.

    python bench/bench_neo4j.py /tmp/gk-bench/1m --admin-import
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

__all__ = ["measure_neo4j", "admin_import_seconds"]

DATASET = "bench-neo4j"


def _rate(claims: int, seconds: float) -> float:
    return round(claims / seconds, 1) if seconds > 0 else float("nan")


def admin_import_seconds(folder: str | Path) -> dict:
    """Time exporting ``folder`` as neo4j-admin CSVs and importing them into a new store."""
    from graphkit.neo4j import server as neo4j_server
    from graphkit.core.engine import load_index
    from graphkit.exports.neo4j_import import write_neo4j_import
    from graphkit.claims.model import EvidenceFilter

    java, lib = neo4j_server._java(None), neo4j_server.fetch()
    with tempfile.TemporaryDirectory(prefix="gk-admin-import-") as tmp:
        tmp = Path(tmp)
        began = time.monotonic()
        written = write_neo4j_import(load_index(folder), tmp / "import",
                                     EvidenceFilter(min_status="contradicted"), dataset=DATASET)
        export_s = time.monotonic() - began
        (tmp / "conf").mkdir()
        (tmp / "conf" / "neo4j.conf").write_text(f"server.directories.data={tmp / 'data'}\n"
                                                 f"server.directories.logs={tmp / 'logs'}\n")
        env = {**os.environ, "NEO4J_HOME": str(tmp), "NEO4J_CONF": str(tmp / "conf")}
        began = time.monotonic()
        done = subprocess.run([java, "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", "database", "import", "full",
                               "neo4j", *written["arguments"]], cwd=tmp / "import", env=env,
                              capture_output=True, text=True)
        import_s = time.monotonic() - began
        if done.returncode != 0 or "IMPORT DONE" not in done.stdout:
            raise RuntimeError(f"neo4j-admin import failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
    return {"export_seconds": round(export_s, 2), "import_seconds": round(import_s, 2),
            "admin_import_seconds": round(export_s + import_s, 2)}


def _timed_load(db, folder: Path) -> tuple[dict, float]:
    began = time.monotonic()
    result = db.load(folder, progress=False)
    return result, time.monotonic() - began


def _measure(folder: Path, uri: str, user: str, password: str, reload: bool) -> dict:
    """Three loads of ``folder``: as a new dataset on the server as found (a freshly started one:
    its JIT compiler still warming up), as a second new dataset (the server now warm, its store
    holding the first), and that second dataset again (a reload: every claim merged)."""
    from graphkit.neo4j.backend import Neo4jGraph, Neo4jSettings

    settings = Neo4jSettings(uri, user, password)
    with Neo4jGraph(settings, dataset=DATASET) as first, Neo4jGraph(settings, dataset=f"{DATASET}-2") as second:
        first.wipe()
        second.wipe()
        loaded, load_s = _timed_load(first, folder)
        result = {"claims": loaded["claims"], "entities": loaded["entities"], "sources": loaded["sources"],
                  "load_seconds": round(load_s, 2), "claims_per_second": _rate(loaded["claims"], load_s)}
        loaded, load_s = _timed_load(second, folder)
        reruns = loaded["rerun_after_deadlock"]
        result.update(running_load_seconds=round(load_s, 2),
                      running_claims_per_second=_rate(loaded["claims"], load_s),
                      reload_seconds=None, reload_claims_per_second=None)
        if reload:
            again, reload_s = _timed_load(second, folder)
            assert again["claims"] == loaded["claims"] and again["removed_relationships"] == 0, again
            reruns += again["rerun_after_deadlock"]
            result.update(reload_seconds=round(reload_s, 2),
                          reload_claims_per_second=_rate(again["claims"], reload_s))
        result["rerun_after_deadlock"] = reruns
        began = time.monotonic()
        second.wipe()
        result["wipe_seconds"] = round(time.monotonic() - began, 2)
        first.wipe()
    return result


def measure_neo4j(folder: str | Path, uri: str | None = None, user: str = "neo4j", password: str | None = None,
                  *, reload: bool = True, admin_import: bool = False) -> dict:
    """Load ``folder`` into Neo4j and time it.

    Returns ``claims``; ``load_seconds`` and ``claims_per_second``, a first load on a server
    just started (whole load: read, validate, write, prune); ``running_load_seconds`` and
    ``running_claims_per_second``, the same folder as a second new dataset on the now running
    server; ``reload_seconds`` and ``reload_claims_per_second`` (that second dataset again:
    every claim merged, nothing pruned); ``rerun_after_deadlock`` (batches Neo4j ended on a
    deadlock, run again, over the last two loads); ``wipe_seconds``; and
    ``admin_import_seconds`` (export and neo4j-admin import; None unless ``admin_import``).
    Without ``uri`` a local server is started for the measurement.
    """
    folder = Path(folder)
    if uri is None:
        from graphkit.neo4j import server as neo4j_server

        password = secrets.token_urlsafe(18)
        info = neo4j_server.start(port=neo4j_server.free_port(), detach=False, password=password)
        try:
            result = _measure(folder, info.uri, info.user, password, reload)
        finally:
            neo4j_server.stop(info.port)
        result["server"] = {"heap": neo4j_server.default_heap(), "pagecache": neo4j_server.default_pagecache()}
    else:
        result = _measure(folder, uri, user, password or "", reload)
    result["admin_import_seconds"] = None
    if admin_import:
        result.update(admin_import_seconds(folder))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a dataset folder (e.g. /tmp/gk-bench/1m)")
    parser.add_argument("--admin-import", action="store_true", help="also time neo4j-admin import")
    parser.add_argument("--no-reload", action="store_true", help="time the first load only")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line only")
    args = parser.parse_args(argv)
    if args.json:
        import logging

        logging.getLogger("neo4j").setLevel(logging.ERROR)  # the driver's notices about empty databases
        print(json.dumps(measure_neo4j(args.folder, reload=not args.no_reload, admin_import=args.admin_import)))
        return 0
    sizes = {p.name: sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in sorted(args.folder.glob("*.csv"))}
    print(f"dataset {args.folder}: " + ", ".join(f"{n} rows of {name}" for name, n in sizes.items()), flush=True)
    result = measure_neo4j(args.folder, reload=not args.no_reload, admin_import=args.admin_import)
    print(f"first load, server just started: {result['load_seconds']:.1f} s, "
          f"{result['claims_per_second']:,.0f} claims/s")
    print(f"first load, server running:      {result['running_load_seconds']:.1f} s, "
          f"{result['running_claims_per_second']:,.0f} claims/s")
    if result["reload_seconds"] is not None:
        print(f"reload:                          {result['reload_seconds']:.1f} s, "
              f"{result['reload_claims_per_second']:,.0f} claims/s")
    if result["admin_import_seconds"] is not None:
        print(f"neo4j-admin: export {result['export_seconds']:.1f} s + import {result['import_seconds']:.1f} s")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
