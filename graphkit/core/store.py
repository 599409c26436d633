"""The stored index: a validated dataset's core written under ``$GRAPHKIT_CACHE/index`` (default
``~/.cache/graphkit/index``), keyed on a digest of the CSV files' bytes and the vocabulary, so a second
question about the same files neither re-reads nor re-validates them."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from ..claims.vocab import Vocabulary, load_vocabulary
from ..errors import InvalidDatasetError, ValidationReport
from ..reading.dataset import require_folder
from .build import build_index
from .index import FORMAT, ClaimIndex

__all__ = ["load_index", "checked_index", "index_cache_root", "content_digest"]


def index_cache_root() -> Path:
    """``$GRAPHKIT_CACHE/index`` if set, else ``~/.cache/graphkit/index``."""
    root = os.environ.get("GRAPHKIT_CACHE") or Path.home() / ".cache" / "graphkit"
    return Path(root) / "index"


def content_digest(folder: Path, vocab: Vocabulary | None = None,
                   names=("entities.csv", "relations.csv", "sources.csv")) -> str:
    """One digest of the dataset files' bytes and of the vocabulary read with them: what the cache is keyed on."""
    digest = hashlib.sha256()
    digest.update(f"graphkit-index-{FORMAT}\0{(vocab or load_vocabulary()).digest}".encode())
    for path in (folder / n for n in names):
        digest.update(path.name.encode() + b"\0")
        try:
            with path.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
        except FileNotFoundError:
            digest.update(b"missing")
    return digest.hexdigest()


def _fast_checked(folder: Path, vocab: Vocabulary):
    """The fast reader's tables and the report of their checks, when the fast path can give it, else None."""
    from ..reading.fastcheck import fast_check, unvouched
    from ..reading.fastread import fast_read
    from ..reading.validate import CHECKS

    tables = None if unvouched(CHECKS) else fast_read(folder, vocab)
    report = None if tables is None else fast_check(tables, vocab, CHECKS)
    return None if report is None else (tables, report)


def _from_fast(tables) -> tuple[dict, np.ndarray | None, dict]:
    return {"entities": tables.entities, "relations": tables.relations, "sources": tables.sources}, \
        tables.relation_lines, tables.found


def _from_dataset(dataset, vocab: Vocabulary) -> tuple[dict, np.ndarray, dict]:
    """The exact reader's rows as the tables the index is built from."""
    import pyarrow as pa

    out = {}
    for name, t in dataset.tables().items():
        columns = [col.name for col in vocab.columns[name]]
        out[name.removesuffix(".csv")] = pa.Table.from_arrays(
            [pa.array([row.get(c, "") for row in t.rows], type=pa.string()) for c in columns], names=columns)
    return out, np.asarray(dataset.relations.lines, dtype=np.int64), {}


def _read_checked(folder: Path, vocab: Vocabulary) -> tuple[dict, np.ndarray | None, dict]:
    """The three tables, validated: the fast reader when the files are plainly clean, else the exact one."""
    from ..reading.dataset import read_dataset
    from ..reading.validate import validate

    fast = _fast_checked(folder, vocab)
    if fast is not None:
        if not fast[1].valid:
            raise InvalidDatasetError(fast[1])
        return _from_fast(fast[0])
    dataset = read_dataset(folder, vocab)
    report = validate(dataset, vocab=vocab)
    if not report.valid:
        raise InvalidDatasetError(report)
    return _from_dataset(dataset, vocab)


def load_index(directory: str | Path = "data", vocab: Vocabulary | None = None, cache: bool = True) -> ClaimIndex:
    """Validate and index a dataset folder, or open its stored index when the files are unchanged.

    Raises :class:`InvalidDatasetError` (with the full report) for an invalid dataset.
    """
    vocab = vocab or load_vocabulary()
    folder = Path(directory).resolve()
    require_folder(Path(directory))
    return _open_or_build(folder, vocab, content_digest(folder, vocab), lambda: _read_checked(folder, vocab), cache)


def checked_index(directory: str | Path = "data", vocab: Vocabulary | None = None) -> tuple[ValidationReport,
                                                                                            ClaimIndex | None]:
    """Validate a dataset folder and index it from that one reading: the full report (warnings
    included) and the index, None when the dataset is invalid. A stored index of the same files
    is opened rather than built again."""
    from ..reading.dataset import read_dataset
    from ..reading.validate import validate

    vocab = vocab or load_vocabulary()
    folder = Path(directory).resolve()
    require_folder(Path(directory))
    key = content_digest(folder, vocab)  # of the bytes about to be read
    fast = _fast_checked(folder, vocab)
    if fast is not None:
        tables, report = fast
        if not report.valid:
            return report, None
        return report, _open_or_build(folder, vocab, key, lambda: _from_fast(tables), True)
    dataset = read_dataset(folder, vocab)
    report = validate(dataset, vocab=vocab)
    if not report.valid:
        return report, None
    return report, _open_or_build(folder, vocab, key, lambda: _from_dataset(dataset, vocab), True)


def _open_or_build(folder: Path, vocab: Vocabulary, key: str, read, cache: bool) -> ClaimIndex:
    """The stored index of the files whose digest is ``key``, else one built from ``read()`` (and stored)."""
    store = index_cache_root() / key
    if cache and (store / "meta.json").exists():
        try:
            return ClaimIndex.open(store, vocab, folder)
        except (OSError, ValueError, KeyError):
            shutil.rmtree(store, ignore_errors=True)  # a damaged entry: rebuild it
    tables, lines, found = read()
    index = build_index(tables, vocab, lines, found)
    index.folder = folder
    if cache:
        index = _store(index, store, vocab, folder)
    return index


def _store(index: ClaimIndex, store: Path, vocab: Vocabulary, folder: Path) -> ClaimIndex:
    """Write the index beside others (atomically: a half-written entry is never opened)."""
    root = store.parent
    try:
        root.mkdir(parents=True, exist_ok=True)
        part = Path(tempfile.mkdtemp(prefix=".part-", dir=root))
        index.save(part)
        try:
            os.replace(part, store)
        except OSError:  # another process stored it first
            shutil.rmtree(part, ignore_errors=True)
        _evict(root, keep=store)
        return ClaimIndex.open(store, vocab, folder)
    except OSError:
        return index  # an unwritable cache only costs speed


def _evict(root: Path, keep: Path, entries: int = 8) -> None:
    """Keep the most recently built entries only."""
    found = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[entries:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
