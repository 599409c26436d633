"""Exports read back: GraphML and GEXF by networkx, node-link JSON into a ClaimGraph, each equal to
the reference built claim by claim (tests/oracle.py); the CLI's export command for every format
(neo4j-admin's files: test_export_neo4j.py)."""
import datetime as dt
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
import oracle
from conftest import SEED_DATA
import xml_schemas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synthetic import write_dataset  # noqa: E402
from graphkit.cli.commands import cli
from graphkit.exports import edge_id
from oracle import edge_record
from graphkit.claims.model import EvidenceFilter

EVERYTHING = EvidenceFilter(min_status="contradicted")
FILTERS = {"default": EvidenceFilter(), "everything": EVERYTHING, "exclude-disputed": EvidenceFilter(exclude_disputed=True),
           "two-parties": EvidenceFilter(min_status="alleged", exclude_single_source=True),
           "as-of": EvidenceFilter(as_of=dt.date(2010, 12, 31), types=frozenset({"member_of", "head_of", "cooperated_with"}))}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A generated dataset (Cyrillic aliases, partial dates, disputes, every type) and its claim graph."""
    return graphkit.load_graph(write_dataset(tmp_path_factory.mktemp("synthetic"), 4000, seed=5))


def _typed(graph: nx.MultiDiGraph) -> tuple[dict, dict]:
    return ({n: dict(d) for n, d in graph.nodes(data=True)},
            {(u, v, d["relation"]): {k: x for k, x in d.items() if k != "id"} for u, v, d in graph.edges(data=True)})


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
@pytest.mark.parametrize("dataset", ["seed", "synthetic"])
def test_xml_exports_written_from_the_index_equal_the_reference(dataset, fmt, reader, name, seed, synthetic, tmp_path):
    """Written column-wise from the stored index, read back by networkx: every node and link attribute,
    typed, equals the record built claim by claim from the claim graph."""
    g = seed if dataset == "seed" else synthetic
    path = tmp_path / f"out.{fmt}"
    graphkit.export(graphkit.load_index(g.directory), fmt, path, FILTERS[name])
    nodes, links = _typed(reader(path))
    expected = oracle.export_graph(g, FILTERS[name])
    expected_nodes, expected_links = _typed(expected)
    assert nodes == expected_nodes
    assert links == expected_links and len(links) == expected.number_of_edges()


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("dataset", ["seed", "synthetic"])
def test_node_link_json_from_the_index_equals_the_reference(dataset, name, seed, synthetic, tmp_path):
    g = seed if dataset == "seed" else synthetic
    graphkit.write_json(graphkit.load_index(g.directory), tmp_path / "out.json", FILTERS[name])
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data == oracle.node_link(g, FILTERS[name])
    assert data["edges"], "the filter must leave links to compare"
GRAPHML, GEXF = "{http://graphml.graphdrawing.org/xmlns}", "{http://www.gexf.net/1.2draft}"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_attributes(seed, tmp_path, fmt, reader):
    path = tmp_path / f"seed.{fmt}"
    written = graphkit.export(seed, fmt, path)
    assert (written["nodes"], written["edges"]) == (88, 125)
    back = reader(path)
    assert back.number_of_nodes() == 88 and back.number_of_edges() == 125
    putin = back.nodes["putin"]
    assert putin["name"] == "Vladimir Putin" and putin["type"] == "person" and putin["wikidata"] == "Q7747"
    assert "Владимир Путин" in putin["aliases"].split("|")
    (link,) = back.get_edge_data("putin", "kumarin").values()
    assert link["relation"] == "cooperated_with" and link["status"] == "unverified"
    assert link["claims"] == "r101" and link["sources"] == "baghai-2023" and link["disputed"] is False
    assert link["attributed_to"] == "baghai-christian" and link["parties"] == 1


def test_graphml_keeps_disputes_and_every_claim_id(seed, tmp_path):
    graphkit.write_graphml(seed, tmp_path / "seed.graphml")
    back = nx.read_graphml(tmp_path / "seed.graphml")
    disputed = [e for e in seed.edges(EvidenceFilter()) if e.disputed]
    assert disputed
    for edge in disputed:
        data = back.get_edge_data(edge.from_id, edge.to_id)[edge_id(edge.from_id, edge.type, edge.to_id)]
        assert data["disputed"] is True
        assert data["disputed_by"].split("|") == edge.disputed_by
        assert data["disputes"].split("|") == sorted(c.id for c in edge.disputing)
    claim_ids = {c for _, _, d in back.edges(data=True) for c in d["claims"].split("|") + d["disputes"].split("|") if c}
    assert claim_ids == {c.id for e in seed.edges(EvidenceFilter()) for c in e.asserting + e.disputing}


def test_gexf_carries_the_vocabulary_colour_for_gephi(seed, tmp_path):
    graphkit.write_gexf(seed, tmp_path / "seed.gexf")
    root = ET.parse(tmp_path / "seed.gexf").getroot()
    putin = root.find(f".//{GEXF}node[@id='putin']")
    assert putin.get("label") == "Vladimir Putin"
    assert putin.find(f"{GEXF}color").attrib == {"r": "228", "g": "87", "b": "86", "a": "1.0"}  # #e45756
    assert nx.read_gexf(tmp_path / "seed.gexf").nodes["putin"]["colour"] == "#e45756"


@pytest.mark.parametrize("evidence", [EvidenceFilter(), EVERYTHING, EvidenceFilter(exclude_disputed=True)],
                         ids=["default", "everything", "exclude-disputed"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_are_valid_by_the_published_schemas(seed, tmp_path, fmt, evidence):
    path = tmp_path / f"seed.{fmt}"
    graphkit.export(seed, fmt, path, evidence)
    assert xml_schemas.problems(fmt, path) == []


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_schemas_do_find_what_networkx_writes_unmended(seed, tmp_path, fmt):
    """The check can fail: networkx's own output, keyed by relation, breaks both schemas."""
    graph = graphkit.export_graph(seed)
    path = tmp_path / f"plain.{fmt}"
    if fmt == "gexf":
        del graph.graph["filter"]
        nx.write_gexf(graph, path)
        expected = "attribute 'name': The attribute 'name' is not allowed"
    else:
        nx.write_graphml(graph, path)
        expected = "Duplicate key-sequence ['routes_through']"
    assert any(expected in problem for problem in xml_schemas.problems(fmt, path))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_every_link_has_its_own_edge_id(seed, tmp_path, fmt):
    """Gephi keys links on the edge id: 127 links need 127 ids (the relation type gave 30)."""
    path = tmp_path / f"seed.{fmt}"
    graphkit.export(seed, fmt, path, EVERYTHING)
    ns = GRAPHML if fmt == "graphml" else GEXF
    edges = ET.parse(path).getroot().findall(f".//{ns}edge")
    by_id = {e.get("id"): (e.get("source"), e.get("target")) for e in edges}
    links = {(e.from_id, e.type, e.to_id) for e in seed.edges(EVERYTHING)}
    assert len(edges) == len(by_id) == len(links) == 127
    assert by_id["putin--cooperated_with--kumarin"] == ("putin", "kumarin")
    assert set(by_id) == {edge_id(*link) for link in links}


