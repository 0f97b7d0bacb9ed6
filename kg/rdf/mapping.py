"""Turn one :class:`~kg.model.Extraction` into the quads of its article graph.

Everything read from an article goes into the named graph whose IRI is the article's IRI,
so the graph *is* the provenance: dropping the graph forgets the article, and re-ingesting
replaces it. The terms used here are the output contract in ``docs/output-contract.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg.model import Entity, Evidence, Extraction
from kg.rdf.iris import article_iri, entity_iri, event_iri, wikidata_iri
from kg.rdf.namespace import DCTERMS, DIP, OWL, RDF_TYPE, RDFS, XSD

#: Base class asserted for each coarse entity type (the contract asks for it explicitly).
BASE_CLASS = {"PER": DIP.Person, "ORG": DIP.Organization, "LOC": DIP.Location}

#: Extra classes asserted for gazetteer subtypes.
SUBTYPE_CLASS = {
    "Country": DIP.Country,
    "City": DIP.City,
    "Region": DIP.Region,
    "Building": DIP.Building,
    "Outlet": DIP.NewsOutlet,
}

ROLE_CLASS = {"Mediator": DIP.Mediator, "Envoy": DIP.Envoy, "Venue": DIP.Venue}

_ROLE_PROPERTIES = (
    ("mediators", DIP.mediator),
    ("parties", DIP.party),
    ("participants", DIP.participant),
    ("venues", DIP.venue),
)


def _decimal(value: float) -> Literal:
    return Literal(f"{max(0.0, min(1.0, value)):.3f}", datatype=XSD.decimal)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def _lang_literal(text: str, lang: str | None) -> Literal:
    return Literal(text, language=lang) if lang else Literal(text)


def _entity_triples(entity: Entity) -> Iterator[tuple]:
    node = NamedNode(entity_iri(entity.key))
    yield node, RDF_TYPE, BASE_CLASS[entity.type]
    sub = SUBTYPE_CLASS.get(entity.subtype or "")
    if sub is not None:
        yield node, RDF_TYPE, sub
    if entity.subtype == "Country":
        yield node, RDF_TYPE, DIP.Actor
    seen: set[tuple[str, str]] = set()
    for lang, labels in entity.labels.items():
        for label in labels:
            if label and (label, lang) not in seen:
                seen.add((label, lang))
                yield node, RDFS.label, _lang_literal(label, lang)
    if entity.qid:
        yield node, OWL.sameAs, NamedNode(wikidata_iri(entity.qid))
        if entity.link_confidence is not None:
            yield node, DIP.linkConfidence, _decimal(entity.link_confidence)
        if entity.link_method:
            yield node, DIP.linkMethod, Literal(entity.link_method)
    if entity.office and entity.type == "PER":
        yield node, DIP.office, Literal(entity.office, language="en")
    if entity.country and entity.country != entity.key:
        yield node, DIP.country, NamedNode(entity_iri(entity.country))


def _evidence_triples(node: NamedNode, evidence: Evidence, article: NamedNode, lang: str):
    ev = NamedNode(node.value + ("-evidence" if "#" in node.value else "#evidence"))
    yield node, DIP.evidence, ev
    yield ev, RDF_TYPE, DIP.Evidence
    yield ev, DIP.sentence, _lang_literal(evidence.sentence, lang)
    yield ev, DIP.startOffset, _int(evidence.start)
    yield ev, DIP.endOffset, _int(evidence.end)
    yield ev, DIP.textField, Literal(evidence.field)
    yield ev, DIP.confidence, _decimal(evidence.confidence)
    yield ev, DIP.extractorVersion, Literal(evidence.extractor)
    yield ev, DIP.inArticle, article


def extraction_triples(extraction: Extraction) -> Iterator[tuple]:
    """The triples (s, p, o) of one article graph, without the graph name."""
    article = extraction.article
    art = NamedNode(article_iri(article.id))
    lang = extraction.lang
    yield art, RDF_TYPE, DIP.Article
    yield art, DCTERMS.identifier, Literal(article.id)
    yield art, DCTERMS.language, Literal(lang)
    if article.title:
        yield art, DCTERMS.title, _lang_literal(article.title, lang)
    if article.date:
        yield art, DCTERMS.date, Literal(article.date.isoformat(), datatype=XSD.date)
    if article.url:
        yield art, DCTERMS.source, Literal(article.url, datatype=XSD.anyURI)
    if article.source:
        yield art, DIP.sourceFile, Literal(article.source)
    yield art, DIP.text, _lang_literal(article.text, lang)

    for n, entity in enumerate(extraction.entities.values()):
        node = NamedNode(entity_iri(entity.key))
        yield art, DIP.mentions, node
        yield from _entity_triples(entity)
        if entity.mentions:
            # One node for the first mention plus the count: enough to find the entity in
            # the text, while keeping article graphs small (store writes cost per quad).
            first = entity.mentions[0]
            m = NamedNode(f"{art.value}#mention-{n}")
            yield m, RDF_TYPE, DIP.Mention
            yield m, DIP.refersTo, node
            yield m, DIP.surface, _lang_literal(first.text, lang)
            yield m, DIP.startOffset, _int(first.start)
            yield m, DIP.endOffset, _int(first.end)
            if first.field != "text":
                yield m, DIP.textField, Literal(first.field)
            yield m, DIP.mentionCount, _int(len(entity.mentions))

    for role, cls in ROLE_CLASS.items():
        for key in sorted(extraction.role_holders(role)):
            yield NamedNode(entity_iri(key)), RDF_TYPE, cls

    for i, event in enumerate(extraction.events):
        ev = NamedNode(event_iri(article.id, i))
        yield ev, RDF_TYPE, DIP.DiplomaticEvent
        yield ev, RDF_TYPE, DIP.term(event.kind)
        yield ev, DIP.inArticle, art
        for attr, prop in _ROLE_PROPERTIES:
            for key in dict.fromkeys(getattr(event, attr)):
                yield ev, prop, NamedNode(entity_iri(key))
        if event.status:
            yield ev, DIP.status, Literal(event.status)
        if event.date:
            yield ev, DIP.date, Literal(event.date.isoformat(), datatype=XSD.date)
        if event.trigger:
            yield ev, DIP.trigger, _lang_literal(event.trigger, lang)
        if event.cameo:
            yield ev, DIP.cameoCode, Literal(event.cameo)
        if event.plover:
            yield ev, DIP.ploverCategory, Literal(event.plover)
        yield from _evidence_triples(ev, event.evidence, art, lang)

    for i, rel in enumerate(extraction.envoys):
        envoy = NamedNode(entity_iri(rel.envoy))
        node = NamedNode(f"{art.value}#envoy-{i}")
        yield node, RDF_TYPE, DIP.EnvoyAssignment
        yield node, DIP.envoy, envoy
        yield node, DIP.inArticle, art
        if rel.principal:
            principal = NamedNode(entity_iri(rel.principal))
            yield envoy, DIP.envoyOf, principal
            yield node, DIP.principal, principal
        yield from _evidence_triples(node, rel.evidence, art, lang)


def extraction_quads(extraction: Extraction) -> list[Quad]:
    """All quads of one article graph (deduplicated, order kept)."""
    graph = NamedNode(article_iri(extraction.article.id))
    seen: dict[tuple, None] = dict.fromkeys(extraction_triples(extraction))
    return [Quad(s, p, o, graph) for s, p, o in seen]
