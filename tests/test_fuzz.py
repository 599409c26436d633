"""Fuzzing with Hypothesis: generated CSV content and command lines never crash graphkit, and graphkit
never calls a dataset valid when it breaks a rule.

Three generators, about 4,000 cases in all (about a minute and a half on two cores):

- random bytes, alone or spliced into the mini dataset's files;
- datasets built valid and then damaged by a few mutations (unknown references, terms and ids,
  duplicates, bad or reversed dates, ragged rows, unquoted writing), every text cell holding
  quotes, commas, line breaks, Cyrillic, control characters and markup;
- command lines for every reading command, with random option values.

The soundness property checks a dataset that ``validate`` calls valid against an oracle written
here, independently of graphkit: every reference resolves, every term is in the vocabulary, ids are
slugs and unique, endpoint types are allowed, dates parse and end >= start, no row was lost or
changed on the way in. A dataset built valid and left undamaged must be called valid.

Under CI the runs are derandomised (the same cases each time); elsewhere each run draws new ones.
Nothing is saved in a .hypothesis folder.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, event, given, settings, strategies as st

from conftest import MINI, ROOT
from graphkit.cli.commands import cli
from graphkit.reading.dataset import read_dataset
from graphkit.reading.validate import validate
from graphkit.claims.vocab import load_vocabulary

VOCAB = load_vocabulary()
FILES = ("entities.csv", "relations.csv", "sources.csv")
COLUMNS = {name: [c.name for c in VOCAB.columns[name] if not c.optional] for name in FILES}
FUZZ = settings(deadline=None, database=None, derandomize=os.environ.get("CI", "").lower() in ("1", "true", "yes"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

# -- the oracle: the rules, read again without graphkit -----------------------------------------
SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|(\d{3}0)s")


def day_range(text: str) -> tuple[dt.date, dt.date] | None:
    m = DATE.fullmatch(text)
    if not m:
        return None
    year, month, day, decade = m.groups()
    try:
        if decade:
            return dt.date(int(decade), 1, 1), dt.date(int(decade) + 9, 12, 31)
        if day:
            return dt.date(int(year), int(month), int(day)), dt.date(int(year), int(month), int(day))
        if month:
            last = calendar.monthrange(int(year), int(month))[1]
            return dt.date(int(year), int(month), 1), dt.date(int(year), int(month), last)
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    except ValueError:
        return None


def oracle_rows(path: Path) -> list[dict[str, str]]:
    """The rows of one file as the csv module reads it; AssertionError when it is not a clean CSV."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")  # raises on anything but UTF-8
    assert "\x00" not in text and not raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert not _ends_inside_quotes(text), f"{path.name}: a quote is never closed"
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in records[0]]
    assert len(set(header)) == len(header) and set(COLUMNS[path.name]) <= set(header), header
    rows = []
    for record in records[1:]:
        if not any(v.strip() for v in record):
            continue
        assert len(record) == len(header), f"{path.name}: ragged row {record}"
        rows.append({k: v.strip() for k, v in zip(header, record)})
    return rows


