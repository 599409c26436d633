/* graphkit reader page: the data, the drawing, the legend's filters, search and details.
   render.py inlines this file and the others (paths.js, pathpanel.js, share.js) into one
   function body, in that order, so they share its names.
   Every text from the dataset reaches the page through textContent or a text node (the el()
   helper), never as HTML, and vis-network shows string tooltips as text. */
var data = JSON.parse(document.getElementById("graph-data").textContent);
var vocab = data.vocab, meta = data.meta;
var DASHES = {solid: false, dashed: [8, 6], dotted: [2, 5]};
var SVG = "http://www.w3.org/2000/svg";
var LABEL_INSIDE = {box: true, ellipse: true, circle: true, database: true, text: true};
var LABEL_PX = 12, MIN_LABEL_PX = 10;  // screen pixels

var statusById = {}, typeById = {}, entityById = {}, edgeById = {};
vocab.statuses.forEach(function (s) { statusById[s.id] = s; });
vocab.entity_types.forEach(function (t) { typeById[t.id] = t; });
data.entities.forEach(function (e) { entityById[e.id] = e; });
data.edges.forEach(function (e) { edgeById[e.id] = e; });

var state = {statuses: {}, types: {}, hideDisputed: false, hideIsolated: false, from: "", to: ""};
vocab.statuses.forEach(function (s) { state.statuses[s.id] = meta.statuses_kept.indexOf(s.id) >= 0; });
vocab.entity_types.forEach(function (t) { state.types[t.id] = true; });

