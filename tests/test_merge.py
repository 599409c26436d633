"""One entity across datasets: candidate matches (names and aliases transliterated, Wikidata ids, dates),
a decision file that records each judgement, and a merge that joins only what it says is the same,
keeps every claim's provenance, can be undone by editing the file, and writes nothing when it fails."""
import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit
from conftest import SEED_DATA
from graphkit.cli.commands import cli
from graphkit.merging import MergeError, find_candidates, merge_datasets

MINI = Path(__file__).parent / "fixtures" / "mini"
HEADER = {
    "entities.csv": "id,name,type,aliases,description,wikidata,start,end",
    "relations.csv": "id,from_id,type,to_id,status,stance,attributed_to,source_id,locator,quote,start,end,seed_claim,note",
    "sources.csv": "id,title,author,publisher,published,url,kind,via",
}


def dataset(folder: Path, entities: list[str], relations: list[str], sources: list[str]) -> Path:
    folder.mkdir(parents=True)
    for name, lines in (("entities.csv", entities), ("relations.csv", relations), ("sources.csv", sources)):
        (folder / name).write_text("\n".join([HEADER[name], *lines]) + "\n", encoding="utf-8")
    assert graphkit.validate(folder).valid, graphkit.validate(folder).issues
    return folder


@pytest.fixture
def leak(tmp_path):
    """A second dataset naming three of the mini dataset's entities its own way, one of them in Cyrillic."""
    return dataset(tmp_path / "leak", [
        "p-1,Боб Бейкер,person,Bobby,A shipping agent.,,1965-03,",
        "p-2,Alice Smith,person,,Not the same Alice: born later.,,1988,",
        "org-9,Harbour Gang,criminal_group,Гавань,,,,",
        "desk,Leak Desk,organization,,,,,",
        "c-1,Shell Co,organization,,,,,",
    ], [
        "x1,p-1,owner_of,c-1,reported,asserts,desk,files,row 12,,2015,,,",
        "x2,p-2,associate_of,p-1,alleged,asserts,desk,files,row 40,,,,,",
    ], ["files,Leaked company files,,Leak Desk,2021,https://example.org/leak,reference,"])


@pytest.fixture
def mini(tmp_path):
    shutil.copytree(MINI, tmp_path / "mini")
    return tmp_path / "mini"


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def entities_of(folder):
    return {r["id"]: r for r in rows(folder / "entities.csv")}


def judge(path: Path, judgements: dict):
    """Fill in judgements in the decision file: (left, right) -> (judgement, who, why)."""
    table = rows(path)
    for row in table:
        if (row["left"], row["right"]) in judgements:
            row["judgement"], row["decided_by"], row["reason"] = judgements[row["left"], row["right"]]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def test_candidates_match_across_scripts_and_weigh_dates_and_wikidata():
    a = {"putin": {"name": "Vladimir Putin", "type": "person", "wikidata": "Q7747", "start": "1952"},
         "fsb": {"name": "Federal Security Service", "type": "agency", "aliases": "FSB"},
         "ivanov": {"name": "Viktor Ivanov", "type": "person", "start": "1950"},
         "kumarin": {"name": "Vladimir Kumarin", "type": "person", "wikidata": "Q4769836"}}
    b = {"p1": {"name": "Владимир Путин", "type": "person", "start": "1952-10-07"},
         "p2": {"name": "Ivanov Viktor", "type": "person", "start": "1961"},  # another man of that name
         "o1": {"name": "FSB", "type": "organization"},  # a body: may be the agency
         "e1": {"name": "Vladimir Putin", "type": "event"},  # an event is never a person
         "k1": {"name": "Vladimir Kumarin", "type": "person", "wikidata": "Q99"}}  # another Wikidata item
    found = {(c.left, c.right): c for c in find_candidates([("a", a), ("b", b)])}
    assert set(found) == {("a:putin", "b:p1"), ("a:fsb", "b:o1")}
    assert "names 'Vladimir Putin' and 'Владимир Путин' alike (1.00)" in found["a:putin", "b:p1"].evidence
    assert "started 1952 and 1952-10-07" in found["a:putin", "b:p1"].evidence
    b["p1"]["wikidata"] = "Q7747"
    b["p1"]["name"] = "V. V. Putin"
    (top,) = [c for c in find_candidates([("a", a), ("b", b)]) if c.right == "b:p1"]
    assert (top.left, top.score) == ("a:putin", 1.0) and "the same Wikidata item Q7747" in top.evidence


