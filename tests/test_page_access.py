"""The reader page on a phone (390×844, touch), by keyboard alone, and under an automated
accessibility check (axe-core, injected by the test, never by graphkit), in headless Chromium.
Screenshots go to out/ for a person to look at."""
from __future__ import annotations

import pytest

from browser import AXE, axe_missing, in_ci
from conftest import MINI, ROOT, SEED_DATA
from graphkit.claims.model import EvidenceFilter
from graphkit.core.graph import build_graph, load_graph
from graphkit.outputs.render import render_html
from graphkit.reading.dataset import read_dataset
from test_page_browser import READY, Watcher, counts, node_point, reader  # noqa: F401  (reader: a fixture)

LOOSEST = EvidenceFilter(min_status="contradicted")
PHONE = {"width": 390, "height": 844}
OUT = ROOT / "out"


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    return render_html(load_graph(SEED_DATA), tmp_path_factory.mktemp("access") / "seed.html", LOOSEST)


@pytest.fixture(scope="module")
def mini_page(tmp_path_factory):
    return render_html(build_graph(read_dataset(MINI)), tmp_path_factory.mktemp("access") / "mini.html", LOOSEST)


@pytest.fixture()
def phone(browser):
    """A phone: 390×844 CSS pixels, touch, a mobile viewport."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    yield context
    context.close()


def open_in(context, path, fragment: str = ""):
    page = context.new_page()
    url = path.resolve().as_uri()
    watcher = Watcher(page, allowed_url=url)
    page.goto(url + fragment)
    page.wait_for_function(READY, timeout=60_000)
    return page, watcher


def within_width(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5


def test_on_a_phone_the_graph_legend_search_and_path_finder_work_by_touch(phone, seed_page):
    OUT.mkdir(exist_ok=True)
    page, watcher = open_in(phone, seed_page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    graph = page.locator("#graph").bounding_box()
    assert graph["width"] == PHONE["width"] and graph["height"] >= 0.45 * PHONE["height"]
    page.screenshot(path=str(OUT / "phone-graph.png"))

    # search: a tap on the box, a name typed in Cyrillic, a tap on the result
    page.locator("#search").tap()
    page.keyboard.type("Кумарин")
    page.locator("#search-results button").first.tap()
    page.locator("#details").wait_for(state="visible")
    assert page.locator("#details h2").inner_text() == "Vladimir Kumarin"
    assert within_width(page, "#details")

    # a tap on a node opens its details
    page.locator("#details-close").tap()
    page.wait_for_timeout(400)  # the search's zoom onto Kumarin ends
    page.evaluate("graphkit.network.focus('putin', {scale: 1.5})")  # a node as large as a finger
    page.wait_for_timeout(200)
    putin = node_point(page, "putin")
    graph = page.locator("#graph").bounding_box()
    assert graph["y"] < putin["y"] < graph["y"] + graph["height"] and 0 < putin["x"] < PHONE["width"]
    page.touchscreen.tap(putin["x"], putin["y"])
    page.locator("#details").wait_for(state="visible")
    assert page.locator("#details h2").inner_text() == "Vladimir Putin"

    # the path finder, from the details, then the other end by touch
    page.locator("#details .path-ends-here button").first.tap()
    page.keyboard.type("Кумарин")
    page.locator("#path-to-results button").first.tap()
    answer = page.locator("#path-answer")
    assert answer.get_attribute("data-state") == "found"
    assert within_width(page, "#path-answer") and within_width(page, "#path-to")
    page.locator("#path-finder").scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "phone-path.png"), full_page=True)

    # the legend filters by touch
    before = counts(page)
    page.locator('#legend-statuses label[data-status="unverified"]').tap()
    assert counts(page)["edges"] < before["edges"]
    assert "filters: statuses established, reported, alleged, contradicted" in answer.inner_text()  # redone at once
    page.locator("#legend").scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "phone-legend.png"))
    for selector in ("#search", "#path-from", "#path-swap", "#fit", '#legend-statuses label[data-status="alleged"]'):
        box = page.locator(selector).bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, f"{selector} is too small to tap"
    assert watcher.errors == []


TAB_ORDER = ["search", "fit", "vis-network", "path-from", "path-to", "path-swap", "path-clear"]


def focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement, style = getComputedStyle(el);
        return {id: el.id, tag: el.tagName, cls: el.className, outline: style.outlineStyle,
                width: parseFloat(style.outlineWidth)}; }""")


def test_every_control_works_by_keyboard_with_visible_focus(reader, mini_page):
    page, watcher = reader(mini_page)
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "BODY":
            break  # past the last control
        assert now["outline"] != "none" and now["width"] >= 2, f"no visible focus on {now}"
        seen.append(now["id"] or now["cls"] or now["tag"])
    assert seen[:len(TAB_ORDER)] == TAB_ORDER
    assert "vis-network" in seen  # the graph itself: arrows move it, + and - zoom
    assert "date-mode" in seen and "hide-isolated" in seen

    # the graph moves and zooms by keyboard
    page.locator(".vis-network").focus()
    scale = page.evaluate("graphkit.network.getScale()")
    page.keyboard.down("=")
    page.wait_for_timeout(300)
    page.keyboard.up("=")
    assert page.evaluate("graphkit.network.getScale()") > scale

    # a path question by keyboard alone: type, arrow into the hits, Enter
    page.locator("#path-from").focus()
    page.keyboard.type("алиса")
    page.keyboard.press("ArrowDown")
    assert focused(page)["tag"] == "BUTTON"
    page.keyboard.press("Enter")
    assert page.locator("#path-from").input_value() == "Alice Archer"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "path-to"
    page.keyboard.type("Harbour Gang")
    page.keyboard.press("Enter")
    answer = page.locator("#path-answer")
    assert answer.get_attribute("data-state") == "found"
    folded = answer.locator("details.path").nth(1)
    folded.locator("summary").focus()
    page.keyboard.press("Enter")  # a folded path opens
    assert folded.get_attribute("open") is not None

    # a legend box by keyboard
    before = counts(page)
    page.locator('#legend-statuses label[data-status="alleged"] input').focus()
    page.keyboard.press("Space")
    assert counts(page)["edges"] < before["edges"]
    # Escape leaves a list of hits for its box
    page.locator("#search").focus()
    page.keyboard.type("ivanov")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert focused(page)["id"] == "search" and page.locator("#search-results").is_hidden()
    assert watcher.errors == []


@pytest.fixture(scope="module")
def axe():
    reason = axe_missing()
    if reason:
        if in_ci():
            pytest.fail(f"the accessibility check must run in CI, but {reason}", pytrace=False)
        pytest.skip(reason)
    return AXE


SERIOUS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations(browser, axe, seed_page, viewport):
    """Labels, names, roles and contrast, with a path listed and an entity's details open."""
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(seed_page.resolve().as_uri() + "#from=putin&to=kumarin&status=established,reported,alleged&node=kumarin")
        page.wait_for_function(READY, timeout=60_000)
        assert page.locator("#path-answer").get_attribute("data-state") == "found"
        assert page.evaluate("document.querySelectorAll('script').length") == 3  # the page carries no checker
        page.add_script_tag(path=str(axe))
        assert page.evaluate(SERIOUS) == []
        page.locator("#legend-statuses label[data-status='alleged'] input").uncheck()  # other colours, a no-path text
        page.locator("#details-close").click()
        assert page.evaluate(SERIOUS) == []
    finally:
        page.close()
