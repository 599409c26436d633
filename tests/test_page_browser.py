"""The reader page in real headless Chromium, used as a reader would: offline, searching,
filtering, clicking lines and names, on a desktop and a phone-sized screen, with hostile data.

Chromium is Debian's /usr/bin/chromium driven by Playwright's Python package (see
tests/browser.py). Every request other than the page itself is aborted. Under CI=true a missing
browser fails these tests; elsewhere they skip with the reason.
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest

from browser import Watcher
from conftest import MINI, ROOT, SEED_DATA
from graphkit.reading.dataset import read_dataset
from graphkit.errors import GraphkitError
from graphkit.core.graph import build_graph, load_graph
from graphkit.claims.model import EvidenceFilter
from graphkit.outputs.render import render_html, show
from test_render import PAYLOADS, make_hostile

sys.path.insert(0, str(ROOT))
from bench.synthetic import write_dataset  # noqa: E402

LOOSEST = EvidenceFilter(min_status="contradicted")
PHONE = {"width": 390, "height": 844}
READY = "() => window.graphkitReady === true"  # a function: a string would be eval()ed, which the CSP forbids


@pytest.fixture()
def reader(browser):
    """Open a page file as a reader would; yields (page, watcher) pairs and closes them after."""
    opened = []

    def open_page(path: Path | str, viewport: dict | None = None):
        """``path``: a page file, or a file: address (with a fragment, as a reader's link has it)."""
        page = browser.new_page(viewport=viewport or {"width": 1280, "height": 800})
        url = path if str(path).startswith("file:") else Path(path).resolve().as_uri()
        watcher = Watcher(page, allowed_url=url.split("#")[0])
        opened.append(page)
        page.goto(url)
        page.wait_for_function(READY, timeout=60_000)
        return page, watcher

    yield open_page
    for page in opened:
        page.close()


@pytest.fixture(scope="module")
def mini():
    return build_graph(read_dataset(MINI))


@pytest.fixture(scope="module")
def pages(tmp_path_factory, mini):
    """Pages of the mini dataset: as graphkit report makes it (every status) and with the default filter."""
    folder = tmp_path_factory.mktemp("pages")
    return {"all": render_html(mini, folder / "all.html", LOOSEST),
            "default": render_html(mini, folder / "default.html")}


def counts(page) -> dict:
    return page.evaluate("graphkit.counts()")


def claim_only(g) -> set[str]:
    """Entities in no claim's link that appear only as the party making claims, from the claim
    records: the page leaves them out unless rendered with parties=True."""
    linked = {c.from_id for c in g.claims} | {c.to_id for c in g.claims}
    return {c.attributed_to for c in g.claims} - linked


def drawn(g) -> set[str]:
    """The entities a page without a focus or a budget cut draws."""
    return set(g.entities) - claim_only(g)


def edge_id(page, source: str, target: str) -> str:
    return page.evaluate("([a, b]) => graphkit.data.edges.find(e => e.from === a && e.to === b).id", [source, target])


def click_edge(page, eid: str) -> None:
    """A real mouse click on a (straight) line, at the point nearest its middle where nothing else is."""
    point = page.evaluate("""(id) => {
        const net = graphkit.network, edge = graphkit.data.edges.find(e => e.id === id);
        const p = net.getPositions([edge.from, edge.to]);
        for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
            const dom = net.canvasToDOM({x: p[edge.from].x + f * (p[edge.to].x - p[edge.from].x),
                                         y: p[edge.from].y + f * (p[edge.to].y - p[edge.from].y)});
            if (net.getNodeAt(dom) === undefined && net.getEdgeAt(dom) === id) {
                const box = document.getElementById("graph").getBoundingClientRect();
                return {x: box.left + dom.x, y: box.top + dom.y};
            }
        }
        return null;
    }""", eid)
    assert point is not None, f"no clear point on line {eid} to click"
    page.mouse.click(point["x"], point["y"])


def node_point(page, eid: str) -> dict:
    return page.evaluate("""(id) => {
        const dom = graphkit.network.canvasToDOM(graphkit.network.getPositions([id])[id]);
        const box = document.getElementById("graph").getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""", eid)


def status_checkbox(page, status: str):
    return page.locator(f'#legend-statuses label[data-status="{status}"] input')


# -- loading --------------------------------------------------------------------------------------
def test_page_loads_offline_with_no_errors(reader, pages):
    page, watcher = reader(pages["all"])
    assert watcher.errors == []
    assert watcher.outside_requests() == [] and watcher.blocked == []
    assert watcher.dialogs == []
    assert page.locator("#graph .vis-network canvas").bounding_box()["height"] > 300


@pytest.mark.parametrize("min_status", ["reported", "unverified", "contradicted"])
def test_counts_equal_the_graph_for_the_same_filter(reader, mini, tmp_path, min_status):
    evidence = EvidenceFilter(min_status=min_status)
    page, _ = reader(render_html(mini, tmp_path / "p.html", evidence))
    expected = {"nodes": len(drawn(mini)), "edges": len(mini.edges(evidence))}
    assert counts(page) == expected
    assert page.locator("#counts").inner_text() == (f"Showing {expected['nodes']} of {expected['nodes']} entities "
                                                    f"and {expected['edges']} of {expected['edges']} lines.")


def test_legend_shows_the_vocabulary_with_definitions(reader, pages, mini):
    page, _ = reader(pages["all"])
    statuses = page.locator("#legend-statuses").inner_text()
    for status in mini.vocab.statuses:
        assert status.label in statuses and " ".join(status.definition.split()) in " ".join(statuses.split())
    assert "Disputed" in statuses
    types = page.locator("#legend-types").inner_text()
    present = {mini.entities[e]["type"] for e in drawn(mini)}
    for etype in mini.vocab.entity_types.values():
        assert (etype.label in types) == (etype.id in present)
    assert page.locator("#caution").is_visible()
    assert "claim, not a fact" in page.locator("#caution").inner_text()


# -- search ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed, entity, name", [("гаванская", "gang", "Harbour Gang"),
                                                 ("ДЭН ИВАНОВ", "dan-ivanov", "Dan Ivanov"),
                                                 ("archer", "alice", "Alice Archer")])
