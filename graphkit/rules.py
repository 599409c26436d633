"""The shapes a value must have, shared by the exact checks (graphkit.validate), the column-wise
fast path (graphkit.fastcheck), the page and the FtM importer.

>>> bool(SLUG.match("fsb-spb")), bool(WIKIDATA.match("Q0")), bool(SEED_CLAIM.match("C12"))
(True, False, True)
"""
from __future__ import annotations

import re

__all__ = ["SLUG", "WIKIDATA", "URL", "SEED_CLAIM", "MAX_QUOTE_WORDS"]

MAX_QUOTE_WORDS = 30  # a citation quotes about this many words, not the source
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
SEED_CLAIM = re.compile(r"^C[0-9]+$")
