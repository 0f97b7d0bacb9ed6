"""A single offline HTML page that draws the graph with cytoscape.js.

The page carries everything it needs: cytoscape.js (MIT, from npm) is inlined, the graph
is embedded as JSON, and a Content-Security-Policy forbids every network fetch, so the file
opens the same from a laptop without internet as from the server's ``/graph`` route.

cytoscape.js is not copied into the repository: ``npm ci`` puts it in ``node_modules``;
a wheel carries a copy in ``kg/export/vendor/`` (packed at build time).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import FormatError
from kg.export.graph_model import RELATION_COLOURS, TYPE_COLOURS, GraphOptions, build_graph

_HERE = Path(__file__).resolve().parent
_JS_NAME = "cytoscape.min.js"


def _candidates() -> list[Path]:
    """Places cytoscape.min.js may be, most specific first."""
    return [
        _HERE / "vendor" / _JS_NAME,  # packed into the wheel
        _HERE.parent.parent / "node_modules" / "cytoscape" / "dist" / _JS_NAME,  # checkout + `npm ci`
        Path.cwd() / "node_modules" / "cytoscape" / "dist" / _JS_NAME,
    ]


def cytoscape_js_path() -> Path:
    """Where cytoscape.min.js is: the wheel's vendor copy, else ``node_modules`` of the checkout."""
    for path in _candidates():
        if path.is_file():
            return path
    raise FormatError(
        "the html export inlines cytoscape.js, which is not installed: run `npm ci` in the "
        "diplomacy-kg checkout (it fetches node_modules/cytoscape), or pick another format "
        "such as graphml or cytoscape"
    )


