"""Validation: small checks, one rule each, every problem collected.

Each ``check_*`` function takes a :class:`Context` and yields
:class:`~graphkit.errors.Issue` objects; :func:`validate` runs them all and
never stops at the first problem.

>>> report = validate("data")
>>> report.valid
True
"""
from __future__ import annotations

from pathlib import Path

from ..claims.rules import MAX_QUOTE_WORDS
from ..claims.vocab import Vocabulary, load_vocabulary
from ..errors import DatasetError, ValidationReport
from .checks import (
    Context,
    check_date_order,
    check_disputes,
    check_duplicate_claims,
    check_endpoint_types,
    check_formats,
    check_ids,
    check_references,
    check_required,
    check_vocabulary_terms,
    normalise_space,
)
from .attributes import check_attributes
from .dataset import Dataset, read_dataset
from .text_checks import check_attribution, check_lost_letters, check_names, check_no_rows, check_quotes, check_sources

__all__ = ["validate", "CHECKS", "Context", "normalise_space", "MAX_QUOTE_WORDS"]

CHECKS = [
    check_required, check_ids, check_vocabulary_terms, check_references, check_endpoint_types,
    check_formats, check_attributes, check_date_order, check_duplicate_claims, check_disputes, check_attribution, check_names,
    check_quotes, check_sources, check_lost_letters, check_no_rows,
]


def validate(data: str | Path | Dataset = "data", archive: str | Path | None = None,
             vocab: Vocabulary | None = None) -> ValidationReport:
    """Check a dataset folder (or a :class:`Dataset` already read) against every rule.

    ``archive`` names a folder of ``<source_id>.txt`` files; with it, every quote
    must appear verbatim (whitespace aside) in the text of the source it cites.
    """
    vocab = vocab or load_vocabulary()
    if archive is not None and not Path(archive).is_dir():
        raise DatasetError(f"{archive}: no such archive folder; --archive needs a folder of "
                           "<source_id>.txt files")
    if archive is None and not isinstance(data, Dataset):
        # A clean folder is recognised column-wise in a fraction of the time; anything else (or
        # anything the fast path is unsure of) goes through the exact checks, the one source of messages.
        from .fastcheck import fast_report
        clean = fast_report(Path(data), vocab, CHECKS)
        if clean is not None:
            return clean
    dataset = data if isinstance(data, Dataset) else read_dataset(data, vocab)
    ctx = Context(dataset, vocab, Path(archive) if archive else None)
    issues = list(dataset.read_issues)
    for check in CHECKS:
        issues.extend(check(ctx))
    counts = {name: len(t.rows) for name, t in dataset.tables().items()}
    return ValidationReport(issues, counts).sorted()