def test_gexf_holds_no_networkx_internals(seed, tmp_path):
    graphkit.write_gexf(seed, tmp_path / "seed.gexf")
    root = ET.parse(tmp_path / "seed.gexf").getroot()
    titles = {a.get("title") for a in root.iter(f"{GEXF}attribute")}
    assert "networkx_key" not in titles and {"relation", "status", "claims"} <= titles
    assert "name" not in root.find(f"{GEXF}graph").attrib
    back = nx.read_gexf(tmp_path / "seed.gexf")
    assert back.number_of_edges() == 125
    assert all("networkx_key" not in d and d["relation"] for _, _, d in back.edges(data=True))


def test_igraph_reads_the_graphml_numbers_as_numbers(seed, tmp_path):
    """igraph keeps numeric attributes as doubles: the integers come back exact, booleans as booleans."""
    import igraph

    graphkit.write_graphml(seed, tmp_path / "seed.graphml")
    back = igraph.Graph.Read_GraphML(str(tmp_path / "seed.graphml"))
    assert (back.vcount(), back.ecount()) == (88, 125)
    expected = {(e.from_id, e.type, e.to_id): edge_record(seed, e) for e in seed.edges(EvidenceFilter())}
    for edge in back.es:
        rec = expected[(back.vs[edge.source]["id"], edge["relation"], back.vs[edge.target]["id"])]
        for column in ("parties", "status_rank"):
            assert isinstance(edge[column], float) and edge[column] == rec[column]
        assert edge["claim_count"] == len(rec["claims"]) and edge["disputed"] is rec["disputed"]
    putin = back.vs.find(id="putin")
    claims = graphkit.export_graph(seed).nodes["putin"]["claims"]
    assert isinstance(putin["claims"], float) and putin["claims"] == claims > 0
    assert putin["name"] == "Vladimir Putin"


