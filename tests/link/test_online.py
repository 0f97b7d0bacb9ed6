"""Online linking against a fake Wikidata API on loopback: caching, timeouts, rate limit."""

from __future__ import annotations

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest

from kg.link.linker import Linker
from kg.link.online import OnlineLookup
from tests.link.conftest import ent, extraction

ENTITIES = {
    "Q99990040": {"id": "Q99990040", "labels": {"en": {"language": "en", "value": "Omar Zahiri"},
                                                "ar": {"language": "ar", "value": "عمر الظاهري"}},
                  "aliases": {"en": [{"language": "en", "value": "Zahiri"}]},
                  "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}],
                             "P27": [{"mainsnak": {"datavalue": {"value": {"id": "Q878"}}}}]}},
    "Q99990041": {"id": "Q99990041", "labels": {"en": {"language": "en", "value": "Omar Zahiri Foundation"}},
                  "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q43229"}}}}]}},
    "Q99990042": {"id": "Q99990042", "labels": {"en": {"language": "en", "value": "Omar Zahiri"}},
                  "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q4167410"}}}}]}},
}
for _qid in ("Q99990043", "Q99990044"):
    ENTITIES[_qid] = {"id": _qid, "labels": {"en": {"language": "en", "value": "Ali Nouri"}},
                      "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}]}}
SEARCH = {"omar zahiri": ["Q99990042", "Q99990041", "Q99990040"], "عمر الظاهري": ["Q99990040"],
          "ali nouri": ["Q99990043", "Q99990044"]}


class FakeWikidata(BaseHTTPRequestHandler):
    """Answers wbsearchentities / wbgetentities like the real api.php (the parts we read)."""

    calls: ClassVar[list[dict]] = []
    times: ClassVar[list[float]] = []
    delay = 0.0

    def do_GET(self):
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        type(self).calls.append({**params, "user-agent": self.headers.get("User-Agent")})
        type(self).times.append(time.monotonic())
        if self.delay:
            time.sleep(self.delay)
        if params.get("action") == "wbsearchentities":
            ids = SEARCH.get(params["search"].casefold(), [])
            body = {"searchinfo": {"search": params["search"]},
                    "search": [{"id": q, "label": params["search"], "match": {"type": "label"}} for q in ids],
                    "success": 1}
        elif params.get("action") == "wbgetentities":
            body = {"entities": {q: ENTITIES.get(q, {"id": q, "missing": ""}) for q in params["ids"].split("|")},
                    "success": 1}
        else:
            body = {"error": {"code": "badvalue", "info": "unknown action"}}
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def api():
    FakeWikidata.calls, FakeWikidata.times, FakeWikidata.delay = [], [], 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWikidata)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    server.shutdown()
    server.server_close()


def _article(name="Omar Zahiri"):
    return extraction(ent("PER:omar-zahiri", "PER", name, office="envoy"))


def test_online_links_and_second_run_uses_the_cache(api, tmp_path, tiny_gazetteer):
    online = OnlineLookup(endpoint=api, cache_dir=tmp_path / "cache", min_interval=0)
    linker = Linker(tiny_gazetteer, online=online)
    ex = linker.link_extraction(_article())
    assert list(ex.entities) == ["Q99990040"]  # the human, not the disambiguation page or the foundation
    person = ex.entities["Q99990040"]
    assert person.qid == "Q99990040" and person.link_method == "online" and 0.6 <= person.link_confidence < 0.8
    assert person.country == "Q878"  # P27 of the item, known to the gazetteer
    assert "عمر الظاهري" in person.labels["ar"]
    assert [c["action"] for c in FakeWikidata.calls] == ["wbsearchentities", "wbgetentities"]
    assert all(c["user-agent"].startswith("diplomacy-kg/") for c in FakeWikidata.calls)

    again = Linker(tiny_gazetteer, online=OnlineLookup(endpoint=api, cache_dir=tmp_path / "cache", min_interval=0))
    ex2 = again.link_extraction(_article())
    assert len(FakeWikidata.calls) == 2  # no new request
    assert ex2.entities["Q99990040"].link_method == "cache"
    assert ex2.entities["Q99990040"].link_confidence == person.link_confidence


