/* The path finder's answers: the same as `graphkit paths FROM TO` with the filters the legend sets
   (graphkit/core/search.py, levels.py and describe.py), over the links among the drawn entities.

   Links are undirected pairs of entities; a pair is kept when one of its lines is (edgeView). The
   answer is every shortest path by hops, the 20 (DEFAULT_SHORTEST_CAP) of lowest evidence cost,
   then by the ids of their entities in order; a hop's cost is its cheapest kept line's: its
   status's cost divided by its independent parties, at most 3, added in whole steps of
   meta.cost_steps so that equal costs tie exactly, as graphkit adds them. */
var PATH_CAP = 20;
var pathPairs = null;  // entity id -> the pairs it is in: built on the first question, once

function pairsOf(id) {
  if (!pathPairs) {
    pathPairs = {};
    var byKey = {};
    data.edges.forEach(function (e) {
      if (e.from === e.to) return;  // a line to itself is on no path
      var key = e.from < e.to ? e.from + "\n" + e.to : e.to + "\n" + e.from;
      var pair = byKey[key];
      if (!pair) {
        pair = byKey[key] = {a: e.from, b: e.to, edges: []};
        (pathPairs[e.from] = pathPairs[e.from] || []).push(pair);
        (pathPairs[e.to] = pathPairs[e.to] || []).push(pair);
      }
      pair.edges.push(e);
    });
  }
  return pathPairs[id] || [];
}

// A line's cost under a filter: its strongest kept status's cost over its independent parties.
function lineCost(e, view, f) {
  var parties = {}, count = 0;
  e.claims.forEach(function (c) {
    if (c.stance !== "asserts" || !claimKept(c, f)) return;
    var party = meta.party_of[c.attributed_to] || c.attributed_to;
    if (!parties[party]) { parties[party] = true; count++; }
  });
  return statusById[view.status].cost / Math.min(count, meta.max_independent);
}

