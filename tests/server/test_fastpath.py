"""The WSGI fast path for plain queries answers exactly as the Flask route does.

Each request goes through an app with the fast path and one without it (same fixture store,
queries in-process); status, headers and body must agree, and the fast path must really
have been taken (or deliberately passed on to Flask).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from kg.server import create_app
from kg.server.fastpath import QueryFastPath
from tests.server.conftest import read_only_store, server_settings

SELECT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
FORM = "application/x-www-form-urlencoded"

CASES = [
    # (method, path, body, headers, fast path answers it)
    ("GET", "/sparql?query=" + quote(SELECT), None, {}, True),
    ("GET", "/sparql?query=" + quote(SELECT) + "&format=csv", None, {}, True),
    ("GET", "/sparql?query=" + quote("ASK { ?m a dip:Mediation }"), None, {"Accept": "application/sparql-results+xml"},
     True),
    ("GET", "/sparql?query=" + quote("CONSTRUCT WHERE { ?s a dip:Mediation }"), None,
     {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, True),
    ("POST", "/sparql", "query=" + quote(SELECT), {"Content-Type": FORM}, True),
    ("POST", "/sparql", SELECT, {"Content-Type": "application/sparql-query", "Accept": "text/csv"}, True),
    ("POST", "/sparql", "query=" + quote("SELECT ?x WHERE { ?x ?y }"), {"Content-Type": FORM}, True),  # 400
    ("POST", "/sparql", "query=+++", {"Content-Type": FORM}, True),  # empty query, 400
    ("GET", "/sparql?query=" + quote(SELECT), None, {"Accept": "image/png"}, True),  # 406
    ("GET", "/sparql?query=" + quote(SELECT) + "&format=nope", None, {}, True),  # 400
    ("GET", "/sparql?query=" + quote(SELECT), None, {"If-None-Match": '"not-it"'}, True),
    ("GET", "/sparql?query=%FF", None, {}, False),  # not UTF-8
    ("GET", "/sparql", None, {}, False),  # service description
    ("GET", "/sparql?query=" + quote(SELECT) + "&default-graph-uri=" + quote("https://w3id.org/diplomacy-kg/article/oman-1"),
     None, {}, False),
    ("POST", "/sparql", "update=" + quote("CLEAR ALL"), {"Content-Type": FORM}, False),  # 403
    ("POST", "/sparql", "{}", {"Content-Type": "application/json"}, False),
    ("POST", "/sparql", "query=" + quote(SELECT) + "&update=x", {"Content-Type": FORM}, False),
]


@pytest.fixture(scope="module")
def clients(fixture_store):
    store = read_only_store(fixture_store)
    apps = [create_app(server_settings(fixture_store, extra={"query_workers": 0, "fast_path": fast}), store)
            for fast in (True, False)]
    yield [app.test_client() for app in apps]
    for app in apps:
        app.extensions["kg"].close()
    store.close()


@pytest.mark.parametrize(("method", "path", "body", "headers", "taken"), CASES)
def test_fast_path_answers_like_flask(clients, method, path, body, headers, taken, monkeypatch):
    fast, slow = clients
    seen = []
    original = QueryFastPath._answer
    monkeypatch.setattr(QueryFastPath, "_answer", lambda self, *a: seen.append(1) or original(self, *a))
    a = fast.open(path, method=method, data=body, headers=headers)
    b = slow.open(path, method=method, data=body, headers=headers)
    assert bool(seen) is taken
    assert a.status == b.status
    if (method, path) == ("GET", "/sparql"):  # the service description has fresh blank nodes
        for r in (a, b):
            r.headers.remove("Content-Length")
    else:
        assert a.get_data() == b.get_data()
    assert sorted(a.headers.items()) == sorted(b.headers.items())
    if a.status_code == 200 and "ETag" in a.headers:  # and the 304 agrees too
        again = {**headers, "If-None-Match": a.headers["ETag"]}
        a304 = fast.open(path, method=method, data=body, headers=again)
        b304 = slow.open(path, method=method, data=body, headers=again)
        assert a304.status_code == b304.status_code == 304
        assert sorted(a304.headers.items()) == sorted(b304.headers.items())


def test_form_decoding_matches_parse_qsl():
    """The fast path's own decoder reads query strings and form bodies as parse_qsl does."""
    import random
    from urllib.parse import parse_qsl

    from kg.server.fastpath import _Fallback, _pairs

    rnd = random.Random(7)
    alphabet = "ab%=+&;09AFfz\u00e9"
    cases = ["a=1&b=2", "query=%41%4a%4A+x&&=&x", "%zz=%f0%9f%98%80&q=a%2", "k=v=w", "q=%e2%82", "=", "&&",
             "q=%C3%A9", "q=\u00c3\u00a9"]  # the last: raw UTF-8 bytes as WSGI hands them over (latin-1)
    cases += ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(12))) for _ in range(5000)]

    def pairs(text):
        try:
            return _pairs(text)
        except _Fallback:  # not UTF-8: Flask answers
            return None

    for text in cases:
        try:
            expected = parse_qsl(text.encode("latin-1").decode("utf-8"), keep_blank_values=True, errors="strict")
        except UnicodeError:
            expected = None
        assert pairs(text) == expected, text
        assert pairs(text.encode("latin-1")) == expected, text  # form bodies arrive as bytes
