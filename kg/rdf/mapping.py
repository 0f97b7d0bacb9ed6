"""Turn one :class:`~kg.model.Extraction` into the quads of its article graph.

Everything read from an article goes into the named graph whose IRI is the article's IRI,
so the graph *is* the provenance: dropping the graph forgets the article, and re-ingesting
replaces it. The terms used here are the output contract in ``docs/output-contract.md``.
"""

from __future__ import annotations

import functools
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
    return Literal(f"{max(0.0, min(1.0, value)):.3f}", datatype=_XSD_DECIMAL)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INTEGER)


def _lang_literal(text: str, lang: str | None) -> Literal:
    return Literal(text, language=lang) if lang else Literal(text)


# Terms built once: creating pyoxigraph terms is the main cost of mapping.
_XSD_DECIMAL, _XSD_INTEGER, _XSD_DATE, _XSD_ANYURI = XSD.decimal, XSD.integer, XSD.date, XSD.anyURI
_T = {name: DIP.term(name) for name in (
    "Article", "Mention", "Evidence", "DiplomaticEvent", "EnvoyAssignment", "mentions", "refersTo", "surface",
    "startOffset", "endOffset", "textField", "mentionCount", "evidence", "sentence", "confidence",
    "extractorVersion", "inArticle", "status", "date", "trigger", "cameoCode", "ploverCategory", "envoy",
    "principal", "envoyOf", "linkConfidence", "linkMethod", "office", "country", "text", "sourceFile",
)}
_LABEL, _SAMEAS = RDFS.label, OWL.sameAs
_IDENTIFIER, _LANGUAGE, _TITLE, _DATE, _SOURCE = (
    DCTERMS.identifier, DCTERMS.language, DCTERMS.title, DCTERMS.date, DCTERMS.source)
_KIND_CLASS: dict[str, NamedNode] = {}
_TITLE_FIELD = Literal("title")


@functools.lru_cache(maxsize=65536)
def entity_node(key: str) -> NamedNode:
    """The graph node of an entity key (cached: the same few thousand keys recur)."""
    return NamedNode(entity_iri(key))


@functools.lru_cache(maxsize=65536)
def _wikidata_node(qid: str) -> NamedNode:
    return NamedNode(wikidata_iri(qid))


def _kind_class(kind: str) -> NamedNode:
    node = _KIND_CLASS.get(kind)
    if node is None:
        node = _KIND_CLASS[kind] = DIP.term(kind)
    return node


def _entity_triples(entity: Entity) -> Iterator[tuple]:
    node = entity_node(entity.key)
    yield node, RDF_TYPE, BASE_CLASS[entity.type]
    sub = SUBTYPE_CLASS.get(entity.subtype or "")
    if sub is not None:
        yield node, RDF_TYPE, sub
    for lang, labels in entity.labels.items():
        for label in dict.fromkeys(labels):
            if label:
                yield node, _LABEL, _lang_literal(label, lang)
    if entity.qid:
        yield node, _SAMEAS, _wikidata_node(entity.qid)
        if entity.link_confidence is not None:
            yield node, _T["linkConfidence"], _decimal(entity.link_confidence)
        if entity.link_method:
            yield node, _T["linkMethod"], Literal(entity.link_method)
    if entity.office and entity.type == "PER":
        yield node, _T["office"], Literal(entity.office, language="en")
    if entity.country and entity.country != entity.key:
        yield node, _T["country"], entity_node(entity.country)


class _EvidenceNodes:
    """One evidence node per sentence of the article, shared by the facts read from it."""

    def __init__(self, art: NamedNode, lang: str):
        self.art, self.lang = art, lang
        self.nodes: dict[tuple[str, int, int], NamedNode] = {}

    def link(self, subject: NamedNode, evidence: Evidence) -> Iterator[tuple]:
        key = (evidence.field, evidence.start, evidence.end)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = NamedNode(f"{self.art.value}#sentence-{evidence.field}-{evidence.start}")
            yield node, RDF_TYPE, _T["Evidence"]
            yield node, _T["sentence"], _lang_literal(evidence.sentence, self.lang)
            yield node, _T["startOffset"], _int(evidence.start)
            yield node, _T["endOffset"], _int(evidence.end)
            if evidence.field != "text":
                yield node, _T["textField"], Literal(evidence.field)
            yield node, _T["extractorVersion"], Literal(evidence.extractor)
            yield node, _T["inArticle"], self.art
        yield subject, _T["evidence"], node
        yield subject, _T["confidence"], _decimal(evidence.confidence)


