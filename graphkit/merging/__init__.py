"""One entity across datasets: candidate matches by name, alias (transliterated), Wikidata id and dates
(:mod:`~graphkit.merging.candidates`), the decision file that records each judgement
(:mod:`~graphkit.merging.decisions`), and the merge that follows it (:mod:`~graphkit.merging.merge`)."""
from .candidates import Candidate, find_candidates
from .decisions import read_decisions
from .merge import MergeError, merge_datasets

__all__ = ["Candidate", "find_candidates", "read_decisions", "merge_datasets", "MergeError"]
