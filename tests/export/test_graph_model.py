"""The shared graph model: what becomes a node, which edges, and how the filters cut it."""

from __future__ import annotations

import pytest

from kg.errors import ConfigError, QueryError
from kg.export.graph_model import GraphOptions, build_graph
from tests.export import expected
from tests.export.conftest import TRICKY


def _edges(graph) -> dict[tuple[str, str, str], set[str]]:
    return {(u, v, d["relation"]): set(d["evidence"]) for u, v, d in graph.edges(data=True)}


@pytest.mark.parametrize(
    "options, article_filter, types",
    [
        ({}, "", ("PER", "ORG", "LOC")),
        ({"since": "2026-01-01"}, expected.since("2026-01-01"), ("PER", "ORG", "LOC")),
        ({"source": "ARABIC.example"}, expected.source("arabic.example"), ("PER", "ORG", "LOC")),
        ({"source": "wire/"}, expected.source("wire/"), ("PER", "ORG", "LOC")),
        ({"entity_types": ["PER", "ORG"]}, "", ("PER", "ORG")),
        ({"entity_types": "LOC"}, "", ("LOC",)),
    ],
    ids=["all-articles", "since", "source-url", "source-file", "per-org", "loc"],
)
def test_actor_graph_matches_sparql(graph_store, options, article_filter, types):
    graph = build_graph(graph_store, **options)
    nodes, edges = expected.actor_graph(graph_store, article_filter, types)
    assert set(graph.nodes) == nodes
    assert _edges(graph) == edges
    for u, v, d in graph.edges(data=True):
        assert d["weight"] == len(edges[(u, v, d["relation"])])


def test_filters_change_counts(graph_store):
    everything = build_graph(graph_store)
    recent = build_graph(graph_store, since="2026-01-01")
    old = build_graph(graph_store, until="2025")
    assert recent.number_of_nodes() < everything.number_of_nodes()
    assert old.number_of_nodes() < everything.number_of_nodes()
    # The undated article passes no date filter: Qatar's Egypt/Israel mediation is gone.
    assert "https://w3id.org/diplomacy-kg/entity/Q79" in everything
    assert "https://w3id.org/diplomacy-kg/entity/Q79" not in recent
    assert "https://w3id.org/diplomacy-kg/entity/Q79" not in old
    assert build_graph(graph_store, source="no-such-source").number_of_nodes() == 0


def test_node_attributes(graph_store):
    graph = build_graph(graph_store)
    un = graph.nodes["https://w3id.org/diplomacy-kg/entity/Q1065"]
    assert (un["label"], un["label_en"], un["label_ar"]) == ("United Nations", "United Nations", "الأمم المتحدة")
    assert (un["type"], un["qid"], un["color"]) == ("ORG", "Q1065", "#59a14f")
    assert (un["first_seen"], un["last_seen"]) == ("2025-12-10", "2025-12-10")
    us = graph.nodes["https://w3id.org/diplomacy-kg/entity/Q30"]
    assert us["subtype"] == "Country" and us["articles"] == 3
    assert (us["first_seen"], us["last_seen"]) == ("2025-12-10", "2026-03-01")
    hans = graph.nodes["https://w3id.org/diplomacy-kg/entity/person/hans"]
    assert hans["label"] == TRICKY and hans["qid"] == "" and hans["office"] == "special envoy"


def test_edge_evidence_and_sentences(graph_store):
    graph = build_graph(graph_store)
    envoy = graph.edges["https://w3id.org/diplomacy-kg/entity/person/hans",
                        "https://w3id.org/diplomacy-kg/entity/Q1065", "envoy of"]
    assert envoy["evidence"] == ["https://w3id.org/diplomacy-kg/article/ar-geneva"]
    assert envoy["sentences"][0].startswith("عقدت الأمم المتحدة")
    meets = [d for _, _, d in graph.edges(data=True) if d["relation"] == "meets"]
    assert meets and not any(d["directed"] for d in meets)


