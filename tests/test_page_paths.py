"""The reader page's path finder in headless Chromium: its answers equal `graphkit paths` (the same
paths in the same order, every hop with the same relations and claims) for many pairs and filter
settings on the seed data and on a generated graph; "no connection" names the same filter; the
answer is drawn, listed with its citations as text, and kept in the address.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import shlex
import sys

import pytest
from click.testing import CliRunner

from conftest import MINI, ROOT, SEED_DATA
from graphkit.claims.model import EvidenceFilter
from graphkit.cli.commands import cli
from graphkit.core.analysis import shortest_paths
from graphkit.core.graph import build_graph, load_graph
from graphkit.errors import NoPathError
from graphkit.outputs.render import render_html
from graphkit.reading.dataset import read_dataset
from test_page_browser import reader  # noqa: F401  (fixture)
from test_render import PAYLOADS, make_hostile

sys.path.insert(0, str(ROOT))
from bench.synthetic import write_dataset  # noqa: E402

LOOSEST = EvidenceFilter(min_status="contradicted")
STATUSES = ["established", "reported", "alleged", "unverified", "contradicted"]

# Filter settings as the legend sets them, and the same filter as graphkit's options.
SETTINGS = [
    ({"min": "unverified"}, EvidenceFilter()),
    ({"min": "alleged"}, EvidenceFilter(min_status="alleged")),
    ({"min": "reported", "no_disputed": True}, EvidenceFilter(min_status="reported", exclude_disputed=True)),
    ({"min": "contradicted", "as_of": "2008"}, EvidenceFilter(min_status="contradicted", as_of=dt.date(2008, 12, 31))),
    ({"min": "unverified", "as_of": "1999-06", "no_disputed": True},
     EvidenceFilter(as_of=dt.date(1999, 6, 30), exclude_disputed=True)),
]


def set_filters(page, setting: dict) -> None:
    """Set the legend's boxes and the date as a reader would."""
    weakest = STATUSES.index(setting["min"])
    for i, status in enumerate(STATUSES):
        box = page.locator(f'#legend-statuses label[data-status="{status}"] input')
        if not box.is_disabled():
            box.set_checked(i <= weakest)
    page.locator('#legend-statuses label[data-status="disputed"] input').set_checked(not setting.get("no_disputed"))
    if setting.get("as_of"):
        page.locator("#date-mode").select_option("asof")
        page.locator("#date-a").fill(setting["as_of"])
    else:
        page.locator("#date-mode").select_option("any")


def python_answer(g, source: str, target: str, evidence: EvidenceFilter):
    """`graphkit paths` as JSON, less the citations' text; a string when there is no path."""
    try:
        found = shortest_paths(g, source, target, evidence)
    except NoPathError as exc:
        return str(exc)
    return [{"entities": p["entities"], "length": p["length"], "cost": p["cost"],
             "hops": [{"from": h["from"], "to": h["to"], "relations": [
                 {"type": r["type"], "from_id": r["from_id"], "to_id": r["to_id"], "direction": r["direction"],
                  "status": r["status"], "disputed": r["disputed"],
                  "claims": [c["claim_id"] for c in r["claims"]], "disputes": [c["claim_id"] for c in r["disputes"]]}
                 for r in h["relations"]]} for h in p["hops"]]} for p in found]


PAGE_ANSWERS = """(pairs) => pairs.map(([a, b]) => {
    const found = graphkit.paths(a, b);
    return found.length ? found : graphkit.explainNoPath(a, b);
})"""


def compare(page, g, pairs, evidence) -> int:
    """Assert the page answers every pair as graphkit does; return how many had a path."""
    answers = page.evaluate(PAGE_ANSWERS, [list(p) for p in pairs])
    with_path = 0
    for (a, b), got in zip(pairs, answers):
        expected = python_answer(g, a, b, evidence)
        if isinstance(expected, list):
            with_path += 1
            for p, q in zip(got, expected):
                assert p["cost"] == pytest.approx(q["cost"], abs=1e-6)
                p["cost"] = q["cost"]
        assert got == expected, f"{a} → {b} with {evidence.describe()}"
    return with_path


