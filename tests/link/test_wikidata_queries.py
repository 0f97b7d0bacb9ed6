"""The shipped Wikidata queries: refresh queries parse and feed the importer; join queries
join our graph with (a fake of) query.wikidata.org and degrade to local rows offline."""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from kg.link.importer import import_files
from kg.rdf.store import KGStore
from tests.conftest import make_extraction

QUERIES = Path(__file__).resolve().parents[2] / "queries"
REFRESH = sorted((QUERIES / "wikidata").glob("*.rq"))
JOINS = sorted(QUERIES.glob("wikidata-join-*.rq"))
WDQS = "https://query.wikidata.org/sparql"


def _header(path: Path) -> dict[str, str]:
    meta = {}
    for line in path.read_text("utf-8").splitlines():
        m = re.match(r"#\s*([a-z]+)\s*:\s*(.*)$", line.strip())
        if m:
            meta[m.group(1)] = m.group(2)
        elif line.strip() and not line.startswith("#"):
            break
    return meta


def test_queries_are_shipped():
    assert {p.stem for p in REFRESH} >= {"heads-of-state-and-government", "foreign-ministers", "capitals",
                                         "intergovernmental-organizations", "news-agencies"}
    assert len(JOINS) >= 2


@pytest.mark.parametrize("path", REFRESH + JOINS, ids=lambda p: p.name)
def test_header_says_internet_and_query_parses(path):
    meta = _header(path)
    assert meta.get("title") and meta.get("description")
    assert "internet" in meta.get("requires", "")
    prepareQuery(path.read_text("utf-8"))


@pytest.mark.parametrize("path", REFRESH, ids=lambda p: p.name)
def test_refresh_query_columns_fit_the_importer(path, tmp_path):
    """Run on an empty store (syntax check by Oxigraph), then import a result with its columns."""
    text = path.read_text("utf-8")
    result = ox.Store().query(text)
    variables = [v.value for v in result.variables]
    assert {"item", "itemLabel", "itemLabel_ar", "altLabel_ar", "type"} <= set(variables)
    row = {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q99990050"},
           "itemLabel": {"type": "literal", "value": "Test Item", "xml:lang": "en"},
           "itemLabel_ar": {"type": "literal", "value": "عنصر اختبار", "xml:lang": "ar"},
           "altLabel_ar": {"type": "literal", "value": "اختبار | عنصر، تجريبي"},
           "type": {"type": "literal", "value": "ORG" if "organizations" in path.name or "news" in path.name
                    else ("LOC" if "capitals" in path.name else "PER")}}
    result_file = tmp_path / "result.json"
    result_file.write_text(json.dumps({"head": {"vars": variables}, "results": {"bindings": [row]}}), "utf-8")
    report = import_files([result_file], into=tmp_path / "imported.jsonl", base=None)
    assert report.new == 1
    rec = json.loads((tmp_path / "imported.jsonl").read_text("utf-8"))
    assert rec["aliases"]["ar"] == ["اختبار", "عنصر، تجريبي"]


class FakeWDQS(BaseHTTPRequestHandler):
    """Answers any query with canned rows for the variables the join queries ask for."""

    queries: list[str] = []  # noqa: RUF012 (shared between handler instances on purpose)

    def _answer(self, query: str) -> None:
        type(self).queries.append(query)
        wd = "http://www.wikidata.org/entity/"
        rows = [
            {"wikidata": {"type": "uri", "value": wd + "Q842"},
             "headOfStateLabel": {"type": "literal", "value": "Haitham bin Tarik", "xml:lang": "en"},
             "pop": {"type": "literal", "value": "1720000",
                     "datatype": "http://www.w3.org/2001/XMLSchema#decimal"},
             "orgLabel": {"type": "literal", "value": "Arab League", "xml:lang": "en"}},
            {"wikidata": {"type": "uri", "value": wd + "Q3826"},
             "pop": {"type": "literal", "value": "1720000",
                     "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}},
        ]
        body = json.dumps({"head": {"vars": ["wikidata", "headOfStateLabel", "pop", "orgLabel"]},
                           "results": {"bindings": rows}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._answer(urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get("query", [""])[0])

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = urllib.parse.parse_qs(raw)
        self._answer(form.get("query", [raw])[0])

    def log_message(self, *args):
        pass


@pytest.fixture
def wdqs():
    FakeWDQS.queries = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWDQS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(tmp_path):
    with KGStore(tmp_path / "s") as s:
        s.replace_articles([make_extraction("a1"), make_extraction("a2")])
        yield s


@pytest.mark.parametrize(
    ("name", "column", "value"),
    [("wikidata-join-mediator-leaders", "headOfStateLabel", "Haitham bin Tarik"),
     ("wikidata-join-venue-population", "population", "1720000"),
     ("wikidata-join-mediator-memberships", "memberOf", "Arab League")],
)
def test_join_queries_join_wikidata_columns(store, wdqs, name, column, value):
    text = (QUERIES / f"{name}.rq").read_text("utf-8")
    assert WDQS in text
    rows = list(store.query(text.replace(WDQS, wdqs)))
    assert rows and any(r[column] is not None and r[column].value == value for r in rows)
    assert FakeWDQS.queries  # the remote part was really sent


@pytest.mark.parametrize("path", JOINS, ids=lambda p: p.name)
def test_join_queries_degrade_offline(store, path):
    text = path.read_text("utf-8").replace(WDQS, "http://127.0.0.1:9/sparql")  # nothing listens there
    rows = list(store.query(text))
    assert rows, "offline, the local part of the query must still answer"
