"""The fast path (graphkit.reading.fastcheck) against the exact validator.

The exact reader and checks (graphkit.reading.dataset, graphkit.reading.validate) are the reference: whenever the
fast path gives a report, it is theirs, issue for issue and in their order; and on data that the fast
reader accepts it gives one (errors included), with the same rows and line numbers.
"""
from __future__ import annotations

import csv
import importlib
import io
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import event, given, settings, strategies as st

from conftest import BAD, MINI, ROOT, SEED_DATA
from graphkit.reading import fastcheck
from graphkit.cli.commands import cli
from graphkit.reading.dataset import read_dataset
from graphkit.errors import ValidationReport
from graphkit.reading.fastcheck import fast_check, fast_clean
from graphkit.reading.fastread import WHITESPACE, fast_read
from graphkit.reading.validate import CHECKS, validate
from graphkit.claims.vocab import load_vocabulary
from test_fuzz import FUZZ, damaged, valid_dataset, write_dataset as write_fuzzed

VOCAB = load_vocabulary()
FILES = ("entities.csv", "relations.csv", "sources.csv")
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def exact(folder: Path):
    """The exact validator's report (a Dataset always takes the exact path) and the dataset read."""
    dataset = read_dataset(folder, VOCAB)
    return validate(dataset, vocab=VOCAB), dataset


def fast(folder: Path):
    """The fast reader's tables (None if it declines) and the fast path's report (None if it cannot say)."""
    tables = fast_read(folder, VOCAB)
    return tables, None if tables is None else fast_check(tables, VOCAB, CHECKS)


def left_to_exact(report: ValidationReport) -> bool:
    """The one case a form leaves to the exact checks: a source without an id, or with one given twice."""
    return any(i.path.endswith("sources.csv") and i.code in ("missing-value", "duplicate-id")
               and i.message.startswith("id:") for i in report.issues)


def assert_agree(folder: Path) -> tuple[bool, bool]:
    """The fast path is sound, and, where its reader accepts the files, complete and faithful.
    Returns (fast reader accepted, exact report empty)."""
    report, dataset = exact(folder)
    tables, got = fast(folder)
    if got is not None:  # every issue worded and placed as the exact checks do it, in their order
        assert [i.format() for i in got.issues] == [i.format() for i in report.issues]
        assert got.issues == report.issues and got.checked == report.checked
        assert tables.warnings == (report.issues if report.valid else [])
    if tables is not None:
        assert tables.read_issues == dataset.read_issues, [i.format() for i in dataset.read_issues]
        assert tables.exact_files or not dataset.read_issues
        for name, table in dataset.tables().items():
            got_table = tables.tables()[name]
            assert got_table.column_names == table.columns + table.absent
            assert got_table.to_pylist() == table.rows
            assert tables.lines[name].tolist() == table.lines
        assert (got is None) == left_to_exact(report), [i.format() for i in report.issues]
        assert tables.counts == report.checked
    return tables is not None, report.issues == []


def overlay(case: str, folder: Path) -> None:
    shutil.copytree(MINI, folder)
    for replacement in (BAD / case).glob("*.csv"):
        shutil.copy(replacement, folder / replacement.name)


@pytest.mark.parametrize("case", CASES)
def test_every_broken_fixture_is_reported_alike_on_the_fast_path(case, tmp_path):
    overlay(case, tmp_path / "data")
    tables, got = fast(tmp_path / "data")
    assert got is None or not got.valid
    assert_agree(tmp_path / "data")


@pytest.mark.parametrize("folder", [MINI, SEED_DATA], ids=["mini", "seed"])
def test_the_shipped_datasets_are_clean_on_both_paths(folder):
    assert assert_agree(folder) == (True, True)


