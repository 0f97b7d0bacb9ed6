"""Entity and article pages (HTML for browsers, RDF for RDF clients), the UI page with and
without the vendored assets, and `kg serve --get`."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_entity_page_html(client):
    r = client.get("/entity/Q842", headers=HTML)
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "Oman" in page and "عمان" in page
    assert "https://www.wikidata.org/wiki/Q842" in page
    assert "dip:Mediator" in page  # role
    assert "Oman mediated indirect talks" in page  # evidence sentence
    assert 'href="/article/oman-1"' in page


def test_entity_page_turtle(client):
    r = client.get("/entity/Q842", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    triples = list(ox.parse(r.data, ox.RdfFormat.TURTLE))
    subjects = {t.subject.value for t in triples}
    assert "https://w3id.org/diplomacy-kg/entity/Q842" in subjects
    assert any(t.object == ox.NamedNode("https://w3id.org/diplomacy-kg/entity/Q842") for t in triples)  # incoming
    r = client.get("/entity/Q842?format=jsonld")
    assert r.mimetype == "application/ld+json"


def test_percent_encoded_entity(client):
    r = client.get("/entity/organization/rsf", headers=HTML)
    assert r.status_code == 200 and "Rapid Support Forces" in r.get_data(as_text=True)
    assert client.get("/entity/person/nobody", headers=HTML).status_code == 404


def test_article_page(client):
    r = client.get("/article/gaza-1", headers=HTML)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "وساطة قطرية مصرية" in page and "Mediation" in page
    assert 'href="/entity/Q846"' in page
    r = client.get("/article/gaza-1", headers={"Accept": "application/n-triples"})
    assert r.mimetype == "application/n-triples" and r.data.count(b"\n") > 20


def test_ui_page_with_assets(client):
    from kg.server.app import vendor_dir

    if vendor_dir() is None:
        pytest.skip("YASGUI assets not installed (run `npm ci`)")
    page = client.get("/", headers=HTML).get_data(as_text=True)
    assert "/static/vendor/yasgui.min.js" in page
    assert 'autocompleters = ["prefixes", "variables"]' in page
    assert 'method: "POST"' in page
    assert "Mediators per conflict" in page
    js = client.get("/static/vendor/yasgui.min.js")
    assert js.status_code == 200 and len(js.data) > 100_000


def test_ui_page_without_assets(client, monkeypatch, tmp_path):
    import kg.server.app as app_module

    monkeypatch.setattr(app_module, "VENDOR_DIRS", (tmp_path / "none",))
    r = client.get("/", headers=HTML)
    assert r.status_code == 200 and "npm ci" in r.get_data(as_text=True)
    r = client.get("/static/vendor/yasgui.min.js")
    assert r.status_code == 404 and "npm ci" in r.get_json()["error"]["message"]


def test_serve_get_smoke(fixture_store):
    from kg.cli import main

    runner = CliRunner()
    r = runner.invoke(main, ["serve", "--store", str(fixture_store), "--get",
                             "/sparql?query=ASK%7B%3Fs%20a%20dip%3AMediation%7D"])
    assert r.exit_code == 0, r.output
    assert '"boolean":true' in r.output
    r = runner.invoke(main, ["serve", "--store", str(fixture_store), "--get", "/sparql?query=SELECT"])
    assert r.exit_code == 1 and "400" in r.output


def test_health(client):
    body = client.get("/health").get_json()
    assert body["status"] == "ok" and body["quads"] > 100


def test_graph_view(client):
    from kg.errors import FormatError
    from kg.export.graph_html import cytoscape_js_path

    try:
        cytoscape_js_path()
    except FormatError:
        pytest.skip("cytoscape.js not installed (run `npm ci`)")
    r = client.get("/graph", headers=HTML)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "Oman" in r.get_data(as_text=True)
    r = client.get("/graph", query_string={"nodes": "bogus"})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "KG701"
    construct = "CONSTRUCT { ?m dip:mediator ?x } WHERE { ?m dip:mediator ?x }"
    assert client.get("/graph", query_string={"construct": construct}).status_code == 200
    r = client.get("/graph", query_string={"construct": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
