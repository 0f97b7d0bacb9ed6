"""The worker's text helpers: reading a SELECT's projection and wrapping it in the row limit."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.server.worker import limit_select, projection


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?a ?b WHERE {}", ["a", "b"]),
        ("SELECT DISTINCT ?a (COUNT(DISTINCT ?x) AS ?n) (SAMPLE(?l) AS ?lab) {", ["a", "n", "lab"]),
        ("select $a ?b\n # c ?z\n where {", ["a", "b"]),
        ('SELECT ?a (CONCAT("?x AS ?y", STR(?b)) AS ?c) WHERE {', ["a", "c"]),
        ("SELECT (<http://x#y>(?a) AS ?b) ?c WHERE{", ["b", "c"]),
        ("SELECT ?a (IF(?x, (1+2), 3) AS ?b) WHERE {", ["a", "b"]),
        ("SELECT * WHERE {}", None),
        ("SELECT ?a FROM <x:g> WHERE {", None),
    ],
)
def test_projection(query, expected):
    assert projection(query) == expected


def test_limit_keeps_columns_order_and_modifiers():
    store = ox.Store()
    store.update("INSERT DATA { <x:a> <x:p> 1 . <x:b> <x:p> 2 . <x:c> <x:p> 3 }")
    q = "PREFIX x: <x:>\n# comment { }\nSELECT ?o ?s WHERE { ?s x:p ?o } ORDER BY DESC(?o)"
    wrapped = limit_select(q, 2, projection(q[q.index("SELECT"):]))
    result = store.query(wrapped)
    assert [v.value for v in result.variables] == ["o", "s"]
    assert [row["o"].value for row in result] == ["3", "2"]
    assert limit_select("ASK {}", 2, ["a"]) is None


@pytest.fixture(scope="module")
def ten_rows() -> ox.Store:
    store = ox.Store()
    store.update("INSERT DATA { " + " ".join(f"<x:s{i}> <x:p> {i} ." for i in range(10)) + " }")
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?o WHERE { ?s <x:p> ?o } ORDER BY ?o", ["0", "1", "2"]),
        ("SELECT ?o { ?s <x:p> ?o } ORDER BY DESC(?o) # a comment, no newline", ["9", "8", "7"]),
        ("SELECT * WHERE { ?s <x:p> ?o FILTER(?o > 6) } ORDER BY ?o", ["7", "8", "9"]),
        ("SELECT ?o WHERE { ?s <x:p> ?o } ORDER BY ?o OFFSET 5", ["5", "6", "7"]),
        ("SELECT ?o WHERE { ?s <x:p> ?o } ORDER BY ?o LIMIT 2", ["0", "1"]),  # its own LIMIT
        ("SELECT ?o WHERE { ?s <x:p> ?o } ORDER BY ?o LIMIT 5 OFFSET 8", ["8", "9"]),
        ("SELECT ?o WHERE { ?s <x:p> ?o } ORDER BY ?o VALUES ?o { 4 5 6 7 }", ["4", "5", "6"]),
        ("SELECT (COUNT(*) AS ?o) WHERE { ?s <x:p> ?x } GROUP BY ?x HAVING (?x < 1)", ["1"]),
        ("SELECT ?o WHERE { { SELECT ?o WHERE { ?s <x:p> ?o } ORDER BY ?o LIMIT 4 } } ORDER BY DESC(?o)",
         ["3", "2", "1"]),
    ],
)
def test_row_limit_caps_every_select_shape(ten_rows, query, expected):
    """The row limit (3 here) holds whatever modifiers the query has, and keeps its order."""
    import json

    from kg.server.worker import QueryRunner

    reply = QueryRunner(ten_rows).run({"query": query, "results_format": "json", "graph_format": "turtle",
                                            "max_rows": 3})
    assert "error" not in reply, reply
    rows = json.loads(reply["bytes"])["results"]["bindings"]
    assert [r["o"]["value"] for r in rows] == expected


def test_row_limit_keeps_parse_errors_of_the_original(ten_rows):
    from kg.server.worker import QueryRunner

    reply = QueryRunner(ten_rows).run({"query": "SELECT ?o WHERE { ?s <x:p> ?o", "results_format": "json",
                                            "graph_format": "turtle", "max_rows": 3})
    assert reply["error"] == "query" and "LIMIT" not in reply["message"]
