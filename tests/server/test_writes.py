"""Writes: SPARQL Update, Graph Store Protocol and /ingest need the token; the store stays
consistent; `kg ingest` on a store held by the server fails with a clear message."""

from __future__ import annotations

import pytest
import requests
from click.testing import CliRunner

from kg.model import Extraction
from tests.server.conftest import STORIES, TOKEN, story_extraction

AUTH = {"Authorization": f"Bearer {TOKEN}"}
INSERT = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 'new' } }"
ASK_NEW = "ASK { <urn:x:s> <urn:x:p> 'new' }"


def _ask(srv, q: str) -> bool:
    return requests.get(srv.url + "/sparql", params={"query": q}, timeout=10).json()["boolean"]


def test_update_is_forbidden_without_a_configured_token(live):
    r = requests.post(live.url + "/sparql", data={"update": INSERT}, headers=AUTH, timeout=10)
    assert r.status_code == 403 and r.json()["error"]["code"] == "KG402"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
def test_update_needs_the_bearer_token(writable, headers):
    r = requests.post(writable.url + "/sparql", data={"update": INSERT}, headers=headers, timeout=10)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "KG401"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert not _ask(writable, ASK_NEW)


def test_update_with_token_is_visible_to_the_next_query(writable):
    assert not _ask(writable, ASK_NEW)
    before = writable.kg.generation
    r = requests.post(writable.url + "/sparql", data=INSERT.encode(),
                      headers={**AUTH, "Content-Type": "application/sparql-update"}, timeout=10)
    assert r.status_code == 200, r.text
    assert writable.kg.generation > before
    assert _ask(writable, ASK_NEW)
    r = requests.post(writable.url + "/sparql", data={"update": "DELETE WHERE { GRAPH ?g { ?s dip:mediator ?m } }"}, headers=AUTH,
                      timeout=10)
    assert r.status_code == 200
    assert not _ask(writable, "ASK { ?s dip:mediator ?m }")
    bad = requests.post(writable.url + "/sparql", data={"update": "INSERT DATA {"}, headers=AUTH, timeout=10)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "KG301"