def _small_synthetic(folder: Path, entities: int, seed: int) -> Path:
    """A valid dataset made here: people and groups, claims between them, quoted notes with commas
    and line breaks, CRLF line ends, padded cells."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    ents = [f"p{i},Person {i},person,Персона {i}|P{i},,Q{i + 1},19{rng.randint(10, 99)},\r\n" for i in range(entities)]
    ents += ["gang,The Gang,criminal_group,,,,1990s,\r\n", "press,Daily Press,organization, ,,,,\r\n"]
    (folder / "entities.csv").write_bytes(("id,name,type,aliases,description,wikidata,start,end\r\n"
                                           + "".join(ents)).encode())
    (folder / "sources.csv").write_bytes(b"id,title,author,publisher,published,url,kind,via\r\n"
                                         b"s1,One,,,2001-02-03,https://example.org/1,news,\r\n"
                                         b's2,"Two, again",,,2005,,news,s1\r\n')
    rows = ["id,from_id,type,to_id,status,stance,attributed_to,source_id,locator,quote,start,end,seed_claim,note\r\n"]
    for i in range(entities):
        note = rng.choice(["", '"a note, with a comma"', '"two\r\nlines"', '"he said ""no"""', " padded "])
        rows.append(f"r{i}, p{i} ,member_of,gang,reported,asserts,press,s{1 + i % 2},p. {i},,2001,2003,C{i:02d},{note}\r\n")
    rows.append("d1,p0,member_of,gang,contradicted,disputes,p1,s1,,,,,,\r\n")
    (folder / "relations.csv").write_bytes("".join(rows).encode())
    return folder


def test_synthetic_datasets_agree(tmp_path):
    assert assert_agree(_small_synthetic(tmp_path / "own", 300, seed=1)) == (True, True)
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import write_dataset

    folder = tmp_path / "bench"
    write_dataset(folder, entities=400)
    assert assert_agree(folder) == (True, True)


