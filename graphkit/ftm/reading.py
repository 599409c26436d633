"""FollowTheMoney files read in: line-delimited JSON entities, each with its line number, a file
that is one JSON document named for what it is, and FtM's values made plain (slugs, dates, the
first property that holds a value)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..claims.dates import date_bounds
from ..claims.rules import AMOUNT, CURRENCY, SHARE
from ..errors import DatasetError
from .export import _FTM_DATE

__all__ = ["read_lines", "slug", "first_date", "first_values", "attributes_of"]

_FORMS = {"share": SHARE, "amount": AMOUNT, "currency": CURRENCY}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def first_date(values: list[str]) -> str:
    for value in values:
        text = value.strip()[:10]
        for cut in (text, text[:7], text[:4]):  # FtM dates may carry a time, or a bad day
            if date_bounds(cut) and _FTM_DATE.match(cut):
                return cut
    return ""


def first_values(props: dict, names) -> list[str]:
    for name in names:
        given = props.get(name, [])
        values = [v for v in ([given] if isinstance(given, str) else given) if isinstance(v, str) and v.strip()]
        if values:
            return values
    return []


def _whole_document(path: Path, text: str) -> None:
    """Name a file that is one JSON document (an array, or an object holding the entities)."""
    try:
        document = json.loads(text)
    except ValueError:
        return
    if isinstance(document, list):
        raise DatasetError(f"{path}: a JSON array of {len(document)} items, not line-delimited FtM; FtM files hold "
                           f"one entity per line: write it out as such, e.g. jq -c '.[]' {path.name}")
    if isinstance(document, dict) and not (document.get("id") and document.get("schema")):
        lists = [k for k, v in document.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
        held = f" holding a list under {', '.join(repr(k) for k in lists)}" if lists else ""
        hint = f", e.g. jq -c '.{lists[0]}[]' {path.name}" if lists else ""
        raise DatasetError(f"{path}: one JSON object{held}, not an FtM entity per line; FtM files hold one "
                           f"entity per line: write them out as such{hint}")


def read_lines(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file; give a line-delimited FollowTheMoney JSON file") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    entities = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except ValueError as exc:
            if not entities:
                _whole_document(path, text)
            raise DatasetError(f"{path}:{number}: not a JSON object ({exc}); FtM files hold one entity "
                               "per line") from None
        if not isinstance(entity, dict) or not entity.get("id") or not entity.get("schema"):
            if not entities:
                _whole_document(path, text)
            raise DatasetError(f"{path}:{number}: an FtM entity needs an 'id' and a 'schema'")
        entity["_line"] = number
        entities.append(entity)
    return entities


def attributes_of(schema, props: dict, relation) -> tuple[dict[str, str], list[str]]:
    """The role, share, amount and currency of an FtM relationship (``schema``: its
    :class:`~graphkit.ftm.schemata.Relationship`) that its graphkit ``relation`` type takes, as
    relations.csv writes them; and, for the note, each value that has no form graphkit reads.

    >>> from graphkit.ftm.schemata import SCHEMATA
    >>> from graphkit.claims.vocab import load_vocabulary
    >>> paid = load_vocabulary().relation_types["paid"]
    >>> attributes_of(SCHEMATA["Payment"], {"amount": ["1,500.5"], "currency": ["eur"], "purpose": ["Donation"]}, paid)
    ({'role': 'Donation', 'amount': '1500.5', 'currency': 'EUR'}, [])
    >>> attributes_of(SCHEMATA["Payment"], {"amountEur": ["113969.15"]}, paid)
    ({'amount': '113969.15', 'currency': 'EUR'}, [])
    """
    values, unread = {}, []
    if schema.amount and not first_values(props, (schema.amount,)):
        # FtM's sums converted to euros or dollars stand in where the sum itself is not given
        for prop, currency in (("amountEur", "EUR"), ("amountUsd", "USD")):
            if first_values(props, (prop,)):
                props = {**props, schema.amount: props[prop], schema.currency: [currency]}
                break
    for attribute in ("role", "share", "amount", "currency"):
        prop = getattr(schema, attribute)
        given = first_values(props, (prop,)) if prop and attribute in relation.attributes else []
        if not given:
            continue
        value = given[0].strip()
        if attribute == "role":
            value = value.casefold() if value.casefold() in relation.roles else value.replace("|", "/")
            if value.casefold() in (relation.id, relation.label.casefold()):
                continue  # graphkit's own export names the relation there
        else:
            value = {"share": value.rstrip("%").strip(), "amount": re.sub(r"[,\s]", "", value),
                     "currency": value.upper()}[attribute]
        if attribute != "role" and not _FORMS[attribute].match(value):
            unread.append(f"{prop}: {given[0].strip()}")
            continue
        values[attribute] = value
    return values, unread
