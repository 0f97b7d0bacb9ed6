"""SPARQL 1.1 Protocol over HTTP: request forms, formats, media types, errors, limits."""

from __future__ import annotations

import json

import pytest
import requests

from kg.server.app import error_body

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a dip:Mediation }"
CONSTRUCT = "CONSTRUCT { ?m dip:mediator ?x } WHERE { ?m dip:mediator ?x }"

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}


def _mediations(body: dict) -> int:
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_body_agree(live):
    url = live.url + "/sparql"
    r1 = requests.get(url, params={"query": COUNT}, timeout=10)
    r2 = requests.post(url, data={"query": COUNT}, timeout=10)
    r3 = requests.post(url, data=COUNT.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=10)
    for r in (r1, r2, r3):
        assert r.status_code == 200
        assert r.headers["Content-Type"].startswith("application/sparql-results+json")
        assert _mediations(r.json()) == 4


@pytest.mark.parametrize("fmt", sorted(RESULT_TYPES))
def test_select_formats_by_accept_and_param(live, fmt):
    by_accept = requests.get(live.url + "/sparql", params={"query": COUNT},
                             headers={"Accept": RESULT_TYPES[fmt]}, timeout=10)
    by_param = requests.get(live.url + "/sparql", params={"query": COUNT, "format": fmt}, timeout=10)
    for r in (by_accept, by_param):
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].split(";")[0] == RESULT_TYPES[fmt]
        assert "4" in r.text
    assert by_accept.content == by_param.content


@pytest.mark.parametrize("fmt", sorted(GRAPH_TYPES))
def test_construct_formats(live, fmt):
    r = requests.get(live.url + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": GRAPH_TYPES[fmt]}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == GRAPH_TYPES[fmt]
    assert "entity/Q842" in r.text
    import pyoxigraph as ox

    parsed = list(ox.parse(r.content, {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                                       "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
                                       "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}[fmt]))
    assert len(parsed) == 6  # 4 mediations, 2 of them with two mediators


def test_ask_and_describe(live):
    r = requests.get(live.url + "/sparql", params={"query": "ASK { ?m a dip:Mediation }"}, timeout=10)
    assert r.json() == {"head": {}, "boolean": True}
    r = requests.get(live.url + "/sparql", params={"query": "DESCRIBE <https://w3id.org/diplomacy-kg/entity/Q842>"},
                     headers={"Accept": "application/n-triples"}, timeout=10)
    assert r.status_code == 200 and "Oman" in r.text


def test_browser_accept_gets_json(live):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = requests.get(live.url + "/sparql", params={"query": COUNT}, headers={"Accept": accept}, timeout=10)
    # application/xml is the most preferred type we produce, so SPARQL XML results
    assert r.headers["Content-Type"].startswith("application/sparql-results+xml")


def test_service_description(live):
    r = requests.get(live.url + "/sparql", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/turtle")
    assert "sd:Service" in r.text and "UnionDefaultGraph" in r.text and "SPARQL_Results_JSON" in r.text
    r = requests.get(live.url + "/sparql", headers={"Accept": "application/ld+json"}, timeout=10)
    assert r.headers["Content-Type"].startswith("application/ld+json")
    json.loads(r.text)


def test_malformed_query_is_400_with_parser_message(live):
    r = requests.get(live.url + "/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"}, timeout=10)
    assert r.status_code == 400
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "status", "message"}
    assert body["error"]["code"] == "KG301" and body["error"]["status"] == 400
    assert "error at" in body["error"]["message"].lower() or "expected" in body["error"]["message"].lower()
    assert "Traceback" not in r.text


def test_error_shape_is_pinned():
    assert error_body("KG301", 400, "m") == {"error": {"code": "KG301", "status": 400, "message": "m"}}


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("get", "/sparql", {"params": {"query": COUNT, "format": "bogus"}}, 406, "KG501"),
        ("get", "/sparql", {"params": {"query": COUNT}, "headers": {"Accept": "image/png"}}, 406, "KG501"),
        ("post", "/sparql", {"data": b"x", "headers": {"Content-Type": "text/plain"}}, 400, "KG301"),
        ("get", "/sparql", {"params": {"update": "CLEAR ALL"}}, 400, "KG301"),
        ("get", "/nothing-here", {}, 404, "HTTP404"),
        ("delete", "/sparql", {}, 405, "HTTP405"),
        ("get", "/queries/no-such-query", {}, 404, "KG404"),
        ("get", "/entity/Q999999999", {"headers": {"Accept": "text/turtle"}}, 404, "KG404"),
    ],
)
def test_errors_use_one_json_shape(live, method, path, kwargs, status, code):
    r = getattr(requests, method)(live.url + path, timeout=10, **kwargs)
    assert r.status_code == status
    assert r.headers["Content-Type"] == "application/json"
    assert r.json()["error"]["code"] == code and r.json()["error"]["status"] == status


def test_query_size_limit_is_413(live):
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (live.kg.settings.max_query_bytes + 10)
    r = requests.post(live.url + "/sparql", data=huge.encode(), headers={"Content-Type": "application/sparql-query"},
                      timeout=10)
    assert r.status_code == 413 and r.json()["error"]["code"] == "KG303"
    r = requests.post(live.url + "/sparql", data={"query": huge}, timeout=10)
    assert r.status_code == 413


def test_long_query_by_post_form_works(live):
    # ~20 KB: too long for many GET URLs, fine as a POST form
    values = " ".join(f'"{i:05d}"' for i in range(3000))
    q = f"SELECT (COUNT(?v) AS ?n) WHERE {{ VALUES ?v {{ {values} }} }}"
    r = requests.post(live.url + "/sparql", data={"query": q}, timeout=10)
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "3000"


def test_row_limit(live):
    r = requests.get(live.url + "/sparql", params={"query": "SELECT ?a ?b WHERE { ?a ?p ?b . ?c ?q ?d }", "format": "tsv"},
                     timeout=10)
    assert r.status_code == 200
    assert r.headers["X-KG-Max-Rows"] == "1000"
    lines = r.text.splitlines()
    assert lines[0] == "?a\t?b" and len(lines) == 1001


def test_dataset_parameters(live):
    g = "https://w3id.org/diplomacy-kg/article/oman-1"
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:Mediation }"
    r = requests.get(live.url + "/sparql", params={"query": q, "default-graph-uri": g}, timeout=10)
    assert _mediations(r.json()) == 1
    q2 = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e a dip:Mediation } } GROUP BY ?g"
    r = requests.post(live.url + "/sparql", data={"query": q2, "named-graph-uri": [g, g.replace("oman-1", "gaza-1")]},
                      timeout=10)
    assert {b["g"]["value"] for b in r.json()["results"]["bindings"]} == {g, g.replace("oman-1", "gaza-1")}
    r = requests.get(live.url + "/sparql", params={"query": q, "default-graph-uri": "not an iri"}, timeout=10)
    assert r.status_code == 400