def extraction_triples(extraction: Extraction) -> Iterator[tuple]:
    """The triples (s, p, o) of one article graph, without the graph name."""
    article = extraction.article
    art = NamedNode(article_iri(article.id))
    lang = extraction.lang
    yield art, RDF_TYPE, _T["Article"]
    yield art, _IDENTIFIER, Literal(article.id)
    yield art, _LANGUAGE, Literal(lang)
    if article.title:
        yield art, _TITLE, _lang_literal(article.title, lang)
    if article.date:
        yield art, _DATE, Literal(article.date.isoformat(), datatype=_XSD_DATE)
    if article.url:
        yield art, _SOURCE, Literal(article.url, datatype=_XSD_ANYURI)
    if article.source:
        yield art, _T["sourceFile"], Literal(article.source)
    yield art, _T["text"], _lang_literal(article.text, lang)

    for n, entity in enumerate(extraction.entities.values()):
        node = entity_node(entity.key)
        yield art, _T["mentions"], node
        yield from _entity_triples(entity)
        if entity.mentions:
            # One node for the first mention plus the count: enough to find the entity in
            # the text, while keeping article graphs small (store writes cost per quad).
            first = entity.mentions[0]
            m = NamedNode(f"{art.value}#mention-{n}")
            yield m, RDF_TYPE, _T["Mention"]
            yield m, _T["refersTo"], node
            yield m, _T["surface"], _lang_literal(first.text, lang)
            yield m, _T["startOffset"], _int(first.start)
            yield m, _T["endOffset"], _int(first.end)
            if first.field != "text":
                yield m, _T["textField"], _TITLE_FIELD
            yield m, _T["mentionCount"], _int(len(entity.mentions))

    for role, cls in ROLE_CLASS.items():
        for key in sorted(extraction.role_holders(role)):
            yield entity_node(key), RDF_TYPE, cls

    evidence = _EvidenceNodes(art, lang)
    for i, event in enumerate(extraction.events):
        ev = NamedNode(event_iri(article.id, i))
        yield ev, RDF_TYPE, _T["DiplomaticEvent"]
        yield ev, RDF_TYPE, _kind_class(event.kind)
        yield ev, _T["inArticle"], art
        for attr, prop in _ROLE_PROPERTIES:
            for key in dict.fromkeys(getattr(event, attr)):
                yield ev, prop, entity_node(key)
        if event.status:
            yield ev, _T["status"], Literal(event.status)
        if event.date:
            yield ev, _T["date"], Literal(event.date.isoformat(), datatype=_XSD_DATE)
        if event.trigger:
            yield ev, _T["trigger"], _lang_literal(event.trigger, lang)
        if event.cameo:
            yield ev, _T["cameoCode"], Literal(event.cameo)
        if event.plover:
            yield ev, _T["ploverCategory"], Literal(event.plover)
        yield from evidence.link(ev, event.evidence)

    for i, rel in enumerate(extraction.envoys):
        envoy = entity_node(rel.envoy)
        node = NamedNode(f"{art.value}#envoy-{i}")
        yield node, RDF_TYPE, _T["EnvoyAssignment"]
        yield node, _T["envoy"], envoy
        yield node, _T["inArticle"], art
        if rel.principal:
            principal = entity_node(rel.principal)
            yield envoy, _T["envoyOf"], principal
            yield node, _T["principal"], principal
        yield from evidence.link(node, rel.evidence)


def extraction_quads(extraction: Extraction) -> list[Quad]:
    """All quads of one article graph (deduplicated, order kept)."""
    graph = NamedNode(article_iri(extraction.article.id))
    return [Quad(s, p, o, graph) for s, p, o in dict.fromkeys(extraction_triples(extraction))]
