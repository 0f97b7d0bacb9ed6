"""The on-disk Oxigraph store: replacement, atomicity, locking, loading, exporting."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import FormatError, StoreError, StoreLockedError
from kg.rdf.iris import article_iri
from kg.rdf.store import KGStore
from tests.conftest import make_extraction


def _graph_size(store: KGStore, article_id: str) -> int:
    g = ox.NamedNode(article_iri(article_id))
    return sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, g))


def test_reingest_replaces_without_duplicates(store):
    ex = make_extraction("a1")
    n1 = store.replace_articles([ex])
    total = len(store)
    n2 = store.replace_articles([ex])
    assert n1 == n2 > 20
    assert len(store) == total


def test_reingest_with_changed_content_drops_old_facts(store):
    store.replace_articles([make_extraction("a1", mediator="Q842")])
    store.replace_articles([make_extraction("a1", mediator="Q846")])
    rows = list(store.query(
        "PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#> SELECT ?m WHERE { ?e dip:mediator ?m }"))
    assert [r["m"].value.rsplit("/", 1)[-1] for r in rows] == ["Q846"]


def test_failed_write_leaves_previous_graph(store):
    store.replace_articles([make_extraction("a1")])
    before = _graph_size(store, "a1")
    bad = {article_iri("a1"): [ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"),
                                        ox.Literal("v"), ox.NamedNode(article_iri("a1")))],
           "not an iri": []}
    with pytest.raises(Exception):  # noqa: B017 - any failure will do, the point is atomicity
        store.replace_graphs(bad)
    assert _graph_size(store, "a1") == before


def test_same_qid_is_one_node_across_articles(store):
    store.replace_articles([make_extraction("a1"), make_extraction("a2")])
    rows = list(store.query(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { <https://w3id.org/diplomacy-kg/entity/Q842> ?p ?o } }"))
    assert int(rows[0]["n"].value) == 2


def test_generation_changes_on_every_write(store):
    g0 = store.generation()
    store.replace_articles([make_extraction("a1")])
    g1 = store.generation()
    store.update("INSERT DATA { <http://x/s> <http://x/p> 1 }")
    assert g0 < g1 < store.generation()


def test_second_writer_gets_a_clear_lock_error(store_dir):
    with KGStore(store_dir):
        code = textwrap.dedent(f"""
            from kg.rdf.store import KGStore
            from kg.errors import StoreLockedError
            try:
                KGStore({str(store_dir)!r})
            except StoreLockedError as e:
                print(str(e))
        """)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "[KG202]" in out.stdout and "kg serve" in out.stdout


def test_lock_error_in_same_process(store_dir):
    with KGStore(store_dir), pytest.raises(StoreLockedError):
        KGStore(store_dir)


def test_read_only_open_of_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="kg ingest"):
        KGStore(tmp_path / "nothing", read_only=True)


def test_killed_ingest_leaves_whole_articles(store_dir):
    """Kill a writer mid-run: every article graph left is complete (same size as a clean one)."""
    repo = Path(__file__).resolve().parents[2]
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(repo)!r})
        from tests.conftest import make_extraction
        from kg.rdf.store import KGStore
        s = KGStore({str(store_dir)!r})
        i = 0
        while True:
            s.replace_articles([make_extraction(f"k{{i}}-{{j}}") for j in range(20)])
            i += 1
            if i == 3:
                s.flush()
                print("ready", flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()
    with KGStore(None) as ref:
        ref.replace_articles([make_extraction("k0-0")])
        expected = _graph_size(ref, "k0-0")
    with KGStore(store_dir) as s:
        graphs = list(s.article_graphs())
        assert len(graphs) >= 60
        for g in graphs:
            art_id = g.rsplit("/", 1)[-1]
            assert _graph_size(s, art_id) == expected, g


def test_bulk_load_turtle_into_graph_and_gzip_nquads(store, tmp_path):
    ttl = tmp_path / "extra.ttl"
    ttl.write_text("<http://x/a> <http://x/p> <http://x/b> .\n<http://x/a> <http://x/p> \"c\" .\n")
    assert store.load(ttl, graph="http://x/g") == 2
    nq = tmp_path / "more.nq.gz"
    with gzip.open(nq, "wt") as fh:
        fh.write("<http://x/a> <http://x/q> <http://x/b> <http://x/g2> .\n")
    assert store.load(nq) == 1
    names = {g.value for g in store.oxigraph.named_graphs()}
    assert {"http://x/g", "http://x/g2"} <= names


def test_load_rejects_unknown_extension_and_bad_syntax(store, tmp_path):
    odd = tmp_path / "file.xyz"
    odd.write_text("x")
    with pytest.raises(FormatError, match="--format"):
        store.load(odd)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/a> <http://x/p> .")
    with pytest.raises(FormatError, match="not valid"):
        store.load(bad)


@pytest.mark.parametrize("fmt,rdflib_fmt,dataset", [
    ("nquads", "nquads", True), ("trig", "trig", True), ("jsonld", "json-ld", True),
    ("turtle", "turtle", False), ("ntriples", "nt", False), ("rdfxml", "xml", False),
])
def test_export_formats_parse_back(store, fmt, rdflib_fmt, dataset):
    store.replace_articles([make_extraction("a1"), make_extraction("a2")])
    buf = io.BytesIO()
    store.export(buf, fmt)
    if dataset:
        ds = rdflib.Dataset()
        ds.parse(data=buf.getvalue(), format=rdflib_fmt)
        graphs = {str(g.identifier) for g in ds.graphs()}
        assert {article_iri("a1"), article_iri("a2")} <= graphs
        assert not any(g.endswith("/meta") for g in graphs)
    else:
        g = rdflib.Graph().parse(data=buf.getvalue(), format=rdflib_fmt)
        assert (rdflib.URIRef(article_iri("a1")), rdflib.RDF.type,
                rdflib.URIRef("https://w3id.org/diplomacy-kg/ontology#Article")) in g


def test_rdflib_view_sees_article_graphs(store):
    store.replace_articles([make_extraction("a1")])
    ds = store.rdflib_dataset()
    rows = list(ds.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/diplomacy-kg/ontology#Article> } }"))
    assert [str(r[0]) for r in rows] == [article_iri("a1")]


def test_stats_counts(store):
    store.replace_articles([make_extraction("a1")])
    s = store.stats()
    assert s["articles"] == 1
    assert s["entities"] == {"Person": 1, "Organization": 0, "Location": 4}
    assert s["events"] == {"Mediation": 1, "Meeting": 1}
    assert s["roles"] == {"Mediator": 1, "Envoy": 1, "Venue": 1}


def test_reading_a_store_held_by_a_writer_warns_and_works(store_dir):
    with KGStore(store_dir) as writer:
        writer.replace_articles([make_extraction("a1")])
        writer.flush()
        code = textwrap.dedent(f"""
            import warnings
            from kg.rdf.store import KGStore
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                r = KGStore({str(store_dir)!r}, read_only=True)
                print(r.shared_with_writer, len(list(r.article_graphs())), "kg serve" in str(w[0].message))
        """)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["True", "1", "True"], out.stderr


def test_reading_a_free_store_takes_no_shortcut(store_dir):
    with KGStore(store_dir) as writer:
        writer.replace_articles([make_extraction("a1")])
    with KGStore(store_dir, read_only=True) as reader:
        assert not reader.shared_with_writer
        with pytest.raises(StoreError):
            reader.replace_articles([make_extraction("a2")])


def test_generation_rises_across_bulk_and_transactional_writes(store):
    seen = [store.generation()]
    for step in ("a1", "a2", "a1", "delete", "a3"):
        if step == "delete":
            store.delete_articles(["a2"])
        else:
            store.replace_articles([make_extraction(step)])  # a1 twice: the second replaces
        seen.append(store.generation())
    assert seen == sorted(set(seen))