def test_union_default_graph_can_be_switched_off(fixture_store):
    from kg.config import Settings
    from kg.server import create_app
    from tests.server.conftest import read_only_store

    store = read_only_store(fixture_store)
    app = create_app(Settings(store=str(fixture_store), union_default_graph=False, extra={"query_workers": 0}), store)
    c = app.test_client()
    r = c.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:Mediation }"})
    assert _mediations(r.get_json()) == 0
    r = c.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e a dip:Mediation } }"})
    assert _mediations(r.get_json()) == 4
    assert b"UnionDefaultGraph" not in c.get("/sparql").data
    app.extensions["kg"].close()
    store.close()


def test_cors(live):
    r = requests.get(live.url + "/sparql", params={"query": COUNT}, headers={"Origin": "https://app.example.org"},
                     timeout=10)
    assert r.headers["Access-Control-Allow-Origin"] == "https://app.example.org"
    r = requests.options(live.url + "/sparql", headers={"Origin": "https://app.example.org",
                                                        "Access-Control-Request-Method": "POST"}, timeout=10)
    assert r.status_code == 204 and "POST" in r.headers["Access-Control-Allow-Methods"]
    r = requests.get(live.url + "/sparql", params={"query": COUNT}, headers={"Origin": "https://evil.example"},
                     timeout=10)
    assert "Access-Control-Allow-Origin" not in r.headers


def test_large_result_is_streamed_complete(live):
    """Results over 4 MB (not cached) are streamed from a spool file and arrive whole."""
    q = ("CONSTRUCT { ?a <urn:x:p> ?x } WHERE { ?a ?b ?c . ?d ?e ?f "
         "BIND(CONCAT(STR(?b), STR(?c), STR(?e), STR(?f)) AS ?x) } LIMIT 40000")
    r = requests.get(live.url + "/sparql", params={"query": q, "format": "nt"}, timeout=20)
    assert r.status_code == 200
    assert len(r.content) > 4 << 20
    assert r.headers["X-KG-Cache"] == "miss"
    assert int(r.headers["Content-Length"]) == len(r.content)
    assert r.text.count("\n") == len(set(r.text.splitlines()))
