"""Events and roles: meetings, talks, visits, summits, mediations, envoys.

Rules work sentence by sentence on the entity mentions found before:

* a trigger word (lexicon ``triggers``) makes an event of its kind;
* a place after a venue preposition ("في أنقرة", "in Cairo", "بمدينة صفاقس", "visited
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
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

from kg.extract.dates import resolve_date
from kg.extract.docview import BARRIER, DocView
from kg.extract.entities import PROCLITIC_NORMS, ArticleEntities, EntityFinder, Found
from kg.extract.resources import Resources
from kg.model import EnvoyRelation, Event, Evidence

MEETING_FAMILY = ("Summit", "Negotiation", "Meeting", "Visit")
_PRONOUN_SUFFIXES = ("هما", "هم", "ها", "ه")
_VERB_SUFFIXES = ("ان", "ون", "وا", "ا")
_PERSON_SIDES = frozenset({"الجانبان", "الجانبين", "الطرفان", "الطرفين", "the", "both"})
_EFFORT_HEADS = ("جهود", "دور", "مساعي", "وجهود", "ودور", "ومساعي")
_ATTEND_WORDS = frozenset({"attended", "attend", "attending", "حضر", "حضرت", "شارك", "شاركت"})
_NOUN_PROCLITICS = ("وب", "ول", "فب", "ب", "ل")  # dual / plural: سيلتقيان، يجتمعون، التقوا
_BOUNDARY_AR = frozenset({"ان", "بان", "انه", "حيث", "فيما", "بينما", "الا", "لكن", "اذ"})
_BOUNDARY_EN = frozenset({"that", "while", "whereas", "but", "after", "since", "because", "which"})
_MODIFIER_AFTER = frozenset({"backed", "led", "run", "based", "linked", "aligned", "allied"})
_PLACE_NOUNS = frozenset({"city", "town", "capital", "village", "region", "province", "port", "resort"})
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
    core: list[str] = field(default_factory=list)  # participants that carry over when merged
    definite: bool = False  # "the talks", "المفاوضات": refers to talks already mentioned
    host_venues: list[str] = field(default_factory=list)  # countries that are venues as hosts
    confidence: float = 0.6


def _add(items: list[str], key: str | None) -> None:
    if key and key not in items:
        items.append(key)


class EventFinder:
    """Finds events and envoy relations in an article whose entities are known."""

    def __init__(self, res: Resources, finder: EntityFinder, version: str):
        self._person_keys: set[str] = set()
        self.res = res
        # first two letters of one-word triggers, with and without the future prefix س
        starts = {k[0][:2] for k in res.triggers.table if len(k) == 1}
        self._stem_starts = starts | {"س" + x[0] for x in starts}
        self.finder = finder
        self.ar = res.lang == "ar"
        self.version = version

    # -- helpers -------------------------------------------------------------------------------
    def _trigger(self, norms: list[str], p: int) -> tuple[int, str] | None:
        hit = self.res.triggers.match(norms, p)
        if hit or not self.ar:
            return hit
        norm = norms[p]
        if len(norm) < 4:
            return None
        stems = [norm]
        # an attached preposition or conjunction: بوساطتها، لوساطته، وبجهوده
        for pre in _NOUN_PROCLITICS:
            if norm.startswith(pre) and len(norm) - len(pre) >= 4:
                stems.append(norm[len(pre) :])
        stems = [s for s in stems if s[:2] in self._stem_starts]
        if not stems:
            return None
        if norm.startswith("س") and len(norm) > 4 and norm[1] in "يتن":
            stems.append(norm[1:])  # future: سيلتقي -> يلتقي
        for stem in list(stems):
            for suf in (*_PRONOUN_SUFFIXES, *_VERB_SUFFIXES):
                if stem.endswith(suf) and len(stem) - len(suf) >= 3:
                    bare = stem[: -len(suf)]
                    stems.append(bare)
                    if suf in _PRONOUN_SUFFIXES and bare.endswith("ت"):
                        stems.append(bare[:-1] + "ه")  # taa marbuta before a suffix: وساطتها -> وساطه
        for stem in stems:
            if stem == norm:
                continue
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

    def _is_city(self, arts: ArticleEntities, key: str) -> bool:
        info = arts.info.get(key)
        return info is not None and info.subtype == "City"

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
        """Actors listed after "بين"/"between" at entry ``p``: items joined by و / and / ,."""
        norms = view.norms
        out: list[str] = []
        q = p + 1
        expect_item = True
        skips = 0
        while q < view.n:
            norm = norms[q]
            if not expect_item:
                if norm in ("و", "and", ",", "،"):
                    expect_item = True
                    skips = 0
                    q += 1
                    continue
                break
            if owner[q] >= 0:
                f = founds[owner[q]]
                if f.b < view.n and norms[f.b] in _MODIFIER_AFTER:
                    q = f.b + 1  # "Iran-backed": a modifier, the item follows
                    continue
                info = arts.info.get(f.key)
                if self._actor(arts, f) or (info and info.subtype == "City"):
                    _add(out, self._state(arts, f.key))
                q = f.b
                expect_item = False
                continue
            two = self.res.two_sides.match(norms, q)
            if two:
                q += two[0]
                named: list[str] = []
                while q < view.n:
                    if owner[q] >= 0 and founds[owner[q]].kind == "nisba":
                        _add(named, founds[owner[q]].key)
                        q = founds[owner[q]].b
                    elif norms[q] == "و" and q + 1 < view.n and owner[q + 1] >= 0:
                        q += 1
                    else:
                        break
                for k in named or parties or []:
                    _add(out, k)
                break
            lower = not self.ar and view.text(q)[:1].islower()
            if skips < 3 and (norm == "the" or (self.ar and norm.startswith("ال")) or lower):
                skips += 1
                q += 1
                continue
            break
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
                    got = [
                        self._party(arts, k) for k in self.between_list(arts, view, p, owner, founds, None)
                    ]
                    got = list(dict.fromkeys(got))
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
                for i, f in enumerate(founds):
                    if f.kind != "nisba":
                        continue
                    # "Russian and Ukrainian negotiators": every coordinated demonym
                    j, q = i, f.b
                    while (
                        q + 1 < view.n
                        and view.norms[q] in ("and", ",")
                        and j + 1 < len(founds)
                        and founds[j + 1].a == q + 1
                        and founds[j + 1].kind == "nisba"
                    ):
                        j += 1
                        q = founds[j].b
                    if q < view.n and view.norms[q] in self.res.delegation:
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
                if f.kind == "nested":
                    continue
                for p in range(f.a, f.b):
                    owner[p] = i
            owners[fld] = (owner, founds)
        parties = self.article_parties(arts, owners)
        self._arts = arts
        self._person_keys = {k for k, i in arts.info.items() if i.type == "PER"}
        self._starts: dict[int, list[int]] = {}
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
        self._arts = arts
        self._drop_host_countries(arts, drafts)
        drafts = self._merge(drafts)
        self._finish_mediations(drafts, parties)
        self._parties_at_talks(drafts)
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
        # "نفت قطر أن تكون تقوم بأي وساطة", "Moscow was not planning any talks": no event
        triggers = [t for t in triggers if not self._negated(norms, a, t[0])]
        if not triggers:
            return []
        starts = self._starts.get(id(founds))
        if starts is None:
            starts = self._starts[id(founds)] = [f.a for f in founds]
        lo, hi = bisect_left(starts, a), bisect_left(starts, b)
        ments = [f for f in founds[lo:hi] if f.kind != "nested"]
        self._present = present = set(norms[a:b])
        self._first_trigger = triggers[0][0]
        in_title = {
            id(f)
            for f in ments
            if f.kind != "alias"
            and not (arts.info.get(f.key) and arts.info[f.key].type == "PER")  # the titled person
            and arts.in_title(view.field, f.a, view.n)
        }
        self._speakers: set[str] = set()
        excluded = self._excluded(arts, view, ments, a, b) | in_title
        venue_at, host_keys = self._venues(arts, view, owner, founds, ments, triggers, a, b)
        hosts = self._hosts(arts, view, ments, venue_at, host_keys, a, b)
        status = self._status(norms, a, b)
        sent_s, sent_e = view.sents[view.sent[a]]
        date = resolve_date(norms, a, b, res, base_date, status in ("planned", "proposed"))
        base = dict(
            unit=unit,
            fld=view.field,
            sent_start=sent_s,
            sent_end=sent_e,
            sentence=view.string[sent_s:sent_e],
            status=status,
            date=date,
        )
        med_triggers = [t for t in triggers if t[2] == "Mediation"]
        mediators: list[str] = []
        generic = False
        for t in med_triggers:
            got = self._mediators(arts, view, owner, founds, t, a, b)
            for k in got:
                _add(mediators, k)
            generic = generic or not got
        sides: list[str] = []
        for p, _n, _v in res.two_sides.scan(norms, a, b, present)[:1]:
            # "X met Y in Z, and the two sides discussed ...": the sides are the two met
            met = [
                f
                for f in ments
                if f.b <= p and f.kind == "name" and self._actor(arts, f) and id(f) not in excluded
            ]
            if (
                norms[p] in _PERSON_SIDES
                and any(t[0] < p and t[2] in MEETING_FAMILY for t in triggers)
                and len({f.key for f in met if arts.info[f.key].type == "PER"}) == 2
                and all(arts.info[f.key].type == "PER" for f in met)
            ):
                break
            sides = self._resolve_sides(arts, view, owner, founds, p, [*hosts, *mediators], parties)
        between: list[str] = []
        between_at = -1
        for p in range(a, b):
            if norms[p] in ("بين", "between"):
                between = self.between_list(arts, view, p, owner, founds, sides or parties)
                if between:
                    between_at = p
                    break
        # "discussed Qatar's mediation between Israel and Hamas": the parties are the topic
        topic_between = (
            any(t[0] < between_at <= t[0] + t[1] + 2 for t in med_triggers)
            and not any(t[2] == "Negotiation" for t in triggers)
            # the mediation is what a meeting named before it talked about
            and any(t[2] in MEETING_FAMILY and t[0] < between_at for t in triggers)
        )
        if not between and not self.ar:
            between = self._hyphen_pair(arts, view, owner, founds, ments, b)
        drafts: list[Draft] = []
        meet_triggers = [t for t in triggers if t[2] in MEETING_FAMILY]
        if res.remote_cues.scan(norms, a, b, present):
            meet_triggers = []  # a phone or video call: no meeting, no venue
        for p, n_cue, _v in res.auspices.scan(norms, a, b, present):
            if True:
                q = p + n_cue - 1
                while q + 1 < b and norms[q + 1] in res.auspices_fillers:
                    q += 1  # "برعاية مشتركة من", "under the joint auspices of"
                for k in self.between_list(arts, view, q, owner, founds, None):
                    _add(mediators, k)
        if mediators or med_triggers:
            # "... together with Cuba", "إلى جانب قطر": a co-mediator
            for p, n_cue, _v in res.co_mediator_cues.scan(norms, a, b, present):
                for k in self.between_list(arts, view, p + n_cue - 1, owner, founds, None):
                    _add(mediators, k)
        # "..., the Saudi foreign ministry said": the speaker closing a list is not a mediator
        spoken_only = {k for k in self._speakers if all(id(f) in excluded for f in ments if f.key == k)}
        mediators = [k for k in mediators if k not in spoken_only]
        if meet_triggers and hosts and (between or sides):
            for k in hosts:
                _add(mediators, k)
        elif (
            any(t[2] == "Negotiation" for t in meet_triggers)
            and hosts
            and len(parties) >= 2
            and not set(hosts) & set(parties)
            and not any(f.key in parties for f in ments)
        ):
            # "Turkey, which hosted talks in Istanbul last year, ...": talks between the
            # article's two sides, run by the host
            for k in hosts:
                _add(mediators, k)
            sides = list(parties)
        if med_triggers or mediators:
            first = med_triggers[0][0] if med_triggers else meet_triggers[0][0]
            d = Draft(kind="Mediation", trigger=view.text(first), **base)
            d.mediators = list(mediators)
            d.generic_mediators = generic and not mediators
            d.parties = [self._party(arts, k) for k in (between or sides)]
            if not d.parties:
                for f in ments:
                    info = arts.info.get(f.key)
                    if (
                        info
                        and f.acting
                        and f.kind == "name"
                        and id(f) not in excluded
                        and f.a not in venue_at
                        and (
                            (info.type == "ORG" and info.subtype in ("Group", "Government"))
                            or info.subtype == "Country"
                        )
                    ):
                        _add(d.parties, f.key)
            d.parties = [k for k in dict.fromkeys(d.parties) if k not in mediators]
            if d.status is None:
                d.status = "ongoing"
            drafts.append(d)
        if meet_triggers:
            core, others = self._participants(arts, view, owner, founds, ments, excluded, venue_at)
            others = self._same_clause(
                arts, view, ments, others, [t[0] for t in meet_triggers], venue_at, a, b
            )
            if topic_between:
                # the mediation talked about, with its mediator and parties, is a topic
                mt = max(t[0] for t in med_triggers if t[0] < between_at)
                topic = set(between) | {f.key for f in ments if mt - 3 <= f.a <= between_at}
                core = [k for k in core if k not in topic]
                others = [k for k in others if k not in topic]
            elif between and any(
                j >= a and norms[j] in res.topic_nouns for j in (between_at - 1, between_at - 2)
            ):
                # "the committee monitoring the ceasefire between X and Y met": X and Y are
                # the ceasefire's sides, not the meeting's (unless named again)
                inside = [f for f in ments if between_at < f.a <= between_at + 12 and f.key in between]
                end = max(f.b for f in inside) if inside else between_at
                again = {f.key for f in ments if not between_at < f.a < end}
                core = [k for k in core if k not in between or k in again]
                others = [k for k in others if k not in between or k in again]
            else:
                for k in between:
                    _add(core, k)
            for k in sides:
                _add(core, k)
            for k in [] if topic_between else mediators:
                _add(others, k)
            everyone = list(core) + [k for k in others if k not in core]
            groups: dict[int, list[str]] = {}
            meet_pos = [t[0] for t in meet_triggers]
            for va, f in venue_at.items():
                before = [t for t in meet_pos if t < va]
                tp = before[-1] if before else meet_pos[0]
                groups.setdefault(tp, []).append(f.key)
            kinds = {t[2] for t in meet_triggers}
            kind = next(k for k in MEETING_FAMILY if k in kinds)
            loose = [
                t
                for t in meet_triggers
                if t[0] not in groups and t[0] < min(groups, default=b) and self._definite(view, t[0])
            ]
            if not groups or loose:
                t0 = loose[0] if loose else meet_triggers[0]
                d = Draft(kind=t0[2] if loose else kind, trigger=view.text(t0[0]), **base)
                d.definite = any(self._definite(view, t[0]) for t in meet_triggers)
                d.participants = everyone
                d.core = list(core)
                d.host = bool(hosts)
                drafts.append(d)
            seen_sets: list[list[str]] = []
            shares = self._split_groups(arts, view, ments, groups, venue_at, everyone, a, b)
            for tp, venues in groups.items():
                venues = self._specific(arts, venues)
                if venues in seen_sets:
                    continue
                seen_sets.append(venues)
                tkind = next(t[2] for t in meet_triggers if t[0] == tp)
                d = Draft(kind=tkind, trigger=view.text(tp), **base)
                d.venues = venues
                d.host_venues = [v for v in venues if v in host_keys]
                share = shares.get(tp)
                d.participants = [k for k in everyone if share is None or k in share]
                d.core = [k for k in core if share is None or k in share]
                d.host = bool(hosts) or bool(host_keys)
                drafts.append(d)
            # "..., where X hosted the meeting": a host running a meeting of two others brokers it
            if hosts and not mediators and not self.ar and self._hosted_meeting(norms, a, b):
                meet = next((d for d in drafts if d.kind in MEETING_FAMILY), None)
                others = [k for k in (meet.core if meet else []) if k not in hosts]
                if len(others) >= 2:
                    m = Draft(kind="Mediation", trigger=view.text(meet_triggers[0][0]), **base)
                    m.mediators = list(hosts)
                    m.parties = others
                    drafts.append(m)
                    for d in drafts:
                        if d.kind in MEETING_FAMILY:
                            for k in hosts:
                                _add(d.participants, k)
        if (
            not self.ar
            and a + 1 < view.n
            and norms[a] in ("he", "she")
            and not res.reporting.match(norms, a + 1)
        ):
            for d in drafts:
                d.participants.insert(0, "@PRONOUN")
                d.core.insert(0, "@PRONOUN")
        return drafts

    def _same_clause(self, arts, view: DocView, ments, keys, anchors, venue_at, a, b) -> list[str]:
        """Keep only actors in a clause that holds a meeting word or a venue ("..., while
        Thailand asked Malaysia ..." is another clause)."""
        bounds = _BOUNDARY_AR if self.ar else _BOUNDARY_EN
        clause = [0] * (b - a)
        c = 0
        for p in range(a, b):
            if view.norms[p] in bounds or view.norms[p] in (";", "؛"):
                c += 1
            clause[p - a] = c
        wanted = {clause[p - a] for p in anchors} | {clause[p - a] for p in venue_at}
        ok = {f.key for f in ments if clause[f.a - a] in wanted}
        return [k for k in keys if k in ok]

    def _definite(self, view: DocView, p: int) -> bool:
        """Does the trigger at ``p`` refer back ("the talks", "المفاوضات", "هذه الجولة")?"""
        norm = view.norms[p]
        if norm in _ATTEND_WORDS:
            return True  # "X and Y attended", "حضر اللقاء": attending what was just told
        if self.ar:
            return norm.startswith("ال") or (p > 0 and view.norms[p - 1] in ("هذه", "هذا", "تلك"))
        return p > 0 and view.norms[p - 1] in ("the", "this", "these", "that", "those")

    def _party(self, arts: ArticleEntities, key: str) -> str:
        """A person named as a party stands for the state they serve, when known."""
        info = arts.info.get(key)
        if info is not None and info.type == "PER":
            ent = arts.entities.get(key)
            if ent is not None and ent.country:
                return ent.country
        return key

    def _excluded(self, arts, view: DocView, ments: list[Found], a: int, b: int) -> set[int]:
        """Mentions that cannot be participants: sources, witnesses, places of origin."""
        res = self.res
        norms = view.norms
        out: set[int] = set()
        present = self._present
        cut_after = b
        for p, _n, _v in res.non_participant.scan(norms, a, b, present)[:1]:
            cut_after = p
        # a trailing attribution: "..., according to X", "بحسب بيان صادر عن مكتب X"
        sources = res.source_cues.scan(norms, a, b, present)
        for p, _n, _v in sources:
            if p > self._first_trigger:
                cut_after = min(cut_after, p)
                break
        source_at = {p for p, _n, _v in sources}
        report_at = [p for p, _n, _v in res.reporting.scan(norms, a, b, present) if p not in source_at]
        speakers: set[int] = set()
        if self.ar:
            # قال X / كشفت وزارة X / وقال المتحدث باسم ... X إن: the subject after the verb
            for r in report_at:
                for f in ments:
                    if f.a <= r or f.kind not in ("name", "alias"):
                        continue
                    if arts.in_title(view.field, f.a, view.n):
                        continue  # part of the speaker's title: المتحدث باسم الخارجية المصرية
                    info = arts.info.get(f.key)
                    if info is None or info.type not in ("PER", "ORG"):
                        continue
                    if f.a - r <= 3 or self._speaker_phrase(norms, r, f.a):
                        speakers.add(id(f))
                    break
        for f in ments:
            if f.a >= cut_after:
                out.add(id(f))
            before = norms[f.a - 1] if f.a - 1 >= a else ""
            if self.ar:
                if id(f) in speakers:
                    out.add(id(f))
                    self._speakers.add(f.key)
            else:
                if f.b < b and (res.reporting.match(norms, f.b) or any(0 <= r - f.b <= 1 for r in report_at)):
                    out.add(id(f))
                    self._speakers.add(f.key)
                if before in ("according", "from", "citing"):
                    info = arts.info.get(f.key)
                    if before != "from" or (info and info.subtype == "City"):
                        out.add(id(f))
                if f.a - 2 >= a and norms[f.a - 2] == "according":
                    out.add(id(f))
        return out

    def _speaker_phrase(self, norms: list[str], r: int, p: int) -> bool:
        """Is entry ``p`` inside "قال <speaker> إن/أن/:" that starts at reporting verb ``r``?"""
        if p - r > 12:
            return False
        return not any(norms[k] in ("ان", "انه", "انها", ":", "،", ".", "بان") for k in range(r + 1, p))

    def _venues(self, arts, view: DocView, owner, founds, ments, triggers, a: int, b: int):
        res = self.res
        norms = view.norms
        spans = arts.title_spans.get(view.field, [])
        venue_at: dict[int, Found] = {}
        host_keys: list[str] = []
        meet_pos = [t[0] for t in triggers if t[2] in MEETING_FAMILY]
        for f in ments:
            info = arts.info.get(f.key)
            if info is None or info.type != "LOC" or f.kind not in ("name", "reference"):
                continue
            if info.subtype not in ("City", "Building", "Country", None, "Place", "Site") and not (
                f.a > a and res.place_descriptors.match(norms, f.a - 1)
            ):
                continue  # regions are venues only when named as such: في ولاية ألاسكا
            if arts.in_title(view.field, f.a, view.n):
                continue  # "المبعوث الخاص إلى سوريا": the mandate, not a place of meeting
            if self._venue_context(view, f, a, owner, founds, venue_at):
                if meet_pos and min(self._gap(view, owner, spans, t, f.a) for t in meet_pos) > 20:
                    continue  # a place in a clause far from the meeting word: a topic
                venue_at[f.a] = f
            elif (f.b < b and norms[f.b] in res.host_verbs) or (
                self.ar and self._after_verb(view, owner, founds, f, a, res.host_verbs)
            ):
                # "روما تستضيف", "استضافت العاصمة القطرية الدوحة"
                venue_at[f.a] = f
                host_keys.append(self._state(arts, f.key))
            elif self.ar and self._visit_object(arts, view, owner, founds, f, a):
                venue_at[f.a] = f  # "يزور المبعوث ... توم براك بيروت"
        if any(arts.info[v.key].subtype not in ("Country", None) for v in venue_at.values()):
            # a named city or building is more specific than a hosting country
            hosts_at = {v.a for v in venue_at.values() if self._state(arts, v.key) in host_keys}
            for pos in [
                pos
                for pos, v in venue_at.items()
                if pos in hosts_at and arts.info[v.key].subtype == "Country"
            ]:
                del venue_at[pos]
        return venue_at, host_keys

    def _gap(self, view: DocView, owner, spans, x: int, y: int) -> int:
        """Words between two entries, not counting names and titles (they can be long)."""
        lo, hi = (x, y) if x < y else (y, x)
        return sum(
            1 for p in range(lo + 1, hi) if owner[p] < 0 and not self._arts.in_title(view.field, p, view.n)
        )

    def _after_verb(self, view: DocView, owner, founds, f: Found, a: int, verbs) -> bool:
        """Arabic verb-first clause: the place is the subject right after the verb."""
        k = f.a - 1
        hops = 0
        while k >= a and hops < 4:
            norm = view.norms[k]
            if norm in verbs:
                return True
            if norm in self.res.venue_descriptors or (owner[k] >= 0 and founds[owner[k]].kind == "nisba"):
                k -= 1
                hops += 1
                continue
            return False
        return False

    def _visit_object(self, arts, view: DocView, owner, founds, f: Found, a: int) -> bool:
        """A place named right after the visitor of a visit verb: يزور X بيروت."""
        k = f.a - 1
        if k < a or owner[k] < 0:
            return False
        g = founds[owner[k]]
        info = arts.info.get(g.key)
        if info is None or info.type != "PER":
            return False
        for q in range(max(a, g.a - 12), g.a):
            if self.res.triggers.get1(view.norms[q]) == "Visit" and not view.norms[q].startswith("ال"):
                return True
        return False

    def _hosts(self, arts, view: DocView, ments, venue_at, host_keys, a: int, b: int) -> list[str]:
        """ "استقبل X" (verb first), "X hosts" / "X offers to host", "بدعوة من X"."""
        res = self.res
        norms = view.norms
        hosts: list[str] = []
        for h in range(a, b):
            if norms[h] not in res.host_words:
                continue
            if self.ar:
                # the actors listed after "بين" are the guests, not the host
                cut = next((q for q in range(h + 1, min(b, h + 5)) if norms[q] == "بين"), h + 5)
                before = [
                    f
                    for f in ments
                    if f.b <= h
                    and h - f.b <= 1
                    and f.kind == "name"
                    and (self._actor(arts, f) or self._is_city(arts, f.key))
                ]
                if cut <= h + 4 and before:
                    # "الكويت تستضيف لقاء بين ...": the subject before the verb hosts
                    _add(hosts, self._state(arts, before[-1].key))
                    continue
                for i, f in enumerate(ments):
                    if h < f.a <= h + 4 and f.a < cut and f.kind == "name" and self._actor(arts, f):
                        _add(hosts, f.key)
                        # coordinated hosts: "استضافت مصر وقطر ..."
                        for g in ments[i + 1 :]:
                            if g.a != f.b + 1 or norms[f.b] != "و" or g.kind != "name":
                                break
                            if not self._actor(arts, g):
                                break
                            _add(hosts, g.key)
                            f = g
                        break
                continue
            near = [
                f
                for f in ments
                if f.b <= h and h - f.b <= 3 and (self._actor(arts, f) or self._is_city(arts, f.key))
            ]
            if near:
                f = near[-1]
                _add(hosts, self._state(arts, f.key))
                info = arts.info.get(f.key)
                specific = any(
                    arts.info.get(v.key) and arts.info[v.key].subtype != "Country" for v in venue_at.values()
                )
                if info and info.type == "LOC" and f.a not in venue_at and not specific:
                    venue_at[f.a] = f  # "Malaysia offers to host ...": the host country
                    host_keys.append(self._state(arts, f.key))
        for p, n_inv, _v in res.invited_by.scan(norms, a, b, self._present):
            for f in ments:
                if p + n_inv <= f.a <= p + n_inv + 4 and f.kind == "name" and self._actor(arts, f):
                    _add(hosts, f.key)
                    break
        return hosts

    def _resolve_sides(self, arts, view: DocView, owner, founds, p: int, hosts, parties) -> list[str]:
        """ "البلدين" / "the two sides": the article's parties, else the last two states
        named before (not the host or mediator)."""
        if len(parties) >= 2:
            return list(parties)
        skip = set(hosts)
        for k in hosts:
            ent = arts.entities.get(k)
            if ent is not None and ent.country:
                skip.add(ent.country)
        seen: list[str] = []
        for f in reversed([f for f in founds if f.a < p and f.kind in ("name", "nisba")]):
            info = arts.info.get(f.key)
            if info is None or info.subtype != "Country" or f.key in skip:
                continue
            if f.key not in seen:
                seen.append(f.key)
            if len(seen) == 2:
                break
        if len(seen) == 2:
            return list(reversed(seen))
        return []

    def _hyphen_pair(self, arts, view: DocView, owner, founds, ments, b: int) -> list[str]:
        """ "Thailand-Cambodia talks": two actors joined by a hyphen."""
        for f in ments:
            tok = view.doc[view.toks[f.b - 1]]
            if tok.i + 1 >= len(view.doc) or tok.nbor(1).text != "-" or f.b >= b or owner[f.b] < 0:
                continue
            g = founds[owner[f.b]]
            if self._actor(arts, f) and self._actor(arts, g):
                return [f.key, g.key]
        return []

    def _specific(self, arts: ArticleEntities, venues: list[str]) -> list[str]:
        """Drop countries when a city or building is named for the same event."""
        out: list[str] = []
        for v in venues:
            _add(out, v)
        specific = [v for v in out if arts.info.get(v) and arts.info[v].subtype != "Country"]
        if specific:
            out = specific
        return out

    def _venue_context(self, view: DocView, f: Found, a: int, owner, founds, venue_at) -> bool:
        """Is the place at ``f`` where something happens ("في أنقرة", "in Cairo", "visited
        Riyadh", "بمدينة صفاقس", "to Kenya's capital, Nairobi", "في باريس وليون")?"""
        res = self.res
        norms = view.norms
        k = f.a - 1
        hops = 0
        limit = 4 if self.ar else 7
        while k >= a and hops < limit:
            norm = norms[k]
            if norm in res.venue_preps:
                if self.ar and norm == "ب" and not view.glued_to_next(k):
                    return False
                # "the conflict in Yemen", "التوتر الأمني في طرابلس": a topic, not a venue
                if any(j >= a and norms[j] in res.topic_nouns for j in (k - 1, k - 2)):
                    return False
                # "officials in Brussels said", "اللاجئين السوريين في الأردن": where people are
                if any(
                    j >= a
                    and norms[j] in res.people_nouns
                    # "met officials in X" / "officials met in X": the place of a meeting
                    and not any(self._trigger(norms, i) for i in range(max(a, j - 2), k))
                    for j in (k - 1, k - 2)
                ):
                    return False
                # "بدلا من" / "instead of" right before the preposition
                return not (k - 1 >= a and res.not_venue_before.match(norms, k - 1))
            if not self.ar and norm in ("visited", "visit", "visiting", "toured", "reached"):
                return True
            if self.ar and norm in res.visit_verbs:
                return True  # "زار الرياض": the place visited
            if norm in ("و", "and", ",", "،") and k - 1 >= a and owner[k - 1] >= 0:
                prev = founds[owner[k - 1]]
                if prev.a in venue_at:
                    return True  # a second place in the same list
            if not self.ar and norm == "of" and k - 1 >= a and norms[k - 1] in _PLACE_NOUNS:
                k -= 1  # "in the Saudi city of Jeddah"
                continue
            if norm in res.venue_descriptors or norm in ("the", '"', "«", "“", "capital", "city"):
                k -= 1
                hops += 1
                continue
            if owner[k] >= 0:
                g = founds[owner[k]]
                if g.kind == "nisba" or (not self.ar and g.kind == "name"):
                    k = g.a - 1  # "العاصمة التركية أنقرة", "Sudan's army-held capital"
                    hops += 1
                    continue
            if not self.ar and (
                norm in ("run", "held", "controlled", "backed", "based")
                or (norm == "," and k - 1 >= a and norms[k - 1] in ("capital", "city"))
            ):
                k -= 1
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
        if self.ar and tlen == 1 and not self.res.triggers.get1(norms[tp]):
            suffixed = next((x for x in _PRONOUN_SUFFIXES if norms[tp].endswith(x)), None)
            if suffixed:
                return self._possessor(arts, view, owner, founds, tp, a, suffixed)
        if self.ar:
            # "جهودها لتقريب وجهات النظر", "دوره في الوساطة": the owner of the efforts
            for q in range(max(a, tp - 3), tp):
                for head in _EFFORT_HEADS:
                    tail = norms[q][len(head) :] if norms[q].startswith(head) else None
                    if tail in _PRONOUN_SUFFIXES:
                        return self._possessor(arts, view, owner, founds, q, a, tail)
        after = tp + tlen
        if not self.ar and after < b and norms[after] == "by":
            return self.between_list(arts, view, after, owner, founds, None)  # "mediated by X"
        if self.ar and norms[tp] in self.res.mediation_verbs:
            # verb first: وتتوسط سلطنة عمان بين ...
            q = after
            while q < b and q - after < 3:
                if owner[q] >= 0:
                    f = founds[owner[q]]
                    info = arts.info.get(f.key)
                    if info and (self._actor(arts, f) or info.subtype == "City") and f.kind == "name":
                        return [self._state(arts, f.key)]
                    break
                q += 1
        # the subject of a mediation phrase: the nearest actor earlier in the clause, with
        # the actors coordinated with it (تركيا ومصر وقطر تشارك في جهود وساطة)
        q = tp - 1
        found_one = False
        # "the two sides discussed support for the mediation effort": the subject is the sides
        sides_at = {
            r
            for p0, n0, _v in self.res.two_sides.scan(norms, max(a, tp - 12), tp)
            for r in range(p0, p0 + n0)
        }
        while q >= a and tp - q <= 12:
            norm = norms[q]
            if q in sides_at and not found_one:
                break
            if (self.ar and norm in _BOUNDARY_AR) or (not self.ar and norm in _BOUNDARY_EN):
                break
            if norm in (".", ";", "؛", ":", BARRIER):
                break
            own = self.res.own_country.match(norms, q)
            if own and not found_one:
                # "his country was ready to facilitate": the speaker's state
                person = next(
                    (
                        founds[owner[k]]
                        for k in range(q - 1, a - 1, -1)
                        if owner[k] >= 0
                        and arts.info.get(founds[owner[k]].key)
                        and arts.info[founds[owner[k]].key].type == "PER"
                    ),
                    None,
                )
                ent = arts.entities.get(person.key) if person else None
                if ent is not None and ent.country:
                    return [ent.country]
            if owner[q] >= 0:
                f = founds[owner[q]]
                info = arts.info.get(f.key)
                if (
                    info
                    and (self._actor(arts, f) or info.subtype == "City")
                    and f.kind != "nisba"
                    and not (f.a >= 1 and norms[f.a - 1] in ("بين", "between"))
                ):
                    _add(out, self._state(arts, f.key))
                    found_one = True
                q = f.a - 1
                continue
            if found_one and norm not in ("و", "and", ",", "،"):
                break
            q -= 1
        out.reverse()
        return out

    def _split_groups(self, arts, view: DocView, ments, groups, venue_at, everyone, a: int, b: int):
        """Two meetings with their own places in one sentence ("X met Y in Kyiv, days before
        A and B hold talks in Riyadh"): each takes the actors of its own stretch, cut at the
        last comma or clause word before the later meeting word. The subject named before
        the first meeting word carries over when the later stretch names no new subject
        ("ستلتقي X في بنغازي، قبل أن تعقد اجتماعا في القاهرة مع Y")."""
        if len(groups) < 2:
            return {}
        norms = view.norms
        order = sorted(groups)
        last_venue = {
            tp: max([va for va, f in venue_at.items() if f.key in groups[tp]] + [tp]) for tp in order
        }
        cuts = [a]
        for prev, nxt in pairwise(order):
            lo = last_venue[prev] + 1
            cut = next(
                (
                    q + 1
                    for q in range(nxt - 1, lo - 1, -1)
                    if norms[q] in ("،", ",", ";", "؛")
                    or norms[q] in _BOUNDARY_AR
                    or norms[q] in _BOUNDARY_EN
                    or norms[q] in ("before", "قبل", "بعد", "ثم", "then")
                ),
                None,
            )
            if cut is None:
                return {}
            cuts.append(cut)
        cuts.append(b)
        venue_pos = set(venue_at)
        pos: dict[str, list[int]] = {}
        for f in ments:
            if f.a in venue_pos:
                continue
            pos.setdefault(f.key, []).append(f.a)
            pos.setdefault(self._state(arts, f.key), []).append(f.a)
        subjects = {k for k in everyone if any(q < order[0] for q in pos.get(k, []))}
        shares: dict[int, set[str]] = {}
        for i, tp in enumerate(order):
            lo, hi = cuts[i], cuts[i + 1]
            mine = {k for k in everyone if any(lo <= q < hi for q in pos.get(k, []))}
            loose = {k for k in everyone if k not in pos}
            if not mine:
                return {}
            new_subject = any(lo <= q < tp for k in mine for q in pos[k])
            shares[tp] = mine | loose | (set() if i == 0 or new_subject else subjects)
        return shares

    def _hosted_meeting(self, norms: list[str], a: int, b: int) -> bool:
        """ "hosted the meeting", "hosts the talks": a host verb whose object is the event."""
        for q in range(a, b - 1):
            if norms[q] not in ("hosted", "hosts", "hosting"):
                continue
            r = q + 1
            while r < b and norms[r] in ("the", "a", "their", "these", "this"):
                r += 1
            hit = self._trigger(norms, r) if r < b else None
            if hit and hit[1] in MEETING_FAMILY:
                return True
        return False

    def _negated(self, norms: list[str], a: int, tp: int) -> bool:
        """Is the event word in the scope of a denial verb (up to 10 words back, across "that")
        or of a negative particle (3 words back, 10 after "any")? A particle negating an
        outcome ("لم تنجح الوساطة", "did not succeed") leaves the event standing."""
        res = self.res
        any_before = tp > a and norms[tp - 1] in res.negation_any
        q = tp - 1
        while q >= a and tp - q <= 10:
            norm = norms[q]
            if norm in (".", ";", "؛", BARRIER):
                return False
            if norm in res.denial_verbs:
                return True
            if norm in res.negation_particles and (tp - q <= 3 or any_before):
                nxt = norms[q + 1] if q + 1 < len(norms) else ""
                return nxt not in res.negation_exceptions
            q -= 1
        return False

    def _possessor(self, arts, view: DocView, owner, founds, tp: int, a: int, suffix: str) -> list[str]:
        """ "أعلنت تركيا أنها ستستضيف ... في إطار وساطتها": the owner of a mediation noun with a
        possessive suffix is the sentence's first acting state or organisation (ها) or person
        (ه), not an actor named between the parties or as a venue; after a verb of welcome
        ("رحب بوساطتها") the owner is someone else."""
        norms = view.norms
        if any(norms[q] in self.res.welcome_verbs for q in range(max(a, tp - 3), tp)):
            return []
        stop = next((q for q in range(a, tp) if norms[q] in ("بين", BARRIER)), tp)
        q = a
        while q < stop:
            if owner[q] < 0:
                q += 1
                continue
            f = founds[owner[q]]
            q = max(f.b, q + 1)
            info = arts.info.get(f.key)
            if info is None or f.kind != "name" or (f.a > a and norms[f.a - 1] in self.res.venue_preps):
                continue
            if suffix == "ه" and info.type == "PER":
                return [f.key]
            if suffix != "ه" and ((info.type == "ORG" and self._actor(arts, f)) or info.subtype == "Country"):
                return [self._state(arts, f.key)]
        # "قال وزير الخارجية الكويتي ... إن بلاده ستواصل وساطتها": the speaker's state
        if any(self.res.own_country.match(norms, q) for q in range(a, tp)):
            for q in range(a, tp):
                if owner[q] < 0:
                    continue
                f = founds[owner[q]]
                ent = arts.entities.get(f.key)
                info = arts.info.get(f.key)
                if f.kind == "nisba" and info is not None and info.subtype == "Country":
                    return [f.key]
                if info is not None and info.type == "PER" and ent is not None and ent.country:
                    return [ent.country]
        return []

    def _participants(self, arts, view: DocView, owner, founds, ments, excluded, venue_at):
        """``(core, others)``: core = people and delegations' states (they carry over to a
        meeting named in another sentence); others = the other actors of the sentence."""
        res = self.res
        norms = view.norms
        core: list[str] = []
        others: list[str] = []
        venue_keys = {f.key for f in venue_at.values()}
        for f in ments:
            if id(f) in excluded or f.a in venue_at or not f.acting or f.key in venue_keys or f.attributive:
                continue
            if not self._actor(arts, f):
                continue
            before = view.norms[max(0, f.a - 2) : f.a]
            if (
                f.a > 0
                and (
                    view.norms[f.a - 1] in self.res.venue_descriptors
                    or (not self.ar and (before[-1:] == ["at"] or before == ["at", "the"]))
                )
                and arts.info[f.key].type == "ORG"
            ):
                continue  # "بمقر القيادة العامة", "at the headquarters of X": a place here
            if (
                f.b < view.n
                and self.res.triggers.get1(view.norms[f.b]) in ("Summit", "Meeting")
                and (arts.info[f.key].type == "ORG")
            ):
                continue  # "the ASEAN Summit": the organisation names the event
            info = arts.info[f.key]
            if info.type == "PER" or self._delegation_linked(view, owner, founds, f):
                _add(core, f.key)
            else:
                _add(others, f.key)
        _ = (res, norms)
        return core, [k for k in others if k not in core]

    def _delegation_linked(self, view: DocView, owner, founds, f: Found) -> bool:
        """A state or group tied to a delegation: الوفد الروسي, a Hamas delegation,
        delegations from Qatar, Israeli negotiators."""
        heads = self.res.delegation
        norms = view.norms
        if self.ar:
            k = f.a - 1
            while k >= 0 and f.a - k <= 4:
                if norms[k] in heads:
                    return True
                if norms[k] == "و" or (owner[k] >= 0 and founds[owner[k]].kind in ("nisba", "name")):
                    k -= 1
                    continue
                break
            return False
        if f.b < view.n and norms[f.b] in heads:
            return True
        k = f.a - 1
        while k >= 0 and f.a - k <= 8:
            if norms[k] in heads:
                return True
            if norms[k] in ("from", "of", "and", ",", "the") or (owner[k] >= 0):
                k -= 1
                continue
            break
        return False

    def _status(self, norms: list[str], a: int, b: int) -> str | None:
        res = self.res
        present = self._present
        if res.proposed.scan(norms, a, b, present):
            return "proposed"
        if self.ar:
            for p in range(a, b):
                norm = norms[p]
                # the future prefix on a meeting verb: سيلتقي، ستعقد
                if len(norm) > 3 and norm[0] == "س" and norm[1] in "يتن" and self._trigger([norm[1:]], 0):
                    return "planned"
        if res.planned.scan(norms, a, b, present):
            return "planned"
        if res.ongoing.scan(norms, a, b, present):
            return "ongoing"
        return None

    # -- merging and finishing ------------------------------------------------------------------------
    def _merge(self, drafts: list[Draft]) -> list[Draft]:
        """A venue-less meeting sentence right after (or before) a meeting with a venue
        continues it: its people and delegations join that meeting."""
        out: list[Draft] = []
        last_person: str | None = None
        reach: dict[int, int] = {}  # id(anchor) -> last unit merged into it
        anchors = [d for d in drafts if d.kind in MEETING_FAMILY and d.venues]
        for d in anchors:
            reach[id(d)] = d.unit
        merged_into: dict[int, Draft] = {}
        for i, d in enumerate(anchors):
            for e in anchors[:i]:
                if id(e) in merged_into or e.unit == d.unit:
                    continue
                if set(d.venues) <= set(e.venues) and (d.status or "held") == (e.status or "held"):
                    # the same meeting told again (وصل الوفد إلى القصر ...): one event
                    for k in d.participants:
                        _add(e.participants, k)
                    merged_into[id(d)] = e
                    reach[id(e)] = max(reach[id(e)], d.unit)
                    break
        drafts = [d for d in drafts if id(d) not in merged_into]
        anchors = [d for d in anchors if id(d) not in merged_into]
        for d in drafts:
            if "@PRONOUN" in d.participants:
                d.participants.remove("@PRONOUN")
                d.core = [k for k in d.core if k != "@PRONOUN"]
                if last_person:
                    d.participants.insert(0, last_person)
                    d.core.insert(0, last_person)
            for k in d.participants:
                if k in self._person_keys:
                    last_person = k
            if d.kind in MEETING_FAMILY and not d.venues and anchors:
                prev = [x for x in anchors if x.unit < d.unit and d.unit - reach[id(x)] <= 1]
                nxt = [x for x in anchors if x.unit > d.unit and x.unit - d.unit <= 1]
                target = prev[-1] if prev else (nxt[0] if nxt else None)
                if target is not None and not (d.definite or set(d.core) & self._with_countries(target)):
                    target = None  # "after consultations with X": another meeting
                if target is not None and target is not d:
                    for k in d.core:
                        _add(target.participants, k)
                    reach[id(target)] = max(reach[id(target)], d.unit)
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

    def _with_countries(self, d: Draft) -> set[str]:
        """A meeting's participants plus the states its people belong to."""
        out = set(d.participants)
        for k in d.participants:
            ent = self._arts.entities.get(k)
            if ent is not None and ent.country:
                out.add(ent.country)
        return out

    def _drop_host_countries(self, arts: ArticleEntities, drafts: list[Draft]) -> None:
        """ "Norway to host talks" + "talks in Oslo": the host country is not a venue when
        the article names a city or building of that country for its meetings."""
        inside: set[str] = set()
        for d in drafts:
            for v in d.venues:
                ent = arts.entities.get(v)
                if ent is not None and ent.subtype != "Country" and ent.country:
                    inside.add(ent.country)
        for d in drafts:
            drop = [v for v in d.host_venues if v in inside]
            if drop:
                d.venues = [v for v in d.venues if v not in drop]
                for v in drop:
                    _add(d.participants, v)  # the host still takes part

    def _parties_at_talks(self, drafts: list[Draft]) -> None:
        """Talks (negotiations) held somewhere are between the mediated parties: they take
        part even when the sentence naming the place does not repeat them."""
        med_parties: list[str] = []
        for d in drafts:
            if d.kind == "Mediation":
                for k in d.parties:
                    _add(med_parties, k)
        if len(med_parties) < 2:
            return
        mediation_units = {d.unit for d in drafts if d.kind == "Mediation"}
        for d in drafts:
            if d.unit in mediation_units:
                continue  # "أجرى محادثات وساطة في موسكو": the mediator's own rounds
            if d.kind == "Negotiation" and d.venues and d.participants:
                for k in med_parties:
                    if k not in d.venues:
                        _add(d.participants, k)

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
        d.participants = [k for k in d.participants if k not in d.venues]
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
                        sentence=view.string[s:e],
                        start=s,
                        end=e,
                        field=fld,
                        confidence=0.8 if principal else 0.5,
                        extractor=self.version,
                    )
                    out.append(EnvoyRelation(envoy=f.key, principal=principal, evidence=ev))
        return out
