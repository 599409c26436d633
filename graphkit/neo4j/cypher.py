"""Cypher statements kept in ``cypher/`` files, loaded by name.

Every value goes in as a ``$parameter``. A label or relationship type that a
statement matches or merges on is written out (Neo4j 5.26 uses no index for a
dynamic one), so a statement may hold the placeholders ``__TYPE__`` and
``__INDEX_NAME__``; :func:`statement` fills them only with names from the
vocabulary, through :func:`quote_name`, the one quoting helper. ``__MAX_HOPS__``
(a variable-length bound, which Cypher cannot take as a parameter) takes only a
checked whole number. The load statements set labels and types per row with
Cypher's ``$(...)``, from columns that the loader fills with the vocabulary's
names only, never with text from a CSV.

>>> quote_name("MEMBER_OF", load_vocabulary())
'`MEMBER_OF`'
>>> "MERGE (a)-[r:`MEMBER_OF` {" in statement("load/claims", type="MEMBER_OF")
True
>>> quote_name("Person`) DETACH DELETE n //")
Traceback (most recent call last):
...
graphkit.errors.GraphkitError: 'Person`) DETACH DELETE n //' is not a label or relationship type of the vocabulary
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from ..claims.vocab import Vocabulary, load_vocabulary
from ..errors import GraphkitError

__all__ = ["CYPHER_DIR", "quote_name", "statement", "read_query", "query_header", "list_queries", "find_query"]


def _cypher_dir() -> Path:
    """``graphkit/_cypher`` in an installed package; the repository's ``cypher/`` in a checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "_cypher"
    return installed if installed.is_dir() else package.parent / "cypher"


CYPHER_DIR = _cypher_dir()
# graphkit's own fixed labels, besides the entity-type labels of the vocabulary.
OWN_LABELS = ("GraphkitEntity", "GraphkitSource")


def _allowed(vocab: Vocabulary) -> set[str]:
    names = {t.neo4j_label for t in vocab.entity_types.values()}
    names |= {r.neo4j_type for r in vocab.relation_types.values()}
    return names | set(OWN_LABELS)


def quote_name(name: str, vocab: Vocabulary | None = None) -> str:
    """Back-tick a label or relationship type that the vocabulary defines; refuse anything else."""
    vocab = vocab or load_vocabulary()
    if name not in _allowed(vocab) or "`" in name:
        raise GraphkitError(f"'{name}' is not a label or relationship type of the vocabulary")
    return f"`{name}`"


@functools.lru_cache(maxsize=64)
def read_query(path: str | Path) -> str:
    """The text of a .cypher file (a path, or a name under cypher/ without the suffix)."""
    candidate = Path(path)
    if not candidate.suffix:
        candidate = CYPHER_DIR / f"{path}.cypher"
    try:
        return candidate.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphkitError(f"{candidate}: no such Cypher file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphkitError(f"{candidate}: cannot read it as UTF-8 text ({exc})") from None


def statement(name: str, type: str | None = None) -> str:
    """A statement from cypher/, with vocabulary names filled in through :func:`quote_name`."""
    vocab = load_vocabulary()
    text = read_query(name)
    if "__TYPE__" in text:
        text = text.replace("__TYPE__", quote_name(type, vocab))
    if "__INDEX_NAME__" in text:
        text = text.replace("__INDEX_NAME__", f"graphkit_claim_{type.lower()}_key")
    if re.search(r"__[A-Z_]+__", text):
        raise GraphkitError(f"{name}: a placeholder was left unfilled")
    return text


def query_header(text: str) -> dict[str, str]:
    """The header comment of a query file: what it answers, its parameters, an example."""
    fields: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        m = re.match(r"^(Answers|Parameters|Example|Returns):\s*(.*)$", body)
        if m:
            key = m.group(1).lower()
            fields[key] = m.group(2)
        elif key and body:
            fields[key] += " " + body
    return fields


def find_query(name: str | Path) -> Path:
    """A query file: a path that exists, else a query of the library by name (``connection``) or by its
    place in the repository (``cypher/query/connection.cypher``), which an installed graphkit carries too."""
    path = Path(name)
    if path.is_file():
        return path
    parts = path.with_suffix("").parts if path.suffix in ("", ".cypher") else ()
    if parts[:1] == ("cypher",):
        parts = parts[1:]
    if len(parts) == 1:
        parts = ("query", *parts)
    candidate = CYPHER_DIR.joinpath(*parts).with_suffix(".cypher") if parts else None
    if candidate is not None and candidate.resolve().is_relative_to(CYPHER_DIR) and candidate.is_file():
        return candidate
    names = ", ".join(p.stem for p in list_queries())
    raise GraphkitError(f"{name}: no such Cypher file, and no query of that name in the library "
                        f"(its queries: {names})")


def list_queries() -> list[Path]:
    """The investigators' query library, cypher/query/*.cypher."""
    return sorted((CYPHER_DIR / "query").glob("*.cypher"))
