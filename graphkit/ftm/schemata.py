"""One table of how graphkit's relation types and FollowTheMoney's relationship schemata meet, read by
both the export (:mod:`graphkit.ftm.export`) and the import (:mod:`graphkit.ftm.importer`).

Each FtM relationship schema has the relation type that is its own (Family is ``family_of``), the
properties that hold its two ends in graphkit's direction, and those that hold a claim's role,
share, amount and currency. Other relation types go out as the schema that fits them best (head_of
as a Directorship) or as an UnknownLink, with the relation's label as the role, which is how the
import reads them back.

>>> SCHEMATA["Family"].own, SCHEMATA["Family"].ends
('family_of', ('relative', 'person'))
>>> shape_of("owner_of", "Person", "Asset").props
('owner', 'asset', 'role', 'percentage', '', '')
>>> shape_of("owner_of", "Person", "Organization").schema  # FtM owns only assets (a Company is one)
'UnknownLink'
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Relationship", "Shape", "SCHEMATA", "BORROWED", "shape_of", "import_candidates"]

_LEGAL = frozenset({"Person", "Organization", "PublicBody", "Company", "LegalEntity"})
_ORGS = frozenset({"Organization", "PublicBody", "Company"})
_PEOPLE = frozenset({"Person"})
_ANY = None  # any thing


@dataclass(frozen=True)
class Relationship:
    """An FtM relationship schema as graphkit reads and writes it."""
    own: str  # the relation type that is this schema's own
    ends: tuple[str, str]  # the properties of graphkit's from and to ends
    role: str = ""  # the property holding the claim's role
    share: str = ""
    amount: str = ""
    currency: str = ""
    ranges: tuple = (_ANY, _ANY)  # the FtM schemata each end may be (None: any thing)
    named_to: bool = False  # the to end is text (its name), not an entity
    also: tuple[str, ...] = ()  # relation types the import tries after its own, in order


SCHEMATA = {
    "Membership": Relationship("member_of", ("member", "organization"), "role", ranges=(_LEGAL, _ORGS)),
    "Directorship": Relationship("director_of", ("director", "organization"), "role", ranges=(_LEGAL, _ORGS),
                                 also=("head_of", "member_of")),
    "Employment": Relationship("employed_by", ("employee", "employer"), "role", ranges=(_PEOPLE, _ORGS),
                               also=("member_of",)),
    "Family": Relationship("family_of", ("relative", "person"), "relationship", ranges=(_PEOPLE, _PEOPLE)),
    "Associate": Relationship("associate_of", ("person", "associate"), "relationship", ranges=(_PEOPLE, _PEOPLE)),
    "Ownership": Relationship("owner_of", ("owner", "asset"), "role", share="percentage",
                              ranges=(_LEGAL, frozenset({"Asset", "Company"}))),
    "Payment": Relationship("paid", ("payer", "beneficiary"), "purpose", amount="amount", currency="currency",
                            ranges=(_LEGAL, _LEGAL)),
    "Debt": Relationship("owes", ("debtor", "creditor"), amount="amount", currency="currency",
                         ranges=(_LEGAL, _LEGAL)),
    "Representation": Relationship("represented_by", ("client", "agent"), "role", ranges=(_LEGAL, _LEGAL)),
    "Succession": Relationship("successor_of", ("successor", "predecessor"), "role", ranges=(_LEGAL, _LEGAL)),
    "Documentation": Relationship("concerns", ("document", "entity"), "role", ranges=(frozenset({"Document"}), _ANY)),
    "Sanction": Relationship("sanctioned_by", ("entity", "authority"), "program", named_to=True),
    "UnknownLink": Relationship("linked_to", ("subject", "object"), "role"),
}
# Relation types with no schema of their own, written as a schema that fits them (the label as role).
BORROWED = {"head_of": "Directorship", "leader_of": "Directorship", "ally_of": "Associate"}
_OWN = {rel.own: name for name, rel in SCHEMATA.items()}


@dataclass(frozen=True, order=True)
class Shape:
    """How one claim is written: its schema, the property of each of its pieces (from, to, role,
    share, amount, currency; '' for none), whether the role is the claim's own (else the relation's
    label) and whether the to end is written as its name."""
    schema: str
    props: tuple[str, ...]
    own: bool
    named_to: bool = False


def _fits(rel: Relationship, from_schema: str, to_schema: str) -> bool:
    return all(allowed is None or schema in allowed for allowed, schema in zip(rel.ranges, (from_schema, to_schema)))


def shape_of(relation: str, from_schema: str, to_schema: str) -> Shape:
    """The shape of a claim of ``relation`` between things of these FtM schemata."""
    name = _OWN.get(relation) or BORROWED.get(relation)
    rel = SCHEMATA.get(name) if name else None
    if rel is None or not _fits(rel, from_schema, to_schema):
        name, rel = "UnknownLink", SCHEMATA["UnknownLink"]
    own = rel.own == relation
    pieces = (*rel.ends, rel.role, rel.share, rel.amount, rel.currency) if own else (*rel.ends, rel.role, "", "", "")
    return Shape(name, pieces, own, rel.named_to)


def import_candidates(schema: str) -> list[str]:
    """The relation types an FtM relationship of ``schema`` may become, in the order tried."""
    rel = SCHEMATA[schema]
    return [rel.own, *rel.also]
