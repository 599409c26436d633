"""The investigators' Cypher library, run against the real server with the seed data loaded."""
import json
import re

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED_DATA
from graphkit.neo4j.backend import Neo4jGraph, Neo4jSettings
from graphkit.cli.commands import cli
from graphkit.neo4j.cypher import list_queries, query_header, read_query

DATASET = "library-test"
QUERIES = {p.stem: p for p in list_queries()}


@pytest.fixture(scope="module")
def env(neo4j_server):
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    with Neo4jGraph(settings, dataset=DATASET) as db:
        db.load(SEED_DATA)
        yield {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
               "NEO4J_PASSWORD": neo4j_server.password, "NEO4J_DATABASE": neo4j_server.database}
        db.wipe()


def query(env, query_name, **params):
    args = ["query", str(QUERIES[query_name]), "--dataset", DATASET, "--json"]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_library_has_at_least_ten_documented_single_statement_queries():
    assert len(QUERIES) >= 10
    for name, path in QUERIES.items():
        text = read_query(path)
        header = query_header(text)
        assert {"answers", "parameters", "example", "returns"} <= header.keys(), name
        assert f"cypher/query/{name}.cypher" in header["example"], name
        body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
        assert ";" not in body, name
        declared = set(re.findall(r"\$(\w+)", header["parameters"]))
        used = set(re.findall(r"\$(\w+)", body))
        assert used == declared, (name, used ^ declared)


def test_no_query_formats_values_into_its_text():
    for name, path in QUERIES.items():
        body = "\n".join(line for line in read_query(path).splitlines() if not line.startswith("//"))
        assert not re.search(r"\{[a-z_]+\}|%s|__[A-Z]+__", body), name


def test_connection_cites_every_hop(env):
    rows = query(env, "connection", **{"from": "putin", "to": "kumarin"})
    assert {(r["from_name"], r["to_name"]) for r in rows} == {("Vladimir Putin", "Vladimir Kumarin")}
    [row] = rows
    assert row["status"] == "unverified" and row["claimed_by"] == "Christian Baghai"  # the blog, naming Trepashkin
    assert row["quote"].startswith("who testified that he had seen documents")


def test_connection_undisputed(env):
    rows = query(env, "connection_undisputed", **{"from": "trepashkin", "to": "tambov-group"})
    assert rows and all(r["names"][0] == "Mikhail Trepashkin" and r["names"][-1] == "Tambov gang" for r in rows)


def test_alleged_against_putin(env):
    rows = query(env, "alleged_against", entity="putin")
    assert {r["status"] for r in rows} <= {"alleged", "unverified"}
    ids = {r["claim"] for r in rows}
    assert {"r027", "r048", "r057", "r101"} <= ids  # the ring, the gang, protection, Trepashkin's "documents"


def test_disputes_names_the_denier(env):
    rows = {r["denial"]: r for r in query(env, "disputes")}
    assert rows["r050"]["disputed_by"] == "Viktor Ivanov" and rows["r050"]["object"] == "Tambov gang"
    assert rows["r062"]["disputed_by"] == "Vladimir Kumarin"
    assert "The Moscow Times" in rows["r062"]["asserted_by"]


def test_single_source_links(env):
    rows = query(env, "single_source")
    keyed = {(r["subject"], r["relation"], r["object"]) for r in rows}
    assert ("Vladimir Putin", "cooperated_with", "Vladimir Kumarin") in keyed
    assert ("Vladimir Putin", "ally_of", "Viktor Ivanov") not in keyed  # four parties say so
    # the Ivanov report and Shvets, its author, are one party
    ring = ("Vladimir Putin", "involved_in", "St Petersburg drug-smuggling and money-laundering ring (1990s)")
    assert ring in keyed
    assert {"Ivanov report (2006)", "Yuri Shvets"} <= set(next(r for r in rows if (r["subject"], r["relation"],
                                                                                     r["object"]) == ring)["claimed_by"].split(", "))


def test_source_claims_in_document_order(env):
    rows = query(env, "source_claims", source="baghai-2023")
    assert rows[0]["claim"] == "r001" and len(rows) == len({r["claim"] for r in rows}) >= 45
    assert all(r["quote"] for r in rows)


def test_brokers_between_state_and_crime(env):
    rows = query(env, "brokers")
    assert [r["broker"] for r in rows[:2]] == ["Viktor Ivanov", "Vladimir Putin"]
    assert rows[0]["criminal_groups"] == ["Tambov gang"]


def test_timeline_is_in_date_order(env):
    rows = query(env, "timeline", entity="kumarin")
    assert len(rows) >= 5 and rows[0]["start"].startswith("199")
    assert any(r["relation"] == "convicted_in" for r in rows)


