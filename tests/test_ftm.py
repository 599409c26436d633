"""FollowTheMoney out and in: the export is checked by the followthemoney library itself, the import by
graphkit's own validation, on a hand-made FtM file with Cyrillic names and schemata graphkit has no use for."""
import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit
from conftest import SEED_DATA
from graphkit.cli import cli
from graphkit.errors import DatasetError, GraphkitError
from graphkit.model import EvidenceFilter

followthemoney = pytest.importorskip("followthemoney")  # the test extra installs it
from followthemoney import model  # noqa: E402

FTM = Path(__file__).parent / "fixtures" / "ftm" / "ru-crime-demo.ftm.json"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def rows(folder, name):
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- out -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def exported(seed, tmp_path_factory):
    path = tmp_path_factory.mktemp("ftm") / "seed.ftm.json"
    written = graphkit.write_ftm(seed, path)
    return written, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_exported_entity_is_valid_followthemoney(exported):
    _, entities = exported
    ids = {e["id"]: e for e in entities}
    assert len(ids) == len(entities)
    for entity in entities:
        proxy = model.get_proxy(entity, cleaned=False)
        assert not proxy.schema.abstract, entity["schema"]
        for name, values in entity["properties"].items():
            prop = proxy.schema.get(name)
            assert prop is not None, f"{entity['schema']} has no property {name}"
            for value in values:
                assert prop.type.clean(value, proxy=proxy) is not None, (entity["id"], name, value)
                if prop.type.name == "date":
                    assert prop.type.clean(value) == value  # kept as written, not reinterpreted
        if proxy.schema.edge:  # both ends exist and fit the schema's ranges
            for end in (proxy.schema.edge_source, proxy.schema.edge_target):
                (target,) = proxy.get(end)
                assert model.get(ids[target]["schema"]).is_a(proxy.schema.get(end).range), (entity["id"], end)
        assert model.get_proxy(entity).to_dict()["id"] == entity["id"]


def test_entity_types_map_to_ftm_schemata(exported):
    _, entities = exported
    by_id = {e["id"]: e for e in entities}
    assert by_id["graphkit.putin"]["schema"] == "Person"
    assert by_id["graphkit.putin"]["properties"]["birthDate"] == ["1952-10-07"]
    assert "Владимир Путин" in by_id["graphkit.putin"]["properties"]["alias"]
    assert by_id["graphkit.putin"]["properties"]["wikidataId"] == ["Q7747"]
    assert by_id["graphkit.fskn"]["schema"] == "PublicBody"
    assert by_id["graphkit.tambov-group"]["schema"] == "Organization"
    assert by_id["graphkit.tambov-group"]["properties"]["topics"] == ["crime"]
    written, _ = exported
    assert written["skipped_types"] == {"activity": 10, "group": 9, "place": 11, "substance": 4}


def test_each_claim_is_a_relationship_keeping_its_provenance(seed, exported):
    _, entities = exported
    by_id = {e["id"]: e for e in entities}
    r101 = by_id["graphkit.claim.r101"]["properties"]
    assert r101["recordId"] == ["r101"] and r101["publisher"] == ["Medium"]
    assert "Unverified claim" in r101["summary"][0] and "Mikhail Trepashkin [trepashkin]" in r101["summary"][0]
    assert "who testified that he had seen documents" in r101["description"][0]
    membership = next(e for e in entities if e["schema"] == "Membership" and e["properties"].get("sourceUrl"))
    claim = next(c for c in seed.claims if c.id == membership["properties"]["recordId"][0])
    assert membership["properties"]["sourceUrl"] == [seed.sources[claim.source_id]["url"]]


def test_a_denial_is_named_on_the_claim_it_disputes_not_drawn_as_a_link(seed, exported):
    _, entities = exported
    denial = next(c for c in seed.claims if c.stance == "disputes" and any(
        e["id"] == f"graphkit.claim.{a.id}" for e in entities for a in seed.claims
        if a.stance == "asserts" and (a.from_id, a.type, a.to_id) == (c.from_id, c.type, c.to_id)))
    assert not any(e["id"] == f"graphkit.claim.{denial.id}" for e in entities)
    asserted = next(a for a in seed.claims if a.stance == "asserts" and a.status != "contradicted"
                    and (a.from_id, a.type, a.to_id) == (denial.from_id, denial.type, denial.to_id))
    description = next(e for e in entities if e["id"] == f"graphkit.claim.{asserted.id}")["properties"]["description"][0]
    assert f"Disputed by {seed.entities[denial.attributed_to]['name']} (claim {denial.id}" in description


