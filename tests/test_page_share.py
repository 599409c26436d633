"""The reader page's address holds what the reader sees (the selection, the filters, the path
question), so that a link opens exactly that view; in headless Chromium."""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from conftest import MINI
from graphkit.claims.model import EvidenceFilter
from graphkit.core.graph import build_graph
from graphkit.outputs.render import render_html
from graphkit.reading.dataset import read_dataset
from test_page_browser import click_edge, counts, edge_id, reader  # noqa: F401  (reader: a fixture)

LOOSEST = EvidenceFilter(min_status="contradicted")
SEEN = """() => ({state: graphkit.state, counts: graphkit.counts(),
    boxes: [...document.querySelectorAll('#side input[type=checkbox]')].map(b => b.checked),
    date: ['date-mode', 'date-a', 'date-b'].map(id => document.getElementById(id).value),
    ends: [document.getElementById('path-from').value, document.getElementById('path-to').value],
    answer: document.getElementById('path-answer').innerText,
    details: document.getElementById('details').hidden ? null : document.getElementById('details-body').innerText})"""


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    return render_html(build_graph(read_dataset(MINI)), tmp_path_factory.mktemp("share") / "mini.html", LOOSEST)


def fragment(page) -> dict:
    return {k: v[0] for k, v in parse_qs(page.evaluate("location.hash").lstrip("#"), keep_blank_values=True).items()}


def test_a_link_to_the_page_opens_the_same_selection_filters_and_path(reader, page_file):
    page, watcher = reader(page_file)
    assert page.evaluate("location.hash") == ""  # as it opens: nothing to hold
    page.locator('#legend-statuses label[data-status="unverified"] input').uncheck()
    page.locator('#legend-statuses label[data-status="disputed"] input').uncheck()
    page.locator('#legend-types label[data-type="organization"] input').uncheck()
    page.locator("#date-mode").select_option("asof")
    page.locator("#date-a").fill("2010")
    page.locator("#path-from").fill("Алиса")
    page.locator("#path-from").press("Enter")
    page.locator("#path-to").fill("Carol")
    page.locator("#path-to").press("Enter")
    page.locator("#search").fill("Дэн")
    page.locator("#search").press("Enter")
    assert fragment(page) == {"from": "alice", "to": "carol", "status": "established,reported,alleged,contradicted",
                              "disputed": "hide", "hide": "organization", "date": "asof:2010", "node": "dan-ivanov"}
    seen = page.evaluate(SEEN)
    assert seen["answer"] and "Dan Ivanov" in seen["details"]

    shared, _ = reader(page.url)  # the link, opened anew
    assert shared.evaluate(SEEN) == seen
    assert shared.evaluate("graphkit.network.getSelectedNodes()") == ["dan-ivanov"]
    assert shared.evaluate("graphkit.pathMarked()") == page.evaluate("graphkit.pathMarked()")
    assert page.evaluate("graphkit.pathMarked().edges.length") > 0
    assert watcher.errors == []


def test_a_line_in_the_details_is_kept_by_its_ends_and_type(reader, page_file):
    page, _ = reader(page_file)
    click_edge(page, edge_id(page, "bob", "gang"))
    assert fragment(page) == {"line": "bob:member_of:gang"}
    shared, _ = reader(page.url)
    assert shared.locator("#details article.claim").count() == 2
    assert shared.evaluate("graphkit.network.getSelectedEdges()") == [edge_id(page, "bob", "gang")]


def test_editing_the_address_changes_the_view(reader, page_file):
    page, _ = reader(page_file)
    before = counts(page)
    page.evaluate("location.hash = '#from=bob&to=agency&status=established,reported'")
    page.wait_for_function("() => document.getElementById('path-answer').dataset.state === 'found'")
    assert page.locator("#path-from").input_value() == "Bob Baker"
    assert counts(page)["edges"] < before["edges"]
    assert page.locator('#legend-statuses label[data-status="alleged"] input').is_checked() is False
    page.evaluate("location.hash = ''")
    page.wait_for_function("() => document.getElementById('path-answer').dataset.state === 'idle'")
    assert counts(page) == before