def test_unsupported_seed_claims_match_the_report(env):
    from graphkit.core.analysis import unsupported_seed_claims
    from graphkit.core.graph import load_graph
    rows = query(env, "unsupported_seed_claims", source="baghai-2023")
    api = unsupported_seed_claims(load_graph(SEED_DATA))
    assert [(r["seed_claim"], r["best_status"]) for r in rows] == [(x["seed_claim"], x["best_status"]) for x in api]


def test_agencies_near_the_tambov_group(env):
    one = query(env, "agencies_near_group", group="tambov-group", hops=1)
    two = query(env, "agencies_near_group", group="tambov-group", hops=2)
    assert one == [] and {"Federal Drug Control Service of Russia", "KGB"} <= {r["agency"] for r in two}
    assert all(r["hops"] == 2 for r in two)


def test_find_entity_by_alias(env):
    assert [r["id"] for r in query(env, "find_entity", name="барсуков")] == ["kumarin"]


def test_query_text_output_and_missing_parameter(env):
    result = CliRunner().invoke(cli, ["query", str(QUERIES["timeline"]), "--dataset", DATASET], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Neo4j at ") and "entity" in result.stderr
    assert "Traceback" not in result.output and env["NEO4J_PASSWORD"] not in result.output


def test_cli_load_status_and_no_password_in_output(env, tmp_path):
    import shutil
    data = tmp_path / "cli-data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", data)
    runner = CliRunner()
    result = runner.invoke(cli, ["neo4j", "load", str(data)], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"loaded dataset 'cli-data' into {env['NEO4J_URI']}: 10 entities, 5 sources, "
                             "9 claims\n")
    paths = runner.invoke(cli, ["paths", "alice", "carol", "--data", str(data), "--backend", "neo4j", "--json"],
                          env=env)
    local = runner.invoke(cli, ["paths", "alice", "carol", "--data", str(data), "--json"])
    assert paths.exit_code == 0 and json.loads(paths.stdout) == json.loads(local.stdout)
    wiped = runner.invoke(cli, ["neo4j", "wipe", "--data", str(data)], env=env, input="y\n")
    assert wiped.exit_code == 0
    assert wiped.stdout.endswith("removed 15 nodes and 10 relationships of dataset 'cli-data'\n")
    for output in (result.output, paths.output, wiped.output):
        assert env["NEO4J_PASSWORD"] not in output


def test_cli_wrong_password_has_no_traceback(env):
    bad = {**env, "NEO4J_PASSWORD": "wrong-password-1"}
    result = CliRunner().invoke(cli, ["rank", "--backend", "neo4j", "--dataset", DATASET], env=bad)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: Neo4j at {env['NEO4J_URI']} refused user 'neo4j': wrong user name or "
                             "password; check NEO4J_USER and NEO4J_PASSWORD\n")


EMBEDDED = ["claims_about", "claims_by_party", "source_claims"]


@pytest.mark.parametrize("query_name,params", [("claims_about", {"entity": "kumarin"}),
                                               ("claims_by_party", {"party": "ivanov-report"}),
                                               ("claims_by_party", {"party": "baghai-christian"}),
                                               ("source_claims", {"source": "baghai-2023"})])
def test_subset_queries_give_the_same_rows_on_both_backends(env, query_name, params):
    on_neo4j = query(env, query_name, **params)
    args = ["query", str(QUERIES[query_name]), "--backend", "networkx", "--dataset", DATASET, "--json"]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == on_neo4j and len(on_neo4j) >= 5


@pytest.mark.parametrize("query_name", sorted(set(QUERIES) - set(EMBEDDED)))
def test_other_queries_name_what_the_embedded_engine_lacks(query_name):
    result = CliRunner().invoke(cli, ["query", str(QUERIES[query_name]), "--backend", "networkx",
                                      "--param", "entity=putin"])
    assert result.exit_code == 1
    assert re.match(r"Error: the embedded engine \(grand-cypher\) cannot run .+; run this query on Neo4j: load the "
                    r"data with `graphkit neo4j load` and use --backend neo4j\n$", result.stderr), result.stderr


def test_embedded_parameters_are_bound_as_literals_never_as_code():
    from graphkit.neo4j.embedded import bind_parameters
    text = 'MATCH (a)-[r]->(b) WHERE a.id = $entity AND r.note = "$entity stays" RETURN a.name'
    bound = bind_parameters(text, {"entity": 'x" OR 1=1 //'})
    assert bound == 'MATCH (a)-[r]->(b) WHERE a.id = "x\\" OR 1=1 //" AND r.note = "$entity stays" RETURN a.name'
    result = CliRunner().invoke(cli, ["query", str(QUERIES["claims_about"]), "--backend", "networkx",
                                      "--param", 'entity=kumarin" OR a.id = "putin', "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