def test_search_finds_names_and_aliases_and_selects_the_node(reader, pages, typed, entity, name):
    page, _ = reader(pages["all"])
    page.locator("#search").fill(typed)
    assert page.locator("#search-results button").first.inner_text().startswith(name)
    page.locator("#search").press("Enter")
    page.wait_for_function("(id) => graphkit.network.getSelectedNodes()[0] === id", arg=entity)
    assert page.locator("#details h2").inner_text() == name


def test_search_names_what_the_budget_left_out(reader, mini, tmp_path):
    page, _ = reader(render_html(mini, tmp_path / "p.html", max_nodes=3))
    note = page.locator("#budget-note")
    assert note.is_visible()
    assert claim_only(mini) == {"court", "harbour-report"}
    assert "Left out: 5 of 8 entities in links" in note.inner_text() and "--max-nodes 8" in note.inner_text()
    assert "Not drawn: 2 entities that are in no link" in note.inner_text()
    page.locator("#search").fill("Дэн")
    assert "(not drawn in this page)" in page.locator("#search-results").inner_text()
    page.locator("#search").press("Enter")
    assert "graphkit render --focus dan-ivanov --hops 2" in page.locator("#details").inner_text()


def test_entities_that_only_make_claims_are_found_by_search_not_drawn(reader, pages, mini, tmp_path):
    page, watcher = reader(pages["all"])
    shown = set(page.evaluate("graphkit.data.entities.map(e => e.id)"))
    assert shown == drawn(mini) and not shown & claim_only(mini)
    note = page.locator("#budget-note")
    assert note.is_visible() and "Not drawn: 2 entities that are in no link and only make claims" in note.inner_text()
    assert "graphkit render --parties -o page.html" in note.inner_text()
    assert "Left out" not in note.inner_text()  # no budget cut: every entity in a link is drawn
    page.locator("#search").fill("harbour report")
    assert page.locator("#search-results button").first.inner_text().startswith("The Harbour Report")
    assert "(only makes claims: not drawn)" in page.locator("#search-results").inner_text()
    page.locator("#search").press("Enter")
    made = sum(1 for c in mini.claims if c.attributed_to == "harbour-report")
    details = page.locator("#details").inner_text()
    assert f"making {made} claims" in details and "graphkit render --parties -o page.html" in details
    assert watcher.errors == []

    every, _ = reader(render_html(mini, tmp_path / "parties.html", LOOSEST, parties=True))
    assert counts(every) == {"nodes": len(mini.entities), "edges": len(mini.edges(LOOSEST))}
    assert every.locator("#budget-note").is_hidden()


