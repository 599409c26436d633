import csv
import io
import re
import shutil

import pytest

from conftest import BAD, MINI
from graphkit.reading.dataset import read_dataset
from graphkit.reading.validate import validate

BAD_CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def test_mini_dataset_is_clean():
    report = validate(MINI, archive=MINI / "archive")
    assert report.issues == []
    assert report.checked == {"entities.csv": 10, "relations.csv": 9, "sources.csv": 5}


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_fixture_produces_exactly_its_expected_issues(case, mini_copy):
    for replacement in (BAD / case).glob("*.csv"):
        shutil.copy(replacement, mini_copy / replacement.name)
    expected = (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    report = validate("data")
    assert [i.format() for i in report.issues] == expected
    assert report.valid is not any(": warning: " not in line for line in expected)


def test_bad_corpus_covers_every_rule():
    codes = set()
    for case in BAD_CASES:
        for line in (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines():
            codes.add(line.split(": ")[1] if ": warning: " not in line else line.split(": ")[2])
    assert {"unknown-entity", "unknown-source", "unknown-relation-type", "unknown-status", "unknown-stance",
            "bad-endpoint", "self-loop", "duplicate-id", "duplicate-claim", "bad-id", "bad-date",
            "date-order", "bad-wikidata", "bad-url", "missing-column", "unknown-column", "short-row",
            "long-row", "empty-file", "encoding", "missing-value", "via-cycle", "orphan-dispute",
            "shared-name", "unused-source", "bad-seed-claim"} <= codes


def test_bom_crlf_and_quoted_commas_and_newlines_are_valid(mini_copy):
    path = mini_copy / "entities.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Convicted leader of the Harbour Gang.", '"Convicted leader,\nof the ""Harbour"" Gang."')
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    report = validate("data")
    assert report.issues == []


def test_line_numbers_count_physical_lines_after_a_multiline_field(mini_copy):
    path = mini_copy / "entities.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("A state agency.", '"A state\nagency\nover three lines."')
    text = text.replace("harbour-report,The Harbour Report,document", "harbour-report,The Harbour Report,dokument")
    path.write_text(text, encoding="utf-8")
    [issue] = validate("data").issues
    # harbour-report is on the 9th record, pushed down two lines by the quoted newlines.
    assert issue.format() == ("data/entities.csv:11:3: unknown-entity-type: type: unknown entity type "
                              "'dokument' (did you mean 'document'?)")


def test_quote_not_in_archive_is_an_error(mini_copy):
    path = mini_copy / "relations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("hand in glove", "hand in hand"), encoding="utf-8")
    report = validate("data", archive="data/archive")
    assert [i.format() for i in report.issues] == [
        "data/relations.csv:6:10: quote-not-found: quote: not found verbatim in data/archive/blog.txt; "
        "copy it exactly from the source (only whitespace may differ)"]


def test_quote_is_matched_whitespace_aside(mini_copy):
    # The archive breaks "hand in\nglove" across lines; the quote has it on one line.
    assert "hand in\nglove" in (mini_copy / "archive" / "blog.txt").read_text(encoding="utf-8")
    assert validate("data", archive="data/archive").issues == []


def test_quote_for_a_source_without_archived_text_is_a_warning(mini_copy):
    path = mini_copy / "relations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("para 3,,", 'para 3,"Port boss",'), encoding="utf-8")
    report = validate("data", archive="data/archive")
    assert report.valid
    assert [i.code for i in report.issues] == ["no-archive"]


def test_long_quote_is_a_warning(mini_copy):
    path = mini_copy / "relations.csv"
    long_quote = " ".join(["word"] * 31)
    path.write_text(path.read_text(encoding="utf-8").replace("para 3,,", f"para 3,{long_quote},"), encoding="utf-8")
    [issue] = validate("data").issues
    assert (issue.code, issue.severity, issue.line) == ("long-quote", "warning", 2)


def test_cyrillic_lost_to_question_marks_is_a_warning_at_each_cell(mini_copy):
    # what a Western spreadsheet's ANSI save leaves of the Cyrillic aliases, saved again as UTF-8
    path = mini_copy / "entities.csv"
    path.write_text(re.sub("[\u0400-\u04ff]", "?", path.read_text(encoding="utf-8")), encoding="utf-8")
    report = validate("data")
    assert report.valid
    lost = [i for i in report.issues if i.code == "lost-letters"]
    assert [(i.line, i.column, i.severity) for i in lost] == [(2, 4, "warning"), (3, 4, "warning"),
                                                             (5, 4, "warning"), (7, 4, "warning")]
    assert lost[0].message.startswith("aliases: '????? ?????|A. Archer' has '?' where letters were")


def test_a_spreadsheet_s_empty_trailing_columns_are_ignored_with_one_warning(mini_copy):
    clean = {name: read_dataset("data").tables()[name].rows for name in ("entities.csv",)}
    path = mini_copy / "entities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("".join(line + ",,,\r\n" for line in lines), encoding="utf-8")
    report = validate("data")
    assert [i.format() for i in report.issues] == [
        "data/entities.csv:1:9: warning: unnamed-columns: the last 3 columns have no name, as a spreadsheet "
        "saves columns it once used; ignored (delete them to silence this)"]
    assert read_dataset("data").entities.rows == clean["entities.csv"]


def test_every_file_s_encoding_and_separator_problems_come_in_one_round(mini_copy):
    # entities: a Western spreadsheet's "CSV" (Windows-1252 and semicolons); relations: Windows-1252 only;
    # sources: semicolons only
    for name, separator in (("entities.csv", ";"), ("relations.csv", ","), ("sources.csv", ";")):
        path = mini_copy / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        text = "".join(separator.join(row) + "\r\n" for row in rows).replace("Bob", "Böb")
        path.write_bytes(text.encode("cp1252", "replace") if name != "sources.csv" else text.encode("utf-8"))
    assert [(i.path, i.line, i.column, i.code) for i in validate("data").issues] == [
        ("data/entities.csv", 1, 1, "wrong-separator"), ("data/entities.csv", 3, 2, "encoding"),
        ("data/relations.csv", 4, 14, "encoding"), ("data/sources.csv", 1, 1, "wrong-separator")]
