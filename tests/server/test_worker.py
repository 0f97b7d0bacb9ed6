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
