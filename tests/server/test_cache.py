"""Result cache: ETag + If-None-Match -> 304, hits, invalidation by writes, bounds."""

from __future__ import annotations

import requests

from kg.server.cache import CachedResult, ResultCache
from tests.server.conftest import TOKEN

Q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a dip:Article }"


def test_etag_and_304(live):
    url = live.url + "/sparql"
    r1 = requests.get(url, params={"query": Q + " # etag"}, timeout=10)
    etag = r1.headers["ETag"]
    assert r1.status_code == 200 and etag
    r2 = requests.get(url, params={"query": Q + " # etag"}, headers={"If-None-Match": etag}, timeout=10)
    assert r2.status_code == 304 and r2.content == b""
    # another representation has another ETag
    r3 = requests.get(url, params={"query": Q + " # etag", "format": "csv"}, headers={"If-None-Match": etag}, timeout=10)
    assert r3.status_code == 200 and r3.headers["ETag"] != etag
    assert "Accept" in r1.headers["Vary"]


def test_repeated_query_is_a_cache_hit(live):
    url = live.url + "/sparql"
    first = requests.get(url, params={"query": Q + " # hit"}, timeout=10)
    second = requests.get(url, params={"query": Q + " # hit"}, timeout=10)
    assert first.headers["X-KG-Cache"] == "miss" and second.headers["X-KG-Cache"] == "hit"
    assert first.content == second.content


def test_writes_invalidate(writable):
    url = writable.url + "/sparql"
    r1 = requests.get(url, params={"query": Q}, timeout=10)
    assert r1.json()["results"]["bindings"][0]["n"]["value"] == "5"
    requests.get(url, params={"query": Q}, timeout=10)
    upd = "INSERT DATA { GRAPH <urn:x:new> { <urn:x:new> a dip:Article } }"
    assert requests.post(url, data={"update": upd}, headers={"Authorization": f"Bearer {TOKEN}"},
                         timeout=10).status_code == 200
    r2 = requests.get(url, params={"query": Q}, headers={"If-None-Match": r1.headers["ETag"]}, timeout=10)
    assert r2.status_code == 200 and r2.headers["X-KG-Cache"] == "miss"
    assert r2.json()["results"]["bindings"][0]["n"]["value"] == "6"


def test_lru_bounds():
    cache = ResultCache(max_entries=2, max_bytes=100, max_entry_bytes=60)
    for key in "abc":
        cache.put(key, CachedResult(b"x" * 10, "text/csv", "solutions"))
    assert cache.get("a") is None and cache.get("c") is not None
    cache.put("big", CachedResult(b"x" * 61, "text/csv", "solutions"))
    assert cache.get("big") is None  # over the per-entry bound
    cache.put("d", CachedResult(b"x" * 55, "text/csv", "solutions"))
    cache.put("e", CachedResult(b"x" * 55, "text/csv", "solutions"))
    assert cache.stats()["bytes"] <= 100


def test_concurrent_identical_misses_run_once(live):
    """Single flight: eight simultaneous identical queries cost one query run."""
    import threading

    q = Q + " # single flight"
    before = live.kg.cache.stats()["misses"]
    calls = []
    original = live.kg.execute

    def counting(job):
        calls.append(job["query"])
        import time

        time.sleep(0.3)  # keep the first run in flight while the others arrive
        return original(job)

    live.kg.execute = counting
    try:
        statuses = []
        threads = [threading.Thread(target=lambda: statuses.append(
            requests.get(live.url + "/sparql", params={"query": q}, timeout=10).headers["X-KG-Cache"]))
            for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        del live.kg.execute
    assert calls.count(q) == 1
    assert sorted(statuses) == ["hit"] * 7 + ["miss"]
    assert live.kg.cache.stats()["misses"] >= before
