"""Events and roles: meetings, talks, visits, summits, mediations, envoys.

Rules work sentence by sentence on the entity mentions found before:

* a trigger word (lexicon ``triggers``) makes an event of its kind;
* a place after a venue preposition ("في أنقرة", "in Cairo", "بمدينة بنغازي", "visited
  Riyadh") or the subject of "hosts" is a venue of the nearest trigger; a country is dropped
  when a city or building is named for the same event;
* participants are the acting people, organisations and states of the sentence (not the
  venue, not a source that "said"/"reported", not a place someone came "from"); "the two
  sides" / "الطرفين" stand for the article's negotiating parties;
* mediators come from nationality adjectives on mediation nouns (بوساطة قطرية، the Egyptian
  mediators), from the subject of a mediation phrase (X تشارك في جهود وساطة, X stands ready to
  facilitate, X-brokered), or from a host who invites two other parties; parties from
  "بين A و B" / "between A and B", else the article's parties;
* a meeting sentence without a venue continues the nearest meeting with one (the next
  sentences usually say who else took part).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.extract.dates import resolve_date
from kg.extract.docview import BARRIER, DocView
from kg.extract.entities import PROCLITIC_NORMS, ArticleEntities, EntityFinder, Found
from kg.extract.resources import Resources
from kg.model import EnvoyRelation, Event, Evidence

MEETING_FAMILY = ("Summit", "Negotiation", "Meeting", "Visit")
_PRONOUN_SUFFIXES = ("هما", "هم", "ها", "ه")
_VERB_SUFFIXES = ("ان", "ون", "وا", "ا")  # dual / plural: سيلتقيان، يجتمعون، التقوا
_BOUNDARY_AR = frozenset({"ان", "بان", "انه", "حيث", "فيما", "بينما", "الا", "لكن", "اذ"})
_BOUNDARY_EN = frozenset({"that", "while", "whereas", "but", "after", "since", "because", "which"})
_MODIFIER_AFTER = frozenset({"backed", "led", "run", "based", "linked", "aligned", "allied"})
_BROKER = frozenset({"brokered", "mediated", "sponsored", "backed"})


@dataclass
class Draft:
    kind: str
    unit: int  # order of the sentence in the article (title first)
    fld: str
    sent_start: int
    sent_end: int
    sentence: str
    trigger: str
    venues: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    status: str | None = None
    date: dt.date | None = None
    host: bool = False
    generic_mediators: bool = False  # "the mediators" without names
    confidence: float = 0.6


def _add(items: list[str], key: str | None) -> None:
    if key and key not in items:
        items.append(key)


class EventFinder:
    """Finds events and envoy relations in an article whose entities are known."""

    def __init__(self, res: Resources, finder: EntityFinder, version: str):
        self._person_keys: set[str] = set()
        self.res = res
        self.finder = finder
        self.ar = res.lang == "ar"
        self.version = version

    # -- helpers -------------------------------------------------------------------------------
    def _trigger(self, norms: list[str], p: int) -> tuple[int, str] | None:
        hit = self.res.triggers.match(norms, p)
        if hit or not self.ar:
            return hit
        norm = norms[p]
        stems = [norm]
        if norm.startswith("س") and len(norm) > 4 and norm[1] in "يتن":
            stems.append(norm[1:])  # future: سيلتقي -> يلتقي
        for stem in list(stems):
            for suf in (*_PRONOUN_SUFFIXES, *_VERB_SUFFIXES):
                if stem.endswith(suf) and len(stem) - len(suf) >= 3:
                    stems.append(stem[: -len(suf)])
        for stem in stems[1:]:
            kind = self.res.triggers.get1(stem)
            if kind:
                return 1, kind
        return None

    def _info(self, arts: ArticleEntities, key: str):
        return arts.info.get(key)

    def _state(self, arts: ArticleEntities, key: str) -> str:
        """A capital used as an actor stands for its state (Washington -> United States)."""
        info = arts.info.get(key)
        if info is None or info.gaz_id is None or info.subtype != "City":
            return key
        state = self.res.gaz.capitals.get(info.gaz_id)
        if state:
            return arts.ensure_gaz(state)
        return key

    def _actor(self, arts: ArticleEntities, f: Found) -> bool:
        """Can this mention take part in an event (person, organisation, state)?"""
        info = arts.info.get(f.key)
        if info is None:
            return False
        if info.type == "PER":
            return True
        if info.type == "ORG":
            return info.subtype not in ("Outlet", "Platform")
        return info.subtype == "Country"

    # -- article-level parties ---------------------------------------------------------------
    def between_list(
        self,
        arts: ArticleEntities,
        view: DocView,
        p: int,
        owner: list[int],
        founds: list[Found],
        parties: list[str] | None,
    ) -> list[str]:
        """Actors listed after "بين"/"between" at entry ``p``."""
        out: list[str] = []
        q = p + 1
        gap = 0
        while q < view.n and gap <= 2:
            norm = view.norms[q]
            if owner[q] >= 0:
                f = founds[owner[q]]
                if f.b < view.n and view.norms[f.b] in _MODIFIER_AFTER:
                    q = f.b + 1
                    gap += 1
                    continue
                if self._actor(arts, f) or (arts.info.get(f.key) and arts.info[f.key].subtype == "City"):
                    _add(out, self._state(arts, f.key))
                q = f.b
                gap = 0
                continue
            two = self.res.two_sides.match(view.norms, q)
            if two and parties:
                for k in parties:
                    _add(out, k)
                q += two[0]
                continue
            if norm in ("و", "and", ",", "،", "the") or (self.ar and norm.startswith("ال")):
                q += 1
                gap += 0 if norm in ("و", "and", ",", "،", "the") else 1
                continue
            if view.is_punct(q) or norm == BARRIER:
                break
            gap += 1
            q += 1
        return out

    def article_parties(self, arts: ArticleEntities, owners) -> list[str]:
        """The two (or more) sides the article's talks are between."""
        for fld in ("title", "text"):
            view = arts.views.get(fld)
            if view is None:
                continue
            owner, founds = owners[fld]
            for p in range(view.n):
                if view.norms[p] in ("بين", "between"):
                    got = self.between_list(arts, view, p, owner, founds, None)
                    if len(got) >= 2:
                        return got
        # delegations / sides named by nationality: الوفدان الروسي والأوكراني
        found: list[str] = []
        for fld in ("title", "text"):
            view = arts.views.get(fld)
            if view is None:
                continue
            owner, founds = owners[fld]
            for f in founds:
                if f.kind != "nisba" or f.in_title:
                    continue
                k = f.a - 1
                while k >= 0 and (
                    view.norms[k] == "و" or (owner[k] >= 0 and founds[owner[k]].kind == "nisba")
                ):
                    k -= 1
                if k >= 0 and view.norms[k] in self.res.delegation:
                    _add(found, f.key)
        if not self.ar:
            for fld in ("title", "text"):
                view = arts.views.get(fld)
                if view is None:
                    continue
                owner, founds = owners[fld]
                for f in founds:
                    if f.kind == "nisba" and f.b < view.n and view.norms[f.b] in self.res.delegation:
                        _add(found, f.key)
        return found if len(found) >= 2 else []

    # -- main ----------------------------------------------------------------------------------------
    def run(
        self, arts: ArticleEntities, base_date: dt.date | None
    ) -> tuple[list[Event], list[EnvoyRelation]]:
        owners: dict[str, tuple[list[int], list[Found]]] = {}
        for fld, view in arts.views.items():
            founds = arts.found.get(fld, [])
            owner = [-1] * view.n
            for i, f in enumerate(founds):
                for p in range(f.a, f.b):
                    owner[p] = i
            owners[fld] = (owner, founds)
        parties = self.article_parties(arts, owners)
        self._person_keys = {k for k, i in arts.info.items() if i.type == "PER"}
        drafts: list[Draft] = []
        unit = 0
        for fld in ("title", "text"):
            view = arts.views.get(fld)
            if view is None:
                continue
            owner, founds = owners[fld]
            starts = [0] * (len(view.sents) + 1)
            for p in range(view.n - 1, -1, -1):
                starts[view.sent[p]] = p
            bounds: list[tuple[int, int]] = []
            p = 0
            while p < view.n:
                k = view.sent[p]
                q = p
                while q < view.n and view.sent[q] == k:
                    q += 1
                bounds.append((p, q))
                p = q
            for a, b in bounds:
                drafts.extend(self._sentence(arts, view, owner, founds, a, b, unit, parties, base_date))
                unit += 1
        drafts = self._merge(drafts)
        self._finish_mediations(drafts, parties)
        events = [self._to_event(d) for d in drafts if self._keep(d)]
        envoys = self._envoys(arts)
        return events, envoys

    def _sentence(
        self, arts, view: DocView, owner, founds, a: int, b: int, unit: int, parties: list[str], base_date
    ) -> list[Draft]:
        res = self.res
        norms = view.norms
        triggers: list[tuple[int, int, str]] = []
        p = a
        while p < b:
            hit = self._trigger(norms, p)
            if hit:
                triggers.append((p, hit[0], hit[1]))
                p += hit[0]
            else:
                p += 1
        if not triggers:
            return []
        ments = [f for f in founds if a <= f.a < b]
        excluded: set[int] = set()  # ids of mentions that cannot be participants
        cut_after = b
        for p in range(a, b):
            if res.non_participant.match(norms, p):
                cut_after = p
                break
        for f in ments:
            if f.a >= cut_after:
                excluded.add(id(f))
            # a source: "X said", "قال X", "according to X", "from Doha"
            before = norms[f.a - 1] if f.a - 1 >= a else ""
            if f.b < b and res.reporting.match(norms, f.b) and not self.ar:
                excluded.add(id(f))
            if (
                self.ar
                and f.a - 1 >= a
                and (res.reporting.get1(before) or res.reporting.match(norms, max(a, f.a - 1)))
            ):
                excluded.add(id(f))
            if before in ("from", "according", "to") and not self.ar and before != "to":
                info = arts.info.get(f.key)
                if before == "according" or (info and info.subtype == "City"):
                    excluded.add(id(f))
        # venues
        venue_at: dict[int, Found] = {}
        host_keys: list[str] = []
        for f in ments:
            info = arts.info.get(f.key)
            if info is None or info.type != "LOC" or f.kind != "name":
                continue
            if info.subtype not in ("City", "Building", "Country", None, "Place", "Site"):
                continue
            if self._venue_context(view, f, a, owner, founds):
                venue_at[f.a] = f
            elif f.b < b and norms[f.b] in res.host_words:
                venue_at[f.a] = f
                host_keys.append(self._state(arts, f.key))
        # hosts: "استقبل X" (verb first), "X hosts" / "X offers to host" (subject first)
        hosts: list[str] = []
        for h in range(a, b):
            if norms[h] not in res.host_words:
                continue
            if self.ar:
                for f in ments:
                    if h < f.a <= h + 4 and (self._actor(arts, f) or (f.kind == "nisba" and f.acting)):
                        _add(hosts, f.key)
                        break
                continue
            near = [f for f in ments if f.b <= h and h - f.b <= 3 and self._actor(arts, f)]
            if near:
                f = near[-1]
                _add(hosts, self._state(arts, f.key))
                info = arts.info.get(f.key)
                if info and info.type == "LOC" and f.a not in venue_at:
                    venue_at[f.a] = f
                    host_keys.append(self._state(arts, f.key))
        for f in ments:
            if not self._actor(arts, f):
                continue
            for back in (2, 3, 1):
                if f.a - back >= a:
                    inv = res.invited_by.match(norms, f.a - back)
                    if inv and f.a - back + inv[0] <= f.a:
                        _add(hosts, f.key)
                        break
        # invitation by a titled person: بدعوة من الرئيس الأمريكي دونالد ترامب
        for p in range(a, b):
            inv = res.invited_by.match(norms, p)
            if inv:
                for f in ments:
                    if (
                        f.a >= p + inv[0]
                        and f.a - (p + inv[0]) <= 4
                        and arts.info.get(f.key)
                        and arts.info[f.key].type == "PER"
                    ):
                        _add(hosts, f.key)
                        break
        # assign venues to triggers
        venue_trigger: dict[int, int] = {}
        for va in venue_at:
            before = [t for t in triggers if t[0] < va]
            after = [t for t in triggers if t[0] > va]
            pick = before[-1] if before else after[0]
            venue_trigger[va] = pick[0]
        status = self._status(norms, a, b)
        sent_s, sent_e = view.sents[view.sent[a]] if a < view.n else (0, 0)
        sentence = view.doc.text[sent_s:sent_e]
        # pronoun subject: "He also paid a visit ..."
        date = resolve_date(norms, a, b, res, base_date, status in ("planned", "proposed"))
        drafts: list[Draft] = []
        two_sides = any(res.two_sides.match(norms, p) for p in range(a, b))
        between: list[str] = []
        for p in range(a, b):
            if norms[p] in ("بين", "between"):
                between = self.between_list(arts, view, p, owner, founds, parties)
                if between:
                    break
        # hyphenated pairs: Thailand-Cambodia talks
        if not between and not self.ar:
            for f in ments:
                tok = view.doc[view.toks[f.b - 1]]
                nxt = tok.nbor(1) if tok.i + 1 < len(view.doc) else None
                if nxt is not None and nxt.text == "-" and f.b < b and owner[f.b] >= 0:
                    g = founds[owner[f.b]]
                    if self._actor(arts, f) and self._actor(arts, g):
                        between = [f.key, g.key]
                        break
        # mediation
        med_triggers = [t for t in triggers if t[2] == "Mediation"]
        meet_triggers = [t for t in triggers if t[2] in MEETING_FAMILY]
        base = dict(
            unit=unit,
            fld=view.field,
            sent_start=sent_s,
            sent_end=sent_e,
            sentence=sentence,
            status=status,
            date=date,
        )
        mediators: list[str] = []
        generic = False
        for t in med_triggers:
            got = self._mediators(arts, view, owner, founds, t, a, b)
            if got:
                for k in got:
                    _add(mediators, k)
            else:
                generic = True
        if meet_triggers and hosts and (between or two_sides):
            for k in hosts:
                _add(mediators, k)
        if host_keys and (between or two_sides) and not self.ar:
            for k in host_keys:
                _add(mediators, k)
        if med_triggers or mediators:
            d = Draft(
                kind="Mediation",
                trigger=view.text(med_triggers[0][0]) if med_triggers else view.text(meet_triggers[0][0]),
                **base,
            )
            d.mediators = list(mediators)
            d.generic_mediators = generic and not mediators
            d.parties = [k for k in between if k not in mediators]
            if not d.parties and two_sides:
                d.parties = [k for k in parties if k not in mediators]
            if not d.parties:
                # the groups / states the sentence is about
                for f in ments:
                    info = arts.info.get(f.key)
                    if (
                        info
                        and f.acting
                        and id(f) not in excluded
                        and (info.type == "ORG" and info.subtype in ("Group", "Government"))
                        and f.key not in mediators
                    ):
                        _add(d.parties, f.key)
            if d.status is None:
                d.status = "ongoing"
            drafts.append(d)
        if meet_triggers:
            groups: dict[int, list[str]] = {}
            for va, tp in venue_trigger.items():
                if tp in {t[0] for t in meet_triggers}:
                    groups.setdefault(tp, []).append(venue_at[va].key)
                else:
                    # a venue next to a mediation trigger goes to the meeting family anyway
                    groups.setdefault(meet_triggers[0][0], []).append(venue_at[va].key)
            participants = self._participants(
                arts, view, ments, excluded, venue_at, parties, two_sides, between, mediators
            )
            kinds = {t[2] for t in meet_triggers}
            kind = next(k for k in MEETING_FAMILY if k in kinds)
            if not groups:
                d = Draft(kind=kind, trigger=view.text(meet_triggers[0][0]), **base)
                d.participants = participants
                d.host = bool(hosts)
                drafts.append(d)
            else:
                seen_sets: list[list[str]] = []
                for tp, venues in groups.items():
                    venues = self._specific(arts, venues)
                    if venues in seen_sets:
                        continue
                    seen_sets.append(venues)
                    tkind = (
                        next(t[2] for t in meet_triggers if t[0] == tp)
                        if tp in {t[0] for t in meet_triggers}
                        else kind
                    )
                    d = Draft(kind=tkind, trigger=view.text(tp), **base)
                    d.venues = venues
                    d.participants = list(participants)
                    d.host = bool(hosts) or bool(host_keys)
                    drafts.append(d)
        # pronoun-led sentences continue with the last named person
        if not self.ar and a < view.n and norms[a] in ("he", "she"):
            for d in drafts:
                d.participants.insert(0, "@PRONOUN")
        return drafts

    def _specific(self, arts: ArticleEntities, venues: list[str]) -> list[str]:
        """Drop countries when a city or building is named for the same event."""
        out: list[str] = []
        for v in venues:
            _add(out, v)
        specific = [v for v in out if arts.info.get(v) and arts.info[v].subtype != "Country"]
        if specific:
            out = specific
        return out

    def _venue_context(self, view: DocView, f: Found, a: int, owner, founds) -> bool:
        res = self.res
        norms = view.norms
        k = f.a - 1
        hops = 0
        while k >= a and hops < 4:
            norm = norms[k]
            if norm in res.venue_preps:
                if self.ar and norm == "ب" and not view.glued_to_next(k):
                    return False
                # "بدلا من" / "instead of" right before the preposition
                return not (k - 1 >= a and res.not_venue_before.match(norms, k - 1))
            if not self.ar and norm in ("visited", "visit", "visiting", "toured", "reached"):
                return True
            if norm in res.venue_descriptors or norm in ("the", '"', "«", "“", "capital", "city"):
                k -= 1
                hops += 1
                continue
            if owner[k] >= 0 and founds[owner[k]].kind == "nisba":
                k = founds[owner[k]].a - 1
                hops += 1
                continue
            if self.ar and norm.startswith("ال") and hops < 2 and norm not in res.stop:
                k -= 1
                hops += 1
                continue
            if self.ar and norm in PROCLITIC_NORMS and norm != "ب":
                k -= 1
                continue
            return False
        return False

    def _mediators(self, arts, view: DocView, owner, founds, trig, a: int, b: int) -> list[str]:
        norms = view.norms
        tp, tlen, _ = trig
        out: list[str] = []
        # nationality adjectives right after the mediation noun (Arabic) / before it (English)
        if self.ar:
            q = tp + tlen
            while q < b:
                if owner[q] >= 0 and founds[owner[q]].kind == "nisba":
                    _add(out, founds[owner[q]].key)
                    q = founds[owner[q]].b
                    continue
                if (
                    norms[q] == "و"
                    and q + 1 < b
                    and owner[q + 1] >= 0
                    and founds[owner[q + 1]].kind == "nisba"
                ):
                    q += 1
                    continue
                break
        else:
            q = tp - 1
            while q >= a:
                if owner[q] >= 0:
                    f = founds[owner[q]]
                    if f.kind == "nisba" or (norms[tp] in _BROKER and q == tp - 1):
                        _add(out, self._state(arts, f.key))
                        q = f.a - 1
                        continue
                    break
                if norms[q] in ("and", ",", "the"):
                    q -= 1
                    continue
                break
        if out:
            return out
        # the subject of a mediation phrase: entities earlier in the clause
        q = tp - 1
        while q >= a and tp - q <= 12:
            norm = norms[q]
            if (self.ar and norm in _BOUNDARY_AR) or (not self.ar and norm in _BOUNDARY_EN):
                break
            if norm in (".", ";", "؛", ":", BARRIER):
                break
            if owner[q] >= 0:
                f = founds[owner[q]]
                info = arts.info.get(f.key)
                if (
                    info
                    and (self._actor(arts, f) or info.subtype == "City")
                    and f.kind != "nisba"
                    and not (q >= 1 and norms[f.a - 1] in ("بين", "between"))
                ):
                    _add(out, self._state(arts, f.key))
                q = f.a - 1
                continue
            q -= 1
        out.reverse()
        # in English the subject must come first: "Malaysia stands ready to facilitate"
        return out

    def _participants(
        self, arts, view, ments, excluded, venue_at, parties, two_sides, between, mediators
    ) -> list[str]:
        out: list[str] = []
        venue_keys = {f.key for f in venue_at.values()}
        for f in ments:
            if id(f) in excluded or f.a in venue_at or not f.acting:
                continue
            if f.kind == "nisba" and f.in_title:
                continue
            if not self._actor(arts, f):
                continue
            if f.key in venue_keys:
                continue
            _add(out, f.key)
        for k in between:
            _add(out, k)
        if two_sides:
            for k in parties:
                _add(out, k)
        for k in mediators:
            _add(out, k)
        return [k for k in out if k not in venue_keys]

    def _status(self, norms: list[str], a: int, b: int) -> str | None:
        res = self.res
        found = None
        for p in range(a, b):
            if res.proposed.match(norms, p):
                return "proposed"
            if res.planned.match(norms, p):
                found = "planned"
            elif found is None and res.ongoing.match(norms, p):
                found = "ongoing"
            elif (
                self.ar
                and found is None
                and len(norms[p]) > 3
                and norms[p][0] == "س"
                and norms[p][1] in "يتن"
                and res.triggers.get1(norms[p][1:])
            ):
                found = "planned"
        return found

    # -- merging and finishing ------------------------------------------------------------------------
    def _merge(self, drafts: list[Draft]) -> list[Draft]:
        """Venue-less meeting sentences continue the nearest meeting that has a venue."""
        out: list[Draft] = []
        anchors = [d for d in drafts if d.kind in MEETING_FAMILY and d.venues]
        last_person: str | None = None
        for d in drafts:
            if "@PRONOUN" in d.participants:
                d.participants.remove("@PRONOUN")
                if last_person:
                    d.participants.insert(0, last_person)
            for k in d.participants:
                if k.startswith("PER:") or (k.startswith(("Q", "x:")) and k in self._person_keys):
                    last_person = k
            if d.kind in MEETING_FAMILY and not d.venues and anchors:
                prev = [x for x in anchors if x.unit <= d.unit and d.unit - x.unit <= 2]
                nxt = [x for x in anchors if x.unit > d.unit and x.unit - d.unit <= 1]
                target = prev[-1] if prev else (nxt[0] if nxt else None)
                if target is not None and target is not d:
                    for k in d.participants:
                        _add(target.participants, k)
                    continue
            out.append(d)
        return out

    def _finish_mediations(self, drafts: list[Draft], parties: list[str]) -> None:
        named: list[str] = []
        for d in drafts:
            for k in d.mediators:
                _add(named, k)
        for d in drafts:
            if d.kind != "Mediation":
                continue
            if not d.mediators and d.generic_mediators:
                d.mediators = list(named)
            if not d.parties:
                d.parties = [k for k in parties if k not in d.mediators]
            d.parties = [k for k in d.parties if k not in d.mediators]

    def _keep(self, d: Draft) -> bool:
        if d.kind == "Mediation":
            return bool(d.mediators)
        return bool(d.venues or len(d.participants) >= 1)

    def _to_event(self, d: Draft) -> Event:
        cam = self.res.cameo.get(d.kind, {})
        code = cam.get("cameo")
        plover = cam.get("plover")
        if d.status in ("planned", "proposed") and "intent" in cam:
            code = cam["intent"]["cameo"]
            plover = cam["intent"]["plover"]
        elif d.host and "host" in cam:
            code = cam["host"]["cameo"]
        conf = 0.7 if (d.venues or d.mediators) else 0.5
        ev = Evidence(
            sentence=d.sentence,
            start=d.sent_start,
            end=d.sent_end,
            field=d.fld,
            confidence=conf,
            extractor=self.version,
        )
        return Event(
            kind=d.kind,
            evidence=ev,
            mediators=d.mediators,
            parties=d.parties,
            participants=d.participants,
            venues=d.venues,
            status=d.status or "held",
            date=d.date,
            trigger=d.trigger,
            cameo=code,
            plover=plover,
        )

    # -- envoys ---------------------------------------------------------------------------------------
    def _envoys(self, arts: ArticleEntities) -> list[EnvoyRelation]:
        out: list[EnvoyRelation] = []
        seen: set[tuple[str, str | None]] = set()
        for fld in ("title", "text"):
            view = arts.views.get(fld)
            if view is None:
                continue
            for f in arts.found.get(fld, []):
                if not f.office or f.office not in self.res.envoy_offices:
                    continue
                principals = [f.affiliation]
                info = arts.info.get(f.affiliation) if f.affiliation else None
                if info is not None and info.subtype == "Building" and info.country:
                    principals.append(
                        arts.ensure_gaz(info.country)
                        if info.country in self.res.gaz.records
                        else info.country
                    )
                k = view.sent[f.a]
                s, e = view.sents[k]
                for principal in principals:
                    if (f.key, principal) in seen:
                        continue
                    seen.add((f.key, principal))
                    ev = Evidence(
                        sentence=view.doc.text[s:e],
                        start=s,
                        end=e,
                        field=fld,
                        confidence=0.8 if principal else 0.5,
                        extractor=self.version,
                    )
                    out.append(EnvoyRelation(envoy=f.key, principal=principal, evidence=ev))
        return out
