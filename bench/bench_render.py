"""How the reader page scales: generation time, file size and time until the page is ready.

For synthetic datasets of 100, 1,000 and 5,000 entities (bench/synthetic.py) it times building
the page in Python, measures the file, and opens it in headless Chromium (Debian's, through
Playwright, network blocked) until ``window.graphkitReady`` (laid out and drawn). The 5,000-entity
dataset is measured twice: with the default node budget (1,500 drawn) and with all of it drawn.

Usage: python bench/bench_render.py [--sizes 100,1000,5000] [--repeat 3]
Not a test: it prints figures and exits 0 (or 2 when no browser is installed).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.synthetic import write_dataset  # noqa: E402
from browser import Watcher, chromium, missing  # noqa: E402
from graphkit.core.graph import build_graph  # noqa: E402
from graphkit.reading.dataset import read_dataset  # noqa: E402
from graphkit.outputs.render import DEFAULT_MAX_NODES, page_data, write_page  # noqa: E402


def time_to_ready(browser, path: Path) -> tuple[float, float]:
    """Seconds from navigation to ready: as the page measured it, and as the harness waited."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    url = path.resolve().as_uri()
    watcher = Watcher(page, allowed_url=url)
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function("() => window.graphkitReady === true", timeout=300_000)
        wall = time.perf_counter() - start
        in_page = page.evaluate("window.graphkitReadyAt") / 1000
        if watcher.errors or watcher.outside_requests():
            raise RuntimeError(f"{path.name}: {watcher.errors} {watcher.outside_requests()}")
        return in_page, wall
    finally:
        page.close()


def measure(browser, folder: Path, entities: int, max_nodes: int, repeat: int) -> dict:
    data_dir = folder / f"data-{entities}"
    start = time.perf_counter()
    if not (data_dir / "entities.csv").exists():
        write_dataset(data_dir, entities=entities)
    g = build_graph(read_dataset(data_dir))
    load_s = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        g = build_graph(read_dataset(data_dir))  # a fresh graph: no filtered view cached from the last run
        start = time.perf_counter()
        data = page_data(g, max_nodes=max_nodes)
        path = write_page(data, folder / f"page-{entities}-{max_nodes}.html")
        generate_s = time.perf_counter() - start
        ready_s, wall_s = time_to_ready(browser, path)
        runs.append((generate_s, ready_s, wall_s))
    generate_s, ready_s, wall_s = (min(r[i] for r in runs) for i in range(3))
    return {"entities": entities, "drawn": len(data["entities"]), "lines": len(data["edges"]),
            "layout": data["meta"]["layout"], "load_s": load_s, "generate_s": generate_s,
            "size_mb": path.stat().st_size / 1e6, "ready_s": ready_s, "wall_s": wall_s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is kept")
    args = parser.parse_args()
    reason = missing()
    if reason:
        print(f"cannot measure time to ready: {reason}", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = [(n, DEFAULT_MAX_NODES) for n in sizes] + [(n, n) for n in sizes if n > DEFAULT_MAX_NODES]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        # Warm up: the first page a browser opens costs extra, and so do the first imports of the layout.
        time_to_ready(browser, write_page(page_data(build_graph(read_dataset(
            write_dataset(Path(tmp) / "warm", entities=400)))), Path(tmp) / "warm.html"))
        for entities, budget in cases:
            rows.append(measure(browser, Path(tmp), entities, budget, args.repeat))
            print(f"  measured {entities} entities, budget {budget}", file=sys.stderr, flush=True)
    base = rows[0]
    header = (f"{'entities':>8} {'drawn':>6} {'lines':>6} {'layout':>8} {'csv+load s':>10} {'generate s':>10} "
              f"{'size MB':>8} {'ready s':>8} {'(wall s)':>8} {'x gen':>6} {'x size':>6} {'x ready':>7}")
    print(header)
    for r in rows:
        print(f"{r['entities']:>8} {r['drawn']:>6} {r['lines']:>6} {r['layout']:>8} {r['load_s']:>10.2f} "
              f"{r['generate_s']:>10.2f} {r['size_mb']:>8.2f} {r['ready_s']:>8.2f} {r['wall_s']:>8.2f} "
              f"{r['generate_s'] / base['generate_s']:>6.1f} {r['size_mb'] / base['size_mb']:>6.1f} "
              f"{r['ready_s'] / base['ready_s']:>7.1f}")
    print(f"ratios (x) are against the {base['entities']}-entity page; ready: laid out and drawn, "
          "as the page measured it from navigation start")
    return 0


if __name__ == "__main__":
    sys.exit(main())
