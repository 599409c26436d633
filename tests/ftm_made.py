"""FollowTheMoney entities of every relationship schema graphkit reads, made by the followthemoney library's
own API (``model.make_entity``), and the graphkit dataset imported from them."""
import json
from pathlib import Path

import graphkit
from followthemoney import model


def made_by_followthemoney() -> list[dict]:
    """Things and one relationship of every schema graphkit reads, built with followthemoney's own API."""
    def make(schema, key, **props):
        proxy = model.make_entity(schema)
        proxy.make_id(key)
        for prop, value in props.items():
            proxy.add(prop, value)
        return proxy

    people = [make("Person", n, name=n) for n in ("Anna Petrova", "Boris Petrov", "Vera Ivanova")]
    company = make("Company", "harbour", name="Harbour Shipping OOO", alias="ООО Гавань")
    club = make("Organization", "club", name="Neva Sailing Club")
    ministry = make("PublicBody", "ministry", name="Ministry of Ports")
    vessel = make("Vessel", "ship", name="Neva Star", imoNumber="IMO9811000")
    report = make("Document", "report", title="Port audit 2020", fileName="audit.pdf")
    anna, boris, vera = (p.id for p in people)
    edges = [
        make("Membership", 1, member=anna, organization=club.id, role="treasurer"),
        make("Directorship", 2, director=boris, organization=company.id, role="director", startDate="2015"),
        make("Employment", 3, employee=vera, employer=ministry.id, role="inspector"),
        make("Family", 4, person=anna, relative=boris, relationship="husband"),
        make("Associate", 5, person=boris, associate=vera, relationship="business partner"),
        make("Ownership", 6, owner=boris, asset=vessel.id, percentage="51", role="beneficial owner"),
        make("Payment", 7, payer=company.id, beneficiary=vera, amount="25000.50", currency="USD", purpose="consulting",
             date="2019-03-01", sourceUrl="https://example.org/leak/7", publisher="Example Leak Desk"),
        make("Debt", 8, debtor=club.id, creditor=company.id, amount="1200", currency="EUR"),
        make("Representation", 9, agent=anna, client=company.id, role="lawyer"),
        make("Succession", 10, predecessor=club.id, successor=ministry.id),
        make("UnknownLink", 11, subject=vera, object=vessel.id, role="inspected"),
        make("Sanction", 12, entity=boris, authority="Office of Foreign Assets Control", program="RUSSIA-EO14024",
             startDate="2022-04-06"),
        make("Documentation", 13, document=report.id, entity=company.id, role="audited"),
    ]
    return [p.to_dict() for p in [*people, company, club, ministry, vessel, report, *edges]]


def made_dataset(folder: Path) -> tuple[Path, dict]:
    """The entities above, written one per line and imported into ``folder/made``; the import's result."""
    source = folder / "made.ftm.json"
    source.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in made_by_followthemoney()),
                      encoding="utf-8")
    result = graphkit.import_ftm(source, folder / "made", dataset="leak desk")
    return folder / "made", result
