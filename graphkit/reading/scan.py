"""What the column-wise forms of the fast path share: the folder read as pyarrow Tables, what the forms
worked out (references and dates as numbers), the issues they word themselves, and the rows they hand
to an exact check.

A form that finds a rule broken either words the issues itself, exactly as the exact check does, or
names the rows concerned (:meth:`Scan.exact`): the exact check then runs on those rows alone, read
from the same Tables, with the whole folder's entities and sources to look references up in. Either
way the report is the exact checks' report, read once and column-wise.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..claims.vocab import Vocabulary
from ..errors import Issue
from .checks import Context
from .dataset import FILES, Dataset, Table, _display
from .fastread import FastTables, numbers

__all__: list[str] = []  # shared by the forms of graphkit.reading.fastcheck only


class Scan:
    """The tables, the vocabulary, and what the forms found and queued."""

    def __init__(self, tables: FastTables, vocab: Vocabulary, checks: Iterable[Callable]):
        self.tables, self.vocab, self.by_file = tables, vocab, tables.tables()
        self.checks = {check.__name__: check for check in checks}
        self.refs: dict = {}  # (file, column): each cell's row in the file it names, -1 if empty or unknown
        self.unresolved: set = set()  # the (file, column)s where some cell names no row
        self.dates: dict = {}  # (file, column): each cell's first and last day, 0 if empty or not a date
        self.first: dict = {}  # file: each row's first row with the same id, when some id is given twice
        self.issues: list[Issue] = []
        self.memo: dict = {}  # what several forms read alike (the names given, say)
        self._queued: dict[str, dict[str, np.ndarray]] = {}

    def warn(self, name: str, rows: np.ndarray, column: str | None, code: str,
             message: Callable[[int], str] | list[str], severity: str = "warning") -> None:
        """An issue for each row of ``rows`` of the file ``name``, placed and worded as the exact checks
        place and word it (``column``: the cell it points at; None for the first; ``message``: the words
        for a row, or the words of each issue in turn)."""
        table = self.by_file[name]
        display = _display(self.tables.directory / name)
        at = table.column_names.index(column) + 1 if column in table.column_names else 1
        lines = self.tables.lines[name]
        words = message if isinstance(message, list) else [message(int(r)) for r in rows]
        self.issues.extend(Issue(display, int(lines[r]), at, code, text, severity) for r, text in zip(rows, words))

    def exact(self, check: str, name: str, rows: np.ndarray) -> None:
        """Run the exact check named ``check`` on these rows of the file ``name`` (with any queued before)."""
        if len(rows):
            files = self._queued.setdefault(check, {})
            files[name] = rows if name not in files else np.union1d(files[name], rows)

    def run_exact(self) -> list[Issue]:
        """What the exact checks report on the rows queued for them."""
        found: list[Issue] = []
        for check, files in self._queued.items():
            found.extend(self.checks[check](_Part(self._part(files), self.vocab, whole=self)))
        return found

    def _part(self, files: dict[str, np.ndarray]) -> Dataset:
        """The rows of each file named in ``files``, as the exact reader reads them (none of the others)."""
        parts = {}
        for name in FILES:
            table, rows = self.by_file[name], np.sort(files.get(name, np.zeros(0, np.int64)))
            path = self.tables.directory / name
            parts[name] = Table(path, _display(path), list(table.column_names), table.take(pa.array(rows)).to_pylist(),
                                self.tables.lines[name][rows].tolist())
        return Dataset(self.tables.directory, parts["entities.csv"], parts["relations.csv"], parts["sources.csv"])

    def codes(self, name: str, column: str) -> np.ndarray:
        """Each cell's code, equal where the text is equal: its reference when every cell resolves."""
        if (name, column) in self.refs and (name, column) not in self.unresolved:
            return self.refs[name, column]
        values = self.by_file[name][column]
        kind = next(c.kind for c in self.vocab.columns[name] if c.name == column)
        terms = {"relation_type": self.vocab.relation_types, "stance": self.vocab.stances}.get(kind)
        if terms is not None:  # the vocabulary's order, when every cell holds a term of it
            codes = numbers(pc.index_in(values, value_set=pa.array(list(terms), pa.string()))).astype(np.int64)
            if not (codes < 0).any():
                return codes
        return numbers(pc.index_in(values, value_set=pc.unique(values))).astype(np.int64)

    @cached_property
    def entity_types(self) -> dict[str, str]:
        """Entity id -> type over the whole file, first occurrence wins, in file order (as Context has it)."""
        ents = self.tables.entities
        first = self.first.get("entities.csv")  # set by the ids' form when an id is given twice
        if first is None:
            return dict(zip(ents["id"].to_pylist(), ents["type"].to_pylist()))
        keep = pa.array(np.flatnonzero(first == np.arange(len(first))))
        return dict(zip(ents["id"].take(keep).to_pylist(), ents["type"].take(keep).to_pylist()))

    @cached_property
    def source_ids(self) -> set[str]:
        return set(self.tables.sources["id"].to_pylist())


def vouches(**checks: tuple[str, ...]) -> Callable:
    """Mark a column-wise form: it rules out, words or hands on these codes of these exact checks (by name)."""
    def mark(form: Callable[[Scan], bool]) -> Callable[[Scan], bool]:
        form.rules = {name: frozenset(codes) for name, codes in checks.items()}
        return form

    return mark


@dataclass
class _Part(Context):
    """Some rows of a folder, for an exact check that looks references up in the whole folder."""

    whole: Scan | None = field(default=None, repr=False)

    @property
    def entity_types(self) -> dict[str, str]:
        return self.whole.entity_types

    @property
    def source_ids(self) -> set[str]:
        return self.whole.source_ids

