"""The command line: a thin layer over the API (``graphkit --help``).

- :mod:`~graphkit.cli.commands`: the group; validate, paths, rank, communities;
- :mod:`~graphkit.cli.dataset_commands`: summary, render, report, entities, vocab;
- :mod:`~graphkit.cli.export_command`: export and import-ftm;
- :mod:`~graphkit.cli.merge_command`: merge;
- :mod:`~graphkit.cli.neo4j_commands`: the neo4j group and query;
- :mod:`~graphkit.cli.options`: the options and error handling they share.
"""
from .commands import cli, main

__all__ = ["cli", "main"]
