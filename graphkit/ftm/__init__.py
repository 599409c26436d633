"""FollowTheMoney (FtM): the data model of Aleph and OpenSanctions, out and in.

**Out** (:func:`write_ftm`, :mod:`graphkit.ftm.export`): line-delimited JSON entities, things by
type and one FtM relationship per claim, each with its own source and standing.

**In** (:func:`import_ftm`, :mod:`graphkit.ftm.importer`): FtM entities become graphkit's three
CSV files, each relationship one claim (the file read by :mod:`graphkit.ftm.reading`).

>>> from graphkit import load_graph
>>> entities = ftm_entities(load_graph("data"))
>>> sorted({e["schema"] for e in entities})[:4]
['Associate', 'Directorship', 'Document', 'Event']
"""
from .export import ENTITY_SCHEMATA, ftm_entities, ftm_id, write_ftm
from .schemata import SCHEMATA
from .importer import IMPORT_ENTITY_TYPES, IMPORT_RELATIONS, import_ftm

__all__ = ["ENTITY_SCHEMATA", "SCHEMATA", "IMPORT_ENTITY_TYPES", "IMPORT_RELATIONS",
           "ftm_entities", "write_ftm", "import_ftm", "ftm_id"]
