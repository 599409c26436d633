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