# -- filters --------------------------------------------------------------------------------------
def test_status_filter_hides_alleged_lines(reader, pages, mini):
    page, _ = reader(pages["all"])
    before = counts(page)
    only_alleged = [e for e in mini.edges(LOOSEST) if {c.status for c in e.asserting} == {"alleged"}]
    assert only_alleged  # the fixture has a line resting on an allegation alone
    status_checkbox(page, "alleged").uncheck()
    assert counts(page) == {"nodes": before["nodes"], "edges": before["edges"] - len(only_alleged)}
    status_checkbox(page, "alleged").check()
    assert counts(page) == before


def test_disputed_lines_are_shown_while_their_box_is_ticked(reader, pages, mini):
    page, _ = reader(pages["all"])
    box = status_checkbox(page, "disputed")
    assert box.is_checked()  # ticked means shown, as for every status and type
    before = counts(page)
    disputed = [e for e in mini.edges(LOOSEST) if e.disputed]
    assert disputed  # the fixture has a link someone denies
    box.uncheck()
    assert counts(page) == {"nodes": before["nodes"], "edges": before["edges"] - len(disputed)}
    box.check()
    assert counts(page) == before


def test_statuses_left_out_when_made_cannot_be_ticked(reader, pages):
    page, _ = reader(pages["default"])
    assert status_checkbox(page, "contradicted").is_disabled()
    assert "--min-status unverified" in page.locator('label[data-status="contradicted"]').inner_text()


def test_entity_type_filter_hides_entities_and_their_lines(reader, pages, mini):
    page, _ = reader(pages["all"])
    page.locator('#legend-types label[data-type="person"] input').uncheck()
    persons = {e for e, row in mini.entities.items() if row["type"] == "person"}
    expected_edges = [e for e in mini.edges(LOOSEST) if e.from_id not in persons and e.to_id not in persons]
    assert counts(page) == {"nodes": len(drawn(mini) - persons), "edges": len(expected_edges)}


@pytest.mark.parametrize("mode, first, second, python_filter", [
    ("asof", "2010", "", EvidenceFilter(min_status="contradicted", as_of=dt.date(2010, 12, 31))),
    ("asof", "1995-06", "", EvidenceFilter(min_status="contradicted", as_of=dt.date(1995, 6, 30))),
])
def test_date_filter_matches_as_of(reader, pages, mini, mode, first, second, python_filter):
    page, _ = reader(pages["all"])
    page.locator("#date-mode").select_option(mode)
    page.locator("#date-a").fill(first)
    assert counts(page)["edges"] == len(mini.edges(python_filter))


def test_date_range_keeps_claims_that_may_hold_in_it(reader, pages):
    page, _ = reader(pages["all"])
    page.locator("#date-mode").select_option("range")
    page.locator("#date-a").fill("2017")
    page.locator("#date-b").fill("2020")
    # r4 (2008-05-15 to 2016) and r6 (1990s to 2009) end before 2017; the other five are open-ended.
    assert counts(page)["edges"] == 6
    page.locator("#date-b").fill("20x")
    assert page.locator("#date-error").is_visible()


# -- details --------------------------------------------------------------------------------------
def test_clicking_a_line_lists_each_claim_with_its_source(reader, pages):
    page, _ = reader(pages["all"])
    click_edge(page, edge_id(page, "bob", "gang"))
    details = page.locator("#details")
    details.wait_for(state="visible")
    claims = details.locator("article.claim")
    assert claims.count() == 2
    first, second = claims.nth(0).inner_text(), claims.nth(1).inner_text()
    assert "Alleged" in first and "claimed by The Harbour Report" in first and "Where: p. 4" in first
    assert "Source: The Harbour Report" in first and "Read via: Port boss and the gang" in first
    assert "DISPUTES" in second and "denied by Bob Baker" in second and "Bob called the report slander." in second
    link = claims.nth(1).locator("a")
    assert link.get_attribute("href") == "https://example.org/news1"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert claims.nth(0).locator("a").count() == 0  # the report has no address


