import shutil

import pytest

from graphkit.errors import VocabularyError
from graphkit.claims.vocab import SCHEMA_DIR, load_vocabulary


def test_statuses_are_ordered_strongest_first_with_definitions():
    v = load_vocabulary()
    assert v.status_ids == ["established", "reported", "alleged", "unverified", "contradicted"]
    assert all(len(s.definition) > 40 for s in v.statuses)
    assert v.at_least("alleged") == ["established", "reported", "alleged"]


def test_type_groups_expand_to_entity_types():
    v = load_vocabulary()
    assert v.relation_types["member_of"].to_types == {
        "agency", "government", "criminal_group", "organization", "international_body"}
    assert v.relation_types["ally_of"].symmetric is True
    assert v.relation_types["located_in"].from_types == set(v.entity_types)


def test_every_entity_type_has_a_distinct_neo4j_label():
    labels = [t.neo4j_label for t in load_vocabulary().entity_types.values()]
    assert len(labels) == len(set(labels))


@pytest.fixture()
def schema_copy(tmp_path):
    target = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_endpoint_type_names_file_and_key(schema_copy):
    _edit(schema_copy / "relation_types.yaml", "from: [person, group]\n    to: [body]",
          "from: [persn, group]\n    to: [body]")
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(schema_copy)
    assert str(err.value) == (f"{schema_copy / 'relation_types.yaml'}: relation_types.member_of.from: "
                              "unknown entity type or group 'persn'")


def test_neo4j_type_must_be_safe_to_quote(schema_copy):
    _edit(schema_copy / "relation_types.yaml", "neo4j_type: MEMBER_OF", "neo4j_type: MEMBER`OF")
    with pytest.raises(VocabularyError, match=r"relation_types\.member_of\.neo4j_type: 'MEMBER`OF' does not match"):
        load_vocabulary(schema_copy)


def test_missing_key_is_named(schema_copy):
    _edit(schema_copy / "statuses.yaml", "    cost: 4\n", "")
    with pytest.raises(VocabularyError, match=r"statuses\.yaml: statuses\[2\]: missing key 'cost'"):
        load_vocabulary(schema_copy)


@pytest.mark.parametrize("cost", ["0", "-1", "4.0001", "2000000", "'4'"])
def test_a_cost_that_cannot_be_compared_exactly_is_refused(schema_copy, cost):
    _edit(schema_copy / "statuses.yaml", "    cost: 4\n", f"    cost: {cost}\n")
    with pytest.raises(VocabularyError, match=r"statuses\[2\]\.cost: must be a positive number up to "
                                              r"1,000,000 with at most 3 decimals"):
        load_vocabulary(schema_copy)


def test_a_cost_in_thousandths_is_taken(schema_copy):
    _edit(schema_copy / "statuses.yaml", "    cost: 4\n", "    cost: 3.125\n")
    vocab = load_vocabulary(schema_copy)
    assert vocab.status_by_id[vocab.status_ids[2]].cost == 3.125


def test_broken_yaml_is_a_vocabulary_error(schema_copy):
    (schema_copy / "source_kinds.yaml").write_text("source_kinds: [unclosed\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="source_kinds.yaml: not valid YAML"):
        load_vocabulary(schema_copy)


def test_a_relation_attribute_must_be_an_optional_column_of_relations(schema_copy):
    _edit(schema_copy / "relation_types.yaml", "    attributes: [share, role]\n", "    attributes: [share, note]\n")
    with pytest.raises(VocabularyError, match=r"relation_types\.owner_of\.attributes: 'note' is not an optional "
                                              r"column of relations\.csv \(amount, currency, role, share\)"):
        load_vocabulary(schema_copy)


def test_the_attributes_and_usual_roles_of_each_relation_type_are_read():
    vocab = load_vocabulary()
    assert vocab.relation_types["owner_of"].attributes == ("share", "role")
    assert vocab.relation_types["paid"].attributes == ("amount", "currency", "role")
    assert "spouse" in vocab.relation_types["family_of"].roles and not vocab.relation_types["head_of"].attributes
    optional = [c.name for c in vocab.columns["relations.csv"] if c.optional]
    assert optional == ["role", "share", "amount", "currency"]
