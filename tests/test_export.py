"""Exports read back: GraphML and GEXF by networkx, node-link JSON into a ClaimGraph; the CLI's export
command for every format (neo4j-admin's files: test_export_neo4j.py)."""
import json

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
from conftest import SEED_DATA
from graphkit.cli import cli
from graphkit.model import EvidenceFilter

EVERYTHING = EvidenceFilter(min_status="contradicted")


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_attributes(seed, tmp_path, fmt, reader):
    path = tmp_path / f"seed.{fmt}"
    written = graphkit.export(seed, fmt, path)
    assert (written["nodes"], written["edges"]) == (84, 119)
    back = reader(path)
    assert back.number_of_nodes() == 84 and back.number_of_edges() == 119
    putin = back.nodes["putin"]
    assert putin["name"] == "Vladimir Putin" and putin["type"] == "person" and putin["wikidata"] == "Q7747"
    assert "Владимир Путин" in putin["aliases"].split("|")
    (link,) = back.get_edge_data("putin", "kumarin").values()
    assert link["relation"] == "cooperated_with" and link["status"] == "unverified"
    assert link["claims"] == "r101" and link["sources"] == "baghai-2023" and link["disputed"] is False
    assert link["attributed_to"] == "trepashkin" and link["parties"] == 1


def test_graphml_keeps_disputes_and_every_claim_id(seed, tmp_path):
    graphkit.write_graphml(seed, tmp_path / "seed.graphml")
    back = nx.read_graphml(tmp_path / "seed.graphml")
    disputed = [e for e in seed.edges(EvidenceFilter()) if e.disputed]
    assert disputed
    for edge in disputed:
        data = back.get_edge_data(edge.from_id, edge.to_id)[edge.type]
        assert data["disputed"] is True
        assert data["disputed_by"].split("|") == edge.disputed_by
        assert data["disputes"].split("|") == sorted(c.id for c in edge.disputing)
    claim_ids = {c for _, _, d in back.edges(data=True) for c in d["claims"].split("|") + d["disputes"].split("|") if c}
    assert claim_ids == {c.id for e in seed.edges(EvidenceFilter()) for c in e.asserting + e.disputing}


def test_gexf_carries_the_vocabulary_colour_for_gephi(seed, tmp_path):
    graphkit.write_gexf(seed, tmp_path / "seed.gexf")
    back = nx.read_gexf(tmp_path / "seed.gexf")
    assert back.nodes["putin"]["viz"]["color"] == {"r": 0xe4, "g": 0x57, "b": 0x56, "a": 1.0}
    assert back.nodes["putin"]["label"] == "Vladimir Putin"


def test_the_evidence_filter_chooses_what_is_exported(seed, tmp_path):
    graphkit.export(seed, "graphml", tmp_path / "reported.graphml", EvidenceFilter(min_status="reported"))
    back = nx.read_graphml(tmp_path / "reported.graphml")
    assert back.number_of_edges() == 67
    assert {d["status"] for _, _, d in back.edges(data=True)} == {"established", "reported"}


def test_node_link_json_round_trips_every_claim(seed, tmp_path):
    graphkit.write_json(seed, tmp_path / "seed.json", EVERYTHING)
    back = graphkit.read_node_link(tmp_path / "seed.json")
    assert sorted(back.claims, key=lambda c: c.id) == sorted(seed.claims, key=lambda c: c.id)
    assert back.entities == seed.entities
    assert back.sources == seed.sources
    data = json.loads((tmp_path / "seed.json").read_text(encoding="utf-8"))
    claim = next(c for e in data["edges"] for c in e["claims"] if c["claim_id"] == "r101")
    assert claim["quote"].startswith("who testified") and claim["attributed_to_name"] == "Mikhail Trepashkin"
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
    assert result.stdout == f"wrote {tmp_path / 'g.gexf'}: 84 entities, 110 links; filters: exclude-disputed\n"


def test_cli_export_refuses_an_unknown_format(tmp_path):
    result = run("export", "--format", "pdf", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output
