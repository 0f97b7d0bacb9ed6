"""Throughput and latency of `kg serve` next to `oxigraph serve` and rdflib-endpoint.

Same data (a synthetic store of a few thousand articles built with KGStore), same query
mixes, same client (8 concurrent keep-alive connections for a bounded time per mix):

- point:     the triples of one entity (a different entity and query text every request)
- twohop:    mediators of a party / venues of a participant, grouped and counted (unique texts)
- dashboard: five saved analyst queries asked over and over (what a dashboard does); our
             server answers them from /queries/<name> through its result cache

Results go to benchmarks/results/server.md. Needs the benchmark-only tools in the venv:
`pip install oxigraph rdflib-endpoint uvicorn` (they are not runtime dependencies).

    python benchmarks/server/bench_server.py [--articles 2000] [--seconds 8] [--skip-rdflib]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.model import Article, Entity, EnvoyRelation, Event, Evidence, Extraction, Mention  # noqa: E402
from kg.rdf.namespace import sparql_prefixes  # noqa: E402
from kg.rdf.store import KGStore  # noqa: E402
from kg.server.saved import load_saved_queries  # noqa: E402

BIN = Path(sys.executable).parent
DASHBOARD = ["articles-per-source", "venues", "events-by-kind", "mediators-by-conflict", "envoys"]
CONCURRENCY = 8
TIMEOUT = 30.0  # seconds a client waits for one answer
ENTITY = "https://w3id.org/diplomacy-kg/entity/"


# -- data ---------------------------------------------------------------------------------


def synthetic_extractions(n: int, seed: int = 7):
    """``n`` articles over a fixed cast of countries, cities and envoys (deterministic)."""
    rnd = random.Random(seed)
    countries = [Entity(key=f"Q{1000 + i}", type="LOC", subtype="Country", qid=f"Q{1000 + i}",
                        labels={"en": [f"Country {i}"], "ar": [f"دولة {i}"]}) for i in range(80)]
    cities = [Entity(key=f"Q{5000 + i}", type="LOC", subtype="City", qid=f"Q{5000 + i}",
                     labels={"en": [f"City {i}"]}, country=countries[i % 80].key) for i in range(40)]
    people = [Entity(key=f"PER:envoy-{i}", type="PER", labels={"en": [f"Envoy {i}"]}, office="special envoy")
              for i in range(60)]
    sites = ["news.example.org", "arabic.example.net", "wire.example.com", "daily.example.info", "agency.example.ae"]
    start = dt.date(2020, 1, 1)
    for i in range(n):
        date = start + dt.timedelta(days=rnd.randrange(6 * 365))
        lang = rnd.choice(["ar", "en"])
        med = rnd.sample(countries[:15], rnd.choice([1, 1, 2]))
        parties = rnd.sample(countries[15:], 2)
        others = rnd.sample(countries, 3)
        venue = rnd.choice(cities)
        envoy = rnd.choice(people)
        text = (f"{med[0].labels['en'][0]} mediated between {parties[0].labels['en'][0]} and "
                f"{parties[1].labels['en'][0]} in {venue.labels['en'][0]}. {envoy.labels['en'][0]} attended. " * 3)
        art = Article(id=f"bench-{i:05d}", text=text, lang=lang, date=date,
                      url=f"https://{rnd.choice(sites)}/{date.year}/{i}", title=f"Talks {i}")
        ex = Extraction(article=art, lang=lang)
        for e in {x.key: x for x in [*med, *parties, *others, venue, envoy]}.values():
            label = e.labels["en"][0]
            pos = text.find(label)
            mentions = [Mention(pos, pos + len(label), label)] if pos >= 0 else []
            ex.entities[e.key] = Entity(**{**e.__dict__, "mentions": mentions})
        ev = Evidence(sentence=text[:120], start=0, end=120, confidence=0.7, extractor="bench/1")
        ex.events = [
            Event(kind="Mediation", evidence=ev, mediators=[m.key for m in med], parties=[p.key for p in parties],
                  venues=[venue.key], status="held", date=date),
            Event(kind="Meeting", evidence=ev, participants=[o.key for o in others], venues=[venue.key],
                  status=rnd.choice(["held", "planned"]), date=date),
        ]
        ex.envoys = [EnvoyRelation(envoy=envoy.key, principal=rnd.choice(countries).key, evidence=ev)]
        yield ex


def build_data(workdir: Path, articles: int) -> tuple[Path, Path, int]:
    """Our store, plus an N-Quads dump of it for the other two servers."""
    store_dir = workdir / "kg-store"
    with KGStore(store_dir) as store:
        batch = []
        for ex in synthetic_extractions(articles):
            batch.append(ex)
            if len(batch) == 200:
                store.replace_articles(batch)
                batch = []
        store.replace_articles(batch)
        quads = len(store)
        nq = workdir / "data.nq"
        store.export(nq, "nquads")
    return store_dir, nq, quads


# -- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, path: str, seconds: float = 300) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", path)
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not come up")


class Server:
    def __init__(self, name: str, argv: list[str], port: int, endpoint: str, env: dict | None = None):
        self.name, self.port, self.endpoint = name, port, endpoint
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server process
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=self.log, env={**os.environ, **(env or {})})

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# -- load ---------------------------------------------------------------------------------


def warm_dashboard(port: int, make_request, count: int) -> str | None:
    """Ask each saved query once (fills our cache, warms the others' page caches), as a
    dashboard's first viewer would; returns the first one that got no answer within TIMEOUT."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        for i in range(count):
            method, path, body, headers = make_request(random.Random(0), i)
            try:
                conn.request(method, path, body=body, headers=headers)
                conn.getresponse().read()
            except (OSError, http.client.HTTPException):
                return DASHBOARD[i % len(DASHBOARD)]
    finally:
        conn.close()
    return None


def summarise(runs: list[dict]) -> dict:
    """Median of the repeated runs, with the range of req/s (other work shares the machine)."""
    rps = [r["rps"] for r in runs]
    return {"rps": statistics.median(rps), "rps_min": min(rps), "rps_max": max(rps),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p95_ms": statistics.median(r["p95_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs), "runs": runs}


