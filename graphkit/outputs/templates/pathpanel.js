/* The path finder's panel: two ends picked by name or alias, the answer drawn on the graph and
   listed hop by hop with every claim's citation, redone whenever a filter changes. */
var pathEnds = {from: "", to: ""};
var pathAnswerBox = document.getElementById("path-answer");
var pathMarked = {nodes: [], edges: []};  // the entities and lines of the answer, drawn highlighted

function endName(id) {
  if (entityById[id]) return entityById[id].name;
  var row = searchIndex().filter(function (item) { return item.id === id; })[0];
  return row ? row.name : id;
}

function picker(which) {
  var input = document.getElementById("path-" + which), list = document.getElementById("path-" + which + "-results");
  function choose(hit) {
    list.hidden = true;
    input.value = hit.item.name;
    pathEnds[which] = hit.item.id;
    showPaths(true);
    input.focus();
  }
  function results() {
    return listHits(list, input, function (hit) {
      return hit.item.drawn ? null : span(" (not drawn in this page)", "muted");
    }, choose);
  }
  input.addEventListener("input", function () {
    if (pathEnds[which]) { pathEnds[which] = ""; showPaths(false); }
    results();
  });
  searchKeys(input, list, results, choose);
  return input;
}

var pathInputs = {from: picker("from"), to: picker("to")};
function setPathEnds(from, to, fit) {
  pathEnds.from = from || "";
  pathEnds.to = to || "";
  pathInputs.from.value = pathEnds.from ? endName(pathEnds.from) : "";
  pathInputs.to.value = pathEnds.to ? endName(pathEnds.to) : "";
  showPaths(fit);
}
document.getElementById("path-swap").addEventListener("click", function () {
  setPathEnds(pathEnds.to, pathEnds.from, false);
});
document.getElementById("path-clear").addEventListener("click", function () {
  setPathEnds("", "", false);
  pathInputs.from.focus();
});

// -- drawing the answer on the graph ----------------------------------------------------------------
// On a canvas of its own over the graph's, not as changes to the graph: vis-network redraws a large
// page (18,000 lines) in half a second, while a few strokes here take a millisecond.
var PATH_GLOW = "rgba(255, 140, 0, 0.5)";
var pathCanvas = el("canvas", {cls: "path-marks", "aria-hidden": "true"});
container.appendChild(pathCanvas);
function drawPathMarks() {
  var ratio = window.devicePixelRatio || 1, width = container.clientWidth, height = container.clientHeight;
  if (pathCanvas.width !== Math.round(width * ratio) || pathCanvas.height !== Math.round(height * ratio)) {
    pathCanvas.width = Math.round(width * ratio);
    pathCanvas.height = Math.round(height * ratio);
  }
  var ctx = pathCanvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  if (!pathMarked.nodes.length) return;
  var pos = network.getPositions(pathMarked.nodes), scale = network.getScale(), at = {};
  pathMarked.nodes.forEach(function (id) { if (pos[id] && shownNodes.get(id)) at[id] = network.canvasToDOM(pos[id]); });
  ctx.strokeStyle = PATH_GLOW;
  ctx.lineCap = "round";
  ctx.lineWidth = 9;
  ctx.beginPath();
  pathMarked.edges.forEach(function (id) {
    var e = edgeById[id];
    if (!at[e.from] || !at[e.to] || !shownEdges.get(id)) return;
    ctx.moveTo(at[e.from].x, at[e.from].y);
    ctx.lineTo(at[e.to].x, at[e.to].y);
  });
  ctx.stroke();
  ctx.lineWidth = 5;
  Object.keys(at).forEach(function (id) {
    ctx.beginPath();
    ctx.arc(at[id].x, at[id].y, entityById[id].size * scale + 5, 0, 2 * Math.PI);
    ctx.stroke();
  });
}
network.on("afterDrawing", drawPathMarks);
function markPaths(found, fit) {
  var nodes = {}, edges = {};
  found.forEach(function (p) {
    p.entities.forEach(function (id) { nodes[id] = true; });
    p.hops.forEach(function (hop) { hop.lines.forEach(function (line) { edges[line.edge.id] = true; }); });
  });
  pathMarked = {nodes: Object.keys(nodes), edges: Object.keys(edges)};
  drawPathMarks();
  if (fit && pathMarked.nodes.length) {
    network.fit({nodes: pathMarked.nodes, animation: {duration: 300, easingFunction: "easeInOutQuad"}});
  }
}

// -- the answer as text ---------------------------------------------------------------------------------
function lineHeading(line) {
  var e = line.edge, rel = vocab.relation_types[e.type] || {}, s = statusById[line.view.status];
  var arrow = rel.symmetric ? " — " : " → ";
  var show = el("button", {type: "button", cls: "linklike", text: relationLabel(e.type)});
  show.addEventListener("click", function () { selectEdge(e.id); });
  var badge = el("span", {cls: "badge", text: s.label});
  badge.style.background = s.colour;
  badge.style.color = textColourOn(s.colour);
  return el("p", {cls: "hop-line", "data-edge": e.id}, span(entityById[e.from].name + arrow), show,
            span(arrow + entityById[e.to].name + " "), badge,
            line.view.disputed ? span(" disputed", "stance-disputes") : null);
}
function hopItem(hop) {
  var item = el("li", {cls: "hop"});
  hop.lines.forEach(function (line) {
    item.appendChild(lineHeading(line));
    line.edge.claims.forEach(function (c) { if (claimKept(c)) item.appendChild(claimArticle(c)); });
  });
  return item;
}
function pathItem(p, number) {
  var names = p.entities.map(function (id) { return entityById[id].name; }).join(" → ");
  var box = el("details", {cls: "path"}, el("summary", {}, el("strong", {text: "Path " + number + ": "}), names),
               el("ol", {cls: "hops"}, p.hops.map(hopItem)));
  box.open = number === 1;
  return el("li", {"data-path": p.entities.join(" ")}, box);
}

