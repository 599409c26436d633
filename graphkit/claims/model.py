"""The claim model: claims, the edges they make, and the evidence filter.

An edge a reader sees (``putin —ally_of→ ivanov-viktor``) is the group of
claims sharing ``from_id``, ``type`` and ``to_id``. Its status is the strongest
status among its *asserting* claims that pass the filter; it is *disputed*
when a disputing claim exists.

>>> f = EvidenceFilter(min_status="reported")
>>> f.describe()
'min-status reported'
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field, fields, replace

from ..errors import GraphkitError
from .dates import date_bounds
from .vocab import COST_DECIMALS, Vocabulary

__all__ = ["Claim", "Edge", "EvidenceFilter", "DEFAULT_MIN_STATUS", "parse_as_of", "ATTRIBUTES", "attribute_words"]

# Paths and metrics leave contradicted claims out unless asked: primary
# evidence says they are false, so a connection resting on one misleads.
DEFAULT_MIN_STATUS = "unverified"
# How a filter with no option set reads: say what the default leaves out.
NO_FILTER = "none (the default leaves out contradicted claims)"
# An edge whose hop is counted as resting on at most this many independent parties.
MAX_INDEPENDENT = 3
# A hop's cost (a status cost, in thousandths, over at most MAX_INDEPENDENT parties) times
# this is a whole number: searches add costs as integers and ties are exact.
COST_STEPS = 10**COST_DECIMALS * math.lcm(*range(1, MAX_INDEPENDENT + 1))


# The optional columns of relations.csv that some relation types fill (see their `attributes`).
ATTRIBUTES = ("role", "share", "amount", "currency")


def attribute_words(claim: dict) -> str:
    """A claim's attributes (its citation, :func:`graphkit.core.describe.cite`) in words: 'role: spouse; share: 51%'.

    >>> attribute_words({"role": "donation", "share": "", "amount": "20000", "currency": "EUR"})
    'role: donation; amount: 20000 EUR'
    """
    role, share, amount, currency = (claim.get(name, "") for name in ATTRIBUTES)
    words = [f"role: {role}" if role else "", f"share: {share}%" if share else "",
             f"amount: {amount} {currency}".rstrip() if amount else f"currency: {currency}" if currency else ""]
    return "; ".join(w for w in words if w)


@dataclass(frozen=True)
class Claim:
    """One row of relations.csv."""

    id: str
    from_id: str
    type: str
    to_id: str
    status: str
    stance: str
    attributed_to: str
    source_id: str
    locator: str = ""
    quote: str = ""
    start: str = ""
    end: str = ""
    seed_claim: str = ""
    note: str = ""
    # what some relation types carry (graphkit.claims.model.ATTRIBUTES): the kind of tie, post or
    # purpose; a percentage owned; a sum and its currency, as written in relations.csv
    role: str = ""
    share: str = ""
    amount: str = ""
    currency: str = ""
    line: int = 0

    @classmethod
    def from_row(cls, row: dict[str, str], line: int) -> "Claim":
        names = {f.name for f in fields(cls)} - {"line"}
        return cls(**{k: row.get(k, "") for k in names}, line=line)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Edge:
    """The claims on one (from_id, type, to_id), after filtering."""

    from_id: str
    type: str
    to_id: str
    asserting: list[Claim] = field(default_factory=list)
    disputing: list[Claim] = field(default_factory=list)
    # who counts as one party (graphkit.claims.rules.one_party): a document and its authors
    party_of: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def status(self, vocab: Vocabulary) -> str | None:
        """Strongest asserting status, or None when nothing asserts it."""
        if not self.asserting:
            return None
        return min((c.status for c in self.asserting), key=vocab.status_rank)

    @property
    def disputed(self) -> bool:
        return bool(self.disputing)

    @property
    def disputed_by(self) -> list[str]:
        return sorted({c.attributed_to for c in self.disputing})

    @property
    def independent_parties(self) -> int:
        """How many different parties assert it: rows reading one report count once, and so do a
        document and its authors (``party_of``)."""
        return len({self.party_of.get(c.attributed_to, c.attributed_to) for c in self.asserting})

    def cost(self, vocab: Vocabulary) -> float:
        """Weight of this edge when paths prefer the strongest evidence."""
        status = self.status(vocab)
        return vocab.status_by_id[status].cost / min(self.independent_parties, MAX_INDEPENDENT)


def parse_as_of(text: str | None) -> dt.date | None:
    """``--as-of`` value: any partial date; a year or month means its last day."""
    if not text:
        return None
    bounds = date_bounds(text)
    if bounds is None:
        raise GraphkitError(f"--as-of: '{text}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return bounds[1]


@dataclass(frozen=True)
class EvidenceFilter:
    """Which claims count. The same filter drives paths, metrics and the page.

    - ``min_status``: keep asserting claims this strong or stronger;
    - ``types``: keep only these relation types (None: all);
    - ``exclude_disputed``: drop edges that any party disputes;
    - ``exclude_single_source``: drop edges asserted by only one party;
    - ``as_of``: keep claims whose dates may include this day (undated claims stay).

    Disputing claims are kept whenever the relation type is: a denial counts
    against an edge whatever its own date or status, unless it is itself shown
    wrong (``contradicted``, such as an acquittal overturned on appeal), which
    counts only where contradicted claims are kept (:meth:`denial_rank`).
    """

    min_status: str = DEFAULT_MIN_STATUS
    types: tuple[str, ...] | None = None
    exclude_disputed: bool = False
    exclude_single_source: bool = False
    as_of: dt.date | None = None

    def check(self, vocab: Vocabulary) -> "EvidenceFilter":
        """Raise a clear error for a status or type outside the vocabulary."""
        from .suggest import did_you_mean

        if self.min_status not in vocab.status_by_id:
            raise GraphkitError(f"--min-status: unknown status '{self.min_status}'"
                                f"{did_you_mean(self.min_status, vocab.status_ids)}; "
                                f"use one of: {', '.join(vocab.status_ids)}")
        for t in self.types or ():
            if t not in vocab.relation_types:
                raise GraphkitError(f"--types: unknown relation type '{t}'"
                                    f"{did_you_mean(t, vocab.relation_types)}; "
                                    f"see `graphkit vocab` for the list")
        return self

    def denial_rank(self, vocab: Vocabulary) -> int:
        """The weakest status rank a denial may have and still count against its link: any but the
        last (contradicted), which counts only when ``min_status`` keeps it."""
        return max(vocab.status_rank(self.min_status), len(vocab.status_ids) - 2)

    @staticmethod
    def strongest_denials(links, stances, statuses, vocab: Vocabulary) -> dict:
        """Each denied link's strongest denial, as a status rank (for :meth:`denial_rank` to weigh).

        >>> from graphkit.claims.vocab import load_vocabulary
        >>> EvidenceFilter.strongest_denials(["a", "a", "b"], ["disputes", "disputes", "asserts"],
        ...                                  ["contradicted", "reported", "established"], load_vocabulary())
        {'a': 1}
        """
        denied: dict = {}
        for link, stance, status in zip(links, stances, statuses):
            if stance == "disputes":
                denied[link] = min(denied.get(link, len(vocab.status_ids)), vocab.status_rank(status))
        return denied

    def active(self) -> dict[str, object]:
        """The settings that differ from the defaults, by CLI option name."""
        out: dict[str, object] = {}
        if self.min_status != DEFAULT_MIN_STATUS:
            out["min-status"] = self.min_status
        if self.types is not None:
            out["types"] = ",".join(self.types)
        if self.exclude_disputed:
            out["exclude-disputed"] = True
        if self.exclude_single_source:
            out["exclude-single-source"] = True
        if self.as_of is not None:
            out["as-of"] = self.as_of.isoformat()
        return out

    def describe(self) -> str:
        """The options set, as on the command line; :data:`NO_FILTER` when none is.

        >>> EvidenceFilter().describe(), EvidenceFilter(min_status="reported").describe()
        ('none (the default leaves out contradicted claims)', 'min-status reported')
        """
        parts = [k if v is True else f"{k} {v}" for k, v in self.active().items()]
        return ", ".join(parts) or NO_FILTER

    def without(self, option: str) -> "EvidenceFilter":
        """The same filter with one CLI option reset to its default."""
        name = option.replace("-", "_")
        return replace(self, **{name: getattr(EvidenceFilter(), name)})
