"""Visualiser formats: GraphML, GEXF, Cytoscape.js JSON, Graphviz DOT and an HTML viewer.

All five draw the graph of :func:`kg.export.graph_model.build_graph`; this module only
translates it. Lists (article IRIs, evidence sentences) stay lists where the format has
them (Cytoscape JSON, HTML) and are joined into one string where it does not (GraphML,
GEXF, DOT): article IRIs with spaces (IRIs never contain one), sentences with newlines.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from kg.export import register_exporter
from kg.export.graph_html import render_graph_html
from kg.export.graph_model import GRAPH_OPTIONS, GraphOptions, build_graph

#: JSON Schema of the Cytoscape.js export (shipped, so users can validate what they load).
CYTOSCAPE_SCHEMA = Path(__file__).resolve().parent / "schemas" / "cytoscape-elements.schema.json"

#: How list attributes are joined for formats without lists.
_JOINERS = {"evidence": " ", "events": " ", "sentences": "\n"}

#: Graphviz shape per node type, so types differ in print (black and white) too.
_DOT_SHAPES = {"PER": "ellipse", "ORG": "box", "LOC": "house", "Article": "note"}


def _flat(graph: nx.MultiDiGraph, *, dynamic: bool = False) -> nx.MultiDiGraph:
    """A copy with scalar attributes only and unique edge ids (``e0``, ``e1``, ...).

    GraphML and GEXF want one id per edge in the whole file; the model's keys (the
    relation) repeat across node pairs, so the writers number the edges instead.
    """
    flat = nx.MultiDiGraph(name=graph.graph.get("name", "diplomacy-kg"))
    for node, data in graph.nodes(data=True):
        attrs = _scalars(data)
        if dynamic:
            _to_gexf(attrs, node_size=10.0 + 4.0 * math.sqrt(graph.degree(node)))
        flat.add_node(node, **attrs)
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        attrs = _scalars(data)
        if dynamic:
            _to_gexf(attrs)
            attrs["id"] = f"e{i}"
        flat.add_edge(u, v, key=f"e{i}", **attrs)
    return flat


def _scalars(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set):
            value = _JOINERS.get(key, " ").join(str(v) for v in value)
        out[key] = value
    return out


def _rgb(colour: str) -> dict[str, int | float]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def _to_gexf(attrs: dict, node_size: float | None = None) -> None:
    """GEXF specifics: time span from the article dates, colour and size as viz data."""
    if "first_seen" in attrs:
        attrs["start"] = attrs["first_seen"]
        attrs["end"] = attrs["last_seen"]
    viz: dict = {"color": _rgb(attrs["color"])}
    if node_size is not None:
        viz["size"] = round(node_size, 2)
    else:
        viz["thickness"] = float(attrs.get("weight", 1))
    attrs["viz"] = viz


# -- writers -------------------------------------------------------------------------------


_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_YED_NS = "http://www.yworks.com/xml/graphml"
_YED_SHAPES = {"PER": "ellipse", "ORG": "roundrectangle", "LOC": "hexagon"}


def write_graphml(graph: nx.MultiDiGraph, out: BinaryIO) -> None:
    """GraphML with typed <key> declarations (string, int, boolean), read by yEd and Gephi.

    Nodes and edges also carry yEd's own graphics (label, fill colour, shape, line colour,
    arrow), so yEd shows a readable graph at once instead of blank boxes; other readers
    skip those ``yfiles.type`` keys.
    """
    buf = io.BytesIO()
    nx.write_graphml(_flat(graph), buf, encoding="utf-8", prettyprint=False)
    out.write(_with_yed_graphics(buf.getvalue(), graph))


def _with_yed_graphics(xml: bytes, graph: nx.MultiDiGraph) -> bytes:
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _GRAPHML_NS)
    ET.register_namespace("y", _YED_NS)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(xml)
    g, y = f"{{{_GRAPHML_NS}}}", f"{{{_YED_NS}}}"
    graph_el = root.find(f"{g}graph")
    position = list(root).index(graph_el)
    root.insert(position, ET.Element(f"{g}key", {"for": "node", "id": "yed_node", "yfiles.type": "nodegraphics"}))
    root.insert(position + 1, ET.Element(f"{g}key", {"for": "edge", "id": "yed_edge", "yfiles.type": "edgegraphics"}))
    # XML Schema booleans are lower case; networkx writes Python's "True"/"False".
    booleans = {k.get("id") for k in root.findall(f"{g}key") if k.get("attr.type") == "boolean"}
    for data_el in graph_el.iter(f"{g}data"):
        if data_el.get("key") in booleans and data_el.text:
            data_el.text = data_el.text.lower()
    for node_el in graph_el.iter(f"{g}node"):
        data = graph.nodes[node_el.get("id")]
        shape = _YED_SHAPES.get(data.get("type", ""), "diamond" if data.get("kind") == "event" else "rectangle")
        holder = ET.SubElement(node_el, f"{g}data", {"key": "yed_node"})
        shape_node = ET.SubElement(holder, f"{y}ShapeNode")
        ET.SubElement(shape_node, f"{y}Geometry", {"width": "30.0", "height": "30.0"})
        ET.SubElement(shape_node, f"{y}Fill", {"color": data.get("color", "#cccccc"), "transparent": "false"})
        ET.SubElement(shape_node, f"{y}NodeLabel", {"modelName": "sides", "modelPosition": "s"}).text = \
            data.get("label", "")
        ET.SubElement(shape_node, f"{y}Shape", {"type": shape})
    for edge_el, (_, _, data) in zip(graph_el.iter(f"{g}edge"), graph.edges(data=True), strict=True):
        holder = ET.SubElement(edge_el, f"{g}data", {"key": "yed_edge"})
        line = ET.SubElement(holder, f"{y}PolyLineEdge")
        width = f"{1 + math.log2(data['weight']):.1f}"
        ET.SubElement(line, f"{y}LineStyle", {"color": data.get("color", "#888888"), "type":
                      "line" if data.get("directed", True) else "dashed", "width": width})
        ET.SubElement(line, f"{y}Arrows", {"source": "none",
                                           "target": "standard" if data.get("directed", True) else "none"})
        ET.SubElement(line, f"{y}EdgeLabel").text = data.get("label", "")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_gexf(graph: nx.MultiDiGraph, out: BinaryIO) -> None:
    """GEXF 1.2 in dynamic mode (timeformat date), so Gephi's timeline replays the articles."""
    flat = _flat(graph, dynamic=True)
    flat.graph["mode"] = "dynamic"
    nx.write_gexf(flat, out, encoding="utf-8", prettyprint=True, version="1.2draft")