def _ends_inside_quotes(text: str) -> bool:
    try:
        list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def broken_rules(folder: Path) -> list[str]:
    """Every rule the folder breaks, by the oracle (empty when it keeps them all)."""
    try:
        ents, rels, srcs = (oracle_rows(folder / name) for name in FILES)
    except (UnicodeDecodeError, AssertionError, IndexError, csv.Error) as exc:
        return [f"unreadable: {exc!r}"]
    broken = []
    for name, rows in zip(FILES, (ents, rels, srcs)):
        ids = [r["id"] for r in rows]
        broken += [f"{name}: duplicate id {i}" for i in set(ids) if ids.count(i) > 1]
        broken += [f"{name}: id {i!r} not a slug" for i in ids if not SLUG.fullmatch(i)]
        for col in VOCAB.columns[name]:
            if col.required:
                broken += [f"{name}: empty {col.name}" for r in rows if not r[col.name]]
    types = {e["id"]: e["type"] for e in ents}
    source_ids = {s["id"] for s in srcs}
    broken += [f"entity type {e['type']!r}" for e in ents if e["type"] not in VOCAB.entity_types]
    broken += [f"source kind {s['kind']!r}" for s in srcs if s["kind"] not in VOCAB.source_kinds]
    broken += [f"via {s['via']!r}" for s in srcs if s["via"] and s["via"] not in source_ids]
    for r in rels:
        rel = VOCAB.relation_types.get(r["type"])
        broken += [f"{r['id']}: {k} {r[k]!r} unknown" for k in ("from_id", "to_id", "attributed_to")
                   if r[k] not in types]
        broken += [f"{r['id']}: source {r['source_id']!r}"] if r["source_id"] not in source_ids else []
        broken += [f"{r['id']}: status {r['status']!r}"] if r["status"] not in VOCAB.status_ids else []
        broken += [f"{r['id']}: stance {r['stance']!r}"] if r["stance"] not in VOCAB.stances else []
        if rel is None:
            broken.append(f"{r['id']}: relation type {r['type']!r}")
        elif r["from_id"] in types and r["to_id"] in types:
            if types[r["from_id"]] not in rel.from_types or types[r["to_id"]] not in rel.to_types:
                broken.append(f"{r['id']}: endpoints {types[r['from_id']]} -> {types[r['to_id']]} for {rel.id}")
        if r["from_id"] == r["to_id"]:
            broken.append(f"{r['id']}: self-loop")
    for name, rows in (("entities.csv", ents), ("relations.csv", rels)):
        for r in rows:
            start, end = (day_range(r[k]) if r[k] else None for k in ("start", "end"))
            broken += [f"{name}: date {r[k]!r}" for k in ("start", "end") if r[k] and day_range(r[k]) is None]
            if start and end and end[1] < start[0]:
                broken.append(f"{name}: {r['id']} ends {r['end']} before it starts {r['start']}")
    for s in srcs:
        if s["published"] and day_range(s["published"]) is None:
            broken.append(f"published {s['published']!r}")
    keys = [tuple(r[k] for k in ("from_id", "type", "to_id", "stance", "attributed_to", "source_id")) for r in rels]
    broken += [f"duplicate claim {k}" for k in set(keys) if keys.count(k) > 1]
    return broken


def assert_sound(folder: Path) -> bool:
    """Validate the folder; if graphkit calls it valid, the oracle must agree and the rows must be
    exactly the ones in the files. Returns whether graphkit called it valid."""
    report = validate(folder)
    for issue in report.issues:
        assert issue.path.endswith(FILES) and issue.line >= 1 and issue.column >= 1, issue
        assert issue.severity in ("error", "warning") and re.fullmatch(r"[a-z-]+", issue.code), issue
    if not report.valid:
        return False
    assert broken_rules(folder) == [], report.issues
    dataset = read_dataset(folder)
    for name, table in dataset.tables().items():
        assert table.rows == [{k: r.get(k, "") for k in table.columns + table.absent} for r in oracle_rows(folder / name)]
    return True


# -- generators -----------------------------------------------------------------------------------
HOSTILE = ('"', "'", ",", "\n", "\r\n", "\r", "\t", "|", ";", "\\", "`", "$", "{", "}", "<", ">", "&", "//",
           "Кумарин", "ё", "Ж", "\u202e", "\u200b", "\u00a0", "\x1b[2J", "\x07", "\x85", "\u2028", "🙂",
           "</script>", "<img src=x onerror=alert(1)>", "'}) DETACH DELETE n //", "${x}", "%s", "\ufeff")
text_cells = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=6)),
    max_size=5).map("".join)
SLUGS = ["alice", "bob", "carol", "gang", "agency", "press", "doc-1", "unit_2"]
SOURCE_IDS = ["news1", "rep", "blog", "decree"]
GOOD_DATES = ["", "", "1990s", "1991", "2001-05", "2008-02-29", "2016-12-31"]
BAD_VALUES = ["", " ", "Alice", "alice ", "alíce", "a lice", "2008-13", "2007-02-29", "0000", "199", "1995s",
              "99999", "Q0", "javascript:x", "person ", "PERSON", "asserted", "r1", "news 1", "\x00", "C1a"]