def pairs_of(ids: list[str], count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [tuple(rng.sample(ids, 2)) for _ in range(count)]


@pytest.fixture(scope="module")
def seed_graph():
    return load_graph(SEED_DATA)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    return load_graph(write_dataset(folder / "data", entities=400, seed=3))


@pytest.mark.parametrize("setting, evidence", SETTINGS, ids=[e.describe() for _, e in SETTINGS])
def test_the_page_answers_as_graphkit_paths_on_the_seed(reader, seed_graph, tmp_path, setting, evidence):
    page, watcher = reader(render_html(seed_graph, tmp_path / "seed.html", LOOSEST))
    set_filters(page, setting)
    ids = sorted(page.evaluate("graphkit.data.entities.map(e => e.id)"))
    pairs = [("putin", "kumarin"), ("ivanov-viktor", "tambov-group")] + pairs_of(ids, 200)
    assert compare(page, seed_graph, pairs, evidence) >= 20  # most questions have an answer to compare
    assert watcher.errors == []


@pytest.mark.parametrize("setting, evidence", SETTINGS, ids=[e.describe() for _, e in SETTINGS])
def test_the_page_answers_as_graphkit_paths_on_a_generated_graph(reader, generated, tmp_path, setting, evidence):
    page, watcher = reader(render_html(generated, tmp_path / "gen.html", LOOSEST))
    set_filters(page, setting)
    ids = sorted(page.evaluate("graphkit.data.entities.map(e => e.id)"))
    pairs = pairs_of(ids, 250)
    assert compare(page, generated, pairs, evidence) >= 100
    many = [a for a in page.evaluate(PAGE_ANSWERS, [list(p) for p in pairs]) if isinstance(a, list) and len(a) > 1]
    assert many  # ties: several shortest paths, whose order must match too
    assert watcher.errors == []


def test_the_command_the_page_shows_gives_the_page_s_answer(reader, seed_graph, tmp_path):
    page, _ = reader(render_html(seed_graph, tmp_path / "seed.html", LOOSEST))
    answered = 0
    for setting, options in (({"min": "alleged", "no_disputed": True, "as_of": "2010"},
                              "--min-status alleged --exclude-disputed --as-of 2010-12-31"),
                             ({"min": "alleged"}, "--min-status alleged"),
                             ({"min": "unverified"}, "")):
        set_filters(page, setting)
        command = page.evaluate("graphkit.pathsCommand('putin', 'kumarin')")
        assert command == f"graphkit paths putin kumarin {options}".strip()
        result = CliRunner().invoke(cli, shlex.split(command)[1:] + ["--data", str(SEED_DATA), "--json"])
        if result.exit_code == 0:
            answered += 1
            assert [p["entities"] for p in json.loads(result.output)] == \
                [p["entities"] for p in page.evaluate("graphkit.paths('putin', 'kumarin')")]
        else:
            assert result.output.strip() == "Error: " + page.evaluate("graphkit.explainNoPath('putin', 'kumarin')")
    assert answered >= 2


# -- the panel, as a reader uses it ----------------------------------------------------------------
@pytest.fixture(scope="module")
def mini():
    return build_graph(read_dataset(MINI))


def pick(page, which: str, typed: str) -> None:
    page.locator(f"#path-{which}").fill(typed)
    page.locator(f"#path-{which}").press("Enter")


def test_picking_two_ends_by_alias_draws_and_lists_the_paths(reader, mini, tmp_path):
    page, watcher = reader(render_html(mini, tmp_path / "mini.html", LOOSEST))
    pick(page, "from", "алиса")  # Cyrillic alias of Alice Archer
    pick(page, "to", "гаванская")  # of the Harbour Gang
    answer = page.locator("#path-answer")
    assert page.locator("#path-from").input_value() == "Alice Archer"
    assert answer.get_attribute("data-state") == "found"
    expected = shortest_paths(mini, "alice", "gang", LOOSEST)
    items = answer.locator(".path-list > li")
    assert [items.nth(i).get_attribute("data-path") for i in range(items.count())] == \
        [" ".join(p["entities"]) for p in expected]
    assert answer.locator("details.path[open]").count() == 1  # the first path open, the others folded
    for i in range(1, items.count()):
        items.nth(i).locator("summary").click()
    text = answer.inner_text()
    assert "the agency worked hand in glove with the gang" in text  # the quote on a hop
    assert "claimed by The Harbour Report" in text and "Where: para 2" in text
    assert "graphkit paths alice gang" in text
    marked = page.evaluate("() => graphkit.pathMarked().edges.map(id => graphkit.data.edges.find(e => e.id === id))"
                           ".map(e => [e.from, e.to])")
    on_paths = {tuple(sorted((h["from"], h["to"]))) for p in expected for h in p["hops"]}
    assert {tuple(sorted(pair)) for pair in marked} == on_paths
    # a filter changes the answer at once
    page.locator('#legend-statuses label[data-status="unverified"] input').uncheck()
    assert answer.get_attribute("data-state") == "found"
    assert "hand in glove" not in answer.inner_text()
    assert watcher.errors == []


def test_no_connection_names_the_filter_that_cut_it(reader, mini, tmp_path):
    page, _ = reader(render_html(mini, tmp_path / "mini.html", LOOSEST))
    set_filters(page, {"min": "reported", "no_disputed": True})
    pick(page, "from", "Alice Archer")
    pick(page, "to", "Harbour Gang")
    answer = page.locator("#path-answer")
    assert answer.get_attribute("data-state") == "none"
    with pytest.raises(NoPathError) as cut:
        shortest_paths(mini, "alice", "gang", EvidenceFilter(min_status="reported", exclude_disputed=True))
    message = str(cut.value)
    assert "--min-status" in message
    assert answer.locator(".no-path").inner_text() == message[0].upper() + message[1:] + "."
    assert "tick more statuses" in answer.inner_text()


def test_the_budget_note_gives_the_command_for_the_whole_dataset(reader, generated, tmp_path):
    page, _ = reader(render_html(generated, tmp_path / "cut.html", max_nodes=60))
    ids = page.evaluate("graphkit.data.entities.map(e => e.id)")
    page.evaluate("([a, b]) => graphkit.setPathEnds(a, b)", [ids[0], ids[1]])
    text = page.locator("#path-answer .path-command").inner_text()
    assert "only part of the graph" in text and f"graphkit paths {ids[0]} {ids[1]}" in text
    left_out = page.evaluate("graphkit.data.left_out.find(r => r[3] === 0)[0]")
    page.evaluate("([a, b]) => graphkit.setPathEnds(a, b)", [ids[0], left_out])
    assert page.locator("#path-answer").get_attribute("data-state") == "not-drawn"
    assert f"graphkit paths {ids[0]} {left_out}" in page.locator("#path-answer").inner_text()


def test_names_quotes_and_notes_in_the_path_list_are_text(reader, tmp_path):
    hostile = build_graph(read_dataset(make_hostile(tmp_path / "data")), check=False)
    page, watcher = reader(render_html(hostile, tmp_path / "hostile.html", LOOSEST))
    pick(page, "from", "Боб Бейкер")
    pick(page, "to", "Carol")
    answer = page.locator("#path-answer")
    assert page.locator("#path-from").input_value() == PAYLOADS["name"]
    text = answer.inner_text()
    for payload in ("name", "quote", "note", "title"):
        assert PAYLOADS[payload] in text, payload
    assert "<i>p. 4</i>" in text
    assert page.evaluate("document.querySelectorAll('img, iframe, b, i, svg [onload], [onerror], [onload]').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert watcher.dialogs == [] and watcher.errors == [] and watcher.outside_requests() == []
