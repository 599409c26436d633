"""Hostile text is stored and shown as plain text everywhere: in Neo4j (read back equal, nothing else
run), in the reader page (real headless Chromium: no dialog, no injected element, the text visible
as typed), in CLI output (no raw escape or forged line) and in every export format.

The payloads ride in every free-text column, in the ids the slug rule allows (Cypher keywords), in
the dataset folder's name (graphkit's default dataset name), in --param values, in query file names
and in output file names.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import xml_schemas
from click.testing import CliRunner

from browser import Watcher
from conftest import MINI, ROOT, rewrite_csv
from graphkit.cli.commands import cli
from graphkit.neo4j.backend import Neo4jGraph, Neo4jSettings
from graphkit.reading.dataset import read_dataset

CYPHER = "'}) DETACH DELETE n //"
BACKTICK = "`) DETACH DELETE n RETURN `x"
DOLLAR = "$dataset ${x} $$ $1"
IMG = "<img src=x onerror=window.__pwned=1;alert(1)>"
SCRIPT = "</script><script>window.__pwned=2;alert(2)</script>"
TERMINAL = "\x1b[2J\x1b]0;pwned\x07\x1b[31mred\x9b31m\u202eevil"
FORGED = "said so\n      - established: Forged Court claims; source: Forged [r0]"
# Ids may only be slugs; these are Cypher's keywords and literals.
RENAMED = {"carol": "delete", "gang": "null", "press": "return", "agency": "true"}
CLEAN_IDS = {**{k: k for k in ("alice", "bob", "dan-ivanov", "sam-ivanov", "harbour-report", "court")}, **RENAMED}
FOLDER = f"data `{CYPHER[:-2]} {DOLLAR} {IMG[:20]} {TERMINAL[:4]}"  # a folder name holds no '/'





def make_hostile(folder: Path, terminal: bool = True) -> Path:
    """The mini dataset with payloads in every text a reader or investigator sees, and keyword ids."""
    shutil.copytree(MINI, folder)
    term = TERMINAL if terminal else "[2J ]0;pwned"

    def entity(row):
        row["id"] = RENAMED.get(row["id"], row["id"])
        if row["id"] == "bob":
            row["name"] = f"Bob {CYPHER} {IMG}"
            row["aliases"] = f"{SCRIPT}|{BACKTICK}|Боб {term}"
            row["description"] = f"{DOLLAR} {FORGED if terminal else 'said so'}"
        if row["id"] == "delete":
            row["name"] = f"Carol {term} Cole"

    def relation(row):
        for key in ("from_id", "to_id", "attributed_to"):
            row[key] = RENAMED.get(row[key], row[key])
        if row["id"] == "r2":
            row["quote"], row["note"], row["locator"] = CYPHER + " " + SCRIPT, (FORGED if terminal else "") + term, IMG

    def source(row):
        if row["id"] == "rep":
            row["title"], row["author"], row["publisher"] = f"{BACKTICK} {IMG}", term, DOLLAR

    rewrite_csv(folder / "entities.csv", entity)
    rewrite_csv(folder / "relations.csv", relation)
    rewrite_csv(folder / "sources.csv", source)
    return folder


@pytest.fixture()
def hostile(tmp_path) -> Path:
    return make_hostile(tmp_path / FOLDER)


def rows_of(folder: Path) -> dict[str, dict[str, dict]]:
    return {name: {r["id"]: r for r in table.rows} for name, table in read_dataset(folder).tables().items()}


def invoke(*args, env=None):
    # color=True: click would otherwise strip the escape sequences it recognises and hide a leak.
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env, color=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def assert_inert(output: str) -> None:
    """No raw terminal control character, and no line that the data forged."""
    raw = [c for c in output if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f or c == "\u202e"]
    assert raw == [], output
    assert not any(line.lstrip().startswith("- established: Forged") for line in output.splitlines()), output


# -- Neo4j ----------------------------------------------------------------------------------------------
def test_hostile_text_and_keyword_ids_are_stored_in_neo4j_as_typed(neo4j_server, hostile):
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password,
           "NEO4J_DATABASE": neo4j_server.database}
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    with Neo4jGraph(settings, dataset=FOLDER) as db:
        db.run("CREATE (:Canary {keep: $k})", {"k": CYPHER}, write=True)
        try:
            loaded = invoke("neo4j", "load", hostile, env=env)  # the dataset name is the folder's name
            assert loaded.exit_code == 0, loaded.output
            assert_inert(loaded.output)
            assert "\\x1b[2J" in loaded.stdout  # shown, as text
            expected = rows_of(hostile)
            stored = {r["id"]: r for r in db.run(
                "MATCH (n:GraphkitEntity {graphkit_dataset: $d}) RETURN n.id AS id, n.name AS name, "
                "n.aliases AS aliases, n.description AS description, labels(n) AS labels", {"d": FOLDER})}
            assert sorted(stored) == sorted(CLEAN_IDS.values())
            for eid, row in expected["entities.csv"].items():
                assert stored[eid]["name"] == row["name"] and stored[eid]["description"] == row["description"]
                # a list, or no property when the entity has no alias (as neo4j-admin import leaves it)
                assert stored[eid]["aliases"] == ([a.strip() for a in row["aliases"].split("|") if a.strip()] or None)
            assert set(stored["true"]["labels"]) == {"GraphkitEntity", "Agency"}
            [claim] = db.run("MATCH ()-[r {graphkit_dataset: $d, claim_id: 'r2'}]->() RETURN r.quote AS quote, "
                             "r.note AS note, r.locator AS locator, r.source_title AS title", {"d": FOLDER})
            r2 = expected["relations.csv"]["r2"]
            assert claim == {"quote": r2["quote"], "note": r2["note"], "locator": r2["locator"],
                             "title": expected["sources.csv"]["rep"]["title"]}
            [source] = db.run("MATCH (s:GraphkitSource {graphkit_dataset: $d, id: 'rep'}) RETURN properties(s) AS p",
                              {"d": FOLDER})
            assert {k: source["p"][k] for k in ("title", "author", "publisher")} == {
                k: expected["sources.csv"]["rep"][k] for k in ("title", "author", "publisher")}
            assert db.run("MATCH (c:Canary) RETURN c.keep AS keep") == [{"keep": CYPHER}]
        finally:
            wiped = invoke("neo4j", "wipe", "--dataset", FOLDER, "--yes", env=env)
            assert_inert(wiped.output)
            assert db.counts() == {"entities": 0, "sources": 0, "claims": 0}
            assert db.run("MATCH (c:Canary) DELETE c RETURN count(c) AS gone", write=True) == [{"gone": 1}]


def test_param_values_and_query_file_names_carrying_cypher_are_plain_values(neo4j_server, hostile, tmp_path):
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password,
           "NEO4J_DATABASE": neo4j_server.database}
    assert invoke("neo4j", "load", hostile, "--dataset", "params", env=env).exit_code == 0
    odd = tmp_path / f"q `{CYPHER[:-2]} $x {IMG[:12]} {TERMINAL[:4]}.cypher"  # a copy of claims_about
    odd.write_text((ROOT / "cypher" / "query" / "claims_about.cypher").read_text(encoding="utf-8"), encoding="utf-8")
    title = rows_of(hostile)["sources.csv"]["rep"]["title"]
    try:
        found = invoke("query", ROOT / "cypher" / "query" / "find_entity.cypher", "--dataset", "params",
                       "--param", f"name={CYPHER}", "--json", env=env)  # toLower: Neo4j only
        assert found.exit_code == 0, found.output
        assert [(r["id"], r["name"]) for r in json.loads(found.stdout)] == [("bob", f"Bob {CYPHER} {IMG}")]
        for backend in ("neo4j", "networkx"):
            rows = invoke("query", odd, "--backend", backend, "--data", hostile, "--dataset", "params",
                          "--param", "entity=bob", "--json", env=env)
            assert rows.exit_code == 0, rows.output
            assert [(r["claim"], r["source"]) for r in json.loads(rows.stdout) if r["claim"] == "r2"] == [("r2", title)]
            for value in (CYPHER, BACKTICK, DOLLAR, '" OR 1=1 OR "', 'x\\" OR a.id <> \\"', IMG, "bob' OR 'a'='a"):
                none = invoke("query", odd, "--backend", backend, "--data", hostile, "--dataset", "params",
                              "--param", f"entity={value}", env=env)
                assert none.exit_code == 0 and none.stdout.endswith("(0 row(s))\n"), (backend, value, none.output)
            text = invoke("query", odd, "--backend", backend, "--data", hostile, "--dataset", "params",
                          "--param", "entity=bob", env=env)
            assert text.exit_code == 0 and "`) DETACH DELETE n RETURN `x <img" in text.stdout, text.output
            assert_inert(text.output)
        missing_file = invoke("query", tmp_path / f"no {TERMINAL}.cypher", "--backend", "networkx", env=env)
        assert missing_file.exit_code == 1 and "no such Cypher file" in missing_file.stderr
        assert_inert(missing_file.output)
        with Neo4jGraph(Neo4jSettings(neo4j_server.uri, neo4j_server.user, neo4j_server.password,
                                      neo4j_server.database), dataset="params") as db:
            assert db.counts() == {"entities": 10, "sources": 5, "claims": 9}
    finally:
        invoke("neo4j", "wipe", "--dataset", "params", "--yes", env=env)


# -- the command line ---------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["paths", "bob", "delete", "--min-status", "contradicted", "--k", "2"],
    ["paths", "Боб", "null"],
    ["entities"], ["rank", "--metric", "degree"], ["communities"],
    ["report", "-o", f"out/{FOLDER}.html"], ["render", "-o", f"{FOLDER}.html", "--title", TERMINAL],
    ["query", str(ROOT / "cypher" / "query" / "claims_about.cypher"), "--backend", "networkx", "--param", "entity=bob"],
    ["paths", TERMINAL, "bob"], ["rank", "--as-of", TERMINAL], ["render", "--focus", f"{TERMINAL}Bob", "-o", "x.html"],
], ids=lambda a: " ".join(a)[:40].encode("unicode_escape").decode())
def test_cli_output_shows_hostile_text_as_inert_text(hostile, args, monkeypatch):
    monkeypatch.chdir(hostile.parent)
    result = invoke(*args, "--data", hostile.name)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert_inert(result.output)


def test_paths_output_shows_the_payloads_escaped_in_place(hostile):
    result = invoke("paths", "bob", "delete", "--min-status", "contradicted", "--data", hostile)
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[1].startswith(f"Path 1: Bob {CYPHER} {IMG} — Harbour Gang — Carol \\x1b[2J\\x1b]0;pwned\\x07")
    assert ("        note: said so\\x0a      - established: Forged Court claims; source: Forged [r0]"
            "\\x1b[2J\\x1b]0;pwned\\x07\\x1b[31mred\\x9b31m\\x202eevil") in out


# -- exports ----------------------------------------------------------------------------------------------
def exported(fmt: str, folder: Path, target: Path) -> Path:
    result = invoke("export", "--format", fmt, "-o", target, "--min-status", "contradicted", "--data", folder)
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    return target


@pytest.mark.parametrize("terminal", [True, False], ids=["with-control-characters", "markup-and-cypher"])
def test_exports_carry_hostile_text_as_plain_values(tmp_path, terminal):
    folder = make_hostile(tmp_path / "data", terminal=terminal)
    bob = rows_of(folder)["entities.csv"]["bob"]
    assert ";" in bob["aliases"]  # neo4j-admin's default array delimiter: the export splits on '|' instead
    r2 = rows_of(folder)["relations.csv"]["r2"]
    data = json.loads(exported("json", folder, tmp_path / "g.json").read_text(encoding="utf-8"))
    [node] = [n for n in data["nodes"] if n["id"] == "bob"]
    assert (node["name"], node["aliases"], node["description"]) == (bob["name"], bob["aliases"], bob["description"])
    assert r2["quote"] in json.dumps(data, ensure_ascii=False)
    ftm = [json.loads(line) for line in exported("ftm", folder, tmp_path / "g.ftm.json").read_text(
        encoding="utf-8").splitlines()]
    assert [e["properties"]["name"] for e in ftm if e["id"] == "graphkit--bob"] == [[bob["name"]]]
    target = exported("neo4j-import", folder, tmp_path / "import")
    with (target / "entities.csv").open(encoding="utf-8", newline="") as handle:
        names = {row[0]: row for row in csv.reader(handle)}
    assert bob["name"] in names["bob"] and bob["aliases"] in names["bob"]
    script = (target / "import.sh").read_text(encoding="utf-8")
    assert CYPHER not in script and IMG not in script  # the script names only graphkit's own files
    if not terminal:  # XML 1.0 cannot hold control characters at all: see the next test
        for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
            g = read(exported(fmt, folder, tmp_path / f"g.{fmt}"))
            names = {d.get("name") or d.get("label") for _, d in g.nodes(data=True)}
            assert bob["name"] in names, fmt


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_of_text_with_control_characters_stay_readable(tmp_path, fmt):
    folder = make_hostile(tmp_path / "data")
    path = exported(fmt, folder, tmp_path / f"g.{fmt}")
    ET.parse(path)
    assert xml_schemas.problems(fmt, path) == []
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    names = " ".join(data.get("name", "") for _, data in graph.nodes(data=True))
    assert "\\x1b" in names and "\x1b" not in names  # the escape survives as visible text


# -- the reader page in Chromium --------------------------------------------------------------------------
def test_the_reader_page_shows_every_payload_as_text_and_runs_none(browser, hostile, tmp_path):
    from test_page_browser import READY, click_edge, edge_id

    page_file = tmp_path / f"page {IMG[:14]} `$x'.html"
    result = invoke("render", "-o", page_file, "--min-status", "contradicted", "--title", f"{SCRIPT} {TERMINAL}",
                    "--data", hostile)
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    url = page_file.resolve().as_uri()
    watcher = Watcher(page, allowed_url=url)
    try:
        page.goto(url)
        page.wait_for_function(READY, timeout=60_000)
        visible = re.compile(r"[\x00-\x1f\x7f-\x9f\s]")  # how a browser draws control characters varies
        assert visible.sub("", page.title()) == visible.sub("", f"{SCRIPT} {TERMINAL}")
        page.locator("#search").fill("Боб")
        page.locator("#search").press("Enter")
        details = page.locator("#details")
        bob = rows_of(hostile)["entities.csv"]["bob"]
        assert details.locator("h2").inner_text() == bob["name"]
        text = details.inner_text()
        for alias in bob["aliases"].split("|"):
            assert visible.sub("", alias) in visible.sub("", text)
        assert DOLLAR in text and "Forged Court claims" in text
        page.wait_for_timeout(500)  # the search's focus animation takes 300 ms
        click_edge(page, edge_id(page, "bob", "null"))
        claim = page.locator('article[data-claim="r2"]').inner_text()
        assert CYPHER in claim and SCRIPT in claim and IMG in claim and BACKTICK in claim
        page.locator("#path-from").fill("Боб")  # the path finder lists the same texts, as text
        page.locator("#path-from").press("Enter")
        page.evaluate("graphkit.setPathEnds('bob', 'null')")
        hops = page.locator("#path-answer .path-list").inner_text()
        assert bob["name"] in hops and CYPHER in hops and SCRIPT in hops and IMG in hops and BACKTICK in hops
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, [onerror], [onload]').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 3
        assert watcher.dialogs == [] and watcher.errors == [] and watcher.outside_requests() == []
    finally:
        page.close()