@st.composite
def valid_dataset(draw) -> dict[str, list[dict[str, str]]]:
    """Entities, sources and claims that keep every rule (text cells hostile all the same)."""
    n = draw(st.integers(2, len(SLUGS)))
    ids = SLUGS[:n]
    etypes = draw(st.lists(st.sampled_from(list(VOCAB.entity_types)), min_size=n, max_size=n))
    entities = []
    for eid, etype in zip(ids, etypes):
        start, end = sorted(draw(st.lists(st.sampled_from(GOOD_DATES[2:]), min_size=2, max_size=2)),
                            key=lambda d: day_range(d)[0])
        keep = draw(st.sampled_from(["both", "start", "none"]))
        name = draw(text_cells)
        entities.append({"id": eid, "name": name if name.strip() else eid.title(), "type": etype,
                         "aliases": draw(text_cells), "description": draw(text_cells),
                         "wikidata": draw(st.sampled_from(["", "Q1", "Q7747"])),
                         "start": start if keep != "none" else "", "end": end if keep == "both" else ""})
    n_sources = draw(st.integers(1, len(SOURCE_IDS)))
    sources = [{"id": sid, "title": draw(text_cells).strip() or sid, "author": draw(text_cells), "publisher": draw(text_cells),
                "published": draw(st.sampled_from(GOOD_DATES)), "url": draw(st.sampled_from(["", "https://x.org/a?b=1"])),
                "kind": draw(st.sampled_from(list(VOCAB.source_kinds))),
                "via": SOURCE_IDS[i - 1] if i and draw(st.booleans()) else ""}
               for i, sid in enumerate(SOURCE_IDS[:n_sources])]
    claims, seen = [], set()
    for _ in range(draw(st.integers(0, 8))):
        a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        fitting = sorted(r.id for r in VOCAB.relation_types.values()
                         if etypes[ids.index(a)] in r.from_types and etypes[ids.index(b)] in r.to_types)
        if a == b or not fitting:
            continue
        rtype, party = draw(st.sampled_from(fitting)), draw(st.sampled_from(ids))
        source = draw(st.sampled_from([s["id"] for s in sources]))
        key = (a, rtype, b, "asserts", party, source)
        if key in seen:
            continue
        seen.add(key)
        start, end = sorted(draw(st.lists(st.sampled_from(GOOD_DATES[2:]), min_size=2, max_size=2)),
                            key=lambda d: day_range(d)[0])
        claims.append({"id": f"r{len(claims) + 1}", "from_id": a, "type": rtype, "to_id": b,
                       "status": draw(st.sampled_from(VOCAB.status_ids)), "stance": "asserts",
                       "attributed_to": party, "source_id": source, "locator": draw(text_cells),
                       "quote": draw(text_cells), "start": draw(st.sampled_from(["", start])),
                       "end": draw(st.sampled_from(["", end])), "seed_claim": draw(st.sampled_from(["", "C01|C02"])),
                       "note": draw(text_cells)})
    for claim in claims:  # an end is never before a start
        if claim["start"] and claim["end"] and day_range(claim["end"])[1] < day_range(claim["start"])[0]:
            claim["end"] = ""
    return {"entities.csv": entities, "relations.csv": claims, "sources.csv": sources}


@st.composite
def damaged(draw, dataset: dict) -> int:
    """Apply 0-3 mutations in place; how many were applied."""
    count = draw(st.integers(0, 3))
    for _ in range(count):
        name = draw(st.sampled_from([n for n in FILES if dataset[n]] or ["entities.csv"]))
        rows = dataset[name]
        if not rows:
            continue
        row = draw(st.sampled_from(rows))
        what = draw(st.sampled_from(["cell", "duplicate", "delete", "swap-dates"]))
        if what == "cell":
            column = draw(st.sampled_from(COLUMNS[name]))
            row[column] = draw(st.sampled_from(BAD_VALUES + SLUGS + SOURCE_IDS + list(VOCAB.relation_types)
                                               + list(VOCAB.entity_types) + VOCAB.status_ids))
        elif what == "duplicate":
            rows.append(dict(row))
        elif what == "delete":
            rows.remove(row)
        elif "end" in row:  # sources have no start and end
            row["start"], row["end"] = row["end"] or "2001", row["start"] or "1990"
    return count


def write_dataset(folder: Path, dataset: dict, style: str, layout: str) -> None:
    """Write the three files: ``style`` csv (every value quoted, LF), crlf-bom (quoted where needed,
    CRLF, a BOM) or raw (joined with commas, nothing quoted); ``layout`` plain, reversed (columns in
    the opposite order) or extra-column (one more, unknown, column)."""
    for name in FILES:
        columns = list(COLUMNS[name])[::-1] if layout == "reversed" else list(COLUMNS[name])
        if layout == "extra-column":
            columns.insert(len(columns) // 2, "remarks")
        rows = [[row.get(c, "x" if c == "remarks" else "") for c in columns] for row in dataset[name]]
        buffer = io.StringIO()
        if style == "raw":  # commas and line breaks in values break the rows
            buffer.writelines(",".join(cells) + "\n" for cells in [columns] + rows)
        else:
            writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if style == "csv" else csv.QUOTE_MINIMAL,
                                lineterminator="\n" if style == "csv" else "\r\n")
            writer.writerow(columns)
            writer.writerows(rows)
        data = buffer.getvalue().encode("utf-8")
        (folder / name).write_bytes(b"\xef\xbb\xbf" + data if style == "crlf-bom" else data)