def test_events_mode(graph_store):
    graph = build_graph(graph_store, nodes="events")
    n_events = expected.count(graph_store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dip:DiplomaticEvent }")
    n_actors = len(expected.actor_graph(graph_store)[0])
    assert graph.number_of_nodes() == n_events + n_actors
    roles = expected.count(graph_store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?e ?p ?x WHERE { "
                                        "?e ?p ?x VALUES ?p { dip:mediator dip:party dip:participant } } }")
    assert sum(1 for *_, d in graph.edges(data=True) if d["relation"] == "participated in") == roles
    assert not any(d["relation"] == "meets" for *_, d in graph.edges(data=True))
    kinds = {d["type"] for _, d in graph.nodes(data=True) if d["kind"] == "event"}
    assert kinds == {"Mediation", "Meeting", "Summit", "Statement"}
    # An entity-type filter drops events left with no actor (and the Statement had none).
    per = build_graph(graph_store, nodes="events", entity_types=["PER"])
    assert {d["type"] for _, d in per.nodes(data=True)} == {"PER", "Summit"}


def test_all_mode_draws_every_resource(graph_store):
    graph = build_graph(graph_store, nodes="all")
    resources = expected.count(graph_store, """SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?g {
        { ?r ?p ?o } UNION { ?s ?q ?r FILTER(isIRI(?r) && ?q NOT IN (rdf:type, owl:sameAs)) } }
        FILTER(?g != <https://w3id.org/diplomacy-kg/meta>) }""".replace(
        "rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>").replace(
        "owl:sameAs", "<http://www.w3.org/2002/07/owl#sameAs>"))
    assert graph.number_of_nodes() == resources
    types = {d["type"] for _, d in graph.nodes(data=True)}
    assert {"Article", "Evidence", "Mention", "EnvoyAssignment", "PER", "Summit"} <= types


def test_construct_draws_the_query_result(graph_store, tmp_path):
    query = tmp_path / "mediations.rq"
    query.write_text(expected.PREFIXES + "CONSTRUCT { ?ev ?p ?o } WHERE { ?ev a dip:Mediation ; ?p ?o }")
    graph = build_graph(graph_store, construct=str(query))
    assert {d["relation"] for *_, d in graph.edges(data=True)} == {"mediates between"}
    # Labels come from the store although the query did not ask for them.
    assert graph.nodes["https://w3id.org/diplomacy-kg/entity/Q79"]["label"] == "Egypt"
    # Article filters still apply: dates are looked up in the store.
    dated = build_graph(graph_store, construct=str(query), since="2026-01-01")
    assert "https://w3id.org/diplomacy-kg/entity/Q79" not in dated
    assert dated.number_of_edges() == 4


@pytest.mark.parametrize(
    "options, error",
    [
        ({"nodes": "everything"}, ConfigError),
        ({"since": "last week"}, ConfigError),
        ({"entity_types": ["GPE"]}, ConfigError),
        ({"construct": "SELECT * WHERE { ?s ?p ?o }"}, QueryError),
        ({"construct": "CONSTRUCT WHERE {"}, QueryError),
        ({"construct": "missing.rq"}, ConfigError),
    ],
)
def test_bad_options_raise_typed_errors(graph_store, options, error):
    with pytest.raises(error):
        build_graph(graph_store, **options)


def test_options_parse_years_and_lists():
    opts = GraphOptions.parse(since="2024", until="2024", entity_types="per, org")
    assert (str(opts.since), str(opts.until)) == ("2024-01-01", "2024-12-31")
    assert opts.entity_types == {"PER", "ORG"}


def test_precomputed_triples_and_bare_oxigraph_store(graph_store):
    query = expected.PREFIXES + "CONSTRUCT { ?ev ?p ?o } WHERE { ?ev a dip:Mediation ; ?p ?o }"
    from_text = build_graph(graph_store, construct=query)
    # A server runs the CONSTRUCT in its own worker and hands over the triples.
    from_triples = build_graph(graph_store.oxigraph, triples=list(graph_store.query(query)))
    assert set(from_triples.edges(keys=True)) == set(from_text.edges(keys=True))
    assert build_graph(graph_store.oxigraph).number_of_nodes() == build_graph(graph_store).number_of_nodes()
