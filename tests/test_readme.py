"""The README's own example dataset, as a new user copies it: it validates, and the report and
paths answer on it as the README says."""
import re

from click.testing import CliRunner

from conftest import ROOT
from graphkit.cli.commands import cli

BLOCK = re.compile(r"`mine/(\w+\.csv)`:\n\n```csv\n(.*?)```", re.S)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_readme_example_dataset_validates_and_answers(tmp_path):
    files = dict(BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    assert sorted(files) == ["entities.csv", "relations.csv", "sources.csv"]
    mine = tmp_path / "mine"
    mine.mkdir()
    for name, text in files.items():
        (mine / name).write_text(text, encoding="utf-8")
    checked = run("validate", mine)
    assert checked.exit_code == 0 and checked.output.startswith("valid: 0 error(s)"), checked.output
    report = run("report", "--data", mine, "--from", "Anna Petrova", "--to", "Harbour Ltd", "-o", tmp_path / "p.html")
    assert report.exit_code == 0, report.output
    assert "How Anna Petrova connects to Harbour Ltd; " in report.output
    assert "Seed claims" not in report.output  # the seed's own section stays out of other data
    brokers = report.output.split("Top brokers")[1].split("\n\n")[0].splitlines()[1:]
    assert brokers == ["  1. Anna Petrova (person) 0.167"]  # no one else lies between two others
    paths = run("paths", "Anna Petrova", "Harbour Ltd", "--data", mine).output
    assert "Anna Petrova —cooperated with→ Harbour Ltd  [reported; disputed by Anna Petrova]" in paths
    assert "reported: Anna Petrova disputes; source: Port official and the shipping firm" in paths
    party = run("paths", "Daily Press", "Harbour Ltd", "--data", mine)
    assert party.exit_code == 1
    assert ("no connection between Daily Press and Harbour Ltd in the dataset, whatever the filters: Daily Press "
            "is in no link; it only appears as the party making 1 claim") in party.output
