"""The command line through click's CliRunner: exit codes, exact messages, --json equal to the API."""
import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import BAD, MINI, rewrite_csv
from graphkit.core import analysis
from graphkit.cli import commands as cli_module
from graphkit.cli.commands import cli
from graphkit.core.graph import load_graph
from graphkit.claims.model import EvidenceFilter
from graphkit.reading.validate import validate


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_validate_clean_dataset_exits_0():
    result = run("validate", MINI, "--archive", MINI / "archive")
    assert result.exit_code == 0
    assert result.output == "valid: 0 error(s), 0 warning(s); rows checked: 10 entities, 9 relations, 5 sources\n"


def test_validate_bad_dataset_lists_issues_and_exits_1(mini_copy):
    shutil.copy(BAD / "unknown-terms" / "relations.csv", mini_copy / "relations.csv")
    result = run("validate", "data")
    assert result.exit_code == 1
    expected = (BAD / "unknown-terms" / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert "invalid: 6 error(s), 1 warning(s)" in result.stderr


def test_validate_json_equals_the_api(mini_copy):
    shutil.copy(BAD / "endpoints" / "relations.csv", mini_copy / "relations.csv")
    result = run("validate", "data", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == validate("data").to_dict()


@pytest.mark.parametrize("case", sorted(p.name for p in BAD.iterdir()))
def test_no_bad_input_gives_a_traceback(case, mini_copy):
    for replacement in (BAD / case).glob("*.csv"):
        shutil.copy(replacement, mini_copy / replacement.name)
    for args in (["validate", "data"], ["paths", "alice", "carol"], ["rank"], ["report", "-o", "out.html"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output


def test_missing_dataset_folder_is_one_line(tmp_path):
    result = run("paths", "a", "b", "--data", tmp_path / "nope")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path / 'nope'}: no such dataset folder; pass --data DIR pointing at "
                             "the folder holding entities.csv, relations.csv and sources.csv\n")


def test_invalid_dataset_refuses_to_answer(mini_copy):
    shutil.copy(BAD / "endpoints" / "relations.csv", mini_copy / "relations.csv")
    result = run("rank")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("data/relations.csv:3:4: bad-endpoint:")
    assert result.stderr.splitlines()[-1] == ("Error: the dataset is invalid; fix the errors above "
                                              "(`graphkit validate` lists them all)")


def test_paths_prints_every_hop_with_its_citation():
    result = run("paths", "Alice Archer", "Carol Cole", "--data", MINI, "--min-status", "alleged")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "1 path(s); filters: min-status alleged",
        "Path 1: Alice Archer — Bob Baker — Harbour Gang — Carol Cole  (3 hops, evidence cost 7)",
        "  1. Alice Archer — Bob Baker",
        "    Alice Archer —ally of→ Bob Baker  [reported]",
        "      - reported: Daily Press claims [2001 – …]; source: Port boss and the gang, 2015-02-23, para 3 [r1]",
        "  2. Bob Baker — Harbour Gang",
        "    Bob Baker —member of→ Harbour Gang  [alleged; disputed by Bob Baker]",
        "      - alleged: The Harbour Report claims; source: The Harbour Report, 2006-09, p. 4 [r2]",
        "      - reported: Bob Baker disputes; source: Port boss and the gang, 2015-02-23, para 9 [r3]",
        "        note: Bob called the report slander.",
        "  3. Harbour Gang — Carol Cole",
        "    Carol Cole —leader of→ Harbour Gang  [established]",
        "      - established: City Court claims [1990s – 2009]; source: Verdict in the case of Carol Cole, "
        "2009-11, p. 1 [r6]",
    ]


def test_paths_json_equals_the_api():
    result = run("paths", "alice", "carol", "--data", MINI, "--k", "3", "--min-status", "contradicted",
                 "--order", "evidence", "--json")
    api = analysis.shortest_paths(load_graph(MINI), "alice", "carol", EvidenceFilter(min_status="contradicted"),
                                  k=3, order="evidence")
    assert json.loads(result.stdout) == api


def test_paths_no_connection_names_the_filter():
    result = run("paths", "alice", "carol", "--data", MINI, "--exclude-disputed", "--min-status", "alleged")
    assert result.exit_code == 1
    assert result.stderr == ("Error: no connection between Alice Archer and Carol Cole with min-status alleged, "
                             "exclude-disputed: --min-status or --exclude-disputed cut it; loosen it to see one\n")


def test_paths_ambiguous_name():
    result = run("paths", "Ivanov", "alice", "--data", MINI)
    assert result.exit_code == 1
    assert result.stderr == ("Error: 'Ivanov' is ambiguous: it fits Dan Ivanov (dan-ivanov, person); "
                             "Sam Ivanov (sam-ivanov, person); give the id\n")


def test_bad_as_of_and_types_are_clear():
    result = run("paths", "alice", "carol", "--data", MINI, "--as-of", "last year")
    assert result.stderr == "Error: --as-of: 'last year' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD\n"
    result = run("paths", "alice", "carol", "--data", MINI, "--types", "ally_of,membr_of")
    assert result.stderr == ("Error: --types: unknown relation type 'membr_of' (did you mean 'member_of'?); "
                             "see `graphkit vocab` for the list\n")


def test_rank_json_equals_the_api():
    result = run("rank", "--data", MINI, "--metric", "pagerank", "--top", "3", "--json")
    api = analysis.rank(load_graph(MINI), "pagerank", top=3)
    assert json.loads(result.stdout) == api.to_dict(orient="records")


def test_rank_text():
    result = run("rank", "--data", MINI, "--metric", "degree", "--top", "2")
    assert result.stdout.splitlines() == [
        "degree ranking; filters: none (the default leaves out contradicted claims)",
        "rank id     name         type            score",
        "   1 agency Port Agency  agency         0.3333",
        "   2 gang   Harbour Gang criminal_group 0.3333",
    ]


def test_rank_robustness_json_has_a_rank_per_variant():
    rows = json.loads(run("rank", "--data", MINI, "--robustness", "--top", "2", "--json").stdout)
    assert [r["id"] for r in rows] == ["agency", "gang"]
    assert rows[1]["without_alleged_rank"] is None and rows[1]["without_disputed_rank"] == 3


def test_rank_robustness_text_marks_a_drop_as_its_legend_says():
    lines = run("rank", "--data", MINI, "--robustness", "--top", "2").stdout.splitlines()
    assert "(—: its score drops to zero)" in lines[0]
    assert lines[1].split() == ["rank", "id", "name", "without", "unverified", "without", "alleged",
                                "without", "disputed", "without", "single", "source"]
    gang = lines[3].split()
    # Harbour Gang: still ranked without unverified claims, gone without alleged ones, third without disputed.
    assert gang[:4] == ["2", "gang", "Harbour", "Gang"] and gang[5] == "—" and gang[6] == "3"


def test_communities_json_equals_the_api():
    result = run("communities", "--data", MINI, "--json")
    assert json.loads(result.stdout) == analysis.communities(load_graph(MINI))


def test_terminal_escapes_in_data_are_made_inert(mini_copy):
    path = mini_copy / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Bob Baker,", "Bob \x1b[2JBaker,", 1),
                    encoding="utf-8")
    result = run("paths", "alice", "carol")
    assert "\x1b" not in result.stdout and "Bob \\x1b[2JBaker" in result.stdout


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    names = cli_module.cli.list_commands(None)
    assert {"neo4j", "export", "query", "paths", "rank"} <= set(names)
    for name in names:
        assert f"graphkit {name}" in readme, name


# -- report: the connection it asks about, and sections only where they apply ---------------------
def _report(*args):
    result = run("report", "--data", "data", "-o", "out/page.html", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_report_asks_about_the_pair_given_by_name(mini_copy):
    asked = _report("--from", "Alice", "--to", "Carol")["key_paths"]
    assert (asked["from"], asked["to"], asked["chosen"]) == ("alice", "carol", "asked")
    # it leads with the best-evidenced connections over claims at least alleged, as `paths` gives them
    expected = analysis.shortest_paths(load_graph("data"), "alice", "carol", EvidenceFilter(min_status="alleged"),
                                       k=3, order="evidence")
    assert asked["paths"] == json.loads(json.dumps(expected, ensure_ascii=False))
    assert "--min-status alleged --order evidence" in asked["filter"]
    text = run("report", "--data", "data", "-o", "out/page.html", "--from", "Alice", "--to", "Carol").stdout
    assert "How Alice Archer connects to Carol Cole; claims alleged or stronger, the best-evidenced first" in text
    half = run("report", "--data", "data", "-o", "out/page.html", "--from", "Alice")
    assert half.exit_code == 2 and "give --from and --to together" in half.output
    unknown = run("report", "--data", "data", "-o", "out/page.html", "--from", "Alice", "--to", "Zed")
    assert unknown.exit_code == 1 and "no entity named 'Zed'" in unknown.output


def test_report_asks_about_the_pair_the_data_folder_names(mini_copy):
    (mini_copy / "report.yaml").write_text("from: bob\nto: Port Agency\n", encoding="utf-8")
    named = _report()["key_paths"]
    assert (named["from"], named["to"]) == ("bob", "agency") and named["chosen"].startswith("named in data")
    (mini_copy / "report.yaml").write_text("from: [bob\n", encoding="utf-8")
    broken = run("report", "--data", "data", "-o", "out/page.html")
    assert broken.exit_code == 1 and "report.yaml: not YAML" in broken.output
    (mini_copy / "report.yaml").write_text("from: bob\n", encoding="utf-8")
    assert "report.yaml: needs 'from' and 'to'" in run("report", "--data", "data", "-o", "out/page.html").output


def test_a_dataset_of_its_own_gets_its_best_connected_pair_and_no_seed_section(mini_copy):
    rewrite_csv(mini_copy / "relations.csv", lambda row: row.update(seed_claim=""))
    result = _report()
    assert "unsupported_seed_claims" not in result
    top = [b["id"] for b in result["brokers"] if b["score"] > 0]
    assert [result["key_paths"]["from"], result["key_paths"]["to"]] == top[:2]
    assert result["key_paths"]["paths"] and result["key_paths"]["chosen"].startswith("the two most central")
    text = run("report", "--data", "data", "-o", "out/page.html").stdout
    assert "Seed claims" not in text and "How " in text and "(the two most central entities" in text


def test_report_and_paths_read_as_prose_names_labels_and_one_date_said_once(mini_copy):
    text = run("report", "--data", "data", "-o", "out/page.html").stdout
    assert ("  C05 [contradicted] Alice Archer —cooperated with→ Carol Cole (per The Harbour Report): "
            "The verdict names Carol alone.") in text
    assert "—cooperated_with→" not in text and "(per harbour-report)" not in text
    rewrite_csv(mini_copy / "relations.csv", lambda row: row.update(start="2001", end="2001") if row["id"] == "r1" else None)
    lines = run("paths", "alice", "bob", "--data", "data").stdout.splitlines()
    assert any(line.startswith("      - reported: Daily Press claims [2001]; source:") for line in lines), lines
    assert not any("[2001 – 2001]" in line for line in lines)


def test_vocab_lists_each_relations_endpoints_and_a_book_is_a_source_kind():
    lines = run("vocab").stdout.splitlines()
    at = lines.index("  ally_of: A close political or personal ally.")
    assert lines[at + 1:at + 3] == ["      from: person", "      to: person"]
    located = next(i for i, line in enumerate(lines) if line.startswith("  located_in:"))
    assert lines[located + 1] == "      from: any entity type"
    assert any(line.startswith("  book: A published book") for line in lines)
    assert [k["id"] for k in json.loads(run("vocab", "--json").stdout)["source_kinds"]].count("book") == 1
    owner = next(i for i, line in enumerate(lines) if line.startswith("  owner_of:"))
    assert lines[owner + 3] == "      attributes: share, role"  # the optional columns it takes


def test_communities_print_their_modularity_and_say_they_are_not_affiliations():
    import networkx as nx

    from conftest import SEED_DATA
    from graphkit.core.engine import load_index

    index = load_index(SEED_DATA)
    found = index.communities(EvidenceFilter())
    view = load_graph(SEED_DATA).connections(EvidenceFilter())
    grouped = [{m["id"] for m in c["members"]} for c in found]
    rest = [{n} for n in view if not any(n in g for g in grouped)]
    expected = nx.community.modularity(view, grouped + rest)
    assert index.modularity(found, EvidenceFilter()) == pytest.approx(expected, abs=1e-9) and expected > 0.3
    lines = run("communities", "--data", SEED_DATA).stdout.splitlines()
    assert lines[0] == (f"{len(found)} communities (Leiden), modularity {expected:.3f}; "
                        "filters: none (the default leaves out contradicted claims)")
    assert "not an affiliation" in lines[1] and lines[2].startswith("1. ")