def _with_warnings(source: Path, folder: Path, orphans: int) -> Path:
    """A copy of ``source`` whose first asserting rows (of links asserted once) now dispute, so no row
    asserts what they dispute, with two sources that nothing cites, and some empty aliases."""
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("archive", "report.yaml"))
    with (folder / "relations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    asserted = Counter((r["from_id"], r["type"], r["to_id"]) for r in rows if r["stance"] == "asserts")
    single = [r for r in rows if r["stance"] == "asserts" and asserted[r["from_id"], r["type"], r["to_id"]] == 1]
    for row in single[:orphans]:
        row["stance"] = "disputes"
    with (folder / "relations.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with (folder / "entities.csv").open(encoding="utf-8", newline="") as handle:
        entities = list(csv.DictReader(handle))
    for row in entities[1::7]:  # a trailing pipe leaves an empty alias
        row["aliases"] += "|"
    with (folder / "entities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(entities[0]))
        writer.writeheader()
        writer.writerows(entities)
    with (folder / "sources.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("zz-uncited,\"Cited by nobody, yet\",,,2020,,news,\nan-uncited,Nor this,,,,,blog,\n")
    return folder


def test_warnings_are_found_column_wise_worded_and_placed_as_the_exact_checks_do(tmp_path, monkeypatch):
    """Orphan disputes, unused sources and empty aliases do not send a folder to the exact reader: the fast report
    holds the same issues, in the same order, as the exact one, and ``validate`` reads no row."""
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import write_dataset

    write_dataset(tmp_path / "bench", entities=400)
    for name, source, orphans in (("seed", SEED_DATA, 3), ("mini", MINI, 2), ("bench", tmp_path / "bench", 40)):
        folder = _with_warnings(source, tmp_path / f"warned-{name}", orphans)
        report, _ = exact(folder)
        codes = Counter(i.code for i in report.issues)
        assert codes["orphan-dispute"] >= orphans and codes["unused-source"] == 2 and report.valid, codes
        assert codes["empty-alias"] >= 1, codes
        assert assert_agree(folder)[0]
        seen = _exact_reads(monkeypatch)
        fast_found = validate(folder, vocab=VOCAB)
        assert seen == {"fast": 1, "exact": 0}
        assert [i.format() for i in fast_found.issues] == [i.format() for i in report.issues]
        assert fast_found.checked == report.checked
        monkeypatch.undo()


def test_errors_are_found_column_wise_and_only_their_rows_read_exactly(tmp_path, monkeypatch):
    """The bench's dataset being edited (unknown statuses and entities, impossible dates, an id given twice,
    beside every warning) gets the exact report without a read of the folder row by row; only the rows
    concerned reach an exact check."""
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import write_dataset
    from graphkit.reading import scan

    folder = write_dataset(tmp_path / "errors", entities=2_000, errors=True)
    report, _ = exact(folder)
    codes = Counter(i.code for i in report.errors)
    assert {"unknown-status", "unknown-entity", "duplicate-id"} <= set(codes) and len(report.errors) < 20, codes
    assert assert_agree(folder)[0]
    rows_read: list[int] = []
    real_part = scan.Scan._part
    monkeypatch.setattr(scan.Scan, "_part", lambda self, files: rows_read.append(
        sum(map(len, files.values()))) or real_part(self, files))
    seen = _exact_reads(monkeypatch)
    fast_found = validate(folder, vocab=VOCAB)
    assert seen == {"fast": 1, "exact": 0}
    assert [i.format() for i in fast_found.issues] == [i.format() for i in report.issues]
    assert rows_read and sum(rows_read) <= 2 * len(report.errors), rows_read


def test_an_unverified_claim_said_to_be_another_s_is_warned_of_alike_on_both_paths(tmp_path):
    """An asserting unverified claim read in a source whose author is an entity, but attributed to someone else,
    is the author's: both paths warn of it at its attributed_to cell; a dispute, a stronger status, or a
    source whose author is no entity (or several) is left alone."""
    folder = tmp_path / "data"
    shutil.copytree(SEED_DATA, folder, ignore=shutil.ignore_patterns("archive"))
    path = folder / "relations.csv"
    text = path.read_text(encoding="utf-8")
    for row, party in (("r101", "trepashkin"), ("r102", "trepashkin"), ("r139", "baghai-christian")):
        head, rest = text.split(f"\n{row},", 1)
        cells = next(csv.reader([rest.split("\n", 1)[0]]))
        cells[5] = party  # attributed_to (after from_id, type, to_id, status, stance)
        line = io.StringIO()
        csv.writer(line, lineterminator="").writerow(cells)
        text = f"{head}\n{row},{line.getvalue()}\n{rest.split(chr(10), 1)[1]}"
    path.write_text(text, encoding="utf-8")
    report, _ = exact(folder)
    found = [(i.code, i.line, i.column) for i in report.issues]
    assert found == [("unverified-attribution", 102, 7), ("unverified-attribution", 103, 7)], found
    assert "'trepashkin'" in report.issues[0].message and "'baghai-christian'" in report.issues[0].message
    assert fast(folder)[1].valid and assert_agree(folder)[0]
    # the same author name on two entities: no one is known to have written the source
    entities = folder / "entities.csv"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "trepashkin,Mikhail Trepashkin,person,", "trepashkin,Mikhail Trepashkin,person,Christian Baghai|"),
        encoding="utf-8")
    report, _ = exact(folder)
    assert "unverified-attribution" not in {i.code for i in report.issues}
    assert assert_agree(folder)[0]


def test_quoted_line_breaks_and_blank_lines_get_the_exact_reader_s_line_numbers(tmp_path):
    folder = _small_synthetic(tmp_path / "data", 40, seed=3)
    raw = (folder / "relations.csv").read_bytes()
    lines = raw.split(b"\r\n")
    (folder / "relations.csv").write_bytes(b"\r\n".join(lines[:5] + [b""] + lines[5:20] + [b"", b""] + lines[20:]))
    assert assert_agree(folder) == (True, True)
    tables = fast_read(folder, VOCAB)
    assert tables.relation_lines.tolist() == read_dataset(folder).relations.lines
    assert tables.relation_lines[-1] > tables.relations.num_rows + 1


def test_whitespace_is_python_s():
    assert WHITESPACE == "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())


@pytest.mark.parametrize("change", [
    lambda raw: b"\xef\xbb\xbf\xef\xbb\xbf" + raw,  # a second BOM is the header's first character
    lambda raw: raw.replace(b"\r\n", b"\r", 1),  # a lone \r ends a line for Python
    lambda raw: raw + b'x,"unclosed',
    lambda raw: raw.replace(b"p0,", b"p0,\xed\xa0\x80", 1),  # a UTF-8 surrogate: not UTF-8 for Python
    lambda raw: raw.replace(b"\n", b"\n\xef\xbb\xbf", 1),  # U+FEFF opens the first value: pyarrow drops it
])
def test_the_fast_reader_leaves_unusual_files_to_the_exact_reader(change, tmp_path):
    """Such a file is read by the exact reader, and that file alone; the checks still run column-wise."""
    folder = _small_synthetic(tmp_path / "data", 5, seed=2)
    path = folder / "entities.csv"
    path.write_bytes(change(path.read_bytes()))
    tables = fast_read(folder, VOCAB)
    assert tables is None or tables.exact_files == ["entities.csv"]
    assert_agree(folder)


@pytest.mark.parametrize("text", [b'Da"ily', b'Da""ily', b'Da"i"ly'])
def test_a_quote_inside_an_unquoted_value_is_text_to_both_readers(text, tmp_path):
    """Python's csv module and pyarrow both read a quote inside an unquoted value as text, so the fast
    reader reads such a file itself, a few of them at least; past that, the exact reader does."""
    folder = _small_synthetic(tmp_path / "data", 5, seed=2)
    path = folder / "entities.csv"
    raw = path.read_bytes()
    assert raw.count(b"Daily") >= 1
    path.write_bytes(raw.replace(b"Daily", text) + b'x1,"A ""quoted"" name",person,,,,,\n' + b"x2,He said \"no\",person,,,,,\n")
    tables = fast_read(folder, VOCAB)
    assert tables.exact_files == []
    assert text.decode() in " ".join(tables.entities["description"].to_pylist() + tables.entities["name"].to_pylist())
    assert_agree(folder)
    lines = raw.split(b"\n")
    path.write_bytes(b"\n".join([lines[0]] + [b'p%d,Name %d "the" %d,person,,,,,' % (n, n, n) for n in range(40)]) + b"\n")
    assert fast_read(folder, VOCAB).exact_files == ["entities.csv"]  # 80 such quotes: read exactly
    assert_agree(folder)


@pytest.mark.parametrize("trouble", [b'x,"never closed,person', b'x,"q"tail,person', b'x,"a","b"c,person'])
def test_only_the_rows_from_a_quote_the_fast_reader_cannot_vouch_for_are_read_exactly(trouble, tmp_path):
    """A quote never closed, or text after a closing quote, is read as the exact reader reads it; the
    rows before the record it is in are read by pyarrow, and the whole is the exact reader's."""
    from graphkit.reading.fastread import _read_file

    folder = _small_synthetic(tmp_path / "data", 30, seed=4)
    path = folder / "entities.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[:20] + [trouble] + lines[20:]))
    table, _, rest = _read_file(path, [c.name for c in VOCAB.columns["entities.csv"]])
    assert table.num_rows == 19 and rest[2] == 21  # rows of lines 2-20 by pyarrow; from line 21 exactly
    assert fast_read(folder, VOCAB).exact_files == ["entities.csv"]
    assert_agree(folder)


def test_a_file_saved_with_a_bom_is_read_on_the_fast_path(tmp_path):
    """A spreadsheet's "CSV UTF-8" opens with a BOM, which the exact reader drops: so does the fast one."""
    folder = _small_synthetic(tmp_path / "data", 30, seed=5)
    for name in FILES:
        path = folder / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert fast_read(folder, VOCAB) is not None
    assert assert_agree(folder) == (True, True)


def _cli(folder: Path, *args):
    result = CliRunner().invoke(cli, ["validate", str(folder), *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_cli_prints_the_same_on_both_paths(tmp_path, monkeypatch):
    folder = _small_synthetic(tmp_path / "data", 50, seed=4)
    for args in ([], ["--json"]):
        fast_out = _cli(folder, *args)
        assert fast_out[0] == 0
        called = []
        monkeypatch.setattr(fastcheck, "fast_report", lambda *a: called.append(a))  # the exact path
        assert _cli(folder, *args) == fast_out and called
        monkeypatch.undo()
    assert '"valid": true' in fast_out[1]


# -- a rule the fast path does not know ------------------------------------------------------------
def _putin_rule():
    from graphkit.errors import Issue
    from graphkit.claims.rules import rule

    @rule("named-putin")
    def check_named_putin(ctx):
        """A rule new to graphkit: it warns at every entity called Putin."""
        table = ctx.dataset.entities
        for line, row in zip(table.lines, table.rows):
            if "Putin" in row["name"]:
                yield Issue(table.display, line, table.column_number("name"), "named-putin", "a Putin", "warning")

    return check_named_putin


def _exact_reads(monkeypatch):
    """Record each time the fast reader is asked, and each exact read of a folder."""
    from graphkit.reading import dataset

    exact_module = importlib.import_module("graphkit.reading.validate")

    seen = {"fast": 0, "exact": 0}
    real_fast, real_exact = fastcheck.fast_read, dataset.read_dataset
    monkeypatch.setattr(fastcheck, "fast_read", lambda *a: seen.__setitem__("fast", seen["fast"] + 1) or real_fast(*a))
    counted = lambda *a, **k: seen.__setitem__("exact", seen["exact"] + 1) or real_exact(*a, **k)  # noqa: E731
    monkeypatch.setattr(dataset, "read_dataset", counted)
    monkeypatch.setattr(exact_module, "read_dataset", counted)
    return seen


def test_a_rule_without_a_column_wise_form_sends_every_folder_to_the_exact_checks(tmp_path, monkeypatch):
    exact_module = importlib.import_module("graphkit.reading.validate")
    from graphkit.core.engine import load_index

    monkeypatch.setenv("GRAPHKIT_CACHE", str(tmp_path / "cache"))
    seen = _exact_reads(monkeypatch)
    assert validate(SEED_DATA).valid and seen == {"fast": 1, "exact": 0}  # clean, and vouched for column-wise
    new_rule = _putin_rule()
    monkeypatch.setattr(exact_module, "CHECKS", [*CHECKS, new_rule])
    assert fastcheck.unvouched(exact_module.CHECKS) == ["check_named_putin: named-putin"]
    report = validate(SEED_DATA)
    assert [(i.code, i.line) for i in report.warnings] == [("named-putin", 2)]  # the exact checks ran
    assert seen == {"fast": 1, "exact": 1}
    tables = fast_read(SEED_DATA, VOCAB)
    assert not fast_clean(tables, VOCAB, exact_module.CHECKS) and fast_clean(tables, VOCAB, CHECKS)
    # the index builder asks the same question, so it reads the folder exactly too
    load_index(SEED_DATA, cache=False)
    assert seen == {"fast": 1, "exact": 2}


def test_a_code_added_to_a_known_check_sends_every_folder_to_the_exact_checks(monkeypatch):
    exact_module = importlib.import_module("graphkit.reading.validate")
    from graphkit.claims.rules import rule

    grown = rule(*exact_module.check_ids.codes, "id-too-long")(exact_module.check_ids.__wrapped__)
    monkeypatch.setattr(exact_module, "CHECKS", [grown if c is exact_module.check_ids else c for c in CHECKS])
    assert fastcheck.unvouched(exact_module.CHECKS) == ["check_ids: id-too-long"]
    assert fastcheck.fast_report(SEED_DATA, VOCAB, exact_module.CHECKS) is None
    assert fastcheck.fast_report(SEED_DATA, VOCAB, CHECKS) is not None
    # a check that is not declared at all is never vouched for
    assert fastcheck.unvouched([lambda ctx: iter(())]) == ["<lambda>: (undeclared)"]


def test_a_check_cannot_report_a_code_it_does_not_declare():
    from graphkit.errors import Issue
    from graphkit.claims.rules import rule

    @rule("bad-id")
    def check_sloppy(rows):
        yield Issue("entities.csv", 2, 1, "bad-id", "fine")
        yield Issue("entities.csv", 3, 1, "ids-look-odd", "not declared")

    found = check_sloppy(None)
    assert next(found).code == "bad-id"
    with pytest.raises(RuntimeError, match="check_sloppy reported 'ids-look-odd'"):
        next(found)


def test_every_exact_check_declares_its_codes_and_the_fast_path_rules_out_each():
    assert all(getattr(check, "codes", None) for check in CHECKS)
    assert fastcheck.unvouched(CHECKS) == []


# -- fuzzing: damaged datasets, then damaged bytes --------------------------------------------------
BYTES = [b'"', b",", b"\n", b"\r\n", b"\r", b" ", b"\t", b"\xa0", b"\xc2\xa0", b"\xef\xbb\xbf", b"\x00",
         b"|", b"\\", b'""', b"\n\n", b",,,,,,,,,,,,,\n", b"\x0b", b"\xe2\x80\xa8"]


@st.composite
def byte_damage(draw, raw: bytes) -> bytes:
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(raw)))
        how = draw(st.sampled_from(["insert", "delete", "duplicate-line"]))
        if how == "insert":
            raw = raw[:at] + draw(st.sampled_from(BYTES)) + raw[at:]
        elif how == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 3)):]
        else:
            start, end = raw.rfind(b"\n", 0, at) + 1, raw.find(b"\n", at)
            if end > 0:
                raw = raw[:end + 1] + raw[start:end + 1] + raw[end + 1:]
    return raw


