"""FollowTheMoney data that is not ours: genuine political-donation records (nomenklatura's test data)
and entities of every relationship schema made by the followthemoney library itself. Each is imported,
validated and asked for paths and ranks; its export passes followthemoney's own validation and reads
back into the same graph: the same entities, links, attributes and provenance."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import graphkit
from graphkit.ftm.schemata import SCHEMATA

followthemoney = pytest.importorskip("followthemoney")  # the test extra installs it
from followthemoney import model  # noqa: E402

from ftm_made import made_by_followthemoney, made_dataset  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "ftm"
DONATIONS = FIXTURES / "nomenklatura-donations.ftm.json"  # genuine: see fixtures/ftm/README.md
FTM_CLI = "from followthemoney.cli.cli import cli; cli()"


def rows(folder, name):
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def links(folder) -> set[tuple]:
    """Each claim as names and values, so that two imports with different ids compare."""
    entities = {r["id"]: r["name"] for r in rows(folder, "entities.csv")}
    sources = {r["id"]: r for r in rows(folder, "sources.csv")}
    return {(entities[c["from_id"]], c["type"], entities[c["to_id"]], c["status"], entities[c["attributed_to"]],
             sources[c["source_id"]]["title"], sources[c["source_id"]]["url"], c["locator"], c["quote"],
             c["start"], c["end"], c["role"], c["share"], c["amount"], c["currency"])
            for c in rows(folder, "relations.csv")}


def ftm_validated(path: Path, out: Path) -> list[dict]:
    """``ftm validate`` of a file (it must succeed), and a check that cleaning drops no value."""
    done = subprocess.run([sys.executable, "-c", FTM_CLI, "validate", "-i", str(path), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    written = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for entity in written:
        proxy = model.get_proxy(entity, cleaned=False)
        cleaned = model.get_proxy(proxy.to_dict())
        for prop, values in entity["properties"].items():
            assert len(cleaned.get(prop)) == len(values), (entity["id"], prop, values, cleaned.get(prop))
        assert not [p for p in proxy.schema.required if not proxy.get(p)], entity["id"]
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def round_trip(folder: Path, tmp_path: Path) -> Path:
    graphkit.write_ftm(graphkit.load_graph(folder), tmp_path / "out.ftm.json")
    checked = ftm_validated(tmp_path / "out.ftm.json", tmp_path / "checked.json")
    assert checked
    result = graphkit.import_ftm(tmp_path / "out.ftm.json", tmp_path / "back", dataset="round trip")
    assert result["skipped"] == {} and graphkit.validate(tmp_path / "back").valid
    return tmp_path / "back"


def test_genuine_donation_records_answer_paths_and_ranks_and_come_back_whole(tmp_path):
    result = graphkit.import_ftm(DONATIONS, tmp_path / "donations")
    assert result["skipped"] == {"schema Address: no entity type (map one with --map Address=TYPE)": 6}
    assert (result["entities"], result["claims"]) == (12, 10)
    assert graphkit.validate(tmp_path / "donations").valid
    claims = rows(tmp_path / "donations", "relations.csv")
    assert {c["type"] for c in claims} == {"paid"}
    daimler = {(c["amount"], c["currency"], c["start"]) for c in claims if c["id"].endswith("8537801d5a093cc95456e319e0415e253374de12")}
    assert daimler == {("150000", "EUR", "2011-08-10")}  # FtM's amountEur, and the payment's date
    g = graphkit.load_graph(tmp_path / "donations")
    paths = graphkit.shortest_paths(g, "Daimler AG", "GRÜNE")
    assert sorted(tuple(p["names"]) for p in paths) == [
        ("Daimler AG", "CDU", "Verband der Metall- und Elektroindustrie Baden-Württemberg e.V.", "GRÜNE"),
        ("Daimler AG", "SPD", "Verband der Metall- und Elektroindustrie Baden-Württemberg e.V.", "GRÜNE")]
    ranked = graphkit.rank(g, "degree")
    assert set(ranked["name"][:2]) == {"CDU", "Verband der Metall- und Elektroindustrie Baden-Württemberg e.V."}
    back = round_trip(tmp_path / "donations", tmp_path)
    assert links(back) == links(tmp_path / "donations")


def test_every_relationship_schema_made_by_followthemoney_comes_in_with_its_attributes(tmp_path):
    made, result = made_dataset(tmp_path)
    assert result["skipped"] == {}
    assert graphkit.validate(made).valid
    names = {r["id"]: r["name"] for r in rows(made, "entities.csv")}
    got = {(names[c["from_id"]], c["type"], names[c["to_id"]], c["role"], c["share"], c["amount"], c["currency"])
           for c in rows(made, "relations.csv")}
    assert got == {
        ("Anna Petrova", "member_of", "Neva Sailing Club", "treasurer", "", "", ""),
        ("Boris Petrov", "director_of", "Harbour Shipping OOO", "director", "", "", ""),
        ("Vera Ivanova", "employed_by", "Ministry of Ports", "inspector", "", "", ""),
        ("Boris Petrov", "family_of", "Anna Petrova", "husband", "", "", ""),  # Boris is Anna's husband
        ("Boris Petrov", "associate_of", "Vera Ivanova", "business partner", "", "", ""),
        ("Boris Petrov", "owner_of", "Neva Star", "beneficial owner", "51", "", ""),
        ("Harbour Shipping OOO", "paid", "Vera Ivanova", "consulting", "", "25000.50", "USD"),
        ("Neva Sailing Club", "owes", "Harbour Shipping OOO", "", "", "1200", "EUR"),
        ("Harbour Shipping OOO", "represented_by", "Anna Petrova", "lawyer", "", "", ""),
        ("Ministry of Ports", "successor_of", "Neva Sailing Club", "", "", "", ""),
        ("Vera Ivanova", "linked_to", "Neva Star", "inspected", "", "", ""),
        ("Boris Petrov", "sanctioned_by", "Office of Foreign Assets Control", "RUSSIA-EO14024", "", "", ""),
        ("Port audit 2020", "concerns", "Harbour Shipping OOO", "", "", "", ""),
    }
    assert {s for s in SCHEMATA} <= {e["schema"] for e in made_by_followthemoney()}  # every schema is tried
    g = graphkit.load_graph(made)
    paths = graphkit.shortest_paths(g, "Vera Ivanova", "Anna Petrova")
    assert sorted(p["names"][1] for p in paths) == ["Boris Petrov", "Harbour Shipping OOO"]  # associate, payer
    assert graphkit.rank(g, "degree")["name"][0] in {"Boris Petrov", "Harbour Shipping OOO"}
    back = round_trip(made, tmp_path)
    assert links(back) == links(made)


def test_ftm_of_every_schema_with_its_attributes_equals_the_reference_line_for_line(tmp_path):
    """The export puts each line together column-wise, its keys in sorted order slot by slot (amount and
    currency before description, percentage and program before publisher, purpose after it); the
    reference builds each entity from the claim records and sorts its keys."""
    import oracle
    from graphkit.claims.model import EvidenceFilter

    made, _ = made_dataset(tmp_path)
    graphkit.write_ftm(graphkit.load_index(made), tmp_path / "out.ftm.json")
    expected = [json.dumps(e, ensure_ascii=False, sort_keys=True)
                for e in oracle.ftm_entities(graphkit.load_graph(made), EvidenceFilter())]
    assert (tmp_path / "out.ftm.json").read_text(encoding="utf-8").splitlines() == expected
    schemata = {json.loads(line)["schema"] for line in expected}
    assert {"Payment", "Debt", "Ownership", "Sanction", "Family", "Representation"} <= schemata