class Counts:
    valid = 0
    cases = 0


# -- the properties -----------------------------------------------------------------------------------
def test_random_bytes_never_crash_and_never_pass_for_a_broken_dataset(tmp_path):
    mini = {name: (MINI / name).read_bytes() for name in FILES}
    seen = Counts()

    @settings(FUZZ, max_examples=3000)
    @given(name=st.sampled_from(FILES), how=st.sampled_from(["replace", "splice", "drop-quote", "add-quote"]),
           at=st.floats(0, 1), junk=st.binary(max_size=64))
    def check(name, how, at, junk):
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        for other in FILES:
            (folder / other).write_bytes(mini[other])
        original = mini[name]
        cut = int(at * len(original))
        quotes = [i for i, byte in enumerate(original) if byte == ord('"')]
        drop = quotes[min(int(at * len(quotes)), len(quotes) - 1)] if quotes else None
        changed = {"replace": lambda: junk,
                   "splice": lambda: original[:cut] + junk + original[cut:],
                   "add-quote": lambda: original[:cut] + b'"' + original[cut:],
                   # without one of its quotes a file is misread from there on
                   "drop-quote": lambda: original if drop is None else original[:drop] + original[drop + 1:],
                   }[how]()
        (folder / name).write_bytes(changed)
        seen.cases += 1
        seen.valid += assert_sound(folder)
        shutil.rmtree(folder)

    check()
    print(f"random bytes: {seen.cases} cases, {seen.valid} valid")
    assert seen.cases >= 2500


def test_damaged_datasets_are_valid_exactly_when_they_keep_every_rule(tmp_path):
    seen, undamaged = Counts(), Counts()

    @settings(FUZZ, max_examples=2000)
    @given(data=st.data(), dataset=valid_dataset(), style=st.sampled_from(["csv", "crlf-bom", "crlf-bom", "raw"]),
           layout=st.sampled_from(["plain", "plain", "reversed", "extra-column"]))
    def check(data, dataset, style, layout):
        mutations = data.draw(damaged(dataset))
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        write_dataset(folder, dataset, style, layout)
        valid = assert_sound(folder)
        seen.cases += 1
        seen.valid += valid
        event("valid" if valid else "invalid")
        if valid and style != "raw":  # every value arrives as written (ends stripped)
            read = read_dataset(folder)
            for name, table in read.tables().items():
                assert [{c: r[c] for c in COLUMNS[name]} for r in table.rows] == [
                    {c: row[c].strip() for c in COLUMNS[name]} for row in dataset[name]]
        if mutations == 0 and style != "raw":
            undamaged.cases += 1
            assert valid, [i.format() for i in validate(folder).errors]
        shutil.rmtree(folder)

    check()
    print(f"damaged datasets: {seen.cases} cases, {seen.valid} valid, {undamaged.cases} undamaged")
    # The property is not vacuous: many cases are valid, and many are not.
    assert seen.cases >= 1500 and seen.valid >= seen.cases // 5 and seen.cases - seen.valid >= seen.cases // 5
    assert undamaged.cases >= 200


# -- command lines --------------------------------------------------------------------------------
ARG_TEXT = st.one_of(st.sampled_from(HOSTILE + tuple(BAD_VALUES) + ("-", "--", "-1", "0", "1e9", "999999999999",
                                                                     "--help", "--json", "Кумарин", "ivanov")),
                     st.text(max_size=12))
ENTITY = st.one_of(st.sampled_from(["alice", "carol", "Bob Baker", "Гаванская", "Ivanov", "press", "Harbour"]),
                   ARG_TEXT)
NUMBER = st.one_of(st.integers(-3, 5), st.sampled_from([10**6, 10**18, -(10**9)])).map(str)
QUERY_FILES = sorted(p.name for p in (ROOT / "cypher" / "query").glob("*.cypher"))


