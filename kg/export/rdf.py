"""RDF serialisations of the store, written by pyoxigraph's native writers."""

from __future__ import annotations

from typing import BinaryIO

from kg.export import register_exporter

_RDF = (
    ("nquads", (".nq", ".nquads"), "application/n-quads", "N-Quads: every article graph kept"),
    ("trig", (".trig",), "application/trig", "TriG: every article graph kept, readable"),
    ("jsonld", (".jsonld",), "application/ld+json", "JSON-LD dataset"),
    ("turtle", (".ttl",), "text/turtle", "Turtle: union of all graphs"),
    ("ntriples", (".nt",), "application/n-triples", "N-Triples: union of all graphs"),
    ("rdfxml", (".rdf", ".owl"), "application/rdf+xml", "RDF/XML: union of all graphs"),
)


def _make(fmt: str):
    def write(store, out: BinaryIO, graph: str | None = None, **_options) -> None:
        store.export(out, fmt, graph=graph)

    return write


for _name, _exts, _media, _desc in _RDF:
    register_exporter(_name, _exts, _media, _desc, options=("graph",))(_make(_name))
