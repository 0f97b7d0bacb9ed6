"""The article graph follows the output contract and uses only terms the ontology defines."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from kg.model import EVENT_KINDS
from kg.rdf.iris import article_iri, entity_iri, entity_key
from kg.rdf.mapping import SUBTYPE_CLASS, extraction_quads
from kg.rdf.namespace import DIP_NS
from kg.resources import resource_path
from kg.validate import validate_store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _ontology_terms() -> set[str]:
    g = rdflib.Graph().parse(resource_path("ontology", "diplomacy.ttl"))
    return {str(s) for s in g.subjects() if str(s).startswith(DIP_NS)}


def test_every_emitted_dip_term_is_defined(extraction):
    used = set()
    for q in extraction_quads(extraction):
        if q.predicate.value.startswith(DIP_NS):
            used.add(q.predicate.value)
        if q.predicate.value == RDF_TYPE and q.object.value.startswith(DIP_NS):
            used.add(q.object.value)
    # kinds and subtypes the mapper can emit, even if this fixture does not use them all
    used |= {DIP_NS + k for k in EVENT_KINDS} | {c.value for c in SUBTYPE_CLASS.values()}
    missing = used - _ontology_terms()
    assert not missing, f"terms emitted but not in ontology/diplomacy.ttl: {sorted(missing)}"


def test_everything_sits_in_the_article_graph(extraction):
    graphs = {q.graph_name.value for q in extraction_quads(extraction)}
    assert graphs == {article_iri("a1")}


def test_contract_base_class_labels_sameas_roles_relations(extraction):
    store = ox.Store()
    store.extend(extraction_quads(extraction))
    dip = DIP_NS

    def ask(pattern: str) -> bool:
        return bool(store.query(f"PREFIX dip: <{dip}> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
                                f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                                f"PREFIX dcterms: <http://purl.org/dc/terms/> ASK {{ GRAPH ?g {{ {pattern} }} }}"))

    oman = f"<{entity_iri('Q842')}>"
    assert ask("?g a dip:Article ; dcterms:identifier 'a1'")
    assert ask(f"{oman} a dip:Location , dip:Country ; owl:sameAs <http://www.wikidata.org/entity/Q842>")
    assert ask(f"{oman} rdfs:label ?l FILTER(lang(?l) = 'ar')")
    assert ask(f"{oman} a dip:Mediator")
    assert ask(f"?m a dip:Mediation ; dip:mediator {oman} ; dip:party <{entity_iri('Q794')}> , <{entity_iri('Q30')}>")
    assert ask(f"?e dip:venue <{entity_iri('Q3826')}> ; dip:participant <{entity_iri('Q794')}>")
    assert ask(f"<{entity_iri('PER:jane-envoy')}> a dip:Envoy , dip:Person ; dip:envoyOf <{entity_iri('Q30')}>")
    assert ask("?ev dip:confidence ?c ; dip:evidence ?x . ?x dip:sentence ?s ; dip:startOffset 0 ; dip:extractorVersion ?v")
    assert not ask("?x rdfs:label ?l FILTER(lang(?l) = '')")


def test_entity_keys_are_stable_and_qid_first():
    assert entity_key("PER", "Samir al-Rashidi") == entity_key("PER", "samir  al rashidi") == "PER:samir-al-rashidi"
    assert entity_key("LOC", "Ankara", qid="Q3640") == "Q3640"
    assert entity_key("PER", "عباس عراقجي") == entity_key("PER", "عبّاس عراقجى")
    assert entity_iri("PER:samir-al-rashidi").endswith("/entity/person/samir-al-rashidi")
    ox.NamedNode(entity_iri(entity_key("ORG", "وزارة الخارجية الإيرانية")))  # a valid IRI


def test_fixture_store_passes_shacl(store, extraction):
    store.replace_articles([extraction])
    report = validate_store(store)
    assert report.conforms, report.text
    assert report.graphs == 1


def test_shacl_catches_a_broken_article_graph(store, extraction):
    store.replace_articles([extraction])
    g = article_iri("a1")
    store.update(f"DELETE WHERE {{ GRAPH <{g}> {{ ?e <{DIP_NS}evidence> ?x }} }}")
    store.update(f"DELETE WHERE {{ GRAPH <{g}> {{ <{entity_iri('Q30')}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}")
    report = validate_store(store)
    assert not report.conforms
    assert report.violations >= 3  # two events without evidence, one entity without a label
    assert "dip:evidence" in report.text or "evidence" in report.text


def test_literals_round_trip_exactly(store, extraction):
    """Quotes, backslashes, line breaks and control characters come back as written."""
    import dataclasses

    odd = 'He said "yes" \\ then\nleft\r\tok \x00\x1f\x7f \U0001F600 قال'
    ex = dataclasses.replace(extraction, article=dataclasses.replace(extraction.article, text=odd, title=odd))
    texts = [q.object.value for q in extraction_quads(ex) if q.predicate.value == DIP_NS + "text"]
    assert texts == [odd]
    store.replace_articles([ex])
    rows = list(store.query(f"SELECT ?t WHERE {{ ?a <{DIP_NS}text> ?t }}"))
    assert [r["t"].value for r in rows] == [odd]
