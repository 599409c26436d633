"""FollowTheMoney out and in: the export is checked by the followthemoney library itself, the import by
graphkit's own validation, on a hand-made FtM file with Cyrillic names and schemata graphkit has no use for."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit
from conftest import SEED_DATA
from graphkit.cli.commands import cli
from graphkit.errors import DatasetError, GraphkitError
from graphkit.claims.model import EvidenceFilter

followthemoney = pytest.importorskip("followthemoney")  # the test extra installs it
from followthemoney import model  # noqa: E402

FTM = Path(__file__).parent / "fixtures" / "ftm" / "ru-crime-demo.ftm.json"
YENTE = FTM.parent / "yente-eu-fsf-sample.ftm.json"  # genuine OpenSanctions data: see fixtures/ftm/README.md
FTM_CLI = "from followthemoney.cli.cli import cli; cli()"  # the `ftm` command, from this interpreter


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


def test_ftm_tools_keep_every_exported_entity_apart(exported, tmp_path):
    """FtM reads what follows an id's last '.' as a namespace signature: ids hold none, so neither
    ``ftm aggregate`` nor a Namespace (as Aleph's bulk loader applies it) folds two entities into one."""
    from followthemoney.namespace import Namespace

    written, entities = exported
    assert not any("." in e["id"] for e in entities)
    signed = {Namespace("x").apply(model.get_proxy(e)).id for e in entities}
    assert len(signed) == len(entities) == written["entities"] + written["relationships"]
    source = tmp_path / "seed.ftm.json"
    source.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8")
    for command in (["aggregate"], ["validate"]):
        done = subprocess.run([sys.executable, "-c", FTM_CLI, *command, "-i", str(source),
                               "-o", str(tmp_path / "out.json")], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        back = [json.loads(line) for line in (tmp_path / "out.json").read_text(encoding="utf-8").splitlines()]
        assert sorted(e["id"] for e in back) == sorted(e["id"] for e in entities), command
        assert {e["id"]: e["schema"] for e in back} == {e["id"]: e["schema"] for e in entities}, command


def test_every_exported_entity_has_its_schemas_required_properties(exported):
    _, entities = exported
    for entity in entities:
        missing = [p for p in model.get(entity["schema"]).required if not entity["properties"].get(p)]
        assert not missing, (entity["id"], missing)
    documents = [e for e in entities if e["schema"] == "Document"]
    assert documents and all(e["properties"]["fileName"] == e["properties"]["name"] for e in documents)


def test_entity_types_map_to_ftm_schemata(exported):
    _, entities = exported
    by_id = {e["id"]: e for e in entities}
    assert by_id["graphkit--putin"]["schema"] == "Person"
    assert by_id["graphkit--putin"]["properties"]["birthDate"] == ["1952-10-07"]
    assert "Владимир Путин" in by_id["graphkit--putin"]["properties"]["alias"]
    assert by_id["graphkit--putin"]["properties"]["wikidataId"] == ["Q7747"]
    assert by_id["graphkit--fskn"]["schema"] == "PublicBody"
    assert by_id["graphkit--tambov-group"]["schema"] == "Organization"
    assert by_id["graphkit--tambov-group"]["properties"]["topics"] == ["crime"]
    written, _ = exported
    assert written["skipped_types"] == {"activity": 10, "group": 8, "place": 11, "substance": 4}


def test_each_claim_is_a_relationship_keeping_its_provenance(seed, exported):
    _, entities = exported
    by_id = {e["id"]: e for e in entities}
    r101 = by_id["graphkit-claim--r101"]["properties"]
    assert r101["recordId"] == ["r101"] and r101["publisher"] == ["Medium"]
    assert "Unverified claim" in r101["summary"][0] and "Christian Baghai [baghai-christian]" in r101["summary"][0]
    assert "who testified that he had seen documents" in r101["description"][0]
    membership = next(e for e in entities if e["schema"] == "Membership" and e["properties"].get("sourceUrl"))
    claim = next(c for c in seed.claims if c.id == membership["properties"]["recordId"][0])
    assert membership["properties"]["sourceUrl"] == [seed.sources[claim.source_id]["url"]]


def test_a_denial_is_named_on_the_claim_it_disputes_not_drawn_as_a_link(seed, exported):
    _, entities = exported
    denial = next(c for c in seed.claims if c.stance == "disputes" and any(
        e["id"] == f"graphkit-claim--{a.id}" for e in entities for a in seed.claims
        if a.stance == "asserts" and (a.from_id, a.type, a.to_id) == (c.from_id, c.type, c.to_id)))
    assert not any(e["id"] == f"graphkit-claim--{denial.id}" for e in entities)
    asserted = next(a for a in seed.claims if a.stance == "asserts" and a.status != "contradicted"
                    and (a.from_id, a.type, a.to_id) == (denial.from_id, denial.type, denial.to_id))
    description = next(e for e in entities if e["id"] == f"graphkit-claim--{asserted.id}")["properties"]["description"][0]
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
    assert (result["entities"], result["claims"], result["sources"]) == (8, 8, 3)
    assert result["datasets"] == {"ru_crime_demo": 8} and result["kept_status"] == 0


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
    assert result["skipped"] == {
        "schema LegalEntity: no entity type (map one with --map LegalEntity=TYPE)": 1,
        "schema Membership: an end is not among the imported entities": 1,
        "schema Passport: no entity type (map one with --map Passport=TYPE)": 1,
        "schema Starship: no entity type (map one with --map Starship=TYPE)": 1,
        "schema UnknownLink: an end is not among the imported entities": 1}  # link-2's end is the LegalEntity
    assert result["skipped_total"] == 5


def test_every_relationship_schema_becomes_its_own_relation_with_its_attributes(tmp_path):
    graphkit.import_ftm(FTM, tmp_path)
    claims = {r["id"]: r for r in rows(tmp_path, "relations.csv")}
    entities = {r["id"]: r for r in rows(tmp_path, "entities.csv")}
    kumarin, barsukov = "ftm-nk-kum4rinx-19dcb27f", "ftm-nk-kum4rinx-6b03aefd"
    # FtM's Family reads "the relative is the person's <relationship>": graphkit's from end is the relative
    assert [claims["ftm-fam-1"][k] for k in ("from_id", "type", "to_id", "role")] == [
        barsukov, "family_of", kumarin, "brother"]
    assert [claims["ftm-own-1"][k] for k in ("type", "to_id", "share")] == ["owner_of", "ftm-co-ptk", "30"]
    assert [claims["ftm-dir-1"][k] for k in ("type", "role")] == ["director_of", "vice-president"]
    assert [claims["ftm-emp-1"][k] for k in ("type", "role")] == ["employed_by", "consultant"]
    assert [claims["ftm-assoc-1"][k] for k in ("type", "role")] == ["associate_of", "acquaintance"]
    # a Sanction's authority is a name: it becomes (or finds) a body to link to
    sanction = claims["ftm-sanction-1"]
    assert (sanction["from_id"], sanction["type"]) == (kumarin, "sanctioned_by")
    assert entities[sanction["to_id"]]["name"] == "Demo authority" and entities[sanction["to_id"]]["type"] == "agency"
    # the role is a column now, not repeated in the note
    assert claims["ftm-mem-1"]["role"] == "leader" and "leader" not in claims["ftm-mem-1"]["note"]


def test_map_and_status_options_bring_in_more(tmp_path):
    result = graphkit.import_ftm(FTM, tmp_path, status="alleged",
                                 mapping={"Associate": "cooperated_with", "LegalEntity": "organization"})
    claims = {r["id"]: r for r in rows(tmp_path, "relations.csv")}
    assert claims["ftm-assoc-1"]["type"] == "cooperated_with"
    assert {c["status"] for c in claims.values()} == {"alleged"}
    assert claims["ftm-link-2"]["type"] == "linked_to" and claims["ftm-link-2"]["role"] == "shareholder"
    assert result["skipped_total"] == 3 and graphkit.validate(tmp_path).valid


def test_import_refuses_bad_options_and_bad_lines(tmp_path):
    with pytest.raises(GraphkitError, match="--status: unknown status 'rumoured'"):
        graphkit.import_ftm(FTM, tmp_path, status="rumoured")
    with pytest.raises(GraphkitError, match="'friend_of' is neither an entity type nor a relation type"):
        graphkit.import_ftm(FTM, tmp_path, mapping={"Associate": "friend_of"})
    bad = tmp_path / "bad.ftm.json"
    bad.write_text('{"id": "a", "schema": "Person", "properties": {}}\n{not json\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.ftm.json:2: not a JSON object"):
        graphkit.import_ftm(bad, tmp_path / "out")


def _ftm_file(path, *entities):
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8")
    return path


def _thing(fid, schema, name, *datasets):
    return {"id": fid, "schema": schema, "properties": {"name": [name]}, "datasets": list(datasets)}


def _link(fid, schema, ends, *datasets, **props):
    return {"id": fid, "schema": schema, "properties": {**{k: [v] for k, v in ends.items()}, **props},
            "datasets": list(datasets)}


MERGED = [  # two datasets in one file, as OpenSanctions' merged exports hold them
    _thing("ofac-1", "Person", "Ivan Petrov", "us_ofac_sdn", "ext_ru_egrul"),
    _thing("ofac-2", "Person", "Pyotr Petrov", "us_ofac_sdn"),
    _thing("egrul-1", "Company", "OOO Romashka", "ext_ru_egrul"),
    _thing("egrul-2", "Company", "OOO Lyutik", "ext_ru_egrul"),
    _link("ofac-assoc", "Associate", {"person": "ofac-1", "associate": "ofac-2"}, "us_ofac_sdn"),
    _link("emp-1", "Employment", {"employee": "ofac-1", "employer": "egrul-1"}, "ext_ru_egrul", "us_ofac_sdn"),
    _link("egrul-own", "UnknownLink", {"subject": "egrul-1", "object": "egrul-2"}, "ext_ru_egrul"),
]


def test_each_claim_is_credited_to_the_datasets_that_publish_it(tmp_path):
    source = _ftm_file(tmp_path / "merged.ftm.json", *MERGED)
    result = graphkit.import_ftm(source, tmp_path / "out", mapping={"Associate": "cooperated_with",
                                                                    "UnknownLink": "cooperated_with"})
    claims = {r["id"]: r for r in rows(tmp_path / "out", "relations.csv")}
    assert claims["ftm-ofac-assoc"]["attributed_to"] == "ftm-dataset-us-ofac-sdn"  # not the most common dataset
    assert claims["ftm-egrul-own"]["attributed_to"] == "ftm-dataset-ext-ru-egrul"
    # one link two datasets publish is two claims, one per party
    assert {(c["type"], c["attributed_to"]) for i, c in claims.items() if i.startswith("ftm-emp-1-")} == {
        ("employed_by", "ftm-dataset-ext-ru-egrul"), ("employed_by", "ftm-dataset-us-ofac-sdn")}
    assert result["datasets"] == {"ext_ru_egrul": 2, "us_ofac_sdn": 2}
    entities = {r["id"]: r for r in rows(tmp_path / "out", "entities.csv")}
    assert entities["ftm-ofac-1"]["description"].endswith("dataset us_ofac_sdn, ext_ru_egrul]")
    assert {entities[p]["name"] for p in ("ftm-dataset-us-ofac-sdn", "ftm-dataset-ext-ru-egrul")} == {
        "us_ofac_sdn", "ext_ru_egrul"}
    assert graphkit.validate(tmp_path / "out").valid
    graphkit.import_ftm(source, tmp_path / "one", dataset="my notes", mapping={"Associate": "cooperated_with"})
    assert {c["attributed_to"] for c in rows(tmp_path / "one", "relations.csv")} == {"ftm-dataset-my-notes"}


def test_a_relationship_schema_maps_to_a_relation_type(tmp_path):
    payment = _link("pay-1", "Payment", {"payer": "ofac-1", "beneficiary": "egrul-1"}, "us_ofac_sdn",
                    amountEur="100000", date="2011-12-29")
    source = _ftm_file(tmp_path / "pay.ftm.json", *MERGED[:3], payment)
    plain = graphkit.import_ftm(source, tmp_path / "plain")
    (paid,) = rows(tmp_path / "plain", "relations.csv")
    assert plain["skipped"] == {} and (paid["type"], paid["amount"], paid["currency"]) == ("paid", "100000", "EUR")
    family = _link("fam-1", "Family", {"person": "ofac-1", "relative": "egrul-1"}, "us_ofac_sdn")
    odd = graphkit.import_ftm(_ftm_file(tmp_path / "odd.ftm.json", *MERGED[:3], family), tmp_path / "odd")
    assert odd["skipped"] == {"schema Family: no relation type of the vocabulary fits organization -> person "
                              "(map one with --map Family=TYPE)": 1}
    mapped = graphkit.import_ftm(source, tmp_path / "mapped", mapping={"Payment": "cooperated_with"})
    (claim,) = rows(tmp_path / "mapped", "relations.csv")
    assert (claim["id"], claim["from_id"], claim["type"], claim["to_id"]) == (
        "ftm-pay-1", "ftm-ofac-1", "cooperated_with", "ftm-egrul-1")
    assert mapped["skipped"] == {} and graphkit.validate(tmp_path / "mapped").valid
    with pytest.raises(GraphkitError, match="Payment is an FtM relationship, so it maps to a relation type"):
        graphkit.import_ftm(source, tmp_path / "x", mapping={"Payment": "person"})
    with pytest.raises(GraphkitError, match="'cooperated_with' is a relation type, and Person is not an FtM "
                                            "relationship schema"):
        graphkit.import_ftm(source, tmp_path / "x", mapping={"Person": "cooperated_with"})


@pytest.mark.parametrize("text,says", [
    ('[{"id": "a", "schema": "Person", "properties": {}},\n {"id": "b", "schema": "Person"}]',
     r"a JSON array of 2 items, not line-delimited FtM; .* jq -c '\.\[\]' doc.json"),
    ('[{"id": "a", "schema": "Person", "properties": {}}]', r"a JSON array of 1 items"),
    ('{"entities": [\n{"id": "a", "schema": "Person", "properties": {}}\n]}',
     r"one JSON object holding a list under 'entities', not an FtM entity per line; .* jq -c '\.entities\[\]'"),
])
def test_a_whole_json_document_is_named_for_what_it_is(tmp_path, text, says):
    (tmp_path / "doc.json").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError, match=says):
        graphkit.import_ftm(tmp_path / "doc.json", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_genuine_opensanctions_entities_import_whole_and_export_back_as_valid_ftm(tmp_path):
    """Seven entities of the EU financial sanctions list, as OpenSanctions publishes them (yente's test data)."""
    result = graphkit.import_ftm(YENTE, tmp_path / "out")
    assert result["entities"] == 6 and result["skipped"] == {
        "schema Address: no entity type (map one with --map Address=TYPE)": 1}
    assert graphkit.validate(tmp_path / "out").valid
    entities = {r["id"]: r for r in rows(tmp_path / "out", "entities.csv")}
    source = {e["id"]: e for e in map(json.loads, YENTE.read_text(encoding="utf-8").splitlines())}
    for fid, entity in source.items():
        if entity["schema"] == "Address":
            continue
        row = entities["ftm-" + fid.lower()]
        assert row["name"] == entity["caption"]  # the name FtM shows it by
        names = entity["properties"]["name"] + entity["properties"].get("alias", [])
        assert sorted([row["name"], *row["aliases"].split("|")]) == sorted(set(names))  # every script, whole
        assert row["start"] == entity["properties"].get("birthDate", [""])[0]
        assert row["description"].endswith(f"[FtM {entity['schema']} {fid}, dataset eu_fsf]")
    assert entities["ftm-nk-2myxbs6wx9xfkgoqn3slay"]["aliases"].count("Colonel") == 0  # a title, not a name
    back = graphkit.load_graph(tmp_path / "out")
    written = graphkit.write_ftm(back, tmp_path / "back.ftm.json")
    done = subprocess.run([sys.executable, "-c", FTM_CLI, "validate", "-i", str(tmp_path / "back.ftm.json"),
                           "-o", str(tmp_path / "checked.json")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    again = {e["properties"]["name"][0]: e for e in map(json.loads, (tmp_path / "checked.json").read_text(
        encoding="utf-8").splitlines())}
    assert written["entities"] == len(again) == 6
    assert {e["caption"] for e in source.values() if e["schema"] != "Address"} == set(again)
    assert again["IRGC"]["schema"] == "Organization"
    assert "Iranian Revolutionary Guard Corps" in again["IRGC"]["properties"]["alias"]


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
    # each claim comes back with the status it was exported with, not the import's default
    statuses = {(c.from_id, c.type, c.to_id): c.status for e in seed.edges(EvidenceFilter()) for c in e.asserting}
    assert {(c.from_id.removeprefix("ftm-graphkit-"), c.type, c.to_id.removeprefix("ftm-graphkit-")): c.status
            for c in back.claims} == {k: statuses[k] for k in exported}
    assert len({c.status for c in back.claims}) > 1 and result["kept_status"] == len(back.claims)


def test_cli_import_validates_and_reports_what_it_skipped(tmp_path):
    result = run("import-ftm", FTM, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "wrote " + str(tmp_path / "out") + ": 8 entities, 8 claims (reported), 3 sources",
        "claims attributed to the datasets publishing them: 'ru_crime_demo' (8)"]
    assert "skipped 5 FtM entities:" in result.stderr
    assert "  1 x schema Starship: no entity type (map one with --map Starship=TYPE)" in result.stderr
    assert run("validate", tmp_path / "out").exit_code == 0


def test_cli_import_json_and_map_option(tmp_path):
    result = run("import-ftm", FTM, "-o", tmp_path / "out", "--map", "Associate=cooperated_with", "--json")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["claims"] == 8 and printed["validation"] == {"valid": True, "errors": 0, "warnings": 0}
    bad = run("import-ftm", FTM, "-o", tmp_path / "out", "--map", "Associate")
    assert bad.exit_code == 2 and "'Associate' is not SCHEMA=TYPE" in bad.output
    missing = run("import-ftm", tmp_path / "nope.json", "-o", tmp_path / "out")
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_cli_export_ftm_says_what_it_left_out(tmp_path):
    result = run("export", "--data", SEED_DATA, "--format", "ftm", "-o", tmp_path / "seed.ftm.json")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"wrote {tmp_path / 'seed.ftm.json'}: 55 entities and 100 claims as FtM relationships; filters: none (the default leaves out contradicted claims)",
        "left out 33 entities FtM has no schema for (10 activity, 8 group, 11 place, 4 substance) and the 77 claims "
        "that touch them"]


@pytest.mark.parametrize("name", ["default", "everything", "two-parties"])
def test_ftm_written_from_the_index_equals_the_reference_line_for_line(name, seed, tmp_path):
    """The export is put together column-wise from the stored index; the reference builds each FtM
    entity from the claim records. Same entities, same order, same bytes."""
    import json as _json

    import oracle
    from graphkit.claims.model import EvidenceFilter

    evidence = {"default": EvidenceFilter(), "everything": EvidenceFilter(min_status="contradicted"),
                "two-parties": EvidenceFilter(min_status="alleged", exclude_single_source=True)}[name]
    graphkit.write_ftm(graphkit.load_index(seed.directory), tmp_path / "out.ftm.json", evidence)
    expected = [_json.dumps(e, ensure_ascii=False, sort_keys=True) for e in oracle.ftm_entities(seed, evidence)]
    assert (tmp_path / "out.ftm.json").read_text(encoding="utf-8").splitlines() == expected
    assert any("Disputed by " in line for line in expected) or name == "two-parties"


def test_ftm_of_bare_claims_and_awkward_text_equals_the_reference(tmp_path):
    """Claims with no quote, locator, note or seed id (the description is then left out: a row of
    nothing but empty parts once broke the export), and text JSON must escape: quotes, backslashes,
    tabs, line breaks, Cyrillic, aliases with spaces and empty parts, ids with '_'."""
    import shutil

    import oracle
    import pandas as pd

    folder = tmp_path / "awkward"
    shutil.copytree(SEED_DATA, folder, ignore=shutil.ignore_patterns("archive"))
    relations = pd.read_csv(folder / "relations.csv", dtype=str, keep_default_na=False)
    bare = relations.index % 3 == 0
    for name in ("quote", "locator", "note", "seed_claim"):
        relations.loc[bare, name] = ""
    relations.loc[1, "quote"] = 'he said "no" \\ then\tleft'
    relations.loc[2, "note"] = "two\nlines, «Тамбовская»"
    relations.loc[4, "locator"] = 'p. "3"'
    relations.to_csv(folder / "relations.csv", index=False)
    entities = pd.read_csv(folder / "entities.csv", dtype=str, keep_default_na=False)
    entities.loc[0, "aliases"] = "  spaced  | Владимир \\ В."
    entities.loc[1, "name"] = 'The "quoted" one'
    entities.loc[2, "description"] = "tab\there"
    entities.to_csv(folder / "entities.csv", index=False)
    assert graphkit.validate(folder).valid
    seed = graphkit.load_graph(folder)
    for evidence in (EvidenceFilter(), EvidenceFilter(min_status="contradicted")):
        graphkit.write_ftm(graphkit.load_index(folder), tmp_path / "out.ftm.json", evidence)
        expected = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in oracle.ftm_entities(seed, evidence)]
        assert (tmp_path / "out.ftm.json").read_text(encoding="utf-8").splitlines() == expected
    assert any('\\"no\\"' in line for line in expected) and any("spaced" in line for line in expected)
