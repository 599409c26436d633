/* The address holds what the reader sees, in its fragment (never sent anywhere): the two ends of
   a path question, the entity or line shown in the details, and every filter that differs from
   how the page opens. A link to it opens the same view; so does editing the fragment.

   #from=putin&to=kumarin&status=established,reported&disputed=hide&date=asof:2008&hide=place&node=putin */
var restoringAddress = false;

function addressNow() {
  var q = new URLSearchParams();
  if (pathEnds.from) q.set("from", pathEnds.from);
  if (pathEnds.to) q.set("to", pathEnds.to);
  var ticked = vocab.statuses.filter(function (s) { return state.statuses[s.id]; }).map(function (s) { return s.id; });
  if (ticked.join(",") !== meta.statuses_kept.join(",")) q.set("status", ticked.join(","));
  if (state.hideDisputed) q.set("disputed", "hide");
  var hidden = vocab.entity_types.filter(function (t) { return !state.types[t.id]; }).map(function (t) { return t.id; });
  if (hidden.length) q.set("hide", hidden.join(","));
  if (state.hideIsolated) q.set("isolated", "hide");
  var mode = document.getElementById("date-mode").value;
  if (mode !== "any") {
    q.set("date", [mode, document.getElementById("date-a").value.trim()].concat(
      mode === "range" ? [document.getElementById("date-b").value.trim()] : []).join(":"));
  }
  if (shownDetails.kind) q.set(shownDetails.kind, shownDetails.kind === "line" ? lineKey(shownDetails.id) : shownDetails.id);
  return q.toString();
}
// A line by its ends and type, which stay the same when the page is made again with more data.
function lineKey(id) { var e = edgeById[id]; return [e.from, e.type, e.to].join(":"); }
function lineByKey(key) {
  var found = data.edges.filter(function (e) { return [e.from, e.type, e.to].join(":") === key; })[0];
  return found ? found.id : "";
}

function writeAddress() {
  if (restoringAddress) return;
  var text = addressNow(), base = location.href.split("#")[0];
  if ((location.hash || "#") === "#" + text) return;
  try { history.replaceState(null, "", text ? "#" + text : base); } catch (err) { location.replace(base + "#" + text); }
}

function restoreAddress() {
  var q = new URLSearchParams(location.hash.replace(/^#/, ""));
  restoringAddress = true;
  try {
    var ticked = q.has("status") ? q.get("status").split(",") : meta.statuses_kept;
    vocab.statuses.forEach(function (s) {
      state.statuses[s.id] = meta.statuses_kept.indexOf(s.id) >= 0 && ticked.indexOf(s.id) >= 0;
      tickBox('#legend-statuses label[data-status="' + s.id + '"] input', state.statuses[s.id]);
    });
    state.hideDisputed = q.get("disputed") === "hide";
    tickBox('#legend-statuses label[data-status="disputed"] input', !state.hideDisputed);
    var hidden = (q.get("hide") || "").split(",");
    vocab.entity_types.forEach(function (t) {
      state.types[t.id] = hidden.indexOf(t.id) < 0;
      tickBox('#legend-types label[data-type="' + t.id + '"] input', state.types[t.id]);
    });
    state.hideIsolated = q.get("isolated") === "hide";
    tickBox("#hide-isolated", state.hideIsolated);
    var date = (q.get("date") || "any").split(":"), mode = document.getElementById("date-mode");
    mode.value = ["asof", "range"].indexOf(date[0]) >= 0 ? date[0] : "any";
    document.getElementById("date-a").value = mode.value === "any" ? "" : date[1] || "";
    document.getElementById("date-b").value = mode.value === "range" ? date[2] || "" : "";
    pathEnds.from = q.get("from") || "";
    pathEnds.to = q.get("to") || "";
    applyDates();  // sets the dates, applies every filter and answers the path question
    setPathEnds(pathEnds.from, pathEnds.to, window.graphkitReady);
    var node = q.get("node"), line = q.has("line") ? lineByKey(q.get("line")) : "";
    if (node && entityById[node]) select(node);
    else if (line) selectEdge(line);
    else if (!details.hidden) closeDetails();
  } finally {
    restoringAddress = false;
  }
  writeAddress();
}
function tickBox(selector, on) {
  var box = document.querySelector(selector);
  if (box && !box.disabled) box.checked = on;
}

["filters", "path", "details"].forEach(function (what) { listeners[what].push(writeAddress); });
listeners.ready.push(function () {  // the drawing is placed now: show the path or the entity asked for
  if (pathMarked.nodes.length && !shownDetails.kind) {
    network.fit({nodes: pathMarked.nodes});
    refitLabels();
  } else if (shownDetails.kind === "node") {
    select(shownDetails.id);
  }
});
window.addEventListener("hashchange", restoreAddress);
if (location.hash.length > 1) restoreAddress();
Object.assign(window.graphkit, {address: addressNow});