def cytoscape_elements(graph: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements JSON: ``{"data": {...}, "elements": {"nodes": [...], "edges": [...]}}``."""
    nodes = [{"data": {"id": node, **data}} for node, data in graph.nodes(data=True)]
    edges = [
        {"data": {"id": f"e{i}", "source": u, "target": v, **data}}
        for i, (u, v, data) in enumerate(graph.edges(data=True))
    ]
    return {
        "format_version": "1.0",
        "generated_by": "diplomacy-kg",
        "data": {"name": graph.graph.get("name", "diplomacy-kg"), "nodes_mode": graph.graph.get("nodes", "")},
        "elements": {"nodes": nodes, "edges": edges},
    }


def write_cytoscape(graph: nx.MultiDiGraph, out: BinaryIO) -> None:
    text = json.dumps(cytoscape_elements(graph), ensure_ascii=False, indent=1)
    out.write(text.encode("utf-8"))


def dot_quote(text: object) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as ``\\n``.

    Doubling backslashes also keeps Graphviz from reading ``\\N``/``\\G``/``\\l`` in a label as
    its own escapes; carriage returns are dropped.
    """
    s = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{s}"'


def write_dot(graph: nx.MultiDiGraph, out: BinaryIO) -> None:
    """Graphviz DOT (UTF-8) for ``dot``/``neato``/``sfdp``; extra attributes are kept as data."""
    w = io.StringIO()
    w.write(f"digraph {dot_quote(graph.graph.get('name', 'diplomacy-kg'))} {{\n")
    w.write('  graph [charset="UTF-8", overlap=false, splines=true, fontname="DejaVu Sans"];\n')
    w.write('  node [style=filled, fontname="DejaVu Sans", fontsize=11];\n')
    w.write('  edge [fontname="DejaVu Sans", fontsize=8];\n')
    for node, data in graph.nodes(data=True):
        attrs = {
            "label": data.get("label", node),
            "fillcolor": data.get("color", "#cccccc"),
            "shape": _DOT_SHAPES.get(data.get("type", ""), "diamond" if data.get("kind") == "event" else "ellipse"),
            "tooltip": " / ".join(x for x in (data.get("label_en"), data.get("label_ar")) if x) or node,
            "type": data.get("type", ""),
        }
        for key in ("label_en", "label_ar", "qid", "first_seen", "last_seen"):
            if data.get(key):
                attrs[key] = data[key]
        if data.get("qid"):
            attrs["URL"] = f"https://www.wikidata.org/wiki/{data['qid']}"
        w.write(f"  {dot_quote(node)} [{_dot_attrs(attrs)}];\n")
    for u, v, data in graph.edges(data=True):
        attrs = {
            "label": data["label"],
            "color": data.get("color", "#888888"),
            "penwidth": round(1 + math.log2(data["weight"]), 2),
            "weight": data["weight"],
            "evidence": " ".join(data.get("evidence", [])),
            "tooltip": "\n".join(data.get("sentences", [])) or data["label"],
        }
        if not data.get("directed", True):
            attrs["dir"] = "none"
        w.write(f"  {dot_quote(u)} -> {dot_quote(v)} [{_dot_attrs(attrs)}];\n")
    w.write("}\n")
    out.write(w.getvalue().encode("utf-8"))


def _dot_attrs(attrs: dict) -> str:
    return ", ".join(f"{k}={dot_quote(v)}" for k, v in attrs.items())


# -- registry ------------------------------------------------------------------------------


def _exporter(writer):
    def write(store, out: BinaryIO, **options) -> None:
        writer(build_graph(store, GraphOptions.parse(**options)), out)

    write.__doc__ = writer.__doc__
    return write


register_exporter("graphml", (".graphml",), "application/graphml+xml",
                  "GraphML for yEd, Gephi, Cytoscape desktop", options=GRAPH_OPTIONS)(_exporter(write_graphml))
register_exporter("gexf", (".gexf",), "application/gexf+xml",
                  "GEXF 1.2 (dynamic: article dates drive Gephi's timeline)", options=GRAPH_OPTIONS)(_exporter(write_gexf))
register_exporter("cytoscape", (".cyjs", ".cy.json"), "application/json",
                  "Cytoscape.js elements JSON", options=GRAPH_OPTIONS)(_exporter(write_cytoscape))
register_exporter("dot", (".dot", ".gv"), "text/vnd.graphviz",
                  "Graphviz DOT", options=GRAPH_OPTIONS)(_exporter(write_dot))


@register_exporter("html", (".html", ".htm"), "text/html",
                   "one offline HTML page with an interactive graph", options=GRAPH_OPTIONS)
def write_html(store, out: BinaryIO, **options) -> None:
    """The interactive viewer page; cytoscape.js is inlined, so the file works offline."""
    out.write(render_graph_html(store, **options).encode("utf-8"))