def tidy(dataset: dict) -> None:
    """Drop the sources nothing cites (each an unused-source warning), so that more cases are clean."""
    sources = dataset["sources.csv"]
    while True:
        cited = {r["source_id"] for r in dataset["relations.csv"]} | {s["via"] for s in sources}
        unused = [s for s in sources if s["id"] not in cited]
        if not unused:
            return
        sources[:] = [s for s in sources if s["id"] in cited]


def test_damaged_datasets_fast_clean_exactly_when_the_exact_report_is_empty(tmp_path):
    seen = {"cases": 0, "accepted": 0, "clean": 0}

    @settings(FUZZ, max_examples=600)
    @given(data=st.data(), dataset=valid_dataset(), style=st.sampled_from(["csv", "crlf", "crlf", "crlf-bom"]),
           layout=st.sampled_from(["plain", "plain", "plain", "reversed", "extra-column"]))
    def check(data, dataset, style, layout):
        damage = data.draw(st.booleans())
        if damage:
            data.draw(damaged(dataset))
        else:
            tidy(dataset)
        if data.draw(st.booleans()):  # a lone \r in a value makes the fast reader decline: often none
            for rows in dataset.values():
                for row in rows:
                    row.update((k, v.replace("\r", "")) for k, v in row.items())
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        write_fuzzed(folder, dataset, "crlf-bom" if style != "csv" else "csv", layout)
        hit = data.draw(st.sampled_from(FILES))
        for name in FILES:
            path = folder / name
            raw = path.read_bytes()
            if style == "crlf":
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            path.write_bytes(data.draw(byte_damage(raw)) if damage and name == hit else raw)
        accepted, empty = assert_agree(folder)
        seen["cases"] += 1
        seen["accepted"] += accepted
        seen["clean"] += accepted and empty
        event(f"fast reader {'accepted' if accepted else 'declined'}; exact {'empty' if empty else 'issues'}")
        shutil.rmtree(folder)

    check()
    print(seen)
    assert seen["accepted"] > seen["cases"] // 5 and seen["clean"] > seen["cases"] // 30, seen


