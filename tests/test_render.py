"""The reader page as HTML and data, without a browser: self-contained, escaped, the right
entities and lines for a filter, the node budget, positions for large graphs, the notebook frame."""
from __future__ import annotations

import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import MINI, ROOT, rewrite_csv
from graphkit.cli.commands import cli
from graphkit.reading.dataset import read_dataset
from graphkit.errors import GraphkitError, LookupFailed
from graphkit.core.graph import build_graph, load_graph
from graphkit.claims.model import EvidenceFilter
from graphkit.outputs.render import (LAYOUT_IN_ADVANCE, layout_positions, page_data, page_html, render_html,
                             show)

sys.path.insert(0, str(ROOT))
from bench.synthetic import write_dataset  # noqa: E402

TEMPLATES = ROOT / "graphkit" / "outputs" / "templates"
PAYLOADS = {
    "name": "<img src=x onerror=alert(1)>",
    "alias": "</script><script>alert(2)</script>",
    "description": "<b>bold</b> & <!-- comment",
    "quote": "</script><script>alert(3)</script>",
    "note": "<svg onload=alert(4)>",
    "title": "<iframe src=javascript:alert(5)>",
}





def make_hostile(folder: Path) -> Path:
    """The mini dataset with script-injection payloads in every kind of text a reader sees."""
    shutil.copytree(MINI, folder)

    def entity(row):
        if row["id"] == "bob":
            row["name"], row["aliases"] = PAYLOADS["name"], PAYLOADS["alias"] + "|Боб Бейкер"
            row["description"] = PAYLOADS["description"]

    def relation(row):
        if row["id"] == "r2":
            row["quote"], row["note"], row["locator"] = PAYLOADS["quote"], PAYLOADS["note"], "<i>p. 4</i>"

    def source(row):
        if row["id"] == "rep":
            row["title"], row["url"] = PAYLOADS["title"], "javascript:alert(6)"

    rewrite_csv(folder / "entities.csv", entity)
    rewrite_csv(folder / "relations.csv", relation)
    rewrite_csv(folder / "sources.csv", source)
    return folder


@pytest.fixture(scope="module")
def mini_graph():
    return build_graph(read_dataset(MINI))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    # check=False: a javascript: URL is invalid data, and the page must still not link it.
    return build_graph(read_dataset(make_hostile(tmp_path_factory.mktemp("hostile") / "data")), check=False)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.starts = []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))


def tags(text: str) -> list[tuple[str, dict]]:
    """The start tags an HTML parser sees (script contents are raw text to it, as to a browser)."""
    parser = _Tags()
    parser.feed(text)
    return parser.starts


def script_tags(page: str) -> int:
    return sum(1 for tag, _ in tags(page) if tag == "script")


