"""The DataFrames analysts get: one row per entity, source, claim and link, with real values."""
import pandas as pd

import graphkit
from graphkit.outputs.frames import CLAIM_COLUMNS, EDGE_COLUMNS, ENTITY_COLUMNS, SOURCE_COLUMNS
from graphkit.claims.model import EvidenceFilter


def test_entities_frame_has_every_entity_with_aliases_as_a_list(seed):
    frame = graphkit.entities_frame(seed)
    assert list(frame.columns) == ENTITY_COLUMNS
    assert len(frame) == 88 and frame["id"].is_unique
    putin = frame.set_index("id").loc["putin"]
    assert putin["name"] == "Vladimir Putin" and putin["wikidata"] == "Q7747"
    assert "Владимир Путин" in putin["aliases"]
    assert putin["claims"] == sum(1 for c in seed.claims if "putin" in (c.from_id, c.to_id))


def test_sources_frame_counts_claims_and_parties(seed):
    frame = graphkit.sources_frame(seed)
    assert list(frame.columns) == SOURCE_COLUMNS
    assert len(frame) == 34
    assert frame["claims"].sum() == 190
    blog = frame.set_index("id").loc["baghai-2023"]
    assert blog["claims"] == sum(1 for c in seed.claims if c.source_id == "baghai-2023")
    assert blog["parties"] == len({c.attributed_to for c in seed.claims if c.source_id == "baghai-2023"})


def test_claims_frame_spells_out_provenance(seed):
    frame = graphkit.claims_frame(seed).set_index("id")
    assert list(graphkit.claims_frame(seed).columns) == CLAIM_COLUMNS
    assert len(frame) == 190
    r101 = frame.loc["r101"]
    assert (r101["from_name"], r101["to_name"], r101["status"]) == ("Vladimir Putin", "Vladimir Kumarin", "unverified")
    assert r101["attributed_to_name"] == "Christian Baghai"
    assert r101["source_title"].startswith("How deep is the Russian government")
    assert r101["status_rank"] == 3


def test_claims_frame_marks_disputed_asserting_rows(seed):
    """A denial marks its link disputed unless it was itself shown wrong (contradicted)."""
    frame = graphkit.claims_frame(seed)
    denied = {(c.from_id, c.type, c.to_id) for c in seed.claims
              if c.stance == "disputes" and c.status != "contradicted"}
    expected = {c.id for c in seed.claims if c.stance == "asserts" and (c.from_id, c.type, c.to_id) in denied}
    marked = set(frame.loc[frame["disputed"], "id"])
    assert marked == expected and expected
    # r073, the 2014 acquittal of Kumarin, was overturned: the attack claims it denied stand undisputed
    assert "r070" not in marked and frame.set_index("id").loc["r070", "status"] == "established"
    everything = graphkit.claims_frame(seed, EvidenceFilter(min_status="contradicted"))
    assert everything.set_index("id").loc["r070", "disputed"]  # counted where contradicted claims are kept


def test_claims_frame_with_a_filter_keeps_only_kept_links(seed):
    frame = graphkit.claims_frame(seed, EvidenceFilter(min_status="reported"))
    asserting = frame[frame["stance"] == "asserts"]
    assert set(asserting["status"]) == {"established", "reported"}
    assert len(asserting) == 31 + 83  # established and reported asserting claims


def test_edges_frame_shows_the_strongest_status_and_who_disputes(seed):
    frame = graphkit.edges_frame(seed)
    assert list(frame.columns) == EDGE_COLUMNS
    assert len(frame) == 125
    for edge in seed.edges(EvidenceFilter()):
        row = frame[(frame["from_id"] == edge.from_id) & (frame["type"] == edge.type) & (frame["to_id"] == edge.to_id)]
        assert len(row) == 1
        row = row.iloc[0]
        assert row["status"] == edge.status(seed.vocab)
        assert row["disputed"] == edge.disputed and row["disputed_by"] == edge.disputed_by
        assert row["parties"] == edge.independent_parties
        assert row["claims"] == sorted(c.id for c in edge.asserting)


def test_edges_frame_is_sorted_strongest_first_and_filters(seed):
    frame = graphkit.edges_frame(seed, EvidenceFilter(min_status="reported", exclude_disputed=True))
    assert frame["status_rank"].is_monotonic_increasing
    assert not frame["disputed"].any()
    assert set(frame["status"]) <= {"established", "reported"}


def test_single_source_links_are_the_ones_with_one_party(seed):
    frame = graphkit.edges_frame(seed)
    single = frame[frame["parties"] == 1]
    kept = graphkit.edges_frame(seed, EvidenceFilter(exclude_single_source=True))
    assert len(single) + len(kept) == len(frame)


def test_communities_frame_lists_every_member_once(seed):
    found = graphkit.communities(seed)
    frame = graphkit.communities_frame(found)
    assert len(frame) == sum(c["size"] for c in found)
    assert frame["id"].is_unique
    assert isinstance(frame, pd.DataFrame)