def test_export_follows_the_evidence_filter(seed, tmp_path):
    written = graphkit.write_ftm(seed, tmp_path / "x.ftm.json", EvidenceFilter(min_status="established"))
    summaries = [json.loads(line)["properties"].get("summary", [""])[0]
                 for line in (tmp_path / "x.ftm.json").read_text(encoding="utf-8").splitlines()]
    assert written["relationships"] == sum(1 for s in summaries if s.startswith("Established claim"))
    assert not any(s.startswith(("Reported", "Alleged", "Unverified")) for s in summaries)


# -- in --------------------------------------------------------------------------------
def test_import_writes_a_dataset_that_validates(tmp_path):
    result = graphkit.import_ftm(FTM, tmp_path)
    assert graphkit.validate(tmp_path).valid
    assert (result["entities"], result["claims"], result["sources"]) == (7, 4, 3)
    assert result["dataset"] == "ru_crime_demo"


def test_import_keeps_cyrillic_names_and_types_by_schema_and_topic(tmp_path):
    graphkit.import_ftm(FTM, tmp_path)
    entities = {r["id"]: r for r in rows(tmp_path, "entities.csv")}
    assert entities["ftm-tambov-opg"]["name"] == "Тамбовская ОПГ"
    assert entities["ftm-tambov-opg"]["type"] == "criminal_group"  # Organization with FtM topic "crime"
    assert entities["ftm-tambov-opg"]["aliases"] == "Tambov gang"
    assert entities["ftm-igo-unodc"]["type"] == "international_body"
    assert entities["ftm-pb-fskn"]["type"] == "agency"
    assert (entities["ftm-pb-fskn"]["start"], entities["ftm-pb-fskn"]["end"]) == ("2003", "2016-04-05")
    assert entities["ftm-q7747"]["wikidata"] == "Q7747" and entities["ftm-q7747"]["start"] == "1952-10-07"
    g = graphkit.load_graph(tmp_path)
    assert g.resolve("Кумарин") == g.resolve("Barsukov")


def test_ids_are_stable_slugs_and_ids_differing_only_in_case_stay_apart(tmp_path):
    graphkit.import_ftm(FTM, tmp_path / "a")
    graphkit.import_ftm(FTM, tmp_path / "b")
    assert (tmp_path / "a" / "entities.csv").read_bytes() == (tmp_path / "b" / "entities.csv").read_bytes()
    ids = [r["id"] for r in rows(tmp_path / "a", "entities.csv")]
    kumarins = [i for i in ids if i.startswith("ftm-nk-kum4rinx-")]
    assert len(kumarins) == 2 and len(set(kumarins)) == 2


def test_every_claim_keeps_its_source_and_party(tmp_path):
    graphkit.import_ftm(FTM, tmp_path)
    claims = {r["id"]: r for r in rows(tmp_path, "relations.csv")}
    sources = {r["id"]: r for r in rows(tmp_path, "sources.csv")}
    membership = claims["ftm-mem-1"]
    assert membership["type"] == "member_of" and membership["status"] == "reported"
    assert membership["attributed_to"] == "ftm-dataset-ru-crime-demo"
    source = sources[membership["source_id"]]
    assert (source["publisher"], source["url"]) == ("Novaya Gazeta", "https://novayagazeta.example/articles/tambov")
    assert source["via"] == "ftm-dataset-ru-crime-demo"
    # two FtM records of one link from one source are one claim, both located
    assert membership["locator"] == "FtM Membership mem-1; FtM Membership mem-2"
    assert claims["ftm-link-1"]["type"] == "protected"  # an UnknownLink whose role names a relation type
    assert claims["ftm-emp-1"]["source_id"] == "ftm-dataset-ru-crime-demo"
    # a directorship whose end (1996) precedes its start (1998-05-01) keeps neither date
    assert (claims["ftm-dir-1"]["start"], claims["ftm-dir-1"]["end"]) == ("", "")