def _script_json(data: object) -> str:
    """JSON safe inside <script>: every ``<`` escaped, so no ``</script>`` can end the block."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def render_graph_html(store, *, title: str = "diplomacy-kg graph", triples: Iterable[ox.Triple] | None = None,
                      **options: object) -> str:
    """The viewer page for ``store`` under the graph ``options`` (nodes, since, until, ...).

    Used by ``kg export --format html`` and by the server's ``/graph`` route, which passes
    ``construct=`` from its query string, or ``triples=`` when it ran the CONSTRUCT itself in
    a killable worker. ``store`` is a KGStore or a bare pyoxigraph Store. Raises
    :class:`FormatError` when cytoscape.js is missing and
    :class:`~kg.errors.ConfigError`/:class:`~kg.errors.QueryError` on bad options.
    """
    from kg.export.graph import cytoscape_elements

    js = cytoscape_js_path().read_text(encoding="utf-8")
    opts = GraphOptions.parse(**options)
    graph = build_graph(store, opts, triples=triples)
    payload = cytoscape_elements(graph)
    legend = {t: c for t, c in TYPE_COLOURS.items() if any(d.get("type") == t for _, d in graph.nodes(data=True))}
    drawn = {d.get("relation") for *_, d in graph.edges(data=True)}
    settings = {"legend": legend, "relations": {r: c for r, c in RELATION_COLOURS.items() if r in drawn}}
    summary = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges ({opts.nodes})"
    return (
        _TEMPLATE.replace("%%TITLE%%", html.escape(title))
        .replace("%%SUMMARY%%", html.escape(summary))
        .replace("%%SETTINGS%%", _script_json(settings))
        .replace("%%GRAPH%%", _script_json(payload))
        .replace("%%CYTOSCAPE%%", js.replace("</script", "<\\/script"))
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="diplomacy-kg">
<title>%%TITLE%%</title>
<style>
  html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, "DejaVu Sans", "Noto Sans Arabic", sans-serif; color: #222; }
  body { display: grid; grid-template-columns: 1fr 340px; grid-template-rows: auto 1fr; }
  header { grid-column: 1 / 3; display: flex; gap: .8em; align-items: center; padding: .4em .8em;
           border-bottom: 1px solid #ddd; background: #fafafa; flex-wrap: wrap; }
  header h1 { font-size: 1em; margin: 0; }
  header .summary { color: #666; }
  #cy { min-height: 300px; }
  aside { border-left: 1px solid #ddd; padding: .6em .9em; overflow-y: auto; }
  .legend span { display: inline-flex; align-items: center; gap: .25em; margin-right: .6em; }
  .legend i { width: .9em; height: .9em; border-radius: 50%; display: inline-block; }
  .legend b { width: 1.4em; height: 0; border-top: 3px solid; display: inline-block; }
  .legend b.dashed { border-top-style: dashed; }
  .facts dt { font-weight: 600; margin-top: .4em; }
  .facts dd { margin: 0 0 0 .2em; }
  .rel { margin: .6em 0; padding-top: .4em; border-top: 1px solid #eee; }
  blockquote { margin: .3em 0; padding: .2em .5em; border-inline-start: 3px solid #ccc; background: #f7f7f7; }
  .muted { color: #777; font-size: .9em; }
  input[type=search] { min-width: 14em; }
</style>
</head>
<body>
<header>
  <h1>%%TITLE%%</h1>
  <span class="summary" id="summary">%%SUMMARY%%</span>
  <input type="search" id="search" placeholder="find a name / ابحث عن اسم" dir="auto">
  <label>labels <select id="lang"><option value="label">auto</option><option value="label_en">English</option>
    <option value="label_ar">العربية</option></select></label>
  <button id="fit" type="button">fit</button>
  <button id="relayout" type="button">re-layout</button>
  <label><input type="checkbox" id="isolated"> hide unlinked</label>
  <span class="legend" id="legend"></span>
</header>
<div id="cy" role="img" aria-label="graph of diplomatic actors and relations"></div>
<aside id="panel"><p class="muted">Click a node or an edge to see its facts and the sentences they were read from.
Drag to pan, scroll to zoom.</p></aside>
<script id="kg-settings" type="application/json">%%SETTINGS%%</script>
<script id="kg-graph" type="application/json">%%GRAPH%%</script>
<script>%%CYTOSCAPE%%</script>
<script>
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("kg-settings").textContent);
  var graph = JSON.parse(document.getElementById("kg-graph").textContent);
  var panel = document.getElementById("panel");

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  var legend = document.getElementById("legend");
  Object.keys(settings.legend).forEach(function (t) {
    var s = el("span"); var dot = el("i"); dot.style.background = settings.legend[t];
    s.appendChild(dot); s.appendChild(document.createTextNode(t)); legend.appendChild(s);
  });
  Object.keys(settings.relations).forEach(function (r) {
    var s = el("span"), line = el("b", r === "meets" ? { "class": "dashed" } : {});
    line.style.borderColor = settings.relations[r];
    s.appendChild(line); s.appendChild(document.createTextNode(r)); legend.appendChild(s);
  });

  // Force-directed layout (cose) costs O(n^2) per iteration: fine for a few hundred nodes,
  // minutes for thousands. Bigger graphs get fewer iterations, and past 1500 nodes a
  // concentric layout (hubs in the middle), so the page opens in seconds whatever the size.
  var n = graph.elements.nodes.length, big = n > 1500;
  var layout = big
    ? { name: "concentric", animate: false, padding: 30, minNodeSpacing: 6,
        concentric: function (node) { return node.degree(false); }, levelWidth: function () { return 2; } }
    : { name: "cose", animate: false, randomize: true, padding: 30, numIter: n > 400 ? 300 : 2000,
        nodeRepulsion: function () { return 400000; }, nodeOverlap: 12,
        idealEdgeLength: function () { return 110; }, edgeElasticity: function () { return 100; },
        gravity: 60, componentSpacing: 80, nestingFactor: 1.2 };
  function fit() {
    var shown = cy.elements(":visible");
    cy.fit(shown, 30);
    if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(shown); }
  }
  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: graph.elements,
    textureOnViewport: big, hideEdgesOnViewport: big,
    style: [
      { selector: "node", style: {
          "background-color": "data(color)", "label": "data(label)", "font-size": 11,
          "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 160,
          "width": "mapData(articles, 0, 10, 18, 48)", "height": "mapData(articles, 0, 10, 18, 48)",
          "border-width": 1, "border-color": "#555" } },
      { selector: "node[kind = 'event']", style: { "shape": "diamond" } },
      { selector: "node[type = 'ORG']", style: { "shape": "round-rectangle" } },
      { selector: "node[type = 'LOC']", style: { "shape": "hexagon" } },
      { selector: "edge", style: {
          "width": "mapData(weight, 1, 10, 1.5, 8)", "line-color": "data(color)",
          "target-arrow-color": "data(color)", "target-arrow-shape": "triangle", "curve-style": "bezier",
          "label": "data(label)", "font-size": 8, "color": "#555", "text-rotation": "autorotate",
          "min-zoomed-font-size": 9, "opacity": 0.85,
          "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1 } },
      { selector: "edge[!directed]", style: { "target-arrow-shape": "none", "line-style": "dashed" } },
      { selector: ".faded", style: { "opacity": 0.12 } },
      { selector: ":selected", style: { "border-width": 4, "border-color": "#000", "line-color": "#000" } }
    ].concat(big ? [
      // Straight "haystack" edges without labels or arrows draw several times faster.
      { selector: "edge", style: { "curve-style": "haystack", "label": "", "target-arrow-shape": "none" } },
      { selector: "node", style: { "min-zoomed-font-size": 10 } }
    ] : []),
    layout: { name: "preset" }
  });
  window.cy = cy;
  var summary = document.getElementById("summary"), summaryText = summary.textContent;
  function runLayout() {
    summary.textContent = summaryText + " — laying out…";
    // Let the page paint first: the layout below blocks until it is done.
    setTimeout(function () {
      cy.layout(layout).run();
      fit();
      summary.textContent = summaryText;
      document.body.setAttribute("data-ready", "1");
    }, 0);
  }
  runLayout();

  function show(title, facts, rels) {
    panel.textContent = "";
    panel.appendChild(el("h2", { dir: "auto" }, title));
    var dl = el("dl", { "class": "facts" });
    facts.forEach(function (f) {
      if (f[1] === undefined || f[1] === null || f[1] === "") { return; }
      dl.appendChild(el("dt", {}, f[0]));
      var dd = el("dd", { dir: "auto" });
      if (f[2]) { dd.appendChild(el("a", { href: f[2], target: "_blank", rel: "noopener" }, f[1])); }
      else { dd.textContent = String(f[1]); }
      dl.appendChild(dd);
    });
    panel.appendChild(dl);
    rels.forEach(function (r) { panel.appendChild(r); });
  }

  function nodeLabel(n) { return n.data("label") || n.id(); }

  function relationBlock(edge) {
    var d = edge.data(), box = el("div", { "class": "rel" });
    var arrow = d.directed ? " → " : " — ";
    box.appendChild(el("div", { dir: "auto" },
      nodeLabel(edge.source()) + arrow + d.label + arrow + nodeLabel(edge.target())));
    box.appendChild(el("div", { "class": "muted" }, d.weight + (d.weight === 1 ? " article" : " articles") +
      (d.first_seen ? ", " + d.first_seen + (d.last_seen !== d.first_seen ? " – " + d.last_seen : "") : "")));
    (d.sentences || []).forEach(function (s) { box.appendChild(el("blockquote", { dir: "auto" }, s)); });
    (d.evidence || []).forEach(function (a) { box.appendChild(el("div", { "class": "muted" }, a)); });
    return box;
  }

  cy.on("tap", "node", function (evt) {
    var n = evt.target, d = n.data();
    var rank = ["mediates between", "envoy of", "meets", "participated in", "held at", "met at"];
    function order(e) { var i = rank.indexOf(e.data("relation")); return i < 0 ? rank.length : i; }
    var rels = n.connectedEdges().sort(function (a, b) {
        return (b.data("weight") - a.data("weight")) || (order(a) - order(b)); })
      .map(function (e) { return relationBlock(e); });
    show(nodeLabel(n), [
      ["English", d.label_en], ["العربية", d.label_ar],
      ["type", d.type + (d.subtype ? " / " + d.subtype : "")],
      ["Wikidata", d.qid, d.qid ? "https://www.wikidata.org/wiki/" + d.qid : null],
      ["office", d.office], ["status", d.status], ["date", d.date], ["CAMEO", d.cameo], ["PLOVER", d.plover],
      ["trigger", d.trigger], ["sentence", d.sentence], ["title", d.title],
      ["articles", d.articles], ["first seen", d.first_seen], ["last seen", d.last_seen], ["IRI", d.iri || d.id]
    ], rels);
    cy.elements().addClass("faded"); n.closedNeighborhood().removeClass("faded");
  });
  cy.on("tap", "edge", function (evt) {
    var e = evt.target;
    show(nodeLabel(e.source()) + " → " + nodeLabel(e.target()), [["relation", e.data("label")]], [relationBlock(e)]);
    cy.elements().addClass("faded"); e.connectedNodes().union(e).removeClass("faded");
  });
  cy.on("tap", function (evt) { if (evt.target === cy) { cy.elements().removeClass("faded"); } });

  document.getElementById("search").addEventListener("input", function (evt) {
    var q = evt.target.value.trim().toLowerCase();
    cy.elements().removeClass("faded");
    if (!q) { return; }
    var hits = cy.nodes().filter(function (n) {
      return [n.data("label"), n.data("label_en"), n.data("label_ar"), n.data("qid")].some(function (v) {
        return v && String(v).toLowerCase().indexOf(q) >= 0; });
    });
    cy.elements().addClass("faded"); hits.closedNeighborhood().removeClass("faded");
  });
  document.getElementById("lang").addEventListener("change", function (evt) {
    var key = evt.target.value;
    cy.style().selector("node").style("label", function (n) { return n.data(key) || n.data("label"); }).update();
  });
  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("isolated").addEventListener("change", function (evt) {
    cy.nodes().filter(function (n) { return n.degree(false) === 0; }).style("display", evt.target.checked ? "none" : "element");
    fit();
  });
  document.getElementById("relayout").addEventListener("click", runLayout);
})();
</script>
</body>
</html>
"""