// -- DOM helpers: text only ---------------------------------------------------------------
function el(tag, props) {
  var node = document.createElement(tag);
  var key;
  for (key in props || {}) {
    if (key === "text") node.textContent = props[key];
    else if (key === "cls") node.className = props[key];
    else node.setAttribute(key, props[key]);
  }
  var children = Array.prototype.concat.apply([], Array.prototype.slice.call(arguments, 2));  // arrays too
  children.forEach(function (child) {
    if (child === null || child === undefined || child === "") return;
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function svg(tag, attrs) {
  var node = document.createElementNS(SVG, tag);
  for (var key in attrs) node.setAttribute(key, attrs[key]);
  return node;
}
function shapeSwatch(shape, colour) {
  var box = svg("svg", {width: 16, height: 16, viewBox: "0 0 16 16", "class": "swatch", "aria-hidden": "true"});
  var paint = {fill: colour, stroke: "#333", "stroke-width": 0.8};
  var points = {
    triangle: "8,1.5 15,14.5 1,14.5", triangleDown: "1,1.5 15,1.5 8,14.5", diamond: "8,0.8 15.2,8 8,15.2 0.8,8",
    hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
    star: "8,0.5 10,5.8 15.6,5.9 11.2,9.4 12.8,15 8,11.7 3.2,15 4.8,9.4 0.4,5.9 6,5.8"
  };
  var shapeNode;
  if (points[shape]) shapeNode = svg("polygon", Object.assign({points: points[shape]}, paint));
  else if (shape === "square") shapeNode = svg("rect", Object.assign({x: 2, y: 2, width: 12, height: 12}, paint));
  else if (shape === "box") {
    shapeNode = svg("rect", Object.assign({x: 0.5, y: 3.5, width: 15, height: 9, rx: 2}, paint));
  }
  else if (shape === "ellipse") shapeNode = svg("ellipse", Object.assign({cx: 8, cy: 8, rx: 7.5, ry: 4.8}, paint));
  else shapeNode = svg("circle", Object.assign({cx: 8, cy: 8, r: 6.5}, paint));
  box.appendChild(shapeNode);
  return box;
}
function lineSwatch(status, disputed) {
  var box = svg("svg", {width: 34, height: 14, viewBox: "0 0 34 14", "class": "swatch", "aria-hidden": "true"});
  var dash = DASHES[status.line];
  var line = svg("line", {x1: 1, y1: 7, x2: 33, y2: 7, stroke: status.colour, "stroke-width": 3});
  if (dash) line.setAttribute("stroke-dasharray", dash.join(" "));
  box.appendChild(line);
  if (disputed) {
    box.appendChild(svg("line", {x1: 17, y1: 1, x2: 17, y2: 13, stroke: status.colour, "stroke-width": 3}));
  }
  return box;
}
// White or near-black, whichever contrasts more with the colour (WCAG's relative luminance).
function textColourOn(hex) {
  var c = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
  if (!c) return "#111";
  var lum = [1, 2, 3].map(function (i) {
    var v = parseInt(c[i], 16) / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }).reduce(function (sum, v, i) { return sum + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
  return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.0573 ? "#fff" : "#111";  // #111's luminance: 0.0073
}
function safeUrl(text) {
  try {
    var url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "";
  } catch (err) { return ""; }
}
function link(href, text) {
  return el("a", {href: href, target: "_blank", rel: "noopener noreferrer", text: text});
}
function span(text, cls) { return el("span", {cls: cls || "", text: text}); }
function period(start, end) {
  if (start && end) return start + " – " + end;
  if (start) return "from " + start;
  if (end) return "until " + end;
  return "";
}

// -- dates: the same partial forms as graphkit's dates.py ------------------------------------
function pad(n) { return (n < 10 ? "0" : "") + n; }
function dateBounds(text) {
  var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$|^(\d{3}0)s$/.exec((text || "").trim());
  if (!m) return null;
  if (m[4]) return [m[4] + "-01-01", (+m[4] + 9) + "-12-31"];
  var y = +m[1];
  if (m[3]) {
    var d = new Date(Date.UTC(y, +m[2] - 1, +m[3]));
    if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return null;
    return [text.trim(), text.trim()];
  }
  if (m[2]) {
    if (+m[2] < 1 || +m[2] > 12) return null;
    var last = new Date(Date.UTC(y, +m[2], 0)).getUTCDate();
    return [m[1] + "-" + m[2] + "-01", m[1] + "-" + m[2] + "-" + pad(last)];
  }
  return [m[1] + "-01-01", m[1] + "-12-31"];
}

// -- filtering: mirrors EvidenceFilter (statuses, dates) plus entity types ----------------------
// As EvidenceFilter: an asserting claim counts when its status is ticked and its dates may fall in
// the period; a denial counts against its link whatever its own date, unless it was itself shown
// wrong (contradicted), which counts only while contradicted claims are ticked. ``f`` is a filter
// shaped as ``state`` (the path finder asks what other filters would keep); the page's by default.
function claimKept(c, f) {
  f = f || state;
  if (c.stance === "disputes") return c.status !== "contradicted" || !!f.statuses.contradicted;
  if (!f.statuses[c.status]) return false;
  if (f.from && c.last_day && c.last_day < f.from) return false;
  if (f.to && c.first_day && c.first_day > f.to) return false;
  return true;
}
function edgeView(e, f) {
  f = f || state;
  var from = entityById[e.from], to = entityById[e.to];
  if (!f.types[from.type] || !f.types[to.type]) return null;
  var strongest = null, disputed = false;
  e.claims.forEach(function (c) {
    if (!claimKept(c, f)) return;
    if (c.stance === "disputes") disputed = true;
    else if (!strongest || statusById[c.status].rank < statusById[strongest].rank) strongest = c.status;
  });
  if (!strongest || (disputed && f.hideDisputed)) return null;
  return {status: strongest, disputed: disputed};
}
function relationLabel(type) { return (vocab.relation_types[type] || {label: type}).label; }

function visEdge(e, view) {
  var s = statusById[view.status];
  var rel = vocab.relation_types[e.type] || {};
  var names = entityById[e.from].name + (rel.symmetric ? " — " : " → ") + relationLabel(e.type) +
    (rel.symmetric ? " — " : " → ") + entityById[e.to].name;
  var title = names + "\n" + s.label + " · " + e.claims.length + (e.claims.length === 1 ? " claim" : " claims") +
    (view.disputed ? " · disputed" : "") + "\nClick for who claims it and where.";
  return {
    id: e.id, from: e.from, to: e.to, title: title,
    label: meta.edge_labels ? relationLabel(e.type) + (view.disputed ? " ⚠" : "") : undefined,
    color: {color: s.colour, highlight: s.colour, hover: s.colour, inherit: false},
    dashes: DASHES[s.line] || false, width: 2, selectionWidth: 2,
    arrows: {to: {enabled: !rel.symmetric, scaleFactor: 0.6},
             middle: {enabled: view.disputed, type: "bar", scaleFactor: 1.3}},
    smooth: e.curve ? {enabled: true, type: "curvedCW", roundness: 0.18 * e.curve} : false,
    font: {size: 10, color: "#444", strokeWidth: 3, align: "middle"}
  };
}
function visNode(e) {
  var t = typeById[e.type];
  var inside = LABEL_INSIDE[t.shape];
  var title = e.name + " (" + t.label + ")" + (e.aliases.length ? "\nalso: " + e.aliases.join(", ") : "");
  var node = {
    id: e.id, label: e.name, title: title, shape: t.shape, size: e.size,
    color: {background: t.colour, border: "#333", highlight: {background: t.colour, border: "#000"},
            hover: {background: t.colour, border: "#000"}},
    borderWidth: 1, borderWidthSelected: 3,
    // Shapes that hold their label grow with it: keep that text small so they do not dwarf the rest.
    font: inside ? {size: Math.round(8 + e.size / 4), color: textColourOn(t.colour)} : {size: 13, strokeWidth: 3},
    widthConstraint: inside ? {maximum: 130} : undefined
  };
  // A label inside its shape is drawn at any zoom: without it the shape would be an empty box.
  if (inside) node.scaling = {label: {drawThreshold: 4}};
  if (e.x !== undefined) { node.x = e.x; node.y = e.y; }
  return node;
}

var views = {};
var edgesData = new vis.DataSet();
var nodesData = new vis.DataSet(data.entities.map(visNode));
var visibleDegree = {};

function applyFilters() {
  var changed = [];
  visibleDegree = {};
  data.edges.forEach(function (e) {
    var view = edgeView(e), old = views[e.id];
    views[e.id] = view;
    if (view) {
      visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
      visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      if (!old || old.status !== view.status || old.disputed !== view.disputed) changed.push(visEdge(e, view));
    }
  });
  if (changed.length) edgesData.update(changed);
  shownEdges.refresh();
  shownNodes.refresh();
  updateCounts();
  refitLabels();
  tell("filters");
}
// What else follows what the reader sees: the path finder (filters), the address (all of them).
var listeners = {filters: [], path: [], details: [], ready: []};
function tell(what) { listeners[what].forEach(function (hook) { hook(); }); }
function nodeShown(node) {
  var e = entityById[node.id];
  return state.types[e.type] && (!state.hideIsolated || visibleDegree[e.id] > 0);
}
var shownEdges = new vis.DataView(edgesData, {filter: function (item) { return !!views[item.id]; }});
var shownNodes = new vis.DataView(nodesData, {filter: nodeShown});

// -- the network -----------------------------------------------------------------------------------
var big = data.entities.length > 1000;
var options = {
  autoResize: true,
  layout: {randomSeed: 7, improvedLayout: data.entities.length <= 150},
  physics: meta.layout === "fixed" ? false : {
    solver: "forceAtlas2Based",
    forceAtlas2Based: {gravitationalConstant: -70, springLength: 110, springConstant: 0.06, avoidOverlap: 0.8},
    stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}
  },
  interaction: {hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                navigationButtons: false, multiselect: false,
                // with the graph focused (Tab reaches it): arrows move it, + and - zoom
                keyboard: {enabled: true, bindToWindow: false, speed: {x: 12, y: 12, zoom: 0.03}}},
  // A name smaller than MIN_LABEL_PX on screen is not drawn (see fitLabels); neither is a line's label.
  nodes: {scaling: {label: {drawThreshold: MIN_LABEL_PX + 1, maxVisible: 20}}},
  edges: {selfReference: {size: 14}, scaling: {label: {drawThreshold: MIN_LABEL_PX + 1}}}
};
var container = document.getElementById("graph");
var network = new vis.Network(container, {}, options);

// -- names readable at the zoom the page is seen at -------------------------------------------------
// Fitted to a large graph the drawing shrinks, and its 13-unit names with it (6 px at 84 nodes).
// So, best-ranked first, each name that has room is drawn at LABEL_PX on screen, below its node
// or else above it: room means it covers no name placed before it and no named node, and its own
// node is not under one. The other names wait until a zoom makes them MIN_LABEL_PX or more.
// Rerun after every zoom, drag, filter and resize.
var textWidth = (function () {
  var ctx = document.createElement("canvas").getContext("2d");
  ctx.font = LABEL_PX + "px arial";  // vis-network's default face
  return function (text) { return ctx.measureText(text).width; };
})();
function fitLabels() {
  var scale = network.getScale(), ids = shownNodes.getIds(), pos = network.getPositions(ids);
  var roomy = 13 * scale >= LABEL_PX, taken = [], updates = [];
  var width = container.clientWidth, height = container.clientHeight;
  function free(box) {
    return !taken.some(function (o) { return box.l < o.r && o.l < box.r && box.t < o.b && o.t < box.b; });
  }
  function seen(box) {  // wholly on the canvas: a name cut at its edge is not readable
    return box.l >= 0 && box.t >= 0 && box.r <= width && box.b <= height;
  }
  ids.forEach(function (id) {  // a shape holding its name is always named
    if (!LABEL_INSIDE[typeById[entityById[id].type].shape]) return;
    var b = network.getBoundingBox(id), a = network.canvasToDOM({x: b.left, y: b.top});
    var z = network.canvasToDOM({x: b.right, y: b.bottom});
    taken.push({l: a.x, t: a.y, r: z.x, b: z.y});
  });
  var focusId = meta.focus ? meta.focus.id : null;
  ids.slice().sort(function (a, b) {
    return ((b === focusId) - (a === focusId)) || (entityById[b].size - entityById[a].size) || (a < b ? -1 : 1);
  }).forEach(function (id) {
    var e = entityById[id];
    if (LABEL_INSIDE[typeById[e.type].shape]) return;
    var size = 13, lift = 0;
    if (!roomy) {
      var p = network.canvasToDOM(pos[id]), w = textWidth(e.name) / 2 + 2, r = e.size * scale, h = LABEL_PX + 3;
      var disc = {l: p.x - r, t: p.y - r, r: p.x + r, b: p.y + r};
      [0, 2 * r + h + 4].some(function (up) {  // below the node, as vis-network draws it; else above
        var top = p.y + r + 2 - up, box = {l: p.x - w, r: p.x + w, t: top, b: top + h};
        if (!free(disc) || !free(box) || !seen(box)) return false;
        taken.push(disc, box);
        size = LABEL_PX / scale;
        lift = up / scale;
        return true;
      });
    }
    var font = nodesData.get(id).font;
    if (font.size !== size || (font.vadjust || 0) !== -lift) {
      updates.push({id: id, font: {size: size, strokeWidth: 3, vadjust: -lift}});
    }
  });
  if (updates.length) nodesData.update(updates);
}
var labelTimer = null;
function refitLabels() {
  if (!window.graphkitReady) return;
  clearTimeout(labelTimer);
  labelTimer = setTimeout(fitLabels, 120);
}
["zoom", "dragEnd", "animationFinished", "resize"].forEach(function (name) { network.on(name, refitLabels); });

function markReady() {
  if (window.graphkitReady) return;
  fitLabels();
  window.graphkitReady = true;
  window.graphkitReadyAt = performance.now();  // ms since navigation began, for bench/bench_render.py
  document.documentElement.setAttribute("data-ready", "1");
  if (meta.focus) select(meta.focus.id);
  tell("ready");
}
if (meta.layout === "fixed") {
  network.once("afterDrawing", markReady);
} else {
  network.once("stabilizationIterationsDone", function () {
    // Physics off once laid out: the page stays still and idle, on a phone too. Positions go
    // back into the data so that an entity hidden by a filter returns to its place.
    network.setOptions({physics: false});
    var placed = network.getPositions();
    nodesData.update(Object.keys(placed).map(function (id) { return {id: id, x: placed[id].x, y: placed[id].y}; }));
    network.fit();
    network.once("afterDrawing", markReady);
    network.redraw();
  });
}
applyFilters();
network.setData({nodes: shownNodes, edges: shownEdges});
if (!data.entities.length) markReady();

// -- counts and notes ------------------------------------------------------------------------------
function fmt(n) { return n.toLocaleString("en-GB"); }
function counts() { return {nodes: shownNodes.length, edges: shownEdges.length}; }
function updateCounts() {
  var c = counts();
  document.getElementById("counts").textContent = "Showing " + fmt(c.nodes) + " of " + fmt(data.entities.length) +
    " entities and " + fmt(c.edges) + " of " + fmt(data.edges.length) + " lines.";
  var byStatus = {}, byType = {};
  data.edges.forEach(function (e) {
    var view = views[e.id];
    if (view) byStatus[view.status] = (byStatus[view.status] || 0) + 1;
  });
  shownNodes.forEach(function (n) { var t = entityById[n.id].type; byType[t] = (byType[t] || 0) + 1; });
  document.querySelectorAll("[data-count-status]").forEach(function (node) {
    node.textContent = " (" + fmt(byStatus[node.getAttribute("data-count-status")] || 0) + ")";
  });
  document.querySelectorAll("[data-count-type]").forEach(function (node) {
    node.textContent = " (" + fmt(byType[node.getAttribute("data-count-type")] || 0) + ")";
  });
}
function code(text) { return el("code", {text: text}); }
function budgetNote() {
  var note = document.getElementById("budget-note");
  var parties = meta.parties_left_out || 0;
  var leftNodes = meta.total_entities - data.entities.length - parties;
  var leftEdges = meta.total_edges - data.edges.length;
  if (parties) {
    note.hidden = false;
    note.appendChild(el("span", {cls: "parties-note", text: "Not drawn: " + fmt(parties) +
      (parties === 1 ? " entity that is" : " entities that are") + " in no link and only make" +
      (parties === 1 ? "s" : "") + " claims (a newspaper, a court); the claims' citations name " +
      (parties === 1 ? "it" : "them") + ". To draw " + (parties === 1 ? "it: " : "them: ")},
      code("graphkit render --parties -o page.html"), ". "));
  }
  if (!meta.focus && !meta.trimmed) return;
  note.hidden = false;
  if (meta.focus) {
    note.appendChild(el("span", {}, "Drawn: the neighbourhood of ", el("strong", {text: meta.focus.name}),
      " within " + meta.hops + (meta.hops === 1 ? " step" : " steps") + (meta.trimmed ? ", cut to the " +
      fmt(meta.max_nodes) + " nearest and highest-ranked entities" : "") + ". "));
  } else {
    note.appendChild(el("span", {text: "This page draws only the " + fmt(data.entities.length) +
      " entities ranked highest by " + meta.size_by + " centrality (the node budget). "}));
  }
  note.appendChild(el("span", {text: "Left out: " + fmt(leftNodes) + " of " + fmt(meta.total_entities - parties) +
    " entities in links and " + fmt(leftEdges) + " of " + fmt(meta.total_edges) +
    " lines. To see them, draw one neighbourhood: "}));
  note.appendChild(code("graphkit render --focus NAME --hops 2 -o page.html"));
  note.appendChild(el("span", {text: ", or raise the budget: "}));
  note.appendChild(code("--max-nodes " + (meta.total_entities - parties)));
  note.appendChild(el("span", {text: " (a larger page opens more slowly). Search also finds the names left out."}));
}

// -- legend and filters ------------------------------------------------------------------------------
function checkbox(checked, disabled, onChange) {
  var box = el("input", {type: "checkbox"});
  box.checked = checked;
  box.disabled = disabled;
  box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
  return box;
}
function buildLegend() {
  var statuses = document.getElementById("legend-statuses");
  vocab.statuses.forEach(function (s) {
    var kept = meta.statuses_kept.indexOf(s.id) >= 0;
    var label = el("label", {"data-status": s.id},
      checkbox(kept, !kept, function (on) { state.statuses[s.id] = on; }),
      lineSwatch(s, false),
      el("span", {cls: kept ? "" : "off"}, el("strong", {text: s.label}),
         el("span", {"data-count-status": s.id}),
         kept ? "" : " — left out: this page was made with --min-status " + meta.min_status,
         el("span", {cls: "definition", text: s.definition})));
    statuses.appendChild(el("li", {}, label));
  });
  statuses.appendChild(el("li", {}, el("label", {"data-status": "disputed"},
    checkbox(true, false, function (on) { state.hideDisputed = !on; }),
    lineSwatch({line: "solid", colour: "#555"}, true),
    el("span", {}, el("strong", {text: "Disputed"}),
       " — a bar across the line (⚠ on its label): a party denies it. " +
       "Shown when ticked, like every box here; untick to hide disputed lines.", el("span", {cls: "definition", text: "Its colour and style still show " +
       "its strongest claim; the details list the denial beside the claims."})))));
  var types = document.getElementById("legend-types");
  vocab.entity_types.forEach(function (t) {
    types.appendChild(el("li", {}, el("label", {"data-type": t.id},
      checkbox(true, false, function (on) { state.types[t.id] = on; }),
      shapeSwatch(t.shape, t.colour),
      el("span", {}, el("strong", {text: t.label}), el("span", {"data-count-type": t.id}),
         el("span", {cls: "definition", text: t.definition})))));
  });
  document.getElementById("hide-isolated").addEventListener("change", function (ev) {
    state.hideIsolated = ev.target.checked; applyFilters();
  });
  document.getElementById("size-note").textContent = "Node size: " + meta.size_by +
    " centrality on the claims this page was made with (bigger: more central).";
  document.getElementById("filters-note").textContent = "Made with: " + meta.filters + ".";
}

function dateFilter() {
  var mode = document.getElementById("date-mode"), a = document.getElementById("date-a"),
    b = document.getElementById("date-b"), and = document.getElementById("date-and"),
    error = document.getElementById("date-error");
  function apply() {
    a.hidden = mode.value === "any";
    b.hidden = and.hidden = mode.value !== "range";
    var lo = dateBounds(a.value), hi = dateBounds(mode.value === "range" ? b.value : a.value);
    var bad = (a.value.trim() && !lo) || (mode.value === "range" && b.value.trim() && !hi);
    error.hidden = !bad;
    error.textContent = bad ? "Use YYYY, YYYY-MM, YYYY-MM-DD or a decade such as 1990s." : "";
    if (mode.value === "any" || bad) { state.from = state.to = ""; }
    else if (mode.value === "asof") {
      // As graphkit's --as-of: a year or month means its last day.
      state.from = state.to = lo ? lo[1] : "";
    } else { state.from = lo ? lo[0] : ""; state.to = hi ? hi[1] : ""; }
    applyFilters();
  }
  mode.addEventListener("change", apply);
  a.addEventListener("input", apply);
  b.addEventListener("input", apply);
  return apply;
}

// -- details panel ------------------------------------------------------------------------------------
var details = document.getElementById("details"), detailsBody = document.getElementById("details-body");
function openDetails(nodes) {
  clear(detailsBody);
  nodes.forEach(function (n) { detailsBody.appendChild(n); });
  details.hidden = false;
  details.scrollIntoView({block: "nearest"});
  document.getElementById("side").scrollTop = 0;
}
var shownDetails = {kind: "", id: ""};  // what the details panel shows: a "node", a "line" or nothing
function detailsOf(kind, id) { shownDetails = {kind: kind, id: id}; tell("details"); }
function closeDetails() { details.hidden = true; clear(detailsBody); detailsOf("", ""); }
function entityButton(id) {
  var b = el("button", {type: "button", cls: "linklike", text: entityById[id].name});
  b.addEventListener("click", function () { select(id); });
  return b;
}
function claimArticle(c) {
  var s = statusById[c.status] || {label: c.status, colour: "#555"};
  var disputes = c.stance === "disputes";
  var url = safeUrl(c.source_url);
  var title = c.source_title || c.source_id;
  var source = el("p", {}, "Source: ", url ? link(url, title) : span(title));
  var makers = [c.source_author, c.source_publisher].filter(Boolean);
  if (makers.length === 2 && makers[0] === makers[1]) makers.pop();  // an author that publishes itself, once
  if (makers.length) source.appendChild(document.createTextNode(", " + makers.join(", ")));
  if (c.source_published) source.appendChild(document.createTextNode(", " + c.source_published));
  if (c.source_url && !url) {
    source.appendChild(span(" (address not shown as a link: " + c.source_url + ")", "muted"));
  }
  var article = el("article", {cls: "claim" + (claimKept(c) ? "" : " hidden-by-filter"), "data-claim": c.claim_id},
    el("p", {}, disputes ? el("span", {cls: "stance-disputes", text: "DISPUTES (a denial)"})
                         : el("span", {cls: "badge", text: s.label}),
       " ", span((disputes ? "denied by " : "claimed by ") + c.attributed_to_name)),
    source,
    c.source_via_title ? el("p", {cls: "muted", text: "Read via: " + c.source_via_title}) : null,
    c.locator ? el("p", {text: "Where: " + c.locator}) : null,
    c.quote ? el("blockquote", {text: "“" + c.quote + "”"}) : null,
    c.terms ? el("p", {cls: "terms", text: c.terms}) : null,
    (c.start || c.end) ? el("p", {text: "Holds: " + period(c.start, c.end)}) : null,
    c.note ? el("p", {text: "Note: " + c.note}) : null,
    el("p", {cls: "muted", text: "claim " + c.claim_id + (claimKept(c) ? "" : " · hidden by your filters")}));
  if (!disputes) {
    article.querySelector(".badge").style.background = s.colour;
    article.querySelector(".badge").style.color = textColourOn(s.colour);
  }
  return article;
}
function showEdge(id) {
  var e = edgeById[id], view = views[id];
  detailsOf("line", id);
  var rel = vocab.relation_types[e.type] || {};
  var status = view ? statusById[view.status] : null;
  openDetails([
    el("h2", {}, entityButton(e.from), (rel.symmetric ? " — " : " → ") + relationLabel(e.type) +
       (rel.symmetric ? " — " : " → "), entityButton(e.to)),
    status ? el("p", {}, "Strongest claim: ", el("strong", {text: status.label}), " — " + status.definition) : null,
    view && view.disputed ? el("p", {cls: "stance-disputes", text: "Disputed by " + e.claims.filter(function (c) {
      return c.stance === "disputes"; }).map(function (c) { return c.attributed_to_name; }).join(", ")}) : null,
    el("p", {cls: "muted", text: e.claims.length + (e.claims.length === 1 ? " claim" : " claims") +
       " on this line, strongest first; each says who claims it and where we read it."})
  ].concat(e.claims.map(claimArticle)).filter(Boolean));
}
function showNode(id) {
  var e = entityById[id], t = typeById[e.type];
  detailsOf("node", id);
  var list = el("ul", {cls: "links"});
  data.edges.forEach(function (edge) {
    if (edge.from !== id && edge.to !== id) return;
    var other = edge.from === id ? edge.to : edge.from, view = views[edge.id];
    var b = el("button", {type: "button", cls: "linklike",
      text: (edge.from === id ? "→ " : "← ") + relationLabel(edge.type) + " " + entityById[other].name});
    b.addEventListener("click", function () { selectEdge(edge.id); });
    list.appendChild(el("li", {"data-edge": edge.id}, b, span(" · " + (view ? statusById[view.status].label +
      (view.disputed ? ", disputed" : "") : "hidden by your filters"), "muted")));
  });
  var made = 0;
  data.edges.forEach(function (edge) { edge.claims.forEach(function (c) { if (c.attributed_to === id) made++; }); });
  var wikidata = e.wikidata ? link("https://www.wikidata.org/wiki/" + e.wikidata, "Wikidata " + e.wikidata) : null;
  openDetails([
    el("h2", {text: e.name}),
    el("p", {}, shapeSwatch(t.shape, t.colour), " " + t.label),
    el("p", {cls: "path-ends-here"}, pathButton("How is it linked to…", id, "from"), " ",
       pathButton("…linked to this", id, "to")),
    e.aliases.length ? el("p", {text: "Also known as: " + e.aliases.join(" · ")}) : null,
    e.description ? el("p", {text: e.description}) : null,
    (e.start || e.end) ? el("p", {text: "Dates: " + period(e.start, e.end)}) : null,
    wikidata ? el("p", {}, wikidata) : null,
    el("p", {cls: "muted", text: meta.size_by + " centrality: " + e.score}),
    el("p", {}, el("strong", {text: "Lines in this page (" + list.childNodes.length + ")"})),
    list,
    made ? el("p", {cls: "muted", text: "Makes " + made + (made === 1 ? " claim" : " claims") +
              " shown in this page."}) : null
  ].filter(Boolean));
}
function select(id) {
  if (!entityById[id]) return;
  if (shownNodes.get(id)) {
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1),
                       animation: {duration: 300, easingFunction: "easeInOutQuad"}});
  } else {
    network.unselectAll();
  }
  showNode(id);
}
function selectEdge(id) {
  if (shownEdges.get(id)) network.setSelection({nodes: [], edges: [id]});
  showEdge(id);
}
network.on("dragEnd", function (params) {
  if (!params.nodes.length) return;
  var placed = network.getPositions(params.nodes);
  nodesData.update(params.nodes.map(function (id) { return {id: id, x: placed[id].x, y: placed[id].y}; }));
});
network.on("click", function (params) {
  if (params.nodes.length) showNode(params.nodes[0]);
  else if (params.edges.length) showEdge(params.edges[0]);
  else closeDetails();
});
document.getElementById("details-close").addEventListener("click", function () {
  network.unselectAll();
  closeDetails();
});
document.getElementById("fit").addEventListener("click", function () { network.fit({animation: {duration: 300}}); });

// -- search: names and aliases, any case, Cyrillic, as graphkit.graph.normalise_name -----------------
function norm(text) {
  return (text || "").normalize("NFKC").replace(/[\u2019\u2018]/g, "'").replace(/[\u2010-\u2015\u2212_]/g, "-")
    .toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();
}
// Built on the first search, not at load: on a large dataset it covers every name left out
// (hundreds of thousands), which would otherwise delay the first drawing.
var index = null;
function searchIndex() {
  if (index) return index;
  index = data.entities.map(function (e) {
    return {id: e.id, drawn: true, name: e.name, names: [e.name].concat(e.aliases, [e.id])};
  }).concat(data.left_out.map(function (row) {
    return {id: row[0], drawn: false, name: row[1], names: [row[1], row[0]].concat(row[2].split("|")),
            claimsMade: row[3] || 0};
  }));
  index.forEach(function (item) { item.keys = item.names.map(norm); });
  return index;
}
function search(text) {
  var q = norm(text);
  if (!q) return [];
  var found = [];
  searchIndex().forEach(function (item) {
    var best = -1, matched = "";
    item.keys.forEach(function (key, i) {
      var at = key.indexOf(q);
      if (at < 0) return;
      var score = key === q ? 3 : at === 0 ? 2 : 1;
      if (score > best) { best = score; matched = item.names[i]; }
    });
    if (best > 0) found.push({item: item, score: best, matched: matched});
  });
  found.sort(function (x, y) {
    return (y.score - x.score) || (y.item.drawn - x.item.drawn) || (x.item.name < y.item.name ? -1 : 1);
  });
  return found.slice(0, 12);
}
var searchBox = document.getElementById("search"), results = document.getElementById("search-results");
function choose(hit) {
  results.hidden = true;
  if (hit.item.drawn) { select(hit.item.id); return; }
  var made = hit.item.claimsMade;
  if (made) {
    openDetails([el("h2", {text: hit.item.name}), el("p", {text: "In no link: it only appears as the party " +
      "making " + fmt(made) + (made === 1 ? " claim" : " claims") + ", named in their citations. To draw it " +
      "as a lone node:"}), el("p", {}, code("graphkit render --parties -o page.html"))]);
    return;
  }
  openDetails([el("h2", {text: hit.item.name}), el("p", {text: "Not drawn in this page (left out by the node " +
    "budget or the focus). To see it and its neighbours:"}), el("p", {}, code("graphkit render --focus " +
    hit.item.id + " --hops 2 -o page.html"))]);
}
function showResults() {
  return listHits(results, searchBox, function (hit) {
    return hit.item.drawn ? (shownNodes.get(hit.item.id) ? null : span(" (hidden by your filters)", "muted"))
                          : span(hit.item.claimsMade ? " (only makes claims: not drawn)" : " (not drawn in this page)",
                                 "muted");
  }, choose);
}
searchBox.addEventListener("input", showResults);
searchKeys(searchBox, results, showResults, choose);

// A search box's hits in the list under it, as buttons; ``note`` adds a remark to each.
function listHits(list, input, note, onChoose) {
  var hits = search(input.value);
  clear(list);
  hits.forEach(function (hit) {
    var b = el("button", {type: "button"}, el("strong", {text: hit.item.name}),
      hit.matched !== hit.item.name ? span(" — " + hit.matched, "muted") : null, note(hit));
    b.addEventListener("click", function () { onChoose(hit); });
    b.addEventListener("keydown", function (ev) { moveInList(ev, list, input); });
    list.appendChild(el("li", {}, b));
  });
  if (input.value.trim() && !hits.length) list.appendChild(el("li", {cls: "muted", text: "no name or alias matches"}));
  list.hidden = !input.value.trim();
  return hits;
}
// Keys in a search box: Enter takes the first hit, Escape closes the list, the down arrow enters it.
function searchKeys(input, list, showHits, onChoose) {
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); var hits = showHits(); if (hits.length) onChoose(hits[0]); }
    else if (ev.key === "Escape") list.hidden = true;
    else if (ev.key === "ArrowDown" && !list.hidden && list.querySelector("button")) {
      ev.preventDefault();
      list.querySelector("button").focus();
    }
  });
}
// Arrow keys move through a list of hits; Escape goes back to its box.
function moveInList(ev, list, input) {
  var buttons = Array.prototype.slice.call(list.querySelectorAll("button"));
  var at = buttons.indexOf(document.activeElement);
  if (ev.key === "ArrowDown" && at < buttons.length - 1) { ev.preventDefault(); buttons[at + 1].focus(); }
  else if (ev.key === "ArrowUp") { ev.preventDefault(); (at > 0 ? buttons[at - 1] : input).focus(); }
  else if (ev.key === "Escape") { list.hidden = true; input.focus(); }
}

buildLegend();
var applyDates = dateFilter();
budgetNote();
updateCounts();
window.graphkit = {network: network, nodes: shownNodes, edges: shownEdges, data: data, counts: counts,
                   select: select, selectEdge: selectEdge, search: search, state: state, applyFilters: applyFilters,
                   fitLabels: fitLabels};
