"""Plain records passed between the stages of the tool.

Readers produce :class:`Article`; the NLP/extraction stage turns an article into an
:class:`Extraction`; the RDF stage turns an extraction into quads. Keeping these as small
dataclasses (no spaCy, no rdflib types) lets each stage be tested on its own and lets users
build records from their own sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: Coarse entity types, the ones the output contract asks for.
ENTITY_TYPES = ("PER", "ORG", "LOC")

#: Event kinds; each is a subclass of ``dip:DiplomaticEvent`` in the ontology.
EVENT_KINDS = ("Meeting", "Negotiation", "Mediation", "Summit", "Visit", "Statement")

#: Status of an event as the article reports it.
EVENT_STATUSES = ("held", "ongoing", "planned", "proposed")


@dataclass(frozen=True)
class Article:
    """One news article as read from disk, before any analysis.

    ``text`` is kept exactly as read (after newline normalisation by the reader) because
    every character offset in the graph points into it.
    """

    id: str
    text: str
    lang: str | None = None
    date: dt.date | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None  # where it was read from (path, path#line)


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with the reason shown to the user."""

    source: str
    reason: str


@dataclass
class Mention:
    """A stretch of the article that refers to an entity.

    ``field`` says which string the offsets index: ``"text"`` (the body) or ``"title"``.
    ``kind`` tells how the entity was referred to: ``"name"``, ``"nisba"`` (a nationality
    adjective such as الإيراني), ``"title"`` (found through a title such as "foreign minister"),
    ``"alias"`` (a short form of a name seen earlier) or ``"reference"`` ("the two sides").
    """

    start: int
    end: int
    text: str
    field: str = "text"
    kind: str = "name"


@dataclass
class Entity:
    """A real-world person, organisation or place mentioned in one article.

    ``key`` is stable across articles: the Wikidata QID when linked, else a slug built from
    the type and the normalised English (or Arabic) name, so the same unlinked name in two
    articles maps to the same graph node.
    """

    key: str
    type: str  # one of ENTITY_TYPES
    subtype: str | None = None  # Country, City, Region, Building, Outlet, IGO, ...
    labels: dict[str, list[str]] = field(default_factory=dict)  # lang -> labels, preferred first
    qid: str | None = None
    link_confidence: float | None = None
    link_method: str | None = None  # "gazetteer", "alias", "context", "online", ...
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # key of the country the entity belongs to, when known
    office: str | None = None  # e.g. "foreign minister", from the gazetteer or a title


@dataclass
class Evidence:
    """Where in the article a fact was read, and how sure the extractor is."""

    sentence: str
    start: int
    end: int
    field: str = "text"
    confidence: float = 0.5
    extractor: str = ""


@dataclass
class Event:
    """A diplomatic event: a meeting, talks, a mediation, ...; roles hold entity keys."""

    kind: str  # one of EVENT_KINDS
    evidence: Evidence
    mediators: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    status: str | None = None  # one of EVENT_STATUSES
    date: dt.date | None = None
    trigger: str | None = None  # the word that signalled the event
    cameo: str | None = None  # CAMEO event code, e.g. "045"
    plover: str | None = None  # PLOVER category, e.g. "CONSULT"


@dataclass
class EnvoyRelation:
    """``envoy`` (entity key) acts as envoy / special representative of ``principal``."""

    envoy: str
    principal: str | None
    evidence: Evidence


@dataclass
class Extraction:
    """Everything read from one article: the input of the RDF stage."""

    article: Article
    lang: str
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    envoys: list[EnvoyRelation] = field(default_factory=list)

    def role_holders(self, role: str) -> set[str]:
        """Entity keys playing ``role`` ("Mediator", "Envoy", "Venue") in this article."""
        if role == "Mediator":
            return {k for e in self.events for k in e.mediators}
        if role == "Venue":
            return {k for e in self.events for k in e.venues}
        if role == "Envoy":
            return {r.envoy for r in self.envoys}
        raise ValueError(f"unknown role {role!r}")