def test_nothing_is_merged_until_a_decision_says_same(mini, leak, tmp_path):
    decisions = tmp_path / "decisions.csv"
    result = merge_datasets([mini, leak], tmp_path / "out", decisions)
    assert result["merged_entities"] == 0 and result["judged"] == {"same": 0, "not_same": 0, "unsure": 0}
    listed = {(r["left"], r["right"]): r for r in rows(decisions)}
    assert ("mini:bob", "leak:p-1") in listed and ("mini:gang", "leak:org-9") in listed
    assert ("mini:alice", "leak:p-2") not in listed  # "Alice" and "Alice Smith" are not alike enough
    assert all(r["judgement"] == "" for r in listed.values()) and result["awaiting"] == len(listed)
    out = entities_of(tmp_path / "out")
    assert {"bob", "p-1", "gang", "org-9"} <= set(out) and len(out) == 10 + 5
    assert graphkit.validate(tmp_path / "out").valid


def test_a_same_decision_joins_two_entities_and_every_claim_keeps_its_provenance(mini, leak, tmp_path):
    decisions = tmp_path / "decisions.csv"
    merge_datasets([mini, leak], tmp_path / "out", decisions)
    judge(decisions, {("mini:bob", "leak:p-1"): ("same", "A. Reviewer", "same agent, same birth year in both"),
                      ("mini:gang", "leak:org-9"): ("not_same", "A. Reviewer", "the leak's gang is another port's")})
    result = merge_datasets([mini, leak], tmp_path / "out", decisions)
    assert result["merged_entities"] == 1 and result["judged"]["same"] == 1 and result["added_for_review"] == 0
    out = entities_of(tmp_path / "out")
    assert "p-1" not in out and out["bob"]["name"] == "Bob Baker" and out["bob"]["start"] == "1965"
    assert out["bob"]["aliases"].split("|") == ["Боб Бейкер", "Bobby", "p-1"]  # every name, and the leak's id
    assert {"gang", "org-9"} <= set(out)  # judged not the same: both stay
    claims = {r["id"]: r for r in rows(tmp_path / "out" / "relations.csv")}
    assert (claims["x1"]["from_id"], claims["x1"]["attributed_to"], claims["x1"]["source_id"]) == ("bob", "desk", "files")
    assert claims["x2"]["to_id"] == "bob" and claims["x1"]["locator"] == "row 12"
    ids = {(r["kind"], r["dataset"], r["id"]): r["merged_id"] for r in rows(tmp_path / "out" / "merge-ids.csv")}
    assert ids["entity", "leak", "p-1"] == "bob" and ids["claim", "leak", "x1"] == "x1"
    g = graphkit.load_graph(tmp_path / "out")
    assert g.resolve("Bobby") == g.resolve("p-1") == "bob"
    assert [p["names"][1:] for p in graphkit.shortest_paths(g, "alice", "Shell Co")] == [["Bob Baker", "Shell Co"]]
    # undone by editing the file
    judge(decisions, {("mini:bob", "leak:p-1"): ("not_same", "B. Editor", "two men of that name after all")})
    merge_datasets([mini, leak], tmp_path / "out", decisions)
    assert {"bob", "p-1"} <= set(entities_of(tmp_path / "out"))