def test_the_evidence_filter_chooses_what_is_exported(seed, tmp_path):
    graphkit.export(seed, "graphml", tmp_path / "reported.graphml", EvidenceFilter(min_status="reported"))
    back = nx.read_graphml(tmp_path / "reported.graphml")
    assert back.number_of_edges() == 73  # r014 (the Inquiry's "probably approved") is alleged
    assert {d["status"] for _, _, d in back.edges(data=True)} == {"established", "reported"}


def test_node_link_json_round_trips_every_claim(seed, tmp_path):
    graphkit.write_json(seed, tmp_path / "seed.json", EVERYTHING)
    back = graphkit.read_node_link(tmp_path / "seed.json")
    assert sorted(back.claims, key=lambda c: c.id) == sorted(seed.claims, key=lambda c: c.id)
    assert back.entities == seed.entities
    assert back.sources == seed.sources
    data = json.loads((tmp_path / "seed.json").read_text(encoding="utf-8"))
    claim = next(c for e in data["edges"] for c in e["claims"] if c["claim_id"] == "r101")
    assert claim["quote"].startswith("who testified") and claim["attributed_to_name"] == "Christian Baghai"
    assert graphkit.rank(back, "betweenness").equals(graphkit.rank(seed, "betweenness"))


def test_cli_export_writes_each_format_and_json_equals_the_api(tmp_path):
    for fmt, name in [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"), ("ftm", "g.ftm.json"),
                      ("neo4j-import", "neo4j")]:
        result = run("export", "--data", SEED_DATA, "--format", fmt, "-o", tmp_path / name, "--json",
                     "--min-status", "reported")
        assert result.exit_code == 0, result.output
        printed = json.loads(result.stdout)
        expected = graphkit.export(graphkit.load_graph(SEED_DATA), fmt, tmp_path / f"api-{name}",
                                   EvidenceFilter(min_status="reported"), dataset="data")
        for key in ("seconds", "path", "command"):
            printed.pop(key, None), expected.pop(key, None)
        assert printed == expected


def test_cli_export_says_what_it_wrote(tmp_path):
    result = run("export", "--data", SEED_DATA, "--format", "gexf", "-o", tmp_path / "g.gexf", "--exclude-disputed")
    assert result.exit_code == 0
    assert result.stdout == f"wrote {tmp_path / 'g.gexf'}: 88 entities, 117 links; filters: exclude-disputed\n"


def test_cli_export_refuses_an_unknown_format(tmp_path):
    result = run("export", "--format", "pdf", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_a_file_written_in_small_blocks_is_the_same_file(fmt, synthetic, tmp_path, monkeypatch):
    """Large exports are put together a block of rows at a time: block edges change nothing."""
    from graphkit.exports import node_link as export_json
    from graphkit.exports import xml as export_xml

    index = graphkit.load_index(synthetic.directory)
    graphkit.export(index, fmt, tmp_path / "whole", EVERYTHING)
    monkeypatch.setattr(export_xml, "BLOCK", 7)
    monkeypatch.setattr(export_json, "BLOCK", 7)
    graphkit.export(index, fmt, tmp_path / "blocks", EVERYTHING)
    whole = (tmp_path / "whole").read_bytes()
    assert whole == (tmp_path / "blocks").read_bytes() and len(whole) > 100_000
