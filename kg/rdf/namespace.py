"""IRIs of the vocabularies the graph uses, as pyoxigraph terms.

pyoxigraph terms are used throughout the write path (not rdflib) because the store is
Oxigraph and building terms there avoids a conversion per triple.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/diplomacy-kg/"
DIP_NS = BASE + "ontology#"
WD_NS = "http://www.wikidata.org/entity/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
DCTERMS_NS = "http://purl.org/dc/terms/"
PROV_NS = "http://www.w3.org/ns/prov#"

#: IRI of the graph holding the ontology when it is loaded into a store.
ONTOLOGY_GRAPH = BASE + "ontology"

#: Prefixes offered to SPARQL users (server UI, `kg query`, exports).
PREFIXES: dict[str, str] = {
    "dip": DIP_NS,
    "wd": WD_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": OWL_NS,
    "xsd": XSD_NS,
    "dcterms": DCTERMS_NS,
    "prov": PROV_NS,
    "kge": BASE + "entity/",
    "kga": BASE + "article/",
}


def sparql_prefixes() -> str:
    """The PREFIX block for the prefixes above, to prepend to saved queries."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


class _Namespace:
    """Attribute access to terms of one namespace: ``DIP.Article``."""

    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self._base + name)

    def term(self, name: str) -> NamedNode:
        return NamedNode(self._base + name)


DIP = _Namespace(DIP_NS)
RDF = _Namespace(RDF_NS)
RDFS = _Namespace(RDFS_NS)
OWL = _Namespace(OWL_NS)
XSD = _Namespace(XSD_NS)
DCTERMS = _Namespace(DCTERMS_NS)
PROV = _Namespace(PROV_NS)
RDF_TYPE = RDF.type
