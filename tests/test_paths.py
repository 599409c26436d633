import datetime as dt

import pytest

from graphkit.core.analysis import hops_frame, shortest_paths
from graphkit.errors import GraphkitError, NoPathError
from graphkit.claims.model import EvidenceFilter


def ids(paths):
    return [p["entities"] for p in paths]


def test_all_shortest_paths_with_every_hop_cited(mini):
    paths = shortest_paths(mini, "Alice Archer", "carol")
    assert ids(paths) == [["alice", "bob", "gang", "carol"], ["alice", "agency", "gang", "carol"]]
    hop = paths[0]["hops"][1]["relations"][0]
    assert (hop["from_id"], hop["type"], hop["to_id"], hop["direction"]) == ("bob", "member_of", "gang", "forward")
    assert hop["status"] == "alleged" and hop["disputed"] and hop["disputed_by"] == ["bob"]
    [claim] = hop["claims"]
    assert claim["attributed_to_name"] == "The Harbour Report"
    assert (claim["source_title"], claim["source_published"], claim["locator"]) == ("The Harbour Report", "2006-09", "p. 4")
    assert hop["disputes"][0]["note"] == "Bob called the report slander."
    last = paths[0]["hops"][2]["relations"][0]
    assert (last["from_id"], last["to_id"], last["direction"]) == ("carol", "gang", "backward")


def test_contradicted_claims_are_left_out_unless_asked(mini):
    assert all(p["length"] == 3 for p in shortest_paths(mini, "alice", "carol"))
    [direct] = shortest_paths(mini, "alice", "carol", EvidenceFilter(min_status="contradicted"))
    assert direct["entities"] == ["alice", "carol"]
    assert direct["hops"][0]["relations"][0]["claims"][0]["quote"] == "Alice and Carol ran it together"


def test_min_status_drops_weaker_hops(mini):
    paths = shortest_paths(mini, "alice", "carol", EvidenceFilter(min_status="alleged"))
    assert ids(paths) == [["alice", "bob", "gang", "carol"]]


def test_exclude_disputed(mini):
    paths = shortest_paths(mini, "alice", "carol", EvidenceFilter(exclude_disputed=True))
    assert ids(paths) == [["alice", "agency", "gang", "carol"]]


def test_types_filter(mini):
    f = EvidenceFilter(types=("ally_of", "member_of", "leader_of"))
    assert ids(shortest_paths(mini, "alice", "carol", f)) == [["alice", "bob", "gang", "carol"]]


def test_as_of_uses_claim_dates(mini):
    # Alice heads the agency only from 2008-05-15, so in 2005 the agency route is gone.
    f = EvidenceFilter(as_of=dt.date(2005, 12, 31))
    assert ids(shortest_paths(mini, "alice", "carol", f)) == [["alice", "bob", "gang", "carol"]]
    # In 2012 Carol no longer leads the gang (1990s-2009): no connection at all.
    with pytest.raises(NoPathError, match=r"--as-of cut it"):
        shortest_paths(mini, "alice", "carol", EvidenceFilter(as_of=dt.date(2012, 1, 1)))


def test_no_path_names_the_filters_that_cut_it(mini):
    f = EvidenceFilter(min_status="alleged", exclude_disputed=True)
    with pytest.raises(NoPathError) as err:
        shortest_paths(mini, "alice", "carol", f)
    assert str(err.value) == ("no connection between Alice Archer and Carol Cole with min-status alleged, "
                              "exclude-disputed: --min-status or --exclude-disputed cut it; loosen it to see one")


def test_no_path_at_all(mini):
    with pytest.raises(NoPathError, match="no connection between Alice Archer and City Court in the dataset"):
        shortest_paths(mini, "alice", "court")


def test_max_hops(mini):
    with pytest.raises(NoPathError, match=r"within --max-hops 2; the shortest takes 3 hops"):
        shortest_paths(mini, "alice", "carol", max_hops=2)


def test_k_shortest_and_evidence_order(mini):
    loose = EvidenceFilter(min_status="contradicted")
    by_hops = shortest_paths(mini, "alice", "carol", loose, k=3)
    assert [p["length"] for p in by_hops] == [1, 3, 3]
    by_evidence = shortest_paths(mini, "alice", "carol", loose, k=3, order="evidence")
    # reported(2) + alleged(4) + established(1) beats established(1) + unverified(8) + established(1),
    # and both beat one contradicted hop (16).
    assert [p["cost"] for p in by_evidence] == [7, 10, 16]
    assert by_evidence[0]["entities"] == ["alice", "bob", "gang", "carol"]


def test_same_entity_twice_is_an_error(mini):
    with pytest.raises(GraphkitError, match="is both ends"):
        shortest_paths(mini, "alice", "Alice Archer")


def test_hops_frame_has_a_row_per_claim(mini):
    frame = hops_frame(shortest_paths(mini, "alice", "carol"))
    assert len(frame) == 7  # path 1: r1, r2, r3 (dispute), r6; path 2: r4, r5, r6
    assert set(frame["claim_id"]) == {"r1", "r2", "r3", "r4", "r5", "r6"}


def test_a_connection_resting_only_on_contradicted_claims_is_explained(mini_copy):
    from graphkit.core.graph import load_graph
    with open(mini_copy / "entities.csv", "a", encoding="utf-8") as f:
        f.write("eve,Eve Evans,person,,,,,\n")
    with open(mini_copy / "relations.csv", "a", encoding="utf-8") as f:
        f.write("r10,eve,ally_of,alice,contradicted,asserts,press,blog,para 9,,,,,The blog confused two people.\n")
    g = load_graph("data")
    with pytest.raises(NoPathError) as err:
        shortest_paths(g, "eve", "bob")
    assert str(err.value) == ("no connection between Eve Evans and Bob Baker with no filter set: only contradicted "
                              "claims connect them, which paths leave out unless you pass --min-status contradicted")
    assert shortest_paths(g, "eve", "bob", EvidenceFilter(min_status="contradicted"))[0]["length"] == 2