def test_unknown_schemata_are_skipped_and_counted(tmp_path):
    result = graphkit.import_ftm(FTM, tmp_path)
    assert result["skipped_total"] == 9
    assert result["skipped"]["schema Starship: no entity type (map one with --map Starship=TYPE)"] == 1
    assert result["skipped"]["schema Sanction: no entity type (map one with --map Sanction=TYPE)"] == 1
    assert any(k.startswith("schema Ownership: no relation type") for k in result["skipped"])


def test_map_and_status_options_bring_in_more(tmp_path):
    result = graphkit.import_ftm(FTM, tmp_path, status="alleged",
                                 mapping={"Associate": "cooperated_with", "LegalEntity": "organization"})
    claims = {r["id"]: r for r in rows(tmp_path, "relations.csv")}
    assert claims["ftm-assoc-1"]["type"] == "cooperated_with"
    assert {c["status"] for c in claims.values()} == {"alleged"}
    assert result["skipped_total"] == 7 and graphkit.validate(tmp_path).valid


def test_import_refuses_bad_options_and_bad_lines(tmp_path):
    with pytest.raises(GraphkitError, match="--status: unknown status 'rumoured'"):
        graphkit.import_ftm(FTM, tmp_path, status="rumoured")
    with pytest.raises(GraphkitError, match="'friend_of' is neither an entity type nor a relation type"):
        graphkit.import_ftm(FTM, tmp_path, mapping={"Associate": "friend_of"})
    bad = tmp_path / "bad.ftm.json"
    bad.write_text('{"id": "a", "schema": "Person", "properties": {}}\n{not json\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.ftm.json:2: not a JSON object"):
        graphkit.import_ftm(bad, tmp_path / "out")


def test_seed_survives_a_round_trip_through_ftm(seed, tmp_path):
    graphkit.write_ftm(seed, tmp_path / "seed.ftm.json")
    result = graphkit.import_ftm(tmp_path / "seed.ftm.json", tmp_path / "back", dataset="seed")
    assert result["skipped"] == {}
    back = graphkit.load_graph(tmp_path / "back")
    links = {(c.from_id.removeprefix("ftm-graphkit-"), c.type, c.to_id.removeprefix("ftm-graphkit-"))
             for c in back.claims}
    exported = {(c.from_id, c.type, c.to_id) for e in seed.edges(EvidenceFilter()) for c in e.asserting
                if seed.entities[c.from_id]["type"] in graphkit.ftm.ENTITY_SCHEMATA
                and seed.entities[c.to_id]["type"] in graphkit.ftm.ENTITY_SCHEMATA}
    assert links == exported
    assert back.entities["ftm-graphkit-tambov-group"]["type"] == "criminal_group"


def test_cli_import_validates_and_reports_what_it_skipped(tmp_path):
    result = run("import-ftm", FTM, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ("wrote " + str(tmp_path / "out") + ": 7 entities, 4 claims (reported, "
                                             "attributed to dataset 'ru_crime_demo'), 3 sources")
    assert "skipped 9 FtM entities:" in result.stderr
    assert "  1 x schema Starship: no entity type (map one with --map Starship=TYPE)" in result.stderr
    assert run("validate", tmp_path / "out").exit_code == 0


def test_cli_import_json_and_map_option(tmp_path):
    result = run("import-ftm", FTM, "-o", tmp_path / "out", "--map", "Associate=cooperated_with", "--json")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["claims"] == 5 and printed["validation"] == {"valid": True, "errors": 0, "warnings": 0}
    bad = run("import-ftm", FTM, "-o", tmp_path / "out", "--map", "Associate")
    assert bad.exit_code == 2 and "'Associate' is not SCHEMA=TYPE" in bad.output
    missing = run("import-ftm", tmp_path / "nope.json", "-o", tmp_path / "out")
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_cli_export_ftm_says_what_it_left_out(tmp_path):
    result = run("export", "--data", SEED_DATA, "--format", "ftm", "-o", tmp_path / "seed.ftm.json")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"wrote {tmp_path / 'seed.ftm.json'}: 50 entities and 92 claims as FtM relationships; filters: no filters",
        "left out 34 entities FtM has no schema for (10 activity, 9 group, 11 place, 4 substance) and the 77 claims "
        "that touch them"]
