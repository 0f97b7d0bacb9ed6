"""Turn one :class:`~kg.model.Extraction` into the quads of its article graph.

Everything read from an article goes into the named graph whose IRI is the article's IRI,
so the graph *is* the provenance: dropping the graph forgets the article, and re-ingesting
replaces it. The terms used here are the output contract in ``docs/output-contract.md``.

The mapping writes N-Triples terms as strings: the store loads a batch of articles as one
N-Quads document (parsed in Rust), which is several times cheaper than creating a
pyoxigraph term per node from Python. :func:`extraction_quads` parses the same text back
for callers that want pyoxigraph quads, so there is one mapping, not two.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

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
    ("mediators", str(DIP.mediator)),
    ("parties", str(DIP.party)),
    ("participants", str(DIP.participant)),
    ("venues", str(DIP.venue)),
)

# -- N-Triples terms -------------------------------------------------------------------------
# A literal needs escaping only for quotes, backslashes and control characters; the common
# case (no such character) costs one regex scan.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def _quoted(text: str) -> str:
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"'


_XSD_DECIMAL, _XSD_INTEGER, _XSD_DATE, _XSD_ANYURI = (
    f"^^{XSD.decimal}", f"^^{XSD.integer}", f"^^{XSD.date}", f"^^{XSD.anyURI}")


def _decimal(value: float) -> str:
    return f'"{max(0.0, min(1.0, value)):.3f}"{_XSD_DECIMAL}'


def _int(value: int) -> str:
    return f'"{int(value)}"{_XSD_INTEGER}'


def _lang_literal(text: str, lang: str | None) -> str:
    return f"{_quoted(text)}@{lang}" if lang else _quoted(text)


def _iri(value: str) -> str:
    return f"<{value}>"


_TYPE = str(RDF_TYPE)
_T = {name: str(DIP.term(name)) for name in (
    "Article", "Mention", "Evidence", "DiplomaticEvent", "EnvoyAssignment", "mentions", "refersTo", "surface",
    "startOffset", "endOffset", "textField", "mentionCount", "evidence", "sentence", "confidence",
    "extractorVersion", "inArticle", "status", "date", "trigger", "cameoCode", "ploverCategory", "envoy",
    "principal", "envoyOf", "linkConfidence", "linkMethod", "office", "country", "text", "sourceFile",
)}
_BASE_CLASS = {k: str(v) for k, v in BASE_CLASS.items()}
_SUBTYPE_CLASS = {k: str(v) for k, v in SUBTYPE_CLASS.items()}
_ROLE_CLASS = {k: str(v) for k, v in ROLE_CLASS.items()}
_LABEL, _SAMEAS = str(RDFS.label), str(OWL.sameAs)
_IDENTIFIER, _LANGUAGE, _TITLE, _DATE, _SOURCE = (
    str(DCTERMS.identifier), str(DCTERMS.language), str(DCTERMS.title), str(DCTERMS.date), str(DCTERMS.source))
_KIND_CLASS: dict[str, str] = {}
_TITLE_FIELD = _quoted("title")


@functools.lru_cache(maxsize=65536)
def entity_node(key: str) -> NamedNode:
    """The graph node of an entity key."""
    return NamedNode(entity_iri(key))


@functools.lru_cache(maxsize=65536)
def _entity(key: str) -> str:
    """The N-Triples IRI of an entity key (cached: the same few thousand keys recur)."""
    return _iri(entity_iri(key))


@functools.lru_cache(maxsize=65536)
def _wikidata(qid: str) -> str:
    return _iri(wikidata_iri(qid))


def _kind_class(kind: str) -> str:
    node = _KIND_CLASS.get(kind)
    if node is None:
        node = _KIND_CLASS[kind] = str(DIP.term(kind))
    return node


def _entity_triples(entity: Entity) -> Iterator[str]:
    node = _entity(entity.key)
    yield f"{node} {_TYPE} {_BASE_CLASS[entity.type]}"
    sub = _SUBTYPE_CLASS.get(entity.subtype or "")
    if sub is not None:
        yield f"{node} {_TYPE} {sub}"
    for lang, labels in entity.labels.items():
        for label in dict.fromkeys(labels):
            if label:
                yield f"{node} {_LABEL} {_lang_literal(label, lang)}"
    if entity.qid:
        yield f"{node} {_SAMEAS} {_wikidata(entity.qid)}"
        if entity.link_confidence is not None:
            yield f"{node} {_T['linkConfidence']} {_decimal(entity.link_confidence)}"
        if entity.link_method:
            yield f"{node} {_T['linkMethod']} {_quoted(entity.link_method)}"
    if entity.office and entity.type == "PER":
        yield f"{node} {_T['office']} {_quoted(entity.office)}@en"
    if entity.country and entity.country != entity.key:
        yield f"{node} {_T['country']} {_entity(entity.country)}"


class _EvidenceNodes:
    """One evidence node per sentence of the article, shared by the facts read from it."""

    def __init__(self, art: str, lang: str):
        self.art, self.lang = art, lang  # art: the article IRI, without brackets
        self.nodes: dict[tuple[str, int, int], str] = {}

    def link(self, subject: str, evidence: Evidence) -> Iterator[str]:
        key = (evidence.field, evidence.start, evidence.end)
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = f"<{self.art}#sentence-{evidence.field}-{evidence.start}>"
            yield f"{node} {_TYPE} {_T['Evidence']}"
            yield f"{node} {_T['sentence']} {_lang_literal(evidence.sentence, self.lang)}"
            yield f"{node} {_T['startOffset']} {_int(evidence.start)}"
            yield f"{node} {_T['endOffset']} {_int(evidence.end)}"
            if evidence.field != "text":
                yield f"{node} {_T['textField']} {_quoted(evidence.field)}"
            yield f"{node} {_T['extractorVersion']} {_quoted(evidence.extractor)}"
            yield f"{node} {_T['inArticle']} <{self.art}>"
        yield f"{subject} {_T['evidence']} {node}"
        yield f"{subject} {_T['confidence']} {_decimal(evidence.confidence)}"


def _triples(extraction: Extraction) -> Iterator[str]:
    article = extraction.article
    art_iri = article_iri(article.id)
    art = _iri(art_iri)
    lang = extraction.lang
    yield f"{art} {_TYPE} {_T['Article']}"
    yield f"{art} {_IDENTIFIER} {_quoted(article.id)}"
    yield f"{art} {_LANGUAGE} {_quoted(lang)}"
    if article.title:
        yield f"{art} {_TITLE} {_lang_literal(article.title, lang)}"
    if article.date:
        yield f'{art} {_DATE} "{article.date.isoformat()}"{_XSD_DATE}'
    if article.url:
        yield f"{art} {_SOURCE} {_quoted(article.url)}{_XSD_ANYURI}"
    if article.source:
        yield f"{art} {_T['sourceFile']} {_quoted(article.source)}"
    yield f"{art} {_T['text']} {_lang_literal(article.text, lang)}"

    mentions = _T["mentions"]
    for n, entity in enumerate(extraction.entities.values()):
        node = _entity(entity.key)
        yield f"{art} {mentions} {node}"
        yield from _entity_triples(entity)
        if entity.mentions:
            # One node for the first mention plus the count: enough to find the entity in
            # the text, while keeping article graphs small (store writes cost per quad).
            first = entity.mentions[0]
            m = f"<{art_iri}#mention-{n}>"
            yield f"{m} {_TYPE} {_T['Mention']}"
            yield f"{m} {_T['refersTo']} {node}"
            yield f"{m} {_T['surface']} {_lang_literal(first.text, lang)}"
            yield f"{m} {_T['startOffset']} {_int(first.start)}"
            yield f"{m} {_T['endOffset']} {_int(first.end)}"
            if first.field != "text":
                yield f"{m} {_T['textField']} {_TITLE_FIELD}"
            yield f"{m} {_T['mentionCount']} {_int(len(entity.mentions))}"

    for role, cls in _ROLE_CLASS.items():
        for key in sorted(extraction.role_holders(role)):
            yield f"{_entity(key)} {_TYPE} {cls}"

    evidence = _EvidenceNodes(art_iri, lang)
    for i, event in enumerate(extraction.events):
        ev = _iri(event_iri(article.id, i))
        yield f"{ev} {_TYPE} {_T['DiplomaticEvent']}"
        yield f"{ev} {_TYPE} {_kind_class(event.kind)}"
        yield f"{ev} {_T['inArticle']} {art}"
        for attr, prop in _ROLE_PROPERTIES:
            for key in dict.fromkeys(getattr(event, attr)):
                yield f"{ev} {prop} {_entity(key)}"
        if event.status:
            yield f"{ev} {_T['status']} {_quoted(event.status)}"
        if event.date:
            yield f'{ev} {_T["date"]} "{event.date.isoformat()}"{_XSD_DATE}'
        if event.trigger:
            yield f"{ev} {_T['trigger']} {_lang_literal(event.trigger, lang)}"
        if event.cameo:
            yield f"{ev} {_T['cameoCode']} {_quoted(event.cameo)}"
        if event.plover:
            yield f"{ev} {_T['ploverCategory']} {_quoted(event.plover)}"
        yield from evidence.link(ev, event.evidence)

    for i, rel in enumerate(extraction.envoys):
        envoy = _entity(rel.envoy)
        node = f"<{art_iri}#envoy-{i}>"
        yield f"{node} {_TYPE} {_T['EnvoyAssignment']}"
        yield f"{node} {_T['envoy']} {envoy}"
        yield f"{node} {_T['inArticle']} {art}"
        if rel.principal:
            principal = _entity(rel.principal)
            yield f"{envoy} {_T['envoyOf']} {principal}"
            yield f"{node} {_T['principal']} {principal}"
        yield from evidence.link(node, rel.evidence)


def extraction_triples(extraction: Extraction) -> list[str]:
    """The triples of one article graph as N-Triples statements without the final ``" ."``.

    Deduplicated, order kept. Each is ``"<s> <p> <o>"`` with every term in N-Triples syntax,
    which is also SPARQL syntax (the store uses them in ``INSERT DATA`` too).
    """
    return list(dict.fromkeys(_triples(extraction)))


def nquads(triples: list[str], graph: str) -> str:
    """N-Quads text of ``triples`` (from :func:`extraction_triples`) in the graph ``graph``."""
    if not triples:
        return ""
    end = f" <{graph}> .\n"
    return end.join(triples) + end


def extraction_quads(extraction: Extraction) -> list[Quad]:
    """All quads of one article graph as pyoxigraph quads (deduplicated, order kept)."""
    text = nquads(extraction_triples(extraction), article_iri(extraction.article.id))
    return list(parse(text, RdfFormat.N_QUADS))
