"""The main job: validate a dataset, build it, gather the key findings with
their sources, and write the reader page.

>>> result = build_report("data", "out/doctest-graph.html")
>>> result["validation"]["valid"], result["page"]
(True, 'out/doctest-graph.html')
"""
from __future__ import annotations

import json
from pathlib import Path

from ..claims.model import EvidenceFilter
from ..core import analysis
from ..core.engine import load_index
from ..core.graph import core
from ..core.store import checked_index
from ..errors import GraphkitError
from ..reading.validate import validate
from ..core.rows import edge_statuses
from .textout import format_path, safe

__all__ = ["build_report", "format_report", "QUESTION_FILE"]

# A data folder names the connection its report asks about here (``from:`` and ``to:``, names or ids).
QUESTION_FILE = "report.yaml"


def _named_question(data_dir: Path) -> tuple[str, str] | None:
    path = data_dir / QUESTION_FILE
    if not path.is_file():
        return None
    import yaml

    try:
        named = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GraphkitError(f"{path}: not YAML ({exc}); write from: NAME and to: NAME") from None
    if not isinstance(named, dict) or not all(isinstance(named.get(k), str) and named[k].strip()
                                              for k in ("from", "to")):
        raise GraphkitError(f"{path}: needs 'from' and 'to', each a name or id, e.g. from: putin")
    return named["from"].strip(), named["to"].strip()


def _best_connected(g, brokers: list[dict]) -> tuple[str, str] | None:
    """The two most central entities (betweenness, then degree) that a path joins."""
    ranked = [b["id"] for b in brokers if b["score"] > 0]
    ranked += [r["id"] for r in json.loads(analysis.rank(g, "degree", top=10).to_json(orient="records"))
               if r["id"] not in ranked]
    for i, a in enumerate(ranked):
        for b in ranked[i + 1:]:
            try:
                analysis.shortest_paths(g, a, b)
                return a, b
            except GraphkitError:
                continue
    return None


# The report leads with the connection the evidence supports best, over claims at least this strong.
LEAD = EvidenceFilter(min_status="alleged")


def _key_paths(g, source: str, target: str) -> dict:
    """The three best-evidenced connections over claims at least alleged (else the fewest-hop ones over
    every claim the default keeps), and the fewest-hop one when it is shorter and rests on weaker claims."""
    try:
        found = {"paths": analysis.shortest_paths(g, source, target, LEAD, k=3, order="evidence"),
                 "filter": f"claims {LEAD.min_status} or stronger, the best-evidenced first "
                           f"(graphkit paths --min-status {LEAD.min_status} --order evidence --k 3)"}
    except GraphkitError as exc:
        found = {"paths": [], "filter": f"none on claims {LEAD.min_status} or stronger ({exc}); "
                                        "every claim but contradicted ones, fewest hops first"}
    try:
        fewest = analysis.shortest_paths(g, source, target, k=3)
    except GraphkitError as exc:
        return {**found, "message": str(exc)} if not found["paths"] else found
    if not found["paths"]:
        return {**found, "paths": fewest}
    if fewest[0]["length"] < found["paths"][0]["length"]:
        found["fewer_hops"] = fewest[0]
    return found


def _weighed(g, brokers: list[dict]) -> list[dict]:
    """Each broker with how many of its links (as the default filter keeps them) rest on unverified claims
    at best (``unverified_links`` of ``links``), and ``mostly_unverified`` when that is more than half."""
    ix = core(g)
    view, _, _, _, status = edge_statuses(ix)
    weak = status == ix.vocab.status_rank("unverified")
    for b in brokers:
        node = ix.node(b["id"])
        mine = view.edge_keep & ((ix.e_from == node) | (ix.e_to == node))
        links, unverified = int(mine.sum()), int((mine & weak).sum())
        b.update(links=links, unverified_links=unverified, mostly_unverified=2 * unverified > links)
    return brokers


def build_report(data_dir: str | Path = "data", output: str | Path = "out/graph.html",
                 archive: str | Path | None = None, question: tuple[str, str] | None = None) -> dict:
    """Everything ``graphkit report`` prints, as a dict (JSON-ready).

    The connection it asks about is ``question`` (two names or ids), else the
    one the data folder names in ``report.yaml``, else the two most central
    entities a path joins. The seed document's section appears only for data
    whose claims name seed claims.
    """
    data_dir = Path(data_dir)
    if archive is None and (data_dir / "archive").is_dir():
        archive = data_dir / "archive"
    if archive is None:  # validated and indexed from one reading of the files
        checked, g = checked_index(data_dir)
    else:  # the quotes are checked against the archive by the exact checks
        checked = validate(data_dir, archive=archive)
        g = load_index(data_dir) if checked.valid else None
    result: dict = {
        "validation": {"valid": checked.valid, "errors": len(checked.errors),
                       "warnings": len(checked.warnings), "checked": checked.checked,
                       "archive": str(archive) if archive else None,
                       "issues": [i.to_dict() for i in checked.issues]},
    }
    if not checked.valid or g is None:
        return result
    result["summary"] = analysis.summary(g)
    result["type_labels"] = {t.id: t.label for t in g.vocab.entity_types.values()}
    brokers = analysis.rank(g, "betweenness", top=5)
    result["brokers"] = _weighed(g, json.loads(brokers.to_json(orient="records", force_ascii=False)))
    chosen = "asked" if question else None
    if question is None and (question := _named_question(data_dir)):
        chosen = f"named in {data_dir / QUESTION_FILE}"
    if question is None and (question := _best_connected(g, result["brokers"])):
        chosen = "the two most central entities a path joins (name others with --from and --to)"
    if question:
        source, target = (g.resolve(name) for name in question)
        name = g.entities.columns["name"]
        ends = {"from": source, "to": target, "from_name": name[g.node(source)],
                "to_name": name[g.node(target)], "chosen": chosen}
        result["key_paths"] = {**ends, **_key_paths(g, source, target)}
        strong = EvidenceFilter(min_status="reported")
        try:
            analysis.shortest_paths(g, source, target, strong)
            result["key_paths"]["with_reported_or_stronger"] = "still connected"
        except GraphkitError as exc:
            result["key_paths"]["with_reported_or_stronger"] = str(exc)
    if analysis.has_seed_claims(g):
        result["unsupported_seed_claims"] = analysis.unsupported_seed_claims(g)
    from .render import render_html

    result["page"] = str(render_html(g, output, EvidenceFilter(min_status=g.vocab.status_ids[-1])))
    return result