def test_cache_only_reproduces_offline(api, tmp_path, tiny_gazetteer):
    cache = tmp_path / "cache"
    Linker(tiny_gazetteer, online=OnlineLookup(endpoint=api, cache_dir=cache, min_interval=0)).link_extraction(_article())
    offline = OnlineLookup(endpoint="http://127.0.0.1:9/unreachable", cache_dir=cache, cache_only=True)
    ex = Linker(tiny_gazetteer, online=offline).link_extraction(_article())
    assert list(ex.entities) == ["Q99990040"] and offline.requests_made == 0
    # a name never looked up stays NIL in cache-only mode, without any request
    ex = Linker(tiny_gazetteer, online=offline).link_extraction(_article("Someone Else"))
    assert list(ex.entities) == ["PER:omar-zahiri"] and offline.requests_made == 0


def test_local_candidates_are_never_sent_online(api, tmp_path, tiny_gazetteer):
    online = OnlineLookup(endpoint=api, cache_dir=tmp_path / "cache", min_interval=0)
    Linker(tiny_gazetteer, online=online).link_extraction(extraction(ent("PER:haddad", "PER", "Haddad")))
    assert FakeWikidata.calls == []


def test_slow_server_gives_nil_with_a_warning(api, tmp_path, tiny_gazetteer, caplog):
    FakeWikidata.delay = 1.0
    online = OnlineLookup(endpoint=api, cache_dir=tmp_path / "cache", min_interval=0, timeout=0.2, max_failures=2)
    linker = Linker(tiny_gazetteer, online=online)
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="kg.link.online"):
        ex = linker.link_extraction(_article())
        ex2 = linker.link_extraction(_article("Another Person"))
        ex3 = linker.link_extraction(_article("Third Person"))
    assert list(ex.entities) == ["PER:omar-zahiri"] and ex.entities["PER:omar-zahiri"].qid is None
    assert list(ex2.entities) == ["PER:omar-zahiri"] and list(ex3.entities) == ["PER:omar-zahiri"]
    assert "stays unlinked" in caplog.text and "online linking is off" in caplog.text
    assert online.requests_made == 2  # the circuit breaker stopped the third request
    assert time.monotonic() - start < 2.0
    assert not list((tmp_path / "cache").rglob("*.json"))  # failures are not cached


def test_rate_limit_bounds_the_request_rate(api, tmp_path):
    online = OnlineLookup(endpoint=api, cache_dir=tmp_path / "cache", min_interval=0.15)
    for i in range(3):
        online.lookup(f"Nobody {i}", lang="en", entity_type="PER")
    assert len(FakeWikidata.times) == 3
    gaps = [b - a for a, b in zip(FakeWikidata.times, FakeWikidata.times[1:], strict=False)]
    assert min(gaps) >= 0.14


def test_ambiguous_online_name_is_nil(api, tmp_path):
    """Two items with exactly this label and a compatible type: do not pick one."""
    online = OnlineLookup(endpoint=api, cache_dir=tmp_path / "cache", min_interval=0)
    assert online.lookup("Ali Nouri", entity_type="PER") is None
    # a disambiguation page is never a match, and the foundation's label is not the name
    assert online.lookup("Omar Zahiri", entity_type="ORG") is None
    assert online.lookup("Omar Zahiri", entity_type="PER").qid == "Q99990040"


def test_cache_only_from_environment_and_short_names(api, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_LINK_CACHE_ONLY", "1")
    online = OnlineLookup(endpoint=api, cache_dir=tmp_path / "cache")
    assert online.cache_only and online.lookup("Omar Zahiri", entity_type="PER") is None
    assert FakeWikidata.calls == []
    monkeypatch.delenv("KG_LINK_CACHE_ONLY")
    live = OnlineLookup(endpoint=api, cache_dir=tmp_path / "cache", min_interval=0)
    assert live.lookup("UN", entity_type="ORG") is None and FakeWikidata.calls == []


def test_ingest_has_an_online_switch():
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["ingest", "--help"])
    assert "--online / --offline" in result.output
