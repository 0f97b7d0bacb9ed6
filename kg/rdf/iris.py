"""Minting IRIs for articles, entities and events.

Entity IRIs must be stable across articles and runs: the same QID always gives the same
node, and so does the same unlinked name, so graphs from different articles join.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from kg.nlp.normalize import norm_key
from kg.rdf.namespace import BASE

_QID = re.compile(r"^Q[1-9]\d*$")
_TYPE_SEGMENT = {"PER": "person", "ORG": "organization", "LOC": "location"}


def _segment(text: str) -> str:
    """A path segment safe in IRIs and SPARQL: percent-encode everything but unreserved."""
    return quote(text, safe="-._~")


def article_iri(article_id: str) -> str:
    """IRI of an article (and of its named graph)."""
    return f"{BASE}article/{_segment(article_id)}"


def entity_key(entity_type: str, name: str, qid: str | None = None) -> str:
    """Stable key for an entity: its QID, else ``TYPE:normalised-name``."""
    if qid and _QID.match(qid):
        return qid
    slug = "-".join(norm_key(name).split())
    return f"{entity_type}:{slug}"


def entity_iri(key: str) -> str:
    """IRI of an entity from its key (QID, gazetteer id such as ``x:slug`` or ``TYPE:slug``)."""
    if _QID.match(key):
        return f"{BASE}entity/{key}"
    prefix, _, rest = key.partition(":")
    if not rest:
        return f"{BASE}entity/x/{_segment(key)}"
    segment = _TYPE_SEGMENT.get(prefix, prefix.lower())
    return f"{BASE}entity/{_segment(segment)}/{_segment(rest)}"


def event_iri(article_id: str, index: int) -> str:
    """IRI of the ``index``-th event read from an article."""
    return f"{BASE}event/{_segment(article_id)}/{index}"


def wikidata_iri(qid: str) -> str:
    return f"http://www.wikidata.org/entity/{qid}"
