"""A runaway query is stopped (its worker killed) and answered 503 with the JSON error body,
while other requests keep being served."""

from __future__ import annotations

import threading
import time

import pytest
import requests

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = "ASK { ?m a dip:Mediation }"


@pytest.mark.slow
def test_slow_query_is_stopped_while_fast_queries_answer(live):
    timeout = live.kg.settings.query_timeout
    slow: dict = {}

    def run_slow():
        started = time.monotonic()
        r = requests.post(live.url + "/sparql", data={"query": SLOW}, timeout=60)
        slow["status"], slow["body"], slow["seconds"] = r.status_code, r.json(), time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)  # the slow query now occupies a worker
    fast_times = []
    while thread.is_alive():
        started = time.monotonic()
        r = requests.get(live.url + "/sparql", params={"query": FAST, "nocache": str(time.monotonic())}, timeout=10)
        fast_times.append(time.monotonic() - started)
        assert r.status_code == 200 and r.json()["boolean"] is True
        time.sleep(0.2)
    thread.join()
    assert slow["status"] == 503
    assert slow["body"]["error"]["code"] == "KG302"
    assert slow["body"]["error"]["status"] == 503
    assert "stopped" in slow["body"]["error"]["message"]
    assert timeout <= slow["seconds"] < timeout + 3
    assert fast_times and max(fast_times) < 1.0, fast_times
    # The killed worker is replaced: the pool answers at full size again.
    time.sleep(1.5)
    answers = []

    def one():
        answers.append(requests.get(live.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                                    timeout=10).status_code)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [200] * 4
    assert sum(1 for w in live.kg.executor._all if w.proc.is_alive()) == 2