def test_graph_store_protocol(writable):
    svc = writable.url + "/rdf-graphs/service"
    g = "urn:x:graph1"
    ttl = "<urn:x:a> <urn:x:p> 'one' , 'two' ."
    assert requests.put(svc, params={"graph": g}, data=ttl, headers={"Content-Type": "text/turtle"},
                        timeout=10).status_code == 401
    r = requests.put(svc, params={"graph": g}, data=ttl, headers={**AUTH, "Content-Type": "text/turtle"}, timeout=10)
    assert r.status_code == 201
    r = requests.get(svc, params={"graph": g}, headers={"Accept": "application/n-triples"}, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/n-triples")
    assert sorted(r.text.strip().splitlines()) == ['<urn:x:a> <urn:x:p> "one" .', '<urn:x:a> <urn:x:p> "two" .']
    r = requests.post(svc, params={"graph": g}, data="<urn:x:a> <urn:x:p> \"three\" .",
                      headers={**AUTH, "Content-Type": "application/n-triples"}, timeout=10)
    assert r.status_code == 204
    r = requests.put(svc, params={"graph": g}, data="<urn:x:b> <urn:x:p> 'only' .",
                     headers={**AUTH, "Content-Type": "text/turtle"}, timeout=10)
    assert r.status_code == 204
    text = requests.get(svc, params={"graph": g}, headers={"Accept": "application/n-triples"}, timeout=10).text
    assert text.strip() == '<urn:x:b> <urn:x:p> "only" .'
    r = requests.put(svc, params={"graph": g}, data="not turtle <<<", headers={**AUTH, "Content-Type": "text/turtle"},
                     timeout=10)
    assert r.status_code == 400
    r = requests.put(svc, params={"graph": g}, data="x", headers={**AUTH, "Content-Type": "image/png"}, timeout=10)
    assert r.status_code == 415
    assert requests.delete(svc, params={"graph": g}, headers=AUTH, timeout=10).status_code == 204
    assert requests.get(svc, params={"graph": g}, timeout=10).status_code == 404
    assert requests.delete(svc, params={"graph": g}, headers=AUTH, timeout=10).status_code == 404
    # the default graph
    r = requests.post(svc, params={"default": ""}, data="<urn:x:d> <urn:x:p> 'dflt' .",
                      headers={**AUTH, "Content-Type": "text/turtle"}, timeout=10)
    assert r.status_code == 204
    assert "dflt" in requests.get(svc, params={"default": ""}, timeout=10).text
    assert requests.get(svc, timeout=10).status_code == 400


class FakeExtractor:
    """Stands in for kg.extract.Extractor: returns the fixture extraction for known ids."""

    def __init__(self):
        self.by_id = {s.id: s for s in STORIES}

    def extract(self, article) -> Extraction:
        story = self.by_id.get(article.id, STORIES[0])
        ex = story_extraction(story)
        ex.article = article
        return ex

    def extract_many(self, articles):
        return [self.extract(a) for a in articles]


def test_http_ingest(writable):
    writable.kg._extractor = FakeExtractor()
    article = {"id": "new-1", "text": "Oman mediated again.", "lang": "en", "date": "2026-01-02",
               "url": "https://news.example.org/new-1", "title": "Again"}
    assert requests.post(writable.url + "/ingest", json=article, timeout=10).status_code == 401
    r = requests.post(writable.url + "/ingest", json=article, headers=AUTH, timeout=30)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["graphs"] == ["https://w3id.org/diplomacy-kg/article/new-1"] and body["quads"] > 10
    assert _ask(writable, "ASK { GRAPH <https://w3id.org/diplomacy-kg/article/new-1> { ?a dcterms:title 'Again'@en } }")
    r = requests.post(writable.url + "/ingest", json=[article, {**article, "id": "new-2"}], headers=AUTH, timeout=30)
    assert len(r.json()["graphs"]) == 2
    r = requests.post(writable.url + "/ingest", json={"text": "no id"}, headers=AUTH, timeout=10)
    assert r.status_code == 400 and r.json()["error"]["code"] == "KG101"
    r = requests.post(writable.url + "/ingest", data="{", headers={**AUTH, "Content-Type": "application/json"},
                      timeout=10)
    assert r.status_code == 400


def test_cli_ingest_on_a_served_store_fails_clearly(writable, tmp_path):
    from kg.cli import main

    article = tmp_path / "a.json"
    article.write_text('{"id": "x", "text": "Oman mediated."}', encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", "--store", str(writable.kg.store.path), "-q", str(article)])
    assert result.exit_code == 1
    assert "KG202" in result.output and "kg serve" in result.output
    # the server is unharmed
    assert _ask(writable, "ASK { ?m a dip:Mediation }")


def test_percent_encoded_entity_iri_dereferences_over_http(writable):
    """Arabic slugs are percent-encoded in our IRIs; the raw request path must map back exactly."""
    from kg.rdf.iris import entity_iri

    iri = entity_iri("PER:ستيف-ويتكوف")
    assert "%D8" in iri
    upd = f"INSERT DATA {{ GRAPH <urn:x:ar> {{ <{iri}> rdfs:label 'ستيف ويتكوف'@ar }} }}"
    assert requests.post(writable.url + "/sparql", data={"update": upd}, headers=AUTH, timeout=10).status_code == 200
    path = iri.removeprefix("https://w3id.org/diplomacy-kg")
    r = requests.get(writable.url + path, headers={"Accept": "text/html"}, timeout=10)
    assert r.status_code == 200 and "ستيف ويتكوف" in r.text
    r = requests.get(writable.url + path, headers={"Accept": "application/n-triples"}, timeout=10)
    assert f"<{iri}>" in r.text