@pytest.mark.parametrize("text, lost", [("Алиса Арчер", False), ("????? ?????", True), ("Who?? Nobody.", False),
                                        ("A.\u00a0??", True), ("«???» said", True), ("what?!??", False)])
def test_letters_lost_to_question_marks_are_found_alike_on_both_paths(text, lost, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    path = folder / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Алиса Арчер", text), encoding="utf-8")
    accepted, empty = assert_agree(folder)
    report, _ = exact(folder)
    assert accepted
    assert [(i.code, i.line, i.column) for i in report.issues] == ([("lost-letters", 2, 4)] if lost else [])


def test_long_quotes_lost_letters_and_empty_files_are_warned_of_on_the_fast_path(tmp_path):
    """Each of these warnings is found column-wise, worded and placed as the exact checks do it:
    the folder no longer goes to the exact reader for them."""
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    relations = (folder / "relations.csv").read_text(encoding="utf-8").splitlines()
    header, first = relations[0], next(csv.reader([relations[1]]))
    first[header.split(",").index("quote")] = " ".join(["word"] * 41) + "\u00a0end"
    first[header.split(",").index("note")] = "«??? ????» in the scan"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([first])
    (folder / "relations.csv").write_text("\n".join([header, buffer.getvalue().rstrip("\n"), *relations[2:]]) + "\n",
                                          encoding="utf-8")
    report, _ = exact(folder)
    assert {"long-quote", "lost-letters"} <= {i.code for i in report.issues}
    assert fast(folder)[1].valid and assert_agree(folder)[0]
    assert "quote: 42 words" in " ".join(i.message for i in report.issues)

    (folder / "relations.csv").write_text(header + "\n", encoding="utf-8")  # a header and no rows
    report, _ = exact(folder)
    assert {i.code for i in report.issues} == {"no-rows", "unused-source"}
    assert fast(folder)[1].valid and assert_agree(folder)[0]


def test_names_shared_by_several_entities_are_warned_of_on_the_fast_path(tmp_path):
    """Each name or alias that several entities hold (case-folded, Cyrillic too) is warned of once,
    where it first appears, on the fast path as on the exact one; an entity may be first to hold
    two of them, and an alias may come before the name it repeats."""
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    path = folder / "entities.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Алиса Арчер|A. Archer", "Алиса Арчер|A. Archer| carol cole |ДЭН ИВАНОВ")
    text = text.replace("Боб Бейкер", "Боб Бейкер|алиса арчер")
    path.write_text(text, encoding="utf-8")
    report, _ = exact(folder)
    shared = [i for i in report.issues if i.code == "shared-name"]
    assert len(shared) == 3 and all(i.line == 2 for i in shared), [i.format() for i in report.issues]
    assert fast(folder)[1].valid and assert_agree(folder)[0]
