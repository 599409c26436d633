"""Errors and validation issues.

Every problem graphkit finds in a dataset is an :class:`Issue` that names the
file, line and column, a short code and a message that says what to do.
Problems that stop a command are :class:`GraphkitError` subclasses; the CLI
turns them into one-line messages and a non-zero exit, never a traceback.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = [
    "GraphkitError",
    "VocabularyError",
    "DatasetError",
    "InvalidDatasetError",
    "LookupFailed",
    "NoPathError",
    "Issue",
    "ValidationReport",
]


class GraphkitError(Exception):
    """Base of every error graphkit raises on purpose."""


class VocabularyError(GraphkitError):
    """A vocabulary YAML file is missing a key or holds a wrong value."""


class DatasetError(GraphkitError):
    """A dataset cannot be read at all (missing folder, unreadable file)."""


class InvalidDatasetError(GraphkitError):
    """A dataset was read but breaks rules; ``report`` holds every issue."""

    def __init__(self, report: "ValidationReport"):
        self.report = report
        errors = report.errors
        first = errors[0].format() if errors else "no details"
        more = f" (and {len(errors) - 1} more; run `graphkit validate`)" if len(errors) > 1 else ""
        super().__init__(f"invalid dataset: {first}{more}")


class LookupFailed(GraphkitError):
    """A name matches no entity, or several."""

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class NoPathError(GraphkitError):
    """No connection satisfies the query; the message names the filter that cut it."""


@dataclass(frozen=True)
class Issue:
    """One problem in one place.

    >>> Issue("data/relations.csv", 17, 4, "unknown-entity",
    ...       "to_id: unknown entity 'tambov-grp' (did you mean 'tambov-group'?)").format()
    "data/relations.csv:17:4: unknown-entity: to_id: unknown entity 'tambov-grp' (did you mean 'tambov-group'?)"
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"

    def format(self) -> str:
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.column}: {tag}{self.code}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ValidationReport:
    """Every issue found in a dataset, in file and line order."""

    issues: list[Issue] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> "ValidationReport":
        order = sorted(self.issues, key=lambda i: (i.path, i.line, i.column, i.code))
        return ValidationReport(order, dict(self.checked))

    def to_dict(self) -> dict:
        return {
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "checked": self.checked,
            "issues": [i.to_dict() for i in self.issues],
        }