def test_ids_two_inputs_share_are_kept_apart_and_a_claim_held_twice_is_kept_once(mini, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(mini, copy)
    decisions = tmp_path / "d.csv"
    merge_datasets([mini, copy], tmp_path / "out", decisions)
    out = entities_of(tmp_path / "out")
    assert {"bob", "copy-bob"} <= set(out)  # the same id in two inputs: two entities until judged
    judge(decisions, {(r["left"], r["right"]): ("same", "me", "a copy") for r in rows(decisions)})
    result = merge_datasets([mini, copy], tmp_path / "out", decisions)
    assert result["entities"] == 10 and result["duplicate_claims"] == 9 and result["claims"] == 9
    assert graphkit.validate(tmp_path / "out").valid


@pytest.mark.parametrize("line,says", [
    ("mini:bob,leak:p-1,maybe,me,", "decisions.csv:2:3: bad-judgement: judgement: 'maybe'; write same, not_same or unsure"),
    ("mini:bob,leak:p-1,same,,", "decisions.csv:2:4: missing-decider: decided_by: say who made this judgement"),
    ("mini:bobby,leak:p-1,same,me,", "decisions.csv:2:1: unknown-entity: left: no input holds 'mini:bobby'"),
    ("bob,leak:p-1,same,me,", "write dataset:id, the dataset being an input folder's name"),
])
def test_a_bad_decision_file_is_named_at_its_cell_and_nothing_is_written(mini, leak, tmp_path, line, says):
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("left,right,judgement,decided_by,reason\n" + line + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["merge", str(mini), str(leak), "-o", str(tmp_path / "out"),
                                      "--decisions", str(decisions)])
    assert result.exit_code == 1 and says in result.output
    assert not (tmp_path / "out").exists()
    assert decisions.read_text(encoding="utf-8").count("\n") == 2  # not touched


def test_a_not_same_pair_joined_through_others_is_refused(mini, leak, tmp_path):
    third = dataset(tmp_path / "third", ["b,Bob Baker,person,,,,,", "src,Registry,organization,,,,,"],
                    [], ["reg,Registry,,,,,reference,"])
    decisions = tmp_path / "d.csv"
    decisions.write_text("left,right,judgement,decided_by,reason\nmini:bob,leak:p-1,same,me,\n"
                         "leak:p-1,third:b,same,me,\nmini:bob,third:b,not_same,you,\n", encoding="utf-8")
    with pytest.raises(MergeError, match=r"line 4 judges mini:bob and third:b not the same, but the 'same' rows "
                                         r"on line\(s\) 2, 3 join them"):
        merge_datasets([mini, leak, third], tmp_path / "out", decisions)


def test_joining_the_two_ends_of_a_claim_is_refused(mini, leak, tmp_path):
    decisions = tmp_path / "d.csv"
    decisions.write_text("left,right,judgement,decided_by,reason\nmini:alice,leak:p-1,same,me,\n"
                         "mini:bob,leak:p-1,same,me,\n", encoding="utf-8")
    with pytest.raises(MergeError, match=r"claim mini:r1 joins mini:alice and mini:bob, which the decisions judge "
                                         r"the same"):
        merge_datasets([mini, leak], tmp_path / "out", decisions)
    assert not (tmp_path / "out").exists()


def test_entities_of_different_types_are_not_joined(mini, leak, tmp_path):
    decisions = tmp_path / "d.csv"
    decisions.write_text("left,right,judgement,decided_by,reason\nmini:press,leak:p-2,same,me,\n", encoding="utf-8")
    with pytest.raises(MergeError, match=r"mini:press, leak:p-2 were judged the same but are of different kinds "
                                         r"\(organization, person\)"):
        merge_datasets([mini, leak], tmp_path / "out", decisions)


def test_inputs_must_be_valid_distinct_and_apart_from_the_output(mini, leak, tmp_path):
    with pytest.raises(MergeError, match="the output is one of the inputs"):
        merge_datasets([mini, leak], leak, tmp_path / "d.csv")
    broken = tmp_path / "broken"
    shutil.copytree(mini, broken)
    with open(broken / "relations.csv", "a", encoding="utf-8") as fh:
        fh.write("r99,alice,ally_of,nobody,reported,asserts,press,news1,,,,,,\n")
    with pytest.raises(MergeError, match=r"broken: 1 error\(s\); fix them first"):
        merge_datasets([mini, broken], tmp_path / "out", tmp_path / "d.csv")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(MergeError, match="holds files graphkit merge did not write"):
        merge_datasets([mini, leak], tmp_path / "mine", tmp_path / "d.csv")


def test_the_command_says_what_it_merged_and_what_awaits_a_judgement(mini, leak, tmp_path):
    result = CliRunner().invoke(cli, ["merge", str(mini), str(leak), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "merged mini (10 entities, 9 claims), leak (5 entities, 2 claims)"
    assert f"decisions in {tmp_path / 'out-decisions.csv'}" in lines[2]
    assert lines[3].endswith("then run this command again")


def test_seed_and_its_ftm_round_trip_merge_back_into_the_seed(tmp_path):
    """graphkit's own FtM export of the seed, imported, is another dataset naming the same things: once every
    candidate is judged the same, the merge holds each entity once."""
    g = graphkit.load_graph(SEED_DATA)
    graphkit.write_ftm(g, tmp_path / "seed.ftm.json")
    graphkit.import_ftm(tmp_path / "seed.ftm.json", tmp_path / "imported", dataset="seed export")
    decisions = tmp_path / "d.csv"
    first = merge_datasets([SEED_DATA, tmp_path / "imported"], tmp_path / "out", decisions)
    table = rows(decisions)
    pairs = {(r["left"].split(":")[1], r["right"].split(":")[1].removeprefix("ftm-graphkit-")) for r in table}
    assert sum(a == b for a, b in pairs) >= 50 and first["merged_entities"] == 0
    judge(decisions, {(r["left"], r["right"]): ("same", "test", "the seed's own export") for r in table
                      if r["left"].split(":")[1] == r["right"].split(":")[1].removeprefix("ftm-graphkit-")})
    merged = merge_datasets([SEED_DATA, tmp_path / "imported"], tmp_path / "out", decisions)
    assert merged["merged_entities"] == sum(a == b for a, b in pairs)
    assert graphkit.validate(tmp_path / "out").valid