def run_mix(port: int, make_request, seconds: float, timeout: float = TIMEOUT) -> dict:
    """CONCURRENCY threads with keep-alive connections, each looping until the deadline."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rnd = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        n = 0
        while time.monotonic() < deadline:
            method, path, body, headers = make_request(rnd, seed * 1_000_000 + n)
            n += 1
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            dt_ = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(dt_)
                else:
                    errors[0] += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    lat = sorted(latencies)
    return {
        "requests": len(lat),
        "errors": errors[0],
        "seconds": elapsed,
        "rps": len(lat) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(lat) * 1000 if lat else float("nan"),
        "p95_ms": lat[int(len(lat) * 0.95) - 1] * 1000 if len(lat) >= 20 else (lat[-1] * 1000 if lat else float("nan")),
    }


def sparql_post(endpoint: str, query: str) -> tuple:
    body = urllib.parse.urlencode({"query": query}).encode()
    return ("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded",
                                     "Accept": "application/sparql-results+json"})


def mixes(entities: list[str], parties: list[str], dashboard: dict[str, str], ours: bool, endpoint: str,
          articles: range):
    prefixes = sparql_prefixes()

    def point(rnd, n):
        if n % 2:  # an article: its triples live in its own graph only
            a = f"https://w3id.org/diplomacy-kg/article/bench-{rnd.randrange(len(articles)):05d}"
            return sparql_post(endpoint, f"{prefixes}SELECT ?p ?o WHERE {{ <{a}> ?p ?o }} # {n}")
        # an entity: described again in every article graph that mentions it, hence DISTINCT
        e = rnd.choice(entities)
        return sparql_post(endpoint, f"{prefixes}SELECT DISTINCT ?p ?o WHERE {{ <{e}> ?p ?o }} # {n}")

    def twohop(rnd, n):
        p = rnd.choice(parties)
        if n % 2:
            q = (f"{prefixes}SELECT ?mediator (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a dip:Mediation ; "
                 f"dip:party <{p}> ; dip:mediator ?mediator }} GROUP BY ?mediator ORDER BY DESC(?n) # {n}")
        else:
            q = (f"{prefixes}SELECT ?venue (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e dip:participant <{p}> ; "
                 f"dip:venue ?venue }} GROUP BY ?venue ORDER BY DESC(?n) # {n}")
        return sparql_post(endpoint, q)

    names = list(dashboard)

    def dash(rnd, n):
        name = names[(n // 1_000_000 + n) % len(names)]  # threads start on different queries
        if ours:
            return ("GET", f"/queries/{name}", None, {"Accept": "application/sparql-results+json"})
        return sparql_post(endpoint, dashboard[name])

    return {"point": point, "twohop": twohop, "dashboard": dash}


# -- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=8.0, help="duration of each mix on each server")
    ap.add_argument("--workers", type=int, default=3, help="query worker processes of kg serve")
    ap.add_argument("--threads", type=lambda v: [int(x) for x in v.split(",")], default=[8],
                    help="request threads of kg serve; a comma-separated list measures each (the last is used "
                    "for --before-src)")
    ap.add_argument("--repeat", type=int, default=3, help="measured runs of each mix on each server")
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--before-src", help="a checkout of an earlier kg (the folder holding its kg/ package): "
                    "also measured, as 'kg serve (before)', to compare a change under the same load")
    ap.add_argument("--before-label", help="how the report names --before-src (e.g. 'commit abc1234')")
    ap.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "server.md"))
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="kg-bench-server-"))
    servers: list[Server] = []
    try:
        t0 = time.time()
        store_dir, nq, quads = build_data(work, args.articles)
        print(f"data: {args.articles} articles, {quads} quads in {time.time() - t0:.1f} s", file=sys.stderr)
        saved = load_saved_queries(ROOT / "queries")
        dashboard = {name: sparql_prefixes() + saved[name].render({}) for name in DASHBOARD}
        entities = [f"{ENTITY}Q{1000 + i}" for i in range(80)] + [f"{ENTITY}Q{5000 + i}" for i in range(40)] + [
            f"{ENTITY}person/envoy-{i}" for i in range(60)]
        parties = [f"{ENTITY}Q{1000 + i}" for i in range(15, 80)]

        ox_dir = work / "oxigraph"
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(ox_dir), "--file", str(nq)], check=True,
                       capture_output=True)
        # Each server is started when its turn comes and stopped after it, so none of them
        # loads data or idles on the CPU while another is measured.
        targets: list[tuple[str, list[str], int, str]] = []
        for threads in args.threads:
            p = free_port()
            label = "kg serve" if len(args.threads) == 1 else f"kg serve ({threads} threads)"
            targets.append((label, [str(BIN / "kg"), "serve", "--store", str(store_dir), "--port", str(p),
                                    "--threads", str(threads), "--workers", str(args.workers)], p, "/sparql"))
        if args.before_src:
            p = free_port()
            targets.append(("kg serve (before)", [str(BIN / "kg"), "serve", "--store", str(store_dir), "--port", str(p),
                                                  "--threads", str(args.threads[-1]), "--workers", str(args.workers)],
                            p, "/sparql"))
        p = free_port()
        targets.append(("oxigraph serve", [str(BIN / "oxigraph"), "serve", "--location", str(ox_dir), "--bind",
                                           f"127.0.0.1:{p}", "--union-default-graph"], p, "/query"))
        if not args.skip_rdflib:
            p = free_port()
            targets.append(("rdflib-endpoint", [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1",
                                                "--port", str(p), str(nq)], p, "/"))

        results: dict[str, dict[str, dict]] = {}
        for name_, argv_, port_, endpoint_ in targets:
            env = {"PYTHONPATH": os.path.abspath(args.before_src)} if name_ == "kg serve (before)" else None
            srv = Server(name_, argv_, port_, endpoint_, env)
            servers.append(srv)
            t1 = time.time()
            wait_http(srv.port, srv.endpoint + "?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"), seconds=600)
            print(f"{srv.name}: up after {time.time() - t1:.1f} s", file=sys.stderr)
            for name, make in mixes(entities, parties, dashboard, srv.name.startswith("kg serve"), srv.endpoint,
                                     range(args.articles)).items():
                # warm-up; for the dashboard, first ask each saved query once
                if name == "dashboard":
                    slow = warm_dashboard(srv.port, make, len(dashboard))
                    if slow is not None:
                        # A saved query got no answer within the client timeout: the mix would
                        # only measure the timeout. Record that and move on.
                        results.setdefault(name, {})[srv.name] = {
                            "runs": [], "rps": 0.0, "rps_min": 0.0, "rps_max": 0.0, "p50_ms": float("nan"),
                            "p95_ms": float("nan"), "errors": 1,
                            "note": f"saved query {slow!r} got no answer within {TIMEOUT:g} s"}
                        print(f"  {srv.name:16s} {name:9s} {slow} got no answer within {TIMEOUT:g} s; skipped",
                              file=sys.stderr)
                        continue
                run_mix(srv.port, make, 1.0)
                runs = []
                for _ in range(args.repeat):
                    res = run_mix(srv.port, make, args.seconds)
                    res["load1"] = os.getloadavg()[0]
                    runs.append(res)
                    print(f"  {srv.name:16s} {name:9s} {res['rps']:8.1f} req/s  p50 {res['p50_ms']:7.1f} ms  "
                          f"p95 {res['p95_ms']:7.1f} ms  errors {res['errors']}  load {res['load1']:.2f}",
                          file=sys.stderr)
                results.setdefault(name, {})[srv.name] = summarise(runs)
            srv.stop()
        write_report(Path(args.output), results, args, quads)
        print(f"wrote {args.output}", file=sys.stderr)
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def write_report(path: Path, results: dict, args, quads: int) -> None:
    lines = [
        "# SPARQL server benchmark",
        "",
        f"Run {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} by `benchmarks/server/bench_server.py` on "
        f"{os.cpu_count()} cores: {args.articles} synthetic articles ({quads} quads), {CONCURRENCY} concurrent "
        f"keep-alive clients, {args.repeat} runs of {args.seconds:g} s per mix after a 1 s warm-up; the table gives "
        "the median run and the range. Each server runs alone (started for its turn, stopped after). "
        f"`kg serve` with {args.workers} query workers and {' or '.join(map(str, args.threads))} request threads"
        + (f" (and {args.before_label or args.before_src} with {args.threads[-1]} threads as *kg serve (before)*)"
           if args.before_src else "")
        + "; `oxigraph serve --union-default-graph`; rdflib-endpoint (rdflib in-memory Dataset, union default).",
        "",
        "The machine is shared: other developers' jobs were running too. The load column is the 1-minute "
        "load average after each run (2 cores; anything over ~2 means the servers were competing for CPU), so "
        "compare servers within a mix, and expect the absolute numbers to move between runs.",
        "",
        "Mixes: **point** = the triples of one article, or the distinct triples of one entity (fresh query "
        "text each time); **twohop** = mediators of a "
        "party or venues of a participant, grouped and counted (fresh text each time, so no cache help); "
        "**dashboard** = five saved analyst queries repeated, after each was asked once (ours via "
        "`/queries/<name>` and the result cache).",
        "",
        "| mix | server | req/s | range | p50 ms | p95 ms | errors | load | vs oxigraph | vs rdflib-endpoint |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    for mix, by_server in results.items():
        ox_rps = by_server.get("oxigraph serve", {}).get("rps")
        rdf_rps = by_server.get("rdflib-endpoint", {}).get("rps")
        for name, r in by_server.items():
            vs_ox = f"{r['rps'] / ox_rps:.2f}x" if ox_rps else "-"
            vs_rdf = f"{r['rps'] / rdf_rps:.1f}x" if rdf_rps else ("n/a (0 req/s)" if rdf_rps == 0 else "-")
            loads = [run["load1"] for run in r["runs"]]
            load = f"{min(loads):.1f}–{max(loads):.1f}" if loads else "-"
            spread = f"{r['rps_min']:.0f}–{r['rps_max']:.0f}" if r["runs"] else "-"
            lines.append(f"| {mix} | {name} | {r['rps']:.1f} | {spread} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
                         f"| {r['errors']} | {load} | {vs_ox} | {vs_rdf} |")
            if r.get("note"):
                notes.append(f"- {mix}, {name}: {r['note']}; counted as 0 req/s.")
    if notes:
        lines += ["", *notes]
    lines += ["", "Raw numbers:", "", "```json", json.dumps(results, indent=1), "```", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