@st.composite
def command_line(draw, out: Path) -> list[str]:
    command = draw(st.sampled_from(["validate", "paths", "rank", "communities", "render", "entities", "vocab",
                                    "report", "query"]))
    args = [command]
    filters = [("--min-status", st.sampled_from(VOCAB.status_ids) | ARG_TEXT),
               ("--types", st.sampled_from(["ally_of", "member_of,leader_of", ",", ""]) | ARG_TEXT),
               ("--exclude-disputed", None), ("--exclude-single-source", None),
               ("--as-of", st.sampled_from(["2008", "1990s", "2008-02-30", ""]) | ARG_TEXT)]
    extra = {
        "paths": [("--k", NUMBER), ("--max-hops", NUMBER), ("--order", st.sampled_from(["hops", "evidence"]) | ARG_TEXT),
                  ("--json", None)],
        "rank": [("--metric", st.sampled_from(["degree", "betweenness", "closeness", "eigenvector", "pagerank"])
                  | ARG_TEXT), ("--top", NUMBER), ("--robustness", None), ("--json", None)],
        "communities": [("--json", None)],
        "render": [("--focus", ENTITY), ("--hops", NUMBER), ("--max-nodes", NUMBER), ("--title", ARG_TEXT),
                   ("--size-by", st.sampled_from(["degree", "pagerank"]) | ARG_TEXT)],
        "entities": [("--type", st.sampled_from(list(VOCAB.entity_types)) | ARG_TEXT), ("--json", None)],
        "vocab": [("--json", None)], "validate": [("--json", None)], "report": [("--json", None)],
        "query": [("--param", st.tuples(st.sampled_from(["entity", "from", "to", "party", "source", "dataset",
                                                         "x", "1bad", ""]),
                                        st.one_of(ENTITY, st.sampled_from(['"x"', "[1, 2]", '{"a": 1}', "null", "1e999",
                                                                           "true", '"\\u0000"', '[["a"]]'])))
                   .map(lambda kv: f"{kv[0]}={kv[1]}")), ("--json", None)],
    }
    if command == "paths":
        args += [draw(ENTITY), draw(ENTITY)]
    if command == "query":
        args += [str(ROOT / "cypher" / "query" / draw(st.sampled_from(QUERY_FILES))), "--backend", "networkx"]
    if command in ("render", "report"):
        name = draw(st.text(alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]),
                            min_size=1, max_size=10))
        assume(name not in (".", ".."))
        args += ["-o", str(out / f"{name}.html")]
    options = (filters if command in ("paths", "rank", "communities", "render") else []) + extra.get(command, [])
    for option, values in draw(st.lists(st.sampled_from(options), max_size=4, unique_by=lambda o: o[0])
                               if options else st.just([])):
        args += [option] if values is None else [option, draw(values)]
    if command not in ("vocab",):
        args += ["--data", str(MINI)] if command != "validate" else [str(MINI)]
    return args


_FLAGS = {"--json", "--robustness", "--exclude-disputed", "--exclude-single-source", "--help"}


def test_random_command_lines_exit_0_1_or_2_and_never_show_a_traceback(tmp_path):
    seen = Counts()
    codes: dict[int, int] = {}

    @settings(FUZZ, max_examples=2000)
    @given(data=st.data())
    def check(data):
        args = data.draw(command_line(tmp_path))
        result = CliRunner().invoke(cli, args, color=True)  # color: click would strip escapes it knows
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
        assert "Traceback" not in result.output, (args, result.output)
        if result.exit_code == 1:  # graphkit's own errors are one line (unless the line break was typed)
            lines = 1 + sum(a.count("\n") for a in args)
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") <= lines, (args, result.stderr)
        assert "\x1b" not in result.output, args
        # --json asked as an option, not drawn as the text an option before it takes (--title --json)
        asked = any(a == "--json" and (args[i - 1] in _FLAGS or not args[i - 1].startswith("-"))
                    for i, a in enumerate(args) if i)
        if asked and "--help" not in args and result.exit_code == 0:
            json.loads(result.stdout)
        seen.cases += 1
        codes[result.exit_code] = codes.get(result.exit_code, 0) + 1

    check()
    print(f"command lines: {seen.cases} cases, exit codes {codes}")
    assert seen.cases >= 1800 and codes.get(0, 0) >= 100 and codes.get(1, 0) >= 50 and codes.get(2, 0) >= 50


def test_eigenvector_ranking_when_the_largest_component_is_one_link():
    """Found by the command-line fuzzer: scipy's sparse solver refused a two-node component (a TypeError)."""
    result = CliRunner().invoke(cli, ["rank", "--metric", "eigenvector", "--min-status", "established",
                                      "--data", str(MINI), "--json"])
    assert result.exit_code == 0, repr(result.exception)
    top = json.loads(result.stdout)[:3]
    assert [(r["id"], r["score"]) for r in top] == [("agency", 0.707107), ("alice", 0.707107), ("bob", 0.0)]
