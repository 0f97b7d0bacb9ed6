"""Entity linking: give every entity of an article its gazetteer record or Wikidata QID.

The extractor finds names; this step decides *which* real-world entity a name is, and
says so with a confidence, or decides NIL when nothing fits well enough (a wrong QID is
worse than none: it merges two people in every query that joins on Wikidata).

How a decision is made, for each :class:`~kg.model.Entity` of an article:

1. **Candidates** from an alias table built once per gazetteer: exact normalised label or
   alias (Arabic folding of :func:`kg.nlp.normalize.norm_key`), then looser keys
   (:mod:`kg.link.variants`: al-/el-/ال prefixes, doubled letters, accents, vowels), then a
   lone surname ("Araghchi") against the last word of people's names.
2. **Ranking**: string-match quality, type compatibility (PER never links to a place;
   ORG/LOC metonymy is allowed at a cost), the article's context (countries and
   organisations confidently linked elsewhere in the same article, the person's country and
   office read from a title), and a small popularity prior.
3. **NIL** when the best score is under :data:`THRESHOLD` or the runner-up is within
   :data:`MARGIN` (two people with the same surname and nothing to tell them apart).
4. **Online** (opt-in): names with no local candidate at all go to
   :class:`kg.link.online.OnlineLookup` (Wikidata API or its on-disk cache).
5. **Merge**: entities that resolve to the same record become one Entity (keys remapped in
   events and envoy relations), so one real entity is one node per article.

Context is gathered in two passes: names that link confidently on their own first, then
everything again with their countries and organisations as context.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.link.gazetteer import Gazetteer, GazetteerEntry
from kg.link.variants import last_token, skeleton_key, variant_key
from kg.model import Entity, Extraction, Mention
from kg.nlp.normalize import has_arabic, norm_key
from kg.rdf.iris import entity_key

if TYPE_CHECKING:  # pragma: no cover
    from kg.link.online import OnlineLookup

log = logging.getLogger(__name__)

#: Quality of the string match, by tier.
MATCH_QUALITY = {
    "key": 0.9,  # keyed by the extractor with a record id or QID, no name of the record matches
    "label": 1.0,
    "alias": 0.9,
    "variant": 0.8,
    "skeleton": 0.55,  # needs some support: context, or a well-known record
    "surname": 0.5,
}
#: Lowest score that links; below it the entity stays NIL.
THRESHOLD = 0.6
#: A winner must beat the best *other* record by this much, else the name is ambiguous.
MARGIN = 0.06
#: Score a link needs in the first pass to count as context for the others.
CONTEXT_SCORE = 0.75
#: Weight of the popularity prior: (popularity - 0.5) * PRIOR_WEIGHT, so a record of
#: popularity 0.9 beats a namesake of 0.5 by 0.12 when nothing else tells them apart.
PRIOR_WEIGHT = 0.3
#: Bonus for the record the extractor already chose (its key or QID): it saw the sentence.
EXTRACTOR_CHOICE = 0.05

# context weights (see _context)
_SAME_COUNTRY = 0.2
_OTHER_COUNTRY = -0.25
_COUNTRY_IN_ARTICLE = 0.15
_AFFILIATION_IN_ARTICLE = 0.1
_SAME_RECORD_IN_ARTICLE = 0.35
_OFFICE_MATCH = 0.15
_OFFICE_MISMATCH = -0.05
_METONYMY = -0.15
_SUBTYPE_MATCH = 0.05
_SUBTYPE_MISMATCH = -0.1

#: Mention kinds whose text is a name worth looking up.
_NAME_KINDS = frozenset({"name", "alias"})
_OFFICE_STOP = frozenset({"of", "the", "and", "for", "to", "un", "s", "minister", "affairs", "secretary"})
_WORD = re.compile(r"[a-z]+")
#: Words that are never a surname on their own.
_NOT_SURNAMES = frozenset({"ii", "iii", "iv", "jr", "sr", "bin", "ibn", "bint", "abu", "al", "el", "the", "بن", "ابو"})


@dataclass
class Candidate:
    """One gazetteer record considered for an entity, with the evidence for it."""

    entry: GazetteerEntry
    tier: str
    match: float
    score: float = 0.0
    context: float = 0.0
    by_key: bool = False  # the entity's key or QID already names this record
    reasons: list[str] = field(default_factory=list)


@dataclass
class LinkDecision:
    """The outcome for one entity: a record (and maybe a QID), or NIL with the candidates seen."""

    entry: GazetteerEntry | None = None
    qid: str | None = None
    confidence: float = 0.0
    method: str | None = None
    label: dict[str, str] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    country: str | None = None  # online links: the item's country (P17/P27) when known
    ambiguous: bool = False  # NIL because two records fit equally well
    unlink: bool = False  # the extractor's record choice is withdrawn (ambiguous name)

    @property
    def target(self) -> str | None:
        """Id shared by every entity that is the same real-world thing."""
        if self.qid:
            return self.qid
        return self.entry.id if self.entry else None

    @property
    def is_nil(self) -> bool:
        return self.target is None


class _AliasIndex:
    """Normalised surface forms -> gazetteer ids, one table per match tier (built once)."""

    def __init__(self, gazetteer: Gazetteer):
        self.exact: dict[str, dict[str, str]] = {}
        self.variant: dict[str, set[str]] = {}
        self.skeleton: dict[str, set[str]] = {}
        self.surname: dict[str, set[str]] = {}
        for surface, entry_id, _lang, kind in gazetteer.surface_forms():
            if kind == "demonym":
                continue
            key = norm_key(surface)
            if not key:
                continue
            tiers = self.exact.setdefault(key, {})
            if tiers.get(entry_id) != "label":
                tiers[entry_id] = "label" if kind == "label" else "alias"
            vkey = variant_key(surface)
            if vkey:
                self.variant.setdefault(vkey, set()).add(entry_id)
            skey = skeleton_key(surface)
            if skey:
                self.skeleton.setdefault(skey, set()).add(entry_id)
        for entry in gazetteer:
            if entry.type != "PER":
                continue
            for name in entry.names():
                if len(norm_key(name).split()) < 2:
                    continue
                tok = last_token(name)
                if len(tok) >= 3 and tok not in _NOT_SURNAMES:
                    self.surname.setdefault(tok, set()).add(entry.id)


class Linker:
    """Links the entities of an :class:`~kg.model.Extraction` against a gazetteer.

    Build one per gazetteer and reuse it: the alias tables are built in the constructor,
    and :meth:`link_extraction` only does dictionary look-ups (well under a millisecond
    for a typical article, online look-ups aside).
    """

    def __init__(self, gazetteer: Gazetteer, *, online: OnlineLookup | None = None):
        self.gazetteer = gazetteer
        self.online = online
        self._index = _AliasIndex(gazetteer)

    # -- construction -----------------------------------------------------------------

    @classmethod
    def default(cls, *, online: OnlineLookup | None = None) -> Linker:
        """The linker over the default gazetteer (``Gazetteer.load()``), cached per process.

        The cache follows the gazetteer cache, so editing or importing into a gazetteer file
        gives a fresh linker on the next call.  ``online`` defaults to what
        :func:`set_default_online` configured (off unless the user asked for it).
        """
        return cls.for_gazetteer(Gazetteer.load(), online=online)

    @classmethod
    def for_gazetteer(cls, gazetteer: Gazetteer | None, *, online: OnlineLookup | None = None) -> Linker:
        """The linker over ``gazetteer`` (the one the extractor matched with), built once.

        An extractor built with its own gazetteer (tests, user data) must link against that
        same gazetteer, or keys it took from one would be judged against another.  ``None``
        gives an empty gazetteer: nothing links, nothing is changed.
        """
        gaz = gazetteer if gazetteer is not None else _EMPTY
        online = online if online is not None else _DEFAULTS.get("online")
        cache: dict[int, Linker] = _DEFAULTS.setdefault("linkers", {})  # type: ignore[assignment]
        cached = cache.get(id(gaz))
        if cached is not None and cached.gazetteer is gaz and cached.online is online:
            return cached
        if len(cache) > 8:
            cache.clear()
        linker = cls(gaz, online=online)
        cache[id(gaz)] = linker
        return linker

    # -- one entity ---------------------------------------------------------------------

    def candidates(self, entity: Entity) -> list[Candidate]:
        """Records whose names match the entity's labels or mentions, best tier per record."""
        found: dict[str, Candidate] = {}

        def add(entry_id: str, tier: str) -> None:
            entry = self.gazetteer.get(entry_id)
            if entry is None:
                return
            quality = MATCH_QUALITY[tier]
            old = found.get(entry_id)
            if old is None or old.match < quality:
                found[entry_id] = Candidate(entry=entry, tier=tier, match=quality)

        surfaces = _surfaces(entity)
        idx = self._index
        for surface in surfaces:
            for entry_id, tier in idx.exact.get(norm_key(surface), {}).items():
                add(entry_id, tier)
        if not found:
            for surface in surfaces:
                for entry_id in idx.variant.get(variant_key(surface), ()):
                    add(entry_id, "variant")
        if not found:
            for surface in surfaces:
                for entry_id in idx.skeleton.get(skeleton_key(surface), ()):
                    add(entry_id, "skeleton")
        if not found and entity.type == "PER":
            for surface in surfaces:
                vkey = variant_key(surface)
                if vkey and " " not in vkey:
                    for entry_id in idx.surname.get(vkey, ()):
                        add(entry_id, "surname")
        # the extractor may already have keyed the entity by a record id or QID
        keyed = [entity.key]
        if entity.qid:
            by_qid = self.gazetteer.by_qid(entity.qid)
            keyed.append(by_qid.id if by_qid is not None else "")
        for entry_id in keyed:
            if entry_id in found:
                found[entry_id].by_key = True
            elif entry_id in self.gazetteer:
                add(entry_id, "key")
                found[entry_id].by_key = True
        return list(found.values())

    def decide(self, entity: Entity, context: _Context | None = None) -> LinkDecision:
        """Score the candidates of one entity in ``context`` and pick one, or NIL."""
        context = context or _Context()
        scored: list[Candidate] = []
        for cand in self.candidates(entity):
            fit = _type_fit(entity, cand.entry)
            if fit is None and not cand.by_key:
                continue
            cand.context = _context(entity, cand.entry, context, cand.reasons)
            prior = PRIOR_WEIGHT * ((cand.entry.popularity if cand.entry.popularity is not None else 0.5) - 0.5)
            cand.score = cand.match + (fit or 0.0) + cand.context + prior
            if cand.by_key:
                cand.score += EXTRACTOR_CHOICE
            scored.append(cand)
        scored.sort(key=lambda c: (-c.score, c.entry.id))
        decision = LinkDecision(candidates=scored)
        if not scored:
            return decision
        best = scored[0]
        runner = next((c for c in scored[1:] if not _same_thing(c.entry, best.entry)), None)
        margin = best.score - runner.score if runner is not None else 1.0
        if best.score < THRESHOLD or margin < MARGIN:
            decision.ambiguous = runner is not None and best.score >= THRESHOLD
            return decision
        decision.entry = best.entry
        decision.qid = best.entry.qid
        # a narrow win over a namesake is a less certain link
        decision.confidence = round(max(0.0, min(0.99, best.score) - max(0.0, 0.15 - margin)), 3)
        without_context = best.score - best.context
        runner_plain = runner.score - runner.context if runner else None
        needed_context = without_context < THRESHOLD or (
            runner_plain is not None and without_context - runner_plain < MARGIN
        )
        if needed_context and best.context > 0:
            decision.method = "context"
        elif best.tier in ("key", "label"):
            decision.method = "gazetteer"
        else:
            decision.method = "alias"
        decision.label = dict(best.entry.labels)
        return decision

    # -- one article -------------------------------------------------------------------

    def link_extraction(self, extraction: Extraction) -> Extraction:
        """Link every entity of ``extraction`` in place and return it.

        Entities resolving to the same record are merged into one; keys become the QID when
        there is one, else the gazetteer id, and unresolved entities keep their key.  Event
        roles, envoy relations and ``Entity.country`` references follow the new keys.
        """
        entities = list(extraction.entities.values())
        if not entities:
            return extraction
        # pass 1: what links on its own becomes context
        first = {e.key: self.decide(e) for e in entities}
        context = _Context()
        for entity in entities:
            decision = first[entity.key]
            own = _contributions(entity, decision if decision.confidence >= CONTEXT_SCORE else None)
            context.add(entity.key, own)
        # pass 2: everything again, with the others as context
        decisions: dict[str, LinkDecision] = {}
        for entity in entities:
            decisions[entity.key] = self.decide(entity, context.without(entity.key))
        for entity in entities:
            decision = decisions[entity.key]
            if decision.is_nil and decision.ambiguous and any(c.by_key for c in decision.candidates):
                decision.unlink = True  # e.g. "Tripoli" keyed to Libya's, with Lebanon in the article
        if self.online is not None:
            for entity in entities:
                decision = decisions[entity.key]
                if decision.is_nil and not decision.candidates and not entity.qid:
                    online = self._online_decision(entity)
                    if online is not None:
                        decisions[entity.key] = online
        _apply(extraction, decisions)
        return extraction

    def _online_decision(self, entity: Entity) -> LinkDecision | None:
        name, lang = _best_name(entity)
        if not name:
            return None
        match = self.online.lookup(name, lang=lang, entity_type=entity.type)  # type: ignore[union-attr]
        if match is None:
            return None
        entry = self.gazetteer.by_qid(match.qid)
        return LinkDecision(
            entry=entry, qid=match.qid, confidence=round(match.confidence, 3),
            method="cache" if match.from_cache else "online", label=dict(match.labels),
            country=match.country if match.country and match.country in self.gazetteer else None,
        )