def test_a_source_s_author_is_not_repeated_as_its_publisher(reader, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    path = data / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "rep,The Harbour Report,,,", "rep,The Harbour Report,Harbour Commission,Harbour Commission,"), encoding="utf-8")
    page, _ = reader(render_html(build_graph(read_dataset(data)), tmp_path / "p.html", LOOSEST))
    click_edge(page, edge_id(page, "bob", "gang"))
    claims = page.locator("#details article.claim")
    claims.first.wait_for(state="visible")
    # the news article has both, and they differ: both are shown
    assert "Source: The Harbour Report, Harbour Commission, 2006-09" in claims.nth(0).inner_text()
    assert "Harbour Commission, Harbour Commission" not in claims.nth(0).inner_text()
    assert "J. Writer, Daily Press, 2015-02-23" in claims.nth(1).inner_text()


def test_a_claim_s_role_share_and_amount_are_shown_in_words(reader, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    with open(data / "relations.csv", "a", encoding="utf-8") as fh:  # the file has no attribute columns yet
        fh.write("r20,bob,family_of,carol,reported,asserts,press,news1,para 12,,,,,\n")
    path = data / "relations.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows = [rows[0] + ",role,share,amount,currency"] + [r + ",,,," for r in rows[1:-1]] + [rows[-1] + ",brother,,,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page, _ = reader(render_html(build_graph(read_dataset(data)), tmp_path / "p.html", LOOSEST))
    click_edge(page, edge_id(page, "bob", "carol"))
    claim = page.locator("#details article.claim").first
    claim.wait_for(state="visible")
    assert "role: brother" in claim.inner_text() and claim.locator("p.terms").inner_text() == "role: brother"


def test_clicking_a_node_shows_description_aliases_and_wikidata(reader, pages):
    page, _ = reader(pages["all"])
    point = node_point(page, "press")
    page.mouse.click(point["x"], point["y"])
    details = page.locator("#details")
    details.wait_for(state="visible")
    assert details.locator("h2").inner_text() == "Daily Press"
    assert "A newspaper." in details.inner_text()
    assert details.locator("a").get_attribute("href") == "https://www.wikidata.org/wiki/Q1"
    assert "Makes 3 claims shown in this page." in details.inner_text()


# -- safety ---------------------------------------------------------------------------------------
def test_injection_payloads_show_as_text_and_never_run(reader, tmp_path):
    hostile = build_graph(read_dataset(make_hostile(tmp_path / "data")), check=False)
    page, watcher = reader(render_html(hostile, tmp_path / "hostile.html", LOOSEST))
    page.locator("#search").fill("Боб Бейкер")
    page.locator("#search").press("Enter")
    details = page.locator("#details")
    assert details.locator("h2").inner_text() == PAYLOADS["name"]
    assert PAYLOADS["alias"] in details.inner_text() and PAYLOADS["description"] in details.inner_text()
    page.wait_for_timeout(500)  # the search's focus animation takes 300 ms
    page.mouse.move(**node_point(page, "bob"), steps=4)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(PAYLOADS["name"])
    click_edge(page, edge_id(page, "bob", "gang"))
    claim = page.locator('article[data-claim="r2"]')
    text = claim.inner_text()
    assert "“" + PAYLOADS["quote"] + "”" in text and PAYLOADS["note"] in text and PAYLOADS["title"] in text
    assert claim.locator("a").count() == 0  # javascript: addresses are never links
    assert page.evaluate("document.querySelectorAll('img, iframe, b, i, [onerror], [onload]').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert watcher.dialogs == [] and watcher.errors == [] and watcher.outside_requests() == []


# -- phone ----------------------------------------------------------------------------------------
def test_usable_on_a_phone_sized_screen(reader, pages):
    page, watcher = reader(pages["all"], viewport=PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    graph = page.locator("#graph").bounding_box()
    assert graph["width"] == PHONE["width"] and graph["height"] > 350
    search = page.locator("#search").bounding_box()
    assert search["x"] >= 0 and search["x"] + search["width"] <= PHONE["width"]
    assert page.locator("#caution").is_visible()
    click_edge(page, edge_id(page, "alice", "agency"))
    page.locator("#details").wait_for(state="visible")
    assert "Decree No. 1" in page.locator("#details").inner_text()
    assert page.locator("#details").bounding_box()["width"] <= PHONE["width"]
    assert watcher.errors == []


# -- notebooks ------------------------------------------------------------------------------------
def test_notebook_frame_draws_the_graph(browser, mini):
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    watcher = Watcher(page)
    try:
        cell = show(mini, height=520)._repr_html_()
        page.set_content(f"<!DOCTYPE html><html><body><h1>Notebook</h1>{cell}</body></html>")
        frame = page.frames[1]
        frame.wait_for_function(READY, timeout=60_000)
        expected = {"nodes": len(drawn(mini)), "edges": len(mini.edges(EvidenceFilter()))}
        assert frame.evaluate("graphkit.counts()") == expected
        assert page.locator("iframe").bounding_box()["height"] == pytest.approx(520, abs=2)
        assert frame.locator("#graph .vis-network canvas").bounding_box()["height"] > 200
        assert watcher.errors == [] and watcher.outside_requests() == []
    finally:
        page.close()


# -- large graphs and the seed graph ---------------------------------------------------------------
def test_large_graph_is_cut_to_the_budget_and_opens_quickly(reader, tmp_path):
    g = load_graph(write_dataset(tmp_path / "big", 4000, entities=2000))
    page, watcher = reader(render_html(g, tmp_path / "big.html"))  # default budget: 1,500
    assert counts(page)["nodes"] == 1500
    assert "Left out: 500 of 2,000 entities" in page.locator("#budget-note").inner_text()
    assert page.evaluate("graphkit.network.physics.options.enabled") is False
    assert watcher.errors == []


LABELS = """() => {
    const net = graphkit.network, scale = net.getScale();
    net.redraw();  // label geometry as vis-network last drew it
    return graphkit.nodes.getIds().map(id => {
        const node = net.body.nodes[id], label = node.labelModule, size = label.size;
        const lift = label.fontOptions.vadjust || 0;  // drawn that far lower (up if negative); size leaves it out
        const a = net.canvasToDOM({x: size.left, y: size.top + lift});
        const b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height + lift});
        return {id, inside: ["box", "ellipse", "circle", "database", "text"].includes(node.options.shape),
                px: label.fontOptions.size * scale, drawn: label.visible(), l: a.x, t: a.y, r: b.x, b: b.y};
    });
}"""


def names_on_screen(page) -> list[dict]:
    """The names beside their nodes (not inside a shape): size on screen in pixels, drawn or not, box."""
    return [label for label in page.evaluate(LABELS) if not label["inside"]]


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    drawn = [x for x in labels if x["drawn"]]
    return [(a["id"], b["id"]) for i, a in enumerate(drawn) for b in drawn[i + 1:]
            if a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1]


def test_every_name_is_drawn_full_size_on_a_small_graph(reader, pages):
    page, _ = reader(pages["all"])
    small = names_on_screen(page)
    assert small and all(x["drawn"] and x["px"] >= 12 for x in small)  # a small graph: every name, full size


def test_seed_graph_screenshot_with_readable_names(reader):
    try:
        g = load_graph(SEED_DATA)
    except (GraphkitError, OSError) as exc:
        pytest.skip(f"no valid seed dataset in {SEED_DATA}: {exc}")
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    page, watcher = reader(render_html(g, out / "seed-graph.html", LOOSEST), viewport={"width": 1400, "height": 900})
    assert counts(page) == {"nodes": len(drawn(g)), "edges": len(g.edges(LOOSEST))}
    assert watcher.errors == []
    page.screenshot(path=str(out / "seed-graph.png"))
    phone, _ = reader(out / "seed-graph.html", viewport=PHONE)
    phone.screenshot(path=str(out / "seed-graph-phone.png"))
    for view, least in ((page, 30), (phone, 10)):
        labels = names_on_screen(view)
        shown = [x for x in labels if x["drawn"]]
        assert all(x["px"] >= 10 for x in shown), "a name drawn too small to read"
        width, height = view.evaluate("() => [graphkit.network.body.container.clientWidth, "
                                      "graphkit.network.body.container.clientHeight]")
        cut = [x["id"] for x in shown if x["l"] < -1 or x["t"] < -1 or x["r"] > width + 1 or x["b"] > height + 1]
        assert cut == [], "a name cut at the edge of the graph"
        assert sum(x["px"] >= 12 for x in shown) >= least, f"{len(shown)} of {len(labels)} names readable"
        assert overlapping(labels) == []
    page.evaluate("() => { graphkit.network.moveTo({scale: 1.0}); graphkit.fitLabels(); }")
    assert all(x["drawn"] and x["px"] >= 12 for x in names_on_screen(page))  # zoomed in, every name
