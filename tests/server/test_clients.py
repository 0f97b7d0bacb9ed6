"""Real SPARQL clients against the live server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.server.conftest import TOKEN

SELECT = """PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
SELECT ?mediator (COUNT(*) AS ?n) WHERE { ?m dip:mediator ?mediator } GROUP BY ?mediator ORDER BY ?mediator"""
CONSTRUCT = """PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
CONSTRUCT { ?m dip:mediator ?x } WHERE { ?m dip:mediator ?x }"""


def _wrapper(live, fmt, method="GET"):
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(live, method):
    sw = _wrapper(live, JSON, method)
    sw.setQuery(SELECT)
    rows = sw.queryAndConvert()["results"]["bindings"]
    assert {r["mediator"]["value"].rsplit("/", 1)[-1] for r in rows} == {"Q842", "Q846", "Q79", "Q851", "Q30"}


@pytest.mark.parametrize("fmt", [XML, CSV, TSV])
def test_sparqlwrapper_select_other_formats(live, fmt):
    sw = _wrapper(live, fmt)
    sw.setQuery(SELECT)
    result = sw.query()
    assert result.response.headers["Content-Type"].split(";")[0] in (
        "application/sparql-results+xml", "text/csv", "text/tab-separated-values")
    converted = result.convert()
    text = converted.toxml() if hasattr(converted, "toxml") else converted.decode()
    assert "Q842" in text


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD, N3])
def test_sparqlwrapper_construct(live, fmt):
    sw = _wrapper(live, fmt)
    sw.setQuery(CONSTRUCT)
    graph = sw.queryAndConvert()
    if not isinstance(graph, rdflib.Graph):
        graph = rdflib.Graph().parse(data=graph, format="turtle" if fmt in (TURTLE, N3) else "json-ld")
    assert len(graph) == 6


def test_sparqlwrapper_ask(live):
    sw = _wrapper(live, JSON)
    sw.setQuery("ASK { ?s a <https://w3id.org/diplomacy-kg/ontology#Envoy> }")
    assert sw.queryAndConvert()["boolean"] is True


def test_sparqlwrapper_syntax_error(live):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sw = _wrapper(live, JSON)
    sw.setQuery("SELECT WHERE {")
    with pytest.raises(QueryBadFormed):
        sw.query()


@pytest.mark.parametrize("returnFormat", ["xml", "json", "csv"])
def test_rdflib_sparqlstore(live, returnFormat):
    store = SPARQLStore(live.url + "/sparql", returnFormat=returnFormat, method="POST_FORM")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(SELECT))
    assert len(rows) == 5
    assert any(str(r[0]).endswith("/Q842") and int(r[1]) == 2 for r in rows)
    constructed = graph.query(CONSTRUCT).graph
    assert len(constructed) == 6


def test_rdflib_dataset_graph_queries_and_update(writable):
    """rdflib Dataset over SPARQLUpdateStore: GRAPH queries need default_union=True (rdflib #2609)."""
    endpoint = writable.url + "/sparql"
    store = SPARQLUpdateStore(endpoint, endpoint, method="POST_FORM", auth=None,
                              headers={"Authorization": f"Bearer {TOKEN}"})
    ds = rdflib.Dataset(store=store, default_union=True)
    rows = list(ds.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a <https://w3id.org/diplomacy-kg/ontology#Article> } }"))
    assert len(rows) == 5
    ds.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 'via rdflib' } }")
    assert bool(ds.query("ASK { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 'via rdflib' } }")) is True