function commandNote(from, to) {
  var terms = filterTerms(state), box = el("div", {cls: "path-command"});
  if (!pageIsWhole()) {
    box.className += " budget";
    box.appendChild(el("p", {text: "This page draws only part of the graph (" + (meta.focus ? "a neighbourhood" :
      "the node budget") + "): a shorter path, or one where this page finds none, may run through entities " +
      "left out. graphkit answers over the whole dataset:"}));
  } else {
    box.appendChild(el("p", {cls: "muted", text: "The same question on the command line:"}));
  }
  box.appendChild(el("p", {}, code(pathsCommand(from, to, state))));
  if (terms.page.length) {
    box.appendChild(el("p", {cls: "muted", text: "The command has no option for this page's " +
      terms.page.map(function (o) { return o.text; }).join("; ") + "."}));
  }
  return box;
}

var LOOSEN = {"status boxes": "tick more statuses", "Disputed box": "tick Disputed",
              "date": "widen or clear the date", "entity type boxes": "tick the entity types hidden"};
function showPaths(fit) {
  clear(pathAnswerBox);
  var wasMarked = pathMarked.nodes.length > 0;
  pathMarked = {nodes: [], edges: []};
  var from = pathEnds.from, to = pathEnds.to;
  pathAnswerBox.setAttribute("data-state", "idle");
  if (!from || !to) {
    pathAnswerBox.appendChild(el("p", {cls: "hint", text: "Pick two entities to see how they are linked."}));
    return afterPath(wasMarked);
  }
  if (from === to) {
    pathAnswerBox.appendChild(el("p", {cls: "hint", text: "Pick two different entities."}));
    return afterPath(wasMarked);
  }
  var missing = [from, to].filter(function (id) { return !entityById[id]; });
  if (missing.length) {
    pathAnswerBox.setAttribute("data-state", "not-drawn");
    pathAnswerBox.appendChild(el("p", {text: missing.map(endName).join(" and ") + (missing.length === 1 ? " is" : " are") +
      " not drawn in this page, so its links are not here."}));
    pathAnswerBox.appendChild(commandNote(from, to));
    return afterPath(wasMarked);
  }
  var found = findPaths(from, to);
  if (!found.length) {
    var why = explainNoPath(from, to);
    pathAnswerBox.setAttribute("data-state", "none");
    pathAnswerBox.appendChild(el("p", {cls: "no-path", text: why.text.charAt(0).toUpperCase() + why.text.slice(1) + "."}));
    if (why.cut.length) {
      pathAnswerBox.appendChild(el("p", {cls: "hint", text: "To see one here: " + why.cut.map(function (o) {
        return LOOSEN[o.what]; }).join(", or ") + "."}));
    }
  } else {
    var hops = found[0].entities.length - 1;
    pathAnswerBox.setAttribute("data-state", "found");
    pathAnswerBox.appendChild(el("p", {cls: "path-summary", text: (found.length === PATH_CAP ? "The " + PATH_CAP +
      " best-evidenced of the" : found.length === 1 ? "The" : "All " + found.length) + " shortest " +
      (found.length === 1 ? "connection" : "connections") + ", " + hops + (hops === 1 ? " step" : " steps") +
      ", strongest evidence first; filters: " + describeTerms(filterTerms(state)) + "."}));
    pathAnswerBox.appendChild(el("ol", {cls: "path-list"}, found.map(function (p, i) { return pathItem(p, i + 1); })));
  }
  pathAnswerBox.appendChild(commandNote(from, to));
  markPaths(found, fit);
  afterPath();
}
function afterPath(marked) {
  if (marked) drawPathMarks();  // the last answer's highlight goes
  tell("path");
}
listeners.filters.push(function () { if (pathEnds.from || pathEnds.to) showPaths(false); });

// From an entity's details: make it one end and go to the other end's box.
function pathButton(text, id, which) {
  var b = el("button", {type: "button", text: text});
  b.addEventListener("click", function () {
    if (which === "from") setPathEnds(id, pathEnds.to === id ? "" : pathEnds.to, true);
    else setPathEnds(pathEnds.from === id ? "" : pathEnds.from, id, true);
    var next = pathInputs[which === "from" ? "to" : "from"];
    (pathEnds.from && pathEnds.to ? document.getElementById("path-answer") : next).focus();
  });
  return b;
}

showPaths(false);
Object.assign(window.graphkit, {
  paths: function (from, to) { return pathsAnswer(from, to, state); },
  explainNoPath: function (from, to) { return explainNoPath(from, to, state).text; },
  pathsCommand: function (from, to) { return pathsCommand(from, to, state); },
  setPathEnds: setPathEnds,
  pathMarked: function () { return pathMarked; }
});