# -- context ------------------------------------------------------------------------------


class _Context:
    """Ids present in the article (records linked with confidence, their countries and
    organisations, countries read from titles), counted per contributing entity so one
    entity can be left out of its own context."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.by_entity: dict[str, set[str]] = {}
        self.records: Counter[str] = Counter()
        self.records_by_entity: dict[str, set[str]] = {}
        self._excluded: str | None = None

    def add(self, entity_key: str, contributions: tuple[set[str], set[str]]) -> None:
        ids, records = contributions
        self.by_entity[entity_key] = ids
        self.records_by_entity[entity_key] = records
        self.counts.update(ids)
        self.records.update(records)

    def without(self, entity_key: str) -> _Context:
        view = _Context()
        view.counts = self.counts
        view.by_entity = self.by_entity
        view.records = self.records
        view.records_by_entity = self.records_by_entity
        view._excluded = entity_key
        return view

    def has(self, item: str | None) -> bool:
        if not item:
            return False
        own = 1 if self._excluded and item in self.by_entity.get(self._excluded, ()) else 0
        return self.counts.get(item, 0) - own > 0

    def has_record(self, entry_id: str) -> bool:
        own = 1 if self._excluded and entry_id in self.records_by_entity.get(self._excluded, ()) else 0
        return self.records.get(entry_id, 0) - own > 0


def _contributions(entity: Entity, decision: LinkDecision | None) -> tuple[set[str], set[str]]:
    ids: set[str] = set()
    records: set[str] = set()
    if entity.country:
        ids.add(entity.country)
    if decision is not None and decision.entry is not None:
        entry = decision.entry
        records.add(entry.id)
        ids.add(entry.id)
        if entry.qid:
            ids.add(entry.qid)
        for ref in (entry.country, entry.affiliation):
            if ref:
                ids.add(ref)
    return ids, records


def _context(entity: Entity, entry: GazetteerEntry, ctx: _Context, reasons: list[str]) -> float:
    """Bonus (or malus) from what else the article says; ``reasons`` explains it."""
    bonus = 0.0
    if entity.country and (entry.type in ("PER", "ORG") or entry.subtype == "City"):
        if entry.country == entity.country or entry.id == entity.country:
            bonus += _SAME_COUNTRY
            reasons.append("same country as the title says")
        elif entry.country:
            bonus += _OTHER_COUNTRY
            reasons.append("other country than the title says")
    if entry.country and ctx.has(entry.country):
        bonus += _COUNTRY_IN_ARTICLE
        reasons.append(f"country {entry.country} in the article")
    if entry.affiliation and ctx.has(entry.affiliation):
        bonus += _AFFILIATION_IN_ARTICLE
        reasons.append(f"organisation {entry.affiliation} in the article")
    # A short form refers back to a fuller name of the same kind of thing ("Araghchi" after
    # "Abbas Araghchi"); a country whose name is also its capital's (الجزائر) is not a
    # reference back to the city, so a different subtype earns no bonus.
    same_kind = entity.subtype is None or entry.subtype is None or entity.subtype == entry.subtype
    if ctx.has_record(entry.id) and same_kind:
        bonus += _SAME_RECORD_IN_ARTICLE
        reasons.append("named in full elsewhere in the article")
    if entity.office and entry.office:
        if _office_words(entity.office) & _office_words(entry.office):
            bonus += _OFFICE_MATCH
            reasons.append("office matches")
        else:
            bonus += _OFFICE_MISMATCH
    return bonus


def _office_words(office: str) -> set[str]:
    raw = set(_WORD.findall(office.casefold()))
    words = raw - _OFFICE_STOP
    if "secretary" in raw and "state" in raw:
        words.add("foreign")
    return words


def _type_fit(entity: Entity, entry: GazetteerEntry) -> float | None:
    """0 for the same type, a malus for ORG/LOC metonymy, ``None`` when incompatible."""
    if entity.type == entry.type:
        fit = 0.0
    elif {entity.type, entry.type} == {"ORG", "LOC"}:
        fit = _METONYMY
    else:
        return None
    if entity.subtype and entry.subtype:
        fit += _SUBTYPE_MATCH if entity.subtype == entry.subtype else _SUBTYPE_MISMATCH
    return fit


def _same_thing(a: GazetteerEntry, b: GazetteerEntry) -> bool:
    return a.id == b.id or bool(a.qid and a.qid == b.qid)


def _surfaces(entity: Entity) -> list[str]:
    """Names to look up: what the article wrote (name-like mentions), else the labels.

    Mentions come first because labels may already hold the gazetteer's preferred names
    from an earlier linking pass; matching on those would change the method on a re-run.
    """
    out: dict[str, None] = {}
    for mention in entity.mentions:
        if mention.kind in _NAME_KINDS and mention.text.strip():
            out.setdefault(mention.text.strip(), None)
    if not out:
        for labels in entity.labels.values():
            for label in labels:
                if label and label.strip():
                    out.setdefault(label.strip(), None)
    return list(out)


def _best_name(entity: Entity) -> tuple[str, str]:
    """The longest name of an entity and its language (for online search)."""
    names = _surfaces(entity)
    if not names:
        return "", "en"
    name = max(names, key=lambda s: (len(s.split()), len(s)))
    return name, "ar" if has_arabic(name) else "en"


# -- applying decisions -----------------------------------------------------------------


def _apply(extraction: Extraction, decisions: dict[str, LinkDecision]) -> None:
    """Write decisions onto the entities, merge duplicates and remap keys everywhere."""
    groups: dict[str, list[Entity]] = {}
    remap: dict[str, str] = {}
    order: list[str] = []
    for entity in extraction.entities.values():
        decision = decisions.get(entity.key)
        target = decision.target if decision else None
        if decision is not None and decision.unlink:
            target = entity_key(entity.type, _best_name(entity)[0] or entity.key)
            entity.qid = entity.link_confidence = entity.link_method = None
        new_key = target or entity.key
        remap[entity.key] = new_key
        if new_key not in groups:
            groups[new_key] = []
            order.append(new_key)
        groups[new_key].append(entity)
    merged: dict[str, Entity] = {}
    for new_key in order:
        members = groups[new_key]
        best = max(
            (decisions.get(e.key) for e in members if decisions.get(e.key) and not decisions[e.key].is_nil),
            key=lambda d: (d.confidence, d.method == "gazetteer"),
            default=None,
        )
        merged[new_key] = _merge(new_key, members, best)
    for entity in merged.values():
        if entity.country:
            entity.country = remap.get(entity.country, entity.country)
    for event in extraction.events:
        for attr in ("mediators", "parties", "participants", "venues"):
            setattr(event, attr, _remap_list(getattr(event, attr), remap))
    for relation in extraction.envoys:
        relation.envoy = remap.get(relation.envoy, relation.envoy)
        if relation.principal:
            relation.principal = remap.get(relation.principal, relation.principal)
    extraction.entities = merged


def _remap_list(keys: Iterable[str], remap: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(remap.get(k, k) for k in keys))


def _merge(key: str, members: list[Entity], decision: LinkDecision | None) -> Entity:
    """One Entity from all entities of one real thing; the linked record fills the gaps."""
    first = members[0]
    entry = decision.entry if decision else None
    if decision is None:
        if len(members) == 1:
            return first
        out = Entity(key=key, type=first.type, subtype=first.subtype, qid=first.qid,
                     link_confidence=first.link_confidence, link_method=first.link_method,
                     country=first.country, office=first.office)
    else:
        out = Entity(
            key=key,
            type=entry.type if entry else first.type,
            subtype=(entry.subtype if entry and entry.subtype else None) or first.subtype,
            qid=decision.qid,
            link_confidence=decision.confidence if decision.qid else None,
            link_method=decision.method,
            country=(entry.country if entry else decision.country)
            or next((m.country for m in members if m.country), None),
            office=next((m.office for m in members if m.office), None) or (entry.office if entry else None),
        )
    labels: dict[str, list[str]] = {}
    preferred = decision.label if decision else {}
    for lang, label in preferred.items():
        if label:
            labels.setdefault(lang, []).append(label)
    for member in members:
        for lang, items in member.labels.items():
            bucket = labels.setdefault(lang, [])
            keys = {norm_key(x) for x in bucket}
            for item in items:
                if norm_key(item) not in keys:
                    bucket.append(item)
                    keys.add(norm_key(item))
    out.labels = labels
    seen: set[tuple[str, int, int]] = set()
    mentions: list[Mention] = []
    for member in members:
        for mention in member.mentions:
            ident = (mention.field, mention.start, mention.end)
            if ident not in seen:
                seen.add(ident)
                mentions.append(mention)
    mentions.sort(key=lambda m: (m.field != "title", m.start, m.end))
    out.mentions = mentions
    return out


# -- process-wide defaults ------------------------------------------------------------------

_DEFAULTS: dict[str, object] = {}


_EMPTY = Gazetteer()


def set_default_online(lookup: OnlineLookup | None) -> None:
    """Make :meth:`Linker.default` and :meth:`Linker.for_gazetteer` use ``lookup`` (the CLI's
    ``--online``); ``None`` turns it off."""
    _DEFAULTS["online"] = lookup
    _DEFAULTS.pop("linkers", None)


def link_extraction(extraction: Extraction) -> Extraction:
    """Shorthand for ``Linker.default().link_extraction(extraction)``."""
    return Linker.default().link_extraction(extraction)
