"""SHACL validation of article graphs against ``ontology/shapes.ttl`` (pyshacl).

Each article graph is validated on its own (pyshacl validates every named graph of a
dataset separately), because each graph must be well-formed by itself: it is what a user
gets when they ask "what did we read in this article?".
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from kg.rdf.store import META_GRAPH, KGStore
from kg.resources import resource_path


def ontology_path(name: str = "diplomacy.ttl") -> Path:
    """Path of a file of the shipped ontology (works from a checkout and an installed wheel)."""
    return resource_path("ontology", name)


@dataclass
class ValidationReport:
    conforms: bool
    graphs: int
    violations: int
    text: str


def validate_store(store: KGStore, *, graph: str | None = None) -> ValidationReport:
    """Validate every article graph (or one graph) of ``store``."""
    import pyoxigraph as ox
    import rdflib
    from pyshacl import validate

    buf = io.BytesIO()
    quads = (
        q for q in store.oxigraph
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == META_GRAPH)
        and (graph is None or (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == graph))
    )
    ox.serialize(quads, buf, ox.RdfFormat.N_QUADS)
    data = rdflib.Dataset()
    data.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    graphs = sum(1 for g in data.graphs() if g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"))
    ontology = rdflib.Graph().parse(ontology_path("diplomacy.ttl"))
    conforms, results_graph, text = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = sum(1 for _ in results_graph.subjects(rdflib.RDF.type, sh.ValidationResult))
    return ValidationReport(bool(conforms), graphs, violations, text)
