"""The shapes a value must have, shared by the exact checks (graphkit.reading.validate), the column-wise
fast path (graphkit.reading.fastcheck), the page and the FtM importer; and how a check names its rules.

>>> bool(SLUG.match("fsb-spb")), bool(WIKIDATA.match("Q0")), bool(SEED_CLAIM.match("C12"))
(True, False, True)
>>> [bool(LOST_LETTERS.search(t)) for t in ("???????? ???????", "Who?? Nobody.", "Боб|???")]
[True, False, True]

Every exact check declares, with :func:`rule`, the issue codes it can report, and may report no
other. The fast path vouches for a check only where it implements each of those codes; a check or a
code it does not know sends the dataset to the exact checks.

>>> from graphkit.errors import Issue
>>> @rule("too-loud")
... def check_loud(lines):
...     for number, text in enumerate(lines, 1):
...         if text.isupper():
...             yield Issue("notes.txt", number, 1, "too-loud", text)
>>> [issue.line for issue in check_loud(["calm", "LOUD"])], sorted(check_loud.codes)
([2], ['too-loud'])
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

__all__ = ["SLUG", "WIKIDATA", "URL", "SEED_CLAIM", "SHARE", "AMOUNT", "CURRENCY", "LOST_LETTERS", "TEXT_KINDS", "MAX_QUOTE_WORDS", "rule",
           "AUTHORED", "one_party", "authorship"]

MAX_QUOTE_WORDS = 30  # a citation quotes about this many words, not the source
AUTHORED = "authored"  # the relation that makes a document and its author one party
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
SEED_CLAIM = re.compile(r"^C[0-9]+$")
# A claim's attributes: a percentage owned, a plain sum, an ISO 4217 currency code.
SHARE = re.compile(r"^(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)$")
AMOUNT = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
# A word that is nothing but question marks: what is left of letters (Cyrillic, mostly) after a save in
# an encoding that cannot hold them, such as a spreadsheet's "ANSI" CSV. Each \s is inside [...].
LOST_LETTERS = re.compile(r"(?:^|[\s|(\"'«„“])\?{2,}(?:$|[\s|)\"'»“”.,;:!])")
# The columns of free text, where such words are looked for.
TEXT_KINDS = (None, "aliases", "quote")


def rule(*codes: str) -> Callable:
    """Mark a check with the issue codes it reports; an issue with any other code is a defect in the check."""
    declared = frozenset(codes)

    def mark(check: Callable[..., Iterator]) -> Callable[..., Iterator]:
        @functools.wraps(check)
        def checked(*args, **kwargs):
            for issue in check(*args, **kwargs):
                if issue.code not in declared:
                    raise RuntimeError(f"{check.__name__} reported '{issue.code}', which its @rule does not "
                                       f"declare ({', '.join(sorted(declared))}); declare it, and give it a "
                                       "column-wise form in graphkit.reading.fastcheck")
                yield issue

        checked.codes = declared
        return checked

    return mark


# The words of the warnings that the exact checks and the column-wise forms both give.
NO_ROWS = "the file has a header but no rows"


def long_quote(words: int) -> str:
    """The warning for a quote of ``words`` words."""
    return f"quote: {words} words; keep a citation to about {MAX_QUOTE_WORDS}"


def lost_letters(column: str, value: str) -> str:
    """The warning for a cell of ``column`` whose letters were turned into '?'."""
    shown = value if len(value) <= 60 else value[:57] + "..."
    return (f"{column}: '{shown}' has '?' where letters were: the file was once saved in an encoding that "
            "cannot hold them (a spreadsheet's ANSI or Windows-1252 CSV turns Cyrillic into '?'), and they are "
            "lost; export again from the original as CSV UTF-8")


def shared_name(name: str, owners: list[str]) -> str:
    """The warning for a name or alias that ``owners`` (entity ids, sorted) all hold."""
    return f"'{name}' names several entities ({', '.join(owners)}); lookups by it will be ambiguous"


def via_cycle(via: str, source: str) -> str:
    """The words of a via-cycle error at the source ``source`` whose via is ``via``."""
    return f"via: '{via}' leads back to '{source}'; a via chain must end"


def unverified_attribution(party: str, source: str, author: str) -> str:
    """The warning for an unverified claim said to be ``party``'s but read in ``source``, by ``author``."""
    return (f"attributed_to: '{party}' is said to make this unverified claim only by '{source}', whose author "
            f"'{author}' is then the one making it; attribute it to '{author}' and name '{party}' in the note")


def authorship(types, stances, statuses, froms, tos) -> list[tuple[str, str]]:
    """The (author, document) pairs that make one party: asserting ``authored`` claims that are not
    contradicted, from parallel columns of relations.csv (any iterables of text)."""
    return [(f, d) for kind, stance, status, f, d in zip(types, stances, statuses, froms, tos)
            if kind == AUTHORED and stance == "asserts" and status != "contradicted"]


def one_party(pairs) -> dict[str, str]:
    """Who counts once when the independent parties behind a link are counted.

    A document and the people or bodies that wrote it are one party, and so are its co-authors: a claim
    read in a report and the same claim made by the report's author are one party's, not two. ``pairs``
    are (author, document) pairs (:func:`authorship`); the result maps each entity of such a group to
    the group's smallest id. Everyone else is their own party and is left out.

    >>> one_party([("shvets", "ivanov-report"), ("litvinenko", "ivanov-report"), ("state-dept", "tip-2021")])
    {'ivanov-report': 'ivanov-report', 'litvinenko': 'ivanov-report', 'shvets': 'ivanov-report', \
'state-dept': 'state-dept', 'tip-2021': 'state-dept'}
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for author, document in pairs:
        a, b = root(author), root(document)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {x: root(x) for x in sorted(parent)}