// What a filter keeps of a pair: null, or its kept lines (cheapest first, then by type and
// direction, as describe_path lists them) and its cost in whole steps.
function pairUnder(pair, f, cache) {
  var key = pair.a + "\n" + pair.b;
  if (key in cache) return cache[key];
  var kept = [];
  pair.edges.forEach(function (e) {
    var view = f === state ? views[e.id] : edgeView(e, f);
    if (view) kept.push({edge: e, view: view, cost: lineCost(e, view, f)});
  });
  kept.sort(function (x, y) {
    return (x.cost - y.cost) || cmp(x.edge.type, y.edge.type) || cmp(x.edge.from, y.edge.from);
  });
  cache[key] = kept.length ? {lines: kept, steps: Math.round(kept[0].cost * meta.cost_steps)} : null;
  return cache[key];
}
function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
function cmpSeq(x, y) {
  for (var i = 0; i < x.length && i < y.length; i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}
function other(pair, id) { return pair.a === id ? pair.b : pair.a; }

// Hops from ``s`` to every entity the filter reaches, up to ``stop``'s layer: {id: hops}.
function layers(s, f, cache, stop) {
  var dist = {}, frontier = [s];
  dist[s] = 0;
  for (var level = 1; frontier.length && !(stop in dist); level++) {
    var next = [];
    frontier.forEach(function (u) {
      pairsOf(u).forEach(function (pair) {
        var v = other(pair, u);
        if (v in dist || !pairUnder(pair, f, cache)) return;
        dist[v] = level;
        next.push(v);
      });
    });
    frontier = next;
  }
  return dist;
}

// The hops between two drawn entities under a filter, or null.
function pathDistance(s, t, f) {
  var d = layers(s, f || state, {}, t);
  return t in d ? d[t] : null;
}

// The answer: [{entities, steps, hops: [{from, to, lines}]}], best first; [] when none.
function findPaths(s, t, f) {
  f = f || state;
  var cache = {};
  var fromS = layers(s, f, cache, t);
  if (!(t in fromS) || s === t) return [];
  var length = fromS[t], toT = layers(t, f, cache, s);
  // The shortest-path DAG, a layer at a time from s; each entity keeps its PATH_CAP best partial
  // paths (least steps, then entity ids), so the best full paths are among them.
  var best = {}, layer = [s];
  best[s] = [{steps: 0, seq: [s]}];
  for (var level = 1; level <= length; level++) {
    var found = {}, next = [];
    layer.forEach(function (u) {
      pairsOf(u).forEach(function (pair) {
        var v = other(pair, u);
        if (fromS[v] !== level || toT[v] !== length - level) return;
        var kept = pairUnder(pair, f, cache);
        if (!kept) return;
        if (!found[v]) { found[v] = []; next.push(v); }
        best[u].forEach(function (p) { found[v].push({steps: p.steps + kept.steps, seq: p.seq.concat([v])}); });
      });
    });
    next.forEach(function (v) {
      found[v].sort(function (x, y) { return (x.steps - y.steps) || cmpSeq(x.seq, y.seq); });
      best[v] = found[v].slice(0, PATH_CAP);
    });
    layer = next;
  }
  return (best[t] || []).map(function (p) {
    var hops = [];
    for (var i = 1; i < p.seq.length; i++) {
      var a = p.seq[i - 1], b = p.seq[i];
      var pair = pairsOf(a).filter(function (x) { return other(x, a) === b; })[0];
      hops.push({from: a, to: b, lines: pairUnder(pair, f, cache).lines});
    }
    return {entities: p.seq, steps: p.steps, hops: hops};
  });
}

// The answer as `graphkit paths --json` gives it, less the citations' text: for tests and scripts.
function pathsAnswer(s, t, f) {
  f = f || state;
  return findPaths(s, t, f).map(function (p) {
    return {
      entities: p.entities, length: p.entities.length - 1,
      cost: Math.round(p.steps / meta.cost_steps * 1e6) / 1e6,
      hops: p.hops.map(function (hop) {
        return {from: hop.from, to: hop.to, relations: hop.lines.map(function (line) {
          var e = line.edge;
          return {type: e.type, from_id: e.from, to_id: e.to, direction: e.from === hop.from ? "forward" : "backward",
                  status: line.view.status, disputed: line.view.disputed,
                  claims: keptClaims(e, f, "asserts"), disputes: keptClaims(e, f, "disputes")};
        })};
      })
    };
  });
}
function keptClaims(e, f, stance) {
  return e.claims.filter(function (c) { return c.stance === stance && claimKept(c, f); })
    .map(function (c) { return c.claim_id; });
}

// -- the filters in graphkit's terms ------------------------------------------------------------------
// The legend's filters as the command line's options where it has them (EvidenceFilter.active), and
// the page's own (boxes that are no --min-status, a date range, entity types) apart.
var DEFAULT_MIN_STATUS = "unverified";
function filterTerms(f) {
  var ticked = vocab.statuses.filter(function (s) { return f.statuses[s.id]; }).map(function (s) { return s.id; });
  var prefix = ticked.length && ticked.every(function (id, i) { return vocab.statuses[i].id === id; });
  var cli = [], page = [];
  if (prefix) {
    var weakest = ticked[ticked.length - 1];
    if (weakest !== DEFAULT_MIN_STATUS) cli.push({option: "min-status", value: weakest, what: "status boxes"});
  } else {
    page.push({what: "status boxes", text: ticked.length ? "statuses " + ticked.join(", ") : "no status"});
  }
  if (f.hideDisputed) cli.push({option: "exclude-disputed", what: "Disputed box"});
  if (f.from && f.from === f.to) cli.push({option: "as-of", value: f.from, what: "date"});
  else if (f.from || f.to) page.push({what: "date", text: "dates " + (f.from || "…") + " to " + (f.to || "…")});
  var hidden = vocab.entity_types.filter(function (t) { return !f.types[t.id]; });
  if (hidden.length) {
    page.push({what: "entity type boxes", text: "entity types " + hidden.map(function (t) { return t.label; })
      .join(", ") + " hidden"});
  }
  return {cli: cli, page: page};
}
function describeTerms(terms) {
  var parts = terms.cli.map(function (o) { return o.value === undefined ? o.option : o.option + " " + o.value; })
    .concat(terms.page.map(function (o) { return o.text; }));
  return parts.join(", ") || "none (the default leaves out contradicted claims)";
}
// The filter less one of its terms, as EvidenceFilter.without resets an option to its default.
function filterWithout(f, what) {
  var g = {statuses: Object.assign({}, f.statuses), types: Object.assign({}, f.types), hideDisputed: f.hideDisputed,
           from: f.from, to: f.to};
  if (what === "status boxes") {
    vocab.statuses.forEach(function (s) {
      g.statuses[s.id] = s.rank <= statusById[DEFAULT_MIN_STATUS].rank && meta.statuses_kept.indexOf(s.id) >= 0;
    });
  }
  if (what === "Disputed box") g.hideDisputed = false;
  if (what === "date") g.from = g.to = "";
  if (what === "entity type boxes") vocab.entity_types.forEach(function (t) { g.types[t.id] = true; });
  return g;
}
function everyStatus() {
  var statuses = {};
  vocab.statuses.forEach(function (s) { statuses[s.id] = meta.statuses_kept.indexOf(s.id) >= 0; });
  return statuses;
}
function loosest() {
  var types = {};
  vocab.entity_types.forEach(function (t) { types[t.id] = true; });
  return {statuses: everyStatus(), types: types, hideDisputed: false, from: "", to: ""};
}

// Why no path is left, as graphkit's explain_no_path says it: {text, cut: [what to loosen]}.
function explainNoPath(s, t, f) {
  f = f || state;
  var names = entityById[s].name + " and " + entityById[t].name;
  var whole = pageIsWhole() && meta.statuses_kept.length === vocab.statuses.length;
  if (pathDistance(s, t, loosest()) === null) {
    var why = whole ? [s, t].filter(function (id) { return !pairsOf(id).length; }).map(unlinked).join("; ") : "";
    return {text: "no connection between " + names + " " + (whole ? "in the dataset" : "in this page") +
            ", whatever the filters" + (why ? ": " + why : ""), cut: []};
  }
  var terms = filterTerms(f), active = terms.cli.concat(terms.page), set = describeTerms(terms);
  var cut = active.filter(function (o) { return pathDistance(s, t, filterWithout(f, o.what)) !== null; });
  var weakest = vocab.statuses[vocab.statuses.length - 1].id;
  if (!cut.length && !f.statuses[weakest] && meta.statuses_kept.indexOf(weakest) >= 0) {
    var withWeakest = Object.assign({}, f, {statuses: everyStatus()});
    if (pathDistance(s, t, withWeakest) !== null) {
      var byStatus = active.filter(function (o) { return o.what === "status boxes"; });
      if (!byStatus.length) {
        return {text: "no connection between " + names + " " + (active.length ? "with " + set : "with no filter set") +
                ": only " + weakest + " claims connect them, which paths leave out unless you pass --min-status " +
                weakest, cut: [{what: "status boxes"}]};
      }
      cut = byStatus;
    }
  }
  if (cut.length) {
    return {text: "no connection between " + names + " with " + set + ": " + cut.map(function (o) {
      return o.option ? "--" + o.option : "the " + o.what; }).join(" or ") + " cut it; loosen it to see one", cut: cut};
  }
  return {text: "no connection between " + names + " with " + set + ": the filters together cut it", cut: active};
}

// An end in no link at all, as graphkit says it: what claims it makes, if any.
function unlinked(id) {
  var made = 0;
  data.edges.forEach(function (e) { e.claims.forEach(function (c) { if (c.attributed_to === id) made++; }); });
  return entityById[id].name + " is in no link; " + (made ? "it only appears as the party making " + made +
    (made === 1 ? " claim" : " claims") : "no claim names it");
}

// Whether the page holds every link its filter keeps: no budget cut, no focus.
function pageIsWhole() { return !meta.trimmed && !meta.focus; }

// The command that asks graphkit the same question over the whole dataset (ids: never ambiguous).
function shellWord(text) { return /^[A-Za-z0-9_.:\/-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\\''") + "'"; }
function pathsCommand(s, t, f) {
  var terms = filterTerms(f || state);
  return ["graphkit", "paths", shellWord(s), shellWord(t)].concat(terms.cli.map(function (o) {
    return "--" + o.option + (o.value === undefined ? "" : " " + shellWord(o.value));
  })).join(" ");
}
