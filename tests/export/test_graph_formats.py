"""Every visualiser format, read back with a reader that is not ours.

GraphML and GEXF go through networkx's readers (what Gephi-like tools parse), Cytoscape JSON
through jsonschema and the shipped schema, DOT through Debian's Graphviz ``dot -Tsvg``.
Counts and attributes are compared with SPARQL on the same store (tests/export/expected.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import export, exporter_for_path, exporters
from kg.export.graph import CYTOSCAPE_SCHEMA
from kg.export.graph_model import build_graph
from kg.rdf.store import KGStore
from tests.export import expected
from tests.export.conftest import TRICKY

UN = "https://w3id.org/diplomacy-kg/entity/Q1065"
HANS = "https://w3id.org/diplomacy-kg/entity/person/hans"


def _write(store, tmp_path: Path, fmt: str, name: str | None = None, **options) -> Path:
    path = tmp_path / (name or f"graph.{fmt}")
    with open(path, "wb") as out:
        export(store, out, fmt, **options)
    return path


def _edge_map(graph) -> dict[tuple[str, str, str], tuple[int, set[str]]]:
    return {(u, v, d["relation"]): (int(d["weight"]), set(d["evidence"].split())) for u, v, d in graph.edges(data=True)}


def test_formats_are_registered_with_extensions():
    names = set(exporters())
    assert {"graphml", "gexf", "cytoscape", "dot", "html"} <= names
    assert exporter_for_path("x.graphml").name == "graphml"
    assert exporter_for_path("x.cy.json").name == "cytoscape"
    assert exporter_for_path("x.gv").name == "dot"


@pytest.mark.parametrize("options, article_filter", [({}, ""), ({"since": "2026-01-01"}, expected.since("2026-01-01"))])
def test_graphml_reads_back(graph_store, tmp_path, options, article_filter):
    path = _write(graph_store, tmp_path, "graphml", **options)
    graph = nx.read_graphml(path, force_multigraph=True)
    nodes, edges = expected.actor_graph(graph_store, article_filter)
    assert set(graph.nodes) == nodes
    assert _edge_map(graph) == {k: (len(v), v) for k, v in edges.items()}
    if options:
        assert UN not in graph  # only in the 2025 article
    else:
        un = graph.nodes[UN]
        assert (un["label_en"], un["label_ar"], un["type"], un["qid"]) == ("United Nations", "الأمم المتحدة", "ORG", "Q1065")
        assert graph.nodes[HANS]["label"] == TRICKY
    # Typed key declarations, not everything as strings: yEd and Gephi pick the types up.
    root = ET.parse(path).getroot()
    key_elements = [k for k in root if k.tag.endswith("key")]
    keys = {k.get("attr.name"): k.get("attr.type") for k in key_elements}
    assert keys["weight"] in ("int", "long") and keys["directed"] == "boolean" and keys["label"] == "string"
    ids = [k.get("id") for k in key_elements]
    assert len(ids) == len(set(ids))  # GraphML ids are document-wide
    directed_id = next(k.get("id") for k in key_elements if k.get("attr.name") == "directed")
    assert {d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")
            if d.get("key") == directed_id} <= {"true", "false"}
    # yEd graphics: every node has a ShapeNode with its label and colour.
    y = "{http://www.yworks.com/xml/graphml}"
    shapes = list(root.iter(f"{y}ShapeNode"))
    assert len(shapes) == len(nodes)
    assert all(s.find(f"{y}NodeLabel").text and s.find(f"{y}Fill").get("color").startswith("#") for s in shapes)


def test_gexf_is_dynamic_with_colours(graph_store, tmp_path):
    path = _write(graph_store, tmp_path, "gexf")
    root = ET.parse(path).getroot()
    g = root.find("{http://www.gexf.net/1.2draft}graph")
    assert (g.get("mode"), g.get("timeformat")) == ("dynamic", "date")
    graph = nx.read_gexf(path, relabel=False)
    nodes, edges = expected.actor_graph(graph_store)
    assert set(graph.nodes) == nodes
    assert graph.number_of_edges() == len(edges)
    assert _edge_map(graph) == {k: (len(v), v) for k, v in edges.items()}
    un = graph.nodes[UN]
    assert (un["start"], un["end"]) == ("2025-12-10", "2025-12-10")
    assert un["viz"]["color"] == {"r": 0x59, "g": 0xA1, "b": 0x4F, "a": 1.0}
    assert un["label_ar"] == "الأمم المتحدة"
    # The undated article's nodes have no span: Gephi shows them all the time.
    assert "start" not in graph.nodes["https://w3id.org/diplomacy-kg/entity/Q79"]


@pytest.mark.parametrize("nodes_mode", ["actors", "events", "all"])
def test_cytoscape_json_matches_schema_and_store(graph_store, tmp_path, nodes_mode):
    path = _write(graph_store, tmp_path, "cytoscape", nodes=nodes_mode)
    doc = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(CYTOSCAPE_SCHEMA.read_text(encoding="utf-8")))
    node_ids = [n["data"]["id"] for n in doc["elements"]["nodes"]]
    edge_ids = [e["data"]["id"] for e in doc["elements"]["edges"]]
    assert len(set(node_ids)) == len(node_ids) and len(set(edge_ids)) == len(edge_ids)
    assert all(e["data"]["source"] in node_ids and e["data"]["target"] in node_ids for e in doc["elements"]["edges"])
    if nodes_mode == "actors":
        nodes, edges = expected.actor_graph(graph_store)
        assert set(node_ids) == nodes
        got = {(e["data"]["source"], e["data"]["target"], e["data"]["relation"]): set(e["data"]["evidence"])
               for e in doc["elements"]["edges"]}
        assert got == edges


def test_cytoscape_entity_type_filter(graph_store, tmp_path):
    path = _write(graph_store, tmp_path, "cytoscape", entity_types=["PER"])
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert {n["data"]["type"] for n in doc["elements"]["nodes"]} == {"PER"}
    assert len(doc["elements"]["nodes"]) == len(expected.actor_graph(graph_store, types=("PER",))[0])


@pytest.fixture(scope="module")
def dot_binary() -> str:
    binary = shutil.which("dot")
    if binary is None:
        pytest.skip("Graphviz is not installed (apt-get install graphviz, or `make system-deps`)")
    return binary


@pytest.mark.parametrize("nodes_mode", ["actors", "events"])
def test_dot_renders_with_graphviz(graph_store, tmp_path, dot_binary, nodes_mode):
    path = _write(graph_store, tmp_path, "dot", nodes=nodes_mode)
    run = subprocess.run([dot_binary, "-Tsvg", str(path)], capture_output=True, timeout=60)
    assert run.returncode == 0, run.stderr.decode()
    assert b"Warning" not in run.stderr and b"Error" not in run.stderr, run.stderr.decode()
    svg = run.stdout.decode("utf-8")
    graph = build_graph(graph_store, nodes=nodes_mode)
    assert len(re.findall(r'<g id="node\d+" class="node"', svg)) == graph.number_of_nodes()
    assert len(re.findall(r'<g id="edge\d+" class="edge"', svg)) == graph.number_of_edges()
    if nodes_mode == "actors":
        assert graph.number_of_edges() == len(expected.actor_graph(graph_store)[1])
    assert "الأمم المتحدة" in svg
    # The tricky label survives as text: quotes, a literal backslash-N, markup escaped by the SVG writer.
    assert "Hans &quot;the envoy&quot; \\N &lt;b&gt;Grund&lt;/b&gt;&lt;/script&gt;" in svg or \
        'Hans "the envoy" \\N &lt;b&gt;Grund&lt;/b&gt;&lt;/script&gt;' in svg


def test_cli_export_graph_formats(graph_store_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "g.graphml"
    result = runner.invoke(main, ["export", "-s", str(graph_store_dir), "-o", str(out),
                                  "--entity-type", "LOC", "--since", "2026-01-01", "--nodes", "actors"])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out, force_multigraph=True)
    with KGStore(graph_store_dir, read_only=True) as store:
        nodes, _ = expected.actor_graph(store, expected.since("2026-01-01"), ("LOC",))
    assert set(graph.nodes) == nodes
    page = tmp_path / "g.html"
    result = runner.invoke(main, ["export", "-s", str(graph_store_dir), "-o", str(page), "--nodes", "events"])
    assert result.exit_code == 0 and 'id="kg-graph"' in page.read_text(encoding="utf-8")
    bad = runner.invoke(main, ["export", "-s", str(graph_store_dir), "-f", "gexf", "--since", "soon"])
    assert bad.exit_code == 1 and "KG701" in bad.output
    rdf = runner.invoke(main, ["export", "-s", str(graph_store_dir), "-f", "turtle", "--nodes", "events"])
    assert rdf.exit_code == 2
