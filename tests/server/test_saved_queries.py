"""Every queries/*.rq parses and runs on the fixture graph; parameters are typed and bound
as RDF terms, never spliced as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.server.saved import Param, load_saved_queries, parse_saved_query, parse_value

QUERIES = Path(__file__).resolve().parents[2] / "queries"
ALL = sorted(p.stem for p in QUERIES.glob("*.rq"))
#: Saved queries whose answer on the fixture graph may legitimately be empty.
MAY_BE_EMPTY: set[str] = set()


def test_there_are_saved_queries():
    assert len(ALL) >= 10
    assert {"mediators-by-conflict", "mediators-over-time", "envoys", "venues", "who-meets-whom", "evidence",
            "articles-per-source"} <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_saved_query_runs_on_fixture(client, name):
    saved = parse_saved_query(QUERIES / f"{name}.rq")
    assert saved.title and saved.description, "every saved query needs a title and a description"
    r = client.get(f"/queries/{name}", headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.get_data(as_text=True)
    rows = r.get_json()["results"]["bindings"]
    if name not in MAY_BE_EMPTY:
        assert rows, f"{name} returned nothing on the fixture graph"


def test_listing_html_and_json(client):
    r = client.get("/queries", headers={"Accept": "application/json"})
    names = [q["name"] for q in r.get_json()["queries"]]
    assert names == ALL
    html = client.get("/queries", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Mediators per conflict" in html and "<form" in html
    assert client.get("/queries.json").get_json()["queries"][0]["params"] is not None


def test_mediators_for_one_party(client):
    r = client.get("/queries/mediators-by-conflict", query_string={"party": "https://w3id.org/diplomacy-kg/entity/Q1049"})
    rows = r.get_json()["results"]["bindings"]
    assert {row["mediatorLabel"]["value"] for row in rows} == {"Saudi Arabia", "United States"}


def test_mediators_over_time_with_dates(client):
    r = client.get("/queries/mediators-over-time", query_string={"since": "2025-01-01", "until": "2025-12-31"})
    rows = r.get_json()["results"]["bindings"]
    assert {row["year"]["value"] for row in rows} == {"2025"}
    assert {row["mediatorLabel"]["value"] for row in rows} == {"Oman", "Qatar", "Egypt"}


def test_lang_param_picks_arabic_labels(client):
    r = client.get("/queries/mediators-by-conflict", query_string={"lang": "ar"})
    labels = {row["mediatorLabel"]["value"] for row in r.get_json()["results"]["bindings"]}
    assert "عمان" in labels


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        ("evidence", {"entity": "not an iri"}, "must be an iri"),
        ("evidence", {"entity": "https://x.org/a>b"}, "must be an iri"),
        ("recent-events", {"since": "last week"}, "must be a date"),
        ("mediators-over-time", {"nope": "1"}, "has no parameter"),
    ],
)
def test_bad_parameters_are_400(client, query, params, message):
    r = client.get(f"/queries/{query}", query_string=params)
    assert r.status_code == 400
    assert message in r.get_json()["error"]["message"]


def test_injection_attempt_is_just_a_string(client):
    evil = '" ) } } DELETE WHERE { ?s ?p ?o } #'
    r = client.get("/queries/entity-search", query_string={"text": evil})
    assert r.status_code == 200 and r.get_json()["results"]["bindings"] == []
    r = client.get("/queries/entity-search", query_string={"text": "oman"})
    assert r.get_json()["results"]["bindings"][0]["name"]["value"] == "Oman"


@pytest.mark.parametrize(
    ("type_", "raw", "expected"),
    [
        ("integer", "42", '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("date", "2025-04-12", '"2025-04-12"^^<http://www.w3.org/2001/XMLSchema#date>'),
        ("langstring", "قطر@ar", '"قطر"@ar'),
        ("string", 'say "hi"\n', '"say \\"hi\\"\\n"'),
        ("iri", "https://w3id.org/diplomacy-kg/entity/Q79", "<https://w3id.org/diplomacy-kg/entity/Q79>"),
    ],
)
def test_parse_value(type_, raw, expected):
    assert str(parse_value(Param("x", type_), raw)) == expected


@pytest.mark.parametrize(("type_", "raw"), [("integer", "4.2"), ("langstring", "no tag"), ("date", "2025-02-30")])
def test_parse_value_rejects(type_, raw):
    with pytest.raises(QueryError):
        parse_value(Param("x", type_), raw)


def test_header_errors(tmp_path):
    (tmp_path / "a.rq").write_text("SELECT * {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="title"):
        load_saved_queries(tmp_path)
    (tmp_path / "a.rq").write_text("# title: t\n# param: x float\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="TYPE one of"):
        load_saved_queries(tmp_path)
    (tmp_path / "a.rq").write_text("# title: t\n# param: x iri\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="#PARAMS"):
        load_saved_queries(tmp_path)
