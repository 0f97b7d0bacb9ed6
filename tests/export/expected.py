"""The actor graph the exports should contain, recomputed with plain SPARQL on the store.

Deliberately written apart from kg.export.graph_model (GRAPH patterns instead of
dip:inArticle, one query per relation), so a mistake in the model does not repeat here.
"""

from __future__ import annotations

from collections import defaultdict

PREFIXES = """PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

_TYPES = {"PER": "dip:Person", "ORG": "dip:Organization", "LOC": "dip:Location"}

_RELATIONS = {
    "mediates between": "GRAPH ?g { ?ev dip:mediator ?u ; dip:party ?v } FILTER(?u != ?v)",
    "met at": ("GRAPH ?g { ?ev ?r ?u ; dip:venue ?v } "
               "VALUES ?r { dip:mediator dip:party dip:participant } FILTER(?u != ?v)"),
    "meets": "GRAPH ?g { ?ev dip:participant ?u , ?v } FILTER(STR(?u) < STR(?v))",
    "envoy of": "GRAPH ?g { ?u dip:envoyOf ?v }",
}


def since(date: str) -> str:
    """Article filter: dated on or after ``date``."""
    return f'?g dcterms:date ?d FILTER(?d >= "{date}"^^xsd:date)'


def source(text: str) -> str:
    """Article filter: URL or file containing ``text``."""
    return ("{ ?g dcterms:source ?src } UNION { ?g dip:sourceFile ?src } "
            f'FILTER(CONTAINS(LCASE(STR(?src)), LCASE("{text}")))')


def actor_graph(store, article_filter: str = "", types: tuple[str, ...] = ("PER", "ORG", "LOC")):
    """(nodes, edges): entity IRIs, and {(u, v, relation): set of article IRIs}."""
    classes = " ".join(_TYPES[t] for t in types)
    nodes = {
        row["e"].value
        for row in store.query(PREFIXES + f"SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?g dip:mentions ?e . ?e a ?c }} "
                                          f"VALUES ?c {{ {classes} }} {article_filter} }}")
    }
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for relation, pattern in _RELATIONS.items():
        for row in store.query(PREFIXES + f"SELECT ?u ?v ?g WHERE {{ {pattern} {article_filter} }}"):
            u, v = row["u"].value, row["v"].value
            if u in nodes and v in nodes:
                edges[(u, v, relation)].add(row["g"].value)
    return nodes, dict(edges)


def count(store, sparql: str) -> int:
    return int(next(iter(store.query(PREFIXES + sparql)))[0].value)
