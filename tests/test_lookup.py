import pytest

from graphkit.errors import LookupFailed


@pytest.mark.parametrize("name, expected", [
    ("alice", "alice"),
    ("ALICE ARCHER", "alice"),
    ("Алиса Арчер", "alice"),
    ("алиса арчер", "alice"),
    ("a. archer", "alice"),
    ("Archer", "alice"),          # a surname carried by one entity only
    ("the Harbourers", "gang"),
    ("Гаванская  ОПГ", "gang"),   # whitespace does not matter
    ("dan-ivanov", "dan-ivanov"),
    ("Dan–Ivanov", "dan-ivanov"),  # an en dash is a hyphen
])
def test_resolves_ids_names_and_aliases(mini, name, expected):
    assert mini.resolve(name) == expected


def test_shared_surname_is_ambiguous_and_lists_both(mini):
    with pytest.raises(LookupFailed) as err:
        mini.resolve("Ivanov")
    assert str(err.value) == ("'Ivanov' is ambiguous: it fits Dan Ivanov (dan-ivanov, person); "
                              "Sam Ivanov (sam-ivanov, person); give the id")
    assert err.value.candidates == ["dan-ivanov", "sam-ivanov"]


def test_near_miss_suggests_but_does_not_guess(mini):
    with pytest.raises(LookupFailed) as err:
        mini.resolve("Carol Coal")
    assert str(err.value) == "no entity named 'Carol Coal'; did you mean Carol Cole (carol, person)?"


def test_unknown_name_points_to_the_entity_list(mini):
    with pytest.raises(LookupFailed, match=r"no entity named 'Zebedee'; run `graphkit entities`"):
        mini.resolve("Zebedee")


def test_load_graph_sees_an_edit_that_keeps_size_and_time(mini_copy):
    import os
    from graphkit.core.graph import load_graph
    path = mini_copy / "entities.csv"
    before = os.stat(path)
    assert load_graph("data").entities["alice"]["name"] == "Alice Archer"
    path.write_text(path.read_text(encoding="utf-8").replace("Alice Archer", "Alice Barber"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    assert load_graph("data").entities["alice"]["name"] == "Alice Barber"


def test_every_unknown_name_of_a_path_query_is_reported_at_once():
    from click.testing import CliRunner

    from conftest import SEED_DATA
    from graphkit.cli.commands import cli

    result = CliRunner().invoke(cli, ["paths", "Zzzzqx", "Qqqqwv", "--data", str(SEED_DATA)])
    assert result.exit_code == 1
    assert "no entity named 'Zzzzqx'; no entity named 'Qqqqwv'" in result.output
    assert result.output.count("graphkit entities") == 1


def test_a_surname_resolves_to_the_one_entity_whose_name_ends_with_it():
    """In the seed, "Vasiliev" is in the name of Sergei Vasiliev and of two events about him: the
    person is meant. "Ivanov" ends the names of several people and stays ambiguous."""
    from conftest import SEED_DATA
    from graphkit.core.engine import load_index

    index = load_index(SEED_DATA)
    assert index.resolve("Vasiliev") == "vasiliev-sergei"
    assert index.resolve("vasiliev") == "vasiliev-sergei"
    with pytest.raises(LookupFailed) as err:
        index.resolve("Ivanov")
    assert {"ivanov-viktor", "ivanov-sergei"} <= set(err.value.candidates)


def test_a_stored_name_table_from_an_older_graphkit_is_rebuilt(tmp_path):
    """A stored name table without the surname part is built again, whole, and kept."""
    from graphkit.core.names import NameIndex

    rows = [{"id": "sv", "name": "Sergei Vasiliev", "aliases": ""},
            {"id": "attack", "name": "Attack on Sergei Vasiliev (2006)", "aliases": ""}]
    NameIndex.cached(tmp_path, lambda: rows)
    for stale in (tmp_path / "names").glob("last.*"):
        stale.unlink()
    assert NameIndex.cached(tmp_path, lambda: rows).resolve("Vasiliev", str) == "sv"
    assert sorted(p.name for p in (tmp_path / "names").glob("last.*"))  # written again
    assert NameIndex.cached(tmp_path, lambda: pytest.fail("built a third time")).resolve("Vasiliev", str) == "sv"