def format_report(result: dict) -> str:
    """The report as text for the terminal."""
    v = result["validation"]
    lines = [safe(f"Validation: {'valid' if v['valid'] else 'INVALID'} — {v['errors']} error(s), "
                  f"{v['warnings']} warning(s); rows: "
                  + ", ".join(f"{n} {k.removesuffix('.csv')}" for k, n in v["checked"].items())
                  + (f"; quotes checked against {v['archive']}" if v["archive"] else ""))]
    for issue in v["issues"]:
        lines.append(safe(f"  {issue['path']}:{issue['line']}:{issue['column']}: {issue['code']}: "
                          f"{issue['message']}"))
    if not v["valid"]:
        lines.append("Fix the errors above, then run the report again.")
        return "\n".join(lines)
    s = result["summary"]
    label = lambda type_id: result["type_labels"].get(type_id, type_id).lower()  # noqa: E731
    lines += ["", "CAUTION: every link is a claim with its standing — established, reported, alleged, "
                  "unverified or contradicted — not a fact. Read who claims it and where.", "",
              f"Size: {s['entities']} entities, {s['edges']} links from {s['claims']} claims "
              f"({s['disputing_claims']} disputing), {s['sources']} sources",
              "  entities by type: " + ", ".join(f"{label(k)} {n}" for k, n in s["entities_by_type"].items()),
              "  asserting claims by status: "
              + ", ".join(f"{k} {n}" for k, n in s["asserting_claims_by_status"].items()),
              "", "Top brokers (betweenness, claims unverified or stronger):"]
    brokers = [b for b in result["brokers"] if b["score"] > 0]  # a score of 0 lies between no two others
    for b in brokers:
        weak = (f"  (rests mostly on unverified claims: {b['unverified_links']} of its {b['links']} links)"
                if b["mostly_unverified"] else "")
        lines.append(safe(f"  {b['rank']}. {b['name']} ({label(b['type'])}) {b['score']:.3f}{weak}"))
    if not brokers:
        lines.append("  none: no entity lies on a shortest path between two others")
    kp = result.get("key_paths")
    if kp:
        lines += ["", safe(f"How {kp['from_name']} connects to {kp['to_name']}"
                           + (f" ({kp['chosen']})" if kp["chosen"] != "asked" else "") + f"; {kp['filter']}:")]
        if kp.get("message"):
            lines.append("  " + safe(kp["message"]))
        for number, path in enumerate(kp["paths"], 1):
            lines += format_path(number, path)
        if kp.get("fewer_hops"):
            short = kp["fewer_hops"]
            statuses = ", ".join(rel["status"] for hop in short["hops"] for rel in hop["relations"])
            lines.append(safe(f"  Fewer hops on weaker claims: {' — '.join(short['names'])} ({short['length']} hop"
                              f"{'s' if short['length'] != 1 else ''}: {statuses}); graphkit paths shows it"))
        lines.append(safe(f"  With reported or stronger claims only: {kp['with_reported_or_stronger']}"))
    unsupported = result.get("unsupported_seed_claims")
    if unsupported is None:
        return "\n".join(lines + ["", safe(f"Wrote the graph page: {result['page']}")])
    lines += ["", f"Seed claims the research could not support ({len(unsupported)}), as the seed states "
                  "them, with why:"]
    for item in unsupported:
        c = item["claims"][0]
        note = next((x["note"] for x in item["claims"] if x["note"]), "")
        found = len(item["found_instead"])
        instead = f" [{found} other row(s) under this id: the parts that stand, other sources]" if found else ""
        who = ("per " if c["stance"] == "asserts" else "disputed by ") + c["attributed_to_name"]
        lines.append(safe(f"  {item['seed_claim']} [{item['best_status']}] {c['from_name']} —{c['label']}→ "
                          f"{c['to_name']} ({who}): {note}{instead}"))
    lines += ["", safe(f"Wrote the graph page: {result['page']}")]
    return "\n".join(lines)