def embedded(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


# -- self-contained, UTF-8 -----------------------------------------------------------------
def test_page_loads_nothing_from_outside(mini_graph, tmp_path):
    page = render_html(mini_graph, tmp_path / "p.html").read_text(encoding="utf-8")
    assert re.search(r"<(script|img|iframe|link)[^>]*\s(src|href)=", page) is None
    assert "default-src 'none'" in page
    assert script_tags(page) == 3  # the data block, vis-network, graphkit's page script


def test_page_is_utf8_with_cyrillic_as_typed(mini_graph, tmp_path):
    raw = render_html(mini_graph, tmp_path / "p.html").read_bytes()
    assert "Алиса Арчер".encode("utf-8") in raw
    assert b'<meta charset="utf-8">' in raw


def test_report_call_still_works_and_keeps_contradicted(mini_graph, tmp_path):
    path = render_html(mini_graph, tmp_path / "p.html", EvidenceFilter(min_status="contradicted"))
    data = embedded(path.read_text(encoding="utf-8"))
    assert [c["claim_id"] for e in data["edges"] for c in e["claims"] if c["status"] == "contradicted"] == ["r8"]


# -- escaping -----------------------------------------------------------------------------------
def test_payloads_cannot_close_the_data_block(hostile):
    page = page_html(page_data(hostile))
    assert "</script><script>alert" not in page
    assert "<img src=x" not in page and "<svg onload" not in page
    assert script_tags(page) == 3
    data = embedded(page)
    bob = next(e for e in data["entities"] if e["id"] == "bob")
    assert bob["name"] == PAYLOADS["name"]
    assert PAYLOADS["alias"] in bob["aliases"]


def test_title_is_escaped(mini_graph):
    page = page_html(page_data(mini_graph), title="<b>Report</b> & more")
    assert "<title>&lt;b&gt;Report&lt;/b&gt; &amp; more</title>" in page
    assert "<b>Report" not in page


def test_page_script_builds_text_only():
    script = (TEMPLATES / "page.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink


def test_only_q_numbers_reach_the_wikidata_link(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    rewrite_csv(folder / "entities.csv", lambda r: r.update(wikidata="javascript:alert(1)") if r["id"] == "bob" else None)
    data = page_data(build_graph(read_dataset(folder), check=False))
    wikidata = {e["id"]: e["wikidata"] for e in data["entities"]}
    assert wikidata["bob"] == "" and wikidata["press"] == "Q1"


# -- what is drawn ------------------------------------------------------------------------------
@pytest.mark.parametrize("min_status", ["established", "reported", "alleged", "unverified", "contradicted"])
def test_drawn_lines_are_the_filters_edges(mini_graph, min_status):
    evidence = EvidenceFilter(min_status=min_status)
    data = page_data(mini_graph, evidence)
    drawn = {(e["from"], e["type"], e["to"]) for e in data["edges"]}
    assert drawn == {(e.from_id, e.type, e.to_id) for e in mini_graph.edges(evidence)}
    # All but the two entities in no link that only make claims (the court and the report's authors).
    assert len(data["entities"]) == len(mini_graph.entities) - 2 == data["meta"]["total_entities"] - 2
    assert len(page_data(mini_graph, evidence, parties=True)["entities"]) == len(mini_graph.entities)


def test_edge_claims_carry_citations_strongest_first(mini_graph):
    data = page_data(mini_graph)
    bob_gang = next(e for e in data["edges"] if (e["from"], e["to"]) == ("bob", "gang"))
    assert [(c["claim_id"], c["stance"]) for c in bob_gang["claims"]] == [("r2", "asserts"), ("r3", "disputes")]
    r3 = bob_gang["claims"][1]
    assert (r3["attributed_to_name"], r3["source_title"], r3["source_url"], r3["locator"], r3["note"]) == \
        ("Bob Baker", "Port boss and the gang", "https://example.org/news1", "para 9", "Bob called the report slander.")


def test_claim_dates_become_day_bounds(mini_graph):
    data = page_data(mini_graph)
    r4 = next(c for e in data["edges"] for c in e["claims"] if c["claim_id"] == "r4")
    r5 = next(c for e in data["edges"] for c in e["claims"] if c["claim_id"] == "r5")
    assert (r4["first_day"], r4["last_day"]) == ("2008-05-15", "2016-12-31")
    assert (r5["first_day"], r5["last_day"]) == ("1990-01-01", "")


def test_node_size_follows_the_chosen_centrality(mini_graph):
    sizes = {e["id"]: e["size"] for e in page_data(mini_graph, size_by="degree", parties=True)["entities"]}
    # Degree on the default filter: gang and agency have three links, alice two, court none.
    assert sizes["gang"] == sizes["agency"] == max(sizes.values())
    assert sizes["gang"] > sizes["alice"] > sizes["court"]


def test_entities_that_only_make_claims_are_named_not_drawn(mini_graph):
    data = page_data(mini_graph)
    drawn = {e["id"] for e in data["entities"]}
    assert "court" not in drawn and "harbour-report" not in drawn
    # They are still named in the citations of the claims they make.
    parties = {c["attributed_to"]: c["attributed_to_name"] for e in data["edges"] for c in e["claims"]}
    assert parties["court"] == mini_graph.entities["court"]["name"]
    made = {row[0]: row[3] for row in data["left_out"]}
    assert made == {"court": 1, "harbour-report": 3}
    assert data["meta"]["parties_left_out"] == 2 and data["meta"]["trimmed"] is False
    everyone = page_data(mini_graph, parties=True)
    assert everyone["left_out"] == [] and everyone["meta"]["parties_left_out"] == 0
    # Asked for by name, one is drawn, alone.
    alone = page_data(mini_graph, focus="court")
    assert [e["id"] for e in alone["entities"]] == ["court"] and alone["meta"]["parties_left_out"] == 0


def test_unknown_size_metric_is_refused(mini_graph):
    with pytest.raises(GraphkitError, match="--size-by: unknown metric 'fame'"):
        page_data(mini_graph, size_by="fame")


def test_focus_draws_the_neighbourhood_by_alias(mini_graph):
    data = page_data(mini_graph, focus="алиса арчер", hops=1)
    assert {e["id"] for e in data["entities"]} == {"alice", "bob", "agency"}
    assert data["meta"]["focus"] == {"id": "alice", "name": "Alice Archer"}
    assert {row[0] for row in data["left_out"]} == set(mini_graph.entities) - {"alice", "bob", "agency"}


def test_unknown_focus_names_near_misses(mini_graph):
    with pytest.raises(LookupFailed, match="no entity named 'Alise Archer'.*Alice Archer"):
        page_data(mini_graph, focus="Alise Archer")


def test_budget_keeps_the_top_ranked_and_says_so(mini_graph):
    data = page_data(mini_graph, max_nodes=3)
    assert {e["id"] for e in data["entities"]} == {"agency", "gang", "alice"}  # degree 3, 3, then 2 (ties by id)
    assert data["meta"]["trimmed"] is True
    assert {(e["from"], e["to"]) for e in data["edges"]} == {("alice", "agency"), ("agency", "gang")}
    assert len(data["left_out"]) == 7


def test_small_graphs_are_laid_out_in_the_browser(mini_graph):
    data = page_data(mini_graph)
    assert data["meta"]["layout"] == "physics"
    assert all("x" not in e for e in data["entities"])


def test_large_graphs_get_positions_in_advance(tmp_path):
    g = load_graph(write_dataset(tmp_path / "big", 2 * (LAYOUT_IN_ADVANCE + 50), entities=LAYOUT_IN_ADVANCE + 50))
    data = page_data(g)
    assert data["meta"]["layout"] == "fixed"
    assert all(np.isfinite([e["x"], e["y"]]).all() for e in data["entities"])


def test_layout_puts_linked_entities_closer_than_strangers():
    import networkx as nx

    graph = nx.relabel_nodes(nx.random_labeled_tree(600, seed=3), str)
    pos = layout_positions(sorted(graph), list(graph.edges))
    xy = np.array([pos[n] for n in sorted(graph)])
    linked = np.mean([np.hypot(*np.subtract(pos[a], pos[b])) for a, b in graph.edges])
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(xy), 2000), rng.integers(0, len(xy), 2000)
    strangers = np.mean(np.hypot(*(xy[a] - xy[b]).T))
    assert linked < strangers / 4
    assert len({(round(x, 3), round(y, 3)) for x, y in xy}) == len(xy)  # no two stacked


# -- notebooks ----------------------------------------------------------------------------------
def test_notebook_frame_holds_the_whole_page_escaped(hostile):
    shown = show(hostile, height=480)
    [(tag, frame)] = tags(shown._repr_html_())
    assert tag == "iframe"
    assert frame["srcdoc"] == shown.html  # the parser un-escapes the attribute back to the page
    assert "height: 480px" in frame["style"]
    assert "allow-scripts" in frame["sandbox"] and "allow-same-origin" not in frame["sandbox"]
    assert '"' not in shown._repr_html_().split('srcdoc="', 1)[1].split('" title=', 1)[0]


# -- the command --------------------------------------------------------------------------------
def test_cli_render_reports_what_it_drew(tmp_path):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["render", "--data", str(MINI), "-o", str(out), "--focus", "Alice Archer",
                                      "--hops", "1", "--size-by", "pagerank"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 3 of 10 entities, 2 of 7 links; filters: none (the default leaves out contradicted claims)\n"
    assert embedded(out.read_text(encoding="utf-8"))["meta"]["size_by"] == "pagerank"


def test_cli_render_warns_when_the_budget_cuts(tmp_path):
    result = CliRunner().invoke(cli, ["render", "--data", str(MINI), "-o", str(tmp_path / "p.html"),
                                      "--max-nodes", "4"])
    assert result.exit_code == 0
    # Ten entities: two only make claims and are not drawn anyway, four of the other eight are cut.
    assert result.stderr == ("left out 4 entities past --max-nodes 4; use --focus ENTITY or a larger "
                             "--max-nodes to see them\n")


def test_cli_render_names_the_parties_it_leaves_out(tmp_path):
    out = tmp_path / "p.html"
    result = CliRunner().invoke(cli, ["render", "--data", str(MINI), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "not drawn: 2 entities in no link that only make claims (named in the citations); --parties draws them"]
    result = CliRunner().invoke(cli, ["render", "--data", str(MINI), "-o", str(out), "--parties"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith(f"wrote {out}: 10 of 10 entities")


def test_cli_render_unknown_focus_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["render", "--data", str(MINI), "-o", str(tmp_path / "p.html"),
                                      "--focus", "Nobody Atall"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no entity named 'Nobody Atall'")
    assert not (tmp_path / "p.html").exists()
